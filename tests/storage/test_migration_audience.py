"""The audience migration gives alerts already in the exchange log their readers: the sender
and the recipients, and nobody else of the region."""

from datetime import UTC, datetime

from alembic.script import ScriptDirectory
from sqlalchemy import text

from storage.db import create_engine
from storage.migrate import alembic_config, upgrade

NOW = datetime(2026, 11, 29, 12, tzinfo=UTC).replace(tzinfo=None)


def _audience_revision(url: str) -> tuple[str, str]:
    script = ScriptDirectory.from_config(alembic_config(url))
    [mine] = [r for r in script.walk_revisions() if "audience" in (r.doc or "")[:10]]
    assert isinstance(mine.down_revision, str)
    return mine.revision, mine.down_revision


async def test_existing_alert_entries_get_the_alerts_audience(any_database_url: str) -> None:
    revision, before = _audience_revision(any_database_url)
    await upgrade(any_database_url, before)
    engine = create_engine(any_database_url)
    try:
        async with engine.begin() as db:
            group = await db.scalar(text("SELECT id FROM groups WHERE slug = 'durres'"))
            for member_id in (1, 2, 3):
                await db.execute(
                    text(
                        "INSERT INTO members (id, telegram_user_id, display_name, language, role,"
                        " agency, status, reachable, created_at, updated_at) VALUES (:id, :tid,"
                        " 'P', 'sq', 'committee', 'police', 'active', true, :now, :now)"
                    ),
                    {"id": member_id, "tid": 100 + member_id, "now": NOW},
                )
            await db.execute(
                text(
                    "INSERT INTO alerts (id, raised_by_member_id, group_id, category, urgency,"
                    " description, status, escalation_level, created_at) VALUES (1, 1, :g,"
                    " 'other', 'normal', 'kalaja', 'open', 0, :now)"
                ),
                {"g": group, "now": NOW},
            )
            await db.execute(
                text(
                    "INSERT INTO alert_recipients (alert_id, member_id, reason, created_at)"
                    " VALUES (1, 2, 'routed', :now)"
                ),
                {"now": NOW},
            )
            await db.execute(
                text(
                    "INSERT INTO exchange_entries (id, kind, sender_name, text, text_folded, scope,"
                    " attachments, meta, ref_type, ref_id, version, current, created_at) VALUES"
                    " (1, 'alert', 'P', 'kalaja', 'kalaja', :scope, '[]', '{}', 'alert', 1, 1,"
                    " true, :now)"
                ),
                {"scope": f"g{group}", "now": NOW},
            )
        await upgrade(any_database_url, revision)
        async with engine.connect() as db:
            readers = (
                await db.execute(
                    text("SELECT member_id FROM exchange_entry_readers ORDER BY member_id")
                )
            ).all()
    finally:
        await engine.dispose()
    assert [r[0] for r in readers] == [1, 2]
