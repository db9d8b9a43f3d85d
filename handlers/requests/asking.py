"""/request: the guided form that asks an institution a question or makes a recommendation,
and the attachment either form may end with."""

from __future__ import annotations

from datetime import date

from telegram import Update

from bot.core import flows
from bot.core.attachments import Attachment, AttachmentKind
from bot.core.local_time import Refused
from bot.core.permissions import Access
from bot.core.rendering import Reply
from bot.core.turn import Turn
from bot.requests import forms, notify, render, rules
from bot.requests.model import DUE_REFUSED, AskStep, Kind, RequestRefused, Target
from handlers.drafts import open_draft
from handlers.gate import UraContext, guarded
from handlers.media import attachment_of
from handlers.requests.answering import send_answer
from storage.members import Draft


@guarded(Access.MEMBER)
async def start_request(update: Update, context: UraContext, turn: Turn) -> None:
    assert turn.member is not None
    if not rules.may_ask(turn.member):
        turn.reply(Reply(turn.t("request.not_allowed")))
        return
    await flows.begin(turn.session, turn.now, turn.user_id, forms.ASK)
    turn.reply(render.kind_prompt(turn.translator, turn.lang))


def _due(turn: Turn, draft: Draft, value: str) -> None:
    due = forms.due_day(value, turn.now, turn.zone)
    if isinstance(due, Refused):
        turn.reply(Reply(turn.t(DUE_REFUSED[due.reason])))
        return
    draft.data, draft.step = {**draft.data, "due": due.isoformat()}, AskStep.ATTACHMENT
    turn.reply(render.attachment_prompt(turn.translator, turn.lang, forms.ASK.name))


async def answer_ask(turn: Turn, draft: Draft, value: str) -> None:
    """Each answer of /request; the last (an attachment or none) sends it."""
    assert turn.member is not None
    if draft.step == AskStep.DUE:
        _due(turn, draft, value)
        return
    regions = await rules.regions(turn.session)
    choices = forms.ask_choices(draft.step, regions)
    result = flows.answer(draft, forms.ASK, value, turn.now, choices)
    following = result.next_step.name if result.next_step is not None else None
    t, lang = turn.translator, turn.lang
    if result.error:
        turn.reply(Reply(turn.t(result.error)))
    elif following is None:
        await _send_request(turn, draft, None)
    elif following == AskStep.REGION:
        turn.reply(render.region_prompt(t, lang, regions))
    elif following == AskStep.SECTOR and value != Target.OFFICE:
        turn.reply(render.sector_prompt(t, lang, forms.SECTORS))
    elif following in (AskStep.SECTOR, AskStep.TEXT):
        draft.step = AskStep.TEXT  # the office has no sectors to choose
        turn.reply(render.text_prompt(t, lang, Kind(draft.data["kind"])))
    else:
        turn.reply(render.due_prompt(t, lang, turn.now.astimezone(turn.zone).date()))


async def _send_request(turn: Turn, draft: Draft, attachment: Attachment | None) -> None:
    assert turn.member is not None
    data = draft.data
    if not await flows.clear(turn.session, turn.user_id):
        return  # sent twice at once: the first one sent it
    try:
        reached = await rules.create(
            turn.session,
            turn.now,
            turn.member,
            Kind(data["kind"]),
            forms.address_of(data),
            data["text"],
            date.fromisoformat(data["due"]),
            attachment,
            turn.zone,
        )
    except RequestRefused as refused:
        turn.reply(Reply(turn.t(refused.key)))
        return
    await notify.announce(turn.session, turn.now, turn.translator, turn.zone, reached, turn.member)
    count = sum(1 for _, role in reached.recipients if role.answers)
    turn.reply(Reply(turn.t("request.sent", id=reached.request.id, count=count)))


@guarded(Access.ANYONE)  # silent unless it answers a request form; the form re-checks who
async def on_attachment(update: Update, context: UraContext, turn: Turn) -> None:
    ours = (forms.ASK.name, forms.ANSWER.name)
    mine = await flows.current(turn.session, turn.user_id)
    if update.effective_message is None or mine is None or mine.flow not in ours:
        return  # other features may take this media: stay silent if not ours
    draft = await open_draft(context, turn)  # expired, or no longer allowed: told, not taken
    if draft is None or draft.flow not in ours or turn.member is None:
        return
    attachment = attachment_of(update.effective_message)
    kept = attachment is not None and attachment.kind is not AttachmentKind.LOCATION
    if draft.step != AskStep.ATTACHMENT or not kept:
        turn.reply(Reply(turn.t("request.attachment.not_now")))
        return
    send = _send_request if draft.flow == forms.ASK.name else send_answer
    await send(turn, draft, attachment)
