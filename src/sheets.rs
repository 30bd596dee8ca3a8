//! The sheets selfeval writes beside the forms: their names and header rows.
//!
//! Readers and writers both need them (a writer to make the sheets, a reader to pass over them
//! when a workbook selfeval wrote is read back), so they live here, below both, and neither
//! side imports the other.

/// Name of the first sheet: one row per form.
pub const SUMMARY_SHEET: &str = "汇总";
/// Name of the sheet listing every indicator that lost points.
pub const LOST_SHEET: &str = "扣分明细";
/// Name reserved for the findings of the checks (added by the check command).
pub const FINDINGS_SHEET: &str = "校验";

/// The text of the link beside each form sheet back to its line on 汇总 (outside the printed
/// form): a reader passes over it.
pub const BACK_TO_SUMMARY: &str = "返回汇总";

/// The line selfeval writes under a form, outside its print area, above the input text the
/// reader could not place (one row each: where it was, the text): a reader takes those rows
/// back as that text, where it was, not as text of this sheet.
pub const UNPLACED_NOTE: &str =
    "未能归入表格字段的原文（不打印） (input text not placed in a field; not printed)";

/// The end of the title selfeval prints above 汇总 (`2024年度项目支出绩效自评汇总表`).
pub const SUMMARY_TITLE: &str = "项目支出绩效自评汇总表";

/// Whether a cell is the title selfeval prints above 汇总, with or without a year.
pub fn is_own_title(cell: &str) -> bool {
    cell.strip_suffix(SUMMARY_TITLE).is_some_and(|before| {
        before.is_empty()
            || before
                .strip_suffix("年度")
                .is_some_and(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
    })
}

/// Words only selfeval's HTML summary page prints: its `<title>` (a browser prints it in
/// the page header) and its heading.
pub const SUMMARY_PAGE_MARKS: [&str; 2] = ["绩效自评失分汇总", "失分及原因汇总"];

/// Header row of 汇总. Amounts are in 万元 whatever unit the form used (原币单位 keeps it),
/// so that a column adds up; 来源, the last column, is on screen only.
pub const SUMMARY_HEADERS: [&str; 16] = [
    "序号",
    "项目名称",
    "主管部门",
    "实施单位",
    "年度",
    "全年预算数（万元）",
    "全年执行数（万元）",
    "执行率(%)",
    "资金得分",
    "总分",
    "评分等级",
    "扣分",
    "扣分指标数",
    "校验",
    "原币单位",
    "来源",
];

/// Header row of 扣分明细.
pub const LOST_HEADERS: [&str; 10] = [
    "项目名称",
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "扣分",
    "偏差原因分析及改进措施",
];

/// Header row of 校验: the rule by its Chinese title; its code (for scripts) and the source
/// file come last and are on screen only.
pub const FINDINGS_HEADERS: [&str; 7] = [
    "项目名称",
    "严重程度",
    "检查项",
    "三级指标",
    "说明",
    "规则代码",
    "来源",
];

/// Header rows of 汇总 and 校验 as selfeval wrote them before they had a title row: a
/// workbook written then is still known as ours.
const OLD_SUMMARY_HEADERS: [&str; 14] = [
    "项目名称",
    "主管部门",
    "实施单位",
    "年度",
    "金额单位",
    "全年预算数",
    "全年执行数",
    "执行率(%)",
    "资金得分",
    "总分",
    "评分等级",
    "扣分",
    "扣分指标数",
    "来源",
];
const OLD_FINDINGS_HEADERS: [&str; 6] =
    ["项目名称", "来源", "严重程度", "规则", "三级指标", "说明"];

/// selfeval's own tables: name, header row, and how many leading columns a printout shows
/// (the last columns of 汇总 and 校验 are on screen only).
const OWN_TABLES: [(&str, &[&str], usize); 5] = [
    (SUMMARY_SHEET, &SUMMARY_HEADERS, SUMMARY_HEADERS.len() - 1),
    (LOST_SHEET, &LOST_HEADERS, LOST_HEADERS.len()),
    (
        FINDINGS_SHEET,
        &FINDINGS_HEADERS,
        FINDINGS_HEADERS.len() - 2,
    ),
    (
        SUMMARY_SHEET,
        &OLD_SUMMARY_HEADERS,
        OLD_SUMMARY_HEADERS.len() - 1,
    ),
    (
        FINDINGS_SHEET,
        &OLD_FINDINGS_HEADERS,
        OLD_FINDINGS_HEADERS.len(),
    ),
];

/// Whether a sheet is one of selfeval's own tables: its name is ours and one of its first
/// rows holding text (under the title row, if any) is our header row. A form on a sheet that
/// a clerk happened to name 汇总 has no such header, and is read.
pub fn is_own_table<'a>(sheet: &str, rows: impl Iterator<Item = Vec<&'a str>>) -> bool {
    let ours: Vec<&[&str]> = OWN_TABLES
        .iter()
        .filter(|(name, _, _)| *name == sheet)
        .map(|(_, headers, _)| *headers)
        .collect();
    if ours.is_empty() {
        return false;
    }
    rows.filter(|cells| !cells.is_empty()).take(3).any(|cells| {
        ours.iter().any(|headers| {
            cells.len() >= headers.len() && cells.iter().zip(headers.iter()).all(|(c, h)| c == h)
        })
    })
}

/// Whether a row is the header row of one of selfeval's own tables, as a printout shows it:
/// all its columns, or only those its print area holds.
pub fn is_own_header(cells: &[&str]) -> bool {
    OWN_TABLES.iter().any(|(_, headers, printed)| {
        cells.len() >= *printed
            && cells.len() <= headers.len()
            && cells.iter().zip(headers.iter()).all(|(c, h)| c == h)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_headers_as_printed() {
        assert!(is_own_header(&SUMMARY_HEADERS));
        assert!(is_own_header(&SUMMARY_HEADERS[..15]));
        assert!(!is_own_header(&SUMMARY_HEADERS[..14]));
        assert!(is_own_header(&FINDINGS_HEADERS[..5]));
        // As selfeval wrote them before 汇总 had a title row.
        assert!(is_own_header(&OLD_SUMMARY_HEADERS[..13]));
        assert!(is_own_table(
            "汇总",
            [OLD_SUMMARY_HEADERS.to_vec()].into_iter()
        ));
        assert!(is_own_header(&LOST_HEADERS));
        assert!(!is_own_header(&SUMMARY_HEADERS[..5]));
        assert!(!is_own_header(&["项目名称", "法律顾问费"]));
    }

    #[test]
    fn own_tables_are_known_by_name_and_header() {
        let header = SUMMARY_HEADERS.to_vec();
        assert!(is_own_table("汇总", [vec![], header.clone()].into_iter()));
        // Under the title row.
        let title = vec!["2024年度项目支出绩效自评汇总表"];
        assert!(is_own_table("汇总", [title, header.clone()].into_iter()));
        assert!(is_own_title("2024年度项目支出绩效自评汇总表"));
        assert!(is_own_title("项目支出绩效自评汇总表"));
        assert!(!is_own_title("某某区2024年度项目支出绩效自评汇总表"));
        // A form on a sheet named 汇总 is not ours.
        let form = vec!["财政项目支出绩效自评表"];
        assert!(!is_own_table(
            "汇总",
            [form, header.clone()].into_iter().rev().skip(1)
        ));
        // Our header on a sheet of another name is not ours either.
        assert!(!is_own_table("Sheet1", [header].into_iter()));
        assert!(!is_own_table("校验", std::iter::empty()));
    }
}
