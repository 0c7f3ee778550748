"""MkDocs hook: add the generated guide pages, the open data and the Atom feed of rule changes as virtual
files (nothing is written to docs/), and the glossary pop-ups to the generated pages.

The bundle is $CHECKER_BUNDLE (a compiled bundle JSON) when set, else the compiled checker/rules.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `mkdocs` run without `pip install -e .`
    sys.path.insert(0, str(ROOT))

from checker.bundle import data_date
from checker.errors import RulesError
from sitegen import feed, glossary, material_hold, pages
from checker.vocab import STALE_AFTER_DAYS

SCHEMA = ROOT / "checker" / "data_schema" / "bundle.schema.json"
REGIONS_NAV = "各地指南"  # the nav entry in mkdocs.yml that is expanded into one section per region
_bundle: dict = {}
_generated: set[str] = set()  # paths of the generated pages (for on_page_content)
log = get_plugin_logger("yibao")


def _load() -> dict:
    if os.environ.get("CHECKER_BUNDLE"):
        return json.loads(Path(os.environ["CHECKER_BUNDLE"]).read_text(encoding="utf-8"))
    from checker.bundle import load_bundle

    load_bundle.cache_clear()  # `mkdocs serve` rebuilds in one process: recompile edited rules
    try:
        return load_bundle()
    except RulesError as err:  # one line per problem, as `python -m checker validate` prints them
        raise PluginError("the rules data is invalid:\n" + "\n".join(err.problems)) from None


def stale(bundle: dict, today: dt.date) -> list[str]:
    """`name (file, verified date)` for the national file and each region verified more than 180 days ago."""
    files = [bundle["national"], *bundle["regions"]]
    return [f"{f.get('short') or f['name']} ({f.get('file', 'checker/rules/national.toml')}, verified {f['verified']})"
            for f in files if (today - dt.date.fromisoformat(f["verified"])).days > STALE_AFTER_DAYS]


def _report_stale(bundle: dict, today: dt.date) -> None:
    """Tell the maintainer at every build which facts need checking again (INFO, not a warning: --strict must
    still publish; the pages themselves say when they were verified and warn readers when that is old)."""
    old = stale(bundle, today)
    if old:
        log.info("facts verified more than %d days ago, check them again: %s", STALE_AFTER_DAYS, "; ".join(old))
    else:
        log.info("facts of every region verified within the last %d days", STALE_AFTER_DAYS)


def on_config(config):
    _bundle.clear()
    _bundle.update(_load())
    _report_stale(_bundle, dt.date.today())
    for i, item in enumerate(config.nav or []):
        if isinstance(item, dict) and REGIONS_NAV in item:
            config.nav[i] = {REGIONS_NAV: pages.region_nav(_bundle)}
    return config


def on_files(files, config):
    report_url = config.extra.get("report_issue_url")  # 这条信息有误 links: the one place to configure
    generated = pages.render_all(_bundle, data_date(_bundle), report_url)
    _generated.clear()
    _generated.update(generated)
    for path, text in generated.items():
        files.append(File.generated(config, path, content=text))
    files.append(File.generated(config, "data/bundle.json", content=pages.bundle_json(_bundle)))
    files.append(File.generated(config, "data/bundle.schema.json", content=SCHEMA.read_bytes()))
    files.append(File.generated(config, feed.FEED_PATH, content=feed.atom(_bundle, config.site_url or "")))
    return files


# Material's bundle wraps every `table:not([class])` of the content in its sideways scroller when it starts (it
# moves the table, and the browser styles and lays out the whole table again: on the comparison table about
# 120 ms at a phone's CPU speed, the biggest part of Material's start-up there). The build writes the same
# wrapper around each table and gives the table a class, so Material leaves it alone; extra.css carries
# Material's `table:not([class])` rules for `table.yb-table` (tests/test_site_build.py checks they match).
PLAIN_TABLE = re.compile(r"<table>(.*?)</table>", re.S)


def wrap_tables(html: str) -> str:
    return PLAIN_TABLE.sub(r'<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
                           r'<table class="yb-table">\1</table></div></div>', html)


def on_page_content(html, page, config, files):
    """Glossary pop-ups (统筹区, 近亲属, ...) on the generated pages; every page's tables wrapped."""
    if page.file.src_uri in _generated:
        html = glossary.add_terms(html)
    return wrap_tables(html)


SEARCH_DIALOG = 'data-md-component="search" role="dialog"'


# Material loads its bundle (about 32 KB compressed, and the page's biggest script run) as a parser-blocking
# script at the end of <body>: the page is not drawn until it has been fetched and run. Deferred, it runs after
# parsing, in the same order before the site's own deferred and module scripts, and before DOMContentLoaded,
# which is all Material waits for (Lighthouse on a region page: first paint 1.7 s -> 1.2 s, simulated slow 4G).
MATERIAL_BUNDLE = re.compile(r'<script src="([^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js)"></script>')


def defer_material_bundle(html: str) -> str:
    return MATERIAL_BUNDLE.sub(r'<script defer src="\1"></script>', html, count=1)


# The checker's module script runs before Material's bundle and yb-ui.js (deferred scripts run in document
# order after parsing): a shared link's form and answer do not wait for Material's start-up (about 0.3 s of
# main thread on a phone-speed CPU); bridge.js subscribes to Material's page changes once it is there.
# Only the checker page (the full form) carries it. Everywhere else yb-ui.js adds it when a compact form's place
# comes within a screen of the view (region and task pages have it near their end): a guide page's load does not
# fetch bridge.js and the three modules it imports, nor build a form nobody has scrolled to.
BRIDGE = re.compile(r'<script src="[^"]*javascripts/checker/bridge\.js" type="module"></script>')
FIRST_DEFERRED = re.compile(r'<script defer src=')
FULL_CHECKER = re.compile(r'<div class="yb-checker"[^>]*\bdata-full\b')


def place_bridge(html: str) -> str:
    """The checker page's bridge.js first among the deferred scripts; no bridge.js tag on the other pages."""
    bridge = BRIDGE.search(html)
    if bridge and not FULL_CHECKER.search(html):
        return html[:bridge.start()] + html[bridge.end():]
    first = FIRST_DEFERRED.search(html)
    if not bridge or not first or first.start() > bridge.start():
        return html
    tag = bridge.group(0)
    html = html[:bridge.start()] + html[bridge.end():]
    return html[:first.start()] + tag + html[first.start():]


# The 大字版 button is in the page's header from the start (yb-ui.js gives it its action): inserted by script, it
# made the browser restyle the header inside Material's start-up task. Without JavaScript it does nothing and is
# hidden (extra.css: .no-js).
SEARCH_BUTTON = '<label class="md-header__button md-icon" for="__search">'
EASY_TOGGLE = ('<button type="button" class="yb-easy-toggle" title="大字、高对比度显示（再按一次恢复）" '
               'aria-pressed="false">大字版</button>')


def add_easy_toggle(html: str) -> str:
    return html.replace(SEARCH_BUTTON, EASY_TOGGLE + SEARCH_BUTTON, 1)


# main.html's inline line (the 大字版 preference, Material's "js" class): the hold goes at its start (one inline
# script and one CSP hash fewer than a line of its own: the comparison table's first response stays inside the
# first TCP window).
HEAD_LINE = '<script>try{if(localStorage.getItem("yb-easy-mode")==='


def hold_material_bundle(html: str, page) -> str:
    """Every page but the checker page starts Material's bundle only when the person first interacts, or 5 s
    after load (material_hold.GUIDE_PAGE; the checker page holds it only for a shared link: pyodide_hook.py)."""
    if page is not None and page.file.src_uri == material_hold.CHECKER_PAGE:
        return html
    if HEAD_LINE not in html:
        raise PluginError("docs/overrides/main.html: the inline line that applies 大字版 and sets the html "
                          f"element's class \"js\" is missing; material_hold.GUIDE_PAGE goes into it ({HEAD_LINE!r})")
    return html.replace(HEAD_LINE, "<script>(function(){" + material_hold.GUIDE_PAGE + "})();"
                        + HEAD_LINE[len("<script>"):], 1)


# MkDocs' and Material's templates leave runs of blank lines and indentation around tags (on the comparison table
# about 4 KB, 400 bytes of its brotli response; on a region overview 17 KB of 82 KB). A run of whitespace next
# to a tag that holds a line break becomes one line break: the same whitespace to the browser wherever
# white-space collapses, which is everywhere but <pre> and <textarea> (pages with either are left alone; no
# stylesheet here preserves white-space). Inline scripts here are minified or JSON, where a line break stays a
# line break.
BLANK_RUN = re.compile(r"(?<=>)[ \t\r]*\n[ \t\r\n]*|[ \t\r]*\n[ \t\r\n]*(?=<)")


def collapse_blank_runs(html: str) -> str:
    if "<pre" in html or "<textarea" in html:
        return html
    return BLANK_RUN.sub("\n", html)


def on_post_page(output, page, config):
    """Material's search overlay is a dialog without a name: screen readers announce it as 搜索."""
    output = output.replace(SEARCH_DIALOG, SEARCH_DIALOG + ' aria-label="搜索"', 1)
    output = hold_material_bundle(place_bridge(defer_material_bundle(add_easy_toggle(output))), page)
    return collapse_blank_runs(output)


def on_post_template(output_content, template_name, config):
    """404.html is rendered as a template, not a page: the same treatment."""
    return on_post_page(output_content, None, config) if template_name == "404.html" else output_content


# Every first visit downloads the search index and Material's own bundle: the build compresses them once, hard.
FIRST_VISIT_ASSETS = ("search/search_index.json", "assets/javascripts/bundle.*.min.js",
                      "assets/javascripts/workers/search.*.min.js", "assets/stylesheets/main.*.min.css")
FIRST_VISIT_BROTLI_QUALITY = 11
# The biggest pages too. A page's first response fits the first TCP window (10 segments, 14.6 KB, headers
# included: about 1.4 KB here, most of it the CSP) or costs another round trip before anything is drawn (150 ms
# on Lighthouse's slow 4G). Pages over 60 KB of HTML (blank runs collapsed, above) come to about 10 KB or more at
# nginx's brotli level 6 (a region overview: 10.2 KB at level 6, 9.4 KB at 11); at 11 the comparison table
# (2026-12-06: 102 KB) comes to 12.9 KB and fits. Smaller pages fit anyway and are left to nginx.
BIG_PAGE_BYTES = 60_000


def big_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.stat().st_size > BIG_PAGE_BYTES)


_command: dict[str, str] = {"name": "build"}


def on_startup(command, dirty=False):
    _command["name"] = command


def compact_search_index(path: Path) -> None:
    """Rewrite Material's search index as UTF-8 without padding: the same JSON value, about half the bytes
    (the plugin writes every Chinese character as a 6-byte \\uXXXX escape)."""
    index = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def on_post_build(config):
    site = Path(config.site_dir)
    index = site / "search" / "search_index.json"
    if index.exists():
        compact_search_index(index)
    if _command["name"] == "serve":
        return
    from sitegen.compress import precompress

    files = sorted({f for pattern in FIRST_VISIT_ASSETS for f in site.glob(pattern)} | set(big_pages(site)))
    try:
        precompress(files, FIRST_VISIT_BROTLI_QUALITY)
    except (OSError, RuntimeError, subprocess.SubprocessError) as exc:
        log.info("first-visit assets not precompressed (nginx compresses them per request): %s", exc)
