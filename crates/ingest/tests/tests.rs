//! Integration tests of sightline-ingest against real published documents in `../shared/data`.

use std::path::{Path, PathBuf};

use sightline_core::inspection::{Area, Grade};
use sightline_ingest::{Error, ofsted};

mod reports;

fn shared(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data")
        .join(rel)
}

#[test]
fn leicester_2024_recommendations_are_whole_sentences() {
    let r = ofsted::read(&shared("ofsted-reports/leicester_2025-01-29.pdf")).expect("parses");
    assert_eq!(
        r.recommendations,
        [
            "The range and accuracy of information used by leaders to evaluate service \
             performance and the quality and impact of management oversight and supervision.",
            "The timeliness and robustness of responses to contacts and referrals.",
            "The quality and consistency of care plans and pathway plans.",
            "Arrangements to identify, safeguard and support the most vulnerable children in \
             care and care leavers, including children in unregistered children’s homes.",
            "Support for care leavers who may be more reluctant to accept help, including those \
             in custody and those facing homelessness.",
        ]
    );
}

#[test]
fn sif_sub_bullets_join_their_recommendation_and_sub_headings_are_dropped() {
    let r = ofsted::read(&shared("ofsted-reports/leicester_2015-03-20.pdf")).expect("parses");
    assert_eq!(
        r.recommendations[0],
        "Put into place an effective performance management framework; this to include: \
         comprehensive and reliable performance data; clear monitoring and quality assurance \
         arrangements; effective performance management of teams and individuals."
    );
    // Item 7 follows the sub-headings "Areas for improvement" and "Leadership and management".
    assert!(r.recommendations[6].starts_with("Ensure effective oversight and examination"));
    assert!(
        r.recommendations
            .iter()
            .all(|t| !t.contains("Quality of practice"))
    );
}

#[test]
fn a_recommendation_split_across_pages_is_joined() {
    // Kirklees: the fourth bullet ends on page 2 and the sixth starts on page 3.
    let r = ofsted::read(&shared("ofsted-reports/kirklees_2019-08-05.pdf")).expect("parses");
    assert_eq!(
        r.recommendations[5],
        "The completion of life-story work for children in care."
    );
}

#[test]
fn a_file_that_is_not_a_pdf_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let html = dir.path().join("report.pdf");
    std::fs::write(&html, "<!DOCTYPE html><html><body>Not found</body></html>").expect("write");
    let err = ofsted::read(&html).expect_err("HTML is not a PDF");
    assert!(matches!(err, Error::Pdf { .. }));
    let msg = err.to_string();
    assert!(
        msg.contains("report.pdf") && msg.contains("HTML page"),
        "{msg}"
    );

    let missing = dir.path().join("missing.pdf");
    let err = ofsted::read(&missing).expect_err("missing");
    assert!(matches!(err, Error::Io { .. }), "{err}");
}

#[test]
fn a_truncated_pdf_is_an_error_not_a_panic() {
    let bytes = std::fs::read(shared("ofsted-reports/bromley_2024-01-12.pdf")).expect("read");
    let dir = tempfile::tempdir().expect("temp dir");
    let cut = dir.path().join("cut.pdf");
    std::fs::write(&cut, &bytes[..bytes.len() / 3]).expect("write");
    assert!(ofsted::read(&cut).is_err());
}
