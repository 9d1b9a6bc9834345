"""From the database to paper: certificates for awards, review reports, the award list.

The CLI and the window call these; the layout itself lives in ``certificates``, ``pdf``,
``docx`` and ``review``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import text
from app.errors import InputError
from app.i18n import N_, _
from app.models import Decision
from app.reports.certificate_items import (  # noqa: F401 - their home was here
    KINDS,
    TITLES,
    certificate_for,
    signature_lines,
)
from app.reports.certificates import (
    CertificateData,
    Progress,
    missing_certificate_fields,
    render_certificates,
)
from app.reports.document import Header, OfficialDocument, Signature, missing_fields
from app.reports.docx import render_docx
from app.reports.numbers import document_number
from app.reports.pdf import render_pdf
from app.reports.review import (
    ReviewData,
    TargetKind,
    TargetRow,
    build_award_list,
    build_review,
    draft_texts,
)
from app.services.awards import UnitLines, list_awards
from app.services.review_figures import ReviewFigures, authority_places, review_figures


def certificates(session: Session, *, award_ids: list[str] | None = None,
                 decision_number: str | None = None,
                 decision_year: int | None = None) -> list[CertificateData]:
    """Certificates of the chosen awards (in register order); InputError naming what is
    missing when an award has no decision or the decision lacks data."""
    if not award_ids and not decision_number:
        raise InputError(N_("Choose the awards to print (--award ID or --decision NUMBER)."))
    rows = list_awards(session, award_ids=award_ids, decision_number=decision_number,
                       decision_year=decision_year)
    if award_ids:
        missing = set(award_ids) - {r.id for r in rows}
        if missing:
            raise InputError(N_("There is no award with id {id}."), id=sorted(missing)[0])
    if not rows:
        raise InputError(N_("Decision {number} has no awards in this database."),
                         number=decision_number or "")
    decisions = {d.id: d for d in session.scalars(
        select(Decision).where(Decision.id.in_({r.decision_id for r in rows if r.decision_id})))}
    if decision_number and len(decisions) > 1:  # numbers start again every year
        raise InputError(N_("There are {n} decisions numbered {number} (signed {dates}); give "
                            "the year too (--year)."), n=len(decisions), number=decision_number,
                         dates=", ".join(sorted(d.signed_on.strftime("%d/%m/%Y")
                                                for d in decisions.values() if d.signed_on)))
    places = authority_places(session)
    lines = UnitLines(session)
    items = []
    for row in rows:
        decision = decisions.get(row.decision_id or "")
        if decision is None:
            raise InputError(N_("{name} has no decision yet: issue the decision (number, date, "
                                "signer) before printing the certificate."),
                             name=row.recipient_name)
        # The unit line as the structure stood on the decision date, unless typed by hand.
        unit_line = ""
        if row.unit_code and decision.signed_on and row.recipient_unit in ("", lines(row.unit_code)):
            unit_line = lines.on(row.unit_code, decision.signed_on)
        item = certificate_for(row, decision, place=places.get(decision.authority_name, ""),
                               unit_line=unit_line)
        problems = missing_certificate_fields(item)
        if problems:
            raise InputError(N_("Cannot print the certificate of {name}: {problems}"),
                             name=row.recipient_name or "?", problems=" ".join(problems))
        items.append(item)
    return items


def print_certificates(session: Session, out: str | os.PathLike[str], *,
                       award_ids: list[str] | None = None, decision_number: str | None = None,
                       decision_year: int | None = None,
                       mode: str = "full", offset_mm: tuple[float, float] = (0, 0),
                       progress: Progress | None = None) -> int:
    """All chosen certificates into one PDF; returns how many pages."""
    items = certificates(session, award_ids=award_ids, decision_number=decision_number,
                         decision_year=decision_year)
    render_certificates(items, out, mode=mode, offset_mm=offset_mm, progress=progress)
    return len(items)


# --- review reports ----------------------------------------------------------------------

@dataclass
class ReportOptions:
    """What the user sets on the report before printing (the rest comes from the data)."""

    number: str = ""             # "05/BC-UBND"; empty: "…/BC-UBND" to fill in by hand
    signed_on: date | None = None
    place: str = ""              # empty: where the unit is ("Ia Grai", "Gia Lai")
    signer_prefix: str = "TM. ỦY BAN NHÂN DÂN"
    signer_title: str = "CHỦ TỊCH"
    signer_name: str = ""
    recipients: tuple[str, ...] = ()


# The subject of each kind a target counts, as the target table names it.
TARGET_SUBJECTS = {
    "collectives": N_("collectives"), "individuals": N_("individuals"),
    "households": N_("households"), "cooperatives": N_("cooperatives"),
    "coop_groups": N_("cooperative groups"), "examples": N_("examples"),
}


def target_rows(targets: list[dict[str, Any]]) -> list[TargetRow]:
    """``targets_report`` rows as the review's target table shows them."""
    return [TargetRow(t["lead_agency"], t["movement"], [
        TargetKind(_(TARGET_SUBJECTS[k]), v["minimum"], v["registered"], v["recognised"])
        for k, v in t["per_kind"].items()]) for t in targets]


def review_data(figures: ReviewFigures, options: ReportOptions) -> ReviewData:
    # "ỦY BAN NHÂN DÂN" over "HUYỆN IA GRAI", as the committees head their documents.
    body = figures.authority_name.replace("ỦY BAN NHÂN DÂN ", "ỦY BAN NHÂN DÂN\n", 1)
    header = Header(issuing_body=body,
                    number=document_number(options.number, "BC"),
                    place=text.clean(options.place) or figures.place,
                    signed_on=options.signed_on or date.today())
    prefix = text.clean(options.signer_prefix)
    signature = Signature(title=text.clean(options.signer_title).upper(),
                          name=text.clean(options.signer_name), prefix=prefix)
    recipients = list(options.recipients) or [_("People's Committee of the level above"),
                                              _("Emulation and Commendation Council")]
    return ReviewData(
        unit_name=figures.unit_in_text, kind=figures.kind, period=figures.period, header=header,
        signature=signature, recipients=recipients,
        examples_by_model_type=figures.examples_by_model_type,
        examples_by_unit=figures.examples_by_unit, targets=target_rows(figures.targets),
        judges_province_targets=figures.judges_province_targets,
        awards_by_form=figures.awards_by_form, villages_by_year=figures.villages_by_year,
        named_examples=figures.named_examples, proposed=figures.proposed,
        texts=dict(figures.texts))


def review_document(session: Session, unit_code: str, kind: str, options: ReportOptions,
                    texts: dict[str, str] | None = None) -> OfficialDocument:
    """The review as a document, with the saved (or given) paragraphs; InputError saying
    what to fill in when the signer is incomplete."""
    data = review_data(review_figures(session, unit_code, kind), options)
    if texts is not None:
        data.texts = {k: v for k, v in texts.items() if text.clean(v)}
    doc = build_review(data)
    problems = missing_fields(doc)
    if problems:
        raise InputError(N_("Fill in before printing: {problems}"), problems=" ".join(problems))
    return doc


def drafts(session: Session, unit_code: str, kind: str,
           options: ReportOptions | None = None) -> tuple[dict[str, str], dict[str, str]]:
    """(drafted paragraphs, saved edits) of a review, for the editor in the window."""
    figures = review_figures(session, unit_code, kind)
    data = review_data(figures, options or ReportOptions())
    return draft_texts(data), figures.texts


def write_document(doc: OfficialDocument, out: str | os.PathLike[str]) -> Path:
    """PDF or Word by the file's extension."""
    path = Path(out)
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        render_pdf(doc, path)
    elif suffix == ".docx":
        render_docx(doc, path)
    else:
        raise InputError(N_("{file}: the report can be written as .pdf or .docx."),
                         file=path.name)
    return path


def award_list_document(session: Session, unit_code: str,
                        options: ReportOptions) -> OfficialDocument:
    """Danh sách đề nghị khen thưởng: proposed awards of the unit, people in Vietnamese order."""
    figures = review_figures(session, unit_code, "tong_ket")
    data = review_data(figures, options)
    if not figures.proposed:
        raise InputError(N_("There are no proposed awards to list."))
    title = _("Proposed for commendation for the period {start}–{end}").format(
        start=figures.period[0], end=figures.period[1])
    doc = build_award_list(title, data.header, data.signature, figures.proposed,
                           data.recipients)
    problems = missing_fields(doc)
    if problems:
        raise InputError(N_("Fill in before printing: {problems}"), problems=" ".join(problems))
    return doc
