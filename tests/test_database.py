"""The database file: creation, migrations, backups before upgrades, refusals, locking."""

import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, select

import app.models  # noqa: F401
from app.errors import DatabaseError
from app.models import Candidate, LeadAgency
from app.models.base import Base
from app.models.database import (
    HEAD_REVISION,
    KNOWN_REVISIONS,
    FileLock,
    alembic_config,
    file_revision,
    open_database,
    upgrade,
)


def test_head_revision_constant_matches_the_migration_scripts(tmp_path):
    script = ScriptDirectory.from_config(alembic_config(tmp_path / "x.sqlite"))
    assert script.get_current_head() == HEAD_REVISION
    revisions = [r.revision for r in script.walk_revisions()]
    assert sorted(revisions) == sorted(KNOWN_REVISIONS)


def test_migrations_build_the_same_schema_as_the_models(tmp_path):
    path = tmp_path / "migrated.sqlite"
    upgrade(path)
    engine = create_engine(f"sqlite:///{path}")
    def include_name(name, type_, _parent):  # the FTS index is not an ORM table
        return not (type_ == "table" and name.startswith("candidate_search"))

    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"include_name": include_name})
        diff = compare_metadata(ctx, Base.metadata)
    engine.dispose()
    assert diff == []


def test_a_file_made_by_the_first_revision_opens_and_is_usable(tmp_path):
    path = tmp_path / "first.sqlite"
    upgrade(path, KNOWN_REVISIONS[0])
    db = open_database(path)
    try:
        with db.transaction() as session:
            from app.services.reference import initialise

            initialise(session, "64")
        with db.session() as session:
            assert session.scalar(select(LeadAgency.name).where(LeadAgency.code == "SYT")) == "Sở Y tế"
    finally:
        db.close()
    assert file_revision(path) == HEAD_REVISION


def test_file_at_the_first_revision_is_backed_up_and_upgraded_with_its_data(tmp_path):
    """A file from the first release: its candidates become searchable after the upgrade."""
    from app import text

    path = tmp_path / "v1.sqlite"
    upgrade(path, KNOWN_REVISIONS[0])
    con = sqlite3.connect(path)
    con.execute("INSERT INTO admin_units (id, code, official_code, name, unit_type, level, "
                "name_search, sort_key, created_at, updated_at, deleted) VALUES "
                "('u1', '628', '628', 'Ia Grai', 'Huyện', 'district', '', '', "
                "'2023-01-01', '2023-01-01', 0)")
    con.execute("INSERT INTO candidates (id, kind, display_name, name_search, sort_key, "
                "unit_code, status, summary, created_at, updated_at, deleted) VALUES "
                "('c1', 'individual', 'Ksor H''Lan', ?, '', '628', 'dang_ky', '', "
                "'2023-01-01', '2023-01-01', 0)", (text.fold("Ksor H'Lan"),))
    con.commit()
    con.close()
    db = open_database(path)
    try:
        assert db.backup is not None and db.backup.exists()
        assert file_revision(db.backup) == KNOWN_REVISIONS[0]
        assert file_revision(path) == HEAD_REVISION
        from app.services.candidates import CandidateFilter, find_candidates

        with db.session() as session:
            found = find_candidates(session, CandidateFilter(search="hlan"))
        assert [r.name for r in found] == ["Ksor H'Lan"]
    finally:
        db.close()


def test_older_file_is_copied_to_a_dated_backup_before_upgrading(tmp_path, monkeypatch):
    import app.models.database as database

    path = tmp_path / "old.sqlite"
    upgrade(path, KNOWN_REVISIONS[0])
    # Pretend this program is one revision newer than the file.
    calls = []
    monkeypatch.setattr(database, "HEAD_REVISION", "9999_future")
    monkeypatch.setattr(database, "KNOWN_REVISIONS", (*KNOWN_REVISIONS, "9999_future"))
    monkeypatch.setattr(database, "upgrade", lambda p, revision="head": calls.append(p))
    db = open_database(path)
    db.close()
    assert calls == [path]
    assert db.backup is not None and db.backup.exists()
    assert db.backup.parent == path.parent
    assert KNOWN_REVISIONS[0] in db.backup.name
    con = sqlite3.connect(db.backup)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == KNOWN_REVISIONS[0]
    con.close()


def test_file_from_a_newer_version_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "newer.sqlite"
    open_database(path).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num='0099_from_the_future'")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseError) as info:
        open_database(path)
    assert "phiên bản mới hơn" in info.value.message()
    assert path.read_bytes() == before


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"this is a Word document, not a database" * 100)
    with pytest.raises(DatabaseError) as info:
        open_database(path)
    assert "sao lưu" in info.value.message()


def test_new_file_has_wal_foreign_keys_and_busy_timeout(tmp_path):
    db = open_database(tmp_path / "new.sqlite")
    try:
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
    finally:
        db.close()


def test_failed_transaction_changes_nothing(db):
    with db.session() as session:
        before = session.scalar(select(Candidate.id).limit(1))
    with pytest.raises(RuntimeError), db.transaction() as session:
        session.add(Candidate(kind="individual", display_name="Ksor H'Lan", unit_code="64",
                              status="phat_hien"))
        session.flush()
        raise RuntimeError("disk full")
    with db.session() as session:
        assert session.scalar(select(Candidate.id).limit(1)) == before


def test_second_copy_on_the_same_file_is_refused_with_a_message(tmp_path):
    path = tmp_path / "shared.sqlite"
    first = FileLock(path)
    first.acquire()
    try:
        with pytest.raises(DatabaseError) as info:
            FileLock(path).acquire()
        assert "đang được mở" in info.value.message()
    finally:
        first.release()
    with FileLock(path):  # free again once the first copy closes
        pass
