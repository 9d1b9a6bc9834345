"""The Vietnamese text rules users rely on: storage form, search and order."""

import unicodedata

import pytest

from app import text


def test_clean_stores_nfc_trimmed_with_plain_apostrophe():
    nfd = unicodedata.normalize("NFD", "  Ksor   H\u2019Lan  ")
    cleaned = text.clean(nfd)
    assert cleaned == "Ksor H'Lan"
    assert unicodedata.is_normalized("NFC", cleaned)


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("nguyen thi anh", "Nguyễn Thị Ánh Tuyết"),
        ("duc", "Trần Văn Đức"),
        ("hlan", "Ksor H'Lan"),
        ("h'lan", "Ksor H\u2019Lan"),
        ("NGƠR", "Đinh Văn Ngơr"),
        ("ro mah", "Rơ Mah Blơi"),
    ],
)
def test_search_ignores_tones_diacritics_case_and_apostrophes(query, name):
    haystack = text.fold(name)
    assert all(term in haystack for term in text.search_terms(query))


def test_fold_of_nfd_and_nfc_input_is_the_same():
    word = "Nguyễn Thị Ánh Tuyết"
    assert text.fold(unicodedata.normalize("NFD", word)) == text.fold(word) == "nguyen thi anh tuyet"


def test_letters_sort_before_tones():
    # CLDR vi: a < ă < â < b …; "Ánh" (a + sắc) still sorts before "Ăn" (ă)
    words = ["Bình", "Ăn", "Ánh", "Anh", "Âu", "Đào", "Dung", "Ơn", "Ôn", "On", "Ưng", "Uyên"]
    ordered = sorted(words, key=text.sort_key)
    assert ordered == ["Anh", "Ánh", "Ăn", "Âu", "Bình", "Dung", "Đào", "On", "Ôn", "Ơn",
                       "Uyên", "Ưng"]


def test_tones_break_ties_in_cldr_order():
    # none < huyền < hỏi < ngã < sắc < nặng
    words = ["mạ", "má", "mã", "mả", "mà", "ma"]
    assert sorted(words, key=text.sort_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]


def test_shorter_word_sorts_first_and_case_is_last():
    assert sorted(["An Khê", "an", "An"], key=text.sort_key) == ["an", "An", "An Khê"]


def test_people_sort_by_given_name_then_middle_then_family():
    people = [
        ("Trần", "Văn", "Bình"),
        ("Nguyễn", "Thị Ánh", "Tuyết"),
        ("Ksor", "", "H'Lan"),
        ("Lê", "Văn", "An"),
        ("Đinh", "Văn", "Ngơr"),
        ("Nguyễn", "Văn", "An"),
    ]
    ordered = sorted(people, key=lambda p: text.person_sort_key(*p))
    assert ordered == [
        ("Lê", "Văn", "An"),
        ("Nguyễn", "Văn", "An"),
        ("Trần", "Văn", "Bình"),
        ("Ksor", "", "H'Lan"),
        ("Đinh", "Văn", "Ngơr"),
        ("Nguyễn", "Thị Ánh", "Tuyết"),
    ]


def test_split_person_name_handles_kinh_jrai_and_single_names():
    assert text.split_person_name("Nguyễn Thị Ánh Tuyết") == ("Nguyễn", "Thị Ánh", "Tuyết")
    assert text.split_person_name("Ksor H\u2019Lan") == ("Ksor", "", "H'Lan")
    assert text.split_person_name("A Thuh") == ("A", "", "Thuh")
    assert text.split_person_name("Blơi") == ("", "", "Blơi")
