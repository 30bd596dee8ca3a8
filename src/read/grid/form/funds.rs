//! The funds block's rows: the four standard rows, the rows with no field of their own, and
//! their numbers under the header's columns.

use super::*;

impl Form<'_> {
    /// One of the four funds rows: values under the header's columns (shifted with the label
    /// when the label sits one column off), or in the cells right after the label.
    pub(super) fn funds_row(&mut self, row: &Row, cells: &[(usize, &str)], label_col: usize) {
        let kind = vocabulary::funds_row(text(row, label_col)).unwrap_or(FundsKind::Total);
        let index = kind as usize;
        if self.funds_seen.get(index).copied().unwrap_or(true) {
            // The same funds row twice: keep the first, lose nothing of the second.
            return self.leftover(row, cells);
        }
        if let Some(seen) = self.funds_seen.get_mut(index) {
            *seen = true;
        }
        let (funds_row, used) = self.funds_values(row, label_col);
        let funds = &mut self.report.funds;
        match kind {
            FundsKind::Total => funds.total = funds_row,
            FundsKind::Appropriation => funds.appropriation = funds_row,
            FundsKind::CarriedOver => funds.carried_over = funds_row,
            FundsKind::Other => funds.other = funds_row,
        }
        self.leftover_but(row, cells, label_col, &used);
    }

    /// The row's cells other than its label and the funds values taken, as leftovers.
    fn leftover_but(
        &mut self,
        row: &Row,
        cells: &[(usize, &str)],
        label_col: usize,
        used: &[usize],
    ) {
        let rest: Vec<(usize, &str)> = cells
            .iter()
            .copied()
            .filter(|&(c, _)| c != label_col && !used.contains(&c))
            .collect();
        self.leftover(row, &rest);
    }

    /// A funds row the four standard ones do not name (财政专户管理资金, 单位资金): kept under
    /// its label.
    pub(super) fn extra_funds_row(&mut self, row: &Row, cells: &[(usize, &str)], label_col: usize) {
        let (funds_row, used) = self.funds_values(row, label_col);
        self.report.extra_funds.push(LabelledFunds {
            label: vocabulary::normalize(text(row, label_col))
                .trim_matches(':')
                .to_string(),
            row: funds_row,
        });
        self.leftover_but(row, cells, label_col, &used);
    }

    /// A funds row's numbers under the header's columns, and the columns taken. A funds
    /// reason (`原因` column) is kept as a text block.
    pub(super) fn funds_values(&mut self, row: &Row, label_col: usize) -> (FundsRow, Vec<usize>) {
        let cols = match self.funds_cols {
            Some(fc) => {
                let first = fc.first().unwrap_or(label_col + 1);
                let shift = if label_col < first {
                    0
                } else {
                    label_col + 1 - first
                };
                fc.shifted(shift)
            }
            None => {
                let at = |i: usize| Some(label_col + 1 + i);
                FundsCols {
                    initial_budget: at(0),
                    annual_budget: at(1),
                    executed: at(2),
                    weight: at(3),
                    rate: at(4),
                    score: at(5),
                    reason: None,
                }
            }
        };
        let mut values = [None; 6];
        for (slot, col) in values.iter_mut().zip(cols.numbers()) {
            if let Some(col) = col {
                *slot = self.decimal(row, col);
            }
        }
        let [
            initial_budget,
            annual_budget,
            executed,
            weight,
            execution_rate,
            score,
        ] = values;
        let mut used: Vec<usize> = cols.numbers().into_iter().flatten().collect();
        if let Some(c) = cols.reason
            && let Some(reason) = opt_text(text(row, c))
        {
            let label = vocabulary::normalize(text(row, label_col));
            self.report.texts.push(LabelledText {
                label: format!("{}原因", label.trim_matches(':')),
                text: Some(reason),
            });
            used.push(c);
        }
        let row = FundsRow {
            initial_budget,
            annual_budget,
            executed,
            weight,
            execution_rate,
            score,
        };
        (row, used)
    }
}
