"""Inserting many generated rows at the speed of SQLite's own ``executemany``.

SQLAlchemy's Core insert of a list of dicts prepares every parameter of every row in
Python (most of the demo's time). Here the statement is made once per set of columns, each
value goes through its column type's own bind processor (dates, times, booleans and JSON
stored exactly as the ORM stores them) and the column defaults the table declares are
filled in, then the rows go to the driver in one ``executemany``, inside the session's
transaction. Nothing here checks a row: for generated data (the demo) and for rows
already checked (an Excel import's, its audit entries).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.orm import Session

CHUNK = 5000


def _default(column: Any) -> Callable[[], Any] | None:
    default = column.default
    if default is None:
        return None
    if default.is_scalar:
        value = default.arg
        return lambda: value
    if default.is_callable:
        fn = default.arg
        return lambda: fn(None)
    return None  # a SQL expression default: left to the database (none in these tables)


class _Row:
    """What a column default that reads its row is given (SQLAlchemy's execution
    context's ``get_current_parameters``): the candidates' short code is made from the
    row's id (issue 13b)."""

    def __init__(self, row: dict[str, Any]) -> None:
        self._row = row

    def get_current_parameters(self) -> dict[str, Any]:
        return self._row


def _reads_row(column: Any) -> bool:
    return getattr(column.default, "is_callable", False) and column.info.get("reads_row", False)


def _memo(processor: Callable[[Any], Any] | None) -> Callable[[Any], Any] | None:
    """``processor`` remembering what it made of each value (generated rows repeat their
    dates and times: formatting each again was a third of the insert's time)."""
    if processor is None:
        return None
    made: dict[Any, Any] = {}

    def process(value: Any) -> Any:
        if value is None:
            return None
        try:
            return made[value]
        except KeyError:
            out = made[value] = processor(value)
            return out
        except TypeError:  # not hashable (JSON)
            return processor(value)

    return process


def insert_rows(session: Session | Connection, table: Table | type,
                rows: Iterable[dict[str, Any]]) -> int:
    """Insert ``rows`` (dicts of column name → Python value) into ``table`` (a Table or an
    ORM class), in the transaction of ``session`` (or of a connection); return how many."""
    table = getattr(table, "__table__", table)
    assert isinstance(table, Table)
    conn = session.connection() if isinstance(session, Session) else session
    dialect = conn.dialect
    raw = conn.connection.driver_connection
    assert raw is not None
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(row), []).append(row)
    count = 0
    for keys, group in groups.items():
        given = [table.c[k] for k in keys]
        defaults = [(c, d) for c in table.c if c.key not in keys
                    for d in (_default(c),) if d is not None]
        columns = given + [c for c, _d in defaults]
        processors = [_memo(c.type._cached_bind_processor(dialect)) for c in columns]
        sql = (f"INSERT INTO {dialect.identifier_preparer.format_table(table)} ("
               + ", ".join(dialect.identifier_preparer.quote(c.name) for c in columns)
               + ") VALUES (" + ", ".join("?" * len(columns)) + ")")
        get = itemgetter(*keys)
        for start in range(0, len(group), CHUNK):
            chunk = group[start:start + CHUNK]
            # Column by column (C-level transposes), each value through its processor.
            values = [get(row) for row in chunk] if len(keys) > 1 else \
                [(get(row),) for row in chunk]
            cols: list[Any] = list(zip(*values, strict=True)) if values else []
            cols += [[c.default.arg(_Row(row)) for row in chunk]  # type: ignore[union-attr]
                     if _reads_row(c)
                     else [fill() for _ in chunk] for c, fill in defaults]
            for j, process in enumerate(processors):
                if process is not None:
                    cols[j] = list(map(process, cols[j]))
            raw.executemany(sql, zip(*cols, strict=True))
            count += len(chunk)
    return count
