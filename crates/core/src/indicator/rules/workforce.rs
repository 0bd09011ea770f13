//! The computations of the board pack's caseloads and allocation.
//!
//! Each says, for a period, which rows count and how (see [`super::super::compute`]).

#[allow(clippy::wildcard_imports)]
use super::*;

/// `caseload_avg`, `children_unallocated`.
pub(in crate::indicator) fn caseload_or_unallocated(
    c: &Ctx<'_>,
    def: &Definition,
    _p: &Period,
    out: &mut Vec<Member>,
) {
    let id = def.rate_of.unwrap_or(def.id);
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

/// `workers_above_caseload_threshold`: a member per allocated worker (the first of their
/// children's rows, in list order), counting when they hold more children than the threshold;
/// the measure is how many they hold.
pub(in crate::indicator) fn workers_above_threshold(
    c: &Ctx<'_>,
    _def: &Definition,
    _p: &Period,
    out: &mut Vec<Member>,
) {
    let mut held: Vec<(&str, u8, usize, i64)> = Vec::new();
    let mut at: rustc_hash::FxHashMap<&str, usize> = rustc_hash::FxHashMap::default();
    for &(list, i) in c.open_children() {
        let Some(r) = c.list(list).get(i) else {
            continue;
        };
        let worker = c.worker(list, r);
        let Some(w) = worker.filter(|_| !unallocated(worker)) else {
            continue;
        };
        match at.get(w) {
            Some(&k) => {
                if let Some(h) = held.get_mut(k) {
                    h.3 += 1;
                }
            }
            None => {
                at.insert(w, held.len());
                held.push((w, list, i, 1));
            }
        }
    }
    let threshold = i64::from(c.settings.caseload_threshold);
    out.extend(
        held.into_iter()
            .map(|(_, list, i, n)| Member::counts(list, i, n > threshold, Some(n))),
    );
}

/// The measures from another source than Annex A (the workforce returns, the practice
/// audits): no Annex A row counts for them ([`crate::workforce::observations`] and
/// [`crate::practice::observations`] work them out).
pub(in crate::indicator) fn from_another_source(
    _c: &Ctx<'_>,
    _def: &Definition,
    _p: &Period,
    _out: &mut Vec<Member>,
) {
}
