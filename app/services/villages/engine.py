"""The scoring engine: a village's values and statistics against a scheme, with reasons.

Pure Python on plain data (no session), so the grid can recompute a village on every key
press and tests can state worked examples directly. A scheme in this form comes from
:func:`app.services.villages.schemes.load_rules`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.i18n import N_, _
from app.models.villages import AreaClass, ItemKind, SchemeMode

DAT, KHONG_DAT, CHUA_CHAM = "dat", "khong_dat", "chua_cham"

# Statistics a scheme can name (stat_key / base_key). Derived ones are computed here.
STATISTICS = ("households", "poor_households", "near_poor_households", "cultural_households",
              "working_age", "employed", "school_age", "at_school", "civilised_households",
              "social_evils", "serious_crimes")
DERIVED = {"poor_and_near_poor": ("poor_households", "near_poor_households")}


@dataclass(frozen=True)
class Item:
    """One scored item of a standard."""

    id: str
    code: str
    text: str
    kind: str
    max_points: float | None = None
    thresholds: dict[str, float | None] = field(default_factory=dict)
    stat_key: str | None = None
    base_key: str | None = None

    def threshold(self, area_class: str) -> float | None:
        """The threshold for ``area_class`` (the ordinary one when that class has none)."""
        value = self.thresholds.get(area_class)
        if value is None and area_class != AreaClass.ORDINARY:
            value = self.thresholds.get(AreaClass.ORDINARY)
        return value

    @property
    def typed(self) -> bool:
        """Whether the value is typed per item (not computed from statistics)."""
        return self.stat_key is None


@dataclass(frozen=True)
class Standard:
    """A standard (I–V) with its items."""

    id: str
    code: str
    text: str
    max_points: float | None
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Rules:
    """A scheme as the engine needs it."""

    id: str
    code: str
    version: int
    name: str
    mode: str
    pass_marks: dict[str, float]
    min_share: float | None
    standards: tuple[Standard, ...]

    @property
    def items(self) -> list[Item]:
        return [item for s in self.standards for item in s.items]

    def pass_mark(self, area_class: str) -> float | None:
        mark = self.pass_marks.get(area_class)
        return mark if mark is not None else self.pass_marks.get(AreaClass.ORDINARY)


@dataclass(frozen=True)
class Failure:
    """A failed (or not yet scorable) item with its reason as a message key and values."""

    code: str
    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def reason(self) -> str:
        return _(self.key).format(**self.params)

    def label(self) -> str:
        """The item code, or a word for the total and the votes."""
        return {"TONG": _("Total:"), "PHIEU": _("Votes:")}.get(self.code, self.code)

    def as_json(self) -> dict[str, str]:
        return {"code": self.code, "reason": self.reason()}


@dataclass
class Result:
    """A village's result: đạt / không đạt / chưa chấm, its points and the reasons."""

    status: str
    points: float | None
    failed: list[Failure]
    missing: list[Failure]
    standard_points: dict[str, float] = field(default_factory=dict)

    def summary(self) -> str:
        """The result in words, as the grid shows it."""
        if self.status == DAT:
            return _("Passed")
        if self.status == CHUA_CHAM:
            return _("Not scored yet: {reasons}").format(
                reasons="; ".join(f"{f.label()} {f.reason()}" for f in self.missing[:3]))
        return _("Failed: {reasons}").format(
            reasons="; ".join(f"{f.label()} {f.reason()}" for f in self.failed))


def fmt(value: float) -> str:
    """12,5 (Vietnamese decimal comma; whole numbers without decimals)."""
    text = f"{value:.1f}".replace(".", ",")
    return text[:-2] if text.endswith(",0") else text


def stat(stats: dict[str, float | None], key: str | None) -> float | None:
    """A statistic by key, derived ones (sums) included; ``None`` when not typed."""
    if key is None:
        return None
    if key in DERIVED:
        parts = [stats.get(k) for k in DERIVED[key]]
        return None if any(p is None for p in parts) else float(sum(p or 0 for p in parts))
    value = stats.get(key)
    return None if value is None else float(value)


def ratio(stats: dict[str, float | None], item: Item) -> float | None:
    """The item's share or rate in %, from its statistics or its typed value."""
    top, base = stat(stats, item.stat_key), stat(stats, item.base_key)
    if top is None or base is None or base <= 0:
        return None
    return 100.0 * top / base


def evaluate(rules: Rules, area_class: str, values: dict[str, float | None],
             stats: dict[str, float | None],
             references: dict[str, float] | None = None) -> Result:
    """Score one village. ``values``: item code → typed value; ``references``: item code →
    the commune's own rate for items compared with it."""
    references = references or {}
    failed: list[Failure] = []
    missing: list[Failure] = []
    standard_points: dict[str, float] = {}
    for standard in rules.standards:
        total = 0.0
        for item in standard.items:
            got = _check(item, area_class, values.get(item.code), stats, references)
            if isinstance(got, float):
                total += got
            elif got is not None:
                (missing if got.key in _MISSING_KEYS else failed).append(got)
        standard_points[standard.code] = total
    points: float | None = None
    if rules.mode == SchemeMode.POINTS:
        points = sum(standard_points.values())
        if not missing:
            failed.extend(_points_failures(rules, area_class, standard_points, points))
    if missing:
        status = CHUA_CHAM
    else:
        status = KHONG_DAT if failed else DAT
    return Result(status, points, failed, missing, standard_points)


_NO_VALUE = N_("no value yet")
_NO_THRESHOLD = N_("threshold not set yet (to be set by the province)")
_NO_STATS = N_("the statistics it needs are not typed yet")
_MISSING_KEYS = {_NO_VALUE, _NO_THRESHOLD, _NO_STATS}


def _check(item: Item, area_class: str, value: float | None, stats: dict[str, float | None],
           references: dict[str, float]) -> float | Failure | None:
    """Points earned (points items), a failure or missing reason, or ``None`` when met."""
    kind = item.kind
    if kind == ItemKind.POINTS:
        if value is None:
            return Failure(item.code, _NO_VALUE)
        return float(value)
    if kind == ItemKind.DISQUALIFIER:
        if value:
            return Failure(item.code, N_("disqualifying: {text}"), {"text": item.text})
        return None
    if kind == ItemKind.YES_NO:
        if value is None:
            return Failure(item.code, _NO_VALUE)
        return None if value >= 1 else Failure(item.code, N_("not met"))
    if kind == ItemKind.COUNT_MAX:
        count = stat(stats, item.stat_key) if item.stat_key else value
        limit = item.threshold(area_class)
        if limit is None:
            return Failure(item.code, _NO_THRESHOLD)
        if count is None:
            return Failure(item.code, _NO_STATS if item.stat_key else _NO_VALUE)
        if count > limit:
            return Failure(item.code, N_("{count} cases, more than the allowed {limit}"),
                           {"count": fmt(count), "limit": fmt(limit)})
        return None
    share = ratio(stats, item) if item.stat_key else value
    if kind == ItemKind.RATE_BELOW_REF:
        reference = references.get(item.code)
        if share is None or reference is None:
            return Failure(item.code, _NO_STATS)
        if share >= reference and share > 0:
            return Failure(item.code, N_("rate {value} % is not below the commune's {ref} %"),
                           {"value": fmt(share), "ref": fmt(reference)})
        return None
    limit = item.threshold(area_class)
    if limit is None:
        return Failure(item.code, _NO_THRESHOLD)
    if share is None:
        return Failure(item.code, _NO_STATS if item.stat_key else _NO_VALUE)
    if kind == ItemKind.SHARE_MIN and share < limit:
        return Failure(item.code, N_("share {value} % below the required {limit} % "
                                     "(short by {gap} points)"),
                       {"value": fmt(share), "limit": fmt(limit), "gap": fmt(limit - share)})
    if kind == ItemKind.RATE_MAX and share > limit:
        return Failure(item.code, N_("rate {value} % above the allowed {limit} % "
                                     "(over by {gap} points)"),
                       {"value": fmt(share), "limit": fmt(limit), "gap": fmt(share - limit)})
    return None


def _points_failures(rules: Rules, area_class: str, standard_points: dict[str, float],
                     points: float) -> list[Failure]:
    out = []
    if rules.min_share:
        for standard in rules.standards:
            if not standard.max_points:
                continue
            needed = rules.min_share * standard.max_points
            got = standard_points.get(standard.code, 0.0)
            if got < needed:
                out.append(Failure(standard.code, N_("{got} of {max} points, below the minimum "
                                                     "{needed} of the standard"),
                                   {"got": fmt(got), "max": fmt(standard.max_points),
                                    "needed": fmt(needed)}))
    mark = rules.pass_mark(area_class)
    if mark is not None and points < mark:
        out.append(Failure("TONG", N_("{points} points, below the pass mark {mark} "
                                          "(short by {gap})"),
                           {"points": fmt(points), "mark": fmt(mark), "gap": fmt(mark - points)}))
    return out


def commune_references(rules: Rules, stats_of: list[dict[str, float | None]]) -> dict[str, float]:
    """For items compared with the commune's own rate: that rate over all its villages."""
    out: dict[str, float] = {}
    for item in rules.items:
        if item.kind != ItemKind.RATE_BELOW_REF:
            continue
        top = [stat(s, item.stat_key) for s in stats_of]
        base = [stat(s, item.base_key) for s in stats_of]
        pairs = [(t, b) for t, b in zip(top, base, strict=True) if t is not None and b]
        total = sum(b for _t, b in pairs if b)
        if total:
            out[item.code] = 100.0 * sum(t for t, _b in pairs if t is not None) / total
    return out


def apply_votes(result: Result, votes: int | None, present: int, approval: float) -> None:
    """After the meeting: a village the council passed also needs ``approval`` of those
    present voting for it."""
    if result.status != DAT:
        return
    needed = approval * present
    if votes is None:
        result.status = CHUA_CHAM
        result.missing.append(Failure("PHIEU", N_("votes at the meeting not typed yet")))
    elif votes < needed:
        result.status = KHONG_DAT
        result.failed.append(Failure("PHIEU", N_("{votes} of {present} present voted for it, "
                                                 "below {share} %"),
                                     {"votes": votes, "present": present,
                                      "share": fmt(100 * approval)}))
