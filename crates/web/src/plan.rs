//! The plan pages: priorities and actions filterable by lead, status and RAG; an action with
//! its milestones, progress history and a form to add progress (managers and admins).

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query};

use crate::Extract;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use sightline_app::{ActionUpdate, Actor};
use sightline_core::plan::ActionStatus;
use sightline_core::rag::{Rag, RagRules};

use crate::State;
use crate::auth::{PageUser, csrf_ok, csrf_refused};
use crate::pages::{Chrome, Failure, chrome, colour_label, render};

/// `?lead=&status=&rag=`
#[derive(Deserialize, Default)]
pub struct Filter {
    #[serde(default)]
    lead: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    rag: String,
}

/// An action row.
pub struct ActionRow {
    id: i64,
    text: String,
    lead: String,
    due: String,
    status: &'static str,
    colour: &'static str,
    colour_label: &'static str,
    reason: String,
}

fn action_row(a: &sightline_app::ActionLine) -> ActionRow {
    ActionRow {
        id: a.id.unwrap_or_default(),
        text: a.text.clone(),
        lead: a.lead.clone().unwrap_or_else(|| "no lead".to_string()),
        due: a
            .due
            .map_or_else(|| "no date".to_string(), |d| d.to_string()),
        status: a.status.label(),
        colour: a.rating.colour.as_str(),
        colour_label: colour_label(a.rating.colour),
        reason: a.rating.reason.clone(),
    }
}

/// A priority and its matching actions.
pub struct PriorityRows {
    number: u32,
    text: String,
    /// (link, "Recommendation N", opening words).
    recommendations: Vec<(String, String, String)>,
    colour: &'static str,
    colour_label: &'static str,
    actions: Vec<ActionRow>,
    /// (words, the measure's target record, why it is off track).
    targets: Vec<(String, String, Option<String>)>,
}

#[derive(Template)]
#[template(path = "plan.html")]
struct PlanPage {
    chrome: Chrome,
    title: String,
    colour: &'static str,
    colour_label: &'static str,
    reason: String,
    leads: Vec<(String, bool)>,
    rags: Vec<(&'static str, bool)>,
    statuses: Vec<(&'static str, &'static str, bool)>,
    priorities: Vec<PriorityRows>,
    coverage: String,
}

fn today() -> jiff::civil::Date {
    jiff::Zoned::now().date()
}

/// `GET /plan`
pub async fn plan(
    Extract(state): Extract<State>,
    PageUser(s): PageUser,
    Query(f): Query<Filter>,
) -> Result<Response, Failure> {
    let p = state
        .app
        .plan_status(None, today(), &RagRules::default())
        .await?;
    let mut leads: Vec<String> = p
        .priorities
        .iter()
        .flat_map(|pr| pr.actions.iter().filter_map(|a| a.lead.clone()))
        .collect();
    leads.sort();
    leads.dedup();
    let priorities = p
        .priorities
        .iter()
        .map(|pr| PriorityRows {
            number: pr.number,
            text: pr.text.clone(),
            recommendations: pr
                .recommendations
                .iter()
                .map(|n| {
                    let words = pr
                        .recommendation_texts
                        .iter()
                        .find(|(k, _)| k == n)
                        .map(|(_, t)| t.clone())
                        .unwrap_or_else(|| "(not in the linked inspection)".to_string());
                    (
                        format!(
                            "/inspections#recommendation-{}-{n}",
                            p.inspection_id.unwrap_or(0)
                        ),
                        format!("Recommendation {n}"),
                        words,
                    )
                })
                .collect(),
            colour: pr.rating.colour.as_str(),
            colour_label: colour_label(pr.rating.colour),
            targets: pr
                .targets
                .iter()
                .map(|t| {
                    let record = match (&t.indicator, &t.record) {
                        (_, Some(r)) => format!("target record: {r}"),
                        (Some(i), None) => format!("{i}: no target record yet"),
                        (None, None) => "not measured by an indicator".to_string(),
                    };
                    (t.text.clone(), record, t.off_track.clone())
                })
                .collect(),
            actions: pr
                .actions
                .iter()
                .filter(|a| f.lead.is_empty() || a.lead.as_deref() == Some(f.lead.as_str()))
                .filter(|a| f.status.is_empty() || a.status.as_str() == f.status)
                .filter(|a| f.rag.is_empty() || a.rating.colour.as_str() == f.rag)
                .map(action_row)
                .collect(),
        })
        .collect();
    let c = &p.coverage;
    let coverage = if c.uncovered_recommendations.is_empty() {
        "Every recommendation has at least one priority.".to_string()
    } else {
        format!(
            "Recommendations with no priority: {}.",
            c.uncovered_recommendations
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    Ok(render(&PlanPage {
        chrome: chrome(&state, &s, "plan"),
        title: p.title.clone(),
        colour: p.rating.colour.as_str(),
        colour_label: colour_label(p.rating.colour),
        reason: p.rating.reason.clone(),
        rags: Rag::WORST_FIRST
            .iter()
            .map(|r| (r.as_str(), r.as_str() == f.rag))
            .collect(),
        statuses: [
            ActionStatus::NotStarted,
            ActionStatus::InProgress,
            ActionStatus::Complete,
            ActionStatus::Dropped,
        ]
        .iter()
        .map(|x| (x.as_str(), x.label(), x.as_str() == f.status))
        .collect(),
        leads: leads
            .into_iter()
            .map(|l| {
                let sel = l == f.lead;
                (l, sel)
            })
            .collect(),
        priorities,
        coverage,
    }))
}

type Three = (String, String, String);
type Four = (String, String, String, String);

#[derive(Template)]
#[template(path = "action.html")]
struct ActionPage {
    chrome: Chrome,
    priority: u32,
    action: ActionRow,
    milestones: Vec<Three>,
    updates: Vec<Four>,
    can_update: bool,
    error: Option<String>,
}

async fn action_page(
    state: &State,
    s: &sightline_app::Session,
    id: i64,
    error: Option<String>,
) -> Result<Response, Failure> {
    let plan = state.app.plan(None).await?;
    let status = state
        .app
        .plan_status(plan.id, today(), &RagRules::default())
        .await?;
    let found = plan.priorities.iter().find_map(|pr| {
        pr.actions
            .iter()
            .find(|a| a.id == Some(id))
            .map(|a| (pr.number, a))
    });
    let line = status
        .priorities
        .iter()
        .flat_map(|p| p.actions.iter())
        .find(|a| a.id == Some(id));
    let (Some((priority, action)), Some(line)) = (found, line) else {
        return Ok((StatusCode::NOT_FOUND, "No such action.").into_response());
    };
    let mut updates: Vec<Four> = action
        .updates
        .iter()
        .map(|u| {
            (
                u.date.to_string(),
                u.author.clone(),
                match u.entered_late() {
                    // A correction shows as one: a board paper from before it stands as it was.
                    Some(e) => format!("{} (a correction, entered on {e})", u.text),
                    None => u.text.clone(),
                },
                u.status.map_or_else(String::new, |x| x.label().to_string()),
            )
        })
        .collect();
    updates.reverse();
    let mut page = ActionPage {
        chrome: chrome(state, s, "plan"),
        priority,
        action: action_row(line),
        milestones: action
            .milestones
            .iter()
            .map(|m| {
                (
                    m.text.clone(),
                    m.due.map_or_else(String::new, |d| d.to_string()),
                    m.done
                        .map_or_else(|| "not yet".to_string(), |d| d.to_string()),
                )
            })
            .collect(),
        updates,
        can_update: s.user.role.updates_plan(),
        error: None,
    };
    let bad = error.is_some();
    page.error = error;
    let mut r = render(&page);
    if bad {
        *r.status_mut() = StatusCode::BAD_REQUEST;
    }
    Ok(r)
}

/// `GET /plan/actions/{id}`
pub async fn action(
    Extract(state): Extract<State>,
    PageUser(s): PageUser,
    Path(id): Path<i64>,
) -> Result<Response, Failure> {
    action_page(&state, &s, id, None).await
}

/// The progress form.
#[derive(Deserialize)]
pub struct ProgressForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    status: String,
}

/// `POST /plan/actions/{id}/progress` (managers and admins): adds progress, signed by the
/// user, and goes back to the action with its new RAG.
pub async fn add_progress(
    Extract(state): Extract<State>,
    PageUser(s): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<ProgressForm>,
) -> Response {
    if !csrf_ok(&s, &form.csrf) {
        return csrf_refused();
    }
    if !s.user.role.updates_plan() {
        return (
            StatusCode::FORBIDDEN,
            "Only managers and admins can add progress.",
        )
            .into_response();
    }
    if form.text.trim().is_empty() {
        return action_page(&state, &s, id, Some("Enter what has happened".to_string()))
            .await
            .into_response();
    }
    let status = if form.status.is_empty() {
        None
    } else {
        match form.status.parse::<ActionStatus>() {
            Ok(st) => Some(st),
            Err(e) => {
                return action_page(&state, &s, id, Some(e.to_string()))
                    .await
                    .into_response();
            }
        }
    };
    let update = ActionUpdate {
        date: today(),
        text: form.text.trim().to_string(),
        status,
        milestone_done: None,
    };
    match state
        .app
        .update_action(&Actor(s.user.username.clone()), id, update)
        .await
    {
        Ok(()) => Redirect::to(&format!("/plan/actions/{id}")).into_response(),
        Err(e) => action_page(&state, &s, id, Some(e.to_string()))
            .await
            .into_response(),
    }
}
