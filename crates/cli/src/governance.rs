//! `sightline meeting …`, `sightline decision …` and `sightline request …`: the meetings a
//! council reports to, the papers sent, the decisions minuted and what they asked for.

use std::path::PathBuf;

use clap::Subcommand;
use jiff::civil::Date;
use sightline_app::{Actor, NewDecision, NewRequest, RequestStanding, Sightline};
use sightline_core::access::Role;
use sightline_core::governance::{Answers, Item, PaperSource, RequestStatus};
use sightline_core::pack::Part;

use crate::cli::FormatArg;
use crate::output::{Rows, emit};

/// `sightline meeting <verb>`
#[derive(Debug, Subcommand)]
pub enum MeetingCommand {
    /// Record a meeting with its agenda.
    Add {
        /// improvement-board, cabinet, scrutiny, practice-board, or another body's name.
        #[arg(long)]
        body: String,
        /// The day it meets.
        #[arg(long)]
        date: Date,
        /// Its title (default: the body and the month).
        #[arg(long)]
        title: Option<String>,
        /// An agenda item as NUMBER=TITLE ("5=Improvement plan progress"), repeatable.
        #[arg(long = "item", value_parser = parse_item)]
        items: Vec<Item>,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Every meeting (of one body with --body).
    List {
        /// Only this body's.
        #[arg(long)]
        body: Option<String>,
        #[command(flatten)]
        format: FormatArg,
    },
    /// One meeting: its agenda, papers, decisions and the requests due at it.
    Show {
        /// The meeting.
        id: i64,
        /// The day requests are rated on (default: today).
        #[arg(long)]
        as_at: Option<Date>,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Send a paper to a meeting before it meets: a stored pack (--pack) or a file (--file),
    /// kept with its checksum and never changed.
    Paper {
        /// The meeting.
        id: i64,
        /// A stored pack (see `sightline pack list`).
        #[arg(long, conflicts_with = "file", required_unless_present = "file")]
        pack: Option<i64>,
        /// A file.
        #[arg(long)]
        file: Option<PathBuf>,
        /// The file's title (default: its name).
        #[arg(long)]
        title: Option<String>,
        #[command(flatten)]
        format: FormatArg,
    },
    /// The forward plan: coming meetings, the pack due for each and the requests due at each.
    Plan {
        /// The day (default: today).
        #[arg(long)]
        as_at: Option<Date>,
        #[command(flatten)]
        format: FormatArg,
    },
    /// What a body asked for, and whether it was brought.
    Body {
        /// The body.
        body: String,
        /// The day requests are rated on (default: today).
        #[arg(long)]
        as_at: Option<Date>,
        #[command(flatten)]
        format: FormatArg,
    },
}

/// `sightline decision <verb>`
#[derive(Debug, Subcommand)]
pub enum DecisionCommand {
    /// Minute a decision, numbered as the minutes number it; with --request, what it asks to be
    /// brought back.
    Add {
        /// The meeting.
        #[arg(long)]
        meeting: i64,
        /// The agenda item ("5").
        #[arg(long)]
        item: String,
        /// Its number within the item ("2").
        #[arg(long)]
        number: String,
        /// The words minuted.
        #[arg(long)]
        text: String,
        /// What it asks to be brought back.
        #[arg(long, requires_all = ["owner", "due_meeting"])]
        request: Option<String>,
        /// Who brings it.
        #[arg(long)]
        owner: Option<String>,
        /// The meeting it is due at.
        #[arg(long)]
        due_meeting: Option<i64>,
        /// A plan action that answers it (repeatable).
        #[arg(long = "action")]
        actions: Vec<i64>,
        /// An indicator that answers it (repeatable).
        #[arg(long = "indicator")]
        indicators: Vec<String>,
        /// A part of a pack that answers it (performance, plan_progress, workforce, money, …;
        /// repeatable).
        #[arg(long = "part", value_parser = parse_part)]
        parts: Vec<Part>,
        #[command(flatten)]
        format: FormatArg,
    },
}

/// `sightline request <verb>`
#[derive(Debug, Subcommand)]
pub enum RequestCommand {
    /// Every request with its RAG and reason.
    List {
        /// Only those not yet brought or withdrawn.
        #[arg(long)]
        open: bool,
        /// The day they are rated on (default: today).
        #[arg(long)]
        as_at: Option<Date>,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Record what became of a request: brought (to --meeting), withdrawn, or open again.
    Update {
        /// The request.
        id: i64,
        /// open, brought or withdrawn.
        #[arg(long)]
        status: String,
        /// The meeting it was brought to.
        #[arg(long)]
        meeting: Option<i64>,
        #[command(flatten)]
        format: FormatArg,
    },
}

fn parse_item(s: &str) -> Result<Item, String> {
    let (number, title) = s
        .split_once('=')
        .ok_or_else(|| format!("{s:?}: expected NUMBER=TITLE, as \"5=Improvement plan\""))?;
    Ok(Item {
        number: number.trim().to_string(),
        title: title.trim().to_string(),
    })
}

fn parse_part(s: &str) -> Result<Part, String> {
    serde_json::from_value(serde_json::Value::String(s.trim().to_string())).map_err(|_| {
        format!(
            "{s:?} is not a part of a pack (purpose, recommendations, summary, performance, \
             plan_progress, workforce, money, inspection_journey, data_quality, …)"
        )
    })
}

fn today(as_at: Option<Date>) -> Date {
    as_at.unwrap_or_else(|| jiff::Zoned::now().date())
}

fn request_rows(all: &[RequestStanding]) -> Rows {
    let mut rows = Rows::new(&[
        "id",
        "asked by",
        "decision",
        "asked for",
        "owner",
        "due at",
        "rag",
        "why",
    ]);
    for s in all {
        rows.push(vec![
            s.request.id.map(|i| i.to_string()).unwrap_or_default(),
            s.asked_at.named(),
            format!("{}.{}", s.decision.item, s.decision.number),
            s.request.text.clone(),
            s.request.owner.clone(),
            s.due.named(),
            s.rating.colour.as_str().to_uppercase(),
            s.rating.reason.clone(),
        ]);
    }
    rows
}

/// Runs a `meeting` command.
pub async fn meeting(
    app: &Sightline,
    actor: &Actor,
    role: Role,
    cmd: MeetingCommand,
) -> anyhow::Result<()> {
    match cmd {
        MeetingCommand::Add {
            body,
            date,
            title,
            items,
            format,
        } => {
            let id = app
                .add_meeting(role, actor, &body, date, title, items)
                .await?;
            let m = app
                .meetings()
                .await?
                .into_iter()
                .find(|m| m.id == Some(id))
                .ok_or_else(|| anyhow::anyhow!("meeting {id} was not kept"))?;
            let head = format!("meeting {id}: {} ({})\n", m.named(), m.title);
            let mut rows = Rows::new(&["item", "title"]);
            for i in &m.items {
                rows.push(vec![i.number.clone(), i.title.clone()]);
            }
            emit(format.format, &m, &head, &rows)
        }
        MeetingCommand::List { body, format } => {
            let mut all = app.meetings().await?;
            if let Some(b) = body {
                let b: sightline_core::governance::Body = b.parse()?;
                all.retain(|m| m.body == b);
            }
            let mut rows = Rows::new(&["id", "body", "date", "title", "items"]);
            for m in &all {
                rows.push(vec![
                    m.id.map(|i| i.to_string()).unwrap_or_default(),
                    m.body.name().to_string(),
                    m.date.to_string(),
                    m.title.clone(),
                    m.items.len().to_string(),
                ]);
            }
            emit(format.format, &all, "", &rows)
        }
        MeetingCommand::Show { id, as_at, format } => {
            let r = app.meeting_record(id, today(as_at)).await?;
            let mut head = format!("{} ({})\n", r.meeting.named(), r.meeting.title);
            for i in &r.meeting.items {
                head.push_str(&format!("  item {}: {}\n", i.number, i.title));
            }
            for p in &r.papers {
                head.push_str(&format!(
                    "  paper {}: {} ({}; sha256 {}; sent by {} at {})\n",
                    p.id,
                    p.title,
                    match &p.source {
                        PaperSource::Pack { pack_id } => format!("pack {pack_id}"),
                        PaperSource::File { name, bytes } => format!("file {name}, {bytes} bytes"),
                    },
                    p.sha256,
                    p.added_by,
                    p.added_at
                ));
            }
            for (d, req) in &r.decisions {
                head.push_str(&format!("  decision {}.{}: {}\n", d.item, d.number, d.text));
                if let Some(s) = req {
                    head.push_str(&format!(
                        "    asks for: {} ({}; {}: {})\n",
                        s.request.text,
                        s.request.owner,
                        s.rating.colour.as_str().to_uppercase(),
                        s.rating.reason
                    ));
                }
            }
            if !r.requests_due.is_empty() {
                head.push_str("Requests due at this meeting:\n");
            }
            emit(format.format, &r, &head, &request_rows(&r.requests_due))
        }
        MeetingCommand::Paper {
            id,
            pack,
            file,
            title,
            format,
        } => {
            let at = jiff::Zoned::now().date();
            let paper = match (pack, file) {
                (Some(p), _) => app.send_pack(role, actor, id, p, at).await?,
                (None, Some(f)) => app.send_file(role, actor, id, &f, title, at).await?,
                (None, None) => anyhow::bail!("give --pack ID or --file FILE"),
            };
            let r = app.meeting_record(id, at).await?;
            let p = r
                .papers
                .iter()
                .find(|p| p.id == paper)
                .ok_or_else(|| anyhow::anyhow!("paper {paper} was not kept"))?;
            let head = format!(
                "paper {paper} sent to {}: {} (sha256 {})\n",
                r.meeting.named(),
                p.title,
                p.sha256
            );
            emit(format.format, p, &head, &Rows::new(&[]))
        }
        MeetingCommand::Plan { as_at, format } => {
            let plan = app.forward_plan(today(as_at)).await?;
            let mut rows = Rows::new(&["id", "meeting", "pack due", "papers", "requests due"]);
            for e in &plan {
                rows.push(vec![
                    e.meeting.id.map(|i| i.to_string()).unwrap_or_default(),
                    e.meeting.named(),
                    match (e.pack_due, e.pack_sent) {
                        (Some(k), true) => format!("{} (sent)", k.as_str()),
                        (Some(k), false) => format!("{} (not yet sent)", k.as_str()),
                        (None, _) => "—".to_string(),
                    },
                    e.papers.len().to_string(),
                    e.requests_due
                        .iter()
                        .map(|s| {
                            format!(
                                "{} [{}]",
                                s.request.text,
                                s.rating.colour.as_str().to_uppercase()
                            )
                        })
                        .collect::<Vec<_>>()
                        .join("; "),
                ]);
            }
            emit(format.format, &plan, "", &rows)
        }
        MeetingCommand::Body {
            body,
            as_at,
            format,
        } => {
            let r = app.body_record(&body, today(as_at)).await?;
            let head = format!(
                "{}: {} meetings, {} requests ({} brought, {} red)\n",
                r.body.name(),
                r.meetings.len(),
                r.requests.len(),
                r.requests
                    .iter()
                    .filter(|s| s.request.status == RequestStatus::Brought)
                    .count(),
                r.requests
                    .iter()
                    .filter(|s| s.rating.colour == sightline_core::rag::Rag::Red)
                    .count()
            );
            emit(format.format, &r, &head, &request_rows(&r.requests))
        }
    }
}

/// Runs a `decision` command.
pub async fn decision(
    app: &Sightline,
    actor: &Actor,
    role: Role,
    cmd: DecisionCommand,
) -> anyhow::Result<()> {
    let DecisionCommand::Add {
        meeting,
        item,
        number,
        text,
        request,
        owner,
        due_meeting,
        actions,
        indicators,
        parts,
        format,
    } = cmd;
    let request = match (request, owner, due_meeting) {
        (Some(text), Some(owner), Some(due_meeting_id)) => Some(NewRequest {
            text,
            owner,
            due_meeting_id,
            answers: Answers {
                actions,
                indicators,
                parts,
            },
        }),
        _ => None,
    };
    let (id, request_id) = app
        .add_decision(
            role,
            actor,
            NewDecision {
                meeting_id: meeting,
                item: item.clone(),
                number: number.clone(),
                text,
                request,
            },
        )
        .await?;
    let head = match request_id {
        Some(r) => format!(
            "decision {item}.{number} minuted (id {id}); request {r} made (see `sightline request list`)\n"
        ),
        None => format!("decision {item}.{number} minuted (id {id})\n"),
    };
    emit(
        format.format,
        &serde_json::json!({ "decision": id, "request": request_id }),
        &head,
        &Rows::new(&[]),
    )
}

/// Runs a `request` command.
pub async fn request(
    app: &Sightline,
    actor: &Actor,
    role: Role,
    cmd: RequestCommand,
) -> anyhow::Result<()> {
    match cmd {
        RequestCommand::List {
            open,
            as_at,
            format,
        } => {
            let all = app.requests(open, today(as_at)).await?;
            emit(format.format, &all, "", &request_rows(&all))
        }
        RequestCommand::Update {
            id,
            status,
            meeting,
            format,
        } => {
            let status: RequestStatus = status.parse()?;
            app.update_request(role, actor, id, status, meeting).await?;
            let all = app.requests(false, jiff::Zoned::now().date()).await?;
            let these: Vec<RequestStanding> = all
                .into_iter()
                .filter(|s| s.request.id == Some(id))
                .collect();
            emit(format.format, &these, "", &request_rows(&these))
        }
    }
}
