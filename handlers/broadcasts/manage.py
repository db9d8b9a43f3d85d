"""A broadcast once sent: stop it, send it again to those it missed, /broadcasts and the
delivery report."""

from __future__ import annotations

from telegram import Update

from bot.broadcasts import progress, settling
from bot.broadcasts.model import (
    FAILED_OUTCOMES,
    UNCERTAIN_OUTCOMES,
    Older,
    OpenReport,
    Resend,
    ResendUncertain,
    Stop,
)
from bot.broadcasts.render import messages as render
from bot.core.permissions import Access
from bot.core.rendering import Reply
from bot.core.turn import Turn
from handlers.gate import UraContext, guarded, pressed


@pressed(Stop, Access.COORDINATOR)
async def cancel(update: Update, context: UraContext, turn: Turn, press: Stop) -> None:
    assert turn.member is not None
    stopped = await settling.stop(turn.session, turn.now, press.broadcast, turn.member)
    if stopped is None:
        turn.toast = turn.t("broadcast.already_over")
        return
    broadcast, count = stopped
    await progress.publish(turn.session, turn.now, turn.translator, turn.zone, broadcast)
    turn.toast = turn.tn("broadcast.cancelled", count)


@pressed(Resend, Access.COORDINATOR)
async def resend(update: Update, context: UraContext, turn: Turn, press: Resend) -> None:
    await _resend(turn, press.broadcast, FAILED_OUTCOMES)


@pressed(ResendUncertain, Access.COORDINATOR)
async def resend_uncertain(
    update: Update, context: UraContext, turn: Turn, press: ResendUncertain
) -> None:
    await _resend(turn, press.broadcast, UNCERTAIN_OUTCOMES)


async def _resend(turn: Turn, broadcast_id: int, outcomes: frozenset[str]) -> None:
    assert turn.member is not None
    compose = render.composer(turn.translator)
    args = (turn.session, turn.now, broadcast_id, turn.member, compose, outcomes)
    if (done := await settling.resend(*args)) is None:
        turn.toast = turn.t("broadcast.nothing_to_resend")
        return
    broadcast, count = done
    await progress.publish(turn.session, turn.now, turn.translator, turn.zone, broadcast)
    turn.reply(Reply(turn.tn("broadcast.resent", count, id=broadcast.id)))


@guarded(Access.COORDINATOR)
async def list_broadcasts(update: Update, context: UraContext, turn: Turn) -> None:
    args = (turn.session, turn.translator, turn.lang, turn.zone)
    turn.reply(await progress.overview(*args, 0))


@pressed(Older, Access.COORDINATOR)
async def older(update: Update, context: UraContext, turn: Turn, press: Older) -> None:
    args = (turn.session, turn.translator, turn.lang, turn.zone)
    turn.reply(await progress.overview(*args, press.offset))


@pressed(OpenReport, Access.COORDINATOR)
async def open_report(update: Update, context: UraContext, turn: Turn, press: OpenReport) -> None:
    args = (turn.session, turn.now, turn.translator, turn.lang, turn.zone)
    shown = await progress.report_of(*args, press.broadcast)
    if shown is None:
        turn.toast = turn.t("common.button_stale")
        return
    turn.reply(shown)
