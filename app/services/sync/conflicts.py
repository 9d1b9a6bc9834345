"""Conflicts and proposals: listed side by side, settled by a person.

Settling keeps this office's side, the incoming side, or a field-by-field merge. The
result is a new version of the row based on the incoming version, so it applies at the
other office in the next package; both sides stay in the conflict row as history.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import InputError
from app.i18n import N_
from app.models import SyncConflict
from app.models.base import RAW_VERSIONS, next_change_seq, utcnow
from app.services.access import actor_name, require_unit
from app.services.sync import keys
from app.services.sync.tables import data_columns, from_json, travelling_tables


@dataclass
class FieldDiff:
    """One field of a conflict: both values and whether they differ."""

    name: str
    local: Any
    incoming: Any

    @property
    def differs(self) -> bool:
        return self.local != self.incoming


@dataclass
class ConflictView:
    """A conflict as listed and shown side by side."""

    id: str
    kind: str
    table: str
    row_id: str
    sender: str
    created_at: datetime
    local_changed: str
    incoming_changed: str
    local_site: str
    incoming_site: str
    fields: list[FieldDiff]
    label: str = ""  # what the record is called (a name, a title), for the list
    settled_at: datetime | None = None
    resolution: str = ""
    settled_by: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "kind": self.kind, "table": self.table, "row_id": self.row_id,
            "label": self.label, "sender": self.sender, "created_at": self.created_at.isoformat(),
            "local_changed": self.local_changed, "incoming_changed": self.incoming_changed,
            "fields": [{"name": f.name, "local": f.local, "incoming": f.incoming}
                       for f in self.fields if f.differs],
            "settled_at": self.settled_at.isoformat() if self.settled_at else None,
            "resolution": self.resolution,
        }


def _view(c: SyncConflict) -> ConflictView:
    local = json.loads(c.local_values or "{}")
    incoming = json.loads(c.incoming_values or "{}")
    table = travelling_tables().get(c.table_name)
    names = data_columns(table) if table is not None else sorted(set(local) | set(incoming))
    fields = [FieldDiff(n, _shown(local.get(n)), _shown(incoming.get(n))) for n in names
              if (n in local or n in incoming) and n not in DERIVED]
    return ConflictView(c.id, c.kind, c.table_name, c.row_id, c.sender_unit, c.created_at,
                        str(local.get("updated_at") or ""), str(incoming.get("updated_at") or ""),
                        str(local.get("version_site") or ""), str(incoming.get("version_site") or ""),
                        fields, _record_label(incoming or local, c.row_id), c.settled_at,
                        c.resolution, c.settled_by)


def _record_label(values: dict, row_id: str) -> str:
    for name in ("display_name", "name", "title", "number", "recipient_name", "file_name",
                 "code"):
        if values.get(name):
            return str(values[name])
    return row_id[:8]


# Columns computed from the name: they follow the choice made for the name.
DERIVED = {"sort_key": "display_name", "name_search": "display_name"}


def _shown(value: Any) -> Any:
    if isinstance(value, dict) and "file" in value:
        return f"sha256:{str(value['file'])[:12]}"
    return value


def list_conflicts(session: Session, *, open_only: bool = True) -> list[ConflictView]:
    query = select(SyncConflict).order_by(SyncConflict.created_at, SyncConflict.table_name)
    if open_only:
        query = query.where(SyncConflict.settled_at.is_(None))
    return [_view(c) for c in session.scalars(query)]


def settle(session: Session, conflict_id: str, keep: str,
           choices: dict[str, str] | None = None) -> ConflictView:
    """Settle a conflict: ``keep`` is "local", "incoming" or "merge" (then ``choices`` maps
    each differing field to "local" or "incoming")."""
    conflict = session.get(SyncConflict, conflict_id)
    if conflict is None or conflict.settled_at is not None:
        raise InputError(N_("This conflict was already settled."))
    if keep not in ("local", "incoming", "merge"):
        raise InputError(N_("Choose which side to keep."))
    table = travelling_tables()[conflict.table_name]
    me = keys.ensure_identity(session)
    require_unit(session, me.unit_code, write=True)
    local_json = json.loads(conflict.local_values or "{}")
    incoming_json = json.loads(conflict.incoming_values)
    conn = session.connection()
    current = conn.execute(select(table).where(table.c.id == conflict.row_id)).mappings().first()
    values: dict[str, Any] = {}
    if keep == "incoming" or (keep == "local" and current is None):
        source = {**incoming_json}
        if keep == "local":
            source["deleted"] = True  # a proposed new record refused: kept as deleted
    elif keep == "local":
        source = {**incoming_json, **{k: v for k, v in local_json.items()}}
    else:
        choices = choices or {}
        source = {**incoming_json}
        for name in data_columns(table):
            choice = choices.get(DERIVED.get(name, name), "incoming")
            if choice == "local" and name in local_json:
                source[name] = local_json[name]
    files: dict[str, bytes] = {}
    values = from_json(table, source, files)
    if keep == "local" and current is not None:
        values.update({k: current[k] for k in data_columns(table) if k in current})
    incoming_version = int(incoming_json.get("row_version") or 0)
    local_version = int(current["row_version"]) if current is not None else 0
    session.info[RAW_VERSIONS] = True
    try:
        _site, seq = next_change_seq(conn, 1)
        values.update(row_version=max(incoming_version, local_version) + 1,
                      version_site=me.site_id, base_version=incoming_version,
                      base_site=str(incoming_json.get("version_site") or ""),
                      change_seq=seq, updated_at=utcnow())
        if current is None:
            conn.execute(table.insert().values(values))
        else:
            values.pop("id", None)
            conn.execute(table.update().where(table.c.id == conflict.row_id).values(values))
    finally:
        session.info.pop(RAW_VERSIONS, None)
    conflict.settled_at = utcnow()
    conflict.settled_by = actor_name(session)
    conflict.resolution = keep
    conflict.merged_values = json.dumps({k: _shown(v) if isinstance(v, dict) else v
                                         for k, v in source.items()}, ensure_ascii=False,
                                        default=str)
    session.flush()
    return _view(conflict)
