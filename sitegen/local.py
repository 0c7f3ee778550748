"""What the data says for named cities of a region, gathered by city for the overview's 省会和各城市 section
(templates/_local.j2): every claim that carries `area` (a dated period, a plain fact, a channel, a note), listed
under each place its area names, the provincial capital first and always (with when its own rules were last
searched for, so "nothing found" is dated too).

    for_region(bundle, region)  [CityClaims(name, capital, items), ...]; [] for a municipality or the 兵团
                                when no claim names a city

An item's words are those the rest of the page uses: checker.claims for facts (the city named, aggregator-only
claims marked), the data's own text for notes, the channel's name and menu path for channels.
"""

from __future__ import annotations

from dataclasses import dataclass

from checker import claims
from checker import messages as M

from checker.tools.provenance import city_claims, places

from . import cities
from .facts import period_when, plain


@dataclass(frozen=True)
class Item:
    kind: str  # fact | channel | note (the template names the last two)
    label: str | None  # a fact's name
    text: str  # the sentence, naming the city
    sources: tuple[str, ...]
    marked: bool  # the text already says 未经官方核实 (cite without a second mark)
    page: str  # the region page where the claim stands in full ("" for the overview itself, "bind.md")
    section: str | None  # the heading's id there ("limits"), or None for the page's top
    report: tuple = ()  # what its 我要纠错 link reports: (key,) a plain fact, (key, code, number) a period


@dataclass(frozen=True)
class CityClaims:
    name: str
    capital: bool
    items: tuple[Item, ...]


# Where each kind of claim stands in full on the region's pages.
PLAIN_ANCHOR = {"consent": ("", "consent"), "offline": ("", "offline"), "extra_relations": ("", "extra"),
                "extra_uses": ("", "extra"), "unbind_who": ("unbind.md", None), "unbind_lock_months": ("unbind.md", None),
                "rebind": ("restore.md", None)}


def _item(bundle: dict, region: dict, what: str, key: str | None, claim: dict, number: int | None) -> Item:
    if what == "period":
        body = f"{M.value_label(key, claim['value'])}（{period_when(claim)}{'开始' if claim['bounded'] else ''}）"
        text = claims.attribute(bundle, region, body, layer="regional", area=claim["area"], sources=claim["sources"])
        return Item("fact", M.FACT[key], text, tuple(claim["sources"]), claims.unverified(bundle, claim["sources"]),
                    "", "now", (key, region["code"], number))
    if what == "fact":
        view = plain(key, claim, bundle, region)
        return Item("fact", M.FACT[key], view.text, view.sources, view.marked, *PLAIN_ANCHOR.get(key, ("", "limits")),
                    (key,))
    if what == "channel":
        path = " → ".join(claim["path"])
        named = all(place.rstrip("市县区") in claim["name"] for place in places(claim["area"]))
        text = ("" if named else f"{claim['area']}：") + claim["name"] + (f"，{path}" if path else "")
        return Item("channel", None, text, tuple(claim["sources"]), False, "bind.md", None)
    return Item("note", None, claim["text"], tuple(claim["sources"]), False, "", "notes")


def for_region(bundle: dict, region: dict) -> list[CityClaims]:
    """The capital first (even with nothing of its own), then every other named place in the province's
    city order (places the city list does not know, such as a district, after them)."""
    by_place: dict[str, list[Item]] = {}
    for what, key, area, claim, number in city_claims(region):
        item = _item(bundle, region, what, key, claim, number)
        for place in places(area):
            by_place.setdefault(place, []).append(item)
    capital = region.get("capital")
    order = {name: i for i, name in enumerate(cities.names(region["code"]))}
    others = sorted((p for p in by_place if p != capital), key=lambda p: (order.get(p, len(order)), p))
    out = [CityClaims(capital, True, tuple(by_place.get(capital, ())))] if capital else []
    return out + [CityClaims(p, False, tuple(by_place[p])) for p in others]
