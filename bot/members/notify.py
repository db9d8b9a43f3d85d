"""Who is told what about people: the coordinators get the question when an invite would change
someone's role, and every coordinator's copy says who decided it."""

from __future__ import annotations

from bot.core.permissions import Role
from bot.core.turn import Turn
from bot.delivery import copies, enqueue_edit
from bot.members import directory
from bot.members.render import people
from storage.members import Member

ROLE_QUESTION = "role_question"  # the ref of the question's copies


async def role_asked(turn: Turn, member: Member, asked: Role) -> None:
    """A role is never changed silently: every coordinator is asked."""
    for coordinator in await directory.coordinators(turn.session):
        turn.notify(
            coordinator,
            lambda lang: people.role_question(turn.translator, lang, member, asked),
            ref=(ROLE_QUESTION, member.id),
        )


async def role_decided(turn: Turn, target: Member, asked: Role, decider: Member) -> None:
    """Every copy held by someone who is a coordinator now says who decided, in their language."""
    for copy in await copies(turn.session, (ROLE_QUESTION, target.id), role=Role.COORDINATOR):
        reader = await directory.by_id(turn.session, copy.member_id or 0)
        lang = reader.language if reader else turn.lang
        decided = turn.translator(lang, "audience.role.decided", by=decider.display_name)
        card = people.role_question(turn.translator, lang, target, asked, decided=decided)
        await enqueue_edit(turn.session, target=copy, reply=card, now=turn.now)
