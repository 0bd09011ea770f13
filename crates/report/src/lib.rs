//! Sightline's outputs, built from view models (this crate never queries the database):
//! the action-plan workbook ([`plan::write_xlsx`]), the plan on a page ([`page`]), charts as
//! SVG for pages and documents ([`chart::line`]), and CSV whose cells stay text in a
//! spreadsheet ([`csv::table`]), and board and scrutiny packs as HTML and XLSX ([`pack`]).
#![forbid(unsafe_code)]
#![deny(missing_docs)]

use std::path::PathBuf;

pub mod annex_a;
pub mod chart;
pub mod csv;
pub mod pack;
pub mod page;
pub mod plan;

/// What can go wrong writing an output.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be written.
    #[error("{}: cannot be written: {reason}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
}

/// The result type of this crate.
pub type Result<T> = std::result::Result<T, Error>;
