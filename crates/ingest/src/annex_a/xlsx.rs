//! XLSX workbooks read straight into [`Table`]s, for speed (decision 0012).
//!
//! The package parts that are small and varied (the workbook's sheet list, its relationships
//! and its cell styles) are read with quick-xml. The two that are large and regular (shared
//! strings and each sheet's cells) are scanned tag by tag here: `<row>`, `<c>` with its `r`,
//! `s` and `t` attributes, `<v>`, `<f>` and inline `<is><t>`. Namespace prefixes, entities,
//! CDATA, `_xHHHH_` escapes, rows and cells without references, the 1904 date system and
//! date formats (built-in and custom) are handled. Anything else that is not as the format
//! says is an [`Unreadable`] with the part and the reason; the caller then reads the workbook
//! with calamine instead, so an unusual but valid file still loads.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Read;

use jiff::civil::Date;
use quick_xml::events::Event;

use super::table::{Builder, Cell, Table};
use crate::cell::excel_serial_date;

/// Why the fast reader could not read a workbook (the caller falls back to calamine).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unreadable(pub String);

type Res<T> = std::result::Result<T, Unreadable>;

fn bad(part: &str, why: impl std::fmt::Display) -> Unreadable {
    Unreadable(format!("{part}: {why}"))
}

/// Every worksheet of an XLSX workbook, in the workbook's order.
pub(crate) fn read<R: std::io::Read + std::io::Seek>(reader: R) -> Res<Vec<Table>> {
    let mut zip = zip::ZipArchive::new(reader).map_err(|e| bad("package", e))?;
    let root_rels = part_text(&mut zip, "_rels/.rels")?;
    let workbook_path = relationships(&root_rels, "")?
        .into_iter()
        .find(|r| r.kind.ends_with("/officeDocument"))
        .map_or_else(|| "xl/workbook.xml".to_string(), |r| r.target);
    let dir = workbook_path
        .rsplit_once('/')
        .map_or(String::new(), |(d, _)| format!("{d}/"));
    let rels_path = format!("{dir}_rels/{}.rels", file_name(&workbook_path));
    let rels = relationships(&part_text(&mut zip, &rels_path)?, &dir)?;
    let book = workbook(&part_text(&mut zip, &workbook_path)?)?;
    let target = |kind: &str| {
        rels.iter()
            .find(|r| r.kind.ends_with(kind))
            .map(|r| r.target.clone())
    };
    let shared = match target("/sharedStrings") {
        Some(p) => shared_strings(&part_bytes(&mut zip, &p)?)?,
        None => Shared::default(),
    };
    let dates = match target("/styles") {
        Some(p) => date_styles(&part_text(&mut zip, &p)?)?,
        None => Vec::new(),
    };
    let mut out = Vec::new();
    for (name, id) in &book.sheets {
        let Some(rel) = rels.iter().find(|r| &r.id == id) else {
            return Err(bad(&workbook_path, format!("sheet {name:?} has no part")));
        };
        // Chart sheets and dialog sheets hold no cells.
        if !rel.kind.ends_with("/worksheet") {
            continue;
        }
        let xml = part_bytes(&mut zip, &rel.target)?;
        let sheet = Sheet {
            name,
            shared: &shared,
            dates: &dates,
            date1904: book.date1904,
        };
        out.push(sheet.read(&xml).map_err(|e| bad(&rel.target, e.0))?);
    }
    Ok(out)
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn part_bytes<R: std::io::Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    path: &str,
) -> Res<Vec<u8>> {
    let path = path.trim_start_matches('/');
    let mut f = zip
        .by_name(path)
        .map_err(|e| bad(path, format!("missing from the package ({e})")))?;
    // Limits checked as the part inflates (decision 0016); the caller's fallback checks the
    // package again and gives the error.
    let compressed = f.compressed_size();
    crate::package::declared(path, f.size(), compressed).map_err(Unreadable)?;
    let size = f
        .size()
        .min(crate::package::Bounded::<std::io::Empty>::allowed(
            compressed,
        ));
    let mut buf = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    crate::package::Bounded::new(&mut f, path, compressed)
        .read_to_end(&mut buf)
        .map_err(|e| bad(path, e))?;
    Ok(buf)
}

fn part_text<R: std::io::Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    path: &str,
) -> Res<String> {
    String::from_utf8(part_bytes(zip, path)?).map_err(|_| bad(path, "not UTF-8 XML"))
}

struct Relationship {
    id: String,
    kind: String,
    /// The part's path in the package (relative targets resolved against `dir`).
    target: String,
}

fn relationships(xml: &str, dir: &str) -> Res<Vec<Relationship>> {
    let mut out = Vec::new();
    let mut rdr = quick_xml::Reader::from_str(xml);
    loop {
        match rdr.read_event().map_err(|e| bad("relationships", e))? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                let (mut id, mut kind, mut target) = (String::new(), String::new(), String::new());
                for a in e.attributes().flatten() {
                    let v = a
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map_err(|e| bad("relationships", e))?
                        .into_owned();
                    match a.key.local_name().as_ref() {
                        "Id" => id = v,
                        "Type" => kind = v,
                        "Target" => target = v,
                        _ => {}
                    }
                }
                let target = match target.strip_prefix('/') {
                    Some(absolute) => absolute.to_string(),
                    None => resolve(dir, &target),
                };
                out.push(Relationship { id, kind, target });
            }
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// `dir` + a relative target, with `..` taken back.
fn resolve(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for p in target.split('/') {
        match p {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    parts.join("/")
}

struct Workbook {
    /// (name, relationship id) in the workbook's order.
    sheets: Vec<(String, String)>,
    date1904: bool,
}

fn workbook(xml: &str) -> Res<Workbook> {
    let mut book = Workbook {
        sheets: Vec::new(),
        date1904: false,
    };
    let mut rdr = quick_xml::Reader::from_str(xml);
    loop {
        match rdr.read_event().map_err(|e| bad("workbook", e))? {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "sheet" => {
                    let (mut name, mut id) = (String::new(), String::new());
                    for a in e.attributes().flatten() {
                        let v = a
                            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .map_err(|e| bad("workbook", e))?;
                        match (a.key.prefix().is_some(), a.key.local_name().as_ref()) {
                            (false, "name") => name = v.into_owned(),
                            (true, "id") => id = v.into_owned(),
                            _ => {}
                        }
                    }
                    book.sheets.push((name, id));
                }
                "workbookPr" => {
                    for a in e.attributes().flatten() {
                        if a.key.local_name().as_ref() == "date1904" {
                            book.date1904 = matches!(a.value.as_ref(), "1" | "true");
                        }
                    }
                }
                _ => {}
            },
            Event::Eof => return Ok(book),
            _ => {}
        }
    }
}

/// For each cell style (`s`), whether its number format shows a date.
fn date_styles(xml: &str) -> Res<Vec<bool>> {
    let mut custom: HashMap<u32, bool> = HashMap::new();
    let mut styles = Vec::new();
    let mut in_cell_xfs = false;
    let mut rdr = quick_xml::Reader::from_str(xml);
    loop {
        match rdr.read_event().map_err(|e| bad("styles", e))? {
            Event::Start(e) if e.local_name().as_ref() == "cellXfs" => in_cell_xfs = true,
            Event::End(e) if e.local_name().as_ref() == "cellXfs" => in_cell_xfs = false,
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "numFmt" => {
                    let (mut id, mut code) = (None, String::new());
                    for a in e.attributes().flatten() {
                        match a.key.local_name().as_ref() {
                            "numFmtId" => id = a.value.parse().ok(),
                            "formatCode" => {
                                code = a
                                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                    .map_err(|e| bad("styles", e))?
                                    .into_owned();
                            }
                            _ => {}
                        }
                    }
                    if let Some(id) = id {
                        custom.insert(id, is_date_format(&code));
                    }
                }
                "xf" if in_cell_xfs => {
                    let id: u32 = e
                        .attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == "numFmtId")
                        .and_then(|a| a.value.parse().ok())
                        .unwrap_or(0);
                    styles.push(custom.get(&id).copied().unwrap_or_else(|| builtin_date(id)));
                }
                _ => {}
            },
            Event::Eof => return Ok(styles),
            _ => {}
        }
    }
}

/// Excel's built-in number formats that show a date (times alone and durations are numbers).
fn builtin_date(id: u32) -> bool {
    matches!(id, 14..=17 | 22 | 27..=36 | 50..=58)
}

/// Whether a custom number format shows a date: a day, month or year outside quoted text,
/// escapes and `[...]` blocks (`[h]:mm` is a duration, `hh:mm` a time; both stay numbers).
pub(crate) fn is_date_format(code: &str) -> bool {
    // Only the first section (positive numbers) matters.
    let mut quoted = false;
    let mut bracket = false;
    let mut escaped = false;
    for ch in code.chars() {
        if escaped {
            escaped = false;
            continue;
        }
        match ch {
            '"' => quoted = !quoted,
            _ if quoted => {}
            '\\' | '_' | '*' => escaped = true,
            '[' => bracket = true,
            ']' => bracket = false,
            _ if bracket => {}
            ';' => return false,
            'd' | 'D' | 'y' | 'Y' => return true,
            // "m" is a month unless next to hours or seconds; a format with "d" or "y" has
            // already returned, so a lone "m" (mm:ss) is taken as minutes.
            _ => {}
        }
    }
    false
}

/// Shared strings: one buffer and each string's range in it.
#[derive(Default)]
struct Shared {
    text: String,
    ranges: Vec<(u32, u32)>,
}

impl Shared {
    fn get(&self, i: usize) -> Option<&str> {
        let &(a, b) = self.ranges.get(i)?;
        self.text.get(a as usize..b as usize)
    }
}

fn shared_strings(xml: &[u8]) -> Res<Shared> {
    let mut out = Shared {
        text: String::with_capacity(xml.len() / 3),
        ranges: Vec::new(),
    };
    let mut s = Scanner::new(xml);
    let to_u32 = |n: usize| u32::try_from(n).map_err(|_| bad("sharedStrings", "over 4 GiB"));
    while let Some(tag) = s.next_tag()? {
        if tag.closing || tag.local != b"si" {
            continue;
        }
        let start = to_u32(out.text.len())?;
        if !tag.empty {
            s.rich_text(b"si", &mut out.text)?;
        }
        out.ranges.push((start, to_u32(out.text.len())?));
    }
    Ok(out)
}

struct Sheet<'a> {
    name: &'a str,
    shared: &'a Shared,
    dates: &'a [bool],
    date1904: bool,
}

impl Sheet<'_> {
    fn read(&self, xml: &[u8]) -> Res<Table> {
        let mut table = Builder::new(self.name.to_string());
        let mut s = Scanner::new(xml);
        let mut text = String::new();
        // The row being read (0-based) and the column after the last cell.
        let (mut row, mut next_col): (Option<usize>, usize) = (None, 0);
        while let Some(tag) = s.next_tag()? {
            if tag.closing {
                continue;
            }
            match tag.local {
                b"row" => {
                    row = Some(match tag.attr(b"r") {
                        Some(r) => {
                            number(r)
                                .filter(|r| (1..=1_048_576).contains(r))
                                .ok_or_else(|| Unreadable(format!("row number {:?}", lossy(r))))?
                                - 1
                        }
                        None => row.map_or(0, |r| r + 1),
                    });
                    next_col = 0;
                }
                b"c" => {
                    let (mut at, mut kind, mut style) = (None, &b"n"[..], 0);
                    for (k, v) in tag.attributes() {
                        match k {
                            b"r" => at = Some(v),
                            b"t" => kind = v,
                            b"s" => style = number(v).unwrap_or(0),
                            _ => {}
                        }
                    }
                    let (r, c) = match at {
                        Some(at) => parse_ref(at)
                            .ok_or_else(|| Unreadable(format!("cell reference {:?}", lossy(at))))?,
                        None => (row.unwrap_or(0), next_col),
                    };
                    next_col = c + 1;
                    if tag.empty {
                        continue;
                    }
                    let (value, formula) = s.cell(&mut text)?;
                    // An empty `<v/>` holds nothing, except as a text (an empty string).
                    let text_kind = matches!(kind, b"s" | b"str" | b"inlineStr");
                    if !value || (text.is_empty() && !text_kind) {
                        if formula {
                            table.formula_without_value(to_u32(r)?, to_u32(c)?);
                        }
                        continue;
                    }
                    let cell = self.cell(kind, style, &text, r, c)?;
                    table
                        .set(r, c, &cell)
                        .map_err(|e| Unreadable(e.to_string()))?;
                }
                _ => {}
            }
        }
        Ok(table.finish())
    }

    /// A cell's value by its type (`t`) and style (`s`).
    fn cell<'t>(
        &'t self,
        kind: &[u8],
        style: usize,
        v: &'t str,
        r: usize,
        c: usize,
    ) -> Res<Cell<'t>> {
        let at = || super::cell_ref(to_u32(r).unwrap_or(0), to_u32(c).unwrap_or(0));
        Ok(match kind {
            b"s" => {
                let i: usize = number(v.trim().as_bytes())
                    .ok_or_else(|| Unreadable(format!("cell {}: shared string {v:?}", at())))?;
                Cell::Text(
                    self.shared.get(i).ok_or_else(|| {
                        Unreadable(format!("cell {}: no shared string {i}", at()))
                    })?,
                )
            }
            b"str" | b"inlineStr" | b"d" => Cell::Text(v),
            b"b" => Cell::Bool(v.trim() == "1" || v.trim().eq_ignore_ascii_case("true")),
            b"e" => match error_value(v.trim()) {
                Some(e) => Cell::Error(e),
                None => Cell::Text(v),
            },
            b"n" => {
                let n = number_value(v)
                    .ok_or_else(|| Unreadable(format!("cell {}: {v:?} is not a number", at())))?;
                if self.dates.get(style).copied().unwrap_or(false) {
                    match self.day(n) {
                        Some(d) => Cell::Date(d),
                        None => Cell::Number(n),
                    }
                } else {
                    Cell::Number(n)
                }
            }
            other => {
                return Err(Unreadable(format!(
                    "cell {}: unknown cell type {:?}",
                    at(),
                    lossy(other)
                )));
            }
        })
    }

    /// A date-formatted number's day, in this workbook's date system.
    fn day(&self, serial: f64) -> Option<Date> {
        if self.date1904 {
            // Day 0 of the 1904 system is 1904-01-01, day 1462 of the 1900 system.
            excel_serial_date(serial + 1462.0)
        } else {
            excel_serial_date(serial)
        }
    }
}

fn error_value(v: &str) -> Option<&'static str> {
    crate::cell::ERROR_VALUES.into_iter().find(|e| *e == v)
}

fn to_u32(n: usize) -> Res<u32> {
    u32::try_from(n).map_err(|_| Unreadable("beyond 4 billion rows or columns".into()))
}

fn lossy(b: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(b)
}

/// A cell's number: whole numbers (nearly all: serial dates, ages, counts) by digits, the rest
/// by the standard parser.
fn number_value(v: &str) -> Option<f64> {
    let b = v.as_bytes();
    if (1..=15).contains(&b.len()) && b.iter().all(u8::is_ascii_digit) {
        return number(b).map(|n| n as f64);
    }
    v.trim().parse().ok()
}

/// A whole number written in ASCII digits.
fn number(b: &[u8]) -> Option<usize> {
    if b.is_empty() || b.len() > 15 {
        return None;
    }
    b.iter().try_fold(0usize, |n, c| {
        let d = c.wrapping_sub(b'0');
        (d <= 9).then(|| n * 10 + usize::from(d))
    })
}

/// `B12` as (row 11, column 1), both 0-based, within Excel's limits.
fn parse_ref(b: &[u8]) -> Option<(usize, usize)> {
    let letters = b.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    if !(1..=3).contains(&letters) {
        return None;
    }
    let col = b[..letters].iter().fold(0usize, |n, c| {
        n * 26 + usize::from(c.to_ascii_uppercase() - b'A') + 1
    });
    let row = number(&b[letters..])?;
    ((1..=16_384).contains(&col) && (1..=1_048_576).contains(&row)).then(|| (row - 1, col - 1))
}

/// One tag as scanned.
struct Tag<'x> {
    /// The name without any namespace prefix.
    local: &'x [u8],
    /// The bytes between the name and `>` (attributes).
    attrs: &'x [u8],
    closing: bool,
    /// `<x/>`.
    empty: bool,
}

impl<'x> Tag<'x> {
    /// An attribute's raw value (these are numbers, references and type codes: no entities).
    fn attr(&self, name: &[u8]) -> Option<&'x [u8]> {
        self.attributes().find(|(k, _)| *k == name).map(|(_, v)| v)
    }

    /// Every unprefixed-or-prefixed attribute as (name as written, raw value), in one pass.
    fn attributes(&self) -> impl Iterator<Item = (&'x [u8], &'x [u8])> {
        let mut rest = self.attrs;
        std::iter::from_fn(move || {
            let eq = rest.iter().position(|&c| c == b'=')?;
            let key = rest[..eq].trim_ascii();
            let after = rest[eq + 1..].trim_ascii_start();
            let quote = *after.first()?;
            if quote != b'"' && quote != b'\'' {
                return None;
            }
            let end = after[1..].iter().position(|&c| c == quote)?;
            let value = &after[1..=end];
            rest = &after[end + 2..];
            Some((key, value))
        })
    }
}

/// A forward scanner over a part's XML bytes.
struct Scanner<'x> {
    xml: &'x [u8],
    pos: usize,
}

impl<'x> Scanner<'x> {
    fn new(xml: &'x [u8]) -> Scanner<'x> {
        Scanner { xml, pos: 0 }
    }

    fn eof(&self, what: &str) -> Unreadable {
        Unreadable(format!("the XML ends inside {what}"))
    }

    /// The next element tag, skipping text, comments, processing instructions and
    /// declarations.
    fn next_tag(&mut self) -> Res<Option<Tag<'x>>> {
        loop {
            // Tags nearly always follow each other directly: look at the next byte first.
            let Some(lt) = short_find(b'<', &self.xml[self.pos..]) else {
                return Ok(None);
            };
            let start = self.pos + lt + 1;
            let rest = &self.xml[start..];
            if rest.starts_with(b"!--") {
                self.pos = start + find(rest, b"-->").ok_or_else(|| self.eof("a comment"))? + 3;
                continue;
            }
            if rest.starts_with(b"![CDATA[") {
                self.pos = start + find(rest, b"]]>").ok_or_else(|| self.eof("CDATA"))? + 3;
                continue;
            }
            if matches!(rest.first(), Some(b'?' | b'!')) {
                self.pos = start
                    + memchr::memchr(b'>', rest).ok_or_else(|| self.eof("a declaration"))?
                    + 1;
                continue;
            }
            let gt = tag_end(rest).ok_or_else(|| self.eof("a tag"))?;
            self.pos = start + gt + 1;
            let inner = &rest[..gt];
            let (closing, inner) = match inner.strip_prefix(b"/") {
                Some(i) => (true, i),
                None => (false, inner),
            };
            let (empty, inner) = match inner.strip_suffix(b"/") {
                Some(i) => (true, i),
                None => (false, inner),
            };
            let name_len = inner
                .iter()
                .position(|c| c.is_ascii_whitespace())
                .unwrap_or(inner.len());
            let name = &inner[..name_len];
            let local = match name.iter().rposition(|&c| c == b':') {
                Some(i) => &name[i + 1..],
                None => name,
            };
            return Ok(Some(Tag {
                local,
                attrs: &inner[name_len..],
                closing,
                empty,
            }));
        }
    }

    /// Text up to the next tag, entities and `_xHHHH_` escapes undone, CDATA kept as is.
    fn text_into(&mut self, out: &mut String) -> Res<()> {
        loop {
            let rest = &self.xml[self.pos..];
            let lt = short_find(b'<', rest).ok_or_else(|| self.eof("text"))?;
            let raw =
                std::str::from_utf8(&rest[..lt]).map_err(|_| Unreadable("not UTF-8".into()))?;
            push_unescaped(raw, out)?;
            self.pos += lt;
            let rest = &self.xml[self.pos..];
            if rest.starts_with(b"<![CDATA[") {
                let end = find(rest, b"]]>").ok_or_else(|| self.eof("CDATA"))?;
                let cdata = std::str::from_utf8(&rest[9..end])
                    .map_err(|_| Unreadable("not UTF-8".into()))?;
                out.push_str(cdata);
                self.pos += end + 3;
                continue;
            }
            return Ok(());
        }
    }

    /// The text runs (`<t>`) of a rich or plain string up to `</end>`, phonetic runs left out.
    fn rich_text(&mut self, end: &[u8], out: &mut String) -> Res<()> {
        let mut phonetic = 0usize;
        while let Some(tag) = self.next_tag()? {
            match (tag.closing, tag.local) {
                (true, l) if l == end => return Ok(()),
                (false, b"rPh") if !tag.empty => phonetic += 1,
                (true, b"rPh") => phonetic = phonetic.saturating_sub(1),
                (false, b"t") if !tag.empty && phonetic == 0 => self.text_into(out)?,
                _ => {}
            }
        }
        Err(self.eof("a string"))
    }

    /// A cell's content up to `</c>`: whether it has a value (its text put in `text`, from
    /// `<v>` or an inline string) and whether it has a formula.
    fn cell(&mut self, text: &mut String) -> Res<(bool, bool)> {
        text.clear();
        // The usual shape, `<v>text</v></c>`, read without scanning each tag.
        let rest = &self.xml[self.pos..];
        if let Some(body) = rest.strip_prefix(b"<v>")
            && let Some(lt) = short_find(b'<', body)
            && body[lt..].starts_with(b"</v></c>")
        {
            let raw =
                std::str::from_utf8(&body[..lt]).map_err(|_| Unreadable("not UTF-8".into()))?;
            push_unescaped(raw, text)?;
            self.pos += 3 + lt + 8;
            return Ok((true, false));
        }
        let (mut value, mut formula) = (false, false);
        while let Some(tag) = self.next_tag()? {
            match (tag.closing, tag.local) {
                (true, b"c") => return Ok((value, formula)),
                (false, b"v") if !tag.empty => {
                    text.clear();
                    self.text_into(text)?;
                    value = true;
                }
                (false, b"v") => {
                    text.clear();
                    value = true;
                }
                (false, b"f") => formula = true,
                (false, b"is") if !tag.empty => {
                    text.clear();
                    self.rich_text(b"is", text)?;
                    value = true;
                }
                _ => {}
            }
        }
        Err(self.eof("a cell"))
    }
}

/// Where a tag's `>` is, past any quoted attribute value holding one. Tags are short: a
/// byte loop beats a vectorised search's set-up.
fn tag_end(b: &[u8]) -> Option<usize> {
    let mut quote = None;
    for (i, &c) in b.iter().enumerate() {
        match (quote, c) {
            (None, b'>') => return Some(i),
            (None, b'"' | b'\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            _ => {}
        }
    }
    None
}

/// The first `needle` in `hay`: the first 32 bytes by a byte loop (cell values and the gaps
/// between tags are short), the rest by memchr.
fn short_find(needle: u8, hay: &[u8]) -> Option<usize> {
    let head = hay.len().min(32);
    match hay[..head].iter().position(|&c| c == needle) {
        Some(i) => Some(i),
        None => memchr::memchr(needle, &hay[head..]).map(|i| i + head),
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

/// XML text with its line ends normalised (a literal CR LF or CR is LF, as XML says), its
/// entities (`&amp;`, `&#13;`) and OOXML's `_xHHHH_` escapes undone.
fn push_unescaped(raw: &str, out: &mut String) -> Res<()> {
    // Nearly all text has none of them: one pass to say so.
    if !raw.bytes().any(|b| matches!(b, b'\r' | b'&' | b'_')) {
        out.push_str(raw);
        return Ok(());
    }
    let raw: Cow<'_, str> = if memchr::memchr(b'\r', raw.as_bytes()).is_some() {
        Cow::Owned(raw.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(raw)
    };
    let raw: &str = &raw;
    let text: Cow<'_, str> = if raw.contains('&') {
        quick_xml::escape::unescape(raw).map_err(|e| Unreadable(format!("text {raw:?}: {e}")))?
    } else {
        Cow::Borrowed(raw)
    };
    if !text.contains("_x") {
        out.push_str(&text);
        return Ok(());
    }
    let mut rest: &str = &text;
    while let Some(i) = rest.find("_x") {
        let code = rest
            .get(i + 2..i + 7)
            .filter(|c| c.ends_with('_') && c[..4].bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|c| u32::from_str_radix(&c[..4], 16).ok())
            .and_then(char::from_u32);
        match code {
            Some(ch) => {
                out.push_str(&rest[..i]);
                out.push(ch);
                rest = &rest[i + 7..];
            }
            None => {
                out.push_str(&rest[..i + 2]);
                rest = &rest[i + 2..];
            }
        }
    }
    out.push_str(rest);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(xml: &str, shared: &Shared, dates: &[bool], date1904: bool) -> Res<Table> {
        Sheet {
            name: "S",
            shared,
            dates,
            date1904,
        }
        .read(xml.as_bytes())
    }

    fn cells(t: &Table) -> Vec<Vec<Cell<'_>>> {
        t.rows().map(|r| r.cells().collect()).collect()
    }

    #[test]
    fn cells_of_every_type_with_and_without_references() {
        let shared = shared_strings(
            br#"<sst><si><t>Child Unique ID</t></si><si><r><t>White</t></r><r><rPr/><t xml:space="preserve"> - British</t></r><rPh><t>x</t></rPh></si><si/></sst>"#,
        )
        .expect("reads");
        assert_eq!(shared.get(1), Some("White - British"));
        assert_eq!(shared.get(2), Some(""));
        let xml = r#"<?xml version="1.0"?><x:worksheet xmlns:x="main"><x:sheetData>
            <x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="C1" t="inlineStr"><x:is><x:t>A &amp; B_x000D_</x:t></x:is></x:c></x:row>
            <x:row><x:c t="s"><x:v>1</x:v></x:c><x:c s="1"><x:v>45306</x:v></x:c><x:c><x:v>10.0</x:v></x:c><x:c t="b"><x:v>1</x:v></x:c><x:c t="e"><x:v>#N/A</x:v></x:c><x:c t="str"><x:f>A1</x:f><x:v>id</x:v></x:c><x:c><x:f>1+1</x:f></x:c><x:c r="J2"/></x:row>
            <!-- a comment <c r="Z9"><v>1</v></c> -->
            <x:row r="4"><x:c r="B4" t="d"><x:v>2024-01-15T00:00:00</x:v></x:c></x:row>
            </x:sheetData></x:worksheet>"#;
        let t = sheet(xml, &shared, &[false, true], false).expect("reads");
        let date = jiff::civil::date(2024, 1, 15);
        assert_eq!(
            cells(&t),
            [
                vec![
                    Cell::Text("Child Unique ID"),
                    Cell::Empty,
                    Cell::Text("A & B\r")
                ],
                vec![
                    Cell::Text("White - British"),
                    Cell::Date(date),
                    Cell::Number(10.0),
                    Cell::Bool(true),
                    Cell::Error("#N/A"),
                    Cell::Text("id"),
                ],
                vec![],
                vec![Cell::Empty, Cell::Text("2024-01-15T00:00:00")],
            ]
        );
        assert_eq!(t.formulas_without_value, [(1, 6)]);
        // An empty value is a blank cell; with a formula, a formula without its value.
        let t = sheet(
            r#"<row r="1"><c r="A1"><v/></c><c r="B1" t="b"><v></v></c><c r="C1"><f>1</f><v></v></c><c r="D1" t="str"><v></v></c></row>"#,
            &shared,
            &[],
            false,
        )
        .expect("reads");
        assert_eq!(cells(&t), [Vec::<Cell<'_>>::new()], "a blank row");
        assert_eq!(t.formulas_without_value, [(0, 2)]);
        // The same serial in the 1904 system is four years and a day later.
        let t = sheet(xml, &shared, &[false, true], true).expect("reads");
        assert_eq!(
            t.row(1).map(|r| r.get(1)),
            Some(Cell::Date(jiff::civil::date(2028, 1, 16)))
        );
    }

    #[test]
    fn what_cannot_be_read_is_said() {
        let shared = Shared::default();
        for (xml, says) in [
            (
                r#"<row r="1"><c r="A1" t="s"><v>3</v></c></row>"#,
                "no shared string 3",
            ),
            (
                r#"<row r="1"><c r="A1"><v>ten</v></c></row>"#,
                "\"ten\" is not a number",
            ),
            (r#"<row r="1"><c r="A1"><v>1</v>"#, "ends inside"),
            (
                r#"<row r="1"><c r="1A"><v>1</v></c></row>"#,
                "cell reference",
            ),
            (
                r#"<row r="1"><c r="A1" t="zz"><v>1</v></c></row>"#,
                "unknown cell type",
            ),
            (
                r#"<row r="1"><c r="A1" t="s"><v/></c></row>"#,
                "shared string",
            ),
        ] {
            let e = sheet(xml, &shared, &[], false).expect_err(xml);
            assert!(e.0.contains(says), "{xml}: {}", e.0);
        }
    }

    #[test]
    fn date_formats() {
        for code in [
            "dd/mm/yyyy",
            "d-mmm-yy",
            "yyyy-mm-dd hh:mm",
            "[$-809]dd mmmm yyyy",
        ] {
            assert!(is_date_format(code), "{code}");
        }
        for code in [
            "0.00",
            "General",
            "hh:mm",
            "[h]:mm:ss",
            "\"day\" 0",
            "#,##0;[Red]-#,##0",
        ] {
            assert!(!is_date_format(code), "{code}");
        }
        assert!(builtin_date(14) && !builtin_date(20) && !builtin_date(0));
    }

    #[test]
    fn references_and_paths() {
        assert_eq!(parse_ref(b"A1"), Some((0, 0)));
        assert_eq!(parse_ref(b"AA10"), Some((9, 26)));
        assert_eq!(parse_ref(b"XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(parse_ref(b"XFE1"), None);
        assert_eq!(parse_ref(b"A0"), None);
        assert_eq!(
            resolve("xl/", "worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(
            resolve("xl/worksheets/", "../sharedStrings.xml"),
            "xl/sharedStrings.xml"
        );
    }

    proptest::proptest! {
        /// Any bytes as a sheet: a table or a reason, never a panic.
        #[test]
        fn any_sheet_xml_is_read_or_refused(xml in "(<row( r=\"[0-9]{1,3}\")?>|<c( r=\"[A-C][0-9]{1,2}\")?( t=\"[sbne]\")?>|<v>[0-9a-z#/&;]{0,4}</v>|</c>|</row>|<f/>|<is><t>x</t></is>){0,24}") {
            let shared = shared_strings(b"<sst><si><t>a</t></si></sst>").expect("reads");
            let _ = sheet(&xml, &shared, &[true], false);
        }
    }
}
