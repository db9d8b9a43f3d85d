"""Ura's signing key: made once, kept in the database, rotated with a grace period."""

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import SecretStr
from sqlalchemy import select

from bot.core import signing_keys
from bot.core.callbacks import CallbackSigner, Press
from config.settings import Settings
from storage.db import SessionFactory
from storage.models import AuditEvent, SigningKey

NOW = datetime(2026, 11, 29, 12, tzinfo=UTC)
SETTINGS = Settings(_env_file=None)  # type: ignore[call-arg]


async def _signer(
    sessions: SessionFactory, now: datetime, settings: Settings = SETTINGS
) -> CallbackSigner:
    async with sessions.begin() as session:
        keys = await signing_keys.load(session, now, settings)
    signer = CallbackSigner(b"unused")
    signer.use(keys.current, keys.previous)
    return signer


async def test_the_first_start_makes_one_random_key_and_later_starts_reuse_it(
    sessions: SessionFactory,
) -> None:
    first = await _signer(sessions, NOW)
    again = await _signer(sessions, NOW + timedelta(days=30))
    assert again.verify(first.sign("ar", "1", 9), 9, NOW) == Press("ar", "1")
    async with sessions() as session:
        [key] = (await session.scalars(select(SigningKey))).all()
    assert len(key.secret) >= 43  # 32 random bytes, base64


async def test_rotation_keeps_the_previous_key_for_the_grace_period_and_is_audited(
    sessions: SessionFactory,
) -> None:
    before = await _signer(sessions, NOW)
    old_button = before.sign("ar", "1", 9)
    async with sessions.begin() as session:
        await signing_keys.rotate(session, NOW, None)
    after = await _signer(sessions, NOW + timedelta(hours=1))
    assert after.sign("ar", "1", 9) != old_button
    assert after.verify(old_button, 9, NOW + timedelta(days=6)) == Press("ar", "1")
    assert after.verify(old_button, 9, NOW + timedelta(days=7)) is None
    later = await _signer(sessions, NOW + timedelta(days=8))  # the old key is no longer loaded
    assert later.verify(old_button, 9, NOW + timedelta(days=6)) is None
    async with sessions() as session:
        actions = (await session.scalars(select(AuditEvent.action))).all()
    assert "keys.rotated" in actions


async def test_a_secret_key_setting_signs_instead_of_the_database_key(
    sessions: SessionFactory,
) -> None:
    own = SETTINGS.model_copy(update={"secret_key": SecretStr("a-long-operator-secret")})
    ours = await _signer(sessions, NOW, own)
    expected = CallbackSigner(b"a-long-operator-secret")
    assert expected.verify(ours.sign("ar", "1", 9), 9) == Press("ar", "1")


def test_the_grace_is_a_setting_with_a_default_of_seven_days() -> None:
    assert SETTINGS.signing_key_grace == timedelta(days=7)
    custom = Settings(signing_key_grace="36h", _env_file=None)  # type: ignore[call-arg]
    assert custom.signing_key_grace == timedelta(hours=36)


def test_ura_keys_rotate_makes_a_new_key_and_retires_the_old(
    tmp_path: object, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import asyncio

    from bot.cli import main
    from storage.db import create_engine, create_session_factory

    url = f"sqlite+aiosqlite:///{tmp_path}/ura.db"
    monkeypatch.setenv("URA_DATABASE_URL", url)
    assert main(["keys", "rotate"]) == 0
    assert main(["keys", "rotate"]) == 0
    assert "new signing key" in capsys.readouterr().out

    async def stored() -> list[SigningKey]:
        engine = create_engine(url)
        async with create_session_factory(engine)() as session:
            rows = list((await session.scalars(select(SigningKey).order_by(SigningKey.id))).all())
        await engine.dispose()
        return rows

    first, second = asyncio.run(stored())
    assert first.retired_at is not None
    assert second.retired_at is None
