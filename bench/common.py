"""Shared set-up of the benchmarks: the province-sized database and machine facts."""

from __future__ import annotations

import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / ".data"
PROVINCE_DB = DATA / "province.sqlite"
DHTT = [sys.executable, "-m", "app"]
# The office of the province database: the province in force since 1/7/2025 (its scope holds
# the records of the former units too).
PROVINCE_OFFICE = "52"


def province_db() -> Path:
    """The generated province database (100,000 candidates), built once and cached."""
    if not PROVINCE_DB.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        subprocess.run([*DHTT, "--db", str(PROVINCE_DB), "init", "--unit", PROVINCE_OFFICE], check=True)
        started = time.perf_counter()
        subprocess.run([*DHTT, "--db", str(PROVINCE_DB), "demo", "--size", "province",
                        "--seed", "1"], check=True)
        print(f"generated the province demo in {time.perf_counter() - started:.1f} s")
    return PROVINCE_DB


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError):
        pass
    import PySide6

    return (f"{cpu}, {os.cpu_count()} cores{mem}; {platform.platform()}; Python "
            f"{platform.python_version()}; PySide6 {PySide6.__version__}; SQLite "
            f"{sqlite3.sqlite_version}")


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000
