"""Who is acting, and what they may see and change (account scope, issue 11).

Every service call carries the acting account on its session: the window's operations and
the CLI put it there with :func:`act_as`; services ask :func:`require_unit`,
:func:`require_role` and :func:`unit_filter` before they read or write. With no account on
the session (an office that turned login off, the demo, migrations) everything is allowed,
as before accounts existed.

An account sees its own unit and every unit below it; an account bound to the province (the
top of the tree) and administrators see everything. A refusal is also written to the audit
trail (after the refused transaction is rolled back).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from app.codes import Role  # noqa: F401 - re-exported (the CLI names roles without the ORM)
from app.errors import DomainError
from app.i18n import N_

ACTOR_KEY = "dhtt_actor"
DENIALS_KEY = "dhtt_denials"
_PARENTS_KEY = "dhtt_unit_parents"
_SCOPE_KEY = "dhtt_scope"


class AccessDenied(DomainError):
    """The acting account may not see or do this (outside its unit, or not its role)."""


@dataclass(frozen=True)
class Actor:
    """The account a service call is made for."""

    username: str
    role: str
    unit_code: str | None  # the account sees this unit and the units below it
    user_id: str | None = None


def act_as(session: Session, actor: Actor | None) -> Session:
    """Put ``actor`` on ``session`` (``None``: no login, everything allowed)."""
    session.info[ACTOR_KEY] = actor
    session.info.pop(_SCOPE_KEY, None)
    return session


def bind_actor(db: Any, actor: Actor | None) -> None:
    """Make every later session of ``db`` (a ``Database``) act as ``actor``."""
    # sessionmaker merges its ``info`` into each new session's own dictionary.
    db._sessions.configure(info={ACTOR_KEY: actor})
    db.actor = actor


def current_actor(session: Session) -> Actor | None:
    """The account acting on ``session``, or ``None`` when login is off."""
    return session.info.get(ACTOR_KEY)


def actor_name(session: Session) -> str:
    """The acting account's name for history and the audit trail ('' when login is off)."""
    actor = current_actor(session)
    return actor.username if actor else ""


def _unit_parents(session: Session) -> dict[str, str | None]:
    """Every unit's parent (a few thousand rows), kept for the session."""
    cache = session.info.get(_PARENTS_KEY)
    if cache is None:
        from sqlalchemy import select

        from app.models import AdminUnit

        cache = {code: parent for code, parent in
                 session.execute(select(AdminUnit.code, AdminUnit.parent_code))}
        session.info[_PARENTS_KEY] = cache
    return cache


def scope_codes(session: Session, actor: Actor) -> set[str]:
    """The codes of the actor's unit and every unit below it."""
    cache = session.info.setdefault(_SCOPE_KEY, {})
    if actor.unit_code not in cache:
        children: dict[str | None, list[str]] = {}
        for code, parent in _unit_parents(session).items():
            children.setdefault(parent, []).append(code)
        out: set[str] = set()
        stack = [actor.unit_code] if actor.unit_code else []
        while stack:
            code = stack.pop()
            if code not in out:
                out.add(code)
                stack.extend(children.get(code, ()))
        cache[actor.unit_code] = out
    return cache[actor.unit_code]


def _sees_everything(session: Session, actor: Actor | None) -> bool:
    if actor is None or actor.role == Role.ADMIN:
        return True
    if not actor.unit_code:
        return False
    # An account bound to the top of the tree (the province) sees every unit.
    parents = _unit_parents(session)
    return actor.unit_code in parents and parents[actor.unit_code] is None


def in_scope(session: Session, unit_code: str | None) -> bool:
    """Whether the acting account may see records of ``unit_code``."""
    actor = current_actor(session)
    if _sees_everything(session, actor):
        return True
    assert actor is not None
    return unit_code is not None and unit_code in scope_codes(session, actor)


def note_refusal(session: Session, error: DomainError) -> DomainError:
    """Keep ``error`` on the session; it is written to the audit trail after the transaction
    ends: the refused change itself is rolled back, the refusal is not."""
    session.info.setdefault(DENIALS_KEY, []).append(error.message())
    return error


def _deny(session: Session, key: str, **params: object) -> AccessDenied:
    error = AccessDenied(key, **params)
    note_refusal(session, error)
    return error


def require_unit(session: Session, unit_code: str | None, *, write: bool = False) -> None:
    """Refuse (``AccessDenied``) when ``unit_code`` is outside the acting account's scope.

    Rows of no unit (the plan, province-wide settings) may be read by everyone and changed
    only by accounts that see every unit.
    """
    actor = current_actor(session)
    if _sees_everything(session, actor):
        return
    assert actor is not None
    if unit_code is None:
        if not write:
            return
        raise _deny(session, N_("The account {user} may not change province-wide data."),
                    user=actor.username)
    if unit_code not in scope_codes(session, actor):
        raise _deny(session, N_("The account {user} works for unit {own} and may not see or "
                                "change the records of unit {unit}."),
                    user=actor.username, own=actor.unit_code or "", unit=unit_code)


def require_role(session: Session, *roles: str) -> None:
    """Refuse (``AccessDenied``) unless the acting account has one of ``roles``."""
    actor = current_actor(session)
    if actor is None or actor.role == Role.ADMIN or actor.role in roles:
        return
    raise _deny(session, N_("The account {user} ({role}) may not do this: it is reserved "
                            "to {roles}."),
                user=actor.username, role=role_label(actor.role),
                roles=", ".join(role_label(r) for r in roles))


def unit_filter(session: Session, column):  # noqa: ANN001, ANN201 - SQL column / clause
    """A WHERE clause keeping rows whose ``column`` (a unit code) is in the actor's scope,
    or ``None`` when nothing needs filtering."""
    actor = current_actor(session)
    if _sees_everything(session, actor):
        return None
    assert actor is not None
    return column.in_(sorted(scope_codes(session, actor)))


ROLE_LABELS = {
    Role.COMMUNE_STAFF: N_("commune staff"),
    Role.COMMUNE_LEADER: N_("commune leader"),
    Role.PROVINCE_STAFF: N_("province staff"),
    Role.ADMIN: N_("administrator"),
}


def role_label(role: str) -> str:
    """The role's Vietnamese name."""
    from app.i18n import _

    return _(ROLE_LABELS[role]) if role in ROLE_LABELS else role
