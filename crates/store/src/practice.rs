//! Practice audits of case files, for one authority: loaded in one audited transaction; the
//! same audit loaded again adds nothing.

use sightline_core::practice::CaseAudit;
use sqlx::Row;

use crate::audit::{Actor, Entry, record};
use crate::native::{Day, Instant};
use crate::{Db, Error, Result, with_pool};

impl Db {
    /// Loads audits in one transaction. Returns how many were new (an audit already held, by
    /// child, date, theme and auditor, is not added again).
    ///
    /// # Errors
    /// Query errors (and then nothing changes).
    pub async fn load_audits(
        &self,
        actor: &Actor,
        audits: &[CaseAudit],
        source: &str,
    ) -> Result<usize> {
        let now = Instant::now();
        with_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let mut added = 0usize;
            for a in audits {
                let done = sqlx::query(
                    "INSERT INTO practice_audits (authority_code, child, date, team, worker, \
                     auditor, grade, theme, source, loaded_at) VALUES ($1, $2, $3, $4, $5, $6, \
                     $7, $8, $9, $10) ON CONFLICT (authority_code, child, date, theme, auditor) \
                     DO NOTHING",
                )
                .bind(self.owner())
                .bind(&a.child)
                .bind(Day(a.date))
                .bind(&a.team)
                .bind(&a.worker)
                .bind(&a.auditor)
                .bind(a.grade.as_str())
                .bind(&a.theme)
                .bind(source)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                added += usize::try_from(done.rows_affected()).unwrap_or(0);
            }
            record(
                &mut *tx,
                self.owner(),
                actor,
                Entry::new(
                    "audits.import",
                    "practice_audits",
                    None,
                    format!("{added} new of {} audits", audits.len()),
                ),
            )
            .await?;
            tx.commit().await?;
            Ok(added)
        })
    }

    /// Every practice audit, oldest first.
    ///
    /// # Errors
    /// Query errors; [`Error::Refused`] for a stored value that cannot be read.
    pub async fn audits(&self) -> Result<Vec<CaseAudit>> {
        with_pool!(self, |p| {
            let rows = sqlx::query(
                "SELECT child, date, team, worker, auditor, grade, theme FROM \
                     practice_audits WHERE ($1 IS NULL OR authority_code = $1) ORDER BY date, id",
            )
            .bind(self.authority())
            .fetch_all(p)
            .await?;
            rows.iter()
                .map(|r| {
                    let date = r.try_get::<Day, _>("date")?.to_string();
                    let grade: String = r.try_get("grade")?;
                    Ok(CaseAudit {
                        child: r.try_get("child")?,
                        date: date.parse().map_err(|e| {
                            Error::Refused(format!("stored audit date {date:?}: {e}"))
                        })?,
                        team: r.try_get("team")?,
                        worker: r.try_get("worker")?,
                        auditor: r.try_get("auditor")?,
                        grade: grade.parse().map_err(|e| {
                            Error::Refused(format!("stored audit grade {grade:?}: {e}"))
                        })?,
                        theme: r.try_get("theme")?,
                    })
                })
                .collect()
        })
    }
}
