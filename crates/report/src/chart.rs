//! Charts as inline SVG, with a text alternative: a line of values over time, the target as a
//! dashed line, and benchmarks as dotted lines, each labelled in words (not colour alone).

use std::fmt::Write;

use jiff::civil::Date;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A reference line across the chart (target or benchmark).
pub struct Reference<'a> {
    /// Its label ("target 90%", "England 85.7%").
    pub label: &'a str,
    /// Its value.
    pub value: f64,
    /// `target` or `benchmark` (a CSS class: dashed or dotted).
    pub kind: &'a str,
}

/// The height of a reference label's line of text, in chart units.
const LABEL_GAP: f64 = 12.0;

/// Where each reference's label goes: level with its line, but never closer than a line of
/// text to another label (a target and a benchmark are often a point or two apart), and never
/// below `bottom`. In the order of `references`.
fn label_positions(references: &[Reference<'_>], y: &impl Fn(f64) -> f64, bottom: f64) -> Vec<f64> {
    let mut order: Vec<usize> = (0..references.len()).collect();
    order.sort_by(|a, b| y(references[*a].value).total_cmp(&y(references[*b].value)));
    let mut at = vec![0.0; references.len()];
    let mut previous = f64::NEG_INFINITY;
    for &i in &order {
        let want = (y(references[i].value) + 4.0).max(previous + LABEL_GAP);
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

/// A line chart of `(date, value)` points. `small` draws a sparkline without axes.
pub fn line(
    title: &str,
    points: &[(Date, Option<f64>)],
    references: &[Reference<'_>],
    small: bool,
) -> String {
    let (w, h, pad) = if small {
        (120.0, 32.0, 3.0)
    } else {
        (640.0, 240.0, 36.0)
    };
    // Full-size charts keep a column on the right for the reference lines' labels, so no label
    // sits on the series or on another line.
    let label_column = if small || references.is_empty() {
        0.0
    } else {
        150.0
    };
    let right = w - pad - label_column;
    let values: Vec<(usize, f64)> = points
        .iter()
        .enumerate()
        .filter_map(|(i, (_, v))| Some((i, (*v)?)))
        .collect();
    let mut all: Vec<f64> = values.iter().map(|(_, v)| *v).collect();
    all.extend(references.iter().map(|r| r.value));
    let lo = all.iter().copied().fold(f64::INFINITY, f64::min).min(0.0);
    let hi = all.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let hi = if hi.is_finite() && hi > lo {
        hi
    } else {
        lo + 1.0
    };
    let n = points.len().max(2) - 1;
    let x = |i: usize| pad + (right - pad) * i as f64 / n as f64;
    let y = |v: f64| h - pad - (h - 2.0 * pad) * (v - lo) / (hi - lo);
    let desc: Vec<String> = points
        .iter()
        .map(|(d, v)| match v {
            Some(v) => format!("{d}: {v}"),
            None => format!("{d}: no value"),
        })
        .collect();
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart{}" viewBox="0 0 {w} {h}" role="img" aria-labelledby="t d" xmlns="http://www.w3.org/2000/svg"><title id="t">{}</title><desc id="d">{}</desc>"#,
        if small { " chart--small" } else { "" },
        escape(title),
        escape(&desc.join("; "))
    );
    if !small {
        let _ = write!(
            svg,
            r#"<line class="axis" x1="{pad}" y1="{}" x2="{right}" y2="{}"/>"#,
            h - pad,
            h - pad
        );
        // More than eight points: every other month is labelled (the last always), so the
        // labels do not run into each other.
        let every = if points.len() > 8 { 2 } else { 1 };
        let last = points.len().saturating_sub(1);
        for (i, (d, _)) in points
            .iter()
            .enumerate()
            .filter(|(i, _)| (last - i).is_multiple_of(every))
        {
            let _ = write!(
                svg,
                r#"<text class="tick" x="{:.1}" y="{}" text-anchor="middle">{}</text>"#,
                x(i),
                h - pad + 14.0,
                escape(&d.strftime("%b %y").to_string())
            );
        }
    }
    for r in references {
        let _ = write!(
            svg,
            r#"<line class="ref ref--{}" x1="{pad}" y1="{:.1}" x2="{right}" y2="{:.1}"/>"#,
            escape(r.kind),
            y(r.value),
            y(r.value)
        );
    }
    if !small {
        for (r, at) in references
            .iter()
            .zip(label_positions(references, &y, h - pad))
        {
            let _ = write!(
                svg,
                r#"<text class="ref-label" x="{:.1}" y="{at:.1}">{}</text>"#,
                right + 6.0,
                escape(r.label)
            );
        }
    }
    let path: Vec<String> = values
        .iter()
        .map(|(i, v)| format!("{:.1},{:.1}", x(*i), y(*v)))
        .collect();
    if !path.is_empty() {
        let _ = write!(
            svg,
            r#"<polyline class="series" fill="none" points="{}"/>"#,
            path.join(" ")
        );
        for (i, v) in &values {
            let _ = write!(
                svg,
                r#"<circle class="point" cx="{:.1}" cy="{:.1}" r="{}"/>"#,
                x(*i),
                y(*v),
                if small { 1.5 } else { 3.0 }
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn a_chart_has_a_text_alternative_and_escapes_labels() {
        let s = line(
            "Re-referrals <12 months>",
            &[(date(2024, 1, 31), Some(20.0)), (date(2024, 2, 29), None)],
            &[Reference {
                label: "target 22%",
                value: 22.0,
                kind: "target",
            }],
            false,
        );
        assert!(s.contains("<title id=\"t\">Re-referrals &lt;12 months&gt;</title>"));
        assert!(s.contains("2024-02-29: no value"));
        assert!(s.contains("ref--target"));
        assert!(s.contains("Feb 24"));
    }

    /// A target of 85% beside benchmarks of 84.2% and 81.4%: three labels a line apart, not
    /// printed over one another.
    #[test]
    fn labels_of_close_references_do_not_overlap() {
        let refs = [
            Reference {
                label: "Target 85%",
                value: 85.0,
                kind: "target",
            },
            Reference {
                label: "England 81.4%",
                value: 81.4,
                kind: "benchmark",
            },
            Reference {
                label: "East Midlands 84.2%",
                value: 84.2,
                kind: "benchmark",
            },
        ];
        // 0 to 100 over 168 units, as the full-size chart draws it.
        let y = |v: f64| 204.0 - 168.0 * v / 100.0;
        let at = label_positions(&refs, &y, 204.0);
        let mut sorted = at.clone();
        sorted.sort_by(f64::total_cmp);
        assert!(
            sorted.windows(2).all(|w| w[1] - w[0] >= LABEL_GAP - 1e-9),
            "{at:?}"
        );
        // The highest value keeps its place level with its line.
        assert!((at[0] - (y(85.0) + 4.0)).abs() < 1e-9, "{at:?}");
        // Far apart, nothing moves.
        let apart = [
            Reference {
                label: "a",
                value: 90.0,
                kind: "target",
            },
            Reference {
                label: "b",
                value: 10.0,
                kind: "benchmark",
            },
        ];
        assert_eq!(
            label_positions(&apart, &y, 204.0),
            vec![y(90.0) + 4.0, y(10.0) + 4.0]
        );
    }
}
