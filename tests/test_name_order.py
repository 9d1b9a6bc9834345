"""People are ordered by tên, then tên đệm, then họ, each part compared whole (letters,
then tones) before the next: checked against ICU's "vi" collation (PyICU), an
implementation of the Unicode collation independent of app.text."""

from __future__ import annotations

import random

import pytest

from app import text

icu = pytest.importorskip("icu", reason="PyICU (pyicu-wheels) is in the test extra")

HO = ["Nguyễn", "Trần", "Lê", "Lương", "Đặng", "Đinh", "Ksor", "Rơ Mah", "Siu", "Nay", "Hồ",
      "Phạm", "Vũ", "Võ", "Ông", "Âu", "Ưng", "Bùi", "Đỗ", "Dương"]
TEN_DEM = ["", "Thị", "Văn", "Ngọc", "Thị Ngọc", "Hữu", "Đức", "Minh", "Thanh", "Ánh", "H'",
           "Xuân", "Mỹ"]
TEN = ["Anh", "Ánh", "Ảnh", "An", "Ân", "Ăn", "Dung", "Dũng", "Dụng", "Đông", "Đồng", "Hòa",
       "Hoà", "Hóa", "Hoa", "Lan", "H'Lan", "Nhung", "H'Nhung", "Ngơr", "Blơi", "Yến", "Yên",
       "Ý", "Y", "Thu", "Thư", "Thừa", "Hạnh", "Hành", "Uyên", "Ưng", "Ơn", "Ôn", "On", "anh"]


def _names(n: int) -> list[tuple[str, str, str]]:
    rng = random.Random(8)
    return [(rng.choice(HO), rng.choice(TEN_DEM), rng.choice(TEN)) for _ in range(n)]


def test_person_order_matches_icu_vietnamese_part_by_part():
    collator = icu.Collator.createInstance(icu.Locale("vi"))
    collator.setStrength(icu.Collator.TERTIARY)
    # Apostrophes ("H'Lan") do not order names: ICU's "shifted" punctuation handling.
    collator.setAttribute(icu.UCollAttribute.ALTERNATE_HANDLING, icu.UCollAttributeValue.SHIFTED)

    def icu_key(name: tuple[str, str, str]) -> tuple[bytes, ...]:
        ho, ten_dem, ten = name
        return tuple(collator.getSortKey(text.clean(part)) for part in (ten, ten_dem, ho))

    names = _names(3000)
    expected = sorted(names, key=icu_key)
    ours = sorted(names, key=lambda n: text.person_sort_key(*n))
    # Names whose keys tie in ICU may come in any order: compare their ICU keys.
    assert [icu_key(n) for n in ours] == [icu_key(n) for n in expected]


def test_every_anh_before_every_anh_with_acute_whatever_the_middle_name():
    names = [("Lê", "Ngọc", "Ánh"), ("Đặng", "Thị", "Anh"), ("Lương", "Ngọc", "Ánh"),
             ("Đinh", "Thị", "Ánh"), ("Trần", "Văn", "Dũng"), ("Vũ", "Ngọc", "Dung")]
    ordered = [" ".join(p for p in n if p)
               for n in sorted(names, key=lambda n: text.person_sort_key(*n))]
    assert ordered == ["Đặng Thị Anh", "Lê Ngọc Ánh", "Lương Ngọc Ánh", "Đinh Thị Ánh",
                       "Vũ Ngọc Dung", "Trần Văn Dũng"]


def test_given_name_after_the_apostrophe_is_a_word_start(db):
    from app.services.candidates import CandidateFilter, find_candidates
    from app.services.register import CandidateInput, save_candidate

    with db.transaction() as session:
        for name in ("Ksor H'Lan", "Siu H'Nhung", "Nay Lan Anh"):
            save_candidate(session, CandidateInput(kind="individual", display_name=name,
                                                   unit_code="23788"))
    with db.session() as session:
        def found(query: str) -> set[str]:
            return {r.name for r in find_candidates(session, CandidateFilter(search=query))}

        assert found("lan") == {"Ksor H'Lan", "Nay Lan Anh"}
        assert found("nhung") == {"Siu H'Nhung"}
        assert found("hlan") == {"Ksor H'Lan"}
        assert found("h'lan") == {"Ksor H'Lan"}
        assert found("ksor h’lan") == {"Ksor H'Lan"}
