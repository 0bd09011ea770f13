//! Practice audits: the monthly audit of children's case files, each graded on Ofsted's
//! four-point scale with a theme, and the catalogue's figures worked out from them (decision
//! 0031). The child is kept as its pseudonym, as in extracts.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::indicator::{Breakdown, Definition, Dimension, Observation};
use crate::inspection::Grade;

/// One case file audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseAudit {
    /// The child (pseudonymised when loaded so).
    pub child: String,
    /// The day the audit was completed.
    pub date: Date,
    /// The team holding the case.
    pub team: String,
    /// The allocated worker, when given.
    pub worker: Option<String>,
    /// Who audited it.
    pub auditor: String,
    /// The grade on Ofsted's four-point scale.
    pub grade: Grade,
    /// The theme of the audit ("Front door", "Neglect", "Care planning").
    pub theme: String,
}

impl CaseAudit {
    /// Whether graded good or outstanding.
    pub fn good_or_better(&self) -> bool {
        matches!(self.grade, Grade::Outstanding | Grade::Good)
    }
}

/// Whether an audit counts in an indicator's numerator.
type Counts = fn(&CaseAudit) -> bool;

/// The catalogue's indicators worked out from the audits, each with what counts in its
/// numerator.
const INDICATORS: [(&str, Counts); 2] = [
    ("audits_good_or_better_pct", CaseAudit::good_or_better),
    ("audits_inadequate_pct", |a| a.grade == Grade::Inadequate),
];

fn pct(numerator: i64, denominator: i64) -> Option<f64> {
    (denominator > 0).then(|| {
        // Counts of audits are far below f64's exact range.
        (numerator as f64 / denominator as f64 * 1000.0).round() / 10.0
    })
}

/// Every month's figure of one of the catalogue's practice audit indicators, oldest first:
/// `as-at` the month's last day, over the audits completed in it, broken down by team and by
/// theme. Breakdown cells from 1 to `small` are marked small. Empty for any other indicator.
pub fn observations(
    def: &'static Definition,
    audits: &[CaseAudit],
    small: u32,
) -> Vec<(Date, Observation)> {
    let Some((_, counts)) = INDICATORS.iter().find(|(id, _)| *id == def.id) else {
        return Vec::new();
    };
    let mut by_month: BTreeMap<Date, Vec<&CaseAudit>> = BTreeMap::new();
    for a in audits {
        by_month.entry(a.date.last_of_month()).or_default().push(a);
    }
    let small = i64::from(small);
    by_month
        .into_iter()
        .map(|(month, these)| {
            let tally = |keep: &dyn Fn(&CaseAudit) -> bool| {
                let all: Vec<&&CaseAudit> = these.iter().filter(|a| keep(a)).collect();
                let n = all.iter().filter(|a| counts(a)).count() as i64;
                (n, all.len() as i64)
            };
            let mut breakdowns = Vec::new();
            for (dimension, key_of) in [
                (
                    Dimension::Team,
                    (|a: &CaseAudit| a.team.clone()) as fn(&CaseAudit) -> String,
                ),
                (Dimension::Theme, |a: &CaseAudit| a.theme.clone()),
            ] {
                let mut keys: Vec<String> = these.iter().map(|a| key_of(a)).collect();
                keys.sort();
                keys.dedup();
                for key in keys {
                    let (n, d) = tally(&|a| key_of(a) == key);
                    breakdowns.push(Breakdown {
                        dimension,
                        value: pct(n, d),
                        numerator: n,
                        denominator: Some(d),
                        suppressed: (1..=small).contains(&n) || (1..=small).contains(&(d - n)),
                        key,
                    });
                }
            }
            let (n, d) = tally(&|_| true);
            (
                month,
                Observation {
                    id: def.id,
                    period: "as-at".to_string(),
                    partial: false,
                    value: pct(n, d),
                    numerator: n,
                    denominator: Some(d),
                    excluded: 0,
                    excluded_reasons: BTreeMap::new(),
                    reason: None,
                    unit: def.unit,
                    polarity: def.polarity,
                    standards: Vec::new(),
                    breakdowns,
                },
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn audit(d: Date, team: &str, grade: Grade, theme: &str) -> CaseAudit {
        CaseAudit {
            child: "p-1".into(),
            date: d,
            team: team.into(),
            worker: None,
            auditor: "A. Auditor".into(),
            grade,
            theme: theme.into(),
        }
    }

    #[test]
    fn audits_good_or_better_by_month_team_and_theme() {
        use Grade::{Good, Inadequate, Outstanding, RequiresImprovement as Ri};
        let def = crate::indicator::definition("audits_good_or_better_pct").expect("catalogue");
        let all = [
            // February 2028 (a leap year): 29 February counts in February.
            audit(date(2028, 2, 29), "Front Door", Good, "Neglect"),
            audit(date(2028, 2, 1), "Front Door", Ri, "Neglect"),
            audit(
                date(2028, 2, 15),
                "Court Team",
                Outstanding,
                "Care planning",
            ),
            // 1 March is March's.
            audit(date(2028, 3, 1), "Court Team", Inadequate, "Care planning"),
        ];
        let months = observations(def, &all, 5);
        assert_eq!(months.len(), 2);
        let (m, feb) = &months[0];
        assert_eq!(*m, date(2028, 2, 29));
        // 2 of 3 good or better: 66.7%.
        assert_eq!(
            (feb.value, feb.numerator, feb.denominator),
            (Some(66.7), 2, Some(3))
        );
        let cells: Vec<(Dimension, &str, Option<f64>)> = feb
            .breakdowns
            .iter()
            .map(|b| (b.dimension, b.key.as_str(), b.value))
            .collect();
        assert_eq!(
            cells,
            vec![
                (Dimension::Team, "Court Team", Some(100.0)),
                (Dimension::Team, "Front Door", Some(50.0)),
                (Dimension::Theme, "Care planning", Some(100.0)),
                (Dimension::Theme, "Neglect", Some(50.0)),
            ]
        );
        assert_eq!(months[1].1.value, Some(0.0));
        let inadequate = crate::indicator::definition("audits_inadequate_pct").expect("catalogue");
        assert_eq!(observations(inadequate, &all, 5)[1].1.value, Some(100.0));
        let other = crate::indicator::definition("caseload_avg").expect("catalogue");
        assert!(observations(other, &all, 5).is_empty());
    }
}
