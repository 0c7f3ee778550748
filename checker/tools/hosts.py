"""Which web hosts back which source tier: the one place for the URL-host rules (validator, compiler, source health
report and the site's links all ask here)."""

from __future__ import annotations

from urllib.parse import urlsplit

from ..vocab import MEDIA_HOSTS

OFFICIAL_HOSTS = ("gov.cn",)  # government sites


def host(url: str | None) -> str:
    return (urlsplit(url or "").hostname or "").lower()


def host_in(name: str, suffixes) -> bool:
    return any(name == s or name.endswith("." + s) for s in suffixes)


def is_official(url: str | None) -> bool:
    return host_in(host(url), OFFICIAL_HOSTS)


def is_linkable_host(url: str | None) -> bool:
    """Government and official-media pages: the only ones the site shows as links."""
    return host_in(host(url), (*MEDIA_HOSTS, *OFFICIAL_HOSTS))


def tier_problem(tier: str, url: str, mirror: bool) -> str | None:
    """Why this URL cannot back a source of this tier, or None."""
    name = host(url)
    if tier == "official" and not is_official(url):
        return f"tier 'official' needs a gov.cn host, got {name}"
    if tier == "media" and not mirror and not is_linkable_host(url):
        return f"{name} is not an official-media host; set mirror = true for a repost, or use tier 'aggregator'"
    return None


def linkable(src: dict) -> bool:
    """Only government and official-media pages are shown as links; mirrors are cited by outlet."""
    return not src.get("mirror") and is_linkable_host(src.get("url"))
