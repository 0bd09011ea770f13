//! The workforce (issue 17, in part): the monthly HR return loaded by team, and the DfE's
//! workforce measures by team and for the authority (decision 0027).

use std::path::Path;

use jiff::civil::Date;
use serde::Serialize;
use sightline_core::access::Role;
use sightline_core::workforce::{Measures, measures};
use sightline_ingest::workforce::WorkforceRead;
use sightline_store::Actor;

use crate::{Error, Result, Sightline};

/// A month's workforce return read and (unless a dry run) loaded.
#[derive(Debug, Clone, Serialize)]
pub struct WorkforceImport {
    /// The month.
    pub month: String,
    /// The file as read, with its findings.
    #[serde(flatten)]
    pub read: WorkforceRead,
    /// Teams loaded (none on a dry run).
    pub loaded: usize,
    /// Teams of an earlier load of the month it replaced.
    pub replaced: usize,
    /// Whether this was a dry run.
    pub dry_run: bool,
}

/// A team's caseload from the HR return beside the one counted from the child-level extract
/// (the catalogue's `caseload_avg`): a gap between them is a data-quality signal.
#[derive(Debug, Clone, Serialize)]
pub struct CaseloadCompared {
    /// The team.
    pub team: String,
    /// Cases per case-holding FTE, from the HR return.
    pub hr: Option<f64>,
    /// Children per allocated worker, from the extract, as this reader may see it ("c" when
    /// suppressed).
    pub annex_a: Option<String>,
    /// HR less Annex A, when both are numbers.
    pub difference: Option<f64>,
    /// What the gap says, when it is large.
    pub note: Option<String>,
}

/// The measures for a month: the authority and each team.
#[derive(Debug, Clone, Serialize)]
pub struct WorkforceStatus {
    /// The month.
    pub month: Date,
    /// The authority.
    pub authority: Measures,
    /// Each team with a return that month.
    pub teams: Vec<Measures>,
    /// The extract of the same month the caseloads are compared with, if there is one.
    pub caseload_extract: Option<i64>,
    /// Each team's caseload from both sources.
    pub caseload_compared: Vec<CaseloadCompared>,
    /// England's latest published figure for each measure that has one.
    pub england: Vec<sightline_core::workforce::England>,
}

impl Sightline {
    /// Reads a month's workforce return and loads it in one transaction (replacing that month),
    /// unless `dry_run`. Audited.
    ///
    /// # Errors
    /// [`Error::Forbidden`] unless an analyst or admin (who load data); the file's errors;
    /// [`Error::Invalid`] when no team's row could be read; store errors.
    pub async fn import_workforce(
        &self,
        role: Role,
        actor: &Actor,
        path: &Path,
        month: Date,
        dry_run: bool,
    ) -> Result<WorkforceImport> {
        if !role.loads_data() {
            return Err(Error::Forbidden(
                "workforce returns are loaded by analysts and admins",
            ));
        }
        let read = sightline_ingest::workforce::read(path, month)?;
        if read.returns.is_empty() {
            return Err(Error::Invalid(format!(
                "{}: no team's row could be read ({} refused); nothing was loaded",
                path.display(),
                read.rows_rejected
            )));
        }
        let (loaded, replaced) = if dry_run {
            (0, 0)
        } else {
            let source = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let replaced = self
                .db
                .load_workforce(actor, month, &read.returns, &source)
                .await?;
            (read.returns.len(), replaced)
        };
        Ok(WorkforceImport {
            month: month.strftime("%Y-%m").to_string(),
            read,
            loaded,
            replaced,
            dry_run,
        })
    }

    /// The workforce measures for `month` (default: the latest loaded), for the authority and
    /// each team.
    ///
    /// # Errors
    /// [`Error::Invalid`] when no return is loaded, or none for the month; store errors.
    pub async fn workforce_status(
        &self,
        actor: &Actor,
        audience: crate::disclosure::Audience,
        month: Option<Date>,
    ) -> Result<WorkforceStatus> {
        let returns = self.db.workforce().await?;
        let month = match month {
            Some(m) => m.last_of_month(),
            None => returns.iter().map(|r| r.month).max().ok_or_else(|| {
                Error::Invalid(
                    "no workforce return is loaded: `sightline workforce import FILE --month \
                     YYYY-MM`"
                        .into(),
                )
            })?,
        };
        let authority = measures(&returns, None, month).ok_or_else(|| {
            Error::Invalid(format!(
                "there is no workforce return for {}",
                month.strftime("%Y-%m")
            ))
        })?;
        let teams: Vec<Measures> = sightline_core::workforce::teams_in(&returns, month)
            .into_iter()
            .filter_map(|t| measures(&returns, Some(t), month))
            .collect();
        // The latest extract as at the same month, and its caseload by team.
        let extract = self
            .db
            .extracts()
            .await?
            .into_iter()
            .filter(|e| e.as_at.get(..7) == Some(month.strftime("%Y-%m").to_string().as_str()))
            .max_by_key(|e| (e.as_at.clone(), e.id));
        let mut caseload_compared = Vec::new();
        if let Some(e) = &extract {
            let (_, figures) = self.observations(actor, audience, Some(e.id)).await?;
            let by_team: Vec<(String, Option<String>, Option<f64>)> = figures
                .iter()
                .find(|f| f.indicator == "caseload_avg")
                .map(|f| {
                    f.breakdowns
                        .iter()
                        .filter(|c| c.dimension == sightline_core::indicator::Dimension::Team)
                        .map(|c| {
                            let v = c.figure.value();
                            let shown = if c.figure.is_suppressed() {
                                Some("c".to_string())
                            } else {
                                v.map(|v| format!("{:.1}", v))
                            };
                            (c.key.clone(), shown, v)
                        })
                        .collect()
                })
                .unwrap_or_default();
            for t in &teams {
                let name = t.team.clone().unwrap_or_default();
                let theirs = by_team
                    .iter()
                    .find(|(k, _, _)| k.trim().eq_ignore_ascii_case(name.trim()));
                let hr = t.caseload.value;
                let difference = match (hr, theirs.and_then(|x| x.2)) {
                    (Some(a), Some(b)) => Some(((a - b) * 10.0).round() / 10.0),
                    _ => None,
                };
                let note = match (hr, difference, theirs) {
                    (_, _, None) => Some(
                        "the extract names no such team: check the HR and case-management \
                         team names agree"
                            .to_string(),
                    ),
                    (Some(a), Some(d), _) if a > 0.0 && d.abs() > a * 0.2 => Some(format!(
                        "the HR return and the child-level data differ by {:.1} cases a \
                         worker (more than a fifth): check allocations are recorded",
                        d.abs()
                    )),
                    _ => None,
                };
                caseload_compared.push(CaseloadCompared {
                    team: name,
                    hr,
                    annex_a: theirs.and_then(|x| x.1.clone()),
                    difference,
                    note,
                });
            }
        }
        Ok(WorkforceStatus {
            month,
            authority,
            teams,
            caseload_extract: extract.map(|e| e.id),
            caseload_compared,
            england: [
                "vacancy_rate",
                "agency_rate",
                "turnover",
                "caseload",
                "sickness_rate",
            ]
            .iter()
            .filter_map(|m| sightline_core::workforce::england(m).copied())
            .collect(),
        })
    }
}
