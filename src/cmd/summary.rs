//! `selfeval summary` (filled in by its issue).

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Files or directories to read (default: samples/).
    pub inputs: Vec<PathBuf>,
}

pub fn run(args: Args) -> ExitCode {
    let _ = args;
    eprintln!("selfeval summary: not available yet");
    ExitCode::from(2)
}
