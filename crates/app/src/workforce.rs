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

/// The measures for a month: the authority and each team.
#[derive(Debug, Clone, Serialize)]
pub struct WorkforceStatus {
    /// The month.
    pub month: Date,
    /// The authority.
    pub authority: Measures,
    /// Each team with a return that month.
    pub teams: Vec<Measures>,
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
    pub async fn workforce_status(&self, month: Option<Date>) -> Result<WorkforceStatus> {
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
        let mut teams: Vec<&str> = returns
            .iter()
            .filter(|r| r.month == month)
            .map(|r| r.team.as_str())
            .collect();
        teams.sort_unstable();
        teams.dedup();
        Ok(WorkforceStatus {
            month,
            authority,
            teams: teams
                .into_iter()
                .filter_map(|t| measures(&returns, Some(t), month))
                .collect(),
        })
    }
}
