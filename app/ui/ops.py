"""Database work off the GUI thread (after Anki's CollectionOp / QueryOp).

    DbOp(parent, ctx, fn).on_success(cb).on_failure(cb).run()

``fn(session)`` runs on a single worker thread (SQLite has one writer) inside one
transaction; callbacks run on the GUI thread; ``fn`` never touches widgets. Tests make the
executor synchronous (``ctx.executor = SyncExecutor()``) so an operation finishes before
the next line of the test.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from app.errors import Cancelled, DomainError


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self._work = work
        self._signals = signals

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as exc:  # noqa: BLE001 - delivered to on_failure on the GUI thread
            exc.__dhtt_traceback__ = traceback.format_exc()  # type: ignore[attr-defined]
            self._signals.failed.emit(exc)
        else:
            self._signals.done.emit(result)


class ThreadExecutor:
    """One worker thread for all database work."""

    def __init__(self) -> None:
        self.pool = QThreadPool()
        self.pool.setMaxThreadCount(1)

    def submit(self, work: Callable[[], Any], signals: _Signals) -> None:
        self.pool.start(_Job(work, signals))

    def wait(self) -> None:
        self.pool.waitForDone()


class SyncExecutor:
    """Runs operations at once on the calling thread (tests)."""

    def submit(self, work: Callable[[], Any], signals: _Signals) -> None:
        _Job(work, signals).run()

    def wait(self) -> None:
        pass


# Operations in flight: kept referenced until their callbacks ran, or Python would collect
# the operation (and its signal object) while the worker is still busy.
_PENDING: set[DbOp] = set()


class DbOp:
    """One database operation with GUI-thread callbacks."""

    def __init__(self, parent: QObject | None, ctx: Any, fn: Callable[[Any], Any],
                 *, write: bool = True) -> None:
        self._parent = parent
        self._ctx = ctx
        self._fn = fn
        self._write = write
        self._success: Callable[[Any], None] | None = None
        self._failure: Callable[[Exception], None] | None = None
        self._progress: Any = None

    def busy(self, text: str) -> DbOp:
        """Show a busy indicator saying ``text`` while the operation runs, if it lasts
        (no count is known and nothing to cancel); closed before the callbacks run."""
        self._progress = busy_dialog(self._parent, text)
        return self

    def on_success(self, cb: Callable[[Any], None]) -> DbOp:
        self._success = cb
        return self

    def on_failure(self, cb: Callable[[Exception], None]) -> DbOp:
        self._failure = cb
        return self

    def run(self) -> None:
        signals = _Signals()
        self._signals = signals
        _PENDING.add(self)
        signals.done.connect(self._done)
        signals.failed.connect(self._failed)
        db = self._ctx.db
        fn, write = self._fn, self._write
        actor = getattr(self._ctx, "actor", None)

        def work() -> Any:
            from app.services.access import act_as

            if write:
                with db.transaction() as session:
                    return fn(act_as(session, actor) if actor else session)
            with db.session() as session:
                return fn(act_as(session, actor) if actor else session)

        self._ctx.executor.submit(work, signals)

    def _close_progress(self) -> None:
        import shiboken6

        if self._progress is not None and shiboken6.isValid(self._progress):
            # (not valid once its window was closed and deleted while the job ran)
            self._progress.reset()
            self._progress.deleteLater()
        self._progress = None

    def _done(self, result: Any) -> None:
        _PENDING.discard(self)
        self._close_progress()
        if self._success:
            self._success(result)

    def _failed(self, exc: Exception) -> None:
        _PENDING.discard(self)
        self._close_progress()
        from app.models.database import fault_of

        # A full disk, a locked, read-only or damaged file: a message, not the crash dialog.
        exc = fault_of(exc, self._ctx.db.path) or exc
        if self._failure:
            self._failure(exc)
        elif isinstance(exc, Cancelled):
            return  # the user stopped it; nothing was written
        elif isinstance(exc, DomainError):
            self._ctx.show_error(exc.message())
        else:
            self._ctx.report_bug(exc)


class ProgressRelay(QObject):
    """A service's ``progress(done, total) -> bool`` callback for a long job: reports each
    step to the GUI thread through ``step`` and answers False once ``cancel()`` was called
    (by the Cancel button of a progress dialog)."""

    step = Signal(int, int)

    def __init__(self) -> None:
        super().__init__()
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def __call__(self, done: int, total: int) -> bool:
        self.step.emit(done, total)
        return not self._cancelled.is_set()


def progress_dialog(parent: Any, text: str, total: int, relay: ProgressRelay) -> Any:
    """A window-modal progress bar wired to ``relay``; shown only if the job lasts."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QProgressDialog

    from app.i18n import _

    dialog = QProgressDialog(text, _("Cancel"), 0, max(total, 1), parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)
    # Starts Qt's clock now: the dialog shows once the job lasts, even if its first step is
    # reported late (an import first makes a backup copy of the whole file).
    dialog.setValue(0)
    dialog.canceled.connect(relay.cancel)
    relay.step.connect(lambda done, all_: (dialog.setMaximum(max(all_, 1)),
                                           dialog.setValue(done)))
    return dialog


def busy_dialog(parent: Any, text: str) -> Any:
    """A window-modal busy indicator (a bar that moves, no count, no Cancel) for a job whose
    length is unknown and which cannot stop half-way; shown only if the job lasts. The
    window behind it keeps painting: the job runs on the worker thread."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QProgressDialog

    class BusyDialog(QProgressDialog):
        def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt name
            event.ignore()  # the job goes on; closing would only hide that it runs

        def keyPressEvent(self, event: Any) -> None:  # noqa: N802 - Qt name
            if event.key() != Qt.Key.Key_Escape:
                super().keyPressEvent(event)

    dialog = BusyDialog(text, "", 0, 0, parent)
    dialog.setCancelButton(None)  # type: ignore[arg-type]
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(500)
    dialog.setValue(0)  # starts the clock: Qt shows the dialog once the job lasts 500 ms
    return dialog
