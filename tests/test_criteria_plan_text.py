"""The criteria the program ships say what plan III.3 says, no more, no less (issue 8.5).

The plan's paragraph of each model type is read from the plan's own text
(tests/data/ke-hoach-…txt, a copy of the published plan), not from the program's JSON.
Each item of the set in force in a new file must be a piece of that paragraph, in the
paragraph's order (compared after NFC, single spaces, lower case, quotation marks and
ellipses left aside); an item may name its subject first ("Cá nhân giữ chức vụ lãnh đạo,
quản lý các ngành các cấp: …") when the subject is the plan's own words. Together the
items must cover the whole paragraph: what is left is only punctuation and the linking
words "là", "và", "đối với".
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from sqlalchemy import select

from app.models import ModelType
from app.services.plan import current_criteria_set

PLAN = Path(__file__).parent / "data" / "ke-hoach-dien-hinh-tien-tien-gia-lai-2021-2025.txt"
LINKING = {"", "là", "và", "đối với"}
CODES = ["3.1.1", "3.1.2", "3.1.3", "3.1.4", "3.1.5", "3.1.6", "3.1.7", "3.1.8", "3.1.9",
         "3.1.10", "3.2.1", "3.2.2a", "3.2.2b"]


def _norm(value: str) -> str:
    value = unicodedata.normalize("NFC", value)
    value = re.sub("[\u201c\u201d\"]", "", value).replace("\u2026", "...")
    return re.sub(r"\s+", " ", value).strip().lower()


def plan_paragraphs() -> dict[str, str]:
    """Section III.3 of the plan, one paragraph per model type (the part after its title)."""
    lines = PLAN.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("3.1.1. "))
    end = next(i for i, line in enumerate(lines) if line.startswith("Ngoài tiêu chí cơ bản"))
    out: dict[str, str] = {}
    section = lines[start:end]
    for i, line in enumerate(section):
        m = re.match(r"^(3\.1\.\d+)\. [^:]+: (.*)$", line)
        if m:
            out[m.group(1)] = m.group(2)
        elif line.startswith("3.2.1 "):
            out["3.2.1"] = section[i + 1]
    bullets = [line[2:] for line in section if line.startswith("+ ")]
    out["3.2.2a"] = bullets[0]
    out["3.2.2b"] = bullets[1].split(": ", 1)[1]  # after "Người dân …, các chức sắc tôn giáo"
    return out


def _find(paragraph: str, piece: str, start: int) -> int:
    at = paragraph.find(piece, start)
    assert at >= 0, f"not in the plan (or out of order): {piece!r}"
    return at


def check_set(code: str, items: list[str], paragraph: str) -> None:
    para = _norm(paragraph)
    covered = [False] * len(para)
    pos = 0
    for item in items:
        text = _norm(item)
        subject = ""
        if para.find(text, pos) < 0 and ": " in text:
            subject, text = text.split(": ", 1)
            at = _find(para, subject, 0)
            covered[at:at + len(subject)] = [True] * len(subject)
        text = text.rstrip(".") if para.find(text, pos) < 0 else text
        at = _find(para, text, pos)
        covered[at:at + len(text)] = [True] * len(text)
        pos = at + len(text)
    left = "".join(c if not done else "|" for c, done in zip(para, covered, strict=True))
    rest = [re.sub(r"^[\s;,.:()]+|[\s;,.:()]+$", "", chunk) for chunk in left.split("|")]
    assert {r for r in rest} <= LINKING, (code, [r for r in rest if r not in LINKING])


@pytest.fixture(scope="module")
def shipped(template_db) -> dict[str, tuple[int, list[tuple[str, str]]]]:
    """The set in force of each model type in a new file: version, (text, subjects)."""
    from app.models.database import open_database

    db = open_database(template_db, read_only=True)
    try:
        with db.session() as session:
            out = {}
            for mt in session.scalars(select(ModelType)):
                cset = current_criteria_set(mt)
                assert cset is not None
                out[mt.code] = (cset.version, [(c.text, c.subjects) for c in cset.criteria])
            return out
    finally:
        db.close()


def test_the_plan_is_read_independently():
    paragraphs = plan_paragraphs()
    assert sorted(paragraphs) == sorted(CODES)
    assert "không thờ ơ" in paragraphs["3.1.5"]
    assert paragraphs["3.2.1"].startswith("Có tinh thần trách nhiệm cao")


@pytest.mark.parametrize("code", CODES)
def test_each_shipped_item_is_the_plans_own_text(shipped, code):
    paragraph = plan_paragraphs()[code]
    _version, items = shipped[code]
    for text, _subjects in items:
        assert text == unicodedata.normalize("NFC", text) and "  " not in text
    check_set(code, [t for t, _ in items], paragraph)


def test_the_checker_refuses_a_set_that_drops_or_adds_words():
    paragraph = plan_paragraphs()["3.1.5"]
    faithful = [
        "Các tập thể cơ quan, đơn vị, các y, bác sĩ, cán bộ và nhân viên ngành y tế từ tỉnh "
        "đến xã, phường, thị trấn thực hiện tốt các Chương trình, mục tiêu quốc gia về lĩnh "
        "vực y tế",
        "Nâng cao hiệu quả công tác chăm sóc sức khỏe cho người dân",
        "Có phương pháp, giải pháp mới, sáng tạo nâng cao hiệu quả công tác",
        "Thực hiện có hiệu quả các phong trào thi đua của ngành, đặc biệt là y đức của người "
        "thầy thuốc, không thờ ơ, thương yêu người bệnh, thực hiện tốt các quy định của ngành y",
        "Tích cực hưởng ứng các phong trào thi đua của tỉnh"]
    check_set("3.1.5", faithful, paragraph)
    dropped = [t.replace("không thờ ơ, ", "") for t in faithful]  # the release before
    with pytest.raises(AssertionError):
        check_set("3.1.5", dropped, paragraph)
    with pytest.raises(AssertionError):
        check_set("3.1.5", faithful[:-1], paragraph)
    with pytest.raises(AssertionError):
        check_set("3.1.5", [*faithful, "Hằng năm hoàn thành xuất sắc nhiệm vụ được giao"],
                  paragraph)


def test_subjects_of_each_item(shipped):
    for code, (_version, items) in shipped.items():
        if code != "3.1.10":
            assert {s for _, s in items} == {""}, code  # every item for every kind
    poverty = shipped["3.1.10"][1]
    assert poverty[0] == (poverty[0][0], "collective,cooperative,coop_group")
    assert poverty[0][0].startswith("Tập thể cơ quan, đơn vị, doanh nghiệp")
    assert {s for _, s in poverty[1:]} == {"household"}
    assert poverty[1][0].startswith("Hộ gia đình điển hình")


def test_versions_in_force(shipped):
    # every set was corrected: the four of the release before a third time, the rest once
    assert {code: v for code, (v, _) in shipped.items()} == {
        **{code: 2 for code in CODES}, "3.1.6": 3, "3.1.10": 3, "3.2.1": 3, "3.2.2a": 3}
