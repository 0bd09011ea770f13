//! The line of sight (analysts, managers, admins): the children behind the figures that need
//! action today, by team and worker.

use crate::Extract;
use askama::Template;
use axum::extract::Query;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use sightline_app::SightFilter;

use crate::State;
use crate::auth::PageUser;
use crate::pages::{Chrome, Failure, chrome, render};

/// One child of a list, as shown.
pub struct Child {
    team: String,
    worker: String,
    /// The council's own id, when it may be shown.
    own_id: Option<String>,
    /// The id as kept (a pseudonym, or the own id for an extract kept as it was).
    child: String,
    place: String,
    measure: String,
    status: String,
}

/// One list of children, as shown.
pub struct Section {
    title: &'static str,
    rule: String,
    measure: &'static str,
    rows: Vec<Child>,
}

#[derive(Template)]
#[template(path = "line_of_sight.html")]
struct SightPage {
    chrome: Chrome,
    as_at: String,
    age: String,
    stale: bool,
    assigned: Option<String>,
    by_team: Vec<(String, usize)>,
    teams: Vec<(String, bool)>,
    workers: Vec<(String, bool)>,
    query: String,
    own_ids_missing: Option<&'static str>,
    sections: Vec<Section>,
}

/// `?team=&worker=`
#[derive(Deserialize, Default)]
pub struct Which {
    #[serde(default)]
    team: String,
    #[serde(default)]
    worker: String,
}

impl Which {
    fn filter(&self) -> SightFilter {
        let some = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
        SightFilter {
            team: some(&self.team),
            worker: some(&self.worker),
        }
    }
}

/// `GET /line-of-sight?team=&worker=`: the lists `app` decides, rendered.
pub async fn line_of_sight(
    Extract(state): Extract<State>,
    PageUser(s): PageUser,
    Query(which): Query<Which>,
) -> Result<Response, Failure> {
    let filter = which.filter();
    let sight = state
        .app
        .line_of_sight(&s.user, &filter, jiff::Zoned::now().date())
        .await?;
    let pick = |all: Vec<String>, chosen: &Option<String>| {
        all.into_iter()
            .map(|t| {
                let sel = chosen.as_ref() == Some(&t);
                (t, sel)
            })
            .collect()
    };
    let chosen: Vec<(&str, &str)> = [("team", &filter.team), ("worker", &filter.worker)]
        .into_iter()
        .filter_map(|(k, v)| Some((k, v.as_deref()?)))
        .collect();
    let query = match serde_urlencoded::to_string(&chosen) {
        Ok(q) if !q.is_empty() => format!("?{q}"),
        _ => String::new(),
    };
    Ok(render(&SightPage {
        chrome: chrome(&state, &s, "sight"),
        as_at: sight
            .as_at
            .clone()
            .unwrap_or_else(|| "no extract".to_string()),
        age: sight.age_days.map_or_else(String::new, |d| match d {
            0 => "today".to_string(),
            1 => "1 day old".to_string(),
            d => format!("{d} days old"),
        }),
        stale: sight.stale,
        assigned: sight.assigned.map(|t| {
            if t.is_empty() {
                "No team is assigned to you yet, so no child is listed: ask an admin to assign your teams.".to_string()
            } else {
                format!("Your teams: {}.", t.join(", "))
            }
        }),
        by_team: sight.by_team,
        teams: pick(sight.teams, &filter.team),
        workers: pick(sight.workers, &filter.worker),
        query,
        own_ids_missing: sight.own_ids_missing,
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
                    .map(|r| Child {
                        team: r.team,
                        worker: r.worker,
                        own_id: r.own_id.filter(|o| *o != r.child),
                        child: r.child,
                        place: format!("{}, {}", r.list, r.row),
                        measure: r.measure.map(|m| m.to_string()).unwrap_or_default(),
                        status: r.status,
                    })
                    .collect(),
            })
            .collect(),
    }))
}

/// `GET /line-of-sight.csv?team=&worker=`: the same lists for the team meeting, one row per
/// child and list (child-level roles only).
pub async fn line_of_sight_csv(
    Extract(state): Extract<State>,
    PageUser(s): PageUser,
    Query(which): Query<Which>,
) -> Result<Response, Failure> {
    let sight = state
        .app
        .line_of_sight(&s.user, &which.filter(), jiff::Zoned::now().date())
        .await?;
    let rows: Vec<Vec<String>> = sight
        .sections
        .iter()
        .flat_map(|x| {
            x.rows.iter().map(|r| {
                vec![
                    sight.as_at.clone().unwrap_or_default(),
                    x.title.to_string(),
                    r.team.clone(),
                    r.worker.clone(),
                    r.own_id.clone().unwrap_or_default(),
                    r.child.clone(),
                    r.list.to_string(),
                    r.row.to_string(),
                    r.measure.map(|m| m.to_string()).unwrap_or_default(),
                    x.measure.to_string(),
                    r.status.clone(),
                ]
            })
        })
        .collect();
    match sightline_report::csv::table(
        &[
            "as_at",
            "list",
            "team",
            "worker",
            "council_child_id",
            "child",
            "annex_a_list",
            "row",
            "measure",
            "measure_is",
            "status",
        ],
        &rows,
    ) {
        Ok(text) => Ok((
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"line-of-sight.csv\"",
                ),
            ],
            text,
        )
            .into_response()),
        Err(e) => Err(sightline_app::Error::Report(e).into()),
    }
}
