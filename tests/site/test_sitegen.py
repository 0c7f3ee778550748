"""The page generator as a pure function: render_all(bundle, today) -> {path: Markdown}. No MkDocs here.

Markdown is turned into HTML with the same extensions as mkdocs.yml where it matters (escaping).
"""

from __future__ import annotations

import copy
import datetime as dt
import html
import json
import re
from pathlib import Path

import markdown
import pytest
from mkdocs.utils.meta import get_data
from hypothesis import given
from hypothesis import strategies as st

from checker import messages as M
from checker.bundle import data_date
from checker.regions import REGIONS
from sitegen import pages

TODAY = dt.date(2026, 11, 23)
EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "def_list", "pymdownx.superfences",
              "pymdownx.details", "pymdownx.tabbed"]
SCHEMA = Path(__file__).resolve().parents[2] / "checker" / "data_schema" / "bundle.schema.json"


def to_html(text: str) -> str:
    """The page's Markdown as MkDocs renders it: the front matter (title, description) taken off first, and
    written out as Material does, as it is, into <title> and <meta name="description"> (so it must be HTML-escaped
    already)."""
    body, meta = get_data(text) if text.startswith("---\n") else (text, {})  # generated pages' front matter only
    head = "".join(f"<title>{meta['title']}</title>" for _ in [0] if "title" in meta)
    head += "".join(f'<meta name="description" content="{meta["description"]}">' for _ in [0] if "description" in meta)
    return head + markdown.markdown(body, extensions=EXTENSIONS)


@pytest.fixture(scope="module")
def rendered(bundle) -> dict[str, str]:
    return pages.render_all(bundle, TODAY)


def test_every_region_has_its_five_pages(rendered):
    for region in REGIONS:
        for page in ("index", "bind", "unbind", "query", "restore"):
            assert f"regions/{region.slug}/{page}.md" in rendered, (region.short, page)


def test_national_and_summary_pages_exist(rendered):
    for path in ("regions/index.md", "compare.md", "changes.md", "data.md", "national/index.md",
                 "national/qinqing.md", "national/money.md", "national/uses.md", "national/faq.md"):
        assert path in rendered


def test_every_page_shows_sources_and_verification_date(rendered):
    for path, text in rendered.items():
        assert "## 来源 {#sources data-search-exclude}" in text, path
        assert "信息核实日期" in text, path
        assert M.HELP in text, path


def test_region_pages_carry_the_checker_container_and_their_own_date(bundle, rendered):
    for region in bundle["regions"]:
        for page in ("index", "bind", "unbind", "query", "restore"):
            text = rendered[f"regions/{region['slug']}/{page}.md"]
            assert f'<div class="yb-checker" data-region="{region["code"]}"></div>' in text
            assert f"信息核实日期：**{pages.esc(region['verified'])}**" in text


def test_output_is_deterministic(bundle):
    again = json.loads(json.dumps(bundle, sort_keys=False))  # a fresh copy, same content
    assert pages.render_all(bundle, TODAY) == pages.render_all(again, TODAY)
    assert list(pages.render_all(bundle, TODAY)) == sorted(pages.render_all(bundle, TODAY))


def test_today_is_the_newest_verification_date(bundle):
    newest = max([bundle["national"]["verified"], *(r["verified"] for r in bundle["regions"])])
    assert data_date(bundle).isoformat() == newest


def _poisoned(bundle: dict) -> dict:
    """A copy of the bundle with markup in every kind of data text the pages show."""
    evil = '<script>alert("x")</script> **bold** [link](http://evil.example/) <img src=x onerror=alert(1)>'
    b = copy.deepcopy(bundle)
    region = b["regions"][0]
    region["name"] = region["short"] = "北京" + evil
    region["local_name"] = evil
    region["notes"] = [{"id": None, "text": evil, "sources": []}]
    region["channels"] = [{"id": "x", "kind": "wechat", "name": evil, "url": "javascript:alert(1)", "path": [evil],
                           "bind": [evil], "unbind": [evil], "query": [evil], "note": evil, "sources": ["x-src"]}]
    region["facts"]["offline"] = {"status": "known", "value": evil, "note": evil, "sources": ["x-src"],
                                  "since": None, "layer": "regional", "materials": [evil]}
    region["facts"]["rebind"] = {"status": "unknown", "value": None, "note": evil, "sources": [],
                                 "since": None, "layer": "regional"}
    b["sources"]["x-src"] = {"id": "x-src", "title": evil, "described": False, "publisher": evil, "date": evil,
                             "tier": "official", "url": "https://www.gov.cn/x(1)<script>", "mirror": False,
                             "linkable": True, "dead": False, "replacement": None, "note": None}
    return b


def test_markup_in_data_comes_out_inert(bundle):
    b = _poisoned(bundle)
    out = pages.render_all(b, TODAY)
    slug = b["regions"][0]["slug"]
    for name in ("index", "bind", "unbind", "query", "restore"):
        text = out[f"regions/{slug}/{name}.md"]
        assert "<script" not in text and "<img" not in text
        page_html = to_html(text)
        assert "<script" not in page_html, name
        assert "<img" not in page_html, name
        assert "<strong>bold</strong>" not in page_html, name
        assert 'href="http://evil.example/"' not in page_html, name
        assert "javascript:" not in page_html, name
        assert "&lt;script&gt;" in page_html, name
    for path in ("compare.md", "changes.md"):  # tables and histories, with their 我要纠错 links
        assert "<script" not in out[path] and "<img" not in out[path], path
        page_html = to_html(out[path])
        assert "<script" not in page_html and "<img" not in page_html and 'href="http://evil' not in page_html, path


def test_dead_sources_link_their_replacement_only():
    src = {"id": "x", "title": "标题", "described": False, "publisher": "某医保局", "date": "2024-01-01",
           "tier": "official", "url": "https://ybj.example.gov.cn/old.html", "mirror": False, "linkable": False,
           "dead": True, "replacement": "https://ybj.example.gov.cn/new.html", "note": None}
    assert "](https://ybj.example.gov.cn/new.html)" in pages.source_text(src) and "old.html" not in pages.source_text(src)
    assert "](" not in pages.source_text({**src, "replacement": None})
    assert "原网页已失效" in pages.source_text({**src, "replacement": None})


def test_escape_helpers():
    assert pages.esc("<script>") == "&lt;script&gt;"
    assert pages.esc("a*b*_c_ [x](y) #1 |") == r"a\*b\*\_c\_ \[x\]\(y\) \#1 \|"
    assert pages.esc("line\nbreak") == "line break"
    assert pages.esc_html('"><script>') == "&quot;&gt;&lt;script&gt;"
    assert pages.link_url("javascript:alert(1)") is None
    assert pages.link_url("https://www.gov.cn/a b(c)") == "https://www.gov.cn/a%20b%28c%29"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=80))
def test_escaped_text_renders_as_itself(text):
    """Whatever the data says, the page shows exactly that text: no markup survives, nothing is lost."""
    out = to_html(pages.esc(text))
    inner = re.sub(r"^<p>|</p>$", "", out)
    assert "<" not in inner
    assert html.unescape(inner) == " ".join(text.split())


def test_gap_is_said_plainly_with_where_to_ask(bundle):
    b = copy.deepcopy(bundle)
    region = b["regions"][0]
    region["facts"]["max_relatives"] = {"status": "unknown", "value": None, "note": None, "sources": [],
                                        "since": None, "layer": "none"}
    region["channels"] = []
    out = pages.render_all(b, TODAY)
    overview = out[f"regions/{region['slug']}/index.md"]
    line = next(x for x in overview.splitlines() if x.startswith(f"- **{M.FACT['max_relatives']}**"))
    assert "不清楚" in line
    assert "## 还不清楚的信息 {#gaps}" in overview and M.FACT["max_relatives"] in overview
    assert M.HELP in overview
    unbind = out[f"regions/{region['slug']}/unbind.md"]
    assert "没有找到具体步骤" in unbind and "12393" in unbind


def test_unverified_sources_are_marked(bundle, rendered):
    aggregator = [s for s in bundle["sources"].values() if s["tier"] == "aggregator"]
    if not aggregator:
        pytest.skip("no aggregator source in the data")
    pages_with_sources = "\n".join(rendered.values())
    assert pages.UNVERIFIED in pages_with_sources


def test_mirrors_are_cited_not_linked(bundle):
    for src in bundle["sources"].values():
        text = pages.source_text(src)
        if src.get("dead"):
            assert ("](" in text) == bool(src.get("replacement")), src["id"]
        elif src["mirror"] or not src["linkable"]:
            assert "](" not in text, src["id"]
            assert pages.esc(src["publisher"]) in text and pages.esc(src["date"]) in text
        else:
            assert "](http" in text, src["id"]


def test_steps_are_numbered_one_per_action_with_button_text(bundle, rendered):
    for region in bundle["regions"]:
        for ch in region["channels"]:
            if ch["bind"] and ch["path"]:
                text = rendered[f"regions/{region['slug']}/bind.md"]
                assert f"点击「{pages.esc(ch['path'][0])}」" in text
                assert pages.esc(ch["bind"][-1]) in text
                return
    pytest.skip("no channel with a menu path and bind steps in the data")


def test_region_nav_lists_all_pages(bundle, rendered):
    nav = pages.region_nav(bundle)
    flat = json.dumps(nav, ensure_ascii=False)
    for path in rendered:
        if path.startswith("regions/"):
            assert f'"{path}"' in flat, path
    assert all(pages.provincial(r) for r in bundle["regions"]), "today's data: provincial level only"


def test_region_nav_leaves_city_level_entries_out(bundle):
    """City-level entries (codes not ending 0000) would make every page's navigation grow with the data."""
    city = copy.deepcopy(bundle["regions"][0])
    city.update(code="110101", slug="110101-dongcheng", name="东城区", short="东城")
    flat = json.dumps(pages.region_nav({**bundle, "regions": [*bundle["regions"], city]}), ensure_ascii=False)
    assert "110101-dongcheng" not in flat and f"regions/{bundle['regions'][0]['slug']}/bind.md" in flat


def not_in_nav_spec():
    """mkdocs.yml's not_in_nav patterns, as MkDocs reads them (gitignore style)."""
    pathspec = pytest.importorskip("pathspec")
    text = (Path(__file__).resolve().parents[2] / "mkdocs.yml").read_text(encoding="utf-8")
    block = text.split("\nnot_in_nav: |\n", 1)[1]
    lines = []
    for line in block.splitlines():
        if not line.startswith("  "):
            break
        lines.append(line.strip())
    return pathspec.GitIgnoreSpec.from_lines(lines)


@pytest.mark.parametrize("code", ["110000", "660000", "110101", "110001", "110100", "111000", "650100", "659001"])
def test_not_in_nav_patterns_are_exactly_the_entries_region_nav_leaves_out(code):
    """The rule lives in two places (pages.provincial for the nav, mkdocs.yml for MkDocs' warning): they agree."""
    page = f"regions/{code}-somewhere/bind.md"
    assert not_in_nav_spec().match_file(page) == (not pages.provincial({"code": code})), code


def test_open_data_matches_its_schema(bundle):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    errors = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(json.loads(pages.bundle_json(bundle)))]
    assert not errors, errors[:5]


# ------------------------------------------------------------------ templates and escaping
TEMPLATES = Path(__file__).resolve().parents[2] / "sitegen" / "templates"
SITEGEN = TEMPLATES.parent


def test_every_page_kind_renders_from_its_template(bundle, monkeypatch):
    """Each page template (templates/*.j2 but the shared _*.j2) is the one a page kind is rendered from."""
    from sitegen import display, feed

    loaded: list[str] = []
    get_template = display.ENV.get_template

    def spy(name, *args, **kwargs):
        loaded.append(name)
        return get_template(name, *args, **kwargs)

    monkeypatch.setattr(display.ENV, "get_template", spy)
    out = pages.render_all(bundle, TODAY)
    feed.atom(bundle, "http://127.0.0.1:8000/")
    kinds = {p.name for p in TEMPLATES.glob("*.j2") if not p.name.startswith("_")}
    used = {name for name in loaded if not name.startswith("_")}
    assert kinds == used, "a template no page uses, or a page kind without one"
    assert {"_macros.j2", "_region.j2"} <= set(loaded)
    for page_kind in ("index", "bind", "unbind", "query", "restore"):
        assert all(f"regions/{r['slug']}/{page_kind}.md" in out for r in bundle["regions"])


def _poisoned_everywhere(bundle: dict) -> dict:
    """_poisoned, and markup in the data of the national pages, the tables and the feed too."""
    evil = '<script>alert("x")</script> **bold** [link](http://evil.example/) <img src=x onerror=alert(1)>'
    b = _poisoned(bundle)
    region = b["regions"][1]
    region["short"] = region["name"] = "天津" + evil
    region["notes"] = [{"id": None, "text": "注意" + evil, "sources": ["x-src"]}]
    region["facts"]["max_relatives"].update(status="known", value=evil, layer="regional")  # a table cell
    region["facts"]["extra_uses"].update(status="known", value=[evil], layer="regional", sources=["x-src"])
    b["national"]["notes"] = [{**n, "text": n["text"] + evil} for n in b["national"]["notes"]]
    b["national"]["timeline"][0].update(title=evil, text=evil)
    for tl in b["national"]["timelines"].values():
        tl["periods"][-1]["note"] = evil
        tl["periods"][-1]["sources"] = [*tl["periods"][-1]["sources"], "x-src"]
    return b


def test_no_generated_page_shows_an_unescaped_value(bundle):
    """Data is escaped once, by the template environment, on every page kind (a note with <script> or *)."""
    from sitegen import feed

    out = pages.render_all(_poisoned_everywhere(bundle), TODAY)
    for path, text in out.items():
        assert "<script" not in text and "<img" not in text, path  # inside SVG, **bold** is inert text
        page_html = to_html(text)
        assert "<script" not in page_html and "<img" not in page_html, path
        assert "<strong>bold</strong>" not in page_html and 'href="http://evil' not in page_html, path
    overview = out[f"regions/{bundle['regions'][1]['slug']}/index.md"]
    assert r'- 注意&lt;script&gt;alert\("x"\)&lt;/script&gt; \*\*bold\*\* \[link\]\(http://evil\.example/\)' in overview
    assert r"onerror=alert\(1\)&gt;人 |" in out["compare.md"], "a table cell built from the data is escaped too"
    atom = feed.atom(_poisoned_everywhere(bundle), "http://127.0.0.1:8000/")
    assert "<script" not in atom and "&lt;script" in atom


def test_values_print_escaped_unless_python_prepared_them():
    from markupsafe import Markup

    from sitegen.display import ENV

    t = ENV.from_string("{{ a }}|{{ b }}|{{ n }}|{{ a|html }}|{{ items|join('、') }}|{{ 'x-y_z'|path }}")
    assert t.render(a="<b>*x*</b>", b=Markup("<b>ok</b>"), n=3, items=["*", Markup("<i>")]) == (
        r"&lt;b&gt;\*x\*&lt;/b&gt;|<b>ok</b>|3|&lt;b&gt;*x*&lt;/b&gt;|\*、<i>|x-y_z")
    with pytest.raises(ValueError):
        ENV.from_string("{{ s|path }}").render(s="../x")
    with pytest.raises(ValueError):
        ENV.from_string("{{ u|href }}").render(u="javascript:alert(1)")


def _sitegen_imports(module: str) -> set[str]:
    import ast

    tree = ast.parse((SITEGEN / f"{module}.py").read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            found |= {node.module} if node.module else {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sitegen"):
            found |= {(node.module or "").partition(".")[2] or a.name for a in node.names}
    return found


def test_page_modules_have_no_import_cycle_and_stay_small():
    """display <- facts <- svg, reports <- feed, maintainers <- pages: shared helpers never import the pages."""
    layers = {"display": set(), "facts": {"display"}, "svg": {"display", "facts"},
              "reports": {"display", "facts"}, "feed": {"display"}, "maintainers": {"display"}, "summary": set(), "faq": {"facts"}, "cities": set(),
              "local": {"facts", "cities"},
              "pages": {"display", "facts", "svg", "reports", "feed", "maintainers", "summary", "faq", "cities", "local"}}
    for module, allowed in layers.items():
        assert _sitegen_imports(module) <= allowed, (module, _sitegen_imports(module) - allowed)
        lines = (SITEGEN / f"{module}.py").read_text(encoding="utf-8").count("\n")
        assert lines <= 400, f"sitegen/{module}.py has {lines} lines: split it"


def test_every_python_module_stays_small():
    """A module a person can read in one sitting: no .py file of the checker, its tools or the site generator over
    400 lines."""
    root = SITEGEN.parent
    for path in [*sorted((root / "checker").rglob("*.py")), *sorted(SITEGEN.glob("*.py"))]:
        lines = path.read_text(encoding="utf-8").count("\n")
        assert lines <= 400, f"{path.relative_to(root)} has {lines} lines: split it"
