"""Declarative base and the columns every travelling row carries."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import Boolean, DateTime, Integer, MetaData, String, event
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def new_uuid() -> str:
    return str(uuid.uuid4())


class Base(DeclarativeBase):
    """Base of all ORM classes."""

    metadata = MetaData(naming_convention=NAMING)


class SyncMixin:
    """Columns of a row that travels in a sync package (commune → province and back).

    A UUID key so rows made in different offices never collide, timestamps, the
    administrative unit that owns the row, and a deletion marker instead of a real DELETE
    so deletions travel too.

    Versions, not clocks (office PCs have wrong clocks): ``row_version`` counts the
    changes of the row and ``version_site`` names the installation that made the last
    one; ``base_version``/``base_site`` is the version the current change was made on
    (the last version that came from elsewhere). An import applies a change only when
    the receiver's copy is that base (or an earlier version of the same installation);
    otherwise it is a conflict a person settles. ``change_seq`` is local: the position of
    the row's last change in this database, so an export takes what changed since the
    recipient's acknowledgement. Seeded rows are version 1 of no installation, the same
    everywhere.
    """

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, default=utcnow, onupdate=utcnow, nullable=False, index=True
    )
    owner_unit_code: Mapped[str | None] = mapped_column(String(20), index=True)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    row_version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")
    version_site: Mapped[str] = mapped_column(String(36), nullable=False, default="",
                                              server_default="")
    base_version: Mapped[int] = mapped_column(Integer, nullable=False, default=0,
                                              server_default="0")
    base_site: Mapped[str] = mapped_column(String(36), nullable=False, default="",
                                           server_default="")
    change_seq: Mapped[int] = mapped_column(Integer, nullable=False, default=0,
                                            server_default="0", index=True)


# Columns of the version scheme: they travel but are not data a person compares.
VERSION_COLUMNS = ("row_version", "version_site", "base_version", "base_site", "change_seq")
# Set on a session whose writer stamps versions itself (the package import, conflicts).
RAW_VERSIONS = "dhtt_raw_versions"


@event.listens_for(SyncMixin, "before_update", propagate=True)
def _touch(mapper, connection, target) -> None:  # noqa: ANN001 - SQLAlchemy signature
    target.updated_at = utcnow()


def next_change_seq(connection, count: int) -> tuple[str, int]:  # noqa: ANN001 - a Connection
    """Reserve ``count`` local change numbers: (this installation's id, the first number)."""
    row = connection.exec_driver_sql(
        "UPDATE sync_installation SET change_seq = change_seq + ? WHERE id = 1 "
        "RETURNING site_id, change_seq", (count,)).fetchone()
    if row is None:
        connection.exec_driver_sql(
            "INSERT INTO sync_installation (id, site_id, change_seq, created_at) "
            "VALUES (1, '', ?, ?)", (count, utcnow().isoformat(sep=" ")))
        return "", 1
    return str(row[0] or ""), int(row[1]) - count + 1


@event.listens_for(Session, "before_flush")
def _stamp_versions(session: Session, _context, _instances) -> None:  # noqa: ANN001
    """Give every new or changed travelling row its next version and change number."""
    if session.info.get(RAW_VERSIONS):
        return
    new = [o for o in session.new if isinstance(o, SyncMixin)]
    dirty = [o for o in session.dirty
             if isinstance(o, SyncMixin) and session.is_modified(o, include_collections=False)]
    if not new and not dirty:
        return
    site, seq = next_change_seq(session.connection(), len(new) + len(dirty))
    for obj in new:
        if obj.row_version is None:
            obj.row_version, obj.version_site = 1, site
            obj.base_version, obj.base_site = 0, ""
        obj.change_seq = seq
        seq += 1
    for obj in dirty:
        if (obj.version_site or "") != site:
            obj.base_version, obj.base_site = obj.row_version or 0, obj.version_site or ""
        obj.row_version = (obj.row_version or 0) + 1
        obj.version_site = site
        obj.change_seq = seq
        seq += 1
