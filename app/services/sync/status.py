"""What the Đồng bộ tab and ``dhtt sync status`` show: offices, unsent changes, history,
the waiting queue, open conflicts, and the warning on exit."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import InputError
from app.models import Setting, SyncConflict, SyncHeld, SyncPackageLog
from app.models.base import utcnow
from app.services.sync import continuity, keys
from app.services.sync.export import acknowledged_change
from app.services.sync.route import default_recipient
from app.services.sync.tables import seeded_clause, travelling_tables

WARN_DAYS_KEY = "sync_warn_days"
DEFAULT_WARN_DAYS = 7


@dataclass
class OfficeStatus:
    unit_code: str
    unit_name: str
    fingerprint: str
    key_id: str
    enrolled_at: datetime
    revoked_at: datetime | None
    revoked_reason: str
    last_in: datetime | None = None
    last_in_sequence: int = 0
    last_out: datetime | None = None
    last_out_sequence: int = 0
    # The sender's audit trail: the head its last package carried, whether that package
    # continued the one before ("ok", "first", "broken", "" not known), and every package
    # of this office whose trail did not continue the previous one.
    audit_head: str = ""
    audit_check: str = ""
    audit_breaks: list[int] = field(default_factory=list)
    # Per table where they differ, at the last package from this office that declared its
    # counts: live records of the lower office's units the sender held and this office held.
    drift: dict[str, dict[str, int]] = field(default_factory=dict)


@dataclass
class HistoryEntry:
    direction: str
    package_id: str
    sender: str
    recipient: str
    sequence: int
    at: datetime
    user: str
    file_name: str
    file_hash: str
    rows: int
    forced: bool


@dataclass
class HeldEntry:
    package_id: str
    sender: str
    sender_name: str
    sequence: int
    missing_sequence: int
    received_at: datetime


@dataclass
class SyncStatus:
    unit_code: str
    fingerprint: str
    key_id: str
    recipient: str | None
    unsent: int
    last_export: datetime | None
    offices: list[OfficeStatus] = field(default_factory=list)
    history: list[HistoryEntry] = field(default_factory=list)
    held: list[HeldEntry] = field(default_factory=list)
    open_conflicts: int = 0
    audit_head: str = ""  # this office's own trail head, as its next package carries it
    # Each unit's name and official code, for the window (never an internal key such as
    # "23764-2025" on screen); not in the JSON, which keeps the keys.
    captions: dict[str, tuple[str, str]] = field(default_factory=dict)

    def official(self, code: str | None) -> str:
        """The official code of a unit key ("23764" for "23764-2025")."""
        if not code:
            return ""
        return self.captions.get(code, (code, code))[1]

    def name(self, code: str | None) -> str:
        if not code:
            return ""
        return self.captions.get(code, (code, code))[0]

    def to_json(self) -> dict[str, Any]:
        def iso(v: Any) -> Any:
            return v.isoformat() if isinstance(v, datetime) else v

        return {
            "unit": self.unit_code, "fingerprint": self.fingerprint, "key_id": self.key_id,
            "recipient": self.recipient, "unsent_changes": self.unsent,
            "last_export": iso(self.last_export), "open_conflicts": self.open_conflicts,
            "audit_head": self.audit_head,
            "offices_with_drift": [o.unit_code for o in self.offices if o.drift],
            "offices_with_audit_breaks": [o.unit_code for o in self.offices if o.audit_breaks],
            "offices": [{k: iso(v) for k, v in o.__dict__.items()} for o in self.offices],
            "history": [{k: iso(v) for k, v in h.__dict__.items()} for h in self.history],
            "held": [{k: iso(v) for k, v in h.__dict__.items()} for h in self.held],
        }


def unsent_changes(session: Session, recipient: str | None) -> int:
    """Rows changed here that the recipient has not confirmed holding. With no office above
    (the province): the changes made here that some enrolled office has not confirmed."""
    office = keys.active_office(session, recipient) if recipient else None
    own_site = ""
    if recipient:
        since = acknowledged_change(session, recipient)
    else:
        own_site = keys.ensure_identity(session).site_id
        since = min((acknowledged_change(session, o.unit_code) for o in keys.offices(session)
                     if o.revoked_at is None), default=0)
    total = 0
    for table in travelling_tables().values():
        query = select(func.count()).select_from(table).where(table.c.change_seq > since)
        if office is not None and office.site_id:
            query = query.where(table.c.version_site != office.site_id)
        if own_site:
            query = query.where(table.c.version_site == own_site)
        query = query.where(~seeded_clause(table))
        total += session.scalar(query) or 0
    return total


def _unit_names(session: Session) -> dict[str, str]:
    return {code: name for code, (name, _official) in _captions(session).items()}


def _captions(session: Session) -> dict[str, tuple[str, str]]:
    from app.models import AdminUnit

    return {u.code: (u.full_name, u.official_code or u.code) for u in session.scalars(
        select(AdminUnit).where(AdminUnit.level != "village"))}


def sync_status(session: Session, history_limit: int = 200) -> SyncStatus:
    me = keys.identity(session)
    try:
        recipient: str | None = default_recipient(session, me.unit_code)
    except InputError:
        recipient = None
    captions = _captions(session)
    names = {code: name for code, (name, _official) in captions.items()}
    last_export = session.scalar(select(func.max(SyncPackageLog.processed_at)).where(
        SyncPackageLog.direction == "out"))
    status = SyncStatus(me.unit_code, me.fingerprint, me.key_id, recipient,
                        unsent_changes(session, recipient), last_export, captions=captions)
    for office in keys.offices(session):
        entry = OfficeStatus(office.unit_code, names.get(office.unit_code, office.unit_code),
                             office.fingerprint, office.key_id, office.enrolled_at,
                             office.revoked_at, office.revoked_reason)
        last_in = session.scalars(select(SyncPackageLog).where(
            SyncPackageLog.direction == "in", SyncPackageLog.sender_unit == office.unit_code
        ).order_by(SyncPackageLog.processed_at.desc())).first()
        last_out = session.scalars(select(SyncPackageLog).where(
            SyncPackageLog.direction == "out", SyncPackageLog.recipient_unit == office.unit_code
        ).order_by(SyncPackageLog.processed_at.desc())).first()
        if last_in:
            entry.last_in, entry.last_in_sequence = last_in.processed_at, last_in.sequence
            entry.audit_head, entry.audit_check = last_in.audit_head, last_in.audit_check
        entry.audit_breaks = list(session.scalars(select(SyncPackageLog.sequence).where(
            SyncPackageLog.direction == "in", SyncPackageLog.sender_unit == office.unit_code,
            SyncPackageLog.audit_check == continuity.BROKEN).order_by(SyncPackageLog.sequence)))
        counted = session.scalars(select(SyncPackageLog).where(
            SyncPackageLog.direction == "in", SyncPackageLog.sender_unit == office.unit_code,
            SyncPackageLog.held_declared != "{}").order_by(
                SyncPackageLog.processed_at.desc(), SyncPackageLog.id.desc())).first()
        if counted is not None:
            entry.drift = continuity.drift(counted.held_declared, counted.held_here)
        if last_out:
            entry.last_out, entry.last_out_sequence = last_out.processed_at, last_out.sequence
        status.offices.append(entry)
    for p in session.scalars(select(SyncPackageLog).order_by(
            SyncPackageLog.processed_at.desc(), SyncPackageLog.id.desc()).limit(history_limit)):
        counts = json.loads(p.counts or "{}")
        rows = sum(v if isinstance(v, int) else sum(x for k, x in v.items() if k in (
            "new", "changed", "deleted")) for v in counts.values())
        status.history.append(HistoryEntry(p.direction, p.package_id, p.sender_unit,
                                           p.recipient_unit, p.sequence, p.processed_at,
                                           p.user_name, p.file_name, p.file_hash, rows,
                                           bool(p.forced)))
    for h in session.scalars(select(SyncHeld).order_by(SyncHeld.sender_unit, SyncHeld.sequence)):
        status.held.append(HeldEntry(h.package_id, h.sender_unit,
                                     names.get(h.sender_unit, h.sender_unit), h.sequence,
                                     h.missing_sequence, h.received_at))
    from app.services import audit

    status.audit_head = audit.head(session)
    status.open_conflicts = session.scalar(select(func.count()).select_from(SyncConflict).where(
        SyncConflict.settled_at.is_(None))) or 0
    return status


def warn_days(session: Session) -> int:
    row = session.get(Setting, WARN_DAYS_KEY)
    try:
        return max(0, int(row.value)) if row else DEFAULT_WARN_DAYS
    except ValueError:
        return DEFAULT_WARN_DAYS


def set_warn_days(session: Session, days: int) -> None:
    row = session.get(Setting, WARN_DAYS_KEY)
    if row is None:
        session.add(Setting(key=WARN_DAYS_KEY, value=str(days)))
    else:
        row.value = str(days)


def exit_warning(session: Session, now: datetime | None = None) -> tuple[int, int] | None:
    """(unsent changes, days since the last package) when changes have waited longer than
    the setting, else None. Nothing to warn about before sync was ever set up."""
    from app.models import SyncInstallation

    inst = session.get(SyncInstallation, 1)
    if inst is None or not inst.site_id:
        return None
    days = warn_days(session)
    if days <= 0:
        return None
    status_unit = inst.unit_code
    try:
        recipient = default_recipient(session, status_unit) if status_unit else None
    except InputError:
        recipient = None
    unsent = unsent_changes(session, recipient)
    if not unsent:
        return None
    last = session.scalar(select(func.max(SyncPackageLog.processed_at)).where(
        SyncPackageLog.direction == "out"))
    since = last or inst.created_at
    waited = ((now or utcnow()) - since)
    if waited < timedelta(days=days):
        return None
    return unsent, waited.days


def exit_warning_for(db) -> tuple[int, int] | None:  # noqa: ANN001 - a Database
    """:func:`exit_warning` on its own short read, for the window's close."""
    with db.session() as session:
        return exit_warning(session)
