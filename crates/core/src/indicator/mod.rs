//! The indicator catalogue (`../shared/design/indicators.md`): every measure Sightline computes
//! from Annex A, with its unit, polarity, basis, definition, numerator and denominator. The ids
//! are a contract with users' exports and reports; targets in a plan name them.
//!
//! [`compute`] turns an extract's accepted rows into [`Observation`]s for every period;
//! [`explain`] lists the rows behind one figure; [`judge`] rates a figure against a target and
//! reads the direction of travel across extracts.

mod breakdown;
mod compute;
mod context;
mod figure;
pub mod judge;
mod period;
mod rows;
mod rules;
pub mod sense;
mod settings;

use serde::Serialize;

pub use compute::{compute, explain};
pub use figure::{
    Breakdown, ChildLevel, Dimension, ExplainError, Explanation, ExtractFigure, Line, Observation,
};
pub use period::{Period, periods};
pub use rows::ExtractRows;
pub use settings::Settings;

/// Which rows of an extract count for an indicator in a period, and how: each definition names
/// its own, so the catalogue cannot hold an entry without one.
type Rows = fn(&context::Ctx<'_>, &Definition, &Period, &mut Vec<compute::Member>);

/// The version of the definitions below. An observation records it, so a figure can be
/// reproduced after a definition changes.
pub const DEFINITION_VERSION: &str = "2026.1";

/// What a figure counts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
pub enum Unit {
    /// A count of rows or children.
    #[serde(rename = "count")]
    Count,
    /// A percentage, 0 to 100, to one decimal place.
    #[serde(rename = "pct")]
    Pct,
    /// A rate per 10,000 children aged 0 to 17.
    #[serde(rename = "per_10k")]
    Per10k,
    /// A mean number of days.
    #[serde(rename = "days")]
    Days,
    /// The median number of days (half the rows took longer, half less).
    #[serde(rename = "median_days")]
    MedianDays,
    /// One count per another (children per worker).
    #[serde(rename = "ratio")]
    Ratio,
}

impl Unit {
    /// The machine name.
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Count => "count",
            Unit::Pct => "pct",
            Unit::Per10k => "per_10k",
            Unit::Days => "days",
            Unit::MedianDays => "median_days",
            Unit::Ratio => "ratio",
        }
    }
}

/// Which way is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    /// Higher is better (timeliness).
    HigherBetter,
    /// Lower is better (repeat plans, drift).
    LowerBetter,
    /// Neither: context for other figures (volumes, rates).
    Context,
}

impl Polarity {
    /// The machine name.
    pub fn as_str(self) -> &'static str {
        match self {
            Polarity::HigherBetter => "higher_better",
            Polarity::LowerBetter => "lower_better",
            Polarity::Context => "context",
        }
    }
}

/// Whether a figure counts things that happened in a period, or the state at the as-at date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// Things that happened in a period: the window and each month it touches.
    Event,
    /// The state at the as-at date.
    Snapshot,
}

/// The board-pack section an indicator sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    /// Contacts and referrals.
    FrontDoor,
    /// Assessments and children in need.
    Assessment,
    /// Section 47 enquiries, conferences and plans.
    ChildProtection,
    /// Children looked after.
    ChildrenInCare,
    /// Care leavers.
    CareLeavers,
    /// Adoption.
    Adoption,
    /// Caseloads and allocation.
    Workforce,
}

impl Group {
    /// Every group, in board-pack order.
    pub const ALL: [Group; 7] = [
        Group::FrontDoor,
        Group::Assessment,
        Group::ChildProtection,
        Group::ChildrenInCare,
        Group::CareLeavers,
        Group::Adoption,
        Group::Workforce,
    ];

    /// The heading.
    pub fn title(self) -> &'static str {
        match self {
            Group::FrontDoor => "Front door",
            Group::Assessment => "Assessment and children in need",
            Group::ChildProtection => "Child protection",
            Group::ChildrenInCare => "Children in care",
            Group::CareLeavers => "Care leavers",
            Group::Adoption => "Adoption",
            Group::Workforce => "Workforce",
        }
    }
}

/// One indicator of the catalogue.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Definition {
    /// The stable id.
    pub id: &'static str,
    /// The title shown to users.
    pub title: &'static str,
    /// What the figure counts in.
    pub unit: Unit,
    /// Which way is better.
    pub polarity: Polarity,
    /// Event or snapshot.
    pub basis: Basis,
    /// Board-pack section.
    pub group: Group,
    /// The Annex A list it is computed from (the first, where several).
    pub list: u8,
    /// The paragraph shown to users.
    pub definition: &'static str,
    /// What the numerator counts.
    pub numerator: &'static str,
    /// What the denominator counts (empty for a count).
    pub denominator: &'static str,
    /// The settings that change the figure (shown beside it).
    pub settings: &'static [&'static str],
    /// What the per-row measure is, where one decides the row (working days elapsed).
    pub measure: Option<&'static str>,
    /// The columns that decide a row, shown when explaining a figure.
    pub fields: &'static [&'static str],
    /// For a rate per 10,000: the count it is the rate of.
    pub rate_of: Option<&'static str>,
    /// Its computation (a rate's is its count's).
    #[serde(skip)]
    rows: Rows,
}

/// Measures boards ask for that Annex A cannot give, each with why, so the catalogue says so
/// rather than leaving them out: (group, measure, why).
pub static NOT_FROM_ANNEX_A: &[(Group, &str, &str)] = &[
    (
        Group::ChildrenInCare,
        "Children in care in education, employment or training",
        "List 8 has no education or activity field; the school census and the virtual school hold it",
    ),
    (
        Group::ChildrenInCare,
        "Return home interviews per missing episode",
        "List 8 gives the number of episodes but records the offer and acceptance of the last interview only, so interviews per episode cannot be counted",
    ),
    (
        Group::CareLeavers,
        "England's and the neighbours' figures for care leavers aged 19 to 21",
        "the measures are computed (care_leavers_19_21_*), but no DfE care leavers table is shipped with Sightline: load one with `indicators benchmark load`",
    ),
    (
        Group::Workforce,
        "Agency social workers, vacancies and supervision",
        "not in Annex A: the workforce return and HR data (issue 17)",
    ),
];

/// The catalogue, in board-pack order within the order of `indicators.md`.
pub static CATALOGUE: &[Definition] = &[
    Definition {
        id: "contacts",
        title: "Contacts",
        unit: Unit::Count,
        polarity: Polarity::Context,
        basis: Basis::Event,
        group: Group::FrontDoor,
        list: 1,
        definition: "Rows in List 1 with a Date of Contact in the period.",
        numerator: "contacts",
        denominator: "",
        settings: &[],
        measure: None,
        fields: &["Date of Contact", "Contact Source"],
        rate_of: None,
        rows: rules::front_door::contacts,
    },
    Definition {
        id: "contacts_per_10k",
        title: "Contacts per 10,000 children",
        unit: Unit::Per10k,
        polarity: Polarity::Context,
        basis: Basis::Event,
        group: Group::FrontDoor,
        list: 1,
        definition: "Contacts in the period per 10,000 children aged 0 to 17 (the population setting).",
        numerator: "contacts",
        denominator: "population aged 0 to 17",
        settings: &["population"],
        measure: None,
        fields: &["Date of Contact", "Contact Source"],
        rate_of: Some("contacts"),
        rows: rules::front_door::contacts,
    },
    Definition {
        id: "contact_children_referred_pct",
        title: "Children contacted who were referred",
        unit: Unit::Pct,
        polarity: Polarity::Context,
        basis: Basis::Event,
        group: Group::FrontDoor,
        list: 1,
        definition: "Of the distinct children with a contact in the period, the percentage who also have a referral (List 3) dated in the same period.",
        numerator: "children with a contact and a referral in the period",
        denominator: "children with a contact in the period",
        settings: &[],
        measure: None,
        fields: &["Date of Contact"],
        rate_of: None,
        rows: rules::front_door::contact_children_referred_pct,
    },
    Definition {
        id: "referrals",
        title: "Referrals",
        unit: Unit::Count,
        polarity: Polarity::Context,
        basis: Basis::Event,
        group: Group::FrontDoor,
        list: 3,
        definition: "Rows in List 3 with a Date of Referral in the period.",
        numerator: "referrals",
        denominator: "",
        settings: &[],
        measure: None,
        fields: &["Date of referral", "Referral Source"],
        rate_of: None,
        rows: rules::front_door::referrals,
    },
    Definition {
        id: "referrals_per_10k",
        title: "Referrals per 10,000 children",
        unit: Unit::Per10k,
        polarity: Polarity::Context,
        basis: Basis::Event,
        group: Group::FrontDoor,
        list: 3,
        definition: "Referrals in the period per 10,000 children aged 0 to 17 (the population setting).",
        numerator: "referrals",
        denominator: "population aged 0 to 17",
        settings: &["population"],
        measure: None,
        fields: &["Date of referral"],
        rate_of: Some("referrals"),
        rows: rules::front_door::referrals,
    },
    Definition {
        id: "re_referrals_12m_pct",
        title: "Re-referrals within 12 months",
        unit: Unit::Pct,
        polarity: Polarity::LowerBetter,
        basis: Basis::Event,
        group: Group::FrontDoor,
        list: 3,
        definition: "Of referrals in the period, the percentage where the child had another referral in the 12 months before it: seen from the List 3 rows themselves where both are in the list, otherwise from the Number of Referrals in Last 12 Months on the child's latest referral, beyond the referrals the list shows.",
        numerator: "referrals with an earlier referral in the 12 months before",
        denominator: "referrals in the period",
        settings: &[],
        measure: None,
        fields: &["Date of referral", "Number of Referrals in Last 12 Months"],
        rate_of: None,
        rows: rules::front_door::re_referrals_12m_pct,
    },
    Definition {
        id: "referrals_nfa_pct",
        title: "Referrals ending in no further action",
        unit: Unit::Pct,
        polarity: Polarity::Context,
        basis: Basis::Event,
        group: Group::FrontDoor,
        list: 3,
        definition: "Of referrals in the period, the percentage marked Referral NFA = Yes.",
        numerator: "referrals marked NFA",
        denominator: "referrals in the period with NFA recorded",
        settings: &[],
        measure: None,
        fields: &["Date of referral", "Referral NFA?"],
        rate_of: None,
        rows: rules::front_door::referrals_nfa_pct,
    },
    Definition {
        id: "assessments_completed",
        title: "Assessments completed",
        unit: Unit::Count,
        polarity: Polarity::Context,
        basis: Basis::Event,
        group: Group::Assessment,
        list: 4,
        definition: "Rows in List 4 authorised in the period.",
        numerator: "assessments authorised",
        denominator: "",
        settings: &[],
        measure: None,
        fields: &[
            "Continuous Assessment Start Date",
            "Continuous Assessment Date of Authorisation",
        ],
        rate_of: None,
        rows: rules::assessment::assessments_completed,
    },
    Definition {
        id: "assessments_within_45wd_pct",
        title: "Assessments completed within 45 working days",
        unit: Unit::Pct,
        polarity: Polarity::HigherBetter,
        basis: Basis::Event,
        group: Group::Assessment,
        list: 4,
        definition: "Of assessments authorised in the period, the percentage with 45 or fewer working days elapsed from the start to the authorisation (working days exclude weekends and England and Wales bank holidays; the start day does not count).",
        numerator: "assessments authorised within 45 working days",
        denominator: "assessments authorised in the period",
        settings: &[],
        measure: Some("working days from start to authorisation"),
        fields: &[
            "Continuous Assessment Start Date",
            "Continuous Assessment Date of Authorisation",
        ],
        rate_of: None,
        rows: rules::assessment::assessments_within_45wd_pct,
    },
    Definition {
        id: "contact_to_assessment_within_45wd_pct",
        title: "Assessments completed within 45 working days of the contact",
        unit: Unit::Pct,
        polarity: Polarity::HigherBetter,
        basis: Basis::Event,
        group: Group::Assessment,
        list: 4,
        definition: "Of assessments authorised in the period whose child has a contact in List 1 on or before the assessment started, the percentage authorised within 45 working days of that contact (the latest before the start): the child's wait from the front door, not only the assessment's own clock.",
        numerator: "assessments authorised within 45 working days of the contact",
        denominator: "assessments authorised in the period with a contact before them",
        settings: &[],
        measure: Some("working days from the contact to authorisation"),
        fields: &[
            "Continuous Assessment Start Date",
            "Continuous Assessment Date of Authorisation",
        ],
        rate_of: None,
        rows: rules::assessment::contact_to_assessment_within_45wd_pct,
    },
    Definition {
        id: "contact_to_assessment_avg_wd",
        title: "Average working days from contact to completed assessment",
        unit: Unit::Days,
        polarity: Polarity::LowerBetter,
        basis: Basis::Event,
        group: Group::Assessment,
        list: 4,
        definition: "Of assessments authorised in the period whose child has a contact in List 1 on or before the assessment started, the mean working days from that contact (the latest before the start) to the authorisation. The median is contact_to_assessment_median_wd.",
        numerator: "working days from contact to authorisation, summed",
        denominator: "assessments authorised in the period with a contact before them",
        settings: &[],
        measure: Some("working days from the contact to authorisation"),
        fields: &[
            "Continuous Assessment Start Date",
            "Continuous Assessment Date of Authorisation",
        ],
        rate_of: None,
        rows: rules::assessment::contact_to_assessment_wd,
    },
    Definition {
        id: "contact_to_assessment_median_wd",
        title: "Median working days from contact to completed assessment",
        unit: Unit::MedianDays,
        polarity: Polarity::LowerBetter,
        basis: Basis::Event,
        group: Group::Assessment,
        list: 4,
        definition: "Of assessments authorised in the period whose child has a contact in List 1 on or before the assessment started, the median working days from that contact (the latest before the start) to the authorisation: half the children waited longer, half less.",
        numerator: "working days from contact to authorisation, summed (the value is their median)",
        denominator: "assessments authorised in the period with a contact before them",
        settings: &[],
        measure: Some("working days from the contact to authorisation"),
        fields: &[
            "Continuous Assessment Start Date",
            "Continuous Assessment Date of Authorisation",
        ],
        rate_of: None,
        rows: rules::assessment::contact_to_assessment_wd,
    },
    Definition {
        id: "assessments_open_over_45wd",
        title: "Open assessments over 45 working days",
        unit: Unit::Count,
        polarity: Polarity::LowerBetter,
        basis: Basis::Snapshot,
        group: Group::Assessment,
        list: 4,
        definition: "Assessments not authorised at the as-at date with more than 45 working days elapsed since they started.",
        numerator: "open assessments over 45 working days",
        denominator: "",
        settings: &[],
        measure: Some("working days open at the as-at date"),
        fields: &[
            "Continuous Assessment Start Date",
            "Continuous Assessment Date of Authorisation",
        ],
        rate_of: None,
        rows: rules::assessment::assessments_open_over_45wd,
    },
    Definition {
        id: "assessments_no_further_support_pct",
        title: "Assessments finding no need for social care support",
        unit: Unit::Pct,
        polarity: Polarity::Context,
        basis: Basis::Event,
        group: Group::Assessment,
        list: 4,
        definition: "Of assessments authorised in the period, the percentage where the child was not assessed as requiring children's social care support.",
        numerator: "assessments with no further support",
        denominator: "assessments authorised in the period with the outcome recorded",
        settings: &[],
        measure: None,
        fields: &[
            "Continuous Assessment Date of Authorisation",
            "Was the child assessed as requiring LA children's social care support",
        ],
        rate_of: None,
        rows: rules::assessment::assessments_no_further_support_pct,
    },
    Definition {
        id: "s47_enquiries",
        title: "Section 47 enquiries",
        unit: Unit::Count,
        polarity: Polarity::Context,
        basis: Basis::Event,
        group: Group::ChildProtection,
        list: 5,
        definition: "Rows in List 5 with a strategy discussion (starting the enquiry) in the period.",
        numerator: "section 47 enquiries",
        denominator: "",
        settings: &[],
        measure: None,
        fields: &["Strategy discussion initiating Section 47 Enquiry Start Date"],
        rate_of: None,
        rows: rules::child_protection::s47_enquiries,
    },
    Definition {
        id: "s47_per_10k",
        title: "Section 47 enquiries per 10,000 children",
        unit: Unit::Per10k,
        polarity: Polarity::Context,
        basis: Basis::Event,
        group: Group::ChildProtection,
        list: 5,
        definition: "Section 47 enquiries in the period per 10,000 children aged 0 to 17 (the population setting).",
        numerator: "section 47 enquiries",
        denominator: "population aged 0 to 17",
        settings: &["population"],
        measure: None,
        fields: &["Strategy discussion initiating Section 47 Enquiry Start Date"],
        rate_of: Some("s47_enquiries"),
        rows: rules::child_protection::s47_enquiries,
    },
    Definition {
        id: "icpcs",
        title: "Initial child protection conferences",
        unit: Unit::Count,
        polarity: Polarity::Context,
        basis: Basis::Event,
        group: Group::ChildProtection,
        list: 5,
        definition: "Rows in List 5 with an initial child protection conference dated in the period.",
        numerator: "ICPCs",
        denominator: "",
        settings: &[],
        measure: None,
        fields: &["Date of Initial Child Protection Conference"],
        rate_of: None,
        rows: rules::child_protection::icpcs,
    },
    Definition {
        id: "icpc_within_15wd_pct",
        title: "ICPCs within 15 working days",
        unit: Unit::Pct,
        polarity: Polarity::HigherBetter,
        basis: Basis::Event,
        group: Group::ChildProtection,
        list: 5,
        definition: "Of ICPCs held in the period, the percentage with 15 or fewer working days elapsed from the strategy discussion to the conference.",
        numerator: "ICPCs within 15 working days",
        denominator: "ICPCs in the period",
        settings: &[],
        measure: Some("working days from strategy discussion to ICPC"),
        fields: &[
            "Strategy discussion initiating Section 47 Enquiry Start Date",
            "Date of Initial Child Protection Conference",
        ],
        rate_of: None,
        rows: rules::child_protection::icpc_within_15wd_pct,
    },
    Definition {
        id: "icpc_to_cp_plan_pct",
        title: "ICPCs resulting in a child protection plan",
        unit: Unit::Pct,
        polarity: Polarity::Context,
        basis: Basis::Event,
        group: Group::ChildProtection,
        list: 5,
        definition: "Of ICPCs held in the period, the percentage that resulted in a child protection plan.",
        numerator: "ICPCs resulting in a plan",
        denominator: "ICPCs in the period with the outcome recorded",
        settings: &[],
        measure: None,
        fields: &[
            "Date of Initial Child Protection Conference",
            "Did the Initial Child Protection Conference Result in a Child Protection Plan",
        ],
        rate_of: None,
        rows: rules::child_protection::icpc_to_cp_plan_pct,
    },
    Definition {
        id: "cin_open",
        title: "Children in need",
        unit: Unit::Count,
        polarity: Polarity::Context,
        basis: Basis::Snapshot,
        group: Group::Assessment,
        list: 6,
        definition: "Distinct children in List 6 open at the as-at date: started on or before it, with no closure date or one after it.",
        numerator: "children in need",
        denominator: "",
        settings: &[],
        measure: None,
        fields: &["CIN Start Date", "CIN Closure Date", "Case status"],
        rate_of: None,
        rows: rules::assessment::cin_open,
    },
    Definition {
        id: "cin_per_10k",
        title: "Children in need per 10,000 children",
        unit: Unit::Per10k,
        polarity: Polarity::Context,
        basis: Basis::Snapshot,
        group: Group::Assessment,
        list: 6,
        definition: "Children in need at the as-at date per 10,000 children aged 0 to 17 (the population setting).",
        numerator: "children in need",
        denominator: "population aged 0 to 17",
        settings: &["population"],
        measure: None,
        fields: &["CIN Start Date", "CIN Closure Date"],
        rate_of: Some("cin_open"),
        rows: rules::assessment::cin_open,
    },
    Definition {
        id: "cin_seen_in_timescale_pct",
        title: "Children in need seen within the visit standard",
        unit: Unit::Pct,
        polarity: Polarity::HigherBetter,
        basis: Basis::Snapshot,
        group: Group::Assessment,
        list: 6,
        definition: "Of children in need at the as-at date, the percentage last seen within the CIN visit standard of the as-at date.",
        numerator: "children seen within the standard",
        denominator: "children in need with a date last seen",
        settings: &["cin_visit_days"],
        measure: Some("days since last seen"),
        fields: &["Date Child Was Last Seen"],
        rate_of: None,
        rows: rules::assessment::cin_seen_in_timescale_pct,
    },
    Definition {
        id: "cp_plans_open",
        title: "Child protection plans",
        unit: Unit::Count,
        polarity: Polarity::Context,
        basis: Basis::Snapshot,
        group: Group::ChildProtection,
        list: 7,
        definition: "Plans in List 7 open at the as-at date: started on or before it, with no end date or one after it.",
        numerator: "open plans",
        denominator: "",
        settings: &[],
        measure: None,
        fields: &[
            "Child Protection Plan Start Date",
            "Child Protection Plan End Date",
        ],
        rate_of: None,
        rows: rules::child_protection::cp_plans_open,
    },
    Definition {
        id: "cp_per_10k",
        title: "Child protection plans per 10,000 children",
        unit: Unit::Per10k,
        polarity: Polarity::Context,
        basis: Basis::Snapshot,
        group: Group::ChildProtection,
        list: 7,
        definition: "Open child protection plans at the as-at date per 10,000 children aged 0 to 17 (the population setting).",
        numerator: "open plans",
        denominator: "population aged 0 to 17",
        settings: &["population"],
        measure: None,
        fields: &[
            "Child Protection Plan Start Date",
            "Child Protection Plan End Date",
        ],
        rate_of: Some("cp_plans_open"),
        rows: rules::child_protection::cp_plans_open,
    },
    Definition {
        id: "cp_plans_started",
        title: "Child protection plans started",
        unit: Unit::Count,
        polarity: Polarity::Context,
        basis: Basis::Event,
        group: Group::ChildProtection,
        list: 7,
        definition: "Plans in List 7 starting in the period.",
        numerator: "plans started",
        denominator: "",
        settings: &[],
        measure: None,
        fields: &["Child Protection Plan Start Date"],
        rate_of: None,
        rows: rules::child_protection::cp_plans_started,
    },
    Definition {
        id: "cp_repeat_plans_pct",
        title: "Repeat child protection plans",
        unit: Unit::Pct,
        polarity: Polarity::LowerBetter,
        basis: Basis::Event,
        group: Group::ChildProtection,
        list: 7,
        definition: "Of plans started in the period, the percentage where the child had been on a plan before (Number of Previous Child Protection Plans above 0), however long ago.",
        numerator: "plans for children with a previous plan",
        denominator: "plans started in the period",
        settings: &[],
        measure: None,
        fields: &[
            "Child Protection Plan Start Date",
            "Number of Previous Child Protection Plans",
        ],
        rate_of: None,
        rows: rules::child_protection::cp_repeat_plans_pct,
    },
    Definition {
        id: "cp_plans_ended_2y_plus_pct",
        title: "Plans ending that lasted two years or more",
        unit: Unit::Pct,
        polarity: Polarity::LowerBetter,
        basis: Basis::Event,
        group: Group::ChildProtection,
        list: 7,
        definition: "Of plans ended in the period, the percentage that had lasted two years or more (a plan ending on its second anniversary has lasted two years).",
        numerator: "plans that lasted 2 years or more",
        denominator: "plans ended in the period",
        settings: &[],
        measure: Some("days the plan lasted"),
        fields: &[
            "Child Protection Plan Start Date",
            "Child Protection Plan End Date",
        ],
        rate_of: None,
        rows: rules::child_protection::cp_plans_ended_2y_plus_pct,
    },
    Definition {
        id: "cp_plans_open_over_1y_pct",
        title: "Open plans lasting over a year",
        unit: Unit::Pct,
        polarity: Polarity::LowerBetter,
        basis: Basis::Snapshot,
        group: Group::ChildProtection,
        list: 7,
        definition: "Of child protection plans open at the as-at date, the percentage that started more than a year (365 days) before it: plans that may have drifted.",
        numerator: "open plans started more than 365 days before the as-at date",
        denominator: "open plans with a start date",
        settings: &[],
        measure: Some("days on the plan"),
        fields: &["Child Protection Plan Start Date"],
        rate_of: None,
        rows: rules::child_protection::cp_plans_open_over_1y_pct,
    },
    Definition {
        id: "cp_plans_open_over_2y_pct",
        title: "Open plans lasting over two years",
        unit: Unit::Pct,
        polarity: Polarity::LowerBetter,
        basis: Basis::Snapshot,
        group: Group::ChildProtection,
        list: 7,
        definition: "Of child protection plans open at the as-at date, the percentage that started more than two years (730 days) before it.",
        numerator: "open plans started more than 730 days before the as-at date",
        denominator: "open plans with a start date",
        settings: &[],
        measure: Some("days on the plan"),
        fields: &["Child Protection Plan Start Date"],
        rate_of: None,
        rows: rules::child_protection::cp_plans_open_over_2y_pct,
    },
    Definition {
        id: "cp_plan_length_median_days",
        title: "Median length of plans ending",
        unit: Unit::MedianDays,
        polarity: Polarity::Context,
        basis: Basis::Event,
        group: Group::ChildProtection,
        list: 7,
        definition: "Of child protection plans ending in the period, the median days from start to end: half lasted longer, half less. Context: a short plan can be good work or a plan ended too soon.",
        numerator: "days on the plan, summed (the value is their median)",
        denominator: "plans ending in the period with a start date",
        settings: &[],
        measure: Some("days on the plan"),
        fields: &[
            "Child Protection Plan Start Date",
            "Child Protection Plan End Date",
        ],
        rate_of: None,
        rows: rules::child_protection::cp_plan_length_median_days,
    },
    Definition {
        id: "cp_visited_in_timescale_pct",
        title: "Children on plans visited within the standard",
        unit: Unit::Pct,
        polarity: Polarity::HigherBetter,
        basis: Basis::Snapshot,
        group: Group::ChildProtection,
        list: 7,
        definition: "Of open plans at the as-at date, the percentage whose last statutory visit was within the CP visit standard (working days) of the as-at date.",
        numerator: "plans visited within the standard",
        denominator: "open plans with a last visit date",
        settings: &["cp_visit_working_days"],
        measure: Some("working days since the last visit"),
        fields: &["Date of the Last Statutory Visit"],
        rate_of: None,
        rows: rules::child_protection::cp_visited_in_timescale_pct,
    },
    Definition {
        id: "cp_seen_alone_pct",
        title: "Children on plans seen alone",
        unit: Unit::Pct,
        polarity: Polarity::HigherBetter,
        basis: Basis::Snapshot,
        group: Group::ChildProtection,
        list: 7,
        definition: "Of open plans at the as-at date, the percentage where the child was seen alone at the last visit.",
        numerator: "children seen alone",
        denominator: "open plans with seen-alone recorded",
        settings: &[],
        measure: None,
        fields: &["Was the Child Seen Alone?"],
        rate_of: None,
        rows: rules::child_protection::cp_seen_alone_pct,
    },
    Definition {
        id: "cp_reviews_in_timescale_pct",
        title: "Child protection reviews in timescale",
        unit: Unit::Pct,
        polarity: Polarity::HigherBetter,
        basis: Basis::Snapshot,
        group: Group::ChildProtection,
        list: 7,
        definition: "Of open plans at the as-at date, the percentage whose review is not overdue: the first review within the first-review standard of the plan's start (when no review is recorded), then each within the review standard of the last.",
        numerator: "plans with reviews in timescale",
        denominator: "open plans",
        settings: &["cp_first_review_months", "cp_review_months"],
        measure: Some("days until the next review is due (negative: overdue)"),
        fields: &[
            "Child Protection Plan Start Date",
            "Date of latest review conference",
        ],
        rate_of: None,
        rows: rules::child_protection::cp_reviews_in_timescale_pct,
    },
    Definition {
        id: "cla_open",
        title: "Children looked after",
        unit: Unit::Count,
        polarity: Polarity::Context,
        basis: Basis::Snapshot,
        group: Group::ChildrenInCare,
        list: 8,
        definition: "Distinct children in List 8 looked after at the as-at date: started on or before it, not ceased by it.",
        numerator: "children looked after",
        denominator: "",
        settings: &[],
        measure: None,
        fields: &[
            "Date Started to be Looked After",
            "Date Ceased to be Looked After",
        ],
        rate_of: None,
        rows: rules::children_in_care::cla_open,
    },
    Definition {
        id: "cla_per_10k",
        title: "Children looked after per 10,000 children",
        unit: Unit::Per10k,
        polarity: Polarity::Context,
        basis: Basis::Snapshot,
        group: Group::ChildrenInCare,
        list: 8,
        definition: "Children looked after at the as-at date per 10,000 children aged 0 to 17 (the population setting).",
        numerator: "children looked after",
        denominator: "population aged 0 to 17",
        settings: &["population"],
        measure: None,
        fields: &[
            "Date Started to be Looked After",
            "Date Ceased to be Looked After",
        ],
        rate_of: Some("cla_open"),
        rows: rules::children_in_care::cla_open,
    },
    Definition {
        id: "cla_started",
        title: "Children starting to be looked after",
        unit: Unit::Count,
        polarity: Polarity::Context,
        basis: Basis::Event,
        group: Group::ChildrenInCare,
        list: 8,
        definition: "Periods of care (child and start date) starting in the period.",
        numerator: "periods of care started",
        denominator: "",
        settings: &[],
        measure: None,
        fields: &["Date Started to be Looked After"],
        rate_of: None,
        rows: rules::children_in_care::cla_started_or_ceased,
    },
    Definition {
        id: "cla_ceased",
        title: "Children ceasing to be looked after",
        unit: Unit::Count,
        polarity: Polarity::Context,
        basis: Basis::Event,
        group: Group::ChildrenInCare,
        list: 8,
        definition: "Periods of care (child and date ceased) ceasing in the period.",
        numerator: "periods of care ceased",
        denominator: "",
        settings: &[],
        measure: None,
        fields: &[
            "Date Ceased to be Looked After",
            "Reason Ceased to be Looked After",
        ],
        rate_of: None,
        rows: rules::children_in_care::cla_started_or_ceased,
    },
    Definition {
        id: "cla_3plus_placements_pct",
        title: "Children looked after with 3 or more placements",
        unit: Unit::Pct,
        polarity: Polarity::LowerBetter,
        basis: Basis::Snapshot,
        group: Group::ChildrenInCare,
        list: 8,
        definition: "Of children looked after at the as-at date, the percentage with 3 or more placements in the last 12 months.",
        numerator: "children with 3 or more placements",
        denominator: "children looked after with a placement count",
        settings: &[],
        measure: None,
        fields: &["Number of Placements in the Last 12 months"],
        rate_of: None,
        rows: rules::children_in_care::cla_3plus_placements_pct,
    },
    Definition {
        id: "cla_long_term_stability_pct",
        title: "Long-term placement stability",
        unit: Unit::Pct,
        polarity: Polarity::HigherBetter,
        basis: Basis::Snapshot,
        group: Group::ChildrenInCare,
        list: 8,
        definition: "Of children looked after aged under 16 at the as-at date who have been looked after for 2.5 years or more, the percentage whose current placement started 2 years or more before the as-at date (DfE's thresholds; the years are a setting, stability_years).",
        numerator: "children in the same placement for 2 years or more",
        denominator: "children under 16 looked after for 2.5 years or more",
        settings: &["stability_years"],
        measure: Some("days in the current placement"),
        fields: &[
            "Date of Birth",
            "Date Started to be Looked After",
            "Start Date of Most Recent Placement",
        ],
        rate_of: None,
        rows: rules::children_in_care::cla_long_term_stability_pct,
    },
    Definition {
        id: "cla_reviews_in_timescale_pct",
        title: "Children looked after reviewed in timescale",
        unit: Unit::Pct,
        polarity: Polarity::HigherBetter,
        basis: Basis::Snapshot,
        group: Group::ChildrenInCare,
        list: 8,
        definition: "Of children looked after at the as-at date, the percentage whose latest statutory review is within the CLA review standard of the as-at date. Children in care for under 20 working days are excluded; a child in care longer with no review recorded is not in timescale.",
        numerator: "children with a review in timescale",
        denominator: "children looked after for 20 working days or more",
        settings: &["cla_review_months"],
        measure: Some("days since the latest review"),
        fields: &[
            "Date Started to be Looked After",
            "Date of Latest Statutory Review",
        ],
        rate_of: None,
        rows: rules::children_in_care::cla_reviews_in_timescale_pct,
    },
    Definition {
        id: "cla_visited_in_timescale_pct",
        title: "Children looked after visited within the standard",
        unit: Unit::Pct,
        polarity: Polarity::HigherBetter,
        basis: Basis::Snapshot,
        group: Group::ChildrenInCare,
        list: 8,
        definition: "Of children looked after at the as-at date, the percentage with a social work visit within the CLA visit standard of the as-at date.",
        numerator: "children visited within the standard",
        denominator: "children looked after with a visit date",
        settings: &["cla_visit_days"],
        measure: Some("days since the last visit"),
        fields: &["Date of Last Social Work Visit"],
        rate_of: None,
        rows: rules::children_in_care::cla_visited_in_timescale_pct,
    },
    Definition {
        id: "cla_health_assessment_in_date_pct",
        title: "Health assessments in date",
        unit: Unit::Pct,
        polarity: Polarity::HigherBetter,
        basis: Basis::Snapshot,
        group: Group::ChildrenInCare,
        list: 8,
        definition: "Of children looked after for 12 months or more at the as-at date, the percentage with a health assessment within 6 months (under 5) or 12 months (5 and over).",
        numerator: "children with a health assessment in date",
        denominator: "children looked after 12 months or more with a health assessment date",
        settings: &[],
        measure: Some("days since the last health assessment"),
        fields: &[
            "Date of Birth",
            "Date Started to be Looked After",
            "Date of Last Health Assessment",
        ],
        rate_of: None,
        rows: rules::children_in_care::cla_health_or_dental_in_date,
    },
    Definition {
        id: "cla_dental_check_in_date_pct",
        title: "Dental checks in date",
        unit: Unit::Pct,
        polarity: Polarity::HigherBetter,
        basis: Basis::Snapshot,
        group: Group::ChildrenInCare,
        list: 8,
        definition: "Of children looked after for 12 months or more at the as-at date, the percentage with a dental check within 12 months.",
        numerator: "children with a dental check in date",
        denominator: "children looked after 12 months or more with a dental check date",
        settings: &[],
        measure: Some("days since the last dental check"),
        fields: &[
            "Date Started to be Looked After",
            "Date of Last Dental Check",
        ],
        rate_of: None,
        rows: rules::children_in_care::cla_health_or_dental_in_date,
    },
    Definition {
        id: "cla_missing_pct",
        title: "Children looked after who went missing",
        unit: Unit::Pct,
        polarity: Polarity::LowerBetter,
        basis: Basis::Snapshot,
        group: Group::ChildrenInCare,
        list: 8,
        definition: "Of children looked after at the as-at date, the percentage with at least one missing episode in the last 12 months.",
        numerator: "children with a missing episode",
        denominator: "children looked after with a missing count",
        settings: &[],
        measure: None,
        fields: &[
            "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months",
        ],
        rate_of: None,
        rows: rules::children_in_care::cla_missing_pct,
    },
    Definition {
        id: "cla_return_interview_offered_pct",
        title: "Return interviews offered",
        unit: Unit::Pct,
        polarity: Polarity::HigherBetter,
        basis: Basis::Snapshot,
        group: Group::ChildrenInCare,
        list: 8,
        definition: "Of children looked after with a missing episode in the last 12 months, the percentage offered a return interview after the last one.",
        numerator: "children offered a return interview",
        denominator: "children with a missing episode and the offer recorded",
        settings: &[],
        measure: None,
        fields: &[
            "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months",
            "Was the child offered a Return Interview after their last missing episode (Y/N)?",
        ],
        rate_of: None,
        rows: rules::children_in_care::cla_return_interview_offered_pct,
    },
    Definition {
        id: "cla_return_interview_accepted_pct",
        title: "Return interviews accepted",
        unit: Unit::Pct,
        polarity: Polarity::HigherBetter,
        basis: Basis::Snapshot,
        group: Group::ChildrenInCare,
        list: 8,
        definition: "Of children offered a return interview after their last missing episode, the percentage who accepted.",
        numerator: "children who accepted",
        denominator: "children offered with acceptance recorded",
        settings: &[],
        measure: None,
        fields: &[
            "Was the child offered a Return Interview after their last missing episode (Y/N)?",
            "Did the child accept a Return Interview after their last missing episode (Y/N)?",
        ],
        rate_of: None,
        rows: rules::children_in_care::cla_return_interview_accepted_pct,
    },
    Definition {
        id: "cla_placed_out_of_area_pct",
        title: "Children looked after placed out of area",
        unit: Unit::Pct,
        polarity: Polarity::LowerBetter,
        basis: Basis::Snapshot,
        group: Group::ChildrenInCare,
        list: 8,
        definition: "Of children looked after at the as-at date, the percentage whose placement location is outside the authority.",
        numerator: "children placed out of area",
        denominator: "children looked after with a placement location",
        settings: &[],
        measure: None,
        fields: &["Placement Location", "LA of Placement"],
        rate_of: None,
        rows: rules::children_in_care::cla_placed_out_of_area_pct,
    },
    Definition {
        id: "cla_16_17_unregulated_pct",
        title: "16 and 17 year olds looked after in independent or semi-independent living",
        unit: Unit::Pct,
        polarity: Polarity::LowerBetter,
        basis: Basis::Snapshot,
        group: Group::ChildrenInCare,
        list: 8,
        definition: "Of children looked after aged 16 or 17 at the as-at date, the percentage whose placement type is independent living (P2) or semi-independent living not subject to children's homes regulations (H5): settings Ofsted did not regulate before supported accommodation was registered.",
        numerator: "16 and 17 year olds placed in P2 or H5",
        denominator: "16 and 17 year olds looked after with a placement type",
        settings: &[],
        measure: None,
        fields: &["Placement Type", "Date of Birth"],
        rate_of: None,
        rows: rules::children_in_care::cla_16_17_unregulated_pct,
    },
    Definition {
        id: "cla_under_16_unregulated",
        title: "Children under 16 placed in independent or semi-independent living",
        unit: Unit::Count,
        polarity: Polarity::LowerBetter,
        basis: Basis::Snapshot,
        group: Group::ChildrenInCare,
        list: 8,
        definition: "Children looked after under 16 at the as-at date whose placement type is independent living (P2) or semi-independent living not subject to children's homes regulations (H5). Unlawful since September 2021: every one is an exception.",
        numerator: "children under 16 placed in P2 or H5",
        denominator: "",
        settings: &[],
        measure: None,
        fields: &["Placement Type", "Date of Birth"],
        rate_of: None,
        rows: rules::children_in_care::cla_under_16_unregulated,
    },
    Definition {
        id: "care_leavers_in_touch_pct",
        title: "Care leavers in touch",
        unit: Unit::Pct,
        polarity: Polarity::HigherBetter,
        basis: Basis::Snapshot,
        group: Group::CareLeavers,
        list: 9,
        definition: "Of care leavers aged 17 to 21 at the as-at date, the percentage the authority is in touch with. Care leavers who have died are excluded.",
        numerator: "care leavers in touch",
        denominator: "care leavers aged 17 to 21",
        settings: &[],
        measure: None,
        fields: &["Date of Birth", "LA in Touch"],
        rate_of: None,
        rows: rules::care_leavers::care_leavers_in_touch_pct,
    },
    Definition {
        id: "care_leavers_suitable_accommodation_pct",
        title: "Care leavers in suitable accommodation",
        unit: Unit::Pct,
        polarity: Polarity::HigherBetter,
        basis: Basis::Snapshot,
        group: Group::CareLeavers,
        list: 9,
        definition: "Of care leavers aged 17 to 21, the percentage in accommodation recorded as suitable; the denominator is everyone in the age band (blank suitability counts as not suitable). Care leavers who have died are excluded.",
        numerator: "care leavers in suitable accommodation",
        denominator: "care leavers aged 17 to 21",
        settings: &[],
        measure: None,
        fields: &["Date of Birth", "Suitability of Accommodation"],
        rate_of: None,
        rows: rules::care_leavers::care_leavers_suitable_accommodation_pct,
    },
    Definition {
        id: "care_leavers_eet_pct",
        title: "Care leavers in education, employment or training",
        unit: Unit::Pct,
        polarity: Polarity::HigherBetter,
        basis: Basis::Snapshot,
        group: Group::CareLeavers,
        list: 9,
        definition: "Of care leavers aged 17 to 21, the percentage in education, employment or training (activity codes F* and P*). Care leavers who have died are excluded.",
        numerator: "care leavers in EET",
        denominator: "care leavers aged 17 to 21",
        settings: &[],
        measure: None,
        fields: &["Date of Birth", "Activity Status"],
        rate_of: None,
        rows: rules::care_leavers::care_leavers_eet_pct,
    },
    Definition {
        id: "care_leavers_19_21_in_touch_pct",
        title: "Care leavers aged 19 to 21 in touch",
        unit: Unit::Pct,
        polarity: Polarity::HigherBetter,
        basis: Basis::Snapshot,
        group: Group::CareLeavers,
        list: 9,
        definition: "Of care leavers aged 19 to 21 at the as-at date, the percentage the authority is in touch with: the ages DfE publishes care leavers' figures for, so England's and the neighbours' compare like for like once loaded (`indicators benchmark load`). Care leavers who have died are excluded.",
        numerator: "care leavers aged 19 to 21 in touch",
        denominator: "care leavers aged 19 to 21",
        settings: &[],
        measure: None,
        fields: &["Date of Birth", "LA in Touch"],
        rate_of: None,
        rows: rules::care_leavers::care_leavers_19_21_in_touch_pct,
    },
    Definition {
        id: "care_leavers_19_21_suitable_accommodation_pct",
        title: "Care leavers aged 19 to 21 in suitable accommodation",
        unit: Unit::Pct,
        polarity: Polarity::HigherBetter,
        basis: Basis::Snapshot,
        group: Group::CareLeavers,
        list: 9,
        definition: "Of care leavers aged 19 to 21 at the as-at date, the percentage in accommodation recorded as suitable: the ages DfE publishes care leavers' figures for, so England's and the neighbours' compare like for like once loaded (`indicators benchmark load`). Care leavers who have died are excluded.",
        numerator: "care leavers aged 19 to 21 in suitable accommodation",
        denominator: "care leavers aged 19 to 21",
        settings: &[],
        measure: None,
        fields: &["Date of Birth", "Suitability of Accommodation"],
        rate_of: None,
        rows: rules::care_leavers::care_leavers_19_21_suitable_accommodation_pct,
    },
    Definition {
        id: "care_leavers_19_21_eet_pct",
        title: "Care leavers aged 19 to 21 in education, employment or training",
        unit: Unit::Pct,
        polarity: Polarity::HigherBetter,
        basis: Basis::Snapshot,
        group: Group::CareLeavers,
        list: 9,
        definition: "Of care leavers aged 19 to 21 at the as-at date, the percentage in education, employment or training (activity codes F* and P*): the ages DfE publishes care leavers' figures for, so England's and the neighbours' compare like for like once loaded (`indicators benchmark load`). Care leavers who have died are excluded.",
        numerator: "care leavers aged 19 to 21 in EET",
        denominator: "care leavers aged 19 to 21",
        settings: &[],
        measure: None,
        fields: &["Date of Birth", "Activity Status"],
        rate_of: None,
        rows: rules::care_leavers::care_leavers_19_21_eet_pct,
    },
    Definition {
        id: "care_leavers_pathway_plan_in_date_pct",
        title: "Pathway plans reviewed in timescale",
        unit: Unit::Pct,
        polarity: Polarity::HigherBetter,
        basis: Basis::Snapshot,
        group: Group::CareLeavers,
        list: 9,
        definition: "Of care leavers, the percentage whose pathway plan was reviewed within 6 months of the as-at date. Computed only where the extract has the Latest Pathway Plan Review Date column (the current 17-column List 9).",
        numerator: "care leavers with a pathway plan review in 6 months",
        denominator: "care leavers with a review date",
        settings: &[],
        measure: Some("days since the latest pathway plan review"),
        fields: &["Latest Pathway Plan Review Date"],
        rate_of: None,
        rows: rules::care_leavers::care_leavers_pathway_plan_in_date_pct,
    },
    Definition {
        id: "adoption_a1_avg_days",
        title: "Adoption A1: entering care to placed for adoption",
        unit: Unit::Days,
        polarity: Polarity::LowerBetter,
        basis: Basis::Event,
        group: Group::Adoption,
        list: 10,
        definition: "Of children adopted in the period (List 10 Date of Adoption Order), the mean days from entering care to being placed for adoption.",
        numerator: "total days",
        denominator: "children adopted in the period with both dates",
        settings: &[],
        measure: Some("days from entering care to placement"),
        fields: &[
            "Date the Child Entered Care",
            "Date Placed for Adoption",
            "Date of Adoption Order",
        ],
        rate_of: None,
        rows: rules::adoption::adoption_timeliness,
    },
    Definition {
        id: "adoption_a2_avg_days",
        title: "Adoption A2: placement order to match",
        unit: Unit::Days,
        polarity: Polarity::LowerBetter,
        basis: Basis::Event,
        group: Group::Adoption,
        list: 10,
        definition: "Of children adopted in the period, the mean days from the placement order to matching with adopters (a match before the order counts as 0 days).",
        numerator: "total days",
        denominator: "children adopted in the period with both dates",
        settings: &[],
        measure: Some("days from placement order to match"),
        fields: &[
            "Date of Placement Order",
            "Date of Matching Child and Prospective Adopters",
            "Date of Adoption Order",
        ],
        rate_of: None,
        rows: rules::adoption::adoption_timeliness,
    },
    Definition {
        id: "adoption_a10_avg_days",
        title: "Adoption A10: entering care to placement, counting fostering for adoption",
        unit: Unit::Days,
        polarity: Polarity::LowerBetter,
        basis: Basis::Event,
        group: Group::Adoption,
        list: 10,
        definition: "As A1, but the clock stops at the start of a fostering-for-adoption or concurrent planning placement where that came earlier.",
        numerator: "total days",
        denominator: "children adopted in the period with both dates",
        settings: &[],
        measure: Some("days from entering care to placement (or FFA)"),
        fields: &[
            "Date the Child Entered Care",
            "Date Placed for Adoption",
            "Date the child was placed for fostering in FFA or concurrent planning placement",
            "Date of Adoption Order",
        ],
        rate_of: None,
        rows: rules::adoption::adoption_timeliness,
    },
    Definition {
        id: "caseload_avg",
        title: "Average caseload",
        unit: Unit::Ratio,
        polarity: Polarity::Context,
        basis: Basis::Snapshot,
        group: Group::Workforce,
        list: 6,
        definition: "Distinct open children (open in Lists 6, 7 or 8, care leavers in List 9, and open assessments in List 4) per allocated worker named against them. A child counts once, against the worker on the first list where it is open (8, 7, 6, 9, then 4).",
        numerator: "children with an allocated worker",
        denominator: "allocated workers",
        settings: &[],
        measure: None,
        fields: &["Allocated Team", "Allocated Worker"],
        rate_of: None,
        rows: rules::workforce::caseload_or_unallocated,
    },
    Definition {
        id: "children_unallocated",
        title: "Open children with no allocated worker",
        unit: Unit::Count,
        polarity: Polarity::LowerBetter,
        basis: Basis::Snapshot,
        group: Group::Workforce,
        list: 6,
        definition: "Open children (as for the average caseload) with no allocated worker (blank, or written as unallocated).",
        numerator: "children unallocated",
        denominator: "",
        settings: &[],
        measure: None,
        fields: &["Allocated Team", "Allocated Worker"],
        rate_of: None,
        rows: rules::workforce::caseload_or_unallocated,
    },
];

impl Definition {
    /// The months its list covers before the as-at date (6, or 12 for adoption): an event
    /// figure's window.
    pub fn window_months(&self) -> u8 {
        crate::annex_a::LISTS
            .get(usize::from(self.list).saturating_sub(1))
            .map_or(6, |l| l.window_months)
    }
}

/// The definition of an indicator id.
pub fn definition(id: &str) -> Option<&'static Definition> {
    CATALOGUE.iter().find(|d| d.id == id)
}

/// Whether `id` is in the catalogue.
pub fn is_known(id: &str) -> bool {
    definition(id).is_some()
}

#[cfg(test)]
mod tests {
    #[test]
    fn catalogue_ids_are_unique_snake_case() {
        let mut seen = std::collections::HashSet::new();
        for d in super::CATALOGUE {
            assert!(seen.insert(d.id), "{} twice", d.id);
            assert!(
                d.id.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            );
            if let Some(base) = d.rate_of {
                assert!(super::is_known(base));
            }
            for f in d.fields {
                assert!(
                    crate::annex_a::LISTS
                        .iter()
                        .any(|l| l.columns.iter().any(|c| c.header == *f)),
                    "{}: no column {f}",
                    d.id
                );
            }
        }
        assert_eq!(super::CATALOGUE.len(), 61);
        assert!(super::is_known("icpc_within_15wd_pct"));
        assert!(!super::is_known("icpc_timeliness"));
    }
}
