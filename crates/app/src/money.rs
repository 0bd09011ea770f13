//! Follow the money (issue 17): investment lines managed by admins and managers, the finance
//! export's monthly actuals, and each line's standing joined to the plan actions it pays for and
//! the indicators it should move (decision 0026).

use std::path::Path;

use jiff::civil::Date;
use serde::Serialize;
use sightline_core::access::Role;
use sightline_core::finding::{Finding, Severity};
use sightline_core::indicator::{self, judge::format_value};
use sightline_core::money::{
    Actual, FinancialYear, InvestmentLine, MoneyRules, Pence, Standing, line_standing, money,
    standing,
};
use sightline_core::rag::{Rag, RagRules};
use sightline_ingest::finance::FinanceRead;
use sightline_store::Actor;

use crate::disclosure::Audience;
use crate::{Error, Result, Sightline};

/// A month's finance export read, checked against the lines, and (unless a dry run) loaded.
#[derive(Debug, Clone, Serialize)]
pub struct MoneyImport {
    /// The month loaded.
    pub month: String,
    /// The file as read, with its findings (and those for lines Sightline does not hold).
    #[serde(flatten)]
    pub read: FinanceRead,
    /// Lines loaded (none on a dry run).
    pub loaded: usize,
    /// Of those, lines whose figures for the month replaced earlier ones.
    pub replaced: usize,
    /// Whether this was a dry run.
    pub dry_run: bool,
}

/// An action a line pays for, with its standing.
#[derive(Debug, Clone, Serialize)]
pub struct FundedAction {
    /// The action's id.
    pub id: i64,
    /// What it is.
    pub text: String,
    /// Its RAG and why, on the as-at date.
    pub rag: Rag,
    /// Why.
    pub reason: String,
}

/// An indicator a line should move, and how it has moved since the money started.
#[derive(Debug, Clone, Serialize)]
pub struct MovedIndicator {
    /// The indicator's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The value at the first extract on or after the money started, and the latest, as this
    /// reader may see them ("c" when suppressed).
    pub from: Option<String>,
    /// The latest.
    pub now: Option<String>,
    /// In words: "from 62.1% (30 Apr 2025) to 74.3% (31 Oct 2026)", or why not.
    pub sentence: String,
}

/// One line's standing, followed to what it pays for.
#[derive(Debug, Clone, Serialize)]
pub struct LineStatus {
    /// The line.
    pub line: InvestmentLine,
    /// Budget, profile, actuals and forecast with the RAG and its sentence.
    pub standing: Standing,
    /// The plan actions it funds.
    pub actions: Vec<FundedAction>,
    /// The indicators it should move.
    pub indicators: Vec<MovedIndicator>,
    /// One-off money for permanent posts ending within six months.
    pub cliff_edge: Option<String>,
}

/// Every line, and the total.
#[derive(Debug, Clone, Serialize)]
pub struct MoneyStatus {
    /// The date.
    pub as_at: Date,
    /// The financial year.
    pub year: String,
    /// Each line.
    pub lines: Vec<LineStatus>,
    /// All lines together.
    pub total: Standing,
}

impl MoneyStatus {
    /// Each line whose one-off money for permanent posts ends within six months, as
    /// "CODE name: why" (a pack's and the overview's cliff edges).
    pub fn cliff_edges(&self) -> Vec<String> {
        self.lines
            .iter()
            .filter_map(|l| {
                Some(format!(
                    "{} {}: {}",
                    l.line.code,
                    l.line.name,
                    l.cliff_edge.as_ref()?
                ))
            })
            .collect()
    }
}

fn forbidden() -> Error {
    Error::Forbidden("investment lines and the finance export are managed by admins and managers")
}

fn check_line(line: &InvestmentLine) -> Result<()> {
    let bad = |m: String| Err(Error::Invalid(m));
    if line.code.trim().is_empty() || line.code.chars().count() > 60 {
        return bad(
            "a line needs a code (the cost centre the finance export names), at most 60 characters"
                .into(),
        );
    }
    if line.name.trim().is_empty() || line.owner.trim().is_empty() {
        return bad(format!("line {}: give it a name and an owner", line.code));
    }
    if let Some(end) = line.ends
        && end < line.starts
    {
        return bad(format!(
            "line {}: it ends ({end}) before it starts ({})",
            line.code, line.starts
        ));
    }
    for b in &line.budgets {
        if b.amount < 0 {
            return bad(format!(
                "line {}: a budget of {} cannot be negative",
                line.code,
                money(b.amount)
            ));
        }
        if b.from > b.year.end() {
            return bad(format!(
                "line {}: a {} budget cannot take effect on {}, after the year ends",
                line.code, b.year, b.from
            ));
        }
    }
    for id in &line.indicators {
        if indicator::definition(id).is_none() {
            return bad(format!(
                "line {}: {id:?} is not an indicator id (see `sightline indicators list`)",
                line.code
            ));
        }
    }
    Ok(())
}

impl Sightline {
    /// Adds or updates an investment line (a new one has no id; an update keeps the budget
    /// changes it had and adds new ones). Audited.
    ///
    /// # Errors
    /// [`Error::Forbidden`] unless an admin or manager; [`Error::Invalid`] for a line that is
    /// not whole or names an unknown indicator or action; store errors.
    pub async fn save_line(&self, role: Role, actor: &Actor, line: &InvestmentLine) -> Result<i64> {
        if !role.manages_money() {
            return Err(forbidden());
        }
        check_line(line)?;
        if let Some(a) = self.unknown_action(&line.actions).await? {
            return Err(Error::Invalid(format!(
                "line {}: the plan has no action {a} (see `sightline plan status`)",
                line.code
            )));
        }
        Ok(self.db.save_line(actor, line).await?)
    }

    /// Every investment line.
    ///
    /// # Errors
    /// Store errors.
    pub async fn lines(&self) -> Result<Vec<InvestmentLine>> {
        Ok(self.db.lines().await?)
    }

    /// Reads a month's finance export, refuses rows for lines Sightline does not hold (each a
    /// finding), and loads the rest in one transaction unless `dry_run`.
    ///
    /// # Errors
    /// [`Error::Forbidden`] unless an admin or manager; the file's errors; store errors (and
    /// then nothing is loaded).
    pub async fn import_actuals(
        &self,
        role: Role,
        actor: &Actor,
        path: &Path,
        month: Date,
        dry_run: bool,
    ) -> Result<MoneyImport> {
        if !role.manages_money() {
            return Err(forbidden());
        }
        let mut read = sightline_ingest::finance::read(path, month)?;
        let codes: Vec<String> = self.db.lines().await?.into_iter().map(|l| l.code).collect();
        let rows = std::mem::take(&mut read.actual_rows);
        type Rows = Vec<(Actual, u32)>;
        let (known, unknown): (Rows, Rows) = std::mem::take(&mut read.actuals)
            .into_iter()
            .zip(rows)
            .partition(|(a, _)| codes.contains(&a.line));
        for (a, row) in &unknown {
            read.rows_rejected += 1;
            read.findings.push(Finding {
                list: None,
                sheet: read.sheet.clone(),
                row: *row,
                cell: None,
                column: None,
                value: Some(a.line.clone()),
                rule: "finance-unknown-line".into(),
                severity: Severity::Error,
                message: format!(
                    "{:?} is not an investment line Sightline holds: add it with `sightline \
                     money line add` (its row is kept aside, not loaded)",
                    a.line
                ),
            });
        }
        (read.actuals, read.actual_rows) = known.into_iter().unzip();
        let (replaced, loaded) = if dry_run || read.actuals.is_empty() {
            (0, 0)
        } else {
            let source = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let (replaced, new) = self
                .db
                .load_actuals(actor, month, &read.actuals, &source)
                .await?;
            (replaced, replaced + new)
        };
        Ok(MoneyImport {
            month: month.strftime("%Y-%m").to_string(),
            read,
            loaded,
            replaced,
            dry_run,
        })
    }

    /// Every line's standing on `as_at`, followed to the actions it funds (their RAG as known
    /// then) and the indicators it should move (as `audience` may see them), with the total.
    ///
    /// # Errors
    /// Store errors.
    pub async fn money_status(
        &self,
        _actor: &Actor,
        audience: Audience,
        as_at: Date,
    ) -> Result<MoneyStatus> {
        let plan = match self.plan_status(None, as_at, &RagRules::default()).await {
            Ok(p) => Some(p),
            Err(Error::Invalid(_)) => None,
            Err(e) => return Err(e),
        };
        let lines = self.db.lines().await?;
        let series = if lines.iter().any(|l| !l.indicators.is_empty()) {
            self.every_series(audience).await?
        } else {
            Vec::new()
        };
        self.money_status_with(as_at, lines, plan.as_ref(), &series)
            .await
    }

    /// As [`Sightline::money_status`], with the lines, the plan's standing and the indicators'
    /// series already in hand (a pack has read the plan and series).
    pub(crate) async fn money_status_with(
        &self,
        as_at: Date,
        lines: Vec<InvestmentLine>,
        plan: Option<&crate::plan::PlanStatus>,
        series: &[(
            &'static indicator::Definition,
            Vec<crate::disclosure::Figure>,
        )],
    ) -> Result<MoneyStatus> {
        let actuals = self.db.actuals().await?;
        let rules = MoneyRules::default();
        let year = FinancialYear::of(as_at);
        let mut out = Vec::new();
        for line in lines {
            let standing = line_standing(&line, &actuals, as_at, &rules);
            let actions = line
                .actions
                .iter()
                .filter_map(|id| {
                    let p = plan?;
                    p.priorities
                        .iter()
                        .flat_map(|pr| &pr.actions)
                        .find(|a| a.id == Some(*id))
                        .map(|a| FundedAction {
                            id: *id,
                            text: a.text.clone(),
                            rag: a.rating.colour,
                            reason: a.rating.reason.clone(),
                        })
                })
                .collect();
            let indicators = line
                .indicators
                .iter()
                .filter_map(|id| {
                    let (def, figures) = series.iter().find(|(d, _)| d.id == id)?;
                    let shown = |f: &crate::disclosure::Figure| match &f.figure {
                        crate::disclosure::Disclosed::Suppressed(_) => "c".to_string(),
                        d => d
                            .value()
                            .map_or_else(|| "no value".into(), |v| format_value(def.unit, v)),
                    };
                    let upto: Vec<_> = figures.iter().filter(|f| f.as_at <= as_at).collect();
                    let first = upto.iter().find(|f| f.as_at >= line.starts);
                    let last = upto.last();
                    let sentence = match (first, last) {
                        (Some(a), Some(b)) if a.as_at < b.as_at => format!(
                            "from {} ({}) to {} ({})",
                            shown(a),
                            a.as_at.strftime("%-d %b %Y"),
                            shown(b),
                            b.as_at.strftime("%-d %b %Y")
                        ),
                        (Some(a), _) => format!(
                            "{} ({}): one figure since the money started",
                            shown(a),
                            a.as_at.strftime("%-d %b %Y")
                        ),
                        _ => "no figure since the money started".to_string(),
                    };
                    Some(MovedIndicator {
                        id: def.id.to_string(),
                        title: def.title.to_string(),
                        from: first.map(|f| shown(f)),
                        now: last.map(|f| shown(f)),
                        sentence,
                    })
                })
                .collect();
            let cliff_edge = line.cliff_edge(as_at);
            out.push(LineStatus {
                line,
                standing,
                actions,
                indicators,
                cliff_edge,
            });
        }
        let sum = |f: fn(&Standing) -> Option<Pence>| -> Option<Pence> {
            let values: Vec<Pence> = out.iter().filter_map(|l| f(&l.standing)).collect();
            (!values.is_empty()).then(|| values.iter().sum())
        };
        let budget = sum(|s| s.budget);
        let latest_month = out.iter().filter_map(|l| l.standing.month).max();
        let total = standing(
            year,
            budget,
            |_| sum(|s| s.profile),
            latest_month.map(|m| {
                (
                    m,
                    sum(|s| s.actual).unwrap_or(0),
                    sum(|s| s.commitments).unwrap_or(0),
                    sum(|s| s.forecast),
                )
            }),
            as_at,
            &rules,
        );
        Ok(MoneyStatus {
            as_at,
            year: year.label(),
            lines: out,
            total,
        })
    }
}
