"""The FAQ as data for its templates: the national questions (national.toml [[questions]]) grouped as people ask,
and for a 看地区 answer the regions' values of its fact; on a region's page, that region's value instead.
Wording of the groups and short answers: checker/messages.py (FAQ_GROUP, FAQ_ANSWER)."""

from __future__ import annotations

from checker import claims
from checker.vocab import FAQ_GROUPS

from .facts import TIMELINE_KEYS, _cell_plain, _cell_timeline

TROUBLE = "cannot_pay"  # the question a region's overview also answers as its own section (绑好了，家里人却用不了？)


def cell(bundle: dict, region: dict, key: str, today: str) -> tuple[str, list[str]]:
    """A region's value of a fact in a few words (as in the comparison table), and the sources it rests on."""
    ids: list[str] = []
    if key in TIMELINE_KEYS or key in bundle["national"]["timelines"]:
        return _cell_timeline(bundle, region, key, today, ids), ids
    return _cell_plain(region, key, ids), ids


def national(bundle: dict, today: str) -> list[dict]:
    """[{group, questions: [{…question, rows: [{region, value, sources, unverified}] for 看地区}]}] in group order."""
    out = []
    for group in FAQ_GROUPS:
        items = []
        for q in bundle["national"]["questions"]:
            if q["group"] != group:
                continue
            rows = []
            if q["answer"] == "depends":
                for region in bundle["regions"]:
                    value, ids = cell(bundle, region, q["fact"], today)
                    rows.append({"region": region, "value": value, "sources": ids,
                                 "unverified": claims.unverified(bundle, ids)})
            items.append({**q, "rows": rows})
        if items:
            out.append({"group": group, "questions": items})
    return out


def for_region(bundle: dict, region: dict, today: str) -> list[dict]:
    """The same questions for one region: a 看地区 answer becomes the region's own sentence (claims.statement);
    an answer with `checks` lists the region's sentence for each of those facts."""
    out = []
    for q in bundle["national"]["questions"]:
        item = {**q, "here": None,  # the region's own values of the facts that bear on the answer
                "checked": [claims.statement(bundle, region, key, today) for key in q.get("checks", [])]}
        if q["answer"] == "depends":
            item["here"] = claims.statement(bundle, region, q["fact"], today)
        out.append(item)
    return out


def trouble(questions: list[dict]) -> dict | None:
    """The troubleshooting question among a region's (for_region), or None."""
    return next((q for q in questions if q["id"] == TROUBLE), None)
