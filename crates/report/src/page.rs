//! The plan on a page: vision, priorities with their RAG and why, and the success measures,
//! as one self-contained HTML page that prints on one A4 sheet (landscape).

use std::fmt::Write;

/// What the page shows; built by `sightline-app` from the plan and its ratings.
#[derive(Debug, Clone)]
pub struct PlanPage {
    /// The plan's title.
    pub title: String,
    /// The authority's name.
    pub authority: String,
    /// The vision.
    pub vision: Option<String>,
    /// "23 Nov 2026".
    pub as_at: String,
    /// The plan's colour ("red") and why.
    pub rating: (String, String),
    /// Actions by colour, worst first, as ("red", 1).
    pub counts: Vec<(String, usize)>,
    /// Priorities in order.
    pub priorities: Vec<PagePriority>,
}

/// One priority on the page.
#[derive(Debug, Clone)]
pub struct PagePriority {
    /// Its theme.
    pub theme: Option<String>,
    /// The requirement.
    pub text: String,
    /// Colour and why.
    pub rating: (String, String),
    /// Success measures: the target's words, and its current value when an indicator has one.
    pub measures: Vec<(String, Option<String>)>,
}

/// Escapes text for HTML and XML, dropping the control characters XML 1.0 does not allow.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "
@page { size: A4 landscape; margin: 10mm; }
* { box-sizing: border-box; }
body { font-family: Arial, sans-serif; font-size: 10pt; color: #0b0c0c; margin: 0; }
header { border-bottom: 4px solid #1d70b8; margin-bottom: 6mm; padding-bottom: 2mm; }
h1 { font-size: 16pt; margin: 0 0 1mm; }
.vision { font-size: 12pt; font-weight: bold; margin: 0; }
.meta { color: #505a5f; margin: 1mm 0 0; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(62mm, 1fr)); gap: 4mm; }
.priority { border: 1px solid #b1b4b6; border-top-width: 6px; padding: 2mm 3mm; break-inside: avoid; }
.priority h2 { font-size: 10.5pt; margin: 0 0 1mm; }
.theme { font-size: 8.5pt; text-transform: uppercase; color: #505a5f; margin: 0; }
.why { font-size: 8.5pt; margin: 1mm 0; }
ul { margin: 1mm 0 0; padding-left: 4mm; }
li { margin-bottom: 0.5mm; }
.rag { display: inline-block; padding: 0 2mm; font-weight: bold; color: #fff; text-transform: uppercase; font-size: 8pt; }
.red { background: #d4351c; border-top-color: #d4351c; } .amber { background: #f47738; border-top-color: #f47738; }
.green { background: #00703c; border-top-color: #00703c; } .blue { background: #1d70b8; border-top-color: #1d70b8; }
.grey { background: #505a5f; border-top-color: #505a5f; }
.priority.red, .priority.amber, .priority.green, .priority.blue, .priority.grey { background: #fff; }
footer { margin-top: 4mm; font-size: 8pt; color: #505a5f; }
@media screen { body { margin: 8mm auto; max-width: 297mm; padding: 0 8mm; } }
";

/// Renders the page.
pub fn render(page: &PlanPage) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header>\n<h1>{}</h1>\n",
        esc(&page.title),
        esc(&page.title)
    );
    if let Some(v) = &page.vision {
        let _ = writeln!(h, "<p class=\"vision\">{}</p>", esc(v));
    }
    let counts: Vec<String> = page
        .counts
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(c, n)| format!("{n} {}", esc(c)))
        .collect();
    let _ = writeln!(
        h,
        "<p class=\"meta\">{} · as at {} · <span class=\"rag {}\">{}</span> {} · actions: {}</p>\n</header>\n<main class=\"grid\">",
        esc(&page.authority),
        esc(&page.as_at),
        esc(&page.rating.0),
        esc(&page.rating.0),
        esc(&page.rating.1),
        counts.join(", ")
    );
    for p in &page.priorities {
        let _ = writeln!(h, "<section class=\"priority {}\">", esc(&p.rating.0));
        if let Some(t) = &p.theme {
            let _ = writeln!(h, "<p class=\"theme\">{}</p>", esc(t));
        }
        let _ = writeln!(
            h,
            "<h2>{}</h2>\n<p class=\"why\"><span class=\"rag {}\">{}</span> {}</p>",
            esc(&p.text),
            esc(&p.rating.0),
            esc(&p.rating.0),
            esc(&p.rating.1)
        );
        if !p.measures.is_empty() {
            h.push_str("<ul>\n");
            for (text, value) in &p.measures {
                let value = value
                    .as_ref()
                    .map(|v| format!(" — <strong>{}</strong>", esc(v)))
                    .unwrap_or_default();
                let _ = writeln!(h, "<li>{}{value}</li>", esc(text));
            }
            h.push_str("</ul>\n");
        }
        h.push_str("</section>\n");
    }
    h.push_str("</main>\n<footer>Sightline. Each colour is worked out from the plan's milestones, due dates and progress updates on the date shown.</footer>\n</body>\n</html>\n");
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_colours_are_classes() {
        let html = render(&PlanPage {
            title: "Plan <2024>".into(),
            authority: "Northfield".into(),
            vision: Some("Children & families".into()),
            as_at: "23 Nov 2026".into(),
            rating: ("red".into(), "1 of 2 actions red".into()),
            counts: vec![("red".into(), 1), ("green".into(), 1), ("blue".into(), 0)],
            priorities: vec![PagePriority {
                theme: Some("Front door".into()),
                text: "Timely \"responses\"".into(),
                rating: ("amber".into(), "due soon".into()),
                measures: vec![("Assessments within 45 working days".into(), None)],
            }],
        });
        assert!(html.contains("<title>Plan &lt;2024&gt;</title>"));
        assert!(html.contains("Children &amp; families"));
        assert!(html.contains("<section class=\"priority amber\">"));
        assert!(html.contains("Timely &quot;responses&quot;"));
        assert!(html.contains("actions: 1 red, 1 green</p>"));
        assert!(html.contains("size: A4 landscape"));
    }
}
