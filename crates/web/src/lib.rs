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

mod account;
mod alliance;
mod api;
mod auth;
mod meetings;
mod money;
mod packs;
mod pages;
mod plan;
mod readiness;
mod record;
mod self_evaluation;
mod sight;
mod workforce;

use std::sync::Arc;

use axum::Router;
use axum::routing::{MethodRouter, get, post};
use sightline_app::Sightline;
use sightline_core::access::Role;

pub use auth::SESSION_COOKIE;

/// One request's state: the application acting for the authority of the request's session
/// (or the installation's, signed out), the name in its header, and its overview's cache.
#[derive(Clone)]
pub struct State {
    app: Arc<Sightline>,
    council: Arc<str>,
    /// The overview's parts other than the scorecard, with the audit id they were built at.
    overview: Arc<tokio::sync::Mutex<Option<(pages::OverviewStamp, pages::OverviewParts)>>>,
}

impl State {
    fn of(app: Sightline, council: &str) -> State {
        State {
            app: Arc::new(app),
            council: Arc::from(council),
            overview: Arc::default(),
        }
    }
}

/// How many authorities' states (with their caches) a server keeps at once.
const ACTING_KEPT: usize = 16;

/// The router's state: the installation's [`State`] and one per authority a session has acted
/// for (a shared database), each with caches of its own, so nothing built for one authority
/// is ever served to another's request.
#[derive(Clone)]
pub struct Site {
    installation: State,
    acting: Arc<std::sync::Mutex<std::collections::HashMap<i64, State>>>,
}

impl Site {
    /// The state acting for `authority`.
    fn state_for(&self, authority: i64) -> State {
        if self.installation.app.acting_authority().unwrap_or(0) == authority {
            return self.installation.clone();
        }
        let mut acting = self
            .acting
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // Each authority's caches can hold an extract's rows: memory stays bounded by keeping
        // the states of at most `ACTING_KEPT` authorities, letting another go to make room.
        if !acting.contains_key(&authority)
            && acting.len() >= ACTING_KEPT
            && let Some(gone) = acting.keys().next().copied()
        {
            acting.remove(&gone);
        }
        acting
            .entry(authority)
            .or_insert_with(|| {
                let app = self.installation.app.for_authority(authority);
                let name = app.authority_name(authority);
                State::of(app, &name)
            })
            .clone()
    }
}

/// A request's [`State`]: the one acting for its session's authority. Handlers take
/// `Extract(state): Extract<State>`; the session is looked up once per request and kept for
/// [`auth::PageUser`] and [`auth::ApiUser`].
pub struct Extract<T>(pub T);

impl axum::extract::FromRequestParts<Site> for Extract<State> {
    type Rejection = axum::response::Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        site: &Site,
    ) -> Result<Self, Self::Rejection> {
        let session = auth::resolved(parts, site).await?;
        Ok(Extract(match session {
            Some(s) => site.state_for(s.user.authority),
            None => site.installation.clone(),
        }))
    }
}

/// The whole site: pages, assets and `/api/v1`.
pub fn router(app: Sightline) -> Router {
    router_for(app, "Children's services")
}

/// The whole site, headed with the council's name.
pub fn router_for(app: Sightline, council: &str) -> Router {
    let site = Site {
        installation: State::of(app, council),
        acting: Arc::default(),
    };
    ROUTES
        .iter()
        .fold(Router::new(), |r, (path, _, method)| {
            r.route(path, method())
        })
        .layer(axum::middleware::from_fn(security_headers))
        .with_state(site)
}

/// The headers every response carries: a content security policy with no inline script, no
/// framing, no sniffing, no referrer beyond the origin, and no caching of anything but the
/// stylesheets (pages and the API can carry child-level data).
async fn security_headers(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::http::{HeaderValue, header};
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        ),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// A route: its path, the methods it answers, and how it is made.
type Route = (
    &'static str,
    &'static [&'static str],
    fn() -> MethodRouter<Site>,
);

/// Every route of the site. The router is built from this table and the tests enumerate it, so
/// a route cannot be added without being tried for every role.
const ROUTES: &[Route] = &[
    ("/", &["GET"], || get(pages::overview)),
    ("/login", &["GET", "POST"], || {
        get(auth::login_page).post(auth::login)
    }),
    ("/logout", &["POST"], || post(auth::logout)),
    ("/account", &["GET"], || get(account::page)),
    ("/account/act-for", &["POST"], || post(account::act_for)),
    ("/alliances/{id}", &["GET"], || get(alliance::page)),
    ("/api/v1/alliances/{id}", &["GET"], || get(alliance::api)),
    ("/indicators", &["GET"], || get(pages::indicators)),
    ("/indicators/{id}", &["GET"], || get(pages::indicator)),
    ("/indicators/{id}/commentary", &["POST"], || {
        post(pages::add_commentary)
    }),
    ("/workforce", &["GET"], || get(workforce::workforce_page)),
    ("/self-evaluation", &["GET", "POST"], || {
        get(self_evaluation::page).post(self_evaluation::write)
    }),
    ("/self-evaluation/publish", &["POST"], || {
        post(self_evaluation::publish)
    }),
    (
        "/self-evaluation/{year}/{version}/{format}",
        &["GET"],
        || get(self_evaluation::download),
    ),
    ("/readiness", &["GET"], || get(readiness::page)),
    ("/meetings", &["GET", "POST"], || {
        get(meetings::meetings).post(meetings::add)
    }),
    ("/meetings/{id}", &["GET"], || get(meetings::meeting)),
    ("/meetings/{id}/decisions", &["POST"], || {
        post(meetings::decide)
    }),
    ("/meetings/{id}/papers", &["POST"], || post(meetings::send)),
    ("/meetings/{id}/brought", &["POST"], || {
        post(meetings::brought)
    }),
    ("/meetings/body/{body}", &["GET"], || get(meetings::body)),
    ("/meetings/papers/{id}", &["GET"], || get(meetings::paper)),
    ("/api/v1/workforce", &["GET"], || {
        get(workforce::workforce_api)
    }),
    ("/money", &["GET"], || get(money::money_page)),
    ("/money/lines", &["POST"], || post(money::add_line)),
    ("/money/budgets", &["POST"], || post(money::change_budget)),
    ("/money/links", &["POST"], || post(money::change_links)),
    ("/api/v1/money", &["GET"], || get(api::money)),
    ("/api/v1/requests", &["GET"], || get(api::requests)),
    ("/api/v1/readiness", &["GET"], || get(api::readiness)),
    ("/packs", &["GET", "POST"], || {
        get(packs::packs).post(packs::build)
    }),
    ("/packs/{id}/{format}", &["GET"], || get(packs::download)),
    ("/plan", &["GET"], || get(plan::plan)),
    ("/plan/actions/{id}", &["GET"], || get(plan::action)),
    ("/plan/actions/{id}/progress", &["POST"], || {
        post(plan::add_progress)
    }),
    ("/inspections", &["GET"], || get(record::inspections)),
    ("/data", &["GET"], || get(record::data)),
    ("/data/upload", &["POST"], || {
        post(record::upload).layer(axum::extract::DefaultBodyLimit::max(512 * 1024 * 1024))
    }),
    ("/line-of-sight", &["GET"], || get(sight::line_of_sight)),
    ("/line-of-sight.csv", &["GET"], || {
        get(sight::line_of_sight_csv)
    }),
    ("/admin", &["GET"], || get(record::admin)),
    ("/admin/users", &["POST"], || post(record::save_user)),
    ("/admin/users/disable", &["POST"], || {
        post(record::disable_user)
    }),
    ("/admin/settings", &["POST"], || post(record::save_settings)),
    ("/admin/targets", &["POST"], || post(record::set_target)),
    ("/assets/govuk.css", &["GET"], || get(pages::govuk_css)),
    ("/assets/app.css", &["GET"], || get(pages::app_css)),
    ("/admin/tokens/revoke", &["POST"], || {
        post(record::revoke_token)
    }),
    ("/api/v1/scorecard", &["GET"], || get(api::scorecard)),
    ("/api/v1/scorecard.csv", &["GET"], || {
        get(api::scorecard_csv)
    }),
    ("/api/v1/indicators/{id}/series", &["GET"], || {
        get(api::series)
    }),
    ("/api/v1/indicators/{id}/series.csv", &["GET"], || {
        get(api::series_csv)
    }),
    ("/api/v1/indicators/{id}/rows", &["GET"], || get(api::rows)),
    ("/api/v1/plan", &["GET"], || get(api::plan)),
    ("/api/v1/plan.csv", &["GET"], || get(api::plan_csv)),
    ("/api/v1/inspections", &["GET"], || get(api::inspections)),
    ("/api/v1/data", &["GET"], || get(api::data)),
    ("/api/v1/openapi.json", &["GET"], || get(api::openapi)),
];

/// Every route of the site with the methods it answers, as the router is built from them.
pub fn routes() -> impl Iterator<Item = (&'static str, &'static [&'static str])> {
    ROUTES.iter().map(|(path, methods, _)| (*path, *methods))
}

/// Serves the site on `addr` until the process is stopped.
///
/// # Errors
/// When the address cannot be bound or the server fails.
pub async fn serve(app: Sightline, council: &str, addr: &str) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!(addr, "serving");
    if listener.local_addr().is_ok_and(|a| !a.ip().is_loopback()) {
        eprintln!(
            "Sightline is listening on {addr}, which other machines can reach. Sign-in needs \
             HTTPS: put Sightline behind a reverse proxy with TLS that sets \
             X-Forwarded-Proto: https. Over plain http, browsers on other machines cannot sign in."
        );
    }
    axum::serve(
        listener,
        router_for(app, council).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .await
}

/// Whether a role may see the children behind a figure.
pub fn sees_children(role: Role) -> bool {
    role.child_level().is_some()
}
