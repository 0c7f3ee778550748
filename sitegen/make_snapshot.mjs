// Build-time Pyodide memory snapshot of the checker, made by sitegen/speed.py.
//
//   node make_snapshot.mjs make   PYODIDE_DIR RUNTIME_DIR WARMUP.json STDLIB.zip OUT.bin EXPECTED.json
//   node make_snapshot.mjs verify PYODIDE_DIR SNAPSHOT.bin WARMUP.json STDLIB.zip EXPECTED.json
//
// make:   boot the exact Pyodide the site ships (node_modules/pyodide) with the stdlib zip the browser gets
//         (make_stdlib.mjs), install the checker as the browser does (docs/javascripts/checker/install.js),
//         run the browser's own Python glue (docs/javascripts/checker/answer_py.js) on
//         every warm-up scenario (so every module and the rules bundle are imported and loaded), write
//         the answers to EXPECTED.json, then pyodide.makeMemorySnapshot() -> OUT.bin.
// verify: restore OUT.bin in a fresh process, as the browser will, and answer the same scenarios with the glue
//         function the snapshot holds (the browser's worker.js takes it from Python's globals rather than
//         running answer_py.js again): the answers must be identical, else exit 1 (and the site is built
//         without a snapshot).
//
// The snapshot is Pyodide's private API (`_makeSnapshot` / `_loadSnapshot`); it only restores into the
// same Pyodide build (the build id is in its header and checked on restore).
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

import { ANSWER_NAME, ANSWER_PY } from "../docs/javascripts/checker/answer_py.js";
import { installChecker } from "../docs/javascripts/checker/install.js";

const [mode, pyodideDir, input, warmupFile, stdLibURL, ...rest] = process.argv.slice(2);
const { loadPyodide } = await import(join(resolve(pyodideDir), "pyodide.mjs"));
const warmup = JSON.parse(readFileSync(warmupFile, "utf8")).map((s) => JSON.stringify(s));
const quiet = { stdLibURL, stdout: () => {}, stderr: () => {} };

if (mode === "make") {
  const [out, expectedFile] = rest;
  const pyodide = await loadPyodide({ indexURL: resolve(pyodideDir) + "/", _makeSnapshot: true, ...quiet });
  // Not loadPackage/`packages` (the browser does not use it either, and Pyodide 0.29 cannot snapshot its
  // package-loading state: "Unexpected hiwire entry").
  installChecker(pyodide, JSON.parse(readFileSync(join(input, "checker-files.json"), "utf8")));
  const answer = pyodide.runPython(ANSWER_PY);
  const answers = warmup.map((s) => answer(s));
  answer.destroy(); // the JavaScript handle only: the function stays in Python's globals (worker.js takes it)
  writeFileSync(expectedFile, JSON.stringify(answers));
  writeFileSync(out, pyodide.makeMemorySnapshot());
} else if (mode === "verify") {
  const [expectedFile] = rest;
  const started = performance.now();
  const pyodide = await loadPyodide({ indexURL: resolve(pyodideDir) + "/", _loadSnapshot: readFileSync(input), ...quiet });
  const booted = performance.now();
  const answer = pyodide.globals.get(ANSWER_NAME);
  if (typeof answer !== "function") {
    console.error(`the snapshot holds no glue function '${ANSWER_NAME}' in Python's globals`);
    process.exit(1);
  }
  const answers = warmup.map((s) => answer(s));
  const expected = JSON.parse(readFileSync(expectedFile, "utf8"));
  const bad = answers.findIndex((a, i) => a !== expected[i]);
  if (bad >= 0 || answers.length !== expected.length) {
    console.error(`snapshot answers differ from a fresh boot at scenario ${bad}: ${warmup[bad]}`);
    process.exit(1);
  }
  console.log(JSON.stringify({ restore_ms: Math.round(booted - started), scenarios: answers.length }));
} else {
  console.error("usage: make_snapshot.mjs make|verify ...");
  process.exit(2);
}
