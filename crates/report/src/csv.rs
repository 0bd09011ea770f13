//! CSV cells that stay text in a spreadsheet (OWASP, "CSV injection"): a cell starting with
//! `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel as a formula, so a worker
//! named `=HYPERLINK(…)` would become a link. Such a cell is written with a leading `'`, which
//! Excel shows as text. A plain number (`-3.5`) is left alone: Excel reads it as the number it
//! is, never as a formula.

use std::borrow::Cow;

/// The cell as it is safe to write.
pub fn cell(text: &str) -> Cow<'_, str> {
    let risky = text
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r'));
    if risky && text.trim().parse::<f64>().is_err() {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A CSV file: the header, then each row, every cell made safe with [`cell`].
///
/// # Errors
/// [`crate::Error::Write`] when a row cannot be written (never for text in memory).
pub fn table(header: &[&str], rows: &[Vec<String>]) -> crate::Result<String> {
    let bad = |e: &dyn std::fmt::Display| crate::Error::Write {
        path: "CSV".into(),
        reason: e.to_string(),
    };
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record(header.iter().map(|h| cell(h).into_owned()))
        .map_err(|e| bad(&e))?;
    for r in rows {
        w.write_record(r.iter().map(|c| cell(c).into_owned()))
            .map_err(|e| bad(&e))?;
    }
    let bytes = w.into_inner().map_err(|e| bad(&e))?;
    String::from_utf8(bytes).map_err(|e| bad(&e))
}

#[cfg(test)]
mod tests {
    use super::{cell, table};

    #[test]
    fn a_table_has_its_header_and_safe_cells() {
        let t = table(&["a", "b"], &[vec!["=1+1".into(), "x, y".into()]]).expect("csv");
        assert_eq!(t, "a,b\n'=1+1,\"x, y\"\n");
    }

    #[test]
    fn formulas_become_text_and_numbers_stay_numbers() {
        assert_eq!(
            cell("=HYPERLINK(\"http://x\",\"Chloe\")"),
            "'=HYPERLINK(\"http://x\",\"Chloe\")"
        );
        for risky in ["+1+1", "-1+cmd|' /C calc'!A0", "@SUM(A1)", "\t=1", "\r=1"] {
            assert!(cell(risky).starts_with('\''), "{risky:?}");
        }
        for plain in ["-3.5", "+2", "42", "Chloe Lewis", "", "c", "2024-01-15"] {
            assert_eq!(cell(plain), plain);
        }
    }
}
