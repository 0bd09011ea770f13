//! Owners' commentary on indicators, written before a pack is built (issue 16): who may write
//! it, what a valid one is, and which exceptions still lack it.

use sightline_core::access::Role;
use sightline_core::commentary::{Commentary, is_period};
use sightline_core::indicator;
use sightline_store::Actor;

use crate::{Error, Result, Sightline};

/// The longest commentary: a few paragraphs, not a report.
pub const MAX_COMMENTARY_CHARS: usize = 4_000;

impl Sightline {
    /// Adds a version of `role`'s commentary on `id` for `period` (`YYYY-MM`), signed by
    /// `actor` and audited. Returns its version.
    ///
    /// # Errors
    /// [`Error::Forbidden`] for a viewer; [`Error::Invalid`] for an unknown indicator, a
    /// period that is no month, or empty or over-long text; store errors.
    pub async fn add_commentary(
        &self,
        role: Role,
        actor: &Actor,
        id: &str,
        period: &str,
        text: &str,
    ) -> Result<i64> {
        if !role.comments() {
            return Err(Error::Forbidden(
                "commentary is written by the indicator's owners: managers, analysts and admins",
            ));
        }
        let def = indicator::definition(id).ok_or_else(|| {
            Error::Invalid(format!(
                "{id:?} is not an indicator id (see `sightline indicators list`)"
            ))
        })?;
        let period = period.trim();
        if !is_period(period) {
            return Err(Error::Invalid(format!(
                "{period:?} is not a period: give the month as YYYY-MM (2026-10)"
            )));
        }
        let text = text.trim();
        if text.is_empty() {
            return Err(Error::Invalid("write the commentary: it is empty".into()));
        }
        let n = text.chars().count();
        if n > MAX_COMMENTARY_CHARS {
            return Err(Error::Invalid(format!(
                "the commentary is {n} characters; at most {MAX_COMMENTARY_CHARS} (a few \
                 paragraphs) fit beside a figure"
            )));
        }
        Ok(self.db.add_commentary(actor, def.id, period, text).await?)
    }

    /// Every version of the commentary, oldest first, for one indicator or all.
    ///
    /// # Errors
    /// Store errors.
    pub async fn commentary(&self, id: Option<&str>) -> Result<Vec<Commentary>> {
        Ok(self.db.commentary(id).await?)
    }

    /// The latest version of the commentary on `id` for `period`, if any.
    ///
    /// # Errors
    /// Store errors.
    pub async fn latest_commentary(&self, id: &str, period: &str) -> Result<Option<Commentary>> {
        Ok(self
            .db
            .commentary(Some(id))
            .await?
            .into_iter()
            .filter(|c| c.period == period)
            .max_by_key(|c| c.version))
    }
}
