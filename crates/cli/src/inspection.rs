//! `sightline inspection parse|import|add|list|show`.

use std::fmt::Write;
use std::path::Path;

use sightline_app::{Actor, Imported, NewEvent, Sightline};
use sightline_core::inspection::{Addressee, Inspection, Judgement, Report};

use crate::cli::InspectionCommand;
use crate::output::{Format, Rows, emit, opt};

pub fn parse(file: &Path, format: Format) -> anyhow::Result<()> {
    let report = sightline_app::inspection_report(file)?;
    emit(
        format,
        &report,
        &report_text(&report),
        &report_rows(&report),
    )
}

fn report_text(r: &Report) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{} — {}", r.authority, r.framework);
    let _ = writeln!(
        s,
        "Inspection dates: {} to {}",
        opt(r.start_date),
        opt(r.end_date)
    );
    let _ = writeln!(s, "Published: {}", opt(r.published));
    let _ = writeln!(s, "Lead inspector: {}", opt(r.lead_inspector.as_deref()));
    s
}

/// Judgement rows, under which each command adds its recommendation rows.
fn judgement_rows(judgements: &[Judgement]) -> Rows {
    let mut rows = Rows::new(&["section", "item", "text"]);
    for j in judgements {
        rows.push(vec![
            "judgement".into(),
            j.area.as_str().into(),
            j.grade.label().into(),
        ]);
    }
    rows
}

fn report_rows(r: &Report) -> Rows {
    let mut rows = judgement_rows(&r.judgements);
    for (i, t) in r.recommendations.iter().enumerate() {
        rows.push(vec![
            "recommendation".into(),
            (i + 1).to_string(),
            t.clone(),
        ]);
    }
    for (i, t) in r.lscb_recommendations.iter().flatten().enumerate() {
        rows.push(vec![
            "lscb_recommendation".into(),
            (i + 1).to_string(),
            t.clone(),
        ]);
    }
    if let Some(note) = &r.recommendations_note {
        rows.push(vec![
            "recommendation".into(),
            "none read".into(),
            note.clone(),
        ]);
    }
    rows
}

fn inspection_rows(i: &Inspection) -> Rows {
    let mut rows = judgement_rows(&i.judgements);
    for r in &i.recommendations {
        let section = match (r.addressee, r.priority) {
            (Addressee::Lscb, _) => "lscb_recommendation",
            (_, true) => "priority_action",
            _ => "recommendation",
        };
        rows.push(vec![section.into(), r.number.to_string(), r.text.clone()]);
    }
    rows
}

fn inspection_text(i: &Inspection, authority: &str) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Inspection {} — {} — {}",
        opt(i.id),
        authority,
        i.kind.label()
    );
    let _ = writeln!(
        s,
        "Dates: {}{}",
        i.start_date,
        i.end_date.map(|e| format!(" to {e}")).unwrap_or_default()
    );
    if let Some(f) = i.framework {
        let _ = writeln!(s, "Framework: {f}");
    }
    if let Some(g) = i.headline() {
        let _ = writeln!(s, "Headline: {}", g.label());
    }
    if let Some(summary) = &i.summary {
        let _ = writeln!(s, "Summary: {summary}");
    }
    s
}

fn imported_text(imported: &Imported) -> String {
    let verb = if imported.recorded.created {
        "Recorded"
    } else {
        "Already recorded (nothing changed):"
    };
    let mut text = format!(
        "{verb} {}",
        inspection_text(&imported.inspection, &imported.authority.name)
    );
    if let Some(note) = &imported.recommendations_note {
        let _ = writeln!(text, "No recommendation was read: {note}");
    }
    text
}

pub async fn run(app: &Sightline, actor: &Actor, cmd: InspectionCommand) -> anyhow::Result<()> {
    match cmd {
        InspectionCommand::Parse { file, format } => parse(&file, format.format),
        InspectionCommand::Import {
            file,
            authority,
            format,
        } => {
            let imported = app
                .import_report(actor, &file, authority.as_deref())
                .await?;
            emit(
                format.format,
                &imported,
                &imported_text(&imported),
                &inspection_rows(&imported.inspection),
            )
        }
        InspectionCommand::Add(args) => {
            let imported = app
                .add_event(
                    actor,
                    NewEvent {
                        authority: args.authority,
                        kind: args.kind,
                        date: args.date,
                        end_date: args.end_date,
                        published: args.published,
                        summary: args.summary,
                        areas_for_improvement: args.areas_for_improvement,
                        priority_actions: args.priority_actions,
                    },
                )
                .await?;
            emit(
                args.format.format,
                &imported,
                &imported_text(&imported),
                &inspection_rows(&imported.inspection),
            )
        }
        InspectionCommand::List { authority, format } => {
            let (a, journey) = app.journey(&authority).await?;
            let mut head = format!(
                "{} ({}): {} inspection events\n",
                a.name,
                a.code,
                journey.events.len()
            );
            let path: Vec<String> = journey
                .events
                .iter()
                .filter_map(|e| {
                    Some(format!(
                        "{} {}",
                        e.headline()?.as_str().replace('_', " "),
                        e.last_day().year()
                    ))
                })
                .collect();
            if !path.is_empty() {
                let _ = writeln!(head, "Journey: {}", path.join(" → "));
            }
            match &journey.next_window {
                Some(w) => {
                    let _ = writeln!(
                        head,
                        "Next inspection window: {} to {} (3-year anniversary {}); expected: {}",
                        w.opens,
                        w.closes,
                        w.anniversary,
                        w.expected_kind.label().to_lowercase()
                    );
                }
                None => {
                    let _ = writeln!(
                        head,
                        "Next inspection window: not known (no graded inspection recorded)"
                    );
                }
            }
            let mut rows = Rows::new(&[
                "id",
                "start",
                "end",
                "kind",
                "framework",
                "headline",
                "recommendations",
            ]);
            for e in &journey.events {
                rows.push(vec![
                    opt(e.id),
                    e.start_date.to_string(),
                    opt(e.end_date),
                    e.kind.as_str().into(),
                    opt(e.framework),
                    opt(e.headline().map(|g| g.label())),
                    e.recommendations.len().to_string(),
                ]);
            }
            #[derive(serde::Serialize)]
            struct Out<'a> {
                authority: &'a sightline_core::authority::Authority,
                #[serde(flatten)]
                journey: &'a sightline_core::inspection::Journey,
            }
            emit(
                format.format,
                &Out {
                    authority: &a,
                    journey: &journey,
                },
                &head,
                &rows,
            )
        }
        InspectionCommand::Show { id, format } => {
            let i = app.inspection(id).await?;
            let name = app
                .authority(&i.authority.to_string())
                .map(|a| a.name)
                .unwrap_or_else(|_| i.authority.to_string());
            emit(
                format.format,
                &i,
                &inspection_text(&i, &name),
                &inspection_rows(&i),
            )
        }
    }
}
