"""Paired, interleaved timing of DHTT against a baseline, and the tables of `bench/run.py`.

A bench module offers ``comparisons(env)`` returning :class:`Group` objects. A group has one
measurement of DHTT and one of its baseline, each returning named timings in seconds
(``{"shown": 0.21, "first_page": 0.48}``); its :class:`Row`s say which timing of each side
to compare and the floor the ratio (or the time itself) must meet. Both sides are whole
processes, or both in-process: never one of each. Runs are interleaved (ours, baseline,
baseline, ours, …) after one warm-up of each, so the machine's load falls on both alike.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT  # noqa: E402

DOC = ROOT / "docs" / "benchmarks.md"
Timings = dict[str, float]


@dataclass
class Row:
    """One line of the table: a timing of ours against a timing of the baseline."""

    what: str
    ours: str  # key in our timings
    base: str | None = None  # key in the baseline's timings (None: an absolute floor)
    max_ratio: float | None = None  # ours / baseline must be at most this
    min_speedup: float | None = None  # baseline / ours must be at least this
    max_value: float | None = None  # median of ours must be below this (seconds or MiB)
    baseline_what: str = ""
    unit: str = "s"  # "s" or "MiB"


@dataclass
class Group:
    """Measurements run in pairs; ``scope`` is "whole process" or "in-process"."""

    name: str
    scope: str
    ours: Callable[[], Timings]
    rows: list[Row]
    baseline: Callable[[], Timings] | None = None
    pairs: int | None = None  # None: the run's; 1 for a long absolute-only measure
    warm_up: bool = True
    setup: Callable[[], None] | None = None
    teardown: Callable[[], None] | None = None


@dataclass
class Result:
    row: Row
    scope: str
    ours: list[float]
    base: list[float] = field(default_factory=list)

    @property
    def ratio(self) -> float | None:
        if not self.base:
            return None
        return statistics.median(self.ours) / statistics.median(self.base)

    @property
    def met(self) -> bool:
        r, o = self.row, statistics.median(self.ours)
        ratio = self.ratio
        if r.max_ratio is not None and (ratio is None or ratio > r.max_ratio):
            return False
        if r.min_speedup is not None and (ratio is None or 1 / ratio < r.min_speedup):
            return False
        return not (r.max_value is not None and o > r.max_value)

    def floor(self) -> str:
        r = self.row
        parts = []
        if r.max_ratio is not None:
            parts.append(f"≤ {r.max_ratio:g}×")
        if r.min_speedup is not None:
            parts.append(f"≥ {r.min_speedup:g}× faster")
        if r.max_value is not None:
            parts.append(f"< {_fmt(r.max_value, r.unit)}")
        return ", ".join(parts) or "—"


def _fmt(value: float, unit: str = "s") -> str:
    if unit != "s":
        return f"{value:.0f} {unit}"
    if value < 0.01:
        return f"{value * 1000:.1f} ms"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def _spread(samples: list[float], unit: str = "s") -> str:
    return (f"{_fmt(statistics.median(samples), unit)} ({_fmt(min(samples), unit)}–"
            f"{_fmt(max(samples), unit)})")


def run_group(group: Group, pairs: int | None = None, log: Callable[[str], None] = print
              ) -> list[Result]:
    n = max(group.pairs or pairs or 5, 1)
    if group.setup:
        group.setup()
    try:
        ours: list[Timings] = []
        base: list[Timings] = []
        if group.warm_up:
            group.ours()
            if group.baseline:
                group.baseline()
        for i in range(n):
            order = [("ours", group.ours), ("base", group.baseline)]
            if i % 2:
                order.reverse()
            for side, fn in order:
                if fn is None:
                    continue
                (ours if side == "ours" else base).append(fn())
            log(f"  {group.name}: pair {i + 1}/{n}")
    finally:
        if group.teardown:
            group.teardown()
    results = []
    for row in group.rows:
        o = [t[row.ours] for t in ours if row.ours in t]
        b = [t[row.base] for t in base if row.base and row.base in t]
        results.append(Result(row, group.scope, o, b))
    return results


def table(results: list[Result]) -> str:
    lines = ["| what | scope | floor | DHTT median (min–max) | baseline median (min–max) "
             "| ratio | status |", "|---|---|---|---|---|---|---|"]
    for r in results:
        if not r.ours:
            lines.append(f"| {r.row.what} | {r.scope} | {r.floor()} | not measured | | | — |")
            continue
        base = (f"{r.row.baseline_what}: {_spread(r.base, r.row.unit)}" if r.base else "—")
        ratio = f"**{r.ratio:.2f}×**" if r.ratio is not None else "—"
        status = "meets" if r.met else "**misses**"
        lines.append(f"| {r.row.what} | {r.scope} | {r.floor()} | {_spread(r.ours, r.row.unit)} | {base} "
                     f"| {ratio} | {status} |")
    return "\n".join(lines)


def stamp(machine_text: str, pairs: int) -> str:
    today = datetime.now(UTC).strftime("%d/%m/%Y %H:%M UTC")
    load = ""
    try:
        load = f"; load average at the start {os.getloadavg()[0]:.1f}"
    except OSError:
        pass
    return f"{today}, {machine_text}{load}. {pairs} interleaved pairs after one warm-up each."


def write_section(area: str, body: str) -> None:
    """Replace the text between ``<!-- bench:area -->`` and ``<!-- /bench:area -->`` in
    docs/benchmarks.md (the markers are appended when missing)."""
    text = DOC.read_text(encoding="utf-8")
    start, end = f"<!-- bench:{area} -->", f"<!-- /bench:{area} -->"
    block = f"{start}\n{body.strip()}\n{end}"
    if start in text and end in text:
        text = re.sub(re.escape(start) + r".*?" + re.escape(end), lambda _m: block, text,
                      flags=re.S)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    DOC.write_text(text, encoding="utf-8")


# --- measuring whole processes ---------------------------------------------------------------


TIME = "/usr/bin/time"


def process(cmd: list[str], markers: tuple[str, ...] = (), env: dict[str, str] | None = None,
            cwd: Path | None = None, check: bool = True, memory: bool = False) -> Timings:
    """Seconds from spawning ``cmd`` to each marker line it prints and to its exit
    ("exit"). ``memory``: run it under /usr/bin/time for ``maxrss_mb``, its peak memory
    (a child's own rusage would start from this process's size at the fork); give both
    sides of a comparison the same ``memory`` so both pay the same extra exec."""
    if memory and os.path.exists(TIME):
        cmd = [TIME, "-f", "DHTT_MAXRSS_KB=%M", *cmd]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                            cwd=cwd or ROOT, text=True)
    out: Timings = {}
    assert proc.stdout is not None
    for line in proc.stdout:
        key = line.strip()
        if key in markers and key not in out:
            out[key] = time.perf_counter() - started
    proc.wait()
    out["exit"] = time.perf_counter() - started
    err = proc.stderr.read() if proc.stderr else ""
    found = re.findall(r"DHTT_MAXRSS_KB=(\d+)", err)
    if found:
        out["maxrss_mb"] = int(found[-1]) / 1024
    if check and proc.returncode != 0:
        raise RuntimeError(f"{cmd[:4]}… exited {proc.returncode}: {err[-2000:]}")
    missing = [m for m in markers if m not in out]
    if missing:
        raise RuntimeError(f"no {missing} from {cmd[:4]}…: {err[-2000:]}")
    return out


# --- running ---------------------------------------------------------------------------------


@dataclass
class Env:
    """What every bench module's ``comparisons(env)`` gets."""

    db: Path  # the province database (read-only use: copy it before writing)
    work: Path  # a scratch folder, removed after the run
    pairs: int = 5


def make_env(pairs: int) -> Env:
    import tempfile

    from common import province_db

    return Env(db=province_db(), work=Path(tempfile.mkdtemp(prefix="dhtt-bench-")), pairs=pairs)


def measure(groups: list[Group], pairs: int) -> list[Result]:
    results: list[Result] = []
    for group in groups:
        print(f"{group.name} ({group.scope})", flush=True)
        try:
            results += run_group(group, pairs, log=lambda m: print(m, flush=True))
        except Exception as exc:  # noqa: BLE001 - one failed benchmark does not stop the rest
            print(f"  failed: {exc}", flush=True)
            results += [Result(row, group.scope, []) for row in group.rows]
    return results


def standalone(area: str, comparisons: Callable[[Env], list[Group]]) -> None:
    """``python bench/bench_<area>.py [--pairs N] [--no-write]``: this module's rows only,
    written between its own markers."""
    import argparse
    import shutil

    from common import machine

    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    env = make_env(args.pairs)
    try:
        results = measure(comparisons(env), args.pairs)
    finally:
        shutil.rmtree(env.work, ignore_errors=True)
    text = stamp(machine(), args.pairs) + "\n\n" + table(results)
    print(text)
    if not args.no_write:
        write_section(area, text)
