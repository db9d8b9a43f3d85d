"""/help: what the caller's role may do, and the command menus published at start."""

from __future__ import annotations

from bot.i18n import Safe, Translator
from bot.renderers.common import group_names
from bot.rendering import Reply
from bot.services.permissions import Role
from storage.members import Member

# Command menus (setMyCommands): each feature adds its commands to the right line.
EVERYONE = ("start", "help", "language", "cancel")
MEMBERS: tuple[str, ...] = (
    *("alert", "alerts", "meetings", "actions", "update", "history", "search"),
    *("request", "requests"),  # monitoring requests (asking: the Advisory Group)
    "duty",  # duty rosters
    "email",  # e-mail when Telegram cannot reach the member
)
COORDINATOR_ONLY = (
    *("invite", "members", "group", "broadcast", "broadcasts", "meeting", "chair"),
    *("routing", "escalation"),  # alerts
    *("export", "link", "unlink", "replies"),  # exchange
    *("name", "role", "invites"),  # people
    "report",  # monitoring reports
)
COORDINATORS = (*EVERYONE, *MEMBERS, *COORDINATOR_ONLY)

# /help sections (catalog keys) after the role line: each feature adds its own keys.
MEMBER_SECTIONS: tuple[str, ...] = ("alert.help", "meeting.help.member", "exchange.help.member")
COORDINATOR_SECTIONS: tuple[str, ...] = (
    "help.coordinator",
    "alert.help.coordinator",
    "meeting.help.coordinator",
    "exchange.help.coordinator",
    "audience.help.coordinator",
    "audience.help.role",
    "audience.help.invites",
)


def help_text(t: Translator, lang: str, member: Member | None) -> Reply:
    parts = [t(lang, "help.common")]
    if member is None or member.status != "active":
        parts.append(t(lang, "help.guest"))
    else:
        role = t(lang, f"role.{member.role}")
        parts.append(t(lang, "help.member", role=role, groups=group_names(t, lang, member.groups)))
        parts.extend(t(lang, key) for key in MEMBER_SECTIONS)
        if member.role == Role.COORDINATOR:
            parts.extend(t(lang, key) for key in COORDINATOR_SECTIONS)
    return Reply(Safe("\n".join(parts)))


def command_menu(t: Translator, lang: str, commands: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(name, str(t(lang, f"cmd.{name}"))) for name in commands]
