"""What makes the in-page checker start fast, with Pyodide's public options only (`mkdocs build`; serve skips it):

    python_stdlib-<hash>.zip    Pyodide's standard library with the modules the checker imports precompiled by the
                                same Pyodide (make_stdlib.mjs), passed to Pyodide as `stdLibURL`
    snapshot-<hash>.bin         a memory snapshot with the checker imported and its rules loaded (make_snapshot.mjs,
                                Pyodide's `_makeSnapshot` / `_loadSnapshot`), restored and compared answer for answer
                                before it is used; the worker restores it on repeat visits
    *.br, *.gz                  next to the big immutable files, compressed once and harder than nginx does per request

Each is cached in .cache/ by the hash of its inputs. When one cannot be made the site works without it, only slower.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import struct
import subprocess
import tempfile
from pathlib import Path

from sitegen.compress import precompress
from sitegen.runtime import MANIFEST, PYODIDE_NPM, ROOT, content_hash, publish, pyodide_version

HERE = Path(__file__).resolve().parent
SNAPSHOT_CACHE = ROOT / ".cache" / "checker-snapshot"
STDLIB_CACHE = ROOT / ".cache" / "checker-stdlib"
PRECOMPRESSED = ROOT / ".cache" / "pyodide-precompressed"
GLUE = (ROOT / "docs" / "javascripts" / "checker" / "answer_py.js", ROOT / "docs" / "javascripts" / "checker" / "install.js")
PRECOMPRESS_CORE = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "pyodide-lock.json")  # the zip is stored
CORE_BROTLI_QUALITY = 11  # once per Pyodide version
SNAPSHOT_BROTLI_QUALITY = 11  # per rules change; the snapshot is fetched in the background
STDLIB_BROTLI_QUALITY = 11  # per checker code change
log = logging.getLogger("mkdocs.hooks.yibao")


def warmup_scenarios() -> list[object]:
    """Scenarios run before the snapshot is taken: every region and action, plus each kind of bad input, so
    every module the checker imports and the rules bundle are in memory (the snapshot has no files)."""
    from checker import vocab as v
    from checker.regions import REGIONS

    rows: list[object] = []
    for i, region in enumerate(REGIONS):
        for action in v.ACTIONS:
            row = {"action": action, "region": region.code, "date": ("2024-08-01", "2025-06-01")[i % 2],
                   "giver": {"scheme": "employee"}, "purpose": v.PURPOSES[i % len(v.PURPOSES)]}
            if action == "bind":
                row["receiver"] = {"relation": v.RELATIONS[i % len(v.RELATIONS)],
                                   "scheme": v.SCHEMES[i % len(v.SCHEMES)], "age": 30 + i}
            rows.append(row)
    rows += [{"action": "bind", "region": "140000", "giver": {"scheme": "employee"}},
             {"action": "bind", "region": "nowhere", "date": "2025-01-01", "giver": {"scheme": "employee"}},
             {"action": "bind", "region": "140000", "date": "2025-02-30", "giver": {"scheme": "employee"}},
             {"action": "fly", "region": "140000"}, {"action": "query", "region": "140000", "x": 1},
             {"action": "bind", "region": "山西", "giver": {"scheme": "employee"},
              "receiver": {"relation": "sibling", "scheme": "resident", "age": True}},
             ["not", "an", "object"], "text", None]
    return rows


def pyodide_build_id() -> str:
    """The build id Pyodide's loader writes into and checks in a snapshot's header."""
    import re

    found = re.search(r'BUILD_ID:"([0-9a-f]{64})"', (PYODIDE_NPM / "pyodide.mjs").read_text(encoding="utf-8"))
    return found.group(1) if found else ""


def snapshot_build_id(data: bytes) -> str:
    return "".join(f"{word:08x}" for word in struct.unpack_from("<8I", data, 16))


def _warmup_json() -> bytes:
    return json.dumps(warmup_scenarios(), ensure_ascii=False, sort_keys=True).encode()


def _run_node(script: str, args: list[str]) -> None:
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node not found")
    proc = subprocess.run([node, str(HERE / script), *args], capture_output=True, text=True, check=False,
                          timeout=600, cwd=ROOT)
    if proc.returncode != 0:
        raise RuntimeError(f"{script} {args[0]}: {(proc.stdout + proc.stderr)[-600:]}")


def _key(*parts: bytes) -> str:
    digest = hashlib.sha256(pyodide_version().encode())
    for part in parts:
        digest.update(part)
    for path in (HERE / "precompress.mjs", *GLUE):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _cached(out: Path, pattern: str, make, failure: str) -> Path | None:
    """out/<pattern> from an earlier build, else make(work) (which leaves the file matching `pattern`, with its
    .br and .gz, in a scratch folder) moved into `out` atomically. None, with a warning, when make fails."""
    found = min(out.glob(pattern), default=None) if out.is_dir() else None
    if found:
        return found
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        try:
            make(work)
        except (OSError, RuntimeError, subprocess.SubprocessError) as exc:
            log.warning("yibao: %s: %s", failure, exc)
            return None
        publish(out, lambda folder: [shutil.copy2(file, folder / file.name) for file in work.glob(pattern + "*")])
    return min(out.glob(pattern))


def _named_by_content(raw: Path, stem: str, suffix: str, quality: int) -> None:
    final = raw.with_name(f"{stem}-{hashlib.sha256(raw.read_bytes()).hexdigest()[:12]}{suffix}")
    raw.rename(final)
    precompress([final], quality)


def build_stdlib(runtime: Path, core: Path) -> Path | None:
    """python_stdlib-<hash>.zip (+ .br, .gz), or None: the worker then uses Pyodide's own zip."""
    manifest = json.loads((runtime / MANIFEST).read_bytes())
    code = {path: text for path, text in manifest["files"].items() if path.endswith(".py")}  # not the rules
    warmup = _warmup_json()
    key = _key(json.dumps(code, sort_keys=True).encode(), warmup, (HERE / "make_stdlib.mjs").read_bytes())

    def make(work: Path) -> None:
        (work / "warmup.json").write_bytes(warmup)
        _run_node("make_stdlib.mjs", [str(core), str(runtime), str(work / "warmup.json"), str(work / "stdlib.zip")])
        _named_by_content(work / "stdlib.zip", "python_stdlib", ".zip", STDLIB_BROTLI_QUALITY)

    return _cached(STDLIB_CACHE / key, "python_stdlib-*.zip", make,
                   "no precompiled stdlib (the checker starts about 1 s slower)")


def build_snapshot(runtime: Path, stdlib: Path | None, core: Path) -> Path | None:
    """The checker's memory snapshot for this runtime, made with the stdlib zip the worker will restore it with (a
    snapshot holds the zip importer's table of contents); None when it cannot be made."""
    warmup = _warmup_json()
    std = str(stdlib) if stdlib else str(core / "python_stdlib.zip")
    key = _key(content_hash(runtime).encode(), warmup, Path(std).name.encode(),
               (HERE / "make_snapshot.mjs").read_bytes())

    def make(work: Path) -> None:
        (work / "warmup.json").write_bytes(warmup)
        raw, expected = work / "snapshot.bin", work / "expected.json"
        _run_node("make_snapshot.mjs", ["make", str(core), str(runtime), str(work / "warmup.json"), std,
                                        str(raw), str(expected)])
        _run_node("make_snapshot.mjs", ["verify", str(core), str(raw), str(work / "warmup.json"), std,
                                        str(expected)])
        if snapshot_build_id(raw.read_bytes()) != pyodide_build_id():
            raise RuntimeError(f"snapshot build id {snapshot_build_id(raw.read_bytes())} is not Pyodide's "
                               f"{pyodide_build_id()}")
        _named_by_content(raw, "snapshot", ".bin", SNAPSHOT_BROTLI_QUALITY)

    return _cached(SNAPSHOT_CACHE / key, "snapshot-*.bin", make,
                   "no memory snapshot (repeat visits start Pyodide the slow way)")


def precompressed_core(core: Path) -> Path | None:
    """.br/.gz copies of Pyodide's core files, made once per Pyodide version in .cache/."""
    out = PRECOMPRESSED / pyodide_version()
    if all((out / f"{name}.br").exists() and (out / f"{name}.gz").exists() for name in PRECOMPRESS_CORE):
        return out
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        files = [Path(shutil.copy2(core / name, work / name)) for name in PRECOMPRESS_CORE]
        try:
            precompress(files, CORE_BROTLI_QUALITY)
        except (OSError, RuntimeError, subprocess.SubprocessError) as exc:
            log.info("yibao: Pyodide served without precompressed copies: %s", exc)
            return None
        return publish(out, lambda folder: [shutil.copy2(work / (name + suffix), folder / (name + suffix))
                                            for name in PRECOMPRESS_CORE for suffix in (".br", ".gz")])
