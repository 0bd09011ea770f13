//! The XLSX reader's sheet scanner on arbitrary sheet XML: the bytes become `sheet1.xml` of an
//! otherwise well-formed workbook (two shared strings, one date style), which is read and
//! checked. An error or an extract whose every row is accounted for; never a crash.
//! Seed it with real sheets: `unzip -p some.xlsx xl/worksheets/sheet1.xml > corpus/annex_a_sheet_xml/s1`.
#![no_main]
use std::io::Write;

const PARTS: [(&str, &str); 6] = [
    (
        "[Content_Types].xml",
        r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#,
    ),
    (
        "_rels/.rels",
        r#"<Relationships><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    ),
    (
        "xl/workbook.xml",
        r#"<workbook xmlns:r="r"><sheets><sheet name="List 1" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
    ),
    (
        "xl/_rels/workbook.xml.rels",
        r#"<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="x/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="x/styles" Target="styles.xml"/></Relationships>"#,
    ),
    (
        "xl/sharedStrings.xml",
        r#"<sst><si><t>Child Unique ID</t></si><si><t>Date of Contact</t></si></sst>"#,
    ),
    (
        "xl/styles.xml",
        r#"<styleSheet><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>"#,
    ),
];

libfuzzer_sys::fuzz_target!(|sheet: &[u8]| {
    let Ok(mut file) = tempfile::Builder::new().suffix(".xlsx").tempfile() else {
        return;
    };
    {
        let mut zip = zip::ZipWriter::new(&mut file);
        let options = zip::write::SimpleFileOptions::default();
        for (name, text) in PARTS {
            if zip.start_file(name, options).is_err() || zip.write_all(text.as_bytes()).is_err() {
                return;
            }
        }
        if zip.start_file("xl/worksheets/sheet1.xml", options).is_err()
            || zip.write_all(sheet).is_err()
            || zip.finish().is_err()
        {
            return;
        }
    }
    if file.flush().is_err() {
        return;
    }
    if let Ok(x) = sightline_ingest::annex_a::check(file.path(), Some(jiff::civil::date(2024, 1, 15))) {
        for l in &x.lists {
            assert_eq!(l.rows_read, l.rows_accepted + l.rows_rejected);
        }
    }
});
