//! Reads and checks an Annex A file or folder a number of times, printing each pass's time the
//! way `sightline annex-a check` does it (`check`: each file read, typed and let go in turn),
//! and then reading and checking apart (`read`, then `check_tables`): a harness for
//! `perf record` and `valgrind --tool=callgrind` on real or synthetic extracts.
//! `cargo run --release -p sightline-ingest --example annex_a_profile -- PATH [PASSES]`

use std::time::Instant;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: annex_a_profile PATH [PASSES]")?;
    let passes: usize = args.next().map_or(Ok(3), |p| p.parse())?;
    let path: &std::path::Path = path.as_ref();
    for _ in 0..passes {
        let t = Instant::now();
        let x = sightline_ingest::annex_a::check(path, None)?;
        let whole = t.elapsed();
        let rows: usize = x.lists.iter().map(|l| l.rows_read).sum();
        drop(x);
        let t = Instant::now();
        let tables = sightline_ingest::annex_a::read(path)?;
        let read = t.elapsed();
        let _ = sightline_ingest::annex_a::check_tables(&tables, None);
        let checked = t.elapsed() - read;
        println!(
            "{rows} rows: check {whole:.1?}, {:.0} rows/s; apart: read {read:.1?}, checked {checked:.1?}",
            rows as f64 / whole.as_secs_f64()
        );
    }
    Ok(())
}
