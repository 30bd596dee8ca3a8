//! `selfeval json`: the model of every form as one JSON array.

use super::load;
use super::output::{self, Kind, Planned};
use rayon::prelude::*;
use selfeval::check::{self, Tally};
use selfeval::model::Report;
use selfeval::write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Files or directories to read (default: samples/).
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub read: super::ReadArgs,
    /// Write the JSON to this file (`*.json`) instead of stdout; `-` is stdout.
    #[arg(short, long, value_name = "OUT.json")]
    pub output: Option<PathBuf>,
}

pub fn run(args: Args) -> ExitCode {
    let file = args.output.as_ref().filter(|p| p.as_os_str() != "-");
    if let Some(path) = file {
        let inputs = super::input_files(&args.inputs);
        if let Err(message) = output::prepare(&[Planned::new("-o", path, Kind::Json)], &inputs) {
            say!("error: {message}");
            return ExitCode::from(2);
        }
    }
    let loaded = load(&args.inputs, &args.read.options());
    let failed = loaded.errors.len();
    if loaded.reports.is_empty() {
        // Standard output still gets its empty array, for the scripts reading it.
        if file.is_none()
            && let Err(code) = super::print_stdout(&write::json::to_string(&loaded.reports))
        {
            return code;
        }
        return super::no_forms(failed, file.is_some());
    }
    let json = write::json::to_string(&loaded.reports);
    match file {
        Some(path) => {
            if let Err(e) = write::atomic::write(path, json.as_bytes()) {
                say!("error: {}", write::atomic::failure(path, &e));
                return ExitCode::from(2);
            }
        }
        None => {
            if let Err(code) = super::print_stdout(&json) {
                return code;
            }
        }
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
