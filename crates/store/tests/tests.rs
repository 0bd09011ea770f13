//! Store tests on SQLite: migrations, WAL, idempotent and atomic writes, the audit log.

use jiff::civil::date;
use sightline_core::authority::LaCode;
use sightline_core::inspection::{
    Addressee, Area, Framework, Grade, Inspection, InspectionKind, Judgement, Recommendation,
};
use sightline_store::{Actor, Db, Error};

fn leicester_2024() -> Inspection {
    Inspection {
        id: None,
        authority: LaCode(856),
        kind: InspectionKind::Short,
        framework: Some(Framework::Ilacs2023),
        start_date: date(2024, 9, 23),
        end_date: Some(date(2024, 9, 27)),
        published: None,
        lead_inspector: Some("Tom Anthony".into()),
        summary: None,
        source: Some("leicester_2025-01-29.pdf".into()),
        judgements: vec![
            Judgement {
                area: Area::ImpactOfLeaders,
                grade: Grade::RequiresImprovement,
            },
            Judgement {
                area: Area::OverallEffectiveness,
                grade: Grade::RequiresImprovement,
            },
        ],
        recommendations: vec![Recommendation {
            number: 1,
            addressee: Addressee::LocalAuthority,
            priority: false,
            text: "The timeliness and robustness of responses to contacts and referrals.".into(),
        }],
    }
}

#[tokio::test]
async fn a_file_database_is_created_on_first_use_in_wal_mode() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("nested/sightline.db");
    let db = Db::open(&path).await.expect("opens");
    assert!(path.exists());
    assert_eq!(db.journal_mode().await.expect("pragma"), "wal");
    db.close().await;
    // Opening again runs no migration twice.
    Db::open(&path).await.expect("reopens");
}

#[tokio::test]
async fn recording_the_same_inspection_twice_changes_nothing() {
    let db = Db::open_in_memory().await.expect("db");
    let actor = Actor("analyst".into());
    let first = db
        .record_inspection(&actor, &leicester_2024())
        .await
        .expect("records");
    assert!(first.created);
    let again = db
        .record_inspection(&actor, &leicester_2024())
        .await
        .expect("records");
    assert_eq!((again.id, again.created), (first.id, false));

    let stored = db.inspections_of(LaCode(856)).await.expect("reads");
    assert_eq!(stored.len(), 1);
    let mut expected = leicester_2024();
    expected.id = Some(first.id);
    assert_eq!(stored[0], expected);

    let log = db.audit_log(10).await.expect("audit");
    assert_eq!(log.len(), 1, "one write, one audit entry");
    assert_eq!(log[0].actor, "analyst");
    assert_eq!(log[0].action, "inspection.record");
    assert_eq!(log[0].entity_id, Some(first.id));
}

#[tokio::test]
async fn a_failed_write_leaves_nothing_behind() {
    let db = Db::open_in_memory().await.expect("db");
    let mut bad = leicester_2024();
    // Two recommendations with the same number break a unique constraint half way through.
    bad.recommendations.push(bad.recommendations[0].clone());
    let err = db.record_inspection(&Actor::system(), &bad).await;
    assert!(matches!(err, Err(Error::Query(_))));
    assert!(
        db.inspections_of(LaCode(856))
            .await
            .expect("reads")
            .is_empty()
    );
    assert!(db.audit_log(10).await.expect("audit").is_empty());
}

#[tokio::test]
async fn a_missing_inspection_is_not_found() {
    let db = Db::open_in_memory().await.expect("db");
    assert!(matches!(db.inspection(42).await, Err(Error::NotFound(_))));
}
