//! Tables from ruling lines. Lines that touch form one table; its column and row boundaries
//! are the distinct x of its vertical lines and y of its horizontal lines. The boundaries cut
//! the table into atomic cells; two neighbours with no line drawn between them belong to one
//! cell, and a cell covering several atoms is a merged cell.

use super::content::Seg;
use super::lines::TOL;

/// Lines this close (points) at their ends still touch.
const TOUCH: f64 = 2.0;
/// Most line pairs we test for touching on one page, to bound time on hostile input.
const MAX_PAIRS: usize = 4_000_000;
/// Most atomic cells of one table.
const MAX_ATOMS: usize = 4_000_000;
/// Most columns of a grid row (the grid cap).
pub const MAX_COLS: usize = 16_384;

/// A cell's span in atomic rows and columns, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub r0: usize,
    pub c0: usize,
    pub r1: usize,
    pub c1: usize,
}

/// One ruled table on a page.
#[derive(Debug, Clone)]
pub struct Table {
    /// Column boundaries, left to right (`cols + 1` values).
    pub xs: Vec<f64>,
    /// Row boundaries, top to bottom (`rows + 1` values).
    pub ys: Vec<f64>,
    pub cells: Vec<Span>,
    /// Index into `cells` for every atom, row-major.
    atom_cell: Vec<usize>,
}

impl Table {
    pub fn rows(&self) -> usize {
        self.ys.len().saturating_sub(1)
    }

    pub fn cols(&self) -> usize {
        self.xs.len().saturating_sub(1)
    }

    pub fn top(&self) -> f64 {
        self.ys.first().copied().unwrap_or(0.0)
    }

    fn area(&self) -> f64 {
        let w = self.xs.last().copied().unwrap_or(0.0) - self.xs.first().copied().unwrap_or(0.0);
        let h = self.ys.last().copied().unwrap_or(0.0) - self.top();
        w * h
    }

    /// The cell containing a point, if the point is inside the table.
    pub fn locate(&self, x: f64, y: f64) -> Option<usize> {
        let (left, right) = (*self.xs.first()?, *self.xs.last()?);
        let (top, bottom) = (*self.ys.first()?, *self.ys.last()?);
        if x < left - TOL / 2.0
            || x > right + TOL / 2.0
            || y < top - TOL / 2.0
            || y > bottom + TOL / 2.0
        {
            return None;
        }
        let c = self
            .xs
            .partition_point(|v| *v <= x)
            .saturating_sub(1)
            .min(self.cols().checked_sub(1)?);
        let r = self
            .ys
            .partition_point(|v| *v <= y)
            .saturating_sub(1)
            .min(self.rows().checked_sub(1)?);
        self.atom_cell.get(r * self.cols() + c).copied()
    }
}

/// Picks, among the tables containing a point, the smallest (a table nested in another).
pub fn locate(tables: &[Table], x: f64, y: f64) -> Option<(usize, usize)> {
    tables
        .iter()
        .enumerate()
        .filter_map(|(t, table)| table.locate(x, y).map(|c| (t, c, table.area())))
        .min_by(|a, b| a.2.total_cmp(&b.2))
        .map(|(t, c, _)| (t, c))
}

struct Dsu(Vec<usize>);

impl Dsu {
    fn new(n: usize) -> Dsu {
        Dsu((0..n).collect())
    }

    fn find(&mut self, mut x: usize) -> usize {
        while let Some(&p) = self.0.get(x) {
            if p == x {
                break;
            }
            let gp = self.0.get(p).copied().unwrap_or(p);
            if let Some(slot) = self.0.get_mut(x) {
                *slot = gp;
            }
            x = p;
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb
            && let Some(slot) = self.0.get_mut(ra.max(rb))
        {
            *slot = ra.min(rb);
        }
    }
}

/// Distinct positions, merging values within `TOL` (sorted input not required).
fn distinct(mut v: Vec<f64>) -> Vec<f64> {
    v.sort_by(f64::total_cmp);
    let mut out: Vec<f64> = Vec::new();
    for x in v {
        match out.last() {
            Some(last) if x - last <= TOL => {}
            _ => out.push(x),
        }
    }
    out
}

fn touches(h: &Seg, v: &Seg) -> bool {
    v.pos >= h.a - TOUCH && v.pos <= h.b + TOUCH && h.pos >= v.a - TOUCH && h.pos <= v.b + TOUCH
}

/// Finds the tables formed by merged horizontal and vertical lines.
pub fn tables(hs: &[Seg], vs: &[Seg]) -> Vec<Table> {
    if hs.len().saturating_mul(vs.len()) > MAX_PAIRS {
        return Vec::new();
    }
    let mut dsu = Dsu::new(hs.len() + vs.len());
    for (i, h) in hs.iter().enumerate() {
        for (j, v) in vs.iter().enumerate() {
            if touches(h, v) {
                dsu.union(i, hs.len() + j);
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, (Vec<Seg>, Vec<Seg>)> = Default::default();
    for (i, h) in hs.iter().enumerate() {
        groups.entry(dsu.find(i)).or_default().0.push(*h);
    }
    for (j, v) in vs.iter().enumerate() {
        groups.entry(dsu.find(hs.len() + j)).or_default().1.push(*v);
    }
    groups
        .into_values()
        .filter_map(|(h, v)| table(&h, &v))
        .collect()
}

/// The lines that can be cell borders: both ends meet a crossing line or the table's outer
/// edge. A line ending in the middle of a cell is a text decoration (a hyperlink's
/// underline) and would otherwise split the row.
fn bordering(lines: &[Seg], across: &[Seg]) -> Vec<Seg> {
    let lo = lines.iter().map(|l| l.a).fold(f64::MAX, f64::min);
    let hi = lines.iter().map(|l| l.b).fold(f64::MIN, f64::max);
    let meets = |end: f64, l: &Seg| {
        end <= lo + TOUCH
            || end >= hi - TOUCH
            || across.iter().any(|x| {
                (x.pos - end).abs() <= TOUCH && l.pos >= x.a - TOUCH && l.pos <= x.b + TOUCH
            })
    };
    lines
        .iter()
        .filter(|l| meets(l.a, l) && meets(l.b, l))
        .copied()
        .collect()
}

/// Builds one table from a connected group of lines; `None` unless it has at least two lines
/// each way (an underline or a lone box side is no table).
fn table(hs: &[Seg], vs: &[Seg]) -> Option<Table> {
    if hs.len() < 2 || vs.len() < 2 {
        return None;
    }
    let (hs, vs) = (bordering(hs, vs), bordering(vs, hs));
    let (hs, vs) = (hs.as_slice(), vs.as_slice());
    if hs.len() < 2 || vs.len() < 2 {
        return None;
    }
    let mut xs = distinct(vs.iter().map(|v| v.pos).collect());
    let mut ys = distinct(hs.iter().map(|h| h.pos).collect());
    // Lines reaching beyond the outermost crossing lines (a missing outer border) widen
    // the table so the text there still lands in a cell.
    let (xmin, xmax) = hs.iter().fold((f64::MAX, f64::MIN), |(lo, hi), h| {
        (lo.min(h.a), hi.max(h.b))
    });
    let (ymin, ymax) = vs.iter().fold((f64::MAX, f64::MIN), |(lo, hi), v| {
        (lo.min(v.a), hi.max(v.b))
    });
    if xs.first().is_some_and(|f| xmin < f - 2.0 * TOUCH) {
        xs.insert(0, xmin);
    }
    if xs.last().is_some_and(|l| xmax > l + 2.0 * TOUCH) {
        xs.push(xmax);
    }
    if ys.first().is_some_and(|f| ymin < f - 2.0 * TOUCH) {
        ys.insert(0, ymin);
    }
    if ys.last().is_some_and(|l| ymax > l + 2.0 * TOUCH) {
        ys.push(ymax);
    }
    let (rows, cols) = (ys.len().checked_sub(1)?, xs.len().checked_sub(1)?);
    if rows == 0 || cols == 0 || cols > MAX_COLS || rows.saturating_mul(cols) > MAX_ATOMS {
        return None;
    }
    // Lines by the boundary they lie on.
    let nearest = |bounds: &[f64], p: f64| -> Option<usize> {
        let i = bounds.partition_point(|b| *b < p);
        [i.checked_sub(1), Some(i)]
            .into_iter()
            .flatten()
            .filter(|&k| bounds.get(k).is_some_and(|b| (b - p).abs() <= TOL))
            .min_by(|&a, &b| {
                let da = bounds.get(a).map_or(f64::MAX, |x| (x - p).abs());
                let db = bounds.get(b).map_or(f64::MAX, |x| (x - p).abs());
                da.total_cmp(&db)
            })
    };
    let mut v_at: Vec<Vec<(f64, f64)>> = vec![Vec::new(); xs.len()];
    for v in vs {
        if let Some(slot) = nearest(&xs, v.pos).and_then(|k| v_at.get_mut(k)) {
            slot.push((v.a, v.b));
        }
    }
    let mut h_at: Vec<Vec<(f64, f64)>> = vec![Vec::new(); ys.len()];
    for h in hs {
        if let Some(slot) = nearest(&ys, h.pos).and_then(|k| h_at.get_mut(k)) {
            slot.push((h.a, h.b));
        }
    }
    // A border between two atoms exists when a line covers the middle half of their edge.
    let covers = |lines: &[(f64, f64)], lo: f64, hi: f64| {
        let q = (hi - lo) / 4.0;
        let mid = (lo + hi) / 2.0;
        lines
            .iter()
            .any(|(a, b)| *a <= mid - q + TOL && *b >= mid + q - TOL)
    };
    let at = |v: &[f64], i: usize| v.get(i).copied().unwrap_or(0.0);
    let mut dsu = Dsu::new(rows * cols);
    for r in 0..rows {
        for c in 0..cols {
            let id = r * cols + c;
            if c + 1 < cols
                && !covers(
                    v_at.get(c + 1).map_or(&[], |l| l),
                    at(&ys, r),
                    at(&ys, r + 1),
                )
            {
                dsu.union(id, id + 1);
            }
            if r + 1 < rows
                && !covers(
                    h_at.get(r + 1).map_or(&[], |l| l),
                    at(&xs, c),
                    at(&xs, c + 1),
                )
            {
                dsu.union(id, id + cols);
            }
        }
    }
    // Each region of joined atoms: a rectangle is one (possibly merged) cell; any other shape
    // (lines missing in odd places) is left as separate atoms.
    let mut bounds: std::collections::HashMap<usize, (Span, usize)> = Default::default();
    for r in 0..rows {
        for c in 0..cols {
            let root = dsu.find(r * cols + c);
            let e = bounds.entry(root).or_insert((
                Span {
                    r0: r,
                    c0: c,
                    r1: r,
                    c1: c,
                },
                0,
            ));
            e.0.r0 = e.0.r0.min(r);
            e.0.c0 = e.0.c0.min(c);
            e.0.r1 = e.0.r1.max(r);
            e.0.c1 = e.0.c1.max(c);
            e.1 += 1;
        }
    }
    let mut cells = Vec::new();
    let mut atom_cell = vec![usize::MAX; rows * cols];
    let mut cell_of_root: std::collections::HashMap<usize, usize> = Default::default();
    for r in 0..rows {
        for c in 0..cols {
            let id = r * cols + c;
            let root = dsu.find(id);
            let Some(&(span, count)) = bounds.get(&root) else {
                continue;
            };
            let rect = (span.r1 - span.r0 + 1) * (span.c1 - span.c0 + 1) == count;
            let cell = if rect {
                *cell_of_root.entry(root).or_insert_with(|| {
                    cells.push(span);
                    cells.len() - 1
                })
            } else {
                cells.push(Span {
                    r0: r,
                    c0: c,
                    r1: r,
                    c1: c,
                });
                cells.len() - 1
            };
            if let Some(slot) = atom_cell.get_mut(id) {
                *slot = cell;
            }
        }
    }
    Some(Table {
        xs,
        ys,
        cells,
        atom_cell,
    })
}
