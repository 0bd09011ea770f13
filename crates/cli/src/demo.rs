//! `sightline demo`.

use std::path::Path;

use sightline_app::Sightline;

pub async fn run(app: &Sightline, path: &Path) -> anyhow::Result<()> {
    let s = app.build_demo().await?;
    println!("Demo database: {}", path.display());
    println!(
        "Authority: {} (999, fictional; its statistical neighbours are real authorities)",
        s.authority
    );
    println!(
        "Inspection journey: {} events recorded{}",
        s.inspections_created,
        if s.inspections_existing > 0 {
            format!(", {} already there", s.inspections_existing)
        } else {
            String::new()
        }
    );
    let (_, journey) = app.journey("999").await?;
    if let Some(w) = journey.next_window {
        println!(
            "Next inspection: {} expected between {} and {} (3-year anniversary {})",
            w.expected_kind.label().to_lowercase(),
            w.opens,
            w.closes,
            w.anniversary
        );
    }
    let status = app
        .plan_status(
            Some(s.plan_id),
            jiff::Zoned::now().date(),
            &Default::default(),
        )
        .await?;
    let counts: Vec<String> = status
        .counts
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(c, n)| format!("{c} {n}"))
        .collect();
    println!(
        "Improvement plan {}{}: {} priorities; actions today: {}",
        s.plan_id,
        if s.plan_created {
            ""
        } else {
            " (already there)"
        },
        status.priorities.len(),
        counts.join(", ")
    );
    println!("Plan RAG today: {}", status.rating);
    if let Some(id) = s.extract_id {
        println!(
            "Synthetic Annex A extracts: {} monthly loaded now; the latest ({id}) has {} rows across 11 lists; child identifiers pseudonymised",
            s.extracts_loaded, s.extract_rows
        );
    }
    let card = app.scorecard(&sightline_app::Actor::system(), None).await?;
    let exceptions: Vec<String> = card
        .exceptions()
        .map(|j| format!("{} ({})", j.definition.id, j.rating.colour))
        .collect();
    println!(
        "Indicators: {} computed per extract; {} targets; exceptions now: {}",
        card.indicators.len(),
        app.targets().await?.len(),
        if exceptions.is_empty() {
            "none".to_string()
        } else {
            exceptions.join(", ")
        }
    );
    let db = path.display();
    println!();
    println!("Try:");
    println!("  sightline --db {db} inspection list --authority 999");
    println!("  sightline --db {db} authority show 999");
    println!("  sightline --db {db} plan status");
    println!("  sightline --db {db} plan status --as-at 2026-03-31");
    println!("  sightline --db {db} plan export --out plan.xlsx");
    println!("  sightline --db {db} plan page --out plan.html");
    println!("  sightline --db {db} annex-a report");
    println!("  sightline --db {db} indicators");
    println!("  sightline --db {db} indicators scorecard");
    println!("  sightline --db {db} indicators exceptions");
    println!("  sightline --db {db} indicators explain cp_visited_in_timescale_pct");
    println!(
        "  sightline --db {db} --role viewer indicators explain cp_visited_in_timescale_pct   (refused)"
    );
    println!("  sightline --db {db} indicators benchmark list assessments_within_45wd_pct");
    println!("  sightline inspection parse <report.pdf> --format json");
    Ok(())
}
