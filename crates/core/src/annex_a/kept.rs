//! A list as read, and a row as kept: the one encoding of an Annex A row at rest. The loader
//! writes it, the store keeps it as text, and reading it back gives the same [`Record`].
//!
//! A row is kept as a JSON object keyed by the template's headers, so a row written under one
//! revision of the template reads back under the next (a new column reads as blank).

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

/// A row as kept: a JSON object keyed by the list's headers.
pub fn encode(list: &List, r: &Record) -> String {
    let mut map = serde_json::Map::with_capacity(list.columns.len());
    for (c, v) in list.columns.iter().zip(&r.values) {
        let v = match v {
            Value::Empty => serde_json::Value::Null,
            Value::Date(d) => serde_json::Value::String(d.to_string()),
            Value::Int(i) => serde_json::Value::from(*i),
            Value::Text(t) => serde_json::Value::String(t.to_string()),
            Value::Code(c) => serde_json::Value::String((*c).to_string()),
        };
        map.insert(c.header.to_string(), v);
    }
    serde_json::Value::Object(map).to_string()
}

/// A kept row read back into a record of `list`, in template order.
///
/// # Errors
/// [`KeptRowError::Unreadable`] for text [`encode`] did not write.
pub fn decode(list: &List, row: u32, rejected: bool, data: &str) -> Result<Record, KeptRowError> {
    let bad = |reason: String| KeptRowError::Unreadable {
        list: list.number,
        row,
        reason,
    };
    let map: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(data).map_err(|e| bad(e.to_string()))?;
    let values = list
        .columns
        .iter()
        .map(|c| match map.get(c.header) {
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn a_column_the_row_never_had_reads_as_blank() {
        let back = decode(&LISTS[0], 1, false, r#"{"Child Unique ID":"9"}"#).expect("decodes");
        assert_eq!(back.values.len(), LISTS[0].columns.len());
        assert!(back.values[1..].iter().all(Value::is_empty));
    }

    #[test]
    fn text_that_is_no_kept_row_is_refused() {
        for bad in [
            "",
            "[1,2]",
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
}
