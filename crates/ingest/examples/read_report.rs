//! Reads reports and prints a line each: `cargo run --release -p sightline-ingest --example
//! read_report -- FILE.pdf…` (for profiling the reader outside the CLI).

fn main() {
    for arg in std::env::args().skip(1) {
        match sightline_ingest::ofsted::read(std::path::Path::new(&arg)) {
            Ok(r) => println!(
                "{}: {} recommendations",
                r.authority,
                r.recommendations.len()
            ),
            Err(e) => eprintln!("{e}"),
        }
    }
}
