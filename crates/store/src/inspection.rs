//! The inspection record: inspections, their judgements and recommendations.

use serde::Serialize;
use sightline_core::authority::LaCode;
use sightline_core::inspection::{Inspection, Judgement, Recommendation};
use sqlx::Row;

use crate::audit::{Actor, Entry, record};
use crate::native::{Day, Instant};
use crate::{Db, Error, Result, parse, parse_opt, with_pool};

/// The outcome of recording an inspection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Recorded {
    /// The inspection's id.
    pub id: i64,
    /// `false` when the same inspection (authority, kind, start date) was already recorded,
    /// in which case nothing changed.
    pub created: bool,
}

impl Db {
    /// Records an inspection with its judgements and recommendations, in one transaction with
    /// its audit entry. Recording the same inspection again changes nothing.
    ///
    /// # Errors
    /// [`Error::Query`] when the database cannot be written; nothing is then stored.
    pub async fn record_inspection(&self, actor: &Actor, i: &Inspection) -> Result<Recorded> {
        with_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let existing: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM inspections WHERE authority_code = $1 AND kind = $2 \
                 AND start_date = $3",
            )
            .bind(i64::from(i.authority.0))
            .bind(i.kind.as_str())
            .bind(Day(i.start_date))
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(id) = existing {
                return Ok(Recorded { id, created: false });
            }
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO inspections (authority_code, kind, framework, start_date, end_date, \
                 published, lead_inspector, summary, source, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
            )
            .bind(i64::from(i.authority.0))
            .bind(i.kind.as_str())
            .bind(i.framework.map(|f| f.as_str()))
            .bind(Day(i.start_date))
            .bind(i.end_date.map(Day))
            .bind(i.published.map(Day))
            .bind(&i.lead_inspector)
            .bind(&i.summary)
            .bind(&i.source)
            .bind(Instant::now())
            .fetch_one(&mut *tx)
            .await?;
            for (seq, j) in (0_i64..).zip(&i.judgements) {
                sqlx::query(
                    "INSERT INTO judgements (inspection_id, area, grade, seq) \
                     VALUES ($1, $2, $3, $4)",
                )
                .bind(id)
                .bind(j.area.as_str())
                .bind(j.grade.as_str())
                .bind(seq)
                .execute(&mut *tx)
                .await?;
            }
            for r in &i.recommendations {
                sqlx::query(
                    "INSERT INTO recommendations (inspection_id, number, addressee, priority, text) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(id)
                .bind(i64::from(r.number))
                .bind(r.addressee.as_str())
                .bind(r.priority)
                .bind(&r.text)
                .execute(&mut *tx)
                .await?;
            }
            let detail = format!(
                "{} {} from {} ({} judgements, {} recommendations)",
                i.authority,
                i.kind,
                i.start_date,
                i.judgements.len(),
                i.recommendations.len()
            );
            let after = i
                .judgements
                .iter()
                .map(|j| format!("{}: {}", j.area.as_str(), j.grade.as_str()))
                .collect::<Vec<_>>()
                .join("; ");
            record(
                &mut *tx,
                self.owner(),
                actor,
                Entry::new("inspection.record", "inspection", Some(id), detail).change(None, after),
            )
            .await?;
            tx.commit().await?;
            Ok(Recorded { id, created: true })
        })
    }

    /// Every recorded inspection of an authority, oldest first.
    ///
    /// # Errors
    /// [`Error::Query`] or [`Error::Corrupt`] when the record cannot be read.
    pub async fn inspections_of(&self, authority: LaCode) -> Result<Vec<Inspection>> {
        let ids: Vec<i64> = with_pool!(self, |p| {
            sqlx::query_scalar(
                "SELECT id FROM inspections WHERE authority_code = $1 ORDER BY start_date, id",
            )
            .bind(i64::from(authority.0))
            .fetch_all(p)
            .await?
        });
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.push(self.inspection(id).await?);
        }
        Ok(out)
    }

    /// One recorded inspection.
    ///
    /// # Errors
    /// [`Error::NotFound`] when there is none with this id.
    pub async fn inspection(&self, id: i64) -> Result<Inspection> {
        with_pool!(self, |p| {
            let row = sqlx::query(
                "SELECT id, authority_code, kind, framework, start_date, end_date, published, \
                 lead_inspector, summary, source FROM inspections WHERE id = $1",
            )
            .bind(id)
            .fetch_optional(p)
            .await?
            .ok_or_else(|| Error::NotFound(format!("inspection {id}")))?;
            let code: i64 = row.try_get("authority_code")?;
            let judgements = sqlx::query(
                "SELECT area, grade FROM judgements WHERE inspection_id = $1 ORDER BY seq",
            )
            .bind(id)
            .fetch_all(p)
            .await?
            .into_iter()
            .map(|r| {
                Ok(Judgement {
                    area: parse("judgement area", &r.try_get::<String, _>("area")?)?,
                    grade: parse("grade", &r.try_get::<String, _>("grade")?)?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
            let recommendations = sqlx::query(
                "SELECT number, addressee, priority, text FROM recommendations \
                 WHERE inspection_id = $1 ORDER BY addressee DESC, number",
            )
            .bind(id)
            .fetch_all(p)
            .await?
            .into_iter()
            .map(|r| {
                Ok(Recommendation {
                    number: parse(
                        "recommendation number",
                        &r.try_get::<i64, _>("number")?.to_string(),
                    )?,
                    addressee: parse("addressee", &r.try_get::<String, _>("addressee")?)?,
                    priority: r.try_get("priority")?,
                    text: r.try_get("text")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
            Ok(Inspection {
                id: Some(id),
                authority: LaCode(parse("authority code", &code.to_string())?),
                kind: parse("inspection kind", &row.try_get::<String, _>("kind")?)?,
                framework: parse_opt("framework", row.try_get("framework")?)?,
                start_date: row.try_get::<Day, _>("start_date")?.0,
                end_date: row.try_get::<Option<Day>, _>("end_date")?.map(|d| d.0),
                published: row.try_get::<Option<Day>, _>("published")?.map(|d| d.0),
                lead_inspector: row.try_get("lead_inspector")?,
                summary: row.try_get("summary")?,
                source: row.try_get("source")?,
                judgements,
                recommendations,
            })
        })
    }
}
