//! `sightline demo`.

use std::path::Path;

use sightline_app::Sightline;
use sightline_core::access::Role;

pub async fn run(app: &Sightline, path: &Path, serve_on: Option<&str>) -> anyhow::Result<()> {
    let s = app.build_demo().await?;
    let (password, generated) = match std::env::var("SIGHTLINE_DEMO_PASSWORD") {
        Ok(p) if !p.is_empty() => (p, false),
        _ => (sightline_app::random_token()[..16].to_string(), true),
    };
    let system = sightline_app::Actor::system();
    for role in Role::ALL {
        app.save_user(&system, role.as_str(), &password, role)
            .await?;
    }
    // The demo manager runs the front door and an assessment team: their line of sight.
    app.assign_teams(
        &system,
        "manager",
        &["Front Door".to_string(), "Assessment Team 1".to_string()],
    )
    .await?;
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
    let card = app
        .scorecard(
            &sightline_app::Actor::system(),
            sightline_app::disclosure::Audience::Aggregate,
            None,
        )
        .await?;
    let exceptions: Vec<String> = card
        .exceptions()
        .map(|j| format!("{} ({})", j.definition.id, j.rating.colour))
        .collect();
    println!(
        "Indicators: {} ({} computed per extract, the rest from the workforce returns and \
         practice audits); {} targets; exceptions now: {}",
        card.indicators.len(),
        card.indicators
            .iter()
            .filter(|j| j.definition.source == sightline_core::indicator::Source::AnnexA)
            .count(),
        app.targets().await?.len(),
        if exceptions.is_empty() {
            "none".to_string()
        } else {
            exceptions.join(", ")
        }
    );
    if s.workforce_months > 0 {
        println!(
            "Workforce: {} months of returns by team (agency use falling, caseloads easing)",
            s.workforce_months
        );
    }
    if s.audits > 0 {
        println!(
            "Practice audits: {} case files over six months (audits_good_or_better_pct)",
            s.audits
        );
    }
    if let Some((year, version)) = s.self_evaluation {
        println!(
            "Self-evaluation: {year}, published as version {version} with its evidence frozen \
             (`sightline sef show`, the Self-evaluation page)"
        );
    }
    if s.meetings > 0 {
        println!(
            "Meetings: {} (a year of improvement boards, scrutiny with one request overdue, \
             cabinet to come; `sightline meeting plan`, `sightline request list --open`)",
            s.meetings
        );
    }
    if s.lines_created > 0 {
        println!(
            "Money: {} investment lines (£2.4m over two years) with {} months of actuals",
            s.lines_created, s.money_months
        );
    }
    if let Some(period) = &s.pack_period {
        println!(
            "Packs: {} built for {period} (improvement board, scrutiny and cabinet; public and \
             OFFICIAL-SENSITIVE), stored; download any in DOCX, PDF, XLSX or HTML",
            s.packs_built
        );
    }
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
    if let Some(period) = &s.pack_period {
        println!(
            "  sightline --db {db} pack build --kind scrutiny --period {period} --public --out scrutiny.pdf"
        );
        println!("  sightline --db {db} pack list");
        println!("  sightline --db {db} money status");
        println!("  sightline --db {db} workforce status");
        println!("  sightline --db {db} meeting plan");
        println!("  sightline --db {db} request list --open");
        println!("  sightline --db {db} pack download 1 --out board.docx");
    }
    println!("  sightline inspection parse <report.pdf> --format json");
    println!(
        "  sightline --db {db} --role admin token create --user viewer --name \"Power BI\" --expires {}   (a token for the API)",
        jiff::Zoned::now()
            .date()
            .checked_add(jiff::Span::new().days(90))
            .map_or_else(|_| "YYYY-MM-DD".to_string(), |d| d.to_string())
    );
    println!();
    println!(
        "Demo accounts: admin, analyst, manager, viewer; password {}",
        if generated {
            format!("{password} (generated; set SIGHTLINE_DEMO_PASSWORD to choose one)")
        } else {
            "from SIGHTLINE_DEMO_PASSWORD".to_string()
        }
    );
    if let Some(addr) = serve_on {
        println!("Open http://{addr}/ and sign in (Ctrl-C to stop).");
        serve(app.clone(), addr).await?;
    }
    Ok(())
}

/// The demo's pseudonymisation key: kept in a file beside its database (`NAME.key`, readable
/// by its owner only), made on first use. Returns the key, the file and whether it was made.
pub fn demo_key(db: &Path) -> anyhow::Result<(String, std::path::PathBuf, bool)> {
    let file = db.with_extension("key");
    match std::fs::read_to_string(&file) {
        Ok(k) => Ok((k.trim().to_string(), file, false)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let key = sightline_app::random_token();
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o600);
            }
            let mut f = options
                .open(&file)
                .map_err(|e| anyhow::anyhow!("{}: cannot be created: {e}", file.display()))?;
            std::io::Write::write_all(&mut f, format!("{key}\n").as_bytes())
                .map_err(|e| anyhow::anyhow!("{}: cannot be written: {e}", file.display()))?;
            Ok((key, file, true))
        }
        Err(e) => Err(anyhow::anyhow!("{}: cannot be read: {e}", file.display())),
    }
}

/// `sightline serve --config FILE`: every key optional.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServeConfig {
    /// Where to listen.
    pub address: Option<String>,
    /// The database: a SQLite file or a `postgres://` URL.
    pub database: Option<String>,
    /// The name in the header.
    pub council: Option<String>,
    /// The key child identifiers are pseudonymised with, kept outside the database.
    pub secret_key: Option<String>,
}

impl ServeConfig {
    /// Reads the TOML file, naming the file and the problem when it cannot.
    pub fn read(path: &Path) -> anyhow::Result<ServeConfig> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("{}: cannot be read: {e}", path.display()))?;
        toml::from_str(&text).map_err(|e| {
            anyhow::anyhow!(
                "{}: not a Sightline config (keys: address, database, council, secret_key): {e}",
                path.display()
            )
        })
    }
}

/// Serves the site, headed with the home authority's name.
pub async fn serve(app: Sightline, addr: &str) -> anyhow::Result<()> {
    serve_as(app, addr, None).await
}

/// Serves the site, headed with `council`, else the home authority's name.
pub async fn serve_as(app: Sightline, addr: &str, council: Option<&str>) -> anyhow::Result<()> {
    let council = match (council, app.home_authority().await?) {
        (Some(c), _) => c.to_string(),
        (None, Some(a)) => format!("{} children's services", a.name),
        (None, None) => "Children's services".to_string(),
    };
    if app.users().await?.is_empty() {
        eprintln!(
            "sightline: no accounts yet; add one with `sightline user add NAME --role admin`"
        );
    }
    sightline_web::serve(app, &council, addr)
        .await
        .map_err(|e| anyhow::anyhow!("cannot serve on {addr}: {e}"))
}

/// `sightline user …`
pub async fn user(
    app: &Sightline,
    actor: &sightline_app::Actor,
    role: Role,
    cmd: crate::cli::UserCommand,
) -> anyhow::Result<()> {
    match cmd {
        crate::cli::UserCommand::Add { name, role } => {
            let password = match std::env::var("SIGHTLINE_PASSWORD") {
                Ok(p) if !p.is_empty() => p,
                _ => {
                    let mut line = String::new();
                    std::io::stdin().read_line(&mut line)?;
                    line.trim_end_matches(['\r', '\n']).to_string()
                }
            };
            app.save_user(actor, &name, &password, role).await?;
            println!("account {name} saved as {role}");
            Ok(())
        }
        crate::cli::UserCommand::Teams { name, team } => {
            if role != Role::Admin {
                anyhow::bail!("not allowed: teams are assigned by admins (--role admin)");
            }
            app.assign_teams(actor, &name, &team).await?;
            println!(
                "{name}: {}",
                if team.is_empty() {
                    "no team assigned".to_string()
                } else {
                    format!("assigned {}", team.join(", "))
                }
            );
            Ok(())
        }
        crate::cli::UserCommand::Grant {
            name,
            role: granted,
        } => {
            app.grant(actor, role, &name, granted).await?;
            println!("{name} holds {granted} in {}", app.acting_name());
            Ok(())
        }
        crate::cli::UserCommand::Revoke { name } => {
            app.revoke_grant(actor, role, &name).await?;
            println!("{name} holds no role here now");
            Ok(())
        }
        crate::cli::UserCommand::Grants { format } => {
            let grants = app.grants(role).await?;
            let mut rows = crate::output::Rows::new(&["name", "authority", "role here"]);
            for g in &grants {
                rows.push(vec![
                    g.username.clone(),
                    app.authority_name(g.home),
                    g.role.to_string(),
                ]);
            }
            crate::output::emit(format.format, &grants, "", &rows)
        }
        crate::cli::UserCommand::List { format } => {
            let users = app.users().await?;
            let mut rows = crate::output::Rows::new(&["name", "role", "disabled"]);
            for u in &users {
                rows.push(vec![
                    u.username.clone(),
                    u.role.to_string(),
                    u.disabled.to_string(),
                ]);
            }
            crate::output::emit(format.format, &users, "", &rows)
        }
    }
}
