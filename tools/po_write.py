"""Write a .po catalog from a Python dict (developer helper; keeps quoting right).

Usage in a script: write_po(path, {msgid: msgstr, ...}, contexts={ctx: {msgid: msgstr}})
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
        out.append(f"msgid {quote(msgid)}\nmsgstr {quote(unicodedata.normalize('NFC', msgstr))}\n\n")
    path.write_text("".join(out), encoding="utf-8")
