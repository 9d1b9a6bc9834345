"""Screenshots of the guide's chapter 5 (issue 8): a commune office's Tổng hợp tab and a
commune's certificate. Builds its own demo file for the office of Xã Ia Grai.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python tools/screenshots_figures.py OUTDIR
"""

import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.cli import main as dhtt  # noqa: E402
from app.models.database import open_database  # noqa: E402
from app.ui.application import _application  # noqa: E402
from app.ui.context import AppContext  # noqa: E402
from app.ui.ops import SyncExecutor  # noqa: E402
from tools.screenshots import settle  # noqa: E402

OFFICE = "23764-2025"  # Xã Ia Grai (formed on 1/7/2025 from Thị trấn Ia Kha, Ia Bă, Ia Grăng)


def certificate(db, out: Path) -> None:
    """A Giấy khen of the Chủ tịch of Xã Ia Grai, as a PNG of its PDF."""
    from sqlalchemy import select

    from app.models import Candidate, Status
    from app.reports.printing import print_certificates
    from app.services.awards import DecisionInput, issue_decision, propose_award

    with db.transaction() as s:
        cid = s.scalar(select(Candidate.id).where(
            Candidate.status == Status.RECOGNISED, Candidate.kind == "individual",
            Candidate.display_name.like("%H'%")).order_by(Candidate.sort_key))
        award = propose_award(s, year=2025, candidate_id=cid,
                              achievement="Đã có thành tích xuất sắc trong phong trào thi đua "
                                          "\"Toàn dân đoàn kết xây dựng đời sống văn hóa\" "
                                          "giai đoạn 2021–2025")
        issue_decision(s, DecisionInput(
            number="215/QĐ-UBND", signed_on=date(2025, 12, 15),
            authority_name="Ủy ban nhân dân xã Ia Grai", signer_title="Chủ tịch",
            signer_name="Nguyễn Văn Hùng", signer_prefix="TM."), [award])
    pdf = Path(tempfile.mkdtemp()) / "giay-khen.pdf"
    with db.session() as s:
        print_certificates(s, pdf, award_ids=[award])
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-singlefile", str(pdf),
                    str(out / "20b-giay-khen-xa")], check=True)


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp()) / "xa-ia-grai.sqlite"
    assert dhtt(["--db", str(path), "init", "--unit", OFFICE]) == 0
    assert dhtt(["--db", str(path), "demo", "--size", "commune", "--candidates", "400"]) == 0
    assert dhtt(["--db", str(path), "set-minimums", "--unit", OFFICE, "--agency", "SLDTBXH",
                 "--households", "5"]) == 0
    app: QApplication = _application()
    db = open_database(path)
    certificate(db, out)
    ctx = AppContext(db=db, office_unit_code=OFFICE, executor=SyncExecutor())
    from app.ui.main_window import MainWindow

    window = MainWindow(ctx)
    window.resize(1366, 768)
    window.show()
    settle(800)
    window.tabs.setCurrentIndex(4)
    settle()
    window.grab().save(str(out / "05c-tong-hop-xa.png"))
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
