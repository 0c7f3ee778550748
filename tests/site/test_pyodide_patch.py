"""Pyodide as the site serves it (sitegen/pyodide_patch.py): the npm package's files with measured patches.

Checked here: each patch applies to the pinned package exactly once and changes nothing else; a patch whose text
is gone stops the build with a message naming the file and the patch; the patched Pyodide makes no shared
WebAssembly memory while it starts (npm's does: the control), and still starts and answers; the built site serves
the patched files under a folder named by their content."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from sitegen import pyodide_hook, pyodide_patch
from sitegen.pyodide_patch import CORE_FILES, PATCHES, PYODIDE_NPM, Patch, PatchError, apply_patches

ROOT = Path(__file__).resolve().parents[2]


def test_each_patch_applies_once_and_changes_only_its_text():
    for name in CORE_FILES:
        original = (PYODIDE_NPM / name).read_bytes()
        served = apply_patches(name, original)
        mine = [p for p in PATCHES if p.file == name]
        if not mine:
            assert served == original, f"{name} is served as npm ships it"
            continue
        text = original.decode()
        for patch in mine:
            assert text.count(patch.old) == 1 and patch.old != patch.new
            text = text.replace(patch.old, patch.new)
        assert served.decode() == text
        assert all(p.new in served.decode() for p in mine)


@pytest.mark.parametrize("old", ["this text is not in Pyodide", ";"])  # absent, and present many times
def test_a_patch_that_no_longer_fits_stops_the_build_with_its_name(old):
    patch = Patch(file="pyodide.asm.js", old=old, new="x", why="a test patch")
    with pytest.raises(PatchError, match=r"pyodide\.asm\.js: the text of the patch 'a test patch' occurs \d+ times, "
                                         r"not once .*pyodide_patch\.py"):
        apply_patches("pyodide.asm.js", (PYODIDE_NPM / "pyodide.asm.js").read_bytes(), (patch,))


def test_the_core_id_names_the_served_bytes():
    served = pyodide_patch.served_files()
    npm = {name: (PYODIDE_NPM / name).read_bytes() for name in CORE_FILES}
    version = json.loads((PYODIDE_NPM / "package.json").read_text(encoding="utf-8"))["version"]
    assert pyodide_patch.core_id(served).startswith(version + "-")
    assert pyodide_patch.core_id(served) != pyodide_patch.core_id(npm), "a patch gets a new URL, never the old one"
    assert pyodide_patch.core_id(served) == pyodide_patch.core_id(pyodide_patch.served_files()), "deterministic"


def test_the_site_serves_the_patched_files(built_site):
    (core,) = (p.parent for p in Path(built_site).glob("assets/pyodide/*/pyodide.mjs"))
    served = pyodide_patch.served_files()
    assert core.name == pyodide_patch.core_id(served)
    for name in CORE_FILES:
        assert hashlib.sha256((core / name).read_bytes()).digest() == hashlib.sha256(served[name]).digest(), name
    html = (Path(built_site) / "checker" / "index.html").read_text(encoding="utf-8")
    assert f'content="assets/pyodide/{core.name}/"' in html


# What Pyodide's start makes (in Node: the same JavaScript the browser runs): shared WebAssembly memories and
# compiled WebAssembly modules; then whether it answers.
START_COUNTS = """
const [dir] = process.argv.slice(1);
const { Memory, Module, Global } = WebAssembly;
let shared = 0, modules = 0, globals = 0;
WebAssembly.Memory = function (descriptor) {
  if (descriptor?.shared) shared++;
  return new Memory(descriptor);
};
WebAssembly.Memory.prototype = Memory.prototype;
WebAssembly.Module = function (bytes) {
  modules++;
  return new Module(bytes);
};
Object.assign(WebAssembly.Module, { imports: Module.imports, exports: Module.exports,
                                    customSections: Module.customSections, prototype: Module.prototype });
WebAssembly.Global = function (...args) {
  globals++;
  return new Global(...args);
};
WebAssembly.Global.prototype = Global.prototype;
const { loadPyodide } = await import(dir + "/pyodide.mjs");
const pyodide = await loadPyodide({ indexURL: dir + "/", stdout: () => {}, stderr: () => {} });
const table = pyodide.runPython("import json; json.dumps(sorted({3: 'c', 1: 'a'}.items()))");
// The dynamic linker's state after the start: its offset table (symbol -> address or function-table slot, as the
// i32 the wasm sees) and the function table's length: a patch must leave both exactly as they were.
const { GOT, wasmTable } = pyodide._module;
const got = Object.entries(GOT).map(([name, entry]) => [name, entry.value | 0, entry instanceof Global, Boolean(entry.required)]);
console.log(JSON.stringify({ shared, modules, globals, answer: pyodide.runPython("6 * 7"), table,
                             got: got.sort(), tableLength: wasmTable.length }));
"""


def start_counts(core: Path) -> dict:
    if shutil.which("node") is None:
        pytest.fail("needs Node.js: run `make setup`")
    proc = subprocess.run(["node", "--input-type=module", "-e", START_COUNTS, str(core)], capture_output=True,
                          text=True, timeout=120, check=True, cwd=ROOT)
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def counts() -> dict[str, dict]:
    return {"npm": start_counts(PYODIDE_NPM.resolve()), "served": start_counts(pyodide_hook.served_core().resolve())}


def test_the_patched_pyodide_starts_without_a_shared_memory(counts):
    """Chromium reports a shared memory on a page that is not cross-origin isolated with the JavaScript stack, and
    V8 parses Pyodide's 1 MB module factory again for it (80-95 ms of a repeat visit). npm's Pyodide makes one."""
    assert counts["npm"]["shared"] == 1, "control: npm's Pyodide"
    assert counts["served"]["shared"] == 0


def test_the_patched_pyodide_compiles_a_wrapper_module_per_signature_not_per_function(counts):
    assert counts["npm"]["modules"] > 200, "control: npm's Pyodide compiles one per function (261 in 0.29.5)"
    assert counts["served"]["modules"] <= counts["npm"]["modules"] // 4  # 54 in 0.29.5


def test_the_patched_pyodide_makes_no_offset_table_global_that_nothing_imports(counts):
    """The linker's offset table: npm's Pyodide makes a WebAssembly.Global for each of the main module's exports;
    the served one a plain cell, made a Global only where a module's instantiation imports it. Same entries,
    same values, same function table, and the imported ones are Globals in both."""
    npm, served = counts["npm"], counts["served"]
    assert npm["globals"] > 9000, "control: npm's Pyodide (9,992 in 0.29.5; 286 served)"
    assert served["globals"] <= npm["globals"] // 10
    def entries(start):  # name, value, required
        return [(name, value, required) for name, value, _, required in start["got"]]
    assert entries(served) == entries(npm)
    assert served["tableLength"] == npm["tableLength"]
    assert all(is_global for _, _, is_global, required in served["got"] if required), \
        "what the main module imports (marked required) is a WebAssembly.Global, as before"


def test_the_patched_pyodide_still_answers(counts):
    assert counts["served"]["answer"] == counts["npm"]["answer"] == 42
    assert counts["served"]["table"] == counts["npm"]["table"] == '[[1, "a"], [3, "c"]]'
