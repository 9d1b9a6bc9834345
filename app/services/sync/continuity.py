"""What a package tells about its sender beyond its rows: the head of the sender's audit
trail (so the receiver sees that the trail goes on from where the previous package left
it), and how many live records of the lower office's units the sender holds per table (so
the receiver sees when its copy has silently drifted from the sender's).

Manifest fields (signed with the rest of the manifest; a package of an older program has
none of them, and its checks are then "not known"):

``audit_head``     the sender's trail head ``id:hash`` when the package was made;
``audit_since``    ``id:hash`` of the entry that was the head in the previous package of
                   the pair, as the sender's trail holds it now (a trail rewritten, cut
                   or restored from an old copy since then gives another hash);
``held_scope``     the lower office of the pair (the sender going up, the recipient
                   going down);
``held_counts``    live rows per table whose owning unit is that office or a unit below.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import bindparam, func, literal, literal_column, select, union_all
from sqlalchemy.orm import Session

from app.models import AuditEntry, SyncPackageLog
from app.services import audit
from app.services.sync.route import subtree
from app.services.sync.tables import travelling_tables

OK, FIRST, BROKEN, UNKNOWN = "ok", "first", "broken", ""


def held_counts(session: Session, scope: str) -> dict[str, int]:
    """Live rows per travelling table owned by ``scope`` or a unit below it (tables with
    none left out)."""
    codes = json.dumps(sorted(subtree(session, scope)))
    units = select(literal_column("value")).select_from(
        func.json_each(bindparam("codes"))).scalar_subquery()
    parts = [select(literal(name).label("t"), func.count().label("n")).select_from(table).where(
        table.c.owner_unit_code.in_(units), table.c.deleted.is_(False))
        for name, table in travelling_tables().items()]
    rows = session.connection().execute(union_all(*parts), {"codes": codes}).all()
    return {str(name): int(n) for name, n in rows if n}


def manifest_fields(session: Session, kind: str, me: str, recipient: str,
                    previous: SyncPackageLog | None) -> dict[str, Any]:
    """The fields an exported package carries (see the module text)."""
    since = ""
    if previous is not None and previous.audit_head:
        entry_id = previous.audit_head.split(":", 1)[0]
        current = session.scalar(select(AuditEntry.entry_hash).where(
            AuditEntry.id == int(entry_id))) if entry_id.isdigit() else None
        since = f"{entry_id}:{current or ''}"
    scope = me if kind == "up" else recipient
    return {"audit_head": audit.head(session), "audit_since": since,
            "held_scope": scope, "held_counts": held_counts(session, scope)}


def valid(manifest: dict) -> bool:
    """Whether the optional fields, where present, have their types."""
    for name in ("audit_head", "audit_since", "held_scope"):
        if name in manifest and not isinstance(manifest[name], str):
            return False
    counts = manifest.get("held_counts", {})
    return isinstance(counts, dict) and all(
        isinstance(k, str) and type(v) is int for k, v in counts.items())


def _entry_id(head: str) -> int:
    first = head.split(":", 1)[0]
    return int(first) if first.isdigit() else -1


def audit_check(manifest: dict, sequence: int, predecessor: SyncPackageLog | None) -> str:
    """Whether the sender's trail continues the head its previous package of the pair
    carried: OK, FIRST (the pair's first package), BROKEN, or UNKNOWN."""
    head = manifest.get("audit_head") or ""
    if not head:
        return UNKNOWN
    if sequence == 1:
        return FIRST
    if predecessor is None or not predecessor.audit_head:
        return UNKNOWN  # a gap given up, or a predecessor made by an older program
    since = manifest.get("audit_since") or ""
    if since == predecessor.audit_head and _entry_id(head) >= _entry_id(since):
        return OK
    return BROKEN


def expected_scope(kind: str, sender: str, me: str) -> str:
    return sender if kind == "up" else me


def drift(declared: str, here: str) -> dict[str, dict[str, int]]:
    """Per table where they differ: what the sender declared and what is held here."""
    try:
        a, b = json.loads(declared or "{}"), json.loads(here or "{}")
    except ValueError:
        return {}
    if not a and not b:
        return {}
    return {name: {"declared": int(a.get(name, 0)), "here": int(b.get(name, 0))}
            for name in sorted(set(a) | set(b)) if a.get(name, 0) != b.get(name, 0)}
