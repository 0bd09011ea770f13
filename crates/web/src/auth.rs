//! Login, logout, the session extractor and the CSRF check.

use askama::Template;
use axum::extract::FromRequestParts;

use crate::Extract;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Form, Json};
use serde::Deserialize;
use sightline_app::{SESSION_HOURS, Session};

use crate::pages::{Chrome, render};
use crate::{Site, State};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "sightline_session";
const LOGIN_CSRF_COOKIE: &str = "sightline_login";

pub(crate) fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

fn set_cookie(name: &str, value: &str, max_age_secs: i64) -> HeaderValue {
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age={max_age_secs}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// A logged-in user on a page: without a session, the browser is sent to the login page.
pub struct PageUser(pub Session);

/// A logged-in user on the API: without a session, 401.
pub struct ApiUser(pub Session);

/// A request's session, looked up once and kept in the request: the bearer token's when one
/// is sent (the API), else the cookie's.
#[derive(Clone)]
struct Resolved(Option<Session>);

/// The personal API token sent as `Authorization: Bearer`, if any.
fn bearer(parts: &Parts) -> Option<&str> {
    parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
}

/// The request's live session, if any (a bearer token decides alone: a bad one is none,
/// whatever cookie comes with it). Sessions are found across a shared database; the session
/// says which authority it acts for. A store failure is an error, never a signed-out user.
pub(crate) async fn resolved(parts: &mut Parts, site: &Site) -> Result<Option<Session>, Response> {
    if let Some(Resolved(s)) = parts.extensions.get::<Resolved>() {
        return Ok(s.clone());
    }
    let app = &site.installation.app;
    let session = match bearer(parts) {
        Some(token) => app.token_session(token, jiff::Zoned::now().date()).await,
        None => match cookie(&parts.headers, SESSION_COOKIE) {
            Some(token) => app.session(&token).await,
            None => Ok(None),
        },
    }
    .map_err(|e| crate::pages::Failure::from(e).into_response())?;
    parts.extensions.insert(Resolved(session.clone()));
    Ok(session)
}

impl FromRequestParts<Site> for PageUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, site: &Site) -> Result<Self, Self::Rejection> {
        // A page is signed in by its cookie alone.
        if bearer(parts).is_some() {
            return Err(Redirect::to("/login").into_response());
        }
        match resolved(parts, site).await? {
            Some(s) => Ok(PageUser(s)),
            None => Err(Redirect::to("/login").into_response()),
        }
    }
}

impl FromRequestParts<Site> for ApiUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, site: &Site) -> Result<Self, Self::Rejection> {
        match resolved(parts, site).await? {
            Some(s) => Ok(ApiUser(s)),
            None => Err((
                StatusCode::UNAUTHORIZED,
                [(header::WWW_AUTHENTICATE, "Bearer")],
                Json(serde_json::json!({"error": "log in first, or send a live API token as Authorization: Bearer"})),
            )
                .into_response()),
        }
    }
}

/// Whether a form's CSRF token is the session's.
pub fn csrf_ok(session: &Session, sent: &str) -> bool {
    !sent.is_empty() && sent == session.csrf
}

/// The answer to a form whose token is wrong.
pub fn csrf_refused() -> Response {
    (
        StatusCode::FORBIDDEN,
        "This form has expired or did not come from Sightline. Go back, reload and try again.",
    )
        .into_response()
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage<'a> {
    chrome: Chrome,
    csrf: &'a str,
    error: Option<&'a str>,
    username: &'a str,
    plain_http: bool,
}

/// Whether the request came over plain http from another machine: the `Secure` session cookie
/// will then never come back, so sign-in cannot work.
pub(crate) fn plain_http_from_afar(headers: &HeaderMap) -> bool {
    let https = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|p| p.trim().eq_ignore_ascii_case("https"));
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.split(':').next().unwrap_or(""),
    };
    let local = name.is_empty()
        || name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    !https && !local
}

fn login_form(
    state: &State,
    headers: &HeaderMap,
    error: Option<&str>,
    username: &str,
    status: StatusCode,
) -> Response {
    let token = sightline_app::random_token();
    let mut r = render(&LoginPage {
        chrome: Chrome::signed_out(state),
        csrf: &token,
        error,
        username,
        plain_http: plain_http_from_afar(headers),
    });
    *r.status_mut() = status;
    r.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(LOGIN_CSRF_COOKIE, &token, 3600),
    );
    r
}

/// `GET /login`
pub async fn login_page(Extract(state): Extract<State>, headers: HeaderMap) -> Response {
    login_form(&state, &headers, None, "", StatusCode::OK)
}

/// The login form.
#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    #[serde(default)]
    csrf: String,
}

/// `POST /login`: checks the form token (double-submit cookie), the rate limit and the
/// password; sets the session cookie.
pub async fn login(
    Extract(state): Extract<State>,
    connect: Option<axum::Extension<axum::extract::ConnectInfo<std::net::SocketAddr>>>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    let expected = cookie(&headers, LOGIN_CSRF_COOKIE).unwrap_or_default();
    if expected.is_empty() || expected != form.csrf {
        let why = if plain_http_from_afar(&headers) {
            "Sign-in needs HTTPS: this page came over plain http from another machine, so the browser would not keep the sign-in."
        } else {
            "The form had expired. Try again."
        };
        return login_form(
            &state,
            &headers,
            Some(why),
            &form.username,
            StatusCode::FORBIDDEN,
        );
    }
    let client = connect.map(|c| c.0.0.ip());
    match state
        .app
        .login_from(&form.username, &form.password, client)
        .await
    {
        Ok((token, _)) => {
            let mut r = Redirect::to("/").into_response();
            r.headers_mut().append(
                header::SET_COOKIE,
                set_cookie(SESSION_COOKIE, &token, SESSION_HOURS * 3600),
            );
            r.headers_mut()
                .append(header::SET_COOKIE, set_cookie(LOGIN_CSRF_COOKIE, "", 0));
            r
        }
        Err(sightline_app::Error::TryLater(why)) => login_form(
            &state,
            &headers,
            Some(why),
            &form.username,
            StatusCode::TOO_MANY_REQUESTS,
        ),
        Err(sightline_app::Error::Forbidden(_)) => login_form(
            &state,
            &headers,
            Some("The user name or password is not right."),
            &form.username,
            StatusCode::UNAUTHORIZED,
        ),
        Err(e) => crate::pages::Failure::from(e).into_response(),
    }
}

/// The CSRF token in the query string, for a form whose body must not be read before it is
/// checked (uploads).
#[derive(Deserialize, Default)]
pub struct QueryToken {
    #[serde(default)]
    pub(crate) csrf: String,
}

/// A form with only the CSRF token.
#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    csrf: String,
}

/// `POST /logout`
pub async fn logout(
    Extract(state): Extract<State>,
    PageUser(session): PageUser,
    headers: HeaderMap,
    Form(form): Form<TokenForm>,
) -> Response {
    if !csrf_ok(&session, &form.csrf) {
        return csrf_refused();
    }
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        let _ = state.app.logout(&token).await;
    }
    let mut r = Redirect::to("/login").into_response();
    r.headers_mut()
        .append(header::SET_COOKIE, set_cookie(SESSION_COOKIE, "", 0));
    r
}
