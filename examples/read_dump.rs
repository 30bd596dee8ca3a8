//! Prints what `read_bytes` makes of each file given, one block per file: every form's full
//! `Debug` or its error. Two builds' dumps of the same files compare a reader change for
//! behaviour, including on inputs no test covers (damaged and shuffled samples).
//!
//! `cargo run --example read_dump -- FILE...`

use selfeval::read::read_bytes;
use std::io::Write;

fn main() {
    let out = std::io::stdout();
    let mut out = out.lock();
    for path in std::env::args().skip(1) {
        let Ok(bytes) = std::fs::read(&path) else {
            let _ = writeln!(out, "== {path}: unreadable");
            continue;
        };
        let _ = writeln!(out, "== {path}");
        for form in read_bytes(&path, &bytes) {
            let _ = writeln!(out, "{form:?}");
        }
    }
}
