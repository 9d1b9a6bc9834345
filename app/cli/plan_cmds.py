"""CLI commands of the plan's targets: a unit's own minimums."""

from __future__ import annotations

import argparse

from app.cli.base import Commands, open_db, print_json
from app.codes import KIND_FIELDS
from app.i18n import _


def register(commands: Commands) -> None:
    p = commands.add("set-minimums",
                     _("set a commune's or district's own minimums for a lead agency's target"),
                     cmd_set_minimums)
    p.add_argument("--unit", metavar="CODE", required=True, help=_("the unit's code"))
    p.add_argument("--agency", metavar="CODE", required=True,
                   help=_("the lead agency's code (see dhtt list targets)"))
    p.add_argument("--movement", metavar="CODE", help=_("the movement, when the agency has several"))
    for kind in KIND_FIELDS:
        p.add_argument(f"--{kind.replace('_', '-')}", metavar="N", dest=kind,
                       help=_("the minimum for this kind (a whole number, 0 to remove)"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))


def cmd_set_minimums(args: argparse.Namespace) -> int:
    from app.services.plan import minimums_of
    from app.services.unit_targets import find_target, set_unit_minimums

    values = {k: getattr(args, k) for k in KIND_FIELDS if getattr(args, k) is not None}
    with open_db(args, write=True) as db, db.transaction() as session:
        target = find_target(session, args.agency, args.movement)
        row = set_unit_minimums(session, args.unit, target.id, values)
        result = {"unit_code": args.unit, "target_id": target.id,
                  "minimums": {} if row.deleted else minimums_of(row)}
    if args.json:
        print_json(result)
    else:
        print(result["minimums"])
    return 0
