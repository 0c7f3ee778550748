"""Check every internal link of a built site: each href/src resolves to a file in the site, each #anchor exists.

MkDocs --strict checks links written in Markdown; this checks what is actually published: links written
in HTML or SVG (the region map's tiles), theme templates, the page JavaScript's assets, and the search
index's result links. External links (http:, mailto:, ...) are not fetched.

    python -m sitegen.linkcheck site      # one line per broken link, exit status 1 if any
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# (tag, attribute) pairs whose value is a URL the browser follows or fetches.
URL_ATTRS = {
    ("a", "href"), ("a", "xlink:href"), ("area", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("iframe", "src"),
    ("source", "src"), ("track", "src"), ("audio", "src"), ("video", "src"), ("video", "poster"), ("embed", "src"),
    ("object", "data"), ("form", "action"), ("image", "href"), ("image", "xlink:href"), ("use", "href"),
    ("use", "xlink:href"), ("input", "src"),
}
# <link rel> values that are not documents or files of this site (nothing to resolve).
IGNORED_LINK_RELS = {"preconnect", "dns-prefetch"}


@dataclass
class _Page:
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str]] = field(default_factory=list)  # (tag, url)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = _Page()

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        for key in ("id", "name") if tag in ("a", "map") else ("id",):
            if a.get(key):
                self.page.ids.add(a[key])
        if tag == "link" and set(a.get("rel", "").lower().split()) & IGNORED_LINK_RELS:
            return
        for attr, value in a.items():
            if (tag, attr) in URL_ATTRS and value.strip():
                self.page.links.append((tag, value.strip()))
        if a.get("srcset"):
            self.page.links += [(tag, part.split()[0]) for part in a["srcset"].split(",") if part.strip()]

    handle_startendtag = handle_starttag


def _parse(path: Path) -> _Page:
    parser = _Parser()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    return parser.page


def _target(site: Path, base: Path, path: str) -> Path | None:
    """The file a site-relative or page-relative URL path serves, as a static server would (dir -> index.html)."""
    path = unquote(path)
    target = (site / path.lstrip("/")) if path.startswith("/") else (base.parent / path)
    target = Path(*target.parts).resolve()
    if site.resolve() not in (target, *target.parents):
        return None  # outside the site
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


class _Checker:
    def __init__(self, site: Path) -> None:
        self.site = site
        self.pages: dict[Path, _Page] = {}
        self.problems: list[str] = []

    def page(self, path: Path) -> _Page:
        if path not in self.pages:
            self.pages[path] = _parse(path)
        return self.pages[path]

    def check(self, where: str, base: Path, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or url.startswith("//"):
            return  # another site (or data:, mailto:, javascript: — not ours to resolve)
        target = _target(self.site, base, parts.path) if parts.path else base
        if target is None:
            self.problems.append(f"{where}: {url}: no such file in the site")
            return
        anchor = unquote(parts.fragment)
        if anchor and target.suffix == ".html" and anchor not in self.page(target).ids:
            self.problems.append(f"{where}: {url}: no element with id {anchor!r} in {target.relative_to(self.site)}")


def check_site(site: Path) -> list[str]:
    """One line per broken internal link or anchor, `page: url: problem`, in a stable order."""
    site = site.resolve()
    checker = _Checker(site)
    for path in sorted(site.rglob("*.html")):
        where = path.relative_to(site).as_posix()
        for _tag, url in checker.page(path).links:
            checker.check(where, path, url)
    index = site / "search" / "search_index.json"
    if index.is_file():  # search results link to page#heading
        for doc in json.loads(index.read_text(encoding="utf-8")).get("docs", []):
            checker.check("search/search_index.json", site / "index.html", doc.get("location", "") or "./")
    return checker.problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default="site", help="the built site folder")
    args = parser.parse_args(argv)
    problems = check_site(Path(args.site))
    for line in problems:
        print(line)
    print(f"{len(problems)} broken internal link(s)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
