//! The Meetings pages: the forward plan (coming meetings, the pack due for each, the requests
//! due at each), a meeting's record (agenda, papers, decisions and what they asked for), and
//! each body's record of what it asked for and whether it was brought.

use askama::Template;
use axum::extract::Path;

use crate::Extract;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use sightline_app::{Actor, RequestStanding};
use sightline_core::governance::{Body, Item, PaperSource, RequestStatus};

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

fn row(s: &RequestStanding) -> RequestRow {
    RequestRow {
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
    }
}

fn rows(all: &[RequestStanding]) -> Vec<RequestRow> {
    all.iter().map(row).collect()
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
    can_record: bool,
    error: Option<String>,
}

fn today() -> jiff::civil::Date {
    jiff::Zoned::now().date()
}

/// `GET /meetings`.
pub async fn meetings(
    Extract(state): Extract<State>,
    PageUser(s): PageUser,
) -> Result<Response, Failure> {
    meetings_page(&state, &s, None).await
}

/// The Meetings page, with why a form was refused when it was.
async fn meetings_page(
    state: &State,
    s: &sightline_app::Session,
    error: Option<String>,
) -> Result<Response, Failure> {
    let at = today();
    let plan = state.app.forward_plan(at).await?;
    let all = state.app.meetings().await?;
    let requests = state.app.requests(false, at).await?;
    let mut bodies: Vec<Body> = all.iter().map(|m| m.body.clone()).collect();
    bodies.sort();
    bodies.dedup();
    Ok(render(&MeetingsPage {
        chrome: chrome(state, s, "meetings"),
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
        can_record: s.user.role.keeps_minutes(),
        error,
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
    id: i64,
    has_met: bool,
    can_record: bool,
    /// Later meetings a request can be due at: (id, named).
    later: Vec<(i64, String)>,
    /// Packs that can be sent: (id, title).
    packs: Vec<(i64, String)>,
    /// Open requests due here: (id, text).
    open_due: Vec<(i64, String)>,
    error: Option<String>,
}

/// `GET /meetings/{id}`.
pub async fn meeting(
    Extract(state): Extract<State>,
    PageUser(s): PageUser,
    Path(id): Path<i64>,
) -> Result<Response, Failure> {
    meeting_page(&state, &s, id, None).await
}

/// A meeting's page, with why a form was refused when it was.
async fn meeting_page(
    state: &State,
    s: &sightline_app::Session,
    id: i64,
    error: Option<String>,
) -> Result<Response, Failure> {
    let r = match state.app.meeting_record(id, today()).await {
        Ok(r) => r,
        Err(sightline_app::Error::Invalid(_)) => {
            return Ok((axum::http::StatusCode::NOT_FOUND, "No such meeting.").into_response());
        }
        Err(e) => return Err(e.into()),
    };
    let can_record = s.user.role.keeps_minutes();
    let later = if can_record {
        state
            .app
            .meetings()
            .await?
            .into_iter()
            .filter(|m| m.date > r.meeting.date)
            .map(|m| (m.id.unwrap_or_default(), m.named()))
            .collect()
    } else {
        Vec::new()
    };
    let packs = if can_record {
        state
            .app
            .packs(s.user.role)
            .await?
            .into_iter()
            .rev()
            .map(|p| {
                (
                    p.id,
                    format!("{} ({}, {})", p.title, p.period, p.marking.as_str()),
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(render(&MeetingPage {
        id,
        has_met: r.meeting.has_met(today()),
        can_record,
        later,
        packs,
        open_due: r
            .requests_due
            .iter()
            .filter(|x| x.request.status == RequestStatus::Open)
            .map(|x| (x.request.id.unwrap_or_default(), x.request.text.clone()))
            .collect(),
        error,
        chrome: chrome(state, s, "meetings"),
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
                        s.user
                            .role
                            .reads_restricted_packs()
                            .then(|| format!("/meetings/papers/{}", p.id)),
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
                    req.as_ref().map(row),
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
    PageUser(s): PageUser,
    Path(id): Path<i64>,
) -> Result<Response, Failure> {
    let (name, bytes) = match state.app.paper_file(s.user.role, id).await {
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

/// Where a form goes back to: the Meetings page, or a meeting's.
enum Back {
    Meetings,
    Meeting(i64),
}

/// After a form: on success back to its page; refused, its page again saying why (never a
/// message carried in the address, which anyone could write).
async fn back(
    state: &State,
    s: &sightline_app::Session,
    to: Back,
    result: sightline_app::Result<()>,
) -> Result<Response, Failure> {
    let why = match result {
        Ok(()) => {
            return Ok(Redirect::to(&match to {
                Back::Meetings => "/meetings".to_string(),
                Back::Meeting(id) => format!("/meetings/{id}"),
            })
            .into_response());
        }
        Err(e @ (sightline_app::Error::Invalid(_) | sightline_app::Error::Forbidden(_))) => {
            e.to_string()
        }
        Err(e) => return Err(e.into()),
    };
    match to {
        Back::Meetings => meetings_page(state, s, Some(why)).await,
        Back::Meeting(id) => meeting_page(state, s, id, Some(why)).await,
    }
}

/// The meeting form.
#[derive(Deserialize)]
pub struct MeetingForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    title: String,
    /// One item a line: "5=Improvement plan progress".
    #[serde(default)]
    items: String,
}

/// `POST /meetings` (managers, analysts, admins): records a meeting with its agenda.
pub async fn add(
    Extract(state): Extract<State>,
    PageUser(s): PageUser,
    axum::Form(f): axum::Form<MeetingForm>,
) -> Result<Response, Failure> {
    if !crate::auth::csrf_ok(&s, &f.csrf) {
        return Ok(crate::auth::csrf_refused());
    }
    let result = async {
        let date: jiff::civil::Date =
            f.date.trim().parse().map_err(|_| {
                sightline_app::Error::Invalid("the date: give it as YYYY-MM-DD".into())
            })?;
        let mut items = Vec::new();
        for line in f.items.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let (number, title) = line.split_once('=').ok_or_else(|| {
                sightline_app::Error::Invalid(format!(
                    "agenda item {line:?}: write it as NUMBER=TITLE"
                ))
            })?;
            items.push(Item {
                number: number.trim().to_string(),
                title: title.trim().to_string(),
            });
        }
        state
            .app
            .add_meeting(
                s.user.role,
                &Actor(s.user.username.clone()),
                &f.body,
                date,
                Some(f.title.clone()),
                items,
            )
            .await
            .map(|_| ())
    }
    .await;
    back(&state, &s, Back::Meetings, result).await
}

/// The decision form.
#[derive(Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    item: String,
    #[serde(default)]
    number: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    request: String,
    #[serde(default)]
    owner: String,
    #[serde(default)]
    due_meeting: String,
}

/// `POST /meetings/{id}/decisions`: minutes a decision and, when it asks for something, its
/// request.
pub async fn decide(
    Extract(state): Extract<State>,
    PageUser(s): PageUser,
    Path(id): Path<i64>,
    axum::Form(f): axum::Form<DecisionForm>,
) -> Result<Response, Failure> {
    if !crate::auth::csrf_ok(&s, &f.csrf) {
        return Ok(crate::auth::csrf_refused());
    }
    let result = async {
        let request = if f.request.trim().is_empty() {
            None
        } else {
            Some(sightline_app::NewRequest {
                text: f.request.clone(),
                owner: f.owner.clone(),
                due_meeting_id: f.due_meeting.trim().parse().map_err(|_| {
                    sightline_app::Error::Invalid("choose the meeting it is due at".into())
                })?,
                answers: Default::default(),
            })
        };
        state
            .app
            .add_decision(
                s.user.role,
                &Actor(s.user.username.clone()),
                sightline_app::NewDecision {
                    meeting_id: id,
                    item: f.item.clone(),
                    number: f.number.clone(),
                    text: f.text.clone(),
                    request,
                },
            )
            .await
            .map(|_| ())
    }
    .await;
    back(&state, &s, Back::Meeting(id), result).await
}

/// The paper form.
#[derive(Deserialize)]
pub struct PaperForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    pack: String,
}

/// `POST /meetings/{id}/papers`: sends a stored pack before the meeting.
pub async fn send(
    Extract(state): Extract<State>,
    PageUser(s): PageUser,
    Path(id): Path<i64>,
    axum::Form(f): axum::Form<PaperForm>,
) -> Result<Response, Failure> {
    if !crate::auth::csrf_ok(&s, &f.csrf) {
        return Ok(crate::auth::csrf_refused());
    }
    let result = async {
        let pack: i64 = f
            .pack
            .trim()
            .parse()
            .map_err(|_| sightline_app::Error::Invalid("choose a pack".into()))?;
        state
            .app
            .send_pack(
                s.user.role,
                &Actor(s.user.username.clone()),
                id,
                pack,
                today(),
            )
            .await
            .map(|_| ())
    }
    .await;
    back(&state, &s, Back::Meeting(id), result).await
}

/// The form that says a request was brought.
#[derive(Deserialize)]
pub struct BroughtForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    request: String,
}

/// `POST /meetings/{id}/brought`: a request due at this meeting was brought to it.
pub async fn brought(
    Extract(state): Extract<State>,
    PageUser(s): PageUser,
    Path(id): Path<i64>,
    axum::Form(f): axum::Form<BroughtForm>,
) -> Result<Response, Failure> {
    if !crate::auth::csrf_ok(&s, &f.csrf) {
        return Ok(crate::auth::csrf_refused());
    }
    let result = async {
        let request: i64 = f
            .request
            .trim()
            .parse()
            .map_err(|_| sightline_app::Error::Invalid("choose the request".into()))?;
        state
            .app
            .update_request(
                s.user.role,
                &Actor(s.user.username.clone()),
                request,
                RequestStatus::Brought,
                Some(id),
            )
            .await
    }
    .await;
    back(&state, &s, Back::Meeting(id), result).await
}
