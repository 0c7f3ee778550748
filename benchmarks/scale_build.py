"""`python -m benchmarks.scale_build DEST BUNDLE [--no-snapshot]`: a site build (sitegen.build) of a synthetic bundle.

The only difference from a normal build: region codes the tile map does not know (synthetic city entries,
benchmarks/scale.py) are drawn on their province's tile.
"""

from __future__ import annotations

import sys
from pathlib import Path


class _ProvinceTiles(dict):
    def __missing__(self, code: str):
        return super().__getitem__(f"{code[:2]}0000")


def main(argv: list[str]) -> int:
    from mkdocs.exceptions import MkDocsException

    from sitegen import pages
    from sitegen.build import build_site

    pages.TILES = _ProvinceTiles(pages.TILES)
    try:
        build_site(Path(argv[0]), Path(argv[1]), snapshot="--no-snapshot" not in argv)
    except MkDocsException as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
