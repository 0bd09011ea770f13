//! The built binary, run in a fresh temporary directory.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn report(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/ofsted-reports")
        .join(name)
}

fn sightline(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sightline"))
        .current_dir(dir)
        .env_remove("SIGHTLINE_DATABASE__PATH")
        .env("SIGHTLINE_USER", "tester")
        .args(args)
        .output()
        .expect("runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn parse_prints_the_report_as_json_without_a_database() {
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
    let o = sightline(dir.path(), &["demo"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("Northfield") && out.contains("8 events recorded"),
        "{out}"
    );
    assert!(dir.path().join("sightline-demo.db").exists());
    let again = stdout(&sightline(dir.path(), &["demo"]));
    assert!(
        again.contains("0 events recorded, 8 already there"),
        "{again}"
    );
}
