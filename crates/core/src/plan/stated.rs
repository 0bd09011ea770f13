//! A SMART target's words read as a target: "90% of assessments within 45 working days by
//! March 2027" is the indicator `assessments_within_45wd_pct`, the value 90 and the date
//! 31 March 2027. What cannot be read is left as words; nothing is guessed.

use jiff::civil::Date;

use crate::indicator::{CATALOGUE, Definition, Unit, definition};

/// What a target's words state.
#[derive(Debug, Clone, PartialEq)]
pub struct Stated {
    /// The indicator.
    pub indicator: &'static str,
    /// The value to reach.
    pub value: f64,
    /// By when (the last day of a month named without a day).
    pub by: Option<Date>,
}

/// Words too common to tell one indicator from another.
const COMMON: [&str; 14] = [
    "of", "the", "a", "an", "in", "on", "to", "by", "and", "or", "with", "who", "for", "children",
];

fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !COMMON.contains(w))
        .map(|w| w.trim_end_matches('s').to_string())
        .collect()
}

/// The indicator the words name: the catalogue title whose every significant word is in the
/// text, the one with most words winning; none when two tie.
fn indicator_in(text: &str) -> Option<&'static Definition> {
    let said = words(text);
    let mut best: Option<(usize, &'static Definition)> = None;
    let mut tie = false;
    for d in CATALOGUE {
        let title = words(d.title);
        if title.is_empty() || !title.iter().all(|w| said.contains(w)) {
            continue;
        }
        match best {
            Some((n, _)) if n > title.len() => {}
            Some((n, _)) if n == title.len() => tie = true,
            _ => {
                best = Some((title.len(), d));
                tie = false;
            }
        }
    }
    best.filter(|_| !tie).map(|(_, d)| d)
}

/// The value the words give for a figure in `unit`: "90%", "90 per cent" for a percentage;
/// the first number otherwise.
fn value_in(text: &str, unit: Unit) -> Option<f64> {
    let lower = text.to_lowercase();
    let mut numbers = Vec::new();
    let bytes = lower.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
                i += 1;
            }
            let n: f64 = lower[start..i]
                .trim_end_matches('.')
                .parse()
                .ok()
                .filter(|n: &f64| n.is_finite())?;
            let rest = lower[i..].trim_start();
            let pct = rest.starts_with('%') || rest.starts_with("per cent");
            numbers.push((n, pct));
        } else {
            i += 1;
        }
    }
    match unit {
        Unit::Pct => numbers.iter().find(|(_, pct)| *pct).map(|(n, _)| *n),
        _ => numbers.first().map(|(n, _)| *n),
    }
}

/// The date after "by": "by March 2027" (its last day), "by 31 March 2027", "by 2027-03-31".
fn date_in(text: &str) -> Option<Date> {
    let lower = text.to_lowercase();
    let after = &lower[lower.rfind(" by ")? + 4..];
    let parts: Vec<&str> = after
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|p| !p.is_empty())
        .collect();
    if let Some(d) = parts.first().and_then(|p| p.parse::<Date>().ok()) {
        return Some(d);
    }
    let month = crate::calendar::month_number;
    let year = |w: &str| {
        w.trim_end_matches('.')
            .parse::<i16>()
            .ok()
            .filter(|y| (2000..=2100).contains(y))
    };
    match parts.as_slice() {
        [d, m, y, ..] if d.parse::<i8>().is_ok() && month(m).is_some() => {
            jiff::civil::Date::new(year(y)?, month(m)?, d.parse().ok()?).ok()
        }
        [m, y, ..] => Some(
            jiff::civil::Date::new(year(y)?, month(m)?, 1)
                .ok()?
                .last_of_month(),
        ),
        _ => None,
    }
}

/// What a target's words state, for the indicator it is linked to (`linked`) or, when none
/// is, the one its words name. `None` when no indicator or no value can be read.
pub fn read_target(text: &str, linked: Option<&str>) -> Option<Stated> {
    let def = match linked {
        Some(id) => definition(id)?,
        None => indicator_in(text)?,
    };
    Some(Stated {
        indicator: def.id,
        value: value_in(text, def.unit)?,
        by: date_in(text),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn a_smart_target_is_read_from_its_words() {
        let s = read_target(
            "90% of assessments completed within 45 working days by March 2027",
            None,
        )
        .expect("read");
        assert_eq!(s.indicator, "assessments_within_45wd_pct");
        assert_eq!(s.value, 90.0);
        assert_eq!(s.by, Some(date(2027, 3, 31)));
    }

    #[test]
    fn a_linked_indicator_is_taken_as_linked() {
        let s = read_target(
            "Re-referrals down to 20 per cent by 30 Sept 2026",
            Some("re_referrals_12m_pct"),
        )
        .expect("read");
        assert_eq!((s.indicator, s.value), ("re_referrals_12m_pct", 20.0));
        assert_eq!(s.by, Some(date(2026, 9, 30)));
        // February's last day in a leap year.
        let s = read_target(
            "95% care leavers in touch by Feb 2028",
            Some("care_leavers_in_touch_pct"),
        )
        .expect("read");
        assert_eq!(s.by, Some(date(2028, 2, 29)));
        let s = read_target(
            "95% in touch by 2027-06-30",
            Some("care_leavers_in_touch_pct"),
        )
        .expect("read");
        assert_eq!(s.by, Some(date(2027, 6, 30)));
    }

    #[test]
    fn words_without_a_value_or_an_indicator_are_left_as_words() {
        // No percentage for a percentage measure: "45" is the timescale, not the target.
        assert_eq!(
            read_target(
                "Assessments completed within 45 working days",
                Some("assessments_within_45wd_pct")
            ),
            None
        );
        assert_eq!(
            read_target("Routine audit shows oversight on every case", None),
            None
        );
        assert_eq!(
            read_target("90% by March 2027", Some("no_such_indicator")),
            None
        );
        // A date that is not one is no date; the target still reads.
        let s = read_target(
            "85% of assessments completed within 45 working days by Smarch 2027",
            None,
        )
        .expect("read");
        assert_eq!(s.by, None);
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any words, linked or not, read without a panic; what is read is a catalogue
        /// indicator with a finite value.
        #[test]
        fn any_words_read_without_a_panic(text in "\\PC{0,80}", by in "(by )?[0-9]{0,2} ?(march|sept|feb)? ?[0-9]{0,4}") {
            for linked in [None, Some("care_leavers_in_touch_pct"), Some("caseload_avg")] {
                let words = format!("{text} {by}");
                if let Some(s) = read_target(&words, linked) {
                    prop_assert!(definition(s.indicator).is_some());
                    prop_assert!(s.value.is_finite());
                }
            }
        }
    }
}
