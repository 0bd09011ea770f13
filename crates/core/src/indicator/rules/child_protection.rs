//! The computations of the board pack's child protection: enquiries, conferences, plans, visits and reviews.
//!
//! Each says, for a period, which rows count and how (see [`super::super::compute`]).

#[allow(clippy::wildcard_imports)]
use super::*;

/// `s47_enquiries`.
pub(in crate::indicator) fn s47_enquiries(
    c: &Ctx<'_>,
    _def: &Definition,
    p: &Period,
    out: &mut Vec<Member>,
) {
    c.events(
        p,
        5,
        "Strategy discussion initiating Section 47 Enquiry Start Date",
        "no strategy discussion date",
        out,
        |i, _, _| Member::counts(5, i, true, None),
    );
}

/// `icpcs`.
pub(in crate::indicator) fn icpcs(
    c: &Ctx<'_>,
    _def: &Definition,
    p: &Period,
    out: &mut Vec<Member>,
) {
    conferences(c, p, out, |i, _, _| Member::counts(5, i, true, None));
}

/// `icpc_within_15wd_pct`.
pub(in crate::indicator) fn icpc_within_15wd_pct(
    c: &Ctx<'_>,
    _def: &Definition,
    p: &Period,
    out: &mut Vec<Member>,
) {
    let s = col(
        5,
        "Strategy discussion initiating Section 47 Enquiry Start Date",
    );
    conferences(c, p, out, |i, r, icpc| match date(r, s) {
        None => Member::excluded(5, i, "no strategy discussion date"),
        Some(sd) if sd > icpc => Member::excluded(5, i, "ICPC before the strategy discussion"),
        Some(sd) => {
            let wd = c.calendar.working_days_between(sd, icpc);
            Member::counts(5, i, wd <= 15, Some(wd))
        }
    });
}

/// `icpc_to_cp_plan_pct`.
pub(in crate::indicator) fn icpc_to_cp_plan_pct(
    c: &Ctx<'_>,
    _def: &Definition,
    p: &Period,
    out: &mut Vec<Member>,
) {
    let plan = col(
        5,
        "Did the Initial Child Protection Conference Result in a Child Protection Plan",
    );
    conferences(c, p, out, |i, r, _| match yes(r, plan) {
        Some(y) => Member::counts(5, i, y, None),
        None => Member::excluded(5, i, "outcome of the ICPC not recorded"),
    });
}

/// `cp_plans_open`.
pub(in crate::indicator) fn cp_plans_open(
    c: &Ctx<'_>,
    _def: &Definition,
    _p: &Period,
    out: &mut Vec<Member>,
) {
    out.extend(c.open_cp().map(|(i, _)| Member::counts(7, i, true, None)));
}

/// `cp_plans_started`.
pub(in crate::indicator) fn cp_plans_started(
    c: &Ctx<'_>,
    _def: &Definition,
    p: &Period,
    out: &mut Vec<Member>,
) {
    c.events(
        p,
        7,
        "Child Protection Plan Start Date",
        "no plan start date",
        out,
        |i, _, _| Member::counts(7, i, true, None),
    );
}

/// `cp_repeat_plans_pct`.
pub(in crate::indicator) fn cp_repeat_plans_pct(
    c: &Ctx<'_>,
    _def: &Definition,
    p: &Period,
    out: &mut Vec<Member>,
) {
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

/// Plans ending in the period, each made a member by `member` from its start and end.
fn plans_ending(
    c: &Ctx<'_>,
    p: &Period,
    out: &mut Vec<Member>,
    member: impl Fn(usize, Date, Date) -> Member,
) {
    let s = col(7, "Child Protection Plan Start Date");
    let e = col(7, "Child Protection Plan End Date");
    for (i, r) in c.list(7).iter().enumerate() {
        let Some(end) = date(r, e).filter(|d| p.holds(*d)) else {
            continue;
        };
        out.push(
            match date(r, s) {
                None => Member::excluded(7, i, "no plan start date"),
                Some(start) if start > end => {
                    Member::excluded(7, i, "plan ended before it started")
                }
                Some(start) => member(i, start, end),
            }
            .on(Some(end)),
        );
    }
}

/// `cp_plans_ended_2y_plus_pct`.
pub(in crate::indicator) fn cp_plans_ended_2y_plus_pct(
    c: &Ctx<'_>,
    _def: &Definition,
    p: &Period,
    out: &mut Vec<Member>,
) {
    plans_ending(c, p, out, |i, start, end| {
        Member::counts(
            7,
            i,
            end >= start.saturating_add(2.years()),
            Some(days(start, end)),
        )
    });
}

/// `cp_visited_in_timescale_pct`.
pub(in crate::indicator) fn cp_visited_in_timescale_pct(
    c: &Ctx<'_>,
    _def: &Definition,
    _p: &Period,
    out: &mut Vec<Member>,
) {
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

/// `cp_seen_alone_pct`.
pub(in crate::indicator) fn cp_seen_alone_pct(
    c: &Ctx<'_>,
    _def: &Definition,
    _p: &Period,
    out: &mut Vec<Member>,
) {
    let a = col(7, "Was the Child Seen Alone?");
    for (i, r) in c.open_cp() {
        out.push(match yes(r, a) {
            Some(y) => Member::counts(7, i, y, None),
            None => Member::excluded(7, i, "seen alone not recorded"),
        });
    }
}

/// `cp_reviews_in_timescale_pct`.
pub(in crate::indicator) fn cp_reviews_in_timescale_pct(
    c: &Ctx<'_>,
    _def: &Definition,
    _p: &Period,
    out: &mut Vec<Member>,
) {
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

/// Open plans started more than `days` before the as-at date, of open plans with a start.
fn open_over(c: &Ctx<'_>, days_over: i64, out: &mut Vec<Member>) {
    let s = col(7, "Child Protection Plan Start Date");
    for (i, r) in c.open_cp() {
        out.push(match date(r, s) {
            Some(start) => {
                let n = days(start, c.as_at);
                Member::counts(7, i, n > days_over, Some(n))
            }
            None => Member::excluded(7, i, "no Child Protection Plan Start Date"),
        });
    }
}

/// `cp_plans_open_over_1y_pct`.
pub(in crate::indicator) fn cp_plans_open_over_1y_pct(
    c: &Ctx<'_>,
    _def: &Definition,
    _p: &Period,
    out: &mut Vec<Member>,
) {
    open_over(c, 365, out);
}

/// `cp_plans_open_over_2y_pct`.
pub(in crate::indicator) fn cp_plans_open_over_2y_pct(
    c: &Ctx<'_>,
    _def: &Definition,
    _p: &Period,
    out: &mut Vec<Member>,
) {
    open_over(c, 730, out);
}

/// `cp_plan_length_median_days`.
pub(in crate::indicator) fn cp_plan_length_median_days(
    c: &Ctx<'_>,
    _def: &Definition,
    p: &Period,
    out: &mut Vec<Member>,
) {
    plans_ending(c, p, out, |i, start, end| {
        let n = days(start, end);
        Member {
            numerator: n,
            measure: Some(n),
            ..Member::counts(7, i, true, None)
        }
    });
}
