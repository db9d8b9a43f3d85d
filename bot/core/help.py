"""/help: what the caller's role may do, on one phone screen, and the command menus set at start.

Each role sees only its own commands, one short line each; the typed power forms (the one-line
alert, /search with filters, /suspend N, …) wait behind a "More" button.
"""

from __future__ import annotations

from bot.core.i18n import Safe, Translator
from bot.core.labels import group_names
from bot.core.permissions import Role
from bot.core.rendering import Button, Reply
from storage.members import Member

# Command menus (setMyCommands): each feature adds its commands to the right line.
EVERYONE = ("start", "help", "privacy", "language", "cancel")
MEMBERS: tuple[str, ...] = (
    *("alert", "alerts", "meetings", "actions", "update", "history", "search"),
    *("requests", "request"),  # monitoring requests (asking: the Advisory Group)
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

# /help sections (catalog keys) after the role line: each feature adds its own short lines.
MEMBER_SECTIONS: tuple[str, ...] = ("alert.help", "exchange.help.member", "meeting.help.member")
CHAIR_SECTIONS: tuple[str, ...] = ("meeting.help.chair",)
COORDINATOR_SECTIONS: tuple[str, ...] = (
    "help.coordinator",
    "meeting.help.chair",
    "alert.help.coordinator",
    "exchange.help.coordinator",
)
# Behind the "More" button: the typed forms for those who prefer them.
MORE_MEMBER: tuple[str, ...] = ("alert.help.more", "exchange.help.more", "help.more.features")
MORE_COORDINATOR: tuple[str, ...] = (
    *MORE_MEMBER,
    "help.more.coordinator",
    "meeting.help.more",
    "exchange.help.more.coordinator",
    "audience.help.coordinator",
    "audience.help.role",
    "audience.help.invites",
    "help.more.report",
)

MORE_ACTION = "hm"


def _active(member: Member | None) -> bool:
    return member is not None and member.status == "active"


def help_text(t: Translator, lang: str, member: Member | None, chair: bool = False) -> Reply:
    parts = [t(lang, "help.intro")]
    if member is None or not _active(member):
        parts.append(t(lang, "help.guest"))
        return Reply(Safe("\n".join(parts)))
    role = t(lang, f"role.{member.role}")
    parts.append(t(lang, "help.member", role=role, groups=group_names(t, lang, member.groups)))
    parts.extend(t(lang, key) for key in MEMBER_SECTIONS)
    if member.role == Role.COORDINATOR:
        parts.extend(t(lang, key) for key in COORDINATOR_SECTIONS)
    elif chair:
        parts.extend(t(lang, key) for key in CHAIR_SECTIONS)
    parts.append(t(lang, "help.common"))
    more = Button(t(lang, "help.more.button"), MORE_ACTION, "1")
    return Reply(Safe("\n".join(parts)), ((more,),))


def help_more(t: Translator, lang: str, member: Member | None) -> Reply:
    if not _active(member):
        return help_text(t, lang, member)
    assert member is not None
    keys = MORE_COORDINATOR if member.role == Role.COORDINATOR else MORE_MEMBER
    return Reply(Safe("\n".join([t(lang, "help.more.title"), *(t(lang, key) for key in keys)])))


def command_menu(t: Translator, lang: str, commands: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(name, str(t(lang, f"cmd.{name}"))) for name in commands]
