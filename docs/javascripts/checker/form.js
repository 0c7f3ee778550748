// The checker form: its fields, the checks done before asking Python, and the shareable link format.
//
// Shared links carry the form state in the query string with a version, e.g.
//   checker/?v=1&a=bind&r=140000&d=2025-01-01&g=employee&rel=sibling&rs=resident&rr=same
// Renaming a key, or changing what a key or its absence means, needs a new version number here and a reader for
// the old one (links people saved). Version 1 grew two values without changing a meaning: rr=same and rr=unknown
// (不清楚), rs=unknown. A link without rr still means "the relative is insured in the giver's province", as it
// always did; the form writes rr out, and asks for it, so that no default can answer 可以 for a relative insured
// elsewhere.
// Every word shown comes from the vocabulary (text.js, say); label and blank name its keys.

import { say } from "./text.js";

export const LINK_VERSION = "1";
const MAX_QUERY_LENGTH = 600;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const SAME = "same"; // rr: insured in the giver's province
export const UNKNOWN = "unknown"; // rr, rs: 不清楚 (the engine's receiver.region / receiver.scheme "unknown")

// key: query-string key and id suffix; path: the scenario field as CheckError names it.
// advanced: folded under 更多选项 in the compact form on region pages. The questions that decide an answer (who,
// where each of them is insured, which scheme) are never folded.
export const FIELDS = [
  { key: "a", path: "action", label: "field_action", choices: "actions", initial: "bind" },
  { key: "r", path: "region", label: "field_region", choices: "regions", blank: "choose" },
  { key: "rel", path: "receiver.relation", label: "field_relation", choices: "relations", blank: "choose" },
  { key: "rs", path: "receiver.scheme", label: "field_receiver_scheme", choices: "receiver_schemes", blank: "choose" },
  { key: "rr", path: "receiver.region", label: "field_receiver_region", choices: "regions", blank: "choose" },
  { key: "d", path: "date", label: "field_date", type: "date", advanced: true },
  { key: "g", path: "giver.scheme", label: "field_giver_scheme", choices: "schemes", initial: "employee", advanced: true },
  { key: "age", path: "receiver.age", label: "field_age", type: "number", advanced: true },
  { key: "p", path: "purpose", label: "field_purpose", choices: "purposes", initial: "medical", advanced: true },
];
const BY_KEY = new Map(FIELDS.map((f) => [f.key, f]));

export function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

/** A real calendar day written YYYY-MM-DD (not 2025-02-30), between 2000 and 2100 as the engine accepts. */
export function isDate(text) {
  if (!DATE.test(text)) return false;
  const day = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === text;
}

let formCount = 0;

/** The values a field's select offers, which are also the only values a link may carry for it. */
export function allowedValues(field, vocab) {
  const values = vocab[field.choices].map(([value]) => value);
  return field.key === "rr" ? [SAME, ...values, UNKNOWN] : values;
}

/**
 * Build the form. Returns {form, controls: Map(key -> control), fieldError(key, text), formError, clear(), focus(key),
 * refresh()}; refresh() after setting values from outside (a link, the page's region).
 */
export function buildForm(vocab, { compact, region }) {
  const prefix = `yb${++formCount}`;
  const form = el("form", { className: "yb-form", noValidate: true });
  form.setAttribute("aria-label", say(vocab, "form_label"));
  const controls = new Map();
  const errors = new Map();
  const more = el("details", { className: "yb-more" }, el("summary", { textContent: say(vocab, "more_options") }));

  for (const field of FIELDS) {
    const id = `${prefix}-${field.key}`;
    let control;
    if (field.choices) {
      control = el("select", { id, name: field.key });
      if (field.blank) control.append(el("option", { value: "", textContent: say(vocab, field.blank) }));
      if (field.key === "rr") control.append(el("option", { value: SAME, textContent: say(vocab, "receiver_region_same") }));
      for (const [value, label] of vocab[field.choices]) control.append(el("option", { value, textContent: label }));
      if (field.key === "rr") control.append(el("option", { value: UNKNOWN, textContent: say(vocab, "unsure") }));
      control.value = field.initial ?? "";
    } else {
      control = el("input", { id, name: field.key, type: field.type });
      if (field.type === "number") Object.assign(control, { min: 0, max: 130, step: 1, inputMode: "numeric" });
      if (field.type === "date") Object.assign(control, { value: today(), min: "2000-01-01", max: "2100-12-31" });
    }
    const error = el("p", { id: `${id}-err`, className: "yb-field-error" });
    error.setAttribute("aria-live", "polite");
    control.setAttribute("aria-describedby", error.id);
    controls.set(field.key, control);
    errors.set(field.key, error);
    const wrap = el("div", { className: "yb-field" }, el("label", { htmlFor: id, textContent: say(vocab, field.label) }), control, error);
    (compact && field.advanced ? more : form).append(wrap);
  }
  if (region) controls.get("r").value = region;
  if (compact) form.append(more);
  const formError = el("p", { className: "yb-form-error", role: "alert" });
  form.append(formError, el("button", { type: "submit", className: "md-button md-button--primary", textContent: say(vocab, "submit") }));

  // The relative's province: the giver's own is offered once, as "和我在同一个省参保" (short enough for a phone's
  // select in 大字版; the giver's province is the question right above).
  function refresh() {
    const giver = controls.get("r").value;
    const where = controls.get("rr");
    for (const option of where.options) {
      const own = Boolean(giver) && option.value === giver;
      option.hidden = own;
      option.disabled = own;
    }
    if (giver && where.value === giver) where.value = SAME;
  }
  controls.get("r").addEventListener("change", refresh);
  refresh();

  function fieldError(key, text) {
    const control = controls.get(key);
    const error = errors.get(key);
    error.textContent = text;
    if (text) control.setAttribute("aria-invalid", "true");
    else control.removeAttribute("aria-invalid");
  }
  function clear() {
    for (const key of controls.keys()) fieldError(key, "");
    formError.textContent = "";
  }
  function focus(key) {
    const control = controls.get(key);
    if (more.contains(control)) more.open = true;
    control.focus();
  }
  return { form, controls, fieldError, formError, clear, focus, refresh };
}

/** Current values, as strings keyed like the link. */
export function readState(controls) {
  const out = {};
  for (const [key, control] of controls) out[key] = control.value.trim();
  return out;
}

/** Fill the controls; a value the control does not offer is ignored (selects keep their previous value). */
export function writeState(controls, values) {
  for (const [key, value] of Object.entries(values)) {
    const control = controls.get(key);
    if (!control) continue;
    control.value = value;
    if (control.value !== value) control.value = BY_KEY.get(key).initial ?? "";
  }
}

/** Checks worth doing before Python: the obvious ones. Returns [[key, message], ...]. */
export function validate(values, vocab) {
  const problems = [];
  if (!values.a) problems.push(["a", say(vocab, "need_action")]);
  if (!values.r) problems.push(["r", say(vocab, "need_region")]);
  if (!values.d) problems.push(["d", say(vocab, "need_date")]);
  else if (!isDate(values.d)) problems.push(["d", say(vocab, "bad_date")]);
  else if (values.d < "2000-01-01" || values.d > "2100-12-31") problems.push(["d", say(vocab, "date_out_of_range")]);
  if (values.age && !(/^\d{1,3}$/.test(values.age) && Number(values.age) <= 130)) {
    problems.push(["age", say(vocab, "bad_age")]);
  }
  const aboutRelative = values.a === "bind" || values.rel || values.rs || values.age || values.rr;
  if (!values.rel && aboutRelative) problems.push(["rel", say(vocab, "need_relation")]);
  if (!values.rs && aboutRelative) problems.push(["rs", say(vocab, "need_receiver_scheme")]);
  if (!values.rr && aboutRelative) problems.push(["rr", say(vocab, "need_receiver_region")]);
  return problems;
}

/** The scenario checker.check() takes (README: scenario fields). */
export function toScenario(values) {
  const scenario = { action: values.a, region: values.r, date: values.d, giver: { scheme: values.g }, purpose: values.p };
  if (values.rel || values.rs) {
    scenario.receiver = { relation: values.rel, scheme: values.rs };
    if (values.age) scenario.receiver.age = Number(values.age);
    if (values.rr && values.rr !== SAME) scenario.receiver.region = values.rr; // a code, or UNKNOWN
  }
  return scenario;
}

/** A CheckError's field ("receiver.age") -> the form key ("age"), or null for a whole-form error. */
export function keyForPath(path) {
  return FIELDS.find((f) => f.path === path)?.key ?? null;
}

export function toQuery(values) {
  const params = new URLSearchParams({ v: LINK_VERSION });
  for (const field of FIELDS) if (values[field.key]) params.set(field.key, values[field.key]);
  return params.toString();
}

/**
 * Read a shared link. Returns null when the query is not a checker link (e.g. Material's ?h= search
 * highlight, or WeChat's from=…), else {values, problems: [[key or null, message]]}. Never throws.
 * Keys we do not know are ignored: apps add their own when a link is forwarded.
 */
export function fromQuery(search, vocab) {
  if (!search || search === "?") return null;
  if (search.length > MAX_QUERY_LENGTH) return { values: {}, problems: [[null, say(vocab, "link_too_long")]] };
  let params;
  try {
    params = new URLSearchParams(search);
  } catch {
    return { values: {}, problems: [[null, say(vocab, "link_malformed")]] };
  }
  const ours = [...new Set([...params.keys()])].filter((k) => k === "v" || BY_KEY.has(k));
  if (!ours.length) return null;
  if (params.get("v") !== LINK_VERSION) {
    return { values: {}, problems: [[null, say(vocab, "link_version")]] };
  }
  const values = {};
  const problems = [];
  for (const key of ours) {
    if (key === "v") continue;
    const field = BY_KEY.get(key);
    const all = params.getAll(key);
    const value = all[0];
    const known = field.choices ? allowedValues(field, vocab).includes(value) : true;
    const shaped = field.type === "date" ? isDate(value) : field.type === "number" ? /^\d{1,3}$/.test(value) : true;
    if (all.length > 1 || value.length > 40 || !known || !shaped) {
      problems.push([key, say(vocab, "link_field_invalid", { field: say(vocab, field.label) })]);
    } else {
      values[key] = value;
    }
  }
  // Version 1 from the start: a link about a relative without rr means the giver's province.
  const aboutRelative = values.rel || values.rs;
  if (aboutRelative && !params.has("rr")) values.rr = SAME;
  return { values, problems };
}
