"""Ura's settings, read from URA_* environment variables and an optional .env file.

Read once at start and passed down; tests build their own ``Settings``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from config.durations import parse_duration


class SettingsError(Exception):
    """A setting is missing or invalid; the message names it in one line."""


class DeliverySettings(BaseModel):
    """Telegram's limits and the outbox's retry policy (URA_DELIVERY__*)."""

    global_per_second: float = Field(default=30.0, gt=0)
    private_per_second: float = Field(default=1.0, gt=0)
    private_burst: int = Field(default=3, ge=1)
    group_per_minute: float = Field(default=20.0, gt=0)
    max_attempts: int = Field(default=6, ge=1)
    backoff_base_seconds: float = Field(default=0.5, gt=0)
    backoff_max_seconds: float = Field(default=60.0, gt=0)
    max_in_flight: int = Field(default=64, ge=1)
    worker_stale_seconds: float = Field(default=30.0, gt=0)
    request_timeout_seconds: float = Field(default=15.0, gt=0)


class Settings(BaseSettings):
    """Everything Ura can be told from outside; see the README's settings table."""

    model_config = SettingsConfigDict(
        env_prefix="URA_",
        env_file=".env",
        env_file_encoding="utf-8",
        env_nested_delimiter="__",
        extra="ignore",
    )

    bot_token: SecretStr | None = None
    bot_username: str | None = None
    telegram_api_url: str = "https://api.telegram.org"
    database_url: str = "sqlite+aiosqlite:///ura.db"
    timezone: str = "Europe/Tirane"
    default_language: Literal["sq", "en"] = "sq"
    coordinators: Annotated[list[int], NoDecode] = Field(default_factory=list)
    delivery: DeliverySettings = Field(default_factory=DeliverySettings)
    scheduler_tick_seconds: float = Field(default=5.0, gt=0)
    alert_escalate_after: Annotated[timedelta, NoDecode] = timedelta(minutes=15)
    alert_stale_after: Annotated[timedelta, NoDecode] = timedelta(hours=24)
    meeting_reminders: Annotated[list[timedelta], NoDecode] = Field(
        default_factory=lambda: [timedelta(hours=24), timedelta(hours=1)]
    )
    digest_enabled: bool = True
    digest_day: int = Field(default=0, ge=0, le=6)  # Monday
    digest_hour: int = Field(default=9, ge=0, le=23)
    retention_days: int | None = Field(default=None, ge=1)

    @field_validator("alert_escalate_after", "alert_stale_after", mode="before")
    @classmethod
    def _duration(cls, value: object) -> object:
        return parse_duration(value) if isinstance(value, str) else value

    @field_validator("meeting_reminders", mode="before")
    @classmethod
    def _durations(cls, value: object) -> object:
        if isinstance(value, str):
            return sorted(
                (parse_duration(part) for part in value.split(",") if part.strip()), reverse=True
            )
        return value

    @field_validator("retention_days", mode="before")
    @classmethod
    def _keep_everything(cls, value: object) -> object:
        return None if isinstance(value, str) and value.strip() in ("", "0", "forever") else value

    @field_validator("coordinators", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("telegram_api_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        if value.startswith("postgresql://"):
            return "postgresql+asyncpg://" + value.removeprefix("postgresql://")
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("use sqlite+aiosqlite:///FILE or postgresql+asyncpg://USER@HOST/DB")
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def require_token(self) -> str:
        if self.bot_token is None or not self.bot_token.get_secret_value().strip():
            raise SettingsError(
                "URA_BOT_TOKEN: required to run the bot (the token from BotFather); "
                "to see Ura without a token, run ./dev sandbox"
            )
        return self.bot_token.get_secret_value().strip()


def _env_name(loc: tuple[int | str, ...]) -> str:
    return "URA_" + "__".join(str(part).upper() for part in loc if isinstance(part, str))


def load_settings(**overrides: object) -> Settings:
    """Read the settings; turn pydantic's report into one line that names the setting."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        message = str(first.get("msg", "invalid")).removeprefix("Value error, ")
        raise SettingsError(f"{_env_name(first['loc'])}: {message}") from None
