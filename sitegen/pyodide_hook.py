"""MkDocs hook: serve Pyodide and the checker from the site itself (never a CDN) for the in-page checker.

What lands in the built site:

    assets/pyodide/<core id>/   Pyodide's core files from the npm package pinned in package.json, with the
                                measured patches of pyodide_patch.py (the id: version + hash of the served
                                bytes), and python_stdlib-<hash>.zip: its standard library with every module
                                the checker imports precompiled (make_stdlib.mjs; see "Speed" below)
    assets/checker/<hash>/      checker-files.json = the checker package's files (engine + the rules bundle),
                                which the worker writes into site-packages (docs/javascripts/checker/install.js);
                                the same package as checker-<version>-py3-none-any.whl, published for reuse and
                                registered in pyodide-lock.json = Pyodide's own lock file + an entry for the
                                wheel (with its sha256, by `pyodide lockfile add-wheels` from pyodide-build);
                                bundle.json; vocab.json = the form's choices with the engine's Chinese labels

Both paths change whenever their content changes (version, content hash), so they may be cached for a year.
Every page carries <meta> tags naming them; docs/javascripts/checker/bridge.js reads them.

The worker does not install the wheel with Pyodide's package loader: that imports tarfile, email and
importlib.metadata (about 0.15 s of a cold start) for a few pure-Python files. pyodide-build needs Python >=
3.12, so it runs from its own tool venv (.venv-pyodide, made by `make setup`; or set $PYODIDE_CLI).

The bundle is $CHECKER_BUNDLE (a compiled bundle JSON) when set, else the compiled checker/rules.

Speed (the snapshot and the core files' compressed copies: `mkdocs build` only, `mkdocs serve` skips them; set
YB_SNAPSHOT=0 to skip the snapshot in a build):

    assets/checker/<hash>/snapshot-<hash>.bin  a Pyodide memory snapshot with the checker imported and its
                                rules loaded, made here in Node from the exact Pyodide build the site ships
                                (make_snapshot.mjs), restored and compared answer for answer before it is used.
                                The worker restores it on repeat visits when the browser already has it cached
                                (about 0.3 s instead of a 2-3 s interpreter start); a first visit never waits for
                                it: it is fetched in the background after the first answer. Named by content.
    assets/pyodide/<core id>/python_stdlib-<hash>.zip  Pyodide ships its standard library as source, so each
                                start compiled the ~120 modules Python imports (about 1 s of a 1.6 s start in
                                Node). This copy has those as bytecode made by the same Pyodide at build time,
                                what could still be imported as source, and leaves out what cannot be
                                (make_stdlib.mjs); stored uncompressed and sent brotli-compressed as a whole:
                                1.56 MB over the wire against 2.42 MB for Pyodide's own zip.
    *.br, *.gz next to the big immutable files (wasm, the asm.js, lock files, the snapshot, the stdlib zip):
                                compressed once, harder than nginx does per request (brotli_static /
                                gzip_static serve them).

All are cached in .cache/ (the served Pyodide files and their compressed copies per core id, the stdlib zip per
checker code, the snapshot per runtime + glue code).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from sitegen import material_hold, pyodide_patch
from sitegen.pyodide_patch import CORE_FILES, PYODIDE_NPM, ROOT

CACHE = ROOT / ".cache" / "checker-runtime"
REPRODUCIBLE_EPOCH = "315532800"  # 1980-01-01: same sources -> same wheel bytes -> same URL

SNAPSHOT_CACHE = ROOT / ".cache" / "checker-snapshot"
STDLIB_CACHE = ROOT / ".cache" / "checker-stdlib"
# What the browser runs: the checker's runtime modules, listed one by one (checker/tools/ and sitegen/ are build
# tools). tests/test_pyodide_parity.py checks that the checker answers in Pyodide with exactly these.
RUNTIME_MODULES = ("__init__.py", "bundle.py", "engine.py", "errors.py", "messages.py", "paths.py", "regions.py",
                   "scenario.py", "timeline.py", "vocab.py")
MANIFEST = "checker-files.json"  # the checker's files for install.js (the worker does not install the wheel)
RUNTIME_LAYOUT = b"wheel, lock, bundle, vocab, checker-files"  # in the cache key: a new file, a new cache entry
SERVED = ROOT / ".cache" / "pyodide-served"  # <core id>/: the core files as served (pyodide_patch.py)
PRECOMPRESSED = ROOT / ".cache" / "pyodide-precompressed"
HERE = Path(__file__).resolve().parent
ANSWER_PY_JS = ROOT / "docs" / "javascripts" / "checker" / "answer_py.js"
INSTALL_JS = ROOT / "docs" / "javascripts" / "checker" / "install.js"
PRECOMPRESS_CORE = ("pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "pyodide-lock.json")  # not the zip
CORE_BROTLI_QUALITY = 11  # once per Pyodide version (about 40 s for the wasm): 2.13 MB instead of nginx's 2.51 MB
# per rules change: about 30 s for 21 MB -> 2.94 MB (quality 6: 3 s -> 3.52 MB; 10: 19 s -> 3.05 MB). The
# snapshot is downloaded in the background on phone networks; a maintainer's `mkdocs serve` makes none.
SNAPSHOT_BROTLI_QUALITY = 11
STDLIB_BROTLI_QUALITY = 11  # per checker code change (not per rules change): about 10 s, 6.5 MB -> 1.56 MB
log = logging.getLogger("mkdocs.hooks.pyodide")
CHECKER_PAGE = material_hold.CHECKER_PAGE

_runtime: dict[str, Path | str] = {}  # filled on_pre_build: core dir name, runtime dir, its site path
_command: dict[str, str] = {"name": "build"}  # on_startup: "build" | "serve" | "gh-deploy"


def _fail(message: str):
    from mkdocs.exceptions import PluginError

    raise PluginError(f"pyodide_hook: {message}")


def _run(args: list[str], **kwargs) -> None:
    proc = subprocess.run(args, check=False, capture_output=True, text=True, **kwargs)
    if proc.returncode != 0:
        _fail(f"{' '.join(args[:4])} … failed:\n{(proc.stdout + proc.stderr)[-2000:]}")


def _publish(out: Path, fill) -> Path:
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
    try:
        return pyodide_patch.pyodide_version()
    except pyodide_patch.PatchError as exc:
        _fail(str(exc))


def served_core() -> Path:
    """.cache/pyodide-served/<core id>/: Pyodide's core files as the site serves them (npm's, patched by
    pyodide_patch.py), made once per id. The snapshot and stdlib makers run this very copy in Node."""
    try:
        files = pyodide_patch.served_files()
        out = SERVED / pyodide_patch.core_id(files)
    except pyodide_patch.PatchError as exc:
        _fail(str(exc))
    if out.is_dir():
        return out

    def fill(folder: Path) -> None:
        for name, data in files.items():
            (folder / name).write_bytes(data)

    return _publish(out, fill)


def bundle_bytes() -> bytes:
    if os.environ.get("CHECKER_BUNDLE"):
        return Path(os.environ["CHECKER_BUNDLE"]).read_bytes()
    from checker.tools.compile import compile_rules

    return compile_rules()


def _stage_package(dest: Path, bundle: bytes) -> None:
    """The checker package as the browser needs it: RUNTIME_MODULES + the compiled bundle (no rules sources, no
    tools, no site code)."""
    dest.mkdir()
    shutil.copy2(ROOT / "pyproject.toml", dest)
    # A fixed stub, so that editing the project README does not change the wheel's content hash.
    (dest / "README.md").write_text("医保家庭共济 checker: the engine and its compiled rules bundle, for Pyodide.\n",
                                    encoding="utf-8")
    (dest / "checker" / "data").mkdir(parents=True)
    for name in RUNTIME_MODULES:
        shutil.copy2(ROOT / "checker" / name, dest / "checker" / name)
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
        key = hashlib.sha256(pyodide_version().encode() + RUNTIME_LAYOUT)
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
        (build / MANIFEST).write_bytes(checker_files(stage))
        return _publish(out, lambda folder: shutil.copytree(build, folder, dirs_exist_ok=True))


def site_packages() -> str:
    """Where Pyodide's Python looks for installed packages: /lib/python3.X/site-packages."""
    lock = json.loads((PYODIDE_NPM / "pyodide-lock.json").read_text(encoding="utf-8"))
    major, minor = lock["info"]["python"].split(".")[:2]
    return f"/lib/python{major}.{minor}/site-packages"


def checker_files(stage: Path) -> bytes:
    """checker-files.json: the wheel's package files as text, for docs/javascripts/checker/install.js."""
    files = {}
    for path in sorted(p for p in (stage / "checker").rglob("*") if p.is_file()):
        try:
            files[path.relative_to(stage).as_posix()] = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            _fail(f"{path.relative_to(stage)}: not UTF-8 text; checker-files.json carries text files only")
    return json.dumps({"site_packages": site_packages(), "files": files}, ensure_ascii=False,
                      sort_keys=True, separators=(",", ":")).encode()


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


# ---- speed: memory snapshot and precompressed copies ----

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
    found = re.search(r'BUILD_ID:"([0-9a-f]{64})"', (PYODIDE_NPM / "pyodide.mjs").read_text(encoding="utf-8"))
    return found.group(1) if found else ""


def snapshot_build_id(data: bytes) -> str:
    import struct

    return "".join(f"{word:08x}" for word in struct.unpack_from("<8I", data, 16))


def _node() -> str | None:
    return shutil.which("node")


def _warmup_json() -> bytes:
    return json.dumps(warmup_scenarios(), ensure_ascii=False, sort_keys=True).encode()


def _run_node(node: str, script: str, args: list[str]) -> None:
    proc = subprocess.run([node, str(HERE / script), *args], capture_output=True, text=True, check=False,
                          timeout=600, cwd=ROOT)
    if proc.returncode != 0:
        raise RuntimeError(f"{script} {args[0]}: {(proc.stdout + proc.stderr)[-600:]}")


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
            log.warning("pyodide_hook: %s: %s", failure, exc)
            return None
        _publish(out, lambda folder: [shutil.copy2(file, folder / file.name)  # the file and its .br / .gz
                                      for file in work.glob(pattern + "*")])
    return min(out.glob(pattern))


def _named_by_content(raw: Path, stem: str, suffix: str, quality: int) -> None:
    from sitegen.compress import precompress

    final = raw.with_name(f"{stem}-{hashlib.sha256(raw.read_bytes()).hexdigest()[:12]}{suffix}")
    raw.rename(final)
    precompress([final], quality)


def build_stdlib(runtime: Path, core: Path | None = None) -> Path | None:
    """Make (or reuse from .cache/) python_stdlib-<hash>.zip (+ .br, .gz): Pyodide's standard library with what
    the checker imports precompiled (make_stdlib.mjs). None when it cannot be made: the worker then uses
    Pyodide's own zip, only slower to start."""
    node = _node()
    if node is None:
        return None
    core = core or served_core()
    manifest = json.loads((runtime / MANIFEST).read_bytes())
    code = {path: text for path, text in manifest["files"].items() if path.endswith(".py")}  # not the rules
    warmup = _warmup_json()
    key = hashlib.sha256(core.name.encode() + json.dumps(code, sort_keys=True).encode() + warmup
                         + str(STDLIB_BROTLI_QUALITY).encode())
    for path in (HERE / "make_stdlib.mjs", HERE / "precompress.mjs", ANSWER_PY_JS, INSTALL_JS):
        key.update(path.read_bytes())

    def make(work: Path) -> None:
        (work / "warmup.json").write_bytes(warmup)
        _run_node(node, "make_stdlib.mjs", [str(core), str(runtime), str(work / "warmup.json"),
                                            str(work / "stdlib.zip")])
        _named_by_content(work / "stdlib.zip", "python_stdlib", ".zip", STDLIB_BROTLI_QUALITY)

    return _cached(STDLIB_CACHE / key.hexdigest()[:16], "python_stdlib-*.zip", make,
                   "no precompiled stdlib (the checker starts about 1 s slower)")


def build_snapshot(runtime: Path, stdlib: Path | None, core: Path | None = None) -> Path | None:
    """Make (or reuse from .cache/) the checker's memory snapshot for this runtime; None when it cannot be made
    (the site then simply boots Pyodide the ordinary way on every visit). Made with the stdlib zip the worker
    will restore it with (a snapshot holds the zip importer's table of contents)."""
    node = _node()
    if node is None or os.environ.get("YB_SNAPSHOT") == "0":
        return None
    core = core or served_core()
    warmup = _warmup_json()
    std = str(stdlib) if stdlib else str(core / "python_stdlib.zip")
    key = hashlib.sha256(core.name.encode() + content_hash(runtime).encode() + warmup
                         + Path(std).name.encode() + str(SNAPSHOT_BROTLI_QUALITY).encode())
    for path in (HERE / "make_snapshot.mjs", HERE / "precompress.mjs", ANSWER_PY_JS, INSTALL_JS):
        key.update(path.read_bytes())

    def make(work: Path) -> None:
        (work / "warmup.json").write_bytes(warmup)
        raw, expected = work / "snapshot.bin", work / "expected.json"
        _run_node(node, "make_snapshot.mjs", ["make", str(core), str(runtime), str(work / "warmup.json"), std,
                                              str(raw), str(expected)])
        _run_node(node, "make_snapshot.mjs", ["verify", str(core), str(raw), str(work / "warmup.json"), std,
                                              str(expected)])
        if snapshot_build_id(raw.read_bytes()) != pyodide_build_id():
            raise RuntimeError(f"snapshot build id {snapshot_build_id(raw.read_bytes())} is not Pyodide's "
                               f"{pyodide_build_id()}")
        _named_by_content(raw, "snapshot", ".bin", SNAPSHOT_BROTLI_QUALITY)

    return _cached(SNAPSHOT_CACHE / key.hexdigest()[:16], "snapshot-*.bin", make,
                   "no memory snapshot (repeat visits boot Pyodide the slow way)")


def precompressed_core(core: Path) -> Path | None:
    """.br/.gz copies of the served core files (served_core()), made once per core id in .cache/."""
    out = PRECOMPRESSED / core.name
    if all((out / f"{name}.br").exists() and (out / f"{name}.gz").exists() for name in PRECOMPRESS_CORE):
        return out
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        files = [Path(shutil.copy2(core / name, work / name)) for name in PRECOMPRESS_CORE]
        try:
            from sitegen.compress import precompress

            precompress(files, CORE_BROTLI_QUALITY)
        except (OSError, RuntimeError, subprocess.SubprocessError) as exc:
            log.info("pyodide_hook: Pyodide served without precompressed copies: %s", exc)
            return None
        return _publish(out, lambda folder: [shutil.copy2(work / (name + suffix), folder / (name + suffix))
                                             for name in PRECOMPRESS_CORE for suffix in (".br", ".gz")])


# ---- MkDocs events ----

def on_startup(command: str, dirty: bool) -> None:
    _command["name"] = command


def on_pre_build(config) -> None:
    runtime = build_runtime(bundle_bytes())
    path = f"assets/checker/{content_hash(runtime)}/"
    core = served_core()
    stdlib = build_stdlib(runtime, core)
    snapshot = build_snapshot(runtime, stdlib, core) if _command["name"] != "serve" else None
    vocab = (runtime / "vocab.json").read_text(encoding="utf-8").replace("</", "<\\/")  # inline in <script>
    _runtime.update(core=f"assets/pyodide/{core.name}/", served=core, dir=runtime, path=path,
                    snapshot=snapshot or "", stdlib=stdlib or "", vocab=vocab)


def on_post_page(output: str, page, config) -> str:
    paths = {"core": _runtime["core"], "checker": _runtime["path"],
             "snapshot": f'{_runtime["path"]}{Path(_runtime["snapshot"]).name}' if _runtime.get("snapshot") else None,
             "stdlib": f'{_runtime["core"]}{Path(_runtime["stdlib"]).name}' if _runtime.get("stdlib") else None}
    meta = "".join(f'<meta name="yb-{name}" content="{value}">' for name, value in
                   (("pyodide", paths["core"]), ("checker", paths["checker"]), ("snapshot", paths["snapshot"]),
                    ("stdlib", paths["stdlib"])) if value)
    # A page with a checker form carries its choices (vocab.json's content, 1.5 KB): the form and a shared link's
    # answer need not wait for a request while the page's other scripts hold the main thread (runtime.js).
    if 'class="yb-checker' in output:
        meta += f'<script type="application/json" id="yb-vocab">{_runtime["vocab"]}</script>'
    output = output.replace("</head>", meta + "</head>", 1)
    # The checker page opened from a shared link needs Pyodide at once: a small inline script first in <head>
    # (before the stylesheets, which would hold it back) starts the worker, what runtime.js would do only after
    # Material's bundle, and keeps its messages until runtime.js adopts it. Inline scripts are allowed by hash
    # (nginx_conf.py).
    if page.file.src_uri != CHECKER_PAGE or "<head>" not in output:
        return output
    return output.replace("<head>", "<head>" + early_worker_script(page.url, paths), 1)


def early_worker_script(page_url: str, paths: dict[str, str | None]) -> str:
    """The inline <script> that starts the checker's worker for a shared link (see runtime.js start()).

    It also holds Material's bundle until the first answer is on screen (material_hold.SHARED_LINK): its run and
    start-up (100-150 ms of the page's main thread here, 250-300 ms at a phone's CPU speed) competed with
    Pyodide's start for the CPU: a repeat visit's first answer 961 -> 876 ms without it (median of 10,
    interleaved A/B)."""
    up = "../" * len([part for part in page_url.split("/") if part])  # directory URLs: checker/ -> ../
    snapshot = f'new URL("{paths["snapshot"]}",r).href' if paths.get("snapshot") else "null"
    stdlib = f'new URL("{paths["stdlib"]}",r).href' if paths.get("stdlib") else "null"
    return ("<script>(function(){var q=new URLSearchParams(location.search);"
            'if(!q.has("v")||typeof Worker!=="function"||typeof WebAssembly!=="object")return;'
            f'var r=new URL("{up}",location.href);'
            f'try{{var m={{type:"init",core:new URL("{paths["core"]}",r).href,'
            f'runtime:new URL("{paths["checker"]}",r).href,snapshot:{snapshot},stdlib:{stdlib}}};'
            # the init message also as the worker's name: it boots without waiting for this thread (worker.js)
            'var b=[],w=new Worker(new URL("javascripts/checker/worker.js",r),{type:"module",name:JSON.stringify(m)});'
            "w.onmessage=function(e){b.push(e.data)};"
            'w.onerror=function(e){e.preventDefault();b.push({type:"failed",message:"浏览器无法启动后台线程"})};'
            "w.postMessage(m);"
            "window.__ybEarlyWorker={worker:w,messages:b};"
            # what runtime.js sets once it adopts the worker; yb-ui.js holds other CPU work back meanwhile
            'document.documentElement.setAttribute("data-yb-checker","loading")}catch(e){return}'
            + material_hold.SHARED_LINK + "})();</script>")


def on_post_build(config) -> None:
    site = Path(config["site_dir"])
    core = site / str(_runtime["core"])
    core.mkdir(parents=True, exist_ok=True)
    for name in CORE_FILES:
        shutil.copy2(Path(_runtime["served"]) / name, core / name)
    shutil.copytree(_runtime["dir"], site / str(_runtime["path"]), dirs_exist_ok=True)
    for made, folder in ((_runtime.get("snapshot"), site / str(_runtime["path"])), (_runtime.get("stdlib"), core)):
        if made:
            for file in Path(made).parent.glob(Path(made).name + "*"):  # the file and its .br / .gz
                shutil.copy2(file, folder / file.name)
    if _command["name"] != "serve" and (packed := precompressed_core(Path(_runtime["served"]))):
        for file in packed.iterdir():
            shutil.copy2(file, core / file.name)
