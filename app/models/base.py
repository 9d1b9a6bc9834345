"""Declarative base and the columns every travelling row carries."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import Boolean, DateTime, MetaData, String, event
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

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
    """Columns of a row that travels in a sync package (commune → district → province).

    A UUID key so rows made in different offices never collide, timestamps for
    last-writer-wins merging, the administrative unit that owns the row, and a deletion
    marker instead of a real DELETE so deletions travel too.
    """

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, default=utcnow, onupdate=utcnow, nullable=False, index=True
    )
    owner_unit_code: Mapped[str | None] = mapped_column(String(20), index=True)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)


@event.listens_for(SyncMixin, "before_update", propagate=True)
def _touch(mapper, connection, target) -> None:  # noqa: ANN001 - SQLAlchemy signature
    target.updated_at = utcnow()
