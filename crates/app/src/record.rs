//! The records kept about the records: the audit log, the list of plans, and a
//! stamp that changes whenever the data does.

use sightline_core::access::Role;
use sightline_store::{AuditEntry, PlanSummary};

use crate::{Error, Result, Sightline};

impl Sightline {
    /// The newest `limit` audit entries, optionally one person's (`who`) or those whose action
    /// starts with `action` (`plan.`, `user.`). For admins only.
    ///
    /// # Errors
    /// [`Error::Forbidden`] for any other role; store errors.
    pub async fn audit_log(
        &self,
        role: Role,
        limit: u32,
        who: Option<&str>,
        action: Option<&str>,
    ) -> Result<Vec<AuditEntry>> {
        if role != Role::Admin {
            return Err(Error::Forbidden("the audit log is for admins"));
        }
        Ok(self
            .db
            .audit_log(limit)
            .await?
            .into_iter()
            .filter(|a| who.is_none_or(|w| a.actor == w))
            .filter(|a| action.is_none_or(|p| a.action.starts_with(p)))
            .collect())
    }

    /// Every stored plan.
    ///
    /// # Errors
    /// Store errors.
    pub async fn plans(&self) -> Result<Vec<PlanSummary>> {
        Ok(self.db.plans(None).await?)
    }

    /// A number that changes whenever the data does (every write is audited): what to key a
    /// cache of anything built from the data by.
    ///
    /// # Errors
    /// Store errors.
    pub async fn data_version(&self) -> Result<i64> {
        Ok(self.db.last_audit_id().await?)
    }
}
