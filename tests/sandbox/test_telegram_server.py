"""Tests of the fake Telegram Bot API server, driven by the real python-telegram-bot client."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import pytest_asyncio
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)
from telegram.error import (
    BadRequest,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)
from telegram.request import HTTPXRequest

from bot.sandbox.telegram import FakeBotApi, Faults, Limits, parse_html

AnyApp = Application[Any, Any, Any, Any, Any, Any]
pytestmark = [
    pytest.mark.asyncio,
    # PTB 22 warns on every RetryAfter.retry_after access (future timedelta type).
    pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning"),
]

KEYBOARD = InlineKeyboardMarkup(
    [
        [
            InlineKeyboardButton("Mirato", callback_data="approve:1"),
            InlineKeyboardButton("Refuzo", callback_data="reject:1"),
        ]
    ]
)


def make_bot(server: FakeBotApi, token: str | None = None, **request: Any) -> Bot:
    """A real PTB Bot pointed at the fake server."""
    return Bot(
        token or server.token,
        base_url=f"{server.base_url}/bot",
        base_file_url=f"{server.base_url}/file/bot",
        request=HTTPXRequest(connection_pool_size=64, **request),
    )


@pytest_asyncio.fixture
async def server() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi(token="123456:TEST", bot_username="ura_test_bot") as fake:
        yield fake


@pytest_asyncio.fixture
async def bot(server: FakeBotApi) -> AsyncIterator[Bot]:
    client = make_bot(server)
    await client.initialize()
    yield client
    await client.shutdown()


@contextlib.asynccontextmanager
async def running_app(server: FakeBotApi, *handlers: Any) -> AsyncIterator[AnyApp]:
    app = (
        ApplicationBuilder()
        .token(server.token)
        .base_url(f"{server.base_url}/bot")
        .base_file_url(f"{server.base_url}/file/bot")
        .build()
    )
    for handler in handlers:
        app.add_handler(handler)
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0.0, timeout=1)
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()


# ---- protocol ------------------------------------------------------------------------------
async def test_get_me_token_and_unknown_method(server: FakeBotApi, bot: Bot) -> None:
    assert bot.bot.username == "ura_test_bot"
    assert bot.bot.is_bot
    assert bot.bot.id == 123456
    wrong = make_bot(server, token="123456:WRONG")
    with pytest.raises(InvalidToken):
        await wrong.get_me()
    await wrong.shutdown()
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("noSuchMethod")
    async with httpx.AsyncClient() as http:
        bad = await http.post(f"{server.base_url}/bot123456:WRONG/getMe")
        missing = await http.post(f"{server.base_url}/bot{server.token}/noSuchMethod")
        upper = await http.get(f"{server.base_url}/bot{server.token}/GETME")
    assert bad.status_code == 401
    assert bad.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
    assert missing.status_code == 404
    assert missing.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
    assert upper.json()["result"]["username"] == "ura_test_bot"


async def test_params_keep_strings_and_accept_json(server: FakeBotApi, bot: Bot) -> None:
    alba = server.add_user(first_name="Alba", last_name="Hoxha")
    sent = await bot.send_message(alba.id, "123")
    assert sent.text == "123"
    assert sent.from_user is not None
    assert sent.from_user.id == bot.bot.id
    await bot.send_message(alba.id, "true", disable_notification=True)
    async with httpx.AsyncClient() as http:
        url = f"{server.base_url}/bot{server.token}/SendMessage"
        answer = await http.post(url, json={"chat_id": alba.id, "text": "nga json"})
    assert answer.json()["result"]["text"] == "nga json"
    texts = [m.text for m in server.bot_messages(alba)]
    assert texts == ["123", "true", "nga json"]
    assert [m.message_id for m in server.transcript(alba)] == [1, 2, 3]
    method, params, _ = server.calls[-2]
    assert method == "sendMessage"
    assert params["disable_notification"] is True
    assert server.stats.requests["sendMessage"] == 3


# ---- a real Application --------------------------------------------------------------------
async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    assert update.effective_user is not None
    args = " ".join(context.args or [])
    name = update.effective_user.first_name
    await update.effective_message.reply_text(
        f"Mirë se erdhe, {name}! args={args}", reply_markup=KEYBOARD, do_quote=True
    )


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer(f"ok {query.data}", show_alert=query.data == "forged:1")
    if query.data == "approve:1":
        await query.edit_message_text("Miratuar ✅")


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None
    await message.reply_text(f"echo: {message.text}")


async def on_media(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None
    if message.document:
        data = await (await message.document.get_file()).download_as_bytearray()
        await message.reply_document(bytes(data).upper(), filename="back.txt", caption="kthim")
    elif message.photo:
        await message.reply_text(f"photo sizes: {len(message.photo)}")
    elif message.location:
        await message.reply_text(f"lat {message.location.latitude}")


async def test_application_echo_buttons_and_media(server: FakeBotApi) -> None:
    alba = server.add_user(first_name="Alba", language_code="sq")
    besa = server.add_user(first_name="Besa")
    group = server.add_group("Komiteti Durrës", members=[alba, besa])
    handlers = [
        CommandHandler("start", on_start),
        CallbackQueryHandler(on_button),
        MessageHandler(filters.TEXT & ~filters.COMMAND, on_text),
        MessageHandler(filters.Document.ALL | filters.PHOTO | filters.LOCATION, on_media),
    ]
    async with running_app(server, *handlers):
        await server.send_text(alba, "/start abc")
        welcome = await server.wait_for_message(alba, contains="Mirë se erdhe, Alba")
        assert "args=abc" in welcome.text
        assert welcome.buttons == [["Mirato", "Refuzo"]]
        assert welcome.reply_to_message_id == 1

        query_id = await server.press_button(alba, "Mirato")
        answer = await server.wait_for_callback_answer(query_id)
        assert answer["text"] == "ok approve:1"
        assert answer["show_alert"] is False
        await server.wait_for_edit(welcome, contains="Miratuar")
        assert welcome.history[0].startswith("Mirë se erdhe")
        assert welcome.buttons == []

        forged = await server.press_callback(alba, welcome, data="forged:1")
        assert (await server.wait_for_callback_answer(forged))["show_alert"] is True

        await server.send_text(alba, "tungjatjeta")
        await server.wait_for_message(alba, contains="echo: tungjatjeta")
        await server.send_text(besa, "në grup", chat=group)
        await server.wait_for_message(group, contains="echo: në grup")

        await server.send_document(alba, filename="x.txt", content=b"abc", mime_type="text/plain")
        back = await server.wait_for_message(alba, contains="kthim")
        assert back.document is not None
        assert back.document.content == b"ABC"
        await server.send_photo(alba, content=b"\xff\xd8jpeg")
        await server.wait_for_message(alba, contains="photo sizes: 2")
        await server.send_location(alba, latitude=41.3, longitude=19.8)
        await server.wait_for_message(alba, contains="lat 41.3")
        await server.wait_idle(quiet=0.2, timeout=5)

    with pytest.raises(AssertionError, match="no inline button 'Nope'"):
        await server.press_button(alba, "Nope")
    with pytest.raises(AssertionError, match="tungjatjeta"):
        await server.wait_for_message(alba, contains="never", timeout=0.1)
    assert server.callback_answer(query_id) is not None
    assert server.stats.requests["getUpdates"] >= 1


async def test_commands_entities_and_long_polling(server: FakeBotApi, bot: Bot) -> None:
    alba = server.add_user(first_name="Alba", started=False)
    message = await server.send_text(alba, "hi /help@ura_test_bot now")
    assert alba.started
    assert message.entities == [{"type": "bot_command", "offset": 3, "length": 18}]
    first = await bot.get_updates(timeout=1)
    assert len(first) == 1
    assert first[0].message is not None
    assert first[0].message.entities[0].type == "bot_command"
    started = time.monotonic()
    waiter = asyncio.create_task(bot.get_updates(offset=first[0].update_id + 1, timeout=2))
    await asyncio.sleep(0.2)
    await server.send_text(alba, "later")
    second = await waiter
    assert time.monotonic() - started < 1.5
    assert [u.message.text for u in second if u.message] == ["later"]
    assert await bot.get_updates(offset=second[0].update_id + 1, timeout=0) == ()
    other_instance = make_bot(server)
    older = asyncio.create_task(bot.get_updates(timeout=2))
    await asyncio.sleep(0.1)
    assert await other_instance.get_updates(timeout=0) == ()
    with pytest.raises(Conflict, match="terminated by other getUpdates request"):
        await older
    await other_instance.shutdown()
    await bot.set_webhook("https://example.invalid/hook")
    assert (await bot.get_webhook_info()).url == "https://example.invalid/hook"
    with pytest.raises(Conflict, match="webhook is active"):
        await bot.get_updates(timeout=0)
    assert await bot.delete_webhook()


# ---- errors ----------------------------------------------------------------------------------
async def test_delivery_errors(server: FakeBotApi, bot: Bot) -> None:
    alba = server.add_user(first_name="Alba")
    shy = server.add_user(first_name="Shy", started=False)
    group = server.add_group("Komiteti", members=[alba])
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(999, "x")
    with pytest.raises(Forbidden, match="bot can't initiate conversation with a user"):
        await bot.send_message(shy.id, "x")
    server.block(alba)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(alba.id, "x")
    server.unblock(alba)
    await bot.send_message(alba.id, "x")
    server.kick_bot(group)
    with pytest.raises(Forbidden, match="bot was kicked from the supergroup chat"):
        await bot.send_message(group.id, "x")
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(alba.id, "   ")
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(alba.id, "a" * 4097)
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(alba.id, "😀" * 2049)
    with pytest.raises(BadRequest, match="Message caption is too long"):
        await bot.send_document(alba.id, b"x", filename="a.txt", caption="c" * 1025)
    for data in ("d" * 65, "ë" * 33, ""):
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("A", callback_data=data)]])
        with pytest.raises(BadRequest, match="Button_data_invalid"):
            await bot.send_message(alba.id, "x", reply_markup=markup)
    ok = InlineKeyboardMarkup([[InlineKeyboardButton("A", callback_data="d" * 64)]])
    await bot.send_message(alba.id, "x", reply_markup=ok)


async def test_edit_and_callback_errors(server: FakeBotApi, bot: Bot) -> None:
    alba = server.add_user(first_name="Alba")
    sent = await bot.send_message(alba.id, "<b>v1</b>", parse_mode="HTML", reply_markup=KEYBOARD)
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("v2", chat_id=alba.id, message_id=999)
    with pytest.raises(BadRequest, match="Message is not modified: specified new message"):
        await bot.edit_message_text(
            "<b>v1</b>",
            chat_id=alba.id,
            message_id=sent.message_id,
            parse_mode="HTML",
            reply_markup=KEYBOARD,
        )
    await bot.edit_message_text(
        "v2", chat_id=alba.id, message_id=sent.message_id, reply_markup=KEYBOARD
    )
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_reply_markup(alba.id, sent.message_id, reply_markup=KEYBOARD)
    await bot.edit_message_reply_markup(alba.id, sent.message_id, reply_markup=None)
    stored = server.bot_messages(alba)[0]
    assert (stored.text, stored.history, stored.edits, stored.buttons) == ("v2", ["v1"], 2, [])
    assert server.transcript(alba)[0].text == "v2"
    await bot.delete_message(alba.id, sent.message_id)
    assert server.transcript(alba) == []
    assert stored.deleted
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(alba.id, sent.message_id)

    shown = await bot.send_message(alba.id, "zgjidh", reply_markup=KEYBOARD)
    query_id = await server.press_callback(alba, server.bot_messages(alba)[-1], "approve:1")
    assert shown.message_id == server.bot_messages(alba)[-1].message_id
    with pytest.raises(AssertionError, match=r"\[\['Mirato', 'Refuzo'\]\]"):
        await server.press_button(alba, "Nope")
    assert await bot.answer_callback_query(query_id, text="u krye")
    assert server.callback_answer(query_id) == {
        "text": "u krye",
        "show_alert": False,
        "url": None,
        "cache_time": None,
    }
    with pytest.raises(BadRequest, match="Query is too old and response timeout expired"):
        await bot.answer_callback_query(query_id)
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query("12345")


async def test_scripted_and_transport_failures(server: FakeBotApi, bot: Bot) -> None:
    alba = server.add_user(first_name="Alba")
    server.fail_next(alba, 429, retry_after=7)
    with pytest.raises(RetryAfter) as flood:
        await bot.send_message(alba.id, "x")
    assert flood.value.retry_after == 7
    server.fail_next(alba, 502, times=2)
    for _ in range(2):
        with pytest.raises(NetworkError, match="Bad Gateway"):
            await bot.send_message(alba.id, "x")
    server.fail_next(alba.id, 500)
    with pytest.raises(NetworkError, match="Internal Server Error"):
        await bot.send_message(alba.id, "x")
    server.fail_next(alba, 403, "Forbidden: user is deactivated")
    with pytest.raises(Forbidden, match="user is deactivated"):
        await bot.send_message(alba.id, "x")
    await bot.send_message(alba.id, "x")
    assert server.stats.delivered == 1

    server.faults = Faults(rate_drop=1.0, drop_delay=1.0)
    impatient = make_bot(server, read_timeout=0.2)
    with pytest.raises(TimedOut):
        await impatient.send_message(alba.id, "x")
    await impatient.shutdown()
    assert server.stats.dropped == 1
    assert server.stats.delivered == 1

    server.faults = None
    server.latency = 0.2
    started = time.monotonic()
    await bot.get_me()
    assert time.monotonic() - started >= 0.2


# ---- HTML ----------------------------------------------------------------------------------------
async def test_html_parse_mode(server: FakeBotApi, bot: Bot) -> None:
    alba = server.add_user(first_name="Alba")
    html = '<b>Ura <i>e</i></b> <a href="https://ura.al/?a=1&amp;b=2">lidhje</a> <code>x</code>'
    sent = await bot.send_message(alba.id, html, parse_mode="HTML")
    assert sent.text == "Ura e lidhje x"
    kinds = [(e.type, e.offset, e.length) for e in sent.entities]
    assert kinds == [("bold", 0, 5), ("italic", 4, 1), ("text_link", 6, 6), ("code", 13, 1)]
    assert sent.entities[2].url == "https://ura.al/?a=1&b=2"
    stored = server.bot_messages(alba)[-1]
    assert stored.html == html
    assert stored.text == "Ura e lidhje x"

    assert (await bot.send_message(alba.id, "Tom & Jerry", parse_mode="HTML")).text == "Tom & Jerry"
    literal = await bot.send_message(alba.id, "&amp;lt;b&amp;gt;", parse_mode="HTML")
    assert literal.text == "&lt;b&gt;"
    amps = await bot.send_message(alba.id, "&amp;" * 4096, parse_mode="HTML")
    assert amps.text == "&" * 4096
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(alba.id, "&amp;" * 4097, parse_mode="HTML")

    failures = {
        "<b>pa mbyllje": 'find end tag corresponding to start tag "b"',
        "ë <foo>x</foo>": 'unsupported start tag "foo" at byte offset 3',
        "x</b>": "unexpected end tag at byte offset 1",
        "<b>x</i>": 'expected "</b>", found "</i>"',
        "a &nbsp; b": 'unsupported html entity "&nbsp;"',
        "a < b": "unsupported start tag",
        '<span class="x">s</span>': 'tag "span" must have class "tg-spoiler"',
    }
    for text, reason in failures.items():
        with pytest.raises(BadRequest) as err:
            await bot.send_message(alba.id, text, parse_mode="HTML")
        assert err.value.message.startswith("Can't parse entities: ")
        assert reason in err.value.message.lower(), (text, err.value.message)


async def test_parse_html_unit() -> None:
    text, entities = parse_html(
        '<pre><code class="language-python">x = 1</code></pre><tg-spoiler>s</tg-spoiler>'
        "<blockquote expandable>q</blockquote>😀<u>u</u>&#x41;&#66;"
    )
    assert text == "x = 1sq😀uAB"
    assert entities == [
        {"type": "pre", "offset": 0, "length": 5, "language": "python"},
        {"type": "spoiler", "offset": 5, "length": 1},
        {"type": "expandable_blockquote", "offset": 6, "length": 1},
        {"type": "underline", "offset": 9, "length": 1},
    ]


# ---- flood limits and fault injection ------------------------------------------------------
async def test_global_and_private_limits(server: FakeBotApi, bot: Bot) -> None:
    users = [server.add_user(first_name=f"U{i}") for i in range(45)]
    server.limits = Limits()
    results = await asyncio.gather(
        *(bot.send_message(u.id, "burst") for u in users[:40]), return_exceptions=True
    )
    floods = [r for r in results if isinstance(r, RetryAfter)]
    assert floods
    assert len(floods) < 40
    assert server.stats.limit_429 == len(floods)
    assert all(r.retry_after == 1 for r in floods)
    assert server.stats.delivered == 40 - len(floods)

    server.limits = Limits()  # fresh buckets
    started = time.monotonic()
    for i, user in enumerate(users):
        await asyncio.sleep(max(0.0, started + i / 30 - time.monotonic()))
        await bot.send_message(user.id, "paced")
    assert server.stats.limit_429 == len(floods)

    server.limits = Limits()
    for _ in range(4):
        await bot.send_message(users[0].id, "private")
    with pytest.raises(RetryAfter) as flood:
        await bot.send_message(users[0].id, "private")
    assert flood.value.retry_after == 1
    await bot.send_message(users[1].id, "other chat unaffected")
    times = [m.received_at for m in server.bot_messages(users[0])]
    assert times == sorted(times)


async def test_group_per_minute_limit(server: FakeBotApi, bot: Bot) -> None:
    group = server.add_group("Komiteti Durrës", supergroup=False)
    assert group.id < 0
    server.limits = Limits()
    for i in range(20):
        await bot.send_message(group.id, f"njoftim {i}")
    with pytest.raises(RetryAfter) as flood:
        await bot.send_message(group.id, "one too many")
    assert flood.value.retry_after == 3
    assert len(server.bot_messages(group)) == 20


async def run_seeded(seed: int) -> tuple[list[str], FakeBotApi]:
    outcomes: list[str] = []
    async with FakeBotApi(faults=Faults(rate_429=0.2, rate_5xx=0.2, seed=seed)) as fake:
        client = make_bot(fake)
        users = [fake.add_user(first_name=f"U{i}") for i in range(40)]
        for user in users:
            try:
                await client.send_message(user.id, "x")
                outcomes.append("ok")
            except RetryAfter as exc:
                outcomes.append(f"429:{exc.retry_after}")
            except NetworkError:
                outcomes.append("5xx")
        await client.shutdown()
    return outcomes, fake


async def test_seeded_fault_injection() -> None:
    first, fake = await run_seeded(11)
    second, _ = await run_seeded(11)
    assert first == second
    assert {o for o in first if o.startswith("429")} <= {"429:1", "429:2", "429:3"}
    first = [o.split(":")[0] for o in first]
    assert {"ok", "429", "5xx"} <= set(first)
    assert fake.stats.injected_429 == first.count("429")
    assert fake.stats.injected_5xx == first.count("5xx")
    assert fake.stats.delivered == first.count("ok")
    assert fake.stats.limit_429 == 0


async def test_injected_429_scoped_to_chat(server: FakeBotApi, bot: Bot) -> None:
    alba, besa = server.add_user(first_name="Alba"), server.add_user(first_name="Besa")
    server.faults = Faults(rate_429=1.0, seed=3)
    with pytest.raises(RetryAfter):
        await bot.send_message(alba.id, "x")
    server.faults = None
    with pytest.raises(RetryAfter):
        await bot.send_message(alba.id, "still waiting")
    await bot.send_message(besa.id, "unaffected")
    assert (server.stats.injected_429, server.stats.limit_429) == (1, 1)


# ---- commands, files, copies -------------------------------------------------------------------
async def test_commands_per_scope_and_language(server: FakeBotApi, bot: Bot) -> None:
    await bot.set_my_commands([BotCommand("start", "Fillo")], language_code="sq")
    await bot.set_my_commands([BotCommand("start", "Start")], language_code="en")
    private = BotCommandScopeAllPrivateChats()
    await bot.set_my_commands([BotCommand("help", "Ndihmë")], scope=private)
    await bot.set_my_commands([BotCommand("admin", "Admin")], scope=BotCommandScopeChat(42))
    assert server.commands(language_code="sq") == [{"command": "start", "description": "Fillo"}]
    assert server.commands(language_code="en")[0]["description"] == "Start"
    assert server.commands("all_private_chats")[0]["command"] == "help"
    assert server.commands("chat", chat_id=42)[0]["command"] == "admin"
    assert server.commands() == []
    assert (await bot.get_my_commands(language_code="sq"))[0].description == "Fillo"
    await bot.delete_my_commands(language_code="sq")
    assert server.commands(language_code="sq") == []
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Bad-Name", "x")])
    assert await bot.set_chat_menu_button()


async def test_files_copy_forward(server: FakeBotApi, bot: Bot) -> None:
    alba, besa = server.add_user(first_name="Alba"), server.add_user(first_name="Besa")
    sent = await bot.send_document(
        alba.id,
        b"%PDF-1.4 raport",
        filename="raport.pdf",
        caption="<i>Raporti</i>",
        parse_mode="HTML",
    )
    assert sent.document is not None
    assert sent.caption == "Raporti"
    assert sent.document.file_name == "raport.pdf"
    assert sent.document.file_size == 15
    assert sent.document.mime_type == "application/pdf"
    downloaded = await (await bot.get_file(sent.document.file_id)).download_as_bytearray()
    assert bytes(downloaded) == b"%PDF-1.4 raport"
    again = await bot.send_document(besa.id, sent.document.file_id)
    assert again.document is not None
    assert again.document.file_id == sent.document.file_id
    with pytest.raises(BadRequest, match="Invalid file_id"):
        await bot.get_file("nope")

    incoming = await server.send_document(alba, filename="foto.png", content=b"png", caption="c")
    assert incoming.document is not None
    path = (await bot.get_file(incoming.document.file_id)).file_path
    assert path is not None
    async with httpx.AsyncClient() as http:
        assert (await http.get(path)).content == b"png"

    copied = await bot.copy_message(besa.id, alba.id, sent.message_id)
    copy = server.bot_messages(besa)[-1]
    assert copy.message_id == copied.message_id
    assert copy.document is sent_document(server, alba)
    forwarded = await bot.forward_message(besa.id, alba.id, incoming.message_id)
    assert forwarded.forward_origin is not None
    assert forwarded.caption == "c"
    location = await bot.send_location(besa.id, latitude=41.3, longitude=19.8)
    assert location.location is not None
    assert location.location.longitude == 19.8
    with pytest.raises(BadRequest, match="Message to copy not found"):
        await bot.copy_message(besa.id, alba.id, 999)
    chat = await bot.get_chat(alba.id)
    assert chat.first_name == "Alba"
    assert chat.type == "private"


def sent_document(server: FakeBotApi, user: Any) -> Any:
    return server.bot_messages(user)[0].document
