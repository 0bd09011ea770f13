//! `sightline workforce …`: the monthly HR return, and the workforce measures by team.

use std::path::PathBuf;

use clap::Subcommand;
use sightline_app::{Actor, Sightline};
use sightline_core::access::Role;
use sightline_core::workforce::{MEASURES, Measures};

use crate::cli::FormatArg;
use crate::output::{Rows, emit, finding_rows, import_summary, month_end};

/// `sightline workforce <verb>`
#[derive(Debug, Subcommand)]
pub enum WorkforceCommand {
    /// Load a month's workforce return by team (XLSX, XLS, ODS or CSV; analysts and admins):
    /// establishment, permanent and agency FTE, vacancies, starters, leavers, sickness days,
    /// ASYE, supervisions due and held in timescale, cases held; columns found by header words.
    Import {
        /// The return.
        file: PathBuf,
        /// The month it reports (YYYY-MM).
        #[arg(long)]
        month: String,
        /// Read and check it, load nothing.
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Vacancy, agency, turnover (rolling 12 months), caseload, supervision, sickness and ASYE
    /// share for the authority and each team (DfE formulas on the monthly returns).
    Status {
        /// The month (YYYY-MM; default: the latest loaded).
        #[arg(long)]
        month: Option<String>,
        #[command(flatten)]
        format: FormatArg,
    },
}

fn row(m: &Measures) -> Vec<String> {
    std::iter::once(m.who()).chain(m.words()).collect()
}

pub async fn run(
    app: &Sightline,
    actor: &Actor,
    role: Role,
    cmd: WorkforceCommand,
) -> anyhow::Result<()> {
    match cmd {
        WorkforceCommand::Import {
            file,
            month,
            dry_run,
            format,
        } => {
            let done = app
                .import_workforce(role, actor, &file, month_end(&month)?, dry_run)
                .await?;
            let rows = finding_rows(&done.read.findings);
            let loaded = if done.dry_run {
                format!(
                    "{} teams would be loaded (dry run: nothing loaded)",
                    done.read.returns.len()
                )
            } else {
                format!(
                    "{} teams loaded (replacing {} loaded before for the month)",
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
        WorkforceCommand::Status { month, format } => {
            let month = month.as_deref().map(month_end).transpose()?;
            let s = app
                .workforce_status(
                    actor,
                    sightline_app::disclosure::Audience::of(Some(role)),
                    month,
                )
                .await?;
            let mut headers = vec!["team"];
            headers.extend(MEASURES.iter().map(|(_, h, _)| *h));
            let mut rows = Rows::new(&headers);
            rows.push(row(&s.authority));
            for t in &s.teams {
                rows.push(row(t));
            }
            if let Some((label, values)) = sightline_core::workforce::england_row() {
                rows.push(std::iter::once(label).chain(values).collect());
            }
            let mut pre = format!("Workforce, {}\n", s.month.strftime("%B %Y"));
            for c in &s.caseload_compared {
                pre.push_str(&format!(
                    "  caseload {}: HR {} · Annex A {}{}\n",
                    c.team,
                    c.hr.map_or_else(|| "–".into(), |v| v.to_string()),
                    c.annex_a.as_deref().unwrap_or("–"),
                    c.note
                        .as_deref()
                        .map(|n| format!(" — {n}"))
                        .unwrap_or_default()
                ));
            }
            emit(format.format, &s, &pre, &rows)
        }
    }
}
