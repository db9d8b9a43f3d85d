"""Swaps: a member offers their next shift to a colleague of the rotation, who accepts or
declines with a button."""

from __future__ import annotations

from telegram import Update

from bot.core.permissions import Access
from bot.core.rendering import Reply
from bot.core.turn import Turn
from bot.members import directory
from bot.rosters import notify, prompts, rules, swaps
from bot.rosters.model import AnswerSwap, OfferSwap, OfferTo, RosterRefused
from handlers.gate import UraContext, pressed


@pressed(OfferSwap, Access.MEMBER)
async def offer_swap(update: Update, context: UraContext, turn: Turn, press: OfferSwap) -> None:
    assert turn.member is not None
    rotation = await rules.rotation(turn.session, press.rotation)
    if rotation is None or turn.member.id not in rotation.member_ids:
        turn.toast = turn.t("roster.swap.invalid")
        return
    colleagues = await swaps.colleagues(turn.session, rotation, turn.member)
    turn.reply(prompts.swap_colleagues(turn.translator, turn.lang, rotation, colleagues))


@pressed(OfferTo, Access.MEMBER)
async def offer_to(update: Update, context: UraContext, turn: Turn, press: OfferTo) -> None:
    assert turn.member is not None
    rotation = await rules.rotation(turn.session, press.rotation)
    colleague = await directory.by_id(turn.session, press.colleague)
    if rotation is None or colleague is None:
        turn.toast = turn.t("common.button_stale")
        return
    try:
        offer = await swaps.offer_swap(turn.session, turn.now, turn.member, rotation, colleague.id)
    except RosterRefused as refused:
        turn.toast = turn.t(refused.key)
        return
    notify.swap_offered(
        turn.session, turn.now, turn.translator, offer, turn.member, colleague, rotation, turn.zone
    )
    turn.reply(Reply(turn.t("roster.swap.sent", name=colleague.display_name)))


@pressed(AnswerSwap, Access.MEMBER)
async def answer_swap(update: Update, context: UraContext, turn: Turn, press: AnswerSwap) -> None:
    assert turn.member is not None
    try:
        offer = await swaps.answer_swap(
            turn.session, turn.now, turn.member, press.offer, press.accepted
        )
    except RosterRefused as refused:
        turn.toast = turn.t(refused.key)
        return
    offerer = await directory.by_id(turn.session, offer.created_by_member_id or 0)
    if offerer is not None:
        notify.swap_answered(
            turn.session, turn.now, turn.translator, offer, offerer, turn.member, turn.zone
        )
    done = "roster.swap.accepted_toast" if press.accepted else "roster.swap.declined_toast"
    turn.toast = turn.t(done)
