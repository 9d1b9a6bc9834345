"""A line of the register's list and the filter choosing the lines, as plain dataclasses.

No SQLAlchemy: the window shows the register's first page, and ``dhtt list candidates``
prints its rows, before the ORM loads. :mod:`app.services.candidates` re-exports both.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class CandidateFilter:
    """What the user asked for; empty fields do not filter."""

    search: str = ""
    unit_code: str | None = None  # includes the unit's sub-units
    status: str | None = None
    statuses: tuple[str, ...] = ()
    model_type_code: str | None = None
    movement_code: str | None = None
    kind: str | None = None
    phase_code: str | None = None
    year: int | None = None
    lead_agency_code: str | None = None
    include_deleted: bool = False


@dataclass
class CandidateRow:
    """One line of the candidate list, as shown in the table and in ``list --json``."""

    id: str
    name: str
    kind: str
    unit_code: str
    unit_name: str
    model_type: str | None
    movement: str | None
    lead_agency: str | None
    status: str
    year: int | None
    birth_year: int | None = None
    extra: dict[str, object] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id, "name": self.name, "kind": self.kind, "unit_code": self.unit_code,
            "unit_name": self.unit_name, "model_type": self.model_type,
            "movement": self.movement, "lead_agency": self.lead_agency, "status": self.status,
            "year": self.year, "birth_year": self.birth_year,
        }
