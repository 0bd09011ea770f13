//! A board or scrutiny pack as a document: sections of headings, paragraphs, numbered
//! paragraphs, tables with RAG cells, and charts. `sightline-app` builds it from the figures
//! (through the disclosure layer); every format renders the same document, so the figures and
//! words are the same in each: HTML and XLSX here, DOCX and PDF in `sightline-report-print`.
//!
//! The document is stored with the pack (as JSON) and rendered again from the store, so a pack
//! built for a period reads the same whenever it is downloaded.

use serde::{Deserialize, Serialize};
use sightline_core::indicator::Unit;
use sightline_core::pack::{Kind, Marking};
use sightline_core::rag::Rag;

use crate::chart::Chart;

pub mod html;
pub mod xlsx;

/// A pack: the cover's facts and its sections.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pack {
    /// The meeting.
    pub kind: Kind,
    /// Public or OFFICIAL-SENSITIVE.
    pub marking: Marking,
    /// The authority's name ("Leicester City Council").
    pub authority: String,
    /// The meeting's name.
    pub meeting: String,
    /// The report's title.
    pub title: String,
    /// The period, in words ("October 2026").
    pub period: String,
    /// The date of the figures, in words ("31 October 2026").
    pub as_at: String,
    /// The facts under the title: (label, value), as "Report of" · "Data as at".
    pub facts: Vec<(String, String)>,
    /// The sections, in order.
    pub sections: Vec<Section>,
}

/// One numbered section ("4. Performance").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    /// Its heading, without its number.
    pub heading: String,
    /// An appendix (lettered, and landscape on paper).
    pub appendix: bool,
    /// What it holds.
    pub blocks: Vec<Block>,
}

/// A piece of a section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type", content = "content")]
pub enum Block {
    /// A heading inside a section.
    Subheading(String),
    /// A paragraph.
    Paragraph(String),
    /// Numbered paragraphs (recommendations), numbered under their section ("2.1").
    Numbered(Vec<String>),
    /// A bulleted list.
    Bullets(Vec<String>),
    /// A table.
    Table(Table),
    /// A chart with its data.
    Chart(ChartBlock),
}

/// A chart and the data behind it (the XLSX writes one sheet of it per indicator).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChartBlock {
    /// The indicator's id (the sheet's name).
    pub id: String,
    /// The chart.
    pub chart: Chart,
    /// Each value as printed: a number, `c` (suppressed) or blank.
    pub data: Vec<(String, Value)>,
    /// A sentence under the chart (RAG and direction).
    pub caption: String,
}

/// A value in a table or data sheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum Value {
    /// A figure, in its unit.
    Number(f64, Unit),
    /// Suppressed: `c`.
    Suppressed,
    /// No value.
    None,
}

/// What a table is, so a format can find it (the XLSX's scorecard sheet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableRole {
    /// The scorecard.
    Scorecard,
    /// The plan's actions.
    Plan,
    /// The indicators' definitions.
    Definitions,
    /// Anything else.
    Other,
}

/// A table with a header row (repeated on every page).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// What it is.
    pub role: TableRole,
    /// Its caption.
    pub caption: String,
    /// The header row.
    pub header: Vec<String>,
    /// Relative column widths, one per column.
    pub widths: Vec<u16>,
    /// The rows.
    pub rows: Vec<Vec<Cell>>,
}

/// A table cell: its text, and its RAG when it is a rating (shaded, and carrying its word).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    /// The text.
    pub text: String,
    /// The RAG, shaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rag: Option<Rag>,
}

impl Cell {
    /// A cell of text.
    pub fn text(text: impl Into<String>) -> Self {
        Cell {
            text: text.into(),
            rag: None,
        }
    }

    /// A RAG cell: its word, shaded.
    pub fn rag(rag: Rag) -> Self {
        Cell {
            text: rag_word(rag).to_string(),
            rag: Some(rag),
        }
    }
}

/// A RAG's word as printed in a cell ("Red"; blue is complete, grey not rated, as each pack's
/// key says).
pub fn rag_word(rag: Rag) -> &'static str {
    match rag {
        Rag::Red => "Red",
        Rag::Amber => "Amber",
        Rag::Green => "Green",
        Rag::Blue => "Blue",
        Rag::Grey => "Grey",
    }
}

/// A RAG's fill (RGB hex, no `#`) and whether its word is printed in white.
pub fn rag_fill(rag: Rag) -> (&'static str, bool) {
    match rag {
        Rag::Red => ("D4351C", true),
        Rag::Amber => ("F47738", false),
        Rag::Green => ("00703C", true),
        Rag::Blue => ("1D70B8", true),
        Rag::Grey => ("B1B4B6", false),
    }
}

impl Table {
    /// Each column's width out of `total`: first room for the longest word in the column (so
    /// no word is broken, when that fits at all), then what is left shared out by the
    /// relative widths. `measure` gives a text's width in the same units as `total`.
    pub fn column_widths(&self, total: f64, measure: impl Fn(&str, bool) -> f64) -> Vec<f64> {
        let n = self.header.len();
        if n == 0 {
            return vec![];
        }
        let longest_word = |text: &str, bold: bool| {
            text.split_whitespace()
                .map(|w| measure(w, bold))
                .fold(0.0f64, f64::max)
        };
        let mut need: Vec<f64> = self.header.iter().map(|h| longest_word(h, true)).collect();
        for row in &self.rows {
            for (i, c) in row.iter().enumerate().take(n) {
                need[i] = need[i].max(longest_word(&c.text, c.rag.is_some()));
            }
        }
        let weights: Vec<f64> = (0..n)
            .map(|i| f64::from(self.widths.get(i).copied().unwrap_or(1).max(1)))
            .collect();
        let floor: f64 = need.iter().sum();
        if floor >= total {
            // Not even the words fit: share by the words' widths.
            return need.iter().map(|w| total * w / floor).collect();
        }
        // Columns whose share is below their longest word get the word; the rest share what
        // is left by weight.
        let mut fixed = vec![false; n];
        loop {
            let spare: f64 = total - (0..n).filter(|i| fixed[*i]).map(|i| need[i]).sum::<f64>();
            let free: f64 = (0..n).filter(|i| !fixed[*i]).map(|i| weights[i]).sum();
            let mut changed = false;
            for i in 0..n {
                if !fixed[i] && spare * weights[i] / free < need[i] {
                    fixed[i] = true;
                    changed = true;
                }
            }
            if !changed {
                return (0..n)
                    .map(|i| {
                        if fixed[i] {
                            need[i]
                        } else {
                            spare * weights[i] / free
                        }
                    })
                    .collect();
            }
        }
    }
}

impl Pack {
    /// The section numbers as printed: "1" … for the body, "Appendix A" … for appendices.
    pub fn numbered(&self) -> Vec<(String, &Section)> {
        let mut body = 0;
        let mut appendix = 0u8;
        self.sections
            .iter()
            .map(|s| {
                if s.appendix {
                    appendix += 1;
                    (
                        format!("Appendix {}", char::from(b'A' + (appendix - 1) % 26)),
                        s,
                    )
                } else {
                    body += 1;
                    (body.to_string(), s)
                }
            })
            .collect()
    }

    /// Every table with this role.
    pub fn tables(&self, role: TableRole) -> impl Iterator<Item = &Table> {
        self.sections
            .iter()
            .flat_map(|s| &s.blocks)
            .filter_map(move |b| match b {
                Block::Table(t) if t.role == role => Some(t),
                _ => None,
            })
    }

    /// Every chart.
    pub fn charts(&self) -> impl Iterator<Item = &ChartBlock> {
        self.sections
            .iter()
            .flat_map(|s| &s.blocks)
            .filter_map(|b| match b {
                Block::Chart(c) => Some(c),
                _ => None,
            })
    }

    /// The words on every page's header and footer.
    pub fn running_head(&self) -> String {
        format!("{} · {} · {}", self.authority, self.meeting, self.period)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(header: &[&str], widths: &[u16], rows: &[&[&str]]) -> Table {
        Table {
            role: TableRole::Other,
            caption: String::new(),
            header: header.iter().map(|h| h.to_string()).collect(),
            widths: widths.to_vec(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|c| Cell::text(*c)).collect())
                .collect(),
        }
    }

    /// One unit a character.
    fn chars(s: &str, _bold: bool) -> f64 {
        s.chars().count() as f64
    }

    #[test]
    fn columns_keep_their_longest_word_and_share_the_rest() {
        // Weights 1:9 of 100 would give "Ref" 10 units; "Context" needs 7, so it fits.
        let t = table(&["Ref", "Indicator"], &[1, 9], &[&["Context", "a b"]]);
        assert_eq!(t.column_widths(100.0, chars), vec![10.0, 90.0]);
        // Weights 1:19 would give 5; the longest word (7) is kept whole, the rest gets 93.
        let t = table(&["Ref", "Indicator"], &[1, 19], &[&["Context", "a b"]]);
        assert_eq!(t.column_widths(100.0, chars), vec![7.0, 93.0]);
        // Words wider than the page: shared by their widths.
        let t = table(
            &["aaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"],
            &[1, 1],
            &[],
        );
        assert_eq!(t.column_widths(20.0, chars), vec![5.0, 15.0]);
        assert!(table(&[], &[], &[]).column_widths(10.0, chars).is_empty());
    }
}
