//! `selfeval summary`: the HTML page of every indicator that lost points, and why.

use super::load;
use super::output::{self, Kind, Planned};
use super::sink;
use rayon::prelude::*;
use selfeval::check::{self, Finding, Tally};
use selfeval::model::Report;
use selfeval::write::html;
use std::path::PathBuf;
use std::process::ExitCode;

/// Examples and exit codes, after the options in `--help`.
pub const HELP: &str = concat!(
    "示例 (Examples):\n",
    "  selfeval summary 自评表/ -o summary.html\n",
    "      一页汇总：每张扣分的表、扣分指标及原因，可打印为 A4 (one page: each form that lost\n",
    "      points, the indicators and why; prints on A4)\n",
    "  selfeval summary 自评表/ -o - > summary.html\n",
    "\n",
    exit_codes!()
);

#[derive(clap::Args, Debug)]
pub struct Args {
    /// 要读取的文件或文件夹；- 为标准输入 (files or folders to read; - is standard input).
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub read: super::ReadArgs,
    /// 要写出的 HTML 文件（*.html 或 *.htm）；- 为标准输出 (the HTML file to write; - is
    /// standard output).
    #[arg(short, long, value_name = "SUMMARY.html")]
    pub output: PathBuf,
}

/// Checks the output, reads the inputs, renders the page and writes it atomically. The page is
/// written when an input failed to read (naming the failed inputs; exit code 2), never when
/// no form was read.
pub fn run(args: Args) -> ExitCode {
    let inputs = match super::inputs::resolve(&args.inputs, args.read.max_input_size) {
        Ok(i) => i,
        Err(code) => return code,
    };
    let file = sink::file(Some(&args.output));
    if let Some(path) = file {
        let planned = [Planned::new("-o", path, Kind::Summary)];
        if let Err(message) = output::prepare(&planned, &super::input_files(&inputs)) {
            say!("error: {message}");
            return ExitCode::from(2);
        }
    }
    let loaded = load(&inputs, &args.read.options());
    let failed = loaded.errors.len();
    if loaded.reports.is_empty() {
        return super::no_forms(failed, true);
    }
    let checked: Vec<(&Report, Vec<Finding>)> = loaded
        .reports
        .par_iter()
        .map(|r| (r, check::check(r)))
        .collect();
    let tally = Tally::of(&checked);
    let findings: Vec<Vec<Finding>> = checked.into_iter().map(|(_, f)| f).collect();
    let meta = html::Meta {
        generated_at: html::generated_now(),
        read_errors: loaded.errors.iter().map(ToString::to_string).collect(),
    };
    let page = match html::render(&loaded.reports, &findings, &meta) {
        Ok(page) => page,
        Err(e) => {
            say!("error: {e}");
            return ExitCode::from(2);
        }
    };
    if let Err(code) = sink::deliver(file, page.as_bytes()) {
        return code;
    }
    if let Some(path) = file {
        super::batch::note(&format!(
            "已写入 {}：{} 张自评表 (wrote {} forms)",
            path.display(),
            loaded.reports.len(),
            loaded.reports.len()
        ));
    }
    super::print_tally(tally);
    super::finish(failed, tally)
}
