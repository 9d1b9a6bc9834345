"""Replication activities (plan II.5–II.6): publicity, study visits, experience reports and
conferences of advanced examples, each featuring one or more candidates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import text
from app.errors import InputError
from app.i18n import N_
from app.models import (
    ActivityCandidate,
    ActivityKind,
    AdminUnit,
    Candidate,
    ReplicationActivity,
)
from app.services.access import require_unit


@dataclass
class ActivityInput:
    kind: str
    title: str
    held_on: date | None
    unit_code: str
    participants: int | None = None
    note: str = ""
    candidate_ids: list[str] = field(default_factory=list)
    id: str | None = None


@dataclass
class ActivityInfo:
    id: str
    kind: str
    title: str
    held_on: date
    unit_code: str
    unit_name: str
    participants: int | None
    note: str
    candidates: list[tuple[str, str]]  # (id, name)


def save_activity(session: Session, data: ActivityInput) -> str:
    """Create or update an activity and its links; raises InputError on bad input."""
    if data.kind not in ActivityKind.ALL:
        raise InputError(N_("Choose the kind of activity."))
    title = text.clean(data.title)
    if not title:
        raise InputError(N_("Give the activity a title (e.g. the article or conference name)."))
    if data.held_on is None:
        raise InputError(N_("Enter the date of the activity."))
    if data.held_on > date.today():
        raise InputError(N_("The date {date} is in the future; record activities once held."),
                         date=data.held_on.strftime("%d/%m/%Y"))
    if data.participants is not None and data.participants < 0:
        raise InputError(N_("The number of participants cannot be negative."))
    unit = session.scalar(select(AdminUnit).where(AdminUnit.code == data.unit_code))
    if unit is None:
        raise InputError(N_("Unknown unit {code}."), code=data.unit_code)
    require_unit(session, unit.code, write=True)
    ids = list(dict.fromkeys(data.candidate_ids))
    if not ids:
        raise InputError(N_("Choose at least one example featured in the activity."))
    found = set(session.scalars(select(Candidate.id).where(Candidate.id.in_(ids),
                                                           Candidate.deleted.is_(False))))
    if len(found) != len(ids):
        raise InputError(N_("One of the chosen examples no longer exists."))

    if data.id:
        activity = session.get(ReplicationActivity, data.id)
        if activity is None:
            raise InputError(N_("This activity no longer exists."))
        require_unit(session, activity.owner_unit_code, write=True)
    else:
        activity = ReplicationActivity(owner_unit_code=unit.code)
        session.add(activity)
    activity.kind, activity.title, activity.held_on = data.kind, title, data.held_on
    activity.unit_code, activity.participants = unit.code, data.participants
    activity.note = text.clean(data.note)
    session.flush()
    links = {link.candidate_id: link for link in session.scalars(
        select(ActivityCandidate).where(ActivityCandidate.activity_id == activity.id))}
    for cid, link in links.items():
        link.deleted = cid not in ids
    for cid in ids:
        if cid not in links:
            session.add(ActivityCandidate(activity_id=activity.id, candidate_id=cid,
                                          owner_unit_code=unit.code))
    session.flush()
    return activity.id


def activities_for(session: Session, candidate_id: str | None = None) -> list[ActivityInfo]:
    """Activities featuring ``candidate_id`` (or all), newest first."""
    stmt = (select(ReplicationActivity, AdminUnit.name)
            .join(AdminUnit, AdminUnit.code == ReplicationActivity.unit_code)
            .where(ReplicationActivity.deleted.is_(False))
            .order_by(ReplicationActivity.held_on.desc()))
    if candidate_id:
        stmt = stmt.where(ReplicationActivity.id.in_(
            select(ActivityCandidate.activity_id).where(
                ActivityCandidate.candidate_id == candidate_id,
                ActivityCandidate.deleted.is_(False))))
    rows = session.execute(stmt).all()
    if not rows:
        return []
    featured: dict[str, list[tuple[str, str]]] = {}
    for aid, cid, name in session.execute(
            select(ActivityCandidate.activity_id, Candidate.id, Candidate.display_name)
            .join(Candidate, Candidate.id == ActivityCandidate.candidate_id)
            .where(ActivityCandidate.activity_id.in_([a.id for a, _ in rows]),
                   ActivityCandidate.deleted.is_(False))
            .order_by(Candidate.sort_key)):
        featured.setdefault(aid, []).append((cid, name))
    return [ActivityInfo(a.id, a.kind, a.title, a.held_on, a.unit_code, unit_name,
                         a.participants, a.note, featured.get(a.id, []))
            for a, unit_name in rows]


def activity_totals(session: Session) -> dict[str, tuple[int, int]]:
    """Per kind: number of activities and participants (for the reviews)."""
    rows = session.execute(
        select(ReplicationActivity.kind, func.count(),
               func.coalesce(func.sum(ReplicationActivity.participants), 0))
        .where(ReplicationActivity.deleted.is_(False))
        .group_by(ReplicationActivity.kind))
    return {kind: (n, int(people or 0)) for kind, n, people in rows}


def activity_input(session: Session, activity_id: str) -> ActivityInput:
    """A stored activity as the dialog edits it."""
    a = session.get(ReplicationActivity, activity_id)
    if a is None or a.deleted:
        raise InputError(N_("This activity no longer exists."))
    ids = list(session.scalars(select(ActivityCandidate.candidate_id).where(
        ActivityCandidate.activity_id == a.id, ActivityCandidate.deleted.is_(False))))
    return ActivityInput(kind=a.kind, title=a.title, held_on=a.held_on, unit_code=a.unit_code,
                         participants=a.participants, note=a.note, candidate_ids=ids, id=a.id)


def delete_activity(session: Session, activity_id: str) -> None:
    """Mark an activity and its links deleted (the marker travels in sync packages)."""
    a = session.get(ReplicationActivity, activity_id)
    if a is None:
        return
    require_unit(session, a.owner_unit_code, write=True)
    a.deleted = True
    for link in session.scalars(select(ActivityCandidate).where(
            ActivityCandidate.activity_id == activity_id)):
        link.deleted = True
