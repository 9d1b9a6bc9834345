"""CLI commands for printing: certificates for awards, review reports, the award list."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.base import EXIT_OK, CliError, Commands, db_path, open_db, print_json
from app.i18n import N_, _


def _offset(value: str) -> tuple[float, float]:
    try:
        x, y = (float(v) for v in value.replace(";", ",").split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(_("write the shift as X,Y in mm, e.g. 1.5,-2")) from None
    return (x, y)


def _date(value: str):  # noqa: ANN202 - argparse type
    from app.dates import parse_partial_date

    try:
        full, _year = parse_partial_date(value)
    except Exception:  # noqa: BLE001 - argparse turns it into a usage message
        full = None
    if full is None:
        raise argparse.ArgumentTypeError(_("write the date as DD/MM/YYYY, e.g. 05/02/2026"))
    return full


def _year(value: str) -> int:
    try:
        year = int(value)
    except ValueError:
        year = 0
    if not 1900 <= year <= 2100:
        raise argparse.ArgumentTypeError(_("write the year with four digits, e.g. 2025"))
    return year


def register(commands: Commands) -> None:
    group = commands.subgroup("print", _("print certificates to a PDF file"))
    p = group.add_parser("certificates", help=_("certificates of awards, one page each"),
                         description=_("certificates of awards, one page each"))
    p.set_defaults(handler=cmd_certificates)
    p.add_argument("--out", required=True, metavar="FILE.pdf", help=_("the PDF file to write"))
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--decision", metavar="NUMBER",
                       help=_("every award of this decision (e.g. 125/QĐ-UBND)"))
    which.add_argument("--award", metavar="ID", nargs="+", help=_("these awards (ids)"))
    p.add_argument("--year", type=_year, metavar="YEAR",
                   help=_("the year the decision was signed, when numbers repeat across years"))
    p.add_argument("--fields-only", action="store_true",
                   help=_("only the filled-in fields, for pre-printed blanks"))
    p.add_argument("--offset", type=_offset, default=(0.0, 0.0), metavar="X,Y",
                   help=_("shift in mm for pre-printed blanks (right and down are positive)"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))

    p = group.add_parser("calibration", help=_("a test page to measure the printer's shift"),
                         description=_("a test page to measure the printer's shift"))
    p.set_defaults(handler=cmd_calibration)
    p.add_argument("--out", required=True, metavar="FILE.pdf", help=_("the PDF file to write"))
    p.add_argument("--offset", type=_offset, default=(0.0, 0.0), metavar="X,Y",
                   help=_("shift in mm for pre-printed blanks (right and down are positive)"))

    p = commands.add("report", _("write a review report (sơ kết, tổng kết) or the list of "
                                 "proposed awards"), cmd_report)
    p.add_argument("kind", choices=["so-ket", "tong-ket", "de-nghi"],
                   help=_("so-ket: interim review 2021–2023; tong-ket: final review "
                          "2021–2025; de-nghi: list of proposed awards"))
    p.add_argument("--unit", required=True, metavar="CODE", help=_("the reporting unit"))
    p.add_argument("--out", required=True, metavar="FILE",
                   help=_("FILE.pdf or FILE.docx (Word, to finish the text by hand)"))
    p.add_argument("--number", default="", metavar="NUMBER",
                   help=_("document number, e.g. 05/BC-UBND (left to fill in by hand when "
                          "omitted)"))
    p.add_argument("--date", type=_date, metavar="DD/MM/YYYY", help=_("date of the report"))
    p.add_argument("--signer", metavar="NAME", help=_("full name of the signer"))
    p.add_argument("--signer-title", metavar="TITLE",
                   help=_("title of the signer (default: CHỦ TỊCH)"))
    p.add_argument("--signer-prefix", metavar="PREFIX",
                   help=_("TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH … (default: TM. ỦY BAN NHÂN DÂN)"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))


def cmd_certificates(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if out.suffix.lower() != ".pdf":
        raise CliError(N_("{file}: certificates are written as a .pdf file."), file=out.name)
    mode = "fields" if args.fields_only else "full"
    items = None
    if not getattr(args, "user", None):
        # sqlite3 alone when the file is ordinary: no SQLAlchemy, no models to import
        from app.reports.quick_certificates import certificate_items

        items = certificate_items(db_path(args), award_ids=args.award,
                                  decision_number=args.decision, decision_year=args.year)
    if items is not None:
        from app.reports.certificates import render_certificates

        render_certificates(items, out, mode=mode, offset_mm=args.offset)
        pages = len(items)
    else:
        from app.reports.printing import print_certificates

        with open_db(args) as db, db.session() as session:
            pages = print_certificates(session, out, award_ids=args.award,
                                       decision_number=args.decision, decision_year=args.year,
                                       mode=mode, offset_mm=args.offset)
    if args.json:
        print_json({"file": str(out), "pages": pages})
    else:
        print(_("{file}: {n} certificates.").format(file=out, n=pages))
    return EXIT_OK


def cmd_calibration(args: argparse.Namespace) -> int:
    from app.reports.certificates import render_calibration_page

    render_calibration_page(args.out, args.offset)
    print(args.out)
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    from app.reports.printing import (
        ReportOptions,
        award_list_document,
        review_document,
        write_document,
    )
    from app.services.report_settings import load_options

    with open_db(args) as db, db.session() as session:
        saved = load_options(session)
        options = ReportOptions(
            number=args.number, signed_on=args.date,
            signer_name=args.signer if args.signer is not None else saved.signer_name,
            signer_title=args.signer_title or saved.signer_title,
            signer_prefix=(args.signer_prefix if args.signer_prefix is not None
                           else saved.signer_prefix),
            place=saved.place)
        if args.kind == "de-nghi":
            doc = award_list_document(session, args.unit, options)
        else:
            doc = review_document(session, args.unit, args.kind.replace("-", "_"), options)
    path = write_document(doc, args.out)
    if args.json:
        print_json({"file": str(path), "kind": args.kind, "unit": args.unit})
    else:
        print(path)
    return EXIT_OK
