//! A pack as a tagged (accessible) PDF on A4, built in-process with krilla: the body portrait,
//! the appendices landscape, the marking and the running head at the top of every page and
//! page X of Y at the foot, tables whose header row repeats on each page they run onto (the
//! repeat marked as an artifact, so a screen reader reads it once), RAG cells shaded and
//! carrying their word, and charts drawn as vector graphics with their text alternative.
//!
//! Layout is done first, into pages of drawing operations with the tag tree beside them; then
//! the pages are drawn. Doing it in that order is what lets every page say "of Y".

use std::num::NonZeroU16;

use jiff::civil::Date;
use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Size as KSize};
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, ListNumbering, SpanTag, TableHeaderScope, Tag,
    TagGroup, TagKind, TagTree,
};
use krilla::text::{Font, TextDirection};
use krilla_svg::{SurfaceExt, SvgSettings};
use sightline_report::chart::Size;
use sightline_report::pack::{Block, Cell, Pack, Table, rag_fill};

use crate::{Error, Result, chart_fonts, chart_tree};

const A4_SHORT: f32 = 595.28;
const A4_LONG: f32 = 841.89;
const MARGIN_X: f32 = 50.0;
const MARGIN_TOP: f32 = 62.0;
const MARGIN_BOTTOM: f32 = 56.0;
const INK: (u8, u8, u8) = (0x0b, 0x0c, 0x0c);
const GREY: (u8, u8, u8) = (0x50, 0x5a, 0x5f);

/// The two faces the PDF is set in, with their metrics for line breaking.
struct Faces {
    regular: Font,
    bold: Font,
    regular_metrics: ttf_parser::Face<'static>,
    bold_metrics: ttf_parser::Face<'static>,
}

impl Faces {
    fn load() -> Result<Faces> {
        let font = |bytes: &'static [u8]| {
            Font::new(bytes.to_vec().into(), 0)
                .ok_or_else(|| Error::Pdf("the embedded font cannot be read".into()))
        };
        let metrics = |bytes: &'static [u8]| {
            ttf_parser::Face::parse(bytes, 0)
                .map_err(|e| Error::Pdf(format!("the embedded font's metrics: {e}")))
        };
        Ok(Faces {
            regular: font(notosans::REGULAR_TTF)?,
            bold: font(notosans::BOLD_TTF)?,
            regular_metrics: metrics(notosans::REGULAR_TTF)?,
            bold_metrics: metrics(notosans::BOLD_TTF)?,
        })
    }

    fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        let face = if bold {
            &self.bold_metrics
        } else {
            &self.regular_metrics
        };
        let units = f32::from(face.units_per_em());
        let advance: f32 = text
            .chars()
            .map(|c| {
                face.glyph_index(c)
                    .or_else(|| face.glyph_index('?'))
                    .and_then(|g| face.glyph_hor_advance(g))
                    .map_or(0.0, f32::from)
            })
            .sum();
        advance * size / units
    }

    /// `text` broken into lines no wider than `width`: at spaces, and inside a word only when
    /// the word alone is wider than the line. Line breaks in the text are kept.
    fn wrap(&self, text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            for word in paragraph.split_whitespace() {
                let candidate = if line.is_empty() {
                    word.to_string()
                } else {
                    format!("{line} {word}")
                };
                if self.width(&candidate, size, bold) <= width {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                if self.width(word, size, bold) <= width {
                    line = word.to_string();
                } else {
                    for c in word.chars() {
                        let mut next = line.clone();
                        next.push(c);
                        if !line.is_empty() && self.width(&next, size, bold) > width {
                            lines.push(std::mem::take(&mut line));
                            line.push(c);
                        } else {
                            line = next;
                        }
                    }
                }
            }
            lines.push(line);
        }
        lines
    }
}

/// One drawing operation on a page.
enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        colour: (u8, u8, u8),
        text: String,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<(u8, u8, u8)>,
        stroke: Option<f32>,
    },
    Svg {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        index: usize,
    },
}

/// What a run of operations is: part of the content (a leaf of the tag tree) or an artifact.
#[derive(Clone, Copy)]
enum Mark {
    Leaf(usize),
    Artifact,
}

struct LaidPage {
    landscape: bool,
    runs: Vec<(Mark, Vec<Op>)>,
}

/// The tag tree as laid out, with leaves numbered; they become krilla's identifiers when the
/// pages are drawn.
enum Node {
    Group(TagKind, Vec<Node>),
    Leaf(usize),
}

struct Layout<'a> {
    faces: &'a Faces,
    pages: Vec<LaidPage>,
    y: f32,
    landscape: bool,
    leaves: usize,
    svgs: Vec<(String, String)>,
    /// The left chart of a pair: its top, and (page count, bottom) when it was placed.
    beside: Option<(f32, (usize, f32))>,
    beside_bottom: Option<f32>,
}

impl Layout<'_> {
    fn width(&self) -> f32 {
        if self.landscape { A4_LONG } else { A4_SHORT }
    }

    fn height(&self) -> f32 {
        if self.landscape { A4_SHORT } else { A4_LONG }
    }

    fn content_width(&self) -> f32 {
        self.width() - 2.0 * MARGIN_X
    }

    fn bottom(&self) -> f32 {
        self.height() - MARGIN_BOTTOM
    }

    /// Ends a pair of charts: what follows starts below both.
    fn settle(&mut self) {
        self.beside = None;
        if let Some(b) = self.beside_bottom.take() {
            self.y = self.y.max(b);
        }
    }

    fn new_page(&mut self) {
        self.beside = None;
        self.beside_bottom = None;
        self.pages.push(LaidPage {
            landscape: self.landscape,
            runs: Vec::new(),
        });
        self.y = MARGIN_TOP;
    }

    fn room(&self) -> f32 {
        self.bottom() - self.y
    }

    /// Makes room for `h` points, starting a page when there is not.
    fn need(&mut self, h: f32) {
        if self.pages.is_empty() || (self.room() < h && self.y > MARGIN_TOP + 0.5) {
            self.new_page();
        }
    }

    fn leaf(&mut self) -> usize {
        self.leaves += 1;
        self.leaves - 1
    }

    fn push(&mut self, mark: Mark, ops: Vec<Op>) {
        if let Some(page) = self.pages.last_mut() {
            page.runs.push((mark, ops));
        }
    }

    /// Wrapped text, across pages if need be: one leaf per page it lands on.
    fn text(&mut self, text: &str, size: f32, bold: bool, indent: f32, after: f32) -> Vec<Node> {
        let line_h = size * 1.35;
        let lines = self
            .faces
            .wrap(text, size, bold, self.content_width() - indent);
        let mut nodes = Vec::new();
        let mut ops = Vec::new();
        self.need(line_h);
        let mut leaf = self.leaf();
        for line in lines {
            if self.room() < line_h {
                self.push(Mark::Leaf(leaf), std::mem::take(&mut ops));
                nodes.push(Node::Leaf(leaf));
                self.new_page();
                leaf = self.leaf();
            }
            ops.push(Op::Text {
                x: MARGIN_X + indent,
                y: self.y + size,
                size,
                bold,
                colour: INK,
                text: line,
            });
            self.y += line_h;
        }
        self.push(Mark::Leaf(leaf), ops);
        nodes.push(Node::Leaf(leaf));
        self.y += after;
        nodes
    }

    fn heading(&mut self, text: &str, level: u16, size: f32) -> Node {
        // Keep a heading with at least three lines of what follows.
        self.need(size * 1.4 + 40.0);
        self.y += if level == 1 { 8.0 } else { 4.0 };
        let leaves = self.text(text, size, true, 0.0, 4.0);
        Node::Group(
            Tag::Hn(
                NonZeroU16::new(level).unwrap_or(NonZeroU16::MIN),
                Some(text.to_string()),
            )
            .into(),
            leaves,
        )
    }

    fn paragraph(&mut self, text: &str) -> Node {
        Node::Group(Tag::P.into(), self.text(text, 10.0, false, 0.0, 6.0))
    }

    fn list(&mut self, items: &[String], labels: impl Fn(usize) -> String, numbered: bool) -> Node {
        let mut children = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let label = labels(i);
            self.need(14.0);
            let label_leaf = self.leaf();
            self.push(
                Mark::Leaf(label_leaf),
                vec![Op::Text {
                    x: MARGIN_X,
                    y: self.y + 10.0,
                    size: 10.0,
                    bold: numbered,
                    colour: INK,
                    text: label,
                }],
            );
            let body = self.text(item, 10.0, false, 28.0, 4.0);
            children.push(Node::Group(
                Tag::LI.into(),
                vec![
                    Node::Group(Tag::Lbl.into(), vec![Node::Leaf(label_leaf)]),
                    Node::Group(Tag::LBody.into(), body),
                ],
            ));
        }
        self.y += 4.0;
        Node::Group(
            Tag::L(if numbered {
                ListNumbering::Decimal
            } else {
                ListNumbering::Disc
            })
            .into(),
            children,
        )
    }

    /// One row's cells, drawn from line `from` of each cell for as many lines as fit in `h`.
    #[allow(clippy::too_many_arguments)]
    fn row_ops(
        &self,
        cells: &[Cell],
        lines: &[Vec<String>],
        from: &[usize],
        count: &[usize],
        widths: &[f32],
        h: f32,
        header: bool,
        size: f32,
    ) -> (Vec<Op>, Vec<Vec<Op>>) {
        let mut layout = Vec::new();
        let mut texts = Vec::new();
        let mut x = MARGIN_X;
        for (i, w) in widths.iter().enumerate() {
            let fill = match cells.get(i).and_then(|c| c.rag) {
                Some(r) => Some(hex(rag_fill(r).0)),
                None if header => Some((0xde, 0xe0, 0xe2)),
                None => None,
            };
            layout.push(Op::Rect {
                x,
                y: self.y,
                w: *w,
                h,
                fill,
                stroke: Some(0.5),
            });
            let colour = match cells.get(i).and_then(|c| c.rag) {
                Some(r) if rag_fill(r).1 => (0xff, 0xff, 0xff),
                _ => INK,
            };
            let bold = header || cells.get(i).is_some_and(|c| c.rag.is_some());
            let mut ops = Vec::new();
            let cell_lines = lines.get(i).map_or(&[][..], |l| l.as_slice());
            let start = from.get(i).copied().unwrap_or(0);
            let n = count.get(i).copied().unwrap_or(0);
            for (k, line) in cell_lines.iter().skip(start).take(n).enumerate() {
                ops.push(Op::Text {
                    x: x + 3.0,
                    y: self.y + 3.0 + size + k as f32 * size * 1.25,
                    size,
                    bold,
                    colour,
                    text: line.clone(),
                });
            }
            texts.push(ops);
            x += w;
        }
        (layout, texts)
    }

    fn table(&mut self, t: &Table) -> Vec<Node> {
        let size = if t.header.len() > 8 { 6.5 } else { 7.5 };
        let line_h = size * 1.25;
        let faces = self.faces;
        let widths: Vec<f32> = t
            .column_widths(f64::from(self.content_width()), |w, bold| {
                f64::from(faces.width(w, size, bold) + 6.5)
            })
            .into_iter()
            .map(|w| w as f32)
            .collect();
        let wrap = |cells: &[Cell], bold_all: bool| -> Vec<Vec<String>> {
            widths
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    let c = cells.get(i);
                    let bold = bold_all || c.is_some_and(|c| c.rag.is_some());
                    self.faces.wrap(
                        c.map_or("", |c| c.text.as_str()),
                        size,
                        bold,
                        (w - 6.0).max(4.0),
                    )
                })
                .collect()
        };
        let header_cells: Vec<Cell> = t.header.iter().map(|h| Cell::text(h.clone())).collect();
        let header_lines = wrap(&header_cells, true);
        let header_n: Vec<usize> = header_lines.iter().map(Vec::len).collect();
        let header_h = header_n.iter().copied().max().unwrap_or(1) as f32 * line_h + 6.0;
        let caption = self.text(&t.caption, 9.0, true, 0.0, 2.0);
        // The header and at least one line of the first row together.
        self.need(header_h + line_h + 8.0);
        let mut head_rows = Vec::new();
        let mut body_rows = Vec::new();
        // The header row: content the first time, an artifact when repeated.
        let draw_header = |layout: &mut Layout<'_>, first: bool| -> Option<Node> {
            let zero = vec![0; header_cells.len()];
            let (frame, texts) = layout.row_ops(
                &header_cells,
                &header_lines,
                &zero,
                &header_n,
                &widths,
                header_h,
                true,
                size,
            );
            layout.push(Mark::Artifact, frame);
            let node = if first {
                let mut cells = Vec::new();
                for ops in texts {
                    let leaf = layout.leaf();
                    layout.push(Mark::Leaf(leaf), ops);
                    cells.push(Node::Group(
                        Tag::TH(TableHeaderScope::Column).into(),
                        vec![Node::Leaf(leaf)],
                    ));
                }
                Some(Node::Group(Tag::TR.into(), cells))
            } else {
                layout.push(Mark::Artifact, texts.into_iter().flatten().collect());
                None
            };
            layout.y += header_h;
            node
        };
        if let Some(n) = draw_header(self, true) {
            head_rows.push(n);
        }
        for row in &t.rows {
            let lines = wrap(row, false);
            let mut from = vec![0usize; lines.len()];
            let mut cells_nodes: Vec<Vec<Node>> = (0..lines.len()).map(|_| Vec::new()).collect();
            loop {
                let left: Vec<usize> = lines
                    .iter()
                    .zip(&from)
                    .map(|(l, f)| l.len().saturating_sub(*f))
                    .collect();
                let want = left.iter().copied().max().unwrap_or(0).max(1) as f32 * line_h + 6.0;
                let fits = ((self.room() - 6.0) / line_h).floor().max(0.0) as usize;
                if want > self.room() && fits < 2 {
                    self.new_page();
                    draw_header(self, false);
                    continue;
                }
                let count: Vec<usize> = left.iter().map(|l| (*l).min(fits.max(1))).collect();
                let h = count.iter().copied().max().unwrap_or(1).max(1) as f32 * line_h + 6.0;
                let h = h.min(want);
                let (frame, texts) =
                    self.row_ops(row, &lines, &from, &count, &widths, h, false, size);
                self.push(Mark::Artifact, frame);
                for (i, ops) in texts.into_iter().enumerate() {
                    let leaf = self.leaf();
                    self.push(Mark::Leaf(leaf), ops);
                    if let Some(c) = cells_nodes.get_mut(i) {
                        c.push(Node::Leaf(leaf));
                    }
                }
                self.y += h;
                for (f, c) in from.iter_mut().zip(&count) {
                    *f += c;
                }
                if lines.iter().zip(&from).all(|(l, f)| *f >= l.len()) {
                    break;
                }
                self.new_page();
                draw_header(self, false);
            }
            body_rows.push(Node::Group(
                Tag::TR.into(),
                cells_nodes
                    .into_iter()
                    .map(|c| Node::Group(Tag::TD.into(), c))
                    .collect(),
            ));
        }
        self.y += 10.0;
        vec![Node::Group(
            Tag::Table.into(),
            vec![
                Node::Group(Tag::Caption.into(), caption),
                Node::Group(Tag::THead.into(), head_rows),
                Node::Group(Tag::TBody.into(), body_rows),
            ],
        )]
    }

    /// A chart and its caption. Charts sit two abreast: the first of a pair keeps the line
    /// and the second goes beside it; anything else that follows starts below both.
    fn chart(&mut self, id: &str, svg: String, alt: String, caption: &str) -> Vec<Node> {
        let gap = 18.0;
        let w = (self.content_width() - gap) / 2.0;
        let h = w * 300.0 / 640.0;
        let caption_lines = self.faces.wrap(caption, 8.0, false, w);
        let block = h + 6.0 + caption_lines.len() as f32 * 10.0 + 12.0;
        let (x, top) = match self.beside.take() {
            Some((top, below)) if self.pages.len() == below.0 && top + block <= self.bottom() => {
                self.y = top;
                self.beside_bottom = Some(below.1);
                (MARGIN_X + w + gap, top)
            }
            _ => {
                self.settle();
                self.need(block);
                (MARGIN_X, self.y)
            }
        };
        let index = self.svgs.len();
        self.svgs.push((id.to_string(), svg));
        let leaf = self.leaf();
        self.push(
            Mark::Leaf(leaf),
            vec![Op::Svg {
                x,
                y: top,
                w,
                h,
                index,
            }],
        );
        let caption_leaf = self.leaf();
        let ops = caption_lines
            .into_iter()
            .enumerate()
            .map(|(k, line)| Op::Text {
                x,
                y: top + h + 6.0 + 8.0 + k as f32 * 10.0,
                size: 8.0,
                bold: false,
                colour: INK,
                text: line,
            })
            .collect();
        self.push(Mark::Leaf(caption_leaf), ops);
        let bottom = top + block;
        if x == MARGIN_X {
            // The left of a pair: the next chart may go beside it.
            self.beside = Some((top, (self.pages.len(), bottom)));
            self.y = bottom;
        } else {
            self.y = bottom.max(self.beside_bottom.take().unwrap_or(bottom));
        }
        let caption = vec![Node::Leaf(caption_leaf)];
        vec![
            Node::Group(Tag::Figure(Some(alt)).into(), vec![Node::Leaf(leaf)]),
            Node::Group(Tag::Caption.into(), caption),
        ]
    }
}

fn hex(s: &str) -> (u8, u8, u8) {
    let v = u32::from_str_radix(s, 16).unwrap_or(0xb1b4b6);
    ((v >> 16) as u8, (v >> 8) as u8, v as u8)
}

fn lay_out(pack: &Pack, faces: &Faces) -> (Vec<LaidPage>, Vec<Node>, Vec<(String, String)>) {
    let mut l = Layout {
        faces,
        pages: Vec::new(),
        y: MARGIN_TOP,
        landscape: false,
        leaves: 0,
        svgs: Vec::new(),
        beside: None,
        beside_bottom: None,
    };
    let mut root = Vec::new();
    l.new_page();
    // The cover.
    let marking_leaf = l.leaf();
    let marking = pack.marking.words().to_uppercase();
    let mw = faces.width(&marking, 9.0, true) + 10.0;
    l.push(
        Mark::Leaf(marking_leaf),
        vec![
            Op::Rect {
                x: MARGIN_X,
                y: l.y,
                w: mw,
                h: 16.0,
                fill: None,
                stroke: Some(1.5),
            },
            Op::Text {
                x: MARGIN_X + 5.0,
                y: l.y + 11.5,
                size: 9.0,
                bold: true,
                colour: INK,
                text: marking,
            },
        ],
    );
    root.push(Node::Group(Tag::P.into(), vec![Node::Leaf(marking_leaf)]));
    l.y += 30.0;
    root.push(Node::Group(
        Tag::P.into(),
        l.text(
            &format!("{} · {}", pack.authority, pack.meeting),
            13.0,
            false,
            0.0,
            4.0,
        ),
    ));
    root.push(Node::Group(
        Tag::Title.into(),
        l.text(&pack.title, 22.0, true, 0.0, 10.0),
    ));
    for (k, v) in &pack.facts {
        root.push(l.paragraph(&format!("{k}: {v}")));
    }
    let rule = vec![Op::Rect {
        x: MARGIN_X,
        y: l.y,
        w: l.content_width(),
        h: 3.0,
        fill: Some((0x1d, 0x70, 0xb8)),
        stroke: None,
    }];
    l.push(Mark::Artifact, rule);
    l.y += 12.0;
    for (number, s) in pack.numbered() {
        if s.appendix {
            l.landscape = true;
            l.new_page();
        }
        let mut section = vec![l.heading(&format!("{number} {}", s.heading), 1, 15.0)];
        for b in &s.blocks {
            if !matches!(b, Block::Chart(_)) {
                l.settle();
            }
            match b {
                Block::Subheading(t) => section.push(l.heading(t, 2, 12.0)),
                Block::Paragraph(t) => section.push(l.paragraph(t)),
                Block::Numbered(items) => {
                    let n = number.clone();
                    section.push(l.list(items, |i| format!("{n}.{}", i + 1), true));
                }
                Block::Bullets(items) => section.push(l.list(items, |_| "•".into(), false)),
                Block::Table(t) => section.extend(l.table(t)),
                Block::Chart(c) => {
                    let alt = format!("{}. {}", c.chart.title, c.chart.description());
                    section.extend(l.chart(&c.id, c.chart.svg(Size::Full), alt, &c.caption));
                }
            }
        }
        l.settle();
        root.push(Node::Group(Tag::Section.into(), section));
    }
    (l.pages, root, l.svgs)
}

fn fill(colour: (u8, u8, u8)) -> Fill {
    Fill {
        paint: rgb::Color::new(colour.0, colour.1, colour.2).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

fn draw(surface: &mut Surface<'_>, op: &Op, faces: &Faces, trees: &[resvg::usvg::Tree]) {
    match op {
        Op::Text {
            x,
            y,
            size,
            bold,
            colour,
            text,
        } => {
            surface.set_fill(Some(fill(*colour)));
            surface.set_stroke(None);
            let font = if *bold { &faces.bold } else { &faces.regular };
            surface.draw_text(
                Point::from_xy(*x, *y),
                font.clone(),
                *size,
                text,
                false,
                TextDirection::Auto,
            );
        }
        Op::Rect {
            x,
            y,
            w,
            h,
            fill: f,
            stroke,
        } => {
            let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) else {
                return;
            };
            let mut pb = PathBuilder::new();
            pb.push_rect(rect);
            let Some(path) = pb.finish() else { return };
            surface.set_fill(f.map(fill));
            surface.set_stroke(stroke.map(|width| Stroke {
                paint: rgb::Color::new(GREY.0, GREY.1, GREY.2).into(),
                width,
                ..Stroke::default()
            }));
            surface.draw_path(&path);
            surface.set_stroke(None);
        }
        Op::Svg { x, y, w, h, index } => {
            let Some(tree) = trees.get(*index) else {
                return;
            };
            let Some(size) = KSize::from_wh(*w, *h) else {
                return;
            };
            surface.push_transform(&krilla::geom::Transform::from_translate(*x, *y));
            surface.draw_svg(tree, size, SvgSettings::default());
            surface.pop();
        }
    }
}

fn to_tag(node: Node, ids: &mut [Option<Identifier>]) -> Option<krilla::tagging::Node> {
    match node {
        Node::Leaf(i) => ids.get_mut(i)?.take().map(krilla::tagging::Node::Leaf),
        Node::Group(kind, children) => {
            let children: Vec<krilla::tagging::Node> = children
                .into_iter()
                .filter_map(|c| to_tag(c, ids))
                .collect();
            if children.is_empty() {
                None
            } else {
                Some(TagGroup::with_children(kind, children).into())
            }
        }
    }
}

/// Renders the pack as a tagged PDF.
///
/// # Errors
/// [`Error::Chart`] when a chart cannot be read; [`Error::Pdf`] when the PDF cannot be
/// assembled.
pub fn render(pack: &Pack, dated: Date) -> Result<Vec<u8>> {
    let faces = Faces::load()?;
    let (pages, root, svgs) = lay_out(pack, &faces);
    let fonts = chart_fonts();
    let trees: Vec<resvg::usvg::Tree> = svgs
        .iter()
        .map(|(id, svg)| chart_tree(id, svg, &fonts))
        .collect::<Result<_>>()?;
    let settings = krilla::SerializeSettings {
        enable_tagging: true,
        ..krilla::SerializeSettings::default()
    };
    let mut document = Document::new_with(settings);
    let total = pages.len();
    let mut ids: Vec<Option<Identifier>> = Vec::new();
    let head = pack.running_head();
    let marking = pack.marking.words();
    for (n, laid) in pages.into_iter().enumerate() {
        let (w, h) = if laid.landscape {
            (A4_LONG, A4_SHORT)
        } else {
            (A4_SHORT, A4_LONG)
        };
        let Some(settings) = PageSettings::from_wh(w, h) else {
            return Err(Error::Pdf("a page has no size".into()));
        };
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        // The running head, marking and page number: pagination artifacts.
        surface.start_tagged(ContentTag::Artifact(Artifact::new(
            ArtifactType::Page,
            None,
        )));
        let foot = format!("Page {} of {total}", n + 1);
        for op in [
            Op::Text {
                x: MARGIN_X,
                y: 30.0,
                size: 7.5,
                bold: false,
                colour: GREY,
                text: head.clone(),
            },
            Op::Text {
                x: w - MARGIN_X - faces.width(marking, 7.5, true),
                y: 30.0,
                size: 7.5,
                bold: true,
                colour: INK,
                text: marking.to_string(),
            },
            Op::Text {
                x: (w - faces.width(&foot, 8.0, false)) / 2.0,
                y: h - 28.0,
                size: 8.0,
                bold: false,
                colour: INK,
                text: foot.clone(),
            },
        ] {
            draw(&mut surface, &op, &faces, &trees);
        }
        surface.end_tagged();
        for (mark, ops) in laid.runs {
            match mark {
                Mark::Artifact => {
                    surface.start_tagged(ContentTag::Artifact(Artifact::new(
                        ArtifactType::Layout,
                        None,
                    )));
                    for op in &ops {
                        draw(&mut surface, op, &faces, &trees);
                    }
                    surface.end_tagged();
                }
                Mark::Leaf(i) => {
                    let id = surface.start_tagged(ContentTag::Span(SpanTag::empty()));
                    for op in &ops {
                        draw(&mut surface, op, &faces, &trees);
                    }
                    surface.end_tagged();
                    if ids.len() <= i {
                        ids.resize_with(i + 1, || None);
                    }
                    ids[i] = Some(id);
                }
            }
        }
        surface.finish();
        page.finish();
    }
    let mut tree = TagTree::new().with_lang(Some("en-GB".into()));
    for node in root {
        if let Some(n) = to_tag(node, &mut ids) {
            tree.push(n);
        }
    }
    document.set_tag_tree(tree);
    let year = u16::try_from(dated.year()).unwrap_or(2000);
    document.set_metadata(
        Metadata::new()
            .title(format!("{} — {}", pack.title, pack.authority))
            .description(format!("{} · {marking}", pack.running_head()))
            .language("en-GB".into())
            .creator("Sightline".into())
            .creation_date(
                DateTime::new(year)
                    .month(u8::try_from(dated.month()).unwrap_or(1))
                    .day(u8::try_from(dated.day()).unwrap_or(1)),
            ),
    );
    document.finish().map_err(|e| Error::Pdf(format!("{e:?}")))
}
