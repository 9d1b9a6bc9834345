"""Screenshots of the Đồng bộ tab for the guide (chapter 08), on two real offices.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python tools/screenshots_sync.py OUTDIR
"""

import shutil
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.models import Candidate  # noqa: E402
from app.models.database import open_database  # noqa: E402
from app.services.reference import initialise  # noqa: E402
from app.services.sync import export, importer  # noqa: E402
from app.ui.context import AppContext  # noqa: E402
from app.ui.ops import SyncExecutor  # noqa: E402
from tests.sync_helpers import COMMUNE, PROVINCE, add_person, offices  # noqa: E402


def settle(ms: int = 300) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def main(out: Path) -> None:
    from app.ui.qt_translation import install
    from app.ui.sync.conflict_dialog import ConflictDialog
    from app.ui.sync.summary_dialog import ImportSummaryDialog
    from app.ui.sync.tab import SyncTab

    app = QApplication.instance() or QApplication(sys.argv)
    install(app)
    work = Path(tempfile.mkdtemp())
    tpl = work / "t.sqlite"
    db = open_database(tpl)
    with db.transaction() as s:
        initialise(s, "52")
    db.close()
    o = offices(tpl, work / "o")
    people = [add_person(o.commune, n, ho=h, ten_dem=d) for h, d, n in (
        ("Ksor", "", "H'Lan"), ("Siu", "", "H'Nhi"), ("Rơ Mah", "", "Thanh"),
        ("Nguyễn", "Thị", "Ánh"), ("Đinh", "Văn", "Đức"))]
    with o.commune.transaction() as s:
        p1 = export.export_package(s, work)
    importer.import_file(o.province, p1.path)
    with o.commune.transaction() as s:
        s.get(Candidate, people[0]).summary = "Mô hình trồng cà phê sạch, liên kết 12 hộ"
    with o.province.transaction() as s:
        s.get(Candidate, people[0]).summary = "Trồng cà phê sạch, giúp 12 hộ thoát nghèo"
    (work / "b").mkdir()
    (work / "c").mkdir()
    with o.commune.transaction() as s:
        p2 = export.export_package(s, work / "b")
    with o.commune.transaction() as s:
        s.get(Candidate, people[1]).workplace = "HTX Ia Grai"
    with o.commune.transaction() as s:
        p3 = export.export_package(s, work / "c")
    importer.import_file(o.province, p3.path)  # arrives before package 2: waits

    ctx = AppContext(db=o.province, office_unit_code=PROVINCE, executor=SyncExecutor())
    tab = SyncTab(ctx)
    tab.resize(1280, 640)
    tab.show()
    settle()
    tab.message.setText("Gói số 3 của đơn vị 21553 nằm trong hàng chờ: thiếu gói số 2.")
    tab.pages.setCurrentIndex(1)
    settle()
    tab.grab().save(str(out / "dong-bo-hang-cho.png"))
    dry = importer.import_file(o.province, p2.path, dry_run=True)
    summary = ImportSummaryDialog(dry, tab)
    summary.show()
    settle()
    summary.grab().save(str(out / "dong-bo-chay-thu.png"))
    summary.close()
    importer.import_file(o.province, p2.path)
    tab.refresh()
    tab.pages.setCurrentIndex(0)
    tab.message.setText("Đã nhập gói số 2 của đơn vị 21553: ghi 0 dòng, 1 mục cần xử lý. "
                        "Gói số 3 đang chờ cũng đã được áp dụng.")
    settle()
    tab.grab().save(str(out / "dong-bo-xung-dot.png"))
    dialog = ConflictDialog(tab.conflicts[0], tab)
    dialog.show()
    settle()
    dialog.grab().save(str(out / "dong-bo-xu-ly.png"))
    dialog.close()
    xa = SyncTab(AppContext(db=o.commune, office_unit_code=COMMUNE, executor=SyncExecutor()))
    xa.resize(1280, 640)
    xa.show()
    xa.pages.setCurrentIndex(2)
    settle()
    xa.grab().save(str(out / "dong-bo-xa.png"))
    xa.close()
    # The province answers; later its copy of the commune loses a record (a hand edit, an
    # old backup restored): the next package of the commune shows the difference.
    (work / "d").mkdir()
    with o.province.transaction() as s:
        down = export.export_package(s, work / "d", to=COMMUNE)
    importer.import_file(o.commune, down.path)
    import sqlite3

    con = sqlite3.connect(o.province.path)
    con.execute("DELETE FROM status_changes WHERE candidate_id = ?", (people[4],))
    con.execute("DELETE FROM candidates WHERE id = ?", (people[4],))
    con.commit()
    con.close()
    add_person(o.commune, "Hoa", ho="Kpă")
    (work / "e").mkdir()
    with o.commune.transaction() as s:
        p5 = export.export_package(s, work / "e")
    done = importer.import_file(o.province, p5.path)
    tab.refresh()
    tab.pages.setCurrentIndex(2)
    tab.message.setText(f"Đã nhập gói số {done.sequence} của đơn vị 21553: ghi "
                        f"{sum(done.applied.values())} dòng, {done.conflicts} mục cần xử lý.")
    settle()
    tab.grab().save(str(out / "dong-bo-co-quan.png"))
    tab.close()
    o.close()
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
