//! `selfeval summary`: the HTML page of every indicator that lost points, and why.

use super::load;
use super::output::{self, Kind, Planned};
use rayon::prelude::*;
use selfeval::check::{self, Finding, Tally};
use selfeval::model::Report;
use selfeval::write::{self, html};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Files or directories to read (default: samples/).
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub read: super::ReadArgs,
    /// The HTML file to write (`*.html` or `*.htm`).
    #[arg(short, long, value_name = "SUMMARY.html")]
    pub output: PathBuf,
}

/// Checks the output, reads the inputs, renders the page and writes it atomically. The page is
/// written when an input failed to read (naming the failed inputs; exit code 2), never when
/// no form was read.
pub fn run(args: Args) -> ExitCode {
    let inputs = super::input_files(&args.inputs);
    let planned = [Planned::new("-o", &args.output, Kind::Summary)];
    if let Err(message) = output::prepare(&planned, &inputs) {
        say!("error: {message}");
        return ExitCode::from(2);
    }
    let loaded = load(&args.inputs, &args.read.options());
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
    if let Err(e) = write::atomic::write(&args.output, page.as_bytes()) {
        say!("error: {}", write::atomic::failure(&args.output, &e));
        return ExitCode::from(2);
    }
    super::batch::note(&format!(
        "已写入 {}：{} 张自评表 (wrote {} forms)",
        args.output.display(),
        loaded.reports.len(),
        loaded.reports.len()
    ));
    super::print_tally(tally);
    super::finish(failed, tally)
}
