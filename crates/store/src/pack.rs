//! Board and scrutiny packs, for one authority: the record of what was built and from what,
//! and the document itself (as its JSON), never edited once stored.

use sightline_core::pack::{Inputs, Kind, Marking, Output, PackRecord};
use sqlx::Row;

use crate::audit::{Actor, Entry, record};
use crate::native::Instant;
use crate::{Db, Error, Result, with_pool};

/// A pack to store: its record (the id is given by the store) and its document as JSON.
pub struct NewPack<'a> {
    /// The record; its `id`, `built_by` and `built_at` are set by the store.
    pub record: &'a PackRecord,
    /// The document, as JSON.
    pub content: &'a str,
}

fn json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| Error::Refused(format!("a pack's record: {e}")))
}

fn read<T: serde::de::DeserializeOwned>(what: &str, id: i64, text: &str) -> Result<T> {
    serde_json::from_str(text)
        .map_err(|e| Error::Refused(format!("stored pack {id}: its {what} cannot be read: {e}")))
}

fn marking_of(s: &str) -> Marking {
    if s == Marking::Public.as_str() {
        Marking::Public
    } else {
        // Anything not marked public is treated as restricted.
        Marking::OfficialSensitive
    }
}

impl Db {
    /// Stores a pack (audited: the log says which meeting, period and marking). Returns its id
    /// and the time it was stored.
    ///
    /// # Errors
    /// [`crate::Error::Query`].
    pub async fn save_pack(&self, actor: &Actor, pack: NewPack<'_>) -> Result<(i64, String)> {
        let r = pack.record;
        let built_at = Instant::now();
        let inputs = json(&r.inputs)?;
        let outputs = json(&r.outputs)?;
        with_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO packs (authority_code, kind, period, marking, title, built_by, \
                 built_at, inputs, content, content_sha256, outputs) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
            )
            .bind(self.owner())
            .bind(r.kind.as_str())
            .bind(&r.period)
            .bind(r.marking.as_str())
            .bind(&r.title)
            .bind(&actor.0)
            .bind(built_at)
            .bind(&inputs)
            .bind(pack.content)
            .bind(&r.content_sha256)
            .bind(&outputs)
            .fetch_one(&mut *tx)
            .await?;
            record(
                &mut *tx,
                self.owner(),
                actor,
                Entry::new(
                    "pack.build",
                    "pack",
                    Some(id),
                    format!("{} for {} ({})", r.kind, r.period, r.marking.as_str()),
                ),
            )
            .await?;
            tx.commit().await?;
            Ok((id, built_at.to_string()))
        })
    }

    /// Every stored pack, newest first; only public ones when `public_only`.
    ///
    /// # Errors
    /// [`crate::Error::Query`], or [`Error::Refused`] for a record that cannot be read.
    pub async fn packs(&self, public_only: bool) -> Result<Vec<PackRecord>> {
        self.newest_packs(public_only, i64::MAX).await
    }

    /// The newest `limit` stored packs, newest first; only public ones when `public_only`.
    ///
    /// # Errors
    /// As [`Db::packs`].
    pub async fn newest_packs(&self, public_only: bool, limit: i64) -> Result<Vec<PackRecord>> {
        let rows = with_pool!(self, |p| {
            let rows = sqlx::query(
                "SELECT id, kind, period, marking, title, built_by, built_at, inputs, \
                 content_sha256, outputs FROM packs \
                 WHERE ($1 IS NULL OR authority_code = $1) AND ($2 = 0 OR marking = 'public') \
                 ORDER BY id DESC LIMIT $3",
            )
            .bind(self.authority())
            .bind(i64::from(public_only))
            .bind(limit)
            .fetch_all(p)
            .await?;
            rows.iter()
                .map(|r| {
                    Ok((
                        r.try_get::<i64, _>("id")?,
                        r.try_get::<String, _>("kind")?,
                        r.try_get::<String, _>("period")?,
                        r.try_get::<String, _>("marking")?,
                        r.try_get::<String, _>("title")?,
                        r.try_get::<String, _>("built_by")?,
                        r.try_get::<Instant, _>("built_at")?.to_string(),
                        r.try_get::<String, _>("inputs")?,
                        r.try_get::<String, _>("content_sha256")?,
                        r.try_get::<String, _>("outputs")?,
                    ))
                })
                .collect::<Result<Vec<_>>>()
        })?;
        rows.into_iter()
            .map(
                |(id, kind, period, marking, title, built_by, built_at, inputs, sha, outputs)| {
                    Ok(PackRecord {
                        id,
                        kind: kind
                            .parse::<Kind>()
                            .map_err(|e| Error::Refused(format!("stored pack {id}: {e}")))?,
                        period,
                        marking: marking_of(&marking),
                        title,
                        built_by,
                        built_at,
                        inputs: read::<Inputs>("inputs", id, &inputs)?,
                        content_sha256: sha,
                        outputs: read::<Vec<Output>>("outputs", id, &outputs)?,
                    })
                },
            )
            .collect()
    }

    /// A stored pack's record and its document (JSON), if this authority has it.
    ///
    /// # Errors
    /// As [`Db::packs`].
    pub async fn pack(&self, id: i64) -> Result<Option<(PackRecord, String)>> {
        let Some(record) = self.packs(false).await?.into_iter().find(|p| p.id == id) else {
            return Ok(None);
        };
        let content: String = with_pool!(self, |p| {
            Ok::<String, Error>(
                sqlx::query_scalar("SELECT content FROM packs WHERE id = $1")
                    .bind(id)
                    .fetch_one(p)
                    .await?,
            )
        })?;
        Ok(Some((record, content)))
    }
}
