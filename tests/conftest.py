"""Test set-up: offscreen Qt, a private user data folder, one database per test.

A template database (schema + reference data) is built once per session and copied for
each test, as Anki's getEmptyCol does.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")


@pytest.fixture(autouse=True)
def _private_user_dirs(tmp_path_factory, monkeypatch):
    """No test touches the real user's files."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("APPDATA", str(home / "AppData"))


@pytest.fixture(scope="session")
def template_db(tmp_path_factory) -> Path:
    from app.models.database import open_database
    from app.services.reference import initialise

    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    db = open_database(path)
    with db.transaction() as session:
        initialise(session, "64")
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


@pytest.fixture
def db_path(template_db, tmp_path) -> Path:
    """A fresh copy of the template database for this test."""
    path = tmp_path / "dhtt.sqlite"
    shutil.copyfile(template_db, path)
    return path


@pytest.fixture
def db(db_path):
    from app.models.database import open_database

    database = open_database(db_path)
    yield database
    database.close()


def type_text(widget, text: str) -> None:
    """Type ``text`` into ``widget`` as a Vietnamese keyboard (Unikey) delivers it: one key
    event per composed character. QTest.keyClicks only knows ASCII keys."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown,
                                                     Qt.KeyboardModifier.NoModifier, ch))


@pytest.fixture
def qt_vi(qapp):
    """Qt's own buttons and dialogs in Vietnamese, as in the program."""
    from app.ui.qt_translation import install

    if not getattr(qapp, "_dhtt_translator", None):
        qapp._dhtt_translator = install(qapp)
    return qapp


@pytest.fixture
def ctx(db, qt_vi):
    """The shared window context on a fresh database, operations run synchronously;
    any bug reported through it fails the test."""
    from app.ui.context import AppContext
    from app.ui.ops import SyncExecutor

    bugs: list[BaseException] = []
    errors: list[str] = []
    context = AppContext(db=db, office_unit_code="628", user_name="cb.huyen",
                         executor=SyncExecutor())
    context.bug_handler = bugs.append
    context.error_handler = errors.append
    context.errors = errors  # type: ignore[attr-defined]
    yield context
    assert not bugs, bugs
