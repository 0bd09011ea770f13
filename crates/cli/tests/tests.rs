//! The built binary, run in a fresh temporary directory.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A published report; the tests that call it first skip in a bare clone (`has_published`).
fn report(name: &str) -> PathBuf {
    sightline_synth::published::data("ofsted-reports")
        .map(|d| d.join(name))
        .unwrap_or_default()
}

/// Whether the published documents are here (else the test says it skipped).
fn has_published() -> bool {
    sightline_synth::published::data("ofsted-reports").is_some()
        && sightline_synth::published::data("annex-a").is_some()
}

fn sightline(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sightline"))
        .current_dir(dir)
        .env_remove("SIGHTLINE_DATABASE__PATH")
        .env("SIGHTLINE_USER", "tester")
        .env("SIGHTLINE_SECRET_KEY", TEST_KEY)
        .env("USER", "os-tester")
        .args(args)
        .output()
        .expect("runs")
}

/// The pseudonymisation key the tests run with (a real installation's is its own secret).
const TEST_KEY: &str = "a test key of thirty-two characters or more";

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn parse_prints_the_report_as_json_without_a_database() {
    if !has_published() {
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let file = report("leicester_2025-01-29.pdf");
    let o = sightline(
        dir.path(),
        &[
            "inspection",
            "parse",
            file.to_str().expect("utf-8"),
            "--format",
            "json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(v["authority"], "Leicester City Council");
    assert_eq!(v["framework"], "ilacs-2023");
    assert_eq!(v["start_date"], "2024-09-23");
    assert_eq!(v["end_date"], "2024-09-27");
    assert_eq!(v["published"], serde_json::Value::Null);
    assert_eq!(v["lead_inspector"], "Tom Anthony");
    assert_eq!(v["judgements"][0]["area"], "impact_of_leaders");
    assert_eq!(v["judgements"][0]["grade"], "requires_improvement");
    assert_eq!(v["recommendations"].as_array().map(Vec::len), Some(5));
    assert!(
        std::fs::read_dir(dir.path()).expect("dir").next().is_none(),
        "no database created"
    );
}

#[test]
fn a_file_that_is_not_a_report_exits_1_naming_the_file() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join("notes.pdf"), "hello").expect("write");
    let o = sightline(dir.path(), &["inspection", "parse", "notes.pdf"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("notes.pdf") && err.contains("not a PDF"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn bad_usage_exits_2_and_help_exits_0() {
    let dir = tempfile::tempdir().expect("dir");
    assert_eq!(
        sightline(dir.path(), &["inspection", "frobnicate"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        sightline(dir.path(), &["inspection", "list"]).status.code(),
        Some(2)
    );
    for args in [
        &["--help"][..],
        &["demo", "--help"],
        &["authority", "show", "--help"],
        &["inspection", "import", "--help"],
        &["inspection", "add", "--help"],
    ] {
        assert_eq!(
            sightline(dir.path(), args).status.code(),
            Some(0),
            "{args:?}"
        );
    }
}

#[test]
fn import_twice_then_list_shows_the_journey_and_window() {
    if !has_published() {
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    for f in [
        "leicester_2015-03-20.pdf",
        "leicester_2017-09-04.pdf",
        "leicester_2021-11-12.pdf",
        "leicester_2025-01-29.pdf",
    ] {
        let o = sightline(
            dir.path(),
            &["inspection", "import", report(f).to_str().expect("utf-8")],
        );
        assert_eq!(o.status.code(), Some(0), "{f}: {}", stderr(&o));
    }
    let again = sightline(
        dir.path(),
        &[
            "inspection",
            "import",
            report("leicester_2025-01-29.pdf").to_str().expect("utf-8"),
        ],
    );
    assert!(
        stdout(&again).contains("Already recorded"),
        "{}",
        stdout(&again)
    );

    let o = sightline(dir.path(), &["inspection", "list", "--authority", "856"]);
    let out = stdout(&o);
    assert!(
        out.contains("Journey: inadequate 2015 → requires improvement 2017 → good 2021 → requires improvement 2024"),
        "{out}"
    );
    assert!(
        out.contains("Next inspection window: 2027-03-27 to 2028-03-27"),
        "{out}"
    );

    let csv = stdout(&sightline(
        dir.path(),
        &[
            "inspection",
            "list",
            "--authority",
            "Leicester",
            "--format",
            "csv",
        ],
    ));
    assert_eq!(csv.lines().count(), 5, "{csv}");
    assert!(csv.starts_with("id,start,end,kind,framework,headline,recommendations"));
}

#[test]
fn add_records_a_focused_visit() {
    let dir = tempfile::tempdir().expect("dir");
    let o = sightline(
        dir.path(),
        &[
            "inspection",
            "add",
            "--authority",
            "855",
            "--kind",
            "focused_visit",
            "--date",
            "2022-01-11",
            "--end-date",
            "2022-01-12",
            "--priority-action",
            "Timeliness of ICPCs.",
            "--format",
            "json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(v["inspection"]["kind"], "focused_visit");
    assert_eq!(v["inspection"]["recommendations"][0]["priority"], true);

    let bad_date = sightline(
        dir.path(),
        &[
            "inspection",
            "add",
            "--authority",
            "855",
            "--kind",
            "jtai",
            "--date",
            "2022-02-30",
        ],
    );
    assert_eq!(
        bad_date.status.code(),
        Some(2),
        "an impossible date is bad usage"
    );
}

#[test]
fn authority_show_lists_ten_neighbours() {
    let dir = tempfile::tempdir().expect("dir");
    let o = sightline(
        dir.path(),
        &["authority", "show", "Derby", "--format", "json"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(v["authority"]["code"], 831);
    assert_eq!(v["neighbours"].as_array().map(Vec::len), Some(10));
    assert_eq!(v["neighbours"][0]["name"], "Coventry");

    let unknown = sightline(dir.path(), &["authority", "show", "Atlantis"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(stderr(&unknown).contains("Atlantis"));
}

#[test]
fn demo_builds_and_says_what_it_did() {
    let dir = tempfile::tempdir().expect("dir");
    let o = sightline(dir.path(), &["demo", "--no-serve"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("Northfield") && out.contains("8 events recorded"),
        "{out}"
    );
    assert!(dir.path().join("sightline-demo.db").exists());
    let again = stdout(&sightline(dir.path(), &["demo", "--no-serve"]));
    assert!(
        again.contains("0 events recorded, 8 already there"),
        "{again}"
    );
}

fn example_workbook() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/examples/seed-002-action-plan.xlsx")
}

fn json(o: &Output) -> serde_json::Value {
    assert_eq!(o.status.code(), Some(0), "{}", stderr(o));
    serde_json::from_str(&stdout(o)).expect("json")
}

#[test]
fn draft_a_plan_from_an_imported_report() {
    if !has_published() {
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let file = report("leicestershire_2017-02-13.pdf");
    let imported = json(&sightline(
        dir.path(),
        &[
            "inspection",
            "import",
            file.to_str().expect("utf-8"),
            "--format",
            "json",
        ],
    ));
    let id = imported["recorded"]["id"].as_i64().expect("id").to_string();
    let draft = json(&sightline(
        dir.path(),
        &["plan", "draft", "--inspection", &id, "--format", "json"],
    ));
    let priorities = draft["priorities"].as_array().expect("priorities");
    assert_eq!(
        priorities.len(),
        17,
        "one per local authority recommendation"
    );
    assert_eq!(priorities[0]["recommendations"], serde_json::json!([1]));
    assert!(
        priorities[0]["text"]
            .as_str()
            .expect("text")
            .starts_with("Ensure that performance management")
    );

    let status = json(&sightline(
        dir.path(),
        &[
            "plan",
            "status",
            "--as-at",
            "2017-03-01",
            "--format",
            "json",
        ],
    ));
    assert_eq!(status["rating"]["colour"], "grey");
    assert_eq!(
        status["coverage"]["uncovered_recommendations"],
        serde_json::json!([])
    );
}

#[test]
fn import_the_seed_workbook_rate_it_on_two_dates_and_round_trip() {
    let dir = tempfile::tempdir().expect("dir");
    let wb = example_workbook();
    let wb = wb.to_str().expect("utf-8");
    let dry = json(&sightline(
        dir.path(),
        &[
            "plan",
            "import",
            wb,
            "--authority",
            "855",
            "--as-at",
            "2017-02-20",
            "--dry-run",
            "--format",
            "json",
        ],
    ));
    assert_eq!(dry["id"], serde_json::Value::Null);
    assert_eq!(dry["plan"]["priorities"].as_array().map(Vec::len), Some(18));
    let lead = dry["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["rule"] == "lead-missing")
        .expect("a lead-missing finding");
    assert_eq!(lead["cell"], "D4");
    assert!(
        !dir.path().join("sightline.db").exists()
            || sightline(dir.path(), &["plan", "list", "--format", "json"])
                .stdout
                .starts_with(b"[]")
    );

    let saved = json(&sightline(
        dir.path(),
        &[
            "plan",
            "import",
            wb,
            "--authority",
            "Leicestershire",
            "--as-at",
            "2017-02-20",
            "--format",
            "json",
        ],
    ));
    assert!(saved["id"].as_i64().is_some());

    // 1 March 2017: the SGO post-adoption audit (due 31 Jan) is the longest late action.
    let march = json(&sightline(
        dir.path(),
        &[
            "plan",
            "status",
            "--as-at",
            "2017-03-01",
            "--format",
            "json",
        ],
    ));
    assert_eq!(march["rating"]["colour"], "red");
    let reason = march["rating"]["reason"].as_str().expect("reason");
    assert!(
        reason.contains("was due 31 Jan 2017 and is 29 days late"),
        "{reason}"
    );
    let may = json(&sightline(
        dir.path(),
        &[
            "plan",
            "status",
            "--as-at",
            "2017-05-01",
            "--format",
            "json",
        ],
    ));
    let count = |v: &serde_json::Value, colour: &str| {
        v["counts"]
            .as_array()
            .expect("counts")
            .iter()
            .find(|c| c[0] == colour)
            .and_then(|c| c[1].as_u64())
            .unwrap_or(0)
    };
    assert!(
        count(&may, "red") > count(&march, "red"),
        "more actions late in May than March"
    );
    assert_eq!(
        count(&may, "blue"),
        1,
        "'Established now' counts as complete"
    );

    let out = dir.path().join("out.xlsx");
    let o = sightline(
        dir.path(),
        &["plan", "export", "--out", out.to_str().expect("utf-8")],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let again = json(&sightline(
        dir.path(),
        &[
            "plan",
            "import",
            out.to_str().expect("utf-8"),
            "--authority",
            "855",
            "--as-at",
            "2017-02-20",
            "--dry-run",
            "--format",
            "json",
        ],
    ));
    assert_eq!(
        again["plan"]["priorities"], dry["plan"]["priorities"],
        "import(export(plan)) is the plan"
    );
}

#[test]
fn progress_and_overrides_change_the_rating_and_are_audited() {
    let dir = tempfile::tempdir().expect("dir");
    let wb = example_workbook();
    json(&sightline(
        dir.path(),
        &[
            "plan",
            "import",
            wb.to_str().expect("utf-8"),
            "--authority",
            "855",
            "--as-at",
            "2017-02-20",
            "--format",
            "json",
        ],
    ));
    let status = json(&sightline(
        dir.path(),
        &[
            "plan",
            "status",
            "--as-at",
            "2017-04-03",
            "--format",
            "json",
        ],
    ));
    // The first action of "Application of practice & management standards" is due 31 Mar 2017.
    let standards = &status["priorities"][6]["actions"][0];
    let id = standards["id"].as_i64().expect("id").to_string();
    assert_eq!(
        standards["rating"]["reason"],
        "was due 31 Mar 2017 and is 3 days late"
    );

    let o = sightline(
        dir.path(),
        &[
            "plan",
            "override",
            &id,
            "--colour",
            "amber",
            "--reason",
            "new date agreed",
            "--from",
            "2017-04-01",
            "--until",
            "2017-04-30",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = sightline(
        dir.path(),
        &[
            "plan",
            "update",
            &id,
            "--progress",
            "Standards launched at managers' day",
            "--status",
            "complete",
            "--date",
            "2017-04-10",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rating_as = |as_at: &str, now: bool| {
        let mut args = vec!["plan", "status", "--as-at", as_at, "--format", "json"];
        if now {
            args.push("--as-now-known");
        }
        let s = json(&sightline(dir.path(), &args));
        s["priorities"][6]["actions"][0]["rating"].clone()
    };
    // The override was entered today: 3 April 2017 as it was known then is untouched…
    assert_eq!(
        rating_as("2017-04-03", false)["colour"],
        "red",
        "as known on 3 April 2017, there was no override"
    );
    // …and as we now know it, the override shows.
    let rating = |as_at: &str| rating_as(as_at, true);
    assert_eq!(
        rating("2017-04-03")["colour"],
        "amber",
        "the override, as at 3 April"
    );
    assert_eq!(
        rating("2017-04-03")["reason"],
        "set by tester (os user: os-tester) until 30 Apr 2017: new date agreed"
    );
    assert_eq!(
        rating("2017-03-31")["reason"],
        "due 31 Mar 2017 (today) with no progress update since 20 Feb 2017",
        "before the override: due today, last update 39 days before"
    );
    assert_eq!(
        rating("2017-05-02")["reason"],
        "complete on 10 Apr 2017, 10 days after it was due"
    );

    let empty = sightline(
        dir.path(),
        &[
            "plan",
            "override",
            &id,
            "--colour",
            "green",
            "--reason",
            " ",
            "--until",
            "2017-05-01",
            "--from",
            "2017-04-01",
        ],
    );
    assert_eq!(empty.status.code(), Some(1));
    assert!(stderr(&empty).contains("needs a reason"));
    let bad_status = sightline(
        dir.path(),
        &[
            "plan",
            "update",
            &id,
            "--progress",
            "x",
            "--status",
            "finished",
        ],
    );
    assert_eq!(bad_status.status.code(), Some(2));
}

#[test]
fn a_missing_workbook_or_plan_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("dir");
    let o = sightline(
        dir.path(),
        &["plan", "import", "nope.xlsx", "--authority", "855"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("nope.xlsx"), "{}", stderr(&o));
    let o = sightline(dir.path(), &["plan", "status"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no plan yet"), "{}", stderr(&o));
}

#[test]
fn the_plan_page_is_one_html_page() {
    let dir = tempfile::tempdir().expect("dir");
    assert_eq!(
        sightline(dir.path(), &["demo", "--no-serve"]).status.code(),
        Some(0)
    );
    let out = dir.path().join("plan.html");
    let o = sightline(
        dir.path(),
        &[
            "--db",
            "sightline-demo.db",
            "plan",
            "page",
            "--as-at",
            "2026-11-23",
            "--out",
            out.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = std::fs::read_to_string(&out).expect("written");
    assert!(html.contains("Northfield&#39;s children are safe, heard and helped early"));
    assert_eq!(html.matches("<section class=\"priority").count(), 4);
    assert!(html.contains("<section class=\"priority red\">"));
    assert!(html.contains("size: A4 landscape"));
}

fn shared_data(rel: &str) -> PathBuf {
    sightline_synth::published::data(rel).unwrap_or_default()
}

#[test]
fn annex_a_check_prints_the_documented_json() {
    if !has_published() {
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let f = shared_data("annex-a/ofsted-annex-a-template-2019.xlsx");
    let v = json(&sightline(
        dir.path(),
        &[
            "annex-a",
            "check",
            f.to_str().expect("utf-8"),
            "--format",
            "json",
        ],
    ));
    assert_eq!(v["as_at"], "2015-03-15");
    let l3 = v["lists"]
        .as_array()
        .expect("lists")
        .iter()
        .find(|l| l["list"] == 3)
        .expect("list 3");
    assert_eq!(l3["source"], "List_3");
    assert_eq!(l3["header_row"], 2);
    assert_eq!(l3["rows_read"], 5);
    assert_eq!(
        l3["rows_read"].as_u64(),
        Some(l3["rows_accepted"].as_u64().expect("n") + l3["rows_rejected"].as_u64().expect("n"))
    );
    assert_eq!(v["unrecognised"][0]["source"], "Front_Sheet");
    assert_eq!(
        v["unrecognised"][0]["reason"],
        "no Annex A header set found"
    );
    let f0 = &v["findings"][0];
    for key in [
        "list", "sheet", "row", "column", "rule", "severity", "message",
    ] {
        assert!(!f0[key].is_null(), "finding has {key}: {f0}");
    }
    assert!(
        std::fs::read_dir(dir.path()).expect("dir").next().is_none(),
        "no database"
    );
    let bad = sightline(dir.path(), &["annex-a", "check", "missing.xlsx"]);
    assert_eq!(bad.status.code(), Some(1));
}

#[test]
fn pseudonymising_without_a_key_outside_the_database_is_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let o = sightline(
        dir.path(),
        &[
            "synth",
            "annex-a",
            "--children",
            "30",
            "--seed",
            "2",
            "--as-at",
            "2024-01-15",
            "--out",
            "x.xlsx",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = Command::new(env!("CARGO_BIN_EXE_sightline"))
        .current_dir(dir.path())
        .env_remove("SIGHTLINE_SECRET_KEY")
        .args(["annex-a", "load", "x.xlsx", "--pseudonymise"])
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("secret key kept outside the database"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn annex_a_load_pseudonymised_then_report() {
    if !has_published() {
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let f = shared_data("annex-a/sample-messy.xlsx");
    let loaded = json(&sightline(
        dir.path(),
        &[
            "annex-a",
            "load",
            f.to_str().expect("utf-8"),
            "--pseudonymise",
            "--format",
            "json",
        ],
    ));
    assert_eq!(loaded["pseudonymised"], true);
    let text = stdout(&sightline(
        dir.path(),
        &["annex-a", "report", "--format", "json"],
    ));
    assert!(
        !text.contains("9212044"),
        "a raw child ID reached the database"
    );
    let report: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(report["extract"]["rows_read"], 59);
    assert_eq!(report["extract"]["rows_rejected"], 3);
    assert!(report["by_owner"].as_array().expect("owners").len() > 1);
    let second = json(&sightline(
        dir.path(),
        &[
            "annex-a",
            "load",
            f.to_str().expect("utf-8"),
            "--pseudonymise",
            "--format",
            "json",
        ],
    ));
    assert_eq!(second["id"], 2);
    let report = json(&sightline(
        dir.path(),
        &["annex-a", "report", "--format", "json"],
    ));
    assert_eq!(report["trend"].as_array().map(Vec::len), Some(2));
}

#[test]
fn a_messy_synthetic_extract_round_trips_through_check_and_load() {
    let dir = tempfile::tempdir().expect("dir");
    for out in ["messy.xlsx", "messy-csv"] {
        let o = sightline(
            dir.path(),
            &[
                "synth",
                "annex-a",
                "--children",
                "800",
                "--seed",
                "3",
                "--as-at",
                "2024-01-15",
                "--messy",
                "lots",
                "--out",
                out,
            ],
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let checked = json(&sightline(
            dir.path(),
            &["annex-a", "check", out, "--format", "json"],
        ));
        let lists = checked["lists"].as_array().expect("lists");
        assert_eq!(
            lists.len(),
            11,
            "{out}: every list found under its title row"
        );
        let read: u64 = lists
            .iter()
            .map(|l| l["rows_read"].as_u64().expect("n"))
            .sum();
        for l in lists {
            assert_eq!(
                l["rows_read"].as_u64(),
                Some(
                    l["rows_accepted"].as_u64().expect("n")
                        + l["rows_rejected"].as_u64().expect("n")
                )
            );
        }
        let rules: Vec<&str> = checked["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter_map(|f| f["rule"].as_str())
            .collect();
        for expected in ["date-invalid", "duplicate"] {
            assert!(
                rules.contains(&expected),
                "{out}: the mess is found ({expected})"
            );
        }
        let loaded = json(&sightline(
            dir.path(),
            &["annex-a", "load", out, "--format", "json"],
        ));
        let stored: u64 = loaded["extract"]["lists"]
            .as_array()
            .expect("lists")
            .iter()
            .map(|l| l["rows_read"].as_u64().expect("n"))
            .sum();
        assert_eq!(stored, read, "{out}: every row checked is stored");
    }
}

#[test]
fn indicators_for_a_file_print_the_whole_catalogue_as_json_without_a_database() {
    let dir = tempfile::tempdir().expect("dir");
    let o = sightline(
        dir.path(),
        &[
            "synth",
            "annex-a",
            "--children",
            "300",
            "--seed",
            "5",
            "--as-at",
            "2024-01-15",
            "--out",
            "x.xlsx",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = sightline(
        dir.path(),
        &[
            "indicators",
            "x.xlsx",
            "--population",
            "20000",
            "--format",
            "json",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(v["as_at"], "2024-01-15");
    assert_eq!(v["settings"]["population"], 20000);
    let all = v["indicators"].as_array().expect("array");
    for def in sightline_core::indicator::CATALOGUE {
        // The workforce returns' indicators are not computed from a file.
        let from_file = def.source == sightline_core::indicator::Source::AnnexA;
        assert_eq!(
            all.iter().any(|o| o["indicator"] == def.id),
            from_file,
            "{}",
            def.id
        );
    }
    let a = all
        .iter()
        .find(|o| o["indicator"] == "assessments_within_45wd_pct" && o["period"] == "window")
        .expect("window figure");
    for key in [
        "value",
        "numerator",
        "denominator",
        "excluded",
        "unit",
        "polarity",
    ] {
        assert!(a.get(key).is_some(), "{key}");
    }
    assert_eq!(a["unit"], "pct");
    assert_eq!(a["polarity"], "higher_better");
    assert!(all.iter().any(|o| o["period"] == "2023-12"));
    assert!(all.iter().any(|o| o["period"] == "as-at"));
    // Reading a file creates no database.
    assert!(!dir.path().join("sightline.db").exists());

    // The rows behind a figure: shown to an analyst, refused to a viewer (exit 1).
    let o = sightline(
        dir.path(),
        &[
            "indicators",
            "explain",
            "referrals",
            "--file",
            "x.xlsx",
            "--format",
            "json",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert!(!v["lines"].as_array().expect("lines").is_empty());
    let o = sightline(
        dir.path(),
        &[
            "--role",
            "viewer",
            "indicators",
            "explain",
            "referrals",
            "--file",
            "x.xlsx",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("not allowed"), "{}", stderr(&o));
    assert!(stdout(&o).is_empty());
}

/// The newcomer's journey in a real browser: `e2e/journey.mjs` drives Debian's chromium with
/// playwright-core against `sightline serve` on the demo. Screenshots of the main pages are
/// kept in `target/e2e-screenshots/`. Needs node, npm and chromium; without them the test says
/// so and passes, unless SIGHTLINE_E2E=require.
#[test]
fn the_newcomers_journey_in_chromium() {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let has = |cmd: &str| {
        Command::new(cmd)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !(has("node") && has("npm") && Path::new(&chromium).exists()) {
        assert_ne!(
            std::env::var("SIGHTLINE_E2E").as_deref(),
            Ok("require"),
            "node, npm or chromium is missing"
        );
        eprintln!("SKIPPED the browser journey: node, npm or {chromium} is missing");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let e2e = root.join("e2e");
    let dir = tempfile::tempdir().expect("dir");
    let password = "e2e demo password";
    let o = Command::new(env!("CARGO_BIN_EXE_sightline"))
        .current_dir(dir.path())
        .env("SIGHTLINE_DEMO_PASSWORD", password)
        .args(["--db", "demo.db", "demo", "--no-serve"])
        .output()
        .expect("demo runs");
    assert!(o.status.success(), "{}", stderr(&o));
    let o = sightline(
        dir.path(),
        &[
            "synth",
            "annex-a",
            "--children",
            "100",
            "--seed",
            "3",
            "--as-at",
            "2024-07-31",
            "--out",
            "upload.xlsx",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let addr = format!("127.0.0.1:{port}");
    // The demo keeps its pseudonymisation key beside its database; the server is given it as
    // a real installation is given its own.
    let key = std::fs::read_to_string(dir.path().join("demo.key")).expect("the demo's key");
    let mut server = Command::new(env!("CARGO_BIN_EXE_sightline"))
        .current_dir(dir.path())
        .env("SIGHTLINE_SECRET_KEY", key.trim())
        .args(["--db", "demo.db", "serve", "--addr", &addr])
        .spawn()
        .expect("serves");
    let up = (0..100).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(100));
        std::net::TcpStream::connect(&addr).is_ok()
    });
    let run = || -> Result<(), String> {
        if !up {
            return Err("the server did not start".into());
        }
        let npm = Command::new("npm")
            .current_dir(&e2e)
            .args(["ci", "--no-audit", "--no-fund"])
            .output()
            .map_err(|e| e.to_string())?;
        if !npm.status.success() {
            return Err(format!("npm ci failed: {}", stderr(&npm)));
        }
        let shots = root.join("target/e2e-screenshots");
        let node = Command::new("node")
            .current_dir(&e2e)
            .env("CHROMIUM", &chromium)
            .arg("journey.mjs")
            .arg(format!("http://{addr}"))
            .arg(password)
            .arg(dir.path().join("upload.xlsx"))
            .arg(&shots)
            .output()
            .map_err(|e| e.to_string())?;
        if node.status.success() {
            eprintln!("{}", stdout(&node).trim());
            Ok(())
        } else {
            Err(format!("{}\n{}", stdout(&node), stderr(&node)))
        }
    };
    let result = run();
    let _ = server.kill();
    let _ = server.wait();
    if let Err(e) = result {
        panic!("browser journey failed: {e}");
    }
    for shot in [
        "overview",
        "indicator-viewer",
        "indicator-analyst",
        "data",
        "plan",
        "action",
        "indicators",
        "inspections",
        "admin",
    ] {
        assert!(
            root.join(format!("target/e2e-screenshots/{shot}.png"))
                .exists(),
            "{shot}.png"
        );
    }
}

#[test]
fn a_bad_serve_config_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join("bad.toml"), "adress = \"127.0.0.1:1\"\n").expect("write");
    let o = sightline(dir.path(), &["serve", "--config", "bad.toml"]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("bad.toml") && e.contains("adress"), "{e}");
    let o = sightline(dir.path(), &["serve", "--config", "missing.toml"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("missing.toml"));
}

/// A setting changed twice is in the audit log with what it was and became; only admins read it.
#[test]
fn the_audit_log_shows_before_and_after_to_admins_only() {
    let dir = tempfile::tempdir().expect("dir");
    for population in ["80000", "81000"] {
        let o = sightline(
            dir.path(),
            &["indicators", "settings", "--population", population],
        );
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let refused = sightline(dir.path(), &["audit"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("not allowed"),
        "{}",
        stderr(&refused)
    );
    assert!(stdout(&refused).is_empty());

    let o = sightline(
        dir.path(),
        &[
            "--role", "admin", "audit", "--action", "setting.", "--format", "json",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    let entries = v.as_array().expect("array");
    assert_eq!(entries.len(), 2, "{v}");
    // `--as` is a claim; the operating-system account that ran the command is kept beside it.
    assert_eq!(entries[0]["actor"], "tester (os user: os-tester)");
    // Only the field that changed.
    assert_eq!(entries[0]["before"], r#"{"population":80000}"#);
    assert_eq!(entries[0]["after"], r#"{"population":81000}"#);
    assert_eq!(entries[1]["before"], serde_json::Value::Null);
    assert!(
        entries[1]["after"]
            .as_str()
            .is_some_and(|a| a.contains(r#""population":80000"#)),
        "{v}"
    );
}

/// Every object of a JSON output: none may carry a number beside a suppressed flag, a
/// worker breakdown, or a breakdown dimension with exactly one suppressed cell.
fn assert_disclosed(v: &serde_json::Value, what: &str) {
    match v {
        serde_json::Value::Array(a) => a.iter().for_each(|x| assert_disclosed(x, what)),
        serde_json::Value::Object(o) => {
            if o.get("suppressed") == Some(&serde_json::Value::Bool(true)) {
                for k in ["value", "numerator", "denominator"] {
                    assert!(!o.contains_key(k), "{what}: {k} beside suppressed: {v}");
                }
            }
            if let Some(cells) = o.get("breakdowns").and_then(|b| b.as_array()) {
                let mut dims: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
                for c in cells {
                    let d = c["dimension"].as_str().expect("dimension");
                    assert_ne!(d, "worker", "{what}: workers named to a viewer");
                    let e = dims.entry(d).or_default();
                    e.0 += 1;
                    e.1 += usize::from(c.get("suppressed").is_some());
                }
                for (d, (n, hidden)) in dims {
                    assert!(n < 2 || hidden != 1, "{what}: {d} has one hidden cell");
                }
            }
            o.values().for_each(|x| assert_disclosed(x, what));
        }
        _ => {}
    }
}

#[test]
fn a_viewer_on_the_command_line_gets_suppressed_figures_with_no_numbers() {
    let dir = tempfile::tempdir().expect("dir");
    let ok = |o: Output| {
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o)
    };
    ok(sightline(
        dir.path(),
        &[
            "synth",
            "annex-a",
            "--children",
            "300",
            "--seed",
            "5",
            "--as-at",
            "2024-01-15",
            "--out",
            "x.xlsx",
        ],
    ));
    ok(sightline(dir.path(), &["annex-a", "load", "x.xlsx"]));
    let mut suppressed = 0;
    for args in [
        &[
            "--role",
            "viewer",
            "indicators",
            "scorecard",
            "--format",
            "json",
        ][..],
        &[
            "--role",
            "viewer",
            "indicators",
            "--breakdowns",
            "--format",
            "json",
        ][..],
        &[
            "--role",
            "viewer",
            "indicators",
            "x.xlsx",
            "--breakdowns",
            "--format",
            "json",
        ][..],
        &["--role", "viewer", "annex-a", "report", "--format", "json"][..],
    ] {
        let out = ok(sightline(dir.path(), args));
        suppressed += out.matches("\"suppressed\": true").count();
        let v: serde_json::Value = serde_json::from_str(&out).expect("json");
        assert_disclosed(&v, &args.join(" "));
    }
    assert!(
        suppressed > 10,
        "small cells were suppressed ({suppressed})"
    );
    // An analyst sees the same figures whole, workers included.
    let out = ok(sightline(
        dir.path(),
        &[
            "--role",
            "analyst",
            "indicators",
            "--breakdowns",
            "--format",
            "json",
        ],
    ));
    assert!(!out.contains("\"suppressed\": true"));
    assert!(out.contains("\"dimension\": \"worker\""));
}

#[test]
fn check_fails_like_load_on_a_file_with_no_list_and_names_a_missing_path() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join("notes.csv"), "a,b\n1,2\n").expect("write");
    let check = sightline(dir.path(), &["annex-a", "check", "notes.csv"]);
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    assert!(
        stderr(&check).contains("no Annex A list"),
        "{}",
        stderr(&check)
    );
    let load = sightline(dir.path(), &["annex-a", "load", "notes.csv"]);
    assert_eq!(load.status.code(), Some(1));
    let missing = sightline(dir.path(), &["annex-a", "check", "nowhere.xlsx"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        stderr(&missing).contains("nowhere.xlsx") && stderr(&missing).contains("no such file"),
        "{}",
        stderr(&missing)
    );
}

#[test]
fn commentary_from_the_command_line_is_signed_and_listed() {
    let dir = tempfile::tempdir().expect("dir");
    let o = sightline(
        dir.path(),
        &[
            "--role",
            "manager",
            "indicators",
            "comment",
            "re_referrals_12m_pct",
            "--period",
            "2026-10",
            "--text",
            "Up with the new screening; an audit is under way",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with(
            "commentary on re_referrals_12m_pct for 2026-10: version 1, signed by tester"
        ),
        "{}",
        stdout(&o)
    );
    // A viewer may not write it; a month that is no month is refused, saying how to write it.
    let o = sightline(
        dir.path(),
        &[
            "--role",
            "viewer",
            "indicators",
            "comment",
            "re_referrals_12m_pct",
            "--period",
            "2026-10",
            "--text",
            "x",
        ],
    );
    assert_ne!(o.status.code(), Some(0));
    let o = sightline(
        dir.path(),
        &[
            "indicators",
            "comment",
            "re_referrals_12m_pct",
            "--period",
            "October",
            "--text",
            "x",
        ],
    );
    assert_ne!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("YYYY-MM"), "{}", stderr(&o));
    let listed = json(&sightline(
        dir.path(),
        &["indicators", "commentary", "--format", "json"],
    ));
    let all = listed.as_array().expect("a list");
    assert_eq!(all.len(), 1);
    assert_eq!(all[0]["author"], "tester (os user: os-tester)");
    assert_eq!(all[0]["version"], 1);
}

#[test]
fn the_dfe_workforce_csv_loads_every_measure_and_the_neighbours_mean_follows() {
    let dir = tempfile::tempdir().expect("dir");
    // Leicester (856) and two of its statistical neighbours, Luton (821) and Slough (871).
    std::fs::write(
        dir.path().join("csww.csv"),
        "time_period,time_identifier,geographic_level,country_code,country_name,region_code,\
         region_name,new_la_code,old_la_code,la_name,turnover_rate_fte,agency_rate_fte,\
         vacancy_rate_fte,caseload_fte,absence_rate_fte\n\
         2025,Reporting year,National,E92000001,England,,,,,,11.8,13.0,14.2,15.2,3.5\n\
         2025,Reporting year,Regional,E92000001,England,E12000004,East Midlands,,,,12.4,11.9,15.0,16.1,3.1\n\
         2025,Reporting year,Local authority,E92000001,England,E12000004,East Midlands,E06000016,856,Leicester,17.2,21.3,19.0,17.4,4.1\n\
         2025,Reporting year,Local authority,E92000001,England,E12000006,East of England,E06000032,821,Luton,14.0,9.0,8.1,14.9,2.9\n\
         2025,Reporting year,Local authority,E92000001,England,E12000008,South East,E06000039,871,Slough,10.0,15.0,12.0,16.0,3.0\n",
    )
    .expect("write");
    let o = sightline(
        dir.path(),
        &["indicators", "settings", "--authority", "856"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = sightline(dir.path(), &["indicators", "benchmark", "load", "csww.csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // 5 measures × 5 areas.
    assert!(
        stdout(&o).contains("25 benchmarks loaded"),
        "{}",
        stdout(&o)
    );
    let o = sightline(
        dir.path(),
        &[
            "indicators",
            "benchmark",
            "list",
            "workforce_agency_rate_pct",
            "--format",
            "json",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    let area = |name: &str| {
        v.as_array()
            .expect("array")
            .iter()
            .find(|b| b["area"].as_str() == Some(name))
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(area("England")["value"], 13.0);
    assert_eq!(area("England")["period_end"], "2025-09-30");
    assert_eq!(area("East Midlands")["value"], 11.9);
    assert_eq!(area("Leicester")["value"], 21.3);
    // The neighbours loaded: Luton 9.0 and Slough 15.0, mean 12.0.
    assert_eq!(area("Leicester's statistical neighbours")["value"], 12.0);
    // A filter without a measure is refused; so is a file with no workforce column.
    let o = sightline(
        dir.path(),
        &[
            "indicators",
            "benchmark",
            "load",
            "csww.csv",
            "--filter",
            "a=b",
        ],
    );
    assert!(!o.status.success());
    std::fs::write(
        dir.path().join("other.csv"),
        "time_period,geographic_level,x\n",
    )
    .expect("w");
    let o = sightline(
        dir.path(),
        &["indicators", "benchmark", "load", "other.csv"],
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("turnover_rate_fte"), "{}", stderr(&o));
}

#[test]
fn synth_national_writes_each_authoritys_months_as_extracts_that_check() {
    let dir = tempfile::tempdir().expect("dir");
    let o = sightline(
        dir.path(),
        &[
            "synth",
            "national",
            "--authorities",
            "856,821",
            "--months",
            "2",
            "--out",
            "nation",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("Leicester (856): 6303 children"), "{out}");
    assert!(out.contains("for 2 authorities"), "{out}");
    let months: Vec<_> = std::fs::read_dir(dir.path().join("nation/856"))
        .expect("folder")
        .collect();
    assert_eq!(months.len(), 2);
    let month = months[1].as_ref().expect("entry").path();
    let o = sightline(
        dir.path(),
        &[
            "annex-a",
            "check",
            month.to_str().expect("utf-8"),
            "--format",
            "json",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    let lists = v["lists"].as_array().expect("lists");
    assert_eq!(lists.len(), 11);
    assert!(lists.iter().all(|l| l["rows_rejected"] == 0));
    let o = sightline(
        dir.path(),
        &["synth", "national", "--authorities", "12345", "--out", "x"],
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("12345 is not an authority code"));
    let o = sightline(
        dir.path(),
        &["synth", "national", "--authorities", "909", "--out", "x"],
    );
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("Cumbria (909) is no longer an authority"),
        "{}",
        stderr(&o)
    );
}

/// A load killed with SIGKILL at any point leaves nothing partial: after each kill the database
/// holds either no new extract or a whole one (every row read stored, its figures with it). On
/// a SQLite file, and on PostgreSQL when `SIGHTLINE_TEST_POSTGRES` names a server.
#[test]
fn a_load_killed_at_any_moment_leaves_nothing_partial() {
    let dir = tempfile::tempdir().expect("dir");
    let o = sightline(
        dir.path(),
        &[
            "synth",
            "annex-a",
            "--children",
            "2500",
            "--seed",
            "11",
            "--as-at",
            "2024-03-31",
            "--out",
            "x",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut places = vec![dir.path().join("k.db").display().to_string()];
    let postgres = sightline_app::testing::server("killing loads on PostgreSQL").map(|s| {
        sightline_app::testing::with_database(
            &s,
            &format!("sightline_test_kill_{}", std::process::id()),
        )
    });
    places.extend(postgres.clone());
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    for place in &places {
        let o = sightline(dir.path(), &["--database", place, "db", "create"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        // Kill points spread over a whole load (a few seconds), from a fixed seed.
        let mut seed: u64 = 0x5eed;
        let mut whole = 0;
        for _ in 0..6 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let after = std::time::Duration::from_millis(100 + (seed >> 33) % 2500);
            let mut child = Command::new(env!("CARGO_BIN_EXE_sightline"))
                .current_dir(dir.path())
                .env("SIGHTLINE_SECRET_KEY", TEST_KEY)
                .args([
                    "--database",
                    place,
                    "annex-a",
                    "load",
                    "x",
                    "--pseudonymise",
                ])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .expect("spawns");
            std::thread::sleep(after);
            let _ = child.kill(); // SIGKILL; it may have finished already
            let _ = child.wait();
            runtime.block_on(async {
                let app = sightline_app::Sightline::at(&sightline_app::Location::parse(place))
                    .await
                    .expect("opens after the kill");
                let extracts = app.db().extracts().await.expect("extracts");
                for e in &extracts {
                    let (_, rows) = app.db().extract_rows(e.id).await.expect("rows");
                    assert_eq!(
                        i64::try_from(rows.len()).expect("n"),
                        e.rows_read,
                        "{place}: extract {} is whole",
                        e.id
                    );
                    assert!(
                        !app.db().figures(e.id).await.expect("figures").is_empty(),
                        "{place}: extract {} has its figures",
                        e.id
                    );
                }
                whole = extracts.len();
            });
        }
        // And a load left alone is whole beside them.
        let o = sightline(
            dir.path(),
            &[
                "--database",
                place,
                "annex-a",
                "load",
                "x",
                "--pseudonymise",
            ],
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        runtime.block_on(async {
            let app = sightline_app::Sightline::at(&sightline_app::Location::parse(place))
                .await
                .expect("opens");
            assert_eq!(
                app.db().extracts().await.expect("extracts").len(),
                whole + 1
            );
        });
        eprintln!("{place}: {whole} whole loads of 6 killed at random moments, none partial");
    }
    if let Some(url) = &postgres {
        runtime.block_on(sightline_app::testing::drop_database(url));
    }
}

/// Two authorities in one database file: the demo's Northfield (999) and Leicester (856).
/// Every command that reads, run for Leicester, says nothing of Northfield; a command with no
/// `--for` on the shared database is refused rather than reading both (decision 0036).
#[test]
fn every_reading_command_for_one_authority_of_a_shared_database_says_nothing_of_another() {
    let dir = tempfile::tempdir().expect("dir");
    let db = ["--db", "shared.db"];
    let run = |args: &[&str]| sightline(dir.path(), &[&db[..], args].concat());
    let o = run(&["--for", "999", "demo", "--no-serve"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run(&[
        "--for",
        "999",
        "--role",
        "admin",
        "meeting",
        "add",
        "--body",
        "scrutiny",
        "--date",
        "2026-02-03",
        "--title",
        "CANARY-B scrutiny",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run(&[
        "synth",
        "annex-a",
        "--children",
        "120",
        "--seed",
        "4",
        "--as-at",
        "2026-06-30",
        "--out",
        "a",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run(&[
        "--for",
        "Leicester",
        "annex-a",
        "load",
        "a",
        "--pseudonymise",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    // Without --for the shared database is refused, naming both.
    let o = run(&["annex-a", "report"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("shared by 2 authorities (856, 999): say which to act for with --for"),
        "{}",
        stderr(&o)
    );

    let reads: &[&[&str]] = &[
        &["annex-a", "report", "--format", "json"],
        &["indicators", "scorecard", "--format", "json"],
        &["indicators", "exceptions", "--format", "json"],
        &["indicators", "commentary", "--format", "json"],
        &["indicators", "target", "list", "--format", "json"],
        &["indicators", "settings"],
        &["plan", "list", "--format", "json"],
        &["meeting", "list", "--format", "json"],
        &["meeting", "plan", "--format", "json"],
        &["request", "list", "--format", "json"],
        &["money", "status", "--format", "json"],
        &["workforce", "status", "--format", "json"],
        &["pack", "list", "--format", "json"],
        &["sef", "show", "--format", "json"],
        &["readiness", "--format", "json"],
        &["audit", "--format", "json"],
        &["user", "list", "--format", "json"],
        &["user", "grants", "--format", "json"],
        &["token", "list", "--format", "json"],
        &[
            "inspection",
            "list",
            "--authority",
            "856",
            "--format",
            "json",
        ],
    ];
    let mut ran = 0;
    for read in reads {
        let o = run(&[&["--for", "856", "--role", "admin"][..], read].concat());
        let said = format!("{}{}", stdout(&o), stderr(&o));
        assert!(
            o.status.code() == Some(0) || o.status.code() == Some(1),
            "{read:?}: {said}"
        );
        assert!(!said.contains("panicked"), "{read:?}: {said}");
        for b in ["Northfield", "CANARY-B"] {
            assert!(!said.contains(b), "{read:?} says {b}: {said}");
        }
        ran += usize::from(o.status.code() == Some(0));
        // Northfield's own reading of the same command does show Northfield's records.
        if read[0] == "meeting" && read[1] == "list" {
            let o = run(&[&["--for", "999", "--role", "admin"][..], read].concat());
            assert!(stdout(&o).contains("CANARY-B"), "{}", stdout(&o));
        }
    }
    assert!(ran >= 15, "{ran} commands read for Leicester");
}

/// A collection of several authorities' months loads into a shared file, and again; commands
/// about the whole database (a collection, public reference) need no --for, commands about one
/// authority's records do.
#[test]
fn a_collection_loads_each_authoritys_months_and_the_database_stays_shared() {
    let dir = tempfile::tempdir().expect("dir");
    let run = |args: &[&str]| sightline(dir.path(), &[&["--db", "shared.db"][..], args].concat());
    let o = run(&[
        "synth",
        "national",
        "--authorities",
        "857,856",
        "--months",
        "2",
        "--out",
        "nation",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for round in 1..=2 {
        let o = run(&[
            "annex-a",
            "load-collection",
            "nation",
            "--pseudonymise",
            "--format",
            "json",
        ]);
        assert_eq!(o.status.code(), Some(0), "round {round}: {}", stderr(&o));
        let loaded = json(&o);
        assert_eq!(loaded["extracts"], 4, "{loaded}");
        assert_eq!(loaded["authorities"], 2, "{loaded}");
        assert!(loaded["failed"].as_array().is_some_and(Vec::is_empty));
    }
    let o = run(&["authority", "show", "857"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run(&["indicators", "scorecard"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("shared by 2 authorities (856, 857)"),
        "{}",
        stderr(&o)
    );
    let o = run(&["--for", "Rutland", "annex-a", "report", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // A stray folder is named, and nothing is loaded.
    std::fs::create_dir_all(dir.path().join("nation/rutland")).expect("mkdir");
    let o = run(&["annex-a", "load-collection", "nation", "--pseudonymise"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("rutland: expected a folder named by an authority's DfE code"),
        "{}",
        stderr(&o)
    );
}
