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
    let x = |i: usize| pad + (w - 2.0 * pad) * i as f64 / n as f64;
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
            r#"<line class="axis" x1="{pad}" y1="{}" x2="{}" y2="{}"/>"#,
            h - pad,
            w - pad,
            h - pad
        );
        for (i, (d, _)) in points.iter().enumerate() {
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
            r#"<line class="ref ref--{}" x1="{pad}" y1="{:.1}" x2="{}" y2="{:.1}"/>"#,
            escape(r.kind),
            y(r.value),
            w - pad,
            y(r.value)
        );
        if !small {
            let _ = write!(
                svg,
                r#"<text class="ref-label" x="{}" y="{:.1}" text-anchor="end">{}</text>"#,
                w - pad,
                y(r.value) - 4.0,
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
}
