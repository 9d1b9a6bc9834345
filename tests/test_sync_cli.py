"""The sync commands as offices script them: keys, export, import, status, conflicts."""

from __future__ import annotations

import json
import shutil

from app.cli import main
from tests.sync_helpers import COMMUNE, PROVINCE, add_person, fingerprint, make_office


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_keys_packages_status_and_conflicts_from_the_command_line(template_db, tmp_path, capsys):
    xa, tinh = tmp_path / "xa.sqlite", tmp_path / "tinh.sqlite"
    for path, unit in ((xa, COMMUNE), (tinh, PROVINCE)):
        make_office(template_db, path, unit).close()
    code, out, _ = run(capsys, "--db", xa, "keys", "show", "--json")
    shown = json.loads(out)
    assert code == 0 and shown["unit_code"] == COMMUNE and len(shown["fingerprint"]) == 19
    assert run(capsys, "--db", xa, "keys", "export", tmp_path / "xa.key")[0] == 0
    assert run(capsys, "--db", tinh, "keys", "export", tmp_path / "tinh.key")[0] == 0
    # Exporting before the province's key is enrolled: refused in Vietnamese, nothing written.
    code, _out, err = run(capsys, "--db", xa, "export-package", "--out", tmp_path)
    assert code == 3 and "Traceback" not in err and "52" in err
    assert not list(tmp_path.glob("*.dhtt"))
    code, out, _ = run(capsys, "--db", tinh, "keys", "enroll", tmp_path / "xa.key",
                       "--unit", COMMUNE)
    assert code == 0 and shown["fingerprint"] in out
    assert run(capsys, "--db", xa, "keys", "enroll", tmp_path / "tinh.key")[0] == 0
    # The wrong unit for a key file is refused.
    code, _out, err = run(capsys, "--db", tinh, "keys", "enroll", tmp_path / "xa.key",
                          "--unit", "21583")
    assert code == 3 and "21553" in err

    from app.models.database import open_database

    db = open_database(xa)
    add_person(db, "Lan")
    db.close()
    code, out, _ = run(capsys, "--db", xa, "export-package", "--out", tmp_path, "--json")
    exported = json.loads(out)
    assert code == 0 and exported["sequence"] == 1 and exported["recipient"] == PROVINCE
    package = exported["file"]

    before = fingerprint(tinh)
    code, out, _ = run(capsys, "--db", tinh, "import-package", package, "--dry-run", "--json")
    dry = json.loads(out)
    assert code == 0 and dry["applied"] == {"candidates": 1, "status_changes": 1}
    assert fingerprint(tinh) == before
    code, out, _ = run(capsys, "--db", tinh, "import-package", package, "--json")
    done = json.loads(out)
    assert set(done) >= {"package_id", "sender", "sequence", "applied", "conflicts", "held",
                         "already_imported"}
    assert (done["sender"], done["sequence"], done["held"], done["already_imported"],
            done["conflicts"]) == (COMMUNE, 1, False, False, 0)
    code, out, _ = run(capsys, "--db", tinh, "import-package", package, "--json")
    assert json.loads(out)["already_imported"] is True

    # A cut copy is refused with exit code 3 and a message, nothing changed.
    cut = tmp_path / "cut.dhtt"
    shutil.copyfile(package, cut)
    cut.write_bytes(cut.read_bytes()[:-40])
    before = fingerprint(tinh)
    code, _out, err = run(capsys, "--db", tinh, "import-package", cut)
    assert code == 3 and err.startswith("dhtt: ") and "Traceback" not in err
    assert fingerprint(tinh) == before

    code, out, _ = run(capsys, "--db", tinh, "sync", "status", "--json")
    status = json.loads(out)
    assert code == 0 and status["unit"] == PROVINCE
    assert [o["unit_code"] for o in status["offices"]] == [COMMUNE]
    assert status["history"][0]["direction"] == "in"
    code, out, _ = run(capsys, "--db", tinh, "conflicts", "list", "--json")
    assert code == 0 and json.loads(out) == []
