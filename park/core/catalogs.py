"""Translation catalog checks and upkeep, used by `make extract-messages` and the i18n tests.

The English catalog is kept complete (msgstr = msgid) so that a missing English entry is as
visible as a missing Chinese one.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "park" / "translations"
# Babel parses the zh_CN that users choose as zh_Hans_CN, and gettext then looks for that
# folder (or plain zh), so the Simplified Chinese catalog lives under zh_Hans_CN.
CATALOG_FOLDERS = {"en": "en", "zh_CN": "zh_Hans_CN"}
# A context ("project status") tells apart words that read the same in English but not in
# Chinese: an active project is 进行中, an active account 正常.
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None,
            "pgettext": ((1, "c"), 2), "lazy_pgettext": ((1, "c"), 2)}


def catalog_path(locale: str) -> Path:
    return TRANSLATIONS / CATALOG_FOLDERS[locale] / "LC_MESSAGES" / "messages.po"


def read_catalog(locale: str) -> Catalog:
    with catalog_path(locale).open("rb") as handle:
        return read_po(handle, locale=locale)


def extracted_messages() -> set[str]:
    """Every msgid the code and templates use right now."""
    return {msgid for msgid, _context in extracted_messages_with_context()}


def extracted_messages_with_context() -> set[tuple[str, str | None]]:
    """Every (msgid, context) the code and templates use right now."""
    method_map = [
        ("park/**.py", "python"),
        ("templates/**.html", "jinja2"),
        ("templates/**.txt", "jinja2"),
    ]
    found = set()
    for _filename, _lineno, message, _comments, context in extract_from_dir(
        str(ROOT), method_map=method_map, keywords=KEYWORDS
    ):
        found.add((message[0] if isinstance(message, tuple | list) else message, context))
    return found


def untranslated(locale: str) -> list[str]:
    """Messages in use that `locale` lacks, leaves empty, or marks fuzzy."""
    catalog = read_catalog(locale)
    missing = []
    for msgid, context in sorted(extracted_messages_with_context(),
                                 key=lambda pair: (pair[0], pair[1] or "")):
        entry = catalog.get(msgid, context=context)
        label = f"{context}|{msgid}" if context else msgid
        if entry is None or entry.fuzzy:
            missing.append(label)
            continue
        strings = entry.string if isinstance(entry.string, tuple | list) else (entry.string,)
        if not all(strings):
            missing.append(label)
    return missing


def fill_english() -> None:
    catalog = read_catalog("en")
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple | list):
            message.string = tuple(message.id)
        else:
            message.string = message.id
        message.flags.discard("fuzzy")
    with catalog_path("en").open("wb") as handle:
        write_po(handle, catalog, width=0, sort_by_file=True)


if __name__ == "__main__":
    if sys.argv[1:] == ["fill-english"]:
        fill_english()
    else:
        sys.exit("usage: python -m park.core.catalogs fill-english")
