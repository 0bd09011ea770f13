//! Synthetic practice audits: a month's case file audits by team and theme, graded on Ofsted's
//! four-point scale, improving over the months (never real children).

use jiff::civil::Date;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sightline_core::inspection::Grade;
use sightline_core::practice::CaseAudit;

/// The themes audited in turn.
pub const THEMES: [&str; 5] = [
    "Front door decisions",
    "Neglect",
    "Care planning",
    "Management oversight",
    "Voice of the child",
];

/// `per_month` audits a month for `months` months ending with the month before `today`, over
/// `teams`, the share graded good or better rising from about 45% to 70%.
pub fn generate(
    teams: &[&str],
    per_month: u32,
    months: u32,
    today: Date,
    seed: u64,
) -> Vec<CaseAudit> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut out = Vec::new();
    for k in 0..months {
        let back = i64::from(months - k);
        let first = today
            .first_of_month()
            .saturating_sub(jiff::Span::new().months(back));
        let progress = if months > 1 {
            f64::from(k) / f64::from(months - 1)
        } else {
            1.0
        };
        let days = i64::from(first.days_in_month());
        for n in 0..per_month {
            let good = 0.45 + 0.25 * progress;
            let roll: f64 = rng.random_range(0.0..1.0);
            let grade = if roll < good * 0.2 {
                Grade::Outstanding
            } else if roll < good {
                Grade::Good
            } else if roll < good + (1.0 - good) * 0.75 {
                Grade::RequiresImprovement
            } else {
                Grade::Inadequate
            };
            let team = teams[usize::try_from(n).unwrap_or(0) % teams.len().max(1)];
            out.push(CaseAudit {
                child: format!("{}", 1_000_000 + rng.random_range(0..200_000u32)),
                date: first.saturating_add(jiff::Span::new().days(rng.random_range(0..days))),
                team: team.to_string(),
                worker: None,
                auditor: format!("Auditor {}", 1 + n % 4),
                grade,
                theme: THEMES[usize::try_from(k).unwrap_or(0) % THEMES.len()].to_string(),
            });
        }
    }
    out
}

/// Northfield's six months of audits: 40 case files a month across its teams.
pub fn northfield_audits(today: Date) -> Vec<CaseAudit> {
    generate(&crate::annex_a::TEAMS, 40, 6, today, 18)
}

/// The audits as the audit tool's CSV export writes them.
pub fn to_csv(audits: &[CaseAudit]) -> String {
    let mut s = String::from("Child ID,Audit date,Team,Worker,Auditor,Grade,Theme\n");
    for a in audits {
        s.push_str(&format!(
            "{},{},{},{},{},{},{}\n",
            a.child,
            a.date.strftime("%d/%m/%Y"),
            a.team,
            a.worker.clone().unwrap_or_default(),
            a.auditor,
            a.grade.label(),
            a.theme
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn six_months_of_forty_improving() {
        let a = northfield_audits(date(2026, 11, 28));
        assert_eq!(a.len(), 240);
        assert!(
            a.iter()
                .all(|x| x.date >= date(2026, 5, 1) && x.date <= date(2026, 10, 31))
        );
        let share = |m: i8| {
            let these: Vec<_> = a.iter().filter(|x| x.date.month() == m).collect();
            these.iter().filter(|x| x.good_or_better()).count() as f64 / these.len() as f64
        };
        assert!(share(10) > share(5), "{} {}", share(5), share(10));
    }
}
