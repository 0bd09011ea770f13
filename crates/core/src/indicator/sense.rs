//! Sense checks on an extract's figures: a performance system notices when its data cannot
//! be right. Each check is a sentence for the data-quality report and the packs.

use serde::Serialize;

use super::{Definition, Unit};

/// A headline figure as the checks see it.
#[derive(Debug, Clone, Copy)]
pub struct Headline<'a> {
    /// Its definition.
    pub definition: &'a Definition,
    /// Its value.
    pub value: Option<f64>,
    /// Numerator.
    pub numerator: i64,
    /// Denominator.
    pub denominator: Option<i64>,
}

/// One thing that cannot be right, or needs a second look.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SenseCheck {
    /// `identical-figures` or `implausible-against-england`.
    pub rule: &'static str,
    /// The indicators it is about.
    pub indicators: Vec<&'static str>,
    /// In words.
    pub message: String,
    /// The counts the words quote (so an aggregate output can leave out a check that would
    /// show a small number).
    #[serde(skip)]
    pub counts: Vec<i64>,
}

/// Percentages on different measures that agree to the child (same numerator, denominator and
/// value) — three care-leaver measures all at 92.4% are more likely one field read three times
/// than a coincidence; and figures far outside England's: a percentage more than 40 points
/// away, anything else more than 2.5 times or less than 0.4 times England's.
pub fn checks(headlines: &[Headline<'_>], england: &[(&str, f64)]) -> Vec<SenseCheck> {
    let mut out = Vec::new();
    let pct: Vec<&Headline<'_>> = headlines
        .iter()
        .filter(|h| h.definition.unit == Unit::Pct && h.denominator.is_some_and(|d| d >= 10))
        .collect();
    let mut done = vec![false; pct.len()];
    for i in 0..pct.len() {
        if done[i] {
            continue;
        }
        let same: Vec<usize> = (i..pct.len())
            .filter(|&j| {
                pct[j].numerator == pct[i].numerator && pct[j].denominator == pct[i].denominator
            })
            .collect();
        if same.len() > 1 {
            for &j in &same {
                done[j] = true;
            }
            let ids: Vec<&'static str> = same.iter().map(|&j| pct[j].definition.id).collect();
            out.push(SenseCheck {
                rule: "identical-figures",
                message: format!(
                    "{} are identical, child for child: different measures rarely agree so; \
                     check that each reads its own field",
                    ids.join(", ")
                ),
                indicators: ids,
                counts: Vec::new(),
            });
        }
    }
    for h in headlines {
        let (Some(v), Some(&(_, e))) = (
            h.value,
            england.iter().find(|(id, _)| *id == h.definition.id),
        ) else {
            continue;
        };
        // A rate of an event over the list's window (usually 6 months) is set against
        // England's yearly rate once made yearly.
        let window = h.definition.window_months();
        let yearly = h.definition.unit == Unit::Per10k
            && h.definition.basis == super::Basis::Event
            && window > 0
            && window != 12;
        let v = if yearly {
            v * 12.0 / f64::from(window)
        } else {
            v
        };
        let odd = match h.definition.unit {
            Unit::Pct => (v - e).abs() > 40.0,
            _ => e > 0.0 && (v > e * 2.5 || v < e * 0.4),
        };
        if odd {
            out.push(SenseCheck {
                rule: "implausible-against-england",
                indicators: vec![h.definition.id],
                message: format!(
                    "{} is {}{} against England's {}: far outside what councils record; check \
                     the data{} before the figure is reported",
                    h.definition.id,
                    super::judge::format_value(h.definition.unit, v),
                    if yearly { " a year" } else { "" },
                    super::judge::format_value(h.definition.unit, e),
                    if h.definition.unit == Unit::Per10k {
                        ", and the population setting,"
                    } else {
                        ""
                    }
                ),
                counts: Vec::new(),
            });
        }
    }
    out
}

/// One extract's figures for the cross-extract checks: its as-at date and each figure's
/// (indicator, period, partial, numerator).
#[derive(Debug, Clone)]
pub struct Extracted<'a> {
    /// The as-at date.
    pub as_at: jiff::civil::Date,
    /// (indicator id, period label, partial month, numerator).
    pub figures: Vec<(&'a str, &'a str, bool, i64)>,
}

impl Extracted<'_> {
    fn numerator(&self, id: &str, period: &str) -> Option<(bool, i64)> {
        self.figures
            .iter()
            .find(|(i, p, _, _)| *i == id && *p == period)
            .map(|(_, _, partial, n)| (*partial, *n))
    }
}

/// Counts of events that two extracts whose windows overlap should agree on, month by month.
const EVENT_COUNTS: [&str; 8] = [
    "contacts",
    "referrals",
    "assessments_completed",
    "s47_enquiries",
    "icpcs",
    "cp_plans_started",
    "cla_started",
    "cla_ceased",
];

/// Whether two counts differ by more than the data's ordinary churn: more than 3 and more than
/// 5% of the larger.
fn materially_different(a: i64, b: i64) -> bool {
    let gap = (a - b).abs();
    gap > 3 && gap * 20 > a.max(b)
}

/// The checks across an extract and the one before it (`previous`, earlier as-at):
/// - **stock reconciles with starts and endings**: children looked after at the earlier date,
///   plus those who started, less those who ceased, in the months between, is the stock now
///   (checked when the earlier as-at date is a month end, so the months between are whole);
/// - **overlapping windows agree**: a whole month both extracts cover has the same count of
///   each kind of event in both (a difference is events recorded late, or changed, after the
///   earlier extract was taken).
pub fn across(previous: &Extracted<'_>, now: &Extracted<'_>) -> Vec<SenseCheck> {
    let mut out = Vec::new();
    if previous.as_at < now.as_at
        && previous.as_at == previous.as_at.last_of_month()
        && let (Some((_, before)), Some((_, after))) = (
            previous.numerator("cla_open", "as-at"),
            now.numerator("cla_open", "as-at"),
        )
    {
        let months: Vec<&str> = now
            .figures
            .iter()
            .filter(|(i, p, _, _)| *i == "cla_started" && p.len() == 7 && p.contains('-'))
            .map(|(_, p, _, _)| *p)
            .filter(|p| {
                p.parse::<jiff::civil::Date>().is_err()
                    && format!("{p}-01")
                        .parse::<jiff::civil::Date>()
                        .is_ok_and(|first| first > previous.as_at)
            })
            .collect();
        let sum = |id: &str| -> Option<i64> {
            months
                .iter()
                .map(|m| now.numerator(id, m).map(|(_, n)| n))
                .sum()
        };
        if let (Some(started), Some(ceased)) = (sum("cla_started"), sum("cla_ceased"))
            && !months.is_empty()
        {
            let expected = before + started - ceased;
            if materially_different(expected, after) || (expected - after).abs() > 10 {
                out.push(SenseCheck {
                    rule: "stock-does-not-reconcile",
                    indicators: vec!["cla_open", "cla_started", "cla_ceased"],
                    message: format!(
                        "children looked after went from {before} at {} to {after} at {}, but \
                         {started} started and {ceased} ceased in between ({}): {expected} were \
                         expected. Starts or endings are missing or misdated, or open episodes \
                         lack an end date",
                        previous.as_at,
                        now.as_at,
                        months.join(", ")
                    ),
                    counts: vec![before, after, started, ceased, expected],
                });
            }
        }
    }
    // The first month of the later window is left out: a list takes its rows by one date (a
    // conference by its strategy discussion) and counts another, so its first month holds only
    // some of what the earlier extract counted.
    let settled = now
        .as_at
        .saturating_sub(jiff::Span::new().months(4))
        .first_of_month();
    for id in EVENT_COUNTS {
        for (i, period, partial, n) in &now.figures {
            if *i != id || *partial || !(period.len() == 7 && period.contains('-')) {
                continue;
            }
            if format!("{period}-01")
                .parse::<jiff::civil::Date>()
                .is_ok_and(|first| first < settled)
            {
                continue;
            }
            let Some((false, was)) = previous.numerator(id, period) else {
                continue;
            };
            if materially_different(was, *n) {
                out.push(SenseCheck {
                    rule: "overlapping-extracts-disagree",
                    indicators: vec![id],
                    message: format!(
                        "{id} in {period}: {was} in the extract as at {}, {n} in the extract as \
                         at {}: {} recorded late, or changed, after the earlier extract was taken",
                        previous.as_at,
                        now.as_at,
                        (n - was).abs()
                    ),
                    counts: vec![was, *n, (n - was).abs()],
                });
            }
        }
    }
    out
}

/// The events of one kind two extracts both cover (from `from` to `to`), compared child by
/// child and date by date: `gone` are in the earlier extract and not the later, `new` in the
/// later and not the earlier. A check when there are more than three differences in all.
pub fn same_children_and_events(
    what: &'static str,
    from: jiff::civil::Date,
    to: jiff::civil::Date,
    earlier: jiff::civil::Date,
    later: jiff::civil::Date,
    gone: i64,
    new: i64,
) -> Option<SenseCheck> {
    (gone + new > 3).then(|| SenseCheck {
        rule: "overlapping-extracts-disagree-by-child",
        indicators: Vec::new(),
        message: format!(
            "{what} dated {from} to {to}: {gone} in the extract as at {earlier} are not in the \
             extract as at {later} (the same child on the same date), and {new} in the later \
             are not in the earlier: recorded late, changed or removed in between"
        ),
        counts: vec![gone, new],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicator::definition;

    #[test]
    fn events_that_differ_child_by_child_are_told() {
        let (a, b) = (date(2026, 6, 1), date(2026, 9, 30));
        assert_eq!(
            same_children_and_events("referrals", a, b, b, date(2026, 10, 31), 2, 1),
            None,
            "three differences are churn"
        );
        let c = same_children_and_events("referrals", a, b, b, date(2026, 10, 31), 5, 12)
            .expect("a check");
        assert_eq!(
            c.message,
            "referrals dated 2026-06-01 to 2026-09-30: 5 in the extract as at 2026-09-30 are not \
             in the extract as at 2026-10-31 (the same child on the same date), and 12 in the \
             later are not in the earlier: recorded late, changed or removed in between"
        );
        assert_eq!(c.counts, [5, 12]);
    }
    use jiff::civil::date;

    #[test]
    fn a_stock_that_does_not_add_up_is_found() {
        let previous = Extracted {
            as_at: date(2026, 9, 30),
            figures: vec![
                ("cla_open", "as-at", false, 194),
                ("referrals", "2026-08", false, 80),
                ("referrals", "2026-09", false, 70),
            ],
        };
        let mut now = Extracted {
            as_at: date(2026, 10, 31),
            figures: vec![
                ("cla_open", "as-at", false, 192),
                ("cla_started", "2026-09", false, 9),
                ("cla_started", "2026-10", false, 11),
                ("cla_ceased", "2026-09", false, 4),
                ("cla_ceased", "2026-10", false, 1),
                ("referrals", "2026-08", false, 80),
                ("referrals", "2026-09", false, 71),
            ],
        };
        let found = across(&previous, &now);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].rule, "stock-does-not-reconcile");
        // October only: 194 + 11 - 1 = 204 expected, 192 found.
        assert!(
            found[0].message.starts_with(
                "children looked after went from 194 at 2026-09-30 to 192 at 2026-10-31, but 11 \
                 started and 1 ceased in between (2026-10): 204 were expected"
            ),
            "{}",
            found[0].message
        );
        // A stock that adds up, and a referral count that moved by one: nothing.
        now.figures[0].3 = 204;
        assert!(across(&previous, &now).is_empty());
        // September's referrals recorded late: 70 then, 95 now.
        now.figures[6].3 = 95;
        let found = across(&previous, &now);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].rule, "overlapping-extracts-disagree");
        assert_eq!(
            found[0].message,
            "referrals in 2026-09: 70 in the extract as at 2026-09-30, 95 in the extract as at \
             2026-10-31: 25 recorded late, or changed, after the earlier extract was taken"
        );
        // An earlier extract taken mid-month cannot be reconciled month by month.
        let mid = Extracted {
            as_at: date(2026, 9, 15),
            ..previous.clone()
        };
        now.figures[6].3 = 71;
        now.figures[0].3 = 150;
        assert!(across(&mid, &now).is_empty());
    }

    fn h(id: &str, value: f64, n: i64, d: Option<i64>) -> Headline<'static> {
        Headline {
            definition: definition(id).expect("defined"),
            value: Some(value),
            numerator: n,
            denominator: d,
        }
    }

    #[test]
    fn three_identical_care_leaver_measures_are_one_finding() {
        let all = [
            h("care_leavers_in_touch_pct", 92.4, 85, Some(92)),
            h(
                "care_leavers_suitable_accommodation_pct",
                92.4,
                85,
                Some(92),
            ),
            h("care_leavers_eet_pct", 92.4, 85, Some(92)),
            h("cla_missing_pct", 10.0, 9, Some(90)),
        ];
        let found = checks(&all, &[]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].rule, "identical-figures");
        assert_eq!(found[0].indicators.len(), 3);
        assert!(found[0].message.contains("care_leavers_eet_pct"));
    }

    #[test]
    fn a_caseload_of_39_against_englands_15_is_implausible() {
        let all = [
            h("caseload_avg", 39.1, 391, Some(10)),
            h("assessments_within_45wd_pct", 88.0, 88, Some(100)),
        ];
        let england = [
            ("caseload_avg", 15.2),
            ("assessments_within_45wd_pct", 82.0),
        ];
        let found = checks(&all, &england);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].indicators, ["caseload_avg"]);
        assert!(found[0].message.contains("39.1") && found[0].message.contains("15.2"));
        // Within the range: nothing.
        let ok = [h("caseload_avg", 17.0, 170, Some(10))];
        assert!(checks(&ok, &england).is_empty());
    }
}
