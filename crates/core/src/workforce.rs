//! The workforce: a council HR system's monthly return by team, and the measures the DfE's
//! children's social work workforce statistics publish, worked out by team and for the
//! authority (decision 0027).
//!
//! The DfE's figures are for the year to 30 September and FTE-based; these are the same
//! formulas on monthly returns. Turnover is over a rolling twelve months of returns; a month
//! without a return, or a team that has not existed for twelve months (a team split in two),
//! gives a figure over fewer months that says so.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::indicator::{Breakdown, Definition, Dimension, Observation};

/// One team's return for one month. FTE figures may be fractional.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamReturn {
    /// The month (its last day).
    pub month: Date,
    /// The team, as the HR system names it.
    pub team: String,
    /// Establishment: funded social worker posts, FTE.
    pub establishment_fte: f64,
    /// Permanent social workers in post, FTE.
    pub permanent_fte: f64,
    /// Agency social workers, FTE.
    pub agency_fte: f64,
    /// Vacant posts, FTE (when not given: establishment less permanent in post, not below 0).
    pub vacancies_fte: Option<f64>,
    /// Starters in the month, FTE.
    pub starters_fte: f64,
    /// Leavers in the month, FTE.
    pub leavers_fte: f64,
    /// Working days lost to sickness in the month.
    pub sickness_days: f64,
    /// Newly qualified workers in their assessed year (ASYE), FTE.
    pub asye_fte: f64,
    /// Supervisions due in the month.
    pub supervisions_due: u32,
    /// Of those, held in timescale.
    pub supervisions_in_time: u32,
    /// Cases held by the team's workers, where the return gives them.
    pub cases: Option<u32>,
}

impl TeamReturn {
    /// Vacancies, FTE: as given, else establishment less permanent in post.
    pub fn vacancies(&self) -> f64 {
        self.vacancies_fte
            .unwrap_or((self.establishment_fte - self.permanent_fte).max(0.0))
    }
}

/// A published England figure for a workforce measure.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct England {
    /// `vacancy_rate`, `agency_rate`, `turnover`, `caseload` or `sickness_rate`.
    pub measure: &'static str,
    /// The reporting year: the year to 30 September it ends in.
    pub year: u16,
    /// The value (a percentage, or cases per case-holding FTE).
    pub value: f64,
    /// Where it is published.
    pub source: &'static str,
}

const CSWW: &str = "https://explore-education-statistics.service.gov.uk/find-statistics/children-s-social-work-workforce";

/// England's figures from the DfE's children's social work workforce statistics (FTE-based,
/// the year to 30 September), newest first.
pub const ENGLAND: &[England] = &[
    England {
        measure: "vacancy_rate",
        year: 2025,
        value: 14.2,
        source: CSWW,
    },
    England {
        measure: "agency_rate",
        year: 2025,
        value: 13.0,
        source: CSWW,
    },
    England {
        measure: "turnover",
        year: 2025,
        value: 11.8,
        source: CSWW,
    },
    England {
        measure: "caseload",
        year: 2025,
        value: 15.2,
        source: CSWW,
    },
    England {
        measure: "sickness_rate",
        year: 2025,
        value: 3.5,
        source: CSWW,
    },
    England {
        measure: "turnover",
        year: 2024,
        value: 13.8,
        source: CSWW,
    },
    England {
        measure: "vacancy_rate",
        year: 2023,
        value: 18.9,
        source: CSWW,
    },
    England {
        measure: "agency_rate",
        year: 2023,
        value: 17.8,
        source: CSWW,
    },
    England {
        measure: "turnover",
        year: 2023,
        value: 15.9,
        source: CSWW,
    },
    England {
        measure: "caseload",
        year: 2023,
        value: 16.0,
        source: CSWW,
    },
];

/// England's latest published figure for a measure.
pub fn england(measure: &str) -> Option<&'static England> {
    ENGLAND
        .iter()
        .filter(|e| e.measure == measure)
        .max_by_key(|e| e.year)
}

/// DfE's working days a year for absence rates (253); a month is a twelfth.
pub const WORKING_DAYS_A_MONTH: f64 = 253.0 / 12.0;

/// A percentage with its parts, or why there is none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rate {
    /// The value (a percentage, or cases per FTE for the caseload).
    pub value: Option<f64>,
    /// The numerator.
    pub numerator: f64,
    /// The denominator.
    pub denominator: f64,
    /// Why there is no value, or what to read it with ("over 11 of 12 months").
    pub note: Option<String>,
}

impl Rate {
    /// The value alone, with its unit's suffix: "5.6%", "18", or "–".
    pub fn value_text(&self, suffix: &str) -> String {
        self.value
            .map_or_else(|| "–".to_string(), |v| format!("{v}{suffix}"))
    }

    /// The value with what to read it with: "5.6% (over 1 of 12 months: …)", "– (no establishment)".
    pub fn words(&self, suffix: &str) -> String {
        match &self.note {
            Some(n) => format!("{} ({n})", self.value_text(suffix)),
            None => self.value_text(suffix),
        }
    }
}

/// The seven measures in the order every table shows them: (key, heading, suffix). The key is
/// the one [`ENGLAND`] uses.
pub const MEASURES: [(&str, &str, &str); 7] = [
    ("vacancy_rate", "Vacancy rate", "%"),
    ("agency_rate", "Agency rate", "%"),
    ("turnover", "Turnover (12 months)", "%"),
    ("caseload", "Caseload", ""),
    ("supervision", "Supervision in time", "%"),
    ("sickness_rate", "Sickness", "%"),
    ("asye_share", "ASYE share", "%"),
];

impl Measures {
    /// A measure by its key in [`MEASURES`].
    pub fn rate(&self, key: &str) -> Option<&Rate> {
        Some(match key {
            "vacancy_rate" => &self.vacancy_rate,
            "agency_rate" => &self.agency_rate,
            "turnover" => &self.turnover,
            "caseload" => &self.caseload,
            "supervision" => &self.supervision,
            "sickness_rate" => &self.sickness_rate,
            "asye_share" => &self.asye_share,
            _ => return None,
        })
    }

    /// Every measure in [`MEASURES`] order, in words, with what to read it with.
    pub fn words(&self) -> Vec<String> {
        MEASURES
            .iter()
            .map(|(k, _, suffix)| self.rate(k).map_or_else(|| "–".into(), |r| r.words(suffix)))
            .collect()
    }

    /// Who it is for: the team, or "Authority".
    pub fn who(&self) -> String {
        self.team.clone().unwrap_or_else(|| "Authority".into())
    }
}

/// England's latest figures as a row in [`MEASURES`] order ("–" where none is published), with
/// its label, when any is published.
pub fn england_row() -> Option<(String, Vec<String>)> {
    let year = ENGLAND.iter().map(|e| e.year).max()?;
    Some((
        format!("England (year to 30 Sept {year}, DfE)"),
        MEASURES
            .iter()
            .map(|(k, _, suffix)| {
                england(k).map_or_else(|| "–".to_string(), |e| format!("{}{suffix}", e.value))
            })
            .collect(),
    ))
}

fn rate(numerator: f64, denominator: f64, per: f64, none: &str) -> Rate {
    if denominator > 0.0 {
        Rate {
            value: Some((numerator / denominator * per * 10.0).round() / 10.0),
            numerator,
            denominator,
            note: None,
        }
    } else {
        Rate {
            value: None,
            numerator,
            denominator,
            note: Some(none.to_string()),
        }
    }
}

/// The workforce measures for a team or the authority in a month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Measures {
    /// The team, or `None` for the authority.
    pub team: Option<String>,
    /// The month.
    pub month: Date,
    /// Vacancies ÷ (vacancies + permanent FTE in post), %.
    pub vacancy_rate: Rate,
    /// Agency FTE ÷ (agency + permanent FTE), %.
    pub agency_rate: Rate,
    /// Leavers FTE over the last twelve months' returns ÷ permanent FTE in post now, %.
    pub turnover: Rate,
    /// Cases ÷ case-holding FTE (permanent and agency).
    pub caseload: Rate,
    /// Supervisions held in timescale ÷ due, %.
    pub supervision: Rate,
    /// Days lost to sickness ÷ (FTE × working days in a month), %.
    pub sickness_rate: Rate,
    /// ASYE FTE ÷ permanent FTE, %.
    pub asye_share: Rate,
}

fn months_back(month: Date, n: i64) -> Date {
    month
        .first_of_month()
        .saturating_sub(jiff::Span::new().months(n))
        .last_of_month()
}

/// The teams with a return for `month`, in alphabetical order.
pub fn teams_in(returns: &[TeamReturn], month: Date) -> Vec<&str> {
    let mut teams: Vec<&str> = returns
        .iter()
        .filter(|r| r.month == month)
        .map(|r| r.team.as_str())
        .collect();
    teams.sort_unstable();
    teams.dedup();
    teams
}

/// The measures for `team` (or the authority, `None`) in `month`, from every return.
/// `None` when there is no return for it that month.
pub fn measures(returns: &[TeamReturn], team: Option<&str>, month: Date) -> Option<Measures> {
    let month = month.last_of_month();
    let of_team = |r: &&TeamReturn| team.is_none_or(|t| r.team == t);
    let now: Vec<&TeamReturn> = returns
        .iter()
        .filter(|r| r.month == month)
        .filter(of_team)
        .collect();
    if now.is_empty() {
        return None;
    }
    let sum = |f: fn(&TeamReturn) -> f64| now.iter().map(|r| f(r)).sum::<f64>();
    let permanent = sum(|r| r.permanent_fte);
    let agency = sum(|r| r.agency_fte);
    let vacancies = sum(TeamReturn::vacancies);
    // Turnover: the twelve months to this one; say when fewer had a return.
    let window_start = months_back(month, 11);
    let mut months_with: Vec<Date> = returns
        .iter()
        .filter(of_team)
        .filter(|r| r.month >= window_start && r.month <= month)
        .map(|r| r.month)
        .collect();
    months_with.sort_unstable();
    months_with.dedup();
    let leavers: f64 = returns
        .iter()
        .filter(of_team)
        .filter(|r| r.month >= window_start && r.month <= month)
        .map(|r| r.leavers_fte)
        .sum();
    let mut turnover = rate(
        leavers,
        permanent,
        100.0,
        "no permanent social workers in post",
    );
    if months_with.len() < 12 && turnover.value.is_some() {
        turnover.note = Some(format!(
            "over {} of 12 months: {}",
            months_with.len(),
            if team.is_some() {
                "the team has returns for fewer months (new, split or merged, or a month missing)"
            } else {
                "a month's return is missing"
            }
        ));
    }
    // Caseload from the teams whose return gives cases held, over their own workers.
    let with_cases: Vec<&&TeamReturn> = now.iter().filter(|r| r.cases.is_some()).collect();
    let caseload = if with_cases.is_empty() {
        Rate {
            value: None,
            numerator: 0.0,
            denominator: permanent + agency,
            note: Some("the return gives no cases held".into()),
        }
    } else {
        let cases: f64 = with_cases
            .iter()
            .filter_map(|r| r.cases)
            .map(f64::from)
            .sum();
        let holders: f64 = with_cases
            .iter()
            .map(|r| r.permanent_fte + r.agency_fte)
            .sum();
        let mut c = rate(cases, holders, 1.0, "no case-holding social workers");
        if with_cases.len() < now.len() {
            c.note = Some(format!(
                "from the {} of {} teams whose return gives cases held",
                with_cases.len(),
                now.len()
            ));
        }
        c
    };
    let due: f64 = now.iter().map(|r| f64::from(r.supervisions_due)).sum();
    let held: f64 = now.iter().map(|r| f64::from(r.supervisions_in_time)).sum();
    Some(Measures {
        team: team.map(str::to_string),
        month,
        vacancy_rate: rate(vacancies, vacancies + permanent, 100.0, "no establishment"),
        agency_rate: rate(
            agency,
            agency + permanent,
            100.0,
            "no social workers in post",
        ),
        turnover,
        caseload,
        supervision: rate(held, due, 100.0, "no supervision was due"),
        sickness_rate: rate(
            sum(|r| r.sickness_days),
            (permanent + agency) * WORKING_DAYS_A_MONTH,
            100.0,
            "no social workers in post",
        ),
        asye_share: rate(
            sum(|r| r.asye_fte),
            permanent,
            100.0,
            "no permanent social workers in post",
        ),
    })
}

/// The catalogue's indicators worked out from the returns, each with its measure's key in
/// [`MEASURES`]. The caseload is not among them: the catalogue's `caseload_avg` counts it from
/// the child-level data (one definition), and the return's is shown beside it.
pub const INDICATORS: [(&str, &str); 6] = [
    ("workforce_vacancy_rate_pct", "vacancy_rate"),
    ("workforce_agency_rate_pct", "agency_rate"),
    ("workforce_turnover_12m_pct", "turnover"),
    ("workforce_supervision_in_time_pct", "supervision"),
    ("workforce_sickness_rate_pct", "sickness_rate"),
    ("workforce_asye_share_pct", "asye_share"),
];

/// The measure's key of a catalogue indicator worked out from the returns.
pub fn measure_of(indicator: &str) -> Option<&'static str> {
    INDICATORS
        .iter()
        .find(|(id, _)| *id == indicator)
        .map(|(_, key)| *key)
}

/// The catalogue indicator a measure is, where it is one.
pub fn indicator_of(measure: &str) -> Option<&'static str> {
    INDICATORS
        .iter()
        .find(|(_, key)| *key == measure)
        .map(|(id, _)| *id)
}

/// A whole number of FTE (or days) for a figure's numerator and denominator; the value itself
/// is worked from the FTE as returned.
fn whole(x: f64) -> i64 {
    // Rounded, and FTE are far below i64's range.
    x.round() as i64
}

/// The measures of every month with a return, oldest first: the authority's and each team's
/// (alphabetical), worked out once for every indicator that reads them.
#[derive(Debug, Clone, Default)]
pub struct Monthly(Vec<(Date, Measures, Vec<Measures>)>);

/// Works out [`Monthly`] from every return.
pub fn monthly(returns: &[TeamReturn]) -> Monthly {
    let mut months: Vec<Date> = returns.iter().map(|r| r.month).collect();
    months.sort_unstable();
    months.dedup();
    // Each team's own returns, so a team's measures read its months, not every team's.
    let mut by_team: std::collections::BTreeMap<&str, Vec<TeamReturn>> =
        std::collections::BTreeMap::new();
    for r in returns {
        by_team.entry(r.team.as_str()).or_default().push(r.clone());
    }
    Monthly(
        months
            .into_iter()
            .filter_map(|month| {
                let authority = measures(returns, None, month)?;
                let teams = teams_in(returns, month)
                    .into_iter()
                    .filter_map(|t| measures(by_team.get(t)?, Some(t), month))
                    .collect();
                Some((month, authority, teams))
            })
            .collect(),
    )
}

/// Every month's figure of one of the catalogue's workforce indicators (see [`INDICATORS`]),
/// oldest first, from the measures worked out once ([`monthly`]): the authority's as the
/// headline (`as-at` the month's last day), broken down by team. Breakdown cells from 1 to
/// `small` are marked small, as for every figure. Empty for an indicator not worked out from
/// the returns.
pub fn observations(
    def: &'static Definition,
    monthly: &Monthly,
    small: u32,
) -> Vec<(Date, Observation)> {
    let Some(key) = measure_of(def.id) else {
        return Vec::new();
    };
    monthly
        .0
        .iter()
        .filter_map(|(month, authority, teams)| {
            let breakdowns = teams
                .iter()
                .filter_map(|m| {
                    let r = m.rate(key)?;
                    let n = whole(r.numerator);
                    Some(Breakdown {
                        dimension: Dimension::Team,
                        key: m.who(),
                        value: r.value,
                        numerator: n,
                        denominator: Some(whole(r.denominator)),
                        suppressed: n >= 1 && n <= i64::from(small),
                    })
                })
                .collect();
            let r = authority.rate(key)?;
            let (reason, standards) = match (&r.value, &r.note) {
                (None, note) => (note.clone(), Vec::new()),
                (Some(_), Some(note)) => (None, vec![note.clone()]),
                (Some(_), None) => (None, Vec::new()),
            };
            Some((
                *month,
                Observation {
                    id: def.id,
                    period: "as-at".to_string(),
                    partial: false,
                    value: r.value,
                    numerator: whole(r.numerator),
                    denominator: Some(whole(r.denominator)),
                    excluded: 0,
                    excluded_reasons: std::collections::BTreeMap::new(),
                    reason,
                    unit: def.unit,
                    polarity: def.polarity,
                    standards,
                    breakdowns,
                },
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn ret(month: Date, team: &str, permanent: f64, leavers: f64) -> TeamReturn {
        TeamReturn {
            month,
            team: team.into(),
            establishment_fte: 20.0,
            permanent_fte: permanent,
            agency_fte: 2.0,
            vacancies_fte: None,
            starters_fte: 0.0,
            leavers_fte: leavers,
            sickness_days: 0.0,
            asye_fte: 2.0,
            supervisions_due: 20,
            supervisions_in_time: 17,
            cases: Some(360),
        }
    }

    fn month(y: i16, m: i8) -> Date {
        date(y, m, 1).last_of_month()
    }

    #[test]
    fn rates_follow_the_dfe_formulas() {
        let r = ret(month(2026, 9), "Front Door", 18.0, 1.0);
        let m = measures(&[r], None, month(2026, 9)).expect("a return");
        // Vacancies 20 - 18 = 2 of (2 + 18): 10%.
        assert_eq!(m.vacancy_rate.value, Some(10.0));
        // Agency 2 of (2 + 18): 10%.
        assert_eq!(m.agency_rate.value, Some(10.0));
        // 360 cases over 20 case-holding FTE: 18.
        assert_eq!(m.caseload.value, Some(18.0));
        // 17 of 20 supervisions: 85%.
        assert_eq!(m.supervision.value, Some(85.0));
        // ASYE 2 of 18 permanent: 11.1%.
        assert_eq!(m.asye_share.value, Some(11.1));
        // One month's return only: turnover says so.
        assert_eq!(m.turnover.value, Some(5.6));
        assert!(
            m.turnover
                .note
                .as_deref()
                .is_some_and(|n| n.starts_with("over 1 of 12 months"))
        );
    }

    #[test]
    fn agency_rate_with_no_one_in_post_is_no_figure_not_zero() {
        let r = TeamReturn {
            establishment_fte: 0.0,
            permanent_fte: 0.0,
            agency_fte: 0.0,
            cases: None,
            supervisions_due: 0,
            supervisions_in_time: 0,
            ..ret(month(2026, 9), "New team", 0.0, 0.0)
        };
        let m = measures(&[r], Some("New team"), month(2026, 9)).expect("a return");
        assert_eq!(m.agency_rate.value, None);
        assert_eq!(
            m.agency_rate.note.as_deref(),
            Some("no social workers in post")
        );
        assert_eq!(m.vacancy_rate.value, None);
        assert_eq!(m.supervision.value, None);
        assert_eq!(
            m.caseload.note.as_deref(),
            Some("the return gives no cases held")
        );
    }

    /// Team A (20 FTE) leaves one FTE a month from October 2025; in April 2026 it splits into
    /// A1 and A2 (10 FTE each), each losing half an FTE a month.
    #[test]
    fn turnover_over_twelve_months_with_a_team_that_split_in_two() {
        let mut returns = Vec::new();
        for m in 10..=12 {
            returns.push(ret(month(2025, m), "A", 20.0, 1.0));
        }
        for m in 1..=3 {
            returns.push(ret(month(2026, m), "A", 20.0, 1.0));
        }
        for m in 4..=9 {
            returns.push(ret(month(2026, m), "A1", 10.0, 0.5));
            returns.push(ret(month(2026, m), "A2", 10.0, 0.5));
        }
        let end = month(2026, 9);
        // The authority: 6 × 1 + 6 × (0.5 + 0.5) = 12 FTE left over twelve months, 20 in post:
        // 60%, over all twelve months.
        let all = measures(&returns, None, end).expect("authority");
        assert_eq!(all.turnover.value, Some(60.0));
        assert_eq!(all.turnover.numerator, 12.0);
        assert_eq!(all.turnover.note, None);
        // A1: 6 × 0.5 = 3 of 10: 30%, over the six months it has existed, and it says so.
        let a1 = measures(&returns, Some("A1"), end).expect("A1");
        assert_eq!(a1.turnover.value, Some(30.0));
        assert!(
            a1.turnover
                .note
                .as_deref()
                .is_some_and(|n| n.starts_with("over 6 of 12 months"))
        );
        // A has no return for September: no figure for it.
        assert!(measures(&returns, Some("A"), end).is_none());
    }

    #[test]
    fn a_month_with_no_return_has_no_figures_and_the_next_says_it_is_missing() {
        let mut returns: Vec<TeamReturn> = (1..=12)
            .filter(|m| *m != 6)
            .map(|m| ret(month(2026, m), "B", 10.0, 0.5))
            .collect();
        returns.push(ret(month(2025, 12), "B", 10.0, 0.0));
        assert!(measures(&returns, None, month(2026, 6)).is_none());
        let m = measures(&returns, None, month(2026, 12)).expect("December");
        // Eleven returns in the window: 11 × 0.5 = 5.5 of 10.
        assert_eq!(m.turnover.value, Some(55.0));
        assert!(m.turnover.note.as_deref().is_some_and(|n| n.starts_with("over 11 of 12 months: a month's return is missing")));
    }

    #[test]
    fn the_authoritys_caseload_is_from_the_teams_that_give_cases() {
        let a = ret(month(2026, 9), "A", 18.0, 0.0);
        let b = TeamReturn {
            cases: None,
            ..ret(month(2026, 9), "B", 8.0, 0.0)
        };
        let m = measures(&[a, b], None, month(2026, 9)).expect("returns");
        // A's 360 cases over A's 20 FTE: 18; B gives none.
        assert_eq!(m.caseload.value, Some(18.0));
        assert_eq!(
            m.caseload.note.as_deref(),
            Some("from the 1 of 2 teams whose return gives cases held")
        );
    }

    #[test]
    fn england_is_the_latest_published_year() {
        let t = england("turnover").expect("published");
        assert_eq!((t.year, t.value), (2025, 11.8));
        assert_eq!(england("caseload").map(|e| e.value), Some(15.2));
        assert!(england("asye_share").is_none(), "not published as a rate");
        let (label, row) = england_row().expect("published");
        assert_eq!(label, "England (year to 30 Sept 2025, DfE)");
        assert_eq!(row, vec!["14.2%", "13%", "11.8%", "15.2", "–", "3.5%", "–"]);
    }

    #[test]
    fn sickness_is_a_share_of_the_working_days() {
        let r = TeamReturn {
            sickness_days: 21.083_333_333_333_33,
            ..ret(month(2026, 9), "C", 8.0, 0.0)
        };
        // 21.08 days of (8 + 2) × 253/12 = 210.8 days: 10%.
        let m = measures(&[r], None, month(2026, 9)).expect("a return");
        assert_eq!(m.sickness_rate.value, Some(10.0));
    }

    #[test]
    fn the_catalogues_workforce_figures_are_the_authority_by_team() {
        let def = crate::indicator::definition("workforce_vacancy_rate_pct").expect("in catalogue");
        let (sep, oct) = (month(2026, 9), month(2026, 10));
        let mut a = ret(sep, "Front Door", 18.0, 0.0);
        a.vacancies_fte = Some(2.5);
        let b = ret(sep, "Court Team", 9.5, 0.0);
        // October: Court Team only, establishment 20, 12 in post: 8 vacant.
        let c = ret(oct, "Court Team", 12.0, 0.0);
        let all = observations(def, &monthly(&[a, b, c]), 5);
        assert_eq!(all.len(), 2);
        let (m, o) = &all[0];
        assert_eq!(*m, sep);
        assert_eq!(o.period, "as-at");
        // Authority: vacancies 2.5 + (20 - 9.5 = 10.5) = 13 of (13 + 27.5 = 40.5): 32.1%.
        assert_eq!(o.value, Some(32.1));
        assert_eq!((o.numerator, o.denominator), (13, Some(41)));
        // By team, alphabetical: Court Team 10.5 of 20 = 52.5%; Front Door 2.5 of 20.5 = 12.2%.
        let cells: Vec<(&str, Option<f64>, bool)> = o
            .breakdowns
            .iter()
            .map(|b| (b.key.as_str(), b.value, b.suppressed))
            .collect();
        assert_eq!(
            cells,
            vec![
                ("Court Team", Some(52.5), false),
                // 2.5 FTE vacant rounds to 3: a small number.
                ("Front Door", Some(12.2), true),
            ]
        );
        // October: 8 of 20: 40%.
        assert_eq!(all[1].1.value, Some(40.0));
        assert_eq!(all[1].1.breakdowns.len(), 1);
    }

    #[test]
    fn turnover_over_fewer_months_says_so_beside_the_figure() {
        let def = crate::indicator::definition("workforce_turnover_12m_pct").expect("in catalogue");
        let rs = [
            ret(month(2026, 8), "Front Door", 20.0, 1.0),
            ret(month(2026, 9), "Front Door", 20.0, 1.0),
        ];
        let all = observations(def, &monthly(&rs), 5);
        // Two leavers of 20 in post: 10%, over 2 of 12 months.
        assert_eq!(all[1].1.value, Some(10.0));
        assert!(all[1].1.standards[0].starts_with("over 2 of 12 months"));
        assert_eq!(all[1].1.reason, None);
        // An Annex A indicator has no figures from the returns.
        let other = crate::indicator::definition("caseload_avg").expect("in catalogue");
        assert!(observations(other, &monthly(&rs), 5).is_empty());
    }

    #[test]
    fn every_workforce_indicator_is_in_the_catalogue_and_back() {
        for (id, key) in INDICATORS {
            let def = crate::indicator::definition(id).expect("in catalogue");
            assert_eq!(def.source, crate::indicator::Source::WorkforceReturn);
            assert_eq!(indicator_of(key), Some(id));
            assert!(MEASURES.iter().any(|(k, _, _)| *k == key));
        }
        assert_eq!(
            crate::indicator::CATALOGUE
                .iter()
                .filter(|d| d.source == crate::indicator::Source::WorkforceReturn)
                .count(),
            INDICATORS.len()
        );
    }
}
