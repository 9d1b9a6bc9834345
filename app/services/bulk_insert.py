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

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
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

    def __init__(self, row: Mapping[str, Any]) -> None:
        self._row = row

    def get_current_parameters(self) -> Mapping[str, Any]:
        return self._row


class _Values(Mapping[str, Any]):
    """A row given as a sequence, read as the dict of its columns (without making one)."""

    __slots__ = ("_positions", "_row")

    def __init__(self, positions: dict[str, int], row: Sequence[Any]) -> None:
        self._positions = positions
        self._row = row

    def __getitem__(self, key: str) -> Any:
        return self._row[self._positions[key]]

    def __iter__(self) -> Iterator[str]:
        return iter(self._positions)

    def __len__(self) -> int:
        return len(self._positions)


def _reads_row(column: Any) -> bool:
    return getattr(column.default, "is_callable", False) and column.info.get("reads_row", False)


def _converter(processor: Callable[[Any], Any] | None
               ) -> Callable[[list[Any]], list[Any]] | None:
    """A whole column through ``processor``, each distinct value converted once
    (generated rows repeat their dates and times: formatting each again was a third of the
    insert's time), the column mapped through a dict at C speed."""
    if processor is None:
        return None
    made: dict[Any, Any] = {None: None}

    def convert(values: list[Any]) -> list[Any]:
        try:
            for value in set(values).difference(made):
                made[value] = processor(value)
        except TypeError:  # not hashable (JSON)
            return [None if v is None else processor(v) for v in values]
        return list(map(made.__getitem__, values))

    return convert


def insert_rows(session: Session | Connection, table: Table | type,
                rows: Iterable[dict[str, Any]]) -> int:
    """Insert ``rows`` (dicts of column name → Python value) into ``table`` (a Table or an
    ORM class), in the transaction of ``session`` (or of a connection); return how many."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(row), []).append(row)
    count = 0
    for keys, group in groups.items():
        get = itemgetter(*keys)
        values = [get(row) for row in group] if len(keys) > 1 else [(get(row),) for row in group]
        count += insert_tuples(session, table, keys, values)
    return count


def insert_tuples(session: Session | Connection, table: Table | type, keys: Sequence[str],
                  rows: Sequence[Sequence[Any]]) -> int:
    """Insert ``rows`` (sequences of Python values for the columns ``keys``, in that
    order) into ``table``: what :func:`insert_rows` does without building a dict a row."""
    table = getattr(table, "__table__", table)
    assert isinstance(table, Table)
    conn = session.connection() if isinstance(session, Session) else session
    dialect = conn.dialect
    raw = conn.connection.driver_connection
    assert raw is not None
    keys = tuple(keys)
    given = [table.c[k] for k in keys]
    defaults = [(c, d) for c in table.c if c.key not in keys
                for d in (_default(c),) if d is not None]
    columns = given + [c for c, _d in defaults]
    converters = [_converter(c.type._cached_bind_processor(dialect)) for c in columns]
    sql = (f"INSERT INTO {dialect.identifier_preparer.format_table(table)} ("
           + ", ".join(dialect.identifier_preparer.quote(c.name) for c in columns)
           + ") VALUES (" + ", ".join("?" * len(columns)) + ")")
    positions = {k: i for i, k in enumerate(keys)}
    count = 0
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start:start + CHUNK]
        # Column by column (C-level transposes), each column through its converter.
        cols: list[Any] = [list(c) for c in zip(*chunk, strict=True)] if chunk else []
        for c, fill in defaults:
            if _reads_row(c):
                read = c.default.arg  # type: ignore[union-attr]
                cols.append([read(_Row(_Values(positions, row))) for row in chunk])
            elif c.default.is_scalar:  # type: ignore[union-attr]
                cols.append([fill()] * len(chunk))
            else:
                cols.append([fill() for _ in chunk])
        for j, convert in enumerate(converters):
            if convert is not None:
                cols[j] = convert(cols[j])
        raw.executemany(sql, zip(*cols, strict=True))
        count += len(chunk)
    return count
