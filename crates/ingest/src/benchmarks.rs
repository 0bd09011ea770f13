//! Benchmarks: the England and East Midlands figures shipped with Sightline
//! (`data/benchmarks.csv`, from `domain.md` §2.3), and figures loaded from a CSV in the layout
//! of DfE's explore-education-statistics downloads (`time_period`, `geographic_level`,
//! `country_name`, `region_name`, `region_code`, `la_name`, `new_la_code`, `old_la_code`, then
//! one column per measure).

use std::collections::HashMap;
use std::path::Path;

use jiff::civil::Date;
use sightline_core::benchmark::{Benchmark, Level, Provenance};

use crate::{Error, Result};

const SHIPPED_CSV: &str = include_str!("../../../data/benchmarks.csv");

/// The benchmarks shipped with Sightline.
///
/// # Errors
/// [`Error::Reference`] when the compiled-in table is malformed (a build problem).
pub fn shipped() -> Result<Vec<Benchmark>> {
    let bad = |row: usize, reason: String| Error::Reference {
        name: "benchmarks.csv",
        reason: format!("row {row}: {reason}"),
    };
    let mut r = csv::Reader::from_reader(SHIPPED_CSV.as_bytes());
    let mut out = Vec::new();
    for (i, rec) in r.records().enumerate() {
        let row = i + 2;
        let rec = rec.map_err(|e| bad(row, e.to_string()))?;
        let f = |k: usize| rec.get(k).unwrap_or("").trim();
        let indicator = f(0);
        if !sightline_core::indicator::is_known(indicator) {
            return Err(bad(row, format!("{indicator:?} is not an indicator id")));
        }
        out.push(Benchmark {
            indicator: indicator.to_string(),
            level: f(1).parse().map_err(|e| bad(row, format!("{e}")))?,
            area: f(2).to_string(),
            area_code: Some(f(3).to_string()).filter(|s| !s.is_empty()),
            year: f(4).to_string(),
            period_end: f(5)
                .parse()
                .map_err(|e| bad(row, format!("period_end: {e}")))?,
            value: Some(
                f(6).parse()
                    .map_err(|e| bad(row, format!("value {:?}: {e}", f(6))))?,
            ),
            symbol: None,
            provenance: f(7).parse().map_err(|e| bad(row, format!("{e}")))?,
            source: f(8).to_string(),
            note: Some(f(9).to_string()).filter(|s| !s.is_empty()),
        });
    }
    Ok(out)
}

/// What to take from a DfE file.
#[derive(Debug, Clone)]
pub struct DfeColumn {
    /// The indicator the column's figures match.
    pub indicator: String,
    /// The column holding the figures (e.g. `re_referral_rate_percent`).
    pub column: String,
    /// Only rows where each `column = value` (for files with breakdown columns).
    pub filters: Vec<(String, String)>,
    /// The reporting year to take (`time_period`, e.g. `202425` or `2025`); `None`: the latest.
    pub year: Option<String>,
    /// The end of the period (default: 31 March of the year the time period ends in).
    pub period_end: Option<Date>,
}

/// A row of a DfE file that was not taken, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Skipped {
    /// The line in the file.
    pub line: u64,
    /// Why.
    pub reason: String,
}

/// Benchmarks read from a DfE file, and the rows left out.
#[derive(Debug, Clone)]
pub struct DfeRead {
    /// One per area (England, each region, each authority) for the year taken.
    pub benchmarks: Vec<Benchmark>,
    /// Rows not taken (unknown level, other years, unreadable values), with reasons.
    pub skipped: Vec<Skipped>,
}

/// DfE symbols for figures not shown.
const SYMBOLS: &[&str] = &["c", "x", "z", "k", "u", "low", ":", ".."];

/// `202425` → ("2024-25", 31 Mar 2025); `2025` → ("2025", 31 Mar 2025).
fn year_of(time_period: &str) -> Option<(String, Date)> {
    let t = time_period.trim();
    let end_year: i16 = match t.len() {
        6 => t[..4].parse::<i16>().ok()? + 1,
        4 => t.parse().ok()?,
        _ => return None,
    };
    let label = if t.len() == 6 {
        format!("{}-{}", &t[..4], &t[4..])
    } else {
        t.to_string()
    };
    Some((label, Date::new(end_year, 3, 31).ok()?))
}

/// Reads one measure from a DfE statistics CSV: the England, regional and local-authority
/// rows of one year (the latest unless asked).
///
/// # Errors
/// [`Error::Workbook`] naming the file when it cannot be read, lacks the DfE columns or the
/// measure column, or the indicator is unknown.
pub fn read_dfe(path: &Path, want: &DfeColumn) -> Result<DfeRead> {
    let err = |reason: String| Error::Workbook {
        path: path.to_path_buf(),
        reason,
    };
    if !sightline_core::indicator::is_known(&want.indicator) {
        return Err(err(format!(
            "{:?} is not an indicator id (see `sightline indicators list`)",
            want.indicator
        )));
    }
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .map_err(|e| err(format!("cannot be read: {e}")))?;
    let headers: Vec<String> = r
        .headers()
        .map_err(|e| err(format!("no header row: {e}")))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
        .collect();
    let pos = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
    let need = |name: &str| {
        pos(name).ok_or_else(|| {
            err(format!(
                "line 1: no {name:?} column; expected the DfE layout (time_period, geographic_level, …)"
            ))
        })
    };
    let (tp, level, value) = (
        need("time_period")?,
        need("geographic_level")?,
        need(&want.column)?,
    );
    let filters: Vec<(usize, &str)> = want
        .filters
        .iter()
        .map(|(c, v)| need(c).map(|i| (i, v.as_str())))
        .collect::<Result<_>>()?;
    let (country, region, region_code, la, new_code, old_code) = (
        pos("country_name"),
        pos("region_name"),
        pos("region_code"),
        pos("la_name"),
        pos("new_la_code"),
        pos("old_la_code"),
    );
    let mut rows = Vec::new();
    let mut skipped = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| err(e.to_string()))?;
        let line = rec.position().map_or(0, |p| p.line());
        let get = |i: Option<usize>| i.and_then(|i| rec.get(i)).unwrap_or("").trim().to_string();
        if filters
            .iter()
            .any(|(i, v)| !rec.get(*i).unwrap_or("").trim().eq_ignore_ascii_case(v))
        {
            continue;
        }
        let Some(lvl) = Level::from_dfe(&get(Some(level))) else {
            skipped.push(Skipped {
                line,
                reason: format!("geographic level {:?} is not taken", get(Some(level))),
            });
            continue;
        };
        let Some((year, end)) = year_of(&get(Some(tp))) else {
            skipped.push(Skipped {
                line,
                reason: format!("time_period {:?} is not a year like 202425", get(Some(tp))),
            });
            continue;
        };
        let raw = get(Some(value));
        let (v, symbol) = match raw.replace(',', "").parse::<f64>() {
            Ok(x) if x.is_finite() => (Some(x), None),
            _ if SYMBOLS.contains(&raw.to_lowercase().as_str()) => (None, Some(raw.clone())),
            _ => {
                skipped.push(Skipped {
                    line,
                    reason: format!(
                        "{}: {raw:?} is neither a number nor a DfE symbol",
                        want.column
                    ),
                });
                continue;
            }
        };
        let (area, code) = match lvl {
            Level::National => (get(country), None),
            Level::Regional => (get(region), Some(get(region_code))),
            _ => (
                get(la),
                Some(get(old_code))
                    .filter(|c| !c.is_empty())
                    .or(Some(get(new_code))),
            ),
        };
        rows.push((
            get(Some(tp)),
            Benchmark {
                indicator: want.indicator.clone(),
                level: lvl,
                area: if area.is_empty() && lvl == Level::National {
                    "England".to_string()
                } else {
                    area
                },
                area_code: code.filter(|c| !c.is_empty()),
                year,
                period_end: want.period_end.unwrap_or(end),
                value: v,
                symbol,
                provenance: Provenance::Published,
                source: path
                    .file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
                note: None,
            },
            line,
        ));
    }
    let year = match &want.year {
        Some(y) => y.clone(),
        None => rows
            .iter()
            .map(|(t, _, _)| t.clone())
            .max()
            .unwrap_or_default(),
    };
    let mut seen: HashMap<(Level, String), u64> = HashMap::new();
    let mut benchmarks = Vec::new();
    for (t, b, line) in rows {
        if t != year {
            skipped.push(Skipped {
                line,
                reason: format!("time period {t}, not {year}"),
            });
            continue;
        }
        if let Some(first) = seen.insert((b.level, b.area.clone()), line) {
            skipped.push(Skipped {
                line,
                reason: format!(
                    "a second row for {} (line {first} taken); add --filter to choose",
                    b.area
                ),
            });
            seen.insert((b.level, b.area.clone()), first);
            continue;
        }
        benchmarks.push(b);
    }
    if benchmarks.is_empty() {
        return Err(err(format!(
            "no row of {year:?} with a national, regional or local-authority figure in {:?}",
            want.column
        )));
    }
    Ok(DfeRead {
        benchmarks,
        skipped,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn shipped_benchmarks_name_real_indicators() {
        let b = shipped().expect("compiled-in table parses");
        assert!(b.len() >= 20);
        let eng = b
            .iter()
            .find(|b| b.indicator == "re_referrals_12m_pct" && b.area == "England")
            .expect("England re-referrals");
        assert_eq!(eng.value, Some(22.6));
        assert_eq!(eng.provenance, Provenance::Published);
        assert!(b.iter().any(|b| b.area == "East Midlands"));
    }

    fn write(text: &str) -> tempfile::NamedTempFile {
        use std::io::Write;
        let mut f = tempfile::NamedTempFile::new().expect("temp file");
        f.write_all(text.as_bytes()).expect("written");
        f
    }

    fn want(col: &str) -> DfeColumn {
        DfeColumn {
            indicator: "re_referrals_12m_pct".into(),
            column: col.into(),
            filters: vec![],
            year: None,
            period_end: None,
        }
    }

    #[test]
    fn reads_the_latest_year_and_keeps_symbols() {
        let f = write(
            "\u{feff}time_period,time_identifier,geographic_level,country_name,region_code,region_name,old_la_code,new_la_code,la_name,re_referral_rate_percent\n\
             202324,Financial year,National,England,,,,,,22.0\n\
             202425,Financial year,National,England,,,,,,22.6\n\
             202425,Financial year,Regional,England,E12000004,East Midlands,,,,24.7\n\
             202425,Financial year,Local authority,England,E12000004,East Midlands,856,E06000016,Leicester,19.5\n\
             202425,Financial year,Local authority,England,E12000004,East Midlands,855,E10000018,Leicestershire,c\n\
             202425,Financial year,Local authority,England,E12000004,East Midlands,857,E06000017,Rutland,lots\n\
             202425,Financial year,Ward,England,,,,,,1\n",
        );
        let r = read_dfe(f.path(), &want("re_referral_rate_percent")).expect("read");
        assert_eq!(r.benchmarks.len(), 4);
        assert_eq!(r.benchmarks[0].area, "England");
        assert_eq!(r.benchmarks[0].value, Some(22.6));
        assert_eq!(r.benchmarks[0].year, "2024-25");
        assert_eq!(r.benchmarks[0].period_end, jiff::civil::date(2025, 3, 31));
        assert_eq!(r.benchmarks[2].area_code.as_deref(), Some("856"));
        assert_eq!(r.benchmarks[3].symbol.as_deref(), Some("c"));
        let reasons: Vec<&str> = r.skipped.iter().map(|s| s.reason.as_str()).collect();
        assert_eq!(reasons.len(), 3, "{reasons:?}");
        assert!(reasons.iter().any(|s| s.contains("\"lots\"")));
        assert!(reasons.iter().any(|s| s.contains("Ward")));
        assert!(reasons.iter().any(|s| s.contains("202324")));
    }

    #[test]
    fn a_file_not_in_the_dfe_layout_is_a_clear_error() {
        let f = write("area,value\nEngland,1\n");
        let e = read_dfe(f.path(), &want("value")).expect_err("not DfE");
        assert!(e.to_string().contains("time_period"), "{e}");
        let f = write("time_period,geographic_level,x\n202425,National,1\n");
        let e = read_dfe(f.path(), &want("rate")).expect_err("no such column");
        assert!(e.to_string().contains("\"rate\""), "{e}");
        let mut w = want("x");
        w.indicator = "nope".into();
        assert!(read_dfe(f.path(), &w).is_err());
    }

    proptest! {
        #[test]
        fn never_panics_on_any_text(text in ".{0,400}") {
            let f = write(&format!("time_period,geographic_level,x\n{text}"));
            let _ = read_dfe(f.path(), &want("x"));
        }

        #[test]
        fn years_parse_or_refuse(t in "[0-9]{0,8}") {
            if let Some((label, end)) = year_of(&t) {
                prop_assert!(t.len() == 4 || t.len() == 6);
                prop_assert_eq!(end.month(), 3);
                prop_assert!(label.starts_with(&t[..4]));
            }
        }
    }
}
