//! The accepted rows of an extract, by list.

use jiff::civil::Date;

use crate::annex_a::{LISTS, Record};

/// The accepted rows of an extract, by list. Rows the loader rejected never count, so
/// [`ExtractRows::push`] drops them.
#[derive(Debug, Clone)]
pub struct ExtractRows {
    pub(super) as_at: Date,
    pub(super) lists: Vec<Vec<Record>>,
}

impl ExtractRows {
    /// No rows yet, as at `as_at`.
    pub fn new(as_at: Date) -> Self {
        ExtractRows {
            as_at,
            lists: vec![Vec::new(); LISTS.len()],
        }
    }

    /// Adds a row of `list` (1 to 11); a rejected row, or an unknown list, is ignored.
    pub fn push(&mut self, list: u8, record: Record) {
        if record.rejected {
            return;
        }
        if let Some(rows) = usize::from(list)
            .checked_sub(1)
            .and_then(|i| self.lists.get_mut(i))
        {
            rows.push(record);
        }
    }

    /// The as-at date.
    pub fn as_at(&self) -> Date {
        self.as_at
    }

    /// The accepted rows of a list.
    pub fn list(&self, list: u8) -> &[Record] {
        usize::from(list)
            .checked_sub(1)
            .and_then(|i| self.lists.get(i))
            .map_or(&[], Vec::as_slice)
    }

    /// All accepted rows.
    pub fn len(&self) -> usize {
        self.lists.iter().map(Vec::len).sum()
    }

    /// Whether there are no accepted rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
