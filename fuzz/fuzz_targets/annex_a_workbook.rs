//! The Annex A reader on arbitrary bytes saved as a workbook (XLSX, XLS or CSV by the first
//! byte): an error naming the file, or an extract whose every row is accounted for; never a
//! crash. Seed it with real workbooks: `cp ../../shared/data/annex-a/*.xlsx corpus/annex_a_workbook/`.
#![no_main]
use std::io::Write;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let ext = match bytes.first() {
        Some(b'P') => "xlsx",
        Some(0xD0) => "xls",
        _ => "csv",
    };
    let Ok(mut file) = tempfile::Builder::new().suffix(&format!(".{ext}")).tempfile() else {
        return;
    };
    if file.write_all(bytes).is_err() {
        return;
    }
    if let Ok(x) = sightline_ingest::annex_a::check(file.path(), Some(jiff::civil::date(2024, 1, 15))) {
        for l in &x.lists {
            assert_eq!(l.rows_read, l.rows_accepted + l.rows_rejected);
        }
    }
});
