"""The Vietnamese labels of a candidate's kind and status, without the ORM.

The register's first page is shown before SQLAlchemy and the models load, and its Kind and
Status columns need these; :mod:`app.services.labels` re-exports them with the others.
"""

from __future__ import annotations

from app.codes import CandidateKind, Status
from app.i18n import N_, _

STATUS_LABELS = {
    Status.DISCOVERED: N_("Discovered"),
    Status.REGISTERED: N_("Registered"),
    Status.NURTURING: N_("Nurturing"),
    Status.EVALUATING: N_("Under evaluation"),
    Status.RECOGNISED: N_("Recognised / honoured"),
    Status.REPLICATING: N_("Replicating"),
    Status.FAILED: N_("Not achieved"),
    Status.WITHDRAWN: N_("Withdrawn"),
}

KIND_LABELS = {
    CandidateKind.INDIVIDUAL: N_("Individual"),
    CandidateKind.COLLECTIVE: N_("Collective"),
    CandidateKind.HOUSEHOLD: N_("Household"),
    CandidateKind.COOPERATIVE: N_("Cooperative"),
    CandidateKind.COOP_GROUP: N_("Cooperative group"),
}


def label(table: dict[str, str], code: str | None) -> str:
    """The Vietnamese label of ``code`` in ``table`` (the code itself if unknown)."""
    if code is None:
        return ""
    key = table.get(code)
    return _(key) if key else code
