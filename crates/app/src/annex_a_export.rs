//! A loaded extract written back in Ofsted's Annex A template layout (issue 18, decision
//! 0034): what a council hands Ofsted on the first day of an inspection.

use std::collections::HashMap;

use serde::Serialize;
use sightline_core::access::Role;
use sightline_report::annex_a::{Row, Written, workbook};
use sightline_store::{Actor, FindingFilter};

use crate::{Error, Result, Sightline};

/// The workbook and what it holds.
#[derive(Debug, Clone, Serialize)]
pub struct AnnexAExport {
    /// The extract written.
    pub extract_id: i64,
    /// Rows under each list, and on the rejected sheet.
    pub written: Written,
    /// How children are identified: `pseudonymised`, `council` (the council's own) or `as
    /// loaded` (an extract loaded without pseudonymising).
    pub ids: &'static str,
    /// The workbook.
    #[serde(skip)]
    pub bytes: Vec<u8>,
}

impl Sightline {
    /// Writes a stored extract (default: the latest) in the template's layout, its rejected
    /// rows on their own sheet with why. Children keep their pseudonyms unless `own_ids`, which
    /// opens the council's own identifiers (sealed beside them when loaded). Audited, as every
    /// release of child-level data.
    ///
    /// # Errors
    /// [`Error::Forbidden`] for a role without child-level data; [`Error::Invalid`] for an
    /// unknown extract, or `own_ids` without the key or for an extract loaded without
    /// pseudonymising (its identifiers are the council's already); store errors.
    pub async fn export_annex_a(
        &self,
        role: Role,
        actor: &Actor,
        extract: Option<i64>,
        own_ids: bool,
    ) -> Result<AnnexAExport> {
        if role.child_level().is_none() {
            return Err(Error::Forbidden(
                "the Annex A lists are child-level data: managers, analysts and admins only",
            ));
        }
        let id = self.extract_or_latest(extract).await?;
        let summary = self
            .db
            .extracts()
            .await?
            .into_iter()
            .find(|e| e.id == id)
            .ok_or_else(|| Error::Invalid(format!("there is no extract {id}")))?;
        let (_, rows) = self.db.extract_rows(id).await?;
        // Why each rejected row was rejected: its error findings, by list and row.
        let mut why: HashMap<(u8, u32), Vec<String>> = HashMap::new();
        for f in self
            .db
            .findings(id, &FindingFilter::default(), u32::MAX)
            .await?
            .into_iter()
            .filter(|f| f.severity == "error")
        {
            if let (Some(list), Ok(row)) = (f.list, u32::try_from(f.row)) {
                why.entry((list, row)).or_default().push(match &f.column {
                    Some(c) => format!("{c}: {}", f.message),
                    None => f.message.clone(),
                });
            }
        }
        let opened: HashMap<String, String> = if own_ids {
            if !summary.pseudonymised {
                return Err(Error::Invalid(format!(
                    "extract {id} was loaded without pseudonymising: its identifiers are the \
                     council's own already; export without --own-ids"
                )));
            }
            let key = self.secret_key.as_ref().ok_or_else(|| {
                Error::Invalid(
                    "opening the council's own identifiers needs the secret key they were sealed \
                     with (SIGHTLINE_SECRET_KEY)"
                        .into(),
                )
            })?;
            self.db
                .sealed_child_ids(id)
                .await?
                .into_iter()
                .filter_map(|(p, sealed)| Some((p, crate::sealed::open(key.as_bytes(), &sealed)?)))
                .collect()
        } else {
            HashMap::new()
        };
        let missing = std::sync::atomic::AtomicUsize::new(0);
        let child_id = |stored: &str| match (own_ids, opened.get(stored)) {
            (true, Some(own)) => own.clone(),
            (true, None) => {
                missing.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                stored.to_string()
            }
            (false, _) => stored.to_string(),
        };
        let to_write: Vec<Row<'_>> = rows
            .iter()
            .map(|(list, record)| Row {
                list: *list,
                record,
                why: record.rejected.then(|| {
                    why.get(&(*list, record.row))
                        .map(|w| w.join("; "))
                        .unwrap_or_else(|| "rejected when loaded".into())
                }),
            })
            .collect();
        let (bytes, written) = workbook(&to_write, &child_id).map_err(|e| {
            Error::Invalid(format!("the Annex A workbook could not be written: {e}"))
        })?;
        if missing.into_inner() > 0 {
            return Err(Error::Invalid(
                "some of the council's own identifiers could not be opened with this key (sealed \
                 with another); nothing was written"
                    .into(),
            ));
        }
        let ids = match (own_ids, summary.pseudonymised) {
            (true, _) => "council",
            (false, true) => "pseudonymised",
            (false, false) => "as loaded",
        };
        self.db
            .note(
                actor,
                "annex_a.export",
                "extracts",
                Some(id),
                format!(
                    "extract {id} written in the template layout ({} rows, {} rejected; ids {ids})",
                    written.rows.iter().sum::<usize>(),
                    written.rejected
                ),
            )
            .await?;
        Ok(AnnexAExport {
            extract_id: id,
            written,
            ids,
            bytes,
        })
    }
}
