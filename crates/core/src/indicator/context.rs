//! The computing context: an extract's accepted rows, the settings and calendar, what
//! several indicators share (open cases, children, dated events), and reading a cell.

use std::cell::OnceCell;

use jiff::ToSpan;
use jiff::civil::Date;
use rustc_hash::FxHashMap;

use super::breakdown::Keys;
use super::compute::{Member, tally};
use super::figure::{Line, Observation};
use super::period::{Period, as_at_period, periods};
use super::{Basis, Definition, ExtractRows, Settings, Unit};
use crate::annex_a::{self, LISTS, Record, Value};
use crate::calendar::WorkCalendar;

/// Where the columns every list may have sit in each list.
#[derive(Clone, Copy)]
pub(super) struct Common {
    pub(super) team: usize,
    pub(super) worker: usize,
    pub(super) dob: usize,
    pub(super) age: usize,
    pub(super) gender: usize,
    pub(super) ethnicity: usize,
    pub(super) disability: usize,
}

impl Common {
    pub(super) fn of(list: u8) -> Common {
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
pub(super) struct Ctx<'a> {
    pub(super) common: Vec<Common>,
    pub(super) rows: &'a ExtractRows,
    pub(super) settings: &'a Settings,
    pub(super) calendar: &'a WorkCalendar,
    pub(super) as_at: Date,
    pub(super) open_cin: OnceCell<Vec<usize>>,
    pub(super) open_cla: OnceCell<Vec<usize>>,
    pub(super) open_children: OnceCell<Vec<(u8, usize)>>,
    pub(super) children: OnceCell<Children>,
    pub(super) keys: OnceCell<Keys<'a>>,
    /// Contacts and referrals by date: (date, row), sorted.
    pub(super) dated: [OnceCell<Vec<(Date, usize)>>; 2],
}

/// Child ids interned once per extract: `ids[list - 1][row]` is the child's number.
pub(super) struct Children {
    pub(super) ids: Vec<Vec<u32>>,
    pub(super) count: usize,
}

pub(super) const NONE: u32 = u32::MAX;

/// A column's position in its list (`usize::MAX` when the list has no such column).
pub(super) fn col(list: u8, header: &str) -> usize {
    usize::from(list)
        .checked_sub(1)
        .and_then(|i| LISTS.get(i))
        .and_then(|l| l.columns.iter().position(|c| c.header == header))
        .unwrap_or(usize::MAX)
}

pub(super) static EMPTY: Value = Value::Empty;

pub(super) fn get(r: &Record, c: usize) -> &Value {
    r.values.get(c).unwrap_or(&EMPTY)
}

pub(super) fn date(r: &Record, c: usize) -> Option<Date> {
    get(r, c).date()
}

pub(super) fn int(r: &Record, c: usize) -> Option<i64> {
    match get(r, c) {
        Value::Int(i) => Some(*i),
        Value::Text(t) => t.trim().parse().ok(),
        _ => None,
    }
}

pub(super) fn text(r: &Record, c: usize) -> Option<&str> {
    match get(r, c) {
        Value::Text(t) if !t.trim().is_empty() => Some(t.as_str()),
        _ => None,
    }
}

/// A coded cell's code, read once by the loader (none for a blank, or text that is no code).
pub(super) fn code(r: &Record, c: usize) -> Option<&'static str> {
    get(r, c).code()
}

/// Yes (true), No (false), or unknown/blank (none).
pub(super) fn yes(r: &Record, c: usize) -> Option<bool> {
    match code(r, c) {
        Some("a) Yes") => Some(true),
        Some("b) No") => Some(false),
        _ => None,
    }
}

pub(super) fn child(r: &Record) -> &str {
    text(r, 0).unwrap_or("")
}

pub(super) fn days(from: Date, to: Date) -> i64 {
    i64::from(from.until(to).map(|s| s.get_days()).unwrap_or(0))
}

pub(super) fn add_months(d: Date, months: u32) -> Date {
    d.saturating_add(i64::from(months).months())
}

pub(super) fn unallocated(worker: Option<&str>) -> bool {
    match worker {
        None => true,
        Some(w) => matches!(
            w.trim().to_lowercase().as_str(),
            "unallocated" | "not allocated" | "none" | "n/a" | "na" | "-"
        ),
    }
}

impl<'a> Ctx<'a> {
    pub(super) fn new(
        rows: &'a ExtractRows,
        settings: &'a Settings,
        calendar: &'a WorkCalendar,
    ) -> Self {
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

    pub(super) fn list(&self, n: u8) -> &'a [Record] {
        self.rows.list(n)
    }

    pub(super) fn common(&self, list: u8) -> Common {
        self.common[usize::from(list.clamp(1, 11)) - 1]
    }

    pub(super) fn worker(&self, list: u8, r: &'a Record) -> Option<&'a str> {
        text(r, self.common(list).worker)
    }

    pub(super) fn periods_of(&self, def: &Definition) -> Vec<Period> {
        match def.basis {
            Basis::Snapshot => vec![as_at_period(self.as_at)],
            Basis::Event => periods(self.as_at, def.window_months()),
        }
    }

    /// Age in years on `at`, from the date of birth, else the age column.
    pub(super) fn age(&self, list: u8, r: &Record, at: Date) -> Option<i64> {
        let c = self.common(list);
        match date(r, c.dob) {
            Some(dob) => Some(annex_a::age_on(dob, at)),
            None => int(r, c.age),
        }
    }

    /// Rows of `list` whose `date_header` falls in the period; rows without that date are
    /// excluded from the window (they cannot be placed in a month).
    pub(super) fn events(
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
    pub(super) fn open_per_child(
        &self,
        list: u8,
        start: &str,
        end: &str,
        order: &str,
    ) -> Vec<usize> {
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

    pub(super) fn open_cin(&self) -> &[usize] {
        self.open_cin.get_or_init(|| {
            self.open_per_child(6, "CIN Start Date", "CIN Closure Date", "CIN Start Date")
        })
    }

    pub(super) fn open_cla(&self) -> &[usize] {
        self.open_cla.get_or_init(|| {
            self.open_per_child(
                8,
                "Date Started to be Looked After",
                "Date Ceased to be Looked After",
                "Start Date of Most Recent Placement",
            )
        })
    }

    pub(super) fn open_cp(&self) -> impl Iterator<Item = (usize, &'a Record)> {
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
    pub(super) fn open_children(&self) -> &[(u8, usize)] {
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

    pub(super) fn children(&self) -> &Children {
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
    pub(super) fn dated_in(&self, which: usize, p: &Period) -> &[(Date, usize)] {
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

    pub(super) fn child_id(&self, list: u8, index: usize) -> u32 {
        self.children().ids[usize::from(list) - 1]
            .get(index)
            .copied()
            .unwrap_or(NONE)
    }

    pub(super) fn observe(
        &self,
        def: &Definition,
        period: &Period,
        members: &[Member],
        breakdowns: bool,
    ) -> Observation {
        let (numerator, denominator, excluded, reasons) = tally(def, self, members);
        let (mut value, reason) = self.value(def, numerator, denominator);
        if def.unit == Unit::MedianDays && value.is_some() {
            value = median(members);
        }
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

    pub(super) fn value(
        &self,
        def: &Definition,
        num: i64,
        den: Option<i64>,
    ) -> (Option<f64>, Option<String>) {
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

    pub(super) fn line(&self, def: &Definition, m: &Member) -> Line {
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

/// The median of the counted rows' days (the mean of the middle two for an even count), to one
/// decimal place.
pub(super) fn median(members: &[Member]) -> Option<f64> {
    let mut v: Vec<i64> = members
        .iter()
        .filter(|m| m.excluded.is_none() && m.denominator)
        .map(|m| m.numerator)
        .collect();
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    let n = v.len();
    let mid = if n % 2 == 1 {
        v[n / 2] as f64
    } else {
        (v[n / 2 - 1] + v[n / 2]) as f64 / 2.0
    };
    Some((mid * 10.0).round() / 10.0)
}
