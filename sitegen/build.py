"""`python -m sitegen.build [-d DIR] [--bundle FILE] [--no-snapshot] [-q]`: `mkdocs build --strict` of mkdocs.yml
with the hook's settings (extra.yibao) set for this build only, as tests and benchmarks need (e.g. a synthetic
bundle); what MkDocs' own CLI does, through its public API."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def build_site(site_dir: Path | None = None, bundle: Path | None = None, snapshot: bool = True) -> None:
    """Raises mkdocs.exceptions.Abort when the build fails or (strict) warns."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    overrides = {"site_dir": str(site_dir)} if site_dir else {}
    config = load_config(str(ROOT / "mkdocs.yml"), strict=True, **overrides)
    yibao = dict(config.extra.get("yibao") or {})
    if bundle:
        yibao["bundle"] = str(bundle)
    if not snapshot:
        yibao["snapshot"] = False
    config.extra["yibao"] = yibao
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


def main(argv: list[str] | None = None) -> int:
    from mkdocs.exceptions import MkDocsException

    parser = argparse.ArgumentParser(prog="python -m sitegen.build", description=__doc__.split("\n")[0])
    parser.add_argument("-d", "--site-dir", type=Path, help="output folder (default: site/)")
    parser.add_argument("--bundle", type=Path, help="a compiled bundle JSON instead of checker/rules")
    parser.add_argument("--no-snapshot", action="store_true", help="skip the Pyodide memory snapshot")
    parser.add_argument("-q", "--quiet", action="store_true", help="warnings and errors only")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO, format="%(levelname)-8s-  %(message)s",
                        stream=sys.stderr)
    try:
        build_site(args.site_dir, args.bundle, snapshot=not args.no_snapshot)
    except MkDocsException as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
