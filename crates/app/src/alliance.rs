//! Alliances (decision 0036): authorities that compare their figures as their agreement
//! allows. The view pools each Annex A indicator across members, ranks them, and shows each
//! member's latest Ofsted grade and journey, to accounts holding the regional role only, and
//! only as a public pack would show it (the aggregate audience).

use jiff::civil::Date;
use serde::Serialize;
use sightline_core::access::Role;
use sightline_core::alliance::{self, Agreement, Alliance, Place};
use sightline_core::authority::{LaCode, LatestOutcome};
use sightline_core::indicator::{CATALOGUE, Definition, Dimension, ExtractFigure, Source};
use sightline_core::inspection::Grade;
use sightline_store::{Actor, User};

use crate::disclosure::{self, Audience, Cell, Disclosed, Numbers};
use crate::grant::admin_only;
use crate::{Error, Result, Sightline};

/// One inspection in a member's journey.
#[derive(Debug, Clone, Serialize)]
pub struct JourneyStep {
    /// The last day on site.
    pub date: Date,
    /// The kind of inspection or visit.
    pub kind: &'static str,
    /// Overall effectiveness, when graded.
    pub overall: Option<Grade>,
}

/// A member of an alliance: its latest extract, grade and journey.
#[derive(Debug, Clone, Serialize)]
pub struct Member {
    /// DfE code.
    pub code: LaCode,
    /// Name.
    pub name: String,
    /// The as-at date of its latest extract, if it has loaded one.
    pub as_at: Option<Date>,
    /// Its latest graded outcome (recorded, else the published table).
    pub latest: Option<LatestOutcome>,
    /// Its recorded inspections and visits, oldest first.
    pub journey: Vec<JourneyStep>,
}

/// One member's figure for an indicator.
#[derive(Debug, Clone, Serialize)]
pub struct MemberFigure {
    /// DfE code.
    pub code: LaCode,
    /// Its headline, shown or suppressed; none when it has no such figure.
    pub figure: Option<Disclosed>,
    /// Its place among the members whose figure is shown (none for a context measure).
    pub place: Option<Place>,
    /// Its team-level breakdown, under a `figures-and-teams` agreement only, suppressed as a
    /// public pack's.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub teams: Vec<Cell>,
}

/// One indicator across an alliance.
#[derive(Debug, Clone, Serialize)]
pub struct AllianceFigure {
    /// The definition.
    pub definition: &'static Definition,
    /// The pooled figure, shown or suppressed; none with `pooled_reason` when it cannot be
    /// pooled.
    pub pooled: Option<Disclosed>,
    /// Why there is no pooled figure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pooled_reason: Option<String>,
    /// How many members' figures it pools.
    pub pooled_from: usize,
    /// Each member's, in member order.
    pub members: Vec<MemberFigure>,
}

/// An alliance as a regional role sees it.
#[derive(Debug, Clone, Serialize)]
pub struct AllianceView {
    /// The alliance and its agreement.
    pub alliance: Alliance,
    /// Its members, by code.
    pub members: Vec<Member>,
    /// Each Annex A indicator, in catalogue order.
    pub indicators: Vec<AllianceFigure>,
    /// The small-number setting applied: the largest of the members'.
    pub small_number: u32,
}

impl Sightline {
    /// Makes an alliance (admins); authorities then join it, each by its own admin.
    ///
    /// # Errors
    /// [`Error::Forbidden`] for other roles; [`Error::Invalid`] for a taken or empty name.
    pub async fn create_alliance(
        &self,
        actor: &Actor,
        role: Role,
        name: &str,
        agreement: Agreement,
    ) -> Result<i64> {
        admin_only(role, "making an alliance needs the admin role")?;
        Ok(self.db.create_alliance(actor, name, agreement).await?)
    }

    /// This authority joins (`true`) or leaves an alliance (admins). Leaving ends the regional
    /// roles it granted there.
    ///
    /// # Errors
    /// [`Error::Forbidden`] for other roles; [`Error::Invalid`] for no such alliance.
    pub async fn set_membership(
        &self,
        actor: &Actor,
        role: Role,
        alliance: &str,
        join: bool,
    ) -> Result<()> {
        admin_only(role, "joining or leaving an alliance needs the admin role")?;
        Ok(self.db.set_membership(actor, alliance, join).await?)
    }

    /// Changes what an alliance's members share (an admin of a member).
    ///
    /// # Errors
    /// [`Error::Forbidden`] for other roles; [`Error::Invalid`] when this authority is not a
    /// member.
    pub async fn set_agreement(
        &self,
        actor: &Actor,
        role: Role,
        alliance: &str,
        agreement: Agreement,
    ) -> Result<()> {
        admin_only(
            role,
            "changing an alliance's agreement needs the admin role",
        )?;
        Ok(self.db.set_agreement(actor, alliance, agreement).await?)
    }

    /// Gives (`true`) or takes away an account's regional role for an alliance: an admin of a
    /// member authority, for that authority's own accounts.
    ///
    /// # Errors
    /// [`Error::Forbidden`] for other roles; [`Error::Invalid`] for another authority's
    /// account or when this authority is not a member.
    pub async fn set_regional(
        &self,
        actor: &Actor,
        role: Role,
        alliance: &str,
        username: &str,
        grant: bool,
    ) -> Result<()> {
        admin_only(role, "granting the regional role needs the admin role")?;
        let name = crate::signin::normalise_name(username);
        Ok(self.db.set_regional(actor, alliance, &name, grant).await?)
    }

    /// Every alliance with its members (names and membership are not confidential: a
    /// member's figures are, and only [`Sightline::alliance_view`] gives them).
    ///
    /// # Errors
    /// Store errors.
    pub async fn alliances(&self) -> Result<Vec<Alliance>> {
        Ok(self.db.alliances().await?)
    }

    /// The alliances `user` holds the regional role for.
    ///
    /// # Errors
    /// Store errors.
    pub async fn regional_alliances(&self, user: &User) -> Result<Vec<Alliance>> {
        Ok(self.db.regional_alliances(user.id).await?)
    }

    /// An alliance's view, for an account holding its regional role: each Annex A indicator
    /// pooled and per member from each member's latest extract, with rank and quartile, and
    /// each member's latest grade and journey, suppressed as a public pack is; team-level
    /// breakdowns only under a `figures-and-teams` agreement.
    ///
    /// # Errors
    /// [`Error::Forbidden`] without the regional role for it (an alliance that does not exist
    /// is refused the same way, so names cannot be probed); store errors.
    pub async fn alliance_view(&self, user: &User, alliance: &str) -> Result<AllianceView> {
        let refused = Error::Forbidden("you do not hold the regional role for that alliance");
        let key = alliance.trim();
        let Some(alliance) = self
            .db
            .regional_alliances(user.id)
            .await?
            .into_iter()
            .find(|a| a.id.to_string() == key || a.name == key)
        else {
            return Err(refused);
        };
        let mut members = Vec::new();
        let mut figures: Vec<Vec<ExtractFigure>> = Vec::new();
        let mut small_number = self.indicator_settings().await?.small_number;
        for code in &alliance.members {
            let member = self.for_authority(i64::from(code.0));
            small_number = small_number.max(member.indicator_settings().await?.small_number);
            let latest_extract = member
                .db
                .extracts()
                .await?
                .into_iter()
                .max_by_key(|e| (e.as_at.clone(), e.id));
            let (as_at, own) = match latest_extract {
                Some(e) => (e.as_at.parse::<Date>().ok(), member.db.figures(e.id).await?),
                None => (None, Vec::new()),
            };
            let journey = self
                .db
                .inspections_of(*code)
                .await?
                .into_iter()
                .map(|i| JourneyStep {
                    date: i.last_day(),
                    kind: i.kind.as_str(),
                    overall: i.headline(),
                })
                .collect();
            members.push(Member {
                code: *code,
                name: self.authority_name(i64::from(code.0)),
                as_at,
                latest: self.latest_outcome(*code).await?,
                journey,
            });
            figures.push(
                own.into_iter()
                    .filter(|f| matches!(f.observation.period.as_str(), "window" | "as-at"))
                    .collect(),
            );
        }
        let small = i64::from(small_number);
        let indicators = CATALOGUE
            .iter()
            .filter(|def| def.source == Source::AnnexA)
            .map(|def| {
                let found: Vec<Option<&ExtractFigure>> = figures
                    .iter()
                    .map(|own| own.iter().find(|f| f.observation.id == def.id))
                    .collect();
                let numbers: Vec<Option<Numbers>> = found
                    .iter()
                    .map(|f| {
                        f.map(|f| Numbers {
                            value: f.observation.value,
                            numerator: f.observation.numerator,
                            denominator: f.observation.denominator,
                        })
                    })
                    .collect();
                let counted: Vec<alliance::Counts> = numbers
                    .iter()
                    .flatten()
                    .filter(|n| n.value.is_some())
                    .map(|n| alliance::Counts {
                        numerator: n.numerator,
                        denominator: n.denominator,
                    })
                    .collect();
                let pooled_from = counted.len();
                let (pooled, pooled_reason) = match alliance::pooled(def.unit, &counted) {
                    Ok(c) => (
                        Some(Numbers {
                            value: alliance::value(def.unit, c),
                            numerator: c.numerator,
                            denominator: c.denominator,
                        }),
                        None,
                    ),
                    // Figures without a value (a rate whose population is not set) are none
                    // to pool: say that rather than that no member has the figure.
                    Err(_) if counted.is_empty() && numbers.iter().any(Option::is_some) => {
                        (None, Some("no member's figure has a value".to_string()))
                    }
                    Err(why) => (None, Some(why.to_string())),
                };
                let (cells, pooled) = disclosure::alliance_cells(small, def.unit, &numbers, pooled);
                let shown: Vec<Option<f64>> = cells
                    .iter()
                    .map(|c| c.as_ref().and_then(Disclosed::value))
                    .collect();
                let places = alliance::places(def.polarity, &shown);
                let members = alliance
                    .members
                    .iter()
                    .zip(cells)
                    .zip(places)
                    .zip(&found)
                    .map(|(((code, figure), place), kept)| MemberFigure {
                        code: *code,
                        figure,
                        place,
                        teams: match kept {
                            Some(f) if alliance.agreement.shares_teams() => {
                                disclosure::stored_figure(Audience::Aggregate, small, f)
                                    .breakdowns
                                    .into_iter()
                                    .filter(|c| c.dimension == Dimension::Team)
                                    .collect()
                            }
                            _ => Vec::new(),
                        },
                    })
                    .collect();
                AllianceFigure {
                    definition: def,
                    pooled,
                    pooled_reason,
                    pooled_from,
                    members,
                }
            })
            .collect();
        Ok(AllianceView {
            alliance,
            members,
            indicators,
            small_number,
        })
    }
}
