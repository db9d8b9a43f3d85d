"""Who is told what about a membership request: every coordinator gets its card, and every
coordinator's copy says who decided it."""

from __future__ import annotations

from bot.core.permissions import Role
from bot.core.turn import Turn
from bot.delivery import copies, enqueue_edit
from bot.members import directory
from bot.onboarding import access, render
from storage.members import AccessRequest, Group

REQUEST = "access_request"  # the ref of the card's copies


async def requested(turn: Turn, request: AccessRequest, region: Group | None) -> None:
    for coordinator in await directory.coordinators(turn.session):
        turn.notify(
            coordinator,
            lambda lang: render.access_card(turn.translator, lang, request, region),
            ref=(REQUEST, request.id),
        )


async def decided(turn: Turn, request: AccessRequest) -> None:
    """Every copy held by someone who is a coordinator now says who decided, in their language."""
    region = await access.region(turn.session, request)
    decider = await access.decider_name(turn.session, request)
    for copy in await copies(turn.session, (REQUEST, request.id), role=Role.COORDINATOR):
        reader = await directory.by_id(turn.session, copy.member_id or 0)
        lang = reader.language if reader else turn.lang
        card = render.access_card(turn.translator, lang, request, region, decided_by=decider)
        await enqueue_edit(turn.session, target=copy, reply=card, now=turn.now)
