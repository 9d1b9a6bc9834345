"""Accounts, scope and the audit trail, through the services and the CLI."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.cli import main
from app.errors import InputError
from app.models import ActivityKind, AuditEntry, Award, Candidate, Setting, Status, User
from app.models.base import utcnow
from app.services import accounts, audit
from app.services.access import AccessDenied, Actor, Role, act_as, bind_actor
from app.services.assessments import checklist_for, save_assessment
from app.services.awards import DecisionInput, issue_decision, list_awards, propose_award
from app.services.candidates import CandidateFilter, find_candidates
from app.services.detail import candidate_detail
from app.services.evidence import add_evidence
from app.services.lifecycle import change_status
from app.services.register import CandidateInput, save_candidate
from app.services.replication import ActivityInput, save_activity

IA_KHA, IA_SAO = "23764", "23767"  # two communes of the former Ia Grai district (628)
STAFF_KHA = Actor("cb.iakha", Role.COMMUNE_STAFF, IA_KHA)
LEADER_KHA = Actor("ct.iakha", Role.COMMUNE_LEADER, IA_KHA)
DISTRICT = Actor("cb.iagrai", Role.PROVINCE_STAFF, "628")


def person(unit: str, ten: str = "H'Lan", **kw) -> CandidateInput:
    base = dict(kind="individual", unit_code=unit, ho="Ksor", ten=ten, model_type_code="3.2.2b",
                movement_code="DSVH", year=2025, summary="Giữ gìn văn hóa")
    base.update(kw)
    return CandidateInput(**base)


@pytest.fixture
def two_communes(db):
    """A recognised candidate with a proposed award in each commune (made with login off)."""
    ids = {}
    with db.transaction() as s:
        for unit, ten in ((IA_KHA, "Blơi"), (IA_SAO, "Ngơr")):
            cid = save_candidate(s, person(unit, ten), on=date(2025, 1, 5)).candidate_id
            for target in (Status.REGISTERED, Status.NURTURING, Status.EVALUATING,
                           Status.RECOGNISED):
                change_status(s, cid, target, on=date(2025, 6, 1))
            ids[unit] = (cid, propose_award(s, year=2025, candidate_id=cid))
    return ids


def _denied(db, actor, work):
    with pytest.raises(AccessDenied) as info, db.transaction() as s:
        act_as(s, actor)
        work(s)
    return info.value.message()


def test_a_commune_account_neither_reads_nor_changes_another_communes_records(db, two_communes):
    other_cid, other_award = two_communes[IA_SAO]
    own_cid, _own_award = two_communes[IA_KHA]
    with db.session() as s:
        act_as(s, STAFF_KHA)
        names = [r.name for r in find_candidates(s, CandidateFilter())]
        assert names == ["Ksor Blơi"]
        assert [a.recipient_name for a in list_awards(s)] == ["Ksor Blơi"]
        assert candidate_detail(s, own_cid).name == "Ksor Blơi"
    message = _denied(db, STAFF_KHA, lambda s: candidate_detail(s, other_cid))
    assert "cb.iakha" in message and IA_SAO in message
    _denied(db, STAFF_KHA, lambda s: save_candidate(s, person(IA_SAO, "Mới")))
    edit = person(IA_KHA, "Đổi", id=other_cid)  # moving another commune's record into ours
    _denied(db, STAFF_KHA, lambda s: save_candidate(s, edit))
    _denied(db, STAFF_KHA, lambda s: change_status(s, other_cid, Status.REPLICATING,
                                                   on=date(2025, 7, 1)))
    checklist = None
    with db.session() as s:
        checklist = checklist_for(s, other_cid, on=date(2025, 7, 1))
    _denied(db, STAFF_KHA, lambda s: save_assessment(s, checklist, on=date(2025, 7, 1)))
    _denied(db, STAFF_KHA, lambda s: propose_award(s, year=2025, candidate_id=other_cid))
    _denied(db, STAFF_KHA, lambda s: checklist_for(s, other_cid, on=date(2025, 7, 1)))
    _denied(db, STAFF_KHA, lambda s: add_evidence(s, other_cid, file_name="bien-ban.pdf",
                                                  content=b"%PDF-1.4 bien ban"))
    _denied(db, STAFF_KHA, lambda s: save_activity(s, ActivityInput(
        kind=ActivityKind.PRESS, title="Bài báo", held_on=date(2025, 7, 1), unit_code=IA_SAO,
        candidate_ids=[other_cid])))
    with db.session() as s:  # nothing changed
        c = s.get(Candidate, other_cid)
        assert (c.display_name, c.status) == ("Ksor Ngơr", Status.RECOGNISED)
        assert s.query(Award).count() == 2
        refused = s.scalars(select(AuditEntry).where(AuditEntry.action == "denied")).all()
    assert len(refused) == 9 and all(e.user_name == "cb.iakha" for e in refused)
    # The district account above both communes sees both.
    with db.session() as s:
        act_as(s, DISTRICT)
        assert len(find_candidates(s, CandidateFilter())) == 2


def test_decisions_are_reserved_to_the_leader(db, two_communes):
    _cid, award = two_communes[IA_KHA]
    data = DecisionInput(number="12/QĐ-UBND", signed_on=date(2025, 12, 1),
                         authority_name="Ủy ban nhân dân xã Ia Kha", signer_title="Chủ tịch",
                         signer_name="Nguyễn Văn Hùng")
    message = _denied(db, STAFF_KHA, lambda s: issue_decision(s, data, [award]))
    assert "lãnh đạo xã" in message
    # The leader of another commune may not decide for Ia Kha either.
    _denied(db, Actor("ct.iasao", Role.COMMUNE_LEADER, IA_SAO),
            lambda s: issue_decision(s, data, [award]))
    with db.transaction() as s:
        act_as(s, LEADER_KHA)
        issue_decision(s, data, [award])
    with db.session() as s:
        assert s.get(Award, award).register_number == 1


def _admin(db, name="quantri", password="mat-khau-1"):
    with db.transaction() as s:
        accounts.make_administrator(s, name, password, "64")


def test_login_wrong_password_lock_disabled_and_weak_password(db):
    _admin(db)
    actor = accounts.authenticate(db, "QuanTri ", "mat-khau-1")
    assert (actor.username, actor.role) == ("quantri", Role.ADMIN)
    with db.transaction() as s:
        act_as(s, actor)
        accounts.add_user(s, "cb.iakha", "12345678", role=Role.COMMUNE_STAFF, unit_code=IA_KHA)
        with pytest.raises(InputError, match="ít nhất 8"):
            accounts.add_user(s, "cb.ngan", "1234567", role=Role.COMMUNE_STAFF,
                              unit_code=IA_KHA)
    for _attempt in range(4):
        with pytest.raises(accounts.LoginError, match="Sai tên tài khoản hoặc mật khẩu"):
            accounts.authenticate(db, "cb.iakha", "sai-mat-khau")
    with pytest.raises(accounts.LoginError, match="bị khóa"):
        accounts.authenticate(db, "cb.iakha", "sai-mat-khau")
    with pytest.raises(accounts.LoginError, match="bị khóa"):  # even the right password
        accounts.authenticate(db, "cb.iakha", "12345678")
    later = utcnow() + timedelta(minutes=16)
    assert accounts.authenticate(db, "cb.iakha", "12345678", now=later).unit_code == IA_KHA
    with db.transaction() as s:
        act_as(s, actor)
        accounts.set_disabled(s, "cb.iakha")
    with pytest.raises(accounts.LoginError, match="bị vô hiệu"):
        accounts.authenticate(db, "cb.iakha", "12345678")
    with db.session() as s:
        stored = s.scalar(select(User.password_hash).where(User.username == "cb.iakha"))
        kinds = [e.action for e in s.scalars(select(AuditEntry).where(
            AuditEntry.action.in_(["login", "login_failed"])).order_by(AuditEntry.id))]
        weak = s.scalars(select(AuditEntry.detail).where(AuditEntry.action == "denied")).all()
    assert len(weak) == 1 and "ít nhất 8" in json.loads(weak[0])["message"]
    assert stored.startswith("scrypt$") and "12345678" not in stored
    assert kinds == ["login"] + ["login_failed"] * 6 + ["login"] + ["login_failed"]


def test_only_an_administrator_manages_accounts_and_login(db):
    _admin(db)
    with db.transaction() as s:
        accounts.add_user(s, "cb.iakha", "12345678", role=Role.COMMUNE_STAFF, unit_code=IA_KHA)
    staff = accounts.authenticate(db, "cb.iakha", "12345678")
    _denied(db, staff, lambda s: accounts.add_user(s, "x.y", "12345678",
                                                   role=Role.ADMIN, unit_code=None))
    _denied(db, staff, lambda s: accounts.set_login_required(s, False))
    with db.transaction() as s:  # a user changes their own password
        act_as(s, staff)
        accounts.change_own_password(s, "cb.iakha", "12345678", "mat-khau-moi")
    assert accounts.authenticate(db, "cb.iakha", "mat-khau-moi").username == "cb.iakha"


def test_every_change_is_recorded_with_the_changed_fields_only(db):
    with db.transaction() as s:
        act_as(s, STAFF_KHA)
        cid = save_candidate(s, person(IA_KHA), on=date(2025, 1, 5)).candidate_id
    with db.transaction() as s:
        act_as(s, STAFF_KHA)
        save_candidate(s, person(IA_KHA, summary="Dạy chữ Jrai cho trẻ em", id=cid))
        change_status(s, cid, Status.REGISTERED, on=date(2025, 2, 1))
    with db.session() as s:
        lines = audit.list_entries(s, audit.AuditFilter(record_id=cid))
    mine = [line for line in lines if line.table_name == "candidates"]
    assert [line.action for line in mine] == ["status", "update", "create"]
    assert mine[1].changes == {"summary": ["Giữ gìn văn hóa", "Dạy chữ Jrai cho trẻ em"]}
    assert mine[0].changes["status"] == [Status.DISCOVERED, Status.REGISTERED]
    assert all(line.user_name == "cb.iakha" and line.unit_code == IA_KHA for line in mine)
    # The status changes refer to the candidate and are found from its page too.
    assert {line.table_name for line in lines} == {"candidates", "status_changes"}
    # A rolled-back change leaves no entry.
    with pytest.raises(InputError), db.transaction() as s:
        save_candidate(s, person(IA_KHA, summary="không lưu", id=cid))
        raise InputError("stop")
    with db.session() as s:
        assert len(audit.list_entries(s, audit.AuditFilter(record_id=cid))) == len(lines)
        assert audit.verify(s).whole


def _tamper(path, *sql):
    con = sqlite3.connect(path)
    for statement in sql:
        con.execute(statement)
    con.commit()
    con.close()


@pytest.fixture
def trail(db, db_path):
    with db.transaction() as s:
        for ten in ("Blơi", "Ngơr", "Hùng"):
            save_candidate(s, person(IA_KHA, ten))
    with db.session() as s:
        check = audit.verify(s)
    assert check.whole and check.entries >= 6
    ids = [r[0] for r in sqlite3.connect(db_path).execute(
        "SELECT id FROM audit_log ORDER BY id DESC LIMIT 6")]
    db.close()
    return db_path, sorted(ids)


@pytest.mark.parametrize("how", ["edit", "delete", "reorder", "delete-newest", "swap-ids"])
def test_editing_deleting_or_reordering_entries_is_found(trail, capsys, how):
    path, ids = trail
    a, b = ids[2], ids[3]
    sql = {
        "edit": [f"UPDATE audit_log SET user_name = 'ai-do' WHERE id = {a}"],
        "delete": [f"DELETE FROM audit_log WHERE id = {a}"],
        "reorder": [  # swap the contents of two entries, hashes and all
            f"UPDATE audit_log SET id = -1 WHERE id = {a}",
            f"UPDATE audit_log SET id = {a} WHERE id = {b}",
            f"UPDATE audit_log SET id = {b} WHERE id = -1"],
        "delete-newest": [f"DELETE FROM audit_log WHERE id = {ids[-1]}"],
        "swap-ids": [  # move an entry's contents keeping the stored hashes of the rows
            f"UPDATE audit_log SET detail = (SELECT detail FROM audit_log WHERE id = {b}) "
            f"WHERE id = {a}"],
    }[how]
    _tamper(path, *sql)
    code = main(["--db", str(path), "audit", "verify", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 3 and out["whole"] is False
    # A deleted entry is found at the one after it, which no longer follows its neighbour.
    expected = {"delete-newest": ids[-1], "delete": b}.get(how, a)
    assert out["broken_at"] == expected
    main(["--db", str(path), "audit", "verify"])
    assert f"từ mục {expected}" in capsys.readouterr().err
    from app.models.database import open_database
    from app.services.health import startup_problems

    db = open_database(path)
    try:
        assert any("nhật ký" in p.lower() for p in startup_problems(db))
    finally:
        db.close()


def test_audit_verify_and_list_on_a_whole_trail(trail, capsys):
    path, _ids = trail
    assert main(["--db", str(path), "audit", "verify"]) == 0
    assert "nguyên vẹn" in capsys.readouterr().out
    assert main(["--db", str(path), "audit", "list", "--json", "--limit", "3"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["table"] for r in rows] == ["status_changes", "candidates", "status_changes"]
    assert rows[1]["changes"]["display_name"] == [None, "Ksor Hùng"]


def test_cli_accounts_login_and_scope(tmp_path, capsys, monkeypatch):
    db = str(tmp_path / "x.sqlite")
    monkeypatch.setenv("DHTT_NEW_PASSWORD", "mat-khau-1")
    assert main(["--db", db, "init", "--unit", "64", "--admin", "quantri"]) == 0
    capsys.readouterr()
    assert main(["--db", db, "users", "list"]) == 3  # login is on now
    assert "--user" in capsys.readouterr().err
    monkeypatch.setenv("DHTT_PASSWORD", "sai")
    assert main(["--db", db, "--user", "quantri", "users", "list"]) == 3
    assert "Sai tên tài khoản hoặc mật khẩu" in capsys.readouterr().err
    monkeypatch.setenv("DHTT_PASSWORD", "mat-khau-1")
    monkeypatch.setenv("DHTT_NEW_PASSWORD", "12345678")
    assert main(["--db", db, "--user", "quantri", "users", "add", "cb.iakha", "--role",
                 "commune_staff", "--unit", IA_KHA]) == 0
    monkeypatch.setenv("DHTT_NEW_PASSWORD", "123")
    assert main(["--db", db, "--user", "quantri", "users", "add", "cb.x", "--role",
                 "commune_staff", "--unit", IA_KHA]) == 3
    assert "ít nhất 8" in capsys.readouterr().err
    capsys.readouterr()
    assert main(["--db", db, "--user", "quantri", "users", "list", "--json"]) == 0
    users = {u["username"]: u for u in json.loads(capsys.readouterr().out)}
    assert users["cb.iakha"]["unit_code"] == IA_KHA and users["quantri"]["role"] == "admin"
    monkeypatch.setenv("DHTT_PASSWORD", "12345678")
    assert main(["--db", db, "--user", "cb.iakha", "users", "disable", "quantri"]) == 3
    assert "quản trị" in capsys.readouterr().err
    assert main(["--db", db, "--user", "cb.iakha", "list", "candidates", "--json"]) == 0
    monkeypatch.setenv("DHTT_PASSWORD", "mat-khau-1")
    assert main(["--db", db, "--user", "quantri", "users", "disable", "cb.iakha"]) == 0
    monkeypatch.setenv("DHTT_PASSWORD", "12345678")
    assert main(["--db", db, "--user", "cb.iakha", "list", "candidates"]) == 3
    assert "vô hiệu" in capsys.readouterr().err
    monkeypatch.setenv("DHTT_PASSWORD", "mat-khau-1")
    assert main(["--db", db, "--user", "quantri", "audit", "verify"]) == 0


def test_init_without_admin_keeps_login_off(tmp_path, capsys):
    db = str(tmp_path / "x.sqlite")
    assert main(["--db", db, "init", "--unit", "64"]) == 0
    assert main(["--db", db, "users", "list", "--json"]) == 0
    capsys.readouterr()
    from app.models.database import open_database

    database = open_database(db)
    try:
        with database.session() as s:
            assert not accounts.login_required(s)
            assert s.get(Setting, audit.HEAD_KEY) is not None
        bind_actor(database, STAFF_KHA)
        with database.session() as s:  # every later session acts as the bound account
            assert s.info["dhtt_actor"] == STAFF_KHA
    finally:
        database.close()


def test_entries_a_service_writes_itself_join_the_chain_after_the_change(db, two_communes):
    from app.services.awards import withdraw_proposal

    _cid, award = two_communes[IA_KHA]
    with db.transaction() as s:
        act_as(s, STAFF_KHA)
        withdraw_proposal(s, award)
    with db.session() as s:
        lines = audit.list_entries(s, audit.AuditFilter(record_id=award), limit=3)
        assert audit.verify(s).whole
    assert [line.action for line in lines[:2]] == ["award_withdrawn", "delete"]
    assert lines[0].user_name == "cb.iakha" and lines[0].unit_code == IA_KHA
