"""The floor: a bare page that loads Pyodide from the same server and runs `1+1`, nothing else.

Generated into a temporary folder served next to the site (benchmarks/server.py, under /bench-bare/), so it
gets the same nginx, the same headers and the same Pyodide files (assets/pyodide/<version>/: the site's own copy of
the npm package) as the checker.
"""

from __future__ import annotations

from pathlib import Path

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bare Pyodide</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<script type="module" src="bare.js"></script></head>
<body><p id="bare-out">loading</p></body></html>
"""

SCRIPT = """// loadPyodide from the site's own copy, run 1+1, show the answer: the floor the checker is compared with.
const core = new URL("../@CORE@", location.href).href;
const { loadPyodide } = await import(core + "pyodide.mjs");
const pyodide = await loadPyodide({ indexURL: core });
const out = document.getElementById("bare-out");
out.textContent = String(pyodide.runPython("1+1"));
out.dataset.done = "1";
"""


# The floor for a repeat visit with a memory snapshot: restore the site's own snapshot (?snap=<site path>),
# fetched in parallel with Pyodide's files, and run `1+1`. Nothing of the checker, no page around it. With
# ?std=<site path>, the stdlib zip the snapshot was made with (the site's precompiled one), as the checker.
SNAPSHOT_SCRIPT = """// loadPyodide from the site's memory snapshot, run 1+1: the floor of the checker's repeat visit.
const core = new URL("../@CORE@", location.href).href;
const query = new URLSearchParams(location.search);
const snap = new URL("../" + query.get("snap"), location.href).href;
const std = query.get("std") ? { stdLibURL: new URL("../" + query.get("std"), location.href).href } : {};
const bytes = fetch(snap).then((r) => r.arrayBuffer());
const { loadPyodide } = await import(core + "pyodide.mjs");
const pyodide = await loadPyodide({ indexURL: core, _loadSnapshot: bytes, ...std });
const out = document.getElementById("bare-out");
out.textContent = String(pyodide.runPython("1+1"));
out.dataset.done = "1";
"""


def write_bare_page(folder: Path, core: str) -> Path:
    """`core`: the site path of Pyodide's files, e.g. assets/pyodide/0.29.5-1a2b3c4d/."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(PAGE, encoding="utf-8")
    (folder / "bare.js").write_text(SCRIPT.replace("@CORE@", core), encoding="utf-8")
    (folder / "snapshot.html").write_text(PAGE.replace("bare.js", "snapshot.js"), encoding="utf-8")
    (folder / "snapshot.js").write_text(SNAPSHOT_SCRIPT.replace("@CORE@", core), encoding="utf-8")
    return folder
