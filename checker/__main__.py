"""`python -m checker validate | compile | check | report | sources` (the CLI lives in checker/tools/cli.py)."""

import sys

from checker.tools.cli import main

if __name__ == "__main__":
    sys.exit(main())
