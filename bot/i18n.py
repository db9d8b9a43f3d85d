"""Message catalogs (gettext .po files read through Babel), Albanian first, English second.

Catalog texts are HTML; every value put into them is escaped unless marked ``Safe``, so user
text shown to others can't break the markup or inject links.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from pathlib import Path

from babel.messages.pofile import read_po

LOCALES = Path(__file__).parent / "locales"
LANGUAGES = ("sq", "en")


class Safe(str):
    """A value that is already HTML (made from catalog texts), not to be escaped again."""


def escape(value: object) -> str:
    if isinstance(value, Safe):
        return value
    return html.escape(str(value), quote=False)


def load_catalog(language: str) -> dict[str, str]:
    """All of a language's .po files (one per feature), merged; a key defined twice is a bug."""
    merged: dict[str, str] = {}
    for path in sorted((LOCALES / language / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=language)
        for message in catalog:
            if not message.id or not message.string:
                continue
            key = str(message.id)
            if key in merged:
                raise ValueError(f"message {key!r} is defined twice ({path.name})")
            merged[key] = str(message.string)
    return merged


class Translator:
    def __init__(self, default: str = "sq") -> None:
        self.default = default
        self.catalogs: Mapping[str, dict[str, str]] = {
            lang: load_catalog(lang) for lang in LANGUAGES
        }

    def language(self, wanted: str | None) -> str:
        return wanted if wanted is not None and wanted in self.catalogs else self.default

    def has(self, key: str) -> bool:
        return key in self.catalogs[self.default]

    def __call__(self, language: str | None, key: str, **values: object) -> Safe:
        """The text for key in the language, falling back to the default language."""
        lang = self.language(language)
        template = self.catalogs[lang].get(key) or self.catalogs[self.default].get(key)
        if template is None:
            raise KeyError(f"no message {key!r} in the catalogs")
        return Safe(template.format(**{name: escape(v) for name, v in values.items()}))
