//! Governance use cases (issue 18, decision 0030): meetings and their agendas, papers sent
//! (a stored pack or a file, never changed once the meeting has met), decisions as the
//! minutes number them, and the requests they make, each rated with its reason; the forward
//! plan and each body's record of what it asked for and whether it was brought.

use std::path::Path;

use jiff::civil::Date;
use serde::Serialize;
use sightline_core::access::Role;
use sightline_core::governance::{
    Answers, Body, Decision, Item, Meeting, Paper, Request, RequestStatus, paper_refused,
    rate_request,
};
use sightline_core::pack::Kind;
use sightline_core::rag::Rating;
use sightline_store::{Actor, NewPaper};

use crate::{Error, Result, Sightline};

/// The largest file sent as a paper (a committee report with appendices is a few megabytes).
pub const MAX_PAPER_BYTES: u64 = 50 * 1024 * 1024;

/// The most characters a decision's words, a request's or a title may have (minutes are
/// sentences, not documents: a document is a paper).
pub const MAX_MINUTE_CHARS: usize = 5_000;

fn too_long(what: &str, text: &str) -> Result<()> {
    if text.chars().count() > MAX_MINUTE_CHARS {
        return Err(Error::Invalid(format!(
            "{what} is longer than {MAX_MINUTE_CHARS} characters: minutes are sentences; send a \
             document as a paper"
        )));
    }
    Ok(())
}

fn forbidden() -> Error {
    Error::Forbidden("meetings, papers and decisions are recorded by managers, analysts and admins")
}

/// A decision to minute, and what it asks for.
#[derive(Debug, Clone)]
pub struct NewDecision {
    /// The meeting.
    pub meeting_id: i64,
    /// The agenda item ("5").
    pub item: String,
    /// Its number within the item ("2").
    pub number: String,
    /// The words minuted.
    pub text: String,
    /// What it asks to be brought back, if anything.
    pub request: Option<NewRequest>,
}

/// What a decision asks to be brought back.
#[derive(Debug, Clone)]
pub struct NewRequest {
    /// What was asked for.
    pub text: String,
    /// Who brings it.
    pub owner: String,
    /// The meeting it is due at.
    pub due_meeting_id: i64,
    /// What answers it.
    pub answers: Answers,
}

/// A request with the decision that made it, the meetings it concerns and its RAG.
#[derive(Debug, Clone, Serialize)]
pub struct RequestStanding {
    /// The request.
    pub request: Request,
    /// The decision that asked for it.
    pub decision: Decision,
    /// The meeting that asked.
    pub asked_at: Meeting,
    /// The meeting it is due at.
    pub due: Meeting,
    /// The meeting it was brought to.
    pub brought_to: Option<Meeting>,
    /// Its RAG with the reason.
    pub rating: Rating,
}

/// A meeting with its papers and decisions.
#[derive(Debug, Clone, Serialize)]
pub struct MeetingRecord {
    /// The meeting and its agenda.
    pub meeting: Meeting,
    /// The papers sent.
    pub papers: Vec<Paper>,
    /// The decisions minuted, each with the request it made.
    pub decisions: Vec<(Decision, Option<RequestStanding>)>,
    /// Requests due at this meeting.
    pub requests_due: Vec<RequestStanding>,
}

/// A coming meeting on the forward plan.
#[derive(Debug, Clone, Serialize)]
pub struct ForwardEntry {
    /// The meeting.
    pub meeting: Meeting,
    /// The pack written for its body, when it has one.
    pub pack_due: Option<Kind>,
    /// Whether a pack has been sent to it yet.
    pub pack_sent: bool,
    /// The papers sent so far.
    pub papers: Vec<Paper>,
    /// The requests due at it.
    pub requests_due: Vec<RequestStanding>,
}

/// What a body asked for, and whether it was brought.
#[derive(Debug, Clone, Serialize)]
pub struct BodyRecord {
    /// The body.
    pub body: Body,
    /// Its meetings, oldest first.
    pub meetings: Vec<Meeting>,
    /// Every request its decisions made, oldest first.
    pub requests: Vec<RequestStanding>,
}

struct Everything {
    meetings: Vec<Meeting>,
    papers: Vec<Paper>,
    decisions: Vec<Decision>,
    requests: Vec<Request>,
}

impl Everything {
    fn meeting(&self, id: i64) -> Option<&Meeting> {
        self.meetings.iter().find(|m| m.id == Some(id))
    }

    fn standing(&self, r: &Request, today: Date) -> Option<RequestStanding> {
        let decision = self
            .decisions
            .iter()
            .find(|d| d.id == Some(r.decision_id))?;
        let asked_at = self.meeting(decision.meeting_id)?;
        let due = self.meeting(r.due_meeting_id)?;
        let brought_to = r.brought_to.and_then(|id| self.meeting(id));
        Some(RequestStanding {
            rating: rate_request(r, due, brought_to, today),
            request: r.clone(),
            decision: decision.clone(),
            asked_at: asked_at.clone(),
            due: due.clone(),
            brought_to: brought_to.cloned(),
        })
    }

    fn standings(&self, today: Date) -> Vec<RequestStanding> {
        self.requests
            .iter()
            .filter_map(|r| self.standing(r, today))
            .collect()
    }
}

impl Sightline {
    async fn everything(&self) -> Result<Everything> {
        Ok(Everything {
            meetings: self.db.meetings().await?,
            papers: self.db.papers().await?,
            decisions: self.db.decisions().await?,
            requests: self.db.requests().await?,
        })
    }

    /// Records a meeting of a body with its agenda (items as number and title). Audited.
    ///
    /// # Errors
    /// [`Error::Forbidden`] for viewers; [`Error::Invalid`] for an unreadable body, an item
    /// without a number or title, an item numbered twice, or a body already meeting that day.
    pub async fn add_meeting(
        &self,
        role: Role,
        actor: &Actor,
        body: &str,
        date: Date,
        title: Option<String>,
        items: Vec<Item>,
    ) -> Result<i64> {
        if !role.keeps_minutes() {
            return Err(forbidden());
        }
        let body: Body = body.parse().map_err(|e| Error::Invalid(format!("{e}")))?;
        if let Some(t) = &title {
            too_long("the title", t)?;
        }
        for (k, item) in items.iter().enumerate() {
            too_long("an agenda item", &item.title)?;
            too_long("an agenda item's number", &item.number)?;
            if item.number.trim().is_empty() || item.title.trim().is_empty() {
                return Err(Error::Invalid(format!(
                    "agenda item {}: give it a number and a title (\"5=Improvement plan\")",
                    k + 1
                )));
            }
            if items[..k].iter().any(|i| i.number == item.number) {
                return Err(Error::Invalid(format!(
                    "agenda item {} is numbered twice",
                    item.number
                )));
            }
        }
        let title = title
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| format!("{}, {}", body.name(), date.strftime("%B %Y")));
        let meeting = Meeting {
            id: None,
            body,
            date,
            title,
            items,
        };
        Ok(self.db.add_meeting(actor, &meeting).await?)
    }

    /// Every meeting, oldest first.
    ///
    /// # Errors
    /// Store errors.
    pub async fn meetings(&self) -> Result<Vec<Meeting>> {
        Ok(self.db.meetings().await?)
    }

    /// One meeting with its papers, decisions and the requests due at it, rated on `today`.
    ///
    /// # Errors
    /// [`Error::Invalid`] for an unknown meeting; store errors.
    pub async fn meeting_record(&self, id: i64, today: Date) -> Result<MeetingRecord> {
        let all = self.everything().await?;
        let meeting = all
            .meeting(id)
            .cloned()
            .ok_or_else(|| Error::Invalid(format!("there is no meeting {id}")))?;
        let standings = all.standings(today);
        let decisions = all
            .decisions
            .iter()
            .filter(|d| d.meeting_id == id)
            .map(|d| {
                (
                    d.clone(),
                    standings
                        .iter()
                        .find(|s| Some(s.request.decision_id) == d.id)
                        .cloned(),
                )
            })
            .collect();
        Ok(MeetingRecord {
            papers: all
                .papers
                .iter()
                .filter(|p| p.meeting_id == id)
                .cloned()
                .collect(),
            requests_due: standings
                .iter()
                .filter(|s| s.request.due_meeting_id == id)
                .cloned()
                .collect(),
            decisions,
            meeting,
        })
    }

    async fn open_meeting(&self, id: i64, today: Date) -> Result<Meeting> {
        let meeting = self
            .db
            .meetings()
            .await?
            .into_iter()
            .find(|m| m.id == Some(id))
            .ok_or_else(|| Error::Invalid(format!("there is no meeting {id}")))?;
        match paper_refused(&meeting, today) {
            Some(why) => Err(Error::Invalid(why)),
            None => Ok(meeting),
        }
    }

    /// Sends a stored pack to a meeting as a paper (its checksum kept). Audited.
    ///
    /// # Errors
    /// [`Error::Forbidden`] for viewers; [`Error::Invalid`] for an unknown meeting or pack, or a
    /// meeting that has met (its papers are fixed).
    pub async fn send_pack(
        &self,
        role: Role,
        actor: &Actor,
        meeting_id: i64,
        pack_id: i64,
        today: Date,
    ) -> Result<i64> {
        if !role.keeps_minutes() {
            return Err(forbidden());
        }
        self.open_meeting(meeting_id, today).await?;
        let (pack, _) = self
            .db
            .pack(pack_id)
            .await?
            .ok_or_else(|| Error::Invalid(format!("there is no pack {pack_id}")))?;
        Ok(self
            .db
            .add_paper(
                actor,
                meeting_id,
                &pack.title,
                NewPaper::Pack {
                    pack_id,
                    sha256: &pack.content_sha256,
                },
            )
            .await?)
    }

    /// Sends a file to a meeting as a paper, kept whole with its checksum. Audited.
    ///
    /// # Errors
    /// [`Error::Forbidden`] for viewers; [`Error::Invalid`] for an unknown meeting, one that has
    /// met, or a file that cannot be read, is empty or is over [`MAX_PAPER_BYTES`].
    pub async fn send_file(
        &self,
        role: Role,
        actor: &Actor,
        meeting_id: i64,
        path: &Path,
        title: Option<String>,
        today: Date,
    ) -> Result<i64> {
        if !role.keeps_minutes() {
            return Err(forbidden());
        }
        self.open_meeting(meeting_id, today).await?;
        let size = std::fs::metadata(path)
            .map_err(|e| Error::Invalid(format!("{}: cannot be read: {e}", path.display())))?
            .len();
        if size == 0 || size > MAX_PAPER_BYTES {
            return Err(Error::Invalid(format!(
                "{}: {size} bytes; a paper is between 1 byte and {} MB",
                path.display(),
                MAX_PAPER_BYTES / 1024 / 1024
            )));
        }
        let bytes = std::fs::read(path)
            .map_err(|e| Error::Invalid(format!("{}: cannot be read: {e}", path.display())))?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let title = title
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| name.clone());
        Ok(self
            .db
            .add_paper(
                actor,
                meeting_id,
                &title,
                NewPaper::File {
                    name: &name,
                    bytes: &bytes,
                    sha256: &crate::pack::sha256(&bytes),
                },
            )
            .await?)
    }

    /// A file paper's name and bytes, checked against the checksum kept when it was sent. A
    /// file carries no marking, so it may hold anything a restricted pack holds: only roles
    /// allowed restricted packs download it; viewers see its title and checksum.
    ///
    /// # Errors
    /// [`Error::Forbidden`] for viewers; [`Error::Invalid`] for no such file paper, or one whose
    /// bytes no longer match.
    pub async fn paper_file(&self, role: Role, id: i64) -> Result<(String, Vec<u8>)> {
        if !role.reads_restricted_packs() {
            return Err(Error::Forbidden(
                "a file sent as a paper carries no marking: managers, analysts and admins \
                 download it",
            ));
        }
        let (name, bytes, kept) = self
            .db
            .paper_file(id)
            .await?
            .ok_or_else(|| Error::Invalid(format!("there is no file paper {id}")))?;
        if crate::pack::sha256(&bytes) != kept {
            return Err(Error::Invalid(format!(
                "paper {id} does not match the checksum kept when it was sent"
            )));
        }
        Ok((name, bytes))
    }

    /// Minutes a decision and, when it asks for something, the request, in one transaction.
    /// Returns the decision's id and the request's. Audited.
    ///
    /// # Errors
    /// [`Error::Forbidden`] for viewers; [`Error::Invalid`] for an unknown meeting, an item not
    /// on its agenda, empty words, a due meeting that is unknown or not after the meeting
    /// deciding, or answers naming an unknown action or indicator.
    pub async fn add_decision(
        &self,
        role: Role,
        actor: &Actor,
        new: NewDecision,
    ) -> Result<(i64, Option<i64>)> {
        if !role.keeps_minutes() {
            return Err(forbidden());
        }
        let meetings = self.db.meetings().await?;
        let find = |id: i64| meetings.iter().find(|m| m.id == Some(id));
        let meeting = find(new.meeting_id)
            .ok_or_else(|| Error::Invalid(format!("there is no meeting {}", new.meeting_id)))?;
        let item = new.item.trim().to_string();
        if !meeting.items.is_empty() && !meeting.items.iter().any(|i| i.number == item) {
            return Err(Error::Invalid(format!(
                "{} has no agenda item {item:?} (items: {})",
                meeting.named(),
                meeting
                    .items
                    .iter()
                    .map(|i| i.number.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        too_long("the decision", &new.text)?;
        too_long("the decision's number", &new.number)?;
        too_long("the item", &item)?;
        if item.is_empty() || new.number.trim().is_empty() || new.text.trim().is_empty() {
            return Err(Error::Invalid(
                "a decision needs its item, its number and the words minuted".into(),
            ));
        }
        let request = match new.request {
            None => None,
            Some(r) => {
                let due = find(r.due_meeting_id).ok_or_else(|| {
                    Error::Invalid(format!(
                        "there is no meeting {} to bring it to",
                        r.due_meeting_id
                    ))
                })?;
                if due.date <= meeting.date {
                    return Err(Error::Invalid(format!(
                        "{} is not after {}: a request is due at a later meeting",
                        due.named(),
                        meeting.named()
                    )));
                }
                too_long("the request", &r.text)?;
                too_long("the request's owner", &r.owner)?;
                if r.text.trim().is_empty() || r.owner.trim().is_empty() {
                    return Err(Error::Invalid(
                        "a request needs what was asked for and who brings it".into(),
                    ));
                }
                if let Some(id) = r
                    .answers
                    .indicators
                    .iter()
                    .find(|i| sightline_core::indicator::definition(i).is_none())
                {
                    return Err(Error::Invalid(format!(
                        "{id:?} is not an indicator id (see `sightline indicators list`)"
                    )));
                }
                if let Some(a) = self.unknown_action(&r.answers.actions).await? {
                    return Err(Error::Invalid(format!(
                        "the plan has no action {a} (see `sightline plan status`)"
                    )));
                }
                Some(Request {
                    id: None,
                    decision_id: 0,
                    text: r.text.trim().to_string(),
                    owner: r.owner.trim().to_string(),
                    due_meeting_id: r.due_meeting_id,
                    status: RequestStatus::Open,
                    brought_to: None,
                    answers: r.answers,
                })
            }
        };
        let decision = Decision {
            id: None,
            meeting_id: new.meeting_id,
            item,
            number: new.number.trim().to_string(),
            text: new.text.trim().to_string(),
        };
        Ok(self
            .db
            .add_decision(actor, &decision, request.as_ref())
            .await?)
    }

    /// Every request, rated on `today` (only the open ones with `open_only`).
    ///
    /// # Errors
    /// Store errors.
    pub async fn requests(&self, open_only: bool, today: Date) -> Result<Vec<RequestStanding>> {
        Ok(self
            .everything()
            .await?
            .standings(today)
            .into_iter()
            .filter(|s| !open_only || s.request.status == RequestStatus::Open)
            .collect())
    }

    /// Records that a request was brought (to a meeting), withdrawn, or opened again. Audited.
    ///
    /// # Errors
    /// [`Error::Forbidden`] for viewers; [`Error::Invalid`] for an unknown request or meeting,
    /// or "brought" without the meeting it was brought to.
    pub async fn update_request(
        &self,
        role: Role,
        actor: &Actor,
        id: i64,
        status: RequestStatus,
        brought_to: Option<i64>,
    ) -> Result<()> {
        if !role.keeps_minutes() {
            return Err(forbidden());
        }
        let brought_to = match (status, brought_to) {
            (RequestStatus::Brought, None) => {
                return Err(Error::Invalid(
                    "say which meeting it was brought to (--meeting ID)".into(),
                ));
            }
            (RequestStatus::Brought, Some(m)) => {
                if !self.db.meetings().await?.iter().any(|x| x.id == Some(m)) {
                    return Err(Error::Invalid(format!("there is no meeting {m}")));
                }
                Some(m)
            }
            _ => None,
        };
        Ok(self
            .db
            .update_request(actor, id, status, brought_to)
            .await?)
    }

    /// The forward plan on `today`: each coming meeting (today's too), the pack due for its
    /// body and whether one has been sent, its papers, and the requests due at it.
    ///
    /// # Errors
    /// Store errors.
    pub async fn forward_plan(&self, today: Date) -> Result<Vec<ForwardEntry>> {
        let all = self.everything().await?;
        let standings = all.standings(today);
        let packs = self.db.packs(false).await?;
        Ok(all
            .meetings
            .iter()
            .filter(|m| !m.has_met(today))
            .map(|m| {
                let papers: Vec<Paper> = all
                    .papers
                    .iter()
                    .filter(|p| Some(p.meeting_id) == m.id)
                    .cloned()
                    .collect();
                let pack_due = m.body.pack_kind();
                let pack_sent = papers.iter().any(|p| match &p.source {
                    sightline_core::governance::PaperSource::Pack { pack_id } => packs
                        .iter()
                        .any(|k| k.id == *pack_id && Some(k.kind) == pack_due),
                    sightline_core::governance::PaperSource::File { .. } => false,
                });
                ForwardEntry {
                    pack_due,
                    pack_sent,
                    papers,
                    requests_due: standings
                        .iter()
                        .filter(|s| Some(s.request.due_meeting_id) == m.id)
                        .cloned()
                        .collect(),
                    meeting: m.clone(),
                }
            })
            .collect())
    }

    /// What a body asked for and whether it was brought, rated on `today`.
    ///
    /// # Errors
    /// [`Error::Invalid`] for an unreadable body name; store errors.
    pub async fn body_record(&self, body: &str, today: Date) -> Result<BodyRecord> {
        let body: Body = body.parse().map_err(|e| Error::Invalid(format!("{e}")))?;
        let all = self.everything().await?;
        Ok(BodyRecord {
            meetings: all
                .meetings
                .iter()
                .filter(|m| m.body == body)
                .cloned()
                .collect(),
            requests: all
                .standings(today)
                .into_iter()
                .filter(|s| s.asked_at.body == body)
                .collect(),
            body,
        })
    }
}
