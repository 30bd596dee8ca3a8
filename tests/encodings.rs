//! Text inputs in other encodings and line ends read exactly like the UTF-8 samples.

use selfeval::read::{ReadOptions, read_bytes, read_bytes_with};
use selfeval::write;

const SAMPLES: [&str; 2] = [
    "samples/shanghai-minhang-social-security-2024.txt",
    "samples/shanghai-songjiang-admin-service-2021.txt",
];

/// The JSON of every form read, with errors as text, so a difference anywhere shows.
fn json(name: &str, bytes: &[u8], options: &ReadOptions) -> String {
    let forms = read_bytes_with(name, bytes, options);
    let errors: Vec<String> = forms
        .iter()
        .filter_map(|f| f.as_ref().err().map(ToString::to_string))
        .collect();
    assert!(errors.is_empty(), "{name}: {errors:?}");
    let reports: Vec<_> = forms.into_iter().map(|f| f.unwrap()).collect();
    assert!(!reports.is_empty());
    write::json::to_string(&reports)
}

fn utf8(path: &str) -> String {
    std::fs::read_to_string(path).unwrap()
}

fn gb18030(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

fn crlf(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\n', "\r\n")
}

#[test]
fn gb18030_reads_like_utf8() {
    let default = ReadOptions::default();
    for path in SAMPLES {
        let text = utf8(path);
        let expected = json("f.txt", text.as_bytes(), &default);
        let gb = gb18030(&text);
        assert_ne!(gb, text.as_bytes(), "the sample must hold non-ASCII text");
        assert_eq!(json("f.txt", &gb, &default), expected, "{path}: GB18030");
        assert_eq!(
            json("f.txt", &gb18030(&crlf(&text)), &default),
            expected,
            "{path}: GB18030 + CRLF"
        );
        let mut with_bom = b"\x84\x31\x95\x33".to_vec();
        with_bom.extend(gb18030(&crlf(&text)));
        assert_eq!(
            json("f.txt", &with_bom, &default),
            expected,
            "{path}: GB18030 BOM + CRLF"
        );
        let mut utf8_bom = b"\xEF\xBB\xBF".to_vec();
        utf8_bom.extend(crlf(&text).into_bytes());
        assert_eq!(
            json("f.txt", &utf8_bom, &default),
            expected,
            "{path}: UTF-8 BOM + CRLF"
        );
        let mut utf16 = b"\xFF\xFE".to_vec();
        utf16.extend(crlf(&text).encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(
            json("f.txt", &utf16, &default),
            expected,
            "{path}: UTF-16LE BOM + CRLF"
        );
    }
}

#[test]
fn named_encoding_overrides_detection() {
    let text = utf8(SAMPLES[0]);
    let expected = json("f.txt", text.as_bytes(), &ReadOptions::default());
    let gbk = ReadOptions {
        encoding: encoding_rs::Encoding::for_label(b"gbk"),
        ..Default::default()
    };
    assert_eq!(json("f.txt", &gb18030(&text), &gbk), expected);
    // UTF-8 bytes read as GBK are not the same text: either an error or different forms.
    let wrong = read_bytes_with("f.txt", text.as_bytes(), &gbk);
    let same = wrong.iter().all(Result::is_ok)
        && write::json::to_string(&wrong.into_iter().map(Result::unwrap).collect::<Vec<_>>())
            == expected;
    assert!(!same, "--encoding must be used, not ignored");
}

#[test]
fn bytes_in_no_known_encoding_are_refused() {
    let forms = read_bytes("junk.txt", b"\x81\x81\x81\xff\xfe\xfd abc");
    assert_eq!(forms.len(), 1);
    let e = forms[0].as_ref().unwrap_err().to_string();
    assert!(e.starts_with("junk.txt: 不是可识别的文本"), "{e}");
}
