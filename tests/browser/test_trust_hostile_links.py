"""Hostile shared links on the checker page, in Debian's Chromium against nginx with the real CSP.

A checker link carries its state in the query (`checker/?v=1&a=bind&r=140000…`); people forward such links,
apps rewrite them and anyone can craft one. tests/test_e2e.py covers a script tag and an <img onerror> in a
field, a bad action, date and version, a repeated key and a 2 kB value. Here: garbage, 10 kB links, URL
schemes, invalid percent-encoding and Unicode tricks. Each gives a clear visible message, never a crash
(no uncaught error), never a dialog, never an injected element, never an answer; and the form still works.
"""

from __future__ import annotations

import pytest
from conftest import fill_form

ANSWER_TIMEOUT_MS = 90_000

HOSTILE = {
    "garbage": "?v=1&%%%&&==&r&rel=%ZZ&a",
    "invalid utf-8": "?v=1&r=%ED%A0%80%C0%AF&rel=sibling",
    "10 kB of keys": "?v=1&" + "a=bind&" * 1_430,
    "10 kB value": "?v=1&rel=" + "%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E" * 250,
    "img onerror in region": "?v=1&a=bind&r=%3Cimg%20src%3Dx%20onerror%3Dalert(document.domain)%3E",
    "svg onload in date": "?v=1&r=140000&d=%3Csvg%20onload%3Dalert(1)%3E&rel=sibling&rs=resident",
    "javascript: url": "?v=1&a=javascript%3Aalert(1)&r=140000",
    "javascript: in region": "?v=1&r=javascript:alert(1)//&rel=sibling&rs=resident",
    "full-width digits": "?v=1&r=%EF%BC%91%EF%BC%94%EF%BC%90%EF%BC%90%EF%BC%90%EF%BC%90&rel=sibling&rs=resident",
    "right-to-left override": "?v=1&r=140000%E2%80%AE&rel=sibling&rs=resident",
    "zero-width space": "?v=1&r=140000&rel=sib%E2%80%8Bling&rs=resident",
    "emoji": "?v=1&r=140000&rel=sibling&rs=%F0%9F%92%A3",
    "null byte": "?v=1&r=140000%00&rel=sibling&rs=resident",
    "negative age": "?v=1&r=140000&rel=sibling&rs=resident&age=-1",
    "exponent age": "?v=1&r=140000&rel=sibling&rs=resident&age=1e3",
    "impossible date": "?v=1&r=140000&d=2025-02-30&rel=sibling&rs=resident",
    "version garbage": "?v=%3Cscript%3Ealert(1)%3C%2Fscript%3E&r=140000",
    "prototype keys": "?v=1&__proto__=x&constructor=y&toString=z&r=hasOwnProperty",
}


@pytest.fixture(scope="module")
def context(browser):
    ctx = browser.new_context(service_workers="block")
    yield ctx
    ctx.close()


@pytest.fixture(scope="module")
def clean_script_count(context, nginx_site) -> int:
    """How many <script> elements the checker page has after a clean load (the baseline for injections)."""
    page = context.new_page()
    page.goto(nginx_site.url + "checker/")
    page.locator("form.yb-form").wait_for()
    count = page.locator("script").count()
    page.close()
    return count


@pytest.fixture
def page(context):
    pg = context.new_page()
    pg.problems = []
    pg.on("pageerror", lambda e: pg.problems.append(f"uncaught: {e}"))
    pg.on("dialog", lambda d: (pg.problems.append(f"dialog: {d.message}"), d.dismiss()))
    yield pg
    pg.close()


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_link_gets_a_message_not_an_injection(page, nginx_site, clean_script_count, name):
    page.goto(nginx_site.url + "checker/" + HOSTILE[name])
    error = page.locator(".yb-form-error")
    error.wait_for(state="visible")
    assert "链接" in error.inner_text(), "the message says the link is the problem"
    assert error.get_attribute("role") == "alert"
    page.wait_for_timeout(300)  # anything injected would have run by now
    assert page.locator(".yb-result").count() == 0, "no answer from a broken link"
    assert page.locator("img[src='x'], svg[onload], [onerror], [onload], [onclick]").count() == 0
    assert page.locator("script").count() == clean_script_count, "no script element was added"
    assert page.locator("a[href^='javascript:' i]").count() == 0
    text = page.locator("body").inner_text()
    for payload in ("onerror", "onload", "alert(", "javascript:", "<img", "<svg", "<script"):
        assert payload not in text, f"the link's text is shown on the page: {payload}"
    assert not page.problems, page.problems


def test_form_still_works_after_a_hostile_link(page, nginx_site):
    page.goto(nginx_site.url + "checker/" + HOSTILE["10 kB value"])
    page.locator(".yb-form-error").wait_for(state="visible")
    form = page.locator("form.yb-form")
    fill_form(form, region="140000", relation="sibling", scheme="resident", where="same")
    form.get_by_label("办理日期").fill("2025-01-01")
    form.get_by_role("button", name="查看结果").click()
    assert page.locator(".yb-result .yb-verdict strong").inner_text(timeout=ANSWER_TIMEOUT_MS) == "可以"
    assert page.locator(".yb-form-error").inner_text() == "", "the old message is gone"
    assert "v=1" in page.url and len(page.url) < 300, "the page URL now carries the new, short state"
    assert not page.problems, page.problems


@pytest.mark.parametrize("query", ["?from=singlemessage&isappinstalled=0", "?h=%E5%B1%B1%E8%A5%BF"])
def test_foreign_queries_are_ignored_quietly(page, nginx_site, query):
    """Not a checker link (WeChat's forwarding tags, Material's search highlight): no message, the empty form."""
    page.goto(nginx_site.url + "checker/" + query)
    page.locator("form.yb-form").wait_for()
    page.locator(".yb-status").wait_for()
    assert page.locator(".yb-form-error").inner_text() == ""
    assert page.locator("[aria-invalid='true']").count() == 0
    assert not page.problems, page.problems
