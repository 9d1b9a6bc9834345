"""Take the user guide's screenshots of the real window (run under Xvfb at 1366×768).

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python tools/screenshots.py DB OUTDIR
"""

import sys
import time
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.models.database import open_database  # noqa: E402
from app.services.reference import office_unit_code  # noqa: E402
from app.ui.application import _application  # noqa: E402
from app.ui.context import AppContext  # noqa: E402
from app.ui.ops import SyncExecutor  # noqa: E402


def settle(ms: int = 400) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def dialogs(ctx: AppContext, window, out: Path) -> None:
    """The candidate page, the form, a replication activity, criteria editing, drill-down."""
    from sqlalchemy import func, select

    from app.models import ActivityCandidate, Candidate
    from app.ui.candidates.activity_dialog import ActivityDialog
    from app.ui.candidates.detail import CandidateDetailDialog
    from app.ui.candidates.form import CandidateForm
    from app.ui.criteria.edit_dialog import CriteriaEditDialog

    with ctx.db.session() as s:  # a person with the most replication activities
        cid = s.scalar(select(ActivityCandidate.candidate_id)
                       .join(Candidate, Candidate.id == ActivityCandidate.candidate_id)
                       .where(Candidate.kind == "individual")
                       .group_by(ActivityCandidate.candidate_id)
                       .order_by(func.count().desc()).limit(1))
    page = CandidateDetailDialog(ctx, cid, window)
    page.show()
    settle()
    page.grab().save(str(out / "07-trang-dien-hinh.png"))
    page.tabs.setCurrentIndex(3)
    settle()
    page.grab().save(str(out / "07b-nhan-rong.png"))
    form = CandidateForm(ctx, window, candidate_id=cid)
    form.show()
    settle()
    form.grab().save(str(out / "08-bieu-mau.png"))
    form.close()
    activity = ActivityDialog(ctx, [cid], window)
    activity.title.setText("Hội nghị biểu dương điển hình tiên tiến năm 2025")
    activity.participants.setValue(150)
    activity.show()
    settle()
    activity.grab().save(str(out / "09-hoat-dong-nhan-rong.png"))
    activity.close()
    page.close()

    window.tabs.setCurrentIndex(1)
    criteria = window.tabs.currentWidget()
    settle()
    criteria.tree.setCurrentItem(criteria.tree.topLevelItem(2))
    edit = CriteriaEditDialog(ctx, criteria.selected_type(), unit_code=ctx.office_unit_code,
                              parent=window)
    edit.table.item(edit.table.rowCount() - 1, 0).setText(
        "Có ít nhất 80% hộ gia đình đạt danh hiệu Gia đình văn hóa")
    edit.show()
    settle()
    edit.grab().save(str(out / "10-tieu-chi-rieng.png"))
    edit.close()

    window.tabs.setCurrentIndex(3)
    awards = window.tabs.currentWidget()
    settle()
    awards.status.setCurrentIndex(1)  # proposals waiting for a decision
    settle()
    awards.table.selectAll()
    window.grab().save(str(out / "04b-de-nghi.png"))
    from app.ui.awards.decision_dialog import DecisionDialog
    from app.ui.awards.report_dialog import ReportDialog
    from app.ui.printing.preview import PdfPreview

    rows = awards.selected()
    decision = DecisionDialog(ctx, [r.id for r in rows], [r.recipient_name for r in rows],
                              window)
    decision.number.setText("125/QĐ-UBND")
    decision.show()
    settle()
    decision.grab().save(str(out / "11-quyet-dinh.png"))
    decision.close()
    report = ReportDialog(ctx, window)
    report.number.setText("5")
    report.show()
    settle()
    report.section_list.setCurrentRow(2)
    settle()
    report.grab().save(str(out / "12-bao-cao.png"))
    report.close()
    awards.status.setCurrentIndex(2)
    settle()
    awards.table.selectRow(0)
    import tempfile

    from app.reports.printing import print_certificates

    pdf = Path(tempfile.mkdtemp()) / "giay-khen.pdf"
    with ctx.db.session() as s:
        print_certificates(s, pdf, award_ids=[r.id for r in awards.rows[:3]])
    preview = PdfPreview(pdf, "Giấy khen", window)
    preview.show()
    settle(800)
    preview.grab().save(str(out / "13-xem-truoc.png"))
    preview.close()

    window.tabs.setCurrentIndex(4)
    dashboard = window.tabs.currentWidget()
    settle()
    dashboard.details.setCurrentIndex(1)
    settle()
    window.grab().save(str(out / "05b-theo-don-vi.png"))
    dashboard.details.setCurrentIndex(0)
    window.tabs.setCurrentIndex(0)


def main() -> None:
    db_path, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    app: QApplication = _application()
    db = open_database(db_path)
    with db.session() as session:
        office = office_unit_code(session)
    ctx = AppContext(db=db, office_unit_code=office, executor=SyncExecutor())
    from app.ui.main_window import MainWindow

    window = MainWindow(ctx)
    window.resize(1366, 768)
    window.show()
    settle(800)
    names = ["dien-hinh", "tieu-chi", "thon-van-hoa", "khen-thuong", "tong-hop", "dong-bo"]
    for index, name in enumerate(names):
        window.tabs.setCurrentIndex(index)
        settle()
        window.grab().save(str(out / f"{index + 1:02d}-{name}.png"))
    window.tabs.setCurrentIndex(0)
    tab = window.tabs.currentWidget()
    tab.search.setText("nguyen thi")
    settle(700)
    window.grab().save(str(out / "01b-tim-kiem.png"))
    dialogs(ctx, window, out)
    window.close()
    from app.ui.first_run import FirstRunDialog

    dialog = FirstRunDialog(ctx)
    dialog.show()
    dialog.search.setText("ia grai")
    settle()
    dialog.grab().save(str(out / "00-lan-dau.png"))
    dialog.close()
    # Close every window and let Qt delete them while the application still exists;
    # left to the interpreter's shutdown, PySide6 deletes them in a random order and aborts.
    window.deleteLater()
    for widget in app.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    app.processEvents()
    db.close()
    time.sleep(0.1)


if __name__ == "__main__":
    main()
