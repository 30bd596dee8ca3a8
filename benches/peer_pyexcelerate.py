#!/usr/bin/env python3
"""The pyexcelerate peer of `selfeval convert DIR -o out.xlsx --html out.html`.

Run by `benches/throughput.rs` side by side with selfeval on the same corpus; by hand:

    python3 benches/peer_pyexcelerate.py CORPUS/text out.xlsx out.html

It prints the number of forms it wrote and its own seconds (reading through saving).

What it does, as selfeval does: reads every `.txt` file under DIR itself (UTF-8, cells split
at tabs, or at spaces where a line has no tab), cuts it into forms at each title line, takes
the head (project, departments, year, unit), the four funds rows, the goals, the indicators
(a line whose last numbers are weight and score), the total and the grade; writes one sheet
per form with the same cells and merges as selfeval's form sheet (title, year, labels, funds
block, goals, indicator table with 一级/二级 merged down their runs, 总分, 评分等级), styled
(宋体, thin borders, wrap, centered labels, number formats `#,##0.00` and `0.00`), column
widths and row heights from the text length; a 汇总 sheet (one row per form, the project a
HYPERLINK formula to its sheet) and a 扣分明细 sheet (one row per indicator that lost points);
and an HTML page with both tables.

What it does less than selfeval: no check and no 校验 sheet; a plain parse that does not join
labels wrapped over several lines of PDF text or take goals apart by column (it splits the
goal lines in half); numbers kept as Python floats; no width search, page setup, print area,
page breaks, footer, frozen header or autofilter; sheet names cut to 31 characters and
numbered when taken, without Excel's other rules.
"""

import html
import os
import re
import sys
import time

try:
    from pyexcelerate import Workbook, Style, Font, Alignment, Format, Fill
    from pyexcelerate.Borders import Borders
    from pyexcelerate.Border import Border
except ImportError:
    print("notice: pyexcelerate missing (pip install pyexcelerate)", file=sys.stderr)
    sys.exit(3)

NUM = re.compile(r"^-?[\d,]+(\.\d+)?%?$")
SCORE = re.compile(r"^\d+(\.\d+)?$")
TITLE = re.compile(r"绩效自评表")
YEAR = re.compile(r"(\d{4})\s*年度")
FUNDS = ["年度资金总额", "其中：当年财政拨款", "上年结转资金", "其他资金"]
LEVEL1 = ["产出指标", "效益指标", "满意度指标", "成本指标"]


def cells(line):
    parts = line.split("\t") if "\t" in line else line.split(" ")
    return [p.strip() for p in parts if p.strip()]


def number(s):
    s = s.replace(",", "").rstrip("%")
    try:
        return float(s)
    except ValueError:
        return None


def parse_form(lines, source):
    f = {"title": lines[0][0], "source": source, "year": "", "project": "", "dept": "",
         "unit": "", "money": "", "funds": [], "goals": [], "inds": [], "total": (None, None),
         "grade": ""}
    level1 = level2 = ""
    labels = []
    in_goals = in_table = False
    for i, row in enumerate(lines):
        head = row[0]
        text = "".join(row)
        if (m := YEAR.search(text)) and not f["year"]:
            f["year"] = m.group(1)
        if head == "项目名称" and not f["project"]:
            f["project"] = " ".join(row[1:])
        elif head == "主管部门":
            joined = " ".join(row[1:])
            dept, _, unit = joined.partition("实施单位")
            f["dept"], f["unit"] = dept.strip(), unit.strip()
            if not f["unit"] and i + 1 < len(lines):
                f["unit"] = "".join(lines[i + 1])
        elif "万元" in text or "（元）" in text or "(元)" in text:
            f["money"] = "万元" if "万元" in text else "元"
        elif any(text.startswith(k[:4]) for k in FUNDS) and len(f["funds"]) < 4:
            nums = [c for c in row if NUM.match(c) or c in "-—"]
            f["funds"].append([number(c) for c in nums[:6]] + [None] * (6 - len(nums[:6])))
        elif "预期目标" in text or "预算目标" in text:
            in_goals = True
        elif head.startswith("一级") or "三级指标" in text:
            in_goals, in_table = False, True
        elif head == "总分":
            nums = [number(c) for c in row[1:] if NUM.match(c)]
            f["total"] = (nums + [None, None])[:2]
            in_table = False
        elif head == "评分等级":
            f["grade"] = " ".join(row[1:])
        elif in_goals:
            f["goals"].append(text)
        elif in_table:
            k = next((j for j in range(len(row) - 2, 0, -1)
                      if SCORE.match(row[j]) and SCORE.match(row[j + 1])), None)
            if k is None:
                labels = [] if "改进措施" in text else labels + [text]
                continue
            lead, rest = row[: max(k - 3, 0)], row[max(k - 3, 0): k]
            name, target, actual = ([""] * (3 - len(rest)) + rest)
            words = "".join(labels + lead)
            labels = []
            hit = next((l for l in LEVEL1 if l in words), None)
            if hit:
                level1, words = hit, words.replace(hit, "")
            if words:
                level2 = words
            f["inds"].append([level1, level2, name, target, actual, number(row[k]),
                              number(row[k + 1]), " ".join(row[k + 2:])])
    half = (len(f["goals"]) + 1) // 2
    f["goals"] = ("".join(f["goals"][:half]), "".join(f["goals"][half:]))
    return f


def read_forms(root):
    forms = []
    for dirpath, _, files in sorted(os.walk(root)):
        for name in sorted(files):
            path = os.path.join(dirpath, name)
            with open(path, encoding="utf-8-sig", errors="replace") as fh:
                rows = [cells(line) for line in fh]
            rows = [r for r in rows if r]
            starts = [i for i, r in enumerate(rows) if TITLE.search(r[0])] + [len(rows)]
            for a, b in zip(starts, starts[1:]):
                forms.append(parse_form(rows[a:b], path))
    return forms


def style(size=10, bold=False, h="center", border=True, fmt=None, fill=None, underline=False):
    return Style(font=Font(family="宋体", size=size, bold=bold, underline=underline),
                 alignment=Alignment(horizontal=h, vertical="center", wrap_text=True),
                 borders=Borders(*(Border() for _ in range(4))) if border else None,
                 format=Format(fmt) if fmt else None, fill=Fill(background=fill) if fill else None)


S = {"title": style(16, True, border=False), "year": style(11, border=False), "label": style(),
     "center": style(), "left": style(h="left"), "amount": style(fmt="#,##0.00"),
     "number": style(fmt="0.00"), "header": style(bold=True), "link": style(h="left", underline=True)}
WIDTHS = [13, 15, 22, 15, 15, 8, 9, 25]


def put(ws, r0, c0, r1, c1, value, st, heights):
    if isinstance(value, float):
        st = "amount" if st == "amount" else "number"
    elif value is None:
        value, st = "-", "center" if st in ("amount", "number") else st
    ws.set_cell_value(r0, c0, value)
    ws.set_cell_style(r0, c0, S[st])
    if r0 != r1 or c0 != c1:
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    ws.set_cell_style(r, c, S[st])
        ws.range((r0, c0), (r1, c1)).merge()
    width = sum(WIDTHS[c0 - 1: c1])
    lines = sum(max(1, -(-2 * len(p) // max(width - 1, 2))) for p in str(value).split("\n"))
    heights[r1] = max(heights.get(r1, 20), lines * 15.5 + 4)


def form_sheet(wb, f, name):
    ws = wb.new_sheet(name)
    h = {}
    put(ws, 1, 1, 1, 8, f["title"], "title", h)
    put(ws, 2, 1, 2, 8, "（%s年度）" % f["year"], "year", h)
    put(ws, 3, 1, 3, 1, "项目名称", "label", h)
    put(ws, 3, 2, 3, 8, f["project"], "center", h)
    put(ws, 4, 1, 4, 1, "主管部门", "label", h)
    put(ws, 4, 2, 4, 4, f["dept"], "center", h)
    put(ws, 4, 5, 4, 5, "实施单位", "label", h)
    put(ws, 4, 6, 4, 8, f["unit"], "center", h)
    put(ws, 5, 1, 9, 1, "项目资金\n（%s）" % f["money"], "label", h)
    put(ws, 5, 2, 5, 2, "", "label", h)
    for c, t in enumerate(["年初预算数", "全年预算数", "全年执行数", "分值", "执行率(%)", "得分"]):
        put(ws, 5, c + 3, 5, c + 3, t, "label", h)
    for k, label in enumerate(FUNDS):
        put(ws, 6 + k, 2, 6 + k, 2, label, "label", h)
        row = f["funds"][k] if k < len(f["funds"]) else [None] * 6
        for c, v in enumerate(row):
            put(ws, 6 + k, c + 3, 6 + k, c + 3, v, "amount" if c < 3 else "number", h)
    put(ws, 10, 1, 11, 1, "年度总体目标", "label", h)
    put(ws, 10, 2, 10, 4, "预期目标", "label", h)
    put(ws, 10, 5, 10, 8, "实际完成情况", "label", h)
    put(ws, 11, 2, 11, 4, f["goals"][0], "left", h)
    put(ws, 11, 5, 11, 8, f["goals"][1], "left", h)
    for c, t in enumerate(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值",
                           "得分", "偏差原因分析及改进措施"]):
        put(ws, 12, c + 1, 12, c + 1, t, "label", h)
    inds = f["inds"]
    for col, key in ((1, lambda i: i[0]), (2, lambda i: (i[0], i[1]))):
        start = 0
        for k in range(1, len(inds) + 1):
            if k == len(inds) or key(inds[k]) != key(inds[start]):
                put(ws, 13 + start, col, 13 + k - 1, col, inds[start][col - 1], "label", h)
                start = k
    for k, i in enumerate(inds):
        for c in range(2, 8):
            put(ws, 13 + k, c + 1, 13 + k, c + 1, i[c], "left" if c == 7 else "center", h)
    t = 13 + len(inds)
    put(ws, t, 1, t, 5, "总分", "label", h)
    put(ws, t, 6, t, 6, f["total"][0], "number", h)
    put(ws, t, 7, t, 7, f["total"][1], "number", h)
    put(ws, t, 8, t, 8, "", "center", h)
    if f["grade"]:
        put(ws, t + 1, 1, t + 1, 5, "评分等级", "label", h)
        put(ws, t + 1, 6, t + 1, 8, f["grade"], "center", h)
    for c, w in enumerate(WIDTHS):
        ws.set_col_style(c + 1, Style(size=w))
    for r, height in h.items():
        ws.set_row_style(r, Style(size=height))


def lost(f):
    return [i for i in f["inds"] if i[5] is not None and i[6] is not None and i[6] < i[5]]


def table_sheet(wb, name, headers, rows):
    ws = wb.new_sheet(name)
    for c, t in enumerate(headers):
        ws.set_cell_value(1, c + 1, t)
        ws.set_cell_style(1, c + 1, S["header"])
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            ws.set_cell_value(r + 2, c + 1, "" if v is None else v)
            st = "link" if isinstance(v, str) and v.startswith("=HYPERLINK") else \
                "number" if isinstance(v, float) else "left"
            ws.set_cell_style(r + 2, c + 1, S[st])
    for c in range(len(headers)):
        ws.set_col_style(c + 1, Style(size=14))


def sheet_names(forms):
    used, out = {"汇总", "扣分明细"}, []
    for k, f in enumerate(forms):
        base = re.sub(r"[\[\]:*?/\\]", "_", f["project"]).strip("' ")[:31] or "自评表%d" % (k + 1)
        name, n = base, 2
        while name.lower() in used:
            name, n = base[: 31 - len("(%d)" % n)] + "(%d)" % n, n + 1
        used.add(name.lower())
        out.append(name)
    return out


def link(f, name):
    return '=HYPERLINK("#\'%s\'!A1","%s")' % (name.replace("'", "''"), f["project"].replace('"', '""'))


def main(root, xlsx, page):
    t = time.perf_counter()
    forms = read_forms(root)
    names = sheet_names(forms)
    wb = Workbook()
    summary = []
    for f, name in zip(forms, names):
        fr = f["funds"][0] if f["funds"] else [None] * 6
        ls = lost(f)
        summary.append([link(f, name), f["dept"], f["unit"], number(f["year"]), f["money"], fr[1],
                        fr[2], fr[4], fr[5], f["total"][1], f["grade"],
                        sum(i[5] - i[6] for i in ls), float(len(ls)), f["source"]])
    lost_rows = [[link(f, name)] + i[:5] + [i[5], i[6], i[5] - i[6], i[7]]
                 for f, name in zip(forms, names) for i in lost(f)]
    table_sheet(wb, "汇总", ["项目名称", "主管部门", "实施单位", "年度", "金额单位", "全年预算数",
                           "全年执行数", "执行率(%)", "资金得分", "总分", "评分等级", "扣分",
                           "扣分指标数", "来源"], summary)
    table_sheet(wb, "扣分明细", ["项目名称", "一级指标", "二级指标", "三级指标", "年度指标值",
                             "实际完成值", "分值", "得分", "扣分", "偏差原因分析及改进措施"], lost_rows)
    for f, name in zip(forms, names):
        form_sheet(wb, f, name)
    wb.save(xlsx)
    cell = lambda v: "<td>%s</td>" % html.escape("" if v is None else str(v))
    trs = lambda rows: "\n".join("<tr>%s</tr>" % "".join(cell(v) for v in r) for r in rows)
    with open(page, "w", encoding="utf-8") as fh:
        fh.write(PAGE.format(n=len(forms), summary=trs([[f["project"]] + s[1:] for f, s in
                                                          zip(forms, summary)]),
                             lost=trs([[f["project"]] + r[1:] for f in forms for r in
                                       [[None] + i[:5] + [i[5], i[6], i[5] - i[6], i[7]]
                                        for i in lost(f)]])))
    print(len(forms), time.perf_counter() - t)


PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>绩效自评汇总（{n} 张自评表）</title>
<style>body{{font-family:sans-serif;font-size:10.5pt}} table{{border-collapse:collapse}}
td,th{{border:1px solid #555;padding:3px 5px}}</style></head><body>
<h1>绩效自评汇总（{n} 张自评表）</h1>
<h2>汇总</h2><table>
{summary}
</table>
<h2>扣分明细</h2><table>
{lost}
</table></body></html>
"""

if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: peer_pyexcelerate.py DIR OUT.xlsx OUT.html")
    main(*sys.argv[1:])
