//! The computations of the board pack's adoption timeliness.
//!
//! Each says, for a period, which rows count and how (see [`super::super::compute`]).

#[allow(clippy::wildcard_imports)]
use super::*;

/// `adoption_a1_avg_days`, `adoption_a2_avg_days`, `adoption_a10_avg_days`.
pub(in crate::indicator) fn adoption_timeliness(
    c: &Ctx<'_>,
    def: &Definition,
    p: &Period,
    out: &mut Vec<Member>,
) {
    let id = def.rate_of.unwrap_or(def.id);
    adoption(c, p, id, out);
}
