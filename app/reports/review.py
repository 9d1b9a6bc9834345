"""Interim and final reviews (báo cáo sơ kết / tổng kết) and award lists as documents.

The figures come from the caller (services count them); this module drafts the narrative
from the figures and lays out the usual outline (DOMAIN.md §5). A text the user has edited
(``ReviewData.texts[key]``) replaces the draft of that section.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from app.i18n import _
from app.reports.document import (
    Block,
    Header,
    Heading,
    OfficialDocument,
    Paragraph,
    Signature,
    Table,
)
from app.text import clean

__all__ = [
    "ReviewData",
    "TargetKind",
    "TargetRow",
    "SECTION_KEYS",
    "KINDS",
    "draft_texts",
    "build_review",
    "build_award_list",
]

KINDS = ("so_ket", "tong_ket")
SECTION_KEYS = ("situation", "direction", "examples", "commendation", "strengths",
                "shortcomings", "lessons", "tasks", "proposals")


@dataclass
class TargetKind:
    """One kind a target names (tập thể, cá nhân, hộ gia đình …) with its own minimum
    (None: no minimum is the unit's) and its counts."""

    kind: str
    minimum: int | None
    registered: int
    recognised: int

    @property
    def met(self) -> bool | None:
        return None if self.minimum is None else self.recognised >= self.minimum


@dataclass
class TargetRow:
    """A lead agency's target as a review shows it: judged per kind, or (a commune's
    contribution to a province department's target) counted without a verdict."""

    agency: str
    movement: str
    kinds: list[TargetKind]

    @property
    def judged(self) -> bool:
        return any(k.minimum is not None for k in self.kinds)

    @property
    def met(self) -> bool | None:
        if not self.judged:
            return None
        return all(k.met for k in self.kinds if k.minimum is not None)


@dataclass
class ReviewData:
    """Everything a review report shows. ``kind`` is "so_ket" (interim) or "tong_ket" (final).

    Table rows: ``examples_by_model_type`` (label, registered, recognised),
    ``examples_by_unit`` (unit, registered, recognised), ``targets`` (:class:`TargetRow`),
    ``awards_by_form`` (form, count), ``villages_by_year``
    (year, villages, recognised Thôn văn hóa), ``named_examples`` (name, unit, model type),
    ``proposed`` (name, unit, form, achievement).
    """

    unit_name: str
    kind: str
    period: tuple[int, int]
    header: Header
    signature: Signature
    recipients: list[str] = field(default_factory=list)
    examples_by_model_type: list[tuple[str, int, int]] = field(default_factory=list)
    examples_by_unit: list[tuple[str, int, int]] = field(default_factory=list)
    targets: list[TargetRow] = field(default_factory=list)
    # False for a commune or a former district: the province's minimums are not its own,
    # its figures are a contribution (plan IV.1).
    judges_province_targets: bool = True
    awards_by_form: list[tuple[str, int]] = field(default_factory=list)
    villages_by_year: list[tuple[int, int, int]] = field(default_factory=list)
    named_examples: list[tuple[str, str, str]] = field(default_factory=list)
    proposed: list[tuple[str, str, str, str]] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)


# --- number wording -----------------------------------------------------------------------

def _number(n: int) -> str:
    """1.234 (Vietnamese thousands separator)."""
    return f"{n:,}".replace(",", ".")


def _percent(part: int, whole: int) -> str:
    """57,2% and 74,0%: one decimal rounded half up, Vietnamese decimal comma, the same
    everywhere in a document; 0,0% when there is no whole."""
    if not whole:
        return "0,0%"
    value = (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return f"{value}".replace(".", ",") + "%"


def _names(names: list[str]) -> str:
    """"Ia Kha, Ia Sao và Ia Tô": a list joined the Vietnamese way."""
    if len(names) <= 1:
        return "".join(names)
    return _("{first} and {last}").format(first=", ".join(names[:-1]), last=names[-1])


def _period(data: ReviewData) -> str:
    return f"{data.period[0]}–{data.period[1]}"


def _next_period(data: ReviewData) -> str:
    start, end = data.period
    if data.kind == "so_ket":
        return f"{end}–{end + 2}"
    return f"{end + 1}–{end + 5}"


# --- drafts -------------------------------------------------------------------------------

def _draft_situation(data: ReviewData) -> str:
    unit, period = clean(data.unit_name), _period(data)
    if data.villages_by_year:
        villages = data.villages_by_year[-1][1]
        return _("{unit} has {villages} villages and residential groups. During {period}, "
                 "under the leadership of the Party committee and the direction of the "
                 "People's Committee, finding, nurturing and replicating advanced examples "
                 "was carried out together with the patriotic emulation movements; besides "
                 "favourable conditions, the locality still faced many economic and social "
                 "difficulties.").format(unit=unit, villages=_number(villages), period=period)
    return _("During {period}, under the leadership of the Party committee and the direction "
             "of the People's Committee, finding, nurturing and replicating advanced examples "
             "in {unit} was carried out together with the patriotic emulation movements; "
             "besides favourable conditions, the locality still faced many economic and "
             "social difficulties.").format(unit=unit, period=period)


def _draft_direction(data: ReviewData) -> str:
    return _("Carrying out the provincial People's Committee's plan for building and "
             "replicating advanced examples, the People's Committee of {unit} issued its own "
             "plan, assigned tasks to its departments, mass organisations and villages, and "
             "stepped up publicity through the loudspeaker system, village meetings and the "
             "activities of mass organisations, so that cadres and people understand the "
             "purpose of finding, nurturing and replicating advanced examples."
             ).format(unit=clean(data.unit_name))


def _draft_examples(data: ReviewData) -> str:
    unit, period = clean(data.unit_name), _period(data)
    registered = sum(r[1] for r in data.examples_by_model_type)
    recognised = sum(r[2] for r in data.examples_by_model_type)
    parts = [_("During {period}, {unit} found and registered {registered} advanced examples, "
               "of which {recognised} were recognised ({percent}).").format(
        period=period, unit=unit, registered=_number(registered),
        recognised=_number(recognised), percent=_percent(recognised, registered))]
    if data.examples_by_model_type:
        items = "; ".join(
            _("{label}: {registered} registered, {recognised} recognised").format(
                label=clean(label), registered=_number(reg), recognised=_number(rec))
            for label, reg, rec in data.examples_by_model_type)
        parts.append(_("By model type: {items}.").format(items=items))
    if data.examples_by_unit:
        parts.extend(_most_recognised(data.examples_by_unit))
    parts.extend(_target_sentences(data))
    if data.villages_by_year:
        year, total, recognised_villages = data.villages_by_year[-1]
        parts.append(_("In {year}, {recognised} of {total} villages reached the title "
                       "\"Cultural village\" ({percent}).").format(
            year=year, recognised=_number(recognised_villages), total=_number(total),
            percent=_percent(recognised_villages, total)))
    if data.named_examples:
        names = ", ".join(f"{clean(name)} ({clean(where)})" for name, where, _t in
                          data.named_examples[:8])
        parts.append(_("Typical examples: {names}.").format(names=names))
    return " ".join(parts)


# The type words of administrative units, longest first ("Thị xã" before "Xã").
_UNIT_TYPES = ("Thành phố", "Thị trấn", "Thị xã", "Huyện", "Phường", "Xã", "Tỉnh")


def _unit_type(full_name: str) -> tuple[str, str]:
    """("xã", "Ia Kha") for "Xã Ia Kha"; ("", name) when the name has no type word."""
    for word in _UNIT_TYPES:
        if full_name.casefold().startswith(word.casefold() + " "):
            return word.lower(), full_name[len(word) + 1:]
    return "", full_name


def _in_sentence(full_name: str) -> str:
    """"xã Ia Kha": a unit inside a sentence, its type word in lower case."""
    word, name = _unit_type(full_name)
    return f"{word} {name}" if word else full_name


def _most_recognised(rows: list[tuple[str, int, int]]) -> list[str]:
    """Who has the most recognised examples; a tie is named as a tie in the units' own
    type word ("xã Ia Kha, Ia Sao và Ia Tô, mỗi xã 50"), "mỗi đơn vị" only for a mix."""
    most = max(r[2] for r in rows)
    if not most:
        return []
    best = [clean(r[0]) for r in rows if r[2] == most]
    if len(best) == 1:
        return [_("{best} has the most recognised examples ({count}).").format(
            best=_in_sentence(best[0]), count=_number(most))]
    split = [_unit_type(name) for name in best]
    words = {word for word, _name in split}
    if len(words) == 1 and "" not in words:
        word = words.pop()
        return [_("The most recognised examples are in {type} {names}, {count} in each "
                  "{type}.").format(type=word, names=_names([n for _w, n in split]),
                                    count=_number(most))]
    return [_("{units} have the most recognised examples, {count} each.").format(
        units=_names([_in_sentence(name) for name in best]), count=_number(most))]


def _target_sentences(data: ReviewData) -> list[str]:
    """What the targets say: judged ones as "N/M reached", a contribution without a
    verdict for a unit whose minimums are the province's, never "0/14"."""
    judged = [t for t in data.targets if t.judged]
    parts = []
    if judged and data.judges_province_targets:
        met = sum(1 for t in judged if t.met)
        parts.append(_("{met} of {total} assigned targets were reached or exceeded.").format(
            met=met, total=len(judged)))
    elif judged:
        met = sum(1 for t in judged if t.met)
        parts.append(_("{met} of {total} targets of the unit's own plan were reached or "
                       "exceeded.").format(met=met, total=len(judged)))
    contributed = [t for t in data.targets if not t.judged]
    if contributed and not data.judges_province_targets:
        registered = sum(k.registered for t in contributed for k in t.kinds)
        recognised = sum(k.recognised for t in contributed for k in t.kinds)
        parts.append(_("Towards the targets of the province's lead agencies, {unit} "
                       "contributed {registered} registered and {recognised} recognised "
                       "examples.").format(unit=clean(data.unit_name),
                                           registered=_number(registered),
                                           recognised=_number(recognised)))
    return parts


def _missed_targets(data: ReviewData) -> list[str]:
    """"Sở Y tế (tập thể 3/10)": each target not reached, with the kinds behind."""
    out = []
    for t in data.targets:
        if t.met is False:
            behind = ", ".join(f"{k.kind} {_number(k.recognised)}/{_number(k.minimum or 0)}"
                               for k in t.kinds if k.met is False)
            out.append(f"{clean(t.agency)} ({behind})")
    return out


def _draft_commendation(data: ReviewData) -> str:
    total = sum(n for _f, n in data.awards_by_form)
    if not total:
        return _("During {period}, commendation was given in time to collectives and "
                 "individuals with outstanding achievements.").format(period=_period(data))
    items = ", ".join(f"{_number(n)} {clean(form)}" for form, n in data.awards_by_form if n)
    return _("During {period}, {total} collectives, households and individuals with "
             "outstanding achievements were commended: {items}.").format(
        period=_period(data), total=_number(total), items=items)


def _draft_strengths(data: ReviewData) -> str:
    text = _("Finding, nurturing and replicating advanced examples received attention from "
             "the Party committee and the government and the active response of cadres and "
             "people; many good models appeared in every field and were publicised and "
             "honoured in time.")
    if len(data.villages_by_year) >= 2:
        first, last = data.villages_by_year[0], data.villages_by_year[-1]
        before, after = _percent(first[2], first[1]), _percent(last[2], last[1])
        # Compared as printed, so the verb always agrees with the two figures shown.
        change = (Decimal(after[:-1].replace(",", "."))
                  - Decimal(before[:-1].replace(",", ".")))
        if change > 0:
            sentence = _("The share of cultural villages rose from {first} in {first_year} "
                         "to {last} in {last_year}.")
        elif change < 0:
            sentence = _("The share of cultural villages fell from {first} in {first_year} "
                         "to {last} in {last_year}.")
        else:
            sentence = _("The share of cultural villages stayed at {first} from {first_year} "
                         "to {last_year}.")
        text += " " + sentence.format(first=before, first_year=first[0], last=after,
                                      last_year=last[0])
    return text


def _draft_shortcomings(data: ReviewData) -> str:
    parts = [_("In some places publicity was not regular, examples were not followed up after "
               "they were found, and replication was still limited.")]
    registered = sum(r[1] for r in data.examples_by_model_type)
    recognised = sum(r[2] for r in data.examples_by_model_type)
    if registered > recognised:
        parts.append(_("{pending} registered examples have not been recognised yet.").format(
            pending=_number(registered - recognised)))
    missed = _missed_targets(data)
    if missed:
        parts.append(_("Targets not reached: {agencies}.").format(agencies=", ".join(missed)))
    return " ".join(parts)


def _draft_lessons(data: ReviewData) -> str:
    return _("First, the close leadership of the Party committee and the government is "
             "decisive. Second, examples must be found early, followed and helped during the "
             "whole period. Third, honouring and publicising examples in time spreads them "
             "widely. Fourth, departments, mass organisations and villages must work closely "
             "together.")


def _draft_tasks(data: ReviewData) -> str:
    return _("In the period {period}, continue to find, nurture and replicate advanced "
             "examples in every field and movement; review and recognise registered examples; "
             "publicise good models widely and commend them in time; keep and develop the "
             "title \"Cultural village\".").format(period=_next_period(data))


def _draft_proposals(data: ReviewData) -> str:
    if data.proposed:
        return _("We propose commending {count} collectives and individuals with outstanding "
                 "achievements (list below).").format(count=_number(len(data.proposed)))
    return _("We propose that the higher authorities keep giving guidance and support to "
             "the building and replication of advanced examples.")


_DRAFTERS = {
    "situation": _draft_situation,
    "direction": _draft_direction,
    "examples": _draft_examples,
    "commendation": _draft_commendation,
    "strengths": _draft_strengths,
    "shortcomings": _draft_shortcomings,
    "lessons": _draft_lessons,
    "tasks": _draft_tasks,
    "proposals": _draft_proposals,
}


def draft_texts(data: ReviewData) -> dict[str, str]:
    """A Vietnamese draft of every narrative section, written from the figures."""
    return {key: drafter(data) for key, drafter in _DRAFTERS.items()}


# --- the document -------------------------------------------------------------------------

def _paragraphs(text: str) -> list[Block]:
    """A section's text: one paragraph per non-empty line."""
    return [Paragraph(line) for line in (clean(p) for p in text.splitlines()) if line]


def _tables(data: ReviewData) -> dict[str, Table]:
    registered, recognised = _("Registered"), _("Recognised")
    tables: dict[str, Table] = {}
    if data.examples_by_model_type:
        rows = [[str(i), label, _number(reg), _number(rec), _percent(rec, reg)]
                for i, (label, reg, rec) in enumerate(data.examples_by_model_type, start=1)]
        reg_total = sum(r[1] for r in data.examples_by_model_type)
        rec_total = sum(r[2] for r in data.examples_by_model_type)
        rows.append(["", _("Total"), _number(reg_total), _number(rec_total),
                     _percent(rec_total, reg_total)])
        tables["model_type"] = Table([_("No."), _("Model type"), registered, recognised,
                                      _("Rate")], rows, [0.7, 5, 1.6, 1.6, 1.3], True)
    if data.examples_by_unit:
        rows = [[str(i), name, _number(reg), _number(rec), _percent(rec, reg)]
                for i, (name, reg, rec) in enumerate(data.examples_by_unit, start=1)]
        tables["unit"] = Table([_("No."), _("Unit"), registered, recognised, _("Rate")], rows,
                               [0.7, 5, 1.6, 1.6, 1.3])
    if data.targets:
        tables["targets"] = _target_table(data)
    if data.villages_by_year:
        rows = [[str(year), _number(total), _number(rec), _percent(rec, total)]
                for year, total, rec in data.villages_by_year]
        tables["villages"] = Table([_("Year"), _("Villages"), _("Cultural villages"),
                                    _("Rate")], rows, [1, 2, 2, 1.5])
    if data.named_examples:
        rows = [[str(i), name, unit, model]
                for i, (name, unit, model) in enumerate(data.named_examples, start=1)]
        tables["named"] = Table([_("No."), _("Full name / Collective"), _("Unit"), _("Model type")],
                                rows,
                                [0.7, 3, 3, 3.5])
    if data.awards_by_form:
        rows = [[str(i), form, _number(n)] for i, (form, n) in
                enumerate(data.awards_by_form, start=1)]
        rows.append(["", _("Total"), _number(sum(n for _f, n in data.awards_by_form))])
        tables["awards"] = Table([_("No."), _("Form of commendation"), _("Count")], rows,
                                 [0.7, 6, 2], True)
    return tables


def _target_table(data: ReviewData) -> Table:
    """One row per kind a target names: its minimum against its own counts. A unit
    without minimums of its own gets its contribution only (no minimum, no verdict)."""
    judged = any(t.judged for t in data.targets)
    rows = []
    for i, t in enumerate(data.targets, start=1):
        for j, k in enumerate(t.kinds):
            first = j == 0
            row = [str(i) if first else "", t.agency if first else "",
                   t.movement if first else "", k.kind]
            if judged:
                row.append("" if k.minimum is None else _number(k.minimum))
            row += [_number(k.registered), _number(k.recognised)]
            if judged:
                row.append("" if k.met is None else _("Reached") if k.met else _("Not reached"))
            rows.append(row)
    if judged:
        return Table([_("No."), _("Lead agency"), _("Movement"), _("Subject"), _("Minimum"),
                      _("Registered"), _("Recognised"), _("Result")], rows,
                     [0.9, 2.6, 2.8, 1.4, 1.2, 1.3, 1.4, 1.4])
    return Table([_("No."), _("Lead agency"), _("Movement"), _("Subject"), _("Registered"),
                  _("Recognised")], rows, [0.9, 3, 3.4, 1.6, 1.5, 1.6])


def _summary(data: ReviewData) -> str:
    if data.kind == "so_ket":
        return _("Interim review of phase 1 ({period}) of building and replicating advanced "
                 "examples").format(period=_period(data))
    return _("Final review of building and replicating advanced examples, {period}").format(
        period=_period(data))


def build_review(data: ReviewData) -> OfficialDocument:
    """The review report (sơ kết or tổng kết) for ``data``, edited texts taking precedence."""
    if data.kind not in KINDS:
        raise ValueError(f"unknown review kind {data.kind!r}")
    drafts = draft_texts(data)
    texts = {key: data.texts[key] if clean(data.texts.get(key)) else drafts[key]
             for key in SECTION_KEYS}
    tables = _tables(data)
    body: list[Block] = []

    def section(title: str, level: int, key: str | None = None,
                table_keys: tuple[str, ...] = ()) -> None:
        body.append(Heading(title, level))
        if key:
            body.extend(_paragraphs(texts[key]))
        body.extend(tables[k] for k in table_keys if k in tables)

    section(_("I. SITUATION"), 1, "situation")
    section(_("II. RESULTS"), 1)
    section(_("1. Leadership, direction and publicity"), 2, "direction")
    section(_("2. Finding, nurturing and replicating advanced examples"), 2, "examples",
            ("model_type", "unit", "targets", "villages", "named"))
    section(_("3. Commendation"), 2, "commendation", ("awards",))
    section(_("III. GENERAL ASSESSMENT"), 1)
    section(_("1. Strengths"), 2, "strengths")
    section(_("2. Shortcomings and limitations"), 2, "shortcomings")
    section(_("3. Lessons learnt"), 2, "lessons")
    section(_("IV. DIRECTION AND TASKS"), 1, "tasks")
    section(_("V. PROPOSALS"), 1, "proposals")
    if data.proposed:
        rows = [[str(i), name, unit, form, achievement]
                for i, (name, unit, form, achievement) in enumerate(data.proposed, start=1)]
        body.append(_award_table(rows))
    return OfficialDocument(header=data.header, doc_type=_("REPORT"), summary=_summary(data),
                            body=body, signature=data.signature,
                            recipients=list(data.recipients))


def _award_table(rows: list[list[str]]) -> Table:
    return Table([_("No."), _("Full name / Collective"), _("Unit"), _("Form"),
                  _("Achievement")], rows, [1, 3.2, 3, 2.2, 5])


def build_award_list(title: str, header: Header, signature: Signature,
                     rows: list[tuple[str, str, str, str]],
                     recipients: list[str] | None = None) -> OfficialDocument:
    """"Danh sách đề nghị khen thưởng" in landscape: STT, name, unit, form, achievement.

    ``rows`` (name, unit, form, achievement) are printed in the order given.
    """
    numbered = [[str(i), *map(clean, row)] for i, row in enumerate(rows, start=1)]
    return OfficialDocument(header=header, doc_type=_("LIST OF PROPOSED COMMENDATIONS"),
                            summary=clean(title), body=[_award_table(numbered)],
                            signature=signature, recipients=list(recipients or []),
                            landscape=True)
