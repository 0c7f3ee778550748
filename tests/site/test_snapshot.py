"""The checker's Pyodide memory snapshot (sitegen/speed.py, make_snapshot.mjs) answers exactly
like native CPython: restored in a fresh Node process from the file the site serves, it runs the golden table,
the parity test's own rows and the hook's warm-up rows, and every answer text is identical to the native one.
Also: the snapshot is for the exact Pyodide build the site ships (build id in its header), and its compressed
copies are the same bytes.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import subprocess

import pytest
from test_pyodide_parity import scenarios  # tests/ is on sys.path (pytest rootdir conftest)

import checker
from checker.tools.compile import compile_rules
from sitegen import runtime as runtime_dir
from sitegen import speed


def native_text(bundle: dict, scenario: object) -> str:
    """What docs/javascripts/checker/answer_py.js returns for a scenario, computed natively."""
    try:
        result = checker.check(scenario, bundle=bundle)
    except checker.CheckError as exc:
        result = exc.to_dict()
    return json.dumps(result, ensure_ascii=False)


def as_javascript_sees_it(value: object) -> object:
    """JavaScript has one number type: JSON.stringify(1.0) is "1", so integral floats reach Python as ints."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [as_javascript_sees_it(v) for v in value]
    if isinstance(value, dict):
        return {k: as_javascript_sees_it(v) for k, v in value.items()}
    return value


@pytest.fixture(scope="module")
def runtime():
    if shutil.which("node") is None or not (runtime_dir.PYODIDE_NPM / "pyodide.mjs").exists():
        pytest.fail("needs Node.js and node_modules/pyodide: run `make setup`")
    return runtime_dir.build_runtime(compile_rules())


@pytest.fixture(scope="module")
def stdlib(runtime):
    path = speed.build_stdlib(runtime, runtime_dir.PYODIDE_NPM)
    assert path is not None, "the precompiled stdlib could not be made (see the warning above)"
    return path


@pytest.fixture(scope="module")
def snapshot(runtime, stdlib):
    path = speed.build_snapshot(runtime, stdlib, runtime_dir.PYODIDE_NPM)
    assert path is not None, "the memory snapshot could not be made (see the warning above)"
    return path


def test_snapshot_answers_like_native(snapshot, stdlib, tmp_path):
    bundle = json.loads(compile_rules())
    cases = scenarios() + speed.warmup_scenarios() + [
        {"action": "bind", "region": "140000", "giver": {"scheme": "employee"},  # no date: today
         "receiver": {"relation": "child", "scheme": "resident"}}]
    cases = [as_javascript_sees_it(c) for c in cases]
    (tmp_path / "in.json").write_text(json.dumps(cases, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "expected.json").write_text(json.dumps([native_text(bundle, c) for c in cases]), encoding="utf-8")
    proc = subprocess.run(["node", str(speed.HERE / "make_snapshot.mjs"), "verify", str(runtime_dir.PYODIDE_NPM),
                           str(snapshot), str(tmp_path / "in.json"), str(stdlib), str(tmp_path / "expected.json")],
                          check=False, capture_output=True, text=True, timeout=300, cwd=runtime_dir.ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert json.loads(proc.stdout.strip().splitlines()[-1])["scenarios"] == len(cases)


def test_snapshot_is_for_the_shipped_pyodide_build(snapshot):
    data = snapshot.read_bytes()
    assert speed.snapshot_build_id(data) == speed.pyodide_build_id() != ""
    assert snapshot.name == f"snapshot-{hashlib.sha256(data).hexdigest()[:12]}.bin", "named by content"
    assert gzip.decompress((snapshot.parent / (snapshot.name + ".gz")).read_bytes()) == data
    assert (snapshot.parent / (snapshot.name + ".br")).stat().st_size < len(data) / 3
