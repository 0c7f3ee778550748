"""The validator: passes on the dataset; on a broken copy, fails with one line naming file, field, problem."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from checker.paths import RULES_DIR
from checker.tools.validate import validate

SHANXI = "regions/140000-shanxi.toml"
TODAY = dt.date(2026, 12, 7)


@pytest.fixture()
def rules(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(RULES_DIR, target)
    return target


def _edit(rules: Path, rel: str, old: str, new: str) -> None:
    path = rules / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found in {rel}: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _append(rules: Path, rel: str, extra: str) -> None:
    path = rules / rel
    path.write_text(path.read_text(encoding="utf-8") + "\n" + extra, encoding="utf-8")


def test_dataset_is_valid():
    report = validate(RULES_DIR, TODAY)
    assert report.errors == []
    assert len(report.files) == 33  # national + 32 regions


def test_every_region_present_once():
    codes = [f.region for f in validate(RULES_DIR, TODAY).files if f.region]
    assert len(codes) == len(set(codes)) == 32


# (description, file, old text, new text, expected fragments of the one error line)
BROKEN = [
    ("unknown top-level key", SHANXI, 'local_name = "家庭账户共济"', 'local_name = "家庭账户共济"\nlocalname = "x"',
     ["140000-shanxi.toml", "localname", "unknown key"]),
    ("unknown key in a period", SHANXI, 'from = 2024-09-01\nvalue = "near_relatives"',
     'from = 2024-09-01\nvalue = "near_relatives"\neffective = 2024-09-01', ["facts.scope.periods[1].effective", "unknown key"]),
    ("unknown fact", SHANXI, "[facts.balance_floor]", "[facts.balance_flor]", ["facts.balance_flor", "unknown fact"]),
    ("wrong type: string for a number", SHANXI, "value = 1000", 'value = "1000"', ["facts.balance_floor.value", "whole number"]),
    ("wrong vocabulary value", SHANXI, 'value = "own_first"', 'value = "own-first"', ["facts.deduction_order.value", "expected one of"]),
    ("wrong type: string for a boolean", SHANXI, "from = 2022-07-01\nvalue = true", 'from = 2022-07-01\nvalue = "true"',
     ["facts.available.periods[1].value", "expected one of true, false"]),
    ("bad date written as text", SHANXI, "from = 2024-09-01", 'from = "2024-9-1"', ["facts.scope.periods[1].from", "expected a date"]),
    ("impossible date", SHANXI, "from = 2024-09-01", "from = 2024-02-30", ["140000-shanxi.toml", "not valid TOML"]),
    ("undated change", SHANXI, 'from = 2024-09-01\nvalue = "near_relatives"', 'value = "near_relatives"',
     ["facts.scope.periods[1].from", "needs the date it took effect"]),
    ("periods out of order", SHANXI, "from = 2024-09-01", "from = 2021-09-01", ["facts.scope.periods[1]", "overlap or are out of order"]),
    ("bounded window reversed", SHANXI, "from_after = 2022-07-01\nfrom_by = 2024-08-31\nvalue = \"province\"",
     "from_after = 2024-08-31\nfrom_by = 2022-07-01\nvalue = \"province\"", ["facts.reach.periods[1].from_by", "must be after"]),
    ("fact without sources", SHANXI, 'value = 1000\nnote = "个人账户余额超过1000元的部分才可由被授权人使用；低于1000元时亲属不能使用。"\nsources = ["shanxi-roadlady-2022", "shanxi-husay"]',
     'value = 1000', ["facts.balance_floor.sources", "every fact needs at least one source"]),
    ("dangling source id", SHANXI, 'sources = ["shanxi-roadlady-2022", "shanxi-husay"]', 'sources = ["shanxi-nowhere"]',
     ["facts.balance_floor.sources", "'shanxi-nowhere' is not defined"]),
    ("unknown region code", SHANXI, 'code = "140000"', 'code = "149999"', ["code", "unknown region code"]),
    ("script tag in text", SHANXI, "每次结算只能使用一位授权人的账户。", "<script>alert(1)</script>", ["140000-shanxi.toml", "markup character '<'"]),
    ("markdown link injection", SHANXI, "每次结算只能使用一位授权人的账户。", "点[这里](http://evil.example)", ["140000-shanxi.toml", "markup character '['"]),
    ("official tier on a non-government host", SHANXI, 'tier = "aggregator"\nurl = "http://ccschy.com/techan/136464.html"',
     'tier = "official"\nurl = "http://ccschy.com/techan/136464.html"', ["sources.shanxi-rules-2022.tier", "gov.cn"]),
    ("media tier on an unknown host without mirror flag", SHANXI, 'url = "http://www.tuyunol.com/news/hyzx/afc09014c8163c065270ab2f901fbdf7.html"\nmirror = true',
     'url = "http://www.tuyunol.com/news/hyzx/afc09014c8163c065270ab2f901fbdf7.html"', ["sources.shanxi-xinhua-2024-08-31.tier", "not an official-media host"]),
    ("source without a date", SHANXI, "date = 2022-06-29\ntier", "tier", ["sources.shanxi-rules-2022.date", "exactly one of"]),
    ("source published after verification", SHANXI, "date = 2022-06-29", "date = 2026-11-20", ["sources.shanxi-rules-2022.date", "after the file's verified date"]),
    ("bad url", SHANXI, 'url = "http://ccschy.com/techan/136464.html"', 'url = "javascript:alert(1)"', ["sources.shanxi-rules-2022.url", "http(s) URL"]),
    ("unknown fact value in national", "national.toml", 'value = "authorize"', 'value = "authorise"', ["national.toml", "facts.money_model.periods[0].value"]),
    ("name does not match the code", SHANXI, 'name = "山西省"', 'name = "陕西省"', ["name", "expected '山西省'"]),
]


@pytest.mark.parametrize("desc,rel,old,new,fragments", BROKEN, ids=[b[0] for b in BROKEN])
def test_each_mistake_is_named(rules, desc, rel, old, new, fragments):
    _edit(rules, rel, old, new)
    errors = validate(rules, TODAY).errors
    assert errors, f"{desc}: no error reported"
    assert any(all(f in line for f in fragments) for line in errors), f"{desc}: got {errors}"
    assert all("\n" not in line for line in errors)


def test_duplicate_region(rules):
    shutil.copy(rules / SHANXI, rules / "regions" / "140000-shanxi2.toml")
    errors = validate(rules, TODAY).errors
    assert any("duplicate region 140000" in e for e in errors) or any("duplicate source id" in e for e in errors)
    assert any("140000-shanxi2.toml" in e for e in errors)


def test_duplicate_source_id(rules):
    _append(rules, "regions/110000-beijing.toml",
            '[sources.shanxi-husay]\ntitle = "x"\npublisher = "y"\nundated = true\ntier = "aggregator"\nurl = "http://a.example/x"\n')
    errors = validate(rules, TODAY).errors
    assert any("sources.shanxi-husay" in e and "duplicate source id" in e for e in errors)


def test_missing_region(rules):
    (rules / "regions" / "650000-xinjiang.toml").unlink()
    errors = validate(rules, TODAY).errors
    assert any("650000" in e and "missing rules file" in e for e in errors)


def test_stale_region_is_a_warning_not_an_error(rules):
    report = validate(rules, dt.date(2027, 12, 1))
    assert report.errors == []
    assert any("140000-shanxi.toml" in w and "stale" in w for w in report.warnings)


def test_cli_exit_codes(rules):
    ok = subprocess.run([sys.executable, "-m", "checker", "validate", "--rules", str(rules)],
                        capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    _edit(rules, SHANXI, "value = 1000", 'value = "lots"')
    bad = subprocess.run([sys.executable, "-m", "checker", "validate", "--rules", str(rules)],
                         capture_output=True, text=True)
    assert bad.returncode == 1
    assert "Traceback" not in bad.stderr
    line = next(l for l in bad.stderr.splitlines() if l.startswith("error:"))
    assert "140000-shanxi.toml: facts.balance_floor.value:" in line


def test_dead_link_registry(rules):
    (rules / "dead_links.toml").write_text(
        '[[dead]]\nurl = "https://ybj.shaanxi.gov.cn/sy/ybyw/sybdt/202507/t20250704_3539486.html"\n'
        'checked = 2026-11-01\nreplacement = "https://ybj.shaanxi.gov.cn/new.html"\nnote = "页面迁移"\n', encoding="utf-8")
    report = validate(rules, TODAY)
    assert report.errors == []
    assert any("n-shaanxi-wallet-2025-07-04.url: known dead link" in w and "new.html" in w for w in report.warnings)
    from checker.tools.compile import compile_rules
    import json
    src = json.loads(compile_rules(rules))["sources"]["n-shaanxi-wallet-2025-07-04"]
    assert src["dead"] and not src["linkable"] and src["replacement"].endswith("new.html")


def test_dead_link_registry_entries_are_checked(rules):
    (rules / "dead_links.toml").write_text('[[dead]]\nurl = "not a url"\nchecked = "yesterday"\n', encoding="utf-8")
    errors = validate(rules, TODAY).errors
    assert any("dead_links.toml: dead[0].url" in e for e in errors)
    assert any("dead_links.toml: dead[0].checked" in e for e in errors)


def test_duplicate_url_under_two_ids_is_a_warning(rules):
    _append(rules, "regions/110000-beijing.toml",
            '[sources.beijing-dup]\ntitle = "x"\npublisher = "y"\nundated = true\ntier = "aggregator"\n'
            'url = "http://husay.cn/c/12163F9D2023.html"\n')
    report = validate(rules, TODAY)
    assert any("same URL is cited under several ids" in w and "beijing-dup" in w for w in report.warnings)


def test_rules_files_do_not_point_at_internal_research_notes():
    import re
    forbidden = re.compile(r"research|/work/shared|policy-regions|policy-national|anchors-", re.IGNORECASE)
    files = sorted(RULES_DIR.rglob("*.toml")) + [RULES_DIR / "README.md"]
    hits = [
        f"{path.relative_to(RULES_DIR)}:{n}: {line.strip()}"
        for path in files
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if forbidden.search(line)
    ]
    assert not hits, "rules files must not point at internal research notes:\n" + "\n".join(hits)
