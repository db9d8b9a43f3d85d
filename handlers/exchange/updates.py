"""/update (guided: group, topic, text, optional photo/document/location), relayed to the
group's members and linked chats by `bot.exchange.notify`."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from telegram import Update
from telegram.ext import Application, CommandHandler, MessageHandler, filters

from bot.core import flows
from bot.core.attachments import Attachment
from bot.core.i18n import Translator
from bot.core.permissions import Access, may
from bot.core.rendering import Reply
from bot.core.turn import Turn
from bot.delivery import enqueue_edit
from bot.exchange import notify, updates
from bot.exchange.model import ALL_GROUPS, PICKED, Step
from bot.exchange.render import messages
from bot.exchange.updates import FLOW
from handlers.drafts import open_draft
from handlers.gate import UraContext, guarded
from handlers.media import attachment_of
from storage.members import Draft, Group

ASK: dict[str, Callable[[Translator, str], Reply]] = {
    Step.TOPIC: messages.topic_prompt,
    Step.TEXT: messages.text_prompt,
    Step.ATTACHMENT: messages.attachment_prompt,
}


@guarded(Access.MEMBER)
async def start_update(update: Update, context: UraContext, turn: Turn) -> None:
    assert turn.member is not None
    groups = await updates.groups_for(turn.session, turn.member)
    if not groups:
        turn.reply(Reply(turn.t("exchange.no_groups")))
        return
    draft = await flows.begin(turn.session, turn.now, turn.user_id, FLOW)
    if len(groups) == 1:  # nothing to choose: go straight to the topic
        flows.answer(draft, FLOW, str(groups[0].id), turn.now, {str(groups[0].id)})
        turn.reply(messages.topic_prompt(turn.translator, turn.lang))
        return
    several = updates.picks_several(turn.member)
    picker = turn.reply(messages.group_prompt(turn.translator, turn.lang, groups, several))
    await turn.session.flush()
    draft.data = {"picker": picker.id, "picked": []}


async def answer_update(turn: Turn, draft: Draft, value: str) -> None:
    """Takes each answer; the last (an attachment or none) relays the update."""
    assert turn.member is not None
    groups = await updates.groups_for(turn.session, turn.member)
    if draft.step == Step.GROUP and updates.picks_several(turn.member):
        several = await _pick_several(turn, draft, value, groups)
        if several is None:
            return  # a group ticked or unticked; the picker shows it
        value = several
    if draft.step == Step.TEXT:
        draft.data = {**draft.data, "source": turn.message_id}
    choices = updates.choices(draft.step, value, groups)
    result = flows.answer(draft, FLOW, value, turn.now, choices)
    if result.error:
        turn.reply(Reply(turn.t(result.error, **result.values)))
    elif result.next_step is not None:
        turn.reply(ASK[result.next_step.name](turn.translator, turn.lang))
    else:
        await _publish(turn, draft, [])


async def _pick_several(
    turn: Turn, draft: Draft, value: str, groups: Sequence[Group]
) -> str | None:
    """A coordinator ticks groups on the picker; Done (or "all groups") is the answer."""
    picked: list[str] = list(draft.data.get("picked", []))
    if value == ALL_GROUPS:
        return value
    if value == PICKED:
        if picked:
            return ",".join(picked)
        turn.toast = turn.t("exchange.groups.none_ticked")
        return None
    picked = updates.tick(picked, value, groups)
    draft.data = {**draft.data, "picked": picked}
    picker = await updates.picker_message(turn.session, draft.data.get("picker"))
    if picker is not None:
        again = messages.group_prompt(turn.translator, turn.lang, groups, True, picked)
        await enqueue_edit(turn.session, target=picker, reply=again, now=turn.now)
    return None


async def _publish(turn: Turn, draft: Draft, attachments: list[Attachment]) -> None:
    assert turn.member is not None
    data = draft.data
    allowed = await updates.groups_for(turn.session, turn.member)
    groups = updates.chosen_groups(data[Step.GROUP], allowed)
    source = (turn.chat_id, int(data["source"])) if data.get("source") else None
    topic, text = data[Step.TOPIC], data[Step.TEXT]
    relay = await updates.publish_update(
        turn.session, turn.now, turn.member, groups, topic, text, attachments, source
    )
    await flows.clear(turn.session, turn.user_id)
    notify.deliver(turn, relay)
    names = ", ".join(g.name for g in relay.groups)
    turn.reply(Reply(turn.tn("exchange.sent", len(relay.to_members), groups=names)))


@guarded(Access.ANYONE)  # media outside this flow is not for it (handlers/flows answers it)
async def on_attachment(update: Update, context: UraContext, turn: Turn) -> None:
    mine = await flows.current(turn.session, turn.user_id)
    if mine is None or mine.flow != FLOW.name:
        return  # other features may take this media: stay silent if not ours
    draft = await open_draft(context, turn)
    item = attachment_of(update.effective_message)
    if item is None or draft is None or draft.flow != FLOW.name:
        return
    if not may(turn.member, Access.MEMBER):  # suspended half-way
        await flows.clear(turn.session, turn.user_id)
        turn.reply(Reply(turn.t("common.not_allowed")))
        return
    if draft.step != Step.ATTACHMENT:
        turn.reply(Reply(turn.t("exchange.attachment.not_now")))
        return
    await _publish(turn, draft, [item])


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.bot_data.flows[FLOW.name] = answer_update
    app.bot_data.flow_access[FLOW.name] = Access.MEMBER
    # Private chats only: in a group chat the questions and the relayed text would be read by
    # everyone there, members of Ura or not.
    app.add_handler(CommandHandler("update", start_update, filters.ChatType.PRIVATE))
    media = (filters.PHOTO | filters.Document.ALL | filters.LOCATION) & filters.ChatType.PRIVATE
    # Its own group, so media reaches this flow whatever other features do with it.
    app.add_handler(MessageHandler(media, on_attachment), group=13)
