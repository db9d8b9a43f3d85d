"""Texts of invites and roles: the open invites with revoke buttons, and the question a
coordinator gets when an invite would change an existing member's role."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from zoneinfo import ZoneInfo

from bot.core.i18n import Safe, Translator
from bot.core.labels import organisation_name
from bot.core.local_time import format_moment
from bot.core.permissions import Role
from bot.core.rendering import Button, Reply
from bot.members.model import GiveRole, KeepRole, RevokeInvite, role_key
from storage.members import Group, Invite, Member


def open_invites(
    t: Translator,
    lang: str,
    invites: Sequence[Invite],
    groups: Mapping[int, Group],
    zone: ZoneInfo,
) -> Reply:
    if not invites:
        return Reply(t(lang, "audience.invites.none"))
    lines = [t(lang, "audience.invites.title", count=len(invites))]
    buttons = []
    for invite in invites:
        names = ", ".join(groups[g].name for g in invite.group_ids if g in groups) or "—"
        lines.append(
            t(
                lang,
                "audience.invites.line",
                id=invite.id,
                role=t(lang, role_key(invite.role)),
                organisation=invite.organisation_name,
                groups=names,
                uses=invite.uses_left,
                expires=format_moment(invite.expires_at, zone),
            )
        )
        label = str(t(lang, "audience.invites.revoke", id=invite.id))
        buttons.append((Button.press(label, RevokeInvite(invite.id)),))
    return Reply(Safe("\n".join(lines)), buttons=tuple(buttons))


def role_question(
    t: Translator, lang: str, member: Member, asked: Role, decided: str | None = None
) -> Reply:
    text = t(
        lang,
        "audience.role.asked",
        id=member.id,
        name=member.display_name,
        organisation=organisation_name(member),
        current=t(lang, role_key(member.role)),
        asked=t(lang, role_key(asked)),
    )
    if decided is not None:
        return Reply(Safe(f"{text}\n\n{decided}"))
    give_label = str(t(lang, "audience.role.give", role=t(lang, role_key(asked))))
    give = Button.press(give_label, GiveRole(member.id, asked))
    keep = Button.press(str(t(lang, "audience.role.keep")), KeepRole(member.id, asked))
    return Reply(text, buttons=((give, keep),))
