"""Every text exists in Albanian and English, with the same placeholders, and escapes values."""

import ast
import re
from collections.abc import Callable, Iterable, Iterator
from enum import StrEnum
from pathlib import Path

import pytest

from bot.alerts.model import Category, Urgency
from bot.alerts.model import Status as AlertStatus
from bot.alerts.render import escalation_buttons
from bot.alerts.render import flow as alert_flow
from bot.channels.model import EmailMode
from bot.core import help as help_texts
from bot.core import quick_dates
from bot.core.attachments import AttachmentKind
from bot.core.i18n import LANGUAGES, Safe, Translator, load_catalog
from bot.core.permissions import Agency, Role
from bot.meetings.rules import DURATIONS
from bot.requests.model import Kind as RequestKind
from bot.requests.model import Shown, Verdict
from bot.rosters.model import HoursPreset
from bot.rosters.model import Period as RosterPeriod

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
    "access.{}.prompt": lambda: ["agency", "name", "organisation", "region"],
    "agency.{}": lambda: values(Agency),
    "alert.attachment.{}": lambda: values(AttachmentKind),
    "alert.card.title.{}": lambda: values(Urgency),
    "alert.category.{}": lambda: values(Category),
    "alert.edit.{}": lambda: alert_flow.EDITABLE,
    "alert.escalation.to.{}": lambda: [
        "chair",
        "committee",
        "coordinators",
        "on_duty",
        "on_duty_next",
        "sector",
    ],
    "alert.escalation.who.{}": lambda: escalation_buttons.AUDIENCE,
    "alert.history.{}": lambda: [
        "acknowledged",
        "acting",
        "escalated",
        "note",
        "raised",
        "referral_accepted",
        "referral_declined",
        "referred",
        "released",
        "resolved",
        "stale",
    ],
    "alert.list.line.{}": lambda: values(Urgency),
    "alert.note.{}": lambda: ["empty", "refused", "saved"],
    "alert.refer.{}": lambda: ["nobody", "refused", "sent"],
    "alert.referral.{}": lambda: ["accepted", "declined"],
    "alert.referral.{}_notice": lambda: ["accepted", "declined"],
    "alert.status.{}": lambda: values(AlertStatus),
    "alert.toast.{}": lambda: [
        "acknowledged",
        "acting",
        "already",
        "closed",
        "refused",
        "released",
        "resolved",
    ],
    "alert.urgency.{}": lambda: values(Urgency),
    "alert.{}.prompt": lambda: ["category", "urgency"],
    "audience.role.{}": lambda: [
        "asked",
        "changed",
        "decided",
        "kept",
        "last",
        "not_allowed",
        "self",
        "unchanged",
    ],
    "broadcast.audience.{}": lambda: ["everyone", "role", "agency", "groups"],
    "broadcast.label.{}": lambda: ["role", "agency", "groups"],
    "broadcast.status.{}": lambda: ["scheduled", "sending", "done", "cancelled"],
    # and "to": its key is the stem of "broadcast.to.prompt.role" (in "{}.{}")
    "broadcast.{}.prompt": lambda: ["audience", "text_sq", "text_en", "attachment", "when"],
    "cmd.{}": lambda: help_texts.COORDINATORS,  # everyone's commands and more
    "email.mode.{}": lambda: values(EmailMode),
    "exchange.kind.{}": lambda: [
        "alert",
        "broadcast",
        "digest",
        "meeting",
        "notice",
        "reply",
        "update",
    ],
    "exchange.topic.{}": lambda: [
        "child_protection",
        "investigation",
        "other",
        "prevention",
        "reintegration",
        "victim_assistance",
    ],
    "flows.alert.escalation.sender.{}": lambda: ["ack", "act"],
    "flows.alert.escalation.to.{}": lambda: [
        "chair",
        "committee",
        "coordinators",
        "on_duty",
        "on_duty_next",
        "sector",
    ],
    "group.refused.{}": lambda: ["exists", "name"],
    "input.{}": lambda: ["bad_day", "too_long", "too_many_days"],
    "invite.refused.{}": lambda: ["expired", "revoked", "unknown", "used_up"],
    "invite.{}.prompt": lambda: ["agency", "expiry", "group", "organisation", "role", "uses"],
    "language.name.{}": lambda: LANGUAGES,
    "meeting.action.due_{}": lambda: ["past", "unparsable"],
    "meeting.answer.{}": lambda: ["yes", "no", "maybe", "none"],
    "meeting.duration.{}": lambda: DURATIONS,
    "meeting.rsvp.{}": lambda: ["yes", "no", "maybe"],
    "meeting.time.{}": lambda: ["past", "unparsable"],
    "meeting.{}.prompt": lambda: [
        "agenda",
        "duration",
        "groups",
        "move",
        "place",
        "start",
        "title",
    ],
    "members.pick.{}": lambda: ["a", "c", "r"],
    "quick.{}": lambda: [name for name, _ in (*quick_dates.MOMENT_DAYS, *quick_dates.DAY_DAYS)],
    "report.s.alerts.{}": lambda: ONE_OTHER,
    "report.s.regions.{}": lambda: ONE_OTHER,
    "request.due.{}": lambda: ["in_days", "past", "unparsable"],
    "request.kind.short.{}": lambda: values(RequestKind),
    "request.kind.{}": lambda: values(RequestKind),
    "request.reminder.{}": lambda: ["before", "due"],
    "request.shown.{}": lambda: values(Shown),
    "request.text.prompt.{}": lambda: values(RequestKind),
    "request.title.{}": lambda: values(RequestKind),
    "request.verdict.{}": lambda: values(Verdict),
    "role.{}": lambda: values(Role),
    "roster.cover.start.{}": lambda: ["0", "1", "2"],
    "roster.day.{}": lambda: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
    "roster.hours.preset.{}": lambda: values(HoursPreset),
    "roster.period.{}": lambda: values(RosterPeriod),
    # Two places: a report's count (stem, plural form) and /broadcast's "to" question by kind.
    "{}.{}": lambda: [
        *((stem, form) for stem in plural_stems() for form in ONE_OTHER),
        ("broadcast.to.prompt", "role"),
        ("broadcast.to.prompt", "agency"),
    ],
}


def test_every_key_used_in_code_exists() -> None:
    catalog = load_catalog("sq")
    used, _ = code_keys()
    assert used, "the scan found no keys at all"
    # A count written out per plural category is used by its stem (reports: "report.n.alerts").
    missing = [k for k in used if k not in catalog and f"{k}.one" not in catalog]
    assert sorted(missing) == []


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
