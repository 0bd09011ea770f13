//! Sightline's domain, pure: no I/O, no async, no database.
//!
//! The types every other crate speaks in: [`authority::Authority`] and its statistical
//! neighbours, the Ofsted [`inspection`] record (framework, judgements, recommendations,
//! the next inspection window), the improvement [`plan`] with its [`rag`] ratings and the
//! [`timescale`]s councils write, the [`indicator`] catalogue's ids, and the working-day
//! [`calendar::WorkCalendar`].
//!
//! ```
//! use sightline_core::inspection::{Grade, next_window, InspectionKind};
//! use jiff::civil::date;
//!
//! let w = next_window(date(2024, 9, 27), InspectionKind::Standard, Some(Grade::RequiresImprovement));
//! assert_eq!(w.anniversary, date(2027, 9, 27));
//! assert_eq!(w.expected_kind, InspectionKind::Standard);
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod access;
pub mod alliance;
pub mod annex_a;
pub mod authority;
pub mod benchmark;
pub mod calendar;
pub mod commentary;
pub mod disclosure;
pub mod finding;
pub mod governance;
pub mod indicator;
pub mod inspection;
pub mod money;
pub mod pack;
pub mod plan;
pub mod practice;
pub mod rag;
pub mod self_evaluation;
pub mod timescale;
pub mod workforce;

/// An error from validating a domain value.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum Error {
    /// A value that is not one of a fixed vocabulary.
    #[error("{value:?} is not a known {kind} (expected one of: {expected})")]
    UnknownValue {
        /// What kind of value was expected ("grade", "inspection kind").
        kind: &'static str,
        /// The value as given.
        value: String,
        /// The accepted spellings.
        expected: &'static str,
    },
}

/// The result type of this crate.
pub type Result<T> = std::result::Result<T, Error>;
