//! Working days in England and Wales: weekends and bank holidays.
//!
//! Statutory clocks count working days (an assessment within 45 working days of referral, an
//! initial child protection conference within 15 working days of the strategy discussion).

use std::collections::BTreeSet;

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};

/// The month a word names: "Jan", "January", "Sept", or four or more letters of the full
/// name ("Janu"); `None` for anything else, including two-letter words.
pub fn month_number(word: &str) -> Option<i8> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let w = word.to_lowercase();
    if w.len() < 3 {
        return None;
    }
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    MONTHS
        .iter()
        .zip(full.iter())
        .position(|(short, long)| {
            w == *short
                || w == *long
                || (w.len() >= 4 && long.starts_with(&w))
                || w == "sept" && *short == "sep"
        })
        .and_then(|i| i8::try_from(i + 1).ok())
}

/// Which days are worked. Counting working days between two dates from 2000 to 2060 is a
/// subtraction of running totals built once, so a whole extract's clocks cost little.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkCalendar {
    holidays: BTreeSet<Date>,
    /// `totals[i]`: working days after 1 Jan 2000 up to and including day `i` after it.
    totals: Vec<u32>,
}

/// Day 0 of the running totals.
const BASE: i32 = days_from_civil(2000, 1, 1);
/// Days covered by the running totals (2000 to the end of 2060).
const SPAN: usize = 22_280;

/// Days since 1 January 1970 (proleptic Gregorian), Howard Hinnant's `days_from_civil`.
const fn days_from_civil(y: i32, m: i32, d: i32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn index(d: Date) -> Option<usize> {
    let n = days_from_civil(
        i32::from(d.year()),
        i32::from(d.month()),
        i32::from(d.day()),
    ) - BASE;
    usize::try_from(n).ok().filter(|i| *i < SPAN)
}

impl WorkCalendar {
    /// A Monday-to-Friday calendar with the given bank holidays.
    pub fn new(holidays: impl IntoIterator<Item = Date>) -> Self {
        let mut c = WorkCalendar {
            holidays: holidays.into_iter().collect(),
            totals: Vec::new(),
        };
        let mut totals = Vec::with_capacity(SPAN);
        let mut day = Date::constant(2000, 1, 1);
        let mut n = 0u32;
        for i in 0..SPAN {
            if i > 0 && c.is_working_day(day) {
                n += 1;
            }
            totals.push(n);
            day = day.saturating_add(1.day());
        }
        c.totals = totals;
        c
    }

    /// This calendar with more bank holidays (from a local file, or a new one-off day).
    pub fn with(self, more: impl IntoIterator<Item = Date>) -> Self {
        WorkCalendar::new(self.holidays.into_iter().chain(more))
    }

    /// Whether `day` is a bank holiday.
    pub fn is_holiday(&self, day: Date) -> bool {
        self.holidays.contains(&day)
    }

    /// Whether `day` is a working day: not Saturday, Sunday or a bank holiday.
    pub fn is_working_day(&self, day: Date) -> bool {
        !matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday) && !self.is_holiday(day)
    }

    /// Working days after `from` up to and including `to` (0 when `to` is not after `from`).
    /// A referral on Monday and an assessment on Tuesday is 1 working day.
    pub fn working_days_between(&self, from: Date, to: Date) -> i64 {
        if to <= from {
            return 0;
        }
        if let (Some(a), Some(b)) = (index(from), index(to))
            && let (Some(x), Some(y)) = (self.totals.get(a), self.totals.get(b))
        {
            return i64::from(y - x);
        }
        let mut n = 0;
        let mut d = from;
        while d < to {
            d = d.saturating_add(1.day());
            if self.is_working_day(d) {
                n += 1;
            }
        }
        n
    }

    /// The date `n` working days after `from` (45 working days after a referral is the
    /// assessment deadline). `n = 0` gives `from` itself.
    pub fn add_working_days(&self, from: Date, n: u32) -> Date {
        let mut d = from;
        let mut left = n;
        while left > 0 {
            d = d.saturating_add(1.day());
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }

    /// The first and last bank holiday known, if any.
    pub fn range(&self) -> Option<(Date, Date)> {
        Some((*self.holidays.first()?, *self.holidays.last()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    fn cal() -> WorkCalendar {
        WorkCalendar::new([
            date(2020, 5, 8),   // VE Day, moved
            date(2022, 6, 2),   // spring bank holiday, moved
            date(2022, 6, 3),   // Platinum Jubilee
            date(2022, 9, 19),  // State funeral
            date(2026, 12, 25), // Christmas (Friday)
            date(2026, 12, 28), // Boxing Day substitute (Monday)
        ])
    }

    #[test]
    fn weekends_and_holidays_are_not_working_days() {
        let c = cal();
        assert!(!c.is_working_day(date(2026, 12, 26))); // Saturday
        assert!(!c.is_working_day(date(2026, 12, 28))); // substitute day
        assert!(c.is_working_day(date(2026, 12, 29)));
        assert!(!c.is_working_day(date(2020, 5, 8)));
        assert!(c.is_working_day(date(2020, 5, 4))); // the usual early May Monday, moved that year
    }

    #[test]
    fn counting_over_christmas_2026() {
        // Thu 24 Dec -> Tue 29 Dec: 25 (hol), 26-27 (weekend), 28 (sub) are skipped: 1 day.
        assert_eq!(
            cal().working_days_between(date(2026, 12, 24), date(2026, 12, 29)),
            1
        );
    }

    #[test]
    fn jubilee_week_2022() {
        // Wed 1 Jun 2022 + 1 working day: Thu 2 and Fri 3 are holidays, so Mon 6 Jun.
        assert_eq!(
            cal().add_working_days(date(2022, 6, 1), 1),
            date(2022, 6, 6)
        );
    }

    #[test]
    fn fifteen_working_days_across_a_leap_day() {
        // Mon 19 Feb 2024 + 15 working days = Mon 11 Mar 2024 (29 Feb is an ordinary Thursday).
        let c = WorkCalendar::default();
        assert_eq!(c.add_working_days(date(2024, 2, 19), 15), date(2024, 3, 11));
        assert_eq!(
            c.working_days_between(date(2024, 2, 19), date(2024, 3, 11)),
            15
        );
    }

    #[test]
    fn same_or_earlier_date_is_zero() {
        let c = cal();
        assert_eq!(
            c.working_days_between(date(2024, 3, 1), date(2024, 3, 1)),
            0
        );
        assert_eq!(
            c.working_days_between(date(2024, 3, 2), date(2024, 3, 1)),
            0
        );
        assert_eq!(c.add_working_days(date(2024, 3, 2), 0), date(2024, 3, 2));
    }

    proptest! {
        #[test]
        fn add_then_count_round_trips(days in 0i32..20_000, n in 0u32..400) {
            let c = cal();
            let from = date(2010, 1, 1).saturating_add(days.days());
            let to = c.add_working_days(from, n);
            prop_assert_eq!(c.working_days_between(from, to), i64::from(n));
            if n > 0 {
                prop_assert!(c.is_working_day(to));
            }
        }

        #[test]
        fn running_totals_match_counting_day_by_day(a in -2_000i32..25_000, len in 0i32..2_000) {
            let c = cal();
            let from = date(2000, 1, 1).saturating_add(a.days());
            let to = from.saturating_add(len.days());
            let mut slow = 0;
            let mut d = from;
            while d < to {
                d = d.saturating_add(1.day());
                if c.is_working_day(d) {
                    slow += 1;
                }
            }
            prop_assert_eq!(c.working_days_between(from, to), slow);
        }
    }
}
