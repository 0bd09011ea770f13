//! Reads and checks an Annex A file or folder a number of times, printing each pass's reading
//! and checking time: a harness for `perf record` on real or synthetic extracts.
//! `cargo run --release -p sightline-ingest --example annex_a_profile -- PATH [PASSES]`

use std::time::Instant;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: annex_a_profile PATH [PASSES]")?;
    let passes: usize = args.next().map_or(Ok(3), |p| p.parse())?;
    for _ in 0..passes {
        let t = Instant::now();
        let tables = sightline_ingest::annex_a::read(path.as_ref())?;
        let read = t.elapsed();
        let x = sightline_ingest::annex_a::check_tables(&tables, None);
        let checked = t.elapsed() - read;
        let rows: usize = x.lists.iter().map(|l| l.rows_read).sum();
        println!(
            "{rows} rows: read {read:.1?}, checked {checked:.1?}, {:.0} rows/s",
            rows as f64 / (read + checked).as_secs_f64()
        );
    }
    Ok(())
}
