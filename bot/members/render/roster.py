"""The coordinators' roster and member notices."""

from __future__ import annotations

from bot.core.i18n import Safe, Translator
from bot.core.labels import agency_label, group_names, organisation_name
from bot.core.reasons import delivery_reason
from bot.core.rendering import Reply
from bot.members.invites import InviteTerms
from bot.members.model import MemberStatus, role_key
from bot.members.render.card import roster_buttons
from storage.members import Group, Member


def roster(t: Translator, lang: str, groups: list[tuple[Group | None, list[Member]]]) -> Reply:
    count = len({m.id for _, people in groups for m in people})
    lines = [t(lang, "members.title", count=count)]
    for group, people in groups:
        name = group.name if group else t(lang, "members.no_group")
        lines.append(t(lang, "members.group", group=name))
        for member in people:
            flags = ""
            if member.status == MemberStatus.SUSPENDED:
                flags += t(lang, "members.flag.suspended")
            if not member.reachable:
                flags += t(lang, "members.flag.unreachable")
            lines.append(
                t(
                    lang,
                    "members.line",
                    id=member.id,
                    name=member.display_name,
                    organisation=organisation_name(member),
                    agency=agency_label(t, lang, member.agency),
                    flags=Safe(flags),
                )
            )
    lines.append(t(lang, "members.hint"))
    everyone = [m for _, people in groups for m in people]
    return Reply(Safe("\n".join(lines)), roster_buttons(everyone))


def unreachable_notice(t: Translator, lang: str, member: Member, reason: str) -> Reply:
    return Reply(
        t(
            lang,
            "members.unreachable_notice",
            name=member.display_name,
            organisation=organisation_name(member),
            reason=delivery_reason(t, lang, reason),
        )
    )


def invite_created(t: Translator, lang: str, terms: InviteTerms, expires: str, link: str) -> Reply:
    return Reply(
        t(
            lang,
            "invite.created",
            role=t(lang, role_key(terms.role)),
            organisation=terms.organisation_name,
            groups=group_names(t, lang, terms.groups),
            uses=terms.uses,
            expires=expires,
            link=link,
        ),
        forget=True,  # the outbox keeps no live link once it is sent
    )
