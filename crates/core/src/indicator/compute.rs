//! Computing the catalogue from an extract's accepted rows.
//!
//! Every indicator is one function that, for a period, says which rows count and how: a
//! [`Member`] per row (or per child) with its part in the numerator and denominator, or the
//! reason it is excluded. The figure, its breakdowns and its drill-down all come from the same
//! members, so a figure can always be explained down to its rows.

use std::collections::BTreeMap;

use jiff::civil::Date;
use rustc_hash::FxHashSet;

use super::context::Ctx;
use super::figure::{ChildLevel, ExplainError, Explanation, Line};
use super::{
    Basis, CATALOGUE, Definition, ExtractRows, Observation, Settings, Source, Unit, definition,
};
use crate::calendar::WorkCalendar;

/// A row's part in a figure.
#[derive(Debug, Clone, Copy)]
pub(super) struct Member {
    pub(super) list: u8,
    pub(super) index: usize,
    /// Counts in the numerator: 1 or 0, or the days of a mean.
    pub(super) numerator: i64,
    /// Counts in the denominator.
    pub(super) denominator: bool,
    /// Left out, and why.
    pub(super) excluded: Option<&'static str>,
    /// The measure that decided it (working days elapsed).
    pub(super) measure: Option<i64>,
    /// The event date that placed it in a period (event indicators).
    pub(super) on: Option<Date>,
}

impl Member {
    pub(super) fn counts(list: u8, index: usize, yes: bool, measure: Option<i64>) -> Self {
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

    pub(super) fn on(self, on: Option<Date>) -> Self {
        Member { on, ..self }
    }

    pub(super) fn excluded(list: u8, index: usize, reason: &'static str) -> Self {
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
    for def in CATALOGUE.iter().filter(|d| d.source == Source::AnnexA) {
        // An event indicator's months are its window's rows placed by their event date, so
        // the rows are classified once. Distinct children per period are the exception.
        let by_window = def.basis == Basis::Event && def.id != "contact_children_referred_pct";
        let reuse = def.rate_of.is_some_and(|base| base == previous.0);
        let mut these = Vec::new();
        let feeds_a_rate = CATALOGUE.iter().any(|d| d.rate_of == Some(def.id));
        for (k, period) in ctx.periods_of(def).into_iter().enumerate() {
            members.clear();
            if reuse && let Some(m) = previous.1.get(k) {
                members.extend_from_slice(m);
            } else if by_window && period.is_window() {
                window.clear();
                (def.rows)(&ctx, def, &period, &mut window);
                members.extend_from_slice(&window);
            } else if by_window {
                members.extend(
                    window
                        .iter()
                        .filter(|m| m.on.is_some_and(|d| period.holds(d))),
                );
            } else {
                (def.rows)(&ctx, def, &period, &mut members);
            }
            // Breakdowns are for the headline figure (the window, or the as-at date); months
            // are for trends.
            let headline = period.label == "window" || period.label == "as-at";
            out.push(ctx.observe(def, &period, &members, breakdowns && headline));
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
    if def.source != Source::AnnexA {
        return Err(ExplainError::NotFromAnnexA(id.to_string()));
    }
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
    (def.rows)(&ctx, def, &period, &mut members);
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

/// Numerator, denominator, excluded count and reasons.
pub(super) fn tally(
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
            Unit::Pct | Unit::Days | Unit::MedianDays => {
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
        Unit::Pct | Unit::Days | Unit::MedianDays => Some(den),
    };
    let reasons = reasons
        .into_iter()
        .map(|(r, n): (&str, u64)| (r.to_string(), n))
        .collect();
    (num, denominator, excluded, reasons)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annex_a::LISTS;

    /// Every column a computation reads by name, from the computations' own text:
    /// `col(LIST, "Header")` and `events(p, LIST, "Header", …)`. A misspelt header would
    /// otherwise read as an absent column and an empty figure. (A catalogue entry without a
    /// computation does not compile: [`Definition`] names its own.)
    #[test]
    fn every_column_a_computation_names_is_in_its_list() {
        let source = [
            include_str!("context.rs"),
            include_str!("rules/mod.rs"),
            include_str!("rules/front_door.rs"),
            include_str!("rules/assessment.rs"),
            include_str!("rules/child_protection.rs"),
            include_str!("rules/children_in_care.rs"),
            include_str!("rules/care_leavers.rs"),
            include_str!("rules/adoption.rs"),
            include_str!("rules/workforce.rs"),
        ]
        .concat();
        let source = source.as_str();
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
        for def in CATALOGUE.iter().filter(|d| d.source == Source::AnnexA) {
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
}
