//! The monthly workforce return from a council's HR system, by team: establishment, permanent
//! and agency FTE, vacancies, starters and leavers, sickness days, ASYE workers, supervisions due
//! and held in timescale, and cases held where the export has them. Columns are found by their
//! header words; every problem is a finding with its cell; no row is dropped silently.

use std::path::Path;

use calamine::Data;
use jiff::civil::Date;
use serde::Serialize;
use sightline_core::finding::{Finding, Severity};
use sightline_core::workforce::TeamReturn;

use crate::cell::text as cell_text;
use crate::columns::{finding_at, header, sheets_of};
use crate::{Error, Result};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Team,
    Period,
    Establishment,
    Permanent,
    Agency,
    Vacancies,
    Starters,
    Leavers,
    Sickness,
    Asye,
    SupervisionsDue,
    SupervisionsInTime,
    Cases,
}

fn role(header: &str) -> Option<Role> {
    let h = header.to_lowercase();
    let has = |w: &str| h.contains(w);
    Some(
        if has("supervision") && (has("in time") || has("timescale") || has("held")) {
            Role::SupervisionsInTime
        } else if has("supervision") {
            Role::SupervisionsDue
        } else if has("asye") || has("newly qualified") {
            Role::Asye
        } else if has("agency") {
            Role::Agency
        } else if has("vacan") {
            Role::Vacancies
        } else if has("establishment") || has("funded post") {
            Role::Establishment
        } else if has("permanent") || has("in post") {
            Role::Permanent
        } else if has("starter") {
            Role::Starters
        } else if has("leaver") {
            Role::Leavers
        } else if has("sick") || has("absence") {
            Role::Sickness
        } else if has("case") {
            Role::Cases
        } else if has("period") || has("month") {
            Role::Period
        } else if has("team") || has("service area") {
            Role::Team
        } else {
            return None;
        },
    )
}

/// A month's workforce return as read.
#[derive(Debug, Clone, Serialize)]
pub struct WorkforceRead {
    /// The sheet (or file) read.
    pub sheet: String,
    /// The 1-based row of the header.
    pub header_row: u32,
    /// The rows read.
    pub rows_read: usize,
    /// The rows refused (each with a finding).
    pub rows_rejected: usize,
    /// Each team's return.
    pub returns: Vec<TeamReturn>,
    /// Every problem, to the cell.
    pub findings: Vec<Finding>,
}

/// A number of FTE, days or people: a number, or text that is one; blank is `None`.
fn number(c: &Data) -> std::result::Result<Option<f64>, String> {
    match c {
        Data::Empty => Ok(None),
        Data::Float(f) if f.is_finite() && *f >= 0.0 && *f < 1e7 => Ok(Some(*f)),
        Data::Int(i) if *i >= 0 && *i < 10_000_000 => Ok(Some(*i as f64)),
        other => {
            let t = cell_text(other);
            let t = t.trim();
            if t.is_empty() || t == "-" {
                return Ok(None);
            }
            match t.parse::<f64>() {
                Ok(v) if v.is_finite() && (0.0..1e7).contains(&v) => Ok(Some(v)),
                _ => Err(format!(
                    "{t:?} is not a number of FTE, days or people (0 or more)"
                )),
            }
        }
    }
}

/// Reads a month's workforce return. `month` is the month being loaded (any day of it).
///
/// # Errors
/// [`Error::Io`] or [`Error::Workbook`] when the file cannot be read or no sheet has a header
/// naming a team column and a permanent (in post) FTE column.
pub fn read(path: &Path, month: Date) -> Result<WorkforceRead> {
    let month_end = month.last_of_month();
    let Some((sheet, grid, head)) = sheets_of(path)?.into_iter().find_map(|(name, grid)| {
        header(&grid, role, &[Role::Team, Role::Permanent]).map(|h| (name, grid, h))
    }) else {
        return Err(Error::Workbook {
            path: path.to_path_buf(),
            reason: "no sheet has a header row naming a team column and a permanent (in post) \
                     FTE column (expected words such as \"Team\", \"Establishment FTE\", \
                     \"Permanent FTE in post\", \"Agency FTE\", \"Leavers\", \"Supervisions \
                     due\")"
                .into(),
        });
    };
    let mut read = WorkforceRead {
        sheet: sheet.clone(),
        header_row: u32::try_from(head.row + 1).unwrap_or(u32::MAX),
        rows_read: 0,
        rows_rejected: 0,
        returns: Vec::new(),
        findings: Vec::new(),
    };
    for (r, row) in grid.iter().enumerate().skip(head.row + 1) {
        if row.iter().all(|c| cell_text(c).is_empty()) {
            continue;
        }
        let get = |k: Role| {
            head.col(k)
                .and_then(|(c, _)| row.get(c))
                .unwrap_or(&Data::Empty)
        };
        let team = cell_text(get(Role::Team));
        let refuse = |read: &mut WorkforceRead,
                      k: Role,
                      value: Option<String>,
                      rule: &str,
                      message: String| {
            read.rows_rejected += 1;
            read.findings.push(finding_at(
                &sheet,
                r,
                head.col(k),
                value,
                rule,
                Severity::Error,
                message,
            ));
        };
        if team.to_lowercase().starts_with("total") {
            read.findings.push(finding_at(
                &sheet,
                r,
                None,
                Some(team.clone()),
                "workforce-totals-row",
                Severity::Info,
                "a totals row, not a team: skipped (the authority's figures are worked out from \
                 the teams)"
                    .into(),
            ));
            continue;
        }
        read.rows_read += 1;
        if team.is_empty() {
            refuse(
                &mut read,
                Role::Team,
                None,
                "workforce-no-team",
                "no team: every row is one team's return".into(),
            );
            continue;
        }
        if head.col(Role::Period).is_some() && !cell_text(get(Role::Period)).is_empty() {
            let t = cell_text(get(Role::Period));
            let this = t
                .get(..7)
                .and_then(|m| format!("{m}-01").parse::<Date>().ok());
            if this.map(|d| d.last_of_month()) != Some(month_end) {
                refuse(
                    &mut read,
                    Role::Period,
                    Some(t),
                    "workforce-other-month",
                    format!(
                        "expected the month being loaded, {}",
                        month_end.strftime("%Y-%m")
                    ),
                );
                continue;
            }
        }
        let mut values = std::collections::HashMap::new();
        let mut bad = false;
        for k in [
            Role::Establishment,
            Role::Permanent,
            Role::Agency,
            Role::Vacancies,
            Role::Starters,
            Role::Leavers,
            Role::Sickness,
            Role::Asye,
            Role::SupervisionsDue,
            Role::SupervisionsInTime,
            Role::Cases,
        ] {
            match number(get(k)) {
                Ok(v) => {
                    values.insert(k as u8, v);
                }
                Err(why) => {
                    refuse(
                        &mut read,
                        k,
                        Some(cell_text(get(k))),
                        "workforce-number-unreadable",
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
        let v = |k: Role| values.get(&(k as u8)).copied().flatten();
        let Some(permanent) = v(Role::Permanent) else {
            refuse(
                &mut read,
                Role::Permanent,
                None,
                "workforce-no-permanent",
                "no permanent FTE in post: write 0 when the team has none".into(),
            );
            continue;
        };
        let due = v(Role::SupervisionsDue).unwrap_or(0.0);
        let held = v(Role::SupervisionsInTime).unwrap_or(0.0);
        if held > due {
            refuse(
                &mut read,
                Role::SupervisionsInTime,
                Some(held.to_string()),
                "workforce-supervisions",
                format!("{held} supervisions held in timescale, but only {due} were due"),
            );
            continue;
        }
        if read.returns.iter().any(|x| x.team == team) {
            refuse(
                &mut read,
                Role::Team,
                Some(team.clone()),
                "workforce-duplicate-team",
                "this team is already on an earlier row: the first is kept".into(),
            );
            continue;
        }
        let vacancies = v(Role::Vacancies);
        read.returns.push(TeamReturn {
            month: month_end,
            team,
            establishment_fte: v(Role::Establishment)
                .unwrap_or(permanent + vacancies.unwrap_or(0.0)),
            permanent_fte: permanent,
            agency_fte: v(Role::Agency).unwrap_or(0.0),
            vacancies_fte: vacancies,
            starters_fte: v(Role::Starters).unwrap_or(0.0),
            leavers_fte: v(Role::Leavers).unwrap_or(0.0),
            sickness_days: v(Role::Sickness).unwrap_or(0.0),
            asye_fte: v(Role::Asye).unwrap_or(0.0),
            supervisions_due: due.round() as u32,
            supervisions_in_time: held.round() as u32,
            cases: v(Role::Cases).map(|c| c.round() as u32),
        });
    }
    Ok(read)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn a_return_is_read_by_its_header_words_with_findings_to_the_cell() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("hr.csv");
        std::fs::write(
            &path,
            "HR workforce return\n\
             Team,Establishment FTE,Permanent FTE in post,Agency FTE,Leavers (FTE),Sickness days,ASYE,Supervisions due,Supervisions held in timescale,Cases held\n\
             Front Door,20,18,2,1,12.5,2,20,17,360\n\
             Child Protection,15,twelve,1,0,0,1,10,9,\n\
             Children in Care,12,10,1,0,3,0,8,9,150\n\
             ,1,1,0,0,0,0,0,0,\n\
             Front Door,1,1,0,0,0,0,0,0,\n\
             Total,47,28,3,1,12.5,2,20,17,360\n",
        )
        .expect("write");
        let read = read(&path, date(2026, 10, 3)).expect("reads");
        assert_eq!(read.header_row, 2);
        assert_eq!(read.returns.len(), 1);
        let fd = &read.returns[0];
        assert_eq!(
            (fd.team.as_str(), fd.permanent_fte, fd.cases),
            ("Front Door", 18.0, Some(360))
        );
        assert_eq!((fd.supervisions_due, fd.supervisions_in_time), (20, 17));
        assert_eq!(fd.month, date(2026, 10, 31));
        let found: Vec<(&str, Option<&str>)> = read
            .findings
            .iter()
            .map(|f| (f.rule.as_str(), f.cell.as_deref()))
            .collect();
        assert_eq!(
            found,
            vec![
                ("workforce-number-unreadable", Some("C4")),
                ("workforce-supervisions", Some("I5")),
                ("workforce-no-team", Some("A6")),
                ("workforce-duplicate-team", Some("A7")),
                ("workforce-totals-row", None),
            ]
        );
        assert_eq!((read.rows_read, read.rows_rejected), (5, 4));
    }
}
