//! `sightline db`: make a PostgreSQL database, and move an installation into one.

use clap::Subcommand;
use sightline_app::{Actor, Location, Sightline};
use sightline_core::access::Role;

use crate::output::Format;

/// `sightline db …`
#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Create the database given by --database (a postgres:// URL) if it does not exist, and
    /// bring its schema up to date; a SQLite file is created on first use.
    Create,
    /// Copy a SQLite installation into a new, empty PostgreSQL database, verifying every
    /// table by row count and checksum (admins: --role admin). Refuses a target that holds
    /// any row; a copy that does not verify leaves the target empty.
    Copy {
        /// The SQLite file, as sqlite:PATH or PATH.
        #[arg(long)]
        from: String,
        /// The PostgreSQL database, postgres://user:password@host:port/name (made if absent).
        #[arg(long)]
        to: String,
        /// Output format.
        #[arg(long, default_value = "table")]
        format: Format,
    },
}

/// Runs a `db` command against `database` (the --database location).
pub async fn run(
    database: &Location,
    actor: &Actor,
    role: Role,
    cmd: DbCommand,
) -> anyhow::Result<()> {
    match cmd {
        DbCommand::Create => {
            let (app, made) = Sightline::create(database).await?;
            println!(
                "{} {} ({}), schema up to date",
                if made { "Created" } else { "Already there:" },
                database.redacted(),
                app.backend()
            );
            Ok(())
        }
        DbCommand::Copy { from, to, format } => {
            let from = Location::parse(&from);
            let to = Location::parse(&to);
            if !matches!(from, Location::Sqlite(_)) || !matches!(to, Location::Postgres(_)) {
                anyhow::bail!(
                    "db copy goes from a SQLite file (--from sqlite:PATH) to a PostgreSQL \
                     database (--to postgres://…)"
                );
            }
            if let Location::Sqlite(path) = &from
                && !path.exists()
            {
                anyhow::bail!("{}: no such SQLite file", path.display());
            }
            let tables = Sightline::copy_installation(actor, role, &from, &to).await?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&tables)?),
                _ => {
                    println!("{:<24} {:>12}  checksum", "table", "rows");
                    for t in &tables {
                        println!("{:<24} {:>12}  {}", t.table, t.rows, t.checksum);
                    }
                    let rows: u64 = tables.iter().map(|t| t.rows).sum();
                    println!(
                        "Copied {} tables, {rows} rows, from {} to {}: every table's count and \
                         checksum read back the same.",
                        tables.len(),
                        from.redacted(),
                        to.redacted()
                    );
                }
            }
            Ok(())
        }
    }
}
