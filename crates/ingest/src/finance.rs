//! The finance export: a month's budget, actual to date, commitments and forecast outturn per
//! cost centre or investment line, from an XLSX, XLS, ODS or CSV file as finance systems write
//! them. Columns are found by their header words, over one or two header rows (a merged group
//! label such as "2026-27" above "Budget | Actual | Forecast" is read with them). Totals rows
//! are skipped and said so; every problem is a finding with its cell; no row is dropped
//! silently.

use std::path::Path;

use calamine::Data;
use jiff::civil::Date;
use serde::Serialize;
use sightline_core::finding::{Finding, Severity};
use sightline_core::money::{Actual, Pence};

use crate::cell::text as cell_text;
use crate::columns::{finding_at, header, sheets_of};
use crate::{Error, Result};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Line,
    Name,
    Period,
    Budget,
    Actual,
    Commitments,
    Forecast,
}

/// A column's role from its header words, most specific first ("Forecast outturn" before
/// "budget"; "Budget to date" is the profile, not the budget, and is not read).
fn role(header: &str) -> Option<Role> {
    let h = header.to_lowercase();
    let has = |w: &str| h.contains(w);
    if has("variance") || has("profile") || has("to date") && has("budget") {
        None
    } else if has("forecast") || has("outturn") || has("projected") {
        Some(Role::Forecast)
    } else if has("commit") {
        Some(Role::Commitments)
    } else if has("actual") || has("spend") || has("spent") || has("expenditure") {
        Some(Role::Actual)
    } else if has("budget") {
        Some(Role::Budget)
    } else if has("period") || has("month") {
        Some(Role::Period)
    } else if has("cost cent")
        || has("code")
        || h == "line"
        || has("investment line")
        || has("budget line")
    {
        Some(Role::Line)
    } else if has("description") || has("name") || has("line") {
        Some(Role::Name)
    } else {
        None
    }
}

/// A month's finance export as read.
#[derive(Debug, Clone, Serialize)]
pub struct FinanceRead {
    /// The sheet (or file) read.
    pub sheet: String,
    /// The 1-based row of the header (the lower row of a two-row header).
    pub header_row: u32,
    /// The rows read (excluding blank and totals rows).
    pub rows_read: usize,
    /// The rows refused (each with a finding).
    pub rows_rejected: usize,
    /// The lines' figures.
    pub actuals: Vec<Actual>,
    /// The 1-based row each of `actuals` was read from.
    pub actual_rows: Vec<u32>,
    /// Every problem, to the cell.
    pub findings: Vec<Finding>,
}

/// An amount in pounds as finance exports write it: a number, "£1,234.56", "(1,234)" for a
/// negative, "-" or blank for none.
fn amount(c: &Data) -> std::result::Result<Option<Pence>, String> {
    let pounds = match c {
        Data::Empty => return Ok(None),
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => {
            let t = cell_text(other);
            let t = t.trim();
            if t.is_empty() || t == "-" || t == "–" {
                return Ok(None);
            }
            let negative = t.starts_with('(') && t.ends_with(')') || t.starts_with('-');
            let digits: String = t
                .chars()
                .filter(|ch| ch.is_ascii_digit() || *ch == '.')
                .collect();
            let rest_ok = t
                .chars()
                .all(|ch| ch.is_ascii_digit() || ".,£()- ".contains(ch));
            let v: f64 = match (rest_ok, digits.parse::<f64>()) {
                (true, Ok(v)) => v,
                _ => return Err(format!("{t:?} is not an amount of money")),
            };
            if negative { -v } else { v }
        }
    };
    if !pounds.is_finite() || pounds.abs() > 1e12 {
        return Err(format!("{pounds} is not an amount this export could hold"));
    }
    Ok(Some((pounds * 100.0).round() as Pence))
}

/// A period cell as a month: an Excel date, "2026-10", "Oct 2026", "October 2026", "10/2026".
fn month(c: &Data) -> Option<Date> {
    if let Data::DateTime(d) = c {
        return crate::cell::excel_serial_date(d.as_f64()).map(|d| d.last_of_month());
    }
    let t = cell_text(c);
    let t = t.trim();
    if let Ok(d) = t.parse::<Date>() {
        return Some(d.last_of_month());
    }
    let parts: Vec<&str> = t.split(['-', '/', ' ']).filter(|p| !p.is_empty()).collect();
    let [a, b] = parts.as_slice() else {
        return None;
    };
    let month_of = |s: &str| -> Option<i8> {
        if let Ok(n) = s.parse::<i8>() {
            return (1..=12).contains(&n).then_some(n);
        }
        const NAMES: [&str; 12] = [
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ];
        let l = s.to_lowercase();
        NAMES
            .iter()
            .position(|n| l.starts_with(n))
            .and_then(|i| i8::try_from(i + 1).ok())
    };
    let (year, m) = match (a.parse::<i16>(), b.parse::<i16>()) {
        (Ok(y), _) if y > 1900 => (y, month_of(b)?),
        (_, Ok(y)) if y > 1900 => (y, month_of(a)?),
        _ => return None,
    };
    Date::new(year, m, 1).ok().map(|d| d.last_of_month())
}

/// Reads a month's finance export. `month` is the month being loaded (any day of it).
///
/// # Errors
/// [`Error::Io`] or [`Error::Workbook`] when the file cannot be read or no sheet has a header
/// naming a cost centre (or line) column and an actual column.
pub fn read(path: &Path, month_of: Date) -> Result<FinanceRead> {
    let month_end = month_of.last_of_month();
    let sheets = sheets_of(path)?;
    let Some((sheet, grid, head)) = sheets.into_iter().find_map(|(name, grid)| {
        header(&grid, role, &[Role::Line, Role::Actual]).map(|h| (name, grid, h))
    }) else {
        return Err(Error::Workbook {
            path: path.to_path_buf(),
            reason: "no sheet has a header row naming a cost centre (or line code) column and \
                     an actual column (expected words such as \"Cost centre\", \"Budget\", \
                     \"Actual to date\", \"Commitments\", \"Forecast outturn\")"
                .into(),
        });
    };
    let mut read = FinanceRead {
        sheet: sheet.clone(),
        header_row: u32::try_from(head.row + 1).unwrap_or(u32::MAX),
        rows_read: 0,
        rows_rejected: 0,
        actuals: Vec::new(),
        actual_rows: Vec::new(),
        findings: Vec::new(),
    };
    let finding =
        |row: usize,
         col: Option<(usize, &str)>,
         value: Option<String>,
         rule: &str,
         severity,
         message: String| { finding_at(&sheet, row, col, value, rule, severity, message) };
    let line_col = head.col(Role::Line);
    let name_col = head.col(Role::Name);
    for (r, row) in grid.iter().enumerate().skip(head.row + 1) {
        let get =
            |col: Option<(usize, &str)>| col.and_then(|(c, _)| row.get(c)).unwrap_or(&Data::Empty);
        if row.iter().all(|c| cell_text(c).is_empty()) {
            continue;
        }
        let line = cell_text(get(line_col));
        let name = cell_text(get(name_col));
        let label = if line.is_empty() { &name } else { &line };
        let lower = label.to_lowercase();
        if ["total", "grand total", "sub-total", "subtotal", "sub total"]
            .iter()
            .any(|t| lower.starts_with(t))
        {
            read.findings.push(finding(
                r,
                line_col,
                Some(label.clone()),
                "finance-totals-row",
                Severity::Info,
                "a totals row, not a line: skipped (each line's own row is read)".into(),
            ));
            continue;
        }
        read.rows_read += 1;
        let mut refuse =
            |col: Option<(usize, &str)>, value: Option<String>, rule: &str, message: String| {
                read.rows_rejected += 1;
                read.findings
                    .push(finding(r, col, value, rule, Severity::Error, message));
            };
        if line.is_empty() {
            refuse(
                line_col,
                None,
                "finance-no-line",
                "no cost centre or line code: the row cannot be matched to an investment line"
                    .into(),
            );
            continue;
        }
        if let Some(pc) = head.col(Role::Period) {
            let cell = get(Some(pc));
            if !cell_text(cell).is_empty() {
                match month(cell) {
                    Some(m) if m == month_end => {}
                    Some(m) => {
                        refuse(
                            Some(pc),
                            Some(cell_text(cell)),
                            "finance-other-month",
                            format!(
                                "this row is for {}, not the month being loaded ({})",
                                m.strftime("%Y-%m"),
                                month_end.strftime("%Y-%m")
                            ),
                        );
                        continue;
                    }
                    None => {
                        refuse(
                            Some(pc),
                            Some(cell_text(cell)),
                            "finance-period-unreadable",
                            "expected a month such as 2026-10 or Oct 2026".into(),
                        );
                        continue;
                    }
                }
            }
        }
        let mut amounts = [None; 4];
        let mut bad = false;
        for (i, role) in [
            Role::Budget,
            Role::Actual,
            Role::Commitments,
            Role::Forecast,
        ]
        .into_iter()
        .enumerate()
        {
            let col = head.col(role);
            match amount(get(col)) {
                Ok(v) => amounts[i] = v,
                Err(why) => {
                    refuse(
                        col,
                        Some(cell_text(get(col))),
                        "finance-amount-unreadable",
                        why,
                    );
                    bad = true;
                    break;
                }
            }
        }
        if bad {
            continue;
        }
        let [budget, actual, commitments, forecast] = amounts;
        let Some(actual) = actual else {
            let col = head.col(Role::Actual);
            refuse(
                col,
                None,
                "finance-no-actual",
                "no actual to date: write 0 when nothing has been spent".into(),
            );
            continue;
        };
        if read.actuals.iter().any(|a| a.line == line) {
            refuse(
                line_col,
                Some(line.clone()),
                "finance-duplicate-line",
                "this line is already on an earlier row of this export: the first is kept".into(),
            );
            continue;
        }
        read.actual_rows
            .push(u32::try_from(r + 1).unwrap_or(u32::MAX));
        read.actuals.push(Actual {
            line,
            month: month_end,
            budget,
            actual_to_date: actual,
            commitments: commitments.unwrap_or(0),
            forecast,
        });
    }
    Ok(read)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::columns::Grid;
    use jiff::civil::date;

    fn s(t: &str) -> Data {
        Data::String(t.into())
    }

    #[test]
    fn amounts_as_finance_writes_them() {
        assert_eq!(amount(&Data::Float(1234.565)), Ok(Some(123_457)));
        assert_eq!(amount(&s("£1,234.50")), Ok(Some(123_450)));
        assert_eq!(amount(&s("(2,000)")), Ok(Some(-200_000)));
        assert_eq!(amount(&s("-")), Ok(None));
        assert_eq!(amount(&Data::Empty), Ok(None));
        assert!(amount(&s("twelve")).is_err());
        assert!(amount(&s("1.2.3")).is_err());
        assert!(amount(&Data::Float(f64::NAN)).is_err());
    }

    #[test]
    fn months_in_the_spellings_exports_use() {
        for t in [
            "2026-10",
            "Oct 2026",
            "October 2026",
            "10/2026",
            "2026-10-01",
            "oct-2026",
        ] {
            assert_eq!(month(&s(t)), Some(date(2026, 10, 31)), "{t}");
        }
        assert_eq!(month(&s("P7")), None);
        assert_eq!(month(&s("13/2026")), None);
    }

    #[test]
    fn a_two_row_header_with_a_merged_group_label_is_read() {
        let grid: Grid = vec![
            vec![s("Children's services improvement: budget monitoring")],
            vec![
                s("Cost centre"),
                s("Budget"),
                s("Year to date"),
                Data::Empty,
                s("Forecast"),
            ],
            vec![
                Data::Empty,
                Data::Empty,
                s("Actual"),
                s("Commitments"),
                s("Outturn"),
            ],
            vec![
                s("CS1"),
                Data::Float(1000.0),
                Data::Float(500.0),
                Data::Float(10.0),
                Data::Float(1100.0),
            ],
        ];
        let h = header(&grid, role, &[Role::Line, Role::Actual]).expect("header");
        assert_eq!(h.row, 2);
        assert_eq!(h.col(Role::Actual).map(|c| c.0), Some(2));
        assert_eq!(h.col(Role::Commitments), Some((3, "Commitments")));
        assert_eq!(h.col(Role::Forecast), Some((4, "Outturn")));
        assert_eq!(h.col(Role::Line).map(|c| c.0), Some(0));
        assert_eq!(h.col(Role::Budget).map(|c| c.0), Some(1));
    }

    /// A month-7 export as finance writes it: a title, "Cost centre" over two rows, a group
    /// label merged over the figures, sub-totals and a grand total, a duplicate, a bad amount.
    #[test]
    fn a_finance_export_with_totals_rows_and_merged_header_cells() {
        use rust_xlsxwriter::{Format, Workbook};
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("finance.xlsx");
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        sheet
            .write(0, 0, "Improvement investment: budget monitoring")
            .expect("w");
        sheet.write(1, 0, "Cost centre").expect("w");
        sheet
            .merge_range(1, 1, 1, 4, "2026-27 month 7", &Format::new())
            .expect("merge");
        for (c, h) in [
            "Budget",
            "Actual to date",
            "Commitments",
            "Forecast outturn",
        ]
        .iter()
        .enumerate()
        {
            sheet
                .write(2, u16::try_from(c + 1).expect("col"), *h)
                .expect("w");
        }
        let rows: [(&str, &str, &str, &str, &str); 7] = [
            ("CS-01", "120000", "84000.50", "1000", "130000"),
            ("CS-02", "£50,000", "(500)", "", "48000"),
            (
                "Sub-total front door",
                "170000",
                "83500.50",
                "1000",
                "178000",
            ),
            ("CS-01", "1", "1", "1", "1"),
            ("CS-03", "10000", "lots", "0", "10000"),
            ("", "", "", "", ""),
            ("Grand total", "180000", "83500.50", "1000", "188000"),
        ];
        for (i, r) in rows.iter().enumerate() {
            let at = u32::try_from(i + 3).expect("row");
            for (c, v) in [r.0, r.1, r.2, r.3, r.4].iter().enumerate() {
                let col = u16::try_from(c).expect("col");
                match v.parse::<f64>() {
                    Ok(n) => sheet.write_number(at, col, n).map(|_| ()),
                    Err(_) if v.is_empty() => Ok(()),
                    Err(_) => sheet.write_string(at, col, *v).map(|_| ()),
                }
                .expect("cell");
            }
        }
        book.save(&path).expect("save");
        let read = read(&path, date(2026, 10, 15)).expect("reads");
        assert_eq!(read.header_row, 3);
        assert_eq!(
            read.actuals,
            vec![
                Actual {
                    line: "CS-01".into(),
                    month: date(2026, 10, 31),
                    budget: Some(12_000_000),
                    actual_to_date: 8_400_050,
                    commitments: 100_000,
                    forecast: Some(13_000_000),
                },
                Actual {
                    line: "CS-02".into(),
                    month: date(2026, 10, 31),
                    budget: Some(5_000_000),
                    actual_to_date: -50_000,
                    commitments: 0,
                    forecast: Some(4_800_000),
                },
            ]
        );
        assert_eq!((read.rows_read, read.rows_rejected), (4, 2));
        let rules: Vec<(&str, Option<&str>)> = read
            .findings
            .iter()
            .map(|f| (f.rule.as_str(), f.cell.as_deref()))
            .collect();
        assert_eq!(
            rules,
            vec![
                ("finance-totals-row", Some("A6")),
                ("finance-duplicate-line", Some("A7")),
                ("finance-amount-unreadable", Some("C8")),
                ("finance-totals-row", Some("A10")),
            ]
        );
    }

    #[test]
    fn a_row_for_another_month_is_refused_and_a_file_without_the_columns_is_an_error() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("f.csv");
        std::fs::write(
            &path,
            "Line code,Period,Actual to date\nL1,2026-10,100\nL2,2026-09,200\nL3,P7,1\n",
        )
        .expect("write");
        let read = read(&path, date(2026, 10, 1)).expect("reads");
        assert_eq!(read.actuals.len(), 1);
        assert_eq!(read.findings[0].rule, "finance-other-month");
        assert_eq!(read.findings[0].cell.as_deref(), Some("B3"));
        assert_eq!(read.findings[1].rule, "finance-period-unreadable");
        std::fs::write(&path, "Name,Amount\nA,1\n").expect("write");
        let err = super::read(&path, date(2026, 10, 1)).expect_err("no header");
        assert!(
            err.to_string().contains("no sheet has a header row"),
            "{err}"
        );
    }
}
