"""Keep the benchmark (python -m benchmarks, `make bench`) from rotting: import it and run its small, untimed
parts - the synthetic dataset generator, the timing summary, the target checks and the table formatter - and
the nginx configuration it serves with. No timings are taken or asserted here."""

from __future__ import annotations

import json
from pathlib import Path
import re

import pytest

from benchmarks import report, scale
from benchmarks.__main__ import PARTS, core_path, main
from benchmarks.bare import write_bare_page
from benchmarks.server import render_config


def test_synthetic_bundle_multiplies_regions_with_unique_codes_and_slugs(bundle):
    big = scale.synthetic_bundle(bundle, 10)
    assert len(big["regions"]) == 10 * len(bundle["regions"])
    assert len({r["code"] for r in big["regions"]}) == len(big["regions"])
    assert len({r["slug"] for r in big["regions"]}) == len(big["regions"])
    assert big["regions"][: len(bundle["regions"])] == bundle["regions"], "today's regions are kept as they are"
    assert all(r["code"][:2] == r["slug"][:2] for r in big["regions"])
    assert scale.synthetic_bundle(bundle, 1)["regions"] == bundle["regions"]
    json.dumps(big, ensure_ascii=False)  # written to a file for the build
    with pytest.raises(ValueError):
        scale.synthetic_bundle(bundle, 0)


def test_a_synthetic_bundle_builds(bundle, tmp_path):
    """The scale part's build of a dataset with synthetic city entries (×2) goes through: their pages are made like
    a real region's (its tile, the engine's answers for its province)."""
    path = tmp_path / "bundle-x2.json"
    path.write_text(json.dumps(scale.synthetic_bundle(bundle, 2), ensure_ascii=False), encoding="utf-8")
    scale.time_build(path, tmp_path / "site", snapshot=False)
    clone = scale.synthetic_bundle(bundle, 2)["regions"][-1]
    page = (tmp_path / "site" / "regions" / clone["slug"] / "index.html").read_text(encoding="utf-8")
    assert "现在能给谁绑？" in page and "同一地市" in page


def fake_run(bare: float, cold: float, warm: float) -> dict:
    return {"bare": {"cold_ms": bare, "warm_ms": bare / 2},
            "link": {"cold_ms": cold, "warm_ms": warm, "cold_second_ms": 20.0, "warm_second_ms": 10.0},
            "interaction": {"intent_to_answer_ms": cold - 300, "pyodide_before_intent": []}}


def test_summary_targets_and_tables():
    runs = [fake_run(2000, 2200, 500), fake_run(3000, 3600, 700), fake_run(2500, 2750, 600)]
    summary = report.summarize_timings(runs)
    assert summary["cold_ratio"] == pytest.approx(1.1)  # per-run ratios 1.1, 1.2, 1.1: their median
    assert summary["warm_ms"] == 600 and summary["runs"] == 3
    results = {"date": "2026-01-01", "machine": {"cpu": "test cpu", "cores": 2}, "runs": 3, "load": "none",
               "checker": {**summary, "pyodide_before_intent": []}, "cpu4_cdp": summary,
               "bytes": {"guide_bytes": 120_000, "guide_pyodide": [], "offsite": 0, "answer_bytes": 5_000_000,
                         "html_response": {"compare": 13_972}},
               "lighthouse": {"checker": {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100,
                                          "fcp_ms": 900, "lcp_ms": 1200, "tbt_ms": 10, "cls": 0.0, "bytes": 1}},
               "build_scale": [{"factor": 1, "regions": 32, "pages": 170, "build_s": 10.0, "per_page_ms": 58.8,
                                "growth_vs_first": 1.0, "size_vs_first": 1.0},
                               {"factor": 10, "regions": 320, "pages": 1620, "build_s": 95.0, "per_page_ms": 58.6,
                                "growth_vs_first": 9.5, "size_vs_first": 10.0}],
               "engine": {"native_per_s": 1500, "pyodide": {"scenarios_per_s": 800, "boot_ms": 2000}}}
    targets = {t["key"]: t for t in report.check_targets(results)}
    assert targets["cold_ratio"]["ok"] and targets["warm"]["ok"] and targets["later"]["ok"]
    assert targets["guide_bytes"]["ok"] and targets["checker_perf"]["ok"] and targets["build_linear"]["ok"]
    results["targets"] = list(targets.values())
    text = report.tables(results)
    for needle in ("cold ratio", "1.10×", "Lighthouse 12", "×10", "native CPython", "test cpu", "compare: the page's HTML",
                   "14.0 KB"):
        assert needle in text
    assert all(line.startswith("|") for line in text.splitlines() if "|" in line)


def test_cli_and_generated_files(tmp_path, built_site):
    assert set(PARTS) == {"checker", "cpu", "bytes", "slownet", "lighthouse", "build", "engine"}
    with pytest.raises(SystemExit):
        main(["--only", "nonsense"])
    core = core_path(built_site)
    assert re.fullmatch(r"assets/pyodide/\d+\.\d+\.\d+/", core)  # the npm version: its files as npm ships them
    bare = write_bare_page(tmp_path / "bare", core)
    assert f'"../{core}"' in (bare / "bare.js").read_text(encoding="utf-8")
    conf = render_config(built_site, 12345, tmp_path, bare)
    assert "listen 127.0.0.1:12345" in conf and "location ^~ /bench-bare/" in conf and "ybbench" in conf


def test_html_response_bytes_counts_what_nginx_sends(nginx_site, built_site):
    """Status line, headers and the brotli body of the comparison table, as a browser asking for br gets it."""
    from benchmarks.checker_timing import html_response_bytes

    size = html_response_bytes(nginx_site.url, "compare/")
    body = (built_site / "compare" / "index.html.br").stat().st_size
    assert body + 500 < size < body + 4000


def test_only_a_full_run_replaces_latest_json(tmp_path):
    """latest.json is what the README's table shows: a --quick or --only run must not replace it."""
    partial = report.write({"run": "partial"}, full=False, folder=tmp_path)
    assert len(partial) == 1 and partial[0].name.endswith("Z.json"), "a dated copy only"
    assert not (tmp_path / "latest.json").exists()
    assert json.loads(partial[0].read_text(encoding="utf-8")) == {"run": "partial"}
    full = report.write({"run": "full"}, full=True, folder=tmp_path)
    assert (tmp_path / "latest.json") in full
    assert json.loads((tmp_path / "latest.json").read_text(encoding="utf-8")) == {"run": "full"}


def test_the_slow_network_proxy_carries_every_byte_and_logs_it(nginx_site, built_site):
    """benchmarks/slownet.py: what nginx sends arrives whole through the throttling proxy, and the proxy counts it
    (the floor of the slow-network figure is those bytes over the bandwidth)."""
    import urllib.request

    from benchmarks.slownet import ThrottlingProxy

    with ThrottlingProxy(nginx_site.url) as proxy:
        with urllib.request.urlopen(proxy.url + "data/bundle.json", timeout=60) as response:
            body = response.read()
        received = proxy.bytes_until(float("inf"))
    assert body == (built_site / "data" / "bundle.json").read_bytes()
    assert received >= len(body), "every byte the browser got went through the proxy's log"


def test_before_and_after_side_by_side():
    """benchmarks.report --compare: each target of two runs in one row (the README's before/after table)."""
    latest = json.loads((Path(report.__file__).parent / "results" / "latest.json").read_text(encoding="utf-8"))
    text = report.compare_table(latest, latest)
    rows = [line for line in text.splitlines()[2:]]
    assert len(rows) == len(report.goals(latest)) >= 4
    assert all(line.count("|") == 5 for line in rows)
