"""A member's card for coordinators: who they are, and buttons for what /suspend, /reactivate,
/group add|remove and /chair do by typing a number."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.i18n import Safe, Translator
from bot.core.labels import agency_label, group_names, organisation_name
from bot.core.rendering import Button, Reply, rows
from storage.members import Group, Member

MAX_BUTTONS = 96  # Telegram allows 100 buttons on a message; the rest stay reachable by typing

OPEN = "mm"  # arg: member id
SUSPEND, REACTIVATE = "ms", "mr"  # arg: member id
PICK = "mp"  # arg: "<op>.<member id>", op: a(dd) r(emove) c(hair)
APPLY = "mx"  # arg: "<op>.<member id>.<group id>"
OPS = ("a", "r", "c")


def roster_buttons(members: Sequence[Member]) -> tuple[tuple[Button, ...], ...]:
    seen: dict[int, Member] = {}
    for member in members:
        seen.setdefault(member.id, member)
    buttons = [Button(f"#{m.id} {m.display_name}", OPEN, str(m.id)) for m in seen.values()]
    return rows(buttons[:MAX_BUTTONS], 2)


def member_card(t: Translator, lang: str, member: Member) -> Reply:
    text = t(
        lang,
        "members.card",
        id=member.id,
        name=member.display_name,
        organisation=organisation_name(member),
        agency=agency_label(t, lang, member.agency),
        role=t(lang, f"role.{member.role}"),
        groups=group_names(t, lang, member.groups),
    )
    flags = []
    if member.status == "suspended":
        flags.append(t(lang, "members.flag.suspended").strip())
    if not member.reachable:
        flags.append(t(lang, "members.flag.unreachable").strip())
    if flags:
        text = Safe(f"{text}\n{' · '.join(flags)}")
    arg = str(member.id)
    status = (
        Button(t(lang, "members.button.reactivate"), REACTIVATE, arg)
        if member.status == "suspended"
        else Button(t(lang, "members.button.suspend"), SUSPEND, arg)
    )
    add = Button(t(lang, "members.button.add"), PICK, f"a.{arg}")
    remove = Button(t(lang, "members.button.remove"), PICK, f"r.{arg}")
    chair = Button(t(lang, "members.button.chair"), PICK, f"c.{arg}")
    second = (add, remove) if member.groups else (add,)
    return Reply(text, ((status,), second, (chair,)))


def group_picker(
    t: Translator, lang: str, op: str, member: Member, groups: Sequence[Group]
) -> Reply:
    text = t(lang, f"members.pick.{op}", name=member.display_name)
    if not groups:
        return Reply(t(lang, "members.pick.none", name=member.display_name))
    buttons = [Button(g.name, APPLY, f"{op}.{member.id}.{g.id}") for g in groups]
    return Reply(text, rows(buttons[:MAX_BUTTONS], 2))
