"""#27's "reachable in at most two taps from the home page and from search", checked on the built site: the FAQ
(every question its own heading) one tap from home; each region's overview one tap from home, and on it the
troubleshooting and city sections one more tap away (the task list links them); every FAQ question, each
overview's 绑好了…用不了 and each capital's heading are search results of their own."""

from __future__ import annotations

import json
import re


def html_of(site, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8") if path else (site / "index.html").read_text(
        encoding="utf-8")


def search_titles(site) -> dict[str, str]:
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    return {d["location"]: d["title"].replace("\u200b", "") for d in docs}


def test_the_faq_and_every_region_are_one_tap_from_home(built_site, bundle):
    home = html_of(built_site, "")
    hrefs = set(re.findall(r'href="([^"]+)"', home))
    assert "national/faq/" in hrefs
    for region in bundle["regions"]:
        assert f"regions/{region['slug']}/" in hrefs, region["code"]


def test_each_faq_question_is_a_heading_and_a_search_result(built_site, bundle):
    titles = search_titles(built_site)
    for q in bundle["national"]["questions"]:
        assert titles.get(f"national/faq/#{q['id']}") == q["question"], q["id"]


def test_trouble_and_city_sections_are_one_tap_from_the_overview_and_found_by_search(built_site, bundle):
    titles = search_titles(built_site)
    for region in bundle["regions"]:
        page = html_of(built_site, f"regions/{region['slug']}")
        assert 'href="#trouble"' in page, region["code"]
        assert titles.get(f"regions/{region['slug']}/#trouble") == "绑好了，家里人却用不了？"
        if region["capital"]:
            assert titles.get(f"regions/{region['slug']}/#local-1") == f"{region['capital']}（省会）"
