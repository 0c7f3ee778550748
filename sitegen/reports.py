"""我要纠错: each fact on a page links to a new issue prefilled with what the page says about it.

The templates leave a mark where a link goes (display.report_mark, report_row_mark); fill_reports replaces
the marks with links once a page is rendered. With an issue tracker configured (mkdocs.yml
extra.report_issue_url) each link opens a new issue there; the issue's title and body are plain text (not
Markdown): the reporter sees the page, the maintainer the fact's id. Without one (the shipped default) each link
goes to the 反馈 section of the about page (FEEDBACK_PAGE), which says how to report a mistake anyway.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

from checker import messages as M
from checker.timeline import value_at

from .display import link_url
from .facts import COMPARE_COLUMNS, compare_cells, period_when

FEEDBACK_PAGE = "about.md#feedback"  # 我要纠错 without a tracker: docs/about.md, section 反馈
_REPORT = re.compile(r" ?\{\{report:([a-z_]+)(?::([0-9a-z]+):(\d+))?\}\}")
_REPORT_ROW = re.compile(r"\{\{report-row:(\d{6})\}\}")


def page_url(path: str) -> str:
    """docs path -> site path under directory URLs (regions/x/bind.md -> regions/x/bind/)."""
    stem = path[:-3]
    return stem[:-5] if stem.endswith("index") else stem + "/"


def report_value(bundle: dict, region: dict | None, key: str, today: str) -> tuple[str, str, list[str]]:
    """(what the page says, which layer decided, source ids) for a fact, in plain text for the report."""
    if key in bundle["national"]["timelines"] or key in (region or {}).get("timelines", {}):
        look = value_at(bundle, region, key, today)
        sources = list(look.sources)
        if look.status == "known":
            text = M.value_label(key, look.value) + (f"（{look.effective}起）" if look.effective else "")
        else:
            text = "不确定" if look.status == "uncertain" else "不清楚"
        return text, look.layer, sources
    fact = (region or bundle["national"])["facts"].get(key) or {"status": "unknown", "sources": [], "layer": "none"}
    if fact["status"] != "known":
        return "不清楚", fact["layer"], list(fact["sources"])
    text = M.value_label(key, fact["value"])
    if key == "consent" and fact.get("confirm_age") is not None:
        text += f"（{fact['confirm_age']}周岁及以上本人确认）"
    return text, fact["layer"], list(fact["sources"])


# Chinese letters and CJK / fullwidth punctuation stay as they are in a report link's query: the browser
# percent-encodes them (UTF-8) when the link is followed, so the tracker gets the same URL as from quote(), while
# the page carries a third of the bytes, and text that compresses with the same words on the page (the
# comparison table's 32 prefilled rows: 3.7 -> 2.7 KB of its compressed HTML). Everything else (ASCII, spaces,
# other scripts) is percent-encoded as before.
_ENCODE_IN_QUERY = re.compile(
    "[^\u00b7\u2010-\u2027\u3001-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uffef\U00020000-\U0003134f]+")


def quote_keeping_chinese(text: str, safe: str = "", encoding: str | None = None, errors: str | None = None) -> str:
    """quote() for urlencode(), leaving Chinese letters and punctuation unencoded (see _ENCODE_IN_QUERY)."""
    return _ENCODE_IN_QUERY.sub(lambda run: quote(run.group(0), safe=safe), text)


def feedback_link(path: str, aria: str) -> str:
    """我要纠错 without a tracker: a link from the page at `path` to the about page's 反馈 section (a Markdown
    link to the .md file, so that `mkdocs build --strict` checks it and its anchor)."""
    return f' [{M.REPORT_LINK}]({"../" * path.count("/")}{FEEDBACK_PAGE}){{: .yb-report aria-label="{aria}" }}'


def _issue_link(url: str, title: str, lines: list[str], aria: str) -> str:
    """A plain link (the page itself sends nothing) to a new issue with this title and body.
    url: the tracker's address, already through display.link_url."""
    query = urlencode({"title": title, "body": "\n".join(lines)}, quote_via=quote_keeping_chinese)
    return (f' [{M.REPORT_LINK}]({url}{"&" if "?" in url else "?"}{query})'
            f'{{: .yb-report rel="nofollow" aria-label="{aria}" }}')


def _cited(bundle: dict, sources) -> str:
    return "、".join(f"{sid}（{bundle['sources'][sid]['publisher']}，{bundle['sources'][sid]['date']}）"
                    for sid in sources if sid in bundle["sources"]) or "无"


def _label_words(text: str) -> str:
    """Data text for an aria-label inside attr_list: letters, digits and CJK only (no quote or brace gets through)."""
    return re.sub(r"[^\w\u3000-\u303f\uff00-\uffef]", "", text)


def _where(region: dict | None) -> tuple[str, str]:
    return (region["code"], region["name"]) if region else ("national", "全国")


def report_link(bundle: dict, region: dict | None, key: str, path: str, today: str, report_url: str) -> str:
    """我要纠错 for a fact as the page states it today: fact id, value, deciding layer, sources."""
    aria = f"{M.REPORT_LINK}：{M.FACT[key]}"
    if not (tracker := link_url(report_url)):
        return feedback_link(path, aria)
    code, name = _where(region)
    fact_id = f"{code}.{key}"
    text, layer, sources = report_value(bundle, region, key, today)
    text = text if len(text) <= 80 else text[:79] + "…"  # the reporter sees the page; keep the link short
    lines = [f"地区：{name}（{code}）", f"事项：{M.FACT[key]}（{fact_id}）",
             f"本站写的：{text}" + {"regional": "（地方规定）", "national": "（全国规定）"}.get(layer, ""),
             f"来源：{_cited(bundle, sources)}", f"页面：{page_url(path)}", f"数据版本：{bundle['data_version']}", "",
             "哪里有误？正确的说法和出处（网址、发布日期）：", ""]
    return _issue_link(tracker, f"信息有误：{name} {M.FACT[key]}（{fact_id}）", lines, aria)


def report_period_link(bundle: dict, region: dict | None, key: str, number: int, path: str,
                       report_url: str) -> str:
    """我要纠错 for one period of a timeline (a history row): fact id with the period's number (from 1)."""
    code, name = _where(region)
    period = (region or bundle["national"])["timelines"][key]["periods"][number - 1]
    aria = f"{M.REPORT_LINK}：{_label_words(name)}“{M.FACT[key]}”{period_when(period)}的变化记录"
    if not (tracker := link_url(report_url)):
        return feedback_link(path, aria)
    fact_id = f"{code}.{key}#{number}"
    until = f"，资料只确认到{period['until']}" if period["until"] else ""
    lines = [f"地区：{name}（{code}）", f"事项：{M.FACT[key]}的变化记录（{fact_id}）",
             f"本站写的：{period_when(period)}，{M.value_label(key, period['value'])}{until}"
             + ("（地方规定）" if region else "（全国规定）"),
             f"来源：{_cited(bundle, period['sources'])}", f"页面：{page_url(path)}",
             f"数据版本：{bundle['data_version']}", "", "哪里有误？正确的说法和出处（网址、发布日期）：", ""]
    return _issue_link(tracker, f"信息有误：{name} {M.FACT[key]} {period['start']}（{fact_id}）", lines, aria)


def report_row_link(bundle: dict, region: dict, path: str, today: str, report_url: str) -> str:
    """我要纠错 for a row of the comparison table: every cell's fact id and value, and the row's sources."""
    aria = f"{M.REPORT_LINK}：{_label_words(region['short'])}这一行"
    if not (tracker := link_url(report_url)):
        return feedback_link(path, aria).lstrip()
    ids: list[str] = []
    cells = compare_cells(bundle, region, today, ids)
    lines = [f"地区：{region['name']}（{region['code']}）", f"表格：地区对比（规则截至{today}）中的这一行：",
             *(f"- {header}（{region['code']}.{key}）：{cell}" for (header, key), cell in zip(COMPARE_COLUMNS, cells)),
             "来源：" + ("、".join(dict.fromkeys(ids)) or "无"), f"页面：{page_url(path)}",
             f"数据版本：{bundle['data_version']}", "", "哪一格有误？正确的说法和出处（网址、发布日期）：", ""]
    return _issue_link(tracker, f"信息有误：{region['name']} 地区对比（{region['code']}）", lines, aria).lstrip()


def fill_reports(text: str, bundle: dict, region: dict | None, path: str, today: str, report_url: str | None,
                 by_code: dict[str, dict]) -> str:
    """Replace the report marks (report_mark, report_row_mark) with links: to a new issue on the tracker at
    report_url, or, when it is empty, None or not an http(s) address, to the about page's 反馈 section.
    by_code: the bundle's regions by code (built once per build, not per page: builds stay linear)."""

    def fact(m: re.Match) -> str:
        key, code, number = m.groups()
        if code is None:
            return report_link(bundle, region, key, path, today, report_url)
        return report_period_link(bundle, by_code.get(code), key, int(number), path, report_url)

    text = _REPORT.sub(fact, text)
    return _REPORT_ROW.sub(lambda m: report_row_link(bundle, by_code[m.group(1)], path, today, report_url), text)
