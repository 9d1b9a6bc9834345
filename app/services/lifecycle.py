"""The life cycle of an advanced example (plan II.1–II.6).

phát hiện → đăng ký → bồi dưỡng → đánh giá → công nhận / tôn vinh → nhân rộng, plus
không đạt (after an evaluation) and rút (withdrawn, from any active state). Moving one
step forward needs no reason; going back, failing, withdrawing or re-opening does. Every
change is kept with its date, user and reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import text
from app.errors import InputError
from app.i18n import N_
from app.models import Candidate, Status, StatusChange
from app.services.access import require_unit
from app.services.labels import STATUS_LABELS, label

FORWARD = Status.FORWARD
ACTIVE = (*FORWARD[:-1],)  # states from which a candidate can still move on


def allowed_targets(current: str) -> list[str]:
    """States a candidate in ``current`` may move to."""
    targets: list[str] = []
    if current in FORWARD:
        i = FORWARD.index(current)
        if i + 1 < len(FORWARD):
            targets.append(FORWARD[i + 1])
        targets.extend(FORWARD[:i])  # back, with a reason
    if current == Status.EVALUATING:
        targets.append(Status.FAILED)
    if current in FORWARD and current != Status.REPLICATING:
        targets.append(Status.WITHDRAWN)
    if current in (Status.FAILED, Status.WITHDRAWN):
        targets.extend([Status.REGISTERED, Status.NURTURING])  # re-open, with a reason
    return targets


def needs_reason(current: str, target: str) -> bool:
    """Only one step forward goes without a reason."""
    if current in FORWARD and target in FORWARD:
        return FORWARD.index(target) != FORWARD.index(current) + 1
    return True


@dataclass
class StatusChanged:
    """What a status change did (for the tabs to refresh)."""

    candidate_id: str
    from_status: str
    to_status: str


def change_status(session: Session, candidate_id: str, target: str, *, on: date | None = None,
                  user: str = "", reason: str = "") -> StatusChanged:
    """Move a candidate to ``target``; refuse what the rules do not allow."""
    candidate = session.get(Candidate, candidate_id)
    if candidate is None or candidate.deleted:
        raise InputError(N_("This candidate no longer exists."))
    require_unit(session, candidate.unit_code, write=True)
    current = candidate.status
    reason = text.clean(reason)
    if target not in allowed_targets(current):
        raise InputError(N_("A candidate cannot go from \"{current}\" to \"{target}\"."),
                         current=label(STATUS_LABELS, current), target=label(STATUS_LABELS, target))
    if needs_reason(current, target) and not reason:
        raise InputError(N_("Write the reason for moving from \"{current}\" to \"{target}\"."),
                         current=label(STATUS_LABELS, current), target=label(STATUS_LABELS, target))
    on = on or date.today()
    last = session.scalar(select(StatusChange.changed_on)
                          .where(StatusChange.candidate_id == candidate_id)
                          .order_by(StatusChange.changed_on.desc()).limit(1))
    if last and on < last:
        raise InputError(N_("The date {date} is before the last change ({last}). "
                            "Check the date."), date=on.strftime("%d/%m/%Y"),
                         last=last.strftime("%d/%m/%Y"))
    session.add(StatusChange(candidate_id=candidate_id, from_status=current, to_status=target,
                             changed_on=on, user_name=text.clean(user), reason=reason,
                             owner_unit_code=candidate.owner_unit_code))
    candidate.status = target
    candidate.status_date = on
    session.flush()
    return StatusChanged(candidate_id, current, target)


def history(session: Session, candidate_id: str) -> list[StatusChange]:
    """The candidate's status changes, oldest first."""
    return list(session.scalars(
        select(StatusChange).where(StatusChange.candidate_id == candidate_id,
                                   StatusChange.deleted.is_(False))
        .order_by(StatusChange.changed_on, StatusChange.created_at)))
