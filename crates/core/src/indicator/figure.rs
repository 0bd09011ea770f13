//! A figure and its parts: the observation of an indicator for a period, its breakdowns, and
//! the rows behind it.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::{Polarity, Unit};

/// What a breakdown splits a figure by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// Allocated team.
    Team,
    /// Allocated worker (staff: child-level roles only).
    Worker,
    /// Age band at the as-at date.
    AgeBand,
    /// Gender.
    Gender,
    /// Ethnicity group.
    Ethnicity,
    /// Disability recorded.
    Disability,
    /// A practice audit's theme (figures from practice audits only).
    Theme,
}

impl Dimension {
    /// Every dimension, in the order breakdowns are shown.
    pub const ALL: [Dimension; 6] = [
        Dimension::Team,
        Dimension::Worker,
        Dimension::AgeBand,
        Dimension::Gender,
        Dimension::Ethnicity,
        Dimension::Disability,
    ];

    /// The machine name (`age_band`).
    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::Team => "team",
            Dimension::Worker => "worker",
            Dimension::AgeBand => "age_band",
            Dimension::Gender => "gender",
            Dimension::Ethnicity => "ethnicity",
            Dimension::Disability => "disability",
            Dimension::Theme => "theme",
        }
    }

    /// In words, for headings ("age band").
    pub fn label(self) -> &'static str {
        match self {
            Dimension::AgeBand => "age band",
            d => d.as_str(),
        }
    }
}

/// A breakdown cell of a figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Breakdown {
    /// What the figure is split by.
    pub dimension: Dimension,
    /// The team, worker, band or group.
    pub key: String,
    /// The value for this cell.
    pub value: Option<f64>,
    /// Numerator.
    pub numerator: i64,
    /// Denominator (none for a count).
    pub denominator: Option<i64>,
    /// A small number (1 to the small-number setting): marked, not dropped; published
    /// outputs show it as `c`.
    #[serde(default)]
    pub suppressed: bool,
}

/// One figure: an indicator for a period. The store keeps it as it is (its breakdowns and
/// reasons in their serde form), and reads it back only for an id of the catalogue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Observation {
    /// Indicator id.
    pub id: &'static str,
    /// `window`, `YYYY-MM` or `as-at`.
    pub period: String,
    /// A month the window only partly covers.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub partial: bool,
    /// The value (rounded to one decimal place), or `None` with a reason.
    pub value: Option<f64>,
    /// Numerator.
    pub numerator: i64,
    /// Denominator (none for a count).
    pub denominator: Option<i64>,
    /// Rows left out of this indicator.
    pub excluded: u64,
    /// Why, with how many rows each.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub excluded_reasons: BTreeMap<String, u64>,
    /// Why there is no value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Unit.
    pub unit: Unit,
    /// Polarity.
    pub polarity: Polarity,
    /// The settings in force that change this figure, in words.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub standards: Vec<String>,
    /// Breakdowns, when asked for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub breakdowns: Vec<Breakdown>,
}

/// A figure as kept: an observation of one extract, with the version of the definitions it
/// was computed under.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExtractFigure {
    /// The extract.
    pub extract_id: i64,
    /// The extract's as-at date.
    pub as_at: Date,
    /// The definitions' version it was computed under.
    pub definition_version: String,
    /// The figure.
    #[serde(flatten)]
    pub observation: Observation,
}

/// Proof that the caller may see child-level rows: only roles allowed child-level data are
/// given one (see [`crate::access::Role::child_level`]).
#[derive(Debug, Clone, Copy)]
pub struct ChildLevel(pub(crate) ());

/// One row behind a figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    /// The list.
    pub list: u8,
    /// The row as the user sees it in Excel.
    pub row: u32,
    /// Child Unique ID (pseudonymised when the extract was).
    pub child: String,
    /// Allocated team.
    pub team: Option<String>,
    /// Allocated worker.
    pub worker: Option<String>,
    /// In the numerator (for a mean: the days it adds).
    pub numerator: i64,
    /// In the denominator.
    pub denominator: bool,
    /// Left out, and why.
    pub excluded: Option<&'static str>,
    /// The measure that decided it.
    pub measure: Option<i64>,
    /// The fields that decided it, as given.
    pub fields: Vec<(&'static str, String)>,
}

/// The rows behind one figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// The figure.
    pub observation: Observation,
    /// What the measure is, where there is one.
    pub measure: Option<&'static str>,
    /// Every row that counts or was left out, numerator first.
    pub lines: Vec<Line>,
}

/// Why a figure cannot be explained.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExplainError {
    /// No such indicator.
    #[error("{0:?} is not an indicator id (see `sightline indicators list`)")]
    UnknownIndicator(String),
    /// Worked out from another source than Annex A, so there are no rows to show.
    #[error(
        "{0} is worked out from the workforce returns or the practice audits, not from Annex A \
         rows: its breakdown by team is on the indicator's page"
    )]
    NotFromAnnexA(String),
    /// No such period for this indicator.
    #[error("{indicator} has no period {period:?} in this extract (periods: {known})")]
    UnknownPeriod {
        /// The indicator.
        indicator: String,
        /// As asked.
        period: String,
        /// The periods there are.
        known: String,
    },
}
