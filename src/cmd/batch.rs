//! How a batch runs, whatever the subcommand: how many threads, and what it says on stderr
//! while it works (a progress bar on a terminal, notes of what was written).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Options every subcommand takes, given before or after the subcommand.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct BatchArgs {
    /// 使用的线程数（默认或 0：全部核心；每核最多 4 个，总共最多 256）；结果与线程数无关
    /// (threads to use; default, or 0: all cores. At most 4 threads per core and never more
    /// than 256: a larger number is lowered to that, with a note. The output is the same
    /// whatever the number).
    #[arg(long, short = 'j', global = true, value_name = "N")]
    pub jobs: Option<usize>,
    /// 不显示进度条和提示，错误照常显示 (no progress bar and no notes of what was written;
    /// errors are still printed).
    #[arg(long, short = 'q', global = true)]
    pub quiet: bool,
}

static QUIET: AtomicBool = AtomicBool::new(false);

/// The most threads `--jobs` may start: 4 per core, at most [`MAX_JOBS`].
const JOBS_PER_CORE: usize = 4;
/// The most threads `--jobs` may start whatever the cores (starting 100,000 threads took
/// longer than the work).
const MAX_JOBS: usize = 256;

/// Sets up the thread pool and the quiet flag for the whole run.
pub fn init(args: &BatchArgs) {
    QUIET.store(args.quiet, Ordering::Relaxed);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = jobs(args.jobs, cores);
    if let Some(asked) = args.jobs
        && asked > threads
    {
        note(&format!(
            "note: --jobs {asked} 太多，改用 {threads} 个线程 \
             (--jobs lowered to {threads}: at most {JOBS_PER_CORE} per core on {cores} cores, \
             and {MAX_JOBS} in all)"
        ));
    }
    // Fails only when a pool was already built (never here); rayon then uses its default.
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build_global();
}

/// The threads to use for `--jobs` on a machine of `cores` cores: all cores when not given or
/// 0, and never more than [`JOBS_PER_CORE`] per core or [`MAX_JOBS`].
fn jobs(asked: Option<usize>, cores: usize) -> usize {
    let cores = cores.max(1);
    match asked {
        None | Some(0) => cores,
        Some(n) => n.min(cores.saturating_mul(JOBS_PER_CORE)).min(MAX_JOBS),
    }
}

fn quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

/// A note for the user on stderr (what was written), unless `--quiet`.
pub fn note(message: &str) {
    if !quiet() {
        say!("{message}");
    }
}

/// How long a batch runs before its progress bar appears: a run that ends sooner shows none.
const SHOW_AFTER: Duration = Duration::from_millis(300);

/// A progress bar on stderr for a batch of `len` steps. It appears only when stderr is a
/// terminal, without `--quiet`, and once the batch has taken more than a moment; it is safe to
/// advance from many threads.
pub struct Progress {
    bar: Option<ProgressBar>,
    start: Instant,
    shown: AtomicBool,
}

impl Progress {
    pub fn new(len: usize, what: &str) -> Progress {
        let bar = (!quiet() && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::hidden());
            let style = ProgressStyle::with_template("{msg} [{wide_bar}] {pos}/{len}，还需 {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> ");
            bar.set_style(style);
            bar.set_message(what.to_string());
            bar
        });
        Progress {
            bar,
            start: Instant::now(),
            shown: AtomicBool::new(false),
        }
    }

    /// One more step done.
    pub fn inc(&self) {
        let Some(bar) = &self.bar else { return };
        bar.inc(1);
        if !self.shown.load(Ordering::Relaxed)
            && self.start.elapsed() >= SHOW_AFTER
            && !self.shown.swap(true, Ordering::Relaxed)
        {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    /// Removes the bar, so the lines printed next start on a clean line.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

#[cfg(test)]
mod tests {
    use super::jobs;

    #[test]
    fn jobs_are_all_cores_by_default_or_0_and_capped() {
        assert_eq!(jobs(None, 2), 2);
        assert_eq!(jobs(Some(0), 2), 2);
        assert_eq!(jobs(Some(1), 2), 1);
        assert_eq!(jobs(Some(8), 2), 8);
        assert_eq!(jobs(Some(100_000), 2), 8);
        assert_eq!(jobs(Some(100_000), 512), 256);
    }
}
