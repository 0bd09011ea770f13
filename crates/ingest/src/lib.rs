//! Outside files to Sightline's domain types: published Ofsted report PDFs ([`ofsted`]) and
//! the reference data compiled into the binary ([`reference`](mod@reference)).
//!
//! Nothing here touches the database: readers return core types (and, for data files,
//! findings) for `sightline-app` to store.
//!
//! ```no_run
//! let report = sightline_ingest::ofsted::read(std::path::Path::new("leicester_2025-01-29.pdf"))?;
//! println!("{} {:?}", report.authority, report.headline());
//! # Ok::<(), sightline_ingest::Error>(())
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

use std::path::PathBuf;

pub mod annex_a;
pub mod benchmarks;
pub mod cell;
pub mod columns;
pub mod finance;
pub mod ofsted;
pub mod package;
pub mod plan_workbook;
pub mod practice;
pub mod reference;
pub mod workforce;

/// What can go wrong reading an outside file.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be opened or read.
    #[error("{}: cannot be read: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The file is not a PDF whose text can be extracted.
    #[error("{}: {reason}", path.display())]
    Pdf {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The PDF's text is not a graded Ofsted inspection report.
    #[error("{}: not an Ofsted inspection report: {reason}", path.display())]
    NotAReport {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// A workbook that cannot be opened or holds no recognisable table.
    #[error("{}: {reason}", path.display())]
    Workbook {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// Compiled-in reference data is malformed (a build problem, not a user one).
    #[error("reference data {name}: {reason}")]
    Reference {
        /// Which table.
        name: &'static str,
        /// What is wrong, with the row.
        reason: String,
    },
}

/// The result type of this crate.
pub type Result<T> = std::result::Result<T, Error>;
