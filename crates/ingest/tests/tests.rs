//! Integration tests of sightline-ingest against real published documents in `../shared/data`.

use std::path::{Path, PathBuf};

use sightline_core::inspection::{Area, Grade};
use sightline_ingest::{Error, ofsted};

mod reports;

/// A published document, or `None` (the test skips) in a bare clone.
fn shared(rel: &str) -> Option<PathBuf> {
    sightline_synth::published::data(rel)
}

#[test]
fn leicester_2024_recommendations_are_whole_sentences() {
    let Some(path) = shared("ofsted-reports/leicester_2025-01-29.pdf") else {
        return;
    };
    let r = ofsted::read(&path).expect("parses");
    assert_eq!(
        r.recommendations,
        [
            "The range and accuracy of information used by leaders to evaluate service \
             performance and the quality and impact of management oversight and supervision.",
            "The timeliness and robustness of responses to contacts and referrals.",
            "The quality and consistency of care plans and pathway plans.",
            "Arrangements to identify, safeguard and support the most vulnerable children in \
             care and care leavers, including children in unregistered children’s homes.",
            "Support for care leavers who may be more reluctant to accept help, including those \
             in custody and those facing homelessness.",
        ]
    );
}

#[test]
fn sif_sub_bullets_join_their_recommendation_and_sub_headings_are_dropped() {
    let Some(path) = shared("ofsted-reports/leicester_2015-03-20.pdf") else {
        return;
    };
    let r = ofsted::read(&path).expect("parses");
    assert_eq!(
        r.recommendations[0],
        "Put into place an effective performance management framework; this to include: \
         comprehensive and reliable performance data; clear monitoring and quality assurance \
         arrangements; effective performance management of teams and individuals."
    );
    // Item 7 follows the sub-headings "Areas for improvement" and "Leadership and management".
    assert!(r.recommendations[6].starts_with("Ensure effective oversight and examination"));
    assert!(
        r.recommendations
            .iter()
            .all(|t| !t.contains("Quality of practice"))
    );
}

#[test]
fn a_recommendation_split_across_pages_is_joined() {
    // Kirklees: the fourth bullet ends on page 2 and the sixth starts on page 3.
    let Some(path) = shared("ofsted-reports/kirklees_2019-08-05.pdf") else {
        return;
    };
    let r = ofsted::read(&path).expect("parses");
    assert_eq!(
        r.recommendations[5],
        "The completion of life-story work for children in care."
    );
}

#[test]
fn a_file_that_is_not_a_pdf_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let html = dir.path().join("report.pdf");
    std::fs::write(&html, "<!DOCTYPE html><html><body>Not found</body></html>").expect("write");
    let err = ofsted::read(&html).expect_err("HTML is not a PDF");
    assert!(matches!(err, Error::Pdf { .. }));
    let msg = err.to_string();
    assert!(
        msg.contains("report.pdf") && msg.contains("HTML page"),
        "{msg}"
    );

    let missing = dir.path().join("missing.pdf");
    let err = ofsted::read(&missing).expect_err("missing");
    assert!(matches!(err, Error::Io { .. }), "{err}");
}

#[test]
fn a_truncated_pdf_is_an_error_not_a_panic() {
    let Some(path) = shared("ofsted-reports/bromley_2024-01-12.pdf") else {
        return;
    };
    let bytes = std::fs::read(path).expect("read");
    let dir = tempfile::tempdir().expect("temp dir");
    let cut = dir.path().join("cut.pdf");
    std::fs::write(&cut, &bytes[..bytes.len() / 3]).expect("write");
    assert!(ofsted::read(&cut).is_err());
}

mod seed_plan;

mod plan_import {
    use jiff::civil::date;
    use sightline_core::authority::LaCode;
    use sightline_core::finding::Severity;
    use sightline_core::plan::ActionStatus;
    use sightline_ingest::plan_workbook::{ImportSettings, PlanImport, read};

    use super::seed_plan::{SEED_002, write};

    fn settings() -> ImportSettings {
        ImportSettings {
            authority: LaCode(855),
            as_at: date(2017, 2, 20),
            author: "imported".into(),
        }
    }

    fn seed() -> (tempfile::TempDir, PlanImport) {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("seed-002.xlsx");
        write(SEED_002, &path, 0);
        let imported = read(&path, &settings()).expect("imports");
        (dir, imported)
    }

    fn finding<'a>(
        i: &'a PlanImport,
        rule: &str,
        cell: &str,
    ) -> &'a sightline_core::finding::Finding {
        i.findings
            .iter()
            .find(|f| f.rule == rule && f.cell.as_deref() == Some(cell))
            .unwrap_or_else(|| panic!("no {rule} at {cell}: {:#?}", i.findings))
    }

    #[test]
    fn seed_002_title_themes_and_priorities() {
        let (_d, i) = seed();
        let p = &i.plan;
        assert_eq!(p.title, "DRAFT OFSTED ACTION PLAN 2017-2020");
        assert_eq!(p.priorities.len(), 18);
        let themes: Vec<_> = p
            .priorities
            .iter()
            .map(|p| p.theme.as_deref().unwrap_or(""))
            .collect();
        assert_eq!(&themes[..4], ["Learning Organisation"; 4]);
        assert_eq!(&themes[4..9], ["Practice Excellence"; 5]);
        assert_eq!(&themes[9..14], ["Right action Right time"; 5]);
        assert_eq!(&themes[14..], ["Policy and Performance"; 4]);
        let actions: usize = p.priorities.iter().map(|p| p.actions.len()).sum();
        assert_eq!(actions, 42);
    }

    #[test]
    fn seed_002_row_4_quality_assurance_framework() {
        // A4: the first requirement; B4 "14,6, 13,"; D4 blank; E4 one date for two actions.
        let (_d, i) = seed();
        let p = &i.plan.priorities[0];
        assert_eq!(
            p.text,
            "Develop a quality assurance framework for children's social care"
        );
        assert_eq!(p.recommendations, vec![14, 6, 13]);
        assert_eq!(p.recommendations_raw.as_deref(), Some("14,6, 13,"));
        assert_eq!(p.actions.len(), 2);
        assert!(p.actions.iter().all(|a| a.lead.is_none()));
        assert!(p.actions.iter().all(|a| a.due == Some(date(2017, 3, 31))));
        assert_eq!(
            p.actions[0].timescale_raw.as_deref(),
            Some("Ready to launch in March 17")
        );
        let lead = finding(&i, "lead-missing", "D4");
        assert_eq!((lead.row, lead.severity), (4, Severity::Warning));
        assert_eq!(lead.column.as_deref(), Some("Key Lead"));
        let m = finding(&i, "timescale-count-mismatch", "E4");
        assert!(
            m.message.starts_with("1 timescales for 2 actions"),
            "{}",
            m.message
        );
        assert_eq!(
            p.actions[0].updates[0].text,
            "Work underway. Draft to be ready by the end of Feb."
        );
        assert_eq!(p.actions[0].updates[0].date, date(2017, 2, 20));
        assert_eq!(
            p.actions[0].updates[0].status,
            Some(ActionStatus::InProgress)
        );
        assert!(p.actions[1].updates.is_empty());
        assert_eq!(p.targets.len(), 1);
        assert!(p.targets[0].text.starts_with("Routine audit shows"));
        assert_eq!(p.targets[0].indicator, None);
    }

    #[test]
    fn seed_002_row_5_pairs_four_actions_with_four_dates() {
        let (_d, i) = seed();
        let p = &i.plan.priorities[1];
        assert_eq!(p.recommendations, vec![17]);
        let dues: Vec<_> = p.actions.iter().map(|a| a.due).collect();
        assert_eq!(
            dues,
            [
                Some(date(2017, 1, 31)),
                Some(date(2017, 3, 31)),
                Some(date(2017, 3, 31)),
                Some(date(2017, 4, 30))
            ]
        );
        assert_eq!(
            p.actions[2].timescale_raw.as_deref(),
            Some("Feb/March 2017")
        );
        // Two leads for four actions cannot be paired: every action names both.
        assert_eq!(
            p.actions[3].lead.as_deref(),
            Some(
                "Head of Service, Practice Workforce Development Lead; AD, Children's Social Care"
            )
        );
    }

    #[test]
    fn seed_002_messy_cells() {
        let (_d, i) = seed();
        let by = |text: &str| {
            i.plan
                .priorities
                .iter()
                .find(|p| p.text.starts_with(text))
                .unwrap_or_else(|| panic!("{text}"))
        };
        assert_eq!(
            by("Strong leadership").recommendations,
            (1..=17).collect::<Vec<_>>()
        );
        assert_eq!(
            by("Strong leadership").actions[0].due,
            Some(date(2017, 6, 30))
        );
        let fidelity = by("Fidelity to the signs");
        assert_eq!(fidelity.actions[0].due, None, "Ongoing has no date");
        assert_eq!(fidelity.actions[1].due, Some(date(2017, 6, 30)));
        let supervision = by("Quality of assessment planning");
        assert_eq!(supervision.recommendations, vec![2, 6, 17]);
        assert_eq!(
            supervision.actions[0].due,
            Some(date(2017, 4, 30)),
            "March/April 17"
        );
        let established = by("Good case management");
        assert_eq!(established.actions[0].due, None);
        assert_eq!(
            established.actions[0].status_at(date(2017, 2, 20)),
            ActionStatus::Complete,
            "Established now"
        );
        let pathway = by("Pathway plans");
        assert_eq!(pathway.recommendations, vec![12, 6]);
        assert_eq!(
            pathway.actions.len(),
            4,
            "the row below with no requirement continues it"
        );
        assert_eq!(
            pathway.actions[3].lead.as_deref(),
            Some("Permanence Support")
        );
        let front_door = by("Ensure Strong Front door");
        assert!(
            front_door.actions.iter().all(|a| a.due.is_none()),
            "Immediate action"
        );
        let sgo = by("SGO");
        assert_eq!(sgo.recommendations, vec![8, 11]);
        let sgo_dues: Vec<_> = sgo.actions.iter().map(|a| a.due).collect();
        assert_eq!(
            sgo_dues,
            [
                Some(date(2017, 1, 31)),
                Some(date(2017, 5, 31)),
                Some(date(2017, 6, 30)),
                Some(date(2017, 1, 31)),
                Some(date(2017, 9, 30))
            ]
        );
        assert_eq!(sgo.targets.len(), 2);
        assert!(by("Child Protection planning").recommendations.is_empty());
        let data = by("Accurate performance data");
        assert_eq!(
            data.recommendations,
            vec![1, 2, 3, 4, 6, 7, 9, 10, 11, 12, 13, 14, 15, 16]
        );
        let caseload = by("Caseload size");
        assert!(
            caseload
                .actions
                .iter()
                .all(|a| a.due == Some(date(2017, 4, 30))),
            "Dec → March/April 2017"
        );
        assert!(caseload.targets.is_empty());
        let first_response = by("Review process in First Response");
        assert_eq!(
            first_response.actions[0].due, None,
            "end of March has no year"
        );
        assert!(i.findings.iter().any(|f| f.rule == "timescale-unreadable"
            && f.value.as_deref()
                == Some("Dec → New systems to be fully operational end of March.")));
        assert_eq!(
            by("Service Delivery Plan").actions[0].due,
            Some(date(2017, 4, 30))
        );
    }

    #[test]
    fn a_header_below_a_title_block_and_a_missing_file() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("lower.xlsx");
        write(SEED_002, &path, 5);
        let i = read(&path, &settings()).expect("imports");
        assert_eq!(i.plan.priorities.len(), 18);
        assert!(
            i.findings.iter().any(|f| f.cell.as_deref() == Some("D9")),
            "rows shift by 5"
        );

        let err = read(&dir.path().join("missing.xlsx"), &settings()).expect_err("missing");
        assert!(err.to_string().contains("missing.xlsx"), "{err}");
        let not_plan = dir.path().join("other.xlsx");
        write(
            &[super::seed_plan::Row::Single("Budget 2017")],
            &not_plan,
            0,
        );
        let err = read(&not_plan, &settings()).expect_err("no header");
        assert!(err.to_string().contains("Requirement"), "{err}");
    }

    #[test]
    fn export_then_import_gives_the_same_plan() {
        let (dir, first) = seed();
        let out = dir.path().join("export.xlsx");
        sightline_report::plan::write_xlsx(&first.plan, &out).expect("writes");
        let again = read(&out, &settings()).expect("reads back");
        assert_eq!(again.plan, first.plan);
    }
}

#[test]
fn the_committed_example_workbook_matches_the_typed_seed() {
    use sightline_ingest::plan_workbook::{ImportSettings, read};
    let settings = ImportSettings {
        authority: sightline_core::authority::LaCode(855),
        as_at: jiff::civil::date(2017, 2, 20),
        author: "x".into(),
    };
    let committed =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/examples/seed-002-action-plan.xlsx");
    let dir = tempfile::tempdir().expect("dir");
    let fresh = dir.path().join("fresh.xlsx");
    seed_plan::write(seed_plan::SEED_002, &fresh, 0);
    assert_eq!(
        read(&committed, &settings).expect("committed").plan,
        read(&fresh, &settings).expect("fresh").plan,
        "regenerate with: cargo run -p sightline-ingest --example seed_002_workbook -- docs/examples/seed-002-action-plan.xlsx"
    );
}

#[test]
fn another_councils_layout_with_real_dates_and_other_headers() {
    use sightline_core::finding::Severity;
    use sightline_ingest::plan_workbook::{ImportSettings, read};
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("other.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let date_format = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    let header = [
        "Ref",
        "Priority",
        "Ofsted recommendation",
        "Action",
        "Lead officer",
        "Target date",
        "Update",
        "RAG",
        "Success measure",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet
            .write_string(2, u16::try_from(c).expect("small"), *h)
            .expect("write");
    }
    sheet
        .write_string(0, 0, "Children's services improvement plan")
        .expect("write");
    sheet.write_string(3, 0, "1.1").expect("write");
    sheet
        .write_string(3, 1, "Management oversight")
        .expect("write");
    sheet
        .write_string(3, 2, "Recommendation 3: the quality of supervision")
        .expect("write");
    sheet
        .write_string(3, 3, "Supervision audit")
        .expect("write");
    sheet.write_string(3, 4, "Head of Service").expect("write");
    let due = rust_xlsxwriter::ExcelDateTime::from_ymd(2024, 2, 29).expect("date");
    sheet
        .write_datetime_with_format(3, 5, &due, &date_format)
        .expect("write");
    sheet.write_string(3, 6, "First audit done").expect("write");
    sheet.write_string(3, 7, "Amber").expect("write");
    book.save(&path).expect("save");

    let settings = ImportSettings {
        authority: sightline_core::authority::LaCode(856),
        as_at: jiff::civil::date(2024, 1, 10),
        author: "x".into(),
    };
    let i = read(&path, &settings).expect("reads");
    assert_eq!(i.plan.title, "Children's services improvement plan");
    let p = &i.plan.priorities[0];
    assert_eq!(p.text, "Management oversight");
    assert_eq!(p.actions[0].lead.as_deref(), Some("Head of Service"));
    assert_eq!(
        p.actions[0].due,
        Some(jiff::civil::date(2024, 2, 29)),
        "a real Excel date, leap day"
    );
    assert_eq!(p.actions[0].updates[0].text, "First audit done");
    // The recommendation is written as text, not numbers: kept, and reported at C4.
    assert_eq!(
        p.recommendations_raw.as_deref(),
        Some("Recommendation 3: the quality of supervision")
    );
    assert!(
        i.findings
            .iter()
            .any(|f| f.rule == "links-unreadable" && f.cell.as_deref() == Some("C4"))
    );
    let ignored: Vec<_> = i
        .findings
        .iter()
        .filter(|f| f.rule == "column-not-imported")
        .map(|f| (f.cell.as_deref().unwrap_or(""), f.severity))
        .collect();
    assert_eq!(ignored, [("A3", Severity::Info), ("H3", Severity::Info)]);
}

mod annex_a_files {
    use sightline_core::finding::Severity;
    use sightline_ingest::annex_a::{Value, check};

    use super::shared;

    /// A List 1 workbook whose Date of Contact in the second data row is a formula saved
    /// without its value, as tools that write XLSX without calculating leave it.
    fn workbook_with_an_uncalculated_formula(path: &std::path::Path) {
        use std::io::{Read, Write};
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet().set_name("List 1").expect("name");
        let header = sightline_core::annex_a::LISTS[0]
            .columns
            .iter()
            .map(|c| c.header);
        for (c, h) in header.enumerate() {
            sheet
                .write(0, u16::try_from(c).expect("col"), h)
                .expect("header");
        }
        for (r, id) in [(1u32, "C1"), (2, "C2")] {
            sheet.write(r, 0, id).expect("id");
            sheet.write(r, 1, "a) Male").expect("gender");
            sheet.write(r, 2, "WBRI").expect("ethnicity");
            sheet.write(r, 3, "01/02/2015").expect("dob");
            sheet.write(r, 6, "1A").expect("source");
        }
        sheet.write(1, 5, "10/01/2024").expect("date");
        sheet
            .write_formula(2, 5, "=DATE(2024,1,11)")
            .expect("formula");
        let plain = path.with_extension("plain.xlsx");
        book.save(&plain).expect("save");
        // Drop every saved formula value: <f>..</f><v>0</v> becomes <f>..</f>.
        let mut zin =
            zip::ZipArchive::new(std::fs::File::open(&plain).expect("open")).expect("zip");
        let mut zout = zip::ZipWriter::new(std::fs::File::create(path).expect("create"));
        for i in 0..zin.len() {
            let mut f = zin.by_index(i).expect("entry");
            let name = f.name().expect("entry name").into_owned();
            let mut body = String::new();
            f.read_to_string(&mut body).expect("xml");
            if name.starts_with("xl/worksheets/") {
                body = body.replace("</f><v>0</v>", "</f>");
            }
            zout.start_file(name, zip::write::SimpleFileOptions::default())
                .expect("entry");
            zout.write_all(body.as_bytes()).expect("write");
        }
        zout.finish().expect("finish");
    }

    /// Excel's "CSV (Comma delimited)" on Windows is Windows-1252, where the curly apostrophe
    /// is byte 0x92: the header "Child’s Category of Need" must still be List 8's column.
    #[test]
    fn a_windows_1252_csv_keeps_its_curly_apostrophes() {
        let spec = &sightline_core::annex_a::LISTS[7];
        let header: Vec<&str> = spec.columns.iter().map(|c| c.header).collect();
        let mut bytes = Vec::new();
        for (k, h) in header.iter().enumerate() {
            if k > 0 {
                bytes.push(b',');
            }
            let h = if h.contains(',') {
                format!("\"{h}\"")
            } else {
                (*h).to_owned()
            };
            bytes.extend(h.replace('\'', "\u{2019}").chars().map(|c| {
                if c == '\u{2019}' {
                    0x92
                } else {
                    u8::try_from(c).expect("ASCII header")
                }
            }));
        }
        bytes.extend_from_slice(b"\r\n");
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("list8.csv");
        std::fs::write(&path, &bytes).expect("write");
        let x = check(&path, Some(jiff::civil::date(2024, 1, 15))).expect("reads");
        assert_eq!(x.lists.len(), 1, "{:?}", x.unrecognised);
        assert_eq!(x.lists[0].list, 8);
        let misplaced: Vec<_> = x
            .findings
            .iter()
            .filter(|f| f.rule.starts_with("column-"))
            .map(|f| (&f.rule, &f.column))
            .collect();
        assert!(misplaced.is_empty(), "{misplaced:?}");
    }

    #[test]
    fn a_council_s_own_headers_are_read_and_each_renaming_is_reported() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("contacts.csv");
        std::fs::write(
            &path,
            "Child ID,Gender,Ethnicity,DOB,Age,Contact date,Source of contact\n\
             C1,Male,WBRI,01/02/2015,8,10/01/2024,1A\n",
        )
        .expect("write");
        let x = check(&path, Some(jiff::civil::date(2024, 1, 15))).expect("reads");
        assert_eq!(x.lists.len(), 1);
        assert_eq!((x.lists[0].rows_read, x.lists[0].rows_accepted), (1, 1));
        let renamed: Vec<(&str, Option<&str>)> = x
            .findings
            .iter()
            .filter(|f| f.rule == "column-renamed")
            .map(|f| (f.cell.as_deref().unwrap_or(""), f.column.as_deref()))
            .collect();
        assert_eq!(
            renamed,
            [
                ("A1", Some("Child ID")),
                ("D1", Some("DOB")),
                ("F1", Some("Contact date")),
                ("G1", Some("Source of contact"))
            ]
        );
        assert!(
            x.findings.iter().all(|f| f.severity == Severity::Info),
            "{:?}",
            x.findings
        );
    }

    #[test]
    fn a_formula_without_a_saved_value_is_a_finding_at_its_cell() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("uncalculated.xlsx");
        workbook_with_an_uncalculated_formula(&path);
        let x = check(&path, Some(jiff::civil::date(2024, 1, 15))).expect("reads");
        assert_eq!(x.lists.len(), 1);
        let l = &x.lists[0];
        assert_eq!((l.rows_read, l.rows_accepted, l.rows_rejected), (2, 1, 1));
        let f: Vec<_> = x
            .findings
            .iter()
            .filter(|f| f.rule == "formula-without-value")
            .collect();
        assert_eq!(f.len(), 1, "{:?}", x.findings);
        assert_eq!(f[0].sheet, "List 1");
        assert_eq!(f[0].row, 3, "the Excel row");
        assert_eq!(f[0].cell.as_deref(), Some("F3"));
        assert_eq!(f[0].column.as_deref(), Some("Date of Contact"));
        assert_eq!(f[0].severity, Severity::Warning);
        // The blank mandatory date rejects the row, at the same cell.
        assert!(
            x.findings.iter().any(|g| g.row == 3
                && g.cell.as_deref() == Some("F3")
                && g.severity == Severity::Error),
            "{:?}",
            x.findings
        );
    }

    #[test]
    fn the_messy_sample_every_row_accounted_for() {
        let Some(path) = shared("annex-a/sample-messy.xlsx") else {
            return;
        };
        let x = check(&path, None).expect("reads");
        assert_eq!(
            x.as_at.to_string(),
            "2021-02-08",
            "the latest key event date"
        );
        let counts: Vec<(u8, usize, usize, usize)> = x
            .lists
            .iter()
            .map(|l| (l.list, l.rows_read, l.rows_accepted, l.rows_rejected))
            .collect();
        assert_eq!(
            counts,
            [
                (1, 5, 5, 0),
                (2, 5, 5, 0),
                (3, 6, 6, 0),
                (4, 5, 5, 0),
                (5, 5, 5, 0),
                (6, 5, 5, 0),
                (7, 7, 6, 1),
                (8, 5, 4, 1),
                (9, 6, 6, 0),
                (10, 5, 4, 1),
                (11, 5, 5, 0)
            ]
        );
        let find = |list: u8, rule: &str, cell: &str| {
            x.findings
                .iter()
                .find(|f| f.list == Some(list) && f.rule == rule && f.cell.as_deref() == Some(cell))
                .unwrap_or_else(|| panic!("no {rule} at List {list} {cell}"))
        };
        let postcode = find(8, "postcode-invalid", "Y3");
        assert_eq!(
            (postcode.value.as_deref(), postcode.severity),
            (Some("nope"), Severity::Warning)
        );
        assert_eq!(postcode.column.as_deref(), Some("Placement postcode"));
        assert_eq!(
            find(6, "value-not-available", "M2").value.as_deref(),
            Some("#N/A")
        );
        // "(Y/N))" with a doubled bracket is the UASC column, not an extra one.
        assert!(!x.findings.iter().any(|f| f.rule == "column-extra"));
        // A formula date (=H2+5) is read from its cached value.
        let l10 = x.lists.iter().find(|l| l.list == 10).expect("list 10");
        assert_eq!(
            l10.records[0].values[8],
            Value::Date(jiff::civil::date(2009, 8, 11)),
            "=H2+5 with H2 6 Aug 2009"
        );
        // Unprefixed gender ("Female") is accepted; IDs keep their text.
        assert!(
            !x.findings
                .iter()
                .any(|f| f.list == Some(1) && f.rule == "code-unknown")
        );
        assert!(x.unrecognised.is_empty());
    }

    #[test]
    fn the_ofsted_template_with_title_rows_above_the_headers() {
        let Some(path) = shared("annex-a/ofsted-annex-a-template-2019.xlsx") else {
            return;
        };
        let x = check(&path, None).expect("reads");
        assert_eq!(x.lists.len(), 11);
        assert!(
            x.lists.iter().all(|l| l.header_row == 2),
            "row 1 is the title"
        );
        let l3 = x.lists.iter().find(|l| l.list == 3).expect("list 3");
        assert_eq!((l3.rows_read, l3.rows_accepted + l3.rows_rejected), (5, 5));
        let other: Vec<&str> = x.unrecognised.iter().map(|u| u.source.as_str()).collect();
        assert_eq!(
            other,
            ["Front_Sheet", "FAQ_and_changes", "Guidance", "Codes_used"]
        );
    }

    #[test]
    fn a_folder_of_csv_files_and_a_file_that_is_not_an_extract() {
        let dir = tempfile::tempdir().expect("dir");
        std::fs::write(
            dir.path().join("contacts.csv"),
            "\u{feff}Child Unique ID,Gender,Ethnicity,Date of Birth,Age,Date of Contact,Contact Source\n\
             0012,M,a) WBRI,01/02/2015,8,10/01/2024,q) 6: Police\n\
             0013,F,a) WBRI,01/02/2015,8,2024-01-11,q) 6: Police\n\
             0014,F,a) WBRI,01/02/2015,8\n",
        )
        .expect("write");
        std::fs::write(dir.path().join("notes.csv"), "hello,world\n").expect("write");
        let x = check(dir.path(), None).expect("reads");
        let l1 = &x.lists[0];
        assert_eq!(
            (l1.rows_read, l1.rows_accepted, l1.rows_rejected),
            (3, 2, 1),
            "a short row is read, and rejected for its missing contact date"
        );
        assert_eq!(l1.records[0].values[0], Value::Text("0012".into()));
        assert_eq!(x.unrecognised[0].source, "notes.csv");
        let empty = tempfile::tempdir().expect("dir");
        assert!(check(empty.path(), None).is_err());
        assert!(check(&dir.path().join("missing.xlsx"), None).is_err());
    }
}

/// Files that used to lose rows, count them twice or pass unread.
mod annex_a_mishaps {
    use sightline_ingest::annex_a::check;

    /// A synthetic extract as a folder of CSV lists.
    fn folder(children: usize) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("dir");
        let tables = sightline_synth::annex_a::generate(sightline_synth::annex_a::Settings {
            children,
            seed: 21,
            as_at: jiff::civil::date(2024, 1, 15),
            messy: sightline_synth::annex_a::Messy::None,
        });
        sightline_synth::annex_a::write_csv_dir(&tables, dir.path()).expect("csv");
        dir
    }

    fn records(text: &str) -> usize {
        // One header line; every other non-blank line is a record (no value spans lines).
        text.lines().filter(|l| !l.trim().is_empty()).count() - 1
    }

    #[test]
    fn one_stray_quote_is_a_finding_at_its_cell_and_no_row_is_lost() {
        let dir = folder(400);
        let path = dir.path().join("list_4.csv");
        let text = std::fs::read_to_string(&path).expect("list 4");
        let expected = records(&text);
        assert!(expected > 40, "{expected} records");
        // Row 31 of the file (line 31): its second field gains an opening quote never closed.
        let lines: Vec<String> = text
            .lines()
            .enumerate()
            .map(|(i, l)| {
                if i == 30 {
                    let (first, rest) = l.split_once(',').expect("fields");
                    format!("{first},\"{rest}")
                } else {
                    l.to_string()
                }
            })
            .collect();
        std::fs::write(&path, lines.join("\n") + "\n").expect("write");
        let x = check(dir.path(), None).expect("reads");
        let l4 = x.lists.iter().find(|l| l.list == 4).expect("list 4");
        assert_eq!(
            l4.rows_read, expected,
            "rows read equals the file's records"
        );
        let f = x
            .findings
            .iter()
            .find(|f| f.rule == "quote-unbalanced")
            .expect("a finding for the quote");
        assert_eq!((f.list, f.row), (Some(4), 31));
        assert_eq!(f.cell.as_deref(), Some("B31"));
    }

    #[test]
    fn two_files_for_one_list_are_refused_naming_both() {
        let dir = folder(60);
        std::fs::copy(
            dir.path().join("list_4.csv"),
            dir.path().join("list_4b.csv"),
        )
        .expect("copy");
        let e = check(dir.path(), None).expect_err("refused").to_string();
        assert!(
            e.contains("list_4.csv") && e.contains("list_4b.csv") && e.contains("list 4"),
            "{e}"
        );
    }

    #[test]
    fn a_binary_file_named_like_a_list_is_refused() {
        let dir = folder(60);
        let junk: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 256) as u8).collect();
        std::fs::write(dir.path().join("list_5.csv"), junk).expect("write");
        let e = check(dir.path(), None).expect_err("refused").to_string();
        assert!(e.contains("list_5.csv") && e.contains("binary"), "{e}");
    }

    #[test]
    fn a_path_that_does_not_exist_is_said_to_not_exist() {
        let e = check(std::path::Path::new("/no/such/extract.xlsx"), None)
            .expect_err("refused")
            .to_string();
        assert!(
            e.contains("/no/such/extract.xlsx") && e.contains("no such file"),
            "{e}"
        );
    }

    #[test]
    fn a_utf16_csv_with_its_byte_order_mark_is_read() {
        let dir = folder(60);
        let path = dir.path().join("list_1.csv");
        let text = std::fs::read_to_string(&path).expect("list 1");
        let plain = check(&path, None).expect("reads");
        let mut bytes = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        std::fs::write(&path, bytes).expect("write");
        let wide = check(&path, None).expect("reads UTF-16");
        assert_eq!(wide.lists.len(), 1);
        assert_eq!(wide.lists[0].rows_read, plain.lists[0].rows_read);
        assert_eq!(wide.findings.len(), plain.findings.len());
    }
}

/// Small files that claim to be enormous are refused with the limit they broke, before the
/// memory is spent; an over-long value is a finding and its row is kept.
mod hostile_files {
    use std::io::Write;

    fn zip_file(path: &std::path::Path, parts: &[(&str, &[u8])]) {
        let mut z = zip::ZipWriter::new(std::fs::File::create(path).expect("create"));
        for (name, bytes) in parts {
            z.start_file(
                *name,
                zip::write::SimpleFileOptions::default()
                    .compression_method(zip::CompressionMethod::Deflated),
            )
            .expect("start");
            z.write_all(bytes).expect("write");
        }
        z.finish().expect("finish");
    }

    #[test]
    fn an_xlsx_whose_shared_strings_inflate_like_a_bomb_is_refused() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("bomb.xlsx");
        let mut strings = b"<sst><si><t>".to_vec();
        strings.extend(std::iter::repeat_n(b'x', 40 << 20));
        strings.extend_from_slice(b"</t></si></sst>");
        zip_file(
            &path,
            &[
                ("[Content_Types].xml", b"<Types/>"),
                ("xl/sharedStrings.xml", &strings),
            ],
        );
        let e = sightline_ingest::annex_a::check(&path, None)
            .expect_err("refused")
            .to_string();
        assert!(e.contains("bomb.xlsx") && e.contains("zip bomb"), "{e}");
    }

    #[test]
    fn an_ods_of_a_few_hundred_bytes_spread_over_billions_of_cells_is_refused() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("bomb.ods");
        let content = br#"<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="List 1"><table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="1024" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
        zip_file(
            &path,
            &[
                (
                    "mimetype",
                    b"application/vnd.oasis.opendocument.spreadsheet",
                ),
                ("content.xml", content),
            ],
        );
        assert!(std::fs::metadata(&path).expect("size").len() < 2048);
        let e = sightline_ingest::annex_a::check(&path, None)
            .expect_err("refused")
            .to_string();
        assert!(e.contains("bomb.ods") && e.contains("spreads over"), "{e}");
    }

    #[test]
    fn a_plan_workbook_with_a_cell_far_outside_excel_is_refused_naming_it() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("plan.xlsx");
        let sheet = br#"<worksheet><dimension ref="A1:ZZZZZ99999999"/><sheetData><row r="1"><c r="ZZZZZ99999999" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>"#;
        zip_file(&path, &[("xl/worksheets/sheet1.xml", sheet)]);
        let settings = sightline_ingest::plan_workbook::ImportSettings {
            authority: sightline_core::authority::LaCode(855),
            as_at: jiff::civil::date(2017, 2, 20),
            author: "imported".into(),
        };
        let e = sightline_ingest::plan_workbook::read(&path, &settings)
            .expect_err("refused")
            .to_string();
        assert!(
            e.contains("plan.xlsx") && e.contains("ZZZZZ99999999"),
            "{e}"
        );
    }

    #[test]
    fn a_csv_line_of_millions_of_fields_is_refused() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("list_1.csv");
        std::fs::write(&path, ",".repeat(2_000_000)).expect("write");
        let e = sightline_ingest::annex_a::check(&path, None)
            .expect_err("refused")
            .to_string();
        assert!(
            e.contains("list_1.csv") && e.contains("16384 fields"),
            "{e}"
        );
    }

    #[test]
    fn a_value_longer_than_excel_holds_is_a_finding_and_the_row_is_kept() {
        let dir = tempfile::tempdir().expect("dir");
        let tables = sightline_synth::annex_a::generate(sightline_synth::annex_a::Settings {
            children: 40,
            seed: 5,
            as_at: jiff::civil::date(2024, 1, 15),
            messy: sightline_synth::annex_a::Messy::None,
        });
        sightline_synth::annex_a::write_csv_dir(&tables, dir.path()).expect("csv");
        let path = dir.path().join("list_3.csv");
        let text = std::fs::read_to_string(&path).expect("list 3");
        let before = sightline_ingest::annex_a::check(&path, None).expect("reads");
        let header: Vec<&str> = text.lines().next().expect("header").split(',').collect();
        let team = header
            .iter()
            .position(|h| h.trim() == "Allocated Team")
            .expect("team column");
        let huge = "T".repeat(20 << 20);
        let out: Vec<String> = text
            .lines()
            .enumerate()
            .map(|(i, l)| {
                if i == 1 {
                    let mut f: Vec<String> = l.split(',').map(str::to_string).collect();
                    f[team] = huge.clone();
                    f.join(",")
                } else {
                    l.to_string()
                }
            })
            .collect();
        std::fs::write(&path, out.join("\n") + "\n").expect("write");
        let after = sightline_ingest::annex_a::check(&path, None).expect("reads");
        assert_eq!(after.lists[0].rows_read, before.lists[0].rows_read);
        assert_eq!(after.lists[0].rows_accepted, before.lists[0].rows_accepted);
        let f = after
            .findings
            .iter()
            .find(|f| f.rule == "value-too-long")
            .expect("a finding");
        assert_eq!(f.row, 2);
        assert!(f.value.as_deref().is_some_and(|v| v.len() < 100));
        assert!(
            after.lists[0].records[0]
                .values
                .iter()
                .all(|v| !matches!(v, sightline_ingest::annex_a::Value::Text(t) if t.len() > 1000))
        );
    }

    #[test]
    fn a_pdf_whose_stream_inflates_like_a_bomb_is_refused() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("bomb.pdf");
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..70 {
            z.write_all(&zeros).expect("deflate");
        }
        let stream = z.finish().expect("deflate");
        let mut pdf = format!(
            "%PDF-1.4\n1 0 obj\n<< /Length {} /Filter /FlateDecode >>\nstream\n",
            stream.len()
        )
        .into_bytes();
        pdf.extend_from_slice(&stream);
        pdf.extend_from_slice(b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
        std::fs::write(&path, &pdf).expect("write");
        assert!(pdf.len() < 200_000);
        let e = sightline_ingest::ofsted::read(&path)
            .expect_err("refused")
            .to_string();
        assert!(e.contains("bomb.pdf") && e.contains("PDF bomb"), "{e}");
    }
}
