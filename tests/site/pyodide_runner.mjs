// Run checker scenarios inside real Pyodide (the npm package the site ships), in one boot.
//
//   node tests/site/pyodide_runner.mjs RUNTIME_DIR STDLIB.zip IN.jsonl OUT.jsonl
//
// RUNTIME_DIR is what sitegen/runtime.py builds (pyodide-lock.json, checker-files.json, the
// wheel); STDLIB.zip the standard library the browser's worker gets (make_stdlib.mjs). The checker is
// installed as the worker installs it (docs/javascripts/checker/install.js).
// Each input line is one scenario's JSON text, handed to Python as-is; each output line is the answer's
// JSON text, produced by the same Python glue the browser's worker uses (docs/javascripts/checker/answer_py.js).
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { ANSWER_PY } from "../../docs/javascripts/checker/answer_py.js";
import { installChecker } from "../../docs/javascripts/checker/install.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const [runtimeDir, stdLibURL, input, output] = process.argv.slice(2);
const { loadPyodide } = await import(join(root, "node_modules", "pyodide", "pyodide.mjs"));

const started = Date.now();
const pyodide = await loadPyodide({
  indexURL: join(root, "node_modules", "pyodide") + "/",
  lockFileURL: join(resolve(runtimeDir), "pyodide-lock.json"),
  stdLibURL,
  stdout: () => {},
  stderr: () => {},
});
installChecker(pyodide, JSON.parse(readFileSync(join(runtimeDir, "checker-files.json"), "utf8")));
const booted = Date.now();
const answer = pyodide.runPython(ANSWER_PY);
const lines = readFileSync(input, "utf8").split("\n").filter((line) => line.trim());
writeFileSync(output, lines.map((line) => answer(line)).join("\n") + "\n");
// Which standard-library modules were imported from source rather than from precompiled bytecode (stdout); frozen
// modules (os, io, site, ...: built into the interpreter, with __file__ pointing into the zip) are neither.
const fromSource = pyodide.runPython(`
import sys
zipped = next(p for p in sys.path if p.endswith(".zip")) + "/"
sorted(m.__name__ for m in list(sys.modules.values())
       if (getattr(m, "__file__", None) or "").startswith(zipped) and m.__file__.endswith(".py")
       and getattr(getattr(m, "__spec__", None), "origin", None) != "frozen")
`).toJs();
// Which of the checker's modules answering imported, and which files the install put into site-packages.
const checker = pyodide.runPython(`
import os, sys, checker
base = os.path.dirname(checker.__file__)
[sorted(n for n in sys.modules if n == "checker" or n.startswith("checker.")),
 sorted(os.path.relpath(os.path.join(d, f), base) for d, _, fs in os.walk(base) for f in fs if "__pycache__" not in d)]
`).toJs();
console.log(JSON.stringify({ stdlib_from_source: fromSource, checker_modules: checker[0], checker_files: checker[1] }));
console.error(`pyodide ${pyodide.version}: boot ${booted - started} ms, ${lines.length} scenarios ${Date.now() - booted} ms`);
