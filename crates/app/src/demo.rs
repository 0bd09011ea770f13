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
    /// The demo improvement plan's id.
    pub plan_id: i64,
    /// Whether the plan was created now (false: it was already there).
    pub plan_created: bool,
}

impl Sightline {
    /// Fills the database with the demo authority's inspection journey and its improvement
    /// plan. Running it again adds nothing.
    ///
    /// # Errors
    /// Store errors.
    pub async fn build_demo(&self) -> Result<DemoSummary> {
        let actor = Actor::system();
        let mut summary = DemoSummary {
            authority: sightline_synth::northfield().name,
            inspections_created: 0,
            inspections_existing: 0,
            plan_id: 0,
            plan_created: false,
        };
        let mut latest = None;
        for inspection in sightline_synth::northfield_journey() {
            let recorded = self.db.record_inspection(&actor, &inspection).await?;
            if recorded.created {
                summary.inspections_created += 1;
            } else {
                summary.inspections_existing += 1;
            }
            if inspection.kind.is_graded() {
                latest = Some(recorded.id);
            }
        }
        let existing = self.db.plans(Some(sightline_synth::NORTHFIELD)).await?;
        match existing.first() {
            Some(p) => summary.plan_id = p.id,
            None => {
                let plan = sightline_synth::northfield_plan(latest);
                summary.plan_id = self.db.save_plan(&actor, &plan).await?;
                summary.plan_created = true;
            }
        }
        Ok(summary)
    }
}
