"""Serve a built site with the production nginx configuration (sitegen/nginx_conf.py) on 127.0.0.1.

An extra folder (the bare-Pyodide page) is served under /bench-bare/ by the same nginx, with the same headers
as the site's pages, so the floor and the checker are measured against one server.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Self

from sitegen import nginx_conf

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
BARE_PREFIX = "/bench-bare/"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _extra_location(folder: Path) -> str:
    return f"""
        # Benchmark only: the bare-Pyodide page, served with the same headers as the site's pages.
        location ^~ {BARE_PREFIX} {{
            alias {folder.resolve()}/;
            add_header Cache-Control "public, max-age=300, must-revalidate" always;
            add_header Content-Security-Policy $csp always;
            add_header X-Content-Type-Options nosniff always;
            add_header Cross-Origin-Opener-Policy same-origin always;
        }}
"""


LOG_FORMAT = "log_format ybbench '$msec $status $bytes_sent $request_uri';"


def render_config(site: Path, port: int, prefix: Path, extra: Path | None = None) -> str:
    text = nginx_conf.render(site, f"127.0.0.1:{port}", prefix)
    access = f"access_log {prefix.resolve()}/access.log;"
    if access in text:  # the benchmark's own log: time, status and bytes sent (headers + compressed body)
        text = text.replace(access, f"{LOG_FORMAT}\n    access_log {prefix.resolve()}/access.log ybbench;", 1)
    if extra is not None:
        marker = "        error_page 404"
        if marker not in text:
            raise RuntimeError("deploy/nginx.conf.in changed: cannot place the benchmark location")
        text = text.replace(marker, _extra_location(extra) + marker, 1)
    return text


class Nginx:
    """`with Nginx(site, extra) as server: server.url` -> http://127.0.0.1:PORT/ (stopped on exit)."""

    def __init__(self, site: Path, extra: Path | None = None, port: int | None = None):
        self.site, self.extra, self.port = Path(site), extra, port or free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.proc: subprocess.Popen | None = None
        self.prefix: Path | None = None

    def __enter__(self) -> Self:
        self.prefix = Path(tempfile.mkdtemp(prefix="yb-nginx-"))
        (self.prefix / "tmp").mkdir()
        for folder in (self.prefix, self.prefix / "tmp"):
            folder.chmod(0o755)
        conf = self.prefix / "nginx.conf"
        conf.write_text(render_config(self.site, self.port, self.prefix, self.extra), encoding="utf-8")
        check = subprocess.run([NGINX, "-t", "-c", str(conf), "-p", str(self.prefix), "-e", str(self.prefix / "error.log")],
                               capture_output=True, text=True, check=False)
        if check.returncode != 0:
            raise RuntimeError(f"nginx -t failed:\n{check.stderr}")
        self.proc = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(self.prefix), "-e", str(self.prefix / "error.log"),
                                      "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 10
        while True:
            try:
                urllib.request.urlopen(self.url, timeout=1).read()
                return self
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    err = self.proc.stderr.read().decode(errors="replace") if self.proc.stderr else ""
                    self.__exit__(None, None, None)
                    raise RuntimeError(f"nginx did not start:\n{err}") from None
                time.sleep(0.05)

    def log(self, since: float = 0.0) -> list[tuple[float, int, int, str]]:
        """(time, status, bytes sent, path) for every request nginx finished after `since` (time.time())."""
        rows = []
        path = self.prefix / "access.log" if self.prefix else None
        if not path or not path.exists():
            return rows
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            parts = line.split(" ", 3)
            if len(parts) == 4 and parts[1].isdigit():
                t = float(parts[0])
                if t >= since:
                    rows.append((t, int(parts[1]), int(parts[2]), parts[3]))
        return rows

    def __exit__(self, *exc) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.prefix:
            shutil.rmtree(self.prefix, ignore_errors=True)


def ensure_readable(path: Path) -> None:
    """nginx's workers run as nobody: make the served folders and their parents traversable."""
    path = Path(path).resolve()
    for p in [path, *path.parents]:
        if p == Path("/"):
            break
        mode = p.stat().st_mode
        if not mode & 0o005:
            os.chmod(p, mode | 0o005)
