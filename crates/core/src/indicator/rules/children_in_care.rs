//! The computations of the board pack's children in care: starts and ends, stability, visits, reviews, health, missing, placements.
//!
//! Each says, for a period, which rows count and how (see [`super::super::compute`]).

#[allow(clippy::wildcard_imports)]
use super::*;

/// `cla_open`.
pub(in crate::indicator) fn cla_open(
    c: &Ctx<'_>,
    _def: &Definition,
    _p: &Period,
    out: &mut Vec<Member>,
) {
    out.extend(
        c.open_cla()
            .iter()
            .map(|&i| Member::counts(8, i, true, None)),
    );
}

/// `cla_started`, `cla_ceased`.
pub(in crate::indicator) fn cla_started_or_ceased(
    c: &Ctx<'_>,
    def: &Definition,
    p: &Period,
    out: &mut Vec<Member>,
) {
    let id = def.rate_of.unwrap_or(def.id);
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

/// `cla_3plus_placements_pct`.
pub(in crate::indicator) fn cla_3plus_placements_pct(
    c: &Ctx<'_>,
    _def: &Definition,
    _p: &Period,
    out: &mut Vec<Member>,
) {
    let n = col(8, "Number of Placements in the Last 12 months");
    for &i in c.open_cla() {
        out.push(match int(r8(c, i), n) {
            Some(k) => Member::counts(8, i, k >= 3, None),
            None => Member::excluded(8, i, "no placement count"),
        });
    }
}

/// `cla_long_term_stability_pct`.
pub(in crate::indicator) fn cla_long_term_stability_pct(
    c: &Ctx<'_>,
    _def: &Definition,
    _p: &Period,
    out: &mut Vec<Member>,
) {
    let s = col(8, "Date Started to be Looked After");
    let pl = col(8, "Start Date of Most Recent Placement");
    for &i in c.open_cla() {
        let r = r8(c, i);
        let Some(start) = date(r, s) else { continue };
        let years = i64::from(c.settings.stability_years);
        if start.saturating_add((years * 12 + 6).months()) > c.as_at {
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
                d.saturating_add(years.years()) <= c.as_at,
                Some(days(d, c.as_at)),
            ),
        });
    }
}

/// `cla_reviews_in_timescale_pct`.
pub(in crate::indicator) fn cla_reviews_in_timescale_pct(
    c: &Ctx<'_>,
    _def: &Definition,
    _p: &Period,
    out: &mut Vec<Member>,
) {
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

/// `cla_visited_in_timescale_pct`.
pub(in crate::indicator) fn cla_visited_in_timescale_pct(
    c: &Ctx<'_>,
    _def: &Definition,
    _p: &Period,
    out: &mut Vec<Member>,
) {
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

/// `cla_health_assessment_in_date_pct`, `cla_dental_check_in_date_pct`.
pub(in crate::indicator) fn cla_health_or_dental_in_date(
    c: &Ctx<'_>,
    def: &Definition,
    _p: &Period,
    out: &mut Vec<Member>,
) {
    let id = def.rate_of.unwrap_or(def.id);
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

/// `cla_missing_pct`.
pub(in crate::indicator) fn cla_missing_pct(
    c: &Ctx<'_>,
    _def: &Definition,
    _p: &Period,
    out: &mut Vec<Member>,
) {
    let m = col(8, MISSING);
    for &i in c.open_cla() {
        out.push(match int(r8(c, i), m) {
            Some(k) => Member::counts(8, i, k > 0, None),
            None => Member::excluded(8, i, "no count of missing episodes"),
        });
    }
}

/// `cla_return_interview_offered_pct`.
pub(in crate::indicator) fn cla_return_interview_offered_pct(
    c: &Ctx<'_>,
    _def: &Definition,
    _p: &Period,
    out: &mut Vec<Member>,
) {
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

/// `cla_return_interview_accepted_pct`.
pub(in crate::indicator) fn cla_return_interview_accepted_pct(
    c: &Ctx<'_>,
    _def: &Definition,
    _p: &Period,
    out: &mut Vec<Member>,
) {
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

/// `cla_placed_out_of_area_pct`.
pub(in crate::indicator) fn cla_placed_out_of_area_pct(
    c: &Ctx<'_>,
    _def: &Definition,
    _p: &Period,
    out: &mut Vec<Member>,
) {
    let l = col(8, "Placement Location");
    for &i in c.open_cla() {
        let code = code(r8(c, i), l);
        out.push(match code {
            Some(code) => Member::counts(8, i, code == "out", None),
            None => Member::excluded(8, i, "no Placement Location"),
        });
    }
}

/// Independent living (P2) or semi-independent living not subject to children's homes
/// regulations (H5).
fn unregulated(code: Option<&str>) -> Option<bool> {
    code.map(|c| c == "P2" || c == "H5")
}

/// `cla_16_17_unregulated_pct`.
pub(in crate::indicator) fn cla_16_17_unregulated_pct(
    c: &Ctx<'_>,
    _def: &Definition,
    _p: &Period,
    out: &mut Vec<Member>,
) {
    let t = col(8, "Placement Type");
    for &i in c.open_cla() {
        let r = r8(c, i);
        match c.age(8, r, c.as_at) {
            Some(16 | 17) => {}
            Some(_) => continue,
            None => {
                out.push(Member::excluded(8, i, "no date of birth or age"));
                continue;
            }
        }
        out.push(match unregulated(code(r, t)) {
            Some(y) => Member::counts(8, i, y, None),
            None => Member::excluded(8, i, "no Placement Type"),
        });
    }
}

/// `cla_under_16_unregulated`.
pub(in crate::indicator) fn cla_under_16_unregulated(
    c: &Ctx<'_>,
    _def: &Definition,
    _p: &Period,
    out: &mut Vec<Member>,
) {
    let t = col(8, "Placement Type");
    for &i in c.open_cla() {
        let r = r8(c, i);
        if c.age(8, r, c.as_at).is_some_and(|a| a < 16) && unregulated(code(r, t)) == Some(true) {
            out.push(Member::counts(8, i, true, None));
        }
    }
}
