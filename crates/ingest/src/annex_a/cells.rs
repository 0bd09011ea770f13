//! Reading one cell: dates in the spellings councils write, whole numbers, blanks and
//! Excel's error values.

#[allow(clippy::wildcard_imports)]
use super::*;

/// A day, a month by name (`calendar::month_number`) and a four-digit year, separated
/// by spaces, `-` or `/`, optionally followed by a time.
pub(super) fn month_by_name(s: &str) -> Option<Date> {
    let mut parts = s.split([' ', '-', '/', ',']).filter(|p| !p.is_empty());
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some_and(|rest| !rest.contains(':')) || y.len() != 4 {
        return None;
    }
    let month = sightline_core::calendar::month_number(m.trim_end_matches('.'))?;
    let (d, y): (i8, i16) = (d.parse().ok()?, y.parse().ok()?);
    if y < 1900 {
        return None;
    }
    Date::new(y, month, d).ok()
}

/// `DD/MM/YYYY` or `YYYY-MM-DD` exactly (ten bytes), else `None` for the general reader.
#[inline]
pub(super) fn dd_mm_yyyy_or_iso(b: &[u8]) -> Option<Date> {
    // Each byte a digit, read with one subtraction (a non-digit wraps past 9).
    let d = |c: u8| -> Option<i16> {
        let v = c.wrapping_sub(b'0');
        (v <= 9).then_some(i16::from(v))
    };
    let (y, m, day) = match *b {
        [d1, d2, b'/', m1, m2, b'/', y1, y2, y3, y4] => (
            d(y1)? * 1000 + d(y2)? * 100 + d(y3)? * 10 + d(y4)?,
            d(m1)? * 10 + d(m2)?,
            d(d1)? * 10 + d(d2)?,
        ),
        [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] => (
            d(y1)? * 1000 + d(y2)? * 100 + d(y3)? * 10 + d(y4)?,
            d(m1)? * 10 + d(m2)?,
            d(d1)? * 10 + d(d2)?,
        ),
        _ => return None,
    };
    if y < 1900 {
        return None;
    }
    Date::new(y, i8::try_from(m).ok()?, i8::try_from(day).ok()?).ok()
}

/// Whether a cell is blank (or only spaces), without allocating.
pub(super) fn is_blank(c: Cell<'_>) -> bool {
    match c {
        Cell::Empty => true,
        // Nearly every cell starts with a visible ASCII character: decided by one byte.
        Cell::Text(s) if s.as_bytes().first().is_some_and(u8::is_ascii_graphic) => false,
        Cell::Text(s) => s
            .trim_matches(|ch: char| ch.is_whitespace() || ch == '\u{a0}')
            .is_empty(),
        _ => false,
    }
}

/// The text of a cell, borrowed when it already is text (a table's text holds no
/// non-breaking space, so trimming is all it needs).
#[inline]
pub(super) fn text_cow(c: Cell<'_>) -> std::borrow::Cow<'_, str> {
    match c {
        Cell::Text(s) => std::borrow::Cow::Borrowed(trim(s)),
        other => std::borrow::Cow::Owned(other.text()),
    }
}

/// An error value from a formula or lookup, or its text (`#N/A`, `N/A`).
pub(super) fn is_na(c: Cell<'_>) -> bool {
    match c {
        Cell::Error(_) => true,
        // Each of them starts with `#` or `N`: most cells are decided by their first byte.
        Cell::Text(s)
            if s.as_bytes()
                .first()
                .is_some_and(|b| b.is_ascii_graphic() && !matches!(b, b'#' | b'N' | b'n')) =>
        {
            false
        }
        Cell::Text(s) => {
            let t = trim(s);
            t.len() <= 7
                && crate::cell::ERROR_VALUES
                    .iter()
                    .chain(&["N/A"])
                    .any(|e| e.eq_ignore_ascii_case(t))
        }
        _ => false,
    }
}

/// A date as councils write it: an Excel serial, a date-formatted cell, `DD/MM/YYYY`, ISO, or a
/// date-time.
pub fn parse_date(c: Cell<'_>) -> Option<Date> {
    match c {
        Cell::Date(d) => Some(d),
        Cell::Number(f) => excel_serial_date(f),
        Cell::Int(i) => excel_serial_date(i as f64),
        Cell::Text(s) => parse_date_text(s),
        _ => None,
    }
}

/// `DD/MM/YYYY` (also `-` or `.`), `YYYY-MM-DD`, or the month by name (`15 Jan 2024`,
/// `15-JAN-2024`, `15 January 2024`), with an optional time after a space or `T`. A two-digit
/// year is not read: `01/02/15` could be 1915 or 2015.
pub fn parse_date_text(s: &str) -> Option<Date> {
    let s = trim(s);
    // The two spellings nearly every file uses, read from the bytes without allocating.
    dd_mm_yyyy_or_iso(s.as_bytes()).or_else(|| other_date_spellings(s))
}

/// The spellings of a (trimmed) date other than `DD/MM/YYYY` and ISO.
pub(super) fn other_date_spellings(s: &str) -> Option<Date> {
    let day_part = s.split([' ', 'T']).next().unwrap_or(s);
    if let Ok(d) = day_part.parse::<Date>() {
        return Some(d);
    }
    let parts: Vec<&str> = day_part.split(['/', '-', '.']).collect();
    let [d, m, y] = parts.as_slice() else {
        return month_by_name(s);
    };
    let (Ok(d), Ok(m), Ok(y)) = (d.parse::<i8>(), m.parse::<i8>(), y.parse::<i16>()) else {
        return month_by_name(s);
    };
    if y < 1900 {
        return None;
    }
    Date::new(y, m, d).ok()
}

/// A whole number: `3`, `3.0`, a float cell.
pub(super) fn parse_int(c: Cell<'_>) -> Option<i64> {
    match c {
        Cell::Int(i) => Some(i),
        Cell::Number(f) if f.is_finite() && f.abs() < 1e12 => Some(f.floor() as i64),
        Cell::Text(s) => {
            let t = trim(s);
            t.parse::<i64>().ok().or_else(|| {
                t.parse::<f64>()
                    .ok()
                    .filter(|f| f.is_finite() && f.abs() < 1e12)
                    .map(|f| f.floor() as i64)
            })
        }
        _ => None,
    }
}
