"""Evidence files checked by content, replication activities, and the candidate detail."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from docx import Document
from sqlalchemy import func, select

from app.errors import InputError
from app.models import ActivityKind, EvidenceFile, Phase
from app.services import evidence
from app.services.detail import candidate_detail, candidate_input
from app.services.register import CandidateInput, save_candidate
from app.services.replication import ActivityInput, activities_for, save_activity

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
       b"\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND"
       b"\xaeB`\x82")  # a whole 1×1 PNG: evidence is checked through its structure
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _docx() -> bytes:
    out = BytesIO()
    doc = Document()
    doc.add_paragraph("Biên bản họp thôn Plei Ngol")
    doc.save(out)
    return out.getvalue()


def _candidate(s, **kw) -> str:
    data = dict(kind="individual", unit_code="628", ho="Rơ Mah", ten="Blơi", birth_year=1979,
                model_type_code="3.2.2b", movement_code="DSVH", year=2022)
    data.update(kw)
    return save_candidate(s, CandidateInput(**data)).candidate_id


def test_real_files_are_kept_once_and_come_back_identical(db, tmp_path):
    scan = tmp_path / "biên bản.docx"
    scan.write_bytes(_docx())
    photo = tmp_path / "ảnh.png"
    photo.write_bytes(PNG)
    with db.transaction() as s:
        cid = _candidate(s)
        first = evidence.add_evidence(s, cid, scan)
        again = evidence.add_evidence(s, cid, scan)
        evidence.add_evidence(s, cid, photo)
    assert first == again
    with db.session() as s:
        listed = evidence.list_evidence(s, cid)
        assert [e.file_name for e in listed] == ["biên bản.docx", "ảnh.png"]
        out = evidence.save_evidence_copy(s, first, tmp_path / "copy.docx")
    assert Document(str(out)).paragraphs[0].text == "Biên bản họp thôn Plei Ngol"


@pytest.mark.parametrize("name, content, message", [
    ("anh.jpg", b"MZ\x90\x00 this is a program", "không thực sự là tệp JPG"),
    ("bien-ban.pdf", PNG, "không thực sự là tệp PDF"),
    ("virus.exe", b"MZ\x90\x00", "chỉ lưu được ảnh (JPG, PNG), PDF"),
    ("trong.pdf", b"", "trống"),
])
def test_disguised_or_unsupported_files_are_refused_by_name(db, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with db.transaction() as s:
        cid = _candidate(s)
    with pytest.raises(InputError) as err, db.transaction() as s:
        evidence.add_evidence(s, cid, path)
    assert name in err.value.message() and message in err.value.message()
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(EvidenceFile)) == 0


def test_oversize_file_is_refused_without_reading_it(db, tmp_path):
    big = tmp_path / "scan.pdf"
    with big.open("wb") as fh:
        fh.write(PDF)
        fh.truncate(evidence.MAX_SIZE + 1)
    with db.transaction() as s:
        cid = _candidate(s)
    with pytest.raises(InputError) as err, db.transaction() as s:
        evidence.add_evidence(s, cid, big)
    assert "scan.pdf" in err.value.message() and "tối đa 15 MB" in err.value.message()


def test_an_activity_features_several_examples_and_shows_on_each(db):
    with db.transaction() as s:
        a = _candidate(s)
        b = _candidate(s, ho="Ksor", ten="H'Lan", birth_year=1985)
        save_activity(s, ActivityInput(
            kind=ActivityKind.CONFERENCE, title="Hội nghị điển hình tiên tiến xã Ia Grai",
            held_on=date(2024, 10, 5), unit_code="628", participants=120,
            candidate_ids=[a, b]))
        save_activity(s, ActivityInput(
            kind=ActivityKind.PRESS, title="Báo Gia Lai: Người giữ lửa cồng chiêng",
            held_on=date(2025, 3, 2), unit_code="628", candidate_ids=[a]))
    with db.session() as s:
        assert [x.title for x in activities_for(s, a)] == [
            "Báo Gia Lai: Người giữ lửa cồng chiêng", "Hội nghị điển hình tiên tiến xã Ia Grai"]
        conference = activities_for(s, b)
        assert len(conference) == 1 and conference[0].participants == 120
        assert [n for _i, n in conference[0].candidates] == ["Rơ Mah Blơi", "Ksor H'Lan"]
        detail = candidate_detail(s, a)
        assert len(detail.activities) == 2 and detail.history[0].to_status == "phat_hien"


@pytest.mark.parametrize("change, message", [
    (dict(candidate_ids=[]), "Chọn ít nhất một điển hình"),
    (dict(title="  "), "tiêu đề"),
    (dict(held_on=date.today() + timedelta(days=3)), "tương lai"),
    (dict(participants=-5), "không thể là số âm"),
    (dict(unit_code="99999"), "99999"),
])
def test_bad_activity_is_refused_and_nothing_is_written(db, change, message):
    with db.transaction() as s:
        a = _candidate(s)
    data = dict(kind=ActivityKind.STUDY_VISIT, title="Tham quan mô hình cà phê",
                held_on=date(2024, 5, 1), unit_code="628", participants=30, candidate_ids=[a])
    data.update(change)
    with pytest.raises(InputError) as err, db.transaction() as s:
        save_activity(s, ActivityInput(**data))
    assert message in err.value.message()
    with db.session() as s:
        assert activities_for(s) == []


def test_editing_keeps_the_candidate_and_year_sets_the_phase(db):
    with db.transaction() as s:
        cid = _candidate(s, year=2021)
        phase_code = s.scalar(select(Phase.code).where(Phase.id == s.get(
            __import__("app.models", fromlist=["Candidate"]).Candidate, cid).phase_id))
        assert phase_code == "GD1"
        data = candidate_input(s, cid)
        data.summary = "Dẫn đầu phong trào giữ gìn cồng chiêng"
        data.year = 2024
        data.phase_code = None
        save_candidate(s, data)
    with db.session() as s:
        again = candidate_input(s, cid)
        assert again.summary == "Dẫn đầu phong trào giữ gìn cồng chiêng"
        assert again.phase_code == "GD2" and again.ho == "Rơ Mah" and again.ten == "Blơi"
