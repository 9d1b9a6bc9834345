"""The units a person may choose in a unit chooser: names with their parent, the official
code (not the program's key), retired units marked, search without diacritics."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import text
from app.models import AdminUnit, UnitLevel
from app.services.access import require_unit, unit_filter


@dataclass(frozen=True)
class UnitChoice:
    """One unit of a chooser, in Vietnamese order (parents before their children)."""

    code: str           # the program's key ("23872-2025"), never shown
    official_code: str  # what is shown ("23872"); "" for villages without one
    label: str          # "Xã Ia Dêr"
    parent_code: str | None
    parent_label: str   # "Huyện Ia Grai" ('' for the province)
    level: str
    retired: bool       # dissolved or merged (before 1/7/2025)
    search: str         # folded words of the label and the parent's ("xa ia der huyen ...")

    @property
    def caption(self) -> str:
        """"Xã Ia Dêr – huyện Ia Grai": a commune with its parent, as shown when chosen."""
        if not self.parent_label or self.level in (UnitLevel.PROVINCE, UnitLevel.DISTRICT):
            return self.label
        parent = self.parent_label[:1].lower() + self.parent_label[1:]
        return f"{self.label} – {parent}"


def unit_choices(session: Session, *, villages: bool = False, retired: bool = False,
                 keep: str | None = None) -> list[UnitChoice]:
    """Units for a chooser: villages only when ``villages``, retired units only when
    ``retired`` or when ``keep`` (an old record's unit) is one of them; limited to the
    acting account's units."""
    stmt = select(AdminUnit.code, AdminUnit.official_code, AdminUnit.unit_type, AdminUnit.name,
                  AdminUnit.parent_code, AdminUnit.level, AdminUnit.valid_to
                  ).where(AdminUnit.deleted.is_(False)).order_by(AdminUnit.sort_key)
    scope = unit_filter(session, AdminUnit.code)
    if scope is not None:
        stmt = stmt.where(scope)
    rows = session.execute(stmt).all()
    labels = {r.code: f"{r.unit_type} {r.name}".strip() for r in rows}
    wanted_retired: set[str] = set()
    if keep and not retired:  # the old record's unit, and the units above it
        parents = {r.code: r.parent_code for r in rows}
        code: str | None = keep
        while code:
            wanted_retired.add(code)
            code = parents.get(code)
    out = []
    for r in rows:
        is_retired = r.valid_to is not None
        if r.level == UnitLevel.VILLAGE and not villages and r.code != keep:
            continue
        if is_retired and not retired and r.code not in wanted_retired:
            continue
        parent_label = labels.get(r.parent_code, "") if r.parent_code else ""
        official = r.official_code or ("" if r.level == UnitLevel.VILLAGE
                                       else r.code.split("-", 1)[0])
        out.append(UnitChoice(r.code, official, labels[r.code], r.parent_code, parent_label,
                              r.level, is_retired,
                              text.fold(f"{labels[r.code]} {parent_label} {official}")))
    return out


def has_units(session: Session) -> bool:
    """Whether the file holds the administrative units (a new, empty file does not)."""
    return session.scalar(select(AdminUnit.id).limit(1)) is not None


def unit_level(session: Session, code: str | None) -> str | None:
    """The level of unit ``code`` (province, district, commune, village), or None."""
    if not code:
        return None
    require_unit(session, code)
    return session.scalar(select(AdminUnit.level).where(AdminUnit.code == code))


def authority_for(session: Session, code: str | None) -> str:
    """The awarding authority of unit ``code`` ("ỦY BAN NHÂN DÂN XÃ IA KHA"), or ''."""
    from app.services.review_figures import authority_of

    if not code:
        return ""
    require_unit(session, code)
    unit = session.scalar(select(AdminUnit).where(AdminUnit.code == code))
    return authority_of(unit) if unit else ""


def summary_top_unit(session: Session, office: str | None) -> list[tuple[str, str]]:
    """Where the summary's drill-down by unit starts: the office (or the province for a
    village office), as [(code, name)]."""
    unit = session.scalar(select(AdminUnit).where(AdminUnit.code == office)) if office else None
    if unit is None or unit.level == UnitLevel.VILLAGE:
        unit = session.scalar(select(AdminUnit).where(
            AdminUnit.level == UnitLevel.PROVINCE).order_by(AdminUnit.code))
    if unit is None:
        return []
    require_unit(session, unit.code)
    return [(unit.code, unit.full_name)]
