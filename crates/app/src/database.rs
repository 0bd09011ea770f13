//! The database itself: making a PostgreSQL database and moving an installation into it.

use sightline_core::access::Role;
use sightline_store::{Actor, TableCopy};

use crate::{Error, Location, Result, Sightline};

impl Sightline {
    /// Copies the installation in the SQLite file at `from` into `to`, a PostgreSQL database
    /// (made if absent, and refused unless empty), verified table by table by row count and
    /// checksum; then records the copy in the target's audit log. An administrator's job: the
    /// copy holds every record.
    ///
    /// # Errors
    /// [`Error::Forbidden`] for any other role (checked before either database is touched);
    /// [`Error::Store`] when the target is not empty, the schemas differ, a value cannot be
    /// read, or the copy does not verify (nothing is then kept in the target).
    pub async fn copy_installation(
        actor: &Actor,
        role: Role,
        from: &Location,
        to: &Location,
    ) -> Result<Vec<TableCopy>> {
        if role != Role::Admin {
            return Err(Error::Forbidden(
                "copying an installation needs the admin role",
            ));
        }
        let source = Sightline::at(from).await?;
        let (target, _) = Sightline::create(to).await?;
        let tables = source.db.copy_into(&target.db).await?;
        let rows: u64 = tables.iter().map(|t| t.rows).sum();
        target
            .db
            .note(
                actor,
                "database.copy",
                "installation",
                None,
                format!(
                    "copied from SQLite: {} tables, {rows} rows, each verified by count and \
                     checksum",
                    tables.len()
                ),
            )
            .await?;
        Ok(tables)
    }
}
