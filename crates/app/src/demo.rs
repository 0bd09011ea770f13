//! The demo: a database for the fictional authority Northfield.

use serde::Serialize;
use sightline_core::indicator::judge::Target;
use sightline_store::Actor;

use crate::{Error, Result, Sightline};

/// What the demo did.
#[derive(Debug, Clone, Serialize)]
pub struct DemoSummary {
    /// The demo authority.
    pub authority: String,
    /// Inspection events newly recorded.
    pub inspections_created: usize,
    /// Inspection events that were already there.
    pub inspections_existing: usize,
    /// The demo improvement plan's id.
    pub plan_id: i64,
    /// Whether the plan was created now (false: it was already there).
    pub plan_created: bool,
    /// The synthetic Annex A extract loaded, if one was loaded now.
    pub extract_id: Option<i64>,
    /// Rows in that extract.
    pub extract_rows: usize,
    /// Monthly extracts loaded now.
    pub extracts_loaded: usize,
    /// Indicator targets set now.
    pub targets_set: usize,
    /// Packs built now: each kind, public and restricted, for the latest month.
    pub packs_built: usize,
    /// The month they report.
    pub pack_period: Option<String>,
    /// Investment lines created now.
    pub lines_created: usize,
    /// Monthly finance returns loaded now.
    pub money_months: usize,
    /// Monthly workforce returns loaded now.
    pub workforce_months: usize,
    /// Meetings recorded now (improvement boards, scrutiny, cabinet).
    pub meetings: usize,
    /// Practice audits loaded now.
    pub audits: usize,
    /// The self-evaluation published now: (year, version).
    pub self_evaluation: Option<(i16, u32)>,
}

/// The demo owners' commentary on exceptions the demo shows: (indicator, words).
const DEMO_COMMENTARY: &[(&str, &str)] = &[
    (
        "icpc_within_15wd_pct",
        "Two child protection chairs left in the summer. Agency chairs started this month and \
         conferences are being booked in date order; we expect to be back above 80% within two \
         months.",
    ),
    (
        "cla_visited_in_timescale_pct",
        "Most late visits are recorded late rather than missed: two teams record in batches. \
         Team managers now check recording weekly, and the data-quality report names the \
         workers concerned.",
    ),
    (
        "assessments_within_45wd_pct",
        "The front door's records were mended over the year; timeliness that looked good was \
         flattered by them. The fall is the true position, and the service plan addresses it.",
    ),
];

/// The demo's targets beyond those its plan states (the plan's SMART targets set their own
/// records): (indicator, value, tolerance, owner, why).
const DEMO_TARGETS: &[(&str, f64, f64, &str, &str)] = &[
    (
        "icpc_within_15wd_pct",
        85.0,
        5.0,
        "Head of Service, Child Protection",
        "above England 2024-25 (81.4%, derived)",
    ),
    (
        "cp_visited_in_timescale_pct",
        90.0,
        5.0,
        "Head of Service, Child Protection",
        "improvement plan priority 2: visits within 10 working days",
    ),
    (
        "cla_visited_in_timescale_pct",
        90.0,
        5.0,
        "Head of Service, Children in Care",
        "improvement plan priority 3",
    ),
    (
        "cin_seen_in_timescale_pct",
        85.0,
        5.0,
        "Head of Service, Children in Need",
        "improvement plan priority 2",
    ),
    (
        "workforce_agency_rate_pct",
        12.0,
        3.0,
        "Principal Social Worker",
        "below England (13.0%, year to 30 September 2025): the recruitment and retention offer",
    ),
    (
        "workforce_vacancy_rate_pct",
        14.0,
        3.0,
        "Principal Social Worker",
        "England's 14.2% (year to 30 September 2025)",
    ),
    (
        "workforce_supervision_in_time_pct",
        90.0,
        5.0,
        "Principal Social Worker",
        "improvement plan priority 4: regular, reflective supervision",
    ),
    (
        "audits_good_or_better_pct",
        70.0,
        5.0,
        "Principal Social Worker",
        "improvement plan: most practice good or better, audited monthly",
    ),
    (
        "caseload_avg",
        18.0,
        2.0,
        "Director of Children's Services",
        "manageable caseloads: England's 15.2 cases per FTE (30 September 2025)",
    ),
];

impl Sightline {
    /// Fills the database with the demo authority's inspection journey and its improvement
    /// plan. Running it again adds nothing.
    ///
    /// # Errors
    /// Store errors.
    pub async fn build_demo(&self) -> Result<DemoSummary> {
        let actor = Actor::system();
        let mut summary = DemoSummary {
            authority: sightline_synth::northfield().name,
            inspections_created: 0,
            inspections_existing: 0,
            plan_id: 0,
            plan_created: false,
            extract_id: None,
            extract_rows: 0,
            extracts_loaded: 0,
            targets_set: 0,
            packs_built: 0,
            pack_period: None,
            lines_created: 0,
            money_months: 0,
            workforce_months: 0,
            meetings: 0,
            audits: 0,
            self_evaluation: None,
        };
        let mut latest = None;
        for inspection in sightline_synth::northfield_journey() {
            let recorded = self.db.record_inspection(&actor, &inspection).await?;
            if recorded.created {
                summary.inspections_created += 1;
            } else {
                summary.inspections_existing += 1;
            }
            if inspection.kind.is_graded() {
                latest = Some(recorded.id);
            }
        }
        let existing = self.db.plans(Some(sightline_synth::NORTHFIELD)).await?;
        match existing.first() {
            Some(p) => summary.plan_id = p.id,
            None => {
                let plan = sightline_synth::northfield_plan(latest);
                summary.plan_id = self.db.save_plan(&actor, &plan).await?;
                summary.plan_created = true;
                // The plan's SMART targets are the measures' target records: one per measure.
                let today = jiff::Zoned::now().date();
                for n in self.adopt_plan_targets(&actor, &plan, today, false).await? {
                    summary.targets_set += usize::from(n.note.starts_with("set "));
                }
            }
        }
        if self.db.extracts().await?.is_empty() {
            self.set_home_authority(&actor, "999").await?;
            self.set_indicator_settings(
                &actor,
                &sightline_core::indicator::Settings {
                    // About what 2,000 children with contacts a year imply at England's rates.
                    population: Some(30_000),
                    ..sightline_core::indicator::Settings::default()
                },
            )
            .await?;
            // A year of synthetic monthly extracts for Northfield, pseudonymised like a real
            // load would be; generated, never real. Each month end of the last twelve.
            let today = jiff::Zoned::now().date();
            // Its own folder: two demos built at once (tests do) must not share one.
            let dir = std::env::temp_dir().join(format!(
                "sightline-demo-{}-{}",
                std::process::id(),
                &crate::account::random_token()[..12]
            ));
            // One history of eighteen months, seen at each of the last twelve month ends, so
            // the months two extracts share agree and the stock of children in care adds up.
            let month_end = |k: i8| {
                today
                    .first_of_month()
                    .saturating_sub(jiff::Span::new().months(k))
                    .saturating_sub(jiff::Span::new().days(1))
            };
            let history = sightline_synth::annex_a::generate_history(
                sightline_synth::annex_a::Settings {
                    children: 6000,
                    seed: 2024,
                    as_at: month_end(0),
                    messy: sightline_synth::annex_a::Messy::Some,
                },
                182 + 366,
            );
            for k in (0..12i8).rev() {
                let as_at = month_end(k);
                let seed = 2024 + u64::from(k.unsigned_abs());
                let mut tables = sightline_synth::annex_a::at(&history, as_at);
                // Seed 002's story: the front door records badly a year ago and mends its ways
                // month by month (a third of its records to one in thirty), so the data-quality
                // trend, the findings by team and the line of sight show it, and assessment
                // timeliness that looked good is seen to have been flattered.
                let rate = 0.03 + 0.30 * f64::from(k) / 11.0;
                sightline_synth::annex_a::front_door_lapses(
                    &mut tables,
                    "Front Door",
                    rate,
                    seed,
                    as_at,
                );
                let month = dir.join(as_at.to_string());
                sightline_synth::annex_a::write_csv_dir(&tables, &month)
                    .map_err(|e| Error::Invalid(e.to_string()))?;
                let loaded = self
                    .load_extract(
                        &actor,
                        &month,
                        Some(as_at),
                        crate::LoadAs::pseudonymised(),
                        &|_, _| {},
                    )
                    .await;
                let _ = std::fs::remove_dir_all(&month);
                let loaded = loaded?;
                summary.extract_id = Some(loaded.id);
                summary.extract_rows = loaded.extract.lists.iter().map(|l| l.rows_read).sum();
                summary.extracts_loaded += 1;
            }
            let _ = std::fs::remove_dir_all(&dir);
        }
        let held: Vec<String> = self
            .targets()
            .await?
            .into_iter()
            .map(|t| t.target.indicator)
            .collect();
        {
            let year_start = jiff::Zoned::now()
                .date()
                .saturating_sub(jiff::Span::new().years(1));
            let year_end = year_start.saturating_add(jiff::Span::new().years(2));
            for (id, value, tolerance, owner, reason) in DEMO_TARGETS {
                if held.iter().any(|h| h == id) {
                    continue;
                }
                self.set_target(
                    &actor,
                    &Target {
                        indicator: (*id).to_string(),
                        value: *value,
                        tolerance: *tolerance,
                        from: year_start,
                        to: year_end,
                        owner: (*owner).to_string(),
                        set_by: "demo".to_string(),
                        reason: (*reason).to_string(),
                        kind: Default::default(),
                    },
                )
                .await?;
                summary.targets_set += 1;
            }
        }
        // Seed 000's "follow the money": £2.4m over two years, tracked monthly.
        if self.db.lines().await?.is_empty() {
            let today = jiff::Zoned::now().date();
            let (mut lines, actuals) = sightline_synth::money::northfield_investment(today);
            let plan = self.plan(None).await?;
            let action = |words: &[&str]| -> Vec<i64> {
                plan.priorities
                    .iter()
                    .flat_map(|p| &p.actions)
                    .filter(|a| {
                        let t = a.text.to_lowercase();
                        words.iter().any(|w| t.contains(w))
                    })
                    .filter_map(|a| a.id)
                    .take(2)
                    .collect()
            };
            lines[1].actions = action(&["data quality", "performance"]);
            lines[2].actions = action(&["social worker", "caseload", "recruit"]);
            lines[0].actions = action(&["practice", "audit"]);
            for line in &lines {
                self.save_line(sightline_core::access::Role::Admin, &actor, line)
                    .await?;
                summary.lines_created += 1;
            }
            let mut months: Vec<jiff::civil::Date> = actuals.iter().map(|a| a.month).collect();
            months.sort_unstable();
            months.dedup();
            for month in months {
                let these: Vec<_> = actuals
                    .iter()
                    .filter(|a| a.month == month)
                    .cloned()
                    .collect();
                self.db
                    .load_actuals(&actor, month, &these, "synthetic finance export")
                    .await?;
                summary.money_months += 1;
            }
        }
        // Two years of monthly workforce returns by team.
        if self.db.workforce().await?.is_empty() {
            let returns =
                sightline_synth::workforce::northfield_workforce(jiff::Zoned::now().date());
            let mut months: Vec<jiff::civil::Date> = returns.iter().map(|r| r.month).collect();
            months.sort_unstable();
            months.dedup();
            for month in months {
                let these: Vec<_> = returns
                    .iter()
                    .filter(|r| r.month == month)
                    .cloned()
                    .collect();
                self.db
                    .load_workforce(&actor, month, &these, "synthetic HR return")
                    .await?;
                summary.workforce_months += 1;
            }
        }
        // Commentary on the exceptions, then a pack of each kind, public and restricted, for
        // the latest month: what the Packs page and the overview show.
        let period = self.pack_periods().await?.into_iter().next();
        if let Some(period) = period
            && self.db.packs(false).await?.is_empty()
        {
            let card = self
                .scorecard(&actor, crate::disclosure::Audience::ChildLevel, None)
                .await?;
            let manager = Actor("manager".into());
            for (id, text) in DEMO_COMMENTARY {
                if card.exceptions().any(|j| j.definition.id == *id) {
                    self.db.add_commentary(&manager, id, &period, text).await?;
                }
            }
            for kind in sightline_core::pack::Kind::ALL {
                for public in [false, true] {
                    self.build_pack(
                        sightline_core::access::Role::Admin,
                        &actor,
                        &crate::PackRequest {
                            kind,
                            period: period.clone(),
                            public,
                            contact: None,
                        },
                        crate::Format::Pdf,
                    )
                    .await?;
                    summary.packs_built += 1;
                }
            }
            summary.pack_period = Some(period);
        }
        // Six months of practice audits, 40 case files a month, pseudonymised as extracts are.
        if self.db.audits().await?.is_empty() {
            let key = self.pseudonym_key(std::path::Path::new("the demo")).await?;
            let mut audits =
                sightline_synth::practice::northfield_audits(jiff::Zoned::now().date());
            for a in &mut audits {
                a.child = crate::pseudonym(&key, &a.child);
            }
            summary.audits = self
                .db
                .load_audits(&actor, &audits, "synthetic case file audits")
                .await?;
        }
        if self.db.meetings().await?.is_empty() {
            summary.meetings = self.demo_governance(&actor).await?;
        }
        if self.db.self_evaluations().await?.is_empty() {
            summary.self_evaluation = self.demo_self_evaluation(&actor).await?;
        }
        Ok(summary)
    }

    /// A self-evaluation for this year, an answer for each area citing its figures, the plan
    /// and the audits, published (its evidence frozen today).
    async fn demo_self_evaluation(&self, actor: &Actor) -> Result<Option<(i16, u32)>> {
        use sightline_core::access::Role;
        use sightline_core::self_evaluation::{Area, Citation, Question};
        let today = jiff::Zoned::now().date();
        let year = today.year();
        let ind = |id: &str| Citation::Indicator { id: id.to_string() };
        let first_action = self
            .plan(None)
            .await
            .ok()
            .and_then(|p| p.priorities.first()?.actions.first()?.id);
        let answers: Vec<(Area, Question, &str, Vec<Citation>)> = vec![
            (
                Area::HelpAndProtection,
                Question::Know,
                "Children are seen and protected more quickly than at the inspection, but the \
                 timeliness of assessments has fallen as the front door's records were mended: \
                 the earlier figures flattered us.",
                vec![
                    ind("assessments_within_45wd_pct"),
                    ind("icpc_within_15wd_pct"),
                ],
            ),
            (
                Area::HelpAndProtection,
                Question::HowKnow,
                "Monthly case file audits of 40 children, the scorecard checked against the \
                 child-level records, and the improvement board's challenge.",
                vec![Citation::Audits],
            ),
            (
                Area::ChildrenInCare,
                Question::Know,
                "Children in care are visited and reviewed on time more often; stability is not \
                 yet good enough.",
                vec![
                    ind("cla_visited_in_timescale_pct"),
                    ind("cla_long_term_stability_pct"),
                ],
            ),
            (
                Area::CareLeavers,
                Question::Know,
                "We are in touch with most care leavers, but not yet all.",
                vec![ind("care_leavers_in_touch_pct")],
            ),
            (
                Area::Leaders,
                Question::Plans,
                "Stabilise the workforce (less agency, manageable caseloads), finish the data \
                 quality work, and keep regular, reflective supervision.",
                [
                    ind("workforce_agency_rate_pct"),
                    ind("caseload_avg"),
                    ind("workforce_supervision_in_time_pct"),
                ]
                .into_iter()
                .chain(first_action.map(|id| Citation::Action { id }))
                .collect(),
            ),
        ];
        for (area, question, text, cites) in answers {
            self.write_statement(Role::Admin, actor, year, area, question, text, cites, today)
                .await?;
        }
        let (_, version) = self
            .publish_self_evaluation(Role::Admin, actor, year, today)
            .await?;
        Ok(Some((year, version)))
    }

    /// A year of monthly improvement boards (and the next), scrutiny with seed 001's decisions
    /// and a request left overdue, cabinet to come, and the latest packs sent to the coming
    /// meetings. Returns how many meetings it records.
    async fn demo_governance(&self, actor: &Actor) -> Result<usize> {
        use sightline_core::access::Role;
        use sightline_core::governance::{Answers, Item};
        use sightline_core::pack::Part;
        let today = jiff::Zoned::now().date();
        let month = |back: i64| {
            today
                .first_of_month()
                .saturating_sub(jiff::Span::new().months(back))
        };
        let item = |n: &str, t: &str| Item {
            number: n.to_string(),
            title: t.to_string(),
        };
        let board_items = || {
            vec![
                item("1", "Apologies and the minutes of the last meeting"),
                item("2", "Improvement plan progress"),
                item("3", "Performance scorecard and exceptions"),
                item("4", "Workforce and money"),
            ]
        };
        let admin = Role::Admin;
        let mut boards = Vec::new();
        // The 10th of each month, the last twelve and the next.
        for back in (-1..12).rev() {
            let date = month(back).saturating_add(jiff::Span::new().days(9));
            boards.push((
                date,
                self.add_meeting(admin, actor, "improvement-board", date, None, board_items())
                    .await?,
            ));
        }
        let mut recorded = boards.len();
        // The packs the past boards had, each sent before its meeting: the month before's
        // figures. (History is recorded as it was: the papers are added directly.)
        let periods = self.pack_periods().await?;
        let send_history = |meeting: i64, date: jiff::civil::Date, kind| {
            let period = date
                .first_of_month()
                .saturating_sub(jiff::Span::new().months(1))
                .strftime("%Y-%m")
                .to_string();
            (meeting, period, kind)
        };
        let mut history: Vec<(i64, String, sightline_core::pack::Kind)> = boards
            .iter()
            .filter(|(d, _)| *d < today)
            .map(|(d, id)| send_history(*id, *d, sightline_core::pack::Kind::ImprovementBoard))
            .collect();
        let decide = |meeting_id: i64, item: &str, number: &str, text: &str| crate::NewDecision {
            meeting_id,
            item: item.to_string(),
            number: number.to_string(),
            text: text.to_string(),
            request: None,
        };
        for (date, id) in &boards {
            if *date < today {
                self.add_decision(
                    admin,
                    actor,
                    decide(
                        *id,
                        "2",
                        "1",
                        "that progress against the improvement plan be noted",
                    ),
                )
                .await?;
            }
        }
        // A deep dive the board asked for at one meeting and had at the next: brought.
        if let [.., (_, asked), (_, next), _, _] = boards.as_slice() {
            let mut d = decide(
                *asked,
                "3",
                "1",
                "that a deep dive into return home interviews come to the next meeting",
            );
            d.request = Some(crate::NewRequest {
                text: "Deep dive into return home interviews".into(),
                owner: "Head of Service, Children in Care".into(),
                due_meeting_id: *next,
                answers: Answers {
                    indicators: vec!["cla_return_interview_offered_pct".into()],
                    ..Answers::default()
                },
            });
            let (_, request) = self.add_decision(admin, actor, d).await?;
            if let Some(r) = request {
                self.update_request(
                    admin,
                    actor,
                    r,
                    sightline_core::governance::RequestStatus::Brought,
                    Some(*next),
                )
                .await?;
            }
        }
        // Scrutiny: seed 001's decisions six weeks ago, the updates due three weeks ago and not
        // brought (red), the next meeting in five weeks.
        let days = |n: i64| today.saturating_add(jiff::Span::new().days(n));
        let scrutiny = self
            .add_meeting(
                admin,
                actor,
                "scrutiny",
                days(-42),
                None,
                vec![item(
                    "5",
                    "Children's services improvement: Ofsted and the improvement plan",
                )],
            )
            .await?;
        history.push(send_history(
            scrutiny,
            days(-42),
            sightline_core::pack::Kind::Scrutiny,
        ));
        let missed = self
            .add_meeting(admin, actor, "scrutiny", days(-21), None, vec![])
            .await?;
        // The meeting the updates were due at had no pack: the request is red, and readiness
        // says a pack is missing.
        for (meeting, period, kind) in history {
            if !periods.contains(&period) {
                continue;
            }
            let built = self
                .build_pack(
                    admin,
                    actor,
                    &crate::PackRequest {
                        kind,
                        period,
                        public: kind == sightline_core::pack::Kind::Scrutiny,
                        contact: None,
                    },
                    crate::Format::Html,
                )
                .await?;
            self.db
                .add_paper(
                    actor,
                    meeting,
                    &built.record.title,
                    sightline_store::NewPaper::Pack {
                        pack_id: built.record.id,
                        sha256: &built.record.content_sha256,
                    },
                )
                .await?;
        }
        let next_scrutiny = self
            .add_meeting(admin, actor, "scrutiny", days(35), None, vec![])
            .await?;
        let cabinet = self
            .add_meeting(admin, actor, "cabinet", days(14), None, vec![])
            .await?;
        recorded += 4;
        for (number, text) in [
            ("1", "That the report be noted."),
            (
                "2",
                "That comments made by members of this commission be taken into account by the \
                 lead officers.",
            ),
        ] {
            self.add_decision(admin, actor, decide(scrutiny, "5", number, text))
                .await?;
        }
        let mut updates = decide(
            scrutiny,
            "5",
            "3",
            "That regular updates be brought to scrutiny, to include target monitoring and \
             performance as well as training (especially of middle-management).",
        );
        updates.request = Some(crate::NewRequest {
            text: "Target monitoring and performance, and training (especially of middle \
                   management)"
                .into(),
            owner: "Director of Children's Services".into(),
            due_meeting_id: missed,
            answers: Answers {
                indicators: vec![
                    "workforce_supervision_in_time_pct".into(),
                    "workforce_agency_rate_pct".into(),
                ],
                parts: vec![Part::Performance, Part::Workforce],
                ..Answers::default()
            },
        });
        self.add_decision(admin, actor, updates).await?;
        // The latest packs go to the coming meetings.
        let packs = self.db.packs(false).await?;
        let newest = |kind: sightline_core::pack::Kind, public: bool| {
            packs
                .iter()
                .filter(|p| {
                    p.kind == kind && (p.marking == sightline_core::pack::Marking::Public) == public
                })
                .map(|p| p.id)
                .max()
        };
        if let (Some(pack), Some((_, board))) = (
            newest(sightline_core::pack::Kind::ImprovementBoard, false),
            boards.last(),
        ) {
            self.send_pack(admin, actor, *board, pack, today).await?;
        }
        if let Some(pack) = newest(sightline_core::pack::Kind::Cabinet, true) {
            self.send_pack(admin, actor, cabinet, pack, today).await?;
        }
        let _ = next_scrutiny;
        Ok(recorded)
    }
}
