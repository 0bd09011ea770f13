//! Running a test suite on both backends (decision 0035).
//!
//! A suite opens its databases with [`fresh`] (or [`fresh_location`]), and has one test that
//! calls [`again_on_postgres`]. `cargo test` then runs every test on SQLite, and, when
//! `SIGHTLINE_TEST_POSTGRES` names a server (`postgres://user@host:port`), runs the same test
//! binary again with every database on that server: one throwaway database per test, dropped
//! afterwards. Without a server the suite says the PostgreSQL run was skipped, and fails
//! instead when `SIGHTLINE_REQUIRE_POSTGRES` is set (as `.ci/run` sets it).

use std::sync::atomic::{AtomicUsize, Ordering};

use sqlx::Connection;

use crate::{Db, Location, Result};

/// The server to run the suites again on: `postgres://user@host:port`.
pub const SERVER: &str = "SIGHTLINE_TEST_POSTGRES";
/// Set (to anything) to make a missing server a failure.
pub const REQUIRE: &str = "SIGHTLINE_REQUIRE_POSTGRES";
/// Set to `postgres` in the run on PostgreSQL.
const BACKEND: &str = "SIGHTLINE_TEST_BACKEND";

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// Whether this run's databases are on PostgreSQL.
pub fn on_postgres() -> bool {
    std::env::var(BACKEND).is_ok_and(|b| b == "postgres")
}

/// The server URL with `database` as its database.
pub fn with_database(server: &str, database: &str) -> String {
    let (scheme, rest) = server.split_once("://").unwrap_or(("postgres", server));
    let (host, query) = match rest.split_once('/') {
        Some((host, path)) => (host, path.split_once('?').map(|(_, q)| q)),
        None => (rest, None),
    };
    match query {
        Some(q) => format!("{scheme}://{host}/{database}?{q}"),
        None => format!("{scheme}://{host}/{database}"),
    }
}

/// The server named by `SIGHTLINE_TEST_POSTGRES`; without one, says that `what` was skipped
/// and returns `None`, or fails when `SIGHTLINE_REQUIRE_POSTGRES` is set.
///
/// # Panics
/// When a server is required and none is named.
pub fn server(what: &str) -> Option<String> {
    let server = std::env::var(SERVER).ok();
    if server.is_none() {
        assert!(
            std::env::var_os(REQUIRE).is_none(),
            "{REQUIRE} is set but {SERVER} names no PostgreSQL server"
        );
        eprintln!("skipped: {what} (set {SERVER}=postgres://user@host:port; .ci/run does)");
    }
    server
}

/// The prefix of the throwaway databases made by the process `pid`.
fn prefix(pid: u32) -> String {
    format!("sightline_test_{pid}_")
}

/// Where a test's new, empty database is: in memory on SQLite, or a new database on the
/// server in the PostgreSQL run (made by [`Db::create`] when opened with
/// `Sightline::create` or [`fresh`]).
///
/// # Panics
/// In the PostgreSQL run without a server (it is only started with one).
pub fn fresh_location() -> Option<Location> {
    if !on_postgres() {
        return None;
    }
    let server = std::env::var(SERVER).expect("the PostgreSQL run is started with a server");
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let name = format!("{}{n}", prefix(std::process::id()));
    Some(Location::Postgres(with_database(&server, &name)))
}

/// A new, empty database for one test: in memory on SQLite, or a new database on the server
/// in the PostgreSQL run.
///
/// # Errors
/// As [`Db::open_in_memory`] and [`Db::create`].
pub async fn fresh() -> Result<Db> {
    match fresh_location() {
        Some(Location::Postgres(url)) => Ok(Db::create(&url).await?.0),
        _ => Db::open_in_memory().await,
    }
}

/// Runs this test binary again with every database on PostgreSQL, skipping `this_test`, and
/// panics with its output when a test fails there. Says plainly when it was skipped.
///
/// # Panics
/// When a test fails on PostgreSQL, or when no server is given and one is required.
pub async fn again_on_postgres(this_test: &str) {
    if on_postgres() {
        return;
    }
    let Some(server) = server("running every test of this suite again on PostgreSQL") else {
        return;
    };
    let exe = std::env::current_exe().expect("the test binary");
    let child = std::process::Command::new(exe)
        .args(["--skip", this_test, "--test-threads", "2"])
        .env(BACKEND, "postgres")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the test binary runs");
    let pid = child.id();
    let child = child.wait_with_output().expect("the test binary finishes");
    let stdout = String::from_utf8_lossy(&child.stdout);
    let stderr = String::from_utf8_lossy(&child.stderr);
    drop_databases(&server, &prefix(pid)).await;
    assert!(child.status.success(), "on PostgreSQL:\n{stdout}\n{stderr}");
    let summary = stdout
        .lines()
        .rfind(|l| l.starts_with("test result:"))
        .unwrap_or("no result line");
    eprintln!("on PostgreSQL: {summary}");
}

/// Drops the throwaway database at `url`.
pub async fn drop_database(url: &str) {
    let without_query = url.split('?').next().unwrap_or(url);
    let Some((server, name)) = without_query.rsplit_once('/') else {
        return;
    };
    drop_databases(server, name).await;
}

/// Drops the throwaway databases whose names start with `prefix`.
async fn drop_databases(server: &str, prefix: &str) {
    let Ok(mut c) = sqlx::PgConnection::connect(&with_database(server, "postgres")).await else {
        return;
    };
    let names: Vec<String> =
        sqlx::query_scalar("SELECT datname FROM pg_database WHERE starts_with(datname, $1)")
            .bind(prefix)
            .fetch_all(&mut c)
            .await
            .unwrap_or_default();
    for name in names {
        let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
        )))
        .execute(&mut c)
        .await;
    }
}

/// Rewrites extract `extract`'s kept rows in the form rows were kept in before decision 0037 (a
/// JSON object keyed by the template's headers), as an installation loaded then holds them: for
/// the tests that such rows still read back, and are still compared field by field.
///
/// # Errors
/// [`crate::Error::Query`]; [`crate::Error::Corrupt`] for a row that does not read.
pub async fn keep_rows_keyed_by_header(db: &Db, extract: i64) -> Result<usize> {
    use sightline_core::annex_a::{self, Value};
    use sqlx::Row;
    let (_, rows) = db.extract_rows(extract).await?;
    let mut keyed = Vec::with_capacity(rows.len());
    for (list, record) in rows {
        let spec = annex_a::list(i64::from(list)).map_err(|e| crate::Error::Corrupt {
            what: "list",
            value: list.to_string(),
            reason: e.to_string(),
        })?;
        let map: serde_json::Map<String, serde_json::Value> = spec
            .columns
            .iter()
            .zip(&record.values)
            .map(|(c, v)| {
                let v = match v {
                    Value::Empty => serde_json::Value::Null,
                    Value::Date(d) => d.to_string().into(),
                    Value::Int(i) => (*i).into(),
                    Value::Text(t) => t.to_string().into(),
                    Value::Code(c) => (*c).into(),
                };
                (c.header.to_string(), v)
            })
            .collect();
        keyed.push((i64::from(list), i64::from(record.row), map));
    }
    crate::with_pool!(db, |p| {
        let ids: Vec<i64> =
            sqlx::query("SELECT id FROM child_rows WHERE extract_id = $1 ORDER BY id")
                .bind(extract)
                .fetch_all(p)
                .await?
                .iter()
                .map(|r| r.try_get("id"))
                .collect::<std::result::Result<_, _>>()?;
        for (id, (list, row, map)) in ids.iter().zip(&keyed) {
            sqlx::query(
                "UPDATE child_rows SET data = $1 \
                 WHERE extract_id = $5 AND list = $3 AND id = $2 AND row = $4",
            )
            .bind(serde_json::Value::Object(map.clone()).to_string())
            .bind(id)
            .bind(list)
            .bind(row)
            .bind(extract)
            .execute(p)
            .await?;
        }
    });
    Ok(keyed.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_test_database_replaces_the_servers() {
        assert_eq!(
            with_database("postgres://me@localhost:5433", "t1"),
            "postgres://me@localhost:5433/t1"
        );
        assert_eq!(
            with_database("postgres://me@localhost/other?sslmode=disable", "t1"),
            "postgres://me@localhost/t1?sslmode=disable"
        );
    }
}
