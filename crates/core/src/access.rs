//! Who may see what. Child-level rows are special category personal data: only roles that
//! need them get them, and the type system carries that decision to every function that
//! returns rows (see [`crate::indicator::ChildLevel`]).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::indicator::ChildLevel;
use crate::{Error, Result};

/// A user's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Councillors and board members: aggregates only.
    Viewer,
    /// Managers: plan updates and child-level rows.
    Manager,
    /// Performance analysts: data loads and child-level rows.
    Analyst,
    /// Everything, including users and settings.
    Admin,
}

impl Role {
    /// Every role, least first.
    pub const ALL: [Role; 4] = [Role::Viewer, Role::Manager, Role::Analyst, Role::Admin];

    /// The machine name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Manager => "manager",
            Role::Analyst => "analyst",
            Role::Admin => "admin",
        }
    }

    /// Proof the role may see child-level rows; `None` for a viewer.
    pub fn child_level(self) -> Option<ChildLevel> {
        match self {
            Role::Viewer => None,
            Role::Manager | Role::Analyst | Role::Admin => Some(ChildLevel(())),
        }
    }

    /// Whether the role may load extracts and set targets and benchmarks.
    pub fn loads_data(self) -> bool {
        matches!(self, Role::Analyst | Role::Admin)
    }

    /// Whether the role may update the plan.
    pub fn updates_plan(self) -> bool {
        matches!(self, Role::Manager | Role::Admin)
    }

    /// Whether the role may write commentary on an indicator (owners: managers, analysts and
    /// admins; viewers read it).
    pub fn comments(self) -> bool {
        matches!(self, Role::Manager | Role::Analyst | Role::Admin)
    }
}

impl Role {
    /// Whether the role may build board and scrutiny packs (owners: managers, analysts and
    /// admins).
    pub fn builds_packs(self) -> bool {
        matches!(self, Role::Manager | Role::Analyst | Role::Admin)
    }

    /// Whether the role may record meetings, send papers and minute decisions (managers,
    /// analysts and admins; viewers read them).
    pub fn keeps_minutes(self) -> bool {
        matches!(self, Role::Manager | Role::Analyst | Role::Admin)
    }

    /// Whether the role may manage investment lines and load the finance export (admins and
    /// managers: a finance business partner is given a manager's account).
    pub fn manages_money(self) -> bool {
        matches!(self, Role::Manager | Role::Admin)
    }

    /// Whether the role may download a restricted (OFFICIAL-SENSITIVE) pack; viewers download
    /// public packs only.
    pub fn reads_restricted_packs(self) -> bool {
        self.child_level().is_some()
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| Error::UnknownValue {
                kind: "role",
                value: s.to_string(),
                expected: "viewer, manager, analyst, admin",
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_viewers_are_refused_child_rows() {
        assert!(Role::Viewer.child_level().is_none());
        for r in [Role::Manager, Role::Analyst, Role::Admin] {
            assert!(r.child_level().is_some());
        }
        assert_eq!("Analyst".parse::<Role>(), Ok(Role::Analyst));
        assert!("councillor".parse::<Role>().is_err());
    }
}
