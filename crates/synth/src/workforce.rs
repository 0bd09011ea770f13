//! Synthetic monthly workforce returns by team: for the demo (Northfield's two years, agency
//! use falling as permanent recruits arrive and caseloads easing) and for any size of authority.
//! Never real.

use jiff::civil::Date;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sightline_core::workforce::TeamReturn;

fn month_end(d: Date) -> Date {
    d.last_of_month()
}

/// `months` months of returns for `teams` teams ending with the month of `last`: each team's
/// permanent staff grow from `from_permanent` to `to_permanent` of its establishment while
/// agency cover falls to fill the gap, and caseloads ease as the posts fill.
fn returns(
    teams: &[(String, f64)],
    months: u32,
    last: Date,
    from_permanent: f64,
    to_permanent: f64,
    seed: u64,
) -> Vec<TeamReturn> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut out = Vec::new();
    for k in 0..months {
        let back = i64::from(months - 1 - k);
        let month = month_end(
            last.first_of_month()
                .saturating_sub(jiff::Span::new().months(back)),
        );
        let progress = if months > 1 {
            f64::from(k) / f64::from(months - 1)
        } else {
            1.0
        };
        for (team, establishment) in teams {
            let share = from_permanent + (to_permanent - from_permanent) * progress;
            let permanent = (establishment * share * 10.0).round() / 10.0;
            let agency = ((establishment - permanent) * 0.8 * 10.0).round() / 10.0;
            let cases_each = 22.0 - 6.0 * progress + rng.random_range(-1.0..1.0);
            let due = (permanent + agency).round() as u32;
            let held = ((f64::from(due)) * (0.7 + 0.2 * progress + rng.random_range(-0.05..0.05)))
                .round()
                .clamp(0.0, f64::from(due)) as u32;
            out.push(TeamReturn {
                month,
                team: team.clone(),
                establishment_fte: *establishment,
                permanent_fte: permanent,
                agency_fte: agency,
                vacancies_fte: None,
                // Leavers at a yearly 20% of those in post falling to 11%, so a small team's
                // turnover is as believable as a large one's; starters a little more often.
                starters_fte: if rng.random_bool((permanent * 0.2 / 12.0).clamp(0.0, 1.0)) {
                    1.0
                } else {
                    0.0
                },
                leavers_fte: if rng
                    .random_bool((permanent * (0.20 - 0.09 * progress) / 12.0).clamp(0.0, 1.0))
                {
                    1.0
                } else {
                    0.0
                },
                sickness_days: (rng.random_range(0.02..0.06) * (permanent + agency) * 21.0 * 10.0)
                    .round()
                    / 10.0,
                asye_fte: (permanent * rng.random_range(0.08..0.18) * 10.0).round() / 10.0,
                supervisions_due: due,
                supervisions_in_time: held,
                cases: Some(((permanent + agency) * cases_each).round() as u32),
            });
        }
    }
    out
}

/// Northfield's two years of returns to the last month end before `today`, for the teams the
/// synthetic extracts name: permanent staff from 70% to 90% of establishment, agency falling,
/// caseloads from about 22 to 16.
pub fn northfield_workforce(today: Date) -> Vec<TeamReturn> {
    let teams: Vec<(String, f64)> = crate::annex_a::TEAMS
        .iter()
        .zip([16.0, 14.0, 12.0, 12.0, 8.0, 6.0])
        .map(|(t, e)| ((*t).to_string(), e))
        .collect();
    let last = today
        .first_of_month()
        .saturating_sub(jiff::Span::new().days(1));
    returns(&teams, 24, last, 0.70, 0.90, 2024)
}

/// `months` months of returns for `teams` teams of 15 FTE each, ending with `last`'s month.
pub fn generate(teams: usize, months: u32, last: Date, seed: u64) -> Vec<TeamReturn> {
    let named: Vec<(String, f64)> = (0..teams).map(|i| (format!("Team {i:02}"), 15.0)).collect();
    returns(&named, months, last, 0.75, 0.85, seed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use sightline_core::workforce::measures;

    #[test]
    fn northfield_relies_less_on_agency_and_caseloads_ease() {
        let r = northfield_workforce(date(2026, 11, 27));
        let first = date(2024, 11, 30);
        let last = date(2026, 10, 31);
        assert_eq!(r.iter().map(|x| x.month).min(), Some(first));
        assert_eq!(r.iter().map(|x| x.month).max(), Some(last));
        let then = measures(&r, None, first).expect("first month");
        let now = measures(&r, None, last).expect("last month");
        assert!(
            now.agency_rate.value < then.agency_rate.value,
            "{:?} {:?}",
            then.agency_rate,
            now.agency_rate
        );
        assert!(now.caseload.value < then.caseload.value);
        assert!(now.turnover.note.is_none(), "twelve months of returns");
    }

    #[test]
    fn any_size() {
        let r = generate(40, 60, date(2026, 10, 31), 3);
        assert_eq!(r.len(), 40 * 60);
    }
}
