"""Foundation commands: init, demo, list, check, import-units, gui."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.base import (
    EXIT_BAD_INPUT,
    CliError,
    Commands,
    count_arg,
    db_path,
    open_db,
    print_json,
)
from app.codes import Status
from app.i18n import N_, _

TYPE_CHECKING = False  # importing typing costs 3 ms of every command's start
if TYPE_CHECKING:
    from typing import Any


def register(commands: Commands) -> None:
    p = commands.add("init", _("create the database with the plan and the units of Gia Lai"),
                     cmd_init)
    p.add_argument("--unit", required=True, metavar="CODE",
                   help=_("official code of this office's unit (e.g. 64 for the province)"))
    p.add_argument("--admin", metavar="NAME",
                   help=_("create this administrator (password from DHTT_NEW_PASSWORD) and "
                          "turn login on"))

    p = commands.add("demo", _("fill the database with generated demonstration data"), cmd_demo)
    p.add_argument("--size", default="district",
                   choices=["commune", "district", "province"],
                   help=_("how much data: one commune, one district or the whole province"))
    p.add_argument("--candidates", type=count_arg, metavar="N",
                   help=_("number of candidates (overrides the size)"))
    p.add_argument("--seed", type=int, default=1, help=_("random seed (same seed, same data)"))

    p = commands.add("import-units", _("add communes and villages from a CSV or Excel list"),
                     cmd_import_units)
    p.add_argument("file", metavar="FILE", help=_("CSV (UTF-8) or Excel file"))

    commands.add("check", _("check the integrity of the database file"), cmd_check)

    p = commands.add("gui", _("open the program window"), cmd_gui)
    p.add_argument("--quit-after", type=float, metavar="SECONDS",
                   help=_("close the window after this many seconds (for tests and benchmarks)"))
    p.add_argument("--screenshot", metavar="FILE.png",
                   help=_("save a picture of the window before closing"))
    p.add_argument("--open", metavar="FILE.dhtt", dest="open_file",
                   help=_("open this sync package in the Sync tab"))

    p = commands.add_list("candidates", _("list candidates and examples"), cmd_list_candidates)
    p.add_argument("--search", metavar="TEXT", default="",
                   help=_("search names without diacritics"))
    p.add_argument("--unit", metavar="CODE", help=_("only this unit and its sub-units"))
    p.add_argument("--status", metavar="STATUS", choices=Status.ALL,
                   help=_("only this life-cycle status"))
    p.add_argument("--model-type", metavar="CODE", help=_("only this model type (e.g. 3.1.3)"))
    p.add_argument("--movement", metavar="CODE", help=_("only this movement (e.g. NTM)"))
    p.add_argument("--kind", metavar="KIND",
                   choices=["individual", "collective", "household", "cooperative", "coop_group"],
                   help=_("only this kind of candidate"))
    p.add_argument("--limit", type=count_arg, metavar="N", help=_("at most N rows"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))

    p = commands.add_list("model-types", _("list model types with their criteria"),
                          cmd_list_model_types)
    p.add_argument("--json", action="store_true", help=_("print JSON"))

    p = commands.add_list("targets", _("list the minimum targets of the lead agencies"),
                          cmd_list_targets)
    p.add_argument("--phase", metavar="CODE", choices=["GD1", "GD2"],
                   help=_("count only the examples of this phase (GD1: 2021–2023, "
                          "GD2: 2023–2025)"))
    p.add_argument("--unit", metavar="CODE",
                   help=_("what this commune or district contributed, judged against its own "
                          "minimums"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))

    p = commands.add_list("units", _("list administrative units"), cmd_list_units)
    p.add_argument("--parent", metavar="CODE", help=_("only the units directly below CODE"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))


def cmd_init(args: argparse.Namespace) -> int:
    from app.services.reference import initialise

    path = db_path(args)
    new_file = not path.exists()
    password = None
    if args.admin:
        from app.cli.account_cmds import new_password
        from app.services.accounts import check_new_password

        password = new_password()
        check_new_password(password)
    try:
        with open_db(args, write=True, create=True) as db, db.transaction() as session:
            result = initialise(session, args.unit)
            notice = successor_notice(session, args.unit)
            if args.admin and password is not None:
                from app.services.accounts import make_administrator

                make_administrator(session, args.admin, password, args.unit)
    except Exception:
        if new_file:  # leave no half-made database behind
            for leftover in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm"))):
                leftover.unlink(missing_ok=True)
        raise
    print(_("Database ready: {path} ({added} reference rows and {units} units added).").format(
        path=db_path(args), added=result.added, units=result.units))
    if notice:
        print(notice, file=sys.stderr)
    return 0


def successor_notice(session: Any, code: str) -> str:
    """For an office of a unit dissolved on 1/7/2025: which unit took it over."""
    from sqlalchemy import select

    from app.models import AdminUnit
    from app.services.units import successor_in_force

    unit = session.scalar(select(AdminUnit).where(AdminUnit.code == code))
    if unit is None or unit.valid_to is None:
        return ""
    successor = successor_in_force(session, unit.code)
    if successor is not None:
        return _("{unit} ceased to exist on {date}; its records stay with it. Its "
                 "successor is {successor}: dhtt init --unit {code}").format(
            unit=unit.full_name, date=unit.valid_to.strftime("%d/%m/%Y"),
            successor=successor.full_name, code=successor.code)
    return _("{unit} ceased to exist on {date} (the district level was abolished); "
             "choose the province (52) or a commune: dhtt list units --parent 52"
             ).format(unit=unit.full_name, date=unit.valid_to.strftime("%d/%m/%Y"))


def cmd_demo(args: argparse.Namespace) -> int:
    from app.services.demo import DemoSize, generate

    size = DemoSize.preset(args.size)
    if args.candidates is not None:
        if args.candidates < 0:
            raise CliError(N_("The number of candidates cannot be negative."))
        size.candidates = args.candidates
    with open_db(args, write=True) as db:
        stats = generate(db, size, seed=args.seed)
    print(_("Demo data added: {candidates} candidates, {villages} villages, "
            "{scores} village scores.").format(**stats))
    return 0


def cmd_import_units(args: argparse.Namespace) -> int:
    from app.services.reference import load_units, read_unit_rows

    rows = read_unit_rows(Path(args.file))
    with open_db(args, write=True) as db, db.transaction() as session:
        added = load_units(session, rows)
    print(_("{added} units added ({total} in the file).").format(added=added, total=len(rows)))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from app.services.maintenance import check_integrity

    with open_db(args) as db:
        problems = check_integrity(db)
    if problems:
        from app.models.database import damaged

        for problem in problems:
            print(problem, file=sys.stderr)
        print(damaged(db_path(args)).message(), file=sys.stderr)  # which backup to restore
        return EXIT_BAD_INPUT
    print(_("The database is sound."))
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    from app.ui.application import run

    return run(db_path(args), quit_after=args.quit_after, screenshot=args.screenshot,
               open_file=args.open_file)


def cmd_list_candidates(args: argparse.Namespace) -> int:
    from app.quick_list import list_candidates

    # Plain sqlite3 when the file is current: no SQLAlchemy import for one query.
    rows = None if getattr(args, "user", None) else list_candidates(
        db_path(args), search=args.search, unit_code=args.unit, status=args.status,
        model_type_code=args.model_type, movement_code=args.movement, kind=args.kind,
        limit=args.limit)
    if rows is None:
        from app.services.candidates import CandidateFilter, find_candidates

        f = CandidateFilter(search=args.search, unit_code=args.unit, status=args.status,
                            model_type_code=args.model_type, movement_code=args.movement,
                            kind=args.kind)
        with open_db(args) as db, db.session() as session:
            rows = [r.as_json() for r in find_candidates(session, f, limit=args.limit)]
    if args.json:
        print_json(rows)
    else:
        for r in rows:
            print(f"{r['name']}\t{r['kind']}\t{r['unit_name']}\t{r['model_type'] or ''}\t"
                  f"{r['status']}")
    return 0


def cmd_list_model_types(args: argparse.Namespace) -> int:
    from app.services.plan import model_types_with_criteria

    with open_db(args) as db, db.session() as session:
        data = model_types_with_criteria(session)
    if args.json:
        print_json(data)
    else:
        for mt in data:
            print(f"{mt['code']}\t{mt['name']}")
            for c in mt["criteria"]:
                print(f"    {c['code']}\t{c['text']}")
    return 0


def cmd_list_targets(args: argparse.Namespace) -> int:
    from app.services.plan import targets_report

    with open_db(args) as db, db.session() as session:
        data = targets_report(session, args.phase, unit_code=args.unit)
    if args.json:
        print_json(data)
    else:
        for t in data:
            print(f"{t['lead_agency']}\t{t['movement']}\t{t['minimums']}")
    return 0


def cmd_list_units(args: argparse.Namespace) -> int:
    from app.services.units import list_units

    with open_db(args) as db, db.session() as session:
        data = list_units(session, parent=args.parent)
    if args.json:
        print_json(data)
    else:
        for u in data:
            retired = f"\t→ {u['successor_code']}" if u["successor_code"] else ""
            print(f"{u['code']}\t{u['unit_type']} {u['name']}{retired}")
    return 0
