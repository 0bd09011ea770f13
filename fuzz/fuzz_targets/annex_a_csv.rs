//! The Annex A reader on arbitrary CSV-like tables under a real List 1 header.
#![no_main]
use calamine::Data;

libfuzzer_sys::fuzz_target!(|text: &str| {
    let mut rows = vec![
        "Child Unique ID,Gender,Ethnicity,Date of Birth,Age,Date of Contact,Contact Source"
            .split(',')
            .map(|h| Data::String(h.into()))
            .collect::<Vec<_>>(),
    ];
    rows.extend(
        text.lines()
            .map(|l| l.split(',').map(|c| Data::String(c.into())).collect()),
    );
    let x = sightline_ingest::annex_a::check_tables(
        &[sightline_ingest::annex_a::Table::new("fuzz", &rows).expect("small")],
        Some(jiff::civil::date(2024, 1, 15)),
    );
    for l in &x.lists {
        assert_eq!(l.rows_read, l.rows_accepted + l.rows_rejected);
    }
});
