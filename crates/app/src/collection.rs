//! A collection: many authorities' monthly extracts under one folder, `ROOT/CODE/YYYY-MM/`
//! (as `sightline synth national` writes them), loaded into one shared database, each extract
//! as its authority's, in its own transaction (decision 0036). Authorities load side by side,
//! the largest first; one authority's months load oldest first; only the extracts being loaded
//! are in memory.

use std::path::{Path, PathBuf};

use jiff::civil::Date;
use serde::Serialize;
use sightline_store::Actor;

use crate::{Error, LoadAs, Result, Sightline};

/// One extract of a collection, found on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollectedExtract {
    /// The authority's DfE code (its folder's name).
    pub authority: i64,
    /// The month's last day (its folder's name, `YYYY-MM`).
    pub as_at: Date,
    /// The folder.
    pub path: PathBuf,
    /// The bytes of the files in it: how large a load it is, to schedule the largest first.
    pub bytes: u64,
}

/// What loading a collection did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CollectionLoad {
    /// Authorities with at least one extract loaded.
    pub authorities: usize,
    /// Extracts loaded, each with its figures.
    pub extracts: usize,
    /// Rows read across them.
    pub rows: usize,
    /// Rows rejected and kept.
    pub rejected: usize,
    /// Each extract that could not be loaded (nothing of it is kept), with why.
    pub failed: Vec<String>,
}

/// The extracts under `root`, by authority, each authority's oldest first; the authorities
/// with the most to load first (by their files' bytes, then by code), so that a large one is
/// never left loading alone at the end while the other workers sit idle.
///
/// # Errors
/// [`Error::Invalid`] naming the folder when `root` cannot be read, or a folder under it is
/// not an authority's code or a month.
pub fn collected(root: &Path, known: impl Fn(i64) -> bool) -> Result<Vec<Vec<CollectedExtract>>> {
    let unreadable = |p: &Path, e: std::io::Error| {
        Error::Invalid(format!(
            "{}: cannot be read as a collection: {e}",
            p.display()
        ))
    };
    let mut out = Vec::new();
    let mut codes: Vec<(i64, PathBuf)> = Vec::new();
    for entry in std::fs::read_dir(root).map_err(|e| unreadable(root, e))? {
        let entry = entry.map_err(|e| unreadable(root, e))?;
        let path = entry.path();
        if !path.is_dir() {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        let code = name
            .parse::<i64>()
            .ok()
            .filter(|c| known(*c))
            .ok_or_else(|| {
                Error::Invalid(format!(
                    "{}: expected a folder named by an authority's DfE code (856), then its \
                     months (2026-09)",
                    path.display()
                ))
            })?;
        codes.push((code, path));
    }
    codes.sort();
    for (code, dir) in codes {
        let mut months = Vec::new();
        for entry in std::fs::read_dir(&dir).map_err(|e| unreadable(&dir, e))? {
            let entry = entry.map_err(|e| unreadable(&dir, e))?;
            let path = entry.path();
            if !path.is_dir() {
                continue;
            }
            let name = entry.file_name().to_string_lossy().into_owned();
            let as_at = format!("{name}-01")
                .parse::<Date>()
                .ok()
                .filter(|_| name.len() == 7)
                .map(Date::last_of_month)
                .ok_or_else(|| {
                    Error::Invalid(format!(
                        "{}: expected a month's folder named YYYY-MM",
                        path.display()
                    ))
                })?;
            let mut bytes = 0;
            for file in std::fs::read_dir(&path).map_err(|e| unreadable(&path, e))? {
                let file = file.map_err(|e| unreadable(&path, e))?;
                // Followed through a link, as the load will read it.
                let meta = std::fs::metadata(file.path()).map_err(|e| unreadable(&path, e))?;
                if meta.is_file() {
                    bytes += meta.len();
                }
            }
            months.push(CollectedExtract {
                authority: code,
                as_at,
                path,
                bytes,
            });
        }
        months.sort_by_key(|m| m.as_at);
        if !months.is_empty() {
            out.push(months);
        }
    }
    out.sort_by_key(|months| {
        let bytes: u64 = months.iter().map(|m| m.bytes).sum();
        (
            std::cmp::Reverse(bytes),
            months.first().map(|m| m.authority),
        )
    });
    Ok(out)
}

impl Sightline {
    /// Loads every extract of the collection under `root` (`ROOT/CODE/YYYY-MM/`), each as its
    /// authority's, with `jobs` authorities loading at once; `progress` hears of each extract
    /// as it ends (its rows read, or why it failed). An extract that cannot be loaded leaves nothing behind and is reported;
    /// the others still load. Loading for several authorities is an analyst's or an admin's
    /// job, for an installation that serves none of them in particular.
    ///
    /// # Errors
    /// [`Error::Forbidden`] for a role that does not load data; [`Error::Invalid`] when the
    /// installation serves one authority, or the folders are not a collection.
    pub async fn load_collection(
        &self,
        actor: &Actor,
        role: sightline_core::access::Role,
        root: &Path,
        how: LoadAs,
        jobs: usize,
        progress: &(dyn Fn(&CollectedExtract, std::result::Result<usize, &Error>) + Sync),
    ) -> Result<CollectionLoad> {
        if !role.loads_data() {
            return Err(Error::Forbidden(
                "loading extracts is for analysts and admins",
            ));
        }
        if let Some(serves) = self.db.authority() {
            return Err(Error::Invalid(format!(
                "this installation serves authority {serves}: a collection of many authorities \
                 is loaded into a shared database that serves none in particular"
            )));
        }
        // A key that is missing or not the database's fails every extract alike: say so once.
        if how.pseudonymise {
            self.pseudonym_key(root).await?;
        }
        let collection = collected(root, |c| {
            u16::try_from(c).is_ok() && self.authority(&c.to_string()).is_ok()
        })?;
        let queue = std::sync::Mutex::new(collection.into_iter());
        let summary = std::sync::Mutex::new(CollectionLoad::default());
        let worker = || async {
            loop {
                let next = queue
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .next();
                let Some(months) = next else {
                    break;
                };
                let mut any = false;
                for m in months {
                    let app = self.for_authority(m.authority);
                    let loaded = app
                        .load_extract(actor, &m.path, Some(m.as_at), how, &|_, _| {})
                        .await;
                    let rows = loaded.map(|l| {
                        let read: usize = l.extract.lists.iter().map(|x| x.rows_read).sum();
                        let rejected: usize = l.extract.lists.iter().map(|x| x.rows_rejected).sum();
                        (read, rejected)
                    });
                    {
                        let mut s = summary
                            .lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner);
                        match &rows {
                            Ok((read, rejected)) => {
                                s.extracts += 1;
                                s.rows += read;
                                s.rejected += rejected;
                                any = true;
                            }
                            Err(e) => {
                                let e = e.to_string();
                                let at = m.path.display().to_string();
                                s.failed.push(if e.contains(&at) {
                                    e
                                } else {
                                    format!("{at}: {e}")
                                });
                            }
                        }
                    }
                    progress(&m, rows.as_ref().map(|(read, _)| *read));
                }
                if any {
                    summary
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .authorities += 1;
                }
            }
        };
        let workers: Vec<_> = (0..jobs.max(1)).map(|_| worker()).collect();
        futures_util::future::join_all(workers).await;
        Ok(summary
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_collection_is_read_by_authority_then_month_and_a_stray_folder_is_named() {
        let dir = tempfile::tempdir().expect("dir");
        for p in ["856/2026-02", "856/2025-12", "855/2026-01"] {
            std::fs::create_dir_all(dir.path().join(p)).expect("mkdir");
        }
        std::fs::write(dir.path().join("README.txt"), "not a folder").expect("file");
        // 856 has 50 bytes to load, 855 has 40: 856 is loaded first, its oldest month first.
        std::fs::write(dir.path().join("856/2026-02/list_1.csv"), [b'x'; 20]).expect("file");
        std::fs::write(dir.path().join("856/2025-12/list_1.csv"), [b'x'; 30]).expect("file");
        std::fs::write(dir.path().join("855/2026-01/list_1.csv"), [b'x'; 40]).expect("file");
        let found = collected(dir.path(), |c| c == 855 || c == 856).expect("collection");
        let seen: Vec<Vec<(i64, String)>> = found
            .iter()
            .map(|ms| {
                ms.iter()
                    .map(|m| (m.authority, m.as_at.to_string()))
                    .collect()
            })
            .collect();
        assert_eq!(
            found.iter().flatten().map(|m| m.bytes).collect::<Vec<_>>(),
            [30, 20, 40]
        );
        // Each month folder is read as its last day: February 2026 has 28 days.
        assert_eq!(
            seen,
            vec![
                vec![
                    (856, "2025-12-31".to_string()),
                    (856, "2026-02-28".to_string())
                ],
                vec![(855, "2026-01-31".to_string())],
            ]
        );
        std::fs::create_dir_all(dir.path().join("856/2024-13")).expect("mkdir");
        let e = collected(dir.path(), |c| c == 855 || c == 856)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            e.contains("2024-13: expected a month's folder named YYYY-MM"),
            "{e}"
        );
        std::fs::create_dir_all(dir.path().join("leicester")).expect("mkdir");
        let e = collected(dir.path(), |c| c == 855 || c == 856)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            e.contains("leicester: expected a folder named by an authority"),
            "{e}"
        );
        // A leap year's February ends on the 29th.
        let leap = tempfile::tempdir().expect("dir");
        std::fs::create_dir_all(leap.path().join("856/2028-02")).expect("mkdir");
        let found = collected(leap.path(), |c| c == 856).expect("collection");
        assert_eq!(found[0][0].as_at.to_string(), "2028-02-29");
    }
}
