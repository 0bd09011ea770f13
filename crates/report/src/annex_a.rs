//! A loaded extract written back in Ofsted's Annex A template layout (2019): the sheets
//! `List_1` to `List_11`, each with the template's title in row 1 and its headers in row 2, the
//! accepted rows under them with the template's code labels and dates as dates, and the rows
//! that were rejected on a sheet of their own with why (decision 0034).

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};
use sightline_core::annex_a::{LISTS, Record, Value};

/// The template's title of each list's sheet (row 1), in list order.
pub const TEMPLATE_TITLES: [&str; 11] = [
    "List 1: Contacts",
    "List 2: Early Help",
    "List 3: Referral",
    "List 4: Assessments",
    "List 5: Section 47 enquiries and Initial Child Protection Conferences",
    "List 6: Children in Need",
    "List 7: Child protection",
    "List 8: Children in care",
    "List 9: Care leavers",
    "List 10: Adoption",
    "List 11: Adopters",
];

/// The sheet of rows rejected when the extract was loaded.
pub const REJECTED_SHEET: &str = "Rejected_rows";

/// A row to write: its list, the row as loaded, and (for a rejected row) why.
pub struct Row<'a> {
    /// The list (1 to 11).
    pub list: u8,
    /// The row.
    pub record: &'a Record,
    /// Why it was rejected (its error findings), for a rejected row.
    pub why: Option<String>,
}

/// What the workbook holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Written {
    /// Rows written under each list (index 0 is List 1).
    pub rows: [usize; 11],
    /// Rows on the rejected sheet.
    pub rejected: usize,
}

fn text_of(v: &Value) -> String {
    match v {
        Value::Empty => String::new(),
        Value::Date(d) => d.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Text(t) => t.to_string(),
        Value::Code(c) => (*c).to_string(),
    }
}

/// Writes `rows` as the template's workbook. `child_id` gives the identifier to write for each
/// stored Child Unique ID (the pseudonym, or the council's own where the reader may have it).
///
/// # Errors
/// The XLSX writer's error, in words.
pub fn workbook(
    rows: &[Row<'_>],
    child_id: &dyn Fn(&str) -> String,
) -> Result<(Vec<u8>, Written), String> {
    let e = |x: XlsxError| x.to_string();
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let bold = Format::new().set_bold();
    let mut written = Written::default();
    for (k, list) in LISTS.iter().enumerate() {
        let sheet = book.add_worksheet_with_low_memory().map_err(e)?;
        sheet.set_name(format!("List_{}", list.number)).map_err(e)?;
        sheet
            .write_string_with_format(0, 0, TEMPLATE_TITLES[k], &bold)
            .map_err(e)?;
        for (c, col) in list.columns.iter().enumerate() {
            let c = u16::try_from(c).map_err(|x| x.to_string())?;
            sheet
                .write_string_with_format(1, c, col.header, &bold)
                .map_err(e)?;
        }
        for (r, row) in (2u32..).zip(
            rows.iter()
                .filter(|x| x.list == list.number && !x.record.rejected),
        ) {
            for (c, (v, col)) in row.record.values.iter().zip(list.columns).enumerate() {
                let c = u16::try_from(c).map_err(|x| x.to_string())?;
                match v {
                    Value::Empty => {}
                    Value::Date(d) => {
                        let x = ExcelDateTime::from_ymd(
                            u16::try_from(d.year()).map_err(|x| x.to_string())?,
                            u8::try_from(d.month()).map_err(|x| x.to_string())?,
                            u8::try_from(d.day()).map_err(|x| x.to_string())?,
                        )
                        .map_err(e)?;
                        sheet
                            .write_datetime_with_format(r, c, &x, &date)
                            .map_err(e)?;
                    }
                    Value::Int(i) => {
                        // Ages and counts are far below f64's exact range.
                        sheet.write_number(r, c, *i as f64).map_err(e)?;
                    }
                    Value::Text(t) if col.header == "Child Unique ID" => {
                        sheet.write_string(r, c, child_id(t)).map_err(e)?;
                    }
                    other => {
                        sheet.write_string(r, c, text_of(other)).map_err(e)?;
                    }
                }
            }
            written.rows[k] += 1;
        }
    }
    let sheet = book.add_worksheet();
    sheet.set_name(REJECTED_SHEET).map_err(e)?;
    for (c, h) in ["List", "Row as loaded", "Why it was rejected", "Its values"]
        .iter()
        .enumerate()
    {
        let c = u16::try_from(c).map_err(|x| x.to_string())?;
        sheet.write_string_with_format(0, c, *h, &bold).map_err(e)?;
    }
    let mut r = 1u32;
    for row in rows.iter().filter(|x| x.record.rejected) {
        let Some(list) = LISTS.get(usize::from(row.list).saturating_sub(1)) else {
            continue;
        };
        let values: Vec<String> = row
            .record
            .values
            .iter()
            .zip(list.columns)
            .filter(|(v, _)| **v != Value::Empty)
            .map(|(v, col)| {
                let t = match v {
                    Value::Text(t) if col.header == "Child Unique ID" => child_id(t),
                    other => text_of(other),
                };
                format!("{}: {t}", col.header)
            })
            .collect();
        sheet
            .write_string(r, 0, TEMPLATE_TITLES[usize::from(row.list) - 1])
            .map_err(e)?;
        sheet
            .write_number(r, 1, f64::from(row.record.row))
            .map_err(e)?;
        sheet
            .write_string(r, 2, row.why.as_deref().unwrap_or(""))
            .map_err(e)?;
        sheet.write_string(r, 3, values.join("; ")).map_err(e)?;
        r += 1;
        written.rejected += 1;
    }
    let bytes = book.save_to_buffer().map_err(e)?;
    Ok((bytes, written))
}
