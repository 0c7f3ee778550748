"""Turn the benchmark's results (a plain dict, also written as JSON) into Markdown tables and target checks."""

from __future__ import annotations

import json
import statistics
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def median(values) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def secs(ms: float | None) -> str:
    return "–" if ms is None else f"{ms / 1000:.2f} s"


def msec(ms: float | None) -> str:
    return "–" if ms is None else f"{ms:.0f} ms"


# The first TCP window: 10 segments of 1,460 bytes (Lighthouse's network model and Linux's default). A page's
# HTML, headers included, that fits is drawn one round trip sooner than one that does not.
FIRST_WINDOW_BYTES = 14_600


def kb(n: float | None) -> str:
    if n is None:
        return "–"
    return f"{n / 1e6:.2f} MB" if n >= 1e6 else f"{n / 1e3:.0f} KB"


def ratio(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}×"


def summarize_timings(runs: list[dict]) -> dict:
    """Medians over runs; ratios are taken within each run first (same conditions), then the median."""
    def col(path):
        out = []
        for run in runs:
            value = run
            for key in path:
                value = value.get(key) if isinstance(value, dict) else None
            out.append(value)
        return median(out)

    ratios = [r["link"]["cold_ms"] / r["bare"]["cold_ms"] for r in runs
              if r.get("link", {}).get("cold_ms") and r.get("bare", {}).get("cold_ms")]
    interaction_ratios = [r["interaction"]["intent_to_answer_ms"] / r["bare"]["cold_ms"] for r in runs
                          if r.get("interaction", {}).get("intent_to_answer_ms") and r.get("bare", {}).get("cold_ms")]
    return {
        "bare_cold_ms": col(["bare", "cold_ms"]), "bare_warm_ms": col(["bare", "warm_ms"]),
        "bare_snapshot_warm_ms": col(["bare_snapshot", "warm_ms"]),
        "cold_ms": col(["link", "cold_ms"]), "warm_ms": col(["link", "warm_ms"]),
        "cold_ratio": median(ratios), "cold_ratios": [round(x, 3) for x in ratios],
        "interaction_ms": col(["interaction", "intent_to_answer_ms"]), "interaction_ratio": median(interaction_ratios),
        "later_ms": median([col(["link", "cold_second_ms"]), col(["link", "warm_second_ms"])]),
        "later_cold_ms": col(["link", "cold_second_ms"]), "later_warm_ms": col(["link", "warm_second_ms"]),
        "runs": len(runs),
    }


TARGETS = [
    # (key, label, getter, test, target text)
    ("cold_ratio", "cold first answer / bare Pyodide (same run)", lambda r: r["checker"]["cold_ratio"],
     lambda v: v <= 1.15, "≤ 1.15×"),
    ("warm", "warm first answer", lambda r: r["checker"]["warm_ms"], lambda v: v < 800, "< 0.8 s"),
    ("warm_cpu4", "warm first answer, CPU 4× (whole browser)", lambda r: r["cpu4_cgroup"]["warm_ms"],
     lambda v: v < 1500, "< 1.5 s"),
    ("warm_cpu4_cdp", "warm first answer, CPU 4× (CDP, main thread)", lambda r: r["cpu4_cdp"]["warm_ms"],
     lambda v: v < 1500, "< 1.5 s"),
    ("later", "later answer", lambda r: max(r["checker"]["later_cold_ms"], r["checker"]["later_warm_ms"]),
     lambda v: v < 50, "< 50 ms"),
    ("guide_bytes", "guide page, first visit (page + its workers)", lambda r: r["bytes"]["guide_bytes"],
     lambda v: v < 150_000, "< 150 KB"),
    ("no_pyodide_before_intent", "Pyodide files before intent/idle",
     lambda r: len(r["bytes"]["guide_pyodide"]) + len(r["checker"]["pyodide_before_intent"]), lambda v: v == 0, "0"),
    ("offsite", "requests to other origins", lambda r: r["bytes"]["offsite"], lambda v: v == 0, "0"),
    ("checker_perf", "Lighthouse checker page performance", lambda r: r["lighthouse"]["checker"]["performance"],
     lambda v: v >= 95, "≥ 95"),
    ("build_today", "build, today's rules", lambda r: r["build_scale"][0]["build_s"], lambda v: v < 15, "< 15 s"),
    ("build_linear", "build growth / data growth (largest set)",
     lambda r: r["build_scale"][-1]["growth_vs_first"] / r["build_scale"][-1]["size_vs_first"],
     lambda v: v <= 1.1, "≤ 1.1 (linear)"),
]
for _page in ("home", "region guide", "compare"):
    TARGETS.append((f"lh_{_page}", f"Lighthouse {_page}: perf/a11y/bp/seo",
                    lambda r, p=_page: min(r["lighthouse"][p][c] for c in
                                           ("performance", "accessibility", "best-practices", "seo")),
                    lambda v: v >= 100, "100/100/100/100"))


def check_targets(results: dict) -> list[dict]:
    out = []
    for key, label, get, test, text in TARGETS:
        try:
            value = get(results)
        except (KeyError, TypeError, IndexError, ZeroDivisionError):
            continue
        if value is None:
            continue
        out.append({"key": key, "label": label, "value": value, "target": text, "ok": bool(test(value))})
    return out


def _row(cells) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def tables(results: dict) -> str:
    """The Markdown the README shows and the benchmark prints."""
    lines: list[str] = []
    m = results.get("machine", {})
    lines.append(f"Measured {results.get('date', '?')} on {m.get('cpu', '?')} ({m.get('cores', '?')} cores, "
                 f"{m.get('memory', '?')}), {m.get('chromium', 'Chromium')}, Node {m.get('node', '?')}, "
                 f"Pyodide {m.get('pyodide', '?')}; other load while measuring: {results.get('load', '?')}. "
                 f"Each figure is the median of {results.get('runs', '?')} runs.")
    lines.append("")
    modes = [("checker", "no throttling"), ("cpu4_cdp", "CPU 4× (CDP, page main thread only)"),
             ("cpu4_cgroup", "CPU 4× (whole browser incl. workers: 0.5-CPU cgroup)")]
    present = [(k, t) for k, t in modes if results.get(k)]
    if present:
        lines.append(_row(["checker timings", *[t for _, t in present]]))
        lines.append(_row(["---", *["---:" for _ in present]]))
        rows = [("bare Pyodide page, cold: load → `1+1` on screen", "bare_cold_ms", secs),
                ("checker, cold: shared link → first answer on screen", "cold_ms", secs),
                ("**cold ratio** checker / bare (same run; target ≤ 1.15×)", "cold_ratio", ratio),
                ("… the same with the service worker blocked (its first-visit install not competing)",
                 "cold_no_sw_ms", secs),
                ("region page, cold: first interaction → first answer", "interaction_ms", secs),
                ("… ratio to the bare page's load → `1+1`", "interaction_ratio", ratio),
                ("bare Pyodide page, warm (2nd visit)", "bare_warm_ms", secs),
                ("bare snapshot page, warm: load → restore the checker's snapshot → `1+1` (the warm floor)",
                 "bare_snapshot_warm_ms", secs),
                ("**checker, warm** (2nd visit): shared link → first answer (target < 0.8 s; 4×: < 1.5 s)",
                 "warm_ms", secs),
                ("… the same with the service worker blocked", "warm_no_sw_ms", secs),
                ("later answer: submit → on screen, cold visit (target < 50 ms)", "later_cold_ms", msec),
                ("later answer: submit → on screen, warm visit", "later_warm_ms", msec)]
        for label, key, fmt in rows:
            lines.append(_row([label, *[fmt(results[k].get(key)) for k, _ in present]]))
        lines.append("")
    b = results.get("bytes")
    if b:
        lines.append(_row(["bytes transferred (compressed, as nginx sent them)", "first visit"]))
        lines.append(_row(["---", "---:"]))
        lines.append(_row(["guide page (region overview), once Material has started, until the network is idle (target < 150 KB)",
                           kb(b.get("guide_bytes"))]))
        if b.get("guide_log_bytes") is not None:
            lines.append(_row(["… the same, everything nginx sent (incl. the service worker's precache)",
                               kb(b.get("guide_log_bytes"))]))
        for page, size in (b.get("html_response") or {}).items():
            lines.append(_row([f"{page}: the page's HTML response, headers included (first TCP window: "
                               f"{FIRST_WINDOW_BYTES / 1e3:.1f} KB)",
                               f"{size / 1e3:.1f} KB"]))
        lines.append(_row(["checker page before any Pyodide file", kb(b.get("checker_page_bytes"))]))
        lines.append(_row(["checker page by its first answer (shared link)", kb(b.get("answer_bytes"))]))
        lines.append(_row(["… of which Pyodide + the checker", kb(b.get("answer_pyodide_bytes"))]))
        lines.append(_row(["fetched after the first answer, in the background (memory snapshot for the next visit)",
                           kb(b.get("background_bytes"))]))
        lines.append("")
    lh = results.get("lighthouse")
    if lh:
        lines.append(_row(["Lighthouse 12, mobile", "perf", "a11y", "best pr.", "SEO", "FCP", "LCP", "TBT", "CLS",
                           "bytes"]))
        lines.append(_row(["---", *["---:"] * 9]))
        for page, r in lh.items():
            lines.append(_row([page, r.get("performance"), r.get("accessibility"), r.get("best-practices"),
                               r.get("seo"), secs(r.get("fcp_ms")), secs(r.get("lcp_ms")), msec(r.get("tbt_ms")),
                               f"{r.get('cls', 0):.3f}", kb(r.get("bytes"))]))
        lines.append("")
    scale = results.get("build_scale")
    if scale:
        lines.append(_row(["build scale (`mkdocs build`)", "regions", "pages", "build", "per page", "growth",
                           "data growth"]))
        lines.append(_row(["---", *["---:"] * 6]))
        for r in scale:
            lines.append(_row([f"×{r['factor']}", r["regions"], r["pages"], f"{r['build_s']:.1f} s",
                               f"{r['per_page_ms']} ms", ratio(r["growth_vs_first"]), ratio(r["size_vs_first"])]))
        lines.append("")
    e = results.get("engine")
    if e:
        p = e.get("pyodide", {})
        lines.append(_row(["engine (golden table + warm-up rows)", "scenarios/s"]))
        lines.append(_row(["---", "---:"]))
        lines.append(_row(["native CPython", e.get("native_per_s")]))
        lines.append(_row(["inside Pyodide (Node)", p.get("scenarios_per_s", p.get("error", "–"))]))
        if p.get("boot_ms") is not None:
            lines.append(_row(["(Node: normal Pyodide start + checker / snapshot restore + first answer)",
                               f"{secs(p['boot_ms'])} / {secs(p.get('snapshot_restore_and_answer_ms'))}"]))
        lines.append("")
    targets = results.get("targets")
    if targets:
        lines.append(_row(["target", "measured", "wanted", ""]))
        lines.append(_row(["---", "---:", "---", "---"]))
        for t in targets:
            v = t["value"]
            shown = f"{v:.2f}" if isinstance(v, float) else str(v)
            lines.append(_row([t["label"], shown, t["target"], "met" if t["ok"] else "**not met**"]))
        lines.append("")
    return "\n".join(lines)


def write(results: dict, full: bool, folder: Path = RESULTS) -> list[Path]:
    """Every run gets a dated copy; only a full run (every part, not --quick) replaces latest.json, so that it
    stays the complete set of figures the README's table shows."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H%M%SZ")
    text = json.dumps(results, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    paths = [folder / f"{stamp}.json"] + ([folder / "latest.json"] if full else [])
    for path in paths:
        path.write_text(text, encoding="utf-8")
    return paths
