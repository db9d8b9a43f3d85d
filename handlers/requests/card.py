"""A request's card and /requests: forward to a colleague, close, open one from the list."""

from __future__ import annotations

from telegram import Update

from bot.core.permissions import Access
from bot.core.rendering import Reply
from bot.core.turn import Turn
from bot.requests import notify, reading, render, work
from bot.requests.model import (
    CloseRequest,
    ForwardMenu,
    ForwardTo,
    OpenRequest,
    RequestRefused,
)
from handlers.gate import UraContext, guarded, pressed


@pressed(ForwardMenu, Access.MEMBER)
async def forward_menu(update: Update, context: UraContext, turn: Turn, press: ForwardMenu) -> None:
    assert turn.member is not None
    request = await reading.find(turn.session, press.request)
    role = await reading.role_of(turn.session, request, turn.member) if request else None
    if request is None or role is None or not role.answers:
        turn.toast = turn.t("request.not_addressee")
        return
    people = await reading.colleagues(turn.session, request, turn.member)
    turn.reply(render.colleagues_prompt(turn.translator, turn.lang, request.id, people))


@pressed(ForwardTo, Access.MEMBER)
async def forward_to(update: Update, context: UraContext, turn: Turn, press: ForwardTo) -> None:
    assert turn.member is not None
    try:
        request, colleague = await work.forward(
            turn.session, turn.now, press.request, turn.member, press.colleague
        )
    except RequestRefused as refused:
        turn.toast = turn.t(refused.key)
        return
    await notify.forwarded(turn.session, turn.now, turn.translator, turn.zone, request, colleague)
    turn.reply(Reply(turn.t("request.forward.done", id=request.id, name=colleague.display_name)))


@pressed(CloseRequest, Access.MEMBER)
async def close(update: Update, context: UraContext, turn: Turn, press: CloseRequest) -> None:
    assert turn.member is not None
    try:
        request = await work.close(turn.session, turn.now, press.request, turn.member)
    except RequestRefused as refused:
        turn.toast = turn.t(refused.key)
        return
    await notify.refresh(turn.session, turn.now, turn.translator, turn.zone, request)
    turn.toast = turn.t("request.closed.done")


@guarded(Access.MEMBER)
async def list_requests(update: Update, context: UraContext, turn: Turn) -> None:
    assert turn.member is not None
    turn.reply(
        await notify.listing(
            turn.session, turn.now, turn.translator, turn.lang, turn.zone, turn.member
        )
    )


@pressed(OpenRequest, Access.MEMBER)
async def open_card(update: Update, context: UraContext, turn: Turn, press: OpenRequest) -> None:
    assert turn.member is not None
    request = await reading.find(turn.session, press.request)
    if request is None or not await reading.may_read(turn.session, request, turn.member):
        turn.toast = turn.t("request.not_allowed")
        return
    view = await notify.view(turn.session, request, turn.now, turn.zone)
    role = await reading.reader_role(turn.session, request, turn.member)
    turn.reply(render.card(turn.translator, turn.lang, view, role, turn.zone))
