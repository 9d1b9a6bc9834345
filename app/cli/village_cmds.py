"""CLI commands of the cultural villages: score, roll-up, Excel import and export, schemes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.base import EXIT_BAD_INPUT, CliError, Commands, open_db, print_json
from app.i18n import N_, _


def register(commands: Commands) -> None:
    sub = commands.subgroup("villages", _("cultural villages: scores, roll-up, Excel"))
    p = sub.add_parser("score", help=_("each village's result for a commune and year"),
                       description=_("each village's result for a commune and year"))
    p.add_argument("--commune", metavar="CODE", required=True, help=_("the commune's code"))
    p.add_argument("--year", metavar="YYYY", type=int, required=True, help=_("the year"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_score)

    p = sub.add_parser("rollup", help=_("villages scored and passed per commune"),
                       description=_("villages scored and passed per commune"))
    p.add_argument("--year", metavar="YYYY", type=int, required=True, help=_("the year"))
    p.add_argument("--unit", metavar="CODE", help=_("only the communes of this unit"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_rollup)

    p = sub.add_parser("import", help=_("import a filled village scoring sheet"),
                       description=_("import a filled village scoring sheet"))
    p.add_argument("file", metavar="FILE", help=_("the .xlsx file"))
    p.add_argument("--dry-run", action="store_true",
                   help=_("only check the file and show what would change"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("export", help=_("export a commune's scoring grid to Excel"),
                       description=_("export a commune's scoring grid to Excel"))
    p.add_argument("--commune", metavar="CODE", required=True, help=_("the commune's code"))
    p.add_argument("--year", metavar="YYYY", type=int, required=True, help=_("the year"))
    p.add_argument("--out", metavar="FILE.xlsx", required=True, help=_("the .xlsx file to write"))
    p.set_defaults(handler=cmd_export)

    sub = commands.subgroup("schemes", _("scoring schemes of the cultural titles"))
    p = sub.add_parser("list", help=_("list the scoring schemes and their versions"),
                       description=_("list the scoring schemes and their versions"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_schemes)


def _check_year(year: int) -> None:
    if not 2000 <= year <= 2100:
        raise CliError(N_("The year {year} is not plausible."), year=year)


def cmd_score(args: argparse.Namespace) -> int:
    from app.services.villages import grid, schemes

    _check_year(args.year)
    with open_db(args, write=True) as db, db.transaction() as session:
        schemes.ensure_shipped(session)
        g = grid.load_grid(session, args.commune, args.year)
        rows = [grid.village_result_json(r, g.rules, g.state) for r in g.rows]
    if args.json:
        print_json(rows)
        return 0
    labels = {"dat": _("Passed"), "khong_dat": _("Failed"), "chua_cham": _("Not scored")}
    for row in rows:
        reasons = "; ".join(f"{f['code']} {f['reason']}" for f in row["failed_items"])
        points = "" if row["points"] is None else f" ({row['points']:g})"
        print(f"{row['village_code']}\t{row['village_name']}\t{labels[row['result']]}{points}"
              f"\t{reasons}")
    return 0


def cmd_rollup(args: argparse.Namespace) -> int:
    from app.services.villages import rollup

    _check_year(args.year)
    with open_db(args) as db, db.session() as session:
        rows = rollup.rollup(session, args.year, args.unit)
    if args.json:
        print_json([r.as_json() for r in rows])
        return 0
    for r in rows:
        share = "" if r.share is None else f"{r.share:g}%".replace(".", ",")
        change = "" if r.change is None else f"{r.change:+d}"
        print(f"{r.commune_code}\t{r.commune_name}\t{r.villages}\t{r.scored}\t{r.passed}\t"
              f"{share}\t{change}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from app.services.villages import excel

    with open_db(args, write=True) as db:
        with db.session() as session:
            preview = excel.preview_import(session, Path(args.file))
        imported = 0
        if not args.dry_run and not preview.errors:
            with db.transaction() as session:
                imported = excel.apply_import(session, preview)
    if args.json:
        print_json(preview.as_json(imported, bool(args.dry_run)))
    else:
        for e in preview.errors:
            print(_("Sheet {sheet}, row {row}, {village} {item}: {message}").format(
                sheet=e.sheet, row=e.row, village=e.village, item=e.item, message=e.reason),
                file=sys.stderr)
        for c in preview.changes:
            print(f"{c.sheet}\t{c.village}\t{c.what}\t{excel.fmt_value(c.old)} → "
                  f"{excel.fmt_value(c.new)}")
        print(_("{changes} changes, {errors} errors; {imported} written.").format(
            changes=len(preview.changes), errors=len(preview.errors), imported=imported))
    return EXIT_BAD_INPUT if preview.errors else 0


def cmd_export(args: argparse.Namespace) -> int:
    from app.services.villages import excel, schemes

    _check_year(args.year)
    with open_db(args, write=True) as db, db.transaction() as session:
        schemes.ensure_shipped(session)
        n = excel.export_grid(session, args.commune, [args.year], Path(args.out))
    print(_("{n} villages written to {path}.").format(n=n, path=args.out))
    return 0


def cmd_schemes(args: argparse.Namespace) -> int:
    from app.services.villages import schemes

    with open_db(args, write=True) as db, db.transaction() as session:
        schemes.ensure_shipped(session)
        rows = schemes.list_schemes(session)
    if args.json:
        print_json([s.as_json() for s in rows])
        return 0
    for s in rows:
        until = s.valid_to.strftime("%d/%m/%Y") if s.valid_to else "…"
        print(f"{s.code} v{s.version}\t{s.name}\t{s.valid_from.strftime('%d/%m/%Y')}–{until}")
    return 0
