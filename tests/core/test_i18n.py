"""Every text exists in Albanian and English, with the same placeholders, and escapes values."""

import ast
import re
from collections.abc import Callable, Iterable, Iterator
from enum import StrEnum
from pathlib import Path

import pytest

from bot.core import help as help_texts
from bot.core import quick_dates
from bot.core.i18n import LANGUAGES, Safe, Translator, load_catalog
from bot.core.permissions import Agency, Role

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"{(\w+)}")
KEY = re.compile(r"[a-z_]+\.[a-z0-9_.]+")
TRANSLATING = {"t", "translator", "plural", "tn"}


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


def translation_calls(tree: ast.AST) -> Iterator[tuple[int, ast.expr]]:
    """Every argument that may be a catalog key, with its line: the positional arguments of
    t()/turn.t()/translator()/.plural()/.tn() (values are keywords), prompt()'s third, and
    whatever is assigned to a variable named `key` (then passed on)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in TRANSLATING:
                yield from ((node.lineno, arg) for arg in node.args)
            elif name == "prompt" and len(node.args) > 2:
                yield node.lineno, node.args[2]
        elif (
            isinstance(node, ast.Assign)
            and any(isinstance(target, ast.Name) and target.id == "key" for target in node.targets)
            and isinstance(node.value, ast.JoinedStr)
            and "." in family(node.value)
        ):
            yield node.lineno, node.value


def key_tables(tree: ast.AST) -> Iterator[tuple[int, list[str]]]:
    """Dicts whose values are all key-shaped strings: the tables that map an enum to its key
    ({Status.OPEN: "alert.status.open", ...}), so that no f-string builds the key."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict) and node.values:
            texts = [v.value for v in node.values if isinstance(v, ast.Constant)]
            if len(texts) == len(node.values) and all(
                isinstance(x, str) and KEY.fullmatch(x) for x in texts
            ):
                yield node.lineno, [str(x) for x in texts]


def family(joined: ast.JoinedStr) -> str:
    """An f-string key as its family: f"role.{member.role}" is "role.{}"."""
    return "".join(part.value if isinstance(part, ast.Constant) else "{}" for part in joined.values)


def code_keys() -> tuple[set[str], dict[str, list[str]]]:
    """The literal keys used in bot/ and handlers/, and each f-string key's places."""
    literal: set[str] = set()
    dynamic: dict[str, list[str]] = {}
    for folder in ("bot", "handlers"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            place = path.relative_to(ROOT)
            for line, arg in translation_calls(ast.parse(path.read_text(), str(path))):
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    if KEY.fullmatch(arg.value):
                        literal.add(arg.value)
                elif isinstance(arg, ast.JoinedStr):
                    dynamic.setdefault(family(arg), []).append(f"{place}:{line}")
    return literal, dynamic


def table_keys() -> dict[str, str]:
    """The keys written in enum-to-key tables, each with its place."""
    found: dict[str, str] = {}
    for folder in ("bot", "handlers"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            place = path.relative_to(ROOT)
            for line, keys in key_tables(ast.parse(path.read_text(), str(path))):
                for key in keys:
                    found.setdefault(key, f"{place}:{line}")
    return found


def plural_stems() -> list[str]:
    """Keys a report counts with: labels.plural("report.n.alerts", n) reads
    "report.n.alerts.one" or ".other" (the "{}.{}" family in bot/reports/render/labels.py)."""
    stems = []
    for path in (ROOT / "bot" / "reports").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "attr", None) == "plural"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                stems.append(node.args[0].value)
    return stems


def values(enum: Iterable[StrEnum]) -> list[str]:
    return [member.value for member in enum]


ONE_OTHER = ["one", "other"]
# Each f-string key family the code uses today, with every value it takes (from the code's own
# enums and tuples where it has them). Better still: a literal key (a dict or a match from the
# value to its key), and then the family leaves this list.
FAMILIES: dict[str, Callable[[], Iterable[str | tuple[str, ...]]]] = {
    "agency.{}": lambda: values(Agency),
    "cmd.{}": lambda: help_texts.COORDINATORS,  # everyone's commands and more
    "quick.{}": lambda: [name for name, _ in (*quick_dates.MOMENT_DAYS, *quick_dates.DAY_DAYS)],
    "report.s.alerts.{}": lambda: ONE_OTHER,
    "report.s.regions.{}": lambda: ONE_OTHER,
    "role.{}": lambda: values(Role),
    # A report's count: its stem and the plural form.
    "{}.{}": lambda: [(stem, form) for stem in plural_stems() for form in ONE_OTHER],
}


def test_every_key_used_in_code_exists() -> None:
    catalog = load_catalog("sq")
    used, _ = code_keys()
    assert used, "the scan found no keys at all"
    # A count written out per plural category is used by its stem (reports: "report.n.alerts").
    missing = [k for k in used if k not in catalog and f"{k}.one" not in catalog]
    assert sorted(missing) == []


def test_every_key_in_an_enum_to_key_table_exists() -> None:
    """A table that maps to catalog keys maps only to keys that exist (in both languages: the
    catalogs hold the same keys). A table of other dotted names (audit actions, webhook
    events) has none of its values in the catalog and is not a key table."""
    catalog = load_catalog("sq")
    tables = table_keys()
    assert len(tables) > 50, "the scan found the enum-to-key tables"
    by_place: dict[str, list[str]] = {}
    for key, place in tables.items():
        by_place.setdefault(place, []).append(key)
    missing = [
        f"{place}: {key}"
        for place, keys in by_place.items()
        if any(k in catalog or f"{k}.one" in catalog for k in keys)
        for key in keys
        if key not in catalog and f"{key}.one" not in catalog
    ]
    assert missing == []


def test_every_listed_family_is_still_built_somewhere() -> None:
    """A family whose f-string became a table leaves the list (or the list would hide rot)."""
    _, dynamic = code_keys()
    assert sorted(set(FAMILIES) - set(dynamic)) == []


def test_every_key_built_with_an_f_string_is_a_known_family_whose_keys_all_exist() -> None:
    _, dynamic = code_keys()
    unknown = [
        f"{place}: f-string key {name!r}"
        for name, places in dynamic.items()
        if name not in FAMILIES
        for place in places
    ]
    assert unknown == [], (
        "catalog keys built at run time (write the key literally: a dict or a match from the "
        "value to its key), or list the family and its values in FAMILIES:\n"
        + "\n".join(sorted(unknown))
    )
    catalogs = {lang: load_catalog(lang) for lang in LANGUAGES}
    absent = []
    for name in dynamic:
        for value in FAMILIES[name]():
            key = name.format(*(value if isinstance(value, tuple) else (value,)))
            absent += [f"{lang}: {key} ({name})" for lang in LANGUAGES if key not in catalogs[lang]]
    assert absent == []


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
