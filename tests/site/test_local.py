"""The overview's 省会和各城市 section (sitegen/local.py, templates/_local.j2): the capital first, always, dated
when nothing of its own is known; every claim that names a city listed under that city, in the words the rest
of the page uses, with its sources and a link to where it stands in full."""

from __future__ import annotations

import re

import pytest

from checker.bundle import data_date
from sitegen import cities, local, pages


@pytest.fixture(scope="module")
def out(bundle) -> dict[str, str]:
    return pages.render_all(bundle, data_date(bundle))


def section(page: str) -> str:
    start = page.index("## 省会和各城市 {#local}")
    end = page.find("\n## ", start + 5)
    return page[start:end]


def overview(out, bundle, code):
    region = next(r for r in bundle["regions"] if r["code"] == code)
    return region, out[f"regions/{region['slug']}/index.md"]


def test_the_capital_is_the_provinces_first_city(bundle):
    """The capital in checker/regions.py is the city GB/T 2260 codes first in its province (xx01)."""
    for region in bundle["regions"]:
        if region["capital"]:
            assert cities.names(region["code"])[0] == region["capital"], region["code"]


def test_every_province_shows_its_capital_first(out, bundle):
    for region in bundle["regions"]:
        page = out[f"regions/{region['slug']}/index.md"]
        if region["capital"] is None:
            assert "## 省会和各城市" not in page or "（省会）" not in section(page)
            continue
        # linked from the overview's task list when some city has claims of its own, those cities named
        named = [c.name for c in local.for_region(bundle, region) if c.items]
        link = f"- [各城市的不同：{'、'.join(named)}](#local)"
        assert (link in page) == bool(named), region["code"]
        part = section(page)
        first = re.search(r"^### (.+?) \{#local-1\}$", part, re.M)
        assert first and first.group(1) == f"{region['capital']}（省会）", region["code"]
        checked = region["capital_checked"].replace("-", "\\-")
        assert f"与全省不同的说明（{checked}查找）" in part, region["code"]


def test_a_capital_with_nothing_of_its_own_says_so_and_where_to_ask(out, bundle):
    region, page = overview(out, bundle, "510000")
    claims = local.for_region(bundle, region)[0]
    assert claims.capital and claims.items == ()
    part = section(page)
    assert "没有找到成都市与全省不同的说明" in part
    assert "12393" in part


def test_every_claim_naming_a_city_is_listed_under_it(out, bundle):
    """Each period, fact, channel and note with an area shows up under each place its area names."""
    for region in bundle["regions"]:
        listed = {c.name: c for c in local.for_region(bundle, region)}
        named = []
        for t in region["timelines"].values():
            named += [p["area"] for p in t["periods"] if p.get("area")]
        named += [f["area"] for f in region["facts"].values()
                  if f["layer"] == "regional" and f.get("area") and f["status"] == "known"]
        named += [c["area"] for c in region["channels"] if c.get("area")]
        named += [n["area"] for n in region["notes"] if n.get("area")]
        for area in named:
            for place in area.split("、"):
                assert place in listed and listed[place].items, (region["code"], place)
        assert sum(len(c.items) for c in listed.values()) == sum(len(a.split("、")) for a in named)


def test_city_claims_keep_their_marks_and_link_to_the_full_text(out, bundle):
    region, page = overview(out, bundle, "420000")
    part = section(page)
    wuhan = part[part.index("### 武汉市（省会）"):part.index("### 荆门市")]
    # the 3-month unbind lock rests on aggregator pages only: said as such, under 武汉 and linked to the unbind page
    assert "**解绑限制**：有网页称武汉市：" in wuhan and "（未经官方核实）" in wuhan
    assert "[详见](unbind.md)" in wuhan
    assert "其他方面没有找到武汉市与全省不同的说明" in wuhan
    jingmen = part[part.index("### 荆门市"):]
    assert "**办理渠道**：荆门市：“湖北智慧医保”App" in jingmen and "[详见](bind.md)" in jingmen
    # a channel whose name already says its city is not prefixed twice
    part = section(overview(out, bundle, "210000")[1])
    assert "**办理渠道**：“沈阳智慧医保”App（沈阳）" in part and "沈阳市：“沈阳智慧医保”" not in part
    region, page = overview(out, bundle, "350000")
    part = section(page)
    # a claim for two cities is listed under both
    assert part.count("泉州市、厦门市：全省范围") == 2


def test_links_point_at_headings_that_exist(out, bundle):
    for region in bundle["regions"]:
        page = out[f"regions/{region['slug']}/index.md"]
        if "## 省会和各城市" not in page:
            continue
        ids = set(re.findall(r"\{#([a-z0-9-]+)", page))
        for target in re.findall(r"\[详见\]\(([^)]*)\)", section(page)):
            name, _, frag = target.partition("#")
            if name:
                assert f"regions/{region['slug']}/{name}" in out, target
            else:
                assert frag in ids, (region["code"], target)


def test_the_coverage_report_counts_city_claims(bundle):
    """`python -m checker report` lists, per province, the capital's claims and when it was searched, then the
    other places; the counts are those the overview lists."""
    from checker.tools.coverage import city_report

    lines = city_report(bundle)
    assert lines[1].startswith("Cities:")
    for region in bundle["regions"]:
        listed = local.for_region(bundle, region)
        row = next((line for line in lines if line.startswith(f"  {region['code']} ")), None)
        if region["capital"] is None:
            assert (row is None) == (not listed), region["code"]
            continue
        capital = listed[0]
        assert f"{capital.name} {len(capital.items)} (searched {region['capital_checked']})" in row
        for city in listed[1:]:
            assert f"{city.name} {len(city.items)}" in row


def test_a_city_period_says_when_it_started_as_the_history_does(bundle):
    """A dated claim for a city says its start as the history rows do: a known date "…起", or the window the change
    happened in (宁波's 历年账户 model started at an unknown date between two dates)."""
    zhejiang = next(r for r in bundle["regions"] if r["code"] == "330000")
    periods = [i for c in local.for_region(bundle, zhejiang) for i in c.items if i.report[2:]]
    bounded = [p for p in zhejiang["timelines"]["money_model"]["periods"] if p.get("area") and p["bounded"]]
    assert bounded and periods
    assert any(f"（{bounded[0]['start']}至{bounded[0]['certain']}之间开始）" in i.text for i in periods)
