//! Writes the seed 002 action plan (Leicestershire, March 2017), typed in, as an XLSX:
//! `cargo run -p sightline-ingest --example seed_002_workbook -- docs/examples/seed-002-action-plan.xlsx`

#[path = "../tests/seed_plan.rs"]
mod seed_plan;

fn main() {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "seed-002-action-plan.xlsx".into());
    seed_plan::write(seed_plan::SEED_002, std::path::Path::new(&out), 0);
    println!("wrote {out}");
}
