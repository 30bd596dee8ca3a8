//! Prints the grids selfeval sees in each file given: every row's non-blank cells with their
//! places, and the merged ranges. For looking at a new region's layout as the form finder
//! sees it, whatever the container.
//!
//! `cargo run --example grid_dump -- FILE...`

use selfeval::read::{Container, docx, html, ods, pdf, sniff, spreadsheet};

fn main() {
    for path in std::env::args().skip(1) {
        let Ok(bytes) = std::fs::read(&path) else {
            println!("== {path}: unreadable");
            continue;
        };
        let grids = match sniff::sniff(&bytes) {
            sniff::Kind::Spreadsheet(book) => spreadsheet::grids(&path, &bytes, book),
            sniff::Kind::Ods => ods::Ods.grids(&path, &bytes),
            sniff::Kind::Docx => docx::Docx.grids(&path, &bytes),
            sniff::Kind::Html => html::Html.grids(&path, &bytes),
            sniff::Kind::Pdf => pdf::Pdf.grids(&path, &bytes),
            other => {
                println!("== {path}: {other:?}");
                continue;
            }
        };
        for grid in grids {
            match grid {
                Err(e) => println!("== {path}: {e}"),
                Ok(g) => {
                    println!("== {path} [{}]", g.sheet.as_deref().unwrap_or("-"));
                    for row in &g.rows {
                        let cells: Vec<String> = row
                            .cells
                            .iter()
                            .enumerate()
                            .filter(|(_, t)| !t.trim().is_empty())
                            .map(|(c, t)| format!("{}={:?}", row.at(c), t))
                            .collect();
                        if !cells.is_empty() {
                            println!("{}", cells.join("  "));
                        }
                    }
                    for m in &g.merges {
                        print!(
                            "[{},{}-{},{}] ",
                            m.first_row, m.first_col, m.last_row, m.last_col
                        );
                    }
                    println!();
                }
            }
        }
    }
}
