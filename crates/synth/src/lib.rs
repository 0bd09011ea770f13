//! Deterministic synthetic authorities for the demo, tests and benchmarks.
//!
//! Northfield is fictional: its DfE code, 999, is one the DfE does not use, its statistical
//! neighbours are real authorities (Leicester's), and its inspection journey is the common
//! one after an inadequate judgement, and its improvement plan has two years of progress.
//! Nothing here describes a real council or a real child.
//!
//! ```
//! let n = sightline_synth::northfield();
//! assert_eq!(n.code.to_string(), "999");
//! assert!(sightline_synth::northfield_journey().len() >= 6);
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod annex_a;
pub mod money;
pub mod national;
pub mod practice;
pub mod published;
pub mod workforce;

use jiff::civil::{Date, date};
use sightline_core::authority::{Authority, LaCode};
use sightline_core::inspection::{
    Addressee, Area, Framework, Grade, Inspection, InspectionKind, Judgement, Recommendation,
};
use sightline_core::plan::{
    Action, ActionStatus, Milestone, Override, Plan, Priority, ProgressUpdate, Target,
};
use sightline_core::rag::Rag;

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

fn update(d: Date, author: &str, text: &str, status: Option<ActionStatus>) -> ProgressUpdate {
    ProgressUpdate {
        id: None,
        date: d,
        author: author.into(),
        text: text.into(),
        status,
        entered: None,
    }
}

fn action(text: &str, lead: &str, due: Date) -> Action {
    Action {
        id: None,
        text: text.into(),
        lead: Some(lead.into()),
        due: Some(due),
        timescale_raw: None,
        milestones: vec![],
        updates: vec![],
        overrides: vec![],
    }
}

fn milestone(text: &str, due: Date, done: Option<Date>) -> Milestone {
    Milestone {
        id: None,
        text: text.into(),
        due: Some(due),
        done,
        entered: None,
    }
}

fn target(text: &str, indicator: Option<&str>) -> Target {
    Target {
        id: None,
        text: text.into(),
        indicator: indicator.map(str::to_string),
    }
}

/// Northfield's improvement plan after its 2024 inspection, answering its four
/// recommendations, with two years of progress: as at late November 2026 its actions are a mix
/// of complete, on track, at risk (due soon, no recent update), overridden, late (a missed
/// milestone) and dropped, each for a stated reason.
pub fn northfield_plan(inspection_id: Option<i64>) -> Plan {
    use ActionStatus::{Complete, Dropped, InProgress};
    let mut dashboard = action(
        "Build a performance dashboard from the monthly Annex A extract",
        "Head of Performance",
        date(2025, 6, 30),
    );
    dashboard.milestones = vec![milestone(
        "Indicator definitions agreed",
        date(2025, 2, 28),
        Some(date(2025, 2, 20)),
    )];
    dashboard.updates = vec![
        update(
            date(2025, 1, 15),
            "Head of Performance",
            "Data sources mapped; supplier engaged.",
            Some(InProgress),
        ),
        update(
            date(2025, 4, 10),
            "Head of Performance",
            "First version shown to the improvement board.",
            None,
        ),
        update(
            date(2025, 6, 20),
            "Head of Performance",
            "Dashboard live for all managers.",
            Some(Complete),
        ),
    ];
    let mut dq = action(
        "Monthly data quality report to the senior leadership team, with owners for every error",
        "Head of Performance",
        date(2026, 12, 31),
    );
    dq.milestones = vec![
        milestone(
            "Service-level report",
            date(2026, 3, 31),
            Some(date(2026, 3, 25)),
        ),
        milestone("First team-level report", date(2026, 9, 30), None),
    ];
    dq.updates = vec![
        update(
            date(2026, 1, 12),
            "Head of Performance",
            "Report designed with heads of service.",
            Some(InProgress),
        ),
        update(
            date(2026, 3, 25),
            "Head of Performance",
            "Service-level report issued.",
            None,
        ),
        update(
            date(2026, 8, 28),
            "Head of Performance",
            "Team-level report waiting on the case system upgrade.",
            None,
        ),
    ];
    let mut recruit = action(
        "Recruit four permanent social workers to the front door",
        "Head of Service, Front Door",
        date(2026, 3, 31),
    );
    recruit.updates = vec![
        update(
            date(2025, 11, 3),
            "Head of Service, Front Door",
            "Adverts out; two offers made.",
            Some(InProgress),
        ),
        update(
            date(2026, 4, 20),
            "Head of Service, Front Door",
            "Fourth social worker started.",
            Some(Complete),
        ),
    ];
    let mut audit = action(
        "Audit 40 contacts a month and report themes to the practice board",
        "Principal Social Worker",
        date(2027, 3, 31),
    );
    audit.updates = (0..12)
        .map(|m| {
            let d = date(2025, 12, 2).saturating_add(jiff::Span::new().months(m));
            update(
                d,
                "Principal Social Worker",
                "Monthly audit completed and reported.",
                (m == 0).then_some(InProgress),
            )
        })
        .collect();
    let mut template = action(
        "Pathway plan template co-designed with care leavers",
        "Service Manager, Leaving Care",
        date(2026, 12, 15),
    );
    template.updates = vec![
        update(
            date(2026, 5, 6),
            "Service Manager, Leaving Care",
            "Workshops with the care leavers' forum booked.",
            Some(InProgress),
        ),
        update(
            date(2026, 9, 1),
            "Service Manager, Leaving Care",
            "Draft template tested with six young people.",
            None,
        ),
    ];
    let mut care_plans = action(
        "External audit of care plan quality (50 plans)",
        "Head of Service, Children in Care",
        date(2026, 10, 31),
    );
    care_plans.updates = vec![update(
        date(2026, 7, 1),
        "Head of Service, Children in Care",
        "Audit partner commissioned.",
        Some(InProgress),
    )];
    care_plans.overrides = vec![Override {
        colour: Rag::Amber,
        reason: "the audit partner's fieldwork slipped; a new date of 31 January 2027 was agreed with the improvement board".into(),
        from: date(2026, 11, 12),
        until: date(2027, 1, 31),
        author: "Director of Children's Services".into(),
        entered: None,
    }];
    let mut protocol = action(
        "Protocol with housing and probation for care leavers in custody or facing homelessness",
        "Service Manager, Leaving Care",
        date(2027, 6, 30),
    );
    protocol.updates = vec![
        update(
            date(2026, 6, 10),
            "Service Manager, Leaving Care",
            "Partners signed up to draft.",
            Some(InProgress),
        ),
        update(
            date(2026, 11, 9),
            "Service Manager, Leaving Care",
            "Draft protocol consulted on.",
            None,
        ),
    ];
    let mut staying_close = action(
        "Staying Close pilot for care leavers reluctant to accept help",
        "Service Manager, Leaving Care",
        date(2026, 9, 30),
    );
    staying_close.updates = vec![
        update(
            date(2025, 3, 3),
            "Service Manager, Leaving Care",
            "Bid submitted.",
            Some(InProgress),
        ),
        update(
            date(2025, 10, 1),
            "Service Manager, Leaving Care",
            "funding bid unsuccessful; the protocol with housing and probation replaces it",
            Some(Dropped),
        ),
    ];
    let priority = |number: u32,
                    theme: &str,
                    text: &str,
                    rec: u32,
                    actions: Vec<Action>,
                    targets: Vec<Target>| Priority {
        id: None,
        number,
        theme: Some(theme.into()),
        text: text.into(),
        recommendations: vec![rec],
        recommendations_raw: None,
        actions,
        targets,
    };
    Plan {
        id: None,
        authority: NORTHFIELD,
        title: "Northfield improvement plan 2024-2027".into(),
        vision: Some("Northfield's children are safe, heard and helped early".into()),
        period_start: Some(date(2024, 12, 1)),
        period_end: Some(date(2027, 9, 30)),
        inspection_id,
        priorities: vec![
            priority(
                1,
                "Knowing ourselves",
                "Leaders use accurate information to evaluate performance and the impact of oversight",
                1,
                vec![dashboard, dq],
                vec![target(
                    "Routine audit shows management oversight on every open case",
                    None,
                )],
            ),
            priority(
                2,
                "A strong front door",
                "Timely and robust responses to contacts and referrals",
                2,
                vec![recruit, audit],
                vec![
                    target(
                        "90% of assessments completed within 45 working days by March 2027",
                        Some("assessments_within_45wd_pct"),
                    ),
                    target(
                        "Re-referrals within 12 months down to 22% by March 2027",
                        Some("re_referrals_12m_pct"),
                    ),
                ],
            ),
            priority(
                3,
                "Plans that make a difference",
                "Care plans and pathway plans of consistent quality",
                3,
                vec![template, care_plans],
                vec![target(
                    "95% of pathway plans reviewed in timescale by March 2027",
                    Some("care_leavers_pathway_plan_in_date_pct"),
                )],
            ),
            priority(
                4,
                "Care leavers",
                "Support for care leavers who are reluctant to accept help, including in custody or facing homelessness",
                4,
                vec![protocol, staying_close],
                vec![target(
                    "95% of care leavers in touch by September 2027",
                    Some("care_leavers_in_touch_pct"),
                )],
            ),
        ],
    }
}
