"""Who is acting, and what they may see and change (account scope, issue 11).

Every service call carries the acting account on its session: the window's operations and
the CLI put it there with :func:`act_as`; services ask :func:`require_unit`,
:func:`require_role` and :func:`unit_filter` before they read or write. With no account on
the session (an office that turned login off, the demo, migrations) everything is allowed,
as before accounts existed.

This module is the one interface the other services use; issue 11 fills in the rules.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.errors import DomainError

ACTOR_KEY = "dhtt_actor"


class Role:
    """Roles of an account."""

    COMMUNE_STAFF = "commune_staff"
    COMMUNE_LEADER = "commune_leader"  # approves and signs: decisions, locking, unlocking
    PROVINCE_STAFF = "province_staff"
    ADMIN = "admin"

    ALL = (COMMUNE_STAFF, COMMUNE_LEADER, PROVINCE_STAFF, ADMIN)


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
    return session


def current_actor(session: Session) -> Actor | None:
    """The account acting on ``session``, or ``None`` when login is off."""
    return session.info.get(ACTOR_KEY)


def actor_name(session: Session) -> str:
    """The acting account's name for history and the audit trail ('' when login is off)."""
    actor = current_actor(session)
    return actor.username if actor else ""


def require_unit(session: Session, unit_code: str | None, *, write: bool = False) -> None:
    """Refuse (``AccessDenied``) when ``unit_code`` is outside the acting account's scope."""
    # Filled in by issue 11: allowed when no actor, or unit_code is the actor's unit or below.
    return None


def require_role(session: Session, *roles: str) -> None:
    """Refuse (``AccessDenied``) unless the acting account has one of ``roles``."""
    # Filled in by issue 11 (administrators pass every check).
    return None


def unit_filter(session: Session, column):  # noqa: ANN001, ANN201 - SQL column / clause
    """A WHERE clause keeping rows whose ``column`` (a unit code) is in the actor's scope,
    or ``None`` when nothing needs filtering."""
    # Filled in by issue 11.
    return None

