//! Synthetic Annex A extracts for a fictional authority: children whose journeys are
//! consistent across lists (contact → referral → assessment → S47 → CP plan → care → leaving
//! care; adoption), teams and workers, and, when asked, the mess real files have.
//!
//! Deterministic: the same settings give the same file (ChaCha8 from the seed). Volumes follow
//! the national shape in `domain.md` roughly: about 4 in 10 contacts become referrals, 9 in 10
//! referrals are assessed, 1 in 6 referrals leads to a section 47 enquiry, 6 in 10 of those to
//! an ICPC, and most ICPCs to a plan.

mod timeline;
pub use timeline::at;

use std::path::Path;

use jiff::ToSpan;
use jiff::civil::Date;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sightline_core::annex_a::LISTS;

/// How much real-world mess to put in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Messy {
    /// Clean, in Ofsted's preferred form.
    None,
    /// Some variants: unprefixed codes, text dates, a title row above the headers.
    Some,
    /// Every variant, often: also `#N/A`, blank rows, bad postcodes, future and impossible
    /// dates, duplicates, short rows, "Age" headers with trailing spaces.
    Lots,
}

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Children with at least one contact.
    pub children: usize,
    /// The seed.
    pub seed: u64,
    /// The date the extract is produced.
    pub as_at: Date,
    /// How messy.
    pub messy: Messy,
}

/// A cell of a generated table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Blank.
    Empty,
    /// Text.
    Text(String),
    /// A whole number.
    Int(i64),
    /// A date (written as an Excel date, or as text when messy).
    Date(Date),
}

/// One generated list.
#[derive(Debug, Clone)]
pub struct Table {
    /// 1 to 11.
    pub list: u8,
    /// Sheet name.
    pub sheet: String,
    /// A title row above the headers, if any.
    pub title: Option<String>,
    /// The header row.
    pub header: Vec<String>,
    /// Data rows.
    pub rows: Vec<Vec<Cell>>,
}

/// The teams the synthetic extracts allocate children to.
pub const TEAMS: [&str; 6] = [
    "Front Door",
    "Assessment Team 1",
    "Assessment Team 2",
    "Safeguarding Team",
    "Children in Care",
    "Leaving Care",
];
const FIRST: [&str; 12] = [
    "Alex", "Sam", "Priya", "Tom", "Aisha", "Ben", "Chloe", "Dev", "Erin", "Femi", "Grace", "Hugo",
];
const LAST: [&str; 10] = [
    "Shaw", "Patel", "Jones", "Okafor", "Smith", "Khan", "Brown", "Evans", "Lewis", "Ward",
];
const ETHNICITY: [(&str, u32); 8] = [
    ("a) WBRI", 70),
    ("d) WOTH", 5),
    ("f) MWBC", 4),
    ("k) APKN", 5),
    ("l) ABAN", 2),
    ("o) BAFR", 4),
    ("r) OOTH", 3),
    ("s) NOBT", 7),
];
const SOURCES: [(&str, u32); 8] = [
    ("q) 6: Police", 30),
    ("e) 2A: Schools", 20),
    ("g) 3A: Health services", 8),
    ("h) 3B: Health services", 6),
    ("a) 1A: Individual", 8),
    ("n) 5A: LA services", 10),
    ("m) 4: Housing", 3),
    ("u) 10: Unknown", 15),
];

struct Gen {
    rng: ChaCha8Rng,
    s: Settings,
    workers: Vec<(String, String)>,
}

impl Gen {
    fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p.clamp(0.0, 1.0))
    }

    fn pick<'a>(&mut self, items: &[(&'a str, u32)]) -> &'a str {
        let total: u32 = items.iter().map(|(_, w)| w).sum();
        let mut n = self.rng.random_range(0..total.max(1));
        for (v, w) in items {
            if n < *w {
                return v;
            }
            n -= w;
        }
        items.first().map(|(v, _)| *v).unwrap_or_default()
    }

    fn days_before(&mut self, max: i64) -> Date {
        let d = self.rng.random_range(0..max.max(1));
        self.s.as_at.saturating_sub(d.days())
    }

    fn after(&mut self, d: Date, min: i64, max: i64) -> Date {
        d.saturating_add(self.rng.random_range(min..=max.max(min)).days())
    }

    fn worker(&mut self, team: usize) -> (String, String) {
        let per_team = self.workers.len() / TEAMS.len();
        let k = team * per_team + self.rng.random_range(0..per_team.max(1));
        self.workers[k % self.workers.len()].clone()
    }

    /// Male with probability `p_male`, else female.
    fn gender(&mut self, p_male: f64) -> &'static str {
        if self.chance(p_male) {
            "a) Male"
        } else {
            "b) Female"
        }
    }

    fn messy(&mut self, p_some: f64, p_lots: f64) -> bool {
        match self.s.messy {
            Messy::None => false,
            Messy::Some => self.chance(p_some),
            Messy::Lots => self.chance(p_lots),
        }
    }

    fn code(&mut self, v: &str) -> Cell {
        // "a) Male" → "Male" sometimes: councils drop the letter prefix.
        if self.messy(0.1, 0.3) {
            Cell::Text(sightline_core::annex_a::strip_prefix(v).to_string())
        } else {
            Cell::Text(v.to_string())
        }
    }

    fn date(&mut self, d: Date) -> Cell {
        if self.messy(0.1, 0.3) {
            Cell::Text(d.strftime("%d/%m/%Y").to_string())
        } else {
            Cell::Date(d)
        }
    }
}

struct Child {
    id: String,
    gender: &'static str,
    ethnicity: String,
    dob: Date,
    disability: &'static str,
}

fn age_at(dob: Date, at: Date) -> i64 {
    sightline_core::annex_a::age_on(dob, at)
}

/// Generates the eleven lists.
pub fn generate(s: Settings) -> Vec<Table> {
    generate_history(s, 182)
}

/// As [`generate`], with contacts (and all that follows from them) spread over the
/// `history_days` before the as-at date rather than the six months of one extract: a history
/// to be seen at earlier month ends with [`at`].
pub fn generate_history(s: Settings, history_days: i64) -> Vec<Table> {
    let mut g = Gen {
        rng: ChaCha8Rng::seed_from_u64(s.seed),
        s,
        workers: Vec::new(),
    };
    // Social workers per team, with England's caseloads (about 15 children each) in mind: the
    // open cases grow with the children in the history.
    let per_team = (s.children / 150).clamp(3, 60);
    for _ in 0..TEAMS.len() {
        for _ in 0..per_team {
            let name = format!(
                "{} {}",
                FIRST[g.rng.random_range(0..FIRST.len())],
                LAST[g.rng.random_range(0..LAST.len())]
            );
            g.workers.push((String::new(), name));
        }
    }
    for (i, w) in g.workers.iter_mut().enumerate() {
        w.0 = TEAMS[i / per_team].to_string();
    }
    let mut tables: Vec<Table> = LISTS
        .iter()
        .map(|l| Table {
            list: l.number,
            sheet: format!("List_{}", l.number),
            title: None,
            header: l.columns.iter().map(|c| c.header.to_string()).collect(),
            rows: Vec::new(),
        })
        .collect();
    let window = history_days.max(60);
    // The stocks (children in care for years, care leavers, adoption) are one extract's
    // worth whatever the history: only the flow of new contacts spreads over it.
    let stock = usize::try_from(i64::try_from(s.children).unwrap_or(i64::MAX) * 182 / window)
        .unwrap_or(s.children);
    for n in 0..s.children {
        let unborn = g.chance(0.01);
        let dob = if unborn {
            g.after(s.as_at, 10, 150)
        } else {
            g.days_before(17 * 365)
        };
        let child = Child {
            id: format!("{}", 1_000_000 + n * 7 + g.rng.random_range(0..7)),
            gender: if unborn {
                "c) Not stated/recorded"
            } else {
                g.gender(0.5)
            },
            ethnicity: g.pick(&ETHNICITY).to_string(),
            dob,
            disability: if g.chance(0.08) { "a) Yes" } else { "b) No" },
        };
        let first_contact = g.days_before(window - 30).max(if unborn {
            s.as_at.saturating_sub(120.days())
        } else {
            child.dob
        });
        let contacts = 1 + usize::from(g.chance(0.25));
        let mut last_contact = first_contact;
        for k in 0..contacts {
            let d = if k == 0 {
                first_contact
            } else {
                g.after(last_contact, 3, 60).min(s.as_at)
            };
            last_contact = d;
            let source = g.pick(&SOURCES);
            let row = base(&mut g, &child);
            let mut row = row;
            row.push(g.date(d));
            row.push(g.code(source));
            tables[0].rows.push(row);
        }
        if g.chance(0.12) {
            let start = g.after(first_contact, 0, 10).min(s.as_at);
            let mut row = base(&mut g, &child);
            row.push(g.date(start));
            row.push(optional_date(&mut g, start, 20, 60));
            row.push(Cell::Text("Family Help Hub".into()));
            tables[1].rows.push(row);
        }
        if !g.chance(0.4) {
            continue;
        }
        // Referral → assessment.
        let referral = g.after(last_contact, 0, 2).min(s.as_at);
        let team = g.rng.random_range(0..3);
        let (team_name, worker) = g.worker(team);
        let mut row = base(&mut g, &child);
        let src = g.pick(&SOURCES);
        let prev = i64::from(g.chance(0.22)) * g.rng.random_range(1..3);
        row.extend([
            g.date(referral),
            g.code(src),
            {
                let nfa = if g.chance(0.06) { "a) Yes" } else { "b) No" };
                g.code(nfa)
            },
            Cell::Int(prev),
            Cell::Text(team_name.clone()),
            Cell::Text(worker.clone()),
        ]);
        tables[2].rows.push(row);
        let assessed = g.chance(0.9);
        let mut authorised = None;
        if assessed {
            let start = g.after(referral, 0, 3).min(s.as_at);
            let end = g.after(start, 10, 70);
            let auth = (end <= s.as_at).then_some(end);
            authorised = auth;
            let mut row = base(&mut g, &child);
            row.push(Cell::Text(child.disability.into()));
            row.push(g.date(start));
            let seen = if g.chance(0.97) { "a) Yes" } else { "b) No" };
            row.push(g.code(seen));
            row.push(auth.map_or(Cell::Empty, |d| g.date(d)));
            row.push(auth.map_or(Cell::Empty, |_| {
                Cell::Text(if g.chance(0.7) {
                    "a) Yes".into()
                } else {
                    "b) No".into()
                })
            }));
            row.push(Cell::Text(team_name.clone()));
            row.push(Cell::Text(worker.clone()));
            tables[3].rows.push(row);
        }
        // Section 47 → ICPC → CP plan.
        let mut on_plan = None;
        if g.chance(0.17) {
            let strategy = g.after(referral, 0, 5).min(s.as_at);
            let icpc = g
                .chance(0.6)
                .then(|| g.after(strategy, 5, 30))
                .filter(|d| *d <= s.as_at);
            let plan = icpc.filter(|_| g.chance(0.85));
            let (cp_team, cp_worker) = g.worker(3);
            let mut row = base(&mut g, &child);
            row.push(Cell::Text(child.disability.into()));
            row.push(g.date(strategy));
            row.push(g.code(if icpc.is_some() { "b) No" } else { "a) Yes" }));
            row.push(icpc.map_or(Cell::Empty, |d| g.date(d)));
            row.push(match (icpc, plan) {
                (Some(_), Some(_)) => Cell::Text("a) Yes".into()),
                (Some(_), None) => Cell::Text("b) No".into()),
                _ => Cell::Empty,
            });
            row.push(Cell::Int(i64::from(g.chance(0.1))));
            row.push(Cell::Int(i64::from(g.chance(0.05))));
            row.push(Cell::Text(cp_team.clone()));
            row.push(Cell::Text(cp_worker.clone()));
            tables[4].rows.push(row);
            if let Some(start) = plan {
                on_plan = Some(start);
                let ended = g
                    .chance(0.2)
                    .then(|| g.after(start, 90, 200))
                    .filter(|d| *d <= s.as_at);
                // Open plans are visited every few weeks, so the last visit is recent (most
                // within the 10 working days); an ended plan's last visit came before its end.
                let visit = match ended {
                    Some(end) => g.after(start, 0, 10).min(end),
                    None => s
                        .as_at
                        .saturating_sub(g.rng.random_range(0..21).days())
                        .max(start),
                };
                let cats = [
                    "a) Neglect",
                    "b) Physical abuse",
                    "d) Emotional abuse",
                    "c) Sexual abuse",
                ];
                let cat = cats[g.rng.random_range(0..cats.len())];
                let mut row = base(&mut g, &child);
                row.push(Cell::Text(child.disability.into()));
                row.push(g.date(start));
                row.push(g.code(cat));
                row.push(g.code(cat));
                row.push(g.date(visit));
                let alone = if g.chance(0.8) { "a) Yes" } else { "b) No" };
                row.push(g.code(alone));
                row.push(optional_date(&mut g, start, 80, 95));
                row.push(ended.map_or(Cell::Empty, |d| g.date(d)));
                row.push(g.code("b) No"));
                row.push(Cell::Int(i64::from(g.chance(0.2))));
                row.push(Cell::Text(cp_team));
                row.push(Cell::Text(cp_worker));
                tables[6].rows.push(row);
            }
        }
        // Children in need (List 6): assessed as needing support, or on a plan.
        if authorised.is_some() || on_plan.is_some() {
            let start = referral;
            let status = if on_plan.is_some() {
                "b) Child Protection plan"
            } else {
                "c) Child in need plan"
            };
            let mut row = base(&mut g, &child);
            row.push(Cell::Text(child.disability.into()));
            row.push(g.date(start));
            row.push(Cell::Text("N1 - Abuse or neglect".into()));
            // Open cases are seen regularly: most within the six-week standard.
            let seen = s
                .as_at
                .saturating_sub(g.rng.random_range(0..50).days())
                .max(start);
            row.push(g.date(seen));
            row.push(Cell::Empty);
            row.push(Cell::Empty);
            row.push(g.code(status));
            row.push(Cell::Text(team_name.clone()));
            row.push(Cell::Text(worker.clone()));
            tables[5].rows.push(row);
        }
        // Children in care (List 8).
        if g.chance(0.08) && !unborn {
            let start = g.after(referral, 5, 60).min(s.as_at);
            let (cla_team, cla_worker) = g.worker(4);
            let mut row = base(&mut g, &child);
            row.push(g.code("b) No"));
            row.push(Cell::Text(child.disability.into()));
            row.push(g.date(start));
            row.push(Cell::Text("N1 - Abuse or neglect".into()));
            row.push(g.code("b) No"));
            row.push(g.date(start));
            row.push(Cell::Text(if g.chance(0.5) {
                "C1: ICO".into()
            } else {
                "V2: Single period under S20".into()
            }));
            row.push(optional_date(&mut g, start, 15, 25));
            row.push(optional_date(&mut g, start, 5, 40));
            row.push(Cell::Text("a) Return to family".into()));
            row.push(optional_date(&mut g, start, 5, 40));
            row.push(Cell::Empty);
            row.push(Cell::Empty);
            row.push(Cell::Int(
                1 + i64::from(g.chance(0.2)) + i64::from(g.chance(0.08)),
            ));
            row.push(Cell::Empty);
            row.push(Cell::Empty);
            row.push(g.date(start));
            row.push(g.code("f) U6: Foster placement - not FFA or connected person"));
            row.push(g.code("b) PR1 - Own provision"));
            let bad_postcode = g.messy(0.02, 0.1);
            row.push(Cell::Text(if bad_postcode {
                "unknown".into()
            } else {
                "LE1 6ZG".into()
            }));
            row.push(Cell::Empty);
            row.push(g.code("a) In"));
            row.push(Cell::Text("Northfield".into()));
            let missing = i64::from(g.chance(0.1)) * g.rng.random_range(1..4);
            row.push(Cell::Int(missing));
            row.push(Cell::Int(0));
            row.push(if missing > 0 {
                g.code("a) Yes")
            } else {
                Cell::Empty
            });
            row.push(if missing > 0 {
                g.code("a) Yes")
            } else {
                Cell::Empty
            });
            row.push(Cell::Text(cla_team));
            row.push(Cell::Text(cla_worker));
            tables[7].rows.push(row);
        }
    }
    long_standing_in_care(&mut g, &mut tables[7], stock);
    // Care leavers, adoption and adopters: their own cohorts.
    for n in 0..(stock / 30).max(1) {
        let dob = s
            .as_at
            .saturating_sub((17 * 365 + g.rng.random_range(0..(4 * 365))).days());
        let child = Child {
            id: format!("{}", 5_000_000 + n),
            gender: g.gender(0.6),
            ethnicity: g.pick(&ETHNICITY).to_string(),
            dob,
            disability: "b) No",
        };
        let (t, w) = g.worker(5);
        let mut row = base(&mut g, &child);
        row.push(g.code("b) No"));
        row.push(Cell::Text(child.disability.into()));
        row.push(Cell::Text(t));
        row.push(Cell::Text(w.clone()));
        row.push(Cell::Text(w));
        row.push(g.code("b) Former relevant child"));
        row.push(optional_date(
            &mut g,
            s.as_at.saturating_sub(150.days()),
            0,
            140,
        ));
        let in_touch = g.chance(0.9);
        row.push(g.code(if in_touch { "a) Yes" } else { "b) No" }));
        row.push(optional_date(
            &mut g,
            s.as_at.saturating_sub(60.days()),
            0,
            55,
        ));
        row.push(if in_touch {
            Cell::Text("U: Independent living".into())
        } else {
            Cell::Empty
        });
        // Suitable accommodation and education, employment or training are their own facts,
        // as in England (about 88% and 55% of those in touch), not the same one read three
        // times.
        let suitable = g.chance(0.88);
        row.push(if in_touch {
            g.code(if suitable {
                "a) Suitable"
            } else {
                "b) Unsuitable"
            })
        } else {
            Cell::Empty
        });
        row.push(if in_touch {
            Cell::Text(
                if g.chance(0.55) {
                    "F2: Full time in education other than higher education"
                } else {
                    "G4: Not in education, training or employment - other reasons"
                }
                .into(),
            )
        } else {
            Cell::Empty
        });
        tables[8].rows.push(row);
    }
    for n in 0..(stock / 200).max(1) {
        let decision = g.days_before(300);
        let child = Child {
            id: format!("{}", 6_000_000 + n),
            gender: g.gender(0.5),
            ethnicity: "a) WBRI".into(),
            dob: decision.saturating_sub(g.rng.random_range(200..900).days()),
            disability: "b) No",
        };
        let mut row = vec![Cell::Text(child.id.clone()), Cell::Text(format!("F{n:04}"))];
        row.push(g.code(child.gender));
        row.push(Cell::Text(child.ethnicity.clone()));
        row.push(Cell::Date(child.dob));
        row.push(Cell::Int(age_at(child.dob, s.as_at)));
        row.push(Cell::Text("b) No".into()));
        row.push(g.date(decision.saturating_sub(120.days())));
        row.push(g.date(decision));
        let order = g.after(decision, 30, 90).min(s.as_at);
        row.push(g.date(order));
        row.extend([
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
        ]);
        tables[9].rows.push(row);
        let enquiry = g.days_before(340);
        let mut a = vec![
            Cell::Text(format!("{}", 7_000_000 + n)),
            Cell::Text(format!("F{n:04}")),
        ];
        a.push(g.code("b) Female"));
        a.push(Cell::Text("a) WBRI".into()));
        a.push(Cell::Text("b) No".into()));
        a.push(Cell::Text("No".into()));
        a.push(g.date(enquiry));
        a.extend(std::iter::repeat_n(Cell::Empty, 12));
        tables[10].rows.push(a);
    }
    if s.messy != Messy::None {
        make_messy(&mut g, &mut tables);
    }
    tables
}

/// Children who came into care one to eight years before the extract: the stock of children
/// in care, beside the flow of new entrants above. Their stability, reviews, visits and health
/// and dental checks are spread so that most are in time and some are not, and about one in
/// twelve leaves care within the window.
fn long_standing_in_care(g: &mut Gen, list8: &mut Table, stock: usize) {
    let as_at = g.s.as_at;
    let ago = |d: i64| as_at.saturating_sub(d.days());
    for n in 0..stock / 15 {
        let age_days = g.rng.random_range((2 * 365 + 30)..(17 * 365 + 300));
        let dob = ago(age_days);
        let child = Child {
            id: format!("{}", 4_000_000 + n),
            gender: g.gender(0.55),
            ethnicity: g.pick(&ETHNICITY).to_string(),
            dob,
            disability: if g.chance(0.12) { "a) Yes" } else { "b) No" },
        };
        let in_care_days = g.rng.random_range(365..(8 * 365)).min(age_days - 30);
        let start = ago(in_care_days);
        // Most long-standing children have been in their placement for years; some moved.
        let placement_days = if g.chance(0.7) {
            g.rng.random_range((in_care_days / 2)..=in_care_days)
        } else {
            g.rng.random_range(10..(in_care_days / 2).max(11))
        };
        let placed = ago(placement_days).max(start);
        let ceased = g.chance(0.08).then(|| ago(g.rng.random_range(1..170)));
        let (legal, permanence) = match g.rng.random_range(0..10) {
            0..=5 => ("C2: Full care order", "f) Long-term fostering"),
            6 => ("E1: Placement order granted", "b) Adoption"),
            7 | 8 => ("V2: Single period under S20", "a) Return to family"),
            _ => ("C2: Full care order", "e) Long-term residential placement"),
        };
        let (placement, provider, location) = match g.rng.random_range(0..10) {
            0..=4 => (
                "U4: Foster placement with other foster carer",
                "b) PR1 - Own provision",
                "a) In",
            ),
            5 | 6 => (
                "U1: Foster placement with relative or friend",
                "b) PR1 - Own provision",
                "a) In",
            ),
            7 => (
                "U6: Foster placement - not FFA or connected person",
                "e) PR4 - Private provision",
                "b) Out",
            ),
            _ => (
                "K2: Children's home",
                "e) PR4 - Private provision",
                "b) Out",
            ),
        };
        let (team, worker) = g.worker(4);
        let mut row = base(g, &child);
        row.push(g.code("b) No"));
        row.push(Cell::Text(child.disability.into()));
        row.push(g.date(start));
        row.push(Cell::Text("N1 - Abuse or neglect".into()));
        row.push(g.code("b) No"));
        row.push(g.date(start));
        row.push(Cell::Text(legal.into()));
        // Reviews every six months, visits every six weeks, each sometimes late.
        let review = ago(g.rng.random_range(0..210)).max(start);
        let visit = ago(g.rng.random_range(0..50)).max(start);
        let iro = ago(g.rng.random_range(0..200)).max(start);
        let health = ago(g.rng.random_range(0..420)).max(start);
        let dental = ago(g.rng.random_range(0..480)).max(start);
        row.push(g.date(review));
        row.push(g.date(visit));
        row.push(g.code(permanence));
        row.push(g.date(iro));
        row.push(g.date(health));
        row.push(if g.chance(0.95) {
            g.date(dental)
        } else {
            Cell::Empty
        });
        // About one child in ten has had three or more placements in a year, as in England.
        let moves = if placement_days < 365 {
            1 + i64::from(g.chance(0.45)) + i64::from(g.chance(0.35))
        } else {
            1
        };
        row.push(Cell::Int(moves));
        match ceased {
            Some(d) => {
                row.push(g.date(d.max(placed)));
                row.push(Cell::Text(
                    if g.chance(0.5) {
                        "E4A: Returned home to live with parents or relatives"
                    } else {
                        "E11: Adopted - application unopposed"
                    }
                    .into(),
                ));
            }
            None => {
                row.push(Cell::Empty);
                row.push(Cell::Empty);
            }
        }
        row.push(g.date(placed));
        row.push(g.code(placement));
        row.push(g.code(provider));
        // Placed in the authority (Northfield), or out of it (Nottingham).
        let (postcode, la) = if location == "a) In" {
            ("LE1 6ZG", "Northfield")
        } else {
            ("NG7 2RD", "Nottingham")
        };
        row.push(Cell::Text(postcode.into()));
        row.push(Cell::Empty);
        row.push(g.code(location));
        row.push(Cell::Text(la.into()));
        let missing = i64::from(g.chance(0.08)) * g.rng.random_range(1..5);
        row.push(Cell::Int(missing));
        row.push(Cell::Int(0));
        let offered = missing > 0 && g.chance(0.8);
        row.push(if missing > 0 {
            g.code(if offered { "a) Yes" } else { "b) No" })
        } else {
            Cell::Empty
        });
        let accepted = g.chance(0.6);
        row.push(if offered {
            g.code(if accepted { "a) Yes" } else { "b) No" })
        } else {
            Cell::Empty
        });
        row.push(Cell::Text(team));
        row.push(Cell::Text(worker));
        list8.rows.push(row);
    }
}

fn optional_date(g: &mut Gen, from: Date, min: i64, max: i64) -> Cell {
    let d = g.after(from, min, max);
    if d <= g.s.as_at {
        g.date(d)
    } else {
        Cell::Empty
    }
}

/// The first five columns every list but 10 and 11 starts with; age at last birthday on the
/// date the extract is produced (-1 for an unborn child).
fn base(g: &mut Gen, c: &Child) -> Vec<Cell> {
    let age = age_at(c.dob, g.s.as_at);
    vec![
        Cell::Text(c.id.clone()),
        g.code(c.gender),
        Cell::Text(c.ethnicity.clone()),
        Cell::Date(c.dob),
        Cell::Int(age),
    ]
}

fn make_messy(g: &mut Gen, tables: &mut [Table]) {
    let lots = g.s.messy == Messy::Lots;
    for t in tables.iter_mut() {
        t.title = Some(format!(
            "List {}: {}",
            t.list,
            LISTS[usize::from(t.list - 1)].name.replace('_', " ")
        ));
        if let Some(age) = t.header.iter_mut().find(|h| h.starts_with("Age of Child")) {
            *age = "Age".into();
        }
        if lots {
            if let Some(h) = t.header.last_mut() {
                h.push(' ');
            }
            for row in t.rows.iter_mut() {
                if g.chance(0.01) {
                    // A lookup that failed in the council's spreadsheet.
                    if let Some(last) = row.last_mut() {
                        *last = Cell::Text("#N/A".into());
                    }
                }
                if g.chance(0.005) {
                    row.truncate(row.len().saturating_sub(2));
                }
            }
            let n = t.rows.len();
            for k in 0..(n / 200) {
                let at = (k * 197) % n.max(1);
                if let Some(copy) = t.rows.get(at).cloned() {
                    t.rows.push(copy);
                }
                t.rows.insert(at.min(t.rows.len()), Vec::new());
            }
            if let Some(row) = t.rows.iter_mut().find(|r| r.len() > 5) {
                row[5] = Cell::Text("31/02/2024".into());
            }
        }
    }
}

/// The front-door story of seed 002 (a council that under-reported poor performance because
/// its front door recorded data badly), laid on generated tables: in one team's referrals and
/// assessments, a share `rate` (0 to 1) of the records carry its lapses.
/// - referrals with no source, and referrals recorded twice;
/// - the team is slow: about a third of its assessments are authorised after 45 working days
///   (70 to 100 days), all year; and those late ones are not yet recorded as authorised, so
///   the timeliness figure counts only the quick ones and looks better than it is;
/// - contacts with no source (the front door takes every contact).
///
/// Deterministic for a seed.
pub fn front_door_lapses(tables: &mut [Table], team: &str, rate: f64, seed: u64, as_at: Date) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x05ee_d002);
    let mut hit = |p: f64| rng.random_bool(p.clamp(0.0, 1.0));
    let column = |t: &Table, h: &str| t.header.iter().position(|x| x.trim() == h);
    for t in tables.iter_mut() {
        let team_col = column(t, "Allocated Team");
        let ours = |row: &[Cell]| {
            team_col.is_some_and(|c| matches!(row.get(c), Some(Cell::Text(x)) if x == team))
        };
        match t.list {
            1 => {
                if let Some(src) = column(t, "Contact Source") {
                    for row in t.rows.iter_mut() {
                        if hit(rate * 0.5)
                            && let Some(c) = row.get_mut(src)
                        {
                            *c = Cell::Empty;
                        }
                    }
                }
            }
            3 => {
                let Some(src) = column(t, "Referral Source") else {
                    continue;
                };
                let mut copies = Vec::new();
                for row in t.rows.iter_mut().filter(|r| ours(r)) {
                    if hit(rate)
                        && let Some(c) = row.get_mut(src)
                    {
                        *c = Cell::Empty;
                    }
                    if hit(rate * 0.4) {
                        copies.push(row.clone());
                    }
                }
                t.rows.extend(copies);
            }
            4 => {
                let (Some(start), Some(done)) = (
                    column(t, "Continuous Assessment Start Date"),
                    column(t, "Continuous Assessment Date of Authorisation"),
                ) else {
                    continue;
                };
                for row in t.rows.iter_mut().filter(|r| ours(r)) {
                    // The truth: slow, whatever is recorded.
                    if let (Some(Cell::Date(a)), Some(Cell::Date(_))) =
                        (row.get(start), row.get(done))
                        && hit(0.35)
                    {
                        let late = a.saturating_add((70 + (a.day() as i64 % 31)).days());
                        if let Some(c) = row.get_mut(done) {
                            *c = if late <= as_at {
                                Cell::Date(late)
                            } else {
                                Cell::Empty
                            };
                        }
                    }
                    let late = match (row.get(start), row.get(done)) {
                        (Some(Cell::Date(a)), Some(Cell::Date(b))) => (*b - *a).get_days() > 63,
                        _ => false,
                    };
                    if late
                        && hit(rate * 2.0)
                        && let Some(c) = row.get_mut(done)
                    {
                        *c = Cell::Empty;
                    }
                }
            }
            _ => {}
        }
    }
}

/// What can go wrong writing an extract.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The file could not be written.
    #[error("{path}: cannot be written: {reason}")]
    Write {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
}

/// Writes the tables as one XLSX workbook (sheets `List_1`…`List_11`).
///
/// # Errors
/// [`WriteError`] when the file cannot be written.
pub fn write_xlsx(tables: &[Table], path: &Path) -> Result<(), WriteError> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| WriteError::Write {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    let mut book = Workbook::new();
    let date_format = Format::new().set_num_format("dd/mm/yyyy");
    for t in tables {
        // Shared strings, as Excel itself writes them (constant-memory mode would write inline
        // strings, which no council's Excel produces).
        let sheet = book.add_worksheet_with_low_memory().map_err(err)?;
        sheet.set_name(&t.sheet).map_err(err)?;
        let mut r = 0u32;
        if let Some(title) = &t.title {
            sheet.write_string(r, 0, title).map_err(err)?;
            r += 1;
        }
        for (c, h) in t.header.iter().enumerate() {
            sheet
                .write_string(r, u16::try_from(c).unwrap_or(0), h)
                .map_err(err)?;
        }
        r += 1;
        for row in &t.rows {
            for (c, v) in row.iter().enumerate() {
                let c = u16::try_from(c).unwrap_or(0);
                match v {
                    Cell::Empty => {}
                    Cell::Text(s) => {
                        sheet.write_string(r, c, s).map_err(err)?;
                    }
                    Cell::Int(i) => {
                        sheet.write_number(r, c, *i as f64).map_err(err)?;
                    }
                    Cell::Date(d) => {
                        let x = ExcelDateTime::from_ymd(
                            u16::try_from(d.year()).unwrap_or(1900),
                            u8::try_from(d.month()).unwrap_or(1),
                            u8::try_from(d.day()).unwrap_or(1),
                        )
                        .map_err(err)?;
                        sheet
                            .write_datetime_with_format(r, c, &x, &date_format)
                            .map_err(err)?;
                    }
                }
            }
            r += 1;
        }
    }
    book.save(path).map_err(err)
}

/// Writes the tables as CSV files `list_1.csv`…`list_11.csv` in a folder (created if needed).
///
/// # Errors
/// [`WriteError`] when a file cannot be written.
pub fn write_csv_dir(tables: &[Table], dir: &Path) -> Result<(), WriteError> {
    let err = |p: &Path, e: String| WriteError::Write {
        path: p.display().to_string(),
        reason: e,
    };
    std::fs::create_dir_all(dir).map_err(|e| err(dir, e.to_string()))?;
    for t in tables {
        let path = dir.join(format!("list_{}.csv", t.list));
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .from_path(&path)
            .map_err(|e| err(&path, e.to_string()))?;
        if let Some(title) = &t.title {
            w.write_record([title])
                .map_err(|e| err(&path, e.to_string()))?;
        }
        w.write_record(&t.header)
            .map_err(|e| err(&path, e.to_string()))?;
        for row in &t.rows {
            let cells: Vec<String> = row
                .iter()
                .map(|c| match c {
                    Cell::Empty => String::new(),
                    Cell::Text(s) => s.clone(),
                    Cell::Int(i) => i.to_string(),
                    Cell::Date(d) => d.strftime("%d/%m/%Y").to_string(),
                })
                .collect();
            w.write_record(if cells.is_empty() {
                vec![String::new()]
            } else {
                cells
            })
            .map_err(|e| err(&path, e.to_string()))?;
        }
        w.flush().map_err(|e| err(&path, e.to_string()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn settings(messy: Messy) -> Settings {
        Settings {
            children: 2000,
            seed: 7,
            as_at: date(2024, 1, 15),
            messy,
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_extract() {
        let a = generate(settings(Messy::Lots));
        let b = generate(settings(Messy::Lots));
        assert_eq!(
            a.iter().map(|t| t.rows.clone()).collect::<Vec<_>>(),
            b.iter().map(|t| t.rows.clone()).collect::<Vec<_>>()
        );
        let c = generate(Settings {
            seed: 8,
            ..settings(Messy::Lots)
        });
        assert_ne!(a[0].rows, c[0].rows);
    }

    #[test]
    fn the_front_door_story_touches_only_its_team_and_rate_zero_nothing() {
        let clean = generate(settings(Messy::None));
        let mut same = clean.clone();
        front_door_lapses(&mut same, "Front Door", 0.0, 1, date(2024, 1, 15));
        let referrals_of = |ts: &[Table]| ts.iter().find(|t| t.list == 3).map(|t| t.rows.clone());
        assert_eq!(
            referrals_of(&same),
            referrals_of(&clean),
            "rate 0 records nothing badly"
        );
        let mut bad = clean.clone();
        front_door_lapses(&mut bad, "Front Door", 0.5, 1, date(2024, 1, 15));
        let referrals = |ts: &[Table]| ts.iter().find(|t| t.list == 3).cloned().expect("list 3");
        let (before, after) = (referrals(&clean), referrals(&bad));
        let team = after
            .header
            .iter()
            .position(|h| h == "Allocated Team")
            .expect("team");
        let src = after
            .header
            .iter()
            .position(|h| h == "Referral Source")
            .expect("source");
        let blank_by = |t: &Table, front: bool| {
            t.rows
                .iter()
                .filter(|r| matches!(&r[team], Cell::Text(x) if (x == "Front Door") == front))
                .filter(|r| r[src] == Cell::Empty)
                .count()
        };
        assert!(
            blank_by(&after, true) > 0,
            "front door referrals lose their source"
        );
        assert_eq!(
            blank_by(&after, false),
            blank_by(&before, false),
            "no other team's do"
        );
        assert!(
            after.rows.len() > before.rows.len(),
            "some referrals are recorded twice"
        );
    }

    #[test]
    fn volumes_have_the_national_shape() {
        let t = generate(settings(Messy::None));
        let n = |l: usize| t[l - 1].rows.len() as f64;
        assert!(n(1) >= 2000.0);
        let referrals = n(3) / 2000.0;
        assert!(
            (0.33..0.47).contains(&referrals),
            "referrals per child contacted {referrals}"
        );
        assert!((0.85..0.95).contains(&(n(4) / n(3))), "assessed");
        assert!(
            n(5) > 0.0 && n(7) > 0.0 && n(7) < n(5),
            "plans fewer than enquiries"
        );
        assert!(
            t.iter()
                .all(|t| t.rows.iter().all(|r| r.len() == t.header.len())),
            "clean rows are full"
        );
    }
}
