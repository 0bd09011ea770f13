//! Every indicator against values worked out by hand from small extracts built here.
//!
//! The as-at date is Friday 28 June 2024 throughout, so the 6-month window runs from
//! 29 December 2023 and the 12-month adoption window from 29 June 2023. Bank holidays in
//! play: Good Friday 29 March, Easter Monday 1 April, 6 May and 27 May 2024.

use jiff::civil::{Date, date};
use sightline_core::access::Role;
use sightline_core::annex_a::{LISTS, Record, Value};
use sightline_core::calendar::WorkCalendar;
use sightline_core::indicator::{
    Dimension, ExplainError, ExtractRows, Observation, Settings, compute, explain,
};

const AS_AT: Date = date(2024, 6, 28);

fn calendar() -> WorkCalendar {
    WorkCalendar::new([
        date(2023, 12, 25),
        date(2023, 12, 26),
        date(2024, 1, 1),
        date(2024, 3, 29),
        date(2024, 4, 1),
        date(2024, 5, 6),
        date(2024, 5, 27),
        date(2024, 8, 26),
    ])
}

fn d(s: &str) -> Value {
    Value::Date(s.parse().expect("ISO date in the test"))
}

fn t(s: &str) -> Value {
    Value::Text(s.into())
}

fn n(i: i64) -> Value {
    Value::Int(i)
}

/// A row of `list` with the given cells (by header) and everything else blank; text in a
/// coded column is read as its code, as the loader reads it.
fn row(list: u8, id: &str, cells: &[(&str, Value)]) -> Record {
    let spec = &LISTS[usize::from(list - 1)];
    let mut values = vec![Value::Empty; spec.columns.len()];
    values[0] = t(id);
    for (h, v) in cells {
        let i = spec
            .columns
            .iter()
            .position(|c| c.header == *h)
            .unwrap_or_else(|| panic!("list {list} has no column {h}"));
        values[i] = match v {
            Value::Text(text) => Value::of_text(spec.columns[i].kind, text),
            v => v.clone(),
        };
    }
    Record {
        row: 0,
        values,
        rejected: false,
    }
}

fn extract(rows: Vec<(u8, Record)>) -> ExtractRows {
    let mut x = ExtractRows::new(AS_AT);
    for (i, (list, mut r)) in rows.into_iter().enumerate() {
        r.row = i as u32 + 2;
        x.push(list, r);
    }
    x
}

fn run(x: &ExtractRows, settings: &Settings) -> Vec<Observation> {
    compute(x, settings, &calendar(), false)
}

fn obs<'a>(all: &'a [Observation], id: &str, period: &str) -> &'a Observation {
    all.iter()
        .find(|o| o.id == id && o.period == period)
        .unwrap_or_else(|| panic!("no {id} for {period}"))
}

/// (value, numerator, denominator, excluded)
fn fig(all: &[Observation], id: &str, period: &str) -> (Option<f64>, i64, Option<i64>, u64) {
    let o = obs(all, id, period);
    (o.value, o.numerator, o.denominator, o.excluded)
}

#[test]
fn every_indicator_is_computed_for_its_periods() {
    let all = run(&ExtractRows::new(AS_AT), &Settings::default());
    for def in sightline_core::indicator::CATALOGUE {
        // The workforce return's indicators have no figure from Annex A.
        let from_annex_a = def.source == sightline_core::indicator::Source::AnnexA;
        assert_eq!(
            all.iter().any(|o| o.id == def.id),
            from_annex_a,
            "{}",
            def.id
        );
    }
    // Event indicators: window + Dec 2023 (partial) .. Jun 2024 (partial) = 8 periods.
    assert_eq!(all.iter().filter(|o| o.id == "contacts").count(), 8);
    assert_eq!(all.iter().filter(|o| o.id == "cla_open").count(), 1);
    // Adoption: a 12-month window, Jun 2023 .. Jun 2024 = 13 months.
    assert_eq!(
        all.iter()
            .filter(|o| o.id == "adoption_a1_avg_days")
            .count(),
        14
    );
    let empty = obs(&all, "assessments_within_45wd_pct", "window");
    assert_eq!(empty.value, None);
    assert!(
        empty
            .reason
            .as_deref()
            .unwrap_or("")
            .starts_with("no assessments")
    );
}

#[test]
fn contacts_and_children_referred() {
    let x = extract(vec![
        (
            1,
            row(
                1,
                "A",
                &[
                    ("Date of Contact", d("2024-01-10")),
                    ("Gender", t("a) Male")),
                ],
            ),
        ),
        (
            1,
            row(
                1,
                "A",
                &[("Date of Contact", d("2024-02-05")), ("Gender", t("M"))],
            ),
        ),
        (
            1,
            row(
                1,
                "B",
                &[
                    ("Date of Contact", d("2024-01-20")),
                    ("Gender", t("Female")),
                ],
            ),
        ),
        (1, row(1, "C", &[("Date of Contact", d("2023-12-01"))])),
        (1, row(1, "D", &[])),
        (
            1,
            Record {
                rejected: true,
                ..row(1, "E", &[("Date of Contact", d("2024-01-10"))])
            },
        ),
        (3, row(3, "A", &[("Date of referral", d("2024-01-12"))])),
        (3, row(3, "B", &[("Date of referral", d("2024-02-01"))])),
    ]);
    let all = run(&x, &Settings::default());
    assert_eq!(fig(&all, "contacts", "window"), (Some(3.0), 3, None, 1));
    assert_eq!(fig(&all, "contacts", "2024-01").0, Some(2.0));
    assert_eq!(fig(&all, "contacts", "2024-02").0, Some(1.0));
    // The missing date is excluded from the window only.
    assert_eq!(fig(&all, "contacts", "2024-01").3, 0);
    let rate = obs(&all, "contacts_per_10k", "window");
    assert_eq!(rate.value, None);
    assert!(rate.reason.as_deref().unwrap_or("").contains("population"));
    assert_eq!(
        fig(&all, "contact_children_referred_pct", "window"),
        (Some(100.0), 2, Some(2), 0)
    );
    assert_eq!(
        fig(&all, "contact_children_referred_pct", "2024-01"),
        (Some(50.0), 1, Some(2), 0)
    );
    assert_eq!(
        fig(&all, "contact_children_referred_pct", "2024-02").0,
        Some(0.0)
    );

    let with_pop = Settings {
        population: Some(20_000),
        ..Settings::default()
    };
    let all = run(&x, &with_pop);
    assert_eq!(
        fig(&all, "contacts_per_10k", "window"),
        (Some(1.5), 3, Some(20_000), 1)
    );
    let o = obs(&all, "contacts_per_10k", "window");
    assert_eq!(o.standards, ["population aged 0 to 17: 20000"]);
}

#[test]
fn breakdowns_mark_small_numbers() {
    let x = extract(vec![
        (
            1,
            row(
                1,
                "A",
                &[
                    ("Date of Contact", d("2024-01-10")),
                    ("Gender", t("a) Male")),
                ],
            ),
        ),
        (
            1,
            row(
                1,
                "A",
                &[("Date of Contact", d("2024-02-05")), ("Gender", t("M"))],
            ),
        ),
        (
            1,
            row(
                1,
                "B",
                &[
                    ("Date of Contact", d("2024-01-20")),
                    ("Gender", t("Female")),
                ],
            ),
        ),
    ]);
    let all = compute(&x, &Settings::default(), &calendar(), true);
    let o = obs(&all, "contacts", "window");
    let male = o
        .breakdowns
        .iter()
        .find(|b| b.dimension == Dimension::Gender && b.key == "Male")
        .expect("a Male cell");
    assert_eq!((male.numerator, male.suppressed), (2, true));
    let eth = o
        .breakdowns
        .iter()
        .find(|b| b.dimension == Dimension::Ethnicity)
        .expect("an ethnicity cell");
    assert_eq!((eth.key.as_str(), eth.numerator), ("Not known", 3));
    // List 1 has no team, worker or disability.
    assert!(o.breakdowns.iter().all(|b| b.dimension != Dimension::Team));
    assert!(
        o.breakdowns
            .iter()
            .all(|b| b.dimension != Dimension::Disability)
    );
}

#[test]
fn referrals_re_referrals_and_nfa() {
    let r = |id: &str, date: &str, count: Option<i64>, nfa: &str| {
        let mut cells = vec![("Date of referral", d(date)), ("Referral NFA?", t(nfa))];
        if let Some(c) = count {
            cells.push(("Number of Referrals in Last 12 Months", n(c)));
        }
        (3, row(3, id, &cells))
    };
    let x = extract(vec![
        // E: the later referral has the earlier one, visible, within 12 months.
        r("E", "2024-01-15", Some(1), "a) Yes"),
        r("E", "2024-05-10", Some(1), "No"),
        // F: its latest referral counts 2 earlier ones the list does not show.
        r("F", "2024-03-01", Some(2), "No"),
        // G: latest counts 2, the list shows 1: one hidden, before both.
        r("G", "2024-02-01", Some(2), "No"),
        r("G", "2024-04-01", Some(2), "No"),
        // H: no count and nothing visible: excluded from re-referrals.
        r("H", "2024-06-03", None, ""),
        r("I", "2024-02-20", Some(0), "N"),
    ]);
    let all = run(&x, &Settings::default());
    assert_eq!(fig(&all, "referrals", "window"), (Some(7.0), 7, None, 0));
    assert_eq!(
        fig(&all, "re_referrals_12m_pct", "window"),
        (Some(66.7), 4, Some(6), 1)
    );
    assert_eq!(
        fig(&all, "re_referrals_12m_pct", "2024-02"),
        (Some(50.0), 1, Some(2), 0)
    );
    assert_eq!(
        fig(&all, "referrals_nfa_pct", "window"),
        (Some(16.7), 1, Some(6), 1)
    );
}

#[test]
fn assessments_across_easter_and_may_bank_holidays() {
    let a = |id: &str, start: &str, auth: Option<&str>, support: &str| {
        let mut cells = vec![
            ("Continuous Assessment Start Date", d(start)),
            (
                "Was the child assessed as requiring LA children's social care support",
                t(support),
            ),
        ];
        if let Some(x) = auth {
            cells.push(("Continuous Assessment Date of Authorisation", d(x)));
        }
        (4, row(4, id, &cells))
    };
    let x = extract(vec![
        // Thu 28 Mar: Good Friday, the weekend and Easter Monday do not count; 6 May and
        // 27 May neither: Wed 5 Jun is the 45th working day.
        a("A1", "2024-03-28", Some("2024-06-05"), "Yes"),
        a("A2", "2024-03-28", Some("2024-06-06"), "b) No"),
        // Fri 24 May to Tue 28 May over the spring bank holiday: 1 working day.
        a("A3", "2024-05-24", Some("2024-05-28"), "No"),
        a("A4", "2024-05-01", Some("2024-04-30"), ""),
        // Open since 1 Feb (leap year: 29 Feb is a Thursday that counts): 102 working days.
        a("A5", "2024-02-01", None, ""),
        a("A6", "2024-05-20", None, ""),
        a("A7", "2024-06-29", None, ""),
    ]);
    let all = run(&x, &Settings::default());
    assert_eq!(
        fig(&all, "assessments_completed", "window"),
        (Some(4.0), 4, None, 0)
    );
    assert_eq!(fig(&all, "assessments_completed", "2024-06").0, Some(2.0));
    assert_eq!(
        fig(&all, "assessments_within_45wd_pct", "window"),
        (Some(66.7), 2, Some(3), 1)
    );
    assert_eq!(
        obs(&all, "assessments_within_45wd_pct", "window").excluded_reasons["authorised before it started"],
        1
    );
    assert_eq!(
        fig(&all, "assessments_open_over_45wd", "as-at"),
        (Some(1.0), 1, None, 0)
    );
    assert_eq!(
        fig(&all, "assessments_no_further_support_pct", "window"),
        (Some(66.7), 2, Some(3), 1)
    );

    let analyst = Role::Analyst.child_level().expect("analysts see rows");
    let e = explain(
        analyst,
        "assessments_within_45wd_pct",
        Some("window"),
        &x,
        &Settings::default(),
        &calendar(),
    )
    .expect("explained");
    let measured: Vec<(&str, Option<i64>, i64)> = e
        .lines
        .iter()
        .map(|l| (l.child.as_str(), l.measure, l.numerator))
        .collect();
    assert_eq!(
        measured,
        [
            ("A1", Some(45), 1),
            ("A3", Some(1), 1),
            ("A2", Some(46), 0),
            ("A4", None, 0)
        ]
    );
    assert_eq!(
        e.lines[0].fields[0],
        ("Continuous Assessment Start Date", "2024-03-28".into())
    );
    let open = explain(
        analyst,
        "assessments_open_over_45wd",
        None,
        &x,
        &Settings::default(),
        &calendar(),
    )
    .expect("explained");
    let m: Vec<Option<i64>> = open.lines.iter().map(|l| l.measure).collect();
    assert_eq!(m, [Some(102), Some(28)]);
    assert!(matches!(
        explain(
            analyst,
            "assessments_open_over_45wd",
            Some("2024-01"),
            &x,
            &Settings::default(),
            &calendar()
        ),
        Err(ExplainError::UnknownPeriod { .. })
    ));
    assert!(matches!(
        explain(
            analyst,
            "no_such",
            None,
            &x,
            &Settings::default(),
            &calendar()
        ),
        Err(ExplainError::UnknownIndicator(_))
    ));
}

#[test]
fn section_47_and_conferences_at_15_working_days() {
    let s = |id: &str, strategy: &str, icpc: Option<&str>, plan: &str| {
        let mut cells = vec![
            (
                "Strategy discussion initiating Section 47 Enquiry Start Date",
                d(strategy),
            ),
            (
                "Did the Initial Child Protection Conference Result in a Child Protection Plan",
                t(plan),
            ),
        ];
        if let Some(x) = icpc {
            cells.push(("Date of Initial Child Protection Conference", d(x)));
        }
        (5, row(5, id, &cells))
    };
    let x = extract(vec![
        // Thu 21 Mar + 15 working days over Easter = Mon 15 Apr.
        s("S1", "2024-03-21", Some("2024-04-15"), "a) Yes"),
        s("S2", "2024-03-21", Some("2024-04-16"), "No"),
        s("S3", "2024-06-01", None, ""),
        s("S4", "2024-05-10", Some("2024-05-09"), ""),
    ]);
    let all = run(&x, &Settings::default());
    assert_eq!(fig(&all, "s47_enquiries", "window").0, Some(4.0));
    assert_eq!(fig(&all, "icpcs", "window").0, Some(3.0));
    assert_eq!(fig(&all, "icpcs", "2024-04").0, Some(2.0));
    assert_eq!(
        fig(&all, "icpc_within_15wd_pct", "window"),
        (Some(50.0), 1, Some(2), 1)
    );
    assert_eq!(
        fig(&all, "icpc_to_cp_plan_pct", "window"),
        (Some(50.0), 1, Some(2), 1)
    );
}

#[test]
fn children_in_need_open_and_seen() {
    let c = |id: &str, start: &str, closed: Option<&str>, seen: Option<&str>| {
        let mut cells = vec![("CIN Start Date", d(start))];
        if let Some(x) = closed {
            cells.push(("CIN Closure Date", d(x)));
        }
        if let Some(x) = seen {
            cells.push(("Date Child Was Last Seen", d(x)));
        }
        (6, row(6, id, &cells))
    };
    let x = extract(vec![
        c("C1", "2024-01-01", None, Some("2024-05-17")), // 42 days: within 6 weeks
        c("C2", "2024-01-01", None, Some("2024-05-16")), // 43 days
        c("C3", "2024-01-01", Some("2024-06-28"), None), // closed on the as-at date
        c("C4", "2024-01-01", Some("2024-06-29"), None), // open; never seen: excluded
        c("C5", "2023-06-01", Some("2023-12-01"), None),
        c("C5", "2024-03-01", None, Some("2024-06-28")),
        c("C6", "2024-07-01", None, None),
    ]);
    let all = run(
        &x,
        &Settings {
            population: Some(10_000),
            ..Settings::default()
        },
    );
    assert_eq!(fig(&all, "cin_open", "as-at"), (Some(4.0), 4, None, 0));
    assert_eq!(fig(&all, "cin_per_10k", "as-at").0, Some(4.0));
    assert_eq!(
        fig(&all, "cin_seen_in_timescale_pct", "as-at"),
        (Some(66.7), 2, Some(3), 1)
    );
    let o = obs(&all, "cin_seen_in_timescale_pct", "as-at");
    assert_eq!(o.standards, ["CIN visit standard: 42 days"]);
    // A stricter standard is a setting, and changes the figure.
    let strict = Settings {
        cin_visit_days: 28,
        ..Settings::default()
    };
    assert_eq!(
        fig(&run(&x, &strict), "cin_seen_in_timescale_pct", "as-at").1,
        1
    );
}

#[test]
fn child_protection_plans_anniversaries_and_leap_days() {
    let p = |id: &str, cells: &[(&str, Value)]| (7, row(7, id, cells));
    let x = extract(vec![
        // Ends exactly on its second anniversary: it lasted 2 years.
        p(
            "P1",
            &[
                ("Child Protection Plan Start Date", d("2022-06-28")),
                ("Child Protection Plan End Date", d("2024-06-28")),
            ],
        ),
        // One day short.
        p(
            "P2",
            &[
                ("Child Protection Plan Start Date", d("2022-06-29")),
                ("Child Protection Plan End Date", d("2024-06-28")),
            ],
        ),
        // Starts on a leap day; first review due 29 May, not held: overdue. Visited Fri
        // 14 Jun: 10 working days.
        p(
            "P3",
            &[
                ("Child Protection Plan Start Date", d("2024-02-29")),
                ("Number of Previous Child Protection Plans", n(1)),
                ("Date of the Last Statutory Visit", d("2024-06-14")),
                ("Was the Child Seen Alone?", t("a) Yes")),
            ],
        ),
        p(
            "P4",
            &[
                ("Child Protection Plan Start Date", d("2024-04-01")),
                ("Number of Previous Child Protection Plans", n(0)),
                ("Date of the Last Statutory Visit", d("2024-06-13")),
                ("Was the Child Seen Alone?", t("No")),
                ("Date of latest review conference", d("2024-06-01")),
            ],
        ),
        // First review due 29 Jun: not yet overdue. No visit, no seen-alone: excluded.
        p(
            "P5",
            &[
                ("Child Protection Plan Start Date", d("2024-03-29")),
                ("Number of Previous Child Protection Plans", n(0)),
            ],
        ),
        // Reviewed 28 Dec: next due 28 Jun, the as-at date: in timescale.
        p(
            "P6",
            &[
                ("Child Protection Plan Start Date", d("2023-06-01")),
                ("Date of latest review conference", d("2023-12-28")),
                ("Date of the Last Statutory Visit", d("2024-06-28")),
                ("Was the Child Seen Alone?", t("Y")),
            ],
        ),
    ]);
    let all = run(&x, &Settings::default());
    assert_eq!(fig(&all, "cp_plans_open", "as-at").0, Some(4.0));
    assert_eq!(fig(&all, "cp_plans_started", "window").0, Some(3.0));
    assert_eq!(
        fig(&all, "cp_repeat_plans_pct", "window"),
        (Some(33.3), 1, Some(3), 0)
    );
    assert_eq!(
        fig(&all, "cp_plans_ended_2y_plus_pct", "window"),
        (Some(50.0), 1, Some(2), 0)
    );
    assert_eq!(
        fig(&all, "cp_visited_in_timescale_pct", "as-at"),
        (Some(66.7), 2, Some(3), 1)
    );
    assert_eq!(
        fig(&all, "cp_seen_alone_pct", "as-at"),
        (Some(66.7), 2, Some(3), 1)
    );
    assert_eq!(
        fig(&all, "cp_reviews_in_timescale_pct", "as-at"),
        (Some(75.0), 3, Some(4), 0)
    );
}

#[test]
fn children_looked_after() {
    let k = |id: &str, cells: &[(&str, Value)]| (8, row(8, id, cells));
    let x = extract(vec![
        // 13; in care exactly 2.5 years; in the same placement exactly 2 years.
        k(
            "K1",
            &[
                ("Date of Birth", d("2010-06-29")),
                ("Date Started to be Looked After", d("2021-12-28")),
                ("Start Date of Most Recent Placement", d("2022-06-28")),
                ("Number of Placements in the Last 12 months", n(1)),
                (MISSING, n(0)),
                ("Placement Location", t("a) In")),
                ("Date of Latest Statutory Review", d("2024-01-01")),
                ("Date of Last Social Work Visit", d("2024-05-20")),
                ("Date of Last Health Assessment", d("2023-07-01")),
                ("Date of Last Dental Check", d("2023-06-27")),
            ],
        ),
        // K1's earlier placement: one child, counted once.
        k(
            "K1",
            &[
                ("Date of Birth", d("2010-06-29")),
                ("Date Started to be Looked After", d("2021-12-28")),
                ("Start Date of Most Recent Placement", d("2021-12-28")),
                ("Number of Placements in the Last 12 months", n(1)),
                (MISSING, n(0)),
            ],
        ),
        // 16 today: out of the long-term stability group.
        k(
            "K2",
            &[
                ("Date of Birth", d("2008-06-28")),
                ("Date Started to be Looked After", d("2020-01-01")),
                ("Start Date of Most Recent Placement", d("2024-01-01")),
                ("Number of Placements in the Last 12 months", n(3)),
                (MISSING, n(2)),
                (OFFERED, t("Yes")),
                (ACCEPTED, t("b) No")),
                ("Placement Location", t("Out")),
                ("Date of Latest Statutory Review", d("2023-12-27")),
                ("Date of Last Health Assessment", d("2024-01-01")),
                ("Date of Last Dental Check", d("2024-01-01")),
            ],
        ),
        // 4: health assessment due every 6 months.
        k(
            "K3",
            &[
                ("Date of Birth", d("2020-03-01")),
                ("Date Started to be Looked After", d("2022-12-29")),
                ("Start Date of Most Recent Placement", d("2023-01-01")),
                ("Number of Placements in the Last 12 months", n(2)),
                (MISSING, n(1)),
                ("Date of Last Social Work Visit", d("2024-06-28")),
                ("Date of Last Health Assessment", d("2023-12-27")),
            ],
        ),
        // In care 14 working days: left out of reviews.
        k(
            "K4",
            &[
                ("Date of Birth", d("2015-01-01")),
                ("Date Started to be Looked After", d("2024-06-10")),
                ("Start Date of Most Recent Placement", d("2024-06-10")),
                ("Number of Placements in the Last 12 months", n(1)),
                (MISSING, n(0)),
                ("Placement Location", t("In")),
                ("Date of Last Social Work Visit", d("2024-06-10")),
            ],
        ),
        k(
            "K5",
            &[
                ("Date Started to be Looked After", d("2023-01-01")),
                ("Date Ceased to be Looked After", d("2024-03-01")),
                ("Start Date of Most Recent Placement", d("2023-01-01")),
            ],
        ),
        k(
            "K7",
            &[
                ("Date of Birth", d("2012-05-05")),
                ("Date Started to be Looked After", d("2024-01-15")),
                ("Start Date of Most Recent Placement", d("2024-01-15")),
                ("Number of Placements in the Last 12 months", n(1)),
                (MISSING, n(0)),
                ("Placement Location", t("a) In")),
                ("Date of Latest Statutory Review", d("2024-03-01")),
                ("Date of Last Social Work Visit", d("2024-06-01")),
            ],
        ),
    ]);
    let all = run(&x, &Settings::default());
    assert_eq!(fig(&all, "cla_open", "as-at").0, Some(5.0));
    assert_eq!(fig(&all, "cla_started", "window").0, Some(2.0));
    assert_eq!(fig(&all, "cla_ceased", "window").0, Some(1.0));
    assert_eq!(fig(&all, "cla_ceased", "2024-03").0, Some(1.0));
    assert_eq!(
        fig(&all, "cla_3plus_placements_pct", "as-at"),
        (Some(20.0), 1, Some(5), 0)
    );
    assert_eq!(
        fig(&all, "cla_long_term_stability_pct", "as-at"),
        (Some(100.0), 1, Some(1), 0)
    );
    assert_eq!(
        fig(&all, "cla_reviews_in_timescale_pct", "as-at"),
        (Some(50.0), 2, Some(4), 1)
    );
    assert_eq!(
        fig(&all, "cla_visited_in_timescale_pct", "as-at"),
        (Some(100.0), 4, Some(4), 1)
    );
    assert_eq!(
        fig(&all, "cla_health_assessment_in_date_pct", "as-at"),
        (Some(66.7), 2, Some(3), 0)
    );
    assert_eq!(
        fig(&all, "cla_dental_check_in_date_pct", "as-at"),
        (Some(50.0), 1, Some(2), 1)
    );
    assert_eq!(
        fig(&all, "cla_missing_pct", "as-at"),
        (Some(40.0), 2, Some(5), 0)
    );
    assert_eq!(
        fig(&all, "cla_return_interview_offered_pct", "as-at"),
        (Some(100.0), 1, Some(1), 1)
    );
    assert_eq!(
        fig(&all, "cla_return_interview_accepted_pct", "as-at"),
        (Some(0.0), 0, Some(1), 0)
    );
    assert_eq!(
        fig(&all, "cla_placed_out_of_area_pct", "as-at"),
        (Some(25.0), 1, Some(4), 1)
    );
}

#[test]
fn long_term_stability_boundaries() {
    let k = |id: &str, dob: &str, started: &str, placed: &str| {
        (
            8,
            row(
                8,
                id,
                &[
                    ("Date of Birth", d(dob)),
                    ("Date Started to be Looked After", d(started)),
                    ("Start Date of Most Recent Placement", d(placed)),
                ],
            ),
        )
    };
    let x = extract(vec![
        k("in", "2010-06-29", "2021-12-28", "2022-06-28"), // 2.5 years exactly; 2 years exactly
        k("short", "2010-06-29", "2021-12-29", "2022-01-01"), // a day under 2.5 years
        k("moved", "2010-06-29", "2021-01-01", "2022-06-29"), // placement a day under 2 years
        k("sixteen", "2008-06-28", "2020-01-01", "2020-01-01"), // 16 today
        k("fifteen", "2008-06-29", "2020-01-01", "2020-01-01"), // 16 tomorrow
        (
            8,
            row(
                8,
                "no-dob",
                &[
                    ("Date Started to be Looked After", d("2020-01-01")),
                    ("Start Date of Most Recent Placement", d("2020-01-01")),
                ],
            ),
        ),
    ]);
    let all = run(&x, &Settings::default());
    assert_eq!(
        fig(&all, "cla_long_term_stability_pct", "as-at"),
        (Some(66.7), 2, Some(3), 1)
    );
}

#[test]
fn care_leavers() {
    let l = |id: &str, cells: &[(&str, Value)]| (9, row(9, id, cells));
    let rows = vec![
        l(
            "L1",
            &[
                ("Date of Birth", d("2006-06-28")),
                ("LA in Touch", t("a) Yes")),
                ("Suitability of Accommodation", t("Suitable")),
                ("Activity Status", t("F1")),
                ("Latest Pathway Plan Review Date", d("2024-01-01")),
            ],
        ),
        l(
            "L2",
            &[
                ("Date of Birth", d("2007-06-29")), // 16: not in the 17-21 band
                ("LA in Touch", t("Yes")),
                ("Latest Pathway Plan Review Date", d("2024-06-01")),
            ],
        ),
        l(
            "L3",
            &[
                ("Date of Birth", d("2002-06-29")), // 21 until tomorrow
                ("LA in Touch", t("b) No")),
                ("Activity Status", t("G5: NEET other")),
                ("Latest Pathway Plan Review Date", d("2023-12-27")),
            ],
        ),
        l(
            "L4",
            &[
                ("Date of Birth", d("2003-01-01")),
                ("LA in Touch", t("c) Died")),
            ],
        ),
        l(
            "L5",
            &[
                ("Age of Child (Years)", n(19)),
                ("LA in Touch", t("Yes")),
                ("Suitability of Accommodation", t("b) Unsuitable")),
                ("Activity Status", t("P3")),
            ],
        ),
    ];
    let all = run(&extract(rows.clone()), &Settings::default());
    assert_eq!(
        fig(&all, "care_leavers_in_touch_pct", "as-at"),
        (Some(66.7), 2, Some(3), 1)
    );
    assert_eq!(
        fig(&all, "care_leavers_suitable_accommodation_pct", "as-at"),
        (Some(33.3), 1, Some(3), 1)
    );
    assert_eq!(
        fig(&all, "care_leavers_eet_pct", "as-at"),
        (Some(66.7), 2, Some(3), 1)
    );
    // Aged 19 to 21, as DfE publishes: L3 (21 until tomorrow) and L5 (19); L1 is 18 today,
    // L4 died.
    assert_eq!(
        fig(&all, "care_leavers_19_21_in_touch_pct", "as-at"),
        (Some(50.0), 1, Some(2), 1)
    );
    assert_eq!(
        fig(
            &all,
            "care_leavers_19_21_suitable_accommodation_pct",
            "as-at"
        ),
        (Some(0.0), 0, Some(2), 1)
    );
    assert_eq!(
        fig(&all, "care_leavers_19_21_eet_pct", "as-at"),
        (Some(50.0), 1, Some(2), 1)
    );
    assert_eq!(
        fig(&all, "care_leavers_pathway_plan_in_date_pct", "as-at"),
        (Some(66.7), 2, Some(3), 2)
    );

    // The 2019 13-column List 9 has no pathway plan date: no figure, and why.
    let old: Vec<(u8, Record)> = rows
        .into_iter()
        .map(|(l, mut r)| {
            let i = LISTS[8]
                .columns
                .iter()
                .position(|c| c.header == "Latest Pathway Plan Review Date")
                .expect("column");
            r.values[i] = Value::Empty;
            (l, r)
        })
        .collect();
    let all = run(&extract(old), &Settings::default());
    let o = obs(&all, "care_leavers_pathway_plan_in_date_pct", "as-at");
    assert_eq!(o.value, None);
    assert!(o.reason.as_deref().unwrap_or("").contains("Pathway"));
}

#[test]
fn adoption_timeliness() {
    let a = |id: &str, cells: &[(&str, Value)]| (10, row(10, id, cells));
    let x = extract(vec![
        a(
            "D1",
            &[
                ("Date the Child Entered Care", d("2022-01-01")),
                ("Date of Placement Order", d("2022-06-01")),
                (
                    "Date of Matching Child and Prospective Adopters",
                    d("2022-09-01"),
                ),
                ("Date Placed for Adoption", d("2022-10-01")),
                ("Date of Adoption Order", d("2023-07-01")),
                (
                    "Date the child was placed for fostering in FFA or concurrent planning placement",
                    d("2022-03-01"),
                ),
            ],
        ),
        // Matched before the placement order: 0 days. Placed on a leap day.
        a(
            "D2",
            &[
                ("Date the Child Entered Care", d("2023-01-01")),
                ("Date of Placement Order", d("2023-06-01")),
                (
                    "Date of Matching Child and Prospective Adopters",
                    d("2023-05-01"),
                ),
                ("Date Placed for Adoption", d("2024-02-29")),
                ("Date of Adoption Order", d("2024-06-28")),
            ],
        ),
        // Adopted the day before the 12-month window.
        a(
            "D3",
            &[
                ("Date the Child Entered Care", d("2021-01-01")),
                ("Date Placed for Adoption", d("2022-01-01")),
                ("Date of Adoption Order", d("2023-06-28")),
            ],
        ),
        a(
            "D4",
            &[
                ("Date of Placement Order", d("2023-01-01")),
                (
                    "Date of Matching Child and Prospective Adopters",
                    d("2023-01-11"),
                ),
                ("Date of Adoption Order", d("2024-01-01")),
            ],
        ),
    ]);
    let all = run(&x, &Settings::default());
    // (273 + 424) / 2
    assert_eq!(
        fig(&all, "adoption_a1_avg_days", "window"),
        (Some(348.5), 697, Some(2), 1)
    );
    // (92 + 0 + 10) / 3
    assert_eq!(
        fig(&all, "adoption_a2_avg_days", "window"),
        (Some(34.0), 102, Some(3), 0)
    );
    // (59 + 424) / 2
    assert_eq!(
        fig(&all, "adoption_a10_avg_days", "window"),
        (Some(241.5), 483, Some(2), 1)
    );
    assert_eq!(fig(&all, "adoption_a1_avg_days", "2024-06").0, Some(424.0));
}

#[test]
fn caseloads_count_each_child_once() {
    let x = extract(vec![
        (
            8,
            row(
                8,
                "X",
                &[
                    ("Date Started to be Looked After", d("2024-01-01")),
                    ("Start Date of Most Recent Placement", d("2024-01-01")),
                    ("Allocated Worker", t("W1")),
                ],
            ),
        ),
        (
            7,
            row(
                7,
                "X",
                &[
                    ("Child Protection Plan Start Date", d("2023-10-01")),
                    ("Allocated Worker", t("W2")),
                ],
            ),
        ),
        (
            6,
            row(
                6,
                "Y",
                &[
                    ("CIN Start Date", d("2024-02-01")),
                    ("Allocated Worker", t("W1")),
                ],
            ),
        ),
        (6, row(6, "Z", &[("CIN Start Date", d("2024-02-01"))])),
        (9, row(9, "Q", &[("Allocated Worker", t("W2"))])),
        (
            4,
            row(
                4,
                "R",
                &[
                    ("Continuous Assessment Start Date", d("2024-06-01")),
                    ("Allocated Worker", t("Unallocated")),
                ],
            ),
        ),
        (
            4,
            row(
                4,
                "S",
                &[
                    ("Continuous Assessment Start Date", d("2024-04-01")),
                    (
                        "Continuous Assessment Date of Authorisation",
                        d("2024-05-01"),
                    ),
                    ("Allocated Worker", t("W3")),
                ],
            ),
        ),
    ]);
    let all = run(&x, &Settings::default());
    assert_eq!(
        fig(&all, "caseload_avg", "as-at"),
        (Some(1.5), 3, Some(2), 2)
    );
    assert_eq!(
        fig(&all, "children_unallocated", "as-at"),
        (Some(2.0), 2, None, 0)
    );
    // W1 holds X and Y (2), W2 holds Q (1). Above the default 20: nobody.
    assert_eq!(
        fig(&all, "workers_above_caseload_threshold", "as-at"),
        (Some(0.0), 0, None, 0)
    );
    // At the threshold is not above it: 2 is not more than 2.
    let at = Settings {
        caseload_threshold: 2,
        ..Settings::default()
    };
    assert_eq!(
        fig(&run(&x, &at), "workers_above_caseload_threshold", "as-at"),
        (Some(0.0), 0, None, 0)
    );
    let above = Settings {
        caseload_threshold: 1,
        ..Settings::default()
    };
    assert_eq!(
        fig(
            &run(&x, &above),
            "workers_above_caseload_threshold",
            "as-at"
        ),
        (Some(1.0), 1, None, 0)
    );
}

#[test]
fn viewers_get_no_proof_of_child_level_access() {
    assert!(Role::Viewer.child_level().is_none());
}

use sightline_core::annex_a::{
    MISSING_EPISODES as MISSING, RETURN_INTERVIEW_ACCEPTED as ACCEPTED,
    RETURN_INTERVIEW_OFFERED as OFFERED,
};

#[test]
fn open_plans_lasting_over_one_and_two_years() {
    // As at 28 Jun 2024. 365 days before is 29 Jun 2023 (2024 is a leap year); 730 days
    // before is 29 Jun 2022.
    let p = |id: &str, start: &str| {
        (
            7,
            row(7, id, &[("Child Protection Plan Start Date", d(start))]),
        )
    };
    let x = extract(vec![
        // 365 days exactly: not over a year.
        p("A", "2023-06-29"),
        // 366 days: over a year.
        p("B", "2023-06-28"),
        // Started 28 Feb 2022: 851 days, over both.
        p("C", "2022-02-28"),
        // 730 days exactly: over one year, not over two.
        p("D", "2022-06-29"),
        // Ended before the as-at date: not open.
        (
            7,
            row(
                7,
                "E",
                &[
                    ("Child Protection Plan Start Date", d("2020-01-01")),
                    ("Child Protection Plan End Date", d("2024-01-01")),
                ],
            ),
        ),
        // Starts after the as-at date: not open.
        p("F", "2024-07-01"),
    ]);
    let all = run(&x, &Settings::default());
    // Over a year: B, C, D of A, B, C, D.
    assert_eq!(
        fig(&all, "cp_plans_open_over_1y_pct", "as-at"),
        (Some(75.0), 3, Some(4), 0)
    );
    // Over two years: C only.
    assert_eq!(
        fig(&all, "cp_plans_open_over_2y_pct", "as-at"),
        (Some(25.0), 1, Some(4), 0)
    );
}

#[test]
fn children_placed_in_independent_or_semi_independent_living() {
    // As at 28 Jun 2024.
    let k = |id: &str, dob: &str, placement: &str| {
        (
            8,
            row(
                8,
                id,
                &[
                    ("Date of Birth", d(dob)),
                    ("Date Started to be Looked After", d("2023-01-01")),
                    ("Start Date of Most Recent Placement", d("2023-01-01")),
                    ("Placement Type", t(placement)),
                ],
            ),
        )
    };
    let x = extract(vec![
        // 17: semi-independent (H5).
        k(
            "A",
            "2007-01-10",
            "H5: Semi-independent living accommodation not subject to children's homes regulations",
        ),
        // 16 today (born 28 Jun 2008): independent living (P2).
        k("B", "2008-06-28", "P2: Independent living"),
        // 16: fostered.
        k(
            "C",
            "2007-12-01",
            "U6: Foster placement - not FFA or connected person",
        ),
        // 15 (16 tomorrow): in P2, unlawfully.
        k("D", "2008-06-29", "P2"),
        // 12: in a children's home.
        k("E", "2012-03-03", "K2: Children's home"),
        // 17, placement type not a code: excluded from the share.
        k("F", "2006-09-09", "lodgings"),
    ]);
    let all = run(&x, &Settings::default());
    // 16 and 17 year olds: A, B, C (and F excluded): A and B of 3.
    assert_eq!(
        fig(&all, "cla_16_17_unregulated_pct", "as-at"),
        (Some(66.7), 2, Some(3), 1)
    );
    // Under 16 in P2 or H5: D.
    assert_eq!(
        fig(&all, "cla_under_16_unregulated", "as-at"),
        (Some(1.0), 1, None, 0)
    );
}

#[test]
fn placement_stability_takes_its_years_from_a_setting() {
    let k = |id: &str, care: &str, placed: &str| {
        (
            8,
            row(
                8,
                id,
                &[
                    ("Date of Birth", d("2012-01-01")),
                    ("Date Started to be Looked After", d(care)),
                    ("Start Date of Most Recent Placement", d(placed)),
                ],
            ),
        )
    };
    // As at 28 Jun 2024: A in care 3 years, placed 2 years ago; B in care 3.5 years exactly,
    // placed 3 years ago exactly; C in care 3.5 years, placed 2 years ago.
    let x = extract(vec![
        k("A", "2021-06-28", "2022-06-28"),
        k("B", "2020-12-28", "2021-06-28"),
        k("C", "2020-12-28", "2022-06-28"),
    ]);
    // DfE's 2 years (in care 2.5): all three in the cohort, all three stable.
    let all = run(&x, &Settings::default());
    assert_eq!(
        fig(&all, "cla_long_term_stability_pct", "as-at"),
        (Some(100.0), 3, Some(3), 0)
    );
    // 3 years (in care 3.5): B and C in the cohort; B stable, C not.
    let three = Settings {
        stability_years: 3,
        ..Settings::default()
    };
    let all = run(&x, &three);
    assert_eq!(
        fig(&all, "cla_long_term_stability_pct", "as-at"),
        (Some(50.0), 1, Some(2), 0)
    );
    assert!(
        obs(&all, "cla_long_term_stability_pct", "as-at")
            .standards
            .iter()
            .any(|s| s.contains("for 3 years")),
        "the setting is shown beside the figure"
    );
}

#[test]
fn contact_to_completed_assessment_across_easter_and_may_bank_holidays() {
    let contact = |id: &str, on: &str| (1, row(1, id, &[("Date of Contact", d(on))]));
    let assessment = |id: &str, start: &str, auth: &str| {
        (
            4,
            row(
                4,
                id,
                &[
                    ("Continuous Assessment Start Date", d(start)),
                    ("Continuous Assessment Date of Authorisation", d(auth)),
                ],
            ),
        )
    };
    let x = extract(vec![
        // Thu 28 Mar to Fri 31 May: 42 working days (Good Friday, Easter Monday and both May
        // bank holidays out).
        contact("A", "2024-03-28"),
        assessment("A", "2024-04-02", "2024-05-31"),
        // Two contacts: the latest before the start counts (1 May to 3 May: 2 working days).
        contact("B", "2024-01-10"),
        contact("B", "2024-05-01"),
        assessment("B", "2024-05-02", "2024-05-03"),
        // Fri 1 Mar to Fri 10 May: 47 working days, over 45.
        contact("E", "2024-03-01"),
        assessment("E", "2024-03-04", "2024-05-10"),
        // No contact at all, and a contact only after the start: both excluded.
        assessment("C", "2024-04-02", "2024-05-31"),
        contact("D", "2024-05-10"),
        assessment("D", "2024-05-09", "2024-06-20"),
    ]);
    let all = run(&x, &Settings::default());
    assert_eq!(
        fig(&all, "contact_to_assessment_within_45wd_pct", "window"),
        (Some(66.7), 2, Some(3), 2)
    );
    // (42 + 2 + 47) / 3 = 30.33…
    assert_eq!(
        fig(&all, "contact_to_assessment_avg_wd", "window"),
        (Some(30.3), 91, Some(3), 2)
    );
    // The median of 2, 42 and 47 is 42: half waited longer, half less.
    assert_eq!(
        fig(&all, "contact_to_assessment_median_wd", "window"),
        (Some(42.0), 91, Some(3), 2)
    );
    // By month of authorisation: May holds A, B and E, and C excluded; June only D, excluded.
    assert_eq!(
        fig(&all, "contact_to_assessment_avg_wd", "2024-05"),
        (Some(30.3), 91, Some(3), 1)
    );
    assert_eq!(
        fig(&all, "contact_to_assessment_within_45wd_pct", "2024-06"),
        (None, 0, Some(0), 1)
    );
}

#[test]
fn the_median_length_of_plans_ending() {
    let p = |id: &str, start: &str, end: &str| {
        (
            7,
            row(
                7,
                id,
                &[
                    ("Child Protection Plan Start Date", d(start)),
                    ("Child Protection Plan End Date", d(end)),
                ],
            ),
        )
    };
    let x = extract(vec![
        // 1 Mar 2024 to 10 Jun 2024: 101 days (29 Feb 2024 is a leap day, not in it).
        p("A", "2024-03-01", "2024-06-10"),
        // 29 Feb 2024 to 10 Jun 2024: 102 days.
        p("B", "2024-02-29", "2024-06-10"),
        // 10 Jun 2023 to 10 Jun 2024: 366 days (a leap year between).
        p("C", "2023-06-10", "2024-06-10"),
        // 10 Jan 2022 to 15 Jan 2024: 735 days.
        p("D", "2022-01-10", "2024-01-15"),
        // Ended before the window: not counted.
        p("E", "2020-01-01", "2023-06-01"),
    ]);
    let all = run(&x, &Settings::default());
    // Four plans: 101, 102, 366, 735; the median is (102 + 366) / 2 = 234.
    assert_eq!(
        fig(&all, "cp_plan_length_median_days", "window"),
        (Some(234.0), 101 + 102 + 366 + 735, Some(4), 0)
    );
    // June alone: 101, 102, 366, median 102.
    assert_eq!(
        fig(&all, "cp_plan_length_median_days", "2024-06").0,
        Some(102.0)
    );
    // A breakdown cell has its count but no median (a median is not a sum).
    let with = sightline_core::indicator::compute(&x, &Settings::default(), &calendar(), true);
    let o = obs(&with, "cp_plan_length_median_days", "window");
    assert!(
        o.breakdowns
            .iter()
            .all(|b| b.value.is_none() && b.denominator.is_some())
    );
}
