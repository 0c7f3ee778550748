// The page side of the in-browser checker. It finds <div class="yb-checker"> on a page (the full form on
// the checker page: data-full; a compact one on each region page: data-region="<code>", optionally
// data-action="unbind" etc.), builds the form,
// asks the Worker (runtime.js -> worker.js -> Python's checker.check) and shows the answer (render.js).
//
// Pyodide (~5 MB) loads lazily: on the first interaction with a form, or, on the checker page only, when the
// browser is idle after the page has loaded (not when the user asked to save data). Never during page load.
//
// Every word shown comes from the vocabulary (checker/messages.py PAGE_TEXT, through text.js), loaded before
// anything is drawn; the worker and runtime.js report codes, turned into words here.

import * as runtime from "./runtime.js";
import { buildForm, fromQuery, keyForPath, LINK_VERSION, readState, toQuery, toScenario, validate, writeState } from "./form.js";
import { renderResult } from "./render.js";
import { say } from "./text.js";

// The one-time download, measured at build time (sitegen/offline.py, docs/overrides/main.html: <meta name="yb-download">).
function downloadSize(vocab) {
  const bytes = Number(document.querySelector('meta[name="yb-download"]')?.getAttribute("content"));
  return say(vocab, "download_size", { mb: bytes > 0 ? (bytes / 1e6).toFixed(1) : "5" });
}

/** Why the checker did not load, from runtime.js's failure {code, status, detail}. */
function failureReason(vocab, { code, status, detail } = {}) {
  const reasons = {
    download_http: say(vocab, "failure_download_http", { status }),
    download_network: say(vocab, "failure_download_network"),
    load_timeout: say(vocab, "failure_load_timeout"),
    worker_start: say(vocab, "failure_worker_start"),
    boot: detail, // Pyodide's or Python's own message, for whoever reports it
  };
  return reasons[code] || say(vocab, "failure_unknown");
}

function el(tag, className, ...children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.append(...children);
  return node;
}

function ensureStylesheet() {
  if (document.querySelector("link[data-yb-checker]")) return;
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = new URL("stylesheets/checker.css", runtime.siteRoot).href;
  link.dataset.ybChecker = "";
  document.head.append(link);
}

/** The status line under a form: every state visible, with elapsed seconds while loading. */
function statusLine(host, vocab) {
  const size = downloadSize(vocab);
  const stages = { download: say(vocab, "stage_download", { size }), start: say(vocab, "stage_start") };
  const text = el("span", "yb-status-text");
  const bar = el("progress", "yb-progress");
  const retry = el("button", "md-button", say(vocab, "retry"));
  retry.type = "button";
  retry.hidden = true;
  retry.addEventListener("click", () => runtime.start());
  const line = el("p", "yb-status", bar, text, retry);
  line.setAttribute("role", "status");
  let ticker = 0;

  function show(s) {
    if (!host.isConnected) { // the page changed under instant navigation
      clearInterval(ticker);
      return stop();
    }
    bar.hidden = s.name !== "loading";
    retry.hidden = s.name !== "failed";
    line.dataset.state = s.name;
    clearInterval(ticker);
    if (s.name === "idle") {
      text.textContent = say(vocab, "status_idle", { size });
    } else if (s.name === "loading") {
      const tick = () => {
        const seconds = Math.round((performance.now() - s.startedAt) / 1000);
        text.textContent = say(vocab, "status_loading", { stage: stages[s.stage] ?? stages.download, seconds });
      };
      tick();
      ticker = setInterval(tick, 1000);
    } else if (s.name === "ready") {
      text.textContent = say(vocab, "status_ready");
    } else if (s.name === "failed") {
      text.textContent = say(vocab, "status_failed", { reason: failureReason(vocab, s.failure) });
    } else if (s.name === "unsupported") {
      text.textContent = say(vocab, "status_unsupported");
    }
  }
  const stop = runtime.onChange(show);
  show(runtime.state);
  return line;
}

function unsupportedNote(host, vocab) {
  const note = el("div", "admonition warning yb-unsupported",
    el("p", "admonition-title", say(vocab, "unsupported_title")),
    el("p", null, say(vocab, "unsupported_text")));
  host.replaceChildren(note);
}

function printChecklist() {
  for (const box of document.querySelectorAll(".yb-result details")) box.open = true; // print the sources too
  document.body.classList.add("yb-printing");
  addEventListener("afterprint", () => document.body.classList.remove("yb-printing"), { once: true });
  window.print();
}

function whenIdle(fn) {
  if (navigator.connection?.saveData) return;
  const go = () => ("requestIdleCallback" in window ? requestIdleCallback(fn, { timeout: 10_000 }) : setTimeout(fn, 3000));
  if (document.readyState === "complete") go();
  else addEventListener("load", go, { once: true });
}

async function mount(host) {
  host.dataset.ybMounted = "";
  const full = host.hasAttribute("data-full");
  // A shared link asks for an answer at once: start Pyodide now, in parallel with building the form.
  if (full && runtime.supported() && new URLSearchParams(location.search).get("v") === LINK_VERSION) runtime.start();
  let vocab;
  try {
    vocab = await runtime.loadVocab(); // the page's inline copy (docs/overrides/main.html), else vocab.json
  } catch {
    // Without the vocabulary there are no words to say it with: the hotline's number, the guide stays readable.
    const line = el("p", "yb-status", "⚠ 12393");
    line.dataset.state = "failed";
    line.setAttribute("role", "status");
    host.replaceChildren(line);
    return;
  }
  if (!runtime.supported()) return unsupportedNote(host, vocab);
  const region = host.dataset.region && vocab.regions.some(([code]) => code === host.dataset.region) ? host.dataset.region : "";
  const ui = buildForm(vocab, { compact: !full, region });
  const action = host.dataset.action; // optional: a task page (bind, unbind, …) may preselect its action
  if (action && vocab.actions.some(([key]) => key === action)) ui.controls.get("a").value = action;
  const out = el("div", "yb-output"); // the answer takes focus when it arrives; the status line is announced
  host.replaceChildren(ui.form, statusLine(host, vocab), out);

  // Focus, not pointerdown: a finger scrolling past the form on a phone must not start a 5 MB download.
  for (const type of ["focusin", "input"]) host.addEventListener(type, () => runtime.start(), { once: true });
  let latest = 0;

  async function answer(values) {
    ui.clear();
    const problems = validate(values, vocab);
    if (problems.length) {
      for (const [key, message] of problems) ui.fieldError(key, message);
      ui.focus(problems[0][0]);
      return;
    }
    const query = toQuery(values);
    const share = new URL(`checker/?${query}`, runtime.siteRoot).href;
    if (full) history.replaceState(history.state, "", `?${query}`);
    const ticket = ++latest;
    out.replaceChildren(el("p", "yb-pending", say(vocab, "pending")));
    out.setAttribute("aria-busy", "true");
    const reply = await runtime.ask(toScenario(values));
    if (ticket !== latest) return;
    out.removeAttribute("aria-busy");
    if (reply.error) {
      out.replaceChildren();
      const key = keyForPath(reply.error.field);
      if (key) {
        ui.fieldError(key, reply.error.message);
        ui.focus(key);
      } else {
        ui.formError.textContent = reply.error.message;
      }
      return;
    }
    const guide = new URL(`regions/${encodeURIComponent(reply.result.region.slug)}/`, runtime.siteRoot).href;
    const section = renderResult(reply.result, { vocab, share, guide, onPrint: printChecklist, level: full ? 2 : 3 });
    section.dataset.answer = String(ticket); // the n-th answer of this form (tests wait on it)
    out.replaceChildren(section);
    section.focus({ preventScroll: false });
  }

  ui.form.addEventListener("submit", (event) => {
    event.preventDefault();
    answer(readState(ui.controls));
  });

  if (!full) return;
  const link = fromQuery(location.search, vocab);
  if (link) {
    writeState(ui.controls, link.values);
    if (link.problems.length) {
      ui.formError.textContent = say(vocab, "link_problems", { problems: link.problems.map(([, m]) => m).join(" ") });
      for (const [key, message] of link.problems) if (key) ui.fieldError(key, message);
    } else {
      answer(readState(ui.controls));
    }
  } else {
    whenIdle(() => runtime.start());
  }
}

function mountAll() {
  const hosts = document.querySelectorAll(".yb-checker:not([data-yb-mounted])");
  if (hosts.length) ensureStylesheet();
  for (const host of hosts) mount(host);
}

// On the checker page this module is loaded by the page (docs/overrides/main.html); elsewhere yb-ui.js adds it
// when a form comes near the view. Either way this page's forms are mounted at once. Material's instant
// navigation swaps page content without reloading scripts: document$ emits per page (a ReplaySubject, defined by
// Material's bundle by DOMContentLoaded; its replay of this page finds the forms already mounted).
function watchPages() {
  mountAll();
  const subscribe = () => {
    if (window.document$?.subscribe) window.document$.subscribe(mountAll);
    else document.addEventListener("DOMContentLoaded", subscribe, { once: true });
  };
  subscribe();
}
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watchPages, { once: true });
else watchPages();
