"""Explicit gettext for every string a user sees.

Use ``from app.i18n import _, N_, ngettext, pgettext``; never a builtin ``_``.
Messages are written in English in the code and translated in the Vietnamese catalogs
``resources/vi_VN/LC_MESSAGES/*.po`` (one file per area, so areas can be worked on apart);
all catalogs are merged at start-up. ``qt.po`` holds Qt's own strings (buttons, file
dialogs, context menus) with the Qt context as ``msgctxt``: Qt ships no Vietnamese
translation, so the UI installs a translator that reads them from here.

``python -m app.i18n compile`` compiles the catalogs to ``.mo`` (done by scripts/setup.sh);
``python -m app.i18n missing`` lists source strings that no catalog translates yet.
"""

from __future__ import annotations

import gettext
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from app.paths import catalog_dir

__all__ = ["_", "N_", "ngettext", "pgettext", "translations", "reload"]

_translations: gettext.NullTranslations | None = None


def _catalog_files() -> list[Path]:
    return sorted(catalog_dir().glob("*.po"))


# Every catalog merged into one file (``marshal``: a dict loads in about a millisecond,
# where parsing each .mo file and chaining them took 6 ms of every command's start).
# Rebuilt whenever a catalog is newer; left out when the folder cannot be written.
MERGED_NAME = "merged.cache"
_MERGED_FORMAT = 1


def _load() -> gettext.NullTranslations:
    folder = catalog_dir()
    merged_path = folder / MERGED_NAME
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return gettext.NullTranslations()
    names = {e.name for e in entries}
    newest, cache_time = 0.0, -1.0
    # A catalog without its compiled file, or a compiled file left without its catalog.
    stale = any(n[:-3] + (".mo" if n.endswith(".po") else ".po") not in names
                for n in names if n.endswith((".po", ".mo")))
    for e in entries:
        if e.name == MERGED_NAME:
            cache_time = e.stat().st_mtime
        elif e.name.endswith((".po", ".mo")):
            newest = max(newest, e.stat().st_mtime)
    if not stale and cache_time >= newest:
        merged = _read_merged(merged_path)
        if merged is not None:
            return merged
    return _load_catalogs(merged_path)


def _read_merged(path: Path) -> gettext.NullTranslations | None:
    import marshal

    try:
        with path.open("rb") as fh:
            version, plural, catalog = marshal.load(fh)
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if version != _MERGED_FORMAT or not isinstance(catalog, dict):
        return None
    out = gettext.GNUTranslations()
    out._catalog = catalog  # type: ignore[attr-defined]
    out.plural = gettext.c2py(plural)  # type: ignore[attr-defined]
    return out


def _load_catalogs(merged_path: Path) -> gettext.NullTranslations:
    merged: gettext.NullTranslations | None = None
    catalogs: list[gettext.GNUTranslations] = []
    for po in _catalog_files():
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            _compile_one(po)
        with mo.open("rb") as fh:
            catalog = gettext.GNUTranslations(fh)
        catalogs.append(catalog)
        if merged is None:
            merged = catalog
        else:
            merged.add_fallback(catalog)
    if catalogs:
        _write_merged(merged_path, catalogs)
    return merged or gettext.NullTranslations()


def _write_merged(path: Path, catalogs: list[gettext.GNUTranslations]) -> None:
    """The catalogs' entries in one dict, the first catalog's winning as the chain of
    fallbacks above does."""
    import marshal

    combined: dict[object, str] = {}
    for catalog in reversed(catalogs):
        combined.update(catalog._catalog)  # type: ignore[attr-defined]
    plural = catalogs[0].info().get("plural-forms", "plural=0")
    expression = plural.split("plural=", 1)[-1].strip().rstrip(";") or "0"
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as fh:
            marshal.dump((_MERGED_FORMAT, expression, combined), fh)
        os.replace(tmp, path)
    except OSError:  # a read-only install: the catalogs are read one by one
        try:
            tmp.unlink()
        except OSError:
            pass


def translations() -> gettext.NullTranslations:
    """The merged Vietnamese catalogs (loaded once)."""
    global _translations
    if _translations is None:
        _translations = _load()
    return _translations


def reload() -> None:
    """Forget the loaded catalogs (after compiling new ones)."""
    global _translations
    _translations = None


def _(message: str) -> str:
    """Translate ``message``."""
    return translations().gettext(message)


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it now."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message with a count (Vietnamese has one form)."""
    return translations().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """Translate ``message`` within ``context``; untranslated gives ``message`` back."""
    return translations().pgettext(context, message)


def pgettext_or_none(context: str, message: str) -> str | None:
    """Translation of ``message`` in ``context``, or ``None`` when the catalogs lack it."""
    marker = "\x00missing\x00"
    cat = translations()
    # GNUTranslations.pgettext returns the message itself when missing; look it up directly.
    key = f"{context}\x04{message}"
    catalog = getattr(cat, "_catalog", {})
    found = catalog.get(key, marker)
    fallback = getattr(cat, "_fallback", None)
    while found is marker and fallback is not None:
        found = getattr(fallback, "_catalog", {}).get(key, marker)
        fallback = getattr(fallback, "_fallback", None)
    return None if found is marker else str(found)


# --- catalog tools (developer side; Babel is only imported here) --------------------------

KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}


def _compile_one(po: Path) -> None:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as fh:
        catalog = read_po(fh, locale="vi_VN")
    tmp = po.with_suffix(".mo.tmp")
    with tmp.open("wb") as fh:
        write_mo(fh, catalog, use_fuzzy=False)
    tmp.replace(po.with_suffix(".mo"))


def compile_all() -> int:
    """Compile every catalog; return how many."""
    files = _catalog_files()
    for po in files:
        _compile_one(po)
    reload()
    return len(files)


def source_messages(root: Path | None = None) -> Iterator[tuple[str, str | None, str]]:
    """(msgid, msgctxt, "file:line") for every marked string under ``app/``."""
    from babel.messages.extract import extract_from_dir

    base = root or Path(__file__).resolve().parent
    for filename, lineno, message, _comments, context in extract_from_dir(
        str(base), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            yield msgid, context, f"{filename}:{lineno}"


def catalog_entries() -> dict[tuple[str, str | None], tuple[str, bool, str]]:
    """(msgid, msgctxt) → (translation, fuzzy, catalog file) over all catalogs."""
    from babel.messages.pofile import read_po

    entries: dict[tuple[str, str | None], tuple[str, bool, str]] = {}
    for po in _catalog_files():
        with po.open("rb") as fh:
            catalog = read_po(fh, locale="vi_VN")
        for msg in catalog:
            if not msg.id:
                continue
            msgid = msg.id[0] if isinstance(msg.id, tuple) else msg.id
            text = msg.string[0] if isinstance(msg.string, tuple) else msg.string
            entries[(str(msgid), msg.context)] = (str(text or ""), msg.fuzzy, po.name)
    return entries


def missing_messages() -> list[tuple[str, str | None, str]]:
    """Source strings with no (or a fuzzy or empty) translation."""
    entries = catalog_entries()
    missing = []
    for msgid, ctx, where in source_messages():
        found = entries.get((msgid, ctx))
        if found is None or not found[0] or found[1]:
            missing.append((msgid, ctx, where))
    return missing


def _main(argv: list[str]) -> int:
    command = argv[0] if argv else "compile"
    if command == "compile":
        compile_all()
        return 0
    if command == "missing":
        seen = set()
        for msgid, ctx, where in missing_messages():
            if (msgid, ctx) in seen:
                continue
            seen.add((msgid, ctx))
            print(f"# {where}")
            if ctx:
                print(f'msgctxt "{ctx}"')
            print("msgid " + _po_quote(msgid))
            print('msgstr ""\n')
        return 1 if seen else 0
    print("usage: python -m app.i18n compile|missing", file=sys.stderr)
    return 2


def _po_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
