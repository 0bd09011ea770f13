//! The line of sight (analysts, managers, admins): the children behind the figures that need
//! action today, by team and worker.

use askama::Template;
use axum::extract::State as Extract;
use axum::response::Response;

use crate::State;
use crate::auth::PageUser;
use crate::pages::{Chrome, chrome, failure, render};

type Five = (String, String, String, String, String);

/// One list of children, as shown.
pub struct Section {
    title: &'static str,
    rule: String,
    measure: &'static str,
    rows: Vec<Five>,
}

#[derive(Template)]
#[template(path = "line_of_sight.html")]
struct SightPage {
    chrome: Chrome,
    as_at: String,
    sections: Vec<Section>,
}

/// `GET /line-of-sight`: the lists `app` decides, rendered.
pub async fn line_of_sight(Extract(state): Extract<State>, PageUser(s): PageUser) -> Response {
    let sight = match state.app.line_of_sight(s.user.role).await {
        Ok(x) => x,
        Err(e) => return failure(&e),
    };
    render(&SightPage {
        chrome: chrome(&state, &s, "sight"),
        as_at: sight.as_at.unwrap_or_else(|| "no extract".to_string()),
        sections: sight
            .sections
            .into_iter()
            .map(|x| Section {
                title: x.title,
                rule: x.rule,
                measure: x.measure,
                rows: x
                    .rows
                    .into_iter()
                    .map(|r| {
                        (
                            r.team,
                            r.worker,
                            r.child,
                            format!("{}, {}", r.list, r.row),
                            r.measure.map(|m| m.to_string()).unwrap_or_default(),
                        )
                    })
                    .collect(),
            })
            .collect(),
    })
}
