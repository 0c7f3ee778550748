"""A channel's steps are as certain as their own sources, on the guide pages and in the checker alike: a channel
that only some cities' guides describe says so (area), and steps that only aggregator pages give are marked
(messages.CHANNEL_AREA, CHANNEL_UNVERIFIED)."""

from __future__ import annotations

import pytest

from checker import check, claims
from checker import messages as M
from checker.bundle import data_date
from sitegen import display, pages


@pytest.fixture(scope="module")
def out(bundle) -> dict[str, str]:
    return pages.render_all(bundle, data_date(bundle))


def tab(page: str, name: str) -> str:
    """The content tab of the channel called `name` on a task page."""
    start = page.index(f"打开：{name}")
    start = page.rindex('=== "', 0, start)
    end = page.find('\n=== "', start + 5)
    return page[start:end if end > 0 else None]


def steps_unverified(bundle, ch, action) -> bool:
    return bool(ch[action]) and claims.unverified(bundle, ch["step_sources"][action])


def test_every_channel_tab_says_its_area_and_marks_unverified_steps(bundle, out):
    seen_area = seen_marked = seen_plain = 0
    for region in bundle["regions"]:
        for action in ("bind", "unbind", "query"):
            page = out[f"regions/{region['slug']}/{action}.md"]
            for ch in region["channels"]:
                if f"打开：{display.esc(ch['name'])}" not in page:
                    continue
                text = tab(page, display.esc(ch["name"]))
                area_line = display.esc(M.CHANNEL_AREA.format(area=ch["area"])) if ch["area"] else None
                if area_line:
                    assert area_line in text, (region["code"], ch["id"])
                    seen_area += 1
                marked = display.esc(M.CHANNEL_UNVERIFIED) in text
                assert marked == steps_unverified(bundle, ch, action), (region["code"], ch["id"], action)
                seen_marked += marked
                seen_plain += bool(ch[action]) and not marked
    assert seen_area and seen_marked and seen_plain, "the data has all three kinds"


def test_the_first_channel_names_its_cities_in_the_three_lines(bundle, out):
    page = out["regions/320000-jiangsu/bind.md"]
    glance = page[page.index("先看这三条"):page.index("## ")]
    assert "“江苏医保云”App（苏州市、无锡市的资料）" in glance


def scenario(region: str) -> dict:
    return {"action": "bind", "region": region, "date": "2026-11-01", "giver": {"scheme": "employee"},
            "receiver": {"relation": "parent", "scheme": "resident"}}


def test_the_checker_says_the_same_of_each_channel(bundle):
    jiangsu = check(scenario("320000"), bundle)
    app = next(c for c in jiangsu["channels"] if c["id"] == "jiangsu-app")
    assert app["area"] == "苏州市、无锡市"
    shanxi = check(scenario("140000"), bundle)
    region = next(r for r in bundle["regions"] if r["code"] == "140000")
    for c in shanxi["channels"]:
        data = next((ch for ch in region["channels"] if ch["id"] == c["id"]), None)
        if data:
            assert c["steps_unverified"] == steps_unverified(bundle, data, "bind"), c["id"]
    assert any(c["steps_unverified"] for c in shanxi["channels"])
