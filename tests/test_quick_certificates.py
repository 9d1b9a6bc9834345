"""`dhtt print certificates` reads an ordinary file with sqlite3 alone: the same
certificates, word for word, as the ORM path; the ORM path whenever something is not
ordinary (login on, a missing award, a repeated decision number), with its own messages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from app.models import Award, AwardForm, Decision, UnitLevel
from app.reports import certificate_items
from app.reports.printing import certificates
from app.reports.quick_certificates import certificate_items as quick
from app.services.demo import DemoSize, generate
from app.unit_lines import PROVINCE

ROOT = Path(__file__).resolve().parent.parent


def test_the_quick_path_prints_what_the_orm_path_prints(db, db_path):
    generate(db, DemoSize(None, 8, 1, 600), seed=3)
    with db.session() as s:
        ids = list(s.scalars(select(Award.id).where(Award.decision_id.is_not(None))))
        numbers = list(s.execute(select(Decision.number, Decision.signed_on)))
        assert len(ids) > 20 and numbers
        orm = certificates(s, award_ids=ids)
        by_decision = {(n, d.year): certificates(s, decision_number=n, decision_year=d.year)
                       for n, d in numbers}
    fast = quick(db_path, award_ids=ids)
    assert fast == orm
    # the demo generator's bulk rows carry their short code too (Excel export, issue 7)
    import sqlite3

    from app.short_code import short_code_of

    con = sqlite3.connect(db_path)
    rows = con.execute("SELECT id, short_code FROM candidates").fetchall()
    con.close()
    assert rows and all(code == short_code_of(cid) for cid, code in rows)
    # the unit line as the structure stood on the decision date, the place, the signer
    assert all(item.recipient_unit and item.place and item.signer_title for item in fast)
    for (number, year), items in by_decision.items():
        assert quick(db_path, decision_number=number, decision_year=year) == items


def test_anything_unusual_goes_to_the_orm_path(db, db_path):
    generate(db, DemoSize(None, 8, 1, 600), seed=3)
    with db.session() as s:
        ids = list(s.scalars(select(Award.id).where(Award.decision_id.is_not(None)).limit(3)))
        undecided = s.scalar(select(Award.id).where(Award.decision_id.is_(None)))
    assert quick(db_path, award_ids=ids) is not None
    assert quick(db_path, award_ids=[*ids, "no-such-award"]) is None
    assert quick(db_path, award_ids=[*ids, undecided]) is None
    assert quick(db_path, decision_number="999/QĐ-KHÔNG-CÓ") is None
    assert quick(db_path.with_name("missing.sqlite"), award_ids=ids) is None
    import sqlite3

    con = sqlite3.connect(db_path)
    con.execute("INSERT INTO settings (key, value) VALUES ('login_required', '1') "
                "ON CONFLICT(key) DO UPDATE SET value = '1'")
    con.commit()
    con.close()
    assert quick(db_path, award_ids=ids) is None


def test_the_command_loads_no_sqlalchemy_on_an_ordinary_file(db, db_path, tmp_path):
    generate(db, DemoSize(None, 8, 1, 600), seed=3)
    with db.session() as s:
        ids = list(s.scalars(select(Award.id).where(Award.decision_id.is_not(None)).limit(5)))
    out = tmp_path / "gk.pdf"
    code = ("import sys\nfrom app.cli import main\n"
            f"rc = main(['--db', {str(db_path)!r}, 'print', 'certificates', '--out', "
            f"{str(out)!r}, '--award', *{ids!r}])\n"
            "print('LOADED:' + ','.join(m for m in ('sqlalchemy', 'app.models', 'docx')"
            " if m in sys.modules), rc)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "LOADED: 0" in done.stdout and out.stat().st_size > 0


def test_the_quick_paths_constants_are_the_models(db):
    assert PROVINCE == UnitLevel.PROVINCE
    assert (certificate_items.GIAY_KHEN, certificate_items.BANG_KHEN,
            certificate_items.VILLAGE_TITLE, certificate_items.FAMILY_TITLE) == (
        AwardForm.GIAY_KHEN, AwardForm.BANG_KHEN, AwardForm.VILLAGE_TITLE,
        AwardForm.FAMILY_TITLE)
