//! `selfeval json`: the model of every form, as one JSON array, as JSON lines (one form per
//! line, for jq and streaming), or as a CSV table of the forms or of their indicators.

use super::load;
use super::output::{self, Kind, Planned};
use super::sink;
use rayon::prelude::*;
use selfeval::check::{self, Tally};
use selfeval::model::Report;
use selfeval::write::{self, csv::Table};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Examples and exit codes, after the options in `--help`.
pub const HELP: &str = concat!(
    "示例 (Examples):\n",
    "  selfeval json 自评表/ > forms.json\n",
    "  selfeval json 自评表/ --format json-lines | jq -r .project\n",
    "  selfeval json 自评表/ --format csv -o 汇总.csv\n",
    "      每张表一行 (one row per form)\n",
    "  selfeval json 自评表/ --format csv --table indicators -o 指标.csv\n",
    "      每个指标一行，带所属项目 (one row per indicator, with its form's project)\n",
    "\n",
    "写入 .csv 文件时带 UTF-8 BOM，Excel/WPS 可直接打开；标准输出不带 (a .csv file gets a UTF-8 BOM\n",
    "so Excel and WPS open it as UTF-8; standard output gets none). 金额为精确小数 (amounts are\n",
    "exact decimals). CSV 中以 = + - @ 开头的文字前加 ' 以免被当作公式，JSON 保留原文 (CSV text\n",
    "that would open as a formula gets a leading ', JSON keeps the exact text).\n",
    "数据结构见 (the model): selfeval schema\n\n",
    exit_codes!()
);

#[derive(clap::Args, Debug)]
pub struct Args {
    /// 要读取的文件或文件夹；- 为标准输入 (files or folders to read; - is standard input).
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub read: super::ReadArgs,
    /// 写入此文件而非标准输出；- 为标准输出 (write to this file instead of standard output;
    /// - is standard output).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// 输出格式 (output format); 默认按 -o 的扩展名，否则 json (default: from the -o
    /// extension, .csv or .jsonl, else json).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// CSV 或 JSON Lines 的表：每张表一行或每个指标一行 (the table of csv or json-lines: a
    /// row per form or per indicator).
    #[arg(long, value_enum, default_value_t = TableArg::Forms)]
    pub table: TableArg,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// 一个 JSON 数组 (one JSON array)
    Json,
    /// 每行一个 JSON 对象 (one JSON object per line)
    JsonLines,
    /// 带表头的 CSV 表 (a CSV table with a header row)
    Csv,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableArg {
    /// 每张自评表一行 (one row per form)
    Forms,
    /// 每个绩效指标一行 (one row per indicator)
    Indicators,
}

impl From<TableArg> for Table {
    fn from(t: TableArg) -> Table {
        match t {
            TableArg::Forms => Table::Forms,
            TableArg::Indicators => Table::Indicators,
        }
    }
}

/// The format asked for, or the one the output file's extension names.
fn format_of(args: &Args) -> Format {
    if let Some(f) = args.format {
        return f;
    }
    let ext = sink::file(args.output.as_deref())
        .and_then(Path::extension)
        .map(|e| e.to_string_lossy().to_lowercase());
    match ext.as_deref() {
        Some("csv") => Format::Csv,
        Some("jsonl" | "ndjson") => Format::JsonLines,
        _ => Format::Json,
    }
}

/// The output's text in `format`, with a BOM before CSV written to a file.
fn render(reports: &[Report], format: Format, table: Table, to_file: bool) -> String {
    match format {
        Format::Json if table == Table::Forms => write::json::to_string(reports),
        Format::Json => {
            let rows: Vec<_> = reports
                .iter()
                .flat_map(write::csv::indicator_rows)
                .collect();
            let mut s = serde_json::to_string_pretty(&rows).unwrap_or_else(|_| "[]".into());
            s.push('\n');
            s
        }
        Format::JsonLines => write::csv::table_json_lines(reports, table),
        Format::Csv => {
            let bom = if to_file { "\u{feff}" } else { "" };
            format!("{bom}{}", write::csv::table_csv(reports, table))
        }
    }
}

pub fn run(args: Args) -> ExitCode {
    let inputs = match super::inputs::resolve(&args.inputs, args.read.max_input_size) {
        Ok(i) => i,
        Err(code) => return code,
    };
    let format = format_of(&args);
    let table = Table::from(args.table);
    let file = sink::file(args.output.as_deref());
    if let Some(path) = file {
        let kind = match format {
            Format::Json => Kind::Json,
            Format::JsonLines => Kind::JsonLines,
            Format::Csv => Kind::Csv,
        };
        let files = super::input_files(&inputs);
        if let Err(message) = output::prepare(&[Planned::new("-o", path, kind)], &files) {
            say!("error: {message}");
            return ExitCode::from(2);
        }
    }
    let loaded = load(&inputs, &args.read.options());
    let failed = loaded.errors.len();
    if loaded.reports.is_empty() {
        // Standard output still gets its empty array or header row, for the scripts reading it.
        if file.is_none()
            && let Err(code) = super::print_stdout(&render(&[], format, table, false))
        {
            return code;
        }
        return super::no_forms(failed, file.is_some());
    }
    let text = render(&loaded.reports, format, table, file.is_some());
    if let Err(code) = sink::deliver(file, text.as_bytes()) {
        return code;
    }
    let tally = tally(&loaded.reports);
    super::print_tally(tally);
    super::finish(failed, tally)
}

/// The checks' counts over `reports`, for the exit code.
fn tally(reports: &[Report]) -> Tally {
    let checked: Vec<(&Report, Vec<check::Finding>)> =
        reports.par_iter().map(|r| (r, check::check(r))).collect();
    Tally::of(&checked)
}
