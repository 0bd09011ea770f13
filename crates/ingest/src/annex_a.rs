//! Ofsted Annex A child-level lists, as councils produce them: XLSX, XLS or CSV, one file per
//! list or a workbook of them, or a folder of files.
//!
//! Each table is told by its header set (the header row may sit under a title row anywhere in
//! the first 20 rows), never by its sheet or file name. Every non-blank row is read and kept;
//! each problem is a [`Finding`] with list, sheet, Excel row, column and value. An error
//! rejects its row (kept, with its findings); a warning keeps it.

use std::borrow::Cow;

use compact_str::CompactString;
use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};

use calamine::{Reader, open_workbook_auto};
use jiff::ToSpan;
use jiff::civil::Date;
use serde::Serialize;
use sightline_core::annex_a::{self, Kind, Layout, List, trim};
pub use sightline_core::annex_a::{Record, Value};
use sightline_core::finding::{Finding, Severity, cell_ref};

use crate::cell::excel_serial_date;
use crate::{Error, Result};

mod table;
mod xlsx;
use table::Builder;
pub use table::{Cell, MAX_CELLS, Row, Table, TableError};

/// One list as read from one table.
#[derive(Debug, Clone, Serialize)]
pub struct ListRead {
    /// 1 to 11.
    pub list: u8,
    /// Its name ("contacts").
    pub name: &'static str,
    /// The sheet or file it came from.
    pub source: String,
    /// The header row (1-based).
    pub header_row: u32,
    /// Non-blank data rows.
    pub rows_read: usize,
    /// Rows kept.
    pub rows_accepted: usize,
    /// Rows rejected (kept, with findings).
    pub rows_rejected: usize,
    /// The rows.
    #[serde(skip)]
    pub records: Vec<Record>,
}

/// A table that is no Annex A list.
#[derive(Debug, Clone, Serialize)]
pub struct Unrecognised {
    /// The sheet or file.
    pub source: String,
    /// Why it was not read.
    pub reason: String,
}

/// An extract: every list found, every finding, and what was not recognised.
#[derive(Debug, Clone, Serialize)]
pub struct Extract {
    /// The date the extract is checked against.
    pub as_at: Date,
    /// Lists in the order found.
    pub lists: Vec<ListRead>,
    /// Problems, each located to its cell.
    pub findings: Vec<Finding>,
    /// Tables that are no list.
    pub unrecognised: Vec<Unrecognised>,
}

/// Reads and checks a file or a folder of files. `as_at` defaults to the latest key event
/// date in the extract.
///
/// # Errors
/// As [`read`].
pub fn check(path: &Path, as_at: Option<Date>) -> Result<Extract> {
    let mut lists = Lists::default();
    // Where each list came from: one list from two files (or sheets) would be counted twice.
    let mut seen: Vec<(u8, String, PathBuf)> = Vec::new();
    for file in files(path)? {
        // Each file's tables are typed and let go before the next file is read, so the
        // memory one file's table took is used again for the next.
        for table in read_tables(&file)? {
            if let Some(list) = lists.add(&table) {
                if let Some((_, other, other_file)) = seen.iter().find(|(l, _, _)| *l == list) {
                    let name = |f: &Path, s: &str| {
                        let file = f
                            .file_name()
                            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                        if file == s {
                            file
                        } else {
                            format!("{file} (sheet {s:?})")
                        }
                    };
                    return Err(Error::Workbook {
                        path: path.to_path_buf(),
                        reason: format!(
                            "list {list} ({}) is in two places, {} and {}; an extract holds each \
                             list once, so nothing was read. Take the one you mean: remove the \
                             other from the folder (or the workbook) and try again",
                            annex_a::LISTS
                                .get(usize::from(list).saturating_sub(1))
                                .map_or("", |l| l.name),
                            name(other_file, other),
                            name(&file, &table.source)
                        ),
                    });
                }
                seen.push((list, table.source.clone(), file.clone()));
            }
        }
    }
    Ok(lists.finish(as_at))
}

/// Reads every table of a file, or of every spreadsheet and CSV file in a folder, without
/// checking them.
///
/// # Errors
/// [`Error::Io`] or [`Error::Workbook`] when a file cannot be opened; a folder with no
/// readable file is an error too.
pub fn read(path: &Path) -> Result<Vec<Table>> {
    let mut tables = Vec::new();
    for f in &files(path)? {
        tables.extend(read_tables(f)?);
    }
    Ok(tables)
}

/// The file, or the spreadsheet and CSV files of a folder in name order.
fn files(path: &Path) -> Result<Vec<PathBuf>> {
    if !path.exists() {
        return Err(Error::Io {
            path: path.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or folder"),
        });
    }
    Ok(if path.is_dir() {
        let mut v: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|source| Error::Io {
                path: path.to_path_buf(),
                source,
            })?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                    matches!(
                        e.to_ascii_lowercase().as_str(),
                        "xlsx" | "xlsm" | "xls" | "ods" | "csv"
                    )
                })
            })
            .collect();
        v.sort();
        if v.is_empty() {
            return Err(Error::Workbook {
                path: path.to_path_buf(),
                reason: "the folder holds no .xlsx, .xls, .ods or .csv file".into(),
            });
        }
        v
    } else {
        vec![path.to_path_buf()]
    })
}

/// A CSV file's bytes as text: UTF-8 (`Ok`), UTF-16 with its byte-order mark (decoded), or
/// the bytes back (`Err`) for the Windows-1252 reading. A file with a NUL byte in its first
/// 8 KiB (outside UTF-16) is no text at all, and is refused.
fn csv_text(
    path: &Path,
    bytes: Vec<u8>,
) -> Result<std::result::Result<String, std::string::FromUtf8Error>> {
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(&bytes)
        && encoding != encoding_rs::UTF_8
    {
        let (text, had_errors) = encoding.decode_with_bom_removal(&bytes);
        if had_errors {
            return Err(Error::Workbook {
                path: path.to_path_buf(),
                reason: format!(
                    "not a readable CSV file: it starts as {} text but holds bytes that are not",
                    encoding.name()
                ),
            });
        }
        return Ok(Ok(text.into_owned()));
    }
    if memchr::memchr(0, &bytes[..bytes.len().min(8192)]).is_some() {
        return Err(Error::Workbook {
            path: path.to_path_buf(),
            reason: "not a CSV file: it holds binary data, not text (save the list from \
                     Excel as \"CSV UTF-8\", or give the workbook itself)"
                .into(),
        });
    }
    Ok(String::from_utf8(bytes))
}

fn read_tables(path: &Path) -> Result<Vec<Table>> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let is_csv = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if is_csv {
        let bytes = std::fs::read(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let text = match csv_text(path, bytes)? {
            Ok(t) => t,
            // Excel's "CSV" on Windows is Windows-1252: its curly apostrophe (0x92) is not
            // Latin-1's, so decode it properly or "Child’s Category of Need" is not found.
            Err(e) => encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(e.as_bytes())
                .0
                .into_owned(),
        };
        let mut text = text;
        if text.starts_with('\u{feff}') {
            // In place: no copy of the whole file for three bytes.
            text.drain(..'\u{feff}'.len_utf8());
        }
        let table = Table::from_csv(name, text).map_err(|e| Error::Workbook {
            path: path.to_path_buf(),
            reason: format!("not a readable CSV file: {e}"),
        })?;
        return Ok(vec![table]);
    }
    let is_xlsx = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx") || e.eq_ignore_ascii_case("xlsm"));
    if is_xlsx {
        let file = std::fs::File::open(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        // The fast reader first; a workbook it cannot read goes to calamine (decision 0012),
        // which gives the error if it cannot read it either.
        if let Ok(tables) = xlsx::read(std::io::BufReader::new(file)) {
            return Ok(tables);
        }
    }
    // calamine cannot bound itself: the package's parts and sheets are checked first.
    let is_ods = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("ods"));
    crate::package::guard(
        path,
        if is_ods {
            crate::package::Sheets::Ranges
        } else {
            crate::package::Sheets::Streamed
        },
    )?;
    read_with_calamine(path)
}

/// The error for a sheet that cannot be read, whatever the reason.
fn unreadable_sheet(path: &Path, sheet: &str, e: impl std::fmt::Display) -> Error {
    Error::Workbook {
        path: path.to_path_buf(),
        reason: format!("sheet {sheet:?} cannot be read: {e}"),
    }
}

/// Every sheet of a workbook in any format calamine reads (XLS, ODS, and XLSX the fast reader
/// could not read).
fn read_with_calamine(path: &Path) -> Result<Vec<Table>> {
    let mut book = open_workbook_auto(path).map_err(|e| Error::Workbook {
        path: path.to_path_buf(),
        reason: format!("cannot be opened as a workbook: {e}"),
    })?;
    if let calamine::Sheets::Xlsx(xlsx) = &mut book {
        return read_xlsx(path, xlsx);
    }
    let mut out = Vec::new();
    for sheet in book.sheet_names() {
        let range = book
            .worksheet_range(&sheet)
            .map_err(|e| unreadable_sheet(path, &sheet, e))?;
        // Cells relative to the range, which starts at its first used cell.
        let (top, left) = range.start().unwrap_or((0, 0));
        let mut table = Builder::new(sheet.clone());
        for (r, c, cell) in range.used_cells() {
            let (r, c) = (r + top as usize, c + left as usize);
            table
                .set(r, c, &Cell::from(cell))
                .map_err(|e| unreadable_sheet(path, &sheet, e))?;
        }
        out.push(table.finish());
    }
    Ok(out)
}

/// Every sheet of an XLSX workbook, streamed cell by cell (no intermediate range), noting the
/// formula cells that have no saved value.
fn read_xlsx<RS: std::io::Read + std::io::Seek>(
    path: &Path,
    book: &mut calamine::Xlsx<RS>,
) -> Result<Vec<Table>> {
    let unreadable = |sheet: &str, e: calamine::XlsxError| unreadable_sheet(path, sheet, e);
    let mut out = Vec::new();
    for sheet in book.sheet_names() {
        let mut cells = book
            .worksheet_cells_reader(&sheet)
            .map_err(|e| unreadable(&sheet, e))?;
        let mut table = Builder::new(sheet.clone());
        while let Some(cell) = cells
            .next_cell_with_formula_metadata()
            .map_err(|e| unreadable(&sheet, e))?
        {
            let (r, c) = cell.pos;
            if matches!(cell.value, calamine::DataRef::Empty) {
                if cell.formula.is_some() {
                    table.formula_without_value(r, c);
                }
                continue;
            }
            table
                .set(r as usize, c as usize, &Cell::from(&cell.value))
                .map_err(|e| unreadable_sheet(path, &sheet, e))?;
        }
        out.push(table.finish());
    }
    Ok(out)
}

/// A day, a month by name (`calendar::month_number`) and a four-digit year, separated
/// by spaces, `-` or `/`, optionally followed by a time.
fn month_by_name(s: &str) -> Option<Date> {
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
fn dd_mm_yyyy_or_iso(b: &[u8]) -> Option<Date> {
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
fn is_blank(c: Cell<'_>) -> bool {
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
fn text_cow(c: Cell<'_>) -> std::borrow::Cow<'_, str> {
    match c {
        Cell::Text(s) => std::borrow::Cow::Borrowed(trim(s)),
        other => std::borrow::Cow::Owned(other.text()),
    }
}

/// An error value from a formula or lookup, or its text (`#N/A`, `N/A`).
fn is_na(c: Cell<'_>) -> bool {
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
fn other_date_spellings(s: &str) -> Option<Date> {
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
fn parse_int(c: Cell<'_>) -> Option<i64> {
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

/// Checks tables already read. Public for tests and fuzzing.
pub fn check_tables(tables: &[Table], as_at: Option<Date>) -> Extract {
    let mut lists = Lists::default();
    for table in tables {
        lists.add(table);
    }
    lists.finish(as_at)
}

/// An extract being checked. Each table is identified and its values typed as it comes
/// (findings about single values need nothing else); the rules that need the as-at date (the
/// latest key event date of the whole extract, unless given) run once every list is in.
#[derive(Default)]
struct Lists {
    typed: Vec<Typed>,
    unrecognised: Vec<Unrecognised>,
    days: Days,
}

impl Lists {
    /// Identifies a table and types its rows when it is a list; returns the list's number.
    fn add(&mut self, table: &Table) -> Option<u8> {
        let found = table.rows().take(20).enumerate().find_map(|(i, r)| {
            let headers: Vec<String> = r.cells().map(|c| c.text()).collect();
            annex_a::identify(&headers).map(|l| (i, l))
        });
        match found {
            Some((header_at, layout)) => {
                let list = layout.spec().number;
                self.typed
                    .push(type_list(table, header_at, layout, &mut self.days));
                Some(list)
            }
            None => {
                if table.rows().any(|r| r.cells().any(|c| !is_blank(c))) {
                    self.unrecognised.push(Unrecognised {
                        source: table.source.clone(),
                        reason: "no Annex A header set found".into(),
                    });
                }
                None
            }
        }
    }

    /// Applies the rules of every row and across lists.
    fn finish(self, as_at: Option<Date>) -> Extract {
        // The as-at date: given, or the latest key event date (never one in the future).
        let as_at = as_at.unwrap_or_else(|| {
            let today = jiff::Zoned::now().date();
            self.typed
                .iter()
                .filter_map(|t| t.key.map(|k| (t, k)))
                .flat_map(|(t, k)| t.records.iter().filter_map(move |r| r.values.get(k)))
                .filter_map(Value::date)
                .filter(|d| *d <= today)
                .max()
                .unwrap_or(today)
        });
        let mut findings = Vec::new();
        let mut read: Vec<ListRead> = self
            .typed
            .into_iter()
            .map(|typed| check_list(typed, as_at, &mut findings))
            .collect();
        cross_list(&read, &mut findings);
        for l in &mut read {
            l.rows_accepted = l.records.iter().filter(|r| !r.rejected).count();
            l.rows_rejected = l.rows_read - l.rows_accepted;
        }
        Extract {
            as_at,
            lists: read,
            findings,
            unrecognised: self.unrecognised,
        }
    }
}

/// A list read from its table with every value typed, and the findings that need no more
/// than the value itself; the table may then go.
struct Typed {
    list: &'static List,
    layout: Layout,
    source: String,
    /// The header row (0-based).
    header_at: usize,
    /// The header row's texts, to name columns in findings.
    header: Vec<String>,
    /// The list's key event column.
    key: Option<usize>,
    /// Every non-blank data row, none rejected yet.
    records: Vec<Record>,
    /// Findings about the table's columns, at its header row.
    about_columns: Vec<Finding>,
    /// Findings about single values, row by row: record `i`'s end at `value_ends[i]`.
    about_values: Vec<Finding>,
    value_ends: Vec<u32>,
    /// Formula cells with no saved value.
    formulas: Vec<Finding>,
}

/// A finding for each cell noted as the table was read, in a list's data rows: a formula
/// without a saved value, a CSV line with a stray quote.
fn note_findings(
    table: &Table,
    header_at: usize,
    header: &[String],
    layout: &Layout,
    out: &mut Vec<Finding>,
) {
    let list = layout.spec();
    let formula = (
        "formula-without-value",
        Severity::Warning,
        "the cell holds a formula with no saved value (the workbook was saved without \
         calculating), so it is read as blank; open it in Excel, let it calculate and save it, \
         or paste the values",
    );
    let quote = (
        "quote-unbalanced",
        Severity::Warning,
        "a quoted value here is not closed before the end of its line, so the line was read as \
         it stands with the quote kept as text (the rows after it are read as usual); check the \
         cell and the export that made the file",
    );
    let notes = table
        .formulas_without_value
        .iter()
        .map(|rc| (rc, formula))
        .chain(table.stray_quotes.iter().map(|rc| (rc, quote)));
    for (&(r, c), (rule, severity, message)) in notes {
        if (r as usize) <= header_at {
            continue;
        }
        let column = layout
            .positions
            .iter()
            .position(|p| *p == Some(c as usize))
            .map(|k| list.columns[k].header.to_string())
            .unwrap_or_else(|| header.get(c as usize).cloned().unwrap_or_default());
        out.push(Finding {
            list: Some(list.number),
            sheet: table.source.clone(),
            row: r + 1,
            cell: Some(cell_ref(r, c)),
            column: Some(column),
            value: None,
            rule: rule.into(),
            severity,
            message: message.into(),
        });
    }
}

struct Ctx<'a> {
    list: &'static List,
    source: &'a str,
    /// The header row's texts.
    header: &'a [String],
    layout: &'a Layout,
    findings: &'a mut Vec<Finding>,
}

impl Ctx<'_> {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        row0: usize,
        col: usize,
        value: &str,
        rule: &str,
        severity: Severity,
        message: String,
    ) {
        let pos = self.layout.positions.get(col).copied().flatten();
        let header = pos
            .and_then(|p| self.header.get(p).cloned())
            .unwrap_or_else(|| self.list.columns[col].header.to_string());
        self.findings.push(Finding {
            list: Some(self.list.number),
            sheet: self.source.to_string(),
            row: u32::try_from(row0 + 1).unwrap_or(u32::MAX),
            cell: pos.map(|p| {
                cell_ref(
                    u32::try_from(row0).unwrap_or(0),
                    u32::try_from(p).unwrap_or(0),
                )
            }),
            column: Some(header),
            value: (!value.is_empty()).then(|| value.to_string()),
            rule: rule.into(),
            severity,
            message,
        });
    }
}

/// How one column of a list is read, worked out once per list.
struct ColumnPlan {
    /// Its place in the list's template.
    k: usize,
    column: &'static annex_a::Column,
    /// What it holds (the column's, kept at hand).
    kind: Kind,
    /// Its place in the table, if there.
    pos: Option<usize>,
    /// Only a missing identifier or key event date makes a row unusable; other required
    /// values missing are warnings, so the child still counts.
    essential: bool,
}

/// Types the rows of a table identified as a list (header row `header_at`).
fn type_list(table: &Table, header_at: usize, layout: Layout, days: &mut Days) -> Typed {
    let list = layout.spec();
    let source = table.source.clone();
    let header: Vec<String> = table
        .row(header_at)
        .unwrap_or(Row::EMPTY)
        .cells()
        .map(|c| c.text())
        .collect();
    let mut about_columns = Vec::new();
    let mut ctx = Ctx {
        list,
        source: &source,
        header: &header,
        layout: &layout,
        findings: &mut about_columns,
    };
    for (k, c) in list.columns.iter().enumerate() {
        if layout.positions[k].is_none() {
            let (rule, severity) = if c.mandatory {
                ("column-missing-mandatory", Severity::Warning)
            } else {
                ("column-missing", Severity::Info)
            };
            ctx.push(
                header_at,
                k,
                "",
                rule,
                severity,
                format!(
                    "the column {:?} is not in the table; its values are blank",
                    c.header
                ),
            );
        }
    }
    // Headers read loosely, and headers that are no column of the list: info at their cell.
    let renamed = layout.loose.iter().filter_map(|&k| {
        let p = layout.positions[k]?;
        Some((p, "column-renamed", Some(list.columns[k].header)))
    });
    let extra = layout.extra.iter().map(|&p| (p, "column-extra", None));
    for (p, rule, template) in renamed.chain(extra).collect::<Vec<_>>() {
        let text = header.get(p).cloned().unwrap_or_default();
        let message = match template {
            Some(t) => format!(
                "the column {text:?} is read as List {}'s {t:?} (the same words)",
                list.number
            ),
            None => format!(
                "the column {text:?} is not one of List {}'s; it is kept but not checked",
                list.number
            ),
        };
        ctx.findings.push(Finding {
            list: Some(list.number),
            sheet: source.clone(),
            row: u32::try_from(header_at + 1).unwrap_or(u32::MAX),
            cell: Some(cell_ref(
                u32::try_from(header_at).unwrap_or(0),
                u32::try_from(p).unwrap_or(0),
            )),
            column: Some(text),
            value: None,
            rule: rule.into(),
            severity: Severity::Info,
            message,
        });
    }
    let key = list.columns.iter().position(|c| c.header == list.key);
    let plan: Vec<ColumnPlan> = list
        .columns
        .iter()
        .enumerate()
        .map(|(k, column)| ColumnPlan {
            k,
            column,
            kind: column.kind,
            pos: layout.positions[k],
            essential: matches!(column.kind, Kind::Id) && column.mandatory || Some(k) == key,
        })
        .collect();
    let rows = table.len().saturating_sub(header_at + 1);
    let mut records = Vec::with_capacity(rows);
    let mut value_ends = Vec::with_capacity(rows);
    let mut about_values = Vec::new();
    let mut memo = Memo::new(list.columns.len(), days);
    let mut ctx = Ctx {
        list,
        source: &source,
        header: &header,
        layout: &layout,
        findings: &mut about_values,
    };
    for (row0, r) in table.rows().enumerate().skip(header_at + 1) {
        if r.cells().all(is_blank) {
            continue;
        }
        let values: Vec<Value> = plan
            .iter()
            .map(|p| {
                let cell = p.pos.map_or(Cell::Empty, |c| r.get(c));
                read_value(&mut ctx, &mut memo, row0, p, cell)
            })
            .collect();
        records.push(Record {
            row: u32::try_from(row0 + 1).unwrap_or(u32::MAX),
            values,
            rejected: false,
        });
        value_ends.push(u32::try_from(ctx.findings.len()).unwrap_or(u32::MAX));
    }
    let mut formulas = Vec::new();
    if !table.formulas_without_value.is_empty() || !table.stray_quotes.is_empty() {
        note_findings(table, header_at, &header, &layout, &mut formulas);
    }
    Typed {
        list,
        layout,
        source,
        header_at,
        header,
        key,
        records,
        about_columns,
        about_values,
        value_ends,
        formulas,
    }
}

/// Applies a typed list's row rules, those that need the as-at date among them, and rejects
/// each row with an error; the list's findings go to `findings` in row order.
fn check_list(typed: Typed, as_at: Date, findings: &mut Vec<Finding>) -> ListRead {
    let Typed {
        list,
        layout,
        source,
        header_at,
        header,
        key,
        mut records,
        about_columns,
        about_values,
        value_ends,
        formulas,
    } = typed;
    let first = findings.len();
    findings.extend(about_columns);
    let mut ctx = Ctx {
        list,
        source: &source,
        header: &header,
        layout: &layout,
        findings,
    };
    let window_start = as_at
        .checked_sub(i64::from(list.window_months).months())
        .unwrap_or(as_at);
    let dob = list
        .columns
        .iter()
        .position(|c| c.header == "Date of Birth");
    let age = list.columns.iter().position(|c| c.kind == Kind::Age);
    let row_rules = RowRules::new(list);
    let mut seen = FirstSeen::with_capacity(records.len());
    let dup_columns: Vec<usize> = list
        .duplicate_key
        .iter()
        .filter_map(|h| list.columns.iter().position(|c| c.header == *h))
        .collect();
    let date_columns: Vec<usize> = list
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| matches!(c.kind, Kind::Date))
        .map(|(k, _)| k)
        .collect();
    let mut about_values = about_values.into_iter();
    let mut taken = 0usize;
    for i in 0..records.len() {
        let before = ctx.findings.len();
        // The row's findings about single values come first, in column order.
        let end = value_ends.get(i).map_or(taken, |&e| e as usize);
        ctx.findings
            .extend(about_values.by_ref().take(end.saturating_sub(taken)));
        taken = end;
        let row0 = (records[i].row as usize).saturating_sub(1);
        let values = &records[i].values;
        let unborn = age
            .and_then(|a| match &values[a] {
                Value::Int(-1) => Some(true),
                _ => None,
            })
            .is_some()
            || dob
                .and_then(|d| values[d].date())
                .is_some_and(|d| d > as_at);
        for &k in &date_columns {
            let Some(d) = values[k].date() else { continue };
            let c = &list.columns[k];
            if d > as_at && Some(k) != dob {
                ctx.push(
                    row0,
                    k,
                    &d.to_string(),
                    "date-after-as-at",
                    Severity::Warning,
                    format!("{d} is after the as-at date {as_at}"),
                );
            }
            if let Some(birth) = dob.and_then(|i| values[i].date())
                && Some(k) != dob
                && d < birth
                && !unborn
            {
                // Contacts, referrals, assessments, enquiries, CIN and CP plans can start
                // before birth (pre-birth work); care and adoption cannot.
                let pre_birth = matches!(list.number, 1..=7) && (birth - d).get_days() <= 280;
                if pre_birth {
                    ctx.push(row0, k, &d.to_string(), "event-before-birth-pre-birth", Severity::Warning,
                        format!("{} ({d}) is before the date of birth ({birth}): pre-birth work, or a wrong date", c.header));
                } else {
                    ctx.push(row0, k, &d.to_string(), "event-before-birth", Severity::Error,
                        format!("{} ({d}) is before the date of birth ({birth}) and the child is not recorded as unborn (age -1)", c.header));
                }
            }
        }
        if let (Some(a), Some(d)) = (age, dob)
            && let (Value::Int(given), Some(birth)) = (&values[a], values[d].date())
            && birth <= as_at
        {
            let years = annex_a::age_on(birth, as_at);
            // The list may be produced a little before or after the as-at date: allow a year.
            if (*given - years).abs() > 1 {
                ctx.push(row0, a, &given.to_string(), "age-mismatch", Severity::Warning,
                    format!("age {given} does not match the date of birth {birth}: {years} at the as-at date {as_at}"));
            }
        }
        if let Some(k) = key
            && let Some(d) = values[k].date()
            && matches!(list.number, 1..=5 | 10 | 11)
            && d < window_start
        {
            ctx.push(
                row0,
                k,
                &d.to_string(),
                "outside-window",
                Severity::Warning,
                format!(
                    "{d} is before the list's {}-month window, which starts {window_start}",
                    list.window_months
                ),
            );
        }
        row_rules.check(&mut ctx, row0, values);
        let rejected = ctx.findings[before..]
            .iter()
            .any(|f| f.severity == Severity::Error);
        if !rejected && let Some(hash) = key_hash(values, &dup_columns) {
            let this = u32::try_from(i).unwrap_or(u32::MAX);
            let same_key = |r: u32| {
                records.get(r as usize).is_some_and(|earlier: &Record| {
                    dup_columns
                        .iter()
                        .all(|&c| earlier.values.get(c) == values.get(c))
                })
            };
            if let Some(first) = seen
                .first(hash, this, same_key, || key_bytes(values, &dup_columns))
                .and_then(|r| records.get(r as usize))
            {
                let k = key.unwrap_or(0);
                ctx.push(
                    row0,
                    k,
                    &values[k].key_text(),
                    "duplicate",
                    Severity::Warning,
                    format!(
                        "the same as row {} on {}",
                        first.row,
                        list.duplicate_key.join(", ")
                    ),
                );
            }
        }
        if let Some(r) = records.get_mut(i) {
            r.rejected = rejected;
        }
    }
    if !formulas.is_empty() {
        ctx.findings.extend(formulas);
        // Keep the list's findings in row order, the formula ones among them.
        ctx.findings[first..].sort_by_key(|f| f.row);
    }
    ListRead {
        list: list.number,
        name: list.name,
        source,
        header_row: u32::try_from(header_at + 1).unwrap_or(u32::MAX),
        rows_read: records.len(),
        rows_accepted: 0,
        rows_rejected: 0,
        records,
    }
}

/// What a list's cells have already been read as, by their text: a column of codes holds a
/// few dozen spellings and a date column a few thousand days, each read once, not once per row.
struct Memo<'t, 'd> {
    /// Dates by their text (the same text is the same date in any column of any list).
    dates: &'d mut Days,
    /// Per column: a short text as the value it is when it is a code of the column's set
    /// (cloned, not built again), `None` when it is not.
    codes: Vec<FxHashMap<u128, Option<CompactString>>>,
    /// Whether a longer text (a label written out) is a code of the column's set.
    long_codes: Vec<FxHashMap<&'t str, bool>>,
}

/// Dates by their text, for every list of an extract.
#[derive(Default)]
struct Days(FxHashMap<u128, Option<Date>>);

impl Days {
    fn date(&mut self, cell: Cell<'_>) -> Option<Date> {
        match cell {
            Cell::Text(t) => self.text(trim(t)),
            _ => parse_date(cell),
        }
    }

    /// The date a trimmed text means.
    #[inline]
    fn text(&mut self, t: &str) -> Option<Date> {
        // The two spellings nearly every file uses are read faster than looked up; the others
        // (month names, times) are remembered.
        match dd_mm_yyyy_or_iso(t.as_bytes()) {
            Some(d) => Some(d),
            None => self.other(t),
        }
    }

    #[inline(never)]
    fn other(&mut self, t: &str) -> Option<Date> {
        match short_key(t) {
            Some(key) => recall(&mut self.0, key, 4 * Memo::LIMIT, || {
                other_date_spellings(t)
            }),
            None => other_date_spellings(t),
        }
    }
}

/// The value remembered for `key`, else `compute`d and remembered while the memo holds fewer
/// than `limit` entries.
#[inline]
fn recall<K: std::hash::Hash + Eq, V: Copy>(
    memo: &mut FxHashMap<K, V>,
    key: K,
    limit: usize,
    compute: impl FnOnce() -> V,
) -> V {
    if let Some(v) = memo.get(&key) {
        return *v;
    }
    let v = compute();
    if memo.len() < limit {
        memo.insert(key, v);
    }
    v
}

/// A text of up to 15 bytes as one number (its bytes and its length), so that remembering it
/// costs an integer hash and comparison, not a string's.
fn short_key(s: &str) -> Option<u128> {
    // Read as at most two overlapping little-endian words, the overlap shifted out: the same
    // number as the bytes laid end to end with the length in the top byte, without a copy.
    let b = s.as_bytes();
    let n = b.len();
    let word = |at: usize| -> u64 {
        let mut w = [0u8; 8];
        w.copy_from_slice(&b[at..at + 8]);
        u64::from_le_bytes(w)
    };
    let half = |at: usize| -> u64 {
        let mut w = [0u8; 4];
        w.copy_from_slice(&b[at..at + 4]);
        u64::from(u32::from_le_bytes(w))
    };
    let bytes: u128 = match n {
        0 => 0,
        1..=3 => {
            // The first, middle and last bytes cover all three.
            let (first, mid, last) = (u64::from(b[0]), u64::from(b[n / 2]), u64::from(b[n - 1]));
            u128::from(first | mid << (8 * (n / 2)) | last << (8 * (n - 1)))
        }
        4..=7 => u128::from(half(0) | (half(n - 4) >> (8 * (8 - n))) << 32),
        8..=15 => {
            let rest = word(n - 8).checked_shr(8 * (16 - n) as u32).unwrap_or(0);
            u128::from(word(0)) | u128::from(rest) << 64
        }
        _ => return None,
    };
    Some(bytes | (n as u128) << 120)
}

impl<'t, 'd> Memo<'t, 'd> {
    /// Past this many texts a column is not memoised further (free text, or a messy file).
    const LIMIT: usize = 8192;

    fn new(columns: usize, dates: &'d mut Days) -> Memo<'t, 'd> {
        Memo {
            dates,
            codes: (0..columns).map(|_| FxHashMap::default()).collect(),
            long_codes: (0..columns).map(|_| FxHashMap::default()).collect(),
        }
    }

    /// Whether `raw` passes `test`, remembered for column `k` when `raw` is the table's text.
    // The `Cow` says whether the text is the table's own, which alone may be remembered.
    #[allow(clippy::ptr_arg)]
    fn code(&mut self, k: usize, raw: &Cow<'t, str>, test: impl Fn(&str) -> bool) -> bool {
        match raw {
            Cow::Borrowed(t) => self.code_value(k, t, test).is_some(),
            Cow::Owned(t) => test(t),
        }
    }

    /// The table's text `t` as a value when it passes `test`, remembered for column `k`.
    #[inline]
    fn code_value(&mut self, k: usize, t: &'t str, test: impl Fn(&str) -> bool) -> Option<Value> {
        if let Some(key) = short_key(t)
            && let Some(known) = self.codes.get_mut(k)
        {
            if let Some(v) = known.get(&key) {
                return v.clone().map(Value::Text);
            }
            let v = test(t).then(|| CompactString::from(t));
            if known.len() < Self::LIMIT {
                known.insert(key, v.clone());
            }
            return v.map(Value::Text);
        }
        let good = match self.long_codes.get_mut(k) {
            Some(known) => recall(known, t, Self::LIMIT, || test(t)),
            None => test(t),
        };
        good.then(|| Value::Text(t.into()))
    }
}

/// One cell read as its column's value, with a finding for each problem.
///
/// The common case, a text cell holding a good value, is decided here; anything else (a
/// blank, an error value, a number or date cell, a value with a finding) by
/// [`read_value_fully`], which decides every case.
#[inline]
fn read_value<'t>(
    ctx: &mut Ctx<'_>,
    memo: &mut Memo<'t, '_>,
    row0: usize,
    plan: &ColumnPlan,
    cell: Cell<'t>,
) -> Value {
    if let Cell::Text(s) = cell {
        let t = trim(s);
        // Not blank, and not an error value's text: those all start with `#`, but `N/A`.
        let plain = t
            .as_bytes()
            .first()
            .is_some_and(|&b| b != b'#' && !(matches!(b, b'N' | b'n') && t.len() == 3));
        if plain && t.len() <= MAX_VALUE_CHARS {
            let k = plan.k;
            match plan.kind {
                Kind::Date => {
                    if let Some(d) = memo.dates.text(t) {
                        return Value::Date(d);
                    }
                }
                Kind::Age => {
                    if let Some(a) = digits(t).filter(|a| *a <= 120) {
                        return Value::Int(a);
                    }
                }
                Kind::Count => {
                    if let Some(n) = digits(t) {
                        return Value::Int(n);
                    }
                }
                kind @ (Kind::Gender | Kind::YesNo | Kind::Code(_)) => {
                    if let Some(v) = memo.code_value(k, t, |t| accepted(kind, t)) {
                        return v;
                    }
                }
                Kind::Postcode => {
                    if accepted(Kind::Postcode, t) {
                        return Value::Text(t.into());
                    }
                }
                Kind::Id | Kind::Text => return Value::Text(t.into()),
            }
        }
    }
    read_value_fully(ctx, memo, row0, plan, cell)
}

/// The longest value a cell holds, as in Excel: a longer one is a finding, read as blank.
pub const MAX_VALUE_CHARS: usize = 32_767;

/// Whether `t` is a value a coded column takes: a gender or yes/no code, a code of the
/// column's set, or a postcode (or `con`, confidential); any text for other kinds.
fn accepted(kind: Kind, t: &str) -> bool {
    match kind {
        Kind::Gender => annex_a::gender(t).is_some(),
        Kind::YesNo => annex_a::yes_no(t).is_some(),
        Kind::Code(set) => set.accepts(t),
        Kind::Postcode => annex_a::is_postcode(t) || t.eq_ignore_ascii_case("con"),
        _ => true,
    }
}

/// Up to nine decimal digits and nothing else, as a number.
fn digits(t: &str) -> Option<i64> {
    if t.is_empty() || t.len() > 9 {
        return None;
    }
    t.bytes().try_fold(0i64, |n, b| {
        let d = b.wrapping_sub(b'0');
        (d <= 9).then_some(n * 10 + i64::from(d))
    })
}

#[cold]
fn read_value_fully<'t>(
    ctx: &mut Ctx<'_>,
    memo: &mut Memo<'t, '_>,
    row0: usize,
    plan: &ColumnPlan,
    cell: Cell<'t>,
) -> Value {
    let ColumnPlan {
        k,
        column: c,
        essential,
        ..
    } = *plan;
    // A missing or unreadable identifier or key date rejects the row; anything else warns.
    let severity = if essential {
        Severity::Error
    } else {
        Severity::Warning
    };
    if is_na(cell) {
        let raw = text_cow(cell);
        ctx.push(
            row0,
            k,
            &raw,
            "value-not-available",
            severity,
            format!("{raw:?} is an error value from a formula or lookup, not a value"),
        );
        return Value::Empty;
    }
    if let Cell::Text(s) = cell
        && s.len() > MAX_VALUE_CHARS
        && s.chars().count() > MAX_VALUE_CHARS
    {
        let start: String = s.chars().take(40).collect();
        ctx.push(
            row0,
            k,
            &format!("{start}…"),
            "value-too-long",
            severity,
            format!(
                "the value is {} characters long, past the {MAX_VALUE_CHARS} a cell of Excel \
                 holds; it is read as blank and the row is kept",
                s.chars().count()
            ),
        );
        return Value::Empty;
    }
    if is_blank(cell) {
        if c.mandatory {
            ctx.push(
                row0,
                k,
                "",
                "mandatory-missing",
                severity,
                format!("{} is blank; it must be filled", c.header),
            );
        }
        return Value::Empty;
    }
    match c.kind {
        Kind::Date => match memo.dates.date(cell) {
            Some(d) => Value::Date(d),
            None => {
                let raw = text_cow(cell);
                ctx.push(
                    row0,
                    k,
                    &raw,
                    "date-invalid",
                    severity,
                    format!("{raw:?} is not a valid date (expected DD/MM/YYYY)"),
                );
                Value::Empty
            }
        },
        Kind::Age => {
            match parse_int(cell) {
                Some(a) if (-1..=120).contains(&a) => Value::Int(a),
                _ => {
                    let raw = text_cow(cell);
                    ctx.push(row0, k, &raw, "age-invalid", Severity::Warning,
                    format!("{raw:?} is not an age in years (expected a whole number, -1 for unborn)"));
                    Value::Text(raw.as_ref().into())
                }
            }
        }
        Kind::Count => match parse_int(cell) {
            Some(n) if n >= 0 => Value::Int(n),
            _ => {
                let raw = text_cow(cell);
                ctx.push(
                    row0,
                    k,
                    &raw,
                    "count-invalid",
                    Severity::Error,
                    format!("{raw:?} is not a count (expected a whole number, 0 or more)"),
                );
                Value::Text(raw.as_ref().into())
            }
        },
        Kind::Gender => {
            let raw = text_cow(cell);
            if !memo.code(k, &raw, |t| accepted(Kind::Gender, t)) {
                ctx.push(row0, k, &raw, "code-unknown", Severity::Warning,
                    format!("{raw:?} is not a gender code (expected a) Male, b) Female, c) Not stated/recorded or d) Neither); kept as given"));
            }
            Value::Text(raw.as_ref().into())
        }
        Kind::YesNo => {
            let raw = text_cow(cell);
            if !memo.code(k, &raw, |t| accepted(Kind::YesNo, t)) {
                ctx.push(row0, k, &raw, "code-unknown", Severity::Warning,
                    format!("{raw:?} is not a yes/no code (expected a) Yes, b) No or c) Unknown); kept as given"));
            }
            Value::Text(raw.as_ref().into())
        }
        Kind::Postcode => {
            let raw = text_cow(cell);
            if !accepted(Kind::Postcode, &raw) {
                ctx.push(
                    row0,
                    k,
                    &raw,
                    "postcode-invalid",
                    Severity::Warning,
                    format!("{raw:?} is not a UK postcode; kept as given"),
                );
            }
            Value::Text(raw.as_ref().into())
        }
        Kind::Code(set) => {
            let raw = text_cow(cell);
            if !memo.code(k, &raw, |t| accepted(Kind::Code(set), t)) {
                ctx.push(
                    row0,
                    k,
                    &raw,
                    "code-unknown",
                    Severity::Warning,
                    format!(
                        "{raw:?} is not a code of {} (see Ofsted's Codes_used); kept as given",
                        c.header
                    ),
                );
            }
            Value::Text(raw.as_ref().into())
        }
        Kind::Id | Kind::Text => Value::Text(text_cow(cell).as_ref().into()),
    }
}

/// A row's duplicate-key values as byte pieces, each tagged by its kind so that a date and a
/// text never meet, handed to `piece` in order; whether any of them holds anything (rows with
/// none are no one's duplicates).
fn key_pieces(values: &[Value], columns: &[usize], mut piece: impl FnMut(&[u8])) -> bool {
    let mut any = false;
    for v in columns.iter().filter_map(|&i| values.get(i)) {
        match v {
            Value::Empty => piece(&[0]),
            Value::Date(d) => {
                any = true;
                let [y0, y1] = d.year().to_le_bytes();
                piece(&[1, y0, y1, d.month() as u8, d.day() as u8]);
            }
            Value::Int(n) => {
                any = true;
                piece(&[2]);
                piece(&n.to_le_bytes());
            }
            Value::Text(t) => {
                any |= !t.is_empty();
                piece(&[3]);
                piece(t.as_bytes());
                piece(&[0x1f]);
            }
        }
    }
    any
}

/// A 64-bit hash of a row's duplicate key; `None` when the key holds nothing.
fn key_hash(values: &[Value], columns: &[usize]) -> Option<u64> {
    use std::hash::{BuildHasher, Hasher};
    let mut h = rustc_hash::FxBuildHasher.build_hasher();
    key_pieces(values, columns, |b| h.write(b)).then(|| h.finish())
}

/// A row's duplicate key as bytes end to end: made only for rows whose hash an earlier row
/// with other values has.
fn key_bytes(values: &[Value], columns: &[usize]) -> Vec<u8> {
    let mut key = Vec::new();
    key_pieces(values, columns, |b| key.extend_from_slice(b));
    key
}

/// The first record holding each duplicate key: records found by the 64-bit hash of their key
/// values and told apart by the values themselves, so a duplicate is only ever a real one and
/// no key is copied (16 bytes a record).
struct FirstSeen {
    /// Hash → the first record with it.
    by_hash: FxHashMap<u64, u32>,
    /// Records whose hash an earlier record with other values already has, by their key's
    /// bytes.
    collided: FxHashMap<Box<[u8]>, u32>,
}

impl FirstSeen {
    fn with_capacity(rows: usize) -> FirstSeen {
        FirstSeen {
            by_hash: FxHashMap::with_capacity_and_hasher(rows, Default::default()),
            collided: FxHashMap::default(),
        }
    }

    /// The record that first had the key of record `this`, whose key hashes to `hash`, or
    /// `None` (and `this` remembered) when it is the first. `same_key` tells whether an
    /// earlier record has the same key values; `bytes` gives the key as bytes, asked for only
    /// when two different keys share a hash.
    fn first(
        &mut self,
        hash: u64,
        this: u32,
        same_key: impl Fn(u32) -> bool,
        bytes: impl FnOnce() -> Vec<u8>,
    ) -> Option<u32> {
        match self.by_hash.entry(hash) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(this);
                None
            }
            std::collections::hash_map::Entry::Occupied(o) if same_key(*o.get()) => Some(*o.get()),
            std::collections::hash_map::Entry::Occupied(_) => {
                match self.collided.entry(bytes().into_boxed_slice()) {
                    std::collections::hash_map::Entry::Occupied(o) => Some(*o.get()),
                    std::collections::hash_map::Entry::Vacant(v) => {
                        v.insert(this);
                        None
                    }
                }
            }
        }
    }
}

/// The row rules of one list, with their columns found once.
struct RowRules {
    /// Dates that must come in order: (earlier, later, what is wrong).
    order: Vec<(usize, usize, &'static str)>,
    /// List 4: an authorised assessment must say whether the child was seen.
    authorised_seen: Option<(usize, usize)>,
    /// List 8: missing episodes need the return-interview answer.
    missing_offered: Option<(usize, usize)>,
}

impl RowRules {
    fn new(list: &'static List) -> RowRules {
        let pos = |h: &str| list.columns.iter().position(|c| c.header == h);
        let pairs: &[(&str, &str, &'static str)] = match list.number {
            2 => &[(
                "Assessment start date",
                "Assessment completion date",
                "completion before start",
            )],
            4 => &[(
                "Continuous Assessment Start Date",
                "Continuous Assessment Date of Authorisation",
                "authorisation before start",
            )],
            5 => &[(
                "Strategy discussion initiating Section 47 Enquiry Start Date",
                "Date of Initial Child Protection Conference",
                "ICPC before the strategy discussion",
            )],
            6 => &[("CIN Start Date", "CIN Closure Date", "closure before start")],
            7 => &[(
                "Child Protection Plan Start Date",
                "Child Protection Plan End Date",
                "plan end before start",
            )],
            8 => &[(
                "Date Started to be Looked After",
                "Date Ceased to be Looked After",
                "ceased before started",
            )],
            10 => &[(
                "Date of Decision that Child Should be Placed for Adoption",
                "Date of Adoption Order",
                "adoption order before the decision",
            )],
            11 => &[(
                "Date enquiry received",
                "Date application approved",
                "approval before enquiry",
            )],
            _ => &[],
        };
        let both = |a: &str, b: &str| pos(a).zip(pos(b));
        RowRules {
            order: pairs
                .iter()
                .filter_map(|(first, second, what)| both(first, second).map(|(a, b)| (a, b, *what)))
                .collect(),
            authorised_seen: (list.number == 4)
                .then(|| {
                    both(
                        "Continuous Assessment Date of Authorisation",
                        "Child Seen During Continuous Assessment",
                    )
                })
                .flatten(),
            missing_offered: (list.number == 8)
                .then(|| both(annex_a::MISSING_EPISODES, annex_a::RETURN_INTERVIEW_OFFERED))
                .flatten(),
        }
    }

    /// Checks one row's values.
    fn check(&self, ctx: &mut Ctx<'_>, row0: usize, values: &[Value]) {
        for &(a, b, what) in &self.order {
            if let (Some(da), Some(db)) = (values[a].date(), values[b].date())
                && db < da
            {
                let (first, second) = (ctx.list.columns[a].header, ctx.list.columns[b].header);
                ctx.push(
                    row0,
                    b,
                    &db.to_string(),
                    "order-invalid",
                    Severity::Error,
                    format!("{what}: {second} {db} is before {first} {da}"),
                );
            }
        }
        if let Some((auth, seen)) = self.authorised_seen
            && values[auth].date().is_some()
            && values[seen].is_empty()
        {
            ctx.push(
                row0,
                seen,
                "",
                "assessment-child-seen-blank",
                Severity::Warning,
                "the assessment is authorised but whether the child was seen is blank".into(),
            );
        }
        if let Some((missing, offered)) = self.missing_offered
            && matches!(values[missing], Value::Int(n) if n > 0)
            && values[offered].is_empty()
        {
            ctx.push(row0, offered, "", "return-interview-blank", Severity::Warning,
                "the child has missing episodes but whether a return interview was offered is blank".into());
        }
    }
}

/// Checks across lists: a child on an open child protection plan (List 7) should be in List 6
/// with case status b) Child Protection plan (or a) Looked after child).
fn cross_list(lists: &[ListRead], findings: &mut Vec<Finding>) {
    let Some(l7) = lists.iter().find(|l| l.list == 7) else {
        return;
    };
    let Some(l6) = lists.iter().find(|l| l.list == 6) else {
        return;
    };
    let cin: FxHashMap<&str, &str> = l6
        .records
        .iter()
        .filter(|r| !r.rejected)
        .filter_map(|r| match (&r.values[0], &r.values[11]) {
            (Value::Text(id), Value::Text(status)) => Some((id.as_str(), status.as_str())),
            (Value::Text(id), _) => Some((id.as_str(), "")),
            _ => None,
        })
        .collect();
    let mut reported: rustc_hash::FxHashSet<&str> = Default::default();
    for r in l7.records.iter().filter(|r| !r.rejected) {
        let (Value::Text(id), open) = (&r.values[0], r.values[12].is_empty()) else {
            continue;
        };
        if !open || !reported.insert(id.as_str()) {
            continue;
        }
        let (rule, message) = match cin.get(id.as_str()) {
            None => (
                "cp-child-missing-from-cin",
                format!("child {id} has an open child protection plan but is not in List 6"),
            ),
            Some(status) => {
                let s = annex_a::strip_prefix(status).to_lowercase();
                if s.starts_with("child protection") || s.starts_with("looked after") {
                    continue;
                }
                (
                    "cp-child-case-status",
                    format!(
                        "child {id} has an open child protection plan but List 6 gives case status {status:?}"
                    ),
                )
            }
        };
        findings.push(Finding {
            list: Some(7),
            sheet: l7.source.clone(),
            row: r.row,
            cell: None,
            column: Some("Child Unique ID".into()),
            value: Some(id.to_string()),
            rule: rule.into(),
            severity: Severity::Warning,
            message,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::Data;
    use jiff::civil::date;
    use proptest::prelude::*;

    fn s(v: &str) -> Data {
        Data::String(v.into())
    }

    fn contacts(rows: &[[&str; 7]]) -> Table {
        Table::new("List_1", &contact_rows(rows)).expect("fits")
    }

    fn contact_rows(rows: &[[&str; 7]]) -> Vec<Vec<Data>> {
        let mut t = vec![
            vec![s("List 1: Contacts")],
            [
                "Child Unique ID",
                "Gender",
                "Ethnicity",
                "Date of Birth",
                "Age",
                "Date of Contact",
                "Contact Source",
            ]
            .iter()
            .map(|h| s(h))
            .collect(),
        ];
        for r in rows {
            t.push(r.iter().map(|v| s(v)).collect());
        }
        t
    }

    #[test]
    fn dates_as_councils_write_them() {
        let day = |y, m, d| Some(date(y, m, d));
        for (text, want) in [
            ("15/01/2024", day(2024, 1, 15)),
            ("2024-01-15", day(2024, 1, 15)),
            ("2024-01-15T00:00:00", day(2024, 1, 15)),
            ("15/01/2024 13:45", day(2024, 1, 15)),
            ("29/02/2024", day(2024, 2, 29)),
            ("29/02/2023", None),
            ("31/02/2024", None),
            ("nope", None),
            // The month by name, as a custom Excel format writes it into a CSV.
            ("15 Jan 2024", day(2024, 1, 15)),
            ("15-JAN-2024", day(2024, 1, 15)),
            ("1 September 2023", day(2023, 9, 1)),
            ("29 Feb 2024 10:30", day(2024, 2, 29)),
            ("29 Feb 2023", None),
            // Two letters name no month.
            ("15 Ja 2024", None),
            // A two-digit year is not guessed.
            ("15 Jan 24", None),
            ("01/02/15", None),
        ] {
            assert_eq!(parse_date(Cell::Text(text)), want, "{text}");
        }
        assert_eq!(parse_date(Cell::Number(45306.0)), day(2024, 1, 15));
    }

    #[test]
    fn a_title_row_above_the_header_and_every_row_accounted_for() {
        let t = contacts(&[
            [
                "001",
                "a) Male",
                "a) WBRI",
                "01/02/2015",
                "8",
                "10/01/2024",
                "q) 6: Police",
            ],
            ["", "", "", "", "", "", ""],
            [
                "002",
                "Robot",
                "a) WBRI",
                "01/02/2015",
                "8",
                "31/02/2024",
                "q) 6: Police",
            ],
            [
                "001",
                "a) Male",
                "a) WBRI",
                "01/02/2015",
                "8",
                "10/01/2024",
                "q) 6: Police",
            ],
        ]);
        let x = check_tables(&[t], Some(date(2024, 1, 15)));
        let l = &x.lists[0];
        assert_eq!(
            (
                l.list,
                l.header_row,
                l.rows_read,
                l.rows_accepted,
                l.rows_rejected
            ),
            (1, 2, 3, 2, 1)
        );
        assert_eq!(
            l.records[0].values[0],
            Value::Text("001".into()),
            "leading zeros kept"
        );
        let rules: Vec<(&str, u32, Option<&str>)> = x
            .findings
            .iter()
            .map(|f| (f.rule.as_str(), f.row, f.cell.as_deref()))
            .collect();
        assert!(
            rules.contains(&("code-unknown", 5, Some("B5"))),
            "{rules:?}"
        );
        assert!(
            rules.contains(&("date-invalid", 5, Some("F5"))),
            "{rules:?}"
        );
        assert!(rules.contains(&("duplicate", 6, Some("F6"))), "{rules:?}");
    }

    /// The fast XLSX reader and calamine read the same cells from real workbooks (Ofsted's
    /// template, the messy sample) and from a synthetic one with every messy variant.
    #[test]
    fn the_fast_xlsx_reader_agrees_with_calamine() {
        let dir = tempfile::tempdir().expect("temp dir");
        let synthetic = dir.path().join("messy.xlsx");
        let tables = sightline_synth::annex_a::generate(sightline_synth::annex_a::Settings {
            children: 300,
            seed: 7,
            as_at: date(2024, 1, 15),
            messy: sightline_synth::annex_a::Messy::Lots,
        });
        sightline_synth::annex_a::write_xlsx(&tables, &synthetic).expect("writes");
        let published = sightline_synth::published::data("annex-a");
        let mut paths: Vec<std::path::PathBuf> = published
            .iter()
            .flat_map(|d| {
                [
                    d.join("ofsted-annex-a-template-2019.xlsx"),
                    d.join("sample-messy.xlsx"),
                ]
            })
            .collect();
        paths.push(synthetic);
        for path in paths {
            let file = std::fs::File::open(&path).expect("opens");
            let fast = xlsx::read(std::io::BufReader::new(file)).expect("the fast reader reads it");
            let slow = read_with_calamine(&path).expect("calamine reads it");
            assert_eq!(fast.len(), slow.len(), "{path:?}");
            for (f, s) in fast.iter().zip(&slow) {
                assert_eq!(f.source, s.source);
                assert_eq!(
                    f.formulas_without_value, s.formulas_without_value,
                    "{}",
                    f.source
                );
                let cells = |t: &Table| -> Vec<Vec<String>> {
                    let mut rows: Vec<Vec<String>> = t
                        .rows()
                        .map(|r| {
                            let mut cells: Vec<String> =
                                r.cells().map(|c| format!("{c:?}")).collect();
                            while cells.last().is_some_and(|c| c == "Empty") {
                                cells.pop();
                            }
                            cells
                        })
                        .collect();
                    while rows.last().is_some_and(Vec::is_empty) {
                        rows.pop();
                    }
                    rows
                };
                assert_eq!(cells(f), cells(s), "{path:?} sheet {}", f.source);
            }
        }
    }

    #[test]
    fn duplicates_are_told_by_their_values_even_when_hashes_collide() {
        let keys = ["001|2024-01-10", "002|2024-01-10", "001|2024-01-10"];
        let mut seen = FirstSeen::with_capacity(4);
        let hash = |k: &str| {
            use std::hash::BuildHasher;
            rustc_hash::FxBuildHasher.hash_one(k)
        };
        for (this, expected) in [(0, None), (1, None), (2, Some(0))] {
            let same = |r: u32| keys[r as usize] == keys[this as usize];
            let bytes = || keys[this as usize].as_bytes().to_vec();
            assert_eq!(
                seen.first(hash(keys[this as usize]), this, same, bytes),
                expected
            );
        }
        // Two different keys forced onto one hash: neither is the other's duplicate.
        let keys = ["a", "b", "b", "a", "b"];
        let mut seen = FirstSeen::with_capacity(4);
        for (this, expected) in [
            (0, None),
            (1, None),
            (2, Some(1)),
            (3, Some(0)),
            (4, Some(1)),
        ] {
            let same = |r: u32| keys[r as usize] == keys[this as usize];
            let bytes = || keys[this as usize].as_bytes().to_vec();
            assert_eq!(seen.first(7, this, same, bytes), expected, "record {this}");
        }
    }

    #[test]
    fn unborn_children_may_have_events_before_birth() {
        let t = contacts(&[
            [
                "1",
                "c) Not stated/recorded",
                "a) WBRI",
                "01/03/2024",
                "-1",
                "10/01/2024",
                "g) 3A: Health services",
            ],
            [
                "2",
                "a) Male",
                "a) WBRI",
                "01/03/2020",
                "3",
                "10/01/2019",
                "q) 6: Police",
            ],
        ]);
        let x = check_tables(&[t], Some(date(2024, 1, 15)));
        let before: Vec<u32> = x
            .findings
            .iter()
            .filter(|f| f.rule == "event-before-birth")
            .map(|f| f.row)
            .collect();
        assert_eq!(before, [4]);
    }

    #[test]
    fn an_ods_sheet_spread_over_billions_of_cells_is_refused_not_allocated() {
        // One value at the top, five million repeated blank rows, one value 16,000 columns
        // to the right: a dense range of 16.8 billion cells if it were built.
        use std::io::Write;
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("crafted.ods");
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).expect("create"));
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        let parts = [
            ("mimetype", "application/vnd.oasis.opendocument.spreadsheet".to_string()),
            (
                "META-INF/manifest.xml",
                r#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#.to_string(),
            ),
            (
                "content.xml",
                r#"<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="S"><table:table-row><table:table-cell office:value-type="string"><text:p>a</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="5000000"><table:table-cell/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="16000"/><table:table-cell office:value-type="string"><text:p>b</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#.to_string(),
            ),
        ];
        for (name, text) in parts {
            zip.start_file(name, stored).expect("part");
            zip.write_all(text.as_bytes()).expect("write");
        }
        zip.finish().expect("zip");
        let e = check(&path, None).expect_err("refused");
        let message = e.to_string();
        assert!(message.contains("crafted.ods"), "{message}");
        assert!(message.contains("spreads over"), "{message}");
    }

    /// Pieces real cells are made of: codes with and without their letter, dates in the
    /// spellings councils use and one that is no day, numbers (ages at the edges), error
    /// values, spaces, postcodes, free text.
    const CELL_PIECES: [&str; 32] = [
        " ",
        "a) ",
        "Male",
        "Yes",
        "N",
        "N/A",
        "n/a",
        "#N/A",
        "#REF!",
        "0",
        "7",
        "12",
        "-1",
        "10.0",
        "120",
        "121",
        "WBRI",
        "White British",
        "S1",
        "PN1",
        "15/01/2024",
        "2024-01-15",
        "31/02/2024",
        "15 Jan 2024",
        "LS1 4AP",
        "con",
        "x",
        "\u{e9}",
        "a) Male",
        "b) No",
        "\u{a0}",
        "0012",
    ];

    /// Where the short path and the full reading of `text` disagree, for any column of any
    /// list: the column, and both readings (values read twice, so that the second meets the
    /// memos the first filled, and findings).
    fn short_and_full_disagree(text: &str) -> Option<String> {
        for spec in &annex_a::LISTS {
            let layout = Layout {
                list: spec.number,
                positions: (0..spec.columns.len()).map(Some).collect(),
                loose: Vec::new(),
                extra: Vec::new(),
            };
            let header: Vec<String> = spec.columns.iter().map(|c| c.header.to_string()).collect();
            let key = spec.columns.iter().position(|c| c.header == spec.key);
            for (k, c) in spec.columns.iter().enumerate() {
                let plan = ColumnPlan {
                    k,
                    column: c,
                    kind: c.kind,
                    pos: Some(k),
                    essential: matches!(c.kind, Kind::Id) && c.mandatory || Some(k) == key,
                };
                let read = |short: bool| {
                    let (mut findings, mut days) = (Vec::new(), Days::default());
                    let mut ctx = Ctx {
                        list: spec,
                        source: "s",
                        header: &header,
                        layout: &layout,
                        findings: &mut findings,
                    };
                    let mut memo = Memo::new(spec.columns.len(), &mut days);
                    let cell = Cell::Text(text);
                    let values = [0, 1].map(|_| match short {
                        true => read_value(&mut ctx, &mut memo, 4, &plan, cell),
                        false => read_value_fully(&mut ctx, &mut memo, 4, &plan, cell),
                    });
                    let findings: Vec<String> = findings.iter().map(|f| format!("{f:?}")).collect();
                    (values, findings)
                };
                let (short, full) = (read(true), read(false));
                if short != full {
                    return Some(format!("{:?}: {short:?} against {full:?}", c.header));
                }
            }
        }
        None
    }

    #[test]
    fn the_short_path_reads_every_piece_as_the_full_reading_does() {
        for text in CELL_PIECES {
            assert_eq!(short_and_full_disagree(text), None, "{text:?}");
        }
    }

    proptest! {
        #[test]
        fn any_table_is_read_without_panicking(
            cells in proptest::collection::vec(proptest::collection::vec("[0-9a-zA-Z/ )#-]{0,12}", 0..9), 0..20)
        ) {
            let mut rows = contact_rows(&[]);
            rows.extend(cells.into_iter().map(|r| r.into_iter().map(Data::String).collect()));
            let x = check_tables(&[Table::new("t", &rows).expect("fits")], Some(date(2024, 1, 15)));
            for l in &x.lists {
                prop_assert_eq!(l.rows_read, l.rows_accepted + l.rows_rejected);
            }
        }

        #[test]
        fn date_text_never_panics(v in "[0-9A-Za-z/ .T:,-]{0,25}") {
            let _ = parse_date_text(&v);
        }

        /// The byte-level fast path reads every real day as the calendar has it, in both
        /// spellings, and nothing that is not one (31/04, 29/02 outside leap years).
        #[test]
        fn the_fast_date_path_agrees_with_the_calendar(
            y in 1900i16..2100, m in 1i8..=12, d in 1i8..=31
        ) {
            let real = Date::new(y, m, d).ok();
            let uk = format!("{d:02}/{m:02}/{y:04}");
            let iso = format!("{y:04}-{m:02}-{d:02}");
            proptest::prop_assert_eq!(dd_mm_yyyy_or_iso(uk.as_bytes()), real);
            proptest::prop_assert_eq!(dd_mm_yyyy_or_iso(iso.as_bytes()), real);
            proptest::prop_assert_eq!(parse_date_text(&uk), real);
        }

        /// The short path for common cells decides as the full reading does, on texts made
        /// of several of the pieces real cells are made of.
        #[test]
        fn the_short_path_reads_combined_pieces_as_the_full_reading_does(
            pieces in proptest::collection::vec(0..CELL_PIECES.len(), 0..4),
            spaced in proptest::bool::ANY,
        ) {
            let joined: Vec<&str> = pieces.iter().map(|&i| CELL_PIECES[i]).collect();
            let text = joined.join(if spaced { " " } else { "" });
            prop_assert_eq!(short_and_full_disagree(&text), None);
        }

        /// A short text's key is its bytes end to end with its length in the top byte, read
        /// however the words overlap; longer texts have none.
        #[test]
        fn a_short_key_is_the_bytes_and_the_length(t in "[a-c\u{e9}) ]{0,17}") {
            let b = t.as_bytes();
            let expected = (b.len() <= 15).then(|| {
                let mut buf = [0u8; 16];
                buf[..b.len()].copy_from_slice(b);
                buf[15] = b.len() as u8;
                u128::from_le_bytes(buf)
            });
            proptest::prop_assert_eq!(short_key(&t), expected);
        }
    }
}
