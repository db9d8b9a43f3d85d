"""A fake Telegram Bot API server for driving a real python-telegram-bot Application in tests.

Usage::

    async with FakeBotApi(token="123456:TEST") as server:
        app = ApplicationBuilder().token(server.token).base_url(f"{server.base_url}/bot")...
        alba = server.add_user(first_name="Alba")
        await server.send_text(alba, "/start")
        await server.wait_for_message(alba, contains="Mirë se erdhe")
"""

from .entities import command_entities, utf16_len
from .errors import ApiError
from .fake import FakeBotApi
from .html import HtmlParseError, parse_html
from .limits import Faults, Limits, Stats
from .server import Call
from .state import FakeChat, FakeFile, FakeMessage, FakeUser

__all__ = [
    "ApiError",
    "Call",
    "FakeBotApi",
    "FakeChat",
    "FakeFile",
    "FakeMessage",
    "FakeUser",
    "Faults",
    "HtmlParseError",
    "Limits",
    "Stats",
    "command_entities",
    "parse_html",
    "utf16_len",
]
