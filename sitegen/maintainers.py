"""Pages for the people who keep the data right: the coverage matrix, source health and the decision diagram.

Pure like pages.py (bundle + date in, Markdown out); the numbers come from checker.coverage and
checker.source_health, the same functions behind `python -m checker report` and `python -m checker sources`.
The wording is in templates/coverage.md.j2, sources.md.j2 and decision.md.j2.
"""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup

from checker import messages as M
from checker.tools.coverage import MARK, REGION_FACTS, counts, matrix
from checker.tools.source_health import health

from .display import Page, esc_html
from .display import render as render_template


def coverage_page(bundle: dict, today: str) -> str:
    date = dt.date.fromisoformat(today)
    m = matrix(bundle, date)
    missing = {r["code"]: [M.FACT[f] for f in REGION_FACTS if m[r["code"]][f] == "unknown"] for r in bundle["regions"]}
    return render_template("coverage.md.j2", page=Page(bundle, today), bundle=bundle, today=date, matrix=m,
                           total=counts(bundle, date), MARK=MARK, REGION_FACTS=REGION_FACTS, missing=missing)


def sources_page(bundle: dict, today: str) -> str:
    return render_template("sources.md.j2", page=Page(bundle, today), bundle=bundle, h=health(bundle))


# ------------------------------------------------------------------ the decision diagram (static SVG)
# The order checker.engine.evaluate() checks a 绑定 question, one step per _check_* function, with what each
# outcome does to the verdict and the reason codes it gives. tests/test_features_maintainers.py holds this
# against the engine: same order of calls, every code a real messages.REASON key.
DECISION_STEPS = (
    ("_check_dates", "办理日期", "办理日期比地区的信息核实日期晚吗？",
     (("晚半年以上：资料可能过时", "uncertain", ("stale_for_date",)),
      ("晚，但不到半年：提醒核实", "info", ("date_after_verified",)))),
    ("_check_giver", "共济人的医保", "共济人参加的是职工医保（有个人账户）吗？",
     (("否：居民医保没有个人账户（停止检查）", "no", ("giver_not_employee",)),)),
    ("_check_available", "本地是否开通", "办理日期时，共济人参保地已开通家庭共济了吗？",
     (("未开通（停止检查）", "no", ("not_available_yet",)),
      ("资料不能确定", "uncertain", ("date_uncertain", "no_data", "data_ends")),
      ("已开通", "yes", ("available",)))),
    ("_check_geography", "地域", "双方在同一个省参保吗？同一统筹区、全省，还是跨省（医保钱包）？",
     (("同省，全省可共济", "yes", ("same_province",)),
      ("同省，只能在同一统筹区：提醒", "info", ("same_area_required",)),
      ("跨省，双方医保钱包都已全域开通", "yes", ("cross_province_wallet",)),
      ("跨省，有一方未开通", "no", ("cross_province_not_available",)),
      ("跨省，部分开通或资料不清楚", "uncertain",
       ("cross_province_partial", "date_uncertain", "no_data", "data_ends")),
      ("亲属的参保地不清楚", "uncertain", ("receiver_region_unknown",)))),
    ("_check_relation", "关系与范围", "亲属是近亲属吗？办理日期时本地的共济范围包括他吗？",
     (("在范围内", "yes", ("relation_in_scope",)),
      ("不是近亲属", "no", ("not_near_relative",)),
      ("当时范围还不包括（如兄弟姐妹）", "no", ("relation_not_in_scope", "relation_not_in_scope_yet")),
      ("其他人，本地另有规定", "uncertain", ("local_extra_relation",)),
      ("资料不能确定当时的范围", "uncertain", ("date_uncertain", "no_data", "data_ends")))),
    ("_check_receiver_scheme", "亲属参保与代缴", "亲属参加基本医保了吗？要代缴保费的话，本地能代缴吗？",
     (("亲属没参保（看病买药）", "no", ("receiver_not_insured",)),
      ("代缴：亲属没参保，本地可代缴", "yes", ("premium_for_uninsured",)),
      ("代缴：亲属是职工医保，或本地不能代缴", "no", ("premium_for_resident_only", "premium_not_available")),
      ("代缴：本地能否代缴资料不清楚", "uncertain", ("date_uncertain", "no_data", "data_ends")),
      ("亲属参没参保不清楚", "uncertain", ("receiver_scheme_unknown", "premium_scheme_unknown")))),
    ("_check_consent", "亲属确认", "要不要亲属本人确认（刷脸）？",
     (("只是说明，不改变结论", "info", ("consent_required", "consent_minor", "consent_pledge", "consent_unknown")),)),
)
VERDICT_RULE = "有任何一条“不可以” → 不可以；否则有“不确定” → 不确定；否则 → 可以"
OUTCOME_CHARS = 18  # an outcome's words fit its pill (14px text, 352px wide, after the 不确定： label)
OUTCOME = {"no": ("不可以", "#f4a3a8"), "uncertain": ("不确定", "#ffe08a"), "yes": ("通过", "#b5e48c"),
           "info": ("提示", "#d9e2ec")}


def _lines(text: str, width: int) -> list[str]:
    return [text[i:i + width] for i in range(0, len(text), width)] or [""]


def decision_svg() -> Markup:
    """The bind decision as an inline SVG: steps down the left, what each outcome does on the right."""
    width, left, right, y, parts = 720, 330, 360, 8, []
    for n, (_, title, question, outcomes) in enumerate(DECISION_STEPS, 1):
        q = _lines(question, 20)
        box_h = max(34 + 20 * len(q), 8 + 30 * len(outcomes))
        parts.append(f'<rect x="8" y="{y}" width="{left - 8}" height="{box_h}" rx="8" class="yb-flow-box"/>')
        parts.append(f'<text x="20" y="{y + 24}" class="yb-flow-text yb-dec-title">{n}. {esc_html(title)}</text>')
        parts += [f'<text x="20" y="{y + 48 + 20 * k}" class="yb-flow-side">{esc_html(t)}</text>' for k, t in enumerate(q)]
        for k, (text, effect, codes) in enumerate(outcomes):
            word, colour = OUTCOME[effect]
            oy = y + 4 + 30 * k
            parts.append(f'<line x1="{left}" y1="{y + box_h / 2}" x2="{right}" y2="{oy + 13}" class="yb-dec-link"/>')
            parts.append(f'<rect x="{right}" y="{oy}" width="{width - right - 8}" height="26" rx="13" fill="{colour}">'
                         f'<title>{esc_html(", ".join(codes))}</title></rect>')
            parts.append(f'<text x="{right + 12}" y="{oy + 18}" class="yb-dec-text">{esc_html(word)}：{esc_html(text)}</text>')
        y += box_h
        parts.append(f'<line x1="{left // 2}" y1="{y}" x2="{left // 2}" y2="{y + 24}" class="yb-flow-arrow" '
                     'marker-end="url(#yb-dec-arrow)"/>')
        y += 28
    rule = _lines(VERDICT_RULE, 40)
    h = 34 + 22 * len(rule)
    parts.append(f'<rect x="8" y="{y}" width="{width - 16}" height="{h}" rx="8" class="yb-flow-box yb-dec-verdict"/>')
    parts.append(f'<text x="20" y="{y + 24}" class="yb-flow-text yb-dec-title">结论</text>')
    parts += [f'<text x="20" y="{y + 48 + 22 * k}" class="yb-flow-text">{esc_html(t)}</text>' for k, t in enumerate(rule)]
    y += h
    return Markup("\n".join([  # on a phone the drawing keeps a readable size and scrolls sideways
        '<div class="yb-figure yb-decision-wrap" tabindex="0" role="region" aria-label="判断流程图（可左右滑动）">',
        (f'<svg class="yb-decision" viewBox="0 0 {width} {y + 8}" role="img" aria-labelledby="yb-dec-title yb-dec-desc" '
         'xmlns="http://www.w3.org/2000/svg">'),
        '<title id="yb-dec-title">检查工具判断“能不能绑定”的顺序</title>',
        f'<desc id="yb-dec-desc">依次检查：{esc_html("、".join(s[1] for s in DECISION_STEPS))}。{esc_html(VERDICT_RULE)}。</desc>',
        ('<defs><marker id="yb-dec-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
         'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>'),
        *parts, "</svg>", "</div>"]))


def decision_page(bundle: dict, today: str) -> str:
    return render_template("decision.md.j2", page=Page(bundle, bundle["national"]["verified"]),
                           svg=decision_svg(), steps=DECISION_STEPS, OUTCOME=OUTCOME)


def render(bundle: dict, today: str) -> dict[str, str]:
    return {"maintainers/coverage.md": coverage_page(bundle, today),
            "maintainers/sources.md": sources_page(bundle, today),
            "maintainers/decision.md": decision_page(bundle, today)}
