//! A pack as one self-contained HTML page for the screen and for print, with one stylesheet:
//! A4 portrait, appendices landscape, the marking and page X of Y on every printed page.

use std::fmt::Write;

use super::{Block, Cell, Pack, Table, Value, rag_fill};
use crate::chart::Size;
use crate::page::esc;

const STYLE: &str = "
@page { size: A4 portrait; margin: 18mm 16mm 20mm;
  @top-center { content: var(--marking); font: 8pt Arial, sans-serif; }
  @bottom-center { content: \"Page \" counter(page) \" of \" counter(pages); font: 8pt Arial, sans-serif; } }
@page appendix { size: A4 landscape; }
* { box-sizing: border-box; }
body { font-family: Arial, sans-serif; font-size: 11pt; line-height: 1.35; color: #0b0c0c; margin: 0; }
.marking { font-weight: bold; text-transform: uppercase; font-size: 9pt; letter-spacing: .02em; border: 2px solid #0b0c0c; padding: 1mm 2mm; display: inline-block; }
.cover { border-bottom: 4px solid #1d70b8; padding-bottom: 4mm; margin-bottom: 6mm; }
.cover h1 { font-size: 22pt; margin: 4mm 0 2mm; }
.cover .meeting { font-size: 14pt; margin: 0; }
.cover dl { display: grid; grid-template-columns: max-content 1fr; gap: 1mm 6mm; margin: 4mm 0 0; }
.cover dt { font-weight: bold; } .cover dd { margin: 0; }
h2 { font-size: 15pt; margin: 8mm 0 2mm; break-after: avoid; }
h3 { font-size: 12pt; margin: 5mm 0 1mm; break-after: avoid; }
ol.numbered { list-style: none; padding-left: 0; } ol.numbered li { margin-bottom: 2mm; }
ol.numbered .n { display: inline-block; min-width: 10mm; font-weight: bold; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 5mm; font-size: 8.5pt; }
caption { text-align: left; font-weight: bold; font-size: 10pt; padding-bottom: 1mm; }
th, td { border: 1px solid #505a5f; padding: 1mm 1.5mm; vertical-align: top; text-align: left; }
thead th { background: #dee0e2; }
tr { break-inside: avoid; }
td.rag { font-weight: bold; }
section.appendix { page: appendix; break-before: page; }
figure.chart { margin: 0 0 6mm; break-inside: avoid; }
figure.chart svg { width: 100%; max-width: 170mm; height: auto; }
figure.chart figcaption { font-size: 9pt; }
@media screen { body { max-width: 210mm; margin: 8mm auto; padding: 0 8mm; } section.appendix { max-width: 297mm; } }
";

fn cell(c: &Cell, header: bool) -> String {
    let tag = if header { "th" } else { "td" };
    match c.rag {
        Some(r) => {
            let (fill, white) = rag_fill(r);
            format!(
                r#"<{tag} class="rag" style="background:#{fill};color:{}">{}</{tag}>"#,
                if white { "#fff" } else { "#0b0c0c" },
                esc(&c.text)
            )
        }
        None => format!("<{tag}>{}</{tag}>", esc(&c.text)),
    }
}

fn table(h: &mut String, t: &Table) {
    let _ = write!(
        h,
        "<table><caption>{}</caption><thead><tr>",
        esc(&t.caption)
    );
    for c in &t.header {
        let _ = write!(h, r#"<th scope="col">{}</th>"#, esc(c));
    }
    h.push_str("</tr></thead><tbody>");
    for row in &t.rows {
        h.push_str("<tr>");
        for (i, c) in row.iter().enumerate() {
            h.push_str(&cell(
                c,
                i == 0 && t.header.first().is_some_and(|x| x == "Ref"),
            ));
        }
        h.push_str("</tr>");
    }
    h.push_str("</tbody></table>");
}

/// A value as printed: the number in its unit, `c`, or blank.
pub fn value_text(v: &Value) -> String {
    match v {
        Value::Number(n, unit) => sightline_core::indicator::judge::format_value(*unit, *n),
        Value::Suppressed => "c".to_string(),
        Value::None => String::new(),
    }
}

/// Renders the pack.
pub fn render(pack: &Pack) -> String {
    let mut h = String::with_capacity(256 * 1024);
    let _ = write!(
        h,
        r#"<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{title} — {authority}</title><style>:root {{ --marking: "{marking}"; }}{STYLE}</style></head><body><main>"#,
        title = esc(&pack.title),
        authority = esc(&pack.authority),
        marking = pack.marking.words(),
    );
    let _ = write!(
        h,
        r#"<header class="cover"><p class="marking">{}</p><p class="meeting">{} · {}</p><h1>{}</h1><dl>"#,
        pack.marking.words(),
        esc(&pack.authority),
        esc(&pack.meeting),
        esc(&pack.title)
    );
    for (k, v) in &pack.facts {
        let _ = write!(h, "<dt>{}</dt><dd>{}</dd>", esc(k), esc(v));
    }
    h.push_str("</dl></header>");
    for (number, s) in pack.numbered() {
        let _ = write!(
            h,
            r#"<section{}><h2>{} {}</h2>"#,
            if s.appendix {
                r#" class="appendix""#
            } else {
                ""
            },
            esc(&number),
            esc(&s.heading)
        );
        for b in &s.blocks {
            match b {
                Block::Subheading(t) => {
                    let _ = write!(h, "<h3>{}</h3>", esc(t));
                }
                Block::Paragraph(t) => {
                    let _ = write!(h, "<p>{}</p>", esc(t));
                }
                Block::Numbered(items) => {
                    h.push_str(r#"<ol class="numbered">"#);
                    for (i, t) in items.iter().enumerate() {
                        let _ = write!(
                            h,
                            r#"<li><span class="n">{number}.{}</span> {}</li>"#,
                            i + 1,
                            esc(t)
                        );
                    }
                    h.push_str("</ol>");
                }
                Block::Bullets(items) => {
                    h.push_str("<ul>");
                    for t in items {
                        let _ = write!(h, "<li>{}</li>", esc(t));
                    }
                    h.push_str("</ul>");
                }
                Block::Table(t) => table(&mut h, t),
                Block::Chart(c) => {
                    let _ = write!(
                        h,
                        r#"<figure class="chart">{}<figcaption>{}</figcaption></figure>"#,
                        c.chart.svg(Size::Full),
                        esc(&c.caption)
                    );
                }
            }
        }
        h.push_str("</section>");
    }
    let _ = write!(
        h,
        r#"<footer><p class="marking">{}</p></footer></main></body></html>"#,
        pack.marking.words()
    );
    h
}
