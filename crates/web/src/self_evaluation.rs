//! The Self-evaluation page: the latest version by area and Ofsted's three questions, its
//! evidence (frozen when published, with what has moved since), the versions and the annual
//! engagement meeting; owners write an answer here; any version downloads as DOCX or PDF.

use askama::Template;
use axum::extract::{Path, Query};

use crate::Extract;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use sightline_app::{Actor, Format};
use sightline_core::self_evaluation::{Area, Citation, Question};

use crate::State;
use crate::auth::PageUser;
use crate::pages::{Chrome, Failure, chrome, render};

/// One answer as shown: (question, answer, evidence with any "moved" warning).
type Answer = (String, String, Vec<(String, Option<String>)>);

#[derive(Template)]
#[template(path = "self-evaluation.html")]
struct SelfEvaluationPage {
    chrome: Chrome,
    /// "2026, version 3: published 2026-11-28".
    heading: String,
    year: String,
    version: u32,
    out_of_date: Option<String>,
    /// (area, its answers).
    areas: Vec<(String, Vec<Answer>)>,
    unanswered: Vec<String>,
    /// (version, status).
    versions: Vec<(u32, String)>,
    can_write: bool,
    /// The shown version is the latest and a draft: it can be published.
    can_publish: bool,
    area_options: Vec<(&'static str, &'static str)>,
    question_options: Vec<(&'static str, &'static str)>,
    error: Option<String>,
}

/// Which version to show.
#[derive(Deserialize)]
pub struct Which {
    year: Option<i16>,
    version: Option<u32>,
}

fn today() -> jiff::civil::Date {
    jiff::Zoned::now().date()
}

/// `GET /self-evaluation`.
pub async fn page(
    Extract(state): Extract<State>,
    PageUser(s): PageUser,
    Query(which): Query<Which>,
) -> Result<Response, Failure> {
    page_with(&state, &s, which, None).await
}

/// The page, with why a form was refused when it was.
async fn page_with(
    state: &State,
    s: &sightline_app::Session,
    which: Which,
    error: Option<String>,
) -> Result<Response, Failure> {
    let actor = Actor(s.user.username.clone());
    let view = match state
        .app
        .self_evaluation(&actor, which.year, which.version, today())
        .await
    {
        Ok(v) => Some(v),
        Err(sightline_app::Error::Invalid(_)) => None,
        Err(e) => return Err(e.into()),
    };
    let mut page = SelfEvaluationPage {
        chrome: chrome(state, s, "self-evaluation"),
        heading: "No self-evaluation is written yet".into(),
        year: today().year().to_string(),
        version: 0,
        out_of_date: None,
        areas: Vec::new(),
        unanswered: Vec::new(),
        versions: Vec::new(),
        can_write: s.user.role.comments(),
        can_publish: false,
        area_options: Area::ALL.iter().map(|a| (a.as_str(), a.title())).collect(),
        question_options: Question::ALL
            .iter()
            .map(|q| (q.as_str(), q.words()))
            .collect(),
        error,
    };
    if let Some(v) = view {
        let sef = &v.self_evaluation;
        page.heading = format!(
            "{}, version {}: {}",
            sef.year,
            sef.version,
            match (sef.published_on, sef.engagement_on) {
                (Some(p), Some(e)) => format!("published {p}, discussed with Ofsted on {e}"),
                (Some(p), None) => format!("published {p}"),
                (None, _) => "draft: evidence as it stands today".into(),
            }
        );
        page.year = sef.year.to_string();
        page.version = sef.version;
        page.can_publish = page.can_write
            && sef.published_on.is_none()
            && v.versions.iter().all(|(_, n, _, _)| *n <= sef.version);
        page.out_of_date = v.out_of_date.clone();
        page.unanswered = v.unanswered.clone();
        page.versions = v
            .versions
            .iter()
            .map(|(_, n, p, e)| {
                (
                    *n,
                    match (p, e) {
                        (Some(p), Some(e)) => format!("published {p}; discussed {e}"),
                        (Some(p), None) => format!("published {p}"),
                        (None, _) => "draft".into(),
                    },
                )
            })
            .collect();
        for area in Area::ALL {
            let answers: Vec<Answer> = sef
                .statements
                .iter()
                .zip(&v.evidence)
                .filter(|(st, _)| st.area == area)
                .map(|(st, ev)| {
                    (
                        st.question.words().to_string(),
                        st.text.clone(),
                        ev.iter()
                            .map(|c| (c.evidence.words.clone(), c.moved.clone()))
                            .collect(),
                    )
                })
                .collect();
            page.areas.push((area.title().to_string(), answers));
        }
    }
    Ok(render(&page))
}

/// The answer form.
#[derive(Deserialize)]
pub struct AnswerForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    area: String,
    #[serde(default)]
    question: String,
    #[serde(default)]
    text: String,
    /// Indicator ids, separated by commas or spaces.
    #[serde(default)]
    indicators: String,
    /// Plan action numbers, separated by commas or spaces.
    #[serde(default)]
    actions: String,
    /// "yes" to cite the practice audits.
    #[serde(default)]
    audits: Option<String>,
}

fn words(t: &str) -> impl Iterator<Item = &str> {
    t.split([',', ' ', ';'])
        .map(str::trim)
        .filter(|w| !w.is_empty())
}

/// `POST /self-evaluation` (managers, analysts, admins): writes one answer as a new draft.
pub async fn write(
    Extract(state): Extract<State>,
    PageUser(s): PageUser,
    axum::Form(f): axum::Form<AnswerForm>,
) -> Result<Response, Failure> {
    if !crate::auth::csrf_ok(&s, &f.csrf) {
        return Ok(crate::auth::csrf_refused());
    }
    let latest = Which {
        year: None,
        version: None,
    };
    let (Ok(year), Ok(area), Ok(question)) = (
        f.year.trim().parse::<i16>(),
        f.area.parse::<Area>(),
        f.question.parse::<Question>(),
    ) else {
        return page_with(
            &state,
            &s,
            latest,
            Some("give the year, the area and the question".into()),
        )
        .await;
    };
    let mut cites: Vec<Citation> = words(&f.indicators)
        .map(|id| Citation::Indicator { id: id.to_string() })
        .collect();
    for a in words(&f.actions) {
        match a.parse::<i64>() {
            Ok(id) => cites.push(Citation::Action { id }),
            Err(_) => {
                return page_with(
                    &state,
                    &s,
                    latest,
                    Some(format!("{a:?} is not an action number")),
                )
                .await;
            }
        }
    }
    if f.audits.is_some() {
        cites.push(Citation::Audits);
    }
    match state
        .app
        .write_statement(
            s.user.role,
            &Actor(s.user.username.clone()),
            year,
            area,
            question,
            &f.text,
            cites,
            today(),
        )
        .await
    {
        Ok(_) => Ok(Redirect::to("/self-evaluation").into_response()),
        Err(e @ sightline_app::Error::Invalid(_)) => {
            page_with(&state, &s, latest, Some(e.to_string())).await
        }
        Err(e) => Err(e.into()),
    }
}

/// The publish form.
#[derive(Deserialize)]
pub struct PublishForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    year: String,
}

/// `POST /self-evaluation/publish` (managers, analysts, admins): publishes the latest version
/// of the year with its evidence frozen today.
pub async fn publish(
    Extract(state): Extract<State>,
    PageUser(s): PageUser,
    axum::Form(f): axum::Form<PublishForm>,
) -> Result<Response, Failure> {
    if !crate::auth::csrf_ok(&s, &f.csrf) {
        return Ok(crate::auth::csrf_refused());
    }
    let latest = Which {
        year: None,
        version: None,
    };
    let Ok(year) = f.year.trim().parse::<i16>() else {
        return page_with(&state, &s, latest, Some("give the year to publish".into())).await;
    };
    match state
        .app
        .publish_self_evaluation(s.user.role, &Actor(s.user.username.clone()), year, today())
        .await
    {
        Ok(_) => Ok(Redirect::to("/self-evaluation").into_response()),
        Err(e @ (sightline_app::Error::Invalid(_) | sightline_app::Error::Forbidden(_))) => {
            page_with(&state, &s, latest, Some(e.to_string())).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /self-evaluation/{year}/{version}/{format}`: a version as DOCX, PDF, XLSX or HTML.
pub async fn download(
    Extract(state): Extract<State>,
    PageUser(s): PageUser,
    Path((year, version, format)): Path<(i16, u32, String)>,
) -> Result<Response, Failure> {
    let Some(format) = Format::from_extension(&format) else {
        return Ok(Redirect::to("/self-evaluation").into_response());
    };
    let bytes = match state
        .app
        .self_evaluation_document(
            &Actor(s.user.username.clone()),
            Some(year),
            Some(version),
            today(),
            format,
        )
        .await
    {
        Ok(b) => b,
        Err(sightline_app::Error::Invalid(_)) => {
            return Ok((axum::http::StatusCode::NOT_FOUND, "No such version.").into_response());
        }
        Err(e) => return Err(e.into()),
    };
    Ok((
        [
            (header::CONTENT_TYPE, format.media_type().to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"self-evaluation-{year}-v{version}.{}\"",
                    format.extension()
                ),
            ),
        ],
        bytes,
    )
        .into_response())
}
