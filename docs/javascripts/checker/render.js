// Render checker.check()'s result as DOM. Every piece of data goes in as text (textContent / append of
// strings), never as HTML; links only for sources the data marks `linkable`, and only http(s).
// Every word around the data comes from the vocabulary (text.js, say).

import { say } from "./text.js";

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
  const ul = el("ul", "yb-sources");
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
  return el("details", "yb-sources-box", el("summary", null, say(vocab, "sources", { count: list.length })), ul);
}

/** 为什么？: the rule that decided this reason, its layer, since when, and its sources (all from the engine). */
function why(r, vocab) {
  if (!r.rule && !r.source_ids?.length) return null;
  const dl = el("dl");
  const row = (term, value) => dl.append(el("dt", null, term), el("dd", null, value));
  const layers = { national: say(vocab, "why_layer_national"), regional: say(vocab, "why_layer_regional") };
  row(say(vocab, "why_rule"), r.rule ?? "—");
  row(say(vocab, "why_layer"), layers[r.layer] ?? "—");
  row(say(vocab, "why_effective"), r.effective ?? say(vocab, "not_stated"));
  row(say(vocab, "why_sources"), r.source_ids?.join(say(vocab, "list_separator")) || say(vocab, "none"));
  return el("details", "yb-why", el("summary", null, say(vocab, "why_title")), dl);
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
      why(r, vocab), sources(r.sources, vocab)));
  }
  return ul;
}

function channels(result, vocab) {
  const box = el("div", "yb-channels");
  for (const c of result.channels) {
    const section = el("section", "yb-channel", el("h4", null, say(vocab, "channel", { kind: c.kind_label, name: c.name })));
    if (c.path?.length) {
      const steps = c.path.map((step) => say(vocab, "channel_path_step", { step }));
      section.append(el("p", "yb-path", say(vocab, "channel_path"), steps.join(" → ")));
    }
    if (c.steps?.length) {
      const ol = el("ol", "yb-steps");
      for (const step of c.steps) ol.append(el("li", null, step));
      section.append(ol);
    } else {
      section.append(el("p", "yb-gap", say(vocab, "channel_no_steps")));
    }
    if (c.url) section.append(el("p", "yb-url", say(vocab, "channel_url", { url: c.url })));
    if (c.note) section.append(el("p", "yb-note", c.note));
    section.append(sources(c.sources, vocab) ?? "");
    box.append(section);
  }
  return box;
}

function facts(result, vocab) {
  const dl = el("dl", "yb-facts");
  for (const f of result.facts) {
    if (f.key === "offline") continue; // shown with its materials below
    const known = f.status === "known";
    const parts = known ? (f.parts ?? []).filter((p) => p.key !== "materials").map((p) => p.text) : [];
    dl.append(el("dt", null, f.label), el("dd", known ? null : "yb-gap",
      known ? [f.text, ...parts].join("") : say(vocab, "fact_unknown"), f.note ? el("span", "yb-note", f.note) : null, sources(f.sources, vocab)));
  }
  return dl;
}

function offline(result, vocab) {
  const fact = result.facts.find((f) => f.key === "offline");
  if (!fact) return null;
  const box = el("div", "yb-offline", el("p", null, fact.status === "known" ? fact.text : say(vocab, "offline_unknown")));
  if (fact.materials?.length) {
    const ul = el("ul", "yb-materials");
    for (const m of fact.materials) ul.append(el("li", null, m));
    // the list rests on its own sources (claims.py): its own 未经官方核实 mark
    const part = fact.parts?.find((p) => p.key === "materials");
    const mark = part?.unverified ? el("span", "yb-unverified", vocab.tiers?.aggregator) : null;
    box.append(el("p", null, say(vocab, "materials"), mark ? " " : null, mark), ul);
  }
  if (fact.note) box.append(el("p", "yb-note", fact.note));
  box.append(sources(fact.sources, vocab) ?? "");
  return box;
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

/**
 * Build the answer. `vocab` gives labels; `share` is the shareable URL; `onPrint` prints the checklist.
 * The heading level follows the page: h2 on the checker page, h3 inside a region page.
 */
export function renderResult(result, { vocab, share, guide, onPrint, level }) {
  const h = (n, text) => el(`h${Math.min(level + n, 6)}`, null, text);
  const label = (list, key) => (vocab[list].find(([k]) => k === key) ?? [key, key])[1];
  const section = el("section", `yb-result yb-result--${result.verdict}`);
  section.tabIndex = -1;

  const verdict = el(`h${level}`, "yb-verdict", say(vocab, "verdict"), el("strong", null, result.verdict_label));
  const who = result.receiver ? say(vocab, "summary_relative", { relation: label("relations", result.receiver.relation) }) : "";
  section.append(verdict, el("p", "yb-summary",
    `${result.region.short} · ${label("actions", result.action)} · ${result.date}${who}`));

  const actions = el("div", "yb-actions");
  const print = el("button", "md-button", say(vocab, "print"));
  print.type = "button";
  print.addEventListener("click", onPrint);
  const link = el("a", "md-button", say(vocab, "share_link"));
  link.href = share;
  const copy = el("button", "md-button", say(vocab, "copy_link"));
  copy.type = "button";
  copy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(share);
      copy.textContent = say(vocab, "copied");
    } catch {
      copy.textContent = say(vocab, "copy_by_hand");
    }
  });
  actions.append(print, link, navigator.clipboard ? copy : "");
  section.append(actions);

  section.append(h(1, say(vocab, "heading_why")), reasons(result, vocab));
  if (result.verdict !== "no") section.append(h(1, say(vocab, "heading_how")), channels(result, vocab));
  section.append(h(1, say(vocab, "heading_offline")), offline(result, vocab));
  section.append(h(1, say(vocab, "heading_rules")), facts(result, vocab));
  section.append(h(1, say(vocab, "heading_uses")), uses(result, vocab));
  const more = el("a", null, say(vocab, "guide_link", { region: result.region.short }));
  more.href = guide;
  section.append(el("p", "yb-guide", say(vocab, "guide_more"), more), el("p", "yb-help", result.help));
  const rules = result.rests_on.rules.join(say(vocab, "list_separator")) || say(vocab, "none");
  section.append(el("p", "yb-rests-on",
    say(vocab, "rests_on", { verified: result.region.verified, rules, version: result.rests_on.data_version }),
    say(vocab, "computed_here")));
  return section;
}
