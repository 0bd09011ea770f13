//! Governance: the bodies a council reports its improvement to, their meetings, the papers
//! sent, the decisions minuted, and what each decision asked to be brought back (decision
//! 0030).
//!
//! A request is rated as an action is, with a reason: red once the meeting it is due at has
//! met without it, amber when that meeting is a fortnight away or less, green before then,
//! blue once brought, grey when withdrawn.

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::pack::{Kind, Part};
use crate::rag::{Rag, Rating};
use crate::{Error, Result};

/// How many days before its meeting an open request turns amber.
pub const AMBER_DAYS: i64 = 14;

/// A body the council reports to. The four every improvement journey has, or one the council
/// adds by name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Body {
    /// The improvement board (monthly, chaired independently).
    ImprovementBoard,
    /// Cabinet.
    Cabinet,
    /// The scrutiny commission or committee.
    Scrutiny,
    /// The practice (or quality assurance) board.
    PracticeBoard,
    /// Another, by its name ("Corporate Parenting Panel").
    Other(String),
}

impl Body {
    /// The machine name: `improvement-board`, `cabinet`, `scrutiny`, `practice-board`, or the
    /// other body's name.
    pub fn as_str(&self) -> &str {
        match self {
            Body::ImprovementBoard => "improvement-board",
            Body::Cabinet => "cabinet",
            Body::Scrutiny => "scrutiny",
            Body::PracticeBoard => "practice-board",
            Body::Other(name) => name,
        }
    }

    /// Its name in words.
    pub fn name(&self) -> &str {
        match self {
            Body::ImprovementBoard => "Improvement Board",
            Body::Cabinet => "Cabinet",
            Body::Scrutiny => "Scrutiny Commission",
            Body::PracticeBoard => "Practice Board",
            Body::Other(name) => name,
        }
    }

    /// The pack written for its meetings, when it has one.
    pub fn pack_kind(&self) -> Option<Kind> {
        match self {
            Body::ImprovementBoard => Some(Kind::ImprovementBoard),
            Body::Cabinet => Some(Kind::Cabinet),
            Body::Scrutiny => Some(Kind::Scrutiny),
            Body::PracticeBoard | Body::Other(_) => None,
        }
    }
}

impl fmt::Display for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Body {
    type Err = Error;

    /// The four by their machine or usual names; any other name (1 to 80 characters) is a body
    /// the council adds.
    fn from_str(s: &str) -> Result<Self> {
        let t = s.split_whitespace().collect::<Vec<_>>().join(" ");
        let key = t.to_lowercase().replace(['-', '_'], " ");
        Ok(match key.as_str() {
            "improvement board" => Body::ImprovementBoard,
            "cabinet" => Body::Cabinet,
            "scrutiny" | "scrutiny commission" | "scrutiny committee" => Body::Scrutiny,
            "practice board" | "quality assurance board" => Body::PracticeBoard,
            _ if !t.is_empty() && t.chars().count() <= 80 => Body::Other(t),
            _ => {
                return Err(Error::UnknownValue {
                    kind: "body",
                    value: s.to_string(),
                    expected: "improvement-board, cabinet, scrutiny, practice-board, or a name of \
                               up to 80 characters",
                });
            }
        })
    }
}

/// An agenda item, numbered as the agenda numbers it ("5", "5a").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// Its number on the agenda.
    pub number: String,
    /// Its title.
    pub title: String,
}

/// A meeting of a body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    /// Its id, once kept.
    pub id: Option<i64>,
    /// The body meeting.
    pub body: Body,
    /// The day it meets.
    pub date: Date,
    /// Its title ("Improvement Board, December 2026" when none is given).
    pub title: String,
    /// Its agenda.
    pub items: Vec<Item>,
}

impl Meeting {
    /// Whether it has met by `today` (a meeting today has not: its papers may still be sent).
    pub fn has_met(&self, today: Date) -> bool {
        self.date < today
    }

    /// Its name in a sentence: "the Scrutiny Commission on 2026-12-03".
    pub fn named(&self) -> String {
        format!("the {} on {}", self.body.name(), self.date)
    }
}

/// Where a paper sent to a meeting came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PaperSource {
    /// A stored pack (its content's checksum is the paper's).
    Pack {
        /// The pack.
        pack_id: i64,
    },
    /// An uploaded file, kept whole with its checksum.
    File {
        /// Its name as uploaded.
        name: String,
        /// Its size in bytes.
        bytes: u64,
    },
}

/// A paper sent to a meeting: never changed once sent; a later version is a new paper.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paper {
    /// Its id.
    pub id: i64,
    /// The meeting.
    pub meeting_id: i64,
    /// Its title.
    pub title: String,
    /// A pack or a file.
    pub source: PaperSource,
    /// SHA-256 of what was sent.
    pub sha256: String,
    /// Who sent it.
    pub added_by: String,
    /// When (UTC, RFC 3339).
    pub added_at: String,
}

/// A decision of a meeting, numbered as the minutes number it (item 5, decision 2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// Its id, once kept.
    pub id: Option<i64>,
    /// The meeting.
    pub meeting_id: i64,
    /// The agenda item.
    pub item: String,
    /// Its number within the item ("1", "2", "3").
    pub number: String,
    /// The words minuted ("that the report be noted").
    pub text: String,
}

/// What became of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    /// Not yet brought.
    Open,
    /// Brought to a meeting.
    Brought,
    /// Withdrawn by the body.
    Withdrawn,
}

impl RequestStatus {
    /// The machine name.
    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Open => "open",
            RequestStatus::Brought => "brought",
            RequestStatus::Withdrawn => "withdrawn",
        }
    }
}

impl FromStr for RequestStatus {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_lowercase().as_str() {
            "open" => Ok(RequestStatus::Open),
            "brought" => Ok(RequestStatus::Brought),
            "withdrawn" => Ok(RequestStatus::Withdrawn),
            _ => Err(Error::UnknownValue {
                kind: "request status",
                value: s.to_string(),
                expected: "open, brought, withdrawn",
            }),
        }
    }
}

/// What answers a request: plan actions, indicators, parts of a pack.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answers {
    /// Plan action ids.
    #[serde(default)]
    pub actions: Vec<i64>,
    /// Indicator ids.
    #[serde(default)]
    pub indicators: Vec<String>,
    /// Parts of a pack.
    #[serde(default)]
    pub parts: Vec<Part>,
}

/// Something a decision asked to be brought back ("that regular updates be brought to
/// scrutiny, to include target monitoring").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    /// Its id, once kept.
    pub id: Option<i64>,
    /// The decision that asked for it.
    pub decision_id: i64,
    /// What was asked for.
    pub text: String,
    /// Who brings it.
    pub owner: String,
    /// The meeting it is due at.
    pub due_meeting_id: i64,
    /// Open, brought or withdrawn.
    pub status: RequestStatus,
    /// The meeting it was brought to.
    pub brought_to: Option<i64>,
    /// What answers it.
    pub answers: Answers,
}

/// A request's RAG on `today`, with the reason, given the meeting it is due at and (when
/// brought) the meeting it was brought to.
pub fn rate_request(
    request: &Request,
    due: &Meeting,
    brought_to: Option<&Meeting>,
    today: Date,
) -> Rating {
    let rating = |colour, reason: String| Rating { colour, reason };
    match request.status {
        RequestStatus::Withdrawn => rating(Rag::Grey, "withdrawn".to_string()),
        RequestStatus::Brought => rating(
            Rag::Blue,
            match brought_to {
                Some(m) => format!("brought to {}", m.named()),
                None => "brought".to_string(),
            },
        ),
        RequestStatus::Open => {
            let days = (due.date - today).get_days();
            if due.has_met(today) {
                rating(
                    Rag::Red,
                    format!(
                        "due at {}, which has met without it ({} ago)",
                        due.named(),
                        match -days {
                            1 => "1 day".to_string(),
                            d => format!("{d} days"),
                        }
                    ),
                )
            } else if i64::from(days) <= AMBER_DAYS {
                rating(
                    Rag::Amber,
                    format!(
                        "due at {} ({}) and not yet brought",
                        due.named(),
                        match days {
                            0 => "today".to_string(),
                            1 => "tomorrow".to_string(),
                            d => format!("in {d} days"),
                        }
                    ),
                )
            } else {
                rating(
                    Rag::Green,
                    format!("due at {}, in {days} days", due.named()),
                )
            }
        }
    }
}

/// Why a paper may not be added to a meeting on `today`: papers are fixed once it has met.
pub fn paper_refused(meeting: &Meeting, today: Date) -> Option<String> {
    meeting.has_met(today).then(|| {
        format!(
            "{} has met: its papers are fixed; a later pack is a paper for a later meeting",
            meeting.named()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn meeting(body: Body, d: Date) -> Meeting {
        Meeting {
            id: Some(1),
            body,
            date: d,
            title: String::new(),
            items: vec![],
        }
    }

    fn request(status: RequestStatus) -> Request {
        Request {
            id: Some(1),
            decision_id: 1,
            text: "target monitoring and performance".into(),
            owner: "Director of Children's Services".into(),
            due_meeting_id: 2,
            status,
            brought_to: None,
            answers: Answers::default(),
        }
    }

    #[test]
    fn a_request_goes_red_once_its_meeting_has_met_without_it() {
        let due = meeting(Body::Scrutiny, date(2026, 12, 3));
        let open = request(RequestStatus::Open);
        let at = |d: Date| rate_request(&open, &due, None, d);
        // 19 November is 14 days before: amber; 18 November, 15 days: green.
        assert_eq!(at(date(2026, 11, 18)).colour, Rag::Green);
        assert_eq!(
            at(date(2026, 11, 18)).reason,
            "due at the Scrutiny Commission on 2026-12-03, in 15 days"
        );
        assert_eq!(at(date(2026, 11, 19)).colour, Rag::Amber);
        assert_eq!(
            at(date(2026, 12, 2)).reason,
            "due at the Scrutiny Commission on 2026-12-03 (tomorrow) and not yet brought"
        );
        // On the day the meeting has not yet met.
        assert_eq!(at(date(2026, 12, 3)).colour, Rag::Amber);
        let red = at(date(2026, 12, 4));
        assert_eq!(red.colour, Rag::Red);
        assert_eq!(
            red.reason,
            "due at the Scrutiny Commission on 2026-12-03, which has met without it (1 day ago)"
        );
        // Across a year end and a leap day: due 1 March 2028, 29 February is the day before.
        let leap = meeting(Body::ImprovementBoard, date(2028, 3, 1));
        assert!(
            rate_request(&open, &leap, None, date(2028, 2, 29))
                .reason
                .contains("(tomorrow)")
        );
        assert_eq!(
            rate_request(&open, &leap, None, date(2028, 2, 16)).colour,
            Rag::Amber,
            "14 days before, counting 29 February"
        );
        let brought = Request {
            brought_to: Some(3),
            ..request(RequestStatus::Brought)
        };
        let to = meeting(Body::Scrutiny, date(2027, 1, 14));
        let blue = rate_request(&brought, &due, Some(&to), date(2027, 2, 1));
        assert_eq!(
            (blue.colour, blue.reason.as_str()),
            (
                Rag::Blue,
                "brought to the Scrutiny Commission on 2027-01-14"
            )
        );
        assert_eq!(
            rate_request(
                &request(RequestStatus::Withdrawn),
                &due,
                None,
                date(2027, 2, 1)
            )
            .colour,
            Rag::Grey
        );
    }

    #[test]
    fn papers_are_fixed_once_the_meeting_has_met() {
        let m = meeting(Body::Cabinet, date(2026, 12, 3));
        assert_eq!(paper_refused(&m, date(2026, 12, 3)), None);
        assert!(
            paper_refused(&m, date(2026, 12, 4))
                .is_some_and(|r| r.starts_with("the Cabinet on 2026-12-03 has met"))
        );
    }

    #[test]
    fn bodies_by_name_and_the_councils_own() {
        assert_eq!(
            "Scrutiny Commission".parse::<Body>().ok(),
            Some(Body::Scrutiny)
        );
        assert_eq!(
            "improvement-board".parse::<Body>().ok(),
            Some(Body::ImprovementBoard)
        );
        assert_eq!(
            "  Corporate   Parenting Panel ".parse::<Body>().ok(),
            Some(Body::Other("Corporate Parenting Panel".into()))
        );
        assert!("".parse::<Body>().is_err());
        assert!("x".repeat(81).parse::<Body>().is_err());
        assert_eq!(Body::Scrutiny.pack_kind(), Some(Kind::Scrutiny));
        assert_eq!(Body::PracticeBoard.pack_kind(), None);
    }
}
