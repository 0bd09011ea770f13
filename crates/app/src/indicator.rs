//! Indicator use cases: compute the catalogue for a file or a stored extract, explain a figure
//! down to its rows (for roles allowed child-level data), set targets, load benchmarks, and
//! the scorecard that judges every figure (RAG, direction, trajectory, benchmarks,
//! exceptions).

use std::path::Path;

use jiff::civil::Date;
use serde::Serialize;
use sightline_core::access::Role;
use sightline_core::authority::LaCode;
use sightline_core::benchmark::{self, Benchmark, Level};
use sightline_core::indicator::ExtractFigure;
use sightline_core::indicator::judge::{self, Target, Trajectory, Travel};
use sightline_core::indicator::{
    self, CATALOGUE, DEFINITION_VERSION, Definition, Explanation, ExtractRows, Observation,
    Settings, Source,
};
use sightline_core::rag::Rating;
use sightline_ingest::benchmarks::{DfeColumn, DfeRead};
use sightline_store::{Actor, Figures, StoredTarget};

use crate::disclosure::{self, Audience, Figure, Kept};
use crate::{Error, Result, Sightline};

const SETTINGS_KEY: &str = "indicator_settings";

/// The catalogue computed for one extract.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorRun {
    /// The as-at date.
    pub as_at: Date,
    /// The stored extract, when computed from one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extract_id: Option<i64>,
    /// The settings used.
    pub settings: Settings,
    /// The definitions' version.
    pub definition_version: &'static str,
    /// Every figure, as the reader may see it.
    pub indicators: Vec<Figure>,
}

/// A benchmark beside a figure, with how its definition differs.
#[derive(Debug, Clone, Serialize)]
pub struct ShownBenchmark {
    /// The benchmark.
    #[serde(flatten)]
    pub benchmark: Benchmark,
    /// How it is counted differently, in a sentence.
    pub mismatch: Option<String>,
    /// How our latest figure stands beside it: like for like, annualised, or not comparable,
    /// with the periods compared (none until there is a figure of ours to compare).
    pub comparison: Option<benchmark::Comparison>,
}

/// One indicator judged: its latest headline figure, target, RAG, direction, trajectory and
/// benchmarks.
#[derive(Debug, Clone, Serialize)]
pub struct Judged {
    /// The definition.
    pub definition: &'static Definition,
    /// Each statistical neighbour's own figure, nearest first (once a DfE file with them is
    /// loaded).
    pub neighbours: Vec<ShownBenchmark>,
    /// The latest headline figure (`window` or `as-at`), as the reader may see it.
    pub latest: Option<Figure>,
    /// The target in force at the latest as-at date.
    pub target: Option<Target>,
    /// RAG against it, with the reason.
    pub rating: Rating,
    /// Direction of travel across extracts.
    pub travel: Travel,
    /// At the current trend, is the target met by its date?
    pub trajectory: Option<Trajectory>,
    /// The headline values across extracts, oldest first: (as-at, value); a value the reader
    /// may not see (suppressed) is absent.
    pub series: Vec<(Date, Option<f64>)>,
    /// Benchmarks whose definition matches.
    pub benchmarks: Vec<ShownBenchmark>,
    /// On the exceptions list: red, worsening three periods running, or worsening materially
    /// with no target.
    pub exception: bool,
    /// Why it is on the exceptions list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exception_reason: Option<String>,
}

/// Every indicator judged, in catalogue order.
#[derive(Debug, Clone, Serialize)]
pub struct Scorecard {
    /// The latest extract's as-at date.
    pub as_at: Option<Date>,
    /// The extract judged.
    pub extract_id: Option<i64>,
    /// Every indicator.
    pub indicators: Vec<Judged>,
}

impl Judged {
    /// The chart of its headline values, with the target and each benchmark as a labelled
    /// line (the one chart every page and pack draws).
    pub fn chart(&self) -> sightline_report::chart::Chart {
        use sightline_report::chart::{Chart, RefKind, Reference};
        let unit = self.definition.unit;
        let mut references: Vec<Reference> = self
            .target
            .iter()
            .map(|t| Reference {
                label: format!("Target {}", judge::format_value(unit, t.value)),
                value: t.value,
                kind: RefKind::Target,
            })
            .collect();
        references.extend(self.benchmarks.iter().filter_map(|b| {
            Some(Reference {
                label: format!(
                    "{} {}",
                    b.benchmark.area,
                    judge::format_value(unit, b.benchmark.value?)
                ),
                value: b.benchmark.value?,
                kind: RefKind::Benchmark,
            })
        }));
        Chart {
            title: self.definition.title.to_string(),
            unit,
            points: self.series.clone(),
            references,
        }
    }
}

impl Scorecard {
    /// The exceptions: red, or worsening three periods running, with the owner to ask.
    pub fn exceptions(&self) -> impl Iterator<Item = &Judged> {
        self.indicators.iter().filter(|j| j.exception)
    }
}

fn rows_of(
    as_at: Date,
    rows: impl IntoIterator<Item = (u8, sightline_core::annex_a::Record)>,
) -> ExtractRows {
    let mut x = ExtractRows::new(as_at);
    for (list, r) in rows {
        x.push(list, r);
    }
    x
}

/// The rows of an extract read from a file, accepted rows only.
fn rows_of_extract(e: sightline_ingest::annex_a::Extract) -> ExtractRows {
    let as_at = e.as_at;
    rows_of(
        as_at,
        e.lists
            .into_iter()
            .flat_map(|l| l.records.into_iter().map(move |r| (l.list, r))),
    )
}

impl Sightline {
    /// The indicator settings in force (stored, else the defaults).
    ///
    /// # Errors
    /// Store errors, or [`Error::Invalid`] when the stored settings cannot be read.
    pub async fn indicator_settings(&self) -> Result<Settings> {
        match self.db.setting(SETTINGS_KEY).await? {
            Some(json) => serde_json::from_str(&json)
                .map_err(|e| Error::Invalid(format!("stored indicator settings: {e}"))),
            None => Ok(Settings::default()),
        }
    }

    /// Stores the indicator settings (audited, before and after).
    ///
    /// # Errors
    /// Store errors.
    pub async fn set_indicator_settings(&self, actor: &Actor, s: &Settings) -> Result<()> {
        let json = serde_json::to_string(s).map_err(|e| Error::Invalid(e.to_string()))?;
        Ok(self.db.set_setting(actor, SETTINGS_KEY, &json).await?)
    }

    /// The authority this installation serves, if set.
    ///
    /// # Errors
    /// Store errors.
    pub async fn home_authority(&self) -> Result<Option<sightline_core::authority::Authority>> {
        match self.db.authority() {
            Some(code) => Ok(Some(self.authority(&code.to_string())?)),
            None => Ok(None),
        }
    }

    /// Names the authority this installation serves: its region and statistical neighbours'
    /// benchmarks, and whose records (extracts, figures, targets, settings, accounts) the
    /// installation keeps. Records made before it was named become its own.
    ///
    /// # Errors
    /// [`Error::UnknownAuthority`]; [`Error::Invalid`] when another authority is already
    /// named and holds records; store errors.
    pub async fn set_home_authority(&self, actor: &Actor, query: &str) -> Result<()> {
        let a = self.authority(query)?;
        Ok(self.db.name_authority(actor, i64::from(a.code.0)).await?)
    }

    /// Computes the catalogue for an extract file without touching the database.
    ///
    /// # Errors
    /// [`Error::Ingest`] when the file cannot be read.
    pub fn indicators_of_file(
        &self,
        audience: Audience,
        path: &Path,
        as_at: Option<Date>,
        settings: &Settings,
        breakdowns: bool,
    ) -> Result<IndicatorRun> {
        let e = sightline_ingest::annex_a::check(path, as_at)?;
        if e.lists.is_empty() {
            return Err(Error::Invalid(format!(
                "{}: no Annex A list was found",
                path.display()
            )));
        }
        let rows = rows_of_extract(e);
        let all = indicator::compute(&rows, settings, &self.reference.calendar, breakdowns);
        Ok(IndicatorRun {
            as_at: rows.as_at(),
            extract_id: None,
            settings: settings.clone(),
            definition_version: DEFINITION_VERSION,
            indicators: disclosed(audience, settings, rows.as_at(), None, &all),
        })
    }

    /// An extract's accepted rows. A loaded extract never changes, so the last one read is
    /// kept for the drill-downs that follow it.
    async fn stored_rows(&self, extract: i64) -> Result<std::sync::Arc<ExtractRows>> {
        let mut cached = self.rows.lock().await;
        if let Some((id, rows)) = cached.as_ref()
            && *id == extract
        {
            return Ok(rows.clone());
        }
        let (as_at, rows) = self.db.extract_rows(extract).await?;
        let rows = std::sync::Arc::new(rows_of(as_at, rows));
        *cached = Some((extract, rows.clone()));
        Ok(rows)
    }

    pub(crate) async fn extract_or_latest(&self, extract: Option<i64>) -> Result<i64> {
        match extract {
            Some(id) => Ok(id),
            None => self
                .db
                .extracts()
                .await?
                .iter()
                .max_by_key(|e| (e.as_at.clone(), e.id))
                .map(|e| e.id)
                .ok_or_else(|| {
                    Error::Invalid(
                        "no extract has been loaded (sightline annex-a load FILE)".to_string(),
                    )
                }),
        }
    }

    /// Computes the catalogue for a stored extract (`None`: the latest) with the given
    /// settings, without storing the figures.
    ///
    /// # Errors
    /// Store errors; [`Error::Invalid`] when no extract is loaded.
    pub async fn indicators_of_extract(
        &self,
        audience: Audience,
        extract: Option<i64>,
        settings: &Settings,
        breakdowns: bool,
    ) -> Result<IndicatorRun> {
        let id = self.extract_or_latest(extract).await?;
        let rows = self.stored_rows(id).await?;
        let all = indicator::compute(&rows, settings, &self.reference.calendar, breakdowns);
        Ok(IndicatorRun {
            as_at: rows.as_at(),
            extract_id: Some(id),
            settings: settings.clone(),
            definition_version: DEFINITION_VERSION,
            indicators: disclosed(audience, settings, rows.as_at(), Some(id), &all),
        })
    }

    /// Computes the catalogue (with breakdowns) for a stored extract with the settings in
    /// force, and stores the figures with those settings and the definitions' version. Returns
    /// how many figures were stored.
    ///
    /// # Errors
    /// Store errors; [`Error::Invalid`] for an unknown extract.
    pub async fn compute_indicators(&self, actor: &Actor, extract: i64) -> Result<usize> {
        let settings = self.indicator_settings().await?;
        let rows = self.stored_rows(extract).await?;
        let present: Vec<u8> = self
            .db
            .extract_lists(extract)
            .await?
            .iter()
            .map(|l| l.list)
            .collect();
        let figures = self.figures_of(&rows, &settings, &present);
        self.db.save_figures(actor, extract, &figures).await?;
        Ok(figures.observations.len())
    }

    /// The catalogue, with breakdowns, ready to store: the figures of the lists `present` in
    /// the extract (a partial extract has no figure for a list it does not hold, rather than a
    /// zero).
    pub(crate) fn figures_of(
        &self,
        rows: &ExtractRows,
        settings: &Settings,
        present: &[u8],
    ) -> Figures {
        let mut all = indicator::compute(rows, settings, &self.reference.calendar, true);
        all.retain(|o| indicator::definition(o.id).is_some_and(|d| present.contains(&d.list)));
        Figures {
            settings: settings.clone(),
            version: DEFINITION_VERSION.to_string(),
            observations: all,
        }
    }

    /// The figures of a stored extract (`None`: the latest), computing them first if they
    /// were never computed.
    ///
    /// # Errors
    /// Store errors; [`Error::Invalid`] when no extract is loaded.
    pub async fn observations(
        &self,
        actor: &Actor,
        audience: Audience,
        extract: Option<i64>,
    ) -> Result<(i64, Vec<Figure>)> {
        let id = self.extract_or_latest(extract).await?;
        let mut obs = self.db.figures(id).await?;
        if obs.is_empty() {
            self.compute_indicators(actor, id).await?;
            obs = self.db.figures(id).await?;
        }
        let small = i64::from(self.indicator_settings().await?.small_number);
        let figures = obs
            .iter()
            .map(|o| disclosure::stored_figure(audience, small, o))
            .collect();
        Ok((id, figures))
    }

    /// The rows behind one figure of a stored extract. Only roles allowed child-level data
    /// get rows; a viewer gets [`Error::Forbidden`].
    ///
    /// # Errors
    /// [`Error::Forbidden`]; [`Error::Invalid`] for an unknown indicator or period; store
    /// errors.
    pub async fn explain_indicator(
        &self,
        role: Role,
        id: &str,
        period: Option<&str>,
        extract: Option<i64>,
    ) -> Result<Explanation> {
        let allowed = role.child_level().ok_or(Error::Forbidden(
            "the children behind a figure are shown only to analysts, managers and admins",
        ))?;
        let extract = self.extract_or_latest(extract).await?;
        let settings = self.indicator_settings().await?;
        let rows = self.stored_rows(extract).await?;
        indicator::explain(
            allowed,
            id,
            period,
            &rows,
            &settings,
            &self.reference.calendar,
        )
        .map_err(|e| Error::Invalid(e.to_string()))
    }

    /// The rows behind one figure of an extract file (no database).
    ///
    /// # Errors
    /// [`Error::Forbidden`] for a viewer; ingest errors; unknown indicator or period.
    pub fn explain_file(
        &self,
        role: Role,
        path: &Path,
        as_at: Option<Date>,
        id: &str,
        period: Option<&str>,
        settings: &Settings,
    ) -> Result<Explanation> {
        let allowed = role.child_level().ok_or(Error::Forbidden(
            "the children behind a figure are shown only to analysts, managers and admins",
        ))?;
        let rows = rows_of_extract(sightline_ingest::annex_a::check(path, as_at)?);
        indicator::explain(
            allowed,
            id,
            period,
            &rows,
            settings,
            &self.reference.calendar,
        )
        .map_err(|e| Error::Invalid(e.to_string()))
    }

    /// Sets a target.
    ///
    /// # Errors
    /// [`Error::Invalid`] for an unknown indicator, a context measure, a negative tolerance
    /// or dates the wrong way round; store errors.
    pub async fn set_target(&self, actor: &Actor, t: &Target) -> Result<i64> {
        let def = indicator::definition(&t.indicator).ok_or_else(|| {
            Error::Invalid(format!(
                "{:?} is not an indicator id (see `sightline indicators list`)",
                t.indicator
            ))
        })?;
        if def.polarity == indicator::Polarity::Context {
            return Err(Error::Invalid(format!(
                "{} is a context measure (neither higher nor lower is better), so it takes no target",
                def.id
            )));
        }
        if t.tolerance < 0.0 || !t.value.is_finite() || !t.tolerance.is_finite() {
            return Err(Error::Invalid(
                "the target and tolerance must be numbers, the tolerance 0 or more".to_string(),
            ));
        }
        let out_of_range = |v: f64| match def.unit {
            indicator::Unit::Pct => !(0.0..=100.0).contains(&v),
            _ => v < 0.0,
        };
        let impossible = out_of_range(t.value)
            || (def.unit == indicator::Unit::Pct && t.tolerance > 100.0)
            || matches!(&t.kind, judge::TargetKind::Trajectory { points }
                if points.iter().any(|(_, v)| out_of_range(*v)));
        if impossible {
            return Err(Error::Invalid(format!(
                "{} cannot reach {}: a percentage runs from 0 to 100, and counts, rates and days \
                 are never negative",
                def.id,
                judge::format_value(def.unit, t.value)
            )));
        }
        if t.to < t.from {
            return Err(Error::Invalid(format!(
                "the target runs from {} to {}: the end is before the start",
                t.from, t.to
            )));
        }
        Ok(self.db.add_target(actor, t).await?)
    }

    /// Every target.
    ///
    /// # Errors
    /// Store errors.
    pub async fn targets(&self) -> Result<Vec<StoredTarget>> {
        Ok(self.db.targets().await?)
    }

    /// Loads one measure from a DfE statistics CSV as benchmarks.
    ///
    /// # Errors
    /// [`Error::Ingest`] naming the file; store errors (nothing is stored then).
    pub async fn load_benchmarks(
        &self,
        actor: &Actor,
        path: &Path,
        want: &DfeColumn,
    ) -> Result<DfeRead> {
        let read = sightline_ingest::benchmarks::read_dfe(path, want)?;
        self.save_benchmarks_of(actor, path, read).await
    }

    /// Stores benchmarks read from `path`, in one transaction, naming the file as their source.
    async fn save_benchmarks_of(
        &self,
        actor: &Actor,
        path: &Path,
        read: DfeRead,
    ) -> Result<DfeRead> {
        let source = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        self.db
            .save_benchmarks(actor, &source, &read.benchmarks)
            .await?;
        Ok(read)
    }

    /// Loads every measure of a DfE children's social work workforce statistics CSV
    /// (`turnover_rate_fte`, `agency_rate_fte`, `vacancy_rate_fte`, `caseload_fte`,
    /// `absence_rate_fte`) as benchmarks of the matching indicators, in one transaction: England,
    /// the regions and every authority (the statistical neighbours' mean is worked out from
    /// these).
    ///
    /// # Errors
    /// [`Error::Ingest`] naming the file; store errors (nothing is stored then).
    pub async fn load_workforce_benchmarks(
        &self,
        actor: &Actor,
        path: &Path,
        year: Option<String>,
    ) -> Result<DfeRead> {
        let read = sightline_ingest::benchmarks::read_dfe_workforce(path, year)?;
        self.save_benchmarks_of(actor, path, read).await
    }

    /// The benchmarks to show beside an indicator: England and the region (shipped and
    /// loaded), the home authority's statistical neighbours' mean and the home authority's
    /// own published figure (loaded), latest year of each, each with how its definition
    /// differs.
    ///
    /// # Errors
    /// Store errors.
    pub async fn benchmarks_for(&self, id: &str) -> Result<Vec<ShownBenchmark>> {
        let home = self.home_authority().await?;
        let mut all = sightline_ingest::benchmarks::shipped()?;
        all.extend(self.db.benchmarks(Some(id)).await?);
        Ok(shown_benchmarks(id, home.as_ref(), &all))
    }

    /// Every indicator judged at the latest extract (or `extract`) as `audience` may see it:
    /// RAG against the target in force, direction of travel and trajectory across all
    /// extracts, benchmarks, and whether it is an exception. For [`Audience::Aggregate`] the
    /// figures are suppressed first and the judgements made on what is left, so no sentence
    /// carries a suppressed number.
    ///
    /// # Errors
    /// Store errors.
    pub async fn scorecard(
        &self,
        actor: &Actor,
        audience: Audience,
        extract: Option<i64>,
    ) -> Result<Scorecard> {
        Ok((*self.shared_scorecard(actor, audience, extract).await?).clone())
    }

    /// As [`Sightline::scorecard`], shared: built once per change of the data (every write is
    /// audited, so the latest audit id says when to build it again) and audience.
    ///
    /// # Errors
    /// Store errors.
    pub async fn shared_scorecard(
        &self,
        actor: &Actor,
        audience: Audience,
        extract: Option<i64>,
    ) -> Result<std::sync::Arc<Scorecard>> {
        // One build at a time: concurrent requests wait for it and share the result.
        let mut guard = self.scorecard.lock().await;
        let stamp = self.db.last_audit_id().await?;
        if let Some((_, _, _, card)) = guard
            .iter()
            .find(|(s, e, a, _)| *s == stamp && *e == extract && *a == audience)
        {
            return Ok(card.clone());
        }
        let card = std::sync::Arc::new(self.build_scorecard(actor, audience, extract).await?);
        // Building may itself write (figures never computed before): stamp after it.
        let stamp = self.db.last_audit_id().await?;
        guard.retain(|(s, e, a, _)| *s == stamp && !(*e == extract && *a == audience));
        guard.push((stamp, extract, audience, card.clone()));
        Ok(card)
    }

    async fn build_scorecard(
        &self,
        actor: &Actor,
        audience: Audience,
        extract: Option<i64>,
    ) -> Result<Scorecard> {
        for id in self.db.extracts_without_figures().await? {
            self.compute_indicators(actor, id).await?;
        }
        let extracts = self.db.extracts().await?;
        let chosen = match extract {
            Some(id) => Some(
                extracts
                    .iter()
                    .find(|e| e.id == id)
                    .ok_or_else(|| Error::Invalid(format!("there is no extract {id}")))?,
            ),
            None => extracts.iter().max_by_key(|e| (e.as_at.clone(), e.id)),
        };
        let extract = chosen.map(|e| e.id);
        let cut = chosen.map(|e| e.as_at.clone());
        let targets: Vec<Target> = self
            .targets()
            .await?
            .into_iter()
            .map(|t| t.target)
            .collect();
        let home = self.home_authority().await?;
        let mut known = sightline_ingest::benchmarks::shipped()?;
        known.extend(self.db.benchmarks(None).await?);
        let headlines = self.db.headline_series(extract).await?;
        // The workforce measures are worked out once for all six indicators that read them.
        let returns = sightline_core::workforce::monthly(&self.db.workforce().await?);
        let audits = self.db.audits().await?;
        let small_number = self.indicator_settings().await?.small_number;
        let small = i64::from(small_number);
        let mut out = Vec::new();
        let mut as_at = None;
        for def in CATALOGUE {
            let (latest, series) = if def.source != Source::AnnexA {
                // The other sources' months up to the extract judged (all, with none).
                let months = sourced(def, &returns, &audits, small_number);
                let upto: Vec<&(Date, Observation)> = months
                    .iter()
                    .filter(|(m, _)| cut.as_ref().is_none_or(|c| m.to_string() <= *c))
                    .collect();
                (
                    upto.last().map(|(m, o)| {
                        disclosure::figure(audience, small, Kept::now(*m, None), o, true)
                    }),
                    upto.iter()
                        .map(|(m, o)| (*m, disclosure::headline_value(audience, small, o)))
                        .collect::<Vec<_>>(),
                )
            } else {
                let upto: Vec<&ExtractFigure> = headlines
                    .iter()
                    .filter(|o| o.observation.id == def.id)
                    .filter(|o| cut.as_ref().is_none_or(|c| o.as_at.to_string() <= *c))
                    .collect();
                // The chosen extract's figure; when it has none (a partial extract without this
                // list), the last extract's that has, which carries its own as-at date.
                let latest = match extract {
                    Some(id) => upto
                        .iter()
                        .find(|o| o.extract_id == id)
                        .or(upto.last())
                        .map(|o| disclosure::stored_figure(audience, small, o)),
                    None => None,
                };
                let series: Vec<(Date, Option<f64>)> = upto
                    .iter()
                    .map(|o| {
                        (
                            o.as_at,
                            disclosure::headline_value(audience, small, &o.observation),
                        )
                    })
                    .collect();
                (latest, series)
            };
            let at = latest.as_ref().map(|o| o.as_at);
            if latest.as_ref().and_then(|o| o.extract_id) == extract {
                as_at = as_at.or(at);
            }
            let target = at
                .and_then(|d| judge::target_at(&targets, def.id, d))
                .cloned();
            let ours = latest.as_ref().and_then(|o| o.figure.value());
            let benchmarks = match at {
                Some(at) => compared(
                    def,
                    shown_benchmarks(def.id, home.as_ref(), &known),
                    at,
                    ours,
                ),
                None => shown_benchmarks(def.id, home.as_ref(), &known),
            };
            let neighbours = neighbour_figures(def, home.as_ref(), &known, at, ours);
            let rating = match (&latest, at) {
                (Some(f), _) if f.figure.is_suppressed() => Rating {
                    colour: sightline_core::rag::Rag::Grey,
                    reason: "not rated here: the figure is suppressed (small numbers)".to_string(),
                },
                (_, Some(at)) => judge::rate_on(
                    def,
                    latest.as_ref().and_then(|o| o.figure.value()),
                    target.as_ref(),
                    at,
                    &against(at, &series, &benchmarks),
                ),
                (_, None) => judge::rate(def, None, target.as_ref()),
            };
            let travel = judge::comparable_travel(def, &series);
            let trajectory = target
                .as_ref()
                .and_then(|t| judge::trajectory(def, &series, t));
            let exception_reason = if rating.colour == sightline_core::rag::Rag::Red {
                Some("red against its target".to_string())
            } else if judge::is_exception(&rating, &travel) {
                Some(format!(
                    "worsening {} periods running",
                    travel.worsening_run
                ))
            } else if judge::worsening_without_target(def, &series, target.as_ref()) {
                Some(format!(
                    "worsening with no target {}",
                    travel.sentence.trim_start_matches("worsening ")
                ))
            } else {
                None
            };
            let exception = exception_reason.is_some();
            out.push(Judged {
                definition: def,
                benchmarks,
                neighbours,
                latest,
                target,
                rating,
                travel,
                trajectory,
                series,
                exception,
                exception_reason,
            });
        }
        Ok(Scorecard {
            as_at,
            extract_id: extract,
            indicators: out,
        })
    }
}

impl Sightline {
    /// An indicator's headline figure at every extract (for one worked out from the workforce
    /// returns, every month's), oldest first, as `audience` may see each.
    ///
    /// # Errors
    /// [`Error::Invalid`] for an unknown indicator; store errors.
    pub async fn series(&self, audience: Audience, id: &str) -> Result<Vec<Figure>> {
        let def = indicator::definition(id).ok_or_else(|| {
            Error::Invalid(format!(
                "{id:?} is not an indicator id (see `sightline indicators list`)"
            ))
        })?;
        Ok(self
            .every_series(audience)
            .await?
            .into_iter()
            .find(|(d, _)| d.id == def.id)
            .map(|(_, s)| s)
            .unwrap_or_default())
    }

    /// Every indicator's headline figure at every extract (or, for the workforce returns'
    /// indicators, every month's return), in catalogue order, oldest first, as `audience` may
    /// see each: one read of the store for the whole catalogue.
    ///
    /// # Errors
    /// Store errors.
    pub async fn every_series(
        &self,
        audience: Audience,
    ) -> Result<Vec<(&'static Definition, Vec<Figure>)>> {
        for e in self.db.extracts_without_figures().await? {
            self.compute_indicators(&Actor::system(), e).await?;
        }
        let small_number = self.indicator_settings().await?.small_number;
        let small = i64::from(small_number);
        let all = self.db.headline_series(None).await?;
        // The workforce measures are worked out once for all six indicators that read them.
        let returns = sightline_core::workforce::monthly(&self.db.workforce().await?);
        let audits = self.db.audits().await?;
        Ok(CATALOGUE
            .iter()
            .map(|def| {
                let figures = if def.source != Source::AnnexA {
                    sourced(def, &returns, &audits, small_number)
                        .iter()
                        .map(|(m, o)| {
                            disclosure::figure(audience, small, Kept::now(*m, None), o, true)
                        })
                        .collect()
                } else {
                    all.iter()
                        .filter(|o| o.observation.id == def.id)
                        .map(|o| disclosure::stored_figure(audience, small, o))
                        .collect()
                };
                (def, figures)
            })
            .collect())
    }
}

/// The figures of an indicator from another source than Annex A, a month each, oldest first.
fn sourced(
    def: &'static Definition,
    workforce: &sightline_core::workforce::Monthly,
    audits: &[sightline_core::practice::CaseAudit],
    small: u32,
) -> Vec<(Date, Observation)> {
    match def.source {
        Source::WorkforceReturn => sightline_core::workforce::observations(def, workforce, small),
        Source::PracticeAudit => sightline_core::practice::observations(def, audits, small),
        Source::AnnexA => Vec::new(),
    }
}

/// Computed figures as `audience` may see them.
fn disclosed(
    audience: Audience,
    settings: &Settings,
    as_at: Date,
    extract_id: Option<i64>,
    all: &[Observation],
) -> Vec<Figure> {
    let small = i64::from(settings.small_number);
    all.iter()
        .map(|o| disclosure::figure(audience, small, Kept::now(as_at, extract_id), o, true))
        .collect()
}

/// What a target may be measured against on `at`: the figure of about a year before (an
/// extract as at within 20 days of the day a year earlier, the nearest), and the benchmarks'
/// latest figures by level.
pub(crate) fn against(
    at: Date,
    series: &[(Date, Option<f64>)],
    shown: &[ShownBenchmark],
) -> judge::Against {
    let year_before = at.saturating_sub(jiff::Span::new().years(1));
    let last_year = series
        .iter()
        .filter_map(|(d, v)| Some((*d, (*v)?)))
        .filter(|(d, _)| (*d - year_before).get_days().abs() <= 20)
        .min_by_key(|(d, _)| (*d - year_before).get_days().abs());
    judge::Against {
        last_year,
        benchmarks: shown
            .iter()
            .filter_map(|b| Some((b.benchmark.level, b.benchmark.value?)))
            .collect(),
    }
}

/// The benchmarks to show beside `id`, from all known ones (shipped and stored): England, the
/// home region, the home authority's statistical neighbours' mean and its own figure, latest
/// year of each, each with how its definition differs.
pub(crate) fn shown_benchmarks(
    id: &str,
    home: Option<&sightline_core::authority::Authority>,
    known: &[Benchmark],
) -> Vec<ShownBenchmark> {
    let Some(def) = indicator::definition(id) else {
        return Vec::new();
    };
    let all: Vec<&Benchmark> = known.iter().filter(|b| b.indicator == id).collect();
    let latest = |level: Level, keep: &dyn Fn(&Benchmark) -> bool| {
        all.iter()
            .filter(|b| b.level == level && keep(b))
            .max_by(|a, b| a.period_end.cmp(&b.period_end).then(a.year.cmp(&b.year)))
            .map(|b| (*b).clone())
    };
    let mut shown = Vec::new();
    if let Some(b) = latest(Level::National, &|_| true) {
        shown.push(b);
    }
    let region = home.map_or("East Midlands".to_string(), |a| a.region_name.clone());
    if let Some(b) = latest(Level::Regional, &|b| b.area.eq_ignore_ascii_case(&region)) {
        shown.push(b);
    }
    if let Some(a) = home {
        let codes: Vec<String> = a.neighbours.iter().map(LaCode::to_string).collect();
        let year = all
            .iter()
            .filter(|b| b.level == Level::LocalAuthority)
            .map(|b| b.period_end)
            .max();
        let neighbours: Vec<&Benchmark> = all
            .iter()
            .filter(|b| {
                b.level == Level::LocalAuthority
                    && Some(b.period_end) == year
                    && b.area_code.as_ref().is_some_and(|c| codes.contains(c))
            })
            .copied()
            .collect();
        if let Some(m) = benchmark::neighbours_mean(id, &a.name, &neighbours, codes.len()) {
            shown.push(m);
        }
        let own = a.code.to_string();
        if let Some(b) = latest(Level::LocalAuthority, &|b| {
            b.area_code.as_deref() == Some(&own)
        }) {
            shown.push(b);
        }
    }
    let window = def.window_months();
    shown
        .into_iter()
        .map(|b| ShownBenchmark {
            mismatch: benchmark::mismatch(def, &b, window),
            comparison: None,
            benchmark: b,
        })
        .collect()
}

/// The benchmarks shown beside a figure of ours (as at `at`), each saying how ours compares.
pub(crate) fn compared(
    def: &Definition,
    mut shown: Vec<ShownBenchmark>,
    at: Date,
    ours: Option<f64>,
) -> Vec<ShownBenchmark> {
    let window = def.window_months();
    for b in &mut shown {
        b.comparison = Some(benchmark::compare(def, ours, at, &b.benchmark, window));
    }
    shown
}

/// Each statistical neighbour's own published figure for `id` (the latest year loaded), in
/// the order of nearness, each saying how ours compares.
pub(crate) fn neighbour_figures(
    def: &Definition,
    home: Option<&sightline_core::authority::Authority>,
    known: &[Benchmark],
    at: Option<Date>,
    ours: Option<f64>,
) -> Vec<ShownBenchmark> {
    let Some(a) = home else {
        return Vec::new();
    };
    let all: Vec<&Benchmark> = known
        .iter()
        .filter(|b| b.indicator == def.id && b.level == Level::LocalAuthority)
        .collect();
    let Some(year) = all.iter().map(|b| b.period_end).max() else {
        return Vec::new();
    };
    let window = def.window_months();
    a.neighbours
        .iter()
        .filter_map(|code| {
            let code = code.to_string();
            let b = all
                .iter()
                .find(|b| b.period_end == year && b.area_code.as_deref() == Some(&code))?;
            Some(ShownBenchmark {
                mismatch: benchmark::mismatch(def, b, window),
                comparison: at.map(|at| benchmark::compare(def, ours, at, b, window)),
                benchmark: (*b).clone(),
            })
        })
        .collect()
}
