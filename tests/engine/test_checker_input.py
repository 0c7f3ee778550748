"""Bad input: a structured error (code, field, message), exit status 2 on the CLI, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import checker
from checker import CheckError
from checker.vocab import ACTIONS, PURPOSES, RELATIONS, SCHEMES

GOOD = {"action": "bind", "region": "140000", "date": "2025-01-01", "giver": {"scheme": "employee"},
        "receiver": {"relation": "spouse", "scheme": "resident"}}


def _with(**changes):
    scenario = json.loads(json.dumps(GOOD))
    for key, value in changes.items():
        target = scenario
        *path, last = key.split("__")
        for p in path:
            target = target[p]
        if value is ...:
            target.pop(last, None)
        else:
            target[last] = value
    return scenario


BAD = [
    ("not an object", ["bind"], "invalid_value", "scenario"),
    ("missing action", _with(action=...), "missing_field", "action"),
    ("unknown action", _with(action="delete"), "invalid_value", "action"),
    ("unknown region", _with(region="火星"), "unknown_region", "region"),
    ("region not a string", _with(region=140000), "invalid_value", "region"),
    ("impossible date", _with(date="2025-02-30"), "invalid_date", "date"),
    ("badly formatted date", _with(date="2025/01/01"), "invalid_date", "date"),
    ("date far outside", _with(date="1900-01-01"), "invalid_date", "date"),
    ("missing giver", _with(giver=...), "missing_field", "giver"),
    ("bad giver scheme", _with(giver__scheme="gold"), "invalid_value", "giver.scheme"),
    ("missing receiver for bind", _with(receiver=...), "missing_field", "receiver"),
    ("unknown relation", _with(receiver__relation="friend"), "invalid_value", "receiver.relation"),
    ("age too high", _with(receiver__age=131), "invalid_value", "receiver.age"),
    ("negative age", _with(receiver__age=-1), "invalid_value", "receiver.age"),
    ("age as text", _with(receiver__age="30"), "invalid_value", "receiver.age"),
    ("age as boolean", _with(receiver__age=True), "invalid_value", "receiver.age"),
    ("missing receiver scheme", _with(receiver__scheme=...), "missing_field", "receiver.scheme"),
    ("unknown receiver region", _with(receiver__region="Atlantis"), "unknown_region", "receiver.region"),
    ("unknown purpose", _with(purpose="shopping"), "invalid_value", "purpose"),
    ("unknown top-level field", _with(name="张三"), "unknown_field", "name"),
    ("unknown receiver field", _with(receiver__id_number="110101199001011234"), "unknown_field", "receiver.id_number"),
]


@pytest.mark.parametrize("desc,scenario,code,field", BAD, ids=[b[0] for b in BAD])
def test_bad_input_raises_documented_error(desc, scenario, code, field):
    with pytest.raises(CheckError) as exc:
        checker.check(scenario)
    assert (exc.value.code, exc.value.field) == (code, field)
    assert exc.value.message
    assert exc.value.to_dict() == {"error": {"code": code, "field": field, "message": exc.value.message}}


def _cli(stdin: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checker", "check", *args], input=stdin,
                          capture_output=True, text=True, timeout=60)


def test_cli_answers_json():
    proc = _cli(json.dumps(GOOD))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["verdict"] == "yes"


def test_cli_scenario_file(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps(GOOD), encoding="utf-8")
    proc = _cli("", "--scenario", str(path))
    assert proc.returncode == 0 and json.loads(proc.stdout)["verdict"] == "yes"


@pytest.mark.parametrize("stdin,code,field", [
    ("not json", "invalid_json", "scenario"),
    ("", "invalid_json", "scenario"),
    ("[[[[" * 50000, "invalid_json", "scenario"),
    (json.dumps(_with(receiver__age=500)), "invalid_value", "receiver.age"),
    (json.dumps(_with(region="Narnia")), "unknown_region", "region"),
])
def test_cli_bad_input_exit_2(stdin, code, field):
    proc = _cli(stdin)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr + proc.stdout
    err = json.loads(proc.stdout)["error"]
    assert (err["code"], err["field"]) == (code, field)


def test_cli_missing_file():
    proc = _cli("", "--scenario", "/nonexistent/scenario.json")
    assert proc.returncode == 2 and json.loads(proc.stdout)["error"]["code"] == "unreadable_input"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=True) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)
region_names = st.sampled_from(["140000", "山西", "新疆", "新疆维吾尔自治区", "660000", "兵团", "北京市", "xx", "", " 山西 "])
plausible = st.fixed_dictionaries(
    {"action": st.sampled_from(ACTIONS + ("x",)), "region": region_names, "giver": st.fixed_dictionaries(
        {"scheme": st.sampled_from(SCHEMES + ("x",))})},
    optional={
        "date": st.dates().map(str) | st.text(max_size=12),
        "purpose": st.sampled_from(PURPOSES + ("x",)),
        "receiver": st.fixed_dictionaries(
            {"relation": st.sampled_from(RELATIONS + ("x",)), "scheme": st.sampled_from(SCHEMES)},
            optional={"age": st.integers(-5, 200) | st.none() | st.text(max_size=3), "region": region_names}),
    },
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(json_values, plausible))
def test_any_input_gives_an_answer_or_the_documented_error(scenario):
    try:
        result = checker.check(scenario)
    except CheckError as exc:
        assert exc.code and exc.field and exc.message
        return
    assert result["verdict"] in ("yes", "no", "uncertain")
    assert all(r["code"] and r["message"] for r in result["reasons"])
    json.dumps(result)  # always serialisable


@settings(max_examples=40, deadline=None)
@given(st.one_of(json_values, plausible))
def test_cli_never_prints_a_traceback(scenario):
    proc = _cli(json.dumps(scenario))
    assert proc.returncode in (0, 2)
    assert "Traceback" not in proc.stdout + proc.stderr
    json.loads(proc.stdout)


def test_deterministic():
    assert checker.check(GOOD) == checker.check(json.loads(json.dumps(GOOD)))
