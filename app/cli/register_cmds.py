"""CLI commands of the register: Excel import and export, the import template."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.base import EXIT_BAD_INPUT, Commands, open_db, print_json
from app.codes import CandidateKind, Status
from app.i18n import _


def register(commands: Commands) -> None:
    p = commands.add("import-excel", _("import candidates from an Excel file"), cmd_import)
    p.add_argument("file", metavar="FILE", help=_("the .xlsx file"))
    p.add_argument("--dry-run", action="store_true",
                   help=_("only check the file and show what would be imported"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))

    p = commands.add("export-excel", _("export the (filtered) candidate list to Excel"),
                     cmd_export)
    p.add_argument("file", metavar="FILE", help=_("the .xlsx file to write"))
    p.add_argument("--search", metavar="TEXT", default="",
                   help=_("search names without diacritics"))
    p.add_argument("--unit", metavar="CODE", help=_("only this unit and its sub-units"))
    p.add_argument("--status", metavar="STATUS", choices=Status.ALL,
                   help=_("only this life-cycle status"))
    p.add_argument("--model-type", metavar="CODE", help=_("only this model type (e.g. 3.1.3)"))
    p.add_argument("--movement", metavar="CODE", help=_("only this movement (e.g. NTM)"))
    p.add_argument("--kind", metavar="KIND", choices=CandidateKind.ALL,
                   help=_("only this kind of candidate"))

    p = commands.add("export-template", _("write an empty Excel import template"),
                     cmd_template)
    p.add_argument("file", metavar="FILE", help=_("the .xlsx file to write"))


def cmd_import(args: argparse.Namespace) -> int:
    from app.services.excel import apply_import, preview_import

    with open_db(args, write=True) as db:
        pending = None
        if not args.dry_run and Path(args.file).is_file():
            from app.services.backup import Reason, begin_backup

            # The copy before importing is written while the file is read and checked (it
            # holds the register as it is now); it is removed if nothing is imported.
            pending = begin_backup(db, Reason.IMPORT).start()
        try:
            with db.session() as session:
                preview = preview_import(session, Path(args.file))
        except BaseException:
            if pending is not None:
                pending.discard()
            raise
        imported = 0
        if pending is not None and not preview.errors:
            # The import may write once the copy holds the register; the copy's check
            # runs meanwhile.
            pending.wait_copied()
            try:
                with db.transaction() as session:
                    imported = apply_import(session, preview, user="dhtt")
            finally:
                for notice in pending.keep().notices:
                    print(notice, file=sys.stderr)
        elif pending is not None:
            pending.discard()
    report = {
        "file": str(preview.path), "valid_rows": len(preview.good),
        "already_registered": len(preview.already), "imported": imported,
        "dry_run": bool(args.dry_run),
        "errors": [{"row": e.row, "column": e.column, "message": e.message}
                   for e in preview.errors],
    }
    if args.json:
        print_json(report)
    else:
        for e in preview.errors:
            column = f" [{e.column}]" if e.column else ""
            print(_("Row {row}{column}: {message}").format(row=e.row, column=column,
                                                          message=e.message), file=sys.stderr)
        print(_("{valid} valid rows, {already} already registered, {bad} rows with errors; "
                "{imported} imported.").format(valid=len(preview.good),
                                               already=len(preview.already),
                                               bad=len(preview.bad_rows), imported=imported))
        if preview.errors and not args.dry_run:
            print(_("Nothing was imported: correct the rows above and import the file again."),
                  file=sys.stderr)
    return EXIT_BAD_INPUT if preview.errors else 0


def cmd_export(args: argparse.Namespace) -> int:
    from app.services.candidates import CandidateFilter
    from app.services.excel import export_candidates

    f = CandidateFilter(search=args.search, unit_code=args.unit, status=args.status,
                        model_type_code=args.model_type, movement_code=args.movement,
                        kind=args.kind)
    with open_db(args) as db, db.session() as session:
        n = export_candidates(session, Path(args.file), f)
    print(_("{n} candidates written to {path}.").format(n=n, path=args.file))
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    from app.services.excel import export_template

    with open_db(args) as db, db.session() as session:
        export_template(session, Path(args.file))
    print(_("Import template written to {path}.").format(path=args.file))
    return 0
