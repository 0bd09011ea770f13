//! Inspection use cases: read a report, import it, record a letter or meeting, the journey.

use std::path::Path;

use jiff::civil::Date;
use serde::Serialize;
use sightline_core::authority::Authority;
use sightline_core::inspection::{
    Addressee, Inspection, InspectionKind, Journey, Recommendation, Report, journey,
};
use sightline_store::{Actor, Recorded};

use crate::{Error, Result, Sightline};

/// The result of importing a report.
#[derive(Debug, Clone, Serialize)]
pub struct Imported {
    /// The authority it was recorded against.
    pub authority: Authority,
    /// The inspection as recorded.
    pub inspection: Inspection,
    /// Whether it was new (`created`) or already recorded.
    pub recorded: Recorded,
    /// Why the report gave no recommendation, when it gave none (a warning when no list was
    /// found: add them by hand before drafting a plan from it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recommendations_note: Option<String>,
}

/// An inspection event that comes as a letter or a meeting.
#[derive(Debug, Clone)]
pub struct NewEvent {
    /// Authority code or name.
    pub authority: String,
    /// Focused visit, monitoring visit, JTAI or annual engagement meeting.
    pub kind: InspectionKind,
    /// The (first) day.
    pub date: Date,
    /// The last day, for visits of more than one day.
    pub end_date: Option<Date>,
    /// Published date of the letter.
    pub published: Option<Date>,
    /// What the letter or meeting said.
    pub summary: Option<String>,
    /// Areas for improvement, in order.
    pub areas_for_improvement: Vec<String>,
    /// Areas for priority action, in order.
    pub priority_actions: Vec<String>,
}

/// Reads a published report without touching the database.
///
/// # Errors
/// [`Error::Ingest`] naming the file and why it could not be read.
pub fn parse_report(path: &Path) -> Result<Report> {
    Ok(sightline_ingest::ofsted::read(path)?)
}

impl Sightline {
    /// Imports a published report: the authority is resolved from the name in the report
    /// (or `authority` when given), then the inspection is recorded. Importing the same
    /// report twice changes nothing.
    ///
    /// # Errors
    /// [`Error::Ingest`] when the file is not a readable report, [`Error::UnknownAuthority`]
    /// when the report's authority is not in the reference list and none was given.
    pub async fn import_report(
        &self,
        actor: &Actor,
        path: &Path,
        authority: Option<&str>,
    ) -> Result<Imported> {
        let report = parse_report(path)?;
        let authority = match authority {
            Some(q) => self.authority(q)?,
            None => self.authority(&report.authority).map_err(|_| {
                Error::Invalid(format!(
                    "{}: the report names {:?}, which matches no authority in the reference \
                     list; give one with --authority CODE",
                    path.display(),
                    report.authority
                ))
            })?,
        };
        let source = path.file_name().map(|f| f.to_string_lossy().into_owned());
        let inspection = Inspection::from_report(&report, authority.code, source)
            .map_err(|why| Error::Invalid(format!("{}: {why}", path.display())))?;
        let recorded = self.db.record_inspection(actor, &inspection).await?;
        tracing::info!(
            inspection = recorded.id,
            created = recorded.created,
            "report imported"
        );
        let inspection = self.db.inspection(recorded.id).await?;
        Ok(Imported {
            authority,
            inspection,
            recorded,
            recommendations_note: report.recommendations_note,
        })
    }

    /// Records a focused visit, monitoring visit, JTAI or annual engagement meeting.
    ///
    /// # Errors
    /// [`Error::Invalid`] for a graded kind (import the report instead) or dates out of order.
    pub async fn add_event(&self, actor: &Actor, event: NewEvent) -> Result<Imported> {
        if event.kind.is_graded() {
            return Err(Error::Invalid(format!(
                "a {} is graded: import its published report with `sightline inspection import`",
                event.kind.label().to_lowercase()
            )));
        }
        if let Some(end) = event.end_date.filter(|end| *end < event.date) {
            return Err(Error::Invalid(format!(
                "the end date {end} is before the start date {}",
                event.date
            )));
        }
        let authority = self.authority(&event.authority)?;
        let priority = &event.priority_actions;
        let mut recommendations =
            Recommendation::numbered(priority, Addressee::LocalAuthority, true, 1);
        let next = u32::try_from(priority.len() + 1).unwrap_or(u32::MAX);
        recommendations.extend(Recommendation::numbered(
            &event.areas_for_improvement,
            Addressee::LocalAuthority,
            false,
            next,
        ));
        let inspection = Inspection {
            id: None,
            authority: authority.code,
            kind: event.kind,
            framework: None,
            start_date: event.date,
            end_date: event.end_date,
            published: event.published,
            lead_inspector: None,
            summary: event.summary,
            source: None,
            judgements: vec![],
            recommendations,
        };
        let recorded = self.db.record_inspection(actor, &inspection).await?;
        let inspection = self.db.inspection(recorded.id).await?;
        Ok(Imported {
            authority,
            inspection,
            recorded,
            recommendations_note: None,
        })
    }

    /// An authority's recorded inspections in date order and its next inspection window.
    ///
    /// # Errors
    /// [`Error::UnknownAuthority`] or store errors.
    pub async fn journey(&self, authority: &str) -> Result<(Authority, Journey)> {
        let authority = self.authority(authority)?;
        let events = self.db.inspections_of(authority.code).await?;
        Ok((authority, journey(events)))
    }

    /// One recorded inspection.
    ///
    /// # Errors
    /// [`Error::Store`] with not found when there is no such id.
    pub async fn inspection(&self, id: i64) -> Result<Inspection> {
        Ok(self.db.inspection(id).await?)
    }
}
