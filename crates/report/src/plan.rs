//! The action-plan workbook, written.

use std::path::Path;

use sightline_core::plan::{Plan, WORKBOOK_HEADERS, workbook_rows};

use crate::{Error, Result};

/// Writes the plan as an XLSX workbook in the seed's layout, one row per priority, items one
/// per line in their cells, so `sightline plan import` reads it back to the same plan.
///
/// # Errors
/// [`Error::Write`] when the file cannot be written.
pub fn write_xlsx(plan: &Plan, path: &Path) -> Result<()> {
    use rust_xlsxwriter::{Format, FormatAlign, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| Error::Write {
        path: path.to_path_buf(),
        reason: e.to_string(),
    };
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Action plan").map_err(err)?;
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let bold = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color("D9D9D9");
    let title = Format::new().set_bold().set_font_size(14);
    let theme = Format::new().set_bold().set_font_size(12);
    for (c, w) in [40.0, 16.0, 60.0, 28.0, 18.0, 40.0, 40.0]
        .iter()
        .enumerate()
    {
        sheet
            .set_column_width(u16::try_from(c).unwrap_or(0), *w)
            .map_err(err)?;
    }
    let header = WORKBOOK_HEADERS;
    for (r, row) in workbook_rows(plan).iter().enumerate() {
        let r = u32::try_from(r).unwrap_or(u32::MAX);
        let is_header = row.iter().map(String::as_str).eq(header.iter().copied());
        let format = if is_header {
            &bold
        } else if row.len() == 1 && r == 0 {
            &title
        } else if row.len() == 1 {
            &theme
        } else {
            &wrap
        };
        for (c, v) in row.iter().enumerate() {
            sheet
                .write_string_with_format(r, u16::try_from(c).unwrap_or(0), v, format)
                .map_err(err)?;
        }
    }
    // What the council's seven columns cannot carry (statuses, dated and signed updates,
    // milestones, overrides, the plan's period and inspection, the targets' indicators) goes
    // in a hidden sheet, so import(export(plan)) is the plan.
    let record = book.add_worksheet();
    record
        .set_name(sightline_core::plan::RECORD_SHEET)
        .map_err(err)?;
    record.set_hidden(true);
    record
        .write_string(0, 0, sightline_core::plan::RECORD_HEADING)
        .map_err(err)?;
    let json = serde_json::to_string(plan).map_err(|e| Error::Write {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    for (k, chunk) in chunks(&json, RECORD_CHUNK).enumerate() {
        let r = u32::try_from(k + 1).unwrap_or(u32::MAX);
        record.write_string(r, 0, chunk).map_err(err)?;
    }
    book.save(path).map_err(err)
}

/// A cell holds at most 32,767 characters; the record is cut well below that.
const RECORD_CHUNK: usize = 30_000;

/// `text` in pieces of at most `n` bytes, cut at character boundaries.
fn chunks(text: &str, n: usize) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut cut = n.min(rest.len());
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        let (head, tail) = rest.split_at(cut);
        rest = tail;
        Some(head)
    })
}

#[cfg(test)]
mod record_tests {
    use super::chunks;

    #[test]
    fn a_record_is_cut_at_character_boundaries_and_joins_back() {
        let text = "é".repeat(10) + "abc";
        let parts: Vec<&str> = chunks(&text, 5).collect();
        assert!(parts.iter().all(|p| p.len() <= 5));
        assert_eq!(parts.concat(), text);
        assert_eq!(chunks("", 5).count(), 0);
    }
}
