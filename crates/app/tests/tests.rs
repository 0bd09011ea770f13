//! Use cases end to end on a new database for each test (in memory, and again on PostgreSQL:
//! `every_test_again_on_postgresql`) and real published reports.

use std::path::PathBuf;

use jiff::civil::date;
use sightline_app::{Actor, Error, LoadAs, NewEvent, Sightline};
use sightline_core::authority::LaCode;
use sightline_core::inspection::{Grade, InspectionKind};

/// A new, empty application: in memory on SQLite, or on a new PostgreSQL database in the run on
/// PostgreSQL.
async fn fresh() -> sightline_app::Result<Sightline> {
    match sightline_store::testing::fresh_location() {
        Some(location) => Ok(Sightline::create(&location).await?.0),
        None => Sightline::in_memory().await,
    }
}

/// Runs every test of this file again with its databases on PostgreSQL (decision 0035).
#[tokio::test]
async fn every_test_again_on_postgresql() {
    sightline_store::testing::again_on_postgres("every_test_again_on_postgresql").await;
}

/// A published report; the tests that call it first skip in a bare clone (`has_reports`).
fn report(name: &str) -> PathBuf {
    sightline_synth::published::data("ofsted-reports")
        .map(|d| d.join(name))
        .unwrap_or_default()
}

/// Whether the published reports are here (else the test says it skipped).
fn has_reports() -> bool {
    sightline_synth::published::data("ofsted-reports").is_some()
}

#[tokio::test]
async fn importing_leicesters_reports_builds_its_journey() {
    if !has_reports() {
        return;
    }
    let app = fresh().await.expect("app");
    let actor = Actor("analyst".into());
    for f in [
        "leicester_2025-01-29.pdf",
        "leicester_2015-03-20.pdf",
        "leicester_2021-11-12.pdf",
        "leicester_2017-09-04.pdf",
    ] {
        let imported = app.import_report(&actor, &report(f), None).await.expect(f);
        assert_eq!(imported.authority.code, LaCode(856), "{f}");
        assert!(imported.recorded.created);
    }
    let again = app
        .import_report(&actor, &report("leicester_2025-01-29.pdf"), None)
        .await
        .expect("re-import");
    assert!(
        !again.recorded.created,
        "the same report twice changes nothing"
    );

    let (_, journey) = app.journey("Leicester").await.expect("journey");
    let grades: Vec<_> = journey.events.iter().map(|e| e.headline()).collect();
    assert_eq!(
        grades,
        [
            Some(Grade::Inadequate),
            Some(Grade::RequiresImprovement),
            Some(Grade::Good),
            Some(Grade::RequiresImprovement)
        ]
    );
    let w = journey.next_window.expect("window");
    // Last graded inspection ended 27 September 2024 (a short one after "good").
    assert_eq!(w.anniversary, date(2027, 9, 27));
    assert_eq!((w.opens, w.closes), (date(2027, 3, 27), date(2028, 3, 27)));
    assert_eq!(w.expected_kind, InspectionKind::Standard);
    assert_eq!(journey.events[3].kind, InspectionKind::Short);
    assert_eq!(journey.events[3].recommendations.len(), 5);
    assert_eq!(app.db().audit_log(100).await.expect("log").len(), 4);
}

#[tokio::test]
async fn a_report_imports_against_a_given_authority() {
    if !has_reports() {
        return;
    }
    let app = fresh().await.expect("app");
    let imported = app
        .import_report(
            &Actor::system(),
            &report("bromley_2024-01-12.pdf"),
            Some("305"),
        )
        .await
        .expect("imports");
    assert_eq!(imported.authority.name, "Bromley");
    let err = app
        .import_report(
            &Actor::system(),
            &report("bromley_2024-01-12.pdf"),
            Some("Atlantis"),
        )
        .await
        .expect_err("unknown");
    assert!(matches!(err, Error::UnknownAuthority(_)));
}

#[tokio::test]
async fn letters_and_meetings_are_recorded_with_priority_actions_first() {
    let app = fresh().await.expect("app");
    let event = NewEvent {
        authority: "856".into(),
        kind: InspectionKind::FocusedVisit,
        date: date(2023, 2, 28),
        end_date: Some(date(2023, 3, 1)),
        published: None,
        summary: Some("Front door".into()),
        areas_for_improvement: vec!["Recording of strategy discussions.".into()],
        priority_actions: vec!["Timeliness of ICPCs.".into()],
    };
    let added = app
        .add_event(&Actor::system(), event.clone())
        .await
        .expect("adds");
    let recs = &added.inspection.recommendations;
    assert_eq!((recs[0].number, recs[0].priority), (1, true));
    assert_eq!((recs[1].number, recs[1].priority), (2, false));

    let graded = NewEvent {
        kind: InspectionKind::Standard,
        ..event.clone()
    };
    assert!(matches!(
        app.add_event(&Actor::system(), graded).await,
        Err(Error::Invalid(_))
    ));
    let backwards = NewEvent {
        end_date: Some(date(2023, 2, 1)),
        ..event
    };
    assert!(matches!(
        app.add_event(&Actor::system(), backwards).await,
        Err(Error::Invalid(_))
    ));
}

#[tokio::test]
async fn a_profile_lists_ten_neighbours_with_grades() {
    let app = fresh().await.expect("app");
    let p = app.profile("Derby").await.expect("profile");
    assert_eq!(p.neighbours.len(), 10);
    assert_eq!(p.neighbours[0].name, "Coventry");
    let counted: usize = p.neighbour_grade_counts().iter().map(|(_, n)| n).sum();
    assert!(counted <= 10);
}

#[tokio::test]
async fn the_demo_is_built_once() {
    let app = fresh()
        .await
        .expect("app")
        .with_secret_key(&"k".repeat(32))
        .expect("key");
    let first = app.build_demo().await.expect("demo");
    assert_eq!(first.inspections_created, 8);
    let second = app.build_demo().await.expect("demo again");
    assert_eq!(
        (second.inspections_created, second.inspections_existing),
        (0, 8)
    );
    let (_, j) = app.journey("Northfield").await.expect("journey");
    let w = j.next_window.expect("window");
    assert_eq!(w.anniversary, date(2027, 9, 27));
}

mod indicators {
    use super::fresh;
    use sightline_app::disclosure::Audience;
    use sightline_app::{Actor, Error, LoadAs, Sightline};
    use sightline_core::access::Role;
    use sightline_core::indicator::judge::Target;
    use sightline_core::rag::Rag;

    async fn loaded(as_at: jiff::civil::Date, seed: u64) -> (Sightline, tempfile::TempDir) {
        let (app, _, dir) = loaded_with(sightline_synth::annex_a::Messy::None, as_at, seed).await;
        (app, dir)
    }

    /// An application with one synthetic extract of 300 children loaded, pseudonymised: the
    /// application, the extract's id, and the folder of CSV files it was loaded from.
    async fn loaded_with(
        messy: sightline_synth::annex_a::Messy,
        as_at: jiff::civil::Date,
        seed: u64,
    ) -> (Sightline, i64, tempfile::TempDir) {
        let app = fresh()
            .await
            .expect("app")
            .with_secret_key(&"k".repeat(32))
            .expect("key");
        let dir = tempfile::tempdir().expect("dir");
        let tables = sightline_synth::annex_a::generate(sightline_synth::annex_a::Settings {
            children: 300,
            seed,
            as_at,
            messy,
        });
        sightline_synth::annex_a::write_csv_dir(&tables, dir.path()).expect("csv");
        let loaded = app
            .load_extract(
                &Actor("t".into()),
                dir.path(),
                Some(as_at),
                LoadAs::pseudonymised(),
                &|_, _| {},
            )
            .await
            .expect("loads");
        (app, loaded.id, dir)
    }

    /// A finding carries its row's allocated team and worker, read from the file as given.
    #[tokio::test]
    async fn every_finding_names_the_team_and_worker_of_its_own_row() {
        let (app, id, dir) = loaded_with(
            sightline_synth::annex_a::Messy::Lots,
            jiff::civil::date(2024, 2, 29),
            11,
        )
        .await;
        let findings = app
            .findings(
                Role::Analyst,
                id,
                &sightline_store::FindingFilter::default(),
            )
            .await
            .expect("findings");
        // The owners of row N of a file, as the file gives them (records counted from 1).
        let owners_in = |sheet: &str, row: i64| -> (Option<String>, Option<String>) {
            let mut rdr = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_path(dir.path().join(sheet))
                .expect("file");
            let records: Vec<csv::StringRecord> =
                rdr.records().map(|r| r.expect("record")).collect();
            let header = records
                .iter()
                .find(|r| r.iter().any(|c| c.trim() == "Allocated Team"))
                .expect("a header row");
            let at = |name: &str| header.iter().position(|c| c.trim() == name);
            let record = &records[usize::try_from(row - 1).expect("a row")];
            let cell = |i: Option<usize>| {
                i.and_then(|i| record.get(i))
                    .map(str::trim)
                    // "#N/A" is a spreadsheet's error value: the loader reads it as blank.
                    .filter(|c| !c.is_empty() && *c != "#N/A")
                    .map(str::to_string)
            };
            (cell(at("Allocated Team")), cell(at("Allocated Worker")))
        };
        let mut owned = 0;
        for f in findings.iter().filter(|f| f.list.is_some()) {
            let sheet = std::fs::read_to_string(dir.path().join(&f.sheet)).expect("file");
            if !sheet.contains("Allocated Team") {
                assert_eq!((&f.team, &f.worker), (&None, &None), "{f:?}");
                continue;
            }
            assert_eq!(
                (f.team.clone(), f.worker.clone()),
                owners_in(&f.sheet, f.row),
                "{f:?}"
            );
            owned += usize::from(f.team.is_some());
        }
        assert!(owned >= 5, "only {owned} findings name a team");
    }

    #[tokio::test]
    async fn loading_an_extract_stores_every_figure_and_only_permitted_roles_see_rows() {
        let (app, _dir) = loaded(jiff::civil::date(2024, 6, 28), 3).await;
        let (id, obs) = app
            .observations(&Actor("t".into()), Audience::ChildLevel, None)
            .await
            .expect("figures");
        assert_eq!(id, 1);
        for def in sightline_core::indicator::CATALOGUE {
            // The workforce returns' indicators are worked out from the returns, not stored.
            let from_rows = def.source == sightline_core::indicator::Source::AnnexA;
            assert_eq!(
                obs.iter().any(|o| o.indicator == def.id),
                from_rows,
                "{} stored",
                def.id
            );
        }
        // The stored figure is the one computed again from the stored rows.
        let again = app
            .indicators_of_extract(
                Audience::ChildLevel,
                Some(id),
                &app.indicator_settings().await.expect("s"),
                false,
            )
            .await
            .expect("recomputed");
        let stored = obs
            .iter()
            .find(|o| o.indicator == "referrals" && o.period == "window")
            .expect("referrals");
        let fresh = again
            .indicators
            .iter()
            .find(|o| o.indicator == "referrals" && o.period == "window")
            .expect("referrals");
        let stored = stored.figure.numbers().expect("shown").numerator;
        assert_eq!(stored, fresh.figure.numbers().expect("shown").numerator);
        assert!(stored > 0);

        let e = app
            .explain_indicator(Role::Analyst, "referrals", None, None)
            .await
            .expect("analyst sees rows");
        assert_eq!(e.lines.len() as i64, stored);
        // Pseudonymised on load: no raw synthetic id reaches the rows.
        assert!(e.lines.iter().all(|l| l.child.starts_with("p-")));
        assert!(matches!(
            app.explain_indicator(Role::Viewer, "referrals", None, None)
                .await,
            Err(Error::Forbidden(_))
        ));
    }

    #[tokio::test]
    async fn targets_rate_the_latest_figure_and_bad_targets_are_refused() {
        let (app, _dir) = loaded(jiff::civil::date(2024, 6, 28), 4).await;
        let actor = Actor("analyst".into());
        let t = |id: &str, value: f64| Target {
            indicator: id.into(),
            value,
            tolerance: 5.0,
            from: jiff::civil::date(2024, 4, 1),
            to: jiff::civil::date(2025, 3, 31),
            owner: "Head of Service".into(),
            set_by: "analyst".into(),
            reason: "test".into(),
            kind: Default::default(),
        };
        // The shared scorecard is built again after any write (here: a target).
        let before = app
            .scorecard(&actor, Audience::ChildLevel, None)
            .await
            .expect("scorecard");
        assert!(before.indicators.iter().all(|j| j.target.is_none()));
        // A target no percentage can reach is refused, as is a negative count.
        let refused = app
            .set_target(&actor, &t("assessments_within_45wd_pct", 200.0))
            .await;
        assert!(
            matches!(&refused, Err(Error::Invalid(m)) if m.contains("0 to 100")),
            "{refused:?}"
        );
        assert!(
            app.set_target(&actor, &t("assessments_within_45wd_pct", 101.0))
                .await
                .is_err()
        );
        assert!(
            app.set_target(&actor, &t("children_unallocated", -1.0))
                .await
                .is_err()
        );
        // The highest target with no tolerance: any figure short of 100% is red.
        let mut unreachable = t("assessments_within_45wd_pct", 100.0);
        unreachable.tolerance = 0.0;
        app.set_target(&actor, &unreachable).await.expect("set");
        assert!(app.set_target(&actor, &t("referrals", 10.0)).await.is_err());
        assert!(app.set_target(&actor, &t("nope", 10.0)).await.is_err());
        let mut backwards = t("assessments_within_45wd_pct", 90.0);
        backwards.to = jiff::civil::date(2024, 1, 1);
        assert!(app.set_target(&actor, &backwards).await.is_err());

        let card = app
            .scorecard(&actor, Audience::ChildLevel, None)
            .await
            .expect("scorecard");
        let j = card
            .indicators
            .iter()
            .find(|j| j.definition.id == "assessments_within_45wd_pct")
            .expect("judged");
        // No percentage reaches 101, and there is no tolerance: red, and an exception.
        assert_eq!(j.rating.colour, Rag::Red);
        assert!(j.exception);
        assert!(
            card.exceptions()
                .any(|x| x.definition.id == j.definition.id)
        );
        assert!(j.benchmarks.iter().any(|b| b.benchmark.area == "England"));
        let untargeted = card
            .indicators
            .iter()
            .find(|j| j.definition.id == "cp_seen_alone_pct")
            .expect("judged");
        assert_eq!(untargeted.rating.colour, Rag::Grey);
        let audit = app.db().audit_log(20).await.expect("audit");
        assert!(audit.iter().any(|a| a.action == "target.set"));
        assert!(audit.iter().any(|a| a.action == "indicators.compute"));
    }
}

mod accounts {
    use super::fresh;
    use sightline_app::{Actor, Error};
    use sightline_core::access::Role;

    #[tokio::test]
    async fn passwords_are_hashed_and_sessions_end() {
        let app = fresh().await.expect("app");
        let admin = Actor("admin".into());
        assert!(
            app.save_user(&admin, "viewer", "short", Role::Viewer)
                .await
                .is_err()
        );
        app.save_user(&admin, "viewer", "a long enough secret", Role::Viewer)
            .await
            .expect("created");
        let (_, hash) = app
            .db()
            .user_by_name("viewer")
            .await
            .expect("query")
            .expect("stored");
        assert!(hash.starts_with("$argon2"), "{hash}");
        assert!(!hash.contains("a long enough secret"));
        assert!(matches!(
            app.login("viewer", "wrong password!").await,
            Err(Error::Forbidden(_))
        ));
        assert!(matches!(
            app.login("nobody", "a long enough secret").await,
            Err(Error::Forbidden(_))
        ));
        let (token, session) = app
            .login("viewer", "a long enough secret")
            .await
            .expect("logs in");
        assert_eq!(session.user.role, Role::Viewer);
        assert_eq!(
            app.session(&token).await.expect("query").map(|s| s.csrf),
            Some(session.csrf.clone())
        );
        app.logout(&token).await.expect("logs out");
        assert!(app.session(&token).await.expect("query").is_none());
        let audit = app.db().audit_log(10).await.expect("audit");
        for action in ["user.save", "session.login", "session.logout"] {
            assert!(audit.iter().any(|a| a.action == action), "{action}");
        }
    }

    #[tokio::test]
    async fn a_new_password_ends_the_old_sessions_and_names_match_in_any_case() {
        let app = fresh().await.expect("app");
        let admin = Actor("admin".into());
        app.save_user(&admin, "Jo.Bloggs", "first long secret", Role::Manager)
            .await
            .expect("created");
        // One account, however the name is written.
        let (one, _) = app
            .login(" JO.BLOGGS ", "first long secret")
            .await
            .expect("logs in");
        let (two, _) = app
            .login("jo.bloggs", "first long secret")
            .await
            .expect("logs in");
        app.save_user(&admin, "jo.bloggs", "second long secret", Role::Manager)
            .await
            .expect("changed");
        assert!(app.session(&one).await.expect("q").is_none());
        assert!(app.session(&two).await.expect("q").is_none());
        assert_eq!(app.users().await.expect("users").len(), 1);
        assert!(app.login("jo.bloggs", "second long secret").await.is_ok());
    }

    #[tokio::test]
    async fn a_strangers_guesses_do_not_lock_out_the_owner() {
        let app = fresh().await.expect("app");
        let admin = Actor("admin".into());
        app.save_user(&admin, "probe2", "the owners secret", Role::Viewer)
            .await
            .expect("created");
        let stranger = "203.0.113.9".parse().ok();
        let owner = "198.51.100.4".parse().ok();
        for name in ["PROBE2", " probe2", "probe2", "Probe2", "probe2 "] {
            assert!(matches!(
                app.login_from(name, "a wrong guess!", stranger).await,
                Err(Error::Forbidden(_))
            ));
        }
        // The stranger is stopped, even with the right password…
        assert!(matches!(
            app.login_from("probe2", "the owners secret", stranger)
                .await,
            Err(Error::TryLater(_))
        ));
        // …and the owner signs in from their own address.
        assert!(
            app.login_from("probe2", "the owners secret", owner)
                .await
                .is_ok()
        );
    }
}

/// A configured secret key pseudonymises instead of the database's own, gives the same
/// pseudonyms every time, and a different key is refused before anything is written.
#[tokio::test]
async fn a_configured_secret_key_is_used_and_a_different_one_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let tables = sightline_synth::annex_a::generate(sightline_synth::annex_a::Settings {
        children: 40,
        seed: 3,
        as_at: date(2024, 1, 15),
        messy: sightline_synth::annex_a::Messy::None,
    });
    let csv = dir.path().join("csv");
    sightline_synth::annex_a::write_csv_dir(&tables, &csv).expect("csv");
    let db = dir.path().join("s.db");
    let actor = Actor("analyst".into());
    let key_a = "a".repeat(40);
    let no_progress = |_: usize, _: usize| {};

    let short = Sightline::open(&db)
        .await
        .expect("app")
        .with_secret_key("too short");
    assert!(matches!(short, Err(Error::Invalid(_))));

    let app = Sightline::open(&db)
        .await
        .expect("app")
        .with_secret_key(&key_a)
        .expect("key");
    let first = app
        .load_extract(&actor, &csv, None, LoadAs::pseudonymised(), &no_progress)
        .await
        .expect("loads");
    let again = app
        .load_extract(&actor, &csv, None, LoadAs::pseudonymised(), &no_progress)
        .await
        .expect("loads again");
    let ids = |rows: &[(u8, sightline_core::annex_a::Record)]| -> Vec<String> {
        rows.iter()
            .map(|(_, r)| format!("{:?}", r.values.first()))
            .collect()
    };
    let (_, a) = app.db().extract_rows(first.id).await.expect("rows");
    let (_, b) = app.db().extract_rows(again.id).await.expect("rows");
    assert!(!a.is_empty());
    assert!(
        ids(&a).iter().all(|id| id.contains("p-")),
        "{:?}",
        &ids(&a)[..3]
    );
    assert_eq!(ids(&a), ids(&b), "one key, the same pseudonyms");
    let held = app.db().setting("pseudonym_secret").await.expect("setting");
    assert_eq!(
        held, None,
        "the configured key is not written to the database"
    );
    let extracts = app.db().extracts().await.expect("extracts").len();
    // The council's own ids are nowhere in the database's files: not in the rows, the
    // findings, nor beside the pseudonyms (sealed there).
    let own: Vec<String> = std::fs::read_to_string(csv.join("list_8.csv"))
        .expect("list 8")
        .lines()
        .skip(1)
        .filter_map(|l| {
            l.split(',')
                .next()
                .map(|id| id.trim_matches('"').to_string())
        })
        .filter(|id| !id.is_empty())
        .collect();
    assert!(!own.is_empty());
    let mut bytes = Vec::new();
    for f in ["s.db", "s.db-wal"] {
        bytes.extend(std::fs::read(dir.path().join(f)).unwrap_or_default());
    }
    let hexish = |b: u8| b.is_ascii_hexdigit();
    for id in &own {
        let found = bytes.windows(id.len() + 2).any(|w| {
            &w[1..=id.len()] == id.as_bytes() && !hexish(w[0]) && !hexish(w[id.len() + 1])
        });
        assert!(!found, "the council's own id {id} is in the database");
    }
    drop(app);

    let other = Sightline::open(&db)
        .await
        .expect("app")
        .with_secret_key(&"b".repeat(40))
        .expect("key");
    let refused = other
        .load_extract(&actor, &csv, None, LoadAs::pseudonymised(), &no_progress)
        .await;
    assert!(
        matches!(&refused, Err(Error::Invalid(m)) if m.contains("different secret key")),
        "{refused:?}"
    );
    assert_eq!(
        other.db().extracts().await.expect("extracts").len(),
        extracts
    );
    // Without a key nothing is pseudonymised, and no key is made and kept in the database.
    let none = Sightline::open(&db).await.expect("app");
    let refused = none
        .load_extract(&actor, &csv, None, LoadAs::pseudonymised(), &no_progress)
        .await;
    assert!(
        matches!(&refused, Err(Error::Invalid(m)) if m.contains("secret key kept outside the database")),
        "{refused:?}"
    );
    // Raw identifiers are never loaded beside pseudonyms.
    let raw = none
        .load_extract(&actor, &csv, None, LoadAs::raw(), &no_progress)
        .await;
    assert!(
        matches!(&raw, Err(Error::Invalid(m)) if m.contains("are pseudonymised")),
        "{raw:?}"
    );
    assert_eq!(
        none.db().extracts().await.expect("extracts").len(),
        extracts
    );
}

/// A fresh database without a key: the first raw load sets the installation's kind, and a
/// pseudonymised load is refused beside it.
#[tokio::test]
async fn an_installation_is_raw_or_pseudonymised_never_both() {
    let dir = tempfile::tempdir().expect("temp dir");
    let tables = sightline_synth::annex_a::generate(sightline_synth::annex_a::Settings {
        children: 30,
        seed: 4,
        as_at: date(2024, 1, 15),
        messy: sightline_synth::annex_a::Messy::None,
    });
    sightline_synth::annex_a::write_csv_dir(&tables, dir.path()).expect("csv");
    let app = fresh()
        .await
        .expect("app")
        .with_secret_key(&"k".repeat(32))
        .expect("key");
    let actor = Actor("analyst".into());
    app.load_extract(&actor, dir.path(), None, LoadAs::raw(), &|_, _| {})
        .await
        .expect("raw load");
    let mixed = app
        .load_extract(
            &actor,
            dir.path(),
            None,
            LoadAs::pseudonymised(),
            &|_, _| {},
        )
        .await;
    assert!(
        matches!(&mixed, Err(Error::Invalid(m)) if m.contains("own child identifiers")),
        "{mixed:?}"
    );
    assert_eq!(app.db().extracts().await.expect("x").len(), 1);
}

/// An upload of one list is refused unless it is said to be partial; then the other lists'
/// figures stay with the last complete extract, never turned into zeros. An extract of
/// headers alone is refused.
#[tokio::test]
async fn a_partial_extract_keeps_the_other_lists_figures_and_an_empty_one_is_refused() {
    use sightline_app::disclosure::Audience;
    let dir = tempfile::tempdir().expect("temp dir");
    let whole = dir.path().join("whole");
    let tables = sightline_synth::annex_a::generate(sightline_synth::annex_a::Settings {
        children: 200,
        seed: 8,
        as_at: date(2024, 1, 15),
        messy: sightline_synth::annex_a::Messy::None,
    });
    sightline_synth::annex_a::write_csv_dir(&tables, &whole).expect("csv");
    let app = fresh()
        .await
        .expect("app")
        .with_secret_key(&"k".repeat(32))
        .expect("key");
    let actor = Actor("analyst".into());
    let first = app
        .load_extract(&actor, &whole, None, LoadAs::pseudonymised(), &|_, _| {})
        .await
        .expect("whole extract");
    let one = dir.path().join("list_3.csv");
    std::fs::copy(whole.join("list_3.csv"), &one).expect("copy");
    let refused = app
        .load_extract(
            &actor,
            &one,
            Some(date(2024, 2, 15)),
            LoadAs::pseudonymised(),
            &|_, _| {},
        )
        .await;
    assert!(
        matches!(&refused, Err(Error::Invalid(m)) if m.contains("1 (contacts)") && m.contains("--partial")),
        "{refused:?}"
    );
    let second = app
        .load_extract(
            &actor,
            &one,
            Some(date(2024, 2, 15)),
            LoadAs {
                pseudonymise: true,
                partial: true,
            },
            &|_, _| {},
        )
        .await
        .expect("partial extract");
    let card = app
        .scorecard(&actor, Audience::ChildLevel, None)
        .await
        .expect("scorecard");
    assert_eq!(card.extract_id, Some(second.id));
    let figure = |id: &str| {
        card.indicators
            .iter()
            .find(|j| j.definition.id == id)
            .and_then(|j| j.latest.clone())
            .expect("a figure")
    };
    // Contacts (list 1) are not in the partial extract: the whole extract's figure, with its date.
    let contacts = figure("contacts");
    assert_eq!(contacts.extract_id, Some(first.id));
    assert_eq!(contacts.as_at, date(2024, 1, 15));
    assert!(contacts.figure.numbers().expect("shown").numerator > 0);
    // Referrals (list 3) come from the partial extract.
    assert_eq!(figure("referrals").extract_id, Some(second.id));

    // Headers and no rows.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).expect("dir");
    for f in std::fs::read_dir(&whole).expect("dir") {
        let f = f.expect("entry").path();
        let text = std::fs::read_to_string(&f).expect("text");
        let header = text.lines().next().expect("header");
        std::fs::write(
            empty.join(f.file_name().expect("name")),
            format!("{header}\n"),
        )
        .expect("write");
    }
    let refused = app
        .load_extract(&actor, &empty, None, LoadAs::pseudonymised(), &|_, _| {})
        .await;
    assert!(
        matches!(&refused, Err(Error::Invalid(m)) if m.contains("no rows")),
        "{refused:?}"
    );
}

/// Progress records what has happened: an update dated after today is refused, and nothing is
/// written.
#[tokio::test]
async fn progress_dated_in_the_future_is_refused() {
    let app = fresh().await.expect("app");
    let admin = Actor("manager".into());
    let plan = app
        .db()
        .save_plan(&admin, &sightline_synth::northfield_plan(None))
        .await
        .expect("plan");
    let status = app
        .plan_status(Some(plan), jiff::Zoned::now().date(), &Default::default())
        .await
        .expect("status");
    let action = status.priorities[0].actions[0].id.expect("an action id");
    let before = app.db().audit_log(100).await.expect("audit").len();
    let tomorrow = jiff::Zoned::now()
        .date()
        .checked_add(jiff::Span::new().days(1))
        .expect("date");
    let refused = app
        .update_action(
            &admin,
            action,
            sightline_app::ActionUpdate {
                date: tomorrow,
                text: "Signed off".into(),
                status: None,
                milestone_done: None,
            },
        )
        .await;
    assert!(
        matches!(&refused, Err(Error::Invalid(m)) if m.contains("after today")),
        "{refused:?}"
    );
    assert_eq!(app.db().audit_log(100).await.expect("audit").len(), before);
}

/// One target per measure: the plan's words set the measure's record when it has none, a
/// record that disagrees stands and is reported, and a record off track turns the actions it
/// serves amber with the reason (issue 15).
#[tokio::test]
async fn a_plans_targets_are_the_measures_records_and_off_track_turns_actions_amber() {
    use sightline_core::indicator::judge::Target;
    let dir = tempfile::tempdir().expect("temp dir");
    let as_at = date(2026, 10, 31);
    let tables = sightline_synth::annex_a::generate(sightline_synth::annex_a::Settings {
        children: 300,
        seed: 21,
        as_at,
        messy: sightline_synth::annex_a::Messy::None,
    });
    sightline_synth::annex_a::write_csv_dir(&tables, dir.path()).expect("csv");
    let app = fresh().await.expect("app");
    let admin = Actor("admin".into());
    app.load_extract(&admin, dir.path(), Some(as_at), LoadAs::raw(), &|_, _| {})
        .await
        .expect("loads");
    // A record for care leavers in touch already says 90%; the plan's words say 95%.
    app.set_target(
        &admin,
        &Target {
            indicator: "care_leavers_in_touch_pct".into(),
            value: 90.0,
            tolerance: 3.0,
            from: date(2024, 4, 1),
            to: date(2027, 9, 30),
            owner: "Head of Service, Care Leavers".into(),
            set_by: "board".into(),
            reason: "national context".into(),
            kind: Default::default(),
        },
    )
    .await
    .expect("record");
    let plan = sightline_synth::northfield_plan(None);
    let id = app.db().save_plan(&admin, &plan).await.expect("plan");
    let notes = app
        .adopt_plan_targets(&admin, &plan, date(2026, 11, 27), false)
        .await
        .expect("adopted");
    let note = |ind: &str| {
        notes
            .iter()
            .find(|n| n.indicator.as_deref() == Some(ind))
            .unwrap_or_else(|| panic!("a note for {ind}: {notes:?}"))
    };
    assert_eq!(
        note("assessments_within_45wd_pct").note,
        "set the target record: 90%"
    );
    assert_eq!(
        note("re_referrals_12m_pct").note,
        "set the target record: 22%"
    );
    let leavers = note("care_leavers_in_touch_pct");
    assert!(leavers.disagrees, "{leavers:?}");
    assert!(
        leavers.note.starts_with(
            "the words say 95%, but the target record for care_leavers_in_touch_pct is 90%"
        ),
        "{}",
        leavers.note
    );
    // One record per measure: the plan's re-referral words made the only one.
    let records = app.targets().await.expect("targets");
    let rr: Vec<_> = records
        .iter()
        .filter(|t| t.target.indicator == "re_referrals_12m_pct")
        .collect();
    assert_eq!(rr.len(), 1);
    assert_eq!(
        (rr[0].target.value, rr[0].target.tolerance, rr[0].target.to),
        (22.0, 2.0, date(2027, 3, 31))
    );
    assert_eq!(
        rr[0].target.from,
        date(2024, 12, 1),
        "from the plan's period"
    );
    assert!(
        rr[0]
            .target
            .reason
            .starts_with("improvement plan priority 2: ")
    );
    // Running it again sets nothing more.
    let again = app
        .adopt_plan_targets(&admin, &plan, date(2026, 11, 27), false)
        .await
        .expect("again");
    assert!(
        again.iter().all(|n| !n.note.starts_with("set ")),
        "{again:?}"
    );
    assert_eq!(app.targets().await.expect("targets").len(), records.len());

    // Now a record that the extract's re-referral figure misses: 0% with no tolerance.
    app.set_target(
        &admin,
        &Target {
            indicator: "re_referrals_12m_pct".into(),
            value: 0.0,
            tolerance: 0.0,
            from: date(2025, 1, 1),
            to: date(2027, 3, 31),
            owner: "Head of Service, Front Door".into(),
            set_by: "board".into(),
            reason: "to test".into(),
            kind: Default::default(),
        },
    )
    .await
    .expect("record");
    let on = date(2026, 11, 1);
    let status = app
        .plan_status(
            Some(id),
            on,
            &sightline_core::rag::RagRules {
                as_now_known: true,
                ..Default::default()
            },
        )
        .await
        .expect("status");
    let front_door = &status.priorities[1];
    let rr_line = front_door
        .targets
        .iter()
        .find(|t| t.indicator.as_deref() == Some("re_referrals_12m_pct"))
        .expect("target line");
    let why = rr_line.off_track.as_deref().expect("off track");
    assert!(
        why.contains("above the target of 0%") && why.ends_with("as at 2026-10-31"),
        "{why}"
    );
    // Every action of the priority that would be green is amber, saying which target.
    let amber: Vec<_> = front_door
        .actions
        .iter()
        .filter(|a| a.rating.colour == sightline_core::rag::Rag::Amber)
        .collect();
    assert!(!amber.is_empty(), "{:?}", front_door.actions);
    assert!(amber.iter().any(|a| a.rating.reason.starts_with(
        "a target it serves 'Re-referrals within 12 months down to 22% by March 2027' is off track: "
    )));
    assert!(
        front_door
            .actions
            .iter()
            .all(|a| a.rating.colour != sightline_core::rag::Rag::Green)
    );
    // As known on that day, the 0% record (set today) did not exist: the plan's 22% was in
    // force from December 2024.
    let then = app
        .plan_status(Some(id), on, &Default::default())
        .await
        .expect("status");
    let line = then.priorities[1]
        .targets
        .iter()
        .find(|t| t.indicator.as_deref() == Some("re_referrals_12m_pct"))
        .expect("line");
    assert!(
        line.off_track.is_none()
            || line
                .off_track
                .as_deref()
                .is_some_and(|w| w.contains("target of 22%")),
        "{line:?}"
    );
}

/// A target of a kind found on the day: better than the same period last year is judged
/// against the figure of a year before; a trajectory point no percentage can reach is refused.
#[tokio::test]
async fn a_year_on_year_target_is_judged_against_last_years_figure() {
    use sightline_app::disclosure::Audience;
    use sightline_core::indicator::judge::{Target, TargetKind};
    let dir = tempfile::tempdir().expect("temp dir");
    let app = fresh().await.expect("app");
    let admin = Actor("admin".into());
    for (k, as_at) in [date(2025, 10, 31), date(2026, 10, 31)]
        .into_iter()
        .enumerate()
    {
        let tables = sightline_synth::annex_a::generate(sightline_synth::annex_a::Settings {
            children: 400,
            seed: 30 + k as u64,
            as_at,
            messy: sightline_synth::annex_a::Messy::None,
        });
        let out = dir.path().join(format!("x{k}"));
        sightline_synth::annex_a::write_csv_dir(&tables, &out).expect("csv");
        app.load_extract(&admin, &out, Some(as_at), LoadAs::raw(), &|_, _| {})
            .await
            .expect("loads");
    }
    let target = |kind: TargetKind| Target {
        indicator: "cin_seen_in_timescale_pct".into(),
        value: 0.0,
        tolerance: 0.0,
        from: date(2025, 4, 1),
        to: date(2027, 3, 31),
        owner: "Head of Service".into(),
        set_by: "board".into(),
        reason: "year on year".into(),
        kind,
    };
    app.set_target(&admin, &target(TargetKind::LastYear))
        .await
        .expect("set");
    let card = app
        .scorecard(&admin, Audience::ChildLevel, None)
        .await
        .expect("scorecard");
    let j = card
        .indicators
        .iter()
        .find(|j| j.definition.id == "cin_seen_in_timescale_pct")
        .expect("judged");
    let then = j
        .series
        .first()
        .and_then(|(_, v)| *v)
        .expect("last year's figure");
    let now = j
        .latest
        .as_ref()
        .and_then(|f| f.figure.value())
        .expect("this year's");
    assert!(
        j.rating
            .reason
            .contains("(the figure as at 2025-10-31, a year before)"),
        "{}",
        j.rating
    );
    let expected = if now >= then {
        sightline_core::rag::Rag::Green
    } else {
        sightline_core::rag::Rag::Red
    };
    assert_eq!(
        j.rating.colour, expected,
        "{then} then, {now} now: {}",
        j.rating
    );
    // A trajectory a percentage cannot reach is refused, naming the measure.
    let refused = app
        .set_target(
            &admin,
            &target(TargetKind::Trajectory {
                points: vec![(date(2026, 3, 31), 60.0), (date(2026, 9, 30), 120.0)],
            }),
        )
        .await;
    assert!(
        matches!(&refused, Err(Error::Invalid(m)) if m.contains("cin_seen_in_timescale_pct")),
        "{refused:?}"
    );
}

/// import(export(plan)) is the plan, whole: statuses, milestones, dated and signed updates,
/// overrides, the period, the inspection and the targets' indicators (issue 15).
#[tokio::test]
async fn an_exported_plan_imports_back_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let app = fresh().await.expect("app");
    let admin = Actor("admin".into());
    let mut inspection = None;
    for i in sightline_synth::northfield_journey() {
        inspection = Some(
            app.db()
                .record_inspection(&admin, &i)
                .await
                .expect("inspection")
                .id,
        );
    }
    let id = app
        .db()
        .save_plan(&admin, &sightline_synth::northfield_plan(inspection))
        .await
        .expect("plan");
    let strip = |mut p: sightline_core::plan::Plan| {
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
    };
    let saved = strip(app.plan(Some(id)).await.expect("read"));
    let updates: usize = saved
        .priorities
        .iter()
        .flat_map(|p| &p.actions)
        .map(|a| a.updates.len())
        .sum();
    assert!(
        updates > 20,
        "the demo plan has its two years of progress: {updates}"
    );
    let out = dir.path().join("plan.xlsx");
    app.export_plan_xlsx(Some(id), &out).await.expect("export");
    let back = app
        .import_plan(&admin, &out, "999", date(2026, 11, 27), None, true)
        .await
        .expect("import");
    assert_eq!(back.id, None, "a dry run");
    assert_eq!(strip(back.import.plan.clone()), saved);
    // It says what it did, and nothing was left unmatched.
    let rules: Vec<&str> = back
        .import
        .findings
        .iter()
        .map(|f| f.rule.as_str())
        .collect();
    assert!(rules.contains(&"plan-record-restored"), "{rules:?}");
    assert!(
        !rules.contains(&"plan-record-unmatched"),
        "{:?}",
        back.import.findings
    );
}

/// Two extracts cut from one history agree child by child; referrals removed from the later
/// one are told, with how many (issue 15's sense checks across extracts).
#[tokio::test]
async fn extracts_that_overlap_are_compared_child_by_child() {
    use sightline_app::disclosure::Audience;
    let dir = tempfile::tempdir().expect("temp dir");
    let history = sightline_synth::annex_a::generate_history(
        sightline_synth::annex_a::Settings {
            children: 1500,
            seed: 5,
            as_at: date(2026, 10, 31),
            messy: sightline_synth::annex_a::Messy::None,
        },
        182 + 120,
    );
    let app = fresh().await.expect("app");
    let admin = Actor("analyst".into());
    let load = |tables: Vec<sightline_synth::annex_a::Table>, k: usize, as_at| {
        let out = dir.path().join(format!("x{k}"));
        sightline_synth::annex_a::write_csv_dir(&tables, &out).expect("csv");
        let app = &app;
        let admin = &admin;
        async move {
            app.load_extract(admin, &out, Some(as_at), LoadAs::raw(), &|_, _| {})
                .await
                .expect("loads")
                .id
        }
    };
    load(
        sightline_synth::annex_a::at(&history, date(2026, 9, 30)),
        0,
        date(2026, 9, 30),
    )
    .await;
    let mut later = sightline_synth::annex_a::at(&history, date(2026, 10, 31));
    let same = load(later.clone(), 1, date(2026, 10, 31)).await;
    let report = app
        .quality_report(Audience::ChildLevel, Some(same))
        .await
        .expect("report");
    let rules: Vec<&str> = report.sense.iter().map(|c| c.rule).collect();
    assert!(
        !rules
            .iter()
            .any(|r| r.starts_with("overlapping") || *r == "stock-does-not-reconcile"),
        "one history agrees with itself: {:?}",
        report.sense
    );
    // Take five August referrals out of the later extract.
    let referrals = later.iter_mut().find(|t| t.list == 3).expect("list 3");
    let c = referrals
        .header
        .iter()
        .position(|h| h == "Date of referral")
        .expect("column");
    let mut removed = 0;
    referrals.rows.retain(|r| {
        let august = matches!(&r[c], sightline_synth::annex_a::Cell::Date(d)
            if d.year() == 2026 && d.month() == 8);
        if august && removed < 5 {
            removed += 1;
            false
        } else {
            true
        }
    });
    assert_eq!(removed, 5);
    let changed = load(later, 2, date(2026, 10, 31)).await;
    let report = app
        .quality_report(Audience::ChildLevel, Some(changed))
        .await
        .expect("report");
    let by_child = report
        .sense
        .iter()
        .find(|c| c.rule == "overlapping-extracts-disagree-by-child")
        .expect("told");
    assert!(
        by_child.message.starts_with(
            "referrals dated 2026-06-01 to 2026-09-30: 5 in the extract as at 2026-09-30 are not in"
        ),
        "{}",
        by_child.message
    );
}

/// Owners write commentary per indicator per month: signed, versioned, audited without its
/// words; viewers read it and cannot write it (issue 16).
#[tokio::test]
async fn commentary_is_signed_versioned_and_audited() {
    use sightline_core::access::Role;
    let app = fresh().await.expect("app");
    let jo = Actor("jo.bloggs".into());
    let id = "re_referrals_12m_pct";
    let refused = app
        .add_commentary(Role::Viewer, &jo, id, "2026-10", "Up because …")
        .await;
    assert!(matches!(refused, Err(Error::Forbidden(_))), "{refused:?}");
    for (period, text) in [
        ("2026-13", "x"),
        ("Oct 2026", "x"),
        ("2026-10", "   "),
        ("2026-10", &"x".repeat(4_001)),
    ] {
        let bad = app
            .add_commentary(Role::Manager, &jo, id, period, text)
            .await;
        assert!(matches!(bad, Err(Error::Invalid(_))), "{period}: {bad:?}");
    }
    assert!(matches!(
        app.add_commentary(Role::Manager, &jo, "no_such", "2026-10", "x")
            .await,
        Err(Error::Invalid(_))
    ));
    let first = app
        .add_commentary(
            Role::Manager,
            &jo,
            id,
            "2026-10",
            "Re-referrals rose with the new front door screening; audit under way.",
        )
        .await
        .expect("first");
    let second = app
        .add_commentary(
            Role::Analyst,
            &Actor("sam.analyst".into()),
            id,
            "2026-10",
            "Audit found 6 of 40 re-referrals were duplicates: corrected next month.",
        )
        .await
        .expect("second");
    assert_eq!((first, second), (1, 2));
    let latest = app
        .latest_commentary(id, "2026-10")
        .await
        .expect("read")
        .expect("one");
    assert_eq!((latest.version, latest.author.as_str()), (2, "sam.analyst"));
    assert_eq!(
        app.commentary(Some(id)).await.expect("all").len(),
        2,
        "kept, not edited"
    );
    assert_eq!(
        app.latest_commentary(id, "2026-09").await.expect("read"),
        None
    );
    let log = app.db().audit_log(5).await.expect("log");
    let entry = log
        .iter()
        .find(|e| e.action == "commentary.add")
        .expect("audited");
    assert_eq!(entry.detail, "re_referrals_12m_pct for 2026-10");
    assert_eq!(entry.after.as_deref(), Some("version 2"));
    assert!(
        log.iter().all(|e| !e.detail.contains("duplicates")),
        "no words in the log"
    );
}

mod packs {
    use super::fresh;
    use sightline_app::disclosure::{Audience, Disclosed};
    use sightline_app::{Actor, Error, Format, PackRequest};
    use sightline_core::access::Role;
    use sightline_core::indicator::judge::format_value;
    use sightline_core::pack::{Kind, Marking};
    use sightline_report::pack::{Pack, Table, TableRole};

    fn request(kind: Kind, public: bool, period: &str) -> PackRequest {
        PackRequest {
            kind,
            period: period.into(),
            public,
            contact: Some("Jo Bloggs, Head of Performance, 0116 000 0000".into()),
        }
    }

    /// The scorecard row of an indicator, by its title.
    fn row<'p>(pack: &'p Pack, title: &str) -> &'p [sightline_report::pack::Cell] {
        pack.tables(TableRole::Scorecard)
            .flat_map(|t| &t.rows)
            .find(|r| r[1].text == title)
            .map(|r| r.as_slice())
            .unwrap_or_else(|| panic!("no scorecard row for {title}"))
    }

    fn worker_names(pack: &Pack) -> Vec<String> {
        pack.sections
            .iter()
            .flat_map(|s| &s.blocks)
            .filter_map(|b| match b {
                sightline_report::pack::Block::Table(t) => Some(t),
                _ => None,
            })
            .filter(|t: &&Table| t.caption.contains("by team and worker"))
            .flat_map(|t| &t.rows)
            .filter(|r| r[0].text == "worker")
            .map(|r| r[1].text.clone())
            .collect()
    }

    fn docx_text(bytes: &[u8]) -> String {
        use std::io::Read;
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
        let mut s = String::new();
        z.by_name("word/document.xml")
            .expect("document")
            .read_to_string(&mut s)
            .expect("read");
        s
    }

    fn xlsx_strings(bytes: &[u8]) -> Vec<String> {
        use calamine::Reader;
        let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).expect("workbook");
        let mut out = Vec::new();
        for name in book.sheet_names() {
            let range = book.worksheet_range(&name).expect("sheet");
            out.extend(range.cells().map(|(_, _, c)| c.to_string()));
        }
        out
    }

    #[tokio::test]
    async fn a_pack_is_the_stored_figures_with_their_commentary_and_reads_the_same_later() {
        let app = fresh()
            .await
            .expect("app")
            .with_secret_key(&"k".repeat(32))
            .expect("key");
        let demo = app.build_demo().await.expect("demo");
        // The demo reports its latest month: the last month end before today.
        let period = app.pack_periods().await.expect("periods")[0].clone();
        assert_eq!(demo.pack_period.as_deref(), Some(period.as_str()));
        assert_eq!(demo.packs_built, 6);
        // With the packs the demo's past meetings had.
        let before = app.packs(Role::Analyst).await.expect("list").len();
        let before_public = app.packs(Role::Viewer).await.expect("list").len();
        assert!(before > 6);
        let analyst = Actor("sam.analyst".into());
        let icpc = "ICPCs within 15 working days";
        app.add_commentary(
            Role::Manager,
            &Actor("jo.manager".into()),
            "icpc_within_15wd_pct",
            &period,
            "Two chairs left in August; agency cover from November.",
        )
        .await
        .expect("commentary");

        // Viewers download public packs; they do not build them.
        let refused = app
            .build_pack(
                Role::Viewer,
                &analyst,
                &request(Kind::Scrutiny, true, &period),
                Format::Html,
            )
            .await;
        assert!(matches!(refused, Err(Error::Forbidden(_))), "{refused:?}");
        // A period with no extract is refused, naming the periods there are.
        let none = app
            .build_pack(
                Role::Analyst,
                &analyst,
                &PackRequest {
                    period: "2025-01".into(),
                    ..request(Kind::Scrutiny, false, &period)
                },
                Format::Html,
            )
            .await;
        assert!(
            matches!(&none, Err(Error::Invalid(m)) if m.contains("no extract is held as at 2025-01") && m.contains(period.as_str())),
            "{none:?}"
        );

        let built = app
            .build_pack(
                Role::Analyst,
                &analyst,
                &request(Kind::Scrutiny, false, &period),
                Format::Html,
            )
            .await
            .expect("restricted pack");
        let pack = &built.document;
        assert_eq!(pack.marking, Marking::OfficialSensitive);
        // The scorecard rows are the stored figures, as the scorecard judges them.
        let card = app
            .scorecard(
                &analyst,
                Audience::ChildLevel,
                Some(built.record.inputs.extract_id),
            )
            .await
            .expect("scorecard");
        assert_eq!(
            card.as_at.map(|d| d.strftime("%Y-%m").to_string()),
            Some(period.clone())
        );
        let mut compared = 0;
        for j in &card.indicators {
            let r = row(pack, j.definition.title);
            let expected = match j.latest.as_ref().map(|f| &f.figure) {
                Some(Disclosed::Shown(n)) => n.value.map_or("no value".to_string(), |v| {
                    format_value(j.definition.unit, v)
                }),
                Some(Disclosed::Suppressed(_)) => "c".into(),
                None => "no value".into(),
            };
            assert_eq!(r[5].text, expected, "{}", j.definition.id);
            assert_eq!(r[6].rag, Some(j.rating.colour), "{}", j.definition.id);
            compared += 1;
        }
        assert_eq!(compared, sightline_core::indicator::CATALOGUE.len());
        // Commentary appears against its indicator, signed in the restricted pack.
        let r = row(pack, icpc);
        assert!(
            r[10].text.starts_with(
                "Two chairs left in August; agency cover from November. (jo.manager, "
            ),
            "{}",
            r[10].text
        );
        let html = String::from_utf8(built.bytes.clone()).expect("utf-8");
        assert!(html.contains("Two chairs left in August"));
        // Exceptions without commentary are listed with the owner to ask.
        assert!(!built.without_commentary.is_empty());
        assert!(
            built
                .without_commentary
                .iter()
                .all(|(id, _, _)| id != "icpc_within_15wd_pct")
        );
        // The restricted version names workers; they are what the public one must not.
        let workers = worker_names(pack);
        assert!(
            !workers.is_empty(),
            "the restricted pack breaks exceptions down by worker"
        );
        for section in [
            "Purpose",
            "Recommendations",
            "Summary",
            "Performance",
            "Plan progress",
            "Implications",
            "Officer to contact",
            "Definitions",
        ] {
            assert!(
                pack.sections.iter().any(|s| s.heading == section),
                "{section}"
            );
        }

        // Public: suppressed through the shared layer (a high threshold, so there is some).
        let mut settings = app.indicator_settings().await.expect("settings");
        settings.small_number = 60;
        app.set_indicator_settings(&analyst, &settings)
            .await
            .expect("settings");
        let aggregate = app
            .scorecard(
                &analyst,
                Audience::Aggregate,
                Some(built.record.inputs.extract_id),
            )
            .await
            .expect("scorecard");
        let suppressed: Vec<_> = aggregate
            .indicators
            .iter()
            .filter(|j| j.latest.as_ref().is_some_and(|f| f.figure.is_suppressed()))
            .collect();
        assert!(
            !suppressed.is_empty(),
            "the threshold suppresses some figures"
        );
        for format in Format::ALL {
            let public = app
                .build_pack(
                    Role::Analyst,
                    &analyst,
                    &request(Kind::ImprovementBoard, true, &period),
                    format,
                )
                .await
                .expect("public pack");
            assert_eq!(public.record.marking, Marking::Public);
            let doc = &public.document;
            for j in &suppressed {
                let r = row(doc, j.definition.title);
                assert_eq!(r[5].text, "c", "{} is suppressed", j.definition.id);
                // No number for it anywhere in the row: not the trend's last value either.
                assert!(
                    r[4].text.ends_with('c'),
                    "{}: trend {}",
                    j.definition.id,
                    r[4].text
                );
            }
            assert!(worker_names(doc).is_empty());
            let text = match format {
                Format::Html => String::from_utf8(public.bytes.clone()).expect("utf-8"),
                Format::Docx => docx_text(&public.bytes),
                Format::Xlsx => xlsx_strings(&public.bytes).join("\n"),
                Format::Pdf => {
                    // The PDF's text is checked with pdftotext in sightline-report-print; here:
                    // it is a PDF.
                    assert!(public.bytes.starts_with(b"%PDF-"));
                    continue;
                }
            };
            assert!(
                !text.contains("OFFICIAL-SENSITIVE: not for publication"),
                "{format:?}"
            );
            assert!(text.contains("PUBLIC: for publication"), "{format:?}");
            for w in &workers {
                assert!(!text.contains(w.as_str()), "{format:?} names {w}");
            }
            assert!(
                !text.contains("jo.manager"),
                "{format:?}: no commentary author"
            );
            assert!(
                text.contains("Two chairs left in August"),
                "{format:?}: commentary kept"
            );
        }

        // A year on: more commentary, a changed threshold; the stored pack reads the same.
        app.add_commentary(
            Role::Manager,
            &Actor("jo.manager".into()),
            "icpc_within_15wd_pct",
            &period,
            "Corrected: three chairs left.",
        )
        .await
        .expect("commentary v2");
        let again = app
            .render_pack(Role::Analyst, built.record.id, Format::Html)
            .await
            .expect("again");
        assert_eq!(again.bytes, built.bytes, "the same pack, byte for byte");
        assert_eq!(
            again.record.inputs.commentary.len(),
            built.record.inputs.commentary.len()
        );
        let listed = app.packs(Role::Analyst).await.expect("list");
        assert_eq!(listed.len(), before + 5, "the demo's and these five");
        assert_eq!(
            listed
                .iter()
                .find(|p| p.id == built.record.id)
                .map(|p| &p.outputs[0].sha256),
            Some(&built.record.outputs[0].sha256)
        );
        // Viewers list and download public packs only.
        let theirs = app.packs(Role::Viewer).await.expect("viewer's list");
        assert_eq!(theirs.len(), before_public + 4);
        assert!(theirs.iter().all(|p| p.marking == Marking::Public));
        assert!(
            app.render_pack(Role::Viewer, built.record.id, Format::Pdf)
                .await
                .is_err()
        );
        let log = app.db().audit_log(200).await.expect("log");
        assert_eq!(
            log.iter().filter(|e| e.action == "pack.build").count(),
            before + 5,
            "every build audited"
        );
    }
}

mod money {
    use super::fresh;
    use jiff::civil::date;
    use sightline_app::disclosure::Audience;
    use sightline_app::{Actor, Error};
    use sightline_core::access::Role;
    use sightline_core::money::{BudgetChange, FinancialYear, Funding, InvestmentLine, Permanence};
    use sightline_core::rag::Rag;

    fn line(code: &str, budgets: &[(i16, i64, jiff::civil::Date)]) -> InvestmentLine {
        InvestmentLine {
            id: None,
            code: code.into(),
            name: format!("Line {code}"),
            owner: "Head of Service".into(),
            permanence: Permanence::OneOff,
            funding: Funding::Grant,
            starts: date(2026, 4, 1),
            ends: Some(date(2027, 3, 31)),
            funds_permanent_posts: false,
            budgets: budgets
                .iter()
                .map(|(y, a, from)| BudgetChange {
                    year: FinancialYear(*y),
                    amount: *a,
                    from: *from,
                    reason: String::new(),
                })
                .collect(),
            actions: vec![],
            indicators: vec![],
            long_term: "Capacity that outlasts the grant".into(),
        }
    }

    #[tokio::test]
    async fn the_finance_export_loads_whole_or_not_at_all_and_the_year_turns_on_31_march() {
        let app = fresh().await.expect("app");
        let jo = Actor("jo.finance".into());
        let dir = tempfile::tempdir().expect("dir");
        // Viewers and analysts do not manage money.
        for role in [Role::Viewer, Role::Analyst] {
            let r = app
                .save_line(
                    role,
                    &jo,
                    &line("CS-01", &[(2026, 12_000_000, date(2026, 4, 1))]),
                )
                .await;
            assert!(matches!(r, Err(Error::Forbidden(_))), "{role}");
        }
        // A line that is not whole is refused with why.
        let bad = InvestmentLine {
            indicators: vec!["no_such_indicator".into()],
            ..line("CS-01", &[])
        };
        assert!(matches!(
            app.save_line(Role::Manager, &jo, &bad).await,
            Err(Error::Invalid(m)) if m.contains("no_such_indicator")
        ));
        app.save_line(
            Role::Manager,
            &jo,
            &line(
                "CS-01",
                &[
                    (2026, 12_000_000, date(2026, 4, 1)),
                    (2027, 6_000_000, date(2027, 4, 1)),
                ],
            ),
        )
        .await
        .expect("line");
        let dupe = app.save_line(Role::Admin, &jo, &line("CS-01", &[])).await;
        assert!(dupe.is_err(), "one line per code");

        // A file that is no finance export: an error, and nothing changes.
        let before = app.db().audit_log(100).await.expect("log").len();
        let junk = dir.path().join("junk.csv");
        std::fs::write(&junk, "Name,Amount\nA,1\n").expect("write");
        assert!(
            app.import_actuals(Role::Manager, &jo, &junk, date(2027, 3, 1), false)
                .await
                .is_err()
        );
        let corrupt = dir.path().join("corrupt.xlsx");
        std::fs::write(&corrupt, b"PK\x03\x04 not really a workbook").expect("write");
        assert!(
            app.import_actuals(Role::Manager, &jo, &corrupt, date(2027, 3, 1), false)
                .await
                .is_err()
        );
        assert_eq!(app.db().audit_log(100).await.expect("log").len(), before);
        assert!(app.db().actuals().await.expect("actuals").is_empty());

        // March 2027: £120k spent of £120k; a line Sightline does not hold is refused, kept
        // aside with its row.
        let march = dir.path().join("march.csv");
        std::fs::write(
            &march,
            "Cost centre,Budget,Actual to date,Commitments,Forecast outturn\n\
             CS-01,120000,120000,0,120000\n\
             CS-99,5,5,0,5\n",
        )
        .expect("write");
        let dry = app
            .import_actuals(Role::Manager, &jo, &march, date(2027, 3, 1), true)
            .await
            .expect("dry run");
        assert_eq!((dry.loaded, dry.read.actuals.len()), (0, 1));
        assert!(
            app.db().actuals().await.expect("actuals").is_empty(),
            "dry run"
        );
        let done = app
            .import_actuals(Role::Manager, &jo, &march, date(2027, 3, 1), false)
            .await
            .expect("loads");
        assert_eq!(
            (done.loaded, done.replaced, done.read.rows_rejected),
            (1, 0, 1)
        );
        let unknown = done
            .read
            .findings
            .iter()
            .find(|f| f.rule == "finance-unknown-line")
            .expect("refused");
        assert_eq!((unknown.row, unknown.value.as_deref()), (3, Some("CS-99")));
        // Loading the month again replaces it.
        let again = app
            .import_actuals(Role::Manager, &jo, &march, date(2027, 3, 1), false)
            .await
            .expect("again");
        assert_eq!((again.loaded, again.replaced), (1, 1));
        assert_eq!(app.db().actuals().await.expect("actuals").len(), 1);

        let on = |d| {
            let app = &app;
            let jo = &jo;
            async move {
                app.money_status(jo, Audience::ChildLevel, d)
                    .await
                    .expect("status")
            }
        };
        // 31 March: the year's last day, spent to the penny.
        let s = on(date(2027, 3, 31)).await;
        assert_eq!(s.year, "2026-27");
        assert_eq!(s.lines[0].standing.rating.colour, Rag::Green);
        assert_eq!(
            s.lines[0].standing.rating.reason,
            "on the profiled budget at month 12; forecast on budget"
        );
        // 1 April: a new year, its own budget, no actuals yet.
        let s = on(date(2027, 4, 1)).await;
        assert_eq!(s.year, "2027-28");
        assert_eq!(s.lines[0].standing.budget, Some(6_000_000));
        assert_eq!(s.lines[0].standing.rating.colour, Rag::Grey);
        assert_eq!(s.total.rating.colour, Rag::Grey);
        let log = app.db().audit_log(100).await.expect("log");
        assert_eq!(log.iter().filter(|e| e.action == "money.import").count(), 2);
        assert_eq!(
            log.iter().filter(|e| e.action == "money.line.add").count(),
            1
        );
    }
}

#[tokio::test]
async fn a_workforce_return_loads_whole_replaces_its_month_and_gives_the_dfe_measures() {
    use sightline_core::access::Role;
    let app = fresh().await.expect("app");
    let sam = Actor("sam.analyst".into());
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("hr.csv");
    std::fs::write(
        &file,
        "Team,Establishment FTE,Permanent FTE in post,Agency FTE,Leavers,Sickness days,ASYE,\
         Supervisions due,Supervisions in timescale,Cases held\n\
         Front Door,20,18,2,1,0,2,20,17,360\n\
         Child Protection,10,8,2,0,0,0,10,10,150\n",
    )
    .expect("write");
    assert!(matches!(
        app.import_workforce(Role::Viewer, &sam, &file, date(2026, 10, 1), false)
            .await,
        Err(Error::Forbidden(_))
    ));
    // Not a return: an error, nothing loaded, nothing audited.
    let junk = dir.path().join("junk.csv");
    std::fs::write(&junk, "Name,Amount\nA,1\n").expect("write");
    let before = app.db().audit_log(100).await.expect("log").len();
    assert!(
        app.import_workforce(Role::Analyst, &sam, &junk, date(2026, 10, 1), false)
            .await
            .is_err()
    );
    assert_eq!(app.db().audit_log(100).await.expect("log").len(), before);
    assert!(app.db().workforce().await.expect("rows").is_empty());
    let dry = app
        .import_workforce(Role::Analyst, &sam, &file, date(2026, 10, 1), true)
        .await
        .expect("dry run");
    assert_eq!((dry.loaded, dry.read.returns.len()), (0, 2));
    assert!(app.db().workforce().await.expect("rows").is_empty());
    app.import_workforce(Role::Analyst, &sam, &file, date(2026, 10, 1), false)
        .await
        .expect("loads");
    let again = app
        .import_workforce(Role::Analyst, &sam, &file, date(2026, 10, 1), false)
        .await
        .expect("again");
    assert_eq!((again.loaded, again.replaced), (2, 2));
    assert_eq!(app.db().workforce().await.expect("rows").len(), 2);
    let aggregate = sightline_app::disclosure::Audience::Aggregate;
    let s = app
        .workforce_status(&sam, aggregate, None)
        .await
        .expect("status");
    // Authority: agency 4 of 30 FTE = 13.3%; vacancies (2 + 2) of (4 + 26) = 13.3%; 510 cases
    // over 30 FTE = 17; supervision 27 of 30 = 90%.
    assert_eq!(s.authority.agency_rate.value, Some(13.3));
    assert_eq!(s.authority.vacancy_rate.value, Some(13.3));
    assert_eq!(s.authority.caseload.value, Some(17.0));
    assert_eq!(s.authority.supervision.value, Some(90.0));
    assert_eq!(s.teams.len(), 2);
    assert!(
        app.workforce_status(&sam, aggregate, Some(date(2026, 9, 30)))
            .await
            .is_err(),
        "no return for September"
    );
}

#[tokio::test]
async fn workforce_indicators_are_judged_like_every_indicator() {
    use sightline_app::disclosure::{Audience, Disclosed};
    use sightline_core::access::Role;
    use sightline_core::indicator::judge::{Direction, Target};
    use sightline_core::rag::Rag;
    let app = fresh().await.expect("app");
    let sam = Actor("sam.analyst".into());
    let dir = tempfile::tempdir().expect("dir");
    let head = "Team,Establishment FTE,Permanent FTE in post,Agency FTE,Leavers,Sickness days,\
                ASYE,Supervisions due,Supervisions in timescale,Cases held\n";
    // September: agency 4 + 2 = 6 of 30 FTE (20%). October: 2 + 2 = 4 of 30 (13.3%).
    for (month, front_door) in [(9, "Front Door,20,16,4"), (10, "Front Door,20,18,2")] {
        let file = dir.path().join(format!("hr-{month}.csv"));
        std::fs::write(
            &file,
            format!(
                "{head}{front_door},1,0,2,20,17,360\nChild Protection,10,8,2,0,0,0,10,10,150\n"
            ),
        )
        .expect("write");
        app.import_workforce(Role::Analyst, &sam, &file, date(2026, month, 1), false)
            .await
            .expect("loads");
    }
    app.set_target(
        &sam,
        &Target {
            indicator: "workforce_agency_rate_pct".into(),
            value: 12.0,
            tolerance: 2.0,
            from: date(2026, 4, 1),
            to: date(2027, 3, 31),
            owner: "Principal Social Worker".into(),
            set_by: "sam.analyst".into(),
            reason: "below England (13.0%, year to 30 Sept 2025)".into(),
            kind: Default::default(),
        },
    )
    .await
    .expect("a target like any other");
    let card = app
        .scorecard(&sam, Audience::ChildLevel, None)
        .await
        .expect("scorecard");
    let j = card
        .indicators
        .iter()
        .find(|j| j.definition.id == "workforce_agency_rate_pct")
        .expect("in the scorecard");
    let latest = j.latest.as_ref().expect("October's figure");
    assert_eq!(latest.as_at, date(2026, 10, 31));
    assert_eq!(latest.figure.value(), Some(13.3));
    assert_eq!(
        j.series,
        vec![
            (date(2026, 9, 30), Some(20.0)),
            (date(2026, 10, 31), Some(13.3))
        ]
    );
    // 13.3 is 1.3 points above 12, within the tolerance of 2: amber.
    assert_eq!(j.rating.colour, Rag::Amber, "{}", j.rating.reason);
    assert_eq!(j.travel.direction, Direction::Improving);
    // England's shipped figure beside it, DfE's year to 30 September.
    let england = j
        .benchmarks
        .iter()
        .find(|b| b.benchmark.area == "England")
        .expect("England");
    assert_eq!(england.benchmark.value, Some(13.0));
    assert_eq!(england.benchmark.period_end, date(2025, 9, 30));
    assert!(
        england
            .mismatch
            .as_deref()
            .is_some_and(|m| m.contains("workforce return")),
        "{:?}",
        england.mismatch
    );
    // By team: Child Protection 2 of 10 (20%), Front Door 2 of 20 (10%).
    let teams: Vec<(&str, Option<f64>)> = latest
        .breakdowns
        .iter()
        .map(|c| (c.key.as_str(), c.figure.value()))
        .collect();
    assert_eq!(
        teams,
        vec![("Child Protection", Some(20.0)), ("Front Door", Some(10.0))]
    );
    // A viewer gets them through the same suppression: 2 agency FTE in a team is a small
    // number, and so is the authority's 4.
    let viewer = app
        .scorecard(&sam, Audience::Aggregate, None)
        .await
        .expect("scorecard");
    let v = viewer
        .indicators
        .iter()
        .find(|j| j.definition.id == "workforce_agency_rate_pct")
        .expect("there");
    let shown = v.latest.as_ref().expect("a figure");
    assert!(matches!(shown.figure, Disclosed::Suppressed(_)));
    assert!(shown.breakdowns.iter().all(|c| c.figure.is_suppressed()));
    assert_eq!(v.rating.colour, Rag::Grey);
    // Nothing to drill into: the rows are the teams.
    assert!(
        app.explain_indicator(Role::Analyst, "workforce_agency_rate_pct", None, None)
            .await
            .is_err()
    );
}

#[tokio::test]
async fn meetings_decisions_and_requests_close_the_loop() {
    use sightline_core::access::Role;
    use sightline_core::governance::{Answers, Item, RequestStatus};
    use sightline_core::rag::Rag;
    let app = fresh().await.expect("app");
    let clerk = Actor("clerk".into());
    let m = Role::Manager;
    let autumn = app
        .add_meeting(
            m,
            &clerk,
            "Scrutiny Commission",
            date(2026, 11, 20),
            None,
            vec![Item {
                number: "5".into(),
                title: "Children's services improvement".into(),
            }],
        )
        .await
        .expect("meeting");
    let december = app
        .add_meeting(m, &clerk, "scrutiny", date(2026, 12, 3), None, vec![])
        .await
        .expect("meeting");
    let board = app
        .add_meeting(
            m,
            &clerk,
            "improvement-board",
            date(2026, 12, 10),
            None,
            vec![],
        )
        .await
        .expect("meeting");
    assert!(
        app.add_meeting(m, &clerk, "scrutiny", date(2026, 12, 3), None, vec![])
            .await
            .is_err(),
        "one meeting of a body a day"
    );
    assert!(matches!(
        app.add_meeting(
            Role::Viewer,
            &clerk,
            "cabinet",
            date(2027, 1, 5),
            None,
            vec![]
        )
        .await,
        Err(Error::Forbidden(_))
    ));
    // Seed 001's decisions: 1) noted; 3) regular updates to scrutiny.
    let noted = app
        .add_decision(
            m,
            &clerk,
            sightline_app::NewDecision {
                meeting_id: autumn,
                item: "5".into(),
                number: "1".into(),
                text: "that the report be noted".into(),
                request: None,
            },
        )
        .await
        .expect("decision");
    assert_eq!(noted.1, None);
    let (_, request) = app
        .add_decision(
            m,
            &clerk,
            sightline_app::NewDecision {
                meeting_id: autumn,
                item: "5".into(),
                number: "3".into(),
                text: "that regular updates be brought to scrutiny, to include target \
                       monitoring and performance as well as training"
                    .into(),
                request: Some(sightline_app::NewRequest {
                    text: "Target monitoring, performance and training".into(),
                    owner: "Director of Children's Services".into(),
                    due_meeting_id: december,
                    answers: Answers {
                        indicators: vec!["workforce_agency_rate_pct".into()],
                        ..Answers::default()
                    },
                }),
            },
        )
        .await
        .expect("decision with a request");
    let request = request.expect("a request");
    // Refused: an item not on the agenda, a number used twice, a due meeting not after it, an
    // unknown indicator.
    for (item, number, due, indicator) in [
        ("7", "1", december, "caseload_avg"),
        ("5", "3", december, "caseload_avg"),
        ("5", "4", autumn, "caseload_avg"),
        ("5", "5", december, "agency_spend"),
    ] {
        let r = app
            .add_decision(
                m,
                &clerk,
                sightline_app::NewDecision {
                    meeting_id: autumn,
                    item: item.into(),
                    number: number.into(),
                    text: "that something be brought".into(),
                    request: Some(sightline_app::NewRequest {
                        text: "something".into(),
                        owner: "someone".into(),
                        due_meeting_id: due,
                        answers: Answers {
                            indicators: vec![indicator.into()],
                            ..Answers::default()
                        },
                    }),
                },
            )
            .await;
        assert!(r.is_err(), "{item}.{number} due {due} {indicator}");
    }
    let rag = |d| {
        let app = &app;
        async move {
            let all = app.requests(true, d).await.expect("requests");
            assert_eq!(all.len(), 1);
            all[0].rating.colour
        }
    };
    assert_eq!(rag(date(2026, 11, 18)).await, Rag::Green, "15 days before");
    assert_eq!(rag(date(2026, 11, 19)).await, Rag::Amber, "14 days before");
    assert_eq!(rag(date(2026, 11, 28)).await, Rag::Amber);
    assert_eq!(
        rag(date(2026, 12, 4)).await,
        Rag::Red,
        "the meeting met without it"
    );
    // The forward plan on 28 November: December's scrutiny with its pack not yet sent and the
    // request due; the board's meeting after it.
    let plan = app.forward_plan(date(2026, 11, 28)).await.expect("plan");
    assert_eq!(
        plan.iter().map(|e| e.meeting.id).collect::<Vec<_>>(),
        vec![Some(december), Some(board)]
    );
    assert_eq!(plan[0].pack_due, Some(sightline_core::pack::Kind::Scrutiny));
    assert!(!plan[0].pack_sent);
    assert_eq!(plan[0].requests_due.len(), 1);
    // Papers: a file before the meeting, kept with its checksum; none after it has met.
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("update.txt");
    std::fs::write(&file, "abc").expect("write");
    let paper = app
        .send_file(m, &clerk, december, &file, None, date(2026, 12, 1))
        .await
        .expect("sent");
    assert!(matches!(
        app.paper_file(Role::Viewer, paper).await,
        Err(Error::Forbidden(_))
    ));
    let (name, bytes) = app
        .paper_file(Role::Manager, paper)
        .await
        .expect("the paper as sent");
    assert_eq!(
        (name.as_str(), bytes.as_slice()),
        ("update.txt", b"abc".as_slice())
    );
    let record = app
        .meeting_record(december, date(2026, 12, 1))
        .await
        .expect("record");
    // SHA-256 of "abc".
    assert_eq!(
        record.papers[0].sha256,
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    assert!(
        app.send_file(m, &clerk, autumn, &file, None, date(2026, 12, 1))
            .await
            .is_err(),
        "November's papers are fixed"
    );
    // Brought to December's meeting: blue, and the body's record says so.
    assert!(
        app.update_request(m, &clerk, request, RequestStatus::Brought, None)
            .await
            .is_err(),
        "brought to which meeting?"
    );
    app.update_request(m, &clerk, request, RequestStatus::Brought, Some(december))
        .await
        .expect("brought");
    let body = app
        .body_record("scrutiny", date(2026, 12, 4))
        .await
        .expect("body");
    assert_eq!(body.meetings.len(), 2);
    assert_eq!(body.requests[0].rating.colour, Rag::Blue);
    assert_eq!(
        body.requests[0].rating.reason,
        "brought to the Scrutiny Commission on 2026-12-03"
    );
    assert!(
        app.requests(true, date(2026, 12, 4))
            .await
            .expect("open")
            .is_empty()
    );
    // Every change audited.
    let log = app.db().audit_log(100).await.expect("log");
    for action in [
        "meeting.add",
        "decision.add",
        "request.add",
        "meeting.paper",
        "request.update",
    ] {
        assert!(log.iter().any(|e| e.action == action), "{action}");
    }
}

#[tokio::test]
async fn practice_audits_load_pseudonymised_once_and_give_indicators() {
    use sightline_app::disclosure::Audience;
    use sightline_core::access::Role;
    let app = fresh()
        .await
        .expect("app")
        .with_secret_key(&"k".repeat(32))
        .expect("key");
    let sam = Actor("sam.analyst".into());
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("audits.csv");
    std::fs::write(
        &file,
        "Child ID,Audit date,Team,Worker,Auditor,Grade,Theme\n\
         9212044,03/10/2026,Front Door,W1,A. Auditor,Good,Neglect\n\
         9212045,10/10/2026,Front Door,W1,A. Auditor,Inadequate,Neglect\n\
         9212046,17/10/2026,Court Team,W2,B. Auditor,Outstanding,Care planning\n\
         9212047,24/10/2026,Court Team,W2,B. Auditor,Requires improvement,Care planning\n\
         9212048,31/10/2026,Court Team,W2,B. Auditor,excellent,Care planning\n",
    )
    .expect("write");
    let today = date(2026, 11, 28);
    assert!(matches!(
        app.import_audits(Role::Viewer, &sam, &file, today, false)
            .await,
        Err(Error::Forbidden(_))
    ));
    let dry = app
        .import_audits(Role::Analyst, &sam, &file, today, true)
        .await
        .expect("dry run");
    assert_eq!((dry.loaded, dry.read.rows_rejected), (0, 1));
    assert!(app.db().audits().await.expect("audits").is_empty());
    let done = app
        .import_audits(Role::Analyst, &sam, &file, today, false)
        .await
        .expect("loads");
    assert_eq!((done.loaded, done.already_held), (4, 0));
    let kept = app.db().audits().await.expect("audits");
    assert!(
        kept.iter()
            .all(|a| a.child.starts_with("p-") && !a.child.contains("92120"))
    );
    let again = app
        .import_audits(Role::Analyst, &sam, &file, today, false)
        .await
        .expect("again");
    assert_eq!((again.loaded, again.already_held), (0, 4));
    // October: 2 of 4 good or better (50%); 1 of 4 inadequate (25%).
    let card = app
        .scorecard(&sam, Audience::ChildLevel, None)
        .await
        .expect("scorecard");
    let value = |id: &str| {
        card.indicators
            .iter()
            .find(|j| j.definition.id == id)
            .and_then(|j| j.latest.as_ref())
            .map(|f| (f.as_at, f.figure.value()))
    };
    assert_eq!(
        value("audits_good_or_better_pct"),
        Some((date(2026, 10, 31), Some(50.0)))
    );
    assert_eq!(
        value("audits_inadequate_pct"),
        Some((date(2026, 10, 31), Some(25.0)))
    );
    // Without a key nothing is loaded; a dry run checks the file all the same.
    let bare = fresh().await.expect("app");
    assert!(
        bare.import_audits(Role::Analyst, &sam, &file, today, false)
            .await
            .is_err_and(|e| e.to_string().contains("secret key"))
    );
    assert!(bare.db().audits().await.expect("audits").is_empty());
    let checked = bare
        .import_audits(Role::Analyst, &sam, &file, today, true)
        .await
        .expect("a dry run needs no key");
    assert_eq!(checked.read.audits.len(), 4);
}

#[tokio::test]
async fn a_published_self_evaluation_freezes_its_evidence_and_flags_what_has_moved() {
    use sightline_core::access::Role;
    use sightline_core::self_evaluation::{Area, Citation, Question};
    let app = fresh().await.expect("app");
    let dcs = Actor("dcs".into());
    let dir = tempfile::tempdir().expect("dir");
    let head = "Team,Establishment FTE,Permanent FTE in post,Agency FTE\n";
    let load = |month: i8, rows: &str| {
        let file = dir.path().join(format!("hr-{month}.csv"));
        std::fs::write(&file, format!("{head}{rows}")).expect("write");
        let app = &app;
        let dcs = &dcs;
        async move {
            app.import_workforce(Role::Analyst, dcs, &file, date(2026, month, 1), false)
                .await
                .expect("loads");
        }
    };
    // September: agency 10 + 8 = 18 of 60 FTE (30%). (Counts above the small-number
    // setting: the evidence is as a viewer would see it.)
    load(9, "Front Door,40,30,10\nChild Protection,20,12,8\n").await;
    let agency = Citation::Indicator {
        id: "workforce_agency_rate_pct".into(),
    };
    assert!(matches!(
        app.write_statement(
            Role::Viewer,
            &dcs,
            2026,
            Area::Leaders,
            Question::Know,
            "x",
            vec![],
            date(2026, 10, 5)
        )
        .await,
        Err(Error::Forbidden(_))
    ));
    assert!(
        app.write_statement(
            Role::Manager,
            &dcs,
            2026,
            Area::Leaders,
            Question::Know,
            "x",
            vec![Citation::Action { id: 99 }],
            date(2026, 10, 5)
        )
        .await
        .is_err(),
        "no plan, no action 99 to cite"
    );
    let (_, v1) = app
        .write_statement(
            Role::Manager,
            &dcs,
            2026,
            Area::Leaders,
            Question::Know,
            "We rely on agency social workers less each month.",
            vec![agency.clone()],
            date(2026, 10, 5),
        )
        .await
        .expect("written");
    assert_eq!(v1, 1);
    assert!(
        app.record_engagement(Role::Manager, &dcs, 2026, 1, date(2026, 10, 6))
            .await
            .is_err(),
        "a draft is not discussed with Ofsted"
    );
    let (_, published) = app
        .publish_self_evaluation(Role::Manager, &dcs, 2026, date(2026, 10, 5))
        .await
        .expect("published");
    assert_eq!(published, 2);
    assert!(
        app.publish_self_evaluation(Role::Manager, &dcs, 2026, date(2026, 10, 6))
            .await
            .is_err(),
        "already published"
    );
    // October: agency 7 + 6 = 13 of 60 FTE (21.7%): 8.3 points down, material.
    load(10, "Front Door,40,33,7\nChild Protection,20,14,6\n").await;
    let v = app
        .self_evaluation(&dcs, Some(2026), None, date(2026, 11, 10))
        .await
        .expect("view");
    assert_eq!(v.self_evaluation.published_on, Some(date(2026, 10, 5)));
    let cited = &v.evidence[0][0];
    assert!(cited.frozen);
    assert_eq!(cited.evidence.value, Some(30.0), "frozen as published");
    assert_eq!(cited.evidence.at, Some(date(2026, 9, 30)));
    assert_eq!(
        cited.moved.as_deref(),
        Some(
            "indicator workforce_agency_rate_pct was 30% when published (as at 2026-09-30); it \
             is 21.7% now"
        )
    );
    assert_eq!(v.unanswered.len(), 11);
    assert_eq!(v.out_of_date, None);
    // The draft (version 1) shows the evidence as it stands: 21.7%, nothing "moved".
    let draft = app
        .self_evaluation(&dcs, Some(2026), Some(1), date(2026, 11, 10))
        .await
        .expect("draft");
    assert_eq!(draft.evidence[0][0].evidence.value, Some(21.7));
    assert!(!draft.evidence[0][0].frozen);
    // Discussed at the annual engagement meeting; a year and a day on, it is out of date.
    app.record_engagement(Role::Manager, &dcs, 2026, 2, date(2026, 11, 3))
        .await
        .expect("recorded");
    let later = app
        .self_evaluation(&dcs, Some(2026), None, date(2027, 10, 6))
        .await
        .expect("view");
    assert_eq!(later.self_evaluation.engagement_on, Some(date(2026, 11, 3)));
    assert!(later.out_of_date.is_some());
    let log = app.db().audit_log(100).await.expect("log");
    for action in [
        "self_evaluation.write",
        "self_evaluation.publish",
        "self_evaluation.engagement",
    ] {
        assert!(log.iter().any(|e| e.action == action), "{action}");
    }
}

#[tokio::test]
async fn readiness_says_what_is_not_ready_and_why() {
    use sightline_core::access::Role;
    use sightline_core::self_evaluation::{Area, Question};
    let app = fresh().await.expect("app");
    let dcs = Actor("dcs".into());
    let today = date(2026, 11, 28);
    let r = app.readiness(today).await.expect("readiness");
    assert_eq!(r.window, None, "no home authority, no window");
    let reasons: Vec<(bool, &str)> = r
        .items
        .iter()
        .map(|i| (i.ready, i.reason.as_str()))
        .collect();
    assert_eq!(
        reasons,
        vec![
            (false, "no self-evaluation is written"),
            (false, "there is no improvement plan"),
            (
                false,
                "no improvement board, cabinet or scrutiny meeting in the last 12 months is \
                 recorded, so it cannot be shown"
            ),
            (false, "no Annex A extract is loaded"),
            (false, "there is no improvement plan"),
        ]
    );
    // A board met on 10 November with no pack; one in November last year is out of the window
    // (a year and a day before); a practice board has no pack to send.
    for (body, d) in [
        ("improvement-board", date(2026, 11, 10)),
        ("improvement-board", date(2025, 11, 27)),
        ("practice-board", date(2026, 11, 3)),
    ] {
        app.add_meeting(Role::Manager, &dcs, body, d, None, vec![])
            .await
            .expect("meeting");
    }
    app.write_statement(
        Role::Manager,
        &dcs,
        2026,
        Area::Leaders,
        Question::Know,
        "We know our services.",
        vec![],
        today,
    )
    .await
    .expect("written");
    app.publish_self_evaluation(Role::Manager, &dcs, 2026, date(2026, 1, 5))
        .await
        .expect("published");
    let r = app.readiness(today).await.expect("readiness");
    assert!(r.items[0].ready);
    assert_eq!(r.items[0].reason, "published 2026-01-05");
    assert_eq!(
        r.items[0].details.len(),
        11,
        "the questions not yet answered"
    );
    assert!(!r.items[2].ready);
    assert_eq!(
        r.items[2].reason,
        "0 of 1 meetings in the last 12 months had a pack sent as a paper"
    );
    assert_eq!(
        r.items[2].details,
        vec!["no pack was sent to the Improvement Board on 2026-11-10".to_string()]
    );
    // On 6 January 2027 the self-evaluation is a year and a day old.
    let r = app.readiness(date(2027, 1, 6)).await.expect("readiness");
    assert!(!r.items[0].ready);
}

mod annex_a_export {
    use super::fresh;
    use super::*;
    use sightline_core::access::Role;
    use sightline_core::annex_a::Value;

    /// Loads `path`, exports it in the template layout, checks the export, and compares: every
    /// accepted row comes back accepted with the same values in the same order, and every
    /// rejected row is on the rejected sheet, not in the lists.
    async fn round_trip(path: &std::path::Path, as_at: jiff::civil::Date) -> usize {
        let app = fresh()
            .await
            .expect("app")
            .with_secret_key(&"k".repeat(32))
            .expect("key");
        let analyst = Actor("analyst".into());
        let loaded = app
            .load_extract(
                &analyst,
                path,
                Some(as_at),
                LoadAs::pseudonymised(),
                &|_, _| {},
            )
            .await
            .expect("loads");
        let (_, stored) = app.db().extract_rows(loaded.id).await.expect("rows");
        let kept: Vec<(u8, Vec<Value>)> = stored
            .iter()
            .filter(|(_, r)| !r.rejected)
            .map(|(l, r)| (*l, r.values.clone()))
            .collect();
        let rejected = stored.iter().filter(|(_, r)| r.rejected).count();
        assert_eq!(
            rejected,
            loaded
                .extract
                .lists
                .iter()
                .map(|l| l.rows_rejected)
                .sum::<usize>()
        );
        assert!(matches!(
            app.export_annex_a(Role::Viewer, &analyst, None, false)
                .await,
            Err(Error::Forbidden(_))
        ));
        let done = app
            .export_annex_a(Role::Analyst, &analyst, None, false)
            .await
            .expect("exported");
        assert_eq!(done.ids, "pseudonymised");
        assert_eq!(done.written.rows.iter().sum::<usize>(), kept.len());
        assert_eq!(done.written.rejected, rejected);
        let dir = tempfile::tempdir().expect("dir");
        let out = dir.path().join("annex_a.xlsx");
        std::fs::write(&out, &done.bytes).expect("write");
        let again = sightline_ingest::annex_a::check(&out, Some(as_at)).expect("checks");
        let back: Vec<(u8, Vec<Value>)> = again
            .lists
            .iter()
            .flat_map(|l| {
                l.records
                    .iter()
                    .filter(|r| !r.rejected)
                    .map(move |r| (l.list, r.values.clone()))
            })
            .collect();
        assert_eq!(back.len(), kept.len(), "the same rows");
        assert!(back == kept, "the same values, in the same order");
        assert_eq!(
            again.lists.iter().map(|l| l.rows_rejected).sum::<usize>(),
            0,
            "no rejected row in the lists"
        );
        assert!(
            again
                .unrecognised
                .iter()
                .any(|u| format!("{u:?}").contains("Rejected_rows")),
            "the rejected sheet is there, and is no list"
        );
        // The council's own identifiers, opened from their seals.
        let own = app
            .export_annex_a(Role::Analyst, &analyst, None, true)
            .await
            .expect("own ids");
        assert_eq!(own.ids, "council");
        let log = app.db().audit_log(10).await.expect("log");
        assert_eq!(
            log.iter().filter(|e| e.action == "annex_a.export").count(),
            2
        );
        rejected
    }

    #[tokio::test]
    async fn a_messy_synthetic_extract_comes_back_the_same() {
        let as_at = date(2024, 6, 28);
        let tables = sightline_synth::annex_a::generate(sightline_synth::annex_a::Settings {
            children: 300,
            seed: 4,
            as_at,
            messy: sightline_synth::annex_a::Messy::Lots,
        });
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("messy.xlsx");
        sightline_synth::annex_a::write_xlsx(&tables, &path).expect("written");
        let rejected = round_trip(&path, as_at).await;
        assert!(rejected > 0, "a messy extract has rejected rows to list");
    }

    #[tokio::test]
    async fn the_shared_template_comes_back_the_same() {
        // `data` says it was skipped when ../shared is not beside the checkout (CI requires it).
        let Some(path) =
            sightline_synth::published::data("annex-a/ofsted-annex-a-template-2019.xlsx")
        else {
            return;
        };
        round_trip(&path, date(2019, 3, 31)).await;
    }
}

#[tokio::test]
async fn minutes_and_answers_have_sensible_limits() {
    use sightline_core::access::Role;
    use sightline_core::self_evaluation::{Area, Question};
    let app = fresh().await.expect("app");
    let clerk = Actor("clerk".into());
    let m = app
        .add_meeting(
            Role::Manager,
            &clerk,
            "cabinet",
            date(2026, 12, 1),
            None,
            vec![],
        )
        .await
        .expect("meeting");
    let long = "x".repeat(sightline_app::MAX_MINUTE_CHARS + 1);
    assert!(
        app.add_meeting(
            Role::Manager,
            &clerk,
            "cabinet",
            date(2026, 12, 2),
            Some(long.clone()),
            vec![]
        )
        .await
        .is_err_and(|e| e.to_string().contains("5000 characters"))
    );
    let decision = |text: String| sightline_app::NewDecision {
        meeting_id: m,
        item: "1".into(),
        number: "1".into(),
        text,
        request: None,
    };
    assert!(
        app.add_decision(Role::Manager, &clerk, decision(long))
            .await
            .is_err()
    );
    // Exactly at the limit is kept.
    let at = "y".repeat(sightline_app::MAX_MINUTE_CHARS);
    assert!(
        app.add_decision(Role::Manager, &clerk, decision(at))
            .await
            .is_ok()
    );
    for year in [1999, 2101] {
        assert!(
            app.write_statement(
                Role::Manager,
                &clerk,
                year,
                Area::Leaders,
                Question::Know,
                "x",
                vec![],
                date(2026, 12, 1)
            )
            .await
            .is_err(),
            "{year}"
        );
    }
}

/// A child in two extracts is sealed once (migration 0025), and each extract still opens every
/// one of its children's own identifiers.
#[tokio::test]
async fn a_child_seen_again_is_not_sealed_again_and_every_extract_still_opens_its_own() {
    let app = fresh()
        .await
        .expect("app")
        .with_secret_key(&"s".repeat(32))
        .expect("key");
    let analyst = Actor("analyst".into());
    let history = sightline_synth::annex_a::generate_history(
        sightline_synth::annex_a::Settings {
            children: 200,
            seed: 12,
            as_at: date(2026, 2, 28),
            messy: sightline_synth::annex_a::Messy::None,
        },
        182 + 31,
    );
    let mut ids = Vec::new();
    for as_at in [date(2026, 1, 31), date(2026, 2, 28)] {
        let dir = tempfile::tempdir().expect("dir");
        let tables = sightline_synth::annex_a::at(&history, as_at);
        sightline_synth::annex_a::write_csv_dir(&tables, dir.path()).expect("csv");
        let loaded = app
            .load_extract(
                &analyst,
                dir.path(),
                Some(as_at),
                LoadAs::pseudonymised(),
                &|_, _| {},
            )
            .await
            .expect("loads");
        ids.push(loaded.id);
    }
    let children = |id: i64| {
        let app = app.clone();
        async move {
            let (_, rows) = app.db().extract_rows(id).await.expect("rows");
            rows.iter()
                .filter_map(|(_, r)| r.child_id().map(str::to_owned))
                .collect::<std::collections::BTreeSet<String>>()
        }
    };
    let (first, second) = (children(ids[0]).await, children(ids[1]).await);
    let shared = first.intersection(&second).count();
    assert!(shared > 50, "the two months share children: {shared}");
    for (id, kids) in [(ids[0], &first), (ids[1], &second)] {
        let sealed: std::collections::BTreeSet<String> = app
            .db()
            .sealed_child_ids(id)
            .await
            .expect("sealed")
            .into_iter()
            .map(|(child, _)| child)
            .collect();
        assert_eq!(&sealed, kids, "extract {id} opens every child it holds");
    }
    // Held once each: the union, not the sum.
    let held = app.db().sealed_pseudonyms().await.expect("held");
    assert_eq!(held.len(), first.union(&second).count());
    assert!(held.len() < first.len() + second.len());
    // The earlier extract's own identifiers still open, none a pseudonym.
    let own = app
        .export_annex_a(
            sightline_core::access::Role::Analyst,
            &analyst,
            Some(ids[0]),
            true,
        )
        .await
        .expect("own ids");
    assert_eq!(own.ids, "council");
}
