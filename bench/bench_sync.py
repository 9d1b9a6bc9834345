"""Sync packages: export and import of 10,000 changed rows, and a province merging a year of
packages from 135 communes (about 100,000 rows), with the time per package as the province
database grows.

Each figure is paired and interleaved with a baseline in the same run, in-process against
in-process: the baseline reads (or writes) the same rows with plain sqlite3 and JSON, with no
versions, signature, encryption or checks, i.e. the floor of moving those rows at all.

    python bench/bench_sync.py [--pairs N] [--communes N] [--no-write]

The merge is measured twice: one file at a time (as packages arrive over the year; each
import makes its own backup copy of the province file first, which is most of the time
per package once the file is large) and the same files imported together (one copy).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, machine  # noqa: E402

ROWS_PER_COMMUNE = 370  # candidates; with their first status change: 740 rows each


def _template(folder: Path) -> Path:
    from app.models.database import open_database
    from app.services.reference import initialise

    path = folder / "template.sqlite"
    db = open_database(path)
    with db.transaction() as s:
        initialise(s, "52")
    with db.engine.connect() as c:
        c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


def _office(template: Path, path: Path, unit: str):
    from app.models.database import open_database
    from app.services.reference import set_office_unit
    from app.services.sync import keys

    shutil.copyfile(template, path)
    db = open_database(path)
    with db.transaction() as s:
        set_office_unit(s, unit)
        keys.ensure_identity(s)
    return db


def _enrol(sender, recipient, folder: Path) -> None:
    from app.services.sync import keys

    key = folder / "k.json"
    with sender.transaction() as s:
        keys.export_public_key(s, key)
    with recipient.transaction() as s:
        keys.enroll(s, keys.read_key_file(key), reason="bench")


def _add(db, unit: str, n: int, offset: int = 0) -> None:
    from app.services.register import CandidateInput, save_candidate

    with db.transaction() as s:
        for i in range(n):
            save_candidate(s, CandidateInput(kind="individual", unit_code=unit, ho="Rơ Châm",
                                             ten_dem="H'", ten=f"Lan {offset + i}",
                                             birth_year=1970 + i % 40, ethnicity="Gia Rai",
                                             summary="Trồng cà phê, nuôi bò sinh sản. " * 4),
                           allow_duplicate=True, flush=False)


def _baseline_export(path: Path, out: Path) -> None:
    con = sqlite3.connect(path)
    con.row_factory = sqlite3.Row
    with open(out, "w", encoding="utf-8") as fh:
        for table in ("candidates", "status_changes"):
            for row in con.execute(f"SELECT * FROM {table} WHERE change_seq > 0 AND "
                                   "version_site != ''"):
                fh.write(json.dumps(dict(row), ensure_ascii=False, default=str) + "\n")
    con.close()


def _baseline_rows(path: Path, unit: str, out: Path) -> None:
    con = sqlite3.connect(path)
    con.row_factory = sqlite3.Row
    with open(out, "w", encoding="utf-8") as fh:
        for table, column in (("candidates", "unit_code"), ("status_changes", "owner_unit_code")):
            for row in con.execute(f"SELECT * FROM {table} WHERE {column} = ?", (unit,)):
                fh.write(json.dumps(dict(row), ensure_ascii=False, default=str) + "\n")
    con.close()


def _baseline_import(path: Path, rows_file: Path) -> None:
    con = sqlite3.connect(path)
    rows = [json.loads(line) for line in rows_file.read_text(encoding="utf-8").splitlines()]
    con.execute("BEGIN")
    for row in rows:
        table = "status_changes" if "to_status" in row else "candidates"
        cols = ",".join(row)
        con.execute(f"INSERT OR REPLACE INTO {table} ({cols}) VALUES "
                    f"({','.join('?' * len(row))})", list(row.values()))
    con.commit()
    con.close()


def stats(samples: list[float]) -> str:
    return (f"median **{statistics.median(samples):.2f} s** ({min(samples):.2f}–"
            f"{max(samples):.2f})")


def main() -> None:
    from app.services.sync import export, importer

    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--communes", type=int, default=135)
    parser.add_argument("--no-write", action="store_true", help="print, do not record")
    args = parser.parse_args()
    import os

    load_start = os.getloadavg()[0]
    work = Path(tempfile.mkdtemp(prefix="dhtt-bench-sync-"))
    template = _template(work)
    commune = _office(template, work / "xa.sqlite", "21553")
    province_clean = _office(template, work / "tinh.sqlite", "52")
    _enrol(commune, province_clean, work)
    _enrol(province_clean, commune, work)
    _add(commune, "21553", 5000)  # 5,000 candidates + 5,000 status changes = 10,000 rows
    province_clean.close()

    exp, exp_base, imp, imp_base = [], [], [], []
    rows = 0
    size = 0
    for i in range(args.pairs):
        with commune.transaction() as s:  # each pair exports the same first package again
            s.connection().exec_driver_sql("DELETE FROM sync_packages")
        t = time.perf_counter()
        with commune.transaction() as s:
            result = export.export_package(s, work / f"p{i}.dhtt", full=False)
        exp.append(time.perf_counter() - t)
        rows, size = result.total, result.path.stat().st_size
        t = time.perf_counter()
        _baseline_export(commune.path, work / "base.jsonl")
        exp_base.append(time.perf_counter() - t)

        target = work / f"tinh{i}.sqlite"
        shutil.copyfile(work / "tinh.sqlite", target)
        from app.models.database import open_database

        db = open_database(target)
        t = time.perf_counter()
        done = importer.import_file(db, result.path)
        imp.append(time.perf_counter() - t)
        db.close()
        assert not done.held and sum(done.applied.values()) == rows, done.applied
        base_target = work / f"base{i}.sqlite"
        shutil.copyfile(work / "tinh.sqlite", base_target)
        t = time.perf_counter()
        _baseline_import(base_target, work / "base.jsonl")
        imp_base.append(time.perf_counter() - t)
        for p in (target, base_target):
            p.unlink()
    commune.close()

    # --- a province merging a year of packages from 135 communes --------------------------
    from sqlalchemy import select

    from app.models import AdminUnit

    gen = _office(template, work / "gen.sqlite", "21553")
    with gen.session() as s:
        communes = list(s.scalars(select(AdminUnit.code).where(
            AdminUnit.level == "commune", AdminUnit.parent_code == "52",
            AdminUnit.valid_from >= date(2025, 7, 1)).order_by(AdminUnit.code)))[:args.communes]
    province = _office(template, work / "merge.sqlite", "52")
    packages = []
    t0 = time.perf_counter()
    for n, code in enumerate(communes):
        with gen.transaction() as s:
            from app.services.reference import set_office_unit

            set_office_unit(s, code)
            s.connection().exec_driver_sql(
                "UPDATE sync_installation SET sign_private = NULL, site_id = ''")
        with gen.transaction() as s:
            from app.services.sync import keys

            keys.ensure_identity(s)
        _enrol(gen, province, work)
        _enrol(province, gen, work)
        _add(gen, code, ROWS_PER_COMMUNE, offset=n * 1000)
        with gen.transaction() as s:
            packages.append(export.export_package(s, work / f"c{code}.dhtt").path)
            s.connection().exec_driver_sql("UPDATE sync_packages SET acknowledged = 1")
        _baseline_rows(gen.path, code, work / f"c{code}.jsonl")
    print(f"generated {len(packages)} commune packages in {time.perf_counter() - t0:.0f} s")
    gen.close()
    province.close()
    merge_clean = work / "merge-clean.sqlite"
    shutil.copyfile(work / "merge.sqlite", merge_clean)

    merge, merge_batch, merge_base, per_package, per_backup = [], [], [], [], []
    merged_rows = 0
    from app.models.database import open_database
    from app.services import backup

    real_backup = backup.make_backup
    backup_times: list[float] = []

    def timed_backup(*a, **k):  # noqa: ANN002, ANN003, ANN202
        t1 = time.perf_counter()
        try:
            return real_backup(*a, **k)
        finally:
            backup_times.append(time.perf_counter() - t1)

    backup.make_backup = timed_backup  # the importer looks it up at each call
    real_begin = backup.begin_backup

    def timed_begin(*a, **k):  # noqa: ANN002, ANN003, ANN202
        # One package at a time: the import waits until the copy's bytes are written (the
        # copy's check then runs beside the import): that wait is the copy's cost.
        t1 = time.perf_counter()
        pending = real_begin(*a, **k)
        wait = pending.wait_copied

        def timed_wait() -> None:
            try:
                wait()
            finally:
                backup_times.append(time.perf_counter() - t1)

        pending.wait_copied = timed_wait  # type: ignore[method-assign]
        return pending

    backup.begin_backup = timed_begin
    for i in range(args.pairs):
        # One file at a time, as packages arrive over the year: each import makes its own
        # backup copy of the (growing) province file first.
        target = work / f"merge{i}.sqlite"
        shutil.copyfile(merge_clean, target)
        db = open_database(target)
        times = []
        backup_times.clear()
        t = time.perf_counter()
        merged_rows = 0
        for p in packages:
            t1 = time.perf_counter()
            r = importer.import_file(db, p)
            times.append(time.perf_counter() - t1)
            merged_rows += sum(r.applied.values())
        merge.append(time.perf_counter() - t)
        per_package, per_backup = times, list(backup_times)
        db.close()
        shutil.rmtree(target.parent / backup.FOLDER_NAME, ignore_errors=True)
        target.unlink()
        # The same packages chosen together (a USB stick of the year): one copy first.
        target = work / f"mergebatch{i}.sqlite"
        shutil.copyfile(merge_clean, target)
        db = open_database(target)
        t = time.perf_counter()
        items = importer.import_files(db, packages)
        merge_batch.append(time.perf_counter() - t)
        assert not any(item.error for item in items)
        assert sum(sum(item.result.applied.values()) for item in items
                   if item.result) == merged_rows
        db.close()
        shutil.rmtree(target.parent / backup.FOLDER_NAME, ignore_errors=True)
        target.unlink()
        base = work / f"mergebase{i}.sqlite"
        shutil.copyfile(merge_clean, base)
        t = time.perf_counter()
        for p in packages:
            _baseline_import(base, p.with_suffix(".jsonl"))
        merge_base.append(time.perf_counter() - t)
        base.unlink()

    backup.make_backup = real_backup
    backup.begin_backup = real_begin

    def at(k: int) -> str:
        window = per_package[max(0, k - 5):k + 5]
        copies = per_backup[max(0, k - 5):k + 5]
        if not copies:
            return f"{statistics.median(window) * 1000:.0f} ms"
        return (f"{statistics.median(window) * 1000:.0f} ms (of which waiting for the backup "
                f"copy {statistics.median(copies) * 1000:.0f} ms)")

    ratio_exp = statistics.median(exp) / statistics.median(exp_base)
    ratio_imp = statistics.median(imp) / statistics.median(imp_base)
    lines = [
        f"{date.today():%d/%m/%Y}, {machine()}; {args.pairs} interleaved pairs each; load "
        f"average {load_start:.1f} at the start and {os.getloadavg()[0]:.1f} at the end, "
        f"on {os.cpu_count()} cores.",
        "",
        "| what | floor | measured | baseline (plain sqlite3 + JSON) | ratio |",
        "|---|---|---|---|---|",
        f"| export of {rows:,} changed rows (one signed, encrypted package, "
        f"{size / 1e6:.1f} MB) | < 2 s | {stats(exp)} | {stats(exp_base)} | {ratio_exp:.1f}× |",
        f"| import of the same package into the province (every check, one transaction) "
        f"| < 3 s | {stats(imp)} | {stats(imp_base)} | {ratio_imp:.1f}× |",
        f"| province merging {len(packages)} commune packages, {merged_rows:,} rows in all, "
        f"one file at a time (each import first makes its own backup copy of the province "
        f"file) | < 60 s | {stats(merge)} | {stats(merge_base)} | "
        f"{statistics.median(merge) / statistics.median(merge_base):.1f}× |",
        f"| the same {len(packages)} packages imported together (`import-package FILE...`, "
        f"one backup copy first, each package its own transaction) | < 60 s | "
        f"{stats(merge_batch)} | {stats(merge_base)} | "
        f"{statistics.median(merge_batch) / statistics.median(merge_base):.1f}× |",
        "",
        "Time per package as the province database grows, one file at a time (median of ten "
        "packages around each point, last run): " + ", ".join(
            f"package {k + 1}: {at(k)}" for k in sorted({0, len(per_package) // 4,
                                                          len(per_package) // 2,
                                                          3 * len(per_package) // 4,
                                                          len(per_package) - 1})) + ".",
    ]
    if not args.no_write:
        write_section("\n".join(lines))
    print("\n".join(lines))
    shutil.rmtree(work, ignore_errors=True)


def write_section(body: str) -> None:
    path = ROOT / "docs" / "benchmarks.md"
    text = path.read_text(encoding="utf-8")
    start, end = "<!-- bench:sync -->", "<!-- /bench:sync -->"
    block = f"{start}\n{body}\n{end}"
    if start in text and end in text:
        text = text[:text.index(start)] + block + text[text.index(end) + len(end):]
    else:
        text = text.rstrip() + "\n\n## Sync packages (issue 12)\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
