"""Facts as display values for the templates: a dated fact on the page's date, a plain fact, a history row,
a channel, a comparison-table cell. Values are words from checker.messages as plain strings (the templates
escape them); the sentences around them are in templates/_macros.j2.
"""

from __future__ import annotations

from dataclasses import dataclass

from checker import claims
from checker import messages as M
from checker.timeline import value_at
from checker.tools.compile import GAP_NOTE

from .display import link_url, official_host

TIMELINE_KEYS = ("available", "scope", "reach", "cross_province", "money_model", "premium_payment")
LIMIT_KEYS = ("max_relatives", "amount_limit", "balance_floor", "validity", "deduction_order")
ACTIONS = ("bind", "unbind", "query")

# Short forms for the comparison table and the tile maps (the full labels are in messages.VALUE).
SHORT = {
    "available": {True: "已开通", False: "未开通"},
    "scope": {"immediate": "配偶父母子女", "near_relatives": "近亲属"},
    "reach": {"same_area": "同一统筹区", "province": "全省"},
    "cross_province": {"none": "未开通", "partial": "部分开通", "full": "全域开通"},
    "money_model": {"authorize": "授权扣款", "pooled_account": "共济账户", "link": "账户关联",
                    "prior_year_account": "只用历年账户"},
    "consent": {"pledge_only": "只需承诺", "relative_confirms": "本人确认"},
    "amount_limit": {"none": "不设限", "set_by_giver": "共济人设定"},
}


def short(key: str, value: object) -> str:
    return SHORT.get(key, {}).get(value, M.value_label(key, value))


class Lazy:
    """key -> make(key), made on first use; templates read it as `now.scope` or `now[key]`."""

    def __init__(self, make) -> None:
        self._make, self._made = make, {}

    def __getitem__(self, key: str):
        if key not in self._made:
            self._made[key] = self._make(key)
        return self._made[key]

    def __getattr__(self, key: str):
        if key.startswith("_"):
            raise AttributeError(key)
        return self[key]


# ------------------------------------------------------------------ a dated fact on the page's date
@dataclass(frozen=True)
class Dated:
    key: str
    status: str  # known | uncertain | no_data
    value: object  # the value, when known
    label: str | None  # the value in words, when known
    effective: str | None  # since when (the date it certainly holds from)
    bounded_start: str | None  # the change happened between this and `effective`
    until: str | None  # the data ends here
    candidates: tuple[str, ...]  # possible values in words, when uncertain
    window: tuple[str, str] | None
    layer: str
    sources: tuple[str, ...]
    note: str | None  # the data's explanation, when known
    text: str | None = None  # the sentence the checker says too (claims.statement), when known
    kind: str | None = None  # national layer: rule | practice
    area: str | None = None
    marked: bool = False  # the text carries its own 未经官方核实


def _national_text(label: str, kind: str | None) -> str:
    """A national fact on the national pages: a practice or statistic says so (never 规定)."""
    return label if kind == "rule" else M.ATTRIBUTION["national_page_practice"].format(body=label)


def dated(bundle: dict, region: dict | None, key: str, today: str) -> Dated:
    look = value_at(bundle, region, key, today)
    layer = (region or {}).get("timelines", {}) if look.layer == "regional" else bundle["national"]["timelines"]
    period = next((p for p in layer.get(key, {}).get("periods", [])
                   if p["certain"] == look.effective and p["value"] == look.value), None)
    known = look.status == "known"
    label = M.value_label(key, look.value) if known else None
    said = claims.dated_statement(bundle, region, key, today) if region and known else None
    return Dated(key=key, status=look.status, value=look.value if known else None, label=label,
                 effective=look.effective, bounded_start=period["start"] if period and period["bounded"] else None,
                 until=look.until, candidates=tuple(M.value_label(key, v) for v in look.candidates),
                 window=look.window, layer=look.layer, sources=tuple(look.sources),
                 note=look.note if known else None,
                 text=said["text"] if said else _national_text(label, look.kind) if known else None,
                 kind=look.kind, area=look.area, marked=bool(said and said["unverified"]))


# ------------------------------------------------------------------ a plain (undated) fact
@dataclass(frozen=True)
class Plain:
    key: str
    known: bool
    label: str | None
    confirm_age: int | None  # consent only: from this age the relative confirms in person
    since: str | None
    materials: tuple[str, ...]
    note: str | None  # the data's explanation (known) or why it is a gap (unknown, when it says more than GAP_NOTE)
    layer: str
    sources: tuple[str, ...]
    text: str | None = None  # the sentence the checker says too (claims.statement), when known
    parts: tuple[dict, ...] = ()  # parts with words and sources of their own (an age, papers to bring)
    kind: str | None = None
    area: str | None = None
    marked: bool = False  # the text carries its own 未经官方核实


def plain(key: str, fact: dict, bundle: dict | None = None, region: dict | None = None) -> Plain:
    """A plain fact; with its region, in the sentence the checker says (claims.plain_statement)."""
    known = fact["status"] == "known"
    note = fact.get("note") if known or fact.get("note") != GAP_NOTE else None
    label = M.value_label(key, fact["value"]) if known else None
    said = claims.plain_statement(bundle, region, key) if region and known else None
    return Plain(key=key, known=known, label=label,
                 confirm_age=fact.get("confirm_age") if key == "consent" else None, since=fact.get("since"),
                 materials=tuple(fact.get("materials") or ()), note=note or None, layer=fact["layer"],
                 sources=tuple(fact["sources"]),
                 text=said["text"] if said else _national_text(label, fact.get("kind")) if known else None,
                 parts=tuple(said["parts"]) if said else (), kind=fact.get("kind"), area=fact.get("area"),
                 marked=bool(said and said["unverified"]))


def differences(bundle: dict, region: dict, today: str) -> list[dict]:
    """What this region's own file says that differs from (or adds to) the national defaults: the region's
    value (here) and the national one (None: the national layer has none)."""
    out = []
    for key in sorted(region["timelines"]):
        here = dated(bundle, region, key, today)
        if here.layer != "regional":
            continue
        nat = dated(bundle, None, key, today)
        out.append({"key": key, "dated": True, "here": here, "national": nat if nat.status != "no_data" else None})
    for key, fact in region["facts"].items():
        if fact["layer"] == "regional" and fact["status"] == "known":
            nat = bundle["national"]["facts"].get(key)
            out.append({"key": key, "dated": False, "here": plain(key, fact, bundle, region),
                        "national": plain(key, nat, bundle) if nat and nat["status"] == "known" else None})
    return out


# ------------------------------------------------------------------ history rows (one per period)
def period_when(p: dict) -> str:
    """When a period starts, in words (unescaped): a date, or the window the change happened in."""
    return f"{p['start']}至{p['certain']}之间" if p["bounded"] else f"{p['start']}起"


@dataclass(frozen=True)
class Period:
    key: str
    code: str  # region code or "national": with `number` (from 1), which period a report is about
    number: int
    start: str
    when: str
    label: str
    until: str | None
    sources: tuple[str, ...]
    note: str | None


def periods(timelines: dict, code: str) -> list[Period]:
    """Every period of these timelines, in the data's order."""
    return [Period(key=k, code=code, number=n, start=p["start"], when=period_when(p),
                   label=M.value_label(k, p["value"]), until=p["until"], sources=tuple(p["sources"]),
                   note=p["note"])
            for k, tl in timelines.items() for n, p in enumerate(tl["periods"], 1)]


def history(page, timelines: dict, code: str) -> list[Period]:
    """The periods by start date. Their sources are numbered in the data's order (timeline by timeline), as
    they always were: called where the history starts on the page."""
    rows = periods(timelines, code)
    for row in rows:
        page.cite(row.sources)
    return sorted(rows, key=lambda row: row.start)


# ------------------------------------------------------------------ channels
def channels(bundle: dict, region: dict) -> list[dict]:
    """The region's own channels, then the national app's 地方专区 (always available), with their tab labels."""
    chosen = list(region["channels"]) + [c for c in bundle["national"]["channels"] if c["id"] == "n-app-local"]
    out, seen = [], {}
    for c in chosen:
        base = M.CHANNEL_KIND[c["kind"]]
        seen[base] = seen.get(base, 0) + 1
        out.append(channel(c, base if seen[base] == 1 else f"{base} {seen[base]}", bundle))
    return out


def channel(c: dict, tab: str = "", bundle: dict | None = None) -> dict:
    """One channel: its menu path, its steps per action, and its address when it is an official one; the cities
    whose guides describe it (area) and, with the bundle, which actions' steps rest on aggregator pages only."""
    steps = {a: c.get(a) or [] for a in ACTIONS}
    marked = {a: bool(bundle) and claims.steps_unverified(bundle, c, a) for a in ACTIONS}
    return {"tab": tab, "kind": c["kind"], "name": c["name"], "path": c["path"], "steps": steps,
            "url": c.get("url"), "note": c.get("note"), "area": c.get("area"), "steps_unverified": marked,
            "link": link_url(c.get("url")) if official_host(c.get("url")) else None, "sources": c["sources"]}


# ------------------------------------------------------------------ the comparison table
# The comparison table's fact columns: (header, fact key). "channels" is the region's list of ways to apply.
COMPARE_COLUMNS = (("范围", "scope"), ("地域", "reach"), ("跨省", "cross_province"), ("亲属确认", "consent"),
                   ("额度", "amount_limit"), ("人数", "max_relatives"), ("解绑限制", "unbind_lock_months"),
                   ("资金方式", "money_model"), ("渠道", "channels"))


def _cell_timeline(bundle: dict, region: dict, key: str, today: str, ids: list) -> str:
    look = value_at(bundle, region, key, today)
    ids += look.sources
    if look.status == "known":
        return short(key, look.value)
    return "不确定" if look.status == "uncertain" else "未知"


def _cell_plain(region: dict, key: str, ids: list) -> str:
    fact = region["facts"][key]
    ids += fact["sources"]
    if fact["status"] != "known":
        return "未知"
    if key == "consent" and fact["value"] == "relative_confirms" and fact.get("confirm_age") is not None:
        return f"{fact['confirm_age']}岁及以上本人确认"
    if key == "unbind_lock_months":
        return "无" if fact["value"] == 0 else f"{fact['value']}个月"
    if key == "max_relatives":
        return f"{fact['value']}人"
    return short(key, fact["value"])


def compare_cells(bundle: dict, region: dict, today: str, ids: list) -> list[str]:
    """One region's fact cells of the comparison table (plain words), adding the sources they rest on to `ids`."""
    cells = []
    for _, key in COMPARE_COLUMNS:
        if key == "channels":
            kinds = list(dict.fromkeys(M.CHANNEL_KIND[c["kind"]] for c in region["channels"]))
            cells.append("、".join(kinds) if kinds else "未知")
        elif key in TIMELINE_KEYS:
            cells.append(_cell_timeline(bundle, region, key, today, ids))
        else:
            cells.append(_cell_plain(region, key, ids))
    return cells
