"""Ura's settings, read from URA_* environment variables and an optional .env file.

Read once at start and passed down; tests build their own ``Settings``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from config.durations import parse_duration

MIN_SECRET = 32
SECRET_CHARS = re.compile(r"[A-Za-z0-9_-]{32,256}")
SECRET_RULE = "at least 32 random characters of A-Z, a-z, 0-9, _ and - (e.g. openssl rand -hex 32)"


class SettingsError(Exception):
    """A setting is missing or invalid; the message names it in one line."""


class DeliverySettings(BaseModel):
    """Telegram's limits and the outbox's retry policy (URA_DELIVERY__*)."""

    global_per_second: float = Field(default=30.0, gt=0)
    # The bot-wide limit holds in any window of 1 s plus this: room for a request that arrives
    # at Telegram a little later than the one sent 30 requests after it.
    global_margin_seconds: float = Field(default=0.05, ge=0)
    private_per_second: float = Field(default=1.0, gt=0)
    private_burst: int = Field(default=3, ge=1)
    group_per_minute: float = Field(default=20.0, gt=0)
    max_attempts: int = Field(default=6, ge=1)
    backoff_base_seconds: float = Field(default=0.5, gt=0)
    backoff_max_seconds: float = Field(default=60.0, gt=0)
    max_in_flight: int = Field(default=64, ge=1)
    worker_stale_seconds: float = Field(default=30.0, gt=0)
    request_timeout_seconds: float = Field(default=15.0, gt=0)


@dataclass(frozen=True)
class Smtp:
    """The SMTP server e-mails leave through (URA_SMTP_*)."""

    host: str
    port: int
    user: str
    password: SecretStr | None
    sender: str
    security: str
    per_minute: int
    timeout_seconds: float


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
    flow_expiry: Annotated[timedelta, NoDecode] = timedelta(hours=24)
    rate_limit_per_minute: int = Field(default=20, ge=1)
    chat_queue_cap: int = Field(default=100, ge=1)
    access_request_cooldown: Annotated[timedelta, NoDecode] = timedelta(days=7)
    secret_key: SecretStr | None = None
    signing_key_grace: Annotated[timedelta, NoDecode] = timedelta(days=7)
    # Telegram lets a bot send files up to 50 MB (a self-hosted Bot API server: 2000 MB).
    export_max_bytes: int = Field(default=50 * 1024 * 1024, ge=1024)
    organizer_name: str = "Ura"
    organizer_email: str = "ura@ura.invalid"
    report_monthly: bool = True  # the monitoring report on the first working day of a month
    report_hour: int = Field(default=9, ge=0, le=23)
    report_min_count: int = Field(default=3, ge=1)  # smaller counts leave the office as "<3"
    # E-mail as a second channel (off while URA_SMTP_HOST is empty).
    smtp_host: str = ""
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_user: str = ""
    smtp_password: SecretStr | None = None
    smtp_from: str = "ura@localhost"
    smtp_security: Literal["starttls", "tls", "none"] = "starttls"
    smtp_per_minute: int = Field(default=30, ge=1)
    smtp_timeout_seconds: float = Field(default=20.0, gt=0)
    channels_tick_seconds: float = Field(default=2.0, gt=0)
    channels_http_timeout_seconds: float = Field(default=10.0, gt=0)  # outgoing webhooks
    # Production (issue 14): webhook mode, health and metrics, log format.
    webhook_url: str | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    webhook_secret: SecretStr | None = None
    metrics_port: int | None = Field(default=None, ge=1, le=65535)
    log_format: Literal["text", "json"] = "text"
    privacy_contact: str = ""  # whom to ask for access to or correction of one's data

    @field_validator(
        "alert_escalate_after",
        "alert_stale_after",
        "flow_expiry",
        "access_request_cooldown",
        "signing_key_grace",
        mode="before",
    )
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

    @field_validator("secret_key", mode="before")
    @classmethod
    def _no_empty_key(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

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

    @field_validator("webhook_url", "metrics_port", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("https://", "http://")):
            raise ValueError("must be the public https:// address Telegram posts updates to")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _strong_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        secret = value.get_secret_value()
        if len(secret) < MIN_SECRET or not SECRET_CHARS.fullmatch(secret):
            raise ValueError(SECRET_RULE)
        return value

    def require_webhook(self) -> tuple[str, str]:
        """The public URL and the secret, both required in webhook mode."""
        if not self.webhook_url:
            raise SettingsError("URA_WEBHOOK_URL: required in webhook mode (the public https URL)")
        if self.webhook_secret is None:
            raise SettingsError(f"URA_WEBHOOK_SECRET: required in webhook mode; {SECRET_RULE}")
        return self.webhook_url, self.webhook_secret.get_secret_value()

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def smtp(self) -> Smtp:
        return Smtp(
            self.smtp_host,
            self.smtp_port,
            self.smtp_user,
            self.smtp_password,
            self.smtp_from,
            self.smtp_security,
            self.smtp_per_minute,
            self.smtp_timeout_seconds,
        )

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
