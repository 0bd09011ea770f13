//! Indicator figures, targets, benchmarks and settings. Figures are aggregates; the child
//! rows behind them stay in `child_rows` and are read back only through
//! [`Db::extract_rows`].

use serde::Serialize;
use sightline_core::annex_a::{self, Record};
use sightline_core::benchmark::Benchmark;
use sightline_core::indicator::judge::Target;
use sightline_core::indicator::{ExtractFigure, Observation, Settings, definition};
use sqlx::Row;

use crate::audit::{Actor, Entry, record};
use crate::native::{Day, Instant};
use crate::{AnyRow, Conn, Db, Error, Result, parse, with_conn, with_pool, with_row};

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
    /// The settings.
    pub settings: Settings,
    /// The definitions' version.
    pub version: String,
    /// Every figure.
    pub observations: Vec<Observation>,
}

/// JSON text of a part of a figure (its encoding is `core`'s).
fn json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| Error::Corrupt {
        what: "figure",
        value: String::new(),
        reason: e.to_string(),
    })
}

/// A part of a figure read back.
fn unjson<T: serde::de::DeserializeOwned>(what: &'static str, s: &str) -> Result<T> {
    serde_json::from_str(s).map_err(|e| Error::Corrupt {
        what,
        value: s.chars().take(40).collect(),
        reason: e.to_string(),
    })
}

/// Inserts an extract's figures in order: one statement each in SQLite, one COPY in
/// PostgreSQL (a national load writes hundreds of figures for each of thousands of extracts).
async fn insert_figures(
    conn: impl Into<Conn<'_>>,
    authority: i64,
    extract: i64,
    f: &Figures,
) -> Result<()> {
    match conn.into() {
        Conn::Sqlite(tx) => {
            for (seq, o) in (0_i64..).zip(&f.observations) {
                sqlx::query(
                    "INSERT INTO figures (extract_id, indicator, period, partial, value, \
                     numerator, denominator, excluded, excluded_reasons, reason, standards, \
                     breakdowns, authority_code, seq) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
                )
                .bind(extract)
                .bind(o.id)
                .bind(&o.period)
                .bind(o.partial)
                .bind(o.value)
                .bind(o.numerator)
                .bind(o.denominator)
                .bind(i64::try_from(o.excluded).unwrap_or(i64::MAX))
                .bind(json(&o.excluded_reasons)?)
                .bind(&o.reason)
                .bind(json(&o.standards)?)
                .bind(json(&o.breakdowns)?)
                .bind(authority)
                .bind(seq)
                .execute(&mut *tx)
                .await?;
            }
        }
        Conn::Postgres(tx) => {
            let mut copy = crate::copy_in::Copy::start(
                tx,
                "COPY figures (extract_id, indicator, period, partial, value, numerator, \
                 denominator, excluded, excluded_reasons, reason, standards, breakdowns, \
                 authority_code, seq) FROM STDIN",
            )
            .await?;
            let (extract, authority) = (extract.to_string(), authority.to_string());
            for (seq, o) in (0_i64..).zip(&f.observations) {
                // A float's Display is the shortest text that reads back as the same float.
                let value = o.value.map(|v| v.to_string());
                let numerator = o.numerator.to_string();
                let denominator = o.denominator.map(|d| d.to_string());
                let excluded = i64::try_from(o.excluded).unwrap_or(i64::MAX).to_string();
                let reasons = json(&o.excluded_reasons)?;
                let standards = json(&o.standards)?;
                let breakdowns = json(&o.breakdowns)?;
                let seq = seq.to_string();
                copy.row([
                    Some(extract.as_str()),
                    Some(o.id),
                    Some(o.period.as_str()),
                    Some(if o.partial { "t" } else { "f" }),
                    value.as_deref(),
                    Some(numerator.as_str()),
                    denominator.as_deref(),
                    Some(excluded.as_str()),
                    Some(reasons.as_str()),
                    o.reason.as_deref(),
                    Some(standards.as_str()),
                    Some(breakdowns.as_str()),
                    Some(authority.as_str()),
                    Some(seq.as_str()),
                ])
                .await?;
            }
            copy.finish().await?;
        }
    }
    Ok(())
}

/// Replaces an extract's figures and audits it, inside the caller's transaction.
pub(crate) async fn write_figures(
    conn: impl Into<Conn<'_>>,
    authority: i64,
    actor: &Actor,
    extract: i64,
    f: &Figures,
) -> Result<()> {
    with_conn!(conn.into(), |tx| {
        // Only the authority's own extract takes figures.
        let held: Option<(i64, Option<String>)> = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM figures WHERE extract_id = $1), figures_version \
         FROM extracts WHERE id = $1 AND ($2 = 0 OR authority_code = $2)",
        )
        .bind(extract)
        .bind(authority)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(held) = held else {
            return Err(Error::NotFound(format!("extract {extract}")));
        };
        let held = Some(held);
        let before = held
            .filter(|(n, _)| *n > 0)
            .map(|(n, v)| format!("{n} figures, definitions {}", v.unwrap_or_default()));
        sqlx::query("DELETE FROM figures WHERE extract_id = $1")
            .bind(extract)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE extracts SET figures_settings = $2, figures_version = $3, figures_at = $4 \
         WHERE id = $1",
        )
        .bind(extract)
        .bind(json(&f.settings)?)
        .bind(&f.version)
        .bind(Instant::now())
        .execute(&mut *tx)
        .await?;
        insert_figures(&mut *tx, authority, extract, f).await?;
        let after = format!(
            "{} figures, definitions {}",
            f.observations.len(),
            f.version
        );
        record(
            &mut *tx,
            authority,
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
    })
}

/// A kept figure read back. A figure of an indicator the catalogue no longer has is left out
/// (`None`): it can be neither shown nor judged.
fn figure<'r>(row: impl Into<AnyRow<'r>>, breakdowns: bool) -> Result<Option<ExtractFigure>> {
    with_row!(row.into(), |r| {
        let id: String = r.try_get("indicator")?;
        let Some(def) = definition(&id) else {
            return Ok(None);
        };
        let excluded: i64 = r.try_get("excluded")?;
        let observation = Observation {
            id: def.id,
            period: r.try_get("period")?,
            partial: r.try_get("partial")?,
            value: r.try_get("value")?,
            numerator: r.try_get("numerator")?,
            denominator: r.try_get("denominator")?,
            excluded: u64::try_from(excluded).unwrap_or(0),
            excluded_reasons: unjson(
                "excluded reasons",
                &r.try_get::<String, _>("excluded_reasons")?,
            )?,
            reason: r.try_get("reason")?,
            unit: def.unit,
            polarity: def.polarity,
            standards: unjson("standards", &r.try_get::<String, _>("standards")?)?,
            breakdowns: if breakdowns {
                unjson("breakdowns", &r.try_get::<String, _>("breakdowns")?)?
            } else {
                Vec::new()
            },
        };
        Ok(Some(ExtractFigure {
            extract_id: r.try_get("extract_id")?,
            as_at: r.try_get::<Day, _>("as_at")?.0,
            definition_version: r
                .try_get::<Option<String>, _>("figures_version")?
                .unwrap_or_default(),
            observation,
        }))
    })
}

macro_rules! figures_select {
    ($rest:literal) => {
        concat!(
            "SELECT f.extract_id, e.as_at, e.figures_version, f.indicator, f.period, f.partial, \
             f.value, f.numerator, f.denominator, f.excluded, f.excluded_reasons, f.reason, \
             f.standards, f.breakdowns FROM figures f JOIN extracts e ON e.id = f.extract_id ",
            $rest
        )
    };
}

impl Db {
    /// The as-at date and rows of an extract, read back as records in template order
    /// (rejected rows included, marked). Child-level data: callers check the role first.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown extract; [`Error::Corrupt`] for unreadable rows.
    pub async fn extract_rows(
        &self,
        extract: i64,
    ) -> Result<(jiff::civil::Date, Vec<(u8, Record)>)> {
        with_pool!(self, |p| {
            let as_at: Option<Day> = sqlx::query_scalar(
                "SELECT as_at FROM extracts WHERE id = $1 \
                     AND ($2 IS NULL OR authority_code = $2)",
            )
            .bind(extract)
            .bind(self.authority())
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
                let corrupt = |e: annex_a::KeptRowError| Error::Corrupt {
                    what: "child row",
                    value: format!("extract {extract}"),
                    reason: e.to_string(),
                };
                let spec = annex_a::list(r.try_get("list")?).map_err(corrupt)?;
                let row = u32::try_from(r.try_get::<i64, _>("row")?).unwrap_or(0);
                let data: String = r.try_get("data")?;
                let record =
                    annex_a::decode(spec, row, r.try_get("rejected")?, &data).map_err(corrupt)?;
                out.push((spec.number, record));
            }
            Ok((as_at.0, out))
        })
    }

    /// Replaces an extract's figures with these, in one transaction.
    ///
    /// # Errors
    /// [`Error::Query`]; nothing changes then.
    pub async fn save_figures(&self, actor: &Actor, extract: i64, f: &Figures) -> Result<()> {
        with_pool!(self, |p| {
            let mut tx = p.begin().await?;
            write_figures(&mut *tx, self.owner(), actor, extract, f).await?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// An extract's figures, in catalogue order, with their breakdowns.
    ///
    /// # Errors
    /// [`Error::Query`], [`Error::Corrupt`].
    pub async fn figures(&self, extract: i64) -> Result<Vec<ExtractFigure>> {
        with_pool!(self, |p| {
            let rows = sqlx::query(figures_select!(
                "WHERE f.extract_id = $1 AND ($2 IS NULL OR e.authority_code = $2) \
                 ORDER BY f.seq"
            ))
            .bind(extract)
            .bind(self.authority())
            .fetch_all(p)
            .await?;
            let mut out = Vec::with_capacity(rows.len());
            for r in &rows {
                out.extend(figure(r, true)?);
            }
            Ok(out)
        })
    }

    /// Every indicator's headline figure (`window` or `as-at`) in every extract, oldest first;
    /// breakdowns only for `breakdowns_of`'s figures, so a scorecard is one query.
    ///
    /// # Errors
    /// [`Error::Query`], [`Error::Corrupt`].
    pub async fn headline_series(&self, breakdowns_of: Option<i64>) -> Result<Vec<ExtractFigure>> {
        with_pool!(self, |p| {
            let rows = sqlx::query(figures_select!(
                "WHERE f.period IN ('window', 'as-at') AND ($1 IS NULL OR e.authority_code = $1) \
                 ORDER BY e.as_at, e.id, f.seq"
            ))
            .bind(self.authority())
            .fetch_all(p)
            .await?;
            let mut out = Vec::with_capacity(rows.len());
            for r in &rows {
                let id: i64 = r.try_get("extract_id")?;
                out.extend(figure(r, Some(id) == breakdowns_of)?);
            }
            Ok(out)
        })
    }

    /// Extracts whose figures were never computed.
    ///
    /// # Errors
    /// [`Error::Query`].
    pub async fn extracts_without_figures(&self) -> Result<Vec<i64>> {
        with_pool!(self, |p| {
            Ok(sqlx::query_scalar(
                "SELECT id FROM extracts e WHERE ($1 IS NULL OR e.authority_code = $1) AND NOT EXISTS \
                 (SELECT 1 FROM figures f WHERE f.extract_id = e.id) ORDER BY id",
            )
            .bind(self.authority())
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
            let previous: Option<(f64, f64, Day, Day)> = sqlx::query_as(
                "SELECT value, tolerance, from_date, to_date FROM indicator_targets \
                 WHERE indicator = $1 AND authority_code = $2 ORDER BY id DESC LIMIT 1",
            )
            .bind(&t.indicator)
            .bind(self.owner())
            .fetch_optional(&mut *tx)
            .await?;
            let before = previous
                .map(|(v, tol, from, to)| describe(v, tol, &from.to_string(), &to.to_string()));
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO indicator_targets (indicator, value, tolerance, from_date, to_date, owner, \
                 set_by, reason, set_at, authority_code, kind) VALUES ($1, $2, $3, $4, $5, $6, $7, \
                 $8, $9, $10, $11) RETURNING id",
            )
            .bind(&t.indicator)
            .bind(t.value)
            .bind(t.tolerance)
            .bind(Day(t.from))
            .bind(Day(t.to))
            .bind(&t.owner)
            .bind(&t.set_by)
            .bind(&t.reason)
            .bind(Instant::now())
            .bind(self.owner())
            .bind(json(&t.kind)?)
            .fetch_one(&mut *tx)
            .await?;
            record(
                &mut *tx,
                self.owner(),
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
                 set_at, kind FROM indicator_targets WHERE ($1 IS NULL OR authority_code = $1) ORDER BY id",
            )
            .bind(self.authority())
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
                            from: r.try_get::<Day, _>("from_date")?.0,
                            to: r.try_get::<Day, _>("to_date")?.0,
                            owner: r.try_get("owner")?,
                            set_by: r.try_get("set_by")?,
                            reason: r.try_get("reason")?,
                            kind: unjson("target kind", &r.try_get::<String, _>("kind")?)?,
                        },
                        set_at: r.try_get::<Instant, _>("set_at")?.to_string(),
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
            let now = Instant::now();
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
                .bind(Day(x.period_end))
                .bind(x.value)
                .bind(&x.symbol)
                .bind(x.provenance.to_string())
                .bind(&x.source)
                .bind(&x.note)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
            let after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM benchmarks")
                .fetch_one(&mut *tx)
                .await?;
            record(
                &mut *tx,
                self.owner(),
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
                        period_end: r.try_get::<Day, _>("period_end")?.0,
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
            Ok(sqlx::query_scalar(
                "SELECT value FROM authority_settings WHERE authority_code = $2 AND key = $1",
            )
            .bind(key)
            .bind(self.owner())
            .fetch_optional(p)
            .await?)
        })
    }

    /// Stores a setting (audited, with the value before and after).
    ///
    /// # Errors
    /// [`Error::Query`].
    pub async fn set_setting(&self, actor: &Actor, key: &str, value: &str) -> Result<()> {
        with_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let before: Option<String> = sqlx::query_scalar(
                "SELECT value FROM authority_settings WHERE authority_code = $2 AND key = $1",
            )
            .bind(key)
            .bind(self.owner())
            .fetch_optional(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO authority_settings (authority_code, key, value) VALUES ($3, $1, $2) \
                 ON CONFLICT (authority_code, key) DO UPDATE SET value = excluded.value",
            )
            .bind(key)
            .bind(value)
            .bind(self.owner())
            .execute(&mut *tx)
            .await?;
            let (before, after) = changed_fields(before.as_deref(), value);
            record(
                &mut *tx,
                self.owner(),
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
