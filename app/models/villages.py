"""Cultural titles of villages (Decree 86/2023): versioned scoring schemes and yearly scores.

Decree 86 sets no point scale; provinces do. The scale, the per-standard minimum share,
the thresholds and pass marks by area class are therefore data of a versioned scheme, able
to express both a pass/fail framework (``mode = "pass_fail"``) and a 100-point scale
(``mode = "points"``). A scheme already used for a year is never edited in place: a new
version is made and old results keep pointing at theirs.

The yearly procedure (đang chấm → đã bình xét → đang công khai → đã quyết định → khóa)
belongs to a commune and a year: :class:`VillageReview`, with its dated changes in
:class:`VillageReviewEvent`.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, SyncMixin, utcnow


class SchemeMode:
    """How a scheme decides: every item passes, or points against pass marks."""

    PASS_FAIL = "pass_fail"
    POINTS = "points"
    ALL = (PASS_FAIL, POINTS)


class ItemKind:
    """Kinds of scheme rows (``scoring_criteria.kind``)."""

    STANDARD = "standard"  # a heading I–V grouping items
    YES_NO = "yes_no"  # typed 1 (có) / 0 (không)
    SHARE_MIN = "share_min"  # stat / base must reach the threshold (%)
    RATE_MAX = "rate_max"  # stat / base must stay at or under the threshold (%)
    RATE_BELOW_REF = "rate_below_ref"  # stat / base must stay under the commune's own rate
    COUNT_MAX = "count_max"  # a count that must not exceed N
    DISQUALIFIER = "disqualifier"  # typed 1 when the disqualifying event happened
    POINTS = "points"  # typed points from 0 to max_points

    ITEMS = (YES_NO, SHARE_MIN, RATE_MAX, RATE_BELOW_REF, COUNT_MAX, DISQUALIFIER, POINTS)
    ALL = (STANDARD, *ITEMS)


class AreaClass:
    """Area classes whose thresholds and pass marks can differ."""

    ORDINARY = "binh_thuong"
    DIFFICULT = "dac_biet_kho_khan"  # especially difficult commune or ethnic-minority village
    URBAN = "do_thi"  # urban ward

    ALL = (ORDINARY, DIFFICULT, URBAN)


class ReviewState:
    """The yearly procedure of a commune (``village_reviews.state``)."""

    DRAFT = "nhap"  # đang chấm
    REVIEWED = "binh_xet"  # đã bình xét
    POSTED = "cong_khai"  # đang công khai
    DECIDED = "quyet_dinh"  # đã quyết định
    LOCKED = "khoa"  # khóa

    ORDER = (DRAFT, REVIEWED, POSTED, DECIDED, LOCKED)


class ScoringScheme(SyncMixin, Base):
    """One version of the rules for scoring villages (or, later, households)."""

    __tablename__ = "scoring_schemes"

    code: Mapped[str] = mapped_column(String(40), nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    name: Mapped[str] = mapped_column(String(300), nullable=False)
    legal_basis: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    subject: Mapped[str] = mapped_column(String(20), nullable=False, default="village")
    valid_from: Mapped[date] = mapped_column(Date, nullable=False)
    valid_to: Mapped[date | None] = mapped_column(Date)
    max_points: Mapped[float | None] = mapped_column(Float)  # None: pass/fail
    # Points mode: each standard needs at least this share of its own maximum (e.g. 0.5).
    min_share_per_criterion: Mapped[float | None] = mapped_column(Float)
    # JSON object: area class → pass mark, e.g. {"binh_thuong": 80, "dac_biet_kho_khan": 60}
    pass_marks: Mapped[str] = mapped_column(Text, nullable=False, default="{}")
    mode: Mapped[str] = mapped_column(String(20), nullable=False, default=SchemeMode.POINTS,
                                      server_default=SchemeMode.POINTS)
    # The version this one replaced (same code), when it was made from an edit.
    replaces_id: Mapped[str | None] = mapped_column(String(36))

    criteria: Mapped[list[ScoringCriterion]] = relationship(
        back_populates="scheme", order_by="ScoringCriterion.position"
    )


class ScoringCriterion(SyncMixin, Base):
    """A standard (I–V, ``kind = "standard"``) or one of its items.

    ``stat_key`` / ``base_key`` name the village statistics feeding a share, rate or count
    item (e.g. ``employed`` / ``working_age``); ``thresholds`` is a JSON object area class →
    number, a missing or null value meaning "the province has not set it yet".
    """

    __tablename__ = "scoring_criteria"

    scheme_id: Mapped[str] = mapped_column(ForeignKey("scoring_schemes.id"), nullable=False, index=True)
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("scoring_criteria.id"))
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    code: Mapped[str] = mapped_column(String(20), nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    max_points: Mapped[float | None] = mapped_column(Float)
    kind: Mapped[str] = mapped_column(String(20), nullable=False, default=ItemKind.STANDARD,
                                      server_default=ItemKind.STANDARD)
    thresholds: Mapped[str] = mapped_column(Text, nullable=False, default="{}", server_default="{}")
    stat_key: Mapped[str | None] = mapped_column(String(40))
    base_key: Mapped[str | None] = mapped_column(String(40))

    scheme: Mapped[ScoringScheme] = relationship(back_populates="criteria")


class VillageScore(SyncMixin, Base):
    """A village's result for one year: statistics, both assessments, the votes, the result.

    ``passed`` is the result of the commune council's assessment under the year's scheme
    (what the reviews count); ``self_passed`` the village's own; ``failed`` a JSON list of
    the council's failed items with their reasons, kept so the year stays explainable.
    """

    __tablename__ = "village_scores"
    __table_args__ = (UniqueConstraint("village_code", "year"),)

    village_code: Mapped[str] = mapped_column(ForeignKey("admin_units.code"), nullable=False, index=True)
    year: Mapped[int] = mapped_column(Integer, nullable=False, index=True)
    scheme_id: Mapped[str] = mapped_column(ForeignKey("scoring_schemes.id"), nullable=False)
    self_score: Mapped[float | None] = mapped_column(Float)
    reviewed_score: Mapped[float | None] = mapped_column(Float)
    passed: Mapped[bool | None] = mapped_column()
    stage: Mapped[str] = mapped_column(String(20), nullable=False, default=ReviewState.DRAFT)
    reviewed_on: Mapped[date | None] = mapped_column(Date)
    decision_number: Mapped[str | None] = mapped_column(String(60))
    decided_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    households: Mapped[int | None] = mapped_column(Integer)
    poor_households: Mapped[int | None] = mapped_column(Integer)
    near_poor_households: Mapped[int | None] = mapped_column(Integer)
    cultural_households: Mapped[int | None] = mapped_column(Integer)  # Gia đình văn hóa
    working_age: Mapped[int | None] = mapped_column(Integer)
    employed: Mapped[int | None] = mapped_column(Integer)
    extra_stats: Mapped[str] = mapped_column(Text, nullable=False, default="{}", server_default="{}")
    votes_for: Mapped[int | None] = mapped_column(Integer)
    self_passed: Mapped[bool | None] = mapped_column(Boolean)
    failed: Mapped[str] = mapped_column(Text, nullable=False, default="[]", server_default="[]")
    area_class: Mapped[str | None] = mapped_column(String(30))


class VillageScoreItem(SyncMixin, Base):
    """The value typed on one item by one assessor (the village itself, or the council)."""

    __tablename__ = "village_score_items"
    __table_args__ = (Index("ix_village_score_items_entry", "score_id", "criterion_id", "assessor",
                            unique=True),)

    score_id: Mapped[str] = mapped_column(ForeignKey("village_scores.id"), nullable=False, index=True)
    criterion_id: Mapped[str] = mapped_column(ForeignKey("scoring_criteria.id"), nullable=False)
    points: Mapped[float | None] = mapped_column(Float)
    met: Mapped[bool | None] = mapped_column()
    assessor: Mapped[str] = mapped_column(String(10), nullable=False, default="council",
                                          server_default="council")
    value: Mapped[float | None] = mapped_column(Float)


class VillageReview(SyncMixin, Base):
    """A commune's yearly review of its villages and where it stands in the procedure."""

    __tablename__ = "village_reviews"
    __table_args__ = (UniqueConstraint("commune_code", "year"),)

    commune_code: Mapped[str] = mapped_column(ForeignKey("admin_units.code"), nullable=False, index=True)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    state: Mapped[str] = mapped_column(String(20), nullable=False, default=ReviewState.DRAFT)
    meeting_on: Mapped[date | None] = mapped_column(Date)
    meeting_place: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    chair: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    secretary: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    invited: Mapped[int | None] = mapped_column(Integer)
    present: Mapped[int | None] = mapped_column(Integer)
    voting_method: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    posted_place: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    posted_from: Mapped[date | None] = mapped_column(Date)
    posted_to: Mapped[date | None] = mapped_column(Date)
    objections: Mapped[str] = mapped_column(Text, nullable=False, default="")
    decision_number: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    decided_on: Mapped[date | None] = mapped_column(Date)
    authority: Mapped[str] = mapped_column(String(200), nullable=False, default="")


class VillageReviewEvent(SyncMixin, Base):
    """One dated change of a commune's review state (or an unlock, with its reason)."""

    __tablename__ = "village_review_events"

    review_id: Mapped[str] = mapped_column(ForeignKey("village_reviews.id"), nullable=False, index=True)
    from_state: Mapped[str | None] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20), nullable=False)
    at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    user_name: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
