//! `selfeval check`: audit every form against the scoring rules.
//!
//! Exit code (the rule of every command): 2 when an input cannot be read (it takes precedence:
//! an unread form was not checked) or no form was found, 1 when a form has an error, 0
//! otherwise; warnings alone do not fail. In the formats for scripts (`json`, `json-lines`,
//! `csv`), inputs that could not be read are listed too, as `read-error` findings.

use super::load;
use rayon::prelude::*;
use selfeval::check::{self, Finding, Tally};
use selfeval::model::Report;
use selfeval::write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Examples and exit codes, after the options in `--help`.
pub const HELP: &str = concat!(
    "示例 (Examples):\n",
    "  selfeval check 自评表/\n",
    "  selfeval check 自评表/ --format csv > 校验.csv\n",
    "      每个问题一行 (one row per finding)\n",
    "  selfeval check 自评表/ --format json-lines | jq 'select(.severity == \"error\")'\n",
    "  cat 自评表.txt | selfeval check -\n",
    "\n",
    exit_codes!()
);

#[derive(clap::Args, Debug)]
pub struct Args {
    /// 要读取的文件或文件夹；- 为标准输入 (files or folders to read; - is standard input).
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub read: super::ReadArgs,
    /// 输出格式 (output format).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// 给人看的文本 (text for people)
    Text,
    /// 一个 JSON 数组，每个问题一个对象 (one JSON array, an object per finding)
    Json,
    /// 每行一个问题的 JSON 对象 (one finding per line as a JSON object)
    JsonLines,
    /// 每个问题一行的 CSV 表 (a CSV table, one row per finding)
    Csv,
}

pub fn run(args: Args) -> ExitCode {
    let inputs = match super::inputs::resolve(&args.inputs, args.read.max_input_size) {
        Ok(i) => i,
        Err(code) => return code,
    };
    let loaded = load(&inputs, &args.read.options());
    let checked: Vec<(&Report, Vec<Finding>)> = loaded
        .reports
        .par_iter()
        .map(|r| (r, check::check(r)))
        .collect();
    let unread: Vec<Finding> = loaded.errors.iter().map(Finding::unread).collect();
    let report = match args.format {
        Format::Text => check::render_text(&checked),
        Format::Json => check::render_json(&unread, &checked),
        Format::JsonLines => write::csv::to_json_lines(in_order(&unread, &checked)),
        Format::Csv => write::csv::findings_csv(in_order(&unread, &checked)),
    };
    if let Err(code) = super::print_stdout(&report) {
        return code;
    }
    if loaded.reports.is_empty() {
        return super::no_forms(loaded.errors.len(), false);
    }
    super::finish(loaded.errors.len(), Tally::of(&checked))
}

/// The findings in the order of `--format json`: inputs not read first, then each form's,
/// errors before warnings.
fn in_order<'a>(unread: &'a [Finding], forms: &'a [(&Report, Vec<Finding>)]) -> Vec<&'a Finding> {
    let mut all: Vec<&Finding> = unread.iter().collect();
    for (_, findings) in forms {
        let mut sorted: Vec<&Finding> = findings.iter().collect();
        sorted.sort_by_key(|f| f.severity);
        all.extend(sorted);
    }
    all
}
