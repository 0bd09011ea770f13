//! Breakdowns: a figure split by team, worker, age band, gender, ethnicity and disability,
//! from keys interned once per extract.

use rustc_hash::{FxHashMap, FxHashSet};

use super::compute::Member;
use super::context::{Ctx, NONE, code, text};
use super::figure::{Breakdown, Dimension};
use super::period::Period;
use super::{Definition, Unit};
use crate::annex_a;

/// Breakdown keys interned once per extract: for every row, its cell in each dimension
/// (`NONE` where the list has no such field). Ages are at the as-at date.
pub(super) struct Keys<'a> {
    pub(super) names: Vec<(Dimension, &'a str)>,
    pub(super) rows: Vec<Vec<[u32; 6]>>,
}

/// A breakdown cell's dimension and key.
pub(super) type BreakdownKey<'k> = (Dimension, &'k str);

impl<'a> Ctx<'a> {
    fn keys(&self) -> &Keys<'a> {
        self.keys.get_or_init(|| {
            let mut interned: FxHashMap<(Dimension, &'a str), u32> = FxHashMap::default();
            let mut names: Vec<(Dimension, &'a str)> = Vec::new();
            let mut intern = |dim: Dimension, key: &'a str| -> u32 {
                *interned.entry((dim, key)).or_insert_with(|| {
                    names.push((dim, key));
                    u32::try_from(names.len() - 1).unwrap_or(NONE)
                })
            };
            // Raw cell text to its interned cell, per dimension: a file has few spellings.
            let mut memo: [FxHashMap<&'a str, u32>; 6] = Default::default();
            let mut rows = Vec::with_capacity(11);
            for l in 1..=11u8 {
                let c = self.common(l);
                let has = |i: usize| i != usize::MAX;
                let mut list_rows: Vec<[u32; 6]> = Vec::with_capacity(self.list(l).len());
                for r in self.list(l) {
                    let mut ids = [NONE; 6];
                    if let Some(t) = text(r, c.team) {
                        ids[0] = *memo[0]
                            .entry(t)
                            .or_insert_with(|| intern(Dimension::Team, t));
                    }
                    if let Some(w) = text(r, c.worker) {
                        ids[1] = *memo[1]
                            .entry(w)
                            .or_insert_with(|| intern(Dimension::Worker, w));
                    }
                    if let Some(a) = self.age(l, r, self.as_at) {
                        let band = age_band(l, a);
                        ids[2] = *memo[2]
                            .entry(band)
                            .or_insert_with(|| intern(Dimension::AgeBand, band));
                    }
                    if has(c.gender) {
                        let g = code(r, c.gender);
                        ids[3] = *memo[3].entry(g.unwrap_or("")).or_insert_with(|| {
                            intern(
                                Dimension::Gender,
                                match g {
                                    Some("a) Male") => "Male",
                                    Some("b) Female") => "Female",
                                    Some("d) Neither") => "Neither",
                                    _ => "Not stated",
                                },
                            )
                        });
                    }
                    if has(c.ethnicity) {
                        let e = code(r, c.ethnicity);
                        ids[4] = *memo[4].entry(e.unwrap_or("")).or_insert_with(|| {
                            intern(Dimension::Ethnicity, annex_a::ethnicity_group_of(e))
                        });
                    }
                    if has(c.disability) {
                        let d = code(r, c.disability);
                        ids[5] = *memo[5].entry(d.unwrap_or("")).or_insert_with(|| {
                            intern(
                                Dimension::Disability,
                                match d {
                                    Some("a) Yes") => "Yes",
                                    Some("b) No") => "No",
                                    _ => "Not recorded",
                                },
                            )
                        });
                    }
                    list_rows.push(ids);
                }
                rows.push(list_rows);
            }
            Keys { names, rows }
        })
    }

    pub(super) fn breakdowns(
        &self,
        def: &Definition,
        _period: &Period,
        members: &[Member],
    ) -> Vec<Breakdown> {
        let k = self.keys();
        // (numerator, denominator, counted) per interned key.
        let mut acc: Vec<(i64, i64, bool)> = vec![(0, 0, false); k.names.len()];
        let mut workers: FxHashMap<u32, FxHashSet<u32>> = FxHashMap::default();
        for m in members.iter().filter(|m| m.excluded.is_none()) {
            let Some(ids) = k.rows[usize::from(m.list) - 1].get(m.index) else {
                continue;
            };
            for &id in ids.iter().filter(|id| **id != NONE) {
                let cell = &mut acc[id as usize];
                cell.0 += m.numerator;
                cell.1 += i64::from(m.denominator);
                cell.2 = true;
                if def.unit == Unit::Ratio && m.numerator > 0 && ids[1] != NONE {
                    workers.entry(id).or_default().insert(ids[1]);
                }
            }
        }
        let mut cells: Vec<(BreakdownKey<'_>, (i64, i64, usize))> = acc
            .iter()
            .enumerate()
            .filter(|(_, c)| c.2)
            .map(|(id, c)| {
                let w = u32::try_from(id)
                    .ok()
                    .and_then(|i| workers.get(&i))
                    .map_or(0, FxHashSet::len);
                (k.names[id], (c.0, c.1, w))
            })
            .collect();
        let dim = |d: Dimension| d;
        // Age bands in age order, everything else alphabetically.
        let band = |k: &str| AGE_BANDS.iter().position(|b| *b == k).unwrap_or(0);
        cells.sort_unstable_by(|a, b| {
            (dim(a.0.0), band(a.0.1), a.0.1).cmp(&(dim(b.0.0), band(b.0.1), b.0.1))
        });
        let small = i64::from(self.settings.small_number);
        cells
            .into_iter()
            .map(|((dim, key), (num, den, workers))| {
                let denominator = match def.unit {
                    Unit::Count => None,
                    Unit::Per10k => self.settings.population.map(i64::from),
                    Unit::Ratio => Some(workers as i64),
                    _ => Some(den),
                };
                let (value, _) = match def.unit {
                    // A rate for one team of the authority's population means little; a
                    // median is not a sum, so a cell has its count but no median here.
                    Unit::Per10k | Unit::MedianDays => (None, None),
                    _ => self.value(def, num, denominator),
                };
                let size = match def.unit {
                    Unit::Pct | Unit::Days | Unit::MedianDays => den,
                    _ => num,
                };
                Breakdown {
                    dimension: dim,
                    key: key.to_string(),
                    value,
                    numerator: num,
                    denominator,
                    suppressed: (1..=small).contains(&size),
                }
            })
            .collect()
    }
}

/// Every age band, youngest first (children, then care leavers).
pub(super) const AGE_BANDS: [&str; 10] = [
    "under 1", "1-4", "5-9", "10-15", "16-17", "18+", "under 17", "17-18", "19-21", "22-25",
];

pub(super) fn age_band(list: u8, age: i64) -> &'static str {
    if list == 9 {
        return match age {
            ..=16 => "under 17",
            17..=18 => "17-18",
            19..=21 => "19-21",
            _ => "22-25",
        };
    }
    match age {
        ..=0 => "under 1",
        1..=4 => "1-4",
        5..=9 => "5-9",
        10..=15 => "10-15",
        16..=17 => "16-17",
        _ => "18+",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_band_is_listed_in_order() {
        for age in -1..30 {
            assert!(AGE_BANDS.contains(&age_band(1, age)));
            assert!(AGE_BANDS.contains(&age_band(9, age)));
        }
    }

    #[test]
    fn age_bands() {
        assert_eq!(age_band(1, -1), "under 1");
        assert_eq!(age_band(1, 0), "under 1");
        assert_eq!(age_band(1, 15), "10-15");
        assert_eq!(age_band(1, 16), "16-17");
        assert_eq!(age_band(9, 21), "19-21");
        assert_eq!(age_band(9, 22), "22-25");
    }
}
