"""The audit trail: every change recorded in its own transaction, hash-chained.

A session event (``after_flush``) sees every row a service creates, changes or deletes,
so no service has to remember to write history: the entry (account, time, unit, record,
the changed fields before and after) is written on the same connection, in the same
transaction, as the change; a rolled-back change leaves no entry. Refusals (a wrong
password, an action outside the account's scope) are written on their own after the
refused transaction ended.

Each entry holds the hash of the one before it and its own hash over its contents; the
newest hash is also kept in the settings (and travels in every exported package), so
editing, deleting or reordering entries in the file by hand is found by :func:`verify`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import Connection, Table, event, func, insert, inspect, or_, select, text
from sqlalchemy.orm import Session, SessionTransaction

from app.i18n import N_, _
from app.models import AuditEntry, Setting
from app.models.base import VERSION_COLUMNS, utcnow
from app.services.access import DENIALS_KEY, actor_name, current_actor, unit_filter

HEAD_KEY = "audit_head"
AUDIT_OFF = "dhtt_audit_off"  # session.info flag: bulk jobs that write no history (demo data)

# Bookkeeping that is not a change of a record (shown nowhere, changes all the time).
SKIP_FIELDS = {"created_at", "updated_at", "failed_logins", "locked_until", "last_login_at",
               "sort_key", "name_search", *VERSION_COLUMNS}
HIDDEN_FIELDS = {"password_hash"}  # recorded as changed, never with its value
SKIP_TABLES = {"audit_log"}


class Action:
    """Kinds of change in the trail."""

    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    STATUS = "status"
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    DENIED = "denied"
    BACKUP = "backup"
    RESTORE = "restore"

    LABELS = {
        CREATE: N_("created"), UPDATE: N_("changed"), DELETE: N_("deleted"),
        STATUS: N_("status changed"), LOGIN: N_("logged in"),
        LOGIN_FAILED: N_("login refused"), DENIED: N_("action refused"),
        BACKUP: N_("backup"), RESTORE: N_("restore"),
    }


TABLE_LABELS = {
    "candidates": N_("candidate"), "assessments": N_("assessment"),
    "assessment_items": N_("assessment item"), "status_changes": N_("status change"),
    "awards": N_("award"), "decisions": N_("decision"), "users": N_("account"),
    "settings": N_("setting"), "village_scores": N_("village score"),
    "village_score_items": N_("village score item"), "evidence_files": N_("evidence file"),
    "replication_activities": N_("replication activity"), "admin_units": N_("unit"),
    "criteria_sets": N_("criteria set"), "criteria": N_("criterion"),
}


def local_time(at: datetime) -> datetime:
    """A stored time (UTC) in the computer's time zone."""
    from datetime import UTC

    return at.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)


def action_label(action: str) -> str:
    return _(Action.LABELS[action]) if action in Action.LABELS else action


def table_label(table: str) -> str:
    return _(TABLE_LABELS[table]) if table in TABLE_LABELS else table


# --- values and hashes ------------------------------------------------------------------------


_SIMPLE = {str, int, float, bool, type(None)}


def _plain(value: Any) -> Any:
    if type(value) in _SIMPLE:
        return value
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return {"bytes": len(value)}
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def _stamp(at: datetime) -> str:
    return at.strftime("%Y-%m-%d %H:%M:%S.%f")


# One encoder each for the hashed payload and the details (``json.dumps`` with options
# builds a new one on every call: a tenth of the time of writing an import's entries).
_payload_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_detail_json = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode


def entry_hash(row: Any, at: str | None = None) -> str:
    """SHA-256 over an entry's contents and the previous entry's hash (``at``: the entry's
    moment as the hash writes it, when the caller has it already)."""
    if at is None:
        at = row.at if isinstance(row.at, str) else _stamp(row.at)
    payload = _payload_json([row.id, at, row.user_name, row.action, row.table_name,
                             row.row_id, row.unit_code, row.detail, row.prev_hash])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass
class _Entry:
    action: str
    table_name: str
    row_id: str
    unit_code: str
    detail: str
    user_name: str
    at: datetime = field(default_factory=utcnow)
    id: int = 0
    prev_hash: str = ""


_COLUMNS = ("id", "at", "user_name", "action", "table_name", "row_id", "unit_code", "detail",
            "prev_hash", "entry_hash")


def _append(conn: Connection, entries: Sequence[_Entry]) -> None:
    """Write ``entries`` after the newest one, chained, and move the head in the settings."""
    if not entries:
        return
    table = cast(Table, AuditEntry.__table__)
    last = conn.execute(select(table.c.id, table.c.entry_hash)
                        .order_by(table.c.id.desc()).limit(1)).first()
    last_id, prev = (last[0], last[1]) if last else (0, "")
    stamps: dict[Any, str] = {}  # an import's thousands of entries share one moment
    rows = []
    for i, e in enumerate(entries, start=1):
        e.id, e.prev_hash = last_id + i, prev
        at = stamps.get(e.at)
        if at is None:
            at = stamps[e.at] = e.at if isinstance(e.at, str) else _stamp(e.at)
        prev = entry_hash(e, at)
        rows.append((e.id, e.at, e.user_name, e.action, e.table_name, e.row_id, e.unit_code,
                     e.detail, e.prev_hash, prev))
    if len(rows) > 100:  # an import's thousands of entries: straight to the driver
        from app.services.bulk_insert import insert_tuples

        insert_tuples(conn, table, _COLUMNS, rows)
    else:
        conn.execute(insert(table), [dict(zip(_COLUMNS, row, strict=True)) for row in rows])
    conn.execute(text("INSERT INTO settings (key, value) VALUES (:k, :v) "
                      "ON CONFLICT(key) DO UPDATE SET value = excluded.value"),
                 {"k": HEAD_KEY, "v": f"{entries[-1].id}:{prev}"})


# --- catching every change ------------------------------------------------------------------


def _unit_of(obj: Any, session: Session) -> str:
    for attr in ("owner_unit_code", "unit_code"):
        value = getattr(obj, attr, None)
        if isinstance(value, str) and value:
            return value
    actor = current_actor(session)
    return (actor.unit_code or "") if actor else ""


_KEYS: dict[Any, list[str]] = {}


def _keys(mapper: Any) -> list[str]:
    """The mapper's column attributes worth recording (computed once per class)."""
    if mapper not in _KEYS:
        _KEYS[mapper] = [a.key for a in mapper.column_attrs if a.key not in SKIP_FIELDS]
    return _KEYS[mapper]


def _changes(obj: Any, kind: str) -> dict[str, list[Any]]:
    state = inspect(obj)
    out: dict[str, list[Any]] = {}
    values = state.dict
    for key in _keys(state.mapper):
        if kind == Action.CREATE:
            value = values.get(key)
            if value is None:
                continue
            if key in HIDDEN_FIELDS:
                out[key] = [None, "***"]
            else:
                out[key] = [None, _plain(value)]
            continue
        if kind == Action.DELETE:
            if key not in values:
                continue
            before, after = values[key], None
        else:
            hist = state.attrs[key].history
            if not hist.has_changes():
                continue
            before = hist.deleted[0] if hist.deleted else None
            after = hist.added[0] if hist.added else None
            if before == after:
                continue
        if key in HIDDEN_FIELDS:
            out[key] = ["***" if before else None, "***" if after else None]
        else:
            out[key] = [_plain(before), _plain(after)]
    return out


def _row_id(obj: Any) -> str:
    pk = inspect(obj).mapper.primary_key_from_instance(obj)
    return ",".join("" if v is None else str(v) for v in pk)


_STASH = "dhtt_audit_stash"


def _find(session: Session, table: str, row_id: str) -> Any:
    """The row ``row_id`` of ``table`` if this session holds it (no SQL)."""
    from app.models import Base

    for mapper in Base.registry.mappers:
        if getattr(mapper.local_table, "name", None) == table:
            key = mapper.identity_key_from_primary_key((row_id,))
            return session.identity_map.get(key)
    return None


def _before_flush(session: Session, _flush_context: object, _instances: object) -> None:
    """Entries a service adds itself (``session.add(AuditEntry(...))``: "award withdrawn",
    with its reason) are taken out of the flush and chained after the row changes."""
    own = [obj for obj in session.new if isinstance(obj, AuditEntry)]
    if not own:
        return
    stash = session.info.setdefault(_STASH, [])
    for obj in own:
        session.expunge(obj)
        row = _find(session, obj.table_name or "", obj.row_id or "")
        unit = obj.unit_code or (_unit_of(row, session) if row is not None else "")
        stash.append(_Entry(obj.action, obj.table_name or "", obj.row_id or "", unit,
                            obj.detail or "", obj.user_name or actor_name(session),
                            obj.at or utcnow()))
    pending = session.new or session.deleted or any(
        session.is_modified(o) for o in session.dirty)
    if not pending:  # nothing else to flush: after_flush will not run
        _append(session.connection(), session.info.pop(_STASH))


def _after_flush(session: Session, _flush_context: object) -> None:
    stash = session.info.pop(_STASH, [])
    if session.info.get(AUDIT_OFF):
        return
    user = actor_name(session)
    entries: list[_Entry] = []
    for kind, objects in ((Action.CREATE, session.new), (Action.UPDATE, session.dirty),
                          (Action.DELETE, session.deleted)):
        for obj in objects:
            table = inspect(obj).mapper.local_table.name
            if table in SKIP_TABLES or (isinstance(obj, Setting) and obj.key == HEAD_KEY):
                continue
            changes = _changes(obj, kind)
            if kind == Action.UPDATE and not changes:
                continue
            action = kind
            if kind == Action.UPDATE:
                if changes.get("deleted", [None, None])[1] is True:
                    action = Action.DELETE
                elif "status" in changes:
                    action = Action.STATUS
            entries.append(_Entry(action, table, _row_id(obj), _unit_of(obj, session),
                                  json.dumps(changes, ensure_ascii=False, sort_keys=True),
                                  user))
    _append(session.connection(), entries + stash)


def _after_transaction_end(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is not None:
        return
    session.info.pop(_STASH, None)  # entries of a rolled-back change
    if not session.info.get(DENIALS_KEY):
        return
    denials = session.info.pop(DENIALS_KEY)
    actor = current_actor(session)
    bind = session.get_bind()
    entries = [_Entry(Action.DENIED, "", "", (actor.unit_code or "") if actor else "",
                      json.dumps({"message": m}, ensure_ascii=False), actor_name(session))
               for m in denials]
    with bind.connect() as conn, conn.begin():  # type: ignore[union-attr]
        _append(conn, entries)


event.listen(Session, "before_flush", _before_flush)
event.listen(Session, "after_flush", _after_flush)
event.listen(Session, "after_transaction_end", _after_transaction_end)


def record(session: Session, action: str, *, table_name: str = "", row_id: str = "",
           unit_code: str = "", detail: dict[str, Any] | None = None,
           user_name: str | None = None) -> None:
    """Write one entry that is not a row change (a login, a backup) in this transaction."""
    session.flush()
    _append(session.connection(), [_Entry(
        action, table_name, row_id, unit_code,
        json.dumps(detail or {}, ensure_ascii=False, sort_keys=True),
        actor_name(session) if user_name is None else user_name)])


# --- checking the chain -----------------------------------------------------------------------


@dataclass
class ChainCheck:
    """What :func:`verify` found."""

    entries: int
    broken_at: int | None = None  # the id of the first entry that does not fit
    problem: str = ""  # a Vietnamese sentence

    @property
    def whole(self) -> bool:
        return self.broken_at is None

    def as_json(self) -> dict[str, Any]:
        return {"whole": self.whole, "entries": self.entries, "broken_at": self.broken_at,
                "problem": self.problem}


def verify(conn: Connection | Session) -> ChainCheck:
    """Walk the chain from the first entry; say from which entry it breaks, if it does."""
    table = AuditEntry.__table__
    rows = conn.execute(select(table).order_by(table.c.id))
    prev, count, last_id = "", 0, 0
    for row in rows:
        count += 1
        if row.prev_hash != prev:
            return ChainCheck(count, row.id, _(
                "Entry {id} does not follow the entry before it: an entry was deleted or the "
                "entries were reordered.").format(id=row.id))
        if entry_hash(row) != row.entry_hash:
            return ChainCheck(count, row.id, _(
                "Entry {id} was changed after it was written.").format(id=row.id))
        prev, last_id = row.entry_hash, row.id
    head = conn.execute(select(Setting.value).where(Setting.key == HEAD_KEY)).scalar()
    expected = f"{last_id}:{prev}" if count else None
    if head != expected and not (head is None and count == 0):
        if head and count and head.split(":")[0].isdigit() and int(head.split(":")[0]) > last_id:
            return ChainCheck(count, last_id + 1, _(
                "The newest entries (from entry {id} on) were removed.").format(id=last_id + 1))
        return ChainCheck(count, last_id or 1, _(
            "The head of the trail kept in the settings does not match its last entry "
            "({id}).").format(id=last_id))
    return ChainCheck(count)


def head(session: Session) -> str:
    """The chain's head (``id:hash``) to carry in an exported package."""
    return session.scalar(select(Setting.value).where(Setting.key == HEAD_KEY)) or ""


# --- reading the trail ------------------------------------------------------------------------


@dataclass
class AuditFilter:
    """What the viewer asks for; empty fields do not filter."""

    user_name: str = ""
    record_id: str = ""  # a record and the rows that refer to it
    table_name: str = ""
    action: str = ""
    date_from: date | None = None
    date_to: date | None = None


@dataclass
class AuditLine:
    """One entry as the viewer and ``audit list`` show it."""

    id: int
    at: datetime
    user_name: str
    action: str
    table_name: str
    row_id: str
    unit_code: str
    changes: dict[str, Any]
    record: str = ""  # which record, as a person names it (filled by list_entries)

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "at": self.at.isoformat(sep=" ", timespec="seconds"),
                "user": self.user_name, "action": self.action, "table": self.table_name,
                "record": self.row_id, "record_name": self.record, "unit": self.unit_code,
                "changes": self.changes}

    def summary(self) -> str:
        """The changed fields as ``field: before → after``, in Vietnamese."""
        from app.services.audit_display import describe

        return describe(self)

    def raw_summary(self) -> str:
        """The changed fields with their stored names and values."""
        parts = []
        for key, value in self.changes.items():
            if isinstance(value, list) and len(value) == 2:
                before, after = ("" if v is None else str(v) for v in value)
                parts.append(f"{key}: {before} → {after}" if before else f"{key}: {after}")
            else:
                parts.append(f"{key}: {value}")
        return "; ".join(parts)


def list_entries(session: Session, f: AuditFilter, *, limit: int | None = 1000,
                 offset: int = 0) -> list[AuditLine]:
    """Entries matching ``f``, newest first, within the acting account's scope."""
    t = AuditEntry
    stmt = select(t).order_by(t.id.desc())
    scope = unit_filter(session, t.unit_code)
    if scope is not None:
        stmt = stmt.where(scope)
    if f.user_name:
        stmt = stmt.where(t.user_name == f.user_name)
    if f.record_id:
        stmt = stmt.where(or_(t.row_id == f.record_id, t.detail.contains(f.record_id)))
    if f.table_name:
        stmt = stmt.where(t.table_name == f.table_name)
    if f.action:
        stmt = stmt.where(t.action == f.action)
    if f.date_from:
        stmt = stmt.where(t.at >= datetime.combine(f.date_from, datetime.min.time()))
    if f.date_to:
        stmt = stmt.where(func.date(t.at) <= f.date_to.isoformat())
    stmt = stmt.offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    from app.services.audit_display import record_labels

    lines = [AuditLine(e.id, e.at, e.user_name, e.action, e.table_name, e.row_id, e.unit_code,
                       _loads(e.detail)) for e in session.scalars(stmt)]
    record_labels(session, lines)
    return lines


def _loads(detail: str) -> dict[str, Any]:
    try:
        value = json.loads(detail) if detail else {}
    except ValueError:
        return {"detail": detail}
    return value if isinstance(value, dict) else {"detail": value}


def user_names(session: Session) -> list[str]:
    """Account names that appear in the trail (for the viewer's filter)."""
    return [n for n in session.scalars(select(AuditEntry.user_name).distinct()
                                       .order_by(AuditEntry.user_name)) if n]


def export_rows(lines: Iterable[AuditLine]) -> list[list[Any]]:
    """Rows for the Excel export of the filtered trail (header first)."""
    out: list[list[Any]] = [[_("No."), _("Time"), _("Account"), _("Change"), _("Record kind"),
                             _("Record"), _("Unit"), _("Changed fields")]]
    for line in lines:
        out.append([line.id, line.at.strftime("%d/%m/%Y %H:%M:%S"), line.user_name,
                    action_label(line.action), table_label(line.table_name),
                    line.record or line.row_id, line.unit_code, line.summary()])
    return out


def export_trail(session: Session, path: Any, f: AuditFilter) -> int:
    """Write the filtered trail to an Excel file (whole or not at all); the row count."""
    from pathlib import Path

    from app.services.excel import _write_whole
    from app.services.xlsx_writer import write_table

    rows = export_rows(list_entries(session, f, limit=None))
    _write_whole(Path(path), lambda tmp: write_table(
        tmp, _("Audit trail"), rows[0], rows[1:], [8, 20, 16, 16, 18, 38, 10, 80]))
    return len(rows) - 1


def record_created(session: Session, rows: Sequence[tuple[str, dict[str, Any]]]) -> None:
    """The entries ``after_flush`` would write for rows a bulk writer inserted without the
    ORM (an Excel import of thousands of rows): ``rows`` are (table, every column's value
    as inserted), in the order they were inserted."""
    if session.info.get(AUDIT_OFF) or not rows:
        return
    user = actor_name(session)
    actor = current_actor(session)
    fallback = (actor.unit_code or "") if actor else ""
    at = utcnow()  # one moment for the whole batch, as it is one change
    entries = []
    simple = _SIMPLE
    keys_of: dict[tuple[str, ...], list[str]] = {}  # the recorded columns, per set of columns
    for table, values in rows:
        shape = tuple(values)
        keys = keys_of.get(shape)
        if keys is None:
            keys = keys_of[shape] = [k for k in shape if k not in SKIP_FIELDS]
        changes = {key: ([None, "***"] if key in HIDDEN_FIELDS else
                         [None, value if type(value) in simple else _plain(value)])
                   for key in keys if (value := values[key]) is not None}
        unit = next((v for v in (values.get("owner_unit_code"), values.get("unit_code"))
                     if isinstance(v, str) and v), fallback)
        entries.append(_Entry(Action.CREATE, table, str(values["id"]), unit,
                              _detail_json(changes), user, at))
    _append(session.connection(), entries)
