"""The issue-8 features on the built site (the session build of tests/conftest.py): the Atom feed and the pages
that link it, 最近更新, the maintainers' pages, glossary marks, 我要纠错 links, the checker's download size
and the service worker's precache list. The browser side is in test_features_browser.py."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from checker import messages as M
from checker.bundle import data_date
from checker.tools.coverage import MARK, counts
from sitegen import feed, offline, pages
from checker.tools.source_health import health

ROOT = Path(__file__).resolve().parents[2]
ATOM = "{http://www.w3.org/2005/Atom}"
SVG = "{http://www.w3.org/2000/svg}"


def mkdocs_setting(name: str) -> str:
    """A plain `key: value` line of mkdocs.yml (site_url, report_issue_url); `""` is the empty string."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    value = re.search(rf"^\s*{name}:\s*(\S+)", text, re.MULTILINE).group(1)
    return "" if value in ('""', "''") else value


def feedback_href(md_path: str) -> str:
    """The about page's 反馈 section as linked from a page (no tracker configured: reports.FEEDBACK_PAGE)."""
    depth = md_path.count("/") + (0 if md_path.endswith("index.md") else 1)
    return "../" * depth + "about/#feedback"


def page_html(site: Path, md_path: str) -> str:
    stem = md_path[:-3]
    folder = stem[:-5] if stem.endswith("index") else stem + "/"
    return (site / folder / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def generated(bundle) -> list[str]:
    return list(pages.render_all(bundle, data_date(bundle)))


# ------------------------------------------------------------------ what changed
def test_feed_is_published_and_matches_the_data(built_site, bundle):
    root = ET.parse(built_site / "feed.xml").getroot()
    entries = root.findall(ATOM + "entry")
    assert len(entries) == len(feed.changes(bundle)) > 0
    site_url = mkdocs_setting("site_url")
    assert root.find(ATOM + "link[@rel='self']").get("href") == site_url + "feed.xml"
    regions = {r["code"] for r in bundle["regions"]} | {"national"}
    per_region = {}
    for entry in entries:
        code = entry.findtext(ATOM + "id").rsplit("/", 1)[1].split(".")[0]
        assert code in regions
        per_region[code] = per_region.get(code, 0) + 1
    for code, n in per_region.items():
        assert n == sum(1 for c in feed.changes(bundle) if c.code == code)


def test_every_page_links_the_feed(built_site):
    for html_file in built_site.rglob("*.html"):
        if "assets" in html_file.parts:
            continue
        text = html_file.read_text(encoding="utf-8")
        link = re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"', text)
        assert link, html_file
        if html_file.name == "404.html":
            continue  # absolute paths, resolved against the site root
        assert (html_file.parent / link.group(1)).resolve() == (built_site / "feed.xml").resolve(), html_file


def test_updates_page(built_site, bundle):
    text = page_html(built_site, "updates.md")
    assert text.count('class="yb-change"') == len(feed.changes(bundle))
    assert 'href="../feed.xml"' in text


# ------------------------------------------------------------------ maintainers
def test_coverage_page_counts_match_the_data(built_site, bundle):
    text = page_html(built_site, "maintainers/coverage.md")
    want = counts(bundle, data_date(bundle))
    shown = {m.group(1): int(m.group(2)) for m in re.finditer(r'data-status="([a-z]+)">(\d+)<', text)}
    assert shown == want
    matrix = text[text.index('class="yb-coverage"'):]
    for status in MARK:
        assert matrix.count(f"yb-cov--{status}") == want[status]


def test_sources_page_counts(built_site, bundle):
    text = page_html(built_site, "maintainers/sources.md")
    h = health(bundle)
    shown = {m.group(1): int(m.group(2)) for m in re.finditer(r'data-key="([a-z_]+)">(\d+)<', text)}
    assert shown["total"] == h["total"]
    assert {t: shown[t] for t in h["tiers"]} == h["tiers"]
    for key in ("mirrors", "undated", "dead", "uncited", "problems"):
        assert shown[key] == len(h[key]), key


def test_decision_diagram_is_static_svg(built_site):
    text = page_html(built_site, "maintainers/decision.md")
    svg = re.search(r'<svg class="yb-decision".*?</svg>', text, re.DOTALL).group()
    root = ET.fromstring(svg)
    assert root.tag == SVG + "svg" and root.find(SVG + "title") is not None
    assert len(root.findall(SVG + "rect")) > 10
    assert "<script" not in svg


# ------------------------------------------------------------------ glossary and 我要纠错
def test_glossary_terms_on_generated_pages(built_site, generated):
    found: set[str] = set()
    for md in generated:
        for title, term in re.findall(r'<abbr class="yb-term" title="([^"]*)">([^<]*)</abbr>', page_html(built_site, md)):
            assert M.GLOSSARY[term] == title.replace("&quot;", '"'), md
            found.add(term)
    assert found == set(M.GLOSSARY)
    overview = page_html(built_site, "regions/420000-hubei/index.md")
    for term in ("统筹区", "近亲属", "医保钱包", "亲情账户"):
        assert f">{term}</abbr>" in overview
    assert ">历年账户</abbr>" in page_html(built_site, "regions/310000-shanghai/index.md")


def test_report_links_in_the_built_pages(built_site, bundle):
    """With a tracker configured each link opens a prefilled issue; with none (mkdocs.yml's default) each goes to
    the about page's 反馈 section."""
    base = mkdocs_setting("report_issue_url")
    for region in bundle["regions"]:
        md = f"regions/{region['slug']}/index.md"
        text = page_html(built_site, md)
        links = re.findall(r'<a aria-label="我要纠错：([^"“]+)" class="yb-report" href="([^"]+)"(?: rel="nofollow")?>'
                           rf"{M.REPORT_LINK}</a>", text)
        rows = re.findall(r"<li><strong>([^<]+)</strong>：", text)
        facts = [r for r in rows if r in M.FACT.values()]
        assert len(links) >= len(facts) > 5, region["code"]
        for label, href in links:
            assert label in M.FACT.values()
            href = href.replace("&amp;", "&")
            assert not re.search(r"[\s\"<>]", href)
            if not base:
                assert href == feedback_href(md)
                continue
            assert href.startswith(base + "?")
            query = parse_qs(urlsplit(href).query, strict_parsing=True)
            key = next(k for k, v in M.FACT.items() if v == label)
            assert f"{region['code']}.{key}" in query["title"][0]
            assert f"地区：{region['name']}（{region['code']}）" in query["body"][0]


# ------------------------------------------------------------------ offline and the download size
def meta(text: str, name: str) -> re.Match:
    return re.search(rf'<meta name="{name}" content="([^"]*)"(?: data-raw="(\d+)")?>', text)


def test_checker_page_states_the_download_size(built_site):
    text = (built_site / "checker" / "index.html").read_text(encoding="utf-8")
    core = built_site / meta(text, "yb-pyodide").group(1)
    runtime = built_site / meta(text, "yb-checker").group(1)
    stdlib = built_site / meta(text, "yb-stdlib").group(1)  # the site's precompiled copy, in the core folder
    assert stdlib.parent == core and re.fullmatch(r"python_stdlib-[0-9a-f]{12}\.zip", stdlib.name)
    files = [core / n for n in offline.CORE_DOWNLOADS] + [stdlib]
    files += [runtime / "pyodide-lock.json", runtime / "checker-files.json", runtime / "vocab.json"]
    assert all(f.is_file() for f in files) and len(files) == 7
    size = meta(text, "yb-download")
    assert int(size.group(2)) == sum(f.stat().st_size for f in files)
    assert int(size.group(1)) == sum(len(gzip.compress(f.read_bytes(), 6, mtime=0)) for f in files)
    shown = re.search(r'<span class="yb-download-size">([^<]+)</span>', text).group(1)
    assert shown == offline.size_text(int(size.group(1)))


def service_worker(site: Path) -> dict:
    text = (site / "sw.js").read_text(encoding="utf-8")
    out = {}
    for name in ("VERSION", "PRECACHE", "RUNTIME"):
        out[name] = json.loads(re.search(rf"^const {name} = (.*);$", text, re.MULTILINE).group(1))
    return out


def test_service_worker_precaches_the_site(built_site, bundle):
    sw = service_worker(built_site)
    assert re.fullmatch(rf"{bundle['data_version']}-[0-9a-f]{{12}}", sw["VERSION"])
    precache = set(sw["PRECACHE"])
    for html_file in built_site.rglob("index.html"):
        rel = html_file.parent.relative_to(built_site).as_posix()
        if not rel.startswith("assets"):
            assert ("./" if rel == "." else rel + "/") in precache, rel
    assert {"data/bundle.json", "feed.xml", "javascripts/yb-ui.js", "javascripts/checker/worker.js"} <= precache
    assert not [p for p in precache if p.startswith(("assets/pyodide/", "assets/checker/"))]
    # the search index is precached (search offline: sitegen/offline.py), with the language files zh needs only
    assert "search/search_index.json" in precache
    lunr = [p for p in precache if p.startswith("assets/javascripts/lunr/")]
    assert 0 < len(lunr) <= 3, lunr
    for rel in sw["PRECACHE"] + sw["RUNTIME"]:
        assert (built_site / (rel if not rel.endswith("/") else rel + "index.html")).is_file() or rel == "./", rel
    assert any(p.endswith("pyodide.asm.wasm") for p in sw["RUNTIME"])
    assert any(p.endswith("/checker-files.json") for p in sw["RUNTIME"])
    assert any(re.search(r"/python_stdlib-[0-9a-f]{12}\.zip$", p) for p in sw["RUNTIME"])
    assert not [p for p in sw["RUNTIME"] if "/snapshot-" in p], "the snapshot is kept in OPFS, not a third time"


def test_report_links_in_the_comparison_table_and_histories(built_site, bundle):
    """One link per comparison row (in its own column) and one per dated change on 各地变化记录."""
    base = mkdocs_setting("report_issue_url")
    compare = page_html(built_site, "compare.md")
    rows = re.findall(r'<td><a aria-label="我要纠错：([^"]+)这一行" class="yb-report" href="([^"]+)"(?: rel="nofollow")?>'
                      rf"{M.REPORT_LINK}</a></td>\s*</tr>", compare)
    assert [label for label, _ in rows] == [r["short"] for r in bundle["regions"]]
    for region, (_, href) in zip(bundle["regions"], rows):
        if not base:
            assert href == feedback_href("compare.md")
            continue
        query = parse_qs(urlsplit(href.replace("&amp;", "&")).query, strict_parsing=True)
        assert href.startswith(base + "?") and f"（{region['code']}.scope）" in query["body"][0]
    periods = sum(len(tl["periods"]) for tl in bundle["national"]["timelines"].values())
    periods += sum(len(tl["periods"]) for r in bundle["regions"] for tl in r["timelines"].values())
    changes = page_html(built_site, "changes.md")
    if not base:  # one link per period, labelled with its period, each to the 反馈 section
        labels = re.findall(r'<a aria-label="我要纠错：([^"]+)的变化记录" class="yb-report" href="([^"]+)"', changes)
        assert len(labels) == len(set(labels)) == periods
        assert {href for _, href in labels} == {feedback_href("changes.md")}
        return
    titles = re.findall(r'class="yb-report" href="[^"]*[?&]title=([^&"]+)', changes)
    assert len(titles) == len(set(titles)) == periods
    assert all(re.search(r"\.[a-z_]+#[0-9]+）$", unquote(t)) for t in titles)


@pytest.mark.skipif(not shutil.which("node"), reason="needs node")
def test_scripts_parse(built_site):
    for script in ("sw.js", "javascripts/yb-ui.js"):
        proc = subprocess.run(["node", "--check", str(built_site / script)], capture_output=True, text=True, check=False)
        assert proc.returncode == 0, proc.stderr


def test_report_link_round_trip(built_site):
    """What the tracker receives is what the page meant: decoded once, lines intact, nothing left encoded.
    (No tracker configured, as mkdocs.yml ships: the link goes to the about page; see test_features_units.)"""
    text = page_html(built_site, "regions/420000-hubei/unbind.md")
    if not mkdocs_setting("report_issue_url"):
        href = re.search(r'class="yb-report" href="([^"]+)"', text).group(1)
        assert href == feedback_href("regions/420000-hubei/unbind.md")
        return
    href = re.search(r'class="yb-report" href="([^"]+)"', text).group(1).replace("&amp;", "&")
    body = parse_qs(urlsplit(href).query)["body"][0]
    assert body.splitlines()[0] == "地区：湖北省（420000）"
    assert unquote(body) == body, "not encoded twice"
