"""Pages for the people who keep the data right: the coverage matrix, source health and the decision diagram.

Pure like pages.py (bundle + date in, Markdown out); the numbers come from checker.coverage and
checker.source_health, the same functions behind `python -m checker report` and `python -m checker sources`.
"""

from __future__ import annotations

import datetime as dt

from checker import messages as M
from checker.tools.coverage import REGION_FACTS, counts, matrix
from checker.tools.source_health import health
from .pages import Page, admonition, esc, esc_html

COVERAGE_WORDS = {  # status -> (mark, words); the marks are coverage.MARK
    "known": "本地已写明", "national": "沿用全国规定", "bounded": "只知道在某段时间内变化",
    "unknown": "不清楚（资料缺口）", "stale": "超过半年未核实",
}


def _cov(status: str, mark: str) -> str:
    return f'<span class="yb-cov yb-cov--{status}" title="{esc_html(COVERAGE_WORDS[status])}">{mark}</span>'


def coverage_page(bundle: dict, today: str) -> str:
    from checker.tools.coverage import MARK

    date = dt.date.fromisoformat(today)
    m, total = matrix(bundle, date), counts(bundle, date)
    page = Page(bundle, today, "（数据中最新的核实日期；各地区的日期见下表）")
    lines = ["# 资料覆盖情况", "",
             (f"给维护者看的：每个地区的每项规定，资料里有没有。按{esc(today)}计算（数据中最新的核实日期），"
              "与命令 `python -m checker report` 的结果相同。"), "",
             "## 合计 {#counts}", "", "| 标记 | 含义 | 格数 |", "|---|---|---|"]
    lines += [f"| {_cov(s, MARK[s])} | {esc(COVERAGE_WORDS[s])} | <span class=\"yb-count\" data-status=\"{s}\">{total[s]}</span> |"
              for s in MARK]
    lines += [f"| | 合计（{len(m)}个地区 × {len(REGION_FACTS)}项） | {sum(total.values())} |", "",
              "## 地区 × 事项 {#matrix}", "",
              "“沿用全国规定”不是缺口：地区文件没写，按全国规定。“不清楚”是要补的缺口。", "",
              '<div class="yb-coverage" markdown>', "",
              "| 地区 | " + " | ".join(esc(M.FACT[f]) for f in REGION_FACTS) + " | 缺口 | 核实 |",
              "|---|" + "---|" * (len(REGION_FACTS) + 2)]
    for region in bundle["regions"]:
        row = m[region["code"]]
        gaps = sum(1 for s in row.values() if s == "unknown")
        lines.append(f"| [{esc(region['short'])}](../regions/{region['slug']}/index.md) | "
                     + " | ".join(_cov(row[f], MARK[row[f]]) for f in REGION_FACTS)
                     + f" | {gaps} | {esc(region['verified'])} |")
    lines += ["", "</div>", "", "## 待补的缺口 {#gaps}", "",
              "按地区列出“不清楚”的事项和要改的文件。补上时写明来源；找不到可靠来源就保持“不清楚”。", ""]
    for region in bundle["regions"]:
        missing = [M.FACT[f] for f in REGION_FACTS if m[region["code"]][f] == "unknown"]
        if missing:
            lines.append(f"- **{esc(region['short'])}**（`{esc_html(region['file'])}`）：{esc('、'.join(missing))}")
    return "\n".join(lines) + "\n" + page.footer()


def sources_page(bundle: dict, today: str) -> str:
    h = health(bundle)
    page = Page(bundle, today, "（数据中最新的核实日期）")
    sources = bundle["sources"]

    def ids(items: list[str]) -> str:
        return "、".join(f"`{esc_html(sid)}`" for sid in items) if items else "无"

    lines = ["# 来源检查", "",
             ("给维护者看的：本站引用的资料来自哪里、哪些需要留意。离线计算，不访问任何网站；"
              "与命令 `python -m checker sources` 的结果相同。"), "",
             "## 合计 {#summary}", "", "| 项目 | 数量 |", "|---|---|",
             f"| 来源总数 | <span class=\"yb-count\" data-key=\"total\">{h['total']}</span> |"]
    lines += [f"| {esc(M.TIER[t])}（`{t}`） | <span class=\"yb-count\" data-key=\"{t}\">{n}</span> |"
              for t, n in h["tiers"].items()]
    rows = (("linkable", "在本站显示为链接（政府网站、官方媒体）"), ("mirrors", "转载页（按原发媒体引用，不给链接）"),
            ("undated", "网页未注明发布日期"), ("dead", "已失效的网址（dead_links.toml）"),
            ("dead_without_replacement", "已失效且没有新地址或存档"), ("uncited", "没有被任何规定引用"),
            ("problems", "网址格式、级别与域名、日期的问题"))
    lines += [f"| {esc(text)} | <span class=\"yb-count\" data-key=\"{key}\">{len(h[key])}</span> |" for key, text in rows]
    lines += ["", "## 规则 {#rules}", "",
              "- 政府网站（`official`）必须是 gov.cn 域名；官方媒体（`media`）必须是官方媒体域名，否则标为转载（`mirror`）。",
              "- 发布日期不能晚于核实日期，也不能是不存在的日期。",
              "- 已失效的网址登记在 `checker/rules/dead_links.toml`，写明新地址或存档地址。", "",
              "这些规则由 `python -m checker validate` 在编译时检查，违反的数据不能发布；下面是编译后的数据再检查一遍的结果。", ""]
    if h["problems"]:
        lines.append(admonition("danger", "发现问题", [esc(p) for p in h["problems"]]))
    else:
        lines += ["没有发现问题。", ""]
    lines += ["## 需要留意的来源 {#attention}", "",
              f"- 已失效：{ids(h['dead'])}",
              f"- 已失效且没有替代地址：{ids(h['dead_without_replacement'])}",
              f"- 没有被引用：{ids(h['uncited'])}", "",
              "## 各地区引用的来源 {#regions}", "",
              "聚合网站多、政府网站少的地区，优先找官方来源替换。", "",
              "| 地区 | 政府网站 | 官方媒体/转载通知 | 未经官方核实 |", "|---|---|---|---|"]
    for region in bundle["regions"]:
        n = h["regions"][region["code"]]
        lines.append(f"| [{esc(region['short'])}](../regions/{region['slug']}/index.md) | {n['official']} | "
                     f"{n['media']} | {n['aggregator']} |")
    lines += ["", "## 引用最多的网站 {#hosts}", "", "| 网站 | 来源数 |", "|---|---|"]
    lines += [f"| `{esc_html(host)}` | {n} |" for host, n in list(h["hosts"].items())[:15]]
    lines += ["", "## 未注明日期的来源 {#undated}", ""]
    lines += [f"- `{esc_html(sid)}`：{esc(sources[sid]['title'])}（{esc(sources[sid]['publisher'])}）" for sid in h["undated"]]
    return "\n".join(lines) + "\n" + page.footer()


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
       ("cross_province_partial", "date_uncertain", "no_data", "data_ends")))),
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
      ("代缴：本地能否代缴资料不清楚", "uncertain", ("date_uncertain", "no_data", "data_ends")))),
    ("_check_consent", "亲属确认", "要不要亲属本人确认（刷脸）？",
     (("只是说明，不改变结论", "info", ("consent_required", "consent_minor", "consent_pledge", "consent_unknown")),)),
)
VERDICT_RULE = "有任何一条“不可以” → 不可以；否则有“不确定” → 不确定；否则 → 可以"
OUTCOME_CHARS = 18  # an outcome's words fit its pill (14px text, 352px wide, after the 不确定： label)
OUTCOME = {"no": ("不可以", "#f4a3a8"), "uncertain": ("不确定", "#ffe08a"), "yes": ("通过", "#b5e48c"),
           "info": ("提示", "#d9e2ec")}


def _lines(text: str, width: int) -> list[str]:
    return [text[i:i + width] for i in range(0, len(text), width)] or [""]


def decision_svg() -> str:
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
    return "\n".join([  # on a phone the drawing keeps a readable size and scrolls sideways
        '<div class="yb-figure yb-decision-wrap" tabindex="0" role="region" aria-label="判断流程图（可左右滑动）">',
        (f'<svg class="yb-decision" viewBox="0 0 {width} {y + 8}" role="img" aria-labelledby="yb-dec-title yb-dec-desc" '
         'xmlns="http://www.w3.org/2000/svg">'),
        '<title id="yb-dec-title">检查工具判断“能不能绑定”的顺序</title>',
        f'<desc id="yb-dec-desc">依次检查：{esc_html("、".join(s[1] for s in DECISION_STEPS))}。{esc_html(VERDICT_RULE)}。</desc>',
        ('<defs><marker id="yb-dec-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
         'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>'),
        *parts, "</svg>", "</div>"])


def decision_page(bundle: dict, today: str) -> str:
    page = Page(bundle, bundle["national"]["verified"])
    lines = ["# 判断流程图", "",
             ("在线检查工具判断“能不能绑定家庭共济”时，按下面的顺序一步步看。每一步都记下一条原因（结论页面上"
              "点“为什么？”能看到这条原因依据的规则、全国还是地方规定、生效日期和来源）；"
              "第2、3步不符合时不再往下检查，其余各步都会看完，最后按“结论”一栏汇总。"), "",
             decision_svg(), "",
             "## 每一步的原因代码 {#codes}", "",
             "给维护者看的：流程图里每个结果对应的原因代码（`checker/messages.py` 里是它们的中文说明）。", "",
             "| 步骤 | 结果 | 对结论的影响 | 原因代码 |", "|---|---|---|---|"]
    for n, (_, title, _, outcomes) in enumerate(DECISION_STEPS, 1):
        for text, effect, codes in outcomes:
            lines.append(f"| {n}. {esc(title)} | {esc(text)} | {OUTCOME[effect][0]} | "
                         + "、".join(f"`{c}`" for c in codes) + " |")
    lines += ["", ("解绑、查询只看第1到4步，再加上各自的说明（谁能解绑、解绑限制、资金怎么处理等）；"
                   "恢复（重新绑定）与绑定相同，另加重新绑定的规定。"), "",
              (f"全部规则见[全国规则与时间线](../national/index.md)；办理前可以先[检查能不能办](../checker.md)。"
               f"拿不准时：{esc(M.HELP)}"), ""]
    return "\n".join(lines) + page.footer()


def render(bundle: dict, today: str) -> dict[str, str]:
    return {"maintainers/coverage.md": coverage_page(bundle, today),
            "maintainers/sources.md": sources_page(bundle, today),
            "maintainers/decision.md": decision_page(bundle, today)}
