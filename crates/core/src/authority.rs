//! Local authorities: codes, region, statistical neighbours and population.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::inspection::Grade;
use crate::{Error, Result};

/// The three-digit DfE local authority code (`856` is Leicester).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct LaCode(pub u16);

impl fmt::Display for LaCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:03}", self.0)
    }
}

impl FromStr for LaCode {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        let t = s.trim();
        if (1..=3).contains(&t.len())
            && t.bytes().all(|b| b.is_ascii_digit())
            && let Ok(n) = t.parse::<u16>()
        {
            return Ok(LaCode(n));
        }
        Err(Error::UnknownValue {
            kind: "local authority code",
            value: s.to_string(),
            expected: "a three-digit DfE code such as 856",
        })
    }
}

/// One English local authority with children's services responsibilities.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Authority {
    /// DfE code (`856`).
    pub code: LaCode,
    /// ONS code (`E06000016`).
    pub ons_code: String,
    /// Name as ONS gives it ("Leicester").
    pub name: String,
    /// Other names it goes by (may be empty).
    pub also_known_as: Vec<String>,
    /// ONS region code (`E12000004`).
    pub region_code: String,
    /// Region name ("East Midlands").
    pub region_name: String,
    /// The ten DfE statistical neighbours, nearest first.
    pub neighbours: Vec<LaCode>,
    /// ONS population aged 0 to 25, if known.
    pub population_0_25: Option<u32>,
    /// Kind of authority ("Unitary Authority", "London Borough").
    pub la_type: String,
}

impl Authority {
    /// Whether the authority still exists: the reference data gives a current ONS code only to
    /// the 153 that run children's services now. Those abolished (Cumbria, Northamptonshire,
    /// Poole) are kept for their inspections and history, without one.
    pub fn is_current(&self) -> bool {
        !self.ons_code.trim().is_empty()
    }

    /// Whether `text` names this authority: its name or an alias, ignoring case, "the",
    /// "City", "Council", "County", "Borough", "Metropolitan", "London Borough of" and the like,
    /// so "Leicester City Council" and "London Borough of Redbridge Council" match.
    pub fn is_named(&self, text: &str) -> bool {
        let wanted = name_key(text);
        !wanted.is_empty()
            && (name_key(&self.name) == wanted
                || self.also_known_as.iter().any(|a| name_key(a) == wanted))
    }
}

/// A name reduced to the words that identify an authority.
pub fn name_key(name: &str) -> String {
    const NOISE: &[&str] = &[
        "the",
        "of",
        "city",
        "council",
        "county",
        "borough",
        "metropolitan",
        "district",
        "london",
        "royal",
        "mbc",
        "cc",
        "lb",
        "and",
        "&",
    ];
    let lower = name
        .to_lowercase()
        .replace(['’', '\''], "")
        .replace(['-', ',', '.'], " ");
    lower
        .split_whitespace()
        .filter(|w| !NOISE.contains(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// An authority's latest graded inspection, as published in the reference outcomes table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LatestOutcome {
    /// The authority.
    pub code: LaCode,
    /// Overall effectiveness, or `None` when not graded or not known.
    pub overall: Option<Grade>,
    /// First day on site.
    pub start_date: Option<jiff::civil::Date>,
    /// Last day on site.
    pub end_date: Option<jiff::civil::Date>,
    /// Publication date.
    pub published: Option<jiff::civil::Date>,
    /// "short" or "standard" where known.
    pub kind: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_authority_without_a_current_ons_code_is_no_longer_one() {
        assert!(leicester().is_current());
        let cumbria = Authority {
            code: LaCode(909),
            ons_code: String::new(),
            name: "Cumbria".into(),
            ..leicester()
        };
        assert!(!cumbria.is_current());
        assert!(
            !Authority {
                ons_code: " ".into(),
                ..leicester()
            }
            .is_current()
        );
    }

    fn leicester() -> Authority {
        Authority {
            code: LaCode(856),
            ons_code: "E06000016".into(),
            name: "Leicester".into(),
            also_known_as: vec![],
            region_code: "E12000004".into(),
            region_name: "East Midlands".into(),
            neighbours: vec![],
            population_0_25: None,
            la_type: "Unitary Authority".into(),
        }
    }

    #[test]
    fn names_match_with_council_words_removed() {
        let a = leicester();
        assert!(a.is_named("Leicester City Council"));
        assert!(a.is_named("LEICESTER"));
        assert!(!a.is_named("Leicestershire County Council"));
        assert!(!a.is_named("Council"));
    }

    #[test]
    fn la_code_is_three_digits() {
        assert_eq!("856".parse(), Ok(LaCode(856)));
        assert_eq!(LaCode(93).to_string(), "093");
        assert!("E06000016".parse::<LaCode>().is_err());
        assert!("".parse::<LaCode>().is_err());
    }
}
