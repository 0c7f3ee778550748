"""Shared fixtures: the rules bundle and one site build per session (reused by the site and browser tests).

The build does what `make build` does without make: compile the rules into a bundle, then
`mkdocs build --strict` with the same Python, into a temporary folder. Set CHECKER_BUNDLE to a compiled
bundle JSON to build from it instead of checker/rules (e.g. while region files are still being written).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class SiteBuild:
    path: Path  # the built site folder
    log: str  # MkDocs' output (stdout + stderr)
    bundle: Path  # the bundle JSON the build used


def _compile_bundle(dest: Path) -> Path:
    if os.environ.get("CHECKER_BUNDLE"):
        return Path(os.environ["CHECKER_BUNDLE"])
    out = dest / "bundle.json"
    proc = subprocess.run([sys.executable, "-m", "checker", "compile", "--out", str(out)], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        pytest.fail(f"python -m checker compile failed:\n{proc.stdout}{proc.stderr}", pytrace=False)
    return out


def build_site(dest: Path, bundle: Path) -> SiteBuild:
    """`mkdocs build --strict` into dest; fails the test session with MkDocs' output if the build fails."""
    env = {**os.environ, "CHECKER_BUNDLE": str(bundle), "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(dest)], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=False)
    log = proc.stdout + proc.stderr
    if proc.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{log[-4000:]}", pytrace=False)
    return SiteBuild(dest, log, bundle)


@pytest.fixture(scope="session")
def bundle_path(tmp_path_factory) -> Path:
    """The compiled bundle: $CHECKER_BUNDLE, else checker/rules compiled into a temporary file."""
    return _compile_bundle(tmp_path_factory.mktemp("bundle"))


@pytest.fixture(scope="session")
def bundle(bundle_path) -> dict:
    return json.loads(bundle_path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def site_build(tmp_path_factory, bundle_path) -> SiteBuild:
    return build_site(tmp_path_factory.mktemp("site") / "site", bundle_path)


@pytest.fixture(scope="session")
def built_site(site_build) -> Path:
    """The path of a site built once per session from the current rules (shared with other test modules)."""
    return site_build.path


@pytest.fixture(scope="session")
def site_builder():
    """build_site(dest, bundle_path) for tests that need a build of their own (e.g. to compare two builds)."""
    return build_site
