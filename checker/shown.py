"""What an answer shows beside its reasons (engine.evaluate): the channels to use and the facts that matter to people
doing it, each worded as the guide pages word it. `a` is the engine's answer in progress (bundle, region, date,
and source(id) for a source's citation)."""

from __future__ import annotations

from . import messages as M
from .claims import statement, steps_unverified


def channels_for(a, action: str, wallet: bool) -> list[dict]:
    """The channels an answer shows for this action: the national 医保钱包 first across provinces, the region's own,
    then the national app's 地方专区; each with the steps for the action and how sure they are."""
    key = {"bind": "bind", "restore": "bind", "unbind": "unbind", "query": "query"}[action]
    national = a.bundle["national"]["channels"]
    chosen = [c for c in national if c["id"] == "n-app-wallet"] if wallet else []
    chosen += a.region["channels"] + [c for c in national if c["id"] == "n-app-local"]
    return [{
        "id": c["id"], "kind": c["kind"], "kind_label": M.CHANNEL_KIND[c["kind"]], "name": c["name"], "url": c["url"],
        "path": c["path"], "steps": c[key], "note": c["note"], "sources": [a.source(s) for s in c["sources"]],
        "area": c.get("area"),  # the cities whose guides describe this channel (None: the whole region)
        "steps_unverified": steps_unverified(a.bundle, c, key),
    } for c in chosen]


SUMMARY_KEYS = ("max_relatives", "amount_limit", "balance_floor", "validity", "deduction_order", "unbind_lock_months",
                "offline", "extra_uses")


def facts_summary(a) -> list[dict]:
    """Plain facts that matter to people doing it (limits, order, validity, offline), each in the same sentence the
    guide pages show (claims.statement), with its sources and those of its parts."""
    out = []
    for key in SUMMARY_KEYS:
        item = statement(a.bundle, a.region, key, a.date)
        item["sources"] = [a.source(s) for s in item["sources"]]
        for part in item["parts"]:
            part["sources"] = [a.source(s) for s in part["sources"]]
        f = a.region["facts"][key]
        if "materials" in f:
            item["materials"] = f["materials"]
        out.append(item)
    return out
