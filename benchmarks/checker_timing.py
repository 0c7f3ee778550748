"""The checker's user-facing timings and bytes, with the bare-Pyodide floor measured in the same run.

One run = every scenario once, each on a fresh profile (cold), then the same profile relaunched (warm):

  bare          /bench-bare/ : navigation -> `1+1` on screen (cold, warm)
  link          checker/?<shared link> : navigation -> first answer on screen (cold, warm); then a second
                answer on the same page: submit -> answer on screen
  interaction   a region guide page, loaded and left idle, then the form is used: first interaction -> answer
  bytes         a guide page (once Material has started, until the network is idle), the checker page before
                any Pyodide file, and the checker page by the first answer; plus what is fetched after the
                answer (background)
"""

from __future__ import annotations

import re
import socket
import time
from urllib.parse import urlsplit

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .browser import Browser, same_origin
from .lighthouse import PAGES

SHARE = "checker/?v=1&a=bind&r=140000&d=2025-01-01&rel=sibling&rs=resident"
GUIDE = "regions/140000-shanxi/"
THINK_MS = 1000  # a person reads the first answer before changing a field: the later answer is asked 1 s after
PYODIDE = re.compile(r"/assets/pyodide/|/assets/checker/[0-9a-f]+/(?!vocab\.json)")


def _is_pyodide(url: str) -> bool:
    return bool(PYODIDE.search(url))


def _downloaded_pyodide(v) -> list[str]:
    """Pyodide/checker files that were actually transferred (the service worker's only-if-cached probes,
    which never download, and cache hits do not count)."""
    return sorted({r.url for r in v.requests.values() if _is_pyodide(r.url) and (r.bytes > 0 or not r.finished)})


def _second_answer(v) -> float:
    """Change the date, submit, wait: submit -> second answer on screen (ms)."""
    submits = sum(name.startswith("submit-") for name in v.marks())
    v.page.wait_for_timeout(THINK_MS)
    v.page.get_by_label("办理日期").fill("2024-08-01")
    v.page.locator("form.yb-form").get_by_role("button", name="查看结果").click()
    done = v.wait_mark("answer-2")
    return done - v.marks()[f"submit-{submits + 1}"]


def _started_from(v) -> str | None:
    """How the checker's Python started (worker.js): "saved" (OPFS), "cache" (cached snapshot) or "boot"."""
    return v.eval("document.documentElement.dataset.ybCheckerStart ?? null")


def _wait_kept(v, timeout_s: float = 120) -> bool:
    """After a first visit's answers: wait until the worker says the copy for the next visit is saved in OPFS
    (runtime.js marks `data-yb-checker-kept`; it waits for a pause in the person's questions). False when it
    never came (nothing to keep when Python did not boot from scratch, or no OPFS)."""
    if _started_from(v) != "boot":
        return False
    try:
        v.page.wait_for_selector("html[data-yb-checker-kept]", state="attached", timeout=timeout_s * 1000)
        return True
    except PlaywrightTimeout:
        return False  # the figures say where the warm visit started from


def _offsite(base: str, v) -> list[str]:
    return [u for u in v.urls() if not same_origin(base, u)]


def bare(browser: Browser, base: str, cpu_rate: float = 1, snapshot: str | None = None,
         stdlib: str | None = None) -> dict:
    """The bare page, cold then warm; with `snapshot` (its site path) the bare snapshot-restore page instead
    (with `stdlib`, the site path of the stdlib zip the snapshot was made with)."""
    profile = browser.new_profile()
    url = base + ("bench-bare/" if snapshot is None else f"bench-bare/snapshot.html?snap={snapshot}")
    if snapshot is not None and stdlib:
        url += f"&std={stdlib}"
    out = {}
    with browser.visit(url, profile, cpu_rate) as v:
        out["cold_ms"] = v.wait_mark("answer-1")
        out["cold_bytes"] = v.bytes()
    with browser.visit(url, profile, cpu_rate) as v:
        out["warm_ms"] = v.wait_mark("answer-1")
    return out


def link(browser: Browser, base: str, cpu_rate: float = 1, second: bool = True, service_workers: str = "allow",
         server=None) -> dict:
    """Cold then warm visit of a shared link. Between them the browser stays open until the worker has saved its
    copy for the next visit and then nginx has been quiet for 2 s, so that what the page fetches in the
    background for the next visit (the memory snapshot, the offline copy) has arrived; `background_s` says how
    long after the first answer that took."""
    profile = browser.new_profile()
    out: dict = {}
    since = time.time()
    with browser.visit(base + SHARE, profile, cpu_rate, service_workers=service_workers) as v:
        out["cold_ms"] = v.wait_mark("answer-1")
        marks = v.marks()
        out["cold_worker_ms"] = marks.get("worker")
        out["cold_start"] = _started_from(v)
        if second:
            out["cold_second_ms"] = _second_answer(v)
        answered = time.time()
        _wait_kept(v)
        if server is not None:
            rows = _log_settled(server, since, v.page, quiet_s=2.0, timeout_s=120)
            out["background_s"] = round(max((r[0] for r in rows), default=answered) - answered, 2)
        else:
            v.wait_network_idle(quiet=2.0)
        out["offsite"] = _offsite(base, v)
    with browser.visit(base + SHARE, profile, cpu_rate, service_workers=service_workers) as v:
        out["warm_ms"] = v.wait_mark("answer-1")
        out["warm_start"] = _started_from(v)
        if second:
            out["warm_second_ms"] = _second_answer(v)
    return out


def interaction(browser: Browser, base: str, cpu_rate: float = 1, idle_s: float = 2.0, server=None) -> dict:
    """A region guide page, left idle, then used: first interaction -> first answer. With the server, also
    which Pyodide files nginx sent before that first interaction (must be none)."""
    profile = browser.new_profile()
    out: dict = {}
    since = time.time()
    with browser.visit(base + GUIDE, profile, cpu_rate) as v:
        # the compact form is near the page's end and is built when scrolled near (yb-ui.js), as a person does
        v.page.locator(".yb-checker").evaluate("host => host.scrollIntoView()")
        form = v.page.locator(".yb-checker form.yb-form")
        form.wait_for(timeout=60_000)
        v.page.wait_for_timeout(idle_s * 1000)
        out["pyodide_before_intent"] = ([path for _, status, _, path in server.log(since) if _is_pyodide(path)]
                                        if server is not None else _downloaded_pyodide(v))
        form.get_by_label("亲属是共济人的").select_option("sibling")
        form.get_by_label("亲属参加的医保").select_option("resident")
        where = form.get_by_label("亲属在哪个省参保")  # asked in the open, no default (absent in older builds)
        if where.count():
            where.select_option("same")
        more = form.locator("details.yb-more")
        if more.count() and not more.get_attribute("open"):
            more.locator("summary").click()
        form.get_by_label("办理日期").fill("2025-01-01")
        form.get_by_role("button", name="查看结果").click()
        answer = v.wait_mark("answer-1")
        marks = v.marks()
        out["intent_to_answer_ms"] = answer - marks["intent"]
        out["submit_to_answer_ms"] = answer - marks["submit-1"]
    return out


def _log_settled(server, since: float, page, quiet_s: float = 2.5, timeout_s: float = 60) -> list:
    """nginx's log lines since `since`, once nothing new has been logged for quiet_s (service worker included)."""
    deadline = time.monotonic() + timeout_s
    count, last = -1, time.monotonic()
    while time.monotonic() < deadline:
        rows = server.log(since)
        if len(rows) != count:
            count, last = len(rows), time.monotonic()
        elif time.monotonic() - last >= quiet_s:
            break
        page.wait_for_timeout(250)
    return server.log(since)


def html_response_bytes(base: str, path: str) -> int:
    """Bytes on the wire of one page's HTML response (status line, headers, brotli body), as a browser gets it."""
    url = urlsplit(base + path)
    with socket.create_connection((url.hostname, url.port or 80), timeout=30) as sock:
        sock.sendall((f"GET {url.path or '/'} HTTP/1.1\r\nHost: {url.netloc}\r\nAccept: text/html\r\n"
                      "Accept-Encoding: gzip, deflate, br\r\nConnection: close\r\n\r\n").encode())
        total = 0
        while chunk := sock.recv(65536):
            total += len(chunk)
    return total


def page_bytes(browser: Browser, base: str, server=None) -> dict:
    """Transfer sizes on a first visit (workers paused at start until CDP watches their network, so these
    visits are not timed): a guide page; the checker page before any Pyodide file; the checker by its first
    answer (shared link); and what is fetched after that answer, in the background, for the next visit."""
    out: dict = {"html_response": {name: html_response_bytes(base, path) for name, path in PAGES.items()}}
    with browser.visit(base + SHARE, browser.new_profile(), workers=True) as v:
        v.wait_mark("answer-1")
        out["answer_bytes"] = v.bytes()
        out["answer_pyodide_bytes"] = v.bytes(_is_pyodide)
        v.wait_network_idle(quiet=3.0)
        out["background_bytes"] = v.bytes() - out["answer_bytes"]
        out["files"] = {u.rsplit("/", 1)[-1]: r for u, r in
                        ((r.url, r.bytes) for r in v.requests.values() if _is_pyodide(r.url))}
        out["answer_offsite"] = _offsite(base, v)
    since = time.time()
    with browser.visit(base + GUIDE, browser.new_profile(), workers=True) as v:
        v.page.wait_for_load_state("load")
        # everything the page fetches, Material's start included (its search index and sitemap)
        v.wait_network_idle(quiet=2.5)
        out["guide_bytes"] = v.bytes(service_worker=False)
        out["guide_bytes_with_sw"] = v.bytes()
        if server is not None:
            rows = _log_settled(server, since, v.page)
            out["guide_log_bytes"] = sum(r[2] for r in rows)
            out["guide_log_requests"] = len(rows)
        out["guide_requests"] = len(v.requests)
        out["guide_pyodide"] = _downloaded_pyodide(v)
        if server is not None:
            out["guide_pyodide"] = sorted({path for _, _, _, path in server.log(since) if _is_pyodide(path)})
        out["guide_offsite"] = _offsite(base, v)
    with browser.visit(base + "checker/", browser.new_profile(), workers=True) as v:
        v.page.wait_for_load_state("load")
        v.wait_network_idle(quiet=2.5)
        reqs = sorted(v.requests.values(), key=lambda r: r.started)
        first = next((r.started for r in reqs if _is_pyodide(r.url)), None)
        before = [r for r in reqs if first is None or r.started < first]
        out["checker_page_bytes"] = sum(r.bytes for r in before if not _is_pyodide(r.url)
                                        and v.target_types.get(r.target) != "service_worker")
        out["checker_page_bytes_with_sw"] = sum(r.bytes for r in before if not _is_pyodide(r.url))
        out["checker_page_requests"] = len(before)
        out["checker_idle_preload"] = first is not None
        out["checker_offsite"] = _offsite(base, v)
    return out
