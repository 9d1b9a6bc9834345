"""Decisions, awards and the award register (sổ vàng) with its never-reused numbers."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, SyncMixin


class AwardForm:
    """Forms and titles of commendation (Law 06/2022/QH15)."""

    GIAY_KHEN = "giay_khen"
    BANG_KHEN = "bang_khen"
    VILLAGE_TITLE = "thon_van_hoa"
    FAMILY_TITLE = "gia_dinh_van_hoa"
    OTHER = "khac"


class Decision(SyncMixin, Base):
    """A commendation decision: number, date, authority and signer."""

    __tablename__ = "decisions"

    number: Mapped[str] = mapped_column(String(60), nullable=False, index=True)  # "05/QĐ-UBND"
    signed_on: Mapped[date | None] = mapped_column(Date)
    authority_name: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    authority_key: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    signer_name: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    signer_title: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    signer_prefix: Mapped[str] = mapped_column(String(10), nullable=False, default="")  # TM., KT.
    place: Mapped[str] = mapped_column(String(80), nullable=False, default="Gia Lai")

    awards: Mapped[list[Award]] = relationship(back_populates="decision")


class Award(SyncMixin, Base):
    """One award to a candidate or a village, entered in the register of its authority."""

    __tablename__ = "awards"
    # A review's proposed and decided awards start from here, not from every candidate.
    __table_args__ = (Index("ix_awards_status_year", "status", "deleted", "year"),)

    decision_id: Mapped[str | None] = mapped_column(ForeignKey("decisions.id"), index=True)
    candidate_id: Mapped[str | None] = mapped_column(ForeignKey("candidates.id"), index=True)
    village_code: Mapped[str | None] = mapped_column(ForeignKey("admin_units.code"), index=True)
    form: Mapped[str] = mapped_column(String(30), nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    recipient_name: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    recipient_unit: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    achievement: Mapped[str] = mapped_column(Text, nullable=False, default="")
    year: Mapped[int] = mapped_column(Integer, nullable=False, index=True)
    register_number: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="proposed")

    decision: Mapped[Decision | None] = relationship(back_populates="awards")


class RegisterCounter(Base):
    """Last register number used per authority and year; numbers only go up.

    Local to the office that keeps the register, so it carries no sync columns.
    """

    __tablename__ = "register_counters"
    __table_args__ = (UniqueConstraint("authority_key", "year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    authority_key: Mapped[str] = mapped_column(String(60), nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    last_number: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")


class ReportText(SyncMixin, Base):
    """A narrative paragraph of a review report as the user edited it before printing;
    the report's other paragraphs are drafted from the figures each time."""

    __tablename__ = "report_texts"
    __table_args__ = (UniqueConstraint("unit_code", "report_kind", "section"),)

    unit_code: Mapped[str] = mapped_column(ForeignKey("admin_units.code"), nullable=False)
    report_kind: Mapped[str] = mapped_column(String(20), nullable=False)  # so_ket, tong_ket
    section: Mapped[str] = mapped_column(String(40), nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False, default="")
