//! The account page: the authorities a person may act for (their own, and any where another
//! authority's admin granted them a role), switching between them, and the alliances whose
//! view they hold the regional role for.

use askama::Template;
use axum::Form;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use sightline_app::ActingRole;
use sightline_core::alliance::Alliance;

use crate::auth::{PageUser, SESSION_COOKIE, csrf_ok, csrf_refused};
use crate::pages::{Chrome, Failure, chrome, render};
use crate::{Extract, State};

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    chrome: Chrome,
    acting: i64,
    roles: Vec<ActingRole>,
    alliances: Vec<Alliance>,
}

/// `GET /account`
pub async fn page(
    Extract(state): Extract<State>,
    PageUser(s): PageUser,
) -> Result<Response, Failure> {
    Ok(render(&AccountPage {
        chrome: chrome(&state, &s, "account"),
        acting: s.user.authority,
        roles: state.app.acting_roles(&s.user).await?,
        alliances: state.app.regional_alliances(&s.user).await?,
    }))
}

/// The form that switches authority.
#[derive(Deserialize)]
pub struct ActForm {
    authority: i64,
    #[serde(default)]
    csrf: String,
}

/// `POST /account/act-for`: the session acts for another authority where its account holds a
/// role (audited there).
pub async fn act_for(
    Extract(state): Extract<State>,
    PageUser(s): PageUser,
    headers: axum::http::HeaderMap,
    Form(form): Form<ActForm>,
) -> Result<Response, Failure> {
    if !csrf_ok(&s, &form.csrf) {
        return Ok(csrf_refused());
    }
    let token = crate::auth::cookie(&headers, SESSION_COOKIE).unwrap_or_default();
    state.app.act_for(&token, form.authority).await?;
    Ok(Redirect::to("/").into_response())
}
