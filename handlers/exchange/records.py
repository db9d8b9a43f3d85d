"""The record of the exchange: /history (paged with a button), /search and /export."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler, filters

from bot.core import parse
from bot.core.permissions import Access
from bot.core.rendering import Reply
from bot.core.text import quote
from bot.core.turn import Turn
from bot.delivery import enqueue_edit, sent_message
from bot.exchange import export_job, links, scopes
from bot.exchange import search as exchange_search
from bot.exchange.model import OlderPage
from bot.exchange.render import messages
from handlers.gate import UraContext, guarded, pressed

REFUSED = {
    "bad_day": "input.bad_day",
    "too_many_days": "input.too_many_days",
}
EXPORT_REFUSED = {
    scopes.Refused.UNKNOWN: "exchange.scope.unknown",
    scopes.Refused.NOT_ALLOWED: "exchange.export.not_allowed",
}


async def _reading(turn: Turn, name: str) -> scopes.Reading | None:
    """The group asked for, if the caller may see it; otherwise they are told, and None."""
    assert turn.member is not None
    found = await scopes.for_reading(turn.session, turn.member, name)
    if found is None:
        turn.reply(Reply(turn.t("exchange.scope.unknown", name=quote(name))))
    return found


def _label(turn: Turn, reading: scopes.Reading) -> str:
    return reading.name if reading.name is not None else str(turn.t("exchange.scope.mine"))


async def _history(turn: Turn, reading: scopes.Reading, before: int | None) -> Reply:
    groups, session = reading.group_ids, turn.session
    entries, more = await exchange_search.page(session, groups, before, reader=turn.member)
    found = await exchange_search.groups_by_entry(session, [e.id for e in entries])
    older = OlderPage(reading.group_id, entries[-1].id) if more else None
    label = _label(turn, reading)
    return messages.history(turn.translator, turn.lang, entries, found, turn.zone, label, older)


@guarded(Access.MEMBER, read_only=True)
async def history(update: Update, context: UraContext, turn: Turn) -> None:
    reading = await _reading(turn, " ".join(context.args or []))
    if reading is not None:
        turn.reply(await _history(turn, reading, None))


@pressed(OlderPage, Access.MEMBER)
async def older(update: Update, context: UraContext, turn: Turn, press: OlderPage) -> None:
    group = await links.group(turn.session, press.group)
    reading = await _reading(turn, group.slug if group else "")
    if reading is None or not press.before:
        return
    page = await _history(turn, reading, press.before)
    row = await sent_message(turn.session, turn.chat_id, turn.message_id, turn.pressed)
    if row is None:
        turn.reply(page)
    else:  # turn the page in place: one message, not one per press
        await enqueue_edit(turn.session, target=row, reply=page, now=turn.now)


@guarded(Access.MEMBER, read_only=True)
async def search(update: Update, context: UraContext, turn: Turn) -> None:
    assert update.effective_message is not None
    terms = exchange_search.parse((update.effective_message.text or "").partition(" ")[2])
    if terms.refused is not None:
        turn.reply(Reply(turn.t(REFUSED[terms.refused])))
        return
    if not terms.words:
        turn.reply(Reply(turn.t("exchange.search.how")))
        return
    reading = await _reading(turn, terms.group or "")
    if reading is None:
        return
    since, until = exchange_search.day_bounds(terms.dates, turn.zone)
    limit, words = exchange_search.PAGE, terms.words
    found = await exchange_search.search(
        turn.session, words, reading.group_ids, since, until, limit, reader=turn.member
    )
    groups = await exchange_search.groups_by_entry(turn.session, [e.id for e in found])
    shown, full = quote(" ".join(words)), len(found) == limit
    turn.reply(messages.results(turn.translator, turn.lang, found, groups, turn.zone, shown, full))


@guarded(Access.MEMBER)
async def export(update: Update, context: UraContext, turn: Turn) -> None:
    """Coordinators: any group or all; Advisory Group members: their own group's records."""
    assert turn.member is not None
    found = parse.day_range(context.args or [])
    if found.refused is not None:
        turn.reply(Reply(turn.t(REFUSED[found.refused])))
        return
    name = " ".join(found.rest).lstrip("#")
    scope = await scopes.for_export(turn.session, turn.member, name, found.days, turn.zone)
    if isinstance(scope, scopes.Refused):
        turn.reply(Reply(turn.t(EXPORT_REFUSED[scope], name=quote(name))))
        return
    turn.reply(Reply(turn.t("data.export.preparing")))
    # Built after this turn, off the event loop; the files follow when they are ready.
    context.application.create_task(export_job.run(_export_job(context), turn.member.id, scope))


def _export_job(context: UraContext) -> export_job.ExportJob:
    services = context.bot_data.services
    return export_job.ExportJob(
        services.engine,
        services.sessions,
        services.clock,
        services.translator,
        services.settings.export_max_bytes,
        services.wake_delivery,
    )


def register(app: Application) -> None:  # type: ignore[type-arg]
    # Private chats only: what the caller may see must not be shown to a whole group chat
    # (a linked committee chat may hold people who are not members of Ura).
    private = filters.ChatType.PRIVATE
    app.add_handler(CommandHandler("history", history, private))
    older.register(app)
    app.add_handler(CommandHandler("search", search, private))
    app.add_handler(CommandHandler("export", export, private))
