"""Answering a monitoring request: the Answer button on a card, and the form it begins
(a verdict for a recommendation, the text, an attachment)."""

from __future__ import annotations

from telegram import Update

from bot.core import flows
from bot.core.attachments import Attachment
from bot.core.permissions import Access
from bot.core.rendering import Reply
from bot.core.turn import Turn
from bot.requests import forms, notify, reading, render, work
from bot.requests.model import AnswerStep, Kind, RequestRefused, StartAnswer, Verdict
from handlers.gate import UraContext, pressed
from storage.members import Draft


@pressed(StartAnswer, Access.MEMBER)
async def start_answer(update: Update, context: UraContext, turn: Turn, press: StartAnswer) -> None:
    assert turn.member is not None
    request = await reading.find(turn.session, press.request)
    refused = await reading.why_not_answer(turn.session, request, turn.member)
    if request is None or refused is not None:
        turn.toast = turn.t(refused or "request.not_addressee")
        return
    draft = await flows.begin(
        turn.session, turn.now, turn.user_id, forms.ANSWER, {"request": request.id}
    )
    if request.kind == Kind.RECOMMENDATION:
        turn.reply(render.verdict_prompt(turn.translator, turn.lang))
    else:
        draft.step = AnswerStep.TEXT
        turn.reply(render.answer_text_prompt(turn.translator, turn.lang))


async def answer_reply(turn: Turn, draft: Draft, value: str) -> None:
    choices = forms.answer_choices(draft.step)
    result = flows.answer(draft, forms.ANSWER, value, turn.now, choices)
    if result.error:
        turn.reply(Reply(turn.t(result.error)))
    elif result.next_step is None:
        await send_answer(turn, draft, None)
    elif result.next_step.name == AnswerStep.TEXT:
        turn.reply(render.answer_text_prompt(turn.translator, turn.lang))
    else:
        turn.reply(render.attachment_prompt(turn.translator, turn.lang, forms.ANSWER.name))


async def send_answer(turn: Turn, draft: Draft, attachment: Attachment | None) -> None:
    assert turn.member is not None
    if not await flows.clear(turn.session, turn.user_id):
        return
    verdict = Verdict(draft.data["verdict"]) if draft.data.get("verdict") else None
    try:
        request, answer = await work.answer(
            turn.session,
            turn.now,
            int(draft.data["request"]),
            turn.member,
            draft.data["text"],
            verdict,
            attachment,
        )
    except RequestRefused as refused:
        turn.reply(Reply(turn.t(refused.key)))
        return
    await notify.answered(
        turn.session, turn.now, turn.translator, turn.zone, request, answer, turn.member
    )
    turn.reply(Reply(turn.t("request.answer.sent", id=request.id)))
