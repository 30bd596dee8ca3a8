//! The form sheets of the workbook writer, checked by opening what it writes: with calamine for values, merges,
//! styles and links, with the zip crate for the raw sheet XML (formulas, page setup, row
//! heights), and with LibreOffice for a PDF render when it is installed.

mod common;

use common::book::*;
use common::forms::*;

use calamine::{BorderStyle, Data, Reader, Xlsx};
use selfeval::write::xlsx::{CHARTS_SHEET, LOST_SHEET, SUMMARY_SHEET};

#[test]
fn form_sheet_has_the_paper_layout() {
    let (_dir, path) = write(&[form_2024(), form_2021()]);
    let mut wb = open(&path);
    let names = wb.sheet_names().to_vec();
    assert_eq!(
        names,
        [
            SUMMARY_SHEET,
            LOST_SHEET,
            CHARTS_SHEET,
            "交通、消防、安全社区建设",
            "深化“一网通办”专项费用"
        ]
    );
    let s = wb.worksheet_range(&names[3]).unwrap();

    assert_eq!(text(&s, 0, 0), "财政项目支出绩效自评表");
    assert_eq!(text(&s, 1, 0), "（2024年度）");
    assert_eq!(text(&s, 2, 0), "项目名称");
    assert_eq!(text(&s, 2, 1), "交通、消防、安全社区建设");
    assert_eq!(text(&s, 3, 0), "主管部门");
    assert_eq!(text(&s, 3, 1), "上海市闵行区七宝镇人民政府（汇总）");
    assert_eq!(text(&s, 3, 4), "实施单位");
    assert_eq!(text(&s, 3, 5), "上海市闵行区七宝镇城市运行管理中心");
    assert_eq!(text(&s, 4, 0), "项目资金\n（万元）");
    let header: Vec<String> = (2..8).map(|c| text(&s, 4, c)).collect();
    assert_eq!(
        header,
        [
            "年初预算数",
            "全年预算数",
            "全年执行数",
            "分值",
            "执行率(%)",
            "得分"
        ]
    );
    let labels: Vec<String> = (5..9).map(|r| text(&s, r, 1)).collect();
    assert_eq!(
        labels,
        [
            "年度资金总额",
            "其中：当年财政拨款",
            "上年结转资金",
            "其他资金"
        ]
    );
    assert_eq!(number(&s, 5, 2), 2139.22);
    assert_eq!(number(&s, 5, 4), 2060.0);
    assert_eq!(number(&s, 5, 5), 10.0);
    assert_eq!(number(&s, 5, 6), 96.3);
    assert_eq!(number(&s, 5, 7), 9.63);
    // No weight or score on the sub rows: the form's dash.
    assert_eq!(text(&s, 6, 5), "-");
    assert_eq!(text(&s, 6, 7), "-");
    assert_eq!(number(&s, 7, 2), 0.0);

    assert_eq!(text(&s, 9, 0), "年度总体目标");
    assert_eq!(text(&s, 9, 1), "预期目标");
    assert_eq!(text(&s, 9, 4), "实际完成情况");
    assert_eq!(text(&s, 10, 1), EXPECTED_2024);
    assert_eq!(text(&s, 10, 4), ACTUAL_2024);

    let header: Vec<String> = (0..8).map(|c| text(&s, 11, c)).collect();
    assert_eq!(
        header,
        [
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
            "偏差原因分析及改进措施"
        ]
    );
    // The indicator that lost points, with its multi-line reason kept whole.
    assert_eq!(text(&s, 13, 2), "尾款支付率");
    assert_eq!(text(&s, 13, 3), "=100(%)");
    assert_eq!(text(&s, 13, 4), "88.00(%)");
    assert_eq!(number(&s, 13, 5), 8.0);
    assert_eq!(number(&s, 13, 6), 7.55);
    assert_eq!(text(&s, 13, 7), REASON_2024);
    assert_eq!(text(&s, 12, 7), "");
    // Level labels sit on the first row they cover.
    assert_eq!(text(&s, 12, 0), "产出指标");
    assert_eq!(text(&s, 16, 0), "成本指标");
    assert_eq!(text(&s, 17, 0), "效益指标");
    assert_eq!(text(&s, 18, 1), "可持续影响指标");
    assert_eq!(text(&s, 19, 1), "服务对象满意度指标");

    assert_eq!(text(&s, 21, 0), "总分");
    assert_eq!(number(&s, 21, 5), 100.0);
    assert_eq!(number(&s, 21, 6), 98.18);
    assert_eq!(text(&s, 22, 0), "评分等级");
    assert_eq!(text(&s, 22, 5), "优");

    let m = merges(&mut wb, &names[3]);
    for want in [
        [0, 0, 0, 7],   // title
        [1, 0, 1, 7],   // year
        [2, 1, 2, 7],   // project
        [3, 1, 3, 3],   // department
        [3, 5, 3, 7],   // unit
        [4, 0, 8, 0],   // 项目资金 down its rows
        [9, 0, 10, 0],  // 年度总体目标 down 2 rows
        [9, 1, 9, 3],   // 预期目标
        [9, 4, 9, 7],   // 实际完成情况
        [10, 1, 10, 3], // expected text
        [10, 4, 10, 7], // actual text
        [12, 0, 15, 0], // 产出指标 over four rows
        [12, 1, 13, 1], // 数量指标 over two
        [17, 0, 18, 0], // 效益指标
        [19, 0, 20, 0], // 满意度指标
        [19, 1, 20, 1], // 服务对象满意度指标
        [21, 0, 21, 4], // 总分
        [22, 0, 22, 4], // 评分等级
        [22, 5, 22, 7], // grade
    ] {
        assert!(m.contains(&want), "missing merge {want:?} in {m:?}");
    }
    // Single rows are not merged (Excel refuses one-cell merges).
    assert!(!m.iter().any(|r| r[0] == 14 && r[1] == 1));

    // The unplaced text is kept below the form.
    let found = (23..30).any(|r| text(&s, r, 1) == "（盖章）" && text(&s, r, 0) == "line 77");
    assert!(found, "unplaced text missing");
}

#[test]
fn form_without_grade_ends_at_total_and_uses_yuan() {
    let (_dir, path) = write(&[form_2024(), form_2021()]);
    let mut wb = open(&path);
    let name = wb.sheet_names()[4].clone();
    let s = wb.worksheet_range(&name).unwrap();
    assert_eq!(text(&s, 1, 0), "（2021年度）");
    assert_eq!(text(&s, 4, 0), "项目资金\n（元）");
    assert_eq!(number(&s, 5, 2), 8340000.0);
    assert_eq!(number(&s, 5, 4), 6261700.0);
    // Blank amounts of the form stay blank: the dash.
    assert_eq!(text(&s, 7, 4), "-");
    let last = 12 + 5;
    assert_eq!(text(&s, last, 0), "总分");
    assert_eq!(number(&s, last, 6), 100.0);
    assert_eq!(s.end().unwrap().0, last, "nothing after 总分");
    assert!(!(0..=last).any(|r| text(&s, r, 0) == "评分等级"));
}

#[test]
fn numbers_show_their_own_scale() {
    let (_dir, path) = write(&[form_2024(), form_2021()]);
    let mut wb = open(&path);
    let names = wb.sheet_names().to_vec();
    let code = |wb: &mut Xlsx<_>, sheet: &str, r: u32, c: u32| -> String {
        let styles = wb.worksheet_style(sheet).unwrap();
        let style = styles.get((r, c)).unwrap();
        style.number_format.as_ref().unwrap().format_code.clone()
    };
    assert_eq!(code(&mut wb, &names[3], 5, 2), "#,##0.00"); // 2,139.22
    assert_eq!(code(&mut wb, &names[3], 5, 5), "0.00"); // 10.00
    assert_eq!(code(&mut wb, &names[3], 13, 6), "0.00"); // 7.55
    assert_eq!(code(&mut wb, &names[4], 5, 2), "#,##0.00"); // 8340000.00
    assert_eq!(code(&mut wb, &names[4], 5, 4), "#,##0"); // 6,261,700
    assert_eq!(code(&mut wb, &names[4], 5, 5), "0"); // 10
    // The file holds the decimal's own digits, no binary noise.
    let xml = sheet_xml(&path, 4);
    assert!(
        xml.contains("<v>2139.22</v>"),
        "2139.22 not stored as written"
    );
    assert!(xml.contains("<v>98.18</v>"));
}

#[test]
fn text_starting_with_formula_characters_stays_text() {
    let (_dir, path) = write(&[form_2024()]);
    let mut wb = open(&path);
    let name = wb.sheet_names()[3].clone();
    let s = wb.worksheet_range(&name).unwrap();
    let formulas = wb.worksheet_formula(&name).unwrap();
    for (r, c, want) in [
        (13, 3, "=100(%)"),
        (14, 3, "+2.00(%)"),
        (14, 4, "=100%"),
        (15, 3, "@每季度"),
        (16, 3, "-3.00(%)"),
        (16, 4, "-3.20(%)"),
    ] {
        assert_eq!(
            s.get_value((r, c)),
            Some(&Data::String(want.to_string())),
            "cell ({r},{c})"
        );
        let f = formulas.get_value((r, c)).map(String::as_str).unwrap_or("");
        assert!(f.is_empty(), "formula {f:?} at ({r},{c})");
    }
    let xml = sheet_xml(&path, 4);
    assert!(!xml.contains("<f>"), "a formula was written");
}

#[test]
fn table_cells_have_borders_and_the_cjk_font() {
    let (_dir, path) = write(&[form_2024()]);
    let mut wb = open(&path);
    let name = wb.sheet_names()[3].clone();
    let styles = wb.worksheet_style(&name).unwrap();
    for r in 2..=22 {
        for c in 0..8 {
            let style = styles
                .get((r, c))
                .unwrap_or_else(|| panic!("no style ({r},{c})"));
            let b = style.borders.as_ref().expect("borders");
            for side in [&b.left, &b.right, &b.top, &b.bottom] {
                assert_eq!(side.style, BorderStyle::Thin, "border at ({r},{c})");
            }
            let font = style.font.as_ref().unwrap();
            assert_eq!(font.name.as_deref(), Some("宋体"));
            let size = font.size.unwrap();
            assert!((10.0..=11.0).contains(&size), "font size {size}");
            assert!(
                style.alignment.as_ref().unwrap().wrap_text,
                "wrap at ({r},{c})"
            );
        }
    }
    let title = styles.get((0, 0)).unwrap().font.as_ref().unwrap();
    assert!(title.is_bold());
    assert!(title.size.unwrap() > 11.0);
}

#[test]
fn rows_are_tall_enough_for_every_line_and_the_table_fits_a4() {
    let (_dir, path) = write(&[form_2024()]);
    let (widths, rows) = sizes(&sheet_xml(&path, 4));
    let height = |r: u32| {
        rows.iter()
            .find(|(n, _)| *n == r + 1)
            .map(|(_, h)| *h)
            .unwrap()
    };
    // A lower bound on the lines, counted independently: CJK characters take two width units
    // and a line cannot hold more than the merged width.
    let min_lines = |s: &str, width: f64| -> f64 {
        s.split('\n')
            .map(|p| {
                let units: f64 = p
                    .chars()
                    .map(|c| if c.is_ascii() { 1.0 } else { 2.0 })
                    .sum();
                (units / width).ceil().max(1.0)
            })
            .sum()
    };
    // 10.5pt text needs at least 13pt a line.
    let expected_width: f64 = widths[1..4].iter().sum();
    let actual_width: f64 = widths[4..8].iter().sum();
    let goals_lines =
        min_lines(EXPECTED_2024, expected_width).max(min_lines(ACTUAL_2024, actual_width));
    assert!(goals_lines >= 4.0);
    assert!(
        height(10) >= goals_lines * 13.0,
        "goals row {} for {goals_lines} lines",
        height(10)
    );
    let reason_lines = min_lines(REASON_2024, widths[7]);
    assert!(
        height(13) >= reason_lines * 13.0,
        "reason row {} for {reason_lines} lines",
        height(13)
    );
    // Every column wide enough for its numbers: 2,139.22 needs 8 units.
    assert!(widths[2..5].iter().all(|w| *w >= 9.0), "{widths:?}");
    // The table fills A4 portrait width at about 100% (the XML widths include 5 px padding).
    let total: f64 = widths.iter().sum();
    assert!((85.0..=103.0).contains(&total), "total width {total}");
}

#[test]
fn print_setup_is_a4_portrait_one_page_wide() {
    let (_dir, path) = write(&[form_2024()]);
    let xml = sheet_xml(&path, 4);
    assert!(
        xml.contains(r#"<pageSetUpPr fitToPage="1"/>"#),
        "fit to page"
    );
    let setup = &xml[xml.find("<pageSetup").unwrap()..];
    let setup = &setup[..setup.find("/>").unwrap()];
    assert!(setup.contains(r#"paperSize="9""#), "{setup}");
    assert!(setup.contains(r#"orientation="portrait""#), "{setup}");
    assert!(setup.contains(r#"fitToHeight="0""#), "{setup}");
    assert!(!setup.contains("fitToWidth=\"0\""), "{setup}");
    assert!(xml.contains(r#"horizontalCentered="1""#));
    assert!(
        xml.contains("<oddFooter>&amp;L交通、消防、安全社区建设&amp;R&amp;P / &amp;N</oddFooter>")
    );
    // The print area ends at the last row of the form, leaving the unplaced notes out.
    let workbook = part(&path, "xl/workbook.xml");
    assert!(
        workbook.contains("'交通、消防、安全社区建设'!$A$1:$H$23"),
        "print area: {workbook}"
    );
}
