"""Message catalogs (gettext .po files read through Babel), Albanian first, English second.

Catalog texts are HTML; every value put into them is escaped unless marked ``Safe``, so user
text shown to others can't break the markup or inject links.

A text that puts a number beside a noun is a plural entry (``msgid_plural`` with one
``msgstr[i]`` per form) and is read with ``Translator.plural``, which picks the form by the
language's own plural rule (Babel/CLDR), so Albanian never says "1 anëtarë".
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from pathlib import Path

from babel import Locale
from babel.messages.pofile import read_po

LOCALES = Path(__file__).parent.parent / "locales"
LANGUAGES = ("sq", "en")

Template = str | tuple[str, ...]


class Safe(str):
    """A value that is already HTML (made from catalog texts), not to be escaped again."""


def escape(value: object) -> str:
    if isinstance(value, Safe):
        return value
    return html.escape(str(value), quote=False)


def load_catalog(language: str) -> dict[str, Template]:
    """All of a language's .po files (one per feature), merged; a key defined twice is a bug.

    A plural entry is stored under its singular msgid as a tuple of forms.
    """
    merged: dict[str, Template] = {}
    for path in sorted((LOCALES / language / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=language)
        for message in catalog:
            if not message.id or not message.string:
                continue
            if isinstance(message.id, tuple | list):
                key = str(message.id[0])
                value: Template = tuple(str(form) for form in message.string)
                if not all(value):
                    continue
            else:
                key, value = str(message.id), str(message.string)
            if key in merged:
                raise ValueError(f"message {key!r} is defined twice ({path.name})")
            merged[key] = value
    return merged


def plural_index(language: str, count: int, forms: int) -> int:
    """Which of a language's gettext forms fits count (CLDR's rule; "one" is form 0)."""
    category = Locale.parse(language).plural_form(abs(count))
    return 0 if category == "one" or forms == 1 else min(1, forms - 1)


class Translator:
    def __init__(self, default: str = "sq") -> None:
        self.default = default
        self.catalogs: Mapping[str, dict[str, Template]] = {
            lang: load_catalog(lang) for lang in LANGUAGES
        }

    def language(self, wanted: str | None) -> str:
        return wanted if wanted is not None and wanted in self.catalogs else self.default

    def has(self, key: str) -> bool:
        return key in self.catalogs[self.default]

    def _template(self, lang: str, key: str) -> Template:
        template = self.catalogs[lang].get(key) or self.catalogs[self.default].get(key)
        if template is None:
            raise KeyError(f"no message {key!r} in the catalogs")
        return template

    def __call__(self, language: str | None, key: str, **values: object) -> Safe:
        """The text for key in the language, falling back to the default language."""
        lang = self.language(language)
        template = self._template(lang, key)
        if isinstance(template, tuple):
            raise TypeError(f"message {key!r} has plural forms: use Translator.plural")
        return Safe(template.format(**{name: escape(v) for name, v in values.items()}))

    def plural(self, language: str | None, key: str, count: int, **values: object) -> Safe:
        """ngettext: the form of key that fits count; ``{count}`` in the text is the number."""
        lang = self.language(language)
        template = self._template(lang, key)
        if isinstance(template, str):
            raise TypeError(f"message {key!r} has no plural forms: use the plain call")
        chosen = template[plural_index(lang, count, len(template))]
        escaped = {name: escape(v) for name, v in values.items()}
        return Safe(chosen.format(count=count, **escaped))
