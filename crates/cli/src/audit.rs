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
    let entries = app
        .audit_log(role, limit, who, action)
        .await
        .map_err(|e| anyhow::anyhow!("{e} (--role admin)"))?;
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
