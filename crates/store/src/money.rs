//! Follow the money, for one authority: investment lines with their budget changes, and the
//! finance export's monthly actuals. Every change is audited in its own transaction.

use jiff::civil::Date;
use sightline_core::money::{Actual, BudgetChange, FinancialYear, InvestmentLine};
use sqlx::Row;

use crate::audit::{Actor, Entry, record};
use crate::native::{Day, Instant};
use crate::{Db, Error, Result, with_pool};

fn json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| Error::Refused(format!("an investment line: {e}")))
}

fn date_of(what: &str, text: &str) -> Result<Date> {
    text.parse()
        .map_err(|e| Error::Refused(format!("stored {what} {text:?} is not a date: {e}")))
}

impl Db {
    /// Saves an investment line: a new one (no id), or an existing one's details, adding any
    /// budget change it does not have yet (budget changes are never edited). Returns its id.
    ///
    /// # Errors
    /// [`Error::Refused`] when another line of this authority has the code; query errors.
    pub async fn save_line(&self, actor: &Actor, line: &InvestmentLine) -> Result<i64> {
        let actions = json(&line.actions)?;
        let indicators = json(&line.indicators)?;
        with_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let clash: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM investment_lines WHERE authority_code = $1 AND code = $2",
            )
            .bind(self.owner())
            .bind(&line.code)
            .fetch_optional(&mut *tx)
            .await?;
            if clash.is_some() && clash != line.id {
                return Err(Error::Refused(format!(
                    "there is already an investment line with the code {:?}",
                    line.code
                )));
            }
            let (id, before) = match line.id {
                None => {
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO investment_lines (authority_code, code, name, owner, \
                         permanence, funding, starts, ends, funds_permanent_posts, actions, \
                         indicators, long_term) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, \
                         $11, $12) RETURNING id",
                    )
                    .bind(self.owner())
                    .bind(&line.code)
                    .bind(&line.name)
                    .bind(&line.owner)
                    .bind(line.permanence.as_str())
                    .bind(line.funding.as_str())
                    .bind(Day(line.starts))
                    .bind(line.ends.map(Day))
                    .bind(line.funds_permanent_posts)
                    .bind(&actions)
                    .bind(&indicators)
                    .bind(&line.long_term)
                    .fetch_one(&mut *tx)
                    .await?;
                    (id, None)
                }
                Some(id) => {
                    let before: Option<String> = sqlx::query_scalar(
                        "SELECT name || ' · ' || owner || ' · ' || permanence || ' · ' || funding \
                         FROM investment_lines WHERE id = $1 AND authority_code = $2",
                    )
                    .bind(id)
                    .bind(self.owner())
                    .fetch_optional(&mut *tx)
                    .await?;
                    let Some(before) = before else {
                        return Err(Error::Refused(format!("there is no investment line {id}")));
                    };
                    sqlx::query(
                        "UPDATE investment_lines SET code = $1, name = $2, owner = $3, \
                         permanence = $4, funding = $5, starts = $6, ends = $7, \
                         funds_permanent_posts = $8, actions = $9, indicators = $10, \
                         long_term = $11 WHERE id = $12 AND authority_code = $13",
                    )
                    .bind(&line.code)
                    .bind(&line.name)
                    .bind(&line.owner)
                    .bind(line.permanence.as_str())
                    .bind(line.funding.as_str())
                    .bind(Day(line.starts))
                    .bind(line.ends.map(Day))
                    .bind(line.funds_permanent_posts)
                    .bind(&actions)
                    .bind(&indicators)
                    .bind(&line.long_term)
                    .bind(id)
                    .bind(self.owner())
                    .execute(&mut *tx)
                    .await?;
                    (id, Some(before))
                }
            };
            let mut added = Vec::new();
            for b in &line.budgets {
                let done = sqlx::query(
                    "INSERT INTO line_budgets (line_id, year, amount, effective, reason, \
                     entered_at) VALUES ($1, $2, $3, $4, $5, $6) \
                     ON CONFLICT (line_id, year, effective) DO NOTHING",
                )
                .bind(id)
                .bind(i64::from(b.year.0))
                .bind(b.amount)
                .bind(Day(b.from))
                .bind(&b.reason)
                .bind(Instant::now())
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() > 0 {
                    added.push(format!(
                        "{} {} from {}",
                        b.year,
                        sightline_core::money::money(b.amount),
                        b.from
                    ));
                }
            }
            let after = format!(
                "{} · {} · {} · {}{}",
                line.name,
                line.owner,
                line.permanence,
                line.funding,
                if added.is_empty() {
                    String::new()
                } else {
                    format!("; budget {}", added.join(", "))
                }
            );
            record(
                &mut *tx,
                self.owner(),
                actor,
                Entry::new(
                    if before.is_some() {
                        "money.line.update"
                    } else {
                        "money.line.add"
                    },
                    "investment_line",
                    Some(id),
                    line.code.clone(),
                )
                .change(before, after),
            )
            .await?;
            tx.commit().await?;
            Ok(id)
        })
    }

    /// Every investment line of this authority, by code, with its budget changes.
    ///
    /// # Errors
    /// Query errors; [`Error::Refused`] for a stored value that cannot be read.
    pub async fn lines(&self) -> Result<Vec<InvestmentLine>> {
        with_pool!(self, |p| {
            let rows = sqlx::query(
                "SELECT id, code, name, owner, permanence, funding, starts, ends, \
                 funds_permanent_posts, actions, indicators, long_term FROM investment_lines \
                 WHERE ($1 IS NULL OR authority_code = $1) ORDER BY code",
            )
            .bind(self.authority())
            .fetch_all(p)
            .await?;
            let budgets = sqlx::query(
                "SELECT b.line_id, b.year, b.amount, b.effective, b.reason FROM line_budgets b \
                 JOIN investment_lines l ON l.id = b.line_id \
                 WHERE ($1 IS NULL OR l.authority_code = $1) ORDER BY b.year, b.effective",
            )
            .bind(self.authority())
            .fetch_all(p)
            .await?;
            let mut out = Vec::new();
            for r in &rows {
                let id: i64 = r.try_get("id")?;
                let text = |c: &str| -> Result<String> { Ok(r.try_get::<String, _>(c)?) };
                let refused =
                    |e: sightline_core::Error| Error::Refused(format!("stored line {id}: {e}"));
                let mut line_budgets = Vec::new();
                for b in budgets
                    .iter()
                    .filter(|b| b.try_get::<i64, _>("line_id").ok() == Some(id))
                {
                    line_budgets.push(BudgetChange {
                        year: FinancialYear(
                            i16::try_from(b.try_get::<i64, _>("year")?).unwrap_or(i16::MAX),
                        ),
                        amount: b.try_get("amount")?,
                        from: b.try_get::<Day, _>("effective")?.0,
                        reason: b.try_get("reason")?,
                    });
                }
                out.push(InvestmentLine {
                    id: Some(id),
                    code: text("code")?,
                    name: text("name")?,
                    owner: text("owner")?,
                    permanence: text("permanence")?.parse().map_err(refused)?,
                    funding: text("funding")?.parse().map_err(refused)?,
                    starts: r.try_get::<Day, _>("starts")?.0,
                    ends: r.try_get::<Option<Day>, _>("ends")?.map(|d| d.0),
                    funds_permanent_posts: r.try_get("funds_permanent_posts")?,
                    budgets: line_budgets,
                    actions: serde_json::from_str(&text("actions")?)
                        .map_err(|e| Error::Refused(format!("stored line {id}: actions: {e}")))?,
                    indicators: serde_json::from_str(&text("indicators")?).map_err(|e| {
                        Error::Refused(format!("stored line {id}: indicators: {e}"))
                    })?,
                    long_term: text("long_term")?,
                });
            }
            Ok(out)
        })
    }

    /// Loads a month's actuals in one transaction: a line's figures for the month replace any
    /// loaded before (a corrected export). Audited with the counts. Returns (replaced, new).
    ///
    /// # Errors
    /// Query errors (and then nothing is loaded).
    pub async fn load_actuals(
        &self,
        actor: &Actor,
        month: Date,
        actuals: &[Actual],
        source: &str,
    ) -> Result<(usize, usize)> {
        let month_text = month.last_of_month().to_string();
        with_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let mut replaced = 0;
            for a in actuals {
                let gone = sqlx::query(
                    "DELETE FROM money_actuals WHERE authority_code = $1 AND line_code = $2 \
                     AND month = $3",
                )
                .bind(self.owner())
                .bind(&a.line)
                .bind(&month_text)
                .execute(&mut *tx)
                .await?;
                replaced += usize::try_from(gone.rows_affected()).unwrap_or(0);
                sqlx::query(
                    "INSERT INTO money_actuals (authority_code, line_code, month, budget, actual, \
                     commitments, forecast, source, loaded_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(self.owner())
                .bind(&a.line)
                .bind(&month_text)
                .bind(a.budget)
                .bind(a.actual_to_date)
                .bind(a.commitments)
                .bind(a.forecast)
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
                    "money.import",
                    "money_actuals",
                    None,
                    format!("{} lines for {}", actuals.len(), &month_text[..7]),
                )
                .change(
                    (replaced > 0).then(|| format!("{replaced} replaced")),
                    format!("{} loaded", actuals.len()),
                ),
            )
            .await?;
            tx.commit().await?;
            Ok((replaced, actuals.len() - replaced))
        })
    }

    /// Every month's actuals of this authority, oldest first.
    ///
    /// # Errors
    /// Query errors.
    pub async fn actuals(&self) -> Result<Vec<Actual>> {
        with_pool!(self, |p| {
            let rows = sqlx::query(
                "SELECT line_code, month, budget, actual, commitments, forecast \
                     FROM money_actuals WHERE ($1 IS NULL OR authority_code = $1) \
                     ORDER BY month, line_code",
            )
            .bind(self.authority())
            .fetch_all(p)
            .await?;
            rows.iter()
                .map(|r| {
                    Ok(Actual {
                        line: r.try_get("line_code")?,
                        month: date_of("month", &r.try_get::<String, _>("month")?)?,
                        budget: r.try_get("budget")?,
                        actual_to_date: r.try_get("actual")?,
                        commitments: r.try_get("commitments")?,
                        forecast: r.try_get("forecast")?,
                    })
                })
                .collect()
        })
    }
}
