//! Spreadsheet cells as text and dates, the same way for every reader.

use calamine::{CellErrorType, Data, DataRef};
use jiff::civil::Date;

/// One cell as read, borrowing its text: what every reader hands on, whatever the format.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    /// Blank, or beyond the end of a short row.
    Empty,
    /// Text as written (not yet trimmed).
    Text(&'a str),
    /// A number.
    Number(f64),
    /// A whole number (XLS and ODS integers).
    Int(i64),
    /// TRUE or FALSE.
    Bool(bool),
    /// A cell formatted as a date, the workbook's 1900 or 1904 date system applied.
    Date(Date),
    /// An error value from a formula or lookup, as Excel writes it (`#N/A`).
    Error(&'static str),
}

impl<'a> From<&'a Data> for Cell<'a> {
    fn from(d: &'a Data) -> Cell<'a> {
        match d {
            Data::Empty => Cell::Empty,
            Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s),
            Data::Float(f) => Cell::Number(*f),
            Data::Int(i) => Cell::Int(*i),
            Data::Bool(b) => Cell::Bool(*b),
            Data::DateTime(d) => date_time(d),
            Data::Error(e) => Cell::Error(error_text(e)),
        }
    }
}

impl<'a> From<&'a DataRef<'a>> for Cell<'a> {
    fn from(d: &'a DataRef<'a>) -> Cell<'a> {
        match d {
            DataRef::Empty => Cell::Empty,
            DataRef::SharedString(s) => Cell::Text(s),
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Cell::Text(s),
            DataRef::Float(f) => Cell::Number(*f),
            DataRef::Int(i) => Cell::Int(*i),
            DataRef::Bool(b) => Cell::Bool(*b),
            DataRef::DateTime(d) => date_time(d),
            DataRef::Error(e) => Cell::Error(error_text(e)),
        }
    }
}

/// A date-formatted number: its day in the workbook's date system; a duration stays a number.
fn date_time(d: &calamine::ExcelDateTime) -> Cell<'static> {
    if !d.is_datetime() {
        return Cell::Number(d.as_f64());
    }
    let (y, m, day, ..) = d.to_ymd_hms_milli();
    match (i16::try_from(y), i8::try_from(m), i8::try_from(day)) {
        (Ok(y), Ok(m), Ok(day)) => {
            Date::new(y, m, day).map_or(Cell::Number(d.as_f64()), Cell::Date)
        }
        _ => Cell::Number(d.as_f64()),
    }
}

/// Excel's error values as it writes them.
pub(crate) const ERROR_VALUES: [&str; 8] = [
    "#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#DATA!",
];

/// An error value as Excel writes it.
fn error_text(e: &CellErrorType) -> &'static str {
    ERROR_VALUES[match e {
        CellErrorType::Div0 => 0,
        CellErrorType::NA => 1,
        CellErrorType::Name => 2,
        CellErrorType::Null => 3,
        CellErrorType::Num => 4,
        CellErrorType::Ref => 5,
        CellErrorType::Value => 6,
        CellErrorType::GettingData => 7,
    }]
}

impl Cell<'_> {
    /// The cell as text: strings trimmed with non-breaking spaces made plain, whole numbers
    /// without ".0", dates ISO, error values as Excel writes them ("#N/A").
    pub fn text(&self) -> String {
        match *self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.replace('\u{a0}', " ").trim().to_string(),
            Cell::Number(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
            Cell::Number(f) => f.to_string(),
            Cell::Int(i) => i.to_string(),
            Cell::Bool(b) => b.to_string(),
            Cell::Date(d) => d.to_string(),
            Cell::Error(e) => e.to_string(),
        }
    }
}

/// The text of a cell: strings trimmed with non-breaking spaces made plain, whole numbers
/// without ".0", Excel dates as ISO dates, error values as Excel writes them ("#N/A").
pub fn text(c: &Data) -> String {
    Cell::from(c).text()
}

/// A sheet: its name, and its rows, each with its 0-based number and its cells from column A.
pub type Sheet = (String, Vec<(u32, Vec<Data>)>);

/// Every sheet of a workbook (XLSX, XLS or ODS) as (name, rows), each row with its 0-based
/// number and its cells from column A. Sheets are read as whole ranges, so the package guard
/// refuses a stray far cell or a bomb first.
///
/// # Errors
/// [`crate::Error::Workbook`] when the file is refused or cannot be opened or read.
pub fn sheets(path: &std::path::Path) -> crate::Result<Vec<Sheet>> {
    use calamine::Reader;
    crate::package::guard(path, crate::package::Sheets::Ranges)?;
    let mut book = calamine::open_workbook_auto(path).map_err(|e| crate::Error::Workbook {
        path: path.to_path_buf(),
        reason: format!("cannot be opened as a workbook: {e}"),
    })?;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| crate::Error::Workbook {
                path: path.to_path_buf(),
                reason: format!("sheet {name:?} cannot be read: {e}"),
            })?;
        let (top, left) = range.start().unwrap_or((0, 0));
        let rows: Vec<(u32, Vec<Data>)> = range
            .rows()
            .enumerate()
            .map(|(i, r)| {
                let mut cells = vec![Data::Empty; usize::try_from(left).unwrap_or(0)];
                cells.extend(r.iter().cloned());
                (top + u32::try_from(i).unwrap_or(u32::MAX), cells)
            })
            .collect();
        sheets.push((name, rows));
    }
    Ok(sheets)
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
        assert_eq!(text(&Data::Error(CellErrorType::NA)), "#N/A");
        // 45306 is 2024-01-15 in the 1900 system and 2028-01-16 in the 1904 one.
        let day = |is_1904| {
            Data::DateTime(calamine::ExcelDateTime::new(
                45306.0,
                calamine::ExcelDateTimeType::DateTime,
                is_1904,
            ))
        };
        assert_eq!(text(&day(false)), "2024-01-15");
        assert_eq!(text(&day(true)), "2028-01-16");
    }
}
