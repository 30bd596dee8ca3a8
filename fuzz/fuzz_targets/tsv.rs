//! The tab-separated grid reader on any text: forms or errors, never a panic or a hang; every
//! form it returns can be checked and serialized.
#![no_main]

use libfuzzer_sys::fuzz_target;
use selfeval::read::tsv;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for report in tsv::read_text("fuzz.tsv", &text).into_iter().flatten() {
        std::hint::black_box(selfeval::check::check(&report));
        serde_json::to_string(&report).expect("a read form serializes");
    }
});
