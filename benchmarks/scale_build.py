"""`python -m benchmarks.scale_build DEST BUNDLE [--no-snapshot]`: a site build (sitegen.build) of a synthetic bundle.

The only differences from a normal build, for the synthetic city entries (benchmarks/scale.py) that neither the tile
map nor the checker knows: they are drawn on their province's tile, and their "who can be added today" list is the
engine's answer for their province (the same facts), asked against the real provinces only, so each entry costs
what a real region's page costs.
"""

from __future__ import annotations

import sys
from pathlib import Path


class _ProvinceTiles(dict):
    def __missing__(self, code: str):
        return super().__getitem__(f"{code[:2]}0000")


def _province_answers(who_today):
    from checker.regions import BY_CODE

    def answer(bundle: dict, region: dict, today: str) -> list[dict]:
        real = {**bundle, "regions": [r for r in bundle["regions"] if r["code"] in BY_CODE]}
        province = next(r for r in real["regions"] if r["code"] == f"{region['code'][:2]}0000")
        return who_today(real, province, today)

    return answer


def main(argv: list[str]) -> int:
    from mkdocs.exceptions import MkDocsException

    from sitegen import pages
    from sitegen.build import build_site

    pages.TILES = _ProvinceTiles(pages.TILES)
    pages.who_today = _province_answers(pages.who_today)
    try:
        build_site(Path(argv[0]), Path(argv[1]), snapshot="--no-snapshot" not in argv)
    except MkDocsException as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
