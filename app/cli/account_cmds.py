"""Accounts, the audit trail and backups: users, audit, backup, backups, restore.

The acting account is given with the global ``--user NAME`` (password from
``DHTT_PASSWORD`` or typed); :func:`app.cli.base.open_db` signs in and puts the account on
every session, so each service checks its scope.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from app.cli.base import EXIT_BAD_INPUT, CliError, Commands, open_db, print_json
from app.codes import Role
from app.i18n import N_, _


def new_password() -> str:
    """The new account's password: ``DHTT_NEW_PASSWORD``, or typed twice on a terminal."""
    value = os.environ.get("DHTT_NEW_PASSWORD")
    if value:
        return value
    if not sys.stdin.isatty():
        raise CliError(N_("Give the new password in the environment variable "
                          "DHTT_NEW_PASSWORD or run the command in a terminal."))
    import getpass

    first = getpass.getpass(_("New password: "))
    if getpass.getpass(_("New password again: ")) != first:
        raise CliError(N_("The two passwords differ. Nothing was changed."))
    return first


def register(commands: Commands) -> None:
    users = commands.subgroup("users", _("local accounts (administrators)"))
    p = users.add_parser("add", help=_("create an account (password from DHTT_NEW_PASSWORD)"))
    p.add_argument("name", metavar="NAME", help=_("account name, e.g. cb.iagrai"))
    p.add_argument("--role", required=True, choices=Role.ALL, help=_("the account's role"))
    p.add_argument("--unit", metavar="CODE", help=_("the unit the account works for"))
    p.add_argument("--full-name", default="", metavar="TEXT", help=_("the person's full name"))
    p.set_defaults(handler=cmd_users_add)
    p = users.add_parser("list", help=_("list the accounts"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_users_list)
    p = users.add_parser("disable", help=_("disable an account"))
    p.add_argument("name", metavar="NAME")
    p.set_defaults(handler=cmd_users_disable, disabled=True)
    p = users.add_parser("enable", help=_("enable a disabled account again"))
    p.add_argument("name", metavar="NAME")
    p.set_defaults(handler=cmd_users_disable, disabled=False)
    p = users.add_parser("reset-password",
                         help=_("give an account a new password (from DHTT_NEW_PASSWORD)"))
    p.add_argument("name", metavar="NAME")
    p.set_defaults(handler=cmd_users_reset)
    p = users.add_parser("login", help=_("turn the login at start on or off"))
    p.add_argument("state", choices=["on", "off"])
    p.set_defaults(handler=cmd_users_login)

    audit = commands.subgroup("audit", _("the audit trail of every change"))
    p = audit.add_parser("verify", help=_("check that nobody edited, deleted or reordered "
                                          "entries of the audit trail"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_audit_verify)
    p = audit.add_parser("list", help=_("list the entries of the audit trail, newest first"))
    p.add_argument("--record", metavar="ID", help=_("only this record and rows referring to it"))
    p.add_argument("--user", dest="by_user", metavar="NAME", help=_("only this account"))
    p.add_argument("--limit", type=int, default=1000, metavar="N", help=_("at most N rows"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_audit_list)

    p = commands.add("backup", _("make a verified backup copy of the database now"), cmd_backup)
    p.add_argument("--to", metavar="DIR", help=_("write the copy into this folder"))
    backups = commands.subgroup("backups", _("backup copies"))
    p = backups.add_parser("list", help=_("list the backup copies with date, size and reason"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_backups_list)
    p = commands.add("restore", _("replace the database with a backup copy (a copy of the "
                                  "current file is made first)"), cmd_restore)
    p.add_argument("file", metavar="FILE", help=_("the backup copy"))


def cmd_users_add(args: argparse.Namespace) -> int:
    from app.services.accounts import add_user, check_new_password

    password = new_password()
    check_new_password(password)
    with open_db(args, write=True) as db, db.transaction() as session:
        user = add_user(session, args.name, password, role=args.role, unit_code=args.unit,
                        full_name=args.full_name)
        name = user.username
    print(_("Account {name} created.").format(name=name))
    return 0


def cmd_users_list(args: argparse.Namespace) -> int:
    from app.services.access import role_label
    from app.services.accounts import list_users

    with open_db(args) as db, db.session() as session:
        users = list_users(session)
    if args.json:
        print_json([u.as_json() for u in users])
    else:
        for u in users:
            state = _("disabled") if u.disabled else ""
            print(f"{u.username}\t{role_label(u.role)}\t{u.unit_code or ''}\t{state}")
    return 0


def cmd_users_disable(args: argparse.Namespace) -> int:
    from app.services.accounts import set_disabled

    with open_db(args, write=True) as db, db.transaction() as session:
        set_disabled(session, args.name, args.disabled)
    print((_("Account {name} disabled.") if args.disabled else
           _("Account {name} enabled.")).format(name=args.name))
    return 0


def cmd_users_reset(args: argparse.Namespace) -> int:
    from app.services.accounts import check_new_password, reset_password

    password = new_password()
    check_new_password(password)
    with open_db(args, write=True) as db, db.transaction() as session:
        reset_password(session, args.name, password)
    print(_("The password of {name} was changed.").format(name=args.name))
    return 0


def cmd_users_login(args: argparse.Namespace) -> int:
    from app.services.accounts import set_login_required

    with open_db(args, write=True) as db, db.transaction() as session:
        set_login_required(session, args.state == "on")
    print(_("Login at start is on.") if args.state == "on" else _("Login at start is off."))
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from app.services.audit import verify

    with open_db(args) as db, db.session() as session:
        check = verify(session)
    if args.json:
        print_json(check.as_json())
    elif check.whole:
        print(_("The audit trail is whole ({n} entries).").format(n=check.entries))
    if not check.whole:
        print(_("The audit trail is broken from entry {id}: {problem}").format(
            id=check.broken_at, problem=check.problem), file=sys.stderr)
        return EXIT_BAD_INPUT
    return 0


def cmd_audit_list(args: argparse.Namespace) -> int:
    from app.services.audit import AuditFilter, action_label, list_entries, table_label

    f = AuditFilter(user_name=args.by_user or "", record_id=args.record or "")
    with open_db(args) as db, db.session() as session:
        lines = list_entries(session, f, limit=args.limit)
    if args.json:
        print_json([line.as_json() for line in lines])
    else:
        for line in lines:
            print(f"{line.id}\t{line.at:%d/%m/%Y %H:%M:%S}\t{line.user_name or '-'}\t"
                  f"{action_label(line.action)}\t{table_label(line.table_name)}\t"
                  f"{line.row_id}\t{line.summary()}")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from app.services.backup import Reason, make_backup

    with open_db(args) as db:
        result = make_backup(db, Reason.MANUAL, to=Path(args.to) if args.to else None)
    for notice in result.notices:
        print(notice, file=sys.stderr)
    for path in result.paths:
        print(_("Backup written: {path}").format(path=path))
    return 0 if result.paths else EXIT_BAD_INPUT


def cmd_backups_list(args: argparse.Namespace) -> int:
    from app.services.backup import list_backups, reason_label

    with open_db(args) as db:
        rows = list_backups(db)
    if args.json:
        print_json([b.as_json() for b in rows])
    else:
        for b in rows:
            print(f"{b.made_at:%d/%m/%Y %H:%M}\t{b.size_text()}\t{reason_label(b.reason)}\t"
                  f"{b.path}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from app.services.backup import restore

    with open_db(args, write=True) as db:
        result = restore(db, Path(args.file))
    print(_("The database was restored from {file}. The file as it was before is kept in "
            "{saved}.").format(file=args.file, saved=result.saved_copy))
    return 0
