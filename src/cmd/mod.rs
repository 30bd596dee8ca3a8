//! One module per subcommand; this one holds what they share: loading the inputs.

pub mod check;
pub mod convert;
pub mod json;
pub mod summary;

use selfeval::model::Report;
use selfeval::read::{self, ReadError};
use std::path::PathBuf;
use std::process::ExitCode;

/// The bundled samples, read when no input is given.
pub const DEFAULT_INPUT: &str = "samples";

/// Every form read from the inputs, and every failure, in input order.
pub struct Loaded {
    pub reports: Vec<Report>,
    pub errors: Vec<ReadError>,
}

/// Reads all inputs (files or directories; `samples/` when none), going on past bad files.
/// Each failure is printed to stderr as one line as it is met.
pub fn load(inputs: &[PathBuf]) -> Loaded {
    let inputs = if inputs.is_empty() {
        vec![PathBuf::from(DEFAULT_INPUT)]
    } else {
        inputs.to_vec()
    };
    let (files, mut errors) = read::expand_inputs(&inputs);
    for e in &errors {
        eprintln!("error: {e}");
    }
    let mut reports = Vec::new();
    for file in files {
        for form in read::read_path(&file) {
            match form {
                Ok(r) => reports.push(r),
                Err(e) => {
                    eprintln!("error: {e}");
                    errors.push(e);
                }
            }
        }
    }
    Loaded { reports, errors }
}

impl Loaded {
    /// Success, or exit code 2 with a last line counting the inputs that failed to read.
    pub fn exit_code(&self) -> ExitCode {
        read_failures(self.errors.len())
    }
}

/// Exit code 2 and a closing count when any input failed to read (each failure was printed
/// already); success otherwise.
pub fn read_failures(failed: usize) -> ExitCode {
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        eprintln!("{failed} 个输入读取失败 ({failed} failed)");
        ExitCode::from(2)
    }
}
