"""The structure in force since 1/7/2025: official codes and structures in list units, a
dissolved unit's office told its successor."""

from __future__ import annotations

import json

from app.cli import main


def test_list_units_json_gives_official_code_and_structure(db_path, capsys):
    assert main(["--db", str(db_path), "list", "units", "--parent", "52", "--json"]) == 0
    units = {u["code"]: u for u in json.loads(capsys.readouterr().out)}
    assert len(units) == 135
    ia_grai = units["23764-2025"]
    assert ia_grai["official_code"] == "23764" and ia_grai["structure"] == "2025"
    assert ia_grai["in_force"] is True and ia_grai["unit_type"] == "Xã"
    assert main(["--db", str(db_path), "list", "units", "--parent", "628", "--json"]) == 0
    old = json.loads(capsys.readouterr().out)
    assert old and {u["structure"] for u in old} == {"before_2025"}
    assert all(u["in_force"] is False for u in old)
    assert {u["official_code"] for u in old} >= {"23764", "23785"}


def test_init_for_a_dissolved_commune_offers_its_successor(tmp_path, capsys):
    path = tmp_path / "x.sqlite"
    assert main(["--db", str(path), "init", "--unit", "23785"]) == 0
    err = capsys.readouterr().err
    assert "Xã Ia Dêr đã thôi tồn tại từ ngày 30/06/2025" in err
    assert "dhtt init --unit 23767-2025" in err
    assert main(["--db", str(path), "init", "--unit", "628"]) == 0
    assert "không còn cấp huyện" in capsys.readouterr().err
    assert main(["--db", str(path), "init", "--unit", "52"]) == 0
    assert capsys.readouterr().err == ""
