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
mod alliance;
mod audit;
mod commentary;
mod copy;
mod copy_in;
mod extract;
mod governance;
mod indicator;
mod inspection;
mod money;
mod native;
mod pack;
mod plan;
mod practice;
mod self_evaluation;
#[doc(hidden)]
pub mod testing;
mod token;
mod workforce;

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use sqlx::Connection;
use sqlx::postgres::{PgConnectOptions, PgConnection, PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};

pub use account::{Session, User};
pub use alliance::Grant;
use audit::Entry;
pub use audit::{Actor, AuditEntry};
pub use copy::TableCopy;
pub use extract::{
    ExtractSummary, FindingCount, FindingFilter, FindingsBy, NewExtract, OwnedFinding,
    StoredFinding,
};
pub use governance::NewPaper;
pub use indicator::{Figures, StoredTarget};
pub use inspection::Recorded;
pub use pack::NewPack;
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
    /// The database server could not be reached, or refused the connection.
    #[error("cannot connect to the database {url}")]
    Connect {
        /// The server's URL, without its password.
        url: String,
        /// The cause.
        source: sqlx::Error,
    },
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
    /// A change the store will not make, and why.
    #[error("{0}")]
    Refused(String),
    /// The thing asked for does not exist.
    #[error("{0} not found")]
    NotFound(String),
}

/// The result type of this crate.
pub type Result<T> = std::result::Result<T, Error>;

/// A handle on the database for one authority: every record an authority owns (extracts,
/// figures, targets, settings, users and their grants, the audit log) is written as that
/// authority's and read only if it is that authority's (decision 0020).
///
/// An installation that has not yet named its authority has a handle for none: it writes
/// records as "not yet named" (0) and reads every record, as a single-authority installation
/// does; naming the authority ([`Db::name_authority`]) adopts them.
#[derive(Debug, Clone)]
pub struct Db {
    pool: Pool,
    /// The authority's DfE code; 0 until the installation names it. Shared by every clone of
    /// the handle, so naming it takes effect everywhere at once.
    authority: Arc<AtomicI64>,
}

/// A connection pool to one of the supported databases.
#[derive(Debug, Clone)]
pub(crate) enum Pool {
    /// The embedded default: one SQLite file in WAL mode.
    Sqlite(SqlitePool),
    /// A shared server (decision 0035).
    Postgres(PgPool),
}

/// Runs `$body` with `$pool` bound to the backend's pool: the body is compiled once for each
/// backend, so a query is written once, with `$1` placeholders and SQL both engines read
/// (`COUNT(*) FILTER (WHERE …)`, `TRUE`, `ON CONFLICT`), and binds and reads the same Rust
/// types ([`native::Day`] and [`native::Instant`] for dates and instants). The few queries
/// that must differ ask [`Db::dialect`].
macro_rules! with_pool {
    ($db:expr, |$pool:ident| $body:expr) => {
        match &$db.pool {
            $crate::Pool::Sqlite($pool) => $body,
            $crate::Pool::Postgres($pool) => $body,
        }
    };
}
pub(crate) use with_pool;

/// A connection (inside a transaction, usually) of either backend, for the helpers that several
/// writes share; `&mut *tx` of either backend converts into it.
pub(crate) enum Conn<'c> {
    Sqlite(&'c mut sqlx::SqliteConnection),
    Postgres(&'c mut sqlx::PgConnection),
}

impl<'c> From<&'c mut sqlx::SqliteConnection> for Conn<'c> {
    fn from(c: &'c mut sqlx::SqliteConnection) -> Self {
        Conn::Sqlite(c)
    }
}

impl<'c> From<&'c mut sqlx::PgConnection> for Conn<'c> {
    fn from(c: &'c mut sqlx::PgConnection) -> Self {
        Conn::Postgres(c)
    }
}

/// Runs `$body` with `$c` bound to the connection of a [`Conn`], compiled for each backend.
macro_rules! with_conn {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::Conn::Sqlite($c) => $body,
            $crate::Conn::Postgres($c) => $body,
        }
    };
}
pub(crate) use with_conn;

/// A row read from either backend, for the readers several queries share.
pub(crate) enum AnyRow<'r> {
    Sqlite(&'r sqlx::sqlite::SqliteRow),
    Postgres(&'r sqlx::postgres::PgRow),
}

impl<'r> From<&'r sqlx::sqlite::SqliteRow> for AnyRow<'r> {
    fn from(r: &'r sqlx::sqlite::SqliteRow) -> Self {
        AnyRow::Sqlite(r)
    }
}

impl<'r> From<&'r sqlx::postgres::PgRow> for AnyRow<'r> {
    fn from(r: &'r sqlx::postgres::PgRow) -> Self {
        AnyRow::Postgres(r)
    }
}

/// Runs `$body` with `$r` bound to the row of an [`AnyRow`], compiled for each backend.
macro_rules! with_row {
    ($row:expr, |$r:ident| $body:expr) => {
        match $row {
            $crate::AnyRow::Sqlite($r) => $body,
            $crate::AnyRow::Postgres($r) => $body,
        }
    };
}
pub(crate) use with_row;

/// Which SQL a backend reads, for the few queries that cannot be written once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Sqlite,
    Postgres,
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Where a database is: a SQLite file (the default) or a PostgreSQL server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A SQLite file.
    Sqlite(PathBuf),
    /// A PostgreSQL connection URL (`postgres://user@host:port/database`).
    Postgres(String),
}

impl Location {
    /// Reads `postgres://…` or `postgresql://…` as a server, `sqlite:PATH` or a bare path as a
    /// SQLite file.
    pub fn parse(text: &str) -> Location {
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            Location::Postgres(text.to_string())
        } else {
            let path = text
                .strip_prefix("sqlite://")
                .or_else(|| text.strip_prefix("sqlite:"))
                .unwrap_or(text);
            Location::Sqlite(PathBuf::from(path))
        }
    }

    /// The location fit for logs and messages: a server URL without its password.
    pub fn redacted(&self) -> String {
        match self {
            Location::Sqlite(p) => p.display().to_string(),
            Location::Postgres(url) => redact(url),
        }
    }
}

/// The error for a server at `url` that cannot be reached or refuses.
fn connect_failed(url: &str) -> impl Fn(sqlx::Error) -> Error + Copy + '_ {
    move |source| Error::Connect {
        url: redact(url),
        source,
    }
}

/// `postgres://user:secret@host/db` as `postgres://user:***@host/db`.
fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let Some((auth, host)) = rest.split_once('@') else {
        return url.to_string();
    };
    match auth.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_string(),
    }
}

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
        Db::with(Pool::Sqlite(pool)).await
    }

    /// Opens the database at `location`: [`Db::open`] for a SQLite file, [`Db::connect`] for a
    /// server.
    ///
    /// # Errors
    /// As [`Db::open`] and [`Db::connect`].
    pub async fn at(location: &Location) -> Result<Db> {
        match location {
            Location::Sqlite(path) => Db::open(path).await,
            Location::Postgres(url) => Db::connect(url).await,
        }
    }

    /// Connects to the PostgreSQL database at `url` and brings its schema up to date. The
    /// database must exist ([`Db::create`] makes it).
    ///
    /// # Errors
    /// [`Error::Connect`] when the server cannot be reached or refuses, [`Error::Migrate`].
    pub async fn connect(url: &str) -> Result<Db> {
        let failed = connect_failed(url);
        let options = PgConnectOptions::from_str(url).map_err(failed)?;
        // One connection first, so a refused or unreachable server is reported as what it is
        // rather than as a pool that timed out retrying it.
        PgConnection::connect_with(&options)
            .await
            .map_err(failed)?
            .close()
            .await
            .map_err(failed)?;
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(std::time::Duration::from_secs(30))
            .connect_with(options)
            .await
            .map_err(failed)?;
        POSTGRES_MIGRATIONS.run(&pool).await?;
        Db::with(Pool::Postgres(pool)).await
    }

    /// Creates the PostgreSQL database named in `url` if it does not exist (connecting to the
    /// server's `postgres` database to do so), then connects to it. Returns whether it was
    /// created.
    ///
    /// # Errors
    /// [`Error::Connect`], [`Error::Refused`] for a name that is not a plain identifier,
    /// [`Error::Migrate`].
    pub async fn create(url: &str) -> Result<(Db, bool)> {
        let created = create_database(url).await?;
        Ok((Db::connect(url).await?, created))
    }

    /// Which SQL this database reads.
    pub(crate) fn dialect(&self) -> Dialect {
        match self.pool {
            Pool::Sqlite(_) => Dialect::Sqlite,
            Pool::Postgres(_) => Dialect::Postgres,
        }
    }

    /// `sqlite` or `postgres`.
    pub fn backend(&self) -> &'static str {
        match self.dialect() {
            Dialect::Sqlite => "sqlite",
            Dialect::Postgres => "postgres",
        }
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
        Db::with(Pool::Sqlite(pool)).await
    }

    /// A handle on `pool` for the authority the installation serves.
    async fn with(pool: Pool) -> Result<Db> {
        let db = Db {
            pool,
            authority: Arc::new(AtomicI64::new(0)),
        };
        let named: Option<String> = with_pool!(db, |p| {
            sqlx::query_scalar("SELECT value FROM installation WHERE key = 'authority'")
                .fetch_optional(p)
                .await?
        });
        if let Some(code) = named {
            db.authority
                .store(parse("installation authority", &code)?, Ordering::Relaxed);
        }
        Ok(db)
    }

    /// The authority this handle reads and writes for (`None`: the installation has not
    /// named it yet, and reads every record).
    pub fn authority(&self) -> Option<i64> {
        Some(self.authority.load(Ordering::Relaxed)).filter(|c| *c != 0)
    }

    /// The authority new records are written for (0: not yet named).
    pub(crate) fn owner(&self) -> i64 {
        self.authority.load(Ordering::Relaxed)
    }

    /// A handle on the same database for another authority (a shared database: each request
    /// reads and writes as its user's authority).
    pub fn for_authority(&self, code: i64) -> Db {
        Db {
            pool: self.pool.clone(),
            authority: Arc::new(AtomicI64::new(code)),
        }
    }

    /// Names the authority this installation serves (audited): the records written before it
    /// was named become its own. Once named, it cannot be named again as another authority
    /// while it holds records: they would be left behind, as another authority's.
    ///
    /// # Errors
    /// [`Error::Refused`] when another authority is named and holds records; [`Error::Query`].
    pub async fn name_authority(&self, actor: &Actor, code: i64) -> Result<()> {
        let before = self.authority();
        if before == Some(code) {
            return Ok(());
        }
        with_pool!(self, |p| {
            let mut tx = p.begin().await?;
            // A handle acting for one authority of a shared database (`for_authority`) is not
            // the installation's: it may not rename the installation.
            let installed: Option<String> =
                sqlx::query_scalar("SELECT value FROM installation WHERE key = 'authority'")
                    .fetch_optional(&mut *tx)
                    .await?;
            if installed != before.map(|b| b.to_string()) {
                return Err(Error::Refused(format!(
                    "this command acts for authority {} of a shared database; it cannot name \
                     the installation's authority",
                    before.unwrap_or(0)
                )));
            }
            if let Some(old) = before {
                let held: i64 = sqlx::query_scalar(
                    "SELECT (SELECT COUNT(*) FROM extracts WHERE authority_code = $1) + \
                     (SELECT COUNT(*) FROM plans WHERE authority_code = $1) + \
                     (SELECT COUNT(*) FROM indicator_targets WHERE authority_code = $1)",
                )
                .bind(old)
                .fetch_one(&mut *tx)
                .await?;
                if held > 0 {
                    return Err(Error::Refused(format!(
                        "this installation serves authority {old}, and its extracts, plans and \
                         targets are that authority's; it cannot now serve {code}. Use a new \
                         database for another authority"
                    )));
                }
            }
            for adopt in [
                "UPDATE extracts SET authority_code = $1 WHERE authority_code = 0",
                "UPDATE figures SET authority_code = $1 WHERE authority_code = 0",
                "UPDATE indicator_targets SET authority_code = $1 WHERE authority_code = 0",
                "UPDATE users SET authority_code = $1 WHERE authority_code = 0",
                "UPDATE user_teams SET authority_code = $1 WHERE authority_code = 0",
                "UPDATE audit_log SET authority_code = $1 WHERE authority_code = 0",
                "UPDATE commentary SET authority_code = $1 WHERE authority_code = 0",
                "UPDATE sealed_ids SET authority_code = $1 WHERE authority_code = 0",
            ] {
                sqlx::query(adopt).bind(code).execute(&mut *tx).await?;
            }
            // The settings made before the authority was named win over any it had.
            sqlx::query(
                "DELETE FROM authority_settings WHERE authority_code = $1 \
                 AND key IN (SELECT key FROM authority_settings WHERE authority_code = 0)",
            )
            .bind(code)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "UPDATE authority_settings SET authority_code = $1 WHERE authority_code = 0",
            )
            .bind(code)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO installation (key, value) VALUES ('authority', $1) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )
            .bind(code.to_string())
            .execute(&mut *tx)
            .await?;
            audit::record(
                &mut *tx,
                code,
                actor,
                Entry::new("authority.name", "installation", None, code.to_string())
                    .change(before.map(|b| b.to_string()), code.to_string()),
            )
            .await?;
            tx.commit().await?;
            Ok::<(), Error>(())
        })?;
        self.authority.store(code, Ordering::Relaxed);
        Ok(())
    }

    /// The SQLite journal mode in force (`wal` for a file database); `server` on PostgreSQL,
    /// whose write-ahead log is the server's.
    ///
    /// # Errors
    /// [`Error::Query`] when the database cannot be asked.
    pub async fn journal_mode(&self) -> Result<String> {
        match &self.pool {
            Pool::Sqlite(p) => Ok(sqlx::query_scalar("PRAGMA journal_mode")
                .fetch_one(p)
                .await?),
            Pool::Postgres(_) => Ok("server".into()),
        }
    }

    /// Every table's columns, `(table, column)` sorted, leaving out the databases' own and the
    /// migrations' bookkeeping: what the two migration sets must agree on.
    ///
    /// # Errors
    /// [`Error::Query`].
    pub async fn columns(&self) -> Result<Vec<(String, String)>> {
        let mut columns: Vec<(String, String)> =
            match &self.pool {
                Pool::Sqlite(p) => {
                    sqlx::query_as(
                        "SELECT m.name, c.name FROM sqlite_master m, pragma_table_info(m.name) c \
                     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' \
                     AND m.name NOT LIKE '_sqlx_%'",
                    )
                    .fetch_all(p)
                    .await?
                }
                Pool::Postgres(p) => sqlx::query_as(
                    "SELECT table_name::text, column_name::text FROM information_schema.columns \
                     WHERE table_schema = current_schema() AND table_name NOT LIKE '\\_sqlx\\_%'",
                )
                .fetch_all(p)
                .await?,
            };
        columns.sort();
        Ok(columns)
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

/// Creates the PostgreSQL database named in `url`, empty, if it does not exist (connecting to
/// the server's `postgres` database to do so). Returns whether it was created.
async fn create_database(url: &str) -> Result<bool> {
    let failed = connect_failed(url);
    let options = PgConnectOptions::from_str(url).map_err(failed)?;
    let name = options.get_database().unwrap_or("postgres").to_string();
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return Err(Error::Refused(format!(
            "the database name {name:?} must be letters, digits, '_' or '-'"
        )));
    }
    let mut server = PgConnection::connect_with(&options.clone().database("postgres"))
        .await
        .map_err(failed)?;
    let exists: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
            .bind(&name)
            .fetch_one(&mut server)
            .await?;
    if !exists {
        // The name was checked above to be a plain identifier; a name cannot be bound.
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
            .execute(&mut server)
            .await?;
    }
    server.close().await?;
    Ok(!exists)
}

#[cfg(test)]
mod migration_tests {
    use super::{POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS};

    /// The migrations of `set` up to `version`, to make a database as an older release left it.
    fn upto(set: &sqlx::migrate::Migrator, version: i64) -> sqlx::migrate::Migrator {
        let mut upto = sqlx::migrate::Migrator::DEFAULT;
        upto.migrations = std::borrow::Cow::Owned(
            set.iter()
                .filter(|m| m.version <= version)
                .cloned()
                .collect(),
        );
        upto
    }

    /// Migration 0026 on a PostgreSQL installation holding rows kept the old way (keyed by
    /// header, under the old key and index): they read back whole, under the new key.
    #[tokio::test]
    async fn kept_rows_read_back_after_0026_on_postgresql() {
        let Some(server) = crate::testing::server("upgrading kept rows on PostgreSQL") else {
            return;
        };
        let url = crate::testing::with_database(
            &server,
            &format!("sightline_test_0026_{}", std::process::id()),
        );
        assert!(
            super::create_database(&url)
                .await
                .expect("an empty database")
        );
        let pool = sqlx::PgPool::connect(&url).await.expect("pool");
        upto(&POSTGRES_MIGRATIONS, 25)
            .run(&pool)
            .await
            .expect("up to 0025");
        sqlx::query(
            "INSERT INTO extracts (id, source, as_at, pseudonymised, loaded_at, loaded_by, \
             authority_code) VALUES (1, 'x', DATE '2026-01-31', FALSE, now(), 't', 0)",
        )
        .execute(&pool)
        .await
        .expect("extract");
        sqlx::query(
            "INSERT INTO child_rows (extract_id, list, source, row, child_id, rejected, data) \
             VALUES (1, 1, 'List 1', 2, '001', FALSE, $1), (1, 3, 'List 3', 2, '001', TRUE, $2)",
        )
        .bind(r#"{"Child Unique ID":"001","Gender":"b) Female","Date of Contact":"2026-01-02"}"#)
        .bind(r#"{"Child Unique ID":"001","Date of referral":"2026-01-05"}"#)
        .execute(&pool)
        .await
        .expect("rows kept the old way");
        POSTGRES_MIGRATIONS.run(&pool).await.expect("the rest");
        pool.close().await;
        let db = crate::Db::connect(&url).await.expect("db");
        let (as_at, rows) = db.extract_rows(1).await.expect("rows");
        assert_eq!(as_at, jiff::civil::date(2026, 1, 31));
        let read: Vec<(u8, u32, bool, Option<String>)> = rows
            .iter()
            .map(|(l, r)| (*l, r.row, r.rejected, r.child_id().map(str::to_owned)))
            .collect();
        assert_eq!(
            read,
            [
                (1, 2, false, Some("001".to_string())),
                (3, 2, true, Some("001".to_string()))
            ]
        );
        assert_eq!(
            rows[0].1.values[5],
            sightline_core::annex_a::Value::Date(jiff::civil::date(2026, 1, 2))
        );
        db.close().await;
        crate::testing::drop_database(&url).await;
    }

    /// Migration 0025 keeps one seal per authority and child from the seals each extract made.
    #[tokio::test]
    async fn sealing_once_keeps_one_seal_per_authority_and_child() {
        let pool = sqlx::SqlitePool::connect("sqlite::memory:")
            .await
            .expect("pool");
        upto(&SQLITE_MIGRATIONS, 24)
            .run(&pool)
            .await
            .expect("up to 0024");
        for (id, authority) in [(1, 856), (2, 856), (3, 855)] {
            sqlx::query(
                "INSERT INTO extracts (id, source, as_at, pseudonymised, loaded_at, loaded_by, \
                 authority_code) VALUES ($1, 'x', '2026-01-31', 1, '2026-02-01T00:00:00Z', 't', $2)",
            )
            .bind(id)
            .bind(authority)
            .execute(&pool)
            .await
            .expect("extract");
        }
        // p-a is in both of Leicester's extracts (sealed twice, with different nonces), and in
        // Leicestershire's; p-b in Leicester's second only.
        for (extract, child, sealed) in [
            (1, "p-a", "aa01"),
            (2, "p-a", "aa02"),
            (2, "p-b", "bb01"),
            (3, "p-a", "cc01"),
        ] {
            sqlx::query(
                "INSERT INTO sealed_child_ids (extract_id, child_id, sealed) VALUES ($1, $2, $3)",
            )
            .bind(extract)
            .bind(child)
            .bind(sealed)
            .execute(&pool)
            .await
            .expect("seal");
        }
        SQLITE_MIGRATIONS.run(&pool).await.expect("the rest");
        let kept: Vec<(i64, String, String)> =
            sqlx::query_as("SELECT authority_code, child_id, sealed FROM sealed_ids ORDER BY 1, 2")
                .fetch_all(&pool)
                .await
                .expect("read");
        assert_eq!(
            kept,
            vec![
                (855, "p-a".to_string(), "cc01".to_string()),
                (856, "p-a".to_string(), "aa01".to_string()),
                (856, "p-b".to_string(), "bb01".to_string()),
            ]
        );
    }
}
