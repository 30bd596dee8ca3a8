//! `selfeval corpus` (hidden): writes a corpus of varied forms for benchmarks and trials at
//! district scale, from the sample files.

use selfeval::corpus;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Sample files or directories to vary (default: samples/).
    pub inputs: Vec<PathBuf>,
    /// At least this many forms.
    #[arg(short = 'n', long, default_value_t = 2_000)]
    pub forms: usize,
    /// Directory to write into: `text/` (the text layouts) and, with `--workbooks`, `xlsx/`.
    #[arg(short, long)]
    pub output: PathBuf,
    /// Also write the forms as workbooks, with scores and reasons varied too.
    #[arg(long)]
    pub workbooks: bool,
}

pub fn run(args: Args) -> ExitCode {
    let inputs = if args.inputs.is_empty() {
        vec![PathBuf::from(super::DEFAULT_INPUT)]
    } else {
        args.inputs.clone()
    };
    let expanded = selfeval::read::expand_inputs(&inputs);
    let (files, errors) = (expanded.files, expanded.errors);
    for e in &errors {
        say!("error: {e}");
    }
    let mut samples = Vec::new();
    for f in files {
        match std::fs::read(&f) {
            Ok(bytes) => {
                let name = f
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .to_string();
                samples.push((name, bytes));
            }
            Err(e) => {
                say!("error: {}: {e}", f.display());
                return ExitCode::from(2);
            }
        }
    }
    let texts = corpus::text_files(&samples, args.forms);
    let mut written = corpus::write_files(&args.output.join("text"), &texts);
    if args.workbooks && written.is_ok() {
        written = corpus::write_files(&args.output.join("xlsx"), &corpus::workbook_files(&texts));
    }
    if let Err(e) = written {
        say!("error: {}: {e}", args.output.display());
        return ExitCode::from(2);
    }
    super::batch::note(&format!(
        "已写出 {} 个文本文件到 {} (wrote {} text files)",
        texts.len(),
        args.output.display(),
        texts.len()
    ));
    ExitCode::SUCCESS
}
