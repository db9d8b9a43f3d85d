"""A person's saved form, as the gate lets them answer it.

A form is answered under the rules of the command that opened it, for who the person is
*now*: each flow declares its Access (``bot_data.flow_access``); an answer from someone it no
longer allows deletes the form. A form left longer than ``URA_FLOW_EXPIRY`` is deleted too.
"""

from __future__ import annotations

from bot.core import audit, flows
from bot.core.permissions import may
from bot.core.rendering import Reply
from bot.core.turn import Turn
from handlers.gate import UraContext, refuse
from storage.members import Draft


async def open_draft(context: UraContext, turn: Turn) -> Draft | None:
    """The saved form, if it may still be answered; otherwise None (and the person told)."""
    if await flows.expire(turn.session, turn.user_id, turn.now, turn.settings.flow_expiry):
        audit.record(turn.session, turn.now, "flow.expired", actor_telegram_id=turn.user_id)
        turn.reply(Reply(turn.t("gate.flow_expired")))
        return None
    draft = await flows.current(turn.session, turn.user_id)
    if draft is None:
        return None
    access = context.bot_data.flow_access.get(draft.flow)
    if access is None or not may(turn.member, access):  # undeclared flows are refused
        await flows.clear(turn.session, turn.user_id)
        refuse(turn, "flow.refused", flow=draft.flow, step=draft.step)
        return None
    return draft


async def answer(context: UraContext, turn: Turn, draft: Draft, value: str) -> None:
    await context.bot_data.flows[draft.flow](turn, draft, value)
