"""Administrative units: province, district level, commune level, villages."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, SyncMixin


class UnitLevel:
    """Levels of the administrative tree (values stored in ``admin_units.level``)."""

    PROVINCE = "province"
    DISTRICT = "district"  # huyện, thị xã, thành phố thuộc tỉnh (until 30/6/2025)
    COMMUNE = "commune"  # xã, phường, thị trấn
    VILLAGE = "village"  # thôn, làng, buôn, plei, tổ dân phố

    ALL = (PROVINCE, DISTRICT, COMMUNE, VILLAGE)


class AdminUnit(SyncMixin, Base):
    """One administrative unit with its official code (Decision 124/2004/QĐ-TTg).

    Holds both the structure before 1/7/2025 and the two-level one after it: a unit that
    was merged away keeps its row with ``valid_to`` and ``successor_code`` set, so old
    records keep pointing at the unit they were made in. Villages have no official code;
    they get ``<commune code>.<nn>`` codes when imported. The 2025 reform let many new
    communes keep the official code of one of the merged ones; such a new unit is stored
    under the key ``<code>-2025`` with ``official_code`` holding the real code.
    """

    __tablename__ = "admin_units"

    # The program's key. Equal to the official code, except for units of the post-2025
    # structure whose official code was carried over from a pre-2025 unit: those get
    # "<code>-2025" so both structures can live side by side.
    code: Mapped[str] = mapped_column(String(20), unique=True, nullable=False)
    official_code: Mapped[str] = mapped_column(String(20), nullable=False, default="", index=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    unit_type: Mapped[str] = mapped_column(String(40), nullable=False)  # "Xã", "Phường", "Thôn"…
    level: Mapped[str] = mapped_column(String(12), nullable=False, index=True)
    parent_code: Mapped[str | None] = mapped_column(
        ForeignKey("admin_units.code"), index=True
    )
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    # Indexed: a unit's scope (a recursive query) climbs successors as well as parents.
    successor_code: Mapped[str | None] = mapped_column(String(20), index=True)
    name_search: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    sort_key: Mapped[str] = mapped_column(String(400), nullable=False, default="", index=True)
    households: Mapped[int | None] = mapped_column(Integer)
    # Village area type decides pass marks in cultural scoring ("dac_biet_kho_khan", "do_thi"…).
    area_type: Mapped[str | None] = mapped_column(String(30))

    @property
    def full_name(self) -> str:
        return f"{self.unit_type} {self.name}".strip()

    @property
    def retired(self) -> bool:
        return self.valid_to is not None
