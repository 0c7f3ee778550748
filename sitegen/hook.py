"""The one MkDocs hook of the site (mkdocs.yml `hooks:`). Its events, in the order MkDocs runs them:

    on_startup          remember whether this is `mkdocs serve` (no snapshot, no precompressed copies)
    on_config           load the rules bundle (extra.yibao.bundle, else checker/rules compiled), list stale regions,
                        expand the 各地指南 nav entry into one section per region
    on_pre_build        the in-page checker's files (runtime.py) and what makes it fast (speed.py); the download size
    on_files            the generated pages (pages.render_all), the open data and the Atom feed, as virtual files
    on_page_content     glossary pop-ups on generated pages, tables pre-wrapped, the checker page's download size
    on_page_context     `yb` for docs/overrides/main.html: runtime paths, the form's vocabulary, the download size,
                        the data date
    on_post_page        blank runs collapsed (404.html too, in on_post_template)
    on_post_build       compact search index, Pyodide and the checker copied in, service worker, precompressed copies

Settings live in mkdocs.yml under `extra.yibao` (`bundle`: a compiled bundle JSON to build from instead of the
rules, as tests and benchmarks do; `snapshot`: false to skip the memory snapshot). Page wording is in
sitegen/templates/, the <head> and header additions in docs/overrides/main.html.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `mkdocs` run without `pip install -e .`
    sys.path.insert(0, str(ROOT))

from checker.bundle import data_date  # noqa: E402
from checker.errors import RulesError  # noqa: E402
from checker.vocab import STALE_AFTER_DAYS  # noqa: E402
from sitegen import feed, glossary, html, offline, pages, runtime, speed  # noqa: E402
from sitegen.compress import precompress  # noqa: E402

SCHEMA = ROOT / "checker" / "data_schema" / "bundle.schema.json"
REGIONS_NAV = "各地指南"  # the nav entry in mkdocs.yml that is expanded into one section per region
CHECKER_PAGE = "checker.md"  # the page with the full form; only it loads bridge.js at once
log = get_plugin_logger("yibao")


@dataclass
class Build:
    """What one build has found out so far (a new one per `mkdocs serve` rebuild)."""

    command: str = "build"
    bundle: dict = field(default_factory=dict)
    bundle_bytes: bytes = b""
    generated: set[str] = field(default_factory=set)
    runtime: Path | None = None  # .cache/checker-runtime/<key>/
    core: Path | None = None  # Pyodide's npm folder
    stdlib: Path | None = None
    snapshot: Path | None = None
    download: dict = field(default_factory=dict)
    context: dict = field(default_factory=dict)  # `yb` in the templates


_build = Build()


def settings(config) -> dict:
    return (config.extra or {}).get("yibao") or {}


def load_bundle(config) -> bytes:
    path = settings(config).get("bundle")
    if path:
        return Path(path).read_bytes()
    from checker.tools.compile import compile_rules

    try:
        return compile_rules()
    except RulesError as err:  # one line per problem, as `python -m checker validate` prints them
        raise PluginError("the rules data is invalid:\n" + "\n".join(err.problems)) from None


def stale(bundle: dict, today: dt.date) -> list[str]:
    """`name (file, verified date)` for the national file and each region verified more than 180 days ago."""
    files = [bundle["national"], *bundle["regions"]]
    return [f"{f.get('short') or f['name']} ({f.get('file', 'checker/rules/national.toml')}, verified {f['verified']})"
            for f in files if (today - dt.date.fromisoformat(f["verified"])).days > STALE_AFTER_DAYS]


def on_startup(command, dirty=False):
    _build.command = command


def on_config(config):
    global _build
    _build = Build(command=_build.command)
    _build.bundle_bytes = load_bundle(config)
    _build.bundle = json.loads(_build.bundle_bytes)
    old = stale(_build.bundle, dt.date.today())  # INFO, not a warning: --strict must still publish
    if old:
        log.info("facts verified more than %d days ago, check them again: %s", STALE_AFTER_DAYS, "; ".join(old))
    else:
        log.info("facts of every region verified within the last %d days", STALE_AFTER_DAYS)
    for i, item in enumerate(config.nav or []):
        if isinstance(item, dict) and REGIONS_NAV in item:
            config.nav[i] = {REGIONS_NAV: pages.region_nav(_build.bundle)}
    return config


def on_pre_build(config):
    try:
        _build.core = runtime.core_dir()
        _build.runtime = runtime.build_runtime(_build.bundle_bytes)
        _build.stdlib = speed.build_stdlib(_build.runtime, _build.core)
        if _build.command != "serve" and settings(config).get("snapshot", True):
            _build.snapshot = speed.build_snapshot(_build.runtime, _build.stdlib, _build.core)
        _build.download = offline.measure(offline.download_files(_build.runtime, _build.stdlib, _build.core))
    except (runtime.BuildError, offline.OfflineError) as exc:
        raise PluginError(f"yibao: {exc}") from None
    core = f"assets/pyodide/{runtime.pyodide_version()}/"
    checker = f"assets/checker/{runtime.content_hash(_build.runtime)}/"
    _build.context = {
        "core": core, "checker": checker,
        "snapshot": checker + _build.snapshot.name if _build.snapshot else None,
        "stdlib": core + _build.stdlib.name if _build.stdlib else None,
        "vocab": (_build.runtime / "vocab.json").read_text(encoding="utf-8").replace("</", "<\\/"),
        "download": _build.download, "checker_page": CHECKER_PAGE,
        "data_date": data_date(_build.bundle),  # the newest 信息核实日期: the home page's 资料核实至 line
    }


def on_files(files, config):
    report_url = config.extra.get("report_issue_url")  # 我要纠错 links: the one place to configure
    generated = pages.render_all(_build.bundle, data_date(_build.bundle), report_url)
    _build.generated = set(generated)
    for path, text in generated.items():
        files.append(File.generated(config, path, content=text))
    files.append(File.generated(config, "data/bundle.json", content=pages.bundle_json(_build.bundle)))
    files.append(File.generated(config, "data/bundle.schema.json", content=SCHEMA.read_bytes()))
    files.append(File.generated(config, feed.FEED_PATH, content=feed.atom(_build.bundle, config.site_url or "")))
    return files


def on_page_content(content, page, config, files):
    if page.file.src_uri in _build.generated:
        content = glossary.add_terms(content)
    if page.file.src_uri == CHECKER_PAGE:
        content = html.fill_download_size(content, offline.size_text(_build.download["gzip"]))
    return html.wrap_tables(content)


def on_page_context(context, page, config, nav):
    context["yb"] = _build.context
    return context


def on_template_context(context, template_name, config):
    context["yb"] = _build.context  # 404.html
    return context


def on_post_page(output, page, config):
    return html.collapse_blank_runs(output)


def on_post_template(output_content, template_name, config):
    return html.collapse_blank_runs(output_content) if template_name == "404.html" else output_content


def on_post_build(config):
    site = Path(config.site_dir)
    index = site / "search" / "search_index.json"
    if index.exists():
        html.compact_search_index(index)
    core = site / _build.context["core"]
    core.mkdir(parents=True, exist_ok=True)
    for name in runtime.CORE_FILES:
        shutil.copy2(_build.core / name, core / name)
    shutil.copytree(_build.runtime, site / _build.context["checker"], dirs_exist_ok=True)
    for made, folder in ((_build.snapshot, site / _build.context["checker"]), (_build.stdlib, core)):
        if made:
            for file in made.parent.glob(made.name + "*"):  # the file and its .br / .gz
                shutil.copy2(file, folder / file.name)
    if (site / "sw.js").exists():
        try:
            offline.write_service_worker(site)
        except offline.OfflineError as exc:
            raise PluginError(f"yibao: {exc}") from None
    if _build.command == "serve":
        return
    if packed := speed.precompressed_core(_build.core):
        for file in packed.iterdir():
            shutil.copy2(file, core / file.name)
    try:
        precompress(html.first_visit_files(site), html.FIRST_VISIT_BROTLI_QUALITY)
    except (OSError, RuntimeError, subprocess.SubprocessError) as exc:
        log.info("first-visit assets not precompressed (nginx compresses them per request): %s", exc)
