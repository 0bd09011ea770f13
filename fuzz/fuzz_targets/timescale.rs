//! Timescales, recommendation links and date ranges councils write.
#![no_main]
libfuzzer_sys::fuzz_target!(|text: &str| {
    let _ = sightline_core::timescale::parse(text);
    let _ = sightline_core::plan::parse_recommendation_links(text);
    let _ = sightline_ingest::annex_a::parse_date_text(text);
});
