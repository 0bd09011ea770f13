//! Sightline's use cases, shared by the command line and the web app: import a published
//! report, record an inspection event, show an authority's journey and its neighbours, build
//! the demo.
//!
//! [`Sightline`] holds the store and the reference data; each method is one use case.
//!
//! ```no_run
//! # async fn run() -> Result<(), sightline_app::Error> {
//! let app = sightline_app::Sightline::open(std::path::Path::new("sightline.db")).await?;
//! let journey = app.journey("856").await?;
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod account;
mod alliance;
mod annex_a_export;
mod authority;
mod collection;
mod commentary;
mod database;
mod demo;
pub mod disclosure;
mod extract;
mod governance;
mod grant;
mod indicator;
mod inspection;
mod measure;
mod money;
mod pack;
mod plan;
mod practice;
mod readiness;
mod record;
mod sealed;
mod self_evaluation;
mod sight;
pub mod signin;
mod token;
mod workforce;

use std::path::Path;

use sightline_core::authority::Authority;
use sightline_ingest::reference::Reference;
use sightline_store::Db;
pub use sightline_store::{Location, TableCopy};

pub use account::{SESSION_HOURS, random_token, token_hash};
pub use alliance::{AllianceFigure, AllianceView, JourneyStep, Member, MemberFigure};
pub use annex_a_export::AnnexAExport;
pub use authority::{NeighbourGrade, Profile, authorities};
pub use collection::{CollectedExtract, CollectionLoad};
pub use commentary::MAX_COMMENTARY_CHARS;
pub use demo::DemoSummary;
pub use extract::{LoadAs, Loaded, OwnerCount, QualityReport, pseudonym};
pub use governance::{
    BodyRecord, ForwardEntry, MAX_MINUTE_CHARS, MAX_PAPER_BYTES, MeetingRecord, NewDecision,
    NewRequest, RequestStanding,
};
pub use grant::ActingRole;
pub use indicator::{IndicatorRun, Judged, Scorecard, ShownBenchmark};
pub use inspection::{Imported, NewEvent, parse_report as inspection_report};
pub use measure::TargetNote;
pub use money::{FundedAction, LineStatus, MoneyImport, MoneyStatus, MovedIndicator};
pub use pack::{BuiltPack, Format, PackRequest};
pub use plan::{
    ActionLine, ActionUpdate, ImportedPlan, OverdueMilestone, PlanStatus, PriorityLine, TargetLine,
};
pub use practice::AuditsImport;
pub use readiness::{Readiness, ReadinessItem};
pub use self_evaluation::{Cited, SelfEvaluationView};
pub use sight::{LineOfSight, STALE_AFTER_DAYS, SightFilter, SightRow, SightSection};
pub use sightline_ingest::benchmarks::{DfeColumn, DfeRead};
pub use sightline_store::Actor;
pub use sightline_store::Grant;
pub use sightline_store::{ApiToken, AuditEntry, ExtractSummary, PlanSummary};
pub use sightline_store::{FindingCount, FindingFilter, Session, StoredFinding, User};
pub use token::TOKEN_PREFIX;
pub use workforce::{WorkforceImport, WorkforceStatus};

/// Reads and checks an Annex A extract without touching the database.
///
/// # Errors
/// [`Error::Ingest`] naming the file when it cannot be read.
pub fn check_annex_a(
    path: &Path,
    as_at: Option<jiff::civil::Date>,
) -> Result<sightline_ingest::annex_a::Extract> {
    Ok(sightline_ingest::annex_a::check(path, as_at)?)
}

/// What can go wrong in a use case. Messages name the input and the cause.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An input file could not be read.
    #[error(transparent)]
    Ingest(#[from] sightline_ingest::Error),
    /// An output could not be written.
    #[error(transparent)]
    Report(#[from] sightline_report::Error),
    /// The database failed.
    #[error(transparent)]
    Store(sightline_store::Error),
    /// No authority matches what the user wrote.
    #[error(
        "no local authority matches {0:?} (give a DfE code such as 856, an ONS code or a name)"
    )]
    UnknownAuthority(String),
    /// The caller's role may not see or do this.
    #[error("not allowed: {0}")]
    Forbidden(&'static str),
    /// Too many attempts, or the server is too busy for this now: try again later.
    #[error("{0}")]
    TryLater(&'static str),
    /// The input is understood but cannot be used, with the reason.
    #[error("{0}")]
    Invalid(String),
}

impl From<sightline_store::Error> for Error {
    /// A change the store refuses is the user's to put right, not a failure.
    fn from(e: sightline_store::Error) -> Self {
        match e {
            sightline_store::Error::Refused(why) => Error::Invalid(why),
            e => Error::Store(e),
        }
    }
}

/// A scorecard with the audit id, extract and audience it was built for.
type CachedScorecard = (
    i64,
    Option<i64>,
    disclosure::Audience,
    std::sync::Arc<Scorecard>,
);

/// An extract's rows with its id.
type CachedRows = (i64, std::sync::Arc<sightline_core::indicator::ExtractRows>);

/// The result type of this crate.
pub type Result<T> = std::result::Result<T, Error>;

/// The application: the store plus the reference data.
#[derive(Debug, Clone)]
pub struct Sightline {
    db: Db,
    /// Shared by every authority's handle on the same installation (read-only but for
    /// added holidays).
    reference: std::sync::Arc<Reference>,
    /// The last scorecard, with the audit id and extract it was built for: every write is
    /// audited, so an unchanged audit id means an unchanged scorecard.
    scorecard: std::sync::Arc<tokio::sync::Mutex<Vec<CachedScorecard>>>,
    /// The rows of the extract last drilled into.
    rows: std::sync::Arc<tokio::sync::Mutex<Option<CachedRows>>>,
    /// The pseudonymisation key from the configuration (`secret_key`, `SIGHTLINE_SECRET_KEY`),
    /// kept out of the database; without it the database holds its own.
    secret_key: Option<std::sync::Arc<str>>,
    /// Failed sign-ins by address and by name at an address.
    throttle: std::sync::Arc<signin::Throttle>,
    /// One password hash at a time (argon2 is made to be slow): a flood of sign-ins queues
    /// here, off the async threads, and leaves the other core to the pages.
    hashing: std::sync::Arc<tokio::sync::Semaphore>,
}

impl Sightline {
    /// Opens (creating on first use) the SQLite database at `path`.
    ///
    /// # Errors
    /// [`Error::Store`] when the database cannot be opened.
    pub async fn open(path: &Path) -> Result<Sightline> {
        Sightline::over(Db::open(path).await?)
    }

    /// Opens the database at `location`: a SQLite file (created on first use) or a PostgreSQL
    /// database (which must exist: `sightline db create`).
    ///
    /// # Errors
    /// [`Error::Store`] when the database cannot be opened or reached.
    pub async fn at(location: &Location) -> Result<Sightline> {
        Sightline::over(Db::at(location).await?)
    }

    /// An application over a private in-memory database.
    ///
    /// # Errors
    /// As [`Sightline::open`].
    pub async fn in_memory() -> Result<Sightline> {
        Sightline::over(Db::open_in_memory().await?)
    }

    /// Creates the PostgreSQL database at `location` if it does not exist, brings its schema
    /// up to date and opens it; a SQLite file is created on first use as [`Sightline::open`]
    /// does. Returns whether the database was made now.
    ///
    /// # Errors
    /// [`Error::Store`] when the server cannot be reached or refuses.
    pub async fn create(location: &Location) -> Result<(Sightline, bool)> {
        let (db, made) = match location {
            Location::Postgres(url) => Db::create(url).await?,
            Location::Sqlite(path) => {
                let made = !path.exists();
                (Db::open(path).await?, made)
            }
        };
        Ok((Sightline::over(db)?, made))
    }

    /// An application over an opened database.
    fn over(db: Db) -> Result<Sightline> {
        Ok(Sightline {
            db,
            reference: std::sync::Arc::new(Reference::load()?),
            scorecard: std::sync::Arc::default(),
            rows: std::sync::Arc::default(),
            secret_key: None,
            throttle: std::sync::Arc::default(),
            hashing: std::sync::Arc::new(tokio::sync::Semaphore::new(1)),
        })
    }

    /// `sqlite` or `postgres`.
    pub fn backend(&self) -> &'static str {
        self.db.backend()
    }

    /// Adds bank holidays from a local file (`date,name`) to the working-day calendar.
    ///
    /// # Errors
    /// [`Error::Ingest`] naming the file and line.
    pub fn with_holidays(mut self, path: &Path) -> Result<Sightline> {
        let days = sightline_ingest::reference::extra_holidays(path)?;
        let reference = std::sync::Arc::make_mut(&mut self.reference);
        reference.calendar = std::mem::take(&mut reference.calendar).with(days);
        Ok(self)
    }

    /// Pseudonymises child identifiers with this key instead of one the database holds, so a
    /// copy of the database alone cannot be used to test a guessed identifier. The key must be
    /// at least 32 characters. A database whose pseudonyms were made with another key refuses
    /// to load with this one (see [`Sightline::load_extract`]).
    ///
    /// # Errors
    /// [`Error::Invalid`] when the key is shorter than 32 characters.
    pub fn with_secret_key(mut self, key: &str) -> Result<Sightline> {
        let key = key.trim();
        if key.chars().count() < 32 {
            return Err(Error::Invalid(
                "the secret key must be at least 32 characters (e.g. `openssl rand -hex 32`)"
                    .into(),
            ));
        }
        self.secret_key = Some(key.into());
        Ok(self)
    }

    /// Whether a pseudonymisation key is configured.
    pub fn has_secret_key(&self) -> bool {
        self.secret_key.is_some()
    }

    /// The store, for tests that set up or inspect what no use case shows. Screens never
    /// reach it: it exists only with the `test-support` feature.
    #[cfg(feature = "test-support")]
    pub fn db(&self) -> &Db {
        &self.db
    }

    /// The compiled-in reference data.
    pub fn reference(&self) -> &Reference {
        &self.reference
    }

    /// Finds an authority by code or name; the fictional demo authority (999, Northfield) is
    /// known too.
    ///
    /// # Errors
    /// [`Error::UnknownAuthority`] when nothing matches.
    pub fn authority(&self, query: &str) -> Result<Authority> {
        if let Some(a) = self.reference.find(query) {
            return Ok(a.clone());
        }
        let demo = sightline_synth::northfield();
        let q = query.trim();
        if q == demo.code.to_string() || q == "999" || demo.is_named(q) {
            return Ok(demo);
        }
        Err(Error::UnknownAuthority(query.to_string()))
    }
}

/// The test suites' databases on either backend (tests only; decision 0035).
#[cfg(feature = "test-support")]
pub use sightline_store::testing;
