// One Pyodide Web Worker per browser tab, kept across Material's instant page changes.
// States: idle -> loading -> ready, or failed (timeout, worker error) / unsupported (no wasm, no workers).
// A failure is kept as a code (state.failure, shown in words by bridge.js); an answer's error gets its words here,
// from the vocabulary (loadVocab, below), which the page loads before it asks anything.

import { say } from "./text.js";

const SITE_ROOT = new URL("../../", import.meta.url);
const LOAD_TIMEOUT_MS = 120_000; // a cold start on slow 4G measured ~35 s; past this we stop waiting
const ANSWER_TIMEOUT_MS = 20_000;

function metaUrl(name) {
  const content = document.querySelector(`meta[name="${name}"]`)?.getAttribute("content");
  return content ? new URL(content, SITE_ROOT).href : null;
}

// Written into every page by docs/overrides/main.html; read once, while the URL still matches.
const PATHS = { core: metaUrl("yb-pyodide"), checker: metaUrl("yb-checker"), snapshot: metaUrl("yb-snapshot"),
                stdlib: metaUrl("yb-stdlib") };

// failure: {code, status?, detail?}, code one of download_http, download_network (worker.js), boot (worker.js:
// Pyodide's or Python's message in detail), load_timeout, worker_start; start: worker.js; received: the bytes the
// worker has received so far while it downloads (decoded; bridge.js turns them into the size left)
export const state = { name: "idle", stage: "", failure: null, startedAt: 0, start: "", received: 0 };
const listeners = new Set();
const pending = new Map();
let worker = null;
let nextId = 1;
let loadTimer = 0;

export const siteRoot = SITE_ROOT;

export function supported() {
  return typeof WebAssembly === "object" && typeof Worker === "function" && Boolean(PATHS.core && PATHS.checker);
}

export function onChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function set(name, stage = "", failure = null) {
  Object.assign(state, { name, stage, failure });
  // For the rest of the page (yb-ui.js holds the offline copy's downloads back while Pyodide loads).
  document.documentElement.dataset.ybChecker = name;
  for (const fn of [...listeners]) fn(state);
}

function fail(failure) {
  clearTimeout(loadTimer);
  worker?.terminate();
  worker = null;
  for (const [id, job] of pending) settle(id, { error: unavailable() }, job);
  set("failed", "", failure);
}

function unavailable() {
  return { code: "unavailable", field: "", message: say(words, "answer_unavailable") };
}

function settle(id, reply, job = pending.get(id)) {
  if (!job) return;
  pending.delete(id);
  clearTimeout(job.timer);
  job.resolve(reply);
}

/** Start Pyodide (idempotent): on first interaction, on idle, or when a shared link asks for an answer. */
export function start() {
  if (state.name === "loading" || state.name === "ready") return;
  if (!supported()) return set("unsupported");
  // A shared link to the checker page: the page's inline head script (docs/overrides/main.html) has already
  // started the worker and kept its messages; adopt it.
  const early = window.__ybEarlyWorker;
  window.__ybEarlyWorker = null;
  const init = { type: "init", core: PATHS.core, runtime: PATHS.checker, snapshot: PATHS.snapshot, stdlib: PATHS.stdlib };
  try {
    // the init message also as the worker's name: it boots without waiting for this thread (worker.js, at the end)
    worker = early?.worker ?? new Worker(new URL("worker.js", import.meta.url), { type: "module", name: JSON.stringify(init) });
  } catch {
    return set("unsupported");
  }
  state.startedAt = performance.now();
  state.received = 0;
  set("loading", "download");
  loadTimer = setTimeout(() => fail({ code: "load_timeout" }), LOAD_TIMEOUT_MS);
  const receive = ({ data }) => {
    if (data.type === "progress" && data.stage === "ready") {
      clearTimeout(loadTimer);
      // how Python started ("saved" | "cache" | "boot", worker.js): for the benchmark and the tests
      state.start = data.start ?? "";
      document.documentElement.dataset.ybCheckerStart = state.start;
      set("ready");
    } else if (data.type === "progress") {
      if (data.received) state.received = data.received;
      if (data.stage !== state.stage) set("loading", data.stage); // the bytes alone: bridge.js reads them as it ticks
    } else if (data.type === "answer") {
      // the worker's own "internal" error comes as a code; a CheckError brings the engine's message
      const error = data.error && { ...data.error, message: data.error.message || say(words, "answer_internal") };
      settle(data.id, error ? { error } : { result: data.result });
    } else if (data.type === "kept") {
      document.documentElement.dataset.ybCheckerKept = "yes"; // for the benchmark and the tests
    } else if (data.type === "failed") {
      // worker.js sends a code; the page's early worker (docs/overrides/main.html) only fails to start one
      fail({ code: data.code ?? "worker_start", status: data.status, detail: data.detail });
    }
  };
  worker.onmessage = receive;
  worker.onerror = (event) => {
    event.preventDefault();
    fail({ code: "worker_start" });
  };
  if (early) for (const data of early.messages) receive({ data });
  else worker.postMessage(init);
}

// Chromium keeps V8's compiled code for a script only from its second compile out of the same cache, so a
// repeat visit compiled Pyodide's 1 MB pyodide.asm.mjs again (about 0.1 s before Python could start here) and
// only the visit after it was fast. After a first visit's answer, once the service worker has put Pyodide's
// files in its cache (it says so: sw.js, adoptRuntime), a throwaway worker compiles them once more from there.
let compiledForNextVisit = false;

function compileForNextVisit() {
  if (compiledForNextVisit || state.start !== "boot") return;
  compiledForNextVisit = true;
  const urls = ["pyodide.asm.mjs", "pyodide.mjs"].map((name) => new URL(name, PATHS.core).href);
  try {
    new Worker(new URL("code_cache.js", import.meta.url), { type: "module", name: JSON.stringify(urls) });
  } catch {
    // no worker: the next visit compiles them itself
  }
}

navigator.serviceWorker?.addEventListener("message", ({ data }) => {
  if (data?.type === "yb-runtime-cached") compileForNextVisit();
});

/** Ask the checker; resolves with {result} or {error: {code, field, message}}, never rejects. */
export function ask(scenario) {
  start();
  if (!worker) return Promise.resolve({ error: unavailable() });
  return new Promise((resolve) => {
    const id = nextId++;
    const wait = state.name === "ready" ? ANSWER_TIMEOUT_MS : LOAD_TIMEOUT_MS + ANSWER_TIMEOUT_MS;
    const timer = setTimeout(() => settle(id, { error: { ...unavailable(), code: "timeout" } }), wait);
    pending.set(id, { resolve, timer });
    worker.postMessage({ type: "check", id, scenario });
  });
}

let vocab = null; // the promise
let words = null; // what it resolved to: the words of unavailable() and of the worker's error codes

function inlineVocab() {
  try {
    const node = document.getElementById("yb-vocab"); // written into pages with a form by docs/overrides/main.html
    return node ? Promise.resolve(JSON.parse(node.textContent)) : null;
  } catch {
    return null;
  }
}

/** The form's choices and labels (from the engine's vocabulary, built by the hook): the page's copy, else fetched. */
export function loadVocab() {
  vocab ??= (inlineVocab() ?? fetch(new URL("vocab.json", PATHS.checker), { credentials: "same-origin" }).then((r) => {
    if (!r.ok) throw new Error(`vocab ${r.status}`);
    return r.json();
  })).then((loaded) => (words = loaded));
  vocab.catch(() => { vocab = null; });
  return vocab;
}

