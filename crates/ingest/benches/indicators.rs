//! Computing the whole indicator catalogue, with breakdowns, for a large synthetic authority
//! (at least 250,000 rows across the lists), on one thread. Target: under 200 ms.
//! `cargo bench -p sightline-ingest --bench indicators`; results in BENCHMARKS.md.

use std::sync::OnceLock;

use sightline_core::indicator::{ExtractRows, Settings, compute};
use sightline_synth::annex_a::{Messy, generate, write_csv_dir};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

fn rows() -> &'static ExtractRows {
    static ROWS: OnceLock<ExtractRows> = OnceLock::new();
    ROWS.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let tables = generate(sightline_synth::annex_a::Settings {
            children: 100_000,
            seed: 1,
            as_at: jiff::civil::date(2024, 1, 15),
            messy: Messy::Some,
        });
        write_csv_dir(&tables, dir.path()).expect("csv");
        let e = sightline_ingest::annex_a::check(dir.path(), None).expect("reads");
        let mut x = ExtractRows::new(e.as_at);
        for l in e.lists {
            for r in l.records {
                x.push(l.list, r);
            }
        }
        eprintln!("synthetic extract: {} accepted rows", x.len());
        x
    })
}

#[divan::bench(sample_count = 10)]
fn catalogue_with_breakdowns(bencher: divan::Bencher) {
    let x = rows();
    let calendar = sightline_ingest::reference::calendar().expect("calendar");
    let settings = Settings {
        population: Some(300_000),
        ..Settings::default()
    };
    bencher
        .counter(divan::counter::ItemsCount::new(x.len()))
        .bench(|| compute(x, &settings, &calendar, true));
}

#[divan::bench(sample_count = 10)]
fn catalogue_without_breakdowns(bencher: divan::Bencher) {
    let x = rows();
    let calendar = sightline_ingest::reference::calendar().expect("calendar");
    let settings = Settings::default();
    bencher
        .counter(divan::counter::ItemsCount::new(x.len()))
        .bench(|| compute(x, &settings, &calendar, false));
}
