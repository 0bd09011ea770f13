//! Loading an Annex A extract: read and check, optionally pseudonymise child identifiers with
//! a keyed hash, and store everything in one transaction; then the data-quality report.

use std::collections::HashMap;
use std::path::Path;

use hmac::{Hmac, Mac};
use jiff::civil::Date;
use serde::Serialize;
use sha2::Sha256;
use sightline_core::annex_a::ListRead;
use sightline_core::annex_a::{Kind, normalise_header};
use sightline_ingest::annex_a::{Extract, Value};
use sightline_store::{Actor, ExtractSummary, FindingCount, FindingsBy, NewExtract, OwnedFinding};

use crate::disclosure::{self, Audience, Count};
use crate::{Error, Result, Sightline};

/// What a load stored.
#[derive(Debug, Clone, Serialize)]
pub struct Loaded {
    /// The extract's id.
    pub id: i64,
    /// What was read and checked (rows not repeated here).
    pub extract: Extract,
    /// Whether child identifiers were replaced by pseudonyms.
    pub pseudonymised: bool,
}

/// The data-quality report of one extract, with the trend across extracts.
#[derive(Debug, Clone, Serialize)]
pub struct QualityReport {
    /// The extract.
    pub extract: ExtractSummary,
    /// Per list: read, accepted, rejected.
    pub lists: Vec<ListRead>,
    /// Errors and warnings by list and rule.
    pub by_rule: Vec<FindingCount>,
    /// Errors and warnings by allocated team and worker (team only for an aggregate
    /// audience): bad data has owners.
    pub by_owner: Vec<OwnerCount>,
    /// Every extract, newest first: the trend.
    pub trend: Vec<ExtractSummary>,
    /// What in the extract's figures cannot be right, or needs a second look.
    pub sense: Vec<sightline_core::indicator::sense::SenseCheck>,
}

/// Findings counted for one owner (a team, or a team and worker), as the reader may see
/// them.
#[derive(Debug, Clone, Serialize)]
pub struct OwnerCount {
    /// `team` or `team / worker`.
    pub key: String,
    /// Errors.
    pub errors: Count,
    /// Warnings.
    pub warnings: Count,
}

/// How to load an extract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LoadAs {
    /// Replace child identifiers by a keyed hash (needs the secret key).
    pub pseudonymise: bool,
    /// The user says the extract holds only some lists.
    pub partial: bool,
}

impl LoadAs {
    /// A whole extract, pseudonymised.
    pub fn pseudonymised() -> Self {
        LoadAs {
            pseudonymise: true,
            partial: false,
        }
    }

    /// A whole extract with the council's own identifiers.
    pub fn raw() -> Self {
        LoadAs::default()
    }
}

/// A keyed hash of an identifier: the same ID gives the same pseudonym in every list and every
/// extract of this installation, and the ID cannot be recovered without the secret.
pub fn pseudonym(secret: &[u8], id: &str) -> String {
    let mut mac =
        <Hmac<Sha256> as Mac>::new_from_slice(secret).expect("HMAC takes a key of any length");
    mac.update(id.trim().as_bytes());
    let bytes = mac.finalize().into_bytes();
    let mut out = String::with_capacity(2 + 24);
    out.push_str("p-");
    out.push_str(&hex::encode(&bytes[..12]));
    out
}

/// What the pseudonymisation key is checked against (see `same_pseudonym_key`).
const KEY_CHECK: &str = "sightline key check";

pub(crate) fn new_secret() -> String {
    let mut buf = [0u8; 32];
    // Without an OS random source there is no safe secret; fail loudly rather than weakly.
    getrandom::fill(&mut buf).expect("the operating system provides random bytes");
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

/// A row of a list in a sheet: (list, sheet, row).
type RowKey = (u8, String, u32);
/// Allocated team and worker.
type Owner = (Option<String>, Option<String>);

impl Sightline {
    /// Reads, checks and stores an extract in one transaction. With `pseudonymise`, every
    /// identifier column (and any finding about one) holds a keyed hash, never the raw ID.
    ///
    /// # Errors
    /// [`Error::Ingest`] when the input cannot be read (nothing is stored); store errors
    /// (nothing is stored either: the load is all or nothing).
    pub async fn load_extract(
        &self,
        actor: &Actor,
        path: &Path,
        as_at: Option<Date>,
        how: LoadAs,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<Loaded> {
        let LoadAs {
            pseudonymise,
            partial,
        } = how;
        let mut extract = sightline_ingest::annex_a::check(path, as_at)?;
        if extract.lists.is_empty() {
            return Err(Error::Invalid(format!(
                "{}: no Annex A list was found, so nothing was loaded",
                path.display()
            )));
        }
        let rows_read: usize = extract.lists.iter().map(|l| l.rows_read).sum();
        if rows_read == 0 {
            return Err(Error::Invalid(format!(
                "{}: the lists hold headers but no rows, so nothing was loaded",
                path.display()
            )));
        }
        // An extract missing lists would read as zeros for everything they count: it is
        // refused unless the user says it is partial, and then only its own lists' figures
        // are stored (the others stay with the last complete extract).
        let missing: Vec<String> = sightline_core::annex_a::LISTS
            .iter()
            .filter(|l| !extract.lists.iter().any(|r| r.list == l.number))
            .map(|l| format!("{} ({})", l.number, l.name))
            .collect();
        if !missing.is_empty() && !partial {
            return Err(Error::Invalid(format!(
                "{}: lists {} are missing, so nothing was loaded. An extract holds all eleven \
                 lists; to load these lists alone, say it is partial (--partial): the figures \
                 of the missing lists then stay with the last complete extract",
                path.display(),
                missing.join(", ")
            )));
        }
        // An installation's extracts are all pseudonymised or all not: a mix would put raw
        // identifiers beside pseudonyms, and joins across extracts would silently fail.
        let earlier = self.db.extracts().await?;
        if let Some(e) = earlier.iter().find(|e| e.pseudonymised != pseudonymise) {
            return Err(Error::Invalid(if e.pseudonymised {
                format!(
                    "{}: this database's extracts are pseudonymised (extract {} and others), so \
                     raw child identifiers cannot be loaded beside them; nothing was loaded. \
                     Load with --pseudonymise",
                    path.display(),
                    e.id
                )
            } else {
                format!(
                    "{}: this database's extracts hold the council's own child identifiers \
                     (extract {} and others), so a pseudonymised extract cannot be loaded beside \
                     them; nothing was loaded. Load without --pseudonymise, or use a new database",
                    path.display(),
                    e.id
                )
            }));
        }
        let secret = if pseudonymise {
            Some(self.pseudonym_key(path).await?)
        } else {
            None
        };
        let hide = |v: &str| match &secret {
            Some(s) => pseudonym(s, v),
            None => v.to_string(),
        };
        // Identifiers are pseudonymised in the rows themselves, so what is kept never holds the
        // council's own; the owners of each row with findings are noted for them (only those:
        // a few thousand rows, not every row of the extract).
        // The council's own child identifier is kept beside its pseudonym only sealed, for the
        // roles that must find the child in the case system.
        let with_findings: std::collections::HashSet<(u8, &str, u32)> = extract
            .findings
            .iter()
            .filter_map(|f| f.list.map(|l| (l, f.sheet.as_str(), f.row)))
            .collect();
        let mut owners: HashMap<RowKey, Owner> = HashMap::new();
        let mut sealed: HashMap<String, String> = HashMap::new();
        // A child the authority has seen before is sealed already: only new ones are sealed.
        let known = match &secret {
            Some(_) => self.db.sealed_pseudonyms().await?,
            None => std::collections::HashSet::new(),
        };
        let mut total = 0;
        for l in &mut extract.lists {
            let spec = &sightline_core::annex_a::LISTS[usize::from(l.list - 1)];
            let owner = spec.owner_columns();
            for r in &mut l.records {
                if let Some(key) = &secret {
                    let own = r.child_id().map(str::to_owned);
                    for (c, v) in spec.columns.iter().zip(r.values.iter_mut()) {
                        if let (Kind::Id, Value::Text(t)) = (c.kind, &*v) {
                            *v = Value::Text(hide(t).into());
                        }
                    }
                    if let Some(own) = own {
                        // The child's column was an identifier, hidden just above: its
                        // pseudonym is not worked out a second time.
                        let p = match (spec.columns.first().map(|c| c.kind), r.child_id()) {
                            (Some(Kind::Id), Some(p)) => p.to_owned(),
                            _ => hide(&own),
                        };
                        if !known.contains(&p) {
                            sealed
                                .entry(p)
                                .or_insert_with(|| crate::sealed::seal(key, &own));
                        }
                    }
                }
                if with_findings.contains(&(l.list, l.source.as_str(), r.row)) {
                    owners.insert((l.list, l.source.clone(), r.row), owner.of(r));
                }
                total += 1;
            }
        }
        let id_headers: Vec<String> = sightline_core::annex_a::LISTS
            .iter()
            .flat_map(|l| l.columns.iter())
            .filter(|c| c.kind == Kind::Id)
            .map(|c| normalise_header(c.header))
            .collect();
        if secret.is_some() {
            for f in &mut extract.findings {
                let about_id = f
                    .column
                    .as_deref()
                    .is_some_and(|c| id_headers.contains(&normalise_header(c)));
                if about_id && let Some(v) = &f.value {
                    f.value = Some(hide(v));
                }
            }
        }
        let findings = extract
            .findings
            .iter()
            .map(|f| {
                let (team, worker) = f
                    .list
                    .and_then(|l| owners.get(&(l, f.sheet.clone(), f.row)))
                    .cloned()
                    .unwrap_or((None, None));
                OwnedFinding {
                    finding: f.clone(),
                    team,
                    worker,
                }
            })
            .collect();
        // The figures are computed from the accepted rows before anything is stored, and stored
        // in the same transaction as the extract: a load is all of it or none, so a retry after
        // a failure never makes a second copy. The rows move into the computation and are let
        // go after it.
        let settings = self.indicator_settings().await?;
        let present: Vec<u8> = extract.lists.iter().map(|l| l.list).collect();
        let figures = {
            let mut accepted = sightline_core::indicator::ExtractRows::new(extract.as_at);
            for l in &extract.lists {
                for r in l.records.iter().filter(|r| !r.rejected) {
                    accepted.push(l.list, r.clone());
                }
            }
            self.figures_of(&accepted, &settings, &present)
        };
        let mut new = NewExtract {
            source: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string()),
            as_at: extract.as_at,
            pseudonymised: secret.is_some(),
            lists: std::mem::take(&mut extract.lists),
            findings,
            sealed_ids: sealed.into_iter().collect(),
            figures: Some(figures),
        };
        let id = self
            .db
            .save_extract(actor, &new, &|n| progress(n, total))
            .await?;
        tracing::info!(extract = id, rows = total, "extract loaded");
        // The lists come back without their rows: they are stored, and child-level.
        extract.lists = std::mem::take(&mut new.lists)
            .into_iter()
            .map(|l| ListRead {
                records: Vec::new(),
                ..l
            })
            .collect();
        Ok(Loaded {
            id,
            extract,
            pseudonymised: secret.is_some(),
        })
    }

    /// The data-quality report of an extract (`None`: the latest).
    ///
    /// # Errors
    /// [`Error::Invalid`] when no extract has been loaded or the id is unknown.
    pub async fn quality_report(
        &self,
        audience: Audience,
        extract: Option<i64>,
    ) -> Result<QualityReport> {
        let trend = self.db.extracts().await?;
        let chosen = match extract {
            Some(id) => trend.iter().find(|e| e.id == id),
            None => trend.first(),
        }
        .cloned()
        .ok_or_else(|| {
            Error::Invalid(match extract {
                Some(id) => format!("there is no extract {id}"),
                None => {
                    "no extract has been loaded yet: load one with `sightline annex-a load FILE`"
                        .into()
                }
            })
        })?;
        let sense = self.sense_checks(audience, chosen.id).await?;
        Ok(QualityReport {
            sense,
            lists: self.db.extract_lists(chosen.id).await?,
            by_rule: self.db.finding_counts(chosen.id, FindingsBy::Rule).await?,
            by_owner: self.owner_counts(audience, chosen.id).await?,
            extract: chosen,
            trend,
        })
    }
}

/// An extract's figures as the cross-extract sense checks read them.
fn extracted(
    as_at: Date,
    figures: &[sightline_core::indicator::ExtractFigure],
) -> sightline_core::indicator::sense::Extracted<'_> {
    sightline_core::indicator::sense::Extracted {
        as_at,
        figures: figures
            .iter()
            .map(|f| {
                let o = &f.observation;
                (o.id, o.period.as_str(), o.partial, o.numerator)
            })
            .collect(),
    }
}

impl Sightline {
    /// The sense checks of an extract's headline figures against each other and England's. For
    /// an aggregate audience, no check about a suppressed figure is given (it would carry the
    /// figure).
    async fn sense_checks(
        &self,
        audience: Audience,
        extract: i64,
    ) -> Result<Vec<sightline_core::indicator::sense::SenseCheck>> {
        use sightline_core::indicator::{self, sense};
        let figures = self.db.figures(extract).await?;
        let headlines: Vec<sense::Headline<'_>> = figures
            .iter()
            .map(|f| &f.observation)
            .filter(|o| o.period == "window" || o.period == "as-at")
            .filter_map(|o| {
                Some(sense::Headline {
                    definition: indicator::definition(o.id)?,
                    value: o.value,
                    numerator: o.numerator,
                    denominator: o.denominator,
                })
            })
            .collect();
        let mut known = sightline_ingest::benchmarks::shipped()?;
        known.extend(self.db.benchmarks(None).await?);
        // England's latest figure, as the scorecard shows it beside each indicator.
        let england: Vec<(&str, f64)> = headlines
            .iter()
            .filter_map(|h| {
                let b = crate::indicator::shown_benchmarks(h.definition.id, None, &known)
                    .into_iter()
                    .find(|b| b.benchmark.level == sightline_core::benchmark::Level::National)?;
                Some((h.definition.id, b.benchmark.value?))
            })
            .collect();
        let small = i64::from(self.indicator_settings().await?.small_number);
        let mut found = sense::checks(&headlines, &england);
        if audience == Audience::Aggregate {
            found.retain(|c| {
                c.indicators.iter().all(|id| {
                    headlines
                        .iter()
                        .filter(|h| h.definition.id == *id)
                        .all(|h| {
                            sightline_core::disclosure::primary(
                                small,
                                sightline_core::disclosure::Counts {
                                    unit: h.definition.unit,
                                    numerator: h.numerator,
                                    denominator: h.denominator,
                                },
                            )
                            .is_none()
                        })
                })
            });
        }
        // Across this extract and the one before it: the stock reconciles, and the months both
        // cover agree.
        let extracts = self.db.extracts().await?;
        let this = extracts.iter().find(|e| e.id == extract);
        let previous = this.and_then(|t| {
            extracts
                .iter()
                .filter(|e| e.as_at < t.as_at)
                .max_by_key(|e| (e.as_at.clone(), e.id))
        });
        if let (Some(t), Some(p)) = (this, previous)
            && let (Ok(t_at), Ok(p_at)) = (t.as_at.parse(), p.as_at.parse())
        {
            let before = self.db.figures(p.id).await?;
            let mut more = sense::across(&extracted(p_at, &before), &extracted(t_at, &figures));
            // And child by child: the same child on the same date in both, over the months
            // both cover whole (from the later window's second month to the earlier as-at).
            let from = t_at
                .saturating_sub(jiff::Span::new().months(4))
                .first_of_month();
            if from < p_at {
                for (list, header, what) in [
                    (1, "Date of Contact", "contacts"),
                    (3, "Date of referral", "referrals"),
                    (4, "Continuous Assessment Start Date", "assessments started"),
                    (
                        7,
                        "Child Protection Plan Start Date",
                        "child protection plans started",
                    ),
                    (
                        8,
                        "Date Started to be Looked After",
                        "episodes of care started",
                    ),
                ] {
                    let (gone, new) = self
                        .db
                        .events_compared(p.id, t.id, list, header, from, p_at)
                        .await?;
                    more.extend(sense::same_children_and_events(
                        what, from, p_at, p_at, t_at, gone, new,
                    ));
                }
            }
            if audience == Audience::Aggregate {
                more.retain(|c| c.counts.iter().all(|n| !(1..=small).contains(n)));
            }
            found.extend(more);
        }
        Ok(found)
    }

    /// Findings by owner as `audience` may see them: by team and worker for roles allowed
    /// child-level data; by team, with small counts suppressed, for everyone else.
    async fn owner_counts(&self, audience: Audience, extract: i64) -> Result<Vec<OwnerCount>> {
        let by = if audience.sees_workers() {
            FindingsBy::TeamAndWorker
        } else {
            FindingsBy::Team
        };
        let counts = self.db.finding_counts(extract, by).await?;
        let small = i64::from(self.indicator_settings().await?.small_number);
        Ok(disclosure::owner_counts(audience, small, &counts))
    }

    /// An extract's findings, filtered by list, rule, team and worker (at most 500). A
    /// finding's value can be a child's data, so only roles allowed child-level data get them.
    ///
    /// # Errors
    /// [`Error::Forbidden`] for a viewer; store errors.
    pub async fn findings(
        &self,
        role: sightline_core::access::Role,
        extract: i64,
        filter: &sightline_store::FindingFilter,
    ) -> Result<Vec<sightline_store::StoredFinding>> {
        role.child_level().ok_or(Error::Forbidden(
            "findings name rows and values: they are for analysts, managers and admins",
        ))?;
        Ok(self.db.findings(extract, filter, 500).await?)
    }
}

impl Sightline {
    /// The pseudonymisation key for a load from `path`: configured outside the database, and
    /// the same key the database's first pseudonymised load used.
    ///
    /// # Errors
    /// [`Error::Invalid`] when no key is configured or it is not the database's key.
    pub(crate) async fn pseudonym_key(&self, path: &Path) -> Result<Vec<u8>> {
        // The key is never kept in the database: anyone holding the file could otherwise
        // recompute every pseudonym from a list of candidate identifiers.
        let key = self.secret_key.as_ref().ok_or_else(|| {
            Error::Invalid(format!(
                "{}: pseudonymising needs a secret key kept outside the database \
                 (SIGHTLINE_SECRET_KEY, or secret_key in the serve config; at least 32 \
                 characters, e.g. `openssl rand -hex 32`); nothing was loaded",
                path.display()
            ))
        })?;
        // The pseudonyms of every extract must come from one key, or joins across extracts
        // silently break: remember a check value of the first key used and refuse another.
        let check = pseudonym(key.as_bytes(), KEY_CHECK);
        if !self.db.same_pseudonym_key(&check).await? {
            return Err(Error::Invalid(
                "this database's child identifiers were pseudonymised with a different secret \
                 key; loading with this one would break joins across extracts, so nothing was \
                 loaded. Use the key configured when the first extract was loaded \
                 (`secret_key` in the config file or SIGHTLINE_SECRET_KEY)"
                    .into(),
            ));
        }
        Ok(key.as_bytes().to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::pseudonym;

    #[test]
    fn pseudonyms_are_stable_keyed_and_hide_the_id() {
        let a = pseudonym(b"secret-one", "9212044");
        assert_eq!(a, pseudonym(b"secret-one", " 9212044 "));
        assert_ne!(a, pseudonym(b"secret-two", "9212044"));
        assert_ne!(a, pseudonym(b"secret-one", "9212045"));
        assert!(!a.contains("9212044"));
        assert_eq!(a.len(), 2 + 24);
    }
}
