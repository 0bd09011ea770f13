//! `sightline audits …`: practice audits of case files, for the catalogue's audit indicators.

use std::path::PathBuf;

use clap::Subcommand;
use sightline_app::{Actor, Sightline};
use sightline_core::access::Role;

use crate::cli::FormatArg;
use crate::output::{emit, finding_rows};

/// `sightline audits <verb>`
#[derive(Debug, Subcommand)]
pub enum AuditsCommand {
    /// Load case file audits (XLSX, XLS, ODS or CSV): child, date, team, worker, auditor, grade
    /// on Ofsted's four-point scale, theme, found by their header words. Children are
    /// pseudonymised as in extracts; an audit already held is not added again.
    Import {
        /// The audit tool's export.
        file: PathBuf,
        /// Read and check it, load nothing.
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        format: FormatArg,
    },
}

/// Runs an `audits` command.
pub async fn run(
    app: &Sightline,
    actor: &Actor,
    role: Role,
    cmd: AuditsCommand,
) -> anyhow::Result<()> {
    let AuditsCommand::Import {
        file,
        dry_run,
        format,
    } = cmd;
    let done = app
        .import_audits(role, actor, &file, jiff::Zoned::now().date(), dry_run)
        .await?;
    let loaded = if done.dry_run {
        format!(
            "{} audits would be loaded (dry run: nothing loaded)",
            done.read.audits.len()
        )
    } else {
        format!(
            "{} audits loaded, {} already held",
            done.loaded, done.already_held
        )
    };
    let head = format!(
        "{}: {} (header on row {}): {} rows read, {} refused; {loaded}\n",
        file.display(),
        done.read.sheet,
        done.read.header_row,
        done.read.rows_read,
        done.read.rows_rejected
    );
    emit(
        format.format,
        &done,
        &head,
        &finding_rows(&done.read.findings),
    )
}
