//! `selfeval check`: audit every form against the scoring rules.
//!
//! Exit code: 2 when an input cannot be read (it takes precedence: an unread form was not
//! checked), 1 when a form has an error, 0 otherwise; warnings alone do not fail. With
//! `--format json`, inputs that could not be read are listed too, as `read-error` findings.

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
    match args.format {
        Format::Text => print!("{}", check::render_text(&checked)),
        Format::Json => {
            let unread: Vec<Finding> = loaded.errors.iter().map(Finding::unread).collect();
            print!("{}", check::render_json(&unread, &checked))
        }
    }
    if !loaded.errors.is_empty() {
        loaded.exit_code()
    } else if Tally::of(&checked).errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
