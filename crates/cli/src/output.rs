//! Printing data as a table, JSON or CSV.

use std::io::Write;

use clap::ValueEnum;
use serde::Serialize;

/// How data is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns for people.
    Table,
    /// JSON for programs.
    Json,
    /// CSV for spreadsheets.
    Csv,
}

/// Rows with a header, for table and CSV output.
#[derive(Debug, Default)]
pub struct Rows {
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

impl Rows {
    pub fn new(header: &[&'static str]) -> Rows {
        Rows {
            header: header.to_vec(),
            rows: Vec::new(),
        }
    }

    pub fn push(&mut self, row: Vec<String>) {
        self.rows.push(row);
    }

    pub fn table(&self) -> String {
        let mut t = comfy_table::Table::new();
        t.load_preset(comfy_table::presets::ASCII_MARKDOWN)
            .set_content_arrangement(comfy_table::ContentArrangement::Dynamic)
            .set_header(self.header.clone());
        if let Some((w, _)) = terminal_width() {
            t.set_width(w);
        } else {
            t.set_width(120);
        }
        for r in &self.rows {
            t.add_row(r.clone());
        }
        t.to_string()
    }

    pub fn csv(&self) -> anyhow::Result<String> {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(
            self.header
                .iter()
                .map(|c| sightline_report::csv::cell(c).into_owned()),
        )?;
        for r in &self.rows {
            w.write_record(
                r.iter()
                    .map(|c| sightline_report::csv::cell(c).into_owned()),
            )?;
        }
        Ok(String::from_utf8(w.into_inner()?)?)
    }
}

fn terminal_width() -> Option<(u16, u16)> {
    let cols = std::env::var("COLUMNS").ok()?.parse().ok()?;
    Some((cols, 0))
}

/// Prints `value` as JSON, or `rows` as a table or CSV; `preamble` heads the table form.
pub fn emit<T: Serialize>(
    format: Format,
    value: &T,
    preamble: &str,
    rows: &Rows,
) -> anyhow::Result<()> {
    let out = match format {
        Format::Json => serde_json::to_string_pretty(value)? + "\n",
        Format::Csv => rows.csv()?,
        Format::Table => {
            let mut s = preamble.to_string();
            if !rows.rows.is_empty() {
                s.push_str(&rows.table());
                s.push('\n');
            }
            s
        }
    };
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error worth reporting.
    match stdout.write_all(out.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

pub fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_else(|| "—".into())
}

/// Findings as rows: the row, the cell, the rule, how bad, and what is wrong.
pub fn finding_rows(findings: &[sightline_core::finding::Finding]) -> Rows {
    let mut rows = Rows::new(&["row", "cell", "rule", "severity", "message"]);
    for f in findings {
        rows.push(vec![
            f.row.to_string(),
            f.cell.clone().unwrap_or_default(),
            f.rule.clone(),
            format!("{:?}", f.severity).to_lowercase(),
            f.message.clone(),
        ]);
    }
    rows
}

/// A `--month YYYY-MM` as the month's last day.
pub fn month_end(text: &str) -> anyhow::Result<jiff::civil::Date> {
    anyhow::ensure!(
        sightline_core::commentary::is_period(text),
        "--month {text:?}: give the month as YYYY-MM (2026-10)"
    );
    Ok(format!("{text}-01")
        .parse::<jiff::civil::Date>()?
        .last_of_month())
}

/// The first line of an import's report: the file, the sheet and month, rows read and refused,
/// and what was (or, on a dry run, would be) loaded.
pub fn import_summary(
    file: &std::path::Path,
    sheet: &str,
    month: &str,
    (read, refused): (usize, usize),
    loaded: String,
) -> String {
    format!(
        "{}: {sheet} for {month}: {read} rows read, {refused} refused; {loaded}\n",
        file.display()
    )
}
