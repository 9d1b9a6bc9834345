"""CLI commands of sync: keys, package export and import, status, conflicts."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.base import EXIT_BAD_INPUT, Commands, open_db, print_json
from app.i18n import _


def register(commands: Commands) -> None:
    keys_sub = commands.subgroup("keys", _("this office's keys and the keys of other offices"))
    p = keys_sub.add_parser("show", help=_("show this office's key fingerprint"),
                            description=_("show this office's key fingerprint"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_keys_show)
    p = keys_sub.add_parser("export", help=_("write this office's public key file"),
                            description=_("write this office's public key file"))
    p.add_argument("file", metavar="FILE", help=_("the key file to write"))
    p.set_defaults(handler=cmd_keys_export)
    p = keys_sub.add_parser("enroll", help=_("enrol another office's public key file"),
                            description=_("enrol another office's public key file, after "
                                          "comparing its fingerprint by phone"))
    p.add_argument("file", metavar="FILE", help=_("the other office's key file"))
    p.add_argument("--unit", metavar="CODE", help=_("the unit the key must belong to"))
    p.add_argument("--reason", metavar="TEXT", default="",
                   help=_("why an enrolled key is replaced (needed to replace one)"))
    p.set_defaults(handler=cmd_keys_enroll)

    p = commands.add("export-package", _("write a sync package for another office"),
                     cmd_export)
    p.add_argument("--out", metavar="FILE", required=True,
                   help=_("the package file, or a folder to write it in"))
    p.add_argument("--to", metavar="CODE", help=_("the recipient unit (default: the office above)"))
    p.add_argument("--full", action="store_true", help=_("all rows, not only the changes"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))

    p = commands.add("import-package", _("import a sync package from another office"),
                     cmd_import)
    p.add_argument("file", metavar="FILE", nargs="+",
                   help=_("the .dhtt package file (several: one backup copy before them all)"))
    p.add_argument("--dry-run", action="store_true",
                   help=_("only show what would change, write nothing"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))

    sync_sub = commands.subgroup("sync", _("state of the exchange with other offices"))
    p = sync_sub.add_parser("status", help=_("offices, unsent changes, history, queue"),
                            description=_("offices, unsent changes, history, queue"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_status)

    conflicts_sub = commands.subgroup("conflicts", _("changes that wait for a person's choice"))
    p = conflicts_sub.add_parser("list", help=_("list the open conflicts and proposals"),
                                 description=_("list the open conflicts and proposals"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_conflicts)


def cmd_keys_show(args: argparse.Namespace) -> int:
    from app.services.sync.keys import public_key_document

    with open_db(args, write=True) as db, db.transaction() as session:
        doc = public_key_document(session)
    if args.json:
        print_json({k: doc[k] for k in ("unit_code", "unit_name", "site_id", "key_id",
                                        "fingerprint", "created_at")})
    else:
        print(_("Office: {unit} ({code})").format(unit=doc["unit_name"], code=doc["unit_code"]))
        print(_("Key fingerprint: {fingerprint}").format(fingerprint=doc["fingerprint"]))
    return 0


def cmd_keys_export(args: argparse.Namespace) -> int:
    from app.services.sync.keys import export_public_key, identity

    with open_db(args, write=True) as db, db.transaction() as session:
        path = export_public_key(session, Path(args.file))
        fp = identity(session).fingerprint
    print(_("Public key written to {path} (fingerprint {fingerprint}).").format(
        path=path, fingerprint=fp))
    return 0


def cmd_keys_enroll(args: argparse.Namespace) -> int:
    from app.services.sync.keys import enroll, read_key_file

    key = read_key_file(Path(args.file))
    with open_db(args, write=True) as db, db.transaction() as session:
        office = enroll(session, key, unit_code=args.unit, reason=args.reason)
        code, fp = office.unit_code, office.fingerprint
    print(_("Key of unit {unit} enrolled (fingerprint {fingerprint}).").format(
        unit=code, fingerprint=fp))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from app.services.sync.export import export_package

    with open_db(args, write=True) as db, db.transaction() as session:
        result = export_package(session, Path(args.out), to=args.to, full=args.full)
    if args.json:
        print_json({"package_id": result.package_id, "file": str(result.path),
                    "recipient": result.recipient, "sequence": result.sequence,
                    "kind": result.kind, "counts": result.counts, "rows": result.total})
    else:
        print(_("Package {n} for unit {unit} written to {path}: {rows} rows.").format(
            n=result.sequence, unit=result.recipient, path=result.path, rows=result.total))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from app.services.sync.importer import import_file

    if len(args.file) > 1:
        return _import_several(args)
    with open_db(args, write=True) as db:
        result = import_file(db, Path(args.file[0]), dry_run=args.dry_run)
    if args.json:
        print_json(result.to_json())
        return 0
    _print_import(result, args.dry_run)
    return 0


def _import_several(args: argparse.Namespace) -> int:
    """Several files: each on its own (a refused one changes nothing and does not stop the
    others); JSON is a list of the one-file objects, each with ``file`` and ``error``."""
    import sys

    from app.errors import DomainError
    from app.services.sync.importer import BatchItem, import_file, import_files

    with open_db(args, write=True) as db:
        if args.dry_run:
            items = []
            for name in args.file:
                item = BatchItem(Path(name))
                try:
                    item.result = import_file(db, item.path, dry_run=True)
                except DomainError as exc:
                    item.error = exc
                items.append(item)
        else:
            items = import_files(db, [Path(f) for f in args.file])
    if args.json:
        print_json([{"file": str(i.path), "error": i.error.message() if i.error else None,
                     **(i.result.to_json() if i.result else {})} for i in items])
    for item in items:
        if item.error is not None:
            print(_("{file}: {error}").format(file=item.path.name, error=item.error.message()),
                  file=sys.stderr)
        elif not args.json and item.result is not None:
            print(item.path.name)
            _print_import(item.result, args.dry_run)
    return EXIT_BAD_INPUT if any(i.error for i in items) else 0


def _print_import(result, dry_run: bool) -> None:  # noqa: ANN001 - an ImportResult
    from app.services.sync.labels import table_label

    if result.already_imported:
        print(_("Package {n} of unit {unit} was already imported; nothing changed.").format(
            n=result.sequence, unit=result.sender))
        return
    for name, t in result.tables.items():
        print(_("{table}: {new} new, {changed} changed, {deleted} deleted, {conflicts} "
                "conflicts, {refused} refused").format(
                    table=table_label(name), new=t.new, changed=t.changed, deleted=t.deleted,
                    conflicts=t.conflicts + t.proposals, refused=t.refused + t.locked))
    if result.held:
        print(_("Package {n} of unit {unit} waits: package number {missing} of unit {unit} is "
                "missing.").format(n=result.sequence, unit=result.sender,
                                   missing=result.missing_sequence))
    elif dry_run:
        print(_("Dry run: nothing was written."))
    for extra in result.released:
        print(_("Waiting package {n} of unit {unit} applied.").format(n=extra.sequence,
                                                                      unit=extra.sender))


def cmd_status(args: argparse.Namespace) -> int:
    from app.services.sync.status import sync_status

    with open_db(args, write=True) as db, db.transaction() as session:
        status = sync_status(session)
    if args.json:
        print_json(status.to_json())
        return 0
    print(_("Office {unit}, key fingerprint {fingerprint}").format(
        unit=status.unit_code, fingerprint=status.fingerprint))
    print(_("Changes not sent yet: {n}").format(n=status.unsent))
    from app.services.sync.labels import audit_text, drift_text

    for o in status.offices:
        state = _("revoked") if o.revoked_at else _("in use")
        print(f"  {o.unit_code}  {o.unit_name}  {o.fingerprint}  {state}")
        if o.last_in:
            print("    " + _("Audit trail of the sender: {state}").format(
                state=audit_text(o.audit_check, o.audit_breaks)))
            print("    " + _("Records of its units (sender / here): {state}").format(
                state=drift_text(o.drift)))
    for h in status.held:
        print(_("Waiting: package {n} of unit {unit} (package number {missing} is missing)"
                ).format(n=h.sequence, unit=h.sender, missing=h.missing_sequence))
    print(_("Open conflicts: {n}").format(n=status.open_conflicts))
    return 0


def cmd_conflicts(args: argparse.Namespace) -> int:
    from app.services.sync.conflicts import list_conflicts

    with open_db(args) as db, db.session() as session:
        items = list_conflicts(session)
    if args.json:
        print_json([c.to_json() for c in items])
        return 0
    for c in items:
        fields = ", ".join(f.name for f in c.fields if f.differs)
        print(f"{c.id[:8]}  {c.kind}  {c.table}  {c.row_id[:8]}  {c.sender}  {fields}")
    if not items:
        print(_("No open conflicts."))
    return 0 if items is not None else EXIT_BAD_INPUT
