//! Typing a table as it is read (decision 0013): the column plan, every value read once
//! (memos of code spellings and date texts), and the findings about single values.

#[allow(clippy::wildcard_imports)]
use super::*;

/// A list read from its table with every value typed, and the findings that need no more
/// than the value itself; the table may then go.
pub(super) struct Typed {
    pub(super) list: &'static List,
    pub(super) layout: Layout,
    pub(super) source: String,
    /// The header row (0-based).
    pub(super) header_at: usize,
    /// The header row's texts, to name columns in findings.
    pub(super) header: Vec<String>,
    /// The list's key event column.
    pub(super) key: Option<usize>,
    /// Every non-blank data row, none rejected yet.
    pub(super) records: Vec<Record>,
    /// Findings about the table's columns, at its header row.
    pub(super) about_columns: Vec<Finding>,
    /// Findings about single values, row by row: record `i`'s end at `value_ends[i]`.
    pub(super) about_values: Vec<Finding>,
    pub(super) value_ends: Vec<u32>,
    /// Formula cells with no saved value.
    pub(super) formulas: Vec<Finding>,
}

/// A finding for each cell noted as the table was read, in a list's data rows: a formula
/// without a saved value, a CSV line with a stray quote.
pub(super) fn note_findings(
    table: &Table,
    header_at: usize,
    header: &[String],
    layout: &Layout,
    out: &mut Vec<Finding>,
) {
    let list = layout.spec();
    let formula = (
        "formula-without-value",
        Severity::Warning,
        "the cell holds a formula with no saved value (the workbook was saved without \
         calculating), so it is read as blank; open it in Excel, let it calculate and save it, \
         or paste the values",
    );
    let quote = (
        "quote-unbalanced",
        Severity::Warning,
        "a quoted value here is not closed before the end of its line, so the line was read as \
         it stands with the quote kept as text (the rows after it are read as usual); check the \
         cell and the export that made the file",
    );
    let notes = table
        .formulas_without_value
        .iter()
        .map(|rc| (rc, formula))
        .chain(table.stray_quotes.iter().map(|rc| (rc, quote)));
    for (&(r, c), (rule, severity, message)) in notes {
        if (r as usize) <= header_at {
            continue;
        }
        let column = layout
            .positions
            .iter()
            .position(|p| *p == Some(c as usize))
            .map(|k| list.columns[k].header.to_string())
            .unwrap_or_else(|| header.get(c as usize).cloned().unwrap_or_default());
        out.push(Finding {
            list: Some(list.number),
            sheet: table.source.clone(),
            row: r + 1,
            cell: Some(cell_ref(r, c)),
            column: Some(column),
            value: None,
            rule: rule.into(),
            severity,
            message: message.into(),
        });
    }
}

pub(super) struct Ctx<'a> {
    pub(super) list: &'static List,
    pub(super) source: &'a str,
    /// The header row's texts.
    pub(super) header: &'a [String],
    pub(super) layout: &'a Layout,
    pub(super) findings: &'a mut Vec<Finding>,
}

impl Ctx<'_> {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn push(
        &mut self,
        row0: usize,
        col: usize,
        value: &str,
        rule: &str,
        severity: Severity,
        message: String,
    ) {
        let pos = self.layout.positions.get(col).copied().flatten();
        let header = pos
            .and_then(|p| self.header.get(p).cloned())
            .unwrap_or_else(|| self.list.columns[col].header.to_string());
        self.findings.push(Finding {
            list: Some(self.list.number),
            sheet: self.source.to_string(),
            row: u32::try_from(row0 + 1).unwrap_or(u32::MAX),
            cell: pos.map(|p| {
                cell_ref(
                    u32::try_from(row0).unwrap_or(0),
                    u32::try_from(p).unwrap_or(0),
                )
            }),
            column: Some(header),
            value: (!value.is_empty()).then(|| value.to_string()),
            rule: rule.into(),
            severity,
            message,
        });
    }
}

/// How one column of a list is read, worked out once per list.
pub(super) struct ColumnPlan {
    /// Its place in the list's template.
    pub(super) k: usize,
    pub(super) column: &'static annex_a::Column,
    /// What it holds (the column's, kept at hand).
    pub(super) kind: Kind,
    /// Its place in the table, if there.
    pub(super) pos: Option<usize>,
    /// Only a missing identifier or key event date makes a row unusable; other required
    /// values missing are warnings, so the child still counts.
    pub(super) essential: bool,
}

/// Types the rows of a table identified as a list (header row `header_at`).
pub(super) fn type_list(table: &Table, header_at: usize, layout: Layout, days: &mut Days) -> Typed {
    let list = layout.spec();
    let source = table.source.clone();
    let header: Vec<String> = table
        .row(header_at)
        .unwrap_or(Row::EMPTY)
        .cells()
        .map(|c| c.text())
        .collect();
    let mut about_columns = Vec::new();
    let mut ctx = Ctx {
        list,
        source: &source,
        header: &header,
        layout: &layout,
        findings: &mut about_columns,
    };
    for (k, c) in list.columns.iter().enumerate() {
        if layout.positions[k].is_none() {
            let (rule, severity) = if c.mandatory {
                ("column-missing-mandatory", Severity::Warning)
            } else {
                ("column-missing", Severity::Info)
            };
            ctx.push(
                header_at,
                k,
                "",
                rule,
                severity,
                format!(
                    "the column {:?} is not in the table; its values are blank",
                    c.header
                ),
            );
        }
    }
    // Headers read loosely, and headers that are no column of the list: info at their cell.
    let renamed = layout.loose.iter().filter_map(|&k| {
        let p = layout.positions[k]?;
        Some((p, "column-renamed", Some(list.columns[k].header)))
    });
    let extra = layout.extra.iter().map(|&p| (p, "column-extra", None));
    for (p, rule, template) in renamed.chain(extra).collect::<Vec<_>>() {
        let text = header.get(p).cloned().unwrap_or_default();
        let message = match template {
            Some(t) => format!(
                "the column {text:?} is read as List {}'s {t:?} (the same words)",
                list.number
            ),
            None => format!(
                "the column {text:?} is not one of List {}'s; it is kept but not checked",
                list.number
            ),
        };
        ctx.findings.push(Finding {
            list: Some(list.number),
            sheet: source.clone(),
            row: u32::try_from(header_at + 1).unwrap_or(u32::MAX),
            cell: Some(cell_ref(
                u32::try_from(header_at).unwrap_or(0),
                u32::try_from(p).unwrap_or(0),
            )),
            column: Some(text),
            value: None,
            rule: rule.into(),
            severity: Severity::Info,
            message,
        });
    }
    let key = list.columns.iter().position(|c| c.header == list.key);
    let plan: Vec<ColumnPlan> = list
        .columns
        .iter()
        .enumerate()
        .map(|(k, column)| ColumnPlan {
            k,
            column,
            kind: column.kind,
            pos: layout.positions[k],
            essential: matches!(column.kind, Kind::Id) && column.mandatory || Some(k) == key,
        })
        .collect();
    let rows = table.len().saturating_sub(header_at + 1);
    let mut records = Vec::with_capacity(rows);
    let mut value_ends = Vec::with_capacity(rows);
    let mut about_values = Vec::new();
    let mut memo = Memo::new(list.columns.len(), days);
    let mut ctx = Ctx {
        list,
        source: &source,
        header: &header,
        layout: &layout,
        findings: &mut about_values,
    };
    for (row0, r) in table.rows().enumerate().skip(header_at + 1) {
        if r.cells().all(is_blank) {
            continue;
        }
        let values: Vec<Value> = plan
            .iter()
            .map(|p| {
                let cell = p.pos.map_or(Cell::Empty, |c| r.get(c));
                read_value(&mut ctx, &mut memo, row0, p, cell)
            })
            .collect();
        records.push(Record {
            row: u32::try_from(row0 + 1).unwrap_or(u32::MAX),
            values,
            rejected: false,
        });
        value_ends.push(u32::try_from(ctx.findings.len()).unwrap_or(u32::MAX));
    }
    let mut formulas = Vec::new();
    if !table.formulas_without_value.is_empty() || !table.stray_quotes.is_empty() {
        note_findings(table, header_at, &header, &layout, &mut formulas);
    }
    Typed {
        list,
        layout,
        source,
        header_at,
        header,
        key,
        records,
        about_columns,
        about_values,
        value_ends,
        formulas,
    }
}

/// What a list's cells have already been read as, by their text: a column of codes holds a
/// few dozen spellings and a date column a few thousand days, each read once, not once per row.
pub(super) struct Memo<'t, 'd> {
    /// Dates by their text (the same text is the same date in any column of any list).
    pub(super) dates: &'d mut Days,
    /// Per column: a short text as the code it is in the column's set, `None` when it is
    /// none. A code is read once per spelling, and kept as its code.
    pub(super) codes: Vec<FxHashMap<u128, Option<&'static str>>>,
    /// The code a longer text (a label written out) is in the column's set.
    pub(super) long_codes: Vec<FxHashMap<&'t str, Option<&'static str>>>,
}

/// Dates by their text, for every list of an extract.
#[derive(Default)]
pub(super) struct Days(pub(super) FxHashMap<u128, Option<Date>>);

impl Days {
    pub(super) fn date(&mut self, cell: Cell<'_>) -> Option<Date> {
        match cell {
            Cell::Text(t) => self.text(trim(t)),
            _ => parse_date(cell),
        }
    }

    /// The date a trimmed text means.
    #[inline]
    pub(super) fn text(&mut self, t: &str) -> Option<Date> {
        // The two spellings nearly every file uses are read faster than looked up; the others
        // (month names, times) are remembered.
        match dd_mm_yyyy_or_iso(t.as_bytes()) {
            Some(d) => Some(d),
            None => self.other(t),
        }
    }

    #[inline(never)]
    pub(super) fn other(&mut self, t: &str) -> Option<Date> {
        match short_key(t) {
            Some(key) => recall(&mut self.0, key, 4 * Memo::LIMIT, || {
                other_date_spellings(t)
            }),
            None => other_date_spellings(t),
        }
    }
}

/// The value remembered for `key`, else `compute`d and remembered while the memo holds fewer
/// than `limit` entries.
#[inline]
pub(super) fn recall<K: std::hash::Hash + Eq, V: Copy>(
    memo: &mut FxHashMap<K, V>,
    key: K,
    limit: usize,
    compute: impl FnOnce() -> V,
) -> V {
    if let Some(v) = memo.get(&key) {
        return *v;
    }
    let v = compute();
    if memo.len() < limit {
        memo.insert(key, v);
    }
    v
}

/// A text of up to 15 bytes as one number (its bytes and its length), so that remembering it
/// costs an integer hash and comparison, not a string's.
pub(super) fn short_key(s: &str) -> Option<u128> {
    // Read as at most two overlapping little-endian words, the overlap shifted out: the same
    // number as the bytes laid end to end with the length in the top byte, without a copy.
    let b = s.as_bytes();
    let n = b.len();
    let word = |at: usize| -> u64 {
        let mut w = [0u8; 8];
        w.copy_from_slice(&b[at..at + 8]);
        u64::from_le_bytes(w)
    };
    let half = |at: usize| -> u64 {
        let mut w = [0u8; 4];
        w.copy_from_slice(&b[at..at + 4]);
        u64::from(u32::from_le_bytes(w))
    };
    let bytes: u128 = match n {
        0 => 0,
        1..=3 => {
            // The first, middle and last bytes cover all three.
            let (first, mid, last) = (u64::from(b[0]), u64::from(b[n / 2]), u64::from(b[n - 1]));
            u128::from(first | mid << (8 * (n / 2)) | last << (8 * (n - 1)))
        }
        4..=7 => u128::from(half(0) | (half(n - 4) >> (8 * (8 - n))) << 32),
        8..=15 => {
            let rest = word(n - 8).checked_shr(8 * (16 - n) as u32).unwrap_or(0);
            u128::from(word(0)) | u128::from(rest) << 64
        }
        _ => return None,
    };
    Some(bytes | (n as u128) << 120)
}

impl<'t, 'd> Memo<'t, 'd> {
    /// Past this many texts a column is not memoised further (free text, or a messy file).
    const LIMIT: usize = 8192;

    pub(super) fn new(columns: usize, dates: &'d mut Days) -> Memo<'t, 'd> {
        Memo {
            dates,
            codes: (0..columns).map(|_| FxHashMap::default()).collect(),
            long_codes: (0..columns).map(|_| FxHashMap::default()).collect(),
        }
    }

    /// The code `raw` is in column `k` (read by `read`), remembered when `raw` is the
    /// table's text.
    // The `Cow` says whether the text is the table's own, which alone may be remembered.
    #[allow(clippy::ptr_arg)]
    pub(super) fn code(
        &mut self,
        k: usize,
        raw: &Cow<'t, str>,
        read: impl Fn(&str) -> Option<&'static str>,
    ) -> Option<&'static str> {
        match raw {
            Cow::Borrowed(t) => self.code_of(k, t, read),
            Cow::Owned(t) => read(t),
        }
    }

    /// The code the table's text `t` is in column `k` (read by `read`), remembered.
    #[inline]
    pub(super) fn code_of(
        &mut self,
        k: usize,
        t: &'t str,
        read: impl Fn(&str) -> Option<&'static str>,
    ) -> Option<&'static str> {
        if let Some(key) = short_key(t)
            && let Some(known) = self.codes.get_mut(k)
        {
            if let Some(v) = known.get(&key) {
                return *v;
            }
            let v = read(t);
            if known.len() < Self::LIMIT {
                known.insert(key, v);
            }
            return v;
        }
        match self.long_codes.get_mut(k) {
            Some(known) => recall(known, t, Self::LIMIT, || read(t)),
            None => read(t),
        }
    }
}

/// One cell read as its column's value, with a finding for each problem.
///
/// The common case, a text cell holding a good value, is decided here; anything else (a
/// blank, an error value, a number or date cell, a value with a finding) by
/// [`read_value_fully`], which decides every case.
#[inline]
pub(super) fn read_value<'t>(
    ctx: &mut Ctx<'_>,
    memo: &mut Memo<'t, '_>,
    row0: usize,
    plan: &ColumnPlan,
    cell: Cell<'t>,
) -> Value {
    if let Cell::Text(s) = cell {
        let t = trim(s);
        // Not blank, and not an error value's text: those all start with `#`, but `N/A`.
        let plain = t
            .as_bytes()
            .first()
            .is_some_and(|&b| b != b'#' && !(matches!(b, b'N' | b'n') && t.len() == 3));
        if plain && t.len() <= MAX_VALUE_CHARS {
            let k = plan.k;
            match plan.kind {
                Kind::Date => {
                    if let Some(d) = memo.dates.text(t) {
                        return Value::Date(d);
                    }
                }
                Kind::Age => {
                    if let Some(a) = digits(t).filter(|a| *a <= 120) {
                        return Value::Int(a);
                    }
                }
                Kind::Count => {
                    if let Some(n) = digits(t) {
                        return Value::Int(n);
                    }
                }
                kind @ (Kind::Gender | Kind::YesNo | Kind::Code(_)) => {
                    if let Some(c) = memo.code_of(k, t, |t| kind.code(t)) {
                        return Value::Code(c);
                    }
                }
                Kind::Postcode => {
                    if postcode(t) {
                        return Value::Text(t.into());
                    }
                }
                Kind::Id | Kind::Text => return Value::Text(t.into()),
            }
        }
    }
    read_value_fully(ctx, memo, row0, plan, cell)
}

/// The longest value a cell holds, as in Excel: a longer one is a finding, read as blank.
pub const MAX_VALUE_CHARS: usize = 32_767;

/// Whether `t` is a value a postcode column takes: a UK postcode, or `con` (confidential).
pub(super) fn postcode(t: &str) -> bool {
    annex_a::is_postcode(t) || t.eq_ignore_ascii_case("con")
}

/// Up to nine decimal digits and nothing else, as a number.
pub(super) fn digits(t: &str) -> Option<i64> {
    if t.is_empty() || t.len() > 9 {
        return None;
    }
    t.bytes().try_fold(0i64, |n, b| {
        let d = b.wrapping_sub(b'0');
        (d <= 9).then_some(n * 10 + i64::from(d))
    })
}

#[cold]
pub(super) fn read_value_fully<'t>(
    ctx: &mut Ctx<'_>,
    memo: &mut Memo<'t, '_>,
    row0: usize,
    plan: &ColumnPlan,
    cell: Cell<'t>,
) -> Value {
    let ColumnPlan {
        k,
        column: c,
        essential,
        ..
    } = *plan;
    // A missing or unreadable identifier or key date rejects the row; anything else warns.
    let severity = if essential {
        Severity::Error
    } else {
        Severity::Warning
    };
    if is_na(cell) {
        let raw = text_cow(cell);
        ctx.push(
            row0,
            k,
            &raw,
            "value-not-available",
            severity,
            format!("{raw:?} is an error value from a formula or lookup, not a value"),
        );
        return Value::Empty;
    }
    if let Cell::Text(s) = cell
        && s.len() > MAX_VALUE_CHARS
        && s.chars().count() > MAX_VALUE_CHARS
    {
        let start: String = s.chars().take(40).collect();
        ctx.push(
            row0,
            k,
            &format!("{start}…"),
            "value-too-long",
            severity,
            format!(
                "the value is {} characters long, past the {MAX_VALUE_CHARS} a cell of Excel \
                 holds; it is read as blank and the row is kept",
                s.chars().count()
            ),
        );
        return Value::Empty;
    }
    if is_blank(cell) {
        if c.mandatory {
            ctx.push(
                row0,
                k,
                "",
                "mandatory-missing",
                severity,
                format!("{} is blank; it must be filled", c.header),
            );
        }
        return Value::Empty;
    }
    match c.kind {
        Kind::Date => match memo.dates.date(cell) {
            Some(d) => Value::Date(d),
            None => {
                let raw = text_cow(cell);
                ctx.push(
                    row0,
                    k,
                    &raw,
                    "date-invalid",
                    severity,
                    format!("{raw:?} is not a valid date (expected DD/MM/YYYY)"),
                );
                Value::Empty
            }
        },
        Kind::Age => {
            match parse_int(cell) {
                Some(a) if (-1..=120).contains(&a) => Value::Int(a),
                _ => {
                    let raw = text_cow(cell);
                    ctx.push(row0, k, &raw, "age-invalid", Severity::Warning,
                    format!("{raw:?} is not an age in years (expected a whole number, -1 for unborn)"));
                    Value::Text(raw.as_ref().into())
                }
            }
        }
        Kind::Count => match parse_int(cell) {
            Some(n) if n >= 0 => Value::Int(n),
            _ => {
                let raw = text_cow(cell);
                ctx.push(
                    row0,
                    k,
                    &raw,
                    "count-invalid",
                    Severity::Error,
                    format!("{raw:?} is not a count (expected a whole number, 0 or more)"),
                );
                Value::Text(raw.as_ref().into())
            }
        },
        Kind::Postcode => {
            let raw = text_cow(cell);
            if !postcode(&raw) {
                ctx.push(
                    row0,
                    k,
                    &raw,
                    "postcode-invalid",
                    Severity::Warning,
                    format!("{raw:?} is not a UK postcode; kept as given"),
                );
            }
            Value::Text(raw.as_ref().into())
        }
        kind @ (Kind::Gender | Kind::YesNo | Kind::Code(_)) => {
            let raw = text_cow(cell);
            if let Some(c) = memo.code(k, &raw, |t| kind.code(t)) {
                return Value::Code(c);
            }
            let expected = match kind {
                Kind::Gender => "a gender code (expected a) Male, b) Female, c) Not stated/recorded or d) Neither)".to_string(),
                Kind::YesNo => "a yes/no code (expected a) Yes, b) No or c) Unknown)".to_string(),
                _ => format!("a code of {} (see Ofsted's Codes_used)", c.header),
            };
            ctx.push(
                row0,
                k,
                &raw,
                "code-unknown",
                Severity::Warning,
                format!("{raw:?} is not {expected}; kept as given"),
            );
            Value::Text(raw.as_ref().into())
        }
        Kind::Id | Kind::Text => Value::Text(text_cow(cell).as_ref().into()),
    }
}
