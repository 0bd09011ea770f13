//! Which rows count for each indicator, by board-pack group. Every definition of the
//! catalogue names its computation ([`super::Definition::rows`]), so an entry without one does
//! not compile.

pub(super) mod adoption;
pub(super) mod assessment;
pub(super) mod care_leavers;
pub(super) mod child_protection;
pub(super) mod children_in_care;
pub(super) mod front_door;
pub(super) mod workforce;

pub(super) use jiff::ToSpan;
pub(super) use jiff::civil::Date;
pub(super) use rustc_hash::FxHashSet;

pub(super) use super::Definition;
pub(super) use super::compute::Member;
pub(super) use super::context::{
    Ctx, add_months, child, code, col, date, days, get, int, unallocated, yes,
};
pub(super) use super::period::Period;
pub(super) use crate::annex_a::Record;

use crate::annex_a::{
    MISSING_EPISODES as MISSING, RETURN_INTERVIEW_ACCEPTED as ACCEPTED,
    RETURN_INTERVIEW_OFFERED as OFFERED,
};

pub(super) fn r8<'a>(c: &Ctx<'a>, i: usize) -> &'a Record {
    &c.list(8)[i]
}

/// Seen or visited within `limit` calendar days before the as-at date.
pub(super) fn within_days(
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

pub(super) fn authorised<'a>(
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

pub(super) fn conferences<'a>(
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

pub(super) fn contact_children_referred(c: &Ctx<'_>, p: &Period, out: &mut Vec<Member>) {
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
pub(super) fn re_referrals(c: &Ctx<'_>, p: &Period, out: &mut Vec<Member>) {
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
pub(super) fn care_leavers(
    c: &Ctx<'_>,
    out: &mut Vec<Member>,
    yes: impl Fn(&Record) -> Result<bool, &'static str>,
) {
    care_leavers_aged(c, out, 17..=21, yes);
}

/// As [`care_leavers`], for care leavers of `ages` (19 to 21: the ages DfE's care leaver
/// figures are published for, so they compare like for like).
pub(super) fn care_leavers_aged(
    c: &Ctx<'_>,
    out: &mut Vec<Member>,
    ages: std::ops::RangeInclusive<i64>,
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
        if !ages.contains(&age) {
            continue;
        }
        if code(r, touch) == Some("died") {
            out.push(Member::excluded(9, i, "died"));
            continue;
        }
        out.push(match yes(r) {
            Ok(y) => Member::counts(9, i, y, None),
            Err(why) => Member::excluded(9, i, why),
        });
    }
}

pub(super) fn adoption(c: &Ctx<'_>, p: &Period, id: &str, out: &mut Vec<Member>) {
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
