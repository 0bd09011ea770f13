//! Deterministic synthetic authorities for the demo, tests and benchmarks.
//!
//! Northfield is fictional: its DfE code, 999, is one the DfE does not use, its statistical
//! neighbours are real authorities (Leicester's), and its inspection journey is the common
//! one after an inadequate judgement. Nothing here describes a real council or a real child.
//!
//! ```
//! let n = sightline_synth::northfield();
//! assert_eq!(n.code.to_string(), "999");
//! assert!(sightline_synth::northfield_journey().len() >= 6);
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

use jiff::civil::{Date, date};
use sightline_core::authority::{Authority, LaCode};
use sightline_core::inspection::{
    Addressee, Area, Framework, Grade, Inspection, InspectionKind, Judgement, Recommendation,
};

/// The demo authority's DfE code (unused by the DfE).
pub const NORTHFIELD: LaCode = LaCode(999);

/// Northfield, the fictional demo authority.
pub fn northfield() -> Authority {
    Authority {
        code: NORTHFIELD,
        ons_code: "E06999999".into(),
        name: "Northfield".into(),
        also_known_as: vec!["Northfield City Council (demo)".into()],
        region_code: "E12000004".into(),
        region_name: "East Midlands".into(),
        // Leicester's ten statistical neighbours, so the demo compares with real grades.
        neighbours: [821, 871, 304, 316, 333, 380, 307, 313, 330, 889]
            .into_iter()
            .map(LaCode)
            .collect(),
        population_0_25: Some(118_400),
        la_type: "Unitary Authority (fictional)".into(),
    }
}

fn event(kind: InspectionKind, start: Date, end: Option<Date>) -> Inspection {
    Inspection {
        id: None,
        authority: NORTHFIELD,
        kind,
        framework: None,
        start_date: start,
        end_date: end,
        published: None,
        lead_inspector: None,
        summary: None,
        source: Some("synthetic".into()),
        judgements: vec![],
        recommendations: vec![],
    }
}

fn graded(judgements: &[(Area, Grade)]) -> Vec<Judgement> {
    judgements
        .iter()
        .map(|&(area, grade)| Judgement { area, grade })
        .collect()
}

fn recommendations(texts: &[&str], priority: bool) -> Vec<Recommendation> {
    Recommendation::numbered(texts, Addressee::LocalAuthority, priority, 1)
}

/// Northfield's inspections from 2015: inadequate, monitoring visits, requires improvement,
/// good, a focused visit, an annual engagement meeting and requires improvement in 2024.
pub fn northfield_journey() -> Vec<Inspection> {
    use Area::*;
    use Grade::*;
    vec![
        Inspection {
            framework: Some(Framework::Sif2013),
            lead_inspector: Some("A. Inspector".into()),
            published: Some(date(2015, 4, 24)),
            judgements: graded(&[
                (OverallEffectiveness, Inadequate),
                (HelpAndProtection, Inadequate),
                (LookedAfterAndPermanence, RequiresImprovement),
                (AdoptionPerformance, Good),
                (CareLeavers, RequiresImprovement),
                (LeadershipManagementGovernance, Inadequate),
                (Lscb, RequiresImprovement),
            ]),
            recommendations: recommendations(
                &[
                    "Put in place an effective performance management framework with reliable data.",
                    "Ensure that all staff receive regular reflective supervision.",
                    "Improve the quality and timeliness of assessments.",
                ],
                false,
            ),
            ..event(
                InspectionKind::Sif,
                date(2015, 2, 2),
                Some(date(2015, 2, 26)),
            )
        },
        Inspection {
            summary: Some("Progress in the front door; supervision still irregular.".into()),
            ..event(
                InspectionKind::MonitoringVisit,
                date(2015, 10, 6),
                Some(date(2015, 10, 7)),
            )
        },
        Inspection {
            summary: Some("Assessment timeliness improved; plans not yet SMART.".into()),
            ..event(
                InspectionKind::MonitoringVisit,
                date(2016, 5, 10),
                Some(date(2016, 5, 11)),
            )
        },
        Inspection {
            framework: Some(Framework::Sif2013),
            published: Some(date(2017, 9, 1)),
            judgements: graded(&[
                (OverallEffectiveness, RequiresImprovement),
                (HelpAndProtection, RequiresImprovement),
                (LookedAfterAndPermanence, RequiresImprovement),
                (AdoptionPerformance, Good),
                (CareLeavers, RequiresImprovement),
                (LeadershipManagementGovernance, Good),
            ]),
            recommendations: recommendations(
                &[
                    "Improve the quality of social work assessments so that they are consistently good.",
                ],
                false,
            ),
            ..event(
                InspectionKind::Sif,
                date(2017, 6, 19),
                Some(date(2017, 7, 13)),
            )
        },
        Inspection {
            framework: Some(Framework::Ilacs2018),
            judgements: graded(&[
                (ImpactOfLeaders, Good),
                (HelpAndProtection, Good),
                (ChildrenInCareAndCareLeavers, Good),
                (OverallEffectiveness, Good),
            ]),
            recommendations: recommendations(
                &["The consistency of the recording of management oversight."],
                false,
            ),
            ..event(
                InspectionKind::Standard,
                date(2021, 9, 20),
                Some(date(2021, 10, 1)),
            )
        },
        Inspection {
            summary: Some("Focused visit: the front door. Thresholds well understood.".into()),
            recommendations: recommendations(
                &["The timeliness of strategy discussions out of hours."],
                false,
            ),
            ..event(
                InspectionKind::FocusedVisit,
                date(2023, 3, 7),
                Some(date(2023, 3, 8)),
            )
        },
        Inspection {
            summary: Some(
                "Self-evaluation discussed; next inspection expected within the window.".into(),
            ),
            ..event(
                InspectionKind::AnnualEngagementMeeting,
                date(2024, 1, 23),
                None,
            )
        },
        Inspection {
            framework: Some(Framework::Ilacs2023),
            lead_inspector: Some("B. Inspector".into()),
            judgements: graded(&[
                (ImpactOfLeaders, RequiresImprovement),
                (HelpAndProtection, RequiresImprovement),
                (ChildrenInCare, Good),
                (CareLeavers, RequiresImprovement),
                (OverallEffectiveness, RequiresImprovement),
            ]),
            recommendations: recommendations(
                &[
                    "The range and accuracy of information used by leaders to evaluate performance.",
                    "The timeliness and robustness of responses to contacts and referrals.",
                    "The quality and consistency of care plans and pathway plans.",
                    "Support for care leavers who are reluctant to accept help.",
                ],
                false,
            ),
            ..event(
                InspectionKind::Short,
                date(2024, 9, 23),
                Some(date(2024, 9, 27)),
            )
        },
    ]
}
