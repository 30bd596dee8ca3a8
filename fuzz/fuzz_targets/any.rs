//! Every reader behind content detection on any bytes: a workbook, .xls, .ods, .docx, web
//! page, delimited or PDF text, or one of the refused formats. Forms or errors, never a panic
//! or a hang; every form it returns can be checked and serialized. Seed it with the files of
//! every format (`seed.sh`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for report in selfeval::read::read_bytes("fuzz.bin", data).into_iter().flatten() {
        std::hint::black_box(selfeval::check::check(&report));
        serde_json::to_string(&report).expect("a read form serializes");
    }
});
