//! Moving an installation from its SQLite file to a PostgreSQL database (`sightline db copy`):
//! every table, in one transaction on the target, verified by row counts and checksums of
//! each table read back before it is committed.
//!
//! A row is read from SQLite as a JSON object, made canonical by the target column's type
//! (an instant to the microsecond PostgreSQL keeps, a flag as a boolean, bytes as hex), sent
//! as a batch to PostgreSQL's `json_populate_recordset`, and hashed; the target's rows are read
//! back with `row_to_json`, made canonical the same way, and hashed. Rows are read in batches
//! by `rowid`, so memory stays bounded whatever the size of the installation.

use serde::Serialize;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use sqlx::Row;

use crate::{Db, Error, Pool, Result};

/// Rows sent to the target at a time.
const BATCH: i64 = 2_000;

/// One table copied.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TableCopy {
    /// The table.
    pub table: String,
    /// Rows in the source and, after the copy, in the target.
    pub rows: u64,
    /// The checksum of its rows, the same in the source and the target (order-independent:
    /// the wrapping sum of each canonical row's SHA-256, as hex).
    pub checksum: String,
}

/// A column of the target, with its PostgreSQL type.
struct Column {
    name: String,
    kind: String,
}

/// An order-independent checksum: the wrapping sum of the rows' hashes.
#[derive(Default)]
struct Checksum(u128, u64);

impl Checksum {
    fn add(&mut self, row: &Map<String, Value>) {
        // A map serialises as its JSON object, in key order: no copy of the row is needed.
        let text = serde_json::to_string(row).unwrap_or_default();
        let hash = Sha256::digest(text.as_bytes());
        let mut first = [0u8; 16];
        first.copy_from_slice(&hash[..16]);
        self.0 = self.0.wrapping_add(u128::from_be_bytes(first));
        self.1 += 1;
    }

    fn hex(&self) -> String {
        format!("{:032x}", self.0)
    }
}

/// A table or column name from the databases' own catalogues, checked before it is put in SQL.
fn identifier(name: &str) -> Result<&str> {
    if !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        Ok(name)
    } else {
        Err(Error::Refused(format!(
            "unexpected table or column name {name:?}"
        )))
    }
}

/// A value made canonical for a column of PostgreSQL type `kind`.
fn canonical(table: &str, column: &Column, value: Value) -> Result<Value> {
    let corrupt = |reason: String| Error::Corrupt {
        what: "value to copy",
        value: format!("{table}.{}", column.name),
        reason,
    };
    if value.is_null() {
        return Ok(value);
    }
    Ok(match column.kind.as_str() {
        "timestamp with time zone" => {
            let text = value
                .as_str()
                .ok_or_else(|| corrupt(format!("{value} is not text")))?;
            let t: jiff::Timestamp = text
                .replacen(' ', "T", 1)
                .parse()
                .map_err(|e| corrupt(format!("{text:?} is not an instant: {e}")))?;
            let t = t
                .round(jiff::Unit::Microsecond)
                .map_err(|e| corrupt(e.to_string()))?;
            Value::String(t.to_string())
        }
        "date" => {
            let text = value
                .as_str()
                .ok_or_else(|| corrupt(format!("{value} is not text")))?;
            let d: jiff::civil::Date = text
                .parse()
                .map_err(|e| corrupt(format!("{text:?} is not a date: {e}")))?;
            Value::String(d.to_string())
        }
        "boolean" => Value::Bool(match &value {
            Value::Bool(b) => *b,
            Value::Number(n) => n.as_i64() != Some(0),
            other => return Err(corrupt(format!("{other} is not a flag"))),
        }),
        "bigint" => Value::from(
            value
                .as_i64()
                .ok_or_else(|| corrupt(format!("{value} is not a whole number")))?,
        ),
        "double precision" => Value::from(
            value
                .as_f64()
                .ok_or_else(|| corrupt(format!("{value} is not a number")))?,
        ),
        "bytea" => Value::String(
            value
                .as_str()
                .ok_or_else(|| corrupt(format!("{value} is not bytes")))?
                .to_ascii_lowercase(),
        ),
        _ => match value {
            Value::String(s) => Value::String(s),
            other => Value::String(other.to_string()),
        },
    })
}

/// A row read as a JSON object (`where_` names it in an error), made canonical column by
/// column.
fn canonical_row(
    table: &str,
    columns: &[Column],
    text: &str,
    where_: &str,
) -> Result<Map<String, Value>> {
    let mut read: Map<String, Value> = serde_json::from_str(text).map_err(|e| Error::Corrupt {
        what: "row to copy",
        value: where_.to_string(),
        reason: e.to_string(),
    })?;
    let mut row = Map::new();
    for c in columns {
        let value = read.remove(&c.name).unwrap_or(Value::Null);
        row.insert(c.name.clone(), canonical(table, c, value)?);
    }
    Ok(row)
}

impl Db {
    /// Copies every table of this SQLite database into `target`, an empty PostgreSQL database
    /// with the same schema, in one transaction: verified by each table's row count and
    /// checksum read back from the target, and committed only when every one agrees.
    ///
    /// # Errors
    /// [`Error::Refused`] when this is not SQLite, the target is not PostgreSQL, the target
    /// holds any row, or the schemas differ; [`Error::Corrupt`] naming the table, column and
    /// row of a value that cannot be read; a mismatch after copying (nothing is then kept).
    pub async fn copy_into(&self, target: &Db) -> Result<Vec<TableCopy>> {
        let (Pool::Sqlite(from), Pool::Postgres(to)) = (&self.pool, &target.pool) else {
            return Err(Error::Refused(
                "a copy goes from a SQLite file to a PostgreSQL database".into(),
            ));
        };
        let tables = tables_in_order(from).await?;
        let mut tx = to.begin().await?;
        for table in &tables {
            let held: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "SELECT COUNT(*) FROM {}",
                identifier(table)?
            )))
            .fetch_one(&mut *tx)
            .await?;
            if held > 0 {
                return Err(Error::Refused(format!(
                    "the target database is not empty: its table {table} holds {held} rows. \
                     Copy into a new database (sightline db create)"
                )));
            }
        }
        let mut copied = Vec::with_capacity(tables.len());
        for table in &tables {
            let columns = target_columns(&mut tx, table).await?;
            let source: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "SELECT name FROM pragma_table_info('{}') ORDER BY cid",
                identifier(table)?
            )))
            .fetch_all(from)
            .await?;
            let mut a: Vec<&str> = source.iter().map(String::as_str).collect();
            let mut b: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
            a.sort_unstable();
            b.sort_unstable();
            if a != b {
                return Err(Error::Refused(format!(
                    "table {table} has columns {a:?} in SQLite but {b:?} in PostgreSQL"
                )));
            }
            let sum = copy_table(from, &mut tx, table, &columns).await?;
            let back = read_back(&mut tx, table, &columns).await?;
            if (back.0, back.1) != (sum.0, sum.1) {
                return Err(Error::Refused(format!(
                    "table {table}: {} rows with checksum {} were sent but {} rows with checksum \
                     {} read back; nothing was kept",
                    sum.1,
                    sum.hex(),
                    back.1,
                    back.hex()
                )));
            }
            if columns.iter().any(|c| c.name == "id" && c.kind == "bigint") {
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT setval(pg_get_serial_sequence('{t}', 'id'), \
                     GREATEST(COALESCE(MAX(id), 0), 1), COALESCE(MAX(id), 0) > 0) FROM {t}",
                    t = identifier(table)?
                )))
                .execute(&mut *tx)
                .await?;
            }
            copied.push(TableCopy {
                table: table.clone(),
                rows: sum.1,
                checksum: sum.hex(),
            });
        }
        tx.commit().await?;
        Ok(copied)
    }
}

/// The source's tables (not SQLite's own nor the migrations'), each after the tables it refers
/// to.
async fn tables_in_order(from: &sqlx::SqlitePool) -> Result<Vec<String>> {
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         AND name NOT LIKE '_sqlx_%' ORDER BY name",
    )
    .fetch_all(from)
    .await?;
    let mut refers: Vec<(String, Vec<String>)> = Vec::new();
    for name in &names {
        let to: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list('{}')",
            identifier(name)?
        )))
        .fetch_all(from)
        .await?;
        refers.push((name.clone(), to));
    }
    let mut ordered: Vec<String> = Vec::new();
    while ordered.len() < names.len() {
        let before = ordered.len();
        for (name, to) in &refers {
            if !ordered.contains(name) && to.iter().all(|t| t == name || ordered.contains(t)) {
                ordered.push(name.clone());
            }
        }
        if ordered.len() == before {
            return Err(Error::Refused(
                "the tables refer to each other in a cycle".into(),
            ));
        }
    }
    Ok(ordered)
}

/// The target table's columns and their types, in table order.
async fn target_columns(tx: &mut sqlx::PgConnection, table: &str) -> Result<Vec<Column>> {
    let rows = sqlx::query(
        "SELECT column_name::text AS name, data_type::text AS kind FROM information_schema.columns \
         WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
    )
    .bind(table)
    .fetch_all(&mut *tx)
    .await?;
    if rows.is_empty() {
        return Err(Error::Refused(format!(
            "the target database has no table {table}"
        )));
    }
    rows.iter()
        .map(|r| {
            Ok(Column {
                name: r.try_get("name")?,
                kind: r.try_get("kind")?,
            })
        })
        .collect()
}

/// Sends a table's rows in batches; returns the checksum of what was sent.
async fn copy_table(
    from: &sqlx::SqlitePool,
    tx: &mut sqlx::PgConnection,
    table: &str,
    columns: &[Column],
) -> Result<Checksum> {
    let t = identifier(table)?;
    let mut object = Vec::with_capacity(columns.len());
    for c in columns {
        let n = identifier(&c.name)?;
        if c.kind == "bytea" {
            object.push(format!("'{n}', '\\x' || hex({n})"));
        } else {
            object.push(format!("'{n}', {n}"));
        }
    }
    let select = format!(
        "SELECT rowid, json_object({}) FROM {t} WHERE rowid > $1 ORDER BY rowid LIMIT $2",
        object.join(", ")
    );
    let names: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
    let insert = format!(
        "INSERT INTO {t} ({cols}) SELECT {cols} FROM json_populate_recordset(NULL::{t}, $1::json)",
        cols = names.join(", ")
    );
    let mut sum = Checksum::default();
    let mut after = i64::MIN;
    loop {
        let rows: Vec<(i64, String)> = sqlx::query_as(sqlx::AssertSqlSafe(select.clone()))
            .bind(after)
            .bind(BATCH)
            .fetch_all(from)
            .await?;
        let Some(last) = rows.last() else { break };
        after = last.0;
        let mut batch = Vec::with_capacity(rows.len());
        for (rowid, text) in rows {
            let row = canonical_row(table, columns, &text, &format!("{table} row {rowid}"))?;
            sum.add(&row);
            batch.push(Value::Object(row));
        }
        sqlx::query(sqlx::AssertSqlSafe(insert.clone()))
            .bind(Value::Array(batch).to_string())
            .execute(&mut *tx)
            .await?;
    }
    Ok(sum)
}

/// The checksum of a target table's rows, read back in batches.
async fn read_back(
    tx: &mut sqlx::PgConnection,
    table: &str,
    columns: &[Column],
) -> Result<Checksum> {
    let t = identifier(table)?;
    let mut sum = Checksum::default();
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DECLARE copied NO SCROLL CURSOR FOR SELECT row_to_json(x)::text FROM {t} AS x"
    )))
    .execute(&mut *tx)
    .await?;
    loop {
        let rows: Vec<String> = sqlx::query_scalar("FETCH 20000 FROM copied")
            .fetch_all(&mut *tx)
            .await?;
        if rows.is_empty() {
            break;
        }
        for text in rows {
            sum.add(&canonical_row(table, columns, &text, table)?);
        }
    }
    sqlx::query("CLOSE copied").execute(&mut *tx).await?;
    Ok(sum)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(kind: &str) -> Column {
        Column {
            name: "c".into(),
            kind: kind.into(),
        }
    }

    #[test]
    fn values_are_made_canonical_by_the_target_type() {
        let at = |v: &str| canonical("t", &column("timestamp with time zone"), Value::from(v));
        // SQLite keeps nanoseconds; PostgreSQL keeps microseconds and writes its own way.
        assert_eq!(
            at("2026-11-28T03:39:40.123456789Z").expect("sqlite"),
            at("2026-11-28 03:39:40.123457+00:00").expect("postgres")
        );
        let flag = |v: Value| canonical("t", &column("boolean"), v).expect("flag");
        assert_eq!(flag(Value::from(1)), flag(Value::Bool(true)));
        assert_eq!(flag(Value::from(0)), Value::Bool(false));
        let bytes = canonical("t", &column("bytea"), Value::from("\\x0A0b")).expect("bytes");
        assert_eq!(bytes, Value::from("\\x0a0b"));
        let day = canonical("t", &column("date"), Value::from("2024-02-29")).expect("leap day");
        assert_eq!(day, Value::from("2024-02-29"));
        let bad = canonical("t", &column("date"), Value::from("2023-02-29"));
        assert!(matches!(bad, Err(Error::Corrupt { .. })), "{bad:?}");
    }

    #[test]
    fn the_checksum_does_not_depend_on_row_order() {
        let row = |n: i64| {
            let mut m = Map::new();
            m.insert("id".into(), Value::from(n));
            m
        };
        let (mut a, mut b) = (Checksum::default(), Checksum::default());
        a.add(&row(1));
        a.add(&row(2));
        b.add(&row(2));
        b.add(&row(1));
        assert_eq!(a.hex(), b.hex());
        assert_eq!(a.1, 2);
        let mut c = Checksum::default();
        c.add(&row(1));
        c.add(&row(3));
        assert_ne!(a.hex(), c.hex());
    }
}
