"""The issue-8 features as pure functions (no MkDocs, no browser): the change feed, the coverage and source-health
reports, the decision diagram, the glossary marks and the 我要纠错 links. The built site is checked in
test_features_site.py, the browser side in test_features_browser.py."""

from __future__ import annotations

import copy
import datetime as dt
import inspect
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker import engine
from checker import messages as M
from checker.bundle import data_date
from checker.tools.coverage import MARK, counts
from sitegen import feed, glossary, maintainers, pages
from checker.tools.source_health import health, health_report
from checker.timeline import value_at

ROOT = Path(__file__).resolve().parents[2]
ATOM = "{http://www.w3.org/2005/Atom}"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def today(bundle) -> dt.date:
    return data_date(bundle)


TRACKER = "https://git.example.org/yb/issues/new"  # a configured tracker (mkdocs.yml ships none)


@pytest.fixture(scope="module")
def rendered(bundle, today) -> dict[str, str]:
    return pages.render_all(bundle, today, TRACKER)


# ------------------------------------------------------------------ what changed
def expected_changes(bundle: dict) -> set[str]:
    """The change ids, computed straight from the periods: a period whose value differs from the one before it
    (the previous period, or for a region's first period the national value the day before), or follows
    a value the data does not know."""
    unknown = object()
    ids = set()
    for region in [None, *bundle["regions"]]:
        owner = region or bundle["national"]
        for fact, tl in owner["timelines"].items():
            for i, p in enumerate(tl["periods"]):
                if i:
                    before = tl["periods"][i - 1]["value"]
                elif region is None:
                    before = unknown
                else:
                    day = (dt.date.fromisoformat(p["start"]) - dt.timedelta(days=1)).isoformat()
                    look = value_at(bundle, None, fact, day)
                    before = look.value if look.status == "known" else unknown
                if before is unknown or before != p["value"]:
                    code = region["code"] if region else "national"
                    ids.add(f"{code}.{fact}.{p['start']}" + (f"..{p['certain']}" if p["bounded"] else ""))
    return ids


def test_changes_match_the_timelines(bundle):
    changes = feed.changes(bundle)
    assert {c.id for c in changes} == expected_changes(bundle)
    assert len({c.id for c in changes}) == len(changes), "ids are unique"
    assert [c.certain for c in changes] == sorted((c.certain for c in changes), reverse=True), "newest first"
    for c in changes:
        assert c.old != c.new, c.id


def test_atom_feed_parses_and_counts(bundle):
    text = feed.atom(bundle, "https://example.gov.cn/yibao/")
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == ATOM + "feed"
    entries = root.findall(ATOM + "entry")
    assert len(entries) == len(expected_changes(bundle)) > 0
    ids = [e.findtext(ATOM + "id") for e in entries]
    assert len(set(ids)) == len(ids)
    assert all(i.startswith("tag:example.gov.cn,2024:yibao/change/") for i in ids)
    self_link = root.find(ATOM + "link[@rel='self']")
    assert self_link.get("href") == "https://example.gov.cn/yibao/feed.xml"
    certain = {c.id: c.certain for c in feed.changes(bundle)}
    for entry in entries:
        change_id = entry.findtext(ATOM + "id").rsplit("/", 1)[1]
        assert entry.findtext(ATOM + "updated") == certain[change_id] + "T00:00:00+08:00", "dates from the data"
        assert entry.find(ATOM + "link").get("href").startswith("https://example.gov.cn/yibao/")
        assert "→" in entry.findtext(ATOM + "title")
        content = entry.findtext(ATOM + "content")
        assert "生效：" in content and "来源：" in content
        terms = {c.get("term") for c in entry.findall(ATOM + "category")}
        assert change_id.split(".")[0] in terms and change_id.split(".")[1] in terms
    newest = max([data_date(bundle).isoformat(), *certain.values()])
    assert root.findtext(ATOM + "updated") == newest + "T00:00:00+08:00"


def test_feed_is_deterministic_and_escapes(bundle):
    assert feed.atom(bundle, "http://127.0.0.1:8000/") == feed.atom(copy.deepcopy(bundle), "http://127.0.0.1:8000/")
    evil = copy.deepcopy(bundle)
    sid = next(iter(evil["national"]["timelines"]["scope"]["periods"][-1]["sources"]))
    evil["sources"][sid]["title"] = "<script>alert(1)</script> & ]]>"
    root = ET.fromstring(feed.atom(evil, "http://127.0.0.1:8000/").encode("utf-8"))  # still well-formed
    contents = " ".join(e.findtext(ATOM + "content") for e in root.findall(ATOM + "entry"))
    assert "<script>" not in contents and "&lt;script&gt;" in contents


def test_updates_page_lists_every_change(bundle, today):
    text = feed.updates_page(bundle, today.isoformat())
    assert text.count('class="yb-change"') == len(feed.changes(bundle))
    assert "](feed.xml)" in text


# ------------------------------------------------------------------ 我要纠错
FACT_LABELS = "|".join(re.escape(pages.esc(v)) for v in M.FACT.values())
FACT_ROW = re.compile(rf"^\s*- \*\*({FACT_LABELS})\*\*：")
REPORT = re.compile(r"\[" + M.REPORT_LINK + r"\]\((?P<url>[^)\s]+)\)\{: \.yb-report rel=\"nofollow\" aria-label=\"[^\"]+\" \}")


def test_every_fact_row_has_a_report_link(rendered):
    rows = 0
    for path, text in rendered.items():
        for line in text.splitlines():
            if FACT_ROW.match(line):
                rows += 1
                assert REPORT.search(line), f"{path}: no 我要纠错 link: {line[:80]}"
    assert rows > 32 * 15
    assert "{{report" not in "".join(rendered.values())


HISTORY_ROW = re.compile(rf"^- \*\*(?P<when>[0-9\\-]+(?:起|至[0-9\\-]+之间))\*\* · (?P<fact>{FACT_LABELS})：")


def report_query(line: str) -> tuple[str, str]:
    url = REPORT.search(line).group("url")
    query = parse_qs(urlsplit(url).query, strict_parsing=True)
    return query["title"][0], query["body"][0]


def test_every_history_row_has_a_report_link_for_its_period(bundle, rendered):
    """Each dated change (region pages, 各地变化记录, national pages) reports that period, not today's value."""
    periods = {("national", k, str(n)): p for k, tl in bundle["national"]["timelines"].items()
               for n, p in enumerate(tl["periods"], 1)}
    periods |= {(r["code"], k, str(n)): p for r in bundle["regions"] for k, tl in r["timelines"].items()
                for n, p in enumerate(tl["periods"], 1)}
    seen = set()
    for path, text in rendered.items():
        for line in text.splitlines():
            if not HISTORY_ROW.match(line):
                continue
            assert REPORT.search(line), f"{path}: no 我要纠错 link: {line[:80]}"
            title, body = report_query(line)
            code, key, number = re.search(r"（([0-9a-z]+)\.([a-z_]+)#([0-9]+)）$", title).groups()
            period = periods[(code, key, number)]
            assert f"事项：{M.FACT[key]}的变化记录（{code}.{key}#{number}）" in body
            assert pages.esc(pages.period_when(period)) == HISTORY_ROW.match(line).group("when"), "the row's period"
            assert f"本站写的：{pages.period_when(period)}，{M.value_label(key, period['value'])}" in body
            assert all(sid in body for sid in period["sources"])
            assert f"页面：{pages.page_url(path)}" in body
            seen.add((code, key, number))
    assert seen == set(periods), "every period of the data is listed somewhere with its own link"


def test_comparison_rows_report_every_cell(bundle, rendered, today):
    rows = [line for line in rendered["compare.md"].splitlines() if line.startswith("| [")]
    assert len(rows) == len(bundle["regions"])
    for region, line in zip(bundle["regions"], rows):
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        assert REPORT.fullmatch(cells[-1]), f"{region['code']}: the last column is the report link"
        title, body = report_query(line)
        assert title == f"信息有误：{region['name']} 地区对比（{region['code']}）"
        for (header, key), cell in zip(pages.COMPARE_COLUMNS, cells[1:]):
            plain = cell.replace("\\", "")
            assert f"- {header}（{region['code']}.{key}）：{plain}" in body
        look = value_at(bundle, region, "scope", today.isoformat())
        assert all(sid in body for sid in look.sources)


def test_report_links_are_prefilled_and_encoded(bundle, rendered, today):
    hubei = next(r for r in bundle["regions"] if r["code"] == "420000")
    seen = set()
    for match in REPORT.finditer(rendered["regions/420000-hubei/index.md"]):
        url = match.group("url")
        assert not re.search(r"\s", url) and not re.search(r"%E[4-9]", url), "ASCII encoded, Chinese as it is"
        followed = quote(url, safe=BROWSER_KEEPS)  # what the browser asks the tracker for
        assert parse_qs(urlsplit(followed).query) == parse_qs(urlsplit(url).query)
        parts = urlsplit(url)
        assert f"{parts.scheme}://{parts.netloc}{parts.path}" == TRACKER
        query = parse_qs(parts.query, strict_parsing=True)
        assert set(query) == {"title", "body"}
        body = query["body"][0]
        found = re.search(r"（420000\.([a-z_]+)）", query["title"][0])
        if not found:  # a history row: test_every_history_row_has_a_report_link_for_its_period
            assert re.search(r"（420000\.[a-z_]+#[0-9]+）", query["title"][0])
            continue
        key = found.group(1)
        seen.add(key)
        text, _, sources = pages.report_value(bundle, hubei, key, today.isoformat())
        assert f"地区：{hubei['name']}（420000）" in body
        assert f"事项：{M.FACT[key]}（420000.{key}）" in body
        assert f"本站写的：{text if len(text) <= 80 else text[:79]}" in body
        for sid in sources:
            assert sid in body
        assert "页面：regions/420000-hubei/" in body and bundle["data_version"] in body
    assert {"available", "scope", "unbind_lock_months", "consent", "offline"} <= seen


BROWSER_KEEPS = "".join(map(chr, range(0x21, 0x7f)))  # what a browser leaves as it is in a followed link's query


@given(st.text())
def test_report_link_query_text_is_what_the_tracker_gets_once_the_browser_encodes_it(text):
    """Chinese stays as it is in the page (a third of the bytes); ASCII, spaces and anything else are
    percent-encoded; once a browser encodes what is left, the URL is the one quote() writes."""
    kept = pages.quote_keeping_chinese(text)
    assert quote(kept, safe=BROWSER_KEEPS) == quote(text, safe="")
    assert unquote(kept) == text
    assert not re.search(r"[\s\x00-\x1f\x7f\"'<>&#()\[\]{}]", kept), kept


def test_report_links_follow_the_configured_url(bundle, today):
    custom = pages.render_all(bundle, today, "https://git.example.org/yb/issues/new?template=fact.md")
    url = REPORT.search(custom["regions/420000-hubei/unbind.md"]).group("url")
    assert url.startswith("https://git.example.org/yb/issues/new?template=fact.md&title=")

def test_report_links_without_a_tracker_go_to_the_about_page(bundle, today, rendered):
    """No tracker (the shipped default "", None, or a non-http address): every 我要纠错 link is still there, in
    the same places, and goes to the about page's 反馈 section, relative to the page; nothing prefilled."""
    feedback = re.compile(r"\[" + M.REPORT_LINK + r"\]\((?P<url>[^)\s]+)\)\{: \.yb-report aria-label=\"[^\"]+\" \}")
    default = pages.render_all(bundle, today)
    assert pages.render_all(bundle, today, "") == default == pages.render_all(bundle, today, None)
    assert pages.render_all(bundle, today, "javascript:alert(1)") == default
    for path, text in default.items():
        assert "{{report" not in text
        links = feedback.findall(text)
        assert len(links) == rendered[path].count(f"[{M.REPORT_LINK}](") == text.count(f"{M.REPORT_LINK}]"), path
        assert set(links) <= {"../" * path.count("/") + "about.md#feedback"}, path
        assert "OWNER/REPO" not in text and "?title=" not in text
    assert len(feedback.findall(default["regions/420000-hubei/index.md"])) > 5


# ------------------------------------------------------------------ coverage and source health
def test_coverage_page_counts_match_the_data(bundle, today):
    text = maintainers.coverage_page(bundle, today.isoformat())
    want = counts(bundle, today)
    for status in MARK:
        assert f'data-status="{status}">{want[status]}<' in text
        assert text.count(f"yb-cov--{status}") == want[status] + 1  # the matrix cells + the legend's mark
    assert text.count("\n| [") == len(bundle["regions"])


def test_coverage_cli_report():
    proc = subprocess.run([sys.executable, "-m", "checker", "report"], cwd=ROOT, capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    assert "known:" in proc.stdout and "unknown:" in proc.stdout


def test_coverage_cli_report_as_of_the_data_date_matches_the_site(bundle):
    """`report --date data` counts exactly what the site's coverage page shows; a bad date is a clear error."""
    proc = subprocess.run([sys.executable, "-m", "checker", "report", "--date", "data"], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    want = counts(bundle, data_date(bundle))
    for status, n in want.items():
        assert f"{status}: {n}" in proc.stdout
    bad = subprocess.run([sys.executable, "-m", "checker", "report", "--date", "2026-02-30"], cwd=ROOT,
                         capture_output=True, text=True, check=False)
    assert bad.returncode == 2 and "--date" in bad.stderr and "Traceback" not in bad.stderr


def test_source_health_summary(bundle):
    h = health(bundle)
    assert h["total"] == len(bundle["sources"]) == sum(h["tiers"].values())
    assert h["mirrors"] == sorted(s for s, v in bundle["sources"].items() if v["mirror"])
    assert h["undated"] == sorted(s for s, v in bundle["sources"].items() if v["date"] == "未注明")
    assert h["problems"] == [], "the validator refuses these at compile time"
    assert set(h["regions"]) == {r["code"] for r in bundle["regions"]}


def test_source_health_finds_problems(bundle):
    bad = copy.deepcopy(bundle)
    ids = sorted(bad["sources"])
    bad["sources"][ids[0]].update(tier="official", url="https://gov.cn.example.com/a", mirror=False)
    bad["sources"][ids[1]].update(tier="media", url="https://spam.example.com/a", mirror=False)
    bad["sources"][ids[2]].update(date="2099-01-01")
    bad["sources"][ids[3]].update(date="2024-13")
    bad["sources"][ids[4]].update(dead=True, replacement=None)
    bad["sources"]["zz-never-cited"] = {**bad["sources"][ids[5]], "id": "zz-never-cited"}
    h = health(bad)
    text = "\n".join(h["problems"])
    assert f"{ids[0]}: tier" in text and f"{ids[1]}: tier" in text
    assert f"{ids[2]}: date" in text and f"{ids[3]}: date" in text
    assert h["dead_without_replacement"] == [ids[4]]
    assert "zz-never-cited" in h["uncited"]
    assert "problem:" in health_report(bad)


def test_sources_cited_only_by_the_faq_count_as_cited(bundle):
    """The FAQ's answers cite sources no fact cites (the 武汉 account-inheritance page): they are not 'uncited'."""
    faq_only = {sid for q in bundle["national"]["questions"] for sid in q["sources"]}
    assert "n-wuhan-ybj-2022-06-16" in faq_only
    assert health(bundle)["uncited"] == []


def test_sources_cli(bundle):
    proc = subprocess.run([sys.executable, "-m", "checker", "sources", "--json"], cwd=ROOT, capture_output=True,
                          text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    from checker.bundle import load_bundle

    assert json.loads(proc.stdout) == health(load_bundle())
    text = subprocess.run([sys.executable, "-m", "checker", "sources"], cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout
    assert text.startswith("sources: ") and "mirrors" in text and "undated" in text and "dead" in text


def test_sources_page_counts(bundle, today):
    text = maintainers.sources_page(bundle, today.isoformat())
    h = health(bundle)
    assert f'data-key="total">{h["total"]}<' in text
    for tier, n in h["tiers"].items():
        assert f'data-key="{tier}">{n}<' in text
    for key in ("linkable", "mirrors", "undated", "dead", "uncited", "problems"):
        assert f'data-key="{key}">{len(h[key])}<' in text


# ------------------------------------------------------------------ decision diagram
def _codes_in(function) -> set[str]:
    src = inspect.getsource(function)
    codes = set(re.findall(r'"([a-z_]+)"', src)) & set(M.REASON)
    if "a.unclear(" in src:
        codes |= {"date_uncertain", "no_data", "data_ends"}
    return codes


def test_decision_steps_follow_the_engine():
    steps = [s[0] for s in maintainers.DECISION_STEPS]
    src = inspect.getsource(engine.evaluate)
    positions = [src.index(f"{name}(") for name in steps]
    assert positions == sorted(positions), "the diagram's order is the order evaluate() checks"
    for name, _, _, outcomes in maintainers.DECISION_STEPS:
        drawn = {code for _, _, codes in outcomes for code in codes}
        assert drawn <= set(M.REASON), drawn - set(M.REASON)
        assert drawn == _codes_in(getattr(engine, name)), name
        for text, effect, _ in outcomes:
            assert effect in maintainers.OUTCOME
            assert len(text) <= maintainers.OUTCOME_CHARS, f"{text!r} overflows its box"


def test_decision_svg_is_valid():
    svg = maintainers.decision_svg()
    root = ET.fromstring(svg)  # the <div> wrapper and the SVG inside parse as XML
    drawing = root.find(SVG + "svg")
    assert drawing is not None and drawing.get("role") == "img"
    assert drawing.find(SVG + "title").text
    texts = " ".join(t.text or "" for t in drawing.iter(SVG + "text"))
    for _, title, _, _ in maintainers.DECISION_STEPS:
        assert title in texts
    for word, _ in maintainers.OUTCOME.values():
        assert word in texts
    assert "<script" not in svg and "href=\"http" not in svg


# ------------------------------------------------------------------ glossary
def glossary_md() -> dict[str, str]:
    text = (ROOT / "docs" / "national" / "glossary.md").read_text(encoding="utf-8")
    return {m.group(1): m.group(2).replace("**", "").strip()
            for m in re.finditer(r"^(\S[^\n]*)\n:   ([^\n]+)$", text, re.MULTILINE)}


def test_glossary_wording_matches_the_glossary_page():
    page = glossary_md()
    assert set(M.GLOSSARY) == {"统筹区", "近亲属", "医保钱包", "亲情账户", "历年账户"}
    for term, definition in M.GLOSSARY.items():
        assert page.get(term) == definition, term


def test_add_terms_wraps_text_only():
    html_in = ('<p>同一统筹区内共济，统筹区再次出现。</p><h2 id="x">近亲属</h2><p><a href="#">近亲属</a>'
               '和近亲属</p><svg><text>医保钱包</text></svg><p title="亲情账户">历年账户</p>')
    out = glossary.add_terms(html_in)
    assert out.count('<abbr class="yb-term"') == 3
    assert out.count(">统筹区</abbr>") == 1, "once per section"
    assert '<h2 id="x">近亲属</h2>' in out and '<a href="#">近亲属</a>' in out
    assert "和<abbr" in out, "the first 近亲属 outside the link"
    assert "<text>医保钱包</text>" in out and 'title="亲情账户"' in out
    assert ">历年账户</abbr>" in out
