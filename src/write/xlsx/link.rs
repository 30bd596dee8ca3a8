//! A hyperlink cell of a table sheet whose text wraps in LibreOffice as well as in Excel.
//!
//! LibreOffice turns a text cell that carries a hyperlink into one link field, and it never
//! breaks a field across lines: a project name longer than its column printed on one line, cut
//! at the column's edge, whatever the cell's wrap setting and row height. On a formula cell it
//! keeps the hyperlink as a cell attribute instead (still followed on Ctrl+click) and wraps
//! the result like any text. So the link's text is written as a formula of string constants,
//! cached as the text, under the same `<hyperlink>`: Excel and WPS wrap and follow it as
//! before, readers that do not calculate see the cached text.

use super::cells::SheetCells;
use rust_xlsxwriter::{Formula, Url, Worksheet, XlsxError};

/// Excel's longest string constant in a formula, in UTF-16 units.
const MAX_CONSTANT: usize = 255;
/// Excel's longest formula, in UTF-16 units.
const MAX_FORMULA: usize = 8192;

/// Writes `text` at `(r, col)` as a hyperlink to `location` (`internal:'sheet'!A1`).
pub(super) fn write_link(
    ws: &mut Worksheet,
    cells: &mut SheetCells,
    (r, col): (u32, u16),
    text: &str,
    location: &str,
    xf: u32,
) -> Result<(), XlsxError> {
    let url = Url::new(location).set_text(text);
    let shown = ws.insert_hyperlink(r, col, url)?;
    cells.write_string(r, col, &shown, xf)?;
    if let Some(formula) = text_formula(text) {
        cells.write_formula(r, col, formula, xf)?;
    }
    Ok(())
}

fn text_formula(text: &str) -> Option<Formula> {
    if text.is_empty() || text.chars().any(char::is_control) {
        return None;
    }
    let mut constants = Vec::new();
    let mut current = String::new();
    let mut units = 0;
    for c in text.chars() {
        // A double quote is doubled inside a constant and counts once in its length.
        let n = c.len_utf16();
        if units + n > MAX_CONSTANT {
            constants.push(format!("\"{current}\""));
            current.clear();
            units = 0;
        }
        if c == '"' {
            current.push('"');
        }
        current.push(c);
        units += n;
    }
    constants.push(format!("\"{current}\""));
    let formula = format!("={}", constants.join("&"));
    if formula.encode_utf16().count() > MAX_FORMULA {
        return None;
    }
    Some(Formula::new(formula).set_result(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The formula's text as Excel stores it, and the value it gives, read back from the
    /// written sheet.
    fn written(text: &str) -> Option<(String, String)> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let xf = book.register_format(&rust_xlsxwriter::Format::new().set_bold());
        let mut ws = Worksheet::new();
        let mut cells = SheetCells::default();
        write_link(&mut ws, &mut cells, (0, 0), text, "internal:'表'!A1", xf).unwrap();
        let ids = book.shared_string_indices(cells.strings());
        ws.set_prebuilt_cells(
            cells.rows_xml(&ids),
            cells.merge_cells_xml(),
            &cells.dimension(),
        );
        book.push_worksheet(ws);
        let bytes = book.save_to_buffer().unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
            &mut xml,
        )
        .unwrap();
        assert!(
            xml.contains("<hyperlink ref=\"A1\" location=\"'表'!A1\""),
            "{xml}"
        );
        let inner = |tag: &str| {
            let start = xml.find(&format!("<{tag}>"))? + tag.len() + 2;
            let end = xml[start..].find(&format!("</{tag}>"))? + start;
            Some(
                quick_xml::escape::unescape(&xml[start..end])
                    .ok()?
                    .into_owned(),
            )
        };
        Some((inner("f")?, inner("v")?))
    }

    #[test]
    fn link_text_is_a_formula_of_constants_cached_as_the_text() {
        let name = "闵行区“一网通办”信息平台系统（2023年升级改造项目）";
        let (f, v) = written(name).unwrap();
        assert_eq!(f, format!("\"{name}\""));
        assert_eq!(v, name);
        // Quotes doubled inside a constant.
        let (f, v) = written("A&B \"x\" <y>").unwrap();
        assert_eq!(f, "\"A&B \"\"x\"\" <y>\"");
        assert_eq!(v, "A&B \"x\" <y>");
    }

    #[test]
    fn long_text_is_split_into_constants_excel_accepts() {
        // 300 CJK characters: two constants, the first 255 long.
        let name = "项".repeat(300);
        let (f, _) = written(&name).unwrap();
        let constants: Vec<&str> = f.split("\"&\"").collect();
        assert_eq!(constants.len(), 2, "{f}");
        assert_eq!(constants[0].chars().count(), 255 + 1);
        assert_eq!(f.replace(['"', '&'], ""), name);
        // A quote pair is never cut between two constants.
        let quotes = format!("{}\"\"\"", "a".repeat(253));
        let (f, _) = written(&quotes).unwrap();
        assert_eq!(f, format!("\"{}\"\"\"\"\"&\"\"\"\"", "a".repeat(253)));
    }

    #[test]
    fn text_a_formula_cannot_carry_stays_a_text_link() {
        assert!(written("A\tB").is_none());
        assert!(written("").is_none());
        assert!(written(&"项".repeat(9000)).is_none());
        assert!(text_formula(&"项".repeat(8000)).is_some());
    }
}
