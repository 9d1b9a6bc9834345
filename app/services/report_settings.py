"""The office's usual signer and place for reports, kept between sessions."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app import text
from app.models import Setting

KEYS = ("signer_name", "signer_title", "signer_prefix", "place")


@dataclass
class SignerSettings:
    signer_name: str = ""
    signer_title: str = "CHỦ TỊCH"
    signer_prefix: str = "TM. ỦY BAN NHÂN DÂN"
    place: str = ""  # empty: the reporting unit's own place name


def load_options(session: Session) -> SignerSettings:
    out = SignerSettings()
    for key in KEYS:
        row = session.get(Setting, f"report.{key}")
        if row is not None:
            setattr(out, key, row.value)
    return out


def save_options(session: Session, settings: SignerSettings) -> None:
    for key in KEYS:
        value = text.clean(getattr(settings, key))
        row = session.get(Setting, f"report.{key}")
        if row is None:
            session.add(Setting(key=f"report.{key}", value=value))
        else:
            row.value = value
