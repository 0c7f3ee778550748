"""Every sentence as certain as its evidence (claim-level provenance), over every region and action.

- "规定" only where a reason has an official or official-media source; an aggregator-only reason reads
  "有网页称……（未经官方核实）";
- a national practice or statistic is never inherited as a rule: it says 全国多数地方 and that the region's own data has none;
- a city's claim names the city;
- the facts of an answer are the sentences claims.statement makes (the guide pages use the same function).
"""

from __future__ import annotations

import itertools
import re

import pytest

import checker
from checker import claims
from checker import messages as M
from checker.bundle import load_bundle
from checker.vocab import ACTIONS, RELATIONS, SCHEMES

BUNDLE = load_bundle()
DATES = ("2023-06-01", "2024-08-15", "2025-06-01", "2026-06-01")


def scenarios():
    """Every region and action on several dates, binding each relation (with and without an age, and with a
    relative in another province)."""
    codes = [r["code"] for r in BUNDLE["regions"]]
    for code, action, date in itertools.product(codes, ACTIONS, DATES):
        s = {"action": action, "region": code, "date": date, "giver": {"scheme": "employee"}}
        if action in ("bind", "restore"):
            for i, relation in enumerate(RELATIONS):
                receiver = {"relation": relation, "scheme": SCHEMES[i % 2], "age": (10, 40)[i % 2]}
                if i % 3 == 0:
                    receiver["region"] = codes[(codes.index(code) + 7) % len(codes)]
                yield {**s, "receiver": receiver}
        else:
            yield {**s, "receiver": {"relation": "parent", "scheme": "resident", "region": code}}


ANSWERS = [(s, checker.check(s, bundle=BUNDLE)) for s in scenarios()]


def tiers(reason: dict) -> set[str]:
    return {src["tier"] for src in reason["sources"]}


def test_the_walk_is_broad():
    codes = {r["code"] for _, res in ANSWERS for r in res["reasons"]}
    assert len(ANSWERS) > 2000
    assert {"unbind_lock", "consent_required", "money_authorize", "same_province", "relation_in_scope"} <= codes


NOT_A_RULE = re.compile(r"(未见|没有|未找到|无)[^。；，]*规定")  # "未见等待期规定" claims no rule


def test_rule_words_only_with_verified_sources():
    for s, result in ANSWERS:
        for r in result["reasons"]:
            if "规定" in NOT_A_RULE.sub("", r["message"]) or "规定" in r["basis"]:
                assert tiers(r) & {"official", "media"}, (s, r["code"], r["message"])


def test_aggregator_only_reasons_say_so():
    for s, result in ANSWERS:
        for r in result["reasons"]:
            if r["sources"] and tiers(r) == {"aggregator"} and not r["gap"]:
                assert r["message"].startswith("有网页称") and "未经官方核实" in r["message"], (s, r["message"])
                assert r["unverified"] and r["basis"] == "未经官方核实"
            else:
                assert not r["unverified"]


def test_a_national_practice_is_not_a_rule():
    seen = 0
    for s, result in ANSWERS:
        for r in result["reasons"]:
            if r["layer"] == "national" and r["kind"] == "practice" and not r["unverified"]:
                seen += 1
                assert f"的资料没查到；{M.PRACTICE}：" in r["message"] and "规定" not in r["message"], r["message"]
                assert r["basis"].startswith(M.PRACTICE) and "规定" not in r["basis"]
            if r["basis"] == "全国规定":
                assert r["layer"] == "national" and r["kind"] == "rule"
    assert seen, "the walk met no national practice: the test would pass vacuously"


def test_a_citys_claim_names_the_city():
    seen = 0
    for _, result in ANSWERS:
        for r in result["reasons"]:
            if r["area"]:
                seen += 1
                assert r["area"] in r["message"], r["message"]
        for f in result["facts"]:
            if f["status"] == "known" and f["area"]:
                assert f["area"] in f["text"], f
    for region in BUNDLE["regions"]:
        for key, fact in region["facts"].items():
            if fact["layer"] == "regional" and fact["area"] and fact["status"] == "known":
                assert fact["area"] in claims.statement(BUNDLE, region, key, "2026-06-01")["text"]


def test_answer_facts_are_the_statements():
    for s, result in ANSWERS[:: 7]:
        region = next(r for r in BUNDLE["regions"] if r["code"] == result["region"]["code"])
        for f in result["facts"]:
            made = claims.statement(BUNDLE, region, f["key"], s["date"])
            assert (f["text"], f["unverified"], f["area"]) == (made["text"], made["unverified"], made["area"])


@pytest.mark.parametrize("tier, expect", [("aggregator", "有网页称"), ("media", "")])
def test_attribution_follows_the_claims_own_sources(tier, expect):
    """The same body, the same region: only the tier of the claim's own sources changes the words."""
    region = BUNDLE["regions"][0]
    sid = next(k for k, v in BUNDLE["sources"].items() if v["tier"] == tier)
    text = claims.attribute(BUNDLE, region, "绑定未满3个月的成员不能解绑。", layer="regional", sources=[sid])
    assert text.startswith(expect) and ("未经官方核实" in text) == (tier == "aggregator")
    city = claims.attribute(BUNDLE, region, "绑定未满3个月的成员不能解绑。", layer="regional", area="武汉市",
                            sources=[sid])
    assert "武汉市" in city
