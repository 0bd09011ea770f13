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
        let window = crate::annex_a::LISTS
            .get(usize::from(h.definition.list).saturating_sub(1))
            .map_or(12, |l| l.window_months);
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
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicator::definition;

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
