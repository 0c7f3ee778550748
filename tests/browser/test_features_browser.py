"""The issue-8 features in Debian's Chromium (Playwright, never a browser download): 大字版, glossary pop-ups,
为什么？ for each reason of an answer (in the maintainers' view), offline use after the first visit, and a rules update reaching the
next visit.

The offline tests run the service worker for real, so they use a server of their own that can be stopped
(offline = nothing answers) or switched to another build (a rules update), with the production CSP.
"""

from __future__ import annotations

import hashlib
import http.server
import json
import re
import threading
import time
from pathlib import Path

import pytest

import checker
from checker import messages as M
from checker.tools.compile import _dump
from sitegen.nginx_conf import content_security_policy

ANSWER_TIMEOUT_MS = 90_000
SHARED = "checker/?v=1&a=bind&r=140000&d=2025-01-01&rel=sibling&rs=resident"
SCENARIO = {"action": "bind", "region": "140000", "date": "2025-01-01", "giver": {"scheme": "employee"},
            "receiver": {"relation": "sibling", "scheme": "resident"}}


class SiteServer:
    """A local static server with the production CSP; switch() serves another build, stop() takes it offline."""

    def __init__(self, site: Path) -> None:
        self.switch(site)
        owner = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, directory=str(owner.site), **kwargs)

            def end_headers(self):
                self.send_header("Content-Security-Policy", owner.csp)
                self.send_header("Cache-Control", "no-cache")  # like nginx's must-revalidate, without the 5 minutes
                super().end_headers()

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def switch(self, site: Path) -> None:
        self.site = Path(site)
        self.csp = content_security_policy(self.site)

    def stop(self) -> None:
        if self.httpd:
            self.httpd.shutdown()
            self.httpd.server_close()
            self.httpd = None


def service_worker_version(site: Path) -> str:
    return json.loads(re.search(r'^const VERSION = (".*");$', (site / "sw.js").read_text(encoding="utf-8"), re.MULTILINE)[1])


def verdict(page, answer: int | None = None) -> str:
    which = f"[data-answer='{answer}']" if answer else ""
    box = page.locator(f".yb-result{which} .yb-verdict strong")
    box.wait_for(timeout=ANSWER_TIMEOUT_MS)
    return box.inner_text()


def wait_offline_ready(page) -> None:
    """yb-ui.js marks <html data-yb-offline="ready"> once the service worker controls the page."""
    page.wait_for_selector("html[data-yb-offline='ready']", state="attached", timeout=60_000)


@pytest.fixture
def context(browser):
    ctx = browser.new_context(service_workers="block")
    yield ctx
    ctx.close()


# ------------------------------------------------------------------ 大字版
def test_easy_mode_is_a_keyboard_toggle_that_persists(context, nginx_site):
    base = nginx_site.instant_url or nginx_site.url
    page = context.new_page()
    loads = []
    page.on("load", lambda _: loads.append(page.url))
    page.goto(base + "regions/420000-hubei/")
    button = page.get_by_role("button", name="大字版")
    assert button.get_attribute("aria-pressed") == "false"
    normal = page.locator("article h1").bounding_box()["height"]

    for _ in range(25):  # reachable with the keyboard, in the header, before the content
        page.keyboard.press("Tab")
        if page.locator(".yb-easy-toggle:focus").count():
            break
    assert page.locator(".yb-easy-toggle:focus").count(), "大字版 is not reachable with Tab"
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-pressed") == "true"
    assert page.locator("html.yb-easy").count() == 1
    assert page.locator("article h1").bounding_box()["height"] > normal * 1.2

    storage = context.storage_state()["origins"]
    assert [item["name"] for o in storage for item in o["localStorage"]] == ["yb-easy-mode"], "only this preference"

    page.reload()
    assert page.locator("html.yb-easy").count() == 1, "kept on this device"
    assert page.get_by_role("button", name="大字版").get_attribute("aria-pressed") == "true"

    if nginx_site.instant_url:  # Material's instant navigation: the page changes without a load
        before = len(loads)
        page.locator(".yb-tasks a", has_text="解绑").click()
        page.wait_for_url("**/unbind/")
        page.locator("article h1", has_text="解绑").wait_for()
        assert len(loads) == before, "a full page load happened"
        assert page.locator("html.yb-easy").count() == 1
        assert page.locator(".yb-easy-toggle").count() == 1
        assert page.locator(".yb-easy-toggle").get_attribute("aria-pressed") == "true"

    page.get_by_role("button", name="大字版").click()
    assert page.locator("html.yb-easy").count() == 0
    assert not [item for o in context.storage_state()["origins"] for item in o["localStorage"]]


# ------------------------------------------------------------------ search, held back while the checker starts
# Records when the page really posts to Material's search worker and when the checker became ready.
SEARCH_SPY = """
(() => {
  const post = Worker.prototype.postMessage;
  window.__searchPosts = [];
  Worker.prototype.postMessage = function (...args) {
    if (/workers\\/search\\./.test(this.__url || "")) window.__searchPosts.push(performance.now());
    return post.apply(this, args);
  };
  const W = window.Worker;
  window.Worker = class extends W { constructor(url, o) { super(url, o); this.__url = String(url); } };
  new MutationObserver(() => {
    if (document.documentElement.dataset.ybChecker === "ready") window.__checkerReady ??= performance.now();
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-yb-checker"] });
})();
"""


def search_for(page, words: str) -> list[str]:
    box = page.locator("input.md-search__input")
    if not box.is_visible():  # a phone-sized window: the search opens from the header's button
        page.locator('label[for="__search"]:visible').first.click()
    box.click()
    box.fill(words)
    page.locator(".md-search-result__item").first.wait_for(timeout=30_000)
    return page.locator(".md-search-result__item h1, .md-search-result__item h2").all_inner_texts()


def test_search_finds_guides(context, nginx_site):
    page = context.new_page()
    page.goto(nginx_site.url + "regions/")
    assert any("山西" in title for title in search_for(page, "山西"))


def test_search_works_beside_a_shared_links_answer(context, nginx_site):
    """Material's search runs as it ships (nothing holds its worker back): after a shared link's answer the search
    finds pages, and typing in the checker's form does not open it."""
    context.add_init_script(SEARCH_SPY)
    page = context.new_page()
    page.goto(nginx_site.url + SHARED)
    verdict(page)
    page.get_by_label("办理日期").fill("2024-08-01")  # typing in the form is not asking for the search
    page.get_by_label("办理日期").press("s")
    assert page.locator("#__search:checked").count() == 0
    assert any("山西" in title for title in search_for(page, "山西"))
    assert page.evaluate("window.__searchPosts.length") > 0


def test_opening_search_releases_it_at_once(context, nginx_site):
    context.add_init_script(SEARCH_SPY)
    page = context.new_page()
    page.goto(nginx_site.url + SHARED, wait_until="domcontentloaded")
    assert page.evaluate("window.__searchPosts.length") == 0
    titles = search_for(page, "山西")
    first_post, ready = page.evaluate("[window.__searchPosts[0], window.__checkerReady ?? null]")
    assert ready is None or first_post < ready, "search waited for the checker although it was opened"
    assert any("山西" in title for title in titles)


# ------------------------------------------------------------------ Material's start-up, kept light
START_SPY = """
window.__seen = {sheetHrefs: [], tables: 0};
new MutationObserver((records) => {
  for (const r of records) {
    if (r.type === "attributes" && r.target.matches("link[rel=stylesheet]"))
      window.__seen.sheetHrefs.push(document.body ? "after the body" : "before the body");
    for (const n of [...r.addedNodes, ...r.removedNodes])
      if (n.nodeName === "TABLE" && r.target.nodeType === 1 && r.target.closest("article")) window.__seen.tables++;
  }
}).observe(document, {subtree: true, childList: true, attributes: true, attributeFilter: ["href"]});
"""


def test_material_starts_without_moving_tables_or_touching_stylesheets(context, nginx_site):
    """The comparison table is written inside Material's scroller (the build), and the stylesheet links get their
    absolute address before the body exists (main.html): Material's bundle, which otherwise moves the table and
    rewrites the links (each a restyle of the whole page), finds nothing to do; the table still scrolls."""
    context.add_init_script(START_SPY)
    page = context.new_page()
    page.goto(nginx_site.url + "compare/")
    page.wait_for_load_state("load")
    assert page.locator("html.js").count() == 1
    page.wait_for_timeout(300)
    seen = page.evaluate("window.__seen")
    assert seen["sheetHrefs"] and set(seen["sheetHrefs"]) == {"before the body"}, seen
    assert seen["tables"] == 1, seen  # the parser's insertion of the one table, no move
    links = page.evaluate("[...document.querySelectorAll('link[rel=stylesheet]')].map(l => l.getAttribute('href'))")
    assert links and all(href.startswith(nginx_site.url) for href in links), links
    wrap = page.locator(".yb-compare .md-typeset__scrollwrap")
    assert wrap.count() == 1 and page.locator(".md-typeset__scrollwrap .md-typeset__scrollwrap").count() == 0
    assert page.evaluate("(w => w.scrollWidth > w.clientWidth)(document.querySelector('.yb-compare .md-typeset__scrollwrap'))")


def test_source_marks_reach_their_source_below_the_fold(browser, nginx_site):
    """The source list is drawn only when scrolled near (content-visibility): a table's [n] still takes a phone
    to its source, drawn, and find-in-page / screen readers still have its text."""
    context = browser.new_context(service_workers="block", viewport={"width": 412, "height": 823}, is_mobile=True)
    try:
        page = context.new_page()
        page.goto(nginx_site.url + "compare/")
        box = page.locator(".yb-sources")
        assert box.evaluate("e => getComputedStyle(e).contentVisibility") == "auto"
        assert "江南晚报" in box.text_content()
        mark = page.locator(".yb-compare tbody tr").first.locator("a[href$='#src-2']")
        mark.click()
        page.wait_for_url("**#src-2")
        page.wait_for_timeout(500)
        seen = page.evaluate("""() => { const r = document.getElementById('src-2').closest('li').getBoundingClientRect();
                                       return {top: r.top, height: r.height, inner: innerHeight}; }""")
        assert 0 <= seen["top"] < seen["inner"] and seen["height"] > 10, seen
    finally:
        context.close()


def test_easy_mode_button_is_in_the_page_and_hidden_without_javascript(browser, nginx_site):
    """The button is in the header's HTML (no restyle when a script adds it); without JavaScript it would do
    nothing, so it is not shown."""
    ctx = browser.new_context(java_script_enabled=False)
    try:
        page = ctx.new_page()
        page.goto(nginx_site.url + "regions/420000-hubei/")
        assert page.locator("html.no-js").count() == 1
        assert page.locator(".md-header .yb-easy-toggle").count() == 1
        assert not page.locator(".yb-easy-toggle").is_visible()
    finally:
        ctx.close()


# ------------------------------------------------------------------ glossary pop-ups
def test_glossary_terms_open_their_definition(context, nginx_site):
    page = context.new_page()
    page.goto(nginx_site.url + "regions/420000-hubei/")
    term = page.locator("abbr.yb-term", has_text="统筹区").first
    assert term.get_attribute("role") == "button" and term.get_attribute("aria-expanded") == "false"
    term.focus()
    page.keyboard.press("Enter")
    assert term.get_attribute("aria-expanded") == "true"
    box = page.locator("#" + term.get_attribute("aria-controls"))
    assert box.is_visible() and M.GLOSSARY["统筹区"] in box.inner_text()
    page.keyboard.press("Escape")
    assert term.get_attribute("aria-expanded") == "false" and page.locator(".yb-gloss").count() == 0
    term.click()  # a tap on a phone
    assert page.locator(".yb-gloss").first.is_visible()


# ------------------------------------------------------------------ 为什么？ (the maintainers' view)
def test_every_reason_explains_why(context, nginx_site):
    """Each reason's code, the rule that decided it, its layer, since when and its source ids: in the folded
    给维护者看的 at the end of an answer (open with &debug=1), never in the citizen's first view."""
    page = context.new_page()
    page.goto(nginx_site.url + SHARED)
    assert verdict(page) == "可以"
    reasons = checker.check(SCENARIO)["reasons"]
    maint = page.locator(".yb-result details.yb-maint")
    assert maint.get_attribute("open") is None
    assert not re.search(r"\b(?:\d{6}|national)\.[a-z_]+", page.locator(".yb-result").inner_text())
    maint.locator("summary", has_text="给维护者看的").click()
    why = maint.locator(".yb-why > li")
    assert why.count() == len(reasons) > 3
    layers = {"national": M.PAGE_TEXT["why_layer_national"], "regional": M.PAGE_TEXT["why_layer_regional"]}
    for box, reason in zip(why.all(), reasons):
        text = box.locator("dl").inner_text()
        assert reason["code"] in text
        assert (reason["rule"] or "—") in text
        assert layers.get(reason["layer"], "—") in text
        assert (reason["effective"] or M.PAGE_TEXT["not_stated"]) in text
        for sid in reason["source_ids"]:
            assert sid in text
    page.goto(nginx_site.url + SHARED + "&debug=1")
    assert verdict(page) == "可以"
    assert page.locator(".yb-result details.yb-maint").get_attribute("open") is not None


# ------------------------------------------------------------------ offline
def test_works_offline_after_the_first_visit(browser, built_site):
    server = SiteServer(built_site)
    ctx = browser.new_context()  # service workers allowed
    try:
        page = ctx.new_page()
        page.goto(server.url + "regions/140000-shanxi/")
        wait_offline_ready(page)
        page.goto(server.url + SHARED)
        assert verdict(page) == "可以"  # the first check: Pyodide and the checker wheel pass the service worker
        page.wait_for_timeout(1_500)

        server.stop()  # nothing answers any more
        ctx.set_offline(True)
        page.reload()
        assert verdict(page) == "可以", "the checker runs from the cache"
        page.goto(server.url + "regions/420000-hubei/unbind/")  # a guide page never opened before
        assert "湖北" in page.locator("article h1").inner_text()
        page.goto(server.url + "checker/")
        form = page.locator("form.yb-form")
        form.get_by_label("共济人（出钱的人）的参保地").select_option("420000")
        form.get_by_label("亲属是共济人的").select_option("parent")
        form.get_by_label("亲属参加的医保").select_option("resident")
        form.get_by_label("亲属在哪个省参保").select_option("same")
        form.get_by_role("button", name="查看结果").click()
        assert verdict(page) in ("可以", "不可以", "不确定")
        page.goto(server.url + "no-such-page/")
        assert "没有联网" in page.locator("h1").inner_text()
    finally:
        ctx.close()
        server.stop()


REGISTERED = "navigator.serviceWorker.getRegistration().then((r) => Boolean(r))"


def test_shared_link_holds_the_offline_copy_back_until_answered(browser, built_site):
    """A first visit from a shared link: the service worker (a few MB of precache) registers only after the
    answer is on screen, so it does not compete with Pyodide, and only once the person has paused for 3 s
    (yb-ui.js, PAUSE_MS), so it does not compete with the next answers either; the offline copy still comes."""
    server = SiteServer(built_site)
    ctx = browser.new_context()  # service workers allowed
    try:
        page = ctx.new_page()
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(server.url + SHARED)
        assert verdict(page) == "可以"
        answered = len(requests)
        assert any("/assets/pyodide/" in u for u in requests[:answered])
        assert not page.evaluate(REGISTERED), "registered before the answer"
        page.wait_for_timeout(1_000)  # a person reads the answer, then asks again
        page.get_by_label("办理日期").fill("2024-08-01")
        page.locator("form.yb-form").get_by_role("button", name="查看结果").click()
        assert verdict(page, 2) == "不可以"
        page.wait_for_timeout(1_500)
        assert not page.evaluate(REGISTERED), "registered less than 3 s after a question"
        wait_offline_ready(page)
    finally:
        ctx.close()
        server.stop()


def test_a_first_visit_compiles_pyodide_once_more_for_the_next(browser, built_site):
    """Chromium keeps V8's compiled code for a script only from its second compile out of the same cache. After
    a first visit's answer, once the service worker has put Pyodide's files in its cache, a throwaway worker
    compiles them again from there (runtime.js, compileForNextVisit); a visit that did not boot Python does not."""
    server = SiteServer(built_site)
    ctx = browser.new_context()  # service workers allowed
    try:
        workers: list[str] = []
        page = ctx.new_page()
        page.on("worker", lambda w: workers.append(w.url))
        page.goto(server.url + SHARED)
        assert verdict(page) == "可以"
        wait_offline_ready(page)
        deadline = time.monotonic() + 30
        while not any(u.endswith("/code_cache.js") for u in workers) and time.monotonic() < deadline:
            page.wait_for_timeout(200)
        assert sum(u.endswith("/code_cache.js") for u in workers) == 1, workers
        page.wait_for_timeout(2_500)  # the throwaway worker's import and its stay
        preload = page.evaluate("navigator.serviceWorker.ready.then((r) => r.navigationPreload.getState())")
        assert preload["enabled"], "the next page request starts while the service worker starts up (sw.js)"

        again: list[str] = []
        second = ctx.new_page()
        second.on("worker", lambda w: again.append(w.url))
        second.goto(server.url + SHARED)
        assert verdict(second) == "可以"
        assert second.locator("html").get_attribute("data-yb-checker-start") in ("saved", "cache")
        second.wait_for_timeout(3_000)
        assert not any(u.endswith("/code_cache.js") for u in again), again
    finally:
        ctx.close()
        server.stop()


@pytest.fixture(scope="module")
def updated_site(tmp_path_factory, bundle, site_builder) -> Path:
    """The site rebuilt after a rules change (a national note reworded): a new data_version."""
    changed = json.loads(json.dumps(bundle))
    changed.pop("data_version")
    changed["national"]["notes"][0]["text"] += "（更新）"
    changed["data_version"] = hashlib.sha256(_dump(changed)).hexdigest()[:12]
    path = tmp_path_factory.mktemp("updated") / "bundle.json"
    path.write_bytes(_dump(changed))
    return site_builder(tmp_path_factory.mktemp("updated-site") / "site", path).path


def test_new_rules_get_a_new_service_worker_version(built_site, updated_site, bundle):
    old, new = service_worker_version(built_site), service_worker_version(updated_site)
    assert old.startswith(bundle["data_version"] + "-")
    assert new != old and new.split("-")[0] != old.split("-")[0]


def test_rules_update_reaches_the_next_visit(browser, built_site, updated_site):
    old, new = service_worker_version(built_site), service_worker_version(updated_site)
    new_data = new.split("-")[0]
    server = SiteServer(built_site)
    ctx = browser.new_context(bypass_csp=True)  # only to read the page's caches with evaluate()
    try:
        page = ctx.new_page()
        page.goto(server.url + "data/")
        wait_offline_ready(page)
        assert f"yb-pages-{old}" in page.evaluate("caches.keys()")

        server.switch(updated_site)  # the rules change on the server
        page.reload()
        assert new_data in page.locator("article").inner_text(), "pages are network-first: new rules at once"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            keys = page.evaluate("caches.keys()")
            if f"yb-pages-{new}" in keys and f"yb-pages-{old}" not in keys:
                break
            page.wait_for_timeout(500)
        assert f"yb-pages-{new}" in keys and f"yb-pages-{old}" not in keys, keys

        server.stop()
        ctx.set_offline(True)
        page.goto(server.url + "national/")  # from the new version's precache
        page.goto(server.url + "data/")
        assert new_data in page.locator("article").inner_text()
    finally:
        ctx.close()
        server.stop()
