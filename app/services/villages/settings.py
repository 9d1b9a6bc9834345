"""Settings of the yearly village review: quorum, approval, posting days, honours.

Decree 86 leaves these to practice and the province (DOMAIN §2, "verify"): they are
settings with the historical defaults, kept in the ``settings`` table.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from sqlalchemy.orm import Session

from app.errors import InputError
from app.i18n import N_
from app.models import Setting

PREFIX = "villages."


@dataclass
class ReviewSettings:
    """The review's numbers (shares as fractions)."""

    quorum: float = 0.6  # of those invited, present for a valid meeting
    approval: float = 0.6  # of those present, voting for a village
    posting_days: int = 10  # public posting of the list
    honour_years: int = 5  # consecutive years for a Giấy khen
    honour_cap: float = 0.15  # share of the eligible villages proposed
    commune_decides_from: int = 2025  # from this year the commune chairman decides


def load(session: Session) -> ReviewSettings:
    out = ReviewSettings()
    for f in fields(out):
        row = session.get(Setting, PREFIX + f.name)
        if row is not None and row.value:
            setattr(out, f.name, type(getattr(out, f.name))(float(row.value))
                    if isinstance(getattr(out, f.name), int) else float(row.value))
    return out


def save(session: Session, values: ReviewSettings) -> None:
    """Store the settings (province-wide: refused for an account of one commune)."""
    from app.services import access

    access.require_unit(session, None, write=True)
    if values.posting_days < 1 or values.honour_years < 2:
        raise InputError(N_("The posting lasts at least one day and an honour needs at least "
                            "two years in a row."))
    for share in ("quorum", "approval", "honour_cap"):
        if not 0 < getattr(values, share) <= 1:
            raise InputError(N_("A share must be between 0 and 100 %."))
    for f in fields(values):
        row = session.get(Setting, PREFIX + f.name)
        value = str(getattr(values, f.name))
        if row is None:
            session.add(Setting(key=PREFIX + f.name, value=value))
        else:
            row.value = value
    session.flush()
