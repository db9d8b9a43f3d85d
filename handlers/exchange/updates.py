"""/update (guided: group, topic, text, optional photo/document/location), relayed to the
group's members and linked chats; registers the rest of the exchange's handlers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from telegram import Update
from telegram.ext import Application, CommandHandler, MessageHandler, filters

from bot.core import flows
from bot.core.i18n import Translator
from bot.core.labels import prompt
from bot.core.permissions import Access, Role, may
from bot.core.rendering import Reply
from bot.core.turn import Turn
from bot.delivery import enqueue_edit
from bot.exchange import updates
from bot.exchange.render import messages
from bot.exchange.updates import FLOW, NO_ATTACHMENT, Relay
from bot.log.entries import TOPICS
from handlers.drafts import open_draft
from handlers.exchange.fanout import deliver
from handlers.gate import UraContext, guarded
from storage.members import Draft, Group
from storage.outbox import OutboxMessage


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
    coordinator = turn.member.role == Role.COORDINATOR
    picker = turn.reply(messages.group_prompt(turn.translator, turn.lang, groups, coordinator))
    await turn.session.flush()
    draft.data = {"picker": picker.id, "picked": []}


async def answer_update(turn: Turn, draft: Draft, value: str) -> None:
    """Takes each answer; the last (an attachment or none) relays the update."""
    assert turn.member is not None
    groups = await updates.groups_for(turn.session, turn.member)
    if draft.step == "group" and turn.member.role == Role.COORDINATOR:
        several = await _pick_several(turn, draft, value, groups)
        if several is None:
            return  # a group ticked or unticked; the picker shows it
        value = several
    choices = {
        "group": {str(g.id) for g in groups} | {updates.ALL_GROUPS, value},
        "topic": set(TOPICS),
        "attachment": {NO_ATTACHMENT},
    }.get(draft.step)
    if draft.step == "text":
        draft.data = {**draft.data, "source": turn.message_id}
    result = flows.answer(draft, FLOW, value, turn.now, choices)
    if result.error:
        turn.reply(Reply(turn.t(result.error, **result.values)))
    elif result.next_step is not None:
        ask: dict[str, Callable[[Translator, str], Reply]] = {
            "topic": messages.topic_prompt,
            "attachment": messages.attachment_prompt,
        }
        turn.reply(ask.get(result.next_step.name, _text_prompt)(turn.translator, turn.lang))
    else:
        await _publish(turn, draft, [])


async def _pick_several(
    turn: Turn, draft: Draft, value: str, groups: Sequence[Group]
) -> str | None:
    """A coordinator ticks groups on the picker; Done (or "all groups") is the answer."""
    picked: list[str] = list(draft.data.get("picked", []))
    if value == updates.ALL_GROUPS:
        return value
    if value == updates.PICKED:
        if picked:
            return ",".join(picked)
        turn.toast = turn.t("exchange.groups.none_ticked")
        return None
    draft.data = {**draft.data, "picked": updates.toggle(picked, value, groups)}
    picker = await turn.session.get(OutboxMessage, draft.data.get("picker") or 0)
    if picker is not None:
        again = messages.group_prompt(
            turn.translator, turn.lang, groups, True, draft.data["picked"]
        )
        await enqueue_edit(turn.session, target=picker, reply=again, now=turn.now)
    return None


def _text_prompt(t: Translator, lang: str) -> Reply:
    return prompt(t, lang, "exchange.text.prompt")


async def _publish(turn: Turn, draft: Draft, attachments: list[dict[str, Any]]) -> None:
    assert turn.member is not None
    data = draft.data
    allowed = await updates.groups_for(turn.session, turn.member)
    groups = updates.chosen_groups(data["group"], allowed)
    source = (turn.chat_id, int(data["source"])) if data.get("source") else None
    relay = await updates.publish_update(
        turn.session,
        turn.now,
        turn.member,
        groups,
        data["topic"],
        data["text"],
        attachments,
        source,
    )
    await flows.clear(turn.session, turn.user_id)
    deliver(turn, relay)
    turn.reply(Reply(turn.tn("exchange.sent", len(relay.to_members), groups=_names(relay))))


def _names(relay: Relay) -> str:
    return ", ".join(g.name for g in relay.groups)


@guarded(Access.ANYONE)  # media outside this flow is not for it (handlers/flows answers it)
async def on_attachment(update: Update, context: UraContext, turn: Turn) -> None:
    message = update.effective_message
    mine = await flows.current(turn.session, turn.user_id)
    if mine is None or mine.flow != FLOW.name:
        return  # other features may take this media: stay silent if not ours
    draft = await open_draft(context, turn)
    if message is None or draft is None or draft.flow != FLOW.name:
        return
    if not may(turn.member, Access.MEMBER):  # suspended half-way
        await flows.clear(turn.session, turn.user_id)
        turn.reply(Reply(turn.t("common.not_allowed")))
        return
    if draft.step != "attachment":
        turn.reply(Reply(turn.t("exchange.attachment.not_now")))
        return
    item: dict[str, Any]
    if message.photo:
        item = {"type": "photo", "file_id": message.photo[-1].file_id}
    elif message.document is not None:
        item = {"type": "document", "file_id": message.document.file_id}
        item["filename"] = message.document.file_name or "document"
    else:
        assert message.location is not None
        spot = message.location
        item = {"type": "location", "latitude": spot.latitude, "longitude": spot.longitude}
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
