//! `selfeval json` on the bad inputs in `tests/hostile/`: each gives its one-line error and
//! exit code 2 (the GB18030 form reads), and nothing panics. Damaged, encrypted and scanned
//! PDFs are made from a sample printed by LibreOffice, each with its own error.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(file: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_selfeval"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["json", &format!("tests/hostile/{file}")])
        .output()
        .unwrap()
}

/// The file fails with exactly this error line, then the failure count; no JSON forms.
fn refused(file: &str, message: &str) {
    let out = run(file);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{file}: {stderr}");
    assert_eq!(out.status.code(), Some(2), "{file}: {stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines,
        [
            format!("error: tests/hostile/{file}: {message}").as_str(),
            "1 个输入读取失败 (1 failed)"
        ],
        "{file}"
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "[]", "{file}");
}

#[test]
fn empty_file() {
    refused(
        "empty.txt",
        "文件为空，没有可读的自评表 (empty file: expected a 财政项目支出绩效自评表)",
    );
}

#[test]
fn binary_junk() {
    refused(
        "junk.txt",
        "不是可识别的表格、文档或文本文件 (not a workbook, document or text selfeval reads)",
    );
}

#[test]
fn truncated_workbook() {
    refused(
        "truncated.xlsx",
        "无法打开 xlsx 工作簿，文件可能已损坏 (not a readable .xlsx: Zip error: invalid Zip archive: Could not find EOCD)",
    );
}

#[test]
fn tiny_workbook_spanning_the_whole_grid() {
    // 5 KB with cells at A1 and XFD1048576: read as a dense grid it asked for 512 GiB and aborted.
    refused(
        "wide_sheet.xlsx",
        "Sheet1: 工作表范围过大 (17179869184 个单元格，上限 2000000)，拒绝读取 (sheet spans too many cells)",
    );
}

#[test]
fn text_without_a_form() {
    refused(
        "no_form.txt",
        "没有找到自评表：缺少“财政项目支出绩效自评表”一类的标题 (no form title found)",
    );
}

#[test]
fn form_cut_off() {
    refused(
        "cut_off.txt",
        "line 2: 自评表不完整：缺少“总分”行 (form cut off: expected “总分”行)",
    );
}

#[test]
fn absurd_numbers_are_refused_not_dropped() {
    // A 30-digit amount once vanished into the row label and shifted the others left.
    refused(
        "huge_numbers.txt",
        "line 19: 数字位数过多，无法准确表示 (number too large, at most 28 digits): 123456789012345678901234567890",
    );
    refused(
        "huge_numbers_grid.tsv",
        "line 8: 数字位数过多，无法准确表示 (number too large, at most 28 digits): 1234567890123456789012345678901.00",
    );
}

#[test]
fn gb18030_form_reads_like_its_utf8_text() {
    let out = run("gb18030.txt");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let bytes = std::fs::read(format!(
        "{}/tests/hostile/gb18030.txt",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(&bytes);
    assert!(!had_errors);
    assert!(text.contains("\r\n") && text.contains("财政项目支出绩效自评表"));
    let reports: Vec<_> = selfeval::read::read_bytes("tests/hostile/gb18030.txt", text.as_bytes())
        .into_iter()
        .map(|f| f.unwrap())
        .collect();
    assert_eq!(reports.len(), 1);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        selfeval::write::json::to_string(&reports)
    );
}

#[test]
fn a_row_number_past_what_a_sheet_can_hold() {
    // A row at 4294967296: past Excel's 1,048,576 rows and past the 32 bits calamine reads it
    // into (a debug build panicked on the overflow; a release build wrapped it to row 0).
    refused(
        "row_past_the_grid.xlsx",
        "xl/worksheets/sheet1.xml: 单元格位置 4294967296 无效或超出 Excel 表格范围（最多 1048576 行、16384 列），拒绝读取 (cell reference invalid or past Excel's grid)",
    );
}

#[test]
fn a_cell_reference_that_is_not_one() {
    refused(
        "bad_cell_reference.xlsx",
        "S: 无法读取工作表 (cannot read the sheet: Range is missing the expected row component.)",
    );
}

#[test]
fn a_damaged_sheet_with_a_reference_of_eight_letters() {
    // Found by `cargo fuzz run -a xlsx`: a workbook selfeval wrote, damaged so that a sheet
    // whose checksum fails holds `r="BfDxmlns..."`; calamine parsed it before the checksum and
    // overflowed its column number (a panic in a debug build).
    refused(
        "damaged_sheet_past_the_grid.xlsx",
        "xl/worksheets/sheet13.xml: 单元格位置 BfDxmlns 无效或超出 Excel 表格范围（最多 1048576 行、16384 列），拒绝读取 (cell reference invalid or past Excel's grid)",
    );
}

/// An OLE2 compound file holding the named streams, as Word 97, WPS and encrypted Office files
/// are.
fn compound_file(streams: &[&str]) -> Vec<u8> {
    use std::io::Write;
    let mut file = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    for name in streams {
        file.create_stream(name)
            .unwrap()
            .write_all(&[0u8; 600])
            .unwrap();
    }
    file.flush().unwrap();
    file.into_inner().into_inner()
}

/// Files that are known formats but hold no form selfeval reads: each says what it is and
/// what to do, whatever its name says it is.
#[test]
fn known_formats_that_are_not_read_say_what_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, Vec<u8>, &str); 6] = [
        ("form.doc", compound_file(&["WordDocument"]), "Word 97 文档"),
        ("form.wps", compound_file(&["WordDocument"]), "另存为 .docx"),
        (
            "locked.xlsx",
            compound_file(&["EncryptionInfo", "EncryptedPackage"]),
            "请先取消密码",
        ),
        (
            "scan.xls",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0".to_vec(),
            "图片",
        ),
        ("form.pdf", b"%PDF-1.4\n1 0 obj\n".to_vec(), "PDF 文件"),
        ("form.rtf", b"{\\rtf1\\ansi hello}".to_vec(), "RTF 文档"),
    ];
    for (name, bytes, says) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_selfeval"))
            .args(["json"])
            .arg(&path)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
        let first = stderr.lines().next().unwrap_or_default();
        assert!(
            first.starts_with(&format!("error: {}: ", path.display())) && first.contains(says),
            "{name}: {stderr}"
        );
    }
}

fn sample_json(bytes: &[u8]) -> String {
    let forms: Vec<_> = selfeval::read::read_bytes("f.txt", bytes)
        .into_iter()
        .map(|r| {
            let mut r = r.unwrap();
            r.source = Default::default();
            r
        })
        .collect();
    selfeval::write::json::to_string(&forms)
}

const SOCIAL: &str = "samples/shanghai-minhang-social-security-2024.txt";
const SONGJIANG: &str = "samples/shanghai-songjiang-admin-service-2021.txt";

/// Old Mac line ends (`\r` alone), and `\r\n` mixed with `\r`, read as the same forms.
#[test]
fn lone_carriage_returns_end_lines() {
    for sample in [SOCIAL, SONGJIANG] {
        let text = std::fs::read_to_string(sample).unwrap();
        let want = sample_json(text.as_bytes());
        let mac = text.replace('\n', "\r");
        assert_eq!(sample_json(mac.as_bytes()), want, "{sample}");
        let mixed: String = text
            .split('\n')
            .enumerate()
            .map(|(i, l)| format!("{l}{}", if i % 2 == 0 { "\r\n" } else { "\r" }))
            .collect();
        assert_eq!(sample_json(mixed.as_bytes()), want, "{sample}");
    }
}

/// A file pasted together from a GBK export and a UTF-8 one reads whole, not as mojibake.
#[test]
fn gbk_and_utf8_lines_in_one_file_read_whole() {
    for sample in [SOCIAL, SONGJIANG] {
        let text = std::fs::read_to_string(sample).unwrap();
        let want = sample_json(text.as_bytes());
        let mut mixed = Vec::new();
        for (i, line) in text.split_inclusive('\n').enumerate() {
            if i % 2 == 0 {
                mixed.extend(encoding_rs::GB18030.encode(line).0.iter());
            } else {
                mixed.extend(line.as_bytes());
            }
        }
        assert_eq!(sample_json(&mixed), want, "{sample}");
    }
}

/// `1000000,50` (a decimal comma) is never read as 100000050: the cell is kept unplaced, the
/// field is empty, and check says so.
#[test]
fn a_decimal_comma_is_not_a_silent_guess() {
    let text = std::fs::read_to_string(SONGJIANG).unwrap();
    let executed = text
        .lines()
        .find(|l| l.contains("年度资金总额"))
        .unwrap()
        .to_string();
    let amount = executed.split('\t').nth(4).unwrap().to_string();
    assert!(amount.contains(','), "{amount}");
    let bad = executed.replacen(&amount, "1000000,50", 1);
    let forms = selfeval::read::read_bytes("f.txt", text.replacen(&executed, &bad, 1).as_bytes());
    let r = forms[0].as_ref().unwrap();
    assert_eq!(r.funds.total.executed, None);
    assert!(
        r.unplaced.iter().any(|u| u.text == "1000000,50"),
        "{:?}",
        r.unplaced
    );
    let findings = selfeval::check::check(r);
    assert!(
        findings.iter().any(|f| f.message.contains("全年执行数")),
        "{findings:?}"
    );
}

/// A title with more text after it on its line is no title line, and the error says so,
/// naming the line, instead of "no title found".
#[test]
fn a_title_line_followed_by_text_is_named() {
    let forms = selfeval::read::read_bytes(
        "f.txt",
        "说明\n财政项目支出绩效自评表 附件二\n项目名称 某项目\n".as_bytes(),
    );
    let e = forms[0].as_ref().unwrap_err().to_string();
    assert!(
        e.starts_with("f.txt: line 2: 没有单独的标题行") && e.contains("附件二"),
        "{e}"
    );
}

mod common;

/// `selfeval json FILE` from anywhere.
fn run_path(file: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_selfeval"))
        .arg("json")
        .arg(file)
        .output()
        .unwrap()
}

/// The file fails with one error line that starts with `message`, exit 2, no forms.
fn refused_path(file: &Path, message: &str) {
    let out = run_path(file);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    let head = format!("error: {}: {message}", file.display());
    assert!(lines[0].starts_with(&head), "{}\nwanted: {head}", lines[0]);
    assert_eq!(lines[1], "1 个输入读取失败 (1 failed)");
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "[]");
}

/// The first sample form, written by selfeval and printed to PDF by LibreOffice: the real
/// PDF the damaged, encrypted and scanned copies below are made from (none is committed).
/// Checked to read as one form, so each refusal below is the change's doing.
fn sample_pdf(dir: &Path) -> Option<PathBuf> {
    let soffice = common::soffice()?;
    let (_, forms) = common::samples_by_file().into_iter().next().unwrap();
    let book = dir.join("form.xlsx");
    selfeval::write::xlsx::write_workbook(&forms[..1], &book).unwrap();
    let pdf = common::libreoffice_convert(soffice, &[book], dir, "pdf", None).remove(0);
    let out = run_path(&pdf);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let forms: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(forms.as_array().map(Vec::len), Some(1));
    Some(pdf)
}

#[test]
fn a_pdf_cut_in_half_is_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let Some(pdf) = sample_pdf(dir.path()) else {
        return;
    };
    let bytes = std::fs::read(&pdf).unwrap();
    let cut = dir.path().join("cut.pdf");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    refused_path(&cut, "PDF 文件已损坏，无法读取 (damaged PDF: ");
}

#[test]
fn a_pdf_with_a_password_is_named_encrypted() {
    let dir = tempfile::tempdir().unwrap();
    let Some(pdf) = sample_pdf(dir.path()) else {
        return;
    };
    let mut doc = lopdf::Document::load(&pdf).unwrap();
    let state = lopdf::EncryptionState::try_from(lopdf::EncryptionVersion::V2 {
        document: &doc,
        owner_password: "owner",
        user_password: "secret",
        key_length: 128,
        permissions: lopdf::Permissions::all(),
    })
    .unwrap();
    doc.encrypt(&state).unwrap();
    let locked = dir.path().join("locked.pdf");
    doc.save(&locked).unwrap();
    refused_path(
        &locked,
        "加密的 PDF：请先取消密码 (encrypted PDF: remove the password first)",
    );
}

#[test]
fn a_scanned_pdf_is_named_a_scan() {
    let dir = tempfile::tempdir().unwrap();
    let Some(pdf) = sample_pdf(dir.path()) else {
        return;
    };
    let Some(pdftoppm) = common::tool("pdftoppm", "-v") else {
        return;
    };
    // The printed page as a picture, as a scanner gives it, in a PDF of its own.
    let (w, h) = (595_i64, 842_i64);
    let status = Command::new(pdftoppm)
        .args(["-jpeg", "-f", "1", "-l", "1", "-singlefile"])
        .args(["-scale-to-x", &w.to_string(), "-scale-to-y", &h.to_string()])
        .arg(&pdf)
        .arg(dir.path().join("page"))
        .status()
        .unwrap();
    assert!(status.success());
    let jpeg = std::fs::read(dir.path().join("page.jpg")).unwrap();
    let scan = dir.path().join("scan.pdf");
    std::fs::write(&scan, image_pdf(jpeg, w, h)).unwrap();
    refused_path(
        &scan,
        "扫描件或图片 PDF：没有文字层，无法读取（不提供文字识别）(a scanned PDF with no text layer: OCR is not offered)",
    );
}

/// A one-page PDF whose page is the JPEG `jpeg`, `w` × `h` pixels drawn at one point each.
fn image_pdf(jpeg: Vec<u8>, w: i64, h: i64) -> Vec<u8> {
    use lopdf::{Document, Object, Stream, dictionary};
    let mut doc = Document::with_version("1.5");
    let image = doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => w, "Height" => h,
            "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8, "Filter" => "DCTDecode",
        },
        jpeg,
    ));
    let content = doc.add_object(Stream::new(
        dictionary! {},
        format!("q {w} 0 0 {h} 0 0 cm /Im1 Do Q").into_bytes(),
    ));
    let pages = doc.new_object_id();
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages, "MediaBox" => vec![0.into(), 0.into(), w.into(), h.into()],
        "Contents" => content, "Resources" => dictionary! { "XObject" => dictionary! { "Im1" => image } },
    });
    doc.objects.insert(
        pages,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
        ),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}
