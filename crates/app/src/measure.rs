//! A plan's SMART targets and the indicators' target records are one record per measure
//! (decision 0022): a plan's target links to its indicator's record, the words it states set
//! that record when there is none, and a record off track turns the actions it serves amber.

use jiff::civil::Date;
use serde::Serialize;
use sightline_core::indicator::{self, judge};
use sightline_core::plan::{Plan, read_target};
use sightline_core::rag::OffTrack;
use sightline_store::Actor;

use crate::disclosure::{self, Audience};
use crate::{Result, Sightline};

/// What became of one SMART target's words when a plan was saved or read in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetNote {
    /// The priority's number.
    pub priority: u32,
    /// The target's words.
    pub text: String,
    /// The indicator it is measured by, if any.
    pub indicator: Option<String>,
    /// What happened, in words.
    pub note: String,
    /// Whether the words and the record disagree (the record stands; someone must decide).
    pub disagrees: bool,
}

/// The default tolerance of a target set from a plan's words: 2 points for a percentage, 5%
/// of the value otherwise.
fn tolerance(unit: indicator::Unit, value: f64) -> f64 {
    match unit {
        indicator::Unit::Pct => 2.0,
        _ => (value * 0.05 * 10.0).round() / 10.0,
    }
}

impl Sightline {
    /// Reads each SMART target's words and, for a measure with no target record in force, sets
    /// one from them (audited; the reason names the plan). Where a record exists and the words
    /// state another value, the record stands and the note says so. With `dry_run` nothing is
    /// set: the notes say what would be.
    ///
    /// # Errors
    /// Store errors; a stated value no target can take ([`crate::Error::Invalid`]) is a note,
    /// not an error.
    pub async fn adopt_plan_targets(
        &self,
        actor: &Actor,
        plan: &Plan,
        today: Date,
        dry_run: bool,
    ) -> Result<Vec<TargetNote>> {
        let mut held: Vec<judge::Target> = self
            .targets()
            .await?
            .into_iter()
            .map(|t| t.target)
            .collect();
        let mut notes = Vec::new();
        for p in &plan.priorities {
            for t in &p.targets {
                let mut note = |text: String, disagrees: bool| {
                    notes.push(TargetNote {
                        priority: p.number,
                        text: t.text.clone(),
                        indicator: t.indicator.clone(),
                        note: text,
                        disagrees,
                    });
                };
                let Some(stated) = read_target(&t.text, t.indicator.as_deref()) else {
                    if t.indicator.is_some() {
                        note(
                            "no value can be read from the words; the indicator's target record, \
                             if any, is the target"
                                .into(),
                            false,
                        );
                    }
                    continue;
                };
                let Some(def) = indicator::definition(stated.indicator) else {
                    continue;
                };
                let on = stated.by.unwrap_or(today).min(today);
                let value = judge::format_value(def.unit, stated.value);
                if let Some(r) = judge::target_at(&held, def.id, on) {
                    if (r.value - stated.value).abs() < 1e-9 {
                        note(format!("agrees with the target record ({value})"), false);
                    } else {
                        note(
                            format!(
                                "the words say {value}, but the target record for {} is {} (set \
                                 by {}: {}); the record stands. Change the record, or the words, \
                                 so they agree",
                                def.id,
                                judge::format_value(def.unit, r.value),
                                r.set_by,
                                r.reason
                            ),
                            true,
                        );
                    }
                    continue;
                }
                let owner = p
                    .actions
                    .iter()
                    .find_map(|a| a.lead.clone())
                    .unwrap_or_else(|| "the improvement board".to_string());
                let record = judge::Target {
                    indicator: def.id.to_string(),
                    value: stated.value,
                    tolerance: tolerance(def.unit, stated.value),
                    from: plan.period_start.unwrap_or(today).min(today),
                    to: stated
                        .by
                        .or(plan.period_end)
                        .unwrap_or_else(|| today.saturating_add(jiff::Span::new().years(2))),
                    owner,
                    set_by: actor.0.clone(),
                    reason: format!("improvement plan priority {}: {}", p.number, t.text),
                    kind: Default::default(),
                };
                if dry_run {
                    note(format!("would set the target record: {value}"), false);
                    held.push(record);
                    continue;
                }
                match self.set_target(actor, &record).await {
                    Ok(_) => {
                        note(format!("set the target record: {value}"), false);
                        held.push(record);
                    }
                    Err(crate::Error::Invalid(why)) => note(format!("not set: {why}"), true),
                    Err(e) => return Err(e),
                }
            }
        }
        Ok(notes)
    }

    /// The target records as known on `as_at`: with `as_now_known` false, only those set by
    /// then.
    ///
    /// # Errors
    /// Store errors.
    pub async fn targets_known(
        &self,
        as_at: Date,
        as_now_known: bool,
    ) -> Result<Vec<judge::Target>> {
        Ok(self
            .targets()
            .await?
            .into_iter()
            .filter(|t| {
                as_now_known
                    || t.set_at
                        .parse::<jiff::Timestamp>()
                        .is_ok_and(|s| s.to_zoned(jiff::tz::TimeZone::UTC).date() <= as_at)
            })
            .map(|t| t.target)
            .collect())
    }

    /// Which of `targets` are off track on `as_at`, each with why: the latest figure as at
    /// that date against the target in force for it, amber or red. A figure withheld from
    /// aggregate outputs (small numbers) is judged, but its value is not put in the words.
    ///
    /// # Errors
    /// Store errors.
    pub async fn off_track(&self, targets: &[judge::Target], as_at: Date) -> Result<OffTrack> {
        let small = i64::from(self.indicator_settings().await?.small_number);
        let mut out = OffTrack::new();
        if targets.is_empty() {
            return Ok(out);
        }
        let headlines = self.db.headline_series(None).await?;
        let home = self.home_authority().await?;
        let mut known = sightline_ingest::benchmarks::shipped()?;
        known.extend(self.db.benchmarks(None).await?);
        for def in indicator::CATALOGUE {
            let Some(latest) = headlines
                .iter()
                .filter(|f| f.observation.id == def.id && f.as_at <= as_at)
                .max_by_key(|f| (f.as_at, f.extract_id))
            else {
                continue;
            };
            let Some(target) = judge::target_at(targets, def.id, latest.as_at) else {
                continue;
            };
            let series: Vec<(Date, Option<f64>)> = headlines
                .iter()
                .filter(|f| f.observation.id == def.id && f.as_at <= as_at)
                .map(|f| (f.as_at, f.observation.value))
                .collect();
            let shown = crate::indicator::shown_benchmarks(def.id, home.as_ref(), &known);
            let rating = judge::rate_on(
                def,
                latest.observation.value,
                Some(target),
                latest.as_at,
                &crate::indicator::against(latest.as_at, &series, &shown),
            );
            if !matches!(
                rating.colour,
                sightline_core::rag::Rag::Amber | sightline_core::rag::Rag::Red
            ) {
                continue;
            }
            let shown = disclosure::headline_value(Audience::Aggregate, small, &latest.observation)
                .is_some();
            let why = if shown {
                format!("{} as at {}", rating.reason, latest.as_at)
            } else {
                format!(
                    "{} against its target ({}) as at {} (the figure is withheld: small numbers)",
                    rating.colour,
                    target.kind.as_str().replace('_', " "),
                    latest.as_at
                )
            };
            out.insert(def.id.to_string(), why);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tolerance_is_two_points_or_five_per_cent() {
        assert_eq!(tolerance(indicator::Unit::Pct, 90.0), 2.0);
        assert_eq!(tolerance(indicator::Unit::Days, 480.0), 24.0);
        assert_eq!(tolerance(indicator::Unit::Ratio, 15.0), 0.8);
    }
}
