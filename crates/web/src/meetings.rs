//! The Meetings pages: the forward plan (coming meetings, the pack due for each, the requests
//! due at each), a meeting's record (agenda, papers, decisions and what they asked for), and
//! each body's record of what it asked for and whether it was brought.

use askama::Template;
use axum::extract::{Path, State as Extract};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use sightline_app::RequestStanding;
use sightline_core::governance::{Body, PaperSource};

use crate::State;
use crate::auth::PageUser;
use crate::pages::{Chrome, Failure, chrome, colour_label, render};

/// A request as shown.
pub struct RequestRow {
    asked: String,
    decision: String,
    text: String,
    owner: String,
    due: String,
    colour: &'static str,
    colour_label: &'static str,
    reason: String,
}

fn rows(all: &[RequestStanding]) -> Vec<RequestRow> {
    all.iter()
        .map(|s| RequestRow {
            asked: s.asked_at.named(),
            decision: format!(
                "{}.{}: {}",
                s.decision.item, s.decision.number, s.decision.text
            ),
            text: s.request.text.clone(),
            owner: s.request.owner.clone(),
            due: s.due.named(),
            colour: s.rating.colour.as_str(),
            colour_label: colour_label(s.rating.colour),
            reason: s.rating.reason.clone(),
        })
        .collect()
}

/// A coming meeting as shown: (id, named, pack, papers, requests due).
type Coming = (i64, String, String, usize, Vec<RequestRow>);

#[derive(Template)]
#[template(path = "meetings.html")]
struct MeetingsPage {
    chrome: Chrome,
    coming: Vec<Coming>,
    /// (body slug, body name, requests, red).
    bodies: Vec<(String, String, usize, usize)>,
    /// (id, named, title).
    past: Vec<(i64, String, String)>,
}

fn today() -> jiff::civil::Date {
    jiff::Zoned::now().date()
}

/// `GET /meetings`.
pub async fn meetings(
    Extract(state): Extract<State>,
    PageUser(s): PageUser,
) -> Result<Response, Failure> {
    let at = today();
    let plan = state.app.forward_plan(at).await?;
    let all = state.app.meetings().await?;
    let requests = state.app.requests(false, at).await?;
    let mut bodies: Vec<Body> = all.iter().map(|m| m.body.clone()).collect();
    bodies.sort();
    bodies.dedup();
    Ok(render(&MeetingsPage {
        chrome: chrome(&state, &s, "meetings"),
        coming: plan
            .iter()
            .map(|e| {
                (
                    e.meeting.id.unwrap_or_default(),
                    e.meeting.named(),
                    match (e.pack_due, e.pack_sent) {
                        (Some(_), true) => "sent".to_string(),
                        (Some(k), false) => format!("{} pack not yet sent", k.as_str()),
                        (None, _) => "no pack for this body".to_string(),
                    },
                    e.papers.len(),
                    rows(&e.requests_due),
                )
            })
            .collect(),
        bodies: bodies
            .iter()
            .map(|b| {
                let theirs: Vec<&RequestStanding> =
                    requests.iter().filter(|r| r.asked_at.body == *b).collect();
                (
                    b.as_str().to_string(),
                    b.name().to_string(),
                    theirs.len(),
                    theirs
                        .iter()
                        .filter(|r| r.rating.colour == sightline_core::rag::Rag::Red)
                        .count(),
                )
            })
            .collect(),
        past: all
            .iter()
            .filter(|m| m.has_met(at))
            .rev()
            .map(|m| (m.id.unwrap_or_default(), m.named(), m.title.clone()))
            .collect(),
    }))
}

#[derive(Template)]
#[template(path = "meeting.html")]
struct MeetingPage {
    chrome: Chrome,
    named: String,
    title: String,
    items: Vec<(String, String)>,
    /// (title, where from, checksum, sent by and when, download link).
    papers: Vec<(String, String, String, String, Option<String>)>,
    /// (number, words, what it asked for).
    decisions: Vec<(String, String, Option<RequestRow>)>,
    due: Vec<RequestRow>,
}

/// `GET /meetings/{id}`.
pub async fn meeting(
    Extract(state): Extract<State>,
    PageUser(s): PageUser,
    Path(id): Path<i64>,
) -> Result<Response, Failure> {
    let r = match state.app.meeting_record(id, today()).await {
        Ok(r) => r,
        Err(sightline_app::Error::Invalid(_)) => {
            return Ok((axum::http::StatusCode::NOT_FOUND, "No such meeting.").into_response());
        }
        Err(e) => return Err(e.into()),
    };
    Ok(render(&MeetingPage {
        chrome: chrome(&state, &s, "meetings"),
        named: r.meeting.named(),
        title: r.meeting.title.clone(),
        items: r
            .meeting
            .items
            .iter()
            .map(|i| (i.number.clone(), i.title.clone()))
            .collect(),
        papers: r
            .papers
            .iter()
            .map(|p| {
                let (from, link) = match &p.source {
                    PaperSource::Pack { pack_id } => (
                        format!("pack {pack_id}"),
                        Some(format!("/packs#pack-{pack_id}")),
                    ),
                    PaperSource::File { name, bytes } => (
                        format!("{name}, {bytes} bytes"),
                        Some(format!("/meetings/papers/{}", p.id)),
                    ),
                };
                (
                    p.title.clone(),
                    from,
                    p.sha256.clone(),
                    format!("{} at {}", p.added_by, p.added_at),
                    link,
                )
            })
            .collect(),
        decisions: r
            .decisions
            .iter()
            .map(|(d, req)| {
                (
                    format!("{}.{}", d.item, d.number),
                    d.text.clone(),
                    req.as_ref()
                        .and_then(|x| rows(std::slice::from_ref(x)).pop()),
                )
            })
            .collect(),
        due: rows(&r.requests_due),
    }))
}

#[derive(Template)]
#[template(path = "body.html")]
struct BodyPage {
    chrome: Chrome,
    name: String,
    meetings: Vec<(i64, String)>,
    requests: Vec<RequestRow>,
}

/// `GET /meetings/body/{body}`: what the body asked for, and whether it was brought.
pub async fn body(
    Extract(state): Extract<State>,
    PageUser(s): PageUser,
    Path(body): Path<String>,
) -> Result<Response, Failure> {
    let r = state.app.body_record(&body, today()).await?;
    Ok(render(&BodyPage {
        chrome: chrome(&state, &s, "meetings"),
        name: r.body.name().to_string(),
        meetings: r
            .meetings
            .iter()
            .map(|m| (m.id.unwrap_or_default(), m.named()))
            .collect(),
        requests: rows(&r.requests),
    }))
}

/// `GET /meetings/papers/{id}`: a file paper as sent (checked against its checksum).
pub async fn paper(
    Extract(state): Extract<State>,
    PageUser(_s): PageUser,
    Path(id): Path<i64>,
) -> Result<Response, Failure> {
    let (name, bytes) = match state.app.paper_file(id).await {
        Ok(x) => x,
        Err(sightline_app::Error::Invalid(_)) => {
            return Ok((axum::http::StatusCode::NOT_FOUND, "No such paper.").into_response());
        }
        Err(e) => return Err(e.into()),
    };
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    Ok((
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{safe}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}
