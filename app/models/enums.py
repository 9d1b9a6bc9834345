"""The code lists the window may use (states, kinds, levels), without the ORM classes.

Re-exported from where they are defined, so ``app.ui`` imports this module only
(import-linter contract "The window asks services for data")."""

from app.models.awards import AwardForm
from app.models.plan import SubjectGroup
from app.models.register import ActivityKind, CandidateKind, Status, Verdict
from app.models.units import UnitLevel
from app.models.villages import AreaClass, ItemKind, ReviewState, SchemeMode

__all__ = ["ActivityKind", "AreaClass", "AwardForm", "CandidateKind", "ItemKind", "ReviewState",
           "SchemeMode", "Status", "SubjectGroup", "UnitLevel", "Verdict"]
