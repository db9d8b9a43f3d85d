"""Migration 0013 rewrites every stored attachment to the one shape {"kind": ...}: the log's
entries, monitoring requests and their answers ({"type"}), broadcasts (a bare document);
downgrade gives each writer its old shape back, and every row reads as the same Attachment."""

from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import text

from bot.core.attachments import Attachment
from storage.db import create_engine
from storage.migrate import downgrade, upgrade

NOW = datetime(2026, 11, 29, 12, tzinfo=UTC).replace(tzinfo=None)
PHOTO = {"type": "photo", "file_id": "AgAD-photo"}
SPOT = {"type": "location", "latitude": 41.31, "longitude": 19.45}
PAPER = {"type": "document", "file_id": "BQAD-doc", "filename": "raport.pdf"}
BARE = {"file_id": "BQAD-bare", "filename": "udhezime.pdf"}
ALERTED = {"kind": "photo", "file_id": "AgAD-alert"}


def _table(name: str, *columns: str, json: tuple[str, ...] = ()) -> sa.TableClause:
    return sa.table(name, *(sa.column(c) for c in columns), *(sa.column(c, sa.JSON) for c in json))


ENTRIES = _table(
    "exchange_entries",
    "id", "kind", "sender_name", "text", "text_folded", "scope", "version", "current",
    "created_at", "ref_type", "ref_id",
    json=("attachments", "meta"),
)  # fmt: skip
REQUESTS = _table(
    "info_requests", "id", "kind", "asker_member_id", "target", "text", "due_on", "status",
    "created_at", json=("attachment",),
)  # fmt: skip
ANSWERS = _table(
    "info_request_answers", "id", "request_id", "member_id", "text", "created_at",
    json=("attachment",),
)  # fmt: skip
BROADCASTS = _table(
    "broadcasts", "id", "created_by_member_id", "text_sq", "status", "recipients", "created_at",
    json=("audience", "attachment"),
)  # fmt: skip
LOGGED = {  # entry id: (kind, attachments in the shape its writer used)
    1: ("update", [PHOTO]),
    2: ("update", [SPOT]),
    3: ("request", [PAPER]),
    4: ("broadcast", [BARE]),
    5: ("alert", [ALERTED]),
    6: ("update", []),  # purged, or none
}


async def _old_rows(db: Any) -> None:
    await db.execute(
        text(
            "INSERT INTO members (id, telegram_user_id, display_name, language, role, agency,"
            " status, reachable, created_at, updated_at) VALUES (1, 101, 'P', 'sq', 'committee',"
            " 'police', 'active', true, :now, :now)"
        ),
        {"now": NOW},
    )
    for entry_id, (kind, items) in LOGGED.items():
        await db.execute(
            ENTRIES.insert().values(
                id=entry_id,
                kind=kind,
                sender_name="P",
                text="t",
                text_folded="t",
                scope="",
                version=1,
                current=True,
                created_at=NOW,
                ref_type=kind,
                ref_id=entry_id,
                attachments=items,
                meta={},
            )  # fmt: skip
        )
    for request_id, item in ((1, PAPER), (2, None)):
        await db.execute(
            REQUESTS.insert().values(
                id=request_id,
                kind="question",
                asker_member_id=1,
                target="sector",
                text="q",
                due_on=date(2026, 12, 3),
                status="open",
                created_at=NOW,
                attachment=item,
            )  # fmt: skip
        )
    await db.execute(
        ANSWERS.insert().values(
            id=1, request_id=1, member_id=1, text="a", created_at=NOW, attachment=PHOTO
        )
    )
    await db.execute(
        BROADCASTS.insert().values(
            id=1,
            created_by_member_id=1,
            text_sq="b",
            status="done",
            recipients=0,
            created_at=NOW,
            audience={"kind": "everyone"},
            attachment=BARE,
        )  # fmt: skip
    )


async def _stored(db: Any) -> dict[str, Any]:
    entries = await db.execute(sa.select(ENTRIES.c.id, ENTRIES.c.attachments))
    return {
        "entries": dict(entries.all()),
        "requests": dict((await db.execute(sa.select(REQUESTS.c.id, REQUESTS.c.attachment))).all()),
        "answer": await db.scalar(sa.select(ANSWERS.c.attachment)),
        "broadcast": await db.scalar(sa.select(BROADCASTS.c.attachment)),
    }


def _read(item: dict[str, Any] | None) -> Attachment | None:
    return Attachment.from_json(item)


async def test_stored_attachments_take_the_one_shape_and_back(any_database_url: str) -> None:
    await upgrade(any_database_url, "0012")
    engine = create_engine(any_database_url)
    try:
        async with engine.begin() as db:
            await _old_rows(db)
            before = await _stored(db)
        await upgrade(any_database_url, "0013")
        async with engine.connect() as db:
            after = await _stored(db)
        await downgrade(any_database_url, "0012")
        async with engine.connect() as db:
            again = await _stored(db)
    finally:
        await engine.dispose()

    assert after["entries"] == {
        1: [{"kind": "photo", "file_id": "AgAD-photo"}],
        2: [{"kind": "location", "latitude": 41.31, "longitude": 19.45}],
        3: [{"kind": "document", "file_id": "BQAD-doc", "filename": "raport.pdf"}],
        4: [{"kind": "document", "file_id": "BQAD-bare", "filename": "udhezime.pdf"}],
        5: [ALERTED],
        6: [],
    }
    assert after["requests"] == {1: after["entries"][3][0], 2: None}
    assert after["answer"] == after["entries"][1][0]
    assert after["broadcast"] == after["entries"][4][0]
    # Every row reads as the same Attachment, in its old shape and in the new one, and the
    # new shape is exactly what Attachment writes.
    for entry_id, items in after["entries"].items():
        read = [_read(i) for i in items]
        assert read == [_read(i) for i in before["entries"][entry_id]]
        assert [a.to_json() for a in read if a is not None] == items
    assert _read(after["broadcast"]) == Attachment.document("BQAD-bare", "udhezime.pdf")
    assert _read(after["answer"]) == Attachment.photo("AgAD-photo")
    assert _read(after["requests"][1]) == Attachment.document("BQAD-doc", "raport.pdf")
    # Downgrade: each writer's old shape again (alerts always wrote "kind").
    assert again == before
