//! Board and scrutiny packs (issue 16): the committee report an improvement board, cabinet or
//! scrutiny commission reads, built from the same figures as every screen, through the same
//! disclosure layer, with the owners' commentary; stored with what it was built from, so it
//! renders the same whenever it is downloaded (decision 0025).
//!
//! A public pack is built for [`Audience::Aggregate`]: the figures are suppressed before any
//! sentence is written from them, and no worker or commentary author is named. A restricted
//! pack is marked OFFICIAL-SENSITIVE and carries team and worker breakdowns of the exceptions.

use jiff::civil::Date;
use serde::Serialize;
use sha2::{Digest, Sha256};
use sightline_core::access::Role;
use sightline_core::commentary::{Commentary, is_period};
use sightline_core::indicator::judge::{Direction, format_value};
use sightline_core::indicator::{CATALOGUE, DEFINITION_VERSION, Dimension, Polarity};
use sightline_core::pack::{CommentaryVersion, Inputs, Kind, Marking, Output, PackRecord, Part};
use sightline_core::rag::{Rag, RagRules};
use sightline_report::pack::{
    Block, Cell, ChartBlock, Pack, Section, Table, TableRole, Value, rag_word,
};
use sightline_store::{Actor, NewPack};

use crate::disclosure::{Audience, Disclosed};
use crate::indicator::{Judged, Scorecard};
use crate::plan::PlanStatus;
use crate::{Error, Result, Sightline};

pub use sightline_report_print::Format;

/// The longest "officer to contact": a name, a role, a telephone number and an email address.
pub const MAX_CONTACT_CHARS: usize = 300;

/// What to build.
#[derive(Debug, Clone)]
pub struct PackRequest {
    /// The meeting.
    pub kind: Kind,
    /// `YYYY-MM`: the month whose figures it reports.
    pub period: String,
    /// For publication: suppressed, no names.
    pub public: bool,
    /// The officer to contact, as printed; else the authority's director of children's
    /// services.
    pub contact: Option<String>,
}

/// A pack built (or rendered again) and its file.
#[derive(Debug, Clone, Serialize)]
pub struct BuiltPack {
    /// The stored record: what was built and from what, with the file's checksum.
    pub record: PackRecord,
    /// The exceptions with no commentary for the period: (indicator id, title, owner to ask).
    pub without_commentary: Vec<(String, String, String)>,
    /// The document, as every format prints it.
    #[serde(skip)]
    pub document: Pack,
    /// The file.
    #[serde(skip)]
    pub bytes: Vec<u8>,
}

/// SHA-256 of `bytes`, in lower-case hex: the checksum every kept document carries.
pub(crate) fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The last day of a `YYYY-MM` period.
fn period_end(period: &str) -> Result<Date> {
    sightline_core::commentary::period_end(period).ok_or_else(|| {
        Error::Invalid(format!(
            "{period:?} is not a period: give the month as YYYY-MM (2026-10)"
        ))
    })
}

fn long_date(d: Date) -> String {
    d.strftime("%-d %B %Y").to_string()
}

/// The words of a direction of travel, with an arrow that survives black-and-white printing.
fn direction_words(d: Direction) -> &'static str {
    match d {
        Direction::Improving => "↑ improving",
        Direction::Steady => "→ steady",
        Direction::Worsening => "↓ worsening",
        Direction::Rising => "↑ rising",
        Direction::Falling => "↓ falling",
        Direction::Unknown => "– too few values",
    }
}

fn shown(j: &Judged) -> String {
    match j.latest.as_ref().map(|f| &f.figure) {
        Some(Disclosed::Suppressed(_)) => "c".to_string(),
        Some(f) => f
            .value()
            .map_or_else(|| "no value".into(), |v| format_value(j.definition.unit, v)),
        None => "no value".into(),
    }
}

/// A value without its unit's words, for a trend ("71%", "964", "31.1").
fn short_value(unit: sightline_core::indicator::Unit, v: f64) -> String {
    let n = if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    };
    if unit == sightline_core::indicator::Unit::Pct {
        format!("{n}%")
    } else {
        n
    }
}

/// The last three values shown, oldest first ("71% · 74% · 78%"); `c` where suppressed.
fn trend(j: &Judged) -> String {
    let n = j.series.len();
    j.series[n.saturating_sub(3)..]
        .iter()
        .map(|(_, v)| v.map_or_else(|| "c".into(), |v| short_value(j.definition.unit, v)))
        .collect::<Vec<_>>()
        .join(" · ")
}

fn benchmark_text(j: &Judged, area: &str) -> String {
    j.benchmarks
        .iter()
        .find(|b| b.benchmark.area == area)
        .and_then(|b| b.benchmark.value)
        .map_or_else(|| "–".into(), |v| format_value(j.definition.unit, v))
}

fn neighbours_text(j: &Judged) -> String {
    use sightline_core::benchmark::Level;
    if let Some(v) = j
        .benchmarks
        .iter()
        .find(|b| b.benchmark.level == Level::StatisticalNeighbours)
        .and_then(|b| b.benchmark.value)
    {
        return format_value(j.definition.unit, v);
    }
    let values: Vec<f64> = j
        .neighbours
        .iter()
        .filter_map(|b| b.benchmark.value)
        .collect();
    if values.is_empty() {
        "–".into()
    } else {
        format!(
            "{} (mean of {})",
            format_value(
                j.definition.unit,
                values.iter().sum::<f64>() / values.len() as f64
            ),
            values.len()
        )
    }
}

/// What the colours mean, printed beside every table of them.
const RAG_KEY: &str = "Key: Red, off target beyond its tolerance or late; Amber, off target \
     within tolerance or at risk; Green, on target or on track; Blue, complete; Grey, not rated \
     (no target, a context measure, or a suppressed figure).";

fn good_is(p: Polarity) -> &'static str {
    match p {
        Polarity::HigherBetter => "Higher",
        Polarity::LowerBetter => "Lower",
        Polarity::Context => "Context",
    }
}

/// What the pack is made from, gathered once.
struct Material {
    request: PackRequest,
    audience: Audience,
    authority: String,
    as_at: Date,
    card: Scorecard,
    commentary: Vec<Commentary>,
    plan: Option<PlanStatus>,
    journey: Option<sightline_core::inspection::Journey>,
    quality: crate::extract::QualityReport,
    series: Vec<(String, Vec<crate::disclosure::Figure>)>,
    money: crate::money::MoneyStatus,
    workforce: Option<crate::workforce::WorkforceStatus>,
}

impl Material {
    fn marking(&self) -> Marking {
        if self.request.public {
            Marking::Public
        } else {
            Marking::OfficialSensitive
        }
    }

    fn commentary_on(&self, id: &str) -> Option<&Commentary> {
        self.commentary.iter().find(|c| c.indicator == id)
    }

    fn commentary_text(&self, id: &str) -> String {
        match self.commentary_on(id) {
            Some(c) if self.request.public => c.text.clone(),
            Some(c) => format!(
                "{} ({}, {})",
                c.text,
                c.author,
                c.written_at.get(..10).unwrap_or("")
            ),
            None => String::new(),
        }
    }

    fn body(&self) -> &'static str {
        self.request.kind.body()
    }

    fn inspection_words(&self) -> Option<String> {
        let last = self
            .journey
            .as_ref()?
            .events
            .iter()
            .filter(|e| e.kind.is_graded() && !e.judgements.is_empty())
            .max_by_key(|e| e.last_day())?;
        Some(format!(
            "Ofsted's {} of {}{}",
            last.kind.label().to_lowercase(),
            long_date(last.last_day()),
            last.headline()
                .map(|g| format!(" (overall effectiveness: {})", g.label().to_lowercase()))
                .unwrap_or_default()
        ))
    }

    fn purpose(&self) -> Vec<Block> {
        let plan = match self.inspection_words() {
            Some(i) => format!(
                "the improvement plan {} wrote in response to {i}",
                self.authority
            ),
            None => format!(
                "{}'s improvement plan for children's services",
                self.authority
            ),
        };
        let mut out = vec![Block::Paragraph(format!(
            "This report gives {} the position at {} of {plan}, and the performance of \
             children's social care against its targets, England, the region and statistical \
             neighbours.",
            self.body(),
            long_date(self.as_at)
        ))];
        match self.request.kind {
            Kind::Scrutiny => out.push(Block::Paragraph(
                "The Commission asked for regular updates, to include target monitoring and \
                 performance. This is one of them."
                    .into(),
            )),
            Kind::Cabinet => out.push(Block::Paragraph(
                "The action plan itself is at Appendix A.".into(),
            )),
            Kind::ImprovementBoard => out.push(Block::Paragraph(
                "The Board holds the council to account for the plan's delivery and its \
                 impact on children."
                    .into(),
            )),
        }
        out
    }

    fn recommendations(&self) -> Vec<Block> {
        let body = self.body();
        let mut items = Vec::new();
        match &self.plan {
            Some(p) => {
                let counts: Vec<String> = p
                    .counts
                    .iter()
                    .filter(|(_, n)| *n > 0)
                    .map(|(r, n)| format!("{n} {}", rag_word(*r).to_lowercase()))
                    .collect();
                items.push(format!(
                    "That {body} notes the progress of the improvement plan, rated {} \
                     overall ({} actions: {}).",
                    rag_word(p.rating.colour).to_lowercase(),
                    p.counts.iter().map(|(_, n)| n).sum::<usize>(),
                    counts.join(", ")
                ));
            }
            None => items.push(format!(
                "That {body} notes that no improvement plan is yet held in Sightline."
            )),
        }
        let exceptions = self.card.exceptions().count();
        items.push(format!(
            "That {body} notes the performance set out in section 4, and the {exceptions} \
             indicator{} on the exceptions list with the owners' commentary.",
            if exceptions == 1 { "" } else { "s" }
        ));
        match self.request.kind {
            Kind::Cabinet => items.push(
                "That Cabinet endorses the improvement plan at Appendix A and the actions \
                 being taken where it is off track."
                    .into(),
            ),
            Kind::Scrutiny => items.push(
                "That the Commission identifies any areas it wishes to scrutinise further, and \
                 that regular updates continue to come to it."
                    .into(),
            ),
            Kind::ImprovementBoard => items.push(
                "That the Board agrees where it needs assurance before its next meeting.".into(),
            ),
        }
        vec![Block::Numbered(items)]
    }

    fn summary(&self, without: &[(String, String, String)]) -> Vec<Block> {
        let mut out = Vec::new();
        match &self.plan {
            Some(p) => {
                out.push(Block::Subheading("The improvement plan".into()));
                out.push(Block::Paragraph(format!(
                    "The plan is rated {}: {}",
                    rag_word(p.rating.colour).to_lowercase(),
                    p.rating.reason
                )));
                let reds: Vec<String> = p
                    .priorities
                    .iter()
                    .flat_map(|pr| pr.actions.iter().map(move |a| (pr, a)))
                    .filter(|(_, a)| a.rating.colour == Rag::Red)
                    .map(|(pr, a)| {
                        format!("Priority {}: {}: {}", pr.number, a.text, a.rating.reason)
                    })
                    .collect();
                if reds.is_empty() {
                    out.push(Block::Paragraph("No action is red.".into()));
                } else {
                    out.push(Block::Paragraph("Red actions, and why:".into()));
                    out.push(Block::Bullets(reds));
                }
            }
            None => out.push(Block::Paragraph(
                "No improvement plan is held, so none is rated.".into(),
            )),
        }
        out.push(Block::Subheading("Exceptions".into()));
        let rows: Vec<Vec<Cell>> = self
            .card
            .exceptions()
            .map(|j| {
                vec![
                    Cell::text(j.definition.title),
                    Cell::text(shown(j)),
                    Cell::text(j.target.as_ref().map_or_else(
                        || "none".into(),
                        |t| format_value(j.definition.unit, t.value),
                    )),
                    Cell::rag(j.rating.colour),
                    Cell::text(j.exception_reason.clone().unwrap_or_default()),
                    Cell::text(match self.commentary_text(j.definition.id) {
                        t if t.is_empty() => "No commentary yet.".to_string(),
                        t => t,
                    }),
                ]
            })
            .collect();
        if rows.is_empty() {
            out.push(Block::Paragraph(
                "No indicator is on the exceptions list (red, or worsening three periods \
                 running)."
                    .into(),
            ));
        } else {
            out.push(Block::Table(Table {
                role: TableRole::Other,
                caption: "Indicators on the exceptions list, with the owners' commentary".into(),
                header: ["Indicator", "Actual", "Target", "RAG", "Why", "Commentary"]
                    .map(String::from)
                    .to_vec(),
                widths: vec![22, 9, 9, 9, 18, 40],
                rows,
            }));
        }
        if !without.is_empty() {
            out.push(Block::Paragraph(format!(
                "{} exception{} still without commentary for {}:",
                without.len(),
                if without.len() == 1 { " is" } else { "s are" },
                self.request.period
            )));
            out.push(Block::Bullets(
                without
                    .iter()
                    .map(|(_, title, owner)| format!("{title} (owner: {owner})"))
                    .collect(),
            ));
        }
        out
    }

    fn scorecard(&self) -> Vec<Block> {
        let header = [
            "Ref",
            "Indicator",
            "Good is",
            "Target",
            "Trend",
            "Actual",
            "RAG",
            "Direction of travel",
            "Statistical neighbours",
            "England",
            "Commentary",
        ]
        .map(String::from)
        .to_vec();
        let mut out = vec![Block::Paragraph(format!(
            "Figures as at {}, from the Annex A extract loaded into Sightline, computed by \
             definitions version {DEFINITION_VERSION}. A figure of 5 or fewer children, or one \
             from which such a figure could be worked out, is shown as c{}.",
            long_date(self.as_at),
            if self.request.public {
                " (suppressed for publication)"
            } else {
                " only in the public version"
            }
        ))];
        out.push(Block::Paragraph(RAG_KEY.into()));
        for group in sightline_core::indicator::Group::ALL {
            let rows: Vec<Vec<Cell>> = self
                .card
                .indicators
                .iter()
                .enumerate()
                .filter(|(_, j)| j.definition.group == group)
                .map(|(i, j)| {
                    vec![
                        Cell::text(format!("{}", i + 1)),
                        Cell::text(j.definition.title),
                        Cell::text(good_is(j.definition.polarity)),
                        Cell::text(j.target.as_ref().map_or_else(
                            || "none".into(),
                            |t| format_value(j.definition.unit, t.value),
                        )),
                        Cell::text(trend(j)),
                        Cell::text(shown(j)),
                        Cell::rag(j.rating.colour),
                        Cell::text(direction_words(j.travel.direction)),
                        Cell::text(neighbours_text(j)),
                        Cell::text(benchmark_text(j, "England")),
                        Cell::text(self.commentary_text(j.definition.id)),
                    ]
                })
                .collect();
            if rows.is_empty() {
                continue;
            }
            out.push(Block::Table(Table {
                role: TableRole::Scorecard,
                caption: group.title().to_string(),
                header: header.clone(),
                widths: vec![4, 22, 7, 8, 14, 8, 8, 10, 10, 8, 25],
                rows,
            }));
        }
        if !self.request.public {
            for j in self.card.exceptions() {
                let Some(latest) = &j.latest else { continue };
                let rows: Vec<Vec<Cell>> = latest
                    .breakdowns
                    .iter()
                    .filter(|c| matches!(c.dimension, Dimension::Team | Dimension::Worker))
                    .map(|c| {
                        vec![
                            Cell::text(c.dimension.label()),
                            Cell::text(c.key.clone()),
                            Cell::text(match &c.figure {
                                Disclosed::Suppressed(_) => "c".into(),
                                f => f.value().map_or_else(
                                    || "no value".into(),
                                    |v| format_value(j.definition.unit, v),
                                ),
                            }),
                            Cell::text(
                                c.figure
                                    .numbers()
                                    .map(|n| match n.denominator {
                                        Some(d) => format!("{} of {d}", n.numerator),
                                        None => n.numerator.to_string(),
                                    })
                                    .unwrap_or_default(),
                            ),
                        ]
                    })
                    .collect();
                if rows.is_empty() {
                    continue;
                }
                out.push(Block::Table(Table {
                    role: TableRole::Other,
                    caption: format!(
                        "{}: by team and worker (OFFICIAL-SENSITIVE)",
                        j.definition.title
                    ),
                    header: ["By", "Team or worker", "Value", "Count"]
                        .map(String::from)
                        .to_vec(),
                    widths: vec![10, 40, 15, 15],
                    rows,
                }));
            }
        }
        out
    }

    fn plan_progress(&self, full: bool) -> Vec<Block> {
        let Some(p) = &self.plan else {
            return vec![Block::Paragraph(
                "No improvement plan is held in Sightline.".into(),
            )];
        };
        let mut out = vec![Block::Paragraph(format!(
            "{}, as known on {}.",
            p.title,
            long_date(p.as_at)
        ))];
        out.push(Block::Paragraph(RAG_KEY.into()));
        let mut rows = Vec::new();
        for pr in &p.priorities {
            let recommendation = if pr.recommendation_texts.is_empty() {
                pr.recommendations
                    .iter()
                    .map(|n| format!("Recommendation {n}"))
                    .collect::<Vec<_>>()
                    .join("; ")
            } else {
                pr.recommendation_texts
                    .iter()
                    .map(|(n, t)| format!("{n}. {t}"))
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            for (k, a) in pr.actions.iter().enumerate() {
                rows.push(vec![
                    Cell::text(format!("{}.{}", pr.number, k + 1)),
                    Cell::text(if k == 0 {
                        recommendation.clone()
                    } else {
                        String::new()
                    }),
                    Cell::text(a.text.clone()),
                    Cell::text(a.lead.clone().unwrap_or_else(|| "none named".into())),
                    Cell::text(
                        a.due.map_or_else(
                            || "no date".into(),
                            |d| d.strftime("%-d %b %Y").to_string(),
                        ),
                    ),
                    Cell::text(a.status.label()),
                    Cell::rag(a.rating.colour),
                    Cell::text(match &a.progress {
                        Some((d, t)) if full => format!("{}: {t}", d.strftime("%-d %b %Y")),
                        Some((d, t)) => {
                            let words: Vec<&str> = t.split_whitespace().collect();
                            let short = if words.len() > 30 {
                                format!("{}…", words[..30].join(" "))
                            } else {
                                words.join(" ")
                            };
                            format!("{}: {short}", d.strftime("%-d %b %Y"))
                        }
                        None => "No update yet.".into(),
                    }),
                ]);
            }
        }
        out.push(Block::Table(Table {
            role: TableRole::Plan,
            caption: "Actions against Ofsted's recommendations".into(),
            header: [
                "Ref",
                "Ofsted recommendation",
                "Action",
                "Lead",
                "Due",
                "Status",
                "RAG",
                "Progress",
            ]
            .map(String::from)
            .to_vec(),
            widths: vec![5, 22, 24, 12, 9, 9, 8, 30],
            rows,
        }));
        if full {
            return out;
        }
        if p.overdue_milestones.is_empty() {
            out.push(Block::Paragraph("No milestone is overdue.".into()));
        } else {
            out.push(Block::Table(Table {
                role: TableRole::Other,
                caption: "Overdue milestones".into(),
                header: ["Milestone", "Due", "Days late"].map(String::from).to_vec(),
                widths: vec![50, 15, 10],
                rows: p
                    .overdue_milestones
                    .iter()
                    .map(|m| {
                        vec![
                            Cell::text(m.text.clone()),
                            Cell::text(m.due.strftime("%-d %b %Y").to_string()),
                            Cell::text(m.days_late.to_string()),
                        ]
                    })
                    .collect(),
            }));
        }
        if p.inspection_id.is_some() {
            if p.coverage.uncovered_recommendations.is_empty() {
                out.push(Block::Paragraph(
                    "Every recommendation of the inspection has a priority in the plan.".into(),
                ));
            } else {
                out.push(Block::Paragraph(format!(
                    "Recommendations no priority addresses: {}.",
                    p.coverage
                        .uncovered_recommendations
                        .iter()
                        .map(u32::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
        }
        out
    }

    fn workforce(&self) -> Vec<Block> {
        let Some(w) = &self.workforce else {
            return vec![Block::Paragraph(format!(
                "No workforce return is loaded for {}.",
                self.request.period
            ))];
        };
        use sightline_core::workforce::{MEASURES, Measures, england_row};
        let row = |m: &Measures| -> Vec<Cell> {
            std::iter::once(m.who())
                .chain(m.words())
                .map(Cell::text)
                .collect()
        };
        let mut rows = vec![row(&w.authority)];
        // Team figures are about a handful of named colleagues: restricted packs only.
        if !self.request.public {
            rows.extend(w.teams.iter().map(row));
        }
        if let Some((label, values)) = england_row() {
            rows.push(
                std::iter::once(label)
                    .chain(values)
                    .map(Cell::text)
                    .collect(),
            );
        }
        vec![
            Block::Paragraph(format!(
                "From the monthly HR return for {}, with the DfE's children's social work \
                 workforce formulas (FTE-based; the DfE publishes the year to 30 September).{}",
                w.month.strftime("%B %Y"),
                if self.request.public {
                    " Team figures are in the restricted version."
                } else {
                    ""
                }
            )),
            Block::Table(Table {
                role: TableRole::Other,
                caption: "Vacancy, agency, turnover, caseload, supervision, sickness, ASYE".into(),
                header: std::iter::once("Team")
                    .chain(MEASURES.iter().map(|(_, h, _)| *h))
                    .map(String::from)
                    .collect(),
                widths: vec![16, 9, 9, 14, 10, 10, 9, 9],
                rows,
            }),
        ]
    }

    fn money(&self) -> Vec<Block> {
        use sightline_core::money::money;
        let m = &self.money;
        if m.lines.is_empty() {
            return vec![Block::Paragraph(
                "No improvement investment is recorded in Sightline.".into(),
            )];
        }
        let opt = |p: Option<i64>| p.map_or_else(|| "–".to_string(), money);
        let mut out = vec![Block::Paragraph(format!(
            "Improvement investment in {} at {}: {} budget, {} spent, forecast {}. {}.",
            m.year,
            long_date(m.as_at),
            opt(m.total.budget),
            opt(m.total.actual),
            opt(m.total.forecast),
            m.total.rating.reason
        ))];
        out.push(Block::Table(Table {
            role: TableRole::Other,
            caption:
                "Investment lines: budget against actuals and forecast, and what each pays for"
                    .into(),
            header: [
                "Line",
                "Budget",
                "Profile",
                "Actual",
                "Forecast",
                "RAG",
                "Why",
                "Pays for",
                "Should move",
            ]
            .map(String::from)
            .to_vec(),
            widths: vec![18, 7, 7, 7, 7, 7, 20, 18, 18],
            rows: m
                .lines
                .iter()
                .map(|l| {
                    vec![
                        Cell::text(format!("{} {}", l.line.code, l.line.name)),
                        Cell::text(opt(l.standing.budget)),
                        Cell::text(opt(l.standing.profile)),
                        Cell::text(opt(l.standing.actual)),
                        Cell::text(opt(l.standing.forecast)),
                        Cell::rag(l.standing.rating.colour),
                        Cell::text(l.standing.rating.reason.clone()),
                        Cell::text(
                            l.actions
                                .iter()
                                .map(|a| format!("{} ({})", a.text, rag_word(a.rag)))
                                .collect::<Vec<_>>()
                                .join("; "),
                        ),
                        Cell::text(
                            l.indicators
                                .iter()
                                .map(|i| format!("{}: {}", i.title, i.sentence))
                                .collect::<Vec<_>>()
                                .join("; "),
                        ),
                    ]
                })
                .collect(),
        }));
        let cliffs = m.cliff_edges();
        if !cliffs.is_empty() {
            out.push(Block::Paragraph(
                "One-off money paying for permanent posts that ends within six months:".into(),
            ));
            out.push(Block::Bullets(cliffs));
        }
        out
    }

    fn journey(&self) -> Vec<Block> {
        let Some(j) = &self.journey else {
            return vec![Block::Paragraph(
                "No inspection of the authority is held in Sightline.".into(),
            )];
        };
        let mut out = vec![Block::Table(Table {
            role: TableRole::Other,
            caption: "Inspections and visits".into(),
            header: ["Date", "Kind", "Overall effectiveness"]
                .map(String::from)
                .to_vec(),
            widths: vec![15, 35, 25],
            rows: j
                .events
                .iter()
                .map(|e| {
                    vec![
                        Cell::text(long_date(e.last_day())),
                        Cell::text(e.kind.label()),
                        Cell::text(e.headline().map_or("not graded", |g| g.label())),
                    ]
                })
                .collect(),
        })];
        out.push(Block::Paragraph(match &j.next_window {
            Some(w) => format!(
                "The next inspection ({}) is expected between {} and {}, around the three-year \
                 anniversary on {}.",
                w.expected_kind.label().to_lowercase(),
                long_date(w.opens),
                long_date(w.closes),
                long_date(w.anniversary)
            ),
            None => "No graded inspection is held, so no next window can be worked out.".into(),
        }));
        out
    }

    fn data_quality(&self) -> Vec<Block> {
        let q = &self.quality;
        let e = &q.extract;
        let mut out = vec![Block::Paragraph(format!(
            "The figures come from the Annex A extract as at {} (extract {}): {} rows read, {} \
             rejected and kept aside, {} errors and {} warnings found.",
            e.as_at, e.id, e.rows_read, e.rows_rejected, e.errors, e.warnings
        ))];
        out.push(Block::Table(Table {
            role: TableRole::Other,
            caption: "Rows by list".into(),
            header: ["List", "Read", "Accepted", "Rejected"]
                .map(String::from)
                .to_vec(),
            widths: vec![40, 10, 10, 10],
            rows: q
                .lists
                .iter()
                .map(|l| {
                    vec![
                        Cell::text(format!("List {}: {}", l.list, l.name)),
                        Cell::text(l.rows_read.to_string()),
                        Cell::text(l.rows_accepted.to_string()),
                        Cell::text(l.rows_rejected.to_string()),
                    ]
                })
                .collect(),
        }));
        if q.sense.is_empty() {
            out.push(Block::Paragraph(
                "The figures pass every sense check (stocks reconcile, months agree across \
                 extracts)."
                    .into(),
            ));
        } else {
            out.push(Block::Paragraph(
                "Sense checks that need a second look:".into(),
            ));
            out.push(Block::Bullets(
                q.sense.iter().map(|s| s.message.clone()).collect(),
            ));
        }
        let owners: Vec<Vec<Cell>> = q
            .by_owner
            .iter()
            .take(10)
            .map(|o| {
                vec![
                    Cell::text(o.key.clone()),
                    Cell::text(o.errors.text()),
                    Cell::text(o.warnings.text()),
                ]
            })
            .collect();
        if !owners.is_empty() {
            out.push(Block::Table(Table {
                role: TableRole::Other,
                caption: if self.request.public {
                    "Where the findings are: by team".into()
                } else {
                    "Where the findings are: by team and worker (OFFICIAL-SENSITIVE)".into()
                },
                header: ["Owner", "Errors", "Warnings"].map(String::from).to_vec(),
                widths: vec![50, 12, 12],
                rows: owners,
            }));
        }
        out
    }

    fn implications(&self) -> Vec<Block> {
        vec![
            Block::Subheading("Financial".into()),
            Block::Paragraph(
                "This report asks for no decision with a financial effect. The cost of the \
                 improvement plan is reported to the council's budget monitoring."
                    .into(),
            ),
            Block::Subheading("Legal".into()),
            Block::Paragraph(
                "The council's duties to children in need, children in its care and care \
                 leavers are set by the Children Act 1989 and the Children Act 2004. Ofsted \
                 inspects them under section 136 of the Education and Inspections Act 2006, \
                 and the council must respond to an inspection's recommendations."
                    .into(),
            ),
            Block::Subheading("Equality".into()),
            Block::Paragraph(
                "No decision is sought, so no equality impact assessment is needed for this \
                 report. The plan's actions are assessed as they are designed."
                    .into(),
            ),
            Block::Subheading("Data protection".into()),
            Block::Paragraph(if self.request.public {
                "This version is for publication: figures of 5 or fewer children, and any from \
                 which one could be worked out, are shown as c, and no child or worker is named."
                    .into()
            } else {
                "This version is OFFICIAL-SENSITIVE. It names teams and workers and must not be \
                 published; the public version suppresses small numbers."
                    .into()
            }),
        ]
    }

    fn contact(&self) -> Vec<Block> {
        vec![Block::Paragraph(
            self.request.contact.clone().unwrap_or_else(|| {
                format!("The Director of Children's Services, {}.", self.authority)
            }),
        )]
    }

    fn charts(&self) -> Vec<Block> {
        let mut out = vec![Block::Paragraph(
            "One chart per indicator: the values at each extract, the target (long dashes) and \
             the benchmarks (dotted), each named. A value that is suppressed is left out of the \
             line and shown as c in the data."
                .into(),
        )];
        for j in &self.card.indicators {
            let id = j.definition.id;
            let data = self
                .series
                .iter()
                .find(|(s, _)| s == id)
                .map(|(_, figures)| {
                    figures
                        .iter()
                        .filter(|f| f.as_at <= self.as_at)
                        .map(|f| {
                            (
                                f.as_at.to_string(),
                                match &f.figure {
                                    Disclosed::Suppressed(_) => Value::Suppressed,
                                    d => d.value().map_or(Value::None, |v| {
                                        Value::Number(v, j.definition.unit)
                                    }),
                                },
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            out.push(Block::Chart(ChartBlock {
                id: id.to_string(),
                chart: j.chart(),
                data,
                caption: format!(
                    "{}: {} ({}). {}",
                    j.definition.title,
                    shown(j),
                    rag_word(j.rating.colour).to_lowercase(),
                    j.travel.sentence
                ),
            }));
        }
        out
    }

    fn definitions(&self) -> Vec<Block> {
        vec![Block::Table(Table {
            role: TableRole::Definitions,
            caption: format!(
                "How each indicator is counted (definitions version {DEFINITION_VERSION})"
            ),
            header: [
                "Ref",
                "Indicator",
                "Id",
                "Good is",
                "Definition",
                "Counted",
                "Out of",
            ]
            .map(String::from)
            .to_vec(),
            widths: vec![4, 18, 14, 7, 35, 20, 20],
            rows: CATALOGUE
                .iter()
                .enumerate()
                .map(|(i, d)| {
                    vec![
                        Cell::text((i + 1).to_string()),
                        Cell::text(d.title),
                        Cell::text(d.id),
                        Cell::text(good_is(d.polarity)),
                        Cell::text(d.definition),
                        Cell::text(d.numerator),
                        Cell::text(d.denominator),
                    ]
                })
                .collect(),
        })]
    }

    fn document(&self, without: &[(String, String, String)]) -> Pack {
        let kind = self.request.kind;
        let mut sections = Vec::new();
        for part in kind.parts() {
            let (heading, appendix, blocks) = match part {
                Part::Purpose => ("Purpose", false, self.purpose()),
                Part::Recommendations => ("Recommendations", false, self.recommendations()),
                Part::Summary => ("Summary", false, self.summary(without)),
                Part::Performance => ("Performance", false, self.scorecard()),
                Part::PlanProgress => ("Plan progress", false, self.plan_progress(false)),
                Part::Workforce => ("Workforce", false, self.workforce()),
                Part::Money => ("Money against the plan", false, self.money()),
                Part::InspectionJourney => (
                    "The inspection journey and the next window",
                    false,
                    self.journey(),
                ),
                Part::DataQuality => ("Data quality", false, self.data_quality()),
                Part::Implications => ("Implications", false, self.implications()),
                Part::Contact => ("Officer to contact", false, self.contact()),
                Part::PlanAppendix => ("The improvement plan", true, self.plan_progress(true)),
                Part::ChartAppendix => ("Charts", true, self.charts()),
                Part::Definitions => ("Definitions", true, self.definitions()),
            };
            sections.push(Section {
                heading: heading.into(),
                appendix,
                blocks,
            });
        }
        let period = self.as_at.strftime("%B %Y").to_string();
        Pack {
            kind,
            marking: self.marking(),
            authority: self.authority.clone(),
            meeting: kind.meeting().into(),
            title: kind.title().into(),
            period,
            as_at: long_date(self.as_at),
            facts: vec![
                ("Meeting".into(), kind.meeting().into()),
                ("Period".into(), self.as_at.strftime("%B %Y").to_string()),
                ("Figures as at".into(), long_date(self.as_at)),
                (
                    "Plan rated".into(),
                    self.plan.as_ref().map_or_else(
                        || "no plan held".into(),
                        |p| {
                            format!(
                                "{} as known on {}",
                                rag_word(p.rating.colour),
                                long_date(p.as_at)
                            )
                        },
                    ),
                ),
                ("Marking".into(), self.marking().words().into()),
            ],
            sections,
        }
    }
}

impl Sightline {
    /// Builds a pack for `request`, renders it as `format`, and stores it with what it was
    /// built from and the file's checksum (audited).
    ///
    /// # Errors
    /// [`Error::Forbidden`] for a viewer (viewers download public packs; they do not build
    /// them); [`Error::Invalid`] for a period that is no month or has no extract; store errors.
    pub async fn build_pack(
        &self,
        role: Role,
        actor: &Actor,
        request: &PackRequest,
        format: Format,
    ) -> Result<BuiltPack> {
        if !role.builds_packs() {
            return Err(Error::Forbidden(
                "packs are built by managers, analysts and admins; viewers download public packs",
            ));
        }
        let as_at_end = period_end(&request.period)?;
        if let Some(c) = &request.contact
            && c.chars().count() > MAX_CONTACT_CHARS
        {
            return Err(Error::Invalid(format!(
                "the officer to contact is {} characters; at most {MAX_CONTACT_CHARS} (a name, \
                 a role and a telephone number)",
                c.chars().count()
            )));
        }
        let extracts = self.db.extracts().await?;
        let chosen = extracts
            .iter()
            .filter(|e| e.as_at.get(..7) == Some(request.period.as_str()))
            .max_by_key(|e| (e.as_at.clone(), e.id))
            .cloned()
            .ok_or_else(|| {
                let held: Vec<&str> = extracts.iter().filter_map(|e| e.as_at.get(..7)).collect();
                Error::Invalid(format!(
                    "no extract is held as at {} (periods held: {}); load one with `sightline \
                     annex-a load FILE` or choose a period that has one",
                    request.period,
                    if held.is_empty() {
                        "none".to_string()
                    } else {
                        held.join(", ")
                    }
                ))
            })?;
        let audience = if request.public {
            Audience::Aggregate
        } else {
            Audience::ChildLevel
        };
        let card = self.scorecard(actor, audience, Some(chosen.id)).await?;
        let as_at = card
            .as_at
            .or_else(|| chosen.as_at.parse().ok())
            .unwrap_or(as_at_end);
        let home = self.home_authority().await?;
        let authority = home
            .as_ref()
            .map_or_else(|| "The council".to_string(), |a| a.name.clone());
        let commentary: Vec<Commentary> = {
            let all = self.db.commentary(None).await?;
            let mut latest: Vec<Commentary> = Vec::new();
            for c in all.into_iter().filter(|c| c.period == request.period) {
                match latest.iter_mut().find(|l| l.indicator == c.indicator) {
                    Some(l) if l.version < c.version => *l = c,
                    Some(_) => {}
                    None => latest.push(c),
                }
            }
            latest
        };
        let plan = match self.plans().await?.first() {
            Some(_) => Some(
                self.plan_status(None, as_at_end, &RagRules::default())
                    .await?,
            ),
            None => None,
        };
        let journey = match &home {
            Some(a) => Some(self.journey(&a.code.to_string()).await?.1),
            None => None,
        };
        let quality = self.quality_report(audience, Some(chosen.id)).await?;
        let every = self.every_series(audience).await?;
        // The money as at the period's end, from the plan and series already read.
        let money = self
            .money_status_with(as_at_end, self.lines().await?, plan.as_ref(), &every)
            .await?;
        let series = every
            .into_iter()
            .map(|(d, s)| (d.id.to_string(), s))
            .collect();
        // The workforce return for the period's month, else the latest before it.
        let workforce = match self
            .workforce_status(actor, audience, Some(as_at_end))
            .await
        {
            Ok(w) => Some(w),
            Err(Error::Invalid(_)) => None,
            Err(e) => return Err(e),
        };
        let material = Material {
            request: request.clone(),
            audience,
            authority,
            as_at,
            card,
            commentary,
            plan,
            journey,
            quality,
            series,
            money,
            workforce,
        };
        let without: Vec<(String, String, String)> = material
            .card
            .exceptions()
            .filter(|j| material.commentary_on(j.definition.id).is_none())
            .map(|j| {
                (
                    j.definition.id.to_string(),
                    j.definition.title.to_string(),
                    j.target
                        .as_ref()
                        .map_or_else(|| "no owner named".into(), |t| t.owner.clone()),
                )
            })
            .collect();
        let pack = material.document(&without);
        let _ = material.audience;
        let content = serde_json::to_string(&pack)
            .map_err(|e| Error::Invalid(format!("the pack could not be written: {e}")))?;
        let bytes = render(&pack, format, as_at)?;
        let mut record = PackRecord {
            id: 0,
            kind: request.kind,
            period: request.period.clone(),
            marking: pack.marking,
            title: pack.title.clone(),
            built_by: actor.0.clone(),
            built_at: String::new(),
            inputs: Inputs {
                extract_id: chosen.id,
                extract_as_at: chosen.as_at.clone(),
                trend_extract_ids: extracts
                    .iter()
                    .filter(|e| e.as_at <= chosen.as_at)
                    .map(|e| e.id)
                    .collect(),
                definition_version: DEFINITION_VERSION.to_string(),
                settings: serde_json::to_value(self.indicator_settings().await?)
                    .unwrap_or(serde_json::Value::Null),
                commentary: material
                    .commentary
                    .iter()
                    .map(|c| CommentaryVersion {
                        indicator: c.indicator.clone(),
                        version: c.version,
                    })
                    .collect(),
                plan_id: material.plan.as_ref().map(|p| p.plan_id),
                plan_as_at: material.plan.as_ref().map(|p| p.as_at.to_string()),
            },
            content_sha256: sha256(content.as_bytes()),
            outputs: vec![Output {
                format: format.extension().into(),
                sha256: sha256(&bytes),
                bytes: bytes.len() as u64,
            }],
        };
        let (id, built_at) = self
            .db
            .save_pack(
                actor,
                NewPack {
                    record: &record,
                    content: &content,
                },
            )
            .await?;
        record.id = id;
        record.built_at = built_at;
        Ok(BuiltPack {
            record,
            without_commentary: without,
            document: pack,
            bytes,
        })
    }

    /// The months a pack can be built for (those with an extract as at them), newest first.
    ///
    /// # Errors
    /// Store errors.
    pub async fn pack_periods(&self) -> Result<Vec<String>> {
        let mut months: Vec<String> = self
            .db
            .extracts()
            .await?
            .iter()
            .filter_map(|e| e.as_at.get(..7).map(str::to_string))
            .filter(|m| is_period(m))
            .collect();
        months.sort_unstable_by(|a, b| b.cmp(a));
        months.dedup();
        Ok(months)
    }

    /// The stored packs `role` may download, newest first: every pack for roles with
    /// child-level access, public packs only for viewers.
    ///
    /// # Errors
    /// Store errors.
    pub async fn packs(&self, role: Role) -> Result<Vec<PackRecord>> {
        Ok(self.db.packs(!role.reads_restricted_packs()).await?)
    }

    /// The newest stored pack `role` may download, if any (the overview's line).
    ///
    /// # Errors
    /// Store errors.
    pub async fn latest_pack(&self, role: Role) -> Result<Option<PackRecord>> {
        Ok(self
            .db
            .newest_packs(!role.reads_restricted_packs(), 1)
            .await?
            .into_iter()
            .next())
    }

    /// A stored pack rendered again as `format`, from the document stored when it was built:
    /// the same figures and words, however much has been loaded since.
    ///
    /// # Errors
    /// [`Error::NotFound`]-like [`Error::Invalid`] for a pack this role may not have (a viewer
    /// asking for a restricted one is told it does not exist); store errors.
    pub async fn render_pack(&self, role: Role, id: i64, format: Format) -> Result<BuiltPack> {
        let Some((record, content)) = self.db.pack(id).await? else {
            return Err(Error::Invalid(format!("there is no pack {id}")));
        };
        if record.marking != Marking::Public && !role.reads_restricted_packs() {
            return Err(Error::Invalid(format!("there is no pack {id}")));
        }
        if sha256(content.as_bytes()) != record.content_sha256 {
            return Err(Error::Invalid(format!(
                "pack {id}'s stored document does not match its checksum: it has been changed \
                 since it was built"
            )));
        }
        let pack: Pack = serde_json::from_str(&content)
            .map_err(|e| Error::Invalid(format!("pack {id}'s stored document: {e}")))?;
        let dated = record
            .inputs
            .extract_as_at
            .parse::<Date>()
            .map_err(|e| Error::Invalid(format!("pack {id}'s extract date: {e}")))?;
        let bytes = render(&pack, format, dated)?;
        Ok(BuiltPack {
            record,
            without_commentary: vec![],
            document: pack,
            bytes,
        })
    }
}

fn render(pack: &Pack, format: Format, dated: Date) -> Result<Vec<u8>> {
    sightline_report_print::render(pack, format, dated).map_err(|e| {
        Error::Invalid(format!(
            "the pack could not be rendered as {}: {e}",
            format.extension()
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn a_period_ends_on_its_last_day() {
        assert_eq!(period_end("2024-02").ok(), Some(date(2024, 2, 29)));
        assert_eq!(period_end("2023-02").ok(), Some(date(2023, 2, 28)));
        assert_eq!(period_end("2027-03").ok(), Some(date(2027, 3, 31)));
        assert_eq!(period_end("2026-12").ok(), Some(date(2026, 12, 31)));
        assert!(period_end("2026-13").is_err());
        assert!(period_end("Oct 2026").is_err());
    }
}
