"""Units of the structure in force (province 52 and its communes and wards, since 1/7/2025)
are never called "huyện" in what the program prints or lists (issue 8.8)."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from pypdf import PdfReader

from app.cli import main
from app.models import Status
from app.services.lifecycle import change_status
from app.services.register import CandidateInput, save_candidate

IA_GRAI = "23764-2025"  # Xã Ia Grai of the new structure (official code 23764)
HUYEN = re.compile("huyện", re.IGNORECASE)


def _candidates(db) -> None:
    with db.transaction() as s:
        for name, model, kind in (("Ksor H'Lan", "3.2.2b", "individual"),
                                  ("Hộ ông Rơ Mah Blơi", "3.1.10", "household"),
                                  ("Trạm Y tế xã Ia Grai", "3.1.5", "collective")):
            cid = save_candidate(s, CandidateInput(
                kind=kind, unit_code=IA_GRAI, display_name=name, model_type_code=model,
                year=2025), on=date(2025, 8, 5)).candidate_id
            for target in (Status.REGISTERED, Status.NURTURING, Status.EVALUATING,
                           Status.RECOGNISED):
                change_status(s, cid, target, on=date(2025, 9, 1))


@pytest.mark.parametrize("unit", [IA_GRAI, "52"])
def test_a_review_of_a_unit_in_force_never_says_huyen(db, db_path, tmp_path, capsys, unit):
    _candidates(db)
    db.close()
    out = tmp_path / "tong-ket.pdf"
    assert main(["--db", str(db_path), "report", "tong-ket", "--unit", unit, "--out", str(out),
                 "--number", "5", "--date", "05/02/2026", "--signer", "Nguyễn Văn Hùng"]) == 0
    capsys.readouterr()
    reader = PdfReader(str(out))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert not HUYEN.search(text), [line for line in text.splitlines() if HUYEN.search(line)]
    assert not HUYEN.search(reader.metadata["/Author"])
    assert "đăng ký 3 điển hình" in text  # the three candidates of Ia Grai are counted
    if unit == IA_GRAI:
        assert "XÃ IA GRAI" in text and "Ia Grai, ngày 05 tháng 02 năm 2026" in text


def test_units_in_force_are_listed_with_their_official_code_and_structure(db, db_path,
                                                                           capsys):
    db.close()
    assert main(["--db", str(db_path), "list", "units", "--parent", "52", "--json"]) == 0
    units = json.loads(capsys.readouterr().out)
    assert len(units) == 135
    assert {u["structure"] for u in units} == {"2025"} and all(u["in_force"] for u in units)
    assert {u["unit_type"] for u in units} <= {"Xã", "Phường"}
    ia_grai = next(u for u in units if u["code"] == IA_GRAI)
    assert ia_grai["official_code"] == "23764" and ia_grai["parent_code"] == "52"


def test_a_village_is_refused_a_review_in_words_of_the_structure_in_force(db, db_path,
                                                                         tmp_path, capsys):
    from app.models import AdminUnit, UnitLevel

    with db.session() as s:
        from sqlalchemy import select

        village = s.scalar(select(AdminUnit.code).where(AdminUnit.level == UnitLevel.VILLAGE)
                           .limit(1))
    if village is None:  # the template holds no villages: add one under Ia Grai
        with db.transaction() as s:
            s.add(AdminUnit(code="23764-2025-T1", official_code="23764-2025-T1",
                            name="Plei Ngol", unit_type="Thôn", level=UnitLevel.VILLAGE,
                            parent_code=IA_GRAI, valid_from=date(2025, 7, 1)))
        village = "23764-2025-T1"
    db.close()
    out = tmp_path / "x.pdf"
    assert main(["--db", str(db_path), "report", "tong-ket", "--unit", village,
                 "--out", str(out)]) == 3
    err = capsys.readouterr().err
    assert "không lập cho thôn" in err and not out.exists()
    assert "xã, phường" in err and "huyện cũ" in err  # no district in the present tense
