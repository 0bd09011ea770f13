//! The inspection record, the data-quality report and the admin page.

use askama::Template;
use axum::extract::Query;

use crate::Extract;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use sightline_app::disclosure::Audience;

use crate::State;
use crate::auth::PageUser;
use crate::pages::{Chrome, Failure, chrome, render};

/// One inspection event.
pub struct EventView {
    title: String,
    judgements: Vec<(String, String)>,
    /// (anchor, number, text, addressed by).
    recommendations: Vec<(String, String, String, String)>,
}

type Four = (String, String, String, String);

#[derive(Template)]
#[template(path = "inspections.html")]
struct InspectionsPage {
    chrome: Chrome,
    authority: String,
    journey: String,
    next_window: Option<String>,
    events: Vec<EventView>,
    neighbours: Vec<Four>,
}

/// `GET /inspections`: the journey, each inspection's judgements and recommendations with the
/// priorities that address them, and the statistical neighbours' latest grades.
pub async fn inspections(
    Extract(state): Extract<State>,
    PageUser(s): PageUser,
) -> Result<Response, Failure> {
    let home = match state.app.home_authority().await {
        Ok(Some(a)) => a,
        Ok(None) => {
            return Ok((
                StatusCode::NOT_FOUND,
                "No authority is set: sightline indicators settings --authority CODE",
            )
                .into_response());
        }
        Err(e) => return Err(e.into()),
    };
    let code = home.code.to_string();
    let (_, journey) = state.app.journey(&code).await?;
    // No plan yet is a state to show; any other failure is an error.
    let plan = match state.app.plan(None).await {
        Ok(p) => Some(p),
        Err(sightline_app::Error::Invalid(_)) => None,
        Err(e) => return Err(e.into()),
    };
    let addressed = |inspection: Option<i64>, n: u32| -> String {
        let Some(p) = &plan else {
            return String::new();
        };
        if p.inspection_id.is_none() || p.inspection_id != inspection {
            return String::new();
        }
        p.priorities
            .iter()
            .filter(|pr| pr.recommendations.contains(&n))
            .map(|pr| format!("priority {} ({} actions)", pr.number, pr.actions.len()))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let path: Vec<String> = journey
        .events
        .iter()
        .filter_map(|e| {
            e.headline()
                .map(|g| format!("{} {}", g.label().to_lowercase(), e.start_date.year()))
        })
        .collect();
    let events = journey
        .events
        .iter()
        .rev()
        .map(|e| EventView {
            title: format!(
                "{} from {}{}",
                e.kind.label(),
                e.start_date,
                e.lead_inspector
                    .as_ref()
                    .map_or_else(String::new, |l| format!(", lead inspector {l}"))
            ),
            judgements: e
                .judgements
                .iter()
                .map(|j| (j.area.label().to_string(), j.grade.label().to_string()))
                .collect(),
            recommendations: e
                .recommendations
                .iter()
                .map(|r| {
                    let by = addressed(e.id, r.number);
                    (
                        format!("recommendation-{}-{}", e.id.unwrap_or(0), r.number),
                        r.number.to_string(),
                        r.text.clone(),
                        if by.is_empty() { "—".to_string() } else { by },
                    )
                })
                .collect(),
        })
        .collect();
    let neighbours = match state.app.profile(&code).await {
        Ok(p) => p
            .neighbours
            .iter()
            .map(|n| {
                (
                    n.rank.to_string(),
                    n.name.clone(),
                    n.latest
                        .as_ref()
                        .and_then(|l| l.overall)
                        .map_or_else(|| "not known".to_string(), |g| g.label().to_string()),
                    n.latest
                        .as_ref()
                        .and_then(|l| l.start_date)
                        .map_or_else(String::new, |d| d.to_string()),
                )
            })
            .collect(),
        Err(e) => return Err(e.into()),
    };
    Ok(render(&InspectionsPage {
        chrome: chrome(&state, &s, "inspections"),
        authority: home.name.clone(),
        journey: if path.is_empty() {
            "no graded inspection recorded".to_string()
        } else {
            path.join(" → ")
        },
        next_window: journey.next_window.map(|w| {
            format!(
                "{} expected between {} and {}",
                w.expected_kind.label().to_lowercase(),
                w.opens,
                w.closes
            )
        }),
        events,
        neighbours,
    }))
}

type Five = (String, String, String, String, String);
type Six = (String, String, String, String, String, String);

/// A row of findings counted by a key: list, key, errors, warnings.
fn count_row(f: &sightline_app::FindingCount) -> Four {
    (
        f.list.map_or_else(|| "all".to_string(), |l| l.to_string()),
        f.key.clone(),
        f.errors.to_string(),
        f.warnings.to_string(),
    )
}

type Eight = (
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
);

#[derive(Template)]
#[template(path = "data.html")]
struct DataPage {
    chrome: Chrome,
    can_upload: bool,
    error: Option<String>,
    extract_id: i64,
    filter: (String, String, String, String),
    findings: Option<Vec<Eight>>,
    headline: String,
    sense: Vec<String>,
    lists: Vec<Five>,
    rules: Vec<Four>,
    owners: Vec<Four>,
    trend: Vec<Six>,
}

/// `GET /data`: the latest extract's data-quality report (aggregate counts only), and the
/// upload form for analysts and admins.
pub async fn data(
    Extract(state): Extract<State>,
    PageUser(s): PageUser,
    Query(which): Query<Which>,
) -> Result<Response, Failure> {
    data_page(&state, &s, which, None).await
}

/// `?extract=ID&list=&rule=&team=&worker=`
#[derive(Deserialize, Default)]
pub struct Which {
    extract: Option<i64>,
    #[serde(default)]
    list: String,
    #[serde(default)]
    rule: String,
    #[serde(default)]
    team: String,
    #[serde(default)]
    worker: String,
}

async fn data_page(
    state: &State,
    s: &sightline_app::Session,
    which: Which,
    error: Option<String>,
) -> Result<Response, Failure> {
    let extract = which.extract;
    let q = match state
        .app
        .quality_report(Audience::from(s.user.role), extract)
        .await
    {
        Ok(q) => q,
        Err(sightline_app::Error::Invalid(_)) if s.user.role.loads_data() => {
            return Ok(render(&DataPage {
                chrome: chrome(state, s, "data"),
                can_upload: true,
                error,
                extract_id: 0,
                filter: Default::default(),
                findings: None,
                headline: "No extract has been loaded yet.".to_string(),
                sense: Vec::new(),
                lists: Vec::new(),
                rules: Vec::new(),
                owners: Vec::new(),
                trend: Vec::new(),
            }));
        }
        Err(e) => return Err(e.into()),
    };
    let bad = error.is_some();
    let list = |l: Option<u8>| l.map_or_else(|| "all".to_string(), |l| l.to_string());
    let text = |v: &str| Some(v.trim().to_string()).filter(|v| !v.is_empty());
    let filter = sightline_app::FindingFilter {
        list: which.list.trim().parse().ok(),
        rule: text(&which.rule),
        team: text(&which.team),
        worker: text(&which.worker),
    };
    let findings = match state.app.findings(s.user.role, q.extract.id, &filter).await {
        Ok(f) => Some(
            f.iter()
                .map(|f| {
                    (
                        list(f.list),
                        format!("{}, {}", f.sheet, f.row),
                        f.column.clone().unwrap_or_default(),
                        f.value.clone().unwrap_or_default(),
                        f.rule.clone(),
                        f.severity.clone(),
                        f.message.clone(),
                        format!(
                            "{} / {}",
                            f.team.as_deref().unwrap_or("—"),
                            f.worker.as_deref().unwrap_or("—")
                        ),
                    )
                })
                .collect(),
        ),
        // Viewers are not shown findings; that is the page's own message, not an error.
        Err(sightline_app::Error::Forbidden(_)) => None,
        Err(e) => return Err(e.into()),
    };
    let mut r = render(&DataPage {
        chrome: chrome(state, s, "data"),
        can_upload: s.user.role.loads_data(),
        error,
        extract_id: q.extract.id,
        filter: (which.list, which.rule, which.team, which.worker),
        findings,
        headline: format!(
            "Extract {} from {}, as at {}, loaded {}: {} rows read, {} rejected; {} errors and {} warnings.",
            q.extract.id,
            q.extract.source,
            q.extract.as_at,
            crate::pages::local_time(&q.extract.loaded_at),
            q.extract.rows_read,
            q.extract.rows_rejected,
            q.extract.errors,
            q.extract.warnings
        ),
        sense: q.sense.iter().map(|c| c.message.clone()).collect(),
        lists: q
            .lists
            .iter()
            .map(|l| {
                (
                    l.list.to_string(),
                    l.source.clone(),
                    l.rows_read.to_string(),
                    l.rows_accepted.to_string(),
                    l.rows_rejected.to_string(),
                )
            })
            .collect(),
        rules: q.by_rule.iter().map(count_row).collect(),
        owners: q
            .by_owner
            .iter()
            .map(|o| {
                (
                    "all".to_string(),
                    o.key.clone(),
                    o.errors.text(),
                    o.warnings.text(),
                )
            })
            .collect(),
        trend: q
            .trend
            .iter()
            .map(|t| {
                (
                    t.id.to_string(),
                    t.as_at.clone(),
                    t.rows_read.to_string(),
                    t.rows_rejected.to_string(),
                    t.errors.to_string(),
                    t.warnings.to_string(),
                )
            })
            .collect(),
    });
    if bad {
        *r.status_mut() = StatusCode::BAD_REQUEST;
    }
    Ok(r)
}

/// `POST /data/upload` (analysts and admins): stores the files in a private temporary folder,
/// loads them as one pseudonymised extract in one transaction, and shows the report.
pub async fn upload(
    Extract(state): Extract<State>,
    PageUser(s): PageUser,
    Query(token): Query<crate::auth::QueryToken>,
    mut form: axum::extract::Multipart,
) -> Response {
    // Role and form token are checked before a byte of the body is read: the token comes in
    // the query string (the form's action), not in the body.
    if !s.user.role.loads_data() {
        return (StatusCode::FORBIDDEN, "Only analysts and admins load data.").into_response();
    }
    if !crate::auth::csrf_ok(&s, &token.csrf) {
        return crate::auth::csrf_refused();
    }
    let dir = match tempdir() {
        Ok(d) => d,
        Err(e) => {
            return data_page(
                &state,
                &s,
                Which::default(),
                Some(format!("cannot store the upload: {e}")),
            )
            .await
            .into_response();
        }
    };
    let result = receive(&mut form, &dir).await;
    let outcome = match result {
        Ok((as_at, partial, files)) => {
            if files == 0 {
                Err("Choose a workbook or CSV files to load".to_string())
            } else {
                let path = if files == 1 {
                    std::fs::read_dir(&dir)
                        .ok()
                        .and_then(|mut d| d.next())
                        .and_then(Result::ok)
                        .map_or_else(|| dir.clone(), |e| e.path())
                } else {
                    dir.clone()
                };
                state
                    .app
                    .load_extract(
                        &sightline_app::Actor(s.user.username.clone()),
                        &path,
                        as_at,
                        sightline_app::LoadAs {
                            pseudonymise: true,
                            partial,
                        },
                        &|_, _| {},
                    )
                    .await
                    .map(|loaded| loaded.id)
                    // Name the user's file, never the server's temporary folder.
                    .map_err(|e| {
                        let folder = dir.display().to_string();
                        e.to_string()
                            .replace(&format!("{folder}/"), "")
                            .replace(&folder, "the upload")
                    })
            }
        }
        Err(e) => Err(e),
    };
    let _ = std::fs::remove_dir_all(&dir);
    match outcome {
        Ok(id) => axum::response::Redirect::to(&format!("/data?extract={id}")).into_response(),
        Err(e) => data_page(&state, &s, Which::default(), Some(e))
            .await
            .into_response(),
    }
}

fn tempdir() -> std::io::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!(
        "sightline-upload-{}",
        sightline_app::random_token().get(..16).unwrap_or("x")
    ));
    std::fs::create_dir(&dir)?;
    Ok(dir)
}

/// Reads the form: the as-at date and the files (kept under their own base names, so the
/// reader sees .xlsx or .csv), each streamed to disk a chunk at a time.
async fn receive(
    form: &mut axum::extract::Multipart,
    dir: &std::path::Path,
) -> Result<(Option<jiff::civil::Date>, bool, usize), String> {
    use std::io::Write;
    let (mut as_at, mut partial, mut files) = (None, false, 0);
    while let Some(mut field) = form
        .next_field()
        .await
        .map_err(|e| format!("the upload could not be read: {e}"))?
    {
        match field.name().unwrap_or("") {
            "partial" => {
                partial = field
                    .text()
                    .await
                    .map_err(|e| format!("the upload could not be read: {e}"))?
                    == "yes";
            }
            "as_at" => {
                let t = field
                    .text()
                    .await
                    .map_err(|e| format!("the upload could not be read: {e}"))?;
                if !t.trim().is_empty() {
                    as_at = Some(t.trim().parse().map_err(|_| {
                        format!("As at {:?} is not a date like 2024-01-15", t.trim())
                    })?);
                }
            }
            "file" => {
                let name = field
                    .file_name()
                    .and_then(|n| std::path::Path::new(n).file_name())
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                if name.is_empty() || name.starts_with('.') {
                    continue;
                }
                let path = dir.join(&name);
                let mut out = std::fs::File::create(&path)
                    .map_err(|e| format!("cannot store {name}: {}", e.kind()))?;
                let mut size = 0usize;
                while let Some(chunk) = field
                    .chunk()
                    .await
                    .map_err(|e| format!("{name} could not be read: {e}"))?
                {
                    size += chunk.len();
                    out.write_all(&chunk)
                        .map_err(|e| format!("cannot store {name}: {}", e.kind()))?;
                }
                if size == 0 {
                    let _ = std::fs::remove_file(&path);
                    continue;
                }
                files += 1;
            }
            _ => {}
        }
    }
    Ok((as_at, partial, files))
}

/// `?who=&action=`
#[derive(Deserialize, Default)]
pub struct AuditFilter {
    #[serde(default)]
    who: String,
    #[serde(default)]
    action: String,
}

type Three = (String, String, String);
type Seven = (String, String, String, String, String, String, String);

#[derive(Template)]
#[template(path = "admin.html")]
struct AdminPage {
    chrome: Chrome,
    error: Option<String>,
    done: Option<String>,
    users: Vec<Three>,
    tokens: Vec<TokenRow>,
    population: String,
    cin_visit_days: u32,
    cp_visit_working_days: u32,
    cla_visit_days: u32,
    caseload_threshold: u32,
    targets: Vec<Seven>,
    indicators: Vec<(&'static str, &'static str)>,
    who: String,
    action: String,
    audit: Vec<AuditRow>,
}

/// A personal API token as the admin page lists it.
pub struct TokenRow {
    id: i64,
    user: String,
    name: String,
    expires: String,
    last_used: String,
    live: bool,
}

/// The answer to an admin form that is forged or not from an admin, if it is.
fn admin_form_refused(s: &sightline_app::Session, csrf: &str) -> Option<Response> {
    if crate::auth::csrf_ok(s, csrf) {
        not_admin(s)
    } else {
        Some(crate::auth::csrf_refused())
    }
}

fn not_admin(s: &sightline_app::Session) -> Option<Response> {
    (s.user.role != sightline_core::access::Role::Admin)
        .then(|| (StatusCode::FORBIDDEN, "Only admins can see this page.").into_response())
}

/// One line of the audit log as the admin page shows it.
struct AuditRow {
    at: String,
    actor: String,
    action: String,
    which: String,
    detail: String,
    before: String,
    after: String,
}

/// `GET /admin` (admins only): users and roles, settings, targets, and the audit log,
/// filterable.
pub async fn admin(
    Extract(state): Extract<State>,
    PageUser(s): PageUser,
    Query(f): Query<AuditFilter>,
) -> Result<Response, Failure> {
    if let Some(r) = not_admin(&s) {
        return Ok(r);
    }
    admin_page(&state, &s, f, None, None).await
}

async fn admin_page(
    state: &State,
    s: &sightline_app::Session,
    f: AuditFilter,
    error: Option<String>,
    done: Option<String>,
) -> Result<Response, Failure> {
    let users = state.app.users().await?;
    let audit = state.app.audit_log(s.user.role, 1000, None, None).await?;
    let settings = state.app.indicator_settings().await?;
    let targets = state.app.targets().await?;
    let tokens = state.app.tokens().await?;
    let today = jiff::Zoned::now().date().to_string();
    let bad = error.is_some();
    let mut r = render(&AdminPage {
        chrome: chrome(state, s, "admin"),
        error,
        done,
        users: users
            .iter()
            .map(|u| {
                (
                    u.username.clone(),
                    u.role.to_string(),
                    if u.disabled { "yes" } else { "no" }.to_string(),
                )
            })
            .collect(),
        tokens: tokens
            .into_iter()
            .map(|t| TokenRow {
                live: t.revoked_at.is_none() && t.expires_on >= today,
                id: t.id,
                user: t.username,
                name: t.name,
                expires: match &t.revoked_at {
                    Some(r) => format!("revoked {}", r.get(..10).unwrap_or(r)),
                    None => t.expires_on,
                },
                last_used: t.last_used_at.map_or_else(
                    || "never".to_string(),
                    |u| u.get(..16).unwrap_or(&u).replace('T', " "),
                ),
            })
            .collect(),
        population: settings
            .population
            .map_or_else(String::new, |p| p.to_string()),
        cin_visit_days: settings.cin_visit_days,
        cp_visit_working_days: settings.cp_visit_working_days,
        cla_visit_days: settings.cla_visit_days,
        caseload_threshold: settings.caseload_threshold,
        targets: targets
            .iter()
            .map(|t| {
                let t = &t.target;
                (
                    t.indicator.clone(),
                    match &t.kind {
                        sightline_core::indicator::judge::TargetKind::Fixed => t.value.to_string(),
                        k => format!("{} ({})", t.value, k.as_str().replace('_', " ")),
                    },
                    t.tolerance.to_string(),
                    t.from.to_string(),
                    t.to.to_string(),
                    t.owner.clone(),
                    t.reason.clone(),
                )
            })
            .collect(),
        indicators: sightline_core::indicator::CATALOGUE
            .iter()
            .filter(|d| d.polarity != sightline_core::indicator::Polarity::Context)
            .map(|d| (d.id, d.title))
            .collect(),
        audit: audit
            .iter()
            .filter(|a| f.who.is_empty() || a.actor == f.who)
            .filter(|a| f.action.is_empty() || a.action.starts_with(&f.action))
            .take(200)
            .map(|a| AuditRow {
                at: crate::pages::local_time(&a.at),
                actor: a.actor.clone(),
                action: a.action.clone(),
                which: format!(
                    "{} {}",
                    a.entity,
                    a.entity_id.map_or_else(String::new, |i| i.to_string())
                ),
                detail: a.detail.clone(),
                before: a
                    .before
                    .clone()
                    .unwrap_or_else(|| if a.after.is_some() { "(new)" } else { "" }.to_owned()),
                after: a.after.clone().unwrap_or_default(),
            })
            .collect(),
        who: f.who,
        action: f.action,
    });
    if bad {
        *r.status_mut() = StatusCode::BAD_REQUEST;
    }
    Ok(r)
}

/// The add-user form.
#[derive(Deserialize)]
pub struct UserForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    password: String,
}

/// `POST /admin/users`
pub async fn save_user(
    Extract(state): Extract<State>,
    PageUser(s): PageUser,
    axum::Form(form): axum::Form<UserForm>,
) -> Response {
    if let Some(r) = admin_form_refused(&s, &form.csrf) {
        return r;
    }
    let result = match form.role.parse::<sightline_core::access::Role>() {
        Ok(role) => state
            .app
            .save_user(
                &sightline_app::Actor(s.user.username.clone()),
                &form.username,
                &form.password,
                role,
            )
            .await
            .map(|_| format!("{} saved as {role}", form.username.trim())),
        Err(e) => Err(sightline_app::Error::Invalid(e.to_string())),
    };
    finish(&state, &s, result).await
}

/// The disable form.
#[derive(Deserialize)]
pub struct DisableForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    disabled: bool,
}

/// `POST /admin/users/disable`
pub async fn disable_user(
    Extract(state): Extract<State>,
    PageUser(s): PageUser,
    axum::Form(form): axum::Form<DisableForm>,
) -> Response {
    if let Some(r) = admin_form_refused(&s, &form.csrf) {
        return r;
    }
    let result = state
        .app
        .set_user_disabled(
            &sightline_app::Actor(s.user.username.clone()),
            &form.username,
            form.disabled,
        )
        .await
        .map(|()| {
            format!(
                "{} {}",
                form.username,
                if form.disabled { "disabled" } else { "enabled" }
            )
        });
    finish(&state, &s, result).await
}

/// The revoke-a-token form.
#[derive(Deserialize)]
pub struct RevokeForm {
    #[serde(default)]
    csrf: String,
    id: i64,
}

/// `POST /admin/tokens/revoke` (admins).
pub async fn revoke_token(
    Extract(state): Extract<State>,
    PageUser(s): PageUser,
    axum::Form(form): axum::Form<RevokeForm>,
) -> Response {
    if let Some(r) = admin_form_refused(&s, &form.csrf) {
        return r;
    }
    let result = state
        .app
        .revoke_token(&sightline_app::Actor(s.user.username.clone()), form.id)
        .await
        .map(|()| format!("token {} revoked", form.id));
    finish(&state, &s, result).await
}

/// The settings form.
#[derive(Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    population: String,
    #[serde(default)]
    cin_visit_days: String,
    #[serde(default)]
    cp_visit_working_days: String,
    #[serde(default)]
    cla_visit_days: String,
    /// Absent from older forms: the setting is kept.
    #[serde(default)]
    caseload_threshold: String,
}

fn whole(name: &str, v: &str) -> Result<u32, sightline_app::Error> {
    v.trim().parse().map_err(|_| {
        sightline_app::Error::Invalid(format!("{name} must be a whole number, not {:?}", v.trim()))
    })
}

/// `POST /admin/settings`
pub async fn save_settings(
    Extract(state): Extract<State>,
    PageUser(s): PageUser,
    axum::Form(form): axum::Form<SettingsForm>,
) -> Response {
    if let Some(r) = admin_form_refused(&s, &form.csrf) {
        return r;
    }
    let result = async {
        let mut settings = state.app.indicator_settings().await?;
        settings.population = if form.population.trim().is_empty() {
            None
        } else {
            Some(whole("The population", &form.population)?)
        };
        settings.cin_visit_days = whole("The CIN visit standard", &form.cin_visit_days)?;
        settings.cp_visit_working_days =
            whole("The CP visit standard", &form.cp_visit_working_days)?;
        settings.cla_visit_days = whole("The CLA visit standard", &form.cla_visit_days)?;
        if !form.caseload_threshold.trim().is_empty() {
            settings.caseload_threshold =
                whole("The caseload threshold", &form.caseload_threshold)?;
        }
        state
            .app
            .set_indicator_settings(&sightline_app::Actor(s.user.username.clone()), &settings)
            .await?;
        Ok("Settings saved".to_string())
    }
    .await;
    finish(&state, &s, result).await
}

/// The target form.
#[derive(Deserialize)]
pub struct TargetForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    indicator: String,
    #[serde(default)]
    value: String,
    #[serde(default)]
    tolerance: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    owner: String,
    #[serde(default)]
    reason: String,
    /// `fixed`, `last_year`, `benchmark:…` or `trajectory`.
    #[serde(default)]
    kind: String,
    /// A trajectory's points: "2026-03-31=60, 2026-09-30=75".
    #[serde(default)]
    points: String,
}

/// `POST /admin/targets`
pub async fn set_target(
    Extract(state): Extract<State>,
    PageUser(s): PageUser,
    axum::Form(form): axum::Form<TargetForm>,
) -> Response {
    if let Some(r) = admin_form_refused(&s, &form.csrf) {
        return r;
    }
    let invalid = |m: String| sightline_app::Error::Invalid(m);
    let result = async {
        let number = |name: &str, v: &str| {
            v.trim()
                .parse::<f64>()
                .map_err(|_| invalid(format!("{name} must be a number, not {:?}", v.trim())))
        };
        let date = |name: &str, v: &str| {
            v.trim().parse::<jiff::civil::Date>().map_err(|_| {
                invalid(format!(
                    "{name} must be a date like 2025-03-31, not {:?}",
                    v.trim()
                ))
            })
        };
        if form.owner.trim().is_empty() {
            return Err(invalid("Enter who owns the target".to_string()));
        }
        let t = sightline_core::indicator::judge::Target {
            indicator: form.indicator.clone(),
            value: number("The target", &form.value)?,
            tolerance: number("The tolerance", &form.tolerance)?,
            from: date("From", &form.from)?,
            to: date("To", &form.to)?,
            owner: form.owner.trim().to_string(),
            set_by: s.user.username.clone(),
            reason: form.reason.trim().to_string(),
            kind: sightline_core::indicator::judge::TargetKind::parse(&form.kind, &form.points)
                .map_err(invalid)?,
        };
        state
            .app
            .set_target(&sightline_app::Actor(s.user.username.clone()), &t)
            .await?;
        Ok(format!("Target set for {}", t.indicator))
    }
    .await;
    finish(&state, &s, result).await
}

async fn finish(
    state: &State,
    s: &sightline_app::Session,
    result: Result<String, sightline_app::Error>,
) -> Response {
    match result {
        Ok(done) => admin_page(state, s, AuditFilter::default(), None, Some(done))
            .await
            .into_response(),
        Err(e) => admin_page(state, s, AuditFilter::default(), Some(e.to_string()), None)
            .await
            .into_response(),
    }
}
