"""Screenshots of what issue 7's last round changed, as a commune officer sees them at
1366×768: long criteria wrapped in the Tiêu chí tab, the checklist and the candidate page,
and the busy bar of a long Excel export (run under Xvfb).

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python tools/screenshots_wrapping.py DB OUT
"""

import sys
import time
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.models.database import open_database  # noqa: E402
from app.services.reference import office_unit_code  # noqa: E402
from app.ui.application import _application  # noqa: E402
from app.ui.context import AppContext  # noqa: E402
from app.ui.ops import SyncExecutor, ThreadExecutor  # noqa: E402

LONG_TYPE = "3.2.1"  # its criteria are the plan's longest (up to 278 characters)


def settle(ms: int = 400) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def screen(out: Path) -> None:
    """The whole screen, dialogs over the window as the officer sees them."""
    QApplication.primaryScreen().grabWindow(0).save(str(out))


def person_of_long_type(ctx: AppContext) -> str:
    """A person of the model type with the longest criteria, assessed once."""
    from sqlalchemy import select

    from app.models import Candidate, ModelType, Verdict
    from app.services.assessments import checklist_for, save_assessment

    with ctx.db.transaction() as s:
        type_id = s.scalar(select(ModelType.id).where(ModelType.code == LONG_TYPE))
        cid = s.scalar(select(Candidate.id).where(Candidate.model_type_id == type_id,
                                                  Candidate.deleted.is_(False)).limit(1))
        if cid is None:  # the demo has none: give one person that type
            person = s.scalar(select(Candidate).where(Candidate.kind == "individual").limit(1))
            person.model_type_id = type_id
            cid = person.id
        checklist = checklist_for(s, cid)
        for n, item in enumerate(checklist.items):
            item.verdict = Verdict.MET if n % 3 else Verdict.PENDING
        save_assessment(s, checklist, on=date(2025, 3, 12), assessor="cb.xa")
    return cid


def main() -> None:
    db_path, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    app: QApplication = _application()
    db = open_database(db_path)
    with db.session() as session:
        office = office_unit_code(session)
    ctx = AppContext(db=db, office_unit_code=office, user_name="cb.xa", executor=SyncExecutor())
    cid = person_of_long_type(ctx)
    from app.ui.main_window import MainWindow

    window = MainWindow(ctx)
    window.resize(1366, 768)  # maximised, as on the officer's laptop (Xvfb has no window manager)
    window.show()
    settle(800)

    # The Tiêu chí tab with the long criteria open.
    window.tabs.setCurrentIndex(1)
    settle()
    criteria = window.tabs.currentWidget()
    tree = criteria.tree
    for i in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(i)
        item.setExpanded(item.text(0) == LONG_TYPE)
        if item.text(0) == LONG_TYPE:
            tree.scrollToItem(item)
            tree.setCurrentItem(item.child(4))
    settle()
    window.grab().save(str(out / "02-tieu-chi.png"))

    # The unit's own criteria on top of the plan's long ones.
    from app.ui.criteria.edit_dialog import CriteriaEditDialog

    edit = CriteriaEditDialog(ctx, criteria.selected_type(), unit_code=ctx.office_unit_code,
                              parent=window)
    edit.table.item(edit.table.rowCount() - 1, 0).setText(
        "Tham gia ít nhất một mô hình dân vận khéo của xã trong năm")
    edit.show()
    settle()
    edit.grab().save(str(out / "10-tieu-chi-rieng.png"))
    edit.close()

    # The checklist of that person.
    from app.ui.criteria.assessment_dialog import AssessmentDialog

    checklist = AssessmentDialog(ctx, cid, window)
    checklist.show()
    settle()
    checklist.grab().save(str(out / "cua-so-danh-gia.png"))
    checklist.close()

    # The candidate page, Đánh giá tab.
    from app.ui.candidates.detail import CandidateDetailDialog

    page = CandidateDetailDialog(ctx, cid, window)
    page.show()
    page.tabs.setCurrentIndex(2)
    settle()
    page.grab().save(str(out / "07c-danh-gia-tren-trang.png"))
    page.close()

    # The busy bar of a long export, over the register (the job made slow on purpose).
    import app.ui.excel.actions as actions

    window.tabs.setCurrentIndex(0)
    settle()
    original = actions.export_candidates

    def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        time.sleep(2.5)
        return original(*args, **kwargs)

    actions.export_candidates = slow
    target = out.parent / "xuat-thu.xlsx"
    actions.QFileDialog.getSaveFileName = lambda *a, **k: (str(target), "")  # type: ignore
    told: list[str] = []
    actions.QMessageBox.information = lambda *a: told.append(a[2])  # type: ignore
    ctx.executor = ThreadExecutor()
    window.tabs.currentWidget().export_button.click()
    settle(1200)
    screen(out / "cua-so-tien-trinh.png")
    ctx.executor.wait()
    settle(300)
    print("export:", told)

    window.close()
    window.deleteLater()
    for widget in app.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    app.processEvents()
    db.close()
    time.sleep(0.1)


if __name__ == "__main__":
    main()
