//! The workbook around the form sheets (汇总, 扣分明细, 校验, the pages planned, a failed
//! write), checked by opening what it writes: with calamine for values and links, with the zip
//! crate for the raw sheet XML, and with LibreOffice for a PDF render when it is installed.

mod common;

use common::book::*;
use common::forms::*;

use calamine::Reader;
use rust_decimal::Decimal;
use selfeval::model::{Funds, Goals, Indicator, Report, Source, TITLE, Total};
use selfeval::write::xlsx::{
    Cell, FINDINGS_SHEET, LOST_SHEET, SUMMARY_SHEET, Table, write_workbook, write_workbook_with,
};
use std::path::{Path, PathBuf};

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
        names[3..],
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
    let (_, rows) = sizes(&sheet_xml(&path, 4));
    assert!(rows.iter().all(|(_, h)| *h <= 409.0), "{rows:?}");
    let mut wb = open(&path);
    let name = wb.sheet_names()[3].clone();
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
    assert_eq!(names[3], "自评表1");
    assert!(names[4].starts_with("A&B _x_'很长"), "{}", names[4]);
    let s = wb.worksheet_range(&names[3]).unwrap();
    assert_eq!(text(&s, 0, 0), TITLE);
    assert_eq!(text(&s, 1, 0), "（年度）");
    assert_eq!(text(&s, 4, 0), "项目资金");
    assert_eq!(text(&s, 5, 2), "-");
    // A decimal wider than a double is kept whole, as text.
    let s = wb.worksheet_range(&names[4]).unwrap();
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

/// No forms at all (the library allows it): 汇总 is still written, with its heading, and the
/// workbook opens.
#[test]
fn a_workbook_of_no_forms_still_has_its_summary() {
    let (_dir, path) = write(&[]);
    let mut wb = open(&path);
    let names = wb.sheet_names().to_vec();
    assert_eq!(names[0], SUMMARY_SHEET);
    let s = wb.worksheet_range(SUMMARY_SHEET).unwrap();
    assert!(!text(&s, 0, 0).is_empty(), "汇总 has no heading");
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

/// Every part of the workbook's zip lies where its headers say, with nothing overlapping: what
/// strict readers (Info-ZIP's `unzip`, which calls such a file a "zip bomb") and, by the
/// format, Excel rely on. Read by hand from the central directory: each local header, its data,
/// and the data descriptor its flags announce (checked by its CRC), end before the next part.
#[test]
fn workbook_zip_parts_do_not_overlap() {
    let reports = common::forms_in(Path::new("samples"));
    assert_eq!(reports.len(), 46);
    let (_dir, path) = write(&reports);
    let zip = std::fs::read(&path).unwrap();
    let u16_at = |at: usize| u16::from_le_bytes([zip[at], zip[at + 1]]) as usize;
    let u32_at = |at: usize| u32::from_le_bytes(zip[at..at + 4].try_into().unwrap());
    let eocd = (0..zip.len() - 21)
        .rev()
        .find(|&at| u32_at(at) == 0x0605_4b50)
        .expect("end of central directory");
    let (count, mut at) = (u16_at(eocd + 10), u32_at(eocd + 16) as usize);
    let mut parts = Vec::new();
    for _ in 0..count {
        assert_eq!(u32_at(at), 0x0201_4b50, "central directory entry at {at}");
        let (flags, crc, size) = (u16_at(at + 8), u32_at(at + 16), u32_at(at + 20) as usize);
        let offset = u32_at(at + 42) as usize;
        let name_len = u16_at(at + 28);
        let name = String::from_utf8_lossy(&zip[at + 46..at + 46 + name_len]).into_owned();
        at += 46 + name_len + u16_at(at + 30) + u16_at(at + 32);
        assert_eq!(u32_at(offset), 0x0403_4b50, "{name}: local header");
        assert_eq!(
            u16_at(offset + 6),
            flags,
            "{name}: flags of the local header"
        );
        let data = offset + 30 + u16_at(offset + 26) + u16_at(offset + 28);
        let mut end = data + size;
        if flags & 8 != 0 {
            // A data descriptor follows the data: its optional signature, then the CRC.
            if u32_at(end) == 0x0807_4b50 {
                end += 4;
            }
            assert_eq!(
                u32_at(end),
                crc,
                "{name}: the data descriptor its flags announce"
            );
            end += 12;
        }
        parts.push((offset, end, name));
    }
    parts.sort();
    assert!(parts.len() > 50);
    for pair in parts.windows(2) {
        assert!(
            pair[0].1 <= pair[1].0,
            "{} (ends at {}) overlaps {} (starts at {})",
            pair[0].2,
            pair[0].1,
            pair[1].2,
            pair[1].0
        );
    }
}
