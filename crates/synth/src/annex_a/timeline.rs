//! One synthetic history, seen at month ends: the extracts a council would have taken on
//! each date, so that months two extracts both cover agree, and the stock of children in care
//! reconciles with starts and endings.
//!
//! [`at`] cuts a history generated at its latest date: a row is in the extract as at `as_at`
//! when it had started by then and was still open, or ended, within the list's window; what
//! happened after `as_at` is not yet known (an end, an authorisation, a conference, with
//! what follows from it), and a "latest" date (the last visit, review or check) steps back by
//! its usual interval to the last one before `as_at`.

use jiff::ToSpan;
use jiff::civil::Date;

use super::{Cell, Table};

/// How a list is cut.
struct Cut {
    /// The date a row starts (empty: every row is current, as care leavers are).
    start: &'static str,
    /// The date it ends (none: an event, which is its start).
    end: Option<&'static str>,
    /// The months before the as-at date the list covers (0: every row started by then).
    months: i32,
    /// "Latest" dates and the days between one and the next.
    recurring: &'static [(&'static str, i64)],
    /// Dates that, when not yet known, make these cells unknown too.
    depends: &'static [(&'static str, &'static [&'static str])],
    /// Dates that, when after the as-at date, were then the row's start (a placement or legal
    /// status that began after it: the one before it began with the episode).
    from_start: &'static [&'static str],
}

const CUTS: [Cut; 11] = [
    Cut {
        start: "Date of Contact",
        end: None,
        months: 6,
        recurring: &[],
        depends: &[],
        from_start: &[],
    },
    Cut {
        start: "Assessment start date",
        end: Some("Assessment completion date"),
        months: 6,
        recurring: &[],
        depends: &[],
        from_start: &[],
    },
    Cut {
        start: "Date of referral",
        end: None,
        months: 6,
        recurring: &[],
        depends: &[],
        from_start: &[],
    },
    Cut {
        start: "Continuous Assessment Start Date",
        end: Some("Continuous Assessment Date of Authorisation"),
        months: 6,
        recurring: &[],
        depends: &[],
        from_start: &[],
    },
    Cut {
        start: "Strategy discussion initiating Section 47 Enquiry Start Date",
        end: None,
        months: 6,
        recurring: &[],
        depends: &[(
            "Date of Initial Child Protection Conference",
            &[
                "Did the Initial Child Protection Conference Result in a Child Protection Plan",
                "Was an Initial Child Protection Conference deemed unnecessary?",
            ],
        )],
        from_start: &[],
    },
    Cut {
        start: "CIN Start Date",
        end: Some("CIN Closure Date"),
        months: 6,
        recurring: &[("Date Child Was Last Seen", 42)],
        depends: &[("CIN Closure Date", &["Reason for Closure"])],
        from_start: &[],
    },
    Cut {
        start: "Child Protection Plan Start Date",
        end: Some("Child Protection Plan End Date"),
        months: 6,
        recurring: &[
            ("Date of the Last Statutory Visit", 14),
            ("Date of latest review conference", 182),
        ],
        depends: &[],
        from_start: &[],
    },
    Cut {
        start: "Date Started to be Looked After",
        end: Some("Date Ceased to be Looked After"),
        months: 6,
        recurring: &[
            ("Date of Latest Statutory Review", 182),
            ("Date of Last Social Work Visit", 42),
            ("Date of Last IRO Visit / Contact to the Child", 120),
            ("Date of Last Health Assessment", 365),
            ("Date of Last Dental Check", 365),
        ],
        depends: &[(
            "Date Ceased to be Looked After",
            &["Reason Ceased to be Looked After"],
        )],
        from_start: &[
            "Start Date of Most Recent Placement",
            "Start date of current legal status",
        ],
    },
    Cut {
        start: "",
        end: None,
        months: 0,
        recurring: &[
            ("Latest Pathway Plan Review Date", 182),
            ("Latest Date of Contact", 56),
        ],
        depends: &[],
        from_start: &[],
    },
    Cut {
        start: "Date the Child Entered Care",
        end: None,
        months: 0,
        recurring: &[],
        depends: &[],
        from_start: &[],
    },
    Cut {
        start: "Date enquiry received",
        end: None,
        months: 0,
        recurring: &[],
        depends: &[(
            "Date of leaving adoption process",
            &["Reason for leaving adoption process"],
        )],
        from_start: &[],
    },
];

/// A cell's date: a date cell, or text as the messy files write it (31/01/2024) or ISO.
fn date_of(c: &Cell) -> Option<Date> {
    match c {
        Cell::Date(d) => Some(*d),
        Cell::Text(t) => {
            let t = t.trim();
            t.parse().ok().or_else(|| {
                let mut p = t.split('/');
                let (d, m, y) = (p.next()?, p.next()?, p.next()?);
                Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()
            })
        }
        _ => None,
    }
}

/// The same kind of cell for another date (text stays text, in the same spelling).
fn with_date(c: &Cell, d: Date) -> Cell {
    match c {
        Cell::Text(t) if t.contains('/') => Cell::Text(d.strftime("%d/%m/%Y").to_string()),
        Cell::Text(_) => Cell::Text(d.to_string()),
        _ => Cell::Date(d),
    }
}

/// Age in whole years on `at`.
fn age_on(dob: Date, at: Date) -> i64 {
    let mut age = i64::from(at.year()) - i64::from(dob.year());
    if (at.month(), at.day()) < (dob.month(), dob.day()) {
        age -= 1;
    }
    age
}

/// One row as it was known on `as_at` (see the module's notes).
fn row_then(
    t: &Table,
    cut: &Cut,
    row: &[Cell],
    start: Option<Date>,
    dates: &[usize],
    as_at: Date,
) -> Vec<Cell> {
    let col = |h: &str| t.header.iter().position(|x| x.trim() == h);
    let mut row = row.to_vec();
    for &i in dates {
        let Some(d) = row.get(i).and_then(date_of) else {
            continue;
        };
        if d <= as_at {
            continue;
        }
        let header = t.header[i].trim();
        if let Some((_, every)) = cut.recurring.iter().find(|(h, _)| *h == header) {
            let late = i64::from((d - as_at).get_days());
            let steps = (late + every - 1) / every.max(&1);
            let back = d.saturating_sub((steps * every).days());
            row[i] = match start {
                Some(s) if back < s => Cell::Empty,
                _ => with_date(&row[i], back),
            };
        } else if cut.from_start.contains(&header)
            && let Some(s) = start
        {
            row[i] = with_date(&row[i], s);
        } else {
            row[i] = Cell::Empty;
            for (_, deps) in cut.depends.iter().filter(|(h, _)| *h == header) {
                for k in deps.iter().filter_map(|dep| col(dep)) {
                    row[k] = Cell::Empty;
                }
            }
        }
    }
    row
}

/// The extract a council would have taken on `as_at` from a history generated at a later
/// date (see the module's notes).
pub fn at(history: &[Table], as_at: Date) -> Vec<Table> {
    history
        .iter()
        .map(|t| {
            let Some(cut) = CUTS.get(usize::from(t.list).saturating_sub(1)) else {
                return t.clone();
            };
            let col = |h: &str| t.header.iter().position(|x| x.trim() == h);
            let age = col("Age of Child (Years)");
            let dob = col("Date of Birth");
            let dates: Vec<usize> = (0..t.header.len())
                .filter(|&i| t.header[i].contains("Date") || t.header[i].contains("date"))
                .filter(|&i| Some(i) != dob)
                .collect();
            let window_start = as_at.saturating_sub(cut.months.months());
            let mut rows = Vec::new();
            for row in &t.rows {
                let start = col(cut.start).and_then(|i| row.get(i)).and_then(date_of);
                if start.is_some_and(|s| s > as_at) {
                    continue;
                }
                let mut row = row_then(t, cut, row, start, &dates, as_at);
                // In the list: an event within the window, or a case open at any time in it.
                let keep = match (cut.months, cut.end) {
                    (0, _) => true,
                    (_, None) => start.is_none_or(|s| s >= window_start),
                    (_, Some(end)) => col(end)
                        .and_then(|i| row.get(i))
                        .and_then(date_of)
                        .is_none_or(|e| e >= window_start),
                };
                if !keep {
                    continue;
                }
                if let (Some(a), Some(b)) = (age, dob.and_then(|i| row.get(i)).and_then(date_of))
                    && b <= as_at
                    && matches!(row.get(a), Some(Cell::Int(_)))
                {
                    row[a] = Cell::Int(age_on(b, as_at));
                }
                rows.push(row);
            }
            Table { rows, ..t.clone() }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn cla(rows: Vec<Vec<Cell>>) -> Table {
        Table {
            list: 8,
            sheet: "List_8".into(),
            title: None,
            header: vec![
                "Child Unique ID".into(),
                "Date Started to be Looked After".into(),
                "Date of Last Social Work Visit".into(),
                "Date Ceased to be Looked After".into(),
                "Reason Ceased to be Looked After".into(),
                "Start Date of Most Recent Placement".into(),
            ],
            rows,
        }
    }

    #[test]
    fn a_history_seen_at_an_earlier_month_end() {
        let t = |s: &str| Cell::Text(s.into());
        let d = Cell::Date;
        let history = [cla(vec![
            // In care since March 2025; visited 20 Oct; left on 15 Oct; placed anew on 1 Oct.
            vec![
                t("A"),
                d(date(2025, 3, 1)),
                d(date(2025, 10, 20)),
                d(date(2025, 10, 15)),
                t("E4A: Returned home"),
                d(date(2025, 10, 1)),
            ],
            // Started in October: not yet in care at the end of September.
            vec![
                t("B"),
                d(date(2025, 10, 2)),
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
            ],
            // Left on 15 Jan 2025 (written as text): before September's six months began on
            // 31 Mar, so not in that extract.
            vec![
                t("C"),
                t("01/01/2024"),
                Cell::Empty,
                t("15/01/2025"),
                t("E11"),
                t("01/01/2024"),
            ],
        ])];
        let sept = at(&history, date(2025, 9, 30));
        let rows = &sept[0].rows;
        assert_eq!(rows.len(), 1, "{rows:?}");
        let a = &rows[0];
        // Not yet left: the end and its reason unknown; the visit 42 days before 20 Oct
        // (8 Sep); the placement that began in October was then the episode's.
        assert_eq!(a[3], Cell::Empty);
        assert_eq!(a[4], Cell::Empty);
        assert_eq!(a[2], Cell::Date(date(2025, 9, 8)));
        assert_eq!(a[5], Cell::Date(date(2025, 3, 1)));
        // At the end of October: A (left within the window) as it is, and B.
        let oct = at(&history, date(2025, 10, 31));
        assert_eq!(oct[0].rows.len(), 2);
        assert_eq!(oct[0].rows[0], history[0].rows[0]);
    }
}
