"""Screenshots for the guide's chapter "Khi có sự cố" (run as root on Linux, under Xvfb):
the question on a read-only database and the window opened read-only.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python tools/screenshots_faults.py DB OUTDIR

DB is copied onto a small tmpfs that is then remounted read-only (a write-protected USB
stick as the program meets it).
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.ui import application  # noqa: E402
from app.ui.main_window import MainWindow  # noqa: E402


def main(db: Path, out: Path) -> None:
    folder = Path(tempfile.mkdtemp(prefix="dhtt-usb-"))
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(folder)], check=True)
    try:
        shutil.copyfile(db, folder / "dhtt.sqlite")
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        real_question = QMessageBox.question

        def question(parent, title, text, *args):  # noqa: ANN001, ANN202
            def grab_and_accept() -> None:
                box = QApplication.activeModalWidget()
                if box is not None:
                    box.grab().save(str(out / "90-su-co-chi-xem-hoi.png"))
                    box.accept()
            QTimer.singleShot(600, grab_and_accept)
            real_question(parent, title, text, *args)
            return QMessageBox.StandardButton.Yes

        QMessageBox.question = question  # type: ignore[method-assign]
        real_show = MainWindow.show

        def show(self: MainWindow) -> None:
            self.tabs.setCurrentIndex(0)
            real_show(self)

        MainWindow.show = show  # type: ignore[method-assign]
        application.run(folder / "dhtt.sqlite", quit_after=2.0,
                        screenshot=str(out / "91-su-co-cua-so-chi-xem.png"))
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)
        folder.rmdir()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
