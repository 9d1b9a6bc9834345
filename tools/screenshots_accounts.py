"""Screenshots for the guide's chapter on accounts, the audit trail and backups.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python tools/screenshots_accounts.py OUTDIR

Builds a small demonstration file in a temporary folder (one commune, two accounts, a few
changes and backups) and grabs the real dialogs.
"""

import sys
import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.models.database import open_database  # noqa: E402
from app.services import accounts  # noqa: E402
from app.services.access import Role, act_as  # noqa: E402
from app.ui.application import _application  # noqa: E402
from app.ui.context import AppContext  # noqa: E402
from app.ui.ops import SyncExecutor  # noqa: E402


def settle(ms: int = 300) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def build(path: Path):  # noqa: ANN201
    from app.services.backup import Reason, make_backup
    from app.services.demo import DemoSize, generate
    from app.services.lifecycle import change_status
    from app.services.reference import initialise
    from app.services.register import CandidateInput, save_candidate

    db = open_database(path)
    with db.transaction() as s:
        initialise(s, "628")
    generate(db, DemoSize.preset("commune"), seed=3)
    with db.transaction() as s:
        accounts.make_administrator(s, "quantri", "mat-khau-1", "628")
        accounts.add_user(s, "cb.iakha", "mat-khau-2", role=Role.COMMUNE_STAFF,
                          unit_code="23764", full_name="Rơ Mah H'Bia")
        accounts.add_user(s, "ct.iakha", "mat-khau-3", role=Role.COMMUNE_LEADER,
                          unit_code="23764", full_name="Nguyễn Văn Hùng")
        accounts.add_user(s, "cb.iasao", "mat-khau-4", role=Role.COMMUNE_STAFF,
                          unit_code="23767", full_name="Đinh Thị Ngơr")
    staff = accounts.authenticate(db, "cb.iakha", "mat-khau-2")
    make_backup(db, Reason.DAILY)
    with db.transaction() as s:
        act_as(s, staff)
        cid = save_candidate(s, CandidateInput(
            kind="individual", unit_code="23764", ho="Ksor", ten="H'Lan",
            model_type_code="3.2.2b", movement_code="DSVH", year=2025,
            summary="Vận động bà con giữ gìn văn hóa")).candidate_id
    with db.transaction() as s:
        act_as(s, staff)
        save_candidate(s, CandidateInput(
            id=cid, kind="individual", unit_code="23764", ho="Ksor", ten="H'Lan",
            model_type_code="3.2.2b", movement_code="DSVH", year=2025,
            summary="Dạy chữ Jrai cho trẻ em trong làng"))
        change_status(s, cid, "dang_ky", on=date.today())
    try:
        accounts.authenticate(db, "cb.iasao", "sai")
    except accounts.LoginError:
        pass
    make_backup(db, Reason.MANUAL)
    return db, cid


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = _application()
    tmp = Path(tempfile.mkdtemp())
    db, cid = build(tmp / "dhtt.sqlite")
    ctx = AppContext(db=db, office_unit_code="628", executor=SyncExecutor())
    ctx.error_handler = print
    ctx.bug_handler = lambda exc: (_ for _ in ()).throw(exc)

    from app.ui.accounts.login import LoginDialog

    login = LoginDialog(ctx)
    login.name.setText("cb.iakha")
    login.password.setText("sai")
    login.show()
    login.accept()
    settle()
    login.grab().save(str(out / "tai-khoan-01-dang-nhap.png"))
    login.password.setText("mat-khau-2")
    login.accept()
    ctx.actor = accounts.authenticate(db, "quantri", "mat-khau-1")

    from app.ui.accounts.users import AccountsDialog

    dialog = AccountsDialog(ctx)
    dialog.show()
    settle()
    dialog.grab().save(str(out / "tai-khoan-02-quan-ly.png"))
    dialog.close()

    from app.ui.accounts.audit_viewer import AuditViewer

    viewer = AuditViewer(ctx)
    viewer.user.setCurrentIndex(viewer.user.findData("cb.iakha"))
    viewer.resize(1200, 520)
    viewer.show()
    settle()
    viewer.grab().save(str(out / "tai-khoan-03-nhat-ky.png"))
    viewer.close()
    history = AuditViewer(ctx, record_id=cid, record_label="Ksor H'Lan")
    history.resize(1200, 360)
    history.show()
    settle()
    history.grab().save(str(out / "tai-khoan-04-lich-su.png"))
    history.close()

    from app.ui.accounts.backups import BackupDialog, RestoreDialog

    backups = BackupDialog(ctx)
    backups.second.setText("E:\\DHTT")
    backups.show()
    settle()
    backups.grab().save(str(out / "tai-khoan-05-sao-luu.png"))
    first = backups.rows[-1].path
    backups.close()
    restore = RestoreDialog(ctx, first)
    restore.show()
    settle()
    restore.grab().save(str(out / "tai-khoan-06-khoi-phuc.png"))
    restore.close()

    from app.services.access import bind_actor
    from app.ui.first_run import FirstRunDialog

    bind_actor(db, None)  # a new installation: nobody signed in yet

    first_run = FirstRunDialog(AppContext(db=db, executor=SyncExecutor()))
    first_run.admin.name.setText("quantri")
    first_run.resize(640, 720)
    first_run.show()
    settle()
    first_run.search.setText("ia grai")
    settle()
    first_run.grab().save(str(out / "tai-khoan-00-lan-dau.png"))
    first_run.close()
    db.close()
    app.quit()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
