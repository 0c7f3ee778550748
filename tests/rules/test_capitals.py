"""Every province says when its capital's own rules were last searched for (capital_checked); a municipality and
the 兵团 have no capital. Each mistake is one line naming the file, the field and the problem."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from checker.regions import REGIONS
from checker.tools.compile import compile_rules
from checker.tools.validate import validate
from conftest import edit

MUNICIPALITIES = {"110000", "120000", "310000", "500000", "660000"}


def test_every_province_has_a_capital_and_municipalities_none():
    assert {r.code for r in REGIONS if r.capital is None} == MUNICIPALITIES
    assert all(r.capital.endswith("市") for r in REGIONS if r.capital)


def test_the_bundle_carries_the_capital_and_when_it_was_checked():
    bundle = json.loads(compile_rules())
    for region in bundle["regions"]:
        if region["code"] in MUNICIPALITIES:
            assert region["capital"] is None and region["capital_checked"] is None
        else:
            assert region["capital"].endswith("市")
            assert dt.date.fromisoformat(region["capital_checked"]) <= dt.date.today()


def test_a_province_without_capital_checked_is_an_error(rules):
    edit(rules / "regions" / "420000-hubei.toml", "capital_checked = 2026-12-07", "")
    assert any("420000-hubei.toml: capital_checked: missing: the date 武汉市's own rules were last searched for" in e
               for e in validate(rules).errors)


def test_a_municipality_with_capital_checked_is_an_error(rules):
    edit(rules / "regions" / "110000-beijing.toml", "\ncode = ", "\ncapital_checked = 2026-12-07\ncode = ")
    assert any("110000-beijing.toml: capital_checked: 北京市 has no provincial capital" in e
               for e in validate(rules).errors)


@pytest.mark.parametrize("bad, problem", [
    ('"2026-12-07"', "expected a date like 2024-10-01"),
    ("2099-01-01", "is in the future"),
])
def test_a_bad_capital_checked_names_the_problem(rules, bad, problem):
    edit(rules / "regions" / "510000-sichuan.toml", "capital_checked = 2026-12-07", f"capital_checked = {bad}")
    assert any("510000-sichuan.toml: capital_checked: " in e and problem in e
               for e in validate(rules, today=dt.date(2026, 12, 7)).errors)
