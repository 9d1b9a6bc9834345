"""Every benchmark against its baseline in one run, one table, written into
docs/benchmarks.md (between `<!-- bench:run -->` and `<!-- /bench:run -->`).

    .venv/bin/python bench/run.py [--pairs 5] [--only cli,startup] [--no-write]

Each `bench/bench_*.py` that offers ``comparisons(env)`` (see `bench/harness.py`) adds its
rows to the table: DHTT and its baseline in pairs, interleaved, whole process against
whole process or in-process against in-process. A module with only a ``main()`` is run as
a script (``python bench/bench_<area>.py``), in its own process, and writes its own section;
the table says whether it finished.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from common import machine  # noqa: E402
from harness import Group, make_env, measure, stamp, table, write_section  # noqa: E402


def discover(only: set[str] | None) -> list[Path]:
    found = sorted(HERE.glob("bench_*.py"))
    return [p for p in found if not only or p.stem.removeprefix("bench_") in only]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=5, help="interleaved pairs (at least 5)")
    parser.add_argument("--only", help="comma-separated areas, e.g. cli,startup")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    only = set(args.only.split(",")) if args.only else None
    # The program's modules compiled as an installed copy has them (the bundle ships .pyc;
    # with PYTHONDONTWRITEBYTECODE set, as on this machine, every start compiled app/ again).
    import compileall

    compileall.compile_dir(str(Path(__file__).resolve().parent.parent / "app"), quiet=1)
    env = make_env(args.pairs)
    started = time.perf_counter()
    results = []
    scripts: list[tuple[str, str]] = []
    try:
        for path in discover(only):
            spec = importlib.util.spec_from_file_location(path.stem, path)
            assert spec and spec.loader
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            if hasattr(module, "comparisons"):
                groups: list[Group] = module.comparisons(env)
                results += measure(groups, args.pairs)
            else:
                print(f"{path.name}: run as a script", flush=True)
                t = time.perf_counter()
                done = subprocess.run([sys.executable, str(path)], cwd=HERE.parent)
                took = time.perf_counter() - t
                status = "finished" if done.returncode == 0 else f"**failed** ({done.returncode})"
                scripts.append((path.name, f"{status} in {took:.0f} s, its own section"))
    finally:
        shutil.rmtree(env.work, ignore_errors=True)
    text = (stamp(machine(), args.pairs) + f" Whole run {time.perf_counter() - started:.0f} s."
            "\n\n" + table(results))
    if scripts:
        text += "\n\nRun as scripts (figures in their own sections):\n\n" + "\n".join(
            f"- `bench/{name}`: {what}" for name, what in scripts)
    print(text)
    if not args.no_write and not only:
        write_section("run", text)
    elif not args.no_write:
        write_section("run-partial", text)


if __name__ == "__main__":
    main()
