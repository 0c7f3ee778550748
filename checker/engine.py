"""evaluate(bundle, scenario) -> result dict: the verdict, the reasons with their sources and rules,
and what to do next. Pure: no I/O, no clock, no global state; the scenario carries the date.

Verdict: any reason that blocks -> "no"; else any uncertain reason -> "uncertain"; else "yes".
"""

from __future__ import annotations

import datetime as dt

from . import messages as M
from .scenario import Scenario
from .claims import attribute, basis, statement, unverified
from .shown import channels_for, facts_summary
from .timeline import Lookup, value_at
from .vocab import EXTENDED_RELATIONS, NOT_NEAR_RELATIVES, STALE_AFTER_DAYS, UNKNOWN

ALLOWS, BLOCKS, UNCERTAIN, INFO = "allows", "blocks", "uncertain", "info"


class _Answer:
    """Accumulates reasons; each names its rule, layer, effective date and sources."""

    def __init__(self, bundle: dict, region: dict, date: str) -> None:
        self.bundle, self.region, self.date = bundle, region, date
        self.reasons: list[dict] = []

    def add(self, code: str, effect: str, sources=(), rule: str | None = None, layer: str = "none",
            effective: str | None = None, kind: str | None = None, area: str | None = None,
            parts: tuple[str, ...] = (), gap: bool = False, **fill) -> None:
        """One reason. Its words are as certain as its sources (claims.attribute): `kind` and `area` say what the
        deciding period or fact is; `parts` are sentences of the fact's own parts, already attributed. A `gap`
        (nothing reliable found) claims nothing: its sources say where it was looked for."""
        fill.setdefault("region", self.region["short"])
        fill.setdefault("date", self.date)
        ids = list(dict.fromkeys(sources))
        body = M.REASON[code].format(**fill)
        message = body if gap else attribute(self.bundle, self.region, body, layer=layer, kind=kind, area=area,
                                             sources=ids)
        self.reasons.append({
            "code": code,
            "effect": effect,
            "message": "".join((message, *parts)),
            "gap": gap,
            "basis": M.BASIS["gap"] if gap else basis(self.bundle, self.region, layer=layer, kind=kind, area=area,
                                                      sources=ids),
            "rule": rule,
            "layer": layer,
            "kind": kind,
            "area": area,
            "unverified": not gap and unverified(self.bundle, ids),
            "effective": effective,
            "source_ids": ids,
            "sources": [self.source(s) for s in ids],
        })

    def add_looked(self, code: str, effect: str, look: Lookup, rule: str | None = None, **fill) -> None:
        """A reason decided by a dated fact's lookup: its sources, layer, date, kind and area."""
        self.add(code, effect, look.sources, rule, look.layer, look.effective, kind=look.kind, area=look.area, **fill)

    def add_fact(self, code: str, effect: str, fact: dict, key: str, parts: tuple[str, ...] = (), **fill) -> None:
        """A reason decided by a plain fact (a gap when the fact is unknown)."""
        self.add(code, effect, fact["sources"], self.rule_id(fact["layer"], key), fact["layer"],
                 kind=fact.get("kind"), area=fact.get("area"), parts=parts, gap=fact["status"] != "known", **fill)

    def source(self, sid: str) -> dict:
        s = self.bundle["sources"][sid]
        return {"id": sid, "title": s["title"], "url": s["url"], "date": s["date"], "tier": s["tier"],
                "publisher": s["publisher"], "linkable": s["linkable"], "described": s["described"]}

    def rule_id(self, layer: str, fact: str, region: dict | None = None) -> str:
        return f"{(region or self.region)['code'] if layer == 'regional' else 'national'}.{fact}"

    def lookup(self, fact: str, region: dict | None = None) -> Lookup:
        return value_at(self.bundle, region or self.region, fact, self.date)

    def unclear(self, look: Lookup, region: dict | None = None) -> None:
        """Explain why a dated fact cannot be answered on this date."""
        region = region or self.region
        fill = {"fact": M.FACT[look.fact], "region": region["short"]}
        rule = self.rule_id(look.layer, look.fact, region) if look.layer != "none" else None
        if look.status == "no_data":
            self.add("no_data", UNCERTAIN, rule=rule, **fill)
        elif look.until:
            self.add("data_ends", UNCERTAIN, look.sources, rule, look.layer, look.effective, until=look.until, **fill)
        else:
            window = f"{look.window[0]} 之后、{look.window[1]} 之前" if look.window else "未知"
            self.add("date_uncertain", UNCERTAIN, look.sources, rule, look.layer, window=window, **fill)

    def verdict(self) -> str:
        effects = {r["effect"] for r in self.reasons}
        return "no" if BLOCKS in effects else "uncertain" if UNCERTAIN in effects else "yes"


def _find_region(bundle: dict, code: str) -> dict:
    return next(r for r in bundle["regions"] if r["code"] == code)


def _fact(region: dict, key: str) -> dict:
    return region["facts"][key]


def _check_dates(a: _Answer) -> None:
    verified = a.region["verified"]
    if a.date > verified:
        days = (dt.date.fromisoformat(a.date) - dt.date.fromisoformat(verified)).days
        code, effect = ("stale_for_date", UNCERTAIN) if days > STALE_AFTER_DAYS else ("date_after_verified", INFO)
        a.add(code, effect, rule=f"{a.region['code']}.verified", verified=verified)


def _check_available(a: _Answer) -> bool:
    look = a.lookup("available")
    if look.status == "known" and look.layer == "national" and look.kind == "practice":
        look = _implied_available(a) or look  # the region's own evidence before a national statistic
    if look.status != "known":
        implied = _implied_available(a)
        if implied is None:
            a.unclear(look)
            return True
        look = implied
    rule = a.rule_id(look.layer, "available")
    if look.value is False:
        a.add_looked("not_available_yet", BLOCKS, look, rule)
        return False
    a.add_looked("available", ALLOWS, look, rule, since=look.effective)
    return True


def _implied_available(a: _Answer) -> Lookup | None:
    """A region whose own data states its scope or reach on this date evidently runs 家庭共济 then,
    even when the national opening window (2021-04-22 .. 2024-10-31) is still open."""
    for fact in ("scope", "reach"):
        look = a.lookup(fact)
        if look.status == "known" and look.layer == "regional":
            return Lookup("known", True, layer="regional", effective=look.effective, sources=look.sources,
                          fact="available", area=look.area)
    return None


def _check_giver(a: _Answer, s: Scenario) -> bool:
    if s.giver_scheme != "employee":
        note = next(n for n in a.bundle["national"]["notes"] if n["id"] == "giver_must_be_employee")
        a.add("giver_not_employee", BLOCKS, note["sources"], "national.giver_must_be_employee", "national",
              scheme=M.SCHEME[s.giver_scheme])
        return False
    return True


def _check_relation(a: _Answer, s: Scenario) -> None:
    relation = s.receiver.relation
    label = M.RELATION[relation]
    if relation in NOT_NEAR_RELATIVES:
        extra = _fact(a.region, "extra_relations")
        if relation == "other" and extra["status"] == "known":
            a.add_fact("local_extra_relation", UNCERTAIN, extra, "extra_relations",
                       extra=M.value_label("extra_relations", extra["value"]))
            return
        note = next(n for n in a.bundle["national"]["notes"] if n["id"] == "receiver_must_be_insured")
        a.add("not_near_relative", BLOCKS, note["sources"], "national.scope", "national", relation=label)
        return
    look = a.lookup("scope")
    if relation not in EXTENDED_RELATIONS:
        # 配偶、父母、子女 have been in scope everywhere since 国办发〔2021〕14号.
        if look.status != "known":
            look = value_at(a.bundle, None, "scope", "2021-04-22")
        a.add_looked("relation_in_scope", ALLOWS, look, a.rule_id(look.layer, "scope"), relation=label,
                     scope=M.value_label("scope", look.value))
        return
    if look.status != "known":
        a.unclear(look)
        return
    rule = a.rule_id(look.layer, "scope")
    scope_text = M.value_label("scope", look.value)
    if look.value == "near_relatives":
        a.add_looked("relation_in_scope", ALLOWS, look, rule, relation=label, scope=scope_text)
        return
    later = _next_change(a, "scope", "near_relatives")
    if later:
        a.add_looked("relation_not_in_scope_yet", BLOCKS, look, rule, relation=label, scope=scope_text, since=later)
    else:
        a.add_looked("relation_not_in_scope", BLOCKS, look, rule, relation=label, scope=scope_text)


def _next_change(a: _Answer, fact: str, value) -> str | None:
    """When (as far as the data says) the fact later takes this value: 'YYYY-MM-DD' or a window."""
    for layer in (a.region["timelines"].get(fact), a.bundle["national"]["timelines"].get(fact)):
        for p in (layer or {}).get("periods", []):
            if p["value"] == value and p["certain"] > a.date:
                return p["start"] if not p["bounded"] else f"{p['start']}至{p['certain']}之间"
    return None


def _check_receiver_scheme(a: _Answer, s: Scenario) -> None:
    rec = s.receiver
    if rec.scheme == UNKNOWN:  # 不清楚: say what depends on it
        code = "premium_scheme_unknown" if s.purpose == "premium" else "receiver_scheme_unknown"
        a.add(code, UNCERTAIN, _note_sources(a, "receiver_must_be_insured"), "national.receiver_must_be_insured",
              "national")
        return
    if s.purpose == "premium":
        if rec.scheme == "employee":
            a.add("premium_for_resident_only", BLOCKS, _note_sources(a, "receiver_must_be_insured"),
                  "national.premium_payment", "national")
            return
        look = a.lookup("premium_payment")
        if look.status != "known":
            a.unclear(look)
        elif look.value is False:
            a.add_looked("premium_not_available", BLOCKS, look, a.rule_id(look.layer, "premium_payment"))
        elif rec.scheme == "none":
            a.add_looked("premium_for_uninsured", ALLOWS, look, a.rule_id(look.layer, "premium_payment"))
        return
    if rec.scheme == "none":
        a.add("receiver_not_insured", BLOCKS, _note_sources(a, "receiver_must_be_insured"),
              "national.receiver_must_be_insured", "national")


def _note_sources(a: _Answer, note_id: str) -> list[str]:
    return next(n for n in a.bundle["national"]["notes"] if n["id"] == note_id)["sources"]


def _check_geography(a: _Answer, s: Scenario) -> bool:
    """Returns True when the answer goes through the cross-province 医保钱包."""
    other = s.receiver.region
    if other is None:  # 不清楚 where the relative is insured: both cases, so the person can tell which is hers
        look = a.lookup("reach")
        same = (f"可以在{M.value_label('reach', look.value)}共济" if look.status == "known"
                else "能否在省内跨地市共济资料不确定")
        a.add("receiver_region_unknown", UNCERTAIN, look.sources, a.rule_id(look.layer, "reach"), look.layer,
              look.effective, kind=look.kind, area=look.area, same=same)
        return False
    if other.code == a.region["code"]:
        look = a.lookup("reach")
        if look.status != "known":
            a.unclear(look)
        elif look.value == "same_area":
            a.add_looked("same_area_required", INFO, look, a.rule_id(look.layer, "reach"))
        else:
            a.add_looked("same_province", ALLOWS, look, a.rule_id(look.layer, "reach"),
                         reach=M.value_label("reach", look.value))
        return False
    theirs = _find_region(a.bundle, other.code)
    looks = [(a.region, a.lookup("cross_province")), (theirs, a.lookup("cross_province", theirs))]
    none = [r["short"] for r, lk in looks if lk.status == "known" and lk.value == "none"]
    srcs = [sid for _, lk in looks for sid in lk.sources]
    rules = [a.rule_id(lk.layer, "cross_province", r) for r, lk in looks if lk.layer != "none"]
    layer = "regional" if any(lk.layer == "regional" for _, lk in looks) else "national"
    kind = None if layer == "regional" else "rule" if all(lk.kind == "rule" for _, lk in looks) else "practice"
    if none:
        a.add("cross_province_not_available", BLOCKS, srcs, " + ".join(rules), layer, kind=kind, which="、".join(none))
        return True
    if all(lk.status == "known" and lk.value == "full" for _, lk in looks):
        a.add("cross_province_wallet", ALLOWS, srcs, " + ".join(rules), layer, kind=kind,
              receiver_region=theirs["short"])
        return True
    for r, lk in looks:
        if lk.status == "known" and lk.value == "partial":
            a.add_looked("cross_province_partial", UNCERTAIN, lk, a.rule_id(lk.layer, "cross_province", r),
                         which=r["short"], state=M.value_label("cross_province", "partial"))
        elif lk.status != "known":
            a.unclear(lk, r)
    return True


def _check_consent(a: _Answer, s: Scenario) -> None:
    consent = _fact(a.region, "consent")
    age = s.receiver.age if s.receiver else None
    if consent["status"] == "unknown":
        a.add_fact("consent_unknown", INFO, consent, "consent")
    elif consent["value"] == "pledge_only":
        a.add_fact("consent_pledge", INFO, consent, "consent")
    else:
        limit = consent.get("confirm_age")
        ages = consent.get("confirm_age_sources", consent["sources"])
        if limit is not None and age is not None and age < limit:
            a.add("consent_minor", INFO, ages, a.rule_id(consent["layer"], "consent"), consent["layer"],
                  kind=consent.get("kind"), area=consent.get("area"), age=limit)
        else:  # the age, where given, rests on its own sources: its own sentence, its own mark
            part = statement(a.bundle, a.region, "consent", a.date)["parts"]
            a.add_fact("consent_required", INFO, consent, "consent", parts=tuple(p["text"] for p in part))
            a.reasons[-1]["source_ids"] = list(dict.fromkeys(consent["sources"] + ages))
            a.reasons[-1]["sources"] = [a.source(sid) for sid in a.reasons[-1]["source_ids"]]


def _always(a: _Answer) -> None:
    for note_id in ("card_not_shareable", "family_account_not_mutual_aid"):
        a.add(note_id, INFO, _note_sources(a, note_id), f"national.{note_id}", "national")


def _money_on_unbind(a: _Answer, wallet: bool) -> None:
    look = a.lookup("money_model")
    code = {"authorize": "money_authorize", "pooled_account": "money_pooled", "link": "money_link",
            "prior_year_account": "money_prior_year"}.get(look.value) if look.status == "known" else None
    if code:
        a.add_looked(code, INFO, look, a.rule_id(look.layer, "money_model"))
    else:
        a.add("money_unknown", INFO)
    if wallet:
        wl = a.lookup("wallet_model")
        if wl.status == "known":
            code = "wallet_quota_returns" if wl.value == "quota" else "wallet_transfer_final"
            a.add_looked(code, INFO, wl, a.rule_id(wl.layer, "wallet_model"))
        elif wl.until:  # after the 2026 notice: the quota model, from a date no source gives
            a.add("wallet_quota_start_unknown", INFO, _note_sources(a, "wallet_quota"), "national.wallet_quota",
                  "national", kind="rule")
        # stated by the 2026 cross-province notice for 跨省共济 only
        a.add("auto_termination", INFO, _note_sources(a, "auto_termination"), "national.auto_termination",
              "national", kind="rule")


def _unbind(a: _Answer, s: Scenario, wallet: bool) -> None:
    who = _fact(a.region, "unbind_who")
    if who["status"] == "known":
        a.add_fact("unbind_allowed", ALLOWS, who, "unbind_who", who=M.value_label("unbind_who", who["value"]))
    else:
        a.add_fact("unbind_who_unknown", INFO, who, "unbind_who")
    lock = _fact(a.region, "unbind_lock_months")
    if lock["status"] == "known" and lock["value"]:
        a.add_fact("unbind_lock", INFO, lock, "unbind_lock_months", months=lock["value"])
    _money_on_unbind(a, wallet)


def _restore_rule(a: _Answer) -> None:
    rebind = _fact(a.region, "rebind")
    if rebind["status"] == "known":
        a.add_fact("rebind_rule", INFO, rebind, "rebind", text=rebind["value"])
    else:
        a.add_fact("rebind_unknown", INFO, rebind, "rebind")


def _lead(reasons: list[dict], verdict: str) -> int | None:
    """The reason that decided the verdict, for the answer's one sentence of why: the first that blocks (不可以),
    the first that is uncertain (不确定), else the last that allows (the most specific: the relation, the channel);
    across provinces, a 可以 rests on both sides' 医保钱包 first, so that reason leads."""
    wanted = {"no": BLOCKS, "uncertain": UNCERTAIN}.get(verdict, ALLOWS)
    wallet = [i for i, r in enumerate(reasons) if r["code"] == "cross_province_wallet"]
    if wanted == ALLOWS and wallet:
        return wallet[0]
    found = [i for i, r in enumerate(reasons) if r["effect"] == wanted]
    return (found[-1] if wanted == ALLOWS else found[0]) if found else None


def evaluate(bundle: dict, s: Scenario) -> dict:
    region = _find_region(bundle, s.region.code)
    a = _Answer(bundle, region, s.date)
    _check_dates(a)
    wallet = False
    if _check_giver(a, s) and _check_available(a):
        if s.receiver is not None:
            wallet = _check_geography(a, s)
        if s.action in ("bind", "restore") and s.receiver is not None:
            _check_relation(a, s)
            _check_receiver_scheme(a, s)
            _check_consent(a, s)
        if s.action == "unbind":
            _unbind(a, s, wallet)
        if s.action == "restore":
            _restore_rule(a)
        if s.action == "query":
            a.add("query_allowed", ALLOWS)
    channels = channels_for(a, s.action, wallet)
    if not any(c["steps"] for c in channels) and s.action in ("unbind", "query"):
        a.add("steps_unknown", INFO, action=M.ACTION[s.action])
    _always(a)
    extra = _fact(region, "extra_uses")
    verdict = a.verdict()
    return {
        "verdict": verdict,
        "verdict_label": M.VERDICT[verdict],
        "lead": _lead(a.reasons, verdict),
        "action": s.action,
        "date": s.date,
        "purpose": s.purpose,
        "region": {"code": region["code"], "name": region["name"], "short": region["short"], "slug": region["slug"],
                   "local_name": region["local_name"], "verified": region["verified"]},
        "receiver": None if s.receiver is None else {
            "relation": s.receiver.relation, "age": s.receiver.age, "scheme": s.receiver.scheme,
            "region": s.receiver.region.code if s.receiver.region else UNKNOWN},
        "cross_province": wallet,
        "reasons": a.reasons,
        "channels": channels,
        "facts": facts_summary(a),
        "uses": bundle["national"]["uses"] if extra["status"] != "known" else {
            **bundle["national"]["uses"],
            "may_pay": bundle["national"]["uses"]["may_pay"] + [{"id": None, "text": t, "sources": extra["sources"]}
                                                               for t in extra["value"]]},
        "help": M.HELP,
        "rests_on": {
            "data_version": bundle["data_version"],
            "rules": sorted({r["rule"] for r in a.reasons if r["rule"]}),
        },
    }
