//! Disclosure control, the rule itself (decision 0014): which figures a reader without
//! child-level access may not see, so that no count of 1 to 5 children reaches them directly,
//! as the remainder of an "n of d", or by subtracting the cells they can see from a total.
//!
//! The rule, after the GSS practice the DfE follows (`shared/design/disclosure.md`):
//! 1. **Primary.** A cell is hidden when a count in it is from 1 to the small-number setting:
//!    its numerator (a count of children), its denominator, or the remainder `d − n`.
//! 2. **Secondary.** The cells of one breakdown (one dimension of one figure) are taken to add
//!    up to the headline. When exactly one of them is hidden, the next smallest visible cell
//!    (a non-zero one first) is hidden too, so neither can be worked out by subtraction.
//! 3. **Zero is not small.** A zero stays 0.
//!
//! This module only decides. `sightline-app` applies the decision to every output, and a
//! hidden cell leaves it with no number at all.

use serde::Serialize;

use crate::indicator::Unit;

/// Why a figure is not shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// A count of 1 to the small-number setting.
    Small,
    /// The remainder of an "n of d" is 1 to the small-number setting.
    Remainder,
    /// Hidden so that another hidden cell cannot be worked out by subtraction.
    Secondary,
}

impl Reason {
    /// The reason in words, for the reader.
    pub fn sentence(self) -> &'static str {
        match self {
            Reason::Small => "suppressed: a count of 1 to 5 children",
            Reason::Remainder => "suppressed: it would leave 1 to 5 children by subtraction",
            Reason::Secondary => {
                "suppressed: it would let a suppressed figure be worked out by subtraction"
            }
        }
    }
}

/// The counts of one cell as the disclosure rule sees them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// The cell's unit, which says which of its numbers count children.
    pub unit: Unit,
    /// The numerator (for a mean, the days it adds up).
    pub numerator: i64,
    /// The denominator, when there is one.
    pub denominator: Option<i64>,
}

impl Counts {
    /// The counts of children this cell shows: what primary suppression looks at.
    fn child_counts(self) -> ([Option<i64>; 2], Option<i64>) {
        match self.unit {
            // n of d: the numerator, the denominator, and the remainder d − n.
            Unit::Pct => (
                [Some(self.numerator), self.denominator],
                self.denominator.map(|d| d - self.numerator),
            ),
            // A mean of days: the days are not children; the denominator is.
            Unit::Days | Unit::MedianDays => ([self.denominator, None], None),
            // A count, a rate of the population, children per worker: the numerator.
            Unit::Count | Unit::Per10k | Unit::Ratio => ([Some(self.numerator), None], None),
        }
    }

    /// The cell's size, for choosing the next smallest cell.
    fn size(self) -> i64 {
        match self.unit {
            Unit::Pct | Unit::Days | Unit::MedianDays => self.denominator.unwrap_or(self.numerator),
            Unit::Count | Unit::Per10k | Unit::Ratio => self.numerator,
        }
    }
}

/// Below this many children behind it, a percentage or mean moves by whole points with one
/// child: it is shown, marked as one to read with care (DfE's `u`, low reliability).
pub const CAREFUL_BELOW: i64 = 20;

/// Whether a shown figure rests on so few children that one child moves it a long way.
pub fn read_with_care(c: Counts) -> bool {
    match c.unit {
        Unit::Pct | Unit::Days | Unit::MedianDays => c
            .denominator
            .is_some_and(|d| (1..CAREFUL_BELOW).contains(&d)),
        Unit::Count | Unit::Per10k | Unit::Ratio => false,
    }
}

/// Primary suppression of one cell, with `small` the small-number setting (5).
pub fn primary(small: i64, c: Counts) -> Option<Reason> {
    let is_small = |n: i64| (1..=small).contains(&n);
    let (counts, remainder) = c.child_counts();
    if counts.into_iter().flatten().any(is_small) {
        Some(Reason::Small)
    } else if remainder.is_some_and(is_small) {
        Some(Reason::Remainder)
    } else {
        None
    }
}

/// Which cells of one breakdown are hidden, and why: primary suppression of every cell, then
/// secondary suppression so that a breakdown never has exactly one hidden cell.
///
/// The cells are taken to add up to the breakdown's headline, which a reader may know. With
/// two or more cells hidden, only their sum can be worked out, never one of them.
pub fn breakdown(small: i64, cells: &[Counts]) -> Vec<Option<Reason>> {
    let mut hidden: Vec<Option<Reason>> = cells.iter().map(|c| primary(small, *c)).collect();
    if hidden.iter().filter(|h| h.is_some()).count() == 1 {
        // The next smallest visible cell: a non-zero one before a zero.
        let next = cells
            .iter()
            .enumerate()
            .filter(|(i, _)| hidden[*i].is_none())
            .min_by_key(|(i, c)| (c.size() == 0, c.size(), *i))
            .map(|(i, _)| i);
        if let Some(i) = next {
            hidden[i] = Some(Reason::Secondary);
        }
    }
    hidden
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn pct(n: i64, d: i64) -> Counts {
        Counts {
            unit: Unit::Pct,
            numerator: n,
            denominator: Some(d),
        }
    }

    fn count(n: i64) -> Counts {
        Counts {
            unit: Unit::Count,
            numerator: n,
            denominator: None,
        }
    }

    #[test]
    fn primary_looks_at_numerator_denominator_and_remainder() {
        assert_eq!(primary(5, count(0)), None, "zero is not small");
        assert_eq!(primary(5, count(1)), Some(Reason::Small));
        assert_eq!(primary(5, count(5)), Some(Reason::Small));
        assert_eq!(primary(5, count(6)), None);
        // "Priya Smith 50%, 5 of 10": the numerator is 5.
        assert_eq!(primary(5, pct(5, 10)), Some(Reason::Small));
        // "31 of 32" leaves 1 child.
        assert_eq!(primary(5, pct(31, 32)), Some(Reason::Remainder));
        assert_eq!(primary(5, pct(0, 3)), Some(Reason::Small));
        assert_eq!(
            primary(5, pct(20, 20)),
            None,
            "a remainder of 0 is not small"
        );
        assert_eq!(primary(5, pct(20, 26)), None);
        // A mean of days: 4 children behind it, whatever the days.
        let days = Counts {
            unit: Unit::Days,
            numerator: 300,
            denominator: Some(4),
        };
        assert_eq!(primary(5, days), Some(Reason::Small));
        // A rate per 10,000: the children counted, not the population.
        let rate = Counts {
            unit: Unit::Per10k,
            numerator: 3,
            denominator: Some(60_000),
        };
        assert_eq!(primary(5, rate), Some(Reason::Small));
    }

    #[test]
    fn a_small_denominator_is_read_with_care() {
        assert!(read_with_care(pct(10, 12)));
        assert!(read_with_care(pct(19, 19)));
        assert!(!read_with_care(pct(19, 20)));
        assert!(
            !read_with_care(pct(0, 0)),
            "no children: no figure to doubt"
        );
        assert!(!read_with_care(count(3)));
    }

    #[test]
    fn one_hidden_cell_takes_the_next_smallest_with_it() {
        // The case: s47 134 in total, Female 55, Male 77, Not stated 2.
        let cells = [count(55), count(77), count(2)];
        assert_eq!(
            breakdown(5, &cells),
            vec![Some(Reason::Secondary), None, Some(Reason::Small)]
        );
        // A zero is taken only when no non-zero cell is left.
        let cells = [count(0), count(40), count(3)];
        assert_eq!(
            breakdown(5, &cells),
            vec![None, Some(Reason::Secondary), Some(Reason::Small)]
        );
        let cells = [count(0), count(3)];
        assert_eq!(
            breakdown(5, &cells),
            vec![Some(Reason::Secondary), Some(Reason::Small)]
        );
        // Two hidden already: nothing more.
        let cells = [count(2), count(4), count(50)];
        assert_eq!(
            breakdown(5, &cells),
            vec![Some(Reason::Small), Some(Reason::Small), None]
        );
        // None hidden: nothing hidden.
        assert_eq!(breakdown(5, &[count(6), count(9)]), vec![None, None]);
    }

    #[test]
    fn a_single_cell_breakdown_is_hidden_with_its_headline() {
        assert_eq!(breakdown(5, &[count(4)]), vec![Some(Reason::Small)]);
    }

    fn recoverable(cells: &[Counts], hidden: &[Option<Reason>]) -> bool {
        // The headline minus the visible cells gives the hidden cells' sum; one hidden cell
        // is then known exactly.
        hidden.iter().filter(|h| h.is_some()).count() == 1 && cells.len() > 1
    }

    proptest! {
        /// The property `shared/design/disclosure.md` asks for: random breakdowns of 2 to 8
        /// cells with counts 0 to 50; after suppression no visible count or remainder is 1 to
        /// 5, and no hidden cell can be recovered from the headline and the visible cells.
        #[test]
        fn nothing_small_is_visible_or_recoverable(
            raw in proptest::collection::vec((0i64..=50, 0i64..=50), 2..=8),
            as_pct in any::<bool>(),
        ) {
            let cells: Vec<Counts> = raw
                .iter()
                .map(|&(a, b)| if as_pct { pct(a.min(b), a.max(b)) } else { count(a) })
                .collect();
            let hidden = breakdown(5, &cells);
            for (c, h) in cells.iter().zip(&hidden) {
                if h.is_none() {
                    prop_assert!(!(1..=5).contains(&c.numerator) || c.unit == Unit::Days);
                    if let Some(d) = c.denominator {
                        prop_assert!(!(1..=5).contains(&d));
                        prop_assert!(!(1..=5).contains(&(d - c.numerator)));
                    }
                }
            }
            prop_assert!(!recoverable(&cells, &hidden));
            // Every hidden numerator sum is shared by at least two cells.
            let headline: i64 = cells.iter().map(|c| c.numerator).sum();
            let visible: i64 = cells.iter().zip(&hidden).filter(|(_, h)| h.is_none()).map(|(c, _)| c.numerator).sum();
            let unknown = hidden.iter().filter(|h| h.is_some()).count();
            prop_assert!(unknown != 1, "headline {} − visible {} would give the hidden cell", headline, visible);
        }
    }
}
