//! Alliances and grants across authorities of one database (decision 0036), on SQLite and
//! again on PostgreSQL (`every_test_again_on_postgresql`).

use sightline_app::disclosure::{Audience, Disclosed};
use sightline_app::{Actor, Error, LoadAs, Sightline};
use sightline_core::access::Role;
use sightline_core::indicator::{Polarity, Unit};

/// A member's own headline: numerator, denominator, value.
type Own = (i64, Option<i64>, Option<f64>);

async fn fresh() -> Sightline {
    match sightline_store::testing::fresh_location() {
        Some(location) => Sightline::create(&location).await.expect("app").0,
        None => Sightline::in_memory().await.expect("app"),
    }
    .with_secret_key(&"k".repeat(32))
    .expect("key")
}

#[tokio::test]
async fn every_test_again_on_postgresql() {
    sightline_store::testing::again_on_postgres("every_test_again_on_postgresql").await;
}

/// Four East Midlands authorities, each with its own synthetic extract.
const MEMBERS: [(i64, usize, u64); 4] = [(855, 260, 5), (856, 180, 6), (857, 40, 7), (860, 320, 8)];

async fn region() -> Sightline {
    let app = fresh().await;
    let actor = Actor("setup".into());
    for (code, children, seed) in MEMBERS {
        let member = app.for_authority(code);
        let dir = tempfile::tempdir().expect("dir");
        let as_at = jiff::civil::date(2026, 9, 30);
        let tables = sightline_synth::annex_a::generate(sightline_synth::annex_a::Settings {
            children,
            seed,
            as_at,
            messy: sightline_synth::annex_a::Messy::None,
        });
        sightline_synth::annex_a::write_csv_dir(&tables, dir.path()).expect("csv");
        member
            .load_extract(
                &actor,
                dir.path(),
                Some(as_at),
                LoadAs::pseudonymised(),
                &|_, _| {},
            )
            .await
            .expect("loads");
        member
            .save_user(
                &actor,
                &format!("user-{code}"),
                "a long password",
                Role::Viewer,
            )
            .await
            .expect("user");
    }
    app.for_authority(856)
        .create_alliance(
            &actor,
            Role::Admin,
            "East Midlands",
            "figures".parse().expect("agreement"),
        )
        .await
        .expect("alliance");
    for (code, _, _) in MEMBERS {
        app.for_authority(code)
            .set_membership(&actor, Role::Admin, "East Midlands", true)
            .await
            .expect("joins");
    }
    app
}

#[tokio::test]
async fn an_alliance_pools_ranks_and_suppresses_each_members_figures() {
    let app = region().await;
    let actor = Actor("admin-856".into());
    let leicester = app.for_authority(856);
    let user = app.account("user-856").await.expect("account");
    // Without the regional role nothing is shown, and an unknown alliance says the same.
    for name in ["East Midlands", "Nowhere"] {
        assert!(matches!(
            app.alliance_view(&user, name).await,
            Err(Error::Forbidden(_))
        ));
    }
    // Only an admin of a member grants it, to its own accounts.
    assert!(matches!(
        leicester
            .set_regional(&actor, Role::Analyst, "East Midlands", "user-856", true)
            .await,
        Err(Error::Forbidden(_))
    ));
    assert!(matches!(
        leicester
            .set_regional(&actor, Role::Admin, "East Midlands", "user-855", true)
            .await,
        Err(Error::Invalid(_))
    ));
    leicester
        .set_regional(&actor, Role::Admin, "East Midlands", "user-856", true)
        .await
        .expect("regional role");
    // One member suppresses more than the others: the view applies the largest setting.
    let derby = app.for_authority(857);
    let mut settings = derby.indicator_settings().await.expect("settings");
    settings.small_number = 9;
    derby
        .set_indicator_settings(&actor, &settings)
        .await
        .expect("set");
    let view = app
        .alliance_view(&user, "East Midlands")
        .await
        .expect("view");
    assert_eq!(view.small_number, 9);
    let codes: Vec<u16> = view.members.iter().map(|m| m.code.0).collect();
    assert_eq!(codes, vec![855, 856, 857, 860]);
    assert!(view.members.iter().all(|m| m.as_at.is_some()));
    // Leicester's and Derby's published grades are in the reference table.
    assert!(
        view.members.iter().all(|m| m.latest.is_some()),
        "{:?}",
        view.members
    );

    // Each member's own figures, as its own analysts see them.
    let mut own = Vec::new();
    for (code, _, _) in MEMBERS {
        own.push(
            app.for_authority(code)
                .scorecard(&actor, Audience::ChildLevel, None)
                .await
                .expect("scorecard"),
        );
    }
    let mut checked = 0;
    let mut suppressed = 0;
    for line in &view.indicators {
        let id = line.definition.id;
        let theirs: Vec<Option<Own>> = own
            .iter()
            .map(|card| {
                card.indicators
                    .iter()
                    .find(|j| j.definition.id == id)
                    .and_then(|j| j.latest.as_ref())
                    .and_then(|f| f.figure.numbers())
                    .map(|n| (n.numerator, n.denominator, n.value))
            })
            .collect();
        // A member's figure is its own, or `c`; never another number.
        let mut hidden = 0;
        for (m, t) in line.members.iter().zip(&theirs) {
            match (&m.figure, t) {
                (Some(Disclosed::Shown(n)), Some((num, den, value))) => {
                    assert_eq!(
                        (n.numerator, n.denominator, n.value),
                        (*num, *den, *value),
                        "{id}"
                    );
                }
                (Some(Disclosed::Suppressed(_)), Some(_)) => hidden += 1,
                (None, None) => {}
                (got, want) => panic!("{id}: {got:?} against {want:?}"),
            }
        }
        // Never exactly one member hidden: it could be worked out from the pooled figure.
        assert_ne!(hidden, 1, "{id}: one member hidden alone");
        suppressed += hidden;
        // The pooled figure adds up the members' counts (the arithmetic by hand is in
        // core::alliance's tests).
        let counted: Vec<&Own> = theirs.iter().flatten().filter(|t| t.2.is_some()).collect();
        assert_eq!(line.pooled_from, counted.len(), "{id}");
        if let Some(Disclosed::Shown(p)) = &line.pooled {
            let numerator: i64 = counted.iter().map(|t| t.0).sum();
            assert_eq!(p.numerator, numerator, "{id}");
            if line.definition.unit == Unit::Pct {
                let denominator: i64 = counted.iter().map(|t| t.1.unwrap_or(0)).sum();
                assert_eq!(p.denominator, Some(denominator), "{id}");
                let expect = (numerator as f64 * 1000.0 / denominator as f64).round() / 10.0;
                assert_eq!(p.value, Some(expect), "{id}");
            }
            checked += 1;
        }
        if line.definition.unit == Unit::MedianDays {
            assert!(
                line.pooled.is_none() && line.pooled_reason.is_some(),
                "{id}"
            );
        }
        // Ranks follow the polarity among shown figures; a context measure has none.
        let shown: Vec<(f64, usize)> = line
            .members
            .iter()
            .filter_map(|m| Some((m.figure.as_ref()?.value()?, m.place?.rank)))
            .collect();
        match line.definition.polarity {
            Polarity::Context => assert!(line.members.iter().all(|m| m.place.is_none())),
            polarity => {
                for (v, r) in &shown {
                    for (w, s) in &shown {
                        let better = match polarity {
                            Polarity::HigherBetter => v > w,
                            _ => v < w,
                        };
                        if better {
                            assert!(r < s, "{id}: {v} ranked {r}, {w} ranked {s}");
                        }
                    }
                }
            }
        }
        // Under `figures`, no team is shown.
        assert!(line.members.iter().all(|m| m.teams.is_empty()), "{id}");
    }
    assert!(checked > 20, "{checked} pooled figures checked");
    assert!(
        suppressed > 0,
        "Derby's 40 children give suppressed figures"
    );

    // Under `figures-and-teams`, team-level breakdowns come, suppressed as a public pack's.
    leicester
        .set_agreement(
            &actor,
            Role::Admin,
            "East Midlands",
            "figures-and-teams".parse().expect("agreement"),
        )
        .await
        .expect("agreement");
    let view = app
        .alliance_view(&user, "East Midlands")
        .await
        .expect("view");
    let teams: usize = view
        .indicators
        .iter()
        .flat_map(|l| &l.members)
        .map(|m| m.teams.len())
        .sum();
    assert!(teams > 50, "{teams} team cells");
    for line in &view.indicators {
        for m in &line.members {
            let hidden = m.teams.iter().filter(|c| c.figure.is_suppressed()).count();
            // One hidden team alone could be worked out from a shown headline.
            let headline_hidden = m.figure.as_ref().is_some_and(Disclosed::is_suppressed);
            assert!(
                hidden != 1 || headline_hidden,
                "{}: one team hidden alone: {:?} {:?}",
                line.definition.id,
                m.figure,
                m.teams
            );
        }
    }

    // A member that leaves is no longer in the view, and the regional roles it granted end.
    let nottinghamshire = app.for_authority(860);
    nottinghamshire
        .set_regional(&actor, Role::Admin, "East Midlands", "user-860", true)
        .await
        .expect("regional");
    let theirs = app.account("user-860").await.expect("account");
    assert!(app.alliance_view(&theirs, "East Midlands").await.is_ok());
    nottinghamshire
        .set_membership(&actor, Role::Admin, "East Midlands", false)
        .await
        .expect("leaves");
    assert!(matches!(
        app.alliance_view(&theirs, "East Midlands").await,
        Err(Error::Forbidden(_))
    ));
    let view = app
        .alliance_view(&user, "East Midlands")
        .await
        .expect("view");
    assert_eq!(view.members.len(), 3);
    // Every change is in the acting authority's audit log.
    let log = nottinghamshire
        .audit_log(Role::Admin, 50, None, Some("alliance."))
        .await
        .expect("log");
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        vec!["alliance.leave", "alliance.regional", "alliance.join"]
    );
}

#[tokio::test]
async fn a_shared_database_names_the_authority_it_acts_for_and_keeps_each_apart() {
    let app = region().await;
    // Read as a whole, the database is four authorities' and is refused.
    let whole = fresh_over(&app).await;
    let refused = whole.acting_for(None).await.err().map(|e| e.to_string());
    assert_eq!(
        refused.as_deref(),
        Some(
            "this database is shared by 4 authorities (855, 856, 857, 860): say which to act \
             for with --for CODE"
        )
    );
    // By code or name.
    let leicester = app
        .clone()
        .acting_for(Some("Leicester"))
        .await
        .expect("by name");
    assert_eq!(leicester.acting_authority(), Some(856));
    assert!(matches!(
        app.clone().acting_for(Some("Atlantis")).await,
        Err(Error::UnknownAuthority(_))
    ));
    // Acting for one authority does not rename the installation.
    let refused = app
        .for_authority(855)
        .set_home_authority(&Actor("admin".into()), "856")
        .await
        .err()
        .map(|e| e.to_string());
    assert_eq!(
        refused.as_deref(),
        Some(
            "this command acts for authority 855 of a shared database; it cannot name the \
             installation's authority"
        )
    );
    // Each sees its own extract only.
    for (code, children, _) in MEMBERS {
        let own = app
            .for_authority(code)
            .db()
            .extracts()
            .await
            .expect("extracts");
        assert_eq!(own.len(), 1, "{code}");
        let quality = app
            .for_authority(code)
            .quality_report(Audience::ChildLevel, None)
            .await
            .expect("quality");
        assert_eq!(
            quality.extract.id, own[0].id,
            "{code} ({children} children)"
        );
    }
    // Accounts: a name is unique across the database, and an account's own authority sets
    // its role; another authority grants one.
    let actor = Actor("admin".into());
    assert!(matches!(
        app.for_authority(855)
            .save_user(&actor, "user-856", "a long password", Role::Admin)
            .await,
        Err(Error::Invalid(_))
    ));
    let derby = app.for_authority(857);
    derby
        .grant(&actor, Role::Admin, "user-856", Role::Manager)
        .await
        .expect("grant");
    let user = app.account("user-856").await.expect("account");
    let roles: Vec<(i64, Role)> = app
        .acting_roles(&user)
        .await
        .expect("roles")
        .into_iter()
        .map(|r| (r.code, r.role))
        .collect();
    assert_eq!(roles, vec![(856, Role::Viewer), (857, Role::Manager)]);
    let grants = derby.grants(Role::Admin).await.expect("grants");
    assert_eq!(grants.len(), 1);
    assert_eq!((grants[0].home, grants[0].role), (856, Role::Manager));
    assert!(matches!(
        derby.grants(Role::Manager).await,
        Err(Error::Forbidden(_))
    ));
    // The session starts in the account's own authority and moves only where it holds a role.
    let (token, session) = app
        .login("user-856", "a long password")
        .await
        .expect("login");
    assert_eq!(
        (session.user.authority, session.user.role),
        (856, Role::Viewer)
    );
    app.act_for(&token, 857).await.expect("acts for Derby");
    let now = app.session(&token).await.expect("q").expect("live");
    assert_eq!((now.user.authority, now.user.role), (857, Role::Manager));
    assert!(matches!(
        app.act_for(&token, 855).await,
        Err(Error::Forbidden(_))
    ));
}

/// The same database, opened again as a whole (no authority named).
async fn fresh_over(app: &Sightline) -> Sightline {
    app.for_authority(0)
}
