"""Reading a package: decrypt, verify the signature against the enrolled key, check the
recipient, the format and schema, every member's hash and size, and every row."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import InputError
from app.i18n import N_
from app.models import SyncOffice
from app.services.sync import continuity, keys, package, sealing
from app.services.sync.tables import BadValue, from_json, travelling_tables


class UnknownSender(InputError):
    """A package from an office whose key is not enrolled here (enrolment is offered)."""


@dataclass
class Verified:
    """A package whose every check passed: the manifest and the rows as database values."""

    manifest: dict
    manifest_hash: str
    file_hash: str
    rows: dict[str, list[dict]] = field(default_factory=dict)
    # What was read, so a second read of the same bytes in the writing transaction redoes
    # every check against this office's keys without decrypting and parsing again.
    signature: bytes = field(default=b"", repr=False)
    manifest_bytes: bytes = field(default=b"", repr=False)
    source: bytes | None = field(default=None, repr=False)
    opened_with: str = ""

    @property
    def package_id(self) -> str:
        return str(self.manifest["package_id"])

    @property
    def sender(self) -> str:
        return str(self.manifest["sender_unit"])

    @property
    def sequence(self) -> int:
        return int(self.manifest["sequence"])


def _newer() -> InputError:
    return InputError(N_("The package was made by a newer version of DHTT. Update the "
                         "program (cập nhật chương trình) and import it again."))


REQUIRED = {"package_id": str, "kind": str, "sender_unit": str, "sender_key_id": str,
            "recipient_unit": str, "recipient_key_id": str, "sequence": int,
            "prev_hash": str, "format": int, "schema": int, "counts": dict,
            "last_received": dict, "sender_site": str}


def read_package(session: Session, data: bytes, prior: Verified | None = None) -> Verified:
    """Every check of an incoming package; raises InputError with the reason.

    ``prior``: what an earlier read of the very same bytes found (in another session). The
    decrypted contents and the parsed rows depend only on the bytes and this office's key,
    so they are taken over when the key is the same; every check that depends on the
    database (recipient, enrolled key, revocation, signature, schema) is made again here."""
    if len(data) > package.MAX_FILE:
        raise InputError(N_("The package is larger than allowed; it is refused."))
    me = keys.identity(session)
    header, _offset = sealing.read_header(data)
    if not isinstance(header.get("format"), int) or header["format"] > package.FORMAT:
        raise _newer()
    if header.get("recipient_unit") != me.unit_code or header.get("recipient_key_id") != me.key_id:
        if header.get("recipient_unit") != me.unit_code:
            raise InputError(N_("This package is for unit {unit}, not for this office "
                                "({me}). Give it to the office it is for."),
                             unit=str(header.get("recipient_unit"))[:20], me=me.unit_code)
        raise InputError(N_("This package was encrypted to another key of unit {unit} (an "
                            "older key of this office, or another installation). Ask the "
                            "sender to enrol this office's current key and send it again."),
                         unit=me.unit_code)
    reuse = prior is not None and prior.source is data and prior.opened_with == me.key_id
    if reuse:
        assert prior is not None
        zf = None
        manifest = json.loads(prior.manifest_bytes)
        manifest_bytes, signature = prior.manifest_bytes, prior.signature
    else:
        _header, plain = sealing.unseal(data, keys.box_private(session))
        zf, manifest, manifest_bytes, signature = package.open_zip(plain)
    for name, kind in REQUIRED.items():
        if not isinstance(manifest.get(name), kind) or isinstance(manifest.get(name), bool):
            raise InputError(N_("The package is damaged: its contents do not match what the "
                                "sender signed. Ask the sender to send it again."))
    if not continuity.valid(manifest):
        raise InputError(N_("The package is damaged: its contents do not match what the "
                            "sender signed. Ask the sender to send it again."))
    sender = manifest["sender_unit"]
    office = session.scalar(select(SyncOffice).where(
        SyncOffice.unit_code == sender, SyncOffice.key_id == manifest["sender_key_id"]))
    if office is None:
        if keys.active_office(session, sender) is None:
            raise UnknownSender(N_("The package comes from unit {unit}, whose key is not "
                                   "enrolled here. Enrol that office's key file (after "
                                   "comparing the fingerprint by phone) and import again."),
                                unit=sender[:20])
        raise InputError(N_("The package claims to come from unit {unit} but is signed with "
                            "a key not enrolled for that office. It is refused."), unit=sender[:20])
    if office.revoked_at is not None:
        raise InputError(N_("The package is signed with a key of unit {unit} that was revoked "
                            "on {date} ({reason}). It is refused."), unit=sender,
                         date=f"{office.revoked_at:%d/%m/%Y}", reason=office.revoked_reason)
    if not keys.verify(office, signature, manifest_bytes):
        raise InputError(N_("The signature of the package does not match the key of unit "
                            "{unit}: it was changed or signed by someone else. It is refused."),
                         unit=sender)
    if manifest["format"] > package.FORMAT or manifest["schema"] > package.schema_version():
        raise _newer()
    if manifest["recipient_unit"] != me.unit_code or manifest["recipient_key_id"] != me.key_id:
        raise InputError(N_("This package is for unit {unit}, not for this office ({me}). "
                            "Give it to the office it is for."),
                         unit=manifest["recipient_unit"], me=me.unit_code)
    if reuse:
        assert prior is not None
        return Verified(manifest, prior.manifest_hash, prior.file_hash, prior.rows,
                        signature, manifest_bytes, data, me.key_id)
    assert zf is not None
    raw_rows, files = package.read_members(zf, manifest)
    tables = travelling_tables()
    rows: dict[str, list[dict]] = {}
    for name in raw_rows:
        if name not in tables:
            raise InputError(N_("The package holds rows of a table this program does not "
                                "know ({table}); it is refused. Update the program if the "
                                "sender has a newer version."), table=name)
    for name, table in tables.items():
        if name not in raw_rows:
            continue
        items = []
        for number, obj in enumerate(_parse_lines(raw_rows[name], name), start=1):
            try:
                items.append(from_json(table, obj, files))
            except (ValueError, BadValue, RecursionError) as exc:
                raise _malformed(number, name, exc) from exc
        if manifest["counts"].get(name) != len(items):
            raise InputError(N_("The package is damaged: its contents do not match what the "
                                "sender signed. Ask the sender to send it again."))
        rows[name] = items
    return Verified(manifest, hashlib.sha256(manifest_bytes).hexdigest(),
                    hashlib.sha256(data).hexdigest(), rows, signature, manifest_bytes, data,
                    me.key_id)


def _malformed(number: int, table: str, exc: BaseException) -> InputError:
    return InputError(N_("Row {row} of table {table} in the package is malformed "
                         "({detail}); the package is refused."),
                      row=number, table=table, detail=str(exc)[:80])


def _parse_lines(body: bytes, table: str) -> list:
    """The JSON objects of a rows member, one a line: parsed as one array (one call of the
    parser instead of one a row); when that fails or finds other than one value a line,
    line by line, to name the malformed row."""
    lines = body.splitlines()
    try:
        values = json.loads(b"[" + b",".join(lines) + b"]")
        if len(values) == len(lines):
            return values
    except (ValueError, RecursionError):
        pass
    values = []
    for number, line in enumerate(lines, start=1):
        try:
            values.append(json.loads(line))
        except (ValueError, RecursionError) as exc:
            raise _malformed(number, table, exc) from exc
    return values
