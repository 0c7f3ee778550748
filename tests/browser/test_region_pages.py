"""Region pages lead with what to do (#26): at 360 px, in normal mode and in 大字版, the three lines (who, where, what to
watch for) start on the first screen and the steps start within the first two; the overview answers who can be
added today before any dated detail."""

from __future__ import annotations

import pytest

SCREEN = 740
PAGES = ("regions/650000-xinjiang/unbind/", "regions/140000-shanxi/bind/", "regions/110000-beijing/query/")


@pytest.fixture(params=["normal", "大字版"])
def phone(request, browser):
    ctx = browser.new_context(viewport={"width": 360, "height": SCREEN}, is_mobile=True, has_touch=True,
                              locale="zh-CN", service_workers="block")
    if request.param == "大字版":
        ctx.add_init_script('try{localStorage.setItem("yb-easy-mode","1")}catch(e){}')
    yield ctx
    ctx.close()


@pytest.mark.parametrize("path", PAGES)
def test_the_three_lines_and_the_steps_come_first(phone, nginx_site, path):
    page = phone.new_page()
    page.goto(nginx_site.url + path)
    page.wait_for_load_state("load")
    glance = page.locator(".admonition.abstract").first
    assert "先看这三条" in glance.inner_text()
    assert glance.bounding_box()["y"] < SCREEN, "the three lines start on the first screen"
    steps = page.locator("h2#steps")
    assert steps.bounding_box()["y"] < 2 * SCREEN, "the steps start within the first two screens"
    first_tab = page.locator(".tabbed-set").first
    assert first_tab.bounding_box()["y"] < 2 * SCREEN + 200


def test_the_overview_answers_who_can_be_added_today(phone, nginx_site):
    page = phone.new_page()
    page.goto(nginx_site.url + "regions/140000-shanxi/")
    page.wait_for_load_state("load")
    who = page.locator("h2#who-today")
    now = page.locator("h2#now")
    assert who.bounding_box()["y"] < now.bounding_box()["y"], "today's answers before the dated details"
    text = page.locator("article").inner_text()
    assert "配偶的父母（公婆、岳父母）：同一地市 不可以" in text
    assert "兄弟姐妹：同一地市 可以" in text
