"""`python -m benchmarks` (or `make bench`): build the site, serve it with the production nginx configuration on
127.0.0.1, measure, print the tables; a full run writes benchmarks/results/latest.json (the only file kept there:
its history is git's; `python -m benchmarks.report --readme` then shows it in benchmarks/README.md), a partial one
a dated copy in the temporary folder.

    python -m benchmarks                 the full run (about 15-25 minutes on 2 cores; the x100 build alone is long)
    python -m benchmarks --quick         1 run of each timing, no CPU throttling, 1 Lighthouse run, builds x1 and
                                         x10 only, 1 s engine loop: a few minutes, for iterating
    python -m benchmarks --only checker,bytes --runs 5 --site site --no-build
                                         parts: checker cpu bytes lighthouse build engine

Not part of `make test`: nothing here asserts a time. tests/test_bench_smoke.py keeps the code importable.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from . import report
from .bare import write_bare_page
from .server import Nginx, ensure_readable

ROOT = Path(__file__).resolve().parents[1]
PARTS = ("checker", "cpu", "bytes", "slownet", "lighthouse", "build", "engine")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _version(args: list[str]) -> str:
    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=30, check=False).stdout.strip()
    except OSError:
        return "?"


def machine() -> dict:
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = "?"
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal"):
            mem = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    pyodide = json.loads((ROOT / "node_modules" / "pyodide" / "package.json").read_text())["version"]
    lighthouse = ROOT / "node_modules" / "lighthouse" / "package.json"
    return {"cpu": cpu, "cores": os.cpu_count(), "memory": mem, "os": platform.platform(),
            "chromium": _version(["/usr/bin/chromium", "--version"]), "node": _version(["node", "--version"]),
            "python": platform.python_version(), "pyodide": pyodide, "nginx": _version(["nginx", "-v"]) or "nginx",
            "lighthouse": json.loads(lighthouse.read_text())["version"] if lighthouse.exists() else None}


def build_site(dest: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "sitegen.build", "-q", "-d", str(dest)], cwd=ROOT,
                          env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"mkdocs build failed:\n{(proc.stdout + proc.stderr)[-3000:]}")
    return time.perf_counter() - started


def snapshot_path(site: Path) -> str | None:
    found = sorted(site.glob("assets/checker/*/snapshot-*.bin"))
    return found[0].relative_to(site).as_posix() if found else None


def core_path(site: Path) -> str:
    """The site path of the Pyodide files it serves (assets/pyodide/<core id>/)."""
    found = sorted(site.glob("assets/pyodide/*/pyodide.mjs"))
    if not found:
        raise SystemExit(f"{site}: no assets/pyodide/*/pyodide.mjs (not a built site?)")
    return found[0].parent.relative_to(site).as_posix() + "/"


def stdlib_path(site: Path) -> str | None:
    """The site's precompiled stdlib zip, which the snapshot was made with (and must be restored with)."""
    found = sorted(site.glob("assets/pyodide/*/python_stdlib-*.zip"))
    return found[0].relative_to(site).as_posix() if found else None


def timing_runs(browser_factory, base: str, runs: int, cpu_rate: float, with_interaction: bool, quiet,
                server=None) -> list[dict]:
    from . import checker_timing as ct

    out = []
    for i in range(runs):
        busy = quiet()
        browser = browser_factory()
        try:
            run: dict = {"busy_before": round(busy, 2)}
            order = ("bare", "link") if i % 2 == 0 else ("link", "bare")  # alternate: neither always goes first
            for name in order:
                run[name] = (ct.bare(browser, base, cpu_rate) if name == "bare"
                             else ct.link(browser, base, cpu_rate, server=server))
            if with_interaction:
                run["interaction"] = ct.interaction(browser, base, cpu_rate, server=server)
            if server is not None and (snap := snapshot_path(server.site)):
                run["bare_snapshot"] = ct.bare(browser, base, cpu_rate, snapshot=snap, stdlib=stdlib_path(server.site))
        finally:
            browser.cleanup()
        ratio = run["link"]["cold_ms"] / run["bare"]["cold_ms"]
        log(f"    run {i + 1}/{runs}: bare {run['bare']['cold_ms']:.0f} ms, checker {run['link']['cold_ms']:.0f} ms "
            f"(×{ratio:.2f}), warm {run['link']['warm_ms']:.0f} ms, later {run['link'].get('cold_second_ms', 0):.0f}"
            f"/{run['link'].get('warm_second_ms', 0):.0f} ms"
            + (f", interaction {run['interaction']['intent_to_answer_ms']:.0f} ms" if with_interaction else ""))
        out.append(run)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small, fast subset (for iterating)")
    parser.add_argument("--runs", type=int, help="timing runs per figure (default 5; quick 1)")
    parser.add_argument("--only", help=f"comma-separated parts: {','.join(PARTS)}")
    parser.add_argument("--site", type=Path, help="use/build this site folder (default: a temporary one)")
    parser.add_argument("--no-build", action="store_true", help="serve --site as it is")
    parser.add_argument("--lighthouse-runs", type=int, help="default 5; quick 1")
    parser.add_argument("--scales", default=None, help="build-scale factors, default 1,10,100 (quick 1,10)")
    parser.add_argument("--no-wait", action="store_true", help="do not wait for the machine to be quiet")
    parser.add_argument("--no-save", action="store_true", help="print only; write no results file")
    args = parser.parse_args(argv)

    parts = set(args.only.split(",")) if args.only else set(PARTS) - ({"cpu"} if args.quick else set())
    unknown = parts - set(PARTS)
    if unknown:
        parser.error(f"unknown part(s): {', '.join(sorted(unknown))}")
    runs = args.runs or (1 if args.quick else 5)
    lh_runs = args.lighthouse_runs or (1 if args.quick else 5)
    scales = [int(x) for x in (args.scales or ("1,10" if args.quick else "1,10,100")).split(",")]

    from .throttle import busy_fraction, wait_for_quiet

    def quiet() -> float:
        return busy_fraction() if args.no_wait else wait_for_quiet(log=log)

    results: dict = {"schema": 1, "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
                     "machine": machine(), "runs": runs,
                     "options": {"quick": args.quick, "parts": sorted(parts), "lighthouse_runs": lh_runs,
                                 "scales": scales}}
    busy_samples: list[float] = []
    tmp = Path(tempfile.mkdtemp(prefix="yb-bench-"))
    try:
        site = args.site or tmp / "site"
        if parts & {"checker", "cpu", "bytes", "slownet", "lighthouse"}:
            if not args.no_build:
                log(f"building the site into {site} …")
                results["site_build_s"] = round(build_site(site), 2)
            ensure_readable(site)
            bare = write_bare_page(tmp / "bare", core_path(site))
            ensure_readable(bare)
            with Nginx(site, extra=bare) as server:
                log(f"serving {site} with the production nginx configuration at {server.url}")
                measure_in_browser(results, parts, server, runs, lh_runs, quiet, busy_samples)
        if "build" in parts:
            from . import scale

            log(f"build scale ×{', ×'.join(map(str, scales))} …")
            busy_samples.append(quiet())
            try:
                results["build_scale"] = scale.measure(scales, 1 if args.quick else 3, log=log, max_runs_at={100: 1})
            except (RuntimeError, OSError, subprocess.SubprocessError) as exc:  # keep the other figures
                log(f"  build scale failed: {exc}")
                results.setdefault("errors", []).append(f"build scale: {str(exc)[:300]}")
        if "engine" in parts:
            from . import engine

            log("engine …")
            busy_samples.append(quiet())
            results["engine"] = engine.measure(1.0 if args.quick else 3.0)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    results["load"] = (f"{max(busy_samples):.0%} of the CPU busy with other programs at worst before a measurement"
                       if busy_samples else "not sampled")
    results["targets"] = report.check_targets(results)
    text = report.tables(results)
    print(text)
    if not args.no_save:
        full = not args.quick and parts == set(PARTS)
        written = (report.write(results, full=True, dated=False) if full
                   else report.write(results, full=False, folder=Path(tempfile.gettempdir())))
        log(f"wrote {' and '.join(map(str, written))}"
            + ("; update benchmarks/README.md with python -m benchmarks.report --readme" if full else ""))
    return 0


def measure_in_browser(results: dict, parts: set, server: Nginx, runs: int, lh_runs: int, quiet,
                       busy_samples: list) -> None:
    from playwright.sync_api import sync_playwright

    from . import checker_timing as ct
    from .browser import CHROMIUM, Browser
    from .throttle import CpuQuota

    base = server.url

    def sampled_quiet() -> float:
        busy = quiet()
        busy_samples.append(busy)
        return busy

    with sync_playwright() as pw:
        if "checker" in parts:
            log(f"checker timings, no throttling ({runs} runs) …")
            raw = timing_runs(lambda: Browser(pw), base, runs, 1, True, sampled_quiet, server)
            results["checker"] = {**report.summarize_timings(raw), "raw": raw,
                                  "pyodide_before_intent": sorted({u for r in raw
                                                                   for u in r["interaction"]["pyodide_before_intent"]})}
            # The same cold visit with the service worker blocked: what its first-visit install costs the checker.
            browser = Browser(pw)
            try:
                nosw = []
                for _ in range(max(1, runs // 2)):
                    sampled_quiet()
                    nosw.append(ct.link(browser, base, 1, second=False, service_workers="block", server=server))
                results["checker"]["cold_no_sw_ms"] = report.median(r["cold_ms"] for r in nosw)
                results["checker"]["warm_no_sw_ms"] = report.median(r["warm_ms"] for r in nosw)
            finally:
                browser.cleanup()
        if "cpu" in parts:
            log(f"checker timings, CPU 4x by CDP (page main thread) ({runs} runs) …")
            raw = timing_runs(lambda: Browser(pw), base, runs, 4, False, sampled_quiet, server)
            results["cpu4_cdp"] = {**report.summarize_timings(raw), "raw": raw}
            with CpuQuota(CHROMIUM) as launcher:
                if launcher:
                    log(f"checker timings, CPU 4x for the whole browser (cgroup quota) ({runs} runs) …")
                    raw = timing_runs(lambda: Browser(pw, launcher), base, runs, 1, False, sampled_quiet, server)
                    results["cpu4_cgroup"] = {**report.summarize_timings(raw), "raw": raw}
                else:
                    log("  (no cgroup CPU quota available: whole-browser throttling skipped)")
        if "bytes" in parts:
            log("bytes …")
            browser = Browser(pw)
            try:
                sampled_quiet()
                b = ct.page_bytes(browser, base, server)
            finally:
                browser.cleanup()
            b["offsite"] = len(b["guide_offsite"] + b["checker_offsite"] + b["answer_offsite"])
            results["bytes"] = b
        if "slownet" in parts:
            from .slownet import cold_shared_link

            log("slow network (throttling proxy: 1.6 Mbit/s, 150 ms round trip), cold shared link …")
            slow = {}
            for name, rate in (("cpu1", 1), ("cpu4", 4)):
                sampled_quiet()
                slow[name] = cold_shared_link(pw, base, ct.SHARE, cpu_rate=rate)
                log(f"    CPU {rate}x: first answer {slow[name]['first_answer_s']} s, floor {slow[name]['floor_s']} s "
                    f"({slow[name]['bytes_before_answer'] / 1e6:.2f} MB before the answer)")
            results["slow_network"] = slow
    if "lighthouse" in parts:
        from . import lighthouse

        if lighthouse.available():
            log(f"Lighthouse ({lh_runs} run(s) per page) …")
            sampled_quiet()
            try:
                results["lighthouse"] = lighthouse.measure(base, lh_runs, log=log)
            except (RuntimeError, OSError, subprocess.SubprocessError) as exc:  # keep the other figures
                log(f"  Lighthouse failed: {exc}")
                results.setdefault("errors", []).append(f"lighthouse: {str(exc)[:300]}")
        else:
            log("  (node_modules/.bin/lighthouse missing: run `make setup`)")


if __name__ == "__main__":
    sys.exit(main())
