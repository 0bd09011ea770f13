//! A finding: a problem with an input, located to the cell, that never drops what was read.

use serde::{Deserialize, Serialize};

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth knowing; nothing was changed.
    Info,
    /// Kept as given, but check it.
    Warning,
    /// The row or item could not be used.
    Error,
}

/// A problem found in an input file, with where it is and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The Annex A list (1 to 11), for findings in child-level data.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub list: Option<u8>,
    /// The sheet (or file, for CSV).
    pub sheet: String,
    /// The row number as the user sees it in Excel (1-based).
    pub row: u32,
    /// The cell reference ("D7"), when the finding is about one cell.
    pub cell: Option<String>,
    /// The column's header as written.
    pub column: Option<String>,
    /// The value as found.
    pub value: Option<String>,
    /// A stable rule id ("timescale-unreadable").
    pub rule: String,
    /// How bad it is.
    pub severity: Severity,
    /// A plain sentence saying what is wrong and what was expected.
    pub message: String,
}

/// The Excel reference of a 0-based (row, column): `cell_ref(6, 3)` is "D7".
pub fn cell_ref(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = col + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + u8::try_from(rem).unwrap_or(0)));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &(row + 1).to_string()
}

#[cfg(test)]
mod tests {
    use super::cell_ref;

    #[test]
    fn cell_refs_as_excel_writes_them() {
        assert_eq!(cell_ref(0, 0), "A1");
        assert_eq!(cell_ref(6, 3), "D7");
        assert_eq!(cell_ref(9, 25), "Z10");
        assert_eq!(cell_ref(0, 26), "AA1");
        assert_eq!(cell_ref(99, 701), "ZZ100");
        assert_eq!(cell_ref(0, 702), "AAA1");
    }
}
