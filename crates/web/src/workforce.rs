//! The Workforce page: the DfE's workforce measures from the monthly HR return, for the
//! authority and each team.

use crate::Extract;
use askama::Template;
use axum::response::{IntoResponse, Json, Response};
use sightline_app::WorkforceStatus;
use sightline_core::workforce::{MEASURES, Measures};

use crate::State;
use crate::auth::{ApiUser, PageUser};
use crate::pages::{Chrome, Failure, chrome, render};

/// One row: the team (or the authority) and its seven measures: (value, what to read it with).
pub struct MeasureRow {
    who: String,
    cells: Vec<(String, String)>,
}

fn row(m: &Measures) -> MeasureRow {
    MeasureRow {
        who: m.who(),
        cells: MEASURES
            .iter()
            .map(|(k, _, suffix)| {
                m.rate(k).map_or_else(
                    || ("–".to_string(), String::new()),
                    |r| (r.value_text(suffix), r.note.clone().unwrap_or_default()),
                )
            })
            .collect(),
    }
}

/// England's published figures as a row, when there are any.
fn england_row() -> Option<MeasureRow> {
    let (who, values) = sightline_core::workforce::england_row()?;
    Some(MeasureRow {
        who,
        cells: values.into_iter().map(|v| (v, String::new())).collect(),
    })
}

#[derive(Template)]
#[template(path = "workforce.html")]
struct WorkforcePage {
    chrome: Chrome,
    month: Option<String>,
    rows: Vec<MeasureRow>,
    /// (team, HR caseload, Annex A caseload, difference, note).
    compared: Vec<(String, String, String, String, String)>,
    empty: Option<String>,
}

/// The latest month's measures, or why there are none.
pub(crate) async fn latest(
    state: &State,
    s: &sightline_app::Session,
) -> Result<Result<WorkforceStatus, String>, Failure> {
    match state
        .app
        .workforce_status(
            &sightline_app::Actor(s.user.username.clone()),
            sightline_app::disclosure::Audience::from(s.user.role),
            None,
        )
        .await
    {
        Ok(s) => Ok(Ok(s)),
        Err(e @ sightline_app::Error::Invalid(_)) => Ok(Err(e.to_string())),
        Err(e) => Err(e.into()),
    }
}

/// `GET /workforce`.
pub async fn workforce_page(
    Extract(state): Extract<State>,
    PageUser(s): PageUser,
) -> Result<Response, Failure> {
    let page = match latest(&state, &s).await? {
        Ok(w) => WorkforcePage {
            chrome: chrome(&state, &s, "workforce"),
            month: Some(w.month.strftime("%B %Y").to_string()),
            rows: std::iter::once(&w.authority)
                .chain(&w.teams)
                .map(row)
                .chain(england_row())
                .collect(),
            compared: w
                .caseload_compared
                .iter()
                .map(|c| {
                    (
                        c.team.clone(),
                        c.hr.map_or_else(|| "–".into(), |v| v.to_string()),
                        c.annex_a.clone().unwrap_or_else(|| "–".into()),
                        c.difference
                            .map_or_else(|| "–".into(), |v| format!("{v:+}")),
                        c.note.clone().unwrap_or_default(),
                    )
                })
                .collect(),
            empty: None,
        },
        Err(why) => WorkforcePage {
            chrome: chrome(&state, &s, "workforce"),
            month: None,
            rows: vec![],
            compared: vec![],
            empty: Some(why),
        },
    };
    Ok(render(&page))
}

/// `GET /api/v1/workforce`: the latest month's measures for the authority and each team.
pub async fn workforce_api(
    Extract(state): Extract<State>,
    ApiUser(s): ApiUser,
) -> Result<Response, Failure> {
    Ok(Json(
        state
            .app
            .workforce_status(
                &sightline_app::Actor(s.user.username.clone()),
                sightline_app::disclosure::Audience::from(s.user.role),
                None,
            )
            .await?,
    )
    .into_response())
}
