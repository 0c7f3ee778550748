"""The in-page checker's files, served by the site itself (never a CDN).

    assets/pyodide/<version>/   Pyodide's core files, exactly as the npm package pinned in package.json ships them
    assets/checker/<hash>/      checker-files.json = RUNTIME_MODULES + the compiled rules bundle, which the worker
                                writes into site-packages (docs/javascripts/checker/install.js); the same package as
                                checker-<version>-py3-none-any.whl, registered in pyodide-lock.json (Pyodide's own lock
                                file + the wheel, by pyodide-build's `pyodide lockfile add-wheels`) for reuse;
                                bundle.json; vocab.json = the form's choices with the engine's Chinese labels

Both folder names change whenever their content does, so they may be cached for a year. The worker installs
checker-files.json rather than the wheel: Pyodide's package loader would import tarfile, email and
importlib.metadata for a few pure-Python files. pyodide-build needs Python >= 3.12, so it runs from its own tool venv
(.venv-pyodide, made by `make setup`).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYODIDE_NPM = ROOT / "node_modules" / "pyodide"
CORE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
PYODIDE_CLI = ROOT / ".venv-pyodide" / "bin" / "pyodide"

# What the browser runs: the checker's runtime modules, one by one (checker/tools/ and sitegen/ are build tools).
# tests/site/test_pyodide_parity.py checks that the checker answers in Pyodide with exactly these.
RUNTIME_MODULES = ("__init__.py", "bundle.py", "claims.py", "engine.py", "errors.py", "messages.py", "paths.py",
                   "regions.py", "scenario.py", "shown.py", "timeline.py", "vocab.py")
MANIFEST = "checker-files.json"
CACHE = ROOT / ".cache" / "checker-runtime"
LAYOUT = b"wheel, lock, bundle, vocab, checker-files"  # in the cache key: a new file, a new cache entry
REPRODUCIBLE_EPOCH = "315532800"  # 1980-01-01: same sources -> same wheel bytes -> same URL


class BuildError(RuntimeError):
    """A step of the runtime build failed; the hook turns it into MkDocs' PluginError."""


def run(args: list[str], **kwargs) -> None:
    proc = subprocess.run(args, check=False, capture_output=True, text=True, **kwargs)
    if proc.returncode != 0:
        raise BuildError(f"{' '.join(args[:4])} … failed:\n{(proc.stdout + proc.stderr)[-2000:]}")


def publish(out: Path, fill) -> Path:
    """Make the .cache/ folder `out` atomically: fill(folder) writes into a fresh folder beside it, which is then
    renamed to `out` (a concurrent build with the same inputs, hence the same bytes, may have won the race)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(dir=out.parent))
    fresh.chmod(0o755)  # mkdtemp makes it private; the web server must read what gets copied from it
    fill(fresh)
    try:
        fresh.rename(out)
    except OSError:
        shutil.rmtree(fresh)
    return out


def pyodide_version() -> str:
    package = PYODIDE_NPM / "package.json"
    if not package.exists():
        raise BuildError("node_modules/pyodide is missing; run `make setup` (npm ci)")
    return json.loads(package.read_text(encoding="utf-8"))["version"]


def core_dir() -> Path:
    """Pyodide's core files as the site serves them: the npm package's own, unchanged."""
    missing = [name for name in CORE_FILES if not (PYODIDE_NPM / name).is_file()]
    if missing:
        raise BuildError(f"node_modules/pyodide lacks {', '.join(missing)}; run `make setup` (npm ci)")
    return PYODIDE_NPM


def stage_package(dest: Path, bundle: bytes) -> None:
    """The checker package as the browser needs it: RUNTIME_MODULES + the compiled bundle."""
    dest.mkdir()
    shutil.copy2(ROOT / "pyproject.toml", dest)
    # A fixed stub, so that editing the project README does not change the wheel's content hash.
    (dest / "README.md").write_text("医保家庭共济 checker: the engine and its compiled rules bundle, for Pyodide.\n",
                                    encoding="utf-8")
    (dest / "checker" / "data").mkdir(parents=True)
    for name in RUNTIME_MODULES:
        shutil.copy2(ROOT / "checker" / name, dest / "checker" / name)
    (dest / "checker" / "data" / "bundle.json").write_bytes(bundle)


def build_runtime(bundle: bytes) -> Path:
    """Build (or reuse from .cache/) the wheel, lock file, vocabulary and file list for this bundle and code."""
    if not PYODIDE_CLI.exists():
        raise BuildError(f"{PYODIDE_CLI} not found; run `make setup` (pyodide-build needs Python >= 3.12)")
    with tempfile.TemporaryDirectory() as tmp:
        stage = Path(tmp) / "src"
        stage_package(stage, bundle)
        key = hashlib.sha256(pyodide_version().encode() + LAYOUT)
        for path in sorted(p for p in stage.rglob("*") if p.is_file()):
            key.update(str(path.relative_to(stage)).encode() + b"\0" + path.read_bytes())
        out = CACHE / key.hexdigest()[:16]
        if out.is_dir():
            return out
        build = Path(tmp) / "out"
        env = {**os.environ, "SOURCE_DATE_EPOCH": REPRODUCIBLE_EPOCH}
        run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(stage), "-w", str(build)], env=env)
        (wheel,) = build.glob("checker-*.whl")
        run([str(PYODIDE_CLI), "lockfile", "add-wheels", "--input", str(PYODIDE_NPM / "pyodide-lock.json"),
             "--output", str(build / "pyodide-lock.json"), "--base-path", str(build), str(wheel)])
        (build / "bundle.json").write_bytes(bundle)
        (build / "vocab.json").write_bytes(form_vocab())
        (build / MANIFEST).write_bytes(checker_files(stage))
        return publish(out, lambda folder: shutil.copytree(build, folder, dirs_exist_ok=True))


def site_packages() -> str:
    """Where Pyodide's Python looks for installed packages: /lib/python3.X/site-packages."""
    lock = json.loads((PYODIDE_NPM / "pyodide-lock.json").read_text(encoding="utf-8"))
    major, minor = lock["info"]["python"].split(".")[:2]
    return f"/lib/python{major}.{minor}/site-packages"


def checker_files(stage: Path) -> bytes:
    """checker-files.json: the staged package's files as text, for docs/javascripts/checker/install.js."""
    files = {}
    for path in sorted(p for p in (stage / "checker").rglob("*") if p.is_file()):
        try:
            files[path.relative_to(stage).as_posix()] = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise BuildError(f"{path.relative_to(stage)}: not UTF-8 text; checker-files.json carries text only")
    return json.dumps({"site_packages": site_packages(), "files": files}, ensure_ascii=False,
                      sort_keys=True, separators=(",", ":")).encode()


def form_vocab() -> bytes:
    """The form's choices and every string the page JavaScript shows from the engine's vocabulary (one place:
    checker/messages.py and checker/vocab.py)."""
    from checker import messages as m
    from checker import vocab as v
    from checker.regions import REGIONS

    def pairs(keys, labels):
        return [[key, labels[key]] for key in keys]

    return json.dumps({
        "regions": [[r.code, r.short] for r in REGIONS],
        "actions": pairs(v.ACTIONS, m.ACTION), "schemes": pairs(v.SCHEMES, m.SCHEME),
        "receiver_schemes": pairs(v.RECEIVER_SCHEMES, m.SCHEME),
        "relations": pairs(v.RELATIONS, m.RELATION), "purposes": pairs(v.PURPOSES, m.PURPOSE),
        "tiers": m.TIER, "text": m.PAGE_TEXT,
    }, ensure_ascii=False, sort_keys=True).encode()


def content_hash(directory: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(directory.iterdir()):
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:12]
