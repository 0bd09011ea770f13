//! Every format of a pack, written and read back: the DOCX keeps the schema's order and opens
//! in LibreOffice, the PDF is tagged and its text (pdftotext) holds the figures, the workbook
//! writes a suppressed value as `c`, and the same pack renders to the same bytes.
//!
//! LibreOffice and pdftotext are outside the checkout: without them those checks say they
//! skipped, unless SIGHTLINE_DOCUMENT_TOOLS=require (set by `.ci/run` once it has installed
//! them), when their absence fails.

use std::io::{Read, Write};
use std::path::Path;
use std::process::Command;

use jiff::civil::date;
use sightline_core::indicator::Unit;
use sightline_core::pack::{Kind, Marking};
use sightline_core::rag::Rag;
use sightline_report::chart::{Chart, RefKind, Reference};
use sightline_report::pack::{Block, Cell, ChartBlock, Pack, Section, Table, TableRole, Value};
use sightline_report_print::{Format, docx, render};

fn sample(marking: Marking) -> Pack {
    let months: Vec<_> = (1..=10i8)
        .map(|m| date(2026, m, 1).last_of_month())
        .collect();
    let chart = |id: &str, title: &str, values: &[Option<f64>]| ChartBlock {
        id: id.into(),
        chart: Chart {
            title: title.into(),
            unit: Unit::Pct,
            points: months.iter().copied().zip(values.iter().copied()).collect(),
            references: vec![
                Reference {
                    label: "Target 85%".into(),
                    value: 85.0,
                    kind: RefKind::Target,
                },
                Reference {
                    label: "England 81.4%".into(),
                    value: 81.4,
                    kind: RefKind::Benchmark,
                },
            ],
        },
        data: months
            .iter()
            .zip(values)
            .map(|(d, v)| {
                (
                    d.to_string(),
                    match v {
                        Some(v) => Value::Number(*v, Unit::Pct),
                        None => Value::Suppressed,
                    },
                )
            })
            .collect(),
        caption: format!("{title}: red."),
    };
    let long = "Recovery plan agreed with the chairs & managers <in October>. ".repeat(40);
    let rows: Vec<Vec<Cell>> = (1..=40)
        .map(|i| {
            vec![
                Cell::text(i.to_string()),
                Cell::text(format!("Indicator number {i}")),
                Cell::text("Higher"),
                Cell::text("85%"),
                Cell::text("71% · 74% · 78%"),
                Cell::text(if i == 7 {
                    "c".to_string()
                } else {
                    "72.6%".to_string()
                }),
                Cell::rag(if i % 3 == 0 { Rag::Red } else { Rag::Green }),
                Cell::text("↓ worsening"),
                Cell::text("–"),
                Cell::text("81.4%"),
                Cell::text(if i == 2 { long.clone() } else { String::new() }),
            ]
        })
        .collect();
    Pack {
        kind: Kind::Scrutiny,
        marking,
        authority: "Northfield".into(),
        meeting: Kind::Scrutiny.meeting().into(),
        title: Kind::Scrutiny.title().into(),
        period: "October 2026".into(),
        as_at: "31 October 2026".into(),
        facts: vec![("Period".into(), "October 2026".into())],
        sections: vec![
            Section {
                heading: "Purpose".into(),
                appendix: false,
                blocks: vec![Block::Paragraph(
                    "ICPCs within 15 working days: 72.6%.".into(),
                )],
            },
            Section {
                heading: "Recommendations".into(),
                appendix: false,
                blocks: vec![
                    Block::Numbered(vec!["That the Commission notes…".into(); 3]),
                    Block::Bullets(vec!["One".into(), "Two".into()]),
                    Block::Subheading("A sub-heading".into()),
                ],
            },
            Section {
                heading: "Performance".into(),
                appendix: false,
                blocks: vec![Block::Table(Table {
                    role: TableRole::Scorecard,
                    caption: "Front door".into(),
                    header: [
                        "Ref",
                        "Indicator",
                        "Good is",
                        "Target",
                        "Trend",
                        "Actual",
                        "RAG",
                        "Direction of travel",
                        "Statistical neighbours",
                        "England",
                        "Commentary",
                    ]
                    .map(String::from)
                    .to_vec(),
                    widths: vec![4, 22, 7, 8, 14, 8, 8, 10, 10, 8, 25],
                    rows,
                })],
            },
            Section {
                heading: "Charts".into(),
                appendix: true,
                blocks: vec![
                    Block::Chart(chart(
                        "icpc_within_15wd_pct",
                        "ICPCs within 15 working days",
                        &[
                            Some(80.0),
                            Some(78.0),
                            None,
                            Some(75.0),
                            Some(74.0),
                            Some(73.0),
                            Some(72.0),
                            Some(71.0),
                            Some(72.0),
                            Some(72.6),
                        ],
                    )),
                    Block::Chart(chart("b", "Second", &[Some(50.0); 10])),
                    Block::Chart(chart("c", "Third", &[Some(60.0); 10])),
                ],
            },
            Section {
                heading: "Definitions".into(),
                appendix: true,
                blocks: vec![Block::Table(Table {
                    role: TableRole::Definitions,
                    caption: "Definitions".into(),
                    header: vec!["Ref".into(), "Definition".into()],
                    widths: vec![1, 9],
                    rows: vec![vec![Cell::text("1"), Cell::text("Of ICPCs held…")]],
                })],
            },
        ],
    }
}

/// Whether a tool outside the checkout may be used: true when present, false (saying so) to
/// skip, and a failure when CI requires it.
fn tool(name: &str, test: &str) -> bool {
    // Present when it starts at all (pdftotext has no --version; `-v` exits non-zero on some
    // builds).
    let present = Command::new(name)
        .arg(if name == "pdftotext" {
            "-v"
        } else {
            "--version"
        })
        .output()
        .is_ok();
    if present {
        return true;
    }
    if std::env::var("SIGHTLINE_DOCUMENT_TOOLS").as_deref() == Ok("require") {
        panic!("{test}: {name} is required here (SIGHTLINE_DOCUMENT_TOOLS=require) but absent");
    }
    eprintln!("{test}: skipped: {name} is not installed (Debian: libreoffice, poppler-utils)");
    false
}

fn zip_part(bytes: &[u8], name: &str) -> String {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut f = z.by_name(name).expect(name);
    let mut s = String::new();
    f.read_to_string(&mut s).expect("read");
    s
}

#[test]
fn the_docx_keeps_the_schemas_order_and_its_parts_resolve() {
    let bytes = render(
        &sample(Marking::OfficialSensitive),
        Format::Docx,
        date(2026, 10, 31),
    )
    .expect("docx");
    let problems = docx::check(&bytes);
    assert!(problems.is_empty(), "{problems:#?}");
    let doc = zip_part(&bytes, "word/document.xml");
    // The header row repeats; RAG cells are shaded and carry their word.
    assert!(doc.contains("<w:tblHeader/>"));
    assert!(doc.contains(r#"w:fill="D4351C""#) && doc.contains(">Red</w:t>"));
    // Portrait body, landscape appendices.
    assert!(doc.contains(r#"w:orient="landscape""#));
    assert!(doc.contains(r#"<w:pgSz w:w="11906" w:h="16838"/>"#));
    // Page X of Y, and the marking, on every page.
    let footer = zip_part(&bytes, "word/footer1.xml");
    assert!(footer.contains(" PAGE ") && footer.contains(" NUMPAGES "));
    assert!(zip_part(&bytes, "word/header1.xml").contains("OFFICIAL-SENSITIVE"));
    // Numbered paragraphs under their section, and text escaped.
    assert!(doc.contains(">2.3</w:t>"));
    assert!(doc.contains("chairs &amp; managers &lt;in October&gt;"));
    // Charts are PNG with their text alternative.
    assert!(doc.contains(r#"descr="ICPCs within 15 working days. 31 Jan 2026: 80%"#));
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).expect("zip");
    let mut png = Vec::new();
    z.by_name("word/media/chart1.png")
        .expect("chart")
        .read_to_end(&mut png)
        .expect("png");
    assert_eq!(&png[1..4], b"PNG");
}

#[test]
fn the_check_finds_what_word_would_repair() {
    let bytes = render(&sample(Marking::Public), Format::Docx, date(2026, 10, 31)).expect("docx");
    let mut src = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).expect("zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..src.len() {
        let mut f = src.by_index(i).expect("entry");
        let name = f.name().map(|n| n.to_string()).expect("name");
        let mut data = Vec::new();
        f.read_to_end(&mut data).expect("read");
        if name == "word/document.xml" {
            let s = String::from_utf8(data).expect("utf-8");
            let s = s
                .replacen(
                    r#"<w:pStyle w:val="Heading1"/><w:keepNext/>"#,
                    r#"<w:keepNext/><w:pStyle w:val="Heading1"/>"#,
                    1,
                )
                .replacen(r#"r:embed="rIdImage1""#, r#"r:embed="rIdImage99""#, 1);
            data = s.into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("start");
        out.write_all(&data).expect("write");
    }
    let broken = out.finish().expect("zip").into_inner();
    let problems = docx::check(&broken);
    assert!(
        problems
            .iter()
            .any(|p| p.contains("<w:pStyle> comes after <w:keepNext> in <w:pPr>")),
        "{problems:#?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("rIdImage99 is not declared")),
        "{problems:#?}"
    );
    assert!(!docx::check(b"not a zip").is_empty());
}

#[test]
fn the_docx_opens_in_libreoffice() {
    if !tool("soffice", "the_docx_opens_in_libreoffice") {
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("pack.docx");
    std::fs::write(
        &path,
        render(&sample(Marking::Public), Format::Docx, date(2026, 10, 31)).expect("docx"),
    )
    .expect("write");
    let profile = format!("file://{}", dir.path().join("profile").display());
    let out = Command::new("soffice")
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&path)
        .output()
        .expect("soffice runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = dir.path().join("pack.pdf");
    assert!(
        pdf.exists(),
        "LibreOffice wrote no PDF: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    if tool("pdftotext", "the_docx_opens_in_libreoffice") {
        let text = pdftotext(&pdf);
        assert!(
            text.contains("Children's social care: target monitoring"),
            "{text}"
        );
        assert!(text.contains("Page 1 of"), "page X of Y");
    }
}

fn pdftotext(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_pdf_is_tagged_a4_and_its_text_holds_the_figures() {
    let bytes = render(&sample(Marking::Public), Format::Pdf, date(2026, 10, 31)).expect("pdf");
    assert!(bytes.starts_with(b"%PDF-"));
    let raw = String::from_utf8_lossy(&bytes);
    assert!(raw.contains("/StructTreeRoot"), "tagged");
    assert!(raw.contains("/Marked true"), "marked as tagged");
    assert!(raw.contains("/Lang(en-GB)"), "language");
    assert!(raw.contains("/MediaBox[0 0 595.28 841.89]"), "A4 portrait");
    assert!(raw.contains("/MediaBox[0 0 841.89 595.28]"), "A4 landscape");
    if !tool(
        "pdftotext",
        "the_pdf_is_tagged_a4_and_its_text_holds_the_figures",
    ) {
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("pack.pdf");
    std::fs::write(&path, &bytes).expect("write");
    let text = pdftotext(&path);
    assert!(
        text.contains("ICPCs within 15 working days: 72.6%"),
        "{text}"
    );
    assert!(text.contains("PUBLIC: for publication"));
    let pages = text.matches('\u{c}').count();
    assert!(text.contains(&format!("Page 1 of {pages}")), "{pages}");
    // The long commentary runs over pages without being cut: each of its forty sentences is
    // there (counted by a word no line break splits).
    assert_eq!(text.matches("Recovery").count(), 40);
    // Charts stay vector: their labels are text.
    assert!(text.contains("Target 85%") && text.contains("Oct 26"));
}

#[test]
fn a_public_workbook_writes_a_suppressed_value_as_c() {
    use calamine::Reader;
    let bytes = render(&sample(Marking::Public), Format::Xlsx, date(2026, 10, 31)).expect("xlsx");
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).expect("workbook");
    let names = book.sheet_names();
    assert_eq!(
        names,
        vec!["Scorecard", "icpc_within_15wd_pct", "b", "c", "Definitions"]
    );
    let sheet = book.worksheet_range("icpc_within_15wd_pct").expect("sheet");
    // Row 5 is the first value; the third month is suppressed.
    assert_eq!(sheet.get_value((4, 1)), Some(&calamine::Data::Float(80.0)));
    assert_eq!(
        sheet.get_value((6, 1)),
        Some(&calamine::Data::String("c".into()))
    );
    let card = book.worksheet_range("Scorecard").expect("scorecard");
    assert_eq!(
        card.get_value((5, 6)),
        Some(&calamine::Data::String("Green".into())),
        "the RAG cell carries its word"
    );
}

#[test]
fn the_same_pack_renders_to_the_same_bytes() {
    for format in Format::ALL {
        let a = render(&sample(Marking::Public), format, date(2026, 10, 31)).expect("a");
        let b = render(&sample(Marking::Public), format, date(2026, 10, 31)).expect("b");
        assert!(a == b, "{format:?} differs between two renderings");
    }
}

#[test]
fn formats_follow_the_extension() {
    assert_eq!(
        Format::of_path(Path::new("p.DOCX")).ok(),
        Some(Format::Docx)
    );
    assert_eq!(
        Format::of_path(Path::new("a/b.pdf")).ok(),
        Some(Format::Pdf)
    );
    assert!(Format::of_path(Path::new("pack.doc")).is_err());
    assert!(Format::of_path(Path::new("pack")).is_err());
}
