//! Path geometry for the interpreter: matrices, and the ruling-line candidates a path gives
//! when painted (axis-parallel stroked edges, thin filled bars), cut to the clip.

/// A 2-D affine matrix `[a b c d e f]` (PDF's row-vector convention).
pub type M = [f64; 6];
pub const IDENTITY: M = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `m1 × m2`: first apply `m1`, then `m2`.
pub fn mul(m1: &M, m2: &M) -> M {
    [
        m1[0] * m2[0] + m1[1] * m2[2],
        m1[0] * m2[1] + m1[1] * m2[3],
        m1[2] * m2[0] + m1[3] * m2[2],
        m1[2] * m2[1] + m1[3] * m2[3],
        m1[4] * m2[0] + m1[5] * m2[2] + m2[4],
        m1[4] * m2[1] + m1[5] * m2[3] + m2[5],
    ]
}

pub fn apply(m: &M, x: f64, y: f64) -> (f64, f64) {
    (x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5])
}

/// An axis-parallel segment: `pos` is y for a horizontal one (x from `a` to `b`) and x for
/// a vertical one (y from `a` to `b`), `a <= b`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Seg {
    pub horiz: bool,
    pub pos: f64,
    pub a: f64,
    pub b: f64,
}

/// Thickest filled bar taken as a ruling line (points).
const THIN: f64 = 2.5;

#[derive(Default)]
pub struct SubPath {
    pub pts: Vec<(f64, f64)>,
    pub closed: bool,
    pub curved: bool,
}

/// Whether a colour is something other than (nearly) white, so lines drawn in it show.
pub fn visible(comps: &[f64]) -> bool {
    match comps.len() {
        4 => comps.iter().any(|v| *v > 0.03),
        0 => true,
        _ => comps.iter().any(|v| *v < 0.97),
    }
}

/// The visible part of a segment under the clip box, if any.
pub fn clip_seg(s: Seg, clip: Option<[f64; 4]>) -> Option<Seg> {
    let Some([x0, y0, x1, y1]) = clip else {
        return Some(s);
    };
    let ((plo, phi), (alo, ahi)) = if s.horiz {
        ((y0, y1), (x0, x1))
    } else {
        ((x0, x1), (y0, y1))
    };
    if s.pos < plo - 1.0 || s.pos > phi + 1.0 {
        return None;
    }
    let (a, b) = (s.a.max(alo), s.b.min(ahi));
    (b > a).then_some(Seg { a, b, ..s })
}

/// The new clip: the current path's bounding box intersected with the old clip. (A clip
/// that is not a rectangle is taken as its bounding box.)
pub fn clip_box(path: &[SubPath], old: Option<[f64; 4]>) -> Option<[f64; 4]> {
    let pts = path.iter().flat_map(|sp| sp.pts.iter());
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for p in pts {
        x0 = x0.min(p.0);
        y0 = y0.min(p.1);
        x1 = x1.max(p.0);
        y1 = y1.max(p.1);
    }
    if x0 > x1 || y0 > y1 {
        return old;
    }
    Some(match old {
        Some([a, b, c, d]) => [x0.max(a), y0.max(b), x1.min(c), y1.min(d)],
        None => [x0, y0, x1, y1],
    })
}

/// Tolerance for calling a drawn segment horizontal or vertical (points).
const AXIS_TOL: f64 = 0.5;

fn axis_seg(p: (f64, f64), q: (f64, f64)) -> Option<Seg> {
    let (dx, dy) = ((q.0 - p.0).abs(), (q.1 - p.1).abs());
    if dy <= AXIS_TOL && dx > dy {
        Some(Seg {
            horiz: true,
            pos: (p.1 + q.1) / 2.0,
            a: p.0.min(q.0),
            b: p.0.max(q.0),
        })
    } else if dx <= AXIS_TOL && dy > dx {
        Some(Seg {
            horiz: false,
            pos: (p.0 + q.0) / 2.0,
            a: p.1.min(q.1),
            b: p.1.max(q.1),
        })
    } else {
        None
    }
}

/// The straight axis-parallel edges of a stroked subpath.
pub fn stroke_segments(sp: &SubPath, segs: &mut Vec<Seg>) {
    if sp.curved {
        return;
    }
    let closing = if sp.closed {
        sp.pts.first().zip(sp.pts.last())
    } else {
        None
    };
    for (p, q) in sp
        .pts
        .windows(2)
        .filter_map(|w| Some((*w.first()?, *w.get(1)?)))
        .chain(closing.map(|(f, l)| (*l, *f)))
    {
        if let Some(s) = axis_seg(p, q) {
            segs.push(s);
        }
    }
}

/// A filled axis-parallel rectangle that is thin in one direction is a ruling line along its
/// middle; wider fills are backgrounds and ignored.
pub fn fill_bar(sp: &SubPath, segs: &mut Vec<Seg>) {
    if sp.curved || sp.pts.len() < 3 {
        return;
    }
    let n = sp.pts.len();
    let axis_parallel = (0..n).all(|i| {
        let (Some(p), Some(q)) = (sp.pts.get(i), sp.pts.get((i + 1) % n)) else {
            return false;
        };
        (p.0 - q.0).abs() <= AXIS_TOL || (p.1 - q.1).abs() <= AXIS_TOL
    });
    if !axis_parallel {
        return;
    }
    let (x0, x1) = sp.pts.iter().fold((f64::MAX, f64::MIN), |(lo, hi), p| {
        (lo.min(p.0), hi.max(p.0))
    });
    let (y0, y1) = sp.pts.iter().fold((f64::MAX, f64::MIN), |(lo, hi), p| {
        (lo.min(p.1), hi.max(p.1))
    });
    let (w, h) = (x1 - x0, y1 - y0);
    if h <= THIN && w > h && w >= 1.0 {
        segs.push(Seg {
            horiz: true,
            pos: (y0 + y1) / 2.0,
            a: x0,
            b: x1,
        });
    } else if w <= THIN && h > w && h >= 1.0 {
        segs.push(Seg {
            horiz: false,
            pos: (x0 + x1) / 2.0,
            a: y0,
            b: y1,
        });
    }
}
