//! `sightline plan …`.

use std::fmt::Write;

use jiff::civil::Date;
use sightline_app::{ActionUpdate, Actor, PlanStatus, Sightline};
use sightline_core::rag::{RagRules, long_date};

use crate::cli::{ExportFormat, PlanCommand};
use crate::output::{Rows, emit, opt};

fn today() -> Date {
    jiff::Zoned::now().date()
}

pub async fn run(app: &Sightline, actor: &Actor, cmd: PlanCommand) -> anyhow::Result<()> {
    match cmd {
        PlanCommand::List { format } => {
            let plans = app.plans().await?;
            let mut rows = Rows::new(&["id", "authority", "title", "saved"]);
            for p in &plans {
                rows.push(vec![
                    p.id.to_string(),
                    p.authority.to_string(),
                    p.title.clone(),
                    p.created_at.clone(),
                ]);
            }
            let head = if plans.is_empty() {
                "No plans yet.\n"
            } else {
                ""
            };
            emit(format.format, &plans, head, &rows)
        }
        PlanCommand::Draft { inspection, format } => {
            let id = app.draft_plan(actor, inspection).await?;
            let plan = app.plan(Some(id)).await?;
            let mut rows = Rows::new(&["priority", "recommendations", "requirement"]);
            for p in &plan.priorities {
                rows.push(vec![
                    p.number.to_string(),
                    join(&p.recommendations),
                    p.text.clone(),
                ]);
            }
            let head = format!(
                "Drafted plan {id}: {} ({} priorities, one per recommendation).\nExport it to edit: sightline plan export --plan {id} --out plan.xlsx\n",
                plan.title,
                plan.priorities.len()
            );
            emit(format.format, &plan, &head, &rows)
        }
        PlanCommand::Import {
            file,
            authority,
            inspection,
            as_at,
            dry_run,
            format,
        } => {
            let imported = app
                .import_plan(
                    actor,
                    &file,
                    &authority,
                    as_at.unwrap_or_else(today),
                    inspection,
                    dry_run,
                )
                .await?;
            let plan = &imported.import.plan;
            let actions: usize = plan.priorities.iter().map(|p| p.actions.len()).sum();
            let mut head = match imported.id {
                Some(id) => format!("Imported plan {id}: "),
                None => "Dry run, nothing saved: ".to_string(),
            };
            let _ = writeln!(
                head,
                "{} — {} priorities, {actions} actions, {} findings",
                plan.title,
                plan.priorities.len(),
                imported.import.findings.len()
            );
            for n in &imported.targets {
                let _ = writeln!(
                    head,
                    "Priority {} target '{}'{}: {}",
                    n.priority,
                    n.text,
                    n.indicator
                        .as_deref()
                        .map(|i| format!(" ({i})"))
                        .unwrap_or_default(),
                    n.note
                );
            }
            let mut rows = Rows::new(&["cell", "rule", "severity", "value", "message"]);
            for f in &imported.import.findings {
                rows.push(vec![
                    format!(
                        "{}!{}",
                        f.sheet,
                        f.cell.clone().unwrap_or_else(|| format!("row {}", f.row))
                    ),
                    f.rule.clone(),
                    format!("{:?}", f.severity).to_lowercase(),
                    opt(f.value.as_deref()),
                    f.message.clone(),
                ]);
            }
            emit(format.format, &imported, &head, &rows)
        }
        PlanCommand::Export { plan, format, out } => {
            let text = match format {
                ExportFormat::Xlsx => {
                    let Some(out) = out else {
                        anyhow::bail!("--format xlsx needs --out FILE.xlsx");
                    };
                    let plan = app.export_plan_xlsx(plan, &out).await?;
                    eprintln!("Wrote plan {} to {}", opt(plan.id), out.display());
                    return Ok(());
                }
                ExportFormat::Json => serde_json::to_string_pretty(&app.plan(plan).await?)? + "\n",
                ExportFormat::Csv => {
                    let plan = app.plan(plan).await?;
                    let header: Vec<&'static str> = std::iter::once("Theme")
                        .chain(sightline_core::plan::WORKBOOK_HEADERS)
                        .collect();
                    let mut rows = Rows::new(&header);
                    for p in &plan.priorities {
                        for r in sightline_core::plan::priority_rows(p) {
                            let mut row = vec![p.theme.clone().unwrap_or_default()];
                            row.extend(r);
                            rows.push(row);
                        }
                    }
                    rows.csv()?
                }
            };
            match out {
                Some(path) => std::fs::write(&path, text)
                    .map_err(|e| anyhow::anyhow!("{}: cannot be written: {e}", path.display())),
                None => {
                    print!("{text}");
                    Ok(())
                }
            }
        }
        PlanCommand::Status {
            plan,
            as_at,
            due_soon_days,
            stale_update_days,
            as_now_known,
            format,
        } => {
            let rules = RagRules {
                due_soon_days,
                stale_update_days,
                as_now_known,
            };
            let status = app
                .plan_status(plan, as_at.unwrap_or_else(today), &rules)
                .await?;
            emit(
                format.format,
                &status,
                &status_text(&status),
                &status_rows(&status),
            )
        }
        PlanCommand::History {
            plan,
            to,
            months,
            as_now_known,
            format,
        } => {
            let to = to.unwrap_or_else(today);
            let rules = RagRules {
                as_now_known,
                ..RagRules::default()
            };
            // Month ends before `to`, oldest first, then `to` itself.
            let mut dates: Vec<Date> = (1..=months)
                .rev()
                .filter_map(|m| {
                    to.first_of_month()
                        .checked_sub(jiff::Span::new().months(i64::from(m) - 1))
                        .ok()
                        .and_then(|d| d.checked_sub(jiff::Span::new().days(1)).ok())
                })
                .collect();
            dates.push(to);
            let mut points = Vec::new();
            let mut rows = Rows::new(&[
                "as at", "rag", "red", "amber", "green", "blue", "grey", "why",
            ]);
            for d in dates {
                let s = app.plan_status(plan, d, &rules).await?;
                let mut row = vec![long_date(d), s.rating.colour.to_string()];
                row.extend(s.counts.iter().map(|(_, n)| n.to_string()));
                row.push(s.rating.reason.clone());
                rows.push(row);
                points.push(serde_json::json!({
                    "as_at": d,
                    "rating": s.rating,
                    "counts": s.counts,
                }));
            }
            emit(format.format, &points, "", &rows)
        }
        PlanCommand::Update {
            action,
            progress,
            status,
            milestone_done,
            date,
        } => {
            let date = date.unwrap_or_else(today);
            app.update_action(
                actor,
                action,
                ActionUpdate {
                    date,
                    text: progress,
                    status,
                    milestone_done,
                },
            )
            .await?;
            println!(
                "Recorded progress on action {action} dated {}{}{}, signed {}.",
                long_date(date),
                status.map(|s| format!(", status {s}")).unwrap_or_default(),
                milestone_done
                    .map(|m| format!(", milestone {m} done"))
                    .unwrap_or_default(),
                actor.0
            );
            Ok(())
        }
        PlanCommand::Milestone { action, text, due } => {
            let id = app.add_milestone(actor, action, &text, due).await?;
            println!("Added milestone {id} to action {action}.");
            Ok(())
        }
        PlanCommand::Override {
            action,
            colour,
            reason,
            until,
            from,
        } => {
            let from = from.unwrap_or_else(today);
            app.override_rag(actor, action, colour, &reason, from, until)
                .await?;
            println!(
                "Action {action} is {colour} from {} until {} (set by {}): {reason}",
                long_date(from),
                long_date(until),
                actor.0
            );
            Ok(())
        }
        PlanCommand::Page { plan, as_at, out } => {
            let html = app
                .plan_page(plan, as_at.unwrap_or_else(today), &RagRules::default())
                .await?;
            std::fs::write(&out, html)
                .map_err(|e| anyhow::anyhow!("{}: cannot be written: {e}", out.display()))?;
            eprintln!("Wrote {}", out.display());
            Ok(())
        }
    }
}

fn join(v: &[u32]) -> String {
    v.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
}

fn status_text(s: &PlanStatus) -> String {
    let mut t = String::new();
    let _ = writeln!(
        t,
        "{} (plan {}), {}, as at {}",
        s.title,
        s.plan_id,
        s.authority,
        long_date(s.as_at)
    );
    if let Some(v) = &s.vision {
        let _ = writeln!(t, "Vision: {v}");
    }
    let _ = writeln!(t, "Plan: {}", s.rating);
    let counts: Vec<String> = s
        .counts
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(c, n)| format!("{c} {n}"))
        .collect();
    let _ = writeln!(t, "Actions: {}", counts.join(", "));
    if s.overdue_milestones.is_empty() {
        let _ = writeln!(t, "Overdue milestones: none");
    } else {
        let _ = writeln!(t, "Overdue milestones:");
        for m in &s.overdue_milestones {
            let _ = writeln!(
                t,
                "  '{}' was due {} and is {} days late (action {}, milestone {})",
                m.text,
                long_date(m.due),
                m.days_late,
                opt(m.action_id),
                opt(m.id)
            );
        }
    }
    let off: Vec<(u32, &sightline_app::TargetLine)> = s
        .priorities
        .iter()
        .flat_map(|p| p.targets.iter().map(move |t| (p.number, t)))
        .filter(|(_, t)| t.off_track.is_some())
        .collect();
    if off.is_empty() {
        let _ = writeln!(t, "Targets off track: none");
    } else {
        let _ = writeln!(t, "Targets off track (their actions are amber at least):");
        for (n, target) in off {
            let _ = writeln!(
                t,
                "  priority {n}: '{}': {}",
                target.text,
                target.off_track.as_deref().unwrap_or_default()
            );
        }
    }
    let c = &s.coverage;
    let uncovered = match s.inspection_id {
        None => "not known: the plan is not linked to an inspection (import with --inspection ID)"
            .to_string(),
        Some(_) if c.uncovered_recommendations.is_empty() => "none".to_string(),
        Some(_) => join(&c.uncovered_recommendations),
    };
    let _ = writeln!(t, "Recommendations no priority addresses: {uncovered}");
    if !c.actions_without_lead.is_empty() {
        let _ = writeln!(
            t,
            "Actions without a lead: {}",
            c.actions_without_lead.len()
        );
    }
    if !c.actions_without_date.is_empty() {
        let _ = writeln!(
            t,
            "Actions without a due date: {}",
            c.actions_without_date.len()
        );
    }
    if !c.targets_without_indicator.is_empty() {
        let _ = writeln!(
            t,
            "Targets with no indicator: {}",
            c.targets_without_indicator.len()
        );
    }
    for (p, id) in &c.targets_with_unknown_indicator {
        let _ = writeln!(
            t,
            "Priority {p}: target names {id:?}, which is not in the indicator catalogue"
        );
    }
    t
}

fn status_rows(s: &PlanStatus) -> Rows {
    let mut rows = Rows::new(&[
        "priority", "action", "text", "lead", "due", "status", "rag", "why",
    ]);
    for p in &s.priorities {
        rows.push(vec![
            p.number.to_string(),
            String::new(),
            p.text.clone(),
            String::new(),
            String::new(),
            String::new(),
            p.rating.colour.to_string(),
            p.rating.reason.clone(),
        ]);
        for a in &p.actions {
            rows.push(vec![
                p.number.to_string(),
                opt(a.id),
                a.text.clone(),
                opt(a.lead.as_deref()),
                opt(a.due.map(long_date)),
                a.status.to_string(),
                a.rating.colour.to_string(),
                a.rating.reason.clone(),
            ]);
        }
    }
    rows
}
