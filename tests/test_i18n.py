"""Every string a user sees comes from the Vietnamese catalogs."""

import re
import unicodedata

from app.i18n import _, catalog_entries, missing_messages, pgettext
from app.paths import catalog_dir


def test_no_source_string_is_untranslated_or_fuzzy():
    missing = missing_messages()
    listing = "\n".join(f"{where}: {msgid!r}" for msgid, _ctx, where in missing[:40])
    assert not missing, f"{len(missing)} strings lack a Vietnamese translation:\n{listing}"


def test_known_strings_are_vietnamese():
    assert _("The database is sound.") == "Cơ sở dữ liệu không có lỗi."
    assert _("Recognised / honoured") == "Công nhận, tôn vinh"
    assert pgettext("argparse", "usage: ") == "cách dùng: "


def test_translations_keep_every_placeholder():
    pattern = re.compile(r"\{[a-z_]+\}|%\([a-z_]+\)[sdr]|%[sdr]")
    wrong = []
    for (msgid, _ctx), (msgstr, _fuzzy, where) in catalog_entries().items():
        if sorted(pattern.findall(msgid)) != sorted(pattern.findall(msgstr)):
            wrong.append(f"{where}: {msgid!r} -> {msgstr!r}")
    assert not wrong, "\n".join(wrong)


def test_catalogs_are_nfc_utf8():
    for po in catalog_dir().glob("*.po"):
        raw = po.read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", raw), po.name
