//! Workbooks others keep: the tab-separated grid as sheets (numbers stored as numbers or as
//! text) reads exactly like the text; summary sheets and sheets that are not forms are skipped.

use rust_xlsxwriter::{Format, Workbook};
use selfeval::model::Report;
use selfeval::read::{read_bytes, read_path};

const GRID: &str = "samples/shanghai-songjiang-admin-service-2021.txt";

fn without_source(mut r: Report) -> Report {
    r.source = Default::default();
    r.unplaced.clear();
    r
}

/// One sheet per form of the grid text; plain numbers stored as numbers (with a format of
/// their own scale) when `numbers` is set, as text otherwise.
fn workbook_of_grid(numbers: bool) -> Vec<u8> {
    let text = std::fs::read_to_string(GRID).unwrap();
    // Rows of each form, a form starting at its title row.
    let mut forms: Vec<Vec<Vec<&str>>> = Vec::new();
    for line in text.lines() {
        let cells: Vec<&str> = line.split('\t').collect();
        if cells[0].trim() == "财政项目支出绩效自评表" {
            forms.push(Vec::new());
        }
        if let Some(f) = forms.last_mut() {
            f.push(cells);
        }
    }
    let mut book = Workbook::new();
    for (n, rows) in forms.iter().enumerate() {
        let s = book.add_worksheet();
        s.set_name(format!("表{}", n + 1)).unwrap();
        for (r, cells) in rows.iter().enumerate() {
            for (c, cell) in cells.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                let plain = !cell.is_empty()
                    && cell.chars().all(|ch| ch.is_ascii_digit() || ch == '.')
                    && cell.matches('.').count() <= 1;
                if numbers && plain {
                    let scale = cell.split('.').nth(1).map_or(0, str::len);
                    let code = if scale == 0 {
                        "0".to_string()
                    } else {
                        format!("0.{}", "0".repeat(scale))
                    };
                    let fmt = Format::new().set_num_format(code);
                    let v: f64 = cell.parse().unwrap();
                    s.write_number_with_format(r, c, v, &fmt).unwrap();
                } else if !cell.is_empty() {
                    s.write_string(r, c, *cell).unwrap();
                }
            }
        }
    }
    // selfeval's own summary sheet, by name and header row: passed over.
    let summary = book.add_worksheet().set_name("汇总").unwrap();
    for (c, h) in selfeval::sheets::SUMMARY_HEADERS.iter().enumerate() {
        summary.write_string(0, c as u16, *h).unwrap();
    }
    book.add_worksheet()
        .set_name("说明")
        .unwrap()
        .write_string(0, 0, "填表说明")
        .unwrap();
    book.save_to_buffer().unwrap()
}

#[test]
fn grid_sheets_read_like_the_text() {
    let from_text: Vec<Report> = read_path(GRID.as_ref())
        .into_iter()
        .map(|r| without_source(r.unwrap()))
        .collect();
    for numbers in [true, false] {
        let bytes = workbook_of_grid(numbers);
        let forms = read_bytes("book.xlsx", &bytes);
        let reports: Vec<Report> = forms.into_iter().map(|r| r.unwrap()).collect();
        assert_eq!(reports.len(), 5);
        assert_eq!(reports[0].source.sheet.as_deref(), Some("表1"));
        assert_eq!(reports[0].source.line, None);
        let reports: Vec<Report> = reports.into_iter().map(without_source).collect();
        // Field for field, including the scale of every decimal.
        assert_eq!(
            serde_json::to_value(&reports).unwrap(),
            serde_json::to_value(&from_text).unwrap(),
            "numbers stored as {}",
            if numbers { "numbers" } else { "text" }
        );
    }
}

#[test]
fn a_workbook_without_forms_is_an_error_naming_the_file() {
    let mut book = Workbook::new();
    book.add_worksheet().write_string(0, 0, "hello").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let forms = read_bytes("empty.xlsx", &bytes);
    assert_eq!(forms.len(), 1);
    assert!(
        forms[0]
            .as_ref()
            .unwrap_err()
            .to_string()
            .starts_with("empty.xlsx")
    );
}

/// Forms on sheets a clerk named 汇总, 扣分明细 or 校验, in a workbook selfeval did not write,
/// are read: only selfeval's own tables (their name and their header row) are passed over.
#[test]
fn forms_on_sheets_named_like_ours_are_read() {
    let text = std::fs::read_to_string(GRID).unwrap();
    let mut book = Workbook::new();
    for name in ["汇总", "扣分明细", "校验"] {
        let sheet = book.add_worksheet().set_name(name).unwrap();
        for (r, line) in text.lines().enumerate() {
            for (c, cell) in line.split('\t').enumerate() {
                if !cell.is_empty() {
                    sheet.write_string(r as u32, c as u16, cell).unwrap();
                }
            }
        }
    }
    let forms = read_bytes("clerk.xlsx", &book.save_to_buffer().unwrap());
    let per_sheet = read_path(GRID.as_ref()).len();
    assert_eq!(forms.len(), 3 * per_sheet);
    assert!(forms.iter().all(Result::is_ok), "{forms:?}");
}
