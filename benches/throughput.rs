//! Throughput of each stage on N forms (the samples repeated): `cargo bench --bench throughput`.
//! Prints one line per stage and N: seconds and forms per second.

use selfeval::model::Report;
use selfeval::read::read_bytes;
use std::time::Instant;

/// The sample files' contents, read once.
fn samples() -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir("samples")
        .expect("run from the project root")
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect()
}

/// Whole sample files repeated until at least `n` forms, as (name, bytes) inputs.
fn corpus(samples: &[(String, Vec<u8>)], per_round: usize, n: usize) -> Vec<(String, Vec<u8>)> {
    let rounds = n.div_ceil(per_round);
    (0..rounds)
        .flat_map(|k| {
            samples
                .iter()
                .map(move |(name, b)| (format!("{k}/{name}"), b.clone()))
        })
        .collect()
}

fn line(stage: &str, forms: usize, secs: f64) {
    println!(
        "{stage:<14} {forms:>7} forms  {secs:>8.3} s  {:>10.0} forms/s",
        forms as f64 / secs
    );
}

fn main() {
    let samples = samples();
    let per_round: usize = samples.iter().map(|(n, b)| read_bytes(n, b).len()).sum();
    for n in [200, 2_000, 20_000] {
        let inputs = corpus(&samples, per_round, n);
        let t = Instant::now();
        let reports: Vec<Report> = inputs
            .iter()
            .flat_map(|(name, b)| read_bytes(name, b))
            .filter_map(Result::ok)
            .collect();
        line("read text", reports.len(), t.elapsed().as_secs_f64());

        let t = Instant::now();
        let findings: Vec<_> = reports.iter().map(selfeval::check::check).collect();
        line("check", reports.len(), t.elapsed().as_secs_f64());

        let t = Instant::now();
        let meta = selfeval::write::html::Meta {
            generated_at: String::new(),
            read_errors: Vec::new(),
        };
        let page = selfeval::write::html::render(&reports, &findings, &meta).unwrap();
        line("render html", reports.len(), t.elapsed().as_secs_f64());
        std::hint::black_box(page);
    }
}
