//! The line of sight: the children behind the figures that need action today, by team and
//! worker. Which children are overdue, and who may see them, is decided here; screens only
//! render it.

use serde::Serialize;
use sightline_core::access::Role;
use sightline_core::indicator::Line;

use crate::{Error, Result, Sightline};

/// One child needing attention.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct SightRow {
    /// Allocated team ("no team" when blank).
    pub team: String,
    /// Allocated worker ("unallocated" when blank).
    pub worker: String,
    /// The child's identifier as loaded (pseudonymised where the extract was).
    pub child: String,
    /// The list.
    pub list: u8,
    /// The row in the list as the user sees it in Excel.
    pub row: u32,
    /// The measure that decided it (days since the visit, working days open), when there is one.
    pub measure: Option<i64>,
}

/// One list of children: a standard not met.
#[derive(Debug, Clone, Serialize)]
pub struct SightSection {
    /// What the list is.
    pub title: &'static str,
    /// The indicator it comes from.
    pub indicator: &'static str,
    /// The definition with the standards in force.
    pub rule: String,
    /// What the measure column holds.
    pub measure: &'static str,
    /// The children, by team, worker and child.
    pub rows: Vec<SightRow>,
}

/// The line of sight at the latest extract.
#[derive(Debug, Clone, Serialize)]
pub struct LineOfSight {
    /// The latest extract's as-at date.
    pub as_at: Option<String>,
    /// Every list.
    pub sections: Vec<SightSection>,
}

/// Which rows of an indicator make a list.
type Pick = fn(&Line) -> bool;

fn not_met(l: &Line) -> bool {
    l.excluded.is_none() && l.denominator && l.numerator == 0
}

fn counted(l: &Line) -> bool {
    l.excluded.is_none() && l.numerator > 0
}

fn near_45(l: &Line) -> bool {
    l.excluded.is_none() && l.numerator == 0 && l.measure.is_some_and(|m| m >= 35)
}

/// (indicator, title, measure, which rows).
const SECTIONS: &[(&str, &str, &str, Pick)] = &[
    (
        "cin_seen_in_timescale_pct",
        "Children in need not seen within the standard",
        "days since seen",
        not_met,
    ),
    (
        "cp_visited_in_timescale_pct",
        "Children on plans not visited within the standard",
        "working days since the visit",
        not_met,
    ),
    (
        "cp_reviews_in_timescale_pct",
        "Child protection reviews overdue",
        "days to the due date",
        not_met,
    ),
    (
        "cla_visited_in_timescale_pct",
        "Children looked after not visited within the standard",
        "days since the visit",
        not_met,
    ),
    (
        "cla_reviews_in_timescale_pct",
        "Children looked after with a review overdue",
        "days since the review",
        not_met,
    ),
    (
        "assessments_open_over_45wd",
        "Assessments open beyond 45 working days",
        "working days open",
        counted,
    ),
    (
        "assessments_open_over_45wd",
        "Assessments nearing 45 working days (35 or more)",
        "working days open",
        near_45,
    ),
    (
        "cla_return_interview_offered_pct",
        "Missing episodes with no return interview offered",
        "",
        not_met,
    ),
    (
        "care_leavers_in_touch_pct",
        "Care leavers the authority is not in touch with",
        "",
        not_met,
    ),
];

impl Sightline {
    /// The line of sight at the latest extract, for roles allowed child-level data.
    ///
    /// # Errors
    /// [`Error::Forbidden`] for a viewer; store errors.
    pub async fn line_of_sight(&self, role: Role) -> Result<LineOfSight> {
        role.child_level().ok_or(Error::Forbidden(
            "the line of sight lists children: it is for analysts, managers and admins",
        ))?;
        let settings = self.indicator_settings().await?;
        let as_at = self
            .db
            .extracts()
            .await?
            .iter()
            .map(|e| e.as_at.clone())
            .max();
        let mut sections = Vec::new();
        if as_at.is_none() {
            return Ok(LineOfSight { as_at, sections });
        }
        for (id, title, measure, keep) in SECTIONS {
            let e = self.explain_indicator(role, id, None, None).await?;
            let mut rows: Vec<SightRow> = e
                .lines
                .iter()
                .filter(|l| keep(l))
                .map(|l| SightRow {
                    team: l.team.clone().unwrap_or_else(|| "no team".to_string()),
                    worker: l
                        .worker
                        .clone()
                        .unwrap_or_else(|| "unallocated".to_string()),
                    child: l.child.clone(),
                    list: l.list,
                    row: l.row,
                    measure: l.measure,
                })
                .collect();
            rows.sort();
            let rule = sightline_core::indicator::definition(id)
                .map(|d| {
                    let standards: Vec<String> = d
                        .settings
                        .iter()
                        .filter_map(|k| settings.describe(k))
                        .collect();
                    if standards.is_empty() {
                        d.definition.to_string()
                    } else {
                        format!("{} ({})", d.definition, standards.join("; "))
                    }
                })
                .unwrap_or_default();
            sections.push(SightSection {
                title,
                indicator: id,
                rule,
                measure,
                rows,
            });
        }
        Ok(LineOfSight { as_at, sections })
    }
}
