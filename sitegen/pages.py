"""The guide's generated pages: render_all(bundle, today) -> {path: Markdown}. Pure: no MkDocs, no I/O, no clock.

Every fact on a page comes from the compiled rules bundle; every word about a value comes from
checker.messages (the one place for the engine's Chinese labels). What lives here is the page wording
around them. Three rules hold everywhere:

- all text from the data goes through esc() before it reaches Markdown (or esc_html() inside SVG/HTML);
- a fact is shown with its sources (numbered, listed at the end of the page with their tier) and the
  page shows the region's 信息核实日期;
- a gap says so and points to the local 医保经办机构 / 12393 (messages.HELP), it is never filled in.

Paths assume MkDocs' directory URLs (regions/<slug>/bind.md -> /regions/<slug>/bind/); Markdown links are
written to the .md files so that `mkdocs build --strict` checks them. Links inside SVG are computed.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from urllib.parse import quote, urlencode, urlsplit

from checker import messages as M
from checker.tools.compile import GAP_NOTE
from checker.timeline import Lookup, value_at
from checker.vocab import MEDIA_HOSTS, STALE_AFTER_DAYS

REGION_PAGES = ("index", "bind", "unbind", "query", "restore")
TASKS = {"bind": "绑定", "unbind": "解绑", "query": "查询", "restore": "恢复"}
TIMELINE_KEYS = ("available", "scope", "reach", "cross_province", "money_model", "premium_payment")
LIMIT_KEYS = ("max_relatives", "amount_limit", "balance_floor", "validity", "deduction_order")

# Short forms for the comparison table and the tile maps (the full labels are in messages.VALUE).
SHORT = {
    "available": {True: "已开通", False: "未开通"},
    "scope": {"immediate": "配偶父母子女", "near_relatives": "近亲属"},
    "reach": {"same_area": "同一统筹区", "province": "全省"},
    "cross_province": {"none": "未开通", "partial": "部分开通", "full": "全域开通"},
    "money_model": {"authorize": "授权扣款", "pooled_account": "共济账户", "link": "账户关联",
                    "prior_year_account": "只用历年账户"},
    "consent": {"pledge_only": "只需承诺", "relative_confirms": "本人确认"},
    "amount_limit": {"none": "不设限", "set_by_giver": "共济人设定"},
}
# Tile colours: light, so dark text stays readable; the legend and the table say the same in words.
COLOURS = {
    "money_model": {"authorize": "#8ecae6", "pooled_account": "#ffb703", "link": "#b5e48c",
                    "prior_year_account": "#f4a3a8", None: "#e0e0e0"},
    "cross_province": {"full": "#b5e48c", "partial": "#ffe08a", "none": "#f4a3a8", None: "#e0e0e0"},
}
# Schematic tile positions (column, row), not a map: neighbours are roughly neighbours.
TILES = {
    "230000": (7, 0),
    "660000": (0, 1), "150000": (4, 1), "110000": (5, 1), "210000": (6, 1), "220000": (7, 1),
    "650000": (0, 2), "620000": (2, 2), "640000": (3, 2), "140000": (4, 2), "130000": (5, 2), "120000": (6, 2),
    "630000": (1, 3), "610000": (3, 3), "410000": (4, 3), "370000": (5, 3),
    "540000": (0, 4), "510000": (2, 4), "500000": (3, 4), "420000": (4, 4), "340000": (5, 4), "320000": (6, 4),
    "530000": (2, 5), "520000": (3, 5), "430000": (4, 5), "360000": (5, 5), "330000": (6, 5), "310000": (7, 5),
    "450000": (3, 6), "440000": (4, 6), "350000": (5, 6),
    "460000": (4, 7),
}
OPEN = {"offline": "前往", "wechat": "在微信中打开", "miniprogram": "在微信中打开", "alipay": "在支付宝中打开"}
UNVERIFIED = '<span class="yb-unverified">未经官方核实</span>'
CHECKER_DIV = '<div class="yb-checker" data-region="{code}"></div>'
REPORT_URL = "https://github.com/OWNER/REPO/issues/new"  # 这条信息有误: the placeholder in mkdocs.yml


# ------------------------------------------------------------------ escaping (every data string passes here)
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>])")


def esc(text: object) -> str:
    """Data text -> inert Markdown: one line, HTML-escaped, Markdown syntax characters backslash-escaped."""
    one_line = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", html.escape(one_line, quote=False))


def esc_html(text: object) -> str:
    """Data text -> inert text inside raw HTML or SVG (attributes included)."""
    return html.escape(" ".join(str(text).split()), quote=True)


def link_url(url: str | None) -> str | None:
    """A link target safe inside Markdown (http/https only, brackets and spaces percent-encoded)."""
    if not url or urlsplit(url).scheme not in ("http", "https"):
        return None
    return quote(url, safe=":/?#@!$&*+,;=%~-._'")


def _official_host(url: str | None) -> bool:
    host = (urlsplit(url or "").hostname or "").lower()
    return any(host == s or host.endswith("." + s) for s in (*MEDIA_HOSTS, "gov.cn"))


# ------------------------------------------------------------------ one page's citations
class Page:
    """Collects the sources a page cites, numbered in order of first use, and renders the source list."""

    def __init__(self, bundle: dict, verified: str, verified_note: str = "") -> None:
        self.sources = bundle["sources"]
        self.verified = verified
        self.verified_note = verified_note
        self.order: list[str] = []

    def cite(self, ids) -> str:
        marks = []
        for sid in dict.fromkeys(ids or ()):
            if sid not in self.sources:
                continue
            if sid not in self.order:
                self.order.append(sid)
            n = self.order.index(sid) + 1
            marks.append(f"[\\[{n}\\]](#src-{n})")
        return (" " + "".join(marks)) if marks else ""

    def unverified(self, ids) -> str:
        """The visible mark for a fact that rests only on aggregator pages."""
        ids = [s for s in ids or () if s in self.sources]
        return " " + UNVERIFIED if ids and all(self.sources[s]["tier"] == "aggregator" for s in ids) else ""

    def cited(self, ids) -> str:
        return self.cite(ids) + self.unverified(ids)

    def footer(self) -> str:
        lines = ["", "## 来源 {#sources data-search-exclude}", "",
                 (f"信息核实日期：**{esc(self.verified)}**{self.verified_note}。"
                 "带“未经官方核实”标记的资料只见于聚合网站或来源不明的转载页，仅供参考。"), "",
                 f"本页写着“不清楚”的地方，或者拿不准的时候：{esc(M.HELP)}", ""]
        if not self.order:
            lines.append("本页没有引用具体资料；规则依据见各地区页面。")
        else:  # in its own box: drawn only when scrolled near (extra.css, content-visibility)
            lines += ['<div class="yb-sources" markdown>', ""]
            for n, sid in enumerate(self.order, 1):
                lines.append(f"{n}. <span id=\"src-{n}\"></span>{source_text(self.sources[sid])}")
            lines += ["", "</div>"]
        return "\n".join(lines) + "\n"


def source_text(src: dict) -> str:
    """Title (linked only when linkable), publisher, date, tier; mirrors are cited by outlet, not linked.
    A source whose page is gone (dead_links.toml) links its replacement or archived copy when there is one."""
    url = link_url(src["url"]) if src["linkable"] else None
    state = "（据转载页，未提供链接）" if src["mirror"] else ""
    if src.get("dead"):
        url = link_url(src.get("replacement"))
        state = "（原网页已失效，链接为新地址或存档）" if url else "（原网页已失效）"
    title = f"[{esc(src['title'])}]({url})" if url else esc(src["title"])
    tier = UNVERIFIED if src["tier"] == "aggregator" else esc(M.TIER[src["tier"]])
    return f"{title}，{esc(src['publisher'])}，{esc(src['date'])}{state} · {tier}"


# ------------------------------------------------------------------ facts as text
def label(key: str, value: object) -> str:
    return esc(M.value_label(key, value))


def short(key: str, value: object) -> str:
    return esc(SHORT.get(key, {}).get(value, M.value_label(key, value)))


def gap(note: str | None = None) -> str:
    """What a page says where the data has nothing: 不清楚 and the data's note. Where to ask is said once per
    page (Page.footer) and in the overview's gap list, not after every fact."""
    return f"不清楚。{esc(note) if note and note != GAP_NOTE else '资料中没有找到可靠来源。'}"


def _period_for(bundle: dict, region: dict | None, key: str, look: Lookup) -> dict | None:
    layer = (region or {}).get("timelines", {}) if look.layer == "regional" else bundle["national"]["timelines"]
    for p in layer.get(key, {}).get("periods", []):
        if p["certain"] == look.effective and p["value"] == look.value:
            return p
    return None


def since_text(bundle: dict, region: dict | None, key: str, look: Lookup) -> str:
    period = _period_for(bundle, region, key, look)
    if not look.effective:
        return ""
    if period and period["bounded"]:
        return f"（{esc(period['start'])}至{esc(period['certain'])}之间开始，最晚{esc(period['certain'])}起）"
    return f"（{esc(look.effective)}起）"


def timeline_text(bundle: dict, region: dict | None, key: str, look: Lookup) -> str:
    """A dated fact on the page's date: the value and since when, or why the data cannot tell."""
    if look.status == "known":
        return label(key, look.value) + since_text(bundle, region, key, look)
    if look.status == "uncertain" and look.until:
        return (f"不确定：资料只能确认到{esc(look.until)}（当时是{label(key, look.candidates[0])}），"
                f"之后是否变化不清楚。{esc(M.HELP)}")
    if look.status == "uncertain":
        options = "或".join(label(key, v) for v in look.candidates)
        window = f"{esc(look.window[0])}至{esc(look.window[1])}" if look.window else "某个未知日期"
        return f"不确定：{window}之间有变化，可能是{options}。{esc(M.HELP)}"
    return gap()


def layer_tag(layer: str) -> str:
    return {"regional": " · 本地规定", "national": " · 全国规定"}.get(layer, "")


def report_mark(key: str, code: str | None = None, number: int | None = None) -> str:
    """Where a fact's 这条信息有误 link goes; render_all fills it in (report_link): for the page's region, or
    for one period of a timeline (`code`: a region code or "national", `number`: the period's, from 1)."""
    return f" {{{{report:{key}}}}}" if code is None else f" {{{{report:{key}:{code}:{number}}}}}"


def report_row_mark(code: str) -> str:
    """Where a comparison-table row's 这条信息有误 link goes (report_row_link)."""
    return f"{{{{report-row:{code}}}}}"


def plain_text(key: str, fact: dict, note: bool = True) -> str:
    """A plain fact's value in words (without sources), or the gap text."""
    if fact["status"] != "known":
        return gap(fact.get("note"))
    text = label(key, fact["value"])
    if key == "consent" and fact.get("confirm_age") is not None:
        age = fact["confirm_age"]
        text += f"：{age}周岁及以上的亲属本人确认（刷脸），{age}周岁以下的可直接加入"
    if fact.get("since"):
        text += f"（{esc(fact['since'])}起）"
    if fact.get("materials"):
        text = text.rstrip("。") + "。带好：" + "、".join(esc(m) for m in fact["materials"])
    if note and fact.get("note"):
        text = text.rstrip("。") + f"。{esc(fact['note'])}"
    return text



def fact_item(page: Page, key: str, fact: dict) -> str:
    layer = layer_tag(fact["layer"]) if fact["status"] == "known" else ""
    line = (f"- **{esc(M.FACT[key])}**：{plain_text(key, fact, note=False)}{layer}{page.cited(fact['sources'])}"
            f"{report_mark(key)}")
    return with_note(line, fact["note"] if fact["status"] == "known" else None)


def with_note(line: str, note: str | None) -> str:
    """A list item with the data's explanation as its own paragraph under it."""
    return f"{line}\n\n    {esc(note)}\n" if note else line


def timeline_item(page: Page, bundle: dict, region: dict | None, key: str, today: str) -> str:
    look = value_at(bundle, region, key, today)
    line = (f"- **{esc(M.FACT[key])}**：{timeline_text(bundle, region, key, look)}"
            f"{layer_tag(look.layer)}{page.cited(look.sources)}{report_mark(key)}")
    return with_note(line, look.note if look.status == "known" else None)


# ------------------------------------------------------------------ shared page parts
def admonition(kind: str, title: str, body: list[str]) -> str:
    return "\n".join([f'!!! {kind} "{title}"', "", *("    " + line if line else "" for line in body), ""])


def national_note(bundle: dict, note_id: str) -> dict:
    return next(n for n in bundle["national"]["notes"] if n["id"] == note_id)


def warnings(page: Page, bundle: dict) -> str:
    """The two mistakes people make most: sharing the card, and taking 亲情账户 for 家庭共济."""
    card = national_note(bundle, "card_not_shareable")
    fam = national_note(bundle, "family_account_not_mutual_aid")
    return "\n".join([
        admonition("warning", "钱可以共济，卡不能共用", [esc(card["text"]) + page.cited(card["sources"])]),
        admonition("warning", "亲情账户不是家庭共济",
                   [esc(fam["text"]) + page.cited(fam["sources"]), "",
                    "详见[亲情账户和家庭共济的区别](../../national/qinqing.md)。"]),
    ])


def stale_warning(verified: str, today: str) -> str:
    days = (dt.date.fromisoformat(today) - dt.date.fromisoformat(verified)).days
    if days <= STALE_AFTER_DAYS:
        return ""
    return admonition("danger", "信息可能已经过时",
                      [f"这一页的信息核实于{esc(verified)}，已超过半年。办理前请向当地医保部门确认。{esc(M.HELP)}"])


def region_header(region: dict, current: str, title: str, today: str) -> list[str]:
    tabs = " ".join(
        f"**{TASKS.get(p, '概览')}**" if p == current else f"[{TASKS.get(p, '概览')}]({p}.md)" for p in REGION_PAGES)
    local = f" · 本地叫法：{esc(region['local_name'])}" if region["local_name"] else ""
    lines = [f"# {esc(region['short'])}：{title}", "",
             f"信息核实日期：**{esc(region['verified'])}**{local} · 规则按{today}整理", "",
             tabs, "{ .yb-tasks }", ""]
    stale = stale_warning(region["verified"], today)
    return lines + ([stale] if stale else [])


def checker_box(region: dict) -> list[str]:
    return ["", "## 自己查一查 {#check data-search-exclude}", "",
            "输入您和亲属的情况，马上知道能不能办、去哪里办。没有加载出来也没关系，本页的说明已经完整。", "",
            CHECKER_DIV.format(code=esc_html(region["code"])), ""]


# ------------------------------------------------------------------ channels and steps
def _channels_for(bundle: dict, region: dict) -> list[dict]:
    """The region's own channels, then the national app's 地方专区 (always available)."""
    national = [c for c in bundle["national"]["channels"] if c["id"] == "n-app-local"]
    return list(region["channels"]) + national


def _tab_labels(channels: list[dict]) -> list[str]:
    labels, seen = [], {}
    for c in channels:
        base = M.CHANNEL_KIND[c["kind"]]
        seen[base] = seen.get(base, 0) + 1
        labels.append(base if seen[base] == 1 else f"{base} {seen[base]}")
    return labels


def channel_steps(page: Page, channel: dict, action: str) -> list[str]:
    """Numbered steps, one action each: open the channel, tap through its menu path, then the data's steps."""
    verb = OPEN.get(channel["kind"], "打开")
    steps = [f"{verb}：{esc(channel['name'])}"]
    steps += [f"点击「{esc(item)}」" for item in channel["path"]]
    known = channel.get(action) or []
    steps += [esc(s) for s in known]
    lines = [f"{n}. {s}" for n, s in enumerate(steps, 1)]
    if not known:
        lines += ["", f"没有找到这个渠道{M.ACTION[action]}的具体步骤：进入上面的入口后，按页面提示操作。"]
    url = link_url(channel.get("url")) if _official_host(channel.get("url")) else None
    if url:
        lines += ["", f"网址：[{esc(channel['url'])}]({url})"]
    if channel.get("note"):
        lines += ["", f"说明：{esc(channel['note'])}"]
    lines += ["", "依据：" + page.cited(channel["sources"]).strip()]
    return lines


def offline_extra(page: Page, region: dict) -> list[str]:
    fact = region["facts"]["offline"]
    lines = ["", f"**线下办理**：{plain_text('offline', fact)}{page.cited(fact['sources'])}{report_mark('offline')}"]
    return lines


def channel_tabs(page: Page, bundle: dict, region: dict, action: str) -> str:
    """One Material content tab per channel; a 线下窗口 tab even when only the offline fact is known."""
    channels = _channels_for(bundle, region)
    out = []
    for tab, ch in zip(_tab_labels(channels), channels):
        body = channel_steps(page, ch, action)
        if ch["kind"] == "offline":
            body += offline_extra(page, region)
        out += [f'=== "{esc_html(tab)}"', "", *("    " + b if b else "" for b in body), ""]
    if not any(c["kind"] == "offline" for c in channels):
        body = offline_extra(page, region)[1:]
        out += ['=== "线下窗口"', "", *("    " + b if b else "" for b in body), ""]
    return "\n".join(out)


def steps_section(page: Page, bundle: dict, region: dict, action: str, heading: str) -> list[str]:
    """The steps heading, a plain 'not found' notice first when no local channel has steps, then the tabs."""
    lines = [heading, ""]
    if not any(c[action] for c in region["channels"]):
        text = M.REASON["steps_unknown"].format(region=region["short"], action=M.ACTION[action])
        lines.append(admonition("info", "没有找到具体步骤", [esc(text) + esc(M.HELP)]))
    return [*lines, "每个标签是一种办理渠道，选您方便的一种。", "", channel_tabs(page, bundle, region, action)]


def wallet_section(page: Page, bundle: dict, region: dict, today: str, action: str) -> list[str]:
    """Cross-province 共济 goes through the national app's 医保钱包 (both sides must have it)."""
    look = value_at(bundle, region, "cross_province", today)
    wallet = next(c for c in bundle["national"]["channels"] if c["id"] == "n-app-wallet")
    model = value_at(bundle, None, "wallet_model", today)
    searched = "" if action == "bind" else " data-search-exclude"  # indexed once, on the bind page
    lines = ["", f"## 亲属在外省参保：跨省共济 {{#wallet{searched}}}", "",
             (f"{esc(region['short'])}的医保钱包：{timeline_text(bundle, region, 'cross_province', look)}"
             f"{page.cited(look.sources)}{report_mark('cross_province')}"), "",
             (f"医保钱包现在的方式：{timeline_text(bundle, None, 'wallet_model', model)}{page.cited(model.sources)}"
              f"{report_mark('wallet_model')}"), ""]
    if look.status == "known" and look.value == "none":
        return lines + ["现在还不能跨省共济。", ""]
    body = channel_steps(page, wallet, action)
    return lines + ['=== "国家医保服务平台"', "", *("    " + b if b else "" for b in body), ""]


# ------------------------------------------------------------------ pictures (inline SVG, built here)
def _wrap(text: str, width: int) -> list[str]:
    return [text[i:i + width] for i in range(0, len(text), width)] or [""]


def flow_svg(region: dict | None = None) -> str:
    """The binding flow as an inline SVG: a column of boxes; a question box says what happens on 否."""
    where = region["short"] if region else "参保地"
    module = (region["local_name"] or "家庭共济") if region else "家庭共济"
    boxes = [
        ("您参加职工医保，有个人账户吗？", "否：居民医保没有个人账户，不能当共济人。"),
        ("亲属是近亲属，本人也参加了基本医保吗？", "否：没参保的，可以先用您的个人账户为他交居民医保费。"),
        ("亲属和您在同一个省参保吗？", "否：用国家医保服务平台App的「医保钱包」跨省共济。"),
        (f"打开{where}的医保App、公众号、支付宝，或去窗口，找到「{module}」。", ""),
        ("添加亲属，签承诺书。有的地方还要亲属本人刷脸确认、设定额度。", ""),
        ("完成：亲属用他本人的医保码或医保卡结算，钱从您的账户扣。", ""),
    ]
    width, x0, y, parts = 360, 8, 8, []
    for i, (main, side) in enumerate(boxes):
        lines, sides = _wrap(main, 20), _wrap(side, 24) if side else []
        h = 14 + 22 * len(lines) + 18 * len(sides)
        parts.append(f'<rect x="{x0}" y="{y}" width="{width - 2 * x0}" height="{h}" rx="8" class="yb-flow-box"/>')
        parts += [f'<text x="{x0 + 12}" y="{y + 26 + 22 * k}" class="yb-flow-text">{esc_html(t)}</text>'
                  for k, t in enumerate(lines)]
        parts += [f'<text x="{x0 + 12}" y="{y + 24 + 22 * len(lines) + 18 * k}" class="yb-flow-side">{esc_html(t)}</text>'
                  for k, t in enumerate(sides)]
        y += h
        if i < len(boxes) - 1:
            parts.append(f'<line x1="{width // 2}" y1="{y}" x2="{width // 2}" y2="{y + 22}" class="yb-flow-arrow" '
                         'marker-end="url(#yb-arrow)"/>')
            if side:
                parts.append(f'<text x="{width // 2 + 10}" y="{y + 17}" class="yb-flow-side">是</text>')
            y += 26
    return "\n".join([  # inside a <div>: a raw HTML block, so Markdown never touches the SVG's text
        '<div class="yb-figure">',
        (f'<svg class="yb-flow" viewBox="0 0 {width} {y + 8}" role="img" aria-labelledby="yb-flow-title" '
        'xmlns="http://www.w3.org/2000/svg">'),
        f'<title id="yb-flow-title">绑定家庭共济的流程（{esc_html(where)}）</title>',
        ('<defs><marker id="yb-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>'),
        *parts, "</svg>", "</div>"])


def _swatch(colour: str) -> str:
    """A legend colour as SVG (a presentation attribute, not an inline style: the site's CSP forbids those)."""
    return (f'<svg class="yb-swatch" viewBox="0 0 16 16" aria-hidden="true"><rect width="16" height="16" '
            f'fill="{colour}" stroke="#555"/></svg>')


def tile_map(bundle: dict, today: str, key: str, page: Page) -> str:
    """A schematic grid of all regions coloured by a dated fact's value on the page's date (a picture)."""
    size, gap_px, tiles = 60, 4, []
    counts: dict[object, int] = {}
    for region in bundle["regions"]:
        look = value_at(bundle, region, key, today)
        page.cite(look.sources)
        value = look.value if look.status == "known" else None
        counts[value] = counts.get(value, 0) + 1
        col, row = TILES[region["code"]]
        x, y = col * (size + gap_px), row * (size + gap_px)
        state = short(key, value) if value is not None else "不确定"
        # A picture, not links: the region links are in the page's tables and lists. (SVG links would need
        # xlink:href, which Material's instant navigation needs and search engines do not follow.)
        tiles.append(
            f'<g><rect x="{x}" y="{y}" width="{size}" height="{size}" rx="6" '
            f'fill="{COLOURS[key][value]}"><title>{esc_html(region["short"])}：{esc_html(state)}</title></rect>'
            f'<text x="{x + size / 2}" y="{y + size / 2 + 6}" text-anchor="middle" class="yb-tile-text">'
            f'{esc_html(region["short"])}</text></g>')
    w, h = 8 * (size + gap_px), 8 * (size + gap_px)
    svg = (f'<svg class="yb-tiles" viewBox="0 0 {w} {h}" xmlns="http://www.w3.org/2000/svg" role="img" '
           f'aria-label="各地区{esc_html(M.FACT[key])}示意图（各地区的详情见本页的表格和列表）">'
           + "".join(tiles) + "</svg>")
    legend = [f'<li>{_swatch(COLOURS[key][v])}{esc_html(SHORT[key][v])}：{counts[v]}个地区</li>'
              for v in SHORT[key] if counts.get(v)]
    if counts.get(None):
        legend.append(f'<li>{_swatch(COLOURS[key][None])}资料不足或不确定：{counts[None]}个地区</li>')
    return "\n".join(['<figure class="yb-map">', svg,
                      (f'<figcaption>{esc_html(M.FACT[key])}（截至{esc_html(today)}；示意图，不是地图；点地区看详情）'
                      '</figcaption>'), '<ul class="yb-legend">', *legend, "</ul>", "</figure>", ""])


# ------------------------------------------------------------------ region pages
def differences(page: Page, bundle: dict, region: dict, today: str) -> list[str]:
    """What this region's own file says that differs from (or adds to) the national defaults."""
    lines = []
    for key in sorted(region["timelines"]):
        here = value_at(bundle, region, key, today)
        nat = value_at(bundle, None, key, today)
        if here.layer != "regional":
            continue
        national = timeline_text(bundle, None, key, nat) if nat.status != "no_data" else "未规定"
        lines.append(f"- **{esc(M.FACT[key])}**：本地{timeline_text(bundle, region, key, here)}"
                     f"{page.cited(here.sources)}；全国：{national}{report_mark(key)}")
    for key, fact in region["facts"].items():
        if fact["layer"] == "regional" and fact["status"] == "known":
            nat = bundle["national"]["facts"].get(key)
            national = plain_text(key, nat) if nat and nat["status"] == "known" else "全国没有统一规定"
            lines.append(f"- **{esc(M.FACT[key])}**：本地{label(key, fact['value'])}{page.cited(fact['sources'])}"
                         f"；全国：{national}{report_mark(key)}")
    return lines or ["资料中没有记录本地与全国规定不同的地方；下面的内容按全国规定。"]


def gaps(region: dict) -> list[str]:
    unknown = [M.FACT[k] for k, f in region["facts"].items() if f["status"] != "known"]
    if not unknown:
        return []
    return ["", "## 还不清楚的信息 {#gaps}", "",
            f"以下信息资料中没有找到可靠来源，本站不作猜测：{esc('、'.join(unknown))}。", "",
            f"办理前可以问一问：{esc(M.HELP)}", ""]


def region_overview(bundle: dict, region: dict, today: str) -> str:
    page = Page(bundle, region["verified"])
    facts = region["facts"]
    lines = region_header(region, "index", "职工医保个人账户家庭共济", today)
    lines += ["## 现在的规定 {#now}", "",
              *(timeline_item(page, bundle, region, k, today) for k in TIMELINE_KEYS), "",
              "## 要办什么？ {#tasks}", "",
              "- [绑定：让亲属用我的个人账户](bind.md)", "- [解绑：不再让亲属用](unbind.md)",
              "- [查询：看绑了谁、花了多少](query.md)", "- [恢复：解绑后重新绑定](restore.md)", "",
              "## 亲属确认和未成年人 {#consent}", "", consent_text(page, region), "",
              "## 额度和限制 {#limits}", "", *(fact_item(page, k, facts[k]) for k in LIMIT_KEYS), "",
              "## 线下办理 {#offline}", "", fact_item(page, "offline", facts["offline"]), "",
              "## 本地额外规定 {#extra}", "",
              fact_item(page, "extra_relations", facts["extra_relations"]),
              fact_item(page, "extra_uses", facts["extra_uses"]), "",
              "## 与全国规定的不同 {#differences}", "", *differences(page, bundle, region, today), ""]
    if region["notes"]:
        lines += ["## 本地提醒 {#notes}", "", *(f"- {esc(n['text'])}{page.cited(n['sources'])}" for n in region["notes"]), ""]
    lines += gaps(region)
    lines += ["## 历史变化 {#history data-search-exclude}", "", *region_history(page, bundle, region), "",
              "全国的变化见[全国规则与时间线](../../national/index.md)；各地对比见[地区对比](../../compare.md)。", ""]
    lines += [warnings(page, bundle), *checker_box(region)]
    return "\n".join(lines) + page.footer()


def consent_text(page: Page, region: dict) -> str:
    fact = region["facts"]["consent"]
    if fact["status"] != "known":
        return (f"不清楚。{esc(M.REASON['consent_unknown'].format(region=region['short']))}"
                + page.cited(fact["sources"]) + report_mark("consent"))
    return plain_text("consent", fact) + layer_tag(fact["layer"]) + page.cited(fact["sources"]) + report_mark("consent")


def region_bind(bundle: dict, region: dict, today: str) -> str:
    page = Page(bundle, region["verified"])
    facts = region["facts"]
    lines = region_header(region, "bind", "绑定家庭共济（让亲属用我的个人账户）", today)
    lines += ["先看能不能办，再按渠道一步一步操作。", "",
              "## 谁可以绑定 {#who data-search-exclude}", "",
              timeline_item(page, bundle, region, "available", today),
              timeline_item(page, bundle, region, "scope", today),
              timeline_item(page, bundle, region, "reach", today),
              f"- **{esc(M.FACT['consent'])}**：{consent_text(page, region)}", "",
              "## 办理流程 {#flow data-search-exclude}", "", flow_svg(region), "",
              *steps_section(page, bundle, region, "bind", "## 怎么办理 {#steps}")]
    lines += wallet_section(page, bundle, region, today, "bind")
    lines += ["", "## 额度和限制 {#limits data-search-exclude}", "", *(fact_item(page, k, facts[k]) for k in LIMIT_KEYS),
              "", warnings(page, bundle), *checker_box(region)]
    return "\n".join(lines) + page.footer()


def region_unbind(bundle: dict, region: dict, today: str) -> str:
    page = Page(bundle, region["verified"])
    facts = region["facts"]
    auto = national_note(bundle, "auto_termination")
    lines = region_header(region, "unbind", "解绑家庭共济（不再让亲属用）", today)
    lines += ["## 解绑的规定 {#rules}", "",
              fact_item(page, "unbind_who", facts["unbind_who"]),
              fact_item(page, "unbind_lock_months", facts["unbind_lock_months"]),
              timeline_item(page, bundle, region, "money_model", today),
              f"- **自动解除**：{esc(auto['text'])}{page.cited(auto['sources'])}", "",
              *steps_section(page, bundle, region, "unbind", "## 怎么解绑 {#steps}")]
    lines += ["", "## 解绑后 {#after}", "", fact_item(page, "rebind", facts["rebind"]),
              "- 解绑后想再绑，见[恢复](restore.md)。", "", warnings(page, bundle), *checker_box(region)]
    return "\n".join(lines) + page.footer()


def region_query(bundle: dict, region: dict, today: str) -> str:
    page = Page(bundle, region["verified"])
    lines = region_header(region, "query", "查询家庭共济（绑了谁、花了多少）", today)
    lines += ["一般在办理绑定的同一个模块里可以看到已绑定的亲属和使用记录。", "",
              *steps_section(page, bundle, region, "query", "## 怎么查询 {#steps}")]
    lines += wallet_section(page, bundle, region, today, "query")
    lines += ["", "## 查询时留意 {#notes data-search-exclude}", "", fact_item(page, "deduction_order", region["facts"]["deduction_order"]),
              fact_item(page, "amount_limit", region["facts"]["amount_limit"]), "",
              warnings(page, bundle), *checker_box(region)]
    return "\n".join(lines) + page.footer()


def region_restore(bundle: dict, region: dict, today: str) -> str:
    page = Page(bundle, region["verified"])
    facts = region["facts"]
    auto = national_note(bundle, "auto_termination")
    lines = region_header(region, "restore", "恢复家庭共济（解绑后重新绑定）", today)
    lines += ["恢复就是重新绑定：一般按绑定的规则和步骤再办一次（资料中未见专门的恢复手续）。", "",
              "## 能不能马上重新绑定 {#rules}", "", fact_item(page, "rebind", facts["rebind"]),
              fact_item(page, "unbind_lock_months", facts["unbind_lock_months"]),
              timeline_item(page, bundle, region, "scope", today), "",
              "## 什么时候需要恢复 {#when}", "",
              "- 您或亲属换了参保地、转了医保关系，或停保后重新参保：",
              f"    {esc(auto['text'])}{page.cited(auto['sources'])}",
              "- 之前主动解绑过，现在想再让亲属用。", "",
              *steps_section(page, bundle, region, "bind", "## 怎么重新绑定 {#steps data-search-exclude}"),
              "更多说明见[绑定](bind.md)。", "", warnings(page, bundle), *checker_box(region)]
    return "\n".join(lines) + page.footer()


REGION_RENDERERS = {"index": region_overview, "bind": region_bind, "unbind": region_unbind,
                    "query": region_query, "restore": region_restore}


# ------------------------------------------------------------------ history
def period_when(p: dict) -> str:
    """When a period starts, in words (unescaped): a date, or the window the change happened in."""
    return f"{p['start']}至{p['certain']}之间" if p["bounded"] else f"{p['start']}起"


def _period_line(page: Page, key: str, p: dict, code: str, number: int) -> tuple[str, str]:
    until = f"（资料只确认到{esc(p['until'])}）" if p["until"] else ""
    line = (f"- **{esc(period_when(p))}** · {esc(M.FACT[key])}：{label(key, p['value'])}{until}"
            f"{page.cited(p['sources'])}{report_mark(key, code, number)}")
    return p["start"], with_note(line, p["note"])


def region_history(page: Page, bundle: dict, region: dict) -> list[str]:
    items = sorted((_period_line(page, k, p, region["code"], n) for k, tl in region["timelines"].items()
                    for n, p in enumerate(tl["periods"], 1)), key=lambda item: item[0])
    if not items:
        return ["资料中没有本地的变化记录；这里的规则跟随全国时间线。"]
    return [line for _, line in items]


def national_history(page: Page, bundle: dict) -> list[str]:
    tl = bundle["national"]["timelines"]
    items = sorted((_period_line(page, k, p, "national", n) for k in tl for n, p in enumerate(tl[k]["periods"], 1)),
                   key=lambda item: item[0])
    return [line for _, line in items]


# ------------------------------------------------------------------ all-region pages
def regions_index(bundle: dict, today: str) -> str:
    page = Page(bundle, today, "（各地区的核实日期见下表）")
    lines = ["# 各地指南", "", "选您（共济人）参保的地区。每个地区有五页：概览、绑定、解绑、查询、恢复。", "",
             "| 地区 | 办理 | 信息核实日期 |", "|---|---|---|"]
    for r in bundle["regions"]:
        base = f"{r['slug']}/"
        tasks = " · ".join(f"[{TASKS[p]}]({base}{p}.md)" for p in REGION_PAGES[1:])
        lines.append(f"| [{esc(r['name'])}]({base}index.md) | {tasks} | {esc(r['verified'])} |")
    lines += ["", "## 各地的资金方式 {#map}", "", tile_map(bundle, today, "money_model", page),
              "各地对比见[地区对比](../compare.md)。"]
    return "\n".join(lines) + "\n" + page.footer()


def _cell_timeline(page: Page, bundle: dict, region: dict, key: str, today: str, ids: list) -> str:
    look = value_at(bundle, region, key, today)
    ids += look.sources
    if look.status == "known":
        return short(key, look.value)
    return "不确定" if look.status == "uncertain" else "未知"


def _cell_plain(region: dict, key: str, ids: list) -> str:
    fact = region["facts"][key]
    ids += fact["sources"]
    if fact["status"] != "known":
        return "未知"
    if key == "consent" and fact["value"] == "relative_confirms" and fact.get("confirm_age") is not None:
        return f"{fact['confirm_age']}岁及以上本人确认"
    if key == "unbind_lock_months":
        return "无" if fact["value"] == 0 else f"{fact['value']}个月"
    if key == "max_relatives":
        return f"{fact['value']}人"
    return short(key, fact["value"])


# The comparison table's fact columns: (header, fact key). "channels" is the region's list of ways to apply.
COMPARE_COLUMNS = (("范围", "scope"), ("地域", "reach"), ("跨省", "cross_province"), ("亲属确认", "consent"),
                   ("额度", "amount_limit"), ("人数", "max_relatives"), ("解绑限制", "unbind_lock_months"),
                   ("资金方式", "money_model"), ("渠道", "channels"))


def compare_cells(page: Page, bundle: dict, region: dict, today: str, ids: list) -> list[str]:
    """One region's fact cells of the comparison table (Markdown), adding the sources they rest on to `ids`."""
    cells = []
    for _, key in COMPARE_COLUMNS:
        if key == "channels":
            kinds = list(dict.fromkeys(M.CHANNEL_KIND[c["kind"]] for c in region["channels"]))
            cells.append(esc("、".join(kinds)) if kinds else "未知")
        elif key in TIMELINE_KEYS:
            cells.append(_cell_timeline(page, bundle, region, key, today, ids))
        else:
            cells.append(_cell_plain(region, key, ids))
    return cells


def compare_page(bundle: dict, today: str) -> str:
    page = Page(bundle, today, "（各地区的核实日期见表中“核实”一列）")
    headers = " | ".join(h for h, _ in COMPARE_COLUMNS)
    lines = ["# 地区对比", "", (f"各地规则截至{today}。“未知”表示资料中没有找到，请向当地医保部门确认；"
             "“不确定”表示资料只知道变化发生在某段时间内。点地区名看详情和来源。"), "",
             '<div class="yb-compare" markdown>', "",
             f"| 地区 | {headers} | 核实 | 来源 | 报错 |", "|---" * (len(COMPARE_COLUMNS) + 4) + "|"]
    for r in bundle["regions"]:
        ids: list[str] = []
        cells = compare_cells(page, bundle, r, today, ids)
        cells += [esc(r["verified"]), page.cite(ids).strip(), report_row_mark(r["code"])]
        lines.append(f"| [{esc(r['short'])}](regions/{r['slug']}/index.md) | " + " | ".join(cells) + " |")
    lines += ["", "</div>", "", "## 一图看懂 {#maps}", "",
              "### 资金方式", "", tile_map(bundle, today, "money_model", page),
              "### 跨省共济（医保钱包）", "", tile_map(bundle, today, "cross_province", page),
              "资金方式的含义见[钱怎么共济](national/money.md)。"]
    return "\n".join(lines) + "\n" + page.footer()


def changes_page(bundle: dict, today: str) -> str:
    page = Page(bundle, today, "（各地区的核实日期见各节）")
    lines = ["# 各地变化记录", "",
             "按日期列出每个地区的规则变化。“之间”表示资料只知道变化发生在这段时间内。", "",
             "## 全国 {#national}", "", *national_history(page, bundle), "",
             "全国大事见[全国规则与时间线](national/index.md)。", ""]
    for r in bundle["regions"]:
        lines += [f"## {esc(r['name'])} {{#{r['slug']}}}", "",
                  f"信息核实日期：{esc(r['verified'])} · [查看{esc(r['short'])}指南](regions/{r['slug']}/index.md)", "",
                  *region_history(page, bundle, r), ""]
    return "\n".join(lines) + page.footer()


# ------------------------------------------------------------------ national pages
def national_index(bundle: dict, today: str) -> str:
    nat = bundle["national"]
    page = Page(bundle, nat["verified"])
    lines = ["# 全国规则与时间线", "", f"信息核实日期：**{esc(nat['verified'])}** · 规则按{today}整理", "",
             ("家庭共济的全国规则由国务院办公厅文件和国家医保局通知确定，各地在此基础上制定细则。"
             "各地与全国不同的地方，见各地区页面的“与全国规定的不同”。"), "",
             "## 现在的全国规定 {#now}", "",
             *(timeline_item(page, bundle, None, k, today) for k in (*TIMELINE_KEYS, "wallet_model")), "",
             "## 全国没有统一规定的事项 {#national-gaps}", "",
             *(fact_item(page, k, f) for k, f in nat["facts"].items()), "",
             "## 大事记 {#timeline}", ""]
    for t in nat["timeline"]:
        lines += [f"### {esc(t['date'])} {esc(t['title'])}", "", esc(t["text"]) + page.cited(t["sources"]), ""]
    lines += ["## 规则变化明细 {#periods}", "", *national_history(page, bundle), "",
              "## 任何地区都适用 {#always}", "",
              *(f"- {esc(n['text'])}{page.cited(n['sources'])}" for n in nat["notes"]), ""]
    return "\n".join(lines) + page.footer()


def qinqing_page(bundle: dict, today: str) -> str:
    nat = bundle["national"]
    page = Page(bundle, nat["verified"])
    fam = national_note(bundle, "family_account_not_mutual_aid")
    consent = nat["facts"]["consent"]
    lines = ["# 亲情账户和家庭共济的区别", "", f"信息核实日期：**{esc(nat['verified'])}**", "",
             admonition("warning", "亲情账户不是家庭共济", [esc(fam["text"]) + page.cited(fam["sources"])]),
             "| | 亲情账户 | 家庭共济 |", "|---|---|---|",
             "| 做什么 | 帮家人出示、使用**他自己的**医保码 | 让亲属用**您的**职工医保个人账户 |",
             "| 花谁的钱 | 家人自己的钱 | 您（共济人）个人账户的钱 |",
             "| 在哪里办 | 国家医保服务平台App等的“亲情账户” | 当地医保App、公众号、支付宝或窗口的家庭共济模块 |",
             "| 解除 | 解除亲情账户 | 在家庭共济模块里解绑；解除亲情账户不会解除共济 |", "",
             "## 亲情账户里的年龄规定 {#age}", "", esc(consent["note"] or "") + page.cited(consent["sources"]), "",
             "家庭共济本身是否要求亲属本人确认，各地不同，见各地区页面的“亲属确认和未成年人”。", ""]
    return "\n".join(lines) + page.footer()


def money_page(bundle: dict, today: str) -> str:
    nat = bundle["national"]
    page = Page(bundle, nat["verified"], "（各地区的核实日期见各地区页面）")
    lines = ["# 钱怎么共济：资金方式", "", f"信息核实日期：**{esc(nat['verified'])}** · 规则按{today}整理", "",
f"各地把个人账户的钱给亲属用，有几种不同的方式。下面按方式列出各地区（截至{today}）。", ""]
    by_model: dict[object, list[str]] = {}
    for r in bundle["regions"]:
        look = value_at(bundle, r, "money_model", today)
        page.cite(look.sources)
        by_model.setdefault(look.value if look.status == "known" else None, []).append(
            f"[{esc(r['short'])}](../regions/{r['slug']}/index.md)")
    for value, text in M.VALUE["money_model"].items():
        where = "、".join(by_model.get(value, [])) or "资料中暂无地区"
        lines += [f"## {esc(SHORT['money_model'][value])} {{#{value}}}", "", esc(text), "", f"地区：{where}", ""]
    if by_model.get(None):
        lines += ["## 资料不足 {#unknown}", "", "以下地区的资金方式资料中不确定：" + "、".join(by_model[None]), ""]
    lines += ["## 跨省共济：医保钱包 {#wallet}", "", timeline_item(page, bundle, None, "wallet_model", today), "",
              "### 医保钱包的变化", ""]
    for n, p in enumerate(nat["timelines"].get("wallet_model", {}).get("periods", []), 1):
        lines.append(_period_line(page, "wallet_model", p, "national", n)[1])
    lines += ["", "## 一图看懂 {#map}", "", tile_map(bundle, today, "money_model", page),
              "能付什么、不能付什么，见[钱能用在哪里](uses.md)。"]
    return "\n".join(lines) + "\n" + page.footer()


def uses_page(bundle: dict, today: str) -> str:
    nat = bundle["national"]
    page = Page(bundle, nat["verified"], "（各地区的核实日期见各地区页面）")
    money_only = national_note(bundle, "money_only")
    lines = ["# 钱能用在哪里", "", f"信息核实日期：**{esc(nat['verified'])}**", "",
             "## 可以支付 {#may-pay}", "",
             *(f"- {esc(u['text'])}{page.cited(u['sources'])}" for u in nat["uses"]["may_pay"]), "",
             "## 不能支付 {#may-not-pay}", "",
             *(f"- {esc(u['text'])}{page.cited(u['sources'])}" for u in nat["uses"]["may_not_pay"]), "",
             admonition("note", "共济的只是钱", [esc(money_only["text"]) + page.cited(money_only["sources"])]),
             "## 各地额外允许的用途 {#extra}", ""]
    extra = [f"- [{esc(r['short'])}](../regions/{r['slug']}/index.md)：{label('extra_uses', r['facts']['extra_uses']['value'])}"
             f"{page.cited(r['facts']['extra_uses']['sources'])}"
             for r in bundle["regions"] if r["facts"]["extra_uses"]["status"] == "known"]
    lines += extra or ["资料中暂无地区规定额外用途。"]
    return "\n".join(lines) + "\n" + page.footer()


FAQ = (  # question -> the national note that answers it
    ("亲属看病，能拿我的医保卡去刷吗？", "card_not_shareable"),
    ("我在手机上给家人开了“亲情账户”，算家庭共济吗？", "family_account_not_mutual_aid"),
    ("我参加的是居民医保，能给家人共济吗？", "giver_must_be_employee"),
    ("亲属还没参保，能用我的个人账户吗？", "receiver_must_be_insured"),
    ("用了我的钱，亲属能按我的待遇报销吗？", "money_only"),
    ("换工作、换城市以后，共济还在吗？", "auto_termination"),
)


def faq_page(bundle: dict, today: str) -> str:
    nat = bundle["national"]
    page = Page(bundle, nat["verified"])
    scope = value_at(bundle, None, "scope", today)
    cross = value_at(bundle, None, "cross_province", today)
    lines = ["# 常见问题", "", f"信息核实日期：**{esc(nat['verified'])}**", ""]
    for question, note_id in FAQ:
        note = national_note(bundle, note_id)
        lines += [f"## {question}", "", esc(note["text"]) + page.cited(note["sources"]), ""]
    lines += ["## 能给哪些亲属用？", "",
              (f"全国规定：{timeline_text(bundle, None, 'scope', scope)}{page.cited(scope.sources)}。"
              "各地的情况见各地区页面。"), "",
              "## 亲属在外省，能共济吗？", "",
              (f"全国：{timeline_text(bundle, None, 'cross_province', cross)}{page.cited(cross.sources)}。"
              "双方所在地都开通医保钱包才行，各地情况见[地区对比](../compare.md)。"), "",
              "## 还有问题找谁？", "", esc(M.HELP), ""]
    return "\n".join(lines) + page.footer()


def data_page(bundle: dict, today: str) -> str:
    page = Page(bundle, today, "（数据中最新的核实日期；各地区的日期在数据的 regions[].verified 中）")
    tiers: dict[str, int] = {}
    for src in bundle["sources"].values():
        tiers[src["tier"]] = tiers.get(src["tier"], 0) + 1
    tier_text = "、".join(f"{esc(M.TIER[t])}{tiers[t]}条" for t in ("official", "media", "aggregator") if t in tiers)
    lines = ["# 开放数据", "",
             "本站的每一页都由同一份规则数据生成。数据公开，可以直接下载、引用和检查。", "",
             "## 下载 {#download}", "",
             "- [规则数据 bundle.json](data/bundle.json)：全国和32个地区的规则、时间线、办理渠道和来源。",
             "- [数据结构说明 bundle.schema.json](data/bundle.schema.json)：JSON Schema（2020-12）。", "",
             "这两个网址保持不变。数据结构有不兼容的改动时，`schema_version` 会加一。", "",
             "## 当前版本 {#version}", "",
             f"- 数据版本 `data_version`：`{esc_html(bundle['data_version'])}`（数据内容的摘要，内容变了它就变）",
             f"- 结构版本 `schema_version`：{int(bundle['schema_version'])}",
             f"- 地区数：{len(bundle['regions'])}；来源数：{len(bundle['sources'])}（{tier_text}）", "",
             "## 数据里有什么 {#fields}", "",
             "| 字段 | 内容 |", "|---|---|",
             "| `national` | 全国规则：`timelines`（带日期的规则）、`facts`（其他规则）、`channels`、`notes`、`uses`、`timeline`（大事记） |",
             "| `regions[]` | 每个地区：`code`（GB/T 2260）、`name`、`verified`（信息核实日期）、`timelines`、`facts`、`channels`、`notes` |",
             "| `sources` | 来源：标题、发布者、日期、`tier`（official / media / aggregator）、`url`、`linkable` |",
             "| `timelines.*.periods[]` | `start`、`certain`（`bounded` 为真时，变化发生在两者之间）、`until`、`value`、`sources` |",
             "| `facts.*` | `status`（known / unknown）、`value`、`note`、`sources`、`layer`（regional / national / none） |", "",
             "## 怎么读 {#how}", "",
             "- 某一天的规则：先看地区的 `timelines`，日期早于地区的第一段时，按 `national.timelines`。",
             "- `status` 为 `unknown` 的是资料缺口，不要当成“没有限制”。",
             "- `mirror` 为真的来源是转载页：引用时请写原发媒体、标题和日期，不要把转载网址当作官方出处。",
             "- 同样的计算，本站的[在线自查](checker.md)和 Python 包 `checker` 都能做。", "",
             "## 用 Python 读取 {#python}", "",
             "```python", "import json, urllib.request",
             "bundle = json.load(urllib.request.urlopen(\"https://站点地址/data/bundle.json\"))",
             "print(bundle[\"data_version\"], len(bundle[\"regions\"]))", "```", ""]
    return "\n".join(lines) + page.footer()


NATIONAL_PAGES = {
    "national/index.md": national_index, "national/qinqing.md": qinqing_page, "national/money.md": money_page,
    "national/uses.md": uses_page, "national/faq.md": faq_page,
    "regions/index.md": regions_index, "compare.md": compare_page, "changes.md": changes_page, "data.md": data_page,
}


# ------------------------------------------------------------------ entry points
# Left out of the search index, which every first visit downloads and indexes on the phone: change logs and
# maintainer pages (their facts are on the region pages). By section (data-search-exclude on the heading): source
# lists, histories, the checker box, the flow diagram, and the task pages' sections that repeat the region
# overview or the bind page. Each region's five pages stay findable by title, steps and their own rules.
NOT_SEARCHED = frozenset({"changes.md", "updates.md"})

def render_all(bundle: dict, today: dt.date, report_url: str | None = REPORT_URL) -> dict[str, str]:
    """Every generated page: {path under docs/: Markdown}. Same bundle and date -> same text.

    report_url: the issue tracker's "new issue" address (mkdocs.yml extra.report_issue_url); each fact gets a
    这条信息有误 link to it with a prefilled title and body. None: no such links."""
    from . import feed, maintainers  # built on the helpers of this module

    iso = today.isoformat()
    by_code = {r["code"]: r for r in bundle["regions"]}
    out = {path: fill_reports(render(bundle, iso), bundle, None, path, iso, report_url, by_code)
           for path, render in NATIONAL_PAGES.items()}
    for region in bundle["regions"]:
        for name, render in REGION_RENDERERS.items():
            path = f"regions/{region['slug']}/{name}.md"
            out[path] = fill_reports(render(bundle, region, iso), bundle, region, path, iso, report_url, by_code)
    out["updates.md"] = feed.updates_page(bundle, iso)
    out.update(maintainers.render(bundle, iso))
    for path in out:
        if path in NOT_SEARCHED or path.startswith("maintainers/"):
            out[path] = "---\nsearch:\n  exclude: true\n---\n\n" + out[path]
    return dict(sorted(out.items()))


# ------------------------------------------------------------------ 这条信息有误: a prefilled issue per fact
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


def _issue_link(report_url: str, title: str, lines: list[str], aria: str) -> str:
    """A plain link (the page itself sends nothing) to a new issue with this title and body."""
    url = link_url(report_url)
    if not url:
        return ""
    query = urlencode({"title": title, "body": "\n".join(lines)}, quote_via=quote_keeping_chinese)
    return (f' [这条信息有误]({url}{"&" if "?" in url else "?"}{query})'
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
    """这条信息有误 for a fact as the page states it today: fact id, value, deciding layer, sources."""
    code, name = _where(region)
    fact_id = f"{code}.{key}"
    text, layer, sources = report_value(bundle, region, key, today)
    text = text if len(text) <= 80 else text[:79] + "…"  # the reporter sees the page; keep the link short
    lines = [f"地区：{name}（{code}）", f"事项：{M.FACT[key]}（{fact_id}）",
             f"本站写的：{text}" + {"regional": "（地方规定）", "national": "（全国规定）"}.get(layer, ""),
             f"来源：{_cited(bundle, sources)}", f"页面：{page_url(path)}", f"数据版本：{bundle['data_version']}", "",
             "哪里有误？正确的说法和出处（网址、发布日期）：", ""]
    return _issue_link(report_url, f"信息有误：{name} {M.FACT[key]}（{fact_id}）", lines,
                       f"报告“{M.FACT[key]}”这条信息有误")


def report_period_link(bundle: dict, region: dict | None, key: str, number: int, path: str,
                       report_url: str) -> str:
    """这条信息有误 for one period of a timeline (a history row): fact id with the period's number (from 1)."""
    code, name = _where(region)
    period = (region or bundle["national"])["timelines"][key]["periods"][number - 1]
    fact_id = f"{code}.{key}#{number}"
    until = f"，资料只确认到{period['until']}" if period["until"] else ""
    lines = [f"地区：{name}（{code}）", f"事项：{M.FACT[key]}的变化记录（{fact_id}）",
             f"本站写的：{period_when(period)}，{M.value_label(key, period['value'])}{until}"
             + ("（地方规定）" if region else "（全国规定）"),
             f"来源：{_cited(bundle, period['sources'])}", f"页面：{page_url(path)}",
             f"数据版本：{bundle['data_version']}", "", "哪里有误？正确的说法和出处（网址、发布日期）：", ""]
    return _issue_link(report_url, f"信息有误：{name} {M.FACT[key]} {period['start']}（{fact_id}）", lines,
                       f"{_label_words(name)}“{M.FACT[key]}”{period_when(period)}的变化记录：这条信息有误")


def _plain(cell: str) -> str:
    """A table cell's Markdown (esc) back to the words people read."""
    return html.unescape(re.sub(r"\\(.)", r"\1", cell))


def report_row_link(bundle: dict, region: dict, path: str, today: str, report_url: str) -> str:
    """这条信息有误 for a row of the comparison table: every cell's fact id and value, and the row's sources."""
    ids: list[str] = []
    cells = compare_cells(Page(bundle, today), bundle, region, today, ids)
    lines = [f"地区：{region['name']}（{region['code']}）", f"表格：地区对比（规则截至{today}）中的这一行：",
             *(f"- {header}（{region['code']}.{key}）：{_plain(cell)}" for (header, key), cell in zip(COMPARE_COLUMNS, cells)),
             "来源：" + ("、".join(dict.fromkeys(ids)) or "无"), f"页面：{page_url(path)}",
             f"数据版本：{bundle['data_version']}", "", "哪一格有误？正确的说法和出处（网址、发布日期）：", ""]
    return _issue_link(report_url, f"信息有误：{region['name']} 地区对比（{region['code']}）", lines,
                       f"{_label_words(region['short'])}这一行：这条信息有误").lstrip()


def fill_reports(text: str, bundle: dict, region: dict | None, path: str, today: str, report_url: str | None,
                 by_code: dict[str, dict]) -> str:
    """Replace the report marks (report_mark, report_row_mark) with links, or drop them when no URL is set.
    by_code: the bundle's regions by code (built once per build, not per page: builds stay linear)."""
    if not report_url:
        return _REPORT_ROW.sub("", _REPORT.sub("", text))

    def fact(m: re.Match) -> str:
        key, code, number = m.groups()
        if code is None:
            return report_link(bundle, region, key, path, today, report_url)
        return report_period_link(bundle, by_code.get(code), key, int(number), path, report_url)

    text = _REPORT.sub(fact, text)
    return _REPORT_ROW.sub(lambda m: report_row_link(bundle, by_code[m.group(1)], path, today, report_url), text)


def provincial(region: dict) -> bool:
    """A provincial-level region (GB/T 2260 code ending 0000: the 31 provinces and 兵团 660000)."""
    return region["code"].endswith("0000")


def region_nav(bundle: dict) -> list:
    """The 各地指南 nav section: the region list, then one section per provincial-level region with its five
    pages. Entries below that level (city-level data, e.g. the benchmark's synthetic ones) are reached from the
    region list and search, not from the navigation, which every page repeats: so that a build's time grows
    linearly, not quadratically, with the number of regions (mkdocs.yml: not_in_nav)."""
    titles = {"index": "概览", **TASKS}
    return ["regions/index.md", *({r["name"]: [f"regions/{r['slug']}/{p}.md" if p == "index" else
                                                {titles[p]: f"regions/{r['slug']}/{p}.md"} for p in REGION_PAGES]}
                                  for r in bundle["regions"] if provincial(r))]


def bundle_json(bundle: dict) -> str:
    """The open-data file: the same canonical form the compiler writes."""
    return json.dumps(bundle, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
