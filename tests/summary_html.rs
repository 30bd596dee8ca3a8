//! The HTML summary on the samples: every indicator that lost points is on the page with its
//! reason, input text is escaped, the page is ready to print (how it prints: `summary_print.rs`),
//! and the command writes the file.

mod common;

use rust_decimal::{Decimal, RoundingStrategy};
use selfeval::check::{self, Finding, Severity};
use selfeval::model::Report;
use selfeval::write::charts::Charts;
use selfeval::write::html::{self, Meta};
use std::path::Path;
use std::process::Command;

const STAMP: &str = "2025-01-02 03:04 +08:00";

/// Every form that reads today from the files in `samples/`.
fn sample_reports() -> Vec<Report> {
    let reports = common::forms_in(Path::new("samples"));
    assert!(reports.len() > 10, "the samples read");
    reports
}

fn meta() -> Meta {
    Meta {
        generated_at: STAMP.to_string(),
        read_errors: vec![],
    }
}

fn render(reports: &[Report]) -> String {
    let findings: Vec<Vec<Finding>> = reports.iter().map(check::check).collect();
    html::render(reports, &findings, &meta()).unwrap()
}

fn esc(s: &str) -> String {
    tera::escape_html(s)
}

fn two_dp(d: Decimal) -> String {
    let mut r = d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(2);
    r.to_string()
}

/// The printed block of the form read from `source`.
fn block_of<'a>(page: &'a str, r: &Report) -> &'a str {
    let key = format!(
        "<span class=\"source\">{}</span>",
        esc(&r.source.to_string())
    );
    let blocks: Vec<&str> = page
        .split("<section class=\"form\"")
        .skip(1)
        .filter(|b| b.contains(&key))
        .collect();
    assert_eq!(blocks.len(), 1, "one block for {}", r.source);
    let b = blocks[0];
    &b[..b.find("</section>").unwrap()]
}

#[test]
fn every_lost_indicator_appears_with_its_reason() {
    let reports = sample_reports();
    let page = render(&reports);
    assert!(page.contains(STAMP));
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("<html lang=\"zh-CN\">"));
    assert!(page.contains("<meta charset=\"utf-8\">"));

    let mut lost = 0;
    for r in &reports {
        assert!(page.contains(&esc(&r.project)), "{} listed", r.project);
        if r.lost_indicators().next().is_none() {
            continue;
        }
        let block = block_of(&page, r);
        assert!(block.contains(&esc(&r.project)));
        for i in r.lost_indicators() {
            lost += 1;
            let row_start = block
                .find(&format!("<td>{}</td>", esc(&i.name)))
                .unwrap_or_else(|| panic!("{} / {} not in its block", r.project, i.name));
            let row = &block[row_start..];
            let row = &row[..row.find("</tr>").unwrap()];
            assert!(
                row.contains(&format!(
                    "<strong>{}</strong>",
                    two_dp(i.points_lost().unwrap())
                )),
                "points lost of {}",
                i.name
            );
            match i.deviation.as_deref().map(str::trim) {
                None | Some("") => {
                    assert!(row.contains("（未填写）"), "{}: {row}", i.name);
                    assert!(row.contains("未填写偏差原因"), "{}: badge", i.name);
                }
                Some(reason) => {
                    // As written, first in its cell (a badge may quote it again below).
                    let written = esc(i.deviation.as_deref().unwrap());
                    assert!(
                        row.contains(&format!("<td class=\"reason\">{written}")),
                        "{}: reason {reason}",
                        i.name
                    );
                    if reason.starts_with("无偏差") {
                        assert!(row.contains("偏差原因却写"), "{}: badge", i.name);
                        assert!(row.contains("class=\"badge warning\">警告</span>"));
                    }
                }
            }
        }
    }
    assert!(lost > 0, "the samples have indicators that lost points");

    // Forms without lost indicators and findings get no block.
    let blocks = page.matches("<section class=\"form\"").count();
    let expected = reports
        .iter()
        .filter(|r| r.lost_indicators().next().is_some() || !check::check(r).is_empty())
        .count();
    assert_eq!(blocks, expected);

    // The grand total is the model's.
    let total: Decimal = reports.iter().map(Report::points_lost).sum();
    assert!(page.contains(&format!("失分合计 <strong>{}</strong> 分", two_dp(total))));
}

#[test]
fn overview_is_sorted_by_points_lost_then_score() {
    let reports = sample_reports();
    let page = render(&reports);
    let overview = &page[page.find("class=\"overview\"").unwrap()..];
    let overview = &overview[..overview.find("</table>").unwrap()];
    // Each row carries its form's source; find the rows in page order.
    let mut rows: Vec<(usize, &Report)> = reports
        .iter()
        .map(|r| {
            let file = Path::new(&r.source.file).file_name().unwrap();
            let key = format!(
                "title=\"{}\">{}:{}</span>",
                esc(&r.source.to_string()),
                esc(&file.to_string_lossy()),
                r.source.line.unwrap()
            );
            (overview.find(&key).expect("row of every form"), r)
        })
        .collect();
    rows.sort_by_key(|(pos, _)| *pos);
    for pair in rows.windows(2) {
        let (a, b) = (pair[0].1, pair[1].1);
        let (la, lb) = (a.points_lost(), b.points_lost());
        assert!(la >= lb, "{} before {}", a.project, b.project);
        if la == lb {
            assert!(
                a.total.score <= b.total.score,
                "{} before {}",
                a.project,
                b.project
            );
        }
    }
}

#[test]
fn totals_are_per_money_unit() {
    // The 万元 samples plus one 元 form of our own, so the 元 total is known.
    let reports: Vec<Report> = sample_reports()
        .into_iter()
        .filter(|r| r.money_unit == "万元")
        .collect();
    let mut yuan = reports[0].clone();
    yuan.money_unit = "元".into();
    yuan.project = "元的项目".into();
    yuan.funds.total.annual_budget = Some(Decimal::new(5_000_000, 2));
    yuan.funds.total.executed = Some(Decimal::new(2_500_000, 2));
    let mut all = reports.clone();
    all.push(yuan);
    let page = render(&all);
    let totals = &page[page.find("资金合计").unwrap()..];
    let totals = &totals[..totals.find("</table>").unwrap()];
    let wan: Decimal = reports
        .iter()
        .filter(|r| r.money_unit == "万元")
        .filter_map(|r| r.funds.total.annual_budget)
        .sum();
    let wan_int = two_dp(wan);
    let (int, frac) = wan_int.split_once('.').unwrap();
    let grouped: String = int
        .chars()
        .rev()
        .collect::<Vec<_>>()
        .chunks(3)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(",")
        .chars()
        .rev()
        .collect();
    assert!(totals.contains(&format!("{grouped}.{frac}<span class=\"u\">万元</span>")));
    assert!(totals.contains("50,000.00<span class=\"u\">元</span>"));
    assert!(
        totals.contains(">50.00<span class=\"u\">%</span>"),
        "{totals}"
    );
}

#[test]
fn input_text_is_escaped() {
    let mut r = sample_reports()
        .into_iter()
        .find(|r| r.lost_indicators().next().is_some())
        .unwrap();
    r.project = "项目<b>加粗</b> & \"引号\"".into();
    r.department = "<img src=x onerror=alert(2)>".into();
    let idx = r.indicators.iter().position(|i| i.lost_points()).unwrap();
    r.indicators[idx].deviation = Some("<script>alert(1)</script>".into());
    r.indicators[idx].name = "指标<i>名</i>".into();
    let findings = vec![vec![Finding {
        rule: "x",
        severity: Severity::Error,
        file: String::new(),
        at: None,
        project: None,
        indicator: None,
        message: "<script>bad()</script>".into(),
    }]];
    let page = html::render(&[r], &findings, &meta()).unwrap();
    assert!(!page.to_lowercase().contains("<script"), "raw script tag");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;"));
    assert!(page.contains("&lt;script&gt;bad()&lt;&#x2F;script&gt;"));
    assert!(!page.contains("<b>加粗"));
    assert!(page.contains("项目&lt;b&gt;加粗&lt;&#x2F;b&gt; &amp; &quot;引号&quot;"));
    assert!(!page.contains("<img"));
    assert!(page.contains("指标&lt;i&gt;名&lt;&#x2F;i&gt;"));
}

#[test]
fn page_is_self_contained_and_print_ready() {
    let page = render(&sample_reports());
    for external in [
        "<script", "<link", "<img", "@import", "src=", "http://", "https://",
    ] {
        assert!(!page.contains(external), "external resource: {external}");
    }
    // The charts' hatching is a pattern defined on the page itself.
    for (at, _) in page.match_indices("url(") {
        assert!(
            page[at..].starts_with("url(#"),
            "external url: {}",
            &page[at..at + 40]
        );
    }
    for css in [
        "size: A4;",
        "@bottom-center { content: \"第 \" counter(page) \" / \" counter(pages) \" 页\";",
        "@top-center { content: \"财政项目支出绩效自评 · 失分及原因汇总",
        "thead { display: table-header-group; }",
        "section.form { break-inside: avoid;",
        "h2, h3, .keep-next { break-after: avoid;",
        "font-family: \"SimSun\", \"宋体\", \"Songti SC\", \"Noto Serif CJK SC\", serif;",
        "tr { break-inside: avoid;",
        "@media print",
        "\"Noto Sans CJK SC\"",
    ] {
        assert!(page.contains(css), "{css}");
    }
}

#[test]
fn charts_draw_the_chart_data_near_the_top() {
    let reports = sample_reports();
    let page = render(&reports);
    let data = Charts::compute(&reports);
    let charts = &page[page.find("<section class=\"charts\">").expect("charts")..];
    let charts = &charts[..charts.find("</section>").unwrap()];
    // Before the overview, so that the funds fact is on the first page.
    assert!(page.find("<section class=\"charts\">") < page.find("一、总览"));
    assert!(
        charts.contains(&format!(
            "资金执行率失分 <strong>{}</strong> 分，占全部失分 {} 分的 <strong>74.8%</strong>",
            two_dp(data.funds_lost),
            two_dp(data.points_lost)
        )),
        "{charts}"
    );
    assert_eq!(two_dp(data.funds_lost), "29.84");
    // One bar per category, in the data's order, each with its label and value written out.
    let bars = &charts[charts.find("<svg class=\"bars\"").unwrap()..];
    let bars = &bars[..bars.find("</svg>").unwrap()];
    let mut at = 0;
    for c in &data.categories {
        let kind = serde_json::to_value(c.kind).unwrap();
        let group = format!(
            "<g class=\"{}\"><title>{}：{} 分</title>",
            kind.as_str().unwrap(),
            esc(&c.label),
            two_dp(c.points)
        );
        let found = bars[at..].find(&group).unwrap_or_else(|| panic!("{group}"));
        at += found;
        let g = &bars[at..at + bars[at..].find("</g>").unwrap()];
        assert!(g.contains(&format!(">{}</text>", two_dp(c.points))), "{g}");
        assert!(g.contains("<rect "), "{g}");
    }
    assert_eq!(bars.matches("<g class=").count(), data.categories.len());
    // The count charts: every bucket's label and count.
    let columns: Vec<&str> = charts.split("<svg class=\"columns\"").skip(1).collect();
    assert_eq!(columns.len(), 3);
    for (svg, counts) in columns
        .iter()
        .zip([&data.grades, &data.rates, &data.scores])
    {
        let svg = &svg[..svg.find("</svg>").unwrap()];
        assert_eq!(svg.matches("<g>").count(), counts.len());
        for (g, c) in svg.split("<g>").skip(1).zip(counts) {
            assert!(g.contains(&format!(">{}</text>", c.forms)), "{g}");
            assert!(g.contains(&format!(">{}</text>", esc(&c.label))), "{g}");
            assert_eq!(g.contains("<rect "), c.forms > 0, "{g}");
        }
    }
}

#[test]
fn empty_input_renders_a_page_naming_the_failures() {
    let meta = Meta {
        generated_at: STAMP.into(),
        read_errors: vec!["bad.txt: 文件为空".into()],
    };
    let page = html::render(&[], &[], &meta).unwrap();
    assert!(page.contains("bad.txt: 文件为空"));
    assert!(page.contains("共读取 <strong>0</strong> 张自评表"));
}

#[test]
fn summary_command_writes_the_page_and_exits_2_on_a_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("empty.txt");
    std::fs::write(&bad, "").unwrap();
    let out = dir.path().join("summary.html");
    let sample = "samples/shanghai-minhang-social-security-2024.txt";
    let run = |inputs: &[&Path]| {
        Command::new(env!("CARGO_BIN_EXE_selfeval"))
            .arg("summary")
            .args(inputs)
            .arg("-o")
            .arg(&out)
            .output()
            .unwrap()
    };
    let ok = run(&[Path::new(sample)]);
    assert_eq!(ok.status.code(), Some(0), "{ok:?}");
    let page = std::fs::read_to_string(&out).unwrap();
    let forms = selfeval::read::read_path(Path::new(sample)).len();
    assert!(page.contains(&format!("共读取 <strong>{forms}</strong> 张自评表")));

    let failed = run(&[bad.as_path(), Path::new(sample)]);
    assert_eq!(failed.status.code(), Some(2), "{failed:?}");
    let page = std::fs::read_to_string(&out).unwrap();
    assert!(page.contains(&format!("共读取 <strong>{forms}</strong> 张自评表")));
    assert!(page.contains("empty.txt"), "the failed input is named");
}
