// Scenarios per second inside Pyodide (Node), with the browser's own glue (answer_py.js): the engine's cost
// once the interpreter is up. Also times the two ways up: a normal start, and restoring the site's snapshot.
//
//   node benchmarks/engine_runner.mjs RUNTIME_DIR STDLIB.zip SCENARIOS.json SECONDS [SNAPSHOT.bin]
//
// Booted as the browser's worker boots: the site's stdlib zip, the checker's files put in by install.js.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { ANSWER_PY } from "../docs/javascripts/checker/answer_py.js";
import { installChecker } from "../docs/javascripts/checker/install.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const [runtimeDir, stdLibURL, scenarioFile, seconds, snapshot] = process.argv.slice(2);
const core = join(root, "node_modules", "pyodide") + "/";
const { loadPyodide } = await import(join(core, "pyodide.mjs"));
const quiet = { stdLibURL, stdout: () => {}, stderr: () => {} };
const lines = JSON.parse(readFileSync(scenarioFile, "utf8")).map((s) => JSON.stringify(s));

let t = performance.now();
const pyodide = await loadPyodide({ indexURL: core, lockFileURL: join(resolve(runtimeDir), "pyodide-lock.json"),
                                    ...quiet });
installChecker(pyodide, JSON.parse(readFileSync(join(runtimeDir, "checker-files.json"), "utf8")));
const bootMs = performance.now() - t;
t = performance.now();
const answer = pyodide.runPython(ANSWER_PY);
answer(lines[0]);
const firstMs = performance.now() - t;
for (const line of lines) answer(line); // warm
let count = 0;
t = performance.now();
const until = t + Number(seconds) * 1000;
while (performance.now() < until) {
  for (const line of lines) answer(line);
  count += lines.length;
}
const rate = count / ((performance.now() - t) / 1000);
let restoreMs = null;
if (snapshot) {
  t = performance.now();
  const restored = await loadPyodide({ indexURL: core, _loadSnapshot: readFileSync(snapshot), ...quiet });
  restored.runPython(ANSWER_PY)(lines[0]);
  restoreMs = performance.now() - t;
}
console.log(JSON.stringify({ boot_ms: Math.round(bootMs), first_answer_ms: Math.round(firstMs),
                             scenarios_per_s: Math.round(rate), snapshot_restore_and_answer_ms: restoreMs && Math.round(restoreMs) }));
