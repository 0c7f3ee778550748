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

// The one-time download, measured at build time (sitegen/offline.py, docs/overrides/main.html: <meta name="yb-download">):
// as sent (gzip) and as received once decoded (raw), which the worker counts while it downloads.
function download() {
  const meta = document.querySelector('meta[name="yb-download"]');
  return { sent: Number(meta?.getAttribute("content")) || 0, raw: Number(meta?.dataset.raw) || 0 };
}

function downloadSize(vocab) {
  const { sent } = download();
  return say(vocab, "download_size", { mb: sent > 0 ? (sent / 1e6).toFixed(1) : "5" });
}

/** The share of the download received so far (0-1), from the bytes the worker counted; null when not known. */
function downloaded(received) {
  const { raw } = download();
  return raw > 0 && received > 0 ? Math.min(1, received / raw) : null;
}

/** What is left to download, in words (as sent, like the size stated before); "" when it cannot be known. */
function sizeLeft(vocab, share) {
  const { sent } = download();
  if (share === null || !(sent > 0)) return "";
  const left = (sent * (1 - share)) / 1e6;
  return left >= 0.05 ? say(vocab, "status_left", { mb: left.toFixed(1) }) : "";
}

/**
 * Why the checker did not load, from runtime.js's failure {code, status, detail}. Never the browser's or Python's own
 * (English) message: that goes to the console and to the status line's data-detail, for whoever reports it.
 */
function failureText(vocab, { code, status } = {}) {
  // Offline, or the files could not be fetched and nothing was kept from an earlier visit.
  if (navigator.onLine === false || code === "download_network") return say(vocab, "status_offline");
  const reasons = {
    download_http: say(vocab, "failure_download_http", { status }),
    load_timeout: say(vocab, "failure_load_timeout"),
    worker_start: say(vocab, "failure_worker_start"),
    boot: say(vocab, "failure_boot"),
  };
  return say(vocab, "status_failed", { reason: reasons[code] || say(vocab, "failure_unknown") });
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

/**
 * The status line right under the form's 「查看结果」 button: every state visible, and while a question waits, what it
 * waits for (downloading, with the size left; starting; computing). Screen readers hear the stage (role=status);
 * the size left and the seconds, which change every moment, are shown only.
 * Returns {line, waiting(on)}: waiting(true) while a question is asked and not yet answered.
 */
function statusLine(host, vocab) {
  const size = downloadSize(vocab);
  const text = el("span", "yb-status-text");
  const tick = el("span", "yb-status-tick");
  tick.setAttribute("aria-hidden", "true");
  const bar = el("progress", "yb-progress");
  bar.max = 1;
  const retry = el("button", "md-button", say(vocab, "retry"));
  retry.type = "button";
  retry.hidden = true;
  retry.addEventListener("click", () => runtime.start());
  const line = el("p", "yb-status", bar, text, tick, retry);
  line.setAttribute("role", "status");
  let ticker = 0;
  let asked = false;

  function show(s) {
    if (!host.isConnected) { // the page changed under instant navigation
      clearInterval(ticker);
      return stop();
    }
    bar.hidden = !(s.name === "loading" || (asked && s.name === "ready"));
    if (s.name !== "loading") bar.removeAttribute("value");
    retry.hidden = s.name !== "failed";
    line.dataset.state = s.name;
    line.classList.toggle("yb-status--asked", asked);
    clearInterval(ticker);
    tick.textContent = "";
    let words = "";
    if (s.name === "idle") {
      words = say(vocab, "status_idle", { size });
    } else if (s.name === "loading") {
      const download = s.stage !== "start";
      words = download ? say(vocab, "stage_download", { size }) : say(vocab, "stage_start");
      const update = () => {
        const seconds = say(vocab, "status_seconds", { seconds: Math.round((performance.now() - s.startedAt) / 1000) });
        const share = download ? downloaded(runtime.state.received) : null;
        const left = sizeLeft(vocab, share);
        tick.textContent = left ? `${left}${say(vocab, "comma")}${seconds}` : seconds;
        if (share === null) bar.removeAttribute("value"); // moving, without a measure
        else bar.value = share;
      };
      update();
      ticker = setInterval(update, 500);
    } else if (s.name === "ready") {
      words = asked ? say(vocab, "pending") : say(vocab, "status_ready");
    } else if (s.name === "failed") {
      words = failureText(vocab, s.failure);
      if (s.failure?.detail) line.dataset.detail = s.failure.detail;
    } else if (s.name === "unsupported") {
      words = say(vocab, "status_unsupported");
    }
    if (text.textContent !== words) text.textContent = words; // the same words are not announced again
  }
  const stop = runtime.onChange(show);
  show(runtime.state);
  return {
    line,
    waiting(on) {
      asked = on;
      show(runtime.state);
    },
  };
}

function unsupportedNote(host, vocab) {
  const note = el("div", "admonition warning yb-unsupported",
    el("p", "admonition-title", say(vocab, "unsupported_title")),
    el("p", null, say(vocab, "unsupported_text")));
  host.replaceChildren(note);
}

function printChecklist() {
  for (const box of document.querySelectorAll(".yb-result details:not(.yb-maint)")) box.open = true; // print the sources too
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

/**
 * Put `node` at the top of the screen, below Material's sticky header (its scroll-margin-top, checker.css), and keep
 * it there while the page settles: on a shared link the page is still loading (fonts, Material's start-up, the
 * guide's sections drawn as they come near) when the answer arrives, and each of those can move the page under it.
 * Once the person scrolls, taps or types, the page is theirs.
 */
function bringToTop(node) {
  const place = () => node.scrollIntoView({ block: "start", inline: "nearest", behavior: "instant" });
  place();
  let theirs = false;
  const mine = () => { theirs = true; };
  const events = ["wheel", "touchstart", "pointerdown", "keydown"];
  for (const type of events) addEventListener(type, mine, { passive: true, capture: true });
  const until = performance.now() + 3000;
  let last = node.getBoundingClientRect().top;
  const watch = () => {
    if (theirs || !node.isConnected || performance.now() > until) {
      for (const type of events) removeEventListener(type, mine, { capture: true });
      return;
    }
    const top = node.getBoundingClientRect().top;
    if (Math.abs(top - last) > 1) place(); // something above it changed size
    last = node.getBoundingClientRect().top;
    requestAnimationFrame(watch);
  };
  requestAnimationFrame(watch);
}

async function mount(host) {
  host.dataset.ybMounted = "";
  const full = host.hasAttribute("data-full");
  const query = new URLSearchParams(location.search);
  const debug = full && query.get("debug") === "1"; // the maintainers' view open (rule ids, data version)
  // A shared link asks for an answer at once: start Pyodide now, in parallel with building the form.
  if (full && runtime.supported() && query.get("v") === LINK_VERSION) runtime.start();
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
  const status = statusLine(host, vocab);
  const out = el("div", "yb-output"); // the answer's heading takes focus when it arrives; the status line is announced
  host.replaceChildren(ui.form, status.line, out);

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
    const link = toQuery(values);
    const share = new URL(`checker/?${link}`, runtime.siteRoot).href;
    if (full) history.replaceState(history.state, "", `?${link}${debug ? "&debug=1" : ""}`);
    const ticket = ++latest;
    out.replaceChildren();
    out.setAttribute("aria-busy", "true");
    status.waiting(true);
    // What it waits for is shown right under the button the person pressed, in view.
    status.line.scrollIntoView({ block: "nearest", behavior: "instant" });
    const reply = await runtime.ask(toScenario(values));
    if (ticket !== latest) return;
    out.removeAttribute("aria-busy");
    status.waiting(false);
    if (reply.error) {
      if (reply.error.code === "unavailable") return; // the status line says why, and offers 重试
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
    const recheck = (changed) => {
      writeState(ui.controls, changed);
      answer(readState(ui.controls));
    };
    const section = renderResult(reply.result, {
      vocab, share, guide, onPrint: printChecklist, onRecheck: recheck, level: full ? 2 : 3, debug });
    section.dataset.answer = String(ticket); // the n-th answer of this form (tests wait on it)
    out.replaceChildren(section);
    const heading = section.querySelector(".yb-verdict");
    heading.focus({ preventScroll: true }); // read out first; then put where the eyes are
    bringToTop(heading);
  }

  ui.form.addEventListener("submit", (event) => {
    event.preventDefault();
    answer(readState(ui.controls));
  });

  if (!full) return;
  const link = fromQuery(location.search, vocab);
  if (link) {
    writeState(ui.controls, link.values);
    ui.refresh();
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
