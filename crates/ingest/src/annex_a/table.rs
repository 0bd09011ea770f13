//! A sheet or CSV file as read, before it is identified: every cell of the table in one array
//! and every text in one buffer, so a table of four million cells is a handful of allocations,
//! not four million (decision 0012).

use calamine::Data;
use jiff::civil::Date;

pub use crate::cell::Cell;
use crate::cell::ERROR_VALUES;

/// How a cell is held in the table: text as a range of the table's buffer, an error value by
/// its place in `ERROR_VALUES` (16 bytes a cell).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Slot {
    Empty,
    Text { start: u32, end: u32 },
    Number(f64),
    Int(i64),
    Bool(bool),
    Date(Date),
    Error(u8),
}

/// The most fields a CSV line holds: Excel's 16,384 columns.
pub const MAX_COLUMNS: usize = 16_384;

/// The most cells one sheet's table holds, blank ones within rows included: 2 GiB of cells.
/// The largest real extracts hold a few tens of millions.
pub const MAX_CELLS: usize = 1 << 27;

// Four million cells is 64 MB at this size; keep it from growing unnoticed.
const _: () = assert!(std::mem::size_of::<Slot>() == 16);

/// A table as read from a sheet or a CSV file, before it is identified. Its text cells hold
/// no non-breaking space: each is made a plain space as the table is built, as every reader
/// of a cell's text would make it.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// The sheet's name, or the CSV file's name.
    pub source: String,
    /// Cells (0-based row, column) holding a formula with no saved value: the workbook was
    /// written without calculating, so the value is unknown and read as blank.
    pub formulas_without_value: Vec<(u32, u32)>,
    /// Cells (0-based row, column) of a CSV line whose quoted field was still open at the
    /// line's end: the line was read as it stands, the quote kept as text.
    pub stray_quotes: Vec<(u32, u32)>,
    slots: Vec<Slot>,
    text: String,
    /// Where each row's cells end in `slots` (row `i` is `slots[ends[i - 1]..ends[i]]`).
    ends: Vec<u32>,
}

/// One row of a [`Table`].
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    slots: &'a [Slot],
    text: &'a str,
}

impl<'a> Row<'a> {
    /// A row with no cell.
    pub const EMPTY: Row<'static> = Row {
        slots: &[],
        text: "",
    };

    /// The cell in column `c` (0-based); [`Cell::Empty`] beyond the end of the row.
    pub fn get(&self, c: usize) -> Cell<'a> {
        match self.slots.get(c) {
            None | Some(Slot::Empty) => Cell::Empty,
            Some(Slot::Text { start, end }) => self
                .text
                .get(*start as usize..*end as usize)
                .map_or(Cell::Empty, Cell::Text),
            Some(Slot::Number(n)) => Cell::Number(*n),
            Some(Slot::Int(n)) => Cell::Int(*n),
            Some(Slot::Bool(b)) => Cell::Bool(*b),
            Some(Slot::Date(d)) => Cell::Date(*d),
            Some(Slot::Error(e)) => ERROR_VALUES
                .get(usize::from(*e))
                .map_or(Cell::Empty, |e| Cell::Error(e)),
        }
    }

    /// How many cells the row holds (blank ones within it included).
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Whether the row holds no cell at all.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// Its cells in column order.
    pub fn cells(&self) -> impl Iterator<Item = Cell<'a>> + '_ {
        (0..self.slots.len()).map(|c| self.get(c))
    }
}

impl Table {
    /// A table of calamine values, row by row (tests and fuzzing).
    ///
    /// # Errors
    /// [`TableError::TooLarge`] past 4 GiB of text.
    pub fn new(source: impl Into<String>, rows: &[Vec<Data>]) -> Result<Table, TableError> {
        let mut b = Builder::new(source.into());
        for (r, row) in rows.iter().enumerate() {
            b.start_row(r);
            for (c, cell) in row.iter().enumerate() {
                b.set(r, c, &Cell::from(cell))?;
            }
        }
        Ok(b.finish())
    }

    /// How many rows, blank ones included.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether the table has no row.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Row `r` (0-based); `None` past the end.
    pub fn row(&self, r: usize) -> Option<Row<'_>> {
        let end = *self.ends.get(r)? as usize;
        let start = match r {
            0 => 0,
            _ => self.ends[r - 1] as usize,
        };
        Some(Row {
            slots: &self.slots[start..end],
            text: &self.text,
        })
    }

    /// Every row in order, blank ones included (as empty rows).
    pub fn rows(&self) -> impl ExactSizeIterator<Item = Row<'_>> + '_ {
        let mut start = 0usize;
        self.ends.iter().map(move |&end| {
            let end = end as usize;
            let row = Row {
                slots: &self.slots[start..end],
                text: &self.text,
            };
            start = end;
            row
        })
    }
}

impl Table {
    /// A CSV file's text as a table (RFC 4180 as csv-core reads it: quoted fields with `""`
    /// escapes and line breaks, CRLF or LF, blank lines skipped, rows of any length).
    ///
    /// A line with no quote (nearly every line) is split at its commas in one pass and its
    /// fields are left where they are in the text; any other record, and every record of a
    /// file with a carriage return not before a line feed, is read by csv-core and its
    /// unescaped fields appended after the text. A property test holds the two to the same
    /// result.
    ///
    /// # Errors
    /// [`TableError::TooLarge`] past 4 GiB of text.
    pub fn from_csv(source: impl Into<String>, text: String) -> Result<Table, TableError> {
        let to_u32 = |n: usize| u32::try_from(n).map_err(|_| TableError::TooLarge);
        // Places within the text, and counts of its fields, are then below `u32::MAX` (a field
        // takes at least its separator), so the lines split in place need no check per field.
        if text.len() >= u32::MAX as usize {
            return Err(TableError::TooLarge);
        }
        let place = |n: usize| n as u32;
        // The field between two places of a line split in place.
        let field = |start: usize, end: usize| {
            if start == end {
                Slot::Empty
            } else {
                Slot::Text {
                    start: place(start),
                    end: place(end),
                }
            }
        };
        let bytes = text.as_bytes();
        let mut slots: Vec<Slot> = Vec::with_capacity(bytes.len() / 8);
        let mut ends: Vec<u32> = Vec::with_capacity(bytes.len() / 64);
        // Unescaped fields of the records csv-core reads, to go after the text.
        let mut extra: Vec<u8> = Vec::new();
        let mut rdr = csv_core::Reader::new();
        let mut scratch = vec![0u8; 4096];
        let mut field_ends = vec![0usize; 64];
        let mut pos = 0usize;
        // A carriage return anywhere but before a line feed ends a record for csv-core; such
        // rare files are read by csv-core throughout.
        let crlf_only = memchr::memchr_iter(b'\r', bytes).all(|i| bytes.get(i + 1) == Some(&b'\n'));
        // Commas, line feeds and quotes in order, found across lines without restarting.
        let mut specials = Specials::new(bytes, 0);
        let mut stray_quotes = Vec::new();
        while pos < bytes.len() {
            if crlf_only {
                let first_slot = slots.len();
                let (mut start, mut end, mut quoted) = (pos, bytes.len(), false);
                while let Some(i) = specials.next() {
                    match bytes[i] {
                        b',' => {
                            slots.push(field(start, i));
                            start = i + 1;
                            if slots.len() - first_slot > MAX_COLUMNS {
                                return Err(TableError::TooWide(to_u32(ends.len() + 1)?));
                            }
                        }
                        b'\n' => {
                            end = i;
                            break;
                        }
                        _ => {
                            quoted = true;
                            break;
                        }
                    }
                }
                if !quoted {
                    // The line feed's carriage return is no part of the last field.
                    let last = if end > start && bytes[end - 1] == b'\r' {
                        end - 1
                    } else {
                        end
                    };
                    // A blank line is skipped, as csv-core skips it.
                    if !(slots.len() == first_slot && last == pos) {
                        slots.push(field(start, last));
                        ends.push(to_u32(slots.len())?);
                    }
                    pos = (end + 1).min(bytes.len());
                    continue;
                }
                slots.truncate(first_slot);
            }
            // A quoted (or otherwise unusual) record: csv-core reads exactly one, within its
            // line. Annex A values never hold a line break, so a quoted field still open at
            // its line's end is a stray quote: the line is read as it stands (the quote kept
            // as text) and the cell noted, and the lines after it are read as usual.
            let record_start = pos;
            let line_end =
                memchr::memchr2(b'\n', b'\r', &bytes[pos..]).map_or(bytes.len(), |i| pos + i);
            let limit = match bytes.get(line_end) {
                Some(b'\r') if bytes.get(line_end + 1) == Some(&b'\n') => line_end + 2,
                Some(_) => line_end + 1,
                None => bytes.len(),
            };
            let base = bytes.len() + extra.len();
            let first_slot = slots.len();
            let (mut used, mut fields, mut stray) = (0usize, 0usize, false);
            loop {
                let input = &bytes[pos..limit];
                if input.is_empty() && line_end < bytes.len() {
                    // The line is used up without a record: a blank line (skipped, as csv-core
                    // skips it), or a quoted field still open.
                    stray = fields > 0 || used > 0 || bytes[record_start..line_end].contains(&b'"');
                    break;
                }
                let (result, nin, nout, nend) =
                    rdr.read_record(input, &mut scratch[used..], &mut field_ends[fields..]);
                pos += nin;
                used += nout;
                fields += nend;
                match result {
                    csv_core::ReadRecordResult::InputEmpty if input.is_empty() => break,
                    csv_core::ReadRecordResult::InputEmpty => {}
                    csv_core::ReadRecordResult::OutputFull => {
                        scratch.resize(scratch.len() * 2, 0);
                    }
                    csv_core::ReadRecordResult::OutputEndsFull => {
                        if field_ends.len() > MAX_COLUMNS {
                            return Err(TableError::TooWide(to_u32(ends.len() + 1)?));
                        }
                        field_ends.resize(field_ends.len() * 2, 0);
                    }
                    csv_core::ReadRecordResult::Record => {
                        let mut start = 0usize;
                        for &end in &field_ends[..fields] {
                            slots.push(if end == start {
                                Slot::Empty
                            } else {
                                Slot::Text {
                                    start: to_u32(base + start)?,
                                    end: to_u32(base + end)?,
                                }
                            });
                            start = end;
                        }
                        ends.push(to_u32(slots.len())?);
                        extra.extend_from_slice(&scratch[..used]);
                        break;
                    }
                    csv_core::ReadRecordResult::End => break,
                }
            }
            if stray {
                rdr = csv_core::Reader::new();
                slots.truncate(first_slot);
                let mut start = record_start;
                let mut quoted_at = None;
                for (k, piece) in bytes[record_start..line_end]
                    .split(|b| *b == b',')
                    .enumerate()
                {
                    if quoted_at.is_none() && piece.contains(&b'"') {
                        quoted_at = Some(k);
                    }
                    slots.push(field(start, start + piece.len()));
                    start += piece.len() + 1;
                }
                stray_quotes.push((to_u32(ends.len())?, to_u32(quoted_at.unwrap_or(0))?));
                ends.push(to_u32(slots.len())?);
                pos = limit;
            }
            specials = Specials::new(bytes, pos);
        }
        // Fields are split at ASCII commas, quotes and line ends, so valid text stays valid.
        let extra = String::from_utf8(extra).map_err(|_| TableError::NotText)?;
        let mut text = text;
        text.push_str(&extra);
        to_u32(text.len())?;
        let mut table = Table {
            source: source.into(),
            formulas_without_value: Vec::new(),
            stray_quotes,
            slots,
            text,
            ends,
        };
        table.plain_spaces()?;
        Ok(table)
    }

    /// Makes every non-breaking space in a text cell a plain one, so that no reader of a
    /// table has to look for them: a cell holding one is written again after the text.
    fn plain_spaces(&mut self) -> Result<(), TableError> {
        const NBSP: &str = "\u{a0}";
        if memchr::memmem::find(self.text.as_bytes(), NBSP.as_bytes()).is_none() {
            return Ok(());
        }
        for slot in &mut self.slots {
            if let Slot::Text { start, end } = *slot
                && let Some(s) = self.text.get(start as usize..end as usize)
                && s.contains(NBSP)
            {
                let s = s.to_owned();
                *slot = push_text(&mut self.text, &s)?;
            }
        }
        Ok(())
    }
}

/// Appends `s` to a table's text, non-breaking spaces made plain: the slot that points at it.
fn push_text(text: &mut String, s: &str) -> Result<Slot, TableError> {
    let start = u32::try_from(text.len()).map_err(|_| TableError::TooLarge)?;
    match s.contains('\u{a0}') {
        true => text.push_str(&s.replace('\u{a0}', " ")),
        false => text.push_str(s),
    }
    let end = u32::try_from(text.len()).map_err(|_| TableError::TooLarge)?;
    Ok(Slot::Text { start, end })
}

/// The commas, line feeds and quotes of a CSV text in order, found eight bytes at a time:
/// each byte is compared with the three in one word operation (SWAR), and a word holding
/// none of them costs a handful of instructions, not a byte loop or a vector search's set-up.
struct Specials<'a> {
    bytes: &'a [u8],
    /// Where the current word starts.
    at: usize,
    /// The high bit of each byte of the current word that is one of the three, not yet given.
    mask: u64,
}

impl<'a> Specials<'a> {
    fn new(bytes: &'a [u8], from: usize) -> Specials<'a> {
        Specials {
            bytes,
            at: from,
            mask: Self::mask(bytes, from),
        }
    }

    /// The three bytes' places in the word at `at` (bytes past the end read as zero).
    #[inline]
    fn mask(bytes: &[u8], at: usize) -> u64 {
        let word = match bytes.get(at..at + 8) {
            Some(w) => {
                let mut buf = [0u8; 8];
                buf.copy_from_slice(w);
                u64::from_le_bytes(buf)
            }
            None => {
                let mut buf = [0u8; 8];
                let rest = bytes.get(at..).unwrap_or_default();
                buf[..rest.len()].copy_from_slice(rest);
                u64::from_le_bytes(buf)
            }
        };
        specials(word)
    }

    /// Where the next of them is.
    #[inline]
    fn next(&mut self) -> Option<usize> {
        while self.mask == 0 {
            self.at += 8;
            if self.at >= self.bytes.len() {
                return None;
            }
            self.mask = Self::mask(self.bytes, self.at);
        }
        let i = self.at + (self.mask.trailing_zeros() / 8) as usize;
        self.mask &= self.mask - 1;
        Some(i)
    }
}

/// The high bit set in each byte of `word` that is a comma, a line feed or a quote, and no
/// other bit (exact: no carry runs between bytes). For each byte sought, a byte equal to it
/// is zero after the exclusive or, and only a zero byte keeps its high bit clear after its
/// low seven bits have 0x7f added and the byte itself is or-ed in; the three results are
/// and-ed, so a byte equal to any of the three has its high bit clear, then inverted.
#[inline]
fn specials(word: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const ONES: u64 = 0x0101_0101_0101_0101;
    let not_equal = |byte: u8| {
        let x = word ^ (u64::from(byte) * ONES);
        ((x & LOW7) + LOW7) | x
    };
    !((not_equal(b',') & not_equal(b'\n') & not_equal(b'"')) | LOW7)
}

/// Why a table cannot be held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableError {
    /// More than 4 GiB of text, or more than [`MAX_CELLS`] cells (blank ones within rows
    /// included) in one table.
    TooLarge,
    /// Fields that are not text (cannot happen for text split at ASCII separators; reported,
    /// not assumed).
    NotText,
    /// A line (1-based) with more than [`MAX_COLUMNS`] fields.
    TooWide(u32),
}

impl std::fmt::Display for TableError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let TableError::TooWide(line) = self {
            return write!(
                f,
                "record {line} has more than {MAX_COLUMNS} fields, the most a sheet of Excel holds"
            );
        }
        f.write_str(match self {
            TableError::TooWide(_) => "",
            TableError::TooLarge => {
                "the table holds more than 4 GiB of text, or cells spread over more than 128 \
                 million places (a sheet with a value far to the right on every row)"
            }
            TableError::NotText => "the fields read are not valid UTF-8 text",
        })
    }
}

impl std::error::Error for TableError {}

/// Builds a [`Table`] cell by cell, rows in order (the order every writer uses); a cell of a
/// row already passed is still placed, at the cost of a sort when the table is finished.
pub(crate) struct Builder {
    table: Table,
    /// Cells of rows already passed.
    late: Vec<(u32, u32, Slot)>,
}

impl Builder {
    pub(crate) fn new(source: String) -> Builder {
        Builder {
            table: Table {
                source,
                ..Table::default()
            },
            late: Vec::new(),
        }
    }

    /// The table so far holds rows up to `r` (0-based); rows skipped are blank.
    pub(crate) fn start_row(&mut self, r: usize) {
        let t = &mut self.table;
        while t.ends.len() <= r {
            // The open row is closed where the cells end.
            t.ends
                .push(u32::try_from(t.slots.len()).unwrap_or(u32::MAX));
        }
    }

    /// Places a cell (0-based row and column).
    pub(crate) fn set(&mut self, r: usize, c: usize, cell: &Cell<'_>) -> Result<(), TableError> {
        // An empty text is a blank cell, as an empty CSV field is.
        if matches!(cell, Cell::Empty | Cell::Text("")) {
            self.start_row(r);
            return Ok(());
        }
        let slot = self.slot(cell)?;
        let t = &mut self.table;
        if r + 1 < t.ends.len() {
            let (r, c) = (
                u32::try_from(r).map_err(|_| TableError::TooLarge)?,
                u32::try_from(c).map_err(|_| TableError::TooLarge)?,
            );
            self.late.push((r, c, slot));
            return Ok(());
        }
        self.start_row(r);
        let t = &mut self.table;
        let start = match r {
            0 => 0,
            _ => t.ends[r - 1] as usize,
        };
        let at = start + c;
        // Blank cells up to a far one are held too: a crafted sheet must not exhaust memory.
        if at >= MAX_CELLS {
            return Err(TableError::TooLarge);
        }
        if at < t.slots.len() {
            t.slots[at] = slot;
        } else {
            t.slots.resize(at, Slot::Empty);
            t.slots.push(slot);
        }
        t.ends[r] = u32::try_from(t.slots.len()).map_err(|_| TableError::TooLarge)?;
        Ok(())
    }

    fn slot(&mut self, cell: &Cell<'_>) -> Result<Slot, TableError> {
        Ok(match *cell {
            Cell::Empty => Slot::Empty,
            Cell::Text(s) => push_text(&mut self.table.text, s)?,
            Cell::Number(n) => Slot::Number(n),
            Cell::Int(n) => Slot::Int(n),
            Cell::Bool(b) => Slot::Bool(b),
            Cell::Date(d) => Slot::Date(d),
            Cell::Error(e) => match ERROR_VALUES.iter().position(|v| *v == e) {
                Some(i) => Slot::Error(i as u8),
                // Every error value comes from the list; any other is kept as its text.
                None => return self.slot(&Cell::Text(e)),
            },
        })
    }

    /// Notes a formula cell with no saved value.
    pub(crate) fn formula_without_value(&mut self, r: u32, c: u32) {
        self.table.formulas_without_value.push((r, c));
    }

    pub(crate) fn finish(mut self) -> Table {
        if self.late.is_empty() {
            return self.table;
        }
        // Some cell came after a later row: rebuild in order, the later value winning.
        let t = &mut self.table;
        let mut all: Vec<(u32, u32, Slot)> = Vec::with_capacity(t.slots.len() + self.late.len());
        let mut start = 0usize;
        for (r, &end) in t.ends.iter().enumerate() {
            let end = end as usize;
            for (c, s) in t.slots[start..end].iter().enumerate() {
                if *s != Slot::Empty {
                    all.push((
                        u32::try_from(r).unwrap_or(u32::MAX),
                        u32::try_from(c).unwrap_or(u32::MAX),
                        *s,
                    ));
                }
            }
            start = end;
        }
        all.append(&mut self.late);
        // Stable: of two values for one cell, the one read later stays last.
        all.sort_by_key(|&(r, c, _)| (r, c));
        let rows = t.ends.len();
        t.slots.clear();
        t.ends.clear();
        let mut cells = all.into_iter().peekable();
        for r in 0..rows {
            while let Some(&(rr, c, s)) = cells.peek() {
                if rr as usize != r {
                    break;
                }
                cells.next();
                if cells.peek().is_some_and(|&(r2, c2, _)| (r2, c2) == (rr, c)) {
                    continue;
                }
                let at = t.ends.last().map_or(0, |&e| e as usize) + c as usize;
                t.slots.resize(at, Slot::Empty);
                t.slots.push(s);
            }
            t.ends
                .push(u32::try_from(t.slots.len()).unwrap_or(u32::MAX));
        }
        self.table
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &Table) -> Vec<Vec<String>> {
        t.rows()
            .map(|r| {
                r.cells()
                    .map(|c| match c {
                        Cell::Empty => String::new(),
                        Cell::Text(s) => s.to_string(),
                        other => format!("{other:?}"),
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn cells_in_order_short_rows_and_blank_rows() {
        let mut b = Builder::new("s".into());
        b.set(0, 1, &Cell::Text("b1")).expect("fits");
        b.set(2, 0, &Cell::Text("a3")).expect("fits");
        b.set(2, 2, &Cell::Number(3.0)).expect("fits");
        let t = b.finish();
        assert_eq!(t.len(), 3);
        assert_eq!(
            texts(&t),
            [
                vec!["".to_string(), "b1".into()],
                vec![],
                vec!["a3".into(), "".into(), "Number(3.0)".into()]
            ]
        );
        assert_eq!(t.row(2).map(|r| r.get(7)), Some(Cell::Empty));
        assert!(t.row(3).is_none());
    }

    #[test]
    fn a_sheet_spread_too_wide_is_refused_not_allocated() {
        let mut b = Builder::new("s".into());
        assert_eq!(b.set(0, 16_383, &Cell::Text("far")), Ok(()));
        assert_eq!(
            b.set(0, MAX_CELLS, &Cell::Text("too far")),
            Err(TableError::TooLarge)
        );
        assert_eq!(b.finish().row(0).map(|r| r.len()), Some(16_384));
    }

    #[test]
    fn a_cell_of_an_earlier_row_is_placed_and_the_later_value_wins() {
        let mut b = Builder::new("s".into());
        b.set(0, 0, &Cell::Text("a1")).expect("fits");
        b.set(1, 0, &Cell::Text("a2")).expect("fits");
        b.set(0, 2, &Cell::Text("c1")).expect("fits");
        b.set(0, 0, &Cell::Text("A1")).expect("fits");
        let t = b.finish();
        assert_eq!(
            texts(&t),
            [
                vec!["A1".to_string(), "".into(), "c1".into()],
                vec!["a2".into()]
            ]
        );
    }

    #[test]
    fn csv_fields_quoted_escaped_blank_and_ragged() {
        let t = Table::from_csv(
            "f.csv",
            "id,name,note\r\n001,\"Smith, Jo\",\"said \"\"hi\"\"\"\n002,,\n003\n\"multi\nline\",x,y,z\n".into(),
        )
        .expect("fits");
        assert_eq!(
            texts(&t),
            [
                vec!["id".to_string(), "name".into(), "note".into()],
                vec!["001".into(), "Smith, Jo".into(), "said \"hi\"".into()],
                vec!["002".into(), "".into(), "".into()],
                vec!["003".into()],
                // A quoted value never spans lines in Annex A: each line is read as it stands,
                // the stray quotes kept as text and their cells noted.
                vec!["\"multi".into()],
                vec!["line\"".into(), "x".into(), "y".into(), "z".into()],
            ]
        );
        assert_eq!(t.stray_quotes, [(4, 0)]);
        // A record wider than the field-end buffer, and one with no trailing newline.
        let wide = (0..200)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(",");
        let t = Table::from_csv("w.csv", format!("{wide}\nlast")).expect("fits");
        assert_eq!(t.row(0).map(|r| r.len()), Some(200));
        assert_eq!(t.row(0).map(|r| r.get(199)), Some(Cell::Text("199")));
        assert_eq!(t.row(1).map(|r| r.get(0)), Some(Cell::Text("last")));
        assert_eq!(t.len(), 2);
    }

    /// Every record as `from_csv` must read it, made the plain way: the text cut into lines
    /// (at a line feed, a carriage return, or the two together), blank lines skipped, each line
    /// read by csv-core alone, and a line whose quoted field is still open at its end split at
    /// its commas as it stands.
    fn csv_core_alone(text: &str) -> Vec<Vec<String>> {
        let bytes = text.as_bytes();
        let mut rows = Vec::new();
        let mut pos = 0;
        while pos < bytes.len() {
            let end = bytes[pos..]
                .iter()
                .position(|b| *b == b'\n' || *b == b'\r')
                .map_or(bytes.len(), |i| pos + i);
            let last = end == bytes.len();
            let line = &text[pos..end];
            pos = match bytes.get(end) {
                Some(b'\r') if bytes.get(end + 1) == Some(&b'\n') => end + 2,
                _ => end + 1,
            };
            if line.is_empty() {
                continue;
            }
            let read = csv_core_records(&format!("{line}{}", if last { "" } else { "\n" }));
            match read.as_slice() {
                [one] if last || !csv_core_records(line).is_empty() && !open_at_end(line) => {
                    rows.push(one.clone())
                }
                _ => rows.push(line.split(',').map(|f| f.replace('\u{a0}', " ")).collect()),
            }
        }
        rows
    }

    /// Whether csv-core, reading `line` and then a line feed, is still inside a quoted field.
    fn open_at_end(line: &str) -> bool {
        let mut rdr = csv_core::Reader::new();
        let (mut out, mut ends) = (vec![0u8; line.len() + 2], vec![0usize; line.len() + 2]);
        let with_end = format!("{line}\n");
        let (result, nin, _, _) = rdr.read_record(with_end.as_bytes(), &mut out, &mut ends);
        !(matches!(result, csv_core::ReadRecordResult::Record) && nin == with_end.len())
    }

    fn csv_core_records(text: &str) -> Vec<Vec<String>> {
        let mut rdr = csv_core::Reader::new();
        let mut input = text.as_bytes();
        let (mut out, mut field_ends) = (vec![0u8; text.len() + 1], vec![0usize; text.len() + 1]);
        let (mut used, mut fields) = (0, 0);
        let mut rows = Vec::new();
        loop {
            let (result, nin, nout, nend) =
                rdr.read_record(input, &mut out[used..], &mut field_ends[fields..]);
            input = &input[nin..];
            used += nout;
            fields += nend;
            match result {
                csv_core::ReadRecordResult::Record => {
                    let mut start = 0;
                    rows.push(
                        field_ends[..fields]
                            .iter()
                            .map(|&end| {
                                // A table's text holds plain spaces for non-breaking ones.
                                let f = String::from_utf8_lossy(&out[start..end])
                                    .replace('\u{a0}', " ");
                                start = end;
                                f
                            })
                            .collect(),
                    );
                    (used, fields) = (0, 0);
                }
                csv_core::ReadRecordResult::End => return rows,
                _ => {}
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn the_line_splitter_agrees_with_csv_core(text in "[ab,\"\r\n é\u{a0}]{0,60}") {
            let t = Table::from_csv("p.csv", text.clone()).expect("fits");
            proptest::prop_assert_eq!(texts(&t), csv_core_alone(&text));
        }

        /// The same with carriage returns only before line feeds, as Windows writes them: the
        /// one-pass splitter's own ground.
        #[test]
        fn the_line_splitter_agrees_with_csv_core_on_crlf(text in "([ab,\"é ]|\r\n|\n){0,60}") {
            let t = Table::from_csv("p.csv", text.clone()).expect("fits");
            proptest::prop_assert_eq!(texts(&t), csv_core_alone(&text));
        }

        /// Long fields and lines, mostly without quotes: the splitter's words of eight bytes,
        /// their ends and the file's last few bytes.
        #[test]
        fn the_line_splitter_agrees_with_csv_core_on_long_lines(
            text in "([a-z0-9/ ]{0,19},|[a-z0-9]{0,17}\r?\n|\"[a-z,\n]{0,9}\"|\u{a0}){0,80}"
        ) {
            let t = Table::from_csv("p.csv", text.clone()).expect("fits");
            proptest::prop_assert_eq!(texts(&t), csv_core_alone(&text));
        }
    }

    #[test]
    fn non_breaking_spaces_are_plain_in_every_table() {
        let mut b = Builder::new("s".into());
        b.set(0, 0, &Cell::Text("a)\u{a0}Male\u{a0}"))
            .expect("fits");
        assert_eq!(texts(&b.finish()), [vec!["a) Male ".to_string()]]);
        let t = Table::from_csv("c.csv", "x\u{a0}y,\u{a0}\n\"q\u{a0}\"\n".into()).expect("fits");
        assert_eq!(
            texts(&t),
            [vec!["x y".to_string(), " ".into()], vec!["q ".into()]]
        );
    }

    #[test]
    fn each_byte_is_told_exactly_in_every_place_of_a_word() {
        // Neighbours one either side of each byte sought, where a borrow or carry would show.
        for fill in [b',' - 1, b',' + 1, b'"' + 1, b'\n' + 1, 0x00, 0xff] {
            for place in 0..8 {
                for b in 0..=255u8 {
                    let mut bytes = [fill; 8];
                    bytes[place] = b;
                    let word = u64::from_le_bytes(bytes);
                    let expected = if matches!(b, b',' | b'\n' | b'"') {
                        0x80u64 << (8 * place)
                    } else {
                        0
                    };
                    assert_eq!(
                        specials(word),
                        expected,
                        "{b:#x} at {place} among {fill:#x}"
                    );
                }
            }
        }
    }

    #[test]
    fn text_rows_and_calamine_values_agree() {
        let a = Table::from_csv("csv", "x,,z\n".into()).expect("fits");
        let c = Table::new(
            "csv",
            &[vec![
                Data::String("x".into()),
                Data::Empty,
                Data::String("z".into()),
            ]],
        )
        .expect("fits");
        assert_eq!(texts(&a), texts(&c));
    }
}
