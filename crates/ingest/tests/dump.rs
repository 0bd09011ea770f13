#[test]
#[ignore]
fn dump() {
    for e in std::fs::read_dir("../../../shared/data/ofsted-reports").unwrap() {
        let p = e.unwrap().path();
        match sightline_ingest::ofsted::read(&p) {
            Ok(r) => println!("=== {}\n{}", p.display(), serde_json::to_string_pretty(&r).unwrap()),
            Err(e) => println!("=== {}\nERROR {e}", p.display()),
        }
    }
}
