//! The .docx reader on small documents of its own.

use super::*;
use std::io::Write;

/// A minimal .docx: a zip holding `word/document.xml` with `body` inside `w:body`.
fn docx_with(name: &str, xml: &str) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("[Content_Types].xml", opts).unwrap();
    zip.write_all(b"<Types/>").unwrap();
    zip.start_file(name, opts).unwrap();
    zip.write_all(xml.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

fn doc(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>"#
    )
}

fn docx(body: &str) -> Vec<u8> {
    docx_with("word/document.xml", &doc(body))
}

fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
}

fn tc(props: &str, content: &str) -> String {
    format!("<w:tc><w:tcPr><w:tcW w:w=\"100\" w:type=\"dxa\"/>{props}</w:tcPr>{content}</w:tc>")
}

fn cells(g: &Grid) -> Vec<Vec<&str>> {
    g.rows
        .iter()
        .map(|r| r.cells.iter().map(String::as_str).collect())
        .collect()
}

fn m(first_row: u32, first_col: u32, last_row: u32, last_col: u32) -> Merge {
    Merge {
        first_row,
        first_col,
        last_row,
        last_col,
    }
}

#[test]
fn table_with_merges_breaks_and_paragraphs() {
    let body = [
        p("  财政项目支出绩效自评表 "),
        "<w:p/>".to_string(),
        p("（2024年度）"),
        "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>".to_string(),
        // Row 0: label, then a value spanning two columns.
        format!(
            "<w:tr>{}{}</w:tr>",
            tc("", &p("项目名称")),
            tc("<w:gridSpan w:val=\"2\"/>", &p("鉴定费"))
        ),
        // Row 1: vertical merge starts; a cell with two paragraphs and a w:br.
        format!(
            "<w:tr>{}{}{}</w:tr>",
            tc("<w:vMerge w:val=\"restart\"/>", &p("项目资金")),
            tc(
                "",
                "<w:p><w:r><w:t>年初</w:t></w:r><w:r><w:br/><w:t> 预算数 </w:t></w:r></w:p><w:p><w:r><w:t>（万元）</w:t></w:r></w:p>"
            ),
            tc("", &p("40.05"))
        ),
        // Row 2: continued (no val), row 3: continued (val="continue").
        format!(
            "<w:tr>{}{}{}</w:tr>",
            tc("<w:vMerge/>", "<w:p/>"),
            tc("", &p("a\tb")),
            tc("", "<w:p><w:r><w:t>x</w:t><w:tab/><w:t>y</w:t></w:r></w:p>")
        ),
        format!(
            "<w:tr>{}{}</w:tr>",
            tc("<w:vMerge w:val=\"continue\"/>", ""),
            tc("<w:gridSpan w:val=\"2\"/><w:vMerge w:val=\"restart\"/>", &p("合计"))
        ),
        format!(
            "<w:tr>{}{}</w:tr>",
            tc("", &p("得分")),
            tc("<w:gridSpan w:val=\"2\"/><w:vMerge/>", "")
        ),
        // An empty row still is a row.
        "<w:tr/>".to_string(),
        "</w:tbl>".to_string(),
        p("填报人：张三"),
    ]
    .concat();
    let gs = grids(&docx(&body)).unwrap();
    assert_eq!(gs.len(), 1);
    let g = &gs[0];
    assert_eq!(g.sheet, None);
    assert_eq!(
        cells(g),
        vec![
            vec!["财政项目支出绩效自评表"],
            vec!["（2024年度）"],
            vec!["项目名称", "鉴定费", ""],
            vec!["项目资金", "年初\n预算数\n（万元）", "40.05"],
            vec!["", "a\tb", "x y"],
            vec!["", "合计", ""],
            vec!["得分", "", ""],
            vec![],
            vec!["填报人：张三"],
        ]
    );
    let places: Vec<Place> = g.rows.iter().map(|r| r.place.clone()).collect();
    assert_eq!(places, (0..9).map(Place::Row).collect::<Vec<_>>());
    let mut merges = g.merges.clone();
    merges.sort_by_key(|m| (m.first_row, m.first_col));
    assert_eq!(merges, vec![m(2, 1, 2, 2), m(3, 0, 5, 0), m(5, 1, 6, 2)]);
}

#[test]
fn revisions_fields_controls_alternates_hidden_and_boxes() {
    let body = [
        // Deleted text skipped, inserted kept.
        "<w:p><w:r><w:t>保留</w:t></w:r><w:del w:id=\"1\"><w:r><w:delText>删除</w:delText></w:r></w:del><w:ins w:id=\"2\"><w:r><w:t>插入</w:t></w:r></w:ins></w:p>",
        // Complex field: instruction skipped, result kept; simple field result kept.
        "<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r><w:fldSimple w:instr=\"NUMPAGES\"><w:r><w:t>/9</w:t></w:r></w:fldSimple></w:p>",
        // Content control: its content is kept, its properties are not.
        "<w:sdt><w:sdtPr><w:alias w:val=\"别名\"/><w:placeholder><w:docPart w:val=\"x\"/></w:placeholder></w:sdtPr><w:sdtContent><w:p><w:r><w:t>控件内容</w:t></w:r></w:p></w:sdtContent></w:sdt>",
        // Alternate content: one branch only.
        "<w:p><mc:AlternateContent><mc:Choice Requires=\"w14\"><w:r><w:t>新</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>旧</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>",
        // Hidden run skipped; a text box in a drawing skipped.
        "<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r><w:r><w:rPr><w:vanish w:val=\"0\"/></w:rPr><w:t>可见</w:t></w:r><w:r><w:drawing><wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></w:drawing></w:r></w:p>",
        // Tab stops in paragraph properties are not tabs; entities resolve.
        "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr><w:r><w:t>A&amp;B&#x4E00;</w:t></w:r></w:p>",
    ]
    .concat();
    let gs = grids(&docx(&body)).unwrap();
    assert_eq!(
        cells(&gs[0]),
        vec![
            vec!["保留插入"],
            vec!["7/9"],
            vec!["控件内容"],
            vec!["新"],
            vec!["可见"],
            vec!["A&B一"],
        ]
    );
}

#[test]
fn nested_tables_grid_before_hmerge_and_change_history() {
    let inner = "<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"5\"/></w:tcPr><w:p><w:r><w:t>内1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>内2</w:t></w:r></w:p></w:tc></w:tr></w:tbl>";
    let body = [
        "<w:tbl>".to_string(),
        format!(
            "<w:tr>{}{}</w:tr>",
            tc("", &format!("{}{inner}{}", p("外"), p("后"))),
            tc("", &p("右"))
        ),
        format!(
            "<w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>{}</w:tr>",
            tc("", &p("缩进"))
        ),
        format!(
            "<w:tr>{}{}{}</w:tr>",
            tc("<w:hMerge w:val=\"restart\"/>", &p("横并")),
            tc("<w:hMerge/>", ""),
            tc("", &p("z"))
        ),
        // Tracked property change: the old gridSpan must not count.
        format!(
            "<w:tr>{}</w:tr>",
            tc(
                "<w:tcPrChange w:id=\"3\"><w:tcPr><w:gridSpan w:val=\"3\"/></w:tcPr></w:tcPrChange>",
                &p("单")
            )
        ),
        "</w:tbl>".to_string(),
    ]
    .concat();
    let g = &grids(&docx(&body)).unwrap()[0];
    assert_eq!(
        cells(g),
        vec![
            vec!["外\n内1\n内2\n后", "右"],
            vec!["", "缩进"],
            vec!["横并", "", "z"],
            vec!["单"],
        ]
    );
    assert_eq!(g.merges, vec![m(2, 0, 2, 1)]);
}

#[test]
fn libreoffice_sheet_headings_split_grids() {
    let table = |t: &str| format!("<w:tbl><w:tr>{}</w:tr></w:tbl>", tc("", &p(t)));
    let heading = |n: &str, name: &str| {
        format!(
            "<w:p><w:r><w:t xml:space=\"preserve\">{n} </w:t></w:r><w:r><w:t>{name}</w:t></w:r></w:p>"
        )
    };
    let body = [
        p("Overview"),
        heading("Sheet 1:", "汇总"),
        table("a"),
        "<w:p/>".to_string(),
        heading("工作表 2：", "扣分 明细"),
        heading("Sheet 3:", "空"),
        heading("Sheet3:", "表"),
        table("b"),
        p("Sheet x: 不是标题"),
    ]
    .concat();
    let gs = grids(&docx(&body)).unwrap();
    let names: Vec<Option<&str>> = gs.iter().map(|g| g.sheet.as_deref()).collect();
    assert_eq!(
        names,
        vec![
            None,
            Some("汇总"),
            Some("扣分 明细"),
            Some("空"),
            Some("表")
        ]
    );
    assert_eq!(cells(&gs[0]), vec![vec!["Overview"]]);
    assert_eq!(cells(&gs[1]), vec![vec!["a"]]);
    assert!(gs[2].rows.is_empty() && gs[3].rows.is_empty());
    assert_eq!(cells(&gs[4]), vec![vec!["b"], vec!["Sheet x: 不是标题"]]);
    assert_eq!(gs[4].rows[1].place, Place::Row(1));

    // No text before the first heading: no unnamed grid.
    let gs = grids(&docx(&[heading("Sheet 1:", "A"), table("a")].concat())).unwrap();
    assert_eq!(gs.len(), 1);
    assert_eq!(sheet_heading("Sheet 12 ： 名"), Some("名"));
    assert_eq!(sheet_heading("Sheet 1:"), None);
    assert_eq!(sheet_heading("Sheets 1: a"), None);
    assert_eq!(sheet_heading("工作表1:x"), Some("x"));
    assert_eq!(sheet_heading("Shé"), None);
}

#[test]
fn namespaces_by_uri_not_prefix() {
    let xml = concat!(
        r#"<document xmlns="http://purl.oclc.org/ooxml/wordprocessingml/main" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">"#,
        "<body><p><r><t>默认</t></r></p><p><a:r><a:t>绘图</a:t></a:r></p></body></document>"
    );
    assert_eq!(
        cells(&grids(&docx_with(DOCUMENT_XML, xml)).unwrap()[0]),
        vec![vec!["默认"]]
    );
    let xml = "<w:document><w:body><w:p><w:r><w:t>无声明</w:t></w:r></w:p></w:body></w:document>";
    assert_eq!(
        cells(&grids(&docx_with(DOCUMENT_XML, xml)).unwrap()[0]),
        vec![vec!["无声明"]]
    );
}

#[test]
fn empty_document_is_one_empty_grid() {
    let gs = grids(&docx("")).unwrap();
    assert_eq!(gs, vec![Grid::default()]);
}

#[test]
fn is_docx_by_entry_names() {
    assert!(is_docx(&["[Content_Types].xml", "word/document.xml"]));
    assert!(is_docx(&["Word/Document.XML"]));
    assert!(!is_docx(&["xl/workbook.xml", "content.xml"]));
    // Odd case in the zip itself is read too.
    let gs = grids(&docx_with("Word/Document.xml", &doc(&p("x")))).unwrap();
    assert_eq!(cells(&gs[0]), vec![vec!["x"]]);
}

fn err(bytes: &[u8]) -> String {
    let e = grids(bytes).unwrap_err();
    assert!(!e.contains('\n'), "{e}");
    assert!(e.contains('(') && !e.is_ascii(), "{e}");
    e
}

#[test]
fn hostile_and_broken_input_is_an_error_not_a_panic() {
    err(b"");
    err(b"PK\x03\x04 not really a zip");
    err(&docx_with("xl/workbook.xml", "<workbook/>"));
    let good = docx(&p("x"));
    for cut in [10, good.len() / 2, good.len() - 10] {
        err(&good[..cut]);
    }
    // Malformed XML.
    err(&docx_with(
        "word/document.xml",
        "<w:document><w:body><w:p></w:body>",
    ));
    // A span beyond the column cap.
    err(&docx(&format!(
        "<w:tbl><w:tr>{}</w:tr></w:tbl>",
        tc("<w:gridSpan w:val=\"99999999999999999999999\"/>", "")
    )));
    err(&docx(&format!(
        "<w:tbl><w:tr><w:trPr><w:gridBefore w:val=\"16384\"/></w:trPr>{}</w:tr></w:tbl>",
        tc("", "")
    )));
    // Too many cells in one row.
    let e = err(&docx(&format!(
        "<w:tbl><w:tr>{}</w:tr></w:tbl>",
        "<w:tc/>".repeat(MAX_COLS + 1)
    )));
    assert!(e.contains("columns"), "{e}");
    // Many rows of wide spans: the cell budget refuses before memory blows up.
    let row = format!("<w:tr>{}</w:tr>", tc("<w:gridSpan w:val=\"16384\"/>", ""));
    let e = err(&docx(&format!("<w:tbl>{}</w:tbl>", row.repeat(600))));
    assert!(e.contains("cells"), "{e}");
    // Deep nesting: the reader refuses or we walk it with counters, no stack overflow.
    let deep = format!("{}{}", "<w:sdt>".repeat(70_000), "</w:sdt>".repeat(70_000));
    let _ = grids(&docx(&deep));
    let deep = format!(
        "{}{}",
        "<w:tbl><w:tr><w:tc>".repeat(20_000),
        "</w:tc></w:tr></w:tbl>".repeat(20_000)
    );
    assert!(grids(&docx(&deep)).is_ok());
    // Garbage attribute values fall back to defaults.
    let g = &grids(&docx(&format!(
        "<w:tbl><w:tr>{}{}</w:tr></w:tbl>",
        tc(
            "<w:gridSpan w:val=\"-3\"/><w:vMerge w:val=\"bogus\"/>",
            &p("a")
        ),
        tc("<w:gridSpan w:val=\"0\"/>", &p("b"))
    )))
    .unwrap()[0];
    assert_eq!(cells(g), vec![vec!["a", "b"]]);
    assert!(g.merges.is_empty());
    // A stray continuation with nothing above: an ordinary cell.
    let g = &grids(&docx(&format!(
        "<w:tbl><w:tr>{}</w:tr></w:tbl>",
        tc("<w:vMerge/>", &p("孤"))
    )))
    .unwrap()[0];
    assert_eq!(cells(g), vec![vec!["孤"]]);
    // Cells outside rows and text outside cells don't panic.
    assert!(grids(&docx("<w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p></w:tc><w:tr/><w:tbl><w:r><w:t>b</w:t></w:r><w:tc><w:p/></w:tc></w:tbl>")).is_ok());
}

#[test]
fn size_limits() {
    let xml = doc(&p(&"长".repeat(2000)));
    let bytes = docx_with("word/document.xml", &xml);
    // Declared size over the limit.
    let e = read_document_xml(&bytes, 1000).unwrap_err();
    assert!(e.contains("declares"), "{e}");
    read_document_xml(&bytes, xml.len() as u64).unwrap();
    // A size declared small in both headers: the zip crate notices, `take` would too.
    let lying = patch_sizes(&bytes, "word/document.xml", 10);
    let e = read_document_xml(&lying, 1000).unwrap_err();
    assert!(!e.contains('\n'), "{e}");
}

/// Rewrites the uncompressed size of entry `name` in its local and central headers.
fn patch_sizes(zip: &[u8], name: &str, size: u32) -> Vec<u8> {
    let mut out = zip.to_vec();
    let n = name.as_bytes();
    for (sig, name_at, size_at) in [(b"PK\x03\x04", 30, 22), (b"PK\x01\x02", 46, 24)] {
        let mut i = 0;
        while let Some(pos) = out[i..].windows(4).position(|w| w == sig) {
            let at = i + pos;
            if out.get(at + name_at..at + name_at + n.len()) == Some(n) {
                out[at + size_at..at + size_at + 4].copy_from_slice(&size.to_le_bytes());
            }
            i = at + 4;
        }
    }
    out
}

#[test]
fn utf16_and_bom() {
    let xml = doc(&p("双字节"));
    let mut raw = vec![0xFF, 0xFE];
    raw.extend(xml.encode_utf16().flat_map(u16::to_le_bytes));
    assert_eq!(decode_xml(raw), xml);
    let mut raw = vec![0xEF, 0xBB, 0xBF];
    raw.extend(xml.as_bytes());
    assert_eq!(decode_xml(raw), xml);
    assert_eq!(decode_xml(vec![b'a', 0xFF, b'b']), "a\u{FFFD}b");
}
