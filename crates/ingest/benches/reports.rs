//! How long a published report takes to read: text extraction plus parsing, one thread.
//! Run with `cargo bench -p sightline-ingest`; results are recorded in BENCHMARKS.md.

use std::path::PathBuf;

fn main() {
    divan::main();
}

/// The published reports (`SIGHTLINE_TEST_DATA`, else `../shared/data`); none, with a line
/// saying so, in a bare clone.
fn reports() -> Vec<PathBuf> {
    let Some(dir) = sightline_synth::published::data("ofsted-reports") else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "pdf"));
    files.sort();
    files
}

fn names() -> Vec<String> {
    reports()
        .iter()
        .filter_map(|p| p.file_name().map(|f| f.to_string_lossy().into_owned()))
        .collect()
}

/// One report, extracted and parsed.
#[divan::bench(args = names(), sample_count = 10)]
fn parse_report(bencher: divan::Bencher, name: &str) {
    let path = reports()
        .into_iter()
        .find(|p| p.ends_with(name))
        .expect("the report exists");
    let bytes = std::fs::read(&path).expect("readable");
    bencher.bench_local(|| {
        let pages = sightline_ingest::ofsted::extract_pages(&path, divan::black_box(&bytes))
            .expect("extracts");
        sightline_ingest::ofsted::parse_pages(&pages).expect("parses")
    });
}

/// The parsing step alone (text already extracted), over all 25 reports.
#[divan::bench(sample_count = 20)]
fn parse_text_of_all_reports(bencher: divan::Bencher) {
    let pages: Vec<Vec<String>> = reports()
        .iter()
        .map(|p| {
            let bytes = std::fs::read(p).expect("readable");
            sightline_ingest::ofsted::extract_pages(p, &bytes).expect("extracts")
        })
        .collect();
    bencher.bench_local(|| {
        for p in &pages {
            divan::black_box(sightline_ingest::ofsted::parse_pages(p).expect("parses"));
        }
    });
}
