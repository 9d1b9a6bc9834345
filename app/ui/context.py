"""What every tab gets: the open database, this office, the executor and error display."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.models.database import Database
from app.services.access import Actor
from app.ui.ops import SyncExecutor, ThreadExecutor


class DataSignals(QObject):
    """Broadcast after an operation changed data, so each tab refreshes what it shows."""

    candidates_changed = Signal()
    criteria_changed = Signal()
    awards_changed = Signal()
    villages_changed = Signal()
    units_changed = Signal()
    candidate_saved = Signal(str)  # after candidates_changed: the record to show and select


@dataclass
class AppContext:
    """Shared state of one open window (one database file)."""

    db: Database
    office_unit_code: str | None = None
    user_name: str = ""
    actor: Actor | None = None  # the signed-in account (None: login is off)
    executor: ThreadExecutor | SyncExecutor = field(default_factory=ThreadExecutor)
    signals: DataSignals = field(default_factory=DataSignals)
    # Set by the main window: show a Vietnamese message / report a bug (crash dialog + log).
    error_handler: Any = None
    bug_handler: Any = None

    def show_error(self, message: str) -> None:
        if self.error_handler:
            self.error_handler(message)

    def report_bug(self, exc: BaseException) -> None:
        if self.bug_handler:
            self.bug_handler(exc)
        else:
            raise exc
