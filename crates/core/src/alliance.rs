//! Alliances: named sets of authorities (a region's improvement alliance) that compare their
//! figures month by month, as their agreement allows (decision 0036). What is pure here: the
//! agreement, a figure pooled across members, and each member's rank and quartile.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::authority::LaCode;
use crate::indicator::{Polarity, Unit};
use crate::{Error, Result};

/// A named set of authorities that compare figures, and what they agreed to share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Alliance {
    /// Id.
    pub id: i64,
    /// Its name ("North East").
    pub name: String,
    /// What members see of each other.
    pub agreement: Agreement,
    /// The authorities that have joined, by code.
    pub members: Vec<LaCode>,
}

impl Alliance {
    /// Whether `code` has joined.
    pub fn includes(&self, code: i64) -> bool {
        self.members.iter().any(|m| i64::from(m.0) == code)
    }
}

/// What the members agreed to show each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Agreement {
    /// Each indicator's headline, pooled and per member.
    Figures,
    /// As `Figures`, with each member's team-level breakdowns.
    FiguresAndTeams,
}

impl Agreement {
    /// The machine name.
    pub fn as_str(self) -> &'static str {
        match self {
            Agreement::Figures => "figures",
            Agreement::FiguresAndTeams => "figures-and-teams",
        }
    }

    /// Whether team-level breakdowns are shared.
    pub fn shares_teams(self) -> bool {
        self == Agreement::FiguresAndTeams
    }
}

impl fmt::Display for Agreement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Agreement {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "figures" => Ok(Agreement::Figures),
            "figures-and-teams" => Ok(Agreement::FiguresAndTeams),
            _ => Err(Error::UnknownValue {
                kind: "alliance agreement",
                value: s.to_string(),
                expected: "figures, figures-and-teams",
            }),
        }
    }
}

/// One member's headline counts, for pooling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Numerator.
    pub numerator: i64,
    /// Denominator (none for a count).
    pub denominator: Option<i64>,
}

/// A figure pooled across members: the numerators and denominators summed and the value
/// worked out again, as the indicator's own computation does (one decimal place). A count is
/// the sum; a median cannot be pooled from medians, nor a figure whose denominator some
/// member lacks.
///
/// # Errors
/// The reason, in words, when it cannot be pooled.
pub fn pooled(unit: Unit, members: &[Counts]) -> std::result::Result<Counts, &'static str> {
    if members.is_empty() {
        return Err("no member has this figure");
    }
    let numerator = members.iter().map(|c| c.numerator).sum();
    match unit {
        Unit::Count => Ok(Counts {
            numerator,
            denominator: None,
        }),
        Unit::MedianDays => Err("a median cannot be pooled from the members' medians"),
        Unit::Pct | Unit::Per10k | Unit::Days | Unit::Ratio => {
            let mut denominator = 0i64;
            for c in members {
                match c.denominator {
                    Some(d) => denominator = denominator.saturating_add(d),
                    None => return Err("a member's figure has no denominator"),
                }
            }
            if denominator <= 0 {
                return Err("the pooled denominator is zero");
            }
            Ok(Counts {
                numerator,
                denominator: Some(denominator),
            })
        }
    }
}

/// The value of pooled counts in the indicator's unit, to one decimal place.
pub fn value(unit: Unit, c: Counts) -> Option<f64> {
    let round = |x: f64| (x * 10.0).round() / 10.0;
    match (unit, c.denominator) {
        (Unit::Count, _) => Some(c.numerator as f64),
        (Unit::MedianDays, _) => None,
        (_, Some(d)) if d > 0 => {
            let (n, d) = (c.numerator as f64, d as f64);
            Some(round(match unit {
                Unit::Pct => n * 100.0 / d,
                Unit::Per10k => n * 10_000.0 / d,
                _ => n / d,
            }))
        }
        _ => None,
    }
}

/// A member's place among those whose figure is shown: rank 1 is best (ties share the better
/// rank, as in 1, 2, 2, 4), and the quartile, 1 best, once at least four are ranked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Place {
    /// 1 is best.
    pub rank: usize,
    /// Of how many ranked.
    pub of: usize,
    /// 1 (best quarter) to 4; none with fewer than four ranked.
    pub quartile: Option<u8>,
}

/// Each value's place, in the order given; none for a value not shown, and for every value of
/// a context measure (neither higher nor lower is better).
pub fn places(polarity: Polarity, values: &[Option<f64>]) -> Vec<Option<Place>> {
    let better = |a: f64, b: f64| match polarity {
        Polarity::HigherBetter => a > b,
        Polarity::LowerBetter => a < b,
        Polarity::Context => false,
    };
    if polarity == Polarity::Context {
        return vec![None; values.len()];
    }
    let shown: Vec<f64> = values.iter().flatten().copied().collect();
    let of = shown.len();
    values
        .iter()
        .map(|v| {
            let v = (*v)?;
            let rank = 1 + shown.iter().filter(|o| better(**o, v)).count();
            let quartile = (of >= 4).then(|| {
                // The best quarter of the ranks is 1; ranks spread evenly over four bands.
                let band = (rank - 1) * 4 / of;
                u8::try_from(band + 1).unwrap_or(4).min(4)
            });
            Some(Place { rank, of, quartile })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(n: i64, d: Option<i64>) -> Counts {
        Counts {
            numerator: n,
            denominator: d,
        }
    }

    #[test]
    fn a_percentage_pools_its_numerators_and_denominators_not_its_percentages() {
        // 9 of 10 (90%) and 10 of 100 (10%): the mean of the percentages would be 50%;
        // pooled, 19 of 110 is 17.27…, 17.3%.
        let p = pooled(Unit::Pct, &[c(9, Some(10)), c(10, Some(100))]).expect("pooled");
        assert_eq!(p, c(19, Some(110)));
        assert_eq!(value(Unit::Pct, p), Some(17.3));
    }

    #[test]
    fn counts_rates_and_means_pool_by_their_own_arithmetic() {
        let counts = pooled(Unit::Count, &[c(40, None), c(2, None)]).expect("pooled");
        assert_eq!(value(Unit::Count, counts), Some(42.0));
        // 300 referrals over 60,000 children and 120 over 20,000: 420 over 80,000 is 52.5
        // per 10,000.
        let rate =
            pooled(Unit::Per10k, &[c(300, Some(60_000)), c(120, Some(20_000))]).expect("pooled");
        assert_eq!(value(Unit::Per10k, rate), Some(52.5));
        // Mean days: 1,000 days over 40 children and 500 over 10: 1,500 over 50 is 30.
        let days = pooled(Unit::Days, &[c(1000, Some(40)), c(500, Some(10))]).expect("pooled");
        assert_eq!(value(Unit::Days, days), Some(30.0));
    }

    #[test]
    fn what_cannot_be_pooled_says_why() {
        assert!(pooled(Unit::MedianDays, &[c(5, Some(3))]).is_err());
        assert!(pooled(Unit::Pct, &[c(5, Some(10)), c(1, None)]).is_err());
        assert!(pooled(Unit::Pct, &[c(0, Some(0))]).is_err());
        assert!(pooled(Unit::Pct, &[]).is_err());
    }

    #[test]
    fn ranks_follow_polarity_and_ties_share_the_better_rank() {
        let values = [Some(80.0), Some(95.0), None, Some(80.0), Some(60.0)];
        let higher = places(Polarity::HigherBetter, &values);
        let ranks: Vec<Option<usize>> = higher.iter().map(|p| p.map(|p| p.rank)).collect();
        assert_eq!(ranks, vec![Some(2), Some(1), None, Some(2), Some(4)]);
        // Four ranked: one rank per quarter; the tied second pair are both in quartile 2.
        let quartiles: Vec<Option<u8>> =
            higher.iter().map(|p| p.and_then(|p| p.quartile)).collect();
        assert_eq!(quartiles, vec![Some(2), Some(1), None, Some(2), Some(4)]);
        let lower = places(Polarity::LowerBetter, &values);
        let ranks: Vec<Option<usize>> = lower.iter().map(|p| p.map(|p| p.rank)).collect();
        assert_eq!(ranks, vec![Some(2), Some(4), None, Some(2), Some(1)]);
        assert!(
            places(Polarity::Context, &values)
                .iter()
                .all(Option::is_none)
        );
    }

    #[test]
    fn quartiles_need_four_and_spread_evenly() {
        let three = places(Polarity::HigherBetter, &[Some(1.0), Some(2.0), Some(3.0)]);
        assert!(
            three
                .iter()
                .all(|p| p.is_some_and(|p| p.quartile.is_none()))
        );
        // Twelve members: ranks 1–3 are quartile 1, 4–6 are 2, 7–9 are 3, 10–12 are 4.
        let twelve: Vec<Option<f64>> = (1..=12).map(|v| Some(f64::from(v))).collect();
        let q: Vec<u8> = places(Polarity::LowerBetter, &twelve)
            .iter()
            .map(|p| p.and_then(|p| p.quartile).unwrap_or(0))
            .collect();
        assert_eq!(q, vec![1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]);
        // Five: 1, 1, 2, 3, 4.
        let five: Vec<Option<f64>> = (1..=5).map(|v| Some(f64::from(v))).collect();
        let q: Vec<u8> = places(Polarity::LowerBetter, &five)
            .iter()
            .map(|p| p.and_then(|p| p.quartile).unwrap_or(0))
            .collect();
        assert_eq!(q, vec![1, 1, 2, 3, 4]);
    }

    #[test]
    fn agreements_read_by_name() {
        assert_eq!(
            "Figures-and-teams".parse::<Agreement>(),
            Ok(Agreement::FiguresAndTeams)
        );
        assert!("everything".parse::<Agreement>().is_err());
        assert!(!Agreement::Figures.shares_teams());
    }
}
