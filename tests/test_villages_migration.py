"""A file at revision 0003 with 100-point village scores is upgraded and stays scored."""

from __future__ import annotations

import sqlite3

from sqlalchemy import create_engine, text

from app.models.database import upgrade

ROW = "'2023-01-01', '2023-01-01', 0"


def _file_at_0003(path):
    upgrade(path, "0003_filter_indexes")
    con = sqlite3.connect(path)
    con.execute("INSERT INTO admin_units (id, code, official_code, name, unit_type, level, "
                "parent_code, name_search, sort_key, created_at, updated_at, deleted) VALUES "
                f"('u1', '23764', '23764', 'Ia Kha', 'Thị trấn', 'commune', NULL, '', '', {ROW})")
    for i, area in ((1, "binh_thuong"), (2, "dac_biet_kho_khan")):
        con.execute("INSERT INTO admin_units (id, code, official_code, name, unit_type, level, "
                    "parent_code, name_search, sort_key, households, area_type, created_at, "
                    f"updated_at, deleted) VALUES ('v{i}', '23764.0{i}', '', '{i}', 'Thôn', "
                    f"'village', '23764', '', '', 120, '{area}', {ROW})")
    con.execute("INSERT INTO scoring_schemes (id, code, version, name, legal_basis, subject, "
                "valid_from, max_points, min_share_per_criterion, pass_marks, created_at, "
                "updated_at, deleted) VALUES ('s1', 'ND122-100', 1, 'Thang điểm 100', "
                "'Nghị định 122/2018/NĐ-CP', 'village', '2018-10-15', 100, 0.5, "
                f"'{{\"binh_thuong\": 80, \"dac_biet_kho_khan\": 60}}', {ROW})")
    for pos, (code, points) in enumerate([("I", 20), ("II", 25), ("III", 20), ("IV", 20),
                                          ("V", 15)], start=1):
        con.execute("INSERT INTO scoring_criteria (id, scheme_id, position, code, text, "
                    f"max_points, created_at, updated_at, deleted) VALUES ('c{pos}', 's1', "
                    f"{pos}, '{code}', 'Tiêu chuẩn {code}', {points}, {ROW})")
    for vid, year, score, passed, stage in (("23764.01", 2022, 85, 1, "quyet_dinh"),
                                            ("23764.02", 2022, 72, 1, "quyet_dinh"),
                                            ("23764.01", 2023, 78, 0, "tu_danh_gia"),
                                            ("23764.02", 2023, 65, 1, "quyet_dinh")):
        con.execute("INSERT INTO village_scores (id, village_code, year, scheme_id, self_score, "
                    "reviewed_score, passed, stage, decision_number, note, created_at, "
                    f"updated_at, deleted) VALUES ('{vid}-{year}', '{vid}', {year}, 's1', "
                    f"{score}, {score}, {passed}, '{stage}', '12/QĐ-UBND', '', {ROW})")
    con.commit()
    con.close()


def test_upgrade_keeps_the_100_point_scores_and_makes_the_scheme_usable(tmp_path):
    path = tmp_path / "v3.sqlite"
    _file_at_0003(path)
    upgrade(path)
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT mode FROM scoring_schemes")).scalar() == "points"
        items = conn.execute(text(
            "SELECT code, kind, max_points FROM scoring_criteria WHERE parent_id IS NOT NULL "
            "ORDER BY position")).all()
        assert items == [("I.1", "points", 20), ("II.1", "points", 25), ("III.1", "points", 20),
                         ("IV.1", "points", 20), ("V.1", "points", 15)]
        reviews = conn.execute(text("SELECT commune_code, year, state, decision_number FROM "
                                    "village_reviews ORDER BY year")).all()
        # 2023 stands where its least advanced village stands (one was still self-assessed).
        assert reviews == [("23764", 2022, "quyet_dinh", "12/QĐ-UBND"), ("23764", 2023, "nhap",
                                                                          "12/QĐ-UBND")]
        scores = conn.execute(text("SELECT village_code, year, reviewed_score, passed, stage, "
                                   "area_class, households FROM village_scores ORDER BY year, "
                                   "village_code")).all()
    engine.dispose()
    assert scores[0] == ("23764.01", 2022, 85, 1, "quyet_dinh", "binh_thuong", 120)
    assert scores[2][4] == "nhap"
    from app.models.database import Database, make_engine
    from app.services.villages import grid, rollup

    db = Database(path, make_engine(path))
    try:
        with db.session() as session:
            g = grid.load_grid(session, "23764", 2022)
            assert [(r.result["council"].status, r.result["council"].points) for r in g.rows] == [
                ("dat", 85), ("dat", 72)]
            (row,) = rollup.rollup(session, 2023, "23764")
            assert (row.scored, row.passed, row.change) == (2, 1, -1)
    finally:
        db.close()
