//! An alliance's view (`/alliances/{id}`, `/api/v1/alliances/{id}`): for accounts holding its
//! regional role, each indicator pooled and per member with rank and quartile, and each
//! member's latest grade and journey, all as `app` discloses them.

use askama::Template;
use axum::Json;
use axum::extract::Path;
use axum::response::{IntoResponse, Response};
use sightline_app::AllianceView;
use sightline_app::disclosure::Disclosed;
use sightline_core::indicator::judge::format_value;

use crate::auth::{ApiUser, PageUser};
use crate::pages::{Chrome, Failure, chrome, render};
use crate::{Extract, State};

/// One member's cell, as text.
struct Shown {
    value: String,
    place: String,
    teams: Vec<(String, String)>,
}

/// One indicator's row.
struct Line {
    title: String,
    pooled: String,
    cells: Vec<Shown>,
}

#[derive(Template)]
#[template(path = "alliance.html")]
struct AlliancePage {
    chrome: Chrome,
    view: AllianceView,
    lines: Vec<Line>,
}

fn text(unit: sightline_core::indicator::Unit, d: Option<&Disclosed>) -> String {
    match d {
        None => "–".to_string(),
        Some(d) if d.is_suppressed() => "c".to_string(),
        Some(d) => d
            .value()
            .map_or("no value".to_string(), |v| format_value(unit, v)),
    }
}

fn lines(view: &AllianceView) -> Vec<Line> {
    view.indicators
        .iter()
        .map(|i| {
            let unit = i.definition.unit;
            Line {
                title: i.definition.title.to_string(),
                pooled: match (&i.pooled, &i.pooled_reason) {
                    (Some(p), _) => text(unit, Some(p)),
                    (None, Some(why)) => format!("not pooled: {why}"),
                    (None, None) => "–".to_string(),
                },
                cells: i
                    .members
                    .iter()
                    .map(|m| Shown {
                        value: text(unit, m.figure.as_ref()),
                        place: m.place.map_or(String::new(), |p| match p.quartile {
                            Some(q) => format!("{} of {}, quartile {q}", p.rank, p.of),
                            None => format!("{} of {}", p.rank, p.of),
                        }),
                        teams: m
                            .teams
                            .iter()
                            .map(|c| (c.key.clone(), text(unit, Some(&c.figure))))
                            .collect(),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// `GET /alliances/{id}`
pub async fn page(
    Extract(state): Extract<State>,
    PageUser(s): PageUser,
    Path(id): Path<String>,
) -> Result<Response, Failure> {
    let view = state.app.alliance_view(&s.user, &id).await?;
    Ok(render(&AlliancePage {
        chrome: chrome(&state, &s, "account"),
        lines: lines(&view),
        view,
    }))
}

/// `GET /api/v1/alliances/{id}`
pub async fn api(
    Extract(state): Extract<State>,
    ApiUser(s): ApiUser,
    Path(id): Path<String>,
) -> Result<Response, Failure> {
    Ok(Json(state.app.alliance_view(&s.user, &id).await?).into_response())
}
