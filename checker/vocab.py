"""Closed vocabularies of the rules data and of checker scenarios (one place, shared by all)."""

from __future__ import annotations

TIERS = ("official", "media", "aggregator")
# What the national layer of a fact is (national.toml `kind`): a State Council or NHSA document that binds every
# region ("rule"), or what most regions do / a statistic ("practice"). Only a rule is inherited as 全国规定.
NATIONAL_KINDS = ("rule", "practice")

CHANNEL_KINDS = ("app", "wechat", "miniprogram", "alipay", "web", "national_app", "offline")

# Dated facts: key -> allowed values (True/False for booleans).
TIMELINE_FACTS: dict[str, tuple] = {
    "available": (True, False),
    "scope": ("immediate", "near_relatives"),
    "reach": ("same_area", "province"),
    "cross_province": ("none", "partial", "full"),
    "money_model": ("authorize", "pooled_account", "link", "prior_year_account"),
    "premium_payment": (True, False),
    "wallet_model": ("transfer", "quota"),
}

# Plain facts: key -> ("enum", values) | ("int", minimum) | ("text",) | ("list",)
PLAIN_FACTS: dict[str, tuple] = {
    "consent": ("enum", ("pledge_only", "relative_confirms")),
    "max_relatives": ("int", 1),
    "amount_limit": ("enum", ("none", "set_by_giver")),
    "balance_floor": ("int", 0),
    "validity": ("enum", ("until_unbound", "set_by_giver")),
    "deduction_order": ("enum", ("own_first", "filing_order", "user_set", "balance_desc", "second_scan")),
    "unbind_who": ("enum", ("giver", "either")),
    "unbind_lock_months": ("int", 0),
    "rebind": ("text",),
    "offline": ("text",),
    "extra_relations": ("list",),
    "extra_uses": ("list",),
}

# Extra keys a plain fact may carry, by fact.
PLAIN_FACT_EXTRAS: dict[str, dict[str, str]] = {
    "consent": {"confirm_age": "int"},
    "offline": {"materials": "list"},
}
# Channel steps, by action: each list may name the sources that give its steps (`bind_sources`, ...).
STEP_KEYS = ("bind", "unbind", "query")

# Scenario vocabulary (the checker contract).
ACTIONS = ("bind", "unbind", "query", "restore")
SCHEMES = ("employee", "resident", "none")
UNKNOWN = "unknown"  # 不清楚: a relative's scheme or region the person may not know; the answer says what depends on it
RECEIVER_SCHEMES = (*SCHEMES, UNKNOWN)
RELATIONS = (
    "spouse", "parent", "child", "sibling", "grandparent", "grandchild",
    "parent_in_law", "child_in_law", "other",
)
PURPOSES = ("medical", "premium")
VERDICTS = ("yes", "no", "uncertain")

# 民法典第1045条: 配偶、父母、子女、兄弟姐妹、祖父母、外祖父母、孙子女、外孙子女.
IMMEDIATE_RELATIONS = ("spouse", "parent", "child")
EXTENDED_RELATIONS = ("sibling", "grandparent", "grandchild")
NOT_NEAR_RELATIVES = ("parent_in_law", "child_in_law", "other")

# Hosts whose pages we link to as official media (tier "media" without mirror = true).
MEDIA_HOSTS = (
    "xinhuanet.com", "news.cn", "people.com.cn", "people.cn", "cctv.com", "cctv.cn", "chinanews.com",
    "chinanews.com.cn", "gmw.cn", "youth.cn", "cnr.cn", "chinadaily.com.cn", "ce.cn", "cjyun.org",
    "hbtv.com.cn", "sanyarb.com.cn", "mnw.cn", "wxrb.com", "zzrbnews.com", "hebjjrb.cn", "xzxw.com",
    "cnwest.com", "workercn.cn", "cpd.com.cn", "enorth.com.cn", "shm.com.cn", "thepaper.cn",
)

STALE_AFTER_DAYS = 180

# The FAQ (national.toml [[questions]]): groups in people's terms, and the short answers.
FAQ_GROUPS = ("can", "how", "money", "records", "special")
FAQ_ANSWERS = ("yes", "no", "depends", "unknown")
