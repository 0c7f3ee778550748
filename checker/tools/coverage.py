"""Coverage matrix: for each region and fact, is it known, only bounded in time, unknown, or stale?"""

from __future__ import annotations

import datetime as dt

from ..messages import FACT
from ..timeline import value_at
from ..vocab import PLAIN_FACTS, STALE_AFTER_DAYS, TIMELINE_FACTS
from .provenance import city_claims, places

REGION_FACTS = [k for k in TIMELINE_FACTS if k != "wallet_model"] + list(PLAIN_FACTS)
MARK = {"known": "●", "national": "○", "bounded": "◐", "unknown": "·", "stale": "!"}


def cell(bundle: dict, region: dict, fact: str, today: dt.date) -> str:
    """known (the region states it), national (inherited), bounded (today inside a window), unknown, stale."""
    stale = (today - dt.date.fromisoformat(region["verified"])).days > STALE_AFTER_DAYS
    if fact in TIMELINE_FACTS:
        look = value_at(bundle, region, fact, today.isoformat())
        if look.status == "uncertain":
            status = "bounded" if look.window else "unknown"
        elif look.status == "no_data":
            status = "unknown"
        else:
            status = "known" if look.layer == "regional" else "national"
    else:
        f = region["facts"][fact]
        status = "unknown" if f["status"] == "unknown" else ("known" if f["layer"] == "regional" else "national")
    return "stale" if stale and status in ("known", "national", "bounded") else status


def matrix(bundle: dict, today: dt.date) -> dict[str, dict[str, str]]:
    return {r["code"]: {f: cell(bundle, r, f, today) for f in REGION_FACTS} for r in bundle["regions"]}


def counts(bundle: dict, today: dt.date) -> dict[str, int]:
    out = dict.fromkeys(MARK, 0)
    for row in matrix(bundle, today).values():
        for status in row.values():
            out[status] += 1
    return out


def coverage_report(bundle: dict, today: dt.date) -> str:
    m = matrix(bundle, today)
    names = {r["code"]: r["short"] for r in bundle["regions"]}
    lines = ["region    " + " ".join(f"{i:>2}" for i in range(len(REGION_FACTS)))]
    for code, row in m.items():
        lines.append(f"{code} {names[code]:<4}" + " ".join(f"{MARK[row[f]]:>2}" for f in REGION_FACTS))
    lines.append("")
    lines += [f"{i:>2} {key} ({FACT[key]})" for i, key in enumerate(REGION_FACTS)]
    total = counts(bundle, today)
    lines.append("")
    lines.append("  ".join(f"{MARK[k]} {k}: {v}" for k, v in total.items()))
    questions = bundle["national"].get("questions", [])
    if questions:  # the FAQ (national.toml [[questions]]): what is answered, what stays a gap
        by_answer: dict[str, list[str]] = {}
        for q in questions:
            by_answer.setdefault(q["answer"], []).append(q["id"])
        lines += ["", f"FAQ: {len(questions)} questions, {sum(q['myth'] for q in questions)} in the 常见误区 box"]
        lines += [f"  {answer}: {', '.join(ids)}" for answer, ids in sorted(by_answer.items())]
    return "\n".join(lines + city_report(bundle))


def city_report(bundle: dict) -> list[str]:
    """Claims that hold for named places (`area`), by province; each capital's count, and when it was searched."""
    lines = ["", "Cities: claims that name a place (area), capital first"]
    for r in bundle["regions"]:
        counted: dict[str, int] = {}
        for *_, area, _claim, _n in city_claims(r):
            for place in places(area):
                counted[place] = counted.get(place, 0) + 1
        if r["capital"] is None and not counted:
            continue
        capital = (f"{r['capital']} {counted.pop(r['capital'], 0)} (searched {r['capital_checked']})"
                   if r["capital"] else "no capital")
        others = ", ".join(f"{p} {n}" for p, n in sorted(counted.items()))
        lines.append(f"  {r['code']} {r['short']}: {capital}" + (f"; {others}" if others else ""))
    return lines
