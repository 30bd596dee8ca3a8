//! One page to grid rows. Ruled tables give their atomic rows (every one, empty or not) with
//! merges; text outside any table gives one row per text line; rows are ordered top to bottom
//! by where they start on the page. A page with text but no ruled table falls back to text
//! alignment: each text line is a row, split into cells at wide gaps, and the pieces are put
//! in columns by clustering their left edges across the page.

use super::cells::{self, MAX_COLS, Table};
use super::content::{Glyph, PageOut, Seg};
use super::lines;
use super::text;

/// Outside tables, a gap this many ems wide separates two cells of one row.
const CELL_GAP_EM: f64 = 2.0;
/// Borderless tables: left edges within this many ems are one column.
const COLUMN_TOL_EM: f64 = 1.0;

/// A page's rows, with merges as (first row, first col, last row, last col) in those rows.
#[derive(Debug, Default)]
pub struct PageRows {
    pub rows: Vec<Vec<String>>,
    pub merges: Vec<(usize, usize, usize, usize)>,
}

/// Rows that stay together, placed on the page at `top`.
struct Block {
    top: f64,
    /// Whether the rows are a ruled table's (not text outside tables).
    table: bool,
    rows: Vec<Vec<String>>,
    merges: Vec<(usize, usize, usize, usize)>,
}

/// Lays out one page. `Err` only when a table is wider than the grid allows.
pub fn page(out: &PageOut) -> Result<PageRows, String> {
    let (mut h, v): (Vec<Seg>, Vec<Seg>) = out.segs.iter().partition(|s| s.horiz);
    lines::drop_underlines(&mut h, &out.glyphs);
    let tables = cells::tables(&lines::merge(h), &lines::merge(v));
    let visible: Vec<&Glyph> = out.glyphs.iter().collect();
    if tables.is_empty() {
        return Ok(borderless(&visible));
    }
    // Glyphs per table cell, and the rest.
    let mut per_cell: Vec<Vec<Vec<&Glyph>>> = tables
        .iter()
        .map(|t| vec![Vec::new(); t.cells.len()])
        .collect();
    let mut outside = Vec::new();
    for g in &visible {
        match cells::locate(&tables, g.cx, g.cy) {
            Some((t, c)) => {
                if let Some(slot) = per_cell.get_mut(t).and_then(|cells| cells.get_mut(c)) {
                    slot.push(*g);
                }
            }
            None => outside.push(*g),
        }
    }
    let mut blocks: Vec<Block> = Vec::new();
    for (table, glyphs) in tables.iter().zip(&per_cell) {
        blocks.push(table_block(table, glyphs)?);
    }
    for line in text::lines(&outside) {
        let row: Vec<String> = text::chunks(&line, CELL_GAP_EM)
            .iter()
            .map(text::line_text)
            .filter(|t| !t.is_empty())
            .collect();
        if !row.is_empty() {
            blocks.push(Block {
                top: line.top(),
                table: false,
                rows: vec![row],
                merges: Vec::new(),
            });
        }
    }
    blocks.sort_by(|a, b| a.top.total_cmp(&b.top));
    drop_page_furniture(&mut blocks);
    let mut page = PageRows::default();
    for b in blocks {
        let off = page.rows.len();
        page.merges.extend(
            b.merges
                .iter()
                .map(|(r0, c0, r1, c1)| (r0 + off, *c0, r1 + off, *c1)),
        );
        page.rows.extend(b.rows);
    }
    Ok(page)
}

/// Leaves out a page's running header and footer: a line outside the tables, above the first
/// table or below the last, that carries a page number (`5 / 23`, `第 5 页`, `- 5 -`). It is
/// the printer's, not the form's: a spreadsheet prints the sheet name and page number on every
/// page, which put a line of page furniture in the middle of any form over two pages.
fn drop_page_furniture(blocks: &mut Vec<Block>) {
    let Some(first) = blocks.iter().position(|b| b.table) else {
        return;
    };
    let last = blocks.iter().rposition(|b| b.table).unwrap_or(first);
    let mut i = 0;
    blocks.retain(|b| {
        let keep = b.table
            || (first..=last).contains(&i)
            || !b.rows.iter().flatten().any(|t| page_number(t));
        i += 1;
        keep
    });
}

/// Whether text is a page number as printers write it.
fn page_number(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if let Some((a, b)) = t.split_once('/') {
        return digits(a) && digits(b);
    }
    if let Some(inner) = t.strip_prefix('第').and_then(|r| r.split_once('页')) {
        return digits(inner.0)
            && (inner.1.is_empty()
                || inner
                    .1
                    .strip_prefix('共')
                    .and_then(|r| r.strip_suffix('页'))
                    .is_some_and(digits));
    }
    t.strip_prefix('-')
        .and_then(|r| r.strip_suffix('-'))
        .is_some_and(digits)
}

fn table_block(table: &Table, glyphs: &[Vec<&Glyph>]) -> Result<Block, String> {
    let cols = table.cols();
    if cols > MAX_COLS {
        return Err(too_wide());
    }
    let mut rows = vec![vec![String::new(); cols]; table.rows()];
    let mut merges = Vec::new();
    for (span, glyphs) in table.cells.iter().zip(glyphs) {
        if let Some(slot) = rows.get_mut(span.r0).and_then(|r| r.get_mut(span.c0)) {
            let left = table.xs.get(span.c0).copied().unwrap_or(0.0);
            let right = table.xs.get(span.c1 + 1).copied().unwrap_or(left);
            *slot = text::cell_text(glyphs, Some(right - left));
        }
        if span.r1 > span.r0 || span.c1 > span.c0 {
            merges.push((span.r0, span.c0, span.r1, span.c1));
        }
    }
    Ok(Block {
        top: table.top(),
        table: true,
        rows,
        merges,
    })
}

fn too_wide() -> String {
    format!("PDF 表格列数过多（超过 {MAX_COLS} 列）(a PDF table with more than {MAX_COLS} columns)")
}

/// A page without ruled tables: text lines become rows; the pieces of a line separated by
/// wide gaps go to columns found by clustering left edges over the whole page.
fn borderless(glyphs: &[&Glyph]) -> PageRows {
    let lines = text::lines(glyphs);
    let pieces: Vec<Vec<(f64, f64, String)>> = lines
        .iter()
        .map(|line| {
            text::chunks(line, CELL_GAP_EM)
                .iter()
                .map(|c| {
                    (
                        c.glyphs.first().map_or(0.0, |g| g.x0),
                        c.em(),
                        text::line_text(c),
                    )
                })
                .filter(|(_, _, t)| !t.is_empty())
                .collect()
        })
        .filter(|p: &Vec<_>| !p.is_empty())
        .collect();
    // Column starts: left edges clustered within about one em.
    let mut lefts: Vec<(f64, f64)> = pieces
        .iter()
        .flatten()
        .map(|(x, em, _)| (*x, *em))
        .collect();
    lefts.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut columns: Vec<f64> = Vec::new();
    let mut last = f64::MIN;
    for (x, em) in lefts {
        if x - last > COLUMN_TOL_EM * em {
            columns.push(x);
        }
        last = x;
    }
    let mut rows = Vec::new();
    for line in pieces {
        let mut row: Vec<String> = Vec::new();
        for (x, em, t) in line {
            let col = columns
                .partition_point(|c| *c <= x + COLUMN_TOL_EM * em / 2.0)
                .saturating_sub(1);
            // Never two pieces in one column, never beyond the grid's width.
            let col = col.max(row.len()).min(MAX_COLS - 1);
            if col >= row.len() {
                row.resize(col + 1, String::new());
                if let Some(slot) = row.get_mut(col) {
                    *slot = t;
                }
            } else if let Some(slot) = row.last_mut() {
                slot.push(' ');
                slot.push_str(&t);
            }
        }
        rows.push(row);
    }
    PageRows {
        rows,
        merges: Vec::new(),
    }
}

#[cfg(test)]
mod furniture_tests {
    use super::*;

    #[test]
    fn page_numbers_as_printers_write_them() {
        for t in ["5 / 23", "5/23", "第 5 页", "第5页共23页", "- 5 -"] {
            assert!(page_number(t), "{t}");
        }
        for t in ["2024", "100.00", "1/2/3", "第一页", "50%", "x / 2"] {
            assert!(!page_number(t), "{t}");
        }
    }
}
