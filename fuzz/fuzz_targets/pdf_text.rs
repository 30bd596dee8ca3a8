//! The PDF-text reader on any text: forms or errors, never a panic or a hang; every form it
//! returns can be checked and serialized.
#![no_main]

use libfuzzer_sys::fuzz_target;
use selfeval::read::pdf_text;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for report in pdf_text::read_text("fuzz.txt", &text).into_iter().flatten() {
        std::hint::black_box(selfeval::check::check(&report));
        serde_json::to_string(&report).expect("a read form serializes");
    }
});
