//! The indicator catalogue's ids (`../shared/design/indicators.md`). They are a contract with
//! users' exports and reports; targets in a plan name them.

/// Every indicator id, in catalogue order.
pub const CATALOGUE: &[&str] = &[
    "contacts",
    "contacts_per_10k",
    "contact_children_referred_pct",
    "referrals",
    "referrals_per_10k",
    "re_referrals_12m_pct",
    "referrals_nfa_pct",
    "assessments_completed",
    "assessments_within_45wd_pct",
    "assessments_open_over_45wd",
    "assessments_no_further_support_pct",
    "s47_enquiries",
    "s47_per_10k",
    "icpcs",
    "icpc_within_15wd_pct",
    "icpc_to_cp_plan_pct",
    "cin_open",
    "cin_per_10k",
    "cin_seen_in_timescale_pct",
    "cp_plans_open",
    "cp_per_10k",
    "cp_plans_started",
    "cp_repeat_plans_pct",
    "cp_plans_ended_2y_plus_pct",
    "cp_visited_in_timescale_pct",
    "cp_seen_alone_pct",
    "cp_reviews_in_timescale_pct",
    "cla_open",
    "cla_per_10k",
    "cla_started",
    "cla_ceased",
    "cla_3plus_placements_pct",
    "cla_long_term_stability_pct",
    "cla_reviews_in_timescale_pct",
    "cla_visited_in_timescale_pct",
    "cla_health_assessment_in_date_pct",
    "cla_dental_check_in_date_pct",
    "cla_missing_pct",
    "cla_return_interview_offered_pct",
    "cla_return_interview_accepted_pct",
    "cla_placed_out_of_area_pct",
    "care_leavers_in_touch_pct",
    "care_leavers_suitable_accommodation_pct",
    "care_leavers_eet_pct",
    "care_leavers_pathway_plan_in_date_pct",
    "adoption_a1_avg_days",
    "adoption_a2_avg_days",
    "adoption_a10_avg_days",
    "caseload_avg",
    "children_unallocated",
];

/// Whether `id` is in the catalogue.
pub fn is_known(id: &str) -> bool {
    CATALOGUE.contains(&id)
}

#[cfg(test)]
mod tests {
    #[test]
    fn catalogue_ids_are_unique_snake_case() {
        let mut seen = std::collections::HashSet::new();
        for id in super::CATALOGUE {
            assert!(seen.insert(id), "{id} twice");
            assert!(
                id.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            );
        }
        assert_eq!(super::CATALOGUE.len(), 50);
        assert!(super::is_known("icpc_within_15wd_pct"));
        assert!(!super::is_known("icpc_timeliness"));
    }
}
