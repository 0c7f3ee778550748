"""Precompressed copies (file.br, file.gz) for nginx's brotli_static / gzip_static, written at build time.

Files every first visit downloads, or big immutable ones, are compressed once and harder than nginx can afford
per request; nginx then serves the copy and spends no CPU on them. Brotli comes from Node's zlib (Debian's
Python has no brotli module; Node is needed for Pyodide anyway); gzip from Python, with a fixed mtime so the
build stays byte-for-byte deterministic."""

from __future__ import annotations

import gzip
import shutil
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent


def precompress(files: list[Path], quality: int) -> None:
    """file.br (brotli QUALITY, by Node) and file.gz (gzip -9) next to each file. Raises RuntimeError without Node."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node not found")
    proc = subprocess.run([node, str(HERE / "precompress.mjs"), str(quality), *map(str, files)],
                          capture_output=True, text=True, check=False, timeout=900)
    if proc.returncode != 0:
        raise RuntimeError(f"precompress.mjs: {proc.stderr[-600:]}")
    for file in files:
        (file.parent / (file.name + ".gz")).write_bytes(gzip.compress(file.read_bytes(), compresslevel=9, mtime=0))
