//! A corpus of realistic forms at any size, for benchmarks: the sample forms repeated with
//! their project names and amounts varied in their own text layouts, and as workbooks where
//! scores and reasons vary too.
//!
//! Text is varied in place, so every layout trap of the original (wrapped labels, page breaks,
//! reasons on lines of their own) stays as it was. Each varied form is read back and kept only
//! when it reads as the variation intended; otherwise the form is repeated as it was, so the
//! corpus never holds a form the readers would misread because of the generator.

use crate::model::{self, Report, TITLE};
use crate::read::{self, parse_decimal};
use crate::write::xlsx;
use rust_decimal::Decimal;

/// One generated input file.
#[derive(Debug, Clone)]
pub struct File {
    /// A relative path, such as `r0003/shanghai-minhang-qibao-town-2024.txt`.
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Whole-number factors for the amounts: the execution rate stays exactly as printed.
const FACTORS: [i64; 10] = [1, 2, 3, 5, 7, 4, 9, 6, 12, 8];
/// What project names get appended, as units name follow-up projects.
const SUFFIXES: [&str; 8] = [
    "",
    "（二期）",
    "（续建）",
    "专项",
    "（第二批）",
    "配套经费",
    "（追加）",
    "运维",
];
/// Reasons given for a point lost in the workbook corpus.
const REASONS: [&str; 4] = [
    "受项目实施进度影响，部分工作延至下一年度完成。下一步将加强进度管理。",
    "年初预算编制不够精准，实际需求低于预期。",
    "服务对象反馈个别环节办理时间较长，将优化流程。",
    "无偏差",
];

/// Text files of at least `forms` forms: round after round of the sample text files, each
/// round's forms varied by the round number. `samples` are (file name, content) pairs.
pub fn text_files(samples: &[(String, Vec<u8>)], forms: usize) -> Vec<File> {
    let mut out = Vec::new();
    let mut count = 0;
    let mut round = 0;
    while count < forms {
        let before = count;
        for (name, bytes) in samples {
            let Some(text) = read::decode_text(bytes) else {
                continue;
            };
            let mut varied = String::with_capacity(text.len() + 256);
            for chunk in form_chunks(&text) {
                varied.push_str(&vary_text(name, chunk, round));
                count += 1;
            }
            out.push(File {
                name: format!("r{round:04}/{name}"),
                bytes: varied.into_bytes(),
            });
        }
        if count == before {
            break; // No sample holds a form.
        }
        round += 1;
    }
    out
}

/// One workbook per text file, holding its forms with one more point lost on some forms,
/// each with a reason, so scores and reasons vary as well.
pub fn workbook_files(texts: &[File]) -> Vec<File> {
    texts
        .iter()
        .filter_map(|f| {
            let mut reports: Vec<Report> = read::read_bytes(&f.name, &f.bytes)
                .into_iter()
                .filter_map(Result::ok)
                .collect();
            for (k, r) in reports.iter_mut().enumerate() {
                lose_a_point(r, k);
            }
            let bytes = xlsx::workbook_bytes(&reports, &[]).ok()?;
            let name = f.name.rsplit_once('.').map_or(f.name.as_str(), |(s, _)| s);
            Some(File {
                name: format!("{name}.xlsx"),
                bytes,
            })
        })
        .collect()
}

/// Writes files under `dir`, creating folders as needed.
pub fn write_files(dir: &std::path::Path, files: &[File]) -> std::io::Result<()> {
    for f in files {
        let path = dir.join(&f.name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, &f.bytes)?;
    }
    Ok(())
}

/// The text of each form: from its title line to the next one (the text before the first
/// title goes with the first form).
fn form_chunks(text: &str) -> Vec<&str> {
    let mut starts: Vec<usize> = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let squeezed: String = line.chars().filter(|c| !c.is_whitespace()).collect();
        if squeezed.contains(TITLE) {
            starts.push(at);
        }
        at += line.len();
    }
    if starts.is_empty() {
        return Vec::new();
    }
    starts[0] = 0;
    starts.push(text.len());
    starts.windows(2).map(|w| &text[w[0]..w[1]]).collect()
}

/// A form's text with its project name and amounts varied for `round`, when the varied text
/// reads back as intended; the text as it was otherwise.
fn vary_text(name: &str, chunk: &str, round: usize) -> String {
    let Some(Ok(original)) = read::read_bytes(name, chunk.as_bytes()).into_iter().next() else {
        return chunk.to_string();
    };
    if round == 0 {
        return chunk.to_string();
    }
    let factor = Decimal::from(FACTORS[round % FACTORS.len()]);
    let suffix = match round / SUFFIXES.len() {
        0 => SUFFIXES[round].to_string(),
        batch => format!("{}（第{}批）", SUFFIXES[round % SUFFIXES.len()], batch + 1),
    };
    // The name changes on its own line only: in the goals, a longer line would move the
    // column split of the two goal texts.
    let new_name = format!("{}{suffix}", original.project);
    let varied: String = chunk
        .split_inclusive('\n')
        .map(|line| {
            if line.contains("项目名称") {
                line.replace(&original.project, &new_name)
            } else {
                line.to_string()
            }
        })
        .collect();
    let mut expected = original.clone();
    expected.project = new_name;
    let scaled = scale_amounts(&varied, factor);
    for row in rows(&mut expected) {
        for amount in [
            &mut row.initial_budget,
            &mut row.annual_budget,
            &mut row.executed,
        ] {
            *amount = amount.map(|a| a * factor);
        }
    }
    let reads_as = |text: &str, want: &Report| {
        matches!(
            read::read_bytes(name, text.as_bytes()).as_slice(),
            [Ok(r)] if same_apart_from_source(r, want)
        )
    };
    if let Some(text) = scaled.filter(|t| reads_as(t, &expected)) {
        return text;
    }
    // Amounts could not be varied safely: the name alone.
    expected.funds = original.funds.clone();
    if reads_as(&varied, &expected) {
        varied
    } else {
        chunk.to_string()
    }
}

fn rows(r: &mut Report) -> [&mut model::FundsRow; 4] {
    let f = &mut r.funds;
    [
        &mut f.total,
        &mut f.appropriation,
        &mut f.carried_over,
        &mut f.other,
    ]
}

fn same_apart_from_source(a: &Report, b: &Report) -> bool {
    let mut a = a.clone();
    a.source = b.source.clone();
    &a == b
}

/// The amounts of the funds block multiplied by `factor`: on each line between the header
/// row (年初预算数 …) and the goals, the first three value cells (numbers or `-`) are the
/// amounts. `None` when the block is not found.
fn scale_amounts(text: &str, factor: Decimal) -> Option<String> {
    let mut out = String::with_capacity(text.len() + 64);
    let mut in_block = false;
    let mut found = false;
    for line in text.split_inclusive('\n') {
        let squeezed: String = line.chars().filter(|c| !c.is_whitespace()).collect();
        if !found && squeezed.contains("年初预算数") {
            in_block = true;
            found = true;
            out.push_str(line);
            continue;
        }
        if in_block
            && (squeezed == "年度"
                || squeezed.contains("总体目标")
                || squeezed.contains("预期目标"))
        {
            in_block = false;
        }
        if in_block {
            out.push_str(&scale_line(line, factor));
        } else {
            out.push_str(line);
        }
    }
    found.then_some(out)
}

/// A line with its first three value cells (numbers or dashes) scaled; separators kept.
fn scale_line(line: &str, factor: Decimal) -> String {
    let mut out = String::with_capacity(line.len() + 16);
    let mut values = 0;
    let mut rest = line;
    while !rest.is_empty() {
        let token_len = rest.find([' ', '\t', '\n', '\r']).unwrap_or(rest.len());
        let (token, after) = rest.split_at(token_len);
        let is_dash = matches!(token, "-" | "—" | "--");
        let number = parse_decimal(token).ok().flatten();
        match number {
            Some(d) if values < 3 && !token.contains('%') => {
                out.push_str(&format_like(token, d * factor));
                values += 1;
            }
            _ => {
                if is_dash || number.is_some() {
                    values += 1;
                }
                out.push_str(token);
            }
        }
        let sep_len = after
            .find(|c: char| !matches!(c, ' ' | '\t' | '\n' | '\r'))
            .unwrap_or(after.len());
        out.push_str(&after[..sep_len]);
        rest = &after[sep_len..];
    }
    out
}

/// `d` written as `like` was: same decimals, thousands separators when it had them.
fn format_like(like: &str, d: Decimal) -> String {
    let decimals = like.split_once('.').map_or(0, |(_, f)| f.len()) as u32;
    let plain = d.round_dp(decimals);
    let plain = format!("{plain:.*}", decimals as usize);
    if like.contains(',') {
        crate::write::group_thousands(&plain)
    } else {
        plain
    }
}

/// On every other form, the first indicator with full points and a weight of 2 or more loses
/// one point, with a reason; the total and grade follow.
fn lose_a_point(r: &mut Report, k: usize) {
    if k % 2 == 1 {
        return;
    }
    let one = Decimal::ONE;
    let Some(ind) = r.indicators.iter_mut().find(|i| {
        i.weight.is_some_and(|w| w >= Decimal::TWO) && i.score == i.weight && i.deviation.is_none()
    }) else {
        return;
    };
    ind.score = ind.score.map(|s| s - one);
    ind.deviation = Some(REASONS[k / 2 % REASONS.len()].to_string());
    r.total.score = r.total.score.map(|s| s - one);
    if r.grade.is_some() {
        r.grade = r.computed_grade().map(str::to_string);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn samples() -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<_> = std::fs::read_dir("samples")
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        files
            .iter()
            .map(|p| {
                let name = p.file_name().unwrap().to_string_lossy().to_string();
                (name, std::fs::read(p).unwrap())
            })
            .collect()
    }

    #[test]
    fn amounts_scale_with_their_own_format() {
        assert_eq!(
            scale_line(
                "年度资金总额： 0.90 0.90 0.90 10.00 100.00 10.00\n",
                Decimal::TWO
            ),
            "年度资金总额： 1.80 1.80 1.80 10.00 100.00 10.00\n"
        );
        assert_eq!(
            scale_line("\t6,164.19\t-\t999.00\t10\t\n", Decimal::from(3)),
            "\t18,492.57\t-\t2997.00\t10\t\n"
        );
    }

    #[test]
    fn varied_corpus_reads_whole_with_names_and_amounts_varied() {
        let samples = samples();
        let files = text_files(&samples, 200);
        let reports: Vec<Report> = files
            .iter()
            .flat_map(|f| read::read_bytes(&f.name, &f.bytes))
            .map(|r| r.unwrap())
            .collect();
        assert!(reports.len() >= 200);
        let base = reports
            .iter()
            .filter(|r| r.source.file.starts_with("r0000/"))
            .count();
        let varied = &reports[base..];
        // Every later round renames every project and scales most forms' amounts.
        let renamed = varied
            .iter()
            .zip(reports[..base].iter().cycle())
            .filter(|(v, o)| v.project != o.project)
            .count();
        assert_eq!(renamed, varied.len());
        let rescaled = varied
            .iter()
            .zip(reports[..base].iter().cycle())
            .filter(|(v, o)| v.funds.total.executed != o.funds.total.executed)
            .count();
        assert!(
            rescaled * 10 >= varied.len() * 8,
            "{rescaled} of {}",
            varied.len()
        );
        // The arithmetic of every form still holds.
        for r in &reports {
            assert_eq!(
                Some(r.indicator_score_sum() + r.funds.total.score.unwrap_or_default()),
                r.total.score
            );
        }
    }

    #[test]
    fn workbook_corpus_loses_points_with_reasons() {
        let files = text_files(&samples(), 46);
        let books = workbook_files(&files);
        assert_eq!(books.len(), files.len());
        let reports: Vec<Report> = books
            .iter()
            .flat_map(|f| read::read_bytes(&f.name, &f.bytes))
            .map(|r| r.unwrap())
            .collect();
        assert_eq!(reports.len(), 46);
        let lost_with_generated_reason = reports
            .iter()
            .flat_map(|r| r.lost_indicators())
            .filter(|i| REASONS.iter().any(|x| i.deviation.as_deref() == Some(*x)))
            .count();
        assert!(
            lost_with_generated_reason >= 15,
            "{lost_with_generated_reason}"
        );
    }
}
