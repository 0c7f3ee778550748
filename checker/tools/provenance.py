"""Claim-level provenance: what each displayed claim rests on, checked across files and counted.

A claim is what the site says in one sentence: a period's value, a plain fact's value, a part with words of its
own (an age, a list of papers), a channel's steps for one action, a note. Its mark (未经官方核实 or not) comes from
the best tier among *its own* sources, so a claim must not borrow a better source that supports another part.
"""

from __future__ import annotations

from ..vocab import PLAIN_FACT_EXTRAS, STEP_KEYS, TIERS

RANK = {tier: len(TIERS) - i for i, tier in enumerate(TIERS)}  # official 3, media 2, aggregator 1


def _claims(data: dict) -> list[tuple[str, dict, list[str]]]:
    """(field, the table the claim lives in, its source ids) for every claim of one rules file."""
    out = []
    for key, fact in (data.get("facts") or {}).items():
        for i, p in enumerate(fact.get("periods") or []):
            out.append((f"facts.{key}.periods[{i}]", p, p.get("sources") or []))
        if "periods" not in fact and fact.get("unknown") is not True:
            out.append((f"facts.{key}", fact, fact.get("sources") or []))
            for extra in PLAIN_FACT_EXTRAS.get(key, {}):
                if extra in fact:
                    out.append((f"facts.{key}.{extra}", fact, fact.get(f"{extra}_sources") or []))
    for i, ch in enumerate(data.get("channels") or []):
        out.append((f"channels[{i}]", ch, ch.get("sources") or []))
        for step in STEP_KEYS:
            if ch.get(step):
                out.append((f"channels[{i}].{step}", ch, ch.get(f"{step}_sources") or ch.get("sources") or []))
    for i, note in enumerate(data.get("notes") or []):
        out.append((f"notes[{i}]", note, note.get("sources") or []))
    return out


def check(files: list, sources: dict[str, dict], name) -> tuple[list[str], list[str]]:
    """(errors, warnings) over every rules file; `sources` maps id -> the source's table, name(path) -> the file's
    name as the validator prints it."""
    errors: list[str] = []
    warnings: list[str] = []
    national_scope = None
    for f in files:
        if f.region is None:
            national_scope = (f.data.get("facts") or {}).get("scope")
    for f in files:
        file = name(f.path)
        for i, ch in enumerate(f.data.get("channels") or []):
            tiers = {sources[s]["tier"] for s in ch.get("sources") or [] if s in sources}
            for step in STEP_KEYS:
                if ch.get(step) and f"{step}_sources" not in ch and "aggregator" in tiers and len(tiers) > 1:
                    errors.append(f"{file}: channels[{i}].{step}_sources: the channel cites aggregator and verified "
                                  f"sources ({', '.join(sorted(tiers))}); name the ones that give these steps "
                                  f"({step}_sources = [...]), so that their mark is their own")
        for where, table, ids in _claims(f.data):
            areas = {sources[s].get("area") for s in ids if s in sources}
            if ids and "area" not in table and None not in areas:
                warnings.append(f"{file}: {where}: shown for the whole region but every source is about "
                                f"{'、'.join(sorted(areas))}: set area, or cite a source for the whole region")
        if f.region is not None:
            warnings += _scope_gap(file, (f.data.get("facts") or {}).get("scope"), national_scope)
    return errors, warnings


def _scope_gap(name: str, scope: dict | None, national: dict | None) -> list[str]:
    """A region whose scope starts with 近亲属 after the national window opened leaves the time before its own
    date to the national layer, which cannot say when that region switched: 不确定 where its sources may say 不能."""
    periods = (scope or {}).get("periods") or []
    window = next((p for p in (national or {}).get("periods") or [] if p.get("value") == "near_relatives"), None)
    if not periods or not window or periods[0].get("value") != "near_relatives":
        return []
    start = periods[0].get("from", periods[0].get("from_after"))
    opened = window.get("from_after", window.get("from"))
    if start is None or opened is None or not start > opened:
        return []
    return [f"{name}: facts.scope.periods[0]: starts with near_relatives on {start}, with no earlier period: between "
            f"{opened} and {start} the checker answers 不确定 for siblings and grandparents; if the region's sources say "
            "what held before (配偶、父母、子女), add that period"]


def counts(bundle: dict) -> dict:
    """Claims by tier of their best source and by area, and inheritances from the national layer by kind."""
    src = bundle["sources"]

    def best(ids: list[str]) -> str:
        return max((src[s]["tier"] for s in ids if s in src), key=RANK.get, default="none")

    by_tier: dict[str, int] = {}
    by_area: dict[str, int] = {}
    inherited: dict[str, int] = {"rule": 0, "practice": 0, "none": 0}

    def count(ids: list[str], area: str | None) -> None:
        tier = best(ids)
        by_tier[tier] = by_tier.get(tier, 0) + 1
        key = area or "whole region"
        by_area[key] = by_area.get(key, 0) + 1

    for region in bundle["regions"]:
        for timeline in region["timelines"].values():
            for p in timeline["periods"]:
                count(p["sources"], p.get("area"))
        for key, fact in region["facts"].items():
            if fact["layer"] == "regional" and fact["status"] == "known":
                count(fact["sources"], fact.get("area"))
                for extra in PLAIN_FACT_EXTRAS.get(key, {}):
                    if extra in fact:
                        count(fact.get(f"{extra}_sources", fact["sources"]), fact.get("area"))
            elif fact["layer"] == "national":
                inherited[fact.get("kind") or "none"] += 1
            else:
                inherited["none"] += 1
        for ch in region["channels"]:
            for step in STEP_KEYS:
                if ch[step]:
                    count(ch.get("step_sources", {}).get(step, ch["sources"]), ch.get("area"))
        for note in region["notes"]:
            count(note["sources"], note.get("area"))
        for fact, timeline in bundle["national"]["timelines"].items():
            if not region["timelines"].get(fact):
                kinds = {p.get("kind") for p in timeline["periods"]}
                inherited["practice" if "practice" in kinds else "rule"] += 1
    return {"claims_by_tier": dict(sorted(by_tier.items())), "claims_by_area": dict(sorted(by_area.items())),
            "national_inheritances_by_kind": inherited}


def city_claims(region: dict):
    """Every claim of a region's own file that names places (`area`): (what, key, area, claim, number), what being
    period | fact | channel | note; key the fact's (None for channels and notes); number a period's, from 1."""
    for key, timeline in sorted(region["timelines"].items()):
        for number, p in enumerate(timeline["periods"], 1):
            if p.get("area"):
                yield "period", key, p["area"], p, number
    for key, fact in region["facts"].items():
        if fact["layer"] == "regional" and fact.get("area") and fact["status"] == "known":
            yield "fact", key, fact["area"], fact, None
    for ch in region["channels"]:
        if ch.get("area"):
            yield "channel", None, ch["area"], ch, None
    for n in region["notes"]:
        if n.get("area"):
            yield "note", None, n["area"], n, None


def places(area: str | None) -> list[str]:
    """"宁波市、泰顺县" -> ["宁波市", "泰顺县"]."""
    return [p for p in (area or "").split("、") if p]
