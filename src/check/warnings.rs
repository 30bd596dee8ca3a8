//! Warning rules: what a reviewer should look at.

use super::*;

/// How a stated deviation reason reads.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Reason {
    /// Blank, or only a dash or slash.
    Blank,
    /// Says there was no deviation (`无偏差`, `无`, `没有偏差。`).
    NoDeviation,
    /// Anything else: a reason was given.
    Given,
}

/// Reasons that state there was no deviation, compared after white space and punctuation
/// around them are removed. A small fixed set: a real reason may well contain `无`.
pub(super) const NO_DEVIATION: [&str; 14] = [
    "无",
    "无偏差",
    "无偏离",
    "无差异",
    "无明显偏差",
    "无偏差情况",
    "没有偏差",
    "未发生偏差",
    "未出现偏差",
    "不存在偏差",
    "暂无",
    "暂无偏差",
    "无偏差原因",
    "偏差无",
];

pub(super) const PUNCTUATION: &[char] = &[
    '。', '.', '，', ',', '；', ';', '！', '!', '、', ':', '：', '"', '“', '”', '-', '—', '－',
    '–', '/', '／', '\\',
];

pub(super) fn classify_reason(text: Option<&str>) -> Reason {
    let Some(text) = text else {
        return Reason::Blank;
    };
    let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let core = squeezed.trim_matches(PUNCTUATION);
    if core.is_empty() {
        Reason::Blank
    } else if NO_DEVIATION.contains(&core) {
        Reason::NoDeviation
    } else {
        Reason::Given
    }
}

/// Points lost without a reason, or against a met target; full points against a missed one.
pub(super) fn lost_points(c: &mut Ctx) {
    let r = c.report;
    for (n, ind) in r.indicators.iter().enumerate() {
        let who = indicator_label(ind, n);
        let (Some(w), Some(s)) = (ind.weight, ind.score) else {
            continue;
        };
        let met = match (&ind.target, &ind.actual) {
            (Some(t), Some(a)) => quantity::target_met(t, a),
            _ => None,
        };
        let target_text = format!(
            "指标值 {}，实际完成值 {}",
            ind.target.as_deref().unwrap_or("空"),
            ind.actual.as_deref().unwrap_or("空")
        );
        if let Some(lost) = lost(ind) {
            let points = format!("扣 {lost} 分（分值 {w}，得分 {s}）");
            match classify_reason(ind.deviation.as_deref()) {
                Reason::Blank => c.push(
                    LOST_NO_REASON,
                    Some(who.clone()),
                    format!("{points}，未填写偏差原因分析及改进措施"),
                ),
                Reason::NoDeviation => c.push(
                    LOST_NO_DEVIATION,
                    Some(who.clone()),
                    format!(
                        "{points}，偏差原因却写「{}」",
                        ind.deviation.as_deref().unwrap_or_default().trim()
                    ),
                ),
                Reason::Given => {}
            }
            if met == Some(true) {
                c.push(
                    LOST_TARGET_MET,
                    Some(who),
                    format!("{target_text}，已达成目标，却{points}"),
                );
            }
        } else if s == w && met == Some(false) {
            c.push(
                FULL_TARGET_MISSED,
                Some(who),
                format!("{target_text}，未达成目标，却得满分 {s}"),
            );
        }
    }
}

/// The weights under a level-1 label must add up to the points the label prints
/// ([`LEVEL1_POINTS`]), within what rounding each weight to 0.01 explains. In a copy cut off
/// before its end the last level-1 group may be cut short and later ones missing: those are
/// not compared.
pub(super) fn level1_points(c: &mut Ctx) {
    let (r, s) = (c.report, &c.scheme);
    if !s.has_weights {
        return;
    }
    let cut = r
        .indicators
        .last()
        .and_then(|i| framework::level1(&i.level1))
        .filter(|_| r.incomplete);
    let mut found = Vec::new();
    for &(l1, points) in &s.level1 {
        let group = under_level1(r, l1);
        if r.incomplete && (group.is_empty() || cut == Some(l1)) {
            continue;
        }
        let Some(weights) = sum(group.iter().filter_map(|i| i.weight)) else {
            continue;
        };
        let Some(diff) = weights.checked_sub(points) else {
            continue;
        };
        if group.is_empty() {
            found.push(format!(
                "一级指标「{l1}」标注 {points} 分，表中却没有它的三级指标"
            ));
        } else if diff.abs() > rounding_of(group.len()) {
            found.push(format!(
                "一级指标「{l1}」标注 {points} 分 ≠ 其下 {} 个三级指标分值合计 {weights}",
                group.len()
            ));
        }
    }
    for m in found {
        c.push(LEVEL1_POINTS, None, m);
    }
}

pub(super) fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

pub(super) fn duplicates(c: &mut Ctx) {
    // Counted in a map, names kept in form order: a search of the names seen so far made
    // this quadratic (80,000 indicators took 8 s).
    let mut seen: Vec<(String, usize)> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for ind in &c.report.indicators {
        let name = squeeze(&ind.name);
        if name.is_empty() {
            continue;
        }
        match index.get(&name) {
            Some(&i) => {
                if let Some((_, count)) = seen.get_mut(i) {
                    *count += 1;
                }
            }
            None => {
                index.insert(name.clone(), seen.len());
                seen.push((name, 1));
            }
        }
    }
    for (name, count) in seen.into_iter().filter(|(_, n)| *n > 1) {
        c.push(
            DUPLICATE_INDICATOR,
            Some(name.clone()),
            format!("三级指标「{name}」在本表出现 {count} 次"),
        );
    }
}

/// Blank cells where the form has the column. A column the form lacks (no 年初预算数 in any
/// funds row, no 分值 for any indicator) is no omission; a form with no scoring at all (a
/// target self-evaluation) is not asked for weights, scores or a total; a copy cut off before
/// its 总分 row is [`INCOMPLETE`]'s business.
pub(super) fn missing_values(c: &mut Ctx) {
    let r = c.report;
    // A form whose project name is blank (a damaged cell, a name left out) cannot be told
    // from another in any summary.
    for (field, value) in [("项目名称", &r.project), ("主管部门", &r.department)] {
        if value.trim().is_empty() {
            c.push(MISSING_VALUE, None, format!("{field}为空"));
        }
    }
    let unscored = c.scheme.unscored(r);
    let (has_weights, has_scores) = (c.scheme.has_weights, c.scheme.has_scores);
    let funds_weight = c.scheme.funds_weight.is_some();
    let rows = funds_rows(r);
    let row = &r.funds.total;
    type Column = fn(&FundsRow) -> Option<Decimal>;
    let columns: [(&str, Column); 6] = [
        ("年初预算数", |r| r.initial_budget),
        ("全年预算数", |r| r.annual_budget),
        ("全年执行数", |r| r.executed),
        ("分值", |r| r.weight),
        ("执行率", |r| r.execution_rate),
        ("得分", |r| r.score),
    ];
    let blank = |row: &FundsRow| columns.iter().all(|(_, get)| get(row).is_none());
    if rows.iter().all(|(_, row)| blank(row)) {
        c.push(
            MISSING_VALUE,
            None,
            "项目资金各行均为空：没有读到任何资金数".to_string(),
        );
    } else {
        let funds_missing: Vec<&str> = columns
            .iter()
            .filter(|(name, get)| {
                get(row).is_none()
                    && match *name {
                        // Only the total row carries these: one without the other is a blank.
                        "分值" => !unscored && !funds_weight && row.score.is_some(),
                        "得分" => !unscored && funds_weight,
                        _ => rows.iter().any(|(_, other)| get(other).is_some()),
                    }
            })
            .map(|(name, _)| *name)
            .collect();
        if !funds_missing.is_empty() {
            c.push(
                MISSING_VALUE,
                None,
                format!("年度资金总额缺少：{}", funds_missing.join("、")),
            );
        }
    }
    if !r.incomplete && !unscored {
        let funds_scored = row.score.is_some();
        let total_missing: Vec<&str> = [
            ("分值", r.total.weight, has_weights),
            ("得分", r.total.score, has_scores || funds_scored),
        ]
        .into_iter()
        .filter(|(_, v, has_column)| v.is_none() && *has_column)
        .map(|(name, _, _)| name)
        .collect();
        if !total_missing.is_empty() {
            c.push(
                MISSING_VALUE,
                None,
                format!("总分缺少：{}", total_missing.join("、")),
            );
        }
    }
    if r.indicators.is_empty() {
        c.push(MISSING_VALUE, None, "没有读到任何三级指标".to_string());
    }
    for (n, ind) in r.indicators.iter().enumerate() {
        let mut missing = Vec::new();
        if ind.name.trim().is_empty() {
            missing.push("三级指标名称");
        }
        if ind.weight.is_none() && has_weights {
            missing.push("分值");
        }
        if ind.score.is_none() && has_scores {
            missing.push("得分");
        }
        if !missing.is_empty() {
            c.push(
                MISSING_VALUE,
                Some(indicator_label(ind, n)),
                format!("缺少：{}", missing.join("、")),
            );
        }
    }
}

/// How an indicator is named in findings: its name, or its place when the name is blank.
pub(super) fn indicator_label(ind: &Indicator, index: usize) -> String {
    let name = ind.name.trim();
    if name.is_empty() {
        format!("第 {} 个指标", index + 1)
    } else {
        name.to_string()
    }
}
