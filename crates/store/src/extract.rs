//! Annex A extracts: the rows and findings of one load, stored in one transaction, and the
//! data-quality figures read back from them.

use serde::Serialize;
use sightline_core::annex_a::{self, ListRead};
use sightline_core::finding::Finding;
use sqlx::Row;

use crate::audit::{Actor, Entry, record};
use crate::copy_in::Copy;
use crate::native::{Day, Instant};
use crate::{Conn, Db, Dialect, Error, Result, with_pool};

/// A finding with the owner of the row it is about.
#[derive(Debug, Clone)]
pub struct OwnedFinding {
    /// The finding.
    pub finding: Finding,
    /// The row's allocated team.
    pub team: Option<String>,
    /// The row's allocated worker.
    pub worker: Option<String>,
}

/// An extract to store.
#[derive(Debug, Clone)]
pub struct NewExtract {
    /// The file or folder loaded.
    pub source: String,
    /// The as-at date.
    pub as_at: jiff::civil::Date,
    /// Whether child identifiers were pseudonymised.
    pub pseudonymised: bool,
    /// Lists read, with their rows (identifiers already pseudonymised when asked).
    pub lists: Vec<ListRead>,
    /// Findings.
    pub findings: Vec<OwnedFinding>,
    /// For a pseudonymised extract: each pseudonym new to the authority with the council's
    /// own identifier, sealed (one it already holds is kept once, decision 0036).
    pub sealed_ids: Vec<(String, String)>,
    /// Its figures, stored in the same transaction.
    pub figures: Option<crate::indicator::Figures>,
}

/// An extract in the list of loads, with its totals.
#[derive(Debug, Clone, Serialize)]
pub struct ExtractSummary {
    /// Id.
    pub id: i64,
    /// File or folder.
    pub source: String,
    /// As-at date.
    pub as_at: String,
    /// When loaded (UTC).
    pub loaded_at: String,
    /// Child identifiers pseudonymised.
    pub pseudonymised: bool,
    /// Rows read.
    pub rows_read: i64,
    /// Rows rejected.
    pub rows_rejected: i64,
    /// Error findings.
    pub errors: i64,
    /// Warning findings.
    pub warnings: i64,
}

/// A stored finding with its owner (child-level: its value may be a child's data).
#[derive(Debug, Clone, Serialize)]
pub struct StoredFinding {
    /// List.
    pub list: Option<u8>,
    /// Sheet or file.
    pub sheet: String,
    /// Excel row.
    pub row: i64,
    /// Column.
    pub column: Option<String>,
    /// The value as found.
    pub value: Option<String>,
    /// Rule id.
    pub rule: String,
    /// error, warning or info.
    pub severity: String,
    /// What is wrong.
    pub message: String,
    /// The row's team.
    pub team: Option<String>,
    /// The row's worker.
    pub worker: Option<String>,
}

/// Which findings to list.
#[derive(Debug, Clone, Default)]
pub struct FindingFilter {
    /// Only this list.
    pub list: Option<u8>,
    /// Only this rule.
    pub rule: Option<String>,
    /// Only this team.
    pub team: Option<String>,
    /// Only this worker.
    pub worker: Option<String>,
}

/// What findings are counted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FindingsBy {
    /// List and rule.
    Rule,
    /// Allocated team.
    Team,
    /// Allocated team and worker.
    TeamAndWorker,
}

/// Findings counted by a key.
#[derive(Debug, Clone, Serialize)]
pub struct FindingCount {
    /// The list, when counted per list.
    pub list: Option<u8>,
    /// What is counted by: a rule, or a team and worker.
    pub key: String,
    /// Errors.
    pub errors: i64,
    /// Warnings.
    pub warnings: i64,
}

/// Rows in one SQLite statement: nine columns each stay far inside its 32,766 parameters.
const SQLITE_BATCH: usize = 500;

/// Stores the child-level rows of extract `id`: 500 rows a statement in SQLite, streamed with COPY in
/// PostgreSQL (the same transaction either way). Returns how many.
async fn insert_rows(
    conn: impl Into<Conn<'_>>,
    id: i64,
    lists: &[ListRead],
    progress: &(dyn Fn(usize) + Sync),
) -> Result<usize> {
    let mut n = 0;
    match conn.into() {
        Conn::Sqlite(c) => {
            // Many rows a statement: SQLite's cost is per statement, not per row.
            for l in lists {
                let spec = spec_of(l)?;
                let owner = spec.owner_columns();
                for batch in l.records.chunks(SQLITE_BATCH) {
                    let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
                        "INSERT INTO child_rows (extract_id, list, source, row, child_id, team, \
                         worker, rejected, data) ",
                    );
                    q.push_values(batch, |mut b, r| {
                        let (team, worker) = owner.of(r);
                        b.push_bind(id)
                            .push_bind(i64::from(l.list))
                            .push_bind(l.source.clone())
                            .push_bind(i64::from(r.row))
                            .push_bind(r.child_id().map(str::to_owned))
                            .push_bind(team)
                            .push_bind(worker)
                            .push_bind(r.rejected)
                            .push_bind(annex_a::encode(spec, r));
                    });
                    q.build().execute(&mut *c).await?;
                    n += batch.len();
                    progress(n);
                }
            }
        }
        Conn::Postgres(c) => {
            let mut copy = Copy::start(
                c,
                "COPY child_rows (extract_id, list, source, row, child_id, team, worker, \
                 rejected, data) FROM STDIN",
            )
            .await?;
            let extract = id.to_string();
            for l in lists {
                let spec = spec_of(l)?;
                let owner = spec.owner_columns();
                let list = l.list.to_string();
                for r in &l.records {
                    let (team, worker) = owner.of(r);
                    let row = r.row.to_string();
                    let data = annex_a::encode(spec, r);
                    copy.row([
                        Some(extract.as_str()),
                        Some(list.as_str()),
                        Some(l.source.as_str()),
                        Some(row.as_str()),
                        r.child_id(),
                        team.as_deref(),
                        worker.as_deref(),
                        Some(if r.rejected { "t" } else { "f" }),
                        Some(data.as_str()),
                    ])
                    .await?;
                    n += 1;
                    if n % 1000 == 0 {
                        progress(n);
                    }
                }
            }
            copy.finish().await?;
        }
    }
    progress(n);
    Ok(n)
}

/// Stores an extract's sealed identifiers (500 a statement) and findings in SQLite, with COPY in
/// PostgreSQL (a large authority has tens of thousands of children, each a round trip else).
async fn insert_sealed_and_findings(
    conn: impl Into<Conn<'_>>,
    id: i64,
    authority: i64,
    e: &NewExtract,
) -> Result<()> {
    let severity = |f: &OwnedFinding| format!("{:?}", f.finding.severity).to_lowercase();
    match conn.into() {
        Conn::Sqlite(c) => {
            for batch in e.sealed_ids.chunks(SQLITE_BATCH) {
                let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
                    "INSERT INTO sealed_ids (authority_code, child_id, sealed) ",
                );
                q.push_values(batch, |mut b, (child, sealed)| {
                    b.push_bind(authority).push_bind(child).push_bind(sealed);
                });
                q.push(" ON CONFLICT DO NOTHING");
                q.build().execute(&mut *c).await?;
            }
            for f in &e.findings {
                let x = &f.finding;
                sqlx::query(
                    "INSERT INTO extract_findings (extract_id, list, sheet, row, cell, \
                     column_name, value, rule, severity, message, team, worker) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                )
                .bind(id)
                .bind(x.list.map(i64::from))
                .bind(&x.sheet)
                .bind(i64::from(x.row))
                .bind(&x.cell)
                .bind(&x.column)
                .bind(&x.value)
                .bind(&x.rule)
                .bind(severity(f))
                .bind(&x.message)
                .bind(&f.team)
                .bind(&f.worker)
                .execute(&mut *c)
                .await?;
            }
        }
        Conn::Postgres(c) => {
            let extract = id.to_string();
            if !e.sealed_ids.is_empty() {
                // New children's seals go through a table of this transaction's own, so that one
                // another load has just sealed is passed over rather than refused.
                sqlx::query(
                    "CREATE TEMPORARY TABLE sealed_new (child_id TEXT NOT NULL, sealed TEXT NOT NULL) \
                     ON COMMIT DROP",
                )
                .execute(&mut *c)
                .await?;
                let mut copy =
                    Copy::start(&mut *c, "COPY sealed_new (child_id, sealed) FROM STDIN").await?;
                for (child, sealed) in &e.sealed_ids {
                    copy.row([Some(child.as_str()), Some(sealed.as_str())])
                        .await?;
                }
                copy.finish().await?;
                sqlx::query(
                    "INSERT INTO sealed_ids (authority_code, child_id, sealed) \
                     SELECT $1, child_id, sealed FROM sealed_new ON CONFLICT DO NOTHING",
                )
                .bind(authority)
                .execute(&mut *c)
                .await?;
            }
            let mut copy = Copy::start(
                &mut *c,
                "COPY extract_findings (extract_id, list, sheet, row, cell, column_name, value, \
                 rule, severity, message, team, worker) FROM STDIN",
            )
            .await?;
            for f in &e.findings {
                let x = &f.finding;
                let list = x.list.map(|l| l.to_string());
                let row = x.row.to_string();
                let severity = severity(f);
                copy.row([
                    Some(extract.as_str()),
                    list.as_deref(),
                    Some(x.sheet.as_str()),
                    Some(row.as_str()),
                    x.cell.as_deref(),
                    x.column.as_deref(),
                    x.value.as_deref(),
                    Some(x.rule.as_str()),
                    Some(severity.as_str()),
                    Some(x.message.as_str()),
                    f.team.as_deref(),
                    f.worker.as_deref(),
                ])
                .await?;
            }
            copy.finish().await?;
        }
    }
    Ok(())
}

/// The template's list a list read belongs to.
fn spec_of(l: &ListRead) -> Result<&'static annex_a::List> {
    annex_a::list(i64::from(l.list)).map_err(|e| Error::Corrupt {
        what: "list",
        value: l.list.to_string(),
        reason: e.to_string(),
    })
}

impl Db {
    /// Stores an extract, its rows, its findings and its figures in one transaction: all of it
    /// or none.
    /// `progress` is called with the number of rows stored so far.
    ///
    /// # Errors
    /// [`crate::Error::Query`]; the database is then as it was.
    pub async fn save_extract(
        &self,
        actor: &Actor,
        e: &NewExtract,
        progress: &(dyn Fn(usize) + Sync),
    ) -> Result<i64> {
        with_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO extracts (source, as_at, pseudonymised, loaded_at, loaded_by, \
                 authority_code) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(&e.source)
            .bind(Day(e.as_at))
            .bind(e.pseudonymised)
            .bind(Instant::now())
            .bind(&actor.0)
            .bind(self.owner())
            .fetch_one(&mut *tx)
            .await?;
            for l in &e.lists {
                sqlx::query(
                    "INSERT INTO extract_lists (extract_id, list, source, header_row, rows_read, \
                     rows_accepted, rows_rejected) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(id)
                .bind(i64::from(l.list))
                .bind(&l.source)
                .bind(i64::from(l.header_row))
                .bind(i64::try_from(l.rows_read).unwrap_or(i64::MAX))
                .bind(i64::try_from(l.rows_accepted).unwrap_or(i64::MAX))
                .bind(i64::try_from(l.rows_rejected).unwrap_or(i64::MAX))
                .execute(&mut *tx)
                .await?;
            }
            let n = insert_rows(&mut *tx, id, &e.lists, progress).await?;
            insert_sealed_and_findings(&mut *tx, id, self.owner(), e).await?;
            let detail = format!(
                "extract as at {} ({} lists, {} rows, {} findings{})",
                e.as_at,
                e.lists.len(),
                n,
                e.findings.len(),
                if e.pseudonymised {
                    ", pseudonymised"
                } else {
                    ""
                }
            );
            let after = format!("extract {id} as at {}", e.as_at);
            record(
                &mut *tx,
                self.owner(),
                actor,
                Entry::new("extract.load", "extract", Some(id), detail).change(None, after),
            )
            .await?;
            // The figures go in the same transaction: an extract is never stored without them.
            if let Some(f) = &e.figures {
                crate::indicator::write_figures(&mut *tx, self.owner(), actor, id, f).await?;
            }
            tx.commit().await?;
            Ok(id)
        })
    }

    /// Whether `check` (a value derived from the pseudonymisation key) is the one recorded when
    /// the first pseudonymised extract was loaded; the first call records it.
    ///
    /// # Errors
    /// [`crate::Error::Query`].
    pub async fn same_pseudonym_key(&self, check: &str) -> Result<bool> {
        with_pool!(self, |p| {
            sqlx::query(
                "INSERT INTO installation (key, value) VALUES ('pseudonym_key_check', $1) \
                 ON CONFLICT (key) DO NOTHING",
            )
            .bind(check)
            .execute(p)
            .await?;
            let stored: String = sqlx::query_scalar(
                "SELECT value FROM installation WHERE key = 'pseudonym_key_check'",
            )
            .fetch_one(p)
            .await?;
            Ok(stored == check)
        })
    }

    /// An extract's pseudonyms with the council's own identifiers, sealed (child-level data:
    /// callers check the role first).
    ///
    /// # Errors
    /// [`crate::Error::Query`].
    pub async fn sealed_child_ids(&self, extract: i64) -> Result<Vec<(String, String)>> {
        with_pool!(self, |p| {
            Ok(sqlx::query_as(
                "SELECT s.child_id, s.sealed FROM sealed_ids s \
                 JOIN extracts e ON e.authority_code = s.authority_code AND e.id = $1 \
                 WHERE ($2 IS NULL OR e.authority_code = $2) AND s.child_id IN \
                 (SELECT child_id FROM child_rows WHERE extract_id = $1)",
            )
            .bind(extract)
            .bind(self.authority())
            .fetch_all(p)
            .await?)
        })
    }

    /// The pseudonyms whose own identifiers this authority already holds sealed: a load seals
    /// only the children new to it.
    ///
    /// # Errors
    /// [`crate::Error::Query`].
    pub async fn sealed_pseudonyms(&self) -> Result<std::collections::HashSet<String>> {
        let ids: Vec<String> = with_pool!(self, |p| {
            sqlx::query_scalar("SELECT child_id FROM sealed_ids WHERE authority_code = $1")
                .bind(self.owner())
                .fetch_all(p)
                .await?
        });
        Ok(ids.into_iter().collect())
    }

    /// Events of `list` (its rows' child and `date_header`) dated from `from` to `to` that
    /// extract `earlier` holds and `later` does not, and that `later` holds and `earlier`
    /// does not: (gone or changed, new). Rejected rows are left out; the child is compared as
    /// kept (a pseudonym, the same in every extract of one key).
    ///
    /// # Errors
    /// [`crate::Error::Query`].
    pub async fn events_compared(
        &self,
        earlier: i64,
        later: i64,
        list: u8,
        date_header: &str,
        from: jiff::civil::Date,
        to: jiff::civil::Date,
    ) -> Result<(i64, i64)> {
        // A kept row is an array of values by place (decision 0037) or, kept before it, an object
        // keyed by header (decision 0020): the field is read from whichever the row is, by a path
        // in SQLite's json_extract, by place or key with PostgreSQL's ->>. The dates are compared
        // as the ISO text they are kept as.
        let column = annex_a::list(i64::from(list))
            .ok()
            .and_then(|spec| spec.column(date_header))
            .ok_or_else(|| Error::NotFound(format!("column {date_header:?} of list {list}")))?;
        let place = annex_a::place(column);
        let header = date_header.replace('"', "");
        let (value, key) = match self.dialect() {
            Dialect::Sqlite => (
                format!(
                    "CASE WHEN substr(data, 1, 1) = '[' THEN json_extract(data, '$[{place}]') \
                     ELSE json_extract(data, $3) END"
                ),
                format!("$.\"{header}\""),
            ),
            Dialect::Postgres => (
                format!(
                    "CASE WHEN left(data, 1) = '[' THEN data::jsonb ->> {place} \
                     ELSE data::jsonb ->> $3 END"
                ),
                header,
            ),
        };
        let one = format!(
            "SELECT child_id, d FROM (SELECT child_id, {value} AS d FROM child_rows \
             WHERE extract_id = {{e}} AND list = $4 AND rejected = FALSE) AS x \
             WHERE d BETWEEN $5 AND $6"
        );
        let sql = format!(
            "SELECT COUNT(*) FROM ({} EXCEPT {}) AS y WHERE NOT EXISTS (SELECT 1 FROM \
             (SELECT $1 AS id UNION SELECT $2) AS w WHERE w.id NOT IN \
             (SELECT id FROM extracts WHERE $7 IS NULL OR authority_code = $7))",
            one.replace("{e}", "$1"),
            one.replace("{e}", "$2")
        );
        with_pool!(self, |p| {
            let count = |a: i64, b: i64| {
                sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql.clone()))
                    .bind(a)
                    .bind(b)
                    .bind(key.clone())
                    .bind(i64::from(list))
                    .bind(from.to_string())
                    .bind(to.to_string())
                    .bind(self.authority())
                    .fetch_one(p)
            };
            let gone = count(earlier, later).await?;
            let new = count(later, earlier).await?;
            Ok((gone, new))
        })
    }

    /// Every extract loaded, newest first, with totals.
    ///
    /// # Errors
    /// [`crate::Error::Query`].
    pub async fn extracts(&self) -> Result<Vec<ExtractSummary>> {
        with_pool!(self, |p| {
            let rows = sqlx::query(
                "SELECT e.id, e.source, e.as_at, e.loaded_at, e.pseudonymised, \
                 (SELECT CAST(COALESCE(SUM(rows_read), 0) AS BIGINT) FROM extract_lists l WHERE l.extract_id = e.id) AS rows_read, \
                 (SELECT CAST(COALESCE(SUM(rows_rejected), 0) AS BIGINT) FROM extract_lists l WHERE l.extract_id = e.id) AS rows_rejected, \
                 (SELECT COUNT(*) FROM extract_findings f WHERE f.extract_id = e.id AND f.severity = 'error') AS errors, \
                 (SELECT COUNT(*) FROM extract_findings f WHERE f.extract_id = e.id AND f.severity = 'warning') AS warnings \
                 FROM extracts e WHERE ($1 IS NULL OR e.authority_code = $1) \
                 ORDER BY e.as_at DESC, e.id DESC",
            )
            .bind(self.authority())
            .fetch_all(p)
            .await?;
            rows.into_iter()
                .map(|r| {
                    Ok(ExtractSummary {
                        id: r.try_get("id")?,
                        source: r.try_get("source")?,
                        as_at: r.try_get::<Day, _>("as_at")?.to_string(),
                        loaded_at: r.try_get::<Instant, _>("loaded_at")?.to_string(),
                        pseudonymised: r.try_get("pseudonymised")?,
                        rows_read: r.try_get("rows_read")?,
                        rows_rejected: r.try_get("rows_rejected")?,
                        errors: r.try_get("errors")?,
                        warnings: r.try_get("warnings")?,
                    })
                })
                .collect()
        })
    }

    /// The lists of an extract.
    ///
    /// # Errors
    /// [`crate::Error::Query`].
    pub async fn extract_lists(&self, extract: i64) -> Result<Vec<ListRead>> {
        with_pool!(self, |p| {
            let rows = sqlx::query(
                "SELECT list, source, header_row, rows_read, rows_accepted, rows_rejected \
                 FROM extract_lists WHERE extract_id = $1 AND extract_id IN \
                 (SELECT id FROM extracts WHERE $2 IS NULL OR authority_code = $2) \
                 ORDER BY list, source",
            )
            .bind(extract)
            .bind(self.authority())
            .fetch_all(p)
            .await?;
            rows.into_iter()
                .map(|r| {
                    let n = |c: &str| -> Result<i64> { Ok(r.try_get::<i64, _>(c)?) };
                    let spec = annex_a::list(n("list")?).map_err(|e| Error::Corrupt {
                        what: "list",
                        value: String::new(),
                        reason: e.to_string(),
                    })?;
                    Ok(ListRead {
                        list: spec.number,
                        name: spec.name,
                        source: r.try_get("source")?,
                        header_row: u32::try_from(n("header_row")?).unwrap_or(0),
                        rows_read: usize::try_from(n("rows_read")?).unwrap_or(0),
                        rows_accepted: usize::try_from(n("rows_accepted")?).unwrap_or(0),
                        rows_rejected: usize::try_from(n("rows_rejected")?).unwrap_or(0),
                        records: Vec::new(),
                    })
                })
                .collect()
        })
    }

    /// An extract's findings (errors and warnings), filtered, at most `limit`, by list and
    /// row.
    ///
    /// # Errors
    /// [`crate::Error::Query`].
    pub async fn findings(
        &self,
        extract: i64,
        f: &FindingFilter,
        limit: u32,
    ) -> Result<Vec<StoredFinding>> {
        with_pool!(self, |p| {
            let rows = sqlx::query(
                "SELECT list, sheet, row, column_name, value, rule, severity, message, team, worker \
                 FROM extract_findings WHERE extract_id = $1 AND severity != 'info' \
                 AND ($2 IS NULL OR list = $2) AND ($3 IS NULL OR rule = $3) \
                 AND ($4 IS NULL OR team = $4) AND ($5 IS NULL OR worker = $5) \
                 AND extract_id IN (SELECT id FROM extracts WHERE $7 IS NULL OR authority_code = $7) \
                 ORDER BY list, sheet, row, id LIMIT $6",
            )
            .bind(extract)
            .bind(f.list.map(i64::from))
            .bind(&f.rule)
            .bind(&f.team)
            .bind(&f.worker)
            .bind(i64::from(limit))
            .bind(self.authority())
            .fetch_all(p)
            .await?;
            rows.iter()
                .map(|r| {
                    Ok(StoredFinding {
                        list: r
                            .try_get::<Option<i64>, _>("list")?
                            .and_then(|l| u8::try_from(l).ok()),
                        sheet: r.try_get("sheet")?,
                        row: r.try_get("row")?,
                        column: r.try_get("column_name")?,
                        value: r.try_get("value")?,
                        rule: r.try_get("rule")?,
                        severity: r.try_get("severity")?,
                        message: r.try_get("message")?,
                        team: r.try_get("team")?,
                        worker: r.try_get("worker")?,
                    })
                })
                .collect()
        })
    }

    /// Findings of an extract counted by list and rule, by team, or by team and worker.
    ///
    /// # Errors
    /// [`crate::Error::Query`].
    pub async fn finding_counts(&self, extract: i64, by: FindingsBy) -> Result<Vec<FindingCount>> {
        let sql = match by {
            FindingsBy::TeamAndWorker => {
                "SELECT CAST(NULL AS BIGINT) AS list, COALESCE(team, '(no team)') || ' / ' || COALESCE(worker, '(no worker)') AS key, \
             COUNT(*) FILTER (WHERE severity = 'error') AS errors, COUNT(*) FILTER (WHERE severity = 'warning') AS warnings \
             FROM extract_findings WHERE extract_id = $1 AND severity != 'info' \
             AND extract_id IN (SELECT id FROM extracts WHERE $2 IS NULL OR authority_code = $2) \
             GROUP BY key ORDER BY errors DESC, warnings DESC, key"
            }
            FindingsBy::Team => {
                "SELECT CAST(NULL AS BIGINT) AS list, COALESCE(team, '(no team)') AS key, \
             COUNT(*) FILTER (WHERE severity = 'error') AS errors, COUNT(*) FILTER (WHERE severity = 'warning') AS warnings \
             FROM extract_findings WHERE extract_id = $1 AND severity != 'info' \
             AND extract_id IN (SELECT id FROM extracts WHERE $2 IS NULL OR authority_code = $2) \
             GROUP BY key ORDER BY errors DESC, warnings DESC, key"
            }
            FindingsBy::Rule => {
                "SELECT list, rule AS key, COUNT(*) FILTER (WHERE severity = 'error') AS errors, \
             COUNT(*) FILTER (WHERE severity = 'warning') AS warnings FROM extract_findings \
             WHERE extract_id = $1 AND severity != 'info' \
             AND extract_id IN (SELECT id FROM extracts WHERE $2 IS NULL OR authority_code = $2) \
             GROUP BY list, rule ORDER BY list, errors DESC, warnings DESC, rule"
            }
        };
        with_pool!(self, |p| {
            let rows = sqlx::query(sql)
                .bind(extract)
                .bind(self.authority())
                .fetch_all(p)
                .await?;
            rows.into_iter()
                .map(|r| {
                    Ok(FindingCount {
                        list: r
                            .try_get::<Option<i64>, _>("list")?
                            .and_then(|l| u8::try_from(l).ok()),
                        key: r.try_get("key")?,
                        errors: r.try_get("errors")?,
                        warnings: r.try_get("warnings")?,
                    })
                })
                .collect()
        })
    }
}
