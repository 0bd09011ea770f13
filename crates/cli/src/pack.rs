//! `sightline pack …`: board and scrutiny packs built, listed and downloaded again.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Subcommand;
use sightline_app::{Actor, Format as PackFormat, PackRequest, Sightline};
use sightline_core::access::Role;
use sightline_core::pack::Kind;

use crate::cli::FormatArg;
use crate::output::{Rows, emit};

/// `sightline pack <verb>`
#[derive(Debug, Subcommand)]
pub enum PackCommand {
    /// Build a pack for a meeting from the figures of a month, store it, and write it to
    /// --out (the format follows the extension: .docx, .pdf, .xlsx or .html).
    Build {
        /// improvement-board, scrutiny or cabinet.
        #[arg(long)]
        kind: Kind,
        /// The month whose figures it reports (YYYY-MM); an extract as at that month must be
        /// loaded.
        #[arg(long)]
        period: String,
        /// For publication: small numbers suppressed, no worker named, marked for publication.
        /// Without it the pack is OFFICIAL-SENSITIVE.
        #[arg(long)]
        public: bool,
        /// The file to write.
        #[arg(long)]
        out: PathBuf,
        /// The officer to contact, as printed (default: the director of children's services).
        #[arg(long)]
        contact: Option<String>,
        #[command(flatten)]
        format: FormatArg,
    },
    /// The stored packs (viewers: public ones only), newest first.
    List {
        #[command(flatten)]
        format: FormatArg,
    },
    /// Write a stored pack again, in any format, from the document stored when it was built.
    Download {
        /// The pack's id (from `pack list`).
        id: i64,
        /// The file to write (the format follows the extension).
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        format: FormatArg,
    },
}

/// Writes `bytes` to `path` whole or not at all: into a file beside it, then renamed over it.
pub(crate) fn write_whole(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(&dir)
        .with_context(|| format!("{}: cannot be written", path.display()))?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.flush())
        .with_context(|| format!("{}: cannot be written", path.display()))?;
    tmp.persist(path)
        .map_err(|e| anyhow::anyhow!("{}: cannot be written: {}", path.display(), e.error))?;
    Ok(())
}

pub async fn run(
    app: &Sightline,
    actor: &Actor,
    role: Role,
    cmd: PackCommand,
) -> anyhow::Result<()> {
    match cmd {
        PackCommand::Build {
            kind,
            period,
            public,
            out,
            contact,
            format,
        } => {
            let as_format = PackFormat::of_path(&out)?;
            let built = app
                .build_pack(
                    role,
                    actor,
                    &PackRequest {
                        kind,
                        period,
                        public,
                        contact,
                    },
                    as_format,
                )
                .await?;
            write_whole(&out, &built.bytes)?;
            let r = &built.record;
            let mut preamble = format!(
                "pack {}: {} for {} ({}), {} bytes written to {}\n  from extract {} (as at {}), \
                 definitions {}, {} commentary version(s), plan as known on {}\n  {} sha256 {}\n",
                r.id,
                r.kind,
                r.period,
                r.marking.words(),
                built.bytes.len(),
                out.display(),
                r.inputs.extract_id,
                r.inputs.extract_as_at,
                r.inputs.definition_version,
                r.inputs.commentary.len(),
                r.inputs.plan_as_at.as_deref().unwrap_or("(no plan)"),
                as_format.extension(),
                r.outputs.first().map_or("", |o| o.sha256.as_str()),
            );
            if !built.without_commentary.is_empty() {
                preamble.push_str(&format!(
                    "  {} exception(s) still without commentary for {}:\n",
                    built.without_commentary.len(),
                    r.period
                ));
                for (id, title, owner) in &built.without_commentary {
                    preamble.push_str(&format!("    {id} ({title}): ask {owner}\n"));
                }
            }
            emit(format.format, &built, &preamble, &Rows::default())
        }
        PackCommand::List { format } => {
            let packs = app.packs(role).await?;
            let mut rows = Rows::new(&[
                "id", "kind", "period", "marking", "built_by", "built_at", "extract", "sha256",
            ]);
            for p in &packs {
                rows.push(vec![
                    p.id.to_string(),
                    p.kind.to_string(),
                    p.period.clone(),
                    p.marking.as_str().to_string(),
                    p.built_by.clone(),
                    p.built_at.clone(),
                    p.inputs.extract_id.to_string(),
                    p.content_sha256.get(..12).unwrap_or("").to_string(),
                ]);
            }
            let preamble = if packs.is_empty() {
                "No pack has been built yet: `sightline pack build --kind scrutiny --period \
                 YYYY-MM --out pack.docx`.\n"
                    .to_string()
            } else {
                String::new()
            };
            emit(format.format, &packs, &preamble, &rows)
        }
        PackCommand::Download { id, out, format } => {
            let as_format = PackFormat::of_path(&out)?;
            let built = app.render_pack(role, id, as_format).await?;
            write_whole(&out, &built.bytes)?;
            let preamble = format!(
                "pack {id} ({} for {}, {}) written to {} ({} bytes)\n",
                built.record.kind,
                built.record.period,
                built.record.marking.words(),
                out.display(),
                built.bytes.len()
            );
            emit(format.format, &built.record, &preamble, &Rows::default())
        }
    }
}
