//! Every route for every role, through the router without a socket.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use sightline_app::{Actor, LoadAs, Sightline};
use sightline_core::access::Role;
use tower::ServiceExt;

const PASSWORD: &str = "correct horse battery";

struct Site {
    app: Sightline,
    router: axum::Router,
    children: Vec<String>,
}

async fn site() -> Site {
    let app = Sightline::in_memory()
        .await
        .expect("app")
        .with_secret_key(&"k".repeat(32))
        .expect("key");
    let dir = tempfile::tempdir().expect("dir");
    let as_at = jiff::civil::date(2024, 6, 28);
    let tables = sightline_synth::annex_a::generate(sightline_synth::annex_a::Settings {
        children: 200,
        seed: 9,
        as_at,
        messy: sightline_synth::annex_a::Messy::None,
    });
    sightline_synth::annex_a::write_csv_dir(&tables, dir.path()).expect("csv");
    let admin = Actor("admin".into());
    app.load_extract(
        &admin,
        dir.path(),
        Some(as_at),
        LoadAs::pseudonymised(),
        &|_, _| {},
    )
    .await
    .expect("loads");
    app.set_home_authority(&admin, "999").await.expect("home");
    for i in sightline_synth::northfield_journey() {
        app.db()
            .record_inspection(&admin, &i)
            .await
            .expect("inspection");
    }
    app.db()
        .save_plan(&admin, &sightline_synth::northfield_plan(None))
        .await
        .expect("plan");
    for role in Role::ALL {
        app.save_user(&admin, role.as_str(), PASSWORD, role)
            .await
            .expect("user");
    }
    let (_, rows) = app.db().extract_rows(1).await.expect("rows");
    let mut children: Vec<String> = rows
        .iter()
        .filter_map(|(_, r)| match &r.values[0] {
            sightline_core::annex_a::Value::Text(t) => Some(t.to_string()),
            _ => None,
        })
        .collect();
    children.sort();
    children.dedup();
    assert!(children.iter().all(|c| c.starts_with("p-")));
    Site {
        router: sightline_web::router(app.clone()),
        app,
        children,
    }
}

async fn cookie_for(site: &Site, role: Role) -> String {
    let (token, _) = site
        .app
        .login(role.as_str(), PASSWORD)
        .await
        .expect("login");
    format!("{}={token}", sightline_web::SESSION_COOKIE)
}

async fn get(site: &Site, path: &str, cookie: Option<&str>) -> (StatusCode, String) {
    let mut req = Request::get(path);
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    let res = site
        .router
        .clone()
        .oneshot(req.body(Body::empty()).expect("request"))
        .await
        .expect("response");
    let status = res.status();
    let bytes = axum::body::to_bytes(res.into_body(), 10_000_000)
        .await
        .expect("body");
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

const PAGES: &[&str] = &[
    "/",
    "/plan",
    "/plan?rag=red",
    "/inspections",
    "/data",
    "/indicators",
    "/indicators/cp_visited_in_timescale_pct",
    "/indicators/referrals",
    "/api/v1/scorecard",
    "/api/v1/openapi.json",
    "/api/v1/plan",
    "/api/v1/inspections",
    "/api/v1/data",
];

#[tokio::test]
async fn every_route_for_every_role_and_viewers_never_see_a_child() {
    let site = site().await;
    // Not logged in: pages go to the login page, the API says 401.
    let (s, _) = get(&site, "/", None).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    for path in PAGES.iter().filter(|p| p.starts_with("/api/")) {
        if *path == "/api/v1/openapi.json" {
            continue;
        }
        let (s, _) = get(&site, path, None).await;
        assert_eq!(s, StatusCode::UNAUTHORIZED, "{path}");
    }
    let (s, body) = get(&site, "/login", None).await;
    assert_eq!(s, StatusCode::OK);
    assert!(body.contains("Sign in"));
    // Both stylesheets are public; neither names GOV.UK's own font (ui-and-reports.md).
    for css in ["/assets/govuk.css", "/assets/app.css"] {
        let (s, body) = get(&site, css, None).await;
        assert_eq!(s, StatusCode::OK, "{css}");
        assert!(
            body.contains(".govuk-") || body.contains(".app-tag"),
            "{css}"
        );
        assert!(!body.contains("GDS Transport"), "{css}");
    }

    for role in Role::ALL {
        let c = cookie_for(&site, role).await;
        for path in PAGES {
            let (s, body) = get(&site, path, Some(&c)).await;
            assert_eq!(s, StatusCode::OK, "{role} {path}: {body}");
            if role == Role::Viewer {
                assert!(
                    !site.children.iter().any(|id| body.contains(id.as_str())),
                    "a viewer saw a child id on {path}"
                );
            }
        }
        let (s, body) = get(&site, "/api/v1/indicators/referrals/rows", Some(&c)).await;
        if role == Role::Viewer {
            assert_eq!(s, StatusCode::FORBIDDEN);
            assert!(!site.children.iter().any(|id| body.contains(id.as_str())));
        } else {
            assert_eq!(s, StatusCode::OK, "{role}");
            assert!(site.children.iter().any(|id| body.contains(id.as_str())));
        }
        let (_, page) = get(&site, "/indicators/referrals", Some(&c)).await;
        assert_eq!(
            page.contains("Your role sees figures only"),
            role == Role::Viewer,
            "{role}"
        );
    }
    for role in Role::ALL {
        let c = cookie_for(&site, role).await;
        let (s, body) = get(&site, "/admin?action=session", Some(&c)).await;
        if role == Role::Admin {
            assert_eq!(s, StatusCode::OK);
            assert!(body.contains("session.login"));
            assert!(!body.contains("user.save"), "filtered to sessions");
        } else {
            assert_eq!(s, StatusCode::FORBIDDEN, "{role}");
        }
    }
    for role in Role::ALL {
        let c = cookie_for(&site, role).await;
        let (s, body) = get(&site, "/line-of-sight", Some(&c)).await;
        if role == Role::Viewer {
            assert_eq!(s, StatusCode::FORBIDDEN);
            assert!(!site.children.iter().any(|id| body.contains(id.as_str())));
        } else {
            assert_eq!(s, StatusCode::OK, "{role}");
            assert!(body.contains("Children on plans not visited within the standard"));
        }
    }
    let c = cookie_for(&site, Role::Viewer).await;
    let (_, body) = get(&site, "/data", Some(&c)).await;
    assert!(body.contains("Findings name rows and values"));
    let c = cookie_for(&site, Role::Analyst).await;
    let (_, body) = get(&site, "/data", Some(&c)).await;
    assert!(body.contains("findings shown"));
    let (_, body) = get(&site, "/inspections", Some(&c)).await;
    assert!(body.contains("Statistical neighbours"));
    assert!(
        body.contains("Luton") && body.contains("Newham"),
        "neighbour names"
    );
    let (s, _) = get(&site, "/indicators/no_such_indicator", Some(&c)).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (_, page) = get(&site, "/indicators/referrals", Some(&c)).await;
    assert!(page.contains("<svg class=\"chart\""));
    assert!(page.contains("<desc>") && page.contains(">number</text>"));
}

async fn post(site: &Site, path: &str, cookie: &str, form: &str) -> axum::response::Response {
    site.router
        .clone()
        .oneshot(
            Request::post(path)
                .header(header::COOKIE, cookie)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(form.to_string()))
                .expect("request"),
        )
        .await
        .expect("response")
}

#[tokio::test]
async fn forms_need_their_token_and_login_is_rate_limited() {
    let site = site().await;
    let (token, session) = site.app.login("analyst", PASSWORD).await.expect("login");
    let c = format!("{}={token}", sightline_web::SESSION_COOKIE);
    let r = post(&site, "/logout", &c, "csrf=forged").await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(site.app.session(&token).await.expect("q").is_some());
    let r = post(&site, "/logout", &c, &format!("csrf={}", session.csrf)).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(site.app.session(&token).await.expect("q").is_none());

    // Login: the form token must match its cookie; five failures lock the name out.
    let login = |pw: &str| format!("csrf=t0k&username=viewer&password={pw}");
    let r = post(&site, "/login", "sightline_login=other", &login(PASSWORD)).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    for _ in 0..5 {
        let r = post(&site, "/login", "sightline_login=t0k", &login("wrong")).await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let r = post(
        &site,
        "/login",
        "sightline_login=t0k",
        &login("correct+horse+battery"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    // Another name is not locked out; the session cookie is HttpOnly and Secure.
    let r = post(
        &site,
        "/login",
        "sightline_login=t0k",
        "csrf=t0k&username=manager&password=correct+horse+battery",
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let set: Vec<String> = r
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_string))
        .collect();
    assert!(set.iter().any(|c| c.starts_with("sightline_session=")
        && c.contains("HttpOnly")
        && c.contains("Secure")
        && c.contains("SameSite=Lax")));
}

#[tokio::test]
async fn a_manager_adds_progress_and_the_rag_changes_but_a_viewer_cannot() {
    let site = site().await;
    let plan = site.app.plan(None).await.expect("plan");
    let status = site
        .app
        .plan_status(None, jiff::Zoned::now().date(), &Default::default())
        .await
        .expect("status");
    // An action that is not complete yet.
    let line = status
        .priorities
        .iter()
        .flat_map(|p| p.actions.iter())
        .find(|a| {
            a.rating.colour != sightline_core::rag::Rag::Blue
                && a.rating.colour != sightline_core::rag::Rag::Grey
        })
        .expect("an open action");
    let id = line.id.expect("stored");
    assert!(
        plan.priorities
            .iter()
            .any(|p| p.actions.iter().any(|a| a.id == Some(id)))
    );
    let path = format!("/plan/actions/{id}");

    let (token, viewer) = site.app.login("viewer", PASSWORD).await.expect("login");
    let vc = format!("{}={token}", sightline_web::SESSION_COOKIE);
    let (s, page) = get(&site, &path, Some(&vc)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(!page.contains("Add progress"));
    let r = post(
        &site,
        &format!("{path}/progress"),
        &vc,
        &format!("csrf={}&text=done&status=complete", viewer.csrf),
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    let (token, manager) = site.app.login("manager", PASSWORD).await.expect("login");
    let mc = format!("{}={token}", sightline_web::SESSION_COOKIE);
    let (_, page) = get(&site, &path, Some(&mc)).await;
    assert!(page.contains("Add progress"));
    // No text: the form comes back with an error summary.
    let r = post(
        &site,
        &format!("{path}/progress"),
        &mc,
        &format!("csrf={}&text=+&status=", manager.csrf),
    )
    .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    // A forged token is refused and changes nothing.
    let r = post(
        &site,
        &format!("{path}/progress"),
        &mc,
        "csrf=nope&text=done&status=complete",
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = post(
        &site,
        &format!("{path}/progress"),
        &mc,
        &format!(
            "csrf={}&text=Signed+off+by+the+board&status=complete",
            manager.csrf
        ),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = get(&site, &path, Some(&mc)).await;
    assert!(page.contains("app-tag--blue"), "complete is blue");
    assert!(page.contains("Signed off by the board"));
    let audit = site.app.db().audit_log(5).await.expect("audit");
    assert!(
        audit.iter().any(|a| a.actor == "manager"
            && a.action == "plan.progress"
            && a.before
                .as_deref()
                .is_some_and(|b| b.starts_with("status "))
            && a.after.as_deref() == Some("status complete")),
        "the status before and after: {audit:?}"
    );
}

fn multipart(csrf: &str, as_at: &str, file: Option<(&str, &[u8])>) -> (String, Vec<u8>, String) {
    let b = "sightlineboundary42";
    let mut body = Vec::new();
    for (name, value) in [("csrf", csrf), ("as_at", as_at)] {
        body.extend_from_slice(
            format!("--{b}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                .as_bytes(),
        );
    }
    if let Some((name, bytes)) = file {
        body.extend_from_slice(
            format!(
                "--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{b}--\r\n").as_bytes());
    (
        format!("multipart/form-data; boundary={b}"),
        body,
        csrf.to_string(),
    )
}

async fn upload(site: &Site, cookie: &str, body: (String, Vec<u8>, String)) -> StatusCode {
    site.router
        .clone()
        .oneshot(
            Request::post(format!("/data/upload?csrf={}", body.2))
                .header(header::COOKIE, cookie)
                .header(header::CONTENT_TYPE, body.0)
                .body(Body::from(body.1))
                .expect("request"),
        )
        .await
        .expect("response")
        .status()
}

/// A request body that fails as soon as it is read.
fn futures_util_stream()
-> impl futures_core::Stream<Item = Result<Vec<u8>, std::io::Error>> + Send + 'static {
    struct Failing;
    impl futures_core::Stream for Failing {
        type Item = Result<Vec<u8>, std::io::Error>;
        fn poll_next(
            self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            panic!("the upload body was read before the role was checked")
        }
    }
    Failing
}

#[tokio::test]
async fn an_analyst_uploads_an_extract_and_a_viewer_cannot() {
    let site = site().await;
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("extract.xlsx");
    let tables = sightline_synth::annex_a::generate(sightline_synth::annex_a::Settings {
        children: 100,
        seed: 11,
        as_at: jiff::civil::date(2024, 7, 31),
        messy: sightline_synth::annex_a::Messy::Some,
    });
    sightline_synth::annex_a::write_xlsx(&tables, &file).expect("xlsx");
    let bytes = std::fs::read(&file).expect("bytes");

    let (token, viewer) = site.app.login("viewer", PASSWORD).await.expect("login");
    let vc = format!("{}={token}", sightline_web::SESSION_COOKIE);
    let s = upload(
        &site,
        &vc,
        multipart(&viewer.csrf, "", Some(("x.xlsx", &bytes))),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // Refused before a byte of the body is read: a body that fails when read still gets 403.
    let failing = futures_util_stream();
    let res = site
        .router
        .clone()
        .oneshot(
            Request::post(format!("/data/upload?csrf={}", viewer.csrf))
                .header(header::COOKIE, &vc)
                .header(header::CONTENT_TYPE, "multipart/form-data; boundary=x")
                .body(Body::from_stream(failing))
                .expect("request"),
        )
        .await
        .expect("response");
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    let (token, analyst) = site.app.login("analyst", PASSWORD).await.expect("login");
    let ac = format!("{}={token}", sightline_web::SESSION_COOKIE);
    let s = upload(
        &site,
        &ac,
        multipart("forged", "", Some(("x.xlsx", &bytes))),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let s = upload(
        &site,
        &ac,
        multipart(&analyst.csrf, "31/07/2024", Some(("x.xlsx", &bytes))),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "the as-at date must be ISO");
    let s = upload(&site, &ac, multipart(&analyst.csrf, "", None)).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "no file");
    // A file that is no extract: the error names the user's file, never the server's folder.
    let body = multipart(&analyst.csrf, "", Some(("notes.csv", b"a,b\n1,2\n")));
    let res = site
        .router
        .clone()
        .oneshot(
            Request::post(format!("/data/upload?csrf={}", body.2))
                .header(header::COOKIE, &ac)
                .header(header::CONTENT_TYPE, body.0)
                .body(Body::from(body.1))
                .expect("request"),
        )
        .await
        .expect("response");
    let page = axum::body::to_bytes(res.into_body(), 10_000_000)
        .await
        .expect("body");
    let page = String::from_utf8_lossy(&page);
    assert!(page.contains("notes.csv"), "the user's file is named");
    assert!(
        !page.contains("sightline-upload-")
            && !page.contains(&*std::env::temp_dir().to_string_lossy()),
        "no server path"
    );
    assert_eq!(site.app.db().extracts().await.expect("x").len(), 1);
    let s = upload(
        &site,
        &ac,
        multipart(&analyst.csrf, "2024-07-31", Some(("x.xlsx", &bytes))),
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let extracts = site.app.db().extracts().await.expect("x");
    assert_eq!(extracts.len(), 2);
    assert!(
        extracts
            .iter()
            .any(|e| e.as_at == "2024-07-31" && e.pseudonymised)
    );
    let (_, page) = get(&site, "/data", Some(&ac)).await;
    assert!(
        page.contains("as at 2024-07-31"),
        "the report of the new extract"
    );
}

#[tokio::test]
async fn admins_manage_users_settings_and_targets_and_no_one_else_can() {
    let site = site().await;
    let (token, analyst) = site.app.login("analyst", PASSWORD).await.expect("login");
    let ac = format!("{}={token}", sightline_web::SESSION_COOKIE);
    let r = post(
        &site,
        "/admin/users",
        &ac,
        &format!(
            "csrf={}&username=x&role=admin&password=aaaaaaaaaaaa",
            analyst.csrf
        ),
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    let (token, admin) = site.app.login("admin", PASSWORD).await.expect("login");
    let c = format!("{}={token}", sightline_web::SESSION_COOKIE);
    let csrf = admin.csrf;
    let r = post(
        &site,
        "/admin/users",
        &c,
        &format!("csrf={csrf}&username=jo&role=manager&password=short"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = post(
        &site,
        "/admin/users",
        &c,
        &format!("csrf={csrf}&username=jo&role=manager&password=a+long+passphrase"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let (_, s) = site
        .app
        .login("jo", "a long passphrase")
        .await
        .expect("jo logs in");
    assert_eq!(s.user.role, Role::Manager);

    let r = post(&site, "/admin/settings", &c, &format!("csrf={csrf}&population=lots&cin_visit_days=42&cp_visit_working_days=10&cla_visit_days=42")).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = post(&site, "/admin/settings", &c, &format!("csrf={csrf}&population=61000&cin_visit_days=28&cp_visit_working_days=10&cla_visit_days=42")).await;
    assert_eq!(r.status(), StatusCode::OK);
    let settings = site.app.indicator_settings().await.expect("settings");
    assert_eq!(
        (settings.population, settings.cin_visit_days),
        (Some(61_000), 28)
    );

    let target = |to: &str| {
        format!(
            "csrf={csrf}&indicator=cp_visited_in_timescale_pct&value=90&tolerance=5&from=2024-01-01&to={to}&owner=Head+of+CP&reason=plan"
        )
    };
    let r = post(&site, "/admin/targets", &c, &target("31/03/2025")).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = post(&site, "/admin/targets", &c, &target("2025-03-31")).await;
    assert_eq!(r.status(), StatusCode::OK);
    // A trajectory from the form; a point a percentage cannot reach is refused.
    let path = |points: &str| {
        format!(
            "csrf={csrf}&indicator=icpc_within_15wd_pct&value=90&tolerance=2&from=2024-01-01&to=2025-03-31&owner=Head+of+CP&reason=plan&kind=trajectory&points={points}"
        )
    };
    let r = post(&site, "/admin/targets", &c, &path("2024-09-30%3D120")).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = post(
        &site,
        "/admin/targets",
        &c,
        &path("2024-09-30%3D75%2C+2024-12-31%3D85"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let held = site.app.targets().await.expect("targets");
    assert!(
        held.iter()
            .any(|t| t.target.indicator == "icpc_within_15wd_pct"
                && t.target.kind
                    == sightline_core::indicator::judge::TargetKind::Trajectory {
                        points: vec![
                            (jiff::civil::date(2024, 9, 30), 75.0),
                            (jiff::civil::date(2024, 12, 31), 85.0)
                        ]
                    }),
        "{held:?}"
    );
    let (_, page) = get(&site, "/indicators/cp_visited_in_timescale_pct", Some(&c)).await;
    assert!(
        page.contains("owner Head of CP"),
        "the target shows on the indicator page"
    );
    let audit = site.app.db().audit_log(30).await.expect("audit");
    for action in ["user.save", "setting.set", "target.set"] {
        assert!(
            audit
                .iter()
                .any(|a| a.action == action && a.actor == "admin" && a.after.is_some()),
            "{action} with what it became: {audit:?}"
        );
    }
    // The admin page shows the audit log with before and after.
    let (_, page) = get(&site, "/admin", Some(&c)).await;
    assert!(page.contains("<th scope=\"col\">Before</th>"), "{page}");
}

/// Every worker named in the loaded extract.
async fn worker_names(site: &Site) -> Vec<String> {
    let (_, rows) = site.app.db().extract_rows(1).await.expect("rows");
    let mut names: Vec<String> = rows
        .iter()
        .flat_map(|(list, r)| {
            let spec = &sightline_core::annex_a::LISTS[usize::from(*list) - 1];
            spec.columns
                .iter()
                .enumerate()
                .filter(|(_, c)| c.header.to_ascii_lowercase().contains("worker"))
                .filter_map(|(i, _)| match r.values.get(i) {
                    Some(sightline_core::annex_a::Value::Text(t)) => Some(t.to_string()),
                    _ => None,
                })
                .collect::<Vec<_>>()
        })
        .filter(|n| n.len() > 3)
        .collect();
    names.sort();
    names.dedup();
    names
}

/// What a reader without child-level access must never find in a JSON body: a number beside a
/// suppressed flag, a count or remainder of 1 to 5, or a breakdown with exactly one hidden cell.
fn check_json(v: &serde_json::Value, unit: Option<&str>, at: &str, problems: &mut Vec<String>) {
    match v {
        serde_json::Value::Array(a) => {
            for x in a {
                check_json(x, unit, at, problems);
            }
        }
        serde_json::Value::Object(o) => {
            let unit = o
                .get("definition")
                .and_then(|d| d.get("unit"))
                .and_then(|u| u.as_str())
                .or(o.get("unit").and_then(|u| u.as_str()))
                .or(unit);
            let small = |k: &str| {
                o.get(k)
                    .and_then(|x| x.as_i64())
                    .filter(|n| (1..=5).contains(n))
            };
            if o.get("suppressed").and_then(|s| s.as_bool()) == Some(true) {
                for k in ["value", "numerator", "denominator"] {
                    if o.contains_key(k) {
                        problems.push(format!("{at}: {k} beside a suppressed flag: {v}"));
                    }
                }
            } else if o.contains_key("numerator") {
                if unit != Some("days")
                    && let Some(n) = small("numerator")
                {
                    problems.push(format!("{at}: numerator {n}: {v}"));
                }
                // Children per worker: the denominator counts workers, not children.
                if unit != Some("ratio")
                    && let Some(d) = small("denominator")
                {
                    problems.push(format!("{at}: denominator {d}: {v}"));
                }
                if unit == Some("pct")
                    && let (Some(n), Some(d)) = (
                        o.get("numerator").and_then(|x| x.as_i64()),
                        o.get("denominator").and_then(|x| x.as_i64()),
                    )
                    && (1..=5).contains(&(d - n))
                {
                    problems.push(format!("{at}: remainder {} of {n} of {d}", d - n));
                }
            }
            if let Some(cells) = o.get("breakdowns").and_then(|b| b.as_array()) {
                let mut dims: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
                for c in cells {
                    let d = c["dimension"].as_str().unwrap_or("");
                    if d == "worker" {
                        problems.push(format!("{at}: a worker breakdown"));
                    }
                    let e = dims.entry(d).or_default();
                    e.0 += 1;
                    e.1 += usize::from(c.get("suppressed").is_some());
                }
                for (d, (n, hidden)) in dims {
                    if n > 1 && hidden == 1 {
                        problems.push(format!("{at}: {d} has one suppressed cell of {n}"));
                    }
                }
            }
            for x in o.values() {
                check_json(x, unit, at, problems);
            }
        }
        _ => {}
    }
}

/// The same for a CSV in the DfE layout: no visible numerator, denominator or remainder of 1
/// to 5 (suppressed cells are `c`).
fn check_csv(body: &str, at: &str, problems: &mut Vec<String>) {
    let mut lines = body.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name);
    let (Some(u), Some(n), Some(d)) = (col("unit"), col("numerator"), col("denominator")) else {
        problems.push(format!("{at}: no unit, numerator, denominator columns"));
        return;
    };
    for line in lines {
        // Titles hold no commas in the catalogue; a quoted field would shift these columns.
        let cells: Vec<&str> = line.split(',').collect();
        if cells.len() != header.len() {
            continue;
        }
        let unit = cells[u];
        let num: Option<i64> = cells[n].parse().ok();
        let den: Option<i64> = cells[d].parse().ok();
        if unit != "days"
            && let Some(x) = num.filter(|x| (1..=5).contains(x))
        {
            problems.push(format!("{at}: numerator {x}: {line}"));
        }
        if unit != "ratio"
            && let Some(x) = den.filter(|x| (1..=5).contains(x))
        {
            problems.push(format!("{at}: denominator {x}: {line}"));
        }
        if unit == "pct"
            && let (Some(a), Some(b)) = (num, den)
            && (1..=5).contains(&(b - a))
        {
            problems.push(format!("{at}: remainder {}: {line}", b - a));
        }
    }
}

/// The same for an HTML page's breakdown table (By · Group · Value · Numerator · Denominator).
fn check_html(body: &str, unit: Option<&str>, at: &str, problems: &mut Vec<String>) {
    let Some(start) = body
        .find("<caption class=\"govuk-table__caption govuk-visually-hidden\">Breakdowns</caption>")
    else {
        return;
    };
    let table = &body[start
        ..body[start..]
            .find("</table>")
            .map_or(body.len(), |e| start + e)];
    let mut dims: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    for row in table.split("<tr>").skip(2) {
        let cells: Vec<String> = row
            .split("<td>")
            .skip(1)
            .map(|c| c.split('<').next().unwrap_or("").trim().to_string())
            .collect();
        let [dim, key, value, num, den] = &cells[..] else {
            continue;
        };
        if dim == "worker" {
            problems.push(format!("{at}: worker {key}"));
        }
        let e = dims.entry(dim.clone()).or_default();
        e.0 += 1;
        if value == "c" {
            e.1 += 1;
            continue;
        }
        let n: Option<i64> = num.parse().ok();
        let d: Option<i64> = den.parse().ok();
        if let Some(d) = d
            && unit != Some("ratio")
            && (1..=5).contains(&d)
        {
            problems.push(format!("{at}: {dim} {key} denominator {d}"));
        }
        if let (Some(n), Some(d)) = (n, d)
            && value.ends_with('%')
            && (1..=5).contains(&(d - n))
        {
            problems.push(format!("{at}: {dim} {key} leaves {}", d - n));
        }
        if let Some(n) = n
            && !value.contains("days")
            && (1..=5).contains(&n)
        {
            problems.push(format!("{at}: {dim} {key} numerator {n}"));
        }
    }
    for (d, (n, hidden)) in dims {
        if n > 1 && hidden == 1 {
            problems.push(format!("{at}: {d} has one suppressed cell of {n}"));
        }
    }
}

#[tokio::test]
async fn every_route_from_the_router_shows_a_viewer_and_the_public_nothing_small() {
    let site = site().await;
    let workers = worker_names(&site).await;
    assert!(workers.len() > 3, "the synthetic extract names workers");
    let viewer = cookie_for(&site, Role::Viewer).await;
    let mut problems = Vec::new();
    let mut read = 0;
    for (route, methods) in sightline_web::routes() {
        if !methods.contains(&"GET") {
            continue;
        }
        let paths: Vec<String> = if route.contains("/indicators/{id}") {
            sightline_core::indicator::CATALOGUE
                .iter()
                .map(|d| route.replace("{id}", d.id))
                .collect()
        } else if route.contains("{id}") {
            (1..=6)
                .map(|i| route.replace("{id}", &i.to_string()))
                .collect()
        } else {
            vec![route.to_string()]
        };
        for path in paths {
            for (who, cookie) in [("viewer", Some(viewer.as_str())), ("public", None)] {
                let (_, body) = get(&site, &path, cookie).await;
                read += 1;
                let at = format!("{who} {path}");
                if let Some(id) = site.children.iter().find(|id| body.contains(id.as_str())) {
                    problems.push(format!("{at}: child {id}"));
                }
                if let Some(w) = workers.iter().find(|w| body.contains(w.as_str())) {
                    problems.push(format!("{at}: worker {w}"));
                }
                if let Ok(json) = serde_json::from_str::<serde_json::Value>(&body) {
                    check_json(&json, None, &at, &mut problems);
                } else if body.starts_with("time_period,") {
                    check_csv(&body, &at, &mut problems);
                } else {
                    let unit = path
                        .strip_prefix("/indicators/")
                        .and_then(sightline_core::indicator::definition)
                        .map(|d| d.unit.as_str());
                    check_html(&body, unit, &at, &mut problems);
                }
            }
        }
    }
    assert!(read > 100, "{read} bodies read");
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[tokio::test]
async fn every_response_carries_the_security_headers_and_plain_http_sign_in_is_explained() {
    let site = site().await;
    let viewer = cookie_for(&site, Role::Viewer).await;
    for path in ["/", "/login", "/api/v1/scorecard", "/indicators/referrals"] {
        let mut req = Request::get(path);
        if path != "/login" {
            req = req.header(header::COOKIE, &viewer);
        }
        let res = site
            .router
            .clone()
            .oneshot(req.body(Body::empty()).expect("request"))
            .await
            .expect("response");
        let h = res.headers();
        let csp = h
            .get(header::CONTENT_SECURITY_POLICY)
            .unwrap_or_else(|| panic!("{path}: {h:?}"))
            .to_str()
            .expect("csp");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"));
        assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{path}");
        assert!(h.contains_key(header::REFERRER_POLICY), "{path}");
        assert_eq!(h[header::CACHE_CONTROL], "no-store", "{path}");
    }
    // From another machine over plain http, the sign-in page says why signing in will fail.
    let ask = |host: &'static str, proto: Option<&'static str>| {
        let mut req = Request::get("/login").header(header::HOST, host);
        if let Some(p) = proto {
            req = req.header("x-forwarded-proto", p);
        }
        let router = site.router.clone();
        async move {
            let res = router
                .oneshot(req.body(Body::empty()).expect("request"))
                .await
                .expect("response");
            let bytes = axum::body::to_bytes(res.into_body(), 1_000_000)
                .await
                .expect("body");
            String::from_utf8_lossy(&bytes).contains("Sign-in needs HTTPS")
        }
    };
    assert!(ask("192.0.2.7:8080", None).await);
    assert!(!ask("192.0.2.7:8080", Some("https")).await);
    assert!(!ask("127.0.0.1:8080", None).await);
    assert!(!ask("localhost:8080", None).await);
    assert!(!ask("[::1]:8080", None).await);
    // A bad request is a 400, not a 404.
    let analyst = cookie_for(&site, Role::Analyst).await;
    let (s, _) = get(
        &site,
        "/api/v1/indicators/no_such_indicator/rows",
        Some(&analyst),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
}

/// A plain HTTP/1.1 GET over a real socket: (status, content type, body).
async fn http_get(
    addr: std::net::SocketAddr,
    path: &str,
    bearer: Option<&str>,
) -> (u16, String, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let auth = bearer.map_or_else(String::new, |t| format!("Authorization: Bearer {t}\r\n"));
    let req = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\n{auth}Connection: close\r\n\r\n");
    stream.write_all(req.as_bytes()).await.expect("write");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.expect("read");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").expect("a response");
    let status = head[9..12].parse().expect("status");
    let ctype = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-type:")
                .map(|v| v.trim().to_string())
        })
        .unwrap_or_default();
    // Bodies here are small and not chunked except by length; strip chunk sizes if any.
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        let mut out = String::new();
        let mut rest = body;
        while let Some((size, tail)) = rest.split_once("\r\n") {
            let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
            if n == 0 {
                break;
            }
            out.push_str(&tail[..n]);
            rest = &tail[n + 2..];
        }
        out
    } else {
        body.to_string()
    };
    (status, ctype, body)
}

#[tokio::test]
async fn a_personal_token_reads_the_api_as_csv_until_revoked_or_expired() {
    let site = site().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let router = site.router.clone();
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    let admin = Actor("admin".into());
    let today = jiff::Zoned::now().date();
    let until = today.checked_add(jiff::Span::new().days(30)).expect("date");
    let (token, made) = site
        .app
        .create_token(&admin, "viewer", "Power BI", until, today)
        .await
        .expect("token");
    assert!(token.starts_with("sl_"));
    assert!(
        site.app
            .create_token(
                &admin,
                "viewer",
                "x",
                today.checked_add(jiff::Span::new().years(3)).expect("d"),
                today
            )
            .await
            .is_err(),
        "at most two years"
    );

    // Token in, figures out: the scorecard in the DfE layout, as a viewer sees it.
    let (status, ctype, body) = http_get(addr, "/api/v1/scorecard.csv", Some(&token)).await;
    assert_eq!(status, 200, "{body}");
    assert!(ctype.starts_with("text/csv"), "{ctype}");
    let mut lines = body.lines();
    assert_eq!(
        lines.next(),
        Some(
            "time_period,time_identifier,geographic_level,la_code,la_name,indicator,indicator_title,unit,period_basis,value,numerator,denominator,reliability,target,rag,comparison"
        )
    );
    let rows: Vec<&str> = lines.collect();
    let ours: Vec<&&str> = rows.iter().filter(|r| r.contains(",As at,")).collect();
    assert_eq!(ours.len(), sightline_core::indicator::CATALOGUE.len());
    assert!(ours.iter().any(|r| r.contains(",referrals,")));
    assert!(
        ours.iter().all(|r| r.contains(",999,Northfield,")),
        "{}",
        ours[0]
    );
    // Each benchmark row says how ours compares: England's yearly rate is set beside ours only
    // annualised (here the population is not set, so there is no rate of ours to annualise),
    // a share beside a share with both periods named.
    let england = |id: &str| {
        rows.iter()
            .find(|r| r.contains(",National,") && r.contains(&format!(",{id},")))
            .unwrap_or_else(|| panic!("England's {id}"))
            .to_string()
    };
    assert!(
        england("referrals_per_10k").ends_with(",not comparable: no figure of ours to annualise"),
        "{}",
        england("referrals_per_10k")
    );
    assert!(
        england("re_referrals_12m_pct")
            .contains("like for like: the 6 months to 2024-06-28 against the year to")
    );
    // The same through Accept: the JSON route answers CSV; and the series and the plan.
    let (status, _, body) = http_get(
        addr,
        "/api/v1/indicators/referrals/series.csv",
        Some(&token),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(body.lines().count(), 2, "one extract: {body}");
    let (status, _, body) = http_get(addr, "/api/v1/plan.csv", Some(&token)).await;
    assert_eq!(status, 200);
    assert!(body.starts_with("as_at,priority,requirement"), "{body}");
    assert!(!body.contains("in_progress"), "statuses in words");
    let (status, _, body) = http_get(addr, "/api/v1/indicators/referrals/rows", Some(&token)).await;
    assert_eq!(status, 403, "a viewer's token sees no children: {body}");
    let listed = site.app.tokens().await.expect("tokens");
    assert!(
        listed
            .iter()
            .any(|t| t.id == made.id && t.last_used_at.is_some())
    );

    // Revoked: 401, with the scheme named.
    site.app
        .revoke_token(&admin, made.id)
        .await
        .expect("revoke");
    let (status, _, _) = http_get(addr, "/api/v1/scorecard.csv", Some(&token)).await;
    assert_eq!(status, 401);
    // Expired yesterday: 401. Unknown: 401.
    let yesterday = today.checked_sub(jiff::Span::new().days(1)).expect("date");
    let (user, _) = site
        .app
        .db()
        .user_by_name("analyst")
        .await
        .expect("q")
        .expect("user");
    let old = "sl_an-expired-token-of-the-right-shape";
    site.app
        .db()
        .create_token(
            &admin,
            &user,
            "old",
            &sightline_app::token_hash(old),
            yesterday,
        )
        .await
        .expect("stored");
    let (status, _, _) = http_get(addr, "/api/v1/scorecard", Some(old)).await;
    assert_eq!(status, 401);
    let (status, _, _) = http_get(addr, "/api/v1/scorecard", Some("sl_nonsense")).await;
    assert_eq!(status, 401);
    let audit = site.app.db().audit_log(50).await.expect("audit");
    for action in ["token.create", "token.revoke"] {
        assert!(audit.iter().any(|a| a.action == action), "{action}");
    }
    // The OpenAPI document declares the scheme.
    let (_, _, doc) = http_get(addr, "/api/v1/openapi.json", None).await;
    assert!(doc.contains("\"scheme\":\"bearer\""), "{doc}");
}

#[tokio::test]
async fn the_line_of_sight_filters_by_team_counts_per_team_and_downloads() {
    let site = site().await;
    let analyst = cookie_for(&site, Role::Analyst).await;
    let users = site.app.users().await.expect("users");
    let user = |r: Role| users.iter().find(|u| u.role == r).cloned().expect("user");
    let all = site
        .app
        .line_of_sight(
            &user(Role::Analyst),
            &Default::default(),
            jiff::civil::date(2024, 7, 1),
        )
        .await
        .expect("lists");
    let listed: usize = all.sections.iter().map(|x| x.rows.len()).sum();
    assert!(listed > 0);
    // The extract was pseudonymised: each child is kept as a pseudonym, and shown by the
    // council's own id opened from its seal.
    assert_eq!(all.own_ids_missing, None);
    for r in all.sections.iter().flat_map(|x| &x.rows) {
        assert!(r.child.starts_with("p-"), "{}", r.child);
        let own = r.own_id.as_deref().expect("own id");
        assert!(!own.starts_with("p-") && !own.is_empty(), "{own}");
    }
    assert_eq!(all.by_team.iter().map(|(_, n)| n).sum::<usize>(), listed);
    assert_eq!(all.age_days, Some(3), "as at 28 June, seen on 1 July");
    assert!(!all.stale);
    let (team, n) = all.by_team[0].clone();
    let one = site
        .app
        .line_of_sight(
            &user(Role::Analyst),
            &sightline_app::SightFilter {
                team: Some(team.clone()),
                worker: None,
            },
            jiff::civil::date(2024, 9, 1),
        )
        .await
        .expect("one team");
    assert!(
        one.sections
            .iter()
            .flat_map(|x| &x.rows)
            .all(|r| r.team == team)
    );
    assert_eq!(one.sections.iter().map(|x| x.rows.len()).sum::<usize>(), n);
    assert!(one.stale, "65 days old");
    // A manager sees the teams an admin assigned them, and none before that.
    let manager = user(Role::Manager);
    let none = site
        .app
        .line_of_sight(&manager, &Default::default(), jiff::civil::date(2024, 7, 1))
        .await
        .expect("lists");
    assert_eq!(none.assigned, Some(Vec::new()));
    assert_eq!(none.sections.iter().map(|x| x.rows.len()).sum::<usize>(), 0);
    site.app
        .assign_teams(
            &Actor("admin".into()),
            "manager",
            std::slice::from_ref(&team),
        )
        .await
        .expect("assigned");
    let mine = site
        .app
        .line_of_sight(&manager, &Default::default(), jiff::civil::date(2024, 7, 1))
        .await
        .expect("lists");
    assert_eq!(mine.sections.iter().map(|x| x.rows.len()).sum::<usize>(), n);
    assert!(
        mine.sections
            .iter()
            .flat_map(|x| &x.rows)
            .all(|r| r.team == team)
    );
    // Every row says when it is due or how overdue.
    assert!(
        all.sections
            .iter()
            .flat_map(|x| &x.rows)
            .all(|r| !r.status.is_empty())
    );
    let (s, page) = get(&site, "/line-of-sight", Some(&analyst)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("Children listed per team"));
    let (s, csv) = get(&site, "/line-of-sight.csv", Some(&analyst)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(csv.starts_with("as_at,list,team,worker,council_child_id,child"));
    assert_eq!(csv.lines().count(), listed + 1);
    let viewer = cookie_for(&site, Role::Viewer).await;
    let (s, body) = get(&site, "/line-of-sight.csv", Some(&viewer)).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert!(!site.children.iter().any(|c| body.contains(c.as_str())));
}

#[tokio::test]
async fn owners_write_commentary_on_the_indicator_page_and_viewers_read_it() {
    let site = site().await;
    let path = "/indicators/re_referrals_12m_pct/commentary";
    let (token, manager) = site.app.login("manager", PASSWORD).await.expect("login");
    let c = format!("{}={token}", sightline_web::SESSION_COOKIE);
    // No form token: refused, nothing written.
    let r = post(&site, path, &c, "period=2024-06&text=Rising").await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let form = format!(
        "csrf={}&period=2024-06&text=Up+with+the+new+screening%3B+audit+under+way",
        manager.csrf
    );
    let r = post(&site, path, &c, &form).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "back to the indicator");
    // A period that is no month is a 400 with why.
    let bad = format!("csrf={}&period=June&text=x", manager.csrf);
    assert_eq!(
        post(&site, path, &c, &bad).await.status(),
        StatusCode::BAD_REQUEST
    );
    // A viewer reads it, signed, and has no form; and cannot post one.
    let (vt, viewer) = site.app.login("viewer", PASSWORD).await.expect("login");
    let v = format!("{}={vt}", sightline_web::SESSION_COOKIE);
    let (s, page) = get(&site, "/indicators/re_referrals_12m_pct", Some(&v)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        page.contains("Up with the new screening; audit under way"),
        "shown"
    );
    assert!(page.contains("<td>manager</td>"), "signed");
    assert!(!page.contains("Add commentary"), "no form for a viewer");
    let vform = format!("csrf={}&period=2024-06&text=x", viewer.csrf);
    assert_eq!(
        post(&site, path, &v, &vform).await.status(),
        StatusCode::FORBIDDEN
    );
    let (_, page) = get(&site, "/indicators/re_referrals_12m_pct", Some(&c)).await;
    assert!(page.contains("Add commentary") && page.contains("value=\"2024-06\""));
}

#[tokio::test]
async fn packs_are_built_listed_and_downloaded_as_each_role_may() {
    let site = site().await;
    let workers = worker_names(&site).await;
    let (token, analyst) = site.app.login("analyst", PASSWORD).await.expect("login");
    let a = format!("{}={token}", sightline_web::SESSION_COOKIE);
    // No form token: refused, nothing built.
    let r = post(
        &site,
        "/packs",
        &a,
        "kind=scrutiny&period=2024-06&format=pdf",
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let build = |extra: &str| {
        format!(
            "csrf={}&kind=scrutiny&period=2024-06&contact=Jo+Bloggs{extra}",
            analyst.csrf
        )
    };
    let r = post(&site, "/packs", &a, &build("&format=pdf")).await;
    assert_eq!(r.status(), StatusCode::OK);
    let body = String::from_utf8(
        axum::body::to_bytes(r.into_body(), 1_000_000)
            .await
            .expect("body")
            .to_vec(),
    )
    .expect("utf-8");
    assert!(body.contains("Pack 1 is stored"), "{body}");
    let r = post(&site, "/packs", &a, &build("&format=docx&public=yes")).await;
    assert_eq!(r.status(), StatusCode::OK);
    // A month with no extract says so on the page.
    let r = post(
        &site,
        "/packs",
        &a,
        &format!(
            "csrf={}&kind=cabinet&period=2023-01&format=pdf",
            analyst.csrf
        ),
    )
    .await;
    let body = String::from_utf8(
        axum::body::to_bytes(r.into_body(), 1_000_000)
            .await
            .expect("body")
            .to_vec(),
    )
    .expect("utf-8");
    assert!(body.contains("no extract is held as at 2023-01"), "{body}");

    let download = |path: &'static str, cookie: String| {
        let site = &site;
        async move {
            let res = site
                .router
                .clone()
                .oneshot(
                    Request::get(path)
                        .header(header::COOKIE, cookie)
                        .body(Body::empty())
                        .expect("request"),
                )
                .await
                .expect("response");
            let status = res.status();
            let kind = res
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string();
            let bytes = axum::body::to_bytes(res.into_body(), 50_000_000)
                .await
                .expect("body");
            (status, kind, bytes.to_vec())
        }
    };
    let (s, kind, pdf) = download("/packs/1/pdf", a.clone()).await;
    assert_eq!((s, kind.as_str()), (StatusCode::OK, "application/pdf"));
    assert!(pdf.starts_with(b"%PDF-"));
    let (s, _, _) = download("/packs/1/docx", a.clone()).await;
    assert_eq!(s, StatusCode::OK, "any stored pack in any format");

    // Viewers: the public pack only, no form, no building.
    let v = cookie_for(&site, Role::Viewer).await;
    let (s, page) = get(&site, "/packs", Some(&v)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("/packs/2/pdf") && !page.contains("/packs/1/"));
    assert!(!page.contains("Build the pack"));
    let (_, viewer) = site.app.login("viewer", PASSWORD).await.expect("login");
    let r = post(
        &site,
        "/packs",
        &v,
        &format!(
            "csrf={}&kind=scrutiny&period=2024-06&format=pdf",
            viewer.csrf
        ),
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let (s, _, bytes) = download("/packs/1/docx", v.clone()).await;
    assert_ne!(s, StatusCode::OK, "a restricted pack is not a viewer's");
    assert!(!bytes.starts_with(b"PK"));
    let (s, _, html) = download("/packs/2/html", v.clone()).await;
    assert_eq!(s, StatusCode::OK);
    let html = String::from_utf8(html).expect("utf-8");
    assert!(html.contains("PUBLIC: for publication"));
    for w in &workers {
        assert!(!html.contains(w.as_str()), "the public pack names {w}");
    }
    assert!(!site.children.iter().any(|c| html.contains(c.as_str())));
    // The overview links the newest pack this role may have.
    let (_, overview) = get(&site, "/", Some(&v)).await;
    assert!(overview.contains("Latest pack") && overview.contains("/packs/2/pdf"));
}

#[tokio::test]
async fn managers_add_investment_lines_and_everyone_follows_the_money() {
    let site = site().await;
    let (token, manager) = site.app.login("manager", PASSWORD).await.expect("login");
    let m = format!("{}={token}", sightline_web::SESSION_COOKIE);
    let form = "code=CS-01&name=Advanced+practitioners&owner=Head+of+Service&permanence=one_off\
                &funding=reserve&starts=2024-04-01&ends=2025-03-31&funds_permanent_posts=yes\
                &year=2024-25&amount=240%2C000&long_term=Newly+qualified+workers+who+stay\
                &indicators=caseload_avg%2C+re_referrals_12m_pct";
    let r = post(&site, "/money/lines", &m, form).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "no form token");
    let r = post(
        &site,
        "/money/lines",
        &m,
        &format!("csrf={}&{form}", manager.csrf),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = post(
        &site,
        "/money/budgets",
        &m,
        &format!(
            "csrf={}&code=CS-01&year=2024-25&amount=300000&from=2024-10-01&reason=More+posts",
            manager.csrf
        ),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let lines = site.app.lines().await.expect("lines");
    assert_eq!(
        lines[0].budgets.len(),
        2,
        "the change is kept beside the first budget"
    );
    // Its owner and what it should move change; a blank box keeps what it had.
    let r = post(
        &site,
        "/money/links",
        &m,
        &format!(
            "csrf={}&code=CS-01&owner=Principal+Social+Worker&actions=&indicators=             workforce_agency_rate_pct&long_term=",
            manager.csrf
        ),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let l = &site.app.lines().await.expect("lines")[0];
    assert_eq!(l.owner, "Principal Social Worker");
    assert_eq!(l.indicators, vec!["workforce_agency_rate_pct".to_string()]);
    assert_eq!(l.long_term, "Newly qualified workers who stay");
    assert_eq!(l.budgets.len(), 2);
    // An unknown indicator is refused on the page with why, and nothing changes.
    let r = post(
        &site,
        "/money/links",
        &m,
        &format!("csrf={}&code=CS-01&indicators=agency_spend", manager.csrf),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let page = axum::body::to_bytes(r.into_body(), usize::MAX)
        .await
        .expect("body");
    assert!(String::from_utf8_lossy(&page).contains("agency_spend"));
    assert_eq!(
        site.app.lines().await.expect("lines")[0].indicators,
        vec!["workforce_agency_rate_pct".to_string()]
    );
    // A viewer follows the money but changes nothing.
    let (vt, viewer) = site.app.login("viewer", PASSWORD).await.expect("login");
    let v = format!("{}={vt}", sightline_web::SESSION_COOKIE);
    let (s, page) = get(&site, "/money", Some(&v)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("CS-01") && page.contains("Advanced practitioners"));
    assert!(!page.contains("Add the line"));
    let r = post(
        &site,
        "/money/lines",
        &v,
        &format!("csrf={}&{form}", viewer.csrf),
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let (s, json) = get(&site, "/api/v1/money", Some(&v)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(json.contains("\"code\":\"CS-01\""), "{json}");
    let log = site.app.db().audit_log(50).await.expect("log");
    assert!(
        log.iter()
            .any(|e| e.action == "money.line.update" && e.actor == "manager")
    );
}

#[tokio::test]
async fn meetings_show_the_forward_plan_and_what_each_body_asked_for() {
    use sightline_core::governance::Answers;
    let site = site().await;
    let clerk = Actor("clerk".into());
    let today = jiff::Zoned::now().date();
    let days = |n: i64| today.saturating_add(jiff::Span::new().days(n));
    let asked = site
        .app
        .add_meeting(Role::Manager, &clerk, "scrutiny", days(-42), None, vec![])
        .await
        .expect("meeting");
    let missed = site
        .app
        .add_meeting(Role::Manager, &clerk, "scrutiny", days(-21), None, vec![])
        .await
        .expect("meeting");
    let coming = site
        .app
        .add_meeting(
            Role::Manager,
            &clerk,
            "improvement-board",
            days(7),
            None,
            vec![],
        )
        .await
        .expect("meeting");
    site.app
        .add_decision(
            Role::Manager,
            &clerk,
            sightline_app::NewDecision {
                meeting_id: asked,
                item: "5".into(),
                number: "3".into(),
                text: "That regular updates be brought to scrutiny.".into(),
                request: Some(sightline_app::NewRequest {
                    text: "Target monitoring and performance".into(),
                    owner: "Director of Children's Services".into(),
                    due_meeting_id: missed,
                    answers: Answers::default(),
                }),
            },
        )
        .await
        .expect("decision");
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("board paper.txt");
    std::fs::write(&file, "the paper").expect("write");
    let paper = site
        .app
        .send_file(Role::Manager, &clerk, coming, &file, None, today)
        .await
        .expect("sent");
    let viewer = cookie_for(&site, Role::Viewer).await;
    let (s, page) = get(&site, "/meetings", Some(&viewer)).await;
    assert_eq!(s, StatusCode::OK);
    // The title is the page's name alone (no form leaks into it).
    assert!(page.contains("<title>Meetings – Sightline"), "{page}");
    assert!(
        page.contains("improvement-board pack not yet sent"),
        "{page}"
    );
    assert!(page.contains("1 red"));
    let (s, page) = get(&site, "/meetings/body/scrutiny", Some(&viewer)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("Target monitoring and performance"));
    assert!(
        page.contains("which has met without it (21 days ago)"),
        "{page}"
    );
    let (s, page) = get(&site, &format!("/meetings/{coming}"), Some(&viewer)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("board paper.txt"));
    assert!(page.contains("<title>Improvement Board, "), "{page}");
    assert!(!page.contains("/meetings/papers/"), "no link for a viewer");
    let (s, _) = get(&site, &format!("/meetings/papers/{paper}"), Some(&viewer)).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "a file carries no marking");
    let manager = cookie_for(&site, Role::Manager).await;
    let (s, body) = get(&site, &format!("/meetings/papers/{paper}"), Some(&manager)).await;
    assert_eq!((s, body.as_str()), (StatusCode::OK, "the paper"));
    let (s, _) = get(&site, "/meetings/99", Some(&viewer)).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, json) = get(&site, "/api/v1/requests?open=true", Some(&viewer)).await;
    assert_eq!(s, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v[0]["rating"]["colour"], "red");
    assert_eq!(v[0]["request"]["text"], "Target monitoring and performance");
    let (s, _) = get(&site, "/meetings", None).await;
    assert_eq!(s, StatusCode::SEE_OTHER, "signed in only");
}

#[tokio::test]
async fn the_self_evaluation_is_written_in_the_browser_and_readiness_says_why() {
    let site = site().await;
    let (mt, manager) = site.app.login("manager", PASSWORD).await.expect("login");
    let m = format!("{}={mt}", sightline_web::SESSION_COOKIE);
    let form = "year=2026&area=care-leavers&question=know&text=We+are+in+touch+with+most\
                &indicators=care_leavers_in_touch_pct";
    let r = post(&site, "/self-evaluation", &m, form).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "no form token");
    let r = post(
        &site,
        "/self-evaluation",
        &m,
        &format!("csrf={}&{form}", manager.csrf),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let bad = post(
        &site,
        "/self-evaluation",
        &m,
        &format!(
            "csrf={}&year=2026&area=care-leavers&question=know&text=x&indicators=nope",
            manager.csrf
        ),
    )
    .await;
    assert_eq!(bad.status(), StatusCode::OK, "the page again, saying why");
    let page = axum::body::to_bytes(bad.into_body(), usize::MAX)
        .await
        .expect("body");
    assert!(String::from_utf8_lossy(&page).contains("nope: there is no such thing to cite"));
    let viewer = cookie_for(&site, Role::Viewer).await;
    let (s, page) = get(&site, "/self-evaluation", Some(&viewer)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("We are in touch with most"));
    assert!(page.contains("draft: evidence as it stands today"));
    assert!(
        !page.contains("Save as a new draft"),
        "viewers read, not write"
    );
    // Published from the page: version 2, its evidence frozen.
    let (_, page) = get(&site, "/self-evaluation", Some(&m)).await;
    assert!(page.contains("Publish version 1"));
    let r = post(
        &site,
        "/self-evaluation/publish",
        &m,
        &format!("csrf={}&year=2026", manager.csrf),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = get(&site, "/self-evaluation", Some(&m)).await;
    assert!(page.contains("version 2: published"), "{page}");
    assert!(!page.contains("Publish version"));
    let (s, body) = get(&site, "/self-evaluation/2026/1/html", Some(&viewer)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(body.contains("We are in touch with most"));
    let (s, page) = get(&site, "/readiness", Some(&viewer)).await;
    assert_eq!(s, StatusCode::OK);
    // Published today: ready on that count; no pack was sent to any meeting: not ready.
    assert!(page.contains("Not ready"), "{page}");
    // The same for Power BI.
    let (s, json) = get(&site, "/api/v1/readiness", Some(&viewer)).await;
    assert_eq!(s, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["items"].as_array().map(Vec::len), Some(5));
    assert_eq!(v["items"][0]["ready"], true);
    assert_eq!(v["items"][2]["ready"], false);
    let (s, _) = get(&site, "/api/v1/readiness", None).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn meetings_and_decisions_are_recorded_in_the_browser() {
    let site = site().await;
    let (mt, manager) = site.app.login("manager", PASSWORD).await.expect("login");
    let m = format!("{}={mt}", sightline_web::SESSION_COOKIE);
    let today = jiff::Zoned::now().date();
    let days = |n: i64| today.saturating_add(jiff::Span::new().days(n));
    let form = format!(
        "body=scrutiny&date={}&title=&items=5%3DChildren%27s+services+improvement",
        days(-7)
    );
    assert_eq!(
        post(&site, "/meetings", &m, &form).await.status(),
        StatusCode::FORBIDDEN,
        "no form token"
    );
    let r = post(
        &site,
        "/meetings",
        &m,
        &format!("csrf={}&{form}", manager.csrf),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = post(
        &site,
        "/meetings",
        &m,
        &format!("csrf={}&body=scrutiny&date={}", manager.csrf, days(14)),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let bad = post(
        &site,
        "/meetings",
        &m,
        &format!("csrf={}&body=scrutiny&date=next+week", manager.csrf),
    )
    .await;
    assert_eq!(bad.status(), StatusCode::OK, "the page again, saying why");
    let page = axum::body::to_bytes(bad.into_body(), usize::MAX)
        .await
        .expect("body");
    assert!(String::from_utf8_lossy(&page).contains("give it as YYYY-MM-DD"));
    // A message in the address is not shown.
    let (_, page) = get(&site, "/meetings?error=Call+0800+now", Some(&m)).await;
    assert!(!page.contains("Call 0800 now"));
    let meetings = site.app.meetings().await.expect("meetings");
    let (asked, due) = (meetings[0].id.expect("id"), meetings[1].id.expect("id"));
    let r = post(
        &site,
        &format!("/meetings/{asked}/decisions"),
        &m,
        &format!(
            "csrf={}&item=5&number=3&text=That+updates+be+brought&request=Target+monitoring\
             &owner=DCS&due_meeting={due}",
            manager.csrf
        ),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = get(&site, &format!("/meetings/{due}"), Some(&m)).await;
    assert!(page.contains("Target monitoring"), "due here");
    assert!(page.contains("It was brought"));
    let request = site.app.requests(true, today).await.expect("open")[0]
        .request
        .id
        .expect("id");
    let r = post(
        &site,
        &format!("/meetings/{due}/brought"),
        &m,
        &format!("csrf={}&request={request}", manager.csrf),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(
        site.app
            .requests(true, today)
            .await
            .expect("open")
            .is_empty()
    );
    // Viewers read; they cannot record.
    let viewer = cookie_for(&site, Role::Viewer).await;
    let (_, page) = get(&site, "/meetings", Some(&viewer)).await;
    assert!(!page.contains("Record the meeting"));
}
