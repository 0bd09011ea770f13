//! Synthetic improvement investment: lines with budgets per financial year and a finance
//! export's monthly actuals, for the demo (Northfield's £2.4m over two years, seed 000's
//! "Follow the money") and for any size of authority (benchmarks and tests). Never real.

use jiff::civil::Date;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sightline_core::money::{
    Actual, BudgetChange, FinancialYear, Funding, InvestmentLine, Pence, Permanence,
};

/// How a line spends against its profile: 1.0 on profile, 1.15 fifteen per cent over.
struct Spend {
    rate: f64,
}

/// A line's monthly actuals from `from` (a month end) to `to`, cumulative within each
/// financial year, with a linear forecast and a month's spend committed.
fn actuals_of(
    line: &InvestmentLine,
    spend: &Spend,
    from: Date,
    to: Date,
    rng: &mut ChaCha8Rng,
) -> Vec<Actual> {
    let mut out = Vec::new();
    let mut month = from.last_of_month();
    let mut to_date: Pence = 0;
    let mut year = FinancialYear::of(month);
    while month <= to {
        if FinancialYear::of(month) != year {
            year = FinancialYear::of(month);
            to_date = 0;
        }
        let Some(budget) = line.budget(year, month) else {
            month = next_month_end(month);
            continue;
        };
        let m = FinancialYear::month_of(month);
        let noise = 1.0 + rng.random_range(-0.04..0.04);
        let this_month = (budget as f64 / 12.0 * spend.rate * noise).round() as Pence;
        to_date += this_month;
        let forecast = (to_date as f64 / f64::from(m) * 12.0 / 1000.0).round() as Pence * 1000;
        out.push(Actual {
            line: line.code.clone(),
            month,
            budget: Some(budget),
            actual_to_date: to_date,
            commitments: this_month / 2,
            forecast: Some(forecast),
        });
        month = next_month_end(month);
    }
    out
}

fn next_month_end(d: Date) -> Date {
    d.saturating_add(jiff::Span::new().days(1)).last_of_month()
}

fn line(
    code: &str,
    name: &str,
    owner: &str,
    permanence: Permanence,
    funding: Funding,
    years: [FinancialYear; 2],
    yearly: Pence,
) -> InvestmentLine {
    InvestmentLine {
        id: None,
        code: code.into(),
        name: name.into(),
        owner: owner.into(),
        permanence,
        funding,
        starts: years[0].start(),
        ends: (permanence == Permanence::OneOff).then(|| years[1].end()),
        funds_permanent_posts: false,
        budgets: years
            .iter()
            .map(|y| BudgetChange {
                year: *y,
                amount: yearly,
                from: y.start(),
                reason: "improvement investment agreed by cabinet".into(),
            })
            .collect(),
        actions: vec![],
        indicators: vec![],
        long_term: String::new(),
    }
}

/// Northfield's improvement investment: £2.4m over the two financial years to the one `today`
/// falls in (£1.2m each), in five lines after seed 000; senior capacity overspends; the
/// advanced practitioners are one-off money paying for permanent posts and end with the year.
/// Actuals run monthly from the first April to the last month end before `today`.
pub fn northfield_investment(today: Date) -> (Vec<InvestmentLine>, Vec<Actual>) {
    let now = FinancialYear::of(today);
    let years = [FinancialYear(now.0 - 1), now];
    let mut lines = vec![
        line(
            "IMP-01",
            "Signs of Safety practice framework",
            "Principal Social Worker",
            Permanence::OneOff,
            Funding::Grant,
            years,
            25_000_000,
        ),
        line(
            "IMP-02",
            "Senior capacity and performance specialists",
            "Director of Children's Services",
            Permanence::OneOff,
            Funding::Reserve,
            years,
            20_000_000,
        ),
        line(
            "IMP-03",
            "Advanced practitioners supporting newly qualified social workers",
            "Head of Service, Front Door",
            Permanence::OneOff,
            Funding::Reserve,
            years,
            30_000_000,
        ),
        line(
            "IMP-04",
            "Multi-agency child exploitation and missing hub",
            "Head of Service, Children in Care",
            Permanence::Permanent,
            Funding::BaseBudget,
            years,
            25_000_000,
        ),
        line(
            "IMP-05",
            "Grow our own: social work apprenticeships",
            "Principal Social Worker",
            Permanence::Permanent,
            Funding::BaseBudget,
            years,
            20_000_000,
        ),
    ];
    lines[0].indicators = vec![
        "re_referrals_12m_pct".into(),
        "cp_visited_in_timescale_pct".into(),
    ];
    lines[0].long_term = "One practice model, taught once, that every new worker learns".into();
    lines[1].indicators = vec!["assessments_within_45wd_pct".into()];
    lines[1].long_term =
        "Performance reporting the service runs itself after the improvement".into();
    lines[2].funds_permanent_posts = true;
    lines[2].indicators = vec!["caseload_avg".into()];
    lines[2].long_term = "Newly qualified workers who stay, with caseloads they can hold".into();
    lines[3].indicators = vec!["cla_missing_pct".into()];
    lines[3].long_term = "A standing hub with the police and health, in the base budget".into();
    lines[4].indicators = vec!["caseload_avg".into()];
    lines[4].long_term = "Social workers trained here, for here".into();
    let rates = [0.97, 1.15, 1.0, 0.98, 0.9];
    let mut rng = ChaCha8Rng::seed_from_u64(2024);
    let last = today
        .first_of_month()
        .saturating_sub(jiff::Span::new().days(1));
    let mut actuals = Vec::new();
    for (l, rate) in lines.iter().zip(rates) {
        actuals.extend(actuals_of(
            l,
            &Spend { rate },
            years[0].start(),
            last,
            &mut rng,
        ));
    }
    (lines, actuals)
}

/// `lines` lines with a budget each financial year for `months` months from `start` (a
/// financial year's first day), and their monthly actuals: for benchmarks and tests of any size.
pub fn generate(
    lines: usize,
    months: u32,
    start: Date,
    seed: u64,
) -> (Vec<InvestmentLine>, Vec<Actual>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let end = start
        .saturating_add(jiff::Span::new().months(i64::from(months)))
        .saturating_sub(jiff::Span::new().days(1));
    let first = FinancialYear::of(start);
    let last = FinancialYear::of(end);
    let mut out_lines = Vec::new();
    let mut out_actuals = Vec::new();
    for i in 0..lines {
        let yearly: Pence = rng.random_range(5_000_000..50_000_000);
        let mut l = line(
            &format!("L{i:03}"),
            &format!("Investment line {i}"),
            "Owner",
            if i % 3 == 0 {
                Permanence::Permanent
            } else {
                Permanence::OneOff
            },
            Funding::Grant,
            [first, last],
            yearly,
        );
        l.budgets = (first.0..=last.0)
            .map(|y| BudgetChange {
                year: FinancialYear(y),
                amount: yearly,
                from: FinancialYear(y).start(),
                reason: String::new(),
            })
            .collect();
        let rate = rng.random_range(0.85..1.2);
        out_actuals.extend(actuals_of(&l, &Spend { rate }, start, end, &mut rng));
        out_lines.push(l);
    }
    (out_lines, out_actuals)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use sightline_core::money::{MoneyRules, line_standing};
    use sightline_core::rag::Rag;

    #[test]
    fn northfield_invests_two_point_four_million_over_two_years() {
        let (lines, actuals) = northfield_investment(date(2026, 11, 27));
        let total: Pence = lines
            .iter()
            .flat_map(|l| &l.budgets)
            .map(|b| b.amount)
            .sum();
        assert_eq!(total, 240_000_000);
        // April 2025 to October 2026: nineteen months a line.
        assert_eq!(actuals.len(), 5 * 19);
        let rules = MoneyRules::default();
        let over = line_standing(&lines[1], &actuals, date(2026, 10, 31), &rules);
        assert_eq!(over.rating.colour, Rag::Red, "{}", over.rating.reason);
        let cliff = lines[2].cliff_edge(date(2026, 11, 27)).expect("flagged");
        assert!(cliff.contains("31 Mar 2027"), "{cliff}");
        assert!(lines.iter().all(|l| {
            l.indicators
                .iter()
                .all(|i| sightline_core::indicator::definition(i).is_some())
        }));
    }

    #[test]
    fn any_size_of_authority() {
        let (lines, actuals) = generate(30, 60, date(2022, 4, 1), 7);
        assert_eq!(lines.len(), 30);
        assert_eq!(actuals.len(), 30 * 60);
        assert!(actuals.iter().all(|a| a.actual_to_date > 0));
    }
}
