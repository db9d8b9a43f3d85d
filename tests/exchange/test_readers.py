"""The readers of an entry with an audience of its own: only they (and coordinators) read it,
and a grant widens every version, note and reply of the thing at once."""

from datetime import UTC, datetime

from bot.core.permissions import Agency, Role
from bot.exchange import search
from bot.log import entries
from bot.log import readers as exchange_readers
from bot.members import directory
from storage.db import SessionFactory
from storage.members import Member

NOW = datetime(2026, 11, 29, 12, tzinfo=UTC)


async def test_a_grant_widens_the_entry_its_versions_notes_and_replies(
    sessions: SessionFactory,
) -> None:
    async with sessions.begin() as session:
        durres = await directory.find_group(session, "durres")
        assert durres is not None

        async def person(tid: int, role: Role = Role.COMMITTEE) -> Member:
            return await directory.register(
                session,
                NOW,
                telegram_user_id=tid,
                display_name=f"P{tid}",
                language="sq",
                role=role,
                agency=Agency.POLICE,
                organisation_name="Org",
                groups=[durres],
            )

        sender, routed, later = await person(1), await person(2), await person(3)
        neighbour, coordinator = await person(4), await person(5, Role.COORDINATOR)
        entry = await entries.record(
            session,
            NOW,
            kind="alert",
            sender=sender,
            group_ids=[durres.id],
            topic="other",
            text="kalaja",
            ref=("alert", 9),
            readers=[sender.id, routed.id],
        )
        note = await entries.record_answer(
            session, NOW, about=("alert", 9), sender=routed, text="shenim"
        )
        reply = await entries.record(
            session,
            NOW,
            kind="reply",
            sender=sender,
            group_ids=[durres.id],
            topic="other",
            text="pergjigje",
            parent_id=note.id,
            readers=[sender.id, routed.id],
        )
        newer = await entries.new_version(session, NOW, entry, meta={"status": "closed"})
        ids = [entry.id, note.id, reply.id, newer.id]

        async def readable(who: Member) -> list[bool]:
            return [await exchange_readers.may_read(session, who, i) for i in ids]

        assert await readable(routed) == [True] * 4
        assert await readable(later) == [False] * 4
        assert await readable(neighbour) == [False] * 4
        assert await readable(coordinator) == [True] * 4
        await exchange_readers.grant(session, ("alert", 9), [later.id])
        assert await readable(later) == [True] * 4
        assert await readable(neighbour) == [False] * 4
        found = await search.search(session, ["kalaja"], None, reader=neighbour)
        assert found == []
        found = await search.search(session, ["kalaja"], None, reader=later)
        assert [e.id for e in found] == [newer.id]
