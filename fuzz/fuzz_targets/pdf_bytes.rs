//! PDF text extraction on arbitrary bytes after a PDF header: an error, never a crash.
#![no_main]
libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let mut pdf = b"%PDF-1.4\n".to_vec();
    pdf.extend_from_slice(bytes);
    let _ = sightline_ingest::ofsted::extract_pages(std::path::Path::new("fuzz.pdf"), &pdf);
});
