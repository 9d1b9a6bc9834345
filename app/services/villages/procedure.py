"""The yearly procedure of a commune as states, each change dated and recorded.

đang chấm (nháp) → đã bình xét → đang công khai → đã quyết định → khóa. A locked year
changes only after an unlock with a reason; decisions, locking and unlocking need the
commune leader's role.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app import text
from app.dates import format_date
from app.errors import InputError
from app.i18n import N_
from app.models import VillageScore
from app.models.villages import ReviewState, VillageReview, VillageReviewEvent
from app.services import access
from app.services.access import Role
from app.services.villages import engine, grid, settings

STATE_LABELS = {
    ReviewState.DRAFT: N_("Scoring (draft)"),
    ReviewState.REVIEWED: N_("Reviewed by the council"),
    ReviewState.POSTED: N_("Posted publicly"),
    ReviewState.DECIDED: N_("Decided"),
    ReviewState.LOCKED: N_("Locked"),
}


@dataclass
class Meeting:
    """The council's review meeting (biên bản họp bình xét)."""

    held_on: date
    chair: str
    secretary: str
    invited: int
    present: int
    voting_method: str = "Biểu quyết giơ tay"
    place: str = ""
    votes: dict[str, int] = field(default_factory=dict)  # village code → votes for


@dataclass
class Posting:
    """The public posting of the list."""

    place: str
    posted_from: date
    posted_to: date | None = None  # default: the setting's number of days
    objections: str = ""


@dataclass
class DecisionInfo:
    """The decision recognising the villages."""

    number: str
    decided_on: date
    authority: str = ""  # default: by year (district chairman before 2025, then commune)


@dataclass
class ReviewInfo:
    """Where a commune-year stands, with its history."""

    commune_code: str
    year: int
    state: str
    meeting_on: date | None
    chair: str
    secretary: str
    invited: int | None
    present: int | None
    voting_method: str
    meeting_place: str
    posted_place: str
    posted_from: date | None
    posted_to: date | None
    objections: str
    decision_number: str
    decided_on: date | None
    authority: str
    events: list[tuple[str, str | None, str, str, str]]  # at, from, to, user, reason


def default_authority(session: Session, year: int) -> str:
    """Chủ tịch UBND cấp huyện before the setting's year (2025), then cấp xã."""
    if year < settings.load(session).commune_decides_from:
        return "Chủ tịch Ủy ban nhân dân cấp huyện"
    return "Chủ tịch Ủy ban nhân dân cấp xã"


def _review(session: Session, commune_code: str, year: int) -> VillageReview:
    review = session.scalar(select(VillageReview).where(
        VillageReview.commune_code == commune_code, VillageReview.year == year))
    if review is None:
        grid.commune_of(session, commune_code)
        review = VillageReview(commune_code=commune_code, year=year, state=ReviewState.DRAFT,
                               owner_unit_code=commune_code)
        session.add(review)
        session.flush()
    return review


def review_info(session: Session, commune_code: str, year: int) -> ReviewInfo:
    access.require_unit(session, commune_code)
    r = session.scalar(select(VillageReview).where(
        VillageReview.commune_code == commune_code, VillageReview.year == year))
    if r is None:
        return ReviewInfo(commune_code, year, ReviewState.DRAFT, None, "", "", None, None, "",
                          "", "", None, None, "", "", None, "", [])
    events = [(e.at.strftime("%d/%m/%Y %H:%M"), e.from_state, e.to_state, e.user_name, e.reason)
              for e in session.scalars(select(VillageReviewEvent).where(
                  VillageReviewEvent.review_id == r.id).order_by(VillageReviewEvent.at))]
    return ReviewInfo(r.commune_code, r.year, r.state, r.meeting_on, r.chair, r.secretary,
                      r.invited, r.present, r.voting_method, r.meeting_place, r.posted_place,
                      r.posted_from, r.posted_to, r.objections, r.decision_number, r.decided_on,
                      r.authority, events)


def _record(session: Session, review: VillageReview, to_state: str, user: str,
            reason: str = "") -> None:
    session.add(VillageReviewEvent(review_id=review.id, from_state=review.state,
                                   to_state=to_state, user_name=user or access.actor_name(session),
                                   reason=text.clean(reason), owner_unit_code=review.commune_code))
    review.state = to_state
    session.execute(update(VillageScore).where(
        VillageScore.year == review.year,
        VillageScore.village_code.in_([v.code for v in grid.villages_of(session,
                                                                         review.commune_code)]))
        .values(stage=to_state))


def _expect(review: VillageReview, *states: str) -> None:
    if review.state not in states:
        from app.i18n import _

        raise InputError(N_("The review of {year} is at \"{state}\"; this step is not possible "
                            "now."), year=review.year, state=_(STATE_LABELS[review.state]))


def record_meeting(session: Session, commune_code: str, year: int, meeting: Meeting,
                   user: str = "") -> grid.Grid:
    """đang chấm → đã bình xét: the meeting, its attendance and the votes per village."""
    access.require_unit(session, commune_code, write=True)
    review = _review(session, commune_code, year)
    _expect(review, ReviewState.DRAFT)
    conf = settings.load(session)
    if not meeting.chair.strip() or not meeting.secretary.strip():
        raise InputError(N_("Type the names of the chair and the secretary of the meeting."))
    if meeting.held_on.year != year:
        raise InputError(N_("The meeting of the {year} review must be held in {year}."),
                         year=year)
    if meeting.invited <= 0 or meeting.present < 0 or meeting.present > meeting.invited:
        raise InputError(N_("Those present ({present}) must be between 0 and those invited "
                            "({invited})."), present=meeting.present, invited=meeting.invited)
    if meeting.present < conf.quorum * meeting.invited:
        raise InputError(N_("Only {present} of {invited} invited were present, fewer than "
                            "{share} %: the meeting is not valid."), present=meeting.present,
                         invited=meeting.invited, share=engine.fmt(100 * conf.quorum))
    g = grid.load_grid(session, commune_code, year)
    unscored = [r.name for r in g.rows if r.result[grid.COUNCIL].status == engine.CHUA_CHAM]
    if unscored:
        raise InputError(N_("These villages are not fully scored yet: {villages}."),
                         villages=", ".join(unscored[:8]))
    names = {r.code: r.name for r in g.rows}
    for code, votes in meeting.votes.items():
        if code not in names:
            raise InputError(N_("The village {village} is not in this commune."), village=code)
        if votes < 0 or votes > meeting.present:
            raise InputError(N_("{village}: {votes} votes, more than the {present} present."),
                             village=names[code], votes=votes, present=meeting.present)
    missing = [names[c] for c in names if c not in meeting.votes]
    if missing:
        raise InputError(N_("Type the votes for every village: {villages}."),
                         villages=", ".join(missing[:8]))
    review.meeting_on = meeting.held_on
    review.chair, review.secretary = text.clean(meeting.chair), text.clean(meeting.secretary)
    review.invited, review.present = meeting.invited, meeting.present
    review.voting_method, review.meeting_place = (text.clean(meeting.voting_method),
                                                  text.clean(meeting.place))
    for row in g.rows:
        row.votes_for = meeting.votes[row.code]
    g.state, g.present, g.approval = ReviewState.REVIEWED, meeting.present, conf.approval
    g.recompute()
    grid.store_grid(session, g, {r.code for r in g.rows})
    session.execute(update(VillageScore).where(
        VillageScore.year == year, VillageScore.village_code.in_(list(names)))
        .values(reviewed_on=meeting.held_on))
    _record(session, review, ReviewState.REVIEWED, user)
    return g


def post_list(session: Session, commune_code: str, year: int, posting: Posting,
              user: str = "") -> None:
    """đã bình xét → đang công khai: where and from when to when the list is posted."""
    access.require_unit(session, commune_code, write=True)
    review = _review(session, commune_code, year)
    _expect(review, ReviewState.REVIEWED)
    if not posting.place.strip():
        raise InputError(N_("Type where the list is posted."))
    if review.meeting_on and posting.posted_from < review.meeting_on:
        raise InputError(N_("The posting cannot start before the meeting ({date})."),
                         date=format_date(review.meeting_on))
    end = posting.posted_to or posting.posted_from + timedelta(
        days=settings.load(session).posting_days)
    if end < posting.posted_from:
        raise InputError(N_("The posting cannot end before it starts."))
    review.posted_place, review.posted_from, review.posted_to = (
        text.clean(posting.place), posting.posted_from, end)
    review.objections = text.clean(posting.objections)
    _record(session, review, ReviewState.POSTED, user)


def decide(session: Session, commune_code: str, year: int, decision: DecisionInfo,
           user: str = "") -> None:
    """đang công khai → đã quyết định: the decision recognising the villages that passed."""
    access.require_unit(session, commune_code, write=True)
    access.require_role(session, Role.COMMUNE_LEADER)
    review = _review(session, commune_code, year)
    _expect(review, ReviewState.POSTED)
    number = text.clean(decision.number)
    if not number:
        raise InputError(N_("Type the number of the decision."))
    if review.meeting_on and decision.decided_on < review.meeting_on:
        raise InputError(N_("The decision ({date}) cannot be dated before the meeting "
                            "({meeting})."), date=format_date(decision.decided_on),
                         meeting=format_date(review.meeting_on))
    if review.posted_from and decision.decided_on < review.posted_from:
        raise InputError(N_("The decision cannot be dated before the public posting."))
    review.decision_number, review.decided_on = number, decision.decided_on
    review.authority = text.clean(decision.authority) or default_authority(session, year)
    codes = [v.code for v in grid.villages_of(session, commune_code)]
    session.execute(update(VillageScore).where(
        VillageScore.year == year, VillageScore.village_code.in_(codes),
        VillageScore.passed.is_(True)).values(decision_number=number,
                                              decided_on=decision.decided_on))
    _record(session, review, ReviewState.DECIDED, user)


def lock(session: Session, commune_code: str, year: int, user: str = "") -> None:
    """đã quyết định → khóa: the year's results no longer change."""
    access.require_unit(session, commune_code, write=True)
    access.require_role(session, Role.COMMUNE_LEADER)
    review = _review(session, commune_code, year)
    _expect(review, ReviewState.DECIDED)
    _record(session, review, ReviewState.LOCKED, user)


def unlock(session: Session, commune_code: str, year: int, reason: str, user: str = "") -> None:
    """khóa → đang chấm, with the reason recorded (the decision has to be made again)."""
    access.require_unit(session, commune_code, write=True)
    access.require_role(session, Role.COMMUNE_LEADER)
    review = _review(session, commune_code, year)
    _expect(review, ReviewState.LOCKED, ReviewState.DECIDED)
    if len(text.clean(reason)) < 5:
        raise InputError(N_("Type the reason for unlocking the year (at least a few words)."))
    _record(session, review, ReviewState.DRAFT, user, reason)


def reopen(session: Session, commune_code: str, year: int, reason: str, user: str = "") -> None:
    """Back to scoring from the review or the posting (e.g. an objection upheld)."""
    access.require_unit(session, commune_code, write=True)
    review = _review(session, commune_code, year)
    _expect(review, ReviewState.REVIEWED, ReviewState.POSTED)
    if len(text.clean(reason)) < 5:
        raise InputError(N_("Type the reason for returning the year to scoring."))
    _record(session, review, ReviewState.DRAFT, user, reason)


def failed_json(score: VillageScore) -> list[dict[str, str]]:
    return list(json.loads(score.failed or "[]"))
