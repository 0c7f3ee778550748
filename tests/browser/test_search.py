"""Search as a person on a phone uses it, in Debian's Chromium at 360x740 (zh-CN, touch): text that comes with no
key event (pasted, voice input, some IMEs), a city name, the words of a task, no struck-through 缺少 line, and
search offline after a first visit (the service worker keeps the index: sitegen/offline.py).

Material's search reacts to keyup; yb-ui.js gives it one on each input event. Playwright's fill() and
keyboard.insert_text() send no key event, like a paste. Each test waits until the search is ready before the
text arrives, so that the results cannot come from Material reading the box when its index is loaded.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import start_nginx, stop_nginx

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True, "locale": "zh-CN"}
READY = "键入以开始搜索"  # Material's zh "search.result.placeholder": the index is loaded, nothing typed yet
OFFLINE_WORDS = "搜索需要联网"  # yb-ui.js, when there is no saved index offline


@pytest.fixture
def phone(browser):
    ctx = browser.new_context(service_workers="block", **PHONE)
    yield ctx
    ctx.close()


def open_search(page):
    page.locator('label[for="__search"]:visible').first.click()
    box = page.locator("input.md-search__input")
    box.wait_for(state="visible")
    return box


def wait_ready(page) -> None:
    page.locator(".md-search-result__meta", has_text=READY).wait_for(timeout=60_000)


def results(page, timeout: float = 30_000) -> list[tuple[str, str]]:
    """(title, page path) of each result, in order: the title of the page each result group belongs to."""
    page.locator(".md-search-result__item").first.wait_for(timeout=timeout)
    out = []
    for item in page.locator(".md-search-result__list > .md-search-result__item").all():
        path = urlsplit(item.locator("a").first.get_attribute("href") or "").path
        out.append((item.locator("h1, h2").first.inner_text().replace("\u200b", ""), path))
    return out


def first_region(rows: list[tuple[str, str]]) -> str:
    return next(path for _, path in rows if path.startswith("/regions/"))


def test_pasted_text_finds_results(phone, nginx_site):
    page = phone.new_page()
    page.goto(nginx_site.url + "regions/")
    box = open_search(page)
    wait_ready(page)
    box.fill("山西")  # no key event, like a paste
    assert any("山西" in title for title, _ in results(page))

    box.fill("")
    page.keyboard.insert_text("江苏")  # an IME or voice input committing its text: input, no key
    page.locator(".md-search-result__item h1", has_text="江苏").first.wait_for(timeout=30_000)


@pytest.mark.parametrize(("city", "slug"), [("太原", "140000-shanxi"), ("苏州", "320000-jiangsu"),
                                             ("乌鲁木齐", "650000-xinjiang"), ("海淀", "110000-beijing")])
def test_a_city_leads_to_its_province(phone, nginx_site, city, slug):
    page = phone.new_page()
    page.goto(nginx_site.url)
    box = open_search(page)
    wait_ready(page)
    box.fill(city)
    rows = results(page)
    assert first_region(rows) == f"/regions/{slug}/", rows[:3]
    page.locator(".md-search-result__item a").first.click()
    page.wait_for_url(f"**/regions/{slug}/**")
    assert city in page.locator("h2#cities + p").inner_text()


def _boosted(site: Path) -> bool:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return any("boost" in doc for doc in index["docs"] if "/unbind/" in doc["location"])


@pytest.mark.parametrize("words", ["怎么解除绑定", "解绑", "取消绑定"])
def test_task_words_rank_that_tasks_pages_first(phone, nginx_site, words):
    page = phone.new_page()
    page.goto(nginx_site.url)
    box = open_search(page)
    wait_ready(page)
    box.fill(words)
    rows = results(page)
    first = rows[0][1]
    assert _boosted(nginx_site.site), "the task pages carry their search boost (pages.SEARCH_BOOST)"
    assert first.endswith("/unbind/"), rows[:5]
    assert "解绑" in rows[0][0]


def test_no_struck_through_missing_words(phone, nginx_site):
    """Material lists the query words a result lacks, struck through (缺少: 医保); search.css hides that line."""
    page = phone.new_page()
    page.goto(nginx_site.url)
    box = open_search(page)
    wait_ready(page)
    box.fill("太原 解绑 医保")
    results(page)
    page.wait_for_timeout(500)
    terms = page.locator(".md-search-result__terms")
    assert terms.count() > 0, "this query should leave some words out of some results"
    assert all(not line.is_visible() for line in terms.all())
    assert "缺少" not in page.locator(".md-search-result").inner_text()


def test_search_works_offline_after_a_first_visit(browser, built_site, tmp_path):
    """The service worker precaches the search index and the worker's language files; offline (nothing answers,
    and the browser says offline), search still finds a city's province from the saved copy."""
    proc, served = start_nginx(Path(built_site), tmp_path / "nginx")
    ctx = browser.new_context(**PHONE)  # service workers allowed
    try:
        page = ctx.new_page()
        page.goto(served.url + "regions/140000-shanxi/")
        page.wait_for_selector("html[data-yb-offline='ready']", state="attached", timeout=90_000)

        stop_nginx(proc)
        ctx.set_offline(True)
        page.goto(served.url + "regions/320000-jiangsu/")  # a page never opened before, from the saved copy
        box = open_search(page)
        wait_ready(page)
        box.fill("太原")
        rows = results(page)
        assert "140000-shanxi" in first_region(rows), rows[:3]
        assert OFFLINE_WORDS not in page.locator(".md-search-result").inner_text()
    finally:
        ctx.close()
        stop_nginx(proc)


def test_search_says_it_needs_the_network_without_a_saved_index(phone, nginx_site):
    """No offline copy (省流量, or the first visit cut off before the index came): not 正在初始化搜索引擎 for ever."""
    page = phone.new_page()
    page.route("**/search/search_index.json", lambda route: route.abort("internetdisconnected"))
    page.goto(nginx_site.url + "regions/")
    phone.set_offline(True)
    open_search(page)
    page.locator(".md-search-result__meta", has_text=OFFLINE_WORDS).wait_for(timeout=15_000)
    phone.set_offline(False)
