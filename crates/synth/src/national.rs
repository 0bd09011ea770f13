//! Synthetic monthly extracts for many authorities at once, each sized by its real population
//! (never real children): the data the regional and national picture and its benchmarks run on
//! (issue 19). One authority's history is made, written month by month and let go before the
//! next, so the nation is never held in memory.

use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::annex_a::{Messy, Settings, WriteError, at, generate_history, write_csv_dir};

/// Children with a contact in an extract per person aged 0 to 25: about 2.6 rows each across the
/// eleven lists; a year of monthly extracts for England is about 30 million rows (each month's
/// extract holds the six months before it, so the months overlap).
pub const CHILDREN_PER_POPULATION: f64 = 0.045;

/// The children an authority's synthetic extracts follow, from its population aged 0 to 25
/// (at least 50, so the smallest authority still has every list).
pub fn children_for(population_0_25: u32) -> usize {
    // Populations are far below f64's exact range; the result is small and positive.
    ((f64::from(population_0_25) * CHILDREN_PER_POPULATION).round() as usize).max(50)
}

/// The children a history of `history_days` follows so each six-month extract of it holds
/// about `children`.
fn spread(children: usize, history_days: i64) -> usize {
    // Small positive counts, far inside f64's exact range.
    (children as f64 * history_days as f64 / 182.0).round() as usize
}

/// One authority's extracts as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The authority's code.
    pub code: u16,
    /// The children followed.
    pub children: usize,
    /// Rows written across every month and list.
    pub rows: usize,
    /// The folder of each month's extract, oldest first.
    pub months: Vec<PathBuf>,
}

/// The last day of each of the `months` months ending with `last`'s month, oldest first.
pub fn month_ends(last: Date, months: u32) -> Vec<Date> {
    (0..months)
        .rev()
        .map(|back| {
            last.first_of_month()
                .saturating_sub(jiff::Span::new().months(i64::from(back)))
                .last_of_month()
        })
        .collect()
}

/// Writes `months` monthly extracts (as at each month end, the last in `last`'s month) for the
/// authority `code` of `population_0_25` under `out/{code}/{YYYY-MM}/` as CSV files, one history
/// seen at each month end so the extracts agree where they overlap.
///
/// # Errors
/// [`WriteError`] when a file cannot be written.
pub fn write_authority(
    code: u16,
    population_0_25: u32,
    months: u32,
    last: Date,
    out: &Path,
    seed: u64,
) -> Result<Written, WriteError> {
    let children = children_for(population_0_25);
    let ends = month_ends(last, months);
    let Some(&final_end) = ends.last() else {
        return Ok(Written {
            code,
            children,
            rows: 0,
            months: Vec::new(),
        });
    };
    // The history covers the first extract's six-month window and every month after it.
    let history_days = 182 + 31 * i64::from(months.saturating_sub(1));
    let history = generate_history(
        Settings {
            // Spread over the whole history, so each month's extract holds about `children`.
            children: spread(children, history_days),
            seed: seed ^ u64::from(code).rotate_left(17),
            as_at: final_end,
            messy: Messy::None,
        },
        history_days,
    );
    let mut written = Written {
        code,
        children,
        rows: 0,
        months: Vec::new(),
    };
    for end in ends {
        let tables = at(&history, end);
        let dir = out
            .join(code.to_string())
            .join(end.strftime("%Y-%m").to_string());
        write_csv_dir(&tables, &dir)?;
        written.rows += tables.iter().map(|t| t.rows.len()).sum::<usize>();
        written.months.push(dir);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn sized_by_population_with_a_floor() {
        // Barking and Dagenham's 85,041 aged 0 to 25: 3,827 children.
        assert_eq!(children_for(85_041), 3_827);
        // The Isles of Scilly's few hundred still fill every list.
        assert_eq!(children_for(590), 50);
    }

    #[test]
    fn month_ends_across_a_year_end_and_a_leap_february() {
        assert_eq!(
            month_ends(date(2028, 3, 15), 3),
            vec![date(2028, 1, 31), date(2028, 2, 29), date(2028, 3, 31)]
        );
        assert_eq!(
            month_ends(date(2027, 1, 31), 2),
            vec![date(2026, 12, 31), date(2027, 1, 31)]
        );
        assert!(month_ends(date(2027, 1, 31), 0).is_empty());
    }

    #[test]
    fn each_month_is_an_extract_of_its_own() {
        let dir = tempfile::tempdir().expect("dir");
        let w = write_authority(856, 4_000, 2, date(2026, 10, 31), dir.path(), 1).expect("written");
        assert_eq!(w.children, 180);
        assert_eq!(w.months.len(), 2);
        assert!(w.months[0].ends_with("856/2026-09"));
        assert!(w.months[1].ends_with("856/2026-10"));
        for m in &w.months {
            assert_eq!(
                std::fs::read_dir(m).expect("folder").count(),
                11,
                "eleven lists"
            );
        }
        assert!(w.rows > 2 * 180, "{} rows", w.rows);
        // The same seed writes the same extracts.
        let again = tempfile::tempdir().expect("dir");
        let w2 =
            write_authority(856, 4_000, 2, date(2026, 10, 31), again.path(), 1).expect("written");
        assert_eq!(w.rows, w2.rows);
        let a = std::fs::read(w.months[1].join("list_1.csv")).expect("read");
        let b = std::fs::read(w2.months[1].join("list_1.csv")).expect("read");
        assert_eq!(a, b);
    }
}
