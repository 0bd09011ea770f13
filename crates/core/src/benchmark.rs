//! Benchmarks: England, regional, statistical-neighbour and other authorities' published
//! figures, each tied to the one indicator whose definition it matches, with its year, source
//! and whether it was published or derived.
//!
//! Annex A figures and DfE statistics are not counted the same way: an event figure here
//! covers the Annex A window (6 months, or 12 for adoption) while DfE counts a year to 31 March;
//! a snapshot here is at the as-at date while DfE's is at 31 March. [`mismatch`] says so beside
//! every benchmark.

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::indicator::{Basis, Definition, Unit};
use crate::{Error, Result};

/// The kind of area a benchmark is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// England.
    National,
    /// A region (East Midlands).
    Regional,
    /// The mean of an authority's ten statistical neighbours (derived).
    StatisticalNeighbours,
    /// One local authority.
    LocalAuthority,
}

impl Level {
    /// The machine name.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::National => "national",
            Level::Regional => "regional",
            Level::StatisticalNeighbours => "statistical_neighbours",
            Level::LocalAuthority => "local_authority",
        }
    }

    /// From DfE's `geographic_level` column ("National", "Regional", "Local authority").
    pub fn from_dfe(s: &str) -> Option<Level> {
        match s.trim().to_lowercase().as_str() {
            "national" => Some(Level::National),
            "regional" => Some(Level::Regional),
            "local authority" => Some(Level::LocalAuthority),
            _ => None,
        }
    }
}

impl FromStr for Level {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        [
            Level::National,
            Level::Regional,
            Level::StatisticalNeighbours,
            Level::LocalAuthority,
        ]
        .into_iter()
        .find(|l| l.as_str() == s.trim())
        .ok_or_else(|| Error::UnknownValue {
            kind: "benchmark level",
            value: s.to_string(),
            expected: "national, regional, statistical_neighbours, local_authority",
        })
    }
}

/// Whether the source published the figure or it was worked out from the source's counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Provenance {
    /// As published.
    Published,
    /// Worked out from published counts (the note says how).
    Derived,
}

impl fmt::Display for Provenance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Provenance::Published => "published",
            Provenance::Derived => "derived",
        })
    }
}

impl FromStr for Provenance {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        match s.trim() {
            "published" | "pub" => Ok(Provenance::Published),
            "derived" => Ok(Provenance::Derived),
            _ => Err(Error::UnknownValue {
                kind: "provenance",
                value: s.to_string(),
                expected: "published, derived",
            }),
        }
    }
}

/// A published figure to compare an indicator with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Benchmark {
    /// The indicator whose definition it matches.
    pub indicator: String,
    /// The kind of area.
    pub level: Level,
    /// The area's name ("England", "East Midlands", "Leicester").
    pub area: String,
    /// The area's code (ONS or DfE), where it has one.
    pub area_code: Option<String>,
    /// The reporting year as DfE labels it ("2024-25").
    pub year: String,
    /// The end of the period the figure covers (31 March for CIN and CLA years).
    pub period_end: Date,
    /// The value; `None` where DfE shows a symbol instead.
    pub value: Option<f64>,
    /// DfE's symbol for a value not shown: `c` suppressed, `x` unavailable, `z` not
    /// applicable, `k` below 0.5%, `low`, `u` low reliability.
    pub symbol: Option<String>,
    /// Published or derived.
    pub provenance: Provenance,
    /// Where it comes from (a URL, or the file loaded).
    pub source: String,
    /// How it was derived, or how its definition differs beyond the period.
    pub note: Option<String>,
}

/// How a benchmark's definition differs from the indicator's, in a sentence; `None` when it
/// is counted the same way.
pub fn mismatch(def: &Definition, b: &Benchmark, window_months: u8) -> Option<String> {
    let period = match def.basis {
        Basis::Event => {
            let scale = if def.unit == Unit::Per10k && window_months < 12 {
                format!(
                    "; a {window_months}-month rate is about {} of a yearly one",
                    if window_months == 6 {
                        "half".to_string()
                    } else {
                        format!("{window_months}/12")
                    }
                )
            } else {
                String::new()
            };
            Some(format!(
                "the benchmark counts the year ending {}; this figure counts the Annex A window of {window_months} months{scale}",
                b.period_end
            ))
        }
        Basis::Snapshot if def.source == crate::indicator::Source::WorkforceReturn => {
            Some(format!(
                "the benchmark is DfE's for the year to {} (FTE, at 30 September); this figure \
                 is the month's workforce return{}",
                b.period_end,
                if def.id == "workforce_turnover_12m_pct" {
                    ", its leavers over the twelve months to it"
                } else {
                    ""
                }
            ))
        }
        Basis::Snapshot => Some(format!(
            "the benchmark is at {}; this figure is at the extract's as-at date",
            b.period_end
        )),
    };
    match (&period, &b.note) {
        (Some(p), Some(n)) => Some(format!("{p}; {n}")),
        _ => period.or_else(|| b.note.clone()),
    }
}

/// How a figure of ours stands beside a benchmark's: like for like, after annualising ours,
/// or not comparable. Every comparison says its period basis.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "comparison", rename_all = "snake_case")]
pub enum Comparison {
    /// The same kind of figure: a share, mean or rate set beside another of its kind.
    Like {
        /// The periods compared, in words.
        basis: String,
    },
    /// Ours scaled to a year to stand beside the benchmark's year.
    Annualised {
        /// Our figure, annualised.
        value: f64,
        /// How, and the periods compared.
        basis: String,
    },
    /// Not to be set side by side, and why.
    NotComparable {
        /// Why.
        why: String,
    },
}

impl Comparison {
    /// The basis or reason in words.
    pub fn sentence(&self) -> &str {
        match self {
            Comparison::Like { basis } | Comparison::Annualised { basis, .. } => basis,
            Comparison::NotComparable { why } => why,
        }
    }
}

/// How our figure `ours` (as at `ours_at`) compares with benchmark `b`. An event figure here
/// covers a window of `window_months`; DfE's covers a year. A count or rate of events is
/// annualised (× 12 / the window's months); a share or a mean of a window stands beside a
/// year's as a share or mean; a count of one authority never stands beside England's or a
/// region's (compare the rate per 10,000).
pub fn compare(
    def: &Definition,
    ours: Option<f64>,
    ours_at: Date,
    b: &Benchmark,
    window_months: u8,
) -> Comparison {
    let own = b.level == Level::LocalAuthority;
    if def.unit == Unit::Count && !own {
        return Comparison::NotComparable {
            why: format!(
                "a count for {} against one authority's: compare the rate per 10,000",
                b.area
            ),
        };
    }
    match def.basis {
        Basis::Snapshot => Comparison::Like {
            basis: format!("at {ours_at} against at {}", b.period_end),
        },
        Basis::Event if window_months >= 12 => Comparison::Like {
            basis: format!("the year to {ours_at} against the year to {}", b.period_end),
        },
        Basis::Event => match def.unit {
            Unit::Count | Unit::Per10k => match ours {
                Some(v) => {
                    let factor = 12.0 / f64::from(window_months.max(1));
                    Comparison::Annualised {
                        value: (v * factor * 10.0).round() / 10.0,
                        basis: format!(
                            "ours for the {window_months} months to {ours_at}, annualised (× {}), \
                             against the year to {}",
                            if window_months == 6 {
                                "2".to_string()
                            } else {
                                format!("12/{window_months}")
                            },
                            b.period_end
                        ),
                    }
                }
                None => Comparison::NotComparable {
                    why: "no figure of ours to annualise".to_string(),
                },
            },
            Unit::Pct | Unit::Days | Unit::MedianDays | Unit::Ratio => Comparison::Like {
                basis: format!(
                    "the {window_months} months to {ours_at} against the year to {}",
                    b.period_end
                ),
            },
        },
    }
}

/// The mean of the statistical neighbours' values (those with a value), as a derived
/// benchmark; `None` when none of them has one.
pub fn neighbours_mean(
    indicator: &str,
    authority: &str,
    neighbours: &[&Benchmark],
    expected: usize,
) -> Option<Benchmark> {
    let values: Vec<f64> = neighbours.iter().filter_map(|b| b.value).collect();
    let first = neighbours.first()?;
    if values.is_empty() {
        return None;
    }
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    Some(Benchmark {
        indicator: indicator.to_string(),
        level: Level::StatisticalNeighbours,
        area: format!("{authority}'s statistical neighbours"),
        area_code: None,
        year: first.year.clone(),
        period_end: first.period_end,
        value: Some((mean * 10.0).round() / 10.0),
        symbol: None,
        provenance: Provenance::Derived,
        source: first.source.clone(),
        note: Some(format!(
            "mean of the {} of {expected} statistical neighbours with a value",
            values.len()
        )),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicator::definition;
    use jiff::civil::date;

    fn b(area: &str, value: Option<f64>) -> Benchmark {
        Benchmark {
            indicator: "re_referrals_12m_pct".into(),
            level: Level::LocalAuthority,
            area: area.into(),
            area_code: None,
            year: "2024-25".into(),
            period_end: date(2025, 3, 31),
            value,
            symbol: value.is_none().then(|| "c".to_string()),
            provenance: Provenance::Published,
            source: "test".into(),
            note: None,
        }
    }

    #[test]
    fn a_comparison_is_like_for_like_annualised_or_refused() {
        let at = date(2026, 10, 31);
        let mut england = b("England", Some(519.0));
        england.level = Level::National;
        // A 6-month rate per 10,000 of 101.3 is about 202.6 a year beside England's 519.
        let rate = definition("referrals_per_10k").expect("known");
        assert_eq!(
            compare(rate, Some(101.3), at, &england, 6),
            Comparison::Annualised {
                value: 202.6,
                basis: "ours for the 6 months to 2026-10-31, annualised (× 2), against the year \
                        to 2025-03-31"
                    .into()
            }
        );
        // A share stands beside a share, saying which periods.
        let share = definition("re_referrals_12m_pct").expect("known");
        assert_eq!(
            compare(share, Some(24.1), at, &england, 6).sentence(),
            "the 6 months to 2026-10-31 against the year to 2025-03-31"
        );
        // A count of one authority never stands beside England's.
        let count = definition("referrals").expect("known");
        assert!(matches!(
            compare(count, Some(817.0), at, &england, 6),
            Comparison::NotComparable { .. }
        ));
        // Its own published count, annualised, does.
        let own = b("Northfield", Some(1_500.0));
        assert!(matches!(
            compare(count, Some(817.0), at, &own, 6),
            Comparison::Annualised { value, .. } if value == 1_634.0
        ));
        // A snapshot is at a date either side; adoption's 12-month window is a year.
        let cla = definition("cla_per_10k").expect("known");
        assert_eq!(
            compare(cla, Some(64.0), at, &england, 6).sentence(),
            "at 2026-10-31 against at 2025-03-31"
        );
        let a1 = definition("adoption_a1_avg_days").expect("known");
        assert_eq!(
            compare(a1, Some(420.0), at, &england, 12).sentence(),
            "the year to 2026-10-31 against the year to 2025-03-31"
        );
        // No figure of ours: nothing to annualise.
        assert!(matches!(
            compare(rate, None, at, &england, 6),
            Comparison::NotComparable { .. }
        ));
    }

    #[test]
    fn mismatch_names_both_periods() {
        let d = definition("re_referrals_12m_pct").expect("known");
        assert_eq!(
            mismatch(d, &b("England", Some(22.6)), 6).as_deref(),
            Some(
                "the benchmark counts the year ending 2025-03-31; this figure counts the Annex A window of 6 months"
            )
        );
        let r = definition("referrals_per_10k").expect("known");
        assert!(
            mismatch(r, &b("England", Some(519.0)), 6)
                .unwrap_or_default()
                .ends_with("about half of a yearly one")
        );
        let s = definition("cla_per_10k").expect("known");
        assert!(
            mismatch(s, &b("England", Some(67.0)), 6)
                .unwrap_or_default()
                .starts_with("the benchmark is at 2025-03-31")
        );
    }

    #[test]
    fn neighbours_mean_skips_suppressed_values() {
        let (x, y, z) = (b("A", Some(20.0)), b("B", Some(25.0)), b("C", None));
        let m = neighbours_mean("re_referrals_12m_pct", "Leicester", &[&x, &y, &z], 10)
            .expect("two values");
        assert_eq!(m.value, Some(22.5));
        assert_eq!(m.provenance, Provenance::Derived);
        assert_eq!(
            m.note.as_deref(),
            Some("mean of the 2 of 10 statistical neighbours with a value")
        );
        assert!(neighbours_mean("x", "L", &[&z], 10).is_none());
    }
}
