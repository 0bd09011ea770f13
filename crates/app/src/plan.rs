//! Improvement plan use cases: draft from an inspection, import and export the council's
//! workbook, record progress, override a RAG, and the plan's status as of any date.

use std::path::Path;

use jiff::civil::Date;
use serde::Serialize;
use sightline_core::inspection::Addressee;
use sightline_core::plan::{
    ActionStatus, Coverage, Milestone, Override, Plan, ProgressUpdate, coverage,
};
use sightline_core::rag::{Rag, RagRules, Rating, rate_linked_action, rate_plan, rate_priority};
use sightline_ingest::plan_workbook::{self, ImportSettings, PlanImport};
use sightline_store::Actor;

use crate::{Error, Result, Sightline};

/// A plan imported from a workbook: what was read, and its id unless it was a dry run.
#[derive(Debug, Clone, Serialize)]
pub struct ImportedPlan {
    /// The saved plan's id (`None` on a dry run).
    pub id: Option<i64>,
    /// The plan as read, and the findings with their cells.
    #[serde(flatten)]
    pub import: PlanImport,
    /// What became of each SMART target's words (set, agrees, disagrees with the record).
    pub targets: Vec<crate::measure::TargetNote>,
}

/// Progress on an action.
#[derive(Debug, Clone)]
pub struct ActionUpdate {
    /// The date the progress refers to.
    pub date: Date,
    /// What happened (for a drop: why).
    pub text: String,
    /// A new status, if any.
    pub status: Option<ActionStatus>,
    /// A milestone of this action done on `date`.
    pub milestone_done: Option<i64>,
}

/// One action's standing.
#[derive(Debug, Clone, Serialize)]
pub struct ActionLine {
    /// Action id (for `plan update`).
    pub id: Option<i64>,
    /// What will be done.
    pub text: String,
    /// Key lead.
    pub lead: Option<String>,
    /// Due date.
    pub due: Option<Date>,
    /// Status on the as-at date.
    pub status: ActionStatus,
    /// RAG and why.
    pub rating: Rating,
    /// The latest progress update on or before the as-at date: its date and words.
    pub progress: Option<(Date, String)>,
}

/// One priority's standing.
#[derive(Debug, Clone, Serialize)]
pub struct PriorityLine {
    /// Number in the plan.
    pub number: u32,
    /// Theme.
    pub theme: Option<String>,
    /// The requirement.
    pub text: String,
    /// Recommendations addressed.
    pub recommendations: Vec<u32>,
    /// The addressed recommendations of the linked inspection: number and opening words.
    pub recommendation_texts: Vec<(u32, String)>,
    /// RAG and why (worst of its actions).
    pub rating: Rating,
    /// Actions by colour.
    pub counts: Vec<(Rag, usize)>,
    /// Its actions.
    pub actions: Vec<ActionLine>,
    /// Its SMART targets, each with the indicator's target record and whether it is off
    /// track.
    pub targets: Vec<TargetLine>,
}

/// A SMART target of a priority as it stands on the as-at date.
#[derive(Debug, Clone, Serialize)]
pub struct TargetLine {
    /// The words, as the plan states them.
    pub text: String,
    /// The indicator it is measured by.
    pub indicator: Option<String>,
    /// The indicator's target record in force, in words ("90% by 31 Mar 2027, tolerance 2
    /// points; owner: Head of Service"), or none.
    pub record: Option<String>,
    /// Why it is off track, when it is.
    pub off_track: Option<String>,
}

/// A milestone past its due date and not done on the as-at date.
#[derive(Debug, Clone, Serialize)]
pub struct OverdueMilestone {
    /// Milestone id (for `plan update --milestone-done`).
    pub id: Option<i64>,
    /// The action it belongs to.
    pub action_id: Option<i64>,
    /// What marks it.
    pub text: String,
    /// When it was due.
    pub due: Date,
    /// Days late on the as-at date.
    pub days_late: i64,
}

/// The plan's standing on a date.
#[derive(Debug, Clone, Serialize)]
pub struct PlanStatus {
    /// Plan id.
    pub plan_id: i64,
    /// Title.
    pub title: String,
    /// Vision.
    pub vision: Option<String>,
    /// The authority's name.
    pub authority: String,
    /// The date rated.
    pub as_at: Date,
    /// The plan's RAG and why.
    pub rating: Rating,
    /// Actions by colour, worst first.
    pub counts: Vec<(Rag, usize)>,
    /// Every priority.
    pub priorities: Vec<PriorityLine>,
    /// Milestones late on the as-at date, most late first.
    pub overdue_milestones: Vec<OverdueMilestone>,
    /// The inspection the plan answers, if linked.
    pub inspection_id: Option<i64>,
    /// What the plan lacks (recommendations counted only when it is linked to an inspection).
    pub coverage: Coverage,
}

/// The first `n` words of a text, with an ellipsis when there is more.
fn opening_words(text: &str, n: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= n {
        words.join(" ")
    } else {
        format!("{}…", words[..n].join(" "))
    }
}

fn ordered(counts: &sightline_core::rag::Counts) -> Vec<(Rag, usize)> {
    Rag::WORST_FIRST
        .iter()
        .map(|r| (*r, counts.get(r).copied().unwrap_or(0)))
        .collect()
}

impl Sightline {
    /// The first of `ids` the current plan has no action for (none when all are known, or
    /// none are asked about).
    ///
    /// # Errors
    /// Store errors; [`Error::Invalid`] when actions are named and no plan is kept.
    pub(crate) async fn unknown_action(&self, ids: &[i64]) -> Result<Option<i64>> {
        if ids.is_empty() {
            return Ok(None);
        }
        let plan = self.plan(None).await?;
        let known: Vec<i64> = plan
            .priorities
            .iter()
            .flat_map(|p| p.actions.iter().filter_map(|a| a.id))
            .collect();
        Ok(ids.iter().find(|a| !known.contains(a)).copied())
    }
}

impl Sightline {
    /// Drafts a plan from an inspection: one priority per recommendation to the local
    /// authority, its text carried over, linked by number. Returns the saved plan's id.
    ///
    /// # Errors
    /// Store errors, or [`Error::Invalid`] when the inspection has no recommendations.
    pub async fn draft_plan(&self, actor: &Actor, inspection_id: i64) -> Result<i64> {
        let i = self.db.inspection(inspection_id).await?;
        let recs: Vec<(u32, String)> = i
            .recommendations
            .iter()
            .filter(|r| r.addressee == Addressee::LocalAuthority)
            .map(|r| (r.number, r.text.clone()))
            .collect();
        if recs.is_empty() {
            return Err(Error::Invalid(format!(
                "inspection {inspection_id} has no recommendations to the local authority to plan against"
            )));
        }
        let name = self
            .authority(&i.authority.to_string())
            .map(|a| a.name)
            .unwrap_or_else(|_| i.authority.to_string());
        let title = format!(
            "{name} improvement plan: response to the {} of {}",
            i.kind.label().to_lowercase(),
            i.last_day().strftime("%B %Y")
        );
        let plan = Plan::draft(i.authority, title, Some(inspection_id), &recs);
        Ok(self.db.save_plan(actor, &plan).await?)
    }

    /// Reads an action-plan workbook and, unless `dry_run`, saves it.
    ///
    /// # Errors
    /// [`Error::Ingest`] naming the file when it cannot be read; [`Error::UnknownAuthority`].
    pub async fn import_plan(
        &self,
        actor: &Actor,
        path: &Path,
        authority: &str,
        as_at: Date,
        inspection: Option<i64>,
        dry_run: bool,
    ) -> Result<ImportedPlan> {
        let authority = self.authority(authority)?;
        if let Some(id) = inspection {
            let i = self.db.inspection(id).await?;
            if i.authority != authority.code {
                return Err(Error::Invalid(format!(
                    "inspection {id} is of authority {}, not {} ({})",
                    i.authority, authority.name, authority.code
                )));
            }
        }
        let settings = ImportSettings {
            authority: authority.code,
            as_at,
            author: actor.0.clone(),
        };
        let mut import = plan_workbook::read(path, &settings)?;
        // A plan exported by Sightline brings its inspection back; one given here wins.
        if inspection.is_some() {
            import.plan.inspection_id = inspection;
        }
        let id = if dry_run {
            None
        } else {
            Some(self.db.save_plan(actor, &import.plan).await?)
        };
        let targets = self
            .adopt_plan_targets(actor, &import.plan, as_at, dry_run)
            .await?;
        Ok(ImportedPlan {
            id,
            import,
            targets,
        })
    }

    /// A saved plan; `None` picks the most recent.
    ///
    /// # Errors
    /// [`Error::Invalid`] when there is no plan yet; store errors.
    pub async fn plan(&self, id: Option<i64>) -> Result<Plan> {
        let id = match id {
            Some(id) => id,
            None => self
                .db
                .plans(None)
                .await?
                .first()
                .map(|p| p.id)
                .ok_or_else(|| {
                    Error::Invalid(
                        "there is no plan yet: draft one with `sightline plan draft \
                         --inspection ID` or import one with `sightline plan import FILE.xlsx`"
                            .into(),
                    )
                })?,
        };
        Ok(self.db.plan(id).await?)
    }

    /// Writes a plan (`None`: the most recent) as the council's workbook.
    ///
    /// # Errors
    /// As [`Sightline::plan`]; [`Error::Report`] when the file cannot be written.
    pub async fn export_plan_xlsx(&self, id: Option<i64>, out: &Path) -> Result<Plan> {
        let plan = self.plan(id).await?;
        sightline_report::plan::write_xlsx(&plan, out)?;
        Ok(plan)
    }

    /// The plan's RAG, with reasons, as of `as_at`.
    ///
    /// # Errors
    /// As [`Sightline::plan`].
    pub async fn plan_status(
        &self,
        id: Option<i64>,
        as_at: Date,
        rules: &RagRules,
    ) -> Result<PlanStatus> {
        let plan = self.plan(id).await?;
        self.status_of(&plan, as_at, rules).await
    }

    /// The standing of a plan already read, as it was known on `as_at` unless the rules ask
    /// for what is known now.
    async fn status_of(&self, plan: &Plan, as_at: Date, rules: &RagRules) -> Result<PlanStatus> {
        let known;
        let plan = if rules.as_now_known {
            plan
        } else {
            known = plan.as_known_on(as_at);
            &known
        };
        let linked: Vec<(u32, String)> = match plan.inspection_id {
            Some(i) => self
                .db
                .inspection(i)
                .await?
                .recommendations
                .iter()
                .filter(|r| r.addressee == Addressee::LocalAuthority)
                .map(|r| (r.number, opening_words(&r.text, 12)))
                .collect(),
            None => Vec::new(),
        };
        let recommendations = linked.len();
        // The target records as known then, read once: the plan shows them and judges by them.
        let records = self.targets_known(as_at, rules.as_now_known).await?;
        let off = self.off_track(&records, as_at).await?;
        let whole = rate_plan(plan, as_at, rules, &off);
        let mut overdue = Vec::new();
        let priorities = plan
            .priorities
            .iter()
            .map(|p| {
                let r = rate_priority(p, as_at, rules, &off);
                PriorityLine {
                    number: p.number,
                    theme: p.theme.clone(),
                    text: p.text.clone(),
                    recommendations: p.recommendations.clone(),
                    recommendation_texts: p
                        .recommendations
                        .iter()
                        .filter_map(|n| linked.iter().find(|(k, _)| k == n).cloned())
                        .collect(),
                    rating: r.rating,
                    counts: ordered(&r.counts),
                    actions: p
                        .actions
                        .iter()
                        .map(|a| {
                            let status = a.status_at(as_at);
                            if !matches!(status, ActionStatus::Complete | ActionStatus::Dropped) {
                                for m in &a.milestones {
                                    if let Some(due) = m.due
                                        && due < as_at
                                        && m.done.is_none_or(|d| d > as_at)
                                    {
                                        overdue.push(OverdueMilestone {
                                            id: m.id,
                                            action_id: a.id,
                                            text: m.text.clone(),
                                            due,
                                            days_late: i64::from((as_at - due).get_days()),
                                        });
                                    }
                                }
                            }
                            ActionLine {
                                id: a.id,
                                text: a.text.clone(),
                                lead: a.lead.clone(),
                                due: a.due,
                                status,
                                rating: rate_linked_action(a, p, as_at, rules, &off),
                                progress: a
                                    .updates
                                    .iter()
                                    .filter(|u| u.date <= as_at)
                                    .max_by_key(|u| u.date)
                                    .map(|u| (u.date, u.text.clone())),
                            }
                        })
                        .collect(),
                    targets: p
                        .targets
                        .iter()
                        .map(|t| TargetLine {
                            text: t.text.clone(),
                            indicator: t.indicator.clone(),
                            record: t.indicator.as_deref().and_then(|id| {
                                let def = sightline_core::indicator::definition(id)?;
                                let r = sightline_core::indicator::judge::target_at(
                                    &records, id, as_at,
                                )?;
                                Some(format!(
                                    "{} by {}, tolerance {}; owner: {}",
                                    sightline_core::indicator::judge::format_value(
                                        def.unit, r.value
                                    ),
                                    sightline_core::rag::long_date(r.to),
                                    r.tolerance,
                                    r.owner
                                ))
                            }),
                            off_track: t.indicator.as_ref().and_then(|id| off.get(id).cloned()),
                        })
                        .collect(),
                }
            })
            .collect();
        overdue.sort_by_key(|m| std::cmp::Reverse(m.days_late));
        let authority = self
            .authority(&plan.authority.to_string())
            .map(|a| a.name)
            .unwrap_or_else(|_| plan.authority.to_string());
        Ok(PlanStatus {
            plan_id: plan.id.unwrap_or_default(),
            title: plan.title.clone(),
            vision: plan.vision.clone(),
            authority,
            as_at,
            rating: whole.rating,
            counts: ordered(&whole.counts),
            priorities,
            overdue_milestones: overdue,
            inspection_id: plan.inspection_id,
            coverage: coverage(plan, u32::try_from(recommendations).unwrap_or(u32::MAX)),
        })
    }

    /// Records progress on an action, signed by `actor`.
    ///
    /// # Errors
    /// [`Error::Invalid`] for an empty text or a milestone of another action; not found.
    pub async fn update_action(
        &self,
        actor: &Actor,
        action_id: i64,
        u: ActionUpdate,
    ) -> Result<()> {
        if u.text.trim().is_empty() {
            return Err(Error::Invalid(
                "a progress update needs text (for a dropped action: why it was dropped)".into(),
            ));
        }
        let today = jiff::Zoned::now().date();
        if u.date > today {
            return Err(Error::Invalid(format!(
                "progress is dated {}, after today ({today}): an update records what has happened",
                u.date
            )));
        }
        if let Some(m) = u.milestone_done {
            let plan = self
                .db
                .plan(self.db.plan_of_action(action_id).await?)
                .await?;
            let belongs = plan
                .priorities
                .iter()
                .flat_map(|p| &p.actions)
                .filter(|a| a.id == Some(action_id))
                .flat_map(|a| &a.milestones)
                .any(|x| x.id == Some(m));
            if !belongs {
                return Err(Error::Invalid(format!(
                    "milestone {m} is not a milestone of action {action_id}"
                )));
            }
        }
        self.db
            .add_progress(
                actor,
                action_id,
                &ProgressUpdate {
                    id: None,
                    date: u.date,
                    author: actor.0.clone(),
                    text: u.text.trim().to_string(),
                    status: u.status,
                    entered: Some(jiff::Zoned::now().date()),
                },
            )
            .await?;
        if let Some(m) = u.milestone_done {
            self.db.milestone_done(actor, m, u.date).await?;
        }
        Ok(())
    }

    /// Adds a milestone to an action.
    ///
    /// # Errors
    /// [`Error::Invalid`] for empty text; not found.
    pub async fn add_milestone(
        &self,
        actor: &Actor,
        action_id: i64,
        text: &str,
        due: Option<Date>,
    ) -> Result<i64> {
        if text.trim().is_empty() {
            return Err(Error::Invalid("a milestone needs text".into()));
        }
        Ok(self
            .db
            .add_milestone(
                actor,
                action_id,
                &Milestone {
                    id: None,
                    text: text.trim().to_string(),
                    due,
                    done: None,
                    // Entered today: a rating as known on an earlier date leaves it out.
                    entered: Some(jiff::Zoned::now().date()),
                },
            )
            .await?)
    }

    /// Overrides an action's RAG from `from` until `until`, with a reason.
    ///
    /// # Errors
    /// [`Error::Invalid`] without a reason or with `until` before `from`; not found.
    pub async fn override_rag(
        &self,
        actor: &Actor,
        action_id: i64,
        colour: Rag,
        reason: &str,
        from: Date,
        until: Date,
    ) -> Result<()> {
        if reason.trim().is_empty() {
            return Err(Error::Invalid("an override needs a reason".into()));
        }
        if until < from {
            return Err(Error::Invalid(format!(
                "the override ends ({until}) before it starts ({from})"
            )));
        }
        self.db
            .add_override(
                actor,
                action_id,
                &Override {
                    colour,
                    reason: reason.trim().to_string(),
                    from,
                    until,
                    author: actor.0.clone(),
                    // Entered today: a rating as known on an earlier date leaves it out.
                    entered: Some(jiff::Zoned::now().date()),
                },
            )
            .await?;
        Ok(())
    }
}

impl Sightline {
    /// The plan on a page as HTML: vision, priorities with RAG and why, success measures.
    /// Measures show their words and indicator until indicator values exist (issue 5).
    ///
    /// # Errors
    /// As [`Sightline::plan_status`].
    pub async fn plan_page(
        &self,
        id: Option<i64>,
        as_at: Date,
        rules: &RagRules,
    ) -> Result<String> {
        use sightline_report::page::{PagePriority, PlanPage, render};
        let plan = self.plan(id).await?;
        let status = self.status_of(&plan, as_at, rules).await?;
        let priorities = plan
            .priorities
            .iter()
            .zip(&status.priorities)
            .map(|(p, line)| PagePriority {
                theme: p.theme.clone(),
                text: p.text.clone(),
                rating: (line.rating.colour.to_string(), line.rating.reason.clone()),
                measures: line
                    .targets
                    .iter()
                    .map(|t| {
                        let record = t
                            .record
                            .as_ref()
                            .map(|r| format!(" (target: {r})"))
                            .unwrap_or_default();
                        let off = t
                            .off_track
                            .as_ref()
                            .map(|o| format!("; off track: {o}"))
                            .unwrap_or_default();
                        (format!("{}{record}{off}", t.text), None)
                    })
                    .collect(),
            })
            .collect();
        Ok(render(&PlanPage {
            title: status.title.clone(),
            authority: status.authority.clone(),
            vision: status.vision.clone(),
            as_at: sightline_core::rag::long_date(as_at),
            rating: (
                status.rating.colour.to_string(),
                status.rating.reason.clone(),
            ),
            counts: status
                .counts
                .iter()
                .map(|(c, n)| (c.to_string(), *n))
                .collect(),
            priorities,
        }))
    }
}
