"""Where the rules and the compiled bundle live, in the package. Kept apart from compile/validate so that the
checker can load its bundle without importing them (in the browser that saves tomllib, hashlib and
urllib.parse: about 90 ms of a cold start in Pyodide)."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).parent
RULES_DIR = PACKAGE / "rules"
BUNDLE_PATH = PACKAGE / "data" / "bundle.json"
