"""The guide's generated pages: render_all(bundle, today) -> {path: Markdown}. Pure: no MkDocs, no I/O, no clock.

Every fact on a page comes from the compiled rules bundle; every word about a value comes from
checker.messages (the one place for the engine's Chinese labels). The page wording around them is in
sitegen/templates/, one template per page kind; this module hands each template its data. Three rules hold
everywhere:

- all text from the data is escaped once, by the template environment (display.py), before it reaches Markdown;
- a fact is shown with its sources (numbered, listed at the end of the page with their tier) and the
  page shows the region's 信息核实日期;
- a gap says so and points to the local 医保经办机构 / 12393 (messages.HELP), it is never filled in.

Paths assume MkDocs' directory URLs (regions/<slug>/bind.md -> /regions/<slug>/bind/); Markdown links are
written to the .md files so that `mkdocs build --strict` checks them. Links inside SVG are computed.
"""

from __future__ import annotations

import datetime as dt
import functools
import json

from checker import messages as M
from checker.timeline import value_at
from checker.vocab import STALE_AFTER_DAYS

from . import cities, faq, feed, local, maintainers
from .display import UNVERIFIED, Page, esc, esc_html, link_url, render, source_text  # noqa: F401 (re-exported)
from .facts import (COMPARE_COLUMNS, LIMIT_KEYS, SHORT, TIMELINE_KEYS, Lazy, channel, channels,  # noqa: F401
                    compare_cells, dated, differences, history, period_when, periods, plain)
from .reports import FEEDBACK_PAGE, fill_reports, page_url, quote_keeping_chinese, report_value  # noqa: F401
from .summary import first_channel, who_today
from .svg import COLOURS, TILES, flow_svg, tile_map  # noqa: F401 (TILES: the scale benchmark extends pages.TILES)

REGION_PAGES = ("index", "bind", "unbind", "query", "restore")
TASKS = {"bind": "绑定", "unbind": "解绑", "query": "查询", "restore": "恢复"}
TAB_TITLES = {"index": "概览", **TASKS}


# ------------------------------------------------------------------ what every template gets
def _common(bundle: dict, today: str, page: Page) -> dict:
    """The data every page template may use; `page` numbers the sources it cites, in order of use."""
    nat = bundle["national"]
    return {
        "bundle": bundle, "national": nat, "page": page, "today": dt.date.fromisoformat(today),
        "national_now": Lazy(lambda key: dated(bundle, None, key, today)),
        "notes": Lazy(lambda note_id: next(n for n in nat["notes"] if n["id"] == note_id)),
        "history": functools.partial(history, page),
        # TILES is looked up when a map is drawn, so that a replaced pages.TILES (benchmarks) is the one used
        "tile_map": lambda key: tile_map(bundle, today, key, page, TILES),
        "REGION_PAGES": REGION_PAGES, "TASKS": TASKS, "TAB_TITLES": TAB_TITLES, "TIMELINE_KEYS": TIMELINE_KEYS,
        "LIMIT_KEYS": LIMIT_KEYS, "SHORT": SHORT, "COMPARE_COLUMNS": COMPARE_COLUMNS,
    }


# ------------------------------------------------------------------ region pages
def region_context(bundle: dict, region: dict, today: str) -> dict:
    """The data of a region's five pages (see templates/_region.j2)."""
    page = Page(bundle, region["verified"])
    listed = channels(bundle, region)
    wallet = next(c for c in bundle["national"]["channels"] if c["id"] == "n-app-wallet")
    age = (dt.date.fromisoformat(today) - dt.date.fromisoformat(region["verified"])).days
    return {**_common(bundle, today, page), "region": region,
            "now": Lazy(lambda key: dated(bundle, region, key, today)),
            "fact": Lazy(lambda key: plain(key, region["facts"][key], bundle, region)),
            "channels": listed, "has_offline": any(c["kind"] == "offline" for c in listed),
            "local_steps": {a: any(c[a] for c in region["channels"]) for a in ("bind", "unbind", "query")},
            "cities": cities.for_region(region),  # _cities.j2: the cities and counties the page is for
            "wallet_channel": channel(wallet), "stale": age > STALE_AFTER_DAYS,
            # what the pages say first: where to do each task (summary.py; wording in templates/_summary.j2)
            "glance": {a: (channel(c) if (c := first_channel(region, a)) else None)
                       for a in ("bind", "unbind", "query")}}


def region_overview(bundle: dict, region: dict, today: str) -> str:
    unknown = [M.FACT[k] for k, f in region["facts"].items() if f["status"] != "known"]
    questions = faq.for_region(bundle, region, today)
    return render("region_overview.md.j2", **region_context(bundle, region, today),
                  differences=differences(bundle, region, today), gaps=unknown,
                  who_today=who_today(bundle, region, today), faq=questions, trouble=faq.trouble(questions),
                  local=local.for_region(bundle, region))


def region_bind(bundle: dict, region: dict, today: str) -> str:
    return render("region_bind.md.j2", **region_context(bundle, region, today), flow_svg=flow_svg(region))


def region_unbind(bundle: dict, region: dict, today: str) -> str:
    return render("region_unbind.md.j2", **region_context(bundle, region, today))


def region_query(bundle: dict, region: dict, today: str) -> str:
    return render("region_query.md.j2", **region_context(bundle, region, today))


def region_restore(bundle: dict, region: dict, today: str) -> str:
    return render("region_restore.md.j2", **region_context(bundle, region, today))


REGION_RENDERERS = {"index": region_overview, "bind": region_bind, "unbind": region_unbind,
                    "query": region_query, "restore": region_restore}


# ------------------------------------------------------------------ all-region and national pages
def regions_index(bundle: dict, today: str) -> str:
    return render("regions_index.md.j2", **_common(bundle, today, Page(bundle, today)))


def compare_page(bundle: dict, today: str) -> str:
    rows = []
    for region in bundle["regions"]:
        ids: list[str] = []
        rows.append({"region": region, "cells": compare_cells(bundle, region, today, ids), "sources": ids})
    return render("compare.md.j2", **_common(bundle, today, Page(bundle, today)), rows=rows)


def changes_page(bundle: dict, today: str) -> str:
    return render("changes.md.j2", **_common(bundle, today, Page(bundle, today)))


def _national(bundle: dict, template: str, today: str, **extra) -> str:
    page = Page(bundle, bundle["national"]["verified"])
    return render(template, **_common(bundle, today, page), **extra)


def national_index(bundle: dict, today: str) -> str:
    facts = [plain(k, f, bundle) for k, f in bundle["national"]["facts"].items()]
    return _national(bundle, "national_index.md.j2", today, national_facts=facts)


def qinqing_page(bundle: dict, today: str) -> str:
    return _national(bundle, "national_qinqing.md.j2", today)


def _regions_by(bundle: dict, today: str, page: Page, key: str) -> dict:
    """Regions grouped by a dated fact's value on the page's date (None: not known); their sources are cited."""
    groups: dict[object, list[dict]] = {}
    for region in bundle["regions"]:
        look = value_at(bundle, region, key, today)
        page.cite(look.sources)
        groups.setdefault(look.value if look.status == "known" else None, []).append(region)
    return groups


def money_page(bundle: dict, today: str) -> str:
    page = Page(bundle, bundle["national"]["verified"])
    wallet = bundle["national"]["timelines"].get("wallet_model", {"periods": []})
    return render("national_money.md.j2", **_common(bundle, today, page),
                  regions_by=functools.partial(_regions_by, bundle, today, page),
                  wallet_periods=periods({"wallet_model": wallet}, "national"))


def uses_page(bundle: dict, today: str) -> str:
    return _national(bundle, "national_uses.md.j2", today)


def faq_page(bundle: dict, today: str) -> str:
    return _national(bundle, "national_faq.md.j2", today, faq=faq.national(bundle, today))


def data_page(bundle: dict, today: str) -> str:
    tiers = [sum(1 for s in bundle["sources"].values() if s["tier"] == t) for t in ("official", "media", "aggregator")]
    return render("data.md.j2", **_common(bundle, today, Page(bundle, today)),
                  tiers=[(t, n) for t, n in zip(("official", "media", "aggregator"), tiers) if n])


NATIONAL_PAGES = {
    "national/index.md": national_index, "national/qinqing.md": qinqing_page, "national/money.md": money_page,
    "national/uses.md": uses_page, "national/faq.md": faq_page,
    "regions/index.md": regions_index, "compare.md": compare_page, "changes.md": changes_page, "data.md": data_page,
}


# ------------------------------------------------------------------ titles and descriptions
# The front matter of each generated page: `title` is what Material puts in <title> (and what search engines and
# browser tabs show): region and task first, in the words people search with. The navigation keeps its short
# labels (绑定, 解绑, ...): mkdocs.yml and region_nav give every nav entry of a task page its own title, which
# MkDocs prefers to the page's. The page's H1 is the template's. `description` is one sentence with the region
# and the task (<meta name="description">).
# Task words rank that task's pages first (Material's documented per-page boost): 绑定 before 查询 (whose title says
# 绑定了谁), 解绑 / 解除绑定 / 取消绑定 before 恢复 (tests/browser/test_search.py).
SEARCH_BOOST = {"bind": 3, "unbind": 2}
REGION_TITLES = {"index": "家庭共济怎么办", "bind": "绑定家庭共济", "unbind": "解绑家庭共济",
                 "query": "查询家庭共济", "restore": "恢复家庭共济"}
REGION_DESCRIPTIONS = {
    "index": "{short}职工医保个人账户家庭共济怎么办：能不能办、能给谁用、在哪里办，绑定、解绑、查询、恢复和依据。",
    "bind": "{short}职工医保个人账户家庭共济怎么绑定：谁能绑、在哪里办、步骤和依据。",
    "unbind": "{short}职工医保个人账户家庭共济怎么解绑：谁能解、什么时候能解、在哪里办、步骤和依据。",
    "query": "{short}职工医保个人账户家庭共济怎么查询：查绑了谁、花了多少，在哪里查，依据是什么。",
    "restore": "{short}职工医保个人账户家庭共济怎么恢复：解绑后重新绑定要注意什么、在哪里办、依据是什么。",
}
PAGE_META = {  # the all-region and national pages: (title, description)
    "national/index.md": ("全国 · 家庭共济规则和时间线",
                          "全国职工医保个人账户家庭共济的规则和时间线：现在的全国情况、大事记，每次变化都注明依据。"),
    "national/qinqing.md": ("亲情账户和家庭共济有什么不同",
                            "亲情账户和职工医保个人账户家庭共济不是一回事：各是什么、有什么不同。"),
    "national/money.md": ("家庭共济的钱怎么共济：各地资金方式",
                          "职工医保个人账户家庭共济的钱怎么给亲属用：各地的资金方式和医保钱包。"),
    "national/uses.md": ("家庭共济的钱能用在哪里",
                         "职工医保个人账户家庭共济的钱能给亲属用在哪里、不能用在哪里。"),
    "national/faq.md": ("家庭共济常见问题", "职工医保个人账户家庭共济的常见问题：能不能拿我的卡去刷、能给哪些亲属用、换城市后还在不在、找谁问。"),
    "regions/index.md": ("各地家庭共济指南：选您参保的地区",
                         "各省、自治区、直辖市和兵团的职工医保个人账户家庭共济办法：选参保地区，看怎么绑定、解绑、查询、恢复。"),
    "compare.md": ("各地家庭共济对比", "各地职工医保个人账户家庭共济对比：能给谁用、能不能跨地区、亲属要不要确认、钱怎么共济、在哪里办。"),
    "changes.md": ("各地家庭共济规则变化记录", "全国和各地职工医保个人账户家庭共济规则的变化记录，每次变化都注明日期和依据。"),
    "data.md": ("家庭共济开放数据", "本站职工医保个人账户家庭共济资料的开放数据：下载、当前版本、字段说明和读取方法。"),
    "updates.md": ("最近更新", "本站职工医保个人账户家庭共济资料最近的更新：最近核实的地区和规则变化。"),
}


def _yaml_text(text: str) -> str:
    """A one-line YAML string (JSON's double-quoted form is YAML too), HTML-escaped: Material writes page.meta
    into <title> and <meta name="description"> as it is."""
    return json.dumps(esc_html(text), ensure_ascii=False)


def front_matter(path: str, bundle: dict, by_slug: dict[str, dict]) -> dict:
    """The front matter of a generated page: title and description (see REGION_TITLES), and search exclusion."""
    meta: dict = {}
    parts = path.split("/")
    if len(parts) == 3 and parts[0] == "regions" and parts[1] in by_slug:
        region, name = by_slug[parts[1]], parts[2][:-3]
        meta["title"] = f"{region['short']} · {REGION_TITLES[name]}"
        meta["description"] = REGION_DESCRIPTIONS[name].format(short=region["short"])
        if name in SEARCH_BOOST:
            meta["search"] = {"boost": SEARCH_BOOST[name]}
    elif path in PAGE_META:
        meta["title"], meta["description"] = PAGE_META[path]
    if path in NOT_SEARCHED or path.startswith("maintainers/"):
        meta["search"] = {"exclude": True}
    return meta


def with_front_matter(meta: dict, text: str) -> str:
    if not meta:
        return text
    lines = [f"{k}: {_yaml_text(v)}" if isinstance(v, str) else f"{k}: {json.dumps(v)}" for k, v in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + text


# ------------------------------------------------------------------ entry points
# Left out of the search index, which every first visit downloads and indexes on the phone: change logs and
# maintainer pages (their facts are on the region pages). By section (data-search-exclude on the heading): source
# lists, histories, the checker box, the flow diagram, and the task pages' sections that repeat the region
# overview or the bind page. Each region's five pages stay findable by title, steps and their own rules.
NOT_SEARCHED = frozenset({"changes.md", "updates.md"})


def render_all(bundle: dict, today: dt.date, report_url: str | None = None) -> dict[str, str]:
    """Every generated page: {path under docs/: Markdown}. Same bundle and date -> same text.

    report_url: the issue tracker's "new issue" address (mkdocs.yml extra.report_issue_url); each fact gets a
    我要纠错 link to it with a prefilled title and body. None or "": each such link goes to the about page's
    反馈 section instead (reports.FEEDBACK_PAGE)."""
    iso = today.isoformat()
    by_code = {r["code"]: r for r in bundle["regions"]}
    out = {path: fill_reports(make(bundle, iso), bundle, None, path, iso, report_url, by_code)
           for path, make in NATIONAL_PAGES.items()}
    for region in bundle["regions"]:
        for name, make in REGION_RENDERERS.items():
            path = f"regions/{region['slug']}/{name}.md"
            out[path] = fill_reports(make(bundle, region, iso), bundle, region, path, iso, report_url, by_code)
    out["updates.md"] = feed.updates_page(bundle, iso)
    out.update(maintainers.render(bundle, iso))
    by_slug = {r["slug"]: r for r in bundle["regions"]}
    for path in out:
        out[path] = with_front_matter(front_matter(path, bundle, by_slug), out[path])
    return dict(sorted(out.items()))


def provincial(region: dict) -> bool:
    """A provincial-level region (GB/T 2260 code ending 0000: the 31 provinces and 兵团 660000)."""
    return region["code"].endswith("0000")


def region_nav(bundle: dict) -> list:
    """The 各地指南 nav section: the region list, then one section per provincial-level region with its five
    pages. Entries below that level (city-level data, e.g. the benchmark's synthetic ones) are reached from the
    region list and search, not from the navigation, which every page repeats: so that a build's time grows
    linearly, not quadratically, with the number of regions (mkdocs.yml: not_in_nav)."""
    return ["regions/index.md", *({r["name"]: [f"regions/{r['slug']}/{p}.md" if p == "index" else
                                                {TAB_TITLES[p]: f"regions/{r['slug']}/{p}.md"} for p in REGION_PAGES]}
                                  for r in bundle["regions"] if provincial(r))]


def bundle_json(bundle: dict) -> str:
    """The open-data file: the same canonical form the compiler writes."""
    return json.dumps(bundle, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
