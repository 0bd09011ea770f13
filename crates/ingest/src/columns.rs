//! Reading a table of figures from an export by its header words: a CSV file or any sheet of a
//! workbook, the header found over one or two rows (a merged group label above the column names
//! is carried over the cells it spans). Shared by the finance export and the workforce return.

use std::path::Path;

use calamine::Data;

use sightline_core::finding::{Finding, Severity, cell_ref};

use crate::cell::text as cell_text;
use crate::{Error, Result};

/// The largest CSV read (a month's export is kilobytes).
const MAX_CSV_BYTES: u64 = 64 * 1024 * 1024;

/// A sheet's cells, each row at its own (0-based) number.
pub type Grid = Vec<Vec<Data>>;

/// Every sheet of a CSV file (one, named by the file) or a workbook, as grids.
///
/// # Errors
/// [`Error::Io`] or [`Error::Workbook`] when the file cannot be read, is too large, or a CSV
/// record is malformed.
pub fn sheets_of(path: &Path) -> Result<Vec<(String, Grid)>> {
    let csv = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if csv {
        let size = std::fs::metadata(path)
            .map_err(|e| Error::Io {
                path: path.to_path_buf(),
                source: e,
            })?
            .len();
        if size > MAX_CSV_BYTES {
            return Err(Error::Workbook {
                path: path.to_path_buf(),
                reason: format!(
                    "is {size} bytes; a finance export is at most {MAX_CSV_BYTES} bytes"
                ),
            });
        }
        let bytes = std::fs::read(path).map_err(|e| Error::Io {
            path: path.to_path_buf(),
            source: e,
        })?;
        let text = match std::str::from_utf8(&bytes) {
            Ok(t) => t.trim_start_matches('\u{feff}').to_string(),
            Err(_) => encoding_rs::WINDOWS_1252.decode(&bytes).0.into_owned(),
        };
        let mut grid = Vec::new();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        for (i, record) in reader.records().enumerate() {
            let record = record.map_err(|e| Error::Workbook {
                path: path.to_path_buf(),
                reason: format!("row {} is not CSV: {e}", i + 1),
            })?;
            grid.push(record.iter().map(|s| Data::String(s.to_string())).collect());
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        return Ok(vec![(name, grid)]);
    }
    // Rows placed at their own numbers, so findings name the row Excel shows.
    Ok(crate::cell::sheets(path)?
        .into_iter()
        .map(|(name, rows)| {
            let mut grid: Grid = Vec::new();
            for (n, cells) in rows {
                let n = usize::try_from(n).unwrap_or(usize::MAX);
                if grid.len() < n {
                    grid.resize(n, Vec::new());
                }
                grid.push(cells);
            }
            (name, grid)
        })
        .collect())
}

/// A header row: where it is, and each role's column with its words.
pub struct Header<R> {
    /// The row (0-based).
    pub row: usize,
    /// (role, column, header words).
    pub columns: Vec<(R, usize, String)>,
}

impl<R: Copy + PartialEq> Header<R> {
    /// A role's column and its words.
    pub fn col(&self, r: R) -> Option<(usize, &str)> {
        self.columns
            .iter()
            .find(|(k, _, _)| *k == r)
            .map(|(_, c, h)| (*c, h.as_str()))
    }
}

/// The first row (of the first 30) whose words, alone or with the row above (a merged group
/// label carried over the cells it spans), name every `required` role.
pub fn header<R: Copy + PartialEq>(
    grid: &Grid,
    role: impl Fn(&str) -> Option<R>,
    required: &[R],
) -> Option<Header<R>> {
    for r in 0..grid.len().min(30) {
        let row = &grid[r];
        let above: Vec<String> = match r.checked_sub(1) {
            Some(a) => {
                let mut carried = String::new();
                (0..row.len())
                    .map(|c| {
                        let t = grid[a].get(c).map(cell_text).unwrap_or_default();
                        if !t.is_empty() {
                            carried = t.clone();
                        }
                        carried.clone()
                    })
                    .collect()
            }
            None => vec![String::new(); row.len()],
        };
        let mut columns: Vec<(R, usize, String)> = Vec::new();
        for (c, cell) in row.iter().enumerate() {
            let own = cell_text(cell);
            let combined = format!("{} {own}", above.get(c).map_or("", String::as_str))
                .trim()
                .to_string();
            let found = role(&own).map(|k| (k, own.clone())).or_else(|| {
                // The upper row's words alone count only where this row's cell is empty
                // (a label merged down two rows) or names nothing.
                role(&combined).map(|k| (k, combined.clone()))
            });
            if let Some((k, words)) = found
                && !columns.iter().any(|(x, _, _)| *x == k)
            {
                columns.push((k, c, words));
            }
        }
        if required
            .iter()
            .all(|k| columns.iter().any(|(x, _, _)| x == k))
        {
            return Some(Header { row: r, columns });
        }
    }
    None
}

/// A finding about row `row` (0-based) of `sheet`, at a column (its index and header words)
/// when there is one: the cell it names as the user sees it in Excel.
pub fn finding_at(
    sheet: &str,
    row: usize,
    col: Option<(usize, &str)>,
    value: Option<String>,
    rule: &str,
    severity: Severity,
    message: String,
) -> Finding {
    Finding {
        list: None,
        sheet: sheet.to_string(),
        row: u32::try_from(row + 1).unwrap_or(u32::MAX),
        cell: col.map(|(c, _)| {
            cell_ref(
                u32::try_from(row).unwrap_or(u32::MAX),
                u32::try_from(c).unwrap_or(u32::MAX),
            )
        }),
        column: col.map(|(_, h)| h.to_string()),
        value,
        rule: rule.into(),
        severity,
        message,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    /// Cells a finance export or HR return could hold, good and bad.
    fn cell() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("Cost centre".to_string()),
            Just("Team".to_string()),
            Just("Budget".to_string()),
            Just("Actual to date".to_string()),
            Just("Forecast outturn".to_string()),
            Just("Commitments".to_string()),
            Just("Permanent FTE in post".to_string()),
            Just("Agency FTE".to_string()),
            Just("Supervisions due".to_string()),
            Just("Supervisions held in timescale".to_string()),
            Just("Period".to_string()),
            Just("Total".to_string()),
            Just("2026-10".to_string()),
            Just("Oct 2026".to_string()),
            Just("(1,234)".to_string()),
            Just("£1,000.50".to_string()),
            Just("-".to_string()),
            Just(String::new()),
            "[0-9]{1,7}(\\.[0-9]{1,3})?",
            "[a-zA-Z£(),.\\- ]{0,12}",
            "\\PC{0,6}",
        ]
    }

    fn csv_of(rows: &[Vec<String>]) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        for r in rows {
            let _ = w.write_record(r);
        }
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Whatever the rows, the finance and workforce readers answer (a read or an error),
        /// never panic, and account for every row they did not read.
        #[test]
        fn the_export_readers_never_panic_and_count_what_they_refuse(
            rows in proptest::collection::vec(proptest::collection::vec(cell(), 0..8), 0..14)
        ) {
            let dir = tempfile::tempdir().expect("dir");
            let path = dir.path().join("export.csv");
            std::fs::write(&path, csv_of(&rows)).expect("write");
            let month = jiff::civil::date(2026, 10, 1);
            if let Ok(read) = crate::finance::read(&path, month) {
                prop_assert_eq!(read.rows_read, read.actuals.len() + read.rows_rejected);
                prop_assert_eq!(read.actuals.len(), read.actual_rows.len());
                prop_assert!(read.findings.iter().all(|f| f.row >= 1));
                prop_assert!(read.actuals.iter().all(|a| a.month == jiff::civil::date(2026, 10, 31)));
            }
            if let Ok(read) = crate::workforce::read(&path, month) {
                prop_assert_eq!(read.rows_read, read.returns.len() + read.rows_rejected);
                prop_assert!(read.returns.iter().all(|r| r.supervisions_in_time <= r.supervisions_due));
                prop_assert!(read.findings.iter().all(|f| f.row >= 1));
            }
        }
    }
}
