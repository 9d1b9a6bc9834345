"""Listing candidates with Python's ``sqlite3`` alone, for a command that starts, prints
and exits.

``dhtt list candidates`` would otherwise spend most of its time importing SQLAlchemy and
the models (0.5 s and more) for one query of a few milliseconds. The SQL here is the same
as :func:`app.services.candidates.find_candidates` builds (same conditions, same page, same
order, same row); a test compares the two on every filter. Anything out of the ordinary
(no file, a file of another schema revision, login turned on, an SQLite error) returns
``None`` and the caller takes the ORM path, which upgrades or refuses the file, or signs in
and keeps the account to its units, with its own messages.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

from app import text

# Same threshold as app.services.candidates.WALK_ORDER_ABOVE (a test checks they agree).
WALK_ORDER_ABOVE = 30
VERSIONS = Path(__file__).resolve().parent / "models" / "migrations" / "versions"
KEYS = ("id", "name", "kind", "unit_code", "unit_name", "model_type", "movement",
        "lead_agency", "status", "year", "birth_year")
_CODE_TABLES = (("model_type_code", "model_types", "model_type_id"),
                ("movement_code", "movements", "movement_id"),
                ("phase_code", "phases", "phase_id"),
                ("lead_agency_code", "lead_agencies", "lead_agency_id"))


def head_revision() -> str:
    """The newest migration's revision, read from the scripts (no Alembic, no SQLAlchemy)."""
    revisions, parents = set(), set()
    for script in VERSIONS.glob("*.py"):
        source = script.read_text(encoding="utf-8")
        rev = re.search(r'^revision\s*=\s*"([^"]+)"', source, re.M)
        down = re.search(r'^down_revision\s*=\s*"([^"]+)"', source, re.M)
        if rev:
            revisions.add(rev.group(1))
        if down:
            parents.add(down.group(1))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else ""


def ordinary_connection(path: Path) -> sqlite3.Connection | None:
    """A read-only connection to ``path`` when the file is ordinary: it exists, is at this
    program's schema revision, and has login turned off (with login on, the ORM path signs
    in and keeps the account to its units). ``None`` otherwise; the caller then takes the
    ORM path, which upgrades or refuses the file with its own messages. Read-only, like
    every reading command: it never checkpoints or removes the window's -wal file."""
    if not path.is_file() or path.stat().st_size == 0:
        return None
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error:
        return None
    try:
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        login = con.execute("SELECT value FROM settings WHERE key = 'login_required'"
                            ).fetchone()
    except Exception:  # noqa: BLE001 - a damaged file (also bad text): the ORM path says what
        con.close()
        return None
    if not row or row[0] != head_revision() or (login and login[0] == "1"):
        con.close()
        return None
    return con


def list_candidates(path: Path, *, search: str = "", unit_code: str | None = None,
                    status: str | None = None, model_type_code: str | None = None,
                    movement_code: str | None = None, kind: str | None = None,
                    limit: int | None = None) -> list[dict[str, Any]] | None:
    """The rows of ``list candidates --json``, or ``None`` when the ORM path must answer."""
    con = ordinary_connection(path)
    if con is None:
        return None
    try:
        return _query(con, search=search, unit_code=unit_code, status=status,
                      codes={"model_type_code": model_type_code,
                             "movement_code": movement_code}, kind=kind, limit=limit)
    except Exception:  # noqa: BLE001 - a damaged file: the ORM path says what is wrong
        return None
    finally:
        con.close()


def register_first_page(path: Path, limit: int) -> tuple[int, list[dict[str, Any]]] | None:
    """The whole register's count and its first ``limit`` lines in Vietnamese order, as the
    window's Điển hình tab first shows them (:func:`count_candidates` and
    :func:`find_candidates` with no filter, a test compares them), or ``None`` when the ORM
    path must answer: the file is not ordinary, or it has no office or no units yet (the
    window then asks its first-run questions)."""
    con = ordinary_connection(path)
    if con is None:
        return None
    try:
        office = con.execute("SELECT value FROM settings WHERE key = 'office_unit_code'"
                             ).fetchone()
        if not office or not office[0] or con.execute(
                "SELECT 1 FROM admin_units LIMIT 1").fetchone() is None:
            return None
        # The kept totals, as count_candidates reads them for the whole register.
        total = con.execute("SELECT sum(n) FROM candidate_totals WHERE n > 0").fetchone()[0]
        rows = _query(con, search="", unit_code=None, status=None, codes={}, kind=None,
                      limit=limit)
        return int(total or 0), rows
    except Exception:  # noqa: BLE001 - a damaged file: the ORM path says what is wrong
        return None
    finally:
        con.close()


def _descendants(con: sqlite3.Connection, code: str) -> list[str]:
    children: dict[str | None, list[str]] = {}
    for unit_code, parent in con.execute("SELECT code, parent_code FROM admin_units"):
        children.setdefault(parent, []).append(unit_code)
    out, stack = [], [code]
    while stack:
        current = stack.pop()
        out.append(current)
        stack.extend(children.get(current, ()))
    return out


def _query(con: sqlite3.Connection, *, search: str, unit_code: str | None,
           status: str | None, codes: dict[str, str | None], kind: str | None,
           limit: int | None) -> list[dict[str, Any]]:
    where: list[str] = ["candidates.deleted = 0"]
    params: list[object] = []
    terms = text.search_terms(search)
    if terms:
        where.append("candidates.rowid IN (SELECT rowid FROM candidate_search "
                     "WHERE candidate_search MATCH ?)")
        params.append(" ".join(f'"{t}"*' for t in terms if t))
    page_where = list(where)
    if unit_code:
        units = _descendants(con, unit_code)
        marks = ", ".join("?" * len(units))
        if len(units) > 1:
            page_where.append(("+candidates.unit_code" if len(units) > WALK_ORDER_ABOVE
                               else "candidates.unit_code") + f" IN ({marks})")
            where.append(f"candidates.unit_code IN ({marks})")
        else:
            page_where.append("candidates.unit_code = ?")
            where.append("candidates.unit_code = ?")
        params_units: list[object] = list(units) if len(units) > 1 else [unit_code]
    else:
        params_units = []
    extra: list[str] = []
    extra_params: list[object] = []
    if status:
        extra.append("candidates.status = ?")
        extra_params.append(status)
    if kind:
        extra.append("candidates.kind = ?")
        extra_params.append(kind)
    for key, table, column in _CODE_TABLES:
        code = codes.get(key)
        if code:
            found = con.execute(f"SELECT id FROM {table} WHERE code = ?", (code,)).fetchone()
            if found:
                extra.append(f"candidates.{column} = ?")
                extra_params.append(found[0])
            else:
                extra.append("0 = 1")
    select = ("SELECT candidates.id, candidates.display_name, candidates.kind, "
              "candidates.unit_code, u.name, model_types.code, movements.code, "
              "lead_agencies.code, candidates.status, candidates.year, candidates.birth_year "
              "FROM candidates JOIN admin_units AS u ON u.code = candidates.unit_code "
              "LEFT OUTER JOIN model_types ON model_types.id = candidates.model_type_id "
              "LEFT OUTER JOIN movements ON movements.id = candidates.movement_id "
              "LEFT OUTER JOIN lead_agencies ON lead_agencies.id = candidates.lead_agency_id ")
    order = " ORDER BY candidates.sort_key, candidates.sort_key, candidates.id"
    base_params: list[object] = [*params, *params_units, *extra_params]
    if limit is not None:
        page = (f"SELECT candidates.rowid FROM candidates WHERE "
                f"{' AND '.join(page_where + extra)}{order} LIMIT ? OFFSET 0")
        sql = f"{select}WHERE candidates.rowid IN ({page}){order}"
        args = [*base_params, limit]
    else:
        sql = f"{select}WHERE {' AND '.join(where + extra)}{order}"
        args = base_params
    return [dict(zip(KEYS, r, strict=True)) for r in con.execute(sql, args)]
