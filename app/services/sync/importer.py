"""Import of a package: the checks of ``verify``, the predecessor (held in a visible queue
when missing), replays (a no-op), a dry run, then every row in one transaction with the
import log.

A row applies when the receiver's copy is the version the change was based on (or an
earlier version from the same installation); otherwise it becomes a conflict. Changes
from the level above to records this office owns become proposals; rows of a village
year locked here are refused unless they come from above (an unlock); an office below may
change only the records of its own units.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Table, select, update
from sqlalchemy.orm import Session

from app.errors import DomainError, InputError
from app.i18n import N_
from app.models import SyncConflict, SyncHeld, SyncPackageLog
from app.models.base import RAW_VERSIONS, next_change_seq, utcnow
from app.models.database import Database
from app.services.access import actor_name, require_unit
from app.services.sync import continuity, keys
from app.services.sync.route import subtree
from app.services.sync.tables import data_columns, is_upper, row_unit, to_json, travelling_tables
from app.services.sync.verify import Verified, read_package

LOCKED_STAGES = frozenset({"khoa", "locked", "da_khoa"})
BATCH = 500


@dataclass
class TableSummary:
    """What a package does to one table."""

    new: int = 0
    changed: int = 0
    deleted: int = 0
    unchanged: int = 0
    conflicts: int = 0
    proposals: int = 0
    refused: int = 0
    locked: int = 0

    @property
    def applied(self) -> int:
        return self.new + self.changed + self.deleted


@dataclass
class ImportResult:
    """The outcome of importing (or dry-running) one package."""

    package_id: str
    sender: str
    sequence: int
    kind: str
    dry_run: bool = False
    already_imported: bool = False
    held: bool = False
    missing_sequence: int | None = None
    forced: bool = False
    tables: dict[str, TableSummary] = field(default_factory=dict)
    released: list[ImportResult] = field(default_factory=list)
    audit_check: str = ""  # continuity.OK / FIRST / BROKEN / UNKNOWN
    drift: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def applied(self) -> dict[str, int]:
        """Rows written per table (what would be written, for a dry run); none when held."""
        if self.held or self.already_imported:
            return {}
        return {name: t.applied for name, t in self.tables.items() if t.applied}

    @property
    def conflicts(self) -> int:
        return sum(t.conflicts + t.proposals for t in self.tables.values())

    def to_json(self) -> dict[str, Any]:
        return {
            "package_id": self.package_id, "sender": self.sender, "sequence": self.sequence,
            "kind": self.kind, "dry_run": self.dry_run, "applied": self.applied,
            "conflicts": self.conflicts, "held": self.held,
            "missing_sequence": self.missing_sequence,
            "already_imported": self.already_imported, "forced": self.forced,
            "tables": {n: asdict(t) for n, t in self.tables.items()},
            "released": [r.to_json() for r in self.released],
            "audit_check": self.audit_check, "drift": self.drift,
        }


@dataclass
class _Plan:
    inserts: list[dict] = field(default_factory=list)
    updates: list[dict] = field(default_factory=list)
    conflicts: list[tuple[str, dict | None, dict]] = field(default_factory=list)
    applied_ids: list[str] = field(default_factory=list)


def read_file(path: Path) -> bytes:
    from app.services.sync.package import MAX_FILE

    try:
        if Path(path).stat().st_size > MAX_FILE:
            raise InputError(N_("The package is larger than allowed; it is refused."))
        return Path(path).read_bytes()
    except OSError as exc:
        raise InputError(N_("Cannot read the file {path}: {error}"), path=str(path),
                         error=exc.strerror or str(exc)) from exc


def import_file(db: Database, path: Path, *, dry_run: bool = False, actor=None,  # noqa: ANN001
                progress=None) -> ImportResult:  # noqa: ANN001
    """Import the package file at ``path`` (everything in one transaction), then apply the
    waiting packages it was the missing predecessor of."""
    data = read_file(path)
    prior = None
    pending = None
    if not dry_run:
        prior = _will_write(db, data)
        if prior is not None:
            from app.services.backup import Reason, begin_backup

            # A copy before anything from outside is written (its notices are not fatal: a
            # missing USB drive for the second copy never stops an import). The import
            # writes once the copy holds the file; the copy's check runs meanwhile.
            pending = begin_backup(db, Reason.IMPORT).start()
            pending.wait_copied()
    try:
        return import_bytes(db, data, Path(path).name, dry_run=dry_run, actor=actor,
                            prior=prior)
    finally:
        if pending is not None:
            pending.keep(record=False)


@dataclass
class BatchItem:
    """One file of a batch: its result, or the reason it was refused (nothing of it
    written)."""

    path: Path
    result: ImportResult | None = None
    error: DomainError | None = None


def import_files(db: Database, paths: list[Path], *, actor=None) -> list[BatchItem]:  # noqa: ANN001
    """Import several package files (a USB stick's worth) one after another, each in its own
    transaction with every check, after ONE backup copy made before the first that writes
    (the state before the batch). Packages are taken in order of sender and number, so none
    waits for one later in the same batch; one refused does not stop the others."""
    from app.services.backup import Reason, make_backup

    items = [BatchItem(Path(p)) for p in paths]
    loaded: list[tuple[BatchItem, bytes, Verified | None]] = []
    for item in items:
        try:
            data = read_file(item.path)
        except DomainError as exc:
            item.error = exc
            continue
        loaded.append((item, data, _will_write(db, data)))
    if any(prior is not None for _i, _d, prior in loaded):
        make_backup(db, Reason.IMPORT, record=False)

    def order(entry: tuple[BatchItem, bytes, Verified | None]) -> tuple[int, str, int]:
        prior = entry[2]
        return (0, prior.sender, prior.sequence) if prior is not None else (1, "", 0)

    for item, data, prior in sorted(loaded, key=order):
        try:
            item.result = import_bytes(db, data, item.path.name, actor=actor, prior=prior)
        except DomainError as exc:
            item.error = exc
    return items


def _will_write(db: Database, data: bytes) -> Verified | None:
    """The package, when importing ``data`` could change the database: it opens and
    verifies here and was not imported before. A refused package or a replay then changes
    nothing at all, not even by a backup copy and its audit entry. (What was read is handed
    to the import, which checks it again against the keys in its own transaction.)"""
    try:
        with db.session() as session:
            package = read_package(session, data)
            if session.scalar(select(SyncPackageLog.package_id).where(
                    SyncPackageLog.direction == "in",
                    SyncPackageLog.package_id == package.package_id)) is None:
                return package
            return None
    except DomainError:
        return None  # refused below, with its message


def import_bytes(db: Database, data: bytes, file_name: str = "", *, dry_run: bool = False,
                 force: bool = False, actor=None,  # noqa: ANN001
                 prior: Verified | None = None) -> ImportResult:
    from app.services.access import act_as

    if dry_run:
        with db.session() as session:
            act_as(session, actor)
            try:
                return _import(session, data, file_name, dry_run=True, force=force,
                               prior=prior)
            finally:
                session.rollback()
    from sqlalchemy.exc import IntegrityError

    try:
        with db.transaction() as session:
            act_as(session, actor)
            result = _import(session, data, file_name, dry_run=False, force=force,
                             prior=prior)
    except (IntegrityError, sqlite3.IntegrityError) as exc:  # Core, or the prepared inserts
        raise InputError(N_("The package refers to records this office does not have (or "
                            "repeats a record that exists here under another key); nothing "
                            "was imported. Import the sender's earlier packages first, or ask "
                            "the sender for a full package.")) from exc
    if not result.held and not result.already_imported:
        result.released = _release_held(db, result.sender, result.sequence, actor)
    return result


def _release_held(db: Database, sender: str, sequence: int, actor) -> list[ImportResult]:  # noqa: ANN001
    released: list[ImportResult] = []
    while True:
        with db.session() as session:
            held = session.scalar(select(SyncHeld).where(SyncHeld.sender_unit == sender,
                                                         SyncHeld.sequence == sequence + 1))
            if held is None:
                return released
            data, name = held.content, held.file_name
        result = import_bytes(db, data, name, actor=actor)
        released.append(result)
        released.extend(result.released)
        result.released = []
        if result.held:
            return released
        sequence = released[-1].sequence


def apply_held(db: Database, package_id: str, actor=None) -> ImportResult:  # noqa: ANN001
    """Apply a waiting package without its missing predecessor (an explicit choice)."""
    with db.session() as session:
        held = session.get(SyncHeld, package_id)
        if held is None:
            raise InputError(N_("That package is no longer waiting."))
        data, name = held.content, held.file_name
    return import_bytes(db, data, name, force=True, actor=actor)


def _received(session: Session, sender: str, me: str) -> dict[int, SyncPackageLog]:
    return {p.sequence: p for p in session.scalars(select(SyncPackageLog).where(
        SyncPackageLog.direction == "in", SyncPackageLog.sender_unit == sender,
        SyncPackageLog.recipient_unit == me))}


def _import(session: Session, data: bytes, file_name: str, *, dry_run: bool,
            force: bool, prior: Verified | None = None) -> ImportResult:
    require_unit(session, keys.identity(session).unit_code, write=not dry_run)
    package = read_package(session, data, prior)
    m = package.manifest
    result = ImportResult(package.package_id, package.sender, package.sequence, m["kind"],
                          dry_run=dry_run, forced=force)
    me = keys.identity(session)
    done = session.scalar(select(SyncPackageLog).where(
        SyncPackageLog.direction == "in", SyncPackageLog.package_id == package.package_id))
    if done is not None:
        if done.manifest_hash != package.manifest_hash:
            raise InputError(N_("A package with the same number ({id}) was already imported "
                                "on {date} with other contents. This copy is refused."),
                             id=package.package_id[:8], date=f"{done.processed_at:%d/%m/%Y}")
        result.already_imported = True
        return result
    received = _received(session, package.sender, me.unit_code)
    same_number = received.get(package.sequence)
    if same_number is not None:
        raise InputError(N_("Package number {n} of unit {unit} was already imported as another "
                            "package. The sender's database may have been restored from an "
                            "old copy: ask the sender to check."),
                         n=package.sequence, unit=package.sender)
    predecessor = received.get(package.sequence - 1)
    if predecessor is not None and m["prev_hash"] and predecessor.manifest_hash != m["prev_hash"]:
        raise InputError(N_("Package number {n} of unit {unit} does not follow the package "
                            "imported before it. It is refused."),
                         n=package.sequence, unit=package.sender)
    gap = package.sequence > 1 and predecessor is None and not force
    if gap:
        missing = 1
        while missing in received:
            missing += 1
        result.held, result.missing_sequence = True, missing
        if not dry_run and session.get(SyncHeld, package.package_id) is None:
            session.add(SyncHeld(package_id=package.package_id, sender_unit=package.sender,
                                 sequence=package.sequence, missing_sequence=missing,
                                 file_name=file_name, file_hash=package.file_hash, content=data))
    plans = _plan(session, package, result)
    result.audit_check = continuity.audit_check(m, package.sequence, predecessor)
    if dry_run or gap:
        return result
    _apply(session, package, plans)
    declared, here = "{}", "{}"
    scope = continuity.expected_scope(m["kind"], package.sender, me.unit_code)
    if m.get("held_scope") == scope:
        declared = json.dumps(m.get("held_counts") or {})
        here = json.dumps(continuity.held_counts(session, scope))
        result.drift = continuity.drift(declared, here)
    held = session.get(SyncHeld, package.package_id)
    if held is not None:
        session.delete(held)
    session.add(SyncPackageLog(
        package_id=package.package_id, direction="in", kind=m["kind"],
        sender_unit=package.sender, recipient_unit=me.unit_code, key_id=m["sender_key_id"],
        sequence=package.sequence, prev_hash=m["prev_hash"],
        manifest_hash=package.manifest_hash, file_hash=package.file_hash,
        file_name=file_name[:260], created_at=_parse_time(m.get("created_at")),
        user_name=actor_name(session), full=int(bool(m.get("full"))), forced=int(force),
        acked_sequence=int(m["last_received"].get("sequence") or 0),
        counts=json.dumps({n: asdict(t) for n, t in result.tables.items()}),
        audit_head=str(m.get("audit_head") or "")[:100], audit_check=result.audit_check,
        held_declared=declared, held_here=here))
    _acknowledge(session, package)
    session.flush()
    return result


def _parse_time(value: object):  # noqa: ANN202
    from datetime import datetime

    try:
        return datetime.fromisoformat(str(value)).replace(tzinfo=None)
    except ValueError:
        return None


def _acknowledge(session: Session, package: Verified) -> None:
    ack = package.manifest["last_received"]
    seq, pid = ack.get("sequence"), ack.get("package_id")
    if not isinstance(seq, int) or seq <= 0:
        return
    mine = session.scalar(select(SyncPackageLog).where(
        SyncPackageLog.direction == "out", SyncPackageLog.recipient_unit == package.sender,
        SyncPackageLog.sequence == seq))
    if mine is None or mine.package_id != pid:
        return
    session.execute(update(SyncPackageLog).where(
        SyncPackageLog.direction == "out", SyncPackageLog.recipient_unit == package.sender,
        SyncPackageLog.sequence <= seq).values(acknowledged=1))


# --- deciding what each row does -------------------------------------------------------------


def _plan(session: Session, package: Verified, result: ImportResult) -> dict[str, _Plan]:
    conn = session.connection()
    down = package.manifest["kind"] == "down"
    sender_units = None if down else subtree(session, package.sender)
    tables = travelling_tables()
    candidate_units: dict[str, str | None] = {}
    if not down and "candidates" in tables:
        # The unit of each candidate the package's rows point at: this office's copy (the
        # package may not move a record to another unit behind its back) or the new row.
        c = tables["candidates"].c
        wanted = {row["candidate_id"] for name, rows in package.rows.items()
                  if name != "candidates" for row in rows if row.get("candidate_id")}
        wanted |= {row["id"] for row in package.rows.get("candidates", [])}
        ids = sorted(wanted)
        for start in range(0, len(ids), BATCH):
            candidate_units.update(conn.execute(select(c.id, c.unit_code).where(
                c.id.in_(ids[start:start + BATCH]))).all())
        for row in package.rows.get("candidates", []):
            candidate_units.setdefault(row["id"], row.get("unit_code"))
    locked_scores = _locked_scores(conn, tables) if not down else set()
    plans: dict[str, _Plan] = {}
    for name, rows in package.rows.items():
        table = tables[name]
        summary = result.tables.setdefault(name, TableSummary())
        plan = plans.setdefault(name, _Plan())
        compare = data_columns(table)
        for start in range(0, len(rows), BATCH):
            chunk = rows[start:start + BATCH]
            local = {r["id"]: dict(r) for r in conn.execute(
                select(table).where(table.c.id.in_([x["id"] for x in chunk]))).mappings()}
            for row in chunk:
                have = local.get(row["id"])
                if sender_units is not None:
                    cid = row.get("candidate_id")
                    unit = candidate_units.get(cid) if cid else row_unit(row)
                    if (is_upper(name) and (unit is None or unit not in sender_units)) or \
                            (unit is not None and unit not in sender_units):
                        if have is None or _differs(have, row, compare):
                            summary.refused += 1
                        else:
                            summary.unchanged += 1
                        continue
                    if _is_locked(name, have, row, locked_scores) and (
                            have is None or _differs(have, row, compare)):
                        summary.locked += 1
                        continue
                _decide(name, table, have, row, compare, down, plan, summary)
    return plans


def _locked_scores(conn, tables: dict[str, Table]) -> set[str]:  # noqa: ANN001
    """Village scores of a year locked here: the score's own stage, or the commune's yearly
    review (``village_reviews``, issue 10) in the locked state."""
    if "village_scores" not in tables or "stage" not in tables["village_scores"].c:
        return set()
    t = tables["village_scores"]
    locked = set(conn.execute(select(t.c.id).where(t.c.stage.in_(LOCKED_STAGES))).scalars())
    reviews = tables.get("village_reviews")
    if reviews is not None and {"commune_code", "year", "state"} <= set(reviews.c.keys()):
        units = tables["admin_units"]
        locked |= set(conn.execute(
            select(t.c.id).join(units, units.c.code == t.c.village_code).join(
                reviews, (reviews.c.commune_code == units.c.parent_code)
                & (reviews.c.year == t.c.year)).where(
                reviews.c.state.in_(LOCKED_STAGES), reviews.c.deleted.is_(False))).scalars())
    return locked


def _is_locked(name: str, have: dict | None, row: dict, locked: set[str]) -> bool:
    """A village year locked here refuses changes from below; only the level above unlocks
    (a lock of issue 10's yearly procedure, or the stage of the year's score)."""
    if name == "village_reviews":
        return (have is not None and have.get("state") in LOCKED_STAGES
                and _differs(have, row, list(row)))
    if not locked:
        return False
    if name == "village_scores":
        return row["id"] in locked and (have is None or _differs(have, row, list(row)))
    if name == "village_score_items":
        return row.get("score_id") in locked or (have is not None and have.get("score_id") in locked)
    return False


def _differs(have: dict, row: dict, columns: list[str]) -> bool:
    return any(name in row and have.get(name) != row[name] for name in columns)


def _version(row: dict) -> tuple[int, str]:
    return int(row.get("row_version") or 0), str(row.get("version_site") or "")


def _decide(name: str, table: Table, have: dict | None, row: dict, compare: list[str],
            down: bool, plan: _Plan, summary: TableSummary) -> None:
    incoming = _version(row)
    owned_here = down and not is_upper(name)
    if have is None:
        if owned_here:
            plan.conflicts.append(("proposal", None, row))
            summary.proposals += 1
            return
        plan.inserts.append(row)
        plan.applied_ids.append(row["id"])
        if row.get("deleted"):
            summary.deleted += 1
        else:
            summary.new += 1
        return
    local = _version(have)
    if local == incoming or (local[1] == incoming[1] and local[0] > incoming[0]):
        summary.unchanged += 1  # already here, or older than what is here
        return
    if not _differs(have, row, compare):
        # Same content under another version: both sides settle on the larger version.
        if incoming > local:
            plan.updates.append({k: row[k] for k in ("id", "row_version", "version_site",
                                                     "base_version", "base_site") if k in row})
        summary.unchanged += 1
        return
    if owned_here:
        plan.conflicts.append(("proposal", have, row))
        summary.proposals += 1
        return
    base = (int(row.get("base_version") or 0), str(row.get("base_site") or ""))
    if local == base or (local[1] == incoming[1] and local[0] < incoming[0]):
        plan.updates.append(row)
        plan.applied_ids.append(row["id"])
        if row.get("deleted") and not have.get("deleted"):
            summary.deleted += 1
        else:
            summary.changed += 1
        return
    plan.conflicts.append(("conflict", have, row))
    summary.conflicts += 1


# --- writing ---------------------------------------------------------------------------------


def _apply(session: Session, package: Verified, plans: dict[str, _Plan]) -> None:
    session.info[RAW_VERSIONS] = True
    conn = session.connection()
    conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    tables = travelling_tables()
    total = sum(len(p.inserts) + len(p.updates) for p in plans.values())
    _site, seq = next_change_seq(conn, total) if total else ("", 0)
    now = utcnow()
    for name, plan in plans.items():
        table = tables[name]
        for row in plan.inserts:
            row["change_seq"] = seq
            seq += 1
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        for group in _by_keys(plan.inserts):
            names = _with_defaults(table, group, "default")
            _executemany(cursor,
                         f"INSERT INTO {_q(name)} ({', '.join(map(_q, names))}) VALUES "
                         f"({', '.join('?' * len(names))})", _bound(conn, table, names, group))
        for row in plan.updates:
            row["change_seq"] = seq
            seq += 1
        for group in _by_keys(plan.updates):
            names = [k for k in _with_defaults(table, group, "onupdate") if k != "id"]
            _executemany(cursor,
                         f"UPDATE {_q(name)} SET {', '.join(f'{_q(k)} = ?' for k in names)} "
                         "WHERE id = ?", _bound(conn, table, [*names, "id"], group))
        cursor.close()
        if plan.applied_ids:
            for start in range(0, len(plan.applied_ids), BATCH):
                conn.execute(update(SyncConflict).where(
                    SyncConflict.table_name == name, SyncConflict.settled_at.is_(None),
                    SyncConflict.row_id.in_(plan.applied_ids[start:start + BATCH])).values(
                        settled_at=now, resolution="superseded",
                        settled_by=package.sender))
        for kind, have, row in plan.conflicts:
            _record_conflict(session, table, kind, have, row, package, now)
    session.flush()


def _with_defaults(table: Table, group: list[dict], which: str) -> list[str]:
    """The column names of ``group`` (rows with the same keys) after adding, to each row,
    the Python-side default (``default`` for an insert, ``onupdate`` for an update) of
    every column the rows leave out, as a Core insert or update would."""
    names = list(group[0])
    for column in table.columns:
        spec = getattr(column, which)
        if column.name in group[0] or spec is None:
            continue
        if spec.is_scalar:
            value = spec.arg
            for row in group:
                row[column.name] = value
        elif spec.is_callable:
            for row in group:
                row[column.name] = spec.arg(None)
        else:
            continue  # a SQL expression default (no travelling table has one)
        names.append(column.name)
    return names


def _executemany(cursor, sql: str, params: list[tuple]) -> None:  # noqa: ANN001
    """The prepared statement for every row; SQLite's errors raised as SQLAlchemy's (as a
    Core statement would), so callers see the same IntegrityError or OperationalError."""
    try:
        cursor.executemany(sql, params)
    except sqlite3.Error as exc:
        from sqlalchemy.exc import DBAPIError

        raise DBAPIError.instance(sql, None, exc, sqlite3.Error) from exc


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _bound(conn, table: Table, names: list[str], rows: list[dict]) -> list[tuple]:  # noqa: ANN001
    """The rows as parameter tuples in the order of ``names``, each value turned into what
    SQLite stores by its column type's own bind processor (the same values an ORM or Core
    insert would write), without building a statement per row."""
    procs = [table.c[n].type.bind_processor(conn.dialect) for n in names]
    if not any(procs):
        return [tuple(r[n] for n in names) for r in rows]
    pairs = list(zip(names, procs, strict=True))
    return [tuple(p(r[n]) if p is not None and r[n] is not None else r[n] for n, p in pairs)
            for r in rows]


def _by_keys(rows: list[dict]) -> list[list[dict]]:
    groups: dict[tuple, list[dict]] = {}
    for row in rows:
        groups.setdefault(tuple(sorted(row)), []).append(row)
    return list(groups.values())


def _record_conflict(session: Session, table: Table, kind: str, have: dict | None, row: dict,
                     package: Verified, now) -> None:  # noqa: ANN001
    files: dict[str, bytes] = {}
    local_json = json.dumps(to_json(table, have, files, inline=True) if have else {},
                            ensure_ascii=False)
    incoming_json = json.dumps(to_json(table, row, files, inline=True), ensure_ascii=False)
    open_one = session.scalar(select(SyncConflict).where(
        SyncConflict.table_name == table.name, SyncConflict.row_id == row["id"],
        SyncConflict.settled_at.is_(None)))
    if open_one is not None:
        open_one.incoming_values, open_one.local_values = incoming_json, local_json
        open_one.package_id, open_one.kind = package.package_id, kind
        return
    session.add(SyncConflict(kind=kind, table_name=table.name, row_id=row["id"],
                             package_id=package.package_id, sender_unit=package.sender,
                             local_values=local_json, incoming_values=incoming_json,
                             created_at=now))
