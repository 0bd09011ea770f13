//! Grants and alliances (decision 0036): the roles a person holds in authorities other than
//! their account's own, the alliances authorities join, and the regional role that lets an
//! account see an alliance's view. Every change is audited in the acting authority's log.

use serde::Serialize;
use sightline_core::access::Role;
use sightline_core::alliance::{Agreement, Alliance};
use sightline_core::authority::LaCode;

use crate::audit::{Actor, Entry, record};
use crate::native::Instant;
use crate::{Db, Error, Result, parse, with_pool};

/// A role granted in this authority to another authority's account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Grant {
    /// The account's login name.
    pub username: String,
    /// The authority the account belongs to.
    pub home: i64,
    /// The role it holds here.
    pub role: Role,
}

impl Db {
    /// The account named `username`, of any authority: its id and its own authority.
    async fn account(&self, username: &str) -> Result<(i64, i64)> {
        let found: Option<(i64, i64)> = with_pool!(self, |p| {
            sqlx::query_as("SELECT id, authority_code FROM users WHERE username = $1")
                .bind(username)
                .fetch_optional(p)
                .await?
        });
        found.ok_or_else(|| Error::Refused(format!("there is no account {username:?}")))
    }

    /// This handle's authority, which a grant or membership needs named.
    fn named(&self) -> Result<i64> {
        self.authority().ok_or_else(|| {
            Error::Refused(
                "this database has not named its authority: name it (sightline indicators \
                 --authority CODE) or act for one (--authority CODE)"
                    .into(),
            )
        })
    }

    /// Grants the account `username` (another authority's) `role` in this authority, or
    /// changes the role it holds here (audited).
    ///
    /// # Errors
    /// [`Error::Refused`] for no such account, or one of this authority (its own role is set
    /// with `user add`).
    pub async fn grant(&self, actor: &Actor, username: &str, role: Role) -> Result<()> {
        let here = self.named()?;
        let (id, home) = self.account(username).await?;
        if home == here {
            return Err(Error::Refused(format!(
                "{username:?} is this authority's own account: set its role with `user add`"
            )));
        }
        with_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let before: Option<String> = sqlx::query_scalar(
                "SELECT role FROM user_grants WHERE user_id = $1 AND authority_code = $2",
            )
            .bind(id)
            .bind(here)
            .fetch_optional(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO user_grants (user_id, authority_code, role, granted_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (user_id, authority_code) \
                 DO UPDATE SET role = excluded.role",
            )
            .bind(id)
            .bind(here)
            .bind(role.as_str())
            .bind(Instant::now())
            .execute(&mut *tx)
            .await?;
            record(
                &mut *tx,
                here,
                actor,
                Entry::new(
                    "user.grant",
                    "user",
                    Some(id),
                    format!("{username} (authority {home}): {role} here"),
                )
                .change(before.map(|b| format!("role {b}")), format!("role {role}")),
            )
            .await?;
            tx.commit().await?;
            Ok::<(), Error>(())
        })
    }

    /// Takes away the role `username` holds in this authority (audited); its sessions acting
    /// here end with it. Returns false when it held none.
    ///
    /// # Errors
    /// [`Error::Refused`] for no such account; [`Error::Query`].
    pub async fn revoke_grant(&self, actor: &Actor, username: &str) -> Result<bool> {
        let here = self.named()?;
        let (id, _) = self.account(username).await?;
        with_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let before: Option<String> = sqlx::query_scalar(
                "DELETE FROM user_grants WHERE user_id = $1 AND authority_code = $2 RETURNING role",
            )
            .bind(id)
            .bind(here)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(before) = before else {
                return Ok(false);
            };
            sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND authority_code = $2")
                .bind(id)
                .bind(here)
                .execute(&mut *tx)
                .await?;
            record(
                &mut *tx,
                here,
                actor,
                Entry::new("user.revoke", "user", Some(id), username.to_owned())
                    .change(Some(format!("role {before}")), "no role"),
            )
            .await?;
            tx.commit().await?;
            Ok(true)
        })
    }

    /// The roles granted in this authority to other authorities' accounts.
    ///
    /// # Errors
    /// [`Error::Query`].
    pub async fn grants(&self) -> Result<Vec<Grant>> {
        let rows: Vec<(String, i64, String)> = with_pool!(self, |p| {
            sqlx::query_as(
                "SELECT u.username, u.authority_code, g.role FROM user_grants g \
                 JOIN users u ON u.id = g.user_id WHERE g.authority_code = $1 \
                 ORDER BY u.username",
            )
            .bind(self.owner())
            .fetch_all(p)
            .await?
        });
        rows.into_iter()
            .map(|(username, home, role)| {
                Ok(Grant {
                    username,
                    home,
                    role: parse("role", &role)?,
                })
            })
            .collect()
    }

    /// The authorities holding accounts, extracts or plans in this database, by code.
    ///
    /// # Errors
    /// [`Error::Query`].
    pub async fn authorities_held(&self) -> Result<Vec<i64>> {
        Ok(with_pool!(self, |p| {
            sqlx::query_scalar(
                "SELECT authority_code FROM users WHERE authority_code <> 0 \
                 UNION SELECT authority_code FROM extracts WHERE authority_code <> 0 \
                 UNION SELECT authority_code FROM plans WHERE authority_code <> 0 \
                 ORDER BY 1",
            )
            .fetch_all(p)
            .await?
        }))
    }

    /// The authorities an account may act for, with its role in each: its own first, then
    /// its grants by code.
    ///
    /// # Errors
    /// [`Error::Query`].
    pub async fn roles_of(&self, user_id: i64) -> Result<Vec<(i64, Role)>> {
        let rows: Vec<(i64, String)> = with_pool!(self, |p| {
            sqlx::query_as(
                "SELECT authority_code, role FROM (\
                 SELECT authority_code, role, 0 AS k FROM users WHERE id = $1 AND disabled = FALSE \
                 UNION ALL SELECT g.authority_code, g.role, 1 AS k FROM user_grants g \
                 JOIN users u ON u.id = g.user_id WHERE g.user_id = $1 AND u.disabled = FALSE) r \
                 ORDER BY k, authority_code",
            )
            .bind(user_id)
            .fetch_all(p)
            .await?
        });
        rows.into_iter()
            .map(|(code, role)| Ok((code, parse("role", &role)?)))
            .collect()
    }
}

impl Db {
    /// Makes an alliance (audited). Authorities join it one by one, each by its own admin.
    ///
    /// # Errors
    /// [`Error::Refused`] when the name is empty or taken.
    pub async fn create_alliance(
        &self,
        actor: &Actor,
        name: &str,
        agreement: Agreement,
    ) -> Result<i64> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 120 {
            return Err(Error::Refused(
                "an alliance needs a name of 1 to 120 characters".into(),
            ));
        }
        with_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let id: Option<i64> = sqlx::query_scalar(
                "INSERT INTO alliances (name, agreement, created_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (name) DO NOTHING RETURNING id",
            )
            .bind(name)
            .bind(agreement.as_str())
            .bind(Instant::now())
            .fetch_optional(&mut *tx)
            .await?;
            let id = id.ok_or_else(|| {
                Error::Refused(format!("there is already an alliance called {name:?}"))
            })?;
            record(
                &mut *tx,
                self.owner(),
                actor,
                Entry::new("alliance.create", "alliance", Some(id), name.to_owned())
                    .change(None, format!("agreement {agreement}")),
            )
            .await?;
            tx.commit().await?;
            Ok(id)
        })
    }

    /// This authority joins (`true`) or leaves an alliance (audited); leaving ends the
    /// regional roles it granted there.
    ///
    /// # Errors
    /// [`Error::Refused`] for no such alliance or an unnamed authority.
    pub async fn set_membership(&self, actor: &Actor, alliance: &str, join: bool) -> Result<()> {
        let here = self.named()?;
        let found = self.alliance(alliance).await?;
        with_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let changed = if join {
                sqlx::query(
                    "INSERT INTO alliance_members (alliance_id, authority_code, joined_at) \
                     VALUES ($1, $2, $3) ON CONFLICT (alliance_id, authority_code) DO NOTHING",
                )
                .bind(found.id)
                .bind(here)
                .bind(Instant::now())
                .execute(&mut *tx)
                .await?
                .rows_affected()
            } else {
                sqlx::query(
                    "DELETE FROM alliance_grants WHERE alliance_id = $1 AND authority_code = $2",
                )
                .bind(found.id)
                .bind(here)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "DELETE FROM alliance_members WHERE alliance_id = $1 AND authority_code = $2",
                )
                .bind(found.id)
                .bind(here)
                .execute(&mut *tx)
                .await?
                .rows_affected()
            };
            if changed > 0 {
                let (action, word) = if join {
                    ("alliance.join", "member")
                } else {
                    ("alliance.leave", "not a member")
                };
                record(
                    &mut *tx,
                    here,
                    actor,
                    Entry::new(action, "alliance", Some(found.id), found.name.clone())
                        .change(None, word),
                )
                .await?;
            }
            tx.commit().await?;
            Ok::<(), Error>(())
        })
    }

    /// Changes what an alliance's members share (audited); only a member may.
    ///
    /// # Errors
    /// [`Error::Refused`] for no such alliance, or when this authority is not a member.
    pub async fn set_agreement(
        &self,
        actor: &Actor,
        alliance: &str,
        agreement: Agreement,
    ) -> Result<()> {
        let here = self.named()?;
        let found = self.alliance(alliance).await?;
        if !found.includes(here) {
            return Err(Error::Refused(format!(
                "only a member of {:?} may change its agreement",
                found.name
            )));
        }
        with_pool!(self, |p| {
            let mut tx = p.begin().await?;
            sqlx::query("UPDATE alliances SET agreement = $2 WHERE id = $1")
                .bind(found.id)
                .bind(agreement.as_str())
                .execute(&mut *tx)
                .await?;
            record(
                &mut *tx,
                here,
                actor,
                Entry::new("alliance.agreement", "alliance", Some(found.id), found.name).change(
                    Some(found.agreement.as_str().to_owned()),
                    agreement.as_str(),
                ),
            )
            .await?;
            tx.commit().await?;
            Ok::<(), Error>(())
        })
    }

    /// An alliance by id or name, with its members.
    ///
    /// # Errors
    /// [`Error::Refused`] when there is none.
    pub async fn alliance(&self, id_or_name: &str) -> Result<Alliance> {
        let key = id_or_name.trim();
        let id: i64 = key.parse().unwrap_or(-1);
        let found: Option<i64> = with_pool!(self, |p| {
            sqlx::query_scalar(
                "SELECT id FROM alliances WHERE id = $1 OR name = $2 ORDER BY id LIMIT 1",
            )
            .bind(id)
            .bind(key)
            .fetch_optional(p)
            .await?
        });
        let id = found.ok_or_else(|| Error::Refused(format!("there is no alliance {key:?}")))?;
        Ok(self.alliances_with(&[id]).await?.remove(0))
    }

    /// The alliances with these ids, with their members, in the order given (two queries
    /// whatever their number).
    async fn alliances_with(&self, ids: &[i64]) -> Result<Vec<Alliance>> {
        let rows: Vec<(i64, String, String)> = with_pool!(self, |p| {
            sqlx::query_as("SELECT id, name, agreement FROM alliances")
                .fetch_all(p)
                .await?
        });
        let members: Vec<(i64, i64)> = with_pool!(self, |p| {
            sqlx::query_as(
                "SELECT alliance_id, authority_code FROM alliance_members \
                 ORDER BY alliance_id, authority_code",
            )
            .fetch_all(p)
            .await?
        });
        ids.iter()
            .map(|want| {
                let (id, name, agreement) = rows
                    .iter()
                    .find(|(id, _, _)| id == want)
                    .ok_or_else(|| Error::Refused(format!("there is no alliance {want}")))?;
                Ok(Alliance {
                    id: *id,
                    name: name.clone(),
                    agreement: parse("agreement", agreement)?,
                    members: members
                        .iter()
                        .filter(|(a, _)| a == id)
                        .map(|(_, m)| parse::<u16>("member", &m.to_string()).map(LaCode))
                        .collect::<Result<_>>()?,
                })
            })
            .collect()
    }

    /// The alliances an account holds the regional role for.
    ///
    /// # Errors
    /// [`Error::Query`].
    pub async fn regional_alliances(&self, user_id: i64) -> Result<Vec<Alliance>> {
        let ids: Vec<i64> = with_pool!(self, |p| {
            sqlx::query_scalar(
                "SELECT g.alliance_id FROM alliance_grants g \
                 JOIN alliance_members m ON m.alliance_id = g.alliance_id \
                 AND m.authority_code = g.authority_code \
                 JOIN users u ON u.id = g.user_id AND u.authority_code = g.authority_code \
                 WHERE g.user_id = $1 AND u.disabled = FALSE ORDER BY g.alliance_id",
            )
            .bind(user_id)
            .fetch_all(p)
            .await?
        });
        self.alliances_with(&ids).await
    }

    /// Gives (`true`) or takes away the regional role for an alliance from an account of this
    /// authority, which must be a member (audited).
    ///
    /// # Errors
    /// [`Error::Refused`] for no such alliance or account, an account of another authority,
    /// or when this authority is not a member.
    pub async fn set_regional(
        &self,
        actor: &Actor,
        alliance: &str,
        username: &str,
        grant: bool,
    ) -> Result<()> {
        let here = self.named()?;
        let found = self.alliance(alliance).await?;
        let (id, home) = self.account(username).await?;
        if home != here {
            return Err(Error::Refused(format!(
                "{username:?} is another authority's account: its own authority's admin grants \
                 its regional role"
            )));
        }
        if grant && !found.includes(here) {
            return Err(Error::Refused(format!(
                "this authority has not joined {:?}: join it first",
                found.name
            )));
        }
        with_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let changed = if grant {
                sqlx::query(
                    "INSERT INTO alliance_grants (alliance_id, user_id, authority_code, granted_at) \
                     VALUES ($1, $2, $3, $4) ON CONFLICT (alliance_id, user_id) DO NOTHING",
                )
                .bind(found.id)
                .bind(id)
                .bind(here)
                .bind(Instant::now())
                .execute(&mut *tx)
                .await?
                .rows_affected()
            } else {
                sqlx::query("DELETE FROM alliance_grants WHERE alliance_id = $1 AND user_id = $2")
                    .bind(found.id)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected()
            };
            if changed > 0 {
                let after = if grant {
                    "regional role"
                } else {
                    "no regional role"
                };
                record(
                    &mut *tx,
                    here,
                    actor,
                    Entry::new(
                        "alliance.regional",
                        "user",
                        Some(id),
                        format!("{username} in {}", found.name),
                    )
                    .change(None, after),
                )
                .await?;
            }
            tx.commit().await?;
            Ok::<(), Error>(())
        })
    }

    /// Every alliance, by name.
    ///
    /// # Errors
    /// [`Error::Query`].
    pub async fn alliances(&self) -> Result<Vec<Alliance>> {
        let ids: Vec<i64> = with_pool!(self, |p| {
            sqlx::query_scalar("SELECT id FROM alliances ORDER BY name")
                .fetch_all(p)
                .await?
        });
        self.alliances_with(&ids).await
    }
}
