"""Every text exists in Albanian and English, with the same placeholders, and escapes values."""

import re
from pathlib import Path

import pytest

from bot.core.i18n import LANGUAGES, Safe, Translator, load_catalog

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"{(\w+)}")


def test_both_catalogs_have_the_same_keys() -> None:
    sq, en = (set(load_catalog(lang)) for lang in LANGUAGES)
    assert sq - en == set(), f"missing in English: {sorted(sq - en)}"
    assert en - sq == set(), f"missing in Albanian: {sorted(en - sq)}"


def test_translations_use_the_same_placeholders() -> None:
    sq, en = (load_catalog(lang) for lang in LANGUAGES)
    for key, text in sq.items():
        assert isinstance(text, tuple) == isinstance(en[key], tuple), f"plural in one only: {key}"
        forms = text if isinstance(text, tuple) else (text,)
        english = en[key] if isinstance(en[key], tuple) else (en[key],)
        wanted = set(PLACEHOLDER.findall(forms[-1]))
        for form in (*forms, *english):
            assert set(PLACEHOLDER.findall(form)) == wanted, key


def test_every_key_used_in_code_exists() -> None:
    catalog = load_catalog("sq")
    used: set[str] = set()
    pattern = re.compile(
        r"""(?:\bt|translator|\.plural|\.tn)\((?:[^()]*?,\s*)?["']([a-z_]+\.[a-z_.]+)["']"""
    )
    for folder in ("bot", "handlers"):
        for path in (ROOT / folder).rglob("*.py"):
            used |= set(pattern.findall(path.read_text()))
    assert used, "the scan found no keys at all"
    # A count written out per plural category is used by its stem (reports: "report.n.alerts").
    missing = [k for k in used if k not in catalog and f"{k}.one" not in catalog]
    assert sorted(missing) == []


def test_values_are_escaped_but_catalog_html_is_kept() -> None:
    t = Translator("sq")
    text = t("en", "start.already_member", name="<b>Ana</b> & Co")
    assert "&lt;b&gt;Ana&lt;/b&gt; &amp; Co" in text
    assert isinstance(text, Safe)
    assert "<b>" in t("sq", "members.group", group="x")


def test_unknown_language_falls_back_to_albanian() -> None:
    t = Translator("sq")
    assert t("de", "common.cancelled") == t("sq", "common.cancelled")


def test_missing_key_is_an_error() -> None:
    with pytest.raises(KeyError):
        Translator("sq")("sq", "no.such.key")


def test_a_count_picks_the_plural_form_of_each_language() -> None:
    t = Translator("sq")
    assert t.plural("sq", "exchange.sent", 1, groups="Durrës").startswith(
        "✅ Përditësimi u dërgua te 1 anëtar "
    )
    assert "te 3 anëtarë " in t.plural("sq", "exchange.sent", 3, groups="Durrës")
    assert "to 1 member " in t.plural("en", "exchange.sent", 1, groups="x")
    assert "to 0 members " in t.plural("en", "exchange.sent", 0, groups="x")


def test_a_plural_text_read_without_a_count_is_an_error() -> None:
    t = Translator("sq")
    with pytest.raises(TypeError):
        t("sq", "exchange.sent", count=2, groups="x")
    with pytest.raises(TypeError):
        t.plural("sq", "common.cancelled", 2)
