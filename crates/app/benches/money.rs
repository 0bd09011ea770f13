//! Following the money and the workforce for a large authority: 30 investment lines with 60
//! months of actuals each, and 40 teams with 60 months of workforce returns; each status read
//! from the store and worked out, on one thread. Target: both under 50 ms. `taskset -c 0 cargo bench -p sightline-app --bench money`; results in
//! BENCHMARKS.md.

use std::sync::OnceLock;

use sightline_app::disclosure::Audience;
use sightline_app::{Actor, Sightline};
use sightline_core::access::Role;

fn main() {
    divan::main();
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime")
    })
}

fn programme() -> &'static Sightline {
    static APP: OnceLock<Sightline> = OnceLock::new();
    APP.get_or_init(|| {
        runtime().block_on(async {
            let app = Sightline::in_memory().await.expect("app");
            let actor = Actor("bench".into());
            let (lines, actuals) =
                sightline_synth::money::generate(30, 60, jiff::civil::date(2021, 4, 1), 11);
            for l in &lines {
                app.save_line(Role::Admin, &actor, l).await.expect("line");
            }
            let mut months: Vec<_> = actuals.iter().map(|a| a.month).collect();
            months.sort_unstable();
            months.dedup();
            for m in months {
                let these: Vec<_> = actuals.iter().filter(|a| a.month == m).cloned().collect();
                app.db()
                    .load_actuals(&actor, m, &these, "bench")
                    .await
                    .expect("actuals");
            }
            let returns =
                sightline_synth::workforce::generate(40, 60, jiff::civil::date(2026, 2, 28), 5);
            let mut months: Vec<_> = returns.iter().map(|r| r.month).collect();
            months.sort_unstable();
            months.dedup();
            for m in months {
                let these: Vec<_> = returns.iter().filter(|r| r.month == m).cloned().collect();
                app.db()
                    .load_workforce(&actor, m, &these, "bench")
                    .await
                    .expect("returns");
            }
            app
        })
    })
}

/// The six workforce indicators' series, every month by team, as the scorecard and packs read
/// them.
#[divan::bench(sample_count = 20)]
fn workforce_indicator_series_of_40_teams_over_60_months() -> usize {
    let app = programme();
    runtime()
        .block_on(app.every_series(Audience::Aggregate))
        .expect("series")
        .iter()
        .map(|(_, s)| s.len())
        .sum()
}

#[divan::bench(sample_count = 20)]
fn workforce_of_40_teams_over_60_months() -> usize {
    let app = programme();
    runtime()
        .block_on(app.workforce_status(&Actor("bench".into()), Audience::Aggregate, None))
        .expect("status")
        .teams
        .len()
}

#[divan::bench(sample_count = 20)]
fn status_of_30_lines_over_60_months() -> usize {
    let app = programme();
    runtime()
        .block_on(app.money_status(
            &Actor("bench".into()),
            Audience::Aggregate,
            jiff::civil::date(2026, 3, 15),
        ))
        .expect("status")
        .lines
        .len()
}
