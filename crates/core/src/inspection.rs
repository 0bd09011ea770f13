//! The Ofsted inspection record: frameworks, judgements, grades, kinds of inspection event,
//! and when the next inspection is due.
//!
//! The vocabulary follows Ofsted's published reports: the single inspection framework (SIF,
//! 2013–2017), ILACS from January 2018 (three graded judgements plus overall) and ILACS from
//! January 2023 (care leavers judged separately; overall effectiveness dropped from April 2026).

use std::fmt;
use std::str::FromStr;

use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// Ofsted's 4-point scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    /// Outstanding.
    Outstanding,
    /// Good.
    Good,
    /// Requires improvement to be good.
    RequiresImprovement,
    /// Inadequate.
    Inadequate,
}

impl Grade {
    /// All grades, best first.
    pub const ALL: [Grade; 4] = [
        Grade::Outstanding,
        Grade::Good,
        Grade::RequiresImprovement,
        Grade::Inadequate,
    ];

    /// The machine name used in JSON, CSV and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::Outstanding => "outstanding",
            Grade::Good => "good",
            Grade::RequiresImprovement => "requires_improvement",
            Grade::Inadequate => "inadequate",
        }
    }

    /// The words Ofsted uses.
    pub fn label(self) -> &'static str {
        match self {
            Grade::Outstanding => "Outstanding",
            Grade::Good => "Good",
            Grade::RequiresImprovement => "Requires improvement to be good",
            Grade::Inadequate => "Inadequate",
        }
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Grade {
    type Err = Error;

    /// Accepts the machine name and Ofsted's own wording in any case, e.g.
    /// `requires_improvement`, `Requires improvement to be good`, `RI`.
    fn from_str(s: &str) -> Result<Self> {
        let key: String = s
            .trim()
            .to_ascii_lowercase()
            .chars()
            .map(|c| if c == '_' || c == '-' { ' ' } else { c })
            .collect();
        let key = key.split_whitespace().collect::<Vec<_>>().join(" ");
        match key.as_str() {
            "outstanding" => Ok(Grade::Outstanding),
            "good" => Ok(Grade::Good),
            "requires improvement"
            | "requires improvement to be good"
            | "require improvement"
            | "require improvement to be good"
            | "ri" => Ok(Grade::RequiresImprovement),
            "inadequate" => Ok(Grade::Inadequate),
            _ => Err(Error::UnknownValue {
                kind: "grade",
                value: s.to_string(),
                expected: "outstanding, good, requires_improvement, inadequate",
            }),
        }
    }
}

/// What a judgement is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    /// Overall effectiveness (absent from ILACS reports from April 2026).
    OverallEffectiveness,
    /// ILACS: the impact of leaders on social work practice with children and families.
    ImpactOfLeaders,
    /// The experiences and progress of children who need help and protection.
    HelpAndProtection,
    /// ILACS 2018: children in care and care leavers, judged together.
    ChildrenInCareAndCareLeavers,
    /// ILACS 2023: children in care.
    ChildrenInCare,
    /// ILACS 2023 and SIF (2.2): care leavers.
    CareLeavers,
    /// SIF: children looked after and achieving permanence.
    LookedAfterAndPermanence,
    /// SIF (2.1): adoption performance.
    AdoptionPerformance,
    /// SIF: leadership, management and governance.
    LeadershipManagementGovernance,
    /// SIF: the combined review of the Local Safeguarding Children Board.
    Lscb,
}

impl Area {
    /// Every area, in the order reports list them.
    pub const ALL: [Area; 10] = [
        Area::OverallEffectiveness,
        Area::ImpactOfLeaders,
        Area::HelpAndProtection,
        Area::ChildrenInCareAndCareLeavers,
        Area::ChildrenInCare,
        Area::CareLeavers,
        Area::LookedAfterAndPermanence,
        Area::AdoptionPerformance,
        Area::LeadershipManagementGovernance,
        Area::Lscb,
    ];

    /// The machine name used in JSON, CSV and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Area::OverallEffectiveness => "overall_effectiveness",
            Area::ImpactOfLeaders => "impact_of_leaders",
            Area::HelpAndProtection => "help_and_protection",
            Area::ChildrenInCareAndCareLeavers => "children_in_care_and_care_leavers",
            Area::ChildrenInCare => "children_in_care",
            Area::CareLeavers => "care_leavers",
            Area::LookedAfterAndPermanence => "looked_after_and_permanence",
            Area::AdoptionPerformance => "adoption_performance",
            Area::LeadershipManagementGovernance => "leadership_management_governance",
            Area::Lscb => "lscb",
        }
    }

    /// A short human label.
    pub fn label(self) -> &'static str {
        match self {
            Area::OverallEffectiveness => "Overall effectiveness",
            Area::ImpactOfLeaders => "Impact of leaders",
            Area::HelpAndProtection => "Help and protection",
            Area::ChildrenInCareAndCareLeavers => "Children in care and care leavers",
            Area::ChildrenInCare => "Children in care",
            Area::CareLeavers => "Care leavers",
            Area::LookedAfterAndPermanence => "Looked after and permanence",
            Area::AdoptionPerformance => "Adoption performance",
            Area::LeadershipManagementGovernance => "Leadership, management and governance",
            Area::Lscb => "LSCB",
        }
    }
}

impl FromStr for Area {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        Area::ALL
            .into_iter()
            .find(|a| a.as_str() == s.trim())
            .ok_or_else(|| Error::UnknownValue {
                kind: "judgement area",
                value: s.to_string(),
                expected: "overall_effectiveness, impact_of_leaders, help_and_protection, \
                           children_in_care_and_care_leavers, children_in_care, care_leavers, \
                           looked_after_and_permanence, adoption_performance, \
                           leadership_management_governance, lscb",
            })
    }
}

/// The inspection framework a report was written under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Framework {
    /// The single inspection framework, November 2013 to 2017/18.
    #[serde(rename = "sif-2013")]
    Sif2013,
    /// ILACS: three graded judgements plus overall; children in care and care leavers together.
    #[serde(rename = "ilacs-2018")]
    Ilacs2018,
    /// ILACS with care leavers judged separately (from January 2023).
    #[serde(rename = "ilacs-2023")]
    Ilacs2023,
}

impl Framework {
    /// The machine name.
    pub fn as_str(self) -> &'static str {
        match self {
            Framework::Sif2013 => "sif-2013",
            Framework::Ilacs2018 => "ilacs-2018",
            Framework::Ilacs2023 => "ilacs-2023",
        }
    }

    /// Tells the framework from the judgement areas a report grades: SIF areas mean SIF,
    /// a separate care leavers judgement beside children in care means ILACS 2023.
    /// `None` when the areas fit no framework.
    pub fn from_areas(areas: &[Area]) -> Option<Framework> {
        let has = |a: Area| areas.contains(&a);
        if has(Area::LookedAfterAndPermanence)
            || has(Area::LeadershipManagementGovernance)
            || has(Area::AdoptionPerformance)
        {
            Some(Framework::Sif2013)
        } else if has(Area::ChildrenInCareAndCareLeavers) {
            Some(Framework::Ilacs2018)
        } else if has(Area::ChildrenInCare)
            || (has(Area::CareLeavers) && has(Area::ImpactOfLeaders))
        {
            Some(Framework::Ilacs2023)
        } else {
            None
        }
    }
}

impl fmt::Display for Framework {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Framework {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        match s.trim() {
            "sif-2013" => Ok(Framework::Sif2013),
            "ilacs-2018" => Ok(Framework::Ilacs2018),
            "ilacs-2023" => Ok(Framework::Ilacs2023),
            _ => Err(Error::UnknownValue {
                kind: "framework",
                value: s.to_string(),
                expected: "sif-2013, ilacs-2018, ilacs-2023",
            }),
        }
    }
}

/// One graded judgement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Judgement {
    /// What was judged.
    pub area: Area,
    /// The grade given.
    pub grade: Grade,
}

/// The kind of an inspection event in an authority's journey.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InspectionKind {
    /// ILACS standard inspection (two weeks on site).
    Standard,
    /// ILACS short inspection (one week on site).
    Short,
    /// A graded ILACS inspection whose length is not known.
    Ilacs,
    /// SIF inspection (four weeks), including SIF re-inspections.
    Sif,
    /// Focused visit: a letter, no grade, may name areas for priority action.
    FocusedVisit,
    /// Monitoring visit of an inadequate authority.
    MonitoringVisit,
    /// Joint targeted area inspection.
    Jtai,
    /// Annual engagement meeting.
    AnnualEngagementMeeting,
}

impl InspectionKind {
    /// Every kind.
    pub const ALL: [InspectionKind; 8] = [
        InspectionKind::Standard,
        InspectionKind::Short,
        InspectionKind::Ilacs,
        InspectionKind::Sif,
        InspectionKind::FocusedVisit,
        InspectionKind::MonitoringVisit,
        InspectionKind::Jtai,
        InspectionKind::AnnualEngagementMeeting,
    ];

    /// The machine name.
    pub fn as_str(self) -> &'static str {
        match self {
            InspectionKind::Standard => "standard",
            InspectionKind::Short => "short",
            InspectionKind::Ilacs => "ilacs",
            InspectionKind::Sif => "sif",
            InspectionKind::FocusedVisit => "focused_visit",
            InspectionKind::MonitoringVisit => "monitoring_visit",
            InspectionKind::Jtai => "jtai",
            InspectionKind::AnnualEngagementMeeting => "annual_engagement_meeting",
        }
    }

    /// A human label.
    pub fn label(self) -> &'static str {
        match self {
            InspectionKind::Standard => "Standard inspection",
            InspectionKind::Short => "Short inspection",
            InspectionKind::Ilacs => "ILACS inspection",
            InspectionKind::Sif => "Single inspection (SIF)",
            InspectionKind::FocusedVisit => "Focused visit",
            InspectionKind::MonitoringVisit => "Monitoring visit",
            InspectionKind::Jtai => "Joint targeted area inspection",
            InspectionKind::AnnualEngagementMeeting => "Annual engagement meeting",
        }
    }

    /// Whether this kind of event gives graded judgements.
    pub fn is_graded(self) -> bool {
        matches!(
            self,
            InspectionKind::Standard
                | InspectionKind::Short
                | InspectionKind::Ilacs
                | InspectionKind::Sif
        )
    }

    /// The kind of a graded report, from its framework and days on site: under ILACS up to
    /// 7 calendar days from first to last day is a short inspection and more is standard
    /// (the convention of Data to Insight's ILACS scrape); without dates it is `Ilacs`.
    pub fn of_report(framework: Framework, start: Option<Date>, end: Option<Date>) -> Self {
        match framework {
            Framework::Sif2013 => InspectionKind::Sif,
            Framework::Ilacs2018 | Framework::Ilacs2023 => match (start, end) {
                (Some(s), Some(e)) => {
                    let days = (e - s).get_days();
                    if days <= 7 {
                        InspectionKind::Short
                    } else {
                        InspectionKind::Standard
                    }
                }
                _ => InspectionKind::Ilacs,
            },
        }
    }
}

impl fmt::Display for InspectionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for InspectionKind {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        let key = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        let key = match key.as_str() {
            "aem" | "engagement_meeting" => "annual_engagement_meeting",
            "focused" => "focused_visit",
            "monitoring" => "monitoring_visit",
            other => other,
        };
        InspectionKind::ALL
            .into_iter()
            .find(|k| k.as_str() == key)
            .ok_or_else(|| Error::UnknownValue {
                kind: "inspection kind",
                value: s.to_string(),
                expected: "standard, short, ilacs, sif, focused_visit, monitoring_visit, jtai, \
                           annual_engagement_meeting",
            })
    }
}

/// What a published graded report says, as read from the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// The authority as the report names it ("Leicester City Council").
    pub authority: String,
    /// The framework, told from the judgements.
    pub framework: Framework,
    /// First day on site.
    pub start_date: Option<Date>,
    /// Last day on site.
    pub end_date: Option<Date>,
    /// Publication date, when the report states it (SIF reports do; ILACS reports do not).
    pub published: Option<Date>,
    /// The lead inspector's name.
    pub lead_inspector: Option<String>,
    /// The graded judgements, in the report's order.
    pub judgements: Vec<Judgement>,
    /// ILACS "What needs to improve?" or the local authority's SIF recommendations, in order.
    pub recommendations: Vec<String>,
    /// SIF only: the LSCB's recommendations (`None` when the report has no LSCB review).
    #[serde(default)]
    pub lscb_recommendations: Option<Vec<String>>,
    /// Why no recommendation was read, when none was: the report says there are none, or no
    /// list of them was found (a warning: read the report and add them by hand). Never an
    /// empty list without a reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recommendations_note: Option<String>,
}

impl Report {
    /// The grade given for `area`, if the report judged it.
    pub fn grade(&self, area: Area) -> Option<Grade> {
        self.judgements
            .iter()
            .find(|j| j.area == area)
            .map(|j| j.grade)
    }

    /// The headline grade: overall effectiveness, or, in reports without one (ILACS from
    /// April 2026), the lowest of the local authority's sub-judgements.
    pub fn headline(&self) -> Option<Grade> {
        headline_grade(&self.judgements)
    }
}

/// The headline of a set of judgements: overall effectiveness when given, else the worst
/// graded judgement other than the LSCB review.
pub fn headline_grade(judgements: &[Judgement]) -> Option<Grade> {
    judgements
        .iter()
        .find(|j| j.area == Area::OverallEffectiveness)
        .map(|j| j.grade)
        .or_else(|| {
            judgements
                .iter()
                .filter(|j| j.area != Area::Lscb)
                .map(|j| j.grade)
                .max()
        })
}

/// When the next graded inspection is expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct NextWindow {
    /// Three years after the last graded inspection ended.
    pub anniversary: Date,
    /// Six months before the anniversary.
    pub opens: Date,
    /// Six months after the anniversary.
    pub closes: Date,
    /// What comes next: a short inspection after good or outstanding, a standard one after
    /// requires improvement, monitoring visits (then a standard re-inspection) after inadequate.
    pub expected_kind: InspectionKind,
}

/// The next inspection window after a graded inspection that ended on `last_end`.
///
/// Ofsted inspects "usually between six months before and six months after the three year
/// anniversary of the previous inspection". A 29 February anniversary falls on 28 February.
pub fn next_window(
    last_end: Date,
    _last_kind: InspectionKind,
    headline: Option<Grade>,
) -> NextWindow {
    let anniversary = last_end.saturating_add(3.years());
    let expected_kind = match headline {
        Some(Grade::Outstanding | Grade::Good) => InspectionKind::Short,
        Some(Grade::Inadequate) => InspectionKind::MonitoringVisit,
        Some(Grade::RequiresImprovement) | None => InspectionKind::Standard,
    };
    NextWindow {
        anniversary,
        opens: anniversary.saturating_sub(6.months()),
        closes: anniversary.saturating_add(6.months()),
        expected_kind,
    }
}

/// To whom a recommendation is addressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Addressee {
    /// The local authority.
    LocalAuthority,
    /// The Local Safeguarding Children Board (SIF reviews).
    Lscb,
}

impl Addressee {
    /// The machine name.
    pub fn as_str(self) -> &'static str {
        match self {
            Addressee::LocalAuthority => "local_authority",
            Addressee::Lscb => "lscb",
        }
    }
}

impl FromStr for Addressee {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        match s.trim() {
            "local_authority" => Ok(Addressee::LocalAuthority),
            "lscb" => Ok(Addressee::Lscb),
            _ => Err(Error::UnknownValue {
                kind: "addressee",
                value: s.to_string(),
                expected: "local_authority, lscb",
            }),
        }
    }
}

/// A numbered recommendation of an inspection ("What needs to improve?"), or an area for
/// priority action from a focused visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recommendation {
    /// 1-based, in the report's order, per addressee.
    pub number: u32,
    /// The local authority or the LSCB.
    pub addressee: Addressee,
    /// An area for priority action (needs a swift action plan).
    pub priority: bool,
    /// The recommendation as written.
    pub text: String,
}

impl Recommendation {
    /// Numbers `texts` in order from `first` (1 for a new list).
    pub fn numbered<S: AsRef<str>>(
        texts: &[S],
        addressee: Addressee,
        priority: bool,
        first: u32,
    ) -> Vec<Recommendation> {
        (first..)
            .zip(texts)
            .map(|(number, t)| Recommendation {
                number,
                addressee,
                priority,
                text: t.as_ref().trim().to_string(),
            })
            .collect()
    }
}

/// One event in an authority's inspection journey, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inspection {
    /// The store's id, once recorded.
    pub id: Option<i64>,
    /// The authority inspected.
    pub authority: crate::authority::LaCode,
    /// What kind of event.
    pub kind: InspectionKind,
    /// The framework of a graded report.
    pub framework: Option<Framework>,
    /// First day (the date of a meeting or letter).
    pub start_date: Date,
    /// Last day on site.
    pub end_date: Option<Date>,
    /// Publication date.
    pub published: Option<Date>,
    /// Lead inspector.
    pub lead_inspector: Option<String>,
    /// A summary, for letters and meetings.
    pub summary: Option<String>,
    /// Where it came from (a report's file name).
    pub source: Option<String>,
    /// Graded judgements (none for letters and meetings).
    pub judgements: Vec<Judgement>,
    /// Recommendations, areas for improvement and areas for priority action.
    pub recommendations: Vec<Recommendation>,
}

impl Inspection {
    /// The inspection a parsed report records.
    ///
    /// # Errors
    /// A sentence saying why, when the report gave no inspection dates (the record needs a
    /// start date to be told apart from the authority's other inspections).
    pub fn from_report(
        report: &Report,
        authority: crate::authority::LaCode,
        source: Option<String>,
    ) -> std::result::Result<Inspection, String> {
        let start_date = report
            .start_date
            .ok_or("the report's inspection dates could not be read, so it cannot be recorded")?;
        let mut recommendations =
            Recommendation::numbered(&report.recommendations, Addressee::LocalAuthority, false, 1);
        if let Some(lscb) = &report.lscb_recommendations {
            recommendations.extend(Recommendation::numbered(lscb, Addressee::Lscb, false, 1));
        }
        Ok(Inspection {
            id: None,
            authority,
            kind: InspectionKind::of_report(report.framework, report.start_date, report.end_date),
            framework: Some(report.framework),
            start_date,
            end_date: report.end_date,
            published: report.published,
            lead_inspector: report.lead_inspector.clone(),
            summary: None,
            source,
            judgements: report.judgements.clone(),
            recommendations,
        })
    }

    /// The headline grade (overall effectiveness, or the worst sub-judgement).
    pub fn headline(&self) -> Option<Grade> {
        headline_grade(&self.judgements)
    }

    /// The last day of the event (its start when it had one day).
    pub fn last_day(&self) -> Date {
        self.end_date.unwrap_or(self.start_date)
    }
}

/// An authority's inspections in date order, and when the next graded inspection is due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Journey {
    /// Every event, oldest first.
    pub events: Vec<Inspection>,
    /// The window of the next graded inspection, from the last graded one.
    pub next_window: Option<NextWindow>,
}

/// Orders an authority's inspections and works out the next inspection window.
pub fn journey(mut events: Vec<Inspection>) -> Journey {
    events.sort_by_key(|e| (e.start_date, e.last_day()));
    let next_window = events
        .iter()
        .filter(|e| e.kind.is_graded() && !e.judgements.is_empty())
        .max_by_key(|e| e.last_day())
        .map(|e| next_window(e.last_day(), e.kind, e.headline()));
    Journey {
        events,
        next_window,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn grade_reads_ofsted_wording() {
        assert_eq!(
            "Requires improvement to be good".parse::<Grade>(),
            Ok(Grade::RequiresImprovement)
        );
        assert_eq!(
            "requires_improvement".parse::<Grade>(),
            Ok(Grade::RequiresImprovement)
        );
        assert_eq!(" OUTSTANDING ".parse::<Grade>(), Ok(Grade::Outstanding));
        assert!("satisfactory".parse::<Grade>().is_err());
    }

    #[test]
    fn grades_order_best_first() {
        assert!(Grade::Outstanding < Grade::Inadequate);
        assert_eq!(
            [Grade::Good, Grade::Inadequate, Grade::RequiresImprovement]
                .iter()
                .max(),
            Some(&Grade::Inadequate)
        );
    }

    #[test]
    fn framework_is_told_from_areas() {
        use Area::*;
        assert_eq!(
            Framework::from_areas(&[
                ImpactOfLeaders,
                HelpAndProtection,
                ChildrenInCare,
                CareLeavers
            ]),
            Some(Framework::Ilacs2023)
        );
        assert_eq!(
            Framework::from_areas(&[ImpactOfLeaders, ChildrenInCareAndCareLeavers]),
            Some(Framework::Ilacs2018)
        );
        assert_eq!(
            Framework::from_areas(&[HelpAndProtection, LookedAfterAndPermanence, CareLeavers]),
            Some(Framework::Sif2013)
        );
        assert_eq!(Framework::from_areas(&[OverallEffectiveness]), None);
    }

    #[test]
    fn window_is_six_months_either_side_of_the_third_anniversary() {
        let w = next_window(
            date(2024, 9, 27),
            InspectionKind::Standard,
            Some(Grade::RequiresImprovement),
        );
        assert_eq!(w.anniversary, date(2027, 9, 27));
        assert_eq!(w.opens, date(2027, 3, 27));
        assert_eq!(w.closes, date(2028, 3, 27));
        assert_eq!(w.expected_kind, InspectionKind::Standard);
    }

    #[test]
    fn window_from_a_leap_day_lands_on_28_february() {
        let w = next_window(date(2024, 2, 29), InspectionKind::Short, Some(Grade::Good));
        assert_eq!(w.anniversary, date(2027, 2, 28));
        assert_eq!(w.opens, date(2026, 8, 28));
        assert_eq!(w.closes, date(2027, 8, 28));
        assert_eq!(w.expected_kind, InspectionKind::Short);
    }

    #[test]
    fn window_from_31_august_clamps_to_month_end() {
        // 31 Aug 2027 minus 6 months is 28 Feb 2027 (no 31 Feb), plus 6 months is 29 Feb 2028.
        let w = next_window(
            date(2024, 8, 31),
            InspectionKind::Standard,
            Some(Grade::Inadequate),
        );
        assert_eq!(w.opens, date(2027, 2, 28));
        assert_eq!(w.closes, date(2028, 2, 29));
        assert_eq!(w.expected_kind, InspectionKind::MonitoringVisit);
    }

    #[test]
    fn headline_without_overall_is_the_worst_sub_judgement() {
        let js = [
            Judgement {
                area: Area::ImpactOfLeaders,
                grade: Grade::Good,
            },
            Judgement {
                area: Area::CareLeavers,
                grade: Grade::RequiresImprovement,
            },
            Judgement {
                area: Area::Lscb,
                grade: Grade::Inadequate,
            },
        ];
        assert_eq!(headline_grade(&js), Some(Grade::RequiresImprovement));
        assert_eq!(headline_grade(&[]), None);
    }

    #[test]
    fn short_and_standard_are_told_by_days_on_site() {
        let f = Framework::Ilacs2023;
        assert_eq!(
            InspectionKind::of_report(f, Some(date(2024, 9, 23)), Some(date(2024, 9, 27))),
            InspectionKind::Short
        );
        assert_eq!(
            InspectionKind::of_report(f, Some(date(2024, 4, 22)), Some(date(2024, 5, 3))),
            InspectionKind::Standard
        );
        assert_eq!(
            InspectionKind::of_report(f, None, None),
            InspectionKind::Ilacs
        );
        assert_eq!(
            InspectionKind::of_report(Framework::Sif2013, None, None),
            InspectionKind::Sif
        );
    }

    #[test]
    fn kind_parses_loose_spellings() {
        assert_eq!("focused visit".parse(), Ok(InspectionKind::FocusedVisit));
        assert_eq!("AEM".parse(), Ok(InspectionKind::AnnualEngagementMeeting));
        assert_eq!("JTAI".parse(), Ok(InspectionKind::Jtai));
        assert!("audit".parse::<InspectionKind>().is_err());
    }

    fn graded(
        start: jiff::civil::Date,
        end: jiff::civil::Date,
        kind: InspectionKind,
        overall: Grade,
    ) -> Inspection {
        Inspection {
            id: None,
            authority: crate::authority::LaCode(856),
            kind,
            framework: Some(Framework::Ilacs2023),
            start_date: start,
            end_date: Some(end),
            published: None,
            lead_inspector: None,
            summary: None,
            source: None,
            judgements: vec![Judgement {
                area: Area::OverallEffectiveness,
                grade: overall,
            }],
            recommendations: vec![],
        }
    }

    #[test]
    fn journey_orders_events_and_ignores_ungraded_visits_for_the_window() {
        let visit = Inspection {
            kind: InspectionKind::FocusedVisit,
            judgements: vec![],
            ..graded(
                date(2026, 3, 3),
                date(2026, 3, 4),
                InspectionKind::FocusedVisit,
                Grade::Good,
            )
        };
        let j = journey(vec![
            visit,
            graded(
                date(2024, 9, 23),
                date(2024, 9, 27),
                InspectionKind::Short,
                Grade::RequiresImprovement,
            ),
            graded(
                date(2015, 1, 14),
                date(2015, 2, 4),
                InspectionKind::Sif,
                Grade::Inadequate,
            ),
            graded(
                date(2021, 9, 20),
                date(2021, 10, 1),
                InspectionKind::Standard,
                Grade::Good,
            ),
        ]);
        let grades: Vec<_> = j.events.iter().map(|e| e.headline()).collect();
        assert_eq!(
            grades,
            [
                Some(Grade::Inadequate),
                Some(Grade::Good),
                Some(Grade::RequiresImprovement),
                None
            ]
        );
        let w = j.next_window.expect("a window");
        assert_eq!(w.anniversary, date(2027, 9, 27));
        assert_eq!(w.expected_kind, InspectionKind::Standard);
    }

    #[test]
    fn no_graded_inspection_means_no_window() {
        assert_eq!(journey(vec![]).next_window, None);
    }
}
