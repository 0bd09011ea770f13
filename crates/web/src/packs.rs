//! The Packs page: build a board or scrutiny pack, list the stored ones, download any of them
//! in any format, as each role is allowed (viewers: public packs only).

use askama::Template;
use axum::extract::{Path, Query};

use crate::Extract;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use sightline_app::{Actor, Format, PackRequest};
use sightline_core::pack::{Kind, Marking};

use crate::State;
use crate::auth::PageUser;
use crate::pages::{Chrome, Failure, chrome, local_time, render};

/// One stored pack as listed.
pub struct PackRow {
    id: i64,
    title: String,
    kind: &'static str,
    period: String,
    public: bool,
    marking: &'static str,
    built: String,
    built_by: String,
    extract: String,
}

#[derive(Template)]
#[template(path = "packs.html")]
struct PacksPage {
    chrome: Chrome,
    can_build: bool,
    periods: Vec<String>,
    kinds: Vec<(&'static str, &'static str)>,
    packs: Vec<PackRow>,
    built: Option<i64>,
    /// Exceptions the pack just built has no commentary for: (title, owner to ask).
    missing: Vec<(String, String)>,
    error: Option<String>,
}

/// The query after a build.
#[derive(Deserialize)]
pub struct Built {
    built: Option<i64>,
}

async fn page(
    state: &State,
    s: &sightline_app::Session,
    built: Option<i64>,
    missing: Vec<(String, String)>,
    error: Option<String>,
) -> Result<Response, Failure> {
    let packs = state
        .app
        .packs(s.user.role)
        .await?
        .into_iter()
        .map(|p| PackRow {
            id: p.id,
            title: p.title,
            kind: p.kind.meeting(),
            period: p.period,
            public: p.marking == Marking::Public,
            marking: p.marking.words(),
            built: local_time(&p.built_at),
            built_by: p.built_by,
            extract: format!(
                "{} (extract {})",
                p.inputs.extract_as_at, p.inputs.extract_id
            ),
        })
        .collect();
    Ok(render(&PacksPage {
        chrome: chrome(state, s, "packs"),
        can_build: s.user.role.builds_packs(),
        periods: state.app.pack_periods().await?,
        kinds: Kind::ALL
            .iter()
            .map(|k| (k.as_str(), k.meeting()))
            .collect(),
        packs,
        built,
        missing,
        error,
    }))
}

/// `GET /packs`: the stored packs this role may download, and (for owners) the build form.
pub async fn packs(
    Extract(state): Extract<State>,
    PageUser(s): PageUser,
    Query(q): Query<Built>,
) -> Result<Response, Failure> {
    page(&state, &s, q.built, vec![], None).await
}

/// The build form (every field optional, so a form without its token is refused as such).
#[derive(Deserialize)]
pub struct BuildForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    period: String,
    #[serde(default)]
    public: Option<String>,
    #[serde(default)]
    format: String,
    #[serde(default)]
    contact: String,
}

/// `POST /packs` (managers, analysts, admins): builds and stores a pack, then lists it with
/// its downloads and the exceptions still without commentary.
pub async fn build(
    Extract(state): Extract<State>,
    PageUser(s): PageUser,
    axum::Form(form): axum::Form<BuildForm>,
) -> Result<Response, Failure> {
    if !crate::auth::csrf_ok(&s, &form.csrf) {
        return Ok(crate::auth::csrf_refused());
    }
    let kind = match form.kind.parse::<Kind>() {
        Ok(k) => k,
        Err(e) => return page(&state, &s, None, vec![], Some(e.to_string())).await,
    };
    let Some(format) = Format::from_extension(&form.format) else {
        let e = format!("{:?} is not a format: docx, pdf, xlsx or html", form.format);
        return page(&state, &s, None, vec![], Some(e)).await;
    };
    let contact = form.contact.trim();
    let request = PackRequest {
        kind,
        period: form.period.trim().to_string(),
        public: form.public.is_some(),
        contact: (!contact.is_empty()).then(|| contact.to_string()),
    };
    match state
        .app
        .build_pack(
            s.user.role,
            &Actor(s.user.username.clone()),
            &request,
            format,
        )
        .await
    {
        Ok(built) => {
            let missing = built
                .without_commentary
                .into_iter()
                .map(|(_, title, owner)| (title, owner))
                .collect();
            page(&state, &s, Some(built.record.id), missing, None).await
        }
        Err(e @ sightline_app::Error::Invalid(_)) => {
            page(&state, &s, None, vec![], Some(e.to_string())).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /packs/{id}/{format}`: a stored pack rendered again from its stored document (viewers:
/// public packs only; any other id is "no such pack").
pub async fn download(
    Extract(state): Extract<State>,
    PageUser(s): PageUser,
    Path((id, format)): Path<(i64, String)>,
) -> Result<Response, Failure> {
    let Some(format) = Format::from_extension(&format) else {
        return Ok(Redirect::to("/packs").into_response());
    };
    let built = state.app.render_pack(s.user.role, id, format).await?;
    let name = format!(
        "sightline-{}-{}-{}{}.{}",
        built.record.kind,
        built.record.period,
        id,
        if built.record.marking == Marking::Public {
            "-public"
        } else {
            "-official-sensitive"
        },
        format.extension()
    );
    // Every format is a download, the web page too: it carries its own stylesheet, which this
    // site's content security policy would not apply if it were shown here.
    let disposition = format!("attachment; filename=\"{name}\"");
    Ok((
        [
            (header::CONTENT_TYPE, format.media_type().to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        built.bytes,
    )
        .into_response())
}
