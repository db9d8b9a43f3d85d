"""A member's card for coordinators: who they are, and buttons for what /suspend, /reactivate,
/group add|remove and /chair do by typing a number."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.i18n import Safe, Translator
from bot.core.labels import agency_label, group_names, organisation_name
from bot.core.rendering import Button, Reply, rows
from bot.members.model import (
    ApplyGroup,
    GroupOp,
    MemberStatus,
    OpenMember,
    PickGroup,
    Reactivate,
    Suspend,
    role_key,
)
from storage.members import Group, Member

MAX_BUTTONS = 96  # Telegram allows 100 buttons on a message; the rest stay reachable by typing

PICK_KEYS = {
    GroupOp.ADD: "members.pick.a",
    GroupOp.REMOVE: "members.pick.r",
    GroupOp.CHAIR: "members.pick.c",
}


def roster_buttons(members: Sequence[Member]) -> tuple[tuple[Button, ...], ...]:
    seen: dict[int, Member] = {}
    for member in members:
        seen.setdefault(member.id, member)
    buttons = [Button.press(f"#{m.id} {m.display_name}", OpenMember(m.id)) for m in seen.values()]
    return rows(buttons[:MAX_BUTTONS], 2)


def member_card(t: Translator, lang: str, member: Member) -> Reply:
    text = t(
        lang,
        "members.card",
        id=member.id,
        name=member.display_name,
        organisation=organisation_name(member),
        agency=agency_label(t, lang, member.agency),
        role=t(lang, role_key(member.role)),
        groups=group_names(t, lang, member.groups),
    )
    flags = []
    if member.status == MemberStatus.SUSPENDED:
        flags.append(t(lang, "members.flag.suspended").strip())
    if not member.reachable:
        flags.append(t(lang, "members.flag.unreachable").strip())
    if flags:
        text = Safe(f"{text}\n{' · '.join(flags)}")
    status = (
        Button.press(t(lang, "members.button.reactivate"), Reactivate(member.id))
        if member.status == MemberStatus.SUSPENDED
        else Button.press(t(lang, "members.button.suspend"), Suspend(member.id))
    )
    add = Button.press(t(lang, "members.button.add"), PickGroup(GroupOp.ADD, member.id))
    remove = Button.press(t(lang, "members.button.remove"), PickGroup(GroupOp.REMOVE, member.id))
    chair = Button.press(t(lang, "members.button.chair"), PickGroup(GroupOp.CHAIR, member.id))
    second = (add, remove) if member.groups else (add,)
    return Reply(text, ((status,), second, (chair,)))


def group_picker(
    t: Translator, lang: str, op: GroupOp, member: Member, groups: Sequence[Group]
) -> Reply:
    text = t(lang, PICK_KEYS[op], name=member.display_name)
    if not groups:
        return Reply(t(lang, "members.pick.none", name=member.display_name))
    buttons = [Button.press(g.name, ApplyGroup(op, member.id, g.id)) for g in groups]
    return Reply(text, rows(buttons[:MAX_BUTTONS], 2))
