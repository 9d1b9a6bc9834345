"""Users, the audit trail and local settings of this installation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, SyncMixin, utcnow


class User(SyncMixin, Base):
    """A local account: who works in the program, in which role, for which unit.

    The password is kept only as a memory-hard derived key (``scrypt$n$r$p$salt$key``);
    ``failed_logins`` counts wrong passwords in a row and ``locked_until`` stops guessing
    for a while after too many of them.
    """

    __tablename__ = "users"

    username: Mapped[str] = mapped_column(String(60), unique=True, nullable=False)
    full_name: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    role: Mapped[str] = mapped_column(String(30), nullable=False, default="commune_staff")
    unit_code: Mapped[str | None] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False, default="")
    failed_logins: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    disabled: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)


class AuditEntry(Base):
    """What was changed, by whom, when. Append-only and hash-chained.

    ``detail`` holds the changed fields as JSON (``{"field": [before, after]}``);
    ``entry_hash`` is the SHA-256 of ``prev_hash`` and this entry's contents, so editing,
    deleting or reordering entries breaks the chain (see ``app.services.audit``).
    """

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_record", "table_name", "row_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow, index=True)
    user_name: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    action: Mapped[str] = mapped_column(String(40), nullable=False)
    table_name: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    row_id: Mapped[str] = mapped_column(String(36), nullable=False, default="")
    detail: Mapped[str] = mapped_column(Text, nullable=False, default="")
    unit_code: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    prev_hash: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    entry_hash: Mapped[str] = mapped_column(String(64), nullable=False, default="")


class Setting(Base):
    """A setting of this installation (office unit, printer offsets, …). Never synced."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False, default="")
