"""Sync between offices: this installation's identity and keys, the offices whose keys are
enrolled, the log of packages sent and received, the waiting queue and the conflicts.

None of these rows travel (they are this installation's own book-keeping), so they carry
no :class:`~app.models.base.SyncMixin` columns.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, new_uuid, utcnow


class SyncInstallation(Base):
    """This installation (one row, ``id`` 1): its id, unit, keys and change counter.

    ``site_id`` names this installation in row versions; it is empty until the keys are
    made (the first time sync is used). ``change_seq`` is the last local change number
    handed out (see ``SyncMixin.change_seq``).
    """

    __tablename__ = "sync_installation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[str] = mapped_column(String(36), nullable=False, default="")
    unit_code: Mapped[str | None] = mapped_column(String(20))
    key_id: Mapped[str | None] = mapped_column(String(32))
    sign_private: Mapped[bytes | None] = mapped_column(LargeBinary)  # Ed25519, raw 32 bytes
    box_private: Mapped[bytes | None] = mapped_column(LargeBinary)  # X25519, raw 32 bytes
    change_seq: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class SyncOffice(Base):
    """An office's public keys as enrolled here after comparing the fingerprint.

    A replaced key keeps its row with ``revoked_at`` and the reason; packages signed with
    a revoked key are refused.
    """

    __tablename__ = "sync_offices"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    unit_code: Mapped[str] = mapped_column(String(20), nullable=False, index=True)
    site_id: Mapped[str] = mapped_column(String(36), nullable=False, default="")
    key_id: Mapped[str] = mapped_column(String(32), nullable=False, index=True)
    sign_public: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    box_public: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    fingerprint: Mapped[str] = mapped_column(String(40), nullable=False)
    enrolled_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    enrolled_by: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    replaced_by: Mapped[str | None] = mapped_column(String(36))


class SyncPackageLog(Base):
    """A package sent (``direction`` "out") or imported ("in"): the import log.

    ``sequence`` counts the packages of one sender→recipient pair; ``manifest_hash`` is
    the hash the next package of the pair names as its predecessor. For packages sent,
    ``change_high`` is the last local change number it holds, so an acknowledgement of
    the package tells which changes the recipient has.
    """

    __tablename__ = "sync_packages"
    __table_args__ = (
        UniqueConstraint("direction", "package_id"),
        Index("ix_sync_packages_pair", "direction", "sender_unit", "recipient_unit", "sequence"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    package_id: Mapped[str] = mapped_column(String(36), nullable=False)
    direction: Mapped[str] = mapped_column(String(3), nullable=False)  # "in" / "out"
    kind: Mapped[str] = mapped_column(String(10), nullable=False)  # "up" / "down"
    sender_unit: Mapped[str] = mapped_column(String(20), nullable=False)
    recipient_unit: Mapped[str] = mapped_column(String(20), nullable=False)
    key_id: Mapped[str] = mapped_column(String(32), nullable=False, default="")
    sequence: Mapped[int] = mapped_column(Integer, nullable=False)
    prev_hash: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    manifest_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    file_hash: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    file_name: Mapped[str] = mapped_column(String(260), nullable=False, default="")
    created_at: Mapped[datetime | None] = mapped_column(DateTime)  # the sender's clock
    processed_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    user_name: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    full: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    change_high: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    acked_sequence: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    acknowledged: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    forced: Mapped[int] = mapped_column(Integer, nullable=False, default=0)  # applied over a gap
    counts: Mapped[str] = mapped_column(Text, nullable=False, default="{}")  # JSON per table
    # The sender's audit trail head ("id:hash") when the package was made, and (for a
    # package in) whether it continues the head of the pair's previous package: "ok",
    # "first", "broken" or "" (not known: an older program, or a gap given up).
    audit_head: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    audit_check: Mapped[str] = mapped_column(String(10), nullable=False, default="")
    # Live records per table of the lower office's units, as the sender declared them
    # (JSON) and as this office held them once the package was applied (for a package in).
    held_declared: Mapped[str] = mapped_column(Text, nullable=False, default="{}")
    held_here: Mapped[str] = mapped_column(Text, nullable=False, default="{}")


class SyncHeld(Base):
    """A package waiting for its predecessor (the visible queue), kept as the encrypted
    file it came in."""

    __tablename__ = "sync_held"

    package_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    sender_unit: Mapped[str] = mapped_column(String(20), nullable=False)
    sequence: Mapped[int] = mapped_column(Integer, nullable=False)
    missing_sequence: Mapped[int] = mapped_column(Integer, nullable=False)
    file_name: Mapped[str] = mapped_column(String(260), nullable=False, default="")
    file_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    content: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    received_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class SyncConflict(Base):
    """A change that could not be applied as it came: both versions side by side.

    ``kind`` is "conflict" (both sides changed the row since a common version) or
    "proposal" (the level above changed a record this office owns). Settling keeps one
    side or a field-by-field merge; both sides stay here as history.
    """

    __tablename__ = "sync_conflicts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    kind: Mapped[str] = mapped_column(String(12), nullable=False, default="conflict")
    table_name: Mapped[str] = mapped_column(String(60), nullable=False)
    row_id: Mapped[str] = mapped_column(String(36), nullable=False, index=True)
    package_id: Mapped[str] = mapped_column(String(36), nullable=False)
    sender_unit: Mapped[str] = mapped_column(String(20), nullable=False)
    local_values: Mapped[str] = mapped_column(Text, nullable=False)  # JSON of the row here
    incoming_values: Mapped[str] = mapped_column(Text, nullable=False)  # JSON of the row sent
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    settled_at: Mapped[datetime | None] = mapped_column(DateTime)
    settled_by: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    resolution: Mapped[str] = mapped_column(String(12), nullable=False, default="")
    merged_values: Mapped[str] = mapped_column(Text, nullable=False, default="")
