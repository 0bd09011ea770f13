//! `sightline`: the one binary. `main` parses the command line, runs the command and decides
//! the exit code: 0 on success, 1 when the operation failed, 2 for bad usage (clap's own).
#![forbid(unsafe_code)]

mod alliance;
mod annex_a;
mod audit;
mod authority;
mod cli;
mod database;
mod demo;
mod governance;
mod indicators;
mod inspection;
mod money;
mod output;
mod pack;
mod plan;
mod practice;
mod readiness;
mod self_evaluation;
mod token;
mod workforce;

use std::process::ExitCode;

use clap::Parser;

// Reading extracts allocates many small strings; mimalloc is much faster at that than the
// system allocator (BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    init_logging();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("sightline: cannot start: {e}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(cli::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sightline: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// Logs go to stderr, filtered by `SIGHTLINE_LOG` (default `warn,sqlx=warn`), so data on
/// stdout stays clean for pipes. Logs carry ids and counts, never personal data.
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("SIGHTLINE_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,sqlx=warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}
