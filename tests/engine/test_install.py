"""`pip install .` then `python -m checker check` works with no other step (rules travel with the package)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_installed_package_answers_from_its_own_data(tmp_path):
    wheels, target = tmp_path / "wheels", tmp_path / "site-packages"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels),
                    str(ROOT)], check=True, capture_output=True)
    wheel = next(wheels.glob("checker-*.whl"))
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    assert not [n for n in names if n.startswith("sitegen/") or "/sitegen/" in n], "site generation is not installed"
    assert "checker/engine.py" in names and "checker/tools/validate.py" in names
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    scenario = {"action": "bind", "region": "湖北", "date": "2025-01-01", "giver": {"scheme": "employee"},
                "receiver": {"relation": "sibling", "scheme": "resident"}}
    proc = subprocess.run([sys.executable, "-I", "-c", "import sys; sys.path.insert(0, sys.argv[1]); "
                           "from checker.__main__ import main; sys.exit(main(['check']))", str(target)],
                          input=json.dumps(scenario), capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["verdict"] == "yes"
    assert (target / "checker" / "rules" / "national.toml").exists()


def test_answering_does_not_import_the_rules_compiler():
    """checker.check() loads the packaged bundle without importing compile/validate (and tomllib, hashlib,
    urllib.parse with them): in the browser that is about 90 ms of every cold start."""
    code = ("import json, sys, checker; checker.check(json.loads(sys.argv[1])); "
            "print(json.dumps(sorted(m for m in sys.modules)))")
    scenario = {"action": "bind", "region": "140000", "date": "2025-01-01", "giver": {"scheme": "employee"},
                "receiver": {"relation": "sibling", "scheme": "resident"}}
    for _ in range(2):  # the first run writes checker/data/bundle.json when a fresh clone has none yet
        proc = subprocess.run([sys.executable, "-c", code, json.dumps(scenario)], capture_output=True, text=True,
                              cwd=ROOT, timeout=120, check=True)
    loaded = set(json.loads(proc.stdout))
    assert {"checker.engine", "checker.bundle"} <= loaded
    assert not loaded & {"checker.tools.compile", "checker.tools.validate", "tomllib"}
