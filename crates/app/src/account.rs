//! Accounts: argon2 password hashes, sessions by random token (only its SHA-256 is stored),
//! and a form token per session against cross-site request forgery.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use sightline_core::access::Role;
use sightline_store::{Actor, Session, User};

use crate::extract::new_secret;
use crate::{Error, Result, Sightline};

/// How long a session lasts without a new login.
pub const SESSION_HOURS: i64 = 8;

/// The stored form of a session token.
pub fn token_hash(token: &str) -> String {
    crate::pack::sha256(token.as_bytes())
}

fn hash_password(password: &str) -> Result<String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| Error::Invalid(format!("no random source: {e}")))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| Error::Invalid(e.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::Invalid(format!("cannot hash the password: {e}")))
}

/// A password that passes the minimum: 10 characters or more.
fn check_password(password: &str) -> Result<()> {
    if password.chars().count() < 10 {
        return Err(Error::Invalid(
            "a password needs at least 10 characters".to_string(),
        ));
    }
    Ok(())
}

impl Sightline {
    /// Creates an account, or sets a new password and role for an existing one.
    ///
    /// # Errors
    /// [`Error::Invalid`] for an empty name or a short password; store errors.
    pub async fn save_user(
        &self,
        actor: &Actor,
        username: &str,
        password: &str,
        role: Role,
    ) -> Result<i64> {
        let name = crate::signin::normalise_name(username);
        if name.is_empty() || name.chars().any(char::is_whitespace) {
            return Err(Error::Invalid(
                "a user name is one word, not empty".to_string(),
            ));
        }
        check_password(password)?;
        let password = password.to_string();
        let hash = self.hashed(move || hash_password(&password)).await?;
        // A new password ends every session of the account (in the same transaction).
        Ok(self.db.save_user(actor, &name, &hash, role).await?)
    }

    /// Runs a password hash or check one at a time, off the async threads.
    async fn hashed<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let busy = Error::TryLater("Sign-in is busy. Wait a moment and try again.");
        let _permit = tokio::time::timeout(
            crate::signin::HASH_WAIT,
            self.hashing.clone().acquire_owned(),
        )
        .await
        .map_err(|_| busy)?
        .map_err(|_| Error::TryLater("Sign-in is closed."))?;
        tokio::task::spawn_blocking(work)
            .await
            .map_err(|_| Error::Invalid("the password check failed".to_string()))?
    }

    /// Disables or enables an account; disabling ends its sessions at once.
    ///
    /// # Errors
    /// [`Error::Invalid`] for an unknown account or disabling oneself; store errors.
    pub async fn set_user_disabled(
        &self,
        actor: &Actor,
        username: &str,
        disabled: bool,
    ) -> Result<()> {
        if disabled && actor.0 == username {
            return Err(Error::Invalid(
                "you cannot disable your own account".to_string(),
            ));
        }
        if self.db.set_user_disabled(actor, username, disabled).await? {
            Ok(())
        } else {
            Err(Error::Invalid(format!("there is no account {username:?}")))
        }
    }

    /// Assigns the teams (as the extracts name them) whose children a manager's line of sight
    /// shows; an empty list takes them all away.
    ///
    /// # Errors
    /// [`Error::Invalid`] for an unknown account; store errors.
    pub async fn assign_teams(
        &self,
        actor: &Actor,
        username: &str,
        teams: &[String],
    ) -> Result<()> {
        let name = crate::signin::normalise_name(username);
        let Some((user, _)) = self.db.user_by_name(&name).await? else {
            return Err(Error::Invalid(format!("there is no account {username:?}")));
        };
        let teams: Vec<String> = teams
            .iter()
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect();
        Ok(self.db.set_user_teams(actor, &user, &teams).await?)
    }

    /// The teams assigned to an account.
    ///
    /// # Errors
    /// Store errors.
    pub async fn teams_of(&self, user: &User) -> Result<Vec<String>> {
        Ok(self.db.user_teams(user.id).await?)
    }

    /// Every account.
    ///
    /// # Errors
    /// Store errors.
    pub async fn users(&self) -> Result<Vec<User>> {
        Ok(self.db.users().await?)
    }

    /// Checks a password and starts a session: returns the token for the cookie and the
    /// session. A wrong name and a wrong password give the same answer.
    ///
    /// # Errors
    /// [`Error::Forbidden`] when the name or password is wrong or the account is disabled;
    /// store errors.
    pub async fn login(&self, username: &str, password: &str) -> Result<(String, Session)> {
        self.login_from(username, password, None).await
    }

    /// As [`Sightline::login`], from a client address: failures are counted per address and
    /// per name at that address (decision 0015), and a limited client is refused before any
    /// password is hashed.
    ///
    /// # Errors
    /// [`Error::TryLater`] when the client is limited or sign-in is busy;
    /// [`Error::Forbidden`] when the name or password is wrong or the account is disabled;
    /// store errors.
    pub async fn login_from(
        &self,
        username: &str,
        password: &str,
        client: Option<std::net::IpAddr>,
    ) -> Result<(String, Session)> {
        let now = std::time::Instant::now();
        if self.throttle.limited(username, client, now) {
            return Err(Error::TryLater(
                "Too many failed attempts from here. Wait 15 minutes and try again.",
            ));
        }
        let refused = Error::Forbidden("the user name or password is not right");
        let name = crate::signin::normalise_name(username);
        // Names are unique across a shared database: the account's authority is its own.
        let found = self.db.account_by_name(&name).await?;
        let password = password.to_string();
        let Some((user, hash)) = found else {
            // Spend the same time as a real check, so names cannot be probed by timing.
            let _ = self.hashed(move || hash_password(&password)).await?;
            self.throttle.failed(username, client, now);
            return Err(refused);
        };
        let right = self
            .hashed(move || {
                let parsed = PasswordHash::new(&hash)
                    .map_err(|_| Error::Invalid("stored password hash is unreadable".into()))?;
                Ok(Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok())
            })
            .await?;
        if user.disabled || !right {
            self.throttle.failed(username, client, now);
            return Err(refused);
        }
        self.throttle.succeeded(username, client);
        let token = new_secret();
        let csrf = new_secret();
        let expires = jiff::Timestamp::now()
            .checked_add(jiff::SignedDuration::from_hours(SESSION_HOURS))
            .map_err(|e| Error::Invalid(e.to_string()))?;
        self.db
            .start_session(&user, &token_hash(&token), &csrf, expires)
            .await?;
        Ok((token, Session { user, csrf }))
    }

    /// The session for a cookie token, if live.
    ///
    /// # Errors
    /// Store errors.
    pub async fn session(&self, token: &str) -> Result<Option<Session>> {
        Ok(self.db.session(&token_hash(token)).await?)
    }

    /// Ends a session.
    ///
    /// # Errors
    /// Store errors.
    pub async fn logout(&self, token: &str) -> Result<()> {
        Ok(self.db.end_session(&token_hash(token)).await?)
    }
}

/// A fresh random token (256 bits, hex), for cookies and form tokens.
pub fn random_token() -> String {
    new_secret()
}
