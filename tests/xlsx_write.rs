//! The workbook writer, checked by opening what it writes: with calamine for values, merges,
//! styles and links, with the zip crate for the raw sheet XML (formulas, page setup, row
//! heights), and with LibreOffice for a PDF render when it is installed.

mod common;

use calamine::{BorderStyle, Data, Reader, Xlsx};
use rust_decimal::Decimal;
use selfeval::model::{Funds, FundsRow, Goals, Indicator, Report, Source, TITLE, Total, Unplaced};
use selfeval::write::xlsx::{
    Cell, FINDINGS_SHEET, LOST_SHEET, SUMMARY_SHEET, Table, write_workbook, write_workbook_with,
};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    // Amounts as printed, thousands separators and all.
    Decimal::from_str(&s.replace(',', "")).unwrap()
}

fn row(
    initial: &str,
    annual: &str,
    executed: &str,
    weight: Option<&str>,
    rate: &str,
    score: Option<&str>,
) -> FundsRow {
    FundsRow {
        initial_budget: Some(d(initial)),
        annual_budget: Some(d(annual)),
        executed: Some(d(executed)),
        weight: weight.map(d),
        execution_rate: Some(d(rate)),
        score: score.map(d),
    }
}

#[allow(clippy::too_many_arguments)]
fn ind(
    level1: &str,
    level2: &str,
    name: &str,
    target: &str,
    actual: &str,
    weight: &str,
    score: &str,
    deviation: Option<&str>,
) -> Indicator {
    Indicator {
        level1: level1.into(),
        level2: level2.into(),
        name: name.into(),
        target: Some(target.into()),
        actual: Some(actual.into()),
        weight: Some(d(weight)),
        score: Some(d(score)),
        deviation: deviation.map(String::from),
    }
}

const EXPECTED_2024: &str = "第三方安全管理服务完成对全镇镇属107家企业的安全检查、人员安全培训、专项检查陪同、现场安全指导工作，每月提交月报，年末提交年报，落实安全责任，提出整改方案；开展非机动车安全整治项目，进一步减少电动车火灾的发生，最大限度地预防和降低伤害事故，提高居民安全意识和消防安全行为能力，确保全年无重大安全生产事故发生。";
const ACTUAL_2024: &str = "第三方安全管理服务已完成对全镇镇属107家企业的安全检查、人员安全培训、专项检查陪同、现场安全指导工作。每月按时提交月报，年末按时提交年报，落实安全责任，提出整改方案。开展了非机动车安全整治项目，进一步减少电动车火灾的发生，最大限度地预防和降低伤害事故，提高居民安全意识和消防安全行为能力。";
const REASON_2024: &str = "社区充换电柜、非机动车棚危棚改造及修复、非机动车棚加设灭火装置三个项目未付的尾款预算共计246,939.14元。\n其中社区充换电柜项目因实际情况调减工程量，扣除部分尾款。\n其他项目尾款未支付的情况均为预算预估差异，下一年度将加强预算编制的精准性。";

/// A 2024 form in 万元 as the PDF-text reader would produce it.
fn form_2024() -> Report {
    let l1 = "产出指标";
    Report {
        source: Source {
            file: "samples/town-2024.txt".into(),
            line: Some(1),
            sheet: None,
        },
        title: TITLE.into(),
        year: Some(2024),
        project: "交通、消防、安全社区建设".into(),
        department: "上海市闵行区七宝镇人民政府（汇总）".into(),
        implementing_unit: "上海市闵行区七宝镇城市运行管理中心".into(),
        money_unit: "万元".into(),
        funds: Funds {
            total: row(
                "2,139.22",
                "2,139.22",
                "2,060.00",
                Some("10.00"),
                "96.30",
                Some("9.63"),
            ),
            appropriation: row("2,139.22", "2,139.22", "2,060.00", None, "96.30", None),
            carried_over: row("0.00", "0.00", "0.00", None, "0.00", None),
            other: row("0.00", "0.00", "0.00", None, "0.00", None),
        },
        goals: Goals {
            expected: Some(EXPECTED_2024.into()),
            actual: Some(ACTUAL_2024.into()),
        },
        indicators: vec![
            ind(
                l1,
                "数量指标",
                "第三方服务完成率",
                "=100.00(%)",
                "100.00(%)",
                "8.00",
                "8.00",
                None,
            ),
            ind(
                l1,
                "数量指标",
                "尾款支付率",
                "=100(%)",
                "88.00(%)",
                "8.00",
                "7.55",
                Some(REASON_2024),
            ),
            ind(
                l1,
                "质量指标",
                "设备采购验收合格率",
                "+2.00(%)",
                "=100%",
                "8.00",
                "8.00",
                None,
            ),
            ind(
                l1,
                "时效指标",
                "尾款支付及时率",
                "@每季度",
                "及时",
                "6.00",
                "6.00",
                None,
            ),
            ind(
                "成本指标",
                "经济成本指标",
                "项目预算成本控制率",
                "-3.00(%)",
                "-3.20(%)",
                "10.00",
                "10.00",
                None,
            ),
            ind(
                "效益指标",
                "社会效益指标",
                "消防安全事故发生情况",
                "=0.00(起)",
                "0.00(起)",
                "20.00",
                "20.00",
                None,
            ),
            ind(
                "效益指标",
                "可持续影响指标",
                "长效管理机制健全性",
                "建立健全",
                "部分达成指标并具有一定效果",
                "10.00",
                "9.00",
                Some("无偏差"),
            ),
            ind(
                "满意度指标",
                "服务对象满意度指标",
                "群众满意度",
                "≥85.00(%)",
                "85.00(%)",
                "10.00",
                "10.00",
                None,
            ),
            ind(
                "满意度指标",
                "服务对象满意度指标",
                "主管部门满意度",
                "≥85.00(%)",
                "85.00(%)",
                "10.00",
                "10.00",
                None,
            ),
        ],
        total: Total {
            weight: Some(d("100.00")),
            score: Some(d("98.18")),
        },
        grade: Some("优".into()),
        unplaced: vec![Unplaced {
            at: "line 77".into(),
            text: "（盖章）".into(),
        }],
        extra_funds: Vec::new(),
        texts: Vec::new(),
        incomplete: false,
        points: Vec::new(),
    }
}

/// A 2021 form in 元 with no 评分等级 line, as the tab-separated reader would produce it.
fn form_2021() -> Report {
    let l1 = "产出指标";
    Report {
        source: Source {
            file: "samples/songjiang-2021.txt".into(),
            line: Some(3),
            sheet: None,
        },
        title: TITLE.into(),
        year: Some(2021),
        project: "深化“一网通办”专项费用".into(),
        department: "上海市松江区行政服务中心".into(),
        implementing_unit: "上海市松江区行政服务中心".into(),
        money_unit: "元".into(),
        funds: Funds {
            total: row(
                "8340000.00",
                "6261700.00",
                "6,261,700",
                Some("10"),
                "100.00",
                Some("10"),
            ),
            appropriation: row("8340000", "6261700", "6261700", None, "100.00", None),
            carried_over: FundsRow {
                initial_budget: Some(d("0")),
                annual_budget: Some(d("0")),
                ..Default::default()
            },
            other: FundsRow {
                initial_budget: Some(d("0")),
                annual_budget: Some(d("0")),
                ..Default::default()
            },
        },
        goals: Goals {
            expected: Some("1、深化“一网通办”改革工作，拓展公共服务事项接入。".into()),
            actual: Some("已完成。".into()),
        },
        indicators: vec![
            ind(
                l1,
                "数量指标",
                "项目计划完成率",
                "=100%",
                "=100%",
                "6",
                "6",
                None,
            ),
            ind(
                l1,
                "数量指标",
                "自助服务终端购置数",
                "=6台",
                "=6台",
                "7",
                "7",
                None,
            ),
            ind(
                l1,
                "质量指标",
                "系统正常运转率",
                "=100%",
                "=100%",
                "6",
                "6",
                None,
            ),
            ind(
                "效益指标",
                "社会效益指标",
                "系统重要信息丢失次数",
                "=0",
                "=0",
                "4",
                "4",
                None,
            ),
            ind(
                "满意度指标",
                "服务对象满意度指标",
                "使用者满意度",
                ">=90%",
                "≥90%",
                "10",
                "10",
                None,
            ),
        ],
        total: Total {
            weight: Some(d("100")),
            score: Some(d("100")),
        },
        grade: None,
        unplaced: vec![],
        extra_funds: Vec::new(),
        texts: Vec::new(),
        incomplete: false,
        points: Vec::new(),
    }
}

fn write(reports: &[Report]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.xlsx");
    write_workbook(reports, &path).unwrap();
    (dir, path)
}

fn open(path: &Path) -> Xlsx<std::io::BufReader<std::fs::File>> {
    calamine::open_workbook(path).unwrap()
}

/// The raw XML of a part of the workbook.
fn part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// The XML of the n-th sheet (1-based, in workbook order).
fn sheet_xml(path: &Path, n: usize) -> String {
    part(path, &format!("xl/worksheets/sheet{n}.xml"))
}

fn text(range: &calamine::Range<Data>, r: u32, c: u32) -> String {
    match range.get_value((r, c)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Empty) | None => String::new(),
        other => panic!("expected text at ({r},{c}), got {other:?}"),
    }
}

fn number(range: &calamine::Range<Data>, r: u32, c: u32) -> f64 {
    match range.get_value((r, c)) {
        Some(Data::Float(f)) => *f,
        Some(Data::Int(i)) => *i as f64,
        other => panic!("expected a number at ({r},{c}), got {other:?}"),
    }
}

fn merges(wb: &mut Xlsx<std::io::BufReader<std::fs::File>>, sheet: &str) -> Vec<[u32; 4]> {
    wb.merge_cells_by_sheet_name(sheet)
        .unwrap()
        .iter()
        .map(|m| [m.start.0, m.start.1, m.end.0, m.end.1])
        .collect()
}

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
            "交通、消防、安全社区建设",
            "深化“一网通办”专项费用"
        ]
    );
    let s = wb.worksheet_range(&names[2]).unwrap();

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

    let m = merges(&mut wb, &names[2]);
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
    let name = wb.sheet_names()[3].clone();
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
    assert_eq!(code(&mut wb, &names[2], 5, 2), "#,##0.00"); // 2,139.22
    assert_eq!(code(&mut wb, &names[2], 5, 5), "0.00"); // 10.00
    assert_eq!(code(&mut wb, &names[2], 13, 6), "0.00"); // 7.55
    assert_eq!(code(&mut wb, &names[3], 5, 2), "#,##0.00"); // 8340000.00
    assert_eq!(code(&mut wb, &names[3], 5, 4), "#,##0"); // 6,261,700
    assert_eq!(code(&mut wb, &names[3], 5, 5), "0"); // 10
    // The file holds the decimal's own digits, no binary noise.
    let xml = sheet_xml(&path, 3);
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
    let name = wb.sheet_names()[2].clone();
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
    let xml = sheet_xml(&path, 3);
    assert!(!xml.contains("<f>"), "a formula was written");
}

#[test]
fn table_cells_have_borders_and_the_cjk_font() {
    let (_dir, path) = write(&[form_2024()]);
    let mut wb = open(&path);
    let name = wb.sheet_names()[2].clone();
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

/// Column widths (A..H) and row heights as the sheet XML states them.
fn sizes(xml: &str) -> (Vec<f64>, Vec<(u32, f64)>) {
    let attr = |tag: &str, name: &str| -> Option<f64> {
        let tag = format!(" {tag}");
        let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        let end = tag[start..].find('"')? + start;
        tag[start..end].parse().ok()
    };
    let mut widths = vec![0.0; 8];
    for tag in xml.split("<col ").skip(1) {
        let (min, max, w) = (attr(tag, "min"), attr(tag, "max"), attr(tag, "width"));
        if let (Some(min), Some(max), Some(w)) = (min, max, w) {
            for c in min as usize..=max as usize {
                if c <= 8 {
                    widths[c - 1] = w;
                }
            }
        }
    }
    let rows = xml
        .split("<row ")
        .skip(1)
        .filter_map(|tag| Some((attr(tag, "r")? as u32, attr(tag, "ht")?)))
        .collect();
    (widths, rows)
}

#[test]
fn rows_are_tall_enough_for_every_line_and_the_table_fits_a4() {
    let (_dir, path) = write(&[form_2024()]);
    let (widths, rows) = sizes(&sheet_xml(&path, 3));
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
    let xml = sheet_xml(&path, 3);
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

#[test]
fn summary_and_points_lost_sheets() {
    let (_dir, path) = write(&[form_2024(), form_2021()]);
    let mut wb = open(&path);
    let s = wb.worksheet_range(SUMMARY_SHEET).unwrap();
    // The years differ, so the title has none.
    assert_eq!(text(&s, 0, 0), "项目支出绩效自评汇总表");
    assert_eq!(text(&s, 1, 0), "序号");
    // Title, header, each form under its 小计 (two departments), 合计.
    assert_eq!(s.height(), 7);
    assert_eq!(number(&s, 2, 0), 1.0);
    assert_eq!(text(&s, 2, 1), "交通、消防、安全社区建设");
    assert_eq!(text(&s, 2, 2), "上海市闵行区七宝镇人民政府（汇总）");
    let col = |name: &str| (0..20).find(|&c| text(&s, 1, c) == name).unwrap();
    assert_eq!(number(&s, 2, col("全年预算数（万元）")), 2139.22);
    assert_eq!(number(&s, 2, col("全年执行数（万元）")), 2060.0);
    assert_eq!(number(&s, 2, col("执行率(%)")), 96.3);
    assert_eq!(number(&s, 2, col("资金得分")), 9.63);
    assert_eq!(number(&s, 2, col("总分")), 98.18);
    assert_eq!(text(&s, 2, col("评分等级")), "优");
    // 0.45 + 1.00 on the indicators, 0.37 on the funds.
    assert_eq!(number(&s, 2, col("扣分")), 1.82);
    assert_eq!(number(&s, 2, col("扣分指标数")), 2.0);
    assert_eq!(text(&s, 2, col("原币单位")), "万元");
    assert_eq!(text(&s, 3, 1), "小计（1 项）");
    assert_eq!(number(&s, 3, col("全年预算数（万元）")), 2139.22);
    // 6,261,700 元 is 626.17 万元.
    assert_eq!(number(&s, 4, 0), 2.0);
    assert_eq!(text(&s, 4, col("原币单位")), "元");
    assert_eq!(number(&s, 4, col("全年预算数（万元）")), 626.17);
    assert_eq!(text(&s, 4, col("评分等级")), "");
    assert_eq!(number(&s, 4, col("扣分")), 0.0);
    // Without check results, the 校验 column is empty.
    assert_eq!(text(&s, 4, col("校验")), "");
    assert_eq!(text(&s, 6, 1), "合计（2 项）");
    assert_eq!(number(&s, 6, col("全年预算数（万元）")), 2765.39);
    assert_eq!(number(&s, 6, col("全年执行数（万元）")), 2686.17);

    let links = wb.hyperlinks_by_sheet_name(SUMMARY_SHEET).unwrap();
    let at = |r: u32| links.iter().find(|l| l.range.start == (r, 1)).unwrap();
    assert_eq!(
        at(2).location.as_deref(),
        Some("'交通、消防、安全社区建设'!A1")
    );
    assert_eq!(
        at(4).location.as_deref(),
        Some("'深化“一网通办”专项费用'!A1")
    );

    let xml = sheet_xml(&path, 1);
    // From the header to the row above 合计, which filtering never hides.
    assert!(xml.contains(r#"<autoFilter ref="A2:P6"/>"#), "autofilter");
    // 来源 (the last column) is on screen only; the printout ends at 原币单位.
    assert_eq!(text(&s, 1, 15), "来源");
    assert_eq!(text(&s, 2, 15), "samples/town-2024.txt:1");
    let workbook = part(&path, "xl/workbook.xml");
    assert!(
        workbook.contains("汇总!$A$1:$O$7"),
        "print area: {workbook}"
    );
    assert!(
        xml.contains(r#"state="frozen""#) && xml.contains(r#"ySplit="2""#),
        "frozen header"
    );

    let l = wb.worksheet_range(LOST_SHEET).unwrap();
    assert_eq!(
        l.height(),
        3,
        "header and the two indicators that lost points"
    );
    assert_eq!(text(&l, 1, 3), "尾款支付率");
    assert_eq!(text(&l, 1, 4), "=100(%)");
    assert_eq!(number(&l, 1, 8), 0.45);
    assert_eq!(text(&l, 1, 9), REASON_2024);
    assert_eq!(text(&l, 2, 3), "长效管理机制健全性");
    assert_eq!(number(&l, 2, 8), 1.0);
    assert_eq!(text(&l, 2, 9), "无偏差");
    let xml = sheet_xml(&path, 2);
    assert!(xml.contains(r#"<autoFilter ref="A1:J3"/>"#));
    assert!(xml.contains(r#"state="frozen""#));
}

#[test]
fn same_project_twice_gets_two_sheets_and_right_links() {
    let mut other = form_2024();
    other.project = "交通/消防:安全社区建设".into();
    let (_dir, path) = write(&[form_2024(), form_2024(), other]);
    let mut wb = open(&path);
    let names = wb.sheet_names().to_vec();
    assert_eq!(
        names[2..],
        [
            "交通、消防、安全社区建设",
            "交通、消防、安全社区建设(2)",
            "交通_消防_安全社区建设"
        ]
    );
    let links = wb.hyperlinks_by_sheet_name(SUMMARY_SHEET).unwrap();
    let loc: Vec<String> = links.iter().filter_map(|l| l.location.clone()).collect();
    assert_eq!(
        loc,
        [
            "'交通、消防、安全社区建设'!A1",
            "'交通、消防、安全社区建设(2)'!A1",
            "'交通_消防_安全社区建设'!A1"
        ]
    );
}

#[test]
fn very_long_reason_spreads_over_rows_under_excel_limit() {
    let mut r = form_2024();
    r.indicators[1].deviation =
        Some("尾款因工程量调减未全部支付，下一年度将加强预算编制。".repeat(60));
    let (_dir, path) = write(&[r]);
    let (_, rows) = sizes(&sheet_xml(&path, 3));
    assert!(rows.iter().all(|(_, h)| *h <= 409.0), "{rows:?}");
    let mut wb = open(&path);
    let name = wb.sheet_names()[2].clone();
    let m = merges(&mut wb, &name);
    // The reason cell (H) of the indicator row covers several physical rows.
    let reason = m
        .iter()
        .find(|x| x[0] == 13 && x[1] == 7)
        .expect("reason merged down");
    assert!(reason[2] > 13);
    let s = wb.worksheet_range(&name).unwrap();
    assert_eq!(text(&s, reason[2] + 1, 2), "设备采购验收合格率");
    // Its neighbours span the same rows, so the indicator stays one row of the form.
    assert!(m.contains(&[13, 2, reason[2], 2]));
    assert!(m.contains(&[13, 6, reason[2], 6]));
    assert_eq!(number(&s, 13, 6), 7.55);
}

#[test]
fn findings_sheet_goes_after_points_lost() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.xlsx");
    let findings = Table {
        name: FINDINGS_SHEET.into(),
        headers: vec!["项目名称".into(), "问题".into(), "差额".into()],
        rows: vec![vec![
            Cell::text("交通、消防、安全社区建设"),
            Cell::text("=总分与得分合计不符"),
            Cell::Number(d("0.01")),
        ]],
        print_columns: None,
    };
    write_workbook_with(&[form_2024()], &[findings], &path).unwrap();
    let mut wb = open(&path);
    assert_eq!(
        wb.sheet_names()[..3],
        [SUMMARY_SHEET, LOST_SHEET, FINDINGS_SHEET]
    );
    let s = wb.worksheet_range(FINDINGS_SHEET).unwrap();
    assert_eq!(text(&s, 1, 1), "=总分与得分合计不符");
    assert_eq!(number(&s, 1, 2), 0.01);
}

#[test]
fn failed_write_leaves_no_file_and_keeps_the_old_one() {
    let dir = tempfile::tempdir().unwrap();
    // Into a directory that does not exist: an error, nothing created.
    let missing = dir.path().join("nope").join("out.xlsx");
    let err = write_workbook(&[form_2024()], &missing).unwrap_err();
    assert!(err.to_string().contains("out.xlsx"), "{err}");
    assert!(!dir.path().join("nope").exists());
    // Onto a directory: refused, the directory untouched, no temporary file left.
    let target = dir.path().join("target.xlsx");
    std::fs::create_dir(&target).unwrap();
    assert!(write_workbook(&[form_2024()], &target).is_err());
    assert!(target.is_dir());
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), 1, "temporary file left behind");
    // A successful write replaces an old file whole.
    let out = dir.path().join("out.xlsx");
    std::fs::write(&out, "old").unwrap();
    write_workbook(&[form_2024()], &out).unwrap();
    assert!(std::fs::read(&out).unwrap().starts_with(b"PK"));
}

/// The workbook at `path` printed to PDF by LibreOffice, in `dir`: its path.
fn render_pdf(soffice: &str, dir: &Path, path: &Path) -> PathBuf {
    let out = dir.join("pdf");
    // A private profile, so parallel runs do not fight over the user's.
    let profile = format!("-env:UserInstallation=file://{}", dir.join("lo").display());
    let status = std::process::Command::new(soffice)
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(&out)
        .arg(path)
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    out.join(path.with_extension("pdf").file_name().unwrap())
}

#[test]
fn libreoffice_renders_the_workbook_to_pdf() {
    let Some(soffice) = common::soffice() else {
        return;
    };
    let (dir, path) = write(&[form_2024(), form_2021()]);
    let pdf = std::fs::read(render_pdf(soffice, dir.path(), &path)).unwrap();
    assert!(pdf.starts_with(b"%PDF"), "not a PDF");
    // The summary, the points lost and the two forms: at least four pages.
    let marker = b"/Type/Page";
    let pages = pdf
        .windows(marker.len() + 1)
        .filter(|w| w.starts_with(marker) && w[marker.len()] != b's')
        .count();
    assert!(pages >= 4, "{pages} pages");
}

#[test]
fn odd_reports_write_without_panic() {
    let empty = Report {
        source: Source::default(),
        title: String::new(),
        year: None,
        project: String::new(),
        department: String::new(),
        implementing_unit: String::new(),
        money_unit: String::new(),
        funds: Funds::default(),
        goals: Goals::default(),
        indicators: vec![Indicator::default()],
        total: Total::default(),
        grade: None,
        unplaced: vec![],
        extra_funds: Vec::new(),
        texts: Vec::new(),
        incomplete: false,
        points: Vec::new(),
    };
    let mut odd = form_2024();
    odd.project = format!("A&B\t[x]'{}", "很长的项目名称".repeat(60));
    odd.funds.total.executed = Some(Decimal::MAX);
    odd.indicators[0].name = "x".repeat(500);
    let (_dir, path) = write(&[empty, odd]);
    let mut wb = open(&path);
    let names = wb.sheet_names().to_vec();
    assert_eq!(names[2], "自评表1");
    assert!(names[3].starts_with("A&B _x_'很长"), "{}", names[3]);
    let s = wb.worksheet_range(&names[2]).unwrap();
    assert_eq!(text(&s, 0, 0), TITLE);
    assert_eq!(text(&s, 1, 0), "（年度）");
    assert_eq!(text(&s, 4, 0), "项目资金");
    assert_eq!(text(&s, 5, 2), "-");
    // A decimal wider than a double is kept whole, as text.
    let s = wb.worksheet_range(&names[3]).unwrap();
    assert_eq!(text(&s, 5, 4), Decimal::MAX.to_string());

    // Text longer than a cell holds is an error naming the file, not a panic.
    let mut huge = form_2024();
    huge.goals.expected = Some("很".repeat(40_000));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("huge.xlsx");
    let err = write_workbook(&[huge], &out).unwrap_err();
    assert!(err.to_string().contains("huge.xlsx"), "{err}");
    assert!(!out.exists());
}

/// The sample forms as planned for print: a form a little over one page is shrunk onto one
/// page (fit to one page, no breaks); a long one prints one page wide and breaks between
/// blocks. Under LibreOffice, each form then takes exactly one page more than its breaks.
#[test]
fn sample_forms_print_on_the_pages_planned() {
    let inputs = selfeval::read::expand_inputs(&[PathBuf::from("samples")]);
    let files = inputs.files;
    assert!(inputs.errors.is_empty() && !files.is_empty());
    let reports: Vec<Report> = files
        .iter()
        .flat_map(|f| selfeval::read::read_path(f))
        .map(Result::unwrap)
        .collect();
    let (dir, path) = write(&reports);

    let sheets = part(&path, "xl/workbook.xml").matches("<sheet ").count();
    let (mut forms, mut one_page, mut breaks) = (0, 0, 0);
    for n in 1..=sheets {
        let xml = sheet_xml(&path, n);
        let setup = &xml[xml.find("<pageSetup").unwrap()..];
        let setup = &setup[..setup.find("/>").unwrap()];
        if !setup.contains(r#"orientation="portrait""#) {
            continue;
        }
        forms += 1;
        assert!(xml.contains(r#"<pageSetUpPr fitToPage="1"/>"#), "sheet {n}");
        match xml.find(r#"<rowBreaks count=""#) {
            Some(at) => {
                let count = &xml[at + r#"<rowBreaks count=""#.len()..];
                let count: usize = count[..count.find('"').unwrap()].parse().unwrap();
                assert!(setup.contains(r#"fitToHeight="0""#), "sheet {n}: {setup}");
                breaks += count;
            }
            None => {
                // Fit to one page wide and one page tall, Excel's default, so not written.
                assert!(!setup.contains("fitToHeight"), "sheet {n}: {setup}");
                one_page += 1;
            }
        }
    }
    assert_eq!(forms, reports.len());
    // Most sample forms run a little over one page at full size; all but the longest fit.
    assert!(
        one_page * 3 > forms * 2,
        "{one_page} of {forms} on one page"
    );
    assert!(breaks > 0, "no long form left to break");

    let Some(soffice) = common::soffice() else {
        return;
    };
    let Some(pdftotext) = common::tool("pdftotext", "-v") else {
        return;
    };
    let pdf = render_pdf(soffice, dir.path(), &path);
    let text = std::process::Command::new(pdftotext)
        .args(["-layout".as_ref(), pdf.as_os_str(), "-".as_ref()])
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    // Pages end with a form feed; the summary sheets come first, then the forms.
    let pages: Vec<bool> = text
        .split_terminator('\u{c}')
        .map(|p| p.contains(TITLE))
        .collect();
    let first = pages.iter().position(|&t| t).expect("a form page");
    let titled = pages[first..].iter().filter(|&&t| t).count();
    let continued = pages.len() - first - titled;
    assert_eq!(titled, forms, "pages that start a form");
    assert_eq!(continued, breaks, "pages that continue a form");
}
