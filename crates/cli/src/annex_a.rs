//! `sightline annex-a check`.

use std::fmt::Write;
use std::path::Path;

use jiff::civil::Date;

use crate::output::{Format, Rows, emit, opt};

pub fn check(path: &Path, as_at: Option<Date>, format: Format) -> anyhow::Result<()> {
    let x = sightline_app::check_annex_a(path, as_at)?;
    let mut head = String::new();
    let _ = writeln!(head, "{}: checked as at {}", path.display(), x.as_at);
    for l in &x.lists {
        let _ = writeln!(
            head,
            "  List {:>2} {:<17} {:<22} header row {:>2}: {} rows read, {} accepted, {} rejected",
            l.list, l.name, l.source, l.header_row, l.rows_read, l.rows_accepted, l.rows_rejected
        );
    }
    for u in &x.unrecognised {
        let _ = writeln!(head, "  not a list: {} ({})", u.source, u.reason);
    }
    let _ = writeln!(head, "{} findings", x.findings.len());
    let mut rows = Rows::new(&[
        "list", "sheet", "row", "column", "value", "rule", "severity", "message",
    ]);
    for f in &x.findings {
        rows.push(vec![
            opt(f.list),
            f.sheet.clone(),
            f.row.to_string(),
            opt(f.column.as_deref()),
            opt(f.value.as_deref()),
            f.rule.clone(),
            format!("{:?}", f.severity).to_lowercase(),
            f.message.clone(),
        ]);
    }
    emit(format, &x, &head, &rows)
}
