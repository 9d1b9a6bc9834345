"""Local accounts: passwords, logging in, the lock after repeated failures, login on/off.

Passwords are kept only as an scrypt key (memory-hard, in the standard library, so the
installer carries no extra native library). Logging in runs in its own transaction so a
failed attempt is counted and recorded even though nothing else happens.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import DomainError, InputError
from app.i18n import N_
from app.models import AdminUnit, Setting, User
from app.models.base import utcnow
from app.services import audit
from app.services.access import (
    Actor,
    Role,
    current_actor,
    note_refusal,
    require_role,
    require_unit,
)

LOGIN_KEY = "login_required"
LOCK_MINUTES_KEY = "login_lock_minutes"
MAX_FAILURES = 5
DEFAULT_LOCK_MINUTES = 15
MIN_PASSWORD = 8
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,59}$")

# scrypt cost: 2^14 × 8 × 128 bytes = 16 MB of memory per attempt (about 50 ms).
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2 ** 14, 8, 1


class LoginError(DomainError):
    """The account name and password do not open the program (wrong, locked, disabled)."""


def hash_password(password: str) -> str:
    """The stored form ``scrypt$n$r$p$salt$key`` of ``password``."""
    salt = os.urandom(16)
    key = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R,
                         p=SCRYPT_P, maxmem=64 * 1024 * 1024, dklen=32)
    b64 = base64.b64encode
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${b64(salt).decode()}${b64(key).decode()}"


def check_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches the stored form (constant-time comparison)."""
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(key)
        got = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n),
                             r=int(r), p=int(p), maxmem=64 * 1024 * 1024, dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


def check_new_password(password: str, session: Session | None = None) -> None:
    """Refuse a weak password (recorded in the audit trail when ``session`` is given)."""
    if len(password) < MIN_PASSWORD:
        error = InputError(N_("The password is too short: use at least {n} characters."),
                           n=MIN_PASSWORD)
        if session is not None:
            note_refusal(session, error)
        raise error


# --- settings --------------------------------------------------------------------------------


def _setting(session: Session, key: str) -> str | None:
    row = session.get(Setting, key)
    return row.value if row else None


def _set(session: Session, key: str, value: str) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    elif row.value != value:
        row.value = value


def login_required(session: Session) -> bool:
    """Whether the program asks for an account and password (off: one local account)."""
    return _setting(session, LOGIN_KEY) == "1"


def set_login_required(session: Session, on: bool) -> None:
    """Turn login on or off (administrators only; on needs an active administrator)."""
    require_role(session, Role.ADMIN)
    if on and not session.scalar(select(func.count()).select_from(User).where(
            User.role == Role.ADMIN, User.disabled.is_(False), User.deleted.is_(False),
            User.password_hash != "")):
        raise InputError(N_("Create an administrator account before turning login on."))
    _set(session, LOGIN_KEY, "1" if on else "0")


def lock_minutes(session: Session) -> int:
    value = _setting(session, LOCK_MINUTES_KEY)
    return int(value) if value and value.isdigit() else DEFAULT_LOCK_MINUTES


# --- accounts --------------------------------------------------------------------------------


@dataclass
class UserInfo:
    """An account as the management window and ``users list`` show it."""

    username: str
    full_name: str
    role: str
    unit_code: str | None
    disabled: bool
    locked_until: datetime | None
    last_login_at: datetime | None

    def as_json(self) -> dict[str, Any]:
        return {"username": self.username, "full_name": self.full_name, "role": self.role,
                "unit_code": self.unit_code, "disabled": self.disabled,
                "locked": bool(self.locked_until and self.locked_until > utcnow()),
                "last_login_at": self.last_login_at.isoformat(sep=" ", timespec="seconds")
                if self.last_login_at else None}


def _user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username.strip().lower(),
                                             User.deleted.is_(False)))
    if user is None:
        raise InputError(N_("There is no account named {name}."), name=username)
    return user


def actor_of(user: User) -> Actor:
    return Actor(username=user.username, role=user.role, unit_code=user.unit_code,
                 user_id=user.id)


def add_user(session: Session, username: str, password: str, *, role: str,
             unit_code: str | None, full_name: str = "") -> User:
    """Create an account (administrators only, or anyone while login is off)."""
    require_role(session, Role.ADMIN)
    name = username.strip().lower()
    if not NAME_RE.match(name):
        raise InputError(N_("The account name {name} is not valid: use 2 to 60 letters "
                            "without diacritics, digits, dots, dashes or underscores."),
                         name=username)
    if role not in Role.ALL:
        raise InputError(N_("Unknown role {role}."), role=role)
    if unit_code is None and role != Role.ADMIN:
        raise InputError(N_("Give the unit the account works for."))
    if unit_code is not None:
        if session.scalar(select(AdminUnit.code).where(AdminUnit.code == unit_code)) is None:
            raise InputError(N_("There is no administrative unit with code {code}."),
                             code=unit_code)
        require_unit(session, unit_code, write=True)
    check_new_password(password, session)
    if session.scalar(select(User.id).where(User.username == name)):
        raise InputError(N_("An account named {name} already exists."), name=name)
    user = User(username=name, full_name=full_name.strip(), role=role, unit_code=unit_code,
                password_hash=hash_password(password), owner_unit_code=unit_code)
    session.add(user)
    session.flush()
    return user


def list_users(session: Session) -> list[UserInfo]:
    """Every account, by name."""
    users = session.scalars(select(User).where(User.deleted.is_(False))
                            .order_by(User.username))
    return [UserInfo(u.username, u.full_name, u.role, u.unit_code, u.disabled,
                     u.locked_until, u.last_login_at) for u in users]


def set_disabled(session: Session, username: str, disabled: bool = True) -> None:
    """Disable (or enable again) an account (administrators only)."""
    require_role(session, Role.ADMIN)
    user = _user(session, username)
    actor = current_actor(session)
    if disabled and actor is not None and actor.username == user.username:
        raise InputError(N_("You cannot disable your own account."))
    user.disabled = disabled
    if not disabled:
        user.failed_logins, user.locked_until = 0, None


def reset_password(session: Session, username: str, password: str) -> None:
    """Give an account a new password and lift its lock (administrators only)."""
    require_role(session, Role.ADMIN)
    check_new_password(password, session)
    user = _user(session, username)
    user.password_hash = hash_password(password)
    user.failed_logins, user.locked_until = 0, None


def change_own_password(session: Session, username: str, old: str, new: str) -> None:
    """A user changes their own password (the old one is asked again)."""
    user = _user(session, username)
    if not check_password(old, user.password_hash):
        raise note_refusal(session, LoginError(N_("The current password is wrong.")))
    check_new_password(new, session)
    user.password_hash = hash_password(new)


# --- logging in --------------------------------------------------------------------------------


def authenticate(db: Any, username: str, password: str, *,
                 now: datetime | None = None) -> Actor:
    """The account for ``username`` and ``password``, or ``LoginError`` (counted and
    recorded: after 5 wrong passwords in a row the account is locked for a while).

    A database opened read-only (a file on a read-only share) is only checked: nothing can
    be counted or recorded in it."""
    now = now or utcnow()
    record = not getattr(db, "read_only", False)
    name = username.strip().lower()
    error: LoginError | None = None
    actor: Actor | None = None
    # Read-only: the changes below stay in memory and are dropped with the session.
    with (db.transaction() if record else db.session()) as session, session.no_autoflush:
        user = session.scalar(select(User).where(User.username == name,
                                                 User.deleted.is_(False)))
        if user is None:
            error = LoginError(N_("Wrong account name or password."))
        elif user.disabled:
            error = LoginError(N_("The account {name} is disabled. Ask the administrator."),
                               name=name)
        elif user.locked_until and user.locked_until > now:
            error = LoginError(N_("The account {name} is locked after {n} wrong passwords "
                                  "until {time}. Wait, or ask the administrator to reset "
                                  "the password."), name=name, n=MAX_FAILURES,
                               time=_local_time(user.locked_until))
        elif not check_password(password, user.password_hash):
            user.failed_logins += 1
            if user.failed_logins >= MAX_FAILURES:
                user.locked_until = now + timedelta(minutes=lock_minutes(session))
                user.failed_logins = 0
                error = LoginError(N_("Wrong password. The account {name} is now locked "
                                      "until {time}."), name=name,
                                   time=_local_time(user.locked_until))
            else:
                error = LoginError(N_("Wrong account name or password."))
        else:
            user.failed_logins, user.locked_until, user.last_login_at = 0, None, now
            actor = actor_of(user)
        if record:
            audit.record(session, audit.Action.LOGIN if actor else audit.Action.LOGIN_FAILED,
                         table_name="users", row_id=user.id if user else "",
                         unit_code=(user.unit_code or "") if user else "",
                         detail={"message": error.message()} if error else {}, user_name=name)
    if error is not None:
        raise error
    assert actor is not None
    return actor


def _local_time(at: datetime) -> str:
    from datetime import UTC

    return at.replace(tzinfo=UTC).astimezone().strftime("%H:%M %d/%m/%Y")


def make_administrator(session: Session, username: str, password: str,
                       unit_code: str | None) -> User:
    """The first administrator (``init --admin`` and the first-run dialog): login on."""
    user = add_user(session, username, password, role=Role.ADMIN, unit_code=unit_code)
    _set(session, LOGIN_KEY, "1")
    return user
