//! Delimited text: a spreadsheet copied or exported as text, tab-separated (a copy out of
//! Excel or WPS) or comma-separated (a CSV export). Read with the `csv` crate, so a quoted cell
//! with line breaks, as Excel and LibreOffice write it, stays one cell.

use super::grid::{Grid, Place, Row};

/// The delimiter of text that is a grid: tab when most non-blank lines hold a tab, comma when
/// most records of a CSV parse hold three or more cells; `None` for other text (PDF text).
pub fn delimiter(text: &str) -> Option<u8> {
    if text.contains('\t') && most_lines_hold(text, '\t') {
        return Some(b'\t');
    }
    // PDF text holds commas only inside amounts (`6,164.19`), a line or two in a form.
    if text.contains(',') && most_lines_hold(text, ',') && most_records_are_wide(text) {
        return Some(b',');
    }
    None
}

/// Judged on the first lines: a copied grid is a grid from its first row, and PDF text holds a
/// comma in a line or two of each form; reading every line of a large file to say so cost a
/// tenth of reading it.
const SAMPLE_LINES: usize = 400;

fn most_lines_hold(text: &str, c: char) -> bool {
    let (mut lines, mut with) = (0usize, 0usize);
    for line in text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(SAMPLE_LINES)
    {
        lines += 1;
        if line.contains(c) {
            with += 1;
        }
    }
    lines > 0 && with * 2 > lines
}

fn most_records_are_wide(text: &str) -> bool {
    let (mut records, mut wide) = (0usize, 0usize);
    for record in reader(text, b',').records().take(SAMPLE_LINES) {
        let Ok(record) = record else {
            return false;
        };
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        records += 1;
        if record.len() >= 3 {
            wide += 1;
        }
    }
    records > 0 && wide * 2 > records
}

fn reader(text: &str, delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
}

/// The text as one grid, one row a record, each row placed at the line it starts on. A record
/// the parser cannot take (never for valid UTF-8) ends the grid there.
pub fn grid(text: &str, delimiter: u8) -> Grid {
    let mut rows = Vec::new();
    let mut records = reader(text, delimiter);
    let mut record = csv::StringRecord::new();
    // A row's place is the line its record starts on (a quoted cell may run over lines),
    // counted from the record's byte offset: the parser's own line count skips blank lines.
    let (mut line, mut counted) = (1usize, 0usize);
    while let Ok(true) = records.read_record(&mut record) {
        let mut start = record
            .position()
            .map_or(counted, |p| usize::try_from(p.byte()).unwrap_or(counted));
        // The parser's position is where it began looking: before any blank lines it skipped.
        while let Some(b'\n' | b'\r') = text.as_bytes().get(start) {
            start += 1;
        }
        if let Some(between) = text.as_bytes().get(counted..start) {
            line += memchr::memchr_iter(b'\n', between).count();
            counted = start;
        }
        let mut cells = Vec::with_capacity(record.len());
        // Most cells hold no line break: copied as they are, without a search for `\r\n`.
        cells.extend(
            record
                .iter()
                .map(|c| match memchr::memchr(b'\r', c.as_bytes()) {
                    Some(_) => c.replace("\r\n", "\n"),
                    None => c.to_string(),
                }),
        );
        rows.push(Row {
            place: Place::Line(line),
            cells,
        });
    }
    Grid::from_rows(None, rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_and_commas_are_told_from_pdf_text() {
        assert_eq!(
            delimiter("项目名称\t法律顾问\n主管部门\t中心\n"),
            Some(b'\t')
        );
        assert_eq!(
            delimiter("项目名称,法律顾问,,\n主管部门,中心,实施单位,x\n"),
            Some(b',')
        );
        // PDF text with an amount or two.
        let pdf = "项目名称\n法律顾问\n年度资金总额\n6,164.19 6,164.19 6,000.00\n主管部门\n";
        assert_eq!(delimiter(pdf), None);
        assert_eq!(delimiter("no delimiters here\n"), None);
    }

    #[test]
    fn a_quoted_cell_with_line_breaks_is_one_cell_at_its_first_line() {
        let g = grid(
            "项目名称\t法律顾问\n偏差\t\"第一行\r\n第二行\"\t10\n总分\t100\n",
            b'\t',
        );
        let cells: Vec<Vec<&str>> = g
            .rows
            .iter()
            .map(|r| r.cells.iter().map(String::as_str).collect())
            .collect();
        assert_eq!(
            cells,
            [
                vec!["项目名称", "法律顾问"],
                vec!["偏差", "第一行\n第二行", "10"],
                vec!["总分", "100"]
            ]
        );
        let lines: Vec<&Place> = g.rows.iter().map(|r| &r.place).collect();
        assert_eq!(lines, [&Place::Line(1), &Place::Line(2), &Place::Line(4)]);
    }

    #[test]
    fn csv_reads_quoted_commas_and_blank_lines_keep_their_numbers() {
        let g = grid("a,\"1,000.00\",c\n\nx,y\n", b',');
        assert_eq!(g.rows[0].cells, ["a", "1,000.00", "c"]);
        assert_eq!(g.rows.last().unwrap().place, Place::Line(3));
    }
}
