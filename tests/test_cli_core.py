"""The foundation CLI as province staff script it: commands, JSON fields, exit codes."""

import json
import subprocess
import sys

import pytest

from app.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_init_then_list_targets_shows_plan_iv1(tmp_path, capsys):
    db = str(tmp_path / "office.sqlite")
    code, out, _err = run(capsys, "--db", db, "init", "--unit", "628")
    assert code == 0 and "office.sqlite" in out
    code, out, _err = run(capsys, "--db", db, "init", "--unit", "628")
    assert code == 0 and "0 dòng" in out  # running it again adds nothing twice
    code, out, _err = run(capsys, "--db", db, "list", "targets", "--json")
    targets = json.loads(out)
    assert code == 0 and len(targets) == 14
    health = next(t for t in targets if t["lead_agency_code"] == "SYT")
    assert health["lead_agency"] == "Sở Y tế"
    assert health["minimums"] == {"collectives": 10, "individuals": 10}
    assert set(health) >= {"lead_agency", "movement", "minimums", "registered", "recognised"}


def test_list_model_types_json_has_criteria(tmp_path, capsys):
    db = str(tmp_path / "office.sqlite")
    run(capsys, "--db", db, "init", "--unit", "64")
    code, out, _err = run(capsys, "--db", db, "list", "model-types", "--json")
    types = json.loads(out)
    assert code == 0
    hcm = next(t for t in types if t["code"] == "3.1.7")
    assert len(hcm["criteria"]) == 7  # the plan's seven clauses (0009)
    assert all(c["subjects"] == [] for c in hcm["criteria"])
    assert hcm["criteria"][0]["code"] == "3.1.7.1"


def test_list_candidates_json_fields(db_path, capsys):
    from app import text
    from app.models import Candidate
    from app.models.database import open_database

    db = open_database(db_path)
    with db.transaction() as session:
        session.add(Candidate(kind="individual", display_name="Ksor H'Lan", ho="Ksor",
                              ten="H'Lan", unit_code="628", status="dang_ky",
                              name_search=text.fold("Ksor H'Lan"),
                              sort_key=text.person_sort_key("Ksor", "", "H'Lan")))
    db.close()
    code, out, _err = run(capsys, "--db", str(db_path), "list", "candidates",
                          "--search", "hlan", "--unit", "64", "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 1
    assert {"id", "name", "kind", "unit_code", "model_type", "status"} <= set(rows[0])
    assert rows[0]["name"] == "Ksor H'Lan" and rows[0]["unit_code"] == "628"


def test_bad_unit_is_exit_3_with_vietnamese_message(tmp_path, capsys):
    db = str(tmp_path / "office.sqlite")
    run(capsys, "--db", db, "init", "--unit", "64")
    code, _out, err = run(capsys, "--db", db, "init", "--unit", "99999")
    assert code == 3
    assert "Không có đơn vị hành chính mã 99999" in err


def test_init_with_an_unknown_unit_leaves_no_file(tmp_path, capsys):
    db = tmp_path / "office.sqlite"
    code, _out, err = run(capsys, "--db", str(db), "init", "--unit", "12345678")
    assert code == 3 and "12345678" in err
    assert not db.exists()


def test_missing_database_for_a_list_is_exit_3(tmp_path, capsys):
    code, _out, err = run(capsys, "--db", str(tmp_path / "none.sqlite"), "list", "targets")
    assert code == 3 and "dhtt init" in err
    assert not (tmp_path / "none.sqlite").exists()


def test_usage_error_is_exit_2_in_vietnamese(capsys):
    with pytest.raises(SystemExit) as info:
        main(["list", "nothing"])
    assert info.value.code == 2
    assert "lựa chọn không hợp lệ" in capsys.readouterr().err


def test_version_and_python_dash_m(tmp_path):
    from app import __version__

    result = subprocess.run([sys.executable, "-m", "app", "--version"], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0 and __version__ in result.stdout


def test_check_reports_a_sound_database(db_path, capsys):
    code, out, _err = run(capsys, "--db", str(db_path), "check")
    assert code == 0 and "không có lỗi" in out


def test_import_units_from_excel(db_path, tmp_path, capsys):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Code", "Name", "Unit type", "Level", "Parent code"])
    ws.append(["23557.01", "Plei Ơi", "Làng", "village", "23557"])
    ws.append(["23557.02", "Tổ dân phố 3", "Tổ dân phố", "village", "23557"])
    path = tmp_path / "thon.xlsx"
    wb.save(path)
    code, out, _err = run(capsys, "--db", str(db_path), "import-units", str(path))
    assert code == 0 and "Đã thêm 2 đơn vị" in out
    code, out, _err = run(capsys, "--db", str(db_path), "list", "units", "--parent", "23557",
                          "--json")
    assert [u["name"] for u in json.loads(out)] == ["Plei Ơi", "Tổ dân phố 3"]


def test_broken_unit_list_changes_nothing(db_path, tmp_path, capsys):
    path = tmp_path / "thon.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    code, _out, err = run(capsys, "--db", str(db_path), "import-units", str(path))
    assert code == 3 and "Không đọc được danh sách đơn vị" in err
