"""What a region's pages say first, before any detail: who can be added today and where to do it.

The "who can be added today" list is the engine's own answer (checker.check) on the data's date, for each
relation and where the relative is insured, so the common question is answered in the static page, the same
way the in-page checker would answer it.
"""

from __future__ import annotations

import checker

RELATIONS = ("spouse", "parent", "child", "sibling", "grandparent", "grandchild", "parent_in_law", "child_in_law")


def _ask(bundle: dict, region: dict, today: str, relation: str, where: str | None) -> dict:
    receiver = {"relation": relation, "scheme": "resident"}
    if where:
        receiver["region"] = where
    return checker.check({"action": "bind", "region": region["code"], "date": today, "giver": {"scheme": "employee"},
                          "receiver": receiver}, bundle=bundle)


def _others(verdicts: list[str]) -> str:
    """Another province: the same answer for every other province, or 'depends' (which province)."""
    kinds = set(verdicts)
    return kinds.pop() if len(kinds) == 1 else "depends"


def who_today(bundle: dict, region: dict, today: str) -> list[dict]:
    """One row per relation: the verdict when the relative is insured in the same city, elsewhere in the same
    province, or in another province, and the reason for the same-province answer (the engine's lead reason)."""
    others = [r["code"] for r in bundle["regions"] if r["code"] != region["code"]]
    rows = []
    for relation in RELATIONS:
        same = _ask(bundle, region, today, relation, None)
        codes = {r["code"] for r in same["reasons"]}
        city_only = "same_area_required" in codes and same["verdict"] == "yes"
        lead = same["reasons"][same["lead"]] if same["lead"] is not None else None
        rows.append({
            "relation": relation,
            "same_city": same["verdict"],
            "same_province": "no" if city_only else same["verdict"],
            "other_province": "no" if same["verdict"] == "no" else _others(
                [_ask(bundle, region, today, relation, code)["verdict"] for code in others]),
            "why": lead["message"] if lead else None,
        })
    return rows


def first_channel(region: dict, action: str) -> dict | None:
    """The region's first channel with steps for this action (else its first channel): where to do it."""
    listed = region["channels"]
    return next((c for c in listed if c.get(action)), listed[0] if listed else None)
