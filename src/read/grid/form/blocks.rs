//! Labels that print their points (`产出指标(60分)`), and the form's labelled text blocks
//! (`评价结论`, `单位名称：…`): read from any section of a form; and the rows selfeval writes
//! under a form it wrote, which hold what the reader could not place.

use super::*;

impl Form<'_> {
    /// The row's cells with the points taken out of labels that print them: a level-1 label
    /// (`产出指标(60分)`), the indicator block's (`绩效指标(90分)`, `年度绩效目标(80分)`, read
    /// as the outer label), the funds block's (`预算执行情况(万元)(20分)`, kept whole for its
    /// unit). The points go to the model.
    pub(super) fn take_points<'r>(&mut self, cells: &[(usize, &'r str)]) -> Vec<(usize, &'r str)> {
        cells
            .iter()
            .map(|&(c, t)| {
                let normalized = vocabulary::normalize(t);
                let (label, points) = vocabulary::points(&normalized);
                let Some(points) = points else {
                    return (c, t);
                };
                if let Some(l) = framework::classify(label) {
                    let name = match l {
                        Label::Level1(name) | Label::Level2(name, _) => name,
                        Label::Outer => "绩效指标",
                    };
                    self.add_points(name, points);
                    return (c, name);
                }
                if label == "年度绩效目标" || label == "绩效目标" {
                    self.add_points(label, points);
                    return (c, "绩效指标");
                }
                if vocabulary::funds_block(label).is_some() {
                    let block = vocabulary::FUNDS_BLOCK
                        .iter()
                        .find(|b| label.starts_with(*b))
                        .copied()
                        .unwrap_or("项目资金");
                    self.add_points(block, points);
                }
                (c, t)
            })
            .collect()
    }

    pub(super) fn add_points(&mut self, label: &str, points: Decimal) {
        let points_of = &mut self.report.points;
        if !points_of.iter().any(|p| p.label == label) {
            points_of.push(LabelledPoints {
                label: label.to_string(),
                points,
            });
        }
    }

    /// A row of the form's labelled text blocks (`评价结论`, `单位名称：…`, `项目负责人`):
    /// each label cell starts a block, the cells after it are its text. Text on rows after
    /// a block's label (a merged cell's text may stand a row below) joins the block while no
    /// other kind of row comes between. Returns false when the row is no such row.
    pub(super) fn text_row(&mut self, row: &Row, cells: &[(usize, &str)]) -> bool {
        let starts = cells
            .first()
            .is_some_and(|(_, t)| vocabulary::text_block(t).is_some());
        if !starts {
            if let Some(i) = self.text_block
                && self.section != Section::Indicators
                && !cells.iter().any(|(_, t)| framework::classify(t).is_some())
            {
                let more = cells.iter().map(|(_, t)| *t).collect::<Vec<_>>().join("\n");
                if let Some(block) = self.report.texts.get_mut(i) {
                    block.text = Some(match block.text.take() {
                        Some(text) => format!("{text}\n{more}"),
                        None => more,
                    });
                    return true;
                }
            }
            return false;
        }
        for &(_, t) in cells {
            match vocabulary::text_block(t) {
                Some((label, inline)) => {
                    self.report.texts.push(LabelledText {
                        label,
                        text: inline,
                    });
                    self.text_block = Some(self.report.texts.len() - 1);
                }
                None => {
                    if let Some(block) = self.report.texts.last_mut() {
                        block.text = Some(match block.text.take() {
                            Some(text) => format!("{text}\n{t}"),
                            None => t.to_string(),
                        });
                    }
                }
            }
        }
        let _ = row;
        true
    }

    /// A row selfeval writes under a form outside its print area: the line above the text
    /// the reader could not place ([`crate::sheets::UNPLACED_NOTE`]), and the rows after it,
    /// each that text and where it was, taken back as they were. Returns false for any other.
    pub(super) fn own_row(&mut self, cells: &[(usize, &str)]) -> bool {
        if let [(_, t)] = cells
            && *t == crate::sheets::UNPLACED_NOTE
        {
            self.own_unplaced = true;
            return true;
        }
        if self.own_unplaced
            && let [(_, at), (_, text)] = cells
        {
            self.report.unplaced.push(Unplaced {
                at: at.to_string(),
                text: text.to_string(),
            });
            return true;
        }
        false
    }
}
