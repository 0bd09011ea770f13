//! The annual self-evaluation, built around Ofsted's three questions and written by area, with
//! its evidence linked rather than pasted: cited figures are frozen when it is published, and a
//! cited figure that has moved materially since is flagged (decision 0032).

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::indicator::Unit;
use crate::{Error, Result};

/// An area the self-evaluation is written by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Area {
    /// Children who need help and protection.
    HelpAndProtection,
    /// Children in care.
    ChildrenInCare,
    /// Care leavers.
    CareLeavers,
    /// The impact of leaders on social work practice.
    Leaders,
}

impl Area {
    /// Every area, in the order the self-evaluation reads.
    pub const ALL: [Area; 4] = [
        Area::HelpAndProtection,
        Area::ChildrenInCare,
        Area::CareLeavers,
        Area::Leaders,
    ];

    /// The machine name.
    pub fn as_str(self) -> &'static str {
        match self {
            Area::HelpAndProtection => "help-and-protection",
            Area::ChildrenInCare => "children-in-care",
            Area::CareLeavers => "care-leavers",
            Area::Leaders => "leaders",
        }
    }

    /// Its heading.
    pub fn title(self) -> &'static str {
        match self {
            Area::HelpAndProtection => "Children who need help and protection",
            Area::ChildrenInCare => "Children in care",
            Area::CareLeavers => "Care leavers",
            Area::Leaders => "The impact of leaders on social work practice",
        }
    }
}

impl FromStr for Area {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        Area::ALL
            .into_iter()
            .find(|a| a.as_str() == s.trim().to_lowercase().replace([' ', '_'], "-"))
            .ok_or_else(|| Error::UnknownValue {
                kind: "self-evaluation area",
                value: s.to_string(),
                expected: "help-and-protection, children-in-care, care-leavers, leaders",
            })
    }
}

/// One of Ofsted's three questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Question {
    /// What do you know about the quality and impact of social work practice?
    Know,
    /// How do you know it?
    HowKnow,
    /// What are your plans for the next 12 months?
    Plans,
}

impl Question {
    /// The three, in order.
    pub const ALL: [Question; 3] = [Question::Know, Question::HowKnow, Question::Plans];

    /// The machine name.
    pub fn as_str(self) -> &'static str {
        match self {
            Question::Know => "know",
            Question::HowKnow => "how-know",
            Question::Plans => "plans",
        }
    }

    /// Ofsted's words.
    pub fn words(self) -> &'static str {
        match self {
            Question::Know => {
                "What do you know about the quality and impact of social work practice?"
            }
            Question::HowKnow => "How do you know it?",
            Question::Plans => "What are your plans for the next 12 months?",
        }
    }
}

impl FromStr for Question {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        Question::ALL
            .into_iter()
            .find(|q| q.as_str() == s.trim().to_lowercase().replace([' ', '_'], "-"))
            .ok_or_else(|| Error::UnknownValue {
                kind: "self-evaluation question",
                value: s.to_string(),
                expected: "know, how-know, plans",
            })
    }
}

/// What a statement cites.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Citation {
    /// An indicator: its figure, trend and benchmark.
    Indicator {
        /// The indicator id.
        id: String,
    },
    /// A plan action and its RAG.
    Action {
        /// The action's id.
        id: i64,
    },
    /// An inspection's recommendation.
    Recommendation {
        /// The recorded inspection.
        inspection_id: i64,
        /// Its number in the report's list (from 1).
        number: usize,
    },
    /// The practice audits (audits graded good or better).
    Audits,
}

impl fmt::Display for Citation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Citation::Indicator { id } => write!(f, "indicator {id}"),
            Citation::Action { id } => write!(f, "plan action {id}"),
            Citation::Recommendation {
                inspection_id,
                number,
            } => write!(f, "inspection {inspection_id}, recommendation {number}"),
            Citation::Audits => f.write_str("practice audits"),
        }
    }
}

/// A citation as it stood: the words shown, and for a figure its value, unit and date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// What is cited.
    pub citation: Citation,
    /// What it said ("62.5% at 31 October 2026, improving; England 71.2%").
    pub words: String,
    /// The figure, for an indicator or the audits.
    pub value: Option<f64>,
    /// Its unit.
    pub unit: Option<Unit>,
    /// The date of the figure.
    pub at: Option<Date>,
}

/// A statement: one area's answer to one question, with what it cites.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    /// The area.
    pub area: Area,
    /// The question.
    pub question: Question,
    /// The words.
    pub text: String,
    /// What it cites.
    pub cites: Vec<Citation>,
    /// The cited evidence frozen at publication (empty in a draft).
    #[serde(default)]
    pub frozen: Vec<Evidence>,
}

/// One version of a year's self-evaluation. Every change is a new version; a published
/// version is never changed but for the date of the engagement meeting it was discussed at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SelfEvaluation {
    /// Its id, once kept.
    pub id: Option<i64>,
    /// The year it is for.
    pub year: i16,
    /// Its version (from 1).
    pub version: u32,
    /// When published (a draft has none).
    pub published_on: Option<Date>,
    /// The annual engagement meeting it was discussed at.
    pub engagement_on: Option<Date>,
    /// Who wrote this version.
    pub written_by: String,
    /// Its statements, in area and question order.
    pub statements: Vec<Statement>,
}

impl SelfEvaluation {
    /// Sets one area's answer to one question (replacing what it said), keeping the order.
    pub fn set(&mut self, statement: Statement) {
        self.statements
            .retain(|s| (s.area, s.question) != (statement.area, statement.question));
        self.statements.push(statement);
        self.statements.sort_by_key(|s| (s.area, s.question));
    }

    /// The questions of each area not yet answered, in words.
    pub fn unanswered(&self) -> Vec<String> {
        Area::ALL
            .iter()
            .flat_map(|a| Question::ALL.iter().map(move |q| (*a, *q)))
            .filter(|(a, q)| {
                !self
                    .statements
                    .iter()
                    .any(|s| s.area == *a && s.question == *q)
            })
            .map(|(a, q)| format!("{}: {}", a.title(), q.words()))
            .collect()
    }
}

/// Whether a frozen figure has moved materially to `now`: by 5 points or more for a
/// percentage, by a tenth or more for anything else. The sentence says from what to what.
pub fn moved(frozen: &Evidence, now: Option<f64>) -> Option<String> {
    let (was, now) = (frozen.value?, now?);
    let material = match frozen.unit {
        Some(Unit::Pct) => (now - was).abs() >= 5.0,
        _ if was == 0.0 => now != 0.0,
        _ => ((now - was) / was).abs() >= 0.1,
    };
    let show = |v: f64| match frozen.unit {
        Some(u) => crate::indicator::judge::format_value(u, v),
        None => format!("{v}"),
    };
    material.then(|| {
        format!(
            "{} was {} when published{}; it is {} now",
            frozen.citation,
            show(was),
            frozen
                .at
                .map_or_else(String::new, |d| format!(" (as at {d})")),
            show(now)
        )
    })
}

/// Whether a self-evaluation published on `published` is more than twelve months old on
/// `today` (a year to the day: published 29 February 2028 is a year old on 28 February 2029).
pub fn out_of_date(published: Date, today: Date) -> bool {
    published.saturating_add(jiff::Span::new().years(1)) < today
}

/// Why the self-evaluation is not current on `today`, given when the latest was published:
/// none is, or it is more than twelve months old. `None` when it is current.
pub fn why_not_current(latest_published: Option<Date>, today: Date) -> Option<String> {
    match latest_published {
        Some(p) if out_of_date(p, today) => Some(format!(
            "the latest published self-evaluation ({p}) is more than twelve months old"
        )),
        Some(_) => None,
        None => Some("no self-evaluation has been published".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn evidence(value: f64, unit: Unit) -> Evidence {
        Evidence {
            citation: Citation::Indicator {
                id: "assessments_within_45wd_pct".into(),
            },
            words: String::new(),
            value: Some(value),
            unit: Some(unit),
            at: Some(date(2026, 10, 31)),
        }
    }

    #[test]
    fn a_figure_moved_materially_since_publication_is_flagged() {
        let e = evidence(62.5, Unit::Pct);
        // 4.9 points is not material; 5.0 is.
        assert_eq!(moved(&e, Some(67.4)), None);
        assert_eq!(
            moved(&e, Some(57.5)).as_deref(),
            Some(
                "indicator assessments_within_45wd_pct was 62.5% when published (as at \
                 2026-10-31); it is 57.5% now"
            )
        );
        // A count moves materially by a tenth: 40 to 44 is, 40 to 43 is not.
        let c = evidence(40.0, Unit::Count);
        assert!(moved(&c, Some(44.0)).is_some());
        assert!(moved(&c, Some(43.0)).is_none());
        assert!(moved(&evidence(0.0, Unit::Count), Some(1.0)).is_some());
        // No figure now (suppressed, or no extract): nothing to compare.
        assert_eq!(moved(&e, None), None);
    }

    #[test]
    fn twelve_months_old_on_the_anniversary_across_a_leap_day() {
        assert!(!out_of_date(date(2025, 11, 28), date(2026, 11, 28)));
        assert!(out_of_date(date(2025, 11, 28), date(2026, 11, 29)));
        // Published on a leap day: a year on is 28 February.
        assert!(!out_of_date(date(2028, 2, 29), date(2029, 2, 28)));
        assert!(out_of_date(date(2028, 2, 29), date(2029, 3, 1)));
    }

    #[test]
    fn statements_keep_area_and_question_order_and_say_what_is_unanswered() {
        let mut s = SelfEvaluation {
            id: None,
            year: 2026,
            version: 1,
            published_on: None,
            engagement_on: None,
            written_by: "dcs".into(),
            statements: vec![],
        };
        let st = |area, question, text: &str| Statement {
            area,
            question,
            text: text.into(),
            cites: vec![],
            frozen: vec![],
        };
        s.set(st(Area::Leaders, Question::Plans, "a"));
        s.set(st(Area::HelpAndProtection, Question::Know, "b"));
        s.set(st(Area::Leaders, Question::Plans, "c"));
        assert_eq!(
            s.statements
                .iter()
                .map(|x| x.text.as_str())
                .collect::<Vec<_>>(),
            vec!["b", "c"]
        );
        assert_eq!(s.unanswered().len(), 10);
        assert_eq!(
            "children in care".parse::<Area>().ok(),
            Some(Area::ChildrenInCare)
        );
        assert_eq!("how-know".parse::<Question>().ok(), Some(Question::HowKnow));
    }
}
