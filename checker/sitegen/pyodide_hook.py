"""MkDocs hook: serve Pyodide and the checker from the site itself (never a CDN) for the in-page checker.

What lands in the built site:

    assets/pyodide/<version>/   Pyodide's core files, copied from the npm package pinned in package.json
    assets/checker/<hash>/      checker-<version>-py3-none-any.whl (the rules bundle inside), bundle.json,
                                pyodide-lock.json = Pyodide's own lock file + an entry for the wheel, and
                                vocab.json = the form's choices with the engine's Chinese labels

Both paths change whenever their content changes (version, content hash), so they may be cached for a year.
Every page carries two <meta> tags naming them; docs/javascripts/checker/bridge.js reads them.

Why the wheel is registered in a lock file (`pyodide lockfile add-wheels`, from pyodide-build) instead of
being loaded by URL: Pyodide then checks the wheel's sha256 and can fetch it by name during boot
(`loadPyodide({packages: ["checker"]})`), in parallel with the interpreter start. pyodide-build needs
Python >= 3.12, so it runs from its own tool venv (.venv-pyodide, made by `make setup`; or set $PYODIDE_CLI).

The bundle is $CHECKER_BUNDLE (a compiled bundle JSON) when set, else the compiled checker/rules.
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

ROOT = Path(__file__).resolve().parents[2]
PYODIDE_NPM = ROOT / "node_modules" / "pyodide"
CORE_FILES = ("pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
CACHE = ROOT / ".cache" / "checker-runtime"
REPRODUCIBLE_EPOCH = "315532800"  # 1980-01-01: same sources -> same wheel bytes -> same URL

_runtime: dict[str, Path | str] = {}  # filled on_pre_build: core dir name, runtime dir, its site path


def _fail(message: str):
    from mkdocs.exceptions import PluginError

    raise PluginError(f"pyodide_hook: {message}")


def _run(args: list[str], **kwargs) -> None:
    proc = subprocess.run(args, check=False, capture_output=True, text=True, **kwargs)
    if proc.returncode != 0:
        _fail(f"{' '.join(args[:4])} … failed:\n{(proc.stdout + proc.stderr)[-2000:]}")


def pyodide_version() -> str:
    if not (PYODIDE_NPM / "package.json").exists():
        _fail("node_modules/pyodide is missing; run `make setup` (npm ci)")
    return json.loads((PYODIDE_NPM / "package.json").read_text(encoding="utf-8"))["version"]


def bundle_bytes() -> bytes:
    if os.environ.get("CHECKER_BUNDLE"):
        return Path(os.environ["CHECKER_BUNDLE"]).read_bytes()
    from checker.compile import compile_rules

    return compile_rules()


def _stage_package(dest: Path, bundle: bytes) -> None:
    """The checker package as the browser needs it: engine + compiled bundle (no rules sources, no site code)."""
    dest.mkdir()
    shutil.copy2(ROOT / "pyproject.toml", dest)
    shutil.copy2(ROOT / "README.md", dest)
    skip = shutil.ignore_patterns("__pycache__", "rules", "sitegen", "data", "*.egg-info")
    shutil.copytree(ROOT / "checker", dest / "checker", ignore=skip)
    (dest / "checker" / "data").mkdir()
    (dest / "checker" / "data" / "bundle.json").write_bytes(bundle)


def _pyodide_cli() -> str:
    cli = os.environ.get("PYODIDE_CLI") or str(ROOT / ".venv-pyodide" / "bin" / "pyodide")
    if not Path(cli).exists():
        _fail(f"{cli} not found; run `make setup` (pyodide-build needs Python >= 3.12)")
    return cli


def build_runtime(bundle: bytes) -> Path:
    """Build (or reuse from .cache/) the wheel + lock file for this bundle and these sources; return the dir."""
    with tempfile.TemporaryDirectory() as tmp:
        stage = Path(tmp) / "src"
        _stage_package(stage, bundle)
        key = hashlib.sha256(pyodide_version().encode())
        for path in sorted(p for p in stage.rglob("*") if p.is_file()):
            key.update(str(path.relative_to(stage)).encode() + b"\0" + path.read_bytes())
        out = CACHE / key.hexdigest()[:16]
        if out.is_dir():
            return out
        build = Path(tmp) / "out"
        env = {**os.environ, "SOURCE_DATE_EPOCH": REPRODUCIBLE_EPOCH}
        _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(stage), "-w", str(build)], env=env)
        (wheel,) = build.glob("checker-*.whl")
        _run([_pyodide_cli(), "lockfile", "add-wheels", "--input", str(PYODIDE_NPM / "pyodide-lock.json"),
              "--output", str(build / "pyodide-lock.json"), "--base-path", str(build), str(wheel)])
        (build / "bundle.json").write_bytes(bundle)
        (build / "vocab.json").write_bytes(form_vocab())
        CACHE.mkdir(parents=True, exist_ok=True)
        fresh = Path(tempfile.mkdtemp(dir=CACHE))
        fresh.chmod(0o755)  # mkdtemp makes it private; the web server must read what gets copied from it
        shutil.copytree(build, fresh, dirs_exist_ok=True)
        try:
            fresh.rename(out)  # atomic: a concurrent build (same inputs, same bytes) may have won the race
        except OSError:
            shutil.rmtree(fresh)
    return out


def form_vocab() -> bytes:
    """The form's choices and their Chinese labels, taken from the engine's own vocabulary (one place)."""
    from checker import messages as m
    from checker import vocab as v
    from checker.regions import REGIONS

    def pairs(keys, labels):
        return [[key, labels[key]] for key in keys]

    return json.dumps({
        "regions": [[r.code, r.short] for r in REGIONS],
        "actions": pairs(v.ACTIONS, m.ACTION), "schemes": pairs(v.SCHEMES, m.SCHEME),
        "relations": pairs(v.RELATIONS, m.RELATION), "purposes": pairs(v.PURPOSES, m.PURPOSE),
        "tiers": m.TIER,
    }, ensure_ascii=False, sort_keys=True).encode()


def content_hash(directory: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(directory.iterdir()):
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:12]


# ---- MkDocs events ----

def on_pre_build(config) -> None:
    runtime = build_runtime(bundle_bytes())
    _runtime.update(core=f"assets/pyodide/{pyodide_version()}/", dir=runtime,
                    path=f"assets/checker/{content_hash(runtime)}/")


def on_post_page(output: str, page, config) -> str:
    meta = (f'<meta name="yb-pyodide" content="{_runtime["core"]}">'
            f'<meta name="yb-checker" content="{_runtime["path"]}">')
    return output.replace("</head>", meta + "</head>", 1)


def on_post_build(config) -> None:
    site = Path(config["site_dir"])
    core = site / str(_runtime["core"])
    core.mkdir(parents=True, exist_ok=True)
    for name in CORE_FILES:
        shutil.copy2(PYODIDE_NPM / name, core / name)
    shutil.copytree(_runtime["dir"], site / str(_runtime["path"]), dirs_exist_ok=True)
