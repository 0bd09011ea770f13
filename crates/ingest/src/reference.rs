//! Reference data compiled into the binary from `data/` at the workspace root: every English
//! authority with its statistical neighbours (Data to Insight, MIT), the latest ILACS outcome
//! of each (Data to Insight's scrape, as at June 2026) and England and Wales bank holidays
//! (GOV.UK).
//!
//! Each table is parsed when asked for; callers keep the result (`sightline-app` holds one
//! [`Reference`] for the process).

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use jiff::civil::Date;
use sightline_core::authority::{Authority, LaCode, LatestOutcome};
use sightline_core::calendar::WorkCalendar;
use sightline_core::inspection::Grade;

use crate::{Error, Result};

const AUTHORITIES_CSV: &str = include_str!("../../../data/local-authorities.csv");
const OUTCOMES_XLSX: &[u8] = include_bytes!("../../../data/ilacs-latest-outcomes.xlsx");
const BANK_HOLIDAYS_CSV: &str = include_str!("../../../data/bank-holidays-england-wales.csv");

/// All compiled-in reference data.
#[derive(Debug, Clone)]
pub struct Reference {
    /// Every authority, in DfE code order.
    pub authorities: Vec<Authority>,
    /// The latest published ILACS outcome per authority (where known).
    pub outcomes: Vec<LatestOutcome>,
    /// Working days in England and Wales.
    pub calendar: WorkCalendar,
}

impl Reference {
    /// Parses all compiled-in tables.
    ///
    /// # Errors
    /// [`Error::Reference`] if a compiled-in table is malformed (a build problem).
    pub fn load() -> Result<Reference> {
        Ok(Reference {
            authorities: authorities()?,
            outcomes: latest_outcomes()?,
            calendar: calendar()?,
        })
    }

    /// The authority with this DfE code.
    pub fn authority(&self, code: LaCode) -> Option<&Authority> {
        self.authorities.iter().find(|a| a.code == code)
    }

    /// Finds an authority by DfE code (`856`), ONS code (`E06000016`) or name, as a user or a
    /// report writes it ("Leicester City Council").
    pub fn find(&self, query: &str) -> Option<&Authority> {
        let q = query.trim();
        if let Ok(code) = q.parse::<LaCode>() {
            return self.authority(code);
        }
        self.authorities
            .iter()
            .find(|a| a.ons_code.eq_ignore_ascii_case(q))
            .or_else(|| self.authorities.iter().find(|a| a.is_named(q)))
    }

    /// The latest outcome for an authority, if the table has one.
    pub fn outcome(&self, code: LaCode) -> Option<&LatestOutcome> {
        self.outcomes.iter().find(|o| o.code == code)
    }
}

/// Every authority from `data/local-authorities.csv`.
///
/// # Errors
/// [`Error::Reference`] naming the row when the table is malformed.
pub fn authorities() -> Result<Vec<Authority>> {
    let err = |reason: String| Error::Reference {
        name: "local-authorities.csv",
        reason,
    };
    let text = AUTHORITIES_CSV.trim_start_matches('\u{feff}');
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let headers = rdr
        .headers()
        .map_err(|e| err(format!("header row: {e}")))?
        .clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| err(format!("column {name:?} is missing")))
    };
    let (code, ons, name, aka, region, region_name, neighbours, pop, la_type) = (
        col("la_code")?,
        col("la_code_new")?,
        col("local_authority_ons_name")?,
        col("also_known_as")?,
        col("rgn22cd")?,
        col("region_name")?,
        col("stat_neighbours")?,
        col("ons_population_0-25")?,
        col("ons_la_type")?,
    );
    let mut out = Vec::new();
    for (i, row) in rdr.records().enumerate() {
        let row = row.map_err(|e| err(format!("row {}: {e}", i + 2)))?;
        let get = |c: usize| row.get(c).unwrap_or_default().trim();
        let la = get(code)
            .parse::<LaCode>()
            .map_err(|e| err(format!("row {}, column \"la_code\": {e}", i + 2)))?;
        let neighbours = get(neighbours)
            .split(',')
            .filter(|s| !s.trim().is_empty())
            .map(|s| s.parse::<LaCode>())
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|e| err(format!("row {}, column \"stat_neighbours\": {e}", i + 2)))?;
        out.push(Authority {
            code: la,
            ons_code: get(ons).to_string(),
            name: get(name).to_string(),
            // Written as a list: "[Kingston Upon Hull, Hull]".
            also_known_as: get(aka)
                .trim_start_matches('[')
                .trim_end_matches(']')
                .split([',', ';'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            region_code: get(region).to_string(),
            region_name: get(region_name).to_string(),
            neighbours,
            population_0_25: get(pop).parse().ok(),
            la_type: get(la_type).to_string(),
        });
    }
    out.sort_by_key(|a| a.code);
    Ok(out)
}

/// The latest ILACS outcome per authority from `data/ilacs-latest-outcomes.xlsx`. Cells that
/// are not a grade (such as `inspection_pre_dates_judgement`) or a date read as unknown.
///
/// # Errors
/// [`Error::Reference`] when the workbook or its header row cannot be read.
pub fn latest_outcomes() -> Result<Vec<LatestOutcome>> {
    let err = |reason: String| Error::Reference {
        name: "ilacs-latest-outcomes.xlsx",
        reason,
    };
    let mut book: Xlsx<_> =
        Xlsx::new(Cursor::new(OUTCOMES_XLSX)).map_err(|e| err(format!("workbook: {e}")))?;
    let sheet = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| err("the workbook has no sheets".into()))?;
    let range = book
        .worksheet_range(&sheet)
        .map_err(|e| err(format!("sheet {sheet:?}: {e}")))?;
    let mut rows = range.rows();
    let header: Vec<String> = rows
        .next()
        .ok_or_else(|| err("no header row".into()))?
        .iter()
        .map(|c| c.to_string())
        .collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| err(format!("column {name:?} is missing")))
    };
    let (code, overall, kind, start, end, published) = (
        col("la_code")?,
        col("overall_effectiveness_grade")?,
        col("inspection_framework")?,
        col("inspection_start_date")?,
        col("inspection_end_date")?,
        col("publication_date")?,
    );
    let mut out = Vec::new();
    for row in rows {
        let cell = |c: usize| row.get(c).map(cell_text).unwrap_or_default();
        let Ok(la) = cell(code).parse::<LaCode>() else {
            continue;
        };
        let kind = cell(kind).to_lowercase();
        out.push(LatestOutcome {
            code: la,
            overall: cell(overall).parse::<Grade>().ok(),
            start_date: dmy(&cell(start)),
            end_date: dmy(&cell(end)),
            published: dmy(&cell(published)),
            kind: matches!(kind.as_str(), "short" | "standard").then_some(kind),
        });
    }
    out.sort_by_key(|o| o.code);
    Ok(out)
}

fn cell_text(c: &Data) -> String {
    match c {
        Data::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
        other => other.to_string().trim().to_string(),
    }
}

/// `dd/mm/yyyy` or `dd/mm/yy` (20yy).
fn dmy(s: &str) -> Option<Date> {
    let mut parts = s.trim().split('/');
    let d: i8 = parts.next()?.parse().ok()?;
    let m: i8 = parts.next()?.parse().ok()?;
    let y: i16 = parts.next()?.parse().ok()?;
    if parts.next().is_some() {
        return None;
    }
    let y = if y < 100 { 2000 + y } else { y };
    Date::new(y, m, d).ok()
}

/// Extra bank holidays from a local CSV in the shipped layout (`date,name`, ISO dates; a
/// header row is optional), for years beyond the shipped list or a new one-off day.
///
/// # Errors
/// [`Error::Io`] when the file cannot be read; [`Error::Workbook`] naming the line when a date
/// is malformed.
pub fn extra_holidays(path: &std::path::Path) -> Result<Vec<Date>> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut days = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let first = line
            .split(',')
            .next()
            .unwrap_or("")
            .trim()
            .trim_start_matches('\u{feff}');
        if first.is_empty() || (i == 0 && first.eq_ignore_ascii_case("date")) {
            continue;
        }
        let day = first.parse::<Date>().map_err(|e| Error::Workbook {
            path: path.to_path_buf(),
            reason: format!(
                "line {}: {first:?} is not an ISO date (YYYY-MM-DD): {e}",
                i + 1
            ),
        })?;
        days.push(day);
    }
    Ok(days)
}

/// England and Wales bank holidays from `data/bank-holidays-england-wales.csv`.
///
/// # Errors
/// [`Error::Reference`] naming the row when a date is malformed.
pub fn calendar() -> Result<WorkCalendar> {
    let mut days = Vec::new();
    for (i, line) in BANK_HOLIDAYS_CSV.lines().enumerate().skip(1) {
        let Some(date) = line.split(',').next().filter(|s| !s.trim().is_empty()) else {
            continue;
        };
        let day = date.trim().parse::<Date>().map_err(|e| Error::Reference {
            name: "bank-holidays-england-wales.csv",
            reason: format!("row {}: {date:?} is not a date: {e}", i + 1),
        })?;
        days.push(day);
    }
    Ok(WorkCalendar::new(days))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn leicester_and_its_neighbours() {
        let r = Reference::load().expect("reference data loads");
        assert_eq!(r.authorities.len(), 156);
        // 153 run children's services now; Cumbria, Northamptonshire and Poole were abolished.
        let gone: Vec<u16> = r
            .authorities
            .iter()
            .filter(|a| !a.is_current())
            .map(|a| a.code.0)
            .collect();
        assert_eq!(gone, [836, 909, 928]);
        assert_eq!(r.authorities.iter().filter(|a| a.is_current()).count(), 153);
        let a = r.find("Leicester City Council").expect("found by name");
        assert_eq!(a.code, LaCode(856));
        assert_eq!(a.ons_code, "E06000016");
        assert_eq!(a.region_name, "East Midlands");
        assert_eq!(a.neighbours.len(), 10);
        assert_eq!(r.find("856").map(|a| a.name.as_str()), Some("Leicester"));
        assert_eq!(r.find("e06000016").map(|a| a.code), Some(LaCode(856)));
        assert_eq!(r.find("Leicestershire").map(|a| a.code), Some(LaCode(855)));
        assert!(r.find("Atlantis").is_none());
    }

    #[test]
    fn authorities_are_found_by_the_names_reports_use() {
        let r = Reference::load().expect("loads");
        let code = |name: &str| r.find(name).map(|a| a.code.0);
        assert_eq!(code("Hull City Council"), Some(810));
        assert_eq!(code("Kingston upon Hull City Council"), Some(810));
        assert_eq!(code("Bristol City Council"), Some(801));
        assert_eq!(code("BCP Council"), Some(839));
        assert_eq!(code("Council of the Isles of Scilly"), Some(420));
        assert_eq!(code("London Borough of Redbridge Council"), Some(317));
        assert_eq!(code("Royal Borough of Windsor and Maidenhead"), Some(868));
        assert_eq!(code("Redcar and Cleveland"), Some(807));
    }

    #[test]
    fn derby_neighbours_match_the_published_model() {
        // domain.md: Derby's neighbours are Coventry, Bolton, Walsall, Southampton, Kirklees,
        // Peterborough, Rochdale, Sheffield, Tameside and Stoke-on-Trent.
        let r = Reference::load().expect("loads");
        let derby = r.find("Derby").expect("Derby");
        let names: Vec<&str> = derby
            .neighbours
            .iter()
            .filter_map(|c| r.authority(*c))
            .map(|a| a.name.as_str())
            .collect();
        assert_eq!(
            names,
            [
                "Coventry",
                "Bolton",
                "Walsall",
                "Southampton",
                "Kirklees",
                "Peterborough",
                "Rochdale",
                "Sheffield",
                "Tameside",
                "Stoke-on-Trent"
            ]
        );
    }

    #[test]
    fn outcomes_read_grades_and_dates() {
        let outcomes = latest_outcomes().expect("loads");
        let barnsley = outcomes
            .iter()
            .find(|o| o.code == LaCode(370))
            .expect("Barnsley");
        assert_eq!(barnsley.overall, Some(Grade::Good));
        assert_eq!(barnsley.start_date, Some(date(2023, 9, 11)));
        assert_eq!(barnsley.end_date, Some(date(2023, 9, 15)));
        assert_eq!(barnsley.published, Some(date(2023, 10, 27)));
        assert_eq!(barnsley.kind.as_deref(), Some("short"));
    }

    #[test]
    fn extra_holidays_extend_the_calendar() {
        use std::io::Write;
        let mut f = tempfile::NamedTempFile::new().expect("temp");
        writeln!(
            f,
            "date,name\n2031-01-01,New Year's Day\n\n2031-04-18,Good Friday"
        )
        .expect("w");
        let days = extra_holidays(f.path()).expect("reads");
        assert_eq!(days, [date(2031, 1, 1), date(2031, 4, 18)]);
        let c = calendar().expect("shipped").with(days);
        assert!(c.is_holiday(date(2031, 4, 18)));
        assert!(c.is_holiday(date(2026, 12, 28)));
        let mut bad = tempfile::NamedTempFile::new().expect("temp");
        writeln!(bad, "2031-01-01\n18/04/2031").expect("w");
        let e = extra_holidays(bad.path()).expect_err("bad date");
        assert!(e.to_string().contains("line 2"), "{e}");
    }

    #[test]
    fn bank_holidays_include_one_off_days() {
        let c = calendar().expect("loads");
        for d in [
            date(2020, 5, 8),
            date(2022, 9, 19),
            date(2023, 5, 8),
            date(2026, 12, 28),
        ] {
            assert!(c.is_holiday(d), "{d}");
        }
        assert!(!c.is_holiday(date(2020, 5, 4)));
        assert_eq!(c.range(), Some((date(2010, 1, 1), date(2030, 12, 26))));
    }

    #[test]
    fn dmy_dates() {
        assert_eq!(dmy("27/10/23"), Some(date(2023, 10, 27)));
        assert_eq!(dmy("29/02/2023"), None);
        assert_eq!(dmy(""), None);
    }
}
