//! Ofsted Annex A child-level lists, as councils produce them: XLSX, XLS or CSV, one file per
//! list or a workbook of them, or a folder of files.
//!
//! Each table is told by its header set (the header row may sit under a title row anywhere in
//! the first 20 rows), never by its sheet or file name. Every non-blank row is read and kept;
//! each problem is a [`Finding`] with list, sheet, Excel row, column and value. An error
//! rejects its row (kept, with its findings); a warning keeps it.

use std::borrow::Cow;

use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};

use calamine::{Reader, open_workbook_auto};
use jiff::ToSpan;
use jiff::civil::Date;
use serde::Serialize;
use sightline_core::annex_a::{self, Kind, Layout, List, trim};
pub use sightline_core::annex_a::{ListRead, Record, Value};
use sightline_core::finding::{Finding, Severity, cell_ref};

use crate::cell::excel_serial_date;
use crate::{Error, Result};

mod cells;
mod files;
mod rules;
mod table;
mod typing;
mod xlsx;
pub use cells::{parse_date, parse_date_text};
use table::Builder;
pub use table::{Cell, MAX_CELLS, Row, Table, TableError};
pub use typing::MAX_VALUE_CHARS;
#[allow(clippy::wildcard_imports)]
use {cells::*, files::*, rules::*, typing::*};

/// A table that is no Annex A list.
#[derive(Debug, Clone, Serialize)]
pub struct Unrecognised {
    /// The sheet or file.
    pub source: String,
    /// Why it was not read.
    pub reason: String,
}

/// An extract: every list found, every finding, and what was not recognised.
#[derive(Debug, Clone, Serialize)]
pub struct Extract {
    /// The date the extract is checked against.
    pub as_at: Date,
    /// Lists in the order found.
    pub lists: Vec<ListRead>,
    /// Problems, each located to its cell.
    pub findings: Vec<Finding>,
    /// Tables that are no list.
    pub unrecognised: Vec<Unrecognised>,
}

/// Reads and checks a file or a folder of files. `as_at` defaults to the latest key event
/// date in the extract.
///
/// # Errors
/// As [`read`].
pub fn check(path: &Path, as_at: Option<Date>) -> Result<Extract> {
    let mut lists = Lists::default();
    // Where each list came from: one list from two files (or sheets) would be counted twice.
    let mut seen: Vec<(u8, String, PathBuf)> = Vec::new();
    for file in files(path)? {
        // Each file's tables are typed and let go before the next file is read, so the
        // memory one file's table took is used again for the next.
        for table in read_tables(&file)? {
            if let Some(list) = lists.add(&table) {
                if let Some((_, other, other_file)) = seen.iter().find(|(l, _, _)| *l == list) {
                    let name = |f: &Path, s: &str| {
                        let file = f
                            .file_name()
                            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                        if file == s {
                            file
                        } else {
                            format!("{file} (sheet {s:?})")
                        }
                    };
                    return Err(Error::Workbook {
                        path: path.to_path_buf(),
                        reason: format!(
                            "list {list} ({}) is in two places, {} and {}; an extract holds each \
                             list once, so nothing was read. Take the one you mean: remove the \
                             other from the folder (or the workbook) and try again",
                            annex_a::LISTS
                                .get(usize::from(list).saturating_sub(1))
                                .map_or("", |l| l.name),
                            name(other_file, other),
                            name(&file, &table.source)
                        ),
                    });
                }
                seen.push((list, table.source.clone(), file.clone()));
            }
        }
    }
    Ok(lists.finish(as_at))
}

/// Reads every table of a file, or of every spreadsheet and CSV file in a folder, without
/// checking them.
///
/// # Errors
/// [`Error::Io`] or [`Error::Workbook`] when a file cannot be opened; a folder with no
/// readable file is an error too.
pub fn read(path: &Path) -> Result<Vec<Table>> {
    let mut tables = Vec::new();
    for f in &files(path)? {
        tables.extend(read_tables(f)?);
    }
    Ok(tables)
}

/// Checks tables already read. Public for tests and fuzzing.
pub fn check_tables(tables: &[Table], as_at: Option<Date>) -> Extract {
    let mut lists = Lists::default();
    for table in tables {
        lists.add(table);
    }
    lists.finish(as_at)
}

/// An extract being checked. Each table is identified and its values typed as it comes
/// (findings about single values need nothing else); the rules that need the as-at date (the
/// latest key event date of the whole extract, unless given) run once every list is in.
#[derive(Default)]
struct Lists {
    typed: Vec<Typed>,
    unrecognised: Vec<Unrecognised>,
    days: Days,
}

impl Lists {
    /// Identifies a table and types its rows when it is a list; returns the list's number.
    fn add(&mut self, table: &Table) -> Option<u8> {
        let found = table.rows().take(20).enumerate().find_map(|(i, r)| {
            let headers: Vec<String> = r.cells().map(|c| c.text()).collect();
            annex_a::identify(&headers).map(|l| (i, l))
        });
        match found {
            Some((header_at, layout)) => {
                let list = layout.spec().number;
                self.typed
                    .push(type_list(table, header_at, layout, &mut self.days));
                Some(list)
            }
            None => {
                if table.rows().any(|r| r.cells().any(|c| !is_blank(c))) {
                    self.unrecognised.push(Unrecognised {
                        source: table.source.clone(),
                        reason: "no Annex A header set found".into(),
                    });
                }
                None
            }
        }
    }

    /// Applies the rules of every row and across lists.
    fn finish(self, as_at: Option<Date>) -> Extract {
        // The as-at date: given, or the latest key event date (never one in the future).
        let as_at = as_at.unwrap_or_else(|| {
            let today = jiff::Zoned::now().date();
            self.typed
                .iter()
                .filter_map(|t| t.key.map(|k| (t, k)))
                .flat_map(|(t, k)| t.records.iter().filter_map(move |r| r.values.get(k)))
                .filter_map(Value::date)
                .filter(|d| *d <= today)
                .max()
                .unwrap_or(today)
        });
        let mut findings = Vec::new();
        let mut read: Vec<ListRead> = self
            .typed
            .into_iter()
            .map(|typed| check_list(typed, as_at, &mut findings))
            .collect();
        cross_list(&read, &mut findings);
        for l in &mut read {
            l.rows_accepted = l.records.iter().filter(|r| !r.rejected).count();
            l.rows_rejected = l.rows_read - l.rows_accepted;
        }
        Extract {
            as_at,
            lists: read,
            findings,
            unrecognised: self.unrecognised,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::Data;
    use jiff::civil::date;
    use proptest::prelude::*;

    fn s(v: &str) -> Data {
        Data::String(v.into())
    }

    fn contacts(rows: &[[&str; 7]]) -> Table {
        Table::new("List_1", &contact_rows(rows)).expect("fits")
    }

    fn contact_rows(rows: &[[&str; 7]]) -> Vec<Vec<Data>> {
        let mut t = vec![
            vec![s("List 1: Contacts")],
            [
                "Child Unique ID",
                "Gender",
                "Ethnicity",
                "Date of Birth",
                "Age",
                "Date of Contact",
                "Contact Source",
            ]
            .iter()
            .map(|h| s(h))
            .collect(),
        ];
        for r in rows {
            t.push(r.iter().map(|v| s(v)).collect());
        }
        t
    }

    #[test]
    fn dates_as_councils_write_them() {
        let day = |y, m, d| Some(date(y, m, d));
        for (text, want) in [
            ("15/01/2024", day(2024, 1, 15)),
            ("2024-01-15", day(2024, 1, 15)),
            ("2024-01-15T00:00:00", day(2024, 1, 15)),
            ("15/01/2024 13:45", day(2024, 1, 15)),
            ("29/02/2024", day(2024, 2, 29)),
            ("29/02/2023", None),
            ("31/02/2024", None),
            ("nope", None),
            // The month by name, as a custom Excel format writes it into a CSV.
            ("15 Jan 2024", day(2024, 1, 15)),
            ("15-JAN-2024", day(2024, 1, 15)),
            ("1 September 2023", day(2023, 9, 1)),
            ("29 Feb 2024 10:30", day(2024, 2, 29)),
            ("29 Feb 2023", None),
            // Two letters name no month.
            ("15 Ja 2024", None),
            // A two-digit year is not guessed.
            ("15 Jan 24", None),
            ("01/02/15", None),
        ] {
            assert_eq!(parse_date(Cell::Text(text)), want, "{text}");
        }
        assert_eq!(parse_date(Cell::Number(45306.0)), day(2024, 1, 15));
    }

    #[test]
    fn a_title_row_above_the_header_and_every_row_accounted_for() {
        let t = contacts(&[
            [
                "001",
                "a) Male",
                "a) WBRI",
                "01/02/2015",
                "8",
                "10/01/2024",
                "q) 6: Police",
            ],
            ["", "", "", "", "", "", ""],
            [
                "002",
                "Robot",
                "a) WBRI",
                "01/02/2015",
                "8",
                "31/02/2024",
                "q) 6: Police",
            ],
            [
                "001",
                "a) Male",
                "a) WBRI",
                "01/02/2015",
                "8",
                "10/01/2024",
                "q) 6: Police",
            ],
        ]);
        let x = check_tables(&[t], Some(date(2024, 1, 15)));
        let l = &x.lists[0];
        assert_eq!(
            (
                l.list,
                l.header_row,
                l.rows_read,
                l.rows_accepted,
                l.rows_rejected
            ),
            (1, 2, 3, 2, 1)
        );
        assert_eq!(
            l.records[0].values[0],
            Value::Text("001".into()),
            "leading zeros kept"
        );
        let rules: Vec<(&str, u32, Option<&str>)> = x
            .findings
            .iter()
            .map(|f| (f.rule.as_str(), f.row, f.cell.as_deref()))
            .collect();
        assert!(
            rules.contains(&("code-unknown", 5, Some("B5"))),
            "{rules:?}"
        );
        assert!(
            rules.contains(&("date-invalid", 5, Some("F5"))),
            "{rules:?}"
        );
        assert!(rules.contains(&("duplicate", 6, Some("F6"))), "{rules:?}");
    }

    /// The fast XLSX reader and calamine read the same cells from real workbooks (Ofsted's
    /// template, the messy sample) and from a synthetic one with every messy variant.
    #[test]
    fn the_fast_xlsx_reader_agrees_with_calamine() {
        let dir = tempfile::tempdir().expect("temp dir");
        let synthetic = dir.path().join("messy.xlsx");
        let tables = sightline_synth::annex_a::generate(sightline_synth::annex_a::Settings {
            children: 300,
            seed: 7,
            as_at: date(2024, 1, 15),
            messy: sightline_synth::annex_a::Messy::Lots,
        });
        sightline_synth::annex_a::write_xlsx(&tables, &synthetic).expect("writes");
        let published = sightline_synth::published::data("annex-a");
        let mut paths: Vec<std::path::PathBuf> = published
            .iter()
            .flat_map(|d| {
                [
                    d.join("ofsted-annex-a-template-2019.xlsx"),
                    d.join("sample-messy.xlsx"),
                ]
            })
            .collect();
        paths.push(synthetic);
        for path in paths {
            let file = std::fs::File::open(&path).expect("opens");
            let fast = xlsx::read(std::io::BufReader::new(file)).expect("the fast reader reads it");
            let slow = read_with_calamine(&path).expect("calamine reads it");
            assert_eq!(fast.len(), slow.len(), "{path:?}");
            for (f, s) in fast.iter().zip(&slow) {
                assert_eq!(f.source, s.source);
                assert_eq!(
                    f.formulas_without_value, s.formulas_without_value,
                    "{}",
                    f.source
                );
                let cells = |t: &Table| -> Vec<Vec<String>> {
                    let mut rows: Vec<Vec<String>> = t
                        .rows()
                        .map(|r| {
                            let mut cells: Vec<String> =
                                r.cells().map(|c| format!("{c:?}")).collect();
                            while cells.last().is_some_and(|c| c == "Empty") {
                                cells.pop();
                            }
                            cells
                        })
                        .collect();
                    while rows.last().is_some_and(Vec::is_empty) {
                        rows.pop();
                    }
                    rows
                };
                assert_eq!(cells(f), cells(s), "{path:?} sheet {}", f.source);
            }
        }
    }

    #[test]
    fn duplicates_are_told_by_their_values_even_when_hashes_collide() {
        let keys = ["001|2024-01-10", "002|2024-01-10", "001|2024-01-10"];
        let mut seen = FirstSeen::with_capacity(4);
        let hash = |k: &str| {
            use std::hash::BuildHasher;
            rustc_hash::FxBuildHasher.hash_one(k)
        };
        for (this, expected) in [(0, None), (1, None), (2, Some(0))] {
            let same = |r: u32| keys[r as usize] == keys[this as usize];
            let bytes = || keys[this as usize].as_bytes().to_vec();
            assert_eq!(
                seen.first(hash(keys[this as usize]), this, same, bytes),
                expected
            );
        }
        // Two different keys forced onto one hash: neither is the other's duplicate.
        let keys = ["a", "b", "b", "a", "b"];
        let mut seen = FirstSeen::with_capacity(4);
        for (this, expected) in [
            (0, None),
            (1, None),
            (2, Some(1)),
            (3, Some(0)),
            (4, Some(1)),
        ] {
            let same = |r: u32| keys[r as usize] == keys[this as usize];
            let bytes = || keys[this as usize].as_bytes().to_vec();
            assert_eq!(seen.first(7, this, same, bytes), expected, "record {this}");
        }
    }

    #[test]
    fn unborn_children_may_have_events_before_birth() {
        let t = contacts(&[
            [
                "1",
                "c) Not stated/recorded",
                "a) WBRI",
                "01/03/2024",
                "-1",
                "10/01/2024",
                "g) 3A: Health services",
            ],
            [
                "2",
                "a) Male",
                "a) WBRI",
                "01/03/2020",
                "3",
                "10/01/2019",
                "q) 6: Police",
            ],
        ]);
        let x = check_tables(&[t], Some(date(2024, 1, 15)));
        let before: Vec<u32> = x
            .findings
            .iter()
            .filter(|f| f.rule == "event-before-birth")
            .map(|f| f.row)
            .collect();
        assert_eq!(before, [4]);
    }

    #[test]
    fn an_ods_sheet_spread_over_billions_of_cells_is_refused_not_allocated() {
        // One value at the top, five million repeated blank rows, one value 16,000 columns
        // to the right: a dense range of 16.8 billion cells if it were built.
        use std::io::Write;
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("crafted.ods");
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).expect("create"));
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        let parts = [
            ("mimetype", "application/vnd.oasis.opendocument.spreadsheet".to_string()),
            (
                "META-INF/manifest.xml",
                r#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#.to_string(),
            ),
            (
                "content.xml",
                r#"<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="S"><table:table-row><table:table-cell office:value-type="string"><text:p>a</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="5000000"><table:table-cell/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="16000"/><table:table-cell office:value-type="string"><text:p>b</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#.to_string(),
            ),
        ];
        for (name, text) in parts {
            zip.start_file(name, stored).expect("part");
            zip.write_all(text.as_bytes()).expect("write");
        }
        zip.finish().expect("zip");
        let e = check(&path, None).expect_err("refused");
        let message = e.to_string();
        assert!(message.contains("crafted.ods"), "{message}");
        assert!(message.contains("spreads over"), "{message}");
    }

    /// Pieces real cells are made of: codes with and without their letter, dates in the
    /// spellings councils use and one that is no day, numbers (ages at the edges), error
    /// values, spaces, postcodes, free text.
    const CELL_PIECES: [&str; 32] = [
        " ",
        "a) ",
        "Male",
        "Yes",
        "N",
        "N/A",
        "n/a",
        "#N/A",
        "#REF!",
        "0",
        "7",
        "12",
        "-1",
        "10.0",
        "120",
        "121",
        "WBRI",
        "White British",
        "S1",
        "PN1",
        "15/01/2024",
        "2024-01-15",
        "31/02/2024",
        "15 Jan 2024",
        "LS1 4AP",
        "con",
        "x",
        "\u{e9}",
        "a) Male",
        "b) No",
        "\u{a0}",
        "0012",
    ];

    /// Where the short path and the full reading of `text` disagree, for any column of any
    /// list: the column, and both readings (values read twice, so that the second meets the
    /// memos the first filled, and findings).
    fn short_and_full_disagree(text: &str) -> Option<String> {
        for spec in &annex_a::LISTS {
            let layout = Layout {
                list: spec.number,
                positions: (0..spec.columns.len()).map(Some).collect(),
                loose: Vec::new(),
                extra: Vec::new(),
            };
            let header: Vec<String> = spec.columns.iter().map(|c| c.header.to_string()).collect();
            let key = spec.columns.iter().position(|c| c.header == spec.key);
            for (k, c) in spec.columns.iter().enumerate() {
                let plan = ColumnPlan {
                    k,
                    column: c,
                    kind: c.kind,
                    pos: Some(k),
                    essential: matches!(c.kind, Kind::Id) && c.mandatory || Some(k) == key,
                };
                let read = |short: bool| {
                    let (mut findings, mut days) = (Vec::new(), Days::default());
                    let mut ctx = Ctx {
                        list: spec,
                        source: "s",
                        header: &header,
                        layout: &layout,
                        findings: &mut findings,
                    };
                    let mut memo = Memo::new(spec.columns.len(), &mut days);
                    let cell = Cell::Text(text);
                    let values = [0, 1].map(|_| match short {
                        true => read_value(&mut ctx, &mut memo, 4, &plan, cell),
                        false => read_value_fully(&mut ctx, &mut memo, 4, &plan, cell),
                    });
                    let findings: Vec<String> = findings.iter().map(|f| format!("{f:?}")).collect();
                    (values, findings)
                };
                let (short, full) = (read(true), read(false));
                if short != full {
                    return Some(format!("{:?}: {short:?} against {full:?}", c.header));
                }
            }
        }
        None
    }

    #[test]
    fn the_short_path_reads_every_piece_as_the_full_reading_does() {
        for text in CELL_PIECES {
            assert_eq!(short_and_full_disagree(text), None, "{text:?}");
        }
    }

    proptest! {
        #[test]
        fn any_table_is_read_without_panicking(
            cells in proptest::collection::vec(proptest::collection::vec("[0-9a-zA-Z/ )#-]{0,12}", 0..9), 0..20)
        ) {
            let mut rows = contact_rows(&[]);
            rows.extend(cells.into_iter().map(|r| r.into_iter().map(Data::String).collect()));
            let x = check_tables(&[Table::new("t", &rows).expect("fits")], Some(date(2024, 1, 15)));
            for l in &x.lists {
                prop_assert_eq!(l.rows_read, l.rows_accepted + l.rows_rejected);
            }
        }

        #[test]
        fn date_text_never_panics(v in "[0-9A-Za-z/ .T:,-]{0,25}") {
            let _ = parse_date_text(&v);
        }

        /// The byte-level fast path reads every real day as the calendar has it, in both
        /// spellings, and nothing that is not one (31/04, 29/02 outside leap years).
        #[test]
        fn the_fast_date_path_agrees_with_the_calendar(
            y in 1900i16..2100, m in 1i8..=12, d in 1i8..=31
        ) {
            let real = Date::new(y, m, d).ok();
            let uk = format!("{d:02}/{m:02}/{y:04}");
            let iso = format!("{y:04}-{m:02}-{d:02}");
            proptest::prop_assert_eq!(dd_mm_yyyy_or_iso(uk.as_bytes()), real);
            proptest::prop_assert_eq!(dd_mm_yyyy_or_iso(iso.as_bytes()), real);
            proptest::prop_assert_eq!(parse_date_text(&uk), real);
        }

        /// The short path for common cells decides as the full reading does, on texts made
        /// of several of the pieces real cells are made of.
        #[test]
        fn the_short_path_reads_combined_pieces_as_the_full_reading_does(
            pieces in proptest::collection::vec(0..CELL_PIECES.len(), 0..4),
            spaced in proptest::bool::ANY,
        ) {
            let joined: Vec<&str> = pieces.iter().map(|&i| CELL_PIECES[i]).collect();
            let text = joined.join(if spaced { " " } else { "" });
            prop_assert_eq!(short_and_full_disagree(&text), None);
        }

        /// A short text's key is its bytes end to end with its length in the top byte, read
        /// however the words overlap; longer texts have none.
        #[test]
        fn a_short_key_is_the_bytes_and_the_length(t in "[a-c\u{e9}) ]{0,17}") {
            let b = t.as_bytes();
            let expected = (b.len() <= 15).then(|| {
                let mut buf = [0u8; 16];
                buf[..b.len()].copy_from_slice(b);
                buf[15] = b.len() as u8;
                u128::from_le_bytes(buf)
            });
            proptest::prop_assert_eq!(short_key(&t), expected);
        }
    }
}
