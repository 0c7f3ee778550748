"""Privacy, in Debian's Chromium against the site served by nginx with its production CSP (conftest.py).

People type family details into the checker. The promise on the checker page is that nothing leaves their
browser and nothing is kept: so load every kind of page, answer in the full checker and in a guide's compact
one, while recording every request and response, then look at everything the site could have stored.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
ANSWER_TIMEOUT_MS = 90_000
# Values typed into the forms below, distinctive enough to find anywhere they might be stored.
REGION, DATE, AGE = "140000", "2025-03-17", "47"
TYPED = (DATE, AGE + "岁", f"r={REGION}", f'"{REGION}"', "sibling", "resident")
# \bplausible\b: the tracker (plausible.io), not the word "implausible" in the checker's own validator source
TRACKERS = re.compile(r"google-analytics|googletagmanager|gtag\(|hm\.baidu\.com|cnzz|umeng|matomo|piwik|\bplausible\b"
                      r"|clarity\.ms|sentry|hotjar|mixpanel|segment\.(?:io|com)|doubleclick|beacon|_hmt", re.IGNORECASE)

# Everything this origin can keep in the browser, read from inside the page.
STORED = """async () => {
  const out = {local: {...localStorage}, session: {...sessionStorage}, cookie: document.cookie, idb: [], caches: []};
  const req = (r) => new Promise((ok, ko) => { r.onsuccess = () => ok(r.result); r.onerror = () => ko(r.error); });
  for (const {name} of (await indexedDB.databases?.()) ?? []) {
    const db = await req(indexedDB.open(name));
    for (const store of db.objectStoreNames) {
      out.idb.push(`${name}/${store}: ${JSON.stringify(await req(db.transaction(store).objectStore(store).getAll()))}`);
    }
    db.close();
  }
  for (const name of (await globalThis.caches?.keys()) ?? []) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) out.caches.push(`${name}: ${request.url}`);
  }
  return out;
}"""


def fill_and_answer(page, scope: str, *, region: str | None) -> None:
    form = page.locator(f"{scope} form.yb-form".strip())
    if region:
        form.get_by_label("共济人（出钱的人）的参保地").select_option(region)
    form.get_by_label("亲属是共济人的").select_option("sibling")
    form.get_by_label("亲属参加的医保").select_option("resident")
    form.get_by_label("亲属在哪个省参保").select_option("same")
    more = form.locator("details.yb-more")
    if more.count() and more.get_attribute("open") is None:
        more.locator("summary").click()
    form.get_by_label("办理日期").fill(DATE)
    form.get_by_label("亲属年龄（周岁，可不填）").fill(AGE)
    form.get_by_role("button", name="查看结果").click()
    page.locator(f"{scope} .yb-result .yb-verdict strong".strip()).wait_for(timeout=ANSWER_TIMEOUT_MS)


def test_nothing_leaves_the_browser_and_nothing_is_kept(browser, nginx_site, page_types, bundle):
    base = nginx_site.instant_url or nginx_site.url
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(base))
    context = browser.new_context()  # service workers allowed, as in a real browser
    requests: list[tuple[str, str]] = []
    set_cookies: list[str] = []
    context.on("request", lambda r: requests.append((r.method, r.url)))
    context.on("response", lambda r: "set-cookie" in r.headers and set_cookies.append(r.url))
    try:
        page = context.new_page()
        for path in page_types:
            page.goto(base + path)
            page.wait_for_load_state("load")

        page.goto(base + "checker/")
        fill_and_answer(page, "", region=REGION)
        assert f"d={DATE}" in page.url, "the answer's state is in the URL the person may choose to share"
        slug = next(r["slug"] for r in bundle["regions"] if r["code"] == REGION)
        page.goto(f"{base}regions/{slug}/bind/")
        page.locator(".yb-checker").evaluate("host => host.scrollIntoView()")  # the form comes when near the view
        fill_and_answer(page, ".yb-checker", region=None)
        page.wait_for_timeout(500)  # let anything deferred (a beacon, a cache write) happen

        stored = page.evaluate(STORED)
        cookies = context.cookies()
    finally:
        context.close()

    offsite = [url for _, url in requests if urlsplit(url).scheme not in ("data", "blob")
               and "{0.scheme}://{0.netloc}".format(urlsplit(url)) != origin]
    assert not offsite, f"requests left the site: {offsite}"
    assert {method for method, _ in requests} <= {"GET"}, "nothing is sent (no POST, no beacon)"
    assert not cookies and not stored["cookie"] and not set_cookies, (cookies, set_cookies)
    kept = [f"{where} {key}={value}" for where in ("local", "session") for key, value in stored[where].items()]
    kept += [f"IndexedDB {entry}" for entry in stored["idb"]] + [f"Cache Storage {entry}" for entry in stored["caches"]]
    leaked = [entry for entry in kept if any(value in entry for value in TYPED)]
    assert not leaked, f"answers were stored in the browser: {leaked}"
    # Material keeps only its own interface preferences (palette, tabs), under its "__" keys.
    assert all(re.search(r"__\w+$", key) for key in [*stored["local"], *stored["session"]]), kept


def test_no_analytics_or_tracking_in_the_site(built_site):
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert not re.search(r"^\s*(analytics|consent):", config, re.MULTILINE), "no analytics (or cookie consent) configured"
    found = []
    for path in Path(built_site).rglob("*"):
        if path.suffix in (".html", ".js", ".mjs", ".json", ".xml") and "pyodide" not in path.parts:
            for match in TRACKERS.finditer(path.read_text(encoding="utf-8", errors="replace")):
                found.append(f"{path.relative_to(built_site)}: {match.group(0)}")
    assert not found, found[:20]
