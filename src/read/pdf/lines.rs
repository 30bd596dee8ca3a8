//! Ruling lines: the drawn segments of a page merged into whole lines. Producers draw a
//! table border as one segment per cell edge (LibreOffice), as thin bars with gaps at the
//! corners (Chromium), or twice; merging collinear touching pieces gives one line per border.

use super::content::{Glyph, Seg};

/// Segments whose positions differ by at most this are on one line (points).
pub const TOL: f64 = 1.0;
/// Pieces of one line closer than this along it are joined (points).
const GAP: f64 = 1.5;
/// Lines shorter than this after merging are ticks or glyph parts, not borders (points).
const MIN_LEN: f64 = 3.0;

/// Merges collinear touching segments of one orientation; returns lines sorted by position.
pub fn merge(mut segs: Vec<Seg>) -> Vec<Seg> {
    segs.retain(|s| [s.pos, s.a, s.b].iter().all(|v| v.is_finite()));
    segs.sort_by(|x, y| x.pos.total_cmp(&y.pos));
    let mut out = Vec::new();
    let mut i = 0;
    while i < segs.len() {
        // A cluster of positions within TOL of the cluster's first one.
        let start = segs.get(i).map(|s| s.pos).unwrap_or(0.0);
        let mut j = i;
        while segs.get(j).is_some_and(|s| s.pos - start <= TOL) {
            j += 1;
        }
        let mut group: Vec<Seg> = segs.get(i..j).unwrap_or_default().to_vec();
        let pos = group.iter().map(|s| s.pos).sum::<f64>() / group.len().max(1) as f64;
        group.sort_by(|x, y| x.a.total_cmp(&y.a));
        let mut cur: Option<Seg> = None;
        for s in group {
            cur = match cur {
                Some(mut c) if s.a <= c.b + GAP => {
                    c.b = c.b.max(s.b);
                    Some(c)
                }
                Some(c) => {
                    if c.b - c.a >= MIN_LEN {
                        out.push(c);
                    }
                    Some(Seg { pos, ..s })
                }
                None => Some(Seg { pos, ..s }),
            };
        }
        if let Some(c) = cur
            && c.b - c.a >= MIN_LEN
        {
            out.push(c);
        }
        i = j;
    }
    out
}

/// Underlines sit this far below the baseline at most (ems); fonts put them ~0.1 em below.
const UNDERLINE_DEPTH: f64 = 0.25;
/// ...and run along the text: glyphs cover this share of the line's length.
const UNDERLINE_COVER: f64 = 0.8;

/// Drops horizontal segments that underline text (hyperlinks in LibreOffice output are
/// underlined): a line just under the baseline of glyphs covering most of its length. A cell
/// border has padding and the descenders' depth between it and the text, and is usually
/// longer than the text above it.
pub fn drop_underlines(segs: &mut Vec<Seg>, glyphs: &[Glyph]) {
    let mut by_base: Vec<&Glyph> = glyphs
        .iter()
        .filter(|g| !g.text.trim().is_empty())
        .collect();
    by_base.sort_by(|a, b| a.base.total_cmp(&b.base));
    let max_em = by_base.iter().map(|g| g.size).fold(0.0, f64::max);
    segs.retain(|s| {
        if !s.horiz || s.b - s.a <= 0.0 {
            return true;
        }
        // Glyphs whose baseline is at most UNDERLINE_DEPTH ems above the line.
        let from = by_base.partition_point(|g| g.base < s.pos - UNDERLINE_DEPTH * max_em);
        let mut spans: Vec<(f64, f64)> = by_base
            .get(from..)
            .unwrap_or_default()
            .iter()
            .take_while(|g| g.base <= s.pos)
            .filter(|g| s.pos - g.base <= UNDERLINE_DEPTH * g.size && g.x1 > s.a && g.x0 < s.b)
            .map(|g| (g.x0.max(s.a), g.x1.min(s.b)))
            .take(10_000)
            .collect();
        if spans.is_empty() {
            return true;
        }
        spans.sort_by(|x, y| x.0.total_cmp(&y.0));
        let (mut covered, mut end) = (0.0, f64::MIN);
        for (a, b) in spans {
            let a = a.max(end);
            if b > a {
                covered += b - a;
                end = b;
            }
        }
        covered < UNDERLINE_COVER * (s.b - s.a)
    });
}
