//! The Readiness page: for the next inspection window, each thing asked for on the first day,
//! ready or not, with the reason.

use crate::Extract;
use askama::Template;
use axum::response::Response;
use sightline_app::ReadinessItem;

use crate::State;
use crate::auth::PageUser;
use crate::pages::{Chrome, Failure, chrome, render};

#[derive(Template)]
#[template(path = "readiness.html")]
struct ReadinessPage {
    chrome: Chrome,
    as_at: String,
    window: Option<String>,
    items: Vec<ReadinessItem>,
}

/// `GET /readiness`.
pub async fn page(
    Extract(state): Extract<State>,
    PageUser(s): PageUser,
) -> Result<Response, Failure> {
    let r = state.app.readiness(jiff::Zoned::now().date()).await?;
    Ok(render(&ReadinessPage {
        chrome: chrome(&state, &s, "readiness"),
        as_at: r.as_at.to_string(),
        window: r.window,
        items: r.items,
    }))
}
