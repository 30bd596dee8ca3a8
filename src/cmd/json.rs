//! `selfeval json`: the model of every form as one JSON array.

use super::load;
use selfeval::write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Files or directories to read (default: samples/).
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub read: super::ReadArgs,
    /// Write the JSON to this file instead of stdout.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

pub fn run(args: Args) -> ExitCode {
    if let Some(path) = &args.output
        && let Err(message) = super::refuse_overwriting(path, &args.inputs)
    {
        eprintln!("error: {message}");
        return ExitCode::from(2);
    }
    let loaded = load(&args.inputs, &args.read.options());
    let json = write::json::to_string(&loaded.reports);
    match &args.output {
        Some(path) => {
            if let Err(e) = write::atomic::write(path, json.as_bytes()) {
                eprintln!("error: {}", write::atomic::failure(path, &e));
                return ExitCode::from(2);
            }
        }
        None => print!("{json}"),
    }
    loaded.exit_code()
}
