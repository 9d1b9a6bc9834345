"""The data of one certificate from an award and its decision: shared by the ORM path
(``app.reports.printing``) and the quick path of ``dhtt print certificates``
(``app.reports.quick_certificates``), so both print the same words. No SQLAlchemy here:
``row`` is an :class:`app.services.awards.AwardRow` or the quick path's row, ``decision``
a :class:`app.models.Decision` or the quick path's; both have the attributes used below."""

from __future__ import annotations

from datetime import date
from typing import Any

from app import text
from app.i18n import _
from app.reports.certificates import CertificateData

# app.models.AwardForm's values (a test checks they agree)
GIAY_KHEN, BANG_KHEN = "giay_khen", "bang_khen"
VILLAGE_TITLE, FAMILY_TITLE = "thon_van_hoa", "gia_dinh_van_hoa"

TITLES = {GIAY_KHEN: "GIẤY KHEN", BANG_KHEN: "BẰNG KHEN",
          VILLAGE_TITLE: "GIẤY CÔNG NHẬN", FAMILY_TITLE: "GIẤY CÔNG NHẬN"}
KINDS = {"individual": "person", "household": "household", "village": "village"}


def signature_lines(prefix: str, title: str) -> str:
    """The signature block of a certificate: a Giấy khen is awarded by the Chủ tịch, so it
    is the title alone ("CHỦ TỊCH"), or "KT. CHỦ TỊCH" over "PHÓ CHỦ TỊCH" for a deputy;
    never "TM. ỦY BAN NHÂN DÂN" (that is for documents of the committee as a body)."""
    prefix = text.clean(prefix).upper().rstrip(".")
    title = text.clean(title).upper().replace("ỦY BAN NHÂN DÂN", "").strip()
    title = title or "CHỦ TỊCH"
    if prefix == "KT":
        deputy = title if title != "CHỦ TỊCH" else "PHÓ CHỦ TỊCH"
        return f"KT. CHỦ TỊCH\n{deputy}"
    if prefix in ("Q", "TL", "TUQ"):
        return f"{prefix}. {title}"
    return title


def certificate_for(row: Any, decision: Any, *, place: str = "",
                    unit_line: str = "") -> CertificateData:
    """The certificate of one decided award. ``place`` is the awarding authority's place
    (its unit), ``unit_line`` the recipient's unit in the structure of the decision date."""
    achievement = row.achievement
    if row.form == VILLAGE_TITLE and not achievement:
        achievement = _("Has achieved the title Cultural Village in {year}").format(
            year=row.year)
    return CertificateData(
        # A Giấy khen is awarded by the chairman of the committee, whoever signs it.
        authority=f"CHỦ TỊCH {decision.authority_name}",
        recipient=row.recipient_name, achievement=achievement,
        decision_number=decision.number, decision_date=decision.signed_on,
        place=place or decision.place, signed_on=decision.signed_on or date.today(),
        signer_title=signature_lines(decision.signer_prefix, decision.signer_title),
        signer_name=decision.signer_name,
        signer_prefix="", title=TITLES.get(row.form, "GIẤY KHEN"),
        recipient_unit=unit_line or row.recipient_unit, register_number=row.register_number,
        register_year=decision.signed_on.year if decision.signed_on else row.year,
        kind=KINDS.get(row.kind, "collective"))
