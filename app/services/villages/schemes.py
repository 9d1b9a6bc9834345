"""Scoring schemes as versioned data: the two shipped ones, loading, choosing, editing.

Shipped: the Decree 86/2023 framework (pass/fail by standard, in force from 30/01/2024;
its numeric thresholds are the province's to set, left empty and shown as "cần tỉnh quy
định" until then) and a 100-point scheme of the Decree 122/2018 kind (each standard at
least 50 % of its points; pass at 80, 60 in especially difficult communes) for 2021–2023.
A scheme that has scored a year is never edited in place: :func:`save_scheme` makes a new
version and the old results keep theirs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import InputError
from app.i18n import N_
from app.models import ScoringCriterion, ScoringScheme, VillageScore
from app.models.villages import AreaClass, ItemKind, SchemeMode
from app.services import access
from app.services.villages.engine import Item, Rules, Standard

ND86 = "ND86-2024"
ND122 = "ND122-100"
_UNSET: dict[str, float | None] = {AreaClass.ORDINARY: None, AreaClass.DIFFICULT: None,
                                   AreaClass.URBAN: None}

# (code, text, kind, max points, thresholds, stat_key, base_key)
_ItemDef = tuple[str, str, str, float | None, dict[str, float | None], str | None, str | None]

ND86_STANDARDS: list[tuple[str, str, list[_ItemDef]]] = [
    ("I", "Đời sống kinh tế ổn định và từng bước phát triển", [
        ("I.1", "Tỷ lệ người trong độ tuổi lao động có việc làm và thu nhập ổn định",
         ItemKind.SHARE_MIN, None, _UNSET, "employed", "working_age"),
        ("I.2", "Tỷ lệ hộ nghèo thấp hơn tỷ lệ hộ nghèo bình quân của xã",
         ItemKind.RATE_BELOW_REF, None, {}, "poor_households", "households"),
        ("I.3", "Tỷ lệ hộ nghèo và hộ cận nghèo không quá mức tỉnh quy định",
         ItemKind.RATE_MAX, None, _UNSET, "poor_and_near_poor", "households"),
        ("I.4", "Duy trì, phát triển ngành nghề truyền thống hoặc đóng góp xây dựng "
         "công trình công cộng", ItemKind.YES_NO, None, {}, None, None),
        ("I.5", "Tham gia các phong trào thi đua của địa phương", ItemKind.YES_NO, None, {},
         None, None),
    ]),
    ("II", "Đời sống văn hóa, tinh thần lành mạnh, phong phú", [
        ("II.1", "Có nhà văn hóa, khu thể thao, điểm đọc sách phục vụ cộng đồng",
         ItemKind.YES_NO, None, {}, None, None),
        ("II.2", "Tỷ lệ trẻ em trong độ tuổi đi học được đến trường", ItemKind.SHARE_MIN, None,
         _UNSET, "at_school", "school_age"),
        ("II.3", "Tỷ lệ hộ gia đình đạt danh hiệu \"Gia đình văn hóa\"", ItemKind.SHARE_MIN, None,
         _UNSET, "cultural_households", "households"),
        ("II.4", "Tỷ lệ hộ thực hiện nếp sống văn minh trong việc cưới, việc tang, lễ hội",
         ItemKind.SHARE_MIN, None, _UNSET, "civilised_households", "households"),
        ("II.5", "Duy trì hoạt động văn hóa, văn nghệ, thể thao; bảo tồn di sản, văn hóa dân gian",
         ItemKind.YES_NO, None, {}, None, None),
        ("II.6", "Số vụ tệ nạn xã hội phát sinh", ItemKind.COUNT_MAX, None,
         {AreaClass.ORDINARY: 0}, "social_evils", None),
    ]),
    ("III", "Môi trường an toàn, thân thiện, cảnh quan sạch đẹp", [
        ("III.1", "Hoạt động sản xuất, kinh doanh bảo đảm quy định về bảo vệ môi trường",
         ItemKind.YES_NO, None, {}, None, None),
        ("III.2", "Việc mai táng phù hợp quy định", ItemKind.YES_NO, None, {}, None, None),
        ("III.3", "Nơi công cộng, đường làng ngõ xóm sạch đẹp", ItemKind.YES_NO, None, {},
         None, None),
    ]),
    ("IV", "Chấp hành chủ trương, chính sách, pháp luật; giữ gìn an ninh, trật tự", [
        ("IV.1", "Số vụ trọng án xảy ra trên địa bàn", ItemKind.COUNT_MAX, None,
         {AreaClass.ORDINARY: 0}, "serious_crimes", None),
        ("IV.2", "Tham gia phong trào \"Toàn dân bảo vệ an ninh Tổ quốc\"", ItemKind.YES_NO, None,
         {}, None, None),
        ("IV.3", "Có khiếu kiện đông người, vượt cấp trái pháp luật", ItemKind.DISQUALIFIER,
         None, {}, None, None),
    ]),
    ("V", "Đoàn kết, tương trợ, giúp đỡ nhau trong cộng đồng", [
        ("V.1", "Tinh thần đoàn kết, tương trợ, giúp đỡ gia đình khó khăn", ItemKind.YES_NO,
         None, {}, None, None),
        ("V.2", "Hòa giải thành các mâu thuẫn, tranh chấp ở cơ sở", ItemKind.YES_NO, None, {},
         None, None),
    ]),
]

ND122_STANDARDS: list[tuple[str, str, list[_ItemDef]]] = [
    ("I", "Đời sống kinh tế ổn định và từng bước phát triển", [
        ("I.1", "Thu nhập bình quân đầu người, giảm nghèo bền vững", ItemKind.POINTS, 10, {}, None, None),
        ("I.2", "Lao động có việc làm, phát triển ngành nghề", ItemKind.POINTS, 10, {}, None, None),
    ]),
    ("II", "Đời sống văn hóa, tinh thần lành mạnh, phong phú", [
        ("II.1", "Thiết chế văn hóa, thể thao và hoạt động", ItemKind.POINTS, 10, {}, None, None),
        ("II.2", "Gia đình văn hóa, nếp sống văn minh", ItemKind.POINTS, 8, {}, None, None),
        ("II.3", "Trẻ em đến trường, không tệ nạn xã hội", ItemKind.POINTS, 7, {}, None, None),
    ]),
    ("III", "Môi trường an toàn, thân thiện, cảnh quan sạch đẹp", [
        ("III.1", "Vệ sinh môi trường, nước sạch", ItemKind.POINTS, 10, {}, None, None),
        ("III.2", "Cảnh quan, nơi công cộng, mai táng", ItemKind.POINTS, 10, {}, None, None),
    ]),
    ("IV", "Chấp hành chủ trương của Đảng, chính sách, pháp luật của Nhà nước", [
        ("IV.1", "Chấp hành pháp luật, an ninh trật tự", ItemKind.POINTS, 10, {}, None, None),
        ("IV.2", "Tham gia phong trào thi đua ở cơ sở", ItemKind.POINTS, 10, {}, None, None),
    ]),
    ("V", "Có tinh thần đoàn kết, tương trợ, giúp đỡ nhau trong cộng đồng", [
        ("V.1", "Đoàn kết, giúp đỡ nhau trong cộng đồng", ItemKind.POINTS, 8, {}, None, None),
        ("V.2", "Hòa giải ở cơ sở", ItemKind.POINTS, 7, {}, None, None),
    ]),
]


@dataclass(frozen=True)
class SchemeInfo:
    """A scheme version as listed (``schemes list``)."""

    id: str
    code: str
    version: int
    name: str
    legal_basis: str
    mode: str
    valid_from: date
    valid_to: date | None
    used_years: list[int]
    unset_thresholds: int

    def as_json(self) -> dict:
        return {"id": self.id, "code": self.code, "version": self.version, "name": self.name,
                "legal_basis": self.legal_basis, "mode": self.mode,
                "valid_from": self.valid_from.isoformat(),
                "valid_to": self.valid_to.isoformat() if self.valid_to else None,
                "used_years": self.used_years, "unset_thresholds": self.unset_thresholds}


def _add_scheme(session: Session, code: str, name: str, legal_basis: str, mode: str,
                valid_from: date, valid_to: date | None, standards: list,
                max_points: float | None = None, min_share: float | None = None,
                pass_marks: dict | None = None) -> ScoringScheme:
    scheme = ScoringScheme(code=code, version=1, name=name, legal_basis=legal_basis,
                           subject="village", mode=mode, valid_from=valid_from,
                           valid_to=valid_to, max_points=max_points,
                           min_share_per_criterion=min_share,
                           pass_marks=json.dumps(pass_marks or {}))
    session.add(scheme)
    session.flush()
    position = 0
    for s_code, s_text, items in standards:
        position += 1
        s_max = sum(i[3] or 0 for i in items) or None
        standard = ScoringCriterion(scheme_id=scheme.id, position=position * 100, code=s_code,
                                    text=s_text, kind=ItemKind.STANDARD, max_points=s_max)
        session.add(standard)
        session.flush()
        for n, (code_, text_, kind, max_, thresholds, stat_key, base_key) in enumerate(items, 1):
            session.add(ScoringCriterion(
                scheme_id=scheme.id, parent_id=standard.id, position=position * 100 + n,
                code=code_, text=text_, kind=kind, max_points=max_,
                thresholds=json.dumps(thresholds), stat_key=stat_key, base_key=base_key))
    session.flush()
    return scheme


def ensure_shipped(session: Session) -> None:
    """Add the two shipped schemes when the file has none of that code (idempotent)."""
    codes = set(session.scalars(select(ScoringScheme.code)))
    if ND86 not in codes:
        _add_scheme(session, ND86, "Khung tiêu chuẩn Thôn, Tổ dân phố văn hóa "
                    "(Nghị định 86/2023/NĐ-CP)", "Nghị định 86/2023/NĐ-CP; Quyết định "
                    "60/2024/QĐ-UBND tỉnh Gia Lai", SchemeMode.PASS_FAIL, date(2024, 1, 30),
                    None, ND86_STANDARDS)
    if ND122 not in codes:
        _add_scheme(session, ND122, "Thang điểm 100 (theo Nghị định 122/2018/NĐ-CP)",
                    "Nghị định 122/2018/NĐ-CP", SchemeMode.POINTS, date(2018, 10, 15),
                    date(2024, 1, 29), ND122_STANDARDS, max_points=100, min_share=0.5,
                    pass_marks={AreaClass.ORDINARY: 80, AreaClass.DIFFICULT: 60,
                                AreaClass.URBAN: 80})


def load_rules(session: Session, scheme_id: str) -> Rules:
    """The scheme ``scheme_id`` in the engine's form."""
    scheme = session.get(ScoringScheme, scheme_id)
    if scheme is None:
        raise InputError(N_("Unknown scoring scheme {code}."), code=scheme_id)
    rows = list(session.scalars(select(ScoringCriterion).where(
        ScoringCriterion.scheme_id == scheme_id, ScoringCriterion.deleted.is_(False))
        .order_by(ScoringCriterion.position)))
    children: dict[str, list[ScoringCriterion]] = {}
    for row in rows:
        if row.parent_id:
            children.setdefault(row.parent_id, []).append(row)
    standards = []
    for row in rows:
        if row.parent_id is None:
            items = tuple(Item(c.id, c.code, c.text, c.kind, c.max_points,
                               json.loads(c.thresholds or "{}"), c.stat_key, c.base_key)
                          for c in children.get(row.id, []))
            standards.append(Standard(row.id, row.code, row.text, row.max_points, items))
    marks = {k: float(v) for k, v in json.loads(scheme.pass_marks or "{}").items()
             if v is not None}
    return Rules(scheme.id, scheme.code, scheme.version, scheme.name, scheme.mode, marks,
                 scheme.min_share_per_criterion, tuple(standards))


def scheme_for_year(session: Session, year: int) -> ScoringScheme:
    """The newest village scheme in force on 25 November of ``year`` (the review deadline)."""
    day = date(year, 11, 25)
    scheme = session.scalar(
        select(ScoringScheme).where(
            ScoringScheme.deleted.is_(False), ScoringScheme.subject == "village",
            ScoringScheme.valid_from <= day,
            (ScoringScheme.valid_to.is_(None)) | (ScoringScheme.valid_to >= day))
        .order_by(ScoringScheme.valid_from.desc(), ScoringScheme.version.desc()))
    if scheme is None:
        raise InputError(N_("No scoring scheme is valid for the year {year}."), year=year)
    return scheme


def check_year(scheme: ScoringScheme, year: int) -> None:
    """Refuse a year outside the scheme's validity."""
    if date(year, 12, 31) < scheme.valid_from or (scheme.valid_to and date(year, 1, 1) > scheme.valid_to):
        raise InputError(N_("The year {year} is outside the validity of the scheme {code}."),
                         year=year, code=scheme.code)


def list_schemes(session: Session) -> list[SchemeInfo]:
    """Every scheme version, newest first within a code, with the years it has scored."""
    used: dict[str, list[int]] = {}
    for scheme_id, year in session.execute(
            select(VillageScore.scheme_id, VillageScore.year).where(VillageScore.deleted.is_(False))
            .group_by(VillageScore.scheme_id, VillageScore.year)):
        used.setdefault(scheme_id, []).append(year)
    out = []
    for s in session.scalars(select(ScoringScheme).where(ScoringScheme.deleted.is_(False))
                             .order_by(ScoringScheme.valid_from, ScoringScheme.code,
                                       ScoringScheme.version)):
        rules = load_rules(session, s.id)
        unset = sum(1 for i in rules.items
                    if i.kind in (ItemKind.SHARE_MIN, ItemKind.RATE_MAX, ItemKind.COUNT_MAX)
                    and any(v is None for v in i.thresholds.values()) | (not i.thresholds))
        out.append(SchemeInfo(s.id, s.code, s.version, s.name, s.legal_basis, s.mode,
                              s.valid_from, s.valid_to, sorted(used.get(s.id, [])), unset))
    return out


def set_thresholds(session: Session, scheme_id: str,
                   thresholds: dict[str, dict[str, float | None]]) -> str:
    """Set item thresholds (item code → area class → value) on a scheme; returns the id of
    the scheme now holding them: the same one when unused, else a new version."""
    for code, by_class in thresholds.items():
        for area, value in by_class.items():
            if area not in AreaClass.ALL:
                raise InputError(N_("Unknown area class {value}."), value=area)
            if value is not None and value < 0:
                raise InputError(N_("Item {item}: a threshold cannot be negative."), item=code)
    access.require_unit(session, None, write=True)  # the province's rules
    scheme = session.get(ScoringScheme, scheme_id)
    if scheme is None:
        raise InputError(N_("Unknown scoring scheme {code}."), code=scheme_id)
    current_rows = {c.code: json.loads(c.thresholds or "{}") for c in session.scalars(
        select(ScoringCriterion).where(ScoringCriterion.scheme_id == scheme_id))}
    if all(current_rows.get(code, {}).get(area) == value
           for code, by_class in thresholds.items() for area, value in by_class.items()
           if code in current_rows):
        if all(code in current_rows for code in thresholds):
            return scheme_id  # nothing changes: no new version
    used = session.scalar(select(func.count()).select_from(VillageScore)
                          .where(VillageScore.scheme_id == scheme_id))
    target = new_version(session, scheme) if used else scheme
    rows = {c.code: c for c in session.scalars(
        select(ScoringCriterion).where(ScoringCriterion.scheme_id == target.id))}
    for code, by_class in thresholds.items():
        row = rows.get(code)
        if row is None or row.kind == ItemKind.STANDARD:
            raise InputError(N_("Unknown item {item} in the scheme."), item=code)
        current = json.loads(row.thresholds or "{}")
        current.update(by_class)
        row.thresholds = json.dumps(current)
    session.flush()
    return target.id


def new_version(session: Session, scheme: ScoringScheme) -> ScoringScheme:
    """A copy of ``scheme`` with the next version number (old results keep the old one)."""
    top = session.scalar(select(func.max(ScoringScheme.version))
                         .where(ScoringScheme.code == scheme.code)) or scheme.version
    copy = ScoringScheme(code=scheme.code, version=top + 1, name=scheme.name,
                         legal_basis=scheme.legal_basis, subject=scheme.subject,
                         mode=scheme.mode, valid_from=scheme.valid_from,
                         valid_to=scheme.valid_to, max_points=scheme.max_points,
                         min_share_per_criterion=scheme.min_share_per_criterion,
                         pass_marks=scheme.pass_marks, replaces_id=scheme.id)
    session.add(copy)
    session.flush()
    ids: dict[str, str] = {}
    for row in session.scalars(select(ScoringCriterion).where(
            ScoringCriterion.scheme_id == scheme.id).order_by(ScoringCriterion.position)):
        new = ScoringCriterion(scheme_id=copy.id, parent_id=ids.get(row.parent_id or ""),
                               position=row.position, code=row.code, text=row.text,
                               max_points=row.max_points, kind=row.kind,
                               thresholds=row.thresholds, stat_key=row.stat_key,
                               base_key=row.base_key)
        session.add(new)
        session.flush()
        ids[row.id] = new.id
    return copy


def set_points_rules(session: Session, scheme_id: str, pass_marks: dict[str, float | None],
                     min_share: float | None) -> str:
    """Set a points scheme's pass marks by area class and its per-standard minimum share
    (0–1); a scheme already used for a year becomes a new version. Returns the scheme id."""
    access.require_unit(session, None, write=True)
    for area, mark in pass_marks.items():
        if area not in AreaClass.ALL:
            raise InputError(N_("Unknown area class {value}."), value=area)
        if mark is not None and not 0 <= mark <= 1000:
            raise InputError(N_("A pass mark must be between 0 and the scheme's points."))
    if min_share is not None and not 0 <= min_share <= 1:
        raise InputError(N_("A share must be between 0 and 100 %."))
    scheme = session.get(ScoringScheme, scheme_id)
    if scheme is None:
        raise InputError(N_("Unknown scoring scheme {code}."), code=scheme_id)
    marks = {k: v for k, v in pass_marks.items() if v is not None}
    if marks == {k: v for k, v in json.loads(scheme.pass_marks or "{}").items()} and \
            min_share == scheme.min_share_per_criterion:
        return scheme_id  # nothing changes: no new version
    used = session.scalar(select(func.count()).select_from(VillageScore)
                          .where(VillageScore.scheme_id == scheme_id))
    target = new_version(session, scheme) if used else scheme
    target.pass_marks = json.dumps({k: v for k, v in pass_marks.items() if v is not None})
    target.min_share_per_criterion = min_share
    session.flush()
    return target.id
