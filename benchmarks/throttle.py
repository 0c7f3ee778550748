"""Whole-browser CPU slowdown for the "mobile CPU" figures, and a quiet-machine check.

CDP's Emulation.setCPUThrottlingRate slows the page's main thread only; Chromium refuses it for workers, and
the checker runs in a worker. So the benchmark also runs Chromium inside a cgroup-v1 CPU quota
(/sys/fs/cgroup/cpu, needs root): every thread of the browser - page, workers, compositor, network - shares
QUOTA of one CPU. QUOTA = 0.5 was calibrated on this 2-core machine so that the bare-Pyodide page (main
thread) is slowed about as much as by CDP's 4x (11.6 s vs 10.1 s, against 2.9-3.6 s unthrottled).
"""

from __future__ import annotations

import os
import stat
import tempfile
import time
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup/cpu")
QUOTA = 0.5  # CPUs
PERIOD_US = 100_000


class CpuQuota:
    """`with CpuQuota(chromium) as exe:` -> a launcher script that runs Chromium inside the quota, or None."""

    def __init__(self, executable: str, quota: float = QUOTA):
        self.executable, self.quota = executable, quota
        self.group: Path | None = None
        self.script: Path | None = None

    def __enter__(self) -> str | None:
        if not (CGROUP_ROOT / "cpu.cfs_quota_us").exists() or os.geteuid() != 0:
            return None
        try:
            self.group = CGROUP_ROOT / f"yb-bench-{os.getpid()}"
            self.group.mkdir(exist_ok=True)
            (self.group / "cpu.cfs_period_us").write_text(str(PERIOD_US))
            (self.group / "cpu.cfs_quota_us").write_text(str(int(self.quota * PERIOD_US)))
        except OSError:
            self.group = None
            return None
        fd, name = tempfile.mkstemp(prefix="yb-chromium-", suffix=".sh")
        with os.fdopen(fd, "w") as f:
            f.write(f"#!/bin/sh\necho $$ > {self.group}/cgroup.procs\nexec {self.executable} \"$@\"\n")
        self.script = Path(name)
        self.script.chmod(self.script.stat().st_mode | stat.S_IXUSR | stat.S_IRUSR)
        return str(self.script)

    def __exit__(self, *exc) -> None:
        if self.script:
            self.script.unlink(missing_ok=True)
        if self.group:
            for _ in range(50):  # the browser's processes may take a moment to exit
                try:
                    self.group.rmdir()
                    break
                except OSError:
                    time.sleep(0.1)


def _cpu_times() -> tuple[int, int]:
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields), idle


def busy_fraction(seconds: float = 1.0) -> float:
    """How busy the whole machine was over the last `seconds` (0 = idle, 1 = every core busy)."""
    total0, idle0 = _cpu_times()
    time.sleep(seconds)
    total1, idle1 = _cpu_times()
    return 1 - (idle1 - idle0) / max(1, total1 - total0)


def wait_for_quiet(threshold: float = 0.25, max_wait: float = 120.0, log=print) -> float:
    """Wait (up to max_wait s) until other programs leave the CPU mostly idle; returns the last busy fraction."""
    deadline = time.monotonic() + max_wait
    busy = busy_fraction()
    warned = False
    while busy > threshold and time.monotonic() < deadline:
        if not warned:
            log(f"  (machine busy: {busy:.0%} of the CPU in use by other programs; waiting up to {max_wait:.0f} s)")
            warned = True
        busy = busy_fraction(2.0)
    return busy
