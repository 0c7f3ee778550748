"""Source health, offline: how much the data rests on official pages, and which sources need attention.

Read from the compiled bundle (never the network): tiers, mirrors (cited by outlet, never linked), undated
sources, known-dead URLs (checker/rules/dead_links.toml) and whether they have a replacement, sources nobody
cites, and the tier <-> domain and date rules re-checked on the compiled data (checker/validate.py refuses
them at compile time, so a healthy bundle reports none). `python -m checker sources` prints the report; the
site's maintainers page shows the same numbers.
"""

from __future__ import annotations

import datetime as dt

from ..vocab import TIERS
from . import provenance
from .hosts import host, tier_problem


def _cited(item: dict) -> list[str]:
    return list(item.get("sources") or [])


def citations(bundle: dict) -> dict[str, list[str]]:
    """Source id -> where it is cited ('national.scope', '420000.channels', ...), in data order."""
    out: dict[str, list[str]] = {sid: [] for sid in bundle["sources"]}

    def add(ids, where: str) -> None:
        for sid in dict.fromkeys(ids):
            if sid in out and where not in out[sid]:
                out[sid].append(where)

    def layer(prefix: str, data: dict) -> None:
        for key, tl in data["timelines"].items():
            for p in tl["periods"]:
                add(p["sources"], f"{prefix}.{key}")
        for key, fact in data["facts"].items():
            if fact.get("layer") in (None, "national") and prefix != "national":
                continue  # inherited from the national file: cited there
            add(fact["sources"], f"{prefix}.{key}")
        for ch in data["channels"]:
            add(ch["sources"], f"{prefix}.channels")
        for note in data["notes"]:
            add(note["sources"], f"{prefix}.notes")

    nat = bundle["national"]
    layer("national", nat)
    for kind in ("may_pay", "may_not_pay"):
        for use in nat["uses"][kind]:
            add(use["sources"], "national.uses")
    for event in nat["timeline"]:
        add(event["sources"], "national.timeline")
    for q in nat.get("questions", []):
        add(q["sources"], "national.questions")
    for region in bundle["regions"]:
        layer(region["code"], region)
    return out


def _date_problem(date: str, newest: str) -> str | None:
    if date == "未注明":
        return None
    parts = date.split("-")
    try:
        if len(parts) == 3:
            day = dt.date.fromisoformat(date)
        elif len(parts) in (1, 2) and 2000 <= int(parts[0]) <= 2100 and (len(parts) == 1 or 1 <= int(parts[1]) <= 12):
            return None if date <= newest else f"published {date}, after the newest verification date {newest}"
        else:
            return f"not a date: {date!r}"
    except ValueError:
        return f"not a date: {date!r}"
    if day.isoformat() > newest:
        return f"published {date}, after the newest verification date {newest}"
    return None


def health(bundle: dict) -> dict:
    """Everything the report shows, as plain data (sorted lists of source ids; counts)."""
    sources = bundle["sources"]
    newest = max([bundle["national"]["verified"], *(r["verified"] for r in bundle["regions"])])
    cited = citations(bundle)
    tiers = {t: sum(1 for s in sources.values() if s["tier"] == t) for t in TIERS}
    problems: list[str] = []
    for sid, s in sorted(sources.items()):
        if not s["url"].startswith(("http://", "https://")) or "." not in host(s["url"]):
            problems.append(f"{sid}: url: not an http(s) URL: {s['url']!r}")
        tier = tier_problem(s["tier"], s["url"], s["mirror"])
        if tier:
            problems.append(f"{sid}: tier: {tier}")
        date = _date_problem(s["date"], newest)
        if date:
            problems.append(f"{sid}: date: {date}")
    regions = {}
    for region in bundle["regions"]:
        ids = sorted({sid for sid, where in cited.items() if any(w.startswith(region["code"] + ".") for w in where)})
        regions[region["code"]] = {t: sum(1 for sid in ids if sources[sid]["tier"] == t) for t in TIERS}
    hosts: dict[str, int] = {}
    for s in sources.values():
        hosts[host(s["url"])] = hosts.get(host(s["url"]), 0) + 1
    return {
        "claims": provenance.counts(bundle),
        "total": len(sources),
        "tiers": tiers,
        "linkable": sorted(sid for sid, s in sources.items() if s["linkable"]),
        "mirrors": sorted(sid for sid, s in sources.items() if s["mirror"]),
        "undated": sorted(sid for sid, s in sources.items() if s["date"] == "未注明"),
        "dead": sorted(sid for sid, s in sources.items() if s.get("dead")),
        "dead_without_replacement": sorted(sid for sid, s in sources.items() if s.get("dead") and not s.get("replacement")),
        "uncited": sorted(sid for sid, where in cited.items() if not where),
        "problems": problems,
        "regions": regions,
        "hosts": dict(sorted(hosts.items(), key=lambda kv: (-kv[1], kv[0]))),
    }


def health_report(bundle: dict) -> str:
    """The report `python -m checker sources` prints (English labels, like the validator's)."""
    h = health(bundle)
    names = {r["code"]: r["short"] for r in bundle["regions"]}
    lines = [f"sources: {h['total']}  " + "  ".join(f"{t}: {n}" for t, n in h["tiers"].items()),
             (f"linked on the site: {len(h['linkable'])}  mirrors (cited by outlet): {len(h['mirrors'])}  "
              f"undated: {len(h['undated'])}  dead: {len(h['dead'])} "
              f"({len(h['dead_without_replacement'])} without replacement)  uncited: {len(h['uncited'])}"),
             f"tier/domain, URL and date problems: {len(h['problems'])}"]
    lines += [f"  problem: {p}" for p in h["problems"]]
    for label, key in (("dead", "dead"), ("uncited", "uncited")):
        if h[key]:
            lines.append(f"{label}: " + ", ".join(h[key]))
    lines += ["", "region    official media aggregator"]
    lines += [f"{code} {names[code]:<4}{n['official']:>6}{n['media']:>6}{n['aggregator']:>10}"
              for code, n in h["regions"].items()]
    lines += ["", "most cited hosts: " + ", ".join(f"{host} ({n})" for host, n in list(h["hosts"].items())[:8])]
    c = h["claims"]
    lines += ["", "claims by the tier of their best source: "
              + "  ".join(f"{t}: {n}" for t, n in c["claims_by_tier"].items()),
              "claims by area: " + "  ".join(f"{a}: {n}" for a, n in c["claims_by_area"].items()),
              "facts a region inherits from the national layer, by kind: "
              + "  ".join(f"{k}: {n}" for k, n in c["national_inheritances_by_kind"].items())
              + "  (rule: shown as 全国规定; practice: 全国多数地方的做法，本地没查到; none: a gap)"]
    return "\n".join(lines)
