//! The action-plan workbook reader on arbitrary cells under a real header row.
#![no_main]
use calamine::Data;
use sightline_ingest::plan_workbook::{ImportSettings, read_rows};

libfuzzer_sys::fuzz_target!(|text: &str| {
    let mut rows = vec![(
        0u32,
        ["Requirement", "Links to Ofsted Recommendations", "Early Actions", "Key Lead", "Timescales", "Progress", "Smart Targets"]
            .iter()
            .map(|h| Data::String((*h).into()))
            .collect::<Vec<_>>(),
    )];
    for (i, l) in text.lines().enumerate() {
        rows.push((u32::try_from(i + 1).unwrap_or(0), l.split('|').map(|c| Data::String(c.replace("\\n", "\n"))).collect()));
    }
    let settings = ImportSettings {
        authority: sightline_core::authority::LaCode(1),
        as_at: jiff::civil::date(2024, 1, 15),
        author: "fuzz".into(),
    };
    let _ = read_rows(&[("Plan".into(), rows)], &settings, "plan");
});
