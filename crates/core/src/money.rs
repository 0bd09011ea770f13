//! Follow the money: investment lines with their budgets by financial year, monthly actuals from
//! the finance export, and each line's standing with a reason ("£120k (10%) over the profiled
//! budget at month 7; forecast £180k over at year end").
//!
//! Money is whole pence (`i64`), never floating point. A financial year runs 1 April to 31
//! March; month 1 is April. A budget is profiled evenly over the year; when it changes mid-year
//! the months already passed keep their profile and what is left is spread over the months to
//! come (decision 0026).

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::rag::{Rag, Rating};
use crate::{Error, Result};

/// An amount in pence.
pub type Pence = i64;

/// A local authority financial year, named by the calendar year it starts in (2026 is
/// 2026-27: 1 April 2026 to 31 March 2027).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct FinancialYear(pub i16);

impl FinancialYear {
    /// The financial year a day falls in.
    pub fn of(d: Date) -> FinancialYear {
        FinancialYear(if d.month() >= 4 {
            d.year()
        } else {
            d.year() - 1
        })
    }

    /// 1 April.
    pub fn start(self) -> Date {
        Date::new(self.0, 4, 1).unwrap_or(Date::MIN)
    }

    /// 31 March.
    pub fn end(self) -> Date {
        Date::new(self.0.saturating_add(1), 3, 31).unwrap_or(Date::MAX)
    }

    /// "2026-27".
    pub fn label(self) -> String {
        format!("{}-{:02}", self.0, (self.0 + 1).rem_euclid(100))
    }

    /// A day's month within its financial year: April is 1, March is 12.
    pub fn month_of(d: Date) -> u8 {
        u8::try_from((d.month() + 8) % 12 + 1).unwrap_or(1)
    }

    /// The last day of month `m` (1 = April) of this year.
    pub fn month_end(self, m: u8) -> Date {
        let m = i8::try_from(m.clamp(1, 12)).unwrap_or(1);
        let (year, month) = if m <= 9 {
            (self.0, m + 3)
        } else {
            (self.0.saturating_add(1), m - 9)
        };
        Date::new(year, month, 1)
            .map(|d| d.last_of_month())
            .unwrap_or(Date::MAX)
    }
}

impl fmt::Display for FinancialYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

impl FromStr for FinancialYear {
    type Err = Error;

    /// "2026-27", "2026/27" or "2026".
    fn from_str(s: &str) -> Result<Self> {
        let bad = || Error::UnknownValue {
            kind: "financial year",
            value: s.to_string(),
            expected: "a year such as 2026-27",
        };
        let t = s.trim();
        let (first, second) = match t.find(['-', '/']) {
            Some(i) => (&t[..i], Some(&t[i + 1..])),
            None => (t, None),
        };
        let year: i16 = first.parse().map_err(|_| bad())?;
        if !(1990..=2100).contains(&year) {
            return Err(bad());
        }
        if let Some(second) = second {
            let next: i16 = second.parse().map_err(|_| bad())?;
            let ok = match second.len() {
                2 => next == (year + 1) % 100,
                4 => next == year + 1,
                _ => false,
            };
            if !ok {
                return Err(bad());
            }
        }
        Ok(FinancialYear(year))
    }
}

/// Whether money stays: seed 000's "Permanent Uplift vs One off Injection".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Permanence {
    /// A one-off injection: it ends.
    OneOff,
    /// A permanent uplift to the base budget.
    Permanent,
}

/// Where the money comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Funding {
    /// The council's base budget.
    BaseBudget,
    /// A grant (prevention grant, Families First).
    Grant,
    /// Reserves.
    Reserve,
}

macro_rules! words {
    ($t:ty, $kind:literal, $($v:ident => $s:literal),+) => {
        impl $t {
            /// The machine name.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$v => $s),+ }
            }
        }
        impl FromStr for $t {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self> {
                let t = s.trim().to_lowercase().replace([' ', '-'], "_");
                $(if t == $s { return Ok(Self::$v); })+
                Err(Error::UnknownValue {
                    kind: $kind,
                    value: s.to_string(),
                    expected: concat!($($s, " "),+),
                })
            }
        }
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

words!(Permanence, "permanence", OneOff => "one_off", Permanent => "permanent");
words!(Funding, "funding source", BaseBudget => "base_budget", Grant => "grant", Reserve => "reserve");

/// A line's budget for a year, from a date: a change is a new entry, never an edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetChange {
    /// The financial year.
    pub year: FinancialYear,
    /// The year's whole budget, in pence.
    pub amount: Pence,
    /// The day it takes effect.
    pub from: Date,
    /// Why (for a change).
    pub reason: String,
}

/// An investment line: what the improvement money is spent on, joined to the plan and the
/// indicators it should move.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvestmentLine {
    /// The store's id.
    pub id: Option<i64>,
    /// The cost centre or line code the finance export names it by.
    pub code: String,
    /// Its name.
    pub name: String,
    /// Who answers for it.
    pub owner: String,
    /// One-off or permanent.
    pub permanence: Permanence,
    /// Where the money comes from.
    pub funding: Funding,
    /// When the money starts.
    pub starts: Date,
    /// When it stops (one-off money).
    pub ends: Option<Date>,
    /// Whether it pays for permanent posts (a one-off line that does is a cliff edge).
    pub funds_permanent_posts: bool,
    /// Budgets by year, as changed over time.
    pub budgets: Vec<BudgetChange>,
    /// The plan actions it pays for (their ids).
    pub actions: Vec<i64>,
    /// The indicators it should move (catalogue ids).
    pub indicators: Vec<String>,
    /// What it adds in the long term, in a sentence.
    pub long_term: String,
}

/// One month's figures for a line from the finance export: all to date in the financial year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actual {
    /// The line's code.
    pub line: String,
    /// The month (its last day).
    pub month: Date,
    /// The budget the export states, if any.
    pub budget: Option<Pence>,
    /// Spent to date in the year.
    pub actual_to_date: Pence,
    /// Committed, not yet spent.
    pub commitments: Pence,
    /// The forecast outturn for the year, if given.
    pub forecast: Option<Pence>,
}

impl InvestmentLine {
    /// The year's budget in force on `on` (the latest change for the year from on or before
    /// it).
    pub fn budget(&self, year: FinancialYear, on: Date) -> Option<Pence> {
        self.budgets
            .iter()
            .filter(|b| b.year == year && b.from <= on)
            .max_by_key(|b| b.from)
            .map(|b| b.amount)
    }

    /// The profiled budget to the end of month `m` (1 = April) of `year`: each month takes an
    /// even share of what is left of the budget in force at its end, so the months before a
    /// change keep their profile and the rest is spread over the months to come.
    pub fn profile_to(&self, year: FinancialYear, m: u8) -> Option<Pence> {
        let m = m.clamp(1, 12);
        let mut profiled: Pence = 0;
        let mut any = false;
        for k in 1..=m {
            let Some(budget) = self.budget(year, year.month_end(k)) else {
                continue;
            };
            any = true;
            let months_left = Pence::from(13 - k);
            // Rounded to the penny; the last month takes exactly what is left.
            let share = (budget - profiled) as f64 / months_left as f64;
            profiled += share.round() as Pence;
        }
        any.then_some(profiled)
    }

    /// A one-off line paying for permanent posts whose money ends within six months of
    /// `as_at`: when, and what to do.
    pub fn cliff_edge(&self, as_at: Date) -> Option<String> {
        let ends = self.ends?;
        if self.permanence != Permanence::OneOff || !self.funds_permanent_posts {
            return None;
        }
        let horizon = as_at.saturating_add(jiff::Span::new().months(6));
        if ends < as_at || ends > horizon {
            return None;
        }
        let months = ends
            .since((jiff::Unit::Month, as_at))
            .map(|s| s.get_months())
            .unwrap_or(0);
        Some(format!(
            "one-off money ends on {} ({}) and pays for permanent posts: find them a permanent \
             budget or plan the exit",
            ends.strftime("%-d %b %Y"),
            match months {
                0 => "within a month".to_string(),
                1 => "in 1 month".to_string(),
                n => format!("in {n} months"),
            }
        ))
    }
}

/// A budget typed in pounds ("600000", "£1,200,000.50") as pence; `None` for anything that is
/// not a sum of 0 or more below £1bn.
pub fn budget_in_pounds(text: &str) -> Option<Pence> {
    let clean: String = text
        .chars()
        .filter(|c| !matches!(c, '£' | ',' | ' '))
        .collect();
    let v: f64 = clean.parse().ok()?;
    (v.is_finite() && (0.0..1e9).contains(&v)).then(|| (v * 100.0).round() as Pence)
}

/// Money in words: "£950", "£9.5k", "£120k", "£2.4m".
pub fn money(p: Pence) -> String {
    let sign = if p < 0 { "-" } else { "" };
    let pounds = p.unsigned_abs() as f64 / 100.0;
    let body = if pounds >= 1_000_000.0 {
        let m = pounds / 1_000_000.0;
        let s = format!("{m:.2}");
        format!("£{}m", s.trim_end_matches('0').trim_end_matches('.'))
    } else if pounds >= 10_000.0 {
        format!("£{:.0}k", pounds / 1_000.0)
    } else if pounds >= 1_000.0 {
        let s = format!("{:.1}", pounds / 1_000.0);
        format!("£{}k", s.trim_end_matches('0').trim_end_matches('.'))
    } else {
        format!("£{pounds:.0}")
    };
    format!("{sign}{body}")
}

/// How far over (or under) the profile and the budget a line may be before it is rated.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MoneyRules {
    /// Forecast over the year's budget by more than this share is red (0.05: 5%).
    pub red_over: f64,
    /// Spend to date over the profile by more than this share is amber.
    pub amber_over_profile: f64,
    /// Forecast under the budget by more than this share is amber: money not being used.
    pub amber_under: f64,
}

impl Default for MoneyRules {
    fn default() -> Self {
        MoneyRules {
            red_over: 0.05,
            amber_over_profile: 0.10,
            amber_under: 0.10,
        }
    }
}

/// A line's (or the total's) standing on a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Standing {
    /// The financial year.
    pub year: FinancialYear,
    /// The month of the latest return used (1 = April), if any.
    pub month: Option<u8>,
    /// The year's budget as known then.
    pub budget: Option<Pence>,
    /// The profiled budget to that month.
    pub profile: Option<Pence>,
    /// Spent to date.
    pub actual: Option<Pence>,
    /// Committed.
    pub commitments: Option<Pence>,
    /// The forecast outturn (the budget when none is given).
    pub forecast: Option<Pence>,
    /// RAG and why.
    pub rating: Rating,
}

/// Over or under, in words: "£120k (10%) over", "on".
fn against(amount: Pence, of: Pence) -> String {
    let diff = amount - of;
    if diff == 0 {
        return "on".into();
    }
    let pct = if of != 0 {
        let p = (diff.abs() as f64 / of.abs() as f64) * 100.0;
        if p < 1.0 {
            format!(" ({p:.1}%)")
        } else {
            format!(" ({p:.0}%)")
        }
    } else {
        String::new()
    };
    format!(
        "{}{pct} {}",
        money(diff.abs()),
        if diff > 0 { "over" } else { "under" }
    )
}

/// The standing on `as_at` of a budget and the latest return on or before it in the same
/// financial year.
pub fn standing(
    year: FinancialYear,
    budget: Option<Pence>,
    profile: impl Fn(u8) -> Option<Pence>,
    latest: Option<(u8, Pence, Pence, Option<Pence>)>,
    as_at: Date,
    rules: &MoneyRules,
) -> Standing {
    let rate = |colour: Rag, reason: String| Rating { colour, reason };
    let empty = |rating| Standing {
        year,
        month: latest.map(|l| l.0),
        budget,
        profile: None,
        actual: None,
        commitments: None,
        forecast: None,
        rating,
    };
    let Some(budget_amount) = budget else {
        return empty(rate(Rag::Grey, format!("no budget for {year}")));
    };
    let Some((m, actual, commitments, forecast)) = latest else {
        return empty(rate(
            Rag::Grey,
            format!("no actuals for {year} yet: load the finance export"),
        ));
    };
    let profiled = profile(m).unwrap_or(0);
    let outturn = forecast.unwrap_or(budget_amount);
    let to_date = format!(
        "{} the profiled budget at month {m}",
        against(actual, profiled)
    );
    let at_end = match forecast {
        Some(f) if f == budget_amount => "forecast on budget".to_string(),
        Some(f) => format!("forecast {} at year end", against(f, budget_amount)),
        None => "no forecast given".to_string(),
    };
    let mut reason = format!("{to_date}; {at_end}");
    // The return due is the last month that has ended before the date (October's on 1
    // November; a month's own return cannot exist until it is over).
    let due = as_at
        .first_of_month()
        .saturating_sub(jiff::Span::new().days(1));
    let stale = FinancialYear::of(due) == year && m < FinancialYear::month_of(due);
    if stale {
        reason.push_str(&format!(
            "; no return for month {}: the latest is month {m}",
            FinancialYear::month_of(due)
        ));
    }
    let share = |d: Pence, of: Pence| {
        if of == 0 {
            if d > 0 { f64::INFINITY } else { 0.0 }
        } else {
            d as f64 / of.abs() as f64
        }
    };
    let over_forecast = share(outturn - budget_amount, budget_amount);
    let over_profile = share(actual - profiled, profiled);
    let colour = if over_forecast > rules.red_over
        || (forecast.is_none() && over_profile > 2.0 * rules.amber_over_profile)
    {
        Rag::Red
    } else if over_forecast > 0.0
        || over_profile > rules.amber_over_profile
        || -over_forecast > rules.amber_under
        || stale
    {
        Rag::Amber
    } else {
        Rag::Green
    };
    Standing {
        year,
        month: Some(m),
        budget,
        profile: Some(profiled),
        actual: Some(actual),
        commitments: Some(commitments),
        forecast: Some(outturn),
        rating: rate(colour, reason),
    }
}

/// A line's standing on `as_at`: its budget as known then, and its latest return in that
/// financial year on or before `as_at`.
pub fn line_standing(
    line: &InvestmentLine,
    actuals: &[Actual],
    as_at: Date,
    rules: &MoneyRules,
) -> Standing {
    let year = FinancialYear::of(as_at);
    let latest = actuals
        .iter()
        .filter(|a| a.line == line.code && a.month <= as_at && FinancialYear::of(a.month) == year)
        .max_by_key(|a| a.month)
        .map(|a| {
            (
                FinancialYear::month_of(a.month),
                a.actual_to_date,
                a.commitments,
                a.forecast,
            )
        });
    standing(
        year,
        line.budget(year, as_at),
        |m| line.profile_to(year, m),
        latest,
        as_at,
        rules,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn line(budgets: &[(i16, Pence, Date)]) -> InvestmentLine {
        InvestmentLine {
            id: None,
            code: "CS-IMP-01".into(),
            name: "Agency social workers".into(),
            owner: "Head of Service".into(),
            permanence: Permanence::OneOff,
            funding: Funding::Reserve,
            starts: date(2025, 4, 1),
            ends: Some(date(2027, 3, 31)),
            funds_permanent_posts: true,
            budgets: budgets
                .iter()
                .map(|(y, a, from)| BudgetChange {
                    year: FinancialYear(*y),
                    amount: *a,
                    from: *from,
                    reason: String::new(),
                })
                .collect(),
            actions: vec![],
            indicators: vec![],
            long_term: String::new(),
        }
    }

    #[test]
    fn the_financial_year_turns_on_the_first_of_april() {
        assert_eq!(FinancialYear::of(date(2027, 3, 31)), FinancialYear(2026));
        assert_eq!(FinancialYear::of(date(2027, 4, 1)), FinancialYear(2027));
        assert_eq!(FinancialYear::of(date(2024, 2, 29)), FinancialYear(2023));
        assert_eq!(FinancialYear(2026).label(), "2026-27");
        assert_eq!(FinancialYear(2099).label(), "2099-00");
        assert_eq!(FinancialYear::month_of(date(2026, 4, 1)), 1);
        assert_eq!(FinancialYear::month_of(date(2026, 10, 31)), 7);
        assert_eq!(FinancialYear::month_of(date(2027, 3, 31)), 12);
        assert_eq!(FinancialYear(2023).month_end(11), date(2024, 2, 29));
        assert_eq!(FinancialYear(2026).month_end(12), date(2027, 3, 31));
        assert_eq!(FinancialYear(2026).month_end(1), date(2026, 4, 30));
        for good in ["2026-27", "2026/27", "2026", "2026-2027"] {
            assert_eq!(
                good.parse::<FinancialYear>().ok(),
                Some(FinancialYear(2026)),
                "{good}"
            );
        }
        for bad in ["2026-28", "26-27", "twenty", "2026-", ""] {
            assert!(bad.parse::<FinancialYear>().is_err(), "{bad}");
        }
    }

    #[test]
    fn a_budget_is_typed_in_pounds() {
        assert_eq!(budget_in_pounds("600000"), Some(60_000_000));
        assert_eq!(budget_in_pounds("£1,200,000.50"), Some(120_000_050));
        assert_eq!(budget_in_pounds("-5"), None);
        assert_eq!(budget_in_pounds("lots"), None);
        assert_eq!(budget_in_pounds("NaN"), None);
    }

    #[test]
    fn money_reads_as_a_finance_report_writes_it() {
        assert_eq!(money(95_000), "£950");
        assert_eq!(money(950_000), "£9.5k");
        assert_eq!(money(12_000_000), "£120k");
        assert_eq!(money(240_000_000), "£2.4m");
        assert_eq!(money(125_000_000), "£1.25m");
        assert_eq!(money(-1_800_000), "-£18k");
        assert_eq!(money(0), "£0");
    }

    /// £120,000 for 2026-27, raised to £240,000 from 1 October (month 7).
    #[test]
    fn a_budget_changed_mid_year_keeps_the_months_passed_and_spreads_the_rest() {
        let l = line(&[
            (2026, 12_000_000, date(2026, 4, 1)),
            (2026, 24_000_000, date(2026, 10, 1)),
        ]);
        let y = FinancialYear(2026);
        assert_eq!(l.budget(y, date(2026, 9, 30)), Some(12_000_000));
        assert_eq!(l.budget(y, date(2026, 10, 1)), Some(24_000_000));
        // £10k a month to September: £60k.
        assert_eq!(l.profile_to(y, 6), Some(6_000_000));
        // Then (£240k - £60k) / 6 = £30k a month: £90k in October, £150k by December.
        assert_eq!(l.profile_to(y, 7), Some(9_000_000));
        assert_eq!(l.profile_to(y, 9), Some(15_000_000));
        assert_eq!(l.profile_to(y, 12), Some(24_000_000));
        // No budget for another year.
        assert_eq!(l.profile_to(FinancialYear(2027), 3), None);
    }

    #[test]
    fn an_uneven_budget_profiles_to_the_penny_and_ends_exact() {
        let l = line(&[(2026, 10_000_001, date(2026, 4, 1))]);
        let y = FinancialYear(2026);
        // £100,000.01 / 12 = £8,333.33 (rounded), and the year ends on the budget exactly.
        assert_eq!(l.profile_to(y, 1), Some(833_333));
        assert_eq!(l.profile_to(y, 12), Some(10_000_001));
    }

    #[test]
    fn the_standing_says_how_far_over_and_what_is_forecast() {
        let l = line(&[(2026, 144_000_000, date(2026, 4, 1))]);
        // Month 7 (October): profile £1.44m × 7/12 = £840k; spent £924k: £84k (10%) over.
        let actuals = vec![Actual {
            line: l.code.clone(),
            month: date(2026, 10, 31),
            budget: None,
            actual_to_date: 92_400_000,
            commitments: 1_000_000,
            forecast: Some(162_000_000),
        }];
        let s = line_standing(&l, &actuals, date(2026, 10, 31), &MoneyRules::default());
        assert_eq!(s.profile, Some(84_000_000));
        assert_eq!(
            s.rating.colour,
            Rag::Red,
            "forecast £180k (12.5%) over: more than 5%"
        );
        assert_eq!(
            s.rating.reason,
            "£84k (10%) over the profiled budget at month 7; forecast £180k (12%) over at year end"
        );
        // On budget, on profile: green.
        let fine = vec![Actual {
            forecast: Some(144_000_000),
            actual_to_date: 84_000_000,
            ..actuals[0].clone()
        }];
        let s = line_standing(&l, &fine, date(2026, 10, 31), &MoneyRules::default());
        assert_eq!(s.rating.colour, Rag::Green);
        assert_eq!(
            s.rating.reason,
            "on the profiled budget at month 7; forecast on budget"
        );
        // In November October's return is the latest due: still green.
        let s = line_standing(&l, &fine, date(2026, 11, 30), &MoneyRules::default());
        assert_eq!(s.rating.colour, Rag::Green);
        // On 1 December November's is due and missing: amber, and it says so.
        let s = line_standing(&l, &fine, date(2026, 12, 1), &MoneyRules::default());
        assert_eq!(s.rating.colour, Rag::Amber);
        assert!(
            s.rating
                .reason
                .ends_with("no return for month 8: the latest is month 7")
        );
        // Slipping: forecast 20% under is amber (the money is not being used).
        let slow = vec![Actual {
            forecast: Some(115_200_000),
            actual_to_date: 70_000_000,
            ..actuals[0].clone()
        }];
        let s = line_standing(&l, &slow, date(2026, 10, 31), &MoneyRules::default());
        assert_eq!(s.rating.colour, Rag::Amber);
        assert!(
            s.rating.reason.contains("forecast £288k (20%) under"),
            "{}",
            s.rating.reason
        );
    }

    #[test]
    fn the_year_turns_on_31_march() {
        let l = line(&[
            (2026, 120_000_000, date(2026, 4, 1)),
            (2027, 60_000_000, date(2027, 4, 1)),
        ]);
        let march = Actual {
            line: l.code.clone(),
            month: date(2027, 3, 31),
            budget: None,
            actual_to_date: 120_000_000,
            commitments: 0,
            forecast: Some(120_000_000),
        };
        let rules = MoneyRules::default();
        let s = line_standing(&l, std::slice::from_ref(&march), date(2027, 3, 31), &rules);
        assert_eq!(
            (s.year, s.month, s.budget),
            (FinancialYear(2026), Some(12), Some(120_000_000))
        );
        assert_eq!(s.rating.colour, Rag::Green);
        // On 1 April: the new year, with its own budget and no actuals yet; March's return is
        // last year's.
        let s = line_standing(&l, &[march], date(2027, 4, 1), &rules);
        assert_eq!((s.year, s.budget), (FinancialYear(2027), Some(60_000_000)));
        assert_eq!(s.rating.colour, Rag::Grey);
        assert_eq!(
            s.rating.reason,
            "no actuals for 2027-28 yet: load the finance export"
        );
    }

    #[test]
    fn one_off_money_for_permanent_posts_is_flagged_six_months_out() {
        let l = line(&[]);
        assert!(
            l.cliff_edge(date(2026, 9, 30)).is_none(),
            "six months and a day"
        );
        let flag = l.cliff_edge(date(2026, 10, 31)).expect("flagged");
        assert!(
            flag.starts_with("one-off money ends on 31 Mar 2027 (in 5 months)"),
            "{flag}"
        );
        assert!(l.cliff_edge(date(2027, 4, 1)).is_none(), "already ended");
        let permanent = InvestmentLine {
            permanence: Permanence::Permanent,
            ..l.clone()
        };
        assert!(permanent.cliff_edge(date(2026, 12, 31)).is_none());
        let no_posts = InvestmentLine {
            funds_permanent_posts: false,
            ..l
        };
        assert!(no_posts.cliff_edge(date(2026, 12, 31)).is_none());
    }

    #[test]
    fn permanence_and_funding_read_from_their_words() {
        assert_eq!(
            "One-off".parse::<Permanence>().ok(),
            Some(Permanence::OneOff)
        );
        assert_eq!(
            "base budget".parse::<Funding>().ok(),
            Some(Funding::BaseBudget)
        );
        assert!("loan".parse::<Funding>().is_err());
    }
}
