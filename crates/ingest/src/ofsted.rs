//! Published Ofsted inspection reports (PDF) to an inspection [`Report`].
//!
//! The parser reads the structure every report of a family shares, not particular files:
//!
//! - **Header** (page 1): the authority's name around "Inspection of …", the "Inspection
//!   date(s):" line, "Report published:" (SIF only) and "Lead inspector:".
//! - **Judgements** (pages 1–2): each judgement's label followed directly by a grade on
//!   Ofsted's 4-point scale, wherever the PDF wrapped the table; for SIF, the overall sentence
//!   ("Children's services in X require improvement to be good") and the LSCB review.
//! - **Recommendations**: the list under "What needs to improve?" (ILACS), "Recommendations"
//!   or "What does the local authority need to improve?" (SIF), read item by item: a bullet or
//!   a number starts an item, wrapped lines join it, sub-bullets join their item, thematic
//!   sub-headings ("Quality of practice") are dropped, and the list ends at the next section.
//!
//! Page furniture (page numbers, running headers repeated on many pages) is removed first.
//! Anything that cannot be read is `None`; nothing is guessed.

use std::path::Path;
use std::sync::LazyLock;

use jiff::civil::Date;
use regex::Regex;
use sightline_core::inspection::{Area, Framework, Grade, Judgement, Report};

use crate::{Error, Result};

/// Reads a published Ofsted report from a PDF file.
///
/// # Errors
/// [`Error::Io`] when the file cannot be read, [`Error::Pdf`] when it is not a PDF whose text
/// can be extracted, [`Error::NotAReport`] when the text is not a graded inspection report.
pub fn read(path: &Path) -> Result<Report> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let pages = extract_pages(path, &bytes)?;
    parse_pages(&pages).map_err(|reason| Error::NotAReport {
        path: path.to_path_buf(),
        reason,
    })
}

/// The text of each page of a PDF.
///
/// # Errors
/// [`Error::Pdf`] when `bytes` are not a PDF or its text cannot be extracted.
pub fn extract_pages(path: &Path, bytes: &[u8]) -> Result<Vec<String>> {
    let pdf_error = |reason: String| Error::Pdf {
        path: path.to_path_buf(),
        reason,
    };
    if !bytes.starts_with(b"%PDF-") {
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_lowercase();
        let hint = if head.contains("<html") || head.contains("<!doctype") {
            " (it is an HTML page saved with a .pdf name)"
        } else {
            ""
        };
        return Err(pdf_error(format!(
            "not a PDF file: it does not start with %PDF-{hint}"
        )));
    }
    // Every stream is inflated in full below: one that inflates past the limits is refused
    // first, as its bytes inflate (decision 0016).
    check_streams(bytes).map_err(pdf_error)?;
    // pdf-extract can panic on malformed files; a bad upload must be an error, not a crash.
    let extracted = std::panic::catch_unwind(|| text_by_page(bytes));
    match extracted {
        Ok(Ok(pages)) => {
            if pages.iter().all(|p| p.trim().is_empty()) {
                Err(pdf_error(
                    "the PDF has no text layer (a scanned image?); it cannot be read".into(),
                ))
            } else {
                Ok(pages)
            }
        }
        Ok(Err(e)) => Err(pdf_error(e)),
        Err(_) => Err(pdf_error(
            "the PDF is damaged: its text could not be extracted".into(),
        )),
    }
}

/// The most one PDF stream may inflate to. A published report's largest (a font or an image)
/// inflates to a few megabytes.
pub const MAX_STREAM_BYTES: u64 = 64 << 20;
/// The most all of a PDF's streams may inflate to together.
pub const MAX_STREAMS_BYTES: u64 = 256 << 20;

/// Inflates every Flate stream of a PDF into nothing, refusing one that passes
/// [`MAX_STREAM_BYTES`] or a total past [`MAX_STREAMS_BYTES`] as soon as it does. A stream that
/// is not zlib data is left to the PDF reader.
fn check_streams(bytes: &[u8]) -> std::result::Result<(), String> {
    use std::io::Read;
    let mut total = 0u64;
    let mut at = 0usize;
    let finder = memchr::memmem::Finder::new(b"stream");
    let ender = memchr::memmem::Finder::new(b"endstream");
    while let Some(i) = finder.find(&bytes[at..]) {
        let start = at + i + b"stream".len();
        at = start;
        // "endstream" contains "stream": only a keyword followed by its line end opens one.
        let body = match bytes.get(start..) {
            Some([b'\r', b'\n', rest @ ..]) | Some([b'\n', rest @ ..]) => rest,
            _ => continue,
        };
        let len = ender.find(body).unwrap_or(body.len());
        let data = &body[..len];
        let mut inflated = flate2::read::ZlibDecoder::new(data).take(MAX_STREAM_BYTES + 1);
        let n = std::io::copy(&mut inflated, &mut std::io::sink()).unwrap_or(0);
        if n > MAX_STREAM_BYTES {
            return Err(format!(
                "a stream at byte {} inflates past {} MiB, as a PDF bomb does; the file was not \
                 read",
                start,
                MAX_STREAM_BYTES >> 20
            ));
        }
        total += n;
        if total > MAX_STREAMS_BYTES {
            return Err(format!(
                "the streams inflate past {} MiB together, as a PDF bomb does; the file was not \
                 read",
                MAX_STREAMS_BYTES >> 20
            ));
        }
        at = start + len.min(body.len());
    }
    Ok(())
}

/// Every page's text. Streams are decompressed once for the whole document: shared fonts
/// would otherwise be inflated again for every page (a quarter of the time on long reports).
/// A page whose text cannot be extracted is an error, not a silently shorter document.
fn text_by_page(bytes: &[u8]) -> std::result::Result<Vec<String>, String> {
    use pdf_extract::{Document, PlainTextOutput, output_doc_page};
    let mut doc =
        Document::load_mem(bytes).map_err(|e| format!("the PDF could not be read: {e}"))?;
    if doc.is_encrypted() {
        doc.decrypt("")
            .map_err(|_| "the PDF is encrypted with a password; it cannot be read".to_string())?;
    }
    doc.decompress();
    let numbers: Vec<u32> = doc.get_pages().keys().copied().collect();
    let mut pages = Vec::with_capacity(numbers.len());
    for n in numbers {
        let mut text = String::new();
        {
            let mut out = PlainTextOutput::new(&mut text);
            output_doc_page(&doc, &mut out, n)
                .map_err(|e| format!("page {n}: its text could not be extracted: {e}"))?;
        }
        pages.push(text);
    }
    Ok(pages)
}

/// Parses the text of a report's pages. The error is the reason it is not a report.
///
/// # Errors
/// A sentence saying why the text is not a graded Ofsted report.
pub fn parse_pages(pages: &[String]) -> std::result::Result<Report, String> {
    let raw_first = pages.first().map_or("", String::as_str);
    let pages = clean_pages(pages);
    let first = pages.first().map(Vec::as_slice).unwrap_or_default();
    let header = header_lines(first);
    let head_text = flatten(header);

    let judgement_text = flatten(
        &pages
            .iter()
            .take(2)
            .flat_map(|p| p.iter().cloned())
            .collect::<Vec<_>>(),
    );
    let mut judgements = read_judgements(&judgement_text);
    let lines: Vec<String> = join_pages(&pages);
    let lscb_at = if judgements.iter().any(|j| {
        matches!(
            j.area,
            Area::LookedAfterAndPermanence | Area::AdoptionPerformance
        )
    }) {
        let (grade, at) = read_lscb(&lines, &judgement_text);
        if let Some(grade) = grade {
            judgements.push(Judgement {
                area: Area::Lscb,
                grade,
            });
        }
        at
    } else {
        None
    };
    if let Some(kind) = other_kind(&pages_raw_head(raw_first, 12)) {
        return Err(format!("this is {kind}"));
    }
    if judgements.is_empty() {
        let letter = lines.iter().take(80).any(|l| {
            let l = l.to_lowercase();
            l.contains("focused visit") || l.contains("monitoring visit") || l.starts_with("dear ")
        });
        return Err(if letter {
            "no graded judgements found: this looks like an inspection letter (focused or \
             monitoring visit); record it with `sightline inspection add`"
                .into()
        } else {
            "no graded judgements found: not a published Ofsted inspection report of local \
             authority children's services"
                .into()
        });
    }
    let areas: Vec<Area> = judgements.iter().map(|j| j.area).collect();
    let framework = Framework::from_areas(&areas).ok_or_else(|| {
        format!(
            "the judgements found ({}) fit no known inspection framework",
            areas
                .iter()
                .map(|a| a.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    })?;
    // The title line may repeat on every page as the running header, and be taken away with
    // the page furniture: read it from the first page as it came, too.
    let raw_head = pages_raw_head(raw_first, 6);
    let authority = read_authority(&head_text)
        .or_else(|| read_authority(&raw_head))
        .ok_or(
            "the authority's name could not be found on the first page (expected \"Inspection of \
         <authority> local authority children's services\" or the name above \"Inspection of\")",
        )?;
    let (start_date, end_date) = find_after(header, &INSPECTION_DATES)
        .map(|s| parse_date_range(&s))
        .unwrap_or((None, None));
    let published = find_after(header, &PUBLISHED).and_then(|s| parse_date(&s));
    let lead_inspector = read_lead_inspector(&lines);

    let (recommendations, lscb_recommendations) = if framework == Framework::Sif2013 {
        let la_end = lscb_at.unwrap_or(lines.len());
        let la = read_list_from(&lines[..la_end], 0);
        let lscb = lscb_at.map(|at| read_list_from(&lines, at));
        (la, lscb)
    } else {
        (read_list_from(&lines, 0), None)
    };

    let recommendations_note = recommendations
        .is_empty()
        .then(|| why_no_recommendations(&lines));
    Ok(Report {
        authority,
        framework,
        start_date,
        end_date,
        published,
        lead_inspector,
        judgements,
        recommendations,
        lscb_recommendations,
        recommendations_note,
    })
}

/// Why a report gave no recommendation: it says there are none, or no list was found.
fn why_no_recommendations(lines: &[String]) -> String {
    static NONE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:there\s+are\s+no|no)\s+(?:further\s+)?(?:recommendations|areas\s+for\s+improvement)\b")
            .expect("valid pattern")
    });
    let text = flatten(lines);
    match NONE.find(&text) {
        Some(m) => format!(
            "the report states there are none (\"{}\")",
            &text[m.start()..m.end()]
        ),
        None => "warning: no list of recommendations was found in the report (under \"What \
                 needs to improve?\", \"Recommendations\" or \"What does the local authority \
                 need to improve?\"); read the report and add them by hand"
            .to_string(),
    }
}

/// The kind of a published document that is not an inspection of a local authority's
/// children's services, told from its first lines, with what to do instead.
fn other_kind(first_lines: &str) -> Option<&'static str> {
    let t = first_lines.to_lowercase();
    let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.contains("review of the effectiveness of the local safeguarding children board")
        && !t.contains("inspection of")
    {
        return Some(
            "a standalone review of the Local Safeguarding Children Board (LSCB), not an \
             inspection of the local authority's children's services: there is no inspection \
             of the authority to record from it",
        );
    }
    if t.contains("inspection of looked after children services")
        || t.contains("inspection of safeguarding and looked after children services")
        || t.contains("inspection of safeguarding services")
    {
        return Some(
            "an inspection under the 2012–13 frameworks (safeguarding, or looked after \
             children services), whose judgements Sightline does not read: record it with \
             `sightline inspection add`",
        );
    }
    None
}

const GRADE: &str = r"(outstanding|good|requires?\s+improvement(?:\s+to\s+be\s+good)?|inadequate)";

static LABELS: LazyLock<Vec<(Area, Regex)>> = LazyLock::new(|| {
    let label = |area, pattern: &str| {
        let re = Regex::new(&format!(r"(?i)\b{pattern}[\s:]+{GRADE}\b"))
            .expect("judgement label patterns are valid");
        (area, re)
    };
    vec![
        label(Area::OverallEffectiveness, r"overall\s+effectiveness"),
        label(
            Area::ImpactOfLeaders,
            r"impact\s+of\s+leaders\s+on\s+social\s+work\s+practice\s+with\s+children\s+and\s+families",
        ),
        label(
            Area::HelpAndProtection,
            r"children\s+who\s+need\s+help\s+and\s+protection",
        ),
        label(
            Area::ChildrenInCareAndCareLeavers,
            r"children\s+in\s+care\s+and\s+care\s+leavers",
        ),
        label(
            Area::ChildrenInCare,
            r"experiences\s+and\s+progress\s+of\s+children\s+in\s+care",
        ),
        label(
            Area::CareLeavers,
            r"experiences\s+and\s+progress\s+of\s+care\s+leavers",
        ),
        label(
            Area::LookedAfterAndPermanence,
            r"children\s+looked\s+after\s+and\s+achieving\s+permanence",
        ),
        label(Area::AdoptionPerformance, r"adoption\s+performance"),
        label(
            Area::LeadershipManagementGovernance,
            r"leadership,?\s+management\s+and\s+governance",
        ),
    ]
});

/// The SIF overall sentence: "The overall judgement is that children's services are
/// inadequate", "Children's services in Leicestershire require improvement to be good".
static SIF_OVERALL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?:overall\s+judgement\s+is(?:\s+that\s+children.s\s+services)?|children.s\s+services\s+in\s+[^.]{{1,80}}?)\s+(?:are\s+|is\s+)?{GRADE}\b"
    ))
    .expect("valid pattern")
});

static LSCB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^(?:the\s+)?(?:effectiveness\s+of\s+the\s+)?(?:local\s+safeguarding\s+children\s+board|lscb)(?:\s+\(lscb\))?\s+(?:is\s+|are\s+)?{GRADE}\b"
    ))
    .expect("valid pattern")
});

static LSCB_FIRST_PAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)effectiveness\s+of\s+the\s+(?:local\s+safeguarding\s+children\s+board|lscb)(?:\s+\(lscb\))?\s+is\s+{GRADE}\b"
    ))
    .expect("valid pattern")
});

static INSPECTION_DATES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^inspection\s+dates?\s*:?\s*(.*)$").expect("valid pattern"));
static PUBLISHED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^report\s+published\s*:?\s*(.*)$").expect("valid pattern"));
static LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^lead\s+inspector(?:\s+on\s+site)?\s*:?\s*(.*)$").expect("valid pattern")
});

fn read_judgements(text: &str) -> Vec<Judgement> {
    let mut found: Vec<(usize, Judgement)> = Vec::new();
    for (area, re) in LABELS.iter() {
        if let Some(c) = re.captures(text) {
            let (Some(all), Some(g)) = (c.get(0), c.get(1)) else {
                continue;
            };
            if let Ok(grade) = g.as_str().parse::<Grade>() {
                found.push((all.start(), Judgement { area: *area, grade }));
            }
        }
    }
    let sif = found.iter().any(|(_, j)| {
        matches!(
            j.area,
            Area::LookedAfterAndPermanence | Area::AdoptionPerformance
        )
    });
    let has_overall = found
        .iter()
        .any(|(_, j)| j.area == Area::OverallEffectiveness);
    if sif
        && !has_overall
        && let Some(c) = SIF_OVERALL.captures(text)
        && let (Some(all), Some(Ok(grade))) =
            (c.get(0), c.get(1).map(|g| g.as_str().parse::<Grade>()))
    {
        found.push((
            all.start(),
            Judgement {
                area: Area::OverallEffectiveness,
                grade,
            },
        ));
    }
    found.sort_by_key(|(at, _)| *at);
    found.into_iter().map(|(_, j)| j).collect()
}

/// The LSCB review's grade and the line where its section starts in the body.
fn read_lscb(lines: &[String], first_pages: &str) -> (Option<Grade>, Option<usize>) {
    let body = lines.iter().enumerate().skip(1).find_map(|(i, l)| {
        let c = LSCB.captures(l.trim())?;
        let grade = c.get(1)?.as_str().parse::<Grade>().ok()?;
        Some((grade, i))
    });
    match body {
        Some((grade, at)) if at > 30 => (Some(grade), Some(at)),
        _ => {
            let grade = LSCB_FIRST_PAGE
                .captures(first_pages)
                .and_then(|c| c.get(1)?.as_str().parse::<Grade>().ok());
            (grade, None)
        }
    }
}

/// The first `n` lines with text of a page as the PDF gave them, joined.
fn pages_raw_head(page: &str, n: usize) -> String {
    page.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(n)
        .collect::<Vec<_>>()
        .join(" ")
}

fn read_authority(head: &str) -> Option<String> {
    static ILACS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\binspection\s+of\s+(.+?)\s+local\s+authority\s+children.s\s+services")
            .expect("valid pattern")
    });
    static BEFORE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(.+?)\s+(?:re-?\s*)?inspection\s+of\s+(?:services|children|local)")
            .expect("valid pattern")
    });
    let name = ILACS
        .captures(head)
        .or_else(|| BEFORE.captures(head))
        .and_then(|c| c.get(1))
        .map(|m| {
            m.as_str()
                .trim()
                .trim_end_matches([',', ':'])
                .trim()
                .to_string()
        })?;
    (!name.is_empty() && name.len() <= 120).then_some(name)
}

fn read_lead_inspector(lines: &[String]) -> Option<String> {
    let (i, rest) = lines.iter().enumerate().find_map(|(i, l)| {
        LEAD.captures(l.trim())
            .and_then(|c| c.get(1))
            .map(|m| (i, m.as_str().to_string()))
    })?;
    let mut name = rest.trim().to_string();
    if name.is_empty() {
        name = lines.get(i + 1)?.trim().to_string();
    }
    static TITLE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)[,\s]*(?:(?:her|his)\s+majesty.s\s+inspector|HMI|senior\s+HMI|ofsted\s+inspector)\b.*$")
            .expect("valid pattern")
    });
    let name = TITLE
        .replace(&name, "")
        .trim()
        .trim_end_matches([',', '.'])
        .trim()
        .to_string();
    let words = name.split_whitespace().count();
    (1..=6).contains(&words).then_some(name)
}

/// The text after a header label, joined with the next line when the value wrapped.
fn find_after(lines: &[String], re: &Regex) -> Option<String> {
    let (i, value) = lines.iter().enumerate().find_map(|(i, l)| {
        re.captures(l.trim())
            .and_then(|c| c.get(1))
            .map(|m| (i, m.as_str().trim().to_string()))
    })?;
    if has_year(&value) {
        Some(value)
    } else {
        let next = lines.get(i + 1).map(|s| s.trim()).unwrap_or_default();
        Some(format!("{value} {next}").trim().to_string())
    }
}

fn has_year(s: &str) -> bool {
    static YEAR: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\b(19|20)\d\d\b").expect("valid pattern"));
    YEAR.is_match(s)
}

/// A partly written date: "23", "31 October", "27 September 2024", "12/09/2016".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct DatePart {
    day: Option<i8>,
    month: Option<i8>,
    year: Option<i16>,
}

fn parse_part(s: &str) -> Option<DatePart> {
    static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})$").expect("valid pattern")
    });
    let s = s.trim().trim_end_matches(['.', ',']);
    if let Some(c) = NUMERIC.captures(s) {
        let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<i16>().ok());
        let year = num(3)?;
        let year = if year < 100 { 2000 + year } else { year };
        return Some(DatePart {
            day: i8::try_from(num(1)?).ok(),
            month: i8::try_from(num(2)?).ok(),
            year: Some(year),
        });
    }
    let mut part = DatePart::default();
    for word in s.split_whitespace() {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric());
        let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            match digits.len() {
                1 | 2 if part.day.is_none() && part.month.is_none() => {
                    part.day = digits.parse().ok();
                }
                4 if part.year.is_none() => part.year = digits.parse().ok(),
                _ => return None,
            }
        } else if let Some(m) = sightline_core::calendar::month_number(word) {
            if part.month.is_some() {
                return None;
            }
            part.month = Some(m);
        } else if !word.is_empty() {
            return None;
        }
    }
    (part != DatePart::default()).then_some(part)
}

fn to_date(p: DatePart) -> Option<Date> {
    Date::new(p.year?, p.month?, p.day?).ok()
}

/// One full date such as "13 February 2017" or "25/11/2016".
fn parse_date(s: &str) -> Option<Date> {
    parse_part(s).and_then(to_date)
}

/// A range such as "23 to 27 September 2024", "31 October to 11 November 2022",
/// "28 January–5 February 2014" or "12/09/2016 to 06/10/2016". The start takes its missing
/// month and year from the end (the year before, when its month is later than the end's).
fn parse_date_range(s: &str) -> (Option<Date>, Option<Date>) {
    static SPLIT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\s+(?:to|until)\s+|\s*[–—‒―−‐‑─-]\s*").expect("valid pattern")
    });
    static PERIODS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)\s+and\s+|\s*[;,]\s+").expect("valid pattern"));
    // Two periods on site ("5 to 9 December 2022 and 14 to 15 February 2023"): from the first
    // day of the first to the last day of the last.
    let periods: Vec<&str> = PERIODS.split(s.trim()).filter(|p| has_year(p)).collect();
    if let [first, .., last] = periods.as_slice() {
        let (start, _) = parse_date_range(first);
        let (_, end) = parse_date_range(last);
        return match (start, end) {
            (Some(s), Some(e)) if s > e => (None, None),
            other => other,
        };
    }
    let sides: Vec<&str> = SPLIT.splitn(s.trim(), 2).collect();
    let [start, end] = sides.as_slice() else {
        let single = parse_date(s);
        return (single, single);
    };
    let Some(end) = parse_part(end) else {
        return (None, None);
    };
    let end_date = to_date(end);
    let start_date = parse_part(start).and_then(|mut p| {
        if p.month.is_none() {
            p.month = end.month;
        }
        if p.year.is_none() {
            let (sm, em) = (p.month?, end.month?);
            p.year = end.year.map(|y| if sm > em { y - 1 } else { y });
        }
        to_date(p)
    });
    match (start_date, end_date) {
        (Some(s), Some(e)) if s > e => (None, None),
        other => other,
    }
}

/// Lines of a page with page numbers and running headers removed, non-breaking spaces made
/// plain, and each line trimmed.
fn clean_pages(pages: &[String]) -> Vec<Vec<String>> {
    let split: Vec<Vec<String>> = pages
        .iter()
        .map(|p| {
            p.lines()
                .map(|l| {
                    l.replace(['\u{a0}', '\u{2007}', '\u{202f}', '\t'], " ")
                        .trim()
                        .to_string()
                })
                .collect()
        })
        .collect();
    // A running header or footer: a line (page numbers aside) found near the top or bottom
    // of at least three pages and of a third of them (so a heading that happens to open
    // three pages of a long report is kept).
    let threshold = (split.len() / 3).max(3);
    let key = |l: &str| {
        l.trim_end_matches(|c: char| c.is_ascii_digit() || c.is_whitespace())
            .trim_start_matches(|c: char| c.is_ascii_digit() || c.is_whitespace())
            .to_string()
    };
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for page in &split {
        let mut seen = std::collections::HashSet::new();
        for l in edge_lines(page) {
            let k = key(l);
            if !k.is_empty() && seen.insert(k.clone()) {
                *counts.entry(k).or_default() += 1;
            }
        }
    }
    split
        .into_iter()
        .map(move_trailing_heading)
        .map(|page| {
            let edges: std::collections::HashSet<*const String> =
                edge_lines(&page).map(|l| l as *const String).collect();
            page.iter()
                .filter(|l| {
                    let at_edge = edges.contains(&(*l as *const String));
                    if !at_edge {
                        return true;
                    }
                    let is_page_number = !l.is_empty() && l.bytes().all(|b| b.is_ascii_digit());
                    let k = key(l);
                    let furniture =
                        !k.is_empty() && counts.get(&k).copied().unwrap_or(0) >= threshold;
                    !(is_page_number || furniture)
                })
                .cloned()
                .collect()
        })
        .collect()
}

/// Some PDFs draw a page's heading after its text, so extraction puts "Recommendations" at
/// the end of the page whose list it heads. A list heading that ends a page moves to its top.
fn move_trailing_heading(mut page: Vec<String>) -> Vec<String> {
    if let Some(last) = page.iter().rposition(|l| !l.is_empty())
        && LIST_HEADING.is_match(&page[last])
    {
        let heading = page.remove(last);
        page.insert(0, heading);
    }
    page
}

/// The first and last four non-blank lines of a page.
fn edge_lines(page: &[String]) -> impl Iterator<Item = &String> {
    let non_blank: Vec<&String> = page.iter().filter(|l| !l.is_empty()).collect();
    let n = non_blank.len();
    non_blank
        .into_iter()
        .enumerate()
        .filter(move |(i, _)| *i < 4 || *i + 4 >= n)
        .map(|(_, l)| l)
}

fn join_pages(pages: &[Vec<String>]) -> Vec<String> {
    let mut out = Vec::new();
    for page in pages {
        out.extend(page.iter().cloned());
        out.push(String::new());
    }
    out
}

/// Page-one lines up to and including the lead inspector line (or the first 40 lines).
fn header_lines(first: &[String]) -> &[String] {
    let end = first
        .iter()
        .position(|l| LEAD.is_match(l.trim()))
        .map(|i| (i + 2).min(first.len()))
        .unwrap_or(first.len().min(40));
    &first[..end]
}

fn flatten(lines: &[String]) -> String {
    let mut out = String::new();
    for l in lines {
        let l = l.trim();
        if l.is_empty() || l.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(l);
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How an item of a list starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    Bullet,
    Number,
}

fn marker(line: &str) -> Option<(Marker, &str)> {
    static NUMBER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\(?(\d{1,3})[.)]\s+(\S.*)$").expect("valid pattern"));
    let mut chars = line.chars();
    let first = chars.next()?;
    let is_bullet = matches!(
        first,
        '◼' | '■'
            | '▪'
            | '•'
            | '●'
            | '◦'
            | '▫'
            | '□'
            | '➢'
            | '►'
            | '▶'
            | '⁃'
            | '∙'
            | '·'
            | '○'
    ) || ('\u{e000}'..='\u{f8ff}').contains(&first);
    if is_bullet {
        let rest = chars
            .as_str()
            .trim_start_matches(|c: char| {
                c.is_whitespace() || ('\u{e000}'..='\u{f8ff}').contains(&c)
            })
            .trim_end();
        return (!rest.is_empty()).then_some((Marker::Bullet, rest));
    }
    NUMBER
        .captures(line)
        .and_then(|c| c.get(2))
        .map(|m| (Marker::Number, m.as_str()))
}

static LIST_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:what\s+needs\s+to\s+improve\??|recommendations|what\s+does\s+the\s+.{2,40}\s+need\s+to\s+improve\??|priority\s+and\s+immediate\s+action|areas\s+for\s+(?:priority\s+action|improvement))\s*(?:\d{1,2}|[¹²³⁴⁵⁶⁷⁸⁹*†])?\s*:?$",
    )
    .expect("valid pattern")
});

/// Headings that end a list of recommendations.
static SECTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:the\s+experiences\s+and\s+progress|the\s+impact\s+of\s+leaders|summary\s+(?:for|of)\b|information\s+about|inspection\s+(?:findings|judgements?)\b|what\s+the\s+inspection|the\s+local\s+authority.s\s+strengths|key\s+strengths|strengths\b|progress\s+since|executive\s+summary|section\s+\d|contents\b|recommendations\s*$|what\s+does\s+the|the\s+local\s+safeguarding|the\s+lscb|the\s+effectiveness\s+of|review\s+of\s+the\s+effectiveness|the\s+inspection\s+team|leadership,\s+management\s+and\s+governance\s*$)",
    )
    .expect("valid pattern")
});

/// A judged area written as a sub-heading inside a SIF list ("Leadership, Management and
/// Governance" over its areas for improvement): ends a list after an item, but starts one.
static AREA_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^leadership,?\s+management\s+and\s+governance\s*$").expect("valid pattern")
});

/// The verbs an instruction starts with ("Ensure…", "Improve…").
const VERBS: &[&str] = &[
    "ensure",
    "improve",
    "establish",
    "develop",
    "provide",
    "put",
    "monitor",
    "increase",
    "produce",
    "evaluate",
    "consolidate",
    "carry",
    "urgently",
    "review",
    "strengthen",
    "implement",
    "make",
    "take",
    "undertake",
    "continue",
    "work",
    "embed",
    "reduce",
    "secure",
    "raise",
    "promote",
    "agree",
    "clarify",
    "address",
    "extend",
    "identify",
    "prioritise",
    "use",
    "set",
    "consider",
    "complete",
    "deliver",
    "analyse",
    "assure",
    "audit",
    "build",
    "enable",
    "enhance",
    "seek",
    "tackle",
    "recruit",
    "publish",
    "record",
    "respond",
    "assess",
    "with",
    "in",
    "as",
    "at",
    "all",
    "further",
    "revise",
    "rigorously",
    "swiftly",
    "routinely",
    "maintain",
    "gather",
    "share",
    "target",
    "offer",
    "commission",
    "plan",
    "progress",
    "challenge",
    "support",
    "engage",
    "involve",
    "collate",
    "collect",
    "create",
    "introduce",
    "inform",
    "invest",
    "maximise",
    "minimise",
    "oversee",
    "prepare",
    "reinforce",
    "resolve",
    "scrutinise",
    "sharpen",
    "streamline",
    "train",
    "update",
    "refocus",
    "better",
    "report",
    "accelerate",
    "focus",
];

/// Whether an item starts with an instruction's verb.
fn starts_with_instruction(text: &str) -> bool {
    let first = text
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    VERBS.contains(&first.as_str())
}

/// Whether an item reads as a recommendation: an instruction ("Ensure…", "Improve…") or a
/// sentence saying what "should" happen. Paragraphs of findings that follow a list under a
/// sub-heading ("126. The CSCB is not effective…") do not.
fn reads_as_recommendation(text: &str) -> bool {
    let head: String = text.chars().take(240).collect::<String>().to_lowercase();
    starts_with_instruction(text)
        || [" should ", " must ", " need to ", " needs to "]
            .iter()
            .any(|p| head.contains(p))
}

fn ends_sentence(text: &str) -> bool {
    text.trim_end()
        .trim_end_matches(['’', '”', '\'', '"', ')'])
        .ends_with(['.', '?', '!'])
}

fn looks_like_heading(line: &str) -> bool {
    let starts_upper = line.chars().next().is_some_and(char::is_uppercase);
    starts_upper && line.chars().count() <= 90 && !line.ends_with(['.', ';', ',', ':'])
}

fn push_text(item: &mut String, more: &str) {
    let more = more.split_whitespace().collect::<Vec<_>>().join(" ");
    if more.is_empty() {
        return;
    }
    if item.is_empty() {
        item.push_str(&more);
        return;
    }
    let joins_hyphen = item.ends_with('-')
        && item.chars().rev().nth(1).is_some_and(char::is_alphanumeric)
        && !matches!(
            more.split_whitespace().next(),
            Some("and" | "or" | "to" | "and/or")
        );
    if !joins_hyphen {
        item.push(' ');
    }
    item.push_str(&more);
}

fn push_sub_item(item: &mut String, more: &str) {
    // "…; this to include" + "reliable data" + "clear monitoring." reads
    // "…; this to include: reliable data; clear monitoring."
    let ends_with_word = item.ends_with(|c: char| c.is_alphanumeric());
    if ends_with_word {
        item.push(if item.contains(':') { ';' } else { ':' });
    }
    push_text(item, more);
}

/// The first list of recommendations under a list heading at or after line `from`.
fn read_list_from(lines: &[String], from: usize) -> Vec<String> {
    let mut at = from;
    while at < lines.len() {
        let Some(offset) = lines[at..]
            .iter()
            .position(|l| LIST_HEADING.is_match(l.trim()))
        else {
            return Vec::new();
        };
        let start = at + offset + 1;
        // Under ILACS' "What needs to improve?" every item is a recommendation, even a
        // numbered noun phrase; elsewhere numbered paragraphs may be findings, so the first
        // must read as a recommendation.
        let heading = lines[start - 1].trim().to_lowercase();
        let numbered_must_instruct = !heading.starts_with("what needs to improve");
        let items = read_list(&lines[start..], numbered_must_instruct);
        if !items.is_empty() {
            return items;
        }
        at = start;
    }
    Vec::new()
}

/// Reads items from the lines after a list heading until the list ends.
fn read_list(lines: &[String], numbered_must_instruct: bool) -> Vec<String> {
    let mut items: Vec<String> = Vec::new();
    let mut current: Option<String> = None;
    let mut kind: Option<Marker> = None;
    let mut before_first = 0usize;
    // Lines with text, without footnote marks or page numbers on a line of their own ("1"),
    // and with an item number on a line of its own ("26.") joined to the item's first line.
    static NUMBER_ALONE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\(?\d{1,3}[.)]$").expect("valid pattern"));
    let mut non_blank: Vec<std::borrow::Cow<'_, str>> = Vec::new();
    let mut pending: Option<&str> = None;
    for l in lines.iter().map(|l| l.trim()) {
        if l.is_empty() || l.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        if NUMBER_ALONE.is_match(l) {
            if let Some(p) = pending.replace(l) {
                non_blank.push(p.into());
            }
            continue;
        }
        match pending.take() {
            Some(n) => non_blank.push(format!("{n} {l}").into()),
            None => non_blank.push(l.into()),
        }
    }
    if let Some(p) = pending {
        non_blank.push(p.into());
    }
    let non_blank: Vec<&str> = non_blank.iter().map(AsRef::as_ref).collect();
    let mut i = 0;
    while i < non_blank.len() {
        let line = non_blank[i];
        i += 1;
        let marked = marker(line);
        let Some(text) = current.as_mut() else {
            // Before the first item: sub-headings ("Priority and immediate action", "Quality
            // of practice") are passed over, a section heading or prose means no list here.
            match marked {
                Some((Marker::Number, rest))
                    if numbered_must_instruct && !reads_as_recommendation(rest) =>
                {
                    return items;
                }
                Some((m, rest)) => {
                    kind = Some(m);
                    current = Some(String::new());
                    if let Some(t) = current.as_mut() {
                        push_text(t, rest);
                    }
                }
                None => {
                    before_first += 1;
                    let sub_heading = LIST_HEADING.is_match(line)
                        || (looks_like_heading(line)
                            && (!SECTION.is_match(line) || AREA_HEADING.is_match(line)));
                    if !sub_heading || before_first > 4 {
                        return items;
                    }
                }
            }
            continue;
        };
        match marked {
            Some((m, rest)) if Some(m) == kind => {
                items.push(std::mem::take(text));
                push_text(text, rest);
            }
            Some((Marker::Bullet, rest)) => push_sub_item(text, rest),
            Some((Marker::Number, _)) => break,
            None => {
                // An area's name over its own items ("Leadership, Management and Governance")
                // is a sub-heading only when an instruction follows it; otherwise it is the
                // judgement section that ends the list.
                let area = AREA_HEADING.is_match(line);
                if SECTION.is_match(line) && !area {
                    break;
                }
                let continues =
                    !ends_sentence(text) || line.chars().next().is_some_and(|c| !c.is_uppercase());
                if continues || !looks_like_heading(line) {
                    push_text(text, line);
                    continue;
                }
                // A heading after a finished item: a sub-heading inside the list when, past
                // any further sub-headings, the next line starts another recommendation;
                // otherwise the end of the list.
                let next = non_blank[i..]
                    .iter()
                    .take(3)
                    .find(|l| {
                        marker(l).is_some()
                            || !looks_like_heading(l)
                            || (SECTION.is_match(l) && !AREA_HEADING.is_match(l))
                    })
                    .and_then(|l| marker(l));
                match next {
                    Some((m, rest))
                        if Some(m) == kind
                            && reads_as_recommendation(rest)
                            && (!area || starts_with_instruction(rest)) => {}
                    _ => break,
                }
            }
        }
    }
    if let Some(last) = current {
        items.push(last);
    }
    items
        .into_iter()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn lines(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn date_ranges_in_every_form_reports_use() {
        let cases = [
            ("23 to 27 September 2024", (2024, 9, 23), (2024, 9, 27)),
            ("10 June 2019 to 21 June 2019", (2019, 6, 10), (2019, 6, 21)),
            (
                "31 October to 11 November 2022",
                (2022, 10, 31),
                (2022, 11, 11),
            ),
            ("28 January–5 February 2014", (2014, 1, 28), (2014, 2, 5)),
            ("8 July 2014 - 30 July 2014", (2014, 7, 8), (2014, 7, 30)),
            ("14 January – 4 February 2015", (2015, 1, 14), (2015, 2, 4)),
            ("12/09/2016 to 06/10/2016", (2016, 9, 12), (2016, 10, 6)),
            // Other dashes: box drawing, figure dash, minus, horizontal bar.
            ("20 June 2017 ─ 13 July 2017", (2017, 6, 20), (2017, 7, 13)),
            ("20 June 2017 ‒ 13 July 2017", (2017, 6, 20), (2017, 7, 13)),
            ("20 June 2017 − 13 July 2017", (2017, 6, 20), (2017, 7, 13)),
            ("20―24 June 2017", (2017, 6, 20), (2017, 6, 24)),
            // Two periods on site, across a new year.
            (
                "5 to 9 December 2022 and 14 to 15 February 2023",
                (2022, 12, 5),
                (2023, 2, 15),
            ),
            (
                "5 to 9 December 2022, 14 to 15 February 2023",
                (2022, 12, 5),
                (2023, 2, 15),
            ),
            (
                "14 November 2016 to 8 December 2016",
                (2016, 11, 14),
                (2016, 12, 8),
            ),
            (
                "30 November to 11 December 2026",
                (2026, 11, 30),
                (2026, 12, 11),
            ),
        ];
        for (text, s, e) in cases {
            assert_eq!(
                parse_date_range(text),
                (Some(date(s.0, s.1, s.2)), Some(date(e.0, e.1, e.2))),
                "{text}"
            );
        }
    }

    #[test]
    fn a_range_across_new_year_takes_the_year_before() {
        assert_eq!(
            parse_date_range("29 December to 9 January 2026"),
            (Some(date(2025, 12, 29)), Some(date(2026, 1, 9)))
        );
    }

    #[test]
    fn impossible_dates_are_unknown_not_guessed() {
        assert_eq!(parse_date_range("30 February to 4 March 2023").0, None);
        assert_eq!(parse_date("31/02/2024"), None);
        assert_eq!(parse_date("soon"), None);
        assert_eq!(parse_date_range("27 to 23 September 2024"), (None, None));
        assert_eq!(parse_date("29 February 2024"), Some(date(2024, 2, 29)));
        assert_eq!(parse_date("29 February 2023"), None);
    }

    #[test]
    fn sub_bullets_join_their_item() {
        let lines = lines(&[
            "Leadership and management",
            "1.  Put into place an effective framework; this to include",
            "\u{f02d}  reliable data",
            "\u{f02d}  clear monitoring.",
            "2.  Ensure that all staff receive",
            "regular supervision.",
            "Quality of practice",
            "3.  Improve assessments.",
            "The Local Authority’s strengths",
            "4.  The local authority has a good duty service.",
        ]);
        assert_eq!(
            read_list(&lines, true),
            vec![
                "Put into place an effective framework; this to include: reliable data; clear monitoring.",
                "Ensure that all staff receive regular supervision.",
                "Improve assessments.",
            ]
        );
    }

    #[test]
    fn bullet_list_ends_at_the_next_judgement_heading() {
        let lines = lines(&[
            "◼  The quality of decision-",
            "making in strategy meetings.",
            "◼  Frontline workforce sufficiency.",
            "The experiences and progress of children who need help and",
            "protection: good",
            "1.  Children are well protected.",
        ]);
        assert_eq!(
            read_list(&lines, true),
            vec![
                "The quality of decision-making in strategy meetings.",
                "Frontline workforce sufficiency."
            ]
        );
    }

    #[test]
    fn a_numbered_what_needs_to_improve_list_is_read() {
        let list = lines(&[
            "What needs to improve?",
            "1.  The quality of plans.",
            "2.  Management oversight.",
            "The experiences and progress of children who need help and",
        ]);
        assert_eq!(
            read_list_from(&list, 0),
            vec!["The quality of plans.", "Management oversight."]
        );
        let findings = lines(&["Recommendations", "130.  The board is strong."]);
        assert!(read_list_from(&findings, 0).is_empty());
    }

    #[test]
    fn text_without_judgements_is_not_a_report() {
        let err = parse_pages(&["Dear Ms Smith\nFocused visit to Anytown\n".to_string()]);
        assert!(err.is_err_and(|e| e.contains("inspection letter")));
        let err = parse_pages(&["Minutes of the scrutiny committee".to_string()]);
        assert!(err.is_err_and(|e| e.contains("no graded judgements")));
        assert!(parse_pages(&[]).is_err());
    }

    /// A first page in the ILACS layout, with `recommend` where the list goes.
    fn ilacs(title: &str, recommend: &str) -> Vec<String> {
        vec![format!(
            "{title}\nInspection dates: 27 to 31 January 2025\nLead inspector: Ann Example, His \
             Majesty’s Inspector\nJudgement Grade\nThe impact of leaders on social work \
             practice with children and families Good\nThe experiences and progress of \
             children who need help and protection Good\nThe experiences and progress of \
             children in care Good\nThe experiences and progress of care leavers Good\n\
             Overall effectiveness Good\nLeaders know their services well.\n{recommend}\n\
             The experiences and progress of children who need help and protection: good\n\
             1. Children are helped.\n"
        )]
    }

    #[test]
    fn a_footnoted_heading_square_bullets_and_framework_references() {
        let r = parse_pages(&ilacs(
            "Inspection of Anytown local authority children’s services",
            "What needs to improve?1\n\n◼ The uptake of return home interviews. (Outcome\n  three)\n\
             ■ Risk assessments for children. (Enabler 1)\n◼ The workloads of PAs. (Outcome 3)",
        ))
        .expect("reads");
        assert_eq!(r.authority, "Anytown");
        assert_eq!(
            r.recommendations,
            vec![
                "The uptake of return home interviews. (Outcome three)",
                "Risk assessments for children. (Enabler 1)",
                "The workloads of PAs. (Outcome 3)",
            ]
        );
        assert_eq!(r.recommendations_note, None);
    }

    #[test]
    fn a_report_without_recommendations_says_why() {
        let r = parse_pages(&ilacs(
            "Inspection of Anytown local authority children’s services",
            "There are no recommendations.",
        ))
        .expect("reads");
        assert!(r.recommendations.is_empty());
        assert!(
            r.recommendations_note
                .as_deref()
                .is_some_and(|n| n.starts_with("the report states there are none")),
            "{:?}",
            r.recommendations_note
        );
        let r = parse_pages(&ilacs(
            "Inspection of Anytown local authority children’s services",
            "Children are safe.",
        ))
        .expect("reads");
        assert!(r.recommendations.is_empty());
        assert!(
            r.recommendations_note
                .as_deref()
                .is_some_and(|n| n.starts_with("warning: no list of recommendations")),
            "{:?}",
            r.recommendations_note
        );
    }

    #[test]
    fn the_name_on_a_title_line_repeated_as_the_running_header() {
        let title = "Inspection of Anytown Forest local authority children’s services";
        let mut pages = ilacs(title, "What needs to improve?\n◼ The quality of plans.");
        for _ in 0..4 {
            pages.push(format!("{title}\nMore findings.\n"));
        }
        let r = parse_pages(&pages).expect("reads");
        assert_eq!(r.authority, "Anytown Forest");
    }

    #[test]
    fn sif_priority_actions_and_areas_for_improvement_numbered_on() {
        let list = lines(&[
            "What does the local authority need to improve?",
            "Priority and immediate action",
            "26. Ensure that all children at risk are seen promptly.",
            "27.",
            "Improve the quality of assessments so that risk is understood.",
            "Areas for improvement",
            "Leadership, Management and Governance",
            "28.",
            "Strengthen management oversight of",
            "14",
            "casework.",
            "29. Report on the effectiveness of partner agencies.",
            "The local authority’s strengths",
            "30. Children are at the heart of the city.",
        ]);
        assert_eq!(
            read_list_from(&list, 0),
            vec![
                "Ensure that all children at risk are seen promptly.",
                "Improve the quality of assessments so that risk is understood.",
                "Strengthen management oversight of casework.",
                "Report on the effectiveness of partner agencies.",
            ]
        );
    }

    #[test]
    fn other_kinds_of_document_are_refused_naming_the_kind() {
        let lscb = parse_pages(&["Anytown Safeguarding Children Board\nReview of the \
             effectiveness of the Local Safeguarding Children\nBoard\nInspection date: 15 \
             June 2015 – 17 June 2015\nThe Local Safeguarding Children Board requires \
             improvement\n"
            .to_string()]);
        assert!(
            lscb.as_ref()
                .is_err_and(|e| e.contains("standalone review of the Local Safeguarding")),
            "{lscb:?}"
        );
        for title in [
            "Inspection of looked after children\nservices",
            "Inspection of safeguarding and looked\nafter children services",
        ] {
            let old = parse_pages(&[format!(
                "{title}\nAnytown County Council\nInspection dates: 8 – 12 July 2013\n\
                 Overall effectiveness Good\n"
            )]);
            assert!(
                old.as_ref()
                    .is_err_and(|e| e.contains("2012–13 frameworks")),
                "{old:?}"
            );
        }
    }

    #[test]
    fn lead_inspector_titles_are_removed() {
        let l = |s: &str| read_lead_inspector(&[s.to_string(), "Her Majesty’s Inspector".into()]);
        assert_eq!(
            l("Lead inspector: Tom Anthony, His Majesty’s Inspector"),
            Some("Tom Anthony".into())
        );
        assert_eq!(
            l("Lead inspector: Shirley Bailey HMI"),
            Some("Shirley Bailey".into())
        );
        assert_eq!(
            l("Lead inspector:   Lisa Summers"),
            Some("Lisa Summers".into())
        );
        assert_eq!(l("Deputy lead inspector: Jansy Kelly"), None);
    }

    mod props {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn parsing_any_text_never_panics(pages in proptest::collection::vec(".{0,400}", 0..4)) {
                let _ = parse_pages(&pages);
            }

            #[test]
            fn report_like_text_never_panics(
                lines in proptest::collection::vec(
                    prop_oneof![
                        Just("What needs to improve?".to_string()),
                        Just("Recommendations".to_string()),
                        Just("◼  The quality of plans.".to_string()),
                        Just("1.  Ensure that".to_string()),
                        Just("Overall effectiveness  Good".to_string()),
                        Just("Inspection dates: 31 February to 2 March 2099".to_string()),
                        Just("Lead inspector:".to_string()),
                        Just("The Local Safeguarding Children Board is good".to_string()),
                        Just("2.1 Adoption performance  Good".to_string()),
                        "[A-Za-z0-9 .:–-]{0,60}",
                    ],
                    0..60,
                )
            ) {
                let _ = parse_pages(&[lines.join("\n")]);
            }

            #[test]
            fn date_ranges_never_panic(s in "[0-9A-Za-z /–-]{0,40}") {
                let (a, b) = parse_date_range(&s);
                if let (Some(a), Some(b)) = (a, b) {
                    prop_assert!(a <= b);
                }
            }

            #[test]
            fn extract_never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
                let mut pdf = b"%PDF-1.4\n".to_vec();
                pdf.extend(bytes);
                let _ = extract_pages(Path::new("x.pdf"), &pdf);
            }
        }
    }
}
