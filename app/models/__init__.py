"""ORM classes and database setup (no Qt, no services)."""

from app.models.admin import AuditEntry, Setting, User
from app.models.awards import Award, AwardForm, Decision, RegisterCounter, ReportText
from app.models.base import Base, SyncMixin
from app.models.counts import CandidateCount, CandidateTotal  # noqa: F401 - issue 13's counts
from app.models.dated_counts import (  # noqa: F401 - issue 13's dated counts
    CandidateDates,
    DatedCount,
    DatedTotal,
    DatedUnit,
)
from app.models.plan import (
    CriteriaSet,
    Criterion,
    LeadAgency,
    Milestone,
    ModelType,
    Movement,
    Phase,
    SubjectGroup,
    Target,
    UnitTarget,
)
from app.models.register import (
    ActivityCandidate,
    ActivityKind,
    Assessment,
    AssessmentItem,
    Candidate,
    CandidateKind,
    EvidenceFile,
    ReplicationActivity,
    Status,
    StatusChange,
    Verdict,
)
from app.models.sync import SyncConflict, SyncHeld, SyncInstallation, SyncOffice, SyncPackageLog
from app.models.units import AdminUnit, UnitLevel
from app.models.villages import (
    AreaClass,
    ItemKind,
    ReviewState,
    SchemeMode,
    ScoringCriterion,
    ScoringScheme,
    VillageReview,
    VillageReviewEvent,
    VillageScore,
    VillageScoreItem,
)

__all__ = [
    "ActivityCandidate", "ActivityKind", "AdminUnit", "Assessment", "AssessmentItem",
    "AuditEntry", "Award", "AwardForm", "Base", "Candidate", "CandidateKind", "CriteriaSet",
    "Criterion", "Decision", "EvidenceFile", "LeadAgency", "Milestone", "ModelType",
    "Movement", "Phase", "RegisterCounter", "ReplicationActivity", "ReportText", "ScoringCriterion",
    "ScoringScheme", "Setting", "Status", "StatusChange", "SubjectGroup", "SyncMixin",
    "Target", "UnitLevel", "UnitTarget", "User", "Verdict", "VillageScore", "VillageScoreItem",
    "AreaClass", "ItemKind", "ReviewState", "SchemeMode", "VillageReview", "VillageReviewEvent",
    "SyncConflict", "SyncHeld", "SyncInstallation", "SyncOffice", "SyncPackageLog",
]
