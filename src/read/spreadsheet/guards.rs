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
        if size >= RATIO_FLOOR && size / packed.max(1) > MAX_RATIO {
            return Err(format!(
                "工作簿中的 {} 压缩比异常 ({size} 字节压成 {packed} 字节)，疑为压缩炸弹，拒绝读取 (entry packed more than {MAX_RATIO}:1: a zip bomb?)",
                String::from_utf8_lossy(entry.name_raw())
            ));
        }
    }
    Ok(())
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
        let _ = entry
            .take(crate::read::DEFAULT_MAX_UNPACKED_SIZE)
            .read_to_end(&mut xml);
        formulas = formulas
            || memchr::memmem::find(&xml, b"<f>").is_some()
            || memchr::memmem::find(&xml, b"<f ").is_some();
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
    }
    Ok(formulas)
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
