"""Who stands behind the site and titles people can see, on the built site (the session build of tests/conftest.py):

- the 关于本站 page (docs/about.md): in the navigation, linked from the home page and every page's footer, says
  "本站不是政府网站" and has the 反馈 section the 我要纠错 links lead to when no tracker is configured;
- the home page states the data date (checker.bundle.data_date: the newest 信息核实日期);
- every region page's <title> and description name the region and the task, while the navigation keeps its
  short labels (绑定, 解绑, ...) and the H1 stays the template's;
- no placeholder tracker address anywhere in the build.

The last test looks at the about page and a region guide in Chromium at 360 px (nginx, production CSP) and
keeps screenshots (YB_SCREENSHOT_DIR, else pytest's temporary folder).
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest

from checker import messages as M
from checker.bundle import data_date

ABOUT = "about/"
NOT_GOVERNMENT = "本站不是政府网站，办理以当地医保部门为准。"
# (page, what <title> must say after the region, a word of the task the description must contain, nav label)
TASKS = {"index": ("家庭共济怎么办", "怎么办", None), "bind": ("绑定家庭共济", "绑定", "绑定"),
         "unbind": ("解绑家庭共济", "解绑", "解绑"), "query": ("查询家庭共济", "查询", "查询"),
         "restore": ("恢复家庭共济", "恢复", "恢复")}


def read(site: Path, folder: str) -> str:
    return (site / folder / "index.html").read_text(encoding="utf-8")


def title_of(text: str) -> str:
    return html.unescape(re.search(r"<title>([^<]*)</title>", text).group(1))


def description_of(text: str) -> str:
    return html.unescape(re.search(r'<meta name="description" content="([^"]*)">', text).group(1))


def h1_of(text: str) -> str:
    inner = re.search(r"<h1[^>]*>(.*?)</h1>", text, re.DOTALL).group(1)
    return html.unescape(re.sub(r"<[^>]+>", "", inner)).strip()


def pages_of(site: Path) -> list[tuple[str, str]]:
    """(site URL path, HTML) of every page of the build."""
    out = []
    for file in sorted(site.rglob("*.html")):
        rel = file.relative_to(site).as_posix()
        if rel.startswith(("assets/", "search/")):
            continue
        out.append(("/" + rel.removesuffix("index.html"), file.read_text(encoding="utf-8")))
    return out


# ------------------------------------------------------------------ the about page
def test_about_page_says_who_and_that_it_is_not_a_government_site(built_site):
    text = read(built_site, ABOUT)
    assert NOT_GOVERNMENT in re.sub(r"<[^>]+>", "", text)
    assert "独立的志愿维护者" in text
    assert re.search(r'<h2 id="feedback"', text), "the 反馈 section the report links lead to"
    for anchor in ("who", "how", "privacy"):
        assert re.search(rf'<h2 id="{anchor}"', text), anchor
    for tier in ("政府网站", "官方媒体", "未经官方核实"):
        assert tier in text
    assert "信息核实日期" in text and "12393" in text
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", re.sub(r"<[^>]+>", " ", text)), "no e-mail address is made up"
    assert 'href="../data/"' in text, "the open data"


def test_about_page_is_in_the_nav_the_footer_and_on_the_home_page(built_site):
    for path, text in pages_of(built_site):
        if path == "/404.html":
            continue
        assert re.search(r'href="(?:\.\./)*about/" class="md-nav__link[^"]*">\s*<span class="md-ellipsis">\s*关于本站\s*<',
                         text) or path == "/about/" and re.search(r'md-nav__link--active[^>]*>\s*<span class="md-ellipsis">'
                                                                  r"\s*关于本站", text), path
    for path, text in pages_of(built_site):  # Material's copyright slot: every page, the 404 page too
        footer = re.search(r'<div class="md-copyright">(.*?)</div>\s*</div>', text, re.DOTALL).group(1)
        href = re.search(r'<a href="([^"]+)">关于本站</a>', footer).group(1)
        assert urljoin("http://site" + path, href) == "http://site/about/", path
        assert NOT_GOVERNMENT in footer, path
    home = read(built_site, ".")
    assert 'href="about/"' in home and NOT_GOVERNMENT in re.sub(r"<[^>]+>", "", home)


def test_home_page_states_the_data_date(built_site, bundle):
    day = data_date(bundle)
    home = read(built_site, ".")
    found = re.search(r'<p class="yb-data-date">资料核实至<time datetime="([0-9-]+)">([^<]+)</time>', home)
    assert found, "the 资料核实至 line on the home page"
    assert found.group(1) == day.isoformat()
    assert found.group(2) == f"{day.year}年{day.month}月{day.day}日"
    assert home.index("yb-data-date") < home.index('id="regions"'), "near the top, before the region list"
    assert "yb-data-date" not in read(built_site, ABOUT) and "yb-data-date" not in read(built_site, "compare/")


# ------------------------------------------------------------------ titles and descriptions
def test_region_titles_and_descriptions_name_region_and_task(built_site, bundle):
    for region in bundle["regions"]:
        for page, (task, verb, nav_label) in TASKS.items():
            folder = f"regions/{region['slug']}/" + ("" if page == "index" else page + "/")
            text = read(built_site, folder)
            title = title_of(text)
            assert title.startswith(f"{region['short']} · {task}"), (folder, title)
            description = description_of(text)
            assert region["short"] in description and verb in description, (folder, description)
            h1 = h1_of(text)
            assert h1.startswith(region["short"]) and " · " not in h1, ("the H1 is the template's", folder, h1)
            if nav_label and region["code"].endswith("0000"):  # the nav keeps its short label
                assert re.search(rf'md-nav__link--active">\s*<span class="md-ellipsis">\s*{nav_label}\s*</span>', text), folder
                assert not re.search(rf'class="md-nav__link[^"]*">\s*<span class="md-ellipsis">\s*{region["short"]} · ',
                                     text), folder


def test_national_pages_have_titles_of_their_own(built_site):
    titles = {}
    for folder in ("national/", "national/qinqing/", "national/money/", "national/uses/", "national/faq/",
                   "regions/", "compare/", "changes/", "data/", "about/", "checker/"):
        text = read(built_site, folder)
        titles[folder] = title_of(text)
        assert "家庭共济" in titles[folder] or "关于本站" in titles[folder] or "检查" in titles[folder], folder
        assert description_of(text) != "职工医保个人账户家庭共济：各地怎么绑定、解绑、查询、恢复，能不能办，依据是什么。", folder
    assert len(set(titles.values())) == len(titles), titles


# ------------------------------------------------------------------ 我要纠错 and the placeholder address
def test_no_built_file_has_the_placeholder_tracker(built_site):
    for file in built_site.rglob("*"):
        if file.is_file():
            assert b"OWNER/REPO" not in file.read_bytes(), file.relative_to(built_site)


def test_report_links_lead_to_the_feedback_section_by_default(built_site):
    """mkdocs.yml ships no tracker: every 我要纠错 link goes to about/#feedback (none disappears)."""
    seen = 0
    for path, text in pages_of(built_site):
        for href in re.findall(r'<a [^>]*class="yb-report"[^>]*href="([^"]+)"', text):
            assert urljoin("http://site" + path, href) == "http://site/about/#feedback", (path, href)
            seen += 1
        assert text.count(f">{M.REPORT_LINK}</a>") == len(re.findall(r'class="yb-report"', text)), path
    assert seen > 32 * 15


# ------------------------------------------------------------------ what a phone shows
@pytest.mark.browser
def test_about_and_region_pages_on_a_360px_phone(browser, nginx_site, bundle, tmp_path):
    shots = Path(os.environ.get("YB_SCREENSHOT_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    shanxi = next(r for r in bundle["regions"] if r["code"] == "140000")
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True, locale="zh-CN", service_workers="block")
    try:
        page = context.new_page()
        page.goto(nginx_site.url + ABOUT, wait_until="load")
        page.screenshot(path=str(shots / "about-first-screen.png"))
        page.screenshot(path=str(shots / "about-full.png"), full_page=True)
        warning = page.locator(".admonition", has_text="本站不是政府网站").first.bounding_box()
        assert warning and warning["y"] + warning["height"] <= 740, "the not-a-government-site box on the first screen"
        assert page.evaluate("document.documentElement.scrollWidth") <= 361
        assert page.locator(".md-copyright a", has_text="关于本站").is_visible()

        page.goto(nginx_site.url + f"regions/{shanxi['slug']}/bind/", wait_until="load")
        assert page.title().startswith("山西 · 绑定家庭共济")
        page.screenshot(path=str(shots / "region-bind-first-screen.png"))
        page.screenshot(path=str(shots / "region-bind-full.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= 361
        report = page.locator("a.yb-report >> visible=true").first
        report.scroll_into_view_if_needed()
        report.click()
        page.wait_for_url(re.compile(r"/about/#feedback$"))
        heading = page.locator("#feedback").bounding_box()
        assert heading and 0 <= heading["y"] < 740, "the 反馈 section in view after the click"
        page.screenshot(path=str(shots / "about-feedback.png"))

        page.goto(nginx_site.url, wait_until="load")
        date = page.locator(".yb-data-date")
        assert date.is_visible() and date.bounding_box()["y"] < 740
        page.screenshot(path=str(shots / "home-first-screen.png"))
    finally:
        context.close()
