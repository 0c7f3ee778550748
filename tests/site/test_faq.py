"""The FAQ (national.toml [[questions]]): generated from the data, grouped as people ask, each answer with its basis
and date; a 看地区 answer with every region's value; the same questions on each region's overview with that region's
value; the 常见误区 box; and the validator's word on a bad entry."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from checker import claims
from checker import messages as M
from checker.bundle import data_date
from checker.tools.validate import validate
from sitegen import display, pages
from sitegen import faq as sitegen_faq

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def rendered(bundle):
    return pages.render_all(bundle, data_date(bundle), None)


def test_the_faq_covers_what_people_ask(bundle):
    questions = bundle["national"]["questions"]
    assert 15 <= len(questions) <= 30
    assert {q["group"] for q in questions} == {"can", "how", "money", "records", "special"}
    assert {q["answer"] for q in questions} >= {"yes", "no", "depends", "unknown"}
    assert sum(q["myth"] for q in questions) >= 5
    for q in questions:
        assert q["sources"] or q["answer"] == "unknown", q["id"]


def test_every_answer_says_its_answer_and_basis(bundle, rendered):
    text = rendered["national/faq.md"]
    words = {"yes": "能", "no": "不能", "depends": "看地区", "unknown": "不清楚"}
    for q in bundle["national"]["questions"]:
        section = text[text.index(f"{{#{q['id']}}}"):]
        first = section.split("\n### ")[0]
        assert f"**{words[q['answer']]}。**" in first, q["id"]
        if q["sources"]:
            assert re.search(r"\[\\\[\d+\\\]\]\(#src-\d+\)", first), f"{q['id']}: no numbered source"
    assert "信息核实日期" in text and display.esc(bundle["national"]["verified"]) in text


def test_a_depends_answer_has_every_regions_value(bundle, rendered):
    text = rendered["national/faq.md"]
    for q in bundle["national"]["questions"]:
        if q["answer"] != "depends":
            continue
        section = text[text.index(f"{{#{q['id']}}}"):].split("\n### ")[0]
        for region in bundle["regions"]:
            assert f"[{display.esc(region['short'])}](../regions/{region['slug']}/index.md#faq)" in section, (
                q["id"], region["code"])


def test_the_myths_box_answers_the_wrong_claims(bundle, rendered):
    text = rendered["national/faq.md"]
    box = text[text.index('!!! warning "常见误区"'):text.index("\n## ")]
    for q in bundle["national"]["questions"]:
        assert (display.esc(q["question"]) in box) == q["myth"], q["id"]
    for needle in ("亲情账户", "公婆", "没参保", "居民医保", "最多"):
        assert needle in box


def test_each_region_answers_with_its_own_value(bundle, rendered):
    day = data_date(bundle).isoformat()
    for region in bundle["regions"]:
        overview = rendered[f"regions/{region['slug']}/index.md"]
        faq = overview[overview.index("## 常见问题 {#faq}"):overview.index("## 历史变化")]
        for q in bundle["national"]["questions"]:
            assert display.esc(q["question"]) in faq, (region["code"], q["id"])
            if q["answer"] == "depends":
                said = claims.statement(bundle, region, q["fact"], day)
                if said["status"] == "known":
                    assert display.esc(said["text"]) in faq, (region["code"], q["id"])


def test_an_answer_with_checks_lists_the_regions_own_values(bundle, rendered):
    """"为什么扣不了我的钱" and the like: under the general answer, each region's page lists its own value of each
    fact that bears on it (or that it has none); the national page names those facts."""
    day = data_date(bundle).isoformat()
    asked = [q for q in bundle["national"]["questions"] if q["checks"]]
    assert "cannot_pay" in {q["id"] for q in asked}
    national = rendered["national/faq.md"]
    for q in asked:
        part = national[national.index(f"{{#{q['id']}}}"):]
        assert "各地的" + "、".join(M.FACT[k] for k in q["checks"]) in part.split("\n### ")[0]
    for region in bundle["regions"]:
        overview = rendered[f"regions/{region['slug']}/index.md"]
        faq = overview[overview.index("## 常见问题 {#faq}"):overview.index("## 历史变化")]
        for q in asked:
            if q["id"] == sitegen_faq.TROUBLE:  # its own section of the overview, linked from the task list and the FAQ
                block = overview[overview.index("## 绑好了，家里人却用不了？ {#trouble}"):]
                block = block[:block.index("\n## ")]
                assert "- [绑好了，家里人却用不了？](#trouble)" in overview
                assert "见本页[绑好了，家里人却用不了？](#trouble)" in faq
                assert all(f"{n}. {display.esc(step)}" in block for n, step in enumerate(q["steps"], 1))
            else:
                block = faq[faq.index(display.esc(q["question"])):]
                block = block[:block.index("\n??? ")] if "\n??? " in block else block
            assert f"在{region['short']}，对照这几条：" in block, (region["code"], q["id"])
            for key in q["checks"]:
                said = claims.statement(bundle, region, key, day)
                line = f"- **{M.FACT[key]}**：" + (display.esc(said["text"]) if said["status"] == "known"
                                                   else "资料")
                assert line in block, (region["code"], q["id"], key)


def test_the_validator_names_a_bad_question(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "checker" / "rules", rules)
    path = rules / "national.toml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('id = "how_many"\ngroup = "can"', 'id = "how_many"\ngroup = "maybe"', 1)
    text = text.replace('answer = "depends"\nfact = "cross_province"', 'answer = "depends"', 1)
    text = text.replace('checks = ["consent"]', 'checks = ["consent", "favourite_colour"]', 1)
    path.write_text(text, encoding="utf-8")
    errors = validate(rules).errors
    assert any("national.toml: questions[" in e and ".group: expected one of" in e for e in errors), errors
    assert any(".fact: a 看地区 answer names the fact" in e for e in errors), errors
    assert any(".checks: expected a list of fact keys" in e and "favourite_colour" in e for e in errors), errors


def test_the_coverage_report_lists_the_faq(bundle):
    from checker.tools.coverage import coverage_report

    text = coverage_report(bundle, data_date(bundle))
    assert f"FAQ: {len(bundle['national']['questions'])} questions" in text
    for q in bundle["national"]["questions"]:
        assert q["id"] in text
