//! The Ofsted report parser on arbitrary page text (pages split on form feeds).
#![no_main]
libfuzzer_sys::fuzz_target!(|text: &str| {
    let pages: Vec<String> = text.split('\x0c').map(str::to_string).collect();
    let _ = sightline_ingest::ofsted::parse_pages(&pages);
});
