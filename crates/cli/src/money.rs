//! `sightline money …`: investment lines, the finance export, and following the money.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Subcommand};
use jiff::civil::Date;
use sightline_app::disclosure::Audience;
use sightline_app::{Actor, Sightline};
use sightline_core::access::Role;
use sightline_core::money::{
    BudgetChange, FinancialYear, Funding, InvestmentLine, Pence, Permanence, money,
};

use crate::cli::FormatArg;
use crate::output::{Rows, emit, finding_rows, import_summary, month_end};

/// `sightline money <verb>`
#[derive(Debug, Subcommand)]
pub enum MoneyCommand {
    /// Investment lines (admins and managers change them; every change is audited).
    #[command(subcommand)]
    Line(LineCommand),
    /// Load a month's finance export (XLSX, XLS, ODS or CSV): budget, actual to date,
    /// commitments and forecast outturn per cost centre, found by their header words.
    Import {
        /// The export.
        file: PathBuf,
        /// The month it reports (YYYY-MM).
        #[arg(long)]
        month: String,
        /// Read and check it, say what would be loaded, load nothing.
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Budget against actuals and forecast per line and in total, with a RAG and its reason,
    /// the actions each line funds and the indicators it should move.
    Status {
        /// The date (default: today).
        #[arg(long)]
        as_at: Option<Date>,
        #[command(flatten)]
        format: FormatArg,
    },
}

/// What a line is, for `line add` and `line update`.
#[derive(Debug, Args)]
pub struct LineArgs {
    /// Its name.
    #[arg(long)]
    name: Option<String>,
    /// Who answers for it.
    #[arg(long)]
    owner: Option<String>,
    /// one-off or permanent.
    #[arg(long)]
    permanence: Option<Permanence>,
    /// base-budget, grant or reserve.
    #[arg(long)]
    funding: Option<Funding>,
    /// When the money starts (YYYY-MM-DD).
    #[arg(long)]
    starts: Option<Date>,
    /// When it stops (one-off money).
    #[arg(long)]
    ends: Option<Date>,
    /// It pays for permanent posts.
    #[arg(long)]
    funds_permanent_posts: bool,
    /// A year's budget in pounds, as YEAR=AMOUNT ("2026-27=600000"); repeat for each year.
    #[arg(long = "budget")]
    budgets: Vec<String>,
    /// The day a budget takes effect (default: the year's first day, or today for a change).
    #[arg(long)]
    from: Option<Date>,
    /// Why the budget is set or changed.
    #[arg(long, default_value = "")]
    reason: String,
    /// A plan action it pays for (its id); repeat for each.
    #[arg(long = "action")]
    actions: Vec<i64>,
    /// An indicator it should move (its id); repeat for each.
    #[arg(long = "indicator")]
    indicators: Vec<String>,
    /// What it adds in the long term, in a sentence.
    #[arg(long)]
    long_term: Option<String>,
}

/// `sightline money line <verb>`
#[derive(Debug, Subcommand)]
pub enum LineCommand {
    /// Add a line.
    Add {
        /// The cost centre or line code the finance export names it by.
        #[arg(long)]
        code: String,
        #[command(flatten)]
        line: LineArgs,
    },
    /// Change a line: what is given replaces what it was; a budget is a new change from
    /// --from (earlier ones are kept).
    Update {
        /// The line's code.
        code: String,
        #[command(flatten)]
        line: LineArgs,
    },
    /// Every line with its budgets.
    List {
        #[command(flatten)]
        format: FormatArg,
    },
}

fn pounds(text: &str) -> anyhow::Result<Pence> {
    sightline_core::money::budget_in_pounds(text)
        .with_context(|| format!("{text:?} is not a budget in pounds"))
}

fn budgets(
    args: &LineArgs,
    default_from: impl Fn(FinancialYear) -> Date,
) -> anyhow::Result<Vec<BudgetChange>> {
    args.budgets
        .iter()
        .map(|b| {
            let (year, amount) = b
                .split_once('=')
                .with_context(|| format!("--budget {b:?}: write YEAR=AMOUNT, as 2026-27=600000"))?;
            let year: FinancialYear = year.parse()?;
            Ok(BudgetChange {
                year,
                amount: pounds(amount)?,
                from: args.from.unwrap_or_else(|| default_from(year)),
                reason: args.reason.clone(),
            })
        })
        .collect()
}

pub async fn run(
    app: &Sightline,
    actor: &Actor,
    role: Role,
    cmd: MoneyCommand,
) -> anyhow::Result<()> {
    let today = jiff::Zoned::now().date();
    match cmd {
        MoneyCommand::Line(LineCommand::Add { code, line: a }) => {
            let starts = a
                .starts
                .context("--starts: when the money starts (YYYY-MM-DD)")?;
            let line = InvestmentLine {
                id: None,
                code: code.trim().to_string(),
                name: a.name.clone().context("--name")?,
                owner: a.owner.clone().context("--owner")?,
                permanence: a.permanence.context("--permanence one-off|permanent")?,
                funding: a.funding.context("--funding base-budget|grant|reserve")?,
                starts,
                ends: a.ends,
                funds_permanent_posts: a.funds_permanent_posts,
                budgets: budgets(&a, |y| y.start().max(starts))?,
                actions: a.actions.clone(),
                indicators: a.indicators.clone(),
                long_term: a.long_term.clone().unwrap_or_default(),
            };
            let id = app.save_line(role, actor, &line).await?;
            println!("investment line {} ({}): {id}", line.code, line.name);
            Ok(())
        }
        MoneyCommand::Line(LineCommand::Update { code, line: a }) => {
            let mut line = app
                .lines()
                .await?
                .into_iter()
                .find(|l| l.code == code)
                .with_context(|| {
                    format!(
                        "there is no investment line {code:?} (see `sightline money line list`)"
                    )
                })?;
            if let Some(v) = a.name.clone() {
                line.name = v;
            }
            if let Some(v) = a.owner.clone() {
                line.owner = v;
            }
            if let Some(v) = a.permanence {
                line.permanence = v;
            }
            if let Some(v) = a.funding {
                line.funding = v;
            }
            if let Some(v) = a.starts {
                line.starts = v;
            }
            if a.ends.is_some() {
                line.ends = a.ends;
            }
            if a.funds_permanent_posts {
                line.funds_permanent_posts = true;
            }
            if !a.actions.is_empty() {
                line.actions = a.actions.clone();
            }
            if !a.indicators.is_empty() {
                line.indicators = a.indicators.clone();
            }
            if let Some(v) = a.long_term.clone() {
                line.long_term = v;
            }
            line.budgets.extend(budgets(&a, |_| today)?);
            app.save_line(role, actor, &line).await?;
            println!("investment line {code} updated");
            Ok(())
        }
        MoneyCommand::Line(LineCommand::List { format }) => {
            let lines = app.lines().await?;
            let mut rows = Rows::new(&[
                "code",
                "name",
                "owner",
                "permanence",
                "funding",
                "starts",
                "ends",
                "budgets",
                "actions",
                "indicators",
            ]);
            for l in &lines {
                rows.push(vec![
                    l.code.clone(),
                    l.name.clone(),
                    l.owner.clone(),
                    l.permanence.to_string(),
                    l.funding.to_string(),
                    l.starts.to_string(),
                    l.ends.map(|d| d.to_string()).unwrap_or_default(),
                    l.budgets
                        .iter()
                        .map(|b| format!("{} {} from {}", b.year, money(b.amount), b.from))
                        .collect::<Vec<_>>()
                        .join("; "),
                    l.actions
                        .iter()
                        .map(i64::to_string)
                        .collect::<Vec<_>>()
                        .join(" "),
                    l.indicators.join(" "),
                ]);
            }
            let pre = if lines.is_empty() {
                "No investment line yet: `sightline money line add --code CS-01 …`.\n".to_string()
            } else {
                String::new()
            };
            emit(format.format, &lines, &pre, &rows)
        }
        MoneyCommand::Import {
            file,
            month,
            dry_run,
            format,
        } => {
            let month = month_end(&month)?;
            let done = app
                .import_actuals(role, actor, &file, month, dry_run)
                .await?;
            let rows = finding_rows(&done.read.findings);
            let loaded = if done.dry_run {
                format!(
                    "{} lines would be loaded (dry run: nothing loaded)",
                    done.read.actuals.len()
                )
            } else {
                format!(
                    "{} lines loaded ({} replaced an earlier load)",
                    done.loaded, done.replaced
                )
            };
            let pre = import_summary(
                &file,
                &done.read.sheet,
                &done.month,
                (done.read.rows_read, done.read.rows_rejected),
                loaded,
            );
            emit(format.format, &done, &pre, &rows)
        }
        MoneyCommand::Status { as_at, format } => {
            let as_at = as_at.unwrap_or(today);
            let s = app
                .money_status(actor, Audience::of(Some(role)), as_at)
                .await?;
            let mut rows = Rows::new(&[
                "line",
                "budget",
                "profile",
                "actual",
                "forecast",
                "RAG",
                "why",
                "funds",
                "should move",
                "flag",
            ]);
            let opt = |p: Option<Pence>| p.map(money).unwrap_or_else(|| "–".into());
            for l in &s.lines {
                rows.push(vec![
                    format!("{} {}", l.line.code, l.line.name),
                    opt(l.standing.budget),
                    opt(l.standing.profile),
                    opt(l.standing.actual),
                    opt(l.standing.forecast),
                    l.standing.rating.colour.to_string(),
                    l.standing.rating.reason.clone(),
                    l.actions
                        .iter()
                        .map(|a| format!("{} ({})", a.text, a.rag))
                        .collect::<Vec<_>>()
                        .join("; "),
                    l.indicators
                        .iter()
                        .map(|i| format!("{}: {}", i.title, i.sentence))
                        .collect::<Vec<_>>()
                        .join("; "),
                    l.cliff_edge.clone().unwrap_or_default(),
                ]);
            }
            let pre = format!(
                "Money {} as at {}: total {} budget, {} spent, forecast {}: {} — {}\n",
                s.year,
                s.as_at,
                opt(s.total.budget),
                opt(s.total.actual),
                opt(s.total.forecast),
                s.total.rating.colour,
                s.total.rating.reason
            );
            emit(format.format, &s, &pre, &rows)
        }
    }
}
