//! Indicator figures, targets, benchmarks and settings. Figures are aggregates; the child
//! rows behind them stay in `child_rows` and are read back only through
//! [`Db::extract_rows`].

use serde::Serialize;
use sightline_core::annex_a::{Kind, LISTS, Record, Value};
use sightline_core::benchmark::Benchmark;
use sightline_core::indicator::judge::Target;
use sqlx::Row;

use crate::audit::{Actor, Entry, record};
use crate::{Db, Error, Result, parse, with_pool};

/// A figure as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredObservation {
    /// The extract.
    pub extract_id: i64,
    /// The extract's as-at date.
    pub as_at: jiff::civil::Date,
    /// Indicator id.
    pub indicator: String,
    /// `window`, `YYYY-MM` or `as-at`.
    pub period: String,
    /// A partly covered month.
    pub partial: bool,
    /// Value.
    pub value: Option<f64>,
    /// Numerator.
    pub numerator: i64,
    /// Denominator.
    pub denominator: Option<i64>,
    /// Rows excluded.
    pub excluded: i64,
    /// Why there is no value.
    pub reason: Option<String>,
    /// The settings it was computed with (JSON).
    pub settings: serde_json::Value,
    /// The definitions' version.
    pub definition_version: String,
    /// The whole observation as computed, with breakdowns (JSON).
    pub detail: serde_json::Value,
}

/// A target as stored, with its id.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredTarget {
    /// Id.
    pub id: i64,
    /// The target.
    #[serde(flatten)]
    pub target: Target,
    /// When it was set (UTC).
    pub set_at: String,
}

/// An extract's figures to store, with the settings and definitions' version they were
/// computed with.
#[derive(Debug, Clone)]
pub struct Figures {
    /// The settings (JSON).
    pub settings: serde_json::Value,
    /// The definitions' version.
    pub version: String,
    /// Every figure.
    pub observations: Vec<NewObservation>,
}

/// Replaces an extract's figures and audits it, inside the caller's transaction.
pub(crate) async fn write_figures(
    tx: &mut sqlx::SqliteConnection,
    actor: &Actor,
    extract: i64,
    f: &Figures,
) -> Result<()> {
    let held: Option<(i64, Option<String>)> = sqlx::query_as(
        "SELECT COUNT(*), MAX(definition_version) FROM observations WHERE extract_id = $1",
    )
    .bind(extract)
    .fetch_optional(&mut *tx)
    .await?;
    let before = held
        .filter(|(n, _)| *n > 0)
        .map(|(n, v)| format!("{n} figures, definitions {}", v.unwrap_or_default()));
    sqlx::query("DELETE FROM observations WHERE extract_id = $1")
        .bind(extract)
        .execute(&mut *tx)
        .await?;
    let now = jiff::Timestamp::now().to_string();
    let settings = f.settings.to_string();
    for o in &f.observations {
        sqlx::query(
            "INSERT INTO observations (extract_id, indicator, period, partial, value, \
             numerator, denominator, excluded, reason, settings, definition_version, \
             detail, computed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(extract)
        .bind(&o.indicator)
        .bind(&o.period)
        .bind(o.partial)
        .bind(o.value)
        .bind(o.numerator)
        .bind(o.denominator)
        .bind(o.excluded)
        .bind(&o.reason)
        .bind(&settings)
        .bind(&f.version)
        .bind(o.detail.to_string())
        .bind(&now)
        .execute(&mut *tx)
        .await?;
    }
    let after = format!(
        "{} figures, definitions {}",
        f.observations.len(),
        f.version
    );
    record(
        &mut *tx,
        actor,
        Entry::new(
            "indicators.compute",
            "extract",
            Some(extract),
            after.clone(),
        )
        .change(before, after),
    )
    .await
}

/// A figure to store.
#[derive(Debug, Clone)]
pub struct NewObservation {
    /// Indicator id.
    pub indicator: String,
    /// Period label.
    pub period: String,
    /// Partly covered month.
    pub partial: bool,
    /// Value.
    pub value: Option<f64>,
    /// Numerator.
    pub numerator: i64,
    /// Denominator.
    pub denominator: Option<i64>,
    /// Excluded rows.
    pub excluded: i64,
    /// Why no value.
    pub reason: Option<String>,
    /// The whole observation (JSON).
    pub detail: serde_json::Value,
}

fn observation(r: &sqlx::sqlite::SqliteRow) -> Result<StoredObservation> {
    let json = |what: &'static str, s: String| {
        serde_json::from_str(&s).map_err(|e| Error::Corrupt {
            what,
            value: s.chars().take(40).collect(),
            reason: e.to_string(),
        })
    };
    Ok(StoredObservation {
        extract_id: r.try_get("extract_id")?,
        as_at: parse("as_at", &r.try_get::<String, _>("as_at")?)?,
        indicator: r.try_get("indicator")?,
        period: r.try_get("period")?,
        partial: r.try_get("partial")?,
        value: r.try_get("value")?,
        numerator: r.try_get("numerator")?,
        denominator: r.try_get("denominator")?,
        excluded: r.try_get("excluded")?,
        reason: r.try_get("reason")?,
        settings: json("settings", r.try_get("settings")?)?,
        definition_version: r.try_get("definition_version")?,
        detail: json("detail", r.try_get("detail")?)?,
    })
}

/// The value of a stored cell of a column of this kind.
fn cell(kind: Kind, v: Option<&serde_json::Value>) -> Value {
    match v {
        None | Some(serde_json::Value::Null) => Value::Empty,
        Some(serde_json::Value::Number(n)) => n.as_i64().map_or(Value::Empty, Value::Int),
        Some(serde_json::Value::String(s)) => match kind {
            Kind::Date => s
                .parse()
                .map_or_else(|_| Value::Text(s.as_str().into()), Value::Date),
            _ => Value::Text(s.as_str().into()),
        },
        Some(other) => Value::Text(other.to_string().into()),
    }
}

macro_rules! observations_select {
    ($rest:literal) => {
        concat!(
            "SELECT o.extract_id, e.as_at, o.indicator, o.period, o.partial, o.value, \
             o.numerator, o.denominator, o.excluded, o.reason, o.settings, o.definition_version, \
             o.detail FROM observations o JOIN extracts e ON e.id = o.extract_id ",
            $rest
        )
    };
}

impl Db {
    /// The as-at date and rows of an extract, rebuilt as records in template order (rejected
    /// rows included, marked). Child-level data: callers check the role first.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown extract; [`Error::Corrupt`] for unreadable rows.
    pub async fn extract_rows(
        &self,
        extract: i64,
    ) -> Result<(jiff::civil::Date, Vec<(u8, Record)>)> {
        with_pool!(self, |p| {
            let as_at: Option<String> =
                sqlx::query_scalar("SELECT as_at FROM extracts WHERE id = $1")
                    .bind(extract)
                    .fetch_optional(p)
                    .await?;
            let as_at = as_at.ok_or_else(|| Error::NotFound(format!("extract {extract}")))?;
            let rows = sqlx::query(
                "SELECT list, row, rejected, data FROM child_rows WHERE extract_id = $1 ORDER BY id",
            )
            .bind(extract)
            .fetch_all(p)
            .await?;
            let mut out = Vec::with_capacity(rows.len());
            for r in rows {
                let list: i64 = r.try_get("list")?;
                let Some(spec) = u8::try_from(list)
                    .ok()
                    .and_then(|l| l.checked_sub(1))
                    .and_then(|i| LISTS.get(usize::from(i)))
                else {
                    return Err(Error::Corrupt {
                        what: "list",
                        value: list.to_string(),
                        reason: "not 1 to 11".into(),
                    });
                };
                let data: String = r.try_get("data")?;
                let json: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&data)
                    .map_err(|e| Error::Corrupt {
                        what: "child row",
                        value: format!("extract {extract}"),
                        reason: e.to_string(),
                    })?;
                let values = spec
                    .columns
                    .iter()
                    .map(|c| cell(c.kind, json.get(c.header)))
                    .collect();
                let row: i64 = r.try_get("row")?;
                out.push((
                    spec.number,
                    Record {
                        row: u32::try_from(row).unwrap_or(0),
                        values,
                        rejected: r.try_get("rejected")?,
                    },
                ));
            }
            Ok((parse("as_at", &as_at)?, out))
        })
    }

    /// Replaces an extract's figures with these, in one transaction.
    ///
    /// # Errors
    /// [`Error::Query`]; nothing changes then.
    pub async fn save_observations(&self, actor: &Actor, extract: i64, f: &Figures) -> Result<()> {
        with_pool!(self, |p| {
            let mut tx = p.begin().await?;
            write_figures(&mut tx, actor, extract, f).await?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// An extract's figures, in catalogue-insertion order.
    ///
    /// # Errors
    /// [`Error::Query`], [`Error::Corrupt`].
    pub async fn observations(&self, extract: i64) -> Result<Vec<StoredObservation>> {
        with_pool!(self, |p| {
            let rows = sqlx::query(observations_select!(
                "WHERE o.extract_id = $1 ORDER BY o.rowid"
            ))
            .bind(extract)
            .fetch_all(p)
            .await?;
            rows.iter().map(observation).collect()
        })
    }

    /// Every indicator's headline figure (`window` or `as-at`) in every extract, oldest first;
    /// the settings and detail (breakdowns) only for `detail_of`'s rows (null for the others),
    /// so a scorecard is one query.
    ///
    /// # Errors
    /// [`Error::Query`], [`Error::Corrupt`].
    pub async fn headline_series(&self, detail_of: Option<i64>) -> Result<Vec<StoredObservation>> {
        with_pool!(self, |p| {
            let rows = sqlx::query(
                "SELECT o.extract_id, e.as_at, o.indicator, o.period, o.partial, o.value, \
                 o.numerator, o.denominator, o.excluded, o.reason, \
                 CASE WHEN o.extract_id = $1 THEN o.settings ELSE 'null' END AS settings, \
                 o.definition_version, \
                 CASE WHEN o.extract_id = $1 THEN o.detail ELSE 'null' END AS detail \
                 FROM observations o JOIN extracts e ON e.id = o.extract_id \
                 WHERE o.period IN ('window', 'as-at') ORDER BY e.as_at, e.id",
            )
            .bind(detail_of)
            .fetch_all(p)
            .await?;
            rows.iter().map(observation).collect()
        })
    }

    /// Extracts whose figures were never computed.
    ///
    /// # Errors
    /// [`Error::Query`].
    pub async fn extracts_without_figures(&self) -> Result<Vec<i64>> {
        with_pool!(self, |p| {
            Ok(sqlx::query_scalar(
                "SELECT id FROM extracts e WHERE NOT EXISTS \
                 (SELECT 1 FROM observations o WHERE o.extract_id = e.id) ORDER BY id",
            )
            .fetch_all(p)
            .await?)
        })
    }

    /// Sets a target (audited).
    ///
    /// # Errors
    /// [`Error::Query`].
    pub async fn add_target(&self, actor: &Actor, t: &Target) -> Result<i64> {
        with_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let previous: Option<(f64, f64, String, String)> = sqlx::query_as(
                "SELECT value, tolerance, from_date, to_date FROM indicator_targets \
                 WHERE indicator = $1 ORDER BY id DESC LIMIT 1",
            )
            .bind(&t.indicator)
            .fetch_optional(&mut *tx)
            .await?;
            let before = previous.map(|(v, tol, from, to)| describe(v, tol, &from, &to));
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO indicator_targets (indicator, value, tolerance, from_date, to_date, owner, \
                 set_by, reason, set_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
            )
            .bind(&t.indicator)
            .bind(t.value)
            .bind(t.tolerance)
            .bind(t.from.to_string())
            .bind(t.to.to_string())
            .bind(&t.owner)
            .bind(&t.set_by)
            .bind(&t.reason)
            .bind(jiff::Timestamp::now().to_string())
            .fetch_one(&mut *tx)
            .await?;
            record(
                &mut *tx,
                actor,
                Entry::new("target.set", "target", Some(id), t.indicator.clone()).change(
                    before,
                    describe(t.value, t.tolerance, &t.from.to_string(), &t.to.to_string()),
                ),
            )
            .await?;
            tx.commit().await?;
            Ok(id)
        })
    }

    /// Every target, oldest first.
    ///
    /// # Errors
    /// [`Error::Query`], [`Error::Corrupt`].
    pub async fn targets(&self) -> Result<Vec<StoredTarget>> {
        with_pool!(self, |p| {
            let rows = sqlx::query(
                "SELECT id, indicator, value, tolerance, from_date, to_date, owner, set_by, reason, \
                 set_at FROM indicator_targets ORDER BY id",
            )
            .fetch_all(p)
            .await?;
            rows.iter()
                .map(|r| {
                    Ok(StoredTarget {
                        id: r.try_get("id")?,
                        target: Target {
                            indicator: r.try_get("indicator")?,
                            value: r.try_get("value")?,
                            tolerance: r.try_get("tolerance")?,
                            from: parse("from_date", &r.try_get::<String, _>("from_date")?)?,
                            to: parse("to_date", &r.try_get::<String, _>("to_date")?)?,
                            owner: r.try_get("owner")?,
                            set_by: r.try_get("set_by")?,
                            reason: r.try_get("reason")?,
                        },
                        set_at: r.try_get("set_at")?,
                    })
                })
                .collect()
        })
    }

    /// Stores benchmarks, replacing any for the same indicator, level, area and year (audited).
    ///
    /// # Errors
    /// [`Error::Query`]; nothing changes then.
    pub async fn save_benchmarks(
        &self,
        actor: &Actor,
        source: &str,
        b: &[Benchmark],
    ) -> Result<()> {
        with_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM benchmarks")
                .fetch_one(&mut *tx)
                .await?;
            let now = jiff::Timestamp::now().to_string();
            for x in b {
                sqlx::query(
                    "INSERT INTO benchmarks (indicator, level, area, area_code, year, period_end, \
                     value, symbol, provenance, source, note, loaded_at) VALUES ($1, $2, $3, $4, \
                     $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (indicator, level, area, year) \
                     DO UPDATE SET area_code = excluded.area_code, period_end = excluded.period_end, \
                     value = excluded.value, symbol = excluded.symbol, provenance = excluded.provenance, \
                     source = excluded.source, note = excluded.note, loaded_at = excluded.loaded_at",
                )
                .bind(&x.indicator)
                .bind(x.level.as_str())
                .bind(&x.area)
                .bind(&x.area_code)
                .bind(&x.year)
                .bind(x.period_end.to_string())
                .bind(x.value)
                .bind(&x.symbol)
                .bind(x.provenance.to_string())
                .bind(&x.source)
                .bind(&x.note)
                .bind(&now)
                .execute(&mut *tx)
                .await?;
            }
            let after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM benchmarks")
                .fetch_one(&mut *tx)
                .await?;
            record(
                &mut *tx,
                actor,
                Entry::new(
                    "benchmarks.load",
                    "benchmark",
                    None,
                    format!("{} benchmarks from {source}", b.len()),
                )
                .change(
                    Some(format!("{before} benchmarks held")),
                    format!("{after} benchmarks held"),
                ),
            )
            .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Stored benchmarks, for one indicator or all.
    ///
    /// # Errors
    /// [`Error::Query`], [`Error::Corrupt`].
    pub async fn benchmarks(&self, indicator: Option<&str>) -> Result<Vec<Benchmark>> {
        with_pool!(self, |p| {
            let rows = sqlx::query(
                "SELECT indicator, level, area, area_code, year, period_end, value, symbol, \
                 provenance, source, note FROM benchmarks WHERE $1 IS NULL OR indicator = $1 \
                 ORDER BY indicator, level, area, year",
            )
            .bind(indicator)
            .fetch_all(p)
            .await?;
            rows.iter()
                .map(|r| {
                    Ok(Benchmark {
                        indicator: r.try_get("indicator")?,
                        level: parse("level", &r.try_get::<String, _>("level")?)?,
                        area: r.try_get("area")?,
                        area_code: r.try_get("area_code")?,
                        year: r.try_get("year")?,
                        period_end: parse("period_end", &r.try_get::<String, _>("period_end")?)?,
                        value: r.try_get("value")?,
                        symbol: r.try_get("symbol")?,
                        provenance: parse("provenance", &r.try_get::<String, _>("provenance")?)?,
                        source: r.try_get("source")?,
                        note: r.try_get("note")?,
                    })
                })
                .collect()
        })
    }

    /// A stored setting (JSON text), if set.
    ///
    /// # Errors
    /// [`Error::Query`].
    pub async fn setting(&self, key: &str) -> Result<Option<String>> {
        with_pool!(self, |p| {
            Ok(
                sqlx::query_scalar("SELECT value FROM installation WHERE key = $1")
                    .bind(key)
                    .fetch_optional(p)
                    .await?,
            )
        })
    }

    /// Stores a setting (audited, with the value before and after).
    ///
    /// # Errors
    /// [`Error::Query`].
    pub async fn set_setting(&self, actor: &Actor, key: &str, value: &str) -> Result<()> {
        with_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let before: Option<String> =
                sqlx::query_scalar("SELECT value FROM installation WHERE key = $1")
                    .bind(key)
                    .fetch_optional(&mut *tx)
                    .await?;
            sqlx::query(
                "INSERT INTO installation (key, value) VALUES ($1, $2) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )
            .bind(key)
            .bind(value)
            .execute(&mut *tx)
            .await?;
            let (before, after) = changed_fields(before.as_deref(), value);
            record(
                &mut *tx,
                actor,
                Entry::new("setting.set", "setting", None, key.to_owned()).change(before, after),
            )
            .await?;
            tx.commit().await?;
            Ok(())
        })
    }
}

/// A target as the audit log shows it.
fn describe(value: f64, tolerance: f64, from: &str, to: &str) -> String {
    format!("{value} (tolerance {tolerance}) from {from} to {to}")
}

/// What a setting was and became. Settings held as a JSON object are cut down to the fields
/// that changed (`{"population":80000}` to `{"population":81000}`), so the log says what
/// changed rather than repeating every setting.
fn changed_fields(before: Option<&str>, after: &str) -> (Option<String>, String) {
    let parse = |t: &str| serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(t);
    let (Some(Ok(b)), Ok(a)) = (before.map(parse), parse(after)) else {
        return (before.map(str::to_owned), after.to_owned());
    };
    let mut keys: Vec<&String> = a
        .keys()
        .chain(b.keys())
        .filter(|k| a.get(*k) != b.get(*k))
        .collect();
    keys.dedup();
    let only = |m: &serde_json::Map<String, serde_json::Value>| {
        let cut: serde_json::Map<String, serde_json::Value> = keys
            .iter()
            .filter_map(|k| m.get(*k).map(|v| ((*k).clone(), v.clone())))
            .collect();
        serde_json::Value::Object(cut).to_string()
    };
    (Some(only(&b)), only(&a))
}
