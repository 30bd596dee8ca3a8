//! The samples' HTML summary as Chromium prints it (issue 17): a few A4 pages, not a page per
//! form; every form's block whole on one page; the "二、" heading on the page of the first
//! block; the report's title and "page / pages" in the margins of every page.
//!
//! Needs chromium and poppler's pdfinfo/pdftotext (skipped with a notice when missing, required
//! under CI=true).

mod common;

use selfeval::check;
use selfeval::model::Report;
use std::path::Path;
use std::process::Command;

/// The samples' summary prints on at most this many A4 pages (14 when each form took a page).
const MAX_PAGES: usize = 6;

/// The text of page `n` (1-based) of `pdf`, in reading order.
fn page_text(pdftotext: &str, pdf: &Path, n: usize) -> String {
    let out = Command::new(pdftotext)
        .args(["-f", &n.to_string(), "-l", &n.to_string(), "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

fn page_count(pdfinfo: &str, pdf: &Path) -> usize {
    let out = Command::new(pdfinfo).arg(pdf).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("(A4)"), "A4 pages: {text}");
    text.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count: {text}"))
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The first characters of `s`, few enough to sit on the first line of a table cell, so that
/// pdftotext keeps them together.
fn prefix(s: &str) -> String {
    squeeze(s).chars().take(6).collect()
}

#[test]
fn samples_summary_prints_on_few_pages_with_forms_whole() {
    let Some(chromium) = common::tool("chromium", "--version") else {
        return;
    };
    let (Some(pdfinfo), Some(pdftotext)) = (
        common::tool("pdfinfo", "-v"),
        common::tool("pdftotext", "-v"),
    ) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    // Headers and footers on (Chromium's default): the page's own margin boxes replace them.
    let (_, pdf) = common::samples_summary_printed(chromium, dir.path());

    let pages = page_count(pdfinfo, &pdf);
    assert!(pages <= MAX_PAGES, "{pages} pages, at most {MAX_PAGES}");
    let texts: Vec<String> = (1..=pages).map(|n| page_text(pdftotext, &pdf, n)).collect();

    // Every page carries the title at its head and "第 n / N 页" at its foot, from the page's
    // CSS, not Chromium's own header (date, file URL).
    let forms = common::samples_by_file()
        .into_iter()
        .flat_map(|(_, f)| f)
        .collect::<Vec<Report>>();
    let title = format!(
        "财政项目支出绩效自评·失分及原因汇总（{}张自评表）",
        forms.len()
    );
    for (i, t) in texts.iter().enumerate() {
        let s = squeeze(t);
        assert!(s.contains(&title), "page {}: title in the margin", i + 1);
        assert!(
            s.contains(&format!("第{}/{}页", i + 1, pages)),
            "page {}: page number in the margin:\n{t}",
            i + 1
        );
        assert!(
            !s.contains("file://"),
            "page {}: Chromium's own footer",
            i + 1
        );
    }

    // The pages of section 二, cut at its heading and at the next section's.
    let start = texts
        .iter()
        .position(|t| t.contains("二、失分指标及偏差原因"))
        .expect("section 二 printed");
    let end = texts
        .iter()
        .position(|t| t.contains("三、仅因资金执行率失分"))
        .expect("section 三 printed");
    let mut segments: Vec<String> = texts[start..=end].to_vec();
    let first = &mut segments[0];
    *first = first[first.find("二、失分指标及偏差原因").unwrap()..].to_string();
    let last = segments.last_mut().unwrap();
    *last = last[..last.find("三、仅因资金执行率失分").unwrap()].to_string();

    // The forms that get a block, in the page's order (most points lost first), each short.
    let mut blocks: Vec<&Report> = forms
        .iter()
        .filter(|r| r.lost_indicators().next().is_some() || !check::check(r).is_empty())
        .collect();
    blocks.sort_by(|a, b| {
        (b.points_lost().cmp(&a.points_lost())).then_with(|| a.total.score.cmp(&b.total.score))
    });
    assert!(blocks.len() >= 5, "the samples have several blocks");
    let mut names: Vec<&str> = blocks.iter().map(|r| r.project.as_str()).collect();
    names.sort();
    names.dedup();
    assert_eq!(
        names.len(),
        blocks.len(),
        "block headings tell the forms apart"
    );

    for r in &blocks {
        // Shorter than a page: a few rows (the samples' blocks hold one or two).
        assert!(
            r.lost_indicators().count() <= 5,
            "{} is a short block",
            r.project
        );
        let on: Vec<usize> = segments
            .iter()
            .enumerate()
            .filter(|(_, t)| t.lines().any(|l| l.trim() == r.project))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(
            on.len(),
            1,
            "{}: heading on one page, found {on:?}",
            r.project
        );
        // Its rows follow the heading on the same page, before the next block's heading.
        let seg = &segments[on[0]];
        let after = squeeze(&seg[seg.find(&r.project).unwrap()..]);
        let mut at = 0;
        for ind in r.lost_indicators() {
            let p = prefix(&ind.name);
            let found = after[at..].find(&p).unwrap_or_else(|| {
                panic!("{}: row {} not on the heading's page", r.project, ind.name)
            });
            at += found + p.len();
        }
        for other in &blocks {
            if let Some(k) = after.find(&squeeze(&other.project))
                && other.project != r.project
                && !r.project.contains(&other.project)
            {
                assert!(
                    k >= at,
                    "{}: a row printed after {}",
                    r.project,
                    other.project
                );
            }
        }
    }

    // The heading of section 二 stands on the page of the first block, not alone at a foot.
    assert!(
        segments[0].lines().any(|l| l.trim() == blocks[0].project),
        "section 二's heading is on the first block's page"
    );
}
