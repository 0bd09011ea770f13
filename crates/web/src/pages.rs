//! The pages and the JSON API.

use askama::Template;
use axum::extract::Path;

use crate::Extract;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use sightline_app::disclosure::{Audience, Disclosed};
use sightline_app::{Actor, Error, Judged, Scorecard};
use sightline_core::indicator::judge::format_value;
use sightline_core::indicator::{self, Group, Polarity};
use sightline_core::rag::Rag;

use crate::State;
use crate::auth::PageUser;
use sightline_report::chart::Size;

/// What the layout needs.
pub struct Chrome {
    pub(crate) council: String,
    pub(crate) user: Option<String>,
    pub(crate) role: String,
    pub(crate) csrf: String,
    pub(crate) here: &'static str,
}

/// One entry of the service navigation.
pub struct NavItem {
    pub(crate) href: &'static str,
    pub(crate) label: &'static str,
    pub(crate) current: bool,
}

impl Chrome {
    /// The chrome of a page nobody is signed in to (the sign-in page).
    pub(crate) fn signed_out(state: &State) -> Self {
        Chrome {
            council: state.council.to_string(),
            user: None,
            role: String::new(),
            csrf: String::new(),
            here: "",
        }
    }

    /// The service navigation for this role: line of sight is not for viewers, admin is for admins.
    pub(crate) fn nav(&self) -> Vec<NavItem> {
        let all: [(&str, &str, &str); 13] = [
            ("/", "Overview", "overview"),
            ("/plan", "Plan", "plan"),
            ("/indicators", "Indicators", "indicators"),
            ("/workforce", "Workforce", "workforce"),
            ("/money", "Money", "money"),
            ("/packs", "Packs", "packs"),
            ("/meetings", "Meetings", "meetings"),
            ("/self-evaluation", "Self-evaluation", "self-evaluation"),
            ("/readiness", "Readiness", "readiness"),
            ("/line-of-sight", "Line of sight", "sight"),
            ("/inspections", "Inspections", "inspections"),
            ("/data", "Data", "data"),
            ("/admin", "Admin", "admin"),
        ];
        all.into_iter()
            .filter(|(_, _, key)| match *key {
                "sight" => self.role != "viewer",
                "admin" => self.role == "admin",
                _ => true,
            })
            .map(|(href, label, key)| NavItem {
                href,
                label,
                current: key == self.here,
            })
            .collect()
    }
}

pub(crate) fn chrome(state: &State, s: &sightline_app::Session, here: &'static str) -> Chrome {
    Chrome {
        council: state.council.to_string(),
        user: Some(s.user.username.clone()),
        role: s.user.role.to_string(),
        csrf: s.csrf.clone(),
        here,
    }
}

pub(crate) fn render(t: &impl Template) -> Response {
    match t.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "The page could not be drawn.",
            )
                .into_response()
        }
    }
}

/// The web's one error: a use case's failure, answered with the status it means. A server
/// failure shows a reference only; the log has the cause under the same reference.
pub(crate) struct Failure(pub(crate) Error);

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure(e)
    }
}

impl IntoResponse for Failure {
    /// The one place a status is chosen for an error.
    fn into_response(self) -> Response {
        let e = &self.0;
        let status = match e {
            Error::Forbidden(_) => StatusCode::FORBIDDEN,
            Error::Invalid(_) => StatusCode::BAD_REQUEST,
            Error::UnknownAuthority(_) => StatusCode::NOT_FOUND,
            Error::TryLater(_) => StatusCode::TOO_MANY_REQUESTS,
            Error::Ingest(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Error::Store(_) | Error::Report(_) => StatusCode::INTERNAL_SERVER_ERROR,
        };
        if status.is_server_error() {
            let reference = sightline_app::random_token()[..12].to_string();
            tracing::error!(reference = %reference, error = %e, "request failed");
            return (
                status,
                format!(
                    "Something went wrong on the server. If it happens again, give this reference \
                 to whoever runs Sightline: {reference}."
                ),
            )
                .into_response();
        }
        // The message names ids and causes, never child data.
        (status, e.to_string()).into_response()
    }
}

/// A stored UTC timestamp as the council reads it: its local date and time in England
/// ("27 Nov 2026, 16:14"), or the text as stored when it is not a timestamp.
pub(crate) fn local_time(stamp: &str) -> String {
    match stamp.parse::<jiff::Timestamp>() {
        Ok(t) => match t.in_tz("Europe/London") {
            Ok(z) => z.strftime("%-d %b %Y, %H:%M").to_string(),
            Err(_) => t.strftime("%-d %b %Y, %H:%M UTC").to_string(),
        },
        Err(_) => stamp.to_string(),
    }
}

pub(crate) fn colour_label(r: Rag) -> &'static str {
    match r {
        Rag::Red => "Red",
        Rag::Amber => "Amber",
        Rag::Green => "Green",
        Rag::Blue => "Complete",
        Rag::Grey => "Not rated",
    }
}

/// A row of an indicator table.
pub struct KeyRow {
    id: &'static str,
    title: &'static str,
    value: String,
    target: String,
    colour: &'static str,
    colour_label: &'static str,
    reason: String,
    direction: String,
    spark: String,
}

fn key_row(j: &Judged, spark: bool) -> KeyRow {
    let d = j.definition;
    KeyRow {
        id: d.id,
        title: d.title,
        value: match j.latest.as_ref().map(|o| &o.figure) {
            Some(Disclosed::Suppressed(_)) => "c".to_string(),
            f => f
                .and_then(Disclosed::value)
                .map_or_else(|| "no value".to_string(), |v| format_value(d.unit, v)),
        },
        target: j
            .target
            .as_ref()
            .map_or_else(|| "none".to_string(), |t| format_value(d.unit, t.value)),
        colour: j.rating.colour.as_str(),
        colour_label: colour_label(j.rating.colour),
        reason: j.rating.reason.clone(),
        direction: j.travel.sentence.clone(),
        spark: if spark {
            j.chart().svg(Size::Small)
        } else {
            String::new()
        },
    }
}

/// The plan's headline.
#[derive(Clone)]
pub struct PlanHead {
    colour: &'static str,
    colour_label: &'static str,
    reason: String,
    counts: String,
    reds: Vec<String>,
}

#[derive(Template)]
#[template(path = "overview.html")]
struct Overview {
    chrome: Chrome,
    as_at: String,
    plan: Option<PlanHead>,
    key: Vec<KeyRow>,
    inspection: Option<String>,
    next_window: Option<String>,
    quality: String,
    /// The newest pack this role may download: (id, what it is).
    latest_pack: Option<(i64, String)>,
    /// The workforce in a sentence, when returns are loaded.
    workforce: Option<String>,
    /// Follow the money: (colour, the total's sentence, lines in red, cliff edges), when there
    /// are investment lines.
    money: Option<(&'static str, String, Vec<String>, Vec<String>)>,
}

/// The scorecard as this user may see it (disclosure control in `app`).
async fn card(
    state: &State,
    s: &sightline_app::Session,
) -> Result<std::sync::Arc<Scorecard>, Error> {
    state
        .app
        .shared_scorecard(
            &Actor(s.user.username.clone()),
            Audience::from(s.user.role),
            None,
        )
        .await
}

/// When the overview's parts were built: the data's version and the day.
pub type OverviewStamp = (i64, jiff::civil::Date);

/// The parts of the overview that are not the scorecard, built once per change of the data
/// and of the day. They are totals, the same for every role: the workforce and money
/// sentences are built for the aggregate audience, as the quality line is.
#[derive(Clone)]
pub struct OverviewParts {
    plan: Option<PlanHead>,
    inspection: Option<String>,
    next_window: Option<String>,
    quality: String,
    workforce: Option<String>,
    money: Option<(&'static str, String, Vec<String>, Vec<String>)>,
}

/// The overview's other parts. "No plan", "no authority" and "no extract" are states to
/// show; any other failure is an error, never an empty part.
async fn overview_parts(
    state: &State,
    actor: &Actor,
    today: jiff::civil::Date,
) -> Result<OverviewParts, Error> {
    let plan = match state
        .app
        .plan_status(None, today, &Default::default())
        .await
    {
        Ok(p) => Some(PlanHead {
            colour: p.rating.colour.as_str(),
            colour_label: colour_label(p.rating.colour),
            reason: p.rating.reason.clone(),
            counts: p
                .counts
                .iter()
                .filter(|(_, n)| *n > 0)
                .map(|(c, n)| format!("{} {n}", colour_label(*c).to_lowercase()))
                .collect::<Vec<_>>()
                .join(", "),
            reds: p
                .priorities
                .iter()
                .flat_map(|pr| pr.actions.iter())
                .filter(|a| a.rating.colour == Rag::Red)
                .map(|a| format!("{}: {}", a.text, a.rating.reason))
                .collect(),
        }),
        Err(Error::Invalid(_)) => None,
        Err(e) => return Err(e),
    };
    let (inspection, next_window) = match state.app.home_authority().await? {
        Some(a) => match state.app.journey(&a.code.to_string()).await {
            Ok((_, j)) => (
                j.events
                    .iter()
                    .filter(|e| !e.judgements.is_empty())
                    .max_by_key(|e| e.start_date)
                    .map(|e| {
                        format!(
                            "{} from {}: {}",
                            e.kind.label(),
                            e.start_date,
                            e.judgements
                                .iter()
                                .map(|j| format!("{} {}", j.area.label(), j.grade.label()))
                                .collect::<Vec<_>>()
                                .join("; ")
                        )
                    }),
                j.next_window.map(|w| {
                    format!(
                        "{} expected between {} and {}",
                        w.expected_kind.label().to_lowercase(),
                        w.opens,
                        w.closes
                    )
                }),
            ),
            Err(Error::Invalid(_) | Error::UnknownAuthority(_)) => (None, None),
            Err(e) => return Err(e),
        },
        None => (None, None),
    };
    // The overview's quality line is totals only: the same for every role.
    let quality = match state.app.quality_report(Audience::Aggregate, None).await {
        Ok(q) => format!(
            "Latest extract {} (as at {}): {} rows read, {} rejected, {} errors, {} warnings.",
            q.extract.id,
            q.extract.as_at,
            q.extract.rows_read,
            q.extract.rows_rejected,
            q.extract.errors,
            q.extract.warnings
        ),
        Err(Error::Invalid(_)) => "No extract has been loaded.".to_string(),
        Err(e) => return Err(e),
    };
    let workforce = match state
        .app
        .workforce_status(actor, Audience::Aggregate, None)
        .await
    {
        Ok(w) => Some(w),
        Err(Error::Invalid(_)) => None,
        Err(e) => return Err(e),
    }
    .map(|w| {
        let a = &w.authority;
        let v = |r: &sightline_core::workforce::Rate, suffix: &str| r.value_text(suffix);
        format!(
            "{}: vacancy rate {}, agency rate {}, turnover {} over twelve months, caseload {}, supervision in time {}.",
            w.month.strftime("%B %Y"),
            v(&a.vacancy_rate, "%"),
            v(&a.agency_rate, "%"),
            v(&a.turnover, "%"),
            v(&a.caseload, ""),
            v(&a.supervision, "%")
        )
    });
    let st = state
        .app
        .money_status(actor, Audience::Aggregate, today)
        .await?;
    let money = (!st.lines.is_empty()).then(|| {
        let m = |p: Option<i64>| p.map_or_else(|| "–".to_string(), sightline_core::money::money);
        (
            st.total.rating.colour.as_str(),
            format!(
                "{} {}: {} budget, {} spent, forecast {}. {}",
                st.year,
                "improvement investment",
                m(st.total.budget),
                m(st.total.actual),
                m(st.total.forecast),
                st.total.rating.reason
            ),
            st.lines
                .iter()
                .filter(|l| l.standing.rating.colour == Rag::Red)
                .map(|l| {
                    format!(
                        "{} {}: {}",
                        l.line.code, l.line.name, l.standing.rating.reason
                    )
                })
                .collect(),
            st.cliff_edges(),
        )
    });
    Ok(OverviewParts {
        plan,
        inspection,
        next_window,
        quality,
        workforce,
        money,
    })
}

/// `GET /`: plan RAG and the reasons for reds; key indicators; latest inspection; data quality.
pub async fn overview(
    Extract(state): Extract<State>,
    PageUser(s): PageUser,
) -> Result<Response, Failure> {
    let card = card(&state, &s).await?;
    let parts = {
        let mut cached = state.overview.lock().await;
        let today = jiff::Zoned::now().date();
        let stamp = (state.app.data_version().await?, today);
        match cached.as_ref() {
            Some((at, parts)) if *at == stamp => parts.clone(),
            _ => {
                let parts = overview_parts(&state, &Actor(s.user.username.clone()), today).await?;
                *cached = Some((stamp, parts.clone()));
                parts
            }
        }
    };
    let key = card
        .indicators
        .iter()
        .filter(|j| j.target.is_some())
        .map(|j| key_row(j, true))
        .collect();
    let OverviewParts {
        plan,
        inspection,
        next_window,
        quality,
        workforce,
        money,
    } = parts;
    let latest_pack = state.app.latest_pack(s.user.role).await?.map(|p| {
        (
            p.id,
            format!(
                "{} for {} ({}), built {}",
                p.kind.meeting(),
                p.period,
                p.marking.words(),
                local_time(&p.built_at)
            ),
        )
    });
    Ok(render(&Overview {
        chrome: chrome(&state, &s, "overview"),
        as_at: card
            .as_at
            .map_or_else(|| "no extract".to_string(), |d| d.to_string()),
        plan,
        key,
        inspection,
        next_window,
        quality,
        latest_pack,
        workforce,
        money,
    }))
}

/// A board-pack section.
pub struct GroupRows {
    title: &'static str,
    rows: Vec<KeyRow>,
}

#[derive(Template)]
#[template(path = "indicators.html")]
struct Indicators {
    chrome: Chrome,
    as_at: String,
    groups: Vec<GroupRows>,
}

/// `GET /indicators`: the catalogue grouped as in a board pack.
pub async fn indicators(
    Extract(state): Extract<State>,
    PageUser(s): PageUser,
) -> Result<Response, Failure> {
    let card = card(&state, &s).await?;
    let groups = Group::ALL
        .iter()
        .map(|g| GroupRows {
            title: g.title(),
            rows: card
                .indicators
                .iter()
                .filter(|j| j.definition.group == *g)
                .map(|j| key_row(j, false))
                .collect(),
        })
        .collect();
    Ok(render(&Indicators {
        chrome: chrome(&state, &s, "indicators"),
        as_at: card
            .as_at
            .map_or_else(|| "no extract".to_string(), |d| d.to_string()),
        groups,
    }))
}

type Five = (String, String, String, String, String);
type Six = (String, String, String, String, String, String);
type Seven = (String, String, String, String, String, String, String);

#[derive(Template)]
#[template(path = "indicator.html")]
struct IndicatorPage {
    chrome: Chrome,
    def_id: &'static str,
    group: &'static str,
    title: &'static str,
    definition: &'static str,
    period: String,
    value: String,
    fraction: String,
    target: String,
    colour: &'static str,
    colour_label: &'static str,
    reason: String,
    direction: String,
    trajectory: Option<String>,
    polarity: &'static str,
    standards: String,
    excluded: String,
    careful: bool,
    chart: String,
    benchmarks: Vec<Five>,
    breakdowns: Vec<Six>,
    children: Option<Vec<Seven>>,
    truncated: bool,
    /// The owners' commentary, newest first: (period, version, author, written, text).
    commentary: Vec<(String, i64, String, String, String)>,
    /// The month a new commentary speaks to (the latest figures'), for owners.
    comment_period: Option<String>,
}

/// `GET /indicators/{id}`: definition, chart with target and benchmarks, breakdowns, settings,
/// and the children behind the figure for roles allowed child-level data.
pub async fn indicator(
    Extract(state): Extract<State>,
    PageUser(s): PageUser,
    Path(id): Path<String>,
) -> Result<Response, Failure> {
    let Some(def) = indicator::definition(&id) else {
        return Ok((StatusCode::NOT_FOUND, "No such indicator.").into_response());
    };
    let card = card(&state, &s).await?;
    let Some(j) = card.indicators.iter().find(|j| j.definition.id == def.id) else {
        return Ok((StatusCode::NOT_FOUND, "No such indicator.").into_response());
    };
    let latest = j.latest.as_ref();
    let breakdowns = latest
        .map(|o| {
            o.breakdowns
                .iter()
                .map(|c| {
                    let dimension = c.dimension.label().to_string();
                    match &c.figure {
                        Disclosed::Suppressed(w) => (
                            dimension,
                            c.key.clone(),
                            "c".to_string(),
                            "c".to_string(),
                            "c".to_string(),
                            w.reason.to_string(),
                        ),
                        Disclosed::Shown(n) => (
                            dimension,
                            c.key.clone(),
                            n.value
                                .map_or_else(|| "—".to_string(), |v| format_value(def.unit, v)),
                            n.numerator.to_string(),
                            n.denominator
                                .map_or_else(|| "—".to_string(), |d| d.to_string()),
                            String::new(),
                        ),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let from_rows = def.source == indicator::Source::AnnexA;
    let (children, truncated) = if from_rows && crate::sees_children(s.user.role) {
        match state
            .app
            .explain_indicator(s.user.role, def.id, None, card.extract_id)
            .await
        {
            Ok(e) => {
                let truncated = e.lines.len() > 500;
                (
                    Some(
                        e.lines
                            .iter()
                            .take(500)
                            .map(|l| {
                                (
                                    l.list.to_string(),
                                    l.row.to_string(),
                                    l.child.clone(),
                                    l.team.clone().unwrap_or_default(),
                                    l.worker.clone().unwrap_or_default(),
                                    match l.excluded {
                                        Some(r) => format!("left out: {r}"),
                                        None if l.numerator > 0 => "numerator".to_string(),
                                        None if l.denominator => "denominator only".to_string(),
                                        None => "not counted".to_string(),
                                    },
                                    l.measure.map(|m| m.to_string()).unwrap_or_default(),
                                )
                            })
                            .collect(),
                    ),
                    truncated,
                )
            }
            Err(e) => return Err(e.into()),
        }
    } else {
        (None, false)
    };
    let mut commentary: Vec<(String, i64, String, String, String)> = state
        .app
        .commentary(Some(def.id))
        .await?
        .into_iter()
        .map(|c| {
            (
                c.period,
                c.version,
                c.author,
                local_time(&c.written_at),
                c.text,
            )
        })
        .collect();
    commentary.reverse();
    let comment_period = latest
        .filter(|_| s.user.role.comments())
        .map(|f| format!("{:04}-{:02}", f.as_at.year(), f.as_at.month()));
    Ok(render(&IndicatorPage {
        chrome: chrome(&state, &s, "indicators"),
        group: def.group.title(),
        def_id: def.id,
        title: def.title,
        definition: def.definition,
        period: latest.map_or_else(String::new, |o| {
            if !from_rows {
                format!(
                    "{} for {} (by team below)",
                    if def.source == indicator::Source::PracticeAudit {
                        "the practice audits completed"
                    } else {
                        "the workforce return"
                    },
                    o.as_at.strftime("%B %Y")
                )
            } else if o.extract_id == card.extract_id {
                o.period.clone()
            } else {
                format!(
                    "{} as at {} (the latest extract holds no such list, so this is the last \
                     extract that did)",
                    o.period, o.as_at
                )
            }
        }),
        value: match latest.map(|o| &o.figure) {
            Some(Disclosed::Suppressed(_)) => "c".to_string(),
            _ => latest.and_then(|o| o.figure.value()).map_or_else(
                || {
                    latest
                        .and_then(|o| o.reason.clone())
                        .unwrap_or_else(|| "no value".to_string())
                },
                |v| format_value(def.unit, v),
            ),
        },
        fraction: latest.map_or_else(String::new, |o| match &o.figure {
            Disclosed::Suppressed(w) => w.reason.to_string(),
            Disclosed::Shown(n) => match n.denominator {
                Some(d) => format!("{} of {d}", n.numerator),
                None => format!("{}", n.numerator),
            },
        }),
        target: j.target.as_ref().map_or_else(
            || "none set".to_string(),
            |t| {
                format!(
                    "{} by {} (tolerance {}; owner {}; {})",
                    format_value(def.unit, t.value),
                    t.to,
                    t.tolerance,
                    t.owner,
                    t.reason
                )
            },
        ),
        colour: j.rating.colour.as_str(),
        colour_label: colour_label(j.rating.colour),
        reason: j.rating.reason.clone(),
        direction: j.travel.sentence.clone(),
        trajectory: j.trajectory.as_ref().map(|t| t.sentence.clone()),
        polarity: match def.polarity {
            Polarity::HigherBetter => "higher",
            Polarity::LowerBetter => "lower",
            Polarity::Context => "neither: a context measure",
        },
        standards: latest
            .map(|o| o.standards.join("; "))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "none".to_string()),
        excluded: latest.map_or_else(String::new, |o| o.excluded.text()),
        careful: latest.is_some_and(|o| o.read_with_care),
        chart: j.chart().svg(Size::Full),
        benchmarks: j
            .benchmarks
            .iter()
            .chain(&j.neighbours)
            .map(|b| {
                use sightline_core::benchmark::Comparison;
                let compared = match &b.comparison {
                    Some(Comparison::Like { basis }) => format!("Like for like: {basis}."),
                    Some(Comparison::Annualised { value, basis }) => format!(
                        "Ours annualised: {} ({basis}).",
                        format_value(def.unit, *value)
                    ),
                    Some(Comparison::NotComparable { why }) => format!("Not comparable: {why}."),
                    None => String::new(),
                };
                (
                    b.benchmark.area.clone(),
                    b.benchmark.year.clone(),
                    b.benchmark.value.map_or_else(
                        || b.benchmark.symbol.clone().unwrap_or_default(),
                        |v| format_value(def.unit, v),
                    ),
                    format!("{} ({})", b.benchmark.source, b.benchmark.provenance),
                    [compared, b.mismatch.clone().unwrap_or_default()]
                        .into_iter()
                        .filter(|x| !x.is_empty())
                        .collect::<Vec<_>>()
                        .join(" "),
                )
            })
            .collect(),
        breakdowns,
        children,
        truncated,
        commentary,
        comment_period,
    }))
}

/// The commentary form.
#[derive(serde::Deserialize)]
pub struct CommentForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    period: String,
    #[serde(default)]
    text: String,
}

/// `POST /indicators/{id}/commentary` (managers, analysts, admins): adds a signed version of
/// the commentary and goes back to the indicator.
pub async fn add_commentary(
    Extract(state): Extract<State>,
    PageUser(s): PageUser,
    Path(id): Path<String>,
    axum::Form(form): axum::Form<CommentForm>,
) -> Result<Response, Failure> {
    if !crate::auth::csrf_ok(&s, &form.csrf) {
        return Ok(crate::auth::csrf_refused());
    }
    state
        .app
        .add_commentary(
            s.user.role,
            &Actor(s.user.username.clone()),
            &id,
            &form.period,
            &form.text,
        )
        .await?;
    Ok(axum::response::Redirect::to(&format!("/indicators/{id}#commentary")).into_response())
}

/// `GET /assets/govuk.css`: GOV.UK Frontend compiled at build time with Arial and without
/// GOV.UK branding, or Sightline's fallback in the same look when it could not be built
/// (build.rs, docs/decisions/0011).
pub async fn govuk_css() -> Response {
    stylesheet(include_str!(concat!(env!("OUT_DIR"), "/govuk.css")))
}

/// `GET /assets/app.css`: Sightline's own components (RAG tags, charts, filters) on top.
pub async fn app_css() -> Response {
    stylesheet(include_str!("../assets/app.css"))
}

fn stylesheet(css: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        css,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::local_time;

    #[test]
    fn timestamps_are_shown_in_english_local_time() {
        // Winter: GMT.
        assert_eq!(
            local_time("2026-11-27T16:14:29.82238224Z"),
            "27 Nov 2026, 16:14"
        );
        // Summer: BST, an hour ahead; and the night the clocks go back.
        assert_eq!(local_time("2026-07-01T12:00:00Z"), "1 Jul 2026, 13:00");
        assert_eq!(local_time("2026-10-25T00:30:00Z"), "25 Oct 2026, 01:30");
        assert_eq!(local_time("2026-10-25T01:30:00Z"), "25 Oct 2026, 01:30");
        assert_eq!(local_time("not a time"), "not a time");
    }
}
