//! Sightline's packs on paper. One [`render`] for every format a pack is downloaded in: HTML and
//! XLSX from `sightline-report`, and here the two that need heavy crates, kept in their own
//! crate so a change to a page template does not rebuild them:
//!
//! - DOCX ([`docx`]): WordprocessingML written directly (headings, numbered paragraphs, tables
//!   with a repeating header row and shaded RAG cells that carry their word, A4 portrait with
//!   landscape appendices, page X of Y), charts as PNG at print resolution (resvg);
//! - PDF ([`pdf`]): tagged (accessible) A4 built in-process with krilla, charts kept vector.
//!
//! Text is set in Noto Sans (SIL Open Font License), fetched as the `notosans` crate: the PDF
//! embeds it and the charts' PNGs are drawn with it, so nothing depends on the fonts of the
//! machine the pack is built on.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

use std::path::Path;
use std::sync::Arc;

use jiff::civil::Date;
use sightline_report::pack::Pack;

pub mod docx;
pub mod pdf;

/// The formats a pack can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Word.
    Docx,
    /// Tagged PDF.
    Pdf,
    /// Excel.
    Xlsx,
    /// One HTML page for the screen and print.
    Html,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 4] = [Format::Docx, Format::Pdf, Format::Xlsx, Format::Html];

    /// The file extension (and the format's name).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Pdf => "pdf",
            Format::Xlsx => "xlsx",
            Format::Html => "html",
        }
    }

    /// The media type served with it.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            Format::Pdf => "application/pdf",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Format::Html => "text/html; charset=utf-8",
        }
    }

    /// The format named by an extension (`docx`, `PDF`).
    pub fn from_extension(ext: &str) -> Option<Format> {
        Format::ALL
            .into_iter()
            .find(|f| f.extension().eq_ignore_ascii_case(ext))
    }

    /// The format a file's extension names.
    ///
    /// # Errors
    /// [`Error::Format`] when the file has no extension of a pack format.
    pub fn of_path(path: &Path) -> Result<Format> {
        path.extension()
            .and_then(|e| e.to_str())
            .and_then(Format::from_extension)
            .ok_or_else(|| Error::Format(path.display().to_string()))
    }
}

/// What can go wrong rendering a pack.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The output's name does not say which format.
    #[error("{0}: the format follows the file's extension: .docx, .pdf, .xlsx or .html")]
    Format(String),
    /// The workbook could not be assembled.
    #[error("the workbook: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    /// The PDF could not be assembled.
    #[error("the PDF: {0}")]
    Pdf(String),
    /// The Word document could not be assembled.
    #[error("the Word document: {0}")]
    Docx(String),
    /// A chart could not be drawn.
    #[error("chart {0}: {1}")]
    Chart(String, String),
}

/// The result type of this crate.
pub type Result<T> = std::result::Result<T, Error>;

/// Renders a pack in `format`. `dated` stands in for the clock wherever a format records a date
/// (the workbook's and PDF's creation date), so the same pack renders to the same bytes.
///
/// # Errors
/// As [`Error`].
pub fn render(pack: &Pack, format: Format, dated: Date) -> Result<Vec<u8>> {
    match format {
        Format::Html => Ok(sightline_report::pack::html::render(pack).into_bytes()),
        Format::Xlsx => Ok(sightline_report::pack::xlsx::render(pack, dated)?),
        Format::Docx => docx::render(pack, dated),
        Format::Pdf => pdf::render(pack, dated),
    }
}

/// The fonts a chart is drawn with (Noto Sans regular and bold).
fn chart_fonts() -> Arc<resvg::usvg::fontdb::Database> {
    let mut db = resvg::usvg::fontdb::Database::new();
    db.load_font_data(notosans::REGULAR_TTF.to_vec());
    db.load_font_data(notosans::BOLD_TTF.to_vec());
    db.set_sans_serif_family("Noto Sans");
    Arc::new(db)
}

/// A chart's SVG parsed for drawing, with the embedded fonts standing in for Arial.
fn chart_tree(
    id: &str,
    svg: &str,
    fonts: &Arc<resvg::usvg::fontdb::Database>,
) -> Result<resvg::usvg::Tree> {
    let options = resvg::usvg::Options {
        font_family: "Noto Sans".into(),
        fontdb: fonts.clone(),
        ..resvg::usvg::Options::default()
    };
    // The SVG asks for Arial first; the embedded Noto Sans is what is loaded.
    let svg = svg.replace(
        r#"font-family="Arial, 'Noto Sans', Helvetica, sans-serif""#,
        r#"font-family="Noto Sans""#,
    );
    resvg::usvg::Tree::from_str(&svg, &options).map_err(|e| Error::Chart(id.into(), e.to_string()))
}
