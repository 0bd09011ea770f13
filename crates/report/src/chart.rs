//! Charts as SVG, one module for the web pages and every pack format: a line of values over
//! time with a y axis of labelled ticks and the months along the x axis, the target and each
//! benchmark as a labelled line (labels in a column of their own, never on top of each other),
//! the last value labelled, and a text alternative.
//!
//! Styling is in presentation attributes, not a stylesheet, so a renderer without CSS (the PDF
//! and the PNG in a Word document) draws it the same as a browser. Nothing depends on colour:
//! the series is a thick solid line with round markers, the target a long dash, each benchmark
//! its own dotted pattern, and every line is named in words, so it reads printed in black and
//! white.

use std::fmt::Write;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use sightline_core::indicator::Unit;
use sightline_core::indicator::judge::format_value;

use crate::page::esc as escape;

/// What a reference line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefKind {
    /// The target: a long dash.
    Target,
    /// A benchmark (England, region, statistical neighbours): dotted.
    Benchmark,
}

/// A reference line across the chart (target or benchmark).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reference {
    /// Its label ("Target 90%", "England 85.7%").
    pub label: String,
    /// Its value.
    pub value: f64,
    /// Target or benchmark.
    pub kind: RefKind,
}

/// One chart: an indicator's values over time with its reference lines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Chart {
    /// The indicator's title.
    pub title: String,
    /// The unit its values are in.
    pub unit: Unit,
    /// (as-at date, value), oldest first; `None` where there is no value to show.
    pub points: Vec<(Date, Option<f64>)>,
    /// The target and benchmarks.
    pub references: Vec<Reference>,
}

/// Size of a drawn chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    /// A sparkline without axes (scorecard rows).
    Small,
    /// A full chart with axes and labels.
    Full,
}

/// The height of a reference label's line of text, in chart units.
const LABEL_GAP: f64 = 13.0;
/// Full-size chart box.
const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 300.0;
/// Room for the y axis's tick labels, the month labels, and the reference labels.
const LEFT: f64 = 56.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 36.0;
const LABELS: f64 = 150.0;
const FONT: &str = r#"font-family="Arial, 'Noto Sans', Helvetica, sans-serif""#;
const INK: &str = "#0b0c0c";
const SERIES: &str = "#1d70b8";
/// Benchmarks are told apart by their dash pattern, in the order they are given.
const BENCHMARK_DASHES: [&str; 4] = ["2 3", "6 2 1 2", "1 2", "4 2 1 2 1 2"];

/// Where each reference's label goes: level with its line, but never closer than a line of
/// text to another label (a target and a benchmark are often a point or two apart), and never
/// below `bottom`. In the order of `references`.
fn label_positions(values: &[f64], y: &impl Fn(f64) -> f64, bottom: f64) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|a, b| y(values[*a]).total_cmp(&y(values[*b])));
    let mut at = vec![0.0; values.len()];
    let mut previous = f64::NEG_INFINITY;
    for &i in &order {
        let want = (y(values[i]) + 4.0).max(previous + LABEL_GAP);
        at[i] = want;
        previous = want;
    }
    // Pushed below the axis: move the whole stack up by the overshoot.
    let overshoot = previous - bottom;
    if overshoot > 0.0 {
        for a in &mut at {
            *a -= overshoot;
        }
    }
    at
}

/// Round numbers for an axis from `lo` to `hi`: about five steps of 1, 2 or 5 times a power
/// of ten, the first at or below `lo` and the last at or above `hi`.
pub fn ticks(lo: f64, hi: f64) -> Vec<f64> {
    let span = if hi > lo { hi - lo } else { 1.0 };
    let rough = span / 5.0;
    let power = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|s| span / s <= 6.0)
        .unwrap_or(10.0 * power);
    let first = (lo / step).floor() * step;
    let mut out = Vec::new();
    for k in 0..20 {
        // Clean up floating error (0.30000000000000004).
        let v = ((first + step * f64::from(k)) / step).round() * step;
        out.push(v);
        if v >= hi - step * 1e-9 {
            break;
        }
    }
    out
}

/// A tick's label: the unit's number without its words ("40%", "120", "0.15"), to the
/// decimal places its step needs.
fn tick_label(unit: Unit, v: f64, step: f64) -> String {
    let places = if step > 0.0 && step < 1.0 {
        (-step.log10().floor()) as usize
            + usize::from((step * 10f64.powf(-step.log10().floor())).fract() > 1e-6)
    } else {
        0
    };
    let n = format!("{v:.places$}");
    match unit {
        Unit::Pct => format!("{n}%"),
        _ => n,
    }
}

/// The unit written beside the y axis.
fn axis_title(unit: Unit) -> &'static str {
    match unit {
        Unit::Pct => "per cent",
        Unit::Days => "days (mean)",
        Unit::MedianDays => "days (median)",
        Unit::Per10k => "per 10,000 children",
        Unit::Count => "number",
        Unit::Ratio => "ratio",
    }
}

impl Chart {
    /// The text alternative: every value in words, then the reference lines.
    pub fn description(&self) -> String {
        let mut parts: Vec<String> = self
            .points
            .iter()
            .map(|(d, v)| match v {
                Some(v) => format!(
                    "{}: {}",
                    d.strftime("%-d %b %Y"),
                    format_value(self.unit, *v)
                ),
                None => format!("{}: no value shown", d.strftime("%-d %b %Y")),
            })
            .collect();
        parts.extend(self.references.iter().map(|r| r.label.clone()));
        parts.join("; ")
    }

    /// The chart as SVG.
    pub fn svg(&self, size: Size) -> String {
        match size {
            Size::Small => self.sparkline(),
            Size::Full => self.full(),
        }
    }

    fn values(&self) -> Vec<(usize, f64)> {
        self.points
            .iter()
            .enumerate()
            .filter_map(|(i, (_, v))| Some((i, (*v)?)))
            .filter(|(_, v)| v.is_finite())
            .collect()
    }

    fn open(&self, class: &str, w: f64, h: f64) -> String {
        format!(
            r#"<svg class="{class}" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" xmlns="http://www.w3.org/2000/svg"><title>{}</title><desc>{}</desc>"#,
            escape(&self.title),
            escape(&self.description())
        )
    }

    fn sparkline(&self) -> String {
        let (w, h, pad) = (120.0, 32.0, 3.0);
        let values = self.values();
        let mut all: Vec<f64> = values.iter().map(|(_, v)| *v).collect();
        all.extend(self.references.iter().map(|r| r.value));
        let lo = all.iter().copied().fold(f64::INFINITY, f64::min).min(0.0);
        let hi = all.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let hi = if hi.is_finite() && hi > lo {
            hi
        } else {
            lo + 1.0
        };
        let n = self.points.len().max(2) - 1;
        let x = |i: usize| pad + (w - 2.0 * pad) * i as f64 / n as f64;
        let y = |v: f64| h - pad - (h - 2.0 * pad) * (v - lo) / (hi - lo);
        let mut svg = self.open("chart chart--small", w, h);
        for r in &self.references {
            let _ = write!(
                svg,
                r#"<line x1="{pad}" y1="{y:.1}" x2="{x2}" y2="{y:.1}" stroke="{INK}" stroke-width="1" stroke-dasharray="{dash}"/>"#,
                x2 = w - pad,
                y = y(r.value),
                dash = if r.kind == RefKind::Target {
                    "4 2"
                } else {
                    "1 2"
                },
            );
        }
        let path: Vec<String> = values
            .iter()
            .map(|(i, v)| format!("{:.1},{:.1}", x(*i), y(*v)))
            .collect();
        if !path.is_empty() {
            let _ = write!(
                svg,
                r#"<polyline fill="none" stroke="{SERIES}" stroke-width="1.5" points="{}"/>"#,
                path.join(" ")
            );
        }
        svg.push_str("</svg>");
        svg
    }

    fn full(&self) -> String {
        let values = self.values();
        let right = WIDTH - LABELS;
        let bottom = HEIGHT - BOTTOM;
        let mut all: Vec<f64> = values.iter().map(|(_, v)| *v).collect();
        all.extend(
            self.references
                .iter()
                .map(|r| r.value)
                .filter(|v| v.is_finite()),
        );
        let min = all.iter().copied().fold(f64::INFINITY, f64::min);
        let max = all.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let (min, max) = if min.is_finite() {
            (min, max)
        } else {
            (0.0, 1.0)
        };
        // Percentages start at zero. Other measures do too, unless every value sits far
        // above it and they differ (a line of 410 to 530 days may start at 400; its axis says
        // where it starts).
        let lo = if min < 0.0 {
            min
        } else if self.unit == Unit::Pct || min < max * 0.6 || max - min < 1e-9 {
            0.0
        } else {
            min
        };
        let scale = ticks(lo, max.max(lo + 1e-9));
        let (lo, hi) = (
            scale.first().copied().unwrap_or(0.0),
            scale.last().copied().unwrap_or(1.0),
        );
        let hi = if hi > lo { hi } else { lo + 1.0 };
        let n = self.points.len().max(2) - 1;
        let plot_left = LEFT + 8.0;
        let plot_right = right - 12.0;
        let x = |i: usize| {
            if self.points.len() == 1 {
                (plot_left + plot_right) / 2.0
            } else {
                plot_left + (plot_right - plot_left) * i as f64 / n as f64
            }
        };
        let y = |v: f64| bottom - (bottom - TOP) * (v - lo) / (hi - lo);
        let mut svg = self.open("chart", WIDTH, HEIGHT);
        let _ = write!(
            svg,
            r##"<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/><g {FONT} font-size="11" fill="{INK}">"##
        );
        // The y axis: gridlines at each tick, labelled.
        let step = match scale.as_slice() {
            [a, b, ..] => b - a,
            _ => 1.0,
        };
        for t in &scale {
            let _ = write!(
                svg,
                r##"<line x1="{LEFT}" y1="{yy:.1}" x2="{right}" y2="{yy:.1}" stroke="#d0d2d3" stroke-width="0.75"/><text x="{tx}" y="{ty:.1}" text-anchor="end">{}</text>"##,
                escape(&tick_label(self.unit, *t, step)),
                yy = y(*t),
                tx = LEFT - 6.0,
                ty = y(*t) + 4.0,
            );
        }
        let _ = write!(
            svg,
            r#"<text x="12" y="{cy}" text-anchor="middle" transform="rotate(-90 12 {cy})">{}</text>"#,
            axis_title(self.unit),
            cy = (TOP + bottom) / 2.0,
        );
        let _ = write!(
            svg,
            r#"<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{bottom}" stroke="{INK}" stroke-width="1"/><line x1="{LEFT}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="{INK}" stroke-width="1"/>"#
        );
        // Months along the x axis: at most eight labels, the last always.
        let every = self.points.len().div_ceil(8).max(1);
        let last = self.points.len().saturating_sub(1);
        for (i, (d, _)) in self
            .points
            .iter()
            .enumerate()
            .filter(|(i, _)| (last - i).is_multiple_of(every))
        {
            let _ = write!(
                svg,
                r#"<line x1="{xx:.1}" y1="{bottom}" x2="{xx:.1}" y2="{b4}" stroke="{INK}" stroke-width="1"/><text x="{xx:.1}" y="{ty}" text-anchor="middle">{}</text>"#,
                escape(&d.strftime("%b %y").to_string()),
                xx = x(i),
                b4 = bottom + 4.0,
                ty = bottom + 16.0,
            );
        }
        // Reference lines, each named in the label column, labels never on top of each other.
        let mut benchmark = 0;
        let refs: Vec<&Reference> = self
            .references
            .iter()
            .filter(|r| r.value.is_finite())
            .collect();
        let ref_values: Vec<f64> = refs.iter().map(|r| r.value).collect();
        for (r, at) in refs.iter().zip(label_positions(&ref_values, &y, bottom)) {
            let (dash, width) = match r.kind {
                RefKind::Target => ("8 4", 1.75),
                RefKind::Benchmark => {
                    benchmark += 1;
                    (
                        BENCHMARK_DASHES[(benchmark - 1) % BENCHMARK_DASHES.len()],
                        1.25,
                    )
                }
            };
            let _ = write!(
                svg,
                r#"<line x1="{LEFT}" y1="{yy:.1}" x2="{right}" y2="{yy:.1}" stroke="{INK}" stroke-width="{width}" stroke-dasharray="{dash}"/><line x1="{right}" y1="{yy:.1}" x2="{lx}" y2="{at:.1}" stroke="{INK}" stroke-width="0.5"/><text x="{tx}" y="{at:.1}"{weight}>{}</text>"#,
                escape(&r.label),
                yy = y(r.value),
                lx = right + 4.0,
                tx = right + 6.0,
                at = at - 0.0,
                weight = if r.kind == RefKind::Target {
                    r#" font-weight="bold""#
                } else {
                    ""
                },
            );
        }
        // The series: a thick line with round markers; gaps where there is no value.
        let mut runs: Vec<Vec<(usize, f64)>> = Vec::new();
        let mut previous: Option<usize> = None;
        for (i, v) in &values {
            match (previous, runs.last_mut()) {
                (Some(p), Some(run)) if p + 1 == *i => run.push((*i, *v)),
                _ => runs.push(vec![(*i, *v)]),
            }
            previous = Some(*i);
        }
        // A run of one value is its marker alone: a line needs two points.
        for run in runs.iter().filter(|r| r.len() > 1) {
            let path: Vec<String> = run
                .iter()
                .map(|(i, v)| format!("{:.1},{:.1}", x(*i), y(*v)))
                .collect();
            let _ = write!(
                svg,
                r#"<polyline fill="none" stroke="{SERIES}" stroke-width="2.5" stroke-linejoin="round" points="{}"/>"#,
                path.join(" ")
            );
        }
        for (i, v) in &values {
            let _ = write!(
                svg,
                r##"<circle cx="{:.1}" cy="{:.1}" r="3.5" fill="{SERIES}" stroke="#ffffff" stroke-width="1"/>"##,
                x(*i),
                y(*v)
            );
        }
        // The last value, in words, above its point (below it when the point is at the top).
        if let Some((i, v)) = values.last() {
            let above = y(*v) - 9.0;
            let ty = if above < TOP + 4.0 {
                y(*v) + 18.0
            } else {
                above
            };
            let _ = write!(
                svg,
                r##"<text x="{:.1}" y="{ty:.1}" text-anchor="end" font-weight="bold" font-size="12" stroke="#ffffff" stroke-width="3" paint-order="stroke">{}</text>"##,
                x(*i) + 4.0,
                escape(&format_value(self.unit, *v))
            );
        }
        if values.is_empty() {
            let _ = write!(
                svg,
                r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">No value to show</text>"#,
                (plot_left + plot_right) / 2.0,
                (TOP + bottom) / 2.0
            );
        }
        svg.push_str("</g></svg>");
        svg
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn chart(points: Vec<(Date, Option<f64>)>, references: Vec<Reference>) -> Chart {
        Chart {
            title: "Re-referrals <12 months>".into(),
            unit: Unit::Pct,
            points,
            references,
        }
    }

    #[test]
    fn a_chart_has_a_text_alternative_and_escapes_labels() {
        let s = chart(
            vec![(date(2024, 1, 31), Some(20.0)), (date(2024, 2, 29), None)],
            vec![Reference {
                label: "Target 22%".into(),
                value: 22.0,
                kind: RefKind::Target,
            }],
        )
        .svg(Size::Full);
        assert!(s.contains("<title>Re-referrals &lt;12 months&gt;</title>"));
        assert!(s.contains("29 Feb 2024: no value shown"));
        assert!(s.contains("31 Jan 2024: 20%"));
        assert!(s.contains("Feb 24"), "months along the x axis");
        assert!(s.contains(">Target 22%</text>"));
        // The last value shown is labelled in words.
        assert!(s.contains(">20%</text>"));
    }

    #[test]
    fn the_y_axis_has_round_ticks_covering_the_values() {
        assert_eq!(ticks(0.0, 87.5), vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        assert_eq!(ticks(0.0, 4.0), vec![0.0, 1.0, 2.0, 3.0, 4.0]);
        // 120 wide: steps of 20 (six or fewer), from the 20 below 410 to the 20 above 530.
        assert_eq!(
            ticks(410.0, 530.0),
            vec![400.0, 420.0, 440.0, 460.0, 480.0, 500.0, 520.0, 540.0]
        );
        let hundredths: Vec<f64> = ticks(0.0, 0.3)
            .iter()
            .map(|v| (v * 100.0).round())
            .collect();
        assert_eq!(hundredths, vec![0.0, 5.0, 10.0, 15.0, 20.0, 25.0, 30.0]);
        assert_eq!(tick_label(Unit::Ratio, 0.15000000000000002, 0.05), "0.15");
        let s = chart(vec![(date(2024, 1, 31), Some(87.5))], vec![]).svg(Size::Full);
        for t in ["0%", "20%", "40%", "60%", "80%", "100%"] {
            assert!(s.contains(&format!(">{t}</text>")), "{t}");
        }
        assert!(s.contains(">per cent</text>"));
    }

    #[test]
    fn eighteen_months_label_at_most_eight_and_the_last() {
        let points: Vec<(Date, Option<f64>)> = (0..18i8)
            .map(|i| {
                let (y, m) = (2025 + i16::from((5 + i) / 12), (5 + i) % 12 + 1);
                (date(y, m, 1).last_of_month(), Some(f64::from(i)))
            })
            .collect();
        let s = chart(points.clone(), vec![]).svg(Size::Full);
        let labels = s.matches("text-anchor=\"middle\">").count();
        assert!(labels <= 8, "{labels}");
        let last = points.last().map(|(d, _)| d.strftime("%b %y").to_string());
        assert!(s.contains(&format!(">{}</text>", last.unwrap_or_default())));
    }

    /// A target of 85% beside benchmarks of 84.2% and 81.4%: three labels a line apart, not
    /// printed over one another.
    #[test]
    fn labels_of_close_references_do_not_overlap() {
        let values = [85.0, 81.4, 84.2];
        // 0 to 100 over 168 units.
        let y = |v: f64| 204.0 - 168.0 * v / 100.0;
        let at = label_positions(&values, &y, 204.0);
        let mut sorted = at.clone();
        sorted.sort_by(f64::total_cmp);
        assert!(
            sorted.windows(2).all(|w| w[1] - w[0] >= LABEL_GAP - 1e-9),
            "{at:?}"
        );
        // The highest value keeps its place level with its line.
        assert!((at[0] - (y(85.0) + 4.0)).abs() < 1e-9, "{at:?}");
        // Far apart, nothing moves.
        assert_eq!(
            label_positions(&[90.0, 10.0], &y, 204.0),
            vec![y(90.0) + 4.0, y(10.0) + 4.0]
        );
    }

    #[test]
    fn benchmarks_are_told_apart_without_colour() {
        let s = chart(
            vec![(date(2024, 1, 31), Some(20.0))],
            vec![
                Reference {
                    label: "England 21%".into(),
                    value: 21.0,
                    kind: RefKind::Benchmark,
                },
                Reference {
                    label: "Region 23%".into(),
                    value: 23.0,
                    kind: RefKind::Benchmark,
                },
            ],
        )
        .svg(Size::Full);
        assert!(s.contains(r#"stroke-dasharray="2 3""#));
        assert!(s.contains(r#"stroke-dasharray="6 2 1 2""#));
    }

    #[test]
    fn no_values_says_so() {
        let s = chart(vec![(date(2024, 1, 31), None)], vec![]).svg(Size::Full);
        assert!(s.contains("No value to show"));
    }
}
