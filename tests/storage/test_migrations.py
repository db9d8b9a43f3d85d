"""Migrations go up, down and up again, and the schema they build matches the models."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from storage.db import create_engine
from storage.exchange import include_object
from storage.migrate import alembic_config, downgrade, upgrade
from storage.models import Base, Group


async def test_each_migration_goes_up_down_and_up(any_database_url: str) -> None:
    script = ScriptDirectory.from_config(alembic_config(any_database_url))
    revisions = list(reversed(list(script.walk_revisions())))
    assert revisions, "no migrations found"
    for revision in revisions:
        await upgrade(any_database_url, revision.revision)
        await downgrade(any_database_url, revision.down_revision or "base")
        await upgrade(any_database_url, revision.revision)


async def test_the_migrated_schema_matches_the_models(any_database_url: str) -> None:
    await upgrade(any_database_url)
    engine = create_engine(any_database_url)

    def diff(connection: Connection) -> list[object]:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": include_object}
        )
        return list(compare_metadata(context, Base.metadata))

    try:
        async with engine.connect() as connection:
            assert await connection.run_sync(diff) == []
    finally:
        await engine.dispose()


async def test_the_twelve_committees_and_the_advisory_group_are_seeded(
    any_database_url: str,
) -> None:
    await upgrade(any_database_url)
    engine = create_engine(any_database_url)
    try:
        async with engine.connect() as connection:
            kinds = dict(
                (
                    await connection.execute(select(Group.kind, func.count()).group_by(Group.kind))
                ).all()
            )
            advisory = await connection.scalar(
                select(Group.max_organisations).where(Group.kind == "advisory")
            )
    finally:
        await engine.dispose()
    assert kinds == {"committee": 12, "advisory": 1}
    assert advisory == 15
