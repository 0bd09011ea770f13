//! The demo: a database for the fictional authority Northfield.

use serde::Serialize;
use sightline_store::Actor;

use crate::{Error, Result, Sightline};

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
    /// The synthetic Annex A extract loaded, if one was loaded now.
    pub extract_id: Option<i64>,
    /// Rows in that extract.
    pub extract_rows: usize,
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
            extract_id: None,
            extract_rows: 0,
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
        if self.db.extracts().await?.is_empty() {
            // A synthetic month of child-level data for Northfield, pseudonymised like a real
            // load would be; generated, never real.
            let as_at = jiff::Zoned::now().date();
            let tables = sightline_synth::annex_a::generate(sightline_synth::annex_a::Settings {
                children: 3000,
                seed: 2024,
                as_at,
                messy: sightline_synth::annex_a::Messy::Some,
            });
            let path =
                std::env::temp_dir().join(format!("sightline-demo-{}.xlsx", std::process::id()));
            sightline_synth::annex_a::write_xlsx(&tables, &path)
                .map_err(|e| Error::Invalid(e.to_string()))?;
            let loaded = self
                .load_extract(&actor, &path, Some(as_at), true, &|_, _| {})
                .await;
            let _ = std::fs::remove_file(&path);
            let loaded = loaded?;
            summary.extract_id = Some(loaded.id);
            summary.extract_rows = loaded.extract.lists.iter().map(|l| l.rows_read).sum();
        }
        Ok(summary)
    }
}
