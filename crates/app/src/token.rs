//! Personal API tokens, so Power BI, Excel and scripts can read the API (decision 0018). A
//! token acts as its user, role included; it is shown once, only its hash is kept, and it
//! ends on its expiry date or when revoked.

use jiff::civil::Date;
use sightline_store::{Actor, ApiToken, Session};

use crate::account::token_hash;
use crate::extract::new_secret;
use crate::{Error, Result, Sightline};

/// The prefix of every token, so a leaked one is recognisable (and searchable) as ours.
pub const TOKEN_PREFIX: &str = "sl_";

impl Sightline {
    /// Makes a token for `username` named `name` (what it is for) that works until `expires`
    /// (at most two years ahead). Returns the token, to show once, and its record.
    ///
    /// # Errors
    /// [`Error::Invalid`] for an unknown or disabled account, an empty name, or an expiry in
    /// the past or more than two years ahead; store errors.
    pub async fn create_token(
        &self,
        actor: &Actor,
        username: &str,
        name: &str,
        expires: Date,
        today: Date,
    ) -> Result<(String, ApiToken)> {
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::Invalid(
                "say what the token is for (--name \"Power BI\")".into(),
            ));
        }
        let latest = today
            .checked_add(jiff::Span::new().years(2))
            .map_err(|e| Error::Invalid(e.to_string()))?;
        if expires < today || expires > latest {
            return Err(Error::Invalid(format!(
                "a token expires between today ({today}) and two years ahead ({latest}); {expires} is not"
            )));
        }
        let user = match self
            .db
            .user_by_name(&crate::signin::normalise_name(username))
            .await?
        {
            Some((u, _)) if !u.disabled => u,
            Some(_) => {
                return Err(Error::Invalid(format!(
                    "the account {username:?} is disabled"
                )));
            }
            None => return Err(Error::Invalid(format!("there is no account {username:?}"))),
        };
        let token = format!("{TOKEN_PREFIX}{}", new_secret());
        let id = self
            .db
            .create_token(actor, &user, name, &token_hash(&token), expires)
            .await?;
        let made = self
            .db
            .tokens()
            .await?
            .into_iter()
            .find(|t| t.id == id)
            .ok_or_else(|| Error::Invalid(format!("token {id} was not stored")))?;
        Ok((token, made))
    }

    /// Every token (never the tokens themselves), newest first.
    ///
    /// # Errors
    /// Store errors.
    pub async fn tokens(&self) -> Result<Vec<ApiToken>> {
        Ok(self.db.tokens().await?)
    }

    /// Revokes a token.
    ///
    /// # Errors
    /// [`Error::Invalid`] when there is no such live token; store errors.
    pub async fn revoke_token(&self, actor: &Actor, id: i64) -> Result<()> {
        if self.db.revoke_token(actor, id).await? {
            Ok(())
        } else {
            Err(Error::Invalid(format!("there is no live token {id}")))
        }
    }

    /// The user a bearer token acts as today, if it is live.
    ///
    /// # Errors
    /// Store errors.
    pub async fn token_session(&self, token: &str, today: Date) -> Result<Option<Session>> {
        if !token.starts_with(TOKEN_PREFIX) {
            return Ok(None);
        }
        Ok(self.db.token_session(&token_hash(token), today).await?)
    }
}
