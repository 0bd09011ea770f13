//! Computing the catalogue from an extract's accepted rows.
//!
//! Every indicator is one function that, for a period, says which rows count and how: a
//! [`Member`] per row (or per child) with its part in the numerator and denominator, or the
//! reason it is excluded. The figure, its breakdowns and its drill-down all come from the same
//! members, so a figure can always be explained down to its rows.

use std::cell::OnceCell;
use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};

use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::{Basis, CATALOGUE, Definition, Polarity, Unit, definition};
use crate::annex_a::{self, CodeSet, LISTS, Record, Value};
use crate::calendar::WorkCalendar;

/// The settings a figure depends on. Each observation records the settings it was computed
/// with; [`Definition::settings`] names the ones that change each figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The authority's population aged 0 to 17 (ONS mid-year estimate), for rates per 10,000.
    pub population: Option<u32>,
    /// A child in need is seen within this many days (default 42: six weeks).
    pub cin_visit_days: u32,
    /// A child on a CP plan is visited within this many working days (default 10).
    pub cp_visit_working_days: u32,
    /// A child looked after is visited within this many days (default 42: six weeks).
    pub cla_visit_days: u32,
    /// The first CP review is due within this many months of the plan's start (default 3).
    pub cp_first_review_months: u32,
    /// Later CP reviews are due within this many months of the last (default 6).
    pub cp_review_months: u32,
    /// A child looked after is reviewed within this many months of the last review (default 6).
    pub cla_review_months: u32,
    /// Counts from 1 to this are small and are marked for suppression in breakdowns and
    /// published outputs (default 5, as DfE does for children in need).
    pub small_number: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            population: None,
            cin_visit_days: 42,
            cp_visit_working_days: 10,
            cla_visit_days: 42,
            cp_first_review_months: 3,
            cp_review_months: 6,
            cla_review_months: 6,
            small_number: 5,
        }
    }
}

impl Settings {
    /// A setting's value in words ("42 days"), for showing beside a figure.
    pub fn describe(&self, name: &str) -> Option<String> {
        Some(match name {
            "population" => match self.population {
                Some(p) => format!("population aged 0 to 17: {p}"),
                None => "population aged 0 to 17: not set".to_string(),
            },
            "cin_visit_days" => format!("CIN visit standard: {} days", self.cin_visit_days),
            "cp_visit_working_days" => format!(
                "CP visit standard: {} working days",
                self.cp_visit_working_days
            ),
            "cla_visit_days" => format!("CLA visit standard: {} days", self.cla_visit_days),
            "cp_first_review_months" => format!(
                "first CP review within {} months",
                self.cp_first_review_months
            ),
            "cp_review_months" => format!("CP reviews every {} months", self.cp_review_months),
            "cla_review_months" => format!("CLA reviews every {} months", self.cla_review_months),
            _ => return None,
        })
    }
}

/// The accepted rows of an extract, by list. Rows the loader rejected never count, so
/// [`ExtractRows::push`] drops them.
#[derive(Debug, Clone)]
pub struct ExtractRows {
    as_at: Date,
    lists: Vec<Vec<Record>>,
}

impl ExtractRows {
    /// No rows yet, as at `as_at`.
    pub fn new(as_at: Date) -> Self {
        ExtractRows {
            as_at,
            lists: vec![Vec::new(); LISTS.len()],
        }
    }

    /// Adds a row of `list` (1 to 11); a rejected row, or an unknown list, is ignored.
    pub fn push(&mut self, list: u8, record: Record) {
        if record.rejected {
            return;
        }
        if let Some(rows) = usize::from(list)
            .checked_sub(1)
            .and_then(|i| self.lists.get_mut(i))
        {
            rows.push(record);
        }
    }

    /// The as-at date.
    pub fn as_at(&self) -> Date {
        self.as_at
    }

    /// The accepted rows of a list.
    pub fn list(&self, list: u8) -> &[Record] {
        usize::from(list)
            .checked_sub(1)
            .and_then(|i| self.lists.get(i))
            .map_or(&[], Vec::as_slice)
    }

    /// All accepted rows.
    pub fn len(&self) -> usize {
        self.lists.iter().map(Vec::len).sum()
    }

    /// Whether there are no accepted rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A period a figure is computed for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Period {
    /// `window`, `YYYY-MM` or `as-at`.
    pub label: String,
    /// First day, included.
    pub from: Date,
    /// Last day, included.
    pub to: Date,
    /// A month the window only partly covers.
    pub partial: bool,
}

impl Period {
    fn is_window(&self) -> bool {
        self.label == "window"
    }

    fn holds(&self, d: Date) -> bool {
        self.from <= d && d <= self.to
    }
}

/// The periods of an event indicator on a list with a `window_months` window: the window,
/// then each calendar month it touches (the first and last may be partial).
pub fn periods(as_at: Date, window_months: u8) -> Vec<Period> {
    let from = as_at
        .saturating_sub(i32::from(window_months).months())
        .saturating_add(1.day());
    let mut out = vec![Period {
        label: "window".to_string(),
        from,
        to: as_at,
        partial: false,
    }];
    let mut month = from.first_of_month();
    while month <= as_at {
        let last = month.last_of_month();
        let (start, end) = (month.max(from), last.min(as_at));
        out.push(Period {
            label: format!("{:04}-{:02}", month.year(), month.month()),
            from: start,
            to: end,
            partial: start != month || end != last,
        });
        month = last.saturating_add(1.day());
    }
    out
}

fn as_at_period(as_at: Date) -> Period {
    Period {
        label: "as-at".to_string(),
        from: as_at,
        to: as_at,
        partial: false,
    }
}

/// A row's part in a figure.
#[derive(Debug, Clone, Copy)]
struct Member {
    list: u8,
    index: usize,
    /// Counts in the numerator: 1 or 0, or the days of a mean.
    numerator: i64,
    /// Counts in the denominator.
    denominator: bool,
    /// Left out, and why.
    excluded: Option<&'static str>,
    /// The measure that decided it (working days elapsed).
    measure: Option<i64>,
    /// The event date that placed it in a period (event indicators).
    on: Option<Date>,
}

impl Member {
    fn counts(list: u8, index: usize, yes: bool, measure: Option<i64>) -> Self {
        Member {
            list,
            index,
            numerator: i64::from(yes),
            denominator: true,
            excluded: None,
            measure,
            on: None,
        }
    }

    fn on(self, on: Option<Date>) -> Self {
        Member { on, ..self }
    }

    fn excluded(list: u8, index: usize, reason: &'static str) -> Self {
        Member {
            list,
            index,
            numerator: 0,
            denominator: false,
            excluded: Some(reason),
            measure: None,
            on: None,
        }
    }
}

/// What a breakdown splits a figure by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// Allocated team.
    Team,
    /// Allocated worker (staff: child-level roles only).
    Worker,
    /// Age band at the as-at date.
    AgeBand,
    /// Gender.
    Gender,
    /// Ethnicity group.
    Ethnicity,
    /// Disability recorded.
    Disability,
}

impl Dimension {
    /// Every dimension, in the order breakdowns are shown.
    pub const ALL: [Dimension; 6] = [
        Dimension::Team,
        Dimension::Worker,
        Dimension::AgeBand,
        Dimension::Gender,
        Dimension::Ethnicity,
        Dimension::Disability,
    ];

    /// The machine name (`age_band`).
    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::Team => "team",
            Dimension::Worker => "worker",
            Dimension::AgeBand => "age_band",
            Dimension::Gender => "gender",
            Dimension::Ethnicity => "ethnicity",
            Dimension::Disability => "disability",
        }
    }

    /// In words, for headings ("age band").
    pub fn label(self) -> &'static str {
        match self {
            Dimension::AgeBand => "age band",
            d => d.as_str(),
        }
    }
}

/// A breakdown cell of a figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Breakdown {
    /// What the figure is split by.
    pub dimension: Dimension,
    /// The team, worker, band or group.
    pub key: String,
    /// The value for this cell.
    pub value: Option<f64>,
    /// Numerator.
    pub numerator: i64,
    /// Denominator (none for a count).
    pub denominator: Option<i64>,
    /// A small number (1 to the small-number setting): marked, not dropped; published
    /// outputs show it as `c`.
    #[serde(default)]
    pub suppressed: bool,
}

/// One figure: an indicator for a period. The store keeps it as it is (its breakdowns and
/// reasons in their serde form), and reads it back only for an id of the catalogue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Observation {
    /// Indicator id.
    pub id: &'static str,
    /// `window`, `YYYY-MM` or `as-at`.
    pub period: String,
    /// A month the window only partly covers.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub partial: bool,
    /// The value (rounded to one decimal place), or `None` with a reason.
    pub value: Option<f64>,
    /// Numerator.
    pub numerator: i64,
    /// Denominator (none for a count).
    pub denominator: Option<i64>,
    /// Rows left out of this indicator.
    pub excluded: u64,
    /// Why, with how many rows each.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub excluded_reasons: BTreeMap<String, u64>,
    /// Why there is no value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Unit.
    pub unit: Unit,
    /// Polarity.
    pub polarity: Polarity,
    /// The settings in force that change this figure, in words.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub standards: Vec<String>,
    /// Breakdowns, when asked for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub breakdowns: Vec<Breakdown>,
}

/// A figure as kept: an observation of one extract, with the version of the definitions it
/// was computed under.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExtractFigure {
    /// The extract.
    pub extract_id: i64,
    /// The extract's as-at date.
    pub as_at: Date,
    /// The definitions' version it was computed under.
    pub definition_version: String,
    /// The figure.
    #[serde(flatten)]
    pub observation: Observation,
}

/// Proof that the caller may see child-level rows: only roles allowed child-level data are
/// given one (see [`crate::access::Role::child_level`]).
#[derive(Debug, Clone, Copy)]
pub struct ChildLevel(pub(crate) ());

/// One row behind a figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    /// The list.
    pub list: u8,
    /// The row as the user sees it in Excel.
    pub row: u32,
    /// Child Unique ID (pseudonymised when the extract was).
    pub child: String,
    /// Allocated team.
    pub team: Option<String>,
    /// Allocated worker.
    pub worker: Option<String>,
    /// In the numerator (for a mean: the days it adds).
    pub numerator: i64,
    /// In the denominator.
    pub denominator: bool,
    /// Left out, and why.
    pub excluded: Option<&'static str>,
    /// The measure that decided it.
    pub measure: Option<i64>,
    /// The fields that decided it, as given.
    pub fields: Vec<(&'static str, String)>,
}

/// The rows behind one figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// The figure.
    pub observation: Observation,
    /// What the measure is, where there is one.
    pub measure: Option<&'static str>,
    /// Every row that counts or was left out, numerator first.
    pub lines: Vec<Line>,
}

/// Why a figure cannot be explained.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExplainError {
    /// No such indicator.
    #[error("{0:?} is not an indicator id (see `sightline indicators list`)")]
    UnknownIndicator(String),
    /// No such period for this indicator.
    #[error("{indicator} has no period {period:?} in this extract (periods: {known})")]
    UnknownPeriod {
        /// The indicator.
        indicator: String,
        /// As asked.
        period: String,
        /// The periods there are.
        known: String,
    },
}

/// Computes every indicator for every period: the window and each month for event
/// indicators, the as-at date for snapshots. With `breakdowns`, each figure carries its
/// breakdowns too.
pub fn compute(
    rows: &ExtractRows,
    settings: &Settings,
    calendar: &WorkCalendar,
    breakdowns: bool,
) -> Vec<Observation> {
    let ctx = Ctx::new(rows, settings, calendar);
    let mut out = Vec::new();
    let mut members = Vec::new();
    let mut window = Vec::new();
    // The previous indicator's rows per period: a rate per 10,000 follows its count in the
    // catalogue and counts the same rows.
    let mut previous: (&str, Vec<Vec<Member>>) = ("", Vec::new());
    for def in CATALOGUE {
        // An event indicator's months are its window's rows placed by their event date, so
        // the rows are classified once. Distinct children per period are the exception.
        let by_window = def.basis == Basis::Event && def.id != "contact_children_referred_pct";
        let reuse = def.rate_of.is_some_and(|base| base == previous.0);
        let mut these = Vec::new();
        let feeds_a_rate = CATALOGUE.iter().any(|d| d.rate_of == Some(def.id));
        let mut computed = true;
        for (k, period) in ctx.periods_of(def).into_iter().enumerate() {
            members.clear();
            if reuse && let Some(m) = previous.1.get(k) {
                members.extend_from_slice(m);
            } else if by_window && period.is_window() {
                window.clear();
                computed &= build(&ctx, def, &period, &mut window);
                members.extend_from_slice(&window);
            } else if by_window {
                members.extend(
                    window
                        .iter()
                        .filter(|m| m.on.is_some_and(|d| period.holds(d))),
                );
            } else {
                computed &= build(&ctx, def, &period, &mut members);
            }
            // Breakdowns are for the headline figure (the window, or the as-at date); months
            // are for trends.
            let headline = period.label == "window" || period.label == "as-at";
            let mut o = ctx.observe(def, &period, &members, breakdowns && headline);
            if !computed {
                // Never a silent zero: the figure says why it has no value.
                o.value = None;
                o.reason = Some("no computation is defined for this indicator".to_string());
            }
            out.push(o);
            if feeds_a_rate {
                these.push(members.clone());
            }
        }
        previous = (def.id, these);
    }
    out
}

/// The rows behind one figure: `period` is `window`, `YYYY-MM` or `as-at` (snapshots accept
/// only `as-at`; `None` means the window, or the as-at date for a snapshot).
///
/// # Errors
/// [`ExplainError`] for an unknown indicator or period.
pub fn explain(
    _allowed: ChildLevel,
    id: &str,
    period: Option<&str>,
    rows: &ExtractRows,
    settings: &Settings,
    calendar: &WorkCalendar,
) -> Result<Explanation, ExplainError> {
    let def = definition(id).ok_or_else(|| ExplainError::UnknownIndicator(id.to_string()))?;
    let ctx = Ctx::new(rows, settings, calendar);
    let periods = ctx.periods_of(def);
    let period = match period {
        None => periods.first().cloned(),
        Some(p) => periods.iter().find(|x| x.label == p).cloned(),
    }
    .ok_or_else(|| ExplainError::UnknownPeriod {
        indicator: id.to_string(),
        period: period.unwrap_or_default().to_string(),
        known: periods
            .iter()
            .map(|p| p.label.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    })?;
    let mut members = Vec::new();
    if !build(&ctx, def, &period, &mut members) {
        return Err(ExplainError::UnknownIndicator(format!(
            "{id} (in the catalogue, but with no computation)"
        )));
    }
    let observation = ctx.observe(def, &period, &members, false);
    let mut lines: Vec<Line> = members.iter().map(|m| ctx.line(def, m)).collect();
    lines.sort_by_key(|l| {
        (
            l.excluded.is_some(),
            l.numerator == 0,
            !l.denominator,
            l.list,
            l.row,
        )
    });
    Ok(Explanation {
        observation,
        measure: def.measure,
        lines,
    })
}

/// Where the columns every list may have sit in each list.
#[derive(Clone, Copy)]
struct Common {
    team: usize,
    worker: usize,
    dob: usize,
    age: usize,
    gender: usize,
    ethnicity: usize,
    disability: usize,
}

impl Common {
    fn of(list: u8) -> Common {
        Common {
            team: col(list, "Allocated Team"),
            worker: col(list, "Allocated Worker"),
            dob: col(list, "Date of Birth"),
            age: col(list, "Age of Child (Years)"),
            gender: col(list, "Gender"),
            ethnicity: col(list, "Ethnicity"),
            disability: col(list, "Does the Child have a Disability"),
        }
    }
}

/// The computing context: rows, settings, calendar, and what several indicators share.
struct Ctx<'a> {
    common: Vec<Common>,
    rows: &'a ExtractRows,
    settings: &'a Settings,
    calendar: &'a WorkCalendar,
    as_at: Date,
    open_cin: OnceCell<Vec<usize>>,
    open_cla: OnceCell<Vec<usize>>,
    open_children: OnceCell<Vec<(u8, usize)>>,
    children: OnceCell<Children>,
    keys: OnceCell<Keys<'a>>,
    /// Contacts and referrals by date: (date, row), sorted.
    dated: [OnceCell<Vec<(Date, usize)>>; 2],
}

/// Child ids interned once per extract: `ids[list - 1][row]` is the child's number.
struct Children {
    ids: Vec<Vec<u32>>,
    count: usize,
}

/// Breakdown keys interned once per extract: for every row, its cell in each dimension
/// (`NONE` where the list has no such field). Ages are at the as-at date.
struct Keys<'a> {
    names: Vec<(Dimension, &'a str)>,
    rows: Vec<Vec<[u32; 6]>>,
}

const NONE: u32 = u32::MAX;

/// A breakdown cell's dimension and key.
type BreakdownKey<'k> = (Dimension, &'k str);

/// A column's position in its list (`usize::MAX` when the list has no such column).
fn col(list: u8, header: &str) -> usize {
    usize::from(list)
        .checked_sub(1)
        .and_then(|i| LISTS.get(i))
        .and_then(|l| l.columns.iter().position(|c| c.header == header))
        .unwrap_or(usize::MAX)
}

static EMPTY: Value = Value::Empty;

fn get(r: &Record, c: usize) -> &Value {
    r.values.get(c).unwrap_or(&EMPTY)
}

fn date(r: &Record, c: usize) -> Option<Date> {
    get(r, c).date()
}

fn int(r: &Record, c: usize) -> Option<i64> {
    match get(r, c) {
        Value::Int(i) => Some(*i),
        Value::Text(t) => t.trim().parse().ok(),
        _ => None,
    }
}

fn text(r: &Record, c: usize) -> Option<&str> {
    match get(r, c) {
        Value::Text(t) if !t.trim().is_empty() => Some(t.as_str()),
        _ => None,
    }
}

/// Yes (true), No (false), or unknown/blank (none).
fn yes(r: &Record, c: usize) -> Option<bool> {
    match text(r, c).and_then(annex_a::yes_no) {
        Some("a) Yes") => Some(true),
        Some("b) No") => Some(false),
        _ => None,
    }
}

fn child(r: &Record) -> &str {
    text(r, 0).unwrap_or("")
}

fn days(from: Date, to: Date) -> i64 {
    i64::from(from.until(to).map(|s| s.get_days()).unwrap_or(0))
}

fn add_months(d: Date, months: u32) -> Date {
    d.saturating_add(i64::from(months).months())
}

fn unallocated(worker: Option<&str>) -> bool {
    match worker {
        None => true,
        Some(w) => matches!(
            w.trim().to_lowercase().as_str(),
            "unallocated" | "not allocated" | "none" | "n/a" | "na" | "-"
        ),
    }
}

impl<'a> Ctx<'a> {
    fn new(rows: &'a ExtractRows, settings: &'a Settings, calendar: &'a WorkCalendar) -> Self {
        Ctx {
            common: (1..=11).map(Common::of).collect(),
            rows,
            settings,
            calendar,
            as_at: rows.as_at,
            open_cin: OnceCell::new(),
            open_cla: OnceCell::new(),
            open_children: OnceCell::new(),
            children: OnceCell::new(),
            keys: OnceCell::new(),
            dated: Default::default(),
        }
    }

    fn list(&self, n: u8) -> &'a [Record] {
        self.rows.list(n)
    }

    fn common(&self, list: u8) -> Common {
        self.common[usize::from(list.clamp(1, 11)) - 1]
    }

    fn worker(&self, list: u8, r: &'a Record) -> Option<&'a str> {
        text(r, self.common(list).worker)
    }

    fn periods_of(&self, def: &Definition) -> Vec<Period> {
        match def.basis {
            Basis::Snapshot => vec![as_at_period(self.as_at)],
            Basis::Event => {
                let months = LISTS
                    .get(usize::from(def.list) - 1)
                    .map_or(6, |l| l.window_months);
                periods(self.as_at, months)
            }
        }
    }

    /// Age in years on `at`, from the date of birth, else the age column.
    fn age(&self, list: u8, r: &Record, at: Date) -> Option<i64> {
        let c = self.common(list);
        match date(r, c.dob) {
            Some(dob) => Some(annex_a::age_on(dob, at)),
            None => int(r, c.age),
        }
    }

    /// Rows of `list` whose `date_header` falls in the period; rows without that date are
    /// excluded from the window (they cannot be placed in a month).
    fn events(
        &self,
        p: &Period,
        list: u8,
        date_header: &str,
        missing: &'static str,
        out: &mut Vec<Member>,
        mut f: impl FnMut(usize, &'a Record, Date) -> Member,
    ) {
        let c = col(list, date_header);
        for (i, r) in self.list(list).iter().enumerate() {
            match date(r, c) {
                Some(d) if p.holds(d) => out.push(Member {
                    on: Some(d),
                    ..f(i, r, d)
                }),
                Some(_) => {}
                None if p.is_window() => out.push(Member::excluded(list, i, missing)),
                None => {}
            }
        }
    }

    /// Open rows of a list at the as-at date, one per child (the latest started).
    fn open_per_child(&self, list: u8, start: &str, end: &str, order: &str) -> Vec<usize> {
        let (s, e, o) = (col(list, start), col(list, end), col(list, order));
        let mut best: FxHashMap<&str, (Option<Date>, usize)> = FxHashMap::default();
        for (i, r) in self.list(list).iter().enumerate() {
            let open = date(r, s).is_some_and(|d| d <= self.as_at)
                && date(r, e).is_none_or(|d| d > self.as_at);
            if !open {
                continue;
            }
            let key = date(r, o);
            best.entry(child(r))
                .and_modify(|b| {
                    if key >= b.0 {
                        *b = (key, i);
                    }
                })
                .or_insert((key, i));
        }
        let mut v: Vec<usize> = best.into_values().map(|(_, i)| i).collect();
        v.sort_unstable();
        v
    }

    fn open_cin(&self) -> &[usize] {
        self.open_cin.get_or_init(|| {
            self.open_per_child(6, "CIN Start Date", "CIN Closure Date", "CIN Start Date")
        })
    }

    fn open_cla(&self) -> &[usize] {
        self.open_cla.get_or_init(|| {
            self.open_per_child(
                8,
                "Date Started to be Looked After",
                "Date Ceased to be Looked After",
                "Start Date of Most Recent Placement",
            )
        })
    }

    fn open_cp(&self) -> impl Iterator<Item = (usize, &'a Record)> {
        let (s, e) = (
            col(7, "Child Protection Plan Start Date"),
            col(7, "Child Protection Plan End Date"),
        );
        let as_at = self.as_at;
        self.list(7).iter().enumerate().filter(move |(_, r)| {
            date(r, s).is_some_and(|d| d <= as_at) && date(r, e).is_none_or(|d| d > as_at)
        })
    }

    /// Open children for caseloads: one row per child, from the first list where the child
    /// is open (8, 7, 6, 9, then open assessments in 4).
    fn open_children(&self) -> &[(u8, usize)] {
        self.open_children.get_or_init(|| {
            let mut seen = vec![false; self.children().count];
            let mut out = Vec::new();
            let mut take = |list: u8, i: usize, _: &'a Record, out: &mut Vec<(u8, usize)>| {
                if let Some(s) = seen
                    .get_mut(self.child_id(list, i) as usize)
                    .filter(|s| !**s)
                {
                    *s = true;
                    out.push((list, i));
                }
            };
            for &i in self.open_cla() {
                take(8, i, &self.list(8)[i], &mut out);
            }
            for (i, r) in self.open_cp() {
                take(7, i, r, &mut out);
            }
            for &i in self.open_cin() {
                take(6, i, &self.list(6)[i], &mut out);
            }
            for (i, r) in self.list(9).iter().enumerate() {
                take(9, i, r, &mut out);
            }
            let (s, a) = (
                col(4, "Continuous Assessment Start Date"),
                col(4, "Continuous Assessment Date of Authorisation"),
            );
            for (i, r) in self.list(4).iter().enumerate() {
                let open = date(r, s).is_some_and(|d| d <= self.as_at)
                    && date(r, a).is_none_or(|d| d > self.as_at);
                if open {
                    take(4, i, r, &mut out);
                }
            }
            out
        })
    }

    fn children(&self) -> &Children {
        self.children.get_or_init(|| {
            let mut interned: FxHashMap<&str, u32> = FxHashMap::default();
            let ids = (1..=11u8)
                .map(|l| {
                    self.list(l)
                        .iter()
                        .map(|r| {
                            let next = u32::try_from(interned.len()).unwrap_or(NONE);
                            *interned.entry(child(r)).or_insert(next)
                        })
                        .collect()
                })
                .collect();
            Children {
                ids,
                count: interned.len(),
            }
        })
    }

    /// Rows of List 1 (`which` 0) or List 3 (1) in a period, by their contact or referral date.
    fn dated_in(&self, which: usize, p: &Period) -> &[(Date, usize)] {
        let v = self.dated[which].get_or_init(|| {
            let (list, h) = if which == 0 {
                (1, "Date of Contact")
            } else {
                (3, "Date of referral")
            };
            let c = col(list, h);
            let mut v: Vec<(Date, usize)> = self
                .list(list)
                .iter()
                .enumerate()
                .filter_map(|(i, r)| Some((date(r, c)?, i)))
                .collect();
            v.sort_unstable();
            v
        });
        let a = v.partition_point(|(d, _)| *d < p.from);
        let b = v.partition_point(|(d, _)| *d <= p.to);
        &v[a..b.max(a)]
    }

    fn child_id(&self, list: u8, index: usize) -> u32 {
        self.children().ids[usize::from(list) - 1]
            .get(index)
            .copied()
            .unwrap_or(NONE)
    }

    fn keys(&self) -> &Keys<'a> {
        self.keys.get_or_init(|| {
            let mut interned: FxHashMap<(Dimension, &'a str), u32> = FxHashMap::default();
            let mut names: Vec<(Dimension, &'a str)> = Vec::new();
            let mut intern = |dim: Dimension, key: &'a str| -> u32 {
                *interned.entry((dim, key)).or_insert_with(|| {
                    names.push((dim, key));
                    u32::try_from(names.len() - 1).unwrap_or(NONE)
                })
            };
            // Raw cell text to its interned cell, per dimension: a file has few spellings.
            let mut memo: [FxHashMap<&'a str, u32>; 6] = Default::default();
            let mut rows = Vec::with_capacity(11);
            for l in 1..=11u8 {
                let c = self.common(l);
                let has = |i: usize| i != usize::MAX;
                let mut list_rows: Vec<[u32; 6]> = Vec::with_capacity(self.list(l).len());
                for r in self.list(l) {
                    let mut ids = [NONE; 6];
                    if let Some(t) = text(r, c.team) {
                        ids[0] = *memo[0]
                            .entry(t)
                            .or_insert_with(|| intern(Dimension::Team, t));
                    }
                    if let Some(w) = text(r, c.worker) {
                        ids[1] = *memo[1]
                            .entry(w)
                            .or_insert_with(|| intern(Dimension::Worker, w));
                    }
                    if let Some(a) = self.age(l, r, self.as_at) {
                        let band = age_band(l, a);
                        ids[2] = *memo[2]
                            .entry(band)
                            .or_insert_with(|| intern(Dimension::AgeBand, band));
                    }
                    if has(c.gender) {
                        let g = text(r, c.gender).unwrap_or("");
                        ids[3] = *memo[3].entry(g).or_insert_with(|| {
                            intern(
                                Dimension::Gender,
                                match annex_a::gender(g) {
                                    Some("a) Male") => "Male",
                                    Some("b) Female") => "Female",
                                    Some("d) Neither") => "Neither",
                                    _ => "Not stated",
                                },
                            )
                        });
                    }
                    if has(c.ethnicity) {
                        let e = text(r, c.ethnicity).unwrap_or("");
                        ids[4] = *memo[4].entry(e).or_insert_with(|| {
                            intern(Dimension::Ethnicity, annex_a::ethnicity_group(e))
                        });
                    }
                    if has(c.disability) {
                        let d = text(r, c.disability).unwrap_or("");
                        ids[5] = *memo[5].entry(d).or_insert_with(|| {
                            intern(
                                Dimension::Disability,
                                match annex_a::yes_no(d) {
                                    Some("a) Yes") => "Yes",
                                    Some("b) No") => "No",
                                    _ => "Not recorded",
                                },
                            )
                        });
                    }
                    list_rows.push(ids);
                }
                rows.push(list_rows);
            }
            Keys { names, rows }
        })
    }

    fn observe(
        &self,
        def: &Definition,
        period: &Period,
        members: &[Member],
        breakdowns: bool,
    ) -> Observation {
        let (numerator, denominator, excluded, reasons) = tally(def, self, members);
        let (value, reason) = self.value(def, numerator, denominator);
        let mut obs = Observation {
            id: def.id,
            period: period.label.clone(),
            partial: period.partial,
            value,
            numerator,
            denominator,
            excluded,
            excluded_reasons: reasons,
            reason,
            unit: def.unit,
            polarity: def.polarity,
            standards: def
                .settings
                .iter()
                .filter_map(|s| self.settings.describe(s))
                .collect(),
            breakdowns: Vec::new(),
        };
        if breakdowns {
            obs.breakdowns = self.breakdowns(def, period, members);
        }
        obs
    }

    fn value(&self, def: &Definition, num: i64, den: Option<i64>) -> (Option<f64>, Option<String>) {
        let round = |x: f64| (x * 10.0).round() / 10.0;
        match (def.unit, den) {
            (Unit::Count, _) => (Some(num as f64), None),
            (Unit::Per10k, _) => match self.settings.population {
                Some(p) if p > 0 => (Some(round(num as f64 * 10_000.0 / f64::from(p))), None),
                _ => (
                    None,
                    Some("the population aged 0 to 17 is not set (--population)".to_string()),
                ),
            },
            (_, Some(d)) if d > 0 => match def.unit {
                Unit::Pct => (Some(round(num as f64 * 100.0 / d as f64)), None),
                _ => (Some(round(num as f64 / d as f64)), None),
            },
            _ => (
                None,
                Some(if def.denominator.contains("period") {
                    format!("no {}", def.denominator)
                } else if def.id == "care_leavers_pathway_plan_in_date_pct" {
                    "the extract has no Latest Pathway Plan Review Date (the 2019 List 9)"
                        .to_string()
                } else {
                    format!("no {} at the as-at date", def.denominator)
                }),
            ),
        }
    }

    fn breakdowns(&self, def: &Definition, _period: &Period, members: &[Member]) -> Vec<Breakdown> {
        let k = self.keys();
        // (numerator, denominator, counted) per interned key.
        let mut acc: Vec<(i64, i64, bool)> = vec![(0, 0, false); k.names.len()];
        let mut workers: FxHashMap<u32, FxHashSet<u32>> = FxHashMap::default();
        for m in members.iter().filter(|m| m.excluded.is_none()) {
            let Some(ids) = k.rows[usize::from(m.list) - 1].get(m.index) else {
                continue;
            };
            for &id in ids.iter().filter(|id| **id != NONE) {
                let cell = &mut acc[id as usize];
                cell.0 += m.numerator;
                cell.1 += i64::from(m.denominator);
                cell.2 = true;
                if def.unit == Unit::Ratio && m.numerator > 0 && ids[1] != NONE {
                    workers.entry(id).or_default().insert(ids[1]);
                }
            }
        }
        let mut cells: Vec<(BreakdownKey<'_>, (i64, i64, usize))> = acc
            .iter()
            .enumerate()
            .filter(|(_, c)| c.2)
            .map(|(id, c)| {
                let w = u32::try_from(id)
                    .ok()
                    .and_then(|i| workers.get(&i))
                    .map_or(0, FxHashSet::len);
                (k.names[id], (c.0, c.1, w))
            })
            .collect();
        let dim = |d: Dimension| d;
        // Age bands in age order, everything else alphabetically.
        let band = |k: &str| AGE_BANDS.iter().position(|b| *b == k).unwrap_or(0);
        cells.sort_unstable_by(|a, b| {
            (dim(a.0.0), band(a.0.1), a.0.1).cmp(&(dim(b.0.0), band(b.0.1), b.0.1))
        });
        let small = i64::from(self.settings.small_number);
        cells
            .into_iter()
            .map(|((dim, key), (num, den, workers))| {
                let denominator = match def.unit {
                    Unit::Count => None,
                    Unit::Per10k => self.settings.population.map(i64::from),
                    Unit::Ratio => Some(workers as i64),
                    _ => Some(den),
                };
                let (value, _) = match def.unit {
                    // A rate for one team of the authority's population means little.
                    Unit::Per10k => (None, None),
                    _ => self.value(def, num, denominator),
                };
                let size = match def.unit {
                    Unit::Pct | Unit::Days => den,
                    _ => num,
                };
                Breakdown {
                    dimension: dim,
                    key: key.to_string(),
                    value,
                    numerator: num,
                    denominator,
                    suppressed: (1..=small).contains(&size),
                }
            })
            .collect()
    }

    fn line(&self, def: &Definition, m: &Member) -> Line {
        let rows = self.list(m.list);
        let r = &rows[m.index.min(rows.len().saturating_sub(1))];
        let spec = &LISTS[usize::from(m.list) - 1];
        let fields = def
            .fields
            .iter()
            .filter_map(|f| {
                let c = spec.columns.iter().position(|c| c.header == *f)?;
                Some((spec.columns[c].header, get(r, c).key_text()))
            })
            .collect();
        Line {
            list: m.list,
            row: r.row,
            child: child(r).to_string(),
            team: text(r, self.common(m.list).team).map(str::to_string),
            worker: self.worker(m.list, r).map(str::to_string),
            numerator: m.numerator,
            denominator: m.denominator,
            excluded: m.excluded,
            measure: m.measure,
            fields,
        }
    }
}

/// Every age band, youngest first (children, then care leavers).
const AGE_BANDS: [&str; 10] = [
    "under 1", "1-4", "5-9", "10-15", "16-17", "18+", "under 17", "17-18", "19-21", "22-25",
];

fn age_band(list: u8, age: i64) -> &'static str {
    if list == 9 {
        return match age {
            ..=16 => "under 17",
            17..=18 => "17-18",
            19..=21 => "19-21",
            _ => "22-25",
        };
    }
    match age {
        ..=0 => "under 1",
        1..=4 => "1-4",
        5..=9 => "5-9",
        10..=15 => "10-15",
        16..=17 => "16-17",
        _ => "18+",
    }
}

/// Numerator, denominator, excluded count and reasons.
fn tally(
    def: &Definition,
    ctx: &Ctx<'_>,
    members: &[Member],
) -> (i64, Option<i64>, u64, BTreeMap<String, u64>) {
    let mut reasons = BTreeMap::new();
    let mut excluded = 0;
    let (mut num, mut den) = (0i64, 0i64);
    let mut workers: FxHashSet<&str> = FxHashSet::default();
    for m in members {
        if let Some(r) = m.excluded {
            excluded += 1;
            *reasons.entry(r).or_insert(0) += 1;
            continue;
        }
        match def.unit {
            Unit::Count | Unit::Per10k => num += i64::from(m.numerator > 0),
            Unit::Ratio => {
                if m.numerator > 0 {
                    num += 1;
                    if let Some(w) = ctx
                        .list(m.list)
                        .get(m.index)
                        .and_then(|r| ctx.worker(m.list, r))
                    {
                        workers.insert(w);
                    }
                }
            }
            Unit::Pct | Unit::Days => {
                if m.denominator {
                    den += 1;
                    num += m.numerator;
                }
            }
        }
    }
    let denominator = match def.unit {
        Unit::Count => None,
        Unit::Per10k => ctx.settings.population.map(i64::from),
        Unit::Ratio => Some(workers.len() as i64),
        Unit::Pct | Unit::Days => Some(den),
    };
    let reasons = reasons
        .into_iter()
        .map(|(r, n): (&str, u64)| (r.to_string(), n))
        .collect();
    (num, denominator, excluded, reasons)
}

/// Which rows count for an indicator in a period. False when the indicator has no
/// computation here (a catalogue entry without one): its figures then say so, never a silent
/// zero, and a test holds every catalogue entry to having one.
fn build(c: &Ctx<'_>, def: &Definition, p: &Period, out: &mut Vec<Member>) -> bool {
    let id = def.rate_of.unwrap_or(def.id);
    match id {
        "contacts" => c.events(
            p,
            1,
            "Date of Contact",
            "no Date of Contact",
            out,
            |i, _, _| Member::counts(1, i, true, None),
        ),
        "contact_children_referred_pct" => contact_children_referred(c, p, out),
        "referrals" => c.events(
            p,
            3,
            "Date of referral",
            "no Date of referral",
            out,
            |i, _, _| Member::counts(3, i, true, None),
        ),
        "re_referrals_12m_pct" => re_referrals(c, p, out),
        "referrals_nfa_pct" => {
            let nfa = col(3, "Referral NFA?");
            c.events(
                p,
                3,
                "Date of referral",
                "no Date of referral",
                out,
                |i, r, _| match yes(r, nfa) {
                    Some(y) => Member::counts(3, i, y, None),
                    None => Member::excluded(3, i, "Referral NFA? not recorded"),
                },
            );
        }
        "assessments_completed" => {
            authorised(c, p, out, |i, _, _| Member::counts(4, i, true, None))
        }
        "assessments_within_45wd_pct" => {
            let start = col(4, "Continuous Assessment Start Date");
            authorised(c, p, out, |i, r, auth| match date(r, start) {
                None => Member::excluded(4, i, "no Continuous Assessment Start Date"),
                Some(s) if s > auth => Member::excluded(4, i, "authorised before it started"),
                Some(s) => {
                    let wd = c.calendar.working_days_between(s, auth);
                    Member::counts(4, i, wd <= 45, Some(wd))
                }
            });
        }
        "assessments_open_over_45wd" => {
            let (s, a) = (
                col(4, "Continuous Assessment Start Date"),
                col(4, "Continuous Assessment Date of Authorisation"),
            );
            for (i, r) in c.list(4).iter().enumerate() {
                let Some(start) = date(r, s).filter(|d| *d <= c.as_at) else {
                    continue;
                };
                if date(r, a).is_some_and(|d| d <= c.as_at) {
                    continue;
                }
                let wd = c.calendar.working_days_between(start, c.as_at);
                out.push(Member::counts(4, i, wd > 45, Some(wd)));
            }
        }
        "assessments_no_further_support_pct" => {
            let need = col(
                4,
                "Was the child assessed as requiring LA children's social care support",
            );
            authorised(c, p, out, |i, r, _| match yes(r, need) {
                Some(y) => Member::counts(4, i, !y, None),
                None => Member::excluded(4, i, "outcome of the assessment not recorded"),
            });
        }
        "s47_enquiries" => c.events(
            p,
            5,
            "Strategy discussion initiating Section 47 Enquiry Start Date",
            "no strategy discussion date",
            out,
            |i, _, _| Member::counts(5, i, true, None),
        ),
        "icpcs" => icpcs(c, p, out, |i, _, _| Member::counts(5, i, true, None)),
        "icpc_within_15wd_pct" => {
            let s = col(
                5,
                "Strategy discussion initiating Section 47 Enquiry Start Date",
            );
            icpcs(c, p, out, |i, r, icpc| match date(r, s) {
                None => Member::excluded(5, i, "no strategy discussion date"),
                Some(sd) if sd > icpc => {
                    Member::excluded(5, i, "ICPC before the strategy discussion")
                }
                Some(sd) => {
                    let wd = c.calendar.working_days_between(sd, icpc);
                    Member::counts(5, i, wd <= 15, Some(wd))
                }
            });
        }
        "icpc_to_cp_plan_pct" => {
            let plan = col(
                5,
                "Did the Initial Child Protection Conference Result in a Child Protection Plan",
            );
            icpcs(c, p, out, |i, r, _| match yes(r, plan) {
                Some(y) => Member::counts(5, i, y, None),
                None => Member::excluded(5, i, "outcome of the ICPC not recorded"),
            });
        }
        "cin_open" => out.extend(
            c.open_cin()
                .iter()
                .map(|&i| Member::counts(6, i, true, None)),
        ),
        "cin_seen_in_timescale_pct" => {
            let seen = col(6, "Date Child Was Last Seen");
            let limit = i64::from(c.settings.cin_visit_days);
            for &i in c.open_cin() {
                out.push(within_days(
                    c,
                    6,
                    i,
                    seen,
                    limit,
                    "no Date Child Was Last Seen",
                ));
            }
        }
        "cp_plans_open" => out.extend(c.open_cp().map(|(i, _)| Member::counts(7, i, true, None))),
        "cp_plans_started" => c.events(
            p,
            7,
            "Child Protection Plan Start Date",
            "no plan start date",
            out,
            |i, _, _| Member::counts(7, i, true, None),
        ),
        "cp_repeat_plans_pct" => {
            let prev = col(7, "Number of Previous Child Protection Plans");
            c.events(
                p,
                7,
                "Child Protection Plan Start Date",
                "no plan start date",
                out,
                |i, r, _| match int(r, prev) {
                    Some(n) => Member::counts(7, i, n > 0, None),
                    None => Member::excluded(7, i, "no count of previous plans"),
                },
            );
        }
        "cp_plans_ended_2y_plus_pct" => {
            let s = col(7, "Child Protection Plan Start Date");
            let e = col(7, "Child Protection Plan End Date");
            for (i, r) in c.list(7).iter().enumerate() {
                let Some(end) = date(r, e).filter(|d| p.holds(*d)) else {
                    continue;
                };
                let on = Some(end);
                out.push(
                    match date(r, s) {
                        None => Member::excluded(7, i, "no plan start date"),
                        Some(start) if start > end => {
                            Member::excluded(7, i, "plan ended before it started")
                        }
                        Some(start) => Member::counts(
                            7,
                            i,
                            end >= start.saturating_add(2.years()),
                            Some(days(start, end)),
                        ),
                    }
                    .on(on),
                );
            }
        }
        "cp_visited_in_timescale_pct" => {
            let v = col(7, "Date of the Last Statutory Visit");
            let limit = i64::from(c.settings.cp_visit_working_days);
            for (i, r) in c.open_cp() {
                out.push(match date(r, v) {
                    None => Member::excluded(7, i, "no Date of the Last Statutory Visit"),
                    Some(d) if d > c.as_at => Member::excluded(7, i, "visit after the as-at date"),
                    Some(d) => {
                        let wd = c.calendar.working_days_between(d, c.as_at);
                        Member::counts(7, i, wd <= limit, Some(wd))
                    }
                });
            }
        }
        "cp_seen_alone_pct" => {
            let a = col(7, "Was the Child Seen Alone?");
            for (i, r) in c.open_cp() {
                out.push(match yes(r, a) {
                    Some(y) => Member::counts(7, i, y, None),
                    None => Member::excluded(7, i, "seen alone not recorded"),
                });
            }
        }
        "cp_reviews_in_timescale_pct" => {
            let s = col(7, "Child Protection Plan Start Date");
            let rv = col(7, "Date of latest review conference");
            for (i, r) in c.open_cp() {
                let Some(start) = date(r, s) else { continue };
                let due = match date(r, rv).filter(|d| *d >= start) {
                    Some(review) => add_months(review, c.settings.cp_review_months),
                    None => add_months(start, c.settings.cp_first_review_months),
                };
                out.push(Member::counts(
                    7,
                    i,
                    c.as_at <= due,
                    Some(days(c.as_at, due)),
                ));
            }
        }
        "cla_open" => out.extend(
            c.open_cla()
                .iter()
                .map(|&i| Member::counts(8, i, true, None)),
        ),
        "cla_started" | "cla_ceased" => {
            let (h, why) = if id == "cla_started" {
                (
                    "Date Started to be Looked After",
                    "no Date Started to be Looked After",
                )
            } else {
                ("Date Ceased to be Looked After", "")
            };
            let dc = col(8, h);
            let mut seen: FxHashSet<(&str, Date)> = FxHashSet::default();
            for (i, r) in c.list(8).iter().enumerate() {
                match date(r, dc) {
                    Some(d) if p.holds(d) && seen.insert((child(r), d)) => {
                        out.push(Member::counts(8, i, true, None).on(Some(d)));
                    }
                    None if p.is_window() && !why.is_empty() => {
                        out.push(Member::excluded(8, i, why));
                    }
                    _ => {}
                }
            }
        }
        "cla_3plus_placements_pct" => {
            let n = col(8, "Number of Placements in the Last 12 months");
            for &i in c.open_cla() {
                out.push(match int(r8(c, i), n) {
                    Some(k) => Member::counts(8, i, k >= 3, None),
                    None => Member::excluded(8, i, "no placement count"),
                });
            }
        }
        "cla_long_term_stability_pct" => {
            let s = col(8, "Date Started to be Looked After");
            let pl = col(8, "Start Date of Most Recent Placement");
            for &i in c.open_cla() {
                let r = r8(c, i);
                let Some(start) = date(r, s) else { continue };
                if start.saturating_add(30.months()) > c.as_at {
                    continue;
                }
                let Some(age) = c.age(8, r, c.as_at) else {
                    out.push(Member::excluded(8, i, "no date of birth or age"));
                    continue;
                };
                if age >= 16 {
                    continue;
                }
                out.push(match date(r, pl) {
                    None => Member::excluded(8, i, "no Start Date of Most Recent Placement"),
                    Some(d) => Member::counts(
                        8,
                        i,
                        d.saturating_add(2.years()) <= c.as_at,
                        Some(days(d, c.as_at)),
                    ),
                });
            }
        }
        "cla_reviews_in_timescale_pct" => {
            let s = col(8, "Date Started to be Looked After");
            let rv = col(8, "Date of Latest Statutory Review");
            for &i in c.open_cla() {
                let r = r8(c, i);
                let Some(start) = date(r, s) else { continue };
                if c.calendar.working_days_between(start, c.as_at) < 20 {
                    out.push(Member::excluded(8, i, "in care under 20 working days"));
                    continue;
                }
                out.push(match date(r, rv).filter(|d| *d <= c.as_at) {
                    None => Member::counts(8, i, false, None),
                    Some(d) => Member::counts(
                        8,
                        i,
                        add_months(d, c.settings.cla_review_months) >= c.as_at,
                        Some(days(d, c.as_at)),
                    ),
                });
            }
        }
        "cla_visited_in_timescale_pct" => {
            let v = col(8, "Date of Last Social Work Visit");
            let limit = i64::from(c.settings.cla_visit_days);
            for &i in c.open_cla() {
                out.push(within_days(
                    c,
                    8,
                    i,
                    v,
                    limit,
                    "no Date of Last Social Work Visit",
                ));
            }
        }
        "cla_health_assessment_in_date_pct" | "cla_dental_check_in_date_pct" => {
            let health = id == "cla_health_assessment_in_date_pct";
            let s = col(8, "Date Started to be Looked After");
            let (dc, why) = if health {
                (
                    col(8, "Date of Last Health Assessment"),
                    "no Date of Last Health Assessment",
                )
            } else {
                (
                    col(8, "Date of Last Dental Check"),
                    "no Date of Last Dental Check",
                )
            };
            for &i in c.open_cla() {
                let r = r8(c, i);
                let Some(start) = date(r, s) else { continue };
                if start.saturating_add(12.months()) > c.as_at {
                    continue;
                }
                let months = if health {
                    match c.age(8, r, c.as_at) {
                        Some(a) if a < 5 => 6,
                        Some(_) => 12,
                        None => {
                            out.push(Member::excluded(8, i, "no date of birth or age"));
                            continue;
                        }
                    }
                } else {
                    12
                };
                out.push(match date(r, dc).filter(|d| *d <= c.as_at) {
                    None => Member::excluded(8, i, why),
                    Some(d) => Member::counts(
                        8,
                        i,
                        add_months(d, months) >= c.as_at,
                        Some(days(d, c.as_at)),
                    ),
                });
            }
        }
        "cla_missing_pct" => {
            let m = col(8, MISSING);
            for &i in c.open_cla() {
                out.push(match int(r8(c, i), m) {
                    Some(k) => Member::counts(8, i, k > 0, None),
                    None => Member::excluded(8, i, "no count of missing episodes"),
                });
            }
        }
        "cla_return_interview_offered_pct" => {
            let (m, o) = (col(8, MISSING), col(8, OFFERED));
            for &i in c.open_cla() {
                let r = r8(c, i);
                if int(r, m).is_none_or(|k| k <= 0) {
                    continue;
                }
                out.push(match yes(r, o) {
                    Some(y) => Member::counts(8, i, y, None),
                    None => Member::excluded(8, i, "return interview offer not recorded"),
                });
            }
        }
        "cla_return_interview_accepted_pct" => {
            let (m, o, a) = (col(8, MISSING), col(8, OFFERED), col(8, ACCEPTED));
            for &i in c.open_cla() {
                let r = r8(c, i);
                if int(r, m).is_none_or(|k| k <= 0) || yes(r, o) != Some(true) {
                    continue;
                }
                out.push(match yes(r, a) {
                    Some(y) => Member::counts(8, i, y, None),
                    None => Member::excluded(8, i, "acceptance not recorded"),
                });
            }
        }
        "cla_placed_out_of_area_pct" => {
            let l = col(8, "Placement Location");
            for &i in c.open_cla() {
                let code = text(r8(c, i), l).and_then(|t| CodeSet::Location.code(t));
                out.push(match code {
                    Some(code) => Member::counts(8, i, code == "out", None),
                    None => Member::excluded(8, i, "no Placement Location"),
                });
            }
        }
        "care_leavers_in_touch_pct" => care_leavers(c, out, |r| {
            let code = text(r, col(9, "LA in Touch")).and_then(|t| CodeSet::InTouch.code(t));
            Ok(code == Some("yes"))
        }),
        "care_leavers_suitable_accommodation_pct" => care_leavers(c, out, |r| {
            let code = text(r, col(9, "Suitability of Accommodation"))
                .and_then(|t| CodeSet::Suitability.code(t));
            Ok(code == Some("suitable"))
        }),
        "care_leavers_eet_pct" => care_leavers(c, out, |r| {
            let code = text(r, col(9, "Activity Status")).and_then(|t| CodeSet::Activity.code(t));
            Ok(code.is_some_and(|a| a.starts_with('F') || a.starts_with('P')))
        }),
        "care_leavers_pathway_plan_in_date_pct" => {
            let rv = col(9, "Latest Pathway Plan Review Date");
            if c.list(9).iter().all(|r| get(r, rv).is_empty()) {
                // Without the column (the 2019 13-column List 9) there is nothing to compute;
                // observe() gives null with the reason.
                return true;
            }
            let mut seen = FxHashSet::default();
            for (i, r) in c.list(9).iter().enumerate() {
                if !seen.insert(child(r)) {
                    continue;
                }
                out.push(match date(r, rv).filter(|d| *d <= c.as_at) {
                    None => Member::excluded(9, i, "no Latest Pathway Plan Review Date"),
                    Some(d) => {
                        Member::counts(9, i, add_months(d, 6) >= c.as_at, Some(days(d, c.as_at)))
                    }
                });
            }
        }
        "adoption_a1_avg_days" | "adoption_a2_avg_days" | "adoption_a10_avg_days" => {
            adoption(c, p, id, out);
        }
        "caseload_avg" | "children_unallocated" => {
            for &(list, i) in c.open_children() {
                let Some(r) = c.list(list).get(i) else {
                    continue;
                };
                let none = unallocated(c.worker(list, r));
                out.push(if id == "children_unallocated" {
                    Member::counts(list, i, none, None)
                } else if none {
                    Member::excluded(list, i, "no allocated worker")
                } else {
                    Member::counts(list, i, true, None)
                });
            }
        }
        _ => return false,
    }
    true
}

use crate::annex_a::{
    MISSING_EPISODES as MISSING, RETURN_INTERVIEW_ACCEPTED as ACCEPTED,
    RETURN_INTERVIEW_OFFERED as OFFERED,
};

fn r8<'a>(c: &Ctx<'a>, i: usize) -> &'a Record {
    &c.list(8)[i]
}

/// Seen or visited within `limit` calendar days before the as-at date.
fn within_days(
    c: &Ctx<'_>,
    list: u8,
    i: usize,
    dc: usize,
    limit: i64,
    why: &'static str,
) -> Member {
    let r = &c.list(list)[i];
    match date(r, dc) {
        None => Member::excluded(list, i, why),
        Some(d) if d > c.as_at => Member::excluded(list, i, "dated after the as-at date"),
        Some(d) => {
            let n = days(d, c.as_at);
            Member::counts(list, i, n <= limit, Some(n))
        }
    }
}

fn authorised<'a>(
    c: &Ctx<'a>,
    p: &Period,
    out: &mut Vec<Member>,
    f: impl FnMut(usize, &'a Record, Date) -> Member,
) {
    let a = col(4, "Continuous Assessment Date of Authorisation");
    let mut f = f;
    for (i, r) in c.list(4).iter().enumerate() {
        if let Some(d) = date(r, a).filter(|d| p.holds(*d)) {
            out.push(Member {
                on: Some(d),
                ..f(i, r, d)
            });
        }
    }
}

fn icpcs<'a>(
    c: &Ctx<'a>,
    p: &Period,
    out: &mut Vec<Member>,
    f: impl FnMut(usize, &'a Record, Date) -> Member,
) {
    let d = col(5, "Date of Initial Child Protection Conference");
    let mut f = f;
    for (i, r) in c.list(5).iter().enumerate() {
        if let Some(icpc) = date(r, d).filter(|x| p.holds(*x)) {
            out.push(Member {
                on: Some(icpc),
                ..f(i, r, icpc)
            });
        }
    }
}

fn contact_children_referred(c: &Ctx<'_>, p: &Period, out: &mut Vec<Member>) {
    let n = c.children().count;
    let mut referred = vec![false; n];
    for &(_, i) in c.dated_in(1, p) {
        if let Some(x) = referred.get_mut(c.child_id(3, i) as usize) {
            *x = true;
        }
    }
    let mut seen = vec![false; n];
    let start = out.len();
    for &(_, i) in c.dated_in(0, p) {
        let id = c.child_id(1, i) as usize;
        if let Some(s) = seen.get_mut(id).filter(|s| !**s) {
            *s = true;
            out.push(Member::counts(
                1,
                i,
                referred.get(id).copied().unwrap_or(false),
                None,
            ));
        }
    }
    // Each child counts at its first contact in the period, in row order as before.
    out[start..].sort_unstable_by_key(|m| m.index);
}

/// A referral is a re-referral when the child has another referral in the 12 months before it.
/// The list shows referrals in its window; `Number of Referrals in Last 12 Months` on the
/// child's latest referral counts those in the 12 months before that one, including any
/// before the window. Where it counts more than the list shows, the child had a referral
/// before the window that is within 12 months of every referral the list shows.
fn re_referrals(c: &Ctx<'_>, p: &Period, out: &mut Vec<Member>) {
    let rd = col(3, "Date of referral");
    let n = col(3, "Number of Referrals in Last 12 Months");
    let count = c.children().count;
    let mut by_child: Vec<Vec<(Date, usize)>> = vec![Vec::new(); count];
    for (i, r) in c.list(3).iter().enumerate() {
        if let Some(d) = date(r, rd)
            && let Some(v) = by_child.get_mut(c.child_id(3, i) as usize)
        {
            v.push((d, i));
        }
    }
    let mut hidden: Vec<Option<i64>> = vec![None; count];
    for (k, v) in by_child.iter_mut().enumerate() {
        v.sort_unstable();
        let Some(&(latest, li)) = v.last() else {
            continue;
        };
        let since = latest.saturating_sub(12.months());
        let shown = v.iter().filter(|(d, _)| *d >= since && *d < latest).count() as i64;
        hidden[k] = int(&c.list(3)[li], n).map(|x| x - shown);
    }
    c.events(
        p,
        3,
        "Date of referral",
        "no Date of referral",
        out,
        |i, _, d| {
            let k = c.child_id(3, i) as usize;
            let since = d.saturating_sub(12.months());
            let earlier = by_child
                .get(k)
                .is_some_and(|v| v.iter().any(|(o, j)| *j != i && *o >= since && *o < d));
            if earlier {
                return Member::counts(3, i, true, None);
            }
            match hidden.get(k).copied().flatten() {
                Some(h) => Member::counts(3, i, h > 0, None),
                None => Member::excluded(3, i, "no Number of Referrals in Last 12 Months"),
            }
        },
    );
}

/// Care leavers aged 17 to 21 at the as-at date, one per child; those who have died are left
/// out; `yes` says whether a row is in the numerator.
fn care_leavers(
    c: &Ctx<'_>,
    out: &mut Vec<Member>,
    yes: impl Fn(&Record) -> Result<bool, &'static str>,
) {
    let touch = col(9, "LA in Touch");
    let mut seen = FxHashSet::default();
    for (i, r) in c.list(9).iter().enumerate() {
        if !seen.insert(child(r)) {
            continue;
        }
        let Some(age) = c.age(9, r, c.as_at) else {
            out.push(Member::excluded(9, i, "no date of birth or age"));
            continue;
        };
        if !(17..=21).contains(&age) {
            continue;
        }
        if text(r, touch).and_then(|t| CodeSet::InTouch.code(t)) == Some("died") {
            out.push(Member::excluded(9, i, "died"));
            continue;
        }
        out.push(match yes(r) {
            Ok(y) => Member::counts(9, i, y, None),
            Err(why) => Member::excluded(9, i, why),
        });
    }
}

fn adoption(c: &Ctx<'_>, p: &Period, id: &str, out: &mut Vec<Member>) {
    let entered = col(10, "Date the Child Entered Care");
    let placed = col(10, "Date Placed for Adoption");
    let order = col(10, "Date of Placement Order");
    let matched = col(10, "Date of Matching Child and Prospective Adopters");
    let ffa = col(
        10,
        "Date the child was placed for fostering in FFA or concurrent planning placement",
    );
    let adopted = col(10, "Date of Adoption Order");
    for (i, r) in c.list(10).iter().enumerate() {
        let Some(on) = date(r, adopted).filter(|d| p.holds(*d)) else {
            continue;
        };
        let span = match id {
            "adoption_a2_avg_days" => match (date(r, order), date(r, matched)) {
                (Some(o), Some(m)) => Ok(days(o, m).max(0)),
                (None, _) => Err("no Date of Placement Order"),
                (_, None) => Err("no Date of Matching"),
            },
            _ => match (date(r, entered), date(r, placed)) {
                (Some(e), Some(pl)) => {
                    let stop = match (id, date(r, ffa)) {
                        ("adoption_a10_avg_days", Some(f)) if f < pl => f,
                        _ => pl,
                    };
                    if stop < e {
                        Err("placed before entering care")
                    } else {
                        Ok(days(e, stop))
                    }
                }
                (None, _) => Err("no Date the Child Entered Care"),
                (_, None) => Err("no Date Placed for Adoption"),
            },
        };
        out.push(
            match span {
                Ok(d) => Member {
                    numerator: d,
                    measure: Some(d),
                    ..Member::counts(10, i, true, None)
                },
                Err(why) => Member::excluded(10, i, why),
            }
            .on(Some(on)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn every_catalogue_entry_has_a_computation() {
        let rows = ExtractRows::new(date(2024, 1, 15));
        let settings = Settings::default();
        let calendar = WorkCalendar::new(Vec::new());
        let ctx = Ctx::new(&rows, &settings, &calendar);
        let mut missing = Vec::new();
        for def in CATALOGUE {
            for p in ctx.periods_of(def) {
                if !build(&ctx, def, &p, &mut Vec::new()) {
                    missing.push(def.id);
                    break;
                }
            }
        }
        assert!(missing.is_empty(), "no computation for {missing:?}");
        // And a made-up one has none: the test would see a missing computation.
        let mut fake = CATALOGUE[0];
        fake.id = "not_an_indicator";
        fake.rate_of = None;
        let p = &ctx.periods_of(&fake)[0];
        assert!(!build(&ctx, &fake, p, &mut Vec::new()));
    }

    /// Every column a computation reads by name, from this file's own text: `col(LIST,
    /// "Header")` and `events(p, LIST, "Header", …)`. A misspelt header would otherwise read as
    /// an absent column and an empty figure.
    #[test]
    fn every_column_a_computation_names_is_in_its_list() {
        let source = include_str!("compute.rs");
        let by_col = regex::Regex::new(r#"col\(\s*(\d+),\s*"([^"]+)"\s*\)"#).expect("regex");
        let by_events =
            regex::Regex::new(r#"events\(\s*\w+,\s*(\d+),\s*"([^"]+)""#).expect("regex");
        let mut checked = 0;
        let mut wrong = Vec::new();
        for c in by_col
            .captures_iter(source)
            .chain(by_events.captures_iter(source))
        {
            let list: usize = c[1].parse().expect("list");
            let header = &c[2];
            checked += 1;
            if !LISTS[list - 1].columns.iter().any(|k| k.header == header) {
                wrong.push(format!("list {list}: {header:?}"));
            }
        }
        assert!(checked > 40, "{checked} columns found in the source");
        assert!(wrong.is_empty(), "no such column: {wrong:?}");
        // The catalogue's deciding fields, too.
        for def in CATALOGUE {
            for f in def.fields {
                assert!(
                    LISTS[usize::from(def.list) - 1]
                        .columns
                        .iter()
                        .any(|k| k.header == *f)
                        || LISTS
                            .iter()
                            .any(|l| l.columns.iter().any(|k| k.header == *f)),
                    "{}: field {f:?} is in no list",
                    def.id
                );
            }
        }
    }

    #[test]
    fn periods_cover_the_window_and_each_month() {
        let p = periods(date(2024, 1, 15), 6);
        assert_eq!(p[0].label, "window");
        assert_eq!((p[0].from, p[0].to), (date(2023, 7, 16), date(2024, 1, 15)));
        let labels: Vec<&str> = p.iter().skip(1).map(|p| p.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "2023-07", "2023-08", "2023-09", "2023-10", "2023-11", "2023-12", "2024-01"
            ]
        );
        assert!(p[1].partial && p[7].partial && !p[2].partial);
        assert_eq!(p[1].from, date(2023, 7, 16));
        assert_eq!(p[7].to, date(2024, 1, 15));
    }

    #[test]
    fn a_window_ending_on_a_month_end_has_whole_months() {
        // 31 Aug - 6 months = 29 Feb 2024 (leap year); the window starts 1 Mar.
        let p = periods(date(2024, 8, 31), 6);
        assert_eq!(p[0].from, date(2024, 3, 1));
        assert_eq!(p.len(), 7);
        assert!(p.iter().skip(1).all(|p| !p.partial));
    }

    #[test]
    fn every_band_is_listed_in_order() {
        for age in -1..30 {
            assert!(AGE_BANDS.contains(&age_band(1, age)));
            assert!(AGE_BANDS.contains(&age_band(9, age)));
        }
    }

    #[test]
    fn age_bands() {
        assert_eq!(age_band(1, -1), "under 1");
        assert_eq!(age_band(1, 0), "under 1");
        assert_eq!(age_band(1, 15), "10-15");
        assert_eq!(age_band(1, 16), "16-17");
        assert_eq!(age_band(9, 21), "19-21");
        assert_eq!(age_band(9, 22), "22-25");
    }
}
