"""Generated demonstration data for Gia Lai: realistic names, villages, five years of scoring.

Reproducible from a seed (ids included: they come from the seeded generator, not uuid4),
and fast enough for a whole province (bulk inserts in chunks, one transaction: a failure
leaves the database as it was).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache

from sqlalchemy import Connection, func, select
from sqlalchemy.orm import Session

from app import text
from app.errors import InputError
from app.i18n import N_
from app.models import (
    ActivityCandidate,
    AdminUnit,
    Award,
    AwardForm,
    Candidate,
    CandidateKind,
    Decision,
    LeadAgency,
    ModelType,
    Movement,
    Phase,
    RegisterCounter,
    ReplicationActivity,
    Status,
    StatusChange,
    UnitLevel,
    counts,
    search_index,
)
from app.models.database import Database
from app.services import demo_villages
from app.services.bulk_insert import insert_rows
from app.services.report_settings import SignerSettings, save_options


@dataclass
class DemoSize:
    """How much to generate."""

    district_code: str | None  # None: the whole province
    max_communes: int | None
    villages_per_commune: int
    candidates: int
    scoring_years: tuple[int, ...] = (2021, 2022, 2023, 2024, 2025)

    @staticmethod
    def preset(name: str) -> DemoSize:
        presets = {
            "commune": DemoSize("628", 1, 12, 150),
            "district": DemoSize("628", None, 8, 2000),
            # 218 communes × ~7.4 villages ≈ 1,600 villages; 100,000 candidates.
            "province": DemoSize(None, None, 0, 100_000),
        }
        return replace(presets[name])


# --- names --------------------------------------------------------------------------------

KINH_HO = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
           "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trương", "Đoàn", "Lương"]
KINH_DEM_NAM = ["Văn", "Hữu", "Đức", "Minh", "Quang", "Thanh", "Công", "Xuân", "Ngọc", "Đình"]
KINH_DEM_NU = ["Thị", "Thị Ánh", "Thị Thu", "Thị Kim", "Ngọc", "Thị Minh", "Thị Hồng", "Thu"]
KINH_TEN_NAM = ["An", "Bình", "Cường", "Dũng", "Đức", "Hải", "Hùng", "Khánh", "Long", "Minh",
                "Nam", "Phong", "Quân", "Sơn", "Tài", "Thắng", "Toàn", "Trung", "Tuấn", "Vinh"]
KINH_TEN_NU = ["Anh", "Ánh", "Châu", "Dung", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh",
               "Mai", "Nga", "Nhung", "Oanh", "Phương", "Tâm", "Thảo", "Trang", "Tuyết", "Yến"]
JRAI_HO = ["Ksor", "Nay", "Kpă", "Rơ Châm", "Rơ Ô", "Rơ Mah", "Siu", "Rahlan", "Puih", "Alê",
           "Rơ Mô", "Rcom"]
JRAI_TEN_NAM = ["Blơi", "Blang", "Ơn", "Hyơr", "Thuyên", "Phik", "Djen", "Yuh", "Krin", "Tơ",
                "Dơng", "Kheo", "Hlin", "Byuh"]
JRAI_TEN_NU = ["H'Lan", "H'Nhi", "H'Nga", "H'Bia", "H'Lim", "H'Mai", "H'Nơn", "H'Juin",
               "H'Lăh", "H'Yon"]
BAHNAR_TEN_NAM = ["Ngơr", "Thuh", "Blin", "Hmưi", "Dơn", "Sơ", "Nhưl", "Pơm", "Đeh", "Hyưk"]
BAHNAR_TEN_NU = ["Hmưi", "Blin", "Lĕ", "Hơ", "Rin", "Phơ", "Nhên", "Yă"]

VILLAGE_PREFIX = ["Làng", "Làng", "Plei", "Thôn", "Thôn", "Buôn", "Tổ dân phố"]
VILLAGE_WORDS = ["Ơi", "Kte", "Ia Pết", "Ia Lâm", "Ia Dơk", "Bông Phun", "Klăh", "Dơr",
                 "Ngol", "Kép", "Tơ Nung", "Sơ Ró", "Mơ Nú", "Ia Bâu", "Đê Kjiêng"]

ACHIEVEMENTS = [
    "Dẫn đầu phong trào thi đua tại địa phương, giúp {n} hộ thoát nghèo bền vững.",
    "Áp dụng tiến bộ khoa học kỹ thuật vào trồng cà phê, năng suất tăng {n}% so với năm trước.",
    "Vận động Nhân dân hiến {n} m² đất làm đường giao thông nông thôn.",
    "Duy trì sĩ số học sinh 100%, có {n} học sinh giỏi cấp tỉnh.",
    "Tổ chức {n} buổi tuyên truyền, phổ biến pháp luật cho đồng bào dân tộc thiểu số.",
    "Giữ vững an ninh trật tự, hòa giải thành công {n} vụ việc tại cơ sở.",
    "Có sáng kiến cải tiến quy trình, tiết kiệm {n} triệu đồng mỗi năm.",
    "Gia đình {n} năm liền đạt danh hiệu Gia đình văn hóa, tích cực tham gia công tác từ thiện.",
]

COLLECTIVES = {
    "3.1.4": ["Trường Tiểu học {p}", "Trường THCS {p}", "Trường Mầm non {p}"],
    "3.1.5": ["Trạm Y tế xã {p}", "Khoa Nhi Trung tâm Y tế {p}"],
    "3.1.6": ["Đồn Biên phòng {p}", "Công an xã {p}", "Ban Chỉ huy Quân sự xã {p}"],
    "3.1.2": ["Chi hội Phụ nữ làng {p}", "Chi đoàn thôn {p}", "Hội Cựu chiến binh xã {p}"],
    "3.1.3": ["Làng văn hóa {p}", "Khu dân cư {p}"],
    "3.1.1": ["Ủy ban nhân dân xã {p}", "Văn phòng HĐND và UBND {p}"],
    "3.1.7": ["Chi bộ thôn {p}", "Đảng ủy xã {p}"],
    "3.1.9": ["Ban Phát triển thôn {p}", "Tổ tự quản đường giao thông {p}"],
    "3.1.8": ["Công ty TNHH Cà phê {p}", "Doanh nghiệp tư nhân {p}"],
    "3.1.10": ["Câu lạc bộ giảm nghèo {p}"],
}

# Which movement and lead agency go with each model type (as the plan's IV.1 assigns).
MODEL_MOVEMENT: dict[str, tuple[str | None, str | None]] = {
    "3.1.1": ("VHCS", "SNV"), "3.1.2": ("DSVH", "SVHTTDL"), "3.1.3": ("DSVH", "SVHTTDL"),
    "3.1.4": ("DTHT", "SGDDT"), "3.1.5": ("YTE", "SYT"), "3.1.6": ("QPAN", None),
    "3.1.7": ("HCM", "BTGTU"), "3.1.8": ("DNHN", "SKHDT"), "3.1.9": ("NTM", "SNNPTNT"),
    "3.1.10": ("VNN", "SLDTBXH"), "3.2.1": (None, None), "3.2.2a": ("SKST", "SKHCN"),
    "3.2.2b": ("PBGDPL", "STP"),
}
INDIVIDUAL_MOVEMENTS = [("NTM", "SNNPTNT"), ("DNHN", "SKHDT"), ("DSVH", "SVHTTDL"),
                        ("DTHT", "SGDDT"), ("YTE", "SYT"), ("HCM", "BTGTU"), ("VHCS", "SNV"),
                        ("PBGDPL", "STP"), ("SKST", "SKHCN"), ("QPAN", None)]
DEFENCE_AGENCIES = ["CAT", "BCHQS", "BCHBDBP"]

STATUS_WEIGHTS = [(Status.DISCOVERED, 10), (Status.REGISTERED, 22), (Status.NURTURING, 20),
                  (Status.EVALUATING, 12), (Status.RECOGNISED, 18), (Status.REPLICATING, 10),
                  (Status.FAILED, 5), (Status.WITHDRAWN, 3)]

CHUNK = 5000


class _Ids:
    """UUIDs from the seeded generator, so the same seed gives the same ids."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng

    def __call__(self) -> str:
        # str(uuid.UUID(int=…, version=4)) written out: the same text, a quarter of the
        # time (the province demo makes 1.5 million ids).
        n = (self._rng.getrandbits(128) & _UUID_CLEAR) | _UUID_SET
        h = f"{n:032x}"
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


_UUID_CLEAR = ~((0xc000 << 48) | (0xf000 << 64))
_UUID_SET = (0x8000 << 48) | (4 << 76)

# Names repeat (a few thousand distinct ones among 100,000 candidates): each folded and
# keyed once.
_fold = lru_cache(maxsize=65536)(text.fold)
_sort_key = lru_cache(maxsize=65536)(text.sort_key)
_person_sort_key = lru_cache(maxsize=65536)(text.person_sort_key)


def _bulk(session: Session, model: type, rows: list[dict]) -> None:
    # One executemany per set of columns, straight to the driver (SQLAlchemy's Core insert
    # prepared every parameter in Python: most of the demo's time).
    insert_rows(session, model, rows)


def _person(rng: random.Random) -> dict:
    group = rng.choices(["Kinh", "Gia Rai", "Ba Na"], weights=[54, 30, 16])[0]
    female = rng.random() < 0.45
    if group == "Kinh":
        ho = rng.choice(KINH_HO)
        dem = rng.choice(KINH_DEM_NU if female else KINH_DEM_NAM)
        ten = rng.choice(KINH_TEN_NU if female else KINH_TEN_NAM)
    elif group == "Gia Rai":
        ho = rng.choice(JRAI_HO)
        dem = ""
        ten = rng.choice(JRAI_TEN_NU if female else JRAI_TEN_NAM)
    else:
        if rng.random() < 0.6:
            ho, dem = "Đinh", ("Thị" if female else "Văn")
        else:
            ho, dem = ("Y" if female else "A"), ""
        ten = rng.choice(BAHNAR_TEN_NU if female else BAHNAR_TEN_NAM)
    display = " ".join(p for p in (ho, dem, ten) if p)
    return {"ho": ho, "ten_dem": dem or None, "ten": ten, "display_name": display,
            "gender": "nu" if female else "nam", "ethnicity": group}


def _place_word(rng: random.Random) -> str:
    return rng.choice(VILLAGE_WORDS)


def _communes(session: Session, size: DemoSize) -> list[AdminUnit]:
    stmt = select(AdminUnit).where(AdminUnit.level == UnitLevel.COMMUNE,
                                   AdminUnit.deleted.is_(False))
    if size.district_code:
        stmt = stmt.where(AdminUnit.parent_code == size.district_code)
    else:
        stmt = stmt.where(AdminUnit.parent_code.in_(
            select(AdminUnit.code).where(AdminUnit.parent_code == "64")))
    communes = list(session.scalars(stmt.order_by(AdminUnit.code)))
    if size.max_communes:
        communes = communes[: size.max_communes]
    return communes


def _make_villages(session: Session, rng: random.Random, ids: _Ids, communes: list[AdminUnit],
                   size: DemoSize) -> list[dict]:
    rows = []
    for commune in communes:
        n = size.villages_per_commune or rng.randint(5, 10)
        used: set[tuple[str, str]] = set()
        for i in range(1, n + 1):
            prefix = rng.choice(VILLAGE_PREFIX)
            if prefix in ("Thôn", "Tổ dân phố") and rng.random() < 0.6:
                name = str(i)
            else:
                name = _place_word(rng)
            if (prefix, name) in used:
                name = f"{name} {i}"
            used.add((prefix, name))
            rows.append({
                "id": ids(), "code": f"{commune.code}.{i:02d}", "official_code": "",
                "name": name, "unit_type": prefix, "level": UnitLevel.VILLAGE,
                "parent_code": commune.code, "name_search": text.fold(f"{prefix} {name}"),
                "sort_key": text.sort_key(name),
                "households": rng.randint(60, 320), "owner_unit_code": commune.code,
                "area_type": "dac_biet_kho_khan" if rng.random() < 0.3 else "binh_thuong",
                "deleted": False, "created_at": datetime(2021, 1, 4), "updated_at": datetime(2021, 1, 4),
            })
    _bulk(session, AdminUnit, rows)
    return rows


def generate(db: Database, size: DemoSize, seed: int = 1) -> dict[str, int]:
    """Fill ``db`` with demo data; return how many candidates, villages and scores."""
    rng = random.Random(seed)
    ids = _Ids(rng)
    with db.transaction() as session:
        if session.scalar(select(func.count()).select_from(Candidate)):
            raise InputError(N_("The database already holds candidates; demo data is only "
                                "added to an empty register. Use a new file with --db."))
        communes = _communes(session, size)
        if not communes:
            raise InputError(N_("The database has no communes to put demo data in. "
                                "Run dhtt init first."))
        with _bulk_load(session.connection()), \
                counts.triggers_suspended(session.connection()):  # one recount at the end
            villages = _make_villages(session, rng, ids, communes, size)
            scores = demo_villages.generate(session, rng, ids, villages, size.scoring_years)
            refs = _reference_ids(session)
            candidates = _candidates(session, rng, ids, communes, villages, refs, size)
            _awards_and_activities(session, rng, ids, candidates, communes)
        save_options(session, SignerSettings(signer_name="Nguyễn Văn Hùng"))
    return {"candidates": len(candidates), "villages": len(villages), "scores": scores}


NEW_STRUCTURE = date(2025, 7, 1)  # the two-level local government (communes, province 52)

# The tables the demo fills in bulk: their secondary indexes are built once after the load.
BULK_TABLES = ("village_scores", "village_score_items", "village_review_events", "candidates",
               "status_changes", "awards")


@contextmanager
def _bulk_load(conn: Connection) -> Iterator[None]:
    """For the generation only, inside its one transaction: a large page cache, the bulk
    tables' secondary indexes dropped and built once at the end (sorting once instead of
    updating 13 indexes per candidate), the full-text index filled at the end in one pass.
    On an error the transaction rolls the dropped indexes and triggers back too."""
    previous = conn.exec_driver_sql("PRAGMA cache_size").scalar() or -2000
    conn.exec_driver_sql("PRAGMA cache_size=-262144")  # 256 MiB
    names = ", ".join(f"'{t}'" for t in BULK_TABLES)
    indexes = list(conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({names})"))
    try:
        for name, _sql in indexes:
            conn.exec_driver_sql(f'DROP INDEX "{name}"')
        conn.exec_driver_sql("DROP TRIGGER IF EXISTS candidate_search_ai")
        yield
        for _name, sql in indexes:
            conn.exec_driver_sql(sql)
        search_index.create(conn)  # the trigger again, and the index filled in one pass
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size={int(previous)}")


def _reference_ids(session: Session) -> dict[str, dict[str, str]]:
    return {
        "model": dict(session.execute(select(ModelType.code, ModelType.id)).all()),
        "movement": dict(session.execute(select(Movement.code, Movement.id)).all()),
        "agency": dict(session.execute(select(LeadAgency.code, LeadAgency.id)).all()),
        "phase": dict(session.execute(select(Phase.code, Phase.id)).all()),
    }


_PATHS = {
    Status.DISCOVERED: [Status.DISCOVERED],
    Status.REGISTERED: [Status.DISCOVERED, Status.REGISTERED],
    Status.NURTURING: [Status.DISCOVERED, Status.REGISTERED, Status.NURTURING],
    Status.EVALUATING: [Status.DISCOVERED, Status.REGISTERED, Status.NURTURING, Status.EVALUATING],
    Status.RECOGNISED: [Status.DISCOVERED, Status.REGISTERED, Status.NURTURING,
                        Status.EVALUATING, Status.RECOGNISED],
    Status.REPLICATING: [Status.DISCOVERED, Status.REGISTERED, Status.NURTURING,
                         Status.EVALUATING, Status.RECOGNISED, Status.REPLICATING],
    Status.FAILED: [Status.DISCOVERED, Status.REGISTERED, Status.NURTURING, Status.EVALUATING,
                    Status.FAILED],
    Status.WITHDRAWN: [Status.DISCOVERED, Status.REGISTERED, Status.WITHDRAWN],
}


def _candidates(session: Session, rng: random.Random, ids: _Ids, communes: list[AdminUnit],
                villages: list[dict], refs: dict[str, dict[str, str]],
                size: DemoSize) -> list[dict]:
    statuses = [s for s, _w in STATUS_WEIGHTS]
    weights = [w for _s, w in STATUS_WEIGHTS]
    villages_by_commune: dict[str, list[dict]] = {}
    for v in villages:
        villages_by_commune.setdefault(v["parent_code"], []).append(v)
    rows, history = [], []
    movement: str | None
    agency: str | None
    for _ in range(size.candidates):
        commune = rng.choice(communes)
        commune_villages: list[dict | None] = [*villages_by_commune.get(commune.code, [])] or [None]
        village = rng.choice(commune_villages)
        kind = rng.choices(CandidateKind.ALL, weights=[52, 28, 12, 5, 3])[0]
        year = rng.randint(2021, 2025)
        row: dict = {"id": ids(), "kind": kind, "unit_code": commune.code, "year": year,
                     "phase_id": refs["phase"]["GD1" if year <= 2022 else "GD2"]}
        place = village["name"] if village else commune.name
        if kind == CandidateKind.INDIVIDUAL:
            p = _person(rng)
            row.update(p)
            row["birth_year"] = rng.randint(1955, 2000)
            if rng.random() < 0.5:
                row["birth_date"] = date(row["birth_year"], rng.randint(1, 12), rng.randint(1, 28))
            model_code = rng.choice(["3.2.1", "3.2.2a", "3.2.2b"])
            movement, agency = rng.choice(INDIVIDUAL_MOVEMENTS)
            row["position"] = rng.choice(["Trưởng thôn", "Giáo viên", "Y sĩ", "Nông dân",
                                          "Công an viên", "Bí thư chi bộ", "Chủ tịch Hội Nông dân"])
            row["sort_key"] = _person_sort_key(p["ho"], p["ten_dem"], p["ten"])
        elif kind == CandidateKind.HOUSEHOLD:
            p = _person(rng)
            title = "bà" if p["gender"] == "nu" else "ông"
            row.update(head_name=p["display_name"], ethnicity=p["ethnicity"],
                       members_count=rng.randint(3, 8), display_name=f"Hộ {title} {p['display_name']}")
            if village:
                row["unit_code"] = village["code"]
            model_code, (movement, agency) = "3.1.10", ("VNN", "SLDTBXH")
            row["sort_key"] = _person_sort_key(*text.split_person_name(p["display_name"]))
        elif kind == CandidateKind.COOPERATIVE:
            row.update(display_name=f"Hợp tác xã Nông nghiệp {place}",
                       registration_no=f"5900{rng.randint(100000, 999999)}",
                       members_count=rng.randint(7, 120), revenue=rng.randint(500, 20000) * 1_000_000)
            model_code, (movement, agency) = "3.1.8", ("KTHT", "LMHTX")
            row["sort_key"] = _sort_key(row["display_name"])
        elif kind == CandidateKind.COOP_GROUP:
            row.update(display_name=f"Tổ hợp tác trồng cà phê {place}",
                       members_count=rng.randint(5, 30), revenue=rng.randint(100, 3000) * 1_000_000)
            model_code, (movement, agency) = "3.1.9", ("KTHT", "LMHTX")
            row["sort_key"] = _sort_key(row["display_name"])
        else:
            model_code = rng.choice(list(COLLECTIVES))
            movement, agency = MODEL_MOVEMENT[model_code]
            row.update(display_name=rng.choice(COLLECTIVES[model_code]).format(p=place),
                       org_kind=rng.choice(["Cơ quan", "Đơn vị sự nghiệp", "Tổ chức hội", "Thôn, làng"]),
                       members_count=rng.randint(8, 80))
            row["sort_key"] = _sort_key(row["display_name"])
        if movement == "QPAN":
            agency = rng.choice(DEFENCE_AGENCIES)
        elif movement is None:
            movement, agency = rng.choice(INDIVIDUAL_MOVEMENTS)
            if agency is None:
                agency = rng.choice(DEFENCE_AGENCIES)
        status = rng.choices(statuses, weights=weights)[0]
        start = date(year, rng.randint(1, 9), rng.randint(1, 28))
        # Records dated from 1/7/2025 belong to the structure in force (the commune formed
        # from this one, under province 52); earlier ones to the units of their time.
        unit = commune.successor_code if start >= NEW_STRUCTURE and commune.successor_code \
            else commune.code
        row["unit_code"] = unit
        path = _PATHS[status]
        names = " ".join(str(row.get(k) or "") for k in ("display_name", "head_name"))
        row.update(
            model_type_id=refs["model"][model_code], movement_id=refs["movement"][movement],
            lead_agency_id=refs["agency"][agency] if agency else None, status=status,
            status_date=start + timedelta(days=45 * (len(path) - 1)),
            summary=rng.choice(ACHIEVEMENTS).format(n=rng.randint(2, 40)),
            name_search=_fold(names), owner_unit_code=unit, deleted=False,
            created_at=datetime(start.year, start.month, start.day),
            updated_at=datetime(start.year, start.month, start.day),
        )
        rows.append(row)
        previous = None
        for step, state in enumerate(path):
            history.append({
                "id": ids(), "candidate_id": row["id"], "from_status": previous,
                "to_status": state, "changed_on": start + timedelta(days=45 * step),
                "user_name": "demo", "reason": "", "owner_unit_code": unit,
                "deleted": False, "created_at": datetime(start.year, start.month, start.day)
                + timedelta(days=45 * step), "updated_at": datetime(start.year, 1, 1),
            })
            previous = state
    keys = set().union(*(r.keys() for r in rows)) if rows else set()
    rows = [{k: r.get(k) for k in keys} for r in rows]
    _bulk(session, Candidate, rows)
    _bulk(session, StatusChange, history)
    return rows


def _award_row(award_id: str, c: dict, year: int, decision_id: str | None,
               number: int | None) -> dict:
    """A Giấy khen for candidate ``c``: decided with its register number, or proposed."""
    return {
        "id": award_id, "decision_id": decision_id, "candidate_id": c["id"],
        "village_code": None, "form": AwardForm.GIAY_KHEN,
        "title": "Điển hình tiên tiến", "recipient_name": c["display_name"],
        "recipient_unit": "", "achievement": c["summary"], "year": year,
        "register_number": number, "status": "decided" if decision_id else "proposed",
        "owner_unit_code": c["owner_unit_code"], "deleted": False,
        "created_at": datetime(year, 12, 1), "updated_at": datetime(year, 12, 1),
    }


def _awards_and_activities(session: Session, rng: random.Random, ids: _Ids,
                           candidates: list[dict], communes: list[AdminUnit]) -> None:
    recognised = [c for c in candidates if c["status"] in (Status.RECOGNISED, Status.REPLICATING)]
    if not recognised:
        return
    by_year: dict[int, list[dict]] = {}
    for c in recognised:
        by_year.setdefault(c["year"], []).append(c)
    authority = "UBND-HUYEN-IA-GRAI" if len(communes) < 60 else "UBND-TINH-GIA-LAI"
    authority_name = "ỦY BAN NHÂN DÂN HUYỆN IA GRAI" if len(communes) < 60 else "ỦY BAN NHÂN DÂN TỈNH GIA LAI"
    awards, decisions = [], []
    for year, group in sorted(by_year.items()):
        decision_id = ids()
        signed = date(year, 12, rng.randint(1, 28))
        decisions.append({
            "id": decision_id, "number": f"{rng.randint(1, 99):02d}/QĐ-UBND", "signed_on": signed,
            "authority_name": authority_name, "authority_key": authority,
            "signer_name": "Nguyễn Văn Hùng", "signer_title": "CHỦ TỊCH", "signer_prefix": "",
            "place": "Gia Lai", "owner_unit_code": None, "deleted": False,
            "created_at": datetime(year, 12, 1), "updated_at": datetime(year, 12, 1),
        })
        cut = min(len(group), 400)
        if year == max(by_year):  # keep some of this year's examples proposed, undecided
            cut = min(cut, len(group) - min(30, max(1, len(group) // 5)))
        for number, c in enumerate(group[:cut], start=1):
            awards.append(_award_row(ids(), c, year, decision_id, number))
        session.add(RegisterCounter(authority_key=authority, year=year,
                                    last_number=cut))
        if year == max(by_year):  # this year's list, proposed and waiting for a decision
            for c in group[cut:cut + 30]:
                awards.append(_award_row(ids(), c, year, None, None))
    _bulk(session, Decision, decisions)
    _bulk(session, Award, awards)
    activities, links = [], []
    kinds = ["bao_chi", "phat_thanh", "trang_tin", "tham_quan", "bao_cao_kinh_nghiem", "hoi_nghi"]
    for _ in range(max(1, len(recognised) // 10)):
        featured = rng.sample(recognised, k=min(len(recognised), rng.randint(1, 3)))
        held = date(rng.randint(2021, 2025), rng.randint(1, 12), rng.randint(1, 28))
        activity_id = ids()
        kind = rng.choice(kinds)
        title = {
            "bao_chi": "Bài viết chuyên mục \"Việc tốt quanh ta\" trên Báo Gia Lai",
            "phat_thanh": "Chương trình \"Thi đua yêu nước\" trên Đài PT-TH Gia Lai",
            "trang_tin": "Tin bài trên Cổng thông tin điện tử của huyện",
            "tham_quan": "Tham quan học tập mô hình của {n}",
            "bao_cao_kinh_nghiem": "Báo cáo kinh nghiệm tại hội nghị của {n}",
            "hoi_nghi": "Hội nghị điển hình tiên tiến năm {y}",
        }[kind].format(n=featured[0]["display_name"], y=held.year)
        activities.append({
            "id": activity_id, "kind": kind, "title": title, "held_on": held,
            "unit_code": featured[0]["owner_unit_code"], "participants": rng.randint(15, 250),
            "note": "", "owner_unit_code": featured[0]["owner_unit_code"], "deleted": False,
            "created_at": datetime(held.year, held.month, held.day),
            "updated_at": datetime(held.year, held.month, held.day),
        })
        for c in featured:
            links.append({"id": ids(), "activity_id": activity_id, "candidate_id": c["id"],
                          "owner_unit_code": c["owner_unit_code"], "deleted": False,
                          "created_at": datetime(held.year, held.month, held.day),
                          "updated_at": datetime(held.year, held.month, held.day)})
    _bulk(session, ReplicationActivity, activities)
    _bulk(session, ActivityCandidate, links)
