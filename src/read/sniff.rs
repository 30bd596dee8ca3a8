//! What a file is, from its content (magic bytes; inside a zip, which parts it holds; inside
//! an OLE2 compound file, which streams), never from its name: a clerk's `.xls` is often an
//! HTML page or an .xlsx renamed, and a `.txt` may be anything.

use super::spreadsheet::Book;
use std::io::Cursor;

/// What the content is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A workbook calamine reads.
    Spreadsheet(Book),
    /// An OpenDocument spreadsheet.
    Ods,
    /// A Word .docx document.
    Docx,
    /// An HTML page.
    Html,
    /// A PDF file.
    Pdf,
    /// Text: delimited (tab or comma) or PDF text, told apart once decoded.
    Text,
    /// A known format that holds no readable form, with the one line to tell the user what
    /// it is and what to do.
    Refused(&'static str),
}

/// The kind of the content.
pub fn sniff(bytes: &[u8]) -> Kind {
    if bytes.starts_with(b"PK\x03\x04") {
        return zip_kind(bytes);
    }
    if let Some(kind) = super::biff::sniff_ole(bytes) {
        use super::biff::OleKind;
        return match kind {
            OleKind::Xls => Kind::Spreadsheet(Book::Xls),
            OleKind::Doc => Kind::Refused(DOC),
            OleKind::EncryptedOoxml | OleKind::EncryptedXls => Kind::Refused(ENCRYPTED),
            OleKind::Other(_) => Kind::Refused(OTHER_OLE),
        };
    }
    if super::pdf::detect(bytes) {
        return Kind::Pdf;
    }
    if let Some(message) = refused_by_magic(bytes) {
        return Kind::Refused(message);
    }
    if super::html::detect(bytes) {
        return Kind::Html;
    }
    Kind::Text
}

const DOC: &str = "Word 97 文档（.doc 或 WPS .wps）：请在 Word 或 WPS 中另存为 .docx 后再读 \
                   (a Word 97 document: save it as .docx first)";
const ENCRYPTED: &str = "加密的工作簿或文档：请先取消密码，另存后再读 \
                         (encrypted workbook or document: remove the password first)";
const OTHER_OLE: &str = "不是可识别的 Office 文件（既非 .xls 也非 .doc）\
                         (an OLE2 file that is neither an .xls workbook nor a Word document)";
const IMAGE: &str = "图片（扫描件）：没有可读的文字，不提供文字识别；请提供原表格、Word 或带文字的 PDF \
                     (an image: no text to read, and OCR is not offered)";
const RTF: &str =
    "RTF 文档：请在 Word 或 WPS 中另存为 .docx 后再读 (an RTF document: save it as .docx first)";
const ODT: &str = "OpenDocument 文本文档 (.odt)：请另存为 .docx 后再读 \
                   (an OpenDocument text: save it as .docx first)";
const ZIP: &str = "zip 压缩包，不是表格：请先解压，再读其中的文件 \
                   (a zip archive, not a workbook: unpack it and read its files)";
const OTHER_BINARY: &str =
    "不是可识别的表格、文档或文本文件 (not a workbook, document or text selfeval reads)";

/// Formats known by their first bytes that are refused with a message.
fn refused_by_magic(bytes: &[u8]) -> Option<&'static str> {
    let images: [&[u8]; 7] = [
        b"\x89PNG\r\n\x1a\n",
        b"\xff\xd8\xff",
        b"GIF87a",
        b"GIF89a",
        b"II*\x00",
        b"MM\x00*",
        b"BM",
    ];
    if images.iter().any(|m| bytes.starts_with(m)) && is_binary(bytes) {
        Some(IMAGE)
    } else if bytes.starts_with(b"{\\rtf") {
        Some(RTF)
    } else if bytes.starts_with(b"Rar!") || bytes.starts_with(b"7z\xbc\xaf\x27\x1c") {
        Some(ZIP)
    } else {
        None
    }
}

/// Whether the content holds control bytes no text holds (`BM` starts English text too).
fn is_binary(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .take(512)
        .any(|&b| b < 0x09 || (0x0e..0x1a).contains(&b))
}

/// What a zip holds: a workbook, a Word document, an OpenDocument file, or none of these.
fn zip_kind(bytes: &[u8]) -> Kind {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        // Damaged: the .xlsx reader says what it can of it.
        return Kind::Spreadsheet(Book::Xlsx);
    };
    let names: Vec<Vec<u8>> = archive
        .file_names_raw()
        .map(|n| n.to_ascii_lowercase())
        .collect();
    let has = |name: &str| {
        names
            .iter()
            .any(|n| n == name.to_ascii_lowercase().as_bytes())
    };
    if has("xl/workbook.xml") {
        return Kind::Spreadsheet(Book::Xlsx);
    }
    if has("xl/workbook.bin") {
        return Kind::Spreadsheet(Book::Xlsb);
    }
    if has("word/document.xml") {
        return Kind::Docx;
    }
    let mut mimetype = Vec::new();
    if let Ok(entry) = archive.by_name("mimetype") {
        use std::io::Read;
        let _ = entry.take(200).read_to_end(&mut mimetype);
    }
    if super::ods::is_ods(&mimetype) {
        return Kind::Ods;
    }
    if mimetype.starts_with(b"application/vnd.oasis.opendocument.text") {
        return Kind::Refused(ODT);
    }
    if names.iter().any(|n| n.starts_with(b"xl/")) {
        return Kind::Spreadsheet(Book::Xlsx);
    }
    Kind::Refused(ZIP)
}

/// A refusal for content that is binary and of no kind above; `None` for text.
pub fn unknown_binary(bytes: &[u8]) -> Option<&'static str> {
    let head = &bytes[..bytes.len().min(4096)];
    // Text in any encoding selfeval decodes holds no NUL outside UTF-16.
    let utf16 = head.starts_with(b"\xff\xfe") || head.starts_with(b"\xfe\xff");
    (!utf16 && head.contains(&0)).then_some(OTHER_BINARY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_bytes_name_what_cannot_be_read() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Kind::Pdf);
        assert_eq!(
            sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Kind::Refused(IMAGE)
        );
        assert_eq!(sniff(b"\xff\xd8\xff\xe0\0\x10JFIF"), Kind::Refused(IMAGE));
        assert_eq!(sniff(b"{\\rtf1\\ansi ..."), Kind::Refused(RTF));
        // English text that happens to start like a bitmap is text.
        assert_eq!(sniff(b"BMW annual report"), Kind::Text);
        assert_eq!(sniff("项目名称\t法律顾问".as_bytes()), Kind::Text);
        assert_eq!(sniff(b"<!DOCTYPE html><html><table>"), Kind::Html);
    }

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        use std::io::Write;
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, data) in entries {
            out.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            out.write_all(data).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    #[test]
    fn a_zip_is_told_by_its_parts() {
        assert_eq!(
            sniff(&zip_of(&[("xl/workbook.xml", b"<x/>")])),
            Kind::Spreadsheet(Book::Xlsx)
        );
        assert_eq!(
            sniff(&zip_of(&[("xl/workbook.bin", b"")])),
            Kind::Spreadsheet(Book::Xlsb)
        );
        assert_eq!(sniff(&zip_of(&[("word/document.xml", b"")])), Kind::Docx);
        assert_eq!(
            sniff(&zip_of(&[(
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet"
            )])),
            Kind::Ods
        );
        assert_eq!(
            sniff(&zip_of(&[(
                "mimetype",
                b"application/vnd.oasis.opendocument.text"
            )])),
            Kind::Refused(ODT)
        );
        assert_eq!(sniff(&zip_of(&[("photos/a.jpg", b"")])), Kind::Refused(ZIP));
    }

    #[test]
    fn binary_junk_is_refused_and_text_is_not() {
        assert_eq!(unknown_binary(b"\0\x01\x02garbage"), Some(OTHER_BINARY));
        assert_eq!(unknown_binary("项目名称".as_bytes()), None);
        assert_eq!(unknown_binary(b"\xff\xfe\x79\x98"), None);
    }
}
