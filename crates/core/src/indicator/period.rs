//! The periods a figure is computed for: the window and each month it touches, or the as-at
//! date.

use jiff::ToSpan;
use jiff::civil::Date;
use serde::Serialize;

/// A period a figure is computed for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Period {
    /// `window`, `YYYY-MM` or `as-at`.
    pub label: String,
    /// First day, included.
    pub from: Date,
    /// Last day, included.
    pub to: Date,
    /// A month the window only partly covers.
    pub partial: bool,
}

impl Period {
    pub(super) fn is_window(&self) -> bool {
        self.label == "window"
    }

    pub(super) fn holds(&self, d: Date) -> bool {
        self.from <= d && d <= self.to
    }
}

/// The periods of an event indicator on a list with a `window_months` window: the window,
/// then each calendar month it touches (the first and last may be partial).
pub fn periods(as_at: Date, window_months: u8) -> Vec<Period> {
    let from = as_at
        .saturating_sub(i32::from(window_months).months())
        .saturating_add(1.day());
    let mut out = vec![Period {
        label: "window".to_string(),
        from,
        to: as_at,
        partial: false,
    }];
    let mut month = from.first_of_month();
    while month <= as_at {
        let last = month.last_of_month();
        let (start, end) = (month.max(from), last.min(as_at));
        out.push(Period {
            label: format!("{:04}-{:02}", month.year(), month.month()),
            from: start,
            to: end,
            partial: start != month || end != last,
        });
        month = last.saturating_add(1.day());
    }
    out
}

pub(super) fn as_at_period(as_at: Date) -> Period {
    Period {
        label: "as-at".to_string(),
        from: as_at,
        to: as_at,
        partial: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn periods_cover_the_window_and_each_month() {
        let p = periods(date(2024, 1, 15), 6);
        assert_eq!(p[0].label, "window");
        assert_eq!((p[0].from, p[0].to), (date(2023, 7, 16), date(2024, 1, 15)));
        let labels: Vec<&str> = p.iter().skip(1).map(|p| p.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "2023-07", "2023-08", "2023-09", "2023-10", "2023-11", "2023-12", "2024-01"
            ]
        );
        assert!(p[1].partial && p[7].partial && !p[2].partial);
        assert_eq!(p[1].from, date(2023, 7, 16));
        assert_eq!(p[7].to, date(2024, 1, 15));
    }

    #[test]
    fn a_window_ending_on_a_month_end_has_whole_months() {
        // 31 Aug - 6 months = 29 Feb 2024 (leap year); the window starts 1 Mar.
        let p = periods(date(2024, 8, 31), 6);
        assert_eq!(p[0].from, date(2024, 3, 1));
        assert_eq!(p.len(), 7);
        assert!(p.iter().skip(1).all(|p| !p.partial));
    }
}
