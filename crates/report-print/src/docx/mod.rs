//! A pack as a Word document, WordprocessingML written in the order the schema (ECMA-376,
//! transitional) requires: styles for the headings, numbered paragraphs, bullets from a
//! numbering part, tables whose header row repeats on every page and whose RAG cells are
//! shaded and carry their word, the body on A4 portrait and the appendices on A4 landscape,
//! the marking in the header and page X of Y in the footer, and charts as PNG at print
//! resolution with their text alternative.
//!
//! Why not a DOCX crate: see docs/decisions/0025 (the one that writes schema-clean documents
//! costs six minutes of clean build; the light one writes elements out of order).

use std::fmt::Write as _;
use std::io::Write as _;

use jiff::civil::Date;
use sightline_report::chart::Size;
use sightline_report::pack::{Block, Cell, Pack, Table, rag_fill};
use sightline_report::page::esc;
use zip::write::SimpleFileOptions;

use crate::{Error, Result, chart_fonts, chart_tree};

mod check;
pub use check::check;

/// A4 in twentieths of a point.
const A4_SHORT: u32 = 11906;
const A4_LONG: u32 = 16838;
/// Margins: 2 cm (1134 twips).
const MARGIN: u32 = 1134;
/// How wide a chart is shown, in points: half a landscape page, so two charts and their
/// captions fit a page.
const CHART_SHOWN_PT: f32 = 360.0;
/// Charts are drawn for 300 dpi at the size shown: 5 inches, 1500 pixels across.
const CHART_PIXELS: f32 = CHART_SHOWN_PT / 72.0 * 300.0;
/// EMUs per point.
const EMU_PER_PT: u64 = 12_700;

/// A run of text; line breaks in the text become `w:br`.
fn run(text: &str, bold: bool, colour: Option<&str>) -> String {
    let mut r = String::from("<w:r>");
    if bold || colour.is_some() {
        r.push_str("<w:rPr>");
        if bold {
            r.push_str("<w:b/><w:bCs/>");
        }
        if let Some(c) = colour {
            let _ = write!(r, r#"<w:color w:val="{c}"/>"#);
        }
        r.push_str("</w:rPr>");
    }
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            r.push_str("<w:br/>");
        }
        let _ = write!(r, r#"<w:t xml:space="preserve">{}</w:t>"#, esc(line));
    }
    r.push_str("</w:r>");
    r
}

fn paragraph(style: Option<&str>, keep_next: bool, runs: &str) -> String {
    let mut p = String::from("<w:p>");
    if style.is_some() || keep_next {
        p.push_str("<w:pPr>");
        if let Some(s) = style {
            let _ = write!(p, r#"<w:pStyle w:val="{s}"/>"#);
        }
        if keep_next {
            p.push_str("<w:keepNext/>");
        }
        p.push_str("</w:pPr>");
    }
    p.push_str(runs);
    p.push_str("</w:p>");
    p
}

fn table_cell(c: &Cell, width: u32, header: bool) -> String {
    let mut x = format!(r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>"#);
    let (colour, bold) = match (c.rag, header) {
        (Some(rag), _) => {
            let (fill, white) = rag_fill(rag);
            let _ = write!(
                x,
                r#"<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>"#
            );
            (Some(if white { "FFFFFF" } else { "0B0C0C" }), true)
        }
        (None, true) => {
            x.push_str(r#"<w:shd w:val="clear" w:color="auto" w:fill="DEE0E2"/>"#);
            (None, true)
        }
        (None, false) => (None, false),
    };
    x.push_str("</w:tcPr>");
    x.push_str(&paragraph(
        Some("TableText"),
        false,
        &run(&c.text, bold, colour),
    ));
    x.push_str("</w:tc>");
    x
}

fn table(t: &Table, content_width: u32) -> String {
    // Arial at 7.5 pt averages about 0.55 em a character (bold 0.6), in twips, plus the
    // cell's margins.
    let widths: Vec<u32> = t
        .column_widths(f64::from(content_width), |w, bold| {
            w.chars().count() as f64 * 7.5 * 20.0 * if bold { 0.6 } else { 0.55 } + 130.0
        })
        .into_iter()
        .map(|w| w.floor() as u32)
        .collect();
    let mut x = paragraph(Some("Caption"), true, &run(&t.caption, true, None));
    x.push_str(
        r#"<w:tbl><w:tblPr><w:tblStyle w:val="PackTable"/><w:tblW w:w="5000" w:type="pct"/><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="505A5F"/><w:left w:val="single" w:sz="4" w:space="0" w:color="505A5F"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="505A5F"/><w:right w:val="single" w:sz="4" w:space="0" w:color="505A5F"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="505A5F"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="505A5F"/></w:tblBorders><w:tblLayout w:type="fixed"/><w:tblLook w:val="0020" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>"#,
    );
    for w in &widths {
        let _ = write!(x, r#"<w:gridCol w:w="{w}"/>"#);
    }
    x.push_str("</w:tblGrid>");
    // The header row repeats at the top of every page the table runs onto.
    x.push_str(r#"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"#);
    for (i, h) in t.header.iter().enumerate() {
        x.push_str(&table_cell(&Cell::text(h.clone()), widths[i], true));
    }
    x.push_str("</w:tr>");
    for row in &t.rows {
        // A row is kept whole on one page.
        x.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
        for (i, w) in widths.iter().enumerate() {
            let c = row.get(i).cloned().unwrap_or_else(|| Cell::text(""));
            x.push_str(&table_cell(&c, *w, false));
        }
        x.push_str("</w:tr>");
    }
    x.push_str("</w:tbl>");
    x
}

/// A section break: the section that ends here, portrait or landscape.
fn section_properties(landscape: bool) -> String {
    let (w, h, orient) = if landscape {
        (A4_LONG, A4_SHORT, r#" w:orient="landscape""#)
    } else {
        (A4_SHORT, A4_LONG, "")
    };
    format!(
        r#"<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/><w:footerReference w:type="default" r:id="rIdFooter"/><w:pgSz w:w="{w}" w:h="{h}"{orient}/><w:pgMar w:top="{MARGIN}" w:right="{MARGIN}" w:bottom="{MARGIN}" w:left="{MARGIN}" w:header="567" w:footer="567" w:gutter="0"/><w:cols w:space="708"/></w:sectPr>"#
    )
}

struct Image {
    name: String,
    png: Vec<u8>,
}

fn chart_png(
    id: &str,
    svg: &str,
    fonts: &std::sync::Arc<resvg::usvg::fontdb::Database>,
) -> Result<(Vec<u8>, f32, f32)> {
    let tree = chart_tree(id, svg, fonts)?;
    let size = tree.size();
    let scale = CHART_PIXELS / size.width();
    let (w, h) = (
        (size.width() * scale).ceil() as u32,
        (size.height() * scale).ceil() as u32,
    );
    let mut pixmap = resvg::tiny_skia::Pixmap::new(w, h)
        .ok_or_else(|| Error::Chart(id.into(), "empty chart".into()))?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let png = pixmap
        .encode_png()
        .map_err(|e| Error::Chart(id.into(), e.to_string()))?;
    Ok((png, size.width(), size.height()))
}

fn drawing(rel: &str, n: usize, alt: &str, width_pt: f32, height_pt: f32) -> String {
    let cx = (f64::from(width_pt) * EMU_PER_PT as f64) as u64;
    let cy = (f64::from(height_pt) * EMU_PER_PT as f64) as u64;
    format!(
        r#"<w:p><w:pPr><w:keepNext/></w:pPr><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:docPr id="{n}" name="Chart {n}" descr="{alt}"/><wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" noChangeAspect="1"/></wp:cNvGraphicFramePr><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="{n}" name="chart{n}.png" descr="{alt}"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="{rel}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"#,
        alt = esc(alt)
    )
}

const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing""#;

fn body(pack: &Pack, images: &mut Vec<Image>) -> Result<String> {
    let fonts = chart_fonts();
    let mut x = String::with_capacity(512 * 1024);
    let _ = write!(
        x,
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>"#
    );
    x.push_str(&paragraph(
        Some("Marking"),
        false,
        &run(pack.marking.words(), true, None),
    ));
    x.push_str(&paragraph(
        Some("Subtitle"),
        false,
        &run(
            &format!("{} · {}", pack.authority, pack.meeting),
            false,
            None,
        ),
    ));
    x.push_str(&paragraph(
        Some("Title"),
        false,
        &run(&pack.title, false, None),
    ));
    for (k, v) in &pack.facts {
        x.push_str(&paragraph(
            None,
            false,
            &format!(
                "{}{}",
                run(&format!("{k}: "), true, None),
                run(v, false, None)
            ),
        ));
    }
    let numbered = pack.numbered();
    for (i, (number, s)) in numbered.iter().enumerate() {
        let landscape = s.appendix;
        let width = if landscape { A4_LONG } else { A4_SHORT } - 2 * MARGIN;
        x.push_str(&paragraph(
            Some("Heading1"),
            true,
            &run(&format!("{number} {}", s.heading), false, None),
        ));
        for b in &s.blocks {
            match b {
                Block::Subheading(t) => {
                    x.push_str(&paragraph(Some("Heading2"), true, &run(t, false, None)));
                }
                Block::Paragraph(t) => x.push_str(&paragraph(None, false, &run(t, false, None))),
                Block::Numbered(items) => {
                    for (k, t) in items.iter().enumerate() {
                        x.push_str(&paragraph(
                            Some("NumberedPara"),
                            false,
                            &format!(
                                "{}<w:r><w:tab/></w:r>{}",
                                run(&format!("{number}.{}", k + 1), true, None),
                                run(t, false, None)
                            ),
                        ));
                    }
                }
                Block::Bullets(items) => {
                    for t in items {
                        x.push_str(&paragraph(Some("Bullet"), false, &run(t, false, None)));
                    }
                }
                Block::Table(t) => {
                    x.push_str(&table(t, width));
                    x.push_str(&paragraph(Some("AfterTable"), false, ""));
                }
                Block::Chart(c) => {
                    let svg = c.chart.svg(Size::Full);
                    let (png, w, h) = chart_png(&c.id, &svg, &fonts)?;
                    images.push(Image {
                        name: format!("chart{}.png", images.len() + 1),
                        png,
                    });
                    let n = images.len();
                    let shown_w = CHART_SHOWN_PT;
                    let shown_h = shown_w * h / w;
                    x.push_str(&drawing(
                        &format!("rIdImage{n}"),
                        n,
                        &format!("{}. {}", c.chart.title, c.chart.description()),
                        shown_w,
                        shown_h,
                    ));
                    x.push_str(&paragraph(
                        Some("Caption"),
                        false,
                        &run(&c.caption, false, None),
                    ));
                }
            }
        }
        // A section ends where the orientation changes (and the document's last section is
        // the body's own sectPr).
        let next_landscape = numbered.get(i + 1).map(|(_, n)| n.appendix);
        match next_landscape {
            Some(next) if next != landscape => {
                let _ = write!(
                    x,
                    "<w:p><w:pPr>{}</w:pPr></w:p>",
                    section_properties(landscape)
                );
            }
            Some(_) if landscape => {
                // Each appendix starts on a new page.
                x.push_str(r#"<w:p><w:r><w:br w:type="page"/></w:r></w:p>"#);
            }
            _ => {}
        }
    }
    x.push_str(&paragraph(
        Some("Marking"),
        false,
        &run(pack.marking.words(), true, None),
    ));
    let last_landscape = numbered.last().is_some_and(|(_, s)| s.appendix);
    x.push_str(&section_properties(last_landscape));
    x.push_str("</w:body></w:document>");
    Ok(x)
}

fn styles() -> String {
    let style = |id: &str, name: &str, ppr: &str, rpr: &str| {
        format!(
            r#"<w:style w:type="paragraph" w:customStyle="1" w:styleId="{id}"><w:name w:val="{name}"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"#
        )
    };
    let heading = |id: &str, name: &str, level: u8, size: u8| {
        format!(
            r#"<w:style w:type="paragraph" w:styleId="{id}"><w:name w:val="{name}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="{level}"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr></w:style>"#
        )
    };
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="Arial" w:cs="Arial"/><w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-GB" w:eastAsia="en-GB" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style><w:style w:type="table" w:customStyle="1" w:styleId="PackTable"><w:name w:val="Pack table"/><w:basedOn w:val="TableNormal"/><w:tblPr><w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="57" w:type="dxa"/><w:bottom w:w="28" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>"#,
    );
    s.push_str(&heading("Heading1", "heading 1", 0, 30));
    s.push_str(&heading("Heading2", "heading 2", 1, 24));
    s.push_str(&style(
        "Title",
        "Title",
        r#"<w:spacing w:before="120" w:after="240"/>"#,
        r#"<w:b/><w:bCs/><w:sz w:val="44"/><w:szCs w:val="44"/>"#,
    ));
    s.push_str(&style(
        "Subtitle",
        "Subtitle",
        r#"<w:spacing w:before="240" w:after="0"/>"#,
        r#"<w:sz w:val="28"/><w:szCs w:val="28"/>"#,
    ));
    s.push_str(&style(
        "Marking",
        "Marking",
        r#"<w:pBdr><w:top w:val="single" w:sz="12" w:space="1" w:color="0B0C0C"/><w:left w:val="single" w:sz="12" w:space="4" w:color="0B0C0C"/><w:bottom w:val="single" w:sz="12" w:space="1" w:color="0B0C0C"/><w:right w:val="single" w:sz="12" w:space="4" w:color="0B0C0C"/></w:pBdr>"#,
        r#"<w:b/><w:bCs/><w:caps/><w:sz w:val="18"/><w:szCs w:val="18"/>"#,
    ));
    s.push_str(&style(
        "Caption",
        "caption",
        r#"<w:keepNext/><w:spacing w:before="120" w:after="60"/>"#,
        r#"<w:sz w:val="20"/><w:szCs w:val="20"/>"#,
    ));
    s.push_str(&style(
        "TableText",
        "Table text",
        r#"<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>"#,
        r#"<w:sz w:val="15"/><w:szCs w:val="15"/>"#,
    ));
    s.push_str(&style(
        "AfterTable",
        "After table",
        r#"<w:spacing w:after="60"/>"#,
        r#"<w:sz w:val="8"/><w:szCs w:val="8"/>"#,
    ));
    s.push_str(&style(
        "NumberedPara",
        "Numbered paragraph",
        r#"<w:tabs><w:tab w:val="left" w:pos="709"/></w:tabs><w:ind w:left="709" w:hanging="709"/>"#,
        "",
    ));
    s.push_str(&style(
        "Bullet",
        "List bullet",
        r#"<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr><w:spacing w:after="60"/><w:ind w:left="567" w:hanging="284"/>"#,
        "",
    ));
    s.push_str(&style(
        "HeaderFooter",
        "Header and footer",
        r#"<w:tabs><w:tab w:val="center" w:pos="4819"/><w:tab w:val="right" w:pos="9638"/></w:tabs><w:spacing w:after="0"/>"#,
        r#"<w:sz w:val="16"/><w:szCs w:val="16"/>"#,
    ));
    s.push_str("</w:styles>");
    s
}

const NUMBERING: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="567" w:hanging="284"/></w:pPr><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/></w:rPr></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#;

const SETTINGS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:defaultTabStop w:val="709"/><w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>"#;

fn header(pack: &Pack) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr {NS}><w:p><w:pPr><w:pStyle w:val="HeaderFooter"/></w:pPr>{}<w:r><w:tab/></w:r><w:r><w:tab/></w:r>{}</w:p></w:hdr>"#,
        run(&pack.running_head(), false, None),
        run(pack.marking.words(), true, None)
    )
}

fn footer(pack: &Pack) -> String {
    let field = |name: &str| {
        format!(
            r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> {name} </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>"#
        )
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:ftr {NS}><w:p><w:pPr><w:pStyle w:val="HeaderFooter"/></w:pPr>{}<w:r><w:tab/></w:r>{}{}{}{}</w:p></w:ftr>"#,
        run(pack.marking.words(), true, None),
        run("Page ", false, None),
        field("PAGE"),
        run(" of ", false, None),
        field("NUMPAGES")
    )
}

fn content_types() -> &'static str {
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>"#
}

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>"#;

fn document_rels(images: &[Image]) -> String {
    let mut x = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rIdNumbering" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rIdHeader" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/><Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>"#,
    );
    for (i, im) in images.iter().enumerate() {
        let _ = write!(
            x,
            r#"<Relationship Id="rIdImage{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/{}"/>"#,
            i + 1,
            im.name
        );
    }
    x.push_str("</Relationships>");
    x
}

fn core_properties(pack: &Pack, dated: Date) -> String {
    let when = format!("{}T00:00:00Z", dated);
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{}</dc:title><dc:subject>{}</dc:subject><dc:creator>Sightline</dc:creator><dc:description>{}</dc:description><dc:language>en-GB</dc:language><dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified></cp:coreProperties>"#,
        esc(&pack.title),
        esc(&pack.running_head()),
        esc(pack.marking.words())
    )
}

const APP: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Sightline</Application></Properties>"#;

/// Renders the pack as a DOCX file.
///
/// # Errors
/// [`Error::Chart`] when a chart cannot be drawn; [`Error::Docx`] when the package cannot be
/// written.
pub fn render(pack: &Pack, dated: Date) -> Result<Vec<u8>> {
    let mut images = Vec::new();
    let document = body(pack, &mut images)?;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    // A fixed time in the archive, so the same pack writes the same bytes.
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    let fail = |e: &dyn std::fmt::Display| Error::Docx(e.to_string());
    let mut part = |name: &str, bytes: &[u8]| -> Result<()> {
        zip.start_file(name, options).map_err(|e| fail(&e))?;
        zip.write_all(bytes).map_err(|e| fail(&e))
    };
    part("[Content_Types].xml", content_types().as_bytes())?;
    part("_rels/.rels", ROOT_RELS.as_bytes())?;
    part("docProps/core.xml", core_properties(pack, dated).as_bytes())?;
    part("docProps/app.xml", APP.as_bytes())?;
    part("word/document.xml", document.as_bytes())?;
    part("word/styles.xml", styles().as_bytes())?;
    part("word/settings.xml", SETTINGS.as_bytes())?;
    part("word/numbering.xml", NUMBERING.as_bytes())?;
    part("word/header1.xml", header(pack).as_bytes())?;
    part("word/footer1.xml", footer(pack).as_bytes())?;
    part(
        "word/_rels/document.xml.rels",
        document_rels(&images).as_bytes(),
    )?;
    for im in &images {
        part(&format!("word/media/{}", im.name), &im.png)?;
    }
    let cursor = zip.finish().map_err(|e| fail(&e))?;
    Ok(cursor.into_inner())
}
