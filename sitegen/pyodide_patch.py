"""Pyodide's core files as the site serves them: the npm package's files, with a few measured patches.

Each patch replaces one exact piece of text that must occur exactly once in the pinned package; if Pyodide is
upgraded and the text is gone, the build stops and says which patch to look at (a silently dropped patch would
only show up as a slower checker). The served files live under assets/pyodide/<core id>/, where the id is the
version plus a hash of the served bytes: a patch never changes a file at a URL that browsers cache for a year.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYODIDE_NPM = ROOT / "node_modules" / "pyodide"
CORE_FILES = ("pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")


@dataclass(frozen=True)
class Patch:
    file: str
    old: str
    new: str
    why: str


PATCHES = (
    Patch(
        file="pyodide.asm.js",
        # Pyodide's stdio code makes a one-page *shared* WebAssembly.Memory when it starts, only for Atomics.wait
        # in syncSleep (a retry on EAGAIN when reading a Node file descriptor). A shared memory on a page that is
        # not cross-origin isolated makes Chromium report an issue with the JavaScript stack where it happened,
        # and V8 then parses Pyodide's 1 MB module factory again for the line numbers: 80-95 ms of the worker's
        # start on a repeat visit, before the wasm is instantiated. Made on first use instead (never, here).
        old="var Un=new Int32Array(new WebAssembly.Memory({shared:!0,initial:1,maximum:1}).buffer);"
            "function Bn(t){try{return Atomics.wait(Un,0,0,t),!0}catch{return!1}}",
        new="var Un;"
            "function Bn(t){try{return Un??=new Int32Array(new WebAssembly.Memory({shared:!0,initial:1,maximum:1})"
            ".buffer),Atomics.wait(Un,0,0,t),!0}catch{return!1}}",
        why="no shared memory (and no stack-trace report) at start-up",
    ),
    Patch(
        file="pyodide.asm.js",
        # Emscripten gives each JavaScript function that the wasm calls through its function table a tiny wasm
        # wrapper, compiling a new module for every one (261 while Pyodide starts, on every start, a snapshot
        # restore included) although the module depends on the signature only (29 of them). Compiled once per
        # signature and instantiated for each function instead: about 25 ms of a repeat visit's start (the
        # worker's CPU profile: 29 ms in WebAssembly.Module).
        old="var convertJsFunctionToWasm=(func,sig)=>{",
        new="var wrapperModules={};var convertJsFunctionToWasm=(func,sig)=>{",
        why="wrapper modules cached by signature (declaration)",
    ),
    Patch(
        file="pyodide.asm.js",
        old="var module=new WebAssembly.Module(new Uint8Array(bytes));var instance=new WebAssembly.Instance(module,",
        new="var module=wrapperModules[sig]??=new WebAssembly.Module(new Uint8Array(bytes));"
            "var instance=new WebAssembly.Instance(module,",
        why="wrapper modules cached by signature (use)",
    ),
    Patch(
        file="pyodide.asm.js",
        # Emscripten's dynamic linker keeps a global offset table (GOT) of every symbol a side module (a package's
        # .so) might import, and made a WebAssembly.Global for each of the main module's 9,708 exports as it
        # started: about 18 ms in Node, on every start, snapshot restores included, for a site that loads no side
        # module. Those entries are now plain {value} cells, made into a WebAssembly.Global (same value, same
        # `required` mark) the first time a module's instantiation imports one (the GOT handler below), which is
        # the only place the wasm sees them; everything else reads and writes `.value` either way.
        old='GOT[symName]||=new WebAssembly.Global({value:"i32",mutable:true});',
        new="GOT[symName]||={value:0};",
        why="GOT entries made as plain cells (the main module's exports)",
    ),
    Patch(
        file="pyodide.asm.js",
        old='var GOTHandler={get(obj,symName){var rtn=GOT[symName];'
            'if(!rtn){rtn=GOT[symName]=new WebAssembly.Global({value:"i32",mutable:true})}',
        new='var GOTHandler={get(obj,symName){var rtn=GOT[symName];'
            'if(!(rtn instanceof WebAssembly.Global)){var cell=rtn;'
            'rtn=GOT[symName]=new WebAssembly.Global({value:"i32",mutable:true},cell?cell.value:0);'
            'if(cell?.required){rtn.required=true}}',
        why="GOT entries made as plain cells (a WebAssembly.Global when imported)",
    ),
)


class PatchError(RuntimeError):
    pass


def pyodide_version() -> str:
    package = PYODIDE_NPM / "package.json"
    if not package.exists():
        raise PatchError("node_modules/pyodide is missing; run `make setup` (npm ci)")
    return json.loads(package.read_text(encoding="utf-8"))["version"]


def apply_patches(name: str, data: bytes, patches: tuple[Patch, ...] = PATCHES) -> bytes:
    """`data` (the npm package's file `name`) with every patch for that file applied."""
    mine = [p for p in patches if p.file == name]
    if not mine:
        return data
    text = data.decode("utf-8")
    for patch in mine:
        found = text.count(patch.old)
        if found != 1:
            raise PatchError(f"pyodide {pyodide_version()} {name}: the text of the patch '{patch.why}' occurs "
                             f"{found} times, not once (Pyodide upgraded?): update PATCHES in "
                             "sitegen/pyodide_patch.py")
        text = text.replace(patch.old, patch.new)
    return text.encode("utf-8")


def served_files() -> dict[str, bytes]:
    """Every core file as the site serves it."""
    return {name: apply_patches(name, (PYODIDE_NPM / name).read_bytes()) for name in CORE_FILES}


def core_id(files: dict[str, bytes]) -> str:
    """<version>-<hash of the served bytes>: the folder name under assets/pyodide/."""
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
    return f"{pyodide_version()}-{digest.hexdigest()[:8]}"
