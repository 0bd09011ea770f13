//! The audit log: who changed what, when. Written inside the transaction of every write.

use serde::Serialize;
use sqlx::Row;

use crate::{Db, Result, with_pool};

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
}

pub(crate) async fn record<'c, E>(
    exec: E,
    actor: &Actor,
    action: &str,
    entity: &str,
    entity_id: Option<i64>,
    detail: &str,
) -> Result<()>
where
    E: sqlx::Executor<'c, Database = sqlx::Sqlite>,
{
    sqlx::query(
        "INSERT INTO audit_log (at, actor, action, entity, entity_id, detail) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(jiff::Timestamp::now().to_string())
    .bind(&actor.0)
    .bind(action)
    .bind(entity)
    .bind(entity_id)
    .bind(detail)
    .execute(exec)
    .await?;
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
            let id: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM audit_log")
                .fetch_one(p)
                .await?;
            Ok(id.unwrap_or(0))
        })
    }

    /// The most recent `limit` audit entries, newest first.
    ///
    /// # Errors
    /// [`crate::Error::Query`] when the database cannot be read.
    pub async fn audit_log(&self, limit: u32) -> Result<Vec<AuditEntry>> {
        with_pool!(self, |p| {
            let rows = sqlx::query(
                "SELECT id, at, actor, action, entity, entity_id, detail FROM audit_log \
                 ORDER BY id DESC LIMIT $1",
            )
            .bind(i64::from(limit))
            .fetch_all(p)
            .await?;
            rows.into_iter()
                .map(|r| {
                    Ok(AuditEntry {
                        id: r.try_get("id")?,
                        at: r.try_get("at")?,
                        actor: r.try_get("actor")?,
                        action: r.try_get("action")?,
                        entity: r.try_get("entity")?,
                        entity_id: r.try_get("entity_id")?,
                        detail: r.try_get("detail")?,
                    })
                })
                .collect()
        })
    }
}
