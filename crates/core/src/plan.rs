//! The improvement plan: priorities (the seed's "Requirement") grouped under themes, actions
//! with leads, due dates and milestones, dated progress updates that are never edited, SMART
//! targets, and the recommendations each priority addresses.
//!
//! The RAG rating of an action, a priority and the plan, as of any date, is in [`crate::rag`].

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::authority::LaCode;
use crate::rag::Rag;
use crate::{Error, Result};

mod restore;
mod stated;
pub use restore::restore;

/// The hidden sheet of an exported plan workbook that keeps the whole plan (as JSON in column
/// A, cut into cells), so an import restores what the council's seven columns cannot carry.
pub const RECORD_SHEET: &str = "Sightline record";

/// Its first cell.
pub const RECORD_HEADING: &str =
    "Sightline's record of this plan (version 1): read back on import; do not edit";
pub use stated::{Stated, read_target};

/// The improvement plan of an authority.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// The store's id, once saved.
    pub id: Option<i64>,
    /// The authority.
    pub authority: LaCode,
    /// Title ("Ofsted Action Plan 2017-2020").
    pub title: String,
    /// The vision ("Leicestershire is the best place for children and families").
    pub vision: Option<String>,
    /// First day of the plan's period.
    pub period_start: Option<Date>,
    /// Last day of the plan's period.
    pub period_end: Option<Date>,
    /// The inspection whose recommendations the plan answers.
    pub inspection_id: Option<i64>,
    /// Priorities in order.
    pub priorities: Vec<Priority>,
}

/// A priority of the plan: the seed's "Requirement".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Priority {
    /// The store's id.
    pub id: Option<i64>,
    /// 1-based position in the plan.
    pub number: u32,
    /// The theme it sits under ("Learning Organisation"), if any.
    pub theme: Option<String>,
    /// What is required.
    pub text: String,
    /// Numbers of the inspection's recommendations this priority addresses.
    pub recommendations: Vec<u32>,
    /// The links as written ("1 - 17"), when imported.
    pub recommendations_raw: Option<String>,
    /// Actions in order.
    pub actions: Vec<Action>,
    /// SMART targets.
    pub targets: Vec<Target>,
}

/// An action of a priority.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Action {
    /// The store's id.
    pub id: Option<i64>,
    /// What will be done.
    pub text: String,
    /// The key lead (a role or a name).
    pub lead: Option<String>,
    /// When it is due.
    pub due: Option<Date>,
    /// The timescale as written ("March/April 17"), when imported.
    pub timescale_raw: Option<String>,
    /// Milestones in order.
    pub milestones: Vec<Milestone>,
    /// Progress updates, oldest first; never edited.
    pub updates: Vec<ProgressUpdate>,
    /// Manual RAG overrides, oldest first; kept after they expire.
    pub overrides: Vec<Override>,
}

/// A milestone of an action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Milestone {
    /// The store's id.
    pub id: Option<i64>,
    /// What marks it.
    pub text: String,
    /// When it is due.
    pub due: Option<Date>,
    /// When it was done.
    pub done: Option<Date>,
    /// When it was entered (none: with the plan itself). A rating as known on a date leaves
    /// out what was entered after it, so adding a milestone today never rewrites last June.
    #[serde(default)]
    pub entered: Option<Date>,
}

/// Where an action stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    /// Not started.
    NotStarted,
    /// In progress.
    InProgress,
    /// Complete.
    Complete,
    /// Dropped (the update says why).
    Dropped,
}

impl ActionStatus {
    /// The machine name.
    pub fn as_str(self) -> &'static str {
        match self {
            ActionStatus::NotStarted => "not_started",
            ActionStatus::InProgress => "in_progress",
            ActionStatus::Complete => "complete",
            ActionStatus::Dropped => "dropped",
        }
    }

    /// In words, for people ("In progress").
    pub fn label(self) -> &'static str {
        match self {
            ActionStatus::NotStarted => "Not started",
            ActionStatus::InProgress => "In progress",
            ActionStatus::Complete => "Complete",
            ActionStatus::Dropped => "Dropped",
        }
    }
}

impl fmt::Display for ActionStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ActionStatus {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        match s
            .trim()
            .to_ascii_lowercase()
            .replace([' ', '-'], "_")
            .as_str()
        {
            "not_started" => Ok(ActionStatus::NotStarted),
            "in_progress" | "started" => Ok(ActionStatus::InProgress),
            "complete" | "completed" | "done" => Ok(ActionStatus::Complete),
            "dropped" => Ok(ActionStatus::Dropped),
            _ => Err(Error::UnknownValue {
                kind: "action status",
                value: s.to_string(),
                expected: "not_started, in_progress, complete, dropped",
            }),
        }
    }
}

/// A dated, signed progress update. A correction is a new update.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressUpdate {
    /// The store's id.
    pub id: Option<i64>,
    /// The date the progress refers to.
    pub date: Date,
    /// Who wrote it.
    pub author: String,
    /// What happened.
    pub text: String,
    /// A change of status, if the update makes one (a drop must say why in `text`).
    pub status: Option<ActionStatus>,
    /// When it was entered, for one added after the plan was saved (none: saved with the plan,
    /// known as dated). A rating as known on a date leaves out an update entered after it,
    /// whatever date it bears; one entered well after its date is a correction.
    #[serde(default)]
    pub entered: Option<Date>,
}

/// A manual RAG override: a colour, why, and until when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Override {
    /// The colour set.
    pub colour: Rag,
    /// Why (required).
    pub reason: String,
    /// First day it applies.
    pub from: Date,
    /// Last day it applies.
    pub until: Date,
    /// Who set it.
    pub author: String,
    /// When it was entered (none: not known). As for milestones, a rating as known on a date
    /// leaves out an override entered after it.
    #[serde(default)]
    pub entered: Option<Date>,
}

/// A SMART target of a priority: its words, as the plan states them, and the indicator it is
/// measured by. The value, tolerance, dates and owner are the indicator's target record (one
/// record per measure, decision 0022); the plan links to it and never copies it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    /// The store's id.
    pub id: Option<i64>,
    /// What success looks like, as written ("90% of assessments within 45 working days by
    /// March 2027").
    pub text: String,
    /// An indicator id from the catalogue ([`crate::indicator::CATALOGUE`]).
    pub indicator: Option<String>,
}

impl Plan {
    /// The plan as it was known on `as_at` (see [`Action::as_known_on`]).
    pub fn as_known_on(&self, as_at: Date) -> Plan {
        let mut plan = self.clone();
        for p in &mut plan.priorities {
            for a in &mut p.actions {
                *a = a.as_known_on(as_at);
            }
        }
        plan
    }
}

impl ProgressUpdate {
    /// Whether it was entered more than a week after the date it bears: a correction, or an
    /// update written up late. The day it was entered, when it was.
    pub fn entered_late(&self) -> Option<Date> {
        self.entered.filter(|e| (*e - self.date).get_days() > 7)
    }
}

impl Action {
    /// The action as it was known on `as_at`: without the updates, milestones and overrides
    /// entered after that day.
    pub fn as_known_on(&self, as_at: Date) -> Action {
        let known = |entered: Option<Date>| entered.is_none_or(|e| e <= as_at);
        Action {
            updates: self
                .updates
                .iter()
                .filter(|u| known(u.entered))
                .cloned()
                .collect(),
            milestones: self
                .milestones
                .iter()
                .filter(|m| known(m.entered))
                .cloned()
                .collect(),
            overrides: self
                .overrides
                .iter()
                .filter(|o| known(o.entered))
                .cloned()
                .collect(),
            ..self.clone()
        }
    }

    /// The status as it stood on `as_at`: the last status set by an update dated on or
    /// before that day; not started when none.
    pub fn status_at(&self, as_at: Date) -> ActionStatus {
        self.updates
            .iter()
            .filter(|u| u.date <= as_at)
            .filter_map(|u| u.status.map(|s| (u.date, s)))
            .max_by_key(|(d, _)| *d)
            .map(|(_, s)| s)
            .unwrap_or(ActionStatus::NotStarted)
    }

    /// The latest update on or before `as_at`.
    pub fn last_update_at(&self, as_at: Date) -> Option<&ProgressUpdate> {
        self.updates
            .iter()
            .filter(|u| u.date <= as_at)
            .max_by_key(|u| u.date)
    }

    /// The day the action was marked complete, if it was by `as_at`.
    pub fn completed_on(&self, as_at: Date) -> Option<Date> {
        (self.status_at(as_at) == ActionStatus::Complete)
            .then(|| {
                self.updates
                    .iter()
                    .filter(|u| u.date <= as_at && u.status == Some(ActionStatus::Complete))
                    .map(|u| u.date)
                    .max()
            })
            .flatten()
    }
}

impl Plan {
    /// The recommendation numbers (of `count`, numbered 1..=count) that no priority addresses.
    pub fn uncovered_recommendations(&self, count: u32) -> Vec<u32> {
        (1..=count)
            .filter(|n| {
                !self
                    .priorities
                    .iter()
                    .any(|p| p.recommendations.contains(n))
            })
            .collect()
    }

    /// A draft plan with one priority per recommendation, its text carried over and linked.
    pub fn draft(
        authority: LaCode,
        title: String,
        inspection_id: Option<i64>,
        recommendations: &[(u32, String)],
    ) -> Plan {
        Plan {
            id: None,
            authority,
            title,
            vision: None,
            period_start: None,
            period_end: None,
            inspection_id,
            priorities: recommendations
                .iter()
                .enumerate()
                .map(|(i, (n, text))| Priority {
                    id: None,
                    number: u32::try_from(i + 1).unwrap_or(u32::MAX),
                    theme: None,
                    text: text.clone(),
                    recommendations: vec![*n],
                    recommendations_raw: None,
                    actions: Vec::new(),
                    targets: Vec::new(),
                })
                .collect(),
        }
    }
}

/// What a plan lacks: recommendations no priority addresses, actions without a lead or a
/// date, targets that name no indicator (or one not in the catalogue).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// Recommendation numbers no priority addresses.
    pub uncovered_recommendations: Vec<u32>,
    /// (priority number, action text) of actions without a lead.
    pub actions_without_lead: Vec<(u32, String)>,
    /// (priority number, action text) of actions without a due date.
    pub actions_without_date: Vec<(u32, String)>,
    /// (priority number, target text) of targets with no catalogue indicator.
    pub targets_without_indicator: Vec<(u32, String)>,
    /// (priority number, indicator id) of targets naming an id not in the catalogue.
    pub targets_with_unknown_indicator: Vec<(u32, String)>,
}

/// The coverage of a plan against an inspection with `recommendations` recommendations.
pub fn coverage(plan: &Plan, recommendations: u32) -> Coverage {
    let mut c = Coverage {
        uncovered_recommendations: plan.uncovered_recommendations(recommendations),
        actions_without_lead: vec![],
        actions_without_date: vec![],
        targets_without_indicator: vec![],
        targets_with_unknown_indicator: vec![],
    };
    for p in &plan.priorities {
        for a in &p.actions {
            if a.lead.as_deref().is_none_or(|l| l.trim().is_empty()) {
                c.actions_without_lead.push((p.number, a.text.clone()));
            }
            if a.due.is_none() {
                c.actions_without_date.push((p.number, a.text.clone()));
            }
        }
        for t in &p.targets {
            match &t.indicator {
                None => c.targets_without_indicator.push((p.number, t.text.clone())),
                Some(id) if !crate::indicator::is_known(id) => {
                    c.targets_with_unknown_indicator
                        .push((p.number, id.clone()));
                }
                Some(_) => {}
            }
        }
    }
    c
}

/// The columns of the action-plan workbook councils use (seed 002, Appendix C).
pub const WORKBOOK_HEADERS: [&str; 7] = [
    "Requirement",
    "Links to Ofsted Recommendations",
    "Early Actions",
    "Key Lead",
    "Timescales",
    "Progress",
    "Smart Targets",
];

/// The plan as workbook rows in the seed's columns: title, then per theme a theme row, a header
/// row and the rows of each priority.
pub fn workbook_rows(plan: &Plan) -> Vec<Vec<String>> {
    let mut rows = vec![vec![plan.title.clone()]];
    if let Some(v) = &plan.vision {
        rows.push(vec![format!("Vision: {v}")]);
    }
    let mut theme: Option<Option<&str>> = None;
    for p in &plan.priorities {
        if theme != Some(p.theme.as_deref()) {
            theme = Some(p.theme.as_deref());
            if let Some(t) = &p.theme {
                rows.push(vec![t.clone()]);
            }
            rows.push(WORKBOOK_HEADERS.iter().map(|h| h.to_string()).collect());
        }
        rows.extend(priority_rows(p));
    }
    rows
}

/// The seed's columns for one priority: a row per action, the first carrying the requirement,
/// its links and its targets; a priority without actions is one row.
pub fn priority_rows(p: &Priority) -> Vec<Vec<String>> {
    let links = p.recommendations_raw.clone().unwrap_or_else(|| {
        p.recommendations
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    });
    let targets = p
        .targets
        .iter()
        .map(|t| t.text.clone())
        .collect::<Vec<_>>()
        .join("\n");
    let mut rows: Vec<Vec<String>> = p
        .actions
        .iter()
        .map(|a| {
            let timescale = match (&a.timescale_raw, a.due) {
                (Some(raw), _) => raw.clone(),
                (None, Some(d)) => d.strftime("%-d %b %Y").to_string(),
                (None, None) => String::new(),
            };
            vec![
                String::new(),
                String::new(),
                a.text.clone(),
                a.lead.clone().unwrap_or_default(),
                timescale,
                a.updates.last().map(|u| u.text.clone()).unwrap_or_default(),
                String::new(),
            ]
        })
        .collect();
    if rows.is_empty() {
        rows.push(vec![String::new(); 7]);
    }
    rows[0][0] = p.text.clone();
    rows[0][1] = links;
    rows[0][6] = targets;
    rows
}

/// Reads the recommendation links councils write: "1 - 17", "1–17", "14,6, 13,",
/// "1,2,3,4,6,7,9,10,11,12,1 3,14" (a number broken by a line wrap), "12 6", "8, 11".
/// Returns the numbers in order without repeats, or `None` when the text is not a list of
/// numbers and ranges.
pub fn parse_recommendation_links(text: &str) -> Option<Vec<u32>> {
    let t = text.trim();
    if t.is_empty() {
        return Some(vec![]);
    }
    let normal: String = t
        .chars()
        .map(|c| match c {
            '–' | '—' | '‒' | '−' => '-',
            ';' | '&' => ',',
            c => c,
        })
        .collect();
    let mut out: Vec<u32> = Vec::new();
    let mut push = |n: u32| {
        if !out.contains(&n) {
            out.push(n);
        }
    };
    for part in normal.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let part = part.trim_start_matches(['r', 'R', '#']).trim();
        if let Some((a, b)) = part.split_once('-') {
            let (a, b) = (number(a)?, number(b)?);
            if a == 0 || b < a || b - a > 200 {
                return None;
            }
            (a..=b).for_each(&mut push);
        } else {
            let words: Vec<&str> = part.split_whitespace().collect();
            // "1 3" inside a comma list is 13 broken by a wrap; "12 6" on its own is two links.
            let comma_list = normal.contains(',');
            if comma_list && words.len() == 2 && words.iter().all(|w| w.len() == 1) {
                push(number(&words.concat())?);
            } else {
                for w in words {
                    push(number(w)?);
                }
            }
        }
    }
    Some(out)
}

fn number(s: &str) -> Option<u32> {
    let s = s.trim();
    if s.is_empty() || s.len() > 3 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok().filter(|n| *n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    #[test]
    fn links_as_councils_write_them() {
        assert_eq!(
            parse_recommendation_links("1 - 17"),
            Some((1..=17).collect())
        );
        assert_eq!(
            parse_recommendation_links("1 – 17"),
            Some((1..=17).collect())
        );
        assert_eq!(parse_recommendation_links("1-17"), Some((1..=17).collect()));
        assert_eq!(
            parse_recommendation_links("14,6, 13,"),
            Some(vec![14, 6, 13])
        );
        assert_eq!(
            parse_recommendation_links("1,2,3,4,6,7,9,10,11,12,1 3,14,15,16"),
            Some(vec![1, 2, 3, 4, 6, 7, 9, 10, 11, 12, 13, 14, 15, 16])
        );
        assert_eq!(parse_recommendation_links("12 6"), Some(vec![12, 6]));
        assert_eq!(
            parse_recommendation_links("13 15 11"),
            Some(vec![13, 15, 11])
        );
        assert_eq!(parse_recommendation_links("8, 11"), Some(vec![8, 11]));
        assert_eq!(parse_recommendation_links("2,6,17"), Some(vec![2, 6, 17]));
        assert_eq!(parse_recommendation_links(""), Some(vec![]));
        assert_eq!(parse_recommendation_links("all of them"), None);
        assert_eq!(parse_recommendation_links("17-1"), None);
        assert_eq!(parse_recommendation_links("0"), None);
    }

    fn update(d: Date, status: Option<ActionStatus>) -> ProgressUpdate {
        ProgressUpdate {
            id: None,
            date: d,
            author: "lead".into(),
            text: "progress".into(),
            status,
            entered: None,
        }
    }

    #[test]
    fn status_is_as_it_stood_on_the_day() {
        let a = Action {
            id: None,
            text: "Launch".into(),
            lead: None,
            due: None,
            timescale_raw: None,
            milestones: vec![],
            updates: vec![
                update(date(2017, 1, 10), Some(ActionStatus::InProgress)),
                update(date(2017, 2, 1), None),
                update(date(2017, 3, 5), Some(ActionStatus::Complete)),
            ],
            overrides: vec![],
        };
        assert_eq!(a.status_at(date(2017, 1, 9)), ActionStatus::NotStarted);
        assert_eq!(a.status_at(date(2017, 3, 4)), ActionStatus::InProgress);
        assert_eq!(a.status_at(date(2017, 3, 5)), ActionStatus::Complete);
        assert_eq!(a.completed_on(date(2017, 4, 1)), Some(date(2017, 3, 5)));
        assert_eq!(
            a.last_update_at(date(2017, 2, 20)).map(|u| u.date),
            Some(date(2017, 2, 1))
        );
    }

    #[test]
    fn draft_has_one_linked_priority_per_recommendation() {
        let p = Plan::draft(
            LaCode(856),
            "Plan".into(),
            Some(3),
            &[
                (1, "The quality of plans.".into()),
                (2, "Supervision.".into()),
            ],
        );
        assert_eq!(p.priorities.len(), 2);
        assert_eq!(p.priorities[1].recommendations, vec![2]);
        assert_eq!(p.uncovered_recommendations(3), vec![3]);
    }

    proptest! {
        #[test]
        fn links_never_panic_and_stay_in_range(s in "[0-9 ,;–-]{0,30}") {
            if let Some(v) = parse_recommendation_links(&s) {
                prop_assert!(v.iter().all(|n| (1..=999).contains(n)));
            }
        }
    }
}
