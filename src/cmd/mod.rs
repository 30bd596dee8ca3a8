//! One module per subcommand; this one holds what they share: loading the inputs.

pub mod check;
pub mod convert;
pub mod json;
pub mod summary;

use selfeval::model::Report;
use selfeval::read::{self, ReadError};
use std::path::PathBuf;

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
