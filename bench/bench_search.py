"""Search and filter speed on 100,000 candidates: `list candidates --search`.

    .venv/bin/python bench/bench_search.py
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import DHTT, machine, median_ms, province_db  # noqa: E402

from app.models.database import open_database  # noqa: E402
from app.services.candidates import CandidateFilter, count_candidates, find_candidates  # noqa: E402

QUERIES = ["nguyen thi anh", "hlan", "duc", "ksor", "hop tac xa", "zzzz"]


def comparisons(env):  # noqa: ANN001, ANN201 - harness.Env
    """The floor of issue 2 for bench/run.py: the slowest search's first page, in-process."""
    from harness import Group, Row

    state: dict = {}

    def setup() -> None:
        state["db"] = open_database(env.db)

    def teardown() -> None:
        state["db"].close()

    def slowest() -> dict[str, float]:
        worst = 0.0
        with state["db"].session() as session:
            for query in QUERIES:
                t = time.perf_counter()
                find_candidates(session, CandidateFilter(search=query), limit=200)
                worst = max(worst, time.perf_counter() - t)
        return {"search": worst}

    return [Group("search", "in-process", slowest, setup=setup, teardown=teardown, rows=[
        Row("issue 2 floor · search, first page (slowest of six searches)", "search",
            max_value=0.05)])]


def main() -> None:
    path = province_db()
    db = open_database(path)
    print(machine())
    with db.session() as session:
        total = count_candidates(session, CandidateFilter())
        print(f"{total} candidates")
        for query in QUERIES:
            f = CandidateFilter(search=query)
            find_candidates(session, f, limit=200)  # warm the page cache
            samples = []
            for _ in range(15):
                t = time.perf_counter()
                rows = find_candidates(session, f, limit=200)
                samples.append(time.perf_counter() - t)
            count_samples = []
            for _ in range(15):
                t = time.perf_counter()
                n = count_candidates(session, f)
                count_samples.append(time.perf_counter() - t)
            print(f"search {query!r}: first page ({len(rows)} rows) {median_ms(samples):.1f} ms, "
                  f"count ({n}) {median_ms(count_samples):.1f} ms")
        for label, f in [("unit 628 + status", CandidateFilter(unit_code="628", status="cong_nhan")),
                         ("model type 3.1.4", CandidateFilter(model_type_code="3.1.4")),
                         ("no filter", CandidateFilter())]:
            samples = []
            for _ in range(15):
                t = time.perf_counter()
                find_candidates(session, f, limit=200)
                samples.append(time.perf_counter() - t)
            print(f"filter {label}: first page {median_ms(samples):.1f} ms")
    db.close()
    samples = []
    for _ in range(5):
        t = time.perf_counter()
        subprocess.run([*DHTT, "--db", str(path), "list", "candidates", "--search",
                        "nguyen thi anh", "--json", "--limit", "50"], check=True,
                       stdout=subprocess.DEVNULL)
        samples.append(time.perf_counter() - t)
    print(f"whole command `dhtt list candidates --search 'nguyen thi anh' --json --limit 50`: "
          f"{median_ms(samples):.0f} ms")


if __name__ == "__main__":
    main()
