"""`python -m benchmarks.scale_build DEST`: `mkdocs build -q -d DEST` for a synthetic bundle ($CHECKER_BUNDLE).

The only difference from a normal build: region codes the tile map does not know (synthetic city entries,
benchmarks/scale.py) are drawn on their province's tile. Not --strict: the synthetic data is not real data.
"""

from __future__ import annotations

import sys


class _ProvinceTiles(dict):
    def __missing__(self, code: str):
        return super().__getitem__(f"{code[:2]}0000")


def main(argv: list[str]) -> int:
    from mkdocs.__main__ import cli

    from sitegen import pages

    pages.TILES = _ProvinceTiles(pages.TILES)
    try:
        cli(["build", "-q", "-d", argv[0]], standalone_mode=False)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
