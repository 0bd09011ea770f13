//! Sightline in the browser: server-rendered pages that work without JavaScript, and the same
//! data as JSON under `/api/v1`, behind local accounts with roles.
//!
//! Every route takes the session's [`Role`]; only roles allowed child-level data are ever given
//! a child row or identifier (the type system carries that proof from
//! [`Role::child_level`]). Every form carries the session's CSRF token; login is rate-limited.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let app = sightline_app::Sightline::open(std::path::Path::new("sightline.db")).await?;
//! let router = sightline_web::router(app);
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! axum::serve(listener, router).await?;
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod auth;
mod chart;
mod pages;
mod plan;
mod record;
mod sight;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::routing::{get, post};
use sightline_app::Sightline;
use sightline_core::access::Role;

pub use auth::SESSION_COOKIE;

/// What every handler shares.
#[derive(Clone)]
pub struct State {
    app: Arc<Sightline>,
    /// Failed logins per user name, for rate limiting (times of recent failures).
    failures: Arc<Mutex<HashMap<String, Vec<std::time::Instant>>>>,
    council: Arc<str>,
    /// The overview's parts other than the scorecard, with the audit id they were built at.
    overview: Arc<tokio::sync::Mutex<Option<(i64, pages::OverviewParts)>>>,
}

/// The whole site: pages, assets and `/api/v1`.
pub fn router(app: Sightline) -> Router {
    router_for(app, "Children's services")
}

/// The whole site, headed with the council's name.
pub fn router_for(app: Sightline, council: &str) -> Router {
    let state = State {
        app: Arc::new(app),
        failures: Arc::default(),
        council: Arc::from(council),
        overview: Arc::default(),
    };
    Router::new()
        .route("/", get(pages::overview))
        .route("/login", get(auth::login_page).post(auth::login))
        .route("/logout", post(auth::logout))
        .route("/indicators", get(pages::indicators))
        .route("/indicators/{id}", get(pages::indicator))
        .route("/plan", get(plan::plan))
        .route("/plan/actions/{id}", get(plan::action))
        .route("/plan/actions/{id}/progress", post(plan::add_progress))
        .route("/inspections", get(record::inspections))
        .route("/data", get(record::data))
        .route(
            "/data/upload",
            post(record::upload).layer(axum::extract::DefaultBodyLimit::max(512 * 1024 * 1024)),
        )
        .route("/line-of-sight", get(sight::line_of_sight))
        .route("/admin", get(record::admin))
        .route("/admin/users", post(record::save_user))
        .route("/admin/users/disable", post(record::disable_user))
        .route("/admin/settings", post(record::save_settings))
        .route("/admin/targets", post(record::set_target))
        .route("/assets/govuk.css", get(pages::govuk_css))
        .route("/assets/app.css", get(pages::app_css))
        .route("/api/v1/scorecard", get(pages::api_scorecard))
        .route("/api/v1/indicators/{id}/rows", get(pages::api_rows))
        .route("/api/v1/plan", get(pages::api_plan))
        .route("/api/v1/inspections", get(pages::api_inspections))
        .route("/api/v1/data", get(pages::api_data))
        .route("/api/v1/openapi.json", get(pages::openapi))
        .with_state(state)
}

/// Serves the site on `addr` until the process is stopped.
///
/// # Errors
/// When the address cannot be bound or the server fails.
pub async fn serve(app: Sightline, council: &str, addr: &str) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!(addr, "serving");
    axum::serve(listener, router_for(app, council)).await
}

/// Whether a role may see the children behind a figure.
pub fn sees_children(role: Role) -> bool {
    role.child_level().is_some()
}
