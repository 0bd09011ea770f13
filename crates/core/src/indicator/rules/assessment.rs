//! The computations of the board pack's assessment and children in need.
//!
//! Each says, for a period, which rows count and how (see [`super::super::compute`]).

#[allow(clippy::wildcard_imports)]
use super::*;

/// `assessments_completed`.
pub(in crate::indicator) fn assessments_completed(
    c: &Ctx<'_>,
    _def: &Definition,
    p: &Period,
    out: &mut Vec<Member>,
) {
    authorised(c, p, out, |i, _, _| Member::counts(4, i, true, None))
}

/// `assessments_within_45wd_pct`.
pub(in crate::indicator) fn assessments_within_45wd_pct(
    c: &Ctx<'_>,
    _def: &Definition,
    p: &Period,
    out: &mut Vec<Member>,
) {
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

/// `assessments_open_over_45wd`.
pub(in crate::indicator) fn assessments_open_over_45wd(
    c: &Ctx<'_>,
    _def: &Definition,
    _p: &Period,
    out: &mut Vec<Member>,
) {
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

/// `assessments_no_further_support_pct`.
pub(in crate::indicator) fn assessments_no_further_support_pct(
    c: &Ctx<'_>,
    _def: &Definition,
    p: &Period,
    out: &mut Vec<Member>,
) {
    let need = col(
        4,
        "Was the child assessed as requiring LA children's social care support",
    );
    authorised(c, p, out, |i, r, _| match yes(r, need) {
        Some(y) => Member::counts(4, i, !y, None),
        None => Member::excluded(4, i, "outcome of the assessment not recorded"),
    });
}

/// `cin_open`.
pub(in crate::indicator) fn cin_open(
    c: &Ctx<'_>,
    _def: &Definition,
    _p: &Period,
    out: &mut Vec<Member>,
) {
    out.extend(
        c.open_cin()
            .iter()
            .map(|&i| Member::counts(6, i, true, None)),
    );
}

/// `cin_seen_in_timescale_pct`.
pub(in crate::indicator) fn cin_seen_in_timescale_pct(
    c: &Ctx<'_>,
    _def: &Definition,
    _p: &Period,
    out: &mut Vec<Member>,
) {
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

/// Working days from the child's latest contact on or before each assessment's start to its
/// authorisation, for the assessments authorised in the period (excluded, with why, when
/// there is no such contact).
fn contact_to_assessment(
    c: &Ctx<'_>,
    p: &Period,
    out: &mut Vec<Member>,
    member: impl Fn(usize, i64) -> Member,
) {
    let contact = col(1, "Date of Contact");
    let mut contacts: rustc_hash::FxHashMap<&str, Vec<Date>> = Default::default();
    for r in c.list(1) {
        if let Some(d) = date(r, contact) {
            contacts.entry(child(r)).or_default().push(d);
        }
    }
    let start = col(4, "Continuous Assessment Start Date");
    authorised(c, p, out, |i, r, auth| {
        let Some(s) = date(r, start) else {
            return Member::excluded(4, i, "no Continuous Assessment Start Date");
        };
        if s > auth {
            return Member::excluded(4, i, "authorised before it started");
        }
        let latest = contacts
            .get(child(r))
            .and_then(|ds| ds.iter().filter(|d| **d <= s).max());
        match latest {
            None => Member::excluded(4, i, "no contact on or before the assessment in List 1"),
            Some(&d) => member(i, c.calendar.working_days_between(d, auth)),
        }
    });
}

/// `contact_to_assessment_avg_wd` and `contact_to_assessment_median_wd`: each row's working
/// days; the unit makes the figure a mean or a median.
pub(in crate::indicator) fn contact_to_assessment_wd(
    c: &Ctx<'_>,
    _def: &Definition,
    p: &Period,
    out: &mut Vec<Member>,
) {
    contact_to_assessment(c, p, out, |i, wd| Member {
        numerator: wd,
        measure: Some(wd),
        ..Member::counts(4, i, true, None)
    });
}

/// `contact_to_assessment_within_45wd_pct`.
pub(in crate::indicator) fn contact_to_assessment_within_45wd_pct(
    c: &Ctx<'_>,
    _def: &Definition,
    p: &Period,
    out: &mut Vec<Member>,
) {
    contact_to_assessment(c, p, out, |i, wd| Member::counts(4, i, wd <= 45, Some(wd)));
}
