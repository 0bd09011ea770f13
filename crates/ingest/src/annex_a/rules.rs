//! The rules of a typed list that need the as-at date and the other rows: dates after the
//! as-at date or before birth, ages, windows, orders, duplicate keys found by hash; and the
//! checks across lists.

#[allow(clippy::wildcard_imports)]
use super::*;

/// Applies a typed list's row rules, those that need the as-at date among them, and rejects
/// each row with an error; the list's findings go to `findings` in row order.
pub(super) fn check_list(typed: Typed, as_at: Date, findings: &mut Vec<Finding>) -> ListRead {
    let Typed {
        list,
        layout,
        source,
        header_at,
        header,
        key,
        mut records,
        about_columns,
        about_values,
        value_ends,
        formulas,
    } = typed;
    let first = findings.len();
    findings.extend(about_columns);
    let mut ctx = Ctx {
        list,
        source: &source,
        header: &header,
        layout: &layout,
        findings,
    };
    let window_start = as_at
        .checked_sub(i64::from(list.window_months).months())
        .unwrap_or(as_at);
    let dob = list
        .columns
        .iter()
        .position(|c| c.header == "Date of Birth");
    let age = list.columns.iter().position(|c| c.kind == Kind::Age);
    let row_rules = RowRules::new(list);
    let mut seen = FirstSeen::with_capacity(records.len());
    let dup_columns: Vec<usize> = list
        .duplicate_key
        .iter()
        .filter_map(|h| list.columns.iter().position(|c| c.header == *h))
        .collect();
    let date_columns: Vec<usize> = list
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| matches!(c.kind, Kind::Date))
        .map(|(k, _)| k)
        .collect();
    let mut about_values = about_values.into_iter();
    let mut taken = 0usize;
    for i in 0..records.len() {
        let before = ctx.findings.len();
        // The row's findings about single values come first, in column order.
        let end = value_ends.get(i).map_or(taken, |&e| e as usize);
        ctx.findings
            .extend(about_values.by_ref().take(end.saturating_sub(taken)));
        taken = end;
        let row0 = (records[i].row as usize).saturating_sub(1);
        let values = &records[i].values;
        let unborn = age
            .and_then(|a| match &values[a] {
                Value::Int(-1) => Some(true),
                _ => None,
            })
            .is_some()
            || dob
                .and_then(|d| values[d].date())
                .is_some_and(|d| d > as_at);
        for &k in &date_columns {
            let Some(d) = values[k].date() else { continue };
            let c = &list.columns[k];
            if d > as_at && Some(k) != dob {
                ctx.push(
                    row0,
                    k,
                    &d.to_string(),
                    "date-after-as-at",
                    Severity::Warning,
                    format!("{d} is after the as-at date {as_at}"),
                );
            }
            if let Some(birth) = dob.and_then(|i| values[i].date())
                && Some(k) != dob
                && d < birth
                && !unborn
            {
                // Contacts, referrals, assessments, enquiries, CIN and CP plans can start
                // before birth (pre-birth work); care and adoption cannot.
                let pre_birth = matches!(list.number, 1..=7) && (birth - d).get_days() <= 280;
                if pre_birth {
                    ctx.push(row0, k, &d.to_string(), "event-before-birth-pre-birth", Severity::Warning,
                        format!("{} ({d}) is before the date of birth ({birth}): pre-birth work, or a wrong date", c.header));
                } else {
                    ctx.push(row0, k, &d.to_string(), "event-before-birth", Severity::Error,
                        format!("{} ({d}) is before the date of birth ({birth}) and the child is not recorded as unborn (age -1)", c.header));
                }
            }
        }
        if let (Some(a), Some(d)) = (age, dob)
            && let (Value::Int(given), Some(birth)) = (&values[a], values[d].date())
            && birth <= as_at
        {
            let years = annex_a::age_on(birth, as_at);
            // The list may be produced a little before or after the as-at date: allow a year.
            if (*given - years).abs() > 1 {
                ctx.push(row0, a, &given.to_string(), "age-mismatch", Severity::Warning,
                    format!("age {given} does not match the date of birth {birth}: {years} at the as-at date {as_at}"));
            }
        }
        if let Some(k) = key
            && let Some(d) = values[k].date()
            && matches!(list.number, 1..=5 | 10 | 11)
            && d < window_start
        {
            ctx.push(
                row0,
                k,
                &d.to_string(),
                "outside-window",
                Severity::Warning,
                format!(
                    "{d} is before the list's {}-month window, which starts {window_start}",
                    list.window_months
                ),
            );
        }
        row_rules.check(&mut ctx, row0, values);
        let rejected = ctx.findings[before..]
            .iter()
            .any(|f| f.severity == Severity::Error);
        if !rejected && let Some(hash) = key_hash(values, &dup_columns) {
            let this = u32::try_from(i).unwrap_or(u32::MAX);
            let same_key = |r: u32| {
                records.get(r as usize).is_some_and(|earlier: &Record| {
                    dup_columns
                        .iter()
                        .all(|&c| earlier.values.get(c) == values.get(c))
                })
            };
            if let Some(first) = seen
                .first(hash, this, same_key, || key_bytes(values, &dup_columns))
                .and_then(|r| records.get(r as usize))
            {
                let k = key.unwrap_or(0);
                ctx.push(
                    row0,
                    k,
                    &values[k].key_text(),
                    "duplicate",
                    Severity::Warning,
                    format!(
                        "the same as row {} on {}",
                        first.row,
                        list.duplicate_key.join(", ")
                    ),
                );
            }
        }
        if let Some(r) = records.get_mut(i) {
            r.rejected = rejected;
        }
    }
    if !formulas.is_empty() {
        ctx.findings.extend(formulas);
        // Keep the list's findings in row order, the formula ones among them.
        ctx.findings[first..].sort_by_key(|f| f.row);
    }
    ListRead {
        list: list.number,
        name: list.name,
        source,
        header_row: u32::try_from(header_at + 1).unwrap_or(u32::MAX),
        rows_read: records.len(),
        rows_accepted: 0,
        rows_rejected: 0,
        records,
    }
}

/// A row's duplicate-key values as byte pieces, each tagged by its kind so that a date and a
/// text never meet, handed to `piece` in order; whether any of them holds anything (rows with
/// none are no one's duplicates).
pub(super) fn key_pieces(
    values: &[Value],
    columns: &[usize],
    mut piece: impl FnMut(&[u8]),
) -> bool {
    let mut any = false;
    for v in columns.iter().filter_map(|&i| values.get(i)) {
        match v {
            Value::Empty => piece(&[0]),
            Value::Date(d) => {
                any = true;
                let [y0, y1] = d.year().to_le_bytes();
                piece(&[1, y0, y1, d.month() as u8, d.day() as u8]);
            }
            Value::Int(n) => {
                any = true;
                piece(&[2]);
                piece(&n.to_le_bytes());
            }
            Value::Text(t) => {
                any |= !t.is_empty();
                piece(&[3]);
                piece(t.as_bytes());
                piece(&[0x1f]);
            }
            // A code is its set's code however it was spelt: "1A" and "1A: Individual" meet.
            Value::Code(c) => {
                any = true;
                piece(&[4]);
                piece(c.as_bytes());
                piece(&[0x1f]);
            }
        }
    }
    any
}

/// A 64-bit hash of a row's duplicate key; `None` when the key holds nothing.
pub(super) fn key_hash(values: &[Value], columns: &[usize]) -> Option<u64> {
    use std::hash::{BuildHasher, Hasher};
    let mut h = rustc_hash::FxBuildHasher.build_hasher();
    key_pieces(values, columns, |b| h.write(b)).then(|| h.finish())
}

/// A row's duplicate key as bytes end to end: made only for rows whose hash an earlier row
/// with other values has.
pub(super) fn key_bytes(values: &[Value], columns: &[usize]) -> Vec<u8> {
    let mut key = Vec::new();
    key_pieces(values, columns, |b| key.extend_from_slice(b));
    key
}

/// The first record holding each duplicate key: records found by the 64-bit hash of their key
/// values and told apart by the values themselves, so a duplicate is only ever a real one and
/// no key is copied (16 bytes a record).
pub(super) struct FirstSeen {
    /// Hash → the first record with it.
    pub(super) by_hash: FxHashMap<u64, u32>,
    /// Records whose hash an earlier record with other values already has, by their key's
    /// bytes.
    pub(super) collided: FxHashMap<Box<[u8]>, u32>,
}

impl FirstSeen {
    pub(super) fn with_capacity(rows: usize) -> FirstSeen {
        FirstSeen {
            by_hash: FxHashMap::with_capacity_and_hasher(rows, Default::default()),
            collided: FxHashMap::default(),
        }
    }

    /// The record that first had the key of record `this`, whose key hashes to `hash`, or
    /// `None` (and `this` remembered) when it is the first. `same_key` tells whether an
    /// earlier record has the same key values; `bytes` gives the key as bytes, asked for only
    /// when two different keys share a hash.
    pub(super) fn first(
        &mut self,
        hash: u64,
        this: u32,
        same_key: impl Fn(u32) -> bool,
        bytes: impl FnOnce() -> Vec<u8>,
    ) -> Option<u32> {
        match self.by_hash.entry(hash) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(this);
                None
            }
            std::collections::hash_map::Entry::Occupied(o) if same_key(*o.get()) => Some(*o.get()),
            std::collections::hash_map::Entry::Occupied(_) => {
                match self.collided.entry(bytes().into_boxed_slice()) {
                    std::collections::hash_map::Entry::Occupied(o) => Some(*o.get()),
                    std::collections::hash_map::Entry::Vacant(v) => {
                        v.insert(this);
                        None
                    }
                }
            }
        }
    }
}

/// The row rules of one list, with their columns found once.
pub(super) struct RowRules {
    /// Dates that must come in order: (earlier, later, what is wrong).
    pub(super) order: Vec<(usize, usize, &'static str)>,
    /// List 4: an authorised assessment must say whether the child was seen.
    pub(super) authorised_seen: Option<(usize, usize)>,
    /// List 8: missing episodes need the return-interview answer.
    pub(super) missing_offered: Option<(usize, usize)>,
}

impl RowRules {
    pub(super) fn new(list: &'static List) -> RowRules {
        let pos = |h: &str| list.columns.iter().position(|c| c.header == h);
        let pairs: &[(&str, &str, &'static str)] = match list.number {
            2 => &[(
                "Assessment start date",
                "Assessment completion date",
                "completion before start",
            )],
            4 => &[(
                "Continuous Assessment Start Date",
                "Continuous Assessment Date of Authorisation",
                "authorisation before start",
            )],
            5 => &[(
                "Strategy discussion initiating Section 47 Enquiry Start Date",
                "Date of Initial Child Protection Conference",
                "ICPC before the strategy discussion",
            )],
            6 => &[("CIN Start Date", "CIN Closure Date", "closure before start")],
            7 => &[(
                "Child Protection Plan Start Date",
                "Child Protection Plan End Date",
                "plan end before start",
            )],
            8 => &[(
                "Date Started to be Looked After",
                "Date Ceased to be Looked After",
                "ceased before started",
            )],
            10 => &[(
                "Date of Decision that Child Should be Placed for Adoption",
                "Date of Adoption Order",
                "adoption order before the decision",
            )],
            11 => &[(
                "Date enquiry received",
                "Date application approved",
                "approval before enquiry",
            )],
            _ => &[],
        };
        let both = |a: &str, b: &str| pos(a).zip(pos(b));
        RowRules {
            order: pairs
                .iter()
                .filter_map(|(first, second, what)| both(first, second).map(|(a, b)| (a, b, *what)))
                .collect(),
            authorised_seen: (list.number == 4)
                .then(|| {
                    both(
                        "Continuous Assessment Date of Authorisation",
                        "Child Seen During Continuous Assessment",
                    )
                })
                .flatten(),
            missing_offered: (list.number == 8)
                .then(|| both(annex_a::MISSING_EPISODES, annex_a::RETURN_INTERVIEW_OFFERED))
                .flatten(),
        }
    }

    /// Checks one row's values.
    pub(super) fn check(&self, ctx: &mut Ctx<'_>, row0: usize, values: &[Value]) {
        for &(a, b, what) in &self.order {
            if let (Some(da), Some(db)) = (values[a].date(), values[b].date())
                && db < da
            {
                let (first, second) = (ctx.list.columns[a].header, ctx.list.columns[b].header);
                ctx.push(
                    row0,
                    b,
                    &db.to_string(),
                    "order-invalid",
                    Severity::Error,
                    format!("{what}: {second} {db} is before {first} {da}"),
                );
            }
        }
        if let Some((auth, seen)) = self.authorised_seen
            && values[auth].date().is_some()
            && values[seen].is_empty()
        {
            ctx.push(
                row0,
                seen,
                "",
                "assessment-child-seen-blank",
                Severity::Warning,
                "the assessment is authorised but whether the child was seen is blank".into(),
            );
        }
        if let Some((missing, offered)) = self.missing_offered
            && matches!(values[missing], Value::Int(n) if n > 0)
            && values[offered].is_empty()
        {
            ctx.push(row0, offered, "", "return-interview-blank", Severity::Warning,
                "the child has missing episodes but whether a return interview was offered is blank".into());
        }
    }
}

/// Checks across lists: a child on an open child protection plan (List 7) should be in List 6
/// with case status b) Child Protection plan (or a) Looked after child).
pub(super) fn cross_list(lists: &[ListRead], findings: &mut Vec<Finding>) {
    let Some(l7) = lists.iter().find(|l| l.list == 7) else {
        return;
    };
    let Some(l6) = lists.iter().find(|l| l.list == 6) else {
        return;
    };
    let cin: FxHashMap<&str, &str> = l6
        .records
        .iter()
        .filter(|r| !r.rejected)
        .filter_map(|r| match (&r.values[0], &r.values[11]) {
            (Value::Text(id), Value::Code(status)) => Some((id.as_str(), *status)),
            (Value::Text(id), Value::Text(status)) => Some((id.as_str(), status.as_str())),
            (Value::Text(id), _) => Some((id.as_str(), "")),
            _ => None,
        })
        .collect();
    let mut reported: rustc_hash::FxHashSet<&str> = Default::default();
    for r in l7.records.iter().filter(|r| !r.rejected) {
        let (Value::Text(id), open) = (&r.values[0], r.values[12].is_empty()) else {
            continue;
        };
        if !open || !reported.insert(id.as_str()) {
            continue;
        }
        let (rule, message) = match cin.get(id.as_str()) {
            None => (
                "cp-child-missing-from-cin",
                format!("child {id} has an open child protection plan but is not in List 6"),
            ),
            Some(status) => {
                let s = annex_a::strip_prefix(status).to_lowercase();
                if s.starts_with("child protection") || s.starts_with("looked after") {
                    continue;
                }
                (
                    "cp-child-case-status",
                    format!(
                        "child {id} has an open child protection plan but List 6 gives case status {status:?}"
                    ),
                )
            }
        };
        findings.push(Finding {
            list: Some(7),
            sheet: l7.source.clone(),
            row: r.row,
            cell: None,
            column: Some("Child Unique ID".into()),
            value: Some(id.to_string()),
            rule: rule.into(),
            severity: Severity::Warning,
            message,
        });
    }
}
