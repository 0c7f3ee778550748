"""Lighthouse 12 (npm, pinned in package.json) on Debian's Chromium, default mobile profile (simulated Slow 4G
and 4x CPU), median of N runs: the four category scores and FCP / LCP / TBT / CLS per page."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {"fcp_ms": "first-contentful-paint", "lcp_ms": "largest-contentful-paint",
           "tbt_ms": "total-blocking-time", "cls": "cumulative-layout-shift", "si_ms": "speed-index"}
PAGES = {"home": "", "region guide": "regions/140000-shanxi/", "compare": "compare/", "checker": "checker/"}


def available() -> bool:
    return LIGHTHOUSE.exists()


def run_once(url: str, chrome: str, attempts: int = 3) -> dict:
    """One Lighthouse run; a run that Lighthouse itself aborts (e.g. NO_NAVSTART on a busy machine) is retried."""
    for attempt in range(1, attempts + 1):
        try:
            return _run(url, chrome)
        except RuntimeError:
            if attempt == attempts:
                raise
    raise AssertionError("unreachable")


def _run(url: str, chrome: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        env = {**os.environ, "CHROME_PATH": chrome}
        proc = subprocess.run([str(LIGHTHOUSE), url, "--output=json", f"--output-path={out}", "--quiet",
                               f"--chrome-flags={CHROME_FLAGS}"], env=env, capture_output=True, text=True,
                              check=False, timeout=300)
        if proc.returncode != 0 or not out.exists():
            raise RuntimeError(f"lighthouse {url}: {proc.stderr[-1500:]}")
        report = json.loads(out.read_text(encoding="utf-8"))
    row = {cat: round(100 * (report["categories"][cat]["score"] or 0)) for cat in CATEGORIES}
    for key, audit in METRICS.items():
        value = report["audits"][audit].get("numericValue")
        row[key] = round(value, 3) if key == "cls" else round(value) if value is not None else None
    row["bytes"] = report["audits"].get("total-byte-weight", {}).get("numericValue")
    failing = [a["id"] for a in report["audits"].values()
               if a.get("score") is not None and a["score"] < 0.9 and a.get("scoreDisplayMode") in ("binary", "numeric")]
    row["failing_audits"] = sorted(failing)
    return row


def measure(base: str, runs: int = 3, chrome: str = "/usr/bin/chromium", pages: dict | None = None, log=print) -> dict:
    out = {}
    for name, path in (pages or PAGES).items():
        rows = [run_once(base + path, chrome) for _ in range(runs)]
        med = {key: statistics.median(r[key] for r in rows if r[key] is not None)
               for key in (*CATEGORIES, *METRICS) if any(r[key] is not None for r in rows)}
        med["bytes"] = statistics.median(r["bytes"] for r in rows if r["bytes"] is not None)
        med["runs"] = [{k: r[k] for k in (*CATEGORIES, "lcp_ms", "tbt_ms")} for r in rows]
        med["failing_audits"] = sorted({a for r in rows for a in r["failing_audits"]})
        log(f"  lighthouse {name}: perf {med['performance']} a11y {med['accessibility']} "
            f"bp {med['best-practices']} seo {med['seo']} LCP {med['lcp_ms']} ms TBT {med['tbt_ms']} ms")
        out[name] = med
    return out
