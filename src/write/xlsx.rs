//! The workbook writer: a 汇总 (summary) sheet, a 扣分明细 (points lost) sheet, then one sheet
//! per form in the official paper layout, ready to print on A4 and to read back by labels.
//!
//! Layout first, then output: each form becomes a list of placed cells (logical rows and
//! columns A..H, with merges), column widths and row heights are estimated from the text, and
//! only then is anything handed to `rust_xlsxwriter`. That keeps the sizing rules in one place
//! and lets a logical row grow over several physical rows when its text is taller than the
//! 409-point row limit of Excel.

use crate::check::{Finding, Severity};
use crate::model::{FundsRow, INDICATOR_COLUMNS, Indicator, Report, TITLE};
use crate::write::atomic;
use rayon::prelude::*;
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    DocProperties, Format, FormatAlign, FormatBorder, FormatUnderline, Url, Workbook, Worksheet,
    XlsxError,
};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::sheets::{FINDINGS_HEADERS, LOST_HEADERS, SUMMARY_HEADERS};
pub use crate::sheets::{FINDINGS_SHEET, LOST_SHEET, SUMMARY_SHEET};

/// Sheet names a form sheet may never take: ours, plus `History`, which Excel reserves.
const RESERVED_SHEETS: [&str; 4] = [SUMMARY_SHEET, LOST_SHEET, FINDINGS_SHEET, "History"];

/// Most manual page breaks Excel keeps on one sheet.
const MAX_PAGE_BREAKS: usize = 1023;

/// Most characters Excel holds in one cell.
pub const MAX_CELL_CHARS: usize = 32_767;

/// Why a form cannot go into a workbook, naming the field: a text longer than a cell holds.
/// The caller leaves that form out with an error naming its input, and writes the others.
pub fn unwritable(r: &Report) -> Option<String> {
    let long = |t: &str| t.chars().count() > MAX_CELL_CHARS;
    let head = [
        ("项目名称", Some(r.project.as_str())),
        ("主管部门", Some(r.department.as_str())),
        ("实施单位", Some(r.implementing_unit.as_str())),
        ("预期目标", r.goals.expected.as_deref()),
        ("实际完成情况", r.goals.actual.as_deref()),
    ];
    let indicators = r.indicators.iter().flat_map(|i| {
        [
            ("三级指标", Some(i.name.as_str())),
            ("年度指标值", i.target.as_deref()),
            ("实际完成值", i.actual.as_deref()),
            ("偏差原因分析及改进措施", i.deviation.as_deref()),
        ]
    });
    let others = r
        .unplaced
        .iter()
        .map(|u| ("未归位的文字", Some(u.text.as_str())))
        .chain(
            r.texts
                .iter()
                .map(|t| (t.label.as_str(), t.text.as_deref())),
        );
    head.into_iter()
        .chain(indicators)
        .chain(others)
        .find(|(_, t)| t.is_some_and(long))
        .map(|(field, _)| {
            format!(
                "“{field}”超过 Excel 单元格的 {MAX_CELL_CHARS} 个字符，这张表无法写入工作簿 (a text longer than an Excel cell holds; this form is left out of the workbook)"
            )
        })
}

/// Why a workbook could not be written; each names the file.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{}: 生成工作簿失败 (building the workbook failed): {source}", path.display())]
    Build { path: PathBuf, source: XlsxError },
    #[error("{}: 无法写入 (cannot write): {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Writes the workbook for `reports` to `path` atomically: 汇总, 扣分明细, one sheet per form.
pub fn write_workbook(reports: &[Report], path: &Path) -> Result<(), WriteError> {
    write_workbook_with(reports, &[], path)
}

/// Like [`write_workbook`], with extra table sheets (such as 校验) placed after 扣分明细.
pub fn write_workbook_with(
    reports: &[Report],
    extra: &[Table],
    path: &Path,
) -> Result<(), WriteError> {
    let bytes = workbook_bytes(reports, extra).map_err(|source| WriteError::Build {
        path: path.to_path_buf(),
        source,
    })?;
    atomic::write(path, &bytes).map_err(|source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// The workbook as the bytes of an `.xlsx` file.
pub fn workbook_bytes(reports: &[Report], extra: &[Table]) -> Result<Vec<u8>, XlsxError> {
    let taken: Vec<&str> = extra.iter().map(|t| t.name.as_str()).collect();
    let names = sheet_names(reports, &taken);
    let formats = Formats::new();
    let summary = summary_table(reports, &names);
    let lost = lost_table(reports, &names);
    let tables = [&summary, &lost].into_iter().chain(extra);
    // Sheets are laid out in parallel (sizing the forms is most of the work) and added in
    // order, so the file is the same whatever the number of threads.
    let (tables, forms) = rayon::join(
        || {
            tables
                .map(|t| table_sheet(t, &formats))
                .collect::<Result<Vec<_>, _>>()
        },
        || {
            reports
                .par_iter()
                .zip(&names)
                .map(|(report, name)| form_sheet(report, name, &formats))
                .collect::<Result<Vec<_>, _>>()
        },
    );
    let mut workbook = Workbook::new();
    workbook.set_properties(&properties());
    for ws in tables?.into_iter().chain(forms?) {
        workbook.push_worksheet(ws);
    }
    workbook.save_to_buffer()
}

// ---------------------------------------------------------------------------------------------
// Sheet names
// ---------------------------------------------------------------------------------------------

/// Excel's limit on a sheet name, in UTF-16 code units.
const MAX_SHEET_NAME: usize = 31;

/// One valid, unique sheet name per report, from its project name. Excel refuses names longer
/// than 31 characters, with any of `[]:*?/\`, starting or ending with `'`, blank, or equal
/// (ignoring case) to another sheet; `taken` are names already used by other sheets.
pub fn sheet_names(reports: &[Report], taken: &[&str]) -> Vec<String> {
    let mut used: HashSet<String> = RESERVED_SHEETS
        .iter()
        .chain(taken)
        .map(|n| n.to_lowercase())
        .collect();
    reports
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let base = clean_sheet_name(&r.project);
            let base = if base.is_empty() {
                format!("自评表{}", i + 1)
            } else {
                base
            };
            let mut name = truncate_utf16(&base, MAX_SHEET_NAME);
            let mut n = 2;
            while used.contains(&name.to_lowercase()) {
                let suffix = format!("({n})");
                let head = truncate_utf16(&base, MAX_SHEET_NAME - suffix.len());
                name = format!("{}{suffix}", head.trim_end_matches('\''));
                n += 1;
            }
            used.insert(name.to_lowercase());
            name
        })
        .collect()
}

/// Replaces the characters Excel forbids in sheet names and trims what may not start or end one.
fn clean_sheet_name(project: &str) -> String {
    let replaced: String = project
        .chars()
        .map(|c| match c {
            '[' | ']' | ':' | '*' | '?' | '/' | '\\' => '_',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    let trimmed = replaced.trim().trim_matches('\'').trim();
    truncate_utf16(trimmed, MAX_SHEET_NAME)
        .trim_end()
        .trim_end_matches('\'')
        .to_string()
}

/// The longest prefix of `s` that fits in `max` UTF-16 code units.
fn truncate_utf16(s: &str, max: usize) -> String {
    let mut units = 0;
    s.chars()
        .take_while(|c| {
            units += c.len_utf16();
            units <= max
        })
        .collect()
}

/// The `internal:` hyperlink to cell A1 of a sheet.
fn internal_link(sheet: &str) -> String {
    format!("internal:'{}'!A1", sheet.replace('\'', "''"))
}

// ---------------------------------------------------------------------------------------------
// Text measurement
// ---------------------------------------------------------------------------------------------

/// Body font: 宋体 五号 (10.5pt), the size of Chinese official documents.
const FONT: &str = "宋体";
const BODY_PT: f64 = 10.5;
const TITLE_PT: f64 = 16.0;
const YEAR_PT: f64 = 11.0;
/// Height of one line of body text, in points. 宋体 五号 needs about 13.5 in Excel; Noto Sans
/// CJK, which LibreOffice and WPS on Linux use where 宋体 is missing, needs 15.2 (1.448 em), and
/// a cut-off last line is worse than a little air, so the taller one rules.
const LINE_PT: f64 = 15.5;
/// Room above and below the text of a cell, in points.
const ROW_PAD_PT: f64 = 4.0;
/// The smallest row of the table, in points.
const MIN_ROW_PT: f64 = 20.0;
/// Excel's largest row height, in points.
const MAX_ROW_PT: f64 = 409.0;

/// Display width of a character in column-width units at body size: CJK and other wide
/// characters count 2, ASCII 1 (宋体 is half-width for ASCII).
fn char_units(c: char) -> f64 {
    if c.is_ascii() { 1.0 } else { 2.0 }
}

/// Display width of a line of text in column-width units.
pub fn text_units(s: &str) -> f64 {
    s.chars().map(char_units).sum()
}

/// Width of the widest line of `s`.
fn widest_line(s: &str) -> f64 {
    s.lines().map(text_units).fold(0.0, f64::max)
}

/// Characters that may not start a line; wrapping carries the previous character with them.
fn no_line_start(c: char) -> bool {
    "，。、；：？！）」』”’》〉】,.;:?!)%".contains(c)
}

/// Whether a line of `text` may break somewhere: at a space or around a CJK character.
fn has_break(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_whitespace() || !c.is_ascii() || breaks_after(c))
}

/// ASCII characters a line may break after, as Excel and LibreOffice do in file names.
fn breaks_after(c: char) -> bool {
    c == '-' || c == '/'
}

/// How many lines `text` takes in a cell `width` units wide, wrapping as Excel does: at
/// spaces and between CJK characters, never inside an ASCII word unless it is longer than the
/// line.
pub fn wrapped_lines(text: &str, width: f64) -> usize {
    Measured::new(text).lines(width)
}

/// Text cut once into the pieces wrapping works on. Sizing a form tries many column widths,
/// so only the line count is redone per width, not the scan of the text.
#[derive(Debug, Clone, Default)]
struct Measured {
    /// The paragraphs (lines of the text), each as its tokens.
    paras: Vec<Vec<Token>>,
    /// Width of the widest paragraph.
    widest: f64,
}

/// A piece of text wrapping never cuts unless it is longer than a line: a run of ASCII
/// non-space characters up to and including a hyphen or slash (lines may break after one), or
/// a single other character.
#[derive(Debug, Clone, Copy)]
struct Token {
    width: f64,
    /// Characters in it; in a run of several, each is ASCII, one unit wide.
    chars: u32,
    /// An ASCII space: it never starts a line but hangs at the end of the one it ends.
    space: bool,
    /// Its first character may not start a line (closing punctuation).
    no_line_start: bool,
}

impl Measured {
    fn new(text: &str) -> Measured {
        let paras: Vec<Vec<Token>> = text
            .split('\n')
            .map(|para| tokens(para.trim_end_matches('\r')))
            .collect();
        let widest = paras
            .iter()
            .map(|p| p.iter().map(|t| t.width).sum::<f64>())
            .fold(0.0, f64::max);
        Measured { paras, widest }
    }

    /// Lines taken in a cell `width` units wide (at least one).
    fn lines(&self, width: f64) -> usize {
        let avail = (width - 1.0).max(2.0);
        self.paras
            .iter()
            .map(|p| paragraph_lines(p, avail))
            .sum::<usize>()
            .max(1)
    }
}

fn tokens(para: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = para.chars().peekable();
    while let Some(c) = chars.next() {
        let mut n = 1u32;
        let mut width = char_units(c);
        if c.is_ascii() && !c.is_ascii_whitespace() && !breaks_after(c) {
            while let Some(&next) = chars.peek() {
                if !next.is_ascii() || next.is_ascii_whitespace() {
                    break;
                }
                chars.next();
                n += 1;
                width += 1.0;
                if breaks_after(next) {
                    break;
                }
            }
        }
        out.push(Token {
            width,
            chars: n,
            space: c.is_ascii_whitespace(),
            no_line_start: no_line_start(c),
        });
    }
    out
}

fn paragraph_lines(tokens: &[Token], avail: f64) -> usize {
    let mut lines = 1;
    let mut cur = 0.0;
    let mut last = 0.0;
    for t in tokens {
        let w = t.width;
        if t.space || cur + w <= avail {
            cur += w;
        } else if w <= avail {
            lines += 1;
            cur = if t.no_line_start && last + w <= avail {
                last + w
            } else {
                w
            };
        } else {
            // Longer than a line: cut anywhere. Only an ASCII run (one unit a character)
            // can be, as a line holds at least two units.
            for _ in 0..t.chars {
                if cur + 1.0 > avail {
                    lines += 1;
                    cur = 0.0;
                }
                cur += 1.0;
            }
        }
        last = w;
    }
    lines
}

/// Height in points of a row holding `lines` lines of body text.
fn lines_height(lines: usize) -> f64 {
    (lines as f64 * LINE_PT + ROW_PAD_PT).max(MIN_ROW_PT)
}

// ---------------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------------

/// The largest number of decimals a number format shows.
const MAX_SHOWN_SCALE: u32 = 10;

/// The decimal as the `f64` Excel stores, when that `f64` prints back as the same number.
/// Parsing the decimal's text gives the nearest `f64`; Rust (and `rust_xlsxwriter`) print the
/// shortest text that reads back as it, so the file holds the decimal's own digits.
fn exact_f64(d: Decimal) -> Option<f64> {
    // Excel shows 15 significant digits: a number with more would show (and read back)
    // rounded, so it is written as text, every digit kept.
    if d.normalize()
        .mantissa()
        .unsigned_abs()
        .checked_ilog10()
        .unwrap_or(0)
        >= 15
    {
        return None;
    }
    let f: f64 = d.to_string().parse().ok()?;
    let back = Decimal::from_str(&format!("{f}")).ok()?;
    (back == d && f.is_finite()).then_some(f)
}

/// The Excel number format that shows `d` with its own number of decimals.
fn num_format(d: Decimal, grouped: bool) -> String {
    let scale = d.scale().min(MAX_SHOWN_SCALE) as usize;
    let int = if grouped { "#,##0" } else { "0" };
    if scale == 0 {
        int.to_string()
    } else {
        format!("{int}.{}", "0".repeat(scale))
    }
}

/// `d` as the format shows it, to size columns.
fn shown_number(d: Decimal, grouped: bool) -> String {
    let plain = d.to_string();
    if grouped {
        super::group_thousands(&plain)
    } else {
        plain
    }
}

// ---------------------------------------------------------------------------------------------
// Formats
// ---------------------------------------------------------------------------------------------

/// How a cell looks.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Style {
    /// The title above the table: large and bold, no border.
    Title,
    /// The year line under the title, no border.
    Year,
    /// A label of the form (项目名称, 一级指标 …): centered.
    Label,
    /// A short value: centered, wrapped.
    Center,
    /// Long text (goals, reasons): left, wrapped.
    Left,
    /// Plain text outside the table (the unplaced notes): no border.
    Note,
    /// Column header of a table sheet.
    Header,
    /// A hyperlink inside a table sheet.
    Link,
}

fn base_format() -> Format {
    Format::new()
        .set_font_name(FONT)
        .set_font_charset(134)
        .set_font_size(BODY_PT)
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter)
}

fn format_for(style: Style) -> Format {
    let boxed = base_format().set_border(FormatBorder::Thin);
    match style {
        Style::Title => base_format()
            .set_font_size(TITLE_PT)
            .set_bold()
            .set_align(FormatAlign::Center),
        Style::Year => base_format()
            .set_font_size(YEAR_PT)
            .set_align(FormatAlign::Center),
        Style::Label => boxed.set_align(FormatAlign::Center),
        Style::Center => boxed.set_align(FormatAlign::Center),
        Style::Left => boxed.set_align(FormatAlign::Left),
        Style::Note => base_format().set_align(FormatAlign::Left),
        Style::Header => boxed
            .set_bold()
            .set_align(FormatAlign::Center)
            .set_background_color(0xD9D9D9),
        Style::Link => boxed
            .set_align(FormatAlign::Left)
            .set_font_color(0x0563C1)
            .set_underline(FormatUnderline::Single),
    }
}

/// The formats of a workbook, built once: a `Format` is a few dozen fields and strings, and
/// a form has a hundred cells.
struct Formats {
    /// By [`Style`], in the order of its variants.
    styles: Vec<Format>,
    /// Number cells by shown decimals (0..=MAX_SHOWN_SCALE), plain and grouped.
    numbers: Vec<[Format; 2]>,
}

impl Formats {
    fn new() -> Formats {
        use Style::*;
        Formats {
            styles: [Title, Year, Label, Center, Left, Note, Header, Link]
                .map(format_for)
                .into(),
            numbers: (0..=MAX_SHOWN_SCALE)
                .map(|scale| {
                    let d = Decimal::new(0, scale);
                    [false, true].map(|grouped| {
                        base_format()
                            .set_border(FormatBorder::Thin)
                            .set_align(FormatAlign::Center)
                            .set_num_format(num_format(d, grouped))
                    })
                })
                .collect(),
        }
    }

    fn style(&self, style: Style) -> &Format {
        &self.styles[style as usize]
    }

    fn number(&self, d: Decimal, grouped: bool) -> &Format {
        let scale = d.scale().min(MAX_SHOWN_SCALE) as usize;
        &self.numbers[scale][usize::from(grouped)]
    }
}

/// Writes a value into a cell (or a merged range) with the look of `style`.
fn put(
    ws: &mut Worksheet,
    (r0, c0, r1, c1): (u32, u16, u32, u16),
    value: &Value,
    style: Style,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let merged = r0 != r1 || c0 != c1;
    match value {
        Value::Text(s) => {
            let fmt = formats.style(style);
            if merged {
                ws.merge_range(r0, c0, r1, c1, s, fmt)?;
            } else {
                ws.write_string_with_format(r0, c0, s, fmt)?;
            }
        }
        Value::Number(d, grouped) => {
            let fmt = formats.number(*d, *grouped);
            if merged {
                ws.merge_range(r0, c0, r1, c1, "", fmt)?;
            }
            match exact_f64(*d) {
                Some(f) => ws.write_number_with_format(r0, c0, f, fmt)?,
                // More digits than a double holds: keep them all, as text.
                None => ws.write_string_with_format(r0, c0, d.to_string(), fmt)?,
            };
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The form sheet
// ---------------------------------------------------------------------------------------------

/// A cell's content: text is always written as a string (never a formula, whatever it starts
/// with); numbers as numbers, grouped (`#,##0.00`) for amounts.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Text(String),
    Number(Decimal, bool),
}

impl Value {
    fn text(s: impl Into<String>) -> Value {
        Value::Text(s.into())
    }

    /// A number, or `-` when the form has none.
    fn number(d: Option<Decimal>) -> Value {
        d.map_or_else(|| Value::text("-"), |d| Value::Number(d, false))
    }

    fn amount(d: Option<Decimal>) -> Value {
        d.map_or_else(|| Value::text("-"), |d| Value::Number(d, true))
    }

    fn optional(s: &Option<String>) -> Value {
        Value::text(s.clone().unwrap_or_default())
    }

    /// The text as shown, to measure it.
    fn shown(&self) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Number(d, grouped) => shown_number(*d, *grouped),
        }
    }
}

/// A cell of the form layout, in logical rows and columns 0..8 (A..H), inclusive ranges.
#[derive(Debug, Clone)]
struct Placed {
    r0: usize,
    c0: usize,
    r1: usize,
    c1: usize,
    value: Value,
    style: Style,
}

/// The paper form as placed cells, before sizing.
#[derive(Debug, Default)]
struct Layout {
    cells: Vec<Placed>,
    rows: usize,
    /// Rows that may not start a printed page: they belong with the row above (the year with
    /// the title, the first indicator with the table header, 总分 and 评分等级 with the table).
    keep_with_previous: Vec<usize>,
}

impl Layout {
    fn add(&mut self, (r0, c0, r1, c1): (usize, usize, usize, usize), value: Value, style: Style) {
        self.rows = self.rows.max(r1 + 1);
        self.cells.push(Placed {
            r0,
            c0,
            r1,
            c1,
            value,
            style,
        });
    }

    fn one(&mut self, r: usize, c: usize, value: Value, style: Style) {
        self.add((r, c, r, c), value, style);
    }

    /// Each cell's text measured for wrapping, in the order of `cells`.
    fn measure(&self) -> Vec<Measured> {
        self.cells
            .iter()
            .map(|p| Measured::new(&p.value.shown()))
            .collect()
    }
}

/// Columns of the form.
const COLS: usize = 8;

/// The form in the official layout: rows and merges as on the paper form.
fn form_layout(r: &Report) -> Layout {
    let mut l = Layout::default();
    let title = if r.title.trim().is_empty() {
        TITLE
    } else {
        r.title.as_str()
    };
    l.add((0, 0, 0, 7), Value::text(title), Style::Title);
    let year = r.year.map(|y| y.to_string()).unwrap_or_default();
    l.add(
        (1, 0, 1, 7),
        Value::text(format!("（{year}年度）")),
        Style::Year,
    );

    l.one(2, 0, Value::text("项目名称"), Style::Label);
    l.add((2, 1, 2, 7), Value::text(&r.project), Style::Center);

    l.one(3, 0, Value::text("主管部门"), Style::Label);
    l.add((3, 1, 3, 3), Value::text(&r.department), Style::Center);
    l.one(3, 4, Value::text("实施单位"), Style::Label);
    l.add(
        (3, 5, 3, 7),
        Value::text(&r.implementing_unit),
        Style::Center,
    );

    // The unit on a line of its own, as staff type it (Alt+Enter), so it never wraps
    // mid-word in a narrow column.
    let funds_label = match r.money_unit.trim() {
        "" => "项目资金".to_string(),
        unit => format!("项目资金\n（{unit}）"),
    };
    l.add((4, 0, 8, 0), Value::text(funds_label), Style::Label);
    l.one(4, 1, Value::text(""), Style::Label);
    for (c, h) in [
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "分值",
        "执行率(%)",
        "得分",
    ]
    .iter()
    .enumerate()
    {
        l.one(4, c + 2, Value::text(*h), Style::Label);
    }
    let funds: [(&str, &FundsRow); 4] = [
        ("年度资金总额", &r.funds.total),
        ("其中：当年财政拨款", &r.funds.appropriation),
        ("上年结转资金", &r.funds.carried_over),
        ("其他资金", &r.funds.other),
    ];
    for (k, (label, row)) in funds.iter().enumerate() {
        let rr = 5 + k;
        l.one(rr, 1, Value::text(*label), Style::Label);
        let values = [
            Value::amount(row.initial_budget),
            Value::amount(row.annual_budget),
            Value::amount(row.executed),
            Value::number(row.weight),
            Value::number(row.execution_rate),
            Value::number(row.score),
        ];
        for (c, v) in values.into_iter().enumerate() {
            l.one(rr, c + 2, v, Style::Center);
        }
    }

    l.add((9, 0, 10, 0), Value::text("年度总体目标"), Style::Label);
    l.add((9, 1, 9, 3), Value::text("预期目标"), Style::Label);
    l.add((9, 4, 9, 7), Value::text("实际完成情况"), Style::Label);
    l.add(
        (10, 1, 10, 3),
        Value::text(r.goals.expected.as_deref().unwrap_or_default()),
        Style::Left,
    );
    l.add(
        (10, 4, 10, 7),
        Value::text(r.goals.actual.as_deref().unwrap_or_default()),
        Style::Left,
    );

    for (c, h) in INDICATOR_COLUMNS.iter().enumerate() {
        l.one(11, c, Value::text(*h), Style::Label);
    }
    let first = 12;
    let inds = &r.indicators;
    l.keep_with_previous.extend([1, 2, first]);
    for (start, end) in runs(inds, |a, b| a.level1 == b.level1) {
        l.add(
            (first + start, 0, first + end, 0),
            Value::text(&inds[start].level1),
            Style::Label,
        );
    }
    for (start, end) in runs(inds, |a, b| a.level1 == b.level1 && a.level2 == b.level2) {
        l.add(
            (first + start, 1, first + end, 1),
            Value::text(&inds[start].level2),
            Style::Label,
        );
    }
    for (k, ind) in inds.iter().enumerate() {
        let rr = first + k;
        l.one(rr, 2, Value::text(&ind.name), Style::Center);
        l.one(rr, 3, Value::optional(&ind.target), Style::Center);
        l.one(rr, 4, Value::optional(&ind.actual), Style::Center);
        l.one(rr, 5, Value::number(ind.weight), Style::Center);
        l.one(rr, 6, Value::number(ind.score), Style::Center);
        l.one(rr, 7, Value::optional(&ind.deviation), Style::Left);
    }

    let total = first + inds.len();
    l.keep_with_previous.extend([total, total + 1]);
    l.add((total, 0, total, 4), Value::text("总分"), Style::Label);
    l.one(total, 5, Value::number(r.total.weight), Style::Center);
    l.one(total, 6, Value::number(r.total.score), Style::Center);
    l.one(total, 7, Value::text(""), Style::Center);
    if let Some(grade) = &r.grade {
        l.add(
            (total + 1, 0, total + 1, 4),
            Value::text("评分等级"),
            Style::Label,
        );
        l.add(
            (total + 1, 5, total + 1, 7),
            Value::text(grade),
            Style::Center,
        );
    }
    l
}

/// Runs of consecutive items that `same` joins, as inclusive index ranges.
fn runs<T>(items: &[T], same: impl Fn(&T, &T) -> bool) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match out.last_mut() {
            Some((start, end)) if items.get(*start).is_some_and(|s| same(s, item)) => *end = i,
            _ => out.push((i, i)),
        }
    }
    out
}

/// Smallest and largest width of each column A..H, in Excel width units. A holds the 6-character
/// label 年度总体目标 on one line, B holds 可持续影响指标 and wraps 服务对象满意度指标 after 满意度.
const COL_MIN: [f64; COLS] = [13.0, 15.0, 12.0, 11.0, 11.0, 7.0, 8.0, 12.0];
const COL_MAX: [f64; COLS] = [13.0, 15.0, 26.0, 18.0, 18.0, 9.0, 10.0, 40.0];
/// A target or actual up to this wide (`=23000.00(人)`, `≤100.00(%)`) gets its own line
/// rather than a break inside the number.
const SHORT_VALUE: f64 = 16.0;
/// Columns that share the spare width: reason, name, actual, target (ties go in this order).
const GROWABLE: [usize; 4] = [7, 2, 4, 3];
/// Width units that fill the printable width of portrait A4 at 100%: 96 px an inch, each
/// column 7 px a unit plus 5 px of padding.
fn page_units() -> f64 {
    (((A4_WIDTH_IN - 2.0 * MARGIN_SIDE) * 96.0 - 5.0 * COLS as f64) / 7.0).floor() - 0.5
}

/// Column widths from the content: every number fits (numbers never wrap), then the spare
/// width of the page goes, a few units at a time, to the text column where it saves the most
/// height, so the form is as short as the page width allows.
fn column_widths(layout: &Layout, measured: &[Measured]) -> [f64; COLS] {
    let mut widths = COL_MIN;
    for (p, m) in layout.cells.iter().zip(measured) {
        if p.c0 != p.c1 || p.c0 >= COLS {
            continue;
        }
        let w = m.widest + 2.0;
        let short_value = (p.c0 == 3 || p.c0 == 4) && w <= SHORT_VALUE;
        if matches!(p.value, Value::Number(..)) || short_value {
            widths[p.c0] = widths[p.c0].max(w);
        }
    }
    let total_height = |w: &[f64; COLS]| -> f64 { row_heights(layout, measured, w).iter().sum() };
    let mut spare = page_units() - widths.iter().sum::<f64>();
    let mut height = total_height(&widths);
    while spare >= 1.0 {
        let mut best: Option<(usize, f64, f64)> = None; // column, step, height saved per unit
        for c in GROWABLE {
            for step in [1.0, 2.0, 4.0, 8.0] {
                if step > spare || widths[c] + step > COL_MAX[c] {
                    continue;
                }
                let mut w = widths;
                w[c] += step;
                let gain = (height - total_height(&w)) / step;
                if gain > 0.0 && best.is_none_or(|(_, _, g)| gain > g) {
                    best = Some((c, step, gain));
                }
            }
        }
        let Some((c, step, _)) = best else { break };
        widths[c] += step;
        spare -= step;
        height = total_height(&widths);
    }
    if spare > 0.0 {
        // Nothing gets shorter: the rest goes to the reason and the name columns so the table
        // fills the page as the paper form does.
        widths[7] += spare * 0.6;
        widths[2] += spare * 0.4;
    }
    widths
}

/// Shrinks the widest shrinkable columns first until the widths fit `budget`: every column
/// with a weight is capped at `cap × weight` (never below its minimum), the largest cap that
/// fits is found by bisection. Columns without weight keep their width.
fn fit_widths(want: &mut [f64], min: &[f64], weight: &[f64], budget: f64) {
    let capped = |cap: f64| -> Vec<f64> {
        want.iter()
            .zip(min)
            .zip(weight)
            .map(|((&w, &m), &k)| if k > 0.0 { w.min(cap * k).max(m) } else { w })
            .collect()
    };
    let sum = |v: &[f64]| v.iter().sum::<f64>();
    if sum(want) <= budget {
        return;
    }
    let (mut lo, mut hi) = (0.0, want.iter().copied().fold(0.0, f64::max));
    for _ in 0..50 {
        let mid = (lo + hi) / 2.0;
        if sum(&capped(mid)) > budget {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    let fitted = capped(lo);
    want.copy_from_slice(&fitted);
}

/// Heights of the logical rows, in points, so that every line of every cell shows.
fn row_heights(layout: &Layout, measured: &[Measured], widths: &[f64; COLS]) -> Vec<f64> {
    // A merged cell also spans the 5 px padding of each inner column boundary.
    let span_width = |c0: usize, c1: usize| -> f64 {
        let cols = &widths[c0..=c1.min(COLS - 1)];
        cols.iter().sum::<f64>() + (cols.len() - 1) as f64 * 5.0 / 7.0
    };
    let needed = |p: &Placed, m: &Measured| -> f64 {
        let lines = m.lines(span_width(p.c0, p.c1));
        match p.style {
            Style::Title => lines as f64 * TITLE_PT * 1.5 + 10.0,
            Style::Year => lines as f64 * YEAR_PT * 1.5 + 6.0,
            _ => lines_height(lines),
        }
    };
    let mut heights = vec![MIN_ROW_PT; layout.rows];
    let cells = || layout.cells.iter().zip(measured);
    for (p, m) in cells().filter(|(p, _)| p.r0 == p.r1) {
        heights[p.r0] = heights[p.r0].max(needed(p, m));
    }
    // A cell merged down several rows needs their sum; the last row takes any shortfall.
    for (p, m) in cells().filter(|(p, _)| p.r0 != p.r1) {
        let have: f64 = heights[p.r0..=p.r1].iter().sum();
        let need = needed(p, m);
        if need > have {
            heights[p.r1] += need - have;
        }
    }
    heights
}

/// Where the logical rows land: the first physical row of each and how many it spans.
fn physical_rows(heights: &[f64]) -> (Vec<u32>, Vec<u32>) {
    let mut starts = Vec::with_capacity(heights.len());
    let mut spans = Vec::with_capacity(heights.len());
    let mut next = 0u32;
    for &h in heights {
        let span = (h / MAX_ROW_PT).ceil().max(1.0) as u32;
        starts.push(next);
        spans.push(span);
        next += span;
    }
    (starts, spans)
}

/// The workbook's document properties: created at the time of this run.
fn properties() -> DocProperties {
    let now = super::timestamp();
    let utc = now.with_time_zone(jiff::tz::TimeZone::UTC).datetime();
    DocProperties::new().set_creation_datetime(&utc)
}

/// One form's sheet in the paper layout with print setup for A4.
fn form_sheet(report: &Report, name: &str, formats: &Formats) -> Result<Worksheet, XlsxError> {
    let layout = form_layout(report);
    let measured = layout.measure();
    let widths = column_widths(&layout, &measured);
    let heights = row_heights(&layout, &measured, &widths);
    let (starts, spans) = physical_rows(&heights);

    let mut sheet = Worksheet::new();
    let ws = &mut sheet;
    ws.set_name(name)?;
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    for (l, &h) in heights.iter().enumerate() {
        let per = h / f64::from(spans[l]);
        for k in 0..spans[l] {
            ws.set_row_height(starts[l] + k, per)?;
        }
    }
    for p in &layout.cells {
        let r0 = starts[p.r0];
        let r1 = starts[p.r1] + spans[p.r1] - 1;
        put(
            ws,
            (r0, p.c0 as u16, r1, p.c1 as u16),
            &p.value,
            p.style,
            formats,
        )?;
    }
    let last_row = starts
        .last()
        .zip(spans.last())
        .map_or(0, |(s, n)| s + n - 1);
    add_unplaced(ws, report, last_row + 2, formats)?;

    let capacity = page_capacity(&widths);
    let one_page = fits_one_page(heights.iter().sum(), capacity);
    let breaks: Vec<u32> = if one_page {
        Vec::new()
    } else {
        page_breaks(&layout, &measured, &heights, &widths, capacity)
            .into_iter()
            .filter_map(|l| starts.get(l).copied())
            .collect()
    };
    if !breaks.is_empty() {
        // Excel holds at most 1,023 manual breaks a sheet; a longer form prints on after
        // them with automatic breaks rather than not at all.
        ws.set_page_breaks(&breaks[..breaks.len().min(MAX_PAGE_BREAKS)])?;
    }
    ws.set_paper_size(9)
        .set_portrait()
        .set_print_fit_to_pages(1, u16::from(one_page))
        .set_print_center_horizontally(true)
        .set_margins(
            MARGIN_SIDE,
            MARGIN_SIDE,
            MARGIN_TOP,
            MARGIN_BOTTOM,
            0.3,
            0.3,
        )
        .set_screen_gridlines(false)
        .set_footer(footer(&report.project));
    ws.set_print_area(0, 0, last_row, (COLS - 1) as u16)?;
    Ok(sheet)
}

/// Page margins of the form sheets, in inches.
const MARGIN_SIDE: f64 = 0.4;
const MARGIN_TOP: f64 = 0.6;
const MARGIN_BOTTOM: f64 = 0.7;
/// A4 in inches.
const A4_WIDTH_IN: f64 = 8.27;
const A4_HEIGHT_IN: f64 = 11.69;

/// Points of row height one printed page holds: the printable height, less a margin for
/// rounding, divided by the scale fit-to-width prints at (columns are 7 px a unit plus 5 px
/// padding at 96 dpi).
fn page_capacity(widths: &[f64; COLS]) -> f64 {
    let printable_px = (A4_WIDTH_IN - 2.0 * MARGIN_SIDE) * 96.0;
    let table_px: f64 = widths.iter().map(|w| 7.0 * w + 5.0).sum();
    let scale = (printable_px / table_px).min(1.0);
    (A4_HEIGHT_IN - MARGIN_TOP - MARGIN_BOTTOM) * 72.0 * 0.98 / scale
}

/// The smallest share of its one-page-wide size a form is shrunk to so that it prints on one
/// page: most forms run a little over one page, and a clerk files a form as one sheet of
/// paper. At 0.8, 五号 (10.5pt) text prints at 8.4pt, still above 六号 (7.5pt); a longer form
/// prints at full width over several pages, broken between blocks.
const MIN_ONE_PAGE_SHRINK: f64 = 0.8;

/// Whether a form whose rows add up to `height` points prints on one page, shrunk by no more
/// than [`MIN_ONE_PAGE_SHRINK`], given the points one page holds at one page wide.
fn fits_one_page(height: f64, capacity: f64) -> bool {
    height * MIN_ONE_PAGE_SHRINK <= capacity
}

/// How full a page must be before a clean break (between 一级指标 blocks, or before the
/// indicator table) is preferred to one inside a merged block.
const MIN_PAGE_FILL: f64 = 0.5;

/// Logical rows that start a new printed page. A break between merged-cell groups (an 一级指标
/// block) is clean; when that would leave much of a page empty, a break inside a merged cell
/// is taken if the cell's text, drawn at its middle, stays whole on one side; only a block
/// taller than a page is cut anywhere.
fn page_breaks(
    layout: &Layout,
    measured: &[Measured],
    heights: &[f64],
    widths: &[f64; COLS],
    capacity: f64,
) -> Vec<usize> {
    let n = heights.len();
    // Vertical merges and the height of their text.
    let merges: Vec<(usize, usize, f64)> = layout
        .cells
        .iter()
        .zip(measured)
        .filter(|(p, _)| p.r1 > p.r0)
        .map(|(p, m)| {
            let width: f64 = widths[p.c0..=p.c1.min(COLS - 1)].iter().sum();
            let lines = m.lines(width);
            (p.r0, p.r1, lines as f64 * LINE_PT + ROW_PAD_PT)
        })
        .collect();
    let kept = |b: usize| layout.keep_with_previous.contains(&b);
    let clean = |b: usize| !kept(b) && !merges.iter().any(|&(r0, r1, _)| r0 < b && b <= r1);
    let text_whole = |b: usize| {
        !kept(b)
            && merges
                .iter()
                .filter(|&&(r0, r1, _)| r0 < b && b <= r1)
                .all(|&(r0, r1, text)| {
                    let at: f64 = heights[r0..b].iter().sum();
                    let total: f64 = heights[r0..=r1].iter().sum();
                    (at - total / 2.0).abs() >= text / 2.0
                })
    };
    let mut breaks = Vec::new();
    let mut start = 0;
    let mut used = 0.0;
    for r in 0..n {
        if r > start && used + heights[r] > capacity {
            let filled = |b: usize| heights[start..b].iter().sum::<f64>() / capacity;
            let candidates = (start + 1..=r).rev();
            let at = candidates
                .clone()
                .find(|&b| clean(b) && filled(b) >= MIN_PAGE_FILL)
                .or_else(|| candidates.clone().find(|&b| text_whole(b)))
                .unwrap_or(r);
            breaks.push(at);
            start = at;
            used = heights[at..r].iter().sum();
        }
        used += heights[r];
    }
    breaks
}

/// The footer: project name on the left, page x / y on the right. `&` is a code in Excel
/// footers, so a literal one is doubled; the name is cut to stay inside Excel's 255 limit.
fn footer(project: &str) -> String {
    let name: String = project
        .chars()
        .take(80)
        .collect::<String>()
        .replace('&', "&&");
    format!("&L{name}&R&P / &N")
}

/// Input text the reader could not place, kept below the printed form (outside the print
/// area) so nothing read is lost and a clerk can still find it.
fn add_unplaced(
    ws: &mut Worksheet,
    report: &Report,
    first: u32,
    formats: &Formats,
) -> Result<(), XlsxError> {
    if report.unplaced.is_empty() {
        return Ok(());
    }
    let note = formats.style(Style::Note);
    ws.merge_range(
        first,
        0,
        first,
        7,
        "未能归入表格字段的原文（不打印） (input text not placed in a field; not printed)",
        note,
    )?;
    for (k, u) in report.unplaced.iter().enumerate() {
        let row = first + 1 + k as u32;
        ws.write_string_with_format(row, 0, &u.at, note)?;
        ws.merge_range(row, 1, row, 7, &u.text, note)?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Table sheets: 汇总, 扣分明细, and later 校验
// ---------------------------------------------------------------------------------------------

/// A cell of a table sheet.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    /// Text, written as a string whatever it starts with.
    Text(String),
    /// A number shown with its own decimals (`0.00`).
    Number(Decimal),
    /// An amount shown with thousands separators (`#,##0.00`).
    Amount(Decimal),
    /// Text linking to cell A1 of another sheet of the workbook.
    Link {
        text: String,
        sheet: String,
    },
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    pub fn number(d: Option<Decimal>) -> Cell {
        d.map_or(Cell::Empty, Cell::Number)
    }

    pub fn amount(d: Option<Decimal>) -> Cell {
        d.map_or(Cell::Empty, Cell::Amount)
    }

    fn shown(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) | Cell::Link { text: s, .. } => s.clone(),
            Cell::Number(d) => shown_number(*d, false),
            Cell::Amount(d) => shown_number(*d, true),
        }
    }
}

/// A sheet of rows under one header row, with autofilter and frozen header: the shape of
/// 汇总, 扣分明细 and the findings sheet 校验.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// How many leading columns print; the rest (references such as the source file) show on
    /// screen only, so the printout keeps a readable size. `None`: all print.
    pub print_columns: Option<usize>,
}

/// Widest a table column grows before its text wraps.
const TABLE_MAX_COL: f64 = 40.0;
/// Widest a hyperlink column grows.
const TABLE_MAX_LINK: f64 = 40.0;
/// Width units across landscape A4 (297 mm less margins) at 100%.
const LANDSCAPE_UNITS: f64 = 150.0;

/// A table sheet: header row, one row per entry, autofilter, frozen header, landscape A4
/// one page wide with the header repeated on every printed page.
fn table_sheet(table: &Table, formats: &Formats) -> Result<Worksheet, XlsxError> {
    let mut sheet = Worksheet::new();
    let ws = &mut sheet;
    ws.set_name(&table.name)?;
    let ncols = table.headers.len();
    if ncols == 0 {
        return Ok(sheet);
    }
    // Headers wrap onto two lines at most; numbers never wrap; text shares what is left of a
    // landscape page.
    let min: Vec<f64> = table
        .headers
        .iter()
        .map(|h| {
            // A short header stays on one line; a long one may take two.
            let units = text_units(h);
            let w = if units <= 10.0 {
                units + 2.0
            } else {
                units / 2.0 + 3.0
            };
            w.clamp(6.0, TABLE_MAX_COL)
        })
        .collect();
    let mut widths = min.clone();
    let mut shrink = vec![0.0; ncols];
    for row in &table.rows {
        for (c, cell) in row.iter().enumerate().take(ncols) {
            let w = widest_line(&cell.shown()) + 2.0;
            let w = match cell {
                Cell::Number(_) | Cell::Amount(_) => w,
                // LibreOffice does not wrap a hyperlink cell: give it its whole line.
                Cell::Link { .. } => w.min(TABLE_MAX_LINK),
                // Text wraps where a line may break; a single word (a file name) is not
                // worth breaking mid-word, so its column keeps its width.
                _ if has_break(&cell.shown()) => {
                    shrink[c] = 1.0;
                    w.min(TABLE_MAX_COL)
                }
                _ => w.min(TABLE_MAX_COL),
            };
            widths[c] = widths[c].max(w);
        }
    }
    let printed = table.print_columns.unwrap_or(ncols).clamp(1, ncols);
    let floor: Vec<f64> = widths
        .iter()
        .zip(&min)
        .zip(&shrink)
        .map(|((&w, &m), &k)| if k > 0.0 { m.max(14.0).min(w) } else { w })
        .collect();
    fit_widths(
        &mut widths[..printed],
        &floor[..printed],
        &shrink[..printed],
        LANDSCAPE_UNITS,
    );
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }

    let header = formats.style(Style::Header);
    for (c, h) in table.headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, header)?;
    }
    let header_lines = table
        .headers
        .iter()
        .zip(&widths)
        .map(|(h, w)| wrapped_lines(h, *w))
        .max()
        .unwrap_or(1);
    ws.set_row_height(0, lines_height(header_lines))?;

    let link_format = formats.style(Style::Link);
    let text_format = formats.style(Style::Left);
    for (k, row) in table.rows.iter().enumerate() {
        let r = (k + 1) as u32;
        let mut lines = 1;
        for (c, w) in widths.iter().enumerate() {
            let col = c as u16;
            let cell = row.get(c).unwrap_or(&Cell::Empty);
            lines = lines.max(wrapped_lines(&cell.shown(), *w));
            match cell {
                Cell::Empty => {
                    ws.write_blank(r, col, text_format)?;
                }
                Cell::Text(s) => {
                    ws.write_string_with_format(r, col, s, text_format)?;
                }
                Cell::Number(d) => put(
                    ws,
                    (r, col, r, col),
                    &Value::Number(*d, false),
                    Style::Center,
                    formats,
                )?,
                Cell::Amount(d) => put(
                    ws,
                    (r, col, r, col),
                    &Value::Number(*d, true),
                    Style::Center,
                    formats,
                )?,
                Cell::Link { text, sheet } => {
                    let url = Url::new(internal_link(sheet)).set_text(text.as_str());
                    ws.write_url_with_format(r, col, url, link_format)?;
                }
            }
        }
        ws.set_row_height(r, lines_height(lines).min(MAX_ROW_PT))?;
    }

    let last_row = table.rows.len() as u32;
    let last_col = (ncols - 1) as u16;
    ws.autofilter(0, 0, last_row, last_col)?;
    if printed < ncols {
        ws.set_print_area(0, 0, last_row, (printed - 1) as u16)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.set_repeat_rows(0, 0)?;
    ws.set_paper_size(9)
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_print_center_horizontally(true)
        .set_margins(0.4, 0.4, 0.6, 0.7, 0.3, 0.3)
        .set_footer(format!("&L{}&R&P / &N", table.name.replace('&', "&&")));
    Ok(sheet)
}

/// 汇总: one row per form, the project linking to its sheet.
pub fn summary_table(reports: &[Report], sheet_names: &[String]) -> Table {
    let headers = SUMMARY_HEADERS;
    let rows = reports
        .iter()
        .zip(sheet_names)
        .map(|(r, sheet)| {
            vec![
                Cell::Link {
                    text: r.label(),
                    sheet: sheet.clone(),
                },
                Cell::text(&r.department),
                Cell::text(&r.implementing_unit),
                Cell::number(r.year.map(Decimal::from)),
                Cell::text(&r.money_unit),
                Cell::amount(r.funds.total.annual_budget),
                Cell::amount(r.funds.total.executed),
                Cell::number(r.funds.total.execution_rate),
                Cell::number(r.funds.total.score),
                Cell::number(r.total.score),
                Cell::text(r.grade.clone().unwrap_or_default()),
                Cell::Number(r.points_lost()),
                Cell::Number(Decimal::from(r.lost_indicators().count())),
                Cell::text(r.source.to_string()),
            ]
        })
        .collect();
    Table {
        name: SUMMARY_SHEET.to_string(),
        headers: headers.iter().map(|h| h.to_string()).collect(),
        rows,
        // 来源 is for finding the original on screen; the printout ends at 扣分指标数.
        print_columns: Some(headers.len() - 1),
    }
}

/// 扣分明细: one row per indicator that lost points, with the reason the form states.
pub fn lost_table(reports: &[Report], sheet_names: &[String]) -> Table {
    let headers = LOST_HEADERS;
    let mut rows = Vec::new();
    for (r, sheet) in reports.iter().zip(sheet_names) {
        for ind in r.lost_indicators() {
            rows.push(lost_row(r, sheet, ind));
        }
    }
    Table {
        name: LOST_SHEET.to_string(),
        headers: headers.iter().map(|h| h.to_string()).collect(),
        rows,
        print_columns: None,
    }
}

/// 校验: one row per check finding, errors first within each form, so a reviewer can filter
/// the workbook the way `selfeval check` prints it.
pub fn findings_table(reports: &[Report], findings: &[Vec<Finding>]) -> Table {
    let headers = FINDINGS_HEADERS;
    let mut rows = Vec::new();
    for (r, fs) in reports.iter().zip(findings) {
        let mut fs: Vec<&Finding> = fs.iter().collect();
        fs.sort_by_key(|f| f.severity);
        for f in fs {
            rows.push(vec![
                Cell::text(r.label()),
                Cell::text(r.source.to_string()),
                Cell::text(match f.severity {
                    Severity::Error => "错误",
                    Severity::Warning => "警告",
                }),
                Cell::text(f.rule),
                Cell::text(f.indicator.clone().unwrap_or_default()),
                Cell::text(&f.message),
            ]);
        }
    }
    Table {
        name: FINDINGS_SHEET.to_string(),
        headers: headers.iter().map(|h| h.to_string()).collect(),
        rows,
        print_columns: None,
    }
}

fn lost_row(r: &Report, sheet: &str, ind: &Indicator) -> Vec<Cell> {
    vec![
        Cell::Link {
            text: r.label(),
            sheet: sheet.to_string(),
        },
        Cell::text(&ind.level1),
        Cell::text(&ind.level2),
        Cell::text(&ind.name),
        Cell::text(ind.target.clone().unwrap_or_default()),
        Cell::text(ind.actual.clone().unwrap_or_default()),
        Cell::number(ind.weight),
        Cell::number(ind.score),
        Cell::number(ind.points_lost()),
        Cell::text(ind.deviation.clone().unwrap_or_default()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn named(project: &str) -> Report {
        Report {
            source: Default::default(),
            title: TITLE.to_string(),
            year: Some(2024),
            project: project.to_string(),
            department: String::new(),
            implementing_unit: String::new(),
            money_unit: "万元".to_string(),
            funds: Default::default(),
            goals: Default::default(),
            indicators: vec![],
            total: Default::default(),
            grade: None,
            unplaced: vec![],
            extra_funds: Vec::new(),
            texts: Vec::new(),
            incomplete: false,
            points: Vec::new(),
        }
    }

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let long = "上海市闵行区七宝镇社区充换电柜非机动车棚危棚改造及修复项目尾款支付";
        let reports: Vec<Report> = [
            "a/b:c*d?e[f]g\\h",
            "'quoted'",
            "   ",
            "汇总",
            "扣分明细",
            "Project",
            "PROJECT",
            long,
            long,
            "history",
        ]
        .iter()
        .map(|p| named(p))
        .collect();
        let names = sheet_names(&reports, &[]);
        assert_eq!(names[0], "a_b_c_d_e_f_g_h");
        assert_eq!(names[1], "quoted");
        assert_eq!(names[2], "自评表3");
        assert_eq!(names[3], "汇总(2)");
        assert_eq!(names[4], "扣分明细(2)");
        assert_eq!(names[5], "Project");
        assert_eq!(names[6], "PROJECT(2)");
        assert_eq!(names[9], "history(2)");
        let mut seen = HashSet::new();
        for n in &names {
            assert!(n.encode_utf16().count() <= 31, "{n}");
            assert!(!n.starts_with('\'') && !n.ends_with('\''), "{n}");
            assert!(!n.contains(['[', ']', ':', '*', '?', '/', '\\']), "{n}");
            assert!(seen.insert(n.to_lowercase()), "duplicate {n}");
        }
        assert_ne!(names[7], names[8]);
        assert!(names[8].ends_with("(2)"));
    }

    #[test]
    fn wrapping_counts_cjk_double_and_breaks_between_words() {
        // 10 CJK characters = 20 units: one line in 22, two in 12.
        assert_eq!(wrapped_lines("一二三四五六七八九十", 22.0), 1);
        assert_eq!(wrapped_lines("一二三四五六七八九十", 12.0), 2);
        // Explicit line breaks each start a line.
        assert_eq!(wrapped_lines("一\n二\n三", 30.0), 3);
        // An ASCII word is not split when it fits on the next line.
        assert_eq!(wrapped_lines("aaaa bbbbbbbb", 10.0), 2);
        // A word longer than the line is split.
        assert_eq!(wrapped_lines("aaaaaaaaaaaaaaaaaaaa", 11.0), 2);
        // Lines may break after a hyphen or slash.
        assert_eq!(wrapped_lines("samples/minhang-2024.txt", 12.0), 3);
        assert_eq!(wrapped_lines("", 10.0), 1);
    }

    #[test]
    fn numbers_keep_their_digits_and_scale() {
        assert_eq!(exact_f64(d("2139.22")), Some(2139.22));
        assert_eq!(format!("{}", exact_f64(d("0.10")).unwrap()), "0.1");
        // More digits than a double holds: not a number.
        assert_eq!(exact_f64(d("12345678901234567.89")), None);
        assert_eq!(num_format(d("2139.22"), true), "#,##0.00");
        assert_eq!(num_format(d("10"), false), "0");
        assert_eq!(num_format(d("77.777"), false), "0.000");
        assert_eq!(shown_number(d("8340000.00"), true), "8,340,000.00");
        assert_eq!(shown_number(d("-1234"), true), "-1,234");
        assert_eq!(shown_number(d("123"), true), "123");
    }

    #[test]
    fn runs_join_consecutive_equal_items() {
        let v = [1, 1, 2, 1, 1, 1];
        assert_eq!(runs(&v, |a, b| a == b), vec![(0, 1), (2, 2), (3, 5)]);
        assert!(runs::<i32>(&[], |a, b| a == b).is_empty());
    }

    #[test]
    fn tall_rows_spread_over_several_physical_rows() {
        let (starts, spans) = physical_rows(&[20.0, 900.0, 30.0]);
        assert_eq!(starts, vec![0, 1, 4]);
        assert_eq!(spans, vec![1, 3, 1]);
    }

    #[test]
    fn a_form_up_to_a_quarter_over_one_page_is_shrunk_onto_it() {
        assert!(fits_one_page(700.0, 700.0));
        assert!(fits_one_page(875.0, 700.0));
        assert!(!fits_one_page(876.0, 700.0));
    }

    #[test]
    fn page_breaks_fall_between_merged_groups() {
        let widths = [10.0; COLS];
        let mut l = Layout::default();
        for r in 0..6 {
            l.one(r, 2, Value::text("x"), Style::Center);
        }
        // Rows 1..=3 are one merged group; its label is drawn in the middle of row 2.
        l.add((1, 0, 3, 0), Value::text("产出指标"), Style::Label);
        let heights = [100.0; 6];
        // A page holds 3 rows; a clean break at row 1 would leave the page a third full, so
        // the break goes inside the group where the label stays whole (row 3, not row 2).
        assert_eq!(
            page_breaks(&l, &l.measure(), &heights, &widths, 300.0),
            vec![3]
        );
        // A page holds 4.5 rows: the clean break before the group's end fills enough.
        assert_eq!(
            page_breaks(&l, &l.measure(), &heights, &widths, 450.0),
            vec![4]
        );
        // Everything fits: no break.
        assert!(page_breaks(&l, &l.measure(), &heights, &widths, 600.0).is_empty());
        // A group taller than a page is cut where it must be.
        let breaks = page_breaks(&l, &l.measure(), &heights, &widths, 150.0);
        assert_eq!(breaks, vec![1, 2, 3, 4, 5]);
    }

    #[test]
    fn footer_escapes_ampersand() {
        assert_eq!(footer("A&B"), "&LA&&B&R&P / &N");
    }
}
