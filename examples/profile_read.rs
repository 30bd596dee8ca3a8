//! Profiling driver for the text readers: reads every file given (default: `samples/`) `ROUNDS`
//! times with `read_bytes` and prints forms, seconds and forms per second. Made for
//! `valgrind --tool=callgrind target/profiling/examples/profile_read 1`, whose instruction counts
//! stay the same under other load on the machine (the `profiling` profile is the release build
//! with line tables, which the release build no longer carries).
//!
//! `cargo run --profile profiling --example profile_read -- [ROUNDS] [FILE...]`

/// The allocator of the `selfeval` binary, so that the profile counts what the command does.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

use selfeval::read::read_bytes;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let rounds: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let mut files: Vec<std::path::PathBuf> = args.map(Into::into).collect();
    if files.is_empty() {
        files = std::fs::read_dir("samples")
            .expect("run from the project root")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        files.sort();
    }
    let inputs: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read(p).expect("readable file"),
            )
        })
        .collect();
    let t = Instant::now();
    let mut forms = 0usize;
    for _ in 0..rounds {
        for (name, bytes) in &inputs {
            forms += std::hint::black_box(read_bytes(name, bytes))
                .iter()
                .filter(|r| r.is_ok())
                .count();
        }
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{forms} forms  {secs:.3} s  {:.0} forms/s",
        forms as f64 / secs
    );
}
