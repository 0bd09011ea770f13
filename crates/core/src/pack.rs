//! Board and scrutiny packs: which meeting a pack is for, whether it may be published, and the
//! record of what it was built from, so it can be built again the same way.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// The meeting a pack is written for. It decides the title, the audience's wording and the
/// sections.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// The improvement board: the plan and the performance behind it, in full.
    ImprovementBoard,
    /// The scrutiny committee: "regular updates … to include target monitoring and
    /// performance".
    Scrutiny,
    /// Cabinet: the plan's standing, with the plan itself as an appendix.
    Cabinet,
}

/// A part of a pack, in the order a committee report takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// Why the report comes to the meeting.
    Purpose,
    /// What the meeting is asked to do.
    Recommendations,
    /// The plan's RAG with the reasons for red, and the exceptions with their commentary.
    Summary,
    /// The scorecard.
    Performance,
    /// The plan's actions and milestones.
    PlanProgress,
    /// The workforce: vacancy, agency, turnover, caseload, supervision (teams only when
    /// restricted).
    Workforce,
    /// Improvement investment against the plan: each line's standing and what it pays for.
    Money,
    /// Inspections so far and the next window.
    InspectionJourney,
    /// The quality of the extract the figures come from.
    DataQuality,
    /// Financial, legal and equality implications.
    Implications,
    /// Who to ask.
    Contact,
    /// One chart per indicator.
    ChartAppendix,
    /// The action plan in full (cabinet).
    PlanAppendix,
    /// How each indicator is counted.
    Definitions,
}

impl Kind {
    /// Every kind.
    pub const ALL: [Kind; 3] = [Kind::ImprovementBoard, Kind::Scrutiny, Kind::Cabinet];

    /// The machine name (`improvement-board`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::ImprovementBoard => "improvement-board",
            Kind::Scrutiny => "scrutiny",
            Kind::Cabinet => "cabinet",
        }
    }

    /// The meeting's name.
    pub fn meeting(self) -> &'static str {
        match self {
            Kind::ImprovementBoard => "Children's Services Improvement Board",
            Kind::Scrutiny => "Children and Young People Scrutiny Commission",
            Kind::Cabinet => "Cabinet",
        }
    }

    /// How the report refers to the meeting in its recommendations ("the Commission").
    pub fn body(self) -> &'static str {
        match self {
            Kind::ImprovementBoard => "the Board",
            Kind::Scrutiny => "the Commission",
            Kind::Cabinet => "Cabinet",
        }
    }

    /// The report's title.
    pub fn title(self) -> &'static str {
        match self {
            Kind::ImprovementBoard => "Improvement plan and performance report",
            Kind::Scrutiny => "Children's social care: target monitoring and performance",
            Kind::Cabinet => "Ofsted improvement plan: progress report",
        }
    }

    /// The parts of the pack, in order.
    pub fn parts(self) -> &'static [Part] {
        use Part::*;
        match self {
            Kind::ImprovementBoard | Kind::Scrutiny => &[
                Purpose,
                Recommendations,
                Summary,
                Performance,
                PlanProgress,
                Workforce,
                Money,
                InspectionJourney,
                DataQuality,
                Implications,
                Contact,
                ChartAppendix,
                Definitions,
            ],
            Kind::Cabinet => &[
                Purpose,
                Recommendations,
                Summary,
                Performance,
                PlanProgress,
                Workforce,
                Money,
                InspectionJourney,
                DataQuality,
                Implications,
                Contact,
                PlanAppendix,
                ChartAppendix,
                Definitions,
            ],
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Kind {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| Error::UnknownValue {
                kind: "kind of pack",
                value: s.to_string(),
                expected: "improvement-board, scrutiny, cabinet",
            })
    }
}

/// Whether a pack may be published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Marking {
    /// Suppressed and with no worker or child named: for the published meeting papers.
    Public,
    /// OFFICIAL-SENSITIVE: team and worker breakdowns allowed; not for publication.
    OfficialSensitive,
}

impl Marking {
    /// The words printed on every page.
    pub fn words(self) -> &'static str {
        match self {
            Marking::Public => "PUBLIC: for publication",
            Marking::OfficialSensitive => "OFFICIAL-SENSITIVE: not for publication",
        }
    }

    /// The machine name.
    pub fn as_str(self) -> &'static str {
        match self {
            Marking::Public => "public",
            Marking::OfficialSensitive => "official_sensitive",
        }
    }
}

/// The version of a piece of commentary a pack carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentaryVersion {
    /// Indicator id.
    pub indicator: String,
    /// Its version.
    pub version: i64,
}

/// What a pack was built from: enough to say, a year later, which data it used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inputs {
    /// The extract the figures come from.
    pub extract_id: i64,
    /// Its as-at date.
    pub extract_as_at: String,
    /// Every extract whose figures make the trends (as at or before it).
    pub trend_extract_ids: Vec<i64>,
    /// The indicator definitions' version.
    pub definition_version: String,
    /// The indicator settings, as JSON.
    pub settings: serde_json::Value,
    /// The commentary carried, by version.
    pub commentary: Vec<CommentaryVersion>,
    /// The plan rated, if there is one.
    pub plan_id: Option<i64>,
    /// The date the plan was rated as known on (the period's last day).
    pub plan_as_at: Option<String>,
}

/// A checksum of one rendering of a pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Output {
    /// `docx`, `pdf`, `xlsx` or `html`.
    pub format: String,
    /// SHA-256 of the file, hex.
    pub sha256: String,
    /// Its size in bytes.
    pub bytes: u64,
}

/// A stored pack: who built it, for what, from what.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PackRecord {
    /// Its id.
    pub id: i64,
    /// The meeting.
    pub kind: Kind,
    /// `YYYY-MM`.
    pub period: String,
    /// Public or OFFICIAL-SENSITIVE.
    pub marking: Marking,
    /// The title as printed.
    pub title: String,
    /// Who built it.
    pub built_by: String,
    /// When (UTC, RFC 3339).
    pub built_at: String,
    /// What it was built from.
    pub inputs: Inputs,
    /// SHA-256 of its content (the figures and words every format prints).
    pub content_sha256: String,
    /// The renderings made when it was built.
    pub outputs: Vec<Output>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_read_from_their_names_and_nothing_else() {
        for k in Kind::ALL {
            assert_eq!(k.as_str().parse::<Kind>().ok(), Some(k));
        }
        assert!("board".parse::<Kind>().is_err());
        assert!("Scrutiny".parse::<Kind>().is_err());
    }

    #[test]
    fn every_kind_keeps_the_committee_report_order() {
        for k in Kind::ALL {
            let parts = k.parts();
            assert_eq!(parts.first(), Some(&Part::Purpose));
            assert_eq!(parts.get(1), Some(&Part::Recommendations));
            let at = |p: Part| parts.iter().position(|x| *x == p);
            assert!(at(Part::Summary) < at(Part::Performance));
            assert!(at(Part::Performance) < at(Part::PlanProgress));
            assert!(at(Part::Implications) < at(Part::Contact));
            assert_eq!(parts.last(), Some(&Part::Definitions));
        }
        assert!(Kind::Cabinet.parts().contains(&Part::PlanAppendix));
    }
}
