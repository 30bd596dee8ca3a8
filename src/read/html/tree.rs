//! A compact document tree built by html5ever's tree builder, with guards against the
//! inputs that make its own trees explode (deep nesting, misnested formatting tags).

use super::*;
// ---------------------------------------------------------------------------------------------
// Tree

pub(super) const NONE: u32 = u32::MAX;
pub(super) const DOC: u32 = 0;
/// Where nodes go once the node cap is hit: never linked into the document.
pub(super) const TRASH: u32 = 1;

pub(super) const F_HIDDEN: u8 = 1;
pub(super) const F_SELECTED: u8 = 2;
/// Excel's `mso-ignore:colspan`: text overflowing into empty neighbours, not a merge.
pub(super) const F_NOT_MERGED: u8 = 4;

#[derive(Debug)]
pub(super) struct Node {
    pub(super) parent: u32,
    pub(super) first: u32,
    pub(super) last: u32,
    pub(super) prev: u32,
    pub(super) next: u32,
    pub(super) depth: u32,
    pub(super) data: Data,
}

#[derive(Debug)]
pub(super) enum Data {
    Document,
    Element(El),
    Text(StrTendril),
    /// Comments, processing instructions, template contents: never shown.
    Other,
}

#[derive(Debug)]
pub(super) struct El {
    pub(super) local: LocalName,
    /// 0 HTML, 1 SVG, 2 MathML, 3 other.
    pub(super) ns: u8,
    pub(super) flags: u8,
    /// 0 means "to the end of the row group" (HTML spec); at most 65534.
    pub(super) rowspan: u16,
    /// 1..=1000 (HTML spec).
    pub(super) colspan: u16,
}

/// The parsed page: node 0 is the document, node 1 the trash.
#[derive(Debug, Default)]
pub(super) struct Dom {
    pub(super) nodes: Vec<Node>,
    /// `<meta name="generator" content="LibreOffice…">`: sheet headings may split the page.
    pub(super) office: bool,
}

impl Dom {
    pub(super) fn node(&self, id: u32) -> Option<&Node> {
        self.nodes.get(id as usize)
    }
    pub(super) fn first(&self, id: u32) -> u32 {
        self.node(id).map_or(NONE, |n| n.first)
    }
    pub(super) fn next(&self, id: u32) -> u32 {
        self.node(id).map_or(NONE, |n| n.next)
    }
    pub(super) fn parent(&self, id: u32) -> u32 {
        self.node(id).map_or(NONE, |n| n.parent)
    }
    pub(super) fn el(&self, id: u32) -> Option<&El> {
        match self.node(id).map(|n| &n.data) {
            Some(Data::Element(e)) => Some(e),
            _ => None,
        }
    }
    /// HTML-namespace element name.
    pub(super) fn html_name(&self, id: u32) -> Option<&str> {
        self.el(id).filter(|e| e.ns == 0).map(|e| &*e.local)
    }
}

pub(super) fn fresh(data: Data) -> Node {
    Node {
        parent: NONE,
        first: NONE,
        last: NONE,
        prev: NONE,
        next: NONE,
        depth: 0,
        data,
    }
}

/// html5ever's tree sink over a flat arena: no recursion anywhere, even on drop.
pub(super) struct Sink {
    pub(super) dom: RefCell<Dom>,
    /// Depth of the most recent insertion point: roughly the tree builder's stack height.
    pub(super) cur_depth: Cell<u32>,
    pub(super) full: Cell<bool>,
}

impl Sink {
    pub(super) fn new() -> Self {
        let dom = Dom {
            nodes: vec![fresh(Data::Document), fresh(Data::Other)],
            office: false,
        };
        Sink {
            dom: RefCell::new(dom),
            cur_depth: Cell::new(0),
            full: Cell::new(false),
        }
    }

    /// Runs `f` on the arena. The tree builder holds the name borrows of `elem_name` only
    /// briefly (`scraper` relies on the same); if one ever overlapped a change, the change is
    /// skipped rather than panicking.
    pub(super) fn with<R>(&self, f: impl FnOnce(&mut Dom) -> R) -> Option<R> {
        self.dom.try_borrow_mut().ok().map(|mut d| f(&mut d))
    }

    pub(super) fn push(&self, data: Data, extra: usize) -> u32 {
        let Ok(mut dom) = self.dom.try_borrow_mut() else {
            return TRASH;
        };
        if dom.nodes.len() + 1 + extra > MAX_NODES {
            self.full.set(true);
            return TRASH;
        }
        let id = dom.nodes.len() as u32;
        dom.nodes.push(fresh(data));
        id
    }
}

pub(super) fn valid(dom: &Dom, id: u32) -> bool {
    id != TRASH && (id as usize) < dom.nodes.len()
}

pub(super) fn detach(dom: &mut Dom, id: u32) {
    let Some(n) = dom.nodes.get(id as usize) else {
        return;
    };
    let (parent, prev, next) = (n.parent, n.prev, n.next);
    if let Some(p) = dom.nodes.get_mut(prev as usize) {
        p.next = next;
    } else if let Some(p) = dom.nodes.get_mut(parent as usize) {
        p.first = next;
    }
    if let Some(x) = dom.nodes.get_mut(next as usize) {
        x.prev = prev;
    } else if let Some(p) = dom.nodes.get_mut(parent as usize) {
        p.last = prev;
    }
    if let Some(n) = dom.nodes.get_mut(id as usize) {
        n.parent = NONE;
        n.prev = NONE;
        n.next = NONE;
    }
}

/// Would linking `child` under `parent` make a cycle? Only a node with children can be an
/// ancestor, and only reparenting moves such nodes, so the walk up is rare.
pub(super) fn makes_cycle(dom: &Dom, parent: u32, child: u32) -> bool {
    if dom.first(child) == NONE {
        return parent == child;
    }
    let mut a = parent;
    let mut steps = 0usize;
    while a != NONE {
        if a == child || steps > dom.nodes.len() {
            return true;
        }
        a = dom.parent(a);
        steps += 1;
    }
    false
}

pub(super) fn append_child(dom: &mut Dom, parent: u32, child: u32) -> bool {
    if !valid(dom, parent) || !valid(dom, child) || makes_cycle(dom, parent, child) {
        return false;
    }
    detach(dom, child);
    let (last, depth) = match dom.nodes.get(parent as usize) {
        Some(p) => (p.last, p.depth.saturating_add(1)),
        None => return false,
    };
    if let Some(l) = dom.nodes.get_mut(last as usize) {
        l.next = child;
    } else if let Some(p) = dom.nodes.get_mut(parent as usize) {
        p.first = child;
    }
    if let Some(p) = dom.nodes.get_mut(parent as usize) {
        p.last = child;
    }
    if let Some(c) = dom.nodes.get_mut(child as usize) {
        c.parent = parent;
        c.prev = last;
        c.depth = depth;
    }
    true
}

pub(super) fn insert_before(dom: &mut Dom, sibling: u32, child: u32) -> bool {
    let parent = dom.parent(sibling);
    if !valid(dom, parent) || !valid(dom, child) || child == sibling {
        return false;
    }
    if makes_cycle(dom, parent, child) {
        return false;
    }
    detach(dom, child);
    let (prev, depth) = match dom.nodes.get(sibling as usize) {
        Some(s) => (s.prev, s.depth),
        None => return false,
    };
    if let Some(p) = dom.nodes.get_mut(prev as usize) {
        p.next = child;
    } else if let Some(p) = dom.nodes.get_mut(parent as usize) {
        p.first = child;
    }
    if let Some(s) = dom.nodes.get_mut(sibling as usize) {
        s.prev = child;
    }
    if let Some(c) = dom.nodes.get_mut(child as usize) {
        c.parent = parent;
        c.prev = prev;
        c.next = sibling;
        c.depth = depth;
    }
    true
}

/// Text appended next to a text node joins it, as in the DOM.
pub(super) fn push_text_onto(dom: &mut Dom, id: u32, text: &StrTendril) -> bool {
    match dom.nodes.get_mut(id as usize).map(|n| &mut n.data) {
        Some(Data::Text(t)) if id != TRASH => {
            t.push_tendril(text);
            true
        }
        _ => false,
    }
}

/// Element name handed to the tree builder: a borrow of the arena (the tree builder asks for
/// names all the time while scanning its stack, so this must be cheap).
#[derive(Debug)]
pub(super) enum NameRef<'a> {
    El(Ref<'a, El>),
    Unknown,
}

static HTML_NS: Namespace = ns!(html);
static SVG_NS: Namespace = ns!(svg);
static MATHML_NS: Namespace = ns!(mathml);
static NO_NS: Namespace = ns!();
static SPAN: LocalName = local_name!("span");

impl ElemName for NameRef<'_> {
    fn ns(&self) -> &Namespace {
        match self {
            NameRef::El(e) => match e.ns {
                0 => &HTML_NS,
                1 => &SVG_NS,
                2 => &MATHML_NS,
                _ => &NO_NS,
            },
            NameRef::Unknown => &HTML_NS,
        }
    }
    fn local_name(&self) -> &LocalName {
        match self {
            NameRef::El(e) => &e.local,
            NameRef::Unknown => &SPAN,
        }
    }
}

pub(super) fn ns_code(ns: &Namespace) -> u8 {
    if *ns == ns!(html) {
        0
    } else if *ns == ns!(svg) {
        1
    } else if *ns == ns!(mathml) {
        2
    } else {
        3
    }
}

/// HTML "rules for parsing non-negative integers": leading spaces, optional `+`, digits.
pub(super) fn parse_span(v: &str) -> Option<u32> {
    let v = v.trim_start_matches(|c: char| c.is_ascii_whitespace());
    let v = v.strip_prefix('+').unwrap_or(v);
    let digits = v.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    Some(v[..digits].bytes().fold(0u32, |acc, d| {
        acc.saturating_mul(10).saturating_add(u32::from(d - b'0'))
    }))
}

/// `display:none` (hidden) and Excel's `mso-ignore:colspan` in a `style` attribute.
pub(super) fn style_flags(style: &str) -> u8 {
    let b = style.as_bytes();
    let has = |w: &[u8]| b.windows(w.len()).any(|x| x.eq_ignore_ascii_case(w));
    if !has(b"none") && !has(b"colspan") {
        return 0;
    }
    let squeezed: String = style
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let mut f = 0;
    if squeezed.contains("display:none") {
        f |= F_HIDDEN;
    }
    if squeezed.contains("mso-ignore:colspan") {
        f |= F_NOT_MERGED;
    }
    f
}

impl TreeSink for Sink {
    type Handle = u32;
    type Output = Self;
    type ElemName<'a> = NameRef<'a>;

    fn finish(self) -> Self {
        self
    }
    fn parse_error(&self, _msg: Cow<'static, str>) {}
    fn get_document(&self) -> u32 {
        DOC
    }
    fn elem_name<'a>(&'a self, target: &'a u32) -> NameRef<'a> {
        match self.dom.try_borrow() {
            Ok(dom) => {
                Ref::filter_map(dom, |d| d.el(*target)).map_or(NameRef::Unknown, NameRef::El)
            }
            Err(_) => NameRef::Unknown,
        }
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> u32 {
        let ns = ns_code(&name.ns);
        let local = name.local;
        let mut el = El {
            local,
            ns,
            flags: 0,
            rowspan: 1,
            colspan: 1,
        };
        let cell = ns == 0 && (el.local == local_name!("td") || el.local == local_name!("th"));
        let mut input_type: Option<String> = None;
        let mut input_value: Option<StrTendril> = None;
        let mut meta_generator = false;
        let mut meta_content: Option<StrTendril> = None;
        let mut dialog_open = false;
        for a in attrs {
            if a.name.ns != ns!() {
                continue;
            }
            let n = &a.name.local;
            if *n == local_name!("hidden") && ns == 0 {
                el.flags |= F_HIDDEN;
            } else if *n == local_name!("style") {
                el.flags |= style_flags(&a.value);
            } else if cell && *n == local_name!("colspan") {
                // Spec: error or 0 → 1; more than 1000 → 1000.
                el.colspan = match parse_span(&a.value) {
                    None | Some(0) => 1,
                    Some(v) => v.min(1000) as u16,
                };
            } else if cell && *n == local_name!("rowspan") {
                // Spec: error → 1; 0 → to the end of the row group; at most 65534.
                el.rowspan = parse_span(&a.value).map_or(1, |v| v.min(65534) as u16);
            } else if *n == local_name!("selected") {
                el.flags |= F_SELECTED;
            } else if *n == local_name!("open") {
                dialog_open = true;
            } else if *n == local_name!("type") {
                input_type = Some(a.value.trim().to_ascii_lowercase());
            } else if *n == local_name!("value") {
                input_value = Some(a.value);
            } else if *n == local_name!("name") {
                meta_generator = a.value.eq_ignore_ascii_case("generator");
            } else if *n == local_name!("content") {
                meta_content = Some(a.value);
            }
        }
        if ns == 0 && el.local == local_name!("dialog") && !dialog_open {
            el.flags |= F_HIDDEN;
        }
        if ns == 0
            && el.local == local_name!("meta")
            && meta_generator
            && meta_content.is_some_and(|c| c.contains("LibreOffice") || c.contains("OpenOffice"))
        {
            self.with(|d| d.office = true);
        }
        // A text field shows its value: keep it as the element's text child.
        let shown_value = if ns == 0 && el.local == local_name!("input") {
            let visible = input_type.as_deref().is_none_or(|t| {
                !matches!(
                    t,
                    "hidden"
                        | "checkbox"
                        | "radio"
                        | "button"
                        | "submit"
                        | "reset"
                        | "image"
                        | "file"
                        | "range"
                        | "color"
                        | "password"
                )
            });
            input_value.filter(|v| visible && !v.trim().is_empty())
        } else {
            None
        };
        let template = flags.template;
        let id = self.push(
            Data::Element(el),
            usize::from(template) + usize::from(shown_value.is_some()),
        );
        if id == TRASH {
            return TRASH;
        }
        if template {
            // Template contents always sit right after the template (`get_template_contents`).
            self.push(Data::Other, 0);
        }
        if let Some(v) = shown_value {
            let t = self.push(Data::Text(v), 0);
            self.with(|d| append_child(d, id, t));
        }
        id
    }

    fn create_comment(&self, _text: StrTendril) -> u32 {
        self.push(Data::Other, 0)
    }
    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> u32 {
        self.push(Data::Other, 0)
    }

    fn append(&self, parent: &u32, child: NodeOrText<u32>) {
        let parent = *parent;
        match child {
            NodeOrText::AppendNode(c) => {
                self.with(|dom| {
                    if append_child(dom, parent, c) {
                        self.cur_depth.set(dom.node(c).map_or(0, |n| n.depth));
                    }
                });
            }
            NodeOrText::AppendText(t) => {
                let joined = self.with(|dom| {
                    if !valid(dom, parent) {
                        return true;
                    }
                    self.cur_depth.set(dom.node(parent).map_or(0, |n| n.depth));
                    let last = dom.node(parent).map_or(NONE, |n| n.last);
                    push_text_onto(dom, last, &t)
                });
                if joined == Some(false) {
                    let id = self.push(Data::Text(t), 0);
                    self.with(|dom| append_child(dom, parent, id));
                }
            }
        }
    }

    fn append_based_on_parent_node(
        &self,
        element: &u32,
        prev_element: &u32,
        child: NodeOrText<u32>,
    ) {
        let has_parent = self.with(|d| d.parent(*element) != NONE).unwrap_or(false);
        if has_parent {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(&self, _n: StrTendril, _p: StrTendril, _s: StrTendril) {}

    fn get_template_contents(&self, target: &u32) -> u32 {
        let contents = target.saturating_add(1);
        self.with(|dom| match dom.node(contents).map(|n| &n.data) {
            Some(Data::Other) if dom.el(*target).is_some() => contents,
            _ => TRASH,
        })
        .unwrap_or(TRASH)
    }

    fn same_node(&self, x: &u32, y: &u32) -> bool {
        x == y
    }
    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &u32, new_node: NodeOrText<u32>) {
        let sibling = *sibling;
        match new_node {
            NodeOrText::AppendNode(c) => {
                self.with(|dom| {
                    if insert_before(dom, sibling, c) {
                        self.cur_depth.set(dom.node(c).map_or(0, |n| n.depth));
                    }
                });
            }
            NodeOrText::AppendText(t) => {
                let joined = self.with(|dom| {
                    let prev = dom.node(sibling).map_or(NONE, |n| n.prev);
                    push_text_onto(dom, prev, &t)
                });
                if joined == Some(false) {
                    let id = self.push(Data::Text(t), 0);
                    self.with(|dom| insert_before(dom, sibling, id));
                }
            }
        }
    }

    /// Only for repeated `<html>`/`<body>` tags, whose attributes we never read (and merging
    /// them would be quadratic on a page of many `<body a=…>` tags).
    fn add_attrs_if_missing(&self, _target: &u32, _attrs: Vec<Attribute>) {}

    fn remove_from_parent(&self, target: &u32) {
        self.with(|d| detach(d, *target));
    }

    fn reparent_children(&self, node: &u32, new_parent: &u32) {
        self.with(|dom| {
            if makes_cycle(dom, *new_parent, *node) {
                return;
            }
            let mut c = dom.first(*node);
            while c != NONE {
                let next = dom.next(c);
                if !append_child(dom, *new_parent, c) {
                    break;
                }
                c = next;
            }
        });
    }
}

/// Between tokenizer and tree builder: keeps the tree builder linear (see the module docs).
pub(super) struct Guard {
    pub(super) tb: TreeBuilder<u32, Sink>,
    pub(super) em: LocalName,
}

pub(super) fn is_formatting(n: &LocalName) -> bool {
    matches!(
        *n,
        local_name!("a")
            | local_name!("b")
            | local_name!("big")
            | local_name!("code")
            | local_name!("em")
            | local_name!("font")
            | local_name!("i")
            | local_name!("nobr")
            | local_name!("s")
            | local_name!("small")
            | local_name!("strike")
            | local_name!("strong")
            | local_name!("tt")
            | local_name!("u")
    )
}

/// Start tags the tree builder handles without deepening the tree or scanning its stack: void
/// elements, and raw-text elements whose start tag also switches the tokenizer (dropping it
/// would show a script's code as text).
pub(super) fn is_shallow(n: &LocalName) -> bool {
    matches!(
        *n,
        local_name!("area")
            | local_name!("base")
            | local_name!("basefont")
            | local_name!("bgsound")
            | local_name!("br")
            | local_name!("col")
            | local_name!("embed")
            | local_name!("frame")
            | local_name!("image")
            | local_name!("img")
            | local_name!("input")
            | local_name!("keygen")
            | local_name!("link")
            | local_name!("meta")
            | local_name!("param")
            | local_name!("source")
            | local_name!("track")
            | local_name!("wbr")
            | local_name!("script")
            | local_name!("style")
            | local_name!("iframe")
            | local_name!("noembed")
            | local_name!("noframes")
            | local_name!("noscript")
            | local_name!("textarea")
            | local_name!("title")
    )
}

/// Elements that start a new line, for the `<br>` that replaces them below `MAX_DEPTH`.
pub(super) fn is_block_tag(n: &LocalName) -> bool {
    matches!(
        *n,
        local_name!("address")
            | local_name!("article")
            | local_name!("aside")
            | local_name!("blockquote")
            | local_name!("caption")
            | local_name!("center")
            | local_name!("dd")
            | local_name!("details")
            | local_name!("dialog")
            | local_name!("dir")
            | local_name!("div")
            | local_name!("dl")
            | local_name!("dt")
            | local_name!("fieldset")
            | local_name!("figcaption")
            | local_name!("figure")
            | local_name!("footer")
            | local_name!("form")
            | local_name!("h1")
            | local_name!("h2")
            | local_name!("h3")
            | local_name!("h4")
            | local_name!("h5")
            | local_name!("h6")
            | local_name!("header")
            | local_name!("hgroup")
            | local_name!("hr")
            | local_name!("li")
            | local_name!("listing")
            | local_name!("main")
            | local_name!("menu")
            | local_name!("nav")
            | local_name!("ol")
            | local_name!("option")
            | local_name!("p")
            | local_name!("plaintext")
            | local_name!("pre")
            | local_name!("section")
            | local_name!("summary")
            | local_name!("table")
            | local_name!("tbody")
            | local_name!("td")
            | local_name!("tfoot")
            | local_name!("th")
            | local_name!("thead")
            | local_name!("tr")
            | local_name!("ul")
            | local_name!("xmp")
    )
}

impl TokenSink for Guard {
    type Handle = u32;

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<u32> {
        let sink = &self.tb.sink;
        if sink.full.get() && token != Token::EOFToken {
            return TokenSinkResult::Continue;
        }
        let token = match token {
            Token::TagToken(mut tag) => {
                if is_formatting(&tag.name) {
                    // `em` keeps an identity: LibreOffice puts sheet names in `<h1>…<em>`.
                    tag.name = if tag.name == local_name!("em") {
                        self.em.clone()
                    } else {
                        local_name!("span")
                    };
                }
                if tag.kind == TagKind::StartTag
                    && sink.cur_depth.get() >= MAX_DEPTH
                    && !is_shallow(&tag.name)
                {
                    if !is_block_tag(&tag.name) {
                        return TokenSinkResult::Continue;
                    }
                    tag = Tag {
                        kind: TagKind::StartTag,
                        name: local_name!("br"),
                        self_closing: false,
                        attrs: Vec::new(),
                        had_duplicate_attributes: false,
                    };
                }
                Token::TagToken(tag)
            }
            t => t,
        };
        self.tb.process_token(token, line)
    }

    fn end(&self) {
        self.tb.end();
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.tb
            .adjusted_current_node_present_but_not_in_html_namespace()
    }
}

pub(super) fn parse(text: &str) -> Result<Dom, String> {
    let em = LocalName::from(EM);
    let tb = TreeBuilder::new(Sink::new(), TreeBuilderOpts::default());
    let tok = Tokenizer::new(Guard { tb, em }, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(text));
    // Scripts are not run and the encoding is already decided: just go on until the end.
    while !matches!(tok.feed(&input), TokenizerResult::Done) {}
    tok.end();
    let sink = &tok.sink.tb.sink;
    if sink.full.get() {
        return Err(format!(
            "网页元素过多：超过 {MAX_NODES} 个 (HTML page has too many elements: more than {MAX_NODES})"
        ));
    }
    sink.with(std::mem::take).ok_or_else(malformed)
}
