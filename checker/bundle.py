"""Find the rules bundle: the packaged JSON, or compile it from the rules folder when it is absent
or older than the rules (a fresh clone after `pip install -e .`)."""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from pathlib import Path

from .paths import BUNDLE_PATH, RULES_DIR


def _stale(bundle: Path, rules: Path) -> bool:
    if not rules.is_dir():
        return False  # installed wheel: the packaged bundle is all there is
    newest = max((p.stat().st_mtime for p in rules.rglob("*.toml")), default=0.0)
    return newest > bundle.stat().st_mtime


@lru_cache(maxsize=1)
def load_bundle() -> dict:
    """The bundle the checker uses by default (cached per process)."""
    if not BUNDLE_PATH.exists() or _stale(BUNDLE_PATH, RULES_DIR):
        from .tools.compile import compile_rules

        try:
            BUNDLE_PATH.parent.mkdir(parents=True, exist_ok=True)
            BUNDLE_PATH.write_bytes(compile_rules(RULES_DIR))
        except OSError:  # read-only install: compile in memory
            return json.loads(compile_rules(RULES_DIR))
    return json.loads(BUNDLE_PATH.read_text(encoding="utf-8"))


def data_date(bundle: dict) -> dt.date:
    """The newest 信息核实日期 in the bundle: the 'today' of a build, so that builds are reproducible."""
    dates = [bundle["national"]["verified"], *(r["verified"] for r in bundle["regions"])]
    return dt.date.fromisoformat(max(dates))
