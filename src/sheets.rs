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
/// Name of the sheet of charts (points lost by category, grades, rates, scores) and their data.
pub const CHARTS_SHEET: &str = "图表";

/// Words only selfeval's HTML summary page prints: its `<title>` (a browser prints it in
/// the page header) and its heading.
pub const SUMMARY_PAGE_MARKS: [&str; 2] = ["绩效自评失分汇总", "失分及原因汇总"];

/// Header row of 汇总.
pub const SUMMARY_HEADERS: [&str; 14] = [
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

/// Header row of 校验.
pub const FINDINGS_HEADERS: [&str; 6] =
    ["项目名称", "来源", "严重程度", "规则", "三级指标", "说明"];

/// Header row of 图表: its first data table, points lost by indicator category, one column of
/// values per kind of bar.
pub const CHARTS_HEADERS: [&str; 7] = [
    "指标类别",
    "层级",
    "资金执行率失分",
    "一级指标失分",
    "二级指标失分",
    "失分指标数",
    "涉及表数",
];

/// selfeval's own tables, by name and header row.
const OWN_TABLES: [(&str, &[&str]); 4] = [
    (SUMMARY_SHEET, &SUMMARY_HEADERS),
    (LOST_SHEET, &LOST_HEADERS),
    (FINDINGS_SHEET, &FINDINGS_HEADERS),
    (CHARTS_SHEET, &CHARTS_HEADERS),
];

/// Whether a sheet is one of selfeval's own tables: its name is ours and one of its first
/// rows holding text is our header row. A form on a sheet that a clerk happened to name 汇总
/// has no such header, and is read.
pub fn is_own_table<'a>(sheet: &str, mut rows: impl Iterator<Item = Vec<&'a str>>) -> bool {
    let Some((_, headers)) = OWN_TABLES.iter().find(|(name, _)| *name == sheet) else {
        return false;
    };
    rows.by_ref()
        .filter(|cells| !cells.is_empty())
        .take(3)
        .any(|cells| {
            cells.len() >= headers.len() && cells.iter().zip(headers.iter()).all(|(c, h)| c == h)
        })
}

/// Whether a row is the header row of one of selfeval's own tables, as a printout shows it: a
/// table may be printed without its last column (汇总's print area leaves out 来源).
pub fn is_own_header(cells: &[&str]) -> bool {
    OWN_TABLES.iter().any(|(_, headers)| {
        cells.len() + 1 >= headers.len()
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
        assert!(is_own_header(&SUMMARY_HEADERS[..13]));
        assert!(is_own_header(&LOST_HEADERS));
        assert!(!is_own_header(&SUMMARY_HEADERS[..5]));
        assert!(!is_own_header(&["项目名称", "法律顾问费"]));
    }

    #[test]
    fn own_tables_are_known_by_name_and_header() {
        let header = SUMMARY_HEADERS.to_vec();
        assert!(is_own_table("汇总", [vec![], header.clone()].into_iter()));
        // A form on a sheet named 汇总 is not ours.
        let form = vec!["财政项目支出绩效自评表"];
        assert!(!is_own_table(
            "汇总",
            [form, header.clone()].into_iter().rev().skip(1)
        ));
        // Our header on a sheet of another name is not ours either.
        assert!(!is_own_table("Sheet1", [header].into_iter()));
        assert!(!is_own_table("校验", std::iter::empty()));
        assert!(is_own_table("图表", [CHARTS_HEADERS.to_vec()].into_iter()));
    }
}
