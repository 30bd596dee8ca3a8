//! The content-stream interpreter: runs a page's drawing operators and keeps only what a
//! table reader needs — each glyph with its text and position, and each straight axis-parallel
//! stroke or thin filled bar (candidate ruling lines). Everything is put in one page space with
//! y growing downwards (top of the displayed page = 0), `/Rotate` applied.

use super::fonts::{Code, Font};
pub use super::paths::Seg;
use super::paths::{
    IDENTITY, M, SubPath, apply, clip_box, clip_seg, fill_bar, mul, stroke_segments, visible,
};
use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::HashMap;
use std::rc::Rc;

/// One shown glyph, in page space (points, y down).
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    pub text: String,
    /// Centre of the glyph box: decides the cell it belongs to.
    pub cx: f64,
    pub cy: f64,
    /// Left and right ends of the advance along the baseline.
    pub x0: f64,
    pub x1: f64,
    /// Baseline height: glyphs of one text line share it.
    pub base: f64,
    /// Font size in page space (the em).
    pub size: f64,
}

/// What one page yields.
#[derive(Debug, Default)]
pub struct PageOut {
    pub glyphs: Vec<Glyph>,
    pub segs: Vec<Seg>,
    /// Images drawn (XObject or inline): a page with images and no glyphs is a scan.
    pub images: usize,
}

/// Why interpretation stopped early: a resource cap of the whole document was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    Glyphs,
    Complexity,
}

/// Caps shared by all pages of one document, so hostile input cannot run long or grow big.
#[derive(Debug, Clone)]
pub struct Budget {
    pub glyphs_left: usize,
    pub ops_left: u64,
    pub bytes_left: usize,
}

/// Nesting of form XObjects / annotation appearances we follow.
const MAX_FORM_DEPTH: usize = 12;
/// Saved graphics states kept (`q` beyond this is ignored).
const MAX_GSTACK: usize = 1024;
/// Nesting of marked content kept (deeper spans are counted, not stored).
const MAX_MARKED: usize = 1024;
/// Points kept in one path.
const MAX_PATH_POINTS: usize = 100_000;
/// One content stream's decompressed size.
const MAX_STREAM_BYTES: usize = 64 * 1024 * 1024;
/// Segments kept per page.
const MAX_SEGS: usize = 1_000_000;

#[derive(Clone)]
struct GState {
    ctm: M,
    font: Option<Rc<Font>>,
    size: f64,
    tc: f64,
    tw: f64,
    th: f64,
    tl: f64,
    rise: f64,
    stroke_visible: bool,
    fill_visible: bool,
    /// Bounding box of the clipping path (x0, y0, x1, y1), page space; glyphs outside it
    /// are not seen (LibreOffice draws a merged cell's text centred on the whole range
    /// and clips it at a page break).
    clip: Option<[f64; 4]>,
}

impl GState {
    fn new(ctm: M) -> GState {
        GState {
            ctm,
            font: None,
            size: 0.0,
            tc: 0.0,
            tw: 0.0,
            th: 1.0,
            tl: 0.0,
            rise: 0.0,
            stroke_visible: true,
            fill_visible: true,
            clip: None,
        }
    }
}

pub(super) fn deref<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a Object> {
    doc.dereference(obj).ok().map(|(_, o)| o)
}

pub(super) fn num(o: &Object) -> Option<f64> {
    o.as_float().ok().map(f64::from).filter(|v| v.is_finite())
}

fn nums(ops: &[Object]) -> Vec<f64> {
    ops.iter().filter_map(num).collect()
}

/// The interpreter, with the document's loaded fonts and the shared budget.
pub struct Interp<'a> {
    pub(super) doc: &'a Document,
    fonts: HashMap<usize, Rc<Font>>,
    budget: Budget,
}

impl<'a> Interp<'a> {
    pub fn new(doc: &'a Document, budget: Budget) -> Interp<'a> {
        Interp {
            doc,
            fonts: HashMap::new(),
            budget,
        }
    }

    /// Runs one page: its content and its annotations' appearances.
    pub fn page(
        &mut self,
        page: &'a Dictionary,
        parents: &[&'a Dictionary],
    ) -> Result<PageOut, Stop> {
        let inherited = |key: &[u8]| -> Option<&'a Object> {
            std::iter::once(page)
                .chain(parents.iter().copied())
                .find_map(|d| d.get(key).ok())
                .and_then(|o| deref(self.doc, o))
        };
        let [ax, ay, bx, by] = inherited(b"MediaBox")
            .and_then(|o| o.as_array().ok())
            .map(|a| {
                a.iter()
                    .filter_map(|o| deref(self.doc, o).and_then(num))
                    .collect::<Vec<f64>>()
            })
            .and_then(|v| <[f64; 4]>::try_from(v).ok())
            .unwrap_or([0.0, 0.0, 612.0, 792.0]);
        let (x0, y0, x1, y1) = (ax.min(bx), ay.min(by), ax.max(bx), ay.max(by));
        let rotate = inherited(b"Rotate").and_then(num).unwrap_or(0.0) as i64;
        // User space → page space with y down and the page turned as displayed.
        let base: M = match rotate.rem_euclid(360) {
            90 => [0.0, 1.0, 1.0, 0.0, -y0, -x0],
            180 => [-1.0, 0.0, 0.0, 1.0, x1, -y0],
            270 => [0.0, -1.0, -1.0, 0.0, y1, x1],
            _ => [1.0, 0.0, 0.0, -1.0, -x0, y1],
        };
        let resources = inherited(b"Resources").and_then(|o| o.as_dict().ok());
        if self.budget.bytes_left == 0 {
            return Err(Stop::Complexity);
        }
        let mut out = PageOut::default();
        let content = self.page_content(page);
        let mut active = Vec::new();
        self.run(
            &content,
            resources,
            GState::new(base),
            0,
            &mut active,
            &mut out,
        )?;
        drop(content);
        self.annotations(page, base, &mut out)?;
        Ok(out)
    }

    /// The page's content streams, joined, within the byte budget.
    fn page_content(&mut self, page: &Dictionary) -> Vec<u8> {
        let mut out = Vec::new();
        let streams: Vec<&Object> =
            match page.get(b"Contents").ok().and_then(|o| deref(self.doc, o)) {
                Some(Object::Array(a)) => a.iter().take(10_000).collect(),
                Some(o) => vec![o],
                None => Vec::new(),
            };
        for s in streams {
            if let Some(bytes) = self.stream_content(s) {
                out.extend_from_slice(&bytes);
                out.push(b'\n');
            }
        }
        out
    }

    /// One stream's decoded bytes, charged to the budget; `None` when damaged or over it.
    fn stream_content(&mut self, obj: &Object) -> Option<Vec<u8>> {
        let stream = deref(self.doc, obj)?.as_stream().ok()?;
        let limit = MAX_STREAM_BYTES.min(self.budget.bytes_left);
        let bytes = match stream.decompressed_content_with_limit(limit) {
            Ok(b) => b,
            Err(_) if stream.dict.get(b"Filter").is_err() && stream.content.len() <= limit => {
                stream.content.clone()
            }
            Err(_) => return None,
        };
        self.budget.bytes_left = self.budget.bytes_left.saturating_sub(bytes.len());
        Some(bytes)
    }

    /// Runs a form XObject (or appearance stream) under `ctm`, guarding against cycles.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn form(
        &mut self,
        form: &'a lopdf::Stream,
        id: Option<ObjectId>,
        ctm: M,
        parent_res: Option<&'a Dictionary>,
        depth: usize,
        active: &mut Vec<ObjectId>,
        out: &mut PageOut,
    ) -> Result<(), Stop> {
        if depth >= MAX_FORM_DEPTH || id.is_some_and(|id| active.contains(&id)) {
            return Ok(());
        }
        let doc = self.doc;
        let resources = form
            .dict
            .get(b"Resources")
            .ok()
            .and_then(|o| deref(doc, o))
            .and_then(|o| o.as_dict().ok())
            .or(parent_res);
        let ctm = mul(&matrix_of(doc, &form.dict), &ctm);
        let limit = MAX_STREAM_BYTES.min(self.budget.bytes_left);
        let content = match form.decompressed_content_with_limit(limit) {
            Ok(b) => b,
            Err(_) if form.dict.get(b"Filter").is_err() && form.content.len() <= limit => {
                form.content.clone()
            }
            Err(_) => return Ok(()),
        };
        self.budget.bytes_left = self.budget.bytes_left.saturating_sub(content.len());
        if let Some(id) = id {
            active.push(id);
        }
        let r = self.run(
            &content,
            resources,
            GState::new(ctm),
            depth + 1,
            active,
            out,
        );
        if id.is_some() {
            active.pop();
        }
        r
    }

    fn font(&mut self, resources: Option<&'a Dictionary>, name: &[u8]) -> Option<Rc<Font>> {
        let doc = self.doc;
        let fonts = resources?
            .get(b"Font")
            .ok()
            .and_then(|o| deref(doc, o))?
            .as_dict()
            .ok()?;
        let dict = deref(doc, fonts.get(name).ok()?)?.as_dict().ok()?;
        // Keyed by the dictionary's address: the document does not change while we read
        // it, and this also caches fonts written directly into a resource dictionary.
        let key = dict as *const Dictionary as usize;
        if let Some(f) = self.fonts.get(&key) {
            return Some(f.clone());
        }
        let font = Rc::new(Font::load(doc, dict, &mut self.budget.bytes_left));
        self.fonts.insert(key, font.clone());
        Some(font)
    }

    /// The interpreter loop for one content stream.
    fn run(
        &mut self,
        content: &[u8],
        resources: Option<&'a Dictionary>,
        mut gs: GState,
        depth: usize,
        active: &mut Vec<ObjectId>,
        out: &mut PageOut,
    ) -> Result<(), Stop> {
        let doc = self.doc;
        let mut stack: Vec<GState> = Vec::new();
        let mut tm = IDENTITY;
        let mut tlm = IDENTITY;
        let mut path: Vec<SubPath> = Vec::new();
        let mut npoints = 0usize;
        let mut pending_clip = false;
        // Marked-content stack: `None` for a plain span, `Some(text)` for one with
        // /ActualText (the text is taken by the span's first glyph).
        let mut marked: Vec<Option<Option<String>>> = Vec::new();
        let mut marked_overflow = 0usize;
        let mut codes: Vec<Code> = Vec::new();
        for op in Content::decode_iter(content) {
            let Ok(op) = op else { break };
            if self.budget.ops_left == 0 {
                return Err(Stop::Complexity);
            }
            self.budget.ops_left -= 1;
            let args = &op.operands;
            let n = nums(args);
            match op.operator.as_str() {
                "q" if stack.len() < MAX_GSTACK => stack.push(gs.clone()),
                "Q" => {
                    if let Some(g) = stack.pop() {
                        gs = g;
                    }
                }
                "cm" => {
                    if let [a, b, c, d, e, f] = n.as_slice() {
                        gs.ctm = mul(&[*a, *b, *c, *d, *e, *f], &gs.ctm);
                    }
                }
                "m" | "l" => {
                    if let [x, y] = n.as_slice() {
                        if npoints >= MAX_PATH_POINTS {
                            continue;
                        }
                        npoints += 1;
                        let p = apply(&gs.ctm, *x, *y);
                        match (op.operator.as_str(), path.last_mut()) {
                            ("l", Some(sp)) if !sp.closed => sp.pts.push(p),
                            _ => path.push(SubPath {
                                pts: vec![p],
                                ..SubPath::default()
                            }),
                        }
                    }
                }
                "c" | "v" | "y" => {
                    if let (Some(sp), [.., x, y]) = (path.last_mut(), n.as_slice()) {
                        sp.curved = true;
                        sp.pts.push(apply(&gs.ctm, *x, *y));
                    }
                }
                "h" => {
                    if let Some(sp) = path.last_mut() {
                        sp.closed = true;
                    }
                }
                "re" => {
                    if let [x, y, w, h] = n.as_slice()
                        && npoints < MAX_PATH_POINTS
                    {
                        npoints += 4;
                        let pts = [(*x, *y), (x + w, *y), (x + w, y + h), (*x, y + h)]
                            .map(|(px, py)| apply(&gs.ctm, px, py))
                            .to_vec();
                        path.push(SubPath {
                            pts,
                            closed: true,
                            curved: false,
                        });
                    }
                }
                "S" | "s" | "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" | "n" => {
                    let o = op.operator.as_str();
                    if matches!(o, "s" | "b" | "b*")
                        && let Some(sp) = path.last_mut()
                    {
                        sp.closed = true;
                    }
                    let stroke =
                        matches!(o, "S" | "s" | "B" | "B*" | "b" | "b*") && gs.stroke_visible;
                    let fill =
                        matches!(o, "f" | "F" | "f*" | "B" | "B*" | "b" | "b*") && gs.fill_visible;
                    if pending_clip {
                        pending_clip = false;
                        gs.clip = clip_box(&path, gs.clip);
                    }
                    let mut drawn = Vec::new();
                    for sp in &path {
                        if stroke {
                            stroke_segments(sp, &mut drawn);
                        } else if fill {
                            fill_bar(sp, &mut drawn);
                        }
                    }
                    let room = MAX_SEGS.saturating_sub(out.segs.len());
                    out.segs.extend(
                        drawn
                            .into_iter()
                            .filter_map(|s| clip_seg(s, gs.clip))
                            .take(room),
                    );
                    path.clear();
                    npoints = 0;
                }
                "W" | "W*" => pending_clip = true,
                "G" | "RG" | "K" | "SC" | "SCN" => gs.stroke_visible = visible(&n),
                "g" | "rg" | "k" | "sc" | "scn" => gs.fill_visible = visible(&n),
                "CS" => gs.stroke_visible = true,
                "cs" => gs.fill_visible = true,
                "BT" => {
                    tm = IDENTITY;
                    tlm = IDENTITY;
                }
                "Tc" => gs.tc = n.first().copied().unwrap_or(0.0),
                "Tw" => gs.tw = n.first().copied().unwrap_or(0.0),
                "Tz" => gs.th = n.first().copied().unwrap_or(100.0) / 100.0,
                "TL" => gs.tl = n.first().copied().unwrap_or(0.0),
                "Ts" => gs.rise = n.first().copied().unwrap_or(0.0),
                "Tf" => {
                    gs.size = n.first().copied().unwrap_or(0.0);
                    if let Some(name) = args.first().and_then(|o| o.as_name().ok()) {
                        gs.font = self.font(resources, name);
                    }
                }
                "Td" | "TD" => {
                    if let [tx, ty] = n.as_slice() {
                        if op.operator == "TD" {
                            gs.tl = -ty;
                        }
                        tlm = mul(&[1.0, 0.0, 0.0, 1.0, *tx, *ty], &tlm);
                        tm = tlm;
                    }
                }
                "Tm" => {
                    if let [a, b, c, d, e, f] = n.as_slice() {
                        tlm = [*a, *b, *c, *d, *e, *f];
                        tm = tlm;
                    }
                }
                "T*" => {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.tl], &tlm);
                    tm = tlm;
                }
                "Tj" | "'" | "\"" | "TJ" => {
                    if op.operator == "'" || op.operator == "\"" {
                        if let ("\"", [tw, tc, ..]) = (op.operator.as_str(), n.as_slice()) {
                            gs.tw = *tw;
                            gs.tc = *tc;
                        }
                        tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.tl], &tlm);
                        tm = tlm;
                    }
                    let Some(font) = gs.font.clone() else {
                        continue;
                    };
                    let items: &[Object] = match (op.operator.as_str(), args.first()) {
                        ("TJ", Some(Object::Array(a))) => a,
                        _ => args.last().map(std::slice::from_ref).unwrap_or_default(),
                    };
                    for item in items {
                        match item {
                            Object::String(bytes, _) => {
                                codes.clear();
                                font.decode(bytes, &mut codes);
                                for code in &codes {
                                    self.show(code, &font, &gs, &mut tm, &mut marked, out)?;
                                }
                            }
                            other => {
                                if let Some(adj) = num(other) {
                                    let tx = -adj / 1000.0 * gs.size * gs.th;
                                    tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &tm);
                                }
                            }
                        }
                    }
                }
                "BMC" => {
                    if marked.len() < MAX_MARKED {
                        marked.push(None);
                    } else {
                        marked_overflow += 1;
                    }
                }
                "BDC" => {
                    let props = match args.get(1) {
                        Some(Object::Dictionary(d)) => Some(d),
                        Some(Object::Name(name)) => resources
                            .and_then(|r| r.get(b"Properties").ok())
                            .and_then(|o| deref(doc, o))
                            .and_then(|o| o.as_dict().ok())
                            .and_then(|p| p.get(name).ok())
                            .and_then(|o| deref(doc, o))
                            .and_then(|o| o.as_dict().ok()),
                        _ => None,
                    };
                    let actual = props
                        .and_then(|p| p.get(b"ActualText").ok())
                        .and_then(|o| lopdf::decode_text_string(o).ok());
                    if marked.len() < MAX_MARKED {
                        marked.push(actual.map(Some));
                    } else {
                        marked_overflow += 1;
                    }
                }
                "EMC" => {
                    if marked_overflow > 0 {
                        marked_overflow -= 1;
                    } else {
                        marked.pop();
                    }
                }
                "BI" => out.images += 1,
                "Do" => {
                    let Some(name) = args.first().and_then(|o| o.as_name().ok()) else {
                        continue;
                    };
                    let entry = resources
                        .and_then(|r| r.get(b"XObject").ok())
                        .and_then(|o| deref(doc, o))
                        .and_then(|o| o.as_dict().ok())
                        .and_then(|x| x.get(name).ok());
                    let Some(entry) = entry else { continue };
                    let id = entry.as_reference().ok();
                    let Some(stream) = deref(doc, entry).and_then(|o| o.as_stream().ok()) else {
                        continue;
                    };
                    match stream
                        .dict
                        .get(b"Subtype")
                        .ok()
                        .and_then(|o| o.as_name().ok())
                    {
                        Some(b"Image") => out.images += 1,
                        Some(b"Form") => {
                            self.form(stream, id, gs.ctm, resources, depth, active, out)?
                        }
                        _ => {}
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Records one glyph and advances the text matrix past it.
    fn show(
        &mut self,
        code: &Code,
        font: &Font,
        gs: &GState,
        tm: &mut M,
        marked: &mut [Option<Option<String>>],
        out: &mut PageOut,
    ) -> Result<(), Stop> {
        let trm = mul(
            &mul(&[gs.size * gs.th, 0.0, 0.0, gs.size, 0.0, gs.rise], tm),
            &gs.ctm,
        );
        let (cx, cy) = apply(&trm, code.width / 2.0, font.vcentre);
        let (ox, oy) = apply(&trm, 0.0, 0.0);
        let (ex, _) = apply(&trm, code.width, 0.0);
        let (ux, uy) = apply(&trm, 0.0, 1.0);
        let size = ((ux - ox).powi(2) + (uy - oy).powi(2)).sqrt();
        // Inside an /ActualText span the span's text replaces the glyphs' own: the first
        // glyph carries it, the others carry nothing.
        let text = match marked.iter_mut().rev().find_map(Option::as_mut) {
            Some(actual) => actual.take().unwrap_or_default(),
            None => code.text.clone(),
        };
        let clipped = gs.clip.is_some_and(|[x0, y0, x1, y1]| {
            cx < x0 - 0.5 || cx > x1 + 0.5 || cy < y0 - 0.5 || cy > y1 + 0.5
        });
        if [cx, cy, ox, oy, ex, size].iter().all(|v| v.is_finite()) && !text.is_empty() && !clipped
        {
            if self.budget.glyphs_left == 0 {
                return Err(Stop::Glyphs);
            }
            self.budget.glyphs_left -= 1;
            out.glyphs.push(Glyph {
                text,
                cx,
                cy,
                x0: ox.min(ex),
                x1: ox.max(ex),
                base: oy,
                size,
            });
        }
        let space = if code.word_space { gs.tw } else { 0.0 };
        let tx = (code.width * gs.size + gs.tc + space) * gs.th;
        *tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], tm);
        Ok(())
    }
}

/// The transform of a form XObject (`/Matrix`, identity when absent or malformed).
pub(super) fn matrix_of(doc: &Document, dict: &Dictionary) -> M {
    dict.get(b"Matrix")
        .ok()
        .and_then(|o| deref(doc, o))
        .and_then(|o| o.as_array().ok())
        .map(|a| {
            a.iter()
                .filter_map(|o| deref(doc, o).and_then(num))
                .collect::<Vec<_>>()
        })
        .and_then(|v| <[f64; 6]>::try_from(v).ok())
        .unwrap_or(IDENTITY)
}
