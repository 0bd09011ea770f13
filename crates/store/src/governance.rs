//! Governance, for one authority: meetings with their agendas, the papers sent (kept whole and
//! never changed), the decisions minuted and the requests they made. Every change is audited
//! in its own transaction.

use sightline_core::governance::{
    Answers, Decision, Item, Meeting, Paper, PaperSource, Request, RequestStatus,
};
use sqlx::Row;

use crate::audit::{Actor, Entry, record};
use crate::native::{Day, Instant};
use crate::{Db, Error, Result, with_pool};

/// A paper to send: a stored pack (with its content checksum) or a file's bytes.
pub enum NewPaper<'a> {
    /// A stored pack.
    Pack {
        /// The pack.
        pack_id: i64,
        /// Its content's SHA-256.
        sha256: &'a str,
    },
    /// A file, kept whole.
    File {
        /// Its name as uploaded.
        name: &'a str,
        /// Its bytes.
        bytes: &'a [u8],
        /// Their SHA-256.
        sha256: &'a str,
    },
}

fn refused(what: &str, e: impl std::fmt::Display) -> Error {
    Error::Refused(format!("stored {what}: {e}"))
}

impl Db {
    /// Adds a meeting with its agenda. Returns its id.
    ///
    /// # Errors
    /// [`Error::Refused`] when the body already meets that day; query errors.
    pub async fn add_meeting(&self, actor: &Actor, m: &Meeting) -> Result<i64> {
        with_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let clash: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM meetings WHERE authority_code = $1 AND body = $2 AND date = $3",
            )
            .bind(self.owner())
            .bind(m.body.as_str())
            .bind(Day(m.date))
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(id) = clash {
                return Err(Error::Refused(format!(
                    "{} is already recorded (meeting {id})",
                    m.named()
                )));
            }
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO meetings (authority_code, body, date, title) VALUES ($1, $2, $3, $4) \
                 RETURNING id",
            )
            .bind(self.owner())
            .bind(m.body.as_str())
            .bind(Day(m.date))
            .bind(&m.title)
            .fetch_one(&mut *tx)
            .await?;
            for item in &m.items {
                sqlx::query(
                    "INSERT INTO meeting_items (meeting_id, number, title) VALUES ($1, $2, $3)",
                )
                .bind(id)
                .bind(&item.number)
                .bind(&item.title)
                .execute(&mut *tx)
                .await?;
            }
            record(
                &mut *tx,
                self.owner(),
                actor,
                Entry::new(
                    "meeting.add",
                    "meetings",
                    Some(id),
                    format!("{} ({} items)", m.named(), m.items.len()),
                ),
            )
            .await?;
            tx.commit().await?;
            Ok(id)
        })
    }

    /// Every meeting with its agenda, in date order.
    ///
    /// # Errors
    /// Query errors; [`Error::Refused`] for a stored date that cannot be read.
    pub async fn meetings(&self) -> Result<Vec<Meeting>> {
        with_pool!(self, |p| {
            let rows = sqlx::query(
                "SELECT id, body, date, title FROM meetings WHERE ($1 IS NULL OR \
                 authority_code = $1) ORDER BY date, id",
            )
            .bind(self.authority())
            .fetch_all(p)
            .await?;
            let items = sqlx::query(
                "SELECT i.meeting_id, i.number, i.title FROM meeting_items i JOIN meetings m ON \
                 m.id = i.meeting_id WHERE ($1 IS NULL OR m.authority_code = $1) ORDER BY i.id",
            )
            .bind(self.authority())
            .fetch_all(p)
            .await?;
            rows.iter()
                .map(|r| {
                    let id: i64 = r.try_get("id")?;
                    let body: String = r.try_get("body")?;
                    let date = r.try_get::<Day, _>("date")?.to_string();
                    Ok(Meeting {
                        id: Some(id),
                        body: body.parse().map_err(|e| refused("meeting body", e))?,
                        date: date.parse().map_err(|e| refused("meeting date", e))?,
                        title: r.try_get("title")?,
                        items: items
                            .iter()
                            .filter(|i| i.try_get::<i64, _>("meeting_id").ok() == Some(id))
                            .map(|i| {
                                Ok(Item {
                                    number: i.try_get("number")?,
                                    title: i.try_get("title")?,
                                })
                            })
                            .collect::<Result<_>>()?,
                    })
                })
                .collect()
        })
    }

    /// Sends a paper to a meeting (kept whole; never changed). Returns its id.
    ///
    /// # Errors
    /// Query errors.
    pub async fn add_paper(
        &self,
        actor: &Actor,
        meeting_id: i64,
        title: &str,
        paper: NewPaper<'_>,
    ) -> Result<i64> {
        let (pack_id, name, bytes, sha) = match &paper {
            NewPaper::Pack { pack_id, sha256 } => (Some(*pack_id), None, None, *sha256),
            NewPaper::File {
                name,
                bytes,
                sha256,
            } => (None, Some(*name), Some(*bytes), *sha256),
        };
        let size = bytes.map_or(0, |b| i64::try_from(b.len()).unwrap_or(i64::MAX));
        with_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO meeting_papers (meeting_id, title, pack_id, file_name, file_bytes, \
                 size, sha256, added_by, added_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
                 RETURNING id",
            )
            .bind(meeting_id)
            .bind(title)
            .bind(pack_id)
            .bind(name)
            .bind(bytes)
            .bind(size)
            .bind(sha)
            .bind(&actor.0)
            .bind(Instant::now())
            .fetch_one(&mut *tx)
            .await?;
            record(
                &mut *tx,
                self.owner(),
                actor,
                Entry::new(
                    "meeting.paper",
                    "meeting_papers",
                    Some(id),
                    format!(
                        "meeting {meeting_id}: {}",
                        pack_id.map_or_else(
                            || format!("file {}", name.unwrap_or_default()),
                            |p| format!("pack {p}")
                        )
                    ),
                )
                .change(None, format!("sha256 {sha}")),
            )
            .await?;
            tx.commit().await?;
            Ok(id)
        })
    }

    /// Every paper sent, in the order sent.
    ///
    /// # Errors
    /// Query errors.
    pub async fn papers(&self) -> Result<Vec<Paper>> {
        with_pool!(self, |p| {
            let rows = sqlx::query(
                "SELECT x.id, x.meeting_id, x.title, x.pack_id, x.file_name, x.size, x.sha256, \
                     x.added_by, x.added_at FROM meeting_papers x JOIN meetings m ON m.id = \
                     x.meeting_id WHERE ($1 IS NULL OR m.authority_code = $1) ORDER BY x.id",
            )
            .bind(self.authority())
            .fetch_all(p)
            .await?;
            rows.iter()
                .map(|r| {
                    let pack: Option<i64> = r.try_get("pack_id")?;
                    let size: i64 = r.try_get("size")?;
                    Ok(Paper {
                        id: r.try_get("id")?,
                        meeting_id: r.try_get("meeting_id")?,
                        title: r.try_get("title")?,
                        source: match pack {
                            Some(pack_id) => PaperSource::Pack { pack_id },
                            None => PaperSource::File {
                                name: r
                                    .try_get::<Option<String>, _>("file_name")?
                                    .unwrap_or_default(),
                                bytes: u64::try_from(size).unwrap_or(0),
                            },
                        },
                        sha256: r.try_get("sha256")?,
                        added_by: r.try_get("added_by")?,
                        added_at: r.try_get::<Instant, _>("added_at")?.to_string(),
                    })
                })
                .collect()
        })
    }

    /// A file paper's name, bytes as sent, and the checksum kept when it was sent.
    ///
    /// # Errors
    /// Query errors.
    pub async fn paper_file(&self, id: i64) -> Result<Option<(String, Vec<u8>, String)>> {
        with_pool!(self, |p| {
            let row = sqlx::query(
                    "SELECT x.file_name, x.file_bytes, x.sha256 FROM meeting_papers x JOIN meetings m ON \
                     m.id = x.meeting_id WHERE x.id = $1 AND ($2 IS NULL OR m.authority_code = $2) \
                     AND x.file_bytes IS NOT NULL",
                )
                .bind(id)
                .bind(self.authority())
                .fetch_optional(p)
                .await?;
            row.map(|r| {
                Ok((
                    r.try_get("file_name")?,
                    r.try_get("file_bytes")?,
                    r.try_get("sha256")?,
                ))
            })
            .transpose()
        })
    }

    /// Minutes a decision and, when it asks for something, its request, in one transaction.
    /// Returns the decision's id and the request's.
    ///
    /// # Errors
    /// [`Error::Refused`] when the meeting already has a decision of that item and number;
    /// query errors.
    pub async fn add_decision(
        &self,
        actor: &Actor,
        d: &Decision,
        request: Option<&Request>,
    ) -> Result<(i64, Option<i64>)> {
        let answers = match request {
            Some(r) => Some(
                serde_json::to_string(&r.answers)
                    .map_err(|e| Error::Refused(format!("a request's answers: {e}")))?,
            ),
            None => None,
        };
        with_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let clash: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM decisions WHERE meeting_id = $1 AND item = $2 AND number = $3",
            )
            .bind(d.meeting_id)
            .bind(&d.item)
            .bind(&d.number)
            .fetch_optional(&mut *tx)
            .await?;
            if clash.is_some() {
                return Err(Error::Refused(format!(
                    "meeting {} already has decision {} of item {}",
                    d.meeting_id, d.number, d.item
                )));
            }
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO decisions (meeting_id, item, number, text) VALUES ($1, $2, $3, $4) \
                 RETURNING id",
            )
            .bind(d.meeting_id)
            .bind(&d.item)
            .bind(&d.number)
            .bind(&d.text)
            .fetch_one(&mut *tx)
            .await?;
            record(
                &mut *tx,
                self.owner(),
                actor,
                Entry::new(
                    "decision.add",
                    "decisions",
                    Some(id),
                    format!(
                        "meeting {}, item {}, decision {}",
                        d.meeting_id, d.item, d.number
                    ),
                ),
            )
            .await?;
            let mut request_id = None;
            if let (Some(r), Some(answers)) = (request, &answers) {
                let rid: i64 = sqlx::query_scalar(
                    "INSERT INTO requests (authority_code, decision_id, text, owner, \
                     due_meeting_id, status, brought_to, answers) VALUES ($1, $2, $3, $4, $5, \
                     $6, NULL, $7) RETURNING id",
                )
                .bind(self.owner())
                .bind(id)
                .bind(&r.text)
                .bind(&r.owner)
                .bind(r.due_meeting_id)
                .bind(RequestStatus::Open.as_str())
                .bind(answers)
                .fetch_one(&mut *tx)
                .await?;
                record(
                    &mut *tx,
                    self.owner(),
                    actor,
                    Entry::new(
                        "request.add",
                        "requests",
                        Some(rid),
                        format!("of decision {id}, due at meeting {}", r.due_meeting_id),
                    ),
                )
                .await?;
                request_id = Some(rid);
            }
            tx.commit().await?;
            Ok((id, request_id))
        })
    }

    /// Every decision, in the order minuted.
    ///
    /// # Errors
    /// Query errors.
    pub async fn decisions(&self) -> Result<Vec<Decision>> {
        with_pool!(self, |p| {
            let rows = sqlx::query(
                "SELECT d.id, d.meeting_id, d.item, d.number, d.text FROM decisions d JOIN \
                     meetings m ON m.id = d.meeting_id WHERE ($1 IS NULL OR m.authority_code = \
                     $1) ORDER BY d.id",
            )
            .bind(self.authority())
            .fetch_all(p)
            .await?;
            rows.iter()
                .map(|r| {
                    Ok(Decision {
                        id: Some(r.try_get("id")?),
                        meeting_id: r.try_get("meeting_id")?,
                        item: r.try_get("item")?,
                        number: r.try_get("number")?,
                        text: r.try_get("text")?,
                    })
                })
                .collect()
        })
    }

    /// Every request, in the order made.
    ///
    /// # Errors
    /// Query errors; [`Error::Refused`] for a stored value that cannot be read.
    pub async fn requests(&self) -> Result<Vec<Request>> {
        with_pool!(self, |p| {
            let rows = sqlx::query(
                "SELECT id, decision_id, text, owner, due_meeting_id, status, brought_to, \
                     answers FROM requests WHERE ($1 IS NULL OR authority_code = $1) ORDER BY id",
            )
            .bind(self.authority())
            .fetch_all(p)
            .await?;
            rows.iter()
                .map(|r| {
                    let status: String = r.try_get("status")?;
                    let answers: String = r.try_get("answers")?;
                    Ok(Request {
                        id: Some(r.try_get("id")?),
                        decision_id: r.try_get("decision_id")?,
                        text: r.try_get("text")?,
                        owner: r.try_get("owner")?,
                        due_meeting_id: r.try_get("due_meeting_id")?,
                        status: status.parse().map_err(|e| refused("request status", e))?,
                        brought_to: r.try_get("brought_to")?,
                        answers: serde_json::from_str::<Answers>(&answers)
                            .map_err(|e| refused("request answers", e))?,
                    })
                })
                .collect()
        })
    }

    /// Records what became of a request (audited, before and after).
    ///
    /// # Errors
    /// [`Error::Refused`] for an unknown request; query errors.
    pub async fn update_request(
        &self,
        actor: &Actor,
        id: i64,
        status: RequestStatus,
        brought_to: Option<i64>,
    ) -> Result<()> {
        with_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let before: Option<String> = sqlx::query_scalar(
                "SELECT status FROM requests WHERE id = $1 AND authority_code = $2",
            )
            .bind(id)
            .bind(self.owner())
            .fetch_optional(&mut *tx)
            .await?;
            let Some(before) = before else {
                return Err(Error::Refused(format!("there is no request {id}")));
            };
            sqlx::query(
                "UPDATE requests SET status = $1, brought_to = $2 WHERE id = $3 AND \
                 authority_code = $4",
            )
            .bind(status.as_str())
            .bind(brought_to)
            .bind(id)
            .bind(self.owner())
            .execute(&mut *tx)
            .await?;
            record(
                &mut *tx,
                self.owner(),
                actor,
                Entry::new(
                    "request.update",
                    "requests",
                    Some(id),
                    format!("request {id}"),
                )
                .change(
                    Some(before),
                    match brought_to {
                        Some(m) => format!("{} (meeting {m})", status.as_str()),
                        None => status.as_str().to_string(),
                    },
                ),
            )
            .await?;
            tx.commit().await?;
            Ok(())
        })
    }
}
