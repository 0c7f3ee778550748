"""The answer first, where the person is looking (CITIZEN.md: does she get her answer and her next step on the first
screen?), in Debian's Chromium on a 360 x 740 phone, in normal mode and in 大字版.

Checked here: after every answer (a region page's form, the checker page's form, a shared link, and a later answer)
the verdict heading has the focus and sits at the top of the screen, below Material's sticky header; the relative's
province is asked before 更多选项 and has no default that can answer 可以 (a Beijing employee's mother insured in 河北
gets 不确定); a 不确定 answer shows where to settle it and the 12393 help on the first screen; a common 可以 answer
fits in three screens before its folded details; no rule id in the citizen's view; while the checker loads, what it
waits for is shown under the button; offline on a first visit, a Chinese sentence and no English.

Playwright's evaluate() is blocked by the site's CSP (it uses eval): values are read over CDP (run_js).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import fill_form

pytest.importorskip("playwright.sync_api")

ANSWER_TIMEOUT_MS = 90_000
SCREEN = {"width": 360, "height": 740}
MODES = ["normal", "easy"]
REGION_PAGE = {"140000": "regions/140000-shanxi/", "110000": "regions/110000-beijing/"}
COMMON = "checker/?v=1&a=bind&r=140000&rel=parent&rs=resident&rr=same"  # 山西, a parent, 居民医保, same province
BEIJING_HEBEI = "checker/?v=1&a=bind&r=110000&rel=parent&rs=resident&rr=130000"
NOT_INSURED = "checker/?v=1&a=bind&r=140000&rel=parent&rs=none&rr=same"
RULE_ID = re.compile(r"\b(?:\d{6}|national)\.[a-z_]+")


@pytest.fixture(scope="module")
def base_url(nginx_site):
    return nginx_site.url


def run_js(page, expression: str):
    reply = page.context.new_cdp_session(page).send(
        "Runtime.evaluate", {"expression": expression, "awaitPromise": True, "returnByValue": True})
    return reply.get("result", {}).get("value")


@pytest.fixture(params=MODES)
def phone(request, browser):
    """A phone-sized page; in 大字版 when the mode is "easy" (the preference yb-ui.js reads)."""
    context = browser.new_context(viewport=SCREEN, is_mobile=True, has_touch=True, locale="zh-CN",
                                  service_workers="block")
    if request.param == "easy":
        context.add_init_script("try { localStorage.setItem('yb-easy-mode', '1'); } catch (e) {}")
    page = context.new_page()
    page.mode = request.param
    yield page
    context.close()


@pytest.fixture
def normal_phone(browser):
    context = browser.new_context(viewport=SCREEN, is_mobile=True, has_touch=True, locale="zh-CN",
                                  service_workers="block")
    yield context.new_page()
    context.close()


# Where the n-th answer's verdict heading is on the screen, and whether it has the focus.
PLACE = """(() => {
  const heading = document.querySelector(".yb-result[data-answer='%d'] .yb-verdict");
  if (!heading) return null;
  const box = heading.getBoundingClientRect();
  return {top: box.top, bottom: box.bottom, header: document.querySelector(".md-header").getBoundingClientRect().bottom,
          screen: innerHeight, focused: document.activeElement === heading, easy: document.documentElement.classList.contains("yb-easy"),
          level: heading.tagName};
})()"""


def wait_answer(page, n: int = 1) -> str:
    strong = page.locator(f".yb-result[data-answer='{n}'] .yb-verdict strong")
    strong.wait_for(timeout=ANSWER_TIMEOUT_MS)
    return strong.inner_text()


def assert_verdict_on_top(page, n: int = 1) -> None:
    """Focused, at the top of the screen right below the sticky header, wholly in view; and still there once the page
    has settled (fonts, Material's start-up, sections drawn as they come near)."""
    for settle_ms in (0, 1500):
        page.wait_for_timeout(settle_ms)
        place = run_js(page, PLACE % n)
        assert place, "no answer"
        assert place["focused"], f"the verdict heading does not have the focus ({page.mode if hasattr(page, 'mode') else ''})"
        assert place["header"] - 1 <= place["top"] <= place["header"] + 48, place
        assert place["bottom"] <= place["screen"], place
        assert place["easy"] == (getattr(page, "mode", "normal") == "easy"), place


def bring_checker_near(page) -> None:
    """A region page's compact form is built when its place comes near the view (yb-ui.js), as when scrolled to."""
    page.locator(".yb-checker").evaluate("host => host.scrollIntoView()")
    page.locator(".yb-checker form.yb-form").wait_for()


fill = fill_form  # tests/conftest.py


# ------------------------------------------------------------------ the verdict where the eyes are
def test_region_page_answer_and_a_later_one_come_to_the_top(phone, base_url):
    phone.goto(base_url + REGION_PAGE["140000"])
    bring_checker_near(phone)
    form = phone.locator(".yb-checker form.yb-form")
    fill(form, relation="parent", scheme="resident", where="same")
    form.get_by_role("button", name="查看结果").click()
    assert wait_answer(phone) == "可以"
    assert run_js(phone, PLACE % 1)["level"] == "H3", "inside a guide page the answer is a section of it"
    assert_verdict_on_top(phone)

    fill(form, where="unknown")  # Playwright scrolls back up to the field, as a thumb would
    form.get_by_role("button", name="查看结果").click()
    assert wait_answer(phone, 2) == "不确定"
    assert_verdict_on_top(phone, 2)


def test_checker_page_answer_comes_to_the_top(phone, base_url):
    phone.goto(base_url + "checker/")
    form = phone.locator("form.yb-form")
    form.wait_for()
    fill(form, region="140000", relation="parent", scheme="resident", where="same")
    form.get_by_role("button", name="查看结果").click()
    assert wait_answer(phone) == "可以"
    assert_verdict_on_top(phone)


def test_shared_link_opens_at_its_verdict(phone, base_url):
    phone.goto(base_url + COMMON)
    assert wait_answer(phone) == "可以"
    assert_verdict_on_top(phone)
    phone.get_by_label("亲属是共济人的").select_option("parent_in_law")
    phone.locator("form.yb-form").get_by_role("button", name="查看结果").click()
    assert wait_answer(phone, 2) == "不可以"
    assert_verdict_on_top(phone, 2)


# ------------------------------------------------------------------ asking what decides the answer
def test_the_relatives_province_is_asked_and_never_defaults_to_yes(normal_phone, base_url):
    """A Beijing employee asks about her mother, insured in 河北: the form asks where the mother is insured (not
    under 更多选项), offers 请选择 / 和我在同一个省参保 / the other provinces (北京 only once) / 不清楚, refuses to answer
    without it, and answers 不确定, not 可以."""
    page = normal_phone
    page.goto(base_url + REGION_PAGE["110000"])
    bring_checker_near(page)
    form = page.locator(".yb-checker form.yb-form")
    where = form.get_by_label("亲属在哪个省参保")
    assert where.is_visible(), "asked in the open, not folded under 更多选项"
    assert where.evaluate("e => !e.closest('details')"), "not inside 更多选项"
    assert where.evaluate(
        "e => Boolean(e.compareDocumentPosition(e.form.querySelector('details.yb-more')) & Node.DOCUMENT_POSITION_FOLLOWING)")
    assert where.input_value() == "", "no default: 请选择"
    options = where.locator("option")
    assert options.nth(0).inner_text() == "请选择"
    assert options.nth(1).get_attribute("value") == "same" and options.nth(1).inner_text() == "和我在同一个省参保"
    assert options.last.get_attribute("value") == "unknown" and options.last.inner_text() == "不清楚"
    assert where.locator("option[value='110000']").evaluate("o => o.hidden && o.disabled"), "北京 is offered once"
    assert where.locator("option[value='130000']").count() == 1
    schemes = [o.get_attribute("value") for o in form.get_by_label("亲属参加的医保").locator("option").all()]
    assert "unknown" in schemes, "亲属参加的医保 offers 不清楚 too"

    fill(form, relation="parent", scheme="resident")
    form.get_by_role("button", name="查看结果").click()
    assert where.get_attribute("aria-invalid") == "true"
    message = page.locator("#" + where.get_attribute("aria-describedby"))
    assert "不清楚" in message.inner_text(), "the message says what to pick when she does not know"
    page.wait_for_timeout(500)
    assert page.locator(".yb-result").count() == 0, "no answer without it"

    where.select_option("130000")
    form.get_by_role("button", name="查看结果").click()
    assert wait_answer(page) == "不确定"
    assert "双方都在北京参保" not in page.locator(".yb-result").inner_text()


def test_an_old_link_without_the_relatives_province_still_means_the_same_province(normal_phone, base_url):
    normal_phone.goto(base_url + "checker/?v=1&a=bind&r=140000&d=2025-01-01&rel=sibling&rs=resident")
    assert wait_answer(normal_phone) == "可以"
    assert normal_phone.get_by_label("亲属在哪个省参保").input_value() == "same"
    assert "rr=same" in normal_phone.url, "the page's address now says it"


# ------------------------------------------------------------------ the next step, on the first screen
def test_uncertain_says_where_to_settle_it_on_the_first_screen(normal_phone, base_url):
    page = normal_phone
    page.goto(base_url + BEIJING_HEBEI)
    assert wait_answer(page) == "不确定"
    assert_verdict_on_top(page)
    result = page.locator(".yb-result")
    lead = result.locator(".yb-lead")
    assert "省" in lead.inner_text(), "one sentence of why: what it depends on"
    first = result.locator(".yb-next .yb-settle li").first
    help_line = result.locator(".yb-next .yb-help")
    assert "12393" in help_line.inner_text()
    assert "「" in first.inner_text(), "a concrete place: the app's menu, as its buttons read"
    bottom = run_js(page, """(() => { const h = document.querySelector(".yb-next .yb-help").getBoundingClientRect();
                                      return [h.top, h.bottom, innerHeight]; })()""")
    assert bottom[1] <= bottom[2], f"the 12393 help is below the first screen: {bottom}"
    assert first.is_visible() and help_line.is_visible()


def test_not_insured_offers_what_can_be_done_instead(normal_phone, base_url):
    page = normal_phone
    page.goto(base_url + NOT_INSURED)
    assert wait_answer(page) == "不可以"
    instead = page.locator(".yb-result .yb-next .yb-recheck")
    assert instead.is_visible()
    instead.click()
    assert wait_answer(page, 2) in ("可以", "不确定", "不可以")
    assert "p=premium" in page.url
    assert_verdict_on_top(page, 2)


def test_a_common_yes_fits_in_three_screens_before_its_details(phone, base_url):
    phone.goto(base_url + COMMON)
    assert wait_answer(phone) == "可以"
    height = run_js(phone, """(() => {
      const verdict = document.querySelector(".yb-result .yb-verdict").getBoundingClientRect().top;
      return document.querySelector(".yb-result .yb-all-reasons").getBoundingClientRect().top - verdict; })()""")
    assert 0 < height <= 3 * SCREEN["height"], f"{height:.0f} px from the verdict to the folded details"
    result = phone.locator(".yb-result")
    steps = result.locator(".yb-next .yb-steps li")
    assert steps.count() >= 1 and steps.first.is_visible(), "numbered steps of the first channel"
    assert "→" in result.locator(".yb-next .yb-path").first.inner_text(), "the menu path, 「A」→「B」"
    # the buttons to keep the answer come after the next step
    order = run_js(phone, """(() => { const r = document.querySelector(".yb-result");
      return r.querySelector(".yb-next").compareDocumentPosition(r.querySelector(".yb-actions")) & Node.DOCUMENT_POSITION_FOLLOWING; })()""")
    assert order, "print / share / copy come before the next step"


@pytest.mark.parametrize("link", [COMMON, BEIJING_HEBEI, NOT_INSURED])
def test_no_rule_ids_in_the_citizens_view(normal_phone, base_url, link):
    page = normal_phone
    page.goto(base_url + link)
    wait_answer(page)
    result = page.locator(".yb-result")
    shown = result.inner_text()
    assert not RULE_ID.search(shown), RULE_ID.search(shown).group(0)
    assert "为什么？" not in shown
    maint = result.locator("details.yb-maint")
    assert maint.get_attribute("open") is None
    maint.locator("summary").click()
    assert RULE_ID.search(maint.inner_text()), "the maintainers' view keeps them"
    page.goto(base_url + link + "&debug=1")
    wait_answer(page)
    assert page.locator(".yb-result details.yb-maint").get_attribute("open") is not None, "&debug=1 opens it"


# ------------------------------------------------------------------ loading and offline, in words, in view
def test_while_it_loads_the_status_is_under_the_button(normal_phone, base_url):
    """The 5 MB download held back: after the tap, the status line right under 「查看结果」 is in view and says
    it is downloading; then the answer comes to the top."""
    page = normal_phone
    held = []
    page.context.route(re.compile(r".*/pyodide\.asm\.wasm$"), lambda route: held.append(route))
    page.goto(base_url + REGION_PAGE["140000"])
    bring_checker_near(page)
    form = page.locator(".yb-checker form.yb-form")
    fill(form, relation="parent", scheme="resident", where="same")
    form.get_by_role("button", name="查看结果").click()
    status = page.locator(".yb-checker .yb-status")
    status.locator(".yb-status-text", has_text="正在下载检查工具").wait_for(timeout=10_000)
    assert status.get_attribute("data-state") == "loading"
    box = run_js(page, """(() => { const s = document.querySelector(".yb-checker .yb-status").getBoundingClientRect();
                                   return [s.top, s.bottom, innerHeight]; })()""")
    assert 0 <= box[0] and box[1] <= box[2], f"the status line is off-screen: {box}"
    assert "秒" in status.locator(".yb-status-tick").inner_text()
    for _ in range(50):
        if held:
            break
        page.wait_for_timeout(100)
    for route in held:
        route.continue_()
    page.context.unroute(re.compile(r".*/pyodide\.asm\.wasm$"))
    assert wait_answer(page) == "可以"
    assert_verdict_on_top(page)


ENGLISH = re.compile(r"[A-Za-z]{3,}")


def test_offline_on_a_first_visit_says_so_in_chinese(normal_phone, base_url):
    page = normal_phone
    page.goto(base_url + REGION_PAGE["140000"])
    bring_checker_near(page)
    page.context.set_offline(True)
    form = page.locator(".yb-checker form.yb-form")
    fill(form, relation="parent", scheme="resident", where="same")
    form.get_by_role("button", name="查看结果").click()
    status = page.locator(".yb-checker .yb-status[data-state='failed']")
    status.wait_for(timeout=30_000)
    text = status.inner_text()
    assert "检查工具需要先联网打开一次，之后离线也能用。" in text
    assert not ENGLISH.search(text), f"English shown to a person: {text}"
    assert page.get_by_role("button", name="重试").is_visible()
    assert page.locator(".yb-result").count() == 0
    box = run_js(page, """(() => { const s = document.querySelector(".yb-checker .yb-status").getBoundingClientRect();
                                   return [s.top, s.bottom, innerHeight]; })()""")
    assert 0 <= box[0] and box[0] < box[2], f"the message is off-screen: {box}"
    assert not ENGLISH.search(page.locator(".yb-checker").inner_text().replace("MB", "")), "no English in the form either"


# ------------------------------------------------------------------ what a person sees: screenshots to look at
@pytest.mark.parametrize("name, link", [("yes", COMMON), ("uncertain", BEIJING_HEBEI), ("no", NOT_INSURED)])
def test_screenshots_of_each_kind_of_answer(phone, base_url, tmp_path_factory, name, link):
    """Kept for a person to look at (the test's temporary folder, printed): the first screen after the answer."""
    phone.goto(base_url + link)
    wait_answer(phone)
    assert_verdict_on_top(phone)
    folder = Path(tmp_path_factory.getbasetemp()) / "answer-screens"
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}-{phone.mode}.png"
    phone.screenshot(path=str(path))
    print(path)
    assert path.stat().st_size > 5_000


def test_the_next_step_says_whose_guide_it_is_and_how_sure(normal_phone, base_url):
    """The first channel's steps in the answer carry the same marks as the guide pages: a channel that only some
    cities' guides describe names them (江苏医保云: 苏州、无锡), steps only aggregator pages give are marked (山西)."""
    from checker import messages as M

    page = normal_phone
    page.goto(base_url + "checker/?v=1&a=bind&r=320000&rel=parent&rs=resident&rr=same")
    assert wait_answer(page) == "可以"
    assert M.CHANNEL_AREA.format(area="苏州市、无锡市") in page.locator(".yb-result .yb-next").inner_text()
    page.goto(base_url + COMMON)
    assert wait_answer(page) == "可以"
    assert M.CHANNEL_UNVERIFIED in page.locator(".yb-result .yb-next").inner_text()
