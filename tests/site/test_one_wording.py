"""The guide pages and the checker say the same thing about each fact, with the same mark (claims.statement is
the one place that words it), for every region and action."""

from __future__ import annotations

import re

import pytest

import checker
from checker.bundle import data_date
from checker.vocab import ACTIONS
from sitegen import display, pages


@pytest.fixture(scope="module")
def rendered(bundle):
    return pages.render_all(bundle, data_date(bundle), None)


def region_text(rendered: dict, slug: str) -> str:
    return "\n".join(text for path, text in rendered.items() if path.startswith(f"regions/{slug}/"))


def lines_with(text: str, needle: str) -> list[str]:
    return [line for line in text.splitlines() if needle in line]


@pytest.mark.parametrize("action", ACTIONS)
def test_checker_facts_are_the_pages_facts(bundle, rendered, action):
    day = data_date(bundle).isoformat()
    compared = unverified = 0
    for region in bundle["regions"]:
        scenario = {"action": action, "region": region["code"], "date": day, "giver": {"scheme": "employee"},
                    "receiver": {"relation": "parent", "scheme": "resident"}}
        result = checker.check(scenario, bundle=bundle)
        page = region_text(rendered, region["slug"])
        for fact in result["facts"]:
            if fact["status"] != "known":
                continue
            shown = lines_with(page, display.esc(fact["text"]))
            assert shown, f"{region['code']}.{fact['key']}: the checker says {fact['text']!r}, no page of the region does"
            assert all(("未经官方核实" in line) == fact["unverified"] or not fact["unverified"] for line in shown)
            if fact["unverified"]:
                unverified += 1
                assert all("未经官方核实" in line for line in shown)
            for part in fact["parts"]:
                assert lines_with(page, display.esc(part["text"])), (region["code"], fact["key"], part["text"])
            compared += 1
    assert compared >= 40 and unverified >= 10, "the walk compared too few facts to mean anything"


def test_no_page_calls_a_practice_a_rule(bundle, rendered):
    """全国规定 is said of national rules only; every fact the regions inherit from a national practice reads
    全国多数地方 on their pages."""
    practices = {key for key, tl in bundle["national"]["timelines"].items()
                 if any(p["kind"] == "practice" for p in tl["periods"])}
    assert practices, "no national practice in the data: the test would pass vacuously"
    for region in bundle["regions"]:
        overview = rendered[f"regions/{region['slug']}/index.md"]
        for line in lines_with(overview, "全国规定"):
            assert checker.messages.PRACTICE not in line, line
        for key in practices - set(region["timelines"]):
            label = display.esc(checker.messages.FACT[key])
            for line in lines_with(overview, f"**{label}**"):
                assert checker.messages.PRACTICE in line or "不确定" in line or "不清楚" in line, (region["code"], line)
