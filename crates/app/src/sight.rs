//! The line of sight: the children behind the figures that need action today, by team and
//! worker. Which children are overdue, and who may see them, is decided here; screens only
//! render it.

use std::collections::HashMap;

use serde::Serialize;
use sightline_core::access::Role;
use sightline_core::indicator::Line;
use sightline_store::User;

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
    /// The council's own identifier, to find the child in the case system: opened from its
    /// seal for a pseudonymised extract when the installation's secret key is configured.
    pub own_id: Option<String>,
    /// The list.
    pub list: u8,
    /// The row in the list as the user sees it in Excel.
    pub row: u32,
    /// The measure that decided it (days since the visit, working days open), when there is one.
    pub measure: Option<i64>,
    /// When the child is due, or how overdue, in words.
    pub status: String,
}

/// Which children to list: one team's, one worker's, or all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SightFilter {
    /// Only this team (as written in the extract).
    pub team: Option<String>,
    /// Only this worker.
    pub worker: Option<String>,
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
    /// How many days old the latest extract is today.
    pub age_days: Option<i64>,
    /// Older than [`STALE_AFTER_DAYS`]: the lists may no longer be true.
    pub stale: bool,
    /// Children listed per team (after the filter), most first.
    pub by_team: Vec<(String, usize)>,
    /// Every team and worker in the lists (before the filter), for choosing one.
    pub teams: Vec<String>,
    /// Every worker in the lists (before the filter).
    pub workers: Vec<String>,
    /// For a manager: the teams assigned to them, the only ones listed (none assigned, none
    /// listed). `None` for analysts and admins, who see every team.
    pub assigned: Option<Vec<String>>,
    /// Why the council's own identifiers are not shown, when they are not.
    pub own_ids_missing: Option<&'static str>,
    /// Every list.
    pub sections: Vec<SightSection>,
}

/// An extract older than this many days is flagged: extracts come monthly.
pub const STALE_AFTER_DAYS: i64 = 40;

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

/// How a row's status reads.
#[derive(Clone, Copy)]
enum Due {
    /// The standard was missed: "overdue" with the measure.
    Overdue,
    /// Open past 45 working days: how far past.
    Past45,
    /// Open 35–44 working days: how long until 45.
    Before45,
}

fn status(due: Due, unit: &str, measure: Option<i64>) -> String {
    match (due, measure) {
        (Due::Past45, Some(m)) => format!("{} working days past 45", m - 45),
        (Due::Before45, Some(m)) if m < 45 => format!("due in {} working days", 45 - m),
        (Due::Before45, Some(_)) => "due now".to_string(),
        (Due::Overdue, Some(m)) if !unit.is_empty() => format!("overdue: {m} {unit}"),
        _ => "overdue".to_string(),
    }
}

/// (indicator, title, measure, which rows, rule when not the indicator's definition, due).
const SECTIONS: &[(&str, &str, &str, Pick, &str, Due)] = &[
    (
        "cin_seen_in_timescale_pct",
        "Children in need not seen within the standard",
        "days since seen",
        not_met,
        "",
        Due::Overdue,
    ),
    (
        "cp_visited_in_timescale_pct",
        "Children on plans not visited within the standard",
        "working days since the visit",
        not_met,
        "",
        Due::Overdue,
    ),
    (
        "cp_reviews_in_timescale_pct",
        "Child protection reviews overdue",
        "days to the due date",
        not_met,
        "",
        Due::Overdue,
    ),
    (
        "cla_visited_in_timescale_pct",
        "Children looked after not visited within the standard",
        "days since the visit",
        not_met,
        "",
        Due::Overdue,
    ),
    (
        "cla_reviews_in_timescale_pct",
        "Children looked after with a review overdue",
        "days since the review",
        not_met,
        "",
        Due::Overdue,
    ),
    (
        "assessments_open_over_45wd",
        "Assessments open beyond 45 working days",
        "working days open",
        counted,
        "",
        Due::Past45,
    ),
    (
        "assessments_open_over_45wd",
        "Assessments nearing 45 working days (35 or more)",
        "working days open",
        near_45,
        "Assessments still open at the as-at date after 35 to 44 working days: due to be \
         completed within 45 working days of the referral (Working Together), so these are next.",
        Due::Before45,
    ),
    (
        "cla_return_interview_offered_pct",
        "Missing episodes with no return interview offered",
        "",
        not_met,
        "",
        Due::Overdue,
    ),
    (
        "care_leavers_in_touch_pct",
        "Care leavers the authority is not in touch with",
        "",
        not_met,
        "",
        Due::Overdue,
    ),
];

impl Sightline {
    /// The line of sight at the latest extract, for roles allowed child-level data: a manager
    /// sees the teams an admin has assigned them, analysts and admins every team.
    ///
    /// # Errors
    /// [`Error::Forbidden`] for a viewer; store errors.
    pub async fn line_of_sight(
        &self,
        user: &User,
        filter: &SightFilter,
        today: jiff::civil::Date,
    ) -> Result<LineOfSight> {
        let role = user.role;
        role.child_level().ok_or(Error::Forbidden(
            "the line of sight lists children: it is for analysts, managers and admins",
        ))?;
        let assigned = match role {
            Role::Manager => Some(self.teams_of(user).await?),
            _ => None,
        };
        let settings = self.indicator_settings().await?;
        let latest = self
            .db
            .extracts()
            .await?
            .into_iter()
            .max_by_key(|e| (e.as_at.clone(), e.id));
        let as_at = latest.as_ref().map(|e| e.as_at.clone());
        let (own_ids, own_ids_missing) = self.own_ids(latest.as_ref()).await?;
        let mut sections = Vec::new();
        let age_days = as_at
            .as_deref()
            .and_then(|d| d.parse::<jiff::civil::Date>().ok())
            .map(|d| i64::from((today - d).get_days()));
        let (mut teams, mut workers) = (Vec::new(), Vec::new());
        if as_at.is_none() {
            return Ok(LineOfSight {
                as_at,
                age_days,
                stale: false,
                by_team: Vec::new(),
                teams,
                workers,
                assigned,
                own_ids_missing,
                sections,
            });
        }
        for (id, title, measure, keep, own_rule, due) in SECTIONS {
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
                    own_id: match &own_ids {
                        Some(ids) => ids.get(&l.child).cloned(),
                        None => Some(l.child.clone()),
                    },
                    list: l.list,
                    row: l.row,
                    measure: l.measure,
                    status: status(*due, measure.split(' ').next().unwrap_or(""), l.measure),
                })
                .collect();
            if let Some(mine) = &assigned {
                rows.retain(|r| mine.contains(&r.team));
            }
            teams.extend(rows.iter().map(|r| r.team.clone()));
            workers.extend(rows.iter().map(|r| r.worker.clone()));
            rows.retain(|r| {
                filter.team.as_ref().is_none_or(|t| *t == r.team)
                    && filter.worker.as_ref().is_none_or(|w| *w == r.worker)
            });
            rows.sort();
            let rule = sightline_core::indicator::definition(id)
                .filter(|_| own_rule.is_empty())
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
                .unwrap_or_else(|| own_rule.to_string());
            sections.push(SightSection {
                title,
                indicator: id,
                rule,
                measure,
                rows,
            });
        }
        let mut by_team: Vec<(String, usize)> = Vec::new();
        for r in sections.iter().flat_map(|x| &x.rows) {
            match by_team.iter_mut().find(|(t, _)| *t == r.team) {
                Some((_, n)) => *n += 1,
                None => by_team.push((r.team.clone(), 1)),
            }
        }
        by_team.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        teams.sort();
        teams.dedup();
        workers.sort();
        workers.dedup();
        Ok(LineOfSight {
            as_at,
            stale: age_days.is_some_and(|d| d > STALE_AFTER_DAYS),
            age_days,
            by_team,
            teams,
            workers,
            assigned,
            own_ids_missing,
            sections,
        })
    }

    /// The council's own identifiers of an extract's children by pseudonym (`None`: the
    /// extract holds them as they are), or why they cannot be shown.
    async fn own_ids(
        &self,
        extract: Option<&sightline_store::ExtractSummary>,
    ) -> Result<(Option<HashMap<String, String>>, Option<&'static str>)> {
        let Some(e) = extract.filter(|e| e.pseudonymised) else {
            return Ok((None, None));
        };
        let Some(key) = &self.secret_key else {
            return Ok((
                Some(HashMap::new()),
                Some(
                    "the council's own child ids are kept sealed; they are shown when the \
                     installation's secret key is configured (secret_key, SIGHTLINE_SECRET_KEY)",
                ),
            ));
        };
        let mut ids = HashMap::new();
        let mut unopened = false;
        let kept = self.db.sealed_child_ids(e.id).await?;
        if kept.is_empty() {
            return Ok((
                Some(ids),
                Some(
                    "this extract was loaded before Sightline kept the council's own child ids \
                     sealed; load it again to show them",
                ),
            ));
        }
        for (child, sealed) in kept {
            match crate::sealed::open(key.as_bytes(), &sealed) {
                Some(own) => {
                    ids.insert(child, own);
                }
                None => unopened = true,
            }
        }
        Ok((
            Some(ids),
            unopened.then_some(
                "some of the council's own child ids were sealed with another key and cannot \
                 be opened with this installation's",
            ),
        ))
    }
}
