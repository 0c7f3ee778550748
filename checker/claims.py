"""Each fact's sentence for the reader, made once from the data: the guide pages and the checker both show it.

How certain a sentence sounds follows its own sources (claim-level provenance):
- a region's claim with an official or official-media source: as it is, or "武汉市：…" when it holds for a city;
- a claim whose only sources are aggregators: "有网页称湖北：……（未经官方核实）";
- inherited from the national layer: a rule (a State Council or NHSA document) as it is; a practice or a
  statistic reads "湖北的资料没查到；全国多数地方：…" (never 规定);
- nothing known: the gap, with where to ask (messages.HELP).
"""

from __future__ import annotations

from . import messages as M
from .timeline import value_at
from .vocab import TIERS

RANK = {tier: len(TIERS) - i for i, tier in enumerate(TIERS)}  # official 3, media 2, aggregator 1
DATED_KEYS = ("available", "scope", "reach", "cross_province", "money_model", "premium_payment")
PLAIN_KEYS = ("consent", "max_relatives", "amount_limit", "balance_floor", "validity", "deduction_order",
              "unbind_who", "unbind_lock_months", "rebind", "offline", "extra_relations", "extra_uses")


def best_tier(bundle: dict, ids) -> str | None:
    tiers = [bundle["sources"][s]["tier"] for s in ids if s in bundle["sources"]]
    return max(tiers, key=RANK.get) if tiers else None


def unverified(bundle: dict, ids) -> bool:
    """True when every source of the claim is an aggregator (the 未经官方核实 mark)."""
    return best_tier(bundle, ids) == "aggregator"


def attribute(bundle: dict, region: dict, body: str, *, layer: str, kind: str | None = None,
              area: str | None = None, sources=()) -> str:
    """`body` (a sentence about the region) said as certainly as its own sources allow: a city's claim names the
    city, a national practice says it is one, an aggregator-only claim says 有网页称 and 未经官方核实."""
    where = area or region["short"]
    core = body.rstrip("。")
    if unverified(bundle, sources):
        return M.ATTRIBUTION["unverified"].format(where=where, body=core)
    if layer == "national" and kind == "practice":
        return M.ATTRIBUTION["national_practice"].format(region=region["short"], body=body)
    if layer == "regional" and area and not body.startswith(area):
        return M.ATTRIBUTION["area"].format(area=area, body=body)
    return body


def basis(bundle: dict, region: dict, *, layer: str, kind: str | None = None, area: str | None = None,
          sources=()) -> str:
    """What a reason rests on, in a few words (shown after it): 全国规定 only for a national rule."""
    if layer == "none":
        return ""
    if unverified(bundle, sources):
        return M.BASIS["unverified"]
    if layer == "national":
        if kind == "practice":
            return M.BASIS["national_practice"].format(region=region["short"])
        return M.BASIS["national_rule"] if kind == "rule" else M.BASIS["national"]
    return M.BASIS["regional"].format(where=area or region["short"])


def _lookup_period(bundle: dict, region: dict, key: str, look) -> dict | None:
    layer = region["timelines"] if look.layer == "regional" else bundle["national"]["timelines"]
    return next((p for p in layer.get(key, {}).get("periods", [])
                 if p["certain"] == look.effective and p["value"] == look.value), None)


def dated_statement(bundle: dict, region: dict, key: str, date: str) -> dict:
    """A dated fact's sentence on a date: its value in words, attributed; or why it cannot be said."""
    look = value_at(bundle, region, key, date)
    base = {"key": key, "label": M.FACT[key], "layer": look.layer, "sources": list(look.sources)}
    if look.status != "known":
        return {**base, "status": look.status, "text": None, "kind": None, "area": None, "unverified": False,
                "note": None}
    period = _lookup_period(bundle, region, key, look) or {}
    kind, area = period.get("kind"), period.get("area")
    body = M.value_label(key, look.value)
    return {**base, "status": "known", "value": look.value, "kind": kind, "area": area,
            "unverified": unverified(bundle, look.sources), "note": look.note, "since": look.effective,
            "text": attribute(bundle, region, body, layer=look.layer, kind=kind, area=area, sources=look.sources)}


def plain_statement(bundle: dict, region: dict, key: str) -> dict:
    """A plain fact's sentence: the value in words, attributed, and its parts with words and sources of their own."""
    f = region["facts"][key]
    base = {"key": key, "label": M.FACT[key], "layer": f["layer"], "kind": f.get("kind"), "area": f.get("area"),
            "sources": list(f["sources"]), "note": f["note"], "since": f.get("since")}
    if f["status"] != "known":
        return {**base, "status": "unknown", "text": None, "unverified": False, "parts": []}
    attrib = {"layer": f["layer"], "kind": f.get("kind"), "area": f.get("area")}
    parts = []
    if f.get("confirm_age") is not None:
        ids = f.get("confirm_age_sources", f["sources"])
        body = M.PART["confirm_age"].format(age=f["confirm_age"])
        parts.append({"key": "confirm_age", "sources": list(ids), "unverified": unverified(bundle, ids),
                      "text": attribute(bundle, region, body, sources=ids, **attrib)})
    if f.get("materials"):
        ids = f.get("materials_sources", f["sources"])
        body = M.PART["materials"].format(materials="；".join(f["materials"]))
        parts.append({"key": "materials", "sources": list(ids), "unverified": unverified(bundle, ids),
                      "text": attribute(bundle, region, body, sources=ids, **attrib)})
    body = M.value_label(key, f["value"])
    return {**base, "status": "known", "value": f["value"], "unverified": unverified(bundle, f["sources"]),
            "text": attribute(bundle, region, body, sources=f["sources"], **attrib), "parts": parts}


def statement(bundle: dict, region: dict, key: str, date: str) -> dict:
    return dated_statement(bundle, region, key, date) if key in DATED_KEYS else plain_statement(bundle, region, key)



def steps_unverified(bundle: dict, channel: dict, action: str) -> bool:
    """True when a channel has steps for this action (bind | unbind | query) and they rest on aggregator pages only
    (its step sources for the action, else its sources)."""
    ids = channel.get("step_sources", {}).get(action, channel["sources"])
    return bool(channel.get(action)) and unverified(bundle, ids)
