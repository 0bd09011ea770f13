//! A list as read, and a row as kept: the one encoding of an Annex A row at rest. The loader
//! writes it, the store keeps it as text, and reading it back gives the same [`Record`].
//!
//! A row is kept as a JSON array: the template revision, then its values in column order (decision
//! 0037). Rows kept before that as a JSON object keyed by the template's headers (decision 0020)
//! still read back.

use serde::Serialize;

use super::{Kind, LISTS, List, Record, Value};

/// One list as read from one table, with its counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ListRead {
    /// 1 to 11.
    pub list: u8,
    /// Its name ("contacts").
    pub name: &'static str,
    /// The sheet or file it came from.
    pub source: String,
    /// The header row (1-based).
    pub header_row: u32,
    /// Non-blank data rows.
    pub rows_read: usize,
    /// Rows kept.
    pub rows_accepted: usize,
    /// Rows rejected (kept, with findings).
    pub rows_rejected: usize,
    /// The rows (not shown: child-level data).
    #[serde(skip)]
    pub records: Vec<Record>,
}

/// Why a kept row cannot be read back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeptRowError {
    /// Not a list of the template.
    #[error("list {0} is not one of Annex A's lists 1 to 11")]
    UnknownList(i64),
    /// Not the encoding [`encode`] writes.
    #[error("row {row} of list {list} is not a kept row: {reason}")]
    Unreadable {
        /// The list.
        list: u8,
        /// The row.
        row: u32,
        /// What is wrong.
        reason: String,
    },
}

/// The list numbered `n`.
///
/// # Errors
/// [`KeptRowError::UnknownList`].
pub fn list(n: i64) -> Result<&'static List, KeptRowError> {
    usize::try_from(n)
        .ok()
        .and_then(|n| n.checked_sub(1))
        .and_then(|i| LISTS.get(i))
        .ok_or(KeptRowError::UnknownList(n))
}

impl List {
    /// Where a column sits in this list.
    pub fn column(&self, header: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.header == header)
    }

    /// Where the list keeps a row's allocated team and worker (found once, for every row).
    pub fn owner_columns(&self) -> Owner {
        Owner {
            team: self.column("Allocated Team"),
            worker: self.column("Allocated Worker"),
        }
    }
}

/// Where a list keeps its rows' owners: see [`List::owner_columns`].
#[derive(Debug, Clone, Copy)]
pub struct Owner {
    team: Option<usize>,
    worker: Option<usize>,
}

impl Owner {
    /// A row's allocated team and worker, where the list has them and they are given.
    pub fn of(self, r: &Record) -> (Option<String>, Option<String>) {
        let text = |i: Option<usize>| i.and_then(|i| r.text(i)).map(str::to_string);
        (text(self.team), text(self.worker))
    }
}

impl Record {
    /// The text of a column, when it holds some.
    pub fn text(&self, column: usize) -> Option<&str> {
        match self.values.get(column) {
            Some(Value::Text(t)) if !t.trim().is_empty() => Some(t.as_str()),
            _ => None,
        }
    }

    /// The child (or adopter) identifier: every list's first column.
    pub fn child_id(&self) -> Option<&str> {
        self.text(0)
    }
}

/// The revision of the template whose column order a kept row's places follow. Revision 1 is
/// the columns of [`LISTS`] in the order Sightline has always read them. A change to a list's
/// columns takes a new revision, and [`decode`] a map from the old one's places to headers; until
/// then a row kept under a revision this build does not know is refused, never read by guess.
pub const REVISION: u32 = 1;

/// A row as kept: a JSON array of the template revision and then the row's values in the list's
/// column order (`[1,"0042","b) Female",null,"2024-02-29",-1]`). Blank is `null`, a date its ISO
/// text, a whole number a number, text and codes strings. About half the bytes of the form keyed by
/// header that rows were kept in before (which [`decode`] still reads).
pub fn encode(list: &List, r: &Record) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(8 + 14 * list.columns.len());
    // Writing into a String cannot fail: the results of `write!` below are always `Ok`.
    let _ = write!(out, "[{REVISION}");
    for v in r.values.iter().take(list.columns.len()) {
        out.push(',');
        match v {
            Value::Empty => out.push_str("null"),
            Value::Date(d) => {
                let _ = write!(out, "\"{d}\"");
            }
            Value::Int(i) => {
                let _ = write!(out, "{i}");
            }
            Value::Text(t) => push_json_string(&mut out, t),
            Value::Code(c) => push_json_string(&mut out, c),
        }
    }
    out.push(']');
    out
}

/// `s` as a JSON string: as it is, quoted, when nothing in it needs escaping (nearly always).
fn push_json_string(out: &mut String, s: &str) {
    if s.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
        out.push_str(&serde_json::Value::String(s.to_string()).to_string());
    } else {
        out.push('"');
        out.push_str(s);
        out.push('"');
    }
}

/// A kept row read back into a record of `list`, in template order: the array [`encode`] writes,
/// or the object keyed by header that rows were kept as before it (a header the row never had, or
/// a place past the row's end, reads as blank).
///
/// # Errors
/// [`KeptRowError::Unreadable`] for text [`encode`] did not write, and for a row kept under a
/// template revision this build does not know.
pub fn decode(list: &List, row: u32, rejected: bool, data: &str) -> Result<Record, KeptRowError> {
    let bad = |reason: String| KeptRowError::Unreadable {
        list: list.number,
        row,
        reason,
    };
    let kept: serde_json::Value = serde_json::from_str(data).map_err(|e| bad(e.to_string()))?;
    let cells: Vec<Option<&serde_json::Value>> = match &kept {
        serde_json::Value::Array(places) => {
            let (revision, places) = places
                .split_first()
                .ok_or_else(|| bad("an empty array, without its template revision".into()))?;
            if revision.as_u64() != Some(u64::from(REVISION)) {
                return Err(bad(format!(
                    "kept under template revision {revision}, which this build does not read                      (it reads revision {REVISION})"
                )));
            }
            if places.len() > list.columns.len() {
                return Err(bad(format!(
                    "{} values for the list's {} columns",
                    places.len(),
                    list.columns.len()
                )));
            }
            (0..list.columns.len()).map(|i| places.get(i)).collect()
        }
        serde_json::Value::Object(map) => list.columns.iter().map(|c| map.get(c.header)).collect(),
        other => return Err(bad(format!("{other} is neither an array nor an object"))),
    };
    let values = list
        .columns
        .iter()
        .zip(cells)
        .map(|(c, cell)| match cell {
            None | Some(serde_json::Value::Null) => Ok(Value::Empty),
            Some(serde_json::Value::Number(n)) => n
                .as_i64()
                .map(Value::Int)
                .ok_or_else(|| bad(format!("{}: {n} is not a whole number", c.header))),
            Some(serde_json::Value::String(s)) => Ok(match c.kind {
                Kind::Date => s
                    .parse()
                    .map_or_else(|_| Value::Text(s.as_str().into()), Value::Date),
                // A code was kept as its set's code, so it is read back as one at once.
                kind => Value::of_text(kind, s),
            }),
            Some(other) => Err(bad(format!("{}: {other} is not a cell", c.header))),
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Record {
        row,
        values,
        rejected,
    })
}

/// Where a kept row holds the value of column `column` of its list, for a query that reads one
/// field without decoding the row: the place in the array [`encode`] writes (after the revision).
pub fn place(column: usize) -> usize {
    column + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;

    fn contact() -> Record {
        Record {
            row: 7,
            values: vec![
                Value::Text("0042".into()),
                Value::Code("b) Female"),
                Value::Text("not a code".into()),
                Value::Date(jiff::civil::date(2024, 2, 29)),
                Value::Int(-1),
                Value::Date(jiff::civil::date(2024, 3, 1)),
                Value::Code("1A"),
            ],
            rejected: true,
        }
    }

    #[test]
    fn a_row_reads_back_as_it_was_written() {
        let l = &LISTS[0];
        let r = contact();
        let back = decode(l, 7, true, &encode(l, &r)).expect("decodes");
        assert_eq!(back.values, r.values);
        assert_eq!((back.row, back.rejected), (7, true));
        assert_eq!(back.child_id(), Some("0042"), "leading zeros kept");
    }

    #[test]
    fn a_row_is_kept_as_its_revision_and_values_by_place() {
        assert_eq!(
            encode(&LISTS[0], &contact()),
            r#"[1,"0042","b) Female","not a code","2024-02-29",-1,"2024-03-01","1A"]"#
        );
        let blank = Record {
            row: 1,
            values: vec![Value::Text("a \"quoted\" \\ name\n".into()), Value::Empty],
            rejected: false,
        };
        let kept = encode(&LISTS[0], &blank);
        assert_eq!(kept, r#"[1,"a \"quoted\" \\ name\n",null]"#);
        let back = decode(&LISTS[0], 1, false, &kept).expect("decodes");
        assert_eq!(back.values[0], blank.values[0]);
        assert!(
            back.values[1..].iter().all(Value::is_empty),
            "places past the end are blank"
        );
        assert_eq!(place(0), 1);
    }

    #[test]
    fn a_row_kept_keyed_by_header_still_reads_back() {
        let kept = r#"{"Child Unique ID":"0042","Gender":"b) Female","Ethnicity":"not a code",
            "Date of Birth":"2024-02-29","Age of Child (Years)":-1,"Date of Contact":"2024-03-01",
            "Contact Source":"1A"}"#;
        let back = decode(&LISTS[0], 7, true, kept).expect("decodes");
        assert_eq!(back.values, contact().values);
        assert_eq!(encode(&LISTS[0], &back), encode(&LISTS[0], &contact()));
    }

    #[test]
    fn a_row_of_another_revision_or_too_long_is_refused() {
        let refused = |kept: &str| match decode(&LISTS[0], 4, false, kept) {
            Err(KeptRowError::Unreadable { reason, .. }) => reason,
            other => panic!("{kept}: {other:?}"),
        };
        assert!(refused(r#"[2,"0042"]"#).contains("revision 2"));
        assert!(refused("[]").contains("template revision"));
        assert!(refused(r#"["1","0042"]"#).contains("revision"));
        assert!(refused("[1,1,2,3,4,5,6,7,8]").contains("8 values for the list's 7 columns"));
        assert!(refused("17").contains("neither an array nor an object"));
    }

    #[test]
    fn a_column_the_row_never_had_reads_as_blank() {
        let back = decode(&LISTS[0], 1, false, r#"{"Child Unique ID":"9"}"#).expect("decodes");
        assert_eq!(back.values.len(), LISTS[0].columns.len());
        assert!(back.values[1..].iter().all(Value::is_empty));
    }

    #[test]
    fn text_that_is_no_kept_row_is_refused() {
        for bad in [
            "",
            "[1,[2]]",
            "[1,1.5]",
            r#"{"Child Unique ID":[1]}"#,
            r#"{"Age of Child (Years)":1.5}"#,
        ] {
            assert!(
                matches!(
                    decode(&LISTS[0], 3, false, bad),
                    Err(KeptRowError::Unreadable {
                        list: 1,
                        row: 3,
                        ..
                    })
                ),
                "{bad}"
            );
        }
        assert_eq!(list(12), Err(KeptRowError::UnknownList(12)));
        assert_eq!(list(0), Err(KeptRowError::UnknownList(0)));
        assert_eq!(list(1).map(|l| l.number), Ok(1));
    }

    proptest::proptest! {
        #[test]
        fn any_row_reads_back_as_it_was_written(
            list in 0..LISTS.len(),
            cells in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just(Value::Empty),
                    (-100_000i64..100_000).prop_map(Value::Int),
                    (1900i16..2100, 1i8..13, 1i8..29)
                        .prop_map(|(y, m, d)| Value::Date(jiff::civil::date(y, m, d))),
                    "\\PC{0,20}".prop_map(|t| Value::Text(t.as_str().into())),
                    "[\"\\\\\n\t\u{0}-\u{1f}a-z ]{0,12}".prop_map(|t| Value::Text(t.as_str().into())),
                ],
                0..40,
            ),
        ) {
            let l = &LISTS[list];
            let r = Record { row: 3, values: cells, rejected: false };
            let back = decode(l, 3, false, &encode(l, &r)).expect("decodes");
            for (i, c) in l.columns.iter().enumerate() {
                let want = r.values.get(i).cloned().unwrap_or(Value::Empty);
                let want = match want {
                    // A text read back in a date or coded column is read as that column reads it.
                    Value::Text(t) => match c.kind {
                        Kind::Date => t.parse().map_or(Value::Text(t), Value::Date),
                        kind => Value::of_text(kind, &t),
                    },
                    // A loader keeps dates in date columns only; one elsewhere reads as its text.
                    Value::Date(d) if c.kind != Kind::Date => Value::of_text(c.kind, &d.to_string()),
                    other => other,
                };
                proptest::prop_assert_eq!(&back.values[i], &want, "{}", c.header);
            }
        }

        #[test]
        fn any_text_is_read_or_refused_without_panic(data in "\\PC{0,80}", list in 0..LISTS.len()) {
            let _ = decode(&LISTS[list], 1, false, &data);
        }

        #[test]
        fn any_array_is_read_or_refused_without_panic(
            data in "\\[1(,(null|-?[0-9]{1,20}|\"[^\"\\\\]{0,8}\"|1\\.5|\\[\\]|\\{\\})){0,45}\\]",
        ) {
            let _ = decode(&LISTS[0], 1, false, &data);
        }
    }
}
