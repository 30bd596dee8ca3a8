//! Guards run on an .xlsx package before calamine unpacks it: a zip bomb, or a cell
//! reference past Excel's grid, is refused with a clear error instead of filling memory or
//! overflowing calamine's 32-bit positions.

use std::io::Cursor;

/// Entries unpacking to more than this many times their packed size are taken for a zip bomb
/// (deflate tops out near 1032:1 on zeros; real sheet XML packs well under 100:1).
const MAX_RATIO: u64 = 500;

/// Entries smaller than this when unpacked are not judged by ratio: tiny entries of repeated
/// text can pack very well and cost nothing.
const RATIO_FLOOR: u64 = 1024 * 1024;

/// Largest part of a package unpacked: a form sheet's XML is a few hundred kilobytes, and a
/// sheet of a million rows some tens of megabytes. Past this, one part would take memory a
/// clerk's machine may not have, whatever the total allowed.
pub const MAX_PART: u64 = 128 * 1024 * 1024;

/// Looks at the zip central directory before calamine unpacks anything: a workbook whose
/// entries declare more than `max_unpacked` bytes in all, or one entry packed absurdly well,
/// is refused. An archive the zip reader cannot open is left to calamine to report.
pub fn check_archive(bytes: &[u8], max_unpacked: u64) -> Result<(), String> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let Ok(entry) = archive.by_index_raw(i) else {
            continue;
        };
        let (size, packed) = (entry.size(), entry.compressed_size());
        total = total.saturating_add(size);
        if total > max_unpacked {
            return Err(format!(
                "工作簿解压后超过 {max_unpacked} 字节，拒绝读取 (workbook would unpack to more than {max_unpacked} bytes)"
            ));
        }
        if size > MAX_PART {
            return Err(too_big_part(&String::from_utf8_lossy(entry.name_raw())));
        }
        if size >= RATIO_FLOOR && size / packed.max(1) > MAX_RATIO {
            return Err(format!(
                "工作簿中的 {} 压缩比异常 ({size} 字节压成 {packed} 字节)，疑为压缩炸弹，拒绝读取 (entry packed more than {MAX_RATIO}:1: a zip bomb?)",
                String::from_utf8_lossy(entry.name_raw())
            ));
        }
    }
    Ok(())
}

fn too_big_part(name: &str) -> String {
    format!(
        "{name} 解压后超过 {MAX_PART} 字节，拒绝读取 (a part of the package unpacks to more than {MAX_PART} bytes)"
    )
}

/// Excel's grid: rows 1 to 1,048,576, columns A to XFD (16,384).
const GRID_ROWS: u64 = 1_048_576;
const GRID_COLUMNS: u64 = 16_384;

/// Refuses a workbook whose parts place a cell, row or range past Excel's grid. No Excel or
/// WPS file does that, and calamine reads such a reference into 32 bits without a check (a row
/// past 4,294,967,295 overflows). Runs before calamine looks at any sheet, over every XML part
/// of the package: a sheet may be stored anywhere the workbook's relationships point.
///
/// Answers whether any part holds a formula (`<f>`), so that formulas are read only where a
/// workbook has them.
pub fn check_cell_references(bytes: &[u8]) -> Result<bool, String> {
    use std::io::Read;
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(false); // calamine reports what it cannot open
    };
    let mut xml = Vec::new();
    let mut formulas = false;
    // Shared-string references, checked against the shared strings once every part is read
    // (the parts come in any order): calamine blanks a cell whose index is out of range.
    let mut strings: Option<u64> = None;
    let mut highest: Option<(u64, String)> = None;
    // Shared strings written with a namespace prefix (`<x:sst>`) are not counted here.
    let mut prefixed = false;
    // A damaged string reference, reported once every part was checked for references past
    // the grid (those come first: calamine would overflow on them).
    let mut bad_string: Option<String> = None;
    for i in 0..archive.len() {
        let Ok(entry) = archive.by_index(i) else {
            continue;
        };
        let entry_name = String::from_utf8_lossy(entry.name_raw()).into_owned();
        if !entry_name.to_ascii_lowercase().ends_with(".xml") {
            continue;
        }
        xml.clear();
        // Its size was bounded by `check_archive`. A damaged entry (bad checksum) is still
        // scanned as far as it unpacks: calamine parses that much before it sees the damage.
        // A part whose declared size lied is caught here, before calamine unpacks it.
        let _ = entry.take(MAX_PART + 1).read_to_end(&mut xml);
        if xml.len() as u64 > MAX_PART {
            return Err(too_big_part(&entry_name));
        }
        formulas = formulas
            || memchr::memmem::find(&xml, b"<f>").is_some()
            || memchr::memmem::find(&xml, b"<f ").is_some();
        prefixed = prefixed || memchr::memmem::find(&xml, b":sst ").is_some();
        if memchr::memmem::find(&xml, b"<sst").is_some() {
            let items = memchr::memmem::find_iter(&xml, b"<si>").count()
                + memchr::memmem::find_iter(&xml, b"<si ").count()
                + memchr::memmem::find_iter(&xml, b"<si/>").count();
            strings = Some(strings.unwrap_or(0) + items as u64);
        }
        if let Some(claimed) = claimed_strings(&xml)
            && claimed > xml.len() as u64 / 4
        {
            return Err(format!(
                "{entry_name}: 共享字符串表声称有 {claimed} 个字符串，而它只有 {} 字节，工作簿已损坏，拒绝读取 (the shared strings part claims more strings than it can hold)",
                xml.len()
            ));
        }
        for attribute in [&b" r=\""[..], &b" ref=\""[..]] {
            for at in memchr::memmem::find_iter(&xml, attribute) {
                let value = &xml[at + attribute.len()..];
                let value = &value[..memchr::memchr(b'"', value).unwrap_or(value.len())];
                if let Some(bad) = value
                    .split(|&b| b == b':' || b == b' ')
                    .find(|part| past_the_grid(part))
                {
                    return Err(format!(
                        "{entry_name}: 单元格位置 {} 无效或超出 Excel 表格范围（最多 {GRID_ROWS} 行、{GRID_COLUMNS} 列），拒绝读取 (cell reference invalid or past Excel's grid)",
                        String::from_utf8_lossy(bad)
                    ));
                }
            }
        }
        match string_references(&xml) {
            Ok(Some((index, cell))) if highest.as_ref().is_none_or(|(h, _)| index > *h) => {
                highest = Some((index, format!("{entry_name}!{cell}")));
            }
            Ok(_) => {}
            Err(e) => {
                bad_string.get_or_insert(format!("{entry_name}!{e}"));
            }
        }
    }
    if let Some(e) = bad_string {
        return Err(e);
    }
    if let Some((index, cell)) = highest
        && !prefixed
        && index >= strings.unwrap_or(0)
    {
        return Err(format!(
            "{cell}: 单元格引用第 {index} 个共享字符串，而工作簿只有 {} 个，工作簿已损坏 (a cell refers to a shared string the workbook does not have)",
            strings.unwrap_or(0)
        ));
    }
    Ok(formulas)
}

/// The highest shared-string index the cells of a part refer to (`<c r="B2" t="s"><v>7</v>`),
/// with the cell; an index that is no whole number (negative, or past any count) is an
/// error at once.
fn string_references(xml: &[u8]) -> Result<Option<(u64, String)>, String> {
    let mut highest: Option<(u64, String)> = None;
    for at in memchr::memmem::find_iter(xml, b" t=\"s\"") {
        let start = xml[..at].iter().rposition(|&b| b == b'<').unwrap_or(0);
        let tag = &xml[start..];
        let Some(end) = memchr::memmem::find(tag, b"</c>") else {
            continue;
        };
        let cell = &tag[..end];
        let reference = attribute(cell, b" r=\"").unwrap_or_default();
        let Some(v) = memchr::memmem::find(cell, b"<v>") else {
            continue;
        };
        let value = &cell[v + 3..];
        let value = &value[..memchr::memchr(b'<', value).unwrap_or(value.len())];
        let text = String::from_utf8_lossy(value);
        let text = text.trim();
        match text.parse::<u64>() {
            Ok(index) if highest.as_ref().is_none_or(|(h, _)| index > *h) => {
                highest = Some((index, reference));
            }
            Ok(_) => {}
            Err(_) => {
                return Err(format!(
                    "{reference}: 共享字符串编号“{text}”无效，工作簿已损坏 (a cell's shared-string index is not a valid number)"
                ));
            }
        }
    }
    Ok(highest)
}

/// The value of an attribute in a tag (`key` is ` name="`).
fn attribute(tag: &[u8], key: &[u8]) -> Option<String> {
    let at = memchr::memmem::find(tag, key)? + key.len();
    let value = &tag[at..];
    let value = &value[..memchr::memchr(b'"', value)?];
    Some(String::from_utf8_lossy(value).into_owned())
}

/// The string count a shared-strings part declares (`<sst uniqueCount="…">`). calamine
/// reserves room for that many strings before reading one: a 10 KB file claiming 4,294,967,295
/// strings aborted the process. Each string takes at least `<si/>` (5 bytes) of the part.
fn claimed_strings(xml: &[u8]) -> Option<u64> {
    let at = memchr::memmem::find(xml, b"<sst")?;
    let tag = &xml[at..];
    let tag = &tag[..memchr::memchr(b'>', tag).unwrap_or(tag.len())];
    let key = b"uniqueCount=\"";
    let value = &tag[memchr::memmem::find(tag, key)? + key.len()..];
    let digits: Vec<u8> = value
        .iter()
        .copied()
        .take_while(u8::is_ascii_digit)
        .collect();
    // More digits than any u64: claimed beyond counting.
    Some(
        std::str::from_utf8(&digits)
            .ok()?
            .parse()
            .unwrap_or(u64::MAX),
    )
}

/// Whether a cell (`XFD1048576`), column or row reference lies past Excel's grid. Anything
/// that is not such a reference is not judged here.
fn past_the_grid(reference: &[u8]) -> bool {
    let reference: Vec<u8> = reference.iter().copied().filter(|&b| b != b'$').collect();
    let letters = reference
        .iter()
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    let (column, row) = reference.split_at(letters);
    if !row.iter().all(u8::is_ascii_digit) || (column.is_empty() && row.is_empty()) {
        return false;
    }
    let column_past = column.len() > 3
        || column.iter().fold(0u64, |n, b| {
            n * 26 + u64::from(b.to_ascii_uppercase() - b'A') + 1
        }) > GRID_COLUMNS;
    let row_past =
        row.len() > 7 || row.iter().fold(0u64, |n, b| n * 10 + u64::from(b - b'0')) > GRID_ROWS;
    column_past || row_past
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_past_the_grid() {
        for inside in [
            "A1",
            "XFD1048576",
            "$B$2",
            "A1:XFD1048576",
            "5",
            "C",
            "xfd1",
        ] {
            assert!(!past_the_grid(inside.as_bytes()), "{inside}");
        }
        for past in ["XFE1", "A1048577", "AAAA1", "A4294967296", "1048577", "XFE"] {
            assert!(past_the_grid(past.as_bytes()), "{past}");
        }
        // Not references: not judged.
        for other in ["", "rId1", "A1B", "1A"] {
            assert!(!past_the_grid(other.as_bytes()), "{other}");
        }
    }

    /// A zip with one entry of `size` zeros, deflated.
    fn zeros_zip(size: usize) -> Vec<u8> {
        use std::io::Write;
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        out.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
        out.write_all(&vec![0u8; size]).unwrap();
        out.finish().unwrap().into_inner()
    }

    #[test]
    fn a_shared_strings_count_past_the_part_is_refused() {
        assert_eq!(
            claimed_strings(br#"<sst xmlns="x" count="3" uniqueCount="2"><si>"#),
            Some(2)
        );
        assert_eq!(claimed_strings(b"<worksheet/>"), None);
        let mut book = rust_xlsxwriter::Workbook::new();
        book.add_worksheet()
            .write_string(0, 0, "财政项目支出绩效自评表")
            .unwrap();
        let bytes = book.save_to_buffer().unwrap();
        assert_eq!(check_cell_references(&bytes), Ok(false));
        // The same workbook with its shared strings claiming 4,294,967,295 strings.
        let bad = rewrite(&bytes, "xl/sharedStrings.xml", |xml| {
            let start = xml.find("uniqueCount=\"").unwrap() + 13;
            let end = start + xml[start..].find('"').unwrap();
            format!("{}4294967295{}", &xml[..start], &xml[end..])
        });
        let e = check_cell_references(&bad).unwrap_err();
        assert!(e.contains("4294967295"), "{e}");
    }

    #[test]
    fn shared_string_references_out_of_range_are_refused() {
        assert_eq!(
            string_references(br#"<c r="A1" t="s"><v>3</v></c><c r="B2" t="s"><v>7</v></c>"#),
            Ok(Some((7, "B2".to_string())))
        );
        let e = string_references(br#"<c r="C3" t="s"><v>-1</v></c>"#).unwrap_err();
        assert!(e.starts_with("C3: "), "{e}");
        let mut book = rust_xlsxwriter::Workbook::new();
        book.add_worksheet()
            .write_string(0, 0, "财政项目支出绩效自评表")
            .unwrap();
        let bytes = book.save_to_buffer().unwrap();
        assert_eq!(check_cell_references(&bytes), Ok(false));
        let bad = rewrite(&bytes, "xl/worksheets/sheet1.xml", |xml| {
            xml.replace("<v>0</v>", "<v>99999999999</v>")
        });
        let e = check_cell_references(&bad).unwrap_err();
        assert!(
            e.contains("sheet1.xml!A1") && e.contains("99999999999"),
            "{e}"
        );
    }

    /// The workbook with one part's XML changed.
    fn rewrite(bytes: &[u8], part: &str, change: impl Fn(String) -> String) -> Vec<u8> {
        use std::io::{Read, Write};
        let mut src = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for i in 0..src.len() {
            let mut entry = src.by_index(i).unwrap();
            let name = String::from_utf8_lossy(entry.name_raw()).into_owned();
            let mut data = Vec::new();
            entry.read_to_end(&mut data).unwrap();
            if name == part {
                data = change(String::from_utf8(data).unwrap()).into_bytes();
            }
            out.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            out.write_all(&data).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    #[test]
    fn a_part_past_the_cap_is_refused_whatever_the_total_allowed() {
        use std::io::Write;
        // 129 MiB of sheet rows that pack about 400:1: under the zip-bomb ratio, over a part.
        let row = "<row><c><v>1</v></c></row>".repeat(40_000);
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        out.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
        let mut written = 0u64;
        while written <= MAX_PART {
            out.write_all(row.as_bytes()).unwrap();
            written += row.len() as u64;
        }
        let bytes = out.finish().unwrap().into_inner();
        assert!(bytes.len() < 2_000_000, "{}", bytes.len());
        let e = check_archive(&bytes, u64::MAX).unwrap_err();
        assert!(e.contains("134217728"), "{e}");
    }

    /// A sheet stored outside `xl/worksheets/` (the relationships may point anywhere) is
    /// checked like any other.
    #[test]
    fn a_sheet_stored_elsewhere_is_checked_too() {
        use std::io::Write;
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        out.start_file(
            "xl/elsewhere/data.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        out.write_all(br#"<worksheet><sheetData><row r="1"><c r="XFE1"><v>1</v></c></row></sheetData></worksheet>"#)
            .unwrap();
        let bytes = out.finish().unwrap().into_inner();
        let e = check_cell_references(&bytes).unwrap_err();
        assert!(
            e.starts_with("xl/elsewhere/data.xml: ") && e.contains("XFE1"),
            "{e}"
        );
    }

    #[test]
    fn zip_bombs_are_refused_before_unpacking() {
        let bomb = zeros_zip(4 * 1024 * 1024);
        assert!(bomb.len() < 64 * 1024, "{}", bomb.len());
        let e = check_archive(&bomb, 1 << 30).unwrap_err();
        assert!(e.contains("压缩炸弹") && e.contains("sheet1.xml"), "{e}");
        // Over the total bound, even at a sane ratio.
        let small = zeros_zip(200_000);
        let e = check_archive(&small, 100_000).unwrap_err();
        assert!(e.contains("100000"), "{e}");
        assert_eq!(check_archive(&small, 1 << 30), Ok(()));
        // Through read_bytes the refusal is one error naming the file.
        let options = crate::read::ReadOptions {
            max_unpacked_size: 100_000,
            ..Default::default()
        };
        let forms = crate::read::read_bytes_with("bomb.xlsx", &small, &options);
        assert_eq!(forms.len(), 1);
        let e = forms[0].as_ref().unwrap_err().to_string();
        assert!(
            e.starts_with("bomb.xlsx: 工作簿解压后超过 100000 字节"),
            "{e}"
        );
        let forms = crate::read::read_bytes("bomb.xlsx", &bomb);
        let e = forms[0].as_ref().unwrap_err().to_string();
        assert!(e.starts_with("bomb.xlsx: 工作簿中的"), "{e}");
    }
}
