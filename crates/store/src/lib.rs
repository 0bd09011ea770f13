//! Sightline's persistence: the only crate that writes SQL.
//!
//! [`Db`] opens (and creates on first use) the embedded SQLite database in WAL mode and runs
//! the migrations in `migrations/sqlite/`. Every write goes through a method that records an
//! [`AuditEntry`] in the same transaction, so the audit log cannot miss a change.
//!
//! `Db` is an enum so that PostgreSQL can be added as a second variant, with its own
//! `migrations/postgres/` of the same names, without changing a caller: every query is
//! written once inside `with_pool!`.
//!
//! ```no_run
//! # async fn run() -> sightline_store::Result<()> {
//! let db = sightline_store::Db::open(std::path::Path::new("sightline.db")).await?;
//! let recent = db.audit_log(10).await?;
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod account;
mod audit;
mod extract;
mod indicator;
mod inspection;
mod plan;
mod token;

use std::path::{Path, PathBuf};
use std::str::FromStr;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};

pub use account::{Session, User};
pub use audit::{Actor, AuditEntry};
pub use extract::{
    ExtractSummary, FindingCount, FindingFilter, FindingsBy, NewExtract, OwnedFinding,
    StoredFinding,
};
pub use indicator::{Figures, StoredTarget};
pub use inspection::Recorded;
pub use plan::PlanSummary;
pub use token::ApiToken;

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database file could not be opened or created.
    #[error("cannot open the database {}: {source}", path.display())]
    Open {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: sqlx::Error,
    },
    /// A migration failed.
    #[error("cannot bring the database schema up to date: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A query failed.
    #[error("database error: {0}")]
    Query(#[from] sqlx::Error),
    /// A stored value could not be read back (the database was edited by hand?).
    #[error("stored {what} {value:?} cannot be read: {reason}")]
    Corrupt {
        /// Which column.
        what: &'static str,
        /// The value found.
        value: String,
        /// Why it is not valid.
        reason: String,
    },
    /// The thing asked for does not exist.
    #[error("{0} not found")]
    NotFound(String),
}

/// The result type of this crate.
pub type Result<T> = std::result::Result<T, Error>;

/// A connection pool to one of the supported databases.
#[derive(Debug, Clone)]
pub enum Db {
    /// The embedded default: one SQLite file in WAL mode.
    Sqlite(SqlitePool),
}

/// Runs `$body` with `$pool` bound to the backend's pool. Queries are written once, with `$1`
/// placeholders, so a PostgreSQL arm needs no change to them.
macro_rules! with_pool {
    ($db:expr, |$pool:ident| $body:expr) => {
        match $db {
            $crate::Db::Sqlite($pool) => $body,
        }
    };
}
pub(crate) use with_pool;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

impl Db {
    /// Opens the SQLite database at `path`, creating the file and its folder on first use,
    /// and brings the schema up to date.
    ///
    /// # Errors
    /// [`Error::Open`] when the file cannot be created or opened, [`Error::Migrate`] when
    /// the schema cannot be updated.
    pub async fn open(path: &Path) -> Result<Db> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::Open {
                path: path.to_path_buf(),
                source: sqlx::Error::Io(e),
            })?;
        }
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .foreign_keys(true)
            .busy_timeout(std::time::Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .map_err(|source| Error::Open {
                path: path.to_path_buf(),
                source,
            })?;
        SQLITE_MIGRATIONS.run(&pool).await?;
        Ok(Db::Sqlite(pool))
    }

    /// A private in-memory database (for tests and dry runs).
    ///
    /// # Errors
    /// As [`Db::open`].
    pub async fn open_in_memory() -> Result<Db> {
        let options = SqliteConnectOptions::from_str("sqlite::memory:")?.foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await?;
        SQLITE_MIGRATIONS.run(&pool).await?;
        Ok(Db::Sqlite(pool))
    }

    /// The SQLite journal mode in force (`wal` for a file database).
    ///
    /// # Errors
    /// [`Error::Query`] when the database cannot be asked.
    pub async fn journal_mode(&self) -> Result<String> {
        with_pool!(self, |p| {
            let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
                .fetch_one(p)
                .await?;
            Ok(mode)
        })
    }

    /// Closes the pool, checkpointing the WAL.
    pub async fn close(&self) {
        with_pool!(self, |p| p.close().await)
    }
}

pub(crate) fn parse<T: FromStr>(what: &'static str, value: &str) -> Result<T>
where
    T::Err: std::fmt::Display,
{
    value.parse::<T>().map_err(|e| Error::Corrupt {
        what,
        value: value.to_string(),
        reason: e.to_string(),
    })
}

pub(crate) fn parse_opt<T: FromStr>(what: &'static str, value: Option<String>) -> Result<Option<T>>
where
    T::Err: std::fmt::Display,
{
    value.map(|v| parse(what, &v)).transpose()
}
