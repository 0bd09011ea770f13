//! The audit log: who changed what, when. Written inside the transaction of every write.

use serde::Serialize;
use sqlx::Row;

use crate::native::Instant;
use crate::{Conn, Db, Result, with_conn, with_pool};

/// Who is making a change: a user name, or `system` for the demo and migrations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Actor(pub String);

impl Actor {
    /// The actor for changes Sightline makes itself (the demo, reference data).
    pub fn system() -> Actor {
        Actor("system".into())
    }
}

/// One recorded change. `detail` holds identifiers and counts, never child-level data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    /// Sequence number.
    pub id: i64,
    /// When (UTC, RFC 3339).
    pub at: String,
    /// Who.
    pub actor: String,
    /// What was done (`inspection.import`).
    pub action: String,
    /// The kind of thing changed (`inspection`).
    pub entity: String,
    /// Its id.
    pub entity_id: Option<i64>,
    /// A short description.
    pub detail: String,
    /// What it was before the change (`None`: it is new, or nothing was changed).
    pub before: Option<String>,
    /// What it is after the change (`None`: it was removed, or nothing was changed).
    pub after: Option<String>,
}

/// One change to record: what was done to which thing, and what it was before and after.
pub(crate) struct Entry<'a> {
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: Option<i64>,
    pub detail: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

impl<'a> Entry<'a> {
    /// An entry with a description and no before or after yet.
    pub fn new(action: &'a str, entity: &'a str, entity_id: Option<i64>, detail: String) -> Self {
        Entry {
            action,
            entity,
            entity_id,
            detail,
            before: None,
            after: None,
        }
    }

    /// The same entry with what the thing was (`None`: it is new) and what it is now.
    pub fn change(mut self, before: Option<String>, after: impl Into<String>) -> Self {
        self.before = before;
        self.after = Some(after.into());
        self
    }
}

/// Records a change, made for `authority`, inside the caller's transaction.
pub(crate) async fn record<'c>(
    conn: impl Into<Conn<'c>>,
    authority: i64,
    actor: &Actor,
    e: Entry<'_>,
) -> Result<()> {
    with_conn!(conn.into(), |c| sqlx::query(
        "INSERT INTO audit_log (at, actor, action, entity, entity_id, detail, before, after, \
         authority_code) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(Instant::now())
    .bind(&actor.0)
    .bind(e.action)
    .bind(e.entity)
    .bind(e.entity_id)
    .bind(&e.detail)
    .bind(&e.before)
    .bind(&e.after)
    .bind(authority)
    .execute(c)
    .await
    .map(|_| ()))?;
    Ok(())
}

impl Db {
    /// The id of the latest audit entry (0 when none): since every write is audited, a
    /// change of this number means the data may have changed.
    ///
    /// # Errors
    /// [`crate::Error::Query`].
    pub async fn last_audit_id(&self) -> Result<i64> {
        with_pool!(self, |p| {
            let id: Option<i64> = sqlx::query_scalar(
                "SELECT MAX(id) FROM audit_log WHERE ($1 IS NULL OR authority_code = $1)",
            )
            .bind(self.authority())
            .fetch_one(p)
            .await?;
            Ok(id.unwrap_or(0))
        })
    }

    /// Records an event that changes nothing but must be on the record (an export of
    /// child-level data), in its own transaction.
    ///
    /// # Errors
    /// [`crate::Error::Query`].
    pub async fn note(
        &self,
        actor: &Actor,
        action: &str,
        entity: &str,
        entity_id: Option<i64>,
        detail: String,
    ) -> Result<()> {
        with_pool!(self, |p| {
            let mut tx = p.begin().await?;
            record(
                &mut *tx,
                self.owner(),
                actor,
                Entry::new(action, entity, entity_id, detail.clone()),
            )
            .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// The most recent `limit` audit entries, newest first.
    ///
    /// # Errors
    /// [`crate::Error::Query`] when the database cannot be read.
    pub async fn audit_log(&self, limit: u32) -> Result<Vec<AuditEntry>> {
        with_pool!(self, |p| {
            let rows = sqlx::query(
                "SELECT id, at, actor, action, entity, entity_id, detail, before, after FROM audit_log \
                 WHERE ($2 IS NULL OR authority_code = $2) ORDER BY id DESC LIMIT $1",
            )
            .bind(i64::from(limit))
            .bind(self.authority())
            .fetch_all(p)
            .await?;
            rows.into_iter()
                .map(|r| {
                    Ok(AuditEntry {
                        id: r.try_get("id")?,
                        at: r.try_get::<Instant, _>("at")?.to_string(),
                        actor: r.try_get("actor")?,
                        action: r.try_get("action")?,
                        entity: r.try_get("entity")?,
                        entity_id: r.try_get("entity_id")?,
                        detail: r.try_get("detail")?,
                        before: r.try_get("before")?,
                        after: r.try_get("after")?,
                    })
                })
                .collect()
        })
    }
}
