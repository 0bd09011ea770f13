//! `sightline sef …`: the annual self-evaluation, by area around Ofsted's three questions, with
//! its evidence cited and frozen on publication.

use std::path::PathBuf;

use clap::Subcommand;
use jiff::civil::Date;
use sightline_app::{Actor, Format, Sightline};
use sightline_core::access::Role;
use sightline_core::self_evaluation::{Area, Citation, Question};

use crate::cli::FormatArg;
use crate::output::{Rows, emit};

/// `sightline sef <verb>`
#[derive(Debug, Subcommand)]
pub enum SefCommand {
    /// Write one area's answer to one question, with what it cites: a new draft version.
    Write {
        /// The year it is for.
        #[arg(long)]
        year: i16,
        /// help-and-protection, children-in-care, care-leavers or leaders.
        #[arg(long)]
        area: Area,
        /// know ("What do you know…?"), how-know ("How do you know it?") or plans.
        #[arg(long)]
        question: Question,
        /// The answer.
        #[arg(long)]
        text: String,
        /// An indicator it cites (repeatable).
        #[arg(long = "indicator")]
        indicators: Vec<String>,
        /// A plan action it cites (repeatable).
        #[arg(long = "action")]
        actions: Vec<i64>,
        /// An inspection's recommendation it cites, as INSPECTION:NUMBER (repeatable).
        #[arg(long = "recommendation", value_parser = parse_recommendation)]
        recommendations: Vec<Citation>,
        /// It cites the practice audits.
        #[arg(long)]
        audits: bool,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Publish the latest version of a year: its cited figures frozen as they stand today.
    Publish {
        /// The year.
        #[arg(long)]
        year: i16,
        #[command(flatten)]
        format: FormatArg,
    },
    /// A version (default: the latest), its evidence, what has moved since publication, and
    /// what is not yet answered.
    Show {
        /// The year (default: the latest).
        #[arg(long)]
        year: Option<i16>,
        /// The version (default: the latest).
        #[arg(long)]
        version: Option<u32>,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Record the annual engagement meeting a published version was discussed at.
    Engagement {
        /// The year.
        #[arg(long)]
        year: i16,
        /// The version discussed.
        #[arg(long)]
        version: u32,
        /// The day of the meeting.
        #[arg(long)]
        date: Date,
    },
    /// Write a version as DOCX, PDF, XLSX or HTML (the format follows the extension).
    Export {
        /// The year (default: the latest).
        #[arg(long)]
        year: Option<i16>,
        /// The version (default: the latest).
        #[arg(long)]
        version: Option<u32>,
        /// The file to write.
        #[arg(long)]
        out: PathBuf,
    },
}

fn parse_recommendation(s: &str) -> Result<Citation, String> {
    let (i, n) = s
        .split_once(':')
        .ok_or_else(|| format!("{s:?}: expected INSPECTION:NUMBER, as 3:2"))?;
    Ok(Citation::Recommendation {
        inspection_id: i
            .trim()
            .parse()
            .map_err(|_| format!("{i:?} is not an inspection id"))?,
        number: n
            .trim()
            .parse()
            .map_err(|_| format!("{n:?} is not a recommendation number"))?,
    })
}

/// Runs a `sef` command.
pub async fn run(
    app: &Sightline,
    actor: &Actor,
    role: Role,
    cmd: SefCommand,
) -> anyhow::Result<()> {
    let today = jiff::Zoned::now().date();
    match cmd {
        SefCommand::Write {
            year,
            area,
            question,
            text,
            indicators,
            actions,
            recommendations,
            audits,
            format,
        } => {
            let mut cites: Vec<Citation> = indicators
                .into_iter()
                .map(|id| Citation::Indicator { id })
                .chain(actions.into_iter().map(|id| Citation::Action { id }))
                .chain(recommendations)
                .collect();
            if audits {
                cites.push(Citation::Audits);
            }
            let (id, version) = app
                .write_statement(role, actor, year, area, question, &text, cites, today)
                .await?;
            let head = format!(
                "{year} self-evaluation: version {version} (draft, id {id}): {} · {}\n",
                area.title(),
                question.words()
            );
            emit(
                format.format,
                &serde_json::json!({ "id": id, "version": version }),
                &head,
                &Rows::new(&[]),
            )
        }
        SefCommand::Publish { year, format } => {
            let (id, version) = app
                .publish_self_evaluation(role, actor, year, today)
                .await?;
            let head = format!(
                "{year} self-evaluation: version {version} published (id {id}), its evidence \
                 frozen as at {today}\n"
            );
            emit(
                format.format,
                &serde_json::json!({ "id": id, "version": version, "published_on": today }),
                &head,
                &Rows::new(&[]),
            )
        }
        SefCommand::Show {
            year,
            version,
            format,
        } => {
            let v = app.self_evaluation(actor, year, version, today).await?;
            let s = &v.self_evaluation;
            let mut head = format!(
                "{} self-evaluation, version {}: {}\n",
                s.year,
                s.version,
                match (s.published_on, s.engagement_on) {
                    (Some(p), Some(e)) => format!("published {p}, discussed with Ofsted on {e}"),
                    (Some(p), None) => format!("published {p}"),
                    (None, _) => "draft (evidence as it stands today)".to_string(),
                }
            );
            if let Some(w) = &v.out_of_date {
                head.push_str(&format!("Warning: {w}\n"));
            }
            if !v.unanswered.is_empty() {
                head.push_str(&format!("Not yet answered: {}\n", v.unanswered.len()));
            }
            let mut rows = Rows::new(&["area", "question", "answer", "evidence"]);
            for (st, ev) in s.statements.iter().zip(&v.evidence) {
                rows.push(vec![
                    st.area.title().to_string(),
                    st.question.words().to_string(),
                    st.text.clone(),
                    ev.iter()
                        .map(|c| match &c.moved {
                            Some(m) => format!("{} [MOVED: {m}]", c.evidence.words),
                            None => c.evidence.words.clone(),
                        })
                        .collect::<Vec<_>>()
                        .join("; "),
                ]);
            }
            emit(format.format, &v, &head, &rows)
        }
        SefCommand::Engagement {
            year,
            version,
            date,
        } => {
            app.record_engagement(role, actor, year, version, date)
                .await?;
            println!(
                "version {version} of the {year} self-evaluation was discussed with Ofsted on {date}"
            );
            Ok(())
        }
        SefCommand::Export { year, version, out } => {
            let format = Format::of_path(&out)?;
            let bytes = app
                .self_evaluation_document(actor, year, version, today, format)
                .await?;
            crate::pack::write_whole(&out, &bytes)?;
            println!("{}: {} bytes", out.display(), bytes.len());
            Ok(())
        }
    }
}
