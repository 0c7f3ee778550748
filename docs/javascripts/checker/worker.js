// The checker's Web Worker (a module worker): it owns Pyodide, so Python never blocks the page.
//
// Messages in:  {type: "init", core, runtime, snapshot, stdlib}
//                                               URLs of assets/pyodide/<version>/, assets/checker/<hash>/, the
//                                               checker's memory snapshot and its precompiled stdlib zip (or null)
//               {type: "check", id, scenario}   scenario: a plain object, the same JSON `python -m checker check` takes
// Messages out: {type: "progress", stage}       stage: "download" | "start" | "ready"
//               {type: "answer", id, result}    the dict checker.check() returned
//               {type: "answer", id, error}     {code, field, message}: a CheckError, or code "internal"
//               {type: "failed", message}       Pyodide or the checker could not be loaded

// Fetched alongside Pyodide rather than before it (a static import would add one request in sequence, a whole
// round trip on a phone network, before the boot could start).
const ANSWER_PY = import("./answer_py.js").then((module) => module.ANSWER_PY);
ANSWER_PY.catch(() => {}); // reported by boot(), which awaits it
const INSTALL = import("./install.js").then((module) => module.installChecker);
INSTALL.catch(() => {});

let answer = null; // Python function: scenario JSON text -> result or error JSON text
let booting = null;
let failed = false;

function fail(message) {
  if (!failed) postMessage({ type: "failed", message });
  failed = true;
}

// Fail fast: Pyodide waits forever when one of its files cannot be fetched (a proxy blocking .wasm, a
// dropped connection), so the worker watches its own fetches and reports the first failure at once.
const siteFetch = self.fetch.bind(self);
self.fetch = async (resource, init) => {
  try {
    const response = await siteFetch(resource, init);
    if (!response.ok) fail(`下载失败：HTTP ${response.status}`);
    return response;
  } catch (exc) {
    fail("下载失败，请检查网络后重试");
    throw exc;
  }
};

// The memory snapshot (checker/sitegen/pyodide_hook.py: Pyodide with the checker imported and its rules loaded)
// starts in a fraction of a normal start, but it is ~4 MB more to download. So it is used only when the browser
// already has it (a repeat visit), and a visit without it fetches it in the background after its first answer.
let snapshotToFetch = null;

async function cachedSnapshot(url) {
  if (!url) return null;
  try {
    const response = await siteFetch(url, { cache: "only-if-cached", mode: "same-origin" }); // never downloads
    return response.ok ? response : null;
  } catch {
    return null; // not cached (only-if-cached rejects): a normal start
  }
}

function prefetchSnapshot() {
  const url = snapshotToFetch;
  snapshotToFetch = null;
  if (!url || navigator.connection?.saveData) return;
  siteFetch(url, { priority: "low" }).then((r) => (r.ok ? r.arrayBuffer() : null)).catch(() => {});
}

async function boot({ core, runtime, snapshot, stdlib }) {
  postMessage({ type: "progress", stage: "download" });
  const lockFileURL = new URL("pyodide-lock.json", runtime).href;
  // Pyodide's own zip compiles every module it imports from source on each start; the site's copy has those
  // precompiled (checker/sitegen/make_stdlib.mjs). The snapshot was made with the same zip.
  const stdLibURL = stdlib || new URL("python_stdlib.zip", core).href;
  const quiet = { stdLibURL, stdout: () => {}, stderr: () => {} };
  const probe = cachedSnapshot(snapshot);
  const bytes = probe.then((r) => r?.arrayBuffer()); // 21 MB from the cache: start reading at once
  bytes.catch(() => {});
  const [{ loadPyodide }, saved] = await Promise.all([import(new URL("pyodide.mjs", core).href), probe]);
  let pyodide = null;
  if (saved) {
    try {
      pyodide = await loadPyodide({ indexURL: core, lockFileURL, _loadSnapshot: bytes, ...quiet });
    } catch (exc) {
      console.warn("checker: memory snapshot not used", exc); // e.g. another Pyodide build: start normally
    }
  }
  if (!pyodide) {
    snapshotToFetch = saved ? null : snapshot;
    // Without a snapshot the checker's own files are needed, fetched alongside Pyodide's.
    const files = siteFetch(new URL("checker-files.json", runtime)).then((r) => r.json());
    files.catch(() => {}); // a failure is reported below, where it is awaited
    pyodide = await loadPyodide({ indexURL: core, lockFileURL, ...quiet });
    (await INSTALL)(pyodide, await files); // straight into site-packages, no package manager
  }
  postMessage({ type: "progress", stage: "start" });
  answer = pyodide.runPython(await ANSWER_PY);
  postMessage({ type: "progress", stage: "ready" });
}

// V8 compiles the hot JavaScript between the page and Python (Pyodide's call and string glue) only after it
// has run a number of times; after a snapshot restore almost none of it has. A few throwaway answers right
// after the first real one let the next answer run compiled code.
let warmedUp = false;

function warmUp(text) {
  warmedUp = true;
  try {
    for (let i = 0; i < 20; i++) answer(text);
  } catch (exc) {
    console.warn("checker: warm-up stopped", exc); // uncaught, it would reach the page as a worker failure
  }
}

function check(id, scenario) {
  try {
    const parsed = JSON.parse(answer(JSON.stringify(scenario)));
    postMessage(parsed.error ? { type: "answer", id, error: parsed.error } : { type: "answer", id, result: parsed });
    if (snapshotToFetch) setTimeout(prefetchSnapshot, 1000); // after the first answer, off the critical path
    if (!warmedUp) setTimeout(warmUp, 100, JSON.stringify(scenario));
  } catch (exc) {
    // A bug, not bad input: say so plainly; details go to the console for whoever debugs it.
    console.error(exc);
    postMessage({ type: "answer", id, error: { code: "internal", field: "", message: "检查工具内部出错，请稍后再试。" } });
  }
}

self.onmessage = async ({ data }) => {
  if (data?.type === "init") {
    booting ??= boot(data).catch((exc) => {
      console.error(exc);
      fail(String(exc?.message || exc).slice(0, 200));
    });
    return;
  }
  if (data?.type === "check") {
    await booting;
    if (answer) check(data.id, data.scenario);
  }
};
