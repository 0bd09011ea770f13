//! Practice audits (issue 18, decision 0031): case file audits loaded as every other loader
//! loads (findings to the cell, atomic, audited, children pseudonymised as in extracts), for
//! the catalogue's audit indicators.

use std::path::Path;

use jiff::civil::Date;
use serde::Serialize;
use sightline_core::access::Role;
use sightline_ingest::practice::AuditsRead;
use sightline_store::Actor;

use crate::{Error, Result, Sightline};

/// Practice audits read and (unless a dry run) loaded.
#[derive(Debug, Clone, Serialize)]
pub struct AuditsImport {
    /// The file as read, with its findings.
    #[serde(flatten)]
    pub read: AuditsRead,
    /// Audits new to the database (none on a dry run).
    pub loaded: usize,
    /// Audits read that were already held (loaded before).
    pub already_held: usize,
    /// Whether this was a dry run.
    pub dry_run: bool,
}

impl Sightline {
    /// Reads practice audits and loads them in one transaction, each child pseudonymised with
    /// the installation's key, unless `dry_run`. Audited. An audit already held is not added
    /// again.
    ///
    /// # Errors
    /// [`Error::Forbidden`] unless an analyst or admin; the file's errors; [`Error::Invalid`]
    /// when no audit could be read, or no pseudonymisation key is configured; store errors.
    pub async fn import_audits(
        &self,
        role: Role,
        actor: &Actor,
        path: &Path,
        today: Date,
        dry_run: bool,
    ) -> Result<AuditsImport> {
        if !role.loads_data() {
            return Err(Error::Forbidden(
                "practice audits are loaded by analysts and admins",
            ));
        }
        let mut read = sightline_ingest::practice::read(path, today)?;
        if read.audits.is_empty() {
            return Err(Error::Invalid(format!(
                "{}: no audit could be read ({} refused); nothing was loaded",
                path.display(),
                read.rows_rejected
            )));
        }
        let (loaded, already_held) = if dry_run {
            // Nothing is kept, and the children are never shown: no key is needed to check.
            (0, 0)
        } else {
            let key = self.pseudonym_key(path).await?;
            for a in &mut read.audits {
                a.child = crate::pseudonym(&key, &a.child);
            }
            let source = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let added = self.db.load_audits(actor, &read.audits, &source).await?;
            (added, read.audits.len() - added)
        };
        Ok(AuditsImport {
            read,
            loaded,
            already_held,
            dry_run,
        })
    }
}
