//! The .ods reader on small content.xml files of its own.

use super::*;
use std::io::Write;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in entries {
        let method = if *name == "mimetype" {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        let opts = SimpleFileOptions::default().compression_method(method);
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// A whole content.xml around `tables`, with LibreOffice's prefixes.
fn content(tables: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="{NS_OFFICE}" xmlns:table="{NS_TABLE}" xmlns:text="{NS_TEXT}" xmlns:draw="{NS_DRAW}" office:version="1.3"><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"#
    )
}

fn ods(tables: &str) -> Vec<u8> {
    zip_of(&[
        ("mimetype", MIMETYPE),
        ("content.xml", content(tables).as_bytes()),
    ])
}

fn read(tables: &str) -> Result<Vec<Grid>, String> {
    grids(&ods(tables))
}

fn one(tables: &str) -> Grid {
    let mut g = read(tables).unwrap();
    assert_eq!(g.len(), 1);
    g.remove(0)
}

fn cells(g: &Grid) -> Vec<Vec<&str>> {
    g.rows
        .iter()
        .map(|r| r.cells.iter().map(String::as_str).collect())
        .collect()
}

fn merge(first_row: u32, first_col: u32, last_row: u32, last_col: u32) -> Merge {
    Merge {
        first_row,
        first_col,
        last_row,
        last_col,
    }
}

fn cell(text: &str) -> String {
    format!(
        "<table:table-cell office:value-type=\"string\"><text:p>{text}</text:p></table:table-cell>"
    )
}

#[test]
fn is_ods_checks_the_mimetype() {
    assert!(is_ods(MIMETYPE));
    assert!(is_ods(b"application/vnd.oasis.opendocument.spreadsheet\n"));
    assert!(is_ods(MIMETYPE_TEMPLATE));
    assert!(!is_ods(b"application/vnd.oasis.opendocument.text"));
    assert!(!is_ods(b""));
}

#[test]
fn repeats_expand_only_up_to_content() {
    let g = one(&format!(
        r#"<table:table table:name="表1">
        <table:table-column table:number-columns-repeated="16384"/>
        <table:table-row>{a}<table:table-cell table:number-columns-repeated="3"/><table:table-cell table:number-columns-repeated="2"><text:p>b</text:p></table:table-cell><table:table-cell table:number-columns-repeated="16377"/></table:table-row>
        <table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>
        <table:table-row table:number-rows-repeated="2">{c}</table:table-row>
        <table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>
        <table:table-row><table:table-cell table:number-columns-repeated="16384"/></table:table-row>
        </table:table>"#,
        a = cell("a"),
        c = cell("c")
    ));
    assert_eq!(g.sheet.as_deref(), Some("表1"));
    assert_eq!(
        cells(&g),
        vec![
            vec!["a", "", "", "", "b", "b"],
            vec![],
            vec![],
            vec!["c"],
            vec!["c"],
        ]
    );
    for (i, r) in g.rows.iter().enumerate() {
        assert_eq!(r.place, Place::Sheet("表1".to_string(), i as u32));
    }
    assert!(g.merges.is_empty());
}

#[test]
fn huge_trailing_repeats_are_not_materialized() {
    // 4294967295 x 4294967295 empty cells: any materialization would never finish.
    let g = one(&format!(
        r#"<table:table table:name="S"><table:table-row>{x}<table:table-cell table:number-columns-repeated="4294967295"/></table:table-row>
        <table:table-row table:number-rows-repeated="4294967295"><table:table-cell table:number-columns-repeated="4294967295"/></table:table-row>
        <table:table-row table:number-rows-repeated="99999999999999999999999"><table:table-cell/></table:table-row></table:table>"#,
        x = cell("x")
    ));
    assert_eq!(cells(&g), vec![vec!["x"]]);
}

#[test]
fn hostile_repeats_of_content_are_refused() {
    let e = read(
        r#"<table:table table:name="S"><table:table-row><table:table-cell table:number-columns-repeated="4294967295"><text:p>x</text:p></table:table-cell></table:table-row></table:table>"#
    )
    .unwrap_err();
    assert!(e.contains("16384"), "{e}");
    let e = read(&format!(
        r#"<table:table table:name="S"><table:table-row table:number-rows-repeated="4294967295">{x}</table:table-row></table:table>"#,
        x = cell("x")
    ))
    .unwrap_err();
    assert!(e.contains("1048576"), "{e}");
    // Content after 4294967295 empty rows is past the last sheet row.
    let e = read(&format!(
        r#"<table:table table:name="S"><table:table-row table:number-rows-repeated="4294967295"><table:table-cell/></table:table-row><table:table-row>{x}</table:table-row></table:table>"#,
        x = cell("x")
    ))
    .unwrap_err();
    assert!(e.contains("1048576"), "{e}");
    // Within the caps, but 1,000,000 x 16,384 cells would be 16 G cells: refused before
    // any of it is allocated.
    let e = read(
        r#"<table:table table:name="S"><table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="16384"><text:p>x</text:p></table:table-cell></table:table-row></table:table>"#,
    )
    .unwrap_err();
    assert!(e.contains("过大"), "{e}");
}

#[test]
fn content_at_the_last_row_and_column_is_kept() {
    let g = one(&format!(
        r#"<table:table table:name="S"><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>
        <table:table-row><table:table-cell table:number-columns-repeated="16383"/>{x}</table:table-row></table:table>"#,
        x = cell("x")
    ));
    assert_eq!(g.rows.len(), 1_048_576);
    let last = g.rows.last().unwrap();
    assert_eq!(last.cells.len(), 16_384);
    assert_eq!(last.cells.last().map(String::as_str), Some("x"));
    assert_eq!(last.place, Place::Sheet("S".to_string(), 1_048_575));
}

#[test]
fn garbage_counts_mean_one() {
    let g = one(&format!(
        r#"<table:table table:name="S"><table:table-row table:number-rows-repeated="-3"><table:table-cell table:number-columns-repeated="abc"><text:p>a</text:p></table:table-cell><table:table-cell table:number-columns-repeated="0"><text:p>b</text:p></table:table-cell></table:table-row>
        <table:table-row table:number-rows-repeated="">{c}</table:table-row></table:table>"#,
        c = cell("c")
    ));
    assert_eq!(cells(&g), vec![vec!["a", "b"], vec!["c"]]);
}

#[test]
fn spans_and_covered_cells() {
    let g = one(&format!(
        r#"<table:table table:name="S">
        <table:table-row><table:table-cell table:number-columns-spanned="3" table:number-rows-spanned="1"><text:p>标题</text:p></table:table-cell><table:covered-table-cell table:number-columns-repeated="2"/>{d}</table:table-row>
        <table:table-row><table:table-cell table:number-rows-spanned="2" table:number-columns-spanned="2"><text:p>项目资金</text:p></table:table-cell><table:covered-table-cell/>{e}</table:table-row>
        <table:table-row><table:covered-table-cell table:number-columns-repeated="2"><text:p>hidden by the merge</text:p></table:covered-table-cell>{f}</table:table-row>
        <table:table-row>{g}<table:table-cell table:number-rows-spanned="5"/></table:table-row>
        <table:table-row><table:table-cell table:number-columns-spanned="4"/></table:table-row>
        </table:table>"#,
        d = cell("d"),
        e = cell("e"),
        f = cell("f"),
        g = cell("g"),
    ));
    assert_eq!(
        cells(&g),
        vec![
            vec!["标题", "", "", "d"],
            vec!["项目资金", "", "e"],
            vec!["", "", "f"],
            vec!["g"],
        ]
    );
    // The empty 5-row merge at (3,1) is clipped to the last row and so is 1x1: dropped;
    // the empty merge in the trailing empty row goes with that row.
    assert_eq!(g.merges, vec![merge(0, 0, 0, 2), merge(1, 0, 2, 1)]);
}

#[test]
fn merges_in_empty_middle_rows_are_kept() {
    let g = one(&format!(
        r#"<table:table table:name="S"><table:table-row>{a}</table:table-row>
        <table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-spanned="2"/><table:covered-table-cell/></table:table-row>
        <table:table-row>{b}</table:table-row></table:table>"#,
        a = cell("a"),
        b = cell("b")
    ));
    assert_eq!(cells(&g), vec![vec!["a"], vec![], vec![], vec!["b"]]);
    assert_eq!(g.merges, vec![merge(1, 0, 1, 1), merge(2, 0, 2, 1)]);
}

#[test]
fn hostile_spans_are_clamped() {
    let g = one(&format!(
        r#"<table:table table:name="S"><table:table-row><table:table-cell table:number-columns-spanned="4294967295" table:number-rows-spanned="4294967295"><text:p>x</text:p></table:table-cell></table:table-row><table:table-row>{y}</table:table-row></table:table>"#,
        y = cell("y")
    ));
    assert_eq!(g.merges, vec![merge(0, 0, 1, 16_383)]);
}

#[test]
fn displayed_text_of_a_cell() {
    let g = one(r#"<table:table table:name="S"><table:table-row>
        <table:table-cell><text:p>a<text:s text:c="3"/>b<text:tab/>c<text:line-break/>  d  </text:p><text:p/><text:p>  </text:p><text:p><text:span text:style-name="T1">e</text:span>  <text:a xlink:href="http://x" xmlns:xlink="http://www.w3.org/1999/xlink">f</text:a>
        g</text:p></table:table-cell>
        <table:table-cell><text:p>x<text:s text:c="4294967295"/>y &amp; &lt;&#x4E2D;&#25991;&gt; &bogus;</text:p></table:table-cell>
        <table:table-cell office:value-type="float" office:value="10"><text:p>10.00</text:p></table:table-cell>
        <table:table-cell office:value-type="float" office:value="3.5"/>
        <table:table-cell office:value-type="percentage" office:value="0.5"><text:p/></table:table-cell>
        <table:table-cell office:value-type="string" office:string-value=" s "/>
        </table:table-row></table:table>"#);
    let row = &g.rows[0].cells;
    assert_eq!(row[0], "a   b c\nd\ne f g");
    assert_eq!(
        row[1],
        format!("x{}y & <中文>", " ".repeat(MAX_SPACES as usize))
    );
    assert_eq!(row[2], "10.00");
    // No text:p at all: the value; an empty text:p: shown empty.
    assert_eq!(row[3], "3.5");
    assert_eq!(row[4], "");
    assert_eq!(row[5], "s");
    assert_eq!(row.len(), 6);
}

#[test]
fn annotations_and_drawings_are_skipped() {
    let g = one(
        r#"<table:table table:name="S"><table:table-row><table:table-cell><office:annotation><dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">me</dc:creator><text:p>a comment</text:p></office:annotation><text:p>shown</text:p></table:table-cell>
        <table:table-cell><draw:frame><draw:text-box><text:p>in a shape</text:p></draw:text-box></draw:frame></table:table-cell>
        <table:table-cell><office:annotation><text:p>only a comment</text:p></office:annotation></table:table-cell>
        </table:table-row></table:table>"#,
    );
    assert_eq!(cells(&g), vec![vec!["shown"]]);
}

#[test]
fn sheets_groups_and_other_prefixes() {
    let g = read(&format!(
        r#"<table:table table:name="可见"><table:table-header-rows><table:table-row>{h}</table:table-row></table:table-header-rows>
        <table:table-row-group><table:table-rows><table:table-row table:visibility="collapse">{a}</table:table-row></table:table-rows></table:table-row-group>
        <table:shapes><draw:frame><draw:text-box><text:p>shape</text:p></draw:text-box></draw:frame></table:shapes></table:table>
        <table:table table:name="隐藏" table:style-name="ta_hidden"/>
        <t:table xmlns:t="{NS_TABLE}" xmlns:p="{NS_TEXT}" t:name="Q&amp;A"><t:table-row><t:table-cell><p:p>x</p:p></t:table-cell></t:table-row></t:table>
        <table:table><table:table-row>{b}</table:table-row></table:table>"#,
        h = cell("h"),
        a = cell("a"),
        b = cell("b")
    ))
    .unwrap();
    let names: Vec<_> = g.iter().map(|g| g.sheet.clone().unwrap()).collect();
    assert_eq!(names, vec!["可见", "隐藏", "Q&A", "Sheet4"]);
    assert_eq!(cells(&g[0]), vec![vec!["h"], vec!["a"]]);
    assert!(g[1].rows.is_empty());
    assert_eq!(cells(&g[2]), vec![vec!["x"]]);
    assert_eq!(g[2].rows[0].place, Place::Sheet("Q&A".to_string(), 0));
}

#[test]
fn encrypted_files_say_so() {
    let manifest = br#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"><manifest:encryption-data manifest:checksum-type="SHA1/1K"/></manifest:file-entry></manifest:manifest>"#;
    let bytes = zip_of(&[
        ("mimetype", MIMETYPE),
        ("META-INF/manifest.xml", manifest),
        ("content.xml", b"\x8f\x02garbage"),
    ]);
    assert_eq!(grids(&bytes).unwrap_err(), ENCRYPTED);
}

#[test]
fn not_an_ods() {
    for bad in [
        &b""[..],
        b"PK\x03\x04 truncated",
        b"<html></html>",
        &[0xffu8; 100],
    ] {
        let e = grids(bad).unwrap_err();
        assert!(e.contains("zip"), "{e}");
    }
    let odt = zip_of(&[("mimetype", b"application/vnd.oasis.opendocument.text")]);
    assert!(grids(&odt).unwrap_err().contains("mimetype"));
    let none = zip_of(&[("mimetype", MIMETYPE)]);
    assert!(grids(&none).unwrap_err().contains("content.xml"));
    let text_doc = zip_of(&[(
        "content.xml",
        format!(r#"<office:document-content xmlns:office="{NS_OFFICE}"><office:body><office:text/></office:body></office:document-content>"#).as_bytes(),
    )]);
    assert!(grids(&text_doc).unwrap_err().contains("office:spreadsheet"));
    let mut truncated = ods(&format!(
        "<table:table table:name=\"S\"><table:table-row>{}</table:table-row></table:table>",
        cell("x")
    ));
    truncated.truncate(truncated.len() - 30);
    assert!(grids(&truncated).is_err());
}

#[test]
fn malformed_xml_is_an_error_not_a_panic() {
    let mismatched = zip_of(&[(
        "content.xml",
        content("<table:table><table:table-row></table:table>").as_bytes(),
    )]);
    assert!(grids(&mismatched).unwrap_err().contains("XML"));
    let unclosed = zip_of(&[(
        "content.xml",
        format!(r#"<office:document-content xmlns:office="{NS_OFFICE}" xmlns:table="{NS_TABLE}"><office:body><office:spreadsheet><table:table>"#).as_bytes(),
    )]);
    assert!(grids(&unclosed).is_err());
    let deep = format!(
        "<table:table><table:table-row><table:table-cell><text:p>{}x{}</text:p></table:table-cell></table:table-row></table:table>",
        "<text:span>".repeat(100_000),
        "</text:span>".repeat(100_000)
    );
    assert!(grids(&zip_of(&[("content.xml", content(&deep).as_bytes())])).is_err());
    let deep_ok = format!(
        "<table:table><table:table-row><table:table-cell><text:p>{}x{}</text:p></table:table-cell></table:table-row></table:table>",
        "<text:span>".repeat(1000),
        "</text:span>".repeat(1000)
    );
    let g = grids(&zip_of(&[("content.xml", content(&deep_ok).as_bytes())])).unwrap();
    assert_eq!(cells(&g[0]), vec![vec!["x"]]);
}

#[test]
fn size_and_ratio_caps() {
    let tables = format!(
        "<table:table table:name=\"S\"><table:table-row><table:table-cell><text:p>{}</text:p></table:table-cell></table:table-row></table:table>",
        "<text:s/>".repeat(100_000)
    );
    let bytes = ods(&tables);
    assert!(grids(&bytes).is_ok());
    let small = Limits {
        ratio_floor: 0,
        ratio: 20,
        ..LIMITS
    };
    let e = grids_with(&bytes, &small).unwrap_err();
    assert!(e.contains("压缩比"), "{e}");
    let tiny = Limits {
        content: 1000,
        ..LIMITS
    };
    let e = grids_with(&bytes, &tiny).unwrap_err();
    assert!(e.contains("过大"), "{e}");
    let cell_cap = Limits {
        cell_text: 1000,
        ..LIMITS
    };
    let e = grids_with(&bytes, &cell_cap).unwrap_err();
    assert!(e.contains("单元格"), "{e}");
}

#[test]
fn errors_are_one_line() {
    let bad = [
        grids(b"nope").unwrap_err(),
        grids(&zip_of(&[("content.xml", b"<a>\n<b>\n</a>")])).unwrap_err(),
    ];
    for e in bad {
        assert!(!e.contains('\n'), "{e}");
    }
}

/// The LibreOffice-saved twins of selfeval's workbooks, when present on this machine.
#[test]
fn real_files() {
    let dirs = ["/tmp/helpers/real", "/tmp/helpers/ods/real"];
    let mut seen = 0;
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().and_then(|e| e.to_str()) != Some("ods") {
                continue;
            }
            let grids = grids(&std::fs::read(&path).unwrap()).unwrap();
            assert!(!grids.is_empty(), "{}", path.display());
            let text: Vec<&str> = grids
                .iter()
                .flat_map(|g| {
                    g.rows
                        .iter()
                        .flat_map(|r| r.cells.iter().map(String::as_str))
                })
                .collect();
            assert!(
                text.iter().any(|t| t.contains("三级指标")),
                "{}",
                path.display()
            );
            seen += 1;
        }
    }
    eprintln!("read {seen} real .ods files");
}
