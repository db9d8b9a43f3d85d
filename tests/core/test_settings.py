"""Bad settings end the program with one clear line that names the setting."""

import subprocess
import sys

import pytest

from config.settings import SettingsError, load_settings


def test_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    monkeypatch.chdir(tmp_path)  # type: ignore[arg-type]
    settings = load_settings()
    assert settings.timezone == "Europe/Tirane"
    assert settings.default_language == "sq"
    assert settings.telegram_api_url == "https://api.telegram.org"
    assert settings.database_url.startswith("sqlite+aiosqlite:///")
    assert settings.coordinators == []


def test_coordinators_are_comma_separated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("URA_COORDINATORS", "111, 222,333")
    assert load_settings().coordinators == [111, 222, 333]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("URA_TIMEZONE", "Europe/Atlantis"),
        ("URA_DEFAULT_LANGUAGE", "de"),
        ("URA_COORDINATORS", "12,abc"),
        ("URA_TELEGRAM_API_URL", "ftp://x"),
        ("URA_DATABASE_URL", "mysql://x"),
        ("URA_DELIVERY__GLOBAL_PER_SECOND", "0"),
    ],
)
def test_invalid_settings_name_themselves(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=f"^{name}: "):
        load_settings()


def test_the_token_is_required_to_run_and_never_printed(tmp_path: object) -> None:
    env = {"PATH": "", "URA_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/x.db"}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "ura: URA_BOT_TOKEN: required to run the bot (the token from BotFather); "
        "to see Ura without a token, run ./dev sandbox"
    )


def test_a_bad_setting_exits_2_without_a_traceback(tmp_path: object) -> None:
    env = {"URA_TIMEZONE": "Nowhere/Land", "URA_BOT_TOKEN": "1:secret-token"}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "db", "upgrade"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=str(tmp_path),
    )
    assert result.returncode == 2
    assert result.stderr.strip() == "ura: URA_TIMEZONE: unknown time zone 'Nowhere/Land'"
    assert "Traceback" not in result.stderr
    assert "secret-token" not in result.stderr + result.stdout


def test_the_documented_example_file_is_valid() -> None:
    from pathlib import Path

    from config.settings import Settings

    example = Path(__file__).resolve().parents[2] / ".env.example"
    settings = Settings(_env_file=example)  # type: ignore[call-arg]
    assert settings.timezone == "Europe/Tirane"
    assert settings.bot_username in (None, "")
