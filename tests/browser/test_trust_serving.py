"""Production serving: the built site behind Debian's real nginx with the repository's configuration
(deploy/nginx.conf.in rendered by `python -m sitegen.nginx_conf`, fixture `nginx_site` in conftest.py).

Checked over HTTP like curl: WebAssembly served as application/wasm and compressed (brotli, else gzip) when
the browser accepts it; pages, scripts and data compressed; a year's immutable cache only for versioned or
content-hashed files and five minutes for everything that changes with the rules; the Content-Security-Policy
and the other security headers on every kind of response. Then in Chromium: every page type and the checker
work under that real policy with no violation, no script error and no request leaving the site.
"""

from __future__ import annotations

import gzip
import re
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import fill_form

from sitegen.nginx_conf import content_security_policy

ROOT = Path(__file__).resolve().parents[2]
YEAR = 31_536_000
SHORT = 600  # the most an HTML page or the rules data may be cached, in seconds
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def fetch(url: str, accept_encoding: str | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": accept_encoding} if accept_encoding else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def one(site: Path, pattern: str) -> str:
    """The site-relative path of the one file matching a glob (versioned and hashed names change)."""
    found = sorted(site.glob(pattern))
    assert found, f"no {pattern} in the built site"
    return found[0].relative_to(site).as_posix()


@pytest.fixture(scope="module")
def paths(nginx_site) -> dict[str, str]:
    """One URL path per kind of file the site serves."""
    site = nginx_site.site
    return {
        "wasm": one(site, "assets/pyodide/*/pyodide.asm.wasm"),
        "pyodide module": one(site, "assets/pyodide/*/pyodide.mjs"),
        "pyodide lock": one(site, "assets/pyodide/*/pyodide-lock.json"),
        "checker wheel": one(site, "assets/checker/*/checker-*.whl"),
        "checker files": one(site, "assets/checker/*/checker-files.json"),
        "stdlib zip": one(site, "assets/pyodide/*/python_stdlib-*.zip"),
        "checker vocab": one(site, "assets/checker/*/vocab.json"),
        "material script": one(site, "assets/javascripts/bundle.*.min.js"),
        "material style": one(site, "assets/stylesheets/main.*.min.css"),
        "search worker": one(site, "assets/javascripts/workers/search.*.min.js"),
        "home page": "",
        "checker page": "checker/",
        "region page": one(site, "regions/*/bind/index.html").removesuffix("index.html"),
        "page script": "javascripts/checker/bridge.js",
        "site style": "stylesheets/extra.css",
        "open data": "data/bundle.json",
        "search index": "search/search_index.json",
        "not found": "no-such-page/",
        "directory without index": one(site, "assets/pyodide/*") + "/",
    }


def test_wasm_is_served_as_wasm_and_compressed(nginx_site, paths):
    url = nginx_site.url + paths["wasm"]
    original = (nginx_site.site / paths["wasm"]).read_bytes()
    for accepted, expected in (("br, gzip, deflate", "br"), ("gzip", "gzip"), (None, None)):
        status, headers, body = fetch(url, accepted)
        assert status == 200
        assert headers["Content-Type"] == "application/wasm", "WebAssembly.instantiateStreaming needs this type"
        assert headers.get("Content-Encoding") == expected, accepted
        assert "Accept-Encoding" in headers.get("Vary", ""), "caches must keep one copy per encoding"
        if expected:
            assert len(body) < len(original) * 0.6, f"{expected} should shrink the wasm a lot: {len(body)}"
        if expected == "gzip":
            assert gzip.decompress(body) == original
        if expected is None:
            assert body == original


def test_stdlib_zip_is_sent_brotli_compressed(nginx_site, paths):
    """The site's stdlib zip is stored (uncompressed) so that it compresses as a whole: over the wire it is
    smaller than Pyodide's own per-file deflated zip."""
    url = nginx_site.url + paths["stdlib zip"]
    original = (nginx_site.site / paths["stdlib zip"]).read_bytes()
    status, headers, body = fetch(url, "br, gzip")
    assert status == 200 and headers.get("Content-Encoding") == "br"
    stock = next((nginx_site.site / paths["stdlib zip"]).parent.glob("python_stdlib.zip")).stat().st_size
    assert len(body) < stock < len(original)
    assert fetch(url)[2] == original


@pytest.mark.parametrize("kind, content_type", [
    ("home page", "text/html"), ("checker page", "text/html"), ("region page", "text/html"),
    ("pyodide module", "application/javascript"), ("material script", "application/javascript"),
    ("page script", "application/javascript"), ("search worker", "application/javascript"),
    ("material style", "text/css"), ("site style", "text/css"),
    ("open data", "application/json"), ("search index", "application/json"), ("pyodide lock", "application/json"),
    ("checker vocab", "application/json"), ("checker files", "application/json"),
])
def test_text_is_served_compressed(nginx_site, paths, kind, content_type):
    url = nginx_site.url + paths[kind]
    status, headers, body = fetch(url, "gzip")
    assert status == 200, url
    assert headers["Content-Type"].split(";")[0] == content_type
    assert "charset=utf-8" in headers["Content-Type"], "Chinese text needs its charset"
    assert headers.get("Content-Encoding") == "gzip", url
    plain = fetch(url)[2]
    assert gzip.decompress(body) == plain
    status, headers, _ = fetch(url, "br, gzip")
    assert headers.get("Content-Encoding") == "br", "brotli (Debian's libnginx-mod-http-brotli-filter) first"


@pytest.mark.parametrize("kind", ["wasm", "pyodide module", "pyodide lock", "checker wheel", "checker vocab",
                                  "checker files", "stdlib zip",
                                  "material script", "material style", "search worker"])
def test_versioned_files_are_cached_for_a_year(nginx_site, paths, kind):
    _, headers, _ = fetch(nginx_site.url + paths[kind])
    cache = headers.get("Cache-Control", "")
    assert re.search(r"max-age=(\d+)", cache) and int(re.search(r"max-age=(\d+)", cache).group(1)) >= YEAR, cache
    assert "immutable" in cache, cache


@pytest.mark.parametrize("kind", ["home page", "checker page", "region page", "page script", "site style",
                                  "open data", "search index", "not found"])
def test_pages_and_rules_data_are_cached_briefly(nginx_site, paths, kind):
    """Not content-hashed: a rules update or a fix must reach people within minutes."""
    _, headers, _ = fetch(nginx_site.url + paths[kind])
    cache = headers.get("Cache-Control", "")
    age = re.search(r"max-age=(\d+)", cache)
    assert age and int(age.group(1)) <= SHORT, cache
    assert "immutable" not in cache


def test_security_headers_on_every_response_type(nginx_site, paths):
    expected_csp = content_security_policy(nginx_site.site)
    for kind, path in paths.items():
        status, headers, _ = fetch(nginx_site.url + path, "br, gzip")
        where = f"{kind} ({path}, HTTP {status})"
        assert headers.get("Content-Security-Policy") == expected_csp, where
        for name, value in SECURITY_HEADERS.items():
            assert headers.get(name) == value, f"{where}: {name}"
        assert "camera=()" in headers.get("Permissions-Policy", ""), where
        assert headers.get("Server") == "nginx", f"{where}: no version announced"


def test_csp_allows_only_the_site_itself(nginx_site):
    directives = dict(d.strip().split(" ", 1) for d in content_security_policy(nginx_site.site).split(";"))
    assert directives["default-src"] == "'self'"
    for name in ("connect-src", "style-src", "font-src", "worker-src", "img-src"):
        assert directives[name].split()[0] == "'self'", name
    scripts = directives["script-src"].split()
    assert scripts[:2] == ["'self'", "'wasm-unsafe-eval'"]
    assert all(re.fullmatch(r"'sha256-[A-Za-z0-9+/]+=*'", s) for s in scripts[2:]), scripts
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    for value in directives.values():  # the hashes, checked whole above, may hold "//" (base64): not sources
        bare = re.sub(r"'sha256-[A-Za-z0-9+/]+=*'", "", value.replace("'wasm-unsafe-eval'", ""))
        assert not re.search(r"unsafe-inline|unsafe-eval'|\*|https?:|//", bare), value


def test_csp_for_other_hosts_is_printed_by_the_command(nginx_site):
    proc = subprocess.run([sys.executable, "-m", "sitegen.nginx_conf", "--site", str(nginx_site.site), "--csp"],
                          cwd=ROOT, capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == content_security_policy(nginx_site.site)


def test_unknown_paths_get_the_sites_404_page(nginx_site, paths):
    status, _, body = fetch(nginx_site.url + paths["not found"])
    assert status == 404
    assert body == (nginx_site.site / "404.html").read_bytes()


def test_long_shared_links_reach_the_page(nginx_site):
    """A 10 kB query must reach the checker page (which explains the problem), not nginx's bare 414."""
    status, _, body = fetch(nginx_site.url + "checker/?v=1&r=" + "x" * 10_000)
    assert status == 200 and b"yb-checker" in body


# ------------------------------------------------------------------ in the browser, under the real policy
CSP_SPY = """
addEventListener("securitypolicyviolation", (e) => {
  console.error(`csp-violation: ${e.violatedDirective} blocked ${e.blockedURI} in ${e.sourceFile}:${e.lineNumber}`);
});
"""


def test_every_page_and_the_checker_work_under_the_csp(browser, nginx_site, page_types):
    base = nginx_site.instant_url or nginx_site.url
    context = browser.new_context()
    context.add_init_script(CSP_SPY)
    requests: list[str] = []
    problems: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text} ({m.location['url']})"))
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    try:
        for path in page_types:
            page.goto(base + path)
            page.locator("article h1").first.wait_for()
            page.wait_for_load_state("load")
        missing = f"status of 404 (Not Found) ({base}no-such-page/)"  # the 404 page's own status is logged
        problems[:] = [p for p in problems if not p.endswith(missing)]

        page.goto(base)  # Material's search runs in a Worker of its own
        page.locator("input.md-search__input").click()
        page.locator("input.md-search__input").fill("山西")
        page.locator(".md-search-result__item").first.wait_for(timeout=20_000)

        page.goto(base + "checker/")
        form = page.locator("form.yb-form")
        fill_form(form, region="140000", relation="sibling", scheme="resident", where="same")
        form.get_by_label("办理日期").fill("2025-01-01")
        form.get_by_role("button", name="查看结果").click()
        assert page.locator(".yb-result .yb-verdict strong").inner_text(timeout=90_000) == "可以"
    finally:
        context.close()
    assert not problems, problems
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(base))
    offsite = [u for u in requests if urlsplit(u).scheme not in ("data", "blob")
               and "{0.scheme}://{0.netloc}".format(urlsplit(u)) != origin]
    assert not offsite, offsite
