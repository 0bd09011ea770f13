//! A pack as a workbook for analysts: the scorecard (RAG cells filled and carrying their
//! word), the plan, one data sheet per indicator series, and the definitions. A suppressed
//! value is written `c`, the DfE convention, never a number.

use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};

use super::{Pack, Table, TableRole, Value, rag_fill};

fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDEE0E2))
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Top)
}

fn body_format() -> Format {
    Format::new()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Top)
}

fn hex(s: &str) -> u32 {
    u32::from_str_radix(s, 16).unwrap_or(0xB1B4B6)
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, unique in `used`.
fn sheet_name(want: &str, used: &mut Vec<String>) -> String {
    let clean: String = want
        .chars()
        .map(|c| if "[]:*?/\\'".contains(c) { '_' } else { c })
        .take(31)
        .collect();
    let mut name = clean.clone();
    let mut n = 2;
    while used.iter().any(|u| u.eq_ignore_ascii_case(&name)) {
        let tail = format!("~{n}");
        name = format!(
            "{}{tail}",
            clean.chars().take(31 - tail.len()).collect::<String>()
        );
        n += 1;
    }
    used.push(name.clone());
    name
}

fn write_table(
    sheet: &mut Worksheet,
    pack: &Pack,
    table: &Table,
    landscape: bool,
) -> Result<(), XlsxError> {
    sheet.set_paper_size(9);
    if landscape {
        sheet.set_landscape();
    }
    sheet.set_header(format!("&C{}", pack.marking.words()));
    sheet.set_footer("&CPage &P of &N");
    sheet.write_string_with_format(0, 0, &table.caption, &Format::new().set_bold())?;
    sheet.write_string(1, 0, pack.running_head())?;
    sheet.write_string(2, 0, pack.marking.words())?;
    let top = 4u32;
    let head = header_format();
    let body = body_format();
    for (c, h) in table.header.iter().enumerate() {
        let col = u16::try_from(c).unwrap_or(u16::MAX);
        sheet.write_string_with_format(top, col, h, &head)?;
        let width = table.widths.get(c).copied().unwrap_or(10);
        sheet.set_column_width(col, f64::from(width.clamp(6, 60)))?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        let at = top + 1 + u32::try_from(r).unwrap_or(u32::MAX - top - 1);
        for (c, cell) in row.iter().enumerate() {
            let col = u16::try_from(c).unwrap_or(u16::MAX);
            match cell.rag {
                Some(rag) => {
                    let (fill, white) = rag_fill(rag);
                    let f = body
                        .clone()
                        .set_bold()
                        .set_background_color(Color::RGB(hex(fill)))
                        .set_font_color(if white {
                            Color::White
                        } else {
                            Color::RGB(0x0B0C0C)
                        });
                    sheet.write_string_with_format(at, col, &cell.text, &f)?;
                }
                None => {
                    sheet.write_string_with_format(at, col, &cell.text, &body)?;
                }
            }
        }
    }
    sheet.set_repeat_rows(top, top)?;
    sheet.set_freeze_panes(top + 1, 0)?;
    Ok(())
}

/// Renders the pack as an XLSX workbook. `dated` is the workbook's creation date, from the
/// pack (not the clock), so a pack renders to the same bytes every time.
///
/// # Errors
/// The workbook could not be assembled.
pub fn render(pack: &Pack, dated: jiff::civil::Date) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let stamp = ExcelDateTime::from_ymd(
        u16::try_from(dated.year()).unwrap_or(2000),
        u8::try_from(dated.month()).unwrap_or(1),
        u8::try_from(dated.day()).unwrap_or(1),
    )?;
    book.set_properties(
        &DocProperties::new()
            .set_title(&pack.title)
            .set_subject(pack.running_head())
            .set_author("Sightline")
            .set_comment(pack.marking.words())
            .set_creation_datetime(&stamp),
    );
    let mut used = Vec::new();
    for (role, name, landscape) in [
        (TableRole::Scorecard, "Scorecard", true),
        (TableRole::Plan, "Plan", true),
    ] {
        for t in pack.tables(role) {
            let sheet = book.add_worksheet();
            sheet.set_name(sheet_name(name, &mut used))?;
            write_table(sheet, pack, t, landscape)?;
        }
    }
    let head = header_format();
    let body = body_format();
    for c in pack.charts() {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(&c.id, &mut used))?;
        sheet.set_header(format!("&C{}", pack.marking.words()));
        sheet.set_footer("&CPage &P of &N");
        sheet.write_string_with_format(0, 0, &c.chart.title, &Format::new().set_bold())?;
        sheet.write_string(1, 0, pack.marking.words())?;
        sheet.write_string_with_format(3, 0, "As at", &head)?;
        sheet.write_string_with_format(3, 1, "Value", &head)?;
        sheet.write_string_with_format(3, 2, "Shown as", &head)?;
        sheet.set_column_width(0, 14)?;
        sheet.set_column_width(1, 12)?;
        sheet.set_column_width(2, 24)?;
        for (i, (at, v)) in c.data.iter().enumerate() {
            let row = 4 + u32::try_from(i).unwrap_or(u32::MAX - 4);
            sheet.write_string_with_format(row, 0, at, &body)?;
            match v {
                Value::Number(n, _) => {
                    sheet.write_number_with_format(row, 1, *n, &body)?;
                }
                Value::Suppressed => {
                    sheet.write_string_with_format(row, 1, "c", &body)?;
                }
                Value::None => {
                    sheet.write_blank(row, 1, &body)?;
                }
            }
            sheet.write_string_with_format(row, 2, super::html::value_text(v), &body)?;
        }
        let notes = 5 + u32::try_from(c.data.len()).unwrap_or(0);
        sheet.write_string(notes, 0, &c.caption)?;
        for (i, r) in c.chart.references.iter().enumerate() {
            sheet.write_string(notes + 1 + u32::try_from(i).unwrap_or(0), 0, &r.label)?;
        }
    }
    for t in pack.tables(TableRole::Definitions) {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name("Definitions", &mut used))?;
        write_table(sheet, pack, t, true)?;
    }
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_short_clean_and_unique() {
        let mut used = vec![];
        assert_eq!(sheet_name("Scorecard", &mut used), "Scorecard");
        assert_eq!(sheet_name("scorecard", &mut used), "scorecard~2");
        let long = "a_very_long_indicator_identifier_indeed";
        let first = sheet_name(long, &mut used);
        assert_eq!(first.chars().count(), 31);
        let second = sheet_name(long, &mut used);
        assert_eq!(second.chars().count(), 31);
        assert_ne!(first, second);
        assert_eq!(sheet_name("a/b:c", &mut used), "a_b_c");
    }
}
