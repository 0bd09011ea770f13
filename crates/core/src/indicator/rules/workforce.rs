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
