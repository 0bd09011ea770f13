//! Judging a figure: against its target (a polarity-aware RAG with a sentence why), along its
//! history (direction of travel), and forward (will the target be met by its date at the
//! current trend?).

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::{Definition, Polarity, Unit};
use crate::benchmark::Level;
use crate::rag::{Rag, Rating};

/// A target for an indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    /// Indicator id.
    pub indicator: String,
    /// The value to reach (or better).
    pub value: f64,
    /// How far on the wrong side of the target is still amber (in the indicator's unit:
    /// percentage points for a percentage).
    pub tolerance: f64,
    /// In force from.
    pub from: Date,
    /// To be met by.
    pub to: Date,
    /// Who is asked for commentary when it is missed.
    pub owner: String,
    /// Who set it.
    pub set_by: String,
    /// Why this value (benchmark, trajectory, plan commitment).
    pub reason: String,
    /// What the figure is measured against: a fixed value (`value`), or a value found on the
    /// day it is judged.
    #[serde(default)]
    pub kind: TargetKind,
}

/// What a target measures a figure against.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TargetKind {
    /// The target's own value (the board's figure).
    #[default]
    Fixed,
    /// At or better than the same period a year before ("repeat plans fall year on year").
    LastYear,
    /// At or better than a benchmark's latest figure: England, the region, or the statistical
    /// neighbours' mean.
    Benchmark {
        /// Which benchmark.
        level: Level,
    },
    /// Interim values by dates, on the way to `value` by `to`: on a date, the figure is held
    /// to the latest point passed (before the first, to the first).
    Trajectory {
        /// (date, value), in date order.
        points: Vec<(Date, f64)>,
    },
}

impl TargetKind {
    /// A kind as a form or command line gives it: `fixed`, `last_year`, `benchmark:national`
    /// (or `:regional`, `:statistical_neighbours`), or `trajectory` with `points` written
    /// "2026-03-31=60, 2026-09-30=75".
    ///
    /// # Errors
    /// A sentence saying what was expected.
    pub fn parse(kind: &str, points: &str) -> Result<TargetKind, String> {
        let kind = kind.trim().to_lowercase().replace(['-', ' '], "_");
        Ok(match kind.as_str() {
            "" | "fixed" => TargetKind::Fixed,
            "last_year" => TargetKind::LastYear,
            "benchmark:national" | "benchmark:england" => TargetKind::Benchmark {
                level: Level::National,
            },
            "benchmark:regional" | "benchmark:region" => TargetKind::Benchmark {
                level: Level::Regional,
            },
            "benchmark:statistical_neighbours" | "benchmark:neighbours" => TargetKind::Benchmark {
                level: Level::StatisticalNeighbours,
            },
            "trajectory" => {
                let mut out = Vec::new();
                for p in points
                    .split([',', ';', '\n'])
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                {
                    let (d, v) = p.split_once('=').ok_or_else(|| {
                        format!("trajectory point {p:?} is not DATE=VALUE (2026-09-30=75)")
                    })?;
                    let d: Date = d.trim().parse().map_err(|_| {
                        format!(
                            "trajectory point {p:?}: {:?} is not a date like 2026-09-30",
                            d.trim()
                        )
                    })?;
                    let v: f64 = v
                        .trim()
                        .parse()
                        .ok()
                        .filter(|v: &f64| v.is_finite())
                        .ok_or_else(|| {
                            format!("trajectory point {p:?}: {:?} is not a number", v.trim())
                        })?;
                    out.push((d, v));
                }
                if out.is_empty() {
                    return Err("a trajectory needs its points: DATE=VALUE, DATE=VALUE".to_string());
                }
                out.sort_by_key(|(d, _)| *d);
                if out.windows(2).any(|w| w[0].0 == w[1].0) {
                    return Err("a trajectory has one value per date".to_string());
                }
                TargetKind::Trajectory { points: out }
            }
            other => {
                return Err(format!(
                    "{other:?} is not a kind of target (fixed, last_year, benchmark:national, \
                     benchmark:regional, benchmark:statistical_neighbours, trajectory)"
                ));
            }
        })
    }

    /// The machine name.
    pub fn as_str(&self) -> &'static str {
        match self {
            TargetKind::Fixed => "fixed",
            TargetKind::LastYear => "last_year",
            TargetKind::Benchmark { .. } => "benchmark",
            TargetKind::Trajectory { .. } => "trajectory",
        }
    }
}

/// What a target may be measured against on the day a figure is judged.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Against {
    /// The same indicator's figure for the same period a year before, when there is one.
    pub last_year: Option<(Date, f64)>,
    /// Benchmarks' latest figures, by level.
    pub benchmarks: Vec<(Level, f64)>,
}

impl Target {
    /// The target as it stands on `at`: its value found (last year's figure, the benchmark's,
    /// the trajectory's point), with what it was found from in words. `Err` says why there is
    /// nothing to judge against (no figure a year before, no such benchmark).
    ///
    /// # Errors
    /// A sentence why the target has no value on that day.
    pub fn on(&self, at: Date, unit: Unit, against: &Against) -> Result<(f64, String), String> {
        match &self.kind {
            TargetKind::Fixed => Ok((self.value, String::new())),
            TargetKind::LastYear => against
                .last_year
                .map(|(d, v)| (v, format!(" (the figure as at {d}, a year before)")))
                .ok_or_else(|| "no figure for the same period a year before".to_string()),
            TargetKind::Benchmark { level } => against
                .benchmarks
                .iter()
                .find(|(l, _)| l == level)
                .map(|(_, v)| (*v, format!(" ({} latest)", level_words(*level))))
                .ok_or_else(|| format!("no {} benchmark loaded", level_words(*level))),
            TargetKind::Trajectory { points } => {
                let point = points
                    .iter()
                    .filter(|(d, _)| *d <= at)
                    .max_by_key(|(d, _)| *d)
                    .or_else(|| points.iter().min_by_key(|(d, _)| *d));
                Ok(match point {
                    Some((d, v)) => (
                        *v,
                        format!(
                            " (the trajectory's point for {d}, on the way to {} by {})",
                            format_value(unit, self.value),
                            self.to
                        ),
                    ),
                    None => (self.value, String::new()),
                })
            }
        }
    }
}

fn level_words(level: Level) -> &'static str {
    match level {
        Level::National => "England's",
        Level::Regional => "the region's",
        Level::StatisticalNeighbours => "the statistical neighbours' mean",
        Level::LocalAuthority => "an authority's",
    }
}

/// The RAG of a figure against its target as it stands on `at` (see [`Target::on`]).
pub fn rate_on(
    def: &Definition,
    value: Option<f64>,
    target: Option<&Target>,
    at: Date,
    against: &Against,
) -> Rating {
    let Some(t) = target else {
        return rate(def, value, None);
    };
    match t.on(at, def.unit, against) {
        Ok((v, from)) => {
            let mut r = rate(
                def,
                value,
                Some(&Target {
                    value: v,
                    kind: TargetKind::Fixed,
                    ..t.clone()
                }),
            );
            if !from.is_empty() && r.colour != Rag::Grey {
                r.reason = r.reason.replacen(
                    &format!("the target of {}", format_value(def.unit, v)),
                    &format!("the target of {}{from}", format_value(def.unit, v)),
                    1,
                );
            }
            r
        }
        Err(why) => Rating {
            colour: Rag::Grey,
            reason: format!("not rated: {why}"),
        },
    }
}

/// A figure in words: "87.5%", "412 days", "330.3 per 10,000".
pub fn format_value(unit: Unit, v: f64) -> String {
    let n = if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    };
    match unit {
        Unit::Pct => format!("{n}%"),
        Unit::Days => format!("{n} days"),
        Unit::MedianDays => format!("{n} days (median)"),
        Unit::Per10k => format!("{n} per 10,000"),
        Unit::Count | Unit::Ratio => n,
    }
}

fn points(unit: Unit, v: f64) -> String {
    match unit {
        Unit::Pct => format!("{v:.1} points"),
        _ => format_value(unit, v),
    }
}

/// The target in force at `at`: the one with the latest start on or before it.
pub fn target_at<'t>(targets: &'t [Target], indicator: &str, at: Date) -> Option<&'t Target> {
    targets
        .iter()
        .filter(|t| t.indicator == indicator && t.from <= at)
        .max_by_key(|t| t.from)
}

/// The RAG of a figure against its target: green at or better than the target, amber within
/// the tolerance, red beyond it; grey without a target, without a value, or for a context
/// measure.
pub fn rate(def: &Definition, value: Option<f64>, target: Option<&Target>) -> Rating {
    let grey = |reason: String| Rating {
        colour: Rag::Grey,
        reason,
    };
    let Some(t) = target else {
        return grey("no target set".to_string());
    };
    let Some(v) = value else {
        return grey("no value to rate".to_string());
    };
    let gap = match def.polarity {
        Polarity::HigherBetter => t.value - v,
        Polarity::LowerBetter => v - t.value,
        Polarity::Context => {
            return grey("a context measure: shown for context, not rated".to_string());
        }
    };
    let (val, tv) = (format_value(def.unit, v), format_value(def.unit, t.value));
    let side = if def.polarity == Polarity::HigherBetter {
        "below"
    } else {
        "above"
    };
    if gap <= 0.0 {
        Rating {
            colour: Rag::Green,
            reason: format!("{val} meets the target of {tv}"),
        }
    } else {
        let (colour, within) = if gap <= t.tolerance {
            (Rag::Amber, "within")
        } else {
            (Rag::Red, "beyond")
        };
        Rating {
            colour,
            reason: format!(
                "{val} is {} {side} the target of {tv}, {within} the tolerance of {}",
                points(def.unit, gap),
                points(def.unit, t.tolerance)
            ),
        }
    }
}

/// Which way a figure is going.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Better than last time.
    Improving,
    /// Within the steady band of last time.
    Steady,
    /// Worse than last time.
    Worsening,
    /// A context measure that went up.
    Rising,
    /// A context measure that went down.
    Falling,
    /// Fewer than two values.
    Unknown,
}

/// The direction of travel across successive extracts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Travel {
    /// Since the previous value.
    pub direction: Direction,
    /// How many changes running, up to the latest, were worsening.
    pub worsening_run: usize,
    /// In words.
    pub sentence: String,
}

/// A change smaller than this is steady: 1 point for a percentage, else 2% of the earlier
/// value (at least 0.5).
fn steady_band(unit: Unit, previous: f64) -> f64 {
    match unit {
        Unit::Pct => 1.0,
        _ => (previous.abs() * 0.02).max(0.5),
    }
}

fn step(def: &Definition, before: f64, after: f64) -> Direction {
    let delta = after - before;
    if delta.abs() < steady_band(def.unit, before) {
        return Direction::Steady;
    }
    match (def.polarity, delta > 0.0) {
        (Polarity::HigherBetter, true) | (Polarity::LowerBetter, false) => Direction::Improving,
        (Polarity::HigherBetter, false) | (Polarity::LowerBetter, true) => Direction::Worsening,
        (Polarity::Context, true) => Direction::Rising,
        (Polarity::Context, false) => Direction::Falling,
    }
}

/// The points of a series that can be compared one with the next: for an event measure,
/// extracts whose windows do not overlap (each at least the window's months after the one
/// before it, counting back from the latest; a few days' slack for month ends); for a
/// snapshot, every point. Oldest first.
pub fn comparable(def: &Definition, series: &[(Date, Option<f64>)]) -> Vec<(Date, Option<f64>)> {
    let window = match def.basis {
        super::Basis::Snapshot => 0,
        super::Basis::Event => i32::from(def.window_months()),
    };
    if window == 0 {
        return series.to_vec();
    }
    let mut kept: Vec<(Date, Option<f64>)> = Vec::new();
    for &(d, v) in series.iter().rev() {
        if v.is_none() {
            continue;
        }
        let far_enough = kept.last().is_none_or(|(last, _)| {
            d <= last
                .saturating_sub(jiff::Span::new().months(window))
                .saturating_add(jiff::Span::new().days(3))
        });
        if far_enough {
            kept.push((d, v));
        }
    }
    kept.reverse();
    kept
}

/// The direction of travel on comparable periods (see [`comparable`]), saying which periods
/// for an event measure.
pub fn comparable_travel(def: &Definition, series: &[(Date, Option<f64>)]) -> Travel {
    let points = comparable(def, series);
    let mut t = travel(def, &points);
    if def.basis == super::Basis::Event && points.len() >= 2 && t.direction != Direction::Unknown {
        let (a, b) = (points[points.len() - 2].0, points[points.len() - 1].0);
        t.sentence = format!(
            "{}; windows to {a} and to {b}, which do not overlap",
            t.sentence
        );
    } else if def.basis == super::Basis::Event && points.len() < 2 {
        t.sentence = "not enough extracts whose windows do not overlap for a direction of \
                      travel"
            .to_string();
    }
    t
}

/// The direction of travel of a series of values, oldest first (missing values are skipped).
pub fn travel(def: &Definition, series: &[(Date, Option<f64>)]) -> Travel {
    let values: Vec<f64> = series.iter().filter_map(|(_, v)| *v).collect();
    let steps: Vec<Direction> = values.windows(2).map(|w| step(def, w[0], w[1])).collect();
    let Some(&last) = steps.last() else {
        return Travel {
            direction: Direction::Unknown,
            worsening_run: 0,
            sentence: "not enough values for a direction of travel".to_string(),
        };
    };
    let run = steps
        .iter()
        .rev()
        .take_while(|d| **d == Direction::Worsening)
        .count();
    let (a, b) = (values[values.len() - 2], values[values.len() - 1]);
    let change = format!(
        "from {} to {}",
        format_value(def.unit, a),
        format_value(def.unit, b)
    );
    let sentence = match last {
        Direction::Worsening if run >= 3 => format!("worsening {run} periods running ({change})"),
        Direction::Worsening => format!("worsening ({change})"),
        Direction::Improving => format!("improving ({change})"),
        Direction::Steady => format!("steady ({change})"),
        Direction::Rising => format!("rising ({change})"),
        Direction::Falling => format!("falling ({change})"),
        Direction::Unknown => String::new(),
    };
    Travel {
        direction: last,
        worsening_run: run,
        sentence,
    }
}

/// Where the current trend leads.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trajectory {
    /// The straight-line trend's value at the target date.
    pub projected: f64,
    /// Whether that meets the target.
    pub on_track: bool,
    /// In words.
    pub sentence: String,
}

/// At the current trend (a least-squares line through the values), will the target be met by
/// its date? `None` with fewer than three values or for a context measure.
pub fn trajectory(
    def: &Definition,
    series: &[(Date, Option<f64>)],
    target: &Target,
) -> Option<Trajectory> {
    if def.polarity == Polarity::Context {
        return None;
    }
    let pts: Vec<(f64, f64)> = series
        .iter()
        .filter_map(|(d, v)| Some((day_number(*d), (*v)?)))
        .collect();
    if pts.len() < 3 {
        return None;
    }
    let n = pts.len() as f64;
    let (sx, sy) = pts.iter().fold((0.0, 0.0), |(a, b), (x, y)| (a + x, b + y));
    let (mx, my) = (sx / n, sy / n);
    let sxx: f64 = pts.iter().map(|(x, _)| (x - mx).powi(2)).sum();
    let sxy: f64 = pts.iter().map(|(x, y)| (x - mx) * (y - my)).sum();
    let slope = if sxx == 0.0 { 0.0 } else { sxy / sxx };
    let projected = my + slope * (day_number(target.to) - mx);
    let projected = (projected * 10.0).round() / 10.0;
    let on_track = match def.polarity {
        Polarity::HigherBetter => projected >= target.value,
        _ => projected <= target.value,
    };
    let sentence = format!(
        "at the current trend, {} by {}: {} the target of {}",
        format_value(def.unit, projected),
        target.to,
        if on_track { "meets" } else { "misses" },
        format_value(def.unit, target.value)
    );
    Some(Trajectory {
        projected,
        on_track,
        sentence,
    })
}

fn day_number(d: Date) -> f64 {
    f64::from(
        Date::new(2000, 1, 1)
            .ok()
            .and_then(|base| base.until(d).ok())
            .map_or(0, |s| s.get_days()),
    )
}

/// Whether a figure belongs on the exceptions list: red, or worsening three periods running.
pub fn is_exception(rating: &Rating, travel: &Travel) -> bool {
    rating.colour == Rag::Red || travel.worsening_run >= 3
}

/// An indicator with no target that has worsened materially since the previous value: 3
/// points or more for a percentage, a fifth or more of the previous value for anything else.
/// Having no target must not hide it from the exceptions ("worsening, no target").
pub fn worsening_without_target(
    def: &Definition,
    series: &[(Date, Option<f64>)],
    target: Option<&Target>,
) -> bool {
    if target.is_some() || def.polarity == Polarity::Context {
        return false;
    }
    let values: Vec<f64> = series.iter().filter_map(|(_, v)| *v).collect();
    let [.., a, b] = values[..] else {
        return false;
    };
    let worse = match def.polarity {
        Polarity::HigherBetter => a - b,
        _ => b - a,
    };
    let material = match def.unit {
        Unit::Pct => 3.0,
        _ => (a.abs() * 0.2).max(1.0),
    };
    worse >= material
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicator::definition;
    use jiff::civil::date;

    #[test]
    fn a_material_worsening_with_no_target_is_an_exception() {
        let repeat = definition("cp_repeat_plans_pct").expect("defined");
        let s = |a: f64, b: f64| [(date(2024, 1, 31), Some(a)), (date(2024, 2, 29), Some(b))];
        // Repeat CP plans from 15.8% to 24.1%: lower is better, 8.3 points worse.
        assert!(worsening_without_target(repeat, &s(15.8, 24.1), None));
        // 2 points is not material; an improvement never is.
        assert!(!worsening_without_target(repeat, &s(15.8, 17.8), None));
        assert!(!worsening_without_target(repeat, &s(24.1, 15.8), None));
        // With a target, the RAG rule judges it instead.
        let t = target("cp_repeat_plans_pct", 20.0, 2.0);
        assert!(!worsening_without_target(repeat, &s(15.8, 24.1), Some(&t)));
        // One value is no trend.
        assert!(!worsening_without_target(repeat, &s(15.8, 24.1)[1..], None));
    }

    fn target(id: &str, value: f64, tolerance: f64) -> Target {
        Target {
            indicator: id.into(),
            value,
            tolerance,
            from: date(2024, 4, 1),
            to: date(2025, 3, 31),
            owner: "Head of Service, Assessment".into(),
            set_by: "analyst".into(),
            reason: "regional average".into(),
            kind: TargetKind::Fixed,
        }
    }

    #[test]
    fn direction_is_read_on_windows_that_do_not_overlap() {
        // Repeat CP plans (an event measure on a 6-month window) month by month: the swings
        // of overlapping windows are not read as a trend.
        let d = def("cp_repeat_plans_pct");
        let series: Vec<(Date, Option<f64>)> = (1..=12)
            .map(|m| {
                let v = [
                    23.2, 7.3, 13.1, 20.0, 15.0, 19.0, 16.0, 22.0, 18.0, 24.1, 17.0, 21.0,
                ][m as usize - 1];
                (date(2026, m, 1).last_of_month(), Some(v))
            })
            .collect();
        let kept: Vec<Date> = comparable(d, &series).iter().map(|(d, _)| *d).collect();
        // Back from 31 Dec: 30 Jun (31 Dec less 6 months is 30 Jun).
        assert_eq!(kept, [date(2026, 6, 30), date(2026, 12, 31)]);
        let t = comparable_travel(d, &series);
        assert_eq!(t.direction, Direction::Worsening);
        assert_eq!(
            t.worsening_run, 1,
            "one comparable step, not months of noise"
        );
        assert_eq!(
            t.sentence,
            "worsening (from 19% to 21%); windows to 2026-06-30 and to 2026-12-31, which do not \
             overlap"
        );
        // A snapshot's monthly points are each their own day: all compared.
        let s = def("cla_visited_in_timescale_pct");
        assert_eq!(comparable(s, &series).len(), 12);
        // One extract: nothing to say.
        assert!(
            comparable_travel(d, &series[..3])
                .sentence
                .starts_with("not enough")
        );
    }

    #[test]
    fn a_kind_is_read_from_a_form_or_the_command_line() {
        assert_eq!(TargetKind::parse("", ""), Ok(TargetKind::Fixed));
        assert_eq!(TargetKind::parse("Last year", ""), Ok(TargetKind::LastYear));
        assert_eq!(
            TargetKind::parse("benchmark:neighbours", ""),
            Ok(TargetKind::Benchmark {
                level: Level::StatisticalNeighbours
            })
        );
        assert_eq!(
            TargetKind::parse("trajectory", "2026-09-30=75; 2026-03-31 = 60"),
            Ok(TargetKind::Trajectory {
                points: vec![(date(2026, 3, 31), 60.0), (date(2026, 9, 30), 75.0)]
            })
        );
        for (k, p) in [
            ("trajectory", ""),
            ("trajectory", "2026-02-30=60"),
            ("trajectory", "2026-03-31=sixty"),
            ("trajectory", "2026-03-31=60, 2026-03-31=61"),
            ("trajectory", "2026-03-31"),
            ("benchmark", ""),
            ("stretch", ""),
        ] {
            assert!(TargetKind::parse(k, p).is_err(), "{k} {p}");
        }
    }

    #[test]
    fn a_target_found_on_the_day_is_judged_against_what_it_finds() {
        let repeat = def("cp_repeat_plans_pct");
        let on = date(2026, 10, 31);
        let mut t = target(repeat.id, 0.0, 1.0);
        // Fall year on year: 24.1% now against 15.8% a year before is red.
        t.kind = TargetKind::LastYear;
        let year = Against {
            last_year: Some((date(2025, 10, 31), 15.8)),
            benchmarks: vec![],
        };
        let r = rate_on(repeat, Some(24.1), Some(&t), on, &year);
        assert_eq!(
            r.to_string(),
            "red: 24.1% is 8.3 points above the target of 15.8% (the figure as at 2025-10-31, a \
             year before), beyond the tolerance of 1.0 points"
        );
        assert_eq!(
            rate_on(repeat, Some(15.8), Some(&t), on, &year).colour,
            Rag::Green
        );
        // No figure a year before: not rated, and says why.
        let none = rate_on(repeat, Some(24.1), Some(&t), on, &Against::default());
        assert_eq!(
            none.to_string(),
            "grey: not rated: no figure for the same period a year before"
        );
        // At or better than the neighbours' mean.
        t.kind = TargetKind::Benchmark {
            level: Level::StatisticalNeighbours,
        };
        let means = Against {
            last_year: None,
            benchmarks: vec![
                (Level::National, 22.0),
                (Level::StatisticalNeighbours, 23.5),
            ],
        };
        let r = rate_on(repeat, Some(24.1), Some(&t), on, &means);
        assert_eq!(r.colour, Rag::Amber, "{r}");
        assert!(
            r.reason
                .contains("the target of 23.5% (the statistical neighbours' mean latest)"),
            "{r}"
        );
        // A trajectory: 60% by March, 75% by September, 90% by March 2027.
        let d = def("assessments_within_45wd_pct");
        let mut path = target(d.id, 90.0, 2.0);
        path.to = date(2027, 3, 31);
        path.kind = TargetKind::Trajectory {
            points: vec![(date(2026, 3, 31), 60.0), (date(2026, 9, 30), 75.0)],
        };
        let at = |y, m, day| {
            rate_on(
                d,
                Some(74.0),
                Some(&path),
                date(y, m, day),
                &Against::default(),
            )
        };
        // Before the first point, held to it; after September, to 75%; the day itself counts.
        assert_eq!(at(2026, 1, 31).colour, Rag::Green);
        assert_eq!(
            at(2026, 9, 29).colour,
            Rag::Green,
            "still held to March's 60%"
        );
        let sept = at(2026, 9, 30);
        assert_eq!(sept.colour, Rag::Amber, "{sept}");
        assert!(
            sept.reason.contains(
                "(the trajectory's point for 2026-09-30, on the way to 90% by 2027-03-31)"
            ),
            "{sept}"
        );
    }

    fn def(id: &str) -> &'static Definition {
        definition(id).expect("known id")
    }

    #[test]
    fn higher_is_better_rates_green_amber_red() {
        let d = def("assessments_within_45wd_pct");
        let t = target(d.id, 90.0, 5.0);
        assert_eq!(rate(d, Some(90.0), Some(&t)).colour, Rag::Green);
        let amber = rate(d, Some(87.5), Some(&t));
        assert_eq!(amber.colour, Rag::Amber);
        assert_eq!(
            amber.reason,
            "87.5% is 2.5 points below the target of 90%, within the tolerance of 5.0 points"
        );
        assert_eq!(rate(d, Some(85.0), Some(&t)).colour, Rag::Amber);
        let red = rate(d, Some(84.9), Some(&t));
        assert_eq!(red.colour, Rag::Red);
        assert!(red.reason.contains("5.1 points below"), "{}", red.reason);
    }

    #[test]
    fn lower_is_better_is_mirrored() {
        let d = def("re_referrals_12m_pct");
        let t = target(d.id, 20.0, 2.0);
        assert_eq!(rate(d, Some(19.0), Some(&t)).colour, Rag::Green);
        assert_eq!(rate(d, Some(22.0), Some(&t)).colour, Rag::Amber);
        assert_eq!(rate(d, Some(22.1), Some(&t)).colour, Rag::Red);
    }

    #[test]
    fn grey_without_target_value_or_polarity() {
        let d = def("assessments_within_45wd_pct");
        assert_eq!(rate(d, Some(50.0), None).colour, Rag::Grey);
        let t = target(d.id, 90.0, 5.0);
        assert_eq!(rate(d, None, Some(&t)).colour, Rag::Grey);
        let c = def("referrals");
        assert_eq!(
            rate(c, Some(10.0), Some(&target("referrals", 5.0, 1.0))).colour,
            Rag::Grey
        );
    }

    #[test]
    fn the_target_in_force_is_the_latest_started() {
        let mut a = target("x", 80.0, 5.0);
        a.from = date(2023, 4, 1);
        let b = target("x", 85.0, 5.0);
        let ts = [a, b];
        assert_eq!(
            target_at(&ts, "x", date(2024, 3, 31)).map(|t| t.value),
            Some(80.0)
        );
        assert_eq!(
            target_at(&ts, "x", date(2024, 4, 1)).map(|t| t.value),
            Some(85.0)
        );
        assert!(target_at(&ts, "x", date(2023, 3, 31)).is_none());
    }

    #[test]
    fn worsening_three_periods_running() {
        let d = def("assessments_within_45wd_pct");
        let s = |v: &[f64]| -> Vec<(Date, Option<f64>)> {
            v.iter()
                .enumerate()
                .map(|(i, x)| (date(2024, 1 + i as i8, 1), Some(*x)))
                .collect()
        };
        let t = travel(d, &s(&[90.0, 88.0, 86.0, 84.0]));
        assert_eq!(t.direction, Direction::Worsening);
        assert_eq!(t.worsening_run, 3);
        assert_eq!(t.sentence, "worsening 3 periods running (from 86% to 84%)");
        let t = travel(d, &s(&[90.0, 88.0, 86.0, 85.5]));
        assert_eq!(t.direction, Direction::Steady);
        assert_eq!(t.worsening_run, 0);
        assert_eq!(travel(d, &s(&[80.0, 85.0])).direction, Direction::Improving);
        assert_eq!(travel(d, &s(&[80.0])).direction, Direction::Unknown);
        let r = def("re_referrals_12m_pct");
        assert_eq!(travel(r, &s(&[20.0, 25.0])).direction, Direction::Worsening);
        let c = def("referrals");
        assert_eq!(travel(c, &s(&[100.0, 150.0])).direction, Direction::Rising);
        assert!(is_exception(
            &Rating {
                colour: Rag::Green,
                reason: String::new()
            },
            &travel(d, &s(&[90.0, 88.0, 86.0, 84.0]))
        ));
    }

    #[test]
    fn trajectory_projects_a_straight_line() {
        let d = def("assessments_within_45wd_pct");
        // +1 point per 30 days from 80 on 1 Jan 2025; 31 Mar 2025 is day 89 → 80 + 89/30.
        let s = vec![
            (date(2025, 1, 1), Some(80.0)),
            (date(2025, 1, 31), Some(81.0)),
            (date(2025, 3, 2), Some(82.0)),
        ];
        let t = target(d.id, 85.0, 5.0);
        let tr = trajectory(d, &s, &t).expect("three points");
        assert_eq!(tr.projected, 83.0);
        assert!(!tr.on_track);
        assert_eq!(
            tr.sentence,
            "at the current trend, 83% by 2025-03-31: misses the target of 85%"
        );
        assert!(trajectory(d, &s[..2], &t).is_none());
    }
}
