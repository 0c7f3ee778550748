// Render checker.check()'s result as DOM. Every piece of data goes in as text (textContent / append of
// strings), never as HTML; links only for sources the data marks `linkable`, and only http(s).

const EFFECT = {
  allows: ["✓", "符合"],
  blocks: ["✗", "不符合"],
  uncertain: ["?", "不确定"],
  info: ["i", "说明"],
};
const LAYER = { national: "全国规定", regional: "地方规定", none: "" };

function el(tag, className, ...children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.append(...children.filter((c) => c !== null && c !== undefined && c !== ""));
  return node;
}

function safeHref(url) {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
  } catch {
    return null;
  }
}

function sources(list, tiers) {
  if (!list?.length) return null;
  const ul = el("ul", "yb-sources");
  for (const s of list) {
    const href = s.linkable ? safeHref(s.url) : null;
    const li = el("li");
    if (href) {
      const a = el("a", null, s.title);
      a.href = href;
      a.rel = "noopener noreferrer";
      a.referrerPolicy = "no-referrer";
      li.append(a, `（${s.publisher}，${s.date}）`);
    } else {
      li.append(`${s.publisher}：《${s.title}》，${s.date}`);
    }
    if (s.tier === "aggregator") li.append(" ", el("span", "yb-unverified", tiers.aggregator ?? "未经官方核实"));
    ul.append(li);
  }
  return el("details", "yb-sources-box", el("summary", null, `来源（${list.length}）`), ul);
}

const LAYER_WHY = { national: "全国默认规定", regional: "地方规定（对全国规定的例外）" };

/** 为什么？: the rule that decided this reason, its layer, since when, and its sources (all from the engine). */
function why(r) {
  if (!r.rule && !r.source_ids?.length) return null;
  const dl = el("dl");
  const row = (term, value) => dl.append(el("dt", null, term), el("dd", null, value));
  row("规则", r.rule ?? "—");
  row("决定的一层", LAYER_WHY[r.layer] ?? "—");
  row("生效日期", r.effective ?? "未注明");
  row("来源编号", r.source_ids?.join("、") || "无");
  return el("details", "yb-why", el("summary", null, "为什么？"), dl);
}

function reasons(result, tiers) {
  const ul = el("ul", "yb-reasons");
  for (const r of result.reasons) {
    const [mark, word] = EFFECT[r.effect] ?? EFFECT.info;
    const badge = el("span", "yb-effect", el("span", null, mark), ` ${word}`);
    badge.querySelector("span").setAttribute("aria-hidden", "true");
    const basis = [LAYER[r.layer], r.effective ? `${r.effective}起` : ""].filter(Boolean);
    ul.append(el("li", `yb-reason yb-reason--${r.effect}`, badge, " ", r.message,
      basis.length ? el("span", "yb-basis", `（${basis.join("，")}）`) : null, why(r), sources(r.sources, tiers)));
  }
  return ul;
}

function channels(result, tiers) {
  const box = el("div", "yb-channels");
  for (const c of result.channels) {
    const section = el("section", "yb-channel", el("h4", null, `${c.kind_label}：${c.name}`));
    if (c.path?.length) section.append(el("p", "yb-path", "入口：", c.path.map((p) => `「${p}」`).join(" → ")));
    if (c.steps?.length) {
      const ol = el("ol", "yb-steps");
      for (const step of c.steps) ol.append(el("li", null, step));
      section.append(ol);
    } else {
      section.append(el("p", "yb-gap", "没有找到这个渠道的具体步骤，请按入口查找，或到医保经办窗口办理。"));
    }
    if (c.url) section.append(el("p", "yb-url", `网址：${c.url}`));
    if (c.note) section.append(el("p", "yb-note", c.note));
    section.append(sources(c.sources, tiers) ?? "");
    box.append(section);
  }
  return box;
}

function facts(result, tiers) {
  const dl = el("dl", "yb-facts");
  for (const f of result.facts) {
    if (f.key === "offline") continue; // shown with its materials below
    const known = f.status === "known";
    dl.append(el("dt", null, f.label), el("dd", known ? null : "yb-gap",
      known ? f.text : "没有找到可靠说明。", f.note ? el("span", "yb-note", f.note) : null, sources(f.sources, tiers)));
  }
  return dl;
}

function offline(result, tiers) {
  const fact = result.facts.find((f) => f.key === "offline");
  if (!fact) return null;
  const box = el("div", "yb-offline", el("p", null, fact.status === "known" ? fact.text : "线下办理方式没有找到可靠说明。"));
  if (fact.materials?.length) {
    const ul = el("ul", "yb-materials");
    for (const m of fact.materials) ul.append(el("li", null, m));
    box.append(el("p", null, "要带的材料："), ul);
  }
  if (fact.note) box.append(el("p", "yb-note", fact.note));
  box.append(sources(fact.sources, tiers) ?? "");
  return box;
}

function uses(result) {
  const list = (items) => {
    const ul = el("ul");
    for (const item of items ?? []) ul.append(el("li", null, item.text));
    return ul;
  };
  return el("div", "yb-uses", el("p", null, "可以支付："), list(result.uses.may_pay),
    el("p", null, "不能支付："), list(result.uses.may_not_pay));
}

/**
 * Build the answer. `vocab` gives labels; `share` is the shareable URL; `onPrint` prints the checklist.
 * The heading level follows the page: h2 on the checker page, h3 inside a region page.
 */
export function renderResult(result, { vocab, share, guide, onPrint, level }) {
  const h = (n, text) => el(`h${Math.min(level + n, 6)}`, null, text);
  const tiers = vocab.tiers ?? {};
  const label = (list, key) => (vocab[list].find(([k]) => k === key) ?? [key, key])[1];
  const section = el("section", `yb-result yb-result--${result.verdict}`);
  section.tabIndex = -1;

  const verdict = el(`h${level}`, "yb-verdict", "结论：", el("strong", null, result.verdict_label));
  const who = result.receiver ? `，亲属：${label("relations", result.receiver.relation)}` : "";
  section.append(verdict, el("p", "yb-summary",
    `${result.region.short} · ${label("actions", result.action)} · ${result.date}${who}`));

  const actions = el("div", "yb-actions");
  const print = el("button", "md-button", "打印清单");
  print.type = "button";
  print.addEventListener("click", onPrint);
  const link = el("a", "md-button", "分享这个结果的链接");
  link.href = share;
  const copy = el("button", "md-button", "复制链接");
  copy.type = "button";
  copy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(share);
      copy.textContent = "已复制";
    } catch {
      copy.textContent = "请长按上面的链接复制";
    }
  });
  actions.append(print, link, navigator.clipboard ? copy : "");
  section.append(actions);

  section.append(h(1, "为什么"), reasons(result, tiers));
  if (result.verdict !== "no") section.append(h(1, "怎么办理"), channels(result, tiers));
  section.append(h(1, "线下办理"), offline(result, tiers));
  section.append(h(1, "需要知道的规定"), facts(result, tiers));
  section.append(h(1, "个人账户的钱能用在哪里"), uses(result));
  const more = el("a", null, `${result.region.short}的完整办理指南`);
  more.href = guide;
  section.append(el("p", "yb-guide", "更多：", more), el("p", "yb-help", result.help));
  section.append(el("p", "yb-rests-on",
    `信息核实日期：${result.region.verified}。依据的规则：${result.rests_on.rules.join("、") || "无"}；数据版本 ${result.rests_on.data_version}。`,
    "结果由本页在您的浏览器里计算，不会发送到任何服务器。"));
  return section;
}
