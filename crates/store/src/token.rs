//! Personal API tokens: created and revoked with an audit entry; only their hash is kept.

use serde::Serialize;
use sqlx::Row;

use crate::account::{Session, User};
use crate::audit::{Actor, Entry, record};
use crate::native::{Day, Instant};
use crate::{AnyRow, Db, Result, with_pool, with_row};

/// A token as listed (never the token itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiToken {
    /// Id.
    pub id: i64,
    /// Whose it is.
    pub username: String,
    /// What it is for ("Power BI").
    pub name: String,
    /// When it was made (UTC).
    pub created_at: String,
    /// The last day it works.
    pub expires_on: String,
    /// When it was last used (UTC).
    pub last_used_at: Option<String>,
    /// When it was revoked (UTC).
    pub revoked_at: Option<String>,
}

fn token<'r>(row: impl Into<AnyRow<'r>>) -> Result<ApiToken> {
    with_row!(row.into(), |r| Ok(ApiToken {
        id: r.try_get("id")?,
        username: r.try_get("username")?,
        name: r.try_get("name")?,
        created_at: r.try_get::<Instant, _>("created_at")?.to_string(),
        expires_on: r.try_get::<Day, _>("expires_on")?.to_string(),
        last_used_at: r
            .try_get::<Option<Instant>, _>("last_used_at")?
            .map(|t| t.to_string()),
        revoked_at: r
            .try_get::<Option<Instant>, _>("revoked_at")?
            .map(|t| t.to_string()),
    }))
}

impl Db {
    /// Stores a new token for `user` (audited); returns its id.
    ///
    /// # Errors
    /// [`crate::Error::Query`].
    pub async fn create_token(
        &self,
        actor: &Actor,
        user: &User,
        name: &str,
        token_hash: &str,
        expires_on: jiff::civil::Date,
    ) -> Result<i64> {
        with_pool!(self, |p| {
            let mut tx = p.begin().await?;
            // A token is made only for the authority's own account.
            let id: Option<i64> = sqlx::query_scalar(
                "INSERT INTO api_tokens (user_id, name, token_hash, created_at, expires_on) \
                 SELECT $1, $2, $3, $4, $5 FROM users WHERE id = $1 \
                 AND ($6 IS NULL OR authority_code = $6) RETURNING id",
            )
            .bind(user.id)
            .bind(name)
            .bind(token_hash)
            .bind(Instant::now())
            .bind(Day(expires_on))
            .bind(self.authority())
            .fetch_optional(&mut *tx)
            .await?;
            let id =
                id.ok_or_else(|| crate::Error::NotFound(format!("account {}", user.username)))?;
            let after = format!("{name:?} for {} until {expires_on}", user.username);
            record(
                &mut *tx,
                self.owner(),
                actor,
                Entry::new("token.create", "api_token", Some(id), after.clone())
                    .change(None, after),
            )
            .await?;
            tx.commit().await?;
            Ok(id)
        })
    }

    /// Every token, newest first.
    ///
    /// # Errors
    /// [`crate::Error::Query`].
    pub async fn tokens(&self) -> Result<Vec<ApiToken>> {
        with_pool!(self, |p| {
            let rows = sqlx::query(
                "SELECT t.id, u.username, t.name, t.created_at, t.expires_on, t.last_used_at, \
                 t.revoked_at FROM api_tokens t JOIN users u ON u.id = t.user_id \
                 WHERE ($1 IS NULL OR u.authority_code = $1) ORDER BY t.id DESC",
            )
            .bind(self.authority())
            .fetch_all(p)
            .await?;
            rows.iter().map(token).collect()
        })
    }

    /// Revokes a token (audited); false when there is no such live token.
    ///
    /// # Errors
    /// [`crate::Error::Query`].
    pub async fn revoke_token(&self, actor: &Actor, id: i64) -> Result<bool> {
        with_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let done = sqlx::query(
                "UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL \
                 AND user_id IN (SELECT id FROM users WHERE $3 IS NULL OR authority_code = $3)",
            )
            .bind(id)
            .bind(Instant::now())
            .bind(self.authority())
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
            if done {
                record(
                    &mut *tx,
                    self.owner(),
                    actor,
                    Entry::new("token.revoke", "api_token", Some(id), format!("token {id}"))
                        .change(Some("live".to_string()), "revoked"),
                )
                .await?;
            }
            tx.commit().await?;
            Ok(done)
        })
    }

    /// The user a live token acts as on `today`, noting when it was used. A revoked or expired
    /// token, or one of a disabled account, is none. The form token is empty: a bearer token
    /// cannot submit forms.
    ///
    /// # Errors
    /// [`crate::Error::Query`].
    pub async fn token_session(
        &self,
        token_hash: &str,
        today: jiff::civil::Date,
    ) -> Result<Option<Session>> {
        with_pool!(self, |p| {
            let row = sqlx::query(
                "SELECT t.id AS token_id, u.id, u.username, u.role, u.disabled, u.authority_code \
                 FROM api_tokens t \
                 JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1 \
                 AND t.revoked_at IS NULL AND t.expires_on >= $2 AND u.disabled = FALSE",
            )
            .bind(token_hash)
            .bind(Day(today))
            .fetch_optional(p)
            .await?;
            let Some(row) = row else {
                return Ok(None);
            };
            // Bookkeeping, not a change of any record: not audited (decision 0018), and written
            // at most once a minute, not on every call of a dashboard's refresh.
            let now = jiff::Timestamp::now();
            let minute_ago = now
                .checked_sub(jiff::SignedDuration::from_secs(60))
                .unwrap_or(now);
            sqlx::query(
                "UPDATE api_tokens SET last_used_at = $2 WHERE id = $1 \
                 AND (last_used_at IS NULL OR last_used_at < $3)",
            )
            .bind(row.try_get::<i64, _>("token_id")?)
            .bind(Instant(now))
            .bind(Instant(minute_ago))
            .execute(p)
            .await?;
            Ok(Some(Session {
                user: crate::account::user(&row)?,
                csrf: String::new(),
            }))
        })
    }
}
