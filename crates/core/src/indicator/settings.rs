//! The settings a figure depends on.

use serde::Serialize;

/// The settings a figure depends on. Each observation records the settings it was computed
/// with; [`Definition::settings`] names the ones that change each figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The authority's population aged 0 to 17 (ONS mid-year estimate), for rates per 10,000.
    pub population: Option<u32>,
    /// A child in need is seen within this many days (default 42: six weeks).
    pub cin_visit_days: u32,
    /// A child on a CP plan is visited within this many working days (default 10).
    pub cp_visit_working_days: u32,
    /// A child looked after is visited within this many days (default 42: six weeks).
    pub cla_visit_days: u32,
    /// The first CP review is due within this many months of the plan's start (default 3).
    pub cp_first_review_months: u32,
    /// Later CP reviews are due within this many months of the last (default 6).
    pub cp_review_months: u32,
    /// A child looked after is reviewed within this many months of the last review (default 6).
    pub cla_review_months: u32,
    /// Long-term placement stability: a child under 16 in care for this many years and a half
    /// has been in the same placement for this many years (default 2, as DfE counts it).
    pub stability_years: u32,
    /// Counts from 1 to this are small and are marked for suppression in breakdowns and
    /// published outputs (default 5, as DfE does for children in need).
    pub small_number: u32,
    /// A worker holding more open children than this is above the caseload threshold
    /// (default 20).
    pub caseload_threshold: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            population: None,
            cin_visit_days: 42,
            cp_visit_working_days: 10,
            cla_visit_days: 42,
            cp_first_review_months: 3,
            cp_review_months: 6,
            cla_review_months: 6,
            stability_years: 2,
            small_number: 5,
            caseload_threshold: 20,
        }
    }
}

impl Settings {
    /// A setting's value in words ("42 days"), for showing beside a figure.
    pub fn describe(&self, name: &str) -> Option<String> {
        Some(match name {
            "population" => match self.population {
                Some(p) => format!("population aged 0 to 17: {p}"),
                None => "population aged 0 to 17: not set".to_string(),
            },
            "cin_visit_days" => format!("CIN visit standard: {} days", self.cin_visit_days),
            "cp_visit_working_days" => format!(
                "CP visit standard: {} working days",
                self.cp_visit_working_days
            ),
            "cla_visit_days" => format!("CLA visit standard: {} days", self.cla_visit_days),
            "cp_first_review_months" => format!(
                "first CP review within {} months",
                self.cp_first_review_months
            ),
            "cp_review_months" => format!("CP reviews every {} months", self.cp_review_months),
            "cla_review_months" => format!("CLA reviews every {} months", self.cla_review_months),
            "stability_years" => format!(
                "stable: in the same placement for {} years, of those in care for {} years and 6 months",
                self.stability_years, self.stability_years
            ),
            "caseload_threshold" => format!(
                "caseload threshold: more than {} children",
                self.caseload_threshold
            ),
            _ => return None,
        })
    }
}
