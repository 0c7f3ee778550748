"""The golden table (tests/engine/golden.py): verdicts and reason codes, no prose."""

from __future__ import annotations

import pytest

import checker
from golden import GOLDEN


def test_table_is_broad():
    actions = {row["scenario"]["action"] for row in GOLDEN}
    verdicts = {row["verdict"] for row in GOLDEN}
    regions = {row["scenario"]["region"] for row in GOLDEN}
    codes = {c for row in GOLDEN for c in row["codes"]}
    assert len(GOLDEN) >= 60
    assert actions == {"bind", "unbind", "query", "restore"}
    assert verdicts == {"yes", "no", "uncertain"}
    assert len(regions) >= 15
    required = {"giver_not_employee", "not_near_relative", "relation_not_in_scope_yet", "receiver_not_insured",
                "cross_province_not_available", "consent_required", "card_not_shareable", "date_uncertain"}
    assert required <= codes


@pytest.mark.parametrize("row", GOLDEN, ids=[r["name"] for r in GOLDEN])
def test_golden(row):
    result = checker.check(row["scenario"])
    codes = [r["code"] for r in result["reasons"]]
    assert result["verdict"] == row["verdict"], f"{row['name']}: got {result['verdict']} {codes}"
    missing = set(row["codes"]) - set(codes)
    assert not missing, f"{row['name']}: missing reason codes {missing}; got {codes}"
    for reason in result["reasons"]:
        if reason["effect"] in ("allows", "blocks") and reason["code"] not in ("query_allowed",):
            assert reason["sources"], f"{reason['code']} decides without a source"


@pytest.mark.parametrize("row", GOLDEN, ids=[r["name"] for r in GOLDEN])
def test_the_lead_reason_decides_the_verdict(row):
    """`lead` points at the reason the answer's one sentence of why shows: it has the verdict's effect."""
    result = checker.check(row["scenario"])
    lead = result["reasons"][result["lead"]]
    assert lead["effect"] == {"yes": "allows", "no": "blocks", "uncertain": "uncertain"}[result["verdict"]]


def test_across_provinces_the_wallet_leads_a_yes():
    """A 可以 for a relative insured in another province rests on both sides' 医保钱包: that reason is the one
    sentence of why, not the relation's (which holds in-province too)."""
    rows = [r for r in GOLDEN if r["verdict"] == "yes" and "cross_province_wallet" in r["codes"]]
    assert rows, "the golden table has a cross-province 可以"
    for row in rows:
        result = checker.check(row["scenario"])
        assert result["reasons"][result["lead"]]["code"] == "cross_province_wallet", row["name"]
