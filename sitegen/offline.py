"""The guide works offline after the first visit, and the checker page says what it downloads.

    measure(download_files(...))  the in-page checker's one-time download: Pyodide's core files with the site's
                                  stdlib zip + the checker's lock file, files and vocabulary (raw, and gzip as the
                                  production nginx sends them); shown on the checker page and read by bridge.js
    write_service_worker(site)    fills in the built sw.js (from docs/sw.js): VERSION = the bundle's data_version +
                                  a hash of every precached file, PRECACHE = every page and file the guide needs,
                                  RUNTIME = the checker's files (cached once used). A rules update changes VERSION:
                                  the browser installs the new worker on the next visit and it deletes the old caches.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path

# What the checker's Web Worker fetches from assets/pyodide/<core id>/ (plus the stdlib zip: the site's
# precompiled one when the build could make it, else Pyodide's) and from the checker's own folder (see
# docs/javascripts/checker/worker.js; the wheel stays published but the worker installs checker-files.json).
CORE_DOWNLOADS = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")
RUNTIME_DOWNLOADS = ("pyodide-lock.json", "checker-files.json", "vocab.json")
RUNTIME_DIRS = ("assets/pyodide/", "assets/checker/")
# Not precached: the checker's runtime (cached after the first check), source maps, precompressed copies, the
# worker itself, and the search's language files other than those the index names (search_paths).
# The search index is precached: Material loads it with the first page, before the service worker controls any
# page, so "cached when used" never kept it and search stayed at 正在初始化搜索引擎 offline. Compacted
# (html.compact_search_index) it is about 0.9 MB, 40-60 KB as nginx sends it (brotli/gzip).
LUNR = "assets/javascripts/lunr/"
SKIP_PREFIXES = (*RUNTIME_DIRS, LUNR)
SKIP_SUFFIXES = (".map", ".gz", ".br")
SKIP_FILES = {"sw.js"}
UNHASHED = {"sitemap.xml"}  # its <lastmod> is the build date: same content, a new date every day
PLACEHOLDERS = ('const VERSION = "dev";', "const PRECACHE = [];", "const RUNTIME = [];")


class OfflineError(RuntimeError):
    """The service worker or the download measure cannot be made; the hook turns it into MkDocs' PluginError."""


def _fail(message: str):
    raise OfflineError(message)


def download_files(runtime: Path, stdlib: Path | None, core: Path) -> list[Path]:
    files = [core / name for name in CORE_DOWNLOADS] + [stdlib or core / "python_stdlib.zip"]
    for pattern in RUNTIME_DOWNLOADS:
        files += sorted(runtime.glob(pattern))
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        _fail(f"checker files missing: {', '.join(missing)}")
    return files


def gzip_size(path: Path) -> int:
    st = path.stat()
    return _gzip_size(str(path), st.st_size, st.st_mtime)


@lru_cache(maxsize=64)  # `mkdocs serve` rebuilds: each unchanged file is compressed once
def _gzip_size(path: str, size: int, mtime: float) -> int:
    return len(gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0))


def measure(files: list[Path]) -> dict[str, int]:
    return {"raw": sum(f.stat().st_size for f in files), "gzip": sum(gzip_size(f) for f in files)}


def size_text(size: int) -> str:
    """Bytes in words for the page (约 5.6 MB), in the wording the page JavaScript uses too."""
    from checker.messages import PAGE_TEXT

    return PAGE_TEXT["download_size"].format(mb=f"{size / 1e6:.1f}")


def search_paths(site: Path) -> list[str]:
    """The language files Material's search worker loads for the index's languages (its setupSearchLanguages:
    lunr.stemmer.support, a segmenter for ja/hi/th, lunr.<lang> for each language but en, lunr.multi for two or
    more); zh needs two files of 2-4 KB. [] without a search index."""
    index = site / "search" / "search_index.json"
    if not index.is_file():
        return []
    langs = json.loads(index.read_text(encoding="utf-8"))["config"]["lang"]
    files = [LUNR + "min/lunr.stemmer.support.min.js"]
    for lang in langs:
        files += [LUNR + "tinyseg.js"] if lang == "ja" else [LUNR + "wordcut.js"] if lang in ("hi", "th") else []
        if lang != "en":
            files.append(LUNR + f"min/lunr.{lang}.min.js")
    if len(langs) > 1:
        files.append(LUNR + "min/lunr.multi.min.js")
    missing = [f for f in files if not (site / f).is_file()]
    if missing:
        _fail(f"search language files missing: {', '.join(missing)}")
    return list(dict.fromkeys(files))


def precache_paths(site: Path) -> list[str]:
    """Every file the guide needs offline, as the URL paths pages use (a/b/index.html -> a/b/)."""
    out, search = [], set(search_paths(site))
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        if rel not in search and (rel.startswith(SKIP_PREFIXES) or rel.endswith(SKIP_SUFFIXES) or rel in SKIP_FILES):
            continue
        if rel == "index.html":
            rel = "./"
        elif rel.endswith("/index.html"):
            rel = rel[: -len("index.html")]
        out.append(rel)
    return out


# The memory snapshot (21 MB unpacked) is not kept by the service worker: the checker's worker keeps it in the
# origin private file system (docs/javascripts/checker/saved.js) and the HTTP cache holds its brotli copy; a
# third copy would only take room on the phone. sw.js keeps only the listed runtime files, so it leaves the
# snapshot's requests to the browser.
NOT_IN_RUNTIME = re.compile(r"/snapshot-[0-9a-f]+\.bin(\.br|\.gz)?$")


def runtime_paths(site: Path) -> list[str]:
    return sorted(rel for d in RUNTIME_DIRS if (site / d).is_dir() for p in (site / d).rglob("*")
                  if p.is_file() and not NOT_IN_RUNTIME.search(rel := p.relative_to(site).as_posix()))


def version(site: Path, precache: list[str], runtime: list[str]) -> str:
    """data_version of the published bundle + a hash of every precached file's bytes and the runtime's paths.
    Same sources, same version: a rebuild without changes does not make every visitor download the site again."""
    data_version = json.loads((site / "data" / "bundle.json").read_text(encoding="utf-8"))["data_version"]
    digest = hashlib.sha256()
    for rel in precache:
        file = site / ("index.html" if rel == "./" else rel + "index.html" if rel.endswith("/") else rel)
        content = b"" if rel in UNHASHED else file.read_bytes()
        digest.update(rel.encode() + b"\0" + hashlib.sha256(content).digest())
    for rel in runtime:
        digest.update(rel.encode() + b"\0")
    return f"{data_version}-{digest.hexdigest()[:12]}"


def write_service_worker(site: Path) -> str:
    """Fill the built sw.js in place; returns its VERSION."""
    sw = site / "sw.js"
    text = sw.read_text(encoding="utf-8")
    if not all(p in text for p in PLACEHOLDERS):
        _fail("docs/sw.js must contain the lines " + " / ".join(PLACEHOLDERS))
    precache, runtime = precache_paths(site), runtime_paths(site)
    ver = version(site, precache, runtime)
    for placeholder, value in zip(PLACEHOLDERS, (ver, precache, runtime)):
        name = placeholder.split()[1]
        text = text.replace(placeholder, f"const {name} = {json.dumps(value, ensure_ascii=False)};")
    sw.write_text(text, encoding="utf-8")
    return ver
