"""Validate the rules folder: every mistake becomes one line naming the file, the field and the problem.

Pure standard library (tomllib); the field checks are in checks.py. `load_rules` returns the parsed
files once they are valid; the compiler builds the bundle from that.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path

from ..paths import RULES_DIR
from ..regions import BY_CODE, REGIONS
from ..vocab import STALE_AFTER_DAYS
from . import provenance
from .questions import check_questions
from .checks import (  # noqa: F401  (RulesFile and Report are this module's API too)
    NATIONAL_KEYS, NOTE_KEYS, REGION_KEYS, TIMELINE_KEYS, USE_KEYS, Report, RulesFile, _check_channels, _check_facts,
    _check_source, _check_sourced_list, _Checker, _read,
)


DEAD_KEYS = {"url", "checked", "replacement", "note"}


def load_dead_links(rules_dir: Path) -> dict[str, dict]:
    """url -> registry entry (empty when the registry file is absent or broken; validate reports why)."""
    path = rules_dir / "dead_links.toml"
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return {}
    return {d["url"]: d for d in data.get("dead", []) if isinstance(d, dict) and isinstance(d.get("url"), str)}


def _check_dead_links(rules_dir: Path, report: Report, sources_seen: dict) -> None:
    path = rules_dir / "dead_links.toml"
    if path.exists():
        c = _Checker(report, path, rules_dir)
        data = _read(path, c)
        if data is not None:
            c.unknown_keys("", data, {"dead"})
            entries = data.get("dead", [])
            if not isinstance(entries, list):
                c.error("dead", "expected a list of [[dead]] entries")
                entries = []
            for i, entry in enumerate(entries):
                where = f"dead[{i}]"
                if not isinstance(entry, dict):
                    c.error(where, "expected a table")
                    continue
                c.unknown_keys(where, entry, DEAD_KEYS)
                for key in ("url", "replacement"):
                    if key in entry or key == "url":
                        value = entry.get(key)
                        if not isinstance(value, str) or not re.match(r"^https?://[^\s/]+\.[^\s/]+", value):
                            c.error(f"{where}.{key}", f"expected an http(s) URL, got {value!r}")
                c.date(f"{where}.checked", entry.get("checked"))
                if "note" in entry:
                    c.text(f"{where}.note", entry["note"])
    dead = load_dead_links(rules_dir)
    for url, users in sorted(sources_seen.items()):
        if url in dead:
            for name, sid in users:
                hint = f"; replacement: {dead[url]['replacement']}" if dead[url].get("replacement") else ""
                report.warnings.append(f"{name}: sources.{sid}.url: known dead link (dead_links.toml){hint}")
        if len(users) > 1:
            ids = ", ".join(sid for _, sid in users)
            report.warnings.append(f"{users[0][0]}: sources.{users[0][1]}.url: the same URL is cited under several ids ({ids})")


def _check_capital(c, region, checked, today: dt.date) -> None:
    """A province says when its capital's own rules were last searched for; a municipality has no capital."""
    if region.capital is None:
        if checked is not None:
            c.error("capital_checked", f"{region.name} has no provincial capital (a municipality or the 兵团)")
        return
    if checked is None:
        c.error("capital_checked", f"missing: the date {region.capital}'s own rules were last searched for "
                                   f"(its claims carry area = \"{region.capital}\")")
        return
    when = c.date("capital_checked", checked)
    if when and when > today:
        c.error("capital_checked", f"{when} is in the future")


def validate(rules_dir: Path = RULES_DIR, today: dt.date | None = None) -> Report:
    """Check every rules file; return errors, stale-data warnings and the parsed files."""
    report = Report()
    today = today or dt.date.today()
    sources: dict[str, str] = {}  # id -> file that defines it
    tables: dict[str, dict] = {}  # id -> the source's table (provenance checks)
    sources_seen: dict[str, list[tuple[str, str]]] = {}  # url -> [(file, id)]
    cited: list[tuple[str, str, str]] = []  # (file, field, source id)
    channel_ids: dict[str, str] = {}
    seen_regions: dict[str, str] = {}

    national = rules_dir / "national.toml"
    region_paths = sorted((rules_dir / "regions").glob("*.toml")) if (rules_dir / "regions").is_dir() else []
    stray = sorted(p for p in (rules_dir / "regions").glob("*") if p.suffix != ".toml") if (rules_dir / "regions").is_dir() else []
    for p in stray:
        report.errors.append(f"{p}: (file): not a .toml rules file")
    if not national.exists():
        report.errors.append(f"{national}: (file): missing national rules file")

    for path in ([national] if national.exists() else []) + region_paths:
        is_national = path == national
        c = _Checker(report, path, rules_dir, national=is_national)
        data = _read(path, c)
        if data is None:
            continue
        c.unknown_keys("", data, NATIONAL_KEYS if is_national else REGION_KEYS)
        verified = c.date("verified", data.get("verified"))
        code = None
        if is_national:
            if data.get("level") != "national":
                c.error("level", "expected \"national\"")
        else:
            m = re.match(r"^(\d{6})-([a-z]+)\.toml$", path.name)
            code = data.get("code")
            region = BY_CODE.get(code) if isinstance(code, str) else None
            if region is None:
                c.error("code", f"unknown region code {code!r} (GB/T 2260 province-level code, see checker/regions.py)")
            else:
                if not m or path.name != f"{region.slug}.toml":
                    c.error("(file)", f"file name must be {region.slug}.toml")
                if data.get("name") != region.name:
                    c.error("name", f"expected {region.name!r} for {code}, got {data.get('name')!r}")
                if code in seen_regions:
                    c.error("code", f"duplicate region {code}: also defined in {seen_regions[code]}")
                seen_regions[code] = c.name
                _check_capital(c, region, data.get("capital_checked"), today)
            if "local_name" in data:
                c.text("local_name", data["local_name"])
        c.text("name", data.get("name"))
        if verified and (today - verified).days > STALE_AFTER_DAYS:
            report.warnings.append(f"{c.name}: verified: facts last verified {verified}, "
                                   f"more than {STALE_AFTER_DAYS} days ago (stale)")
        if verified and verified > today:
            c.error("verified", f"{verified} is in the future")

        file_cited: list[tuple[str, str]] = []
        srcs = data.get("sources", {})
        if not isinstance(srcs, dict):
            c.error("sources", "expected [sources.<id>] tables")
            srcs = {}
        for sid, src in srcs.items():
            _check_source(c, sid, src, verified)
            if isinstance(src, dict) and isinstance(src.get("url"), str):
                sources_seen.setdefault(src["url"], []).append((c.name, sid))
            if sid in sources:
                c.error(f"sources.{sid}", f"duplicate source id (also defined in {sources[sid]})")
            else:
                sources[sid] = c.name
                if isinstance(src, dict):
                    tables[sid] = src
        _check_facts(c, data.get("facts"), file_cited)
        _check_channels(c, data.get("channels"), file_cited, channel_ids)
        _check_sourced_list(c, "notes", data.get("notes"), NOTE_KEYS, file_cited)
        if is_national:
            uses = data.get("uses")
            if not isinstance(uses, dict):
                c.error("uses", "missing: national file must list what the money may and may not pay")
            else:
                c.unknown_keys("uses", uses, {"may_pay", "may_not_pay"})
                for key in ("may_pay", "may_not_pay"):
                    _check_sourced_list(c, f"uses.{key}", uses.get(key), USE_KEYS, file_cited)
            _check_sourced_list(c, "timeline", data.get("timeline"), TIMELINE_KEYS, file_cited, dated=True)
            check_questions(c, data.get("questions"), file_cited)
        cited.extend((c.name, w, s) for w, s in file_cited)
        report.files.append(RulesFile(path=path, data=data, region=code))

    _check_dead_links(rules_dir, report, sources_seen)
    for name, where, sid in cited:
        if sid not in sources:
            report.errors.append(f"{name}: {where}: source id {sid!r} is not defined in any [sources] table")
    errors, warnings = provenance.check(report.files, tables, lambda path: _Checker(report, path, rules_dir).name)
    report.errors += errors
    report.warnings += warnings
    for region in REGIONS:
        if region.code not in seen_regions:
            report.errors.append(f"{rules_dir / 'regions' / (region.slug + '.toml')}: (file): "
                                 f"missing rules file for {region.code} {region.name}")
    return report


def load_rules(rules_dir: Path = RULES_DIR, today: dt.date | None = None) -> Report:
    """Validate and raise RulesError if anything is wrong."""
    from ..errors import RulesError

    report = validate(rules_dir, today)
    if report.errors:
        raise RulesError(report.errors)
    return report
