"""Shared fixtures: the rules bundle and one site build per session (reused by the site and browser tests).

The build does what `make build` does without make: compile the rules into a bundle, then
`mkdocs build --strict` from it (`python -m sitegen.build`) with the same Python, into a temporary folder.

Browser and serving tests share one Debian nginx serving that build with the production config
(`nginx_site`) and one Debian Chromium (`browser`; Playwright's sync API allows only one per process).
"""

from __future__ import annotations

import json
import os
import pwd
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class SiteBuild:
    path: Path  # the built site folder
    log: str  # MkDocs' output (stdout + stderr)
    bundle: Path  # the bundle JSON the build used


def _compile_bundle(dest: Path) -> Path:
    out = dest / "bundle.json"
    proc = subprocess.run([sys.executable, "-m", "checker", "compile", "--out", str(out)], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        pytest.fail(f"python -m checker compile failed:\n{proc.stdout}{proc.stderr}", pytrace=False)
    return out


def build_site(dest: Path, bundle: Path) -> SiteBuild:
    """`mkdocs build --strict` into dest (python -m sitegen.build), from this bundle; fails the test session with MkDocs' output if the build fails."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([sys.executable, "-m", "sitegen.build", "-d", str(dest), "--bundle", str(bundle)], cwd=ROOT,
                          env=env, capture_output=True, text=True, check=False)
    log = proc.stdout + proc.stderr
    if proc.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{log[-4000:]}", pytrace=False)
    return SiteBuild(dest, log, bundle)


def golden_rows() -> list[dict]:
    """The golden table (tests/engine/golden.py), for the tests that run it elsewhere (Pyodide)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("golden", ROOT / "tests" / "engine" / "golden.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.GOLDEN


@pytest.fixture()
def rules(tmp_path) -> Path:
    """A copy of checker/rules to break (validator tests)."""
    out = tmp_path / "rules"
    shutil.copytree(ROOT / "checker" / "rules", out)
    return out


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in a rules file (which must hold it) with `new`."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="session")
def bundle_path(tmp_path_factory) -> Path:
    """checker/rules compiled into a temporary file."""
    return _compile_bundle(tmp_path_factory.mktemp("bundle"))


@pytest.fixture(scope="session")
def bundle(bundle_path) -> dict:
    return json.loads(bundle_path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def site_build(tmp_path_factory, bundle_path) -> SiteBuild:
    return build_site(tmp_path_factory.mktemp("site") / "site", bundle_path)


@pytest.fixture(scope="session")
def built_site(site_build) -> Path:
    """The path of a site built once per session from the current rules (shared with other test modules)."""
    return site_build.path


@pytest.fixture(scope="session")
def site_builder():
    """build_site(dest, bundle_path) for tests that need a build of their own (e.g. to compare two builds)."""
    return build_site


# ------------------------------------------------------------------ production serving and the browser
NGINX = "/usr/sbin/nginx"  # Debian's nginx-light + brotli modules (`make system`)
CHROMIUM = "/usr/bin/chromium"  # Debian's Chromium (`make system`); Playwright drives it, never downloads one
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]


@dataclass(frozen=True)
class NginxSite:
    url: str  # http://127.0.0.1:<free port>/
    instant_url: str | None  # the same server on site_url's port (127.0.0.2), where instant navigation works
    site: Path  # the built site it serves
    prefix: Path  # nginx.conf, logs and pid


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _site_url_port(site: Path) -> int | None:
    """Material's instant navigation only works on site_url's port (read back from the built sitemap)."""
    loc = re.search(r"<loc>(https?://[^<]+)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))
    return urlsplit(loc.group(1)).port if loc else None


def _serving(proc: subprocess.Popen, url: str, timeout: float = 15) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return True
        except urllib.error.HTTPError:
            return True
        except OSError:
            time.sleep(0.05)
    return False


def start_nginx(site: Path, prefix: Path) -> tuple[subprocess.Popen, NginxSite]:
    """Debian's nginx in the foreground with the config `python -m sitegen.nginx_conf` renders for
    this build (CSP hashes, compression, caching). Also listens on 127.0.0.2:<site_url port> when free."""
    from sitegen.nginx_conf import render

    (prefix / "tmp").mkdir(parents=True, exist_ok=True)
    conf_path = prefix / "nginx.conf"
    instant_port = _site_url_port(site)
    errors = ""
    for instant in ([True, False, False] if instant_port else [False, False, False]):
        listen = f"127.0.0.1:{_free_port()}"
        conf = render(site, listen, prefix)
        if instant:
            conf = conf.replace(f"listen {listen};", f"listen {listen};\n        listen 127.0.0.2:{instant_port};")
        if os.geteuid() == 0:  # else workers run as nobody, who may not read pytest's private temporary folders
            conf = f"user {pwd.getpwuid(os.getuid()).pw_name};\n" + conf
        conf_path.write_text(conf, encoding="utf-8")
        with open(prefix / "stderr.log", "wb") as stderr:
            proc = subprocess.Popen([NGINX, "-c", str(conf_path), "-p", str(prefix), "-e", str(prefix / "error.log"),
                                     "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=stderr)
        url = f"http://{listen}/"
        if _serving(proc, url):
            return proc, NginxSite(url, f"http://127.0.0.2:{instant_port}/" if instant else None, site, prefix)
        stop_nginx(proc)
        errors += (prefix / "stderr.log").read_text(errors="replace")
        if (prefix / "error.log").exists():
            errors += (prefix / "error.log").read_text(errors="replace")
    pytest.fail(f"nginx did not start:\n{errors[-3000:]}", pytrace=False)


def stop_nginx(proc: subprocess.Popen) -> None:
    proc.terminate()  # SIGTERM: fast shutdown of this master and its workers
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="session")
def nginx_site(built_site, tmp_path_factory) -> NginxSite:
    """The session's site build served by Debian's real nginx on 127.0.0.1 with the production config."""
    if not Path(NGINX).exists():
        pytest.skip("needs Debian's nginx: make system")
    proc, served = start_nginx(Path(built_site), tmp_path_factory.mktemp("nginx"))
    yield served
    stop_nginx(proc)


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for every browser test of the session."""
    if not Path(CHROMIUM).exists():
        pytest.skip("needs Debian's chromium: make system")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


def fill_form(form, *, region=None, date=None, relation=None, scheme=None, action=None, where=None) -> None:
    """Fill the checker's form as a person does (labels as shown); `where`: the relative's province ("same", a
    region code or "unknown"); the date is under 更多选项 on region pages."""
    if action:
        form.get_by_label("要办的事").select_option(action)
    if region:
        form.get_by_label("共济人（出钱的人）的参保地").select_option(region)
    if relation:
        form.get_by_label("亲属是共济人的").select_option(relation)
    if scheme:
        form.get_by_label("亲属参加的医保").select_option(scheme)
    if where:
        form.get_by_label("亲属在哪个省参保").select_option(where)
    if date:
        more = form.locator("details.yb-more")
        if more.count() and not more.get_attribute("open"):
            more.locator("summary").click()
        form.get_by_label("办理日期").fill(date)


@pytest.fixture(scope="session")
def page_types(built_site, bundle) -> list[str]:
    """One URL path (relative to the site root) per kind of page: every page outside regions/, the regions
    index and the five pages of one region. The 404 page is served for any unknown path."""
    site = Path(built_site)
    paths = sorted(p.relative_to(site).parent.as_posix() + "/" for p in site.rglob("index.html")
                   if p.relative_to(site).parts[0] not in ("regions", "assets", "search"))
    region = f"regions/{bundle['regions'][0]['slug']}/"
    paths = ["" if p == "./" else p for p in paths]
    return [*paths, "regions/", region, *(region + task + "/" for task in ("bind", "unbind", "query", "restore")),
            "no-such-page/"]


LAYERS = ("engine", "rules", "site", "browser")  # tests/<layer>/: each test is marked with its folder's name


def pytest_collection_modifyitems(config, items):
    """`pytest -m "engine or rules"` (or `pytest tests/engine tests/rules`) runs the pure tests: no site build,
    no Node, no Chromium or nginx; `-m "not browser"` leaves out only the browsers and nginx."""
    for item in items:
        layer = Path(str(item.fspath)).relative_to(ROOT / "tests").parts[0]
        if layer in LAYERS:
            item.add_marker(getattr(pytest.mark, layer))
