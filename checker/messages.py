"""Every Chinese word the engine says: labels for values and the text of each reason code.

The engine returns codes and data; the wording lives here only (Smart Answers' split of logic and words).
"""

from __future__ import annotations

RELATION = {
    "spouse": "配偶", "parent": "父母", "child": "子女", "sibling": "兄弟姐妹",
    "grandparent": "祖父母、外祖父母", "grandchild": "孙子女、外孙子女",
    "parent_in_law": "配偶的父母（公婆、岳父母）", "child_in_law": "子女的配偶（儿媳、女婿）", "other": "其他人",
}
SCHEME = {"employee": "职工医保", "resident": "城乡居民医保", "none": "未参加基本医保", "unknown": "不清楚"}
ACTION = {"bind": "绑定", "unbind": "解绑", "query": "查询", "restore": "恢复（重新绑定）"}
VERDICT = {"yes": "可以", "no": "不可以", "uncertain": "不确定"}
PURPOSE = {"medical": "看病买药", "premium": "缴纳居民医保费"}
TIER = {"official": "政府网站", "media": "官方媒体/转载通知", "aggregator": "未经官方核实"}
CHANNEL_KIND = {
    "app": "手机App", "wechat": "微信公众号", "miniprogram": "微信小程序", "alipay": "支付宝",
    "web": "网上服务大厅", "national_app": "国家医保服务平台", "offline": "线下窗口",
}

FACT = {
    "available": "本地家庭共济", "scope": "共济范围", "reach": "地域范围", "cross_province": "跨省共济（医保钱包）",
    "money_model": "资金方式", "premium_payment": "代缴居民医保费", "wallet_model": "医保钱包方式",
    "consent": "亲属确认", "max_relatives": "绑定人数", "amount_limit": "额度", "balance_floor": "余额门槛",
    "validity": "有效期", "deduction_order": "扣款顺序", "unbind_who": "谁能解绑", "unbind_lock_months": "解绑限制",
    "rebind": "重新绑定", "offline": "线下办理", "extra_relations": "额外允许的对象", "extra_uses": "额外用途",
}

VALUE = {
    "available": {True: "已开通", False: "未开通"},
    "scope": {"immediate": "配偶、父母、子女", "near_relatives": "近亲属（配偶、父母、子女、兄弟姐妹、祖父母、外祖父母、孙子女、外孙子女）"},
    "reach": {"same_area": "同一统筹区（一般是同一个地市）内", "province": "全省范围（省内跨统筹区）"},
    "cross_province": {"none": "未开通", "partial": "部分地区开通（未确认全域开通）", "full": "全域开通"},
    "money_model": {
        "authorize": "授权扣款：结算时直接从共济人账户扣，事先不划钱",
        "pooled_account": "共济账户：共济人把钱划入单独的家庭共济账户，亲属从这个账户用",
        "link": "账户关联：共济人的账户与一位使用人关联",
        "prior_year_account": "只共享历年账户：只能用共济人个人账户中往年结余的部分",
    },
    "premium_payment": {True: "可以", False: "不可以"},
    "wallet_model": {"transfer": "转账到亲属的医保钱包", "quota": "为亲属设定共济额度（虚拟额度）"},
    "consent": {"pledge_only": "只需共济人签承诺书，未要求亲属本人确认", "relative_confirms": "亲属本人须确认"},
    "amount_limit": {"none": "不设上限，可用全部余额", "set_by_giver": "由共济人设定额度"},
    "validity": {"until_unbound": "解绑前一直有效", "set_by_giver": "共济人设定起止日期"},
    "deduction_order": {
        "own_first": "先用亲属本人账户，再用共济账户", "filing_order": "先用本人账户，再按备案顺序用他人账户",
        "user_set": "由用户设定扣款顺序", "balance_desc": "先用本人账户，再按余额从高到低",
        "second_scan": "不设顺序，结算时再扫一次码选择共济账户",
    },
    "unbind_who": {"giver": "共济人（授权人）", "either": "双方都可以"},
}

# Where to ask. The hotline number is found on aggregator pages only (national.toml note
# help_hotline): said with its mark.
HELP = "请咨询当地医保经办机构，或拨打12393医保服务热线（网上介绍的号码，未经官方核实）。"

# Who says a claim, as certainly as its sources allow (checker/claims.py). Never 规定 for a practice or an
# aggregator-only claim.
PRACTICE = "全国多数地方"  # how a national practice (not a rule) is introduced, on pages and in the checker
ATTRIBUTION = {
    "unverified": "有网页称{where}：{body}（未经官方核实）。",
    "national_practice": "{region}的资料没查到；" + PRACTICE + "：{body}",
    "area": "{area}：{body}",
    "national_page_practice": PRACTICE + "：{body}",
}
BASIS = {"national_rule": "全国规定", "national_practice": PRACTICE + "的做法，{region}没查到", "national": "全国层面的说明",
         "gap": "没有找到可靠说明",
         "regional": "{where}的资料", "unverified": "未经官方核实"}
# Parts of a fact with words (and sources) of their own.
PART = {"confirm_age": "{age}周岁及以上的亲属须本人刷脸确认", "materials": "要带的材料：{materials}"}


def value_label(fact: str, value) -> str:
    if fact in VALUE and value in VALUE[fact]:
        return VALUE[fact][value]
    if fact == "max_relatives":
        return f"最多{value}人"
    if fact == "balance_floor":
        return f"余额超过{value}元的部分"
    if fact == "unbind_lock_months":
        return "未见限制" if value == 0 else f"绑定满{value}个月后才能解绑"
    if isinstance(value, list):
        return "；".join(value)
    return str(value)


# Reason code -> template. Placeholders are filled by the engine with plain strings.
REASON = {
    "giver_not_employee": "只有参加职工医保、有个人账户的人才能当共济人；{scheme}没有个人账户。",
    "not_near_relative": "{relation}不属于近亲属（民法典第1045条），不能共济。",
    "relation_not_in_scope_yet": "{date}时{region}的共济范围是{scope}，还不包括{relation}（{region}自{since}起扩大到近亲属）。",
    "relation_not_in_scope": "{date}时{region}的共济范围是{scope}，不包括{relation}。",
    "relation_in_scope": "{relation}在共济范围内（{scope}）。",
    "local_extra_relation": "{region}另外允许：{extra}。是否适用于您，请向当地医保部门确认。",
    "not_available_yet": "{date}时{region}还没有开通职工医保个人账户家庭共济。",
    "available": "{date}时{region}已开通职工医保个人账户家庭共济。",
    "receiver_not_insured": "亲属本人必须参加基本医保（职工医保或城乡居民医保）才能用共济的钱看病买药。可以先用个人账户为他缴纳居民医保费。",
    "receiver_scheme_unknown": "要看亲属有没有参加基本医保：参加了职工医保或城乡居民医保，才能用共济的钱看病买药；还没参保的，可以先用个人账户为他缴纳居民医保费。可以在国家医保服务平台App或当地医保App里查亲属的参保情况。",
    "premium_scheme_unknown": "要看亲属参加的是哪种医保：个人账户可以代缴的是城乡居民医保个人缴费；亲属参加职工医保的，不适用。",
    "receiver_region_unknown": "要看亲属在哪里参保：和您在同一个省参保，{same}；在外省参保，要双方所在地都开通医保钱包才能跨省共济。",
    "premium_for_uninsured": "可以用个人账户为亲属缴纳城乡居民医保个人缴费，让他参保。",
    "premium_not_available": "{date}时{region}还不能用个人账户为亲属缴纳居民医保费。",
    "premium_for_resident_only": "个人账户可以代缴的是城乡居民医保个人缴费；亲属参加的是职工医保，不适用。",
    "same_province": "双方都在{region}参保，可以在{reach}共济。",
    "same_area_required": "{date}时{region}只能在同一统筹区（一般是同一个地市）内共济：双方须在同一地市参保。",
    "cross_province_wallet": "双方在不同省份参保：{region}和{receiver_region}都已全域开通医保钱包，可以通过国家医保服务平台App的医保钱包跨省共济。",
    "cross_province_not_available": "双方在不同省份参保，{date}时{which}还没有开通跨省共济（医保钱包）。",
    "cross_province_partial": "双方在不同省份参保：{which}的医保钱包{state}，能否跨省共济取决于具体统筹区。",
    "consent_required": "亲属须在本人手机上确认（刷脸）后才能加入。",
    "consent_minor": "亲属未满{age}周岁，一般可直接加入，不需本人刷脸确认。",
    "consent_pledge": "{region}采用承诺制：共济人签个人承诺书，未要求亲属本人确认。",
    "consent_unknown": "{region}是否要求亲属本人确认没有找到可靠说明。国家医保服务平台“亲情账户”中，16周岁及以上亲属须本人刷脸；办理时以页面提示为准。",
    "card_not_shareable": "钱可以共济，卡不能共用：亲属看病买药用他本人的医保卡或医保码。",
    "family_account_not_mutual_aid": "“亲情账户”不是家庭共济，只绑定亲情账户不能让亲属用你的钱；解除亲情账户也不等于解除共济。",
    "date_uncertain": "{date}处在{region}“{fact}”变化的时间窗口（{window}）内，资料无法确定当时的规则。",
    "no_data": "资料中没有{date}时{region}“{fact}”的信息。",
    "data_ends": "资料只能确认“{fact}”到{until}为止的情况，{date}时是否变化无法确定。",
    "date_after_verified": "{region}的信息核实日期是{verified}，{date}的规则可能已有变化。",
    "stale_for_date": "{date}比{region}的信息核实日期（{verified}）晚半年以上，资料无法确认当时的规则。",
    "unbind_allowed": "可以解除共济关系，解除人：{who}。",
    "unbind_who_unknown": "{region}由谁解除没有找到明确说明；一般由共济人在办理绑定的同一模块中解除。",
    "unbind_lock": "绑定未满{months}个月的成员不能解绑。",
    "money_authorize": "授权扣款方式下钱一直在共济人自己的账户里，解绑后不需要把钱转回。",
    "money_pooled": "{region}是把钱划入家庭共济账户的方式；解散或退出后已划入的钱怎么处理，资料未写明，请向当地医保部门确认。",
    "money_link": "账户关联方式下不划转资金，取消关联后亲属不能再用共济人的账户。",
    "money_prior_year": "只共享历年账户，钱一直在共济人账户里，解绑后不需转回。",
    "money_unknown": "解绑后资金如何处理，资料未写明。",
    "wallet_quota_returns": "跨省共济（医保钱包额度方式）：关系解除后，未用完的共济额度退回共济人账户。",
    "wallet_transfer_final": "跨省共济（医保钱包转账方式）：已转入亲属医保钱包的钱不能再转回个人账户。",
    "wallet_quota_start_unknown": "跨省共济：2026年1月9日的通知改为共济人为亲属设定共济额度，关系解除后未用完的额度退回共济人账户；从哪天起这样办理没有找到说明，以国家医保服务平台App的页面为准。",
    "auto_termination": "跨省共济：任何一方医保关系终止或转到其他统筹地区时，共济关系自动解除（2026年跨省共济通知）。",
    "steps_known": "可以在下列渠道办理。",
    "steps_unknown": "没有找到{region}在线{action}的具体步骤，请在办理绑定的同一模块中查找，或到医保经办窗口办理。",
    "query_allowed": "可以查询绑定状态和使用记录。",
    "rebind_rule": "重新绑定：{text}",
    "rebind_unknown": "{region}解绑后能否马上重新绑定，没有找到说明；国家层面也没有找到等待期的说明。",
    "extra_uses": "{region}还可用于：{uses}。",
}

# Glossary pop-ups on generated pages (sitegen/glossary.py): plain definitions, the same wording as
# docs/national/glossary.md (tests/test_features_a11y_mode.py keeps the two in step). No policy facts here.
GLOSSARY = {
    "统筹区": "医保按地方分开管理的范围，一般是一个地级市。早期很多地方只能在同一统筹区内共济，现在各省都能在省内跨统筹区共济。",
    "近亲属": "配偶、父母、子女、兄弟姐妹、祖父母、外祖父母、孙子女、外孙子女（民法典第1045条）。公婆、岳父母、儿媳、女婿不算。",
    "医保钱包": "国家医保服务平台App里的功能，用来跨省共济。双方所在地都开通后才能用。",
    "亲情账户": "国家医保服务平台等App里帮家人出示他自己的医保码的功能。花的是家人自己的钱，不是家庭共济。",
    "历年账户": "职工医保个人账户里往年结余的钱；当年记入的钱不算。有的地方只能共济历年账户里的钱。",
}

# The link after every fact to report a mistake (the words gov.cn sites use); its aria-label says which fact.
REPORT_LINK = "我要纠错"

# A channel described only by some cities' guides, and steps that only aggregator pages give (pages and checker).
CHANNEL_AREA = "这个渠道的说明来自{area}的资料，其他地方以页面提示为准。"
CHANNEL_UNVERIFIED = "这些步骤只见于聚合网站，未经官方核实，以页面提示为准。"

# Every word the page's JavaScript shows (docs/javascripts/checker/*.js), sent to the page in vocab.json as "text"
# (sitegen/runtime.py form_vocab) and read there through say(vocab, key, values) (text.js), which fills the {name}
# placeholders. tests/site/test_page_text.py keeps the JavaScript free of Chinese and this table free of dead keys.
_HOTLINE = HELP[HELP.index("拨打"):]  # the hotline sentence: its number is written once, in HELP

PAGE_TEXT: dict[str, str] = {
    # bridge.js: the status line under a form's button, and the note for a browser that cannot run the checker
    "download_size": "约 {mb} MB",
    "stage_download": "正在下载检查工具（{size}，只需下载一次）",
    "stage_start": "正在启动检查工具",
    "status_left": "还剩约 {mb} MB",
    "status_seconds": "已用 {seconds} 秒",
    "status_idle": "开始填写后，本页会下载检查工具（{size}，只需一次，之后离线也能用）。",
    "status_ready": "检查工具已就绪。",
    "status_failed": "检查工具没有加载成功（{reason}）。您仍可以阅读本站的各地办理指南，或" + _HOTLINE,
    "status_offline": "没有联网，检查工具下载不了。检查工具需要先联网打开一次，之后离线也能用。联网后请按「重试」；"
                      "现在可以先阅读本站的各地办理指南，或" + _HOTLINE,
    "status_unsupported": "这个浏览器无法启动检查工具。请阅读本站的各地办理指南，或" + _HOTLINE,
    "retry": "重试",
    "unsupported_title": "这个浏览器无法运行页面内的检查工具",
    "unsupported_text": "检查工具需要 WebAssembly 和 Web Worker。请升级浏览器，或直接阅读本站的各地办理指南；也可以" + _HOTLINE,
    "pending": "正在计算…",
    "link_problems": "这个分享链接有问题：{problems}",
    # why the checker did not load: worker.js and runtime.js send codes, bridge.js shows these (never the browser's
    # own English message)
    "failure_download_http": "下载失败：HTTP {status}",
    "failure_load_timeout": "加载超时",
    "failure_worker_start": "浏览器无法启动后台线程",
    "failure_boot": "启动时出错",
    "failure_unknown": "原因未知",
    # runtime.js: an answer that could not be had (CheckError messages come from the engine itself)
    "answer_unavailable": "检查工具没有加载成功，暂时无法回答。",
    "answer_internal": "检查工具内部出错，请稍后再试。",
    # form.js: the fields, the checks before asking Python, and shared links
    "form_label": "家庭共济检查",
    "field_action": "要办的事",
    "field_region": "共济人（出钱的人）的参保地",
    "field_relation": "亲属是共济人的",
    "field_receiver_scheme": "亲属参加的医保",
    "field_receiver_region": "亲属在哪个省参保",
    "field_date": "办理日期",
    "field_giver_scheme": "共济人参加的医保",
    "field_age": "亲属年龄（周岁，可不填）",
    "field_purpose": "用途",
    "choose": "请选择",
    "receiver_region_same": "和我在同一个省参保",
    "unsure": SCHEME["unknown"],
    "more_options": "更多选项（日期、年龄、用途等）",
    "submit": "查看结果",
    "need_action": "请选择要办的事。",
    "need_region": "请选择共济人的参保地。",
    "need_date": "请填写日期。",
    "bad_date": "日期格式应为 年-月-日，例如 2025-01-01。",
    "date_out_of_range": "日期应在2000年到2100年之间。",
    "bad_age": "年龄请填0到130之间的整数。",
    "need_relation": "请选择亲属和共济人的关系。",
    "need_receiver_scheme": "请选择亲属参加的医保；不知道就选「不清楚」。",
    "need_receiver_region": "请选择亲属在哪个省参保；不知道就选「不清楚」。",
    "link_too_long": "这个链接太长，不是本站生成的分享链接。",
    "link_malformed": "这个链接的格式有误。",
    "link_version": "这个分享链接的版本本页不认识，请重新填写。",
    "link_field_invalid": "链接中的“{field}”无效，请重新选择或填写。",
    "channel_area": CHANNEL_AREA,
    "channel_unverified": CHANNEL_UNVERIFIED,
    # render.js: the answer, first what it is and what to do, then the details folded
    "verdict": "结论：",
    "summary_relative": "，亲属：{relation}",
    "next_yes": "在{region}怎么办",
    "next_use": "用{kind}：{name}",
    "heed": "办理时请注意：",
    "other_channels": "其他办理渠道（{count}个）",
    "all_channels": "所有办理渠道和步骤（{count}个）",
    "next_uncertain": "去哪里问清楚",
    "settle_online": "网上查看或办理：{name}",
    "settle_office": "线下：{where}",
    "also_depends": "还要看：",
    "next_no": "可以怎么做",
    "next_no_question": "有疑问时",
    "instead_premium": "想先替亲属交城乡居民医保费、让他参保，可以接着查：",
    "instead_premium_button": "查一查：用个人账户代缴居民医保费",
    "print": "打印清单",
    "share_link": "分享这个结果的链接",
    "copy_link": "复制链接",
    "copied": "已复制",
    "copy_by_hand": "请长按上面的链接复制",
    "all_reasons": "全部原因和来源",
    "channel_sources": "办理渠道的来源：",
    "heading_offline": "线下办理",
    "heading_rules": "需要知道的事项",
    "heading_uses": "个人账户的钱能用在哪里",
    "effect_allows": "符合",
    "effect_blocks": "不符合",
    "effect_uncertain": VERDICT["uncertain"],
    "effect_info": "说明",
    "since": "{date}起",
    "basis": "（{basis}）",
    "comma": "，",
    "list_separator": "、",
    "maintainers": "给维护者看的",
    "why_code": "原因代码",
    "why_rule": "规则",
    "why_layer": "决定的一层",
    "why_layer_national": "全国层面",
    "why_layer_regional": "本地资料（优先于全国层面）",
    "why_effective": "生效日期",
    "why_sources": "来源编号",
    "not_stated": "未注明",
    "none": "无",
    "sources": "来源（{count}）",
    "source_linked": "（{publisher}，{date}）",
    "source_plain": "{publisher}：《{title}》，{date}",
    "channel": "{kind}：{name}",
    "channel_path": "依次点：",
    "channel_path_step": "「{step}」",
    "channel_no_steps": "没有找到这个渠道的具体步骤，请按入口查找，或到医保经办窗口办理。",
    "channel_url": "网址：{url}",
    "fact_unknown": "没有找到可靠说明。",
    "offline_unknown": "线下办理方式没有找到可靠说明。",
    "materials": "要带的材料：",
    "may_pay": "可以支付：",
    "may_not_pay": "不能支付：",
    "guide_more": "更多：",
    "guide_link": "{region}的完整办理指南",
    "verified": "信息核实日期：{verified}。",
    "rests_on": "依据的规则：{rules}；数据版本 {version}。",
    "computed_here": "结果由本页在您的浏览器里计算，不会发送到任何服务器。",
}
