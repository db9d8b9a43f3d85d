"""/broadcast (guided): the audience, the texts, a document, the preview, now or later."""

from __future__ import annotations

from datetime import datetime

from telegram import Update

from bot.broadcasts import audience, drafting, rules
from bot.broadcasts.audience import Snapshot
from bot.broadcasts.model import AudienceKind, FlowStep, Send, Skip
from bot.broadcasts.progress import label
from bot.broadcasts.render import flow
from bot.broadcasts.render import messages as render
from bot.broadcasts.rules import FLOW, Spec
from bot.core import flows
from bot.core.permissions import Access, may
from bot.core.picker import DONE
from bot.core.rendering import Reply
from bot.core.turn import Turn
from bot.members import directory
from handlers.drafts import open_draft
from handlers.gate import UraContext, guarded, pressed
from handlers.media import attachment_of
from storage.members import Draft

SEND_CHOICES = {str(s) for s in Send}


@guarded(Access.COORDINATOR)
async def start_broadcast(update: Update, context: UraContext, turn: Turn) -> None:
    await _ask(turn, await flows.begin(turn.session, turn.now, turn.user_id, FLOW))


async def _ask(turn: Turn, draft: Draft) -> None:
    """The question of the draft's current step."""
    t, lang, step, data = turn.translator, turn.lang, draft.step, draft.data
    if step == FlowStep.TO and data["audience"] == AudienceKind.GROUPS:
        groups = await directory.all_groups(turn.session)
        row = turn.reply(render.group_picker(t, lang, groups, set(data.get("groups", []))))
        await turn.session.flush()
        draft.data = {**data, "picker": row.id}  # edited in place as groups are ticked
    elif step == FlowStep.CONFIRM:
        spec = Spec.from_draft(data)
        reach = await audience.reach(turn.session, spec.audience)
        groups = await audience.groups_of(turn.session, spec.audience)
        turn.reply(flow.preview(t, lang, spec, reach, groups))
        if not reach.recipients:  # the preview says so; nothing left to confirm
            await flows.clear(turn.session, turn.user_id)
    else:
        kind = data.get("audience", "")
        turn.reply(flow.question(t, lang, FlowStep(step), kind, turn.now, turn.zone))


async def answer_broadcast(turn: Turn, draft: Draft, value: str) -> None:
    """Typed answers and choice buttons of /broadcast."""
    if not may(turn.member, Access.COORDINATOR):  # suspended half-way
        await flows.clear(turn.session, turn.user_id)
        turn.reply(Reply(turn.t("common.not_allowed")))
    elif draft.step == FlowStep.TO and draft.data.get("audience") == AudienceKind.GROUPS:
        await _tick(turn, draft, value)
    elif draft.step == FlowStep.ATTACHMENT:  # typed text where a document was asked for
        await _ask(turn, draft)
    elif draft.step == FlowStep.WHEN:
        moment = rules.parse_send_time(value, turn.now, turn.zone)
        if isinstance(moment, str):
            turn.reply(flow.when_prompt(turn.translator, turn.lang, moment, turn.now, turn.zone))
        else:
            await _create(turn, draft, moment)
    else:
        await _choose(turn, draft, value)


def _choices(turn: Turn, step: str, kind: str) -> set[str] | None:
    """The values a choice step takes (None for a typed step)."""
    if step == FlowStep.AUDIENCE:
        return {v for v, _ in flow.audience_choices(turn.translator, turn.lang)}
    if step == FlowStep.TO:
        return {v for v, _ in flow.target_choices(turn.translator, turn.lang, kind)}
    return SEND_CHOICES if step == FlowStep.CONFIRM else None


async def _choose(turn: Turn, draft: Draft, value: str) -> None:
    step = draft.step
    choices = _choices(turn, step, draft.data.get("audience") or "")
    result = flows.answer(draft, FLOW, value, turn.now, choices)
    if result.error:
        turn.reply(Reply(turn.t(result.error, **result.values)))
    elif step == FlowStep.CONFIRM and value == Send.CANCEL:
        await flows.clear(turn.session, turn.user_id)
        await turn.close_pressed(turn.t("flows.pressed.cancelled"))
        turn.reply(Reply(turn.t("common.cancelled")))
    elif step == FlowStep.CONFIRM and value == Send.NOW:
        await _create(turn, draft, None)
    else:
        if step == FlowStep.CONFIRM:  # "later": the preview's buttons are used; the time is asked
            await turn.close_pressed(turn.t("flows.pressed.later"))
        if step == FlowStep.AUDIENCE and value == AudienceKind.EVERYONE:
            draft.step = FlowStep.TEXT_SQ
        await _ask(turn, draft)


async def _tick(turn: Turn, draft: Draft, value: str) -> None:
    """A group ticked or unticked on the picker (edited in place), or Done."""
    if value != DONE:
        args = (turn.session, turn.now, turn.translator, turn.lang, draft)
        if not await drafting.tick(*args, value):
            turn.toast = turn.t("common.button_stale")
    elif not draft.data.get("groups"):
        turn.reply(Reply(turn.t("broadcast.groups.none")))
    else:
        draft.step = FlowStep.TEXT_SQ
        await _ask(turn, draft)


@pressed(Skip, Access.COORDINATOR)
async def skip(update: Update, context: UraContext, turn: Turn, press: Skip) -> None:
    draft = await open_draft(context, turn)
    if draft is None or (draft.flow, draft.step) != (FLOW.name, press.step):
        turn.toast = turn.t("common.button_stale")
        return
    await _advance(turn, draft, None)


async def _advance(turn: Turn, draft: Draft, value: object) -> None:
    following = FLOW.after(draft.step)
    assert following is not None
    draft.data = {**draft.data, draft.step: value}
    draft.step = following.name
    await _ask(turn, draft)


@guarded(Access.ANYONE)  # other features may take documents too: stay silent if not ours
async def on_document(update: Update, context: UraContext, turn: Turn) -> None:
    mine = await flows.current(turn.session, turn.user_id)
    if mine is None or mine.flow != FLOW.name:
        return  # other features may take this media: stay silent if not ours
    draft = await open_draft(context, turn)
    found = drafting.document(attachment_of(update.effective_message))
    if found is None or draft is None or draft.flow != FLOW.name:
        return
    if draft.step != FlowStep.ATTACHMENT or not may(turn.member, Access.COORDINATOR):
        turn.reply(Reply(turn.t("broadcast.attachment.not_now")))
        return
    await _advance(turn, draft, found.to_json())


async def _create(turn: Turn, draft: Draft, send_at: datetime | None) -> None:
    assert turn.member is not None
    compose = render.composer(turn.translator)
    spec = Spec.from_draft(draft.data)
    await flows.clear(turn.session, turn.user_id)
    try:
        broadcast = await rules.create(turn.session, turn.now, turn.member, spec, send_at, compose)
    except rules.NobodyToSend:
        turn.reply(Reply(turn.t("broadcast.preview.nobody")))
        return
    await turn.close_pressed(turn.t("flows.pressed.sent_broadcast", id=broadcast.id))
    shown = await label(turn.session, turn.translator, turn.lang, broadcast)
    state = Snapshot(total=broadcast.recipients, pending=broadcast.recipients)
    reply = render.progress(turn.translator, turn.lang, broadcast, state, shown, turn.zone)
    row = turn.reply(reply, ref=("broadcast", broadcast.id))
    await turn.session.flush()
    broadcast.progress_outbox_id = row.id
