//! Tests on small PDFs written here byte by byte; the real files are read in tests/pdf.rs.

use super::*;

/// CJK characters of the test font: CID `i + 1` shows the `i`-th character.
const CJK: &str = "项目名称资金万元部分达成指标并具有一（）⽬";

/// Hex string of the CIDs for `s` in the test CJK font.
fn cjk(s: &str) -> String {
    let hex: String = s
        .chars()
        .map(|c| {
            format!(
                "{:04X}",
                CJK.chars().position(|k| k == c).map_or(0, |i| i + 1)
            )
        })
        .collect();
    format!("<{hex}>")
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut v = format!("<< /Length {} {dict} >>\nstream\n", data.len()).into_bytes();
    v.extend_from_slice(data);
    v.extend_from_slice(b"\nendstream");
    v
}

/// Writes a PDF from object bodies numbered 1.., with a correct xref table.
fn build(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R /ID [<00112233445566778899AABBCCDDEEFF> <00112233445566778899AABBCCDDEEFF>] >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// A document whose pages have the given contents. Shared objects: 3 resources, 4 Helvetica
/// (/F1), 5–7 a Type0 Identity-H font with ToUnicode (/F2), 8 an image (/Im1), 9 a form
/// XObject (/Fm1) with `form` as content and the same resources (so it can draw itself).
fn doc_with(pages: &[&str], form: &str) -> Vec<u8> {
    doc_full(pages, form, "")
}

/// [`doc_with`] with `page_extra` added to every page dictionary.
fn doc_full(pages: &[&str], form: &str, page_extra: &str) -> Vec<u8> {
    let mut tounicode =
        String::from("/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n");
    tounicode.push_str("1 begincodespacerange <0000> <FFFF> endcodespacerange\n");
    tounicode.push_str(&format!("{} beginbfchar\n", CJK.chars().count()));
    for (i, c) in CJK.chars().enumerate() {
        tounicode.push_str(&format!("<{:04X}> <{:04X}>\n", i + 1, c as u32));
    }
    tounicode.push_str("endbfchar endcmap CMapName currentdict /CMap defineresource pop end end\n");
    let kids: String = (0..pages.len())
        .map(|i| format!("{} 0 R ", 10 + 2 * i))
        .collect();
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!("<< /Type /Pages /Kids [{kids}] /Count {} >>", pages.len()).into_bytes(),
        b"<< /Font << /F1 4 0 R /F2 5 0 R >> /XObject << /Im1 8 0 R /Fm1 9 0 R >> >>".to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Test /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>"
            .to_vec(),
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Test /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 /W [1 [1000 1000]] >>"
            .to_vec(),
        stream("", tounicode.as_bytes()),
        stream("/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8", &[0]),
        stream("/Type /XObject /Subtype /Form /BBox [0 0 400 400] /Resources 3 0 R", form.as_bytes()),
    ];
    for (i, content) in pages.iter().enumerate() {
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 400] {page_extra} /Resources 3 0 R /Contents {} 0 R >>",
                11 + 2 * i
            )
                .into_bytes(),
        );
        objects.push(stream("", content.as_bytes()));
    }
    build(&objects)
}

fn doc(pages: &[&str]) -> Vec<u8> {
    doc_with(pages, "")
}

/// Text in the CJK font at (x, y), size 10.
fn t(x: f64, y: f64, s: &str) -> String {
    format!("BT /F2 10 Tf {x} {y} Td {} Tj ET\n", cjk(s))
}

/// Text in Helvetica at (x, y), size 10.
fn a(x: f64, y: f64, s: &str) -> String {
    format!("BT /F1 10 Tf {x} {y} Td ({s}) Tj ET\n")
}

/// A stroked line.
fn l(x1: f64, y1: f64, x2: f64, y2: f64) -> String {
    format!("{x1} {y1} m {x2} {y2} l S\n")
}

/// Ruling lines of a grid: horizontal at `ys` from xs[0] to xs[last], vertical at `xs`.
fn grid_lines(xs: &[f64], ys: &[f64]) -> String {
    let (x0, x1) = (xs[0], xs[xs.len() - 1]);
    let (y0, y1) = (ys[0], ys[ys.len() - 1]);
    let mut s = String::new();
    for y in ys {
        s += &l(x0, *y, x1, *y);
    }
    for x in xs {
        s += &l(*x, y0, *x, y1);
    }
    s
}

fn cells(g: &Grid) -> Vec<Vec<&str>> {
    g.rows
        .iter()
        .map(|r| r.cells.iter().map(String::as_str).collect())
        .collect()
}

fn one(bytes: &[u8]) -> Grid {
    let mut gs = grids(bytes).expect("readable");
    assert_eq!(gs.len(), 1);
    gs.remove(0)
}

#[test]
fn detect_header_within_a_kilobyte() {
    assert!(detect(b"%PDF-1.4\n"));
    let mut junk = vec![b'x'; 1000];
    junk.extend_from_slice(b"%PDF-1.7\n");
    assert!(detect(&junk));
    let mut far = vec![b'x'; 2000];
    far.extend_from_slice(b"%PDF-1.7\n");
    assert!(!detect(&far));
    assert!(!detect(b""));
    assert!(!detect(b"PK\x03\x04"));
}

#[test]
fn ruled_table_cells_and_rows() {
    let mut c = grid_lines(&[50.0, 150.0, 250.0], &[300.0, 280.0, 260.0]);
    c += &t(55.0, 285.0, "项目名称");
    c += &a(155.0, 285.0, "12.50");
    c += &t(55.0, 265.0, "资金");
    c += &a(155.0, 265.0, "6,164.19");
    let g = one(&doc(&[&c]));
    assert_eq!(g.sheet, None);
    assert_eq!(
        cells(&g),
        vec![vec!["项目名称", "12.50"], vec!["资金", "6,164.19"]]
    );
    assert_eq!(g.rows[1].place, Place::Row(1));
    assert!(g.merges.is_empty());
}

#[test]
fn merged_cell_from_missing_line() {
    // Row 0: columns 0-1 merged (no vertical line at x=150 in the top row).
    let mut c = String::new();
    for y in [300.0, 280.0, 260.0] {
        c += &l(50.0, y, 350.0, y);
    }
    c += &l(50.0, 300.0, 50.0, 260.0);
    c += &l(150.0, 280.0, 150.0, 260.0);
    c += &l(250.0, 300.0, 250.0, 260.0);
    c += &l(350.0, 300.0, 350.0, 260.0);
    c += &t(120.0, 285.0, "项目");
    c += &t(260.0, 285.0, "金");
    c += &t(55.0, 265.0, "万");
    c += &t(155.0, 265.0, "元");
    c += &t(255.0, 265.0, "一");
    let g = one(&doc(&[&c]));
    assert_eq!(
        cells(&g),
        vec![vec!["项目", "", "金"], vec!["万", "元", "一"]]
    );
    assert_eq!(
        g.merges,
        vec![Merge {
            first_row: 0,
            first_col: 0,
            last_row: 0,
            last_col: 1
        }]
    );
}

#[test]
fn vertical_merge_spans_rows() {
    let mut c = String::new();
    c += &l(50.0, 300.0, 250.0, 300.0);
    c += &l(150.0, 280.0, 250.0, 280.0);
    c += &l(50.0, 260.0, 250.0, 260.0);
    for x in [50.0, 150.0, 250.0] {
        c += &l(x, 300.0, x, 260.0);
    }
    c += &t(55.0, 276.0, "指标");
    c += &t(155.0, 285.0, "一");
    c += &t(155.0, 265.0, "万");
    let g = one(&doc(&[&c]));
    assert_eq!(cells(&g), vec![vec!["指标", "一"], vec!["", "万"]]);
    assert_eq!(
        g.merges,
        vec![Merge {
            first_row: 0,
            first_col: 0,
            last_row: 1,
            last_col: 0
        }]
    );
}

#[test]
fn wrapped_cjk_joins_and_short_lines_break() {
    // A narrow cell (70pt) filled by wrapped text: no separator.
    let mut c = grid_lines(&[50.0, 120.0, 300.0], &[300.0, 260.0]);
    c += &t(52.0, 287.0, "部分达成指");
    c += &t(52.0, 275.0, "标并具有一");
    // A wide cell with two short lines: a deliberate line break.
    c += &t(130.0, 287.0, "项目资金");
    c += &t(130.0, 275.0, "（万元）");
    let g = one(&doc(&[&c]));
    assert_eq!(
        cells(&g),
        vec![vec!["部分达成指标并具有一", "项目资金\n（万元）"]]
    );
}

#[test]
fn wrapped_number_joins_without_space() {
    let mut c = grid_lines(&[50.0, 90.0], &[300.0, 260.0]);
    c += &a(52.0, 287.0, "=23000");
    c += &a(52.0, 275.0, ".00");
    let g = one(&doc(&[&c]));
    assert_eq!(cells(&g), vec![vec!["=23000.00"]]);
}

#[test]
fn a_wrap_at_a_drawn_space_keeps_the_space() {
    // LibreOffice draws the space a line wrapped at: `率 ` then `100%` on the next line.
    let mut c = grid_lines(&[50.0, 90.0], &[300.0, 260.0]);
    c += &a(52.0, 287.0, "rate ");
    c += &a(52.0, 275.0, "100%");
    let g = one(&doc(&[&c]));
    assert_eq!(cells(&g), vec![vec!["rate 100%"]]);
}

#[test]
fn spaces_inside_a_line() {
    let mut c = grid_lines(&[50.0, 350.0], &[300.0, 280.0]);
    // The PDF's own space, then a wide gap between two runs on one line.
    c += &a(55.0, 285.0, "IP phone");
    c += &a(200.0, 285.0, "2024");
    let g = one(&doc(&[&c]));
    assert_eq!(cells(&g), vec![vec!["IP phone 2024"]]);
}

#[test]
fn text_outside_tables_in_reading_order() {
    let mut c = grid_lines(&[50.0, 150.0, 250.0], &[300.0, 280.0]);
    c += &t(55.0, 285.0, "项目");
    c += &t(155.0, 285.0, "名称");
    c += &t(100.0, 330.0, "项目资金"); // title above
    c += &a(20.0, 380.0, "1"); // "附件1"-like line at the very top
    c += &t(60.0, 250.0, "一"); // note below
    let g = one(&doc(&[&c]));
    assert_eq!(
        cells(&g),
        vec![
            vec!["1"],
            vec!["项目资金"],
            vec!["项目", "名称"],
            vec!["一"]
        ]
    );
}

#[test]
fn pages_continue_in_order() {
    let mut p1 = grid_lines(&[50.0, 150.0], &[300.0, 280.0]);
    p1 += &t(55.0, 285.0, "项目");
    let mut p2 = grid_lines(&[50.0, 150.0], &[300.0, 280.0]);
    p2 += &t(55.0, 285.0, "资金");
    let g = one(&doc(&[&p1, &p2]));
    assert_eq!(cells(&g), vec![vec!["项目"], vec!["资金"]]);
    assert_eq!(g.rows[1].place, Place::Row(1));
}

#[test]
fn borderless_text_falls_back_to_alignment() {
    let mut c = String::new();
    c += &t(50.0, 300.0, "项目");
    c += &t(200.0, 300.0, "资金");
    c += &t(50.0, 280.0, "万元");
    c += &a(200.0, 280.0, "10.00");
    c += &a(200.0, 260.0, "3");
    let g = one(&doc(&[&c]));
    assert_eq!(
        cells(&g),
        vec![vec!["项目", "资金"], vec!["万元", "10.00"], vec!["", "3"]]
    );
}

#[test]
fn underline_does_not_split_a_row() {
    // Text filling its cell, underlined from border to border (a hyperlink, clipped to
    // the cell as LibreOffice draws it).
    let mut c = grid_lines(&[50.0, 150.0, 250.0], &[300.0, 270.0]);
    c += &t(50.5, 283.0, "项目名称资金万元部分");
    c += &l(50.5, 282.0, 150.0, 282.0);
    c += &t(155.0, 283.0, "资金");
    let g = one(&doc(&[&c]));
    assert_eq!(cells(&g), vec![vec!["项目名称资金万元部分", "资金"]]);
}

#[test]
fn clipped_text_is_not_seen() {
    let mut c = grid_lines(&[50.0, 150.0], &[300.0, 280.0]);
    c += "q 50 280 100 20 re W n\n";
    c += &t(55.0, 285.0, "项目");
    c += &t(55.0, 200.0, "资金"); // outside the clip
    c += "Q\n";
    let g = one(&doc(&[&c]));
    assert_eq!(cells(&g), vec![vec!["项目"]]);
}

#[test]
fn thin_filled_bars_are_lines_and_backgrounds_are_not() {
    let mut c = String::from("0.9 g 0 0 400 400 re f 0 g\n");
    for y in [300.0, 280.0] {
        c += &format!("50 {} 200 0.75 re f\n", y - 0.375);
    }
    for x in [50.0, 150.0, 250.0] {
        c += &format!("{} 280 0.75 20 re f\n", x - 0.375);
    }
    c += &t(55.0, 285.0, "项目");
    c += &t(155.0, 285.0, "资金");
    let g = one(&doc(&[&c]));
    assert_eq!(cells(&g), vec![vec!["项目", "资金"]]);
}

#[test]
fn white_lines_are_invisible() {
    let mut c = String::from("1 1 1 RG\n");
    c += &grid_lines(&[50.0, 150.0, 250.0], &[300.0, 280.0]);
    c += "0 0 0 RG\n";
    c += &t(55.0, 285.0, "项目");
    c += &t(155.0, 285.0, "资金");
    let g = one(&doc(&[&c]));
    // No ruled table: the fallback still reads the line, as two cells.
    assert_eq!(cells(&g), vec![vec!["项目", "资金"]]);
    assert!(g.merges.is_empty());
}

#[test]
fn compatibility_ideographs_are_unified() {
    let c = t(50.0, 300.0, "项⽬");
    let g = one(&doc(&[&c]));
    assert_eq!(cells(&g), vec![vec!["项目"]]);
}

#[test]
fn actual_text_replaces_glyphs() {
    let c = format!(
        "/Span << /ActualText <FEFF76EE> >> BDC {} EMC\n",
        t(50.0, 300.0, "万元")
    );
    let g = one(&doc(&[&c]));
    assert_eq!(cells(&g), vec![vec!["目"]]);
}

#[test]
fn form_xobject_text_is_read_and_cycles_stop() {
    // The form shows text, then draws itself: the recursion guard must stop it.
    let form = format!("{}/Fm1 Do\n", t(50.0, 300.0, "项目"));
    let g = one(&doc_with(&["/Fm1 Do\n"], &form));
    assert_eq!(cells(&g), vec![vec!["项目"]]);
}

#[test]
fn rotated_page_reads_upright() {
    // Rotate 90: the page is displayed turned clockwise; text drawn rotated to match.
    let c = "BT /F2 10 Tf 0 1 -1 0 100 50 Tm <00010002> Tj ET\nBT /F2 10 Tf 0 1 -1 0 80 50 Tm <00030004> Tj ET\n";
    let bytes = doc_full(&[c], "", "/Rotate 90");
    let g = one(&bytes);
    assert_eq!(cells(&g), vec![vec!["名称"], vec!["项目"]]);
}

#[test]
fn image_only_pdf_is_a_scan() {
    let c = "q 400 0 0 400 0 0 cm /Im1 Do Q\n";
    assert_eq!(grids(&doc(&[c])), Err(SCANNED.to_string()));
    // Pages with nothing at all: also no text layer.
    assert_eq!(grids(&doc(&["", ""])), Err(SCANNED.to_string()));
    // Space glyphs only are no text either.
    assert_eq!(
        grids(&doc(&[&a(50.0, 50.0, "   ")])),
        Err(SCANNED.to_string())
    );
}

fn encrypted(user: &str) -> Vec<u8> {
    let bytes = doc(&[&t(50.0, 300.0, "项目")]);
    let mut d = Document::load_mem(&bytes).expect("own test file loads");
    let state = lopdf::EncryptionState::try_from(lopdf::EncryptionVersion::V2 {
        document: &d,
        owner_password: "owner",
        user_password: user,
        key_length: 128,
        permissions: lopdf::Permissions::all(),
    })
    .expect("encryption state");
    d.encrypt(&state).expect("encrypt");
    let mut out = Vec::new();
    d.save_to(&mut out).expect("save");
    out
}

#[test]
fn encrypted_with_password_is_refused() {
    assert_eq!(grids(&encrypted("secret")), Err(ENCRYPTED.to_string()));
}

#[test]
fn encrypted_with_empty_password_opens() {
    let g = one(&encrypted(""));
    assert_eq!(cells(&g), vec![vec!["项目"]]);
}

#[test]
fn damaged_files_are_errors_not_panics() {
    for bad in [
        &b""[..],
        b"%PDF-",
        b"%PDF-1.7\n1 0 obj << /Type /Catalog >>",
        b"hello world",
    ] {
        let e = grids(bad).expect_err("not readable");
        assert!(e.starts_with("PDF 文件已损坏"), "{e}");
        assert!(!e.contains('\n'));
    }
    let mut c = grid_lines(&[50.0, 150.0], &[300.0, 280.0]);
    c += &t(55.0, 285.0, "项目");
    let bytes = doc(&[&c]);
    for cut in (0..bytes.len()).step_by(7) {
        // `read` directly so a panic in the parser fails the test instead of being caught.
        let _ = read(bytes.get(..cut).unwrap_or_default());
    }
}

#[test]
fn hostile_inputs_stay_bounded() {
    // Deep q nesting, an endless TJ array, a huge rectangle count, nested arrays.
    let mut c = "q ".repeat(100_000);
    c += &"0 0 1 1 re ".repeat(20_000);
    c += "S\n";
    c += &format!(
        "BT /F2 10 Tf 50 300 Td [{}] TJ ET\n",
        "<0001> -10 ".repeat(10_000)
    );
    // Nesting past the parser's limit ends the stream there (what came before is kept).
    c += &"[".repeat(5_000);
    c += &"]".repeat(5_000);
    c += " pop\n";
    let g = one(&doc(&[&c]));
    assert!(!g.rows.is_empty());
    // A page tree whose kid is itself.
    let looped = build(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>".to_vec(),
    ]);
    assert!(read(&looped).is_err());
}

#[test]
fn byte_flips_never_panic() {
    let mut c = grid_lines(&[50.0, 150.0, 250.0], &[300.0, 280.0, 260.0]);
    c += &t(55.0, 285.0, "项目名称");
    c += &a(155.0, 265.0, "10.00");
    let base = doc_with(&[&c, &c], &t(1.0, 1.0, "一"));
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    for _ in 0..300 {
        let mut bytes = base.clone();
        for _ in 0..4 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let i = (seed % bytes.len() as u64) as usize;
            if let Some(b) = bytes.get_mut(i) {
                *b = (seed >> 32) as u8;
            }
        }
        let _ = read(&bytes);
    }
}

#[test]
fn cmap_ranges_and_code_lengths() {
    let m = cmap::parse(
        b"1 begincodespacerange <00> <80> endcodespacerange\n\
          1 begincodespacerange <8140> <FEFE> endcodespacerange\n\
          2 beginbfrange <0041> <0043> <0061> <8141> <8142> [<4E2D> <6587>] endbfrange\n\
          1 beginbfchar <20> /space endbfchar",
    );
    assert_eq!(m.text(0x42, 2), Some("b".to_string()));
    assert_eq!(m.text(0x8142, 2), Some("文".to_string()));
    assert_eq!(m.text(0x20, 1), Some(" ".to_string()));
    assert_eq!(m.text(0x44, 2), None);
    assert_eq!(
        cmap::next_code(&m.spaces, 1, &[0x41, 0x81, 0x41]),
        (0x41, 1)
    );
    assert_eq!(cmap::next_code(&m.spaces, 1, &[0x81, 0x41]), (0x8141, 2));
    // Garbage never panics.
    let _ = cmap::parse(b"<<<< [[[ (unclosed \\ beginbfrange <zz> <> [ endbfrange");
}

#[test]
fn junk_before_header_is_skipped() {
    let mut bytes = b"Content-Type: application/pdf\r\n\r\n".to_vec();
    bytes.extend(doc(&[&t(50.0, 300.0, "项目")]));
    assert!(detect(&bytes));
    assert_eq!(cells(&one(&bytes)), vec![vec!["项目"]]);
}

#[test]
fn too_many_pages_is_refused() {
    let pages = vec![""; MAX_PAGES + 1];
    let e = grids(&doc(&pages)).expect_err("too many pages");
    assert!(e.starts_with("PDF 页数过多"), "{e}");
}

#[test]
fn glyph_and_operator_budgets_stop_interpretation() {
    let bytes = doc(&[&t(50.0, 300.0, "项目名称资金万元")]);
    let d = Document::load_mem(&bytes).expect("loads");
    let id = d.page_iter().next().expect("a page");
    let page = d.get_dictionary(id).expect("page dict");
    let parents = parents(&d, page);
    let mut small = Interp::new(
        &d,
        Budget {
            glyphs_left: 3,
            ops_left: 1_000,
            bytes_left: 1 << 20,
        },
    );
    assert_eq!(small.page(page, &parents).err(), Some(Stop::Glyphs));
    let mut few_ops = Interp::new(
        &d,
        Budget {
            glyphs_left: 100,
            ops_left: 2,
            bytes_left: 1 << 20,
        },
    );
    assert_eq!(few_ops.page(page, &parents).err(), Some(Stop::Complexity));
}
