// The checker's Web Worker (a module worker): it owns Pyodide, so Python never blocks the page.
//
// Messages in:  {type: "init", core, runtime, snapshot, stdlib}
//                                               URLs of assets/pyodide/<version>/, assets/checker/<hash>/, the
//                                               checker's memory snapshot and its precompiled stdlib zip (or null);
//                                               the same JSON may come as the worker's name (see the end)
//               {type: "check", id, scenario}   scenario: a plain object, the same JSON `python -m checker check` takes
// Messages out: {type: "progress", stage}       stage: "download" | "start" | "ready"; "ready" also says how
//                                               Python started: start = "saved" | "cache" | "boot" (below);
//                                               "download" may come again with `received`: the bytes received so
//                                               far (counted below), a few times a second
//               {type: "answer", id, result}    the dict checker.check() returned
//               {type: "answer", id, error}     {code, field, message}: a CheckError, or {code: "internal", field}
//               {type: "failed", code, status?, detail?}
//                                               Pyodide or the checker could not be loaded: code "download_http"
//                                               (with the HTTP status), "download_network" or "boot" (detail: the
//                                               error's own message). No words here: the page has the vocabulary.
//               {type: "kept"}                  the copy for the next visit is saved (keepForNextVisit)

// Fetched alongside Pyodide rather than before it (a static import would add one request in sequence, a whole
// round trip on a phone network, before the boot could start).
const GLUE = import("./answer_py.js"); // {ANSWER_PY, ANSWER_NAME}
GLUE.catch(() => {}); // reported by boot(), which awaits it
const INSTALL = import("./install.js").then((module) => module.installChecker);
INSTALL.catch(() => {});
const SAVED = import("./saved.js");
SAVED.catch(() => {});

let answer = null; // Python function: scenario JSON text -> result or error JSON text
let booting = null;
let failed = false;

function fail(code, values = {}) {
  if (!failed) postMessage({ type: "failed", code, ...values });
  failed = true;
}

// Fail fast: Pyodide waits forever when one of its files cannot be fetched (a proxy blocking .wasm, a
// dropped connection), so the worker watches its own fetches and reports the first failure at once.
const siteFetch = self.fetch.bind(self);

// The bytes received while Pyodide and the checker download, for the page's "还剩约 … MB". Counted as they arrive on
// a copy of each body (response.clone(): the response Pyodide gets is the one fetch() returned, with its V8 code
// cache), decoded, as the build measured them (meta yb-download data-raw); Pyodide's two .mjs files, which come
// by import(), are counted from the Resource Timing entries once they have arrived.
let received = 0;
let downloading = true; // until Python starts
let lastPosted = 0;
const POST_EVERY_MS = 250;

function imported() {
  let bytes = 0;
  for (const entry of performance.getEntriesByType?.("resource") ?? []) {
    if (entry.name.endsWith(".mjs")) bytes += entry.decodedBodySize || 0;
  }
  return bytes;
}

function postReceived(now = performance.now()) {
  if (!downloading || now - lastPosted < POST_EVERY_MS) return;
  lastPosted = now;
  postMessage({ type: "progress", stage: "download", received: received + imported() });
}

function count(response) {
  if (!downloading || !response.ok || !response.body) return;
  const reader = response.clone().body.getReader();
  const pump = () => reader.read().then(({ done, value }) => {
    if (done) return;
    received += value.byteLength;
    postReceived();
    return pump();
  });
  pump().catch(() => {}); // a failed download is reported by watchedFetch or by Pyodide
}

async function watchedFetch(resource, init) {
  try {
    const response = await siteFetch(resource, init);
    if (!response.ok) fail("download_http", { status: response.status });
    count(response);
    return response;
  } catch (exc) {
    fail("download_network");
    throw exc;
  }
}

// URL -> what this worker got before Pyodide asked for it, handed over once: a promise of a response (the wasm,
// fetched as the worker boots) or of bytes (the saved stdlib zip, read from OPFS); when the bytes turn out not to
// be there (null), Pyodide's fetch goes to the network.
const handed = new Map();
self.fetch = async (resource, init) => {
  const url = String(resource?.url ?? resource);
  const given = handed.get(url);
  handed.delete(url);
  const value = await given;
  if (value instanceof Response) return value;
  if (value) return new Response(value);
  return watchedFetch(resource, init);
};

// The memory snapshot (sitegen/speed.py: Pyodide with the checker imported and its rules loaded)
// starts in a fraction of a normal start, but it is ~4 MB more to download. So it is used only when the browser
// already has it (a repeat visit), and a visit without it fetches it in the background after its first answer.
// Where it comes from, fastest first: "saved" (this worker's copy in OPFS, saved.js), "cache" (the HTTP or
// service worker cache), or not at all: "boot" (a normal start, then the checker's files are installed).
let nextVisit = null; // {snapshot, stdlib, download}: what to keep for the next visit, after the first answer

async function cachedSnapshot(url) {
  if (!url) return null;
  try {
    const response = await siteFetch(url, { cache: "only-if-cached", mode: "same-origin" }); // never downloads
    return response.ok ? response : null;
  } catch {
    return null; // not cached (only-if-cached rejects): a normal start
  }
}

// Only the snapshot is needed before Pyodide can start: the stdlib zip is read when Pyodide asks for it.
async function savedFile(url) {
  if (!url) return null;
  try {
    return await (await SAVED).readSaved(url);
  } catch {
    return null;
  }
}

// After the first answer, off the critical path: the snapshot (downloaded now at low priority when this visit
// had to start without it) and the stdlib zip (from the cache) go into OPFS for the next visit.
async function keepForNextVisit() {
  const job = nextVisit;
  nextVisit = null;
  if (!job || (job.download && navigator.connection?.saveData)) return;
  const bytes = (url, init) => siteFetch(url, init).then((r) => (r.ok ? r.arrayBuffer() : null)).catch(() => null);
  const snapshot = await bytes(job.snapshot, job.download ? { priority: "low" } : { cache: "force-cache" });
  const stdlib = snapshot && job.stdlib ? await bytes(job.stdlib, { cache: "force-cache" }) : null;
  if (!snapshot || !stdlib) return; // the snapshot still sits in the HTTP cache for a "cache" start
  try {
    await (await SAVED).save([[job.snapshot, new Uint8Array(snapshot)], [job.stdlib, new Uint8Array(stdlib)]]);
    postMessage({ type: "kept" });
  } catch {
    // saved.js unavailable: the next visit starts from the cache
  }
}

// That work waits until the person pauses: a question asked while the worker downloaded and wrote the 28 MB copy
// waited for it (a first visit's later answer, asked 1 s after the first, when the work started 1 s after the
// first answer: 49 ms; 38 ms with this pause; median of 8, interleaved). Each question puts it off again.
const PAUSE_BEFORE_KEEPING_MS = 2000;
let keepTimer = 0;

function keepAfterPause() {
  clearTimeout(keepTimer);
  if (nextVisit) keepTimer = setTimeout(keepForNextVisit, PAUSE_BEFORE_KEEPING_MS);
}

// Pyodide reports a failed wasm instantiation only on the console ("wasm instantiation failed!") and then waits
// forever. From a saved snapshot that is what a damaged file would do (one too short is a LinkError: "memory
// smaller than declared"), so while one is restored the instantiation is watched and its failure ends the wait,
// as does a generous timeout; the worker then starts as if nothing had been saved.
const SAVED_START_TIMEOUT_MS = 20_000;

function watchInstantiation() {
  const originals = { instantiate: WebAssembly.instantiate, instantiateStreaming: WebAssembly.instantiateStreaming };
  let timer = 0;
  const failed = new Promise((_, reject) => {
    for (const [name, original] of Object.entries(originals)) {
      WebAssembly[name] = (...args) => {
        const result = original.apply(WebAssembly, args);
        result.catch(reject);
        return result;
      };
    }
    timer = setTimeout(() => reject(new Error("saved snapshot: start timed out")), SAVED_START_TIMEOUT_MS);
  });
  failed.catch(() => {});
  return {
    failed,
    stop() {
      clearTimeout(timer);
      Object.assign(WebAssembly, originals);
    },
  };
}

async function boot({ core, runtime, snapshot, stdlib }) {
  postMessage({ type: "progress", stage: "download" });
  const lockFileURL = new URL("pyodide-lock.json", runtime).href;
  // Pyodide's own zip compiles every module it imports from source on each start; the site's copy has those
  // precompiled (sitegen/make_stdlib.mjs). The snapshot was made with the same zip.
  const stdLibURL = stdlib || new URL("python_stdlib.zip", core).href;
  const quiet = { stdLibURL, stdout: () => {}, stderr: () => {} };
  const pyodideModule = import(new URL("pyodide.mjs", core).href).catch((exc) => {
    fail("download_network"); // not fetched (offline, nothing kept from an earlier visit): no words from the browser
    throw exc;
  });
  // The wasm (8.6 MB) is needed however Python starts, and Pyodide asks for it only once its own JavaScript is
  // loaded and the snapshot read: on a repeat visit its compile from V8's cache then waited for the bytes
  // (first answer 748 -> 727 ms, cold 1422 -> 1283 ms, median of 8, interleaved A/B).
  const wasmURL = new URL("pyodide.asm.wasm", core).href;
  const wasm = watchedFetch(wasmURL);
  wasm.catch(() => {}); // reported by watchedFetch; Pyodide's instantiation sees it too
  handed.set(wasmURL, wasm);
  // Pyodide's 1 MB module too, now: fetched and compiled while the snapshot is read. loadPyodide imports the same
  // URL later, which joins this import (one fetch, one module), and reports a failure itself.
  import(new URL("pyodide.asm.mjs", core).href).catch(() => {});
  const [{ loadPyodide }, savedSnapshot] = await Promise.all([pyodideModule, stdlib ? savedFile(snapshot) : null]);
  let pyodide = null;
  let start = "saved";
  if (savedSnapshot) {
    handed.set(stdLibURL, savedFile(stdlib));
    const watch = watchInstantiation();
    try {
      pyodide = await Promise.race([
        loadPyodide({ indexURL: core, lockFileURL, _loadSnapshot: savedSnapshot, ...quiet }), watch.failed]);
    } catch (exc) {
      console.warn("checker: saved snapshot not used", exc);
      (await SAVED).forget();
    } finally {
      watch.stop();
      handed.delete(stdLibURL); // a start without the saved snapshot reads the zip from the cache
    }
  }
  // Only now: even unread, the cached copy would be streamed into this worker, competing with the wasm.
  const cached = pyodide ? null : await cachedSnapshot(snapshot);
  if (!pyodide) {
    start = "cache";
    if (cached) {
      try {
        pyodide = await loadPyodide({ indexURL: core, lockFileURL, _loadSnapshot: cached.arrayBuffer(), ...quiet });
        nextVisit = { snapshot, stdlib, download: false };
      } catch (exc) {
        console.warn("checker: memory snapshot not used", exc); // e.g. another Pyodide build: start normally
      }
    }
  }
  if (!pyodide) {
    start = "boot";
    nextVisit = snapshot && !cached ? { snapshot, stdlib, download: true } : null; // (a snapshot that failed: not again)
    // Without a snapshot the checker's own files are needed, fetched alongside Pyodide's.
    const files = watchedFetch(new URL("checker-files.json", runtime)).then((r) => r.json());
    files.catch(() => {}); // a failure is reported below, where it is awaited
    pyodide = await loadPyodide({ indexURL: core, lockFileURL, ...quiet });
    (await INSTALL)(pyodide, await files); // straight into site-packages, no package manager
  }
  downloading = false;
  postMessage({ type: "progress", stage: "start" });
  // A memory snapshot already holds the glue: make_snapshot.mjs defined it and ran it on the warm-up scenarios
  // before saving Python's memory, and the build checks that this very function answers as a fresh start does.
  // Taking it skips compiling its source again in a cold interpreter. A normal start defines it now.
  const { ANSWER_PY, ANSWER_NAME } = await GLUE;
  const kept = start === "boot" ? null : pyodide.globals.get(ANSWER_NAME);
  answer = typeof kept === "function" ? kept : pyodide.runPython(ANSWER_PY);
  postMessage({ type: "progress", stage: "ready", start });
}

// After a snapshot restore almost none of Pyodide's code has run in this worker: V8 runs it in its baseline
// tier (wasm: Liftoff) and compiles the hot parts with its optimizing compiler in the background once they have
// run enough. Until then an answer took 13-25 ms in Python instead of under 1 ms, for the first few questions
// after the first answer (measured in this worker: 20 throwaway answers were far too few). So after the first
// real answer the worker answers the same question again for WARM_UP_MS, in slices of a few ms each its own
// task, so that a real question waits for one slice at most.
const WARM_UP_AFTER_MS = 100;
const WARM_UP_MS = 800;
const WARM_UP_SLICE_MS = 8;
let warmedUp = false;

function warmUp(text) {
  warmedUp = true;
  const until = performance.now() + WARM_UP_MS;
  const slice = () => {
    const started = performance.now();
    try {
      while (performance.now() - started < WARM_UP_SLICE_MS) answer(text);
    } catch (exc) {
      console.warn("checker: warm-up stopped", exc); // uncaught, it would reach the page as a worker failure
      return;
    }
    if (performance.now() < until) setTimeout(slice, 0);
  };
  slice();
}

function check(id, scenario) {
  try {
    const parsed = JSON.parse(answer(JSON.stringify(scenario)));
    postMessage(parsed.error ? { type: "answer", id, error: parsed.error } : { type: "answer", id, result: parsed });
    keepAfterPause();
    if (!warmedUp) setTimeout(warmUp, WARM_UP_AFTER_MS, JSON.stringify(scenario));
  } catch (exc) {
    // A bug, not bad input: say so plainly; details go to the console for whoever debugs it.
    console.error(exc);
    postMessage({ type: "answer", id, error: { code: "internal", field: "" } }); // runtime.js words it
  }
}

function init(data) {
  booting ??= boot(data).catch((exc) => {
    console.error(exc);
    fail("boot", { detail: String(exc?.message || exc).slice(0, 200) });
  });
}

self.onmessage = async ({ data }) => {
  if (data?.type === "init") {
    init(data);
    return;
  }
  if (data?.type === "check") {
    clearTimeout(keepTimer);
    await booting;
    if (answer) check(data.id, data.scenario);
  }
};

// The page also passes the init message as the worker's name: the boot starts as soon as this script runs. A
// message posted before then waits for the page's main thread to forward it, which on a repeat visit is busy
// parsing and running the page's own scripts (measured 80-180 ms later here, more on a slow phone).
try {
  const early = self.name ? JSON.parse(self.name) : null;
  if (early?.type === "init") init(early);
} catch {
  // not JSON: wait for the init message
}
