//! Practice audits of children's case files, as a council's audit tool exports them: child,
//! date, team, worker, auditor, grade on Ofsted's four-point scale, theme. Columns are found by
//! their header words; every problem is a finding with its cell; no row is dropped silently.

use std::path::Path;

use calamine::Data;
use jiff::civil::Date;
use serde::Serialize;
use sightline_core::finding::{Finding, Severity};
use sightline_core::inspection::Grade;
use sightline_core::practice::CaseAudit;

use crate::cell::{Cell, text as cell_text};
use crate::columns::{finding_at, header, sheets_of};
use crate::{Error, Result};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Child,
    Date,
    Team,
    Worker,
    Auditor,
    Grade,
    Theme,
}

fn role(header: &str) -> Option<Role> {
    let h = header.to_lowercase();
    let has = |w: &str| h.contains(w);
    Some(if has("auditor") || has("audited by") || has("reviewer") {
        Role::Auditor
    } else if has("child") || has("lcs") || has("case id") || has("person id") {
        Role::Child
    } else if has("date") || has("completed") {
        Role::Date
    } else if has("grade") || has("judgement") || has("rating") || has("outcome") {
        Role::Grade
    } else if has("theme") || has("topic") || has("focus") {
        Role::Theme
    } else if has("worker") || has("practitioner") {
        Role::Worker
    } else if has("team") || has("service area") {
        Role::Team
    } else {
        return None;
    })
}

/// Practice audits as read.
#[derive(Debug, Clone, Serialize)]
pub struct AuditsRead {
    /// The sheet (or file) read.
    pub sheet: String,
    /// The 1-based row of the header.
    pub header_row: u32,
    /// The rows read.
    pub rows_read: usize,
    /// The rows refused (each with a finding).
    pub rows_rejected: usize,
    /// The audits read (children as in the file: the caller pseudonymises them).
    #[serde(skip)]
    pub audits: Vec<CaseAudit>,
    /// Every problem, to the cell.
    pub findings: Vec<Finding>,
}

/// A grade as audit tools write it: Ofsted's words, "RI", or 1 to 4 (1 outstanding).
fn grade(c: &Data) -> Option<Grade> {
    let t = cell_text(c);
    let t = t.trim();
    match t {
        "1" | "1.0" => Some(Grade::Outstanding),
        "2" | "2.0" => Some(Grade::Good),
        "3" | "3.0" => Some(Grade::RequiresImprovement),
        "4" | "4.0" => Some(Grade::Inadequate),
        _ => t.parse().ok(),
    }
}

/// Reads practice audits from a workbook or CSV. `today` refuses audits dated after it.
///
/// # Errors
/// [`Error::Io`] or [`Error::Workbook`] when the file cannot be read or no sheet has a header
/// naming a child column, a date column and a grade column.
pub fn read(path: &Path, today: Date) -> Result<AuditsRead> {
    let Some((sheet, grid, head)) = sheets_of(path)?.into_iter().find_map(|(name, grid)| {
        header(&grid, role, &[Role::Child, Role::Date, Role::Grade]).map(|h| (name, grid, h))
    }) else {
        return Err(Error::Workbook {
            path: path.to_path_buf(),
            reason: "no sheet has a header row naming the child, the audit date and the grade \
                     (expected words such as \"Child ID\", \"Audit date\", \"Team\", \"Worker\", \
                     \"Auditor\", \"Grade\", \"Theme\")"
                .into(),
        });
    };
    let mut read = AuditsRead {
        sheet: sheet.clone(),
        header_row: u32::try_from(head.row + 1).unwrap_or(u32::MAX),
        rows_read: 0,
        rows_rejected: 0,
        audits: Vec::new(),
        findings: Vec::new(),
    };
    for (r, row) in grid.iter().enumerate().skip(head.row + 1) {
        if row.iter().all(|c| cell_text(c).is_empty()) {
            continue;
        }
        read.rows_read += 1;
        let get = |k: Role| {
            head.col(k)
                .and_then(|(c, _)| row.get(c))
                .unwrap_or(&Data::Empty)
        };
        let text = |k: Role| cell_text(get(k)).trim().to_string();
        let problem = |k: Role, value: String, rule: &str, message: String| {
            let value = (!value.is_empty()).then_some(value);
            finding_at(
                &sheet,
                r,
                head.col(k),
                value,
                rule,
                Severity::Error,
                message,
            )
        };
        let mut wrong = Vec::new();
        let child = text(Role::Child);
        if child.is_empty() {
            wrong.push(problem(
                Role::Child,
                String::new(),
                "audit-no-child",
                "no child: every audit is of one child's case file".into(),
            ));
        }
        let date = crate::annex_a::parse_date(Cell::from(get(Role::Date)));
        match date {
            None => wrong.push(problem(
                Role::Date,
                text(Role::Date),
                "audit-date",
                "expected the date the audit was completed (DD/MM/YYYY, ISO or a date cell)".into(),
            )),
            Some(d) if d > today => wrong.push(problem(
                Role::Date,
                d.to_string(),
                "audit-future-date",
                format!("dated {d}, after today ({today}): an audit is dated when completed"),
            )),
            Some(_) => {}
        }
        let g = grade(get(Role::Grade));
        if g.is_none() {
            wrong.push(problem(
                Role::Grade,
                text(Role::Grade),
                "audit-grade",
                "expected a grade on Ofsted's four-point scale: outstanding, good, requires \
                 improvement (RI) or inadequate, or 1 to 4"
                    .into(),
            ));
        }
        let team = text(Role::Team);
        let (Some(date), Some(grade), false) = (date, g, child.is_empty()) else {
            read.rows_rejected += 1;
            read.findings.extend(wrong);
            continue;
        };
        if !wrong.is_empty() {
            // A future date: refused with its finding.
            read.rows_rejected += 1;
            read.findings.extend(wrong);
            continue;
        }
        read.audits.push(CaseAudit {
            child,
            date,
            team: if team.is_empty() {
                "No team recorded".into()
            } else {
                team
            },
            worker: Some(text(Role::Worker)).filter(|w| !w.is_empty()),
            auditor: text(Role::Auditor),
            grade,
            theme: Some(text(Role::Theme))
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| "No theme recorded".into()),
        });
    }
    Ok(read)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    fn write(text: &str) -> tempfile::NamedTempFile {
        use std::io::Write;
        let mut f = tempfile::Builder::new()
            .suffix(".csv")
            .tempfile()
            .expect("temp file");
        f.write_all(text.as_bytes()).expect("written");
        f
    }

    #[test]
    fn audits_are_read_by_header_words_with_findings_to_the_cell() {
        let f = write(
            "Case audits October\n\
             Child ID,Date of audit,Team,Allocated worker,Audited by,Overall grade,Theme\n\
             C1,29/02/2028,Front Door,W1,A. Auditor,Good,Neglect\n\
             C2,2028-03-01,Court Team,,A. Auditor,RI,Care planning\n\
             C3,01/03/2028,,,B. Auditor,4,\n\
             ,01/03/2028,Front Door,,B. Auditor,Good,Neglect\n\
             C5,31/02/2028,Front Door,,B. Auditor,Good,Neglect\n\
             C6,01/03/2028,Front Door,,B. Auditor,Excellent,Neglect\n\
             C7,02/03/2029,Front Door,,B. Auditor,Good,Neglect\n",
        );
        let r = read(f.path(), date(2028, 3, 31)).expect("read");
        assert_eq!(r.header_row, 2);
        assert_eq!((r.rows_read, r.rows_rejected, r.audits.len()), (7, 4, 3));
        assert_eq!(r.audits[0].date, date(2028, 2, 29));
        assert_eq!(r.audits[1].grade, Grade::RequiresImprovement);
        assert_eq!(r.audits[2].grade, Grade::Inadequate);
        assert_eq!(r.audits[2].team, "No team recorded");
        assert_eq!(r.audits[2].theme, "No theme recorded");
        let cells: Vec<(&str, Option<&str>)> = r
            .findings
            .iter()
            .map(|f| (f.rule.as_str(), f.cell.as_deref()))
            .collect();
        assert_eq!(
            cells,
            vec![
                ("audit-no-child", Some("A6")),
                ("audit-date", Some("B7")),
                ("audit-grade", Some("F8")),
                ("audit-future-date", Some("B9")),
            ]
        );
    }

    #[test]
    fn a_file_without_the_columns_is_refused_naming_them() {
        let f = write("Name,Amount\nA,1\n");
        let e = read(f.path(), date(2028, 3, 31))
            .expect_err("refused")
            .to_string();
        assert!(e.contains("Audit date"), "{e}");
    }

    proptest! {
        #[test]
        fn never_panics_on_any_text(text in ".{0,400}") {
            let f = write(&format!("Child ID,Audit date,Grade,Team,Theme\n{text}"));
            let _ = read(f.path(), date(2028, 3, 31));
        }
    }
}
