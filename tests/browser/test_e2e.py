"""End to end in Debian's Chromium (Playwright, no browser download): the built site, served by Debian's nginx
with the production configuration and Content-Security-Policy, answers through Pyodide in a Web Worker.

Checked here: answers for several scenarios, shared links (same answer; broken links give a message, never a
crash or injection), errors next to the field, lazy loading (no Pyodide byte before the user interacts on a
region page, nor before the page has loaded on the checker page), one worker across instant navigation, the
failure states, and that no request of any kind leaves the local origin.

Playwright's evaluate() is blocked by the CSP (it uses eval), so everything goes through locators.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import fill_form

playwright = pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
ANSWER_TIMEOUT_MS = 90_000
PYODIDE_FILES = re.compile(r"/assets/pyodide/|/assets/checker/[0-9a-f]+/(?!vocab\.json)")

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium: make system")


@pytest.fixture(scope="session")
def site(built_site) -> Path:
    """The site built once per session by tests/conftest.py (`mkdocs build --strict`)."""
    return Path(built_site)


def instant_navigation_address(site: Path) -> tuple[str, int] | None:
    """Material's instant navigation only works when the page's port matches site_url's (its sitemap keeps
    the port and takes the hostname from the page). So serve on that port, on 127.0.0.2 so that a running
    `make serve` on 127.0.0.1 is not in the way. None when site_url has no explicit port."""
    loc = re.search(r"<loc>(https?://[^<]+)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))
    port = urlsplit(loc.group(1)).port if loc else None
    return ("127.0.0.2", port) if port else None


@pytest.fixture(scope="session")
def base_url(nginx_site):
    """The built site served by Debian's nginx with the production config, CSP included (nginx_site in
    tests/conftest.py), on site_url's port when that address is free so that instant navigation works.
    The browser is conftest.py's session `browser` (one Chromium shared by all browser tests)."""
    return nginx_site.instant_url or nginx_site.url


class Recorder:
    """Every request and worker a page makes, in the order the browser reported them."""

    def __init__(self, page):
        self.events: list[tuple[str, str]] = []
        self.dialogs: list[str] = []
        page.on("request", lambda r: self.events.append(("request", r.url)))
        page.on("load", lambda _: self.events.append(("load", page.url)))
        page.on("worker", lambda w: self.events.append(("worker", w.url)))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def urls(self) -> list[str]:
        return [url for kind, url in self.events if kind == "request"]

    def pyodide_requests(self) -> list[str]:
        return [u for u in self.urls() if PYODIDE_FILES.search(u)]


@pytest.fixture
def page(browser, base_url):
    context = browser.new_context(service_workers="block")
    pg = context.new_page()
    pg.recorder = Recorder(pg)
    yield pg
    offsite = [u for u in pg.recorder.urls() if not u.startswith(base_url) and not u.startswith(("data:", "blob:"))]
    context.close()
    assert not offsite, f"requests left the local origin: {offsite}"
    assert not pg.recorder.dialogs, f"a dialog opened (injection?): {pg.recorder.dialogs}"


def region_path(site: Path, code: str) -> str:
    """The shortest page path that carries the compact checker for this region."""
    pages = sorted((p for p in site.rglob("*.html") if f'data-region="{code}"' in p.read_text(encoding="utf-8")),
                   key=lambda p: len(p.parts))
    assert pages, f"no page with the compact checker for {code}"
    return pages[0].relative_to(site).as_posix().removesuffix("index.html")


fill = fill_form  # tests/conftest.py


def verdict(page, answer: int | None = None) -> str:
    which = f"[data-answer='{answer}']" if answer else ""
    box = page.locator(f".yb-result{which} .yb-verdict strong")
    box.wait_for(timeout=ANSWER_TIMEOUT_MS)
    return box.inner_text()


def submit_and_read(page, **values) -> str:
    form = page.locator("form.yb-form")
    old = page.locator(".yb-result")
    answer = int(old.get_attribute("data-answer")) + 1 if old.count() else 1
    fill(form, **values)
    form.get_by_role("button", name="查看结果").click()
    return verdict(page, answer)


def test_checker_page_answers_and_shares(page, base_url):
    page.goto(base_url + "checker/")
    page.locator("form.yb-form").wait_for()
    assert page.get_by_label("办理日期").input_value(), "the date defaults to today"

    assert submit_and_read(page, region="140000", date="2025-01-01", relation="sibling", scheme="resident",
                           where="same") == "可以"
    share = page.get_by_role("link", name="分享这个结果的链接").get_attribute("href")
    reasons = page.locator(".yb-reasons").text_content()
    assert "v=1" in share and "r=140000" in share and "d=2025-01-01" in share and "rr=same" in share
    assert "v=1" in page.url, "the page URL carries the answer's state"
    assert page.locator(".yb-reasons .yb-sources-box").count() > 0, "reasons come with sources"

    assert submit_and_read(page, date="2024-08-01") == "不可以"
    assert "兄弟姐妹" in page.locator(".yb-result .yb-lead").inner_text(), "the reason that decided it, first"
    assert "兄弟姐妹" in page.locator(".yb-reasons").text_content()
    assert submit_and_read(page, date="2025-01-01", relation="parent_in_law") == "不可以"

    # Open the shared link fresh: pre-filled and answered the same way.
    page.goto(share)
    assert verdict(page) == "可以"
    assert page.locator(".yb-reasons").text_content() == reasons
    assert page.get_by_label("亲属是共济人的").input_value() == "sibling"


def test_sources_link_only_when_linkable(page, base_url):
    page.goto(base_url + "checker/?v=1&a=bind&r=140000&d=2025-01-01&rel=sibling&rs=resident")
    verdict(page)
    page.locator(".yb-result .yb-all-reasons > summary").click()  # the reasons and their sources are folded
    page.locator(".yb-reasons .yb-sources-box summary").first.click()
    assert page.locator(".yb-source-list a").count() + page.locator(".yb-source-list li").count() > 0
    for link in page.locator(".yb-source-list a").all():
        assert re.match(r"https?://", link.get_attribute("href"))
    unverified = page.locator(".yb-unverified")  # some are in parts still folded: their text, drawn or not
    assert all("未经官方核实" in mark.text_content() for mark in unverified.all())


@pytest.mark.parametrize("query, field", [
    ("?v=1&a=bind&r=%3Cscript%3Ealert(1)%3C%2Fscript%3E&rel=sibling&rs=resident", "共济人（出钱的人）的参保地"),
    ("?v=1&a=fly&r=140000", "要办的事"),
    ("?v=1&r=140000&d=2025-13-45&rel=sibling&rs=resident", "办理日期"),
    ("?v=1&r=140000&r=110000&rel=sibling&rs=resident", "共济人（出钱的人）的参保地"),
    ("?v=99&r=140000", None),
    ("?v=1&r=" + "1" * 2000, None),
    ("?v=1&r=140000&rel=%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E", "亲属是共济人的"),
])
def test_broken_links_give_a_message(page, base_url, query, field):
    page.goto(base_url + "checker/" + query)
    error = page.locator(".yb-form-error")
    error.wait_for()
    assert "分享链接" in error.inner_text() or "链接" in error.inner_text()
    if field:
        control = page.get_by_label(field)
        assert control.get_attribute("aria-invalid") == "true"
        described = page.locator("#" + control.get_attribute("aria-describedby"))
        assert described.inner_text().strip()
    assert page.locator(".yb-result").count() == 0
    assert page.locator("img[src='x']").count() == 0


def test_unknown_keys_are_ignored(page, base_url):
    """WeChat appends from=…&isappinstalled=0 to forwarded links; the answer must survive that."""
    page.goto(base_url + "checker/?v=1&a=bind&r=140000&d=2025-01-01&rel=sibling&rs=resident&from=singlemessage")
    assert verdict(page) == "可以"


def test_errors_next_to_the_field(page, base_url):
    page.goto(base_url + "checker/")
    form = page.locator("form.yb-form")
    form.get_by_label("共济人（出钱的人）的参保地").select_option("140000")
    form.get_by_role("button", name="查看结果").click()
    relation = page.get_by_label("亲属是共济人的")
    assert relation.get_attribute("aria-invalid") == "true"
    message = page.locator("#" + relation.get_attribute("aria-describedby"))
    assert "关系" in message.inner_text()
    page.get_by_label("亲属年龄（周岁，可不填）").fill("200")
    form.get_by_role("button", name="查看结果").click()
    age = page.get_by_label("亲属年龄（周岁，可不填）")
    assert "0到130" in page.locator("#" + age.get_attribute("aria-describedby")).inner_text()


def bring_checker_near(page) -> None:
    """Scroll to a guide page's compact form: its script and the form come when its place is near the view."""
    page.locator(".yb-checker").evaluate("host => host.scrollIntoView()")


def test_region_page_loads_its_checker_when_near_and_pyodide_only_on_interaction(page, base_url, site):
    page.goto(base_url + region_path(site, "140000"))
    page.wait_for_load_state("load")
    page.wait_for_timeout(1_000)
    scripts = [u for u in page.recorder.urls() if "/javascripts/checker/" in u]
    assert scripts == [], "the form is a few screens below: its script waits until it is near"
    assert page.locator(".yb-checker form").count() == 0
    bring_checker_near(page)
    form = page.locator(".yb-checker form.yb-form")
    form.wait_for()
    page.wait_for_timeout(2_500)  # idle time: a region page must not fetch the 5 MB runtime on its own
    assert page.recorder.pyodide_requests() == []
    assert form.get_by_label("共济人（出钱的人）的参保地").input_value() == "140000", "pre-filled with the region"
    assert submit_and_read(page, date="2025-01-01", relation="sibling", scheme="resident", where="same") == "可以"
    assert page.recorder.pyodide_requests()


def test_checker_page_prefetches_only_after_load(page, base_url):
    page.goto(base_url + "checker/")
    page.locator(".yb-status[data-state='ready']").wait_for(timeout=ANSWER_TIMEOUT_MS)
    kinds = [(kind, url) for kind, url in page.recorder.events if kind == "load" or PYODIDE_FILES.search(url)]
    assert kinds[0][0] == "load", f"Pyodide was fetched before the page had loaded: {kinds[:3]}"


def test_shared_link_starts_the_worker_from_the_head(page, base_url):
    """The checker page's inline head script starts the worker before any page script has loaded;
    runtime.js adopts it (one worker, its early messages replayed) and answers."""
    page.goto(base_url + "checker/?v=1&a=bind&r=140000&d=2025-01-01&rel=sibling&rs=resident")
    assert verdict(page) == "可以"
    urls = page.recorder.urls()
    worker = next(i for i, u in enumerate(urls) if u.endswith("/javascripts/checker/worker.js"))
    runtime = next(i for i, u in enumerate(urls) if u.endswith("/javascripts/checker/runtime.js"))
    assert worker < runtime, "the worker was started by runtime.js, not by the head script"
    workers = [url for kind, url in page.recorder.events if kind == "worker" and "checker/worker.js" in url]
    assert len(workers) == 1, workers
    assert page.evaluate("window.__ybEarlyWorker") is None, "adopted"
    assert submit_and_read(page, date="2024-08-01") == "不可以", "the adopted worker keeps answering"
    # The worker asks for the wasm as it boots, before Pyodide's loader starts (its first request is the lock
    # file), and Pyodide takes that response: one download.
    pyodide = page.recorder.pyodide_requests()
    wasm = [i for i, u in enumerate(pyodide) if u.endswith("/pyodide.asm.wasm")]
    assert len(wasm) == 1, pyodide
    assert wasm[0] < next(i for i, u in enumerate(pyodide) if u.endswith("/pyodide-lock.json")), pyodide


# Read over CDP (Runtime.evaluate is not subject to the page's CSP, which blocks Playwright's evaluate()).
SAVED_FILES = """(async () => {
  try {
    const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle("yb-checker");
    const out = {};
    for await (const [name, handle] of dir.entries()) out[name] = (await handle.getFile()).size;
    return out;
  } catch { return {}; }
})()"""


def run_js(page, expression: str):
    reply = page.context.new_cdp_session(page).send(
        "Runtime.evaluate", {"expression": expression, "awaitPromise": True, "returnByValue": True})
    return reply.get("result", {}).get("value")


def started_from(page) -> str:
    """How the checker's Python started on this page (worker.js): "saved", "cache" or "boot"."""
    page.locator("html[data-yb-checker-start]").wait_for(state="attached", timeout=ANSWER_TIMEOUT_MS)
    return page.locator("html").get_attribute("data-yb-checker-start")


def wait_saved(page, expected: dict[str, int], timeout_s: float = 60) -> dict[str, int]:
    deadline = time.monotonic() + timeout_s
    while (saved := run_js(page, SAVED_FILES)) != expected and time.monotonic() < deadline:
        page.wait_for_timeout(250)
    return saved


def test_a_repeat_visit_starts_from_the_snapshot_saved_in_opfs(browser, base_url, site):
    """After a first answer the worker keeps the memory snapshot and the stdlib zip in the origin private file
    system (saved.js); the next visit restores Python from there and answers. A saved snapshot that will not
    restore is dropped: that visit starts from the HTTP cache, answers the same, and saves a good copy again."""
    html = (site / "checker" / "index.html").read_text(encoding="utf-8")
    files = [re.search(rf'<meta name="yb-{name}" content="([^"]+)"', html).group(1) for name in ("snapshot", "stdlib")]
    expected = {Path(f).name: (site / f).stat().st_size for f in files}
    link = "checker/?v=1&a=bind&r=140000&d=2025-01-01&rel=sibling&rs=resident"
    context = browser.new_context(service_workers="block")
    try:
        first = context.new_page()
        first.goto(base_url + link)
        assert verdict(first) == "可以"
        assert started_from(first) == "boot"
        assert wait_saved(first, expected) == expected, "the snapshot and the stdlib zip were not saved whole"
        first.locator("html[data-yb-checker-kept='yes']").wait_for(state="attached", timeout=ANSWER_TIMEOUT_MS)

        second = context.new_page()
        second.goto(base_url + link.replace("2025-01-01", "2024-08-01"))
        assert verdict(second) == "不可以"
        assert started_from(second) == "saved"
        assert submit_and_read(second, date="2025-01-01") == "可以", "later answers from the restored snapshot"

        snapshot = Path(files[0]).name
        # zeros under the snapshot's name: too short (the wasm will not link), then of the right size (Python's
        # state would be garbage); Pyodide itself would wait forever after the first
        for size in (1 << 20, expected[snapshot]):
            run_js(second, f"""(async () => {{
              const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle("yb-checker");
              const out = await (await dir.getFileHandle("{snapshot}")).createWritable();
              await out.write(new Uint8Array({size}));
              await out.close();
            }})()""")
            assert run_js(second, SAVED_FILES)[snapshot] == size
            again = context.new_page()
            again.goto(base_url + link)
            assert verdict(again) == "可以"
            assert started_from(again) == "cache"
            assert wait_saved(again, expected) == expected, "a good copy was not saved again"
            again.close()
    finally:
        context.close()


# Records when Material's bundle defines window.document$ (its start), when the first answer is in the DOM, and each
# DOMContentLoaded; an init script, so it runs before the page's own scripts and is not subject to the CSP.
MATERIAL_CLOCK = """(() => {
  window.__ybClock = [];
  let value;
  Object.defineProperty(window, "document$", { configurable: true, get: () => value,
    set: (v) => { value = v; __ybClock.push("material"); } });
  new MutationObserver(() => {
    if (document.querySelector(".yb-result[data-answer]") && !__ybClock.includes("answer")) __ybClock.push("answer");
  }).observe(document, { subtree: true, childList: true });
  document.addEventListener("DOMContentLoaded", () => __ybClock.push("dcl"));
})();"""


def test_material_starts_as_it_ships_on_a_shared_link(page, base_url):
    """Nothing holds Material's bundle back: on a shared link it starts during load, before the first answer, and
    the page keeps one bundle script, run as Material ships it."""
    page.add_init_script(MATERIAL_CLOCK)
    page.goto(base_url + "checker/?v=1&a=bind&r=140000&d=2025-01-01&rel=sibling&rs=resident")
    assert verdict(page) == "可以"
    clock = run_js(page, "__ybClock")
    assert clock.index("material") < clock.index("answer") and clock.count("material") == 1, clock
    assert run_js(page, "[...document.querySelectorAll('script[src*=\"/bundle.\"]')].map(s => s.type)") == [""]
    page.get_by_role("button", name="大字版").wait_for()
    assert submit_and_read(page, date="2024-08-01") == "不可以"


def test_a_guide_page_starts_material_during_load_and_search_answers_at_once(page, base_url):
    """On a guide page Material's bundle runs before DOMContentLoaded, once; its search key "/" opens the search on
    the first press and the search answers what was typed."""
    page.add_init_script(MATERIAL_CLOCK)
    page.goto(base_url + "regions/140000-shanxi/")
    page.wait_for_load_state("load")
    assert run_js(page, "__ybClock") == ["material", "dcl"]
    page.keyboard.press("/")
    box = page.locator("input.md-search__input")
    assert box.evaluate("e => e === document.activeElement"), "the search field has the focus"
    page.keyboard.type("山西")
    page.locator(".md-search-result__item").first.wait_for(timeout=30_000)
    assert "山西" in " ".join(page.locator(".md-search-result__item").all_inner_texts())


def test_tabs_keep_their_size_when_material_links_them(page, base_url):
    """Material's start wraps each tab label in a link (content.tabs.link): the labels keep the 44 px tap target
    (extra.css), the link filling it, and the first tab's steps sit right below them. (On a phone the labels wrap
    onto several lines: tests/browser/test_phone_layout.py.)"""
    page.goto(base_url + "regions/140000-shanxi/bind/")
    page.locator(".tabbed-labels--linked").first.wait_for(state="attached")
    labels = page.locator(".tabbed-labels").first.locator("label")
    assert labels.count() >= 3
    for i in range(labels.count()):
        assert labels.nth(i).locator("a").bounding_box()["height"] >= 43.5, "the tap target stays 44 px"
        assert labels.nth(i).bounding_box()["height"] <= 46, "the label did not grow when it became a link"


def test_checker_page_without_a_shared_link_starts_nothing_early(page, base_url):
    page.goto(base_url + "checker/")
    page.locator(".yb-status[data-state='ready']").wait_for(timeout=ANSWER_TIMEOUT_MS)  # the idle preload
    urls = page.recorder.urls()
    worker = next(i for i, u in enumerate(urls) if u.endswith("/javascripts/checker/worker.js"))
    runtime = next(i for i, u in enumerate(urls) if u.endswith("/javascripts/checker/runtime.js"))
    assert runtime < worker, "without a shared link the worker waits for runtime.js (and the idle time)"


def test_one_worker_across_instant_navigation(page, base_url, site):
    if urlsplit(base_url).port != (instant_navigation_address(site) or ("", -1))[1]:
        pytest.skip("instant navigation needs the port of site_url")
    page.goto(base_url + "checker/?v=1&a=bind&r=140000&d=2025-01-01&rel=sibling&rs=resident")
    assert verdict(page) == "可以"
    region = region_path(site, "140000")
    loads = sum(kind == "load" for kind, _ in page.recorder.events)
    page.get_by_role("link", name="山西的完整办理指南").click()  # Material's instant navigation: no page load
    page.wait_for_url(f"**/{region}")
    # the region page's compact form: Material may change the address before it swaps the content, and until then
    # the checker page's form (data-full) and its answer are still there
    checker = page.locator(".yb-checker:not([data-full])")
    checker.locator("form.yb-form").wait_for()
    assert page.locator(".yb-checker[data-full]").count() == 0
    assert checker.locator(".yb-status[data-state='ready']").count() == 1, "the worker survived the page change"
    assert submit_and_read(page, date="2024-08-01", relation="sibling", scheme="resident", where="same") == "不可以"
    workers = [url for kind, url in page.recorder.events if kind == "worker" and "checker/worker.js" in url]
    assert len(workers) == 1, workers
    assert sum(kind == "load" for kind, _ in page.recorder.events) == loads, "a full page load happened"


def test_checker_page_reached_by_instant_navigation_gets_its_form(page, base_url, site):
    """The home page carries no checker script; Material's instant navigation does not run the checker page's
    <head> scripts: yb-ui.js adds bridge.js when the checker page's form is in view."""
    if urlsplit(base_url).port != (instant_navigation_address(site) or ("", -1))[1]:
        pytest.skip("instant navigation needs the port of site_url")
    page.goto(base_url)
    page.wait_for_load_state("load")
    assert not [u for u in page.recorder.urls() if "/javascripts/checker/" in u]
    loads = sum(kind == "load" for kind, _ in page.recorder.events)
    page.locator("a.md-button--primary[href$='/checker/']").click()
    page.wait_for_url("**/checker/")
    page.locator(".yb-checker[data-full] form.yb-form").wait_for()
    assert sum(kind == "load" for kind, _ in page.recorder.events) == loads, "a full page load happened"
    assert submit_and_read(page, region="140000", date="2025-01-01", relation="sibling", scheme="resident",
                           where="same") == "可以"


def test_failure_is_shown_not_a_spinner(page, base_url):
    page.context.route(re.compile(r".*pyodide\.asm\.wasm$"), lambda route: route.abort())
    page.goto(base_url + "checker/?v=1&a=bind&r=140000&d=2025-01-01&rel=sibling&rs=resident")
    status = page.locator(".yb-status[data-state='failed']")
    status.wait_for(timeout=15_000)  # fails fast, long before the 2-minute load timeout
    assert "12393" in status.inner_text()
    assert not re.search(r"[A-Za-z]{4,}", status.inner_text()), "the browser's own (English) message is not shown"
    assert page.get_by_role("button", name="重试").is_visible()
    assert page.locator(".yb-result").count() == 0


@pytest.mark.parametrize("missing", ["WebAssembly", "Worker"])
def test_old_browser_is_told_and_keeps_the_guide(page, base_url, site, missing):
    page.add_init_script(f"delete globalThis.{missing};")  # an old browser, or wasm disabled by policy
    page.goto(base_url + region_path(site, "140000"))
    bring_checker_near(page)
    note = page.locator(".yb-unsupported")
    note.wait_for()
    assert "WebAssembly" in note.inner_text()
    assert page.locator("article h1").inner_text(), "the static guide is still there"
    assert page.recorder.pyodide_requests() == []


def test_print_checklist_hides_the_form(page, base_url):
    page.goto(base_url + "checker/?v=1&a=bind&r=140000&d=2025-01-01&rel=sibling&rs=resident")
    verdict(page)
    page.emulate_media(media="print")
    assert not page.locator(".yb-actions").is_visible()
    assert page.locator(".yb-steps li").first.is_visible()
