//! The disclosure layer: every figure that leaves Sightline passes through here on its way to a
//! page, the API, a CSV, the command line or a document (decision 0014).
//!
//! Who sees what is decided by the reader's [`Audience`]. Roles with child-level access
//! (managers, analysts, admins) see every figure as computed. Everyone else (viewers, and any
//! output marked public) gets the figures after primary and secondary suppression
//! ([`sightline_core::disclosure`]), with no worker named, and a suppressed figure carries no
//! number in any form: it is [`Disclosed::Suppressed`], never a number with a flag.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;
use sightline_core::access::Role;
use sightline_core::disclosure::{self as rule, Counts, Reason};
use sightline_core::indicator::{
    Breakdown, DEFINITION_VERSION, Dimension, ExtractFigure, Observation, Polarity, Unit,
};

/// Who an output is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Audience {
    /// Roles allowed child-level data: figures as computed, workers named.
    ChildLevel,
    /// Viewers and public outputs: suppressed figures, team level and above.
    Aggregate,
}

impl Audience {
    /// The audience of a signed-in role; `None` (nobody signed in, or a public output) is
    /// [`Audience::Aggregate`].
    pub fn of(role: Option<Role>) -> Self {
        match role.and_then(Role::child_level) {
            Some(_) => Audience::ChildLevel,
            None => Audience::Aggregate,
        }
    }

    /// Whether workers may be named, with their counts.
    pub fn sees_workers(self) -> bool {
        self == Audience::ChildLevel
    }
}

impl From<Role> for Audience {
    fn from(role: Role) -> Self {
        Audience::of(Some(role))
    }
}

/// A figure's numbers, when they may be shown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Numbers {
    /// The value (a percentage, rate, mean or count).
    pub value: Option<f64>,
    /// The numerator.
    pub numerator: i64,
    /// The denominator (none for a count).
    pub denominator: Option<i64>,
}

/// What a suppressed figure says instead of its numbers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Withheld {
    /// Always true: the figure is suppressed.
    pub suppressed: bool,
    /// Why, in words.
    pub reason: &'static str,
}

impl Withheld {
    fn new(reason: Reason) -> Self {
        Withheld {
            suppressed: true,
            reason: reason.sentence(),
        }
    }
}

/// A figure as its reader may see it: its numbers, or the reason they are withheld.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Disclosed {
    /// Shown.
    Shown(Numbers),
    /// Suppressed: `c`, with no number in any form.
    Suppressed(Withheld),
}

impl Disclosed {
    /// The numbers, when shown.
    pub fn numbers(&self) -> Option<&Numbers> {
        match self {
            Disclosed::Shown(n) => Some(n),
            Disclosed::Suppressed(_) => None,
        }
    }

    /// The value, when shown and computed.
    pub fn value(&self) -> Option<f64> {
        self.numbers().and_then(|n| n.value)
    }

    /// Whether the figure is suppressed.
    pub fn is_suppressed(&self) -> bool {
        matches!(self, Disclosed::Suppressed(_))
    }
}

/// A count (rows left out of a figure) as its reader may see it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Count {
    /// Shown.
    Shown(i64),
    /// Suppressed.
    Suppressed(Withheld),
}

impl Count {
    fn of(audience: Audience, small: i64, n: i64) -> Self {
        if audience == Audience::Aggregate && (1..=small).contains(&n) {
            Count::Suppressed(Withheld::new(Reason::Small))
        } else {
            Count::Shown(n)
        }
    }

    /// The count as text: the number, or `c`.
    pub fn text(&self) -> String {
        match self {
            Count::Shown(n) => n.to_string(),
            Count::Suppressed(_) => "c".to_string(),
        }
    }
}

/// One cell of a breakdown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    /// What the figure is split by (`worker` for child-level roles only).
    pub dimension: Dimension,
    /// The team, worker, band or group.
    pub key: String,
    /// The cell's numbers, or why not.
    #[serde(flatten)]
    pub figure: Disclosed,
}

/// One stored figure as its reader may see it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// Indicator id.
    pub indicator: String,
    /// The stored extract it came from (none for a file read without storing it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extract_id: Option<i64>,
    /// The extract's as-at date.
    pub as_at: Date,
    /// `window`, `YYYY-MM` or `as-at`.
    pub period: String,
    /// A partly covered month.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub partial: bool,
    /// The numbers, or why they are withheld.
    #[serde(flatten)]
    pub figure: Disclosed,
    /// Shown, but on fewer than 20 children: one child moves it by whole points (DfE's `u`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub read_with_care: bool,
    /// Rows left out of the figure.
    pub excluded: Count,
    /// Why there is no value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The settings in force that change the figure, in words.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub standards: Vec<String>,
    /// Why rows were left out, with how many each (child-level roles only).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub excluded_reasons: BTreeMap<String, i64>,
    /// The breakdowns.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub breakdowns: Vec<Cell>,
    /// Unit.
    pub unit: Unit,
    /// Polarity.
    pub polarity: Polarity,
    /// The definitions' version it was computed with.
    pub definition_version: String,
}

/// The disclosed headline and breakdowns of an observation.
fn disclose(
    audience: Audience,
    small: i64,
    o: &Observation,
    with_breakdowns: bool,
) -> (Disclosed, Count, BTreeMap<String, i64>, Vec<Cell>) {
    let numbers = |value, numerator, denominator| Numbers {
        value,
        numerator,
        denominator,
    };
    let excluded = i64::try_from(o.excluded).unwrap_or(i64::MAX);
    let cells: &[Breakdown] = if with_breakdowns { &o.breakdowns } else { &[] };
    if audience == Audience::ChildLevel {
        let cells = cells
            .iter()
            .map(|c| Cell {
                dimension: c.dimension,
                key: c.key.clone(),
                figure: Disclosed::Shown(numbers(c.value, c.numerator, c.denominator)),
            })
            .collect();
        let reasons = o
            .excluded_reasons
            .iter()
            .map(|(k, v)| (k.clone(), i64::try_from(*v).unwrap_or(i64::MAX)))
            .collect();
        return (
            Disclosed::Shown(numbers(o.value, o.numerator, o.denominator)),
            Count::Shown(excluded),
            reasons,
            cells,
        );
    }
    let unit = o.unit;
    let headline = Counts {
        unit,
        numerator: o.numerator,
        denominator: o.denominator,
    };
    let shown = match rule::primary(small, headline) {
        Some(r) => Disclosed::Suppressed(Withheld::new(r)),
        None => Disclosed::Shown(numbers(o.value, o.numerator, o.denominator)),
    };
    // Workers are staff: never named to this audience. The other dimensions each pass through
    // primary and secondary suppression, cells in their stored order.
    let mut dims: Vec<(Dimension, Vec<&Breakdown>)> = Vec::new();
    for c in cells.iter().filter(|c| c.dimension != Dimension::Worker) {
        match dims.iter_mut().find(|(d, _)| *d == c.dimension) {
            Some((_, cells)) => cells.push(c),
            None => dims.push((c.dimension, vec![c])),
        }
    }
    let mut out = Vec::new();
    for (_, dim) in dims {
        let counts: Vec<Counts> = dim
            .iter()
            .map(|c| Counts {
                unit,
                numerator: c.numerator,
                denominator: c.denominator,
            })
            .collect();
        let hidden = rule::breakdown(small, &counts);
        for (c, h) in dim.into_iter().zip(hidden) {
            out.push(Cell {
                dimension: c.dimension,
                key: c.key.clone(),
                figure: match h {
                    Some(r) => Disclosed::Suppressed(Withheld::new(r)),
                    None => Disclosed::Shown(numbers(c.value, c.numerator, c.denominator)),
                },
            });
        }
    }
    (
        shown,
        Count::of(audience, small, excluded),
        // Why rows were left out, counted, is for those who can see the rows.
        BTreeMap::new(),
        out,
    )
}

/// Whether a shown figure is one to read with care (see [`rule::read_with_care`]).
fn careful(unit: Unit, figure: &Disclosed) -> bool {
    figure.numbers().is_some_and(|n| {
        rule::read_with_care(Counts {
            unit,
            numerator: n.numerator,
            denominator: n.denominator,
        })
    })
}

/// A figure for `audience`: a kept one ([`ExtractFigure`]) or one computed from a file and
/// not kept (`extract_id` none, this release's definitions), with its breakdowns when
/// `with_breakdowns`.
pub(crate) fn figure(
    audience: Audience,
    small: i64,
    kept: Kept<'_>,
    o: &Observation,
    with_breakdowns: bool,
) -> Figure {
    let (figure, excluded, excluded_reasons, breakdowns) =
        disclose(audience, small, o, with_breakdowns);
    Figure {
        read_with_care: careful(o.unit, &figure),
        indicator: o.id.to_string(),
        extract_id: kept.extract_id,
        as_at: kept.as_at,
        period: o.period.clone(),
        partial: o.partial,
        reason: o.reason.clone(),
        figure,
        excluded,
        standards: o.standards.clone(),
        excluded_reasons,
        breakdowns,
        unit: o.unit,
        polarity: o.polarity,
        definition_version: kept.definition_version.to_string(),
    }
}

/// Where a figure came from.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Kept<'a> {
    /// The stored extract (none for a file read without storing it).
    pub extract_id: Option<i64>,
    /// Its as-at date.
    pub as_at: Date,
    /// The definitions it was computed under.
    pub definition_version: &'a str,
}

impl<'a> Kept<'a> {
    /// A kept figure's provenance.
    pub fn of(f: &'a ExtractFigure) -> Self {
        Kept {
            extract_id: Some(f.extract_id),
            as_at: f.as_at,
            definition_version: &f.definition_version,
        }
    }

    /// A figure computed now, from an extract as at `as_at`.
    pub fn now(as_at: Date, extract_id: Option<i64>) -> Self {
        Kept {
            extract_id,
            as_at,
            definition_version: DEFINITION_VERSION,
        }
    }
}

/// A kept figure for `audience`, with its breakdowns.
pub(crate) fn stored_figure(audience: Audience, small: i64, f: &ExtractFigure) -> Figure {
    figure(audience, small, Kept::of(f), &f.observation, true)
}

/// Whether a kept headline may be shown to `audience` (a point of a series).
pub(crate) fn headline_value(audience: Audience, small: i64, o: &Observation) -> Option<f64> {
    if audience == Audience::Aggregate {
        let c = Counts {
            unit: o.unit,
            numerator: o.numerator,
            denominator: o.denominator,
        };
        if rule::primary(small, c).is_some() {
            return None;
        }
    }
    o.value
}

/// An alliance's figure as a regional role may see it: each member's headline is a cell of
/// the pooled total, so the members pass through primary and secondary suppression together
/// (a hidden member cannot be worked out from the pooled figure and the others), and the
/// pooled figure through primary suppression. `members` holds each member's counts and value
/// where it has the figure; the pooled counts are `pooled`.
pub(crate) fn alliance_cells(
    small: i64,
    unit: Unit,
    members: &[Option<Numbers>],
    pooled: Option<Numbers>,
) -> (Vec<Option<Disclosed>>, Option<Disclosed>) {
    let present: Vec<(usize, Counts)> = members
        .iter()
        .enumerate()
        .filter_map(|(i, n)| {
            n.as_ref().map(|n| {
                (
                    i,
                    Counts {
                        unit,
                        numerator: n.numerator,
                        denominator: n.denominator,
                    },
                )
            })
        })
        .collect();
    let counts: Vec<Counts> = present.iter().map(|(_, c)| *c).collect();
    let mut out: Vec<Option<Disclosed>> = vec![None; members.len()];
    for ((i, _), hidden) in present.iter().zip(rule::breakdown(small, &counts)) {
        out[*i] = members[*i].clone().map(|n| match hidden {
            Some(r) => Disclosed::Suppressed(Withheld::new(r)),
            None => Disclosed::Shown(n),
        });
    }
    let pooled = pooled.map(|n| {
        let c = Counts {
            unit,
            numerator: n.numerator,
            denominator: n.denominator,
        };
        match rule::primary(small, c) {
            Some(r) => Disclosed::Suppressed(Withheld::new(r)),
            None => Disclosed::Shown(n),
        }
    });
    (out, pooled)
}

/// Findings counted by owner as `audience` may see them: errors and warnings are each a
/// breakdown of the extract's totals, so each passes through primary and secondary
/// suppression.
pub(crate) fn owner_counts(
    audience: Audience,
    small: i64,
    counts: &[sightline_store::FindingCount],
) -> Vec<crate::extract::OwnerCount> {
    let hide = |get: fn(&sightline_store::FindingCount) -> i64| -> Vec<Count> {
        if audience == Audience::ChildLevel {
            return counts.iter().map(|c| Count::Shown(get(c))).collect();
        }
        let cells: Vec<Counts> = counts
            .iter()
            .map(|c| Counts {
                unit: Unit::Count,
                numerator: get(c),
                denominator: None,
            })
            .collect();
        rule::breakdown(small, &cells)
            .into_iter()
            .zip(counts)
            .map(|(h, c)| match h {
                Some(r) => Count::Suppressed(Withheld::new(r)),
                None => Count::Shown(get(c)),
            })
            .collect()
    };
    let errors = hide(|c| c.errors);
    let warnings = hide(|c| c.warnings);
    counts
        .iter()
        .zip(errors.into_iter().zip(warnings))
        .map(|(c, (errors, warnings))| crate::extract::OwnerCount {
            key: c.key.clone(),
            errors,
            warnings,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(unit: Unit, n: i64, d: Option<i64>, cells: serde_json::Value) -> Figure {
        // A real definition of the unit wanted.
        let def = sightline_core::indicator::definition(match unit {
            Unit::Pct => "assessments_within_45wd_pct",
            _ => "s47_enquiries",
        })
        .expect("defined");
        assert_eq!(def.unit, unit);
        let o = Observation {
            id: def.id,
            period: "window".into(),
            partial: false,
            value: d.map(|d| 100.0 * n as f64 / d as f64),
            numerator: n,
            denominator: d,
            excluded: 3,
            excluded_reasons: [("no date".to_string(), 3)].into(),
            reason: None,
            unit: def.unit,
            polarity: def.polarity,
            standards: vec![],
            breakdowns: serde_json::from_value(cells).expect("cells"),
        };
        figure(
            Audience::Aggregate,
            5,
            Kept::now(jiff::civil::date(2024, 1, 15), Some(1)),
            &o,
            true,
        )
    }

    #[test]
    fn a_viewer_gets_no_number_for_a_suppressed_cell() {
        let f = stored(
            Unit::Count,
            134,
            None,
            serde_json::json!([
                {"dimension": "gender", "key": "Female", "value": 55.0, "numerator": 55, "denominator": null},
                {"dimension": "gender", "key": "Male", "value": 77.0, "numerator": 77, "denominator": null},
                {"dimension": "gender", "key": "Not stated", "value": 2.0, "numerator": 2, "denominator": null},
                {"dimension": "worker", "key": "Priya Smith", "value": 5.0, "numerator": 5, "denominator": null},
            ]),
        );
        let json = serde_json::to_value(&f).expect("json");
        let cells = json["breakdowns"].as_array().expect("cells");
        assert_eq!(cells.len(), 3, "no worker for a viewer: {json}");
        assert_eq!(cells[0]["numerator"], serde_json::Value::Null);
        assert_eq!(cells[0]["suppressed"], true);
        assert_eq!(cells[1]["numerator"], 77);
        assert_eq!(
            cells[2],
            serde_json::json!({"dimension": "gender", "key": "Not stated", "suppressed": true,
                "reason": Reason::Small.sentence()})
        );
        // The three rows left out are a small count too; their reasons are not given.
        assert_eq!(json["excluded"]["suppressed"], true);
        assert!(json.get("excluded_reasons").is_none());
        assert_eq!(json["numerator"], 134);
    }

    #[test]
    fn a_headline_that_leaves_a_small_remainder_is_suppressed() {
        let f = stored(Unit::Pct, 31, Some(32), serde_json::json!([]));
        let json = serde_json::to_value(&f).expect("json");
        assert_eq!(json["suppressed"], true);
        for k in ["value", "numerator", "denominator"] {
            assert!(json.get(k).is_none(), "{k} in {json}");
        }
    }
}
