//! The timescales councils write in action plans, read into due dates.
//!
//! "March 2017", "March/April 17", "Dec → March/April 2017", "Jan 2017 May 2017 June 2017",
//! "1st Nov 16", "31/03/2017", "Immediate action", "Established now", "Ongoing". A month
//! means its last day; "March/April" means the later month; "Dec → April 2017" means April
//! 2017 (the end of the range). A month with no year anywhere after it is not guessed.

use std::sync::LazyLock;

use jiff::civil::Date;
use regex::Regex;
use serde::{Deserialize, Serialize};

/// What one timescale item says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DueKind {
    /// A date.
    Date,
    /// "Immediate action": due now, no date given.
    Immediate,
    /// "Established now", "in place": already done.
    Established,
    /// "Ongoing": no end date.
    Ongoing,
    /// Not understood (kept as written).
    Unreadable,
}

/// One item of a timescale cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Due {
    /// The words as written.
    pub raw: String,
    /// The due date, when there is one.
    pub date: Option<Date>,
    /// What kind of item.
    pub kind: DueKind,
}

const MONTH: &str = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

static DATE_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?ix)
        (?P<numeric>\b(?P<nd>\d{{1,2}})[/.](?P<nm>\d{{1,2}})[/.](?P<ny>\d{{4}}|\d{{2}})\b)
        | (?P<iso>\b(?P<iy>\d{{4}})-(?P<im>\d{{2}})-(?P<id>\d{{2}})\b)
        | (?:
            (?:\b(?P<day>\d{{1,2}})\s*(?:st|nd|rd|th)?\s+)?
            \b(?P<m1>{MONTH})\b\.?
            (?:\s*/\s*(?P<m2>{MONTH})\b\.?)?
            (?:\s*(?:→|->|–|-|to)\s*(?:\b(?P<m3>{MONTH})\b\.?)(?:\s*/\s*(?P<m4>{MONTH})\b\.?)?)?
            (?:\s*'?(?P<year>\d{{4}}|\d{{2}})\b)?
        )"
    ))
    .expect("the timescale pattern is valid")
});

fn month_number(word: &str) -> Option<i8> {
    const NAMES: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let w = word.to_ascii_lowercase();
    let key = w.get(..3)?;
    NAMES
        .iter()
        .position(|n| *n == key)
        .and_then(|i| i8::try_from(i + 1).ok())
}

fn year_of(s: &str) -> Option<i16> {
    let y: i16 = s.parse().ok()?;
    Some(if y < 100 { 2000 + y } else { y })
}

fn month_end(year: i16, month: i8) -> Option<Date> {
    Date::new(year, month, 1).ok().map(|d| d.last_of_month())
}

/// Reads a timescale cell into its items, in order. Lines are items; within a line each date
/// is an item; keywords ("immediate", "established", "in place", "ongoing") are items too.
pub fn parse(text: &str) -> Vec<Due> {
    let mut out = Vec::new();
    for line in text
        .split(['\n', '\r', '•', '\u{f0b7}'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        let first_of_line = out.len();
        let mut found_any = false;
        let mut pending_without_year: Vec<String> = Vec::new();
        for c in DATE_ITEM.captures_iter(line) {
            let raw = c
                .get(0)
                .map(|m| m.as_str().trim())
                .unwrap_or_default()
                .to_string();
            let date = if c.name("numeric").is_some() {
                let n = |k: &str| c.name(k).and_then(|m| m.as_str().parse::<i16>().ok());
                match (
                    n("nd"),
                    n("nm"),
                    c.name("ny").and_then(|m| year_of(m.as_str())),
                ) {
                    (Some(d), Some(m), Some(y)) => Date::new(
                        y,
                        i8::try_from(m).unwrap_or(0),
                        i8::try_from(d).unwrap_or(0),
                    )
                    .ok(),
                    _ => None,
                }
            } else if c.name("iso").is_some() {
                raw.parse::<Date>().ok()
            } else {
                let last_month = ["m4", "m3", "m2", "m1"]
                    .iter()
                    .find_map(|k| c.name(k))
                    .and_then(|m| month_number(m.as_str()));
                let year = c.name("year").and_then(|m| year_of(m.as_str()));
                match (year, last_month) {
                    (None, _) => {
                        pending_without_year.push(raw.clone());
                        continue;
                    }
                    (Some(y), Some(m)) => {
                        match c.name("day").and_then(|d| d.as_str().parse::<i8>().ok()) {
                            // A day only when a single month is named ("1st Nov 16").
                            Some(d) if c.name("m2").is_none() && c.name("m3").is_none() => {
                                Date::new(y, m, d).ok()
                            }
                            _ => month_end(y, m),
                        }
                    }
                    _ => None,
                }
            };
            found_any = true;
            // A month with no year before a dated one ("Dec → March 2017" split oddly) is
            // part of it; drop it rather than guess its year.
            pending_without_year.clear();
            out.push(Due {
                kind: if date.is_some() {
                    DueKind::Date
                } else {
                    DueKind::Unreadable
                },
                raw,
                date,
            });
        }
        for raw in pending_without_year {
            out.push(Due {
                raw,
                date: None,
                kind: DueKind::Unreadable,
            });
            found_any = true;
        }
        let lower = line.to_lowercase();
        let keyword = if lower.contains("immediate") {
            Some(DueKind::Immediate)
        } else if lower.contains("ongoing") {
            Some(DueKind::Ongoing)
        } else if (lower.contains("established") || lower.contains("in place")) && !found_any {
            Some(DueKind::Established)
        } else {
            None
        };
        if let Some(kind) = keyword {
            out.push(Due {
                raw: line.to_string(),
                date: None,
                kind,
            });
        } else if !found_any {
            out.push(Due {
                raw: line.to_string(),
                date: None,
                kind: DueKind::Unreadable,
            });
        }
        // A line that is one item keeps all its words ("Ready to launch in March 17").
        if out.len() == first_of_line + 1
            && let Some(only) = out.last_mut()
        {
            only.raw = line.to_string();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    fn dates(text: &str) -> Vec<Option<Date>> {
        parse(text).into_iter().map(|d| d.date).collect()
    }

    #[test]
    fn months_mean_their_last_day() {
        assert_eq!(dates("March 2017"), [Some(date(2017, 3, 31))]);
        assert_eq!(dates("June 17"), [Some(date(2017, 6, 30))]);
        assert_eq!(dates("Feb 2024"), [Some(date(2024, 2, 29))], "leap year");
        assert_eq!(dates("Feb 2023"), [Some(date(2023, 2, 28))]);
        assert_eq!(
            dates("Ready to launch in March 17"),
            [Some(date(2017, 3, 31))]
        );
        assert_eq!(dates("Sept 2017"), [Some(date(2017, 9, 30))]);
    }

    #[test]
    fn two_months_or_a_range_mean_the_later() {
        assert_eq!(dates("March/April 17"), [Some(date(2017, 4, 30))]);
        assert_eq!(dates("Dec → March/April 2017"), [Some(date(2017, 4, 30))]);
        assert_eq!(
            dates("March/April 2017 for sign off"),
            [Some(date(2017, 4, 30))]
        );
    }

    #[test]
    fn several_dates_in_one_cell_are_several_items() {
        assert_eq!(
            dates("Jan 2017 May 2017 June 2017"),
            [
                Some(date(2017, 1, 31)),
                Some(date(2017, 5, 31)),
                Some(date(2017, 6, 30))
            ]
        );
        assert_eq!(
            dates("Group established Jan 2017. March 2017 Feb/March 2017 April 2017"),
            [
                Some(date(2017, 1, 31)),
                Some(date(2017, 3, 31)),
                Some(date(2017, 3, 31)),
                Some(date(2017, 4, 30))
            ]
        );
    }

    #[test]
    fn days_and_numeric_dates() {
        assert_eq!(dates("1st Nov 16"), [Some(date(2016, 11, 1))]);
        assert_eq!(dates("31/03/2017"), [Some(date(2017, 3, 31))]);
        assert_eq!(dates("2017-03-31"), [Some(date(2017, 3, 31))]);
        assert_eq!(
            dates("31/02/2017"),
            [None],
            "an impossible date is not guessed"
        );
    }

    #[test]
    fn words_are_kinds_without_dates() {
        let kinds = |t: &str| parse(t).into_iter().map(|d| d.kind).collect::<Vec<_>>();
        assert_eq!(kinds("Immediate action"), [DueKind::Immediate]);
        assert_eq!(kinds("Established now"), [DueKind::Established]);
        assert_eq!(
            kinds("Ongoing\nJune 2017"),
            [DueKind::Ongoing, DueKind::Date]
        );
        assert_eq!(kinds("when funding allows"), [DueKind::Unreadable]);
        assert_eq!(kinds(""), Vec::<DueKind>::new());
    }

    #[test]
    fn a_month_without_a_year_is_not_guessed() {
        let d = parse("Dec → New systems to be fully operational end of March.");
        assert!(d.iter().all(|d| d.date.is_none()), "{d:?}");
        assert!(d.iter().any(|d| d.kind == DueKind::Unreadable));
    }

    proptest! {
        #[test]
        fn never_panics(s in "[A-Za-z0-9 /→'.\\n-]{0,60}") {
            let _ = parse(&s);
        }
    }
}
