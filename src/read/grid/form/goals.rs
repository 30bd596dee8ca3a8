//! The goals block: its header (as columns or as rows) and its text.

use super::*;

impl Form<'_> {
    /// The goals header (预期目标 … 实际完成情况, or 项目年度目标 / 年度目标完成情况); returns
    /// false when the row is not one. A label with its text after it in the same row (the
    /// goals written as rows, not columns) is read at once.
    pub(super) fn goals_header(&mut self, row: &Row, cells: &[(usize, &str)]) -> bool {
        let actual = cells
            .iter()
            .find(|(_, t)| squeezed_in(t, &vocabulary::GOALS_ACTUAL))
            .map(|&(c, _)| c);
        let heads: Vec<usize> = cells
            .iter()
            .filter(|(_, t)| {
                squeezed_in(
                    t,
                    &vocabulary::GOALS_EXPECTED[..vocabulary::GOALS_EXPECTED.len() - 1],
                )
            })
            .map(|&(c, _)| c)
            .collect();
        if actual.is_none() && heads.is_empty() {
            return false;
        }
        // One label with text after it (past any label of the whole block): a goal written
        // as a row.
        let row_cells: Vec<(usize, &str)> = cells
            .iter()
            .copied()
            .skip_while(|(c, t)| Some(*c) != actual && !heads.contains(c) && is_goal_label(t))
            .collect();
        if let [(c, _), rest @ ..] = row_cells.as_slice()
            && !rest.is_empty()
            && (actual == Some(*c)) != heads.contains(c)
            && rest
                .iter()
                .all(|(rc, t)| Some(*rc) != actual && !heads.contains(rc) && !is_goal_label(t))
        {
            let text: Vec<String> = rest.iter().map(|(_, t)| t.to_string()).collect();
            if actual == Some(*c) {
                self.actual.extend(text);
            } else {
                self.expected.extend(text);
            }
            return true;
        }
        // 年度目标 heads the expected column when nothing else does.
        let expected = heads.first().copied().or_else(|| {
            cells
                .iter()
                .filter(|&&(c, t)| is_goal_label(t) && actual.is_none_or(|a| c < a))
                .map(|&(c, _)| c)
                .max()
        });
        self.goal_cols = Some((expected, actual));
        for &(c, t) in cells {
            if Some(c) != actual && !heads.contains(&c) {
                self.leftover(row, &[(c, t)]);
            }
        }
        true
    }

    /// A row of goal text: each cell to the nearer of the two columns.
    pub(super) fn goal_text(&mut self, cells: &[(usize, &str)]) {
        let texts: Vec<(usize, &str)> = cells
            .iter()
            .copied()
            .filter(|(_, t)| !is_goal_label(t))
            .collect();
        for (i, &(c, t)) in texts.iter().enumerate() {
            let to_actual = match self.goal_cols {
                Some((Some(e), Some(a))) => c.abs_diff(a) < c.abs_diff(e),
                Some((None, Some(a))) => c >= a,
                Some((_, None)) => false,
                // No header: the first text is the goal, the next the outcome.
                None => i > 0,
            };
            if to_actual {
                self.actual.push(t.to_string());
            } else {
                self.expected.push(t.to_string());
            }
        }
    }
}
