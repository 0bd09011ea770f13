//! An authority's profile: where it is, its statistical neighbours and their latest grades.

use serde::Serialize;
use sightline_core::authority::{Authority, LaCode, LatestOutcome};
use sightline_core::inspection::Grade;

use crate::{Result, Sightline};

/// One statistical neighbour and its latest published overall grade.
#[derive(Debug, Clone, Serialize)]
pub struct NeighbourGrade {
    /// Rank in the neighbour list (1 is nearest).
    pub rank: usize,
    /// DfE code.
    pub code: LaCode,
    /// Name (or the code alone when the neighbour is not in the reference list).
    pub name: String,
    /// The neighbour's latest ILACS outcome, if known.
    pub latest: Option<LatestOutcome>,
}

/// An authority with its neighbours' latest grades.
#[derive(Debug, Clone, Serialize)]
pub struct Profile {
    /// The authority.
    pub authority: Authority,
    /// Its own latest grade: from recorded inspections if any, else the reference table.
    pub latest: Option<LatestOutcome>,
    /// Its ten statistical neighbours, nearest first.
    pub neighbours: Vec<NeighbourGrade>,
}

impl Profile {
    /// How many neighbours hold each grade, best first.
    pub fn neighbour_grade_counts(&self) -> Vec<(Grade, usize)> {
        Grade::ALL
            .iter()
            .map(|g| {
                let n = self
                    .neighbours
                    .iter()
                    .filter(|n| n.latest.as_ref().and_then(|l| l.overall) == Some(*g))
                    .count();
                (*g, n)
            })
            .collect()
    }
}

impl Sightline {
    /// The profile of an authority found by code or name.
    ///
    /// # Errors
    /// [`crate::Error::UnknownAuthority`] when nothing matches; store errors.
    pub async fn profile(&self, query: &str) -> Result<Profile> {
        let authority = self.authority(query)?;
        let latest = self.latest_outcome(authority.code).await?;
        let mut neighbours = Vec::new();
        for (i, code) in authority.neighbours.iter().enumerate() {
            neighbours.push(NeighbourGrade {
                rank: i + 1,
                code: *code,
                name: self
                    .reference
                    .authority(*code)
                    .map(|a| a.name.clone())
                    .unwrap_or_else(|| code.to_string()),
                latest: self.latest_outcome(*code).await?,
            });
        }
        Ok(Profile {
            authority,
            latest,
            neighbours,
        })
    }

    /// The latest graded outcome: a recorded inspection newer than the reference table's
    /// wins, so an imported report updates the picture.
    pub(crate) async fn latest_outcome(&self, code: LaCode) -> Result<Option<LatestOutcome>> {
        let reference = self.reference.outcome(code).cloned();
        let recorded = self
            .db
            .inspections_of(code)
            .await?
            .into_iter()
            .filter(|i| i.kind.is_graded() && !i.judgements.is_empty())
            .max_by_key(|i| i.last_day())
            .map(|i| LatestOutcome {
                code,
                overall: i.headline(),
                start_date: Some(i.start_date),
                end_date: i.end_date,
                published: i.published,
                kind: Some(i.kind.as_str().to_string()),
            });
        Ok(match (reference, recorded) {
            (Some(r), Some(d)) if r.end_date >= d.end_date => Some(r),
            (_, Some(d)) => Some(d),
            (r, None) => r,
        })
    }
}

/// Every local authority in the reference data (no database needed).
///
/// # Errors
/// [`Error::Ingest`] when the compiled-in table cannot be read (a build problem).
pub fn authorities() -> Result<Vec<sightline_core::authority::Authority>> {
    Ok(sightline_ingest::reference::authorities()?)
}
