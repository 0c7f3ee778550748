// Build-time: Pyodide's standard library with the modules the checker needs precompiled, for the browser.
//
//   node make_stdlib.mjs PYODIDE_DIR RUNTIME_DIR WARMUP.json OUT.zip
//
// Pyodide ships its standard library (python_stdlib.zip) as source, so every visit compiles each module
// Python imports - about 120 of them to start the interpreter and answer, roughly 1 s of a 1.6 s start here.
// This boots the exact Pyodide the site ships, installs the checker as the browser does (install.js), runs
// the browser's glue (answer_py.js) on every warm-up scenario, and writes a copy of the zip in which each
// module that was imported is replaced by its bytecode (an unchecked-hash .pyc, compiled by this very
// interpreter). Every other module stays source, so nothing the checker might import later is missing.
// Entries are stored, not deflated: the server sends the file brotli-compressed as a whole (*.br), which
// is smaller than Pyodide's per-file deflated zip and spares the inflate on every import.
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

import { ANSWER_PY } from "../../docs/javascripts/checker/answer_py.js";
import { installChecker } from "../../docs/javascripts/checker/install.js";

const [pyodideDir, runtimeDir, warmupFile, out] = process.argv.slice(2);
const { loadPyodide } = await import(join(resolve(pyodideDir), "pyodide.mjs"));
const pyodide = await loadPyodide({ indexURL: resolve(pyodideDir) + "/", stdout: () => {}, stderr: () => {} });
installChecker(pyodide, JSON.parse(readFileSync(join(runtimeDir, "checker-files.json"), "utf8")));
const answer = pyodide.runPython(ANSWER_PY);
for (const scenario of JSON.parse(readFileSync(warmupFile, "utf8"))) answer(JSON.stringify(scenario));
answer.destroy();

pyodide.FS.writeFile("/tmp/stdlib-source.zip", readFileSync(join(resolve(pyodideDir), "python_stdlib.zip")));
const count = pyodide.runPython(`
import importlib.util, marshal, sys, zipfile

PREFIX = next(p for p in sys.path if p.endswith(".zip")) + "/"  # where Pyodide mounts it: /lib/python3XY.zip
used = {m.__file__[len(PREFIX):] for m in list(sys.modules.values())
        if (getattr(m, "__file__", None) or "").startswith(PREFIX)}
assert used, "no module came from " + PREFIX
with zipfile.ZipFile("/tmp/stdlib-source.zip") as source, zipfile.ZipFile("/tmp/stdlib-out.zip", "w") as out:
    for info in source.infolist():  # same order as Pyodide's zip
        name, data = info.filename, source.read(info)
        if name in used:
            code = compile(data, PREFIX + name, "exec", dont_inherit=True)
            data = (importlib.util.MAGIC_NUMBER + (0b01).to_bytes(4, "little")  # hash-based, never checked
                    + importlib.util.source_hash(data) + marshal.dumps(code))
            name += "c"
        out.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data)  # fixed date: the same bytes each build
len(used)
`);
writeFileSync(out, pyodide.FS.readFile("/tmp/stdlib-out.zip"));
console.log(JSON.stringify({ precompiled: count }));
