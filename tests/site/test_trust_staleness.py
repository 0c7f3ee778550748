"""Staleness: every build tells the maintainer which regions' facts were last verified more than 180 days ago
(an INFO line from sitegen/hook.py, so `mkdocs build --strict` still publishes), and every
page tells the reader when its facts were verified, with a warning on the pages of stale regions."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re

import pytest

from checker.bundle import data_date
from checker.vocab import STALE_AFTER_DAYS

mkdocs_hook = pytest.importorskip("sitegen.hook")

OLD = "2020-01-01"
STALE_CODES = ("110000", "140000")  # 北京, 山西
NOTICE = f"facts verified more than {STALE_AFTER_DAYS} days ago"


def test_stale_is_more_than_180_days():
    bundle = {"national": {"name": "全国", "verified": "2026-01-01"},
              "regions": [{"short": "甲", "name": "甲省", "file": "a.toml", "verified": "2025-07-05"},
                          {"short": "乙", "name": "乙省", "file": "b.toml", "verified": "2025-07-04"}]}
    today = dt.date(2026, 1, 1)
    assert (today - dt.date(2025, 7, 5)).days == STALE_AFTER_DAYS
    assert mkdocs_hook.stale(bundle, today) == ["乙 (b.toml, verified 2025-07-04)"]


@pytest.fixture(scope="module")
def stale_build(bundle, site_builder, tmp_path_factory):
    """The site built from today's bundle with two regions last verified in 2020."""
    old = copy.deepcopy(bundle)
    for region in old["regions"]:
        if region["code"] in STALE_CODES:
            region["verified"] = OLD
    folder = tmp_path_factory.mktemp("stale")
    path = folder / "bundle.json"
    path.write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")
    return site_builder(folder / "site", path), old


def test_build_lists_the_regions_with_old_facts(stale_build):
    build, old = stale_build
    notices = [line for line in build.log.splitlines() if NOTICE in line]
    assert len(notices) == 1, build.log[-3000:]
    assert re.match(r"INFO\b", notices[0]), "information, not a warning: --strict must not fail on old facts"
    today = dt.date.today()
    for region in old["regions"]:
        listed = f"{region['short']} ({region['file']}, verified {region['verified']})" in notices[0]
        is_old = (today - dt.date.fromisoformat(region["verified"])).days > STALE_AFTER_DAYS
        assert listed == is_old, region["code"]


def test_pages_say_when_facts_were_verified(stale_build):
    """Pages judge age against the data's own date (the newest verification), so that builds are reproducible."""
    build, old = stale_build
    newest = data_date(old)
    for region in old["regions"]:
        warned = (newest - dt.date.fromisoformat(region["verified"])).days > STALE_AFTER_DAYS
        assert warned or region["code"] not in STALE_CODES
        for task in ("", "bind/", "unbind/", "query/", "restore/"):
            text = (build.path / "regions" / region["slug"] / task / "index.html").read_text(encoding="utf-8")
            assert re.search(rf"信息核实日期：<strong>{region['verified']}</strong>", text), (region["slug"], task)
            assert ("信息可能已经过时" in text) == warned, (region["slug"], task)
