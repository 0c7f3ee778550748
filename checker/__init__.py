"""医保家庭共济 rules checker: a pure-Python (standard library only) engine that answers
"may I, and how?" for 职工医保个人账户家庭共济 from the compiled rules bundle.

    >>> import checker
    >>> checker.check({"action": "bind", "region": "山西", "date": "2025-01-01",
    ...                "giver": {"scheme": "employee"},
    ...                "receiver": {"relation": "sibling", "scheme": "resident"}})["verdict"]
    'yes'

Bad input raises `CheckError` (code, field, message); nothing else escapes.
"""

from __future__ import annotations

from .errors import CheckError, RulesError

__all__ = ["check", "CheckError", "RulesError"]


def check(scenario: object, bundle: dict | None = None) -> dict:
    """Answer one scenario (see README for the fields). `bundle` defaults to the packaged rules."""
    from .bundle import load_bundle
    from .engine import evaluate
    from .scenario import parse_scenario

    data = bundle if bundle is not None else load_bundle()
    parsed = parse_scenario(scenario)
    return evaluate(data, parsed)
