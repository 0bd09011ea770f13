//! `sightline authority show|list`.

use std::fmt::Write;

use sightline_app::Sightline;

use crate::cli::AuthorityCommand;
use crate::output::{Rows, emit, opt};

pub async fn run(app: &Sightline, cmd: AuthorityCommand) -> anyhow::Result<()> {
    match cmd {
        AuthorityCommand::Show { authority, format } => {
            let p = app.profile(&authority).await?;
            let a = &p.authority;
            let mut head = String::new();
            writeln!(head, "{} ({}, {})", a.name, a.code, a.ons_code)?;
            writeln!(head, "Region: {} ({})", a.region_name, a.region_code)?;
            writeln!(head, "Type: {}", a.la_type)?;
            writeln!(head, "Population aged 0–25: {}", opt(a.population_0_25))?;
            match &p.latest {
                Some(l) => writeln!(
                    head,
                    "Latest judgement: {} ({} to {})",
                    l.overall.map(|g| g.label()).unwrap_or("not graded"),
                    opt(l.start_date),
                    opt(l.end_date)
                )?,
                None => writeln!(head, "Latest judgement: not known")?,
            }
            let counts: Vec<String> = p
                .neighbour_grade_counts()
                .iter()
                .map(|(g, n)| format!("{} {n}", g.label().to_lowercase()))
                .collect();
            writeln!(head, "Statistical neighbours: {}", counts.join(", "))?;
            let mut rows = Rows::new(&[
                "rank",
                "code",
                "neighbour",
                "latest grade",
                "inspected",
                "kind",
            ]);
            for n in &p.neighbours {
                let l = n.latest.as_ref();
                rows.push(vec![
                    n.rank.to_string(),
                    n.code.to_string(),
                    n.name.clone(),
                    opt(l.and_then(|l| l.overall).map(|g| g.label())),
                    opt(l.and_then(|l| l.end_date)),
                    opt(l.and_then(|l| l.kind.clone())),
                ]);
            }
            emit(format.format, &p, &head, &rows)
        }
        AuthorityCommand::List { region, format } => {
            let wanted = region.as_deref().map(str::to_lowercase);
            let list: Vec<_> = app
                .reference()
                .authorities
                .iter()
                .filter(|a| match &wanted {
                    Some(r) => {
                        a.region_name.to_lowercase() == *r || a.region_code.to_lowercase() == *r
                    }
                    None => true,
                })
                .cloned()
                .collect();
            if list.is_empty() {
                anyhow::bail!(
                    "no authorities in region {:?} (regions are named as ONS names them, e.g. \"East Midlands\", or by code, e.g. E12000004)",
                    region.unwrap_or_default()
                );
            }
            let mut rows = Rows::new(&["code", "ons code", "name", "region", "population 0–25"]);
            for a in &list {
                rows.push(vec![
                    a.code.to_string(),
                    a.ons_code.clone(),
                    a.name.clone(),
                    a.region_name.clone(),
                    opt(a.population_0_25),
                ]);
            }
            emit(format.format, &list, "", &rows)
        }
    }
}
