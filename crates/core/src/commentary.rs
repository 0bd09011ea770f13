//! An owner's commentary on an indicator for a period: what the board reads beside a figure
//! that is off track. Signed and versioned; a correction is a new version.

use serde::{Deserialize, Serialize};

/// One version of the commentary on an indicator for a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commentary {
    /// Indicator id.
    pub indicator: String,
    /// `YYYY-MM`: the month of the figures it speaks to.
    pub period: String,
    /// 1 for the first; each new version adds one.
    pub version: i64,
    /// What the owner says.
    pub text: String,
    /// Who wrote it.
    pub author: String,
    /// When (UTC, RFC 3339).
    pub written_at: String,
}

/// Whether `period` is a month written `YYYY-MM` (2026-10).
pub fn is_period(period: &str) -> bool {
    let b = period.as_bytes();
    b.len() == 7
        && b[4] == b'-'
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[5..].iter().all(u8::is_ascii_digit)
        && matches!(period[5..].parse::<u8>(), Ok(1..=12))
}

/// The last day of a `YYYY-MM` period, if it is one (`2024-02` ends on the 29th).
pub fn period_end(period: &str) -> Option<jiff::civil::Date> {
    if !is_period(period) {
        return None;
    }
    let year: i16 = period[..4].parse().ok()?;
    let month: i8 = period[5..].parse().ok()?;
    Some(jiff::civil::Date::new(year, month, 1).ok()?.last_of_month())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_period_is_a_month() {
        assert!(is_period("2026-10"));
        assert!(is_period("2024-02"));
        for bad in [
            "2026-13",
            "2026-00",
            "2026-1",
            "26-10",
            "2026/10",
            "2026-10-31",
            "",
        ] {
            assert!(!is_period(bad), "{bad}");
        }
    }
}
