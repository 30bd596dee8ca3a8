//! 汇总 as a reviewer reads it, checked on the samples' workbook read back with calamine:
//! amounts in one unit (万元) that add up to the 小计 and 合计 rows, every form once, each
//! form's check result, and links between 汇总, 校验 and the form sheets that land on
//! existing sheets and the right rows.

mod common;

use calamine::{Data, Range, Reader, Xlsx};
use rust_decimal::Decimal;
use selfeval::check::{Finding, Severity, check};
use selfeval::model::Report;
use selfeval::sheets::{BACK_TO_SUMMARY, FINDINGS_HEADERS, SUMMARY_HEADERS};
use selfeval::write::xlsx::{
    FINDINGS_SHEET, LOST_SHEET, SUMMARY_SHEET, in_wan, write_checked_workbook,
};
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::str::FromStr;

type Book = Xlsx<std::io::BufReader<std::fs::File>>;

struct Written {
    _dir: tempfile::TempDir,
    path: PathBuf,
    reports: Vec<Report>,
    findings: Vec<Vec<Finding>>,
}

fn written() -> Written {
    let reports: Vec<Report> = common::samples_by_file()
        .into_iter()
        .flat_map(|(_, forms)| forms)
        .collect();
    assert_eq!(reports.len(), 46);
    let findings: Vec<Vec<Finding>> = reports.iter().map(check).collect();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("forms.xlsx");
    write_checked_workbook(&reports, &findings, &path).unwrap();
    Written {
        _dir: dir,
        path,
        reports,
        findings,
    }
}

fn open(path: &Path) -> Book {
    calamine::open_workbook(path).unwrap()
}

fn text(range: &Range<Data>, r: usize, c: usize) -> String {
    match range.get_value((r as u32, c as u32)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Empty) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

/// A number cell as the decimal it was written from: the writer stores the shortest `f64`
/// text that reads back as the decimal, so this is exact.
fn decimal(range: &Range<Data>, r: usize, c: usize) -> Option<Decimal> {
    match range.get_value((r as u32, c as u32)) {
        Some(Data::Float(f)) => Some(Decimal::from_str(&f.to_string()).unwrap()),
        Some(Data::Int(i)) => Some(Decimal::from(*i)),
        _ => None,
    }
}

/// `'sheet name'!B7` as the sheet name and the cell's (row, column) from 0.
fn target(location: &str) -> (String, (usize, usize)) {
    let (sheet, cell) = location.rsplit_once('!').unwrap();
    let sheet = sheet
        .strip_prefix('\'')
        .and_then(|s| s.strip_suffix('\''))
        .unwrap_or(sheet)
        .replace("''", "'");
    let letters: String = cell.chars().take_while(char::is_ascii_alphabetic).collect();
    let col = letters
        .chars()
        .fold(0, |n, c| n * 26 + (c as usize - 'A' as usize + 1))
        - 1;
    let row: usize = cell[letters.len()..].parse().unwrap();
    (sheet, (row - 1, col))
}

fn part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

fn col(name: &str) -> usize {
    SUMMARY_HEADERS.iter().position(|h| *h == name).unwrap()
}

fn wan(r: &Report, d: Option<Decimal>) -> Option<Decimal> {
    d.and_then(|d| in_wan(d, &r.money_unit))
}

#[test]
fn summary_amounts_add_up_in_wan_with_subtotals_per_department() {
    let w = written();
    let mut wb = open(&w.path);
    let s = wb.worksheet_range(SUMMARY_SHEET).unwrap();
    assert!(
        text(&s, 0, 0).ends_with("项目支出绩效自评汇总表"),
        "title row"
    );
    for (c, h) in SUMMARY_HEADERS.iter().enumerate() {
        assert_eq!(text(&s, 1, c), *h, "header row");
    }
    let (seq, project, dept) = (col("序号"), col("项目名称"), col("主管部门"));
    let (budget, executed) = (col("全年预算数（万元）"), col("全年执行数（万元）"));
    let links = wb.hyperlinks_by_sheet_name(SUMMARY_SHEET).unwrap();
    let link_at: HashMap<(usize, usize), String> = links
        .iter()
        .map(|l| {
            let (r, c) = l.range.start;
            (
                (r as usize, c as usize),
                l.location.clone().unwrap_or_default(),
            )
        })
        .collect();
    let sheet_of: HashMap<String, usize> = w
        .reports
        .iter()
        .zip(selfeval::write::xlsx::sheet_names(
            &w.reports,
            &[FINDINGS_SHEET],
        ))
        .enumerate()
        .map(|(i, (_, name))| (name, i))
        .collect();

    let mut seen = vec![0; w.reports.len()];
    let (mut group_budget, mut group_executed) = (Decimal::ZERO, Decimal::ZERO);
    let (mut sum_budget, mut sum_executed) = (Decimal::ZERO, Decimal::ZERO);
    let mut group_depts: Vec<String> = Vec::new();
    let (mut subtotals, mut total_row) = (0, None);
    for r in 2..s.height() {
        let label = text(&s, r, project);
        if let Some(n) = decimal(&s, r, seq) {
            // A form's line: numbered in order, linked to its own sheet.
            assert_eq!(
                n,
                Decimal::from(seen.iter().sum::<usize>() + 1),
                "序号 row {r}"
            );
            let (sheet, _) = target(&link_at[&(r, project)]);
            let i = sheet_of[&sheet];
            seen[i] += 1;
            let rep = &w.reports[i];
            assert_eq!(label, rep.label());
            assert_eq!(text(&s, r, dept), rep.department);
            assert_eq!(text(&s, r, col("原币单位")), rep.money_unit);
            let b = wan(rep, rep.funds.total.annual_budget);
            let e = wan(rep, rep.funds.total.executed);
            assert_eq!(decimal(&s, r, budget), b, "{label}");
            assert_eq!(decimal(&s, r, executed), e, "{label}");
            let b = decimal(&s, r, budget).unwrap_or_default();
            let e = decimal(&s, r, executed).unwrap_or_default();
            group_budget += b;
            group_executed += e;
            sum_budget += b;
            sum_executed += e;
            group_depts.push(rep.department.clone());
        } else if label.starts_with("小计") {
            subtotals += 1;
            assert_eq!(decimal(&s, r, budget), Some(group_budget), "小计 row {r}");
            assert_eq!(
                decimal(&s, r, executed),
                Some(group_executed),
                "小计 row {r}"
            );
            // One department a group, named on its 小计.
            assert!(!group_depts.is_empty());
            assert!(group_depts.iter().all(|d| *d == text(&s, r, dept)));
            assert!(
                label.contains(&format!("{} 项", group_depts.len())),
                "{label}"
            );
            (group_budget, group_executed) = (Decimal::ZERO, Decimal::ZERO);
            group_depts.clear();
        } else if label.starts_with("合计") {
            total_row = Some(r);
        }
    }
    // Every form exactly once; one 小计 per department (the samples have several).
    assert!(seen.iter().all(|&n| n == 1), "{seen:?}");
    let departments: std::collections::HashSet<&str> =
        w.reports.iter().map(|r| r.department.as_str()).collect();
    assert!(departments.len() > 1);
    assert_eq!(subtotals, departments.len());
    let total_row = total_row.expect("a 合计 row");
    assert_eq!(total_row, s.height() - 1, "合计 comes last");
    assert_eq!(decimal(&s, total_row, budget), Some(sum_budget));
    assert_eq!(decimal(&s, total_row, executed), Some(sum_executed));

    // The totals the HTML summary prints per unit (元 and 万元 apart), read off the page and
    // brought to 万元: the workbook's 合计 is the same money.
    let page = selfeval::write::html::render(
        &w.reports,
        &w.findings,
        &selfeval::write::html::Meta {
            generated_at: String::new(),
            read_errors: Vec::new(),
        },
    )
    .unwrap();
    let per_unit = html_unit_totals(&page);
    assert_eq!(
        per_unit.iter().map(|t| t.0.as_str()).collect::<Vec<_>>(),
        ["万元", "元"]
    );
    let in_wan_total = |pick: fn(&(String, Decimal, Decimal)) -> Decimal| -> Decimal {
        per_unit
            .iter()
            .map(|t| in_wan(pick(t), &t.0).unwrap())
            .sum()
    };
    assert_eq!(sum_budget, in_wan_total(|t| t.1));
    assert_eq!(sum_executed, in_wan_total(|t| t.2));

    // The sums stay live: SUBTOTAL formulas, cached with the values above.
    let formulas = wb.worksheet_formula(SUMMARY_SHEET).unwrap();
    let f = formulas
        .get_value((total_row as u32, budget as u32))
        .unwrap();
    // Over every line above it, from the first form (row 3): the 小计 rows in that range
    // are SUBTOTALs themselves, which SUBTOTAL leaves out.
    let column = calamine_col_name(budget);
    assert_eq!(*f, format!("SUBTOTAL(9,{column}3:{column}{total_row})"));
    // Frozen under the header, filter on the header row.
    let xml = part(&w.path, "xl/worksheets/sheet1.xml");
    assert!(xml.contains(r#"ySplit="2""#), "frozen under the header");
    let last = calamine_col_name(SUMMARY_HEADERS.len() - 1);
    assert!(
        xml.contains(&format!(
            r#"<autoFilter ref="A2:{last}{}"/>"#,
            s.height() - 1
        )),
        "autofilter from the header to the row above 合计"
    );
}

/// The rows of the HTML summary's 资金合计 table: unit, 全年预算数, 全年执行数.
fn html_unit_totals(page: &str) -> Vec<(String, Decimal, Decimal)> {
    let table = page
        .split("资金合计")
        .nth(1)
        .and_then(|t| t.split("<tbody>").nth(1))
        .and_then(|t| t.split("</tbody>").next())
        .expect("the page's 资金合计 table");
    let strip = |cell: &str| -> String {
        let mut out = String::new();
        let mut tag = false;
        for c in cell.chars() {
            match c {
                '<' => tag = true,
                '>' => tag = false,
                _ if !tag => out.push(c),
                _ => {}
            }
        }
        out
    };
    table
        .split("<tr>")
        .skip(1)
        .map(|row| {
            let cells: Vec<String> = row
                .split("<td")
                .skip(1)
                .map(|c| strip(&format!("<td{c}")))
                .collect();
            let unit = cells[0].trim().to_string();
            let amount = |i: usize| {
                let shown = cells[i]
                    .trim()
                    .trim_end_matches(unit.as_str())
                    .replace(',', "");
                Decimal::from_str(&shown).unwrap_or_else(|e| panic!("{shown:?}: {e}"))
            };
            (unit.clone(), amount(2), amount(3))
        })
        .collect()
}

fn calamine_col_name(c: usize) -> String {
    let mut n = c + 1;
    let mut s = Vec::new();
    while n > 0 {
        s.push((b'A' + ((n - 1) % 26) as u8) as char);
        n = (n - 1) / 26;
    }
    s.iter().rev().collect()
}

#[test]
fn each_form_shows_its_check_result_in_colour() {
    let w = written();
    let mut wb = open(&w.path);
    let s = wb.worksheet_range(SUMMARY_SHEET).unwrap();
    let (status, project) = (col("校验"), col("项目名称"));
    let mut warned = 0;
    for r in 2..s.height() {
        let Some(_) = decimal(&s, r, col("序号")) else {
            continue;
        };
        let label = text(&s, r, project);
        let i = w.reports.iter().position(|x| x.label() == label).unwrap();
        let fs = &w.findings[i];
        let count = |sev| fs.iter().filter(|f| f.severity == sev).count();
        let got = text(&s, r, status);
        match (count(Severity::Error), count(Severity::Warning)) {
            (0, 0) => assert_eq!(got, "通过", "{label}"),
            (0, n) => {
                warned += 1;
                assert_eq!(got, format!("{n} 警告"), "{label}");
            }
            (e, 0) => assert_eq!(got, format!("{e} 错误"), "{label}"),
            (e, n) => assert_eq!(got, format!("{e} 错误 {n} 警告"), "{label}"),
        }
    }
    assert!(warned > 0, "the samples have warnings");
    let xml = part(&w.path, "xl/worksheets/sheet1.xml");
    for word in ["错误", "警告"] {
        assert!(
            xml.contains(&format!(r#"operator="containsText" text="{word}""#)),
            "conditional format on {word}"
        );
    }
}

#[test]
fn links_go_both_ways_and_findings_point_at_their_indicator() {
    let w = written();
    let mut wb = open(&w.path);
    let sheets: Vec<String> = wb.sheet_names();
    let summary = wb.worksheet_range(SUMMARY_SHEET).unwrap();
    let project = col("项目名称");

    // 汇总 → form sheet, and the form's 返回汇总 → its own line on 汇总.
    for l in wb.hyperlinks_by_sheet_name(SUMMARY_SHEET).unwrap() {
        let (sheet, at) = target(l.location.as_deref().unwrap());
        assert!(sheets.contains(&sheet), "{sheet}");
        assert_eq!(at, (0, 0));
        let (r, _) = l.range.start;
        let back = wb.hyperlinks_by_sheet_name(&sheet).unwrap();
        let back: Vec<_> = back
            .iter()
            .filter(|b| {
                b.location
                    .as_deref()
                    .is_some_and(|x| x.contains(SUMMARY_SHEET))
            })
            .collect();
        assert_eq!(back.len(), 1, "{sheet}: one link back");
        let form = wb.worksheet_range(&sheet).unwrap();
        let (br, bc) = back[0].range.start;
        assert_eq!(text(&form, br as usize, bc as usize), BACK_TO_SUMMARY);
        // Right of the printed form (A..H).
        assert!(bc > 7, "{sheet}: back link in column {bc}");
        let (to, cell) = target(back[0].location.as_deref().unwrap());
        assert_eq!(to, SUMMARY_SHEET);
        assert_eq!(cell, (r as usize, project), "{sheet}: back to its own line");
    }

    // 校验 → the form sheet, at the indicator's row when the finding names one; the rule by
    // its Chinese title, its code kept beside.
    let checks = wb.worksheet_range(FINDINGS_SHEET).unwrap();
    for (c, h) in FINDINGS_HEADERS.iter().enumerate() {
        assert_eq!(text(&checks, 0, c), *h);
    }
    let titled = |c: &str| FINDINGS_HEADERS.iter().position(|h| *h == c).unwrap();
    let total: usize = w.findings.iter().map(Vec::len).sum();
    assert_eq!(checks.height() - 1, total);
    let links = wb.hyperlinks_by_sheet_name(FINDINGS_SHEET).unwrap();
    assert_eq!(links.len(), total);
    let mut at_indicator = 0;
    for l in links {
        let (r, _) = l.range.start;
        let r = r as usize;
        let (sheet, (row, col)) = target(l.location.as_deref().unwrap());
        assert!(sheets.contains(&sheet), "{sheet}");
        let code = text(&checks, r, titled("规则代码"));
        let rule = selfeval::check::RULES
            .iter()
            .find(|x| x.id == code)
            .expect("a known rule code");
        assert_eq!(text(&checks, r, titled("检查项")), rule.title);
        let indicator = text(&checks, r, titled("三级指标"));
        if !indicator.is_empty() {
            let form = wb.worksheet_range(&sheet).unwrap();
            assert_eq!(text(&form, row, col), indicator, "{sheet} row {row}");
            at_indicator += 1;
        }
    }
    assert!(at_indicator > 0, "the samples have findings on indicators");

    // 扣分明细 → the form sheet at the indicator that lost points.
    let lost = wb.worksheet_range(LOST_SHEET).unwrap();
    let links = wb.hyperlinks_by_sheet_name(LOST_SHEET).unwrap();
    assert_eq!(links.len(), lost.height() - 1);
    assert!(links.len() > 1);
    for l in links {
        let (r, _) = l.range.start;
        let (sheet, (row, col)) = target(l.location.as_deref().unwrap());
        let form = wb.worksheet_range(&sheet).unwrap();
        assert_eq!(text(&form, row, col), text(&lost, r as usize, 3), "{sheet}");
    }
    // Summary rows all name a sheet that exists.
    assert!(summary.height() > w.reports.len());
}
