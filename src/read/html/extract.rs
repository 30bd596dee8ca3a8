//! From the tree to grids: text outside tables as rows, table rows with their spans as
//! merges, LibreOffice Calc's sheet headings as sheet names.

use super::*;
// ---------------------------------------------------------------------------------------------
// Extraction

pub(super) fn malformed() -> String {
    "无法读取 HTML 网页：文档结构异常 (not a readable HTML page: malformed document tree)".into()
}

pub(super) fn too_many_rows() -> String {
    format!(
        "网页表格行数过多：超过 {MAX_ROWS} 行 (HTML page has too many rows: more than {MAX_ROWS})"
    )
}

/// Builds one line of visible text: whitespace runs collapse to one space, lines are trimmed,
/// empty lines dropped.
#[derive(Default)]
pub(super) struct Lines {
    pub(super) line: String,
    pub(super) space: bool,
    /// Inside `<pre>` and the like, a newline in the source is a line break.
    pub(super) pre: u32,
    pub(super) done: Vec<String>,
}

impl Lines {
    pub(super) fn text(&mut self, t: &str) {
        for ch in t.chars() {
            match ch {
                '\n' if self.pre > 0 => self.flush(),
                ' ' | '\t' | '\n' | '\r' | '\x0c' | '\u{a0}' => self.space = !self.line.is_empty(),
                _ => {
                    if self.space {
                        self.line.push(' ');
                        self.space = false;
                    }
                    self.line.push(ch);
                }
            }
        }
    }
    pub(super) fn flush(&mut self) {
        let t = self.line.trim();
        if !t.is_empty() {
            self.done.push(t.to_owned());
        }
        self.line.clear();
        self.space = false;
    }
}

/// What the walk does with an element.
#[derive(PartialEq)]
pub(super) enum Kind {
    Skip,
    Inline,
    Block,
    Pre,
    Break,
    Table,
    Select,
}

pub(super) fn kind(el: &El) -> Kind {
    let hidden = el.flags & F_HIDDEN != 0;
    match &*el.local {
        "script" | "style" | "head" | "title" | "template" | "noscript" | "comment" | "iframe"
        | "noembed" | "noframes" | "datalist" | "rp" | "desc" | "video" | "audio" | "canvas" => {
            return Kind::Skip;
        }
        _ => {}
    }
    if el.ns != 0 {
        return if hidden { Kind::Skip } else { Kind::Inline };
    }
    match &*el.local {
        // Hidden rows and cells keep their place, as in the workbook the page came from.
        "tr" | "td" | "th" | "tbody" | "thead" | "tfoot" => Kind::Block,
        _ if hidden => Kind::Skip,
        "table" => Kind::Table,
        "br" => Kind::Break,
        "select" => Kind::Select,
        "pre" | "listing" | "xmp" | "plaintext" | "textarea" => Kind::Pre,
        "address" | "article" | "aside" | "blockquote" | "body" | "caption" | "center" | "dd"
        | "details" | "dialog" | "dir" | "div" | "dl" | "dt" | "fieldset" | "figcaption"
        | "figure" | "footer" | "form" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "header"
        | "hgroup" | "hr" | "html" | "legend" | "li" | "main" | "menu" | "nav" | "ol"
        | "optgroup" | "option" | "p" | "section" | "summary" | "ul" | "frameset" => Kind::Block,
        _ => Kind::Inline,
    }
}

/// Turns the tree into grids; `cells` and `steps` count against `MAX_CELLS` and a loop guard.
pub(super) struct Extract<'d> {
    pub(super) dom: &'d Dom,
    pub(super) em: LocalName,
    pub(super) grids: Vec<Grid>,
    pub(super) cells: usize,
    pub(super) steps: usize,
    pub(super) max_steps: usize,
}

impl<'d> Extract<'d> {
    pub(super) fn new(dom: &'d Dom) -> Self {
        Extract {
            dom,
            em: LocalName::from(EM),
            grids: vec![Grid::default()],
            cells: 0,
            steps: 0,
            max_steps: dom.nodes.len().saturating_mul(8).saturating_add(64),
        }
    }

    /// Every link followed costs a step; a damaged tree cannot make us loop.
    pub(super) fn step(&mut self) -> Result<(), String> {
        self.steps += 1;
        if self.steps > self.max_steps {
            return Err(malformed());
        }
        Ok(())
    }

    pub(super) fn run(mut self) -> Result<Vec<Grid>, String> {
        let mut lines = Lines::default();
        self.walk(DOC, false, &mut lines)?;
        lines.flush();
        self.emit_lines(&mut lines)?;
        let mut grids = self.grids;
        // A Calc export: the part before the first sheet is dropped when empty.
        if grids.len() > 1 && grids.first().is_some_and(|g| g.rows.is_empty()) {
            grids.remove(0);
        }
        Ok(grids)
    }

    pub(super) fn grid(&mut self) -> &mut Grid {
        if self.grids.is_empty() {
            self.grids.push(Grid::default());
        }
        let last = self.grids.len() - 1;
        &mut self.grids[last]
    }

    pub(super) fn push_row(&mut self, cells: Vec<String>) -> Result<(), String> {
        self.cells += cells.len();
        if self.cells > MAX_CELLS {
            return Err(format!(
                "网页表格单元格过多：超过 {MAX_CELLS} 个 (HTML page has too many table cells: more than {MAX_CELLS})"
            ));
        }
        let g = self.grid();
        if g.rows.len() >= MAX_ROWS {
            return Err(too_many_rows());
        }
        let place = Place::Row(g.rows.len() as u32);
        g.rows.push(Row { place, cells });
        Ok(())
    }

    pub(super) fn emit_lines(&mut self, lines: &mut Lines) -> Result<(), String> {
        for l in std::mem::take(&mut lines.done) {
            self.push_row(vec![l])?;
        }
        Ok(())
    }

    /// Visits the descendants of `root` in document order without recursion. At the top level
    /// (`in_cell` false) tables become rows and Calc sheet headings start grids; inside a cell,
    /// everything (nested tables too) is text, with block boundaries as line breaks.
    pub(super) fn walk(
        &mut self,
        root: u32,
        in_cell: bool,
        lines: &mut Lines,
    ) -> Result<(), String> {
        let dom = self.dom;
        let mut node = dom.first(root);
        while node != NONE {
            self.step()?;
            let mut descend = false;
            match dom.node(node).map(|n| &n.data) {
                Some(Data::Text(t)) => lines.text(t),
                Some(Data::Element(el)) => match kind(el) {
                    Kind::Skip => {}
                    Kind::Break => lines.flush(),
                    Kind::Select => lines.text(&self.selected_option(node)?),
                    Kind::Table if !in_cell => {
                        lines.flush();
                        self.emit_lines(lines)?;
                        self.table(node)?;
                    }
                    Kind::Block if !in_cell && &*el.local == "h1" && dom.office => {
                        lines.flush();
                        if let Some(name) = self.calc_sheet_name(node)? {
                            self.emit_lines(lines)?;
                            self.grids.push(Grid {
                                sheet: Some(name),
                                ..Grid::default()
                            });
                        } else {
                            descend = true;
                        }
                    }
                    Kind::Block | Kind::Table => {
                        lines.flush();
                        descend = true;
                    }
                    Kind::Pre => {
                        lines.flush();
                        lines.pre += 1;
                        descend = true;
                    }
                    Kind::Inline => descend = true,
                },
                _ => {}
            }
            if descend {
                let first = dom.first(node);
                if first != NONE {
                    node = first;
                    continue;
                }
                self.leave(node, lines);
            }
            // Next sibling, or climb, leaving each element we descended into.
            loop {
                self.step()?;
                let next = dom.next(node);
                if next != NONE {
                    node = next;
                    break;
                }
                node = dom.parent(node);
                if node == root || node == NONE {
                    node = NONE;
                    break;
                }
                self.leave(node, lines);
            }
        }
        Ok(())
    }

    pub(super) fn leave(&self, node: u32, lines: &mut Lines) {
        if let Some(el) = self.dom.el(node) {
            match kind(el) {
                Kind::Block | Kind::Table => lines.flush(),
                Kind::Pre => {
                    lines.flush();
                    lines.pre = lines.pre.saturating_sub(1);
                }
                _ => {}
            }
        }
    }

    /// A `<select>` shows its selected option (or the first).
    pub(super) fn selected_option(&mut self, select: u32) -> Result<String, String> {
        let dom = self.dom;
        let mut first = None;
        let mut chosen = None;
        let mut c = dom.first(select);
        'outer: while c != NONE {
            self.step()?;
            let mut options = vec![c];
            if dom.html_name(c) == Some("optgroup") {
                options.clear();
                let mut o = dom.first(c);
                while o != NONE {
                    self.step()?;
                    options.push(o);
                    o = dom.next(o);
                }
            }
            for o in options {
                if let Some(el) = dom.el(o).filter(|e| e.ns == 0 && &*e.local == "option") {
                    first.get_or_insert(o);
                    if el.flags & F_SELECTED != 0 {
                        chosen = Some(o);
                        break 'outer;
                    }
                }
            }
            c = dom.next(c);
        }
        let Some(option) = chosen.or(first) else {
            return Ok(String::new());
        };
        let mut lines = Lines::default();
        self.walk(option, true, &mut lines)?;
        lines.flush();
        Ok(lines.done.join(" "))
    }

    /// LibreOffice Calc writes `<h1>Sheet 1: <em>name</em></h1>` (localized: `工作表 1: …`)
    /// before each sheet's table.
    pub(super) fn calc_sheet_name(&mut self, h1: u32) -> Result<Option<String>, String> {
        let dom = self.dom;
        let mut prefix = String::new();
        let mut em = None;
        let mut c = dom.first(h1);
        while c != NONE {
            self.step()?;
            match dom.node(c).map(|n| &n.data) {
                Some(Data::Text(t)) if em.is_none() => prefix.push_str(t),
                Some(Data::Text(t)) if t.trim().is_empty() => {}
                Some(Data::Element(e)) if em.is_none() && e.local == self.em => em = Some(c),
                Some(Data::Other) => {}
                _ => return Ok(None),
            }
            c = dom.next(c);
        }
        let Some(em) = em else { return Ok(None) };
        let p = prefix.trim_end();
        let Some(p) = p.strip_suffix(':').or_else(|| p.strip_suffix('：')) else {
            return Ok(None);
        };
        if !p.trim_end().ends_with(|c: char| c.is_ascii_digit()) {
            return Ok(None);
        }
        // The raw name, as the workbook has it.
        let mut name = String::new();
        let mut n = dom.first(em);
        let mut stack = Vec::new();
        while n != NONE {
            self.step()?;
            match dom.node(n).map(|x| &x.data) {
                Some(Data::Text(t)) => name.push_str(t),
                Some(Data::Element(_)) if dom.first(n) != NONE => {
                    stack.push(dom.next(n));
                    n = dom.first(n);
                    continue;
                }
                _ => {}
            }
            n = dom.next(n);
            while n == NONE {
                match stack.pop() {
                    Some(x) => n = x,
                    None => break,
                }
            }
        }
        Ok((!name.trim().is_empty()).then_some(name))
    }

    pub(super) fn cell_text(&mut self, cell: u32) -> Result<String, String> {
        let mut lines = Lines::default();
        self.walk(cell, true, &mut lines)?;
        lines.flush();
        Ok(lines.done.join("\n"))
    }

    /// One table: captions as one-cell rows, then the rows — the first `<thead>` first and the
    /// first `<tfoot>` last, as browsers draw them — with spans laid out as browsers do.
    pub(super) fn table(&mut self, table: u32) -> Result<(), String> {
        let dom = self.dom;
        // Row groups; `None` collects `<tr>`s sitting directly in the table.
        let mut groups: Vec<(Option<u32>, Vec<u32>)> = Vec::new();
        let mut head = None;
        let mut foot = None;
        let mut c = dom.first(table);
        while c != NONE {
            self.step()?;
            match dom.html_name(c) {
                Some("caption") if dom.el(c).is_some_and(|e| e.flags & F_HIDDEN == 0) => {
                    let mut lines = Lines::default();
                    self.walk(c, true, &mut lines)?;
                    lines.flush();
                    self.emit_lines(&mut lines)?;
                }
                Some(g @ ("thead" | "tbody" | "tfoot")) => {
                    if g == "thead" && head.is_none() {
                        head = Some(groups.len());
                    } else if g == "tfoot" && foot.is_none() {
                        foot = Some(groups.len());
                    }
                    groups.push((Some(c), Vec::new()));
                }
                Some("tr") => match groups.last_mut() {
                    Some((None, rows)) => rows.push(c),
                    _ => groups.push((None, vec![c])),
                },
                _ => {}
            }
            c = dom.next(c);
        }
        let mut order: Vec<usize> = Vec::with_capacity(groups.len());
        order.extend(head);
        order.extend((0..groups.len()).filter(|&i| Some(i) != head && Some(i) != foot));
        order.extend(foot);
        // Rows in display order, each with the end of its row group (for `rowspan=0`).
        let mut rows: Vec<(u32, usize)> = Vec::new();
        for gi in order {
            let Some((section, loose)) = groups.get(gi) else {
                continue;
            };
            let start = rows.len();
            match section {
                Some(s) => {
                    let mut r = dom.first(*s);
                    while r != NONE {
                        self.step()?;
                        if dom.html_name(r) == Some("tr") {
                            rows.push((r, 0));
                        }
                        r = dom.next(r);
                    }
                }
                None => rows.extend(loose.iter().map(|&r| (r, 0))),
            }
            let end = rows.len();
            for r in rows.get_mut(start..).unwrap_or_default() {
                r.1 = end;
            }
        }
        self.lay_out(&rows)
    }

    /// Lays out a table's rows. `occupied[x]` is the first row where column `x` is free again.
    ///
    /// A rowspan may run on into the next row group: LibreOffice Writer's HTML export puts
    /// every row in its own `<tbody>` and relies on that, as office programs read it (browsers
    /// cut the span at the group's end and shift the following rows left, which would put a
    /// form's values under the wrong labels). Spans stop at the table's end (`rowspan=0`: at
    /// its group's end), at the grid caps, and — for colspans — at a column already taken by a
    /// rowspan from above, so merges never overlap.
    pub(super) fn lay_out(&mut self, rows: &[(u32, usize)]) -> Result<(), String> {
        let dom = self.dom;
        let n = rows.len();
        let mut occupied: Vec<usize> = Vec::new();
        let base = self.grid().rows.len();
        if base.saturating_add(n) > MAX_ROWS {
            return Err(too_many_rows());
        }
        for (y, &(tr, group_end)) in rows.iter().enumerate() {
            let mut cells: Vec<String> = Vec::new();
            let mut x = 0usize;
            let mut c = dom.first(tr);
            while c != NONE {
                self.step()?;
                let Some(el) = dom.el(c).filter(|e| {
                    e.ns == 0 && (e.local == local_name!("td") || e.local == local_name!("th"))
                }) else {
                    c = dom.next(c);
                    continue;
                };
                while occupied.get(x).is_some_and(|&u| u > y) {
                    x += 1;
                }
                if x >= MAX_COLS {
                    return Err(format!(
                        "网页表格列数过多：超过 {MAX_COLS} 列 (HTML table has too many columns: more than {MAX_COLS})"
                    ));
                }
                let want = (x + usize::from(el.colspan)).min(MAX_COLS);
                let mut end = x + 1;
                while end < want && occupied.get(end).is_none_or(|&u| u <= y) {
                    end += 1;
                }
                let rowspan = match el.rowspan {
                    0 => group_end.saturating_sub(y).max(1),
                    r => usize::from(r).min(n - y),
                };
                if occupied.len() < end {
                    occupied.resize(end, 0);
                }
                for o in &mut occupied[x..end] {
                    *o = y + rowspan;
                }
                let text = self.cell_text(c)?;
                cells.resize(x, String::new());
                cells.push(text);
                cells.resize(end, String::new());
                let merged_end = if el.flags & F_NOT_MERGED != 0 {
                    x + 1
                } else {
                    end
                };
                if rowspan > 1 || merged_end - x > 1 {
                    let r0 = base + y;
                    self.grid().merges.push(Merge {
                        first_row: r0 as u32,
                        first_col: x as u32,
                        last_row: (r0 + rowspan - 1) as u32,
                        last_col: (merged_end - 1) as u32,
                    });
                }
                x = end;
                c = dom.next(c);
            }
            // Positions covered from above at the row's end are part of the row too. `occupied`
            // was cut after the last column still covered, so its length is that extent.
            if occupied.len() > cells.len() {
                cells.resize(occupied.len(), String::new());
            }
            // Columns free from the next row on are dropped from the end (each entry is pushed
            // and popped once, so a wide row does not cost every later narrow row).
            while occupied.last().is_some_and(|&u| u <= y + 1) {
                occupied.pop();
            }
            self.push_row(cells)?;
        }
        Ok(())
    }
}
