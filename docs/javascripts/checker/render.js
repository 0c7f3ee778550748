// Render checker.check()'s result as DOM, answer first (GOV.UK Smart Answers' outcome pages):
//   the verdict in one line, one sentence of why (the reason that decided it: result.lead), then what to do next in
//   this region (可以: the first channel with steps for this action; 不确定: where to settle it, and whom to ask;
//   不可以: what can be done instead, and whom to ask), then the buttons to print or share it, then everything else
//   folded: all reasons with their basis and sources, the facts, the uses, and a maintainers' view (rule ids).
// Every piece of data goes in as text (textContent / append of strings), never as HTML; links only for sources the
// data marks `linkable`, and only http(s). Every word around the data comes from the vocabulary (text.js, say).

import { say } from "./text.js";

// Reasons that ask something of the person while doing it: said with the steps, not only in the folded list.
const HEED = new Set(["consent_required", "unbind_lock"]);
// Reasons after which paying the relative's 居民医保 premium from the account is the thing to ask about instead.
const PREMIUM_INSTEAD = new Set(["receiver_not_insured"]);

function effect(vocab, name) {
  const effects = {
    allows: ["✓", say(vocab, "effect_allows")],
    blocks: ["✗", say(vocab, "effect_blocks")],
    uncertain: ["?", say(vocab, "effect_uncertain")],
    info: ["i", say(vocab, "effect_info")],
  };
  return effects[name] ?? effects.info;
}

function el(tag, className, ...children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.append(...children.filter((c) => c !== null && c !== undefined && c !== ""));
  return node;
}

function button(className, text, onClick) {
  const node = el("button", className, text);
  node.type = "button";
  node.addEventListener("click", onClick);
  return node;
}

function fold(className, summary, ...children) {
  return el("details", className, el("summary", null, summary), ...children);
}

function safeHref(url) {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
  } catch {
    return null;
  }
}

function sources(list, vocab) {
  if (!list?.length) return null;
  const ul = el("ul", "yb-source-list");
  for (const s of list) {
    const href = s.linkable ? safeHref(s.url) : null;
    const li = el("li");
    if (href) {
      const a = el("a", null, s.title);
      a.href = href;
      a.rel = "noopener noreferrer";
      a.referrerPolicy = "no-referrer";
      li.append(a, say(vocab, "source_linked", { publisher: s.publisher, date: s.date }));
    } else {
      li.append(say(vocab, "source_plain", { publisher: s.publisher, title: s.title, date: s.date }));
    }
    if (s.tier === "aggregator") li.append(" ", el("span", "yb-unverified", vocab.tiers?.aggregator));
    ul.append(li);
  }
  return fold("yb-sources-box", say(vocab, "sources", { count: list.length }), ul);
}

/** 「A」→「B」→「C」: a channel's menu path, each item as it reads on the button. */
function menuPath(vocab, path) {
  return path.map((step) => say(vocab, "channel_path_step", { step })).join(" → ");
}

/** The channel to use first for this action: the first with steps, else the first with a menu path. */
function firstChannel(result) {
  return result.channels.find((c) => c.steps?.length) ?? result.channels.find((c) => c.path?.length) ?? null;
}

/** One channel: which app or office, where to tap, the numbered steps, its note and address. */
function channel(c, vocab, heading) {
  const box = el("section", "yb-channel", heading ?? el("p", "yb-channel-name", say(vocab, "channel", { kind: c.kind_label, name: c.name })));
  if (c.area) box.append(el("p", "yb-area", say(vocab, "channel_area", { area: c.area })));
  if (c.path?.length) box.append(el("p", "yb-path", say(vocab, "channel_path"), menuPath(vocab, c.path)));
  if (c.steps?.length) {
    const ol = el("ol", "yb-steps");
    for (const step of c.steps) ol.append(el("li", null, step));
    box.append(ol);
    if (c.steps_unverified) box.append(el("p", "yb-unverified-steps", say(vocab, "channel_unverified")));
  } else {
    box.append(el("p", "yb-gap", say(vocab, "channel_no_steps")));
  }
  if (c.url) box.append(el("p", "yb-url", say(vocab, "channel_url", { url: c.url })));
  if (c.note) box.append(el("p", "yb-note", c.note));
  return box;
}

/** 线下办理: where to go and what to bring (the offline fact, with its materials), or null when unknown. */
function offline(result, vocab) {
  const fact = result.facts.find((f) => f.key === "offline");
  if (!fact) return null;
  const box = el("section", "yb-offline", el("p", "yb-channel-name", say(vocab, "heading_offline")),
    el("p", null, fact.status === "known" ? fact.text : say(vocab, "offline_unknown")));
  if (fact.materials?.length) {
    const ul = el("ul", "yb-materials");
    for (const m of fact.materials) ul.append(el("li", null, m));
    // the list rests on its own sources (claims.py): its own 未经官方核实 mark
    const part = fact.parts?.find((p) => p.key === "materials");
    const mark = part?.unverified ? el("span", "yb-unverified", vocab.tiers?.aggregator) : null;
    box.append(el("p", null, say(vocab, "materials"), mark ? " " : null, mark), ul);
  }
  if (fact.note) box.append(el("p", "yb-note", fact.note));
  return box;
}

/** Every channel but `except` (all of them without one), and the office, folded: another way when one fails. */
function otherChannels(result, vocab, except) {
  const others = result.channels.filter((c) => c !== except);
  const office = offline(result, vocab);
  const count = others.length + (office ? 1 : 0);
  if (!count) return null;
  const box = fold("yb-channels", except ? say(vocab, "other_channels", { count }) : say(vocab, "all_channels", { count }));
  for (const c of others) box.append(channel(c, vocab));
  box.append(office ?? "");
  return box;
}

/** 可以: how to do it here, with the first channel's path and steps; the others folded. */
function nextForYes(result, vocab, h) {
  const first = firstChannel(result);
  const box = el("div", "yb-next", h(1, say(vocab, "next_yes", { region: result.region.short })));
  if (first) {
    box.append(channel(first, vocab, el("p", "yb-channel-name", say(vocab, "next_use", { kind: first.kind_label, name: first.name }))));
  }
  const heed = result.reasons.filter((r) => HEED.has(r.code));
  if (heed.length) {
    const ul = el("ul", "yb-heed");
    for (const r of heed) ul.append(el("li", null, r.message));
    box.append(el("p", "yb-heed-title", say(vocab, "heed")), ul);
  }
  const others = otherChannels(result, vocab, first);
  if (others && !first) others.open = true; // no channel with steps: all of them, and the office, in view
  box.append(others ?? el("p", "yb-gap", say(vocab, "offline_unknown")));
  return box;
}

/** 不确定: what else it depends on (the lead says the first), where to settle it (the app's menu where known, the
 * office) and whom to ask, at once. */
function nextForUncertain(result, vocab, h) {
  const box = el("div", "yb-next");
  const also = result.reasons.filter((r, i) => r.effect === "uncertain" && i !== result.lead);
  if (also.length) {
    const ul = el("ul", "yb-also");
    for (const r of also) ul.append(el("li", null, r.message));
    box.append(el("p", "yb-heed-title", say(vocab, "also_depends")), ul);
  }
  box.append(h(1, say(vocab, "next_uncertain")));
  const ul = el("ul", "yb-settle");
  const first = firstChannel(result);
  if (first) {
    const where = el("li", null, say(vocab, "settle_online", { name: first.name }));
    if (first.path?.length) where.append(el("br"), say(vocab, "channel_path"), menuPath(vocab, first.path));
    ul.append(where);
  }
  const fact = result.facts.find((f) => f.key === "offline");
  if (fact?.status === "known") ul.append(el("li", null, say(vocab, "settle_office", { where: fact.text })));
  ul.append(el("li", "yb-help", result.help));
  box.append(ul, otherChannels(result, vocab, null) ?? "");
  return box;
}

/** 不可以: what can be done instead where the reasons say so, and whom to ask. */
function nextForNo(result, vocab, h, onRecheck) {
  const premium = onRecheck && result.purpose === "medical"
    && result.reasons.some((r) => PREMIUM_INSTEAD.has(r.code) && r.effect === "blocks");
  if (!premium) return el("div", "yb-next", h(1, say(vocab, "next_no_question")), el("p", "yb-help", result.help));
  return el("div", "yb-next", h(1, say(vocab, "next_no")), el("p", null, say(vocab, "instead_premium")),
    button("md-button yb-recheck", say(vocab, "instead_premium_button"), () => onRecheck({ p: "premium" })),
    el("p", "yb-help", result.help));
}

function reasons(result, vocab) {
  const ul = el("ul", "yb-reasons");
  for (const r of result.reasons) {
    const [mark, word] = effect(vocab, r.effect);
    const badge = el("span", "yb-effect", el("span", null, mark), ` ${word}`);
    badge.querySelector("span").setAttribute("aria-hidden", "true");
    const basis = [r.basis, r.effective ? say(vocab, "since", { date: r.effective }) : ""].filter(Boolean);
    ul.append(el("li", `yb-reason yb-reason--${r.effect}`, badge, " ", r.message,
      basis.length ? el("span", "yb-basis", say(vocab, "basis", { basis: basis.join(say(vocab, "comma")) })) : null,
      sources(r.sources, vocab)));
  }
  return ul;
}

/** The channels' own sources, under the reasons: where each app's menu and steps were read. */
function channelSources(result, vocab) {
  const list = el("ul", "yb-channel-sources");
  for (const c of result.channels) {
    const box = sources(c.sources, vocab);
    if (box) list.append(el("li", null, say(vocab, "channel", { kind: c.kind_label, name: c.name }), box));
  }
  return list.children.length ? list : null;
}

function facts(result, vocab) {
  const dl = el("dl", "yb-facts");
  for (const f of result.facts) {
    if (f.key === "offline" && result.verdict !== "no") continue; // shown with the channels
    const known = f.status === "known";
    const parts = known ? (f.parts ?? []).filter((p) => p.key !== "materials").map((p) => p.text) : [];
    const materials = known && f.materials?.length ? say(vocab, "materials") + f.materials.join(say(vocab, "list_separator")) : "";
    dl.append(el("dt", null, f.label), el("dd", known ? null : "yb-gap",
      known ? [f.text, ...parts].join("") : say(vocab, "fact_unknown"), materials ? el("span", "yb-note", materials) : null,
      f.note ? el("span", "yb-note", f.note) : null, sources(f.sources, vocab)));
  }
  return dl;
}

function uses(result, vocab) {
  const list = (items) => {
    const ul = el("ul");
    for (const item of items ?? []) ul.append(el("li", null, item.text));
    return ul;
  };
  return el("div", "yb-uses", el("p", null, say(vocab, "may_pay")), list(result.uses.may_pay),
    el("p", null, say(vocab, "may_not_pay")), list(result.uses.may_not_pay));
}

/** 给维护者看的: for each reason, its code, the rule that decided it, the layer, since when, its source ids. */
function maintainers(result, vocab, open) {
  const layers = { national: say(vocab, "why_layer_national"), regional: say(vocab, "why_layer_regional") };
  const ol = el("ol", "yb-why");
  for (const r of result.reasons) {
    const dl = el("dl");
    const row = (term, value) => dl.append(el("dt", null, term), el("dd", null, value));
    row(say(vocab, "why_code"), r.code);
    row(say(vocab, "why_rule"), r.rule ?? "—");
    row(say(vocab, "why_layer"), layers[r.layer] ?? "—");
    row(say(vocab, "why_effective"), r.effective ?? say(vocab, "not_stated"));
    row(say(vocab, "why_sources"), r.source_ids?.join(say(vocab, "list_separator")) || say(vocab, "none"));
    ol.append(el("li", null, dl));
  }
  const rules = result.rests_on.rules.join(say(vocab, "list_separator")) || say(vocab, "none");
  const box = fold("yb-maint", say(vocab, "maintainers"), ol,
    el("p", "yb-rests-on", say(vocab, "rests_on", { rules, version: result.rests_on.data_version })));
  box.open = open;
  return box;
}

/** The buttons to keep the answer: print the checklist, the link to this answer, copy it. */
function keep(vocab, share, onPrint) {
  const actions = el("div", "yb-actions");
  const link = el("a", "md-button", say(vocab, "share_link"));
  link.href = share;
  const copy = button("md-button", say(vocab, "copy_link"), async () => {
    try {
      await navigator.clipboard.writeText(share);
      copy.textContent = say(vocab, "copied");
    } catch {
      copy.textContent = say(vocab, "copy_by_hand");
    }
  });
  actions.append(button("md-button", say(vocab, "print"), onPrint), link, navigator.clipboard ? copy : "");
  return actions;
}

/**
 * Build the answer. `vocab` gives labels; `share` is the shareable URL; `guide` the region's guide; `onPrint`
 * prints the checklist; `onRecheck(values)` asks again with some values changed (不可以's alternative); `debug`
 * opens the maintainers' view. The heading level follows the page: h2 on the checker page, h3 inside a region page.
 * The verdict heading (`.yb-verdict`) is what takes the focus.
 */
export function renderResult(result, { vocab, share, guide, onPrint, onRecheck, level, debug = false }) {
  const h = (n, text) => el(`h${Math.min(level + n, 6)}`, null, text);
  const label = (list, key) => (vocab[list].find(([k]) => k === key) ?? [key, key])[1];
  const section = el("section", `yb-result yb-result--${result.verdict}`);

  const verdict = el(`h${level}`, "yb-verdict", el("span", "yb-verdict-prefix", say(vocab, "verdict")), el("strong", null, result.verdict_label));
  verdict.tabIndex = -1;
  const who = result.receiver ? say(vocab, "summary_relative", { relation: label("relations", result.receiver.relation) }) : "";
  section.append(verdict, el("p", "yb-summary", `${result.region.short} · ${label("actions", result.action)} · ${result.date}${who}`));
  const lead = result.lead === null || result.lead === undefined ? null : result.reasons[result.lead];
  if (lead) section.append(el("p", "yb-lead", lead.message));

  if (result.verdict === "yes") section.append(nextForYes(result, vocab, h));
  else if (result.verdict === "uncertain") section.append(nextForUncertain(result, vocab, h));
  else section.append(nextForNo(result, vocab, h, onRecheck));

  section.append(keep(vocab, share, onPrint));

  const all = fold("yb-fold yb-all-reasons", say(vocab, "all_reasons"), reasons(result, vocab));
  const where = channelSources(result, vocab);
  if (where) all.append(el("p", null, say(vocab, "channel_sources")), where);
  section.append(all,
    fold("yb-fold", say(vocab, "heading_rules"), facts(result, vocab)),
    fold("yb-fold", say(vocab, "heading_uses"), uses(result, vocab)));

  const more = el("a", null, say(vocab, "guide_link", { region: result.region.short }));
  more.href = guide;
  section.append(el("p", "yb-guide", say(vocab, "guide_more"), more));
  if (result.verdict === "yes") section.append(el("p", "yb-help", result.help));
  section.append(el("p", "yb-verified", say(vocab, "verified", { verified: result.region.verified }), say(vocab, "computed_here")),
    maintainers(result, vocab, debug));
  return section;
}
