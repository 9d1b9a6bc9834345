"""Sentences that say what the numbers say: rose, fell or stayed; ties named as ties;
percentages half up with one decimal everywhere."""

from __future__ import annotations

from datetime import date

from app.reports.document import Header, Signature
from app.reports.review import ReviewData, TargetKind, TargetRow, build_review, draft_texts


def _data(**kw) -> ReviewData:
    base = dict(unit_name="xã Ia Grai", kind="tong_ket", period=(2021, 2025),
                header=Header(issuing_body="ỦY BAN NHÂN DÂN\nXÃ IA GRAI", number="05/BC-UBND",
                              place="Ia Grai", signed_on=date(2026, 2, 5)),
                signature=Signature(title="CHỦ TỊCH", name="Rơ Mah Blơi", prefix="TM."))
    base.update(kw)
    return ReviewData(**base)


def test_share_of_cultural_villages_rises_falls_or_stays():
    fell = draft_texts(_data(villages_by_year=[(2021, 8, 7), (2025, 8, 6)]))["strengths"]
    assert "giảm từ 87,5% năm 2021 xuống 75,0% năm 2025" in fell and "tăng" not in fell
    same = draft_texts(_data(villages_by_year=[(2021, 4, 4), (2025, 8, 8)]))["strengths"]
    assert "giữ ở mức 100,0% từ năm 2021 đến năm 2025" in same and "tăng" not in same
    rose = draft_texts(_data(villages_by_year=[(2021, 16, 5), (2025, 50, 37)]))["strengths"]
    assert "tăng từ 31,3% năm 2021 lên 74,0% năm 2025" in rose


def test_ties_are_named_as_ties():
    units = [("Xã Ia Kha", 80, 50), ("Xã Ia Sao", 70, 50), ("Xã Ia Tô", 90, 50),
             ("Xã Ia Dêr", 60, 20)]
    text = draft_texts(_data(examples_by_unit=units))["examples"]
    # three communes: their own type word, once, and "mỗi xã", not "mỗi đơn vị"
    assert "được công nhận nhất là xã Ia Kha, Ia Sao và Ia Tô, mỗi xã 50 điển hình" in text
    assert "mỗi đơn vị" not in text and "Xã Ia Sao" not in text


def test_a_tie_of_wards_says_each_ward_and_a_mix_says_each_unit():
    wards = [("Phường Pleiku", 30, 12), ("Phường Diên Hồng", 40, 12), ("Xã Biển Hồ", 9, 4)]
    text = draft_texts(_data(examples_by_unit=wards))["examples"]
    assert "được công nhận nhất là phường Pleiku và Diên Hồng, mỗi phường 12 điển hình" in text
    mixed = [("Xã Ia Kha", 30, 7), ("Phường An Khê", 40, 7), ("Thị trấn Chư Ty", 9, 7)]
    text = draft_texts(_data(examples_by_unit=mixed))["examples"]
    assert "nhất là xã Ia Kha, phường An Khê và thị trấn Chư Ty, mỗi đơn vị 7 điển hình" in text
    one = draft_texts(_data(examples_by_unit=[("Xã Ia Kha", 30, 7), ("Xã Ia Tô", 9, 3)]))
    assert "nhất là xã Ia Kha (7 điển hình)" in one["examples"]


def test_percentages_round_half_up_with_one_decimal_in_the_whole_document():
    # 1/8 = 12,5%; 5/16 = 31,25% → 31,3% (half up, not banker's 31,2%); 3/4 = 75,0%
    doc = build_review(_data(examples_by_model_type=[("3.1.3 – Thôn văn hóa", 16, 5),
                                                     ("3.2.1 – Cá nhân", 4, 3)]))
    cells = [c for b in doc.body if hasattr(b, "rows") for r in b.rows for c in r]
    assert "31,3%" in cells and "75,0%" in cells and "40,0%" in cells


def test_a_target_judged_per_kind_names_the_kind_behind():
    row = TargetRow("Sở Y tế", "Y tế", [TargetKind("tập thể", 10, 40, 0),
                                        TargetKind("cá nhân", 10, 90, 60)])
    texts = draft_texts(_data(targets=[row]))
    assert "Có 0/1 chỉ tiêu được giao đạt" in texts["examples"]
    assert "Sở Y tế (tập thể 0/10)" in texts["shortcomings"]
