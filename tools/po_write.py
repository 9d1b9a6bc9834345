"""Write or extend a .po catalog from Python dicts (developer helper; keeps quoting right).

Usage in a script: write_po(path, {msgid: msgstr, ...}, contexts={ctx: {msgid: msgstr}})
From the shell, add translations to a catalog (ids already there are skipped):
    python tools/po_write.py --append CATALOG.po < pairs.json
"""

from __future__ import annotations

from pathlib import Path

HEADER = ('msgid ""\nmsgstr ""\n"Project-Id-Version: DHTT\\n"\n"Language: vi_VN\\n"\n'
          '"MIME-Version: 1.0\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
          '"Content-Transfer-Encoding: 8bit\\n"\n"Plural-Forms: nplurals=1; plural=0;\\n"\n\n')


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def write_po(path: Path, messages: dict[str, str],
             contexts: dict[str, dict[str, str]] | None = None) -> None:
    import unicodedata

    out = [HEADER]
    for ctx, table in (contexts or {}).items():
        for msgid, msgstr in table.items():
            out.append(f"msgctxt {quote(ctx)}\nmsgid {quote(msgid)}\n"
                       f"msgstr {quote(unicodedata.normalize('NFC', msgstr))}\n\n")
    for msgid, msgstr in messages.items():
        out.append(entry(msgid, msgstr) + "\n")
    path.write_text("".join(out), encoding="utf-8")


def entry(msgid: str, msgstr: str) -> str:
    import unicodedata

    return f"msgid {quote(msgid)}\nmsgstr {quote(unicodedata.normalize('NFC', msgstr))}\n"


def append_po(path: Path, messages: dict[str, str]) -> int:
    """Add the messages whose ids the catalog lacks; return how many were added."""
    from babel.messages.pofile import read_po

    with path.open("rb") as fh:
        existing = {m.id for m in read_po(fh)}
    new = {k: v for k, v in messages.items() if k not in existing}
    with path.open("a", encoding="utf-8") as out:
        for msgid, msgstr in new.items():
            out.write("\n" + entry(msgid, msgstr))
    return len(new)


if __name__ == "__main__":
    import json
    import sys

    if len(sys.argv) != 3 or sys.argv[1] != "--append":
        sys.exit("usage: python tools/po_write.py --append CATALOG.po < pairs.json")
    print(append_po(Path(sys.argv[2]), json.load(sys.stdin)))
