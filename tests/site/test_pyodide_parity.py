"""Parity: the checker inside real Pyodide (the npm package the site ships, run by Node.js) gives results
IDENTICAL to native CPython, for the golden table and for bad input.

The wheel and lock file are built by the site's own build code (sitegen/runtime.py), from the same
bundle the native side reads (the compiled checker/rules), so this also tests
what the browser gets. One Pyodide boot runs every scenario.
"""

from __future__ import annotations

import ast
import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest

import checker
from conftest import golden_rows
from checker.tools.compile import compile_rules
from sitegen import runtime as pyodide_runtime
from sitegen import speed

TESTS = Path(__file__).parent
ROOT = TESTS.parents[1]

# Our own rows: every action, error paths (CheckError must cross the boundary unchanged), odd input.
OWN_SCENARIOS: list[object] = [
    {"action": "bind", "region": "140000", "date": "2025-01-01", "giver": {"scheme": "employee"},
     "receiver": {"relation": "sibling", "scheme": "resident"}},
    {"action": "bind", "region": "山西", "date": "2024-08-01", "giver": {"scheme": "employee"},
     "receiver": {"relation": "sibling", "scheme": "resident", "age": 12}},
    {"action": "bind", "region": "shanxi", "date": "2025-01-01", "giver": {"scheme": "employee"},
     "receiver": {"relation": "parent_in_law", "scheme": "resident"}},
    {"action": "bind", "region": "140000", "date": "2025-06-01", "giver": {"scheme": "employee"},
     "receiver": {"relation": "child", "scheme": "none"}, "purpose": "premium"},
    {"action": "bind", "region": "140000", "date": "2025-06-01", "giver": {"scheme": "employee"},
     "receiver": {"relation": "spouse", "scheme": "employee", "region": "500000"}},
    {"action": "unbind", "region": "140000", "date": "2025-06-01", "giver": {"scheme": "employee"}},
    {"action": "query", "region": "660000", "date": "2025-06-01", "giver": {"scheme": "employee"}},
    {"action": "restore", "region": "110000", "date": "2030-01-01", "giver": {"scheme": "resident"}},
    {"action": "bind", "region": "140000", "giver": {"scheme": "employee"}},  # receiver missing
    {"action": "bind", "region": "atlantis", "date": "2025-01-01", "giver": {"scheme": "employee"}},
    {"action": "bind", "region": "140000", "date": "2025-02-30", "giver": {"scheme": "employee"}},
    {"action": "bind", "region": "140000", "date": "2025-01-01", "giver": {"scheme": "employee"},
     "receiver": {"relation": "sibling", "scheme": "resident", "age": 1.0}},
    {"action": "bind", "region": "140000", "date": "2025-01-01", "giver": {"scheme": "employee"},
     "receiver": {"relation": "sibling", "scheme": "resident", "age": True}},
    {"action": "bind", "region": "140000", "date": "2025-01-01", "giver": {"scheme": "employee"}, "<script>": 1},
    {"action": "fly", "region": "140000", "date": "2025-01-01", "giver": {"scheme": "employee"}},
    ["not", "an", "object"],
    "text",
    None,
]


def scenarios() -> list[object]:
    rows = golden_rows()
    return [row["scenario"] for row in rows] + OWN_SCENARIOS


def native(bundle: dict, scenario: object) -> dict:
    try:
        result = checker.check(scenario, bundle=bundle)
    except checker.CheckError as exc:
        result = exc.to_dict()
    return json.loads(json.dumps(result, ensure_ascii=False))  # what the browser receives: JSON types


@pytest.fixture(scope="module")
def pyodide_answers(tmp_path_factory):
    node = shutil.which("node")
    if node is None or not (pyodide_runtime.PYODIDE_NPM / "pyodide.mjs").exists():
        pytest.fail("needs Node.js and node_modules/pyodide: run `make setup`")
    bundle_bytes = compile_rules()
    runtime = pyodide_runtime.build_runtime(bundle_bytes)
    stdlib = speed.build_stdlib(runtime, pyodide_runtime.PYODIDE_NPM)
    assert stdlib is not None, "the precompiled stdlib could not be made (see the warning above)"
    work = tmp_path_factory.mktemp("parity")
    cases = scenarios()
    (work / "in.jsonl").write_text("\n".join(json.dumps(s, ensure_ascii=False) for s in cases) + "\n", encoding="utf-8")
    proc = subprocess.run([node, str(TESTS / "pyodide_runner.mjs"), str(runtime), str(stdlib), str(work / "in.jsonl"),
                           str(work / "out.jsonl")], check=True, timeout=300, cwd=ROOT, capture_output=True, text=True)
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    answers = [json.loads(line) for line in (work / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(answers) == len(cases)
    return json.loads(bundle_bytes), cases, answers, report


def test_same_answers_as_native(pyodide_answers):
    bundle, cases, answers, _ = pyodide_answers
    mismatches = [(i, case) for i, (case, answer) in enumerate(zip(cases, answers)) if answer != native(bundle, case)]
    assert not mismatches, f"{len(mismatches)} scenario(s) differ in Pyodide, first: {mismatches[0]}"


def test_the_table_is_real(pyodide_answers):
    """Guard against a vacuous pass: real verdicts and real errors both came back from Pyodide."""
    _, _, answers, _ = pyodide_answers
    verdicts = {a["verdict"] for a in answers if "verdict" in a}
    errors = {a["error"]["code"] for a in answers if "error" in a}
    assert {"yes", "no"} <= verdicts
    assert {"missing_field", "unknown_region", "invalid_date", "invalid_value", "unknown_field"} <= errors


def test_wheel_carries_the_bundle():
    import zipfile

    runtime = pyodide_runtime.build_runtime(compile_rules())
    (wheel,) = runtime.glob("checker-*-py3-none-any.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        assert zf.read("checker/data/bundle.json") == compile_rules()
    assert not any(n.startswith(("checker/rules/", "sitegen/")) for n in names)
    lock = json.loads((runtime / "pyodide-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["checker"]["file_name"] == wheel.name


def test_checker_files_are_the_wheels_package():
    """The worker installs checker-files.json (install.js), not the wheel: both carry the same files."""
    import zipfile

    runtime = pyodide_runtime.build_runtime(compile_rules())
    manifest = json.loads((runtime / pyodide_runtime.MANIFEST).read_text(encoding="utf-8"))
    (wheel,) = runtime.glob("checker-*-py3-none-any.whl")
    with zipfile.ZipFile(wheel) as zf:
        package = {n: zf.read(n).decode("utf-8") for n in zf.namelist() if n.startswith("checker/")}
    assert manifest["files"] == package
    assert manifest["site_packages"] == "/lib/python3.14/site-packages"  # Pyodide 314's Python


def test_the_browser_gets_exactly_the_runtime_modules(pyodide_answers):
    """What is sent to the browser is the explicit list sitegen/runtime.py RUNTIME_MODULES (+ the bundle), and the
    checker answers every scenario in Pyodide with those alone: no tool (checker/tools) or site code goes along."""
    *_, report = pyodide_answers
    assert report["checker_files"] == sorted([*pyodide_runtime.RUNTIME_MODULES, "data/bundle.json"])
    loaded = {name.removeprefix("checker.") for name in report["checker_modules"]} - {"checker"}
    assert loaded <= {name.removesuffix(".py") for name in pyodide_runtime.RUNTIME_MODULES}
    assert {"engine", "scenario", "timeline", "messages", "vocab"} <= loaded


def test_answering_compiles_no_stdlib_module(pyodide_answers):
    """Every standard-library module the checker needs comes precompiled in the site's stdlib zip (with
    Pyodide's own zip, about 120 modules are compiled from source at each start)."""
    *_, report = pyodide_answers
    assert report["stdlib_from_source"] == []


def stdlib_modules_the_checker_imports(runtime: Path) -> set[str]:
    """Every module named in an import statement of the checker files the browser installs (checker-files.json),
    anywhere in their code, found here independently of the build's modulefinder closure."""
    manifest = json.loads((runtime / pyodide_runtime.MANIFEST).read_text(encoding="utf-8"))
    names: set[str] = set()
    for path, text in manifest["files"].items():
        if not path.endswith(".py"):
            continue
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Import):
                names |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return {name for name in names if name.split(".")[0] != "checker"}


def test_stdlib_zip_is_pyodides_trimmed_with_bytecode_for_what_is_imported():
    """The site's stdlib zip is Pyodide's own with the imported modules as bytecode and what nothing can import
    left out; every module the checker's code imports is in it, and all of Pyodide's own packages."""
    import zipfile

    runtime = pyodide_runtime.build_runtime(compile_rules())
    ours = speed.build_stdlib(runtime, pyodide_runtime.PYODIDE_NPM)
    assert ours is not None
    with zipfile.ZipFile(pyodide_runtime.PYODIDE_NPM / "python_stdlib.zip") as stock, zipfile.ZipFile(ours) as zf:
        original = {i.filename: stock.read(i) for i in stock.infolist()}
        copied = {i.filename: zf.read(i) for i in zf.infolist()}
        assert all(i.compress_type == zipfile.ZIP_STORED for i in zf.infolist())  # the server compresses it whole
    compiled = {name for name in copied if name.endswith(".pyc")}
    assert 50 < len(compiled) < len(original) / 2
    for name, data in copied.items():
        if name in compiled:
            assert name[:-1] in original, name
            header = data[:8]  # Pyodide's CPython's magic number (3.14: 3627), then "hash-based, unchecked"
            assert header == (3627).to_bytes(2, "little") + b"\r\n" + (1).to_bytes(4, "little"), name
        else:
            assert data == original[name], name

    def present(module: str) -> bool:
        path = module.replace(".", "/")
        return any(f"{path}{end}" in copied for end in (".py", ".pyc", "/__init__.py", "/__init__.pyc"))

    in_stock = {m for m in stdlib_modules_the_checker_imports(runtime)
                if any(f"{m.replace('.', '/')}{end}" in original for end in (".py", "/__init__.py"))}
    assert {"json", "dataclasses", "datetime"} <= in_stock  # the scan sees the checker's imports
    assert [m for m in sorted(in_stock) if not present(m)] == []
    assert all(name in copied or name + "c" in copied for name in original if name.startswith(("pyodide/", "_pyodide/")))
    for codec in ("utf_8", "ascii", "latin_1", "utf_16", "gbk", "gb18030", "big5"):
        assert present(f"encodings.{codec}"), codec
    # left out: what nothing reachable imports, and the single-byte code page tables
    assert not present("xml.dom.minidom") and not present("wsgiref") and not present("encodings.cp1252")
    assert len(copied) < len(original) and sum(map(len, copied.values())) < 0.8 * sum(map(len, original.values()))
    assert ours.name == f"python_stdlib-{hashlib.sha256(ours.read_bytes()).hexdigest()[:12]}.zip"
    assert (ours.parent / (ours.name + ".br")).stat().st_size < (pyodide_runtime.PYODIDE_NPM / "python_stdlib.zip").stat().st_size
