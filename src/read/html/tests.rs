//! The HTML reader on small pages of its own, hostile ones among them.

use super::*;
use std::time::{Duration, Instant};

fn one(html: &str) -> Grid {
    let mut g = grids(html.as_bytes()).expect("grids");
    assert_eq!(g.len(), 1, "{g:?}");
    g.remove(0)
}

fn cells(g: &Grid) -> Vec<Vec<&str>> {
    g.rows
        .iter()
        .map(|r| r.cells.iter().map(String::as_str).collect())
        .collect()
}

fn m(a: u32, b: u32, c: u32, d: u32) -> Merge {
    Merge {
        first_row: a,
        first_col: b,
        last_row: c,
        last_col: d,
    }
}

#[test]
fn node_is_small() {
    assert!(
        std::mem::size_of::<Node>() <= 48,
        "{}",
        std::mem::size_of::<Node>()
    );
}

#[test]
fn spans_leave_covered_cells_empty() {
    let g = one("<table>\
        <tr><td rowspan=2>A</td><td colspan=2>B</td><td>C</td></tr>\
        <tr><td>D</td><td>E</td><td>F</td></tr>\
        <tr><td>G</td><td colspan=2 rowspan=2>H</td></tr>\
        <tr><td>I</td></tr></table>");
    assert_eq!(
        cells(&g),
        vec![
            vec!["A", "B", "", "C"],
            vec!["", "D", "E", "F"],
            vec!["G", "H", ""],
            vec!["I", "", ""],
        ]
    );
    assert_eq!(g.merges, vec![m(0, 0, 1, 0), m(0, 1, 0, 2), m(2, 1, 3, 2)]);
    assert_eq!(g.rows[3].place, Place::Row(3));
}

#[test]
fn excel_overflow_colspan_is_not_a_merge() {
    let g = one(
        "<table><tr><td colspan=3 class=xl66 style='mso-ignore:colspan'>long text</td>\
         <td>d</td></tr><tr><td>a</td><td>b</td><td>c</td><td>e</td></tr></table>",
    );
    assert_eq!(
        cells(&g),
        vec![vec!["long text", "", "", "d"], vec!["a", "b", "c", "e"]]
    );
    assert!(g.merges.is_empty());
}

#[test]
fn bad_span_values() {
    let g = one(
        "<table><tr><td colspan=0>a</td><td colspan=-2>b</td><td colspan=x>c</td>\
         <td colspan=' +2 '>d</td><td rowspan=-1>e</td><td rowspan=abc>f</td></tr></table>",
    );
    assert_eq!(cells(&g), vec![vec!["a", "b", "c", "d", "", "e", "f"]]);
    assert_eq!(g.merges, vec![m(0, 3, 0, 4)]);
    // Huge values are clipped: colspan to 1000 (HTML), rowspan to the row group.
    let g = one(
        "<table><tr><td colspan=4294967296 rowspan=99999999>a</td><td>b</td></tr><tr><td>c</td></tr></table>",
    );
    assert_eq!(g.merges, vec![m(0, 0, 1, 999)]);
    assert_eq!(g.rows[0].cells.len(), 1001);
    assert_eq!(g.rows[0].cells[1000], "b");
    assert_eq!(g.rows[1].cells[1000], "c");
    // rowspan=0: to the end of the row group (HTML spec).
    let g = one(
        "<table><tbody><tr><td rowspan=0>a</td><td>b</td></tr><tr><td>c</td></tr>\
         <tr><td>d</td></tr></tbody><tbody><tr><td>e</td></tr></tbody></table>",
    );
    assert_eq!(
        cells(&g),
        vec![vec!["a", "b"], vec!["", "c"], vec!["", "d"], vec!["e"]]
    );
    assert_eq!(g.merges, vec![m(0, 0, 2, 0)]);
}

#[test]
fn rowspan_runs_across_row_groups() {
    // LibreOffice Writer's export: one `<tbody>` per row, spans crossing them.
    let g = one(
        "<table><tbody><tr><td rowspan=3>项目资金</td><td>年初</td></tr></tbody>\
         <tbody><tr><td>总额</td></tr></tbody><tbody><tr><td>其中</td></tr></tbody>\
         <tbody><tr><td>x</td><td>y</td></tr></tbody></table>",
    );
    assert_eq!(
        cells(&g),
        vec![
            vec!["项目资金", "年初"],
            vec!["", "总额"],
            vec!["", "其中"],
            vec!["x", "y"]
        ]
    );
    assert_eq!(g.merges, vec![m(0, 0, 2, 0)]);
}

#[test]
fn overlapping_spans_do_not_overlap_merges() {
    let g = one("<table><tr><td>a</td><td rowspan=2>b</td></tr>\
         <tr><td colspan=3>c</td><td>d</td></tr></table>");
    // `c` would run into `b`'s rowspan: it stops there; `d` goes after `b`.
    assert_eq!(cells(&g), vec![vec!["a", "b"], vec!["c", "", "d"]]);
    assert_eq!(g.merges, vec![m(0, 1, 1, 1)]);
}

#[test]
fn thead_first_tfoot_last() {
    let g = one(
        "<table><tfoot><tr><td>foot</td></tr></tfoot><tbody><tr><td>body</td></tr></tbody>\
         <thead><tr><th>head</th></tr></thead><caption>cap</caption></table>",
    );
    assert_eq!(
        cells(&g),
        vec![vec!["cap"], vec!["head"], vec!["body"], vec!["foot"]]
    );
}

#[test]
fn line_breaks_and_whitespace() {
    let g = one(
        "<table><tr><td>a<br>b</td><td><p>x</p>\n<p> </p><p>y</p></td>\
         <td>  a \n\t b&nbsp;&nbsp;c </td><td>&nbsp;</td><td><div>1</div>2<span>3</span></td>\
         <td>项目<br/><br/>名称</td><td><pre>p  q\nr</pre></td></tr></table>",
    );
    assert_eq!(
        cells(&g),
        vec![vec![
            "a\nb",
            "x\ny",
            "a b c",
            "",
            "1\n23",
            "项目\n名称",
            "p q\nr"
        ]]
    );
}

#[test]
fn document_order_and_blocks() {
    let g = one(
        "<html><head><title>T</title><style>td{}</style><script>var x='<td>';</script></head>\
         <body><h1>Title</h1><p>line1<br>line2</p><div>d<div>e</div>f</div>\
         <ul><li>one</li><li>two</li></ul>\
         <table><tr><td>x</td></tr></table>after<!-- hidden --><center>c</center></body></html>",
    );
    assert_eq!(
        cells(&g),
        vec![
            vec!["Title"],
            vec!["line1"],
            vec!["line2"],
            vec!["d"],
            vec!["e"],
            vec!["f"],
            vec!["one"],
            vec!["two"],
            vec!["x"],
            vec!["after"],
            vec!["c"]
        ]
    );
    let places: Vec<_> = g.rows.iter().map(|r| r.place.clone()).collect();
    assert_eq!(places[10], Place::Row(10));
}

#[test]
fn hidden_things_are_skipped() {
    let g = one(
        "<p>a<span style='DISPLAY: none'>no</span><span hidden>no</span>b</p>\
         <table><tr><td>c<a class=comment-indicator></a><comment><p>note</p></comment></td>\
         <td style='display:none'>kept</td></tr><tr style=display:none><td>row</td></tr></table>\
         <noscript>js</noscript><template><p>t</p></template><div style='display:none'>gone</div>",
    );
    // Hidden rows and cells keep their place (as in the workbook the page came from).
    assert_eq!(cells(&g), vec![vec!["ab"], vec!["c", "kept"], vec!["row"]]);
}

#[test]
fn nested_table_text_stays_in_the_cell() {
    let g = one("<table><tr><td>outer<table><tr><td>i1</td><td>i2</td></tr>\
         <tr><td colspan=2>i3</td></tr></table>tail</td><td>z</td></tr><tr><td>w</td></tr></table>");
    assert_eq!(
        cells(&g),
        vec![vec!["outer\ni1\ni2\ni3\ntail", "z"], vec!["w"]]
    );
    assert!(g.merges.is_empty());
}

#[test]
fn misplaced_text_goes_before_the_table() {
    // Browsers "foster-parent" stray text out of the table.
    let g = one("<table>stray<tr><td>a</td></tr></table>");
    assert_eq!(cells(&g), vec![vec!["stray"], vec!["a"]]);
}

#[test]
fn form_controls_show_their_values() {
    let g = one(
        "<p>Name: <input type=text value='张三'> <input type=hidden value=secret>\
         <select><option>a</option><option selected>b</option></select>\
         <textarea>t1\nt2</textarea></p>",
    );
    assert_eq!(
        cells(&g),
        vec![vec!["Name: 张三 b"], vec!["t1"], vec!["t2"]]
    );
}

const CALC: &str = "<!DOCTYPE html><html><head>\
    <meta http-equiv=\"content-type\" content=\"text/html; charset=utf-8\"/>\
    <meta name=\"generator\" content=\"LibreOffice 7.4.7.2 (Linux)\"/></head><body><hr>\
    <p><center><h1>Overview</h1><A HREF=\"#table0\">汇总</A><br><A HREF=\"#table1\">表 2</A><br></center></p><hr>\
    <A NAME=\"table0\"><h1>Sheet 1: <em>汇总</em></h1></A>\
    <table><tr><td colspan=2>a</td></tr><tr><td>b</td><td>c</td></tr></table>\
    <!-- *** --><hr><A NAME=\"table1\"><h1>工作表 2: <em> 表 2</em></h1></A>\
    <table><tr><td rowspan=2>x</td><td>y</td></tr><tr><td>z</td></tr></table><hr></body></html>";

#[test]
fn calc_export_gives_one_grid_per_sheet() {
    let g = grids(CALC.as_bytes()).expect("grids");
    assert_eq!(g.len(), 3);
    assert_eq!(g[0].sheet, None);
    assert_eq!(
        cells(&g[0]),
        vec![vec!["Overview"], vec!["汇总"], vec!["表 2"]]
    );
    assert_eq!(g[1].sheet.as_deref(), Some("汇总"));
    assert_eq!(cells(&g[1]), vec![vec!["a", ""], vec!["b", "c"]]);
    assert_eq!(g[1].merges, vec![m(0, 0, 0, 1)]);
    assert_eq!(g[2].sheet.as_deref(), Some(" 表 2"));
    assert_eq!(cells(&g[2]), vec![vec!["x", "y"], vec!["", "z"]]);
    assert_eq!(g[2].merges, vec![m(0, 0, 1, 0)]);
    assert_eq!(g[2].rows[1].place, Place::Row(1));
    // Without the generator it is an ordinary page: one grid, headings are rows.
    let plain = CALC.replace("LibreOffice", "Something");
    let g = one(&plain);
    assert_eq!(g.rows[3].cells, vec!["Sheet 1: 汇总"]);
}

fn gbk(s: &str) -> Vec<u8> {
    encoding_rs::GBK.encode(s).0.into_owned()
}

#[test]
fn charsets() {
    let body = "<table><tr><td>项目名称</td><td>绩效自评</td></tr></table>";
    let want = vec![vec!["项目名称", "绩效自评"]];
    let page = format!(
        "<html><head><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=gb2312\"></head><body>{body}"
    );
    assert_eq!(cells(&grids(&gbk(&page)).expect("gb2312")[0]), want);
    let page = format!("<!-- x --><meta charset='GBK'>{body}");
    assert_eq!(cells(&grids(&gbk(&page)).expect("gbk")[0]), want);
    // No declaration, not UTF-8: GB18030.
    assert_eq!(cells(&grids(&gbk(body)).expect("bare")[0]), want);
    // UTF-8 with and without BOM; UTF-16 with BOM.
    assert_eq!(cells(&grids(body.as_bytes()).expect("utf8")[0]), want);
    let bom = [b"\xEF\xBB\xBF".as_slice(), body.as_bytes()].concat();
    assert_eq!(cells(&grids(&bom).expect("bom")[0]), want);
    let mut u16le = vec![0xFF, 0xFE];
    for u in body.encode_utf16() {
        u16le.extend(u.to_le_bytes());
    }
    assert!(detect(&u16le));
    assert_eq!(cells(&grids(&u16le).expect("utf16")[0]), want);
    // Declared GBK but re-saved as UTF-8: the bytes win.
    let page = format!("<meta charset=gbk>{body}");
    assert_eq!(cells(&grids(page.as_bytes()).expect("mislabel")[0]), want);
    // Declared UTF-8 but GBK bytes.
    let page = format!("<meta charset=utf-8>{body}");
    assert_eq!(cells(&grids(&gbk(&page)).expect("mislabel2")[0]), want);
}

#[test]
fn detection() {
    for yes in [
        "<!DOCTYPE html><html>",
        "\u{feff}  <html xmlns:o=\"urn:schemas-microsoft-com:office:office\">",
        "<!-- saved --><HTML>",
        "<?xml version=\"1.0\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0\">",
        "<meta http-equiv=Content-Type content=\"text/html; charset=gbk\"><table>",
        "<table border=1><tr><td>1</td></tr></table>",
        "\r\n<TABLE>",
        "<head><title>x</title></head>",
        "<body>",
        "<style>td{}</style>\n<table x=1><tr><td>a</td></tr></table>",
    ] {
        assert!(detect(yes.as_bytes()), "{yes}");
    }
    for no in [
        "",
        "a < b and c > d",
        "项目名称,<td>\n",
        "<?xml version=\"1.0\"?><?mso-application progid=\"Excel.Sheet\"?><Workbook>",
        "<htmlx>",
        "PK\u{3}\u{4}",
        "<!-- unterminated",
    ] {
        assert!(!detect(no.as_bytes()), "{no}");
    }
}

#[test]
fn caps_are_errors() {
    let wide = format!("<table><tr>{}</tr></table>", "<td>x".repeat(MAX_COLS + 1));
    assert!(grids(wide.as_bytes()).unwrap_err().contains("16384"));
    // A span never runs past the column cap.
    let g = one(&format!(
        "<table><tr>{}<td colspan=1000>y</td></tr></table>",
        "<td>x".repeat(MAX_COLS - 2)
    ));
    assert_eq!(g.rows[0].cells.len(), MAX_COLS);
    assert_eq!(
        g.merges,
        vec![m(0, MAX_COLS as u32 - 2, 0, MAX_COLS as u32 - 1)]
    );
    // Many cells through colspans: refused, not allocated.
    // One wide row does not widen every later row (which made 300,000 rows of 16,000 cells).
    let narrow = "<tr><td>a".repeat(300_000);
    let g = one(&format!(
        "<table><tr>{}</tr>{narrow}</table>",
        "<td colspan=1000>x".repeat(16)
    ));
    assert_eq!(g.rows.len(), 300_001);
    assert_eq!(g.rows[1].cells, vec!["a"]);
    let cells = "<tr><td colspan=1000>a</td><td>b</td></tr>".repeat(9000);
    let e = grids(format!("<table>{cells}</table>").as_bytes()).unwrap_err();
    assert!(e.contains("单元格过多"), "{e}");
}

fn quick(label: &str, html: &str) -> Vec<Grid> {
    let t = Instant::now();
    let g = grids(html.as_bytes());
    let el = t.elapsed();
    assert!(el < Duration::from_secs(30), "{label}: {el:?}");
    g.unwrap_or_else(|e| panic!("{label}: {e}"))
}

#[test]
fn hostile_nesting_stays_fast() {
    let n = 100_000;
    let g = quick("div", &format!("{}deep", "<div>".repeat(n)));
    assert_eq!(cells(&g[0]), vec![vec!["deep"]]);
    // Below the depth cap, text and line breaks survive.
    let g = quick("deep lines", &"<div><span>a</span>".repeat(300));
    assert_eq!(g[0].rows.len(), 300);
    let g = quick(
        "deep table",
        &format!(
            "{}<table><tr><td>a</td><td>b</td></tr></table>",
            "<div>".repeat(300)
        ),
    );
    assert_eq!(cells(&g[0]), vec![vec!["a"], vec!["b"]]);
    quick("li", &"<ul><li>x".repeat(n));
    quick("table", &format!("{}deep", "<table><tr><td>".repeat(n)));
    quick(
        "misnested",
        &(0..n)
            .map(|i| format!("<p><b id={i}>x</p>"))
            .collect::<String>(),
    );
    quick(
        "formatting",
        &format!("{}<table><td>x", "<em><i><b><u><s>".repeat(n / 5)),
    );
    quick(
        "p-at-depth",
        &format!("{}{}", "<div>".repeat(500), "<p></p>".repeat(n)),
    );
    quick("svg", &format!("<svg>{}", "<g>".repeat(n)));
    quick(
        "body attrs",
        &(0..n).map(|i| format!("<body a{i}=1>")).collect::<String>(),
    );
    quick("foster", &format!("<table>{}", "x<div>y</div>".repeat(n)));
    let attrs: String = (0..n).map(|i| format!(" a{i}")).collect();
    let g = quick(
        "attributes",
        &format!("<table><tr><td{attrs} colspan=2>x</td></tr></table>"),
    );
    assert_eq!(cells(&g[0]), vec![vec!["x"]]);
    let g = quick("quoted", &format!("<p title=\"{attrs}>\">a</p><p{attrs}"));
    assert_eq!(cells(&g[0]), vec![vec!["a"]]);
}

#[test]
fn attribute_limit_leaves_normal_markup_alone() {
    let s = "<td a=1 b='x>y' c=\"<td d e f>\">t</td><!-- <x a b c> --><script>if(a<b){}</script>";
    assert!(matches!(limit_attributes(s), Cow::Borrowed(_)));
    let many: String = (0..100).map(|i| format!(" a{i}='>'")).collect();
    let s = format!("x<td{many}>y");
    let out = limit_attributes(&s);
    assert!(out.ends_with("a63='>' >y"), "{out}");
}

#[test]
fn odd_inputs_do_not_panic() {
    for s in [
        "",
        "\u{feff}",
        "<",
        "<table",
        "<table><tr><td rowspan=3",
        "<!--",
        "</td></tr></table>",
        "<frameset><frame></frameset>",
        "<math><mi>x</mi><annotation-xml encoding=text/html><table><td>y",
        "<select><optgroup><option>a<option selected>b</select>",
        "<template><td>x</td></template>",
        "<plaintext><table><td>",
        "<table><caption>c<table><td>x</table></caption></table>",
        "<meta charset=utf-16><p>x",
        "<meta charset=x-user-defined><p>\u{e9}",
    ] {
        let _ = grids(s.as_bytes());
    }
    let _ = grids(&[0xff, 0xfe, 0x00]);
    let _ = grids(&[0xfe, 0xff, 0xd8, 0x00]);
    // A little random markup soup.
    let parts = [
        "<table>",
        "</table>",
        "<tr>",
        "</tr>",
        "<td rowspan=2>",
        "<td colspan=3>",
        "</td>",
        "<th>",
        "<b>",
        "</b>",
        "<p>",
        "</p>",
        "<br>",
        "x",
        " ",
        "<div>",
        "</div>",
        "<!--",
        "-->",
        "<h1>Sheet 1: <em>s</em></h1>",
        "<tbody>",
        "<tfoot>",
        "<caption>",
        "&nbsp;",
        "<script>",
        "</script>",
        "<svg>",
        "<select>",
        "<option>",
        "<template>",
        "<a>",
        "</a>",
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..1500 {
        let mut s = String::from("<meta name=generator content=LibreOffice>");
        for _ in 0..60 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            s.push_str(parts[(seed >> 33) as usize % parts.len()]);
        }
        if let Ok(gs) = grids(s.as_bytes()) {
            for g in gs {
                for mm in &g.merges {
                    assert!(mm.first_row <= mm.last_row && mm.first_col <= mm.last_col);
                    assert!((mm.last_row as usize) < g.rows.len(), "{s}");
                }
            }
        }
    }
}

#[test]
fn real_calc_exports() {
    let dir = std::path::Path::new("/tmp/helpers/real");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut forms = 0;
    for e in entries.flatten() {
        let p = e.path();
        if p.extension().is_none_or(|x| x != "html") {
            continue;
        }
        let bytes = std::fs::read(&p).expect("read");
        assert!(detect(&bytes));
        let gs = grids(&bytes).expect("grids");
        assert_eq!(gs[0].sheet, None);
        assert_eq!(gs[0].rows[0].cells, vec!["Overview"]);
        let names: Vec<_> = gs.iter().skip(1).map(|g| g.sheet.as_deref()).collect();
        assert_eq!(&names[..3], &[Some("汇总"), Some("扣分明细"), Some("校验")]);
        for g in gs.iter().skip(4) {
            assert_eq!(g.rows[0].cells[0], "财政项目支出绩效自评表", "{p:?}");
            forms += 1;
        }
    }
    assert_eq!(forms, 46);
}
