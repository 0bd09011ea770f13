//! Inspection readiness (issue 18, decision 0033): for the next inspection window, each thing
//! a council is asked for on the first day, ready or not, with the reason.

use jiff::civil::Date;
use serde::Serialize;
use sightline_core::governance::PaperSource;
use sightline_core::rag::{Rag, RagRules};
use sightline_core::self_evaluation::why_not_current;

use crate::disclosure::Audience;
use crate::{Error, Result, Sightline};

/// How recent the latest progress on the plan must be for it to be current.
pub const PLAN_CURRENT_DAYS: i32 = 92;
/// How old the latest extract may be.
pub const EXTRACT_CURRENT_DAYS: i32 = 35;
/// The share of rows with errors an extract may have (per thousand rows read).
pub const ERRORS_PER_THOUSAND: i64 = 10;

/// One thing to be ready with.
#[derive(Debug, Clone, Serialize)]
pub struct ReadinessItem {
    /// The question.
    pub question: &'static str,
    /// Ready or not.
    pub ready: bool,
    /// Why, in a sentence.
    pub reason: String,
    /// What stands in the way, one line each.
    pub details: Vec<String>,
}

/// The readiness page.
#[derive(Debug, Clone, Serialize)]
pub struct Readiness {
    /// The day judged.
    pub as_at: Date,
    /// The next inspection window, in words, when there is a graded inspection to count from.
    pub window: Option<String>,
    /// Each item.
    pub items: Vec<ReadinessItem>,
}

fn item(
    question: &'static str,
    ready: bool,
    reason: String,
    details: Vec<String>,
) -> ReadinessItem {
    ReadinessItem {
        question,
        ready,
        reason,
        details,
    }
}

impl Sightline {
    /// Readiness for the next inspection on `today`: the self-evaluation, the plan, the packs
    /// sent, the latest extract's data quality, and the recommendations without an action or
    /// with only red ones.
    ///
    /// # Errors
    /// Store errors.
    pub async fn readiness(&self, today: Date) -> Result<Readiness> {
        let mut items = Vec::new();
        // The window.
        let home = self.home_authority().await?;
        let journey = match &home {
            Some(a) => Some(self.journey(&a.code.to_string()).await?.1),
            None => None,
        };
        let window = journey
            .as_ref()
            .and_then(|j| j.next_window.as_ref())
            .map(|w| {
                let state = if today < w.opens {
                    format!("opens in {} days", (w.opens - today).get_days())
                } else if today <= w.closes {
                    "is open now".to_string()
                } else {
                    "has closed: an inspection is due".to_string()
                };
                format!(
                    "The window for the next inspection ({}) runs from {} to {}, six months either \
                 side of the three-year anniversary on {}, and {state}",
                    w.expected_kind.label().to_lowercase(),
                    w.opens,
                    w.closes,
                    w.anniversary
                )
            });

        // 1. The self-evaluation: the latest version, and the latest published.
        let versions = self.db.self_evaluations().await?;
        let latest = versions.iter().max_by_key(|s| (s.year, s.version));
        let published = versions.iter().filter_map(|s| s.published_on).max();
        let question = "Is the self-evaluation less than 12 months old?";
        items.push(
            match (latest, why_not_current(published, today), published) {
                (None, _, _) => item(
                    question,
                    false,
                    "no self-evaluation is written".into(),
                    Vec::new(),
                ),
                (Some(_), Some(why), _) => item(question, false, why, Vec::new()),
                (Some(l), None, p) => item(
                    question,
                    true,
                    p.map_or_else(String::new, |p| format!("published {p}")),
                    l.unanswered()
                        .iter()
                        .map(|u| format!("not yet answered: {u}"))
                        .collect(),
                ),
            },
        );

        // 2. The plan, and 5. the recommendations.
        let plan = match self.plan_status(None, today, &RagRules::default()).await {
            Ok(p) => Some(p),
            Err(Error::Invalid(_)) => None,
            Err(e) => return Err(e),
        };
        let latest_graded = journey.as_ref().and_then(|j| {
            j.events
                .iter()
                .filter(|e| e.kind.is_graded())
                .max_by_key(|e| e.start_date)
                .cloned()
        });
        items.push(match &plan {
            None => item(
                "Is the plan current?",
                false,
                "there is no improvement plan".into(),
                Vec::new(),
            ),
            Some(p) => {
                let newest = p
                    .priorities
                    .iter()
                    .flat_map(|pr| &pr.actions)
                    .filter_map(|a| a.progress.as_ref().map(|(d, _)| *d))
                    .max();
                let mut details = Vec::new();
                if let (Some(g), Some(linked)) = (&latest_graded, p.inspection_id)
                    && g.id != Some(linked)
                {
                    details.push(format!(
                        "the plan answers inspection {linked}, not the latest graded one ({})",
                        g.start_date
                    ));
                }
                let stale = newest.is_none_or(|d| (today - d).get_days() > PLAN_CURRENT_DAYS);
                let reason = match newest {
                    Some(d) => format!(
                        "the latest progress was recorded on {d} ({} days ago){}",
                        (today - d).get_days(),
                        if stale {
                            format!("; current means within {PLAN_CURRENT_DAYS} days")
                        } else {
                            String::new()
                        }
                    ),
                    None => "no progress has been recorded against any action".into(),
                };
                item(
                    "Is the plan current?",
                    !stale && details.is_empty(),
                    reason,
                    details,
                )
            }
        });

        // 3. The packs sent in the last 12 months.
        let meetings = self.db.meetings().await?;
        let papers = self.db.papers().await?;
        let year_ago = today.saturating_sub(jiff::Span::new().years(1));
        let due: Vec<_> = meetings
            .iter()
            .filter(|m| m.body.pack_kind().is_some() && m.has_met(today) && m.date >= year_ago)
            .collect();
        let missing: Vec<String> = due
            .iter()
            .filter(|m| {
                !papers.iter().any(|p| {
                    Some(p.meeting_id) == m.id && matches!(p.source, PaperSource::Pack { .. })
                })
            })
            .map(|m| format!("no pack was sent to {}", m.named()))
            .collect();
        items.push(if due.is_empty() {
            item(
                "Have the last 12 months' packs been sent?",
                false,
                "no improvement board, cabinet or scrutiny meeting in the last 12 months is \
                 recorded, so it cannot be shown"
                    .into(),
                Vec::new(),
            )
        } else {
            item(
                "Have the last 12 months' packs been sent?",
                missing.is_empty(),
                format!(
                    "{} of {} meetings in the last 12 months had a pack sent as a paper",
                    due.len() - missing.len(),
                    due.len()
                ),
                missing,
            )
        });

        // 4. The latest extract's data quality.
        items.push(match self.quality_report(Audience::Aggregate, None).await {
            Ok(q) => {
                let e = &q.extract;
                let as_at: Option<Date> = e.as_at.parse().ok();
                let age = as_at.map(|d| (today - d).get_days());
                let per_thousand = if e.rows_read > 0 {
                    e.errors * 1000 / e.rows_read
                } else {
                    0
                };
                let mut details = Vec::new();
                if age.is_none_or(|a| a > EXTRACT_CURRENT_DAYS) {
                    details.push(format!(
                        "the extract is as at {}: more than {EXTRACT_CURRENT_DAYS} days old",
                        e.as_at
                    ));
                }
                if per_thousand >= ERRORS_PER_THOUSAND {
                    details.push(format!(
                        "{} errors in {} rows ({per_thousand} per thousand; ready below \
                         {ERRORS_PER_THOUSAND})",
                        e.errors, e.rows_read
                    ));
                }
                let ready = details.is_empty();
                // Sense checks ask for a second look; they do not stop readiness alone.
                details.extend(
                    q.sense
                        .iter()
                        .take(5)
                        .map(|s| format!("to look at: {}", s.message)),
                );
                item(
                    "What is the latest extract's data-quality state?",
                    ready,
                    format!(
                        "extract {} as at {}: {} rows, {} errors, {} warnings",
                        e.id, e.as_at, e.rows_read, e.errors, e.warnings
                    ),
                    details,
                )
            }
            Err(Error::Invalid(_)) => item(
                "What is the latest extract's data-quality state?",
                false,
                "no Annex A extract is loaded".into(),
                Vec::new(),
            ),
            Err(e) => return Err(e),
        });

        // 5. Recommendations with no action, or only red actions.
        items.push(match (&plan, &latest_graded) {
            (Some(p), Some(g)) => {
                let mut details: Vec<String> = p
                    .coverage
                    .uncovered_recommendations
                    .iter()
                    .map(|n| format!("recommendation {n}: no priority or action answers it"))
                    .collect();
                for r in &g.recommendations {
                    let answering: Vec<_> = p
                        .priorities
                        .iter()
                        .filter(|pr| pr.recommendations.contains(&r.number))
                        .collect();
                    if answering.is_empty() {
                        continue;
                    }
                    let actions: Vec<_> = answering.iter().flat_map(|pr| &pr.actions).collect();
                    if actions.is_empty() {
                        details.push(format!(
                            "recommendation {}: its priorities have no actions",
                            r.number
                        ));
                    } else if actions.iter().all(|a| a.rating.colour == Rag::Red) {
                        details.push(format!(
                            "recommendation {}: every action answering it is red",
                            r.number
                        ));
                    }
                }
                details.sort();
                details.dedup();
                item(
                    "Which recommendations have no action, or only red actions?",
                    details.is_empty(),
                    if details.is_empty() {
                        format!(
                            "each of the {} recommendations of the inspection of {} has an \
                             action that is not red",
                            g.recommendations.len(),
                            g.start_date
                        )
                    } else {
                        format!("{} need attention", details.len())
                    },
                    details,
                )
            }
            (None, _) => item(
                "Which recommendations have no action, or only red actions?",
                false,
                "there is no improvement plan".into(),
                Vec::new(),
            ),
            (Some(_), None) => item(
                "Which recommendations have no action, or only red actions?",
                false,
                "no graded inspection is recorded for the authority, so the recommendations are \
                 not known"
                    .into(),
                Vec::new(),
            ),
        });
        Ok(Readiness {
            as_at: today,
            window,
            items,
        })
    }
}
