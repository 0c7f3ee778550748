"""Parse a scenario (untrusted JSON-like input) into a frozen dataclass, or raise CheckError.

This is the only place input is checked; the engine trusts what it gets from here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .errors import CheckError
from .regions import Region, resolve
from .vocab import ACTIONS, PURPOSES, RECEIVER_SCHEMES, RELATIONS, SCHEMES, UNKNOWN

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TOP_KEYS = {"action", "region", "date", "giver", "receiver", "purpose"}
_GIVER_KEYS = {"scheme"}
_RECEIVER_KEYS = {"relation", "age", "scheme", "region"}

_LABELS = {
    "action": "办理事项", "region": "参保地", "date": "日期", "giver": "共济人", "giver.scheme": "共济人的参保类型",
    "receiver": "亲属", "receiver.relation": "亲属关系", "receiver.age": "亲属年龄",
    "receiver.scheme": "亲属的参保类型", "receiver.region": "亲属的参保地", "purpose": "用途",
}


@dataclass(frozen=True)
class Receiver:
    relation: str
    age: int | None
    scheme: str  # one of RECEIVER_SCHEMES ("unknown": 不清楚)
    region: Region | None  # None: the person does not know where the relative is insured


@dataclass(frozen=True)
class Scenario:
    action: str
    region: Region
    date: str  # ISO date
    giver_scheme: str
    receiver: Receiver | None
    purpose: str


def _fail(code: str, field: str, message: str):
    raise CheckError(code, field, message)


def _choice(value, field: str, allowed: tuple) -> str:
    if value is None:
        _fail("missing_field", field, f"缺少“{_LABELS.get(field, field)}”。")
    if not isinstance(value, str) or value not in allowed:
        _fail("invalid_value", field, f"“{_LABELS.get(field, field)}”的值无效，可选：{'、'.join(allowed)}。")
    return value


def _region(value, field: str) -> Region:
    if value is None:
        _fail("missing_field", field, f"缺少“{_LABELS.get(field, field)}”。")
    if not isinstance(value, str) or len(value) > 40:
        _fail("invalid_value", field, "地区应填省级行政区代码（如 650000）或名称（如 新疆）。")
    region = resolve(value)
    if region is None:
        _fail("unknown_region", field, "找不到这个地区，请填省级行政区代码（如 650000）或名称（如 新疆）。")
    return region


def _table(value, field: str, keys: set[str], required: bool) -> dict | None:
    if value is None:
        if required:
            _fail("missing_field", field, f"缺少“{_LABELS.get(field, field)}”。")
        return None
    if not isinstance(value, dict):
        _fail("invalid_value", field, f"“{_LABELS.get(field, field)}”应是一个对象。")
    extra = sorted(k for k in value if k not in keys)
    if extra:
        _fail("unknown_field", f"{field}.{extra[0] or '(空字段名)'}"[:80], f"不认识的字段，可用字段：{'、'.join(sorted(keys))}。")
    return value


def parse_date(value, today: dt.date | None = None) -> str:
    if value is None:
        return (today or dt.date.today()).isoformat()
    if not isinstance(value, str) or not _DATE.match(value):
        _fail("invalid_date", "date", "日期格式应为 YYYY-MM-DD，例如 2025-01-01。")
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        _fail("invalid_date", "date", "这个日期不存在，请检查年月日。")
    if not 2000 <= day.year <= 2100:
        _fail("invalid_date", "date", "日期应在2000年到2100年之间。")
    return day.isoformat()


def parse_scenario(raw: object, today: dt.date | None = None) -> Scenario:
    if not isinstance(raw, dict):
        _fail("invalid_value", "scenario", "情形应是一个 JSON 对象。")
    extra = sorted(str(k) for k in raw if k not in _TOP_KEYS)
    if extra:
        _fail("unknown_field", extra[0][:80] or "(空字段名)", f"不认识的字段，可用字段：{'、'.join(sorted(_TOP_KEYS))}。")
    action = _choice(raw.get("action"), "action", ACTIONS)
    region = _region(raw.get("region"), "region")
    date = parse_date(raw.get("date"), today)
    giver = _table(raw.get("giver"), "giver", _GIVER_KEYS, required=True)
    giver_scheme = _choice(giver.get("scheme"), "giver.scheme", SCHEMES)
    purpose = _choice(raw.get("purpose", "medical"), "purpose", PURPOSES)

    rec = _table(raw.get("receiver"), "receiver", _RECEIVER_KEYS, required=action == "bind")
    receiver = None
    if rec is not None:
        relation = _choice(rec.get("relation"), "receiver.relation", RELATIONS)
        age = rec.get("age")
        if age is not None and (isinstance(age, bool) or not isinstance(age, int) or not 0 <= age <= 130):
            _fail("invalid_value", "receiver.age", "年龄应是0到130之间的整数。")
        scheme = _choice(rec.get("scheme"), "receiver.scheme", RECEIVER_SCHEMES)
        if rec.get("region") in (UNKNOWN, "不清楚"):
            rregion = None
        else:
            rregion = _region(rec["region"], "receiver.region") if rec.get("region") is not None else region
        receiver = Receiver(relation, age, scheme, rregion)
    return Scenario(action, region, date, giver_scheme, receiver, purpose)
