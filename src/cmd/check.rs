//! `selfeval check`: audit every form against the scoring rules.
//!
//! Exit code (the rule of every command): 2 when an input cannot be read (it takes precedence:
//! an unread form was not checked) or no form was found, 1 when a form has an error, 0
//! otherwise; warnings alone do not fail. With `--format json`, inputs that could not be read
//! are listed too, as `read-error` findings.

use super::load;
use rayon::prelude::*;
use selfeval::check::{self, Finding, Tally};
use selfeval::model::Report;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Files or directories to read (default: samples/).
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub read: super::ReadArgs,
    /// Output format: `text` for people, `json` for scripts.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

pub fn run(args: Args) -> ExitCode {
    let loaded = load(&args.inputs, &args.read.options());
    let checked: Vec<(&Report, Vec<Finding>)> = loaded
        .reports
        .par_iter()
        .map(|r| (r, check::check(r)))
        .collect();
    let report = match args.format {
        Format::Text => check::render_text(&checked),
        Format::Json => {
            let unread: Vec<Finding> = loaded.errors.iter().map(Finding::unread).collect();
            check::render_json(&unread, &checked)
        }
    };
    if let Err(code) = super::print_stdout(&report) {
        return code;
    }
    if loaded.reports.is_empty() {
        return super::no_forms(loaded.errors.len(), false);
    }
    super::finish(loaded.errors.len(), Tally::of(&checked))
}
