"""Export: the rows changed since what the recipient has acknowledged, in one package.

A package going up holds every changed row (the office's database holds its own records
and the plan); a package going down holds the rows of the recipient's units and the rows
that belong to no unit (plan, criteria, schemes), never other communes' records.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import __version__
from app.errors import InputError
from app.i18n import N_
from app.models import AdminUnit, SyncInstallation, SyncPackageLog
from app.models.base import utcnow
from app.services.access import actor_name, require_unit
from app.services.sync import continuity, keys, package, sealing
from app.services.sync.route import default_recipient, kind_between, subtree
from app.services.sync.tables import is_upper, row_unit, seeded_clause, to_json, travelling_tables


@dataclass
class ExportResult:
    """A package written."""

    package_id: str
    path: Path
    recipient: str
    sequence: int
    kind: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def acknowledged_change(session: Session, recipient: str) -> int:
    """The last local change number the recipient has confirmed holding."""
    return session.scalar(select(func.max(SyncPackageLog.change_high)).where(
        SyncPackageLog.direction == "out", SyncPackageLog.recipient_unit == recipient,
        SyncPackageLog.acknowledged == 1, SyncPackageLog.full == 0)) or 0


def last_received(session: Session, sender: str, me: str) -> tuple[int, str]:
    """The highest sequence received from ``sender`` with every earlier one received too."""
    seqs = dict(session.execute(select(SyncPackageLog.sequence, SyncPackageLog.package_id).where(
        SyncPackageLog.direction == "in", SyncPackageLog.sender_unit == sender,
        SyncPackageLog.recipient_unit == me)).all())
    n = 0
    while n + 1 in seqs:
        n += 1
    forced = [s for s in seqs if s > n]
    # A package applied over a gap by choice counts: the gap was given up.
    for s in sorted(forced):
        if s == n + 1 or session.scalar(select(SyncPackageLog.forced).where(
                SyncPackageLog.direction == "in", SyncPackageLog.sender_unit == sender,
                SyncPackageLog.sequence == s)):
            n = s
    return n, seqs.get(n, "")


def pending_rows(session: Session, recipient: str, *, full: bool = False,
                 peer_site: str = "") -> dict[str, list[dict]]:
    """The rows a package to ``recipient`` would carry, per table (database values)."""
    me = keys.ensure_identity(session)
    assert me.unit_code
    since = 0 if full else acknowledged_change(session, recipient)
    down = kind_between(session, me.unit_code, recipient) == "down"
    allowed = subtree(session, recipient) if down else None
    conn = session.connection()
    above: set[str] = set()
    if allowed is not None:
        above = _ancestors(session, recipient)
        c = travelling_tables()["candidates"].c
        candidate_units = dict(conn.execute(select(c.id, c.unit_code).where(
            c.unit_code.in_(allowed))).all())
    out: dict[str, list[dict]] = {}
    for name, table in travelling_tables().items():
        query = select(table).where(table.c.change_seq > since)
        if peer_site and not full:
            query = query.where(table.c.version_site != peer_site)
        if not full:
            query = query.where(~seeded_clause(table))
        rows = []
        for row in conn.execute(query.order_by(table.c.change_seq)).mappings():
            if allowed is not None:
                # Down: only the recipient's own records and the plan-level rows, never
                # another commune's people.
                cid = row.get("candidate_id")
                unit = candidate_units.get(cid) if cid else row_unit(row)
                if unit is None:
                    if not is_upper(name):
                        continue
                elif unit not in allowed and not (is_upper(name) and unit in above):
                    continue
            rows.append(dict(row))
        if rows:
            out[name] = rows
    return out


def _ancestors(session: Session, code: str) -> set[str]:
    from app.services.units import parent_map

    parents = parent_map(session)
    out: set[str] = set()
    current = parents.get(code)
    while current and current not in out:
        out.add(current)
        current = parents.get(current)
    return out


def export_package(session: Session, out: Path, *, to: str | None = None, full: bool = False,
                   on: date | None = None, progress=None) -> ExportResult:  # noqa: ANN001
    """Write the next package for ``to`` (the office above by default) to ``out`` (a file,
    or a folder where the file is named with unit, date and sequence)."""
    me_row = keys.ensure_identity(session)
    me = keys.identity(session)
    require_unit(session, me.unit_code)
    recipient = to or default_recipient(session, me.unit_code, on)
    office = keys.active_office(session, recipient)
    if office is None:
        raise InputError(N_("The key of unit {unit} is not enrolled here. Ask that office for "
                            "its key file, compare the fingerprint by phone and enrol it."),
                         unit=recipient)
    last = session.scalars(select(SyncPackageLog).where(
        SyncPackageLog.direction == "out", SyncPackageLog.recipient_unit == recipient,
        SyncPackageLog.sender_unit == me.unit_code).order_by(SyncPackageLog.sequence.desc())
    ).first()
    sequence = (last.sequence if last else 0) + 1
    kind = kind_between(session, me.unit_code, recipient)
    rows_db = pending_rows(session, recipient, full=full, peer_site=office.site_id)
    files: dict[str, bytes] = {}
    rows = {name: [to_json(travelling_tables()[name], r, files) for r in items]
            for name, items in rows_db.items()}
    change_high = session.get(SyncInstallation, 1).change_seq  # type: ignore[union-attr]
    received_seq, received_id = last_received(session, recipient, me.unit_code)
    package_id = str(uuid.uuid4())
    now = utcnow()
    counts = {name: len(items) for name, items in rows.items()}
    manifest: dict = {
        "format": package.FORMAT, "schema": package.schema_version(),
        "program": __version__, "package_id": package_id, "kind": kind,
        "sender_unit": me.unit_code, "sender_site": me.site_id, "sender_key_id": me.key_id,
        "recipient_unit": recipient, "recipient_key_id": office.key_id, "sequence": sequence,
        "prev_hash": last.manifest_hash if last else "",
        "last_received": {"sequence": received_seq, "package_id": received_id},
        "created_at": now.isoformat(), "full": bool(full),
        "counts": counts,
    }
    manifest.update(continuity.manifest_fields(session, kind, me.unit_code, recipient, last))
    zip_bytes, manifest_bytes = package.build(manifest, rows, files,
                                              lambda data: keys.sign(session, data))
    sealed = sealing.seal(zip_bytes, office.box_public,
                          {"format": package.FORMAT, "recipient_unit": recipient,
                           "recipient_key_id": office.key_id})
    out = Path(out)
    if out.is_dir():
        # Named with the official codes staff know (23764, not the key "23764-2025").
        out = out / (f"{_official(session, me.unit_code)}-{_official(session, recipient)}"
                     f"-{now:%Y%m%d}-{sequence:04d}{package.EXTENSION}")
    session.add(SyncPackageLog(
        package_id=package_id, direction="out", kind=kind, sender_unit=me.unit_code,
        recipient_unit=recipient, key_id=me.key_id, sequence=sequence,
        prev_hash=manifest["prev_hash"], manifest_hash=hashlib.sha256(manifest_bytes).hexdigest(),
        file_hash=hashlib.sha256(sealed).hexdigest(), file_name=out.name, created_at=now,
        user_name=actor_name(session), full=int(full), change_high=change_high,
        acked_sequence=received_seq, counts=json.dumps(counts),
        audit_head=manifest["audit_head"], held_declared=json.dumps(manifest["held_counts"])))
    session.flush()
    package.atomic_write(out, sealed)  # last: a failed write rolls the log entry back
    del me_row
    return ExportResult(package_id, out, recipient, sequence, kind, counts)


def _official(session: Session, code: str) -> str:
    return session.scalar(select(AdminUnit.official_code).where(AdminUnit.code == code)) or code
