//! The computations of the board pack's front door: contacts, referrals, re-referrals.
//!
//! Each says, for a period, which rows count and how (see [`super::super::compute`]).

#[allow(clippy::wildcard_imports)]
use super::*;

/// `contacts`.
pub(in crate::indicator) fn contacts(
    c: &Ctx<'_>,
    _def: &Definition,
    p: &Period,
    out: &mut Vec<Member>,
) {
    c.events(
        p,
        1,
        "Date of Contact",
        "no Date of Contact",
        out,
        |i, _, _| Member::counts(1, i, true, None),
    );
}

/// `contact_children_referred_pct`.
pub(in crate::indicator) fn contact_children_referred_pct(
    c: &Ctx<'_>,
    _def: &Definition,
    p: &Period,
    out: &mut Vec<Member>,
) {
    contact_children_referred(c, p, out);
}

/// `referrals`.
pub(in crate::indicator) fn referrals(
    c: &Ctx<'_>,
    _def: &Definition,
    p: &Period,
    out: &mut Vec<Member>,
) {
    c.events(
        p,
        3,
        "Date of referral",
        "no Date of referral",
        out,
        |i, _, _| Member::counts(3, i, true, None),
    );
}

/// `re_referrals_12m_pct`.
pub(in crate::indicator) fn re_referrals_12m_pct(
    c: &Ctx<'_>,
    _def: &Definition,
    p: &Period,
    out: &mut Vec<Member>,
) {
    re_referrals(c, p, out);
}

/// `referrals_nfa_pct`.
pub(in crate::indicator) fn referrals_nfa_pct(
    c: &Ctx<'_>,
    _def: &Definition,
    p: &Period,
    out: &mut Vec<Member>,
) {
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
