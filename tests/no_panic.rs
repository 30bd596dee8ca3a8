//! No input makes a reader panic: every input gives forms or errors.

use proptest::prelude::*;
use selfeval::read::read_bytes;

/// Pieces a form's lines are made of, including the ones that trip a reader: labels broken
/// across lines, absurd numbers, lone brackets, tabs.
const PIECES: &[&str] = &[
    "财政项目支出绩效自评表",
    "（2024年度）",
    "(2021 年度)",
    "项目名称",
    "主管部门",
    "实施单位",
    "项目资金（万元）",
    "项目资金 (元)",
    "年初预算数",
    "全年预算数",
    "全年执行数",
    "分值",
    "执行率",
    "得分",
    "年度资金总额",
    "其中：当年财政拨款",
    "上年结转资金",
    "其他资金",
    "年度总体目标",
    "预期目标",
    "实际完成情况",
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "偏差原因分析及改进措施",
    "产出指标",
    "数量指标",
    "效益指标",
    "满意度指标",
    "服务对象满意度指标",
    "可持",
    "续影",
    "响指",
    "标",
    "总分",
    "评分等级",
    "优",
    "100",
    "10.00",
    "6,164.19",
    "100.00%",
    "≥85.00(%)",
    "-",
    "—",
    "123456789012345678901234567890",
    "-99999999999999999999999999999.9",
    "0.0000000000000000000000000001",
    "（",
    "）",
    "(",
    "\t",
    "\t\t",
    " ",
    "\r",
    "汇总",
];

fn line() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..6).prop_map(|p| p.concat())
}

/// Whole texts of form-like lines, and real sample lines cut and shuffled.
fn form_like() -> impl Strategy<Value = String> {
    prop::collection::vec(line(), 0..60).prop_map(|lines| lines.join("\n"))
}

fn sample_lines(path: &str) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .take(200)
        .map(str::to_string)
        .collect()
}

fn shuffled_sample(path: &str) -> impl Strategy<Value = String> + use<> {
    let lines = sample_lines(path);
    let n = lines.len();
    prop::sample::subsequence(lines, 0..=n)
        .prop_shuffle()
        .prop_map(|l| l.join("\n"))
}

/// A real sample with lines replaced by form-like junk and lines cut mid-way: the reader is
/// deep in a form when it meets the damage.
fn damaged_sample(path: &str) -> impl Strategy<Value = String> + use<> {
    let lines = sample_lines(path);
    let n = lines.len();
    prop::collection::vec((0..n, line(), any::<bool>(), 0usize..40), 0..12).prop_map(move |edits| {
        let mut lines = lines.clone();
        for (at, junk, cut, keep) in edits {
            lines[at] = if cut {
                lines[at].chars().take(keep).collect()
            } else {
                junk
            };
        }
        lines.join("\n")
    })
}

/// A workbook written from the first sample form, made once.
fn workbook() -> &'static [u8] {
    static BOOK: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    BOOK.get_or_init(|| {
        let forms =
            selfeval::read::read_path("samples/shanghai-songjiang-admin-service-2021.txt".as_ref());
        let reports: Vec<_> = forms.into_iter().take(1).map(|f| f.unwrap()).collect();
        selfeval::write::xlsx::workbook_bytes(&reports, &[]).unwrap()
    })
}

fn check(bytes: &[u8]) {
    // The property is that this returns: a panic fails the test with the input shrunk.
    let forms = read_bytes("p.txt", bytes);
    assert!(
        !forms.is_empty(),
        "every input yields at least one form or error"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_string(s in any::<String>()) {
        check(s.as_bytes());
    }

    #[test]
    fn any_bytes(b in prop::collection::vec(any::<u8>(), 0..400)) {
        check(&b);
        let mut zip = b"PK\x03\x04".to_vec();
        zip.extend(&b);
        check(&zip);
    }

    #[test]
    fn form_like_lines(s in form_like()) {
        check(s.as_bytes());
    }

    #[test]
    fn form_like_lines_with_a_title_first(s in form_like()) {
        check(format!("财政项目支出绩效自评表\n（2024年度）\n{s}").as_bytes());
    }

    #[test]
    fn pdf_text_sample_shuffled(s in shuffled_sample("samples/shanghai-minhang-social-security-2024.txt")) {
        check(s.as_bytes());
    }

    #[test]
    fn pdf_text_sample_damaged(s in damaged_sample("samples/shanghai-minhang-qibao-town-2024.txt")) {
        check(s.as_bytes());
    }

    #[test]
    fn tsv_sample_damaged(s in damaged_sample("samples/shanghai-songjiang-admin-service-2021.txt")) {
        check(s.as_bytes());
    }

    #[test]
    fn workbook_cut_or_flipped(cut in any::<prop::sample::Index>(), flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8)) {
        let book = workbook();
        let mut bytes = book.to_vec();
        for (at, b) in flips {
            bytes[at.index(book.len())] ^= b;
        }
        check(&bytes);
        check(&book[..cut.index(book.len())]);
    }

    #[test]
    fn tsv_sample_shuffled(s in shuffled_sample("samples/shanghai-songjiang-admin-service-2021.txt")) {
        check(s.as_bytes());
    }
}
