//! The demo: a database for the fictional authority Northfield.

use serde::Serialize;
use sightline_store::Actor;

use crate::{Result, Sightline};

/// What the demo did.
#[derive(Debug, Clone, Serialize)]
pub struct DemoSummary {
    /// The demo authority.
    pub authority: String,
    /// Inspection events newly recorded.
    pub inspections_created: usize,
    /// Inspection events that were already there.
    pub inspections_existing: usize,
}

impl Sightline {
    /// Fills the database with the demo authority's inspection journey. Running it again
    /// adds nothing.
    ///
    /// # Errors
    /// Store errors.
    pub async fn build_demo(&self) -> Result<DemoSummary> {
        let actor = Actor::system();
        let mut summary = DemoSummary {
            authority: sightline_synth::northfield().name,
            inspections_created: 0,
            inspections_existing: 0,
        };
        for inspection in sightline_synth::northfield_journey() {
            if self
                .db
                .record_inspection(&actor, &inspection)
                .await?
                .created
            {
                summary.inspections_created += 1;
            } else {
                summary.inspections_existing += 1;
            }
        }
        Ok(summary)
    }
}
