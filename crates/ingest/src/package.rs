//! Limits on what a file may make of itself as it is read (decision 0016). A small file can
//! claim to be enormous: a zip part that inflates a thousandfold, a sheet whose one cell sits
//! at row 99,999,999, an ODS row repeated a million times. Each limit is checked as the bytes
//! inflate or the cells are counted, never after the memory is spent, and breaking one is an
//! error that names the file, the part and the limit.

use std::io::Read;
use std::path::Path;

use quick_xml::events::Event;

use crate::{Error, Result};

/// The most one zip part may inflate to: a million-row extract's largest sheet is a few
/// hundred megabytes of XML.
pub const MAX_PART_BYTES: u64 = 512 << 20;
/// The most a zip part may inflate relative to its compressed size once past
/// [`RATIO_FLOOR`]: real workbooks inflate 5 to 30 times; Apache POI refuses past 100 too.
pub const MAX_RATIO: u64 = 100;
/// Below this inflated size the ratio is not judged (tiny parts compress absurdly well).
pub const RATIO_FLOOR: u64 = 1 << 20;
/// The most cells a sheet read through calamine may span (its rectangle from A1 to its last
/// used cell): calamine holds every cell of that rectangle.
pub const MAX_SPAN_CELLS: u64 = 1 << 23;
/// Excel's own limits on a sheet.
pub const EXCEL_ROWS: u64 = 1_048_576;
/// Excel's own limits on a sheet.
pub const EXCEL_COLUMNS: u64 = 16_384;

/// A zip part's inflated bytes, refused as they pass a limit.
pub struct Bounded<R> {
    inner: R,
    part: String,
    compressed: u64,
    read: u64,
}

impl<R: Read> Bounded<R> {
    /// Wraps the inflating reader of `part`, whose compressed size is `compressed`.
    pub fn new(inner: R, part: &str, compressed: u64) -> Self {
        Bounded {
            inner,
            part: part.to_string(),
            compressed,
            read: 0,
        }
    }

    /// The most this part may inflate to.
    pub fn allowed(compressed: u64) -> u64 {
        compressed
            .saturating_mul(MAX_RATIO)
            .clamp(RATIO_FLOOR, MAX_PART_BYTES)
    }
}

/// Refuses a part whose declared inflated size already breaks a limit (the running check in
/// [`Bounded`] catches a part that declares less than it holds).
pub fn declared(part: &str, size: u64, compressed: u64) -> std::result::Result<(), String> {
    if size > MAX_PART_BYTES {
        return Err(format!(
            "{part} says it inflates to {size} bytes, past the {} MiB one part may hold",
            MAX_PART_BYTES >> 20
        ));
    }
    if size > Bounded::<std::io::Empty>::allowed(compressed) {
        return Err(format!(
            "{part} says it inflates to {size} bytes, more than {MAX_RATIO} times its compressed \
             size ({compressed} bytes), as a zip bomb does; it was not read"
        ));
    }
    Ok(())
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        if self.read > MAX_PART_BYTES {
            return Err(std::io::Error::other(format!(
                "{} inflates past {} MiB, the most one part may hold",
                self.part,
                MAX_PART_BYTES >> 20
            )));
        }
        if self.read > RATIO_FLOOR && self.read > self.compressed.saturating_mul(MAX_RATIO) {
            return Err(std::io::Error::other(format!(
                "{} inflates to more than {MAX_RATIO} times its compressed size ({} bytes), \
                 as a zip bomb does; it was not read",
                self.part, self.compressed
            )));
        }
        Ok(n)
    }
}

/// How a workbook's sheets will be read, which decides whether their span is limited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sheets {
    /// Cell by cell (calamine's XLSX cell reader into a bounded table): cells within Excel's
    /// sheet, any span.
    Streamed,
    /// As whole ranges (calamine's `worksheet_range`, and every ODS sheet): the rectangle to
    /// the last used cell is held, so it is limited to [`MAX_SPAN_CELLS`].
    Ranges,
}

/// Checks every part of a zip-based workbook (XLSX, ODS) against the limits before a reader
/// that cannot bound itself (calamine) opens it: every part's inflation, and each sheet's
/// cells. A file that is no zip package is left to its reader.
///
/// # Errors
/// [`Error::Workbook`] naming the file, the part and the limit broken.
pub fn guard(path: &Path, sheets: Sheets) -> Result<()> {
    let refuse = |reason: String| Error::Workbook {
        path: path.to_path_buf(),
        reason,
    };
    let file = std::fs::File::open(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let Ok(mut zip) = zip::ZipArchive::new(std::io::BufReader::new(file)) else {
        return Ok(());
    };
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index(i) else {
            continue;
        };
        let name = entry
            .name()
            .map_or_else(|_| "?".to_string(), |n| n.to_string());
        let compressed = entry.compressed_size();
        declared(&name, entry.size(), compressed).map_err(refuse)?;
        let bounded = std::io::BufReader::new(Bounded::new(entry, &name, compressed));
        let span = if name.starts_with("xl/worksheets/") && name.ends_with(".xml") {
            sheet_span(bounded, &name, sheets)
        } else if name == "content.xml" {
            ods_span(bounded, &name)
        } else {
            let mut sink = std::io::sink();
            let mut b = bounded;
            std::io::copy(&mut b, &mut sink)
                .map(|_| ())
                .map_err(|e| e.to_string())
        };
        span.map_err(refuse)?;
    }
    Ok(())
}

/// An XLSX cell reference (`B12`) as (row, column), 1-based, or `None` when it is not one.
fn reference(r: &[u8]) -> Option<(u64, u64)> {
    let letters = r.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    if letters == 0 || letters > 7 {
        return None;
    }
    let col = r[..letters].iter().fold(0u64, |n, b| {
        n * 26 + u64::from(b.to_ascii_uppercase() - b'A' + 1)
    });
    let digits = &r[letters..];
    if digits.is_empty() || digits.len() > 12 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let row = digits
        .iter()
        .fold(0u64, |n, b| n * 10 + u64::from(b - b'0'));
    Some((row, col))
}

/// The cells of an XLSX sheet stay within Excel's sheet (and so within what calamine can hold).
fn sheet_span(
    xml: impl std::io::BufRead,
    part: &str,
    sheets: Sheets,
) -> std::result::Result<(), String> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let (mut last_row, mut last_col) = (0u64, 0u64);
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => {
                let local = e.local_name();
                let attr = match local.as_ref() {
                    "c" => "r",
                    "dimension" => "ref",
                    _ => {
                        buf.clear();
                        continue;
                    }
                };
                if let Some(a) = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.local_name().as_ref() == attr)
                {
                    for r in a.value.split(':') {
                        let Some((row, col)) = reference(r.as_bytes()) else {
                            return Err(format!(
                                "{part}: the cell reference {:?} is not one Excel can hold",
                                r
                            ));
                        };
                        if row > EXCEL_ROWS || col > EXCEL_COLUMNS || row == 0 {
                            return Err(format!(
                                "{part}: the cell reference {:?} lies outside Excel's sheet \
                                 ({EXCEL_ROWS} rows, {EXCEL_COLUMNS} columns)",
                                r
                            ));
                        }
                        (last_row, last_col) = (last_row.max(row), last_col.max(col));
                        if sheets == Sheets::Ranges && last_row * last_col > MAX_SPAN_CELLS {
                            return Err(format!(
                                "{part}: the sheet spreads over {} cells (to {:?}), past the \
                                 {MAX_SPAN_CELLS} one sheet may span; delete the empty rows and \
                                 columns past the data, or the stray cell far from it",
                                last_row * last_col,
                                r
                            ));
                        }
                    }
                }
            }
            Ok(Event::Eof) => return Ok(()),
            Ok(_) => {}
            Err(e) => return Err(xml_error(part, &e)),
        }
        buf.clear();
    }
}

/// An XML error as the reason: a read that failed (a limit [`Bounded`] broke as the part
/// inflated, which names the part) is said as it is.
fn xml_error(part: &str, e: &quick_xml::Error) -> String {
    match e {
        quick_xml::Error::Io(io) => io.to_string(),
        other => format!("{part}: not readable XML: {other}"),
    }
}

/// An ODS attribute's count (`table:number-rows-repeated`), 1 when absent.
fn repeated(e: &quick_xml::events::BytesStart<'_>, name: &str) -> u64 {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| a.value.trim().parse().ok())
        .unwrap_or(1)
}

/// Each table of an ODS file spans no more than [`MAX_SPAN_CELLS`] from its first cell to its
/// last cell holding something: repeated empty rows and columns cost nothing, repeated cells
/// holding a value count every time.
fn ods_span(xml: impl std::io::BufRead, part: &str) -> std::result::Result<(), String> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    // The current row (0-based), its repeat, the current column, the last used row and column.
    let (mut row, mut row_repeat, mut col) = (0u64, 1u64, 0u64);
    let (mut last_row, mut last_col): (Option<u64>, u64) = (None, 0);
    let mut table = String::new();
    let mut in_cell: Option<(u64, u64)> = None;
    let over = |table: &str, last_row: u64, last_col: u64| {
        let span = (last_row + 1).saturating_mul(last_col + 1);
        (span > MAX_SPAN_CELLS).then(|| {
            format!(
                "{part}: table {table:?} spreads over {span} cells (to row {}, column {}), past \
                 the {MAX_SPAN_CELLS} one sheet may span; save the sheet without its empty \
                 expanse, or as XLSX or CSV",
                last_row + 1,
                last_col + 1
            )
        })
    };
    loop {
        let event = reader.read_event_into(&mut buf);
        match event {
            Ok(Event::Start(ref e) | Event::Empty(ref e)) => {
                let empty = matches!(event, Ok(Event::Empty(_)));
                match e.local_name().as_ref() {
                    "table" => {
                        table = e
                            .attributes()
                            .flatten()
                            .find(|a| a.key.local_name().as_ref() == "name")
                            .map(|a| a.value.into_owned())
                            .unwrap_or_default();
                        (row, col, last_row, last_col) = (0, 0, None, 0);
                    }
                    "table-row" => {
                        row_repeat = repeated(e, "number-rows-repeated");
                        col = 0;
                        if empty {
                            row = row.saturating_add(row_repeat);
                        }
                    }
                    "table-cell" | "covered-table-cell" => {
                        let n = repeated(e, "number-columns-repeated");
                        let valued = e
                            .attributes()
                            .flatten()
                            .any(|a| a.key.local_name().as_ref() == "value-type");
                        if valued {
                            last_row = Some(row.saturating_add(row_repeat - 1));
                            last_col = last_col.max(col.saturating_add(n - 1));
                        } else if !empty {
                            in_cell = Some((col, n));
                        }
                        col = col.saturating_add(n);
                    }
                    "p" | "span" | "s" | "a" if in_cell.is_some() => {
                        // Text in a cell without a value type: it holds something too.
                        if let Some((c, n)) = in_cell.take() {
                            last_row = Some(row.saturating_add(row_repeat - 1));
                            last_col = last_col.max(c.saturating_add(n - 1));
                        }
                    }
                    _ => {}
                }
                if let Some(r) = last_row
                    && let Some(why) = over(&table, r, last_col)
                {
                    return Err(why);
                }
            }
            Ok(Event::End(ref e)) => match e.local_name().as_ref() {
                "table-row" => row = row.saturating_add(row_repeat),
                "table-cell" | "covered-table-cell" => in_cell = None,
                _ => {}
            },
            Ok(Event::Eof) => return Ok(()),
            Ok(_) => {}
            Err(e) => return Err(xml_error(part, &e)),
        }
        buf.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(parts: &[(&str, &[u8])]) -> tempfile::NamedTempFile {
        let f = tempfile::Builder::new()
            .suffix(".xlsx")
            .tempfile()
            .expect("temp");
        let mut z = zip::ZipWriter::new(f.reopen().expect("reopen"));
        for (name, bytes) in parts {
            z.start_file(
                *name,
                zip::write::SimpleFileOptions::default()
                    .compression_method(zip::CompressionMethod::Deflated),
            )
            .expect("start");
            z.write_all(bytes).expect("write");
        }
        z.finish().expect("finish");
        f
    }

    #[test]
    fn a_part_that_inflates_like_a_bomb_is_refused_as_it_inflates() {
        let zeros = vec![b'a'; 8 << 20];
        let f = zip_of(&[("xl/sharedStrings.xml", &zeros)]);
        let e = guard(f.path(), Sheets::Streamed)
            .expect_err("refused")
            .to_string();
        assert!(
            e.contains("xl/sharedStrings.xml") && e.contains("100 times"),
            "{e}"
        );
    }

    #[test]
    fn a_cell_reference_outside_excel_is_refused() {
        let xml = br#"<worksheet><dimension ref="A1:ZZZZZ99999999"/><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>"#;
        let f = zip_of(&[("xl/worksheets/sheet1.xml", xml)]);
        let e = guard(f.path(), Sheets::Streamed)
            .expect_err("refused")
            .to_string();
        assert!(e.contains("ZZZZZ99999999") && e.contains("outside"), "{e}");
        let far = br#"<worksheet><dimension ref="A1:XFD1048576"/><sheetData/></worksheet>"#;
        let far = zip_of(&[("xl/worksheets/sheet1.xml", far)]);
        assert!(guard(far.path(), Sheets::Streamed).is_ok());
        // Read as a range, the same sheet would be 17 billion cells.
        let e = guard(far.path(), Sheets::Ranges)
            .expect_err("refused")
            .to_string();
        assert!(e.contains("spreads over"), "{e}");
    }

    #[test]
    fn an_ods_row_repeated_a_million_times_is_refused_but_an_empty_expanse_is_not() {
        let bomb = br#"<office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x"><office:body><office:spreadsheet><table:table table:name="S"><table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
        let e = guard(zip_of(&[("content.xml", bomb)]).path(), Sheets::Ranges)
            .expect_err("refused")
            .to_string();
        assert!(e.contains("\"S\"") && e.contains("spreads over"), "{e}");
        // LibreOffice ends every sheet like this: a used cell, then a vast empty expanse.
        let usual = br#"<office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x"><office:body><office:spreadsheet><table:table table:name="S"><table:table-row><table:table-cell office:value-type="string"><text:p>id</text:p></table:table-cell><table:table-cell table:number-columns-repeated="1023"/></table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
        assert!(guard(zip_of(&[("content.xml", usual)]).path(), Sheets::Ranges).is_ok());
    }

    #[test]
    fn references_read_as_excel_numbers_them() {
        assert_eq!(reference(b"A1"), Some((1, 1)));
        assert_eq!(reference(b"XFD1048576"), Some((1_048_576, 16_384)));
        assert_eq!(reference(b"AA10"), Some((10, 27)));
        assert_eq!(reference(b"1A"), None);
        assert_eq!(reference(b"A"), None);
    }
}
