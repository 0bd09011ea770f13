//! A whole board pack (every indicator of the catalogue with its chart) built from the store
//! and rendered, in each format, on one thread: gathering the figures, commentary, plan,
//! journey and data quality through the disclosure layer, then writing the file. Target: under
//! 2 s each on one core. `taskset -c 0 cargo bench -p sightline-app --bench packs`; results in
//! BENCHMARKS.md.

use std::sync::OnceLock;

use sightline_app::{Actor, Format, PackRequest, Sightline};
use sightline_core::access::Role;
use sightline_core::pack::Kind;

fn main() {
    divan::main();
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime")
    })
}

/// The demo: a year of monthly extracts of 6,000 children, its plan, journey and targets.
fn demo() -> &'static Sightline {
    static APP: OnceLock<(Sightline, tempfile::TempDir)> = OnceLock::new();
    &APP.get_or_init(|| {
        let dir = tempfile::tempdir().expect("dir");
        let app = runtime().block_on(async {
            let app = Sightline::open(&dir.path().join("bench.db"))
                .await
                .expect("open")
                .with_secret_key(&"k".repeat(32))
                .expect("key");
            app.build_demo().await.expect("demo");
            app
        });
        (app, dir)
    })
    .0
}

fn build(format: Format, public: bool) -> usize {
    let app = demo();
    let period = runtime()
        .block_on(app.pack_periods())
        .expect("periods")
        .into_iter()
        .next()
        .expect("a month with an extract");
    runtime()
        .block_on(app.build_pack(
            Role::Analyst,
            &Actor("bench".into()),
            &PackRequest {
                kind: Kind::ImprovementBoard,
                period,
                public,
                contact: None,
            },
            format,
        ))
        .expect("pack")
        .bytes
        .len()
}

#[divan::bench(args = ["docx", "pdf", "xlsx", "html"], sample_count = 10)]
fn restricted(format: &str) -> usize {
    build(Format::from_extension(format).expect("format"), false)
}

#[divan::bench(args = ["docx", "pdf", "xlsx", "html"], sample_count = 10)]
fn public(format: &str) -> usize {
    build(Format::from_extension(format).expect("format"), true)
}
