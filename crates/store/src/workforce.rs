//! The monthly workforce returns, for one authority: a month loaded again replaces that month
//! whole, in one audited transaction.

use jiff::civil::Date;
use sightline_core::workforce::TeamReturn;
use sqlx::Row;

use crate::audit::{Actor, Entry, record};
use crate::native::Instant;
use crate::{Db, Error, Result, with_pool};

impl Db {
    /// Loads a month's return (every team's row), replacing any loaded for that month before.
    /// Returns how many teams' rows it replaced.
    ///
    /// # Errors
    /// Query errors (and then nothing changes).
    pub async fn load_workforce(
        &self,
        actor: &Actor,
        month: Date,
        returns: &[TeamReturn],
        source: &str,
    ) -> Result<usize> {
        let month_text = month.last_of_month().to_string();
        with_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let gone = sqlx::query(
                "DELETE FROM workforce_returns WHERE authority_code = $1 AND month = $2",
            )
            .bind(self.owner())
            .bind(&month_text)
            .execute(&mut *tx)
            .await?;
            let replaced = usize::try_from(gone.rows_affected()).unwrap_or(0);
            for r in returns {
                sqlx::query(
                    "INSERT INTO workforce_returns (authority_code, month, team, \
                     establishment_fte, permanent_fte, agency_fte, vacancies_fte, starters_fte, \
                     leavers_fte, sickness_days, asye_fte, supervisions_due, \
                     supervisions_in_time, cases, source, loaded_at) VALUES ($1, $2, $3, $4, $5, \
                     $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
                )
                .bind(self.owner())
                .bind(&month_text)
                .bind(&r.team)
                .bind(r.establishment_fte)
                .bind(r.permanent_fte)
                .bind(r.agency_fte)
                .bind(r.vacancies_fte)
                .bind(r.starters_fte)
                .bind(r.leavers_fte)
                .bind(r.sickness_days)
                .bind(r.asye_fte)
                .bind(i64::from(r.supervisions_due))
                .bind(i64::from(r.supervisions_in_time))
                .bind(r.cases.map(i64::from))
                .bind(source)
                .bind(Instant::now())
                .execute(&mut *tx)
                .await?;
            }
            record(
                &mut *tx,
                self.owner(),
                actor,
                Entry::new(
                    "workforce.import",
                    "workforce_returns",
                    None,
                    format!("{} teams for {}", returns.len(), &month_text[..7]),
                )
                .change(
                    (replaced > 0).then(|| format!("{replaced} teams")),
                    format!("{} teams", returns.len()),
                ),
            )
            .await?;
            tx.commit().await?;
            Ok(replaced)
        })
    }

    /// Every team's return, oldest month first.
    ///
    /// # Errors
    /// Query errors.
    pub async fn workforce(&self) -> Result<Vec<TeamReturn>> {
        with_pool!(self, |p| {
            let rows = sqlx::query(
                "SELECT month, team, establishment_fte, permanent_fte, agency_fte, \
                     vacancies_fte, starters_fte, leavers_fte, sickness_days, asye_fte, \
                     supervisions_due, supervisions_in_time, cases FROM workforce_returns \
                     WHERE ($1 IS NULL OR authority_code = $1) ORDER BY month, team",
            )
            .bind(self.authority())
            .fetch_all(p)
            .await?;
            rows.iter()
                .map(|r| {
                    let month: String = r.try_get("month")?;
                    Ok(TeamReturn {
                        month: month.parse().map_err(|e| {
                            Error::Refused(format!("stored workforce month {month:?}: {e}"))
                        })?,
                        team: r.try_get("team")?,
                        establishment_fte: r.try_get("establishment_fte")?,
                        permanent_fte: r.try_get("permanent_fte")?,
                        agency_fte: r.try_get("agency_fte")?,
                        vacancies_fte: r.try_get("vacancies_fte")?,
                        starters_fte: r.try_get("starters_fte")?,
                        leavers_fte: r.try_get("leavers_fte")?,
                        sickness_days: r.try_get("sickness_days")?,
                        asye_fte: r.try_get("asye_fte")?,
                        supervisions_due: u32::try_from(r.try_get::<i64, _>("supervisions_due")?)
                            .unwrap_or(0),
                        supervisions_in_time: u32::try_from(
                            r.try_get::<i64, _>("supervisions_in_time")?,
                        )
                        .unwrap_or(0),
                        cases: r
                            .try_get::<Option<i64>, _>("cases")?
                            .map(|c| u32::try_from(c).unwrap_or(u32::MAX)),
                    })
                })
                .collect()
        })
    }
}
