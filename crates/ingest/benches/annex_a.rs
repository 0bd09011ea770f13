//! Reading and checking a large synthetic Annex A extract (at least 250,000 rows across the
//! lists), from XLSX and from CSV, on one thread. `cargo bench -p sightline-ingest --bench
//! annex_a`; results in BENCHMARKS.md.

use std::path::PathBuf;
use std::sync::OnceLock;

use sightline_synth::annex_a::{Messy, Settings, generate, write_csv_dir, write_xlsx};

// The allocator the `sightline` binary uses.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

struct Files {
    _dir: tempfile::TempDir,
    xlsx: PathBuf,
    csv: PathBuf,
    rows: usize,
}

fn files() -> &'static Files {
    static FILES: OnceLock<Files> = OnceLock::new();
    FILES.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let tables = generate(Settings {
            children: 100_000,
            seed: 1,
            as_at: jiff::civil::date(2024, 1, 15),
            messy: Messy::Some,
        });
        let rows = tables.iter().map(|t| t.rows.len()).sum();
        let xlsx = dir.path().join("extract.xlsx");
        let csv = dir.path().join("csv");
        write_xlsx(&tables, &xlsx).expect("xlsx");
        write_csv_dir(&tables, &csv).expect("csv");
        eprintln!("synthetic extract: {rows} rows");
        Files {
            _dir: dir,
            xlsx,
            csv,
            rows,
        }
    })
}

#[divan::bench(sample_count = 3)]
fn check_xlsx(bencher: divan::Bencher) {
    let f = files();
    bencher
        .counter(divan::counter::ItemsCount::new(f.rows))
        .bench(|| sightline_ingest::annex_a::check(&f.xlsx, None).expect("reads"));
}

#[divan::bench(sample_count = 3)]
fn check_csv(bencher: divan::Bencher) {
    let f = files();
    bencher
        .counter(divan::counter::ItemsCount::new(f.rows))
        .bench(|| sightline_ingest::annex_a::check(&f.csv, None).expect("reads"));
}

/// The checks alone, on tables read once: what reading costs is the rest of `check_csv`.
#[divan::bench(sample_count = 3)]
fn check_tables_only(bencher: divan::Bencher) {
    let f = files();
    let tables = sightline_ingest::annex_a::read(&f.csv).expect("reads");
    bencher
        .counter(divan::counter::ItemsCount::new(f.rows))
        .bench(|| sightline_ingest::annex_a::check_tables(&tables, None));
}
