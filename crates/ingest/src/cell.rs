//! Spreadsheet cells as text and dates, the same way for every reader.

use calamine::Data;
use jiff::civil::Date;

/// The text of a cell: strings trimmed with non-breaking spaces made plain, whole numbers
/// without ".0", Excel dates as ISO dates, error values as Excel writes them ("#N/A").
pub fn text(c: &Data) -> String {
    match c {
        Data::Empty => String::new(),
        Data::String(s) => s.replace('\u{a0}', " ").trim().to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => excel_serial_date(d.as_f64())
            .map(|d| d.to_string())
            .unwrap_or_else(|| d.to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

/// An Excel serial date (1900 system) as a civil date.
pub fn excel_serial_date(serial: f64) -> Option<Date> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    // Serial 1 is 1900-01-01, but Excel counts a 29 Feb 1900 that never was: from 61 on,
    // counting from 1899-12-30 is right.
    let base = jiff::civil::date(1899, 12, 30);
    let days = serial.floor() as i64;
    let days = if days < 61 { days + 1 } else { days };
    base.checked_add(jiff::Span::new().days(days)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn excel_serials_including_the_1900_quirk() {
        assert_eq!(excel_serial_date(1.0), Some(date(1900, 1, 1)));
        assert_eq!(excel_serial_date(59.0), Some(date(1900, 2, 28)));
        assert_eq!(excel_serial_date(61.0), Some(date(1900, 3, 1)));
        assert_eq!(excel_serial_date(42825.0), Some(date(2017, 3, 31)));
        assert_eq!(excel_serial_date(45351.0), Some(date(2024, 2, 29)));
        assert_eq!(excel_serial_date(0.0), None);
        assert_eq!(excel_serial_date(f64::NAN), None);
    }

    #[test]
    fn cells_as_text() {
        assert_eq!(text(&Data::Float(10.0)), "10");
        assert_eq!(text(&Data::String(" a\u{a0}b ".into())), "a b");
        assert_eq!(text(&Data::Empty), "");
    }
}
