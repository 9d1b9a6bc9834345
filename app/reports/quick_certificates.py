"""The certificates of ``dhtt print certificates`` read with Python's ``sqlite3`` alone.

The command would otherwise spend more time importing SQLAlchemy and the models (0.5 s
and more) and reading the awards through the ORM than ReportLab spends drawing 1,000
pages. The queries here read what :func:`app.services.awards.list_awards` and
:func:`app.reports.printing.certificates` read, in the same order, and the words come
from the same functions (:mod:`app.reports.certificate_items`, :mod:`app.unit_lines`); a
test compares both paths on every certificate. Anything out of the ordinary (no file, a
file of another schema revision, login turned on, an award that is missing or not
printable, an SQLite error) returns ``None`` and the caller takes the ORM path, which
upgrades or refuses the file, signs in, and says what is wrong with its own messages.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from app import text
from app.reports.certificate_items import certificate_for
from app.reports.certificates import CertificateData, missing_certificate_fields
from app.unit_lines import UnitLineBook

MAX_IDS = 30_000  # below SQLite's limit of bound parameters


@dataclass
class _Row:
    form: str
    year: int
    recipient_name: str
    recipient_unit: str
    achievement: str
    register_number: int | None
    decision_id: str | None
    kind: str
    unit_code: str | None


@dataclass
class _Decision:
    number: str
    signed_on: date | None
    authority_name: str
    signer_name: str
    signer_title: str
    signer_prefix: str
    place: str


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def certificate_items(path: Path, *, award_ids: list[str] | None = None,
                      decision_number: str | None = None,
                      decision_year: int | None = None) -> list[CertificateData] | None:
    """The certificates to print, or ``None`` when the ORM path must answer."""
    if not award_ids and not decision_number:
        return None
    if award_ids and len(award_ids) > MAX_IDS:
        return None
    from app.quick_list import ordinary_connection

    con = ordinary_connection(path)
    if con is None:
        return None
    try:
        return _items(con, award_ids, decision_number, decision_year)
    except Exception:  # noqa: BLE001 - the ORM path says what is wrong
        return None
    finally:
        con.close()


def _items(con: sqlite3.Connection, award_ids: list[str] | None, decision_number: str | None,
           decision_year: int | None) -> list[CertificateData] | None:
    where, params = ["awards.deleted = 0"], []
    if decision_number:
        where.append("decisions.number = ?")
        params.append(text.clean(decision_number))
    if decision_year:
        where.append("strftime('%Y', decisions.signed_on) = ?")
        params.append(str(decision_year))
    if award_ids is not None:
        where.append(f"awards.id IN ({', '.join('?' * len(award_ids))})")
        params += award_ids
    found = con.execute(
        "SELECT awards.id, awards.form, awards.year, awards.recipient_name,"
        " awards.recipient_unit, awards.achievement, awards.status, awards.register_number,"
        " awards.decision_id, awards.village_code, candidates.kind, candidates.sort_key,"
        " candidates.unit_code, decisions.signed_on"
        " FROM awards LEFT OUTER JOIN decisions ON decisions.id = awards.decision_id"
        " LEFT OUTER JOIN candidates ON candidates.id = awards.candidate_id"
        f" WHERE {' AND '.join(where)}", params).fetchall()
    if award_ids and set(award_ids) - {r[0] for r in found}:
        return None
    if not found:
        return None
    lines = UnitLineBook(
        con.execute("SELECT code, unit_type, name, parent_code, level FROM admin_units"),
        [(code, _day(start), _day(end), successor) for code, start, end, successor in
         con.execute("SELECT code, valid_from, valid_to, successor_code FROM admin_units")])
    keyed = []
    for (_id, form, year, name, unit_text, achievement, status, number, decision_id,
         village, kind, sort_key, unit_code, signed_on) in found:
        day = _day(signed_on)
        unit = unit_code or village
        keyed.append(((status == "proposed", -(day.toordinal() if day else 0), number or 0,
                       sort_key or text.sort_key(name)),
                      _Row(form, year, name, unit_text or lines(unit), achievement, number,
                           decision_id, kind or "village", unit)))
    keyed.sort(key=lambda pair: pair[0])
    rows = [row for _key, row in keyed]
    wanted = sorted({r.decision_id for r in rows if r.decision_id})
    decisions = {
        r[0]: _Decision(r[1], _day(r[2]), r[3], r[4], r[5], r[6], r[7])
        for r in con.execute(
            "SELECT id, number, signed_on, authority_name, signer_name, signer_title,"
            " signer_prefix, place FROM decisions"
            f" WHERE id IN ({', '.join('?' * len(wanted))})", wanted)}
    if decision_number and len(decisions) > 1:
        return None
    # app.services.review_figures.authority_places: a unit in force wins over a retired one
    places = {f"ỦY BAN NHÂN DÂN {f'{unit_type} {name}'.strip()}".upper(): name
              for unit_type, name in con.execute(
                  "SELECT unit_type, name FROM admin_units WHERE deleted IS 0"
                  " AND level != 'village' ORDER BY valid_to IS NULL")}
    items = []
    for row in rows:
        decision = decisions.get(row.decision_id or "")
        if decision is None:
            return None
        unit_line = ""
        if row.unit_code and decision.signed_on and row.recipient_unit in ("", lines(
                row.unit_code)):
            unit_line = lines.on(row.unit_code, decision.signed_on)
        item = certificate_for(row, decision, place=places.get(decision.authority_name, ""),
                               unit_line=unit_line)
        if missing_certificate_fields(item):
            return None
        items.append(item)
    return items
