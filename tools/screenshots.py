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
    window.tabs.currentWidget().search.setText("nguyen thi")
    settle(700)
    window.grab().save(str(out / "01b-tim-kiem.png"))
    window.close()
    from app.ui.first_run import FirstRunDialog

    dialog = FirstRunDialog(ctx)
    dialog.show()
    dialog.search.setText("ia grai")
    settle()
    dialog.grab().save(str(out / "00-lan-dau.png"))
    dialog.close()
    db.close()
    time.sleep(0.1)


if __name__ == "__main__":
    main()
