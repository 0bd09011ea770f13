//! `/api/v1`: the same figures as the pages, as JSON or CSV, for a session or a personal API
//! token (`Authorization: Bearer`), so Power BI, Excel ("Get data → From web") and scripts can
//! read them. Every figure has been through the disclosure layer for the caller's role.

use axum::Json;
use axum::extract::Path;

use crate::Extract;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sightline_app::Error;
use sightline_app::disclosure::{Audience, Disclosed, Figure};
use sightline_core::indicator;

use crate::State;
use crate::auth::ApiUser;
use crate::pages::Failure;

/// Whether the caller asked for CSV (`Accept: text/csv`).
fn wants_csv(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("text/csv"))
}

fn csv_response(name: &str, header: &[&str], rows: &[Vec<String>]) -> Response {
    match sightline_report::csv::table(header, rows) {
        Ok(text) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("inline; filename=\"{name}.csv\""),
                ),
            ],
            text,
        )
            .into_response(),
        Err(e) => Failure::from(Error::Report(e)).into_response(),
    }
}

/// The DfE layout's columns: one row per area, period and measure.
const DFE: [&str; 16] = [
    "time_period",
    "time_identifier",
    "geographic_level",
    "la_code",
    "la_name",
    "indicator",
    "indicator_title",
    "unit",
    "period_basis",
    "value",
    "numerator",
    "denominator",
    "reliability",
    "target",
    "rag",
    "comparison",
];

/// A figure's value, numerator and denominator as CSV cells: `c` when suppressed, `x` when
/// there is no value (DfE's symbols).
fn numbers(f: Option<&Figure>) -> [String; 3] {
    match f.map(|f| &f.figure) {
        Some(Disclosed::Suppressed(_)) => ["c".into(), "c".into(), "c".into()],
        Some(Disclosed::Shown(n)) => [
            n.value.map_or_else(|| "x".to_string(), |v| v.to_string()),
            n.numerator.to_string(),
            n.denominator
                .map_or_else(|| "z".to_string(), |d| d.to_string()),
        ],
        None => ["x".into(), "x".into(), "x".into()],
    }
}

/// One DfE row for a figure of `def`.
fn dfe_row(
    home: Option<&sightline_core::authority::Authority>,
    def: &indicator::Definition,
    f: Option<&Figure>,
    target: Option<f64>,
    rag: &str,
) -> Vec<String> {
    let [value, numerator, denominator] = numbers(f);
    vec![
        f.map_or_else(String::new, |f| f.as_at.to_string()),
        "As at".into(),
        "Local authority".into(),
        home.map_or_else(String::new, |a| a.code.to_string()),
        home.map_or_else(String::new, |a| a.name.clone()),
        def.id.to_string(),
        def.title.to_string(),
        def.unit.as_str().to_string(),
        f.map_or_else(String::new, |f| {
            if f.period == "window" {
                "the extract's window (usually 6 months), not annual".to_string()
            } else {
                f.period.clone()
            }
        }),
        value,
        numerator,
        denominator,
        // DfE's `u`: low reliability (fewer than 20 children behind a rate or mean).
        if f.is_some_and(|f| f.read_with_care) {
            "u".into()
        } else {
            String::new()
        },
        target.map_or_else(String::new, |t| t.to_string()),
        rag.to_string(),
        String::new(),
    ]
}

/// A benchmark's row in the DfE layout, saying how our figure compares with it.
fn benchmark_row(def: &indicator::Definition, b: &sightline_app::ShownBenchmark) -> Vec<String> {
    use sightline_core::benchmark::{Comparison, Level};
    let x = &b.benchmark;
    vec![
        x.year.clone(),
        "Financial year".into(),
        match x.level {
            Level::National => "National",
            Level::Regional => "Regional",
            Level::StatisticalNeighbours => "Statistical neighbours (mean)",
            Level::LocalAuthority => "Local authority",
        }
        .into(),
        x.area_code.clone().unwrap_or_default(),
        x.area.clone(),
        def.id.to_string(),
        def.title.to_string(),
        def.unit.as_str().to_string(),
        format!("the year to {}", x.period_end),
        x.value.map_or_else(
            || x.symbol.clone().unwrap_or_else(|| "x".into()),
            |v| v.to_string(),
        ),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        match &b.comparison {
            Some(Comparison::Like { basis }) => format!("like for like: {basis}"),
            Some(Comparison::Annualised { value, basis }) => {
                format!("ours annualised: {value} ({basis})")
            }
            Some(Comparison::NotComparable { why }) => format!("not comparable: {why}"),
            None => "no figure of ours to compare".into(),
        },
    ]
}

/// `GET /api/v1/scorecard` (JSON, or CSV with `Accept: text/csv`) and `/api/v1/scorecard.csv`:
/// every indicator judged, as the caller's role may see it.
pub async fn scorecard(
    Extract(state): Extract<State>,
    ApiUser(s): ApiUser,
    headers: HeaderMap,
) -> Result<Response, Failure> {
    scorecard_as(&state, &s, wants_csv(&headers)).await
}

/// `GET /api/v1/scorecard.csv`.
pub async fn scorecard_csv(
    Extract(state): Extract<State>,
    ApiUser(s): ApiUser,
) -> Result<Response, Failure> {
    scorecard_as(&state, &s, true).await
}

async fn scorecard_as(
    state: &State,
    s: &sightline_app::Session,
    csv: bool,
) -> Result<Response, Failure> {
    let card = state
        .app
        .shared_scorecard(
            &sightline_app::Actor(s.user.username.clone()),
            Audience::from(s.user.role),
            None,
        )
        .await?;
    if !csv {
        return Ok(Json(&*card).into_response());
    }
    let home = state.app.home_authority().await?;
    // Each indicator's row, then a row per benchmark beside it saying how ours compares.
    let rows: Vec<Vec<String>> = card
        .indicators
        .iter()
        .flat_map(|j| {
            std::iter::once(dfe_row(
                home.as_ref(),
                j.definition,
                j.latest.as_ref(),
                j.target.as_ref().map(|t| t.value),
                j.rating.colour.as_str(),
            ))
            .chain(
                j.benchmarks
                    .iter()
                    .chain(&j.neighbours)
                    .map(|b| benchmark_row(j.definition, b)),
            )
        })
        .collect();
    Ok(csv_response("scorecard", &DFE, &rows))
}

/// `GET /api/v1/indicators/{id}/series` (JSON, or CSV with `Accept: text/csv`): the headline
/// figure at every extract, oldest first.
pub async fn series(
    Extract(state): Extract<State>,
    ApiUser(s): ApiUser,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Failure> {
    series_as(&state, &s, &id, wants_csv(&headers)).await
}

/// `GET /api/v1/indicators/{id}/series.csv`.
pub async fn series_csv(
    Extract(state): Extract<State>,
    ApiUser(s): ApiUser,
    Path(id): Path<String>,
) -> Result<Response, Failure> {
    series_as(&state, &s, &id, true).await
}

async fn series_as(
    state: &State,
    s: &sightline_app::Session,
    id: &str,
    csv: bool,
) -> Result<Response, Failure> {
    let Some(def) = indicator::definition(id) else {
        return Ok((StatusCode::NOT_FOUND, "No such indicator.").into_response());
    };
    let figures = state
        .app
        .series(Audience::from(s.user.role), def.id)
        .await?;
    if !csv {
        return Ok(Json(&figures).into_response());
    }
    let home = state.app.home_authority().await?;
    let rows: Vec<Vec<String>> = figures
        .iter()
        .map(|f| dfe_row(home.as_ref(), def, Some(f), None, ""))
        .collect();
    Ok(csv_response(&format!("{}-series", def.id), &DFE, &rows))
}

/// `GET /api/v1/plan` (JSON, or CSV with `Accept: text/csv`): the plan's standing today.
pub async fn plan(
    Extract(state): Extract<State>,
    ApiUser(_): ApiUser,
    headers: HeaderMap,
) -> Result<Response, Failure> {
    plan_as(&state, wants_csv(&headers)).await
}

/// `GET /api/v1/money`: every investment line's standing today with its reason, the actions it
/// funds and the indicators it should move (as this reader may see them), and the total.
pub async fn money(
    Extract(state): Extract<State>,
    ApiUser(s): ApiUser,
) -> Result<Response, Failure> {
    Ok(Json(crate::money::status(&state, &s).await?).into_response())
}

/// `GET /api/v1/requests`: every request the bodies' decisions made, with the meeting that
/// asked, the one it is due at and its RAG with the reason today (`?open=true` for those not
/// yet brought or withdrawn).
pub async fn requests(
    Extract(state): Extract<State>,
    ApiUser(_): ApiUser,
    axum::extract::Query(q): axum::extract::Query<OpenOnly>,
) -> Result<Response, Failure> {
    Ok(Json(
        state
            .app
            .requests(q.open.unwrap_or(false), jiff::Zoned::now().date())
            .await?,
    )
    .into_response())
}

/// `?open=true`.
#[derive(serde::Deserialize)]
pub struct OpenOnly {
    open: Option<bool>,
}

/// `GET /api/v1/readiness`: the next inspection window and the five readiness questions, ready
/// or not with the reason, today.
pub async fn readiness(
    Extract(state): Extract<State>,
    ApiUser(_): ApiUser,
) -> Result<Response, Failure> {
    Ok(Json(state.app.readiness(jiff::Zoned::now().date()).await?).into_response())
}

/// `GET /api/v1/plan.csv`: one row per action.
pub async fn plan_csv(
    Extract(state): Extract<State>,
    ApiUser(_): ApiUser,
) -> Result<Response, Failure> {
    plan_as(&state, true).await
}

async fn plan_as(state: &State, csv: bool) -> Result<Response, Failure> {
    let today = jiff::Zoned::now().date();
    let p = state
        .app
        .plan_status(None, today, &Default::default())
        .await?;
    if !csv {
        return Ok(Json(p).into_response());
    }
    let rows: Vec<Vec<String>> = p
        .priorities
        .iter()
        .flat_map(|pr| {
            pr.actions.iter().map(move |a| {
                vec![
                    today.to_string(),
                    pr.number.to_string(),
                    pr.text.clone(),
                    pr.rating.colour.as_str().to_string(),
                    a.id.map_or_else(String::new, |id| id.to_string()),
                    a.text.clone(),
                    a.lead.clone().unwrap_or_default(),
                    a.due.map_or_else(String::new, |d| d.to_string()),
                    a.status.label().to_string(),
                    a.rating.colour.as_str().to_string(),
                    a.rating.reason.clone(),
                ]
            })
        })
        .collect();
    Ok(csv_response(
        "plan",
        &[
            "as_at",
            "priority",
            "requirement",
            "priority_rag",
            "action_id",
            "action",
            "lead",
            "due",
            "status",
            "rag",
            "why",
        ],
        &rows,
    ))
}

/// `GET /api/v1/inspections`: the home authority's journey and neighbours' grades.
pub async fn inspections(
    Extract(state): Extract<State>,
    ApiUser(_): ApiUser,
) -> Result<Response, Failure> {
    let Some(home) = state.app.home_authority().await? else {
        return Ok((StatusCode::NOT_FOUND, "no authority is set").into_response());
    };
    let code = home.code.to_string();
    let (_, journey) = state.app.journey(&code).await?;
    let profile = state.app.profile(&code).await?;
    Ok(Json(serde_json::json!({"journey": journey, "profile": profile})).into_response())
}

/// `GET /api/v1/data`: the latest extract's data-quality report (aggregate counts).
pub async fn data(
    Extract(state): Extract<State>,
    ApiUser(s): ApiUser,
) -> Result<Json<sightline_app::QualityReport>, Failure> {
    Ok(Json(
        state
            .app
            .quality_report(Audience::from(s.user.role), None)
            .await?,
    ))
}

/// `GET /api/v1/indicators/{id}/rows`: the rows behind the latest figure; 403 for a viewer.
pub async fn rows(
    Extract(state): Extract<State>,
    ApiUser(s): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<sightline_core::indicator::Explanation>, Failure> {
    Ok(Json(
        state
            .app
            .explain_indicator(s.user.role, &id, None, None)
            .await?,
    ))
}

/// `GET /api/v1/openapi.json`: the API described.
pub async fn openapi() -> Response {
    Json(serde_json::json!({
        "openapi": "3.1.0",
        "info": {"title": "Sightline", "version": env!("CARGO_PKG_VERSION")},
        "components": {"securitySchemes": {
            "session": {"type": "apiKey", "in": "cookie", "name": crate::SESSION_COOKIE},
            "token": {"type": "http", "scheme": "bearer", "description": "A personal API token (`sightline token create`), sent as `Authorization: Bearer sl_…`; it acts as its user, role included."}
        }},
        "security": [{"session": []}, {"token": []}],
        "paths": {
            "/api/v1/scorecard": {"get": {
                "summary": "Every indicator at the latest extract: value, target, RAG with the reason, direction, trajectory, benchmarks (JSON; CSV with Accept: text/csv)",
                "responses": {"200": {"description": "The scorecard", "content": {"application/json": {}, "text/csv": {}}}, "401": {"description": "Not logged in, or the token is unknown, revoked or expired"}}}},
            "/api/v1/scorecard.csv": {"get": {
                "summary": "The scorecard in the DfE layout: one row per area, period and measure; suppressed values as c, no value as x",
                "responses": {"200": {"description": "CSV", "content": {"text/csv": {}}}, "401": {"description": "Not logged in"}}}},
            "/api/v1/indicators/{id}/series": {"get": {
                "summary": "An indicator's headline figure at every extract, oldest first (JSON; CSV with Accept: text/csv)",
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "The series"}, "401": {"description": "Not logged in"}, "404": {"description": "Unknown indicator"}}}},
            "/api/v1/indicators/{id}/series.csv": {"get": {
                "summary": "The series in the DfE layout",
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "CSV", "content": {"text/csv": {}}}, "401": {"description": "Not logged in"}, "404": {"description": "Unknown indicator"}}}},
            "/api/v1/workforce": {"get": {
                "summary": "The workforce in the latest month with a return: vacancy, agency, rolling twelve-month turnover, caseload, supervision in timescale, sickness and ASYE share for the authority and each team, with what to read each with",
                "responses": {"200": {"description": "The workforce measures"}, "400": {"description": "No workforce return is loaded"}, "401": {"description": "Not logged in"}}}},
            "/api/v1/money": {"get": {
                "summary": "Follow the money today: each investment line's budget, profile, actual and forecast with a RAG and its reason, the plan actions it funds with their RAG, the indicators it should move since the money started, one-off money for permanent posts ending soon, and the total",
                "responses": {"200": {"description": "The money's status"}, "401": {"description": "Not logged in"}}}},
            "/api/v1/requests": {"get": {
                "summary": "What the improvement board, cabinet, scrutiny and others asked to be brought back: each request with the decision, the meeting that asked, the meeting it is due at, and its RAG with the reason today (red once that meeting has met without it)",
                "parameters": [{"name": "open", "in": "query", "required": false, "schema": {"type": "boolean"}, "description": "Only those not yet brought or withdrawn"}],
                "responses": {"200": {"description": "The requests"}, "401": {"description": "Not logged in"}}}},
            "/api/v1/readiness": {"get": {
                "summary": "Inspection readiness today: the next window, and for the self-evaluation, the plan, the packs sent, the extract's data quality and the recommendations, ready or not with the reason",
                "responses": {"200": {"description": "Readiness"}, "401": {"description": "Not logged in"}}}},
            "/api/v1/plan.csv": {"get": {
                "summary": "The plan today, one row per action with its RAG and the reason",
                "responses": {"200": {"description": "CSV", "content": {"text/csv": {}}}, "401": {"description": "Not logged in"}}}},
            "/api/v1/plan": {"get": {
                "summary": "The improvement plan today: priorities, actions, RAG with the reason, coverage of the recommendations",
                "responses": {"200": {"description": "The plan's status"}, "401": {"description": "Not logged in"}, "404": {"description": "No plan"}}}},
            "/api/v1/inspections": {"get": {
                "summary": "The authority's inspection journey, next window and statistical neighbours' latest grades",
                "responses": {"200": {"description": "Journey and profile"}, "401": {"description": "Not logged in"}}}},
            "/api/v1/data": {"get": {
                "summary": "The latest extract's data-quality report: per list, by rule, by team and worker, trend",
                "responses": {"200": {"description": "The report"}, "401": {"description": "Not logged in"}}}},
            "/api/v1/indicators/{id}/rows": {"get": {
                "summary": "The child-level rows behind an indicator's latest figure (analysts, managers, admins)",
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "The rows"}, "401": {"description": "Not logged in"}, "403": {"description": "The role sees aggregates only"}, "404": {"description": "Unknown indicator"}}}}
        }
    }))
    .into_response()
}
