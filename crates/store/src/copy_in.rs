//! Rows streamed into PostgreSQL with `COPY … FROM STDIN` (text format): an extract's rows,
//! sealed identifiers, findings and figures, a megabyte per round trip.

use crate::Result;

/// A cell of PostgreSQL's COPY text format: `\N` for none, and backslash, tab, newline and
/// carriage return escaped.
fn copy_cell(out: &mut String, value: Option<&str>) {
    let Some(v) = value else {
        out.push_str("\\N");
        return;
    };
    // Most cells need no escape: copied whole.
    if !v
        .bytes()
        .any(|b| matches!(b, b'\\' | b'\t' | b'\n' | b'\r'))
    {
        out.push_str(v);
        return;
    }
    for c in v.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

/// How much a COPY gathers before sending it: one round trip a megabyte, not one a row.
const CHUNK: usize = 1 << 20;

/// Rows streamed to PostgreSQL with `COPY … FROM STDIN` in the text format, [`CHUNK`] at a
/// time.
pub(crate) struct Copy<'c> {
    copy: sqlx::postgres::PgCopyIn<&'c mut sqlx::PgConnection>,
    chunk: String,
}

impl<'c> Copy<'c> {
    pub(crate) async fn start(
        conn: &'c mut sqlx::PgConnection,
        statement: &str,
    ) -> Result<Copy<'c>> {
        Ok(Copy {
            copy: conn.copy_in_raw(statement).await?,
            chunk: String::with_capacity(CHUNK),
        })
    }

    pub(crate) async fn row<'v>(
        &mut self,
        cells: impl IntoIterator<Item = Option<&'v str>>,
    ) -> Result<()> {
        for (i, cell) in cells.into_iter().enumerate() {
            if i > 0 {
                self.chunk.push('\t');
            }
            copy_cell(&mut self.chunk, cell);
        }
        self.chunk.push('\n');
        if self.chunk.len() >= CHUNK {
            // The buffer is sent and kept for the next megabyte, not made anew.
            self.copy.send(self.chunk.as_bytes()).await?;
            self.chunk.clear();
        }
        Ok(())
    }

    pub(crate) async fn finish(mut self) -> Result<()> {
        if !self.chunk.is_empty() {
            self.copy.send(self.chunk.as_bytes()).await?;
        }
        self.copy.finish().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::copy_cell;

    #[test]
    fn a_copy_cell_escapes_what_the_text_format_reads_and_copies_the_rest_whole() {
        let cell = |v: Option<&str>| {
            let mut out = String::new();
            copy_cell(&mut out, v);
            out
        };
        assert_eq!(cell(None), "\\N");
        assert_eq!(cell(Some("")), "");
        assert_eq!(cell(Some("Front Door")), "Front Door");
        assert_eq!(cell(Some("Zoë  O'Brien")), "Zoë  O'Brien");
        // A literal \N must not read back as a null.
        assert_eq!(cell(Some("\\N")), "\\\\N");
        assert_eq!(cell(Some("a\tb\nc\rd\\e")), "a\\tb\\nc\\rd\\\\e");
        assert_eq!(cell(Some("{\"a\":\"x\\\"y\"}")), "{\"a\":\"x\\\\\"y\"}");
    }
}
