//! Local accounts and sessions. Passwords arrive here already hashed (argon2, in `app`); a
//! session is stored by the hash of its token, so a copy of the database cannot be used to
//! log in.

use serde::Serialize;
use sightline_core::access::Role;
use sqlx::Row;

use crate::audit::{Actor, Entry, record};
use crate::native::Instant;
use crate::{AnyRow, Db, Result, parse, with_pool, with_row};

/// An account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    /// Id.
    pub id: i64,
    /// Login name.
    pub username: String,
    /// Role.
    pub role: Role,
    /// Disabled accounts cannot log in.
    pub disabled: bool,
    /// The authority the account belongs to or, for a session, the one it acts for, where it
    /// holds `role` (0: an installation that has not named its authority).
    pub authority: i64,
}

/// A live session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// Whose.
    pub user: User,
    /// The form token for this session.
    pub csrf: String,
}

pub(crate) fn user<'r>(row: impl Into<AnyRow<'r>>) -> Result<User> {
    with_row!(row.into(), |r| Ok(User {
        id: r.try_get("id")?,
        username: r.try_get("username")?,
        role: parse("role", &r.try_get::<String, _>("role")?)?,
        disabled: r.try_get("disabled")?,
        authority: r.try_get("authority_code")?,
    }))
}

impl Db {
    /// Creates an account, or replaces the password and role of an existing one (audited).
    ///
    /// # Errors
    /// [`crate::Error::Query`].
    pub async fn save_user(
        &self,
        actor: &Actor,
        username: &str,
        password_hash: &str,
        role: Role,
    ) -> Result<i64> {
        with_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let before: Option<String> = sqlx::query_scalar(
                "SELECT role FROM users WHERE username = $1 AND authority_code = $2",
            )
            .bind(username)
            .bind(self.owner())
            .fetch_optional(&mut *tx)
            .await?;
            // An account belongs to one authority: another authority's of the same name is
            // left as it is.
            let id: Option<i64> = sqlx::query_scalar(
                "INSERT INTO users (username, password_hash, role, created_at, authority_code) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (username) DO UPDATE SET \
                 password_hash = excluded.password_hash, role = excluded.role \
                 WHERE users.authority_code = excluded.authority_code RETURNING id",
            )
            .bind(username)
            .bind(password_hash)
            .bind(role.as_str())
            .bind(Instant::now())
            .bind(self.owner())
            .fetch_optional(&mut *tx)
            .await?;
            let id = id.ok_or_else(|| {
                crate::Error::Refused(format!(
                    "the name {username:?} is another authority's account; choose another"
                ))
            })?;
            // A new password ends the account's sessions.
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            let detail = match &before {
                Some(_) => format!("{username}: role and password set; sessions ended"),
                None => format!("{username}: created"),
            };
            record(
                &mut *tx,
                self.owner(),
                actor,
                Entry::new("user.save", "user", Some(id), detail).change(
                    before.map(|b| format!("role {b}")),
                    format!("role {role}, new password"),
                ),
            )
            .await?;
            tx.commit().await?;
            Ok(id)
        })
    }

    /// Disables or enables an account (audited, before and after); disabling ends its
    /// sessions. Returns false when there is no such account.
    ///
    /// # Errors
    /// [`crate::Error::Query`].
    pub async fn set_user_disabled(
        &self,
        actor: &Actor,
        username: &str,
        disabled: bool,
    ) -> Result<bool> {
        with_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let before: Option<(i64, bool)> = sqlx::query_as(
                "SELECT id, disabled FROM users WHERE username = $1 \
                     AND ($2 IS NULL OR authority_code = $2)",
            )
            .bind(username)
            .bind(self.authority())
            .fetch_optional(&mut *tx)
            .await?;
            let Some((id, was)) = before else {
                return Ok(false);
            };
            sqlx::query("UPDATE users SET disabled = $1 WHERE id = $2")
                .bind(disabled)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            if disabled {
                sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
            let word = |d: bool| if d { "disabled" } else { "enabled" };
            record(
                &mut *tx,
                self.owner(),
                actor,
                Entry::new("user.disable", "user", Some(id), username.to_owned())
                    .change(Some(word(was).to_owned()), word(disabled)),
            )
            .await?;
            tx.commit().await?;
            Ok(true)
        })
    }

    /// An account and its password hash, by login name.
    ///
    /// # Errors
    /// [`crate::Error::Query`].
    pub async fn user_by_name(&self, username: &str) -> Result<Option<(User, String)>> {
        self.find_user(username, self.authority()).await
    }

    /// An account of any authority and its password hash, by login name (names are unique
    /// across a shared database): for signing in, where the authority is not yet known.
    ///
    /// # Errors
    /// [`crate::Error::Query`].
    pub async fn account_by_name(&self, username: &str) -> Result<Option<(User, String)>> {
        self.find_user(username, None).await
    }

    /// An account by login name, of `authority` when one is given.
    async fn find_user(
        &self,
        username: &str,
        authority: Option<i64>,
    ) -> Result<Option<(User, String)>> {
        with_pool!(self, |p| {
            let row = sqlx::query(
                "SELECT id, username, role, disabled, authority_code, password_hash FROM users \
                 WHERE lower(trim(username)) = $1 AND ($2 IS NULL OR authority_code = $2) \
                 ORDER BY id LIMIT 1",
            )
            .bind(username)
            .bind(authority)
            .fetch_optional(p)
            .await?;
            row.map(|r| Ok((user(&r)?, r.try_get("password_hash")?)))
                .transpose()
        })
    }

    /// Every account.
    ///
    /// # Errors
    /// [`crate::Error::Query`].
    pub async fn users(&self) -> Result<Vec<User>> {
        with_pool!(self, |p| {
            let rows = sqlx::query(
                "SELECT id, username, role, disabled, authority_code FROM users \
                 WHERE ($1 IS NULL OR authority_code = $1) ORDER BY username",
            )
            .bind(self.authority())
            .fetch_all(p)
            .await?;
            rows.iter().map(user).collect()
        })
    }

    /// Starts a session (audited as a login).
    ///
    /// # Errors
    /// [`crate::Error::Query`].
    pub async fn start_session(
        &self,
        user: &User,
        token_hash: &str,
        csrf: &str,
        expires_at: jiff::Timestamp,
    ) -> Result<()> {
        with_pool!(self, |p| {
            let mut tx = p.begin().await?;
            sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
                .bind(Instant::now())
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO sessions (token_hash, user_id, csrf, expires_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(token_hash)
            .bind(user.id)
            .bind(csrf)
            .bind(Instant(expires_at))
            .execute(&mut *tx)
            .await?;
            record(
                &mut *tx,
                user.authority,
                &Actor(user.username.clone()),
                Entry::new(
                    "session.login",
                    "user",
                    Some(user.id),
                    "logged in".to_owned(),
                ),
            )
            .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// The live session with this token hash (expired sessions and disabled users give none),
    /// as the authority it acts for: the account's own, or one where it holds a grant (the
    /// role is the role there). A session whose grant was taken away gives none.
    ///
    /// # Errors
    /// [`crate::Error::Query`].
    pub async fn session(&self, token_hash: &str) -> Result<Option<Session>> {
        with_pool!(self, |p| {
            let row = sqlx::query(
                "SELECT u.id, u.username, u.disabled, s.csrf, \
                 COALESCE(s.authority_code, u.authority_code) AS authority_code, \
                 CASE WHEN s.authority_code IS NULL OR s.authority_code = u.authority_code \
                 THEN u.role ELSE g.role END AS role \
                 FROM sessions s JOIN users u ON u.id = s.user_id \
                 LEFT JOIN user_grants g ON g.user_id = u.id AND g.authority_code = s.authority_code \
                 WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.disabled = FALSE \
                 AND (s.authority_code IS NULL OR s.authority_code = u.authority_code \
                      OR g.role IS NOT NULL)",
            )
            .bind(token_hash)
            .bind(Instant::now())
            .fetch_optional(p)
            .await?;
            row.map(|r| {
                Ok(Session {
                    user: user(&r)?,
                    csrf: r.try_get("csrf")?,
                })
            })
            .transpose()
        })
    }

    /// Moves a session to act for `authority`, where its account must be its own or hold a
    /// grant (audited in that authority's log). Returns false when it may not.
    ///
    /// # Errors
    /// [`crate::Error::Query`].
    pub async fn act_for(&self, token_hash: &str, authority: i64) -> Result<bool> {
        with_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let who: Option<(i64, String)> = sqlx::query_as(
                "SELECT u.id, u.username FROM sessions s JOIN users u ON u.id = s.user_id \
                 LEFT JOIN user_grants g ON g.user_id = u.id AND g.authority_code = $2 \
                 WHERE s.token_hash = $1 AND s.expires_at > $3 AND u.disabled = FALSE \
                 AND (u.authority_code = $2 OR g.role IS NOT NULL)",
            )
            .bind(token_hash)
            .bind(authority)
            .bind(Instant::now())
            .fetch_optional(&mut *tx)
            .await?;
            let Some((id, name)) = who else {
                return Ok(false);
            };
            sqlx::query("UPDATE sessions SET authority_code = $2 WHERE token_hash = $1")
                .bind(token_hash)
                .bind(authority)
                .execute(&mut *tx)
                .await?;
            record(
                &mut *tx,
                authority,
                &Actor(name),
                Entry::new(
                    "session.act_for",
                    "user",
                    Some(id),
                    format!("acting for authority {authority}"),
                ),
            )
            .await?;
            tx.commit().await?;
            Ok(true)
        })
    }

    /// Ends a session (audited as a logout).
    ///
    /// # Errors
    /// [`crate::Error::Query`].
    pub async fn end_session(&self, token_hash: &str) -> Result<()> {
        with_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let who: Option<(i64, String, i64)> = sqlx::query_as(
                "SELECT u.id, u.username, COALESCE(s.authority_code, u.authority_code) \
                 FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1",
            )
            .bind(token_hash)
            .fetch_optional(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                .bind(token_hash)
                .execute(&mut *tx)
                .await?;
            if let Some((id, name, acting)) = who {
                record(
                    &mut *tx,
                    acting,
                    &Actor(name),
                    Entry::new("session.logout", "user", Some(id), "logged out".to_owned()),
                )
                .await?;
            }
            tx.commit().await?;
            Ok(())
        })
    }
}

impl Db {
    /// Sets the teams an account is assigned (audited, before and after).
    ///
    /// # Errors
    /// [`crate::Error::Query`].
    pub async fn set_user_teams(&self, actor: &Actor, user: &User, teams: &[String]) -> Result<()> {
        with_pool!(self, |p| {
            let mut tx = p.begin().await?;
            // Only the authority's own account takes its teams.
            let theirs: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM users WHERE id = $1 AND ($2 IS NULL OR authority_code = $2)",
            )
            .bind(user.id)
            .bind(self.authority())
            .fetch_optional(&mut *tx)
            .await?;
            if theirs.is_none() {
                return Err(crate::Error::NotFound(format!("account {}", user.username)));
            }
            let before: Vec<String> = sqlx::query_scalar(
                "SELECT team FROM user_teams WHERE user_id = $1 AND authority_code = $2 \
                 ORDER BY team",
            )
            .bind(user.id)
            .bind(self.owner())
            .fetch_all(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM user_teams WHERE user_id = $1 AND authority_code = $2")
                .bind(user.id)
                .bind(self.owner())
                .execute(&mut *tx)
                .await?;
            for t in teams {
                sqlx::query(
                    "INSERT INTO user_teams (user_id, team, authority_code) \
                     VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                )
                .bind(user.id)
                .bind(t)
                .bind(self.owner())
                .execute(&mut *tx)
                .await?;
            }
            let mut after: Vec<String> = teams.to_vec();
            after.sort();
            after.dedup();
            record(
                &mut *tx,
                self.owner(),
                actor,
                Entry::new(
                    "user.teams",
                    "user",
                    Some(user.id),
                    format!("{}: teams set", user.username),
                )
                .change(Some(before.join("; ")), after.join("; ")),
            )
            .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// The teams an account is assigned, in name order.
    ///
    /// # Errors
    /// [`crate::Error::Query`].
    pub async fn user_teams(&self, user_id: i64) -> Result<Vec<String>> {
        with_pool!(self, |p| {
            Ok(sqlx::query_scalar(
                "SELECT team FROM user_teams WHERE user_id = $1 \
                     AND ($2 IS NULL OR authority_code = $2) ORDER BY team",
            )
            .bind(user_id)
            .bind(self.authority())
            .fetch_all(p)
            .await?)
        })
    }
}
