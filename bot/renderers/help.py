"""/help: what the caller's role may do, and the command menus published at start."""

from __future__ import annotations

from bot.i18n import Safe, Translator
from bot.renderers.common import group_names
from bot.rendering import Reply
from bot.services.permissions import Role
from storage.members import Member

EVERYONE = ("start", "help", "language", "cancel")
COORDINATORS = (*EVERYONE, "invite", "members")


def help_text(t: Translator, lang: str, member: Member | None) -> Reply:
    parts = [t(lang, "help.common")]
    if member is None or member.status != "active":
        parts.append(t(lang, "help.guest"))
    else:
        role = t(lang, f"role.{member.role}")
        parts.append(t(lang, "help.member", role=role, groups=group_names(t, lang, member.groups)))
        if member.role == Role.COORDINATOR:
            parts.append(t(lang, "help.coordinator"))
    return Reply(Safe("\n".join(parts)))


def command_menu(t: Translator, lang: str, commands: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(name, str(t(lang, f"cmd.{name}"))) for name in commands]
