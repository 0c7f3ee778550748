"""What changed: every rule change in the timelines, as an Atom feed (feed.xml) and the 最近更新 page.

A change is a period whose value differs from the value in force just before it: the previous period of the
same timeline or, for a region's first period, the national value on the day before it starts (a region's
periods are exceptions to the national ones). When the value before is not known the period is still listed
("此前：资料中没有"). Pure, like pages.py: ids and dates come from the data (never the clock), so the same
bundle gives the same bytes; site_url only makes the links absolute. The wording is in templates/atom.xml.j2
and templates/updates.md.j2.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from checker import messages as M
from checker.bundle import data_date
from checker.timeline import value_at

from .display import Page, render, source_view

FEED_PATH = "feed.xml"
NATIONAL_NAME = "全国"


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
def atom(bundle: dict, site_url: str) -> str:
    """The Atom feed (RFC 4287) of all changes. Entry ids are tag: URIs built from the data, not the clock."""
    site_url = site_url if site_url.endswith("/") else site_url + "/"
    items = changes(bundle)
    return render(
        "atom.xml.j2", bundle=bundle, changes=items, host=urlsplit(site_url).hostname or "yibao.invalid",
        newest=max([data_date(bundle).isoformat(), *(c.certain for c in items)]),
        self_url=urljoin(site_url, FEED_PATH), updates_url=urljoin(site_url, "updates/"),
        page_url=lambda c: urljoin(site_url, f"regions/{c.slug}/#history" if c.slug else "national/#periods"),
        sources=lambda c: [source_view(bundle["sources"][s]) for s in c.sources if s in bundle["sources"]])


# ------------------------------------------------------------------ the 最近更新 page
def updates_page(bundle: dict, today: str) -> str:
    items = changes(bundle)
    by_date: dict[str, list[dict]] = {}
    for r in bundle["regions"]:
        by_date.setdefault(r["verified"], []).append({"name": r["short"], "path": f"regions/{r['slug']}/index.md"})
    by_date.setdefault(bundle["national"]["verified"], []).insert(0, {"name": NATIONAL_NAME,
                                                                      "path": "national/index.md"})
    return render("updates.md.j2", page=Page(bundle, today), changes=items, FEED_PATH=FEED_PATH,
                  verified=sorted(by_date.items(), reverse=True)[:5],
                  years=[(year, list(group)) for year, group in itertools.groupby(items, key=lambda c: c.certain[:4])])
