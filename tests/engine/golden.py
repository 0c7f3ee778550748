"""The golden table, written as a policy FAQ: the one hand-edited source of the checker's expected answers.

Each row: (name, scenario, expected verdict, reason codes that must appear). Expectations are written from
the rules data and the research, not copied from the engine's output. test_golden.py runs it natively,
tests/site/test_pyodide_parity.py in Pyodide, benchmarks/engine.py times it; `python tests/engine/golden.py`
prints it as JSON.
"""

from __future__ import annotations

import json

E, R, N = {"scheme": "employee"}, "resident", "none"


def bind(region, date, relation, scheme=R, age=None, rregion=None, purpose=None, giver=E, action="bind"):
    rec = {"relation": relation, "scheme": scheme}
    if age is not None:
        rec["age"] = age
    if rregion:
        rec["region"] = rregion
    s = {"action": action, "region": region, "date": date, "giver": giver, "receiver": rec}
    if purpose:
        s["purpose"] = purpose
    return s


def act(action, region, date, giver=E, **extra):
    return {"action": action, "region": region, "date": date, "giver": giver, **extra}


ROWS = [
    # --- who may give, who may receive (national rules) ---
    ("居民医保参保人没有个人账户，不能当共济人", bind("山西", "2025-01-01", "spouse", giver={"scheme": "resident"}), "no", ["giver_not_employee"]),
    ("没参保的人不能当共济人", bind("140000", "2025-01-01", "child", giver={"scheme": "none"}), "no", ["giver_not_employee"]),
    ("公婆/岳父母不是近亲属", bind("山西", "2025-01-01", "parent_in_law"), "no", ["not_near_relative"]),
    ("儿媳/女婿不是近亲属", bind("云南", "2025-06-01", "child_in_law"), "no", ["not_near_relative"]),
    ("朋友不是近亲属", bind("四川", "2025-06-01", "other"), "no", ["not_near_relative"]),
    ("亲属没参保，不能用共济的钱看病", bind("山西", "2025-01-01", "child", scheme=N), "no", ["receiver_not_insured"]),
    ("亲属没参保，可以用个人账户给他交居民医保", bind("山西", "2025-01-01", "child", scheme=N, purpose="premium"), "yes", ["premium_for_uninsured"]),
    ("职工医保的亲属不需要代缴居民医保", bind("山西", "2025-01-01", "parent", scheme="employee", purpose="premium"), "no", ["premium_for_resident_only"]),
    ("每个回答都提醒卡不能共用", bind("山西", "2025-01-01", "spouse"), "yes", ["card_not_shareable", "family_account_not_mutual_aid"]),

    # --- 山西: started 2022-07-01, 近亲属 from 2024-09-01 ---
    ("山西2022年7月前还没开通", bind("山西", "2022-03-01", "spouse"), "no", ["not_available_yet"]),
    ("山西2024年9月1日前兄弟姐妹还不行", bind("山西", "2024-08-15", "sibling"), "no", ["relation_not_in_scope_yet"]),
    ("山西2024年9月1日起兄弟姐妹可以", bind("山西", "2024-09-01", "sibling"), "yes", ["relation_in_scope", "same_province"]),
    ("山西2025年孙子女可以", bind("140000", "2025-05-01", "grandchild", age=8), "yes", ["relation_in_scope"]),
    ("山西2023年省内跨统筹区的日期不确定", bind("山西", "2023-06-01", "spouse"), "uncertain", ["date_uncertain"]),
    ("山西2024年9月后省内都可以", bind("山西", "2024-10-01", "parent"), "yes", ["same_province"]),
    ("山西2022年只能为同一统筹区亲属看病付费", bind("山西", "2022-08-01", "parent"), "uncertain", ["date_uncertain"]),
    ("山西何时开始能代缴居民医保，资料只给出区间", bind("山西", "2022-08-01", "child", scheme=N, purpose="premium"), "uncertain", ["date_uncertain"]),
    ("2020年资料之外，不确定", bind("山西", "2020-01-01", "spouse"), "uncertain", ["no_data"]),
    ("核实日期之后不久，照常回答但提示", bind("山西", "2026-12-01", "spouse"), "yes", ["date_after_verified"]),
    ("核实日期半年以后，不确定", bind("山西", "2027-08-01", "spouse"), "uncertain", ["stale_for_date"]),
    ("山西解绑：授权人随时解除，钱不用转回", act("unbind", "山西", "2025-01-01"), "yes", ["unbind_allowed", "money_authorize"]),
    ("跨省共济解绑：医保关系变动时自动解除（2026年跨省通知，只说跨省）",
     act("unbind", "河南", "2026-03-01", receiver={"relation": "child", "scheme": "resident", "region": "安徽"}), "yes",
     ["unbind_allowed", "auto_termination"]),
    ("山西查询：可以查，但没找到具体步骤", act("query", "山西", "2025-01-01"), "yes", ["query_allowed", "steps_unknown"]),
    ("山西恢复：随时可重新添加", bind("山西", "2025-01-01", "sibling", action="restore"), "yes", ["rebind_rule", "relation_in_scope"]),
    ("山西恢复（不指定亲属）", act("restore", "山西", "2025-01-01"), "yes", ["rebind_rule"]),

    # --- 跨省 (医保钱包) ---
    ("2024年跨省共济还没有渠道", bind("新疆", "2024-06-01", "parent", rregion="四川"), "no", ["cross_province_not_available"]),
    ("新疆到2025年2月4日还没开通跨省", bind("新疆", "2025-01-15", "parent", rregion="四川"), "no", ["cross_province_not_available"]),
    ("新疆2025年上半年开通日期不确定", bind("新疆", "2025-04-01", "parent", rregion="四川"), "uncertain", ["date_uncertain"]),
    ("新疆和四川都全域开通医保钱包后可以跨省", bind("新疆", "2025-08-01", "parent", rregion="四川"), "yes", ["cross_province_wallet"]),
    ("广东到2025年9月还没有医保钱包", bind("新疆", "2025-08-01", "sibling", rregion="广东"), "no", ["cross_province_not_available"]),
    ("广东2025年9月之后资料不明", bind("四川", "2026-06-01", "sibling", rregion="440000"), "uncertain", ["data_ends"]),
    ("陕西2025年7月1日全省上线医保钱包，甘肃已全域开通", bind("陕西", "2025-07-05", "parent", rregion="甘肃"), "yes", ["cross_province_wallet"]),
    ("陕西2025年2月到7月之间资料不明", bind("陕西", "2025-04-01", "parent", rregion="甘肃"), "uncertain", ["data_ends"]),
    ("跨省解绑：2026年通知改为额度方式，但没写明从哪天起施行", act("unbind", "新疆", "2026-03-01", receiver={"relation": "parent", "scheme": R, "region": "四川"}), "yes", ["wallet_quota_start_unknown"]),
    ("跨省解绑：2025年是转账方式，转入钱包的钱不能转回", act("unbind", "新疆", "2025-08-01", receiver={"relation": "parent", "scheme": R, "region": "四川"}), "yes", ["wallet_transfer_final"]),
    ("跨省解绑：2025年转账方式，钱不能转回", act("unbind", "新疆", "2025-08-01", receiver={"relation": "parent", "scheme": R, "region": "四川"}), "yes", ["wallet_transfer_final"]),

    # --- 新疆: 16岁以上本人确认, 结亲户 ---
    ("新疆16周岁以下子女直接加入", bind("新疆", "2025-03-01", "child", age=10), "yes", ["consent_minor"]),
    ("新疆16周岁及以上亲属须本人同意并刷脸", bind("650000", "2025-03-01", "parent", age=65), "yes", ["consent_required"]),
    ("新疆结亲户：地方规定，需确认", bind("新疆维吾尔自治区", "2025-03-01", "other"), "uncertain", ["local_extra_relation"]),
    ("新疆2024年9月兄弟姐妹：扩大日期不确定", bind("新疆", "2024-09-01", "sibling"), "uncertain", ["date_uncertain"]),
    ("新疆2024年11月兄弟姐妹可以", bind("新疆", "2024-11-01", "sibling"), "yes", ["relation_in_scope"]),

    # --- 兵团: no source that 近亲属 applies ---
    ("兵团配偶可以", bind("660000", "2025-03-01", "spouse"), "yes", ["relation_in_scope"]),
    ("兵团兄弟姐妹：资料无法确认是否扩大到近亲属", bind("兵团", "2025-03-01", "sibling"), "uncertain", ["data_ends"]),

    # --- 重庆: 账户关联 ---
    ("重庆解绑：关联方式不划钱", act("unbind", "重庆", "2025-03-01"), "yes", ["money_link"]),
    ("重庆2024年12月前兄弟姐妹：扩大日期不确定", bind("重庆", "2024-12-01", "sibling"), "uncertain", ["date_uncertain"]),
    ("重庆2025年兄弟姐妹可以", bind("重庆", "2025-03-01", "sibling"), "yes", ["relation_in_scope"]),

    # --- 甘肃: 家庭共济账户 (划拨) ---
    ("甘肃解绑：已划入共济账户的钱怎么处理资料未写明", act("unbind", "甘肃", "2025-03-01"), "yes", ["money_pooled"]),
    ("甘肃16周岁以上本人刷脸", bind("甘肃", "2025-03-01", "sibling", age=30), "yes", ["consent_required"]),
    ("甘肃2023年1月1日起开通，但全省通用从2023年12月1日起", bind("甘肃", "2023-02-01", "child"), "uncertain", ["available", "date_uncertain"]),
    ("甘肃2023年12月1日起全省通用", bind("甘肃", "2023-12-05", "child"), "yes", ["available", "same_province"]),

    # --- 宁夏: 2024-10-29 近亲属 ---
    ("宁夏2024年10月29日前只限父母、配偶、子女：兄弟姐妹还不行", bind("宁夏", "2024-10-28", "sibling"), "no", ["relation_not_in_scope_yet"]),
    ("宁夏2024年10月29日起兄弟姐妹可以", bind("宁夏", "2024-10-29", "sibling"), "yes", ["relation_in_scope"]),

    # --- 陕西: 同一统筹区 until 2024-05-22 ---
    ("陕西2023年须同一统筹区", bind("陕西", "2023-06-01", "spouse"), "yes", ["same_area_required"]),
    ("陕西2024年5月22日起省内跨统筹区", bind("陕西", "2024-06-01", "spouse"), "yes", ["same_province"]),

    # --- 北京: 2022-12-01 起; 近亲属 between 2024-10-20 and 2024-12-09 ---
    ("北京2022年12月前还没开通", bind("北京", "2022-06-01", "spouse"), "no", ["not_available_yet"]),
    ("北京2024年11月兄弟姐妹：扩大日期只知区间", bind("北京", "2024-11-01", "sibling"), "uncertain", ["date_uncertain"]),
    ("北京2024年12月9日后兄弟姐妹可以", bind("110000", "2024-12-10", "sibling"), "yes", ["relation_in_scope"]),
    ("北京跨省：北京医保钱包未确认全域开通", bind("北京", "2025-10-01", "parent", rregion="河北"), "uncertain", ["cross_province_partial"]),
    ("北京解绑：共济人删除即可", act("unbind", "北京", "2025-01-01"), "yes", ["unbind_allowed"]),
    # --- 天津: 2022年7月起 ---
    ("天津2022年6月还没开通", bind("天津", "2022-06-01", "child"), "no", ["not_available_yet"]),
    ("天津2022年7月中旬：开通日期只知在7月", bind("天津", "2022-07-15", "child"), "uncertain", ["date_uncertain"]),
    ("天津2025年配偶可以", bind("天津", "2025-01-01", "spouse"), "yes", ["relation_in_scope"]),
    # --- 河北 / 安徽: 全省医保钱包 by 2025-02-04 ---
    ("河北2024年8月2日起扩大到近亲属（省内通用的日期资料为8月17日前）", bind("河北", "2024-08-20", "sibling"), "yes", ["relation_in_scope"]),
    ("河北与安徽都全域开通医保钱包后可以跨省", bind("河北", "2025-03-01", "grandparent", rregion="安徽"), "yes", ["cross_province_wallet"]),
    ("河北与安徽2025年1月：开通日期不确定", bind("河北", "2025-01-01", "grandparent", rregion="安徽"), "uncertain", ["date_uncertain"]),
    # --- 上海: 只共享历年账户 ---
    ("上海解绑：只共享历年账户，钱不用转回", act("unbind", "上海", "2025-01-01"), "yes", ["money_prior_year"]),
    ("上海2021年：资料之外", bind("上海", "2021-06-01", "spouse"), "uncertain", []),
    # --- 江苏 / 黑龙江 / 浙江 ---
    ("江苏2024年10月14日后兄弟姐妹可以", bind("江苏", "2024-10-15", "sibling"), "yes", ["relation_in_scope"]),
    ("江苏恢复：先由原主账户人申请变更", bind("江苏", "2025-01-01", "spouse", action="restore"), "yes", ["rebind_rule"]),
    ("黑龙江2025年外孙子女可以", bind("黑龙江", "2025-02-01", "grandchild", age=12), "yes", ["relation_in_scope"]),
    ("浙江解绑：历年账户共济，钱不用转回", act("unbind", "浙江", "2025-01-01"), "yes", ["money_prior_year"]),
    ("辽宁2024年11月兄弟姐妹：扩大日期只知区间", bind("辽宁", "2024-11-15", "sibling"), "uncertain", ["date_uncertain"]),
    ("内蒙古2025年查询", act("query", "内蒙古", "2025-03-01"), "yes", ["query_allowed"]),

    # --- 湖北: 2024-10-01 近亲属 + 省内; 绑定未满3个月不能解绑 ---
    ("湖北2024年10月1日起兄弟姐妹可以", bind("湖北", "2024-10-02", "sibling"), "yes", ["relation_in_scope", "same_province"]),
    ("湖北2024年10月1日前只限父母、配偶、子女：兄弟姐妹还不行", bind("湖北", "2024-09-15", "sibling"), "no", ["relation_not_in_scope_yet"]),
    ("湖北解绑：绑定未满3个月不能解绑", act("unbind", "湖北", "2025-01-01"), "yes", ["unbind_lock"]),
    ("湖北查询：共济成员查询", act("query", "420000", "2025-01-01"), "yes", ["query_allowed"]),
    # --- 海南 / 福建 / 湖南 / 广东 / 其他 ---
    ("海南2024年10月1日起祖父母可以（省内通用在10月20日前）", bind("海南", "2024-10-21", "grandparent", age=80), "yes", ["relation_in_scope"]),
    ("福建解绑：家庭共济账户方式，钱的去向未写明", act("unbind", "福建", "2025-01-01"), "yes", ["money_pooled"]),
    ("湖南恢复：同时10人、累计20人", bind("湖南", "2025-01-01", "sibling", action="restore"), "yes", ["rebind_rule"]),
    ("广东2024年11月兄弟姐妹：扩大日期只知区间", bind("广东", "2024-11-01", "sibling"), "uncertain", ["date_uncertain"]),
    ("广东2025年配偶可以（亲情账号）", bind("广东", "2025-03-01", "spouse"), "yes", ["relation_in_scope"]),
    ("广东居民医保参保人不能当共济人", bind("广东", "2025-03-01", "spouse", giver={"scheme": "resident"}), "no", ["giver_not_employee"]),
    ("河南与安徽都全域开通后跨省可以", bind("河南", "2025-06-01", "child", rregion="安徽"), "yes", ["cross_province_wallet"]),
    ("江西2025年为没参保的孙子女代缴居民医保", bind("江西", "2025-10-21", "grandchild", scheme=N, purpose="premium"), "yes", ["premium_for_uninsured"]),
    ("山东2025年公婆不行", bind("山东", "2025-01-01", "parent_in_law"), "no", ["not_near_relative"]),
    ("广西2025年看病未参保的父母不行", bind("广西", "2025-01-01", "parent", scheme=N), "no", ["receiver_not_insured"]),

    # --- 不清楚: the answer says what depends on it ---
    ("亲属参保情况不清楚：要看他有没有参保", bind("山西", "2025-06-01", "parent", scheme="unknown"), "uncertain", ["receiver_scheme_unknown"]),
    ("代缴居民医保，亲属参保类型不清楚", bind("山西", "2025-06-01", "child", scheme="unknown", purpose="premium"), "uncertain", ["premium_scheme_unknown"]),
    ("亲属在哪里参保不清楚：同省可以，外省看医保钱包", bind("北京", "2025-06-01", "parent", rregion="unknown"), "uncertain", ["receiver_region_unknown"]),
    ("北京职工的母亲在河北参保：跨省要看医保钱包", bind("北京", "2025-06-01", "parent", rregion="河北"), "uncertain", ["cross_province_partial"]),

    # --- 云南 ---
    ("云南查询：有授权记录查询", act("query", "云南", "2025-03-01"), "yes", ["query_allowed"]),
]


def build() -> list[dict]:
    return [{"name": n, "scenario": s, "verdict": v, "codes": c} for n, s, v, c in ROWS]



GOLDEN = build()

if __name__ == "__main__":
    print(json.dumps(GOLDEN, ensure_ascii=False, indent=1))
