//! A form sheet's cells, written straight to the sheet's XML (issue 19).
//!
//! rust_xlsxwriter keeps every cell of every sheet in maps, looked up by its whole `Format`,
//! until the workbook is saved, then writes them out on one pass: for a workbook of two
//! thousand forms that was most of `convert`'s time and all of its memory. A form sheet's cells
//! are kept here instead, in rows, with the workbook's own format indices, and written to XML
//! as soon as the workbook's shared strings are numbered; the sheet takes that XML through
//! our patch's `Worksheet::set_prebuilt_cells` (vendor/README.md). What is written is what
//! rust_xlsxwriter writes for the same calls, byte for byte: the unit test below holds the two
//! side by side.

use super::numbers::exact_f64;
use super::value::Value;
use rust_xlsxwriter::utility::{cell_range, column_number_to_name};
use rust_xlsxwriter::{Formula, Worksheet, XlsxError};

/// Rows and columns Excel has.
const ROW_MAX: u32 = 1_048_576;
const COL_MAX: u16 = 16_384;
/// Longest string a cell holds, in UTF-16 units (what rust_xlsxwriter checks).
const MAX_STRING_LEN: usize = 32_767;
/// The height, in pixels, of a row left at Excel's default: not written.
const DEFAULT_ROW_PX: u32 = 20;

/// One cell: a shared string (its text), a number, a formula or a formatted blank, with the
/// index of its format in the workbook.
#[derive(Clone)]
enum Content {
    Text(String),
    Number(f64),
    Formula(Box<Formula>),
    Blank,
}

#[derive(Default)]
struct Row {
    /// Height in pixels when set; `Some(0)` is a hidden row, as rust_xlsxwriter has it.
    height: Option<u32>,
    /// By column, ascending.
    cells: Vec<(u16, Content, u32)>,
    /// Column spans of the merged ranges over this row, to refuse an overlap.
    merged: Vec<(u16, u16)>,
}

/// A sheet laid out: the sheet itself (columns, links, print setup) and its cells, which go
/// to its XML once the workbook's strings are numbered.
pub(super) type LaidSheet = (Box<Worksheet>, SheetCells);

/// A sheet's cells, merged ranges and row heights, as rust_xlsxwriter's `Worksheet` would
/// hold them after the same calls.
#[derive(Default)]
pub(super) struct SheetCells {
    rows: Vec<Row>,
    merges: Vec<(u32, u16, u32, u16)>,
    /// First row, first column, last row, last column of everything written.
    dims: Option<(u32, u16, u32, u16)>,
}

/// A column's letters (`A`, `AB`), as every cell's reference names it: those of A to ZZ made
/// once rather than for each sheet.
fn column_name(col: u16) -> std::borrow::Cow<'static, str> {
    static NAMES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let names = NAMES.get_or_init(|| (0..702).map(column_number_to_name).collect());
    match names.get(usize::from(col)) {
        Some(name) => std::borrow::Cow::Borrowed(name.as_str()),
        None => std::borrow::Cow::Owned(column_number_to_name(col)),
    }
}

impl SheetCells {
    fn touch(&mut self, row: u32, col: u16) -> Result<&mut Row, XlsxError> {
        if row >= ROW_MAX || col >= COL_MAX {
            return Err(XlsxError::RowColumnLimitError);
        }
        self.dims = Some(match self.dims {
            None => (row, col, row, col),
            Some((r0, c0, r1, c1)) => (r0.min(row), c0.min(col), r1.max(row), c1.max(col)),
        });
        let at = row as usize;
        if self.rows.len() <= at {
            self.rows.resize_with(at + 1, Row::default);
        }
        Ok(&mut self.rows[at])
    }

    fn set(&mut self, row: u32, col: u16, content: Content, xf: u32) -> Result<(), XlsxError> {
        let r = self.touch(row, col)?;
        match r.cells.binary_search_by_key(&col, |c| c.0) {
            Ok(k) => r.cells[k] = (col, content, xf),
            Err(k) => r.cells.insert(k, (col, content, xf)),
        }
        Ok(())
    }

    /// `Worksheet::set_row_height`: points to whole pixels; none is a hidden row.
    pub(super) fn set_row_height(&mut self, row: u32, points: f64) -> Result<(), XlsxError> {
        let px = (points * 4.0 / 3.0).round() as u32;
        let min_col = self.dims.map_or(0, |d| d.1);
        let r = self.touch(row, min_col)?;
        r.height = Some(px);
        Ok(())
    }

    /// `Worksheet::write_string_with_format`: an empty text is a formatted blank.
    pub(super) fn write_string(
        &mut self,
        row: u32,
        col: u16,
        text: &str,
        xf: u32,
    ) -> Result<(), XlsxError> {
        if text.is_empty() {
            return self.set(row, col, Content::Blank, xf);
        }
        if text.len() > MAX_STRING_LEN && text.encode_utf16().count() > MAX_STRING_LEN {
            return Err(XlsxError::MaxStringLengthExceeded);
        }
        self.set(row, col, Content::Text(text.to_string()), xf)
    }

    /// `Worksheet::write_blank`: a cell with a format and no value.
    pub(super) fn write_blank(&mut self, row: u32, col: u16, xf: u32) -> Result<(), XlsxError> {
        self.set(row, col, Content::Blank, xf)
    }

    /// `Worksheet::write_number_with_format`.
    pub(super) fn write_number(
        &mut self,
        row: u32,
        col: u16,
        number: f64,
        xf: u32,
    ) -> Result<(), XlsxError> {
        self.set(row, col, Content::Number(number), xf)
    }

    /// `Worksheet::write_formula_with_format`, of a formula that is not a dynamic array
    /// (which rust_xlsxwriter writes otherwise): those are refused.
    pub(super) fn write_formula(
        &mut self,
        row: u32,
        col: u16,
        formula: Formula,
        xf: u32,
    ) -> Result<(), XlsxError> {
        if formula.stored().1 {
            return Err(XlsxError::ParameterError(
                "a dynamic array formula in a form's cells".to_string(),
            ));
        }
        self.set(row, col, Content::Formula(Box::new(formula)), xf)
    }

    /// `Worksheet::merge_range`: the text in the first cell, formatted blanks in the rest.
    pub(super) fn merge_range(
        &mut self,
        (r0, c0, r1, c1): (u32, u16, u32, u16),
        text: &str,
        xf: u32,
    ) -> Result<(), XlsxError> {
        if r0 > r1 || c0 > c1 {
            return Err(XlsxError::RowColumnOrderError);
        }
        if r0 == r1 && c0 == c1 {
            return Err(XlsxError::MergeRangeSingleCell);
        }
        self.touch(r0, c0)?;
        self.touch(r1, c1)?;
        for row in r0..=r1 {
            let taken = &self.rows[row as usize].merged;
            if let Some(&(a, b)) = taken.iter().find(|&&(a, b)| a <= c1 && c0 <= b) {
                let range = |r: u32, a: u16, b: u16| cell_range(r, a, r, b);
                return Err(XlsxError::MergeRangeOverlaps(
                    cell_range(r0, c0, r1, c1),
                    range(row, a, b),
                ));
            }
        }
        self.write_string(r0, c0, text, xf)?;
        for row in r0..=r1 {
            for col in c0..=c1 {
                if (row, col) != (r0, c0) {
                    self.set(row, col, Content::Blank, xf)?;
                }
            }
            self.rows[row as usize].merged.push((c0, c1));
        }
        self.merges.push((r0, c0, r1, c1));
        Ok(())
    }

    /// A value into a cell or a merged range, as `value::put` writes it into a `Worksheet`.
    pub(super) fn put(
        &mut self,
        range @ (r0, c0, r1, c1): (u32, u16, u32, u16),
        value: &Value,
        xf: u32,
    ) -> Result<(), XlsxError> {
        let merged = r0 != r1 || c0 != c1;
        match value {
            Value::Text(s) if merged => self.merge_range(range, s, xf),
            Value::Text(s) => self.write_string(r0, c0, s, xf),
            Value::Number(d, _) => {
                if merged {
                    self.merge_range(range, "", xf)?;
                }
                match exact_f64(*d) {
                    Some(f) => self.write_number(r0, c0, f, xf),
                    // More digits than a double holds: keep them all, as text.
                    None => self.write_string(r0, c0, &d.to_string(), xf),
                }
            }
        }
    }

    /// The sheet's texts, one per text cell, in the order rust_xlsxwriter numbers them in the
    /// shared string table: by row, then column.
    pub(super) fn strings(&self) -> impl Iterator<Item = &str> {
        self.rows.iter().flat_map(|r| {
            r.cells.iter().filter_map(|(_, c, _)| match c {
                Content::Text(s) => Some(s.as_str()),
                _ => None,
            })
        })
    }

    /// The `<dimension>` range: where the cells and set rows lie.
    pub(super) fn dimension(&self) -> String {
        self.dims.map_or_else(
            || "A1".to_string(),
            |(r0, c0, r1, c1)| cell_range(r0, c0, r1, c1),
        )
    }

    /// The `<mergeCells>` element, or nothing.
    pub(super) fn merge_cells_xml(&self) -> Vec<u8> {
        if self.merges.is_empty() {
            return Vec::new();
        }
        let mut num = itoa::Buffer::new();
        let mut x: Vec<u8> = Vec::with_capacity(32 * self.merges.len() + 32);
        x.extend_from_slice(b"<mergeCells count=\"");
        x.extend_from_slice(num.format(self.merges.len()).as_bytes());
        x.extend_from_slice(b"\">");
        for &(r0, c0, r1, c1) in &self.merges {
            x.extend_from_slice(b"<mergeCell ref=\"");
            for (r, c) in [(r0, c0), (r1, c1)] {
                if (r, c) == (r1, c1) {
                    x.push(b':');
                }
                x.extend_from_slice(column_name(c).as_bytes());
                x.extend_from_slice(num.format(r + 1).as_bytes());
            }
            x.extend_from_slice(b"\"/>");
        }
        x.extend_from_slice(b"</mergeCells>");
        x
    }

    /// The `<row>` elements of `<sheetData>`, with `ids[k]` the shared string index of the
    /// k-th of [`SheetCells::strings`].
    #[cfg(test)]
    pub(super) fn rows_xml(&self, ids: &[u32]) -> Vec<u8> {
        let mut x = Vec::new();
        self.rows_xml_into(ids, &mut x);
        x
    }

    /// [`SheetCells::rows_xml`] appended to `x`: a thread writing sheet after sheet reuses
    /// one buffer. Written with pushes rather than `write!`: this is the inner loop of a
    /// workbook of many forms.
    pub(super) fn rows_xml_into(&self, ids: &[u32], x: &mut Vec<u8>) {
        let Some((first, _, last, _)) = self.dims else {
            return;
        };
        let spans = self.spans(first, last);
        let mut ids = ids.iter();
        let mut num = itoa::Buffer::new();
        // About what it takes (a row 60 bytes, a cell 40), so that the buffer is not regrown.
        let cells: usize = self.rows.iter().map(|r| r.cells.len()).sum();
        x.reserve(self.rows.len() * 60 + cells * 40);
        for n in first..=last {
            let Some(row) = self.rows.get(n as usize) else {
                continue;
            };
            if row.height.is_none() && row.cells.is_empty() {
                continue;
            }
            let r = num.format(n + 1).as_bytes().to_vec();
            x.extend_from_slice(b"<row r=\"");
            x.extend_from_slice(&r);
            x.push(b'"');
            if let Some(span) = &spans[(n / 16 - first / 16) as usize] {
                x.extend_from_slice(b" spans=\"");
                x.extend_from_slice(span.as_bytes());
                x.push(b'"');
            }
            // A hidden row keeps Excel's default height, as rust_xlsxwriter writes it.
            let (px, hidden) = match row.height {
                Some(0) => (DEFAULT_ROW_PX, true),
                Some(px) => (px, false),
                None => (DEFAULT_ROW_PX, false),
            };
            let custom = px != DEFAULT_ROW_PX;
            if custom {
                // Points are 3/4 of the pixels: a whole number and a quarter, written as
                // f64's Display writes it (33.75, 22.5, 21).
                x.extend_from_slice(b" ht=\"");
                let quarters = u64::from(px) * 3;
                x.extend_from_slice(num.format(quarters / 4).as_bytes());
                x.extend_from_slice([&b""[..], b".25", b".5", b".75"][(quarters % 4) as usize]);
                x.push(b'"');
            }
            if hidden {
                x.extend_from_slice(b" hidden=\"1\"");
            }
            if custom {
                x.extend_from_slice(b" customHeight=\"1\"");
            }
            if row.cells.is_empty() {
                x.extend_from_slice(b"/>");
                continue;
            }
            x.push(b'>');
            for (col, content, xf) in &row.cells {
                // The default format (0) has no `s`, and a blank cell with it is not written.
                if *xf == 0 && matches!(content, Content::Blank) {
                    continue;
                }
                x.extend_from_slice(b"<c r=\"");
                x.extend_from_slice(column_name(*col).as_bytes());
                x.extend_from_slice(&r);
                if *xf > 0 {
                    x.extend_from_slice(b"\" s=\"");
                    x.extend_from_slice(num.format(*xf).as_bytes());
                }
                match content {
                    Content::Text(_) => {
                        let id = ids.next().copied().unwrap_or_default();
                        x.extend_from_slice(b"\" t=\"s\"><v>");
                        x.extend_from_slice(num.format(id).as_bytes());
                        x.extend_from_slice(b"</v></c>");
                    }
                    Content::Number(f) => {
                        x.extend_from_slice(b"\"><v>");
                        x.extend_from_slice(f.to_string().as_bytes());
                        x.extend_from_slice(b"</v></c>");
                    }
                    Content::Formula(f) => {
                        let (formula, _, result) = f.stored();
                        // An empty result is written as rust_xlsxwriter's default, 0.
                        let result = if result.is_empty() { "0" } else { result };
                        x.extend_from_slice(b"\"");
                        x.extend_from_slice(result_type(result).as_bytes());
                        x.extend_from_slice(b"><f>");
                        escape_into(x, formula);
                        x.extend_from_slice(b"</f><v>");
                        match result {
                            "TRUE" => x.push(b'1'),
                            "FALSE" => x.push(b'0'),
                            _ => escape_into(x, result),
                        }
                        x.extend_from_slice(b"</v></c>");
                    }
                    Content::Blank => x.extend_from_slice(b"\"/>"),
                }
            }
            x.extend_from_slice(b"</row>");
        }
    }

    /// Each block of 16 rows' `spans`: its first to last column holding a cell.
    fn spans(&self, first: u32, last: u32) -> Vec<Option<String>> {
        // Blocks are counted from row 0, as rust_xlsxwriter counts them; indexed here from
        // the block of `first`.
        let (b0, b1) = (first / 16, last / 16);
        (b0..=b1)
            .map(|b| {
                let rows = (b * 16).max(first)..=(b * 16 + 15).min(last);
                let cols = rows
                    .filter_map(|n| self.rows.get(n as usize))
                    .flat_map(|r| r.cells.iter().map(|c| c.0));
                let (lo, hi) =
                    cols.fold((None, None), |(lo, hi): (Option<u16>, Option<u16>), c| {
                        (
                            Some(lo.map_or(c, |l| l.min(c))),
                            Some(hi.map_or(c, |h| h.max(c))),
                        )
                    });
                lo.zip(hi).map(|(lo, hi)| format!("{}:{}", lo + 1, hi + 1))
            })
            .collect()
    }
}

/// The `t` attribute of a formula cell, from its cached result, as rust_xlsxwriter has it.
fn result_type(result: &str) -> &'static str {
    if result.parse::<f64>().is_ok() {
        return "";
    }
    match result {
        "#DIV/0!" | "#N/A" | "#NAME?" | "#NULL!" | "#NUM!" | "#REF!" | "#VALUE!"
        | "#GETTING_DATA" => r#" t="e""#,
        "TRUE" | "FALSE" => r#" t="b""#,
        _ => r#" t="str""#,
    }
}

/// Text as XML element data, escaped as rust_xlsxwriter escapes it: `&`, `<`, `>`, and the
/// control characters other than tab and line feed, and U+FFFE/U+FFFF, as `_xHHHH_`.
fn escape_into(x: &mut Vec<u8>, text: &str) {
    let mut buf = [0u8; 4];
    for c in text.chars() {
        match c {
            '&' => x.extend_from_slice(b"&amp;"),
            '<' => x.extend_from_slice(b"&lt;"),
            '>' => x.extend_from_slice(b"&gt;"),
            '\t' | '\n' => x.push(c as u8),
            '\u{0}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}' => {
                x.extend_from_slice(format!("_x{:04X}_", u32::from(c)).as_bytes());
            }
            _ => x.extend_from_slice(c.encode_utf8(&mut buf).as_bytes()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::form::form_sheet;
    use super::super::style::{Formats, Xf};
    use super::*;
    use crate::model::Report;
    use rust_xlsxwriter::{Format, Workbook, Worksheet};
    use std::io::Read;
    use std::path::Path;

    /// The names made once are rust_xlsxwriter's, on both sides of where the table ends.
    #[test]
    fn column_names_are_rust_xlsxwriters() {
        for col in [0, 1, 25, 26, 27, 51, 52, 700, 701, 702, 703, 16_383] {
            assert_eq!(column_name(col), column_number_to_name(col), "column {col}");
        }
    }

    impl SheetCells {
        /// The same cells through rust_xlsxwriter's own calls: the reference.
        fn replay(&self, ws: &mut Worksheet, format: &dyn Fn(u32) -> Format) {
            for (n, row) in self.rows.iter().enumerate() {
                if let Some(px) = row.height {
                    ws.set_row_height_pixels(n as u32, px).unwrap();
                }
            }
            for &(r0, c0, r1, c1) in &self.merges {
                let xf = self.rows[r0 as usize]
                    .cells
                    .iter()
                    .find(|c| c.0 == c0)
                    .unwrap()
                    .2;
                ws.merge_range(r0, c0, r1, c1, "", &format(xf)).unwrap();
            }
            for (n, row) in self.rows.iter().enumerate() {
                let n = n as u32;
                for (col, content, xf) in &row.cells {
                    let f = format(*xf);
                    match content {
                        Content::Text(s) => ws.write_string_with_format(n, *col, s, &f),
                        Content::Number(x) => ws.write_number_with_format(n, *col, *x, &f),
                        Content::Formula(x) => ws.write_formula_with_format(n, *col, &**x, &f),
                        Content::Blank => ws.write_blank(n, *col, &f),
                    }
                    .unwrap();
                }
            }
        }
    }

    /// The parts of a one-sheet workbook: its sheet and its shared strings.
    fn parts(bytes: Vec<u8>) -> (String, String) {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut part = |name: &str| {
            let mut s = String::new();
            zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
            s
        };
        (
            part("xl/worksheets/sheet1.xml"),
            part("xl/sharedStrings.xml"),
        )
    }

    /// A sheet as `convert` writes it (its cells straight to XML) and as rust_xlsxwriter
    /// writes the same cells itself: the sheet's XML and the shared strings of each.
    fn both_ways(
        make: impl Fn(&Formats, &Xf) -> (Box<Worksheet>, SheetCells),
    ) -> ((String, String), (String, String)) {
        let formats = Formats::new();
        let sheet = |prebuilt: bool| {
            let mut wb = Workbook::new();
            let xf = formats.register(&mut wb);
            let (mut ws, cells) = make(&formats, &xf);
            if prebuilt {
                let ids = wb.shared_string_indices(cells.strings());
                ws.set_prebuilt_cells(
                    cells.rows_xml(&ids),
                    cells.merge_cells_xml(),
                    &cells.dimension(),
                );
            } else {
                let table: Vec<(u32, Format)> = formats
                    .styles
                    .iter()
                    .chain(formats.numbers.iter().flatten())
                    .map(|f| (wb.register_format(f), f.clone()))
                    .collect();
                let format = |k: u32| table.iter().find(|(i, _)| *i == k).unwrap().1.clone();
                cells.replay(&mut ws, &format);
            }
            wb.push_worksheet(*ws);
            parts(wb.save_to_buffer().unwrap())
        };
        (sheet(true), sheet(false))
    }

    fn form_both_ways(report: &Report) -> ((String, String), (String, String)) {
        both_ways(|_, xf| {
            let (ws, cells, _) = form_sheet(report, "表", 3, xf).unwrap();
            (ws, cells)
        })
    }

    const SAMPLES: [&str; 7] = [
        "samples/shanghai-minhang-admin-service-2024.txt",
        "samples/shanghai-minhang-qibao-town-2024.txt",
        "samples/shanghai-minhang-social-security-2024.txt",
        "samples/shanghai-songjiang-admin-service-2021.txt",
        "tests/regions/commerce-2020-service-trade.xlsx",
        "tests/regions/langfang-2019-school-hvac.xlsx",
        "tests/regions/tangxi-2022-commissioned-work.xlsx",
    ];

    fn reports(path: &str) -> Vec<Report> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
        crate::read::read_path(&path)
            .into_iter()
            .map(Result::unwrap)
            .collect()
    }

    fn assert_same(
        ((ours, our_strings), (theirs, their_strings)): ((String, String), (String, String)),
        what: &str,
    ) {
        assert_eq!(ours, theirs, "sheet XML of {what}");
        assert_eq!(our_strings, their_strings, "shared strings of {what}");
    }

    #[test]
    fn sample_forms_write_the_xml_rust_xlsxwriter_writes() {
        let mut n = 0;
        for file in SAMPLES {
            for report in reports(file) {
                assert_same(form_both_ways(&report), &report.project);
                n += 1;
            }
        }
        assert_eq!(n, 49);
    }

    /// A long form (page breaks, many blocks of 16 rows), unplaced text below it, a number
    /// with more digits than a double holds, empty and tall texts.
    #[test]
    fn hostile_forms_write_the_xml_rust_xlsxwriter_writes() {
        let mut r = reports("samples/shanghai-songjiang-admin-service-2021.txt").remove(0);
        let one = r.indicators[0].clone();
        for k in 0..300 {
            let mut i = one.clone();
            i.name = format!("指标{k}");
            i.target = (k % 3 == 0).then(|| "很长的说明".repeat(k % 40));
            i.actual = Some(String::new());
            r.indicators.push(i);
        }
        r.unplaced.push(crate::model::Unplaced {
            at: "第 9 行".into(),
            text: "未归位\n的文字".repeat(50),
        });
        r.funds.total.annual_budget = Some("1234567890123456789.0125".parse().unwrap());
        assert_same(form_both_ways(&r), "a long form");
    }

    /// 汇总 (title, links, subtotals as formulas, amounts in 万元), 扣分明细 and 校验 of all
    /// the sample and regional forms, and of names with the characters XML escapes.
    #[test]
    fn table_sheets_write_the_xml_rust_xlsxwriter_writes() {
        use super::super::{findings, lost, names, summary, table};
        let mut all: Vec<Report> = SAMPLES.iter().flat_map(|f| reports(f)).collect();
        all[0].project = "A&B <C> \"D\" 甲".into();
        let checked: Vec<_> = all.iter().map(crate::check::check).collect();
        let names = names::sheet_names(&all, &[super::super::FINDINGS_SHEET]);
        let summary = summary::summary(&all, &names, Some(&checked));
        let formats = Formats::new();
        let mut wb = Workbook::new();
        let xf = formats.register(&mut wb);
        let places: Vec<_> = all
            .iter()
            .zip(&names)
            .map(|(r, n)| form_sheet(r, n, 3, &xf).unwrap().2)
            .collect();
        let tables = [
            (summary.table.clone(), summary.frame.clone()),
            (
                lost::lost_at(&all, &names, &places),
                table::Frame::default(),
            ),
            (
                findings::findings_at(&all, &names, &checked, &places),
                table::Frame::default(),
            ),
        ];
        for (t, frame) in &tables {
            assert!(!t.rows.is_empty(), "{}", t.name);
            assert_same(
                both_ways(|_, xf| table::table_sheet(t, frame, xf).unwrap()),
                &t.name,
            );
        }
    }
}
