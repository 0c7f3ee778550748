"""Build scale: `mkdocs build` time for today's rules and for synthetic datasets 10x and 100x larger.

The synthetic bundle (benchmark only, never published) keeps today's 32 regions and adds clones of them as
city-level entries: same facts, channels and sources, a new code (<province 2 digits><4-digit number>), name,
slug and file. Each clone gets its own five guide pages, nav section, search entries, rows in the comparison
and change pages, and the checker's wheel carries the whole bundle - so every per-region cost grows with it.

The guide's schematic tile map has one fixed tile per province (sitegen/pages.py TILES); the build
runner (benchmarks/scale_build.py) gives a clone its province's tile, since the real site has no city tiles.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def synthetic_bundle(bundle: dict, factor: int) -> dict:
    """`bundle` with factor x as many region entries (factor 1: unchanged)."""
    if factor < 1:
        raise ValueError("factor must be >= 1")
    out = copy.deepcopy(bundle)
    clones = []
    for i in range(1, factor):
        for region in bundle["regions"]:
            clone = copy.deepcopy(region)
            code = f"{region['code'][:2]}{i:04d}"
            pinyin = region["slug"].split("-", 1)[1]
            clone.update(code=code, name=f"{region['name']}（合成{i}）", short=f"{region['short']}{i}",
                         slug=f"{code}-{pinyin}{i}", file=f"synthetic/{code}-{pinyin}{i}.toml")
            clones.append(clone)
    out["regions"] = bundle["regions"] + clones
    out["data_version"] = f"{bundle.get('data_version', '')}-x{factor}"
    return out


def compiled_bundle() -> dict:
    """Today's rules, compiled (the same bundle `make build` uses)."""
    sys.path.insert(0, str(ROOT))
    from checker.tools.compile import compile_rules

    return json.loads(compile_rules())


def time_build(bundle_file: Path, dest: Path, snapshot: bool = True) -> float:
    """Seconds for one `mkdocs build` (through benchmarks.scale_build) of this bundle into dest."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    args = [str(dest), str(bundle_file)] + ([] if snapshot else ["--no-snapshot"])
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "benchmarks.scale_build", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"mkdocs build failed for {bundle_file.name}:\n{(proc.stdout + proc.stderr)[-3000:]}")
    return elapsed


def site_stats(site: Path) -> dict:
    pages = list(site.rglob("*.html"))
    index = site / "search" / "search_index.json"
    return {"pages": len(pages), "search_index_bytes": index.stat().st_size if index.exists() else 0,
            "site_bytes": sum(p.stat().st_size for p in site.rglob("*") if p.is_file())}


def prepare_runtime(bundle_file: Path) -> dict:
    """Make the checker's wheel, lock file and memory snapshot for this bundle (cached in .cache/, as the first
    build after a rules change does); timed apart so that the build times below compare like with like."""
    code = ("import json, sys, time; from pathlib import Path; from sitegen import runtime as h, speed as sp; "
            "b = Path(sys.argv[1]).read_bytes(); t = time.perf_counter(); r = h.build_runtime(b); "
            "t1 = time.perf_counter(); s = sp.build_snapshot(r, sp.build_stdlib(r, h.PYODIDE_NPM), h.PYODIDE_NPM); "
            "t2 = time.perf_counter(); "
            "print(json.dumps({'wheel_s': round(t1 - t, 2), 'snapshot_s': round(t2 - t1, 2), "
            "'snapshot_bytes': s.stat().st_size if s else 0}))")
    proc = subprocess.run([sys.executable, "-c", code, str(bundle_file)], cwd=ROOT, capture_output=True, text=True,
                          check=False, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    if proc.returncode != 0:
        raise RuntimeError(f"checker runtime for {bundle_file.name}: {proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def measure(factors: list[int], runs: int, log=print, max_runs_at: dict[int, int] | None = None) -> list[dict]:
    """For each factor: the checker runtime made first (timed apart, cached), then `runs` builds (median).
    max_runs_at caps the runs for big factors (e.g. {100: 1}: one 16,000-page build takes minutes)."""
    base = compiled_bundle()
    rows = []
    with tempfile.TemporaryDirectory(prefix="yb-scale-") as tmp:
        for factor in factors:
            bundle = synthetic_bundle(base, factor)
            bundle_file = Path(tmp) / f"bundle-x{factor}.json"
            bundle_file.write_text(json.dumps(bundle, ensure_ascii=False, sort_keys=True), encoding="utf-8")
            prep = prepare_runtime(bundle_file)
            dest = Path(tmp) / f"site-x{factor}"
            n = min(runs, (max_runs_at or {}).get(factor, runs))
            times = [time_build(bundle_file, dest) for _ in range(max(1, n))]
            row = {"factor": factor, "regions": len(bundle["regions"]), "build_s": round(statistics.median(times), 2),
                   "builds_s": [round(t, 2) for t in times], "runtime_prep": prep, **site_stats(dest)}
            log(f"  build x{factor}: {row['regions']} regions, {row['pages']} pages, {row['build_s']} s "
                f"(runs {row['builds_s']}; checker wheel {prep['wheel_s']} s + snapshot {prep['snapshot_s']} s apart)")
            rows.append(row)
            shutil.rmtree(dest, ignore_errors=True)
    base_row = rows[0]
    for row in rows:
        row["per_page_ms"] = round(1000 * row["build_s"] / row["pages"], 1) if row["pages"] else None
        row["growth_vs_first"] = round(row["build_s"] / base_row["build_s"], 2) if base_row["build_s"] else None
        row["size_vs_first"] = round(row["regions"] / base_row["regions"], 2)
    return rows
