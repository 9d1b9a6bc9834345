"""A small commune with villages for the village-scoring tests."""

from __future__ import annotations

from sqlalchemy import select

from app.models import AdminUnit

COMMUNE = "23764"  # Thị trấn Ia Kha (Ia Grai)


def add_villages(session, n=3, commune=COMMUNE, difficult=()):
    """``n`` villages ``<commune>.01``… (households 100 each); codes in ``difficult`` are
    especially difficult."""
    assert session.scalar(select(AdminUnit).where(AdminUnit.code == commune)) is not None
    codes = []
    for i in range(1, n + 1):
        code = f"{commune}.{i:02d}"
        session.add(AdminUnit(code=code, name=str(i), unit_type="Thôn", level="village",
                              parent_code=commune, households=100, owner_unit_code=commune,
                              area_type="dac_biet_kho_khan" if code in difficult
                              else "binh_thuong"))
        codes.append(code)
    session.flush()
    return codes


ND122_ITEMS = ["I.1", "I.2", "II.1", "II.2", "II.3", "III.1", "III.2", "IV.1", "IV.2",
               "V.1", "V.2"]
