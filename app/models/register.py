"""The register of candidates and examples, their life cycle, assessments, evidence
and replication activities (plan sections II and III)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    BigInteger,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from app.codes import CandidateKind, Status  # noqa: F401 - re-exported by app.models
from app.models.base import Base, SyncMixin
from app.short_code import default_short_code

FILTER_COLUMNS = ("kind", "unit_code", "movement_id", "model_type_id", "lead_agency_id",
                  "phase_id", "year", "status")


class Candidate(SyncMixin, Base):
    """A collective, individual, household, cooperative or cooperative group on the way
    to becoming (or already being) an advanced example."""

    __tablename__ = "candidates"
    # One index per filter of the Điển hình tab, ending in the Vietnamese sort key: a
    # filtered first page walks the index in order and a count reads the index alone
    # (migration 0003).
    __table_args__ = (
        *(Index(f"ix_candidates_{column}_sorted", column, "deleted", "sort_key")
          for column in FILTER_COLUMNS),
        # The duplicate check: same folded name in the same unit.
        Index("ix_candidates_duplicates", "name_search", "unit_code"),
    )
    # The short code the Excel export shows and its import recognises (migration 0010).
    short_code: Mapped[str | None] = mapped_column(String(12), index=True,
                                                   default=default_short_code,
                                                   info={"reads_row": True})

    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    display_name: Mapped[str] = mapped_column(String(300), nullable=False)
    name_search: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    sort_key: Mapped[str] = mapped_column(String(600), nullable=False, default="", index=True)
    # People (individuals, household heads)
    ho: Mapped[str | None] = mapped_column(String(80))
    ten_dem: Mapped[str | None] = mapped_column(String(120))
    ten: Mapped[str | None] = mapped_column(String(80))
    gender: Mapped[str | None] = mapped_column(String(10))  # "nam", "nu"
    birth_year: Mapped[int | None] = mapped_column(Integer)
    birth_date: Mapped[date | None] = mapped_column(Date)
    ethnicity: Mapped[str | None] = mapped_column(String(40))
    position: Mapped[str | None] = mapped_column(String(200))
    workplace: Mapped[str | None] = mapped_column(String(300))
    # Collectives, households, cooperatives
    org_kind: Mapped[str | None] = mapped_column(String(120))
    head_name: Mapped[str | None] = mapped_column(String(200))
    members_count: Mapped[int | None] = mapped_column(Integer)
    registration_no: Mapped[str | None] = mapped_column(String(60))
    revenue: Mapped[int | None] = mapped_column(BigInteger)  # đồng per year
    # Common
    unit_code: Mapped[str] = mapped_column(ForeignKey("admin_units.code"), nullable=False)
    movement_id: Mapped[str | None] = mapped_column(ForeignKey("movements.id"))
    model_type_id: Mapped[str | None] = mapped_column(ForeignKey("model_types.id"))
    lead_agency_id: Mapped[str | None] = mapped_column(ForeignKey("lead_agencies.id"))
    phase_id: Mapped[str | None] = mapped_column(ForeignKey("phases.id"))
    year: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    status_date: Mapped[date | None] = mapped_column(Date)
    summary: Mapped[str] = mapped_column(Text, nullable=False, default="")

    history: Mapped[list[StatusChange]] = relationship(
        back_populates="candidate", order_by="StatusChange.created_at"
    )


class StatusChange(SyncMixin, Base):
    """One step of a candidate's life cycle: when, who, why."""

    __tablename__ = "status_changes"
    # The dated counts of the reviews read a candidate's first registration and
    # recognition from this index alone (migration 0004).
    __table_args__ = (
        Index("ix_status_changes_firsts", "candidate_id", "deleted", "to_status", "changed_on"),
    )

    candidate_id: Mapped[str] = mapped_column(ForeignKey("candidates.id"), nullable=False, index=True)
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20), nullable=False)
    changed_on: Mapped[date] = mapped_column(Date, nullable=False)
    user_name: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")

    candidate: Mapped[Candidate] = relationship(back_populates="history")


class EvidenceFile(SyncMixin, Base):
    """A photo, scanned minutes or PDF kept inside the database file itself, so the
    evidence travels with the file and its backups."""

    __tablename__ = "evidence_files"

    candidate_id: Mapped[str | None] = mapped_column(ForeignKey("candidates.id"), index=True)
    assessment_item_id: Mapped[str | None] = mapped_column(
        ForeignKey("assessment_items.id"), index=True
    )
    file_name: Mapped[str] = mapped_column(String(260), nullable=False)
    mime_type: Mapped[str] = mapped_column(String(80), nullable=False)
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))


class Verdict:
    """A criterion's state in an assessment."""

    MET = "dat"
    NOT_MET = "khong_dat"
    PENDING = "chua"
    # "không áp dụng": the item does not concern this candidate (e.g. the leaders' clause
    # of 3.2.1 for someone who leads nothing); the reason goes in the item's note.
    NOT_APPLICABLE = "khong_ap_dung"


class Assessment(SyncMixin, Base):
    """A check of a candidate against the criteria set in force on that date."""

    __tablename__ = "assessments"

    candidate_id: Mapped[str] = mapped_column(ForeignKey("candidates.id"), nullable=False, index=True)
    criteria_set_id: Mapped[str] = mapped_column(ForeignKey("criteria_sets.id"), nullable=False)
    assessed_on: Mapped[date] = mapped_column(Date, nullable=False)
    assessor: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    result: Mapped[str] = mapped_column(String(20), nullable=False, default=Verdict.PENDING)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")

    items: Mapped[list[AssessmentItem]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan"
    )


class AssessmentItem(SyncMixin, Base):
    """The verdict on one criterion within an assessment."""

    __tablename__ = "assessment_items"

    assessment_id: Mapped[str] = mapped_column(ForeignKey("assessments.id"), nullable=False, index=True)
    criterion_id: Mapped[str] = mapped_column(ForeignKey("criteria.id"), nullable=False)
    verdict: Mapped[str] = mapped_column(String(20), nullable=False, default=Verdict.PENDING)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")

    assessment: Mapped[Assessment] = relationship(back_populates="items")


class ActivityKind:
    """Kinds of replication activity (plan II.5–II.6)."""

    PRESS = "bao_chi"
    RADIO = "phat_thanh"
    WEBSITE = "trang_tin"
    STUDY_VISIT = "tham_quan"
    EXPERIENCE_REPORT = "bao_cao_kinh_nghiem"
    CONFERENCE = "hoi_nghi"

    ALL = (PRESS, RADIO, WEBSITE, STUDY_VISIT, EXPERIENCE_REPORT, CONFERENCE)


class ReplicationActivity(SyncMixin, Base):
    """Publicity, a study visit, an experience report or a conference of examples."""

    __tablename__ = "replication_activities"

    kind: Mapped[str] = mapped_column(String(30), nullable=False)
    title: Mapped[str] = mapped_column(String(400), nullable=False)
    held_on: Mapped[date] = mapped_column(Date, nullable=False)
    unit_code: Mapped[str] = mapped_column(ForeignKey("admin_units.code"), nullable=False, index=True)
    participants: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")


class ActivityCandidate(SyncMixin, Base):
    """Link between a replication activity and a candidate it features."""

    __tablename__ = "activity_candidates"

    activity_id: Mapped[str] = mapped_column(
        ForeignKey("replication_activities.id"), nullable=False, index=True
    )
    candidate_id: Mapped[str] = mapped_column(ForeignKey("candidates.id"), nullable=False, index=True)
