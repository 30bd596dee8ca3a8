//! The tab-separated grid reader on any text: forms or errors, never a panic or a hang; every
//! form it returns can be checked and serialized.
#![no_main]

use libfuzzer_sys::fuzz_target;
use selfeval::read::{delimited, grid};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let rows = delimited::grid(&text, b'\t').rows;
    for report in grid::read_forms("fuzz.tsv", &rows).into_iter().flatten() {
        std::hint::black_box(selfeval::check::check(&report));
        serde_json::to_string(&report).expect("a read form serializes");
    }
});
