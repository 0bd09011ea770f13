//! Self-evaluations, for one authority: every version kept whole (its statements as JSON),
//! never edited but for the date of the engagement meeting it was discussed at. Audited.

use sightline_core::self_evaluation::{SelfEvaluation, Statement};
use sqlx::Row;

use crate::audit::{Actor, Entry, record};
use crate::native::{Day, Instant};
use crate::{Db, Error, Result, with_pool};

impl Db {
    /// Keeps a new version of a year's self-evaluation. Returns its id.
    ///
    /// # Errors
    /// [`Error::Refused`] when that version of the year is already kept; query errors.
    pub async fn save_self_evaluation(&self, actor: &Actor, s: &SelfEvaluation) -> Result<i64> {
        let statements = serde_json::to_string(&s.statements)
            .map_err(|e| Error::Refused(format!("a self-evaluation's statements: {e}")))?;
        with_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let clash: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM self_evaluations WHERE authority_code = $1 AND year = $2 AND \
                 version = $3",
            )
            .bind(self.owner())
            .bind(i64::from(s.year))
            .bind(i64::from(s.version))
            .fetch_optional(&mut *tx)
            .await?;
            if clash.is_some() {
                return Err(Error::Refused(format!(
                    "version {} of the {} self-evaluation is already kept",
                    s.version, s.year
                )));
            }
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO self_evaluations (authority_code, year, version, published_on, \
                 engagement_on, written_by, written_at, statements) VALUES ($1, $2, $3, $4, $5, \
                 $6, $7, $8) RETURNING id",
            )
            .bind(self.owner())
            .bind(i64::from(s.year))
            .bind(i64::from(s.version))
            .bind(s.published_on.map(Day))
            .bind(s.engagement_on.map(Day))
            .bind(&actor.0)
            .bind(Instant::now())
            .bind(&statements)
            .fetch_one(&mut *tx)
            .await?;
            record(
                &mut *tx,
                self.owner(),
                actor,
                Entry::new(
                    if s.published_on.is_some() {
                        "self_evaluation.publish"
                    } else {
                        "self_evaluation.write"
                    },
                    "self_evaluations",
                    Some(id),
                    format!(
                        "{} version {} ({} statements)",
                        s.year,
                        s.version,
                        s.statements.len()
                    ),
                ),
            )
            .await?;
            tx.commit().await?;
            Ok(id)
        })
    }

    /// Every version of every year, oldest first.
    ///
    /// # Errors
    /// Query errors; [`Error::Refused`] for a stored version that cannot be read.
    pub async fn self_evaluations(&self) -> Result<Vec<SelfEvaluation>> {
        with_pool!(self, |p| {
            let rows = sqlx::query(
                "SELECT id, year, version, published_on, engagement_on, written_by, \
                     statements FROM self_evaluations WHERE ($1 IS NULL OR authority_code = $1) \
                     ORDER BY year, version",
            )
            .bind(self.authority())
            .fetch_all(p)
            .await?;
            rows.iter()
                .map(|r| {
                    let statements: String = r.try_get("statements")?;
                    let year: i64 = r.try_get("year")?;
                    let version: i64 = r.try_get("version")?;
                    Ok(SelfEvaluation {
                        id: Some(r.try_get("id")?),
                        year: i16::try_from(year).unwrap_or_default(),
                        version: u32::try_from(version).unwrap_or_default(),
                        published_on: r.try_get::<Option<Day>, _>("published_on")?.map(|d| d.0),
                        engagement_on: r.try_get::<Option<Day>, _>("engagement_on")?.map(|d| d.0),
                        written_by: r.try_get("written_by")?,
                        statements: serde_json::from_str::<Vec<Statement>>(&statements).map_err(
                            |e| Error::Refused(format!("stored self-evaluation statements: {e}")),
                        )?,
                    })
                })
                .collect()
        })
    }

    /// Records the annual engagement meeting a version was discussed at (audited, before and
    /// after).
    ///
    /// # Errors
    /// [`Error::Refused`] for an unknown version; query errors.
    pub async fn set_engagement(
        &self,
        actor: &Actor,
        id: i64,
        on: jiff::civil::Date,
    ) -> Result<()> {
        with_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let before: Option<Option<Day>> = sqlx::query_scalar(
                "SELECT engagement_on FROM self_evaluations WHERE id = $1 AND authority_code = $2",
            )
            .bind(id)
            .bind(self.owner())
            .fetch_optional(&mut *tx)
            .await?;
            let Some(before) = before else {
                return Err(Error::Refused(format!(
                    "there is no self-evaluation version {id}"
                )));
            };
            sqlx::query("UPDATE self_evaluations SET engagement_on = $1 WHERE id = $2")
                .bind(Day(on))
                .bind(id)
                .execute(&mut *tx)
                .await?;
            record(
                &mut *tx,
                self.owner(),
                actor,
                Entry::new(
                    "self_evaluation.engagement",
                    "self_evaluations",
                    Some(id),
                    format!("discussed at the annual engagement meeting on {on}"),
                )
                .change(before.map(|d| d.to_string()), on.to_string()),
            )
            .await?;
            tx.commit().await?;
            Ok(())
        })
    }
}
