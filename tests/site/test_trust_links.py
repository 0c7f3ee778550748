"""Links: every internal href/src of the built site resolves to a file in it, and every #anchor to an element
(sitegen/linkcheck.py, also `python -m sitegen.linkcheck site`). First the checker itself is
shown to catch each kind of break on a small hand-made site, then it runs over the real build."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sitegen.linkcheck import check_site

ROOT = Path(__file__).resolve().parents[2]

PAGES = {
    "index.html": """<!doctype html><html><head><link rel="stylesheet" href="style.css">
        <link rel="preconnect" href="https://example.org"><script src="app.js"></script></head><body>
        <h1 id="top">Home</h1><a href="#top">top</a><a href="#">also top</a>
        <a href="guide/">guide</a><a href="guide/#steps">steps</a><a href="guide/index.html#steps">steps</a>
        <a href="/guide/?v=1#steps">with a query</a><a href="%E6%8C%87%E5%8D%97/">encoded</a>
        <a href="https://example.org/nowhere">external</a><a href="mailto:12393@example.org">mail</a>
        <img src="data:image/png;base64,AAAA" alt=""><img srcset="pic.png 1x, pic.png 2x" alt="">
        <svg><a xlink:href="guide/"><rect/></a><use href="#top"/></svg>
        <a href="guide/#nowhere">missing anchor</a><a href="#gone">missing here</a>
        <a href="missing/">missing page</a><script src="missing.js"></script><img src="../outside.png" alt="">
        <svg><a xlink:href="regions/">missing tile</a></svg></body></html>""",
    "guide/index.html": '<h2 id="steps">Steps</h2><a name="old-anchor"></a><a href="../#top">home</a>'
                        '<a href="../index.html#old">bad</a><a href="#old-anchor">old</a>',
    "指南/index.html": "<p>encoded path</p>",
    "style.css": "", "app.js": "", "pic.png": "",
}
BROKEN = {
    "index.html: guide/#nowhere: no element with id 'nowhere' in guide/index.html",
    "index.html: #gone: no element with id 'gone' in index.html",
    "index.html: missing/: no such file in the site",
    "index.html: missing.js: no such file in the site",
    "index.html: ../outside.png: no such file in the site",
    "index.html: regions/: no such file in the site",
    "guide/index.html: ../index.html#old: no element with id 'old' in index.html",
}


@pytest.fixture
def small_site(tmp_path) -> Path:
    for name, text in PAGES.items():
        (tmp_path / "site" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "site" / name).write_text(text, encoding="utf-8")
    (tmp_path / "outside.png").write_text("")
    return tmp_path / "site"


def test_link_checker_finds_each_kind_of_break(small_site):
    assert set(check_site(small_site)) == BROKEN


def test_link_checker_reads_the_search_index(small_site):
    (small_site / "search").mkdir()
    docs = [{"location": ""}, {"location": "guide/#steps"}, {"location": "guide/#renamed"}]
    (small_site / "search" / "search_index.json").write_text(json.dumps({"docs": docs}), encoding="utf-8")
    assert set(check_site(small_site)) - BROKEN == {
        "search/search_index.json: guide/#renamed: no element with id 'renamed' in guide/index.html"}


def test_link_checker_command(small_site):
    proc = subprocess.run([sys.executable, "-m", "sitegen.linkcheck", str(small_site)], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 1
    assert set(proc.stdout.splitlines()) == BROKEN
    assert "7 broken" in proc.stderr


def test_every_internal_link_and_anchor_of_the_built_site_resolves(built_site):
    problems = check_site(Path(built_site))
    assert not problems, "\n".join(problems[:30])
