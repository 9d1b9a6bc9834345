"""Derive resources/units/gia_lai.csv from the PyPI package `vietnamadminunits` (MIT).

Run once by a developer (the package pulls shapely and numpy, so the program does not ship
it):  pip install vietnamadminunits && python tools/derive_units.py
Old structure (before 1/7/2025): province 64, 17 district-level units, 218 communes.
New structure (from 1/7/2025): province 52 (Gia Lai + Bình Định), 135 communes and wards.
Each old commune gets ``successor_code``: the new unit that took it (the package's
default when it was split).
"""

import csv
import json
import sqlite3
from pathlib import Path

import vietnamadminunits

DATA = Path(vietnamadminunits.__file__).parent / "data"
OUT = Path(__file__).resolve().parent.parent / "resources" / "units" / "gia_lai.csv"

con = sqlite3.connect(DATA / "dataset.db")
conv = json.loads((DATA / "converter_2025.json").read_text())
rows = []
old = con.execute(
    "SELECT district, districtShort, districtType, districtCode, ward, wardShort, wardType, "
    "wardCode, provinceKey, districtKey, wardKey FROM admin_units_legacy "
    "WHERE provinceCode='64' ORDER BY districtCode, wardCode"
).fetchall()
new = con.execute(
    "SELECT wardShort, wardType, wardCode, wardKey FROM admin_units "
    "WHERE provinceCode='52' ORDER BY wardCode"
).fetchall()
new_by_key = {r[3]: r[2] for r in new}
no_div = conv["DICT_PROVINCE_WARD_NO_DIVIDED"]["tinhgialai"]
div = conv["DICT_PROVINCE_WARD_DIVIDED"].get("tinhgialai", {})
old_to_new = {}
for new_key, olds in no_div.items():
    for k in olds:
        old_to_new[k] = new_by_key[new_key]
for k, options in div.items():
    default = next((o["newWardKey"] for o in options if o["isDefaultNewWard"]), options[0]["newWardKey"])
    old_to_new.setdefault(k, new_by_key[default])

rows.append(["64", "Gia Lai", "Tỉnh", "province", "", "", "2025-06-30", "52"])
seen_d = set()
for (_dname, dshort, dtype, dcode, _wname, wshort, wtype, wcode, pk, dk, wk) in old:
    if dcode not in seen_d:
        seen_d.add(dcode)
        rows.append([dcode, dshort, dtype, "district", "64", "", "2025-06-30", ""])
    rows.append([wcode, wshort, wtype, "commune", dcode, "", "2025-06-30",
                 old_to_new.get(f"{pk}_{dk}_{wk}", "")])
rows.append(["52", "Gia Lai", "Tỉnh", "province", "", "2025-07-01", "", ""])
for (wshort, wtype, wcode, _wkey) in new:
    rows.append([wcode, wshort, wtype, "commune", "52", "2025-07-01", "", ""])

OUT.parent.mkdir(parents=True, exist_ok=True)
with OUT.open("w", newline="", encoding="utf-8") as fh:
    w = csv.writer(fh)
    w.writerow(["code", "name", "unit_type", "level", "parent_code", "valid_from", "valid_to",
                "successor_code"])
    w.writerows(rows)
print(len(rows), "units;", sum(1 for r in rows if r[3] == "commune" and r[7]), "with successor")
