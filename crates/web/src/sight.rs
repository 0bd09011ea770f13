//! The line of sight (analysts, managers, admins): the children behind the figures that need
//! action today, by team and worker.

use askama::Template;
use axum::extract::State as Extract;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use sightline_core::indicator::Line;

use crate::State;
use crate::auth::PageUser;
use crate::pages::{Chrome, chrome, render};

type Five = (String, String, String, String, String);

/// One list of children.
pub struct Section {
    title: &'static str,
    rule: String,
    measure: &'static str,
    rows: Vec<Five>,
}

#[derive(Template)]
#[template(path = "line_of_sight.html")]
struct SightPage {
    chrome: Chrome,
    as_at: String,
    sections: Vec<Section>,
}

/// Which rows of which indicator make each list: (indicator, title, measure, keep).
type Pick = fn(&Line) -> bool;

fn not_met(l: &Line) -> bool {
    l.excluded.is_none() && l.denominator && l.numerator == 0
}

fn counted(l: &Line) -> bool {
    l.excluded.is_none() && l.numerator > 0
}

fn near_45(l: &Line) -> bool {
    l.excluded.is_none() && l.numerator == 0 && l.measure.is_some_and(|m| m >= 35)
}

const SECTIONS: &[(&str, &str, &str, Pick)] = &[
    (
        "cin_seen_in_timescale_pct",
        "Children in need not seen within the standard",
        "days since seen",
        not_met,
    ),
    (
        "cp_visited_in_timescale_pct",
        "Children on plans not visited within the standard",
        "working days since the visit",
        not_met,
    ),
    (
        "cp_reviews_in_timescale_pct",
        "Child protection reviews overdue",
        "days to the due date",
        not_met,
    ),
    (
        "cla_visited_in_timescale_pct",
        "Children looked after not visited within the standard",
        "days since the visit",
        not_met,
    ),
    (
        "cla_reviews_in_timescale_pct",
        "Children looked after with a review overdue",
        "days since the review",
        not_met,
    ),
    (
        "assessments_open_over_45wd",
        "Assessments open beyond 45 working days",
        "working days open",
        counted,
    ),
    (
        "assessments_open_over_45wd",
        "Assessments nearing 45 working days (35 or more)",
        "working days open",
        near_45,
    ),
    (
        "cla_return_interview_offered_pct",
        "Missing episodes with no return interview offered",
        "",
        not_met,
    ),
    (
        "care_leavers_in_touch_pct",
        "Care leavers the authority is not in touch with",
        "",
        not_met,
    ),
];

/// `GET /line-of-sight`
pub async fn line_of_sight(Extract(state): Extract<State>, PageUser(s): PageUser) -> Response {
    if !crate::sees_children(s.user.role) {
        return (
            StatusCode::FORBIDDEN,
            "The line of sight lists children: it is for analysts, managers and admins.",
        )
            .into_response();
    }
    let settings = state.app.indicator_settings().await.unwrap_or_default();
    let mut as_at = String::new();
    let mut sections = Vec::new();
    for (id, title, measure, keep) in SECTIONS {
        let Ok(e) = state
            .app
            .explain_indicator(s.user.role, id, None, None)
            .await
        else {
            continue;
        };
        as_at = e.observation.period.clone();
        let mut rows: Vec<Five> = e
            .lines
            .iter()
            .filter(|l| keep(l))
            .map(|l| {
                (
                    l.team.clone().unwrap_or_else(|| "no team".to_string()),
                    l.worker
                        .clone()
                        .unwrap_or_else(|| "unallocated".to_string()),
                    l.child.clone(),
                    format!("{}, {}", l.list, l.row),
                    l.measure.map(|m| m.to_string()).unwrap_or_default(),
                )
            })
            .collect();
        rows.sort();
        let rule = sightline_core::indicator::definition(id)
            .map(|d| {
                let standards: Vec<String> = d
                    .settings
                    .iter()
                    .filter_map(|k| settings.describe(k))
                    .collect();
                if standards.is_empty() {
                    d.definition.to_string()
                } else {
                    format!("{} ({})", d.definition, standards.join("; "))
                }
            })
            .unwrap_or_default();
        sections.push(Section {
            title,
            rule,
            measure: if measure.is_empty() { "" } else { measure },
            rows,
        });
    }
    let latest = state
        .app
        .db()
        .extracts()
        .await
        .ok()
        .and_then(|x| x.iter().map(|e| e.as_at.clone()).max());
    render(&SightPage {
        chrome: chrome(&state, &s, "sight"),
        as_at: latest.unwrap_or(as_at),
        sections,
    })
}
