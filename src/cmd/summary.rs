//! `selfeval summary`: the HTML page of every indicator that lost points, and why.

use super::load;
use rayon::prelude::*;
use selfeval::check;
use selfeval::write::{self, html};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Files or directories to read (default: samples/).
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub read: super::ReadArgs,
    /// The HTML file to write.
    #[arg(short, long)]
    pub output: PathBuf,
}

/// Reads the inputs, renders the page and writes it atomically. Exit 2 when an input failed to
/// read (the page is still written, naming the failed inputs) or the page could not be written.
pub fn run(args: Args) -> ExitCode {
    if let Err(message) = super::refuse_overwriting(&args.output, &args.inputs) {
        eprintln!("error: {message}");
        return ExitCode::from(2);
    }
    let loaded = load(&args.inputs, &args.read.options());
    let findings: Vec<_> = loaded.reports.par_iter().map(check::check).collect();
    let meta = html::Meta {
        generated_at: html::generated_now(),
        read_errors: loaded.errors.iter().map(ToString::to_string).collect(),
    };
    let page = match html::render(&loaded.reports, &findings, &meta) {
        Ok(page) => page,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    if let Err(e) = write::atomic::write(&args.output, page.as_bytes()) {
        eprintln!("error: {}", write::atomic::failure(&args.output, &e));
        return ExitCode::from(2);
    }
    super::batch::note(&format!(
        "已写入 {}：{} 张自评表 (wrote {} forms)",
        args.output.display(),
        loaded.reports.len(),
        loaded.reports.len()
    ));
    loaded.exit_code()
}
