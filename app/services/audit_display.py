"""How audit entries read in Vietnamese: field names, values, and which record they are about."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.i18n import N_, _
from app.models import Candidate
from app.services.labels import (
    AWARD_FORM_LABELS,
    GENDER_LABELS,
    KIND_LABELS,
    STATUS_LABELS,
    VERDICT_LABELS,
    label,
)

if TYPE_CHECKING:
    from app.services.audit import AuditLine

FIELD_LABELS = {
    "display_name": N_("name"), "ho": N_("family name"), "ten_dem": N_("middle name"),
    "ten": N_("given name"), "summary": N_("achievements"), "status": N_("status"),
    "status_date": N_("status date"), "unit_code": N_("unit"), "year": N_("year"),
    "kind": N_("kind"), "gender": N_("gender"), "birth_year": N_("birth year"),
    "birth_date": N_("date of birth"), "ethnicity": N_("ethnicity"),
    "workplace": N_("workplace"), "position": N_("position"), "note": N_("note"),
    "result": N_("result"), "assessed_on": N_("assessed on"), "assessor": N_("assessor"),
    "verdict": N_("verdict"), "title": N_("title"), "form": N_("form of award"),
    "recipient_name": N_("recipient"), "recipient_unit": N_("recipient's unit"),
    "achievement": N_("achievement"), "number": N_("number"), "signed_on": N_("signed on"),
    "signer_name": N_("signer"), "register_number": N_("register number"),
    "value": N_("value"), "username": N_("account"), "full_name": N_("full name"),
    "role": N_("role"), "disabled": N_("disabled"), "password_hash": N_("password"),
    "reason": N_("reason"), "from_status": N_("from status"), "to_status": N_("to status"),
    "changed_on": N_("changed on"), "user_name": N_("by"), "participants": N_("participants"),
    "held_on": N_("held on"), "message": N_("message"), "deleted": N_("deleted"),
    "file_name": N_("file"), "files": N_("files"), "name": N_("name"),
    "detail": N_("detail"),
}
# Keys, links and bookkeeping: not shown (the record column says which record it is).
HIDDEN = {"id", "owner_unit_code", "created_at", "updated_at"}
STATUS_FIELDS = {"status", "from_status", "to_status"}


def field_label(key: str) -> str:
    return _(FIELD_LABELS[key]) if key in FIELD_LABELS else key


def _value(key: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dict) and "bytes" in value:
        return _("{n} bytes").format(n=value["bytes"])
    text = str(value)
    if key in STATUS_FIELDS:
        return label(STATUS_LABELS, text)
    if key == "role":
        from app.services.access import role_label

        return role_label(text)
    for field, table in (("kind", KIND_LABELS), ("gender", GENDER_LABELS),
                         ("verdict", VERDICT_LABELS), ("form", AWARD_FORM_LABELS)):
        if key == field:
            return label(table, text)
    if len(text) == 10 and text[4] == "-" and text[7] == "-":  # an ISO date
        return f"{text[8:10]}/{text[5:7]}/{text[:4]}"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return text


def describe(line: AuditLine) -> str:
    """The changed fields as ``field: before → after`` in Vietnamese."""
    parts = []
    for key, change in line.changes.items():
        if key in HIDDEN or key.endswith("_id") or (key == "deleted" and change == [None, False]):
            continue
        if isinstance(change, list) and len(change) == 2:
            before, after = _value(key, change[0]), _value(key, change[1])
            if not before and not after:
                continue
            parts.append(f"{field_label(key)}: {before} → {after}" if before
                         else f"{field_label(key)}: {after}")
        else:
            parts.append(f"{field_label(key)}: {_value(key, change)}")
    return "; ".join(parts)


def record_labels(session: Session, lines: Iterable[AuditLine]) -> None:
    """Fill each line's ``record``: the candidate's name, the account, the setting."""
    lines = list(lines)
    wanted: dict[str, list[AuditLine]] = {}
    for line in lines:
        cid = line.row_id if line.table_name == "candidates" else None
        link = line.changes.get("candidate_id")
        if cid is None and isinstance(link, list):
            cid = link[1] or link[0]
        if cid:
            wanted.setdefault(str(cid), []).append(line)
        elif line.table_name == "users":
            name = line.changes.get("username")
            line.record = (name[1] or name[0]) if isinstance(name, list) else line.user_name
        elif line.table_name == "settings":
            line.record = line.row_id
        else:
            line.record = line.row_id[:8]
    if wanted:
        ids = list(wanted)
        for i in range(0, len(ids), 500):
            for cid, name in session.execute(select(Candidate.id, Candidate.display_name)
                                             .where(Candidate.id.in_(ids[i:i + 500]))):
                for line in wanted.pop(cid, []):
                    line.record = name
    for rest in wanted.values():
        for line in rest:
            line.record = line.row_id[:8]
