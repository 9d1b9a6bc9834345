"""Cultural titles of villages (Decree 86/2023): versioned scoring schemes and yearly scores.

Decree 86 sets no point scale; provinces do. The scale, the per-criterion minimum share and
the pass marks by area type are therefore data of a versioned scheme, able to express both
a pass/fail framework (``max_points`` empty) and a 100-point scale.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, SyncMixin


class ScoringScheme(SyncMixin, Base):
    """One version of the rules for scoring villages or families."""

    __tablename__ = "scoring_schemes"

    code: Mapped[str] = mapped_column(String(40), nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    name: Mapped[str] = mapped_column(String(300), nullable=False)
    legal_basis: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    subject: Mapped[str] = mapped_column(String(20), nullable=False, default="village")
    valid_from: Mapped[date] = mapped_column(Date, nullable=False)
    valid_to: Mapped[date | None] = mapped_column(Date)
    max_points: Mapped[float | None] = mapped_column(Float)  # None: pass/fail per criterion
    min_share_per_criterion: Mapped[float | None] = mapped_column(Float)  # e.g. 0.5
    # JSON object: area type → pass mark, e.g. {"binh_thuong": 80, "dac_biet_kho_khan": 60}
    pass_marks: Mapped[str] = mapped_column(Text, nullable=False, default="{}")

    criteria: Mapped[list[ScoringCriterion]] = relationship(
        back_populates="scheme", order_by="ScoringCriterion.position"
    )


class ScoringCriterion(SyncMixin, Base):
    """A standard or sub-item of a scoring scheme (I–V and their sub-items)."""

    __tablename__ = "scoring_criteria"

    scheme_id: Mapped[str] = mapped_column(ForeignKey("scoring_schemes.id"), nullable=False, index=True)
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("scoring_criteria.id"))
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    code: Mapped[str] = mapped_column(String(20), nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    max_points: Mapped[float | None] = mapped_column(Float)

    scheme: Mapped[ScoringScheme] = relationship(back_populates="criteria")


class VillageScore(SyncMixin, Base):
    """A village's result for one year: self-assessment, commune review, decision."""

    __tablename__ = "village_scores"
    __table_args__ = (UniqueConstraint("village_code", "year"),)

    village_code: Mapped[str] = mapped_column(ForeignKey("admin_units.code"), nullable=False, index=True)
    year: Mapped[int] = mapped_column(Integer, nullable=False, index=True)
    scheme_id: Mapped[str] = mapped_column(ForeignKey("scoring_schemes.id"), nullable=False)
    self_score: Mapped[float | None] = mapped_column(Float)
    reviewed_score: Mapped[float | None] = mapped_column(Float)
    passed: Mapped[bool | None] = mapped_column()
    stage: Mapped[str] = mapped_column(String(20), nullable=False, default="tu_danh_gia")
    reviewed_on: Mapped[date | None] = mapped_column(Date)
    decision_number: Mapped[str | None] = mapped_column(String(60))
    decided_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")


class VillageScoreItem(SyncMixin, Base):
    """Points (or pass/fail) on one criterion of a village's yearly score."""

    __tablename__ = "village_score_items"

    score_id: Mapped[str] = mapped_column(ForeignKey("village_scores.id"), nullable=False, index=True)
    criterion_id: Mapped[str] = mapped_column(ForeignKey("scoring_criteria.id"), nullable=False)
    points: Mapped[float | None] = mapped_column(Float)
    met: Mapped[bool | None] = mapped_column()
