"""The record of the exchange: /history (paged with a button), /search and /export."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, filters

from bot.core import parse
from bot.core.callbacks import Press
from bot.core.permissions import Access, Role
from bot.core.rendering import Reply
from bot.core.text import quote
from bot.core.turn import Turn
from bot.delivery import enqueue_edit
from bot.delivery.outbox import sent_message
from bot.exchange import export as exchange_export
from bot.exchange import export_job
from bot.exchange import search as exchange_search
from bot.exchange.render import messages
from bot.log import entries as exchange_log
from bot.log.readers import readable_by
from bot.members import directory
from handlers.gate import UraContext, button, guarded
from storage.members import Group


async def _scope(turn: Turn, name: str) -> tuple[list[int] | None, str, int] | None:
    """The groups the caller asks for and may see, and their label; None when refused.
    "Mine" is no group filter: what the caller may read is decided per entry (readable_by)."""
    assert turn.member is not None
    allowed = exchange_log.visible_groups(turn.member)
    if not name.strip():
        return None, str(turn.t("exchange.scope.mine")), 0
    group = await directory.find_group(turn.session, name.lstrip("#"))
    if group is None or (allowed is not None and group.id not in allowed):
        turn.reply(Reply(turn.t("exchange.scope.unknown", name=quote(name))))
        return None
    return [group.id], group.name, group.id


async def _history(
    turn: Turn, scope: tuple[list[int] | None, str, int], before: int | None
) -> Reply:
    groups, label, group_id = scope
    entries, more = await exchange_search.page(turn.session, groups, before, reader=turn.member)
    found = await exchange_search.groups_by_entry(turn.session, [e.id for e in entries])
    older = f"{group_id}.{entries[-1].id}" if more else None  # the button's argument
    return messages.history(turn.translator, turn.lang, entries, found, turn.zone, label, older)


@guarded(Access.MEMBER, read_only=True)
async def history(update: Update, context: UraContext, turn: Turn) -> None:
    scope = await _scope(turn, " ".join(context.args or []))
    if scope is not None:
        turn.reply(await _history(turn, scope, None))


@button(Access.MEMBER)
async def older(update: Update, context: UraContext, turn: Turn, press: Press) -> None:
    assert turn.member is not None
    group_id, _, before = (parse.record_id(part) for part in press.arg.partition("."))
    group = await turn.session.get(Group, group_id) if group_id else None
    scope = await _scope(turn, group.slug if group else "")
    if scope is None or before is None:
        return
    page = await _history(turn, scope, before)
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
        turn.reply(Reply(turn.t(f"input.{terms.refused}")))
        return
    if not terms.words:
        turn.reply(Reply(turn.t("exchange.search.how")))
        return
    scope = await _scope(turn, terms.group or "")
    if scope is None:
        return
    since, until = exchange_search.day_bounds(terms.dates, turn.zone)
    limit = exchange_search.PAGE
    found = await exchange_search.search(
        turn.session, terms.words, scope[0], since, until, limit, reader=turn.member
    )
    groups = await exchange_search.groups_by_entry(turn.session, [e.id for e in found])
    words = quote(" ".join(terms.words))
    full = len(found) == limit
    turn.reply(messages.results(turn.translator, turn.lang, found, groups, turn.zone, words, full))


@guarded(Access.MEMBER)
async def export(update: Update, context: UraContext, turn: Turn) -> None:
    """Coordinators: any group or all; Advisory Group members: their own group's records."""
    assert turn.member is not None
    found = parse.day_range(context.args or [])
    if found.refused is not None:
        turn.reply(Reply(turn.t(f"input.{found.refused}")))
        return
    dates, name = found.days, " ".join(found.rest).lstrip("#")
    group = await directory.find_group(turn.session, name) if name else None
    if name and group is None:
        turn.reply(Reply(turn.t("exchange.scope.unknown", name=quote(name))))
        return
    if turn.member.role != Role.COORDINATOR:
        advisory = next((g for g in turn.member.groups if g.kind == "advisory"), None)
        if advisory is None or (group is not None and group.id != advisory.id):
            turn.reply(Reply(turn.t("exchange.export.not_allowed")))
            return
        group = advisory
    since, until = exchange_search.day_bounds(dates, turn.zone)
    label = group.slug if group else "all"
    readable = readable_by(turn.member)  # an alert's entries only for its audience
    scope = exchange_export.Scope([group.id] if group else None, since, until, label, readable)
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
    app.add_handler(CallbackQueryHandler(older, pattern=r"^exh:"))
    app.add_handler(CommandHandler("search", search, private))
    app.add_handler(CommandHandler("export", export, private))
