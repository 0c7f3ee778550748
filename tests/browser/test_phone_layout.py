"""The pages on a phone (360 x 740, touch, zh-CN) in Debian's Chromium, as they are and in 大字版: the comparison
table keeps each row's region name and its header in view while it scrolls (extra.css .yb-compare), every channel
tab is on screen with a 44 px target, nothing fixed covers the text (no back-to-top button), and no page scrolls
sideways.

Values are read through CDP's Runtime.evaluate: Playwright's evaluate() is blocked by the site's CSP on nginx.
"""

from __future__ import annotations

import pytest

pytest.importorskip("playwright.sync_api")

WIDTH, HEIGHT = 360, 740
TAP = 44
BIND = "regions/140000-shanxi/bind/"
# the pages a phone reader goes through: home, the table, a region's overview and its task pages
PAGES = ("", "compare/", "regions/", "regions/140000-shanxi/", BIND, "regions/140000-shanxi/unbind/",
         "national/")


def run_js(page, expression: str):
    reply = page.context.new_cdp_session(page).send(
        "Runtime.evaluate", {"expression": expression, "awaitPromise": True, "returnByValue": True})
    assert "exceptionDetails" not in reply, reply["exceptionDetails"]
    return reply.get("result", {}).get("value")


@pytest.fixture(params=["normal", "easy"])
def phone(request, browser, nginx_site):
    """A page in a phone-sized context; "easy": 大字版 switched on, as a returning reader has it (localStorage)."""
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, is_mobile=True, has_touch=True,
                                  locale="zh-CN", service_workers="block")
    if request.param == "easy":
        context.add_init_script("localStorage.setItem('yb-easy-mode', '1')")
    page = context.new_page()
    page.mode = request.param
    page.site = nginx_site.url
    yield page
    context.close()


def open_page(page, path: str) -> None:
    page.goto(page.site + path)
    page.wait_for_load_state("load")
    easy = page.locator("html.yb-easy").count() == 1
    assert easy == (page.mode == "easy"), "大字版 is on exactly when asked for"


# Where a box is and what the reader's finger would hit at its middle.
HIT = """(el => { const r = el.getBoundingClientRect(); const x = r.left + r.width / 2, y = r.top + r.height / 2;
  const hit = document.elementFromPoint(x, y);
  return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, height: r.height, hit: !!hit && el.contains(hit),
          what: hit ? hit.outerHTML.slice(0, 120) : null}; })"""


def hit(page, selector: str, index: int = 0) -> dict:
    return run_js(page, f"{HIT}(document.querySelectorAll({selector!r})[{index}])")


def test_the_comparison_table_keeps_region_names_and_header_in_view(phone):
    """Swiped to its right end, each row still shows its region name, on top of the row; scrolled down, the header
    row is still there; the links at the right end (我要纠错, [n]) are not covered."""
    open_page(phone, "compare/")
    wrap = ".yb-compare .md-typeset__scrollwrap"
    # the page scrolled so that the table starts right below Material's header, as after reading the intro
    run_js(phone, f"""(() => {{ const w = document.querySelector({wrap!r});
      const top = document.querySelector('.md-header').getBoundingClientRect().bottom;
      window.scrollBy(0, w.getBoundingClientRect().top - top); }})()""")
    width = run_js(phone, f"(w => [w.scrollWidth, w.clientWidth])(document.querySelector({wrap!r}))")
    assert width[0] > width[1] * 2, f"the table scrolls sideways: {width}"
    run_js(phone, f"(w => {{ w.scrollLeft = w.scrollWidth; }})(document.querySelector({wrap!r}))")
    phone.wait_for_timeout(100)
    assert run_js(phone, f"(w => w.scrollLeft + w.clientWidth >= w.scrollWidth - 1)(document.querySelector({wrap!r}))")

    for row in range(3):
        cell = hit(phone, ".yb-compare tbody tr > td:first-child", row)
        assert 0 <= cell["left"] and cell["right"] <= WIDTH, f"row {row + 1}'s region is off screen: {cell}"
        assert 0 <= cell["top"] and cell["bottom"] <= HEIGHT, cell
        assert cell["hit"], f"row {row + 1}'s region name is covered by {cell['what']}"
        name = hit(phone, ".yb-compare tbody tr > td:first-child a", row)
        assert name["hit"] and name["height"] >= TAP - 0.5, name

    report = hit(phone, ".yb-compare tbody tr:first-child td:last-child a")
    assert report["right"] <= WIDTH and report["hit"], f"我要纠错 is covered: {report}"
    region_edge = hit(phone, ".yb-compare tbody tr:first-child td:first-child")["right"]
    marks = run_js(phone, """[...document.querySelectorAll('.yb-compare tbody tr:first-child a[href*="#src-"]')]
                             .map((a, i) => i)""")
    seen = [m for m in (hit(phone, '.yb-compare tbody tr:first-child a[href*="#src-"]', i) for i in marks)
            if m["left"] >= region_edge and m["right"] <= WIDTH and m["bottom"] <= HEIGHT]
    assert seen and all(m["hit"] for m in seen), f"a source mark in view is covered: {seen}"

    run_js(phone, f"(w => {{ w.scrollTop = 600; }})(document.querySelector({wrap!r}))")
    phone.wait_for_timeout(100)
    header = hit(phone, ".yb-compare thead th:first-child")
    assert header["hit"] and header["top"] >= 0, f"the header row left the screen: {header}"
    last = hit(phone, ".yb-compare thead th:last-child")
    assert last["hit"] and last["right"] <= WIDTH, f"报错's header is covered or off screen: {last}"
    cell = run_js(phone, f"""(() => {{ const head = document.querySelector('.yb-compare thead th').getBoundingClientRect();
      const cell = [...document.querySelectorAll('.yb-compare tbody tr > td:first-child')]
        .find(td => td.getBoundingClientRect().top >= head.bottom);
      return cell && {HIT}(cell); }})()""")
    assert cell and cell["hit"] and cell["left"] >= 0, f"scrolled down, a region name is covered: {cell}"


def test_every_channel_tab_is_on_screen_with_a_44px_target(phone):
    """The channel tabs wrap instead of scrolling sideways out of sight; each, once Material has made it a link,
    is wholly on screen, at least 44 px high, not covered; choosing the last one shows its steps."""
    open_page(phone, BIND)
    labels = phone.locator(".tabbed-set").first.locator(".tabbed-labels > label")
    labels.first.scroll_into_view_if_needed()
    phone.locator(".tabbed-labels--linked").first.wait_for(state="attached")  # Material's start, at the first scroll
    count = labels.count()
    assert count >= 3, "the page shows several channels"
    for i in range(count):
        run_js(phone, f"document.querySelectorAll('.tabbed-set')[0].querySelectorAll('.tabbed-labels > label')[{i}]"
                      ".scrollIntoView({block: 'center'})")
        box = run_js(phone, f"{HIT}(document.querySelectorAll('.tabbed-set')[0]"
                            f".querySelectorAll('.tabbed-labels > label')[{i}])")
        name = labels.nth(i).inner_text()
        assert 0 <= box["left"] and box["right"] <= WIDTH, f"tab {name} is cut off: {box}"
        assert box["height"] >= TAP - 0.5, f"tab {name} is a small target: {box}"
        assert box["hit"], f"tab {name} is covered by {box['what']}"
        link = labels.nth(i).locator("a").bounding_box()
        assert link["height"] >= TAP - 0.5 and link["x"] >= 0 and link["x"] + link["width"] <= WIDTH + 0.5, link
    assert run_js(phone, "(l => l.scrollWidth <= l.clientWidth)(document.querySelector('.tabbed-labels'))"), \
        "the tab row does not hide labels in a sideways scroller"
    labels.nth(count - 1).click()
    blocks = phone.locator(".tabbed-set").first.locator(":scope > .tabbed-content > .tabbed-block")
    assert blocks.nth(count - 1).is_visible() and not blocks.first.is_visible()


# Every fixed or sticky box on screen below Material's header (the header itself is sticky, at the top) that is not
# part of the comparison table's own scroller.
COVERING = """(() => {
  const top = document.querySelector('.md-header').getBoundingClientRect().bottom, out = [];
  for (const el of document.querySelectorAll('body *')) {
    const s = getComputedStyle(el);
    if (s.position !== 'fixed' && s.position !== 'sticky') continue;
    if (el.closest('.md-typeset__scrollwrap') || el.closest('.md-header')) continue;
    if (s.display === 'none' || s.visibility === 'hidden' || Number(s.opacity) === 0) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1 || r.right <= 0 || r.left >= innerWidth || r.bottom <= top || r.top >= innerHeight)
      continue;
    out.push(el.outerHTML.slice(0, 120));
  }
  return out;
})()"""


@pytest.mark.parametrize("path", ["compare/", BIND])
def test_nothing_fixed_covers_the_text(phone, path):
    """No back-to-top button (Material's navigation.top showed one on scrolling up, over the text and the table's
    header) nor any other fixed box over the article, however the reader scrolls."""
    open_page(phone, path)
    assert phone.locator(".md-top").count() == 0, "the back-to-top button is back (mkdocs.yml theme.features)"
    for y in (2000, 1600, 1500):  # down, then back up: Material showed its button on the way up
        run_js(phone, f"window.scrollTo(0, {y})")
        phone.wait_for_timeout(250)
    assert run_js(phone, COVERING) == []
    # what a finger at the bottom half of the screen touches is the page's text, not something laid over it
    for y in (HEIGHT // 2, HEIGHT * 3 // 4, HEIGHT - 10):
        inside = run_js(phone, f"""(e => !!e && !!e.closest('.md-main, .md-footer'))
                                   (document.elementFromPoint({WIDTH // 2}, {y}))""")
        assert inside, f"at y={y} something other than the page is on top"


@pytest.mark.parametrize("path", PAGES)
def test_no_page_scrolls_sideways(phone, path):
    """The page itself is never wider than the phone: wide things (the table, the decision diagram) scroll in a
    box of their own."""
    open_page(phone, path)
    width = run_js(phone, "document.scrollingElement.scrollWidth")
    assert width <= WIDTH, f"{path or 'home'} is {width} px wide on a {WIDTH} px phone"


def test_the_header_never_shows_a_cut_site_name(phone):
    """As it is, the site name fits the header whole; in 大字版, with no room beside the big button, it is hidden
    rather than cut to "医保…" (extra.css, narrow screens). The menu, 大字版 and search buttons stay on screen with
    44 px targets."""
    open_page(phone, "regions/140000-shanxi/")
    title = run_js(phone, """(() => { const t = document.querySelector('.md-header__title');
      const e = t.querySelector('.md-header__topic .md-ellipsis');
      return {shown: getComputedStyle(t).visibility === 'visible', text: e.textContent.trim(),
              need: e.scrollWidth, have: e.clientWidth}; })()""")
    if phone.mode == "easy":
        assert not title["shown"]
    else:
        assert title["shown"] and title["text"] == "医保家庭共济指南"
        assert title["need"] <= title["have"], f"the site name needs {title['need']} px, has {title['have']}"
    for selector in (".md-header label[for=__drawer]", ".yb-easy-toggle", ".md-header label[for=__search]"):
        box = hit(phone, selector)
        assert box["hit"] and box["right"] <= WIDTH and box["height"] >= TAP, selector
