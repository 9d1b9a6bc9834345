"""Append translations to a catalog: ``python tools/po_append.py CATALOG.po < pairs.json``.

The JSON object maps English msgids to Vietnamese msgstrs; ids already present are skipped.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po


def main(path: str) -> None:
    catalog_path = Path(path)
    with catalog_path.open("rb") as fh:
        existing = {m.id for m in read_po(fh)}
    pairs = json.load(sys.stdin)
    with catalog_path.open("a", encoding="utf-8") as out:
        for msgid, msgstr in pairs.items():
            if msgid in existing:
                continue
            out.write(f"\nmsgid {json.dumps(msgid, ensure_ascii=False)}\n"
                      f"msgstr {json.dumps(msgstr, ensure_ascii=False)}\n")


if __name__ == "__main__":
    main(sys.argv[1])
