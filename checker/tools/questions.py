"""The FAQ's entries in national.toml ([[questions]]): checked like every other table, one line per problem."""

from __future__ import annotations

import re

from ..vocab import FAQ_ANSWERS, FAQ_GROUPS, PLAIN_FACTS, TIMELINE_FACTS
from .checks import _Checker

QUESTION_KEYS = {"id", "group", "question", "answer", "text", "sources", "fact", "checks", "steps", "myth"}


def check_questions(c: _Checker, items, cited: list) -> None:
    """The FAQ: each question in people's words, its short answer, the sentence and its sources; a 看地区 answer
    names the fact whose per-region values make its table."""
    if items is None:
        return
    if not isinstance(items, list):
        c.error("questions", "expected [[questions]] entries")
        return
    seen: set[str] = set()
    for i, q in enumerate(items):
        where = f"questions[{i}]"
        if not isinstance(q, dict):
            c.error(where, "expected a table")
            continue
        c.unknown_keys(where, q, QUESTION_KEYS)
        qid = q.get("id")
        if not isinstance(qid, str) or not re.match(r"^[a-z_]+$", qid) or qid in seen:
            c.error(f"{where}.id", f"expected a unique id of lowercase letters and '_', got {qid!r}")
        seen.add(qid)
        if q.get("group") not in FAQ_GROUPS:
            c.error(f"{where}.group", f"expected one of {', '.join(FAQ_GROUPS)}, got {q.get('group')!r}")
        if q.get("answer") not in FAQ_ANSWERS:
            c.error(f"{where}.answer", f"expected one of {', '.join(FAQ_ANSWERS)}, got {q.get('answer')!r}")
        c.text(f"{where}.question", q.get("question"))
        c.text(f"{where}.text", q.get("text"))
        if "myth" in q and not isinstance(q["myth"], bool):
            c.error(f"{where}.myth", f"expected true or false, got {q['myth']!r}")
        if q.get("answer") == "depends":
            if q.get("fact") not in (*TIMELINE_FACTS, *PLAIN_FACTS):
                c.error(f"{where}.fact", "a 看地区 answer names the fact whose regional values make its table")
        elif "fact" in q:
            c.error(f"{where}.fact", "only a 看地区 (depends) answer has a table")
        c.text_list(f"{where}.steps", q.get("steps"))
        checks = q.get("checks", [])
        if not isinstance(checks, list) or any(k not in (*TIMELINE_FACTS, *PLAIN_FACTS) for k in checks):
            c.error(f"{where}.checks", f"expected a list of fact keys (the region values that bear on the answer), "
                                       f"got {checks!r}")
        required = q.get("answer") != "unknown"
        cited.extend((f"{where}.sources", s) for s in c.source_ids(f"{where}.sources", q.get("sources"), required))
