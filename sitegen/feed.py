"""What changed: every rule change in the timelines, as an Atom feed (feed.xml) and the 最近更新 page.

A change is a period whose value differs from the value in force just before it: the previous period of the
same timeline or, for a region's first period, the national value on the day before it starts (a region's
periods are exceptions to the national ones). When the value before is not known the period is still listed
("此前：资料中没有"). Pure, like pages.py: ids and dates come from the data (never the clock), so the same
bundle gives the same bytes; site_url only makes the links absolute.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from checker import messages as M
from checker.bundle import data_date
from checker.timeline import value_at
from .pages import Page, esc, esc_html, label, link_url

FEED_PATH = "feed.xml"
FEED_TITLE = "医保家庭共济指南：规则变化"
NATIONAL_NAME = "全国"
TZ = "+08:00"  # dates in the data are Beijing dates


@dataclass(frozen=True)
class Change:
    code: str  # region code, or "national"
    name: str  # 湖北省 / 全国
    short: str  # 湖北 / 全国
    slug: str | None  # the region's page folder; None for national
    fact: str
    old: str  # the value before, in words (or why it is not known)
    new_value: object
    start: str  # the change happened on `start`, or (bounded) between start and certain
    certain: str
    bounded: bool
    sources: tuple[str, ...]
    note: str | None

    @property
    def id(self) -> str:
        """Stable: region code, fact key and the period's dates (two periods may share a start)."""
        return f"{self.code}.{self.fact}.{self.start}" + (f"..{self.certain}" if self.bounded else "")

    @property
    def new(self) -> str:
        return M.value_label(self.fact, self.new_value)

    @property
    def when(self) -> str:
        return f"{self.start}至{self.certain}之间" if self.bounded else f"{self.start}起"

    @property
    def layer(self) -> str:
        return "全国规定" if self.code == "national" else "地方规定"


def _before(bundle: dict, region: dict | None, periods: list[dict], i: int, fact: str) -> tuple[bool, object, str]:
    """(known, value, words) for the value in force just before periods[i]."""
    if i > 0:
        value = periods[i - 1]["value"]
        return True, value, M.value_label(fact, value)
    if region is None:
        return False, None, "资料中没有"
    day = (dt.date.fromisoformat(periods[0]["start"]) - dt.timedelta(days=1)).isoformat()
    look = value_at(bundle, None, fact, day)
    if look.status == "known":
        return True, look.value, M.value_label(fact, look.value)
    if look.status == "uncertain":
        return False, None, "全国规定正在变化中（" + "或".join(M.value_label(fact, v) for v in look.candidates) + "）"
    return False, None, "资料中没有"


def changes(bundle: dict) -> list[Change]:
    """All changes, newest first (by the date from which the new value certainly holds)."""
    out = []
    layers = [(None, bundle["national"]["timelines"]), *((r, r["timelines"]) for r in bundle["regions"])]
    for region, timelines in layers:
        for fact, tl in sorted(timelines.items()):
            periods = tl["periods"]
            for i, p in enumerate(periods):
                known, value, words = _before(bundle, region, periods, i, fact)
                if known and value == p["value"]:
                    continue
                out.append(Change(
                    code=region["code"] if region else "national", name=region["name"] if region else NATIONAL_NAME,
                    short=region["short"] if region else NATIONAL_NAME, slug=region["slug"] if region else None,
                    fact=fact, old=words, new_value=p["value"], start=p["start"], certain=p["certain"],
                    bounded=p["bounded"], sources=tuple(p["sources"]), note=p.get("note")))
    return sorted(out, key=lambda c: (c.certain, c.start, c.code, c.fact), reverse=True)


# ------------------------------------------------------------------ Atom
def _page_url(site_url: str, change: Change) -> str:
    path = f"regions/{change.slug}/#history" if change.slug else "national/#periods"
    return urljoin(site_url, path)


def _source_html(src: dict) -> str:
    url = link_url(src["url"]) if src["linkable"] else None
    if src.get("dead"):
        url = link_url(src.get("replacement"))
    title = esc_html(src["title"])
    title = f'<a href="{esc_html(url)}">{title}</a>' if url else title
    return f"<li>{title}，{esc_html(src['publisher'])}，{esc_html(src['date'])} · {esc_html(M.TIER[src['tier']])}</li>"


def _entry_html(bundle: dict, change: Change) -> str:
    parts = [(f"<p>{esc_html(change.name)}的“{esc_html(M.FACT[change.fact])}”：{esc_html(change.old)} → "
              f"<strong>{esc_html(change.new)}</strong></p>"),
             f"<p>生效：{esc_html(change.when)}" + ("（资料只知道变化发生在这段时间内）" if change.bounded else "")
             + f" · {change.layer}</p>"]
    if change.note:
        parts.append(f"<p>{esc_html(change.note)}</p>")
    srcs = [bundle["sources"][s] for s in change.sources if s in bundle["sources"]]
    if srcs:
        parts += ["<p>来源：</p>", "<ul>", *(_source_html(s) for s in srcs), "</ul>"]
    return "".join(parts)


def atom(bundle: dict, site_url: str) -> str:
    """The Atom feed (RFC 4287) of all changes. Entry ids are tag: URIs built from the data, not the clock."""
    site_url = site_url if site_url.endswith("/") else site_url + "/"
    host = urlsplit(site_url).hostname or "yibao.invalid"
    items = changes(bundle)
    newest = max([data_date(bundle).isoformat(), *(c.certain for c in items)])
    x = html.escape  # XML text and attribute escaping

    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
             f"  <id>tag:{x(host)},2024:yibao/feed</id>",
             f"  <title>{x(FEED_TITLE)}</title>",
             "  <subtitle>各地职工医保个人账户家庭共济规则的变化：地区、事项、原来和现在、生效日期、来源。</subtitle>",
             f'  <link rel="self" type="application/atom+xml" href="{x(urljoin(site_url, FEED_PATH))}"/>',
             f'  <link rel="alternate" type="text/html" href="{x(urljoin(site_url, "updates/"))}"/>',
             f"  <updated>{newest}T00:00:00{TZ}</updated>",
             "  <author><name>医保家庭共济指南</name></author>",
             f'  <generator version="{x(bundle["data_version"])}">医保家庭共济指南 rules bundle</generator>']
    for c in items:
        lines += ["  <entry>",
                  f"    <id>tag:{x(host)},2024:yibao/change/{x(c.id)}</id>",
                  f"    <title>{x(c.short)} · {x(M.FACT[c.fact])}：{x(c.old)} → {x(c.new)}（{x(c.when)}）</title>",
                  f'    <link rel="alternate" type="text/html" href="{x(_page_url(site_url, c))}"/>',
                  f"    <updated>{c.certain}T00:00:00{TZ}</updated>",
                  f'    <category term="{x(c.code)}" label="{x(c.name)}"/>',
                  f'    <category term="{x(c.fact)}" label="{x(M.FACT[c.fact])}"/>',
                  f'    <content type="html">{x(_entry_html(bundle, c))}</content>',
                  "  </entry>"]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ the 最近更新 page
def updates_page(bundle: dict, today: str) -> str:
    page = Page(bundle, today, "（数据中最新的核实日期；各地区的核实日期见下方）")
    items = changes(bundle)
    lines = ["# 最近更新", "",
             (f"本站依据的各地规则有变化时，按日期从新到旧列在这里（共{len(items)}条）。"
              "“之间”表示资料只知道变化发生在这段时间内。"), "",
             f"想及时知道变化，可以用 RSS 阅读器订阅：[规则变化订阅源（Atom）]({FEED_PATH})。", "",
             "## 最近核实的地区 {#verified}", ""]
    by_date: dict[str, list[str]] = {}
    for r in bundle["regions"]:
        by_date.setdefault(r["verified"], []).append(f"[{esc(r['short'])}](regions/{r['slug']}/index.md)")
    by_date.setdefault(bundle["national"]["verified"], []).insert(0, "[全国](national/index.md)")
    lines += [f"- **{esc(d)}**：{'、'.join(names)}" for d, names in sorted(by_date.items(), reverse=True)[:5]]
    lines += ["", "## 规则变化 {#changes}", ""]
    year = None
    for c in items:
        if c.certain[:4] != year:
            year = c.certain[:4]
            lines += ["", f"### {year}年 {{#y{year}}}", ""]
        where = (f"[{esc(c.short)}](regions/{c.slug}/index.md#history)" if c.slug
                 else "[全国](national/index.md#periods)")
        lines.append(f'- <span class="yb-change" id="{esc_html(c.id.replace(".", "-"))}"></span>**{esc(c.when)}** · {where} · '
                     f"{esc(M.FACT[c.fact])}：{esc(c.old)} → **{label(c.fact, c.new_value)}** · {c.layer}"
                     f"{page.cited(c.sources)}")
    lines += ["", "每个地区的完整变化见[变化记录](changes.md)。", ""]
    return "\n".join(lines) + page.footer()
