"""Whole CLI commands against the least the same work can cost, each a whole process:
`dhtt --version` and `--help` against `python -c pass`, `dhtt list candidates --search`
against a plain `sqlite3` script running the same SQL and printing the same JSON.

    .venv/bin/python bench/bench_cli.py [--pairs 5]
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import DHTT  # noqa: E402

SEARCH = "nguyen thi anh"
LIMIT = 50
KEYS = ["id", "name", "kind", "unit_code", "unit_name", "model_type", "movement",
        "lead_agency", "status", "year", "birth_year"]

# The baseline: Python's sqlite3, the statements DHTT runs (captured below), the same JSON.
PLAIN = f"""
import json, sqlite3, sys
statements = json.loads(sys.argv[2])
con = sqlite3.connect(sys.argv[1])
for sql, params in statements:
    rows = con.execute(sql, params).fetchall()
keys = {KEYS!r}
json.dump([dict(zip(keys, r)) for r in rows], sys.stdout, ensure_ascii=False, indent=2,
          default=str)
sys.stdout.write("\\n")
"""


def captured_statements(db: Path) -> list[tuple[str, list]]:
    """The SQL (with its parameters) DHTT runs for the search, in order."""
    from sqlalchemy import event

    from app.models.database import open_database
    from app.services.candidates import CandidateFilter, find_candidates

    database = open_database(db)
    seen: list[tuple[str, list]] = []

    def record(_conn, _cursor, statement, parameters, _context, _many):  # noqa: ANN001
        seen.append((statement, list(parameters)))

    event.listen(database.engine, "before_cursor_execute", record)
    with database.session() as session:
        find_candidates(session, CandidateFilter(search=SEARCH), limit=LIMIT)
    database.close()
    return seen


def comparisons(env):  # noqa: ANN001, ANN201 - harness.Env
    from harness import Group, Row, process

    pass_cmd = [sys.executable, "-c", "pass"]
    search_cmd = [*DHTT, "--db", str(env.db), "list", "candidates", "--search", SEARCH,
                  "--json", "--limit", str(LIMIT)]
    statements = captured_statements(env.db)
    plain_cmd = [sys.executable, "-c", PLAIN, str(env.db), json.dumps(statements)]
    ours_out = subprocess.run(search_cmd, capture_output=True, text=True, check=True).stdout
    plain_out = subprocess.run(plain_cmd, capture_output=True, text=True, check=True).stdout
    if json.loads(ours_out) != json.loads(plain_out) or not json.loads(ours_out):
        raise RuntimeError("the sqlite3 script does not print what dhtt prints")

    groups = []
    for flag in ("--version", "--help"):
        cmd = [*DHTT, flag]
        groups.append(Group(f"dhtt {flag}", "whole process",
                            lambda cmd=cmd: process(cmd), baseline=lambda: process(pass_cmd),
                            rows=[Row(f"2 · `dhtt {flag}`", "exit", "exit", max_ratio=2,
                                      baseline_what="`python -c pass`")]))
    groups.append(Group("list candidates --search", "whole process",
                        lambda: process(search_cmd), baseline=lambda: process(plain_cmd),
                        rows=[Row(f"2 · `dhtt list candidates --search '{SEARCH}' --json "
                                  f"--limit {LIMIT}`", "exit", "exit", max_ratio=2,
                                  baseline_what="sqlite3 script, same SQL and JSON")]))
    return groups


if __name__ == "__main__":
    from harness import standalone

    standalone("cli", comparisons)
