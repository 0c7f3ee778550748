"""MkDocs hook: add the generated guide pages and the open data as virtual files (nothing is written to docs/).

The bundle is $CHECKER_BUNDLE (a compiled bundle JSON) when set, else the compiled checker/rules.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `mkdocs` run without `pip install -e .`
    sys.path.insert(0, str(ROOT))

from checker.errors import RulesError
from checker.sitegen import pages

SCHEMA = ROOT / "checker" / "data_schema" / "bundle.schema.json"
REGIONS_NAV = "各地指南"  # the nav entry in mkdocs.yml that is expanded into one section per region
_bundle: dict = {}


def _load() -> dict:
    if os.environ.get("CHECKER_BUNDLE"):
        return json.loads(Path(os.environ["CHECKER_BUNDLE"]).read_text(encoding="utf-8"))
    from checker.bundle import load_bundle

    load_bundle.cache_clear()  # `mkdocs serve` rebuilds in one process: recompile edited rules
    try:
        return load_bundle()
    except RulesError as err:  # one line per problem, as `python -m checker validate` prints them
        raise PluginError("the rules data is invalid:\n" + "\n".join(err.problems)) from None


def on_config(config):
    _bundle.clear()
    _bundle.update(_load())
    for i, item in enumerate(config.nav or []):
        if isinstance(item, dict) and REGIONS_NAV in item:
            config.nav[i] = {REGIONS_NAV: pages.region_nav(_bundle)}
    return config


def on_files(files, config):
    for path, text in pages.render_all(_bundle, pages.data_date(_bundle)).items():
        files.append(File.generated(config, path, content=text))
    files.append(File.generated(config, "data/bundle.json", content=pages.bundle_json(_bundle)))
    files.append(File.generated(config, "data/bundle.schema.json", content=SCHEMA.read_bytes()))
    return files
