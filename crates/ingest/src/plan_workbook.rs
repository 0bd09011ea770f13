//! The action-plan workbook councils already use, in and out of a [`Plan`].
//!
//! Columns, found by their headers wherever the header row sits and however often it repeats
//! (one table per theme in the Word original): *Requirement · Links to Ofsted Recommendations
//! · Early Actions · Key Lead · Timescales · Progress · Smart Targets*. A row with one cell of
//! text above a header row is a theme ("Learning Organisation"); the first one is the plan's
//! title when it says "plan". A row with no requirement continues the priority above.
//!
//! Cells hold several items on separate lines or after bullets: each line of Early Actions is
//! an action; Timescales, Key Lead and Progress lines are paired with actions when the counts
//! match. Everything is kept as written beside what was parsed, and anything that could not be
//! understood is a [`Finding`] with its cell reference.

use std::path::Path;

use calamine::Data;
use jiff::civil::Date;
use serde::Serialize;
use sightline_core::authority::LaCode;
use sightline_core::finding::{Finding, Severity, cell_ref};
use sightline_core::plan::{
    Action, ActionStatus, Plan, Priority, ProgressUpdate, Target, parse_recommendation_links,
};
use sightline_core::timescale::{self, DueKind};

use crate::cell::text as cell_text;
use crate::{Error, Result};

/// A plan read from a workbook, and what was found on the way.
#[derive(Debug, Clone, Serialize)]
pub struct PlanImport {
    /// The plan as read.
    pub plan: Plan,
    /// Problems, each with its sheet and cell.
    pub findings: Vec<Finding>,
}

/// How to read the workbook.
#[derive(Debug, Clone)]
pub struct ImportSettings {
    /// The authority the plan belongs to.
    pub authority: LaCode,
    /// The date progress text is recorded at (the workbook's progress has no date).
    pub as_at: Date,
    /// Who the progress updates are signed by.
    pub author: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Requirement,
    Links,
    Actions,
    Lead,
    Timescale,
    Progress,
    Targets,
}

impl Column {
    /// The column a header names. Councils word them differently: "Requirement", "Priority",
    /// "Area for improvement"; "Links to Ofsted Recommendations", "Ofsted recommendation";
    /// "Early Actions", "Action"; "Key Lead", "Lead officer", "Owner"; "Timescales", "Due
    /// date", "Target date", "Deadline"; "Progress", "Update", "Commentary"; "Smart Targets",
    /// "Success measure". Owner words are checked before "action", progress words before date
    /// words ("Update" holds "date") and date words before "target", so "Action owner" is a
    /// lead and "Target date" a timescale.
    fn from_header(text: &str) -> Option<Column> {
        let t = text
            .trim()
            .to_lowercase()
            .replace(['\n', '\r'], " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
        if t.is_empty() || t.len() > 60 {
            return None;
        }
        Some(
            if has(&[
                "requirement",
                "priority",
                "objective",
                "area for improvement",
                "areas for improvement",
                "what needs to improve",
            ]) {
                Column::Requirement
            } else if has(&["recommendation", "links to"]) {
                Column::Links
            } else if has(&["lead", "owner", "responsible", "accountable"]) {
                Column::Lead
            } else if has(&["progress", "update", "commentary", "comment"]) {
                Column::Progress
            } else if has(&["timescale", "date", "deadline", "by when", "due", "when"]) {
                Column::Timescale
            } else if has(&["action"]) {
                Column::Actions
            } else if has(&["target", "measure", "success", "outcome", "impact"]) {
                Column::Targets
            } else {
                return None;
            },
        )
    }
}

/// Splits a cell into its items: lines, and bullets within lines.
fn items(text: &str) -> Vec<String> {
    text.split(|c: char| {
        matches!(c, '\n' | '\r' | '•' | '▪' | '◼' | '●') || ('\u{e000}'..='\u{f8ff}').contains(&c)
    })
    .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
    .filter(|s| !s.is_empty())
    .collect()
}

struct Header {
    columns: Vec<(usize, Column, String)>,
}

impl Header {
    fn get<'a>(&self, row: &'a [Data], col: Column) -> Option<(usize, &'a Data, &str)> {
        self.columns
            .iter()
            .find(|(_, c, _)| *c == col)
            .map(|(i, _, h)| (*i, row.get(*i).unwrap_or(&Data::Empty), h.as_str()))
    }
}

fn header_of(row: &[Data]) -> Option<Header> {
    let mut columns = Vec::new();
    for (i, c) in row.iter().enumerate() {
        let text = cell_text(c);
        if let Some(col) = Column::from_header(&text)
            && !columns.iter().any(|(_, k, _)| *k == col)
        {
            columns.push((i, col, text));
        }
    }
    let has = |c: Column| columns.iter().any(|(_, k, _)| *k == c);
    (has(Column::Requirement) && has(Column::Actions)).then_some(Header { columns })
}

/// Reads an action-plan workbook (XLSX, XLS or ODS).
///
/// # Errors
/// [`Error::Io`] or [`Error::Workbook`] when the file cannot be opened, and
/// [`Error::Workbook`] when no sheet has the plan's header row.
pub fn read(path: &Path, settings: &ImportSettings) -> Result<PlanImport> {
    let sheets = crate::cell::sheets(path)?;
    let default_title = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "Improvement plan".into());
    let mut import =
        read_rows(&sheets, settings, &default_title).ok_or_else(|| Error::Workbook {
            path: path.to_path_buf(),
            reason: "no sheet has an action-plan header row (expected columns such as \
                     \"Requirement\", \"Links to Ofsted Recommendations\", \"Early Actions\", \
                     \"Key Lead\", \"Timescales\", \"Progress\", \"Smart Targets\")"
                .into(),
        })?;
    restore_record(&sheets, &mut import);
    Ok(import)
}

/// Restores what the seven columns cannot carry from the hidden record sheet Sightline wrote on
/// export ([`sightline_core::plan::RECORD_SHEET`]), with a finding for each thing it could not
/// match and one saying the record was read; a record that cannot be read is a warning, and
/// the plan is then the sheet's alone.
fn restore_record(sheets: &[Sheet], import: &mut PlanImport) {
    use sightline_core::plan::{RECORD_SHEET, restore};
    let Some((_, rows)) = sheets.iter().find(|(name, _)| name == RECORD_SHEET) else {
        return;
    };
    let finding = |severity: Severity, rule: &str, message: String| Finding {
        list: None,
        sheet: RECORD_SHEET.to_string(),
        row: 1,
        cell: Some("A1".into()),
        column: None,
        value: None,
        rule: rule.into(),
        severity,
        message,
    };
    let json: String = rows
        .iter()
        .filter(|(r, _)| *r >= 1)
        .filter_map(|(_, cells)| match cells.first() {
            Some(Data::String(t)) => Some(t.as_str()),
            _ => None,
        })
        .collect();
    let record: Plan = match serde_json::from_str(&json) {
        Ok(p) => p,
        Err(e) => {
            import.findings.push(finding(
                Severity::Warning,
                "plan-record-unreadable",
                format!(
                    "the sheet {RECORD_SHEET:?} is not a record Sightline wrote ({e}); the plan is \
                     read from the visible columns only: statuses, dated updates, milestones, \
                     overrides, the plan's period and inspection cannot be restored"
                ),
            ));
            return;
        }
    };
    let sheet = std::mem::replace(&mut import.plan, record.clone());
    let (mut plan, notes) = restore(sheet, &record);
    strip_ids(&mut plan);
    import.plan = plan;
    import.findings.push(finding(
        Severity::Info,
        "plan-record-restored",
        "statuses, dated and signed updates, milestones, overrides, the plan's period and \
         inspection and the targets' indicators were restored from Sightline's record"
            .into(),
    ));
    for n in notes {
        import
            .findings
            .push(finding(Severity::Warning, "plan-record-unmatched", n));
    }
}

/// A plan read in is new to the database: no store ids.
fn strip_ids(plan: &mut Plan) {
    plan.id = None;
    for p in &mut plan.priorities {
        p.id = None;
        for t in &mut p.targets {
            t.id = None;
        }
        for a in &mut p.actions {
            a.id = None;
            for m in &mut a.milestones {
                m.id = None;
            }
            for u in &mut a.updates {
                u.id = None;
            }
        }
    }
}

/// A sheet's name and its rows, each with its 0-based row number.
pub type Sheet = (String, Vec<(u32, Vec<Data>)>);

/// Reads the rows of named sheets (0-based row numbers). `None` when no header row is found.
pub fn read_rows(
    sheets: &[Sheet],
    settings: &ImportSettings,
    default_title: &str,
) -> Option<PlanImport> {
    let mut plan = Plan {
        id: None,
        authority: settings.authority,
        title: default_title.to_string(),
        vision: None,
        period_start: None,
        period_end: None,
        inspection_id: None,
        priorities: Vec::new(),
    };
    let mut findings = Vec::new();
    let mut found_header = false;
    let mut title_set = false;
    for (sheet, rows) in sheets {
        let mut header: Option<Header> = None;
        let mut theme: Option<String> = None;
        let non_empty: Vec<&(u32, Vec<Data>)> = rows
            .iter()
            .filter(|(_, r)| r.iter().any(|c| !cell_text(c).is_empty()))
            .collect();
        for (k, (row_no, row)) in non_empty.iter().enumerate() {
            if let Some(h) = header_of(row) {
                for (i, c) in row.iter().enumerate() {
                    let text = cell_text(c);
                    if !text.is_empty() && !h.columns.iter().any(|(k, _, _)| *k == i) {
                        findings.push(Finding {
                            list: None,
                            sheet: sheet.clone(),
                            row: row_no + 1,
                            cell: Some(cell_ref(*row_no, u32::try_from(i).unwrap_or(0))),
                            column: Some(text.clone()),
                            value: None,
                            rule: "column-not-imported".into(),
                            severity: Severity::Info,
                            message: format!(
                                "the column {text:?} is not one of the plan's columns (or repeats \
                                 one); its cells are not imported"
                            ),
                        });
                    }
                }
                header = Some(h);
                found_header = true;
                continue;
            }
            let texts: Vec<String> = row.iter().map(cell_text).collect();
            let filled: Vec<&String> = texts.iter().filter(|t| !t.is_empty()).collect();
            if header.is_some()
                && let [only] = filled.as_slice()
                && only.eq_ignore_ascii_case("recommendations")
            {
                // The wrapped second line of a header cell.
                continue;
            }
            let in_first_column = texts.first().is_some_and(|t| !t.is_empty());
            if let [only] = filled.as_slice()
                && (in_first_column || header.is_none())
            {
                let text = (*only).clone();
                let lower = text.to_lowercase();
                let next_is_header = non_empty
                    .get(k + 1)
                    .is_some_and(|(_, next)| header_of(next).is_some());

                if lower.starts_with("vision") || lower.starts_with("our vision") {
                    plan.vision = Some(
                        text.split_once([':', '-', '–'])
                            .map(|(_, v)| v.trim().to_string())
                            .unwrap_or(text),
                    );
                    continue;
                }
                if header.is_none() || next_is_header {
                    if !title_set && plan.priorities.is_empty() && lower.contains("plan") {
                        plan.title = text;
                        title_set = true;
                    } else {
                        theme = Some(text);
                    }
                    continue;
                }
            }
            let Some(h) = &header else {
                findings.push(Finding {
                    list: None,
                    sheet: sheet.clone(),
                    row: row_no + 1,
                    cell: None,
                    column: None,
                    value: Some(
                        filled
                            .iter()
                            .map(|s| s.as_str())
                            .collect::<Vec<_>>()
                            .join(" | "),
                    ),
                    rule: "row-before-header".into(),
                    severity: Severity::Warning,
                    message: "this row comes before any header row, so its columns are not \
                              known; it was not imported"
                        .into(),
                });
                continue;
            };
            read_row(
                sheet,
                *row_no,
                row,
                h,
                theme.as_deref(),
                settings,
                &mut plan,
                &mut findings,
            );
        }
    }
    found_header.then_some(PlanImport { plan, findings })
}

#[allow(clippy::too_many_arguments)]
fn read_row(
    sheet: &str,
    row_no: u32,
    row: &[Data],
    h: &Header,
    theme: Option<&str>,
    settings: &ImportSettings,
    plan: &mut Plan,
    findings: &mut Vec<Finding>,
) {
    let cell = |col: Column| {
        h.get(row, col)
            .map(|(i, d, head)| (i, cell_text(d), head.to_string()))
    };
    let mut finding =
        |col: Option<(usize, String)>, value: &str, rule: &str, severity, message: String| {
            findings.push(Finding {
                list: None,
                sheet: sheet.to_string(),
                row: row_no + 1,
                cell: col
                    .as_ref()
                    .map(|(i, _)| cell_ref(row_no, u32::try_from(*i).unwrap_or(0))),
                column: col.map(|(_, head)| head),
                value: (!value.is_empty()).then(|| value.to_string()),
                rule: rule.into(),
                severity,
                message,
            });
        };
    let requirement = cell(Column::Requirement)
        .map(|(_, t, _)| t)
        .unwrap_or_default();
    if requirement.is_empty() && plan.priorities.is_empty() {
        finding(
            None,
            "",
            "requirement-missing",
            Severity::Warning,
            "a row with no requirement and no priority above it to continue; it was not imported"
                .into(),
        );
        return;
    }
    if !requirement.is_empty() {
        let number = u32::try_from(plan.priorities.len() + 1).unwrap_or(u32::MAX);
        plan.priorities.push(Priority {
            id: None,
            number,
            theme: theme.map(str::to_string),
            text: requirement.split_whitespace().collect::<Vec<_>>().join(" "),
            recommendations: vec![],
            recommendations_raw: None,
            actions: vec![],
            targets: vec![],
        });
    }
    let Some(priority) = plan.priorities.last_mut() else {
        return;
    };

    if let Some((i, raw, head)) = cell(Column::Links).filter(|(_, t, _)| !t.is_empty()) {
        let flat = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        match parse_recommendation_links(&flat) {
            Some(numbers) => {
                for n in numbers {
                    if !priority.recommendations.contains(&n) {
                        priority.recommendations.push(n);
                    }
                }
            }
            None => finding(
                Some((i, head)),
                &raw,
                "links-unreadable",
                Severity::Warning,
                format!(
                    "{flat:?} is not a list of recommendation numbers (expected e.g. \"1, 4, 6\" \
                     or \"1 - 17\"); kept as written"
                ),
            ),
        }
        priority.recommendations_raw = Some(match priority.recommendations_raw.take() {
            Some(before) => format!("{before}\n{flat}"),
            None => flat,
        });
    }

    let actions = cell(Column::Actions)
        .map(|(_, t, _)| items(&t))
        .unwrap_or_default();
    let leads = cell(Column::Lead)
        .map(|(_, t, _)| items(&t))
        .unwrap_or_default();
    let progress = cell(Column::Progress)
        .map(|(_, t, _)| items(&t))
        .unwrap_or_default();
    let timescale_cell = cell(Column::Timescale).unwrap_or((0, String::new(), String::new()));
    let dues = timescale::parse(&timescale_cell.1);
    let first_new = priority.actions.len();

    if actions.is_empty() && !requirement.is_empty() {
        let col = h
            .get(row, Column::Actions)
            .map(|(i, _, head)| (i, head.to_string()));
        finding(
            col,
            "",
            "actions-missing",
            Severity::Warning,
            "the requirement has no early actions".into(),
        );
    }
    if !actions.is_empty() && leads.is_empty() {
        let col = h
            .get(row, Column::Lead)
            .map(|(i, _, head)| (i, head.to_string()));
        finding(
            col,
            "",
            "lead-missing",
            Severity::Warning,
            "no key lead is named".into(),
        );
    }
    for d in dues.iter().filter(|d| d.kind == DueKind::Unreadable) {
        finding(
            Some((timescale_cell.0, timescale_cell.2.clone())),
            &timescale_cell.1,
            "timescale-unreadable",
            Severity::Warning,
            format!(
                "{:?} is not a date that can be read (expected e.g. \"March 2017\", \
                 \"31/03/2017\"); the action has no due date",
                d.raw
            ),
        );
    }
    let dated: Vec<&timescale::Due> = dues
        .iter()
        .filter(|d| d.kind != DueKind::Unreadable)
        .collect();
    let paired = dated.len() == actions.len();
    if !actions.is_empty() && !dated.is_empty() && !paired {
        finding(
            Some((timescale_cell.0, timescale_cell.2.clone())),
            &timescale_cell.1,
            "timescale-count-mismatch",
            Severity::Info,
            format!(
                "{} timescales for {} actions, so they cannot be paired; each action takes the \
                 latest date",
                dated.len(),
                actions.len()
            ),
        );
    }
    let latest = dated.iter().filter_map(|d| d.date).max();
    for (k, text) in actions.iter().enumerate() {
        let (due, raw) = if paired {
            (dated[k].date, Some(dated[k].raw.clone()))
        } else {
            (
                latest,
                (!timescale_cell.1.is_empty()).then(|| timescale_cell.1.clone()),
            )
        };
        let lead = if leads.len() == actions.len() {
            leads.get(k).cloned()
        } else if leads.is_empty() {
            None
        } else {
            Some(leads.join("; "))
        };
        let progress_text = if progress.len() == actions.len() {
            progress.get(k).cloned()
        } else if k == 0 && !progress.is_empty() {
            Some(progress.join("\n"))
        } else {
            None
        };
        let established = paired && dated[k].kind == DueKind::Established;
        let updates = progress_text
            .map(|text| ProgressUpdate {
                id: None,
                date: settings.as_at,
                author: settings.author.clone(),
                text,
                status: Some(if established {
                    ActionStatus::Complete
                } else {
                    ActionStatus::InProgress
                }),
                entered: None,
            })
            .into_iter()
            .collect();
        priority.actions.push(Action {
            id: None,
            text: text.clone(),
            lead,
            due,
            timescale_raw: raw,
            milestones: vec![],
            updates,
            overrides: vec![],
        });
    }
    if priority.actions.len() == first_new && !actions.is_empty() {
        return;
    }
    if let Some((_, raw, _)) = cell(Column::Targets) {
        for t in items(&raw) {
            let indicator = t
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .find(|w| sightline_core::indicator::is_known(w))
                .map(str::to_string);
            if !priority.targets.iter().any(|x| x.text == t) {
                priority.targets.push(Target {
                    id: None,
                    text: t,
                    indicator,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bullets_and_lines_are_items() {
        assert_eq!(items("• one\n• two  words\n\n"), ["one", "two words"]);
        assert_eq!(
            items("\u{f0b7} Early identification \u{f0b7} Tracking"),
            ["Early identification", "Tracking"]
        );
    }

    mod props {
        use super::super::*;
        use proptest::prelude::*;

        fn cell() -> impl Strategy<Value = Data> {
            prop_oneof![
                Just(Data::Empty),
                Just(Data::String("Requirement".into())),
                Just(Data::String("Early Actions".into())),
                Just(Data::String("Timescales".into())),
                Just(Data::String("Links to Ofsted Recommendations".into())),
                "[A-Za-z0-9 ,/→•\n-]{0,40}".prop_map(Data::String),
                any::<f64>().prop_map(Data::Float),
            ]
        }

        proptest! {
            #[test]
            fn any_grid_reads_without_panicking(
                grid in proptest::collection::vec(proptest::collection::vec(cell(), 0..9), 0..30)
            ) {
                let rows: Vec<(u32, Vec<Data>)> = grid
                    .into_iter()
                    .enumerate()
                    .map(|(i, r)| (u32::try_from(i).unwrap_or(0), r))
                    .collect();
                let settings = ImportSettings {
                    authority: LaCode(1),
                    as_at: jiff::civil::date(2020, 1, 1),
                    author: "x".into(),
                };
                if let Some(i) = read_rows(&[("S".into(), rows)], &settings, "t") {
                    for f in &i.findings {
                        prop_assert!(f.row >= 1);
                    }
                }
            }
        }
    }
}
