"""Timings and bytes in Debian's Chromium, driven by Playwright (never a browser download) plus raw CDP.

How each figure is taken:

- Times come from the page's own clock (performance marks; 0 = navigation start), read over CDP. An init
  script (CDP Page.addScriptToEvaluateOnNewDocument, so the site's CSP does not apply to it) marks:
  `answer-N` when the N-th answer (`.yb-result[data-answer=N]`, or the bare page's `#bare-out[data-done]`)
  is in the DOM and the next frame has run, i.e. is on screen; `submit-N` at the N-th form submit;
  `intent` at the first focus/pointer/key event on a checker form; `worker` when the checker's Worker is created.
- Bytes are CDP Network.loadingFinished encodedDataLength (compressed, as nginx sent them, headers
  included), summed over the page and every worker (auto-attached over CDP before they run).
- A "second visit" relaunches the browser on the same profile: the HTTP cache and Chromium's code
  cache are kept, nothing else (no warm renderer process, no in-memory cache).
- CPU throttling: "cdp" = Emulation.setCPUThrottlingRate on the page. Chromium applies it to the page's
  main thread only (CDP refuses it for workers: "Operation is only supported for pages, not workers"),
  so the checker's worker would run at full speed. "cgroup" = the whole browser in a cgroup-v1 CPU quota
  calibrated to slow the bare page as much as CDP 4x does (see throttle.py), which slows workers too.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Error as PlaywrightError

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
TIMEOUT_S = 180

INIT_SCRIPT = r"""
(() => {
  if (window.__ybBench) return;
  window.__ybBench = true;
  const seen = new Set();
  const mark = (name) => {
    if (seen.has(name)) return;
    seen.add(name);
    performance.mark(name + ":dom");
    requestAnimationFrame(() => setTimeout(() => performance.mark(name), 0));  // after the frame is produced
  };
  const scan = () => {
    for (const n of document.querySelectorAll(".yb-result[data-answer]")) mark("answer-" + n.dataset.answer);
    const bare = document.getElementById("bare-out");
    if (bare && bare.dataset.done) mark("answer-1");
  };
  new MutationObserver(scan).observe(document, { subtree: true, childList: true, attributes: true,
                                                 attributeFilter: ["data-done", "data-answer"] });
  let submits = 0;
  addEventListener("submit", () => performance.mark("submit-" + ++submits), true);
  const intent = (event) => {
    if (event.target?.closest?.(".yb-checker")) mark("intent");
  };
  for (const type of ["focusin", "pointerdown", "keydown"]) addEventListener(type, intent, true);
  const W = window.Worker;
  if (W) window.Worker = class extends W {
    constructor(...args) {
      // the checker's worker only (Material's search worker is created later and would overwrite the mark)
      if (/\/checker\/worker\.js/.test(String(args[0]))) performance.mark("worker");
      super(...args);
      // the checker worker's progress messages ("start": Pyodide is up, "ready": the checker is imported)
      this.addEventListener("message", (e) => { if (e.data?.type === "progress") mark("w-" + e.data.stage); });
    }
  };
})();
"""


@dataclass
class Request:
    url: str
    target: str  # "page" or the worker's URL
    started: float  # CDP monotonic seconds
    bytes: int = 0
    received: int = 0  # sum of dataReceived chunks (body only): a fallback when loadingFinished never comes
    finished: bool = False
    cached: bool = False


@dataclass
class Visit:
    """One page visit: CDP network log (page + workers) and helpers to wait for and read marks."""

    page: object
    cdp: object
    requests: dict[str, Request] = field(default_factory=dict)
    target_types: dict[str, str] = field(default_factory=dict)  # targetId -> "worker" | "service_worker" | …
    _next_id: int = 1_000_000

    def attach(self, cpu_rate: float = 1, workers: bool = False) -> None:
        cdp = self.cdp
        cdp.on("Network.requestWillBeSent", lambda e: self._sent("page", e))
        cdp.on("Network.requestServedFromCache", lambda e: self._cached("page", e))
        cdp.on("Network.dataReceived", lambda e: self._data("page", e))
        cdp.on("Network.loadingFinished", lambda e: self._done("page", e))
        cdp.on("Network.loadingFailed", lambda e: self._failed("page", e))
        cdp.on("Target.attachedToTarget", self._attached)
        cdp.on("Target.receivedMessageFromTarget", self._from_target)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
        if workers:  # pauses each worker until its Network domain is on: for byte counts, not for timings
            cdp.send("Target.setAutoAttach", {"autoAttach": True, "waitForDebuggerOnStart": True, "flatten": False})
        if cpu_rate != 1:
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": cpu_rate})

    # -- CDP plumbing (workers are reached through the page session, non-flattened)
    def _post(self, session: str, method: str, params: dict | None = None) -> None:
        self._next_id += 1
        message = json.dumps({"id": self._next_id, "method": method, "params": params or {}})
        with suppress(PlaywrightError):  # the worker may already be gone
            self.cdp.send("Target.sendMessageToTarget", {"sessionId": session, "message": message})

    def _attached(self, event: dict) -> None:
        info, session = event["targetInfo"], event["sessionId"]
        self.target_types[info.get("targetId", "")] = info.get("type", "")
        for r in self.requests.values():  # the page never sees loadingFinished for a worker's own script
            if r.url == info.get("url") and not r.finished:
                r.finished = True
                r.bytes = r.bytes or r.received
        if info.get("type") in ("worker", "shared_worker", "service_worker"):
            self._post(session, "Network.enable")
        self._post(session, "Runtime.runIfWaitingForDebugger")

    def _from_target(self, event: dict) -> None:
        message = json.loads(event["message"])
        method, params = message.get("method"), message.get("params") or {}
        target = event.get("targetId", "worker")
        if method == "Network.requestWillBeSent":
            self._sent(target, params)
        elif method == "Network.requestServedFromCache":
            self._cached(target, params)
        elif method == "Network.dataReceived":
            self._data(target, params)
        elif method == "Network.loadingFinished":
            self._done(target, params)
        elif method == "Network.loadingFailed":
            self._failed(target, params)

    def _sent(self, target: str, e: dict) -> None:
        key = f"{target}:{e['requestId']}"
        url = e["request"]["url"]
        if key in self.requests and e.get("redirectResponse"):
            key += f":{len(self.requests)}"
        self.requests[key] = Request(url, target, e.get("timestamp", 0.0))

    def _cached(self, target: str, e: dict) -> None:
        if (r := self.requests.get(f"{target}:{e['requestId']}")):
            r.cached = True

    def _data(self, target: str, e: dict) -> None:
        if (r := self.requests.get(f"{target}:{e['requestId']}")):
            r.received += int(e.get("encodedDataLength", 0))

    def _done(self, target: str, e: dict) -> None:
        if (r := self.requests.get(f"{target}:{e['requestId']}")):
            r.bytes, r.finished = int(e.get("encodedDataLength", 0)), True

    def _failed(self, target: str, e: dict) -> None:
        if (r := self.requests.get(f"{target}:{e['requestId']}")):
            r.finished = True

    # -- reading the page
    def eval(self, expression: str):
        reply = self.cdp.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        return reply.get("result", {}).get("value")

    def marks(self) -> dict[str, float]:
        value = self.eval("JSON.stringify(performance.getEntriesByType('mark').map(m => [m.name, m.startTime]))")
        return {name: t for name, t in json.loads(value or "[]")}

    def wait_mark(self, name: str, timeout: float = TIMEOUT_S) -> float:
        deadline = time.monotonic() + timeout
        while True:
            marks = self.marks()
            if name in marks:
                return marks[name]
            if time.monotonic() > deadline:
                raise TimeoutError(f"no mark {name!r} after {timeout} s on {self.page.url}")
            self.page.wait_for_timeout(20)  # (not time.sleep: Playwright's sync API only handles events here)

    def wait_network_idle(self, quiet: float = 1.5, timeout: float = 120) -> None:
        """Until no request has been in flight (and none started) for `quiet` seconds."""
        deadline = time.monotonic() + timeout
        last, count = time.monotonic(), -1
        while time.monotonic() < deadline:
            busy = any(not r.finished for r in self.requests.values())
            if busy or len(self.requests) != count:
                last, count = time.monotonic(), len(self.requests)
            elif time.monotonic() - last >= quiet:
                return
            self.page.wait_for_timeout(50)

    def bytes(self, match=None, service_worker: bool = True) -> int:
        """Encoded bytes of finished requests (optionally only URLs `match` accepts; without the service
        worker's own requests when service_worker=False)."""
        return sum(r.bytes for r in self.requests.values() if (match is None or match(r.url))
                   and (service_worker or self.target_types.get(r.target) != "service_worker"))

    def urls(self) -> list[str]:
        return [r.url for r in self.requests.values()]


class Browser:
    """Launches Chromium on a profile folder; `with browser.visit(url) as v:` gives an instrumented page."""

    def __init__(self, playwright, executable: str = CHROMIUM):
        self.pw = playwright
        self.executable = executable
        self.profiles: list[Path] = []

    def new_profile(self) -> Path:
        path = Path(tempfile.mkdtemp(prefix="yb-profile-"))
        self.profiles.append(path)
        return path

    @contextmanager
    def visit(self, url: str, profile: Path, cpu_rate: float = 1, workers: bool = False,
              service_workers: str = "allow"):
        ctx = self.pw.chromium.launch_persistent_context(str(profile), executable_path=self.executable, args=FLAGS,
                                                         service_workers=service_workers,
                                                         viewport={"width": 412, "height": 823})
        try:
            page = ctx.pages[0] if ctx.pages else ctx.new_page()
            page.add_init_script(INIT_SCRIPT)
            visit = Visit(page, ctx.new_cdp_session(page))
            visit.attach(cpu_rate, workers)
            page.goto(url, wait_until="commit")
            yield visit
        finally:
            ctx.close()

    def cleanup(self) -> None:
        for path in self.profiles:
            shutil.rmtree(path, ignore_errors=True)
        self.profiles.clear()


def same_origin(base: str, url: str) -> bool:
    if url.startswith(("data:", "blob:", "about:")):
        return True
    a, b = urlsplit(base), urlsplit(url)
    return (a.scheme, a.netloc) == (b.scheme, b.netloc)
