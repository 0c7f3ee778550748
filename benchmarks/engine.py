"""Engine speed: scenarios per second natively (CPython, the same JSON glue the browser uses) and inside
Pyodide under Node (benchmarks/engine_runner.mjs), on the golden table + the snapshot's warm-up rows."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import importlib.util
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def scenarios() -> list[object]:
    from sitegen.speed import warmup_scenarios

    spec = importlib.util.spec_from_file_location("golden", ROOT / "tests" / "engine" / "golden.py")
    golden = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(golden)
    rows = [row["scenario"] for row in golden.GOLDEN]
    return rows + warmup_scenarios()


def native_rate(cases: list[object], seconds: float) -> float:
    import checker

    def answer(text: str) -> str:  # docs/javascripts/checker/answer_py.js, natively
        try:
            return json.dumps(checker.check(json.loads(text)), ensure_ascii=False)
        except checker.CheckError as exc:
            return json.dumps(exc.to_dict(), ensure_ascii=False)

    lines = [json.dumps(c, ensure_ascii=False) for c in cases]
    for line in lines:
        answer(line)
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        for line in lines:
            answer(line)
        count += len(lines)
    return count / (time.perf_counter() - started)


def pyodide_rate(cases: list[object], seconds: float) -> dict:
    from checker.tools.compile import compile_rules
    from sitegen import runtime as rt
    from sitegen import speed

    node = shutil.which("node")
    if node is None:
        return {"error": "node not found"}
    runtime = rt.build_runtime(compile_rules())
    stdlib = speed.build_stdlib(runtime, rt.PYODIDE_NPM) or rt.PYODIDE_NPM / "python_stdlib.zip"
    snapshot = speed.build_snapshot(runtime, stdlib, rt.PYODIDE_NPM)
    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / "scenarios.json"
        file.write_text(json.dumps(cases, ensure_ascii=False), encoding="utf-8")
        args = [node, str(ROOT / "benchmarks" / "engine_runner.mjs"), str(runtime), str(stdlib), str(file), str(seconds)]
        proc = subprocess.run(args + ([str(snapshot)] if snapshot else []), capture_output=True, text=True,
                              check=False, timeout=600, cwd=ROOT)
    if proc.returncode != 0:
        return {"error": proc.stderr[-1000:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def measure(seconds: float = 3.0) -> dict:
    cases = scenarios()
    native = native_rate(cases, seconds)
    inside = pyodide_rate(cases, seconds)
    out = {"scenarios": len(cases), "native_per_s": round(native), "pyodide": inside}
    if "scenarios_per_s" in inside and native:
        out["pyodide_vs_native"] = round(inside["scenarios_per_s"] / native, 3)
    return out
