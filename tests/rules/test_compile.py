"""The compiled bundle: deterministic bytes, every region present, every cited source resolved."""

from __future__ import annotations

import json

from checker.tools.compile import compile_rules
from checker.regions import REGIONS
from checker.paths import RULES_DIR


def test_compiling_twice_gives_identical_bytes():
    assert compile_rules(RULES_DIR) == compile_rules(RULES_DIR)


def test_bundle_shape():
    bundle = json.loads(compile_rules(RULES_DIR))
    assert [r["code"] for r in bundle["regions"]] == [r.code for r in REGIONS]
    assert len(bundle["data_version"]) == 12
    cited = set()
    for region in bundle["regions"]:
        for timeline in region["timelines"].values():
            for p in timeline["periods"]:
                cited.update(p["sources"])
        for fact in region["facts"].values():
            cited.update(fact["sources"])
            assert fact["status"] in ("known", "unknown")
            if fact["status"] == "unknown":
                assert fact["note"], "a gap always says what is missing"
        for ch in region["channels"]:
            cited.update(ch["sources"])
    assert cited <= set(bundle["sources"])


def test_only_official_and_media_hosts_are_linkable():
    bundle = json.loads(compile_rules(RULES_DIR))
    for src in bundle["sources"].values():
        if src["linkable"]:
            assert not src["mirror"] and src["tier"] != "aggregator", src["id"]


def test_seed_claims_contradicted_by_research_are_not_facts():
    """The Shanxi seed said online unbinding needs review and gave start/end dates: not confirmed."""
    bundle = json.loads(compile_rules(RULES_DIR))
    shanxi = next(r for r in bundle["regions"] if r["code"] == "140000")
    assert shanxi["facts"]["validity"]["status"] == "unknown"
    xinjiang = next(r for r in bundle["regions"] if r["code"] == "650000")
    text = json.dumps(xinjiang, ensure_ascii=False)
    assert "管理亲情账户" not in text or "不是" in text  # the 亲情账户 route does not end 共济
