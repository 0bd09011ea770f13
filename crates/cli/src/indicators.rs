//! `sightline indicators …`: the catalogue computed, explained, judged.

use std::fmt::Write;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use jiff::civil::Date;
use sightline_app::DfeColumn;
use sightline_app::disclosure::{Audience, Disclosed};
use sightline_app::{Actor, IndicatorRun, Sightline};
use sightline_core::access::Role;
use sightline_core::benchmark::Comparison;
use sightline_core::indicator::judge::{Target, format_value};
use sightline_core::indicator::{self, Basis, CATALOGUE, Group};

use crate::cli::FormatArg;
use crate::output::{Format, Rows, emit, opt};

/// `sightline indicators`: compute the catalogue for a file or a stored extract, or one of
/// the subcommands.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct IndicatorsArgs {
    #[command(subcommand)]
    pub command: Option<IndicatorsCommand>,
    #[command(flatten)]
    pub compute: ComputeArgs,
}

/// What to compute from.
#[derive(Debug, Args)]
pub struct ComputeArgs {
    /// An extract file or folder (read, not stored). Without it: a stored extract.
    pub path: Option<PathBuf>,
    /// A stored extract (default: the latest).
    #[arg(long, conflicts_with = "path")]
    pub extract: Option<i64>,
    /// The date the extract was produced (files only; default: its latest event date).
    #[arg(long)]
    pub as_at: Option<Date>,
    /// The authority's population aged 0 to 17, for rates per 10,000 (default: the setting).
    #[arg(long)]
    pub population: Option<u32>,
    /// Only this period (`window`, `as-at`, `YYYY-MM`, or `all`). Default: every period for
    /// JSON and CSV, the headline (window or as-at) for the table.
    #[arg(long)]
    pub period: Option<String>,
    /// Include breakdowns by team, worker, age band, gender, ethnicity group and disability.
    #[arg(long)]
    pub breakdowns: bool,
    #[command(flatten)]
    pub format: FormatArg,
}

/// `sightline indicators <verb>`
#[derive(Debug, Subcommand)]
pub enum IndicatorsCommand {
    /// The catalogue: ids, titles, units, polarity, basis and definitions.
    List {
        #[command(flatten)]
        format: FormatArg,
    },
    /// The rows behind one figure (analysts, managers and admins only).
    Explain {
        /// Indicator id.
        id: String,
        /// `window`, `as-at` or `YYYY-MM` (default: the window, or as-at for a snapshot).
        #[arg(long)]
        period: Option<String>,
        /// A stored extract (default: the latest).
        #[arg(long)]
        extract: Option<i64>,
        /// Or an extract file or folder, read without storing it.
        #[arg(long, conflicts_with = "extract")]
        file: Option<PathBuf>,
        /// With --file: the date the extract was produced.
        #[arg(long)]
        as_at: Option<Date>,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Every indicator judged at the latest extract: value, target, RAG and why, direction of
    /// travel, trajectory, benchmarks.
    Scorecard {
        /// A stored extract (default: the latest).
        #[arg(long)]
        extract: Option<i64>,
        #[command(flatten)]
        format: FormatArg,
    },
    /// The exceptions: red, or worsening three periods running, with the owner to ask.
    Exceptions {
        /// A stored extract (default: the latest).
        #[arg(long)]
        extract: Option<i64>,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Write commentary on an indicator for a month (owners: managers, analysts, admins):
    /// signed, audited, and a new version each time.
    Comment {
        /// Indicator id.
        id: String,
        /// The month the commentary speaks to (YYYY-MM).
        #[arg(long)]
        period: String,
        /// What the owner says.
        #[arg(long)]
        text: String,
    },
    /// Every version of the commentary, for one indicator or all.
    Commentary {
        /// Indicator id (default: all).
        id: Option<String>,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Targets.
    #[command(subcommand)]
    Target(TargetCommand),
    /// Benchmarks: England, region, statistical neighbours.
    #[command(subcommand)]
    Benchmark(BenchmarkCommand),
    /// Show or change the settings figures are computed with.
    Settings {
        /// The population aged 0 to 17 (ONS mid-year estimate).
        #[arg(long)]
        population: Option<u32>,
        /// CIN visit standard in days.
        #[arg(long)]
        cin_visit_days: Option<u32>,
        /// CP visit standard in working days.
        #[arg(long)]
        cp_visit_working_days: Option<u32>,
        /// CLA visit standard in days.
        #[arg(long)]
        cla_visit_days: Option<u32>,
        /// Small numbers (1 to this) are marked for suppression.
        #[arg(long)]
        small_number: Option<u32>,
        /// Long-term placement stability: years in the same placement (of children in care
        /// for that and a half).
        #[arg(long)]
        stability_years: Option<u32>,
        /// A worker holding more open children than this is above the caseload threshold.
        #[arg(long)]
        caseload_threshold: Option<u32>,
        /// The authority this installation serves (for region and neighbour benchmarks).
        #[arg(long)]
        authority: Option<String>,
        #[command(flatten)]
        format: FormatArg,
    },
}

/// `sightline indicators target …`
#[derive(Debug, Subcommand)]
pub enum TargetCommand {
    /// Set a target for an indicator.
    Set {
        /// Indicator id.
        id: String,
        /// The value to reach or better (for a trajectory: the final value, by --to; for
        /// last_year and benchmark targets it is not used, 0 will do).
        #[arg(long, default_value_t = 0.0)]
        value: f64,
        /// How far on the wrong side is still amber (percentage points for a percentage).
        #[arg(long, default_value_t = 0.0)]
        tolerance: f64,
        /// In force from.
        #[arg(long)]
        from: Date,
        /// To be met by.
        #[arg(long)]
        to: Date,
        /// Who is asked for commentary when it is missed.
        #[arg(long)]
        owner: String,
        /// Why this value.
        #[arg(long)]
        reason: String,
        /// What the figure is measured against: fixed (the value), last_year (the same period a
        /// year before), benchmark:national, benchmark:regional,
        /// benchmark:statistical_neighbours, or trajectory (with --points).
        #[arg(long, default_value = "fixed")]
        kind: String,
        /// A trajectory's interim values: "2026-03-31=60, 2026-09-30=75".
        #[arg(long, default_value = "")]
        points: String,
    },
    /// Every target.
    List {
        #[command(flatten)]
        format: FormatArg,
    },
}

/// `sightline indicators benchmark …`
#[derive(Debug, Subcommand)]
pub enum BenchmarkCommand {
    /// Load one measure from a DfE statistics CSV (explore-education-statistics layout); with
    /// neither --indicator nor --column, every measure of DfE's children's social work
    /// workforce statistics the file holds (turnover_rate_fte, agency_rate_fte,
    /// vacancy_rate_fte, caseload_fte, absence_rate_fte).
    Load {
        /// The CSV file.
        file: PathBuf,
        /// The indicator the column matches.
        #[arg(long, requires = "column")]
        indicator: Option<String>,
        /// The column with the figures.
        #[arg(long, requires = "indicator")]
        column: Option<String>,
        /// Only rows where COLUMN=VALUE (repeatable), for files with breakdown columns.
        #[arg(long = "filter", value_parser = parse_filter)]
        filters: Vec<(String, String)>,
        /// The time_period to take (default: the latest).
        #[arg(long)]
        year: Option<String>,
        #[command(flatten)]
        format: FormatArg,
    },
    /// The benchmarks shown beside an indicator (or every indicator).
    List {
        /// Indicator id.
        id: Option<String>,
        #[command(flatten)]
        format: FormatArg,
    },
}

fn parse_filter(s: &str) -> Result<(String, String), String> {
    s.split_once('=')
        .map(|(a, b)| (a.trim().to_string(), b.trim().to_string()))
        .ok_or_else(|| format!("{s:?}: expected COLUMN=VALUE"))
}

fn show(v: Option<f64>, unit: indicator::Unit) -> String {
    v.map_or_else(|| "—".to_string(), |v| format_value(unit, v))
}

fn run_rows(run: &IndicatorRun, period: Option<&str>, table: bool) -> Rows {
    let mut rows = Rows::new(&[
        "id",
        "period",
        "value",
        "numerator",
        "denominator",
        "excluded",
        "note",
    ]);
    for o in &run.indicators {
        let keep = match period {
            Some("all") => true,
            Some(p) => o.period == p,
            None => !table || o.period == "window" || o.period == "as-at",
        };
        if !keep {
            continue;
        }
        let mut note: Vec<String> = Vec::new();
        if let Some(r) = &o.reason {
            note.push(r.clone());
        }
        if o.partial {
            note.push("part month".into());
        }
        note.extend(o.standards.iter().cloned());
        let (value, numerator, denominator) = match &o.figure {
            Disclosed::Shown(n) => (
                show(n.value, o.unit),
                n.numerator.to_string(),
                opt(n.denominator),
            ),
            Disclosed::Suppressed(w) => {
                note.push(w.reason.to_string());
                ("c".to_string(), "c".to_string(), "c".to_string())
            }
        };
        rows.push(vec![
            o.indicator.clone(),
            o.period.clone(),
            value,
            numerator,
            denominator,
            o.excluded.text(),
            note.join("; "),
        ]);
    }
    rows
}

fn filter_run(mut run: IndicatorRun, period: Option<&str>) -> IndicatorRun {
    if let Some(p) = period.filter(|p| *p != "all") {
        run.indicators.retain(|o| o.period == p);
    }
    run
}

pub async fn run(
    app: Option<&Sightline>,
    actor: &Actor,
    role: Role,
    args: IndicatorsArgs,
) -> anyhow::Result<()> {
    let Some(cmd) = args.command else {
        return compute(app, Audience::from(role), args.compute).await;
    };
    let app = app.ok_or_else(|| anyhow::anyhow!("no database"))?;
    match cmd {
        IndicatorsCommand::List { format } => list(format.format),
        IndicatorsCommand::Explain {
            id,
            period,
            extract,
            file,
            as_at,
            format,
        } => {
            let e = match file {
                Some(f) => {
                    let settings = app.indicator_settings().await?;
                    app.explain_file(role, &f, as_at, &id, period.as_deref(), &settings)?
                }
                None => {
                    app.explain_indicator(role, &id, period.as_deref(), extract)
                        .await?
                }
            };
            let o = &e.observation;
            let mut head = String::new();
            let _ = writeln!(
                head,
                "{} ({}): {} = {} / {}; {} excluded",
                o.id,
                o.period,
                show(o.value, o.unit),
                o.numerator,
                opt(o.denominator),
                o.excluded
            );
            if let Some(m) = e.measure {
                let _ = writeln!(head, "measure: {m}");
            }
            let fields: Vec<&str> = e
                .lines
                .first()
                .map(|l| l.fields.iter().map(|(h, _)| *h).collect())
                .unwrap_or_default();
            let mut header = vec![
                "list",
                "row",
                "child",
                "team",
                "worker",
                "numerator",
                "denominator",
                "excluded",
                "measure",
            ];
            header.extend(fields.iter().copied());
            let mut rows = Rows::new(&header);
            for l in &e.lines {
                let mut r = vec![
                    l.list.to_string(),
                    l.row.to_string(),
                    l.child.clone(),
                    opt(l.team.as_deref()),
                    opt(l.worker.as_deref()),
                    l.numerator.to_string(),
                    if l.denominator { "yes" } else { "no" }.to_string(),
                    opt(l.excluded),
                    opt(l.measure),
                ];
                r.extend(l.fields.iter().map(|(_, v)| v.clone()));
                rows.push(r);
            }
            emit(format.format, &e, &head, &rows)
        }
        IndicatorsCommand::Scorecard { extract, format } => {
            let s = app.scorecard(actor, Audience::from(role), extract).await?;
            let head = format!(
                "Scorecard as at {}\n",
                s.as_at.map_or_else(|| "—".to_string(), |d| d.to_string())
            );
            emit(format.format, &s, &head, &scorecard_rows(&s, false))
        }
        IndicatorsCommand::Exceptions { extract, format } => {
            let s = app.scorecard(actor, Audience::from(role), extract).await?;
            let ex: Vec<_> = s.exceptions().collect();
            let mut head = format!(
                "{} exceptions as at {}\n",
                ex.len(),
                s.as_at.map_or_else(|| "—".to_string(), |d| d.to_string())
            );
            // Which still lack their owner's commentary for the month of the figures.
            if let Some(at) = s.as_at {
                let period = format!("{:04}-{:02}", at.year(), at.month());
                let mut missing = Vec::new();
                for j in &ex {
                    if app
                        .latest_commentary(j.definition.id, &period)
                        .await?
                        .is_none()
                    {
                        missing.push(j.definition.id);
                    }
                }
                let _ = writeln!(
                    head,
                    "Without commentary for {period}: {}",
                    if missing.is_empty() {
                        "none".to_string()
                    } else {
                        missing.join(", ")
                    }
                );
            }
            emit(format.format, &ex, &head, &scorecard_rows(&s, true))
        }
        IndicatorsCommand::Comment { id, period, text } => {
            let v = app.add_commentary(role, actor, &id, &period, &text).await?;
            println!(
                "commentary on {id} for {period}: version {v}, signed by {}",
                actor.0
            );
            Ok(())
        }
        IndicatorsCommand::Commentary { id, format } => {
            let all = app.commentary(id.as_deref()).await?;
            let mut rows = Rows::new(&[
                "indicator",
                "period",
                "version",
                "author",
                "written",
                "text",
            ]);
            for c in &all {
                rows.push(vec![
                    c.indicator.clone(),
                    c.period.clone(),
                    c.version.to_string(),
                    c.author.clone(),
                    c.written_at.clone(),
                    c.text.clone(),
                ]);
            }
            emit(format.format, &all, "", &rows)
        }
        IndicatorsCommand::Target(TargetCommand::Set {
            id,
            value,
            tolerance,
            from,
            to,
            owner,
            reason,
            kind,
            points,
        }) => {
            let kind = sightline_core::indicator::judge::TargetKind::parse(&kind, &points)
                .map_err(sightline_app::Error::Invalid)?;
            let t = Target {
                indicator: id,
                value,
                tolerance,
                from,
                to,
                owner,
                set_by: actor.0.clone(),
                reason,
                kind,
            };
            let n = app.set_target(actor, &t).await?;
            println!(
                "target {n} set: {} {} ({}) from {} to {}",
                t.indicator,
                t.value,
                t.kind.as_str(),
                t.from,
                t.to
            );
            Ok(())
        }
        IndicatorsCommand::Target(TargetCommand::List { format }) => {
            let ts = app.targets().await?;
            let mut rows = Rows::new(&[
                "id",
                "indicator",
                "value",
                "tolerance",
                "from",
                "to",
                "owner",
                "set by",
                "reason",
                "kind",
            ]);
            for t in &ts {
                rows.push(vec![
                    t.id.to_string(),
                    t.target.indicator.clone(),
                    t.target.value.to_string(),
                    t.target.tolerance.to_string(),
                    t.target.from.to_string(),
                    t.target.to.to_string(),
                    t.target.owner.clone(),
                    t.target.set_by.clone(),
                    t.target.reason.clone(),
                    t.target.kind.as_str().to_string(),
                ]);
            }
            emit(format.format, &ts, "", &rows)
        }
        IndicatorsCommand::Benchmark(BenchmarkCommand::Load {
            file,
            indicator,
            column,
            filters,
            year,
            format,
        }) => {
            let (read, what) = match (indicator, column) {
                (Some(indicator), Some(column)) => {
                    let want = DfeColumn {
                        indicator,
                        column,
                        filters,
                        year,
                        period_end: None,
                    };
                    (
                        app.load_benchmarks(actor, &file, &want).await?,
                        want.indicator,
                    )
                }
                _ => {
                    if !filters.is_empty() {
                        return Err(anyhow::anyhow!(
                            "--filter needs --indicator and --column (the workforce file is read \
                             whole)"
                        ));
                    }
                    let read = app.load_workforce_benchmarks(actor, &file, year).await?;
                    let mut ids: Vec<&str> = read
                        .benchmarks
                        .iter()
                        .map(|b| b.indicator.as_str())
                        .collect();
                    ids.dedup();
                    let what = ids.join(", ");
                    (read, what)
                }
            };
            let head = format!(
                "{}: {} benchmarks loaded for {what}, {} rows not taken\n",
                file.display(),
                read.benchmarks.len(),
                read.skipped.len()
            );
            let mut rows = Rows::new(&["line", "not taken because"]);
            for s in &read.skipped {
                rows.push(vec![s.line.to_string(), s.reason.clone()]);
            }
            emit(format.format, &read.skipped, &head, &rows)
        }
        IndicatorsCommand::Benchmark(BenchmarkCommand::List { id, format }) => {
            let ids: Vec<&str> = match &id {
                Some(i) => vec![i.as_str()],
                None => CATALOGUE.iter().map(|d| d.id).collect(),
            };
            let mut all = Vec::new();
            let mut rows = Rows::new(&[
                "indicator",
                "area",
                "year",
                "value",
                "provenance",
                "source",
                "differs",
            ]);
            for i in ids {
                let unit = indicator::definition(i).map_or(indicator::Unit::Count, |d| d.unit);
                for b in app.benchmarks_for(i).await? {
                    rows.push(vec![
                        i.to_string(),
                        b.benchmark.area.clone(),
                        b.benchmark.year.clone(),
                        b.benchmark.value.map_or_else(
                            || b.benchmark.symbol.clone().unwrap_or_default(),
                            |v| format_value(unit, v),
                        ),
                        b.benchmark.provenance.to_string(),
                        b.benchmark.source.clone(),
                        b.mismatch.clone().unwrap_or_default(),
                    ]);
                    all.push(b);
                }
            }
            emit(format.format, &all, "", &rows)
        }
        IndicatorsCommand::Settings {
            population,
            cin_visit_days,
            cp_visit_working_days,
            cla_visit_days,
            small_number,
            stability_years,
            caseload_threshold,
            authority,
            format,
        } => {
            let mut s = app.indicator_settings().await?;
            let before = s.clone();
            s.population = population.or(s.population);
            s.cin_visit_days = cin_visit_days.unwrap_or(s.cin_visit_days);
            s.cp_visit_working_days = cp_visit_working_days.unwrap_or(s.cp_visit_working_days);
            s.cla_visit_days = cla_visit_days.unwrap_or(s.cla_visit_days);
            s.small_number = small_number.unwrap_or(s.small_number);
            s.stability_years = stability_years.unwrap_or(s.stability_years);
            s.caseload_threshold = caseload_threshold.unwrap_or(s.caseload_threshold);
            if s != before {
                app.set_indicator_settings(actor, &s).await?;
            }
            if let Some(a) = authority {
                app.set_home_authority(actor, &a).await?;
            }
            let home = app.home_authority().await?;
            let head = format!(
                "authority: {}\n{}\n",
                home.map_or_else(
                    || "not set".to_string(),
                    |a| format!("{} ({})", a.name, a.code)
                ),
                [
                    "population",
                    "cin_visit_days",
                    "cp_visit_working_days",
                    "cla_visit_days",
                    "cp_first_review_months",
                    "cp_review_months",
                    "cla_review_months",
                ]
                .iter()
                .filter_map(|k| s.describe(k))
                .collect::<Vec<_>>()
                .join("\n")
            );
            emit(format.format, &s, &head, &Rows::default())
        }
    }
}

fn scorecard_rows(s: &sightline_app::Scorecard, exceptions_only: bool) -> Rows {
    let mut rows = Rows::new(&[
        "id",
        "value",
        "target",
        "RAG",
        "why",
        "direction",
        "England",
        "owner",
    ]);
    for j in &s.indicators {
        if exceptions_only && !j.exception {
            continue;
        }
        let d = j.definition;
        // England's figure with how ours compares: like for like (the periods named),
        // ours annualised, or not comparable and why; never a bare number beside a figure it
        // is not like.
        let england = j
            .benchmarks
            .iter()
            .find(|b| b.benchmark.area == "England")
            .and_then(|b| {
                let v = format_value(d.unit, b.benchmark.value?);
                Some(match &b.comparison {
                    Some(Comparison::Annualised { value, basis }) => format!(
                        "{v}; ours a year: {} ({basis})",
                        format_value(d.unit, *value)
                    ),
                    Some(Comparison::Like { basis }) => format!("{v} ({basis})"),
                    Some(Comparison::NotComparable { why }) => {
                        format!("{v} (not comparable: {why})")
                    }
                    None => format!(
                        "{v} ({})",
                        b.mismatch
                            .as_deref()
                            .unwrap_or("no figure of ours to compare")
                    ),
                })
            });
        rows.push(vec![
            d.id.to_string(),
            match j.latest.as_ref().map(|o| &o.figure) {
                Some(Disclosed::Suppressed(_)) => "c".to_string(),
                f => show(f.and_then(Disclosed::value), d.unit),
            },
            j.target
                .as_ref()
                .map_or_else(String::new, |t| format_value(d.unit, t.value)),
            j.rating.colour.as_str().to_uppercase(),
            match (&j.exception_reason, exceptions_only) {
                (Some(why), true) => format!("{why}; {}", j.rating.reason),
                _ => j.rating.reason.clone(),
            },
            j.travel.sentence.clone(),
            england.unwrap_or_default(),
            j.target
                .as_ref()
                .map_or_else(String::new, |t| t.owner.clone()),
        ]);
    }
    rows
}

fn list(format: Format) -> anyhow::Result<()> {
    let mut rows = Rows::new(&["group", "id", "title", "unit", "polarity", "basis", "list"]);
    for g in Group::ALL {
        for d in CATALOGUE.iter().filter(|d| d.group == g) {
            rows.push(vec![
                g.title().to_string(),
                d.id.to_string(),
                d.title.to_string(),
                d.unit.as_str().to_string(),
                d.polarity.as_str().to_string(),
                match d.basis {
                    Basis::Event => "event",
                    Basis::Snapshot => "snapshot",
                }
                .to_string(),
                d.list.to_string(),
            ]);
        }
    }
    // What Annex A cannot give, said rather than left out.
    let mut foot = String::from("Not from Annex A:\n");
    for (g, measure, why) in sightline_core::indicator::NOT_FROM_ANNEX_A {
        let _ = writeln!(foot, "  {} / {measure}: {why}", g.title());
    }
    if format == Format::Table {
        emit(format, &CATALOGUE, "", &rows)?;
        print!("\n{foot}");
        Ok(())
    } else {
        emit(format, &CATALOGUE, "", &rows)
    }
}

async fn compute(
    app: Option<&Sightline>,
    audience: Audience,
    a: ComputeArgs,
) -> anyhow::Result<()> {
    let table = a.format.format == Format::Table;
    let run = match (&a.path, app) {
        (Some(path), Some(app)) => {
            let mut settings = app.indicator_settings().await.unwrap_or_default();
            settings.population = a.population.or(settings.population);
            app.indicators_of_file(audience, path, a.as_at, &settings, a.breakdowns)?
        }
        (None, Some(app)) => {
            let mut settings = app.indicator_settings().await?;
            settings.population = a.population.or(settings.population);
            app.indicators_of_extract(audience, a.extract, &settings, a.breakdowns)
                .await?
        }
        (_, None) => anyhow::bail!("no database"),
    };
    let rows = run_rows(&run, a.period.as_deref(), table);
    let head = format!(
        "Indicators as at {}{} (definitions {})\n",
        run.as_at,
        run.extract_id
            .map_or_else(String::new, |id| format!(", extract {id}")),
        run.definition_version
    );
    let run = filter_run(run, a.period.as_deref());
    emit(a.format.format, &run, &head, &rows)
}
