//! Where the tests find the real published documents they check against (Ofsted's reports,
//! its Annex A template, the messy sample): the folder `SIGHTLINE_TEST_DATA` names, else
//! `../shared/data` beside the checkout. A bare clone has neither: a test that needs them then
//! says it skipped and why, and passes, unless `SIGHTLINE_REQUIRE_TEST_DATA` is set (as
//! `.ci/run` sets it), when their absence fails the test.

use std::path::{Path, PathBuf};

/// The published file or folder `rel` (`ofsted-reports/leicester_2025-01-29.pdf`), or `None`
/// when it is not here and not required.
///
/// # Panics
/// When the file is missing and `SIGHTLINE_REQUIRE_TEST_DATA` is set.
pub fn data(rel: &str) -> Option<PathBuf> {
    let base = match std::env::var_os("SIGHTLINE_TEST_DATA") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"),
    };
    let path = base.join(rel);
    if path.exists() {
        return Some(path);
    }
    let why = format!(
        "{} is not here: set SIGHTLINE_TEST_DATA to a copy of shared/data, or clone beside \
         ../shared",
        path.display()
    );
    if std::env::var_os("SIGHTLINE_REQUIRE_TEST_DATA").is_some() {
        panic!("the published documents are required (SIGHTLINE_REQUIRE_TEST_DATA): {why}");
    }
    eprintln!("skipped: {why}");
    None
}
