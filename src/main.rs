//! The `selfeval` command line: wiring only; the work is in the library and `cmd/`.

mod cmd;

/// mimalloc instead of the system allocator: reading and writing forms makes many small
/// strings, and on two cores allocation was a fifth of the readers' time.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Read, check and convert 财政项目支出绩效自评表 (project expenditure performance
/// self-evaluation forms).
#[derive(Parser, Debug)]
#[command(name = "selfeval", version, about, after_help = cmd::EXIT_CODES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    batch: cmd::batch::BatchArgs,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Print every form as JSON in the standard model.
    #[command(after_help = cmd::EXIT_CODES)]
    Json(cmd::json::Args),
    /// Write submission-ready workbooks (and optionally the HTML summary).
    #[command(after_help = cmd::EXIT_CODES)]
    Convert(cmd::convert::Args),
    /// Audit every form against the scoring rules.
    #[command(after_help = cmd::EXIT_CODES)]
    Check(cmd::check::Args),
    /// Write the HTML summary of points lost and why.
    #[command(after_help = cmd::EXIT_CODES)]
    Summary(cmd::summary::Args),
    /// Write a corpus of varied forms from the samples, for benchmarks.
    #[command(hide = true)]
    Corpus(cmd::corpus::Args),
}

fn main() -> ExitCode {
    selfeval::alloc::tune();
    let cli = Cli::parse();
    cmd::batch::init(&cli.batch);
    match cli.command {
        Command::Json(args) => cmd::json::run(args),
        Command::Convert(args) => cmd::convert::run(args),
        Command::Check(args) => cmd::check::run(args),
        Command::Summary(args) => cmd::summary::run(args),
        Command::Corpus(args) => cmd::corpus::run(args),
    }
}
