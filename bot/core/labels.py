"""Pieces every feature renders: labels of roles, agencies and groups, flow prompts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bot.core.flows import Choice
from bot.core.i18n import Safe, Translator, escape
from bot.core.permissions import Agency
from bot.core.rendering import Button, Reply, rows
from storage.members import Group, Member


def group_names(t: Translator, lang: str, groups: Iterable[Group]) -> Safe:
    names = [escape(g.name) for g in groups]
    return Safe(", ".join(names)) if names else t(lang, "groups.none")


def agency_label(t: Translator, lang: str, agency: str) -> Safe:
    return t(lang, f"agency.{agency}") if agency in set(Agency) else Safe(escape(agency))


def organisation_name(member: Member) -> str:
    return member.organisation.name if member.organisation else "—"


def prompt(
    t: Translator,
    lang: str,
    key: str,
    choices: Sequence[tuple[str, str]] = (),
    flow_step: str = "",
    per_row: int = 2,
) -> Reply:
    """A flow's question; choices become buttons that answer `flow_step` (e.g. 'access.agency')."""
    buttons = [Button.press(label, Choice.of(flow_step, value)) for value, label in choices]
    text = Safe(f"{t(lang, key)}\n{t(lang, 'flow.cancel_hint')}")
    return Reply(text, rows(buttons, per_row))


def agency_choices(t: Translator, lang: str) -> list[tuple[str, str]]:
    return [(a.value, t(lang, f"agency.{a.value}")) for a in Agency]


def group_choices(groups: Iterable[Group]) -> list[tuple[str, str]]:
    """Button values are ids, never names: a name may be 80 characters, a payload only 64 bytes."""
    return [(str(g.id), g.name) for g in groups]
