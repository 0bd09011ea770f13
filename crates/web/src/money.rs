//! The Money page: every investment line's standing with its reason, the actions it funds and
//! the indicators it should move; admins and managers add lines and change budgets here.

use crate::Extract;
use askama::Template;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use sightline_app::disclosure::Audience;
use sightline_app::{Actor, MoneyStatus};
use sightline_core::money::{
    BudgetChange, FinancialYear, Funding, InvestmentLine, Pence, Permanence, money,
};

use crate::State;
use crate::auth::PageUser;
use crate::pages::{Chrome, Failure, chrome, render};

/// One line as shown.
pub struct LineRow {
    code: String,
    name: String,
    owner: String,
    kind: String,
    budget: String,
    profile: String,
    actual: String,
    forecast: String,
    colour: &'static str,
    reason: String,
    actions: Vec<(String, &'static str)>,
    indicators: Vec<String>,
    cliff_edge: Option<String>,
    long_term: String,
}

#[derive(Template)]
#[template(path = "money.html")]
struct MoneyPage {
    chrome: Chrome,
    as_at: String,
    year: String,
    total: (String, String, String, &'static str, String),
    lines: Vec<LineRow>,
    can_manage: bool,
    codes: Vec<String>,
    error: Option<String>,
}

fn opt(p: Option<Pence>) -> String {
    p.map_or_else(|| "–".to_string(), money)
}

pub(crate) async fn status(
    state: &State,
    s: &sightline_app::Session,
) -> Result<MoneyStatus, Failure> {
    Ok(state
        .app
        .money_status(
            &Actor(s.user.username.clone()),
            Audience::from(s.user.role),
            jiff::Zoned::now().date(),
        )
        .await?)
}

async fn page(
    state: &State,
    s: &sightline_app::Session,
    error: Option<String>,
) -> Result<Response, Failure> {
    let st = status(state, s).await?;
    let lines = st
        .lines
        .iter()
        .map(|l| LineRow {
            code: l.line.code.clone(),
            name: l.line.name.clone(),
            owner: l.line.owner.clone(),
            kind: format!(
                "{}, {}",
                match l.line.permanence {
                    Permanence::OneOff => "one-off",
                    Permanence::Permanent => "permanent",
                },
                match l.line.funding {
                    Funding::BaseBudget => "base budget",
                    Funding::Grant => "grant",
                    Funding::Reserve => "reserve",
                }
            ),
            budget: opt(l.standing.budget),
            profile: opt(l.standing.profile),
            actual: opt(l.standing.actual),
            forecast: opt(l.standing.forecast),
            colour: l.standing.rating.colour.as_str(),
            reason: l.standing.rating.reason.clone(),
            actions: l
                .actions
                .iter()
                .map(|a| (a.text.clone(), a.rag.as_str()))
                .collect(),
            indicators: l
                .indicators
                .iter()
                .map(|i| format!("{}: {}", i.title, i.sentence))
                .collect(),
            cliff_edge: l.cliff_edge.clone(),
            long_term: l.line.long_term.clone(),
        })
        .collect();
    Ok(render(&MoneyPage {
        chrome: chrome(state, s, "money"),
        as_at: st.as_at.strftime("%-d %B %Y").to_string(),
        year: st.year.clone(),
        total: (
            opt(st.total.budget),
            opt(st.total.actual),
            opt(st.total.forecast),
            st.total.rating.colour.as_str(),
            st.total.rating.reason.clone(),
        ),
        codes: st.lines.iter().map(|l| l.line.code.clone()).collect(),
        lines,
        can_manage: s.user.role.manages_money(),
        error,
    }))
}

/// `GET /money`.
pub async fn money_page(
    Extract(state): Extract<State>,
    PageUser(s): PageUser,
) -> Result<Response, Failure> {
    page(&state, &s, None).await
}

/// The forms' fields (all optional, so a form without its token is refused as such).
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LineForm {
    csrf: String,
    code: String,
    name: String,
    owner: String,
    permanence: String,
    funding: String,
    starts: String,
    ends: String,
    funds_permanent_posts: Option<String>,
    year: String,
    amount: String,
    from: String,
    reason: String,
    long_term: String,
    /// Plan action ids, separated by commas or spaces.
    actions: String,
    /// Indicator ids, separated by commas or spaces.
    indicators: String,
}

/// Ids written as a list: "12, 14 15".
fn ids(text: &str) -> Vec<String> {
    text.split([',', ' ', ';'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// Plan action numbers written as a list.
fn action_ids(text: &str) -> Result<Vec<i64>, String> {
    ids(text)
        .iter()
        .map(|a| {
            a.parse::<i64>()
                .map_err(|_| format!("Actions: {a:?} is not an action number (see the Plan page)"))
        })
        .collect()
}

fn pounds(text: &str) -> Result<Pence, String> {
    sightline_core::money::budget_in_pounds(text)
        .ok_or_else(|| format!("{text:?} is not an amount in pounds"))
}

fn line_of(f: &LineForm) -> Result<InvestmentLine, String> {
    let date = |t: &str, what: &str| {
        t.trim()
            .parse::<jiff::civil::Date>()
            .map_err(|_| format!("{what}: give a date as YYYY-MM-DD"))
    };
    let starts = date(&f.starts, "Starts")?;
    let year: FinancialYear = f
        .year
        .parse()
        .map_err(|e: sightline_core::Error| e.to_string())?;
    Ok(InvestmentLine {
        id: None,
        code: f.code.trim().to_string(),
        name: f.name.trim().to_string(),
        owner: f.owner.trim().to_string(),
        permanence: f
            .permanence
            .parse()
            .map_err(|e: sightline_core::Error| e.to_string())?,
        funding: f
            .funding
            .parse()
            .map_err(|e: sightline_core::Error| e.to_string())?,
        starts,
        ends: if f.ends.trim().is_empty() {
            None
        } else {
            Some(date(&f.ends, "Ends")?)
        },
        funds_permanent_posts: f.funds_permanent_posts.is_some(),
        budgets: vec![BudgetChange {
            year,
            amount: pounds(&f.amount)?,
            from: year.start().max(starts),
            reason: f.reason.trim().to_string(),
        }],
        actions: action_ids(&f.actions)?,
        indicators: ids(&f.indicators),
        long_term: f.long_term.trim().to_string(),
    })
}

/// Saves a line (the use case decides who may: admins and managers) and goes back to the page;
/// a line that is not whole is shown on the page with why.
async fn save(
    state: &State,
    s: &sightline_app::Session,
    line: &InvestmentLine,
) -> Result<Response, Failure> {
    match state
        .app
        .save_line(s.user.role, &Actor(s.user.username.clone()), line)
        .await
    {
        Ok(_) => Ok(Redirect::to("/money").into_response()),
        Err(e @ sightline_app::Error::Invalid(_)) => page(state, s, Some(e.to_string())).await,
        Err(e) => Err(e.into()),
    }
}

/// `POST /money/lines` (admins and managers): adds a line with its first year's budget.
pub async fn add_line(
    Extract(state): Extract<State>,
    PageUser(s): PageUser,
    axum::Form(f): axum::Form<LineForm>,
) -> Result<Response, Failure> {
    if !crate::auth::csrf_ok(&s, &f.csrf) {
        return Ok(crate::auth::csrf_refused());
    }
    let line = match line_of(&f) {
        Ok(l) => l,
        Err(e) => return page(&state, &s, Some(e)).await,
    };
    save(&state, &s, &line).await
}

/// The line a form names by its code, or the page saying there is none.
async fn named_line(
    state: &State,
    s: &sightline_app::Session,
    code: &str,
) -> Result<Result<InvestmentLine, Response>, Failure> {
    match state
        .app
        .lines()
        .await?
        .into_iter()
        .find(|l| l.code == code)
    {
        Some(l) => Ok(Ok(l)),
        None => Ok(Err(page(
            state,
            s,
            Some(format!("there is no investment line {code:?}")),
        )
        .await?)),
    }
}

/// `POST /money/links` (admins and managers): a line's owner, the actions it pays for, the
/// indicators it should move and what it adds in the long term; a blank box keeps what the
/// line has, `none` clears a list.
pub async fn change_links(
    Extract(state): Extract<State>,
    PageUser(s): PageUser,
    axum::Form(f): axum::Form<LineForm>,
) -> Result<Response, Failure> {
    if !crate::auth::csrf_ok(&s, &f.csrf) {
        return Ok(crate::auth::csrf_refused());
    }
    let mut line = match named_line(&state, &s, &f.code).await? {
        Ok(l) => l,
        Err(r) => return Ok(r),
    };
    let cleared = |t: &str| t.trim().eq_ignore_ascii_case("none");
    if !f.owner.trim().is_empty() {
        line.owner = f.owner.trim().to_string();
    }
    if cleared(&f.actions) {
        line.actions.clear();
    } else if !f.actions.trim().is_empty() {
        match action_ids(&f.actions) {
            Ok(a) => line.actions = a,
            Err(e) => return page(&state, &s, Some(e)).await,
        }
    }
    if cleared(&f.indicators) {
        line.indicators.clear();
    } else if !f.indicators.trim().is_empty() {
        line.indicators = ids(&f.indicators);
    }
    if !f.long_term.trim().is_empty() {
        line.long_term = f.long_term.trim().to_string();
    }
    save(&state, &s, &line).await
}

/// `POST /money/budgets` (admins and managers): a new budget for a line's year, from a date.
pub async fn change_budget(
    Extract(state): Extract<State>,
    PageUser(s): PageUser,
    axum::Form(f): axum::Form<LineForm>,
) -> Result<Response, Failure> {
    if !crate::auth::csrf_ok(&s, &f.csrf) {
        return Ok(crate::auth::csrf_refused());
    }
    let mut line = match named_line(&state, &s, &f.code).await? {
        Ok(l) => l,
        Err(r) => return Ok(r),
    };
    let change = (|| -> Result<BudgetChange, String> {
        Ok(BudgetChange {
            year: f
                .year
                .parse()
                .map_err(|e: sightline_core::Error| e.to_string())?,
            amount: pounds(&f.amount)?,
            from: f
                .from
                .trim()
                .parse()
                .map_err(|_| "From: give a date as YYYY-MM-DD".to_string())?,
            reason: f.reason.trim().to_string(),
        })
    })();
    match change {
        Ok(c) => line.budgets.push(c),
        Err(e) => return page(&state, &s, Some(e)).await,
    }
    save(&state, &s, &line).await
}
