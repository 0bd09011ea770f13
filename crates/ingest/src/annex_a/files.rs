//! Finding the files of an extract and reading each into tables: a file or a folder, CSV
//! (UTF-8, UTF-16 or Windows-1252), XLSX by the fast reader, anything else through calamine
//! once the package has passed its limits.

#[allow(clippy::wildcard_imports)]
use super::*;

/// The file, or the spreadsheet and CSV files of a folder in name order.
pub(super) fn files(path: &Path) -> Result<Vec<PathBuf>> {
    if !path.exists() {
        return Err(Error::Io {
            path: path.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or folder"),
        });
    }
    Ok(if path.is_dir() {
        let mut v: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|source| Error::Io {
                path: path.to_path_buf(),
                source,
            })?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                    matches!(
                        e.to_ascii_lowercase().as_str(),
                        "xlsx" | "xlsm" | "xls" | "ods" | "csv"
                    )
                })
            })
            .collect();
        v.sort();
        if v.is_empty() {
            return Err(Error::Workbook {
                path: path.to_path_buf(),
                reason: "the folder holds no .xlsx, .xls, .ods or .csv file".into(),
            });
        }
        v
    } else {
        vec![path.to_path_buf()]
    })
}

/// A CSV file's bytes as text: UTF-8 (`Ok`), UTF-16 with its byte-order mark (decoded), or
/// the bytes back (`Err`) for the Windows-1252 reading. A file with a NUL byte in its first
/// 8 KiB (outside UTF-16) is no text at all, and is refused.
pub(super) fn csv_text(
    path: &Path,
    bytes: Vec<u8>,
) -> Result<std::result::Result<String, std::string::FromUtf8Error>> {
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(&bytes)
        && encoding != encoding_rs::UTF_8
    {
        let (text, had_errors) = encoding.decode_with_bom_removal(&bytes);
        if had_errors {
            return Err(Error::Workbook {
                path: path.to_path_buf(),
                reason: format!(
                    "not a readable CSV file: it starts as {} text but holds bytes that are not",
                    encoding.name()
                ),
            });
        }
        return Ok(Ok(text.into_owned()));
    }
    if memchr::memchr(0, &bytes[..bytes.len().min(8192)]).is_some() {
        return Err(Error::Workbook {
            path: path.to_path_buf(),
            reason: "not a CSV file: it holds binary data, not text (save the list from \
                     Excel as \"CSV UTF-8\", or give the workbook itself)"
                .into(),
        });
    }
    Ok(String::from_utf8(bytes))
}

pub(super) fn read_tables(path: &Path) -> Result<Vec<Table>> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let is_csv = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if is_csv {
        let bytes = std::fs::read(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let text = match csv_text(path, bytes)? {
            Ok(t) => t,
            // Excel's "CSV" on Windows is Windows-1252: its curly apostrophe (0x92) is not
            // Latin-1's, so decode it properly or "Child’s Category of Need" is not found.
            Err(e) => encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(e.as_bytes())
                .0
                .into_owned(),
        };
        let mut text = text;
        if text.starts_with('\u{feff}') {
            // In place: no copy of the whole file for three bytes.
            text.drain(..'\u{feff}'.len_utf8());
        }
        let table = Table::from_csv(name, text).map_err(|e| Error::Workbook {
            path: path.to_path_buf(),
            reason: format!("not a readable CSV file: {e}"),
        })?;
        return Ok(vec![table]);
    }
    let is_xlsx = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx") || e.eq_ignore_ascii_case("xlsm"));
    if is_xlsx {
        let file = std::fs::File::open(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        // The fast reader first; a workbook it cannot read goes to calamine (decision 0012),
        // which gives the error if it cannot read it either.
        if let Ok(tables) = xlsx::read(std::io::BufReader::new(file)) {
            return Ok(tables);
        }
    }
    // calamine cannot bound itself: the package's parts and sheets are checked first.
    let is_ods = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("ods"));
    crate::package::guard(
        path,
        if is_ods {
            crate::package::Sheets::Ranges
        } else {
            crate::package::Sheets::Streamed
        },
    )?;
    read_with_calamine(path)
}

/// The error for a sheet that cannot be read, whatever the reason.
pub(super) fn unreadable_sheet(path: &Path, sheet: &str, e: impl std::fmt::Display) -> Error {
    Error::Workbook {
        path: path.to_path_buf(),
        reason: format!("sheet {sheet:?} cannot be read: {e}"),
    }
}

/// Every sheet of a workbook in any format calamine reads (XLS, ODS, and XLSX the fast reader
/// could not read).
pub(super) fn read_with_calamine(path: &Path) -> Result<Vec<Table>> {
    let mut book = open_workbook_auto(path).map_err(|e| Error::Workbook {
        path: path.to_path_buf(),
        reason: format!("cannot be opened as a workbook: {e}"),
    })?;
    if let calamine::Sheets::Xlsx(xlsx) = &mut book {
        return read_xlsx(path, xlsx);
    }
    let mut out = Vec::new();
    for sheet in book.sheet_names() {
        let range = book
            .worksheet_range(&sheet)
            .map_err(|e| unreadable_sheet(path, &sheet, e))?;
        // Cells relative to the range, which starts at its first used cell.
        let (top, left) = range.start().unwrap_or((0, 0));
        let mut table = Builder::new(sheet.clone());
        for (r, c, cell) in range.used_cells() {
            let (r, c) = (r + top as usize, c + left as usize);
            table
                .set(r, c, &Cell::from(cell))
                .map_err(|e| unreadable_sheet(path, &sheet, e))?;
        }
        out.push(table.finish());
    }
    Ok(out)
}

/// Every sheet of an XLSX workbook, streamed cell by cell (no intermediate range), noting the
/// formula cells that have no saved value.
pub(super) fn read_xlsx<RS: std::io::Read + std::io::Seek>(
    path: &Path,
    book: &mut calamine::Xlsx<RS>,
) -> Result<Vec<Table>> {
    let unreadable = |sheet: &str, e: calamine::XlsxError| unreadable_sheet(path, sheet, e);
    let mut out = Vec::new();
    for sheet in book.sheet_names() {
        let mut cells = book
            .worksheet_cells_reader(&sheet)
            .map_err(|e| unreadable(&sheet, e))?;
        let mut table = Builder::new(sheet.clone());
        while let Some(cell) = cells
            .next_cell_with_formula_metadata()
            .map_err(|e| unreadable(&sheet, e))?
        {
            let (r, c) = cell.pos;
            if matches!(cell.value, calamine::DataRef::Empty) {
                if cell.formula.is_some() {
                    table.formula_without_value(r, c);
                }
                continue;
            }
            table
                .set(r as usize, c as usize, &Cell::from(&cell.value))
                .map_err(|e| unreadable_sheet(path, &sheet, e))?;
        }
        out.push(table.finish());
    }
    Ok(out)
}
