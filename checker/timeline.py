"""'What was the value on this date?' for dated facts, honest about what the data cannot tell.

A region's periods are exceptions to the national ones (Catala's default/exception): from the start of
the region's first period on, the region decides; before it, the national timeline does. Inside a
bounded change window, before the first period, or after a period's `until`, the answer is uncertain;
the last known value is never carried past the data.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Lookup:
    status: str  # "known" | "uncertain" | "no_data"
    value: object = None  # the value when known
    candidates: tuple = ()  # possible values when uncertain
    layer: str = "none"  # "national" | "regional" | "none"
    effective: str | None = None  # date the deciding period took effect ("certain" date)
    window: tuple[str, str] | None = None  # (start, certain) of a bounded change we are inside
    until: str | None = None  # the data ends here (value known only up to this date)
    sources: tuple[str, ...] = ()
    note: str | None = None
    fact: str = ""
    extra: dict = field(default_factory=dict)
    kind: str | None = None  # the deciding national period's kind: "rule" | "practice" (None: regional)
    area: str | None = None  # the deciding period holds for these cities only


def _lookup_layer(periods: list[dict], date: str, layer: str, fact: str, fallback) -> Lookup:
    """Evaluate one layer. `fallback(date)` gives the value before this layer's first period."""
    current = None
    index = -1
    for i, p in enumerate(periods):
        if p["start"] <= date:
            current, index = p, i
    if current is None:
        return fallback()
    src = tuple(current["sources"])
    if date < current["certain"]:
        before = _lookup_layer(periods[:index], date, layer, fact, fallback) if index > 0 else fallback()
        possible = {current["value"]}
        if before.status == "known":
            possible.add(before.value)
        if before.status == "known" and possible == {current["value"]}:
            return Lookup("known", current["value"], layer=layer, effective=before.effective,
                          sources=before.sources + src, note=current.get("note"), fact=fact,
                          kind=current.get("kind"), area=current.get("area"))
        return Lookup("uncertain", None, tuple(sorted(possible, key=str)) if before.status == "known" else (current["value"],),
                      layer=layer, window=(current["start"], current["certain"]), sources=src,
                      note=current.get("note"), fact=fact)
    if current.get("until") and date > current["until"]:
        return Lookup("uncertain", None, (current["value"],), layer=layer, effective=current["certain"],
                      until=current["until"], sources=src, note=current.get("note"), fact=fact)
    return Lookup("known", current["value"], layer=layer, effective=current["certain"], sources=src,
                  note=current.get("note"), fact=fact, kind=current.get("kind"), area=current.get("area"))


def value_at(bundle: dict, region: dict | None, fact: str, date: str) -> Lookup:
    """The value of a dated fact for a region (or nationally when region is None) on an ISO date."""
    national = bundle["national"]["timelines"].get(fact, {"periods": []})["periods"]

    def no_data() -> Lookup:
        return Lookup("no_data", fact=fact)

    def national_lookup() -> Lookup:
        return _lookup_layer(national, date, "national", fact, no_data)

    regional = (region or {}).get("timelines", {}).get(fact, {"periods": []})["periods"]
    if regional and regional[0]["start"] <= date:
        return _lookup_layer(regional, date, "regional", fact, national_lookup)
    return national_lookup()
