"""Compile the validated rules files into one deterministic JSON bundle.

The bundle is what the engine, the page generator, the browser and open-data users read. It keeps the
national and regional layers apart for dated facts (the engine decides which layer applies on a date)
and resolves plain facts to the layer that states them. Same input, same bytes: keys sorted, no clock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

from ..paths import BUNDLE_PATH, RULES_DIR
from ..regions import BY_CODE, REGIONS
from .validate import RulesFile, load_dead_links, load_rules
from ..messages import HELP
from ..vocab import PLAIN_FACTS, STEP_KEYS, TIMELINE_FACTS
from .hosts import linkable

SCHEMA_VERSION = 2  # 2: claim-level provenance (area, national kind, sources per part of a fact)


def _iso(value) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _source(sid: str, src: dict, dead: dict) -> dict:
    gone = dead.get(src["url"])
    return {
        "dead": gone is not None,
        "replacement": gone.get("replacement") if gone else None,
        "id": sid,
        "title": src["title"],
        "described": bool(src.get("described", False)),
        "publisher": src["publisher"],
        "date": _iso(src.get("date")) or "未注明",
        "tier": src["tier"],
        "url": src["url"],
        "mirror": bool(src.get("mirror", False)),
        "linkable": linkable(src) and gone is None,
        "note": src.get("note"),
        "area": src.get("area"),
    }


def _timeline(fact: dict) -> dict:
    periods = []
    for p in fact["periods"]:
        start = p.get("from", p.get("from_after"))
        certain = p.get("from", p.get("from_by"))
        periods.append({
            "start": _iso(start),
            "certain": _iso(certain),
            "bounded": "from" not in p,
            "until": _iso(p.get("until")),
            "value": p["value"],
            "sources": list(p["sources"]),
            "note": p.get("note"),
            "area": p.get("area"),
            "kind": p.get("kind"),
        })
    return {"periods": periods}


def _plain(fact: dict, layer: str) -> dict:
    out = {
        "status": "unknown" if fact.get("unknown") else "known",
        "value": fact.get("value"),
        "note": fact.get("note"),
        "sources": list(fact.get("sources", [])),
        "since": _iso(fact.get("since")),
        "layer": layer,
        "area": fact.get("area"),
        "kind": fact.get("kind"),
    }
    for extra in ("confirm_age", "materials"):
        if extra in fact:
            out[extra] = fact[extra]
            out[f"{extra}_sources"] = list(fact[f"{extra}_sources"])
    return out


def _channels(items: list | None) -> list[dict]:
    return [{
        "id": ch["id"], "kind": ch["kind"], "name": ch["name"], "url": ch.get("url"),
        "path": ch.get("path", []), "bind": ch.get("bind", []), "unbind": ch.get("unbind", []),
        "query": ch.get("query", []), "note": ch.get("note"), "sources": list(ch["sources"]),
        "step_sources": {k: list(ch.get(f"{k}_sources", ch["sources"])) for k in STEP_KEYS},
        "area": ch.get("area"),
    } for ch in items or []]


def _notes(items: list | None) -> list[dict]:
    return [{"id": n.get("id"), "text": n["text"], "sources": list(n["sources"]), "area": n.get("area")}
            for n in items or []]


GAP_NOTE = "没有找到可靠来源。" + HELP


def build_bundle(files: list[RulesFile], dead: dict | None = None) -> dict:
    dead = dead or {}
    national_file = next(f for f in files if f.region is None)
    nat = national_file.data
    sources: dict[str, dict] = {}
    for f in files:
        for sid, src in f.data.get("sources", {}).items():
            sources[sid] = _source(sid, src, dead)

    nat_facts = nat.get("facts", {})
    national = {
        "name": nat["name"],
        "verified": _iso(nat["verified"]),
        "timelines": {k: _timeline(v) for k, v in sorted(nat_facts.items()) if k in TIMELINE_FACTS},
        "facts": {k: _plain(v, "national") for k, v in sorted(nat_facts.items()) if k in PLAIN_FACTS},
        "channels": _channels(nat.get("channels")),
        "notes": _notes(nat.get("notes")),
        "uses": {k: _notes(nat["uses"].get(k)) for k in ("may_pay", "may_not_pay")},
        "timeline": [{"date": _iso(t["date"]), "title": t["title"], "text": t["text"],
                      "sources": list(t["sources"])} for t in nat.get("timeline", [])],
        "questions": [{"id": q["id"], "group": q["group"], "question": q["question"], "answer": q["answer"],
                       "text": q["text"], "sources": list(q.get("sources", [])), "fact": q.get("fact"),
                       "checks": list(q.get("checks", [])), "steps": list(q.get("steps", [])),
                       "myth": bool(q.get("myth", False))} for q in nat.get("questions", [])],
    }

    by_code = {f.region: f for f in files if f.region}
    regions = []
    for region in REGIONS:
        data = by_code[region.code].data
        facts = data.get("facts", {})
        plain = {}
        for key in PLAIN_FACTS:
            if key in facts:
                plain[key] = _plain(facts[key], "regional")
            elif key in national["facts"]:
                plain[key] = national["facts"][key]
            else:
                plain[key] = {"status": "unknown", "value": None, "note": GAP_NOTE, "sources": [],
                              "since": None, "layer": "none", "area": None, "kind": None}
        regions.append({
            "code": region.code,
            "name": region.name,
            "short": region.short,
            "slug": region.slug,
            "local_name": data.get("local_name"),
            "verified": _iso(data["verified"]),
            "capital": region.capital,
            "capital_checked": _iso(data["capital_checked"]) if region.capital else None,
            "file": f"checker/rules/regions/{region.slug}.toml",
            "timelines": {k: _timeline(v) for k, v in sorted(facts.items()) if k in TIMELINE_FACTS},
            "facts": plain,
            "channels": _channels(data.get("channels")),
            "notes": _notes(data.get("notes")),
        })

    body = {
        "schema_version": SCHEMA_VERSION,
        "national": national,
        "regions": regions,
        "sources": dict(sorted(sources.items())),
    }
    digest = hashlib.sha256(_dump(body)).hexdigest()[:12]
    return {**body, "data_version": digest}


def _dump(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode("utf-8")


def compile_rules(rules_dir: Path = RULES_DIR) -> bytes:
    """Validate the rules folder and return the bundle bytes (raises RulesError)."""
    report = load_rules(rules_dir)
    return _dump(build_bundle(report.files, load_dead_links(rules_dir)))


def write_bundle(rules_dir: Path = RULES_DIR, out: Path = BUNDLE_PATH) -> bool:
    """Write the bundle if its bytes changed; return whether it changed."""
    data = compile_rules(rules_dir)
    if out.exists() and out.read_bytes() == data:
        return False
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return True


assert set(BY_CODE) == {r.code for r in REGIONS}
