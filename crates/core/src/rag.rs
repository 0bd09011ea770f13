//! RAG ratings with a sentence saying why, as of any date.
//!
//! Rules (product.md, thresholds in [`RagRules`]):
//! - an active manual override wins, and says who set it, why and until when;
//! - a dropped action is grey and a complete one blue ("complete" is kept apart from green);
//! - red when a milestone or the due date has passed and it is not done (due today is not late);
//! - amber when due within `due_soon_days` with no progress update in the last
//!   `stale_update_days`;
//! - green otherwise.
//!
//! A priority, and the plan, take the worst colour of their actions (red, amber, green, blue),
//! with counts by colour. Only updates, milestones and overrides dated on or before the as-at
//! date count, so the rating of any past date can be reproduced.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::plan::{Action, ActionStatus, Plan, Priority};
use crate::{Error, Result};

/// A RAG colour. Ordered best to worst for roll-up: grey (not rated) < blue < green < amber
/// < red.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rag {
    /// Not rated (dropped, or nothing to rate).
    Grey,
    /// Complete.
    Blue,
    /// On track.
    Green,
    /// At risk.
    Amber,
    /// Late.
    Red,
}

impl Rag {
    /// Every colour, worst first (the order of counts).
    pub const WORST_FIRST: [Rag; 5] = [Rag::Red, Rag::Amber, Rag::Green, Rag::Blue, Rag::Grey];

    /// The machine name.
    pub fn as_str(self) -> &'static str {
        match self {
            Rag::Grey => "grey",
            Rag::Blue => "blue",
            Rag::Green => "green",
            Rag::Amber => "amber",
            Rag::Red => "red",
        }
    }
}

impl fmt::Display for Rag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Rag {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        Rag::WORST_FIRST
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| Error::UnknownValue {
                kind: "RAG colour",
                value: s.to_string(),
                expected: "red, amber, green, blue, grey",
            })
    }
}

/// A colour and the sentence that explains it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rating {
    /// The colour.
    pub colour: Rag,
    /// Why, in a sentence ("milestone 'X' was due 31 Mar 2017 and is 54 days late").
    pub reason: String,
}

impl fmt::Display for Rating {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.colour, self.reason)
    }
}

/// The thresholds of the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RagRules {
    /// An action due within this many days is at risk without a recent update (default 30).
    pub due_soon_days: i64,
    /// An update older than this many days is not recent (default 30).
    pub stale_update_days: i64,
    /// Rate as we now know it: milestones and overrides entered after the as-at date count
    /// too. Off by default: a rating on a date is as it was known then, so a board paper can
    /// be reproduced exactly.
    pub as_now_known: bool,
}

impl Default for RagRules {
    fn default() -> Self {
        RagRules {
            due_soon_days: 30,
            stale_update_days: 30,
            as_now_known: false,
        }
    }
}

/// A date as board papers write it: "31 Mar 2017".
pub fn long_date(d: Date) -> String {
    d.strftime("%-d %b %Y").to_string()
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
fn day_count(from: Date, to: Date) -> i64 {
    i64::from((to - from).get_days())
}

fn plural(n: i64, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// The targets off track on a date, by indicator id, each with why in words ("24.1% against
/// a target of 22% (tolerance 2)"): a linked target off track makes an action amber.
pub type OffTrack = BTreeMap<String, String>;

/// Rates one action of `priority` as of `as_at`: [`rate_action`], then amber when it would be
/// green but a target its priority is measured by is off track.
pub fn rate_linked_action(
    action: &Action,
    priority: &Priority,
    as_at: Date,
    rules: &RagRules,
    off_track: &OffTrack,
) -> Rating {
    let rating = rate_action(action, as_at, rules);
    if rating.colour != Rag::Green {
        return rating;
    }
    let off: Vec<String> = priority
        .targets
        .iter()
        .filter_map(|t| {
            let why = off_track.get(t.indicator.as_deref()?)?;
            Some(format!("'{}' is off track: {why}", t.text))
        })
        .collect();
    match off.split_first() {
        None => rating,
        Some((first, rest)) => Rating {
            colour: Rag::Amber,
            reason: format!(
                "a target it serves {first}{}",
                match rest.len() {
                    0 => String::new(),
                    n => format!(
                        " (and {} more)",
                        plural(i64::try_from(n).unwrap_or(0), "target")
                    ),
                }
            ),
        },
    }
}

/// Rates one action as of `as_at`.
pub fn rate_action(action: &Action, as_at: Date, rules: &RagRules) -> Rating {
    // What was known on the as-at date, unless asked for what is known now.
    let known_then;
    let action = if rules.as_now_known {
        action
    } else {
        known_then = action.as_known_on(as_at);
        &known_then
    };
    let known = |entered: Option<Date>| rules.as_now_known || entered.is_none_or(|e| e <= as_at);
    if let Some(o) = action
        .overrides
        .iter()
        .rev()
        .filter(|o| known(o.entered))
        .find(|o| o.from <= as_at && as_at <= o.until)
    {
        return Rating {
            colour: o.colour,
            reason: format!(
                "set by {} until {}: {}",
                o.author,
                long_date(o.until),
                o.reason
            ),
        };
    }
    match action.status_at(as_at) {
        ActionStatus::Dropped => {
            let why = action
                .updates
                .iter()
                .rfind(|u| u.date <= as_at && u.status == Some(ActionStatus::Dropped));
            return Rating {
                colour: Rag::Grey,
                reason: match why {
                    Some(u) => format!("dropped on {}: {}", long_date(u.date), u.text),
                    None => "dropped".into(),
                },
            };
        }
        ActionStatus::Complete => {
            let on = action.completed_on(as_at);
            let late = match (on, action.due) {
                (Some(on), Some(due)) if on > due => {
                    format!(", {} after it was due", plural(day_count(due, on), "day"))
                }
                _ => String::new(),
            };
            return Rating {
                colour: Rag::Blue,
                reason: match on {
                    Some(on) => format!("complete on {}{late}", long_date(on)),
                    None => "complete".into(),
                },
            };
        }
        ActionStatus::NotStarted | ActionStatus::InProgress => {}
    }
    let overdue: Vec<_> = action
        .milestones
        .iter()
        .filter(|m| known(m.entered))
        .filter_map(|m| {
            let due = m.due?;
            let done_by_then = m.done.is_some_and(|d| d <= as_at);
            (due < as_at && !done_by_then).then_some((m, due))
        })
        .collect();
    if let Some((m, due)) = overdue.iter().min_by_key(|(_, due)| *due) {
        let more = match overdue.len() - 1 {
            0 => String::new(),
            n => format!(
                " ({} more overdue)",
                plural(i64::try_from(n).unwrap_or(i64::MAX), "milestone")
            ),
        };
        return Rating {
            colour: Rag::Red,
            reason: format!(
                "milestone '{}' was due {} and is {} late{more}",
                m.text,
                long_date(*due),
                plural(day_count(*due, as_at), "day")
            ),
        };
    }
    let last = action.last_update_at(as_at);
    let Some(due) = action.due else {
        return Rating {
            colour: Rag::Green,
            reason: "on track: no milestone is late and no due date is set".into(),
        };
    };
    if due < as_at {
        return Rating {
            colour: Rag::Red,
            reason: format!(
                "was due {} and is {} late",
                long_date(due),
                plural(day_count(due, as_at), "day")
            ),
        };
    }
    let until_due = day_count(as_at, due);
    let stale = last.is_none_or(|u| day_count(u.date, as_at) > rules.stale_update_days);
    if until_due <= rules.due_soon_days && stale {
        let since = match last {
            Some(u) => format!("no progress update since {}", long_date(u.date)),
            None => "no progress update yet".into(),
        };
        let when = match until_due {
            0 => "today".to_string(),
            n => format!("in {}", plural(n, "day")),
        };
        return Rating {
            colour: Rag::Amber,
            reason: format!("due {} ({when}) with {since}", long_date(due)),
        };
    }
    Rating {
        colour: Rag::Green,
        reason: match last {
            Some(u) => format!(
                "on track: due {}, last update {}",
                long_date(due),
                long_date(u.date)
            ),
            None => format!("on track: due {}", long_date(due)),
        },
    }
}

/// Counts of actions by colour.
pub type Counts = BTreeMap<Rag, usize>;

/// The rating of a priority or a plan: worst of its actions, with counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RollUp {
    /// Colour and reason.
    pub rating: Rating,
    /// Actions by colour.
    pub counts: Counts,
}

fn roll_up<'a>(actions: impl Iterator<Item = (&'a Action, Rating)>, what: &str) -> RollUp {
    let mut counts = Counts::new();
    let mut worst: Option<(Rag, &'a Action, String)> = None;
    let mut total = 0usize;
    for (a, r) in actions {
        total += 1;
        *counts.entry(r.colour).or_default() += 1;
        if worst.as_ref().is_none_or(|(c, _, _)| r.colour > *c) {
            worst = Some((r.colour, a, r.reason));
        }
    }
    let rating = match worst {
        None => Rating {
            colour: Rag::Grey,
            reason: format!("{what} has no actions"),
        },
        Some((Rag::Grey, _, _)) => Rating {
            colour: Rag::Grey,
            reason: format!("all actions dropped ({total})"),
        },
        Some((Rag::Blue, _, _)) => Rating {
            colour: Rag::Blue,
            reason: format!("all actions complete ({total})"),
        },
        Some((colour, action, reason)) => {
            let n = counts.get(&colour).copied().unwrap_or(0);
            Rating {
                colour,
                reason: format!(
                    "{n} of {total} actions {colour}; '{}': {reason}",
                    action.text
                ),
            }
        }
    };
    RollUp { rating, counts }
}

/// Rates a priority: the worst of its actions, each amber when a target of the priority is
/// off track (see [`rate_linked_action`]).
pub fn rate_priority(
    priority: &Priority,
    as_at: Date,
    rules: &RagRules,
    off_track: &OffTrack,
) -> RollUp {
    roll_up(
        priority
            .actions
            .iter()
            .map(|a| (a, rate_linked_action(a, priority, as_at, rules, off_track))),
        "the priority",
    )
}

/// Rates a plan: the worst of all its actions, as [`rate_priority`] rates them.
pub fn rate_plan(plan: &Plan, as_at: Date, rules: &RagRules, off_track: &OffTrack) -> RollUp {
    roll_up(
        plan.priorities.iter().flat_map(|p| {
            p.actions
                .iter()
                .map(move |a| (a, rate_linked_action(a, p, as_at, rules, off_track)))
        }),
        "the plan",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Milestone, Override, ProgressUpdate};
    use jiff::civil::date;

    fn action(due: Option<Date>) -> Action {
        Action {
            id: None,
            text: "Launch practice standards".into(),
            lead: Some("Head of Service".into()),
            due,
            timescale_raw: None,
            milestones: vec![],
            updates: vec![],
            overrides: vec![],
        }
    }

    fn update(d: Date, status: Option<ActionStatus>, text: &str) -> ProgressUpdate {
        ProgressUpdate {
            id: None,
            date: d,
            author: "Head of Service".into(),
            text: text.into(),
            status,
            entered: None,
        }
    }

    fn rate(a: &Action, as_at: Date) -> Rating {
        rate_action(a, as_at, &RagRules::default())
    }

    #[test]
    fn a_late_milestone_is_red_with_days_late() {
        let mut a = action(Some(date(2017, 6, 30)));
        a.milestones.push(Milestone {
            id: None,
            text: "Practice standards complete".into(),
            due: Some(date(2017, 3, 31)),
            done: None,
            entered: None,
        });
        // 31 Mar 2017 + 54 days = 24 May 2017.
        let r = rate(&a, date(2017, 5, 24));
        assert_eq!(
            r.to_string(),
            "red: milestone 'Practice standards complete' was due 31 Mar 2017 and is 54 days late"
        );
    }

    #[test]
    fn a_target_off_track_turns_a_green_action_amber_with_why() {
        use crate::plan::{Priority, Target};
        let mut on_track = action(Some(date(2027, 3, 31)));
        on_track.updates.push(update(
            date(2026, 10, 20),
            Some(ActionStatus::InProgress),
            "recruiting",
        ));
        let late = action(Some(date(2026, 9, 30)));
        let priority = Priority {
            id: None,
            number: 2,
            theme: Some("A strong front door".into()),
            text: "Timely responses".into(),
            recommendations: vec![2],
            recommendations_raw: None,
            targets: vec![Target {
                id: None,
                text: "Re-referrals within 12 months below 22% by March 2027".into(),
                indicator: Some("re_referrals_12m_pct".into()),
            }],
            actions: vec![on_track.clone(), late.clone()],
        };
        let on = date(2026, 11, 1);
        let rules = RagRules::default();
        let mut off = OffTrack::new();
        // Nothing off track: green, as before.
        assert_eq!(
            rate_linked_action(&on_track, &priority, on, &rules, &off).colour,
            Rag::Green
        );
        off.insert(
            "re_referrals_12m_pct".into(),
            "24.1% against a target of 22% (tolerance 2)".into(),
        );
        assert_eq!(
            rate_linked_action(&on_track, &priority, on, &rules, &off).to_string(),
            "amber: a target it serves 'Re-referrals within 12 months below 22% by March 2027' \
             is off track: 24.1% against a target of 22% (tolerance 2)"
        );
        // A late action stays red: the worse reason wins.
        assert_eq!(
            rate_linked_action(&late, &priority, on, &rules, &off).colour,
            Rag::Red
        );
        // The priority rolls up its worst: red, one of two; amber counted too.
        let r = rate_priority(&priority, on, &rules, &off);
        assert_eq!(r.rating.colour, Rag::Red);
        assert_eq!(r.counts.get(&Rag::Amber), Some(&1));
        // Another indicator off track touches nothing here.
        let other = OffTrack::from([("cla_open".to_string(), "x".to_string())]);
        assert_eq!(
            rate_linked_action(&on_track, &priority, on, &rules, &other).colour,
            Rag::Green
        );
    }

    #[test]
    fn a_correction_entered_later_leaves_the_past_as_it_was_known() {
        let mut a = action(Some(date(2026, 6, 30)));
        let then = date(2026, 7, 15);
        assert_eq!(
            rate(&a, then).to_string(),
            "red: was due 30 Jun 2026 and is 15 days late"
        );
        // In November someone records that it was in fact finished on 20 June.
        let mut late = update(
            date(2026, 6, 20),
            Some(ActionStatus::Complete),
            "signed off",
        );
        late.entered = Some(date(2026, 11, 27));
        a.updates.push(late.clone());
        assert_eq!(
            late.entered_late(),
            Some(date(2026, 11, 27)),
            "a correction"
        );
        // July's board paper is unchanged; as now known, the action was complete.
        assert_eq!(
            rate(&a, then).to_string(),
            "red: was due 30 Jun 2026 and is 15 days late"
        );
        let now_known = RagRules {
            as_now_known: true,
            ..RagRules::default()
        };
        assert_eq!(
            rate_action(&a, then, &now_known).to_string(),
            "blue: complete on 20 Jun 2026"
        );
        // An update entered the same week is no correction.
        let mut prompt = update(date(2026, 6, 20), None, "on it");
        prompt.entered = Some(date(2026, 6, 27));
        assert_eq!(prompt.entered_late(), None);
    }

    #[test]
    fn due_today_is_not_late_but_due_yesterday_is() {
        let mut a = action(Some(date(2017, 3, 31)));
        a.updates.push(update(
            date(2017, 3, 20),
            Some(ActionStatus::InProgress),
            "going",
        ));
        let today = rate(&a, date(2017, 3, 31));
        assert_eq!(today.colour, Rag::Green, "{today}");
        let tomorrow = rate(&a, date(2017, 4, 1));
        assert_eq!(
            tomorrow.to_string(),
            "red: was due 31 Mar 2017 and is 1 day late"
        );
    }

    #[test]
    fn a_milestone_due_today_is_not_late_and_one_done_later_was_late_then() {
        let mut a = action(Some(date(2017, 12, 31)));
        a.updates.push(update(
            date(2017, 3, 1),
            Some(ActionStatus::InProgress),
            "x",
        ));
        a.milestones.push(Milestone {
            id: None,
            text: "Draft".into(),
            due: Some(date(2017, 3, 31)),
            done: Some(date(2017, 4, 10)),
            entered: None,
        });
        assert_eq!(rate(&a, date(2017, 3, 31)).colour, Rag::Green);
        assert_eq!(
            rate(&a, date(2017, 4, 5)).to_string(),
            "red: milestone 'Draft' was due 31 Mar 2017 and is 5 days late"
        );
        // Once done, it no longer makes the action red.
        assert_eq!(rate(&a, date(2017, 4, 10)).colour, Rag::Green);
    }

    #[test]
    fn completed_late_is_blue_and_says_how_late() {
        let mut a = action(Some(date(2017, 3, 31)));
        a.updates.push(update(
            date(2017, 4, 5),
            Some(ActionStatus::Complete),
            "done",
        ));
        assert_eq!(
            rate(&a, date(2017, 6, 1)).to_string(),
            "blue: complete on 5 Apr 2017, 5 days after it was due"
        );
        // Before completion it was red.
        assert_eq!(rate(&a, date(2017, 4, 4)).colour, Rag::Red);
    }

    #[test]
    fn due_soon_without_a_recent_update_is_amber() {
        let mut a = action(Some(date(2017, 3, 31)));
        assert_eq!(
            rate(&a, date(2017, 3, 1)).to_string(),
            "amber: due 31 Mar 2017 (in 30 days) with no progress update yet"
        );
        // 31 days before the due date is not "due soon".
        assert_eq!(rate(&a, date(2017, 2, 28)).colour, Rag::Green);
        // An update 30 days old is still recent; 31 days is not.
        a.updates
            .push(update(date(2017, 2, 14), None, "meeting held"));
        assert_eq!(rate(&a, date(2017, 3, 16)).colour, Rag::Green);
        assert_eq!(
            rate(&a, date(2017, 3, 17)).to_string(),
            "amber: due 31 Mar 2017 (in 14 days) with no progress update since 14 Feb 2017"
        );
    }

    #[test]
    fn a_milestone_or_override_entered_later_does_not_rewrite_the_past() {
        // An action due at the end of the year, on track in June 2026.
        let mut a = action(Some(date(2026, 12, 31)));
        a.updates.push(ProgressUpdate {
            id: None,
            date: date(2026, 6, 20),
            author: "HoS".into(),
            text: "On track".into(),
            status: Some(ActionStatus::InProgress),
            entered: None,
        });
        let june = date(2026, 6, 30);
        let before = rate(&a, june).to_string();
        // In November a milestone is added with a due date in May, and an override from June.
        a.milestones.push(Milestone {
            id: None,
            text: "Practice standards complete".into(),
            due: Some(date(2026, 5, 31)),
            done: None,
            entered: Some(date(2026, 11, 27)),
        });
        a.overrides.push(Override {
            colour: Rag::Red,
            reason: "found late".into(),
            from: date(2026, 6, 1),
            until: date(2026, 12, 31),
            author: "AD".into(),
            entered: Some(date(2026, 11, 27)),
        });
        // June as it was known then: unchanged.
        assert_eq!(rate(&a, june).to_string(), before);
        // As we now know it: the override (and behind it the late milestone) show.
        let now = RagRules {
            as_now_known: true,
            ..RagRules::default()
        };
        let known_now = rate_action(&a, june, &now);
        assert_eq!(known_now.colour, Rag::Red);
        assert!(
            known_now.reason.contains("found late"),
            "{}",
            known_now.reason
        );
        // And from the day they were entered, they count.
        assert_eq!(rate(&a, date(2026, 11, 30)).colour, Rag::Red);
    }

    #[test]
    fn an_override_applies_until_it_expires_and_is_kept() {
        let mut a = action(Some(date(2017, 3, 31)));
        a.overrides.push(Override {
            colour: Rag::Amber,
            reason: "new date agreed with the board".into(),
            from: date(2017, 4, 3),
            until: date(2017, 4, 30),
            author: "AD".into(),
            entered: None,
        });
        assert_eq!(
            rate(&a, date(2017, 4, 30)).to_string(),
            "amber: set by AD until 30 Apr 2017: new date agreed with the board"
        );
        // Expired: the rules apply again (due 31 Mar, 31 days late on 1 May).
        assert_eq!(
            rate(&a, date(2017, 5, 1)).to_string(),
            "red: was due 31 Mar 2017 and is 31 days late"
        );
        // Before it was set, the rules applied too.
        assert_eq!(rate(&a, date(2017, 4, 2)).colour, Rag::Red);
    }

    #[test]
    fn dropped_is_grey_with_the_reason() {
        let mut a = action(Some(date(2017, 3, 31)));
        a.updates.push(update(
            date(2017, 2, 1),
            Some(ActionStatus::Dropped),
            "replaced by the regional academy",
        ));
        assert_eq!(
            rate(&a, date(2017, 6, 1)).to_string(),
            "grey: dropped on 1 Feb 2017: replaced by the regional academy"
        );
    }

    #[test]
    fn leap_day_due_dates_count_days_exactly() {
        let a = action(Some(date(2024, 2, 29)));
        assert_eq!(
            rate(&a, date(2024, 3, 1)).to_string(),
            "red: was due 29 Feb 2024 and is 1 day late"
        );
        assert_eq!(
            rate(&a, date(2025, 3, 1)).to_string(),
            "red: was due 29 Feb 2024 and is 366 days late"
        );
    }

    #[test]
    fn priorities_take_the_worst_action_with_counts() {
        let mut late = action(Some(date(2017, 3, 31)));
        late.text = "Recruit".into();
        let mut done = action(Some(date(2017, 3, 31)));
        done.updates.push(update(
            date(2017, 3, 1),
            Some(ActionStatus::Complete),
            "done",
        ));
        let p = Priority {
            id: None,
            number: 1,
            theme: None,
            text: "Caseloads".into(),
            recommendations: vec![3],
            recommendations_raw: None,
            actions: vec![done.clone(), late],
            targets: vec![],
        };
        let r = rate_priority(&p, date(2017, 4, 2), &RagRules::default(), &OffTrack::new());
        assert_eq!(r.rating.colour, Rag::Red);
        assert_eq!(
            r.rating.reason,
            "1 of 2 actions red; 'Recruit': was due 31 Mar 2017 and is 2 days late"
        );
        assert_eq!(r.counts.get(&Rag::Blue), Some(&1));
        let all_done = Priority {
            actions: vec![done],
            ..p.clone()
        };
        assert_eq!(
            rate_priority(
                &all_done,
                date(2017, 4, 2),
                &RagRules::default(),
                &OffTrack::new()
            )
            .rating
            .to_string(),
            "blue: all actions complete (1)"
        );
        let empty = Priority {
            actions: vec![],
            ..p
        };
        assert_eq!(
            rate_priority(
                &empty,
                date(2017, 4, 2),
                &RagRules::default(),
                &OffTrack::new()
            )
            .rating
            .colour,
            Rag::Grey
        );
    }
}
