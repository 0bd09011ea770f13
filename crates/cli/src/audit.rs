//! `sightline audit`: the audit log, newest first, for admins.

use sightline_app::Sightline;
use sightline_core::access::Role;

/// Prints the newest `limit` entries, optionally only one person's or actions starting with a
/// prefix (`plan.`, `user.`).
pub async fn run(
    app: &Sightline,
    role: Role,
    limit: u32,
    who: Option<&str>,
    action: Option<&str>,
    format: crate::output::Format,
) -> anyhow::Result<()> {
    if role != Role::Admin {
        anyhow::bail!("not allowed: the audit log is for admins (--role admin)");
    }
    let entries: Vec<_> = app
        .db()
        .audit_log(limit)
        .await?
        .into_iter()
        .filter(|a| who.is_none_or(|w| a.actor == w))
        .filter(|a| action.is_none_or(|p| a.action.starts_with(p)))
        .collect();
    let mut rows = crate::output::Rows::new(&[
        "when (UTC)",
        "who",
        "what",
        "which",
        "detail",
        "before",
        "after",
    ]);
    for a in &entries {
        rows.push(vec![
            a.at.clone(),
            a.actor.clone(),
            a.action.clone(),
            match a.entity_id {
                Some(id) => format!("{} {id}", a.entity),
                None => a.entity.clone(),
            },
            a.detail.clone(),
            a.before
                .clone()
                .unwrap_or_else(|| if a.after.is_some() { "(new)" } else { "" }.to_owned()),
            a.after.clone().unwrap_or_default(),
        ]);
    }
    crate::output::emit(format, &entries, "", &rows)
}
