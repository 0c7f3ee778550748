"""Accessibility, in Debian's Chromium against the site served by nginx (fixtures in conftest.py).

- axe-core (npm, pinned in package-lock.json) finds no WCAG 2.0/2.1 A or AA violation on the home page, a
  region overview, a guide, the comparison table, and the checker before an answer, with field errors and
  after an answer (sources unfolded), and on a guide whose compact checker has answered.
- The checker works by keyboard alone, and an error is tied to its field (aria-describedby), in a live
  region, with the focus moved to the field.
- No sideways scrolling of the page on a 360 px phone, nor at 200% zoom with doubled text: only a wide table
  may scroll, inside its own box.

axe is injected as an inline script, which the site's CSP forbids, so the audits use a context that ignores
the CSP; tests/test_trust_serving.py checks the site under its real CSP.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ANSWER_TIMEOUT_MS = 90_000
REGION = "140000"  # 山西

pytestmark = pytest.mark.skipif(not AXE.exists(), reason="needs node_modules/axe-core: make setup (npm ci)")


def region_slug(bundle: dict, code: str = REGION) -> str:
    return next(r["slug"] for r in bundle["regions"] if r["code"] == code)


# The source lists and tile maps are drawn only when scrolled near (content-visibility: auto, extra.css); until
# then their size is a stand-in and axe would take colours from whatever the stand-in leaves at an element's
# place. People see them drawn, so the audit draws them first.
DRAW_EVERYTHING = ".md-typeset .yb-sources, .md-typeset .yb-map { content-visibility: visible !important; }"


def axe_violations(page) -> list[str]:
    page.add_style_tag(content=DRAW_EVERYTHING)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", WCAG_AA)
    return [f"{v['id']} ({v['impact']}, {len(v['nodes'])}x): {v['help']}: "
            + "; ".join(" ".join(n["target"]) for n in v["nodes"][:5]) for v in result["violations"]]


def answer(page, scope: str = "", **values) -> None:
    """Fill the checker form inside `scope` and wait for the answer."""
    form = page.locator(f"{scope} form.yb-form".strip())
    old = page.locator(".yb-result")
    expected = int(old.get_attribute("data-answer")) + 1 if old.count() else 1
    if "region" in values:
        form.get_by_label("共济人（出钱的人）的参保地").select_option(values["region"])
    form.get_by_label("亲属是共济人的").select_option(values.get("relation", "sibling"))
    form.get_by_label("亲属参加的医保").select_option(values.get("scheme", "resident"))
    form.get_by_label("亲属在哪个省参保").select_option(values.get("where", "same"))
    more = form.locator("details.yb-more")
    if more.count() and more.get_attribute("open") is None:
        more.locator("summary").click()
    form.get_by_label("办理日期").fill(values.get("date", "2025-01-01"))
    form.get_by_role("button", name="查看结果").click()
    page.locator(f".yb-result[data-answer='{expected}'] .yb-verdict strong").wait_for(timeout=ANSWER_TIMEOUT_MS)


def unfold(page) -> None:
    """Open every <details> (sources, more options) so that axe audits what they hide too."""
    for summary in page.locator("details:not([open]) > summary").all():
        if summary.is_visible():
            summary.click()


@pytest.fixture(scope="module")
def audit(browser, nginx_site):
    context = browser.new_context(bypass_csp=True, service_workers="block")
    yield context, nginx_site.url
    context.close()


def open_state(page, base: str, slug: str, state: str) -> None:
    if state == "home":
        page.goto(base)
    elif state == "regions index (map)":
        page.goto(f"{base}regions/")
    elif state == "region overview":
        page.goto(f"{base}regions/{slug}/")
    elif state == "region guide (bind)":
        page.goto(f"{base}regions/{slug}/bind/")
        page.locator(".yb-checker").evaluate("host => host.scrollIntoView()")  # the form comes when near the view
        page.locator(".yb-checker form.yb-form").wait_for()
    elif state == "region guide, answered":
        page.goto(f"{base}regions/{slug}/bind/")
        page.locator(".yb-checker").evaluate("host => host.scrollIntoView()")
        answer(page, ".yb-checker")
        unfold(page)
    elif state == "comparison table":
        page.goto(f"{base}compare/")
    elif state == "checker, before an answer":
        page.goto(f"{base}checker/")
        page.locator("form.yb-form").wait_for()
    elif state == "checker, field errors":
        page.goto(f"{base}checker/")
        page.get_by_role("button", name="查看结果").click()
        page.locator(".yb-field-error:not(:empty)").first.wait_for()
    elif state == "checker, answered":
        page.goto(f"{base}checker/")
        answer(page, region=REGION)
        unfold(page)
    elif state == "checker, bad shared link":
        page.goto(f"{base}checker/?v=1&r=%3Cb%3E&rel=sibling")
        page.locator(".yb-form-error").wait_for()
    else:
        raise AssertionError(state)


@pytest.mark.parametrize("state", [
    "home", "regions index (map)", "region overview", "region guide (bind)", "region guide, answered", "comparison table",
    "checker, before an answer", "checker, field errors", "checker, answered", "checker, bad shared link",
])
def test_axe_finds_no_wcag_aa_violation(audit, bundle, state):
    context, base = audit
    page = context.new_page()
    try:
        open_state(page, base, region_slug(bundle), state)
        violations = axe_violations(page)
    finally:
        page.close()
    assert not violations, "\n".join(violations)


# ------------------------------------------------------------------ keyboard only, under the real CSP
@pytest.fixture
def page(browser, nginx_site):
    context = browser.new_context(service_workers="block")
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    context.close()
    assert not errors, errors


def focused(page):
    return page.locator(":focus")


def tab_to(page, name: str, limit: int = 80, attribute: str = "name") -> None:
    """Press Tab until the form control called `name` (or whose `attribute` is `name`) has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(page).count() and focused(page).get_attribute(attribute) == name:
            return
    raise AssertionError(f"Tab never reached the field {name!r}")


def arrow_to(page, value: str, limit: int = 60) -> None:
    """In a focused <select>, press ArrowDown until `value` is chosen (as a keyboard user does)."""
    for _ in range(limit):
        if focused(page).input_value() == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"ArrowDown never reached {value!r}")


def test_checker_by_keyboard_alone(page, nginx_site):
    page.goto(nginx_site.url + "checker/")
    page.locator("form.yb-form").wait_for()
    tab_to(page, "a")
    assert focused(page).input_value() == "bind"
    page.keyboard.press("Tab")
    arrow_to(page, REGION)
    page.keyboard.press("Tab")
    arrow_to(page, "sibling")
    page.keyboard.press("Tab")
    arrow_to(page, "resident")
    page.keyboard.press("Tab")  # where the relative is insured: asked in the open, no default
    arrow_to(page, "same")
    tab_to(page, "age", limit=12)  # a date input takes one Tab per part (year, month, day)
    page.keyboard.type("40")
    page.keyboard.press("Enter")
    verdict = page.locator(".yb-result[data-answer='1'] .yb-verdict strong")
    verdict.wait_for(timeout=ANSWER_TIMEOUT_MS)
    assert verdict.inner_text() in ("可以", "不可以", "不确定")
    assert page.locator(".yb-result:focus, .yb-result :focus").count() == 1, \
        "the answer (its verdict) takes the focus, so it is read out"

    # The answer's links and buttons are reachable by Tab too (e.g. to print the checklist).
    for _ in range(80):
        page.keyboard.press("Tab")
        if focused(page).count() and focused(page).inner_text().strip() == "打印清单":
            break
    else:
        raise AssertionError("Tab never reached 「打印清单」")
    assert focused(page).evaluate("(el) => el.tagName") == "BUTTON", "a real button: Enter and Space work"


def test_errors_are_tied_to_their_field_and_announced(page, nginx_site):
    page.goto(nginx_site.url + "checker/")
    page.locator("form.yb-form").wait_for()
    relation = page.get_by_label("亲属是共济人的")
    message = page.locator("#" + relation.get_attribute("aria-describedby"))
    assert message.evaluate("(el) => getComputedStyle(el).display") != "none", \
        "the live region is rendered (empty) before the message arrives, else screen readers may miss it"
    tab_to(page, "r")
    arrow_to(page, REGION)
    tab_to(page, "submit", limit=20, attribute="type")  # on to 「查看结果」, then Enter
    page.keyboard.press("Enter")

    assert relation.get_attribute("aria-invalid") == "true"
    assert focused(page).get_attribute("name") == "rel", "the focus moves to the first field with a problem"
    assert "关系" in message.inner_text() and message.is_visible()
    live = page.locator(f"#{message.get_attribute('id')}[aria-live], [aria-live] #{message.get_attribute('id')}, "
                        f"[role=alert] #{message.get_attribute('id')}, #{message.get_attribute('id')}[role=alert]")
    assert live.count() >= 1, "the message is in a live region (aria-live or role=alert)"

    # Fixing the field and answering clears the message and the invalid state.
    relation.focus()
    arrow_to(page, "sibling")
    page.keyboard.press("Tab")
    arrow_to(page, "resident")
    page.keyboard.press("Tab")
    arrow_to(page, "same")
    tab_to(page, "submit", limit=20, attribute="type")
    page.keyboard.press("Enter")
    page.locator(".yb-result .yb-verdict strong").wait_for(timeout=ANSWER_TIMEOUT_MS)
    assert relation.get_attribute("aria-invalid") is None
    assert message.inner_text().strip() == ""


# ------------------------------------------------------------------ reflow: phones and 200%
REFLOW = """() => {
  const root = document.scrollingElement;
  const width = root.clientWidth;
  const scrollsInOwnBox = (node) => {
    for (let p = node.parentElement; p && p !== document.body; p = p.parentElement) {
      const overflow = getComputedStyle(p).overflowX;
      if ((overflow === "auto" || overflow === "scroll") && p.getBoundingClientRect().right <= width + 1) return true;
    }
    return false;
  };
  const outside = [];
  for (const node of document.querySelectorAll(".md-content *")) {
    const box = node.getBoundingClientRect();
    if (!box.width || !box.height || box.right <= width + 1 || scrollsInOwnBox(node)) continue;
    outside.push(`${node.tagName.toLowerCase()}.${String(node.className).split(" ")[0]} right=${Math.round(box.right)}`);
  }
  return {scrollWidth: root.scrollWidth, clientWidth: width, outside: outside.slice(0, 8)};
}"""
VIEWS = {
    "phone 360px": {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True,
                    "has_touch": True},
    "200% zoom, doubled text": {"viewport": {"width": 640, "height": 400}, "device_scale_factor": 2},
}
DOUBLE_TEXT = "html { font-size: 250% !important; }"  # Material's 125% root size, doubled


@pytest.mark.parametrize("view", list(VIEWS))
def test_no_sideways_scrolling(browser, nginx_site, bundle, view):
    context = browser.new_context(bypass_csp=True, service_workers="block", **VIEWS[view])
    slug = region_slug(bundle)
    problems = []
    try:
        page = context.new_page()
        for state in ("home", "region guide (bind)", "comparison table", "checker, answered"):
            open_state(page, nginx_site.url, slug, state)
            if "doubled" in view:
                page.add_style_tag(content=DOUBLE_TEXT)
            page.wait_for_timeout(100)
            seen = page.evaluate(REFLOW)
            if seen["scrollWidth"] > seen["clientWidth"] + 1 or seen["outside"]:
                problems.append(f"{state}: {seen}")
    finally:
        context.close()
    assert not problems, "\n".join(problems)
