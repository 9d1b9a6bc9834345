"""The province's plan: lead agencies, movements, phases, milestones, model types,
versioned criteria sets and minimum targets (plan sections III and IV)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, SyncMixin


class LeadAgency(SyncMixin, Base):
    """An agency the plan puts in charge of a field (cơ quan chủ trì)."""

    __tablename__ = "lead_agencies"

    code: Mapped[str] = mapped_column(String(30), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    short_name: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    sort_order: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class Movement(SyncMixin, Base):
    """An emulation movement (phong trào thi đua) or field of work."""

    __tablename__ = "movements"

    code: Mapped[str] = mapped_column(String(30), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(300), nullable=False)
    lead_agency_id: Mapped[str | None] = mapped_column(ForeignKey("lead_agencies.id"))
    sort_order: Mapped[int] = mapped_column(Integer, nullable=False, default=0)

    lead_agency: Mapped[LeadAgency | None] = relationship()


class Phase(SyncMixin, Base):
    """A phase of the plan (giai đoạn)."""

    __tablename__ = "phases"

    code: Mapped[str] = mapped_column(String(30), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    start_date: Mapped[date] = mapped_column(Date, nullable=False)
    end_date: Mapped[date] = mapped_column(Date, nullable=False)

    milestones: Mapped[list[Milestone]] = relationship(
        back_populates="phase", order_by="Milestone.due_date"
    )


class Milestone(SyncMixin, Base):
    """A dated step of a phase: plans due, interim review, final review, congress."""

    __tablename__ = "milestones"

    code: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)
    phase_id: Mapped[str] = mapped_column(ForeignKey("phases.id"), nullable=False)
    name: Mapped[str] = mapped_column(String(300), nullable=False)
    due_date: Mapped[date | None] = mapped_column(Date)
    due_year: Mapped[int] = mapped_column(Integer, nullable=False)
    kind: Mapped[str] = mapped_column(String(30), nullable=False)  # plan, so_ket, tong_ket, congress

    phase: Mapped[Phase] = relationship(back_populates="milestones")


class SubjectGroup:
    """Who a model type is for."""

    COLLECTIVE = "collective"
    INDIVIDUAL = "individual"


class ModelType(SyncMixin, Base):
    """A model type of plan III.3 (3.1.1–3.1.10, 3.2.1, the two groups of 3.2.2)."""

    __tablename__ = "model_types"

    code: Mapped[str] = mapped_column(String(20), unique=True, nullable=False)
    section: Mapped[str] = mapped_column(String(20), nullable=False)  # "3.2.2" for both groups
    name: Mapped[str] = mapped_column(String(400), nullable=False)
    subject_group: Mapped[str] = mapped_column(String(20), nullable=False)
    movement_id: Mapped[str | None] = mapped_column(ForeignKey("movements.id"))
    sort_order: Mapped[int] = mapped_column(Integer, nullable=False, default=0)

    criteria_sets: Mapped[list[CriteriaSet]] = relationship(
        back_populates="model_type", order_by="CriteriaSet.version"
    )


class CriteriaSet(SyncMixin, Base):
    """One version of the criteria of a model type.

    Editing a set already used by an assessment makes a new version; old assessments keep
    theirs. ``owner_unit_code`` is empty for the province's plan and set when a unit adds
    its own criteria (plan III.2). ``min_passed`` empty means every required criterion must
    be met; a number means at least that many criteria must be met.
    """

    __tablename__ = "criteria_sets"
    __table_args__ = (UniqueConstraint("model_type_id", "owner_unit_code", "version"),)

    model_type_id: Mapped[str] = mapped_column(ForeignKey("model_types.id"), nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    title: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    valid_from: Mapped[date] = mapped_column(Date, nullable=False)
    valid_to: Mapped[date | None] = mapped_column(Date)
    min_passed: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(20), nullable=False, default="plan")

    model_type: Mapped[ModelType] = relationship(back_populates="criteria_sets")
    criteria: Mapped[list[Criterion]] = relationship(
        back_populates="criteria_set", order_by="Criterion.position", cascade="all, delete-orphan"
    )


class Criterion(SyncMixin, Base):
    """One separately checkable condition of a criteria set."""

    __tablename__ = "criteria"

    criteria_set_id: Mapped[str] = mapped_column(ForeignKey("criteria_sets.id"), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    code: Mapped[str] = mapped_column(String(30), nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    required: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    # The kinds of candidate the item applies to, comma-separated ("collective",
    # "household,individual"); empty: every kind (plan III.3.1.10 has a clause for
    # collectives and clauses for households in one paragraph).
    subjects: Mapped[str] = mapped_column(String(120), nullable=False, default="")

    criteria_set: Mapped[CriteriaSet] = relationship(back_populates="criteria")

    def applies_to(self, kind: str | None) -> bool:
        """Whether the item is shown and judged for a candidate of ``kind``."""
        return not self.subjects or kind is None or kind in self.subjects.split(",")


class Target(SyncMixin, Base):
    """A minimum target (chỉ tiêu) of a lead agency in a movement (plan IV.1).

    ``phase_id`` empty means the whole plan period 2021–2025. ``min_examples`` is for
    targets that count examples of any kind (science and technology: "10 gương").
    """

    __tablename__ = "targets"

    lead_agency_id: Mapped[str] = mapped_column(ForeignKey("lead_agencies.id"), nullable=False)
    movement_id: Mapped[str] = mapped_column(ForeignKey("movements.id"), nullable=False)
    phase_id: Mapped[str | None] = mapped_column(ForeignKey("phases.id"))
    min_collectives: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    min_individuals: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    min_households: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    min_cooperatives: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    min_coop_groups: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    min_examples: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")

    lead_agency: Mapped[LeadAgency] = relationship()
    movement: Mapped[Movement] = relationship()


class UnitTarget(SyncMixin, Base):
    """A unit's own minimum for one of the plan's targets, in its own implementation plan
    (plan IV.1: each unit makes its plan). The province's minimums are the province's; a
    commune or a former district is judged only against minimums it set itself."""

    __tablename__ = "unit_targets"
    __table_args__ = (UniqueConstraint("unit_code", "target_id"),)

    unit_code: Mapped[str] = mapped_column(ForeignKey("admin_units.code"), nullable=False)
    target_id: Mapped[str] = mapped_column(ForeignKey("targets.id"), nullable=False)
    min_collectives: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    min_individuals: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    min_households: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    min_cooperatives: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    min_coop_groups: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    min_examples: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
