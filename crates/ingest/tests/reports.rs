//! One test per published report in `../shared/data/ofsted-reports/`: the expected values were
//! read off each PDF by hand (judgement table, "Inspection dates", "Report published", "Lead
//! inspector", and the numbered or bulleted list of recommendations).

use super::*;
use Area::{
    AdoptionPerformance as AP, CareLeavers as CL, ChildrenInCare as CIC,
    ChildrenInCareAndCareLeavers as CICCL, HelpAndProtection as HP, ImpactOfLeaders as IL,
    LeadershipManagementGovernance as LMG, LookedAfterAndPermanence as LAP, Lscb as LSCB,
    OverallEffectiveness as OE,
};
use Grade::{Good as G, Inadequate as I, Outstanding as O, RequiresImprovement as RI};

struct Case {
    file: &'static str,
    authority: &'static str,
    framework: &'static str,
    dates: (Option<&'static str>, Option<&'static str>),
    published: Option<&'static str>,
    lead_inspector: &'static str,
    judgements: &'static [(Area, Grade)],
    /// How many recommendations, and the first words of the first.
    recommendations: (usize, &'static str),
    lscb: Option<(usize, &'static str)>,
}

const CASES: &[Case] = &[
    Case {
        file: "bromley_2024-01-12.pdf",
        authority: "Bromley",
        framework: "ilacs-2023",
        dates: (Some("2023-11-13"), Some("2023-11-17")),
        published: None,
        lead_inspector: "Claire Beckingham",
        judgements: &[(IL, O), (HP, O), (CIC, O), (CL, O), (OE, O)],
        recommendations: (1, "The continued strengthening of practice for"),
        lscb: None,
    },
    Case {
        file: "coventry_2014-03-21.pdf",
        authority: "Coventry City Council",
        framework: "sif-2013",
        dates: (Some("2014-01-28"), Some("2014-02-05")),
        published: None,
        lead_inspector: "Wendy Ghaffar",
        judgements: &[
            (OE, I),
            (HP, I),
            (LAP, RI),
            (AP, RI),
            (CL, RI),
            (LMG, I),
            (LSCB, I),
        ],
        recommendations: (21, "Senior leaders and managers need to"),
        lscb: Some((6, "Ensure that partners, including childrens social")),
    },
    Case {
        file: "coventry_2017-06-13.pdf",
        authority: "Coventry City Council",
        framework: "sif-2013",
        dates: (Some("2017-03-06"), Some("2017-03-30")),
        published: Some("2017-06-13"),
        lead_inspector: "Jenny Turnross",
        judgements: &[(OE, RI), (HP, RI), (LAP, RI), (AP, RI), (CL, G), (LMG, RI)],
        recommendations: (9, "Continue to monitor and develop services"),
        lscb: None,
    },
    Case {
        file: "dudley_2023-01-13.pdf",
        authority: "Dudley",
        framework: "ilacs-2018",
        dates: (Some("2022-10-31"), Some("2022-11-11")),
        published: None,
        lead_inspector: "John Roughton",
        judgements: &[(IL, RI), (HP, RI), (CICCL, RI), (OE, RI)],
        recommendations: (5, "The quality, consistency and timeliness of"),
        lscb: None,
    },
    Case {
        file: "gloucestershire_2022-04-01.pdf",
        authority: "Gloucestershire",
        framework: "ilacs-2018",
        dates: (Some("2022-02-07"), Some("2022-02-18")),
        published: None,
        lead_inspector: "Andrew Waugh",
        judgements: &[(IL, RI), (HP, RI), (CICCL, RI), (OE, RI)],
        recommendations: (5, "The timeliness and application of consistent"),
        lscb: None,
    },
    Case {
        file: "isles-of-scilly_2019-12-19.pdf",
        authority: "Council of the Isles of Scilly",
        framework: "ilacs-2018",
        dates: (Some("2019-10-14"), Some("2019-10-18")),
        published: None,
        lead_inspector: "Joy Howick",
        judgements: &[(IL, O), (HP, G), (CICCL, G), (OE, G)],
        recommendations: (4, "Greater clarity among education colleagues about"),
        lscb: None,
    },
    Case {
        file: "kirklees_2019-08-05.pdf",
        authority: "Kirklees Metropolitan Borough Council",
        framework: "ilacs-2018",
        dates: (Some("2019-06-10"), Some("2019-06-21")),
        published: None,
        lead_inspector: "Lisa Summers",
        judgements: &[(IL, RI), (HP, RI), (CICCL, RI), (OE, RI)],
        recommendations: (10, "The quality of recording, assessments and"),
        lscb: None,
    },
    Case {
        file: "leicester_2015-03-20.pdf",
        authority: "Leicester City",
        framework: "sif-2013",
        dates: (Some("2015-01-14"), Some("2015-02-04")),
        published: Some("2015-03-20"),
        lead_inspector: "Carolyn Spray",
        judgements: &[
            (OE, I),
            (HP, I),
            (LAP, RI),
            (AP, G),
            (CL, RI),
            (LMG, I),
            (LSCB, I),
        ],
        recommendations: (24, "Put into place an effective performance"),
        lscb: Some((9, "Establish and implement a robust performance")),
    },
    Case {
        file: "leicester_2017-09-04.pdf",
        authority: "Leicester City Council",
        framework: "sif-2013",
        dates: (Some("2017-06-19"), Some("2017-07-13")),
        published: Some("2017-09-04"),
        lead_inspector: "Julie Knight",
        judgements: &[(OE, RI), (HP, RI), (LAP, RI), (AP, G), (CL, RI), (LMG, G)],
        recommendations: (11, "Improve the quality of social work"),
        lscb: None,
    },
    Case {
        file: "leicester_2021-11-12.pdf",
        authority: "Leicester City Council",
        framework: "ilacs-2018",
        dates: (Some("2021-09-20"), Some("2021-10-01")),
        published: None,
        lead_inspector: "Neil Penswick",
        judgements: &[(IL, G), (HP, G), (CICCL, G), (OE, G)],
        recommendations: (5, "The coordination of private fostering support."),
        lscb: None,
    },
    Case {
        file: "leicester_2025-01-29.pdf",
        authority: "Leicester City Council",
        framework: "ilacs-2023",
        dates: (Some("2024-09-23"), Some("2024-09-27")),
        published: None,
        lead_inspector: "Tom Anthony",
        judgements: &[(IL, RI), (HP, RI), (CIC, RI), (CL, RI), (OE, RI)],
        recommendations: (5, "The range and accuracy of information"),
        lscb: None,
    },
    Case {
        file: "leicestershire_2017-02-13.pdf",
        authority: "Leicestershire",
        framework: "sif-2013",
        dates: (Some("2016-11-14"), Some("2016-12-08")),
        published: Some("2017-02-13"),
        lead_inspector: "Carolyn Spray",
        judgements: &[
            (OE, RI),
            (HP, RI),
            (LAP, RI),
            (AP, RI),
            (CL, RI),
            (LMG, RI),
            (LSCB, G),
        ],
        recommendations: (17, "Ensure that performance management information is"),
        lscb: Some((3, "Ensure that the quality and effectiveness")),
    },
    Case {
        file: "leicestershire_2019-11-04.pdf",
        authority: "Leicestershire County Council",
        framework: "ilacs-2018",
        dates: (Some("2019-09-23"), Some("2019-10-04")),
        published: None,
        lead_inspector: "Kate Malleson",
        judgements: &[(IL, G), (HP, RI), (CICCL, G), (OE, RI)],
        recommendations: (6, "The timeliness of assessment and help"),
        lscb: None,
    },
    Case {
        file: "leicestershire_2024-07-12.pdf",
        authority: "Leicestershire County Council",
        framework: "ilacs-2023",
        dates: (Some("2024-04-22"), Some("2024-05-03")),
        published: None,
        lead_inspector: "Ceri Evans",
        judgements: &[(IL, O), (HP, G), (CIC, O), (CL, O), (OE, O)],
        recommendations: (2, "Monitoring of pre-proceedings to tackle drift"),
        lscb: None,
    },
    Case {
        file: "liverpool_2023-05-25.pdf",
        authority: "Liverpool",
        framework: "ilacs-2023",
        dates: (Some("2023-03-13"), Some("2023-03-24")),
        published: None,
        lead_inspector: "Lisa Summers",
        judgements: &[(IL, I), (HP, I), (CIC, RI), (CL, I), (OE, I)],
        recommendations: (11, "Caseloads and regular reflective supervision, so"),
        lscb: None,
    },
    Case {
        file: "merton_2017-08-25.pdf",
        authority: "London Borough of Merton Council",
        framework: "sif-2013",
        dates: (Some("2017-06-12"), Some("2017-07-06")),
        published: Some("2017-08-25"),
        lead_inspector: "Louise Hocking",
        judgements: &[
            (OE, G),
            (HP, G),
            (LAP, G),
            (AP, O),
            (CL, G),
            (LMG, O),
            (LSCB, O),
        ],
        recommendations: (4, "Ensure that all plans, including child"),
        lscb: Some((0, "")),
    },
    Case {
        file: "north-yorkshire_2023-08-18.pdf",
        authority: "North Yorkshire",
        framework: "ilacs-2023",
        dates: (Some("2023-07-03"), Some("2023-07-07")),
        published: None,
        lead_inspector: "Jan Edwards",
        judgements: &[(IL, O), (HP, O), (CIC, O), (CL, O), (OE, O)],
        recommendations: (1, "The recording of manager oversight and"),
        lscb: None,
    },
    Case {
        file: "oldham_2024-07-12.pdf",
        authority: "Oldham",
        framework: "ilacs-2023",
        dates: (Some("2024-05-13"), Some("2024-05-24")),
        published: None,
        lead_inspector: "Rebekah Tucker",
        judgements: &[(IL, G), (HP, G), (CIC, G), (CL, G), (OE, G)],
        recommendations: (3, "Consistent management oversight in relation to"),
        lscb: None,
    },
    Case {
        file: "plymouth_2019-01-07.pdf",
        authority: "Plymouth City Council",
        framework: "ilacs-2018",
        dates: (Some("2018-10-29"), Some("2018-11-09")),
        published: None,
        lead_inspector: "Nicola Bennett",
        judgements: &[(IL, RI), (HP, RI), (CICCL, RI), (OE, RI)],
        recommendations: (6, "The quality of strategy discussions, including"),
        lscb: None,
    },
    Case {
        file: "redbridge_2016-11-25.pdf",
        authority: "London Borough of Redbridge Council",
        framework: "sif-2013",
        dates: (Some("2016-09-12"), Some("2016-10-06")),
        published: Some("2016-11-25"),
        lead_inspector: "Louise Hocking",
        judgements: &[
            (OE, G),
            (HP, G),
            (LAP, G),
            (AP, G),
            (CL, RI),
            (LMG, G),
            (LSCB, G),
        ],
        recommendations: (9, "Strengthen the quality and impact of"),
        lscb: Some((3, "Extend the range of the performance")),
    },
    Case {
        file: "redcar-and-cleveland_2022-09-22.pdf",
        authority: "Redcar and Cleveland",
        framework: "ilacs-2018",
        dates: (Some("2022-06-20"), Some("2022-07-01")),
        published: None,
        lead_inspector: "Jan Edwards",
        judgements: &[(IL, RI), (HP, RI), (CICCL, RI), (OE, RI)],
        recommendations: (6, "The effectiveness and consistent recording of"),
        lscb: None,
    },
    Case {
        file: "southampton_2014-09-15.pdf",
        authority: "Southampton Council",
        framework: "sif-2013",
        dates: (Some("2014-07-08"), Some("2014-07-30")),
        published: Some("2014-09-15"),
        lead_inspector: "Nicholas McMullen",
        judgements: &[
            (OE, RI),
            (HP, RI),
            (LAP, RI),
            (AP, RI),
            (CL, I),
            (LMG, RI),
            (LSCB, RI),
        ],
        recommendations: (35, "Take action to reduce the numbers"),
        lscb: Some((7, "Consolidate the use of management information")),
    },
    Case {
        file: "sutton_2022-02-01.pdf",
        authority: "Sutton",
        framework: "ilacs-2018",
        dates: (Some("2021-12-06"), Some("2021-12-10")),
        published: None,
        lead_inspector: "Brenda McLaughlin",
        judgements: &[(IL, O), (HP, G), (CICCL, G), (OE, G)],
        recommendations: (2, "The quality of practice and earlier"),
        lscb: None,
    },
    Case {
        file: "wandsworth_2023-01-13.pdf",
        authority: "Wandsworth",
        framework: "ilacs-2018",
        dates: (Some("2022-11-07"), Some("2022-11-18")),
        published: None,
        lead_inspector: "Amanda Maxwell",
        judgements: &[(IL, G), (HP, G), (CICCL, G), (OE, G)],
        recommendations: (3, "The intervention, quality, effectiveness and management"),
        lscb: None,
    },
    Case {
        file: "wirral_2016-09-20.pdf",
        authority: "Wirral Metropolitan Borough Council",
        framework: "sif-2013",
        dates: (Some("2016-07-04"), Some("2016-07-28")),
        published: Some("2016-09-20"),
        lead_inspector: "Shirley Bailey",
        judgements: &[
            (OE, I),
            (HP, I),
            (LAP, RI),
            (AP, RI),
            (CL, I),
            (LMG, I),
            (LSCB, I),
        ],
        recommendations: (19, "Urgently progress plans to recruit a"),
        lscb: Some((7, "WSCB should urgently review its governance")),
    },
    // The shapes issue 18 names, each read off its PDF by hand.
    Case {
        // The authority's name on the title line only (repeated as the running header).
        file: "bracknell-forest_2022-07-29.pdf",
        authority: "Bracknell Forest",
        framework: "ilacs-2018",
        dates: (Some("2022-06-13"), Some("2022-06-17")),
        published: None,
        lead_inspector: "Amanda Maxwell",
        judgements: &[(IL, O), (HP, O), (CICCL, G), (OE, O)],
        recommendations: (2, "The participation of care leavers in the development"),
        lscb: None,
    },
    Case {
        // "Lead inspector on site", "Recommendations:" whose first item begins "Collate".
        file: "hammersmith-and-fulham_2016-03-29.pdf",
        authority: "London Borough of Hammersmith and Fulham",
        framework: "sif-2013",
        dates: (Some("2016-01-11"), Some("2016-02-04")),
        published: Some("2016-03-29"),
        lead_inspector: "Pietro Battista",
        judgements: &[
            (OE, G),
            (HP, G),
            (LAP, G),
            (AP, O),
            (CL, G),
            (LMG, O),
            (LSCB, G),
        ],
        recommendations: (6, "Collate information drawn from return home interviews"),
        lscb: Some((5, "Review the extensive dataset")),
    },
    Case {
        // "What does the local authority need to improve?", "There are no priority or
        // immediate actions", areas for improvement under area sub-headings; the LSCB's
        // numbered on from 184.
        file: "leeds_2015-03-27.pdf",
        authority: "Leeds City Council",
        framework: "sif-2013",
        dates: (Some("2015-01-20"), Some("2015-02-11")),
        published: Some("2015-03-27"),
        lead_inspector: "Tracey Metcalfe",
        judgements: &[
            (OE, G),
            (HP, G),
            (LAP, G),
            (AP, G),
            (CL, G),
            (LMG, O),
            (LSCB, G),
        ],
        recommendations: (15, "Extend the reach of the outcomes-based accountability"),
        lscb: Some((5, "Report on the effectiveness of all key partner agencies")),
    },
    Case {
        // A box-drawing dash between the dates: "20 June 2017 ─ 13 July 2017".
        file: "north-lincolnshire_2017-09-04.pdf",
        authority: "North Lincolnshire",
        framework: "sif-2013",
        dates: (Some("2017-06-20"), Some("2017-07-13")),
        published: Some("2017-09-04"),
        lead_inspector: "Graham Reiter",
        judgements: &[
            (OE, O),
            (HP, G),
            (LAP, O),
            (AP, O),
            (CL, O),
            (LMG, O),
            (LSCB, O),
        ],
        recommendations: (3, "Ensure that screening and first-line management"),
        lscb: Some((0, "")),
    },
    Case {
        // Two periods on site: "5 to 9 December 2022 and 14 to 15 February 2023".
        file: "south-tyneside_2023-05-10.pdf",
        authority: "South Tyneside",
        framework: "ilacs-2018",
        dates: (Some("2022-12-05"), Some("2023-02-15")),
        published: None,
        lead_inspector: "Rebecca Quested",
        judgements: &[(IL, I), (HP, RI), (CICCL, I), (OE, I)],
        recommendations: (7, "Management recording of decision-making"),
        lscb: None,
    },
    Case {
        // "What needs to improve?" with a footnote mark, square bullets, items ending
        // "(Outcome three)".
        file: "sunderland_2025-03-11.pdf",
        authority: "Sunderland City Council",
        framework: "ilacs-2023",
        dates: (Some("2025-01-27"), Some("2025-01-31")),
        published: None,
        lead_inspector: "Louise Walker",
        judgements: &[(IL, O), (HP, O), (CIC, O), (CL, G), (OE, O)],
        recommendations: (3, "The uptake of return home interviews"),
        lscb: None,
    },
];

/// Published documents that are not inspections Sightline reads, each refused with a reason
/// that names the kind of document.
#[test]
fn other_kinds_of_report_are_refused_naming_the_kind() {
    for (file, kind) in [
        ("norfolk_2013-08-16.pdf", "2012–13 frameworks"),
        (
            "surrey_2015-08-03.pdf",
            "standalone review of the Local Safeguarding",
        ),
    ] {
        let Some(path) = shared(&format!("ofsted-reports/{file}")) else {
            return;
        };
        match ofsted::read(&path) {
            Err(Error::NotAReport { reason, .. }) => {
                assert!(reason.contains(kind), "{file}: {reason}");
            }
            other => panic!("{file}: {other:?}"),
        }
    }
}

#[test]
fn report_bracknell_forest_2022_07_29() {
    check("bracknell-forest_2022-07-29.pdf");
}

#[test]
fn report_hammersmith_and_fulham_2016_03_29() {
    check("hammersmith-and-fulham_2016-03-29.pdf");
}

#[test]
fn report_leeds_2015_03_27() {
    check("leeds_2015-03-27.pdf");
}

#[test]
fn report_north_lincolnshire_2017_09_04() {
    check("north-lincolnshire_2017-09-04.pdf");
}

#[test]
fn report_south_tyneside_2023_05_10() {
    check("south-tyneside_2023-05-10.pdf");
}

#[test]
fn report_sunderland_2025_03_11() {
    check("sunderland_2025-03-11.pdf");
}

fn check(file: &str) {
    let case = CASES
        .iter()
        .find(|c| c.file == file)
        .expect("a case for every report");
    let Some(path) = shared(&format!("ofsted-reports/{file}")) else {
        return;
    };
    let r = ofsted::read(&path).expect("the report parses");
    assert_eq!(r.recommendations_note, None, "{file}: recommendations read");
    assert_eq!(r.authority, case.authority, "{file}: authority");
    assert_eq!(r.framework.as_str(), case.framework, "{file}: framework");
    let d = |x: Option<jiff::civil::Date>| x.map(|d| d.to_string());
    assert_eq!(
        (d(r.start_date), d(r.end_date)),
        (
            case.dates.0.map(String::from),
            case.dates.1.map(String::from)
        ),
        "{file}: dates"
    );
    assert_eq!(
        d(r.published),
        case.published.map(String::from),
        "{file}: published"
    );
    assert_eq!(
        r.lead_inspector.as_deref(),
        Some(case.lead_inspector),
        "{file}: lead"
    );
    let js: Vec<(Area, Grade)> = r.judgements.iter().map(|j| (j.area, j.grade)).collect();
    assert_eq!(js, case.judgements, "{file}: judgements");
    assert_eq!(
        r.recommendations.len(),
        case.recommendations.0,
        "{file}: recommendations"
    );
    assert!(
        r.recommendations[0].starts_with(case.recommendations.1),
        "{file}: first recommendation {:?}",
        r.recommendations[0]
    );
    match (&r.lscb_recommendations, case.lscb) {
        (None, None) => {}
        (Some(l), Some((n, first))) => {
            assert_eq!(l.len(), n, "{file}: LSCB recommendations");
            if n > 0 {
                assert!(
                    l[0].starts_with(first),
                    "{file}: first LSCB recommendation {:?}",
                    l[0]
                );
            }
        }
        (got, want) => panic!("{file}: LSCB recommendations {got:?}, expected {want:?}"),
    }
    for rec in r
        .recommendations
        .iter()
        .chain(r.lscb_recommendations.iter().flatten())
    {
        assert!(!rec.contains("  "), "{file}: double space in {rec:?}");
        assert!(
            !rec.chars()
                .any(|c| ('\u{e000}'..='\u{f8ff}').contains(&c) || c == '◼'),
            "{file}: bullet left in {rec:?}"
        );
    }
}

#[test]
fn report_bromley_2024_01_12() {
    check("bromley_2024-01-12.pdf");
}

#[test]
fn report_coventry_2014_03_21() {
    check("coventry_2014-03-21.pdf");
}

#[test]
fn report_coventry_2017_06_13() {
    check("coventry_2017-06-13.pdf");
}

#[test]
fn report_dudley_2023_01_13() {
    check("dudley_2023-01-13.pdf");
}

#[test]
fn report_gloucestershire_2022_04_01() {
    check("gloucestershire_2022-04-01.pdf");
}

#[test]
fn report_isles_of_scilly_2019_12_19() {
    check("isles-of-scilly_2019-12-19.pdf");
}

#[test]
fn report_kirklees_2019_08_05() {
    check("kirklees_2019-08-05.pdf");
}

#[test]
fn report_leicester_2015_03_20() {
    check("leicester_2015-03-20.pdf");
}

#[test]
fn report_leicester_2017_09_04() {
    check("leicester_2017-09-04.pdf");
}

#[test]
fn report_leicester_2021_11_12() {
    check("leicester_2021-11-12.pdf");
}

#[test]
fn report_leicester_2025_01_29() {
    check("leicester_2025-01-29.pdf");
}

#[test]
fn report_leicestershire_2017_02_13() {
    check("leicestershire_2017-02-13.pdf");
}

#[test]
fn report_leicestershire_2019_11_04() {
    check("leicestershire_2019-11-04.pdf");
}

#[test]
fn report_leicestershire_2024_07_12() {
    check("leicestershire_2024-07-12.pdf");
}

#[test]
fn report_liverpool_2023_05_25() {
    check("liverpool_2023-05-25.pdf");
}

#[test]
fn report_merton_2017_08_25() {
    check("merton_2017-08-25.pdf");
}

#[test]
fn report_north_yorkshire_2023_08_18() {
    check("north-yorkshire_2023-08-18.pdf");
}

#[test]
fn report_oldham_2024_07_12() {
    check("oldham_2024-07-12.pdf");
}

#[test]
fn report_plymouth_2019_01_07() {
    check("plymouth_2019-01-07.pdf");
}

#[test]
fn report_redbridge_2016_11_25() {
    check("redbridge_2016-11-25.pdf");
}

#[test]
fn report_redcar_and_cleveland_2022_09_22() {
    check("redcar-and-cleveland_2022-09-22.pdf");
}

#[test]
fn report_southampton_2014_09_15() {
    check("southampton_2014-09-15.pdf");
}

#[test]
fn report_sutton_2022_02_01() {
    check("sutton_2022-02-01.pdf");
}

#[test]
fn report_wandsworth_2023_01_13() {
    check("wandsworth_2023-01-13.pdf");
}

#[test]
fn report_wirral_2016_09_20() {
    check("wirral_2016-09-20.pdf");
}
