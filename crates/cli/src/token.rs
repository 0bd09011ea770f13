//! `sightline token …`: personal API tokens (admins).

use sightline_app::{Actor, Sightline};
use sightline_core::access::Role;

use crate::cli::TokenCommand;
use crate::output::{Rows, emit, opt};

pub async fn run(
    app: &Sightline,
    actor: &Actor,
    role: Role,
    cmd: TokenCommand,
) -> anyhow::Result<()> {
    if role != Role::Admin {
        anyhow::bail!("not allowed: API tokens are managed by admins (--role admin)");
    }
    match cmd {
        TokenCommand::Create {
            user,
            name,
            expires,
        } => {
            let today = jiff::Zoned::now().date();
            let (token, t) = app
                .create_token(actor, &user, &name, expires, today)
                .await?;
            println!(
                "Token {} ({:?}) for {}, until {}. It is shown only now; keep it like a password:",
                t.id, t.name, t.username, t.expires_on
            );
            println!("{token}");
            println!(
                "Use it as the header `Authorization: Bearer <token>`, e.g. \
                 curl -H \"Authorization: Bearer $TOKEN\" http://127.0.0.1:8080/api/v1/scorecard.csv"
            );
            Ok(())
        }
        TokenCommand::List { format } => {
            let tokens = app.tokens().await?;
            let mut rows = Rows::new(&[
                "id",
                "user",
                "name",
                "created",
                "expires",
                "last used",
                "revoked",
            ]);
            for t in &tokens {
                rows.push(vec![
                    t.id.to_string(),
                    t.username.clone(),
                    t.name.clone(),
                    t.created_at.clone(),
                    t.expires_on.clone(),
                    opt(t.last_used_at.as_deref()),
                    opt(t.revoked_at.as_deref()),
                ]);
            }
            emit(format.format, &tokens, "", &rows)
        }
        TokenCommand::Revoke { id } => {
            app.revoke_token(actor, id).await?;
            println!("Token {id} revoked.");
            Ok(())
        }
    }
}
