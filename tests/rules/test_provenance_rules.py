"""The validator's claim-level provenance rules (#25): each of them fails on a rules folder that breaks it, with
one line naming the file, the field and the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.tools.validate import validate
from conftest import edit

ROOT = Path(__file__).resolve().parents[2]


def test_the_shipped_rules_are_clean():
    report = validate(ROOT / "checker" / "rules")
    assert report.errors == []


def test_a_national_fact_must_say_its_kind(rules):
    edit(rules / "national.toml", 'kind = "rule"', "")
    assert any("national.toml: facts." in e and ".kind: expected one of rule, practice" in e
               for e in validate(rules).errors)


def test_a_region_fact_has_no_kind(rules):
    edit(rules / "regions" / "420000-hubei.toml", 'value = 3\n', 'value = 3\nkind = "rule"\n')
    assert any("420000-hubei.toml: facts.unbind_lock_months.kind: only national.toml facts have a kind" in e
               for e in validate(rules).errors)


def test_a_part_with_its_own_words_needs_its_own_sources(rules):
    path = rules / "regions" / "650000-xinjiang.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index("confirm_age_sources")
    line_end = text.index("\n", start)
    path.write_text(text[:start] + text[line_end + 1:], encoding="utf-8")
    assert any("650000-xinjiang.toml: facts.consent.confirm_age_sources: missing" in e for e in validate(rules).errors)


def test_channel_steps_from_mixed_tiers_name_their_sources(rules):
    path = rules / "regions" / "140000-shanxi.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index("bind_sources")
    path.write_text(text[:start] + text[text.index("\n", start) + 1:], encoding="utf-8")
    assert any("140000-shanxi.toml: channels[0].bind_sources: the channel cites aggregator and verified sources" in e
               for e in validate(rules).errors)


def test_an_area_must_name_cities(rules):
    edit(rules / "regions" / "420000-hubei.toml", 'value = 3\narea = "武汉市"', 'value = 3\narea = "<b>x</b>"')
    assert any("420000-hubei.toml" in e and ".area: expected city names" in e for e in validate(rules).errors)


def test_a_city_source_for_a_whole_region_claim_is_warned(rules):
    """武汉's 3-month unbinding lock shown as 湖北's, resting only on the 武汉 guide: a warning, not an error."""
    edit(rules / "regions" / "420000-hubei.toml", 'value = 3\narea = "武汉市"\n', "value = 3\n")
    edit(rules / "regions" / "420000-hubei.toml", 'sources = ["hubei-yunnanlong", "hubei-fudaoke-2814515"]',
         'sources = ["hubei-yunnanlong"]')
    report = validate(rules)
    assert not report.errors
    assert any("420000-hubei.toml: facts.unbind_lock_months: shown for the whole region but every source is about 武汉市"
               in w for w in report.warnings), report.warnings


def test_a_scope_without_its_earlier_period_is_warned(rules):
    path = rules / "regions" / "420000-hubei.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index("[[facts.scope.periods]]")
    second = text.index("[[facts.scope.periods]]", start + 1)
    path.write_text(text[:start] + text[second:], encoding="utf-8")
    report = validate(rules)
    assert any("420000-hubei.toml: facts.scope.periods[0]: starts with near_relatives on 2024-10-01" in w
               for w in report.warnings), report.warnings
