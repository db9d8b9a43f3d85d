"""Advisory Group monitoring requests: /request (guided), /requests, and the card's buttons
(answer, forward within the institution, close, open from the list)."""

from __future__ import annotations

from datetime import date
from typing import Any

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.core import flows
from bot.core.callbacks import Press
from bot.core.local_time import Refused
from bot.core.permissions import Access
from bot.core.rendering import Reply
from bot.core.turn import Turn
from bot.requests import forms, notify, render, rules
from bot.requests.model import Kind, RequestRefused, Target, Verdict
from handlers.drafts import open_draft
from handlers.gate import UraContext, button, guarded
from storage.members import Draft


@guarded(Access.MEMBER)
async def start_request(update: Update, context: UraContext, turn: Turn) -> None:
    assert turn.member is not None
    if not rules.may_ask(turn.member):
        turn.reply(Reply(turn.t("request.not_allowed")))
        return
    await flows.begin(turn.session, turn.now, turn.user_id, forms.ASK)
    turn.reply(render.kind_prompt(turn.translator, turn.lang))


async def answer_ask(turn: Turn, draft: Draft, value: str) -> None:
    """Each answer of /request; the last (an attachment or none) sends it."""
    assert turn.member is not None
    if draft.step == "due":
        due = forms.due_day(value, turn.now, turn.zone)
        if isinstance(due, Refused):
            turn.reply(Reply(turn.t(f"request.due.{due.reason}")))
            return
        draft.data, draft.step = {**draft.data, "due": due.isoformat()}, "attachment"
        turn.reply(render.attachment_prompt(turn.translator, turn.lang, forms.ASK.name))
        return
    regions = await rules.regions(turn.session)
    choices = {
        "kind": {k.value for k in Kind},
        "region": {str(g.id) for g in regions} | {Target.OFFICE.value},
        "sector": set(forms.SECTORS) | {Target.COMMITTEE.value},
        "attachment": {forms.NO_ATTACHMENT},
    }.get(draft.step)
    result = flows.answer(draft, forms.ASK, value, turn.now, choices)
    if result.error:
        turn.reply(Reply(turn.t(result.error)))
    elif result.next_step is None:
        await _send_request(turn, draft, None)
    elif result.next_step.name == "region":
        turn.reply(render.region_prompt(turn.translator, turn.lang, regions))
    elif result.next_step.name == "sector" and value != Target.OFFICE:
        turn.reply(render.sector_prompt(turn.translator, turn.lang, forms.SECTORS))
    elif result.next_step.name in ("sector", "text"):
        draft.step = "text"  # the office has no sectors to choose
        turn.reply(render.text_prompt(turn.translator, turn.lang, draft.data["kind"]))
    else:
        today = turn.now.astimezone(turn.zone).date()
        turn.reply(render.due_prompt(turn.translator, turn.lang, today))


async def _send_request(turn: Turn, draft: Draft, attachment: dict[str, Any] | None) -> None:
    assert turn.member is not None
    data = draft.data
    if not await flows.clear(turn.session, turn.user_id):
        return  # sent twice at once: the first one sent it
    due = date.fromisoformat(data["due"])
    try:
        reached = await rules.create(
            turn.session,
            turn.now,
            turn.member,
            Kind(data["kind"]),
            forms.address_of(data),
            data["text"],
            due,
            attachment,
            turn.zone,
        )
    except RequestRefused as refused:
        turn.reply(Reply(turn.t(refused.key)))
        return
    await notify.announce(turn.session, turn.now, turn.translator, turn.zone, reached, turn.member)
    count = sum(1 for _, role in reached.recipients if role.answers)
    turn.reply(Reply(turn.t("request.sent", id=reached.request.id, count=count)))


@button(Access.MEMBER)
async def start_answer(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    assert turn.member is not None
    request = await rules.find(turn.session, press.arg)
    role = await rules.role_of(turn.session, request, turn.member) if request else None
    if request is None or role is None or not role.answers or request.status == "closed":
        turn.toast = turn.t("request.not_addressee" if role is None else "request.closed")
        return
    draft = await flows.begin(
        turn.session, turn.now, turn.user_id, forms.ANSWER, {"request": request.id}
    )
    if request.kind == Kind.RECOMMENDATION:
        turn.reply(render.verdict_prompt(turn.translator, turn.lang))
    else:
        draft.step = "text"
        turn.reply(render.answer_text_prompt(turn.translator, turn.lang))


async def answer_reply(turn: Turn, draft: Draft, value: str) -> None:
    choices = {"verdict": {v.value for v in Verdict}, "attachment": {forms.NO_ATTACHMENT}}.get(
        draft.step
    )
    result = flows.answer(draft, forms.ANSWER, value, turn.now, choices)
    if result.error:
        turn.reply(Reply(turn.t(result.error)))
    elif result.next_step is None:
        await _send_answer(turn, draft, None)
    elif result.next_step.name == "text":
        turn.reply(render.answer_text_prompt(turn.translator, turn.lang))
    else:
        turn.reply(render.attachment_prompt(turn.translator, turn.lang, forms.ANSWER.name))


async def _send_answer(turn: Turn, draft: Draft, attachment: dict[str, Any] | None) -> None:
    assert turn.member is not None
    if not await flows.clear(turn.session, turn.user_id):
        return
    verdict = Verdict(draft.data["verdict"]) if draft.data.get("verdict") else None
    try:
        request, answer = await rules.answer(
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


@guarded(Access.ANYONE)  # silent unless it answers a request form; the form re-checks who
async def on_attachment(update: Update, context: UraContext, turn: Turn) -> None:
    message = update.effective_message
    ours = (forms.ASK.name, forms.ANSWER.name)
    mine = await flows.current(turn.session, turn.user_id)
    if message is None or mine is None or mine.flow not in ours:
        return  # other features may take this media: stay silent if not ours
    draft = await open_draft(context, turn)  # expired, or no longer allowed: told, not taken
    if draft is None or draft.flow not in ours or turn.member is None:
        return
    if draft.step != "attachment" or not (message.document or message.photo):
        turn.reply(Reply(turn.t("request.attachment.not_now")))
        return
    if message.document is not None:
        item = {
            "type": "document",
            "file_id": message.document.file_id,
            "filename": message.document.file_name or "document",
        }
    else:
        item = {"type": "photo", "file_id": message.photo[-1].file_id}
    send = _send_request if draft.flow == forms.ASK.name else _send_answer
    await send(turn, draft, item)


@button(Access.MEMBER)
async def forward_menu(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    assert turn.member is not None
    request = await rules.find(turn.session, press.arg)
    role = await rules.role_of(turn.session, request, turn.member) if request else None
    if request is None or role is None or not role.answers:
        turn.toast = turn.t("request.not_addressee")
        return
    people = await rules.colleagues(turn.session, request, turn.member)
    turn.reply(render.colleagues_prompt(turn.translator, turn.lang, request.id, people))


@button(Access.MEMBER)
async def forward_to(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    assert turn.member is not None
    request_id, _, colleague_id = press.arg.partition(".")
    try:
        request, colleague = await rules.forward(
            turn.session, turn.now, int(request_id), turn.member, int(colleague_id)
        )
    except RequestRefused as refused:
        turn.toast = turn.t(refused.key)
        return
    await notify.forwarded(turn.session, turn.now, turn.translator, turn.zone, request, colleague)
    turn.reply(Reply(turn.t("request.forward.done", id=request.id, name=colleague.display_name)))


@button(Access.MEMBER)
async def close(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    assert turn.member is not None
    try:
        request = await rules.close(turn.session, turn.now, int(press.arg), turn.member)
    except RequestRefused as refused:
        turn.toast = turn.t(refused.key)
        return
    await notify.refresh(turn.session, turn.now, turn.translator, turn.zone, request)
    turn.toast = turn.t("request.closed.done")


@guarded(Access.MEMBER)
async def list_requests(update: Update, context: UraContext, turn: Turn) -> None:
    assert turn.member is not None
    items = await rules.visible(turn.session, turn.member)
    shown = []
    for request in items:
        view = await notify.view(turn.session, request, turn.now, turn.zone)
        shown.append(
            (request, view.shown, render.address(turn.translator, turn.lang, request, view.group))
        )
    turn.reply(render.listing(turn.translator, turn.lang, shown))


@button(Access.MEMBER)
async def open_card(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    assert turn.member is not None
    request = await rules.find(turn.session, press.arg)
    if request is None or not await rules.may_read(turn.session, request, turn.member):
        turn.toast = turn.t("request.not_allowed")
        return
    view = await notify.view(turn.session, request, turn.now, turn.zone)
    role = (
        None
        if request.asker_member_id == turn.member.id
        else await rules.role_of(turn.session, request, turn.member)
    )
    turn.reply(render.card(turn.translator, turn.lang, view, role, turn.zone))


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.bot_data.flows[forms.ASK.name] = answer_ask
    app.bot_data.flows[forms.ANSWER.name] = answer_reply
    # Who may go on answering a saved form; the services check the rest (who may ask, who
    # was addressed) as the person is now.
    app.bot_data.flow_access[forms.ASK.name] = Access.MEMBER
    app.bot_data.flow_access[forms.ANSWER.name] = Access.MEMBER
    private = filters.ChatType.PRIVATE
    app.add_handler(CommandHandler("request", start_request, private))
    app.add_handler(CommandHandler("requests", list_requests, private))
    app.add_handler(CallbackQueryHandler(start_answer, pattern=r"^rqa:"))
    app.add_handler(CallbackQueryHandler(forward_menu, pattern=r"^rqf:"))
    app.add_handler(CallbackQueryHandler(forward_to, pattern=r"^rqF:"))
    app.add_handler(CallbackQueryHandler(close, pattern=r"^rqc:"))
    app.add_handler(CallbackQueryHandler(open_card, pattern=r"^rqv:"))
    media = (filters.PHOTO | filters.Document.ALL) & private
    # Its own group, before the flows' answer to media nobody takes (group 14).
    app.add_handler(MessageHandler(media, on_attachment), group=9)
