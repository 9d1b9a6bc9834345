"""Generating the province demo (100,000 candidates, 1,680 villages with five years of
scoring, awards and activities) into a new file, whole process, once: no baseline to pair
with, the floor is absolute.

    .venv/bin/python bench/bench_demo.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import DHTT, PROVINCE_OFFICE  # noqa: E402


def comparisons(env):  # noqa: ANN001, ANN201 - harness.Env
    import subprocess

    from harness import Group, Row, process

    target = env.work / "demo" / "province.sqlite"
    target.parent.mkdir(exist_ok=True)

    def ours() -> dict[str, float]:
        for leftover in target.parent.glob("province.sqlite*"):
            leftover.unlink()
        subprocess.run([*DHTT, "--db", str(target), "init", "--unit", PROVINCE_OFFICE], check=True,
                       capture_output=True)
        out = process([*DHTT, "--db", str(target), "demo", "--size", "province", "--seed",
                       "1"], memory=True)
        target.unlink()
        return out

    return [Group("province demo", "whole process", ours, pairs=1, warm_up=False, rows=[
        Row("7 · province demo generated (`dhtt demo --size province`, one run)", "exit",
            max_value=30),
        Row("7 · peak memory of the demo", "maxrss_mb", unit="MiB"),
    ])]


if __name__ == "__main__":
    from harness import standalone

    standalone("demo", comparisons)
