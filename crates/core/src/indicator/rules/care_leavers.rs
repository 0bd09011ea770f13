//! The computations of the board pack's care leavers.
//!
//! Each says, for a period, which rows count and how (see [`super::super::compute`]).

#[allow(clippy::wildcard_imports)]
use super::*;

fn in_touch(r: &Record) -> Result<bool, &'static str> {
    Ok(code(r, col(9, "LA in Touch")) == Some("yes"))
}

fn suitable(r: &Record) -> Result<bool, &'static str> {
    Ok(code(r, col(9, "Suitability of Accommodation")) == Some("suitable"))
}

/// In education, employment or training: activity codes F* and P*.
fn eet(r: &Record) -> Result<bool, &'static str> {
    Ok(
        code(r, col(9, "Activity Status"))
            .is_some_and(|a| a.starts_with('F') || a.starts_with('P')),
    )
}

/// `care_leavers_19_21_in_touch_pct`.
pub(in crate::indicator) fn care_leavers_19_21_in_touch_pct(
    c: &Ctx<'_>,
    _def: &Definition,
    _p: &Period,
    out: &mut Vec<Member>,
) {
    care_leavers_aged(c, out, 19..=21, in_touch);
}

/// `care_leavers_19_21_suitable_accommodation_pct`.
pub(in crate::indicator) fn care_leavers_19_21_suitable_accommodation_pct(
    c: &Ctx<'_>,
    _def: &Definition,
    _p: &Period,
    out: &mut Vec<Member>,
) {
    care_leavers_aged(c, out, 19..=21, suitable);
}

/// `care_leavers_19_21_eet_pct`.
pub(in crate::indicator) fn care_leavers_19_21_eet_pct(
    c: &Ctx<'_>,
    _def: &Definition,
    _p: &Period,
    out: &mut Vec<Member>,
) {
    care_leavers_aged(c, out, 19..=21, eet);
}

/// `care_leavers_in_touch_pct`.
pub(in crate::indicator) fn care_leavers_in_touch_pct(
    c: &Ctx<'_>,
    _def: &Definition,
    _p: &Period,
    out: &mut Vec<Member>,
) {
    care_leavers(c, out, in_touch);
}

/// `care_leavers_suitable_accommodation_pct`.
pub(in crate::indicator) fn care_leavers_suitable_accommodation_pct(
    c: &Ctx<'_>,
    _def: &Definition,
    _p: &Period,
    out: &mut Vec<Member>,
) {
    care_leavers(c, out, suitable);
}

/// `care_leavers_eet_pct`.
pub(in crate::indicator) fn care_leavers_eet_pct(
    c: &Ctx<'_>,
    _def: &Definition,
    _p: &Period,
    out: &mut Vec<Member>,
) {
    care_leavers(c, out, eet);
}

/// `care_leavers_pathway_plan_in_date_pct`.
pub(in crate::indicator) fn care_leavers_pathway_plan_in_date_pct(
    c: &Ctx<'_>,
    _def: &Definition,
    _p: &Period,
    out: &mut Vec<Member>,
) {
    let rv = col(9, "Latest Pathway Plan Review Date");
    if c.list(9).iter().all(|r| get(r, rv).is_empty()) {
        // Without the column (the 2019 13-column List 9) there is nothing to compute;
        // observe() gives null with the reason.
        return;
    }
    let mut seen = FxHashSet::default();
    for (i, r) in c.list(9).iter().enumerate() {
        if !seen.insert(child(r)) {
            continue;
        }
        out.push(match date(r, rv).filter(|d| *d <= c.as_at) {
            None => Member::excluded(9, i, "no Latest Pathway Plan Review Date"),
            Some(d) => Member::counts(9, i, add_months(d, 6) >= c.as_at, Some(days(d, c.as_at))),
        });
    }
}
