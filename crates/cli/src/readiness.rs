//! `sightline readiness`: for the next inspection window, each thing asked for on the first
//! day, ready or not, with the reason.

use jiff::civil::Date;
use sightline_app::Sightline;

use crate::cli::FormatArg;
use crate::output::{Rows, emit};

/// Runs `sightline readiness`.
pub async fn run(app: &Sightline, as_at: Option<Date>, format: FormatArg) -> anyhow::Result<()> {
    let r = app
        .readiness(as_at.unwrap_or_else(|| jiff::Zoned::now().date()))
        .await?;
    let head = format!(
        "Readiness as at {}. {}\n",
        r.as_at,
        r.window
            .clone()
            .unwrap_or_else(|| "No graded inspection is recorded for the authority.".into())
    );
    let mut rows = Rows::new(&["question", "ready", "why"]);
    for i in &r.items {
        rows.push(vec![
            i.question.to_string(),
            if i.ready { "READY" } else { "NOT READY" }.to_string(),
            std::iter::once(i.reason.clone())
                .chain(i.details.iter().map(|d| format!("· {d}")))
                .collect::<Vec<_>>()
                .join("\n"),
        ]);
    }
    emit(format.format, &r, &head, &rows)
}
