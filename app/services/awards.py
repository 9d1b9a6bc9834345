"""Awards and the award register (sổ khen thưởng).

An award is proposed for a candidate or a village, then a decision (number, date,
authority, signer) is issued for a group of proposed awards. Issuing enters each award in
the register of its authority with the next number of the decision's year, in Vietnamese
order of the recipients; numbers only go up and are never reused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import text
from app.errors import InputError
from app.i18n import N_
from app.models import (
    AdminUnit,
    AuditEntry,
    Award,
    AwardForm,
    Candidate,
    Decision,
    RegisterCounter,
    Setting,
)
from app.services.access import Role, actor_name, require_role, require_unit, unit_filter
from app.unit_lines import UnitLineBook


class AwardStatus:
    PROPOSED = "proposed"   # đề nghị
    DECIDED = "decided"     # đã có quyết định, vào sổ
    REVOKED = "revoked"     # thu hồi: stays in the register, its number never reused

    ALL = (PROPOSED, DECIDED, REVOKED)


@dataclass
class AwardRow:
    id: str
    year: int
    form: str
    title: str
    recipient_name: str
    recipient_unit: str
    achievement: str
    status: str
    register_number: int | None
    decision_id: str | None
    decision_number: str | None
    decision_date: date | None
    authority_name: str | None
    candidate_id: str | None
    village_code: str | None
    kind: str  # candidate kind, or "village"
    proposed_at: datetime | None = None  # when the proposal was made (UTC)
    proposed_by: str = ""                # the account that made it ('' when login is off)
    unit_code: str | None = None  # the recipient's unit (candidate's unit or the village)


@dataclass
class DecisionInput:
    number: str
    signed_on: date | None
    authority_name: str  # "ỦY BAN NHÂN DÂN XÃ IA KHA"
    signer_title: str    # "CHỦ TỊCH", "PHÓ CHỦ TỊCH"
    signer_name: str
    signer_prefix: str = ""  # "TM.", "KT."
    place: str = "Gia Lai"
    authority_parent: str = ""  # "UBND HUYỆN IA GRAI" above the authority, when used


def authority_key(authority_name: str) -> str:
    """The register an authority keeps: its folded name ("ubnd-xa-ia-kha")."""
    folded = text.fold(authority_name.replace("ỦY BAN NHÂN DÂN", "UBND"))
    return "-".join(folded.split())[:60]


class UnitLines(UnitLineBook):
    """"Thôn Plei Ngol, xã Ia Kha, huyện Ia Grai" — a unit and its parents up to the district,
    as written on a certificate; all units read once, for lists of thousands of awards
    (the rule itself is :class:`app.unit_lines.UnitLineBook`)."""

    def __init__(self, session: Session) -> None:
        super().__init__(
            session.execute(select(AdminUnit.code, AdminUnit.unit_type, AdminUnit.name,
                                   AdminUnit.parent_code, AdminUnit.level)),
            session.execute(select(AdminUnit.code, AdminUnit.valid_from, AdminUnit.valid_to,
                                   AdminUnit.successor_code)))


def propose_award(session: Session, *, year: int, candidate_id: str | None = None,
                  village_code: str | None = None, form: str = AwardForm.GIAY_KHEN,
                  title: str = "", achievement: str = "") -> str:
    """Propose an award for a candidate or a village (status "proposed")."""
    if form not in (AwardForm.GIAY_KHEN, AwardForm.BANG_KHEN, AwardForm.VILLAGE_TITLE,
                    AwardForm.FAMILY_TITLE, AwardForm.OTHER):
        raise InputError(N_("Unknown form of award \"{form}\"."), form=form)
    if not 2000 <= year <= date.today().year + 1:
        raise InputError(N_("The year {year} is not plausible for an award."), year=year)
    unit_code: str | None
    if candidate_id:
        c = session.get(Candidate, candidate_id)
        if c is None or c.deleted:
            raise InputError(N_("This candidate no longer exists."))
        name, unit_code, owner = c.display_name, c.unit_code, c.owner_unit_code
        require_unit(session, unit_code, write=True)
        achievement = achievement or c.summary
    elif village_code:
        village = session.scalar(select(AdminUnit).where(AdminUnit.code == village_code))
        if village is None:
            raise InputError(N_("Unknown unit {code}."), code=village_code)
        name, unit_code, owner = village.full_name, village.parent_code, village.parent_code
        require_unit(session, unit_code, write=True)
    else:
        raise InputError(N_("Choose who receives the award."))
    require_unit(session, owner, write=True)
    double = session.scalar(select(Award.id).where(
        Award.deleted.is_(False), Award.status == AwardStatus.PROPOSED, Award.form == form,
        Award.year == year,
        Award.candidate_id == candidate_id if candidate_id else Award.village_code == village_code))
    if double:
        raise InputError(N_("{name} already has a proposal for this award in {year}, waiting "
                            "for a decision."), name=name, year=year)
    award = Award(candidate_id=candidate_id, village_code=village_code, form=form,
                  title=text.clean(title), recipient_name=name,
                  recipient_unit=UnitLines(session)(unit_code),
                  achievement=text.clean(achievement), year=year,
                  status=AwardStatus.PROPOSED, owner_unit_code=owner)
    session.add(award)
    session.flush()
    _record(session, "award_proposed", award, "")
    return award.id


def _record(session: Session, action: str, award: Award, detail: str) -> None:
    """The award's history, in the append-only audit trail (who, when, why)."""
    session.add(AuditEntry(user_name=actor_name(session), action=action, table_name="awards",
                           row_id=award.id, detail=detail))


def _open_award(session: Session, award_id: str) -> Award:
    award = session.get(Award, award_id)
    if award is None or award.deleted:
        raise InputError(N_("This award was removed in the meantime; the list is refreshed."))
    require_unit(session, award.owner_unit_code, write=True)
    return award


def withdraw_proposal(session: Session, award_id: str) -> None:
    """Withdraw a proposal not yet decided (rút đề nghị): removed from the lists, kept in
    the history."""
    award = _open_award(session, award_id)
    if award.status != AwardStatus.PROPOSED:
        raise InputError(N_("{name} has already been decided; a decided award can only be "
                            "revoked, with a reason."), name=award.recipient_name)
    award.deleted = True
    _record(session, "award_withdrawn", award, "")
    session.flush()


def revoke_award(session: Session, award_id: str, reason: str) -> None:
    """Revoke a decided award (thu hồi): it stays in the register under its number, which
    is never given to anyone else, marked as revoked with the reason."""
    reason = text.clean(reason)
    if not reason:
        raise InputError(N_("Enter the reason for revoking the award."))
    award = _open_award(session, award_id)
    if award.status != AwardStatus.DECIDED:
        raise InputError(N_("Only a decided award can be revoked; a proposal is withdrawn."))
    award.status = AwardStatus.REVOKED
    _record(session, "award_revoked", award, reason)
    session.flush()


def revocation_reason(session: Session, award_id: str) -> str:
    """Why a revoked award was revoked ('' if it was not)."""
    return session.scalar(select(AuditEntry.detail).where(
        AuditEntry.table_name == "awards", AuditEntry.row_id == award_id,
        AuditEntry.action == "award_revoked").order_by(AuditEntry.id.desc())) or ""


def check_decision(data: DecisionInput) -> list[str]:
    """What is missing before a decision can be issued (message keys, untranslated)."""
    problems = []
    if not text.clean(data.number):
        problems.append(N_("Enter the decision number (e.g. 125/QĐ-UBND)."))
    if data.signed_on is None:
        problems.append(N_("Enter the date the decision was signed."))
    elif data.signed_on > date.today():
        problems.append(N_("The decision date is in the future."))
    if not text.clean(data.authority_name):
        problems.append(N_("Enter the awarding authority (e.g. ỦY BAN NHÂN DÂN XÃ IA KHA)."))
    if not text.clean(data.signer_title):
        problems.append(N_("Enter the signer's title (e.g. CHỦ TỊCH)."))
    if not text.clean(data.signer_name):
        problems.append(N_("Enter the signer's full name."))
    return problems


def issue_decision(session: Session, data: DecisionInput, award_ids: list[str]) -> str:
    """Record the decision for the proposed awards and give each its register number
    (reserved to the leader, who signs)."""
    require_role(session, Role.COMMUNE_LEADER)
    problems = check_decision(data)
    if problems:
        raise InputError(problems[0])
    if not award_ids:
        raise InputError(N_("Choose the proposed awards this decision grants."))
    assert data.signed_on is not None
    key = authority_key(data.authority_name)
    number = text.clean(data.number)
    year = data.signed_on.year
    clash = session.scalar(select(Decision.id).where(
        Decision.authority_key == key, Decision.number == number, Decision.deleted.is_(False),
        func.strftime("%Y", Decision.signed_on) == str(year)))
    if clash:
        raise InputError(N_("Decision {number} of {year} is already recorded for this "
                            "authority."), number=number, year=year)
    awards = list(session.scalars(select(Award).where(Award.id.in_(award_ids),
                                                      Award.deleted.is_(False))))
    if len(awards) != len(set(award_ids)):
        raise InputError(N_("One of the chosen awards no longer exists."))
    for a in awards:
        require_unit(session, a.owner_unit_code, write=True)
    decided = [a.recipient_name for a in awards if a.status != AwardStatus.PROPOSED]
    if decided:
        raise InputError(N_("Already decided: {names}. Choose only proposed awards."),
                         names=", ".join(decided[:5]))
    decision = Decision(number=number, signed_on=data.signed_on,
                        authority_name=text.clean(data.authority_name).upper(),
                        authority_key=key, signer_name=text.clean(data.signer_name),
                        signer_title=text.clean(data.signer_title).upper(),
                        signer_prefix=text.clean(data.signer_prefix),
                        place=text.clean(data.place) or "Gia Lai",
                        owner_unit_code=awards[0].owner_unit_code)
    session.add(decision)
    session.flush()
    counter = session.scalar(select(RegisterCounter).where(
        RegisterCounter.authority_key == key, RegisterCounter.year == year))
    if counter is None:
        counter = RegisterCounter(authority_key=key, year=year, last_number=0)
        session.add(counter)
    # Vietnamese order of the recipients, people by given name (the list's order too).
    sort_keys = dict(session.execute(
        select(Candidate.id, Candidate.sort_key).where(
            Candidate.id.in_([a.candidate_id for a in awards if a.candidate_id]))).all())
    awards.sort(key=lambda a: sort_keys.get(a.candidate_id or "")
                or text.sort_key(a.recipient_name))
    for award in awards:
        counter.last_number += 1
        award.register_number = counter.last_number
        award.decision_id = decision.id
        award.status = AwardStatus.DECIDED
    session.flush()
    return decision.id


def list_awards(session: Session, *, year: int | None = None, decision_id: str | None = None,
                decision_number: str | None = None, decision_year: int | None = None,
                status: str | None = None,
                award_ids: list[str] | None = None, search: str = "",
                limit: int | None = None) -> list[AwardRow]:
    """Awards in register order (decided, by number) then proposals in Vietnamese order."""
    stmt = (select(Award, Decision, Candidate.kind, Candidate.sort_key, Candidate.unit_code)
            .outerjoin(Decision, Decision.id == Award.decision_id)
            .outerjoin(Candidate, Candidate.id == Award.candidate_id)
            .where(Award.deleted.is_(False)))
    scope = unit_filter(session, Award.owner_unit_code)
    if scope is not None:
        stmt = stmt.where(scope)
    if year:
        stmt = stmt.where(Award.year == year)
    if decision_id:
        stmt = stmt.where(Award.decision_id == decision_id)
    if decision_number:
        stmt = stmt.where(Decision.number == text.clean(decision_number))
    if decision_year:
        stmt = stmt.where(func.strftime("%Y", Decision.signed_on) == str(decision_year))
    if status:
        stmt = stmt.where(Award.status == status)
    if award_ids is not None:
        stmt = stmt.where(Award.id.in_(award_ids))
    rows = session.execute(stmt).all()
    proposers = dict(session.execute(
        select(AuditEntry.row_id, AuditEntry.user_name).where(
            AuditEntry.table_name == "awards", AuditEntry.action == "award_proposed")).all())
    terms = text.search_terms(search)
    unit_line = UnitLines(session)
    out = []
    for award, decision, kind, sort_key, unit_code in rows:
        if terms and not all(t in text.fold(award.recipient_name) for t in terms):
            continue
        out.append((
            (award.status == AwardStatus.PROPOSED, decision.signed_on if decision else None,
             award.register_number or 0, sort_key or text.sort_key(award.recipient_name)),
            AwardRow(award.id, award.year, award.form, award.title, award.recipient_name,
                     award.recipient_unit or unit_line(unit_code or award.village_code),
                     award.achievement, award.status,
                     award.register_number, award.decision_id,
                     decision.number if decision else None,
                     decision.signed_on if decision else None,
                     decision.authority_name if decision else None, award.candidate_id,
                     award.village_code, kind or "village", award.created_at,
                     proposers.get(award.id, ""), unit_code or award.village_code)))
    out.sort(key=lambda pair: (pair[0][0], -(pair[0][1].toordinal() if pair[0][1] else 0),
                               pair[0][2], pair[0][3]))
    result = [row for _key, row in out]
    return result[:limit] if limit else result


def list_decisions(session: Session) -> list[Decision]:
    return list(session.scalars(select(Decision).where(Decision.deleted.is_(False))
                                .order_by(Decision.signed_on.desc(), Decision.number)))


# --- printer calibration ---------------------------------------------------------------

def printer_offset(session: Session, printer: str) -> tuple[float, float]:
    """The X/Y shift in mm this office measured for ``printer`` (pre-printed blanks)."""
    row = session.get(Setting, f"printer_offset:{printer}")
    if row is None or not row.value:
        return (0.0, 0.0)
    try:
        x, y = row.value.split(",")
        return (float(x), float(y))
    except ValueError:
        return (0.0, 0.0)


def set_printer_offset(session: Session, printer: str, offset: tuple[float, float]) -> None:
    x, y = offset
    if abs(x) > 50 or abs(y) > 50:
        raise InputError(N_("A shift of more than 50 mm means the blank is in the wrong way "
                            "round; check the paper and measure again."))
    key = f"printer_offset:{printer}"
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=f"{x:.1f},{y:.1f}"))
    else:
        row.value = f"{x:.1f},{y:.1f}"
