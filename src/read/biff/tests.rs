//! BIFF records and OLE2 sniffing on workbooks and compound files built here.

use super::*;
use crate::read::spreadsheet::number_format::{display, is_date_format};

// ---- hand-built BIFF8 workbooks ----

fn rec(out: &mut Vec<u8>, typ: u16, data: &[u8]) {
    out.extend(typ.to_le_bytes());
    out.extend((data.len() as u16).to_le_bytes());
    out.extend(data);
}

/// A 16-bit XLUnicodeString (cch, flags = 1, UTF-16LE).
fn wide(s: &str) -> Vec<u8> {
    let units: Vec<u16> = s.encode_utf16().collect();
    let mut v = (units.len() as u16).to_le_bytes().to_vec();
    v.push(1);
    v.extend(units.iter().flat_map(|u| u.to_le_bytes()));
    v
}

fn format_rec(out: &mut Vec<u8>, ifmt: u16, code: &str) {
    let mut d = ifmt.to_le_bytes().to_vec();
    d.extend(wide(code));
    rec(out, FORMAT, &d);
}

fn xf(out: &mut Vec<u8>, ifmt: u16) {
    let mut d = vec![0u8; 20];
    d[2..4].copy_from_slice(&ifmt.to_le_bytes());
    rec(out, XF, &d);
}

fn bof(out: &mut Vec<u8>, dt: u16) {
    let mut d = vec![0u8; 16];
    d[0..2].copy_from_slice(&0x0600u16.to_le_bytes());
    d[2..4].copy_from_slice(&dt.to_le_bytes());
    rec(out, BOF, &d);
}

fn number(out: &mut Vec<u8>, row: u16, col: u16, ixfe: u16, v: f64) {
    let mut d = Vec::new();
    for x in [row, col, ixfe] {
        d.extend(x.to_le_bytes());
    }
    d.extend(v.to_le_bytes());
    rec(out, NUMBER, &d);
}

/// An RK holding an integer (fX100 = 0, fInt = 1).
fn rk_int(n: i32) -> u32 {
    ((n as u32) << 2) | 2
}

/// The Workbook stream: globals with formats, XFs and two sheets (one with a Latin-1
/// name, one with a Chinese 16-bit name), then the sheets' substreams.
fn workbook() -> Vec<u8> {
    let mut g = Vec::new();
    bof(&mut g, 0x0005);
    rec(&mut g, CODEPAGE, &1200u16.to_le_bytes());
    format_rec(&mut g, 164, "0.00\"万元\"");
    // A 16-bit code split over a CONTINUE, the continuation in 8-bit form.
    let mut d = 165u16.to_le_bytes().to_vec();
    d.extend(4u16.to_le_bytes());
    d.push(1);
    d.extend("0.".encode_utf16().flat_map(|u| u.to_le_bytes()));
    rec(&mut g, FORMAT, &d);
    rec(&mut g, CONTINUE, &[0, b'0', b'0']);
    for _ in 0..15 {
        xf(&mut g, 0); // style XFs 0..14
    }
    xf(&mut g, 0); // 15: General
    xf(&mut g, 2); // 16: 0.00
    xf(&mut g, 10); // 17: 0.00%
    xf(&mut g, 164); // 18: 0.00"万元"
    xf(&mut g, 165); // 19: 0.00 (continued)
    xf(&mut g, 31); // 20: zh-CN date
    xf(&mut g, 4); // 21: #,##0.00
    let mut sheets_at = Vec::new();
    for name in ["Sheet1", "自评表"] {
        sheets_at.push(g.len() + 4);
        let mut d = vec![0u8; 6];
        d.push(name.encode_utf16().count() as u8);
        if name.is_ascii() {
            d.push(0);
            d.extend(name.bytes());
        } else {
            d.push(1);
            d.extend(name.encode_utf16().flat_map(|u| u.to_le_bytes()));
        }
        rec(&mut g, BOUNDSHEET, &d);
    }
    rec(&mut g, EOF, &[]);

    let mut s1 = Vec::new();
    bof(&mut s1, 0x0010);
    number(&mut s1, 0, 0, 16, 10.0);
    number(&mut s1, 0, 1, 15, 3.5);
    number(&mut s1, 1, 0, 17, 0.8567);
    let mut d = Vec::new();
    for x in [1u16, 1, 18] {
        d.extend(x.to_le_bytes());
    }
    d.extend(rk_int(125).to_le_bytes());
    rec(&mut s1, RK, &d);
    // MULRK: row 2, cols 0..=2 with XFs 19, 15 (General), 21.
    let mut d = Vec::new();
    d.extend(2u16.to_le_bytes());
    d.extend(0u16.to_le_bytes());
    for (ixfe, n) in [(19u16, 7), (15, 8), (21, 6164)] {
        d.extend(ixfe.to_le_bytes());
        d.extend(rk_int(n).to_le_bytes());
    }
    d.extend(2u16.to_le_bytes());
    rec(&mut s1, MULRK, &d);
    // A numeric FORMULA (=1+1) and a string-valued one (followed by its STRING record).
    for (col, result) in [
        (4u16, 2.0f64.to_le_bytes()),
        (5, [0, 0, 0, 0, 0, 0, 0xFF, 0xFF]),
    ] {
        let mut d = Vec::new();
        for x in [3u16, col, 16] {
            d.extend(x.to_le_bytes());
        }
        d.extend(result);
        d.extend(0u16.to_le_bytes()); // grbit
        d.extend(0u32.to_le_bytes()); // chn
        let rgce = [0x1Eu8, 1, 0, 0x1E, 1, 0, 0x03]; // 1 + 1
        d.extend((rgce.len() as u16).to_le_bytes());
        d.extend(rgce);
        rec(&mut s1, FORMULA, &d);
        if col == 5 {
            let mut s = Vec::new();
            s.extend(2u16.to_le_bytes());
            s.push(0);
            s.extend(b"ab");
            rec(&mut s1, 0x0207, &s);
        }
    }
    // An embedded chart substream: its records are not the sheet's cells.
    bof(&mut s1, 0x0020);
    number(&mut s1, 9, 9, 16, 1.0);
    rec(&mut s1, EOF, &[]);
    // A LABEL (text) cell with a number format: not a number, so not listed.
    let mut d = Vec::new();
    for x in [4u16, 0, 16] {
        d.extend(x.to_le_bytes());
    }
    d.extend(wide("文本"));
    rec(&mut s1, 0x0204, &d);
    rec(&mut s1, EOF, &[]);

    let mut s2 = Vec::new();
    bof(&mut s2, 0x0010);
    number(&mut s2, 5, 2, 20, 45000.0);
    number(&mut s2, 6, 3, 16, 2.675);
    rec(&mut s2, EOF, &[]);

    let p1 = g.len();
    let p2 = p1 + s1.len();
    for (at, pos) in sheets_at.iter().zip([p1, p2]) {
        g[*at..*at + 4].copy_from_slice(&(pos as u32).to_le_bytes());
    }
    g.extend(s1);
    g.extend(s2);
    g
}

fn cfb_with(streams: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut c = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
    for (name, data) in streams {
        c.create_stream(format!("/{name}"))
            .unwrap()
            .write_all(data)
            .unwrap();
    }
    c.flush().unwrap();
    c.into_inner().into_inner()
}

fn cell<'a>(
    m: &'a HashMap<String, HashMap<(u32, u32), String>>,
    sheet: &str,
    at: (u32, u32),
) -> Option<&'a str> {
    m.get(sheet)?.get(&at).map(String::as_str)
}

#[test]
fn formats_of_a_hand_built_workbook() {
    let xls = cfb_with(&[("Workbook", &workbook())]);
    let m = number_formats(&xls).unwrap();
    assert_eq!(m.len(), 2);
    assert_eq!(cell(&m, "Sheet1", (0, 0)), Some("0.00"));
    assert_eq!(cell(&m, "Sheet1", (0, 1)), None); // General
    assert_eq!(cell(&m, "Sheet1", (1, 0)), Some("0.00%"));
    assert_eq!(cell(&m, "Sheet1", (1, 1)), Some("0.00\"万元\""));
    assert_eq!(cell(&m, "Sheet1", (2, 0)), Some("0.00"));
    assert_eq!(cell(&m, "Sheet1", (2, 1)), None);
    assert_eq!(cell(&m, "Sheet1", (2, 2)), Some("#,##0.00"));
    assert_eq!(cell(&m, "Sheet1", (3, 4)), Some("0.00"));
    assert_eq!(cell(&m, "Sheet1", (3, 5)), None); // string result
    assert_eq!(cell(&m, "Sheet1", (4, 0)), None); // text cell
    assert_eq!(cell(&m, "Sheet1", (9, 9)), None); // inside the chart
    assert_eq!(m["Sheet1"].len(), 6);
    assert_eq!(cell(&m, "自评表", (5, 2)), Some("yyyy\"年\"m\"月\"d\"日\""));
    assert_eq!(cell(&m, "自评表", (6, 3)), Some("0.00"));

    // The same file through calamine, shown as the user sees it.
    use calamine::{Data, Reader};
    let mut wb: calamine::Xls<_> = calamine::open_workbook_from_rs(Cursor::new(&xls)).unwrap();
    assert_eq!(wb.sheet_names(), ["Sheet1", "自评表"]);
    let range = wb.worksheet_range("Sheet1").unwrap();
    let shown = |r: u32, c: u32| {
        let v = match range.get_value((r, c)) {
            Some(Data::Float(f)) => *f,
            Some(Data::Int(i)) => *i as f64,
            other => panic!("{other:?}"),
        };
        display(v, cell(&m, "Sheet1", (r, c)))
    };
    assert_eq!(shown(0, 0), "10.00");
    assert_eq!(shown(0, 1), "3.5");
    assert_eq!(shown(1, 0), "85.67%");
    assert_eq!(shown(1, 1), "125.00万元");
    assert_eq!(shown(2, 0), "7.00");
    assert_eq!(shown(2, 1), "8");
    assert_eq!(shown(2, 2), "6164.00");
    assert_eq!(shown(3, 4), "2.00");
}

#[test]
fn sniffing_tells_ole_files_apart() {
    let wb = workbook();
    assert_eq!(
        sniff_ole(&cfb_with(&[("Workbook", &wb)])),
        Some(OleKind::Xls)
    );
    assert_eq!(sniff_ole(&cfb_with(&[("Book", &wb)])), Some(OleKind::Xls));
    // FILEPASS right after the BOF.
    let mut enc = Vec::new();
    bof(&mut enc, 0x0005);
    rec(&mut enc, FILEPASS, &[1, 0, 1, 0]);
    rec(&mut enc, BOUNDSHEET, &[0; 8]);
    rec(&mut enc, EOF, &[]);
    let enc = cfb_with(&[("Workbook", &enc)]);
    assert_eq!(sniff_ole(&enc), Some(OleKind::EncryptedXls));
    assert!(number_formats(&enc).unwrap_err().contains("encrypted"));
    assert_eq!(
        sniff_ole(&cfb_with(&[("WordDocument", b"x"), ("1Table", b"y")])),
        Some(OleKind::Doc)
    );
    assert_eq!(
        sniff_ole(&cfb_with(&[
            ("EncryptionInfo", b"x"),
            ("EncryptedPackage", b"y")
        ])),
        Some(OleKind::EncryptedOoxml)
    );
    let other = cfb_with(&[("Foo", b"x"), ("Bar", b"y")]);
    let Some(OleKind::Other(names)) = sniff_ole(&other) else {
        panic!()
    };
    assert!(names.contains("Foo") && names.contains("Bar"), "{names}");
    assert!(
        number_formats(&other)
            .unwrap_err()
            .contains("no Workbook stream")
    );
    assert_eq!(sniff_ole(b"PK\x03\x04"), None);
    assert_eq!(sniff_ole(b""), None);
    assert!(number_formats(b"PK\x03\x04").is_err());
    // The magic and then garbage: some OleKind, never a panic.
    let mut junk = CFB_MAGIC.to_vec();
    junk.extend([0x41; 600]);
    assert!(matches!(sniff_ole(&junk), Some(OleKind::Other(_))));
}

#[test]
fn a_directory_the_cfb_crate_refuses_is_still_classified() {
    let mut xls = cfb_with(&[("Workbook", &workbook())]);
    // Break the header's byte-order mark: cfb refuses, the raw scan still finds names.
    xls[28] = 0;
    assert!(cfb::CompoundFile::open(Cursor::new(&xls)).is_err());
    assert_eq!(sniff_ole(&xls), Some(OleKind::Xls));
}

/// An Excel 5/95 (BIFF5) `Book` stream: 8-bit strings in the workbook's code page.
#[test]
fn biff5_names_and_formats_decode_by_code_page() {
    let gbk = |s: &str| encoding_rs::GBK.encode(s).0.into_owned();
    let mut g = Vec::new();
    let mut d = vec![0u8; 8];
    d[0..2].copy_from_slice(&0x0500u16.to_le_bytes());
    d[2..4].copy_from_slice(&0x0005u16.to_le_bytes());
    rec(&mut g, BOF, &d);
    rec(&mut g, CODEPAGE, &936u16.to_le_bytes());
    let code = gbk("0.00\"元\"");
    let mut d = 164u16.to_le_bytes().to_vec();
    d.push(code.len() as u8);
    d.extend(&code);
    rec(&mut g, FORMAT, &d);
    xf(&mut g, 164);
    let name = gbk("表一");
    let at = g.len() + 4;
    let mut d = vec![0u8; 6];
    d.push(name.len() as u8);
    d.extend(&name);
    rec(&mut g, BOUNDSHEET, &d);
    rec(&mut g, EOF, &[]);
    let pos = g.len() as u32;
    g[at..at + 4].copy_from_slice(&pos.to_le_bytes());
    let mut d = vec![0u8; 8];
    d[0..2].copy_from_slice(&0x0500u16.to_le_bytes());
    d[2..4].copy_from_slice(&0x0010u16.to_le_bytes());
    rec(&mut g, BOF, &d);
    number(&mut g, 2, 1, 0, 12.5);
    rec(&mut g, EOF, &[]);
    let xls = cfb_with(&[("Book", &g)]);
    let m = number_formats(&xls).unwrap();
    assert_eq!(cell(&m, "表一", (2, 1)), Some("0.00\"元\""));
    use calamine::Reader;
    let wb: calamine::Xls<_> = calamine::open_workbook_from_rs(Cursor::new(&xls)).unwrap();
    assert_eq!(wb.sheet_names(), ["表一"]);
}

/// Every prefix of the stream and of the file, and scattered byte changes: no panic.
#[test]
fn hostile_input_never_panics() {
    let wb = workbook();
    for n in 0..wb.len() {
        let xls = cfb_with(&[("Workbook", &wb[..n])]);
        let _ = number_formats(&xls);
        let _ = sniff_ole(&xls);
    }
    let xls = cfb_with(&[("Workbook", &wb)]);
    for n in (0..xls.len()).step_by(7) {
        let _ = number_formats(&xls[..n]);
        let _ = sniff_ole(&xls[..n]);
    }
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..300 {
        let mut s = wb.clone();
        for _ in 0..4 {
            let at = (next() as usize) % s.len();
            s[at] = next() as u8;
        }
        let _ = number_formats(&cfb_with(&[("Workbook", &s)]));
        let mut f = xls.clone();
        for _ in 0..4 {
            let at = (next() as usize) % f.len();
            f[at] = next() as u8;
        }
        let _ = number_formats(&f);
        let _ = sniff_ole(&f);
    }
    for code in [
        "\"", "[", "\\", "_", "*", "[$", "0.0E+", "E+0", ";;;;;;", "0,", ",", "[<",
    ] {
        let _ = display(-1.5, Some(code));
        let _ = is_date_format(code);
    }
}

/// Many BOUNDSHEETs pointing at one big substream would make the walk quadratic.
#[test]
fn sheets_sharing_a_substream_are_refused() {
    let mut g = Vec::new();
    bof(&mut g, 0x0005);
    xf(&mut g, 2);
    let mut sheet_recs = Vec::new();
    for i in 0..200 {
        let name = format!("S{i}");
        let mut d = vec![0u8; 6];
        d.push(name.len() as u8);
        d.push(0);
        d.extend(name.bytes());
        sheet_recs.push(d);
    }
    let globals_len = g.len() + sheet_recs.iter().map(|d| d.len() + 4).sum::<usize>() + 4;
    for mut d in sheet_recs {
        d[0..4].copy_from_slice(&(globals_len as u32).to_le_bytes());
        rec(&mut g, BOUNDSHEET, &d);
    }
    rec(&mut g, EOF, &[]);
    bof(&mut g, 0x0010);
    for r in 0..5000u16 {
        number(&mut g, r, 0, 0, 1.0);
    }
    rec(&mut g, EOF, &[]);
    let err = number_formats(&cfb_with(&[("Workbook", &g)])).unwrap_err();
    assert!(err.contains("overlap"), "{err}");
}

#[test]
fn a_mulrk_with_huge_columns_stays_in_the_sheet() {
    let mut g = Vec::new();
    bof(&mut g, 0x0005);
    xf(&mut g, 2);
    let at = g.len() + 4;
    rec(&mut g, BOUNDSHEET, &[0, 0, 0, 0, 0, 0, 1, 0, b'S']);
    rec(&mut g, EOF, &[]);
    let pos = g.len() as u32;
    g[at..at + 4].copy_from_slice(&pos.to_le_bytes());
    bof(&mut g, 0x0010);
    let mut d = Vec::new();
    d.extend(0u16.to_le_bytes());
    d.extend(65_530u16.to_le_bytes());
    for _ in 0..1300 {
        d.extend(0u16.to_le_bytes());
        d.extend(rk_int(1).to_le_bytes());
    }
    d.extend(0xFFFFu16.to_le_bytes());
    rec(&mut g, MULRK, &d);
    rec(&mut g, EOF, &[]);
    let m = number_formats(&cfb_with(&[("Workbook", &g)])).unwrap();
    assert!(m["S"].is_empty());
}
