//! `selfeval convert`: every form read from the inputs into one submission-ready workbook, or,
//! when `-o` names a directory, one workbook per input file.

use super::output::{self, Kind, Planned};
use super::{Loaded, batch, inputs, read_all, sink};
use rayon::prelude::*;
use selfeval::check::{self, Finding, Severity, Tally};
use selfeval::model::Report;
use selfeval::read;
use selfeval::read::ReadError;
use selfeval::write::{atomic, html, xlsx};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Examples and exit codes, after the options in `--help`.
pub const HELP: &str = concat!(
    "示例 (Examples):\n",
    "  selfeval convert samples/ -o forms.xlsx --html summary.html\n",
    "      全部表写成一个工作簿（汇总、扣分明细、校验，每表一页）和汇总页\n",
    "      (every form into one workbook: 汇总, 扣分明细, 校验 and a sheet per form; and the summary)\n",
    "  selfeval convert 各单位/ -o 工作簿/\n",
    "      每个输入文件各写一个工作簿，保留子文件夹 (one workbook per input file, keeping sub-folders)\n",
    "  cat 自评表.txt | selfeval convert - -o - > forms.xlsx\n",
    "      标准输入到标准输出；不会写到终端 (standard input to standard output; never to a terminal)\n",
    "\n",
    exit_codes!()
);

#[derive(clap::Args, Debug)]
pub struct Args {
    /// 要读取的文件或文件夹；- 为标准输入 (files or folders to read; - is standard input).
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub read: super::ReadArgs,
    /// 要写出的工作簿（*.xlsx）；- 为标准输出；文件夹（已有的，或以 / 结尾）则每个输入文件
    /// 各写一个同名工作簿 (the workbook to write; - is standard output; a folder, existing or
    /// ending in `/`, gets one workbook per input file, `x.txt` → `x.xlsx`, in the sub-folders
    /// it has below an input folder).
    #[arg(short, long, value_name = "OUT.xlsx")]
    pub output: PathBuf,
    /// 另写出 HTML 汇总页（扣分及原因）到此文件（*.html 或 *.htm）；- 为标准输出 (also write
    /// the HTML summary of every form read, points lost and why, to this file; - is standard
    /// output).
    #[arg(long, value_name = "SUMMARY.html")]
    pub html: Option<PathBuf>,
}

pub fn run(mut args: Args) -> ExitCode {
    args.inputs = match inputs::resolve(&args.inputs, args.read.max_input_size) {
        Ok(i) => i,
        Err(code) => return code,
    };
    let options = args.read.options();
    execute(&args, |paths: &[PathBuf]| read_all(paths, &options))
}

/// The command with the loader passed in, so the planning and exit codes can be tested on
/// forms built in memory. The loader prints nothing: failures are printed here, in input
/// order, whatever the number of threads.
fn execute(args: &Args, load: impl Fn(&[PathBuf]) -> Loaded + Sync) -> ExitCode {
    let inputs = args.inputs.clone();
    let page = args.html.as_deref();
    let result = if is_directory_target(&args.output) {
        per_file(&inputs, &args.output, page, &load)
    } else {
        single(&inputs, &args.output, page, &load)
    };
    result.unwrap_or_else(|message| {
        say!("error: {message}");
        ExitCode::from(2)
    })
}

/// Whether `-o` means a directory: one that exists, or a path written with a trailing `/`.
fn is_directory_target(output: &Path) -> bool {
    output.is_dir() || atomic::ends_with_separator(output)
}

/// The counts of errors and warnings over the findings of `forms` forms.
fn tally(forms: usize, findings: &[Vec<Finding>]) -> Tally {
    let all = findings.iter().flatten();
    let errors = all
        .clone()
        .filter(|f| f.severity == Severity::Error)
        .count();
    Tally {
        forms,
        errors,
        warnings: all.count() - errors,
    }
}

/// All forms into one workbook, and the summary page when asked, written side by side.
/// Returns the exit code, or why nothing was written.
fn single(
    inputs: &[PathBuf],
    output: &Path,
    page: Option<&Path>,
    load: &(impl Fn(&[PathBuf]) -> Loaded + Sync),
) -> Result<ExitCode, String> {
    let book_file = sink::file(Some(output));
    let page_file = page.and_then(|p| sink::file(Some(p)));
    if book_file.is_none() {
        if page.is_some_and(sink::is_stdout) {
            return Err("-o - 与 --html - 不能都写到标准输出 \
                 (-o - and --html -: only one output can go to standard output)"
                .to_string());
        }
        sink::refuse_binary_on_terminal("工作簿", "-o")?;
    }
    let mut planned = Vec::new();
    if let Some(book) = book_file {
        planned.push(Planned::new("-o", book, Kind::Workbook));
    }
    if let Some(page) = page_file {
        planned.push(Planned::new("--html", page, Kind::Summary));
    }
    output::prepare(&planned, &inputs::files(inputs))?;
    let mut loaded = load(inputs);
    leave_out_unwritable(&mut loaded);
    print_errors(&loaded);
    if loaded.reports.is_empty() {
        return Ok(super::no_forms(loaded.errors.len(), true));
    }
    let findings: Vec<_> = loaded.reports.par_iter().map(check::check).collect();
    let (book, summary) = write_book_alongside(&loaded.reports, &findings, book_file, || {
        page.map(|_| write_summary(&loaded.reports, &findings, &loaded.errors, page_file))
    });
    if let Some(bytes) = book?
        && let Err(code) = super::print_stdout_bytes(&bytes)
    {
        return Ok(code);
    }
    note_book(output, loaded.reports.len());
    if let Some(page) = page {
        if let Some(text) = summary.transpose()?.flatten()
            && let Err(code) = super::print_stdout(&text)
        {
            return Ok(code);
        }
        note_summary(page, loaded.reports.len());
    }
    let tally = tally(loaded.reports.len(), &findings);
    super::print_tally(tally);
    Ok(super::finish(loaded.errors.len(), tally))
}

/// One workbook per input file, in `dir`, converted in parallel, then the summary page of
/// them all when asked. Each task holds one input's forms and workbook at a time, so memory
/// does not grow with the batch (apart from the forms kept for the summary page).
/// Returns the exit code, or why nothing was written.
fn per_file(
    inputs: &[PathBuf],
    dir: &Path,
    page: Option<&Path>,
    load: &(impl Fn(&[PathBuf]) -> Loaded + Sync),
) -> Result<ExitCode, String> {
    output::check_folder(dir)?;
    if inputs.iter().any(|i| inputs::is_stdin(i)) || page.is_some_and(sink::is_stdout) {
        return Err(format!(
            "-o {}: 每个输入文件各写一个工作簿时，不能读标准输入或把汇总页写到标准输出；\
             请用 -o 文件名.xlsx (one workbook per input file cannot take standard input or \
             write the summary to standard output; pass -o OUT.xlsx)",
            dir.display()
        ));
    }
    let expanded = read::expand_inputs(inputs);
    let (files, missing) = (expanded.files, expanded.errors);
    let outputs: Vec<PathBuf> = files
        .iter()
        .map(|f| dir.join(relative_output(f, inputs)))
        .collect();
    let mut seen: HashMap<&PathBuf, &PathBuf> = HashMap::new();
    for (out, input) in outputs.iter().zip(&files) {
        if let Some(first) = seen.insert(out, input) {
            return Err(format!(
                "{} 与 {} 都会写成 {}，请分开转换 (both inputs would be written to the same file)",
                first.display(),
                input.display(),
                out.display()
            ));
        }
    }
    let mut planned: Vec<Planned> = outputs
        .iter()
        .map(|out| Planned {
            folder_made: true,
            ..Planned::new("-o", out, Kind::Workbook)
        })
        .collect();
    if let Some(page) = page {
        planned.push(Planned {
            // The page may go in the folder this run makes.
            folder_made: output::is_in(page, dir),
            ..Planned::new("--html", page, Kind::Summary)
        });
    }
    output::prepare(&planned, &files)?;
    for n in &expanded.notes {
        batch::note(&format!("note: {n}"));
    }
    for e in &missing {
        say!("error: {e}");
    }
    // The folders this run makes, deepest first: removed again when no workbook is written.
    let made: Vec<PathBuf> = dir
        .ancestors()
        .take_while(|a| !a.as_os_str().is_empty() && !a.exists())
        .map(Path::to_path_buf)
        .collect();
    std::fs::create_dir_all(dir).map_err(|e| {
        format!(
            "{}: 无法创建目录 (cannot create directory): {e}",
            dir.display()
        )
    })?;

    struct One {
        loaded: Loaded,
        findings: Vec<Vec<Finding>>,
        tally: Tally,
        /// Forms written, when the workbook was.
        written: Option<usize>,
        write_error: Option<String>,
    }
    let progress = batch::Progress::new(files.len(), "转换 (converting)");
    let results: Vec<One> = files
        .par_iter()
        .zip(&outputs)
        .map(|(file, out)| {
            let mut loaded = load(std::slice::from_ref(file));
            leave_out_unwritable(&mut loaded);
            let mut findings: Vec<_> = loaded.reports.iter().map(check::check).collect();
            let (written, write_error) = if loaded.reports.is_empty() {
                (false, None)
            } else {
                match create_parent(out)
                    .and_then(|()| write_book(&loaded.reports, &findings, Some(out)))
                {
                    Ok(_) => (true, None),
                    Err(e) => (false, Some(e)),
                }
            };
            let forms = loaded.reports.len();
            let tally = tally(forms, &findings);
            if page.is_none() {
                loaded.reports = Vec::new();
                findings = Vec::new();
            }
            progress.inc();
            One {
                loaded,
                findings,
                tally,
                written: written.then_some(forms),
                write_error,
            }
        })
        .collect();
    progress.finish();

    let mut all = Loaded {
        errors: missing,
        ..Loaded::default()
    };
    let mut all_findings = Vec::new();
    let (mut workbooks, mut forms) = (0, 0);
    let mut counts = Tally::default();
    let mut write_failures = 0;
    for one in results {
        print_errors(&one.loaded);
        if let Some(n) = one.written {
            workbooks += 1;
            forms += n;
        }
        if let Some(e) = one.write_error {
            say!("error: {e}");
            write_failures += 1;
        }
        counts.forms += one.tally.forms;
        counts.errors += one.tally.errors;
        counts.warnings += one.tally.warnings;
        all.errors.extend(one.loaded.errors);
        all.reports.extend(one.loaded.reports);
        all_findings.extend(one.findings);
    }
    if workbooks == 0 {
        for folder in &made {
            // Only empty folders go: never anything someone else put there meanwhile.
            let _ = std::fs::remove_dir(folder);
        }
    }
    if counts.forms == 0 {
        return Ok(super::no_forms(all.errors.len(), true));
    }
    batch::note(&format!(
        "已写出 {workbooks} 个工作簿到 {}，共 {forms} 张自评表 (wrote {workbooks} workbooks, {forms} forms)",
        dir.display()
    ));
    if write_failures > 0 {
        say!("{write_failures} 个工作簿未能写出 ({write_failures} workbooks could not be written)");
        return Ok(ExitCode::from(2));
    }
    if let Some(page) = page {
        // Each workbook holds its own file's forms; the page of them all counts a form read
        // from two files once.
        let twice = super::duplicates::repeated(&all.reports);
        for d in &twice {
            say!("warning: {}", d.warning);
        }
        super::duplicates::remove(&mut all.reports, &twice);
        super::duplicates::remove(&mut all_findings, &twice);
        write_summary(&all.reports, &all_findings, &all.errors, Some(page))?;
        note_summary(page, all.reports.len());
    }
    super::print_tally(counts);
    Ok(super::finish(all.errors.len(), counts))
}

/// Where an input's workbook goes under the output directory: a file found in an input
/// directory keeps its place below it (`dept-a/forms.txt` → `dept-a/forms.xlsx`), so files of
/// the same name in different folders do not collide; a file named directly keeps its name.
fn relative_output(file: &Path, inputs: &[PathBuf]) -> PathBuf {
    let relative = inputs
        .iter()
        .filter(|i| i.is_dir())
        .find_map(|i| file.strip_prefix(i).ok())
        .map_or_else(
            || PathBuf::from(file.file_name().unwrap_or(file.as_os_str())),
            Path::to_path_buf,
        );
    relative.with_extension("xlsx")
}

/// Creates the folder a per-file workbook goes in.
fn create_parent(out: &Path) -> Result<(), String> {
    match out.parent() {
        Some(parent) => std::fs::create_dir_all(parent).map_err(|e| {
            format!(
                "{}: 无法创建目录 (cannot create directory): {e}",
                parent.display()
            )
        }),
        None => Ok(()),
    }
}

/// Prints the read failures of a load, one line each.
fn print_errors(loaded: &Loaded) {
    loaded.print();
}

/// Writes the forms and their check findings (`findings[i]` of `reports[i]`) to `output`, or
/// returns the workbook's bytes for standard output (`None`).
fn write_book(
    reports: &[Report],
    findings: &[Vec<Finding>],
    output: Option<&Path>,
) -> Result<Option<Vec<u8>>, String> {
    write_book_alongside(reports, findings, output, || ()).0
}

/// [`write_book`], running `alongside` (the summary page) while the workbook is saved.
fn write_book_alongside<T: Send>(
    reports: &[Report],
    findings: &[Vec<Finding>],
    output: Option<&Path>,
    alongside: impl FnOnce() -> T + Send,
) -> (Result<Option<Vec<u8>>, String>, T) {
    let name = output.map_or_else(|| "-".to_string(), |p| p.display().to_string());
    if reports.is_empty() {
        let why = format!("{name}: 没有读到任何自评表，未写出 (no form was read; nothing written)");
        return (Err(why), alongside());
    }
    match output {
        // The error names the file already.
        Some(path) => {
            let (r, other) =
                xlsx::write_checked_workbook_alongside(reports, findings, path, alongside);
            (r.map(|()| None).map_err(|e| e.to_string()), other)
        }
        None => {
            let (r, other) = xlsx::checked_workbook_bytes_alongside(reports, findings, alongside);
            let r = r
                .map(Some)
                .map_err(|e| format!("{name}: 无法生成工作簿 (cannot build the workbook): {e}"));
            (r, other)
        }
    }
}

/// Forms a workbook cannot hold (a text over 32,767 characters) become errors naming their
/// input; the batch goes on with the others.
fn leave_out_unwritable(loaded: &mut Loaded) {
    let mut kept = Vec::with_capacity(loaded.reports.len());
    for r in std::mem::take(&mut loaded.reports) {
        match xlsx::unwritable(&r) {
            Some(why) => {
                let at = r
                    .source
                    .sheet
                    .clone()
                    .or(r.source.line.map(|l| format!("line {l}")));
                loaded.errors.push(ReadError::new(
                    &r.source.file,
                    at,
                    format!("{}：{why}", r.label()),
                ));
            }
            None => kept.push(r),
        }
    }
    loaded.reports = kept;
}

/// Writes the HTML summary of the forms of this run to `page`, or returns it for standard
/// output (`None`).
fn write_summary(
    reports: &[Report],
    findings: &[Vec<Finding>],
    read_errors: &[ReadError],
    page: Option<&Path>,
) -> Result<Option<String>, String> {
    let name = page.map_or_else(|| "-".to_string(), |p| p.display().to_string());
    let meta = html::Meta {
        generated_at: html::generated_now(),
        read_errors: read_errors.iter().map(ToString::to_string).collect(),
    };
    let text = html::render(reports, findings, &meta)
        .map_err(|e| format!("{name}: 无法生成汇总页 ({e})"))?;
    match page {
        Some(page) => {
            atomic::write(page, text.as_bytes()).map_err(|e| atomic::failure(page, &e))?;
            Ok(None)
        }
        None => Ok(Some(text)),
    }
}

fn note_book(output: &Path, forms: usize) {
    if sink::is_stdout(output) {
        batch::note(&format!(
            "已写出工作簿到标准输出: {forms} 张自评表 (wrote the workbook of {forms} forms to standard output)"
        ));
    } else {
        batch::note(&format!(
            "已写出 {}: {forms} 张自评表 (wrote {forms} forms)",
            output.display()
        ));
    }
}

fn note_summary(page: &Path, forms: usize) {
    if sink::is_stdout(page) {
        batch::note(&format!(
            "已写出汇总页到标准输出: {forms} 张自评表 (wrote the summary of {forms} forms to standard output)"
        ));
        return;
    }
    batch::note(&format!(
        "已写出 {}: {forms} 张自评表的汇总页 (wrote the summary of {forms} forms)",
        page.display(),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use selfeval::model::{Report, TITLE};
    use selfeval::read::ReadError;

    fn report(file: &Path, project: &str) -> Report {
        Report {
            source: selfeval::model::Source {
                file: file.display().to_string(),
                line: Some(1),
                sheet: None,
            },
            title: TITLE.to_string(),
            year: Some(2024),
            project: project.to_string(),
            department: "部门".to_string(),
            implementing_unit: "单位".to_string(),
            money_unit: "万元".to_string(),
            funds: Default::default(),
            goals: Default::default(),
            indicators: vec![],
            total: Default::default(),
            grade: None,
            unplaced: vec![],
            extra_funds: Vec::new(),
            texts: Vec::new(),
            incomplete: false,
            points: Vec::new(),
        }
    }

    /// A loader that reads files named `bad*` as failures and every other file as two forms.
    fn fake_load(paths: &[PathBuf]) -> Loaded {
        let expanded = read::expand_inputs(paths);
        let (files, mut errors) = (expanded.files, expanded.errors);
        let mut reports = Vec::new();
        for f in files {
            let name = f.file_name().unwrap().to_string_lossy().to_string();
            if name.starts_with("bad") {
                errors.push(ReadError::new(&f.display().to_string(), None, "bad"));
            } else {
                reports.push(report(&f, &format!("{name}-1")));
                reports.push(report(&f, &format!("{name}-2")));
            }
        }
        Loaded {
            reports,
            errors,
            ..Loaded::default()
        }
    }

    fn sheets(path: &Path) -> Vec<String> {
        use calamine::Reader;
        let wb: calamine::Xlsx<_> = calamine::open_workbook(path).unwrap();
        wb.sheet_names().to_vec()
    }

    fn args(inputs: &[&Path], output: PathBuf) -> Args {
        Args {
            inputs: inputs.iter().map(|p| p.to_path_buf()).collect(),
            output,
            html: None,
            read: Default::default(),
        }
    }

    #[test]
    fn one_workbook_for_all_inputs_and_exit_2_on_a_bad_one() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.txt");
        let bad = dir.path().join("bad.txt");
        std::fs::write(&a, "x").unwrap();
        std::fs::write(&bad, "x").unwrap();
        let out = dir.path().join("out.xlsx");
        assert_eq!(
            execute(&args(&[&a], out.clone()), fake_load),
            ExitCode::SUCCESS
        );
        assert_eq!(
            sheets(&out),
            ["汇总", "扣分明细", "校验", "图表", "a.txt-1", "a.txt-2"]
        );

        std::fs::remove_file(&out).unwrap();
        let code = execute(&args(&[&a, &bad], out.clone()), fake_load);
        assert_eq!(code, ExitCode::from(2));
        // The good input is still converted.
        assert_eq!(sheets(&out).len(), 6);
    }

    #[test]
    fn nothing_read_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let bad = dir.path().join("bad.txt");
        std::fs::write(&bad, "x").unwrap();
        let out = dir.path().join("out.xlsx");
        assert_eq!(
            execute(&args(&[&bad], out.clone()), fake_load),
            ExitCode::from(2)
        );
        assert!(!out.exists());
    }

    #[test]
    fn output_equal_to_an_input_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.xlsx");
        std::fs::write(&a, "original").unwrap();
        // The same file through another spelling of its path.
        let other = dir.path().join(".").join("a.xlsx");
        assert_eq!(execute(&args(&[&a], other), fake_load), ExitCode::from(2));
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "original");
        // Also when the input is given as its directory.
        assert_eq!(
            execute(&args(&[dir.path()], a.clone()), fake_load),
            ExitCode::from(2)
        );
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "original");
    }

    #[test]
    fn directory_output_gets_one_workbook_per_input() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("x.txt");
        let b = dir.path().join("y.tsv");
        let bad = dir.path().join("bad.txt");
        for p in [&a, &b, &bad] {
            std::fs::write(p, "x").unwrap();
        }
        let out = dir.path().join("out");
        let mut target = out.clone().into_os_string();
        target.push("/");
        let code = execute(&args(&[&a, &b, &bad], PathBuf::from(target)), fake_load);
        assert_eq!(code, ExitCode::from(2));
        assert_eq!(sheets(&out.join("x.xlsx"))[4..], ["x.txt-1", "x.txt-2"]);
        assert_eq!(sheets(&out.join("y.xlsx"))[4..], ["y.tsv-1", "y.tsv-2"]);
        assert!(!out.join("bad.xlsx").exists());

        // An existing directory without the trailing slash works the same.
        let code = execute(&args(&[&a], out.clone()), fake_load);
        assert_eq!(code, ExitCode::SUCCESS);
    }

    #[test]
    fn directory_output_keeps_the_folders_of_an_input_directory() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in");
        for dept in ["dept-a", "dept-b"] {
            std::fs::create_dir_all(input.join(dept)).unwrap();
            std::fs::write(input.join(dept).join("forms.txt"), "x").unwrap();
        }
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        let code = execute(&args(&[&input], out.clone()), fake_load);
        assert_eq!(code, ExitCode::SUCCESS);
        for dept in ["dept-a", "dept-b"] {
            let book = out.join(dept).join("forms.xlsx");
            assert_eq!(sheets(&book)[4..], ["forms.txt-1", "forms.txt-2"]);
        }
    }

    #[test]
    fn directory_output_refuses_two_inputs_with_one_name() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("x.txt");
        let b = dir.path().join("x.tsv");
        std::fs::write(&a, "x").unwrap();
        std::fs::write(&b, "x").unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        assert_eq!(
            execute(&args(&[&a, &b], out.clone()), fake_load),
            ExitCode::from(2)
        );
        assert!(!out.join("x.xlsx").exists());
    }

    #[test]
    fn directory_output_refuses_writing_over_an_input() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("x.xlsx");
        std::fs::write(&a, "original").unwrap();
        assert_eq!(
            execute(&args(&[&a], dir.path().to_path_buf()), fake_load),
            ExitCode::from(2)
        );
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "original");
    }
}
