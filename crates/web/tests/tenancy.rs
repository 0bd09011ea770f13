//! Two authorities in one database: every route, for every role of authority A, with every id
//! that B's records hold, returns nothing of B and changes nothing of B (decision 0036).

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use sightline_app::{Actor, LoadAs, Sightline};
use sightline_core::access::Role;
use tower::ServiceExt;

const PASSWORD: &str = "correct horse battery";
/// Written into every free-text field of B's records.
const CANARY: &str = "CANARY-B";
/// Authority A (Leicester) and B (the demo's Northfield).
const A: i64 = 856;
const B: i64 = 999;

struct Shared {
    app: Sightline,
    router: axum::Router,
    /// B's pseudonymised children and named workers absent from A's extract.
    b_only: Vec<String>,
}

/// Every identifier and worker in an authority's extracts.
async fn people(app: &Sightline) -> std::collections::BTreeSet<String> {
    let mut out = std::collections::BTreeSet::new();
    for e in app.db().extracts().await.expect("extracts") {
        let (_, rows) = app.db().extract_rows(e.id).await.expect("rows");
        for (list, r) in rows {
            let spec = &sightline_core::annex_a::LISTS[usize::from(list) - 1];
            for (c, v) in spec.columns.iter().zip(&r.values) {
                let h = c.header.to_ascii_lowercase();
                if (h.contains("worker") || h.contains("identifier"))
                    && let sightline_core::annex_a::Value::Text(t) = v
                    && t.len() > 3
                {
                    out.insert(t.to_string());
                }
            }
        }
    }
    out
}

async fn shared() -> Shared {
    let app = Sightline::in_memory()
        .await
        .expect("app")
        .with_secret_key(&"k".repeat(32))
        .expect("key");
    let actor = Actor("setup".into());
    // B: the whole demo (a year of extracts, plan, money, workforce, meetings, packs, the
    // self-evaluation), then a canary in every free-text field it has.
    let b = app.for_authority(B);
    b.build_demo().await.expect("demo as B");
    b.save_user(&actor, "canary-b-admin", PASSWORD, Role::Admin)
        .await
        .expect("B's admin");
    b.add_meeting(
        Role::Admin,
        &actor,
        "improvement-board",
        jiff::civil::date(2026, 1, 14),
        Some(format!("{CANARY} board")),
        Vec::new(),
    )
    .await
    .expect("B's meeting");
    b.add_commentary(
        Role::Admin,
        &actor,
        "referrals",
        "2026-01",
        &format!("{CANARY} commentary"),
    )
    .await
    .expect("B's commentary");
    let today = jiff::Zoned::now().date();
    b.create_token(
        &actor,
        "canary-b-admin",
        &format!("{CANARY} token"),
        today.saturating_add(jiff::Span::new().days(30)),
        today,
    )
    .await
    .expect("B's token");
    // A: one extract, a plan, its inspections, an account for every role.
    let a = app.for_authority(A);
    let dir = tempfile::tempdir().expect("dir");
    let as_at = jiff::civil::date(2026, 6, 30);
    let tables = sightline_synth::annex_a::generate(sightline_synth::annex_a::Settings {
        children: 150,
        seed: 31,
        as_at,
        messy: sightline_synth::annex_a::Messy::None,
    });
    sightline_synth::annex_a::write_csv_dir(&tables, dir.path()).expect("csv");
    a.load_extract(
        &actor,
        dir.path(),
        Some(as_at),
        LoadAs::pseudonymised(),
        &|_, _| {},
    )
    .await
    .expect("A's extract");
    let mut plan = sightline_synth::northfield_plan(None);
    plan.authority = sightline_core::authority::LaCode(856);
    plan.title = "Leicester's improvement plan".into();
    a.db().save_plan(&actor, &plan).await.expect("A's plan");
    for role in Role::ALL {
        a.save_user(&actor, &format!("a-{role}"), PASSWORD, role)
            .await
            .expect("A's user");
    }
    // Both in an alliance; A's admin holds its regional role, so B's figures reach A only as
    // the alliance view discloses them, never B's rows, words or people.
    a.create_alliance(
        &actor,
        Role::Admin,
        "Shared test",
        "figures-and-teams".parse().expect("agreement"),
    )
    .await
    .expect("alliance");
    for m in [&a, &b] {
        m.set_membership(&actor, Role::Admin, "Shared test", true)
            .await
            .expect("join");
    }
    a.set_regional(&actor, Role::Admin, "Shared test", "a-admin", true)
        .await
        .expect("regional");
    let a_people = people(&a).await;
    let b_only: Vec<String> = people(&b)
        .await
        .into_iter()
        .filter(|p| !a_people.contains(p))
        .collect();
    assert!(
        b_only.len() > 50,
        "B has people of its own: {}",
        b_only.len()
    );
    Shared {
        router: sightline_web::router(app.clone()),
        app,
        b_only,
    }
}

async fn send(site: &Shared, req: Request<Body>) -> (StatusCode, String) {
    let res = site.router.clone().oneshot(req).await.expect("response");
    let status = res.status();
    let bytes = axum::body::to_bytes(res.into_body(), 50_000_000)
        .await
        .expect("body");
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

/// What of B a body holds, if anything.
fn leak(site: &Shared, body: &str) -> Option<String> {
    if body.contains(CANARY) {
        return Some(CANARY.to_string());
    }
    if body.contains("canary-b-admin") {
        return Some("B's account".to_string());
    }
    site.b_only
        .iter()
        .find(|p| body.contains(p.as_str()))
        .cloned()
}

#[tokio::test]
async fn every_route_for_every_role_of_a_returns_nothing_of_b_and_changes_nothing_of_b() {
    let site = shared().await;
    let b = site.app.for_authority(B);
    // B as it is seen by B's own admin: the canary is there to be found.
    let (b_token, _) = site
        .app
        .login("canary-b-admin", PASSWORD)
        .await
        .expect("B signs in");
    let b_cookie = format!("{}={b_token}", sightline_web::SESSION_COOKIE);
    let (_, body) = send(
        &site,
        Request::get("/meetings")
            .header(header::COOKIE, &b_cookie)
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert!(body.contains(CANARY), "B sees its own meeting");
    let (_, body) = send(
        &site,
        Request::get("/line-of-sight")
            .header(header::COOKIE, &b_cookie)
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert!(
        leak(&site, &body).is_some(),
        "the check finds B's children where B may see them"
    );
    let b_audit = b
        .audit_log(Role::Admin, 100_000, None, None)
        .await
        .expect("B's log")
        .len();
    let mut problems = Vec::new();
    let mut read = 0;
    for role in Role::ALL {
        let (token, session) = site
            .app
            .login(&format!("a-{role}"), PASSWORD)
            .await
            .expect("A signs in");
        assert_eq!(session.user.authority, A);
        let cookie = format!("{}={token}", sightline_web::SESSION_COOKIE);
        for (route, methods) in sightline_web::routes() {
            let paths: Vec<String> = if route.contains("/indicators/{id}") {
                sightline_core::indicator::CATALOGUE
                    .iter()
                    .take(8)
                    .map(|d| route.replace("{id}", d.id))
                    .collect()
            } else if route.contains("{id}") || route.contains("{body}") {
                // Every id B's records hold is below 60 in this database.
                (1..=60)
                    .map(|i| {
                        route
                            .replace("{id}", &i.to_string())
                            .replace("{body}", "improvement-board")
                            .replace("{year}", "2026")
                            .replace("{version}", "1")
                            .replace("{format}", "html")
                    })
                    .collect()
            } else {
                vec![
                    route
                        .replace("{year}", "2026")
                        .replace("{version}", "1")
                        .replace("{format}", "html"),
                ]
            };
            for path in paths {
                for method in methods {
                    let req = match *method {
                        "GET" => Request::get(&path)
                            .header(header::COOKIE, &cookie)
                            .body(Body::empty()),
                        _ => Request::post(&path)
                            .header(header::COOKIE, &cookie)
                            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                            // The session's own form token, and the fields the forms read,
                            // naming B's records where a form names one.
                            .body(Body::from(format!(
                                "csrf={}&text=x&progress=x&status=on_track&note=x&username=canary-b-admin\
                                 &id=1&token=1&number=1&title=x&decision=x&meeting=1&action=1\
                                 &authority={B}",
                                session.csrf
                            ))),
                    }
                    .expect("request");
                    let (status, body) = send(&site, req).await;
                    read += 1;
                    if status.is_server_error() {
                        problems.push(format!("{role} {method} {path}: {status}"));
                    }
                    if let Some(what) = leak(&site, &body) {
                        problems.push(format!("{role} {method} {path}: {what}"));
                    }
                }
            }
        }
    }
    assert!(read > 2_000, "{read} responses read");
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    // Nothing A's users did reached B's records or B's log.
    let after = b
        .audit_log(Role::Admin, 100_000, None, None)
        .await
        .expect("B's log");
    assert_eq!(after.len(), b_audit, "B's log changed: {:?}", after.first());
    // A's regional role sees the alliance, with B's figures pooled and suppressed.
    let (token, _) = site.app.login("a-admin", PASSWORD).await.expect("login");
    let (status, body) = send(
        &site,
        Request::get("/api/v1/alliances/Shared%20test")
            .header(
                header::COOKIE,
                format!("{}={token}", sightline_web::SESSION_COOKIE),
            )
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let view: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert_eq!(view["members"].as_array().map(Vec::len), Some(2));
    assert_eq!(view["members"][1]["code"], serde_json::json!(B));
}

#[tokio::test]
async fn a_person_granted_a_role_in_b_acts_for_b_only_after_switching_and_loses_it_when_revoked() {
    let site = shared().await;
    let b = site.app.for_authority(B);
    let admin = Actor("b-admin".into());
    b.grant(&admin, Role::Admin, "a-viewer", Role::Analyst)
        .await
        .expect("grant");
    let (token, session) = site.app.login("a-viewer", PASSWORD).await.expect("login");
    assert_eq!(
        (session.user.authority, session.user.role),
        (A, Role::Viewer)
    );
    let cookie = format!("{}={token}", sightline_web::SESSION_COOKIE);
    let get = |path: &'static str| {
        Request::get(path)
            .header(header::COOKIE, &cookie)
            .body(Body::empty())
            .expect("request")
    };
    let (_, body) = send(&site, get("/meetings")).await;
    assert!(!body.contains(CANARY), "acting for A");
    let (_, account) = send(&site, get("/account")).await;
    assert!(
        account.contains("Northfield") && account.contains("analyst"),
        "{account}"
    );
    // Switching needs the session's form token.
    let switch = |csrf: &str, to: i64| {
        Request::post("/account/act-for")
            .header(header::COOKIE, &cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(format!("csrf={csrf}&authority={to}")))
            .expect("request")
    };
    let (status, _) = send(&site, switch("forged", B)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = send(&site, switch(&session.csrf, B)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let now = site.app.session(&token).await.expect("q").expect("live");
    assert_eq!((now.user.authority, now.user.role), (B, Role::Analyst));
    let (_, body) = send(&site, get("/meetings")).await;
    assert!(body.contains(CANARY), "acting for B, B's meetings show");
    // An authority where it holds nothing is refused.
    let (status, _) = send(&site, switch(&session.csrf, 855)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Revoked: the session acting for B ends at once.
    b.revoke_grant(&admin, Role::Admin, "a-viewer")
        .await
        .expect("revoke");
    assert!(site.app.session(&token).await.expect("q").is_none());
    let (status, _) = send(&site, get("/meetings")).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "signed out");
    // Only admins grant; an account of B itself is set with `user add`.
    assert!(matches!(
        b.grant(&admin, Role::Analyst, "a-viewer", Role::Viewer)
            .await,
        Err(sightline_app::Error::Forbidden(_))
    ));
    assert!(matches!(
        b.grant(&admin, Role::Admin, "canary-b-admin", Role::Viewer)
            .await,
        Err(sightline_app::Error::Invalid(_))
    ));
    // The log of B says who was granted what, and when it was taken away.
    let log = b
        .audit_log(Role::Admin, 20, None, Some("user."))
        .await
        .expect("log");
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert!(
        actions.contains(&"user.grant") && actions.contains(&"user.revoke"),
        "{actions:?}"
    );
}
