//! The finance export and workforce return readers on arbitrary bytes written as a CSV file:
//! an answer (read or error) for every input, and every row read accounted for.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let Ok(dir) = tempfile::tempdir() else { return };
    let path = dir.path().join("export.csv");
    if std::fs::write(&path, bytes).is_err() {
        return;
    }
    let month = jiff::civil::date(2026, 10, 1);
    if let Ok(read) = sightline_ingest::finance::read(&path, month) {
        assert_eq!(read.rows_read, read.actuals.len() + read.rows_rejected);
    }
    if let Ok(read) = sightline_ingest::workforce::read(&path, month) {
        assert_eq!(read.rows_read, read.returns.len() + read.rows_rejected);
    }
});
