"""Generated demonstration data for Gia Lai: realistic names, villages, five years of scoring.

Reproducible from a seed (ids included: they come from the seeded generator, not uuid4),
and fast enough for a whole province (bulk inserts in chunks, one transaction: a failure
leaves the database as it was).
"""

from __future__ import annotations

import random
import sqlite3
from bisect import bisect
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from itertools import accumulate
from operator import itemgetter
from typing import Any, TypeVar

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
from app.services.bulk_insert import insert_rows, insert_tuples
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


class _Draw:
    """The generator's draws without the library's per-call overhead, each giving exactly
    what ``random.Random``'s own method gives for the same state (``randint``, ``choice``
    and ``choices`` with fixed weights all come down to ``_randbelow`` and ``random``):
    the same seed gives the same data as before, in a fraction of the time."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.below: Callable[[int], int] = getattr(rng, "_randbelow", None) or rng.randrange
        self.random = rng.random

    def randint(self, a: int, b: int) -> int:
        return a + self.below(b - a + 1)

    def choice(self, seq: Sequence[T]) -> T:
        return seq[self.below(len(seq))]

    def weighted(self, population: Sequence[T], weights: Sequence[float]) -> Callable[[], T]:
        """``lambda: rng.choices(population, weights)[0]``, the sums made once."""
        cum = list(accumulate(weights))
        total, hi, rand = cum[-1] + 0.0, len(cum) - 1, self.random
        return lambda: population[bisect(cum, rand() * total, 0, hi)]


T = TypeVar("T")


class _People:
    """Random people of Gia Lai's three largest groups; the derived name forms (display
    name, sort key) made once per distinct name, not once per person."""

    def __init__(self, draw: _Draw) -> None:
        self._draw = draw
        self._group = draw.weighted(["Kinh", "Gia Rai", "Ba Na"], [54, 30, 16])
        self._made: dict[tuple[str, str, str, bool, str], dict] = {}

    def __call__(self) -> dict:
        d = self._draw
        choice, rand = d.choice, d.random
        group = self._group()
        female = rand() < 0.45
        if group == "Kinh":
            ho = choice(KINH_HO)
            dem = choice(KINH_DEM_NU if female else KINH_DEM_NAM)
            ten = choice(KINH_TEN_NU if female else KINH_TEN_NAM)
        elif group == "Gia Rai":
            ho = choice(JRAI_HO)
            dem = ""
            ten = choice(JRAI_TEN_NU if female else JRAI_TEN_NAM)
        else:
            if rand() < 0.6:
                ho, dem = "Đinh", ("Thị" if female else "Văn")
            else:
                ho, dem = ("Y" if female else "A"), ""
            ten = choice(BAHNAR_TEN_NU if female else BAHNAR_TEN_NAM)
        key = (ho, dem, ten, female, group)
        person = self._made.get(key)
        if person is None:
            display = " ".join(p for p in (ho, dem, ten) if p)
            person = self._made[key] = {
                "ho": ho, "ten_dem": dem or None, "ten": ten, "display_name": display,
                "gender": "nu" if female else "nam", "ethnicity": group,
                # As the save path derives them: an individual's from the parts given, a
                # household's from its head's name split into họ, tên đệm and tên.
                "sort_key": _person_sort_key(ho, dem or None, ten),
                "head_sort_key": _person_sort_key(*text.split_person_name(display)),
                "head_title": "bà" if female else "ông"}
        return person


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
    with _load_transaction(db) as session:
        if session.scalar(select(func.count()).select_from(Candidate)):
            raise InputError(N_("The database already holds candidates; demo data is only "
                                "added to an empty register. Use a new file with --db."))
        communes = _communes(session, size)
        if not communes:
            raise InputError(N_("The database has no communes to put demo data in. "
                                "Run dhtt init first."))
        conn = session.connection()
        # On leaving (innermost first): the bulk tables' indexes built and the full-text
        # index filled, then the counts made once (the count tables' own indexes built
        # after them, as the bulk tables' are).
        with _indexes_dropped(conn, COUNT_TABLES), counts.triggers_suspended(conn), \
                _bulk_load(conn):
            villages = _make_villages(session, rng, ids, communes, size)
            scores = demo_villages.generate(session, rng, ids, villages, size.scoring_years)
            refs = _reference_ids(session)
            count, recognised = _candidates(session, rng, ids, communes, villages, refs, size)
            _awards_and_activities(session, rng, ids, recognised, communes)
        save_options(session, SignerSettings(signer_name="Nguyễn Văn Hùng"))
    return {"candidates": count, "villages": len(villages), "scores": scores}


@contextmanager
def _load_transaction(db: Database) -> Iterator[Session]:
    """``db.transaction()`` for the load, with three settings of the connection made
    outside it and given back after it, committed or not:

    - begun at once (the driver would begin it only at the first insert, leaving the
      dropped indexes and triggers before it committed on their own: a failure then left
      the file without them);
    - the foreign keys not checked row by row (the generated rows refer only to rows made
      before them; a test checks the result with ``PRAGMA foreign_key_check``);
    - SQLite's rollback journal instead of the WAL when no other connection has the file
      open: the file is written once at the commit instead of into the WAL and then again
      into the file (half a gigabyte for a province). A rollback journal is as atomic and,
      with ``synchronous=FULL``, as durable; a crash leaves a journal that SQLite plays
      back when the file is next opened. Every connection opened later sets WAL again."""
    raw: Any = None
    keys, wal = 1, False
    try:
        with db.transaction() as session:
            raw = session.connection().connection.driver_connection
            if not raw.in_transaction:
                keys = raw.execute("PRAGMA foreign_keys").fetchone()[0]
                raw.execute("PRAGMA foreign_keys=OFF")
                wal = raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
                if wal:
                    try:  # refused while another connection has the file open: stays WAL
                        raw.execute("PRAGMA journal_mode=DELETE")
                    except sqlite3.OperationalError:
                        pass
                raw.execute("BEGIN IMMEDIATE")
            yield session
    finally:
        if raw is not None and not raw.in_transaction:
            raw.execute(f"PRAGMA foreign_keys={int(keys)}")
            if wal:
                try:
                    raw.execute("PRAGMA journal_mode=WAL")
                except sqlite3.OperationalError:  # a reader came: the next opening sets it
                    pass


NEW_STRUCTURE = date(2025, 7, 1)  # the two-level local government (communes, province 52)

# The tables the demo fills in bulk: their secondary indexes are built once after the load.
BULK_TABLES = ("village_scores", "village_score_items", "village_review_events", "candidates",
               "status_changes", "awards")


# The count tables, filled once at the end: their secondary indexes too are built after.
COUNT_TABLES = ("candidate_counts", "candidate_dates", "dated_counts")


@contextmanager
def _indexes_dropped(conn: Connection, tables: tuple[str, ...]) -> Iterator[None]:
    """The secondary indexes of ``tables`` dropped for the load and built once after it
    (sorting once instead of updating them row by row). Inside the load's one
    transaction: on an error it rolls them back with everything else."""
    names = ", ".join(f"'{t}'" for t in tables)
    indexes = list(conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({names})"))
    for name, _sql in indexes:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    yield
    for _name, sql in indexes:
        conn.exec_driver_sql(sql)


@contextmanager
def _bulk_load(conn: Connection) -> Iterator[None]:
    """For the generation only, inside its one transaction: a large page cache, the bulk
    tables' secondary indexes dropped and built once at the end (13 indexes per candidate
    not updated row by row), the full-text index filled at the end in one pass."""
    previous = conn.exec_driver_sql("PRAGMA cache_size").scalar() or -2000
    conn.exec_driver_sql("PRAGMA cache_size=-786432")  # 768 MiB
    try:
        with _indexes_dropped(conn, BULK_TABLES):
            conn.exec_driver_sql("DROP TRIGGER IF EXISTS candidate_search_ai")
            yield
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


# Every column a demo candidate row gives (one INSERT for all kinds).
CANDIDATE_COLUMNS = (
    "id", "kind", "unit_code", "year", "phase_id", "ho", "ten_dem", "ten", "display_name",
    "gender", "ethnicity", "birth_year", "birth_date", "position", "head_name",
    "members_count", "registration_no", "revenue", "org_kind", "sort_key", "model_type_id",
    "movement_id", "lead_agency_id", "status", "status_date", "summary", "name_search",
    "owner_unit_code", "deleted", "created_at", "updated_at")
HISTORY_COLUMNS = ("id", "candidate_id", "from_status", "to_status", "changed_on", "user_name",
                   "reason", "owner_unit_code", "deleted", "created_at", "updated_at")
POSITIONS = ["Trưởng thôn", "Giáo viên", "Y sĩ", "Nông dân", "Công an viên", "Bí thư chi bộ",
             "Chủ tịch Hội Nông dân"]
ORG_KINDS = ["Cơ quan", "Đơn vị sự nghiệp", "Tổ chức hội", "Thôn, làng"]
INDIVIDUAL_MODELS = ["3.2.1", "3.2.2a", "3.2.2b"]


class _Dates:
    """A candidate's dates from its start day and path: the status date, the created time
    and each step's day and time (a few thousand distinct combinations among 100,000
    candidates, each made once)."""

    def __init__(self) -> None:
        self._made: dict[tuple[int, int, int, int], tuple] = {}

    def __call__(self, year: int, month: int, day: int, steps: int) -> tuple:
        key = (year, month, day, steps)
        made = self._made.get(key)
        if made is None:
            start = date(year, month, day)
            created = datetime(year, month, day)
            made = self._made[key] = (
                start, start + timedelta(days=45 * (steps - 1)), created,
                [(start + timedelta(days=45 * step), created + timedelta(days=45 * step))
                 for step in range(steps)], datetime(year, 1, 1))
        return made


def _candidates(session: Session, rng: random.Random, ids: _Ids, communes: list[AdminUnit],
                villages: list[dict], refs: dict[str, dict[str, str]],
                size: DemoSize) -> tuple[int, list[dict]]:
    """Generate and insert the candidates and their status history, a chunk at a time;
    return how many, and the recognised ones (what the awards and activities need)."""
    d = _Draw(rng)
    randint, choice, rand = d.randint, d.choice, d.random
    person = _People(d)
    dates = _Dates()
    kind_of = d.weighted(CandidateKind.ALL, [52, 28, 12, 5, 3])
    status_of = d.weighted([s for s, _w in STATUS_WEIGHTS], [w for _s, w in STATUS_WEIGHTS])
    villages_by_commune: dict[str, list[dict | None]] = {}
    for v in villages:
        villages_by_commune.setdefault(v["parent_code"], []).append(v)
    places: list[tuple[AdminUnit, list[dict | None]]] = [
        (c, villages_by_commune.get(c.code) or [None]) for c in communes]
    phase_early, phase_late = refs["phase"]["GD1"], refs["phase"]["GD2"]
    model_ids, movement_ids, agency_ids = refs["model"], refs["movement"], refs["agency"]
    collective_models = list(COLLECTIVES)
    template = dict.fromkeys(CANDIDATE_COLUMNS)
    template["deleted"] = False
    get_row = itemgetter(*CANDIDATE_COLUMNS)
    rows: list[tuple] = []
    history: list[tuple] = []
    recognised: list[dict] = []
    movement: str | None
    agency: str | None
    for _ in range(size.candidates):
        commune, commune_villages = choice(places)
        village = choice(commune_villages)
        kind = kind_of()
        year = randint(2021, 2025)
        row = template.copy()
        row["id"] = cid = ids()
        row["kind"], row["year"] = kind, year
        row["phase_id"] = phase_early if year <= 2022 else phase_late
        place = village["name"] if village else commune.name
        if kind == CandidateKind.INDIVIDUAL:
            p = person()
            row["ho"], row["ten_dem"], row["ten"] = p["ho"], p["ten_dem"], p["ten"]
            row["display_name"] = names = p["display_name"]
            row["gender"], row["ethnicity"] = p["gender"], p["ethnicity"]
            row["birth_year"] = birth_year = randint(1955, 2000)
            if rand() < 0.5:
                row["birth_date"] = date(birth_year, randint(1, 12), randint(1, 28))
            model_code = choice(INDIVIDUAL_MODELS)
            movement, agency = choice(INDIVIDUAL_MOVEMENTS)
            row["position"] = choice(POSITIONS)
            row["sort_key"] = p["sort_key"]
        elif kind == CandidateKind.HOUSEHOLD:
            p = person()
            head = p["display_name"]
            row["head_name"], row["ethnicity"] = head, p["ethnicity"]
            row["members_count"] = randint(3, 8)
            row["display_name"] = display = f"Hộ {p['head_title']} {head}"
            names = f"{display} {head}"
            model_code, (movement, agency) = "3.1.10", ("VNN", "SLDTBXH")
            row["sort_key"] = p["head_sort_key"]
        elif kind == CandidateKind.COOPERATIVE:
            row["display_name"] = names = f"Hợp tác xã Nông nghiệp {place}"
            row["registration_no"] = f"5900{randint(100000, 999999)}"
            row["members_count"] = randint(7, 120)
            row["revenue"] = randint(500, 20000) * 1_000_000
            model_code, (movement, agency) = "3.1.8", ("KTHT", "LMHTX")
            row["sort_key"] = _sort_key(names)
        elif kind == CandidateKind.COOP_GROUP:
            row["display_name"] = names = f"Tổ hợp tác trồng cà phê {place}"
            row["members_count"] = randint(5, 30)
            row["revenue"] = randint(100, 3000) * 1_000_000
            model_code, (movement, agency) = "3.1.9", ("KTHT", "LMHTX")
            row["sort_key"] = _sort_key(names)
        else:
            model_code = choice(collective_models)
            movement, agency = MODEL_MOVEMENT[model_code]
            row["display_name"] = names = choice(COLLECTIVES[model_code]).format(p=place)
            row["org_kind"] = choice(ORG_KINDS)
            row["members_count"] = randint(8, 80)
            row["sort_key"] = _sort_key(names)
        if movement == "QPAN":
            agency = choice(DEFENCE_AGENCIES)
        elif movement is None:
            movement, agency = choice(INDIVIDUAL_MOVEMENTS)
            if agency is None:
                agency = choice(DEFENCE_AGENCIES)
        status = status_of()
        path = _PATHS[status]
        start, status_date, created, steps, updated = dates(year, randint(1, 9),
                                                            randint(1, 28), len(path))
        # Records dated from 1/7/2025 belong to the structure in force (the commune formed
        # from this one, under province 52); earlier ones to the units of their time.
        unit = commune.successor_code if start >= NEW_STRUCTURE and commune.successor_code \
            else commune.code
        row["model_type_id"] = model_ids[model_code]
        row["movement_id"] = movement_ids[movement]
        row["lead_agency_id"] = agency_ids[agency] if agency else None
        row["status"], row["status_date"] = status, status_date
        row["summary"] = choice(ACHIEVEMENTS).format(n=randint(2, 40))
        row["name_search"] = _fold(names)
        row["unit_code"] = row["owner_unit_code"] = unit
        row["created_at"] = row["updated_at"] = created
        rows.append(get_row(row))
        if status in (Status.RECOGNISED, Status.REPLICATING):
            recognised.append(row)
        previous = None
        for state, (day, at) in zip(path, steps, strict=True):
            history.append((ids(), cid, previous, state, day, "demo", "", unit, False, at,
                            updated))
            previous = state
        if len(rows) >= CHUNK:
            _flush_candidates(session, rows, history)
    _flush_candidates(session, rows, history)
    return size.candidates, recognised


def _flush_candidates(session: Session, rows: list[tuple], history: list[tuple]) -> None:
    insert_tuples(session, Candidate, CANDIDATE_COLUMNS, rows)
    insert_tuples(session, StatusChange, HISTORY_COLUMNS, history)
    rows.clear()
    history.clear()


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
                           recognised: list[dict], communes: list[AdminUnit]) -> None:
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
