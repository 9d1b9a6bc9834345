"""The window fits a real screen and remembers how it was left; every dialog fits
1366×728 (issue 7, point 5)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from app.services.register import CandidateInput, save_candidate

LAPTOP = {"screens": [{"name": "Laptop", "x": 0, "y": 0, "width": 1366, "height": 768,
                       "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}


def test_the_window_fits_a_laptop_screen_and_is_kept_as_the_user_left_it(db_path, tmp_path):
    """On a 1366×768 screen: maximised at first, inside the screen; size, place, column
    widths and sort kept for the next run; a place on an unplugged monitor brought back."""
    config = tmp_path / "screen.json"
    config.write_text(json.dumps(LAPTOP), encoding="utf-8")
    home = tmp_path / "home"
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
           "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
           "APPDATA": str(home / "AppData")}
    probe = Path(__file__).with_name("window_state_probe.py")
    done = subprocess.run([sys.executable, str(probe), str(db_path)], capture_output=True,
                          text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["area"] == [0, 0, 1366, 768]
    assert seen["first"] == {"maximised": True, "inside": True}
    assert seen["second"] == {"maximised": False, "size": [1250, 650], "column": 233,
                              "sort": [5, True]}
    assert seen["third"] == {"inside": True}
    assert (home / ".config" / "DHTT" / "cua-so.ini").exists()


def test_every_dialog_fits_1366_by_728(qtbot, ctx, db):
    from app.ui.awards.calibration import CalibrationDialog
    from app.ui.awards.decision_dialog import DecisionDialog
    from app.ui.awards.report_dialog import ReportDialog
    from app.ui.candidates.activity_dialog import ActivityDialog
    from app.ui.candidates.detail import CandidateDetailDialog
    from app.ui.candidates.form import CandidateForm
    from app.ui.candidates.status_dialog import StatusDialog
    from app.ui.criteria.assessment_dialog import AssessmentDialog
    from app.ui.first_run import FirstRunDialog

    with db.transaction() as s:
        cid = save_candidate(s, CandidateInput(
            kind="individual", unit_code="628", ho="Ksor", ten="H'Lan",
            model_type_code="3.2.2b", movement_code="DSVH", year=2025),
            on=date(2025, 1, 5)).candidate_id
    dialogs = [CandidateForm(ctx), StatusDialog(ctx, cid), ActivityDialog(ctx, [cid]),
               DecisionDialog(ctx, [], [], None), ReportDialog(ctx), CalibrationDialog(ctx),
               AssessmentDialog(ctx, cid), FirstRunDialog(ctx), CandidateDetailDialog(ctx, cid)]
    too_big = []
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        size = dialog.frameGeometry().size()
        need = dialog.minimumSizeHint()
        if size.width() > 1366 or size.height() > 728 or need.height() > 728:
            too_big.append((type(dialog).__name__, size.width(), size.height(), need.height()))
        dialog.close()
    assert not too_big, too_big
