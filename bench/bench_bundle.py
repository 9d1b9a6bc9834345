"""Size of the bundled program and its start time against the program run from source.

    bash installer/build-linux.sh && .venv/bin/python bench/bench_bundle.py [--pairs 7]

Whole process against whole process, paired and interleaved in the same run (bundle,
source, bundle, source, ...), after one warm-up of each: the time from spawning the
process to (a) the end of ``--version`` (the command line: the bundle's unpacking and
imports against the interpreter's) and (b) the main window shown on a commune-sized demo
database (``gui``, marker line ``DHTT_SHOWN``). Offscreen. Writes the figures into
docs/benchmarks.md between <!-- bench:bundle --> and <!-- /bench:bundle -->.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import DHTT, ROOT, machine  # noqa: E402

sys.path.insert(0, str(ROOT / "installer"))
from bundle_hash import bundle_problem  # noqa: E402

BUNDLE = ROOT / "dist" / "dhtt"
PROGRAM = BUNDLE / "dhtt"
RESULTS = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- bench:bundle -->", "<!-- /bench:bundle -->"


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files), len(files)


def seconds_to(cmd: list[str], env: dict[str, str], marker: str | None) -> float:
    """Seconds from spawn to ``marker`` on stdout (or to the exit when ``None``)."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
                            text=True, cwd=tempfile.gettempdir())
    assert proc.stdout is not None
    seen = None
    for line in proc.stdout:
        if marker and line.strip() == marker and seen is None:
            seen = time.perf_counter() - started
    proc.wait()
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd} exited {proc.returncode}")
    if marker is None:
        return time.perf_counter() - started
    if seen is None:
        raise RuntimeError(f"no {marker} from {cmd}")
    return seen


def paired(label: str, bundle_cmd: list[str], source_cmd: list[str], env: dict[str, str],
           marker: str | None, pairs: int) -> dict[str, object]:
    seconds_to(bundle_cmd, env, marker)  # warm the file cache for both
    seconds_to(source_cmd, env, marker)
    bundle, source = [], []
    for _ in range(pairs):
        bundle.append(seconds_to(bundle_cmd, env, marker))
        source.append(seconds_to(source_cmd, env, marker))
    row = {"label": label, "bundle": bundle, "source": source,
           "ratio": statistics.median(bundle) / statistics.median(source)}
    print(f"{label}: bundle {fmt(bundle)}; source {fmt(source)}; ratio {row['ratio']:.2f}")
    return row


def fmt(samples: list[float]) -> str:
    return (f"min {min(samples):.3f} / median {statistics.median(samples):.3f} / "
            f"max {max(samples):.3f} s")


def write_results(text: str) -> None:
    doc = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmarks\n"
    block = f"{START}\n{text}\n{END}"
    if START in doc and END in doc:
        before, rest = doc.split(START, 1)
        doc = before + block + rest.split(END, 1)[1]
    else:
        doc = doc.rstrip("\n") + "\n\n## Bundled program (issue 14)\n\n" + block + "\n"
    RESULTS.write_text(doc, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=7)
    args = parser.parse_args()
    problem = bundle_problem()
    if problem:
        print(f"bench_bundle: {problem}", file=sys.stderr)
        return 1
    load_before = os.getloadavg()[0]
    size, count = folder_size(BUNDLE)
    qt_size, _ = folder_size(BUNDLE / "_internal" / "PySide6")
    print(f"bundle dist/dhtt/: {size / 2**20:.0f} MiB in {count} files "
          f"(PySide6 and Qt {qt_size / 2**20:.0f} MiB)")

    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DHTT_REPORT_SHOWN": "1",
               "HOME": tmp, "XDG_DATA_HOME": f"{tmp}/data", "XDG_CONFIG_HOME": f"{tmp}/config",
               "XDG_CACHE_HOME": f"{tmp}/cache"}
        db = Path(tmp) / "xa.sqlite"
        for step in (["init", "--unit", "628"], ["demo", "--size", "commune"]):
            subprocess.run([*DHTT, "--db", str(db), *step], check=True, env=env, cwd=ROOT,
                           stdout=subprocess.DEVNULL)
        source = [*DHTT]
        rows = [
            paired("command line (--version)", [str(PROGRAM), "--version"],
                   [*source, "--version"], env, None, args.pairs),
            paired("main window shown (gui, commune demo)",
                   [str(PROGRAM), "--db", str(db), "gui", "--quit-after", "0.5"],
                   [*source, "--db", str(db), "gui", "--quit-after", "0.5"], env, "DHTT_SHOWN",
                   args.pairs),
        ]
    lines = [
        f"Run {date.today():%Y-%m-%d} on {machine()}; `python bench/bench_bundle.py "
        f"--pairs {args.pairs}`: whole processes, bundle and source interleaved in pairs "
        f"after one warm-up each, offscreen. Load average {load_before:.1f} at the start and "
        f"{os.getloadavg()[0]:.1f} at the end on this shared machine: the absolute times "
        "carry that load, the ratio of the pairs less so.",
        "",
        f"Bundle `dist/dhtt/` (Linux build): **{size / 2**20:.0f} MiB ({size / 1e6:.0f} MB)** "
        f"in {count} files (limit 250 MB), of which PySide6 and Qt {qt_size / 2**20:.0f} MiB "
        "(with ICU's 39 MB, which the Windows build does not carry).",
        "",
        "| start-up | bundle min / median / max (s) | source min / median / max (s) | "
        "ratio of medians |",
        "|---|---|---|---|",
    ]
    for row in rows:
        b, s = row["bundle"], row["source"]
        assert isinstance(b, list) and isinstance(s, list)
        lines.append(f"| {row['label']} | {min(b):.3f} / {statistics.median(b):.3f} / "
                     f"{max(b):.3f} | {min(s):.3f} / {statistics.median(s):.3f} / "
                     f"{max(s):.3f} | {row['ratio']:.2f} |")
    write_results("\n".join(lines))
    print(f"written to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
