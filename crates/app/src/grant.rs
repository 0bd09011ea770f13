//! One database, many authorities (decision 0036): the handle a request acts through, the
//! authorities a person may act for, and the roles an authority's admin grants to other
//! authorities' accounts.

use serde::Serialize;
use sightline_core::access::Role;
use sightline_store::{Actor, Grant, User};

use crate::{Error, Result, Sightline};

/// An authority a person may act for, with their role there.
#[derive(Debug, Clone, Serialize)]
pub struct ActingRole {
    /// DfE code (0: an installation that has not named its authority).
    pub code: i64,
    /// The authority's name, or its code when unknown.
    pub name: String,
    /// The role held there.
    pub role: Role,
}

/// Refuses every role but admin, with `what` as the reason.
pub(crate) fn admin_only(role: Role, what: &'static str) -> Result<()> {
    if role == Role::Admin {
        Ok(())
    } else {
        Err(Error::Forbidden(what))
    }
}

impl Sightline {
    /// The application acting for authority `code` of a shared database: every read and write
    /// through it is that authority's, with caches of its own, so nothing one authority sees
    /// is kept where another's requests look.
    pub fn for_authority(&self, code: i64) -> Sightline {
        if self.db.authority().unwrap_or(0) == code {
            return self.clone();
        }
        Sightline {
            db: self.db.for_authority(code),
            reference: self.reference.clone(),
            scorecard: std::sync::Arc::default(),
            rows: std::sync::Arc::default(),
            secret_key: self.secret_key.clone(),
            throttle: self.throttle.clone(),
            hashing: self.hashing.clone(),
        }
    }

    /// The application acting for the authority a command names (a DfE code or name), or
    /// else for the one the installation serves. A database shared by several authorities
    /// with none named is refused rather than read as one: its records are not one
    /// authority's.
    ///
    /// # Errors
    /// [`Error::UnknownAuthority`]; [`Error::Invalid`] for a shared database with no
    /// authority named; store errors.
    pub async fn acting_for(self, authority: Option<&str>) -> Result<Sightline> {
        if let Some(query) = authority {
            let code = i64::from(self.authority(query)?.code.0);
            return Ok(self.for_authority(code));
        }
        if self.db.authority().is_none() {
            let held = self.db.authorities_held().await?;
            if held.len() > 1 {
                let codes: Vec<String> = held.iter().map(i64::to_string).collect();
                return Err(Error::Invalid(format!(
                    "this database is shared by {} authorities ({}): say which to act for \
                     with --for CODE",
                    held.len(),
                    codes.join(", ")
                )));
            }
        }
        Ok(self)
    }

    /// The authority this application acts for (`None`: an installation that has not named
    /// its authority).
    pub fn acting_authority(&self) -> Option<i64> {
        self.db.authority()
    }

    /// An authority's name by code, or the code when it is not one known.
    pub fn authority_name(&self, code: i64) -> String {
        if code == 0 {
            return "this installation".to_string();
        }
        self.authority(&code.to_string())
            .map(|a| a.name)
            .unwrap_or_else(|_| format!("authority {code}"))
    }

    /// The name of the authority this application acts for.
    pub fn acting_name(&self) -> String {
        self.authority_name(self.acting_authority().unwrap_or(0))
    }

    /// The authorities `user` may act for, with the role in each: their own first.
    ///
    /// # Errors
    /// Store errors.
    pub async fn acting_roles(&self, user: &User) -> Result<Vec<ActingRole>> {
        Ok(self
            .db
            .roles_of(user.id)
            .await?
            .into_iter()
            .map(|(code, role)| ActingRole {
                code,
                name: self.authority_name(code),
                role,
            })
            .collect())
    }

    /// The account with this login name, of any authority (the command line's `--as`).
    ///
    /// # Errors
    /// [`Error::Invalid`] when there is none; store errors.
    pub async fn account(&self, username: &str) -> Result<User> {
        let name = crate::signin::normalise_name(username);
        match self.db.account_by_name(&name).await? {
            Some((user, _)) => Ok(user),
            None => Err(Error::Invalid(format!("there is no account {username:?}"))),
        }
    }

    /// Moves the session with `token` to act for authority `code` (audited there).
    ///
    /// # Errors
    /// [`Error::Forbidden`] when its account holds no role there; store errors.
    pub async fn act_for(&self, token: &str, code: i64) -> Result<()> {
        if self.db.act_for(&crate::token_hash(token), code).await? {
            Ok(())
        } else {
            Err(Error::Forbidden("you hold no role in that authority"))
        }
    }

    /// Grants another authority's account `granted` in this one, or changes it (admins).
    ///
    /// # Errors
    /// [`Error::Forbidden`] for other roles; [`Error::Invalid`] for no such account or one
    /// of this authority; store errors.
    pub async fn grant(
        &self,
        actor: &Actor,
        role: Role,
        username: &str,
        granted: Role,
    ) -> Result<()> {
        admin_only(role, "granting a role needs the admin role")?;
        let name = crate::signin::normalise_name(username);
        Ok(self.db.grant(actor, &name, granted).await?)
    }

    /// Takes away the role another authority's account holds here (admins).
    ///
    /// # Errors
    /// [`Error::Forbidden`] for other roles; [`Error::Invalid`] when it held none.
    pub async fn revoke_grant(&self, actor: &Actor, role: Role, username: &str) -> Result<()> {
        admin_only(role, "taking away a role needs the admin role")?;
        let name = crate::signin::normalise_name(username);
        if self.db.revoke_grant(actor, &name).await? {
            Ok(())
        } else {
            Err(Error::Invalid(format!("{username:?} holds no role here")))
        }
    }

    /// The roles granted here to other authorities' accounts (admins).
    ///
    /// # Errors
    /// [`Error::Forbidden`] for other roles; store errors.
    pub async fn grants(&self, role: Role) -> Result<Vec<Grant>> {
        admin_only(role, "the grants are for admins")?;
        Ok(self.db.grants().await?)
    }
}
