"""The field-by-field checks of one rules file (validate.py walks the files and the cross-file rules).

Every problem is one line, `file: field: problem`, collected by a _Checker.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..vocab import (
    CHANNEL_KINDS, NATIONAL_KINDS, PLAIN_FACT_EXTRAS, PLAIN_FACTS, STEP_KEYS, TIERS, TIMELINE_FACTS,
)
from .hosts import is_official, tier_problem


# Text shown to people is inserted into Markdown/HTML: refuse markup characters outright.
_MARKUP = re.compile(r"[<>\[\]{}|*_`\\#]")
_PARTIAL_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]))?$")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,80}$")

# capital_checked: when the capital's own rules were last searched for (claims for it carry area = the capital)
REGION_KEYS = {"code", "name", "verified", "capital_checked", "local_name", "sources", "facts", "channels", "notes"}
NATIONAL_KEYS = {"level", "name", "verified", "sources", "facts", "channels", "notes", "uses", "timeline", "questions"}
# `area`: a source about one city (its own area), a fact, period, channel or note that holds for named cities only.
SOURCE_KEYS = {"title", "described", "publisher", "date", "undated", "tier", "url", "mirror", "note", "area"}
PERIOD_KEYS = {"from", "from_after", "from_by", "until", "value", "sources", "note", "area", "kind"}
PLAIN_KEYS = {"value", "unknown", "note", "sources", "since", "area", "kind"}
CHANNEL_KEYS = {"id", "kind", "name", "path", "bind", "unbind", "query", "url", "note", "sources", "area",
                *(f"{k}_sources" for k in STEP_KEYS)}
NOTE_KEYS = {"id", "text", "sources", "area"}
_AREA = re.compile(r"^[\u4e00-\u9fff·]{2,20}(市|州|盟|地区|区|县)(、[\u4e00-\u9fff·]{2,20}(市|州|盟|地区|区|县))*$")
USE_KEYS = {"text", "sources"}
TIMELINE_KEYS = {"date", "title", "text", "sources"}


@dataclass
class RulesFile:
    path: Path
    data: dict
    region: str | None  # region code, or None for national


@dataclass
class Report:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    files: list[RulesFile] = field(default_factory=list)


class _Checker:
    """Collects problems for one file; `where` builds the dotted field path."""

    def __init__(self, report: Report, path: Path, base: Path, national: bool = False) -> None:
        self.report = report
        self.national = national  # national.toml: its facts say what kind of national layer they are
        try:
            self.name = str(path.relative_to(base.parent.parent))
        except ValueError:
            self.name = str(path)

    def error(self, where: str, problem: str) -> None:
        self.report.errors.append(f"{self.name}: {where}: {problem}")

    # --- typed field helpers -------------------------------------------------------------------
    def unknown_keys(self, where: str, table: dict, allowed: set[str]) -> None:
        for key in sorted(set(table) - allowed):
            self.error(f"{where}.{key}" if where else key,
                       f"unknown key (allowed: {', '.join(sorted(allowed))})")

    def text(self, where: str, value, required: bool = True) -> bool:
        if value is None:
            if required:
                self.error(where, "missing (required text)")
            return False
        if not isinstance(value, str) or not value.strip():
            self.error(where, f"expected non-empty text, got {value!r}")
            return False
        bad = _MARKUP.search(value)
        if bad:
            self.error(where, f"text may not contain markup character {bad.group()!r} (HTML/Markdown injection)")
            return False
        return True

    def text_list(self, where: str, value, required: bool = False) -> None:
        if value is None:
            if required:
                self.error(where, "missing (required list of text)")
            return
        if not isinstance(value, list):
            self.error(where, f"expected a list of text, got {type(value).__name__}")
            return
        for i, item in enumerate(value):
            self.text(f"{where}[{i}]", item)

    def date(self, where: str, value, required: bool = True) -> dt.date | None:
        if value is None:
            if required:
                self.error(where, "missing (required date like 2024-10-01)")
            return None
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            self.error(where, f"expected a date like 2024-10-01, got {value!r}")
            return None
        if value.year < 2000 or value.year > 2100:
            self.error(where, f"implausible date {value.isoformat()}")
            return None
        return value

    def area(self, where: str, table: dict) -> None:
        """`area`: the cities a claim holds for, e.g. "武汉市" or "乌鲁木齐市、克拉玛依市" (absent: the whole region)."""
        if "area" in table and (not isinstance(table["area"], str) or not _AREA.match(table["area"])):
            self.error(f"{where}.area", f"expected city names ending in 市/州/盟/地区/区/县, joined by 、, got {table['area']!r}")

    def kind(self, where: str, table: dict, known: bool = True) -> None:
        """National layer: every known fact says whether it is a rule or a practice; regions say neither."""
        if not self.national:
            if "kind" in table:
                self.error(f"{where}.kind", "only national.toml facts have a kind (rule or practice)")
        elif known and table.get("kind") not in NATIONAL_KINDS:
            self.error(f"{where}.kind", f"expected one of {', '.join(NATIONAL_KINDS)} (a State Council or NHSA "
                                        f"document binding every region, or what most regions do), got {table.get('kind')!r}")

    def fuzzy_date(self, where: str, value) -> None:
        """A publish date: a real date, or 'YYYY' / 'YYYY-MM' when the page shows only that."""
        if isinstance(value, str):
            if not _PARTIAL_DATE.match(value):
                self.error(where, f"expected a date like 2024-10-01 or a partial date '2025' / '2024-09', got {value!r}")
        else:
            self.date(where, value)

    def source_ids(self, where: str, value, required: bool = True) -> list[str]:
        if value is None:
            if required:
                self.error(where, "missing: every fact needs at least one source id")
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error(where, f"expected a list of source ids, got {value!r}")
            return []
        if required and not value:
            self.error(where, "empty: every fact needs at least one source id")
        return list(value)


def _check_source(c: _Checker, sid: str, src, verified: dt.date | None) -> None:
    where = f"sources.{sid}"
    if not _ID.match(sid):
        c.error(where, "source id must be lowercase letters, digits and '-'")
    if not isinstance(src, dict):
        c.error(where, "expected a table")
        return
    c.unknown_keys(where, src, SOURCE_KEYS)
    c.text(f"{where}.title", src.get("title"))
    c.text(f"{where}.publisher", src.get("publisher"))
    if "note" in src:
        c.text(f"{where}.note", src["note"])
    for flag in ("described", "mirror", "undated"):
        if flag in src and not isinstance(src[flag], bool):
            c.error(f"{where}.{flag}", f"expected true or false, got {src[flag]!r}")
    has_date, undated = "date" in src, src.get("undated") is True
    if has_date == undated:
        c.error(f"{where}.date", "give exactly one of date (publish date) or undated = true")
    if has_date:
        c.fuzzy_date(f"{where}.date", src["date"])
        if isinstance(src["date"], dt.date) and verified and src["date"] > verified:
            c.error(f"{where}.date", f"published {src['date']} after the file's verified date {verified}")
    tier = src.get("tier")
    if tier not in TIERS:
        c.error(f"{where}.tier", f"expected one of {', '.join(TIERS)}, got {tier!r}")
    url = src.get("url")
    if not isinstance(url, str) or not re.match(r"^https?://[^\s/]+\.[^\s/]+", url or "") or re.search(r"[\s<>\"']", url):
        c.error(f"{where}.url", f"expected an http(s) URL, got {url!r}")
        return
    problem = tier_problem(tier, url, bool(src.get("mirror")))
    if problem:
        c.error(f"{where}.tier", problem)
    c.area(where, src)


def _period_bounds(p: dict) -> tuple[dt.date | None, dt.date | None]:
    """(earliest start, date from which the value is certain)."""
    if "from" in p:
        return p.get("from"), p.get("from")
    return p.get("from_after"), p.get("from_by")


def _check_timeline(c: _Checker, where: str, key: str, fact, cited: list) -> None:
    if not isinstance(fact, dict):
        c.error(where, "expected a table with periods")
        return
    c.unknown_keys(where, fact, {"periods"})
    periods = fact.get("periods")
    if not isinstance(periods, list) or not periods:
        c.error(f"{where}.periods", "missing: a dated fact needs at least one period (undated changes are not allowed)")
        return
    allowed = TIMELINE_FACTS[key]
    previous: dict | None = None
    for i, p in enumerate(periods):
        pw = f"{where}.periods[{i}]"
        if not isinstance(p, dict):
            c.error(pw, "expected a table")
            continue
        c.unknown_keys(pw, p, PERIOD_KEYS)
        if "value" not in p:
            c.error(f"{pw}.value", "missing")
        elif p["value"] not in allowed or isinstance(p["value"], bool) != isinstance(allowed[0], bool):
            shown = ", ".join(str(v).lower() if isinstance(v, bool) else v for v in allowed)
            c.error(f"{pw}.value", f"expected one of {shown}, got {p['value']!r}")
        cited.extend((f"{pw}.sources", s) for s in c.source_ids(f"{pw}.sources", p.get("sources")))
        if "note" in p:
            c.text(f"{pw}.note", p["note"])
        c.area(pw, p)
        c.kind(pw, p)
        if "from" in p:
            if "from_after" in p or "from_by" in p:
                c.error(pw, "give either from, or from_after + from_by, not both")
            c.date(f"{pw}.from", p["from"])
        elif "from_after" in p or "from_by" in p:
            a = c.date(f"{pw}.from_after", p.get("from_after"))
            b = c.date(f"{pw}.from_by", p.get("from_by"))
            if a and b and not a < b:
                c.error(f"{pw}.from_by", f"must be after from_after ({a} .. {b})")
        else:
            c.error(f"{pw}.from", "missing: every change needs the date it took effect (from, or from_after + from_by)")
        start, certain = _period_bounds(p)
        if "until" in p:
            until = c.date(f"{pw}.until", p["until"])
            if until and certain and isinstance(certain, dt.date) and until < certain:
                c.error(f"{pw}.until", f"{until} is before the period starts ({certain})")
        if previous is not None and isinstance(start, dt.date):
            _, prev_certain = _period_bounds(previous)
            prev_end = previous.get("until") if isinstance(previous.get("until"), dt.date) else prev_certain
            if isinstance(prev_end, dt.date) and start < prev_end:
                c.error(pw, f"periods overlap or are out of order: starts {start}, previous period holds from {prev_certain}"
                        + (f" until {previous['until']}" if "until" in previous else ""))
            elif isinstance(prev_certain, dt.date) and start == prev_certain and "from" in p:
                c.error(pw, f"two periods start on the same date {start}")
        previous = p


def _check_plain(c: _Checker, where: str, key: str, fact, cited: list) -> None:
    if not isinstance(fact, dict):
        c.error(where, "expected a table")
        return
    extras = PLAIN_FACT_EXTRAS.get(key, {})
    c.unknown_keys(where, fact, PLAIN_KEYS | set(extras) | {f"{e}_sources" for e in extras})
    if "note" in fact:
        c.text(f"{where}.note", fact["note"])
    c.area(where, fact)
    c.kind(where, fact, known=fact.get("unknown") is not True)
    if "since" in fact:
        c.date(f"{where}.since", fact["since"])
    if fact.get("unknown") is True:
        if "value" in fact:
            c.error(f"{where}.value", "an unknown fact has no value (remove value or unknown)")
        if "note" not in fact:
            c.error(f"{where}.note", "a gap needs a note saying what is not known")
        cited.extend((f"{where}.sources", s) for s in c.source_ids(f"{where}.sources", fact.get("sources"), required=False))
        return
    if "unknown" in fact and fact["unknown"] is not False:
        c.error(f"{where}.unknown", f"expected true or false, got {fact['unknown']!r}")
    if "value" not in fact:
        c.error(f"{where}.value", "missing (or write unknown = true with a note)")
    else:
        _check_value(c, f"{where}.value", PLAIN_FACTS[key], fact["value"])
    for extra, kind in extras.items():
        if extra in fact:
            _check_value(c, f"{where}.{extra}", ("int", 0) if kind == "int" else ("list",), fact[extra])
            # a part of the claim shown in its own words (an age, a list of papers) names its own sources
            cited.extend((f"{where}.{extra}_sources", s)
                         for s in c.source_ids(f"{where}.{extra}_sources", fact.get(f"{extra}_sources")))
        elif f"{extra}_sources" in fact:
            c.error(f"{where}.{extra}_sources", f"sources for {extra}, but the fact gives no {extra}")
    cited.extend((f"{where}.sources", s) for s in c.source_ids(f"{where}.sources", fact.get("sources")))


def _check_value(c: _Checker, where: str, spec: tuple, value) -> None:
    kind = spec[0]
    if kind == "enum":
        if value not in spec[1] or not isinstance(value, str):
            c.error(where, f"expected one of {', '.join(spec[1])}, got {value!r}")
    elif kind == "int":
        if isinstance(value, bool) or not isinstance(value, int) or value < spec[1]:
            c.error(where, f"expected a whole number >= {spec[1]}, got {value!r}")
    elif kind == "text":
        c.text(where, value)
    elif kind == "list":
        c.text_list(where, value, required=True)


def _check_facts(c: _Checker, facts, cited: list) -> None:
    if facts is None:
        return
    if not isinstance(facts, dict):
        c.error("facts", "expected a table")
        return
    for key, fact in facts.items():
        where = f"facts.{key}"
        if key in TIMELINE_FACTS:
            _check_timeline(c, where, key, fact, cited)
        elif key in PLAIN_FACTS:
            _check_plain(c, where, key, fact, cited)
        else:
            c.error(where, f"unknown fact (known: {', '.join(sorted([*TIMELINE_FACTS, *PLAIN_FACTS]))})")


def _check_channels(c: _Checker, channels, cited: list, channel_ids: dict) -> None:
    if channels is None:
        return
    if not isinstance(channels, list):
        c.error("channels", "expected [[channels]] entries")
        return
    for i, ch in enumerate(channels):
        where = f"channels[{i}]"
        if not isinstance(ch, dict):
            c.error(where, "expected a table")
            continue
        c.unknown_keys(where, ch, CHANNEL_KEYS)
        cid = ch.get("id")
        if not isinstance(cid, str) or not _ID.match(cid):
            c.error(f"{where}.id", f"expected an id of lowercase letters, digits and '-', got {cid!r}")
        elif cid in channel_ids:
            c.error(f"{where}.id", f"duplicate channel id {cid!r} (also in {channel_ids[cid]})")
        else:
            channel_ids[cid] = c.name
        if ch.get("kind") not in CHANNEL_KINDS:
            c.error(f"{where}.kind", f"expected one of {', '.join(CHANNEL_KINDS)}, got {ch.get('kind')!r}")
        c.text(f"{where}.name", ch.get("name"))
        for key in ("path", *STEP_KEYS):
            c.text_list(f"{where}.{key}", ch.get(key))
        for key in STEP_KEYS:  # the sources that give these steps, when not all of the channel's do
            if f"{key}_sources" in ch:
                if not ch.get(key):
                    c.error(f"{where}.{key}_sources", f"sources for {key} steps, but the channel lists none")
                cited.extend((f"{where}.{key}_sources", s)
                             for s in c.source_ids(f"{where}.{key}_sources", ch[f"{key}_sources"]))
        c.area(where, ch)
        if "note" in ch:
            c.text(f"{where}.note", ch["note"])
        if "url" in ch:
            url = ch["url"]
            if not isinstance(url, str) or not url.startswith(("http://", "https://")) or not is_official(url):
                c.error(f"{where}.url", f"a channel url must be an official gov.cn service address, got {url!r}")
        cited.extend((f"{where}.sources", s) for s in c.source_ids(f"{where}.sources", ch.get("sources")))


def _check_sourced_list(c: _Checker, where: str, items, keys: set[str], cited: list, dated: bool = False) -> None:
    if items is None:
        return
    if not isinstance(items, list):
        c.error(where, "expected a list of tables")
        return
    for i, item in enumerate(items):
        iw = f"{where}[{i}]"
        if not isinstance(item, dict):
            c.error(iw, "expected a table")
            continue
        c.unknown_keys(iw, item, keys)
        c.text(f"{iw}.text", item.get("text"))
        if "area" in keys:
            c.area(iw, item)
        if "title" in keys:
            c.text(f"{iw}.title", item.get("title"))
        if "id" in item and (not isinstance(item["id"], str) or not re.match(r"^[a-z_]+$", item["id"])):
            c.error(f"{iw}.id", f"expected an id of lowercase letters and '_', got {item['id']!r}")
        if dated:
            c.fuzzy_date(f"{iw}.date", item.get("date"))
        cited.extend((f"{iw}.sources", s) for s in c.source_ids(f"{iw}.sources", item.get("sources")))


def _read(path: Path, c: _Checker) -> dict | None:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        c.error("(syntax)", f"not valid TOML: {exc}")
    except OSError as exc:
        c.error("(file)", f"cannot read: {exc.strerror}")
    except UnicodeDecodeError:
        c.error("(file)", "not UTF-8 text")
    return None

