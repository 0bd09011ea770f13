//! `sightline alliance …`: alliances of authorities, the regional role, and the pooled view.

use clap::Subcommand;
use sightline_app::{Actor, AllianceView, Sightline};
use sightline_core::access::Role;
use sightline_core::alliance::Agreement;

use crate::cli::FormatArg;

/// `sightline alliance …`
#[derive(Debug, Subcommand)]
pub enum AllianceCommand {
    /// Make an alliance (admins: --role admin). Authorities then join it, each by its own
    /// admin (--for CODE).
    Create {
        /// Its name ("North East").
        name: String,
        /// What members see of each other: `figures` (each indicator's headline, pooled and
        /// per member) or `figures-and-teams` (with each member's team-level breakdowns).
        #[arg(long, default_value = "figures")]
        agreement: Agreement,
    },
    /// The authority acted for (--for) joins an alliance (admins).
    Join {
        /// The alliance's name or id.
        alliance: String,
    },
    /// The authority acted for leaves an alliance, ending the regional roles it granted there
    /// (admins).
    Leave {
        /// The alliance's name or id.
        alliance: String,
    },
    /// Change what members share (an admin of a member).
    Agreement {
        /// The alliance's name or id.
        alliance: String,
        /// `figures` or `figures-and-teams`.
        agreement: Agreement,
    },
    /// Give one of this authority's accounts the regional role for an alliance, or take it
    /// away with --revoke (admins of a member).
    Regional {
        /// The alliance's name or id.
        alliance: String,
        /// The account's login name.
        #[arg(long)]
        user: String,
        /// Take the role away instead.
        #[arg(long)]
        revoke: bool,
    },
    /// Every alliance and its members.
    List {
        #[command(flatten)]
        format: FormatArg,
    },
    /// The alliance's view, for the account named by --as holding its regional role: each
    /// indicator pooled and per member, rank and quartile, and each member's latest grade and
    /// journey, suppressed as a public pack is.
    Show {
        /// The alliance's name or id.
        alliance: String,
        #[command(flatten)]
        format: FormatArg,
    },
}

/// Runs an alliance command.
pub async fn run(
    app: &Sightline,
    actor: &Actor,
    user: &str,
    role: Role,
    cmd: AllianceCommand,
) -> anyhow::Result<()> {
    match cmd {
        AllianceCommand::Create { name, agreement } => {
            let id = app.create_alliance(actor, role, &name, agreement).await?;
            println!(
                "alliance {id} {name:?} made ({agreement}); members join with `alliance join`"
            );
        }
        AllianceCommand::Join { alliance } => {
            app.set_membership(actor, role, &alliance, true).await?;
            println!("{} is a member of {alliance}", app.acting_name());
        }
        AllianceCommand::Leave { alliance } => {
            app.set_membership(actor, role, &alliance, false).await?;
            println!("{} is not a member of {alliance}", app.acting_name());
        }
        AllianceCommand::Agreement {
            alliance,
            agreement,
        } => {
            app.set_agreement(actor, role, &alliance, agreement).await?;
            println!("{alliance}: members share {agreement}");
        }
        AllianceCommand::Regional {
            alliance,
            user,
            revoke,
        } => {
            app.set_regional(actor, role, &alliance, &user, !revoke)
                .await?;
            println!(
                "{user} {} the regional role for {alliance}",
                if revoke { "no longer holds" } else { "holds" }
            );
        }
        AllianceCommand::List { format } => {
            let all = app.alliances().await?;
            let mut rows = crate::output::Rows::new(&["id", "name", "agreement", "members"]);
            for a in &all {
                let members: Vec<String> = a.members.iter().map(ToString::to_string).collect();
                rows.push(vec![
                    a.id.to_string(),
                    a.name.clone(),
                    a.agreement.to_string(),
                    members.join(" "),
                ]);
            }
            crate::output::emit(format.format, &all, "", &rows)?;
        }
        AllianceCommand::Show { alliance, format } => {
            let account = app.account(user).await?;
            let view = app.alliance_view(&account, &alliance).await?;
            crate::output::emit(format.format, &view, &preamble(&view), &rows(&view))?;
        }
    }
    Ok(())
}

/// The members, their latest grades and journeys, above the table of figures.
fn preamble(view: &AllianceView) -> String {
    let mut out = format!(
        "{} ({} members; agreement: {}; figures of 1 to {} children are suppressed)\n",
        view.alliance.name,
        view.members.len(),
        view.alliance.agreement,
        view.small_number
    );
    for m in &view.members {
        let grade = m
            .latest
            .as_ref()
            .and_then(|l| l.overall)
            .map_or("no graded inspection known", |g| g.label());
        let journey: Vec<String> = m
            .journey
            .iter()
            .map(|s| {
                format!(
                    "{} {}{}",
                    s.date,
                    s.kind,
                    s.overall
                        .map(|g| format!(" ({})", g.label()))
                        .unwrap_or_default()
                )
            })
            .collect();
        out.push_str(&format!(
            "  {} {}: latest extract {}; latest grade {grade}{}\n",
            m.code,
            m.name,
            m.as_at.map_or("none".to_string(), |d| d.to_string()),
            if journey.is_empty() {
                String::new()
            } else {
                format!("; journey {}", journey.join(" → "))
            }
        ));
    }
    out.push('\n');
    out
}

/// One row per indicator and member, with the pooled figure first.
fn rows(view: &AllianceView) -> crate::output::Rows {
    let mut rows = crate::output::Rows::new(&[
        "indicator",
        "authority",
        "value",
        "numerator",
        "denominator",
        "rank",
        "quartile",
    ]);
    let cell = |f: Option<&sightline_app::disclosure::Disclosed>| -> [String; 3] {
        match f {
            None => ["".into(), "".into(), "".into()],
            Some(d) => match d.numbers() {
                None => ["c".into(), "c".into(), "c".into()],
                Some(n) => [
                    n.value.map(|v| v.to_string()).unwrap_or_default(),
                    n.numerator.to_string(),
                    n.denominator.map(|d| d.to_string()).unwrap_or_default(),
                ],
            },
        }
    };
    for i in &view.indicators {
        let [v, n, d] = cell(i.pooled.as_ref());
        rows.push(vec![
            i.definition.id.to_string(),
            format!("pooled ({} of {})", i.pooled_from, view.members.len()),
            if i.pooled.is_none() {
                i.pooled_reason.clone().unwrap_or_default()
            } else {
                v
            },
            n,
            d,
            String::new(),
            String::new(),
        ]);
        for m in &i.members {
            let [v, n, d] = cell(m.figure.as_ref());
            rows.push(vec![
                i.definition.id.to_string(),
                m.code.to_string(),
                v,
                n,
                d,
                m.place
                    .map(|p| format!("{} of {}", p.rank, p.of))
                    .unwrap_or_default(),
                m.place
                    .and_then(|p| p.quartile)
                    .map(|q| q.to_string())
                    .unwrap_or_default(),
            ]);
        }
    }
    rows
}
