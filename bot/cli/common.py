"""What every `ura` command shares: its errors, its exit codes, and Telegram's word on the token."""

from __future__ import annotations

from telegram import Bot
from telegram.error import InvalidToken, TelegramError

from bot.core.redaction import Redactor, database_secrets
from config.settings import Settings

EXIT_USAGE = 2
NO_LIMIT = 2**62  # files written to disk, not sent through Telegram


class CliError(Exception):
    """A problem the person at the terminal can fix; printed as one line."""


def redactor(settings: Settings) -> Redactor:
    """The token and the database password, blanked in every line Ura prints."""
    token = settings.bot_token.get_secret_value().strip() if settings.bot_token else ""
    return Redactor([token, *database_secrets(settings.database_url)])


async def ask_telegram(settings: Settings) -> str:
    """The bot's username from getMe; a refused token or an unreachable server is one line."""
    api = settings.telegram_api_url
    bot = Bot(settings.require_token(), base_url=f"{api}/bot", base_file_url=f"{api}/file/bot")
    try:
        async with bot:
            return bot.username
    except InvalidToken:
        raise CliError(
            "URA_BOT_TOKEN: Telegram refused this token (check it with BotFather)"
        ) from None
    except TelegramError as error:
        raise CliError(
            f"URA_TELEGRAM_API_URL: cannot reach the Bot API at {api} ({error})"
        ) from None


async def bot_username(settings: Settings) -> str:
    if settings.bot_username:
        return settings.bot_username.lstrip("@")
    return await ask_telegram(settings)
