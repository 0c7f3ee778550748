"""Shared display helpers of the generated pages: escaping, the one Jinja environment, a page's citations.

pages.py, feed.py and maintainers.py import this module; it imports none of them (no cycle). The wording of
the pages is in sitegen/templates/; Python hands the templates data: words from checker.messages as plain
strings (escaped by the environment) and fragments it made itself (citations, SVG) as Markup.
"""

from __future__ import annotations

import functools
import html
import re
from pathlib import Path
from urllib.parse import quote, urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Undefined, pass_context
from markupsafe import Markup

from checker import messages as M
from checker.vocab import MEDIA_HOSTS

TEMPLATES = Path(__file__).resolve().parent / "templates"
UNVERIFIED = Markup(f'<span class="yb-unverified">{M.TIER["aggregator"]}</span>')


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


def official_host(url: str | None) -> bool:
    """A government or official-media address (the only channel addresses a page links)."""
    host = (urlsplit(url or "").hostname or "").lower()
    return any(host == s or host.endswith("." + s) for s in (*MEDIA_HOSTS, "gov.cn"))


# ------------------------------------------------------------------ the one Jinja environment
def _escape(context, value: object) -> Markup:
    if hasattr(value, "__html__"):
        return Markup(value)
    if isinstance(value, Undefined):
        str(value)  # StrictUndefined: raises, naming what is missing
    if value is None:
        raise ValueError(f"{context.name}: None printed (a value the page should not show)")
    if isinstance(value, str):
        xml = (context.name or "").endswith(".xml.j2")
        return Markup(html.escape(value, quote=True) if xml else esc(value))
    return Markup(value)  # numbers and dates: no markup can hide in them


@pass_context
def _join(context, items, separator: str = "") -> Markup:
    return Markup(separator).join(_escape(context, item) for item in items)


def _html(value: object) -> Markup:
    return Markup(value) if hasattr(value, "__html__") else Markup(esc_html(value))


_PATH = re.compile(r"[A-Za-z0-9_./-]+")


def _path(value: str) -> Markup:
    if not _PATH.fullmatch(str(value)) or ".." in str(value):
        raise ValueError(f"not a plain path or id: {value!r}")
    return Markup(value)


def _href(url: str) -> Markup:
    safe = link_url(url)
    if safe is None:
        raise ValueError(f"not a link target: {url!r}")
    return Markup(safe)


# Escaping, once: finalize escapes every {{ value }} for its template's output (Markdown: esc; *.xml.j2: XML); Markup
# (fragments Python or a macro made) prints as is; |html, |href, |path, |xml escape for raw HTML, links, slugs, Atom.
ENV = Environment(
    loader=FileSystemLoader(TEMPLATES), autoescape=True, finalize=pass_context(_escape), undefined=StrictUndefined,
    trim_blocks=True, lstrip_blocks=True,
    comment_start_string="{##", comment_end_string="##}",  # Markdown's {#id} is text here, not a comment
)
ENV.filters.update(join=_join, html=_html, href=_href, path=_path,
                   xml=lambda value: Markup(html.escape(str(value), quote=True)))


def report_mark(key: str, code: str | None = None, number: int | None = None) -> Markup:
    """Where a fact's 我要纠错 link goes; reports.fill_reports fills it in: for the page's region, or for one
    period of a timeline (`code`: a region code or "national", `number`: the period's, from 1)."""
    return Markup(f" {{{{report:{key}}}}}" if code is None else f" {{{{report:{key}:{code}:{number}}}}}")


def report_row_mark(code: str) -> Markup:
    """Where a comparison-table row's 我要纠错 link goes (reports.report_row_link)."""
    return Markup(f"{{{{report-row:{code}}}}}")


ENV.globals.update(M=M, UNVERIFIED=UNVERIFIED, report_mark=report_mark, report_row_mark=report_row_mark,
                   reason=lambda code, **words: M.REASON[code].format(**words))


def render(template: str, **context) -> str:
    """A page from sitegen/templates/<template>, ending with one newline."""
    return str(ENV.get_template(template).render(**context)).rstrip("\n") + "\n"


@functools.cache
def macros():
    """templates/_macros.j2 as a module, for the parts Python also needs on their own (source_text)."""
    return ENV.get_template("_macros.j2").module


# ------------------------------------------------------------------ one page's citations
class Page:
    """Collects the sources a page cites, numbered in order of first use; _macros.j2's footer lists them."""

    def __init__(self, bundle: dict, verified: str) -> None:
        self.sources = bundle["sources"]
        self.verified = verified
        self.order: list[str] = []

    def cite(self, ids) -> Markup:
        marks = []
        for sid in dict.fromkeys(ids or ()):
            if sid not in self.sources:
                continue
            if sid not in self.order:
                self.order.append(sid)
            n = self.order.index(sid) + 1
            marks.append(f"[\\[{n}\\]](#src-{n})")
        return Markup((" " + "".join(marks)) if marks else "")

    def unverified(self, ids) -> Markup:
        """The visible mark for a fact that rests only on aggregator pages."""
        ids = [s for s in ids or () if s in self.sources]
        only_aggregators = ids and all(self.sources[s]["tier"] == "aggregator" for s in ids)
        return Markup(" ") + UNVERIFIED if only_aggregators else Markup()

    def cited(self, ids) -> Markup:
        return self.cite(ids) + self.unverified(ids)

    def listed(self) -> list[tuple[int, dict]]:
        """(number, source view) for every source cited so far, in order."""
        return [(n, source_view(self.sources[sid])) for n, sid in enumerate(self.order, 1)]


def source_view(src: dict) -> dict:
    """A source for the templates: its link target only when linkable (mirrors are cited by outlet, not linked);
    a source whose page is gone (dead_links.toml) links its replacement or archived copy when there is one."""
    url = link_url(src["url"]) if src["linkable"] else None
    if src.get("dead"):
        url = link_url(src.get("replacement"))
    return {"title": src["title"], "url": url, "publisher": src["publisher"], "date": src["date"],
            "mirror": src["mirror"], "dead": bool(src.get("dead")), "tier": M.TIER[src["tier"]],
            "tier_mark": UNVERIFIED if src["tier"] == "aggregator" else M.TIER[src["tier"]]}


def source_text(src: dict) -> str:
    """Title (linked only when linkable), publisher, date, tier: one entry of a page's source list."""
    return str(macros().source(source_view(src)))
