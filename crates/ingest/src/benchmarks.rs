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
    // England's workforce figures, from the one table of them in core (the caseload is in the
    // table above, with how its definition differs).
    for e in sightline_core::workforce::ENGLAND {
        let Some(indicator) = sightline_core::workforce::indicator_of(e.measure) else {
            continue;
        };
        out.push(Benchmark {
            indicator: indicator.to_string(),
            level: Level::National,
            area: "England".to_string(),
            area_code: Some("E92000001".to_string()),
            year: e.year.to_string(),
            period_end: Date::new(i16::try_from(e.year).unwrap_or(i16::MAX), 9, 30).map_err(
                |x| Error::Reference {
                    name: "workforce::ENGLAND",
                    reason: format!("year {}: {x}", e.year),
                },
            )?,
            value: Some(e.value),
            symbol: None,
            provenance: Provenance::Published,
            source: e.source.to_string(),
            note: None,
        });
    }
    Ok(out)
}

/// The columns of DfE's children's social work workforce statistics Sightline reads (the
/// `csww` indicators file: FTE-based, the year to 30 September), with the indicator each
/// matches.
pub const DFE_WORKFORCE: [(&str, &str); 5] = [
    ("vacancy_rate_fte", "workforce_vacancy_rate_pct"),
    ("agency_rate_fte", "workforce_agency_rate_pct"),
    ("turnover_rate_fte", "workforce_turnover_12m_pct"),
    ("absence_rate_fte", "workforce_sickness_rate_pct"),
    ("caseload_fte", "caseload_avg"),
];

/// Whether a column is one of DfE's workforce statistics, whose years end on 30 September.
fn is_workforce_column(column: &str) -> bool {
    DFE_WORKFORCE
        .iter()
        .any(|(c, _)| c.eq_ignore_ascii_case(column.trim()))
}

/// A DfE CSV opened, with its headers trimmed (and a byte-order mark dropped).
fn open_dfe(path: &Path) -> Result<(csv::Reader<std::fs::File>, Vec<String>)> {
    let err = |reason: String| Error::Workbook {
        path: path.to_path_buf(),
        reason,
    };
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .map_err(|e| err(format!("cannot be read: {e}")))?;
    let headers = r
        .headers()
        .map_err(|e| err(format!("no header row: {e}")))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
        .collect();
    Ok((r, headers))
}

/// Reads every workforce measure ([`DFE_WORKFORCE`]) a DfE workforce statistics CSV holds, for
/// one year (the latest unless asked): the benchmarks of all of them, and the rows not taken
/// (each line once).
///
/// # Errors
/// [`Error::Workbook`] naming the file when it cannot be read or holds none of the columns.
pub fn read_dfe_workforce(path: &Path, year: Option<String>) -> Result<DfeRead> {
    let err = |reason: String| Error::Workbook {
        path: path.to_path_buf(),
        reason,
    };
    let (_, headers) = open_dfe(path)?;
    let present: Vec<(&str, &str)> = DFE_WORKFORCE
        .iter()
        .copied()
        .filter(|(c, _)| headers.iter().any(|h| h.eq_ignore_ascii_case(c)))
        .collect();
    if present.is_empty() {
        return Err(err(format!(
            "line 1: none of DfE's workforce columns ({}); for another measure give --indicator \
             and --column",
            DFE_WORKFORCE.map(|(c, _)| c).join(", ")
        )));
    }
    let wants: Vec<DfeColumn> = present
        .iter()
        .map(|(column, indicator)| DfeColumn {
            indicator: (*indicator).to_string(),
            column: (*column).to_string(),
            filters: Vec::new(),
            year: year.clone(),
            period_end: None,
        })
        .collect();
    let mut all = DfeRead {
        benchmarks: Vec::new(),
        skipped: Vec::new(),
    };
    for read in read_dfe_columns(path, &wants)? {
        all.benchmarks.extend(read.benchmarks);
        for s in read.skipped {
            if !all.skipped.iter().any(|x| x.line == s.line) {
                all.skipped.push(s);
            }
        }
    }
    all.skipped.sort_by_key(|s| s.line);
    Ok(all)
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

/// `202425` → ("2024-25", 31 Mar 2025); `2025` → ("2025", 31 Mar 2025); with `september`
/// (DfE's workforce years), 30 September instead.
fn year_of(time_period: &str, september: bool) -> Option<(String, Date)> {
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
    let end = if september {
        Date::new(end_year, 9, 30)
    } else {
        Date::new(end_year, 3, 31)
    };
    Some((label, end.ok()?))
}

/// Reads one measure from a DfE statistics CSV: the England, regional and local-authority
/// rows of one year (the latest unless asked).
///
/// # Errors
/// [`Error::Workbook`] naming the file when it cannot be read, lacks the DfE columns or the
/// measure column, or the indicator is unknown.
pub fn read_dfe(path: &Path, want: &DfeColumn) -> Result<DfeRead> {
    let mut reads = read_dfe_columns(path, std::slice::from_ref(want))?;
    reads.pop().ok_or_else(|| Error::Workbook {
        path: path.to_path_buf(),
        reason: format!("nothing read for {:?}", want.column),
    })
}

/// What one wanted column needs, found once in the header row.
struct Wanted<'a> {
    want: &'a DfeColumn,
    value: usize,
    filters: Vec<(usize, &'a str)>,
    /// DfE's workforce years end on 30 September.
    september: bool,
    note: Option<String>,
    /// (time period, benchmark, line) of every row taken so far.
    rows: Vec<(String, Benchmark, u64)>,
    skipped: Vec<Skipped>,
}

/// As [`read_dfe`], for several columns of one file read once, in the order asked.
fn read_dfe_columns(path: &Path, wants: &[DfeColumn]) -> Result<Vec<DfeRead>> {
    let err = |reason: String| Error::Workbook {
        path: path.to_path_buf(),
        reason,
    };
    for want in wants {
        if !sightline_core::indicator::is_known(&want.indicator) {
            return Err(err(format!(
                "{:?} is not an indicator id (see `sightline indicators list`)",
                want.indicator
            )));
        }
    }
    let (mut r, headers) = open_dfe(path)?;
    let pos = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
    let need = |name: &str| {
        pos(name).ok_or_else(|| {
            err(format!(
                "line 1: no {name:?} column; expected the DfE layout (time_period, geographic_level, …)"
            ))
        })
    };
    let (tp, level) = (need("time_period")?, need("geographic_level")?);
    let mut wanted = wants
        .iter()
        .map(|want| {
            Ok(Wanted {
                value: need(&want.column)?,
                filters: want
                    .filters
                    .iter()
                    .map(|(c, v)| need(c).map(|i| (i, v.as_str())))
                    .collect::<Result<_>>()?,
                september: is_workforce_column(&want.column)
                    || sightline_core::indicator::definition(&want.indicator).is_some_and(|d| {
                        d.source == sightline_core::indicator::Source::WorkforceReturn
                    }),
                note: (want.indicator == "caseload_avg" && is_workforce_column(&want.column)).then(
                    || {
                        "DfE counts cases per case-holding FTE social worker at 30 September; \
                         this counts open children per allocated worker named in Annex A"
                            .to_string()
                    },
                ),
                want,
                rows: Vec::new(),
                skipped: Vec::new(),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let (country, region, region_code, la, new_code, old_code) = (
        pos("country_name"),
        pos("region_name"),
        pos("region_code"),
        pos("la_name"),
        pos("new_la_code"),
        pos("old_la_code"),
    );
    let source = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    for rec in r.records() {
        let rec = rec.map_err(|e| err(e.to_string()))?;
        let line = rec.position().map_or(0, |p| p.line());
        let get = |i: Option<usize>| i.and_then(|i| rec.get(i)).unwrap_or("").trim().to_string();
        let lvl = Level::from_dfe(&get(Some(level)));
        let (area, code) = match lvl {
            Some(Level::National) => (get(country), None),
            Some(Level::Regional) => (get(region), Some(get(region_code))),
            _ => (
                get(la),
                Some(get(old_code))
                    .filter(|c| !c.is_empty())
                    .or(Some(get(new_code))),
            ),
        };
        for w in &mut wanted {
            if w.filters
                .iter()
                .any(|(i, v)| !rec.get(*i).unwrap_or("").trim().eq_ignore_ascii_case(v))
            {
                continue;
            }
            let Some(lvl) = lvl else {
                w.skipped.push(Skipped {
                    line,
                    reason: format!("geographic level {:?} is not taken", get(Some(level))),
                });
                continue;
            };
            let Some((year, end)) = year_of(&get(Some(tp)), w.september) else {
                w.skipped.push(Skipped {
                    line,
                    reason: format!("time_period {:?} is not a year like 202425", get(Some(tp))),
                });
                continue;
            };
            let raw = get(Some(w.value));
            let (v, symbol) = match raw.replace(',', "").parse::<f64>() {
                Ok(x) if x.is_finite() => (Some(x), None),
                _ if SYMBOLS.contains(&raw.to_lowercase().as_str()) => (None, Some(raw.clone())),
                _ => {
                    w.skipped.push(Skipped {
                        line,
                        reason: format!(
                            "{}: {raw:?} is neither a number nor a DfE symbol",
                            w.want.column
                        ),
                    });
                    continue;
                }
            };
            w.rows.push((
                get(Some(tp)),
                Benchmark {
                    indicator: w.want.indicator.clone(),
                    level: lvl,
                    area: if area.is_empty() && lvl == Level::National {
                        "England".to_string()
                    } else {
                        area.clone()
                    },
                    area_code: code.clone().filter(|c| !c.is_empty()),
                    year,
                    period_end: w.want.period_end.unwrap_or(end),
                    value: v,
                    symbol,
                    provenance: Provenance::Published,
                    source: source.clone(),
                    note: w.note.clone(),
                },
                line,
            ));
        }
    }
    wanted
        .into_iter()
        .map(|w| {
            let mut skipped = w.skipped;
            let year = match &w.want.year {
                Some(y) => y.clone(),
                None => w
                    .rows
                    .iter()
                    .map(|(t, _, _)| t.clone())
                    .max()
                    .unwrap_or_default(),
            };
            let mut seen: HashMap<(Level, String), u64> = HashMap::new();
            let mut benchmarks = Vec::new();
            for (t, b, line) in w.rows {
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
                    w.want.column
                )));
            }
            Ok(DfeRead {
                benchmarks,
                skipped,
            })
        })
        .collect()
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

    const CSWW: &str = "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,new_la_code,old_la_code,la_name,turnover_rate_fte,agency_rate_fte,vacancy_rate_fte,caseload_fte,absence_rate_fte\n\
        2024,Reporting year,National,E92000001,England,,,,,,13.8,15.5,16.6,15.6,3.3\n\
        2025,Reporting year,National,E92000001,England,,,,,,11.8,13.0,14.2,15.2,3.5\n\
        2025,Reporting year,Regional,E92000001,England,E12000004,East Midlands,,,,12.4,11.9,15.0,16.1,z\n\
        2025,Reporting year,Local authority,E92000001,England,E12000004,East Midlands,E06000016,856,Leicester,17.2,21.3,19.0,17.4,4.1\n\
        2025,Reporting year,Local authority,E92000001,England,E12000004,East Midlands,E06000018,892,Nottingham,x,9.0,8.1,14.9,2.9\n";

    #[test]
    fn the_dfe_workforce_file_gives_every_measure_at_30_september() {
        let f = write(CSWW);
        let r = read_dfe_workforce(f.path(), None).expect("read");
        // 5 measures × 4 areas of 2025.
        assert_eq!(r.benchmarks.len(), 20);
        let find = |ind: &str, area: &str| {
            r.benchmarks
                .iter()
                .find(|b| b.indicator == ind && b.area == area)
                .expect("there")
        };
        let t = find("workforce_turnover_12m_pct", "England");
        assert_eq!((t.value, t.year.as_str()), (Some(11.8), "2025"));
        assert_eq!(t.period_end, jiff::civil::date(2025, 9, 30));
        assert_eq!(
            find("workforce_turnover_12m_pct", "Nottingham")
                .symbol
                .as_deref(),
            Some("x")
        );
        assert_eq!(
            find("workforce_sickness_rate_pct", "East Midlands").value,
            None
        );
        let leicester = find("workforce_agency_rate_pct", "Leicester");
        assert_eq!(leicester.value, Some(21.3));
        assert_eq!(leicester.area_code.as_deref(), Some("856"));
        // The DfE caseload stands beside the Annex A one, saying how it differs.
        let c = find("caseload_avg", "England");
        assert_eq!(c.value, Some(15.2));
        assert!(
            c.note
                .as_deref()
                .is_some_and(|n| n.contains("case-holding FTE"))
        );
        // The 2024 row is not taken, once however many measures.
        assert_eq!(r.skipped.len(), 1);
        assert_eq!(r.skipped[0].line, 2);
        // An earlier year when asked.
        let y = read_dfe_workforce(f.path(), Some("2024".into())).expect("read");
        assert_eq!(y.benchmarks.len(), 5);
    }

    #[test]
    fn a_file_without_workforce_columns_is_refused_naming_them() {
        let f =
            write("time_period,geographic_level,re_referral_rate_percent\n202425,National,22.6\n");
        let e = read_dfe_workforce(f.path(), None)
            .expect_err("refused")
            .to_string();
        assert!(e.contains("turnover_rate_fte"), "{e}");
        assert!(e.contains("--indicator"), "{e}");
    }

    #[test]
    fn englands_workforce_figures_are_shipped() {
        let b = shipped().expect("shipped");
        let v = b
            .iter()
            .filter(|b| b.indicator == "workforce_vacancy_rate_pct")
            .max_by_key(|b| b.period_end)
            .expect("vacancy rate");
        assert_eq!((v.value, v.year.as_str()), (Some(14.2), "2025"));
        assert_eq!(v.period_end, jiff::civil::date(2025, 9, 30));
        assert!(v.source.contains("children-s-social-work-workforce"));
    }

    proptest! {
        #[test]
        fn never_panics_on_any_text(text in ".{0,400}") {
            let f = write(&format!("time_period,geographic_level,x\n{text}"));
            let _ = read_dfe(f.path(), &want("x"));
            let g = write(&format!("time_period,geographic_level,turnover_rate_fte\n{text}"));
            let _ = read_dfe_workforce(g.path(), None);
        }

        #[test]
        fn years_parse_or_refuse(t in "[0-9]{0,8}") {
            if let Some((label, end)) = year_of(&t, false) {
                prop_assert!(t.len() == 4 || t.len() == 6);
                prop_assert_eq!(end.month(), 3);
                prop_assert_eq!(year_of(&t, true).map(|(_, e)| (e.month(), e.day())), Some((9, 30)));
                prop_assert!(label.starts_with(&t[..4]));
            }
        }
    }
}
