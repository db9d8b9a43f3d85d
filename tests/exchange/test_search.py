"""The exchange log and its search, without Telegram: versions, visibility, hostile input."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.permissions import Role
from bot.exchange import search as exchange_search
from bot.log import entries as exchange_log
from bot.members import directory
from storage.db import SessionFactory
from storage.members import Member

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
HOSTILE = [
    '"',
    "*",
    "-fëmijë",
    "NEAR(a b)",
    "OR",
    "fëmijë OR",
    "(((",
    "') DROP TABLE x; --",
    'text_folded : "x"',
    "^a",
    "ë ç",
    "AND NOT",
    "{scope}",
    "\\",
]


async def person(session: AsyncSession, tid: int, role: Role, groups: list[str]) -> Member:
    found = [await directory.find_group(session, g) for g in groups]
    return await directory.register(
        session,
        NOW,
        telegram_user_id=tid,
        display_name=f"P{tid}",
        language="sq",
        role=role,
        agency="police",
        organisation_name="Org",
        groups=[g for g in found if g],
    )


async def seed(session: AsyncSession) -> tuple[Member, Member, Member]:
    durres = await directory.find_group(session, "durres")
    vlore = await directory.find_group(session, "vlore")
    assert durres
    assert vlore
    ardit = await person(session, 1, Role.COMMITTEE, ["durres"])
    besa = await person(session, 2, Role.COMMITTEE, ["vlore"])
    chief = await person(session, 3, Role.COORDINATOR, [])
    texts = [
        (durres.id, "Takim për mbrojtjen e fëmijëve në Durrës"),
        (vlore.id, "Fëmijë të rrezikuar në Vlorë, nevojitet strehim"),
        (durres.id, "Raport mbi parandalimin në shkolla"),
    ]
    for i, (gid, text) in enumerate(texts):
        await exchange_log.record(
            session,
            NOW + timedelta(days=i),
            kind="update",
            sender=ardit if gid == durres.id else besa,
            group_ids=[gid],
            topic="child_protection",
            text=text,
        )
    return ardit, besa, chief


async def test_search_folds_letters_and_sees_only_the_callers_groups(
    sessions: SessionFactory,
) -> None:
    async with sessions.begin() as session:
        ardit, besa, chief = await seed(session)
        for words in (["femije"], ["fëmijë"], ["FEMIJE"]):
            terms = exchange_search.parse(" ".join(words))
            mine = await exchange_search.search(
                session, terms.words, exchange_log.visible_groups(ardit)
            )
            assert [e.text for e in mine] == ["Takim për mbrojtjen e fëmijëve në Durrës"]
        every = await exchange_search.search(
            session, ["femije"], exchange_log.visible_groups(chief)
        )
        assert len(every) == 2
        assert await exchange_search.search(session, ["shkolla"], []) == []


@pytest.mark.parametrize("typed", HOSTILE)
async def test_whatever_is_typed_is_searched_as_words_without_error(
    sessions: SessionFactory, typed: str
) -> None:
    async with sessions.begin() as session:
        _, _, chief = await seed(session)
        terms = exchange_search.parse(typed)
        found = await exchange_search.search(
            session, terms.words, exchange_log.visible_groups(chief)
        )
        assert isinstance(found, list)


async def test_dates_and_group_are_taken_from_the_line() -> None:
    terms = exchange_search.parse('strehim #Vlorë 24.11.2026 2026-11-25 "NEAR"')
    assert terms.words == ["strehim", "near"]
    assert terms.group == "Vlorë"
    assert terms.dates == [date(2026, 11, 24), date(2026, 11, 25)]
    start, end = exchange_search.day_bounds(terms.dates, ZoneInfo("Europe/Tirane"))
    assert start is not None
    assert end is not None
    assert end - start == timedelta(days=2)


async def test_an_edit_is_a_new_version_and_search_finds_the_current_text(
    sessions: SessionFactory,
) -> None:
    async with sessions.begin() as session:
        _, _, chief = await seed(session)
        first = (await exchange_search.search(session, ["shkolla"], None))[0]
        newer = await exchange_log.new_version(session, NOW, first, text="Raport mbi kopshtet")
        both = await exchange_log.versions(session, first.id)
        assert [(v.version, v.text, v.current) for v in both] == [
            (1, "Raport mbi parandalimin në shkolla", False),
            (2, "Raport mbi kopshtet", True),
        ]
        assert await exchange_search.search(session, ["shkolla"], None) == []
        assert [e.id for e in await exchange_search.search(session, ["kopsht"], None)] == [newer.id]
        entries, more = await exchange_search.page(session, None)
        assert newer.id in [e.id for e in entries]
        assert first.id not in [e.id for e in entries]
        assert not more
