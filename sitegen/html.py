"""Touches to the site's own output after rendering: tables, whitespace, the search index, precompressed pages.

Nothing here changes Material's or Pyodide's files; header, scripts and <head> changes are theme overrides
(docs/overrides/main.html).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

# Material's bundle wraps every `table:not([class])` in its sideways scroller when it starts, which makes the browser
# lay out the whole table again (the comparison table: the biggest part of Material's start-up there). The build
# writes the same wrapper and gives the table a class, so Material leaves it alone; extra.css carries Material's
# `table:not([class])` rules for `table.yb-table` (tests/site/test_site_build.py checks they match).
PLAIN_TABLE = re.compile(r"<table>(.*?)</table>", re.S)


def wrap_tables(html: str) -> str:
    return PLAIN_TABLE.sub(r'<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
                           r'<table class="yb-table">\1</table></div></div>', html)


# Templates leave runs of blank lines and indentation around tags. A run of whitespace next to a tag that holds a
# line break becomes one line break: the same to the browser wherever white-space collapses, which is everywhere
# but <pre> and <textarea> (pages with either are left alone). Keeps the comparison table's first response inside
# the first TCP window.
BLANK_RUN = re.compile(r"(?<=>)[ \t\r]*\n[ \t\r\n]*|[ \t\r]*\n[ \t\r\n]*(?=<)")


def collapse_blank_runs(html: str) -> str:
    if "<pre" in html or "<textarea" in html:
        return html
    return BLANK_RUN.sub("\n", html)


# Every first visit downloads these, and the biggest pages: compressed once, hard (nginx serves the copies).
FIRST_VISIT_ASSETS = ("search/search_index.json", "assets/javascripts/bundle.*.min.js",
                      "assets/javascripts/workers/search.*.min.js", "assets/stylesheets/main.*.min.css")
FIRST_VISIT_BROTLI_QUALITY = 11
BIG_PAGE_BYTES = 60_000  # over this, a page's brotli response at nginx's level 6 may miss the first TCP window


def big_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.stat().st_size > BIG_PAGE_BYTES)


def first_visit_files(site: Path) -> list[Path]:
    return sorted({f for pattern in FIRST_VISIT_ASSETS for f in site.glob(pattern)} | set(big_pages(site)))


def compact_search_index(path: Path) -> None:
    """Rewrite the search index as UTF-8 without padding: the same JSON value, about half the bytes (the plugin
    writes every Chinese character as a 6-byte \\uXXXX escape)."""
    index = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


# The checker page states the one-time download, measured at build (offline.measure).
DOWNLOAD_SIZE = re.compile(r'(<span class="yb-download-size">)[^<]*(</span>)')


def fill_download_size(html: str, words: str) -> str:
    return DOWNLOAD_SIZE.sub(lambda m: m.group(1) + words + m.group(2), html)
