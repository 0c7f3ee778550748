"""Render the production nginx configuration for a built site.

The Content-Security-Policy allows only the site's own origin (plus 'wasm-unsafe-eval' for Pyodide).
MkDocs Material emits a few small inline scripts; instead of allowing 'unsafe-inline', their sha256
hashes are computed from the built pages, so the policy always matches the exact build.

    python -m sitegen.nginx_conf --site site --listen 80 --prefix /var/lib/yibao > /etc/nginx/yibao.conf
    nginx -c /etc/nginx/yibao.conf -p /var/lib/yibao     # a whole nginx.conf (events, http), not a conf.d part
    python -m sitegen.nginx_conf --site site --csp   # only the policy, for another host or a CDN
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import re
import sys
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parents[1] / "deploy" / "nginx.conf.in"
BROTLI_MODULES = (
    "/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so",
    "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so",
)
_INLINE = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)


def inline_script_hashes(site: Path) -> list[str]:
    """sha256 sources for every executable inline <script> in the built HTML."""
    hashes: set[str] = set()
    for page in site.rglob("*.html"):
        for m in _INLINE.finditer(page.read_text(encoding="utf-8", errors="replace")):
            attrs = m.group("attrs").lower()
            if "src=" in attrs or "application/json" in attrs or "application/ld+json" in attrs:
                continue
            digest = hashlib.sha256(m.group("body").encode("utf-8")).digest()
            hashes.add("'sha256-" + base64.b64encode(digest).decode("ascii") + "'")
    return sorted(hashes)


def content_security_policy(site: Path) -> str:
    scripts = " ".join(["'self'", "'wasm-unsafe-eval'", *inline_script_hashes(site)])
    return "; ".join([
        "default-src 'self'",
        f"script-src {scripts}",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


def render(site: Path, listen: str, prefix: Path) -> str:
    have_brotli = all(Path(m).exists() for m in BROTLI_MODULES)
    modules = "\n".join(f"load_module {m};" for m in BROTLI_MODULES) if have_brotli else "# brotli modules not installed"
    # brotli_static: the build writes .br copies of the big immutable files (Pyodide, the checker's snapshot).
    brotli = ("    brotli on;\n    brotli_static on;\n    brotli_comp_level 6;\n    brotli_types text/css application/javascript "
              "application/json application/wasm image/svg+xml text/xml application/atom+xml text/plain;"
              if have_brotli else "    # brotli: install libnginx-mod-http-brotli-filter to enable")
    text = TEMPLATE.read_text(encoding="utf-8")
    for key, value in {"@ROOT@": str(site.resolve()), "@LISTEN@": listen, "@CSP@": content_security_policy(site),
                       "@MODULES@": modules, "@BROTLI@": brotli, "@PREFIX@": str(prefix.resolve())}.items():
        text = text.replace(key, value)
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default="site", help="the built site folder")
    parser.add_argument("--listen", default="80", help="nginx listen directive value, e.g. 127.0.0.1:8080")
    parser.add_argument("--prefix", default="/var/lib/nginx", help="folder for pid, logs and temp files")
    parser.add_argument("--csp", action="store_true", help="print only the Content-Security-Policy header value")
    args = parser.parse_args(argv)
    if args.csp:
        print(content_security_policy(Path(args.site)))
        return 0
    sys.stdout.write(render(Path(args.site), args.listen, Path(args.prefix)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
