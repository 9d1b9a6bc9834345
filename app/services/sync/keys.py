"""This installation's identity (unit, Ed25519 signing key, X25519 encryption key) and the
offices whose public keys are enrolled here.

The keys are made the first time sync is used. A public key file is small JSON; the
fingerprint is 16 letters and digits in four groups, short enough to read out by phone.
An enrolled key is replaced only with a reason; the old one is kept, revoked.
"""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.errors import InputError
from app.i18n import N_
from app.models import AdminUnit, SyncInstallation, SyncOffice
from app.models.base import utcnow
from app.services.access import actor_name, require_unit

KEY_FILE_FORMAT = "dhtt-public-key"
MAX_KEY_FILE = 16 * 1024


def key_id_of(sign_public: bytes, box_public: bytes) -> str:
    return hashlib.sha256(b"dhtt-key-id" + sign_public + box_public).hexdigest()[:16]


def fingerprint_of(sign_public: bytes, box_public: bytes) -> str:
    """Four groups of four characters (80 bits) two people compare by phone."""
    digest = hashlib.sha256(b"dhtt-fingerprint-v1" + sign_public + box_public).digest()[:10]
    text = base64.b32encode(digest).decode()
    return "-".join(text[i:i + 4] for i in range(0, 16, 4))


@dataclass(frozen=True)
class Identity:
    """This installation as other offices see it."""

    site_id: str
    unit_code: str
    key_id: str
    sign_public: bytes
    box_public: bytes
    fingerprint: str
    created_at: datetime


def _office_unit(session: Session) -> str:
    from app.services.reference import office_unit_code

    code = office_unit_code(session)
    if not code:
        raise InputError(N_("This office's unit is not chosen yet. Choose it first "
                            "(dhtt init --unit CODE)."))
    return code


def ensure_identity(session: Session) -> SyncInstallation:
    """This installation's row with its keys, made on first use."""
    inst = session.get(SyncInstallation, 1)
    if inst is None:
        inst = SyncInstallation(id=1, site_id="", change_seq=0)
        session.add(inst)
        session.flush()
    if inst.sign_private and inst.box_private and inst.site_id:
        unit = _office_unit(session)
        if inst.unit_code != unit:
            inst.unit_code = unit
        return inst
    unit = _office_unit(session)
    sign = Ed25519PrivateKey.generate()
    box = X25519PrivateKey.generate()
    inst.sign_private = sign.private_bytes_raw()
    inst.box_private = box.private_bytes_raw()
    inst.key_id = key_id_of(sign.public_key().public_bytes_raw(), box.public_key().public_bytes_raw())
    inst.site_id = str(uuid.uuid4())
    inst.unit_code = unit
    inst.created_at = utcnow()
    session.flush()
    _claim_unsigned_changes(session, inst.site_id)
    return inst


def _claim_unsigned_changes(session: Session, site_id: str) -> None:
    """Rows changed here before the keys existed carry no installation: they become this
    installation's versions, so they never look like the seeded version of another office.
    """
    from app.services.sync.tables import seeded_clause, travelling_tables

    conn = session.connection()
    for table in travelling_tables().values():
        # Seeded rows changed here: based on the seeded version every office has.
        conn.execute(update(table).where(table.c.version_site == "", table.c.row_version > 1)
                     .values(version_site=site_id, base_version=1, base_site=""))
        # Rows made here (demo, register): this installation's first versions.
        conn.execute(update(table).where(table.c.version_site == "", ~seeded_clause(table))
                     .values(version_site=site_id))


def identity(session: Session) -> Identity:
    inst = ensure_identity(session)
    assert inst.sign_private and inst.box_private and inst.key_id and inst.unit_code
    sign_public = Ed25519PrivateKey.from_private_bytes(inst.sign_private).public_key().public_bytes_raw()
    box_public = X25519PrivateKey.from_private_bytes(inst.box_private).public_key().public_bytes_raw()
    return Identity(inst.site_id, inst.unit_code, inst.key_id, sign_public, box_public,
                    fingerprint_of(sign_public, box_public), inst.created_at)


def sign(session: Session, data: bytes) -> bytes:
    inst = ensure_identity(session)
    assert inst.sign_private
    return Ed25519PrivateKey.from_private_bytes(inst.sign_private).sign(data)


def box_private(session: Session) -> bytes:
    inst = ensure_identity(session)
    assert inst.box_private
    return inst.box_private


def public_key_document(session: Session) -> dict:
    me = identity(session)
    unit = session.scalar(select(AdminUnit).where(AdminUnit.code == me.unit_code))
    return {
        "format": KEY_FILE_FORMAT, "version": 1, "unit_code": me.unit_code,
        "unit_name": unit.full_name if unit else "", "site_id": me.site_id,
        "key_id": me.key_id, "sign_public": base64.b64encode(me.sign_public).decode(),
        "box_public": base64.b64encode(me.box_public).decode(),
        "fingerprint": me.fingerprint, "created_at": me.created_at.isoformat(),
    }


def export_public_key(session: Session, path: Path) -> Path:
    """Write this office's public keys (no secret) to ``path``."""
    from app.services.sync.package import atomic_write

    data = json.dumps(public_key_document(session), ensure_ascii=False, indent=2).encode()
    atomic_write(Path(path), data)
    return Path(path)


@dataclass(frozen=True)
class KeyFile:
    """A public key file as read, before enrolment."""

    unit_code: str
    unit_name: str
    site_id: str
    key_id: str
    sign_public: bytes
    box_public: bytes
    fingerprint: str


def read_key_file(path: Path) -> KeyFile:
    """Read and check an office's public key file."""
    bad = N_("The file {path} is not a DHTT public key file.")
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(N_("Cannot read the file {path}: {error}"), path=str(path),
                         error=exc.strerror or str(exc)) from exc
    if len(raw) > MAX_KEY_FILE:
        raise InputError(bad, path=str(path))
    try:
        doc = json.loads(raw)
        if doc.get("format") != KEY_FILE_FORMAT:
            raise ValueError
        sign_public = base64.b64decode(doc["sign_public"], validate=True)
        box_public = base64.b64decode(doc["box_public"], validate=True)
        Ed25519PublicKey.from_public_bytes(sign_public)
        if len(box_public) != 32:
            raise ValueError
        unit_code, site_id = str(doc["unit_code"]), str(doc["site_id"])
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(bad, path=str(path)) from exc
    return KeyFile(unit_code, str(doc.get("unit_name", "")), site_id,
                   key_id_of(sign_public, box_public), sign_public, box_public,
                   fingerprint_of(sign_public, box_public))


def active_office(session: Session, unit_code: str) -> SyncOffice | None:
    return session.scalar(select(SyncOffice).where(SyncOffice.unit_code == unit_code,
                                                   SyncOffice.revoked_at.is_(None)))


def enroll(session: Session, key: KeyFile, *, unit_code: str | None = None,
           reason: str = "") -> SyncOffice:
    """Enrol an office's key after the fingerprint was compared by phone.

    The same key again changes nothing. A different key for an office already enrolled
    (a lost or replaced PC) needs a reason; the old key is revoked with it.
    """
    unit = unit_code or key.unit_code
    if unit_code and unit_code != key.unit_code:
        raise InputError(N_("The key file belongs to unit {file_unit}, not to unit {unit}. "
                            "Check that you chose the right file."),
                         file_unit=key.unit_code, unit=unit_code)
    if session.scalar(select(AdminUnit.code).where(AdminUnit.code == unit)) is None:
        raise InputError(N_("Unknown unit code {code}."), code=unit)
    me = ensure_identity(session)
    require_unit(session, me.unit_code, write=True)
    if key.key_id == me.key_id:
        raise InputError(N_("This is this office's own key; enrol the key of the other office."))
    current = active_office(session, unit)
    if current is not None and current.key_id == key.key_id:
        return current
    if current is not None and not reason.strip():
        raise InputError(N_("Unit {unit} already has an enrolled key (fingerprint "
                            "{fingerprint}). Replacing it needs a reason (for example: the "
                            "office's computer was lost)."),
                         unit=unit, fingerprint=current.fingerprint)
    office = SyncOffice(unit_code=unit, site_id=key.site_id, key_id=key.key_id,
                        sign_public=key.sign_public, box_public=key.box_public,
                        fingerprint=key.fingerprint, enrolled_by=actor_name(session))
    session.add(office)
    session.flush()
    if current is not None:
        current.revoked_at = utcnow()
        current.revoked_reason = reason.strip()
        current.replaced_by = office.id
    return office


def offices(session: Session) -> list[SyncOffice]:
    return list(session.scalars(select(SyncOffice).order_by(SyncOffice.unit_code,
                                                            SyncOffice.enrolled_at)))


def verify(office: SyncOffice, signature: bytes, data: bytes) -> bool:
    from cryptography.exceptions import InvalidSignature

    try:
        Ed25519PublicKey.from_public_bytes(office.sign_public).verify(signature, data)
    except InvalidSignature:
        return False
    return True

