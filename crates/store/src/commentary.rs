//! Owners' commentary on indicators, one version a row, for one authority.

use sightline_core::commentary::Commentary;
use sqlx::Row;

use crate::audit::{Actor, Entry, record};
use crate::native::Instant;
use crate::{Db, Result, with_pool};

impl Db {
    /// Adds a version of the commentary on `indicator` for `period` (audited: the log says
    /// which indicator, period and version, never the text). Returns its version.
    ///
    /// # Errors
    /// [`crate::Error::Query`].
    pub async fn add_commentary(
        &self,
        actor: &Actor,
        indicator: &str,
        period: &str,
        text: &str,
    ) -> Result<i64> {
        with_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let before: i64 = sqlx::query_scalar(
                "SELECT COALESCE(MAX(version), 0) FROM commentary \
                 WHERE authority_code = $1 AND indicator = $2 AND period = $3",
            )
            .bind(self.owner())
            .bind(indicator)
            .bind(period)
            .fetch_one(&mut *tx)
            .await?;
            let version = before + 1;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO commentary (authority_code, indicator, period, version, text, \
                 author, written_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(self.owner())
            .bind(indicator)
            .bind(period)
            .bind(version)
            .bind(text)
            .bind(&actor.0)
            .bind(Instant::now())
            .fetch_one(&mut *tx)
            .await?;
            let what = format!("{indicator} for {period}");
            record(
                &mut *tx,
                self.owner(),
                actor,
                Entry::new("commentary.add", "commentary", Some(id), what.clone()).change(
                    (before > 0).then(|| format!("version {before}")),
                    format!("version {version}"),
                ),
            )
            .await?;
            tx.commit().await?;
            Ok(version)
        })
    }

    /// Every version of the commentary, oldest first; for one indicator, or all.
    ///
    /// # Errors
    /// [`crate::Error::Query`].
    pub async fn commentary(&self, indicator: Option<&str>) -> Result<Vec<Commentary>> {
        with_pool!(self, |p| {
            let rows = sqlx::query(
                "SELECT indicator, period, version, text, author, written_at FROM commentary \
                 WHERE ($1 IS NULL OR authority_code = $1) AND ($2 IS NULL OR indicator = $2) \
                 ORDER BY indicator, period, version",
            )
            .bind(self.authority())
            .bind(indicator)
            .fetch_all(p)
            .await?;
            rows.iter()
                .map(|r| {
                    Ok(Commentary {
                        indicator: r.try_get("indicator")?,
                        period: r.try_get("period")?,
                        version: r.try_get("version")?,
                        text: r.try_get("text")?,
                        author: r.try_get("author")?,
                        written_at: r.try_get::<Instant, _>("written_at")?.to_string(),
                    })
                })
                .collect()
        })
    }
}
