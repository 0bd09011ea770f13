//! Store tests, on SQLite and again on PostgreSQL (`every_test_again_on_postgresql`): migrations, WAL, idempotent and atomic writes, the audit log.

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
    let db = sightline_store::testing::fresh().await.expect("db");
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
    assert_eq!(log[0].before, None, "a new inspection has no before");
    assert_eq!(
        log[0].after.as_deref(),
        Some(
            "impact_of_leaders: requires_improvement; overall_effectiveness: requires_improvement"
        )
    );
}

#[tokio::test]
async fn changes_are_audited_with_what_they_were_before_and_after() {
    let db = sightline_store::testing::fresh().await.expect("db");
    let admin = Actor("admin".into());
    db.set_setting(&admin, "population", "80000")
        .await
        .expect("set");
    db.set_setting(&admin, "population", "81000")
        .await
        .expect("set");
    let target = |value: f64| sightline_core::indicator::judge::Target {
        indicator: "assessments_within_45wd_pct".into(),
        value,
        tolerance: 5.0,
        from: date(2024, 4, 1),
        to: date(2025, 3, 31),
        owner: "Head of Service".into(),
        set_by: "admin".into(),
        reason: "England average".into(),
        kind: Default::default(),
    };
    db.add_target(&admin, &target(85.0)).await.expect("target");
    db.add_target(&admin, &target(90.0)).await.expect("target");
    let log = db.audit_log(10).await.expect("audit");
    let pairs: Vec<(&str, Option<&str>, Option<&str>)> = log
        .iter()
        .rev()
        .map(|a| (a.action.as_str(), a.before.as_deref(), a.after.as_deref()))
        .collect();
    assert_eq!(
        pairs,
        vec![
            ("setting.set", None, Some("80000")),
            ("setting.set", Some("80000"), Some("81000")),
            (
                "target.set",
                None,
                Some("85 (tolerance 5) from 2024-04-01 to 2025-03-31")
            ),
            (
                "target.set",
                Some("85 (tolerance 5) from 2024-04-01 to 2025-03-31"),
                Some("90 (tolerance 5) from 2024-04-01 to 2025-03-31")
            ),
        ]
    );
}

#[tokio::test]
async fn a_failed_write_leaves_nothing_behind() {
    let db = sightline_store::testing::fresh().await.expect("db");
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
    let db = sightline_store::testing::fresh().await.expect("db");
    assert!(matches!(db.inspection(42).await, Err(Error::NotFound(_))));
}

mod plans {
    use jiff::civil::date;
    use sightline_core::authority::LaCode;
    use sightline_core::plan::{
        Action, ActionStatus, Milestone, Override, Plan, Priority, ProgressUpdate, Target,
    };
    use sightline_core::rag::Rag;
    use sightline_store::{Actor, Error};

    fn plan() -> Plan {
        Plan {
            id: None,
            authority: LaCode(855),
            title: "Ofsted action plan 2017-2020".into(),
            vision: Some("The best place for children".into()),
            period_start: Some(date(2017, 3, 1)),
            period_end: Some(date(2020, 3, 31)),
            inspection_id: None,
            priorities: vec![Priority {
                id: None,
                number: 1,
                theme: Some("Practice Excellence".into()),
                text: "Application of practice standards".into(),
                recommendations: vec![1, 6, 17],
                recommendations_raw: Some("1, 6, 17".into()),
                actions: vec![Action {
                    id: None,
                    text: "Launch practice standards".into(),
                    lead: Some("Head of Service".into()),
                    due: Some(date(2017, 3, 31)),
                    timescale_raw: Some("March 2017".into()),
                    milestones: vec![Milestone {
                        id: None,
                        text: "Practice standards complete".into(),
                        due: Some(date(2017, 2, 28)),
                        done: None,
                        entered: None,
                    }],
                    updates: vec![ProgressUpdate {
                        id: None,
                        date: date(2017, 2, 1),
                        author: "HoS".into(),
                        text: "Drafting".into(),
                        status: Some(ActionStatus::InProgress),
                        entered: None,
                    }],
                    overrides: vec![Override {
                        colour: Rag::Amber,
                        reason: "agreed slip".into(),
                        from: date(2017, 3, 1),
                        until: date(2017, 3, 15),
                        author: "AD".into(),
                        entered: None,
                    }],
                }],
                targets: vec![Target {
                    id: None,
                    text: "Assessments within 45 working days".into(),
                    indicator: Some("assessments_within_45wd_pct".into()),
                }],
            }],
        }
    }

    fn without_ids(mut p: Plan) -> Plan {
        p.id = None;
        for pr in &mut p.priorities {
            pr.id = None;
            pr.targets.iter_mut().for_each(|t| t.id = None);
            for a in &mut pr.actions {
                a.id = None;
                a.milestones.iter_mut().for_each(|m| m.id = None);
                a.updates.iter_mut().for_each(|u| u.id = None);
            }
        }
        p
    }

    #[tokio::test]
    async fn a_plan_is_saved_and_read_back_whole() {
        let db = sightline_store::testing::fresh().await.expect("db");
        let id = db
            .save_plan(&Actor("analyst".into()), &plan())
            .await
            .expect("saves");
        let back = db.plan(id).await.expect("reads");
        assert_eq!(back.id, Some(id));
        assert_eq!(without_ids(back), plan());
        assert_eq!(db.plans(Some(LaCode(855))).await.expect("list").len(), 1);
        assert!(db.plans(Some(LaCode(856))).await.expect("list").is_empty());
    }

    #[tokio::test]
    async fn progress_milestones_and_overrides_are_added_and_audited() {
        let db = sightline_store::testing::fresh().await.expect("db");
        let actor = Actor("hos".into());
        let id = db.save_plan(&actor, &plan()).await.expect("saves");
        let saved = db.plan(id).await.expect("reads");
        let action = saved.priorities[0].actions[0].id.expect("id");
        let milestone = saved.priorities[0].actions[0].milestones[0].id.expect("id");
        db.add_progress(
            &actor,
            action,
            &ProgressUpdate {
                id: None,
                date: date(2017, 4, 2),
                author: "hos".into(),
                text: "Launched".into(),
                status: Some(ActionStatus::Complete),
                entered: None,
            },
        )
        .await
        .expect("update");
        db.milestone_done(&actor, milestone, date(2017, 3, 10))
            .await
            .expect("done");
        let after = db.plan(id).await.expect("reads");
        let a = &after.priorities[0].actions[0];
        assert_eq!(a.updates.len(), 2);
        assert_eq!(a.status_at(date(2017, 4, 2)), ActionStatus::Complete);
        assert_eq!(a.milestones[0].done, Some(date(2017, 3, 10)));
        let actions: Vec<String> = db
            .audit_log(10)
            .await
            .expect("log")
            .into_iter()
            .map(|e| e.action)
            .collect();
        assert_eq!(
            actions,
            ["plan.milestone_done", "plan.progress", "plan.save"]
        );

        let missing = db.add_progress(&actor, 999, &a.updates[0]).await;
        assert!(matches!(missing, Err(Error::NotFound(_))));
        assert!(matches!(
            db.milestone_done(&actor, 999, date(2017, 1, 1)).await,
            Err(Error::NotFound(_))
        ));
    }
}

mod extracts {
    use jiff::civil::date;
    use sightline_core::annex_a::{LISTS, ListRead, Record, Value};
    use sightline_core::indicator::{self, Breakdown, Dimension, Observation, Settings};
    use sightline_store::{Actor, NewExtract};

    fn contact() -> Record {
        Record {
            row: 2,
            values: vec![
                Value::Text("001".into()),
                Value::Code("b) Female"),
                Value::Code("WBRI"),
                Value::Date(date(2016, 2, 29)),
                Value::Int(7),
                Value::Date(date(2024, 1, 2)),
                Value::Code("1A"),
            ],
            rejected: false,
        }
    }

    fn list(n: u8) -> ListRead {
        ListRead {
            list: n,
            name: LISTS[usize::from(n) - 1].name,
            source: format!("List {n}"),
            header_row: 1,
            rows_read: 1,
            rows_accepted: 1,
            rows_rejected: 0,
            records: if n == 1 { vec![contact()] } else { vec![] },
        }
    }

    fn extract(lists: Vec<ListRead>) -> NewExtract {
        NewExtract {
            source: "extract.xlsx".into(),
            as_at: date(2024, 1, 15),
            pseudonymised: false,
            lists,
            findings: vec![],
            sealed_ids: vec![],
            figures: None,
        }
    }

    fn figure(indicator: &str) -> Observation {
        let def = indicator::definition(indicator).expect("an indicator");
        Observation {
            id: def.id,
            period: "window".into(),
            partial: false,
            value: Some(1.0),
            numerator: 1,
            denominator: None,
            excluded: 2,
            excluded_reasons: [("no Date of referral".to_string(), 2)].into(),
            reason: None,
            unit: def.unit,
            polarity: def.polarity,
            standards: vec!["CIN visit standard: 42 days".into()],
            breakdowns: vec![Breakdown {
                dimension: Dimension::AgeBand,
                key: "5-9".into(),
                value: Some(1.0),
                numerator: 1,
                denominator: None,
                suppressed: true,
            }],
        }
    }

    fn figures(obs: Vec<Observation>) -> sightline_store::Figures {
        sightline_store::Figures {
            settings: Settings::default(),
            version: "1".into(),
            observations: obs,
        }
    }

    #[tokio::test]
    async fn an_extract_and_its_figures_are_stored_together_or_not_at_all() {
        let db = sightline_store::testing::fresh().await.expect("db");
        let mut good = extract(vec![list(1)]);
        good.figures = Some(figures(vec![figure("referrals"), figure("contacts")]));
        let id = db
            .save_extract(&Actor::system(), &good, &|_| {})
            .await
            .expect("stored");
        assert_eq!(db.figures(id).await.expect("figures").len(), 2);
        // A figure that cannot be stored (the same one twice) takes the extract with it.
        let mut bad = extract(vec![list(1)]);
        bad.figures = Some(figures(vec![figure("referrals"), figure("referrals")]));
        assert!(
            db.save_extract(&Actor::system(), &bad, &|_| {})
                .await
                .is_err()
        );
        assert_eq!(db.extracts().await.expect("extracts").len(), 1);
        let actions: Vec<String> = db
            .audit_log(10)
            .await
            .expect("log")
            .into_iter()
            .map(|a| a.action)
            .collect();
        assert_eq!(actions.len(), 2, "{actions:?}");
    }

    /// Two authorities in one database load at the same time: both loads succeed, and each
    /// authority's handle sees its own extract and not the other's.
    #[tokio::test]
    async fn two_authorities_load_at_the_same_time_and_each_sees_only_its_own() {
        let db = sightline_store::testing::fresh().await.expect("db");
        let (a, b) = (db.for_authority(856), db.for_authority(855));
        let mut first = extract(vec![list(1)]);
        first.source = "leicester.xlsx".into();
        let mut second = extract(vec![list(1)]);
        second.source = "leicestershire.xlsx".into();
        let actor = Actor::system();
        let (x, y) = tokio::join!(
            a.save_extract(&actor, &first, &|_| {}),
            b.save_extract(&actor, &second, &|_| {})
        );
        let (x, y) = (x.expect("856 loads"), y.expect("855 loads"));
        let seen = |h: &sightline_store::Db| {
            let h = h.clone();
            async move {
                h.extracts()
                    .await
                    .expect("extracts")
                    .into_iter()
                    .map(|e| (e.id, e.source))
                    .collect::<Vec<_>>()
            }
        };
        assert_eq!(seen(&a).await, vec![(x, "leicester.xlsx".to_string())]);
        assert_eq!(seen(&b).await, vec![(y, "leicestershire.xlsx".to_string())]);
        assert!(
            a.extract_rows(y).await.is_err(),
            "another authority's rows are not found"
        );
    }

    #[tokio::test]
    async fn rows_and_figures_read_back_as_the_core_types_they_were() {
        let db = sightline_store::testing::fresh().await.expect("db");
        let mut e = extract(vec![list(1), list(3)]);
        e.figures = Some(figures(vec![figure("referrals")]));
        let id = db
            .save_extract(&Actor::system(), &e, &|_| {})
            .await
            .expect("stored");
        let (as_at, rows) = db.extract_rows(id).await.expect("rows");
        assert_eq!(as_at, date(2024, 1, 15));
        assert_eq!(rows, vec![(1, contact())]);
        let kept = db.figures(id).await.expect("figures");
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].observation, figure("referrals"));
        assert_eq!((kept[0].extract_id, kept[0].as_at), (id, as_at));
        assert_eq!(kept[0].definition_version, "1");
        let lists = db.extract_lists(id).await.expect("lists");
        assert_eq!(
            lists.iter().map(|l| (l.list, l.name)).collect::<Vec<_>>(),
            [(1, "contacts"), (3, "referrals")]
        );
        // A headline series carries breakdowns only for the extract asked.
        let series = db.headline_series(None).await.expect("series");
        assert!(series[0].observation.breakdowns.is_empty());
        let series = db.headline_series(Some(id)).await.expect("series");
        assert_eq!(series[0].observation.breakdowns.len(), 1);
    }

    /// Contacts of the given children and dates, as list 1.
    fn contacts(as_at: jiff::civil::Date, rows: &[(&str, jiff::civil::Date)]) -> NewExtract {
        let mut l = list(1);
        l.records = rows
            .iter()
            .enumerate()
            .map(|(i, (child, on))| {
                let mut r = contact();
                r.row = u32::try_from(i).expect("few") + 2;
                r.values[0] = Value::Text((*child).into());
                r.values[5] = Value::Date(*on);
                r
            })
            .collect();
        (l.rows_read, l.rows_accepted) = (l.records.len(), l.records.len());
        let mut e = extract(vec![l]);
        e.as_at = as_at;
        e
    }

    /// The same child on the same date is the same event, whichever form each extract's rows
    /// were kept in (decision 0037: by place now, keyed by header before).
    #[tokio::test]
    async fn events_are_compared_field_by_field_whichever_form_the_rows_were_kept_in() {
        let db = sightline_store::testing::fresh().await.expect("db");
        let actor = Actor::system();
        let earlier = contacts(
            date(2024, 1, 31),
            &[
                ("001", date(2024, 1, 2)),
                ("002", date(2024, 1, 5)),
                ("003", date(2024, 1, 9)),
                ("005", date(2023, 12, 31)),
            ],
        );
        let later = contacts(
            date(2024, 2, 29),
            &[
                ("001", date(2024, 1, 2)),
                ("002", date(2024, 1, 6)),
                ("004", date(2024, 1, 10)),
                ("006", date(2024, 2, 1)),
            ],
        );
        let a = db.save_extract(&actor, &earlier, &|_| {}).await.expect("a");
        let b = db.save_extract(&actor, &later, &|_| {}).await.expect("b");
        let (from, to) = (date(2024, 1, 1), date(2024, 1, 31));
        // Gone or changed: 002 on the 5th, 003; new: 002 on the 6th, 004 (005 and 006 are
        // outside the months both cover).
        let both_by_place = db
            .events_compared(a, b, 1, "Date of Contact", from, to)
            .await
            .expect("compared");
        assert_eq!(both_by_place, (2, 2));
        let rows_before = db.extract_rows(a).await.expect("rows");
        assert_eq!(
            sightline_store::testing::keep_rows_keyed_by_header(&db, a)
                .await
                .expect("rewritten"),
            4
        );
        assert_eq!(db.extract_rows(a).await.expect("rows"), rows_before);
        assert_eq!(
            db.events_compared(a, b, 1, "Date of Contact", from, to)
                .await
                .expect("compared"),
            (2, 2),
            "the earlier kept keyed by header, the later by place"
        );
        assert!(matches!(
            db.events_compared(a, b, 1, "Date of Nothing", from, to)
                .await,
            Err(sightline_store::Error::NotFound(_))
        ));
    }

    #[tokio::test]
    async fn a_failed_load_leaves_the_database_as_it_was() {
        let db = sightline_store::testing::fresh().await.expect("db");
        let ok = db
            .save_extract(&Actor::system(), &extract(vec![list(1)]), &|_| {})
            .await;
        assert!(ok.is_ok());
        // The same list and sheet twice breaks a key after the extract row was written.
        let bad = db
            .save_extract(&Actor::system(), &extract(vec![list(1), list(1)]), &|_| {})
            .await;
        assert!(bad.is_err());
        let all = db.extracts().await.expect("extracts");
        assert_eq!(all.len(), 1, "only the good load is there");
        assert_eq!(all[0].rows_read, 1);
        assert_eq!(db.audit_log(10).await.expect("log").len(), 1);
    }
}

mod authorities {
    use jiff::civil::date;
    use sightline_core::access::Role;
    use sightline_core::indicator::judge::Target;
    use sightline_store::{Actor, Error, NewExtract};

    fn extract() -> NewExtract {
        NewExtract {
            source: "extract.csv".into(),
            as_at: date(2024, 2, 29),
            pseudonymised: false,
            lists: vec![],
            findings: vec![],
            sealed_ids: vec![],
            figures: None,
        }
    }

    fn target() -> Target {
        Target {
            indicator: "re_referrals_12m_pct".into(),
            value: 20.0,
            tolerance: 2.0,
            from: date(2024, 4, 1),
            to: date(2025, 3, 31),
            owner: "Head of front door".into(),
            set_by: "board".into(),
            reason: "plan".into(),
            kind: sightline_core::indicator::judge::TargetKind::Trajectory {
                points: vec![(date(2024, 9, 30), 24.0)],
            },
        }
    }

    #[tokio::test]
    async fn one_authority_never_reads_anothers_records() {
        let shared = sightline_store::testing::fresh().await.expect("db");
        let (north, south) = (shared.for_authority(999), shared.for_authority(873));
        let a = Actor::system();
        let id = north
            .save_extract(&a, &extract(), &|_| {})
            .await
            .expect("saved");
        north.add_target(&a, &target()).await.expect("target");
        north
            .set_setting(&a, "indicator_settings", r#"{"population":30000}"#)
            .await
            .expect("setting");
        north
            .save_user(&a, "priya", "$argon2id$hash", Role::Manager)
            .await
            .expect("user");
        assert_eq!(north.extracts().await.expect("extracts").len(), 1);
        let held = north.targets().await.expect("targets");
        assert_eq!(held.len(), 1);
        assert_eq!(held[0].target, target(), "kept whole, its kind too");
        // The other authority sees none of it, and cannot reach it by id.
        assert!(south.extracts().await.expect("extracts").is_empty());
        assert!(south.targets().await.expect("targets").is_empty());
        assert_eq!(
            south.setting("indicator_settings").await.expect("read"),
            None
        );
        assert!(south.users().await.expect("users").is_empty());
        assert!(south.user_by_name("priya").await.expect("read").is_none());
        assert!(south.audit_log(50).await.expect("log").is_empty());
        assert!(matches!(
            south.extract_rows(id).await,
            Err(Error::NotFound(_))
        ));
        assert!(south.extract_lists(id).await.expect("lists").is_empty());
        // Nor take its account's name.
        assert!(matches!(
            south
                .save_user(&a, "priya", "$argon2id$other", Role::Admin)
                .await,
            Err(Error::Refused(_))
        ));
        let (_, hash) = north
            .user_by_name("priya")
            .await
            .expect("read")
            .expect("still there");
        assert_eq!(hash, "$argon2id$hash", "the password was not replaced");
    }

    #[tokio::test]
    async fn naming_the_authority_adopts_what_was_made_before() {
        let db = sightline_store::testing::fresh().await.expect("db");
        let a = Actor::system();
        assert_eq!(db.authority(), None);
        db.save_extract(&a, &extract(), &|_| {})
            .await
            .expect("saved");
        db.add_target(&a, &target()).await.expect("target");
        db.set_setting(&a, "k", "v").await.expect("setting");
        db.name_authority(&a, 999).await.expect("named");
        assert_eq!(db.authority(), Some(999));
        assert_eq!(db.extracts().await.expect("extracts").len(), 1);
        assert_eq!(db.targets().await.expect("targets").len(), 1);
        assert_eq!(db.setting("k").await.expect("read").as_deref(), Some("v"));
        let other = db.for_authority(873);
        assert!(other.extracts().await.expect("extracts").is_empty());
        // Named once and holding records, it is not renamed.
        assert!(matches!(
            db.name_authority(&a, 873).await,
            Err(Error::Refused(_))
        ));
        assert_eq!(db.authority(), Some(999));
        let log = db.audit_log(1).await.expect("log");
        assert_eq!(log[0].action, "authority.name");
        assert_eq!(log[0].after.as_deref(), Some("999"));
    }
}

/// Runs every test of this file again with its databases on PostgreSQL (decision 0035).
#[tokio::test]
async fn every_test_again_on_postgresql() {
    sightline_store::testing::again_on_postgres("every_test_again_on_postgresql").await;
}

/// The two migration sets stay in step: from 0023 on each SQLite migration has a PostgreSQL
/// twin of the same name, and the schemas they make have the same tables and columns.
#[tokio::test]
async fn the_sqlite_and_postgresql_migrations_make_the_same_tables_and_columns() {
    use sightline_store::testing;
    if testing::on_postgres() {
        return; // compared once, from the SQLite run
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let names = |backend: &str| {
        let mut names: Vec<String> = std::fs::read_dir(dir.join(backend))
            .expect("migrations folder")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|n| n.as_str() > "0023")
            .collect();
        names.sort();
        names
    };
    assert_eq!(
        names("sqlite"),
        names("postgres"),
        "every migration from 0023 has a twin"
    );
    assert!(dir.join("postgres/0022_baseline.sql").exists());
    let sqlite = Db::open_in_memory()
        .await
        .expect("sqlite")
        .columns()
        .await
        .expect("columns");
    assert!(sqlite.contains(&("figures".to_string(), "seq".to_string())));
    assert!(sqlite.len() > 300, "{} columns", sqlite.len());
    let Some(server) = testing::server("comparing with PostgreSQL's schema") else {
        return;
    };
    let url = testing::with_database(
        &server,
        &format!("sightline_test_schema_{}", std::process::id()),
    );
    let (pg, _) = Db::create(&url).await.expect("postgres");
    let postgres = pg.columns().await.expect("columns");
    let only = |a: &[(String, String)], b: &[(String, String)]| {
        a.iter()
            .filter(|c| !b.contains(c))
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(only(&sqlite, &postgres), vec![], "only in SQLite");
    assert_eq!(only(&postgres, &sqlite), vec![], "only in PostgreSQL");
    pg.close().await;
    sightline_store::testing::drop_database(&url).await;
}

/// On PostgreSQL a kept row's extract is checked once per statement, not by a foreign key per
/// row (migration 0026, decision 0037): a statement adding a row that names no extract is
/// refused whole, and an extract deleted takes its rows with it, as the key did.
#[tokio::test]
async fn a_child_row_naming_no_extract_is_refused_on_postgresql() {
    use sightline_core::annex_a::{LISTS, ListRead, Record, Value};
    use sightline_store::{NewExtract, testing};
    use sqlx::Connection;
    if testing::on_postgres() {
        return;
    }
    let Some(server) = testing::server("checking a kept row's extract on PostgreSQL") else {
        return;
    };
    let url = testing::with_database(
        &server,
        &format!("sightline_test_rows_checked_{}", std::process::id()),
    );
    let (pg, _) = Db::create(&url).await.expect("postgres");
    let row = Record {
        row: 2,
        values: vec![Value::Text("001".into())],
        rejected: false,
    };
    let e = NewExtract {
        source: "x.xlsx".into(),
        as_at: date(2024, 1, 15),
        pseudonymised: false,
        lists: vec![ListRead {
            list: 1,
            name: LISTS[0].name,
            source: "List 1".into(),
            header_row: 1,
            rows_read: 2,
            rows_accepted: 2,
            rows_rejected: 0,
            records: vec![row.clone(), Record { row: 3, ..row }],
        }],
        findings: vec![],
        sealed_ids: vec![],
        figures: None,
    };
    let id = pg
        .save_extract(&Actor::system(), &e, &|_| {})
        .await
        .expect("loads");
    let mut c = sqlx::PgConnection::connect(&url).await.expect("connects");
    async fn count(c: &mut sqlx::PgConnection) -> sqlx::Result<i64> {
        sqlx::query_scalar("SELECT COUNT(*) FROM child_rows")
            .fetch_one(c)
            .await
    }
    assert_eq!(count(&mut c).await.expect("count"), 2);
    let insert = "INSERT INTO child_rows (extract_id, list, source, row, rejected, data) VALUES \
                  ($1, 1, 'List 1', 9, FALSE, '[1]'), ($2, 1, 'List 1', 10, FALSE, '[1]')";
    let refused = sqlx::query(insert)
        .bind(id)
        .bind(id + 1)
        .execute(&mut c)
        .await;
    let Err(sqlx::Error::Database(why)) = refused else {
        panic!("a row naming no extract was kept: {refused:?}");
    };
    assert_eq!(why.code().as_deref(), Some("23503"), "{why}");
    assert_eq!(
        count(&mut c).await.expect("count"),
        2,
        "neither row was kept"
    );
    let moved = sqlx::query("UPDATE child_rows SET extract_id = $1 WHERE row = 3")
        .bind(id + 7)
        .execute(&mut c)
        .await;
    assert!(moved.is_err(), "a row moved to no extract is refused");
    sqlx::query(insert)
        .bind(id)
        .bind(id)
        .execute(&mut c)
        .await
        .expect("rows of an extract that exists are kept");
    assert_eq!(count(&mut c).await.expect("count"), 4);
    sqlx::query("DELETE FROM extracts WHERE id = $1")
        .bind(id)
        .execute(&mut c)
        .await
        .expect("deletes");
    assert_eq!(
        count(&mut c).await.expect("count"),
        0,
        "its rows went with it"
    );
    c.close().await.expect("closes");
    pg.close().await;
    testing::drop_database(&url).await;
}

/// `db copy`: a SQLite installation moves into an empty PostgreSQL database whole, verified,
/// and a second copy into the same (now full) database is refused and changes nothing.
#[tokio::test]
async fn a_sqlite_installation_copies_into_an_empty_postgresql_database_once() {
    use sightline_store::testing;
    if testing::on_postgres() {
        return;
    }
    let Some(server) = testing::server("copying into PostgreSQL") else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let sqlite = Db::open(&dir.path().join("s.db")).await.expect("sqlite");
    let actor = Actor("analyst".into());
    sqlite
        .record_inspection(&actor, &leicester_2024())
        .await
        .expect("records");
    let url = testing::with_database(
        &server,
        &format!("sightline_test_copy_{}", std::process::id()),
    );
    let (pg, made) = Db::create(&url).await.expect("postgres");
    assert!(made);
    let tables = sqlite.copy_into(&pg).await.expect("copies");
    let rows = |name: &str| tables.iter().find(|t| t.table == name).map(|t| t.rows);
    // One inspection, its two judgements and one recommendation, and the audit entry.
    assert_eq!(rows("inspections"), Some(1));
    assert_eq!(rows("judgements"), Some(2));
    assert_eq!(rows("recommendations"), Some(1));
    assert_eq!(rows("audit_log"), Some(1));
    // What was copied reads back as it was written, dates and all.
    let held = pg.inspections_of(LaCode(856)).await.expect("reads");
    let back = &held[0];
    assert_eq!(back.start_date, date(2024, 9, 23));
    assert_eq!(back.judgements.len(), 2);
    // A new record takes the next id, not one the copy used.
    let again = pg
        .record_inspection(
            &actor,
            &Inspection {
                start_date: date(2025, 1, 6),
                ..leicester_2024()
            },
        )
        .await
        .expect("records");
    assert_eq!((again.id, again.created), (2, true));
    let refused = sqlite.copy_into(&pg).await;
    assert!(
        matches!(&refused, Err(Error::Refused(why)) if why.contains("not empty")),
        "{refused:?}"
    );
    pg.close().await;
    testing::drop_database(&url).await;
}

/// A server that cannot be reached is reported at once as refused, named without its password.
#[tokio::test]
async fn an_unreachable_server_is_named_without_its_password() {
    let e = Db::connect("postgres://me:hunter2@127.0.0.1:1/sightline")
        .await
        .expect_err("nothing listens on port 1");
    let text = e.to_string();
    assert_eq!(
        text,
        "cannot connect to the database postgres://me:***@127.0.0.1:1/sightline"
    );
    assert!(matches!(e, Error::Connect { .. }));
}

#[test]
fn a_location_is_a_server_url_or_a_sqlite_path() {
    use sightline_store::Location;
    use std::path::PathBuf;
    assert_eq!(
        Location::parse("postgresql://h/db"),
        Location::Postgres("postgresql://h/db".into())
    );
    assert_eq!(
        Location::parse("sqlite:data/s.db"),
        Location::Sqlite(PathBuf::from("data/s.db"))
    );
    assert_eq!(
        Location::parse("s.db"),
        Location::Sqlite(PathBuf::from("s.db"))
    );
    assert_eq!(
        Location::parse("postgres://u:p@h:5/db").redacted(),
        "postgres://u:***@h:5/db"
    );
    assert_eq!(
        Location::parse("postgres://u@h/db").redacted(),
        "postgres://u@h/db"
    );
}
