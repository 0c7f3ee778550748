"""The built site, checked from its HTML: `mkdocs build --strict` (shared session build, see conftest.py)
plus one more build here to show that generated pages come out byte-identical."""

from __future__ import annotations

import gzip
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from checker.bundle import data_date
from sitegen import pages

REGION_PAGES = ("", "bind/", "unbind/", "query/", "restore/")


def html_path(site: Path, md_path: str) -> Path:
    """docs path -> built file under directory URLs (a/index.md -> a/index.html, a/b.md -> a/b/index.html)."""
    stem = md_path[:-3]
    return site / (stem[:-5] if stem.endswith("index") else stem + "/") / "index.html"


@pytest.fixture(scope="module")
def generated(bundle) -> list[str]:
    return list(pages.render_all(bundle, data_date(bundle)))


class Refs(HTMLParser):
    """Collects (tag, attribute, value) for every URL that makes the browser fetch something."""

    FETCHING_LINK_RELS = frozenset({"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload",
                          "prefetch", "manifest", "mask-icon"})

    def __init__(self) -> None:
        super().__init__()
        self.fetches: list[tuple[str, str, str]] = []
        self.anchors: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and set((a.get("rel") or "").lower().split()) & self.FETCHING_LINK_RELS:
            self.fetches.append((tag, "href", a.get("href") or ""))
        for attr in ("src", "poster", "data"):
            if a.get(attr) and tag in ("script", "img", "iframe", "audio", "video", "source", "track", "embed", "object",
                                       "input", "image"):
                self.fetches.append((tag, attr, a[attr]))
        if a.get("srcset"):
            self.fetches += [(tag, "srcset", part.split()[0]) for part in a["srcset"].split(",") if part.strip()]
        if tag in ("image", "use") and (a.get("href") or a.get("xlink:href")):
            self.fetches.append((tag, "href", a.get("href") or a.get("xlink:href")))
        if tag == "a" and (a.get("href") or a.get("xlink:href")):  # SVG map tiles use xlink:href (pages.tile_map)
            self.anchors.append(a.get("href") or a["xlink:href"])

    handle_startendtag = handle_starttag


def parse(path: Path) -> Refs:
    refs = Refs()
    refs.feed(path.read_text(encoding="utf-8"))
    return refs


def off_site(url: str) -> bool:
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or parts.scheme not in ("", "data", "blob")


def test_build_has_no_warnings(site_build):
    bad = [line for line in site_build.log.splitlines() if re.search(r"\bWARNING\b|\bERROR\b", line)]
    assert not bad, bad


def test_every_region_has_five_pages(bundle, built_site):
    for region in bundle["regions"]:
        for page in REGION_PAGES:
            path = built_site / "regions" / region["slug"] / page / "index.html"
            assert path.is_file(), path


def test_every_generated_page_shows_sources_and_verification_date(built_site, generated):
    for md_path in generated:
        text = html_path(built_site, md_path).read_text(encoding="utf-8")
        assert 'id="sources"' in text, md_path
        assert "信息核实日期" in text, md_path


def test_region_pages_have_the_checker_container(bundle, built_site):
    for region in bundle["regions"]:
        for page in REGION_PAGES:
            text = (built_site / "regions" / region["slug"] / page / "index.html").read_text(encoding="utf-8")
            assert f'<div class="yb-checker" data-region="{region["code"]}"></div>' in text


def test_nothing_is_fetched_from_another_site(built_site):
    problems = []
    for page in built_site.rglob("*.html"):
        for tag, attr, url in parse(page).fetches:
            if off_site(url):
                problems.append(f"{page.relative_to(built_site)}: <{tag} {attr}={url}>")
    for css in built_site.rglob("*.css"):
        for url in re.findall(r"(?:url\(|@import\s+)['\"]?([^'\")\s;]+)", css.read_text(encoding="utf-8")):
            if off_site(url):
                problems.append(f"{css.relative_to(built_site)}: {url}")
    assert not problems, problems[:20]
    assert "fonts.googleapis" not in (built_site / "index.html").read_text(encoding="utf-8")


def test_internal_links_of_generated_pages_resolve(built_site, generated):
    """Including links Markdown cannot check: the tiles of the SVG maps."""
    broken = []
    for md_path in generated:
        page = html_path(built_site, md_path)
        for href in parse(page).anchors:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            if parts.path.startswith("/"):  # root-absolute (the footer's 关于本站, mkdocs.yml copyright)
                target = (built_site / unquote(parts.path).lstrip("/")).resolve()
            else:
                target = (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{md_path}: {href}")
    assert not broken, broken[:20]


def test_open_data_is_published(built_site, bundle):
    published = json.loads((built_site / "data" / "bundle.json").read_text(encoding="utf-8"))
    assert published == bundle
    schema = json.loads((built_site / "data" / "bundle.schema.json").read_text(encoding="utf-8"))
    assert schema["$schema"].endswith("2020-12/schema")


def test_chinese_search_index(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "zh" in index["config"]["lang"]
    text = " ".join(doc["text"] + " " + doc["title"] for doc in index["docs"])
    # jieba segments Chinese: words are separated by zero-width spaces so the browser index can find them
    assert "\u200b共济\u200b" in text and "\u200b核实\u200b" in text
    assert "山西" in text


def test_search_index_is_lean_and_finds_every_guide_page(built_site, bundle):
    """What every first visit downloads and indexes: UTF-8 (no \\uXXXX escapes), with gzip/brotli copies for
    nginx, every region page findable, and without source lists, histories or change logs."""
    path = built_site / "search" / "search_index.json"
    raw = path.read_bytes()
    assert b"\\u5171" not in raw and "共济".encode() in raw
    assert gzip.decompress((built_site / "search" / "search_index.json.gz").read_bytes()) == raw
    assert (built_site / "search" / "search_index.json.br").stat().st_size < len(raw) / 5
    docs = json.loads(raw)["docs"]
    pages_found = {doc["location"].split("#")[0] for doc in docs}
    for region in bundle["regions"]:
        for task in ("", "bind/", "unbind/", "query/", "restore/"):
            assert f"regions/{region['slug']}/{task}" in pages_found
    assert {"bind", "unbind", "query"} <= {doc["location"].rsplit("/", 2)[-2] for doc in docs
                                           if doc["location"].endswith("#steps")}, "steps are searchable"
    titles = {doc["title"].replace("\u200b", "") for doc in docs}
    assert not titles & {"来源", "历史变化", "自己查一查"}
    assert not any(p.startswith(("changes/", "updates/", "maintainers/")) for p in pages_found)


def test_search_dialog_has_a_name(built_site, generated):
    """Material's search overlay is role=dialog; the hook names it 搜索 on every page (axe: aria-dialog-name)."""
    for path in ("index.html", "checker/index.html", html_path(built_site, generated[0]).relative_to(built_site)):
        text = (built_site / path).read_text(encoding="utf-8")
        assert 'data-md-component="search" role="dialog" aria-label="搜索"' in text, path


def test_no_script_holds_up_the_first_paint(built_site, generated):
    """Every script file is deferred (classic or module): the page is drawn once HTML and CSS are in, then
    Material's bundle, yb-ui.js and the checker run in document order (Lighthouse: render-blocking requests)."""
    tag = re.compile(r"<script\b([^>]*)>")
    for path in ("index.html", "checker/index.html", "compare/index.html", "404.html",
                 html_path(built_site, generated[0]).relative_to(built_site)):
        text = (built_site / path).read_text(encoding="utf-8")
        external = [attrs for attrs in tag.findall(text) if "src=" in attrs]
        assert any("bundle." in attrs for attrs in external), path
        blocking = [a for a in external if not re.search(r"\bdefer\b|\basync\b|type=\"module\"", a)]
        assert not blocking, (path, blocking)
        assert text.index('"yb-easy-mode"') < text.index("<body"), "大字版 applies before the page is drawn"
        swap = text.find('classList.replace("no-js","js")')
        assert -1 < swap < text.index("<body"), "the first frame is drawn as Material's bundle leaves it"
        assert text.count('<button type="button" class="yb-easy-toggle"') == 1, path


def test_no_upstream_script_is_held_or_replaced(built_site):
    """Material's bundle and search worker run as Material ships them: nothing holds the bundle back (no
    MutationObserver on its <script>) or replaces window.Worker, on any page."""
    scripts = [built_site / "javascripts" / "yb-ui.js", *built_site.glob("javascripts/checker/*.js")]
    for path in [*built_site.rglob("*.html"), *scripts]:
        text = path.read_text(encoding="utf-8")
        assert "MutationObserver(" not in text or path.name == "yb-ui.js", path
        assert "window.Worker =" not in text and "window.Worker=" not in text, path
        assert "data-yb-bundle" not in text and "data-yb-material" not in text, path


def test_pyodide_is_served_as_npm_ships_it(built_site):
    """assets/pyodide/<version>/ holds the pinned npm package's files byte for byte (no patch at build time)."""
    from sitegen.runtime import CORE_FILES, PYODIDE_NPM, pyodide_version

    core = built_site / "assets" / "pyodide" / pyodide_version()
    for name in CORE_FILES:
        assert (core / name).read_bytes() == (PYODIDE_NPM / name).read_bytes(), name


def test_checker_pages_run_the_checker_first_with_its_choices_inline(built_site):
    """On the checker page bridge.js is the first deferred script (before yb-ui.js and Material's bundle); no other
    page carries it (yb-ui.js adds it when a compact form comes near the view). Pages with a form have its choices
    inline, identical to vocab.json: a shared link's form and question wait neither for Material's start-up nor
    for a request."""
    vocab = next(built_site.glob("assets/checker/*/vocab.json")).read_text(encoding="utf-8")
    tag = re.compile(r"<script\b([^>]*)>")
    region = built_site / "regions" / "140000-shanxi" / "index.html"
    for path in (built_site / "checker" / "index.html", region):
        text = path.read_text(encoding="utf-8")
        assert 'class="yb-checker' in text, path
        deferred = [a for a in tag.findall(text) if "src=" in a and re.search(r'\bdefer\b|type="module"', a)]
        if path == region:
            assert not any("checker/bridge.js" in a for a in deferred), deferred
            assert "javascripts/yb-ui.js" in deferred[0], deferred
        else:
            assert "checker/bridge.js" in deferred[0], (path, deferred)
        inline = re.search(r'<script type="application/json" id="yb-vocab">(.*?)</script>', text)
        assert inline and json.loads(inline.group(1).replace("<\\/", "</")) == json.loads(vocab), path
    carriers = {p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html")
                if "checker/bridge.js" in p.read_text(encoding="utf-8")}
    assert carriers == {"checker/index.html"}


def test_pictures_are_inline_svg(built_site):
    bind = (built_site / "regions" / "140000-shanxi" / "bind" / "index.html").read_text(encoding="utf-8")
    assert '<svg class="yb-flow"' in bind
    compare = (built_site / "compare" / "index.html").read_text(encoding="utf-8")
    assert compare.count('<svg class="yb-tiles"') == 2


def test_generated_pages_are_identical_across_builds(tmp_path_factory, site_build, site_builder, generated):
    again = site_builder(tmp_path_factory.mktemp("site-again") / "site", site_build.bundle)
    differ = []
    for p in generated:
        first = html_path(site_build.path, p).read_text(encoding="utf-8").splitlines()
        second = html_path(again.path, p).read_text(encoding="utf-8").splitlines()
        if first != second:
            line = next((i for i, (a, b) in enumerate(zip(first, second)) if a != b), min(len(first), len(second)))
            differ.append(f"{p} line {line + 1}: {first[line:line + 1]} != {second[line:line + 1]}")
    assert not differ, differ[:5]
    for name in ("bundle.json", "bundle.schema.json"):
        assert (site_build.path / "data" / name).read_bytes() == (again.path / "data" / name).read_bytes()


def _css_rules(css: str, media: str = "") -> list[tuple[str, str, str]]:
    """(media, selector, declarations) of each rule, one @media level deep; comments dropped, spaces squeezed."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    rules, depth, start, head = [], 0, 0, ""
    for i, ch in enumerate(css):
        if ch == "{":
            if depth == 0:
                head, start = css[start:i].strip(), i + 1
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                body = css[start:i]
                if head.startswith("@media"):
                    rules += _css_rules(body, " ".join(head.split()))
                else:
                    rules.append((media, " ".join(head.split()), " ".join(body.split())))
                start = i + 1
    return rules


def test_tables_are_wrapped_at_build_time_with_materials_rules(built_site):
    """Material's bundle moves every `table:not([class])` into its scroller as it starts (a second style and
    layout of the whole table); the build writes that wrapper and a class instead, and extra.css must carry
    every one of Material's rules for such tables, for the class."""
    for path in ("compare/index.html", "regions/index.html", "maintainers/coverage/index.html", "data/index.html"):
        text = (built_site / path).read_text(encoding="utf-8")
        tables = re.findall(r"<table\b[^>]*>", text)
        assert tables and set(tables) == {'<table class="yb-table">'}, (path, set(tables))
        assert text.count('<div class="md-typeset__scrollwrap"><div class="md-typeset__table"><table class="yb-table">') \
            == len(tables), path
    material = _css_rules(next(built_site.glob("assets/stylesheets/main.*.min.css")).read_text(encoding="utf-8"))
    ours = set(_css_rules((built_site / "stylesheets" / "extra.css").read_text(encoding="utf-8")))
    wanted = [(m, sel.replace("table:not([class])", "table.yb-table"), body)
              for m, sel, body in material if "table:not([class])" in sel]
    assert len(wanted) >= 10, "Material's table rules not found: did its stylesheet change shape?"
    missing = [rule for rule in wanted if rule not in ours]
    assert not missing, missing


def test_the_biggest_pages_are_compressed_at_build_time(built_site):
    """Pages over 60 KB of HTML (the comparison table, the change log) get brotli-11 and gzip copies for nginx:
    their first response then fits the first TCP window (the benchmark prints the comparison table's bytes)."""
    from sitegen.html import BIG_PAGE_BYTES, big_pages

    big = [p.relative_to(built_site).as_posix() for p in big_pages(built_site)]
    assert {"compare/index.html", "changes/index.html"} <= set(big)
    for rel in big:
        page = built_site / rel
        assert gzip.decompress(page.with_name(page.name + ".gz").read_bytes()) == page.read_bytes(), rel
        # brotli-11: under a quarter of the HTML (Chinese text compresses less than the table's markup)
        assert page.with_name(page.name + ".br").stat().st_size < page.stat().st_size / 4, rel
    compare = built_site / "compare" / "index.html.br"
    assert compare.stat().st_size < 13_000, "the comparison table's response fits the first TCP window with its headers"
    small = built_site / "index.html"
    assert small.stat().st_size < BIG_PAGE_BYTES and not small.with_name("index.html.br").exists()


def test_blank_runs_next_to_tags_become_one_line_break():
    """html.collapse_blank_runs: the same whitespace to the browser (a run with a line break next to a tag
    becomes one line break), text between the runs untouched, pages with <pre> or <textarea> left alone."""
    from sitegen.html import collapse_blank_runs

    html = '<ul>\n    \n  <li title="a b">x</li>\n\n\t<li>\n   y  z \n\n </li> <li>w\nv</li>\n</ul>'
    assert collapse_blank_runs(html) == '<ul>\n<li title="a b">x</li>\n<li>\ny  z\n</li> <li>w\nv</li>\n</ul>'
    for keep in ("<pre>a\n\n  <b>c</b></pre>\n\n<p>", "<textarea>\n\n  </textarea>\n  <p>"):
        assert collapse_blank_runs(keep) == keep


def test_built_pages_have_no_blank_runs(built_site):
    """On the built comparison table no run of whitespace with a line break is left next to a tag, and no blank
    line anywhere in its body."""
    text = (built_site / "compare" / "index.html").read_text(encoding="utf-8")
    assert not re.search(r">[ \t]*\n[ \t]*\n", text) and not re.search(r">\n[ \t]+\S", text)
    assert "\n\n" not in text.split("<body", 1)[1]
