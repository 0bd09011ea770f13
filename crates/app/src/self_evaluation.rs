//! The annual self-evaluation (issue 18, decision 0032): written by area around Ofsted's three
//! questions, every change a new version; evidence cited, not pasted, shown live in a draft
//! and frozen on publication, with a warning where a cited figure has moved materially since;
//! the annual engagement meeting recorded against the version discussed; a DOCX or PDF through
//! the packs' report crate.

use jiff::civil::Date;
use serde::Serialize;
use sightline_core::access::Role;
use sightline_core::indicator::judge::format_value;
use sightline_core::rag::RagRules;
use sightline_core::self_evaluation::{
    Area, Citation, Evidence, Question, SelfEvaluation, Statement, moved, why_not_current,
};
use sightline_store::Actor;

use crate::disclosure::Audience;
use crate::{Error, Format, Result, Sightline};

fn forbidden() -> Error {
    Error::Forbidden("the self-evaluation is written by managers, analysts and admins")
}

/// The most characters an answer may have (about four pages).
pub const MAX_ANSWER_CHARS: usize = 20_000;

/// A cited piece of evidence as shown: frozen (published) or as it stands (draft), with a
/// warning when a frozen figure has moved materially since.
#[derive(Debug, Clone, Serialize)]
pub struct Cited {
    /// The evidence.
    pub evidence: Evidence,
    /// Whether frozen at publication.
    pub frozen: bool,
    /// The figure has moved materially since publication: from what to what.
    pub moved: Option<String>,
}

/// A version of the self-evaluation as shown.
#[derive(Debug, Clone, Serialize)]
pub struct SelfEvaluationView {
    /// The version.
    pub self_evaluation: SelfEvaluation,
    /// Each statement's evidence, in statement order.
    pub evidence: Vec<Vec<Cited>>,
    /// The questions of each area not yet answered.
    pub unanswered: Vec<String>,
    /// Every version of the year: (id, version, published on, discussed on).
    pub versions: Vec<(i64, u32, Option<Date>, Option<Date>)>,
    /// Why it is out of date, when the latest published version is over twelve months old.
    pub out_of_date: Option<String>,
}

/// What citations are looked up in.
struct Sources {
    card: std::sync::Arc<crate::Scorecard>,
    plan: Option<crate::PlanStatus>,
}

impl Sightline {
    /// What citations are looked up in, read once for every statement: the scorecard (as a
    /// viewer may see it: the self-evaluation is shared outside the council) and the plan's
    /// standing on `today`. `None` when nothing is cited.
    async fn sources(&self, actor: &Actor, cited: bool, today: Date) -> Result<Option<Sources>> {
        if !cited {
            return Ok(None);
        }
        let card = self
            .shared_scorecard(actor, Audience::Aggregate, None)
            .await?;
        let plan = match self.plan_status(None, today, &RagRules::default()).await {
            Ok(p) => Some(p),
            Err(Error::Invalid(_)) => None,
            Err(e) => return Err(e),
        };
        Ok(Some(Sources { card, plan }))
    }

    /// The evidence each citation points to, as it stands today.
    async fn evidence_now(
        &self,
        sources: Option<&Sources>,
        cites: &[Citation],
        today: Date,
    ) -> Result<Vec<Evidence>> {
        let Some(Sources { card, plan }) = sources.filter(|_| !cites.is_empty()) else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for c in cites {
            let indicator = |id: &str| {
                card.indicators
                    .iter()
                    .find(|j| j.definition.id == id)
                    .map(|j| {
                        let value = j.latest.as_ref().and_then(|f| f.figure.value());
                        let at = j.latest.as_ref().map(|f| f.as_at);
                        let england = j
                            .benchmarks
                            .iter()
                            .find(|b| b.benchmark.area == "England")
                            .and_then(|b| b.benchmark.value)
                            .map(|v| format!("; England {}", format_value(j.definition.unit, v)))
                            .unwrap_or_default();
                        let words = match (value, at) {
                            (Some(v), Some(at)) => format!(
                                "{}: {} at {at}, {}{england}",
                                j.definition.title,
                                format_value(j.definition.unit, v),
                                j.travel.sentence
                            ),
                            (None, Some(at)) => format!(
                                "{}: no figure to show at {at} (suppressed or not computed)",
                                j.definition.title
                            ),
                            _ => format!("{}: no figure yet", j.definition.title),
                        };
                        Evidence {
                            citation: c.clone(),
                            words,
                            value,
                            unit: Some(j.definition.unit),
                            at,
                        }
                    })
            };
            let found = match c {
                Citation::Indicator { id } => indicator(id),
                Citation::Audits => indicator("audits_good_or_better_pct"),
                Citation::Action { id } => plan.as_ref().and_then(|p| {
                    p.priorities
                        .iter()
                        .flat_map(|pr| &pr.actions)
                        .find(|a| a.id == Some(*id))
                        .map(|a| Evidence {
                            citation: c.clone(),
                            words: format!(
                                "Action {id}: {} ({} on {today}: {})",
                                a.text,
                                a.rating.colour.as_str().to_uppercase(),
                                a.rating.reason
                            ),
                            value: None,
                            unit: None,
                            at: Some(today),
                        })
                }),
                Citation::Recommendation {
                    inspection_id,
                    number,
                } => {
                    let i = self.db.inspection(*inspection_id).await.ok();
                    i.and_then(|i| {
                        let r = i.recommendations.get(number.checked_sub(1)?)?;
                        Some(Evidence {
                            citation: c.clone(),
                            words: format!(
                                "Ofsted, {} ({}): recommendation {number}: {}",
                                i.kind.label(),
                                i.start_date,
                                r.text
                            ),
                            value: None,
                            unit: None,
                            at: Some(i.start_date),
                        })
                    })
                }
            };
            out.push(
                found.ok_or_else(|| {
                    Error::Invalid(format!("{c}: there is no such thing to cite"))
                })?,
            );
        }
        Ok(out)
    }

    /// The latest version of a year (none yet: `None`).
    async fn latest_version(&self, year: i16) -> Result<Option<SelfEvaluation>> {
        Ok(self
            .db
            .self_evaluations()
            .await?
            .into_iter()
            .filter(|s| s.year == year)
            .max_by_key(|s| s.version))
    }

    /// Writes one area's answer to one question, with what it cites, as a new draft version of
    /// the year's self-evaluation (from the latest version, published or not). Audited.
    /// Returns the new version's id and number.
    ///
    /// # Errors
    /// [`Error::Forbidden`] for viewers; [`Error::Invalid`] for empty words or a citation of
    /// something that does not exist.
    #[allow(clippy::too_many_arguments)]
    pub async fn write_statement(
        &self,
        role: Role,
        actor: &Actor,
        year: i16,
        area: Area,
        question: Question,
        text: &str,
        cites: Vec<Citation>,
        today: Date,
    ) -> Result<(i64, u32)> {
        if !role.comments() {
            return Err(forbidden());
        }
        if !(2000..=2100).contains(&year) {
            return Err(Error::Invalid(format!(
                "{year} is not a year a self-evaluation is written for (2000 to 2100)"
            )));
        }
        if text.chars().count() > MAX_ANSWER_CHARS {
            return Err(Error::Invalid(format!(
                "the answer is longer than {MAX_ANSWER_CHARS} characters (about four pages)"
            )));
        }
        if text.trim().is_empty() {
            return Err(Error::Invalid(format!(
                "{}: \"{}\" needs an answer",
                area.title(),
                question.words()
            )));
        }
        // Every citation must point at something that exists now.
        let sources = self.sources(actor, !cites.is_empty(), today).await?;
        self.evidence_now(sources.as_ref(), &cites, today).await?;
        let mut next = match self.latest_version(year).await? {
            Some(s) => SelfEvaluation {
                id: None,
                version: s.version + 1,
                published_on: None,
                engagement_on: None,
                written_by: actor.0.clone(),
                statements: s
                    .statements
                    .into_iter()
                    .map(|st| Statement {
                        frozen: Vec::new(),
                        ..st
                    })
                    .collect(),
                year,
            },
            None => SelfEvaluation {
                id: None,
                year,
                version: 1,
                published_on: None,
                engagement_on: None,
                written_by: actor.0.clone(),
                statements: Vec::new(),
            },
        };
        next.set(Statement {
            area,
            question,
            text: text.trim().to_string(),
            cites,
            frozen: Vec::new(),
        });
        let id = self.db.save_self_evaluation(actor, &next).await?;
        Ok((id, next.version))
    }

    /// Publishes the latest version of a year as a new version with every cited figure frozen
    /// as it stands on `today`. Audited. Returns the published version's id and number.
    ///
    /// # Errors
    /// [`Error::Forbidden`] for viewers; [`Error::Invalid`] when there is nothing to publish (no
    /// version, or the latest is already published) or a citation no longer resolves.
    pub async fn publish_self_evaluation(
        &self,
        role: Role,
        actor: &Actor,
        year: i16,
        today: Date,
    ) -> Result<(i64, u32)> {
        if !role.comments() {
            return Err(forbidden());
        }
        let Some(latest) = self.latest_version(year).await? else {
            return Err(Error::Invalid(format!(
                "there is no {year} self-evaluation to publish: write a statement first"
            )));
        };
        if latest.published_on.is_some() {
            return Err(Error::Invalid(format!(
                "version {} of the {year} self-evaluation is already published; write a change to \
                 make a new draft",
                latest.version
            )));
        }
        let sources = self
            .sources(
                actor,
                latest.statements.iter().any(|s| !s.cites.is_empty()),
                today,
            )
            .await?;
        let mut statements = Vec::new();
        for s in latest.statements {
            let frozen = self.evidence_now(sources.as_ref(), &s.cites, today).await?;
            statements.push(Statement { frozen, ..s });
        }
        let published = SelfEvaluation {
            id: None,
            version: latest.version + 1,
            published_on: Some(today),
            engagement_on: None,
            written_by: actor.0.clone(),
            statements,
            year,
        };
        let id = self.db.save_self_evaluation(actor, &published).await?;
        Ok((id, published.version))
    }

    /// Records the annual engagement meeting a published version was discussed at. Audited.
    ///
    /// # Errors
    /// [`Error::Forbidden`] for viewers; [`Error::Invalid`] for an unknown or unpublished
    /// version, or a meeting before its publication.
    pub async fn record_engagement(
        &self,
        role: Role,
        actor: &Actor,
        year: i16,
        version: u32,
        on: Date,
    ) -> Result<()> {
        if !role.comments() {
            return Err(forbidden());
        }
        let s = self
            .db
            .self_evaluations()
            .await?
            .into_iter()
            .find(|s| s.year == year && s.version == version)
            .ok_or_else(|| {
                Error::Invalid(format!(
                    "there is no version {version} of the {year} self-evaluation"
                ))
            })?;
        match s.published_on {
            None => Err(Error::Invalid(format!(
                "version {version} is a draft: Ofsted discusses a published version"
            ))),
            Some(p) if on < p => Err(Error::Invalid(format!(
                "the meeting on {on} is before version {version} was published ({p})"
            ))),
            Some(_) => Ok(self
                .db
                .set_engagement(actor, s.id.unwrap_or_default(), on)
                .await?),
        }
    }

    /// A version of the self-evaluation (default: the latest of the latest year) as shown on
    /// `today`: a draft's evidence as it stands, a published version's as frozen with what has
    /// moved since.
    ///
    /// # Errors
    /// [`Error::Invalid`] when there is none; store errors.
    pub async fn self_evaluation(
        &self,
        actor: &Actor,
        year: Option<i16>,
        version: Option<u32>,
        today: Date,
    ) -> Result<SelfEvaluationView> {
        let all = self.db.self_evaluations().await?;
        let year = match year {
            Some(y) => y,
            None => all.iter().map(|s| s.year).max().ok_or_else(|| {
                Error::Invalid(
                    "no self-evaluation is written yet: `sightline sef write --year YYYY …`".into(),
                )
            })?,
        };
        let of_year: Vec<&SelfEvaluation> = all.iter().filter(|s| s.year == year).collect();
        let chosen = match version {
            Some(v) => of_year.iter().find(|s| s.version == v),
            None => of_year.iter().max_by_key(|s| s.version),
        }
        .copied()
        .cloned()
        .ok_or_else(|| {
            Error::Invalid(format!(
                "there is no such version of the {year} self-evaluation"
            ))
        })?;
        let sources = self
            .sources(
                actor,
                chosen.statements.iter().any(|s| !s.cites.is_empty()),
                today,
            )
            .await?;
        let mut evidence = Vec::new();
        for s in &chosen.statements {
            let now = self
                .evidence_now(sources.as_ref(), &s.cites, today)
                .await
                .ok();
            let shown = if chosen.published_on.is_some() {
                s.frozen
                    .iter()
                    .map(|f| Cited {
                        moved: moved(
                            f,
                            now.as_ref().and_then(|n| {
                                n.iter()
                                    .find(|e| e.citation == f.citation)
                                    .and_then(|e| e.value)
                            }),
                        ),
                        evidence: f.clone(),
                        frozen: true,
                    })
                    .collect()
            } else {
                now.unwrap_or_default()
                    .into_iter()
                    .map(|e| Cited {
                        evidence: e,
                        frozen: false,
                        moved: None,
                    })
                    .collect()
            };
            evidence.push(shown);
        }
        let latest_published = all.iter().filter_map(|s| s.published_on).max();
        Ok(SelfEvaluationView {
            unanswered: chosen.unanswered(),
            versions: of_year
                .iter()
                .map(|s| {
                    (
                        s.id.unwrap_or_default(),
                        s.version,
                        s.published_on,
                        s.engagement_on,
                    )
                })
                .collect(),
            out_of_date: why_not_current(latest_published, today),
            self_evaluation: chosen,
            evidence,
        })
    }

    /// A version of the self-evaluation as a document (DOCX, PDF, XLSX or HTML), through the
    /// packs' report crate: by area, each of Ofsted's three questions with its answer and its
    /// evidence (frozen when published).
    ///
    /// # Errors
    /// As [`Sightline::self_evaluation`]; [`Error::Invalid`] when it cannot be rendered.
    pub async fn self_evaluation_document(
        &self,
        actor: &Actor,
        year: Option<i16>,
        version: Option<u32>,
        today: Date,
        format: Format,
    ) -> Result<Vec<u8>> {
        use sightline_report::pack::{Block, Pack, Section};
        let view = self.self_evaluation(actor, year, version, today).await?;
        let s = &view.self_evaluation;
        let authority = self
            .home_authority()
            .await?
            .map_or_else(|| "The local authority".to_string(), |a| a.name);
        let mut sections = Vec::new();
        for area in Area::ALL {
            let mut blocks = Vec::new();
            for question in Question::ALL {
                blocks.push(Block::Subheading(question.words().to_string()));
                match s
                    .statements
                    .iter()
                    .position(|st| st.area == area && st.question == question)
                {
                    Some(k) => {
                        if let Some(st) = s.statements.get(k) {
                            blocks.push(Block::Paragraph(st.text.clone()));
                        }
                        let cited: Vec<String> = view
                            .evidence
                            .get(k)
                            .map(|ev| {
                                ev.iter()
                                    .map(|c| match &c.moved {
                                        Some(m) => {
                                            format!("{} (moved since: {m})", c.evidence.words)
                                        }
                                        None => c.evidence.words.clone(),
                                    })
                                    .collect()
                            })
                            .unwrap_or_default();
                        if !cited.is_empty() {
                            blocks.push(Block::Bullets(cited));
                        }
                    }
                    None => blocks.push(Block::Paragraph("Not yet answered.".into())),
                }
            }
            sections.push(Section {
                heading: area.title().to_string(),
                appendix: false,
                blocks,
            });
        }
        let status = match (s.published_on, s.engagement_on) {
            (Some(p), Some(e)) => {
                format!("Published {p}; discussed at the annual engagement meeting on {e}")
            }
            (Some(p), None) => format!("Published {p}"),
            (None, _) => "Draft: evidence as it stands today, not frozen".to_string(),
        };
        let pack = Pack {
            kind: sightline_core::pack::Kind::ImprovementBoard,
            marking: sightline_core::pack::Marking::OfficialSensitive,
            authority: authority.clone(),
            meeting: "Annual engagement meeting with Ofsted".into(),
            title: format!(
                "{authority}: self-evaluation of social work practice, {}",
                s.year
            ),
            period: s.year.to_string(),
            as_at: today.strftime("%-d %B %Y").to_string(),
            facts: vec![
                ("Version".into(), s.version.to_string()),
                ("Status".into(), status),
                ("Written by".into(), s.written_by.clone()),
            ],
            sections,
        };
        sightline_report_print::render(&pack, format, today).map_err(|e| {
            Error::Invalid(format!(
                "the self-evaluation could not be rendered as {}: {e}",
                format.extension()
            ))
        })
    }
}
